//! `lookout grade` on the challenge fixtures: what each repository must score in each
//! rubric (fixtures/challenge/EXPECTED.md), run.py's recorded output reproduced byte for
//! byte, the faults of `partial` each reported, broken repositories scored 0 with a reason,
//! and no repository, however mangled, crashing the grader.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::Value;

use crate::support::{run, run_in};

const REPOS: [&str; 5] = ["complete", "reformatted", "partial", "empty", "gamed"];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/challenge")
}

fn repo(name: &str) -> String {
    dir().join(name).display().to_string()
}

/// The JSON report of one repository.
fn report(name: &str, rubric: &str) -> Value {
    run(&["grade", "--rubric", rubric, "-o", "json", &repo(name)]).json()
}

fn section_points(r: &Value) -> Vec<(String, u64)> {
    r["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap_or("").to_string(),
                s["points"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn failed(r: &Value) -> Vec<&Value> {
    r["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .flat_map(|s| s["checks"].as_array().expect("checks"))
        .filter(|c| c["passed"] == false)
        .collect()
}

#[test]
fn complete_and_reformatted_score_100_in_every_parsing_rubric() {
    for name in ["complete", "reformatted"] {
        for rubric in ["readme", "runpy"] {
            let out = run(&["grade", "--rubric", rubric, "-o", "json", &repo(name)]).expect_code(0);
            let r = out.json();
            assert_eq!(r["score"], 100, "{name} {rubric}: {:#}", r);
            assert_eq!(r["passed"], true);
        }
    }
    let human = run(&["grade", &repo("complete")]).expect_code(0).stdout;
    assert!(
        human.contains("  🎯 Total Score: 100/100\n  🎉 CHALLENGE COMPLETE!\n"),
        "{human}"
    );
}

/// run.py's own substring rules reproduce its recorded output exactly (expected.json's
/// scores, golden/runpy-*.txt's text).
#[test]
fn runpy_substring_matches_the_recorded_runpy_output() {
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(dir().join("expected.json")).expect("expected.json"),
    )
    .expect("json");
    for name in REPOS {
        let golden = std::fs::read_to_string(dir().join(format!("golden/runpy-{name}.txt")))
            .expect("golden");
        let out = run(&["grade", "--rubric", "runpy-substring", &repo(name)]);
        assert_eq!(out.stdout, golden, "{name}");
        let r = report(name, "runpy-substring");
        for (id, points) in section_points(&r) {
            assert_eq!(expected["runpy"][name][&id], points, "{name} {id}");
        }
        assert_eq!(expected["runpy"][name]["total"], r["score"], "{name}");
    }
}

#[test]
fn the_parsing_runpy_rubric_keeps_runpys_format() {
    let golden = std::fs::read_to_string(dir().join("golden/runpy-complete.txt")).expect("golden");
    let out = run(&["grade", "--rubric", "runpy", &repo("complete")]).stdout;
    // The same report, then the README's footer.
    let body = golden
        .strip_suffix('\n')
        .expect("golden ends with a blank line");
    assert!(out.starts_with(body), "{out}");
    assert!(out.ends_with("🎉 CHALLENGE COMPLETE!\n============================================================\n\n"), "{out}");
}

#[test]
fn empty_scores_nothing_for_what_the_student_had_to_do() {
    let r = report("empty", "readme");
    assert_eq!(r["score"], 0, "{r:#}");
    assert!(failed(&r)
        .iter()
        .all(|c| !c["detail"].as_str().unwrap_or("").is_empty()));
    // Under run.py's rubric only what the starter ships counts: the working
    // alertmanager.yml and a dashboard file that is valid JSON.
    let r = report("empty", "runpy");
    let points = section_points(&r);
    assert_eq!(
        points,
        [
            ("prometheus_config".to_string(), 0),
            ("alertmanager".into(), 20),
            ("grafana_datasource".into(), 0),
            ("grafana_dashboard".into(), 5),
            ("alert_rules".into(), 0)
        ]
    );
    // Comments are recognised as such, with their line.
    let text = run(&["grade", &repo("empty")]).expect_code(1).stdout;
    assert!(text.contains("✗ Job: app - Missing or commented (commented out at line 24)\n          at prometheus/prometheus.yml:24:3\n"), "{text}");
    assert!(
        text.contains("REPLACE_WITH_CPU_QUERY is a placeholder, not a metric"),
        "{text}"
    );
}

#[test]
fn gamed_scores_near_zero_with_reasons() {
    let r = report("gamed", "readme");
    assert!(r["score"].as_u64().expect("score") <= 5, "{r:#}");
    let readme = r;
    let r = report("gamed", "runpy");
    assert!(r["score"].as_u64().expect("score") <= 15, "{r:#}");
    let details: Vec<&str> = failed(&r)
        .into_iter()
        .chain(failed(&readme))
        .filter_map(|c| c["detail"].as_str())
        .collect();
    for needle in [
        "Wrong value: 2m (15s wanted)",
        "yaml: line 4",
        "found loki",
        "1:29: parse error: unclosed left parenthesis",
        "requests_per_second_please is not scraped: prometheus.yml has no scrape jobs",
        "the name only appears inside a string value",
    ] {
        assert!(
            details.iter().any(|d| d.contains(needle)),
            "{needle} in {details:#?}"
        );
    }
}

/// Every fault EXPECTED.md records for `partial` is a failed check, and nothing else is.
#[test]
fn partial_lists_each_recorded_fault() {
    let r = report("partial", "readme");
    let faults: Vec<(String, String)> = failed(&r)
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap_or("").to_string(),
                c["detail"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let ids: BTreeSet<&str> = faults.iter().map(|(i, _)| i.as_str()).collect();
    let expected: BTreeSet<&str> = [
        "scrape_interval",
        "job_node",
        "url",
        "default",
        "error_rate",
        "latency",
        "cpu",
        "memory",
        "queries",
        "routing",
        "HighLatency",
        "HighCPUUsage",
        "counter",
        "histogram",
        "gauge",
    ]
    .into();
    assert_eq!(ids, expected, "{faults:#?}");
    let detail = |id: &str| {
        faults
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, d)| d.as_str())
            .unwrap_or("")
    };
    assert!(detail("scrape_interval").contains("30s"));
    assert!(detail("url").contains("localhost inside the grafana container"));
    assert!(detail("routing").contains("no route sends them to a receiver of their own"));
    assert!(detail("routing").contains("no inhibit_rules"));
    assert!(detail("error_rate").contains("parse error: unclosed left parenthesis"));
    assert!(detail("latency").contains("http_request_duration_seconds_bucket is not exported"));
    assert!(detail("counter").contains("endpoint missing"));
    assert!(detail("HighLatency").contains("Commented out at line 21"));
    assert_eq!(r["score"], 37);
    assert_eq!(r["passed"], false);
}

#[test]
fn reports_snapshot() {
    insta::assert_snapshot!(
        "grade_partial_readme",
        run(&["grade", &repo("partial")]).transcript()
    );
    insta::assert_snapshot!(
        "grade_gamed_runpy",
        run(&["grade", "--rubric", "runpy", &repo("gamed")]).transcript()
    );
}

#[test]
fn a_class_in_parallel_table_and_gradebook() {
    let repos: Vec<String> = REPOS.iter().map(|r| repo(r)).collect();
    let mut args = vec!["grade", "-o", "csv", "-j", "3"];
    args.extend(repos.iter().map(String::as_str));
    let csv = run_in(Some(&dir()), &args, None).expect_code(1).stdout;
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "repo,prometheus_config,grafana_datasource,grafana_dashboard,alerting,app_instrumentation,score,max,passed");
    assert_eq!(rows.len(), 6);
    assert!(
        rows[1].ends_with("complete,20,15,25,20,20,100,100,true"),
        "{csv}"
    );
    assert!(rows[4].ends_with(",0,0,0,0,0,0,100,false"), "{csv}");
    let names: Vec<&str> = REPOS.iter().map(|r| &r[..]).collect();
    let mut args = vec!["grade"];
    args.extend(names.iter().copied());
    let table = run_in(Some(&dir()), &args, None).expect_code(1).stdout;
    insta::assert_snapshot!("grade_class_table", table);
}

/// A copy of `complete` to break.
fn scratch() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_dir(&dir().join("complete"), tmp.path());
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

fn section<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .find(|s| s["id"] == id)
        .expect(id)
}

#[test]
fn broken_files_score_their_section_zero_with_a_reason() {
    let tmp = scratch();
    let root = tmp.path();
    std::fs::remove_file(root.join("prometheus/prometheus.yml")).expect("rm");
    std::fs::write(
        root.join("grafana/dashboards/app-dashboard.json"),
        "[{\"title\": \"x\"}]",
    )
    .expect("write");
    std::fs::write(
        root.join("alertmanager/alertmanager.yml"),
        b"\x00\xff\xfe binary junk \x89PNG",
    )
    .expect("write");
    std::fs::remove_file(root.join("app/app.py")).expect("rm");
    std::fs::create_dir(root.join("app/app.py")).expect("mkdir");
    let dir = root.display().to_string();
    for rubric in ["readme", "runpy", "runpy-substring"] {
        let out = run(&["grade", "--rubric", rubric, "-o", "json", &dir]).expect_code(1);
        let r = out.json();
        let checks = |id: &str| {
            section(&r, id)["checks"]
                .as_array()
                .expect("checks")
                .clone()
        };
        assert_eq!(section(&r, "prometheus_config")["points"], 0, "{rubric}");
        let p = checks("prometheus_config");
        assert_eq!(
            (p.len(), p[0]["name"].as_str(), p[0]["detail"].as_str()),
            (1, Some("prometheus.yml exists"), Some("File not found"))
        );
        assert_eq!(section(&r, "grafana_dashboard")["points"], 0, "{rubric}");
        let d = checks("grafana_dashboard");
        assert!(
            d[0]["detail"]
                .as_str()
                .unwrap_or("")
                .starts_with("Not a dashboard"),
            "{rubric}: {d:#?}"
        );
        if rubric != "readme" {
            assert_eq!(section(&r, "alertmanager")["points"], 0);
            assert!(checks("alertmanager")[0]["detail"]
                .as_str()
                .unwrap_or("")
                .contains("invalid UTF-8 at byte 1"));
        } else {
            let app = checks("app_instrumentation");
            assert_eq!(app[0]["detail"], "is a directory, not a file");
            assert_eq!(section(&r, "app_instrumentation")["points"], 0);
        }
    }
    // The rest still grades: the datasource is untouched.
    let r = run(&["grade", "-o", "json", &dir]).json();
    assert_eq!(section(&r, "grafana_datasource")["points"], 15);
}

#[test]
fn a_missing_compose_file_falls_back_to_the_challenge_services_with_a_note() {
    let tmp = scratch();
    std::fs::remove_file(tmp.path().join("docker-compose.yml")).expect("rm");
    let r = run(&["grade", "-o", "json", &tmp.path().display().to_string()])
        .expect_code(0)
        .json();
    assert_eq!(r["score"], 100);
    assert!(
        r["notes"][0]
            .as_str()
            .unwrap_or("")
            .contains("assuming the challenge's services"),
        "{r:#}"
    );
}

#[test]
fn wrong_hosts_and_ports_are_explained() {
    let tmp = scratch();
    let prom = tmp.path().join("prometheus/prometheus.yml");
    let text = std::fs::read_to_string(&prom)
        .expect("read")
        .replace("app:5000", "localhost:5000")
        .replace("node-exporter:9100", "node-exporter:9000");
    std::fs::write(&prom, text).expect("write");
    let r = run(&["grade", "-o", "json", &tmp.path().display().to_string()]).json();
    let details: Vec<String> = failed(&r)
        .iter()
        .map(|c| {
            format!(
                "{}: {}",
                c["id"].as_str().unwrap_or(""),
                c["detail"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(details.contains(&"job_app: localhost:5000: localhost inside the prometheus container is prometheus itself; use app:5000".to_string()), "{details:#?}");
    assert!(
        details.contains(
            &"job_node: node-exporter:9000: the node-exporter service listens on 9100, not 9000"
                .to_string()
        ),
        "{details:#?}"
    );
    // The panels read the app's metrics through job="app", which now scrapes Prometheus.
    assert!(
        details.iter().any(|d| d.starts_with("request_rate:")
            && d.contains("http_requests_total is not exported by job \"app\" (localhost:5000, where nothing listens)")),
        "{details:#?}"
    );
}

#[test]
fn usage_errors_exit_2() {
    run(&["grade", "/nonexistent/repo"]).expect_code(2);
    run(&["grade", "--rubric", "nope", "."]).expect_code(2);
}

/// With Flask and prometheus_client installed, the app runs and its page is scraped.
#[test]
fn run_app_scrapes_the_real_metrics_page() {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import flask, prometheus_client"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        println!("skipping --run-app: python3 with flask and prometheus_client not found (pip install flask prometheus-client)");
        let r = run(&["grade", "--run-app", "-o", "json", &repo("complete")]).json();
        assert!(
            r["notes"][0].as_str().unwrap_or("").contains("--run-app"),
            "{r:#}"
        );
        return;
    }
    let r = run(&["grade", "--run-app", "-o", "json", &repo("complete")])
        .expect_code(0)
        .json();
    assert_eq!(r["score"], 100, "{r:#}");
    assert!(section(&r, "app_instrumentation")["checks"][0]["detail"]
        .as_str()
        .unwrap_or("")
        .contains("(scraped)"));
    let r = run(&["grade", "--run-app", "-o", "json", &repo("partial")]).json();
    let app = section(&r, "app_instrumentation");
    assert_eq!(app["points"], 5, "{app:#}");
    assert!(
        app["checks"][0]["detail"]
            .as_str()
            .unwrap_or("")
            .contains("has labels method, status; wanted method, status, endpoint"),
        "{app:#}"
    );
    let r = run(&["grade", "--run-app", "-o", "json", &repo("empty")]).json();
    assert_eq!(
        section(&r, "app_instrumentation")["checks"][3]["detail"],
        "GET /metrics answered 404"
    );
}

/// Files of `complete`, for mangling.
fn seeds() -> &'static [String] {
    static SEEDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        FILES
            .iter()
            .map(|f| std::fs::read_to_string(dir().join("complete").join(f)).unwrap_or_default())
            .collect()
    })
}

const FILES: [&str; 8] = [
    "prometheus/prometheus.yml",
    "prometheus/rules/alerts.yml",
    "alertmanager/alertmanager.yml",
    "grafana/provisioning/datasources/prometheus.yml",
    "grafana/dashboards/app-dashboard.json",
    "app/app.py",
    "docker-compose.yml",
    "grafana/provisioning/dashboards/dashboards.yml",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any file of the repository mangled: every rubric grades it, nothing panics, and the
    /// score stays within the rubric.
    #[test]
    fn mangled_repositories_never_crash_the_grader(
        which in 0usize..FILES.len(),
        text in crate::support::mangled(seeds(), prop::sample::select(vec![
            "{", "}", "[", "]", ":", "- ", "'", "\"", "#", "\n", "  ", "(", ")", "\\", "\"\"\"",
            "null", "~", "0", "1e9999", "15s", "REPLACE_WITH_X", "job_name: ", "alert: ", "\u{0}", "é",
            "@app.route(", "Counter(", "targets: [", "rule_files:", "localhost:", "*", "/", "&a", "*a",
        ])),
    ) {
        let tmp = scratch();
        std::fs::write(tmp.path().join(FILES[which]), &text).expect("write");
        for rubric in ["readme", "runpy", "runpy-substring"] {
            let r = lookout::grade::grade_dir("monitoring-stack", rubric, tmp.path(), &lookout::grade::Options::default())
                .expect("known rubric");
            prop_assert!(r.score <= r.max);
            prop_assert_eq!(r.sections.iter().map(|s| s.points).sum::<u32>(), r.score);
        }
    }
}

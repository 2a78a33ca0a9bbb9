//! `lookout grade` on the sibling challenges, logging-stack and distributed-tracing
//! (fixtures/challenge-logging, fixtures/challenge-tracing; scores in their EXPECTED.md):
//! a complete repository earns every static task, the starter nothing, gamed repositories
//! close to nothing with reasons, each planted fault of `partial` is reported at its
//! file:line, run.py's own output is reproduced byte for byte where lookout offers its
//! regex mode, and no mangled repository crashes the grader.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::Value;

use crate::support::run;

const LOGGING: &str = "logging-stack";
const TRACING: &str = "distributed-tracing";

fn dir(challenge: &str) -> PathBuf {
    let sub = if challenge == LOGGING {
        "challenge-logging"
    } else {
        "challenge-tracing"
    };
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(sub)
}

fn repo(challenge: &str, name: &str) -> String {
    dir(challenge).join(name).display().to_string()
}

fn report(challenge: &str, name: &str, rubric: &str) -> Value {
    run(&[
        "grade",
        "--challenge",
        challenge,
        "--rubric",
        rubric,
        "-o",
        "json",
        &repo(challenge, name),
    ])
    .json()
}

fn points(r: &Value) -> Vec<(String, u64)> {
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

/// Failed checks as (section/check, detail, at).
fn failed(r: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for s in r["sections"].as_array().expect("sections") {
        for c in s["checks"].as_array().expect("checks") {
            if c["passed"] == false {
                let at = &c["at"];
                out.push((
                    format!(
                        "{}/{}",
                        s["id"].as_str().unwrap_or(""),
                        c["id"].as_str().unwrap_or("")
                    ),
                    c["detail"].as_str().unwrap_or("").to_string(),
                    if at.is_null() {
                        String::new()
                    } else {
                        format!("{}:{}", at["file"].as_str().unwrap_or(""), at["line"])
                    },
                ))
            }
        }
    }
    out
}

const LIVE: &str = "needs the running stack (not checked statically)";

fn live_tasks_say_why(r: &Value, ids: [&str; 2]) {
    for id in ids {
        let s = r["sections"]
            .as_array()
            .expect("sections")
            .iter()
            .find(|s| s["id"] == id)
            .expect(id);
        assert_eq!(s["points"], 0);
        assert_eq!(s["checks"][0]["detail"], LIVE, "{id}");
    }
}

#[test]
fn logging_complete_earns_every_static_task() {
    for rubric in ["readme", "runpy"] {
        let r = report(LOGGING, "complete", rubric);
        assert_eq!(
            points(&r),
            [
                ("loki_config".to_string(), 20),
                ("promtail_config".into(), 25),
                ("grafana_datasource".into(), 15),
                ("stack_running".into(), 0),
                ("logs_flowing".into(), 0)
            ],
            "{rubric}: {r:#}"
        );
        live_tasks_say_why(&r, ["stack_running", "logs_flowing"]);
        // 60 is run.py's own score for a correct repository without Docker: under 70%.
        assert_eq!(
            (r["score"].as_u64(), r["passed"].as_bool()),
            (Some(60), Some(false))
        );
        assert!(r["notes"].is_null(), "{r:#}");
    }
    let out = run(&["grade", "--challenge", LOGGING, &repo(LOGGING, "complete")]).expect_code(1);
    let text = out.stdout;
    for line in [
        "  📊 Logging Stack Challenge - Progress Checker\n",
        "✅ Task 1: Configure Loki\n   ✓ Loads as Loki 2.9's config (4/4)",
        "✅ Task 3: Configure Grafana Data Source\n",
        "❌ Task 4: Start the Stack\n   needs the running stack (not checked statically)\n",
        "Keep going! You're making progress.\n\nScore: 60/100 points (60%)\nPassing Score: 70%\n\n💡 Hints:\n",
    ] {
        assert!(text.contains(line), "{line:?} in\n{text}");
    }
    let runpy = run(&[
        "grade",
        "--challenge",
        LOGGING,
        "--rubric",
        "runpy",
        &repo(LOGGING, "complete"),
    ])
    .stdout;
    assert!(
        runpy.contains("✅ Task 2: Configure Promtail\n   Promtail configuration looks good!\n\n"),
        "{runpy}"
    );
}

#[test]
fn logging_empty_scores_nothing() {
    for rubric in ["readme", "runpy"] {
        let r = report(LOGGING, "empty", rubric);
        assert_eq!(r["score"], 0, "{r:#}");
        let f = failed(&r);
        assert_eq!(f.len(), 5, "{f:#?}");
        for (id, detail, _) in &f[..3] {
            assert_eq!(
                detail, "Config file is empty or only has comments - uncomment and configure it!",
                "{id}"
            );
        }
    }
}

#[test]
fn logging_gamed_scores_near_zero_with_reasons() {
    let r = report(LOGGING, "gamed", "readme");
    assert_eq!(r["score"], 13, "{r:#}");
    let details: Vec<String> = failed(&r).into_iter().map(|(_, d, _)| d).collect();
    for needle in [
        "field loki_version not found in Loki 2.9's configuration",
        "no schema_config (commented out at line 2)",
        "field send_to not found in Promtail's configuration",
        "loki is not a URL",
        "a scrape job has no job_name",
        "no service \"loki-is-not-here\" in docker-compose.yml",
    ] {
        assert!(
            details.iter().any(|d| d.contains(needle)),
            "{needle} in {details:#?}"
        );
    }
    // run.py gives it 60 (every key present, 'loki' somewhere in each URL); its criteria
    // read from the parsed files still see through the URLs.
    let r = report(LOGGING, "gamed", "runpy");
    assert_eq!(r["score"], 20, "{r:#}");
}

/// Every fault planted in `partial` (EXPECTED.md) fails its check at its line, nothing
/// else fails, and the README/run.py job-label disagreement is a note, not a score.
#[test]
fn logging_partial_lists_each_planted_fault() {
    let r = report(LOGGING, "partial", "readme");
    let f = failed(&r);
    let got: BTreeSet<(&str, &str)> = f
        .iter()
        .map(|(i, _, at)| (i.as_str(), at.as_str()))
        .collect();
    let want: BTreeSet<(&str, &str)> = [
        ("loki_config/auth", "loki/loki-config.yml:2"),
        ("loki_config/schema", "loki/loki-config.yml:26"),
        ("promtail_config/sections", "promtail/promtail-config.yml:5"),
        ("promtail_config/client", "promtail/promtail-config.yml:8"),
        (
            "promtail_config/sees_logs",
            "promtail/promtail-config.yml:16",
        ),
        (
            "grafana_datasource/default",
            "grafana/provisioning/datasources/loki.yml:4",
        ),
        ("stack_running/stack", ""),
        ("logs_flowing/logs", ""),
    ]
    .into();
    assert_eq!(got, want, "{f:#?}");
    let detail = |id: &str| {
        f.iter()
            .find(|(i, _, _)| i == id)
            .map(|(_, d, _)| d.as_str())
            .unwrap_or("")
    };
    assert!(detail("loki_config/auth").contains("auth_enabled is true"));
    assert!(detail("loki_config/schema").contains("168h"));
    assert!(detail("promtail_config/client").contains("localhost inside the promtail container"));
    assert!(detail("promtail_config/sees_logs").contains("/var/log is not mounted"));
    let notes = r["notes"].to_string();
    assert!(
        notes.contains("{job=\\\"docker\\\"}") && notes.contains("job=\\\"containerlogs\\\""),
        "{notes}"
    );
    assert!(notes.contains("no storage_config"), "{notes}");
    assert_eq!(r["score"], 33);
    // run.py's criteria: only the missing storage_config section fails (40, as run.py).
    let r = report(LOGGING, "partial", "runpy");
    assert_eq!(r["score"], 40, "{r:#}");
    assert!(failed(&r)[0]
        .1
        .starts_with("Missing sections: storage_config"));
}

#[test]
fn tracing_complete_earns_every_static_task_and_passes() {
    for rubric in ["readme", "runpy", "runpy-substring"] {
        let r = report(TRACING, "complete", rubric);
        assert_eq!(
            points(&r),
            [
                ("frontend".to_string(), 25),
                ("backend".into(), 25),
                ("database".into(), 20),
                ("stack_running".into(), 0),
                ("traces".into(), 0)
            ],
            "{rubric}: {r:#}"
        );
        assert_eq!(r["passed"], true, "{rubric}");
        if rubric != "runpy-substring" {
            live_tasks_say_why(&r, ["stack_running", "traces"]);
        }
    }
    run(&["grade", "--challenge", TRACING, &repo(TRACING, "complete")]).expect_code(0);
}

/// run.py's regexes, with its output: the recorded output of the real run.py (without
/// Docker) on each fixture, byte for byte, and its exit code.
#[test]
fn tracing_runpy_substring_matches_the_recorded_output() {
    for (name, code) in [("complete", 0), ("partial", 0), ("empty", 1), ("gamed", 0)] {
        let golden = std::fs::read_to_string(dir(TRACING).join(format!("golden/runpy-{name}.txt")))
            .expect("golden");
        let out = run(&[
            "grade",
            "--challenge",
            TRACING,
            "--rubric",
            "runpy-substring",
            &repo(TRACING, name),
        ])
        .expect_code(code);
        assert_eq!(out.stdout, golden, "{name}");
    }
}

#[test]
fn tracing_empty_and_gamed_score_nothing_with_reasons() {
    for name in ["empty", "gamed"] {
        for rubric in ["readme", "runpy"] {
            let r = report(TRACING, name, rubric);
            assert_eq!(r["score"], 0, "{name} {rubric}: {r:#}");
        }
    }
    let details: Vec<String> = failed(&report(TRACING, "gamed", "readme"))
        .into_iter()
        .map(|(_, d, _)| d)
        .collect();
    // The imports sit in a string; the calls in comments.
    assert!(details
        .iter()
        .any(|d| d.starts_with("not imported: from opentelemetry import trace")));
    assert!(details.iter().any(|d| d
        .contains("FlaskInstrumentor().instrument_app(app) (commented out at line")
        && d.contains("run.py's unanchored pattern counts the comment")));
    let r = report(TRACING, "empty", "runpy");
    assert!(failed(&r)[0]
        .1
        .starts_with("OpenTelemetry imports are still commented out"));
}

#[test]
fn tracing_partial_lists_each_planted_fault() {
    let r = report(TRACING, "partial", "readme");
    let f = failed(&r);
    let got: BTreeSet<(&str, &str)> = f
        .iter()
        .map(|(i, _, at)| (i.as_str(), at.as_str()))
        .collect();
    let want: BTreeSet<(&str, &str)> = [
        ("frontend/exporter", "services/frontend/app.py:20"),
        ("frontend/instrumentation", "services/frontend/app.py:26"),
        ("backend/exporter", "services/backend/app.py:20"),
        ("backend/service_name", "services/backend/app.py:18"),
        ("database/provider", "services/database-service/app.py:17"),
        ("database/exporter", "services/database-service/app.py:1"),
        (
            "database/service_name",
            "services/database-service/app.py:1",
        ),
        ("stack_running/stack", ""),
        ("traces/traces", ""),
    ]
    .into();
    assert_eq!(got, want, "{f:#?}");
    let detail = |id: &str| {
        f.iter()
            .find(|(i, _, _)| i == id)
            .map(|(_, d, _)| d.as_str())
            .unwrap_or("")
    };
    assert!(detail("frontend/exporter").contains("localhost inside the frontend container"));
    assert!(detail("backend/exporter").contains("Jaeger takes traces at /v1/traces"));
    assert!(detail("backend/service_name").contains("\"backend-api\""));
    assert!(detail("database/provider").contains("never called"));
    // run.py passes all three services (70, a pass); lookout's runpy sees the comments.
    let r = report(TRACING, "partial", "runpy");
    assert_eq!(
        points(&r)[..3],
        [
            ("frontend".to_string(), 0),
            ("backend".into(), 25),
            ("database".into(), 0)
        ]
    );
}

#[test]
fn rubric_and_challenge_mistakes_are_usage_errors() {
    let out = run(&[
        "grade",
        "--challenge",
        LOGGING,
        "--rubric",
        "runpy-substring",
        &repo(LOGGING, "complete"),
    ])
    .expect_code(2);
    assert!(
        out.stderr.contains("parses the files with PyYAML"),
        "{}",
        out.stderr
    );
    run(&[
        "grade",
        "--challenge",
        TRACING,
        "--run-app",
        &repo(TRACING, "complete"),
    ])
    .expect_code(2);
    run(&["grade", "--challenge", "nope", "."]).expect_code(2);
    // Repositories of different challenges in one class need --challenge.
    let out = run(&[
        "grade",
        &repo(LOGGING, "complete"),
        &repo(TRACING, "complete"),
    ])
    .expect_code(2);
    assert!(
        out.stderr.contains("different challenges"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_challenge_is_told_from_the_layout() {
    let r = run(&["grade", "-o", "json", &repo(LOGGING, "complete")]).json();
    assert_eq!(r["challenge"], LOGGING);
    assert_eq!(
        r["notes"][0],
        "graded as --challenge logging-stack (found loki/ and promtail/)"
    );
    let r = run(&["grade", "-o", "json", &repo(TRACING, "partial")]).json();
    assert_eq!(r["challenge"], TRACING);
    assert_eq!(r["score"], 38, "{r:#}");
}

fn scratch(challenge: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_dir(&dir(challenge).join("complete"), tmp.path());
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

#[test]
fn broken_files_score_their_task_zero_with_a_reason() {
    let tmp = scratch(LOGGING);
    let root = tmp.path();
    std::fs::remove_file(root.join("loki/loki-config.yml")).expect("rm");
    std::fs::write(
        root.join("promtail/promtail-config.yml"),
        b"server:\n  \xff\xfe\x00junk",
    )
    .expect("write");
    std::fs::write(
        root.join("grafana/provisioning/datasources/loki.yml"),
        "- name: Loki\n- type: loki\n",
    )
    .expect("write");
    std::fs::remove_file(root.join("docker-compose.yml")).expect("rm");
    let d = root.display().to_string();
    for rubric in ["readme", "runpy"] {
        let r = run(&[
            "grade",
            "--challenge",
            LOGGING,
            "--rubric",
            rubric,
            "-o",
            "json",
            &d,
        ])
        .expect_code(1)
        .json();
        assert_eq!(r["score"], 0, "{rubric}: {r:#}");
        let f = failed(&r);
        assert_eq!(f[0].1, "File not found");
        assert!(f[1].1.contains("invalid UTF-8 at byte 10"), "{f:#?}");
        assert_eq!(f[2].1, "the file is a list, not a mapping of settings");
        assert_eq!(f[2].2, "grafana/provisioning/datasources/loki.yml:1");
        assert!(r["notes"][0]
            .as_str()
            .unwrap_or("")
            .contains("assuming the challenge's services"));
    }
    let tmp = scratch(TRACING);
    let root = tmp.path();
    std::fs::remove_file(root.join("services/frontend/app.py")).expect("rm");
    std::fs::write(
        root.join("services/backend/app.py"),
        b"\x89PNG\r\n\x1a\n\x00",
    )
    .expect("write");
    std::fs::remove_file(root.join("services/database-service/app.py")).expect("rm");
    std::fs::create_dir(root.join("services/database-service/app.py")).expect("mkdir");
    let d = root.display().to_string();
    for rubric in ["readme", "runpy", "runpy-substring"] {
        let r = run(&[
            "grade",
            "--challenge",
            TRACING,
            "--rubric",
            rubric,
            "-o",
            "json",
            &d,
        ])
        .expect_code(1)
        .json();
        assert_eq!(r["score"], 0, "{rubric}: {r:#}");
        let f = failed(&r);
        if rubric == "runpy-substring" {
            // run.py's words: a file it cannot read fails the imports check.
            assert_eq!(f[0].1, "File not found: services/frontend/app.py");
            assert_eq!(f[1].1, "OpenTelemetry imports are still commented out");
            assert_eq!(f[2].1, "OpenTelemetry imports are still commented out");
        } else {
            assert_eq!(f[0].1, "File not found");
            assert!(f[1].1.starts_with("not a text file"), "{f:#?}");
            assert_eq!(f[2].1, "is a directory, not a file");
        }
    }
}

/// Files of the complete repositories, for mangling.
fn seeds() -> &'static [String] {
    static SEEDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        FILES
            .iter()
            .map(|(c, f)| {
                std::fs::read_to_string(dir(c).join("complete").join(f)).unwrap_or_default()
            })
            .collect()
    })
}

const FILES: [(&str, &str); 8] = [
    (LOGGING, "loki/loki-config.yml"),
    (LOGGING, "promtail/promtail-config.yml"),
    (LOGGING, "grafana/provisioning/datasources/loki.yml"),
    (LOGGING, "docker-compose.yml"),
    (TRACING, "services/frontend/app.py"),
    (TRACING, "services/backend/app.py"),
    (TRACING, "services/database-service/app.py"),
    (TRACING, "docker-compose.yml"),
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any file mangled (pieces of the others spliced in too): every rubric grades it,
    /// nothing panics, the score stays within the rubric.
    #[test]
    fn mangled_sibling_repositories_never_crash_the_grader(
        which in 0usize..FILES.len(),
        text in crate::support::mangled(seeds(), prop::sample::select(vec![
            "{", "}", "[", "]", ":", "- ", "'", "\"", "#", "\n", "  ", "(", ")", "\\", "\"\"\"",
            "null", "~", "0", "3100", "http://", "loki:", "url: ", "job_name: ", "\u{0}", "é",
            "Resource.create(", "TracerProvider(", "os.getenv(", "+", "=", "import ", "from ",
            "trace.set_tracer_provider(", "FlaskInstrumentor().instrument_app(", "&a", "*a",
        ])),
    ) {
        let (challenge, file) = FILES[which];
        let tmp = scratch(challenge);
        std::fs::write(tmp.path().join(file), &text).expect("write");
        for rubric in ["readme", "runpy", "runpy-substring"] {
            if lookout::grade::check_rubric(challenge, rubric).is_err() {
                continue;
            }
            let r = lookout::grade::grade_dir(challenge, rubric, tmp.path(), &lookout::grade::Options::default())
                .expect("known rubric");
            prop_assert!(r.score <= r.max);
            prop_assert_eq!(r.sections.iter().map(|s| s.points).sum::<u32>(), r.score);
        }
    }
}

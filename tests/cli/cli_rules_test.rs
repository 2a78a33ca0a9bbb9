//! `lookout test rules`: promtool's rule-test fixtures (fixtures/promtool-rules/EXPECTED.tsv)
//! give the expected exit code for the expected reason, and a differential suite
//! (fixtures/rules-diff) gives promtool 2.42's verdicts and output, when promtool is installed.

use std::path::Path;
use std::process::Command;

use crate::support::{run_in, Run};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

fn test_rules(dir: &str, args: &[&str]) -> Run {
    let mut all = vec!["test", "rules"];
    all.extend_from_slice(args);
    run_in(Some(&Path::new(FIXTURES).join(dir)), &all, None)
}

/// What a failing fixture's output must mention (its reason).
fn reason(file: &str) -> Option<&'static [&'static str]> {
    Some(match file {
        "bad-input-series.yml" => &["parse error: unexpected character inside braces"],
        "bad-promql.yml" => &["many-to-many matching not allowed"],
        "bad-rules-syntax-test.yml" => &["could not parse expression"],
        "bad-rules-error-test.yml" => &[
            "rule: joined, time: 0s",
            "many-to-many matching not allowed",
        ],
        "failing.yml" => &[
            "alertname: Test, time: 0s",
            "expr: \"test\", time: 0s",
            "alertname: AlwaysFiring",
        ],
        "rules_run.yml" => &["expr: \"test\""],
        "rules_run_extrafields.yml" => &["not found in type rulefmt.RuleGroup"],
        "rules_run_no_fuzzy.yml" | "rules_run_fuzzy.yml" => &["exp: ", "got: "],
        _ => return None,
    })
}

#[test]
fn promtool_fixtures_give_the_expected_verdicts() {
    let tsv =
        std::fs::read_to_string(format!("{FIXTURES}/promtool-rules/EXPECTED.tsv")).expect("tsv");
    let mut checked = 0;
    for row in tsv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = row.split('\t').collect();
        let (spec, expected, note) = (cols[0], cols[1], cols[2]);
        let args: Vec<&str> = spec.split(' ').collect();
        let r = test_rules("promtool-rules", &args);
        // Rows from Go tests that switch features off cannot happen from the command line,
        // which always enables them: the CLI passes.
        let want = if note.contains("NOT reachable from the CLI") {
            0
        } else {
            expected.parse().expect("exit code")
        };
        assert_eq!(r.code, want, "{spec}:\n{}", r.transcript());
        if want == 1 {
            for needle in reason(args[0]).unwrap_or_else(|| panic!("no reason listed for {spec}")) {
                assert!(
                    r.stderr.contains(needle),
                    "{spec}: missing {needle:?}:\n{}",
                    r.transcript()
                );
            }
        }
        checked += 1;
    }
    println!("promtool rule-test fixtures: {checked} rows give the expected verdict");
    assert_eq!(checked, 23);
}

#[test]
fn differential_against_promtool() {
    let dir = Path::new(FIXTURES).join("rules-diff");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("rules-diff")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yml") && n != "rules.yml")
        .collect();
    files.sort();
    assert!(files.len() >= 20, "at least 20 differential cases");
    let promtool = crate::support::promtool();
    if promtool.is_none() {
        println!("skipping the promtool comparison: promtool not found (set PROMTOOL or install the prometheus package); checking recorded verdicts only");
    }
    for f in &files {
        let text = std::fs::read_to_string(dir.join(f)).expect("case");
        let expect_pass = text.starts_with("# Expected: pass");
        let ours = test_rules("rules-diff", &[f]);
        assert_eq!(
            ours.code,
            if expect_pass { 0 } else { 1 },
            "{f}:\n{}",
            ours.transcript()
        );
        if let Some(bin) = &promtool {
            let out = Command::new(bin)
                .args(["test", "rules", f])
                .current_dir(&dir)
                .output()
                .expect("running promtool");
            assert_eq!(
                out.status.code(),
                Some(ours.code),
                "{f}: promtool disagrees:\n{}",
                ours.transcript()
            );
            // promtool 2.42 prints the same text, including its `Unit Testing:` header.
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                ours.stdout,
                "{f}: stdout"
            );
            assert_eq!(
                String::from_utf8_lossy(&out.stderr),
                ours.stderr,
                "{f}: stderr"
            );
        }
    }
    println!(
        "rule-test differential: {} cases{}",
        files.len(),
        if promtool.is_some() {
            ", promtool agrees on all"
        } else {
            ""
        }
    );
}

#[test]
fn diff_json_and_junit_outputs() {
    let r = test_rules("promtool-rules", &["--diff", "failing.yml"]).expect_code(1);
    assert!(
        r.stderr
            .contains("~ {__name__=\"test\"} exp 1E+00 got 0E+00"),
        "{}",
        r.transcript()
    );
    assert!(
        r.stderr.contains("- {alertname=\"Test\"} annotations {}"),
        "{}",
        r.transcript()
    );
    let r = test_rules(
        "promtool-rules",
        &["-o", "json", "failing.yml", "unittest.yml"],
    )
    .expect_code(1);
    let doc = r.json();
    assert_eq!(doc["passed"], false);
    assert_eq!(doc["files"][0]["groups"][0]["passed"], false);
    assert_eq!(doc["files"][1]["passed"], true);
    let r = test_rules("promtool-rules", &["-o", "junit", "rules_run.yml"]).expect_code(1);
    assert!(
        r.stdout.contains("<testcase name=\"correct test\""),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("failures=\"1\""), "{}", r.stdout);
    // --run selects groups by name; an unnamed group only matches a pattern matching "".
    let r = test_rules(
        "promtool-rules",
        &["--run", "^correct test$", "-o", "json", "rules_run.yml"],
    )
    .expect_code(0);
    assert_eq!(
        r.json()["files"][0]["groups"].as_array().map(Vec::len),
        Some(1)
    );
}

/// Writes `files` into a temporary directory and runs `test rules` on `test.yml` there.
fn run_case(files: &[(&str, &str)]) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    run_in(Some(dir.path()), &["test", "rules", "test.yml"], None)
}

const ALWAYS: &str =
    "  - interval: 1m\n    input_series:\n      - series: 'up{job=\"a\"}'\n        values: '1 1'\n";

#[test]
fn group_labels_apply_and_empty_expansions_remove_labels() {
    let rules = "groups:\n- name: g\n  labels: {team: a, sev: x}\n  rules:\n  - alert: A\n    expr: up\n    labels:\n      sev: '{{ if false }}x{{ end }}'\n";
    let test = format!("rule_files: [r.yml]\ntests:\n{ALWAYS}    alert_rule_test:\n      - eval_time: 0m\n        alertname: A\n        exp_alerts:\n          - exp_labels: {{job: a, team: a}}\n");
    run_case(&[("r.yml", rules), ("test.yml", &test)]).expect_code(0);
}

#[test]
fn server_url_functions_fail_in_unit_tests() {
    let rules = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    annotations:\n      a: '{{ $externalURL }}'\n      b: '{{ externalURL }}'\n";
    let test = format!("rule_files: [r.yml]\ntests:\n{ALWAYS}    external_url: http://h/p\n    alert_rule_test:\n      - eval_time: 0m\n        alertname: A\n        exp_alerts:\n          - exp_labels: {{job: a}}\n            exp_annotations: {{a: 'http://h/p', b: 'http://h/p'}}\n");
    let r = run_case(&[("r.yml", rules), ("test.yml", &test)]).expect_code(1);
    assert!(r.stderr.contains("error calling externalURL: runtime error: invalid memory address or nil pointer dereference"), "{}", r.transcript());
}

#[test]
fn a_rule_file_matched_twice_loads_once() {
    let rules = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n";
    let test = format!("rule_files: [r.yml, './r*.yml']\ntests:\n{ALWAYS}    alert_rule_test:\n      - eval_time: 0m\n        alertname: A\n        exp_alerts:\n          - exp_labels: {{job: a}}\n");
    run_case(&[("r.yml", rules), ("test.yml", &test)]).expect_code(0);
}

#[test]
fn input_values_read_as_promqltest_lines() {
    // A newline inside `values` starts a new load line, as in promtool.
    let test = "tests:\n  - interval: 1m\n    input_series:\n      - series: 'a'\n        values: \"1 2\\n3\"\n    promql_expr_test:\n      - expr: a\n        eval_time: 0m\n        exp_samples: [{labels: a, value: 1}]\n";
    let r = run_case(&[("test.yml", test)]).expect_code(1);
    assert!(r.stderr.contains("3:1: parse error:"), "{}", r.transcript());
    // A bad start_timestamp fails the whole file.
    let test = "tests:\n  - name: x\n    start_timestamp: bogus\n";
    let r = run_case(&[("test.yml", test)]).expect_code(1);
    assert!(
        r.stderr
            .contains("cannot parse \"bogus\" to a valid timestamp"),
        "{}",
        r.transcript()
    );
}

/// The largest public suite we know (kubernetes-mixin, 113 test groups) passes, as it does on
/// promtool 3.x.
#[test]
fn kubernetes_mixin_suite_passes() {
    let dir = Path::new(FIXTURES).join("realworld/kubernetes-mixin");
    let mut files: Vec<String> = std::fs::read_dir(dir.join("tests"))
        .expect("suite")
        .map(|e| format!("tests/{}", e.expect("entry").file_name().to_string_lossy()))
        .collect();
    files.sort();
    assert_eq!(files.len(), 8);
    let mut args = vec!["test", "rules"];
    args.extend(files.iter().map(String::as_str));
    let r = crate::support::run_in(Some(&dir), &args, None);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(r.stdout.matches("  SUCCESS").count(), 8, "{}", r.stdout);
}

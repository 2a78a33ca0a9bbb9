//! End-to-end tests of `lookout check rules`: promtool's output shape and exit codes (0 valid,
//! 1 invalid, 3 lint findings with --lint-fatal, 2 I/O error) and the machine formats.

use std::path::Path;

use crate::support::{run_in, Run};

const RULEFMT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/rulefmt");

fn check(args: &[&str]) -> Run {
    let mut all = vec!["check", "rules"];
    all.extend_from_slice(args);
    run_in(Some(Path::new(RULEFMT)), &all, None)
}

#[test]
fn valid_file_prints_promtools_success_line() {
    let r = check(&["utf-8_lname.good.yaml"]).expect_code(0);
    assert_eq!(
        r.stdout,
        "Checking utf-8_lname.good.yaml\n  SUCCESS: 1 rules found\n\n"
    );
    assert_eq!(r.stderr, "");
}

#[test]
fn invalid_file_fails_with_prometheus_messages() {
    let r = check(&["invalid_record_name.bad.yaml", "noexpr.bad.yaml"]).expect_code(1);
    assert_eq!(
        r.stdout,
        "Checking invalid_record_name.bad.yaml\nChecking noexpr.bad.yaml\n"
    );
    assert_eq!(
        r.stderr,
        "  FAILED:\n\
         invalid_record_name.bad.yaml: 4:17: group \"yolo\", rule 1, \"strawberry{flavor=\\\"sweet\\\"}\": braces present in the recording rule name; should it be in expr?: strawberry{flavor=\"sweet\"}\n  \
         FAILED:\n\
         noexpr.bad.yaml: 0:0: group \"yolo\", rule 1, \"ylo\": field 'expr' must be set in rule\n"
    );
}

#[test]
fn duplicate_rules_are_a_lint_that_exits_0_or_3() {
    let r = check(&["test.yaml"]).expect_code(0);
    assert!(
        r.stderr
            .starts_with("  FAILED:\nlint error 1 duplicate rule(s) found.\nMetric: HighErrors\n"),
        "{}",
        r.stderr
    );
    check(&["--lint-fatal", "test.yaml"]).expect_code(3);
    let r = check(&["--lint=none", "--lint-fatal", "test.yaml"]).expect_code(0);
    assert!(r.stdout.contains("SUCCESS: 6 rules found"), "{}", r.stdout);
    // Errors win over lints.
    check(&["--lint-fatal", "test.yaml", "noexpr.bad.yaml"]).expect_code(1);
}

#[test]
fn unknown_fields_can_be_ignored() {
    check(&["bad_field.bad.yaml"]).expect_code(1);
    check(&["--ignore-unknown-fields", "bad_field.bad.yaml"]).expect_code(0);
}

#[test]
fn standard_input_and_missing_files() {
    let r = run_in(
        None,
        &["check", "rules"],
        Some("groups:\n- name: g\n  rules:\n  - record: r\n    expr: up\n"),
    )
    .expect_code(0);
    assert_eq!(
        r.stdout,
        "Checking standard input\n  SUCCESS: 1 rules found\n\n"
    );
    let r = check(&["test.yaml", "no-such-file.yml"]).expect_code(2);
    assert_eq!(r.stdout, "", "nothing is checked when a file is missing");
    assert!(r.stderr.contains("no-such-file.yml"), "{}", r.stderr);
}

#[test]
fn json_output_has_positions() {
    let r = check(&["-o", "json", "bad_expr.bad.yaml", "test.yaml"]).expect_code(1);
    let doc = r.json();
    assert_eq!(doc["files"][0]["ok"], false);
    assert_eq!(doc["files"][1]["rules"], 6);
    let first = &doc["diagnostics"][0];
    assert_eq!(first["code"], "promql/parse");
    assert_eq!(first["start"]["line"], 5);
    assert_eq!(first["start"]["column"], 20);
    let dups = doc["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["code"] == "rules/duplicate-rule")
        .count();
    assert_eq!(dups, 3);
}

#[test]
fn github_sarif_and_junit_outputs() {
    let r = check(&["-o", "github", "bad_expr.bad.yaml"]).expect_code(1);
    assert!(
        r.stdout
            .starts_with("::error file=bad_expr.bad.yaml,line=5,col=20,"),
        "{}",
        r.stdout
    );
    let r = check(&["-o", "sarif", "bad_expr.bad.yaml"]).expect_code(1);
    let region = &r.json()["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 5);
    let r = check(&["-o", "junit", "bad_expr.bad.yaml", "utf-8_lname.good.yaml"]).expect_code(1);
    assert!(
        r.stdout.contains("tests=\"2\" failures=\"1\""),
        "{}",
        r.stdout
    );
}

//! End-to-end tests of `lookout check promql`, `lookout promql format|parse`, `lookout completions`
//! and the exit-code contract (0 ok, 1 check failed, 2 usage or I/O error).

use std::path::Path;

use serde_json::Value;

use crate::support::{run, run_in, Run};

fn run_stdin(args: &[&str], stdin: &str) -> Run {
    run_in(None, args, Some(stdin))
}

// ---------------------------------------------------------------------------------------------
// check promql: arguments

#[test]
fn check_valid_expression() {
    let r = run(&["check", "promql", "sum(rate(x[5m]))"]).expect_code(0);
    assert_eq!(r.stdout, "SUCCESS: 1 expression(s) valid\n");
    assert_eq!(r.stderr, "");
}

#[test]
fn check_invalid_expression_points_at_the_token() {
    let r = run(&["check", "promql", "sum(rate(x[5m])) by (job"]).expect_code(1);
    assert_eq!(r.stdout, "", "the summary of a failure goes to stderr");
    assert!(r.stderr.contains(" --> <arg 1>:1:25\n"), "{}", r.stderr);
    assert!(
        r.stderr.contains("FAILED: 1 of 1 expression(s) invalid"),
        "{}",
        r.stderr
    );
    insta::assert_snapshot!("check_unclosed_grouping", r.transcript());
}

/// Several broken inputs, each pinning the exact human rendering: message, location line and the
/// caret (or underline) under the offending token.
#[test]
fn check_human_diagnostics() {
    let cases: &[(&str, &str)] = &[
        ("unexpected_end", "foo +"),
        ("bad_duration", "rate(foo[5x])"),
        ("range_in_wrong_place", "rate(foo[5m)"),
        ("wrong_argument_type", "rate(foo)"),
        ("string_in_binary", "1 + \"a\""),
        ("empty_selector", "{}"),
        ("bad_escape", r#"bar{a="\q"}"#),
        ("unterminated_string", "foo{a=\"b}"),
        ("unexpected_char_utf8", "foo{bär=\"x\"}"),
        ("tab_before_error", "x\t+ @"),
        ("arity", "histogram_quantile(0.9)"),
        ("empty", ""),
    ];
    for (name, expr) in cases {
        let r = run(&["check", "promql", expr]).expect_code(1);
        insta::assert_snapshot!(format!("check_human_{name}"), r.transcript(), expr);
    }
}

#[test]
fn check_mixed_valid_and_invalid_arguments() {
    let r = run(&["check", "promql", "up", "foo{", "sum(x)", "rate(x[5m]) +"]).expect_code(1);
    // Diagnostics name the argument each expression came from (1-based).
    assert!(r.stderr.contains("--> <arg 2>:1:5"), "{}", r.stderr);
    assert!(r.stderr.contains("--> <arg 4>:1:14"), "{}", r.stderr);
    assert!(!r.stderr.contains("<arg 1>"), "{}", r.stderr);
    assert!(!r.stderr.contains("<arg 3>"), "{}", r.stderr);
    assert!(
        r.stderr.contains("FAILED: 2 of 4 expression(s) invalid"),
        "{}",
        r.stderr
    );
    insta::assert_snapshot!("check_mixed_arguments", r.transcript());

    let r = run(&["check", "promql", "up", "sum(x)", "rate(x[5m])"]).expect_code(0);
    assert_eq!(r.stdout, "SUCCESS: 3 expression(s) valid\n");
}

#[test]
fn check_expression_starting_with_a_dash_after_double_dash() {
    let r = run(&["check", "promql", "--", "-1"]).expect_code(0);
    assert_eq!(r.stdout, "SUCCESS: 1 expression(s) valid\n");

    let r = run(&["check", "promql", "--", "-foo", "- (bar"]).expect_code(1);
    assert!(r.stderr.contains("--> <arg 2>:1:"), "{}", r.stderr);
    assert!(r.stderr.contains("FAILED: 1 of 2"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// check promql: --file and stdin

// Built with concat! because `\` line continuations would eat the leading whitespace under test.
const EXPR_FILE: &str = concat!(
    "# alerting expressions\n",
    "\n",
    "rate(http_requests_total[5m]) >\n",
    "sum by (job) (up)\n",
    "   \n",
    "# the next one is broken on purpose\n",
    "  histogram_quantile(0.9, rate(x[5m])) offset\n",
    "up == bool 1\n",
);

#[test]
fn check_file_reports_file_positions() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("exprs.promql"), EXPR_FILE).expect("write fixture");
    let r = run_in(
        Some(dir.path()),
        &["check", "promql", "--file", "exprs.promql"],
        None,
    )
    .expect_code(1);
    // Line 3 ends right after `>`; line 7 has two leading spaces and ends after `offset`.
    assert!(r.stderr.contains("--> exprs.promql:3:32"), "{}", r.stderr);
    assert!(r.stderr.contains("--> exprs.promql:7:46"), "{}", r.stderr);
    // Blank, whitespace-only and `#` lines are not expressions.
    assert!(
        r.stderr.contains("FAILED: 2 of 4 expression(s) invalid"),
        "{}",
        r.stderr
    );
    insta::assert_snapshot!("check_file", r.transcript());

    // The same positions in the machine-readable outputs.
    let r = run_in(
        Some(dir.path()),
        &["check", "promql", "-f", "exprs.promql", "--output", "json"],
        None,
    )
    .expect_code(1);
    let doc = r.json();
    assert_eq!(doc["checked"], 4);
    assert_eq!(doc["failed"], 2);
    assert_eq!(doc["diagnostics"][0]["file"], "exprs.promql");
    assert_eq!(doc["diagnostics"][0]["start"]["line"], 3);
    assert_eq!(doc["diagnostics"][0]["start"]["column"], 32);
    assert_eq!(doc["diagnostics"][1]["start"]["line"], 7);
    assert_eq!(doc["diagnostics"][1]["start"]["column"], 46);
}

#[test]
fn check_file_with_crlf_line_endings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("crlf.promql");
    std::fs::write(&path, "up\r\n\r\nfoo +\r\nsum(x)\r\n").expect("write fixture");
    let r = run_in(
        Some(dir.path()),
        &["check", "promql", "--file", "crlf.promql"],
        None,
    )
    .expect_code(1);
    assert!(r.stderr.contains("--> crlf.promql:3:6"), "{}", r.stderr);
    assert!(r.stderr.contains("FAILED: 1 of 3"), "{}", r.stderr);
}

#[test]
fn check_file_and_arguments_together() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("ok.promql"), "up\nsum(x)\n").expect("write fixture");
    let r = run_in(
        Some(dir.path()),
        &["check", "promql", "rate(x[1m])", "--file", "ok.promql"],
        None,
    )
    .expect_code(0);
    assert_eq!(r.stdout, "SUCCESS: 3 expression(s) valid\n");
}

#[test]
fn check_missing_file_is_an_io_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let r = run_in(
        Some(dir.path()),
        &["check", "promql", "--file", "no-such-file.promql"],
        None,
    )
    .expect_code(2);
    assert!(r.stderr.contains("no-such-file.promql"), "{}", r.stderr);
    assert!(r.stderr.starts_with("lookout: error: "), "{}", r.stderr);
    assert_eq!(r.stdout, "");
}

#[test]
fn check_stdin_lines() {
    let input = "up\n\n# comment\nsum(rate(x[5m]))\nfoo(\nbar\n";
    let r = run_stdin(&["check", "promql", "-"], input).expect_code(1);
    assert!(r.stderr.contains("--> <stdin>:5:5"), "{}", r.stderr);
    assert!(
        r.stderr.contains("FAILED: 1 of 4 expression(s) invalid"),
        "{}",
        r.stderr
    );
    insta::assert_snapshot!("check_stdin", r.transcript());

    let r = run_stdin(&["check", "promql", "-"], "up\nsum(x)\n").expect_code(0);
    assert_eq!(r.stdout, "SUCCESS: 2 expression(s) valid\n");
}

#[test]
fn check_stdin_without_expressions_is_a_usage_error() {
    let r = run_stdin(&["check", "promql", "-"], "\n# nothing here\n").expect_code(2);
    assert!(r.stderr.contains("no expressions"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// check promql: machine-readable output

#[test]
fn check_json_output() {
    let r = run(&[
        "check",
        "promql",
        "up",
        "sum(x) by (job",
        "--output",
        "json",
    ])
    .expect_code(1);
    assert_eq!(r.stderr, "", "JSON mode prints nothing on stderr");
    let doc = r.json();
    assert_eq!(doc["checked"], 2);
    assert_eq!(doc["failed"], 1);
    let diags = doc["diagnostics"].as_array().expect("diagnostics array");
    assert_eq!(diags.len(), 1);
    let d = &diags[0];
    assert_eq!(d["file"], "<arg 2>");
    assert_eq!(d["start"]["line"], 1);
    assert_eq!(d["start"]["column"], 15);
    assert_eq!(d["message"], "unclosed left parenthesis");
    assert_eq!(d["code"], "promql/parse");
    assert_eq!(d["severity"], "error");

    let r = run(&["check", "promql", "up", "-o", "json"]).expect_code(0);
    let doc = r.json();
    assert_eq!(doc["checked"], 1);
    assert_eq!(doc["failed"], 0);
    assert_eq!(doc["diagnostics"], Value::Array(Vec::new()));
}

#[test]
fn check_json_output_for_a_feature_error() {
    let r = run(&["check", "promql", "limitk(2, foo)", "-o", "json"]).expect_code(1);
    let d = &r.json()["diagnostics"][0];
    assert_eq!(d["code"], "promql/feature");
    assert_eq!(d["start"]["column"], 1);
    let text = d.to_string();
    assert!(
        text.contains("--enable-feature=promql-experimental-functions"),
        "{text}"
    );
}

#[test]
fn check_github_output() {
    let r = run(&["check", "promql", "up", "foo +", "--output", "github"]).expect_code(1);
    assert_eq!(
        r.stdout,
        "::error file=<arg 2>,line=1,col=6,endLine=1,endColumn=6,title=promql/parse::unexpected end of input\n"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("rules.promql"),
        "# c\n\nup\n  rate(x[5m]) +\n",
    )
    .expect("write fixture");
    let r = run_in(
        Some(dir.path()),
        &["check", "promql", "-f", "rules.promql", "-o", "github"],
        None,
    )
    .expect_code(1);
    let line = r.stdout.lines().next().unwrap_or_default();
    assert!(
        line.starts_with("::error file=rules.promql,line=4,col=16,"),
        "{}",
        r.transcript()
    );
    assert!(line.contains("::unexpected end of input"), "{line}");

    let r = run(&["check", "promql", "up", "-o", "github"]).expect_code(0);
    assert_eq!(r.stdout, "", "nothing to annotate");
}

// ---------------------------------------------------------------------------------------------
// --enable-feature

#[test]
fn experimental_functions_need_the_feature_flag() {
    let r = run(&["check", "promql", "limitk(2, foo)"]).expect_code(1);
    assert!(
        r.stderr
            .contains("--enable-feature=promql-experimental-functions"),
        "{}",
        r.stderr
    );
    insta::assert_snapshot!("feature_experimental_functions", r.transcript());

    let r = run(&[
        "--enable-feature=promql-experimental-functions",
        "check",
        "promql",
        "limitk(2, foo)",
    ])
    .expect_code(0);
    assert_eq!(r.stdout, "SUCCESS: 1 expression(s) valid\n");
}

#[test]
fn each_feature_flag_unlocks_its_syntax() {
    let cases = [
        ("promql-duration-expr", "foo[5m+1m]"),
        ("promql-extended-range-selectors", "rate(foo[5m] anchored)"),
        ("promql-binop-fill-modifiers", "a + fill(0) b"),
        ("promql-experimental-functions", "sort_by_label(foo, \"a\")"),
    ];
    for (feature, expr) in cases {
        let r = run(&["check", "promql", expr]).expect_code(1);
        assert!(
            r.stderr.contains(&format!("--enable-feature={feature}")),
            "{expr}: the error should name the flag\n{}",
            r.transcript()
        );
        let flag = format!("--enable-feature={feature}");
        let r = run(&[&flag, "check", "promql", expr]).expect_code(0);
        assert_eq!(r.stdout, "SUCCESS: 1 expression(s) valid\n", "{expr}");
        // A different feature does not unlock it.
        let other = cases
            .iter()
            .find(|(f, _)| *f != feature)
            .map(|(f, _)| format!("--enable-feature={f}"))
            .unwrap_or_default();
        run(&[&other, "check", "promql", expr]).expect_code(1);
    }
}

#[test]
fn feature_errors_are_pinned() {
    for (name, expr) in [
        ("duration_expr", "foo[5m+1m]"),
        ("anchored", "rate(foo[5m] anchored)"),
        ("fill", "a + fill(0) b"),
    ] {
        let r = run(&["check", "promql", expr]).expect_code(1);
        insta::assert_snapshot!(format!("feature_{name}"), r.transcript(), expr);
    }
}

#[test]
fn feature_flags_comma_separated_repeated_and_after_the_subcommand() {
    let exprs = ["foo[5m+1m]", "limitk(2, foo)"];
    let comma = run(&[
        "--enable-feature=promql-duration-expr,promql-experimental-functions",
        "check",
        "promql",
        exprs[0],
        exprs[1],
    ])
    .expect_code(0);
    assert_eq!(comma.stdout, "SUCCESS: 2 expression(s) valid\n");

    let repeated = run(&[
        "--enable-feature",
        "promql-duration-expr",
        "--enable-feature=promql-experimental-functions",
        "check",
        "promql",
        exprs[0],
        exprs[1],
    ]);
    assert_eq!(repeated.expect_code(0).stdout, comma.stdout);

    // The flag is global: it may follow the subcommand and the expressions.
    let after = run(&[
        "check",
        "promql",
        exprs[0],
        exprs[1],
        "--enable-feature=promql-duration-expr,promql-experimental-functions",
    ]);
    assert_eq!(after.expect_code(0).stdout, comma.stdout);

    // Only one of the two enabled: the other expression still fails.
    let r = run(&[
        "check",
        "promql",
        "--enable-feature=promql-duration-expr",
        exprs[0],
        exprs[1],
    ])
    .expect_code(1);
    assert!(r.stderr.contains("--> <arg 2>:"), "{}", r.stderr);
    assert!(r.stderr.contains("FAILED: 1 of 2"), "{}", r.stderr);
}

#[test]
fn unknown_feature_is_a_warning_not_an_error() {
    let r = run(&["--enable-feature=no-such-feature", "check", "promql", "up"]).expect_code(0);
    assert!(r.stderr.contains("no-such-feature"), "{}", r.stderr);
    assert!(r.stderr.contains("warning"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// promql format / parse

const LONG_EXPR: &str = "sum by (job, instance) (rate(http_requests_total{job=\"api-server\",status=~\"5..\"}[5m])) / sum by (job, instance) (rate(http_requests_total{job=\"api-server\"}[5m])) > 0.05";

#[test]
fn format_prettifies_long_expressions() {
    assert!(LONG_EXPR.len() > 100);
    let r = run(&["promql", "format", LONG_EXPR]).expect_code(0);
    assert_eq!(r.stderr, "");
    assert!(r.stdout.lines().count() > 1, "{}", r.stdout);
    insta::assert_snapshot!("format_long", r.stdout);

    // Formatting is a fixed point: the prettified text formats to itself and still parses.
    let again = run_stdin(&["promql", "format", "-"], &r.stdout).expect_code(0);
    assert_eq!(again.stdout, r.stdout);
}

#[test]
fn format_nested_long_expression() {
    let expr = "histogram_quantile(0.99, sum without (pod, instance) (rate(apiserver_request_duration_seconds_bucket{verb!~\"WATCH|CONNECT\",job=\"apiserver\"}[5m]))) > on (job) group_left () max by (job) (slo_target{service=\"apiserver\"})";
    let r = run(&["promql", "format", expr]).expect_code(0);
    insta::assert_snapshot!("format_nested_long", r.stdout);
}

#[test]
fn format_short_expression_is_canonical_one_line() {
    let r = run(&["promql", "format", "sum(rate( x [5m] ))by(job)"]).expect_code(0);
    assert_eq!(r.stdout, "sum by (job) (rate(x[5m]))\n");
}

#[test]
fn format_from_stdin() {
    let r = run_stdin(&["promql", "format", "-"], "sum  (  rate(x[5m])  )\n\n").expect_code(0);
    assert_eq!(r.stdout, "sum(rate(x[5m]))\n");

    // A multi-line expression on stdin is one expression.
    let r = run_stdin(&["promql", "format", "-"], "sum(\n  rate(x[5m])\n)\n").expect_code(0);
    assert_eq!(r.stdout, "sum(rate(x[5m]))\n");
}

#[test]
fn format_invalid_expression_fails() {
    let r = run(&["promql", "format", "sum(rate(x[5m])"]).expect_code(1);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains("unclosed left parenthesis"),
        "{}",
        r.stderr
    );
    insta::assert_snapshot!("format_invalid", r.transcript());

    // Positions in a multi-line stdin expression are line:column of that input.
    let r = run_stdin(&["promql", "format", "-"], "sum(\n  rate(x[5m]) +\n)\n").expect_code(1);
    assert!(r.stderr.contains("--> <stdin>:3:1"), "{}", r.stderr);
}

#[test]
fn format_honours_feature_flags() {
    run(&["promql", "format", "foo[5m+1m]"]).expect_code(1);
    let r = run(&[
        "promql",
        "format",
        "foo[5m+1m]",
        "--enable-feature=promql-duration-expr",
    ])
    .expect_code(0);
    assert!(r.stdout.starts_with("foo["), "{}", r.stdout);
}

#[test]
fn format_expression_starting_with_a_dash() {
    let r = run(&["promql", "format", "-1 + -foo"]).expect_code(0);
    assert_eq!(r.stdout, "-1 + -foo\n");
}

#[test]
fn parse_json_output() {
    let r = run(&[
        "promql",
        "parse",
        "sum by (job) (rate(x[5m]))",
        "--output",
        "json",
    ])
    .expect_code(0);
    let doc = r.json();
    assert_eq!(doc["type"], "aggregation");
    assert_eq!(doc["op"], "sum");
    assert_eq!(doc["grouping"], serde_json::json!(["job"]));
    assert_eq!(doc["span"]["start"], 0);
    assert_eq!(doc["span"]["end"], 26);
    let call = &doc["expr"];
    assert_eq!(call["type"], "call");
    assert_eq!(call["func"]["name"], "rate");
    assert_eq!(call["span"]["start"], 14);
    assert_eq!(call["span"]["end"], 25);
    let sel = &call["args"][0];
    assert_eq!(sel["type"], "matrixSelector");
    assert_eq!(sel["span"]["start"], 19);
    assert_eq!(sel["span"]["end"], 24);
    assert_eq!(sel["range"], 300_000);

    // JSON is the default.
    let default = run(&["promql", "parse", "sum by (job) (rate(x[5m]))"]).expect_code(0);
    assert_eq!(default.stdout, r.stdout);
}

#[test]
fn parse_tree_output() {
    let r = run(&[
        "promql",
        "parse",
        "sum by (job) (rate(x[5m])) / on(job) count(up)",
        "-o",
        "tree",
    ])
    .expect_code(0);
    insta::assert_snapshot!("parse_tree", r.stdout);
    let r = run_stdin(&["promql", "parse", "-", "--output", "tree"], "up\n").expect_code(0);
    assert_eq!(r.stdout, " |---- VectorSelector :: up\n");
}

#[test]
fn parse_invalid_expression_fails() {
    let r = run(&["promql", "parse", "sum by (job (x)"]).expect_code(1);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("--> <expr>:1:"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// usage errors and completions

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["frobnicate"][..],
        &["check", "frobnicate"],
        &["check", "promql", "--no-such-flag", "up"],
        &["check", "promql", "up", "--output", "xml"],
        &["promql", "parse", "up", "--output", "yaml"],
        &["promql", "format"],
        &["completions", "tcsh"],
        &[],
    ] {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}:\n{}", r.transcript());
        assert!(!r.stderr.is_empty(), "{args:?}: no message");
        assert_eq!(r.stdout, "", "{args:?}");
    }
}

#[test]
fn unknown_subcommand_message() {
    let r = run(&["frobnicate"]).expect_code(2);
    assert!(r.stderr.contains("frobnicate"), "{}", r.stderr);
}

#[test]
fn check_without_expressions_is_a_usage_error() {
    let r = run(&["check", "promql"]).expect_code(2);
    assert!(r.stderr.contains("no expressions"), "{}", r.stderr);
    assert_eq!(r.stdout, "");
}

#[test]
fn help_and_version_exit_0() {
    let r = run(&["--help"]).expect_code(0);
    assert!(r.stdout.contains("Exit codes"), "{}", r.stdout);
    let r = run(&["check", "promql", "--help"]).expect_code(0);
    assert!(r.stdout.contains("--file"), "{}", r.stdout);
    let r = run(&["--version"]).expect_code(0);
    assert!(r.stdout.starts_with("lookout "), "{}", r.stdout);
}

#[test]
fn completions_print_scripts() {
    let r = run(&["completions", "bash"]).expect_code(0);
    assert!(r.stdout.contains("lookout"), "{}", r.stdout);
    assert!(r.stdout.contains("complete"), "{}", r.stdout);
    // The printed script is the committed one (generated_docs keeps that file current).
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/lookout.bash");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        r.stdout == committed,
        "`lookout completions bash` differs from {}; run UPDATE_GENERATED=1 cargo test --test cli generated_docs",
        path.display()
    );

    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let r = run(&["completions", shell]).expect_code(0);
        assert!(r.stdout.contains("lookout"), "{shell}");
    }
}

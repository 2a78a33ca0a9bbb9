//! `lookout check metrics`: promtool's lint lines, parse errors, cardinality table and exit
//! codes, the machine formats, and a comparison with promtool itself when it is installed.

use crate::support::{run_in, Run};

fn check(args: &[&str], stdin: &str) -> Run {
    let mut all = vec!["check", "metrics"];
    all.extend_from_slice(args);
    run_in(None, &all, Some(stdin))
}

const GOOD: &str = "# HELP http_requests_total Requests served.
# TYPE http_requests_total counter
http_requests_total{code=\"200\"} 10
http_requests_total{code=\"500\"} 1 1700000000000
# HELP request_duration_seconds Latency.
# TYPE request_duration_seconds histogram
request_duration_seconds_bucket{le=\"0.1\"} 1
request_duration_seconds_bucket{le=\"1\"} 2
request_duration_seconds_bucket{le=\"+Inf\"} 3
request_duration_seconds_sum 1.5
request_duration_seconds_count 3
# HELP temperature_celsius Temperature.
# TYPE temperature_celsius gauge
temperature_celsius NaN
";

#[test]
fn good_metrics_pass_silently() {
    let r = check(&[], GOOD).expect_code(0);
    assert_eq!((r.stdout.as_str(), r.stderr.as_str()), ("", ""));
}

#[test]
fn lint_problems_are_printed_sorted_and_exit_3() {
    let input = "# TYPE requests counter
requests 1
# HELP fooBar_milliseconds x
fooBar_milliseconds{statusCode=\"1\"} 1
fooBar_milliseconds{statusCode=\"2\"} 1
# HELP x_count x
# TYPE x_count gauge
x_count 1
# HELP a:b x
a:b 1
";
    let r = check(&[], input).expect_code(3);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "a:b metric names should not contain ':'
fooBar_milliseconds label names should be written in 'snake_case' not 'camelCase'
fooBar_milliseconds label names should be written in 'snake_case' not 'camelCase'
fooBar_milliseconds metric names should be written in 'snake_case' not 'camelCase'
fooBar_milliseconds use base unit \"seconds\" instead of \"milliseconds\"
requests counter metrics should have \"_total\" suffix
requests no help text
x_count non-histogram and non-summary metrics should not have \"_count\" suffix
"
    );
}

#[test]
fn parse_errors_exit_1_in_expfmt_words() {
    let r = check(&[], "# HELP a x\na 1\nb{c=\"d\" 1\n").expect_code(1);
    assert_eq!(
        r.stderr,
        "error while linting: text format parsing error in line 3: unexpected end of label value \"d\"\n"
    );
    let r = check(&[], "a 1").expect_code(1);
    assert_eq!(
        r.stderr,
        "error while linting: text format parsing error in line 1: unexpected end of input stream\n"
    );
    // Without linting, the cardinality pass reports it.
    let r = check(&["--lint=none", "--extended"], "a{b=c} 1\n").expect_code(1);
    assert_eq!(
        r.stderr,
        "error while parsing text to metric families: text format parsing error in line 1: expected '\"' at start of label value, found 'c'\n"
    );
}

#[test]
fn extended_prints_the_cardinality_table() {
    let r = check(&["--extended"], GOOD).expect_code(0);
    assert_eq!(
        r.stdout,
        "Metric                      Cardinality    Percentage    
request_duration_seconds    5              62.50%        
http_requests_total         2              25.00%        
temperature_celsius         1              12.50%        
Total                       8              100%          
"
    );
    assert_eq!(r.stderr, "");
    let r = check(&["--extended"], "").expect_code(0);
    assert_eq!(
        r.stdout,
        "Metric    Cardinality    Percentage    \nTotal     0              100%          \n"
    );
}

/// Prometheus HEAD prints the table even when there are lint problems (2.42 stopped after
/// the problems).
#[test]
fn extended_with_problems_prints_both() {
    let r = check(&["--extended"], "# TYPE a counter\na 1\n").expect_code(3);
    assert_eq!(
        r.stderr,
        "a counter metrics should have \"_total\" suffix\na no help text\n"
    );
    assert_eq!(
        r.stdout,
        "Metric    Cardinality    Percentage    \na         1              100.00%       \nTotal     1              100%          \n"
    );
}

#[test]
fn lint_none_needs_extended_and_allows_utf8_names() {
    let r = check(&["--lint=none"], GOOD).expect_code(1);
    assert_eq!(
        r.stderr,
        "error: at least one of --extended or linting must be enabled\nUse --extended for cardinality analysis, or remove --lint=none to enable linting\n"
    );
    let input = "{\"my.metric\",a=\"1\"} 1\n{\"my.metric\",a=\"2\"} 1\nother 1\n";
    let r = check(&["--lint=none", "--extended"], input).expect_code(0);
    assert_eq!(
        r.stdout,
        "Metric       Cardinality    Percentage    
my.metric    2              66.67%        
other        1              33.33%        
Total        3              100%          
"
    );
    // Linting parses as promlint does, with legacy names only.
    let r = check(&[], input).expect_code(1);
    assert_eq!(
        r.stderr,
        "error while linting: text format parsing error in line 1: invalid metric name \"my.metric\"\n"
    );
}

#[test]
fn duplicates_are_reported() {
    // promlint's duplicate check is newer than promtool 2.42, which passes this.
    let r = check(&[], "# HELP d x\nd{a=\"1\"} 1\nd{a=\"1\"} 2\n").expect_code(3);
    assert_eq!(r.stderr, "d metric not unique\n");
}

#[test]
fn machine_formats_carry_positions() {
    let input = "# HELP ok_total x\n# TYPE ok_total counter\nok_total 1\n# TYPE a counter\na 1\n";
    let r = check(&["-o", "github"], input).expect_code(3);
    assert_eq!(
        r.stdout,
        "::warning file=<stdin>,line=4,col=1,endLine=4,endColumn=16,title=metrics/counter-suffix::a counter metrics should have \"_total\" suffix
::warning file=<stdin>,line=4,col=1,endLine=4,endColumn=16,title=metrics/no-help::a no help text
"
    );
    assert_eq!(r.stderr, "");

    let j = check(&["-o", "json", "--extended"], input)
        .expect_code(3)
        .json();
    assert_eq!(j["ok"], false);
    assert_eq!(j["families"], 2);
    assert_eq!(j["problems"], 2);
    assert_eq!(j["total"], 2);
    assert_eq!(j["cardinality"][0]["metric"], "ok_total");
    assert_eq!(j["diagnostics"][1]["code"], "metrics/no-help");
    assert_eq!(j["diagnostics"][1]["message"], "a no help text");
    assert_eq!(j["diagnostics"][1]["start"]["line"], 4);

    let j = check(&["-o", "json"], "a 1\nb 2").expect_code(1).json();
    assert_eq!(j["ok"], false);
    assert_eq!(j["diagnostics"][0]["severity"], "error");
    assert_eq!(j["diagnostics"][0]["code"], "metrics/parse");
    assert_eq!(j["diagnostics"][0]["start"]["line"], 2);

    let junit = check(&["-o", "junit"], GOOD).expect_code(0);
    assert!(
        junit.stdout.contains("tests=\"1\" failures=\"0\""),
        "{}",
        junit.transcript()
    );
    let sarif = check(&["-o", "sarif"], input).expect_code(3).json();
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(2)
    );
}

/// Inputs on which promtool 2.42 (client_golang 1.14, common 0.39) and current Prometheus
/// agree: lookout must print the same lines and exit with the same code.
const SHARED_WITH_2_42: &[&str] = &[
    "",
    "\n\n  \n",
    "# HELP up x\n# TYPE up gauge\nup 1\n",
    "# HELP up x\n# TYPE up gauge\nup 1",
    "# HELP up x\n# TYPE up gauge\nup 1\n# hello",
    "# HELP requests x\n# TYPE requests counter\nrequests 1\n",
    "# HELP requests_total x\n# TYPE requests_total gauge\nrequests_total 1\n",
    "# TYPE a_total counter\na_total 1\n",
    "# HELP req_duration_milliseconds x\n# TYPE req_duration_milliseconds gauge\nreq_duration_milliseconds 1\n",
    "# HELP httpRequests_total x\n# TYPE httpRequests_total counter\nhttpRequests_total{statusCode=\"200\"} 1\nhttpRequests_total{statusCode=\"500\"} 1\n",
    "# HELP a_count x\n# TYPE a_count gauge\na_count 1\n# HELP b_sum x\n# TYPE b_sum gauge\nb_sum 1\n# HELP c_bucket x\n# TYPE c_bucket gauge\nc_bucket 1\n",
    "# HELP g x\n# TYPE g gauge\ng{le=\"1\",quantile=\"0.5\"} 1\n",
    "# HELP a:b x\n# TYPE a:b gauge\na:b 1\n",
    "# HELP a_ms x\n# TYPE a_ms gauge\na_ms 1\n# HELP b_s_kb_total x\n# TYPE b_s_kb_total counter\nb_s_kb_total 1\n",
    "# HELP a_gauge x\n# TYPE a_gauge gauge\na_gauge 1\n",
    "# HELP s_seconds x\n# TYPE s_seconds summary\ns_seconds{quantile=\"0.5\"} 1\ns_seconds{quantile=\"0.99\"} NaN\ns_seconds_sum 3\ns_seconds_count 2\n",
    "# HELP v x\n# TYPE v gauge\nv{a=\"1\"} NaN\nv{a=\"2\"} +Inf\nv{a=\"3\"} -Inf\nv{a=\"5\"} -0.5 1234\n",
    "# HELP v x\n# TYPE v gauge\nv abc\n",
    "v 1_000\n",
    "v 0x1p3\n",
    "v 1 abc\n",
    "v 1 2 3\n",
    "v 1 \n",
    "v\n",
    "# TYPE v gaugy\nv 1\n",
    "# TYPE v gauge\n# TYPE v counter\nv 1\n",
    "v 1\n# TYPE v gauge\n",
    "# HELP v a\n# HELP v b\nv 1\n",
    "# HELP v a\\\\b\\nc\nv 1\n",
    "# HELP v a\\tb\nv 1\n",
    "v{a=\"\\t\"} 1\n",
    "v{a=\"x\ny\"} 1\n",
    "v{a=x} 1\n",
    "v{a \"x\"} 1\n",
    "v{a=\"1\",a=\"2\"} 1\n",
    "v{a=\"1\" b=\"2\"} 1\n",
    "# HELP v x\nv{a=\"1\",} 1\n",
    "v{1a=\"1\"} 1\n",
    "1v 1\n",
    "# HELP 1v x\n",
    "# HELP v\n# HELP v x\nv 1\n",
    "# TYPE s summary\ns{quantile=\"x\"} 1\n",
    "# TYPE h histogram\nh_bucket{le=\"x\"} 1\n",
    "# HELP v x\n\tv\t{\ta\t=\t\"1\"\t}\t1\t\n",
    "# HELP v x\r\nv 1\r\n",
    "#\n# \n#x\n",
    "# HELP c_total x\n# TYPE c_total COUNTER\nc_total 1\n",
    "# HELP e x\n# TYPE e gauge\n# HELP v x\nv 1\n",
    "v 1 99999999999999999999\n",
    "v 1e400\n",
    "# TYPE fooBar_kilometers_count counter\nfooBar_kilometers_count{le=\"1\",aB=\"x\"} 1\n",
    "v{a=\"1\"}\u{1} 1\n",
    "v{a=\"1\"",
    "é 1\n",
    "# HELP s x\n# TYPE s summary\ns{a=\"1\"} 5\n",
    "# HELP a x\n# TYPE a gauge\na{x=\"1\"} 1\na{x=\"2\"} 1\na{x=\"3\"} 1\n# HELP b_total x\n# TYPE b_total counter\nb_total 1\nb_total{x=\"1\"} 1\n# HELP h x\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
];

/// Inputs where current Prometheus (which lookout follows) and promtool 2.42 disagree, with
/// lookout's expected stderr and exit code.
const NEWER_THAN_2_42: &[(&str, &str, i32)] = &[
    // promlint's duplicate check came after 2.42.
    ("# HELP d x\nd 1\nd 2\n", "d metric not unique\n", 3),
    // The type-in-name check now looks at the family's own type only (2.42: every type,
    // untyped families included).
    ("# HELP a_counter x\na_counter 1\n", "", 0),
    // The first unit in the name decides (2.42 picked one in map order, at random).
    (
        "# HELP a_bits_seconds x\n# TYPE a_bits_seconds gauge\na_bits_seconds 1\n",
        "a_bits_seconds use base unit \"bytes\" instead of \"bits\"\n",
        3,
    ),
    // expfmt learned gauge histograms, quoted names, `\"` in HELP and negative-count checks.
    ("# HELP gh x\n# TYPE gh gaugehistogram\ngh_bucket{le=\"1\"} 1\n", "", 0),
    ("# HELP v x\n\"v\" 1\n", "", 0),
    ("# HELP v a \\\"b\\\"\nv 1\n", "", 0),
    (
        "# HELP h x\n# TYPE h histogram\nh_bucket{le=\"1\"} -1\n",
        "error while linting: text format parsing error in line 3: negative bucket population for histogram \"h\"\n",
        1,
    ),
    // The `=` check now comes before the reserved-name check.
    (
        "v{__name__ 1}\n",
        "error while linting: text format parsing error in line 1: expected '=' after label name, found '1'\n",
        1,
    ),
];

#[test]
fn newer_behaviour_than_promtool_2_42() {
    for (input, stderr, code) in NEWER_THAN_2_42 {
        let r = check(&[], input);
        assert_eq!(
            (r.stderr.as_str(), r.code),
            (*stderr, *code),
            "input {input:?}"
        );
    }
}

#[test]
fn same_output_as_promtool() {
    let Some(promtool) = crate::support::promtool() else {
        println!("skipping the promtool comparison: promtool not found (set PROMTOOL or install the prometheus package)");
        return;
    };
    let mut differ = Vec::new();
    for input in SHARED_WITH_2_42 {
        for extended in [false, true] {
            let args: &[&str] = if extended { &["--extended"] } else { &[] };
            let mut cmd = assert_cmd::Command::new(&promtool);
            cmd.args(["check", "metrics"])
                .args(args)
                .write_stdin(*input);
            let out = cmd.output().expect("running promtool");
            let theirs = (
                out.status.code().unwrap_or(-1),
                String::from_utf8_lossy(&out.stderr).into_owned(),
                String::from_utf8_lossy(&out.stdout).into_owned(),
            );
            let ours = check(args, input);
            // 2.42 skips the table when there are lint problems; Prometheus HEAD prints it.
            let our_stdout = if ours.code == 3 && extended {
                String::new()
            } else {
                ours.stdout.clone()
            };
            if (ours.code, ours.stderr.clone(), our_stdout) != theirs {
                differ.push(format!(
                    "input {input:?} extended={extended}\n promtool: {theirs:?}\n lookout: {}",
                    ours.transcript()
                ));
            }
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

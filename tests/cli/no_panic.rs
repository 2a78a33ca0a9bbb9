//! Property tests: no input makes the PromQL parser or printers panic, and whatever parses prints
//! to text that reads back (the one-line form is a fixpoint, the pretty form parses).

use std::sync::OnceLock;

use lookout::promql::{self, Features};
use proptest::prelude::*;
use regex::Regex;

/// Both ends of the feature range: gated syntax must fail cleanly, not panic, when it is off.
fn feature_sets() -> [Features; 2] {
    [Features::all(), Features::none()]
}

/// Expressions from promqltest script text: the last part of every `eval` header line, matched
/// the way Prometheus's script reader does (lines trimmed, deprecated `eval_*` forms included).
fn script_exprs(text: &str) -> Vec<String> {
    static HEADERS: OnceLock<[Regex; 2]> = OnceLock::new();
    let [instant, range] = HEADERS.get_or_init(|| {
        [
            Regex::new(r"^eval(?:_(?:fail|warn|ordered|info))?\s+instant\s+(?:at\s+.+?)?\s+(.+)$")
                .expect("valid regex"),
            Regex::new(
                r"^eval(?:_(?:fail|warn|info))?\s+range\s+from\s+.+\s+to\s+.+\s+step\s+.+?\s+(.+)$",
            )
            .expect("valid regex"),
        ]
    });
    text.lines()
        .map(str::trim)
        .filter_map(|line| instant.captures(line).or_else(|| range.captures(line)))
        .filter_map(|caps| caps.get(1).map(|m| m.as_str().to_string()))
        .collect()
}

/// Every expression in fixtures/promqltest/*.test, read once per test binary.
fn corpus() -> &'static [String] {
    static CORPUS: OnceLock<Vec<String>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/promqltest");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|ext| ext == "test"))
            .collect();
        paths.sort();
        paths
            .iter()
            .flat_map(|p| {
                let text =
                    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                script_exprs(&text)
            })
            .collect()
    })
}

/// Parses `input` with every feature set; for each success checks that the printers' output
/// reads back. Returns how many feature sets accepted the input.
fn check_input(input: &str) -> Result<usize, TestCaseError> {
    let mut accepted = 0;
    for features in feature_sets() {
        if let Ok(expr) = promql::parse(input, features) {
            accepted += 1;
            check_round_trip(input, &expr, features)?;
        }
    }
    Ok(accepted)
}

fn check_round_trip(
    input: &str,
    expr: &promql::Expr,
    features: Features,
) -> Result<(), TestCaseError> {
    let canonical = expr.to_string();
    match promql::parse(&canonical, features) {
        Ok(again) => prop_assert_eq!(
            again.to_string(),
            canonical.clone(),
            "one-line form of {:?} is not a fixpoint",
            input
        ),
        Err(e) => {
            return Err(TestCaseError::fail(format!(
                "one-line form {canonical:?} of {input:?} does not parse: {}",
                e.display(&canonical)
            )))
        }
    }
    let pretty = promql::prettify(expr);
    match promql::parse(&pretty, features) {
        Ok(again) => prop_assert_eq!(
            again.to_string(),
            canonical,
            "pretty form of {:?} reads back as a different expression:\n{}",
            input,
            pretty
        ),
        Err(e) => {
            return Err(TestCaseError::fail(format!(
                "pretty form of {input:?} does not parse: {}\n{pretty}",
                e.display(&pretty)
            )))
        }
    }
    Ok(())
}

/// Characters PromQL's lexer has an opinion about, plus a few it should reject.
const PROMQL_ALPHABET: &str = "[a-z_{}()\\[\\]=~!\"',:+\\-*/%^<>@ 0-9.]{0,40}";

/// Characters inserted by the mutation test: syntax, digits, quotes, escapes, and non-ASCII.
const MUTATION_CHARS: &[char] = &[
    '(', ')', '{', '}', '[', ']', '"', '\'', '`', '\\', ',', ':', '=', '!', '~', '+', '-', '*',
    '/', '%', '^', '<', '>', '@', '.', ' ', '\n', '\t', '#', '0', '1', '5', '9', 'e', 'x', 'm',
    's', 'h', 'd', 'y', 'w', 'i', 'n', 'f', '_', 'é', '€', '\u{0}', '\u{FEFF}', '😀',
];

/// Small pieces of real PromQL, combined below into syntactically plausible expressions. About a
/// fifth survive type checking (random text: about 1%), so the round-trip property sees hundreds
/// of real parses per run, with keywords as names, odd quoting and nested modifiers.
fn leaf() -> impl Strategy<Value = String> {
    let metric = prop::sample::select(vec![
        "up",
        "foo",
        "http_requests_total",
        "a:b:c",
        "on",
        "by",
        "offset",
        "start",
        "nan",
        "inf",
        "bool",
        "group_left",
    ]);
    let label = prop::sample::select(vec![
        "job", "le", "on", "by", "bool", "offset", "_x", "Inf", "NaN",
    ]);
    let matcher_op = prop::sample::select(vec!["=", "!=", "=~", "!~"]);
    let value = prop::sample::select(vec![
        r#""""#,
        r#""api""#,
        r#"'a\'b'"#,
        "`r\\w+`",
        r#""\u00e9\n""#,
        r#"".*""#,
    ]);
    let matcher = (label.clone(), matcher_op, value).prop_map(|(l, o, v)| format!("{l}{o}{v}"));
    let matchers = prop::collection::vec(matcher, 0..3).prop_map(|ms| ms.join(", "));
    let selector = (metric, matchers).prop_map(|(m, ms)| {
        if ms.is_empty() {
            m.to_string()
        } else {
            format!("{m}{{{ms}}}")
        }
    });
    let utf8_selector = prop::sample::select(vec![
        r#"{"my.metric"}"#,
        r#"{"my.metric", "a.b"="c"}"#,
        r#"{__name__=~"x|y"}"#,
    ])
    .prop_map(str::to_string);
    let number = prop::sample::select(vec![
        "1", "0.5", "1e3", "0x1F", "Inf", "-NaN", ".5", "1_000", "5m", "1h30m",
    ])
    .prop_map(str::to_string);
    let string = prop::sample::select(vec![r#""s""#, "'t'", "`u`"]).prop_map(str::to_string);
    prop_oneof![4 => selector, 1 => utf8_selector, 2 => number, 1 => string]
}

fn grammar() -> impl Strategy<Value = String> {
    leaf().prop_recursive(5, 48, 4, |inner| {
        let binop = prop::sample::select(vec![
            "+", "-", "*", "/", "%", "^", "==", "!=", ">", "<", ">=", "<=", "and", "or", "unless",
            "atan2",
        ]);
        let modifier = prop::sample::select(vec![
            "",
            "bool",
            "on(job)",
            "ignoring(le)",
            "on() group_left",
            "on(job) group_right(le)",
            "bool on(job)",
            "ignoring(job) group_left(a) fill(0)",
            "fill_left(1) fill_right(NaN)",
        ]);
        // `{}` marks where the operand goes.
        let wrap = prop::sample::select(vec![
            "abs({})",
            "rate({})",
            "sum_over_time({})",
            "sort_by_label({}, \"job\")",
            "vector({})",
            "scalar({})",
            "histogram_quantile(0.9, {})",
            "label_replace({}, \"a\", \"$1\", \"job\", \"(.*)\")",
            "clamp({}, 0, 1)",
            "absent({})",
            "timestamp({})",
            "-{}",
            "+{}",
            "({})",
            "sum({})",
            "avg by (job) ({})",
            "count without (le, job) ({})",
            "sum({}) by (job)",
            "topk(3, {})",
            "quantile(0.5, {})",
            "count_values(\"v\", {})",
            "limitk(2, {})",
            "max by () ({})",
        ]);
        let suffix = prop::sample::select(vec![
            "[5m]",
            "[1h:5m]",
            "[10m:]",
            "[2m*15]",
            "[1m+(30s):step()]",
            " offset 5m",
            " offset -1h",
            " @ 100",
            " @ start()",
            " @ end() offset 1m",
            "[5m] anchored",
            "[5m] smoothed",
        ]);
        prop_oneof![
            (inner.clone(), binop, modifier, inner.clone())
                .prop_map(|(a, op, m, b)| format!("{a} {op} {m} {b}")),
            (wrap, inner.clone()).prop_map(|(w, a)| w.replace("{}", &a)),
            (inner, suffix).prop_map(|(a, s)| format!("{a}{s}")),
        ]
    })
}

/// Deletes, inserts or replaces one character of a corpus expression.
fn mutate(expr: &str, op: u8, at: usize, c: char) -> String {
    let mut chars: Vec<char> = expr.chars().collect();
    let at = at % (chars.len() + 1);
    match op % 3 {
        0 if at < chars.len() => {
            chars.remove(at);
        }
        1 if at < chars.len() => chars[at] = c,
        _ => chars.insert(at, c),
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_strings_never_panic(input in any::<String>()) {
        check_input(&input)?;
    }

    #[test]
    fn promql_alphabet_never_panics(input in PROMQL_ALPHABET) {
        check_input(&input)?;
    }

    #[test]
    fn generated_expressions_round_trip(input in grammar()) {
        check_input(&input)?;
    }

    #[test]
    fn corpus_mutations_never_panic(
        index in any::<prop::sample::Index>(),
        edits in prop::collection::vec(
            (any::<u8>(), any::<usize>(), prop::sample::select(MUTATION_CHARS)),
            1..4,
        ),
    ) {
        let exprs = corpus();
        let mut input = index.get(exprs).clone();
        for (op, at, c) in edits {
            input = mutate(&input, op, at, c);
        }
        check_input(&input)?;
    }
}

#[test]
fn corpus_reader_finds_every_eval_expression() {
    let exprs = corpus();
    // 21 scripts, 2,214 eval headers; a change here means the fixtures or the reader changed.
    assert_eq!(exprs.len(), 2214);
    assert!(exprs.iter().all(|e| !e.trim().is_empty()));
}

#[test]
fn script_exprs_reads_all_header_forms() {
    let script = "\
load 5m
  metric 1 2 3
# eval instant at 1m commented_out
eval instant at 1m sum(metric)
  {} 3
eval_fail instant at 0 foo{
  expected_fail_message x
eval_ordered instant at 5m sort(metric)
  eval range from 0 to 10m step 1m rate(metric[5m])
eval instant at 2m   spaced   out  
eval_warn range from 1m to 2m step 30s metric offset 1m
";
    assert_eq!(
        script_exprs(script),
        [
            "sum(metric)",
            "foo{",
            "sort(metric)",
            "rate(metric[5m])",
            "spaced   out",
            "metric offset 1m",
        ]
    );
}

#[test]
fn corpus_expressions_round_trip() {
    let mut parsed = 0;
    for input in corpus() {
        match check_input(input) {
            Ok(n) => parsed += usize::from(n > 0),
            Err(e) => panic!("{e}"),
        }
    }
    // Most corpus expressions are valid; the few eval_fail ones are meant to fail.
    assert!(parsed > 2100, "only {parsed} corpus expressions parsed");
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let shapes = [
        ("(", ")"),
        ("-", ""),
        ("abs(", ")"),
        ("sum(", ")"),
        ("{", "}"),
        ("(", "[5m:])"),
    ];
    for (open, close) in shapes {
        // Parsing, the one-line printer and dropping the tree must cope with deep nesting.
        let input = format!("{}1{}", open.repeat(20_000), close.repeat(20_000));
        for features in feature_sets() {
            if let Ok(expr) = promql::parse(&input, features) {
                let canonical = expr.to_string();
                assert!(promql::parse(&canonical, features).is_ok());
            }
        }
        // The pretty form indents every level, so its size grows with the square of the depth;
        // a shallower tree keeps this test fast while still recursing well past a few frames.
        let input = format!("{}1{}", open.repeat(500), close.repeat(500));
        check_input(&input).unwrap_or_else(|e| panic!("{e}"));
    }
    let chain = format!("1{}", " + 1".repeat(20_000));
    let expr = promql::parse(&chain, Features::all()).unwrap_or_else(|e| panic!("{}", e.msg));
    assert!(promql::parse(&expr.to_string(), Features::all()).is_ok());
    let chain = format!("1{}", " + 1".repeat(500));
    assert_eq!(check_input(&chain).unwrap_or_else(|e| panic!("{e}")), 2);
}

#[test]
fn mutate_edits_on_char_boundaries() {
    assert_eq!(mutate("aé", 0, 1, 'x'), "a");
    assert_eq!(mutate("aé", 1, 1, 'x'), "ax");
    assert_eq!(mutate("aé", 2, 1, 'x'), "axé");
    // Positions past the end wrap, and an edit at the end appends.
    assert_eq!(mutate("ab", 0, 2, '€'), "ab€");
    assert_eq!(mutate("", 1, 7, '('), "(");
}

/// Found by `cargo fuzz run promql_parse`: a `\xff` escape in a matcher value or label name
/// was kept as U+FFFD and printed raw, which the lexer (like Prometheus's) rejects. Matchers now
/// keep the bytes and print `"\xff"`, as Prometheus does; U+FFFD itself is quoted as `\ufffd`
/// (Go's strconv.Quote leaves it raw, so Prometheus fails this round trip). A grouping label that
/// is not UTF-8 is rejected as Prometheus rejects it.
#[test]
fn replacement_character_round_trips() {
    for input in [
        r#"{a="\xff"}"#,
        r#"{a='\377'}"#,
        r#"{"\xff"="a"}"#,
        r#"sum by ("\xff") (x)"#,
        r#"{a="\ufffd"}"#,
        r#""\ufffd""#,
    ] {
        check_input(input).unwrap_or_else(|e| panic!("{e}"));
    }
}

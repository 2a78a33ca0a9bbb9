//! Prometheus's own parser test table (fixtures/promql/parse_cases.json): every input must parse
//! or fail exactly as Prometheus does, with the same first error message and position.

use lookout::promql::{self, Feature, Features};
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = format!("{}/fixtures/promql/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).expect("valid JSON fixture")
}

#[test]
fn upstream_parse_cases() {
    let doc = fixture("parse_cases.json");
    let features = Features::none()
        .with(Feature::ExperimentalFunctions)
        .with(Feature::DurationExpr)
        .with(Feature::ExtendedRangeSelectors);
    let mut failures = Vec::new();
    let cases = doc["cases"].as_array().expect("cases");
    for case in cases {
        let input = case["input"].as_str().expect("input");
        let should_fail = case["fail"].as_bool().unwrap_or(false);
        let got = promql::parse(input, features);
        match (should_fail, got) {
            (false, Ok(_)) => {}
            (false, Err(e)) => failures.push(format!(
                "line {}: {:?} should parse, got {}",
                case["line"],
                input,
                e.display(input)
            )),
            (true, Ok(e)) => failures.push(format!(
                "line {}: {:?} should fail, parsed as {}",
                case["line"], input, e
            )),
            (true, Err(e)) => {
                let want = &case["errors"][0];
                let (ws, we, wm) = (
                    want["start"].as_u64().unwrap_or(0) as usize,
                    want["end"].as_u64().unwrap_or(0) as usize,
                    want["msg"].as_str().unwrap_or(""),
                );
                // Prometheus's operator ranges (between the operands of a binary expression)
                // end on the last character; ours end after it, as every other span does.
                let operator_range = e.msg.starts_with("bool modifier")
                    || e.msg.starts_with("comparisons between scalars")
                    || e.msg.contains("must not occur in ON and GROUP clause");
                let end_ok = e.span.end == we || (operator_range && e.span.end == we + 1);
                if e.msg != wm || e.span.start != ws || !end_ok {
                    failures.push(format!(
                        "line {}: {:?}\n    want {}..{} {}\n    got  {}..{} {}",
                        case["line"], input, ws, we, wm, e.span.start, e.span.end, e.msg
                    ));
                }
            }
        }
    }
    println!(
        "upstream parser cases: {} passed, {} failed",
        cases.len() - failures.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn features_from(opts: &Value) -> Features {
    let mut f = Features::none();
    for (key, feature) in [
        (
            "enable_experimental_functions",
            Feature::ExperimentalFunctions,
        ),
        ("experimental_duration_expr", Feature::DurationExpr),
        (
            "enable_extended_range_selectors",
            Feature::ExtendedRangeSelectors,
        ),
        ("enable_binop_fill_modifiers", Feature::BinopFillModifiers),
    ] {
        if opts[key].as_bool().unwrap_or(false) {
            f = f.with(feature);
        }
    }
    f
}

/// Prometheus's printer and prettier tables (fixtures/promql/format_cases.json): the canonical
/// one-line form and the prettified form must be byte-identical to Prometheus's.
#[test]
fn upstream_format_cases() {
    let doc = fixture("format_cases.json");
    let cases = doc["cases"].as_array().expect("cases");
    let mut failures = Vec::new();
    for case in cases {
        let input = case["input"].as_str().expect("input");
        let expected = case["expected"].as_str().expect("expected");
        let opts = &case["options"];
        let expr = match promql::parse(input, features_from(opts)) {
            Ok(e) => e,
            Err(e) => {
                failures.push(format!(
                    "line {}: {:?} does not parse: {}",
                    case["line"],
                    input,
                    e.display(input)
                ));
                continue;
            }
        };
        let got = if case["kind"] == "pretty" {
            let max = opts["max_line_length"].as_u64().unwrap_or(100) as usize;
            promql::prettify_with(&expr, max)
        } else {
            expr.to_string()
        };
        if got != expected {
            failures.push(format!(
                "line {} ({}): {:?}\n--- want\n{}\n--- got\n{}",
                case["line"], case["kind"], input, expected, got
            ));
        }
    }
    println!(
        "upstream format cases: {} passed, {} failed",
        cases.len() - failures.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

//! Property tests: no rule file, unit-test file or template, however mangled, makes the YAML
//! layer, rule validation, the template engine or the unit-test runner panic.

use std::sync::OnceLock;

use lookout::rules::{parse_rule_file, unittest, ParseOptions};
use lookout::template::expand::{self, AlertData, Context};
use lookout::template::Value;
use proptest::prelude::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

/// The rule files and unit-test files of the fixtures.
fn seeds() -> &'static [String] {
    static SEEDS: OnceLock<Vec<String>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut out = Vec::new();
        for dir in ["rulefmt", "promtool-rules", "rules-diff"] {
            let mut paths: Vec<_> = std::fs::read_dir(format!("{FIXTURES}/{dir}"))
                .expect("fixture dir")
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
                .collect();
            paths.sort();
            out.extend(
                paths
                    .iter()
                    .map(|p| std::fs::read_to_string(p).expect("fixture")),
            );
        }
        out
    })
}

/// A seed with a few random edits: bytes removed, YAML-ish text inserted, lines repeated.
fn mangled() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ":",
        "- ",
        "'",
        "\"",
        "|",
        ">",
        "&a",
        "*a",
        "<<: *a",
        "!!str",
        "#",
        "\n",
        "  ",
        "\t",
        "{{",
        "}}",
        "$labels",
        "expr: ",
        "for: 5x",
        "0x",
        "1e9999",
        "é",
        "\u{0}",
        "groups:",
        "rules:",
        "tests:",
        "- record: ",
        "- alert: ",
        "values: '1+1x3'",
        "eval_time: ",
    ]);
    crate::support::mangled(seeds(), piece)
}

fn template_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "{{",
        "}}",
        "{{-",
        "-}}",
        " ",
        ".",
        "$",
        "$x",
        ":=",
        "=",
        "|",
        "(",
        ")",
        "\"s\"",
        "`r`",
        "'c'",
        "1",
        "-2.5e3",
        "0x1f",
        "if",
        "else",
        "end",
        "range",
        "with",
        "define",
        "template",
        "block",
        "break",
        "continue",
        "nil",
        "true",
        "printf",
        "\"%d %s %v %.2f %q\"",
        "len",
        "index",
        "slice",
        "eq",
        "lt",
        "and",
        "or",
        "not",
        "humanize",
        "query",
        "first",
        "value",
        "title",
        ".Labels",
        "$labels",
        "$value",
        ".Value",
        "/*",
        "*/",
        ",",
        "\n",
    ]);
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn rule_files_never_panic(text in mangled()) {
        let _ = lookout::yaml::parse(&text);
        let _ = parse_rule_file(&text, &ParseOptions::default());
    }

    #[test]
    fn templates_never_panic(text in template_text()) {
        let data = AlertData::template_value(
            &[("job".into(), "api".into())],
            &[],
            "http://x",
            Value::Float(0.5),
        );
        let q = |_: &str| -> Result<expand::QueryRows, String> { Ok(vec![(vec![], Value::Float(1.0))]) };
        let ctx = Context { timestamp_ms: 1000, query: Some(&q), external_url: Some("http://x") };
        let _ = expand::parse_test("t", &text);
        let _ = expand::expand("t", &format!("{}{text}", expand::ALERT_DEFS), &data, &ctx);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Mangled unit-test files run next to the real rule files.
    #[test]
    fn unit_test_files_never_panic(text in mangled()) {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::copy(format!("{FIXTURES}/rules-diff/rules.yml"), dir.path().join("rules.yml"))
            .expect("copy");
        let path = dir.path().join("test.yml");
        std::fs::write(&path, text).expect("write");
        let reports = unittest::run_files(&[path], &unittest::Options { threads: 1, ..Default::default() });
        prop_assert_eq!(reports.len(), 1);
    }
}

//! Prometheus's rulefmt fixtures (fixtures/rulefmt): every bad file's first error contains the
//! expected text, every good file parses without errors, each under the name validation its
//! row names (legacy only where the row says so).

use lookout::rules::{parse_rule_file, FindingKind, NameValidation, ParseOptions};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/rulefmt");

/// Rows of a TSV file after the header, split on tabs.
fn rows(name: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(format!("{DIR}/{name}")).expect("readable TSV");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

fn options(note: &str) -> ParseOptions {
    ParseOptions {
        names: if note.contains("LEGACY") {
            NameValidation::Legacy
        } else {
            NameValidation::Utf8
        },
        ..ParseOptions::default()
    }
}

#[test]
fn rulefmt_fixtures_give_prometheus_verdicts() {
    let mut checked = 0;
    for row in rows("EXPECTED_ERRORS.tsv") {
        let (file, substring, note) = (&row[0], &row[1], &row[2]);
        let text = std::fs::read_to_string(format!("{DIR}/{file}")).expect("fixture");
        let (parsed, findings) = parse_rule_file(&text, &options(note));
        assert!(parsed.is_none(), "{file}: accepted, expected {substring:?}");
        let first = findings
            .iter()
            .find(|f| f.kind == FindingKind::Error)
            .unwrap_or_else(|| panic!("{file}: no error"));
        assert!(
            first.promtool_text.contains(substring.as_str()),
            "{file}: first error {:?} does not contain {substring:?}",
            first.promtool_text
        );
        checked += 1;
    }
    for row in rows("EXPECTED_OK.tsv") {
        let (file, note) = (&row[0], &row[1]);
        let text = std::fs::read_to_string(format!("{DIR}/{file}")).expect("fixture");
        let (parsed, findings) = parse_rule_file(&text, &options(note));
        let errors: Vec<_> = findings
            .iter()
            .filter(|f| f.kind == FindingKind::Error)
            .collect();
        assert!(errors.is_empty(), "{file}: {errors:?}");
        assert!(parsed.is_some(), "{file}");
        checked += 1;
    }
    println!("rulefmt fixtures: {checked} files give Prometheus's verdict");
    assert_eq!(checked, 16);
}

#[test]
fn aliases_resolve_like_go_yaml() {
    let text = std::fs::read_to_string(format!("{DIR}/test_aliases.yaml")).expect("fixture");
    let (parsed, _) = parse_rule_file(&text, &ParseOptions::default());
    let file = parsed.expect("valid");
    let rules = &file.groups[0].rules;
    assert_eq!(rules[0].name, "HighAlert");
    assert_eq!(rules[1].name, "new_metric");
    assert_eq!(rules[3].name, "HighAlert2");
    assert_eq!(rules[3].for_ms, 300_000);
    assert!(rules.iter().all(|r| r.expr == rules[0].expr));
}

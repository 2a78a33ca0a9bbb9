//! Prometheus's relabeling test table (fixtures/relabel/cases.json, from
//! model/relabel/relabel_test.go): every case validates and gives Prometheus's output.

use lookout::config::relabel::{process, Action, Config, Regex};
use lookout::model::labels::Labels;
use lookout::rules::NameValidation;
use serde_json::Value;

fn labels(v: &Value) -> Labels {
    Labels::from_pairs(
        v.as_object()
            .expect("label map")
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().expect("label value").to_string())),
    )
}

fn action(name: &str) -> Action {
    match name {
        "Replace" => Action::Replace,
        "Keep" => Action::Keep,
        "Drop" => Action::Drop,
        "KeepEqual" => Action::KeepEqual,
        "DropEqual" => Action::DropEqual,
        "HashMod" => Action::HashMod,
        "LabelMap" => Action::LabelMap,
        "LabelDrop" => Action::LabelDrop,
        "LabelKeep" => Action::LabelKeep,
        "Lowercase" => Action::Lowercase,
        "Uppercase" => Action::Uppercase,
        other => panic!("unknown action {other}"),
    }
}

/// A config as the Go test builds it, with the defaults its harness fills in.
fn config(v: &Value) -> Config {
    let s = |k: &str| v.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
    let mut c = Config::default();
    if let Some(src) = v.get("SourceLabels").and_then(Value::as_array) {
        c.source_labels = Some(
            src.iter()
                .map(|x| x.as_str().expect("name").to_string())
                .collect(),
        );
    }
    if let Some(sep) = s("Separator") {
        c.separator = sep.to_string();
    }
    if let Some(re) = s("Regex") {
        c.regex = Regex::new(re).expect("regex");
    }
    if let Some(r) = s("Replacement") {
        c.replacement = r.to_string();
    }
    if let Some(t) = v.get("TargetLabel").and_then(Value::as_str) {
        c.target_label = t.to_string();
    }
    if let Some(a) = s("Action") {
        c.action = action(a);
    }
    if let Some(m) = v.get("Modulus").and_then(Value::as_u64) {
        c.modulus = m;
    }
    c
}

#[test]
fn prometheus_relabel_table() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/relabel/cases.json"
    ))
    .expect("cases");
    let cases: Vec<Value> = serde_json::from_str(&text).expect("json");
    for (i, case) in cases.iter().enumerate() {
        let cfgs: Vec<Config> = case["relabel"]
            .as_array()
            .expect("configs")
            .iter()
            .map(config)
            .collect();
        for c in &cfgs {
            c.validate(NameValidation::Utf8)
                .unwrap_or_else(|e| panic!("case {i}: {e}"));
        }
        let got = process(&labels(&case["input"]), &cfgs, NameValidation::Utf8);
        if case.get("drop").and_then(Value::as_bool) == Some(true) {
            assert!(got.is_none(), "case {i}: kept {got:?}");
        } else {
            assert_eq!(got, Some(labels(&case["output"])), "case {i}");
        }
    }
    println!(
        "relabel: {} of Prometheus's cases give its output",
        cases.len()
    );
    assert_eq!(cases.len(), 34);
}

//! Prometheus's promqltest corpus (fixtures/promqltest): every `eval` expression parses with all
//! features on (as Prometheus's harness runs them), and formatting is lossless:
//! `parse(format(e)) == parse(e)` for both the one-line and the prettified form, spans aside.

use std::collections::BTreeMap;

use lookout::promql::promqltest::{parse_script, Command};
use lookout::promql::{self, json::expr_json, Features};
use serde_json::Value;

/// Every eval expression of the corpus: (file, line, expression, expects failure).
fn corpus() -> Vec<(String, usize, String, bool)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/promqltest");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus directory")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "test"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("readable test file");
        let script = parse_script(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        for cmd in script.commands {
            if let Command::Eval(ev) = cmd {
                out.push((name.clone(), ev.line, ev.expr, ev.fail.is_some()));
            }
        }
    }
    out
}

/// The tree without positions, for structural comparison. Matchers compare as a set: the
/// printer sorts them, as Prometheus's does, which changes nothing about what they select.
fn shape(e: &promql::Expr) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.remove("span");
                if let Some(Value::Array(ms)) = m.get_mut("matchers") {
                    ms.sort_by_key(|x| x.to_string());
                }
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = expr_json(e);
    strip(&mut v);
    v
}

#[test]
fn every_corpus_expression_parses_and_round_trips() {
    let corpus = corpus();
    let mut per_file: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for (file, line, expr, _expects_failure) in &corpus {
        let entry = per_file.entry(file).or_default();
        // The corpus's `expect fail` evals all fail at evaluation time, never at parse time, so
        // every expression must parse.
        let parsed = match promql::parse(expr, Features::all()) {
            Ok(e) => e,
            Err(e) => {
                entry.1 += 1;
                failures.push(format!("{file}:{line}: {expr}\n    {}", e.display(expr)));
                continue;
            }
        };
        entry.0 += 1;
        let want = shape(&parsed);
        for (form, text) in [
            ("one-line", parsed.to_string()),
            ("pretty", promql::prettify(&parsed)),
        ] {
            match promql::parse(&text, Features::all()) {
                Ok(again) if shape(&again) == want => {}
                Ok(again) => failures.push(format!(
                    "{file}:{line}: {form} form changes the tree\n    in:  {expr}\n    out: {text}\n    reparsed: {again}"
                )),
                Err(e) => failures.push(format!(
                    "{file}:{line}: {form} form does not parse\n    in:  {expr}\n    out: {text}\n    {}",
                    e.display(&text)
                )),
            }
        }
    }
    for (file, (ok, bad)) in &per_file {
        println!("{file:28} {ok:5} parsed {bad:3} failed");
    }
    let parsed: usize = per_file.values().map(|v| v.0).sum();
    println!(
        "promqltest corpus: {} evals, {} parsed, {} failed",
        corpus.len(),
        parsed,
        corpus.len() - parsed
    );
    assert_eq!(corpus.len(), 2214, "the corpus has 2,214 evals");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

//! Prometheus's promqltest corpus (fixtures/promqltest) run through lookout's runner and
//! engine, with per-file and total pass/fail/skip counts in the test output
//! (`cargo test --test cli promqltest_run -- --nocapture`).

use std::path::PathBuf;

use lookout::promql::runner::{run_files, Outcome, RunOptions};

/// Evals in the corpus; every one must be reported, and none skipped.
const CORPUS_EVALS: usize = 2214;

/// Passing evals last observed; raise it as the engine improves so regressions show.
const EXPECTED_MIN_PASSED: usize = 2214;

/// Every eval must pass.
const REQUIRE_ALL_PASS: bool = true;

fn corpus_files() -> Vec<PathBuf> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/promqltest");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus directory")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "test"))
        .collect();
    files.sort();
    files
}

#[test]
fn promqltest_corpus() {
    let files = corpus_files();
    let results = run_files(&files, &RunOptions::default());
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    let mut failures = Vec::new();
    let mut script_errors = Vec::new();
    for (path, result) in files.iter().zip(results) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let report = match result {
            Ok(r) => r,
            Err(e) => {
                script_errors.push(format!("{name}: {e}"));
                continue;
            }
        };
        if let Some(e) = &report.error {
            script_errors.push(format!("{name}: {e}"));
        }
        println!(
            "{name:28} {:5} passed {:5} failed {:5} skipped",
            report.passed(),
            report.failed(),
            report.skipped()
        );
        passed += report.passed();
        failed += report.failed();
        skipped += report.skipped();
        for ev in &report.evals {
            if let Outcome::Failed(msg) = &ev.outcome {
                let first = msg.lines().next().unwrap_or_default();
                failures.push(format!("{name}:{}: {first}", ev.line));
            }
        }
    }
    let total = passed + failed + skipped;
    println!(
        "promqltest corpus: {total} evals, {passed} passed, {failed} failed, {skipped} skipped"
    );
    if !failures.is_empty() {
        println!("failures (first line of each):");
        for f in &failures {
            println!("  {f}");
        }
    }
    assert!(
        script_errors.is_empty(),
        "scripts that could not run:\n{}",
        script_errors.join("\n")
    );
    assert_eq!(total, CORPUS_EVALS, "every eval is reported once");
    assert_eq!(skipped, 0, "no eval is skipped");
    assert!(
        passed >= EXPECTED_MIN_PASSED,
        "{passed} evals passed, fewer than the {EXPECTED_MIN_PASSED} seen before"
    );
    if REQUIRE_ALL_PASS {
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

//! `lookout test ...`.

use std::fmt::Write as _;
use std::io::{self, Write};

use anyhow::{Context, Result};
use regex::Regex;

use super::Outcome;
use crate::cli::{RulesTestOutput, TestCommand, TestOutput, TestPromqlArgs, TestRulesArgs};
use crate::diag::{self, Diagnostic, JunitCase};
use crate::promql::runner::{self, FileReport, Outcome as EvalStatus, RunError, RunOptions};
use crate::promql::Features;
use crate::rules::unittest;

pub fn run(cmd: TestCommand, features: Features, delayed_name_removal: bool) -> Result<Outcome> {
    match cmd {
        TestCommand::Promql(args) => test_promql(args),
        TestCommand::Rules(args) => test_rules(args, features, delayed_name_removal),
    }
}

fn test_rules(
    args: TestRulesArgs,
    features: Features,
    delayed_name_removal: bool,
) -> Result<Outcome> {
    let run = if args.run.is_empty() {
        None
    } else {
        Some(
            crate::regex::go_search_regex(&args.run.join("|"))
                .map_err(|e| anyhow::anyhow!("invalid --run regular expression: {e}"))?,
        )
    };
    let opts = unittest::Options {
        run,
        features,
        ignore_unknown_fields: args.ignore_unknown_fields,
        debug: args.debug,
        diff: args.diff,
        delayed_name_removal,
        threads: args.jobs,
    };
    let reports = unittest::run_files(&args.files, &opts);
    // One suite per file and one case per test group, as promtool's report.
    let junit = || {
        let suites: Vec<(String, Vec<JunitCase>)> = reports
            .iter()
            .map(|r| {
                let file_case = r.file_error.as_ref().map(|e| JunitCase {
                    name: "unknown".into(),
                    classname: r.file.clone(),
                    failures: vec![Diagnostic::error("rules/test", e.clone())],
                    ..JunitCase::default()
                });
                let cases = file_case
                    .into_iter()
                    .chain(r.groups.iter().map(|g| {
                        JunitCase {
                            name: g.name.clone(),
                            classname: r.file.clone(),
                            failures: g
                                .errors
                                .iter()
                                .map(|e| Diagnostic::error("rules/test", e.clone()))
                                .collect(),
                            time_secs: g.seconds,
                            ..JunitCase::default()
                        }
                    }))
                    .collect();
                (r.file.clone(), cases)
            })
            .collect();
        diag::render_junit_suites("lookout test rules", &suites)
    };
    if let Some(path) = &args.junit {
        std::fs::write(path, junit()).with_context(|| format!("writing {}", path.display()))?;
    }
    let mut out = io::stdout().lock();
    match args.output {
        RulesTestOutput::Human => {
            for r in &reports {
                writeln!(out, "Unit Testing:  {}", r.file)?;
                for w in &r.warnings {
                    eprintln!("  WARNING: {w}");
                }
                for g in &r.groups {
                    if !g.debug.is_empty() {
                        eprint!("{}", g.debug);
                    }
                }
                if r.passed() {
                    writeln!(out, "  SUCCESS")?;
                } else {
                    out.flush()?;
                    eprintln!("  FAILED:");
                    for e in r.errors() {
                        eprintln!("{e}");
                        writeln!(out)?;
                    }
                }
                writeln!(out)?;
            }
        }
        RulesTestOutput::Json => {
            let files: Vec<serde_json::Value> = reports
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "file": r.file,
                        "passed": r.passed(),
                        "error": r.file_error,
                        "warnings": r.warnings,
                        "groups": r.groups.iter().map(|g| serde_json::json!({
                            "name": g.name,
                            "passed": g.errors.is_empty(),
                            "errors": g.errors,
                            "seconds": g.seconds,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "passed": reports.iter().all(unittest::FileReport::passed),
                "files": files,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
        RulesTestOutput::Junit => out.write_all(junit().as_bytes())?,
    }
    Ok(Outcome::from_ok(
        reports.iter().all(unittest::FileReport::passed),
    ))
}

#[derive(Default)]
struct Totals {
    passed: usize,
    failed: usize,
    skipped: usize,
    errors: usize,
}

fn totals(results: &[FileReport]) -> Totals {
    let mut t = Totals::default();
    for r in results {
        t.passed += r.passed();
        t.failed += r.failed();
        t.skipped += r.skipped();
        t.errors += usize::from(r.error.is_some());
    }
    t
}

fn test_promql(args: TestPromqlArgs) -> Result<Outcome> {
    let run_regex = args
        .run
        .as_deref()
        .map(Regex::new)
        .transpose()
        .context("invalid --run regular expression")?;
    let opts = RunOptions { run_regex };
    let mut results = Vec::new();
    for (path, r) in args.files.iter().zip(runner::run_files(&args.files, &opts)) {
        match r {
            Ok(report) => results.push(report),
            Err(e @ RunError::Io { .. }) => return Err(e.into()),
            // A script that did not parse: reported with no evals.
            Err(RunError::Script(e)) => results.push(FileReport {
                file: path.display().to_string(),
                error: Some(e.to_string()),
                ..FileReport::default()
            }),
        }
    }

    let text = match args.output {
        TestOutput::Human => render_human(&results),
        TestOutput::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&render_json(&results))?
        ),
        TestOutput::Junit => render_junit(&results),
    };
    io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .context("writing output")?;
    Ok(Outcome::from_ok(results.iter().all(FileReport::ok)))
}

fn render_human(results: &[FileReport]) -> String {
    // Writing to a String cannot fail.
    let mut out = String::new();
    for r in results {
        let _ = writeln!(
            out,
            "{}: {} passed, {} failed, {} skipped",
            r.file,
            r.passed(),
            r.failed(),
            r.skipped()
        );
        if let Some(e) = &r.error {
            let _ = writeln!(out, "  ERROR {}: {e}", r.file);
        }
        for ev in &r.evals {
            if let EvalStatus::Failed(msg) = &ev.outcome {
                let _ = writeln!(out, "  FAIL {}:{}: {}", r.file, ev.line, ev.expr);
                for line in msg.lines() {
                    let _ = writeln!(out, "    {line}");
                }
            }
        }
    }
    let t = totals(results);
    let _ = write!(
        out,
        "TOTAL: {} passed, {} failed, {} skipped in {} file{}",
        t.passed,
        t.failed,
        t.skipped,
        results.len(),
        if results.len() == 1 { "" } else { "s" }
    );
    if t.errors > 0 {
        let _ = write!(
            out,
            ", {} file{} with errors",
            t.errors,
            if t.errors == 1 { "" } else { "s" }
        );
    }
    out.push('\n');
    out
}

fn render_json(results: &[FileReport]) -> serde_json::Value {
    let files: Vec<serde_json::Value> = results
        .iter()
        .map(|r| {
            let evals: Vec<serde_json::Value> = r
                .evals
                .iter()
                .map(|ev| {
                    let (status, message) = match &ev.outcome {
                        EvalStatus::Passed => ("passed", None),
                        EvalStatus::Failed(m) => ("failed", Some(m.as_str())),
                        EvalStatus::Skipped(m) => ("skipped", Some(m.as_str())),
                    };
                    serde_json::json!({
                        "line": ev.line,
                        "expr": ev.expr,
                        "status": status,
                        "message": message,
                    })
                })
                .collect();
            serde_json::json!({
                "file": r.file,
                "passed": r.passed(),
                "failed": r.failed(),
                "skipped": r.skipped(),
                "error": r.error,
                "evals": evals,
            })
        })
        .collect();
    let t = totals(results);
    serde_json::json!({
        "passed": t.passed,
        "failed": t.failed,
        "skipped": t.skipped,
        "errors": t.errors,
        "files": files,
    })
}

/// A failure message as a diagnostic: the first line is the message, the rest are notes.
fn failure(code: &str, msg: &str) -> Diagnostic {
    let mut lines = msg.lines();
    let mut d = Diagnostic::error(code, lines.next().unwrap_or_default());
    for l in lines {
        d = d.with_note(l);
    }
    d
}

fn render_junit(results: &[FileReport]) -> String {
    let mut cases = Vec::new();
    for r in results {
        if let Some(e) = &r.error {
            cases.push(JunitCase {
                name: r.file.clone(),
                classname: r.file.clone(),
                failures: vec![failure("promqltest/script", e)],
                ..JunitCase::default()
            });
        }
        for ev in &r.evals {
            let mut case = JunitCase {
                name: format!("{}:{}", r.file, ev.line),
                classname: r.file.clone(),
                ..JunitCase::default()
            };
            match &ev.outcome {
                EvalStatus::Passed => {}
                EvalStatus::Failed(m) => case.failures.push(failure("promqltest/eval", m)),
                EvalStatus::Skipped(reason) => case.skipped = Some(reason.clone()),
            }
            cases.push(case);
        }
    }
    diag::render_junit("lookout test promql", &cases)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::promql::runner::EvalOutcome;

    fn sample_results() -> Vec<FileReport> {
        let report = FileReport {
            file: "a.test".into(),
            evals: vec![
                EvalOutcome {
                    line: 3,
                    expr: "foo".into(),
                    outcome: EvalStatus::Passed,
                },
                EvalOutcome {
                    line: 7,
                    expr: "bar".into(),
                    outcome: EvalStatus::Failed(
                        "error in eval bar (line 7): expected 1 for {} but got 2\n  expected:\n    {} 1"
                            .into(),
                    ),
                },
                EvalOutcome {
                    line: 9,
                    expr: "h".into(),
                    outcome: EvalStatus::Skipped("native histograms (issue 4)".into()),
                },
            ],
            error: None,
        };
        vec![
            report,
            FileReport {
                file: "b.test".into(),
                error: Some("3: invalid command \"nope\"".into()),
                ..FileReport::default()
            },
        ]
    }

    #[test]
    fn human_output() {
        let out = render_human(&sample_results());
        assert_eq!(
            out,
            "a.test: 1 passed, 1 failed, 1 skipped\n\
             \x20 FAIL a.test:7: bar\n\
             \x20   error in eval bar (line 7): expected 1 for {} but got 2\n\
             \x20     expected:\n\
             \x20       {} 1\n\
             b.test: 0 passed, 0 failed, 0 skipped\n\
             \x20 ERROR b.test: 3: invalid command \"nope\"\n\
             TOTAL: 1 passed, 1 failed, 1 skipped in 2 files, 1 file with errors\n"
        );
    }

    #[test]
    fn json_output() {
        let v = render_json(&sample_results());
        assert_eq!(v["passed"], 1);
        assert_eq!(v["failed"], 1);
        assert_eq!(v["skipped"], 1);
        assert_eq!(v["errors"], 1);
        assert_eq!(v["files"][0]["evals"][1]["status"], "failed");
        assert_eq!(v["files"][0]["evals"][1]["line"], 7);
        assert_eq!(
            v["files"][0]["evals"][2]["message"],
            "native histograms (issue 4)"
        );
        assert_eq!(
            v["files"][0]["evals"][0]["message"],
            serde_json::Value::Null
        );
        assert_eq!(v["files"][1]["error"], "3: invalid command \"nope\"");
    }

    #[test]
    fn junit_output() {
        let xml = render_junit(&sample_results());
        assert!(
            xml.contains("tests=\"4\" failures=\"2\" errors=\"0\" skipped=\"1\""),
            "{xml}"
        );
        assert!(
            xml.contains("<testcase name=\"a.test:3\" classname=\"a.test\""),
            "{xml}"
        );
        assert!(
            xml.contains("<skipped message=\"native histograms (issue 4)\"/>"),
            "{xml}"
        );
        assert!(xml.contains("<testcase name=\"b.test\""), "{xml}");
        assert!(xml.contains("expected 1 for {} but got 2"), "{xml}");
    }
}

//! `lookout check ...`.

use std::io::{self, Write};
use std::sync::Arc;

use anyhow::{Context, Result};

use super::{read_file, read_stdin, Outcome};
use crate::cli::{CheckCommand, CheckOutput, CheckPromqlArgs, CheckRulesArgs};
use crate::diag::{self, Diagnostic, JunitCase, SourceFile};
use crate::lint::rules::{duplicate_rules, promtool_duplicates_text};
use crate::promql::{self, Features};
use crate::rules::{parse_rule_file, FindingKind, ParseOptions, RuleFile};

pub fn run(cmd: CheckCommand, features: Features) -> Result<Outcome> {
    match cmd {
        CheckCommand::Promql(args) => check_promql(args, features),
        CheckCommand::Rules(args) => check_rules(args, features),
        CheckCommand::Config(args) => super::check_config::run(args, features),
        CheckCommand::WebConfig(args) => super::check_web_config::run(args),
        CheckCommand::Metrics(args) => super::check_metrics::run(args),
        CheckCommand::Dashboards(args) => super::check_dashboards::run(args, features),
        CheckCommand::GrafanaProvisioning(args) => super::check_grafana_provisioning::run(args),
    }
}

/// Writes findings in one of the machine formats (`Human` is each command's own). `summary`
/// is the JSON document's other fields; `cases` the JUnit test cases.
pub(super) fn write_machine_output(
    output: CheckOutput,
    diagnostics: &[Diagnostic],
    mut summary: serde_json::Value,
    suite: &str,
    cases: &[JunitCase],
) -> Result<()> {
    let mut out = io::stdout().lock();
    let text = match output {
        CheckOutput::Human => return Ok(()),
        CheckOutput::Json => {
            summary["diagnostics"] = diag::render_json(diagnostics);
            serde_json::to_string_pretty(&summary)? + "\n"
        }
        CheckOutput::Github => diag::render_github(diagnostics),
        CheckOutput::Junit => diag::render_junit(suite, cases),
        CheckOutput::Sarif => {
            serde_json::to_string_pretty(&diag::render_sarif(diagnostics))? + "\n"
        }
    };
    out.write_all(text.as_bytes()).context("writing output")
}

/// Per-file results of a command that checks files one by one: the JSON `files` list, the
/// JUnit cases and every finding, written out in the machine format at the end.
pub(super) struct FileResults {
    suite: &'static str,
    files_json: Vec<serde_json::Value>,
    cases: Vec<JunitCase>,
    diagnostics: Vec<Diagnostic>,
    failed: bool,
}

impl FileResults {
    pub(super) fn new(suite: &'static str) -> FileResults {
        FileResults {
            suite,
            files_json: Vec::new(),
            cases: Vec::new(),
            diagnostics: Vec::new(),
            failed: false,
        }
    }

    /// Records one file: its JSON entry and its findings (errors fail it).
    pub(super) fn push(
        &mut self,
        name: &str,
        json: serde_json::Value,
        diagnostics: Vec<Diagnostic>,
    ) {
        let failures: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        self.failed |= !failures.is_empty();
        self.files_json.push(json);
        self.cases.push(JunitCase {
            name: name.to_string(),
            classname: self.suite.to_string(),
            failures,
            ..JunitCase::default()
        });
        self.diagnostics.extend(diagnostics);
    }

    /// Writes the machine output (nothing for `Human`) and gives the verdict.
    pub(super) fn finish(self, output: CheckOutput) -> Result<Outcome> {
        write_machine_output(
            output,
            &self.diagnostics,
            serde_json::json!({ "files": self.files_json }),
            self.suite,
            &self.cases,
        )?;
        Ok(Outcome::from_ok(!self.failed))
    }
}

/// One expression to check: where it lives and where in that source it starts.
struct Item {
    file: Arc<SourceFile>,
    start: usize,
    end: usize,
}

/// Lines holding expressions: non-blank, not starting with `#`.
fn line_items(file: &Arc<SourceFile>) -> Vec<Item> {
    let mut items = Vec::new();
    let mut offset = 0;
    for line in file.text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            items.push(Item {
                file: Arc::clone(file),
                start: offset,
                end: offset + body.len(),
            });
        }
        offset += line.len();
    }
    items
}

fn check_promql(args: CheckPromqlArgs, features: Features) -> Result<Outcome> {
    let mut items = Vec::new();
    for (i, expr) in args.exprs.iter().enumerate() {
        if expr == "-" {
            let file = Arc::new(SourceFile::new("<stdin>", read_stdin()?));
            items.extend(line_items(&file));
        } else {
            let file = Arc::new(SourceFile::new(format!("<arg {}>", i + 1), expr.clone()));
            let end = file.text.len();
            items.push(Item {
                file,
                start: 0,
                end,
            });
        }
    }
    for path in &args.file {
        let file = Arc::new(SourceFile::new(
            path.display().to_string(),
            read_file(path)?,
        ));
        items.extend(line_items(&file));
    }
    if items.is_empty() {
        anyhow::bail!("no expressions to check: give EXPR arguments, --file FILE or -");
    }

    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for item in &items {
        let text = &item.file.text[item.start..item.end];
        if let Err(err) = promql::parse(text, features) {
            diagnostics.push(err.to_diagnostic(Arc::clone(&item.file), item.start));
        }
    }
    let failed = diagnostics.len();
    let checked = items.len();

    if args.output == CheckOutput::Human {
        if failed > 0 {
            eprint!(
                "{}",
                diag::render_human(&diagnostics, diag::color_enabled_for_stderr())
            );
            eprintln!("FAILED: {failed} of {checked} expression(s) invalid");
        } else {
            writeln!(io::stdout(), "SUCCESS: {checked} expression(s) valid")
                .context("writing output")?;
        }
    }
    let cases: Vec<JunitCase> = items
        .iter()
        .map(|item| JunitCase {
            name: format!(
                "{}:{}",
                item.file.name,
                diag::line_col(&item.file.text, item.start).0
            ),
            classname: "lookout check promql".into(),
            failures: diagnostics
                .iter()
                .filter(|d| {
                    d.file.as_ref().is_some_and(|f| Arc::ptr_eq(f, &item.file))
                        && d.span
                            .is_some_and(|s| s.start >= item.start && s.start <= item.end)
                })
                .cloned()
                .collect(),
            ..JunitCase::default()
        })
        .collect();
    write_machine_output(
        args.output,
        &diagnostics,
        serde_json::json!({ "checked": checked, "failed": failed }),
        "lookout check promql",
        &cases,
    )?;
    Ok(Outcome::from_ok(failed == 0))
}

/// Which of promtool's rule lints are on.
struct RuleLints {
    duplicate_rules: bool,
}

impl RuleLints {
    /// promtool's `--lint` values; unknown ones are warned about on standard output, as
    /// promtool does.
    fn parse(value: &str) -> RuleLints {
        let mut lints = RuleLints {
            duplicate_rules: false,
        };
        for setting in value.split(',').filter(|s| !s.is_empty()) {
            match setting {
                "all" | "duplicate-rules" => lints.duplicate_rules = true,
                "none" => {}
                other => println!(
                    "WARNING: unknown lint option: {}",
                    crate::gostr::quote(other)
                ),
            }
        }
        lints
    }
}

fn check_rules(args: CheckRulesArgs, features: Features) -> Result<Outcome> {
    let opts = ParseOptions {
        ignore_unknown_fields: args.ignore_unknown_fields,
        features,
        ..ParseOptions::default()
    };
    // Like promtool, refuse to start when a named file cannot be read.
    let inputs: Vec<(String, Arc<SourceFile>)> = if args.files.is_empty() {
        vec![(
            "standard input".into(),
            Arc::new(SourceFile::new("<stdin>", read_stdin()?)),
        )]
    } else {
        args.files
            .iter()
            .map(|p| {
                let name = p.display().to_string();
                Ok((name.clone(), Arc::new(SourceFile::new(name, read_file(p)?))))
            })
            .collect::<Result<_>>()?
    };
    let mut run = RulesRun::new(&args.lint, args.lint_fatal, opts, args.output);
    run.name_files = !args.files.is_empty();
    for (label, file) in &inputs {
        run.check(label, file);
    }
    write_machine_output(
        args.output,
        &run.diagnostics,
        serde_json::json!({ "files": run.files_json }),
        "lookout check rules",
        &run.cases,
    )?;
    Ok(run.outcome())
}

/// Checks rule files one by one as `promtool check rules` does, collecting findings for the
/// machine formats; `check config` runs it over the rule files a configuration names.
pub(super) struct RulesRun {
    lints: RuleLints,
    lint_fatal: bool,
    opts: ParseOptions,
    human: bool,
    /// Whether errors name the file (not for standard input).
    pub name_files: bool,
    pub diagnostics: Vec<Diagnostic>,
    pub files_json: Vec<serde_json::Value>,
    pub cases: Vec<JunitCase>,
    pub has_errors: bool,
    pub has_lints: bool,
}

impl RulesRun {
    pub fn new(lint: &str, lint_fatal: bool, opts: ParseOptions, output: CheckOutput) -> RulesRun {
        RulesRun {
            lints: RuleLints::parse(lint),
            lint_fatal,
            opts,
            human: output == CheckOutput::Human,
            name_files: true,
            diagnostics: Vec::new(),
            files_json: Vec::new(),
            cases: Vec::new(),
            has_errors: false,
            has_lints: false,
        }
    }

    pub fn outcome(&self) -> Outcome {
        if self.has_errors {
            Outcome::Failed
        } else if self.has_lints && self.lint_fatal {
            Outcome::LintFailed
        } else {
            Outcome::Success
        }
    }

    /// Checks one rule file, printing promtool's lines in human mode; the file when valid.
    pub fn check(&mut self, label: &str, file: &Arc<SourceFile>) -> Option<RuleFile> {
        let human = self.human;
        if human {
            println!("Checking {label}");
        }
        let (parsed, findings) = parse_rule_file(&file.text, &self.opts);
        let file_diags: Vec<Diagnostic> = findings.iter().map(|f| f.to_diagnostic(file)).collect();
        let errors: Vec<_> = findings
            .iter()
            .filter(|f| f.kind == FindingKind::Error)
            .collect();
        if human {
            for w in findings.iter().filter(|f| f.kind == FindingKind::Warning) {
                eprintln!("  WARNING: {}", w.message);
            }
        }
        let mut case = JunitCase {
            name: file.name.clone(),
            classname: "lookout check rules".into(),
            ..JunitCase::default()
        };
        self.diagnostics.extend(file_diags.iter().cloned());
        let Some(parsed) = parsed.filter(|_| errors.is_empty()) else {
            self.has_errors = true;
            if human {
                eprintln!("  FAILED:");
                for e in &errors {
                    // Go's rulefmt.ParseFile names the file in front of every error.
                    let name = if self.name_files {
                        format!("{}: ", file.name)
                    } else {
                        String::new()
                    };
                    eprintln!("{name}{}", e.promtool_text);
                }
            }
            case.failures = file_diags
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect();
            self.files_json
                .push(serde_json::json!({ "file": file.name, "ok": false, "rules": null }));
            self.cases.push(case);
            return None;
        };
        let dups = if self.lints.duplicate_rules {
            duplicate_rules(&parsed)
        } else {
            Vec::new()
        };
        for d in &dups {
            let labels = d.labels.to_string();
            for (i, rule) in d.rules.iter().enumerate().skip(1) {
                let first = d.rules[0];
                let (line, _) = diag::line_col(&file.text, first.name_span.start);
                let message = format!(
                    "duplicate rule: {} {} (#{} of {}; first at line {line}) might cause inconsistency while recording expressions",
                    d.metric, labels, i + 1, d.rules.len()
                );
                self.diagnostics.push(
                    Diagnostic::warning("rules/duplicate-rule", message)
                        .with_file(Arc::clone(file))
                        .with_span(rule.name_span),
                );
            }
        }
        if !dups.is_empty() {
            self.has_lints = true;
            if human {
                eprintln!("  FAILED:");
                eprintln!("lint error {}", promtool_duplicates_text(&dups));
            }
            if self.lint_fatal {
                case.failures = self
                    .diagnostics
                    .iter()
                    .filter(|d| {
                        d.code == "rules/duplicate-rule"
                            && d.file.as_ref().is_some_and(|f| Arc::ptr_eq(f, file))
                    })
                    .cloned()
                    .collect();
            }
        } else if human {
            println!("  SUCCESS: {} rules found", parsed.rule_count());
        }
        if human {
            println!();
        }
        self.files_json.push(
            serde_json::json!({ "file": file.name, "ok": true, "rules": parsed.rule_count() }),
        );
        self.cases.push(case);
        Some(parsed)
    }
}

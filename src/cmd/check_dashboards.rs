//! `lookout check dashboards`: Grafana dashboard files checked for JSON syntax, datasource
//! and variable references, and PromQL that parses after variable substitution.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};

use super::check::FileResults;
use super::Outcome;
use crate::cli::{CheckDashboardsArgs, CheckOutput};
use crate::diag::{self, Diagnostic, SourceFile, Span};
use crate::grafana::datasource::Resolved;
use crate::grafana::{self, json, Dashboard, Language, Panel, Target};
use crate::promql::{self, Features};

/// Larger files are refused rather than read: the biggest real dashboards are a few MB.
const MAX_FILE_SIZE: u64 = 16 << 20;

pub fn run(args: CheckDashboardsArgs, features: Features) -> Result<Outcome> {
    let mut paths = Vec::new();
    for p in &args.paths {
        collect(p, &mut paths)?;
    }
    if paths.is_empty() {
        anyhow::bail!("no dashboard files found (directories are searched for *.json files)");
    }
    let human = args.output == CheckOutput::Human;
    let mut results = FileResults::new("lookout check dashboards");
    for path in &paths {
        let report = check_file(path, features);
        let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
        if human {
            print_human(&report, errors)?;
        }
        let json = serde_json::json!({
            "file": report.file.name,
            "ok": errors == 0,
            "panels": report.panels,
            "promql_found": report.promql_found,
            "promql_parsed": report.promql_parsed,
            "logql_not_checked": report.logql,
        });
        results.push(&report.file.name, json, report.diagnostics);
    }
    results.finish(args.output)
}

/// Promtool's layout: `Checking` and `SUCCESS` on stdout; findings and `FAILED` on stderr.
fn print_human(report: &Report, errors: usize) -> Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "Checking {}", report.file.name).context("writing output")?;
    out.flush().context("writing output")?;
    if !report.diagnostics.is_empty() {
        eprint!(
            "{}",
            diag::render_human(&report.diagnostics, diag::color_enabled_for_stderr())
        );
    }
    let logql = if report.logql > 0 {
        format!(", {} LogQL not checked", report.logql)
    } else {
        String::new()
    };
    if errors > 0 {
        eprintln!(
            "  FAILED: {errors} error(s); {}/{} PromQL queries parsed{logql}",
            report.promql_parsed, report.promql_found
        );
        writeln!(out).context("writing output")
    } else {
        writeln!(
            out,
            "  SUCCESS: {} panels, {} PromQL queries parsed{logql}\n",
            report.panels, report.promql_parsed
        )
        .context("writing output")
    }
}

/// Files named on the command line, and `*.json` files below named directories, sorted.
/// Symlinked directories are not followed, so loops cannot trap the walk.
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    if path.is_dir() {
        out.extend(super::files_under(path, &["json"])?);
    } else {
        out.push(path.to_path_buf());
    }
    Ok(())
}

/// What checking one file found.
struct Report {
    file: Arc<SourceFile>,
    diagnostics: Vec<Diagnostic>,
    panels: usize,
    promql_found: usize,
    promql_parsed: usize,
    logql: usize,
}

/// The file's text; too large files are refused before reading.
fn read(path: &Path) -> Result<String> {
    let meta = std::fs::metadata(path).with_context(|| format!("reading {}", path.display()))?;
    if meta.is_dir() {
        anyhow::bail!("{} is a directory", path.display());
    }
    if meta.len() > MAX_FILE_SIZE {
        anyhow::bail!(
            "{} is {} bytes, more than the {} byte limit",
            path.display(),
            meta.len(),
            MAX_FILE_SIZE
        );
    }
    super::read_file(path)
}

fn check_file(path: &Path, features: Features) -> Report {
    let name = path.display().to_string();
    let mut report = Report {
        file: SourceFile::shared(name.clone(), ""),
        diagnostics: Vec::new(),
        panels: 0,
        promql_found: 0,
        promql_parsed: 0,
        logql: 0,
    };
    let text = match read(path) {
        Ok(t) => t,
        Err(e) => {
            report.diagnostics.push(
                Diagnostic::error("dashboard/read", format!("{e:#}"))
                    .with_file(Arc::clone(&report.file)),
            );
            return report;
        }
    };
    report.file = SourceFile::shared(name, text);
    let file = Arc::clone(&report.file);
    let dash = match grafana::load(&file.text) {
        Ok(d) => d,
        Err(e) => {
            let mut d = Diagnostic::error(e.code, e.msg).with_file(Arc::clone(&file));
            if let Some(pos) = e.pos {
                d = d.with_span(Span::point(pos));
            }
            report.diagnostics.push(d);
            return report;
        }
    };
    report.panels = dash.panels.len();
    for r in &dash.other_refs {
        if let Resolved::Unresolved(msg) = dash.resolve_ref(&r.datasource) {
            report.diagnostics.push(
                Diagnostic::error(
                    "dashboard/datasource",
                    format!("dashboard {:?}, {}: {msg}", dash.title, r.owner),
                )
                .with_file(Arc::clone(&file))
                .with_span(r.span)
                .with_note(format!("at {}", r.pointer)),
            );
        }
    }
    for panel in &dash.panels {
        check_panel(&dash, panel, &file, features, &mut report);
    }
    report
}

/// `dashboard "T", panel "P"` (the panel's pointer when it has no title).
fn panel_label(dash: &Dashboard, panel: &Panel) -> String {
    let title = if panel.title.is_empty() {
        format!("at {}", panel.pointer)
    } else {
        format!("{:?}", panel.title)
    };
    format!("dashboard {:?}, panel {title}", dash.title)
}

fn check_panel(
    dash: &Dashboard,
    panel: &Panel,
    file: &Arc<SourceFile>,
    features: Features,
    report: &mut Report,
) {
    let from_panel = dash.resolve_panel(panel);
    // A broken panel reference is one finding, not one per target.
    if let Resolved::Unresolved(msg) = &from_panel {
        report.diagnostics.push(
            Diagnostic::error(
                "dashboard/datasource",
                format!("{}: {msg}", panel_label(dash, panel)),
            )
            .with_file(Arc::clone(file))
            .with_span(panel.datasource_span)
            .with_note(format!("at {}/datasource", panel.pointer)),
        );
        return;
    }
    for target in &panel.targets {
        let resolved = dash.resolve_target(&from_panel, target);
        if let Resolved::Unresolved(msg) = &resolved {
            report.diagnostics.push(
                Diagnostic::error(
                    "dashboard/datasource",
                    format!(
                        "{}, target {}: {msg}",
                        panel_label(dash, panel),
                        target.ref_id
                    ),
                )
                .with_file(Arc::clone(file))
                .with_span(target.datasource_span)
                .with_note(format!("at {}/datasource", target.pointer)),
            );
            continue;
        }
        let Some((expr, expr_span)) = target.expr.as_ref().filter(|(e, _)| !e.trim().is_empty())
        else {
            continue;
        };
        match dash.language(&resolved) {
            Some(Language::PromQL) => {
                report.promql_found += 1;
                if check_promql(
                    dash, panel, target, expr, *expr_span, file, features, report,
                ) {
                    report.promql_parsed += 1;
                }
            }
            Some(Language::LogQL) => {
                report.logql += 1;
                report.diagnostics.push(
                    Diagnostic::info(
                        "dashboard/logql-not-checked",
                        format!(
                            "{}, target {}: LogQL not checked (no LogQL parser yet)",
                            panel_label(dash, panel),
                            target.ref_id
                        ),
                    )
                    .with_file(Arc::clone(file))
                    .with_span(*expr_span),
                );
            }
            Some(Language::Unknown) => {
                report.diagnostics.push(
                    Diagnostic::info(
                        "dashboard/datasource-unknown",
                        format!(
                            "{}, target {}: query not checked: the type of datasource {:?} \
                             is not known from the dashboard",
                            panel_label(dash, panel),
                            target.ref_id,
                            match &resolved {
                                Resolved::Named(n) => n.as_str(),
                                _ => "",
                            }
                        ),
                    )
                    .with_file(Arc::clone(file))
                    .with_span(*expr_span),
                );
            }
            Some(Language::Other) | None => {}
        }
    }
}

/// Substitutes variables and parses; reports undefined variables and parse errors with
/// positions mapped back into the JSON string. True when the query parsed.
#[allow(clippy::too_many_arguments)]
fn check_promql(
    dash: &Dashboard,
    panel: &Panel,
    target: &Target,
    expr: &str,
    expr_span: Span,
    file: &Arc<SourceFile>,
    features: Features,
    report: &mut Report,
) -> bool {
    let raw = file.text.get(expr_span.start..expr_span.end).unwrap_or("");
    let in_file = |decoded: usize| expr_span.start + json::raw_offset(raw, decoded);
    let sub = dash.substitute(expr);
    for (name, start, end) in &sub.undefined {
        report.diagnostics.push(
            Diagnostic::error(
                "dashboard/undefined-variable",
                format!(
                    "{}, target {}: variable ${name} is not defined",
                    panel_label(dash, panel),
                    target.ref_id
                ),
            )
            .with_file(Arc::clone(file))
            .with_span(Span::new(in_file(*start), in_file(*end)))
            .with_note(format!("at {}/expr", target.pointer)),
        );
    }
    let Err(err) = promql::parse(&sub.text, features) else {
        return true;
    };
    let start = sub.original_offset(err.span.start);
    let end = sub
        .original_offset(err.span.end.max(err.span.start))
        .max(start);
    let (line, col) = diag::line_col(expr, start);
    let mut d = Diagnostic::error(
        if err.feature.is_some() {
            "promql/feature"
        } else {
            "promql/parse"
        },
        format!(
            "{}, target {}: {line}:{col}: parse error: {}",
            panel_label(dash, panel),
            target.ref_id,
            err.msg
        ),
    )
    .with_file(Arc::clone(file))
    .with_span(Span::new(in_file(start), in_file(end)))
    .with_note(format!("at {}/expr", target.pointer));
    if sub.text != expr {
        d = d.with_note(format!("after substitution: {}", sub.text));
    }
    if let Some(f) = err.feature {
        d = d.with_note(format!(
            "help: enable it with --enable-feature={}",
            f.flag_name()
        ));
    }
    report.diagnostics.push(d);
    false
}

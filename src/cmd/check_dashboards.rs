//! `lookout check dashboards`: Grafana dashboard files checked for JSON syntax, datasource
//! and variable references, and PromQL that parses after variable substitution; linted
//! with grafana/dashboard-linter's rules and `.lint` files; and, with `--metrics`, their
//! metric names checked against what is exported.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};

use super::check::FileResults;
use super::Outcome;
use crate::cli::{CheckDashboardsArgs, CheckOutput};
use crate::diag::{self, Diagnostic, Severity, SourceFile, Span};
use crate::grafana::datasource::Resolved;
use crate::grafana::template::Substituted;
use crate::grafana::{self, Dashboard, Language, Panel, Target};
use crate::lint::dashboards::config::LintConfig;
use crate::lint::dashboards::exported::{self, Exported};
use crate::lint::dashboards::{self as lint, Level};
use crate::promql::{self, Expr, Features};
use crate::rules::file::load_rule_file;
use crate::rules::ParseOptions;

/// Larger files are refused rather than read: the biggest real dashboards are a few MB.
const MAX_FILE_SIZE: u64 = 16 << 20;

/// A `.lint` file, read once however many dashboards it governs.
struct LoadedConfig {
    config: LintConfig,
    /// Its warnings, reported with the first dashboard it applies to.
    warnings: Vec<Diagnostic>,
}

/// What applies to every file.
struct Settings {
    features: Features,
    strict: bool,
    exported: Option<Exported>,
}

pub fn run(args: CheckDashboardsArgs, features: Features) -> Result<Outcome> {
    let mut paths = Vec::new();
    for p in &args.paths {
        collect(p, &mut paths)?;
    }
    if paths.is_empty() {
        anyhow::bail!("no dashboard files found (directories are searched for *.json files)");
    }
    let settings = Settings {
        features,
        strict: args.strict,
        exported: load_exported(&args, features)?,
    };
    let mut configs =
        Configs {
            explicit: match &args.config {
                Some(p) => Some(load_config(p)?.with_context(|| {
                    format!("lint configuration {} does not exist", p.display())
                })?),
                None => None,
            },
            by_dir: HashMap::new(),
        };
    let human = args.output == CheckOutput::Human;
    let mut results = FileResults::new("lookout check dashboards");
    for path in &paths {
        let (config, warnings) = configs.for_file(path)?;
        let mut report = check_file(path, &settings, config);
        report.diagnostics.splice(0..0, warnings);
        let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
        if human {
            print_human(&report, errors, settings.strict)?;
        }
        let mut json = serde_json::json!({
            "file": report.file.name,
            "ok": errors == 0,
            "panels": report.panels,
            "promql_found": report.promql_found,
            "promql_parsed": report.promql_parsed,
            "logql_not_checked": report.logql,
            "lint": report.lint,
            "lint_excluded": report.lint_excluded,
        });
        if settings.exported.is_some() {
            json["metrics_missing"] = report.metrics_missing.into();
        }
        results.push(&report.file.name, json, report.diagnostics);
    }
    results.finish(args.output)
}

/// The `.lint` files in play: `--config` for every dashboard, else each directory's own.
struct Configs {
    explicit: Option<LoadedConfig>,
    by_dir: HashMap<PathBuf, Option<LoadedConfig>>,
}

impl Configs {
    /// The configuration for the dashboard at `path`, and the configuration's warnings the
    /// first time it is used.
    fn for_file(&mut self, path: &Path) -> Result<(Option<&LintConfig>, Vec<Diagnostic>)> {
        let loaded = match &mut self.explicit {
            Some(c) => Some(c),
            None => {
                let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
                if !self.by_dir.contains_key(&dir) {
                    let c = load_config(&dir.join(".lint"))?;
                    self.by_dir.insert(dir.clone(), c);
                }
                self.by_dir.get_mut(&dir).and_then(Option::as_mut)
            }
        };
        Ok(match loaded {
            Some(c) => {
                let warnings = std::mem::take(&mut c.warnings);
                (Some(&c.config), warnings)
            }
            None => (None, Vec::new()),
        })
    }
}

/// Reads a `.lint` file; `None` when there is none. A file that is not a valid one is a
/// usage error.
fn load_config(path: &Path) -> Result<Option<LoadedConfig>> {
    let text = match std::fs::read(path) {
        Ok(b) => String::from_utf8(b)
            .with_context(|| format!("{} is not valid UTF-8", path.display()))?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let file = SourceFile::shared(path.display().to_string(), text);
    match LintConfig::parse(&file) {
        Ok((config, warnings)) => Ok(Some(LoadedConfig { config, warnings })),
        Err(d) => anyhow::bail!("invalid lint configuration: {d}"),
    }
}

/// The names `--metrics` and `--rules` say exist.
fn load_exported(args: &CheckDashboardsArgs, features: Features) -> Result<Option<Exported>> {
    let Some(path) = &args.metrics else {
        if !args.rules.is_empty() {
            anyhow::bail!("--rules adds recorded names to --metrics, which is missing");
        }
        return Ok(None);
    };
    let text = super::read_file(path)?;
    let mut exported = Exported::parse(&text)
        .map_err(|e| anyhow::anyhow!("reading metrics from {}: {e}", path.display()))?;
    let opts = ParseOptions {
        features,
        ..ParseOptions::default()
    };
    for rules in &args.rules {
        let file = load_rule_file(rules, &opts).map_err(|errs| anyhow::anyhow!(errs.join("\n")))?;
        let recorded = file.groups.iter().flat_map(|g| &g.rules);
        exported.add_recorded(
            recorded
                .filter(|r| r.kind == crate::rules::RuleKind::Record)
                .map(|r| r.name.clone()),
        );
    }
    if exported.is_empty() {
        anyhow::bail!("{} names no metrics", path.display());
    }
    Ok(Some(exported))
}

/// Promtool's layout: `Checking` and `SUCCESS` on stdout; findings and `FAILED` on stderr.
/// Lint findings take one line each (`file:line:col: warning[code]: message`), as
/// dashboard-linter prints them: a big dashboard has hundreds, which as snippets would bury
/// the errors (and take longer to print than the whole check).
fn print_human(report: &Report, errors: usize, strict: bool) -> Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "Checking {}", report.file.name).context("writing output")?;
    out.flush().context("writing output")?;
    let is_lint = |d: &&Diagnostic| {
        d.code
            .strip_prefix("dashboard/")
            .and_then(lint::Rule::from_name)
            .is_some()
    };
    let others: Vec<Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| !is_lint(d))
        .cloned()
        .collect();
    let mut text = String::new();
    if !others.is_empty() {
        text = diag::render_human(&others, diag::color_enabled_for_stderr());
    }
    for (i, d) in report.diagnostics.iter().filter(is_lint).enumerate() {
        if i == 0 && !text.is_empty() {
            text.push('\n');
        }
        // One line each, even for a query written over several.
        text += &d.to_string().replace('\n', "\\n");
        text.push('\n');
    }
    io::stderr()
        .write_all(text.as_bytes())
        .context("writing output")?;
    let mut tail = String::new();
    if report.logql > 0 {
        tail += &format!(", {} LogQL not checked", report.logql);
    }
    let findings: usize = report.lint.values().sum();
    if findings > 0 {
        let kind = if strict { "errors" } else { "warnings" };
        tail += &format!(", {findings} lint finding(s) ({kind})");
    }
    if report.lint_excluded > 0 {
        tail += &format!(", {} excluded by .lint", report.lint_excluded);
    }
    if report.metrics_missing > 0 {
        tail += &format!(", {} unexported metric(s)", report.metrics_missing);
    }
    if errors > 0 {
        eprintln!(
            "  FAILED: {errors} error(s); {}/{} PromQL queries parsed{tail}",
            report.promql_parsed, report.promql_found
        );
        writeln!(out).context("writing output")
    } else {
        writeln!(
            out,
            "  SUCCESS: {} panels, {} PromQL queries parsed{tail}\n",
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
    /// Lint findings shown, per rule.
    lint: BTreeMap<&'static str, usize>,
    lint_excluded: usize,
    metrics_missing: usize,
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

fn check_file(path: &Path, settings: &Settings, config: Option<&LintConfig>) -> Report {
    let name = path.display().to_string();
    let mut report = Report {
        file: SourceFile::shared(name.clone(), ""),
        diagnostics: Vec::new(),
        panels: 0,
        promql_found: 0,
        promql_parsed: 0,
        logql: 0,
        lint: BTreeMap::new(),
        lint_excluded: 0,
        metrics_missing: 0,
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
        check_panel(&dash, panel, &file, settings, &mut report);
    }
    lint_file(
        &dash,
        &file,
        settings.features,
        settings.strict,
        config,
        &mut report,
    );
    report
}

/// Runs the lint rules and keeps what the `.lint` file does not exclude: without
/// `--strict` as warnings (rules' own warnings as notes), with it as errors, since
/// dashboard-linter's `--strict` fails on both.
fn lint_file(
    dash: &Dashboard,
    file: &Arc<SourceFile>,
    features: Features,
    strict: bool,
    config: Option<&LintConfig>,
    report: &mut Report,
) {
    for f in lint::lint(dash, &file.text, features) {
        let level = match config {
            Some(c) => c.apply(f.rule, &f.context(dash), f.level),
            None => Some(f.level),
        };
        let Some(level) = level else {
            report.lint_excluded += 1;
            continue;
        };
        let severity = match (strict, level) {
            (true, _) => Severity::Error,
            (false, Level::Error) => Severity::Warning,
            (false, Level::Warning) => Severity::Info,
        };
        *report.lint.entry(f.rule.name()).or_default() += 1;
        report
            .diagnostics
            .push(f.to_diagnostic(dash, file, severity));
    }
}

fn check_panel(
    dash: &Dashboard,
    panel: &Panel,
    file: &Arc<SourceFile>,
    settings: &Settings,
    report: &mut Report,
) {
    let from_panel = dash.resolve_panel(panel);
    // A broken panel reference is one finding, not one per target.
    if let Resolved::Unresolved(msg) = &from_panel {
        report.diagnostics.push(
            Diagnostic::error(
                "dashboard/datasource",
                format!("{}: {msg}", dash.panel_label(panel)),
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
                        dash.panel_label(panel),
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
        let q = Query {
            dash,
            panel,
            target,
            expr,
            expr_span: *expr_span,
            file,
        };
        match dash.language(&resolved) {
            Some(Language::PromQL) => {
                report.promql_found += 1;
                if let Some((ast, sub)) = check_promql(&q, settings.features, report) {
                    report.promql_parsed += 1;
                    if let Some(exported) = &settings.exported {
                        check_metrics(&q, &ast, &sub, exported, report);
                    }
                }
            }
            Some(Language::LogQL) => {
                report.logql += 1;
                report.diagnostics.push(
                    Diagnostic::info(
                        "dashboard/logql-not-checked",
                        format!(
                            "{}, target {}: LogQL not checked (no LogQL parser yet)",
                            dash.panel_label(panel),
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
                            dash.panel_label(panel),
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

/// One query of a target and where it sits.
struct Query<'a> {
    dash: &'a Dashboard,
    panel: &'a Panel,
    target: &'a Target,
    expr: &'a str,
    /// The span of the JSON string token holding it.
    expr_span: Span,
    file: &'a Arc<SourceFile>,
}

impl Query<'_> {
    fn label(&self) -> String {
        format!(
            "{}, target {}",
            self.dash.panel_label(self.panel),
            self.target.ref_id
        )
    }

    /// A byte range of the substituted query, in the file.
    fn file_span(&self, sub: &Substituted, span: Span) -> Span {
        grafana::file_span(&self.file.text, self.expr_span, sub, span)
    }
}

/// Substitutes variables and parses; reports undefined variables and parse errors with
/// positions mapped back into the JSON string. The parsed query when it parsed.
fn check_promql(
    q: &Query<'_>,
    features: Features,
    report: &mut Report,
) -> Option<(Expr, Substituted)> {
    let sub = q.dash.substitute(q.expr);
    for (name, start, end) in &sub.undefined {
        report.diagnostics.push(
            Diagnostic::error(
                "dashboard/undefined-variable",
                format!("{}: variable ${name} is not defined", q.label()),
            )
            .with_file(Arc::clone(q.file))
            .with_span(grafana::query_span(
                &q.file.text,
                q.expr_span,
                Span::new(*start, *end),
            ))
            .with_note(format!("at {}/expr", q.target.pointer)),
        );
    }
    let err = match promql::parse(&sub.text, features) {
        Ok(ast) => return Some((ast, sub)),
        Err(e) => e,
    };
    let start = sub.original_offset(err.span.start);
    let (line, col) = diag::line_col(q.expr, start);
    let mut d = Diagnostic::error(
        if err.feature.is_some() {
            "promql/feature"
        } else {
            "promql/parse"
        },
        format!("{}: {line}:{col}: parse error: {}", q.label(), err.msg),
    )
    .with_file(Arc::clone(q.file))
    .with_span(q.file_span(&sub, err.span))
    .with_note(format!("at {}/expr", q.target.pointer));
    if sub.text != q.expr {
        d = d.with_note(format!("after substitution: {}", sub.text));
    }
    if let Some(f) = err.feature {
        d = d.with_note(format!(
            "help: enable it with --enable-feature={}",
            f.flag_name()
        ));
    }
    report.diagnostics.push(d);
    None
}

/// `--metrics`: selectors whose metric name nothing exports.
fn check_metrics(
    q: &Query<'_>,
    ast: &Expr,
    sub: &Substituted,
    exported: &Exported,
    report: &mut Report,
) {
    let from_variable = |span: Span| sub.touches_substitution(span);
    for m in exported::missing(ast, exported, &from_variable) {
        report.metrics_missing += 1;
        let what = if m.regex {
            format!("no exported metric name matches {:?}", m.name)
        } else {
            format!("no exported metric is named {:?}", m.name)
        };
        let mut d = Diagnostic::error(
            "dashboard/unexported-metric",
            format!("{}: {what}", q.label()),
        )
        .with_file(Arc::clone(q.file))
        .with_span(q.file_span(sub, m.span))
        .with_note(format!("at {}/expr", q.target.pointer));
        if m.looks_recorded() {
            d = d.with_note(
                "help: the name looks like a recording rule's: give its rule file with --rules",
            );
        }
        report.diagnostics.push(d);
    }
}

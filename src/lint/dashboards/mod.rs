//! The 17 rules of grafana/dashboard-linter over the normalised dashboard model, with its
//! messages and severities, and its `.lint` exclusions file ([`config`]).
//!
//! Where the linter is known to be wrong we do better, and say so here and in the
//! command's help:
//! - rules apply by the *resolved datasource of each target* (its issue #61): PromQL rules
//!   to PromQL targets, LogQL rules to LogQL targets, on every panel type, instead of
//!   "the first datasource variable is Prometheus" and a panel-type allow-list;
//! - `-- Dashboard --` and `-- Grafana --` panels use no datasource to template (its #183);
//!   `-- Mixed --` panels pass when each target's datasource is templated;
//! - `target-counter-agg-rule` looks at the metric name (upstream tests the printed
//!   selector, so any selector with matchers escaped it);
//! - `panel-units-rule` reads pre-field-config units (`yaxes[0].format` of `graph`, `format`
//!   of `singlestat`), accepts Grafana's custom units (`suffix:`, `si:`, ...), and does not
//!   take the empty `mappings: []` every panel carries for value mappings;
//! - `template-label-promql-rule` parses each function's argument for what it is (the
//!   selector of `label_values`, the expression of `query_result`; `metrics` takes a regex)
//!   and accepts `label_names()`;
//! - dangling `panelId` references are looked up among all panels, nested ones included;
//! - parse errors of PromQL targets are the check's own errors (`promql/parse`), not lint
//!   findings; LogQL is not parsed yet, so `target-logql-rule` checks panel references
//!   only and `target-logql-auto-rule` reads ranges lexically.
//!
//! Findings are only problems (its #12); passing checks print nothing.

pub mod config;
pub mod exported;
mod panel;
mod target;
mod template;
mod units;

use std::sync::Arc;

use crate::diag::{Diagnostic, Severity, SourceFile, Span};
use crate::grafana::{Dashboard, Language};
use crate::promql::Features;

/// A rule, named as dashboard-linter names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    TemplateDatasource,
    TemplateJob,
    TemplateInstance,
    TemplateLabelPromql,
    TemplateOnTimeChangeReload,
    PanelDatasource,
    PanelTitleDescription,
    PanelUnits,
    PanelNoTargets,
    TargetLogql,
    TargetLogqlAuto,
    TargetPromql,
    TargetRateInterval,
    TargetJob,
    TargetInstance,
    TargetCounterAgg,
    UneditableDashboard,
}

impl Rule {
    /// In dashboard-linter's registration order.
    pub const ALL: [Rule; 17] = [
        Rule::TemplateDatasource,
        Rule::TemplateJob,
        Rule::TemplateInstance,
        Rule::TemplateLabelPromql,
        Rule::TemplateOnTimeChangeReload,
        Rule::PanelDatasource,
        Rule::PanelTitleDescription,
        Rule::PanelUnits,
        Rule::PanelNoTargets,
        Rule::TargetLogql,
        Rule::TargetLogqlAuto,
        Rule::TargetPromql,
        Rule::TargetRateInterval,
        Rule::TargetJob,
        Rule::TargetInstance,
        Rule::TargetCounterAgg,
        Rule::UneditableDashboard,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Rule::TemplateDatasource => "template-datasource-rule",
            Rule::TemplateJob => "template-job-rule",
            Rule::TemplateInstance => "template-instance-rule",
            Rule::TemplateLabelPromql => "template-label-promql-rule",
            Rule::TemplateOnTimeChangeReload => "template-on-time-change-reload-rule",
            Rule::PanelDatasource => "panel-datasource-rule",
            Rule::PanelTitleDescription => "panel-title-description-rule",
            Rule::PanelUnits => "panel-units-rule",
            Rule::PanelNoTargets => "panel-no-targets-rule",
            Rule::TargetLogql => "target-logql-rule",
            Rule::TargetLogqlAuto => "target-logql-auto-rule",
            Rule::TargetPromql => "target-promql-rule",
            Rule::TargetRateInterval => "target-rate-interval-rule",
            Rule::TargetJob => "target-job-rule",
            Rule::TargetInstance => "target-instance-rule",
            Rule::TargetCounterAgg => "target-counter-agg-rule",
            Rule::UneditableDashboard => "uneditable-dashboard",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Rule::TemplateDatasource => "Checks that the dashboard has a templated datasource.",
            Rule::TemplateJob => "Checks that the dashboard has a templated job.",
            Rule::TemplateInstance => "Checks that the dashboard has a templated instance.",
            Rule::TemplateLabelPromql => {
                "Checks that the dashboard templated labels have proper PromQL expressions."
            }
            Rule::TemplateOnTimeChangeReload => {
                "Checks that the dashboard template variables are configured to reload on time \
                 change."
            }
            Rule::PanelDatasource => "Checks that each panel uses the templated datasource.",
            Rule::PanelTitleDescription => "Checks that each panel has a title and description.",
            Rule::PanelUnits => "Checks that each panel uses has valid units defined.",
            Rule::PanelNoTargets => "Checks that each panel has at least one target.",
            Rule::TargetLogql => "Checks that each target uses a valid LogQL query.",
            Rule::TargetLogqlAuto => {
                "Checks that each Loki target uses $__auto for range vectors when appropriate."
            }
            Rule::TargetPromql => "Checks that each target uses a valid PromQL query.",
            Rule::TargetRateInterval => "Checks that each target uses $__rate_interval.",
            Rule::TargetJob => "Checks that every PromQL query has a job matcher.",
            Rule::TargetInstance => "Checks that every PromQL query has a instance matcher.",
            Rule::TargetCounterAgg => {
                "Checks that any counter metric (ending in _total) is aggregated with rate, \
                 irate, or increase."
            }
            Rule::UneditableDashboard => "Checks that the dashboard is not editable.",
        }
    }

    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == name)
    }

    /// The diagnostic code of the rule's findings.
    pub fn code(self) -> String {
        format!("dashboard/{}", self.name())
    }
}

/// How serious a finding is, as dashboard-linter grades it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Warning,
    Error,
}

/// One rule violation.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: Rule,
    pub level: Level,
    /// dashboard-linter's message, without its `Dashboard '…', panel '…'` prefix.
    pub message: String,
    /// Index into [`Dashboard::panels`], for panel and target findings.
    pub panel: Option<usize>,
    /// Index into that panel's `targets`, for target findings.
    pub target: Option<usize>,
    /// Bytes of the dashboard file the finding is about.
    pub span: Span,
    /// JSON pointer of the variable, panel or target (or the dashboard).
    pub pointer: String,
}

impl Finding {
    /// What a `.lint` entry is matched against.
    pub fn context<'d>(&self, dash: &'d Dashboard) -> config::Context<'d> {
        let panel = self.panel.and_then(|p| dash.panels.get(p));
        config::Context {
            dashboard: &dash.title,
            panel: panel.map(|p| p.title.as_str()),
            target_idx: panel
                .zip(self.target)
                .and_then(|(p, t)| p.targets.get(t))
                .map(|t| t.index),
        }
    }

    /// The finding as a diagnostic of `severity` in `file`.
    pub fn to_diagnostic(
        &self,
        dash: &Dashboard,
        file: &Arc<SourceFile>,
        severity: Severity,
    ) -> Diagnostic {
        let panel = self.panel.and_then(|p| dash.panels.get(p));
        let label = match (panel, self.target.and_then(|t| panel?.targets.get(t))) {
            (Some(p), Some(t)) => format!("{}, target {}", dash.panel_label(p), t.ref_id),
            (Some(p), None) => dash.panel_label(p),
            _ => format!("dashboard {:?}", dash.title),
        };
        Diagnostic::new(
            severity,
            self.rule.code(),
            format!("{label}: {}", self.message),
        )
        .with_file(Arc::clone(file))
        .with_span(self.span)
        .with_note(format!("at {}", self.pointer))
    }
}

/// Collects findings for the rules.
struct Out<'d> {
    dash: &'d Dashboard,
    findings: Vec<Finding>,
}

impl Out<'_> {
    fn dashboard(&mut self, rule: Rule, level: Level, span: Span, pointer: &str, msg: String) {
        self.findings.push(Finding {
            rule,
            level,
            message: msg,
            panel: None,
            target: None,
            span,
            pointer: pointer.to_string(),
        });
    }

    fn panel(&mut self, rule: Rule, panel: usize, span: Option<Span>, msg: String) {
        let Some(p) = self.dash.panels.get(panel) else {
            return;
        };
        self.findings.push(Finding {
            rule,
            level: Level::Error,
            message: msg,
            panel: Some(panel),
            target: None,
            span: span.unwrap_or(p.span),
            pointer: p.pointer.clone(),
        });
    }

    fn target(&mut self, rule: Rule, at: (usize, usize), span: Option<Span>, msg: String) {
        let Some(t) = self.dash.panels.get(at.0).and_then(|p| p.targets.get(at.1)) else {
            return;
        };
        let span = span
            .or_else(|| t.expr.as_ref().map(|e| e.1))
            .unwrap_or(Span::point(t.span.start));
        self.findings.push(Finding {
            rule,
            level: Level::Error,
            message: msg,
            panel: Some(at.0),
            target: Some(at.1),
            span,
            pointer: t.pointer.clone(),
        });
    }
}

/// Whether the dashboard is a Prometheus one for the dashboard-wide rules: a datasource
/// variable of type `prometheus`, or a target that resolves to PromQL.
fn is_prometheus(dash: &Dashboard) -> bool {
    dash.variables
        .iter()
        .any(|v| v.type_.eq_ignore_ascii_case("datasource") && v.query == "prometheus")
        || dash.panels.iter().any(|p| {
            dash.target_languages(p)
                .iter()
                .any(|(_, l)| *l == Some(Language::PromQL))
        })
}

/// Runs every rule over `dash` (loaded from `src`); findings come in file order.
pub fn lint(dash: &Dashboard, src: &str, features: Features) -> Vec<Finding> {
    let mut out = Out {
        dash,
        findings: Vec::new(),
    };
    let prometheus = is_prometheus(dash);
    template::datasource(&mut out);
    if prometheus {
        template::required(&mut out, "job", Rule::TemplateJob);
        template::required(&mut out, "instance", Rule::TemplateInstance);
    }
    template::label_promql(&mut out, prometheus, features);
    template::on_time_change_reload(&mut out);
    for i in 0..dash.panels.len() {
        panel::lint(&mut out, i);
        target::lint(&mut out, i, src, features);
    }
    if let Some(span) = dash.editable {
        out.dashboard(
            Rule::UneditableDashboard,
            Level::Error,
            span,
            &format!("{}/editable", dash.pointer),
            "is editable, it should be set to 'editable: false'".into(),
        );
    }
    let mut findings = out.findings;
    findings.sort_by_key(|f| f.span.start);
    findings
}

#[cfg(test)]
mod tests;

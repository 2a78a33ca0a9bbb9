//! One rule file: its groups and rules with positions, validated as Prometheus 3.x's
//! `rulefmt.Parse` validates them, with the same messages in the same order.

use std::collections::HashSet;
use std::sync::Arc;

use serde::Deserialize;

use crate::diag::{Diagnostic, Severity, SourceFile, Span};
use crate::duration::PromDuration;
use crate::promql::{self, Expr, Features};
use crate::yaml::{self, Pairs, Spanned};

/// How label and metric names are validated (Prometheus's `metric_name_validation_scheme`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NameValidation {
    /// Any non-empty UTF-8 string (Prometheus 3.x's default, and what `promtool check rules`
    /// uses).
    #[default]
    Utf8,
    /// `[a-zA-Z_][a-zA-Z0-9_]*` for labels, with `:` also allowed in metric names.
    Legacy,
}

impl NameValidation {
    /// A `metric_name_validation_scheme` value; `None` for `""` (unset: inherit).
    pub fn from_scheme(s: &str) -> Result<Option<NameValidation>, String> {
        match s {
            "" => Ok(None),
            "legacy" => Ok(Some(NameValidation::Legacy)),
            "utf8" => Ok(Some(NameValidation::Utf8)),
            _ => Err(format!(
                "unrecognized ValidationScheme: {}",
                crate::gostr::quote(s)
            )),
        }
    }

    pub fn is_valid_label_name(self, name: &str) -> bool {
        match self {
            NameValidation::Utf8 => !name.is_empty(),
            NameValidation::Legacy => legacy_name(name, false),
        }
    }

    pub fn is_valid_metric_name(self, name: &str) -> bool {
        match self {
            NameValidation::Utf8 => !name.is_empty(),
            NameValidation::Legacy => legacy_name(name, true),
        }
    }
}

fn legacy_name(name: &str, colons: bool) -> bool {
    let mut chars = name.chars();
    let ok = |c: char, first: bool| {
        c.is_ascii_alphabetic()
            || c == '_'
            || (colons && c == ':')
            || (!first && c.is_ascii_digit())
    };
    chars.next().is_some_and(|c| ok(c, true)) && chars.all(|c| ok(c, false))
}

#[derive(Debug, Clone, Copy, Default)]
pub struct ParseOptions {
    /// Accept keys the format does not know (`--ignore-unknown-fields`).
    pub ignore_unknown_fields: bool,
    pub names: NameValidation,
    pub features: Features,
}

/// A parsed and validated rule file.
#[derive(Debug, Clone, Default)]
pub struct RuleFile {
    pub groups: Vec<RuleGroup>,
}

impl RuleFile {
    pub fn rule_count(&self) -> usize {
        self.groups.iter().map(|g| g.rules.len()).sum()
    }
}

#[derive(Debug, Clone)]
pub struct RuleGroup {
    pub name: String,
    /// Evaluation interval; `None` means the global one.
    pub interval_ms: Option<i64>,
    pub query_offset_ms: Option<i64>,
    /// Most series an alerting or recording rule may produce (0: no limit).
    pub limit: i64,
    pub labels: Vec<(String, String)>,
    pub rules: Vec<Rule>,
    /// Where the group's mapping starts.
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    Record,
    Alert,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub kind: RuleKind,
    /// The recorded metric name or the alert name.
    pub name: String,
    pub expr: String,
    /// The parsed expression.
    pub ast: Expr,
    pub for_ms: i64,
    pub keep_firing_for_ms: i64,
    pub labels: Vec<(String, String)>,
    pub annotations: Vec<(String, String)>,
    /// The rule's mapping.
    pub span: Span,
    /// The alert or record name's value.
    pub name_span: Span,
    /// The expression's text in the file.
    pub expr_span: Span,
}

/// What kind of problem a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingKind {
    /// The file is invalid (promtool exits 1).
    Error,
    /// A lint finding (promtool prints it under `FAILED:` but exits 0, or 3 with
    /// `--lint-fatal`).
    Lint,
    /// Worth knowing, not a failure.
    Warning,
}

/// One problem in a rule file.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub kind: FindingKind,
    pub code: &'static str,
    /// The problem without positions.
    pub message: String,
    /// promtool's text of the same problem (positions as Prometheus writes them), without
    /// the file name.
    pub promtool_text: String,
    pub span: Option<Span>,
}

impl Finding {
    fn error(
        code: &'static str,
        message: String,
        promtool_text: String,
        span: Option<Span>,
    ) -> Self {
        Finding {
            kind: FindingKind::Error,
            code,
            message,
            promtool_text,
            span,
        }
    }

    pub fn to_diagnostic(&self, file: &Arc<SourceFile>) -> Diagnostic {
        let severity = match self.kind {
            FindingKind::Error => Severity::Error,
            FindingKind::Lint | FindingKind::Warning => Severity::Warning,
        };
        let mut d =
            Diagnostic::new(severity, self.code, self.message.clone()).with_file(Arc::clone(file));
        if let Some(span) = self.span {
            d = d.with_span(span);
        }
        d
    }
}

// ---- the file as written ----

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename = "rulefmt.RuleGroups")]
struct GroupsDoc {
    groups: Vec<Spanned<GroupDoc>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename = "rulefmt.RuleGroup")]
struct GroupDoc {
    name: String,
    interval: Option<PromDuration>,
    query_offset: Option<PromDuration>,
    limit: i64,
    rules: Vec<Spanned<RuleDoc>>,
    labels: Pairs<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename = "rulefmt.Rule")]
struct RuleDoc {
    record: Option<Spanned<String>>,
    alert: Option<Spanned<String>>,
    expr: Option<Spanned<String>>,
    #[serde(rename = "for")]
    for_: PromDuration,
    keep_firing_for: PromDuration,
    labels: Pairs<String>,
    annotations: Pairs<String>,
}

/// Position text as Prometheus prints a yaml.v3 node's: `line:col: `, `0:0: ` for a key
/// that is absent.
fn node_pos<T>(n: Option<&Spanned<T>>) -> String {
    match n {
        Some(s) => format!("{}:{}: ", s.line, s.col),
        None => "0:0: ".into(),
    }
}

/// The rule groups of a Kubernetes object (the Prometheus Operator's `PrometheusRule`,
/// VictoriaMetrics' `VMRule`, ...) live under `spec`.
fn groups_node(root: &yaml::Node) -> &yaml::Node {
    let is_k8s_object = root.get("apiVersion").is_some() && root.get("kind").is_some();
    match root.get("spec") {
        Some(spec) if is_k8s_object && spec.get("groups").is_some() => spec,
        _ => root,
    }
}

/// Reads and parses a rule file, its errors as promtool prints them (`FILE: message`; an
/// unreadable file as Go's `open FILE: ...`).
pub fn load_rule_file(
    path: &std::path::Path,
    opts: &ParseOptions,
) -> Result<RuleFile, Vec<String>> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![format!(
            "{name}: open {name}: {}",
            crate::gostr::errno_text(&e)
        )]
    })?;
    let (file, findings) = parse_rule_file(&text, opts);
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.kind == FindingKind::Error)
        .map(|f| format!("{name}: {}", f.promtool_text))
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(file.unwrap_or_default())
}

/// Parses and validates one rule file. Returns the file when it has no errors, and every
/// finding (errors first, in Prometheus's order).
pub fn parse_rule_file(text: &str, opts: &ParseOptions) -> (Option<RuleFile>, Vec<Finding>) {
    let yaml_error =
        |e: yaml::Error| Finding::error("rules/yaml", e.message.clone(), e.to_string(), e.span);
    let docs = match yaml::parse(text) {
        Ok(d) => d,
        // Prometheus decodes the file twice (values, then positions), and both fail.
        Err(e) => return (None, vec![yaml_error(e.clone()), yaml_error(e)]),
    };
    let mut findings = Vec::new();
    if docs.len() > 1 {
        findings.push(Finding {
            kind: FindingKind::Warning,
            code: "rules/multiple-documents",
            message: "Multiple document yaml rules files are not supported, only the first \
                      document is processed"
                .into(),
            promtool_text: String::new(),
            span: docs.get(1).map(|d| d.span),
        });
    }
    let Some(root) = docs.first() else {
        return (Some(RuleFile::default()), findings);
    };
    let node = groups_node(root);
    let strict = yaml::Options {
        ignore_unknown_fields: opts.ignore_unknown_fields,
        ..yaml::Options::default()
    };
    let doc: GroupsDoc = match yaml::from_node(node, strict) {
        Ok(d) => d,
        Err(e) => {
            findings.insert(0, yaml_error(e));
            // The second, lenient decode fails too unless the problem was an unknown field.
            if let Err(e) = yaml::from_node::<GroupsDoc>(
                node,
                yaml::Options {
                    ignore_unknown_fields: true,
                    ..yaml::Options::default()
                },
            ) {
                findings.insert(1, yaml_error(e));
            }
            return (None, findings);
        }
    };
    let (file, mut errors) = validate(text, doc, opts);
    let ok = errors.is_empty();
    errors.append(&mut findings);
    (ok.then_some(file), errors)
}

fn validate(text: &str, doc: GroupsDoc, opts: &ParseOptions) -> (RuleFile, Vec<Finding>) {
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut file = RuleFile::default();
    for g in doc.groups {
        let pos = format!("{}:{}: ", g.line, g.col);
        if g.name.is_empty() {
            let msg = "Groupname must not be empty".to_string();
            errors.push(Finding::error(
                "rules/group-name",
                msg.clone(),
                format!("{pos}{msg}"),
                Some(g.span),
            ));
        }
        if !seen.insert(g.name.clone()) {
            let msg = format!("groupname: \"{}\" is repeated in the same file", g.name);
            errors.push(Finding::error(
                "rules/duplicate-group",
                msg.clone(),
                format!("{pos}{msg}"),
                Some(g.span),
            ));
        }
        for (k, _) in g.labels.iter() {
            if !opts.names.is_valid_label_name(k) || k.value == "__name__" {
                let msg = format!("invalid label name: {}", k.value);
                errors.push(Finding::error(
                    "rules/label-name",
                    msg.clone(),
                    msg,
                    Some(k.span),
                ));
            }
        }
        let group_span = g.span;
        let g = g.value;
        let mut group = RuleGroup {
            name: g.name.clone(),
            interval_ms: g.interval.map(PromDuration::as_millis),
            query_offset_ms: g.query_offset.map(PromDuration::as_millis),
            limit: g.limit,
            labels: plain_pairs(&g.labels),
            rules: Vec::new(),
            span: group_span,
        };
        for (i, r) in g.rules.iter().enumerate() {
            let rule_errors = validate_rule(text, r, opts);
            let name = [&r.alert, &r.record]
                .into_iter()
                .flatten()
                .map(|s| s.value.as_str())
                .find(|s| !s.is_empty())
                .unwrap_or_default();
            let context = format!(
                "group {}, rule {}, {}",
                go_quote(&g.name),
                i + 1,
                go_quote(name)
            );
            match rule_errors {
                Ok(rule) => group.rules.push(rule),
                Err(list) => {
                    for e in list {
                        errors.push(Finding::error(
                            e.code,
                            format!("{context}: {}", e.message),
                            format!("{}{context}: {}", e.pos, e.message),
                            e.span.or(Some(r.span)),
                        ));
                    }
                }
            }
        }
        file.groups.push(group);
    }
    (file, errors)
}

/// A rule's problem before the group and rule are named.
struct RuleError {
    code: &'static str,
    message: String,
    /// Prometheus's position prefix (`line:col: `, two of them, or none).
    pos: String,
    span: Option<Span>,
}

fn validate_rule(
    text: &str,
    r: &Spanned<RuleDoc>,
    opts: &ParseOptions,
) -> Result<Rule, Vec<RuleError>> {
    let set = |s: &Option<Spanned<String>>| s.as_ref().filter(|s| !s.value.is_empty()).is_some();
    let (record, alert) = (r.record.as_ref(), r.alert.as_ref());
    let both_pos = format!("{}{}", node_pos(record), node_pos(alert));
    let record_pos = node_pos(record);
    let record_span = record.map(|s| s.span);
    let mut errs = Vec::new();
    let mut err = |code, message: String, pos: String, span: Option<Span>| {
        errs.push(RuleError {
            code,
            message,
            pos,
            span,
        })
    };
    if set(&r.record) && set(&r.alert) {
        err(
            "rules/record-and-alert",
            "only one of 'record' and 'alert' must be set".into(),
            both_pos.clone(),
            record_span,
        );
    }
    if !set(&r.record) && !set(&r.alert) {
        err(
            "rules/no-record-or-alert",
            "one of 'record' or 'alert' must be set".into(),
            both_pos,
            None,
        );
    }
    let expr_text = r.expr.as_ref().map_or("", |e| e.value.as_str());
    let mut ast = None;
    if expr_text.is_empty() {
        err(
            "rules/no-expr",
            "field 'expr' must be set in rule".into(),
            node_pos(r.expr.as_ref()),
            r.expr.as_ref().map(|e| e.span),
        );
    } else if let Some(e) = &r.expr {
        match promql::parse(expr_text, opts.features) {
            Ok(parsed) => ast = Some(parsed),
            Err(pe) => {
                let at = yaml::locate(text, e, &e.value, pe.span.start);
                let end = yaml::locate(text, e, &e.value, pe.span.end.max(pe.span.start));
                err(
                    if pe.feature.is_some() {
                        "promql/feature"
                    } else {
                        "promql/parse"
                    },
                    format!("could not parse expression: {}", pe.display(expr_text)),
                    node_pos(Some(e)),
                    Some(Span::new(at, end.max(at))),
                );
            }
        }
    }
    if set(&r.record) {
        if !r.annotations.is_empty() {
            err(
                "rules/record-annotations",
                "invalid field 'annotations' in recording rule".into(),
                record_pos.clone(),
                record_span,
            );
        }
        if r.for_.as_millis() != 0 {
            err(
                "rules/record-for",
                "invalid field 'for' in recording rule".into(),
                record_pos.clone(),
                record_span,
            );
        }
        if r.keep_firing_for.as_millis() != 0 {
            err(
                "rules/record-keep-firing-for",
                "invalid field 'keep_firing_for' in recording rule".into(),
                record_pos.clone(),
                record_span,
            );
        }
        let name = record.map_or("", |s| s.value.as_str());
        if !opts.names.is_valid_metric_name(name) {
            err(
                "rules/record-name",
                format!("invalid recording rule name: {name}"),
                record_pos.clone(),
                record_span,
            );
        }
        if name.contains(['{', '}']) {
            err(
                "rules/record-name",
                format!("braces present in the recording rule name; should it be in expr?: {name}"),
                record_pos,
                record_span,
            );
        }
    }
    for (k, _) in r.labels.iter() {
        if !opts.names.is_valid_label_name(k) || k.value == "__name__" {
            err(
                "rules/label-name",
                format!("invalid label name: {}", k.value),
                String::new(),
                Some(k.span),
            );
        }
    }
    for (k, _) in r.annotations.iter() {
        if !opts.names.is_valid_label_name(k) {
            err(
                "rules/annotation-name",
                format!("invalid annotation name: {}", k.value),
                String::new(),
                Some(k.span),
            );
        }
    }
    // Alert label and annotation templates must parse (Prometheus's testTemplateParsing).
    if set(&r.alert) {
        let template_name = format!("__alert_{}", alert.map_or("", |a| a.value.as_str()));
        let pairs = r
            .labels
            .iter()
            .map(|p| ("label", p))
            .chain(r.annotations.iter().map(|p| ("annotation", p)));
        for (what, (k, v)) in pairs {
            if let Err(e) = crate::template::expand::parse_test(&template_name, v) {
                err(
                    "rules/template",
                    format!("{what} {}: {e}", go_quote(&k.value)),
                    String::new(),
                    Some(k.span),
                );
            }
        }
    }
    match ast {
        Some(ast) if errs.is_empty() => {
            let (kind, name, name_span) = match (record, alert) {
                (Some(rec), _) if !rec.value.is_empty() => {
                    (RuleKind::Record, rec.value.clone(), rec.span)
                }
                (_, Some(al)) => (RuleKind::Alert, al.value.clone(), al.span),
                _ => (RuleKind::Record, String::new(), r.span),
            };
            let expr_span = r.expr.as_ref().map_or(r.span, |e| {
                let start = yaml::locate(text, e, &e.value, 0);
                Span::new(start, start + e.value.trim_end().len())
            });
            Ok(Rule {
                kind,
                name,
                expr: expr_text.to_string(),
                ast,
                for_ms: r.for_.as_millis(),
                keep_firing_for_ms: r.keep_firing_for.as_millis(),
                labels: plain_pairs(&r.labels),
                annotations: plain_pairs(&r.annotations),
                span: r.span,
                name_span,
                expr_span,
            })
        }
        _ => Err(errs),
    }
}

fn plain_pairs(p: &Pairs<String>) -> Vec<(String, String)> {
    p.iter()
        .map(|(k, v)| (k.value.clone(), v.clone()))
        .collect()
}

/// Go's `%q` of a string.
fn go_quote(s: &str) -> String {
    crate::gostr::quote(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<String> {
        parse_rule_file(src, &ParseOptions::default())
            .1
            .into_iter()
            .map(|f| f.promtool_text)
            .collect()
    }

    #[test]
    fn a_valid_file() {
        let src = "groups:\n- name: g\n  interval: 30s\n  rules:\n  - record: job:up:sum\n    expr: sum by (job) (up)\n  - alert: Down\n    expr: up == 0\n    for: 5m\n    labels: {severity: page}\n";
        let (file, findings) = parse_rule_file(src, &ParseOptions::default());
        assert!(findings.is_empty(), "{findings:?}");
        let file = file.expect("valid");
        assert_eq!(file.rule_count(), 2);
        let g = &file.groups[0];
        assert_eq!(g.interval_ms, Some(30_000));
        assert_eq!(g.rules[1].kind, RuleKind::Alert);
        assert_eq!(g.rules[1].for_ms, 300_000);
        assert_eq!(g.rules[1].labels, vec![("severity".into(), "page".into())]);
        let e = g.rules[0].expr_span;
        assert_eq!(&src[e.start..e.end], "sum by (job) (up)");
    }

    #[test]
    fn rule_errors_read_like_prometheus() {
        assert_eq!(
            texts("groups:\n- name: yolo\n  rules:\n  - record: 'a{b=\"c\"}'\n    expr: up\n"),
            ["4:13: group \"yolo\", rule 1, \"a{b=\\\"c\\\"}\": braces present in the recording rule name; should it be in expr?: a{b=\"c\"}"]
        );
        assert_eq!(
            texts("groups:\n- name: yolo\n  rules:\n  - expr: up\n"),
            ["0:0: 0:0: group \"yolo\", rule 1, \"\": one of 'record' or 'alert' must be set"]
        );
        assert_eq!(
            texts("groups:\n- name: yolo\n  rules:\n  - alert: a\n    expr: up +\n"),
            ["5:11: group \"yolo\", rule 1, \"a\": could not parse expression: 1:5: parse error: unexpected end of input"]
        );
        assert_eq!(
            texts("groups:\n- name: a\n  rules: []\n- name: a\n  rules: []\n"),
            ["4:3: groupname: \"a\" is repeated in the same file"]
        );
        assert_eq!(
            texts("groups:\n- name: a\n  rules:\n  - alert: x\n    expr: up\n    labels: {__name__: x}\n"),
            ["group \"a\", rule 1, \"x\": invalid label name: __name__"]
        );
    }

    #[test]
    fn alert_templates_must_parse() {
        assert_eq!(
            texts("groups:\n- name: a\n  rules:\n  - alert: X\n    expr: up\n    labels: {l: '{{ $labels.job }}'}\n    annotations: {s: '{{ humanise $value }}'}\n"),
            ["group \"a\", rule 1, \"X\": annotation \"s\": template: __alert_X:1: function \"humanise\" not defined"]
        );
        // Recording rules have no templates.
        assert!(texts(
            "groups:\n- name: a\n  rules:\n  - record: r\n    expr: up\n    labels: {l: '{{'}\n"
        )
        .is_empty());
    }

    #[test]
    fn yaml_errors() {
        assert_eq!(
            texts("groups:\n- name: a\n  rules:\n  - alert: x\n    expr: up\n    annotation: {}\n"),
            ["yaml: unmarshal errors:\n  line 6: field annotation not found in type rulefmt.Rule"]
        );
        let both = texts("groups:\n- name: a\n  limit: many\n");
        assert_eq!(both.len(), 2, "{both:?}");
        let lenient = ParseOptions {
            ignore_unknown_fields: true,
            ..ParseOptions::default()
        };
        let src = "groups:\n- name: a\n  owner: me\n  rules: []\n";
        assert!(parse_rule_file(src, &lenient).0.is_some());
    }

    #[test]
    fn kubernetes_prometheus_rule() {
        let src = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: x\nspec:\n  groups:\n  - name: g\n    rules:\n    - alert: A\n      expr: up == 0\n";
        let (file, findings) = parse_rule_file(src, &ParseOptions::default());
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(file.expect("valid").rule_count(), 1);
    }

    #[test]
    fn victoriametrics_vmrule() {
        let src = "apiVersion: operator.victoriametrics.com/v1beta1\nkind: VMRule\nmetadata: {name: x}\nspec:\n  groups:\n  - name: g\n    rules:\n    - record: r\n      expr: up\n";
        let (file, findings) = parse_rule_file(src, &ParseOptions::default());
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(file.expect("valid").rule_count(), 1);
        // A file that merely has a top-level `spec` key is a plain rule file (and invalid).
        assert!(
            parse_rule_file("spec: {groups: []}\n", &ParseOptions::default())
                .0
                .is_none()
        );
    }

    #[test]
    fn legacy_names() {
        let legacy = NameValidation::Legacy;
        assert!(legacy.is_valid_metric_name("job:up:sum"));
        assert!(!legacy.is_valid_label_name("job:up"));
        assert!(!legacy.is_valid_label_name("ins-tance"));
        assert!(NameValidation::Utf8.is_valid_label_name("ins-tance"));
        assert!(!NameValidation::Utf8.is_valid_label_name(""));
    }
}

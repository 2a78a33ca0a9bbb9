//! Rules about panels.

use super::{units, Out, Rule};
use crate::diag::Span;
use crate::grafana::datasource::{variable_name, DsRef, Resolved};
use crate::grafana::Panel;

/// Panel types dashboard-linter checks for a templated datasource.
const DATASOURCE_TYPES: [&str; 4] = ["singlestat", "graph", "table", "timeseries"];
/// Panel types it checks for titles, units and targets.
const QUERY_TYPES: [&str; 6] = [
    "stat",
    "singlestat",
    "graph",
    "table",
    "timeseries",
    "gauge",
];

pub(super) fn lint(out: &mut Out<'_>, i: usize) {
    let Some(p) = out.dash.panels.get(i) else {
        return;
    };
    if DATASOURCE_TYPES.contains(&p.type_.as_str()) {
        datasource(out, i, p);
    }
    if !QUERY_TYPES.contains(&p.type_.as_str()) {
        return;
    }
    if p.title.is_empty() || p.description.is_empty() {
        out.panel(
            Rule::PanelTitleDescription,
            i,
            None,
            format!(
                "has missing title or description, currently has title '{}' and description: \
                 '{}'",
                p.title, p.description
            ),
        );
    }
    units(out, i, p);
    if !p.has_targets {
        out.panel(Rule::PanelNoTargets, i, None, "has no targets".into());
    }
}

/// `panel-datasource-rule`: the panel's datasource is `$x` or `${x}` for a datasource
/// variable `x`. Panels on a built-in datasource have none to template; a mixed panel's
/// targets must each be templated.
fn datasource(out: &mut Out<'_>, i: usize, p: &Panel) {
    let dash = out.dash;
    let templated = |r: &DsRef| {
        let u = r.uid();
        // `[[x]]` is not accepted: dashboard-linter matches the two modern forms only.
        !u.starts_with("[[")
            && variable_name(u).is_some_and(|n| {
                dash.variables
                    .iter()
                    .any(|v| v.name == n && v.type_.eq_ignore_ascii_case("datasource"))
            })
    };
    let (used, span) = match &p.datasource {
        None => (String::new(), p.span),
        Some(r) => match dash.resolve_ref(r) {
            Resolved::Builtin => return,
            Resolved::Mixed => {
                // A target without a datasource of its own runs on the default one.
                let bad = p.targets.iter().find_map(|t| match &t.datasource {
                    Some(r) if templated(r) => None,
                    Some(r) => Some((r.uid().to_string(), t.datasource_span)),
                    None => Some((String::new(), Span::point(t.span.start))),
                });
                match bad {
                    Some(b) => b,
                    None => return,
                }
            }
            _ if templated(r) => return,
            _ => (r.uid().to_string(), p.datasource_span),
        },
    };
    out.panel(
        Rule::PanelDatasource,
        i,
        Some(span),
        format!("does not use a templated datasource, uses '{used}'"),
    );
}

/// `panel-units-rule`: a unit Grafana knows, unless value mappings replace the numbers or
/// a stat panel shows non-numeric fields.
fn units(out: &mut Out<'_>, i: usize, p: &Panel) {
    if (p.type_ == "stat" && !p.reduce_fields.is_empty()) || p.has_mappings {
        return;
    }
    let (unit, span) = match &p.unit {
        Some((u, span)) => (u.as_str(), Some(*span)),
        None => ("", None),
    };
    if !units::is_valid(unit) {
        out.panel(
            Rule::PanelUnits,
            i,
            span,
            format!("has no or invalid units defined: '{unit}'"),
        );
    }
}

//! Rules about template variables.

use super::{Level, Out, Rule};
use crate::grafana::datasource::DsRef;
use crate::grafana::{Language, Variable};
use crate::promql::{self, Features};

/// Title case as Go's `cases.Title(language.English)`: each word's first letter upper, the
/// rest lower.
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_word = false;
    for c in s.chars() {
        if in_word {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        in_word = c.is_alphanumeric() || c == '\'';
    }
    out
}

fn datasource_variables<'d>(out: &Out<'d>) -> Vec<&'d Variable> {
    out.dash
        .variables
        .iter()
        .filter(|v| v.type_.eq_ignore_ascii_case("datasource"))
        .collect()
}

/// `template-datasource-rule`: a datasource variable exists and each is named and labelled
/// after its plugin (`datasource`/`Data source` allowed when there is only one).
pub(super) fn datasource(out: &mut Out<'_>) {
    let rule = Rule::TemplateDatasource;
    let vars = datasource_variables(out);
    if vars.is_empty() {
        let (span, ptr) = (
            out.dash.title_span,
            format!("{}/templating", out.dash.pointer),
        );
        out.dashboard(
            rule,
            Level::Error,
            span,
            &ptr,
            "does not have a templated data source".into(),
        );
    }
    let single = vars.len() == 1;
    for v in vars {
        let want_name = format!("{}_datasource", v.query.to_lowercase());
        let want_label = format!("{} data source", title_case(&v.query));
        let mut name_msg = format!(
            "templated data source variable named '{}', should be named '{want_name}'",
            v.name
        );
        let mut label_msg = format!(
            "templated data source variable labeled '{}', should be labeled '{want_label}'",
            v.label
        );
        let (mut name_ok, mut label_ok) = (v.name == want_name, v.label == want_label);
        if single {
            name_ok |= v.name == "datasource";
            label_ok |= v.label == "Data source";
            name_msg.push_str(", or 'datasource'");
            label_msg.push_str(", or 'Data source'");
        }
        if !name_ok {
            out.dashboard(rule, Level::Error, v.span, &v.pointer, name_msg);
        }
        if !label_ok {
            out.dashboard(rule, Level::Warning, v.span, &v.pointer, label_msg);
        }
    }
}

/// `template-job-rule` and `template-instance-rule`: a multi-select query variable `name`
/// on the Prometheus datasource variable, with `.+` for All and a capitalised label.
pub(super) fn required(out: &mut Out<'_>, name: &str, rule: Rule) {
    let dash = out.dash;
    let Some(v) = dash.variables.iter().find(|v| v.name == name) else {
        let (span, ptr) = (dash.title_span, format!("{}/templating", dash.pointer));
        out.dashboard(
            rule,
            Level::Error,
            span,
            &ptr,
            format!("is missing the {name} template"),
        );
        return;
    };
    let mut add = |level, msg: String| out.dashboard(rule, level, v.span, &v.pointer, msg);
    let ds = v.datasource.as_ref().map_or("", DsRef::uid);
    if ![
        "$datasource",
        "${datasource}",
        "$prometheus_datasource",
        "${prometheus_datasource}",
    ]
    .contains(&ds)
    {
        add(
            Level::Error,
            format!("{name} template should use datasource '$datasource', is currently '{ds}'"),
        );
    }
    if v.type_ != "query" {
        add(
            Level::Error,
            format!(
                "{name} template should be a Prometheus query, is currently '{}'",
                v.type_
            ),
        );
    }
    let label = title_case(name);
    if v.label != label {
        add(
            Level::Warning,
            format!(
                "{name} template should be a labeled '{label}', is currently '{}'",
                v.label
            ),
        );
    }
    if !v.multi {
        add(
            Level::Error,
            format!("{name} template should be a multi select"),
        );
    }
    if v.all_value != ".+" {
        add(
            Level::Error,
            format!(
                "{name} template allValue should be '.+', is currently '{}'",
                v.all_value
            ),
        );
    }
}

/// The first `name(args)` in `query` on one line, as dashboard-linter's
/// `([a-z_]+)\((.+)\)` finds it, but allowing empty arguments (`label_names()`).
fn call(query: &str) -> Option<(&str, &str)> {
    let b = query.as_bytes();
    let word = |c: u8| c.is_ascii_lowercase() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        if !b.get(i).is_some_and(|&c| word(c)) {
            i += 1;
            continue;
        }
        let start = i;
        while b.get(i).is_some_and(|&c| word(c)) {
            i += 1;
        }
        if b.get(i) == Some(&b'(') {
            let line_end = query
                .get(i..)
                .and_then(|r| r.find('\n'))
                .map_or(b.len(), |n| i + n);
            if let Some(close) = query.get(i + 1..line_end).and_then(|r| r.rfind(')')) {
                return Some((query.get(start..i)?, query.get(i + 1..i + 1 + close)?));
            }
        }
    }
    None
}

/// `s` split at its last comma outside brackets and quotes.
fn split_last_arg(s: &str) -> (Option<&str>, &str) {
    let mut depth = 0i32;
    let mut quote: Option<u8> = None;
    let mut last = None;
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match quote {
            Some(_) if c == b'\\' => i += 1,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'"' | b'\'' | b'`' => quote = Some(c),
                b'(' | b'{' | b'[' => depth += 1,
                b')' | b'}' | b']' => depth -= 1,
                b',' if depth == 0 => last = Some(i),
                _ => {}
            },
        }
        i += 1;
    }
    match last {
        Some(i) => (s.get(..i), s.get(i + 1..).unwrap_or("")),
        None => (None, s),
    }
}

/// Why a query variable's query is not a Prometheus variable query, if it is not.
fn label_query_error(out: &Out<'_>, query: &str, features: Features) -> Option<String> {
    let Some((func, args)) = call(query) else {
        return Some(format!("invalid 'query': {query}"));
    };
    let is_label = |s: &str| {
        let s = s.trim();
        !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let promql = match func {
        // `label_values(selector, label)` or `label_values(label)`.
        "label_values" => match split_last_arg(args) {
            (Some(selector), _) => Some(selector),
            (None, only) if is_label(only) => None,
            (None, only) => Some(only),
        },
        "label_names" | "query_result" => Some(args),
        "metrics" => None,
        _ => return Some(format!("invalid 'function': {func}")),
    };
    let promql = promql.filter(|p| !p.trim().is_empty())?;
    let sub = out.dash.substitute(promql);
    promql::parse(&sub.text, features)
        .err()
        .map(|e| e.display(&sub.text).to_string())
}

/// `template-label-promql-rule`: query variables on a Prometheus datasource use one of the
/// Prometheus datasource's functions, with a valid PromQL argument.
pub(super) fn label_promql(out: &mut Out<'_>, prometheus_dashboard: bool, features: Features) {
    let dash = out.dash;
    for v in dash.variables.iter().filter(|v| v.type_ == "query") {
        let on_prometheus = match &v.datasource {
            Some(r) => dash.language(&dash.resolve_ref(r)) == Some(Language::PromQL),
            None => prometheus_dashboard,
        };
        if !on_prometheus {
            continue;
        }
        if let Some(err) = label_query_error(out, &v.query, features) {
            let msg = format!(
                "template '{}' invalid templated label '{}': {err}",
                v.name, v.query
            );
            out.dashboard(
                Rule::TemplateLabelPromql,
                Level::Error,
                v.span,
                &v.pointer,
                msg,
            );
        }
    }
}

/// `template-on-time-change-reload-rule`: query variables refresh on time range change.
pub(super) fn on_time_change_reload(out: &mut Out<'_>) {
    let dash = out.dash;
    for v in dash.variables.iter().filter(|v| v.type_ == "query") {
        if v.refresh != 2 {
            let msg = format!(
                "templated datasource variable named '{}', should be set to be refreshed 'On \
                 Time Range Change (value 2)', is currently '{}'",
                v.name, v.refresh
            );
            out.dashboard(
                Rule::TemplateOnTimeChangeReload,
                Level::Error,
                v.span,
                &v.pointer,
                msg,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(title_case("prometheus"), "Prometheus");
        assert_eq!(title_case("job"), "Job");
        assert_eq!(title_case("grafana-postgresql"), "Grafana-Postgresql");
        assert_eq!(title_case("LOKI"), "Loki");
        assert_eq!(
            call("label_values(up{job=~\"$job\"}, namespace)"),
            Some(("label_values", "up{job=~\"$job\"}, namespace"))
        );
        assert_eq!(call("label_names()"), Some(("label_names", "")));
        assert_eq!(call("foo"), None);
        assert_eq!(call("Up(x)"), Some(("p", "x")));
        assert_eq!(
            split_last_arg("up{a=\",\", b=~\"x\"}, ns"),
            (Some("up{a=\",\", b=~\"x\"}"), " ns")
        );
        assert_eq!(split_last_arg("up{, namespace"), (None, "up{, namespace"));
    }
}

//! Prometheus's template expander (`template.NewTemplateExpander`): the function set, the
//! alert template data and the `$labels`/`$value` conveniences rules use.

use std::sync::Arc;

use super::exec::{MissingKey, Templates};
use super::{prom, Func, Object, Value};

/// A query result for templates: each sample's labels and value.
pub type QueryRows = Vec<(Vec<(String, String)>, Value)>;

/// Runs a PromQL query for the `query` function, or fails with an error text.
pub type QueryFn<'a> = &'a dyn Fn(&str) -> Result<QueryRows, String>;

/// What a template may ask of its surroundings.
#[derive(Clone, Copy, Default)]
pub struct Context<'a> {
    /// Evaluation time in milliseconds (`now`).
    pub timestamp_ms: i64,
    pub query: Option<QueryFn<'a>>,
    /// The server's external URL for `externalURL` and `pathPrefix`; `None` makes them fail
    /// as in Prometheus without one (its rule unit tests have none).
    pub external_url: Option<&'a str>,
}

/// The convenience variables Prometheus defines in front of alert labels and annotations.
/// They are on the template's first line, so line numbers in errors stay the user's.
pub const ALERT_DEFS: &str = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}";

/// Prometheus's functions, with `query`, `now`, `pathPrefix` and `externalURL` bound to
/// `ctx`.
fn functions(ctx: &Context<'_>) -> Vec<(String, Func)> {
    let mut out: Vec<(String, Func)> = prom::functions()
        .into_iter()
        .map(|(n, f)| (n.to_string(), f))
        .collect();
    let now = ctx.timestamp_ms as f64 / 1000.0;
    out.push((
        "now".into(),
        Arc::new(move |_: &[Value]| Ok(Value::Float(now))),
    ));
    // Go dereferences a nil *url.URL there; text/template reports the recovered panic.
    const NIL_URL: &str = "runtime error: invalid memory address or nil pointer dereference";
    let url = ctx.external_url.map(str::to_string);
    let path = url.as_deref().map(url_path);
    out.push((
        "externalURL".into(),
        Arc::new(move |_: &[Value]| {
            url.as_deref()
                .map(Value::str)
                .ok_or_else(|| NIL_URL.to_string())
        }),
    ));
    out.push((
        "pathPrefix".into(),
        Arc::new(move |_: &[Value]| {
            path.as_deref()
                .map(Value::str)
                .ok_or_else(|| NIL_URL.to_string())
        }),
    ));
    // `query` is replaced per expansion when a query function is available; this one only
    // exists so templates that use it parse.
    out.push((
        "query".into(),
        Arc::new(|_: &[Value]| Err("no query engine available".to_string())),
    ));
    out
}

/// The path of a URL (`pathPrefix`).
fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or(String::new(), |i| after_scheme[i..].to_string())
}

/// Checks that `text` parses as Prometheus would parse an alert's label or annotation
/// template (`Expander.ParseTest`); the error is Go's text.
pub fn parse_test(name: &str, text: &str) -> Result<(), String> {
    let mut t = Templates::new();
    t.missing_key = MissingKey::Zero;
    t.funcs(functions(&Context::default()));
    t.parse(name, &format!("{ALERT_DEFS}{text}"))
        .map_err(|e| e.message)
}

/// Expands `text` as template `name` over `data` (`Expander.Expand`); errors read like
/// Prometheus's (`error parsing template NAME: ...`, `error executing template NAME: ...`).
pub fn expand(name: &str, text: &str, data: &Value, ctx: &Context<'_>) -> Result<String, String> {
    let mut t = Templates::new();
    // Prometheus's expander defaults to `missingkey=zero`: an absent label is "".
    t.missing_key = MissingKey::Zero;
    t.funcs(functions(ctx));
    t.parse(name, text)
        .map_err(|e| format!("error parsing template {name}: {}", e.message))?;
    // `query` borrows the caller's engine for this execution only.
    let query = |f: &str, args: &[Value]| -> Option<Result<Value, String>> {
        let q = ctx.query.filter(|_| f == "query")?;
        Some(match args {
            [Value::String(expr)] => q(expr).map(prom::query_result),
            [other] => Err(format!(
                "wrong type for value; expected string; got {}",
                other.type_name()
            )),
            _ => Err(format!(
                "wrong number of args for query: want 1 got {}",
                args.len()
            )),
        })
    };
    t.execute_with(name, data, &query)
        .map_err(|e| format!("error executing template {name}: {}", e.message))
}

/// Prometheus's `AlertTemplateData`: what `.` is in alert labels and annotations.
#[derive(Debug)]
pub struct AlertData {
    pub labels: Value,
    pub external_labels: Value,
    pub external_url: String,
    pub value: Value,
}

impl AlertData {
    /// The template value of an alert instance.
    pub fn template_value(
        labels: &[(String, String)],
        external_labels: &[(String, String)],
        external_url: &str,
        value: Value,
    ) -> Value {
        Value::Object(Arc::new(AlertData {
            labels: Value::string_map(labels.iter().map(|(k, v)| (k.clone(), v.as_str()))),
            external_labels: Value::string_map(
                external_labels.iter().map(|(k, v)| (k.clone(), v.as_str())),
            ),
            external_url: external_url.to_string(),
            value,
        }))
    }
}

impl Object for AlertData {
    fn type_name(&self) -> String {
        "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }".into()
    }

    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Labels" => Some(self.labels.clone()),
            "ExternalLabels" => Some(self.external_labels.clone()),
            "ExternalURL" => Some(Value::str(self.external_url.as_str())),
            "Value" => Some(self.value.clone()),
            _ => None,
        }
    }

    fn display(&self) -> String {
        format!(
            "{{{} {} {} {}}}",
            super::fmt::print_value(&self.labels),
            super::fmt::print_value(&self.external_labels),
            self.external_url,
            super::fmt::print_value(&self.value)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(labels: &[(&str, &str)], value: f64) -> Value {
        let labels: Vec<(String, String)> = labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        AlertData::template_value(
            &labels,
            &[("cluster".into(), "eu".into())],
            "http://prom:9090/x",
            Value::Float(value),
        )
    }

    #[test]
    fn alert_annotations_expand_like_prometheus() {
        let data = alert(&[("instance", "a:9090"), ("job", "node")], 0.5);
        let ctx = Context {
            timestamp_ms: 60_000,
            external_url: Some("http://prom:9090/x"),
            ..Context::default()
        };
        let text = format!("{ALERT_DEFS}{{{{ $labels.instance }}}} of {{{{ $labels.job }}}} is {{{{ $value }}}} in {{{{ $externalLabels.cluster }}}} [{{{{ $labels.nope }}}}] {{{{ pathPrefix }}}}");
        assert_eq!(
            expand("__alert_X", &text, &data, &ctx).as_deref(),
            Ok("a:9090 of node is 0.5 in eu [] /x")
        );
    }

    #[test]
    fn parse_test_reports_go_errors() {
        assert_eq!(parse_test("__alert_X", "{{ $labels.a }}"), Ok(()));
        assert_eq!(
            parse_test("__alert_X", "{{ nope }}").unwrap_err(),
            "template: __alert_X:1: function \"nope\" not defined"
        );
    }

    #[test]
    fn queries_are_answered() {
        let data = alert(&[], 1.0);
        let q = |expr: &str| -> Result<QueryRows, String> {
            Ok(vec![(
                vec![("q".to_string(), expr.to_string())],
                Value::Float(42.0),
            )])
        };
        let ctx = Context {
            query: Some(&q),
            ..Context::default()
        };
        assert_eq!(
            expand("t", "{{ with query \"up\" }}{{ . | first | value }} {{ (. | first).Labels.q }}{{ end }}", &data, &ctx).as_deref(),
            Ok("42 up")
        );
    }
}

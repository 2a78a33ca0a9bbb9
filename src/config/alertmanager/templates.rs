//! The template text in a configuration's notifier fields (titles, messages, details...)
//! and the named templates each one calls with `{{ template "NAME" }}`, so a checker can
//! find calls no template file defines: Alertmanager only notices those when a
//! notification fails to render (prometheus/alertmanager#3490).

use super::config::Config;
use crate::config::print::GoValue;
use crate::diag::Span;
use crate::template::parse::{parse, Node};

/// One notifier field holding template text.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateField {
    pub receiver: String,
    /// Where the receiver is in the file.
    pub span: Span,
    /// The field's path in the receiver, e.g. `slack_configs[0].title`.
    pub path: String,
    pub text: String,
}

/// Every notifier field whose (effective, defaults included) value holds template syntax.
pub fn template_fields(cfg: &Config) -> Vec<TemplateField> {
    fn walk(v: &GoValue, path: &str, out: &mut Vec<(String, String)>) {
        match v {
            GoValue::Str(s) if s.contains("{{") => out.push((path.to_string(), s.clone())),
            GoValue::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{path}[{i}]"), out);
                }
            }
            GoValue::Map(entries) => {
                for (k, item) in entries {
                    // HTTP settings and credentials are not rendered.
                    if k != "http_config" {
                        walk(item, &format!("{path}.{k}"), out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut fields = Vec::new();
    for rcv in &cfg.receivers {
        let mut index = std::collections::HashMap::new();
        for (key, value) in rcv.integrations() {
            let i = index.entry(key).or_insert(0usize);
            let mut found = Vec::new();
            walk(&value, &format!("{key}[{i}]"), &mut found);
            *i += 1;
            fields.extend(found.into_iter().map(|(path, text)| TemplateField {
                receiver: rcv.name.value.clone(),
                span: rcv.span,
                path,
                text,
            }));
        }
    }
    fields
}

/// The names `text` calls with `{{ template "NAME" }}`, in order, each once; or Go's parse
/// error. `is_func` names the functions that exist (Go checks them when parsing).
pub fn called_templates(text: &str, is_func: &dyn Fn(&str) -> bool) -> Result<Vec<String>, String> {
    fn nodes(list: &[Node], out: &mut Vec<String>) {
        for n in list {
            match n {
                Node::Template { name, .. } => {
                    if !out.contains(name) {
                        out.push(name.clone());
                    }
                }
                Node::If(b) | Node::Range(b) | Node::With(b) => {
                    nodes(&b.list, out);
                    nodes(b.else_list.as_deref().unwrap_or_default(), out);
                }
                // Pipelines cannot call templates.
                Node::Action { .. }
                | Node::Text(_)
                | Node::Break { .. }
                | Node::Continue { .. } => {}
            }
        }
    }
    let trees = parse(text, is_func).map_err(|e| e.message)?;
    let mut out = Vec::new();
    nodes(&trees.main, &mut out);
    for body in trees.defined.values() {
        nodes(body, &mut out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::alertmanager::config::load;
    use crate::config::alertmanager::matchers::ParseMode;

    #[test]
    fn fields_and_calls() {
        let src = "route:\n  receiver: r\nreceivers:\n- name: r\n  webhook_configs:\n  - url: http://x\n  slack_configs:\n  - api_url: http://slack\n    title: '{{ template \"mine\" . }}'\n    fields:\n    - {title: t, value: '{{ .Status }}'}\n";
        let cfg = load(src, ParseMode::Classic).expect("loads");
        let fields = template_fields(&cfg);
        let paths: Vec<&str> = fields.iter().map(|f| f.path.as_str()).collect();
        assert!(paths.contains(&"slack_configs[0].title"), "{paths:?}");
        assert!(
            paths.contains(&"slack_configs[0].fields[0].value"),
            "{paths:?}"
        );
        // Defaults count: Slack's text is `{{ template "slack.default.text" . }}`.
        assert!(paths.contains(&"slack_configs[0].text"), "{paths:?}");
        assert!(!paths.iter().any(|p| p.starts_with("webhook")), "{paths:?}");
        let f = |_: &str| false;
        assert_eq!(
            called_templates(
                "{{ if .X }}{{ template \"a\" . }}{{ else }}{{ template \"b\" }}{{ end }}{{ template \"a\" }}",
                &f
            ),
            Ok(vec!["a".to_string(), "b".to_string()])
        );
        assert!(called_templates("{{ nofunc }}", &f).is_err());
    }
}

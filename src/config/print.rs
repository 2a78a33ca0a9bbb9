//! The effective configuration as YAML, the way Prometheus shows it on its status page
//! (`yaml.Marshal` of the loaded configuration): fields in Go order, zero values of
//! `omitempty` fields left out, secrets as `<secret>`, passwords in URLs as `xxxxx`.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::yaml::Spanned;

/// A value as Go's YAML encoder sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum GoValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<GoValue>),
    /// Keys in output order.
    Map(Vec<(String, GoValue)>),
}

impl GoValue {
    /// What `omitempty` leaves out: zero scalars, empty collections, and structs whose
    /// fields are all zero.
    pub fn is_zero(&self) -> bool {
        match self {
            GoValue::Null => true,
            GoValue::Bool(b) => !b,
            GoValue::Int(i) => *i == 0,
            GoValue::Float(f) => *f == 0.0,
            GoValue::Str(s) => s.is_empty(),
            GoValue::Seq(items) => items.is_empty(),
            GoValue::Map(entries) => entries.iter().all(|(_, v)| v.is_zero()),
        }
    }
}

/// Conversion to the encoder's view; `go_struct!` implements it for configuration structs.
pub trait ToGo {
    fn to_go(&self) -> GoValue;
}

impl ToGo for String {
    fn to_go(&self) -> GoValue {
        GoValue::Str(self.clone())
    }
}

impl ToGo for bool {
    fn to_go(&self) -> GoValue {
        GoValue::Bool(*self)
    }
}

macro_rules! int_to_go {
    ($($t:ty),*) => {$(
        impl ToGo for $t {
            fn to_go(&self) -> GoValue {
                GoValue::Int(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_to_go!(i64, u64, i32, u32, usize);

impl ToGo for f64 {
    fn to_go(&self) -> GoValue {
        GoValue::Float(*self)
    }
}

impl<T: ToGo> ToGo for Option<T> {
    fn to_go(&self) -> GoValue {
        self.as_ref().map_or(GoValue::Null, ToGo::to_go)
    }
}

impl<T: ToGo> ToGo for Box<T> {
    fn to_go(&self) -> GoValue {
        self.as_ref().to_go()
    }
}

impl<T: ToGo> ToGo for Vec<T> {
    fn to_go(&self) -> GoValue {
        GoValue::Seq(self.iter().map(ToGo::to_go).collect())
    }
}

impl<K: ToString, V: ToGo> ToGo for BTreeMap<K, V> {
    fn to_go(&self) -> GoValue {
        GoValue::Map(
            self.iter()
                .map(|(k, v)| (k.to_string(), v.to_go()))
                .collect(),
        )
    }
}

impl<T: ToGo> ToGo for Spanned<T> {
    fn to_go(&self) -> GoValue {
        self.value.to_go()
    }
}

impl ToGo for crate::duration::PromDuration {
    fn to_go(&self) -> GoValue {
        GoValue::Str(if self.0 == 0 {
            String::new()
        } else {
            self.to_string()
        })
    }
}

impl ToGo for serde_json::Value {
    fn to_go(&self) -> GoValue {
        use serde_json::Value;
        match self {
            Value::Null => GoValue::Null,
            Value::Bool(b) => GoValue::Bool(*b),
            Value::Number(n) => n
                .as_i64()
                .map(GoValue::Int)
                .unwrap_or_else(|| GoValue::Float(n.as_f64().unwrap_or(0.0))),
            Value::String(s) => GoValue::Str(s.clone()),
            Value::Array(items) => GoValue::Seq(items.iter().map(ToGo::to_go).collect()),
            Value::Object(m) => {
                GoValue::Map(m.iter().map(|(k, v)| (k.clone(), v.to_go())).collect())
            }
        }
    }
}

/// Types printed as the string they hold.
macro_rules! string_to_go {
    ($($t:ty => |$v:ident| $e:expr;)*) => {$(
        impl ToGo for $t {
            fn to_go(&self) -> GoValue {
                let $v = self;
                GoValue::Str($e)
            }
        }
    )*};
}

string_to_go! {
    super::types::Secret => |s| if s.is_empty() { String::new() } else { "<secret>".into() };
    super::types::Url => |u| u.redacted();
    super::types::Base2Bytes => |b| if b.0 == 0 { String::new() } else { b.to_string() };
    super::types::LabelText<true> => |l| l.0.clone();
    super::types::LabelText<false> => |l| l.0.clone();
    super::http::TlsVersion => |v| v.0.clone();
    super::prometheus::Scheme => |s| match s.0 {
        None => String::new(),
        Some(crate::rules::NameValidation::Utf8) => "utf8".into(),
        Some(crate::rules::NameValidation::Legacy) => "legacy".into(),
    };
    super::prometheus::ApiVersion => |v| v.0.clone();
    super::prometheus::TracingClientType => |v| v.0.clone();
}

impl<V: ToGo> ToGo for crate::yaml::Pairs<V> {
    fn to_go(&self) -> GoValue {
        GoValue::Map(
            self.iter()
                .map(|(k, v)| (k.value.clone(), v.to_go()))
                .collect(),
        )
    }
}

impl ToGo for super::http::Header {
    fn to_go(&self) -> GoValue {
        let mut m = Vec::new();
        for (k, v) in [
            ("values", self.values.to_go()),
            ("secrets", self.secrets.to_go()),
            ("files", self.files.to_go()),
        ] {
            if !v.is_zero() {
                m.push((k.to_string(), v));
            }
        }
        GoValue::Map(m)
    }
}

/// `relabel.Config`: the regex is always shown, the other fields when set.
impl ToGo for super::relabel::Config {
    fn to_go(&self) -> GoValue {
        let mut m = Vec::new();
        if let Some(src) = self.source_labels.as_ref().filter(|s| !s.is_empty()) {
            m.push(("source_labels".into(), src.to_go()));
        }
        let s = |v: &str| GoValue::Str(v.to_string());
        m.push(("separator".into(), s(&self.separator)));
        m.push(("regex".into(), s(self.regex.as_str())));
        if self.modulus != 0 {
            m.push(("modulus".into(), self.modulus.to_go()));
        }
        if !self.target_label.is_empty() {
            m.push(("target_label".into(), s(&self.target_label)));
        }
        m.push(("replacement".into(), s(&self.replacement)));
        m.push(("action".into(), s(self.action.as_str())));
        m.retain(|(_, v)| !v.is_zero());
        GoValue::Map(m)
    }
}

impl ToGo for super::discovery::TargetGroup {
    fn to_go(&self) -> GoValue {
        let mut m = vec![("targets".to_string(), self.targets.to_go())];
        if !self.labels.is_empty() {
            m.push(("labels".into(), self.labels.to_go()));
        }
        GoValue::Map(m)
    }
}

/// Discovery blocks under their keys, in key order, as Prometheus prints them.
impl ToGo for super::discovery::Configs {
    fn to_go(&self) -> GoValue {
        let mut m: Vec<(String, GoValue)> = Vec::new();
        for sd in &self.sd {
            let value = sd.to_go();
            match m.iter_mut().find(|(k, _)| k == sd.key()) {
                Some((_, GoValue::Seq(items))) => items.push(value),
                _ => m.push((sd.key().to_string(), GoValue::Seq(vec![value]))),
            }
        }
        if !self.static_configs.is_empty() {
            m.push(("static_configs".into(), self.static_configs.to_go()));
        }
        m.sort_by(|a, b| a.0.cmp(&b.0));
        GoValue::Map(m)
    }
}

/// Strings YAML 1.1 would read as something else, or that YAML syntax claims.
fn needs_quotes(s: &str) -> bool {
    if s.is_empty() || s.starts_with(' ') || s.ends_with(' ') {
        return true;
    }
    let first = s.as_bytes()[0];
    let dash_item = first == b'-' && (s.len() == 1 || s.as_bytes()[1] == b' ');
    if b"?:,[]{}#&*!|>'\"%@`".contains(&first) || dash_item {
        return true;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.chars().any(char::is_control) {
        return true;
    }
    let lower = s.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
    ) || s.parse::<f64>().is_ok()
        || lower.starts_with("0x")
        || lower == ".inf"
        || lower == "-.inf"
        || lower == ".nan"
}

fn scalar(s: &str) -> String {
    if !needs_quotes(s) {
        return s.to_string();
    }
    if s.chars().any(char::is_control) {
        return crate::gostr::quote(s);
    }
    format!("'{}'", s.replace('\'', "''"))
}

/// YAML text in Go yaml.v2's layout (two-space indentation, sequences in a mapping not
/// indented).
pub fn to_yaml(v: &GoValue) -> String {
    let mut out = String::new();
    match v {
        GoValue::Map(entries) => write_map(&mut out, entries, 0),
        other => {
            write_inline(&mut out, other);
            out.push('\n');
        }
    }
    out
}

/// A scalar, or an empty collection, on the current line.
fn write_inline(out: &mut String, v: &GoValue) {
    match v {
        GoValue::Null => out.push_str("null"),
        GoValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        GoValue::Int(i) => {
            let _ = write!(out, "{i}");
        }
        GoValue::Float(f) => out.push_str(&match *f {
            f if f.is_nan() => ".nan".to_string(),
            f if f == f64::INFINITY => ".inf".to_string(),
            f if f == f64::NEG_INFINITY => "-.inf".to_string(),
            f => crate::gostr::format_float_g(f),
        }),
        GoValue::Str(s) => out.push_str(&scalar(s)),
        GoValue::Seq(_) => out.push_str("[]"),
        GoValue::Map(_) => out.push_str("{}"),
    }
}

fn write_map(out: &mut String, entries: &[(String, GoValue)], indent: usize) {
    for (i, (k, v)) in entries.iter().enumerate() {
        // The first key of a mapping inside a sequence item follows the dash.
        if i > 0 || !out.ends_with("- ") {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(&scalar(k));
        out.push(':');
        match v {
            GoValue::Map(inner) if !inner.is_empty() => {
                out.push('\n');
                write_map(out, inner, indent + 2);
            }
            GoValue::Seq(items) if !items.is_empty() => {
                out.push('\n');
                write_seq(out, items, indent);
            }
            other => {
                out.push(' ');
                write_inline(out, other);
                out.push('\n');
            }
        }
    }
}

fn write_seq(out: &mut String, items: &[GoValue], indent: usize) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push_str("- ");
        match item {
            GoValue::Map(entries) if !entries.is_empty() => write_map(out, entries, indent + 2),
            GoValue::Seq(inner) if !inner.is_empty() => {
                out.push('\n');
                write_seq(out, inner, indent + 2);
            }
            other => {
                write_inline(out, other);
                out.push('\n');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_layout_follows_go_yaml_v2() {
        let v = GoValue::Map(vec![
            (
                "global".into(),
                GoValue::Map(vec![("scrape_interval".into(), GoValue::Str("15s".into()))]),
            ),
            (
                "scrape_configs".into(),
                GoValue::Seq(vec![GoValue::Map(vec![
                    ("job_name".into(), GoValue::Str("node".into())),
                    ("honor_timestamps".into(), GoValue::Bool(true)),
                    (
                        "static_configs".into(),
                        GoValue::Seq(vec![GoValue::Map(vec![(
                            "targets".into(),
                            GoValue::Seq(vec![GoValue::Str("localhost:9100".into())]),
                        )])]),
                    ),
                ])]),
            ),
        ]);
        assert_eq!(
            to_yaml(&v),
            "global:\n  scrape_interval: 15s\nscrape_configs:\n- job_name: node\n  honor_timestamps: true\n  static_configs:\n  - targets:\n    - localhost:9100\n"
        );
    }

    #[test]
    fn strings_are_quoted_when_yaml_would_misread_them() {
        for (s, want) in [
            ("(.*)", "(.*)"),
            ("$1", "$1"),
            (";", ";"),
            ("", "''"),
            ("true", "'true'"),
            ("10", "'10'"),
            ("a: b", "'a: b'"),
            ("it's", "it's"),
            ("- x", "'- x'"),
            ("line\nbreak", "\"line\\nbreak\""),
        ] {
            assert_eq!(scalar(s), want, "{s:?}");
        }
    }
}

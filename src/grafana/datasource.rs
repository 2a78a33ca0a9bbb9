//! Datasource references: the forms dashboards use and what they resolve to.

use super::json::{Kind, Value};

/// A datasource reference as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DsRef {
    /// A plain name (before schemaVersion 33) or a variable written as a string.
    Name(String),
    /// `{type, uid}`; either may be missing.
    Typed {
        type_: Option<String>,
        uid: Option<String>,
    },
}

impl DsRef {
    /// What grafana/dashboard-linter compares: the string itself, or an object's `uid`.
    pub fn uid(&self) -> &str {
        match self {
            DsRef::Name(n) => n,
            DsRef::Typed { uid, .. } => uid.as_deref().unwrap_or(""),
        }
    }

    /// Reads a reference; `None` for absent, `null` and unusable values (the default).
    pub fn from_json(v: &Value) -> Option<DsRef> {
        match &v.kind {
            Kind::String(s) if s.is_empty() => None,
            Kind::String(s) => Some(DsRef::Name(s.clone())),
            Kind::Object(_) => {
                let type_ = v.get("type").and_then(Value::as_str).map(str::to_string);
                let uid = v.get("uid").and_then(Value::as_str).map(str::to_string);
                if type_.is_none() && uid.is_none() {
                    None
                } else {
                    Some(DsRef::Typed { type_, uid })
                }
            }
            _ => None,
        }
    }
}

/// What a reference means for checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A plugin id: `prometheus`, `loki`, ...
    Plugin(String),
    /// `-- Mixed --`: each target names its own.
    Mixed,
    /// Built-ins whose targets are not queries: `-- Grafana --`, `-- Dashboard --`,
    /// server-side expressions.
    Builtin,
    /// The instance's default datasource (absent, `null` or `"default"`).
    Default,
    /// A datasource named by its name or uid only, known to the Grafana instance alone.
    Named(String),
    /// A variable or input reference that names nothing in the dashboard.
    Unresolved(String),
}

/// The variable name in `$x`, `${x}` or `[[x]]` when `s` is exactly one such reference.
pub fn variable_name(s: &str) -> Option<&str> {
    let name = if let Some(inner) = s.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
        inner.split(':').next().unwrap_or(inner)
    } else if let Some(inner) = s.strip_prefix("[[").and_then(|r| r.strip_suffix("]]")) {
        inner
    } else {
        s.strip_prefix('$')?
    };
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    (!name.is_empty() && name.chars().all(word)).then_some(name)
}

fn builtin(name: &str) -> Option<Resolved> {
    match name {
        "-- Mixed --" => Some(Resolved::Mixed),
        "-- Grafana --" | "-- Dashboard --" | "grafana" | "__expr__" | "-- Expression --" => {
            Some(Resolved::Builtin)
        }
        "default" => Some(Resolved::Default),
        _ => None,
    }
}

/// Resolves a reference given a way to look up datasource variables and `__inputs`
/// (name → plugin id).
pub fn resolve(r: &DsRef, lookup: &dyn Fn(&str) -> Option<String>) -> Resolved {
    let via_var = |s: &str| -> Option<Resolved> {
        let name = variable_name(s)?;
        Some(match lookup(name) {
            Some(plugin) => Resolved::Plugin(plugin),
            None => Resolved::Unresolved(format!(
                "datasource {s:?} names no datasource variable or __inputs entry"
            )),
        })
    };
    match r {
        DsRef::Name(n) => builtin(n)
            .or_else(|| via_var(n))
            // A plain name is only known to the Grafana instance.
            .unwrap_or_else(|| Resolved::Named(n.clone())),
        DsRef::Typed { type_, uid } => {
            if let Some(b) = uid.as_deref().and_then(builtin) {
                return b;
            }
            match type_.as_deref() {
                Some("datasource") => uid
                    .as_deref()
                    .and_then(via_var)
                    .unwrap_or(Resolved::Builtin),
                Some(t) if !t.is_empty() && variable_name(t).is_none() => {
                    if let Some(Resolved::Unresolved(m)) = uid.as_deref().and_then(via_var) {
                        return Resolved::Unresolved(m);
                    }
                    builtin(t).unwrap_or_else(|| Resolved::Plugin(t.to_string()))
                }
                Some(t) if variable_name(t).is_some() => via_var(t).unwrap_or(Resolved::Default),
                _ => match uid.as_deref() {
                    Some(u) => via_var(u).unwrap_or_else(|| Resolved::Named(u.to_string())),
                    None => Resolved::Default,
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(n: &str) -> Option<String> {
        match n {
            "datasource" => Some("prometheus".into()),
            "DS_LOKI" => Some("loki".into()),
            _ => None,
        }
    }

    fn r(s: &str) -> Resolved {
        resolve(&DsRef::Name(s.into()), &lookup)
    }

    fn typed(t: Option<&str>, u: Option<&str>) -> Resolved {
        let r = DsRef::Typed {
            type_: t.map(Into::into),
            uid: u.map(Into::into),
        };
        resolve(&r, &lookup)
    }

    #[test]
    fn forms() {
        assert_eq!(r("$datasource"), Resolved::Plugin("prometheus".into()));
        assert_eq!(r("${DS_LOKI}"), Resolved::Plugin("loki".into()));
        assert_eq!(r("[[datasource]]"), Resolved::Plugin("prometheus".into()));
        assert!(matches!(r("${DS_NOPE}"), Resolved::Unresolved(_)));
        assert_eq!(r("Prometheus"), Resolved::Named("Prometheus".into()));
        assert_eq!(r("default"), Resolved::Default);
        assert_eq!(r("-- Mixed --"), Resolved::Mixed);
        assert_eq!(r("-- Grafana --"), Resolved::Builtin);
        assert_eq!(
            typed(Some("prometheus"), Some("${datasource}")),
            Resolved::Plugin("prometheus".into())
        );
        assert!(matches!(
            typed(Some("prometheus"), Some("${other}")),
            Resolved::Unresolved(_)
        ));
        assert_eq!(
            typed(Some("datasource"), Some("-- Mixed --")),
            Resolved::Mixed
        );
        assert_eq!(
            typed(None, Some("$datasource")),
            Resolved::Plugin("prometheus".into())
        );
        assert_eq!(
            typed(Some("loki"), Some("abc")),
            Resolved::Plugin("loki".into())
        );
        assert_eq!(typed(None, Some("abc")), Resolved::Named("abc".into()));
    }
}

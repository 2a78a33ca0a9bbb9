//! The values templates compute with: Go's dynamic values, as far as Prometheus's and
//! Alertmanager's template data and functions produce them.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// A template value.
#[derive(Clone, Debug)]
pub enum Value {
    /// Go's invalid `reflect.Value`: a missing map key or field. Prints `<no value>`.
    Missing,
    /// The `nil` constant or a nil interface. Prints `<nil>`.
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(Arc<str>),
    /// A slice (`[]interface {}` unless `elem_type` says otherwise).
    List(Arc<List>),
    /// A map with string keys; Go iterates and prints it in sorted key order.
    Map(Arc<Map>),
    /// A struct or named type with fields and methods (query results, Alertmanager's data).
    Object(Arc<dyn Object>),
}

/// A slice and its Go type, for messages and `printf "%T"`.
#[derive(Clone, Debug, Default)]
pub struct List {
    pub items: Vec<Value>,
    /// Go type name, e.g. `[]string`; empty means `[]interface {}`.
    pub type_name: String,
}

/// A map with string keys.
#[derive(Clone, Debug)]
pub struct Map {
    pub entries: BTreeMap<String, Value>,
    /// The element type's zero value, which `missingkey=zero` returns for absent keys
    /// (`""` for `map[string]string`, [`Value::Missing`] for `map[string]interface {}`).
    pub zero: Value,
    /// Go type name, e.g. `map[string]string`.
    pub type_name: String,
}

/// A Go value with fields and methods: what `.Name` and `.Method arg...` reach on structs
/// and named types.
pub trait Object: fmt::Debug + Send + Sync {
    /// Go type name, e.g. `template.Alert`.
    fn type_name(&self) -> String;
    /// The value of field (or zero-argument method) `name`; `None` when there is none.
    fn field(&self, name: &str) -> Option<Value>;
    /// Calls method `name`; `None` when there is no such method.
    fn call(&self, _name: &str, _args: &[Value]) -> Option<Result<Value, String>> {
        None
    }
    /// The value `range`, `len`, `index` and printing use, for named maps and slices.
    fn underlying(&self) -> Option<Value> {
        None
    }
    /// How `print` and `%v` show it (Go prints a struct as `{field1 field2}`).
    fn display(&self) -> String;
    /// The result of the type's `String` method, for types that have one: Go's `fmt` prints
    /// such values with it, even when they are named maps or slices.
    fn stringer(&self) -> Option<String> {
        None
    }
    /// `json.Marshal` of the value when it is not simply its underlying map or slice (structs
    /// with JSON tags, times); the error is Go's.
    fn marshal_json(&self) -> Option<Result<String, String>> {
        None
    }
    /// The concrete value, for functions that take a specific Go type (e.g. `time.Time`).
    fn as_any(&self) -> Option<&dyn std::any::Any> {
        None
    }
}

impl Value {
    pub fn str(s: impl Into<Arc<str>>) -> Value {
        Value::String(s.into())
    }

    /// A `map[string]string` from pairs.
    pub fn string_map<K: Into<String>, V: Into<Arc<str>>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Value {
        Value::Map(Arc::new(Map {
            entries: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), Value::String(v.into())))
                .collect(),
            zero: Value::str(""),
            type_name: "map[string]string".into(),
        }))
    }

    /// A `[]interface {}` of the values.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Arc::new(List {
            items,
            type_name: String::new(),
        }))
    }

    /// A `[]string`.
    pub fn string_list<S: Into<Arc<str>>>(items: impl IntoIterator<Item = S>) -> Value {
        Value::List(Arc::new(List {
            items: items.into_iter().map(|s| Value::String(s.into())).collect(),
            type_name: "[]string".into(),
        }))
    }

    /// Go's type name, as `%T` and error messages print it.
    pub fn type_name(&self) -> String {
        match self {
            Value::Missing => "invalid".into(),
            Value::Nil => "<nil>".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Float(_) => "float64".into(),
            Value::String(_) => "string".into(),
            Value::List(l) if l.type_name.is_empty() => "[]interface {}".into(),
            Value::List(l) => l.type_name.clone(),
            Value::Map(m) => m.type_name.clone(),
            Value::Object(o) => o.type_name(),
        }
    }

    /// Named maps and slices as their underlying map or slice; other values as they are.
    pub fn resolved(&self) -> Value {
        match self {
            Value::Object(o) => o.underlying().unwrap_or_else(|| self.clone()),
            _ => self.clone(),
        }
    }

    /// Go's truth: false, 0, "", nil and empty collections are false.
    pub fn truthy(&self) -> bool {
        match self.resolved() {
            Value::Missing | Value::Nil => false,
            Value::Bool(b) => b,
            Value::Int(i) => i != 0,
            Value::Float(f) => f != 0.0,
            Value::String(s) => !s.is_empty(),
            Value::List(l) => !l.items.is_empty(),
            Value::Map(m) => !m.entries.is_empty(),
            Value::Object(_) => true,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::str(s)
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::str(s)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

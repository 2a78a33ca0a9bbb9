//! Go's `text/template`, with Prometheus's and Alertmanager's function sets.
//!
//! `lex` and `parse` turn source into a tree (checking functions and variables at parse time,
//! as Go does), `exec` runs a tree over [`Value`]s, `fmt` is Go's `fmt` for those values, and
//! `prom` holds Prometheus's template functions.

pub mod alertmanager;
mod args;
pub mod exec;
pub mod expand;
pub mod fmt;
pub mod gotime;
pub mod html;
pub mod json;
pub mod lex;
pub mod parse;
pub mod prom;
pub mod value;

use std::sync::Arc;

pub use value::{List, Map, Object, Value};

/// A template function: Go's `func(args...) (T, error)`. The error text is Go's, without the
/// `error calling NAME: ` prefix the executor adds.
pub type Func = Arc<dyn Fn(&[Value]) -> Result<Value, String> + Send + Sync>;

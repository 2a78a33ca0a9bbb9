//! Label matchers (`name="value"`, `!=`, `=~`, `!~`), with Prometheus's fully anchored RE2
//! regex semantics. Used by PromQL selectors and by storage lookups.

use std::fmt;
use std::sync::Arc;

pub use crate::model::labels::is_legacy_label_name;
use crate::regex::{PromRegex, RegexError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchOp {
    Equal,
    NotEqual,
    Regex,
    NotRegex,
}

impl MatchOp {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchOp::Equal => "=",
            MatchOp::NotEqual => "!=",
            MatchOp::Regex => "=~",
            MatchOp::NotRegex => "!~",
        }
    }
}

#[derive(Clone)]
pub struct Matcher {
    pub name: String,
    pub op: MatchOp,
    pub value: String,
    /// Compiled for `=~` and `!~`.
    pub regex: Option<Arc<PromRegex>>,
    /// The exact bytes of the name and value when escapes made them invalid UTF-8 (`name` and
    /// `value` then hold lossy copies); printing uses them so the text parses back the same.
    pub raw_name: Option<Arc<[u8]>>,
    pub raw_value: Option<Arc<[u8]>>,
}

impl fmt::Debug for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self)
    }
}

/// Patterns compiled lately, per thread: compiling dominates parsing, and a batch of queries
/// (a dashboard's targets, a rule file) repeats the same few patterns (`instance=~"$node"`
/// in every query). Bounded by clearing when full.
const REGEX_CACHE_SIZE: usize = 256;

thread_local! {
    static REGEX_CACHE: std::cell::RefCell<std::collections::HashMap<String, Arc<PromRegex>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// `PromRegex::new(value)`, shared with earlier matchers of the same pattern.
fn compiled(value: &str) -> Result<Arc<PromRegex>, RegexError> {
    if let Some(re) = REGEX_CACHE.with(|c| c.borrow().get(value).cloned()) {
        return Ok(re);
    }
    let re = Arc::new(PromRegex::new(value)?);
    REGEX_CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= REGEX_CACHE_SIZE {
            c.clear();
        }
        c.insert(value.to_string(), Arc::clone(&re));
    });
    Ok(re)
}

impl Matcher {
    pub fn new(op: MatchOp, name: &str, value: &str) -> Result<Matcher, RegexError> {
        let regex = match op {
            MatchOp::Regex | MatchOp::NotRegex => Some(compiled(value)?),
            _ => None,
        };
        Ok(Matcher {
            name: name.to_string(),
            op,
            value: value.to_string(),
            regex,
            raw_name: None,
            raw_value: None,
        })
    }

    pub fn matches(&self, s: &str) -> bool {
        match self.op {
            MatchOp::Equal => self.value == s,
            MatchOp::NotEqual => self.value != s,
            MatchOp::Regex => self.regex.as_ref().is_some_and(|r| r.is_match(s)),
            MatchOp::NotRegex => !self.regex.as_ref().is_some_and(|r| r.is_match(s)),
        }
    }
}

impl fmt::Display for Matcher {
    /// Prometheus's matcher notation: the name quoted unless it is a plain identifier.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.raw_name {
            Some(raw) => f.write_str(&crate::gostr::quote_bytes(raw))?,
            None if is_legacy_label_name(&self.name) => f.write_str(&self.name)?,
            None => f.write_str(&crate::gostr::quote(&self.name))?,
        }
        f.write_str(self.op.as_str())?;
        match &self.raw_value {
            Some(raw) => f.write_str(&crate::gostr::quote_bytes(raw)),
            None => f.write_str(&crate::gostr::quote(&self.value)),
        }
    }
}

//! Rule files: parsing and validation exactly as Prometheus's `rulefmt` does them, and the
//! checks `lookout check rules` reports.

pub mod eval;
pub mod file;
pub mod unittest;

pub use file::{
    parse_rule_file, Finding, FindingKind, NameValidation, ParseOptions, Rule, RuleFile, RuleGroup,
    RuleKind,
};

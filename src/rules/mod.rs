//! Rule files: parsing and validation exactly as Prometheus's `rulefmt` does them, and the
//! checks `lookout check rules` reports.

pub mod file;

pub use file::{
    parse_rule_file, Finding, FindingKind, NameValidation, ParseOptions, Rule, RuleFile, RuleGroup,
    RuleKind,
};

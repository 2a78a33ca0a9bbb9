//! dashboard-linter's `.lint` file: per-rule exclusions and downgrades to warnings.
//!
//! ```yaml
//! exclusions:
//!   template-job-rule:            # no value, or no entries: every finding of the rule
//!   target-rate-interval-rule:
//!     reason: free text
//!     entries:                    # a finding matching any entry
//!       - dashboard: Apollo Server  # exact titles; fields left out match anything
//!         panel: Top 10 Duration Rate
//!       - panel: Requests Per Second
//!         targetIdx: 2            # index into the panel's targets
//! warnings:                       # same shape: matching findings become warnings
//!   template-instance-rule:
//! ```
//!
//! Read as dashboard-linter reads it, except: a finding both excluded and downgraded stays
//! excluded (upstream shows it as a warning); `targetIdx` works as documented (upstream's
//! YAML decoding only knows `targetidx`, which we accept too); keys and rule names we do not
//! know are reported as warnings instead of being ignored silently.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Level, Rule};
use crate::diag::{Diagnostic, SourceFile};
use crate::yaml::{self, Node, NodeKind};

/// One `entries` item: the fields given must all match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Entry {
    dashboard: Option<String>,
    panel: Option<String>,
    target_idx: Option<usize>,
}

/// What a finding is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context<'a> {
    pub dashboard: &'a str,
    /// The panel's title, for panel and target findings.
    pub panel: Option<&'a str>,
    /// The target's index in its panel, for target findings.
    pub target_idx: Option<usize>,
}

impl Entry {
    /// dashboard-linter's `IsMatch`: a panel (target) field only constrains findings that
    /// have a panel (target).
    fn matches(&self, cx: &Context<'_>) -> bool {
        let ok = |want: &Option<String>, have: Option<&str>| match (want, have) {
            (Some(w), Some(h)) => w == h,
            _ => true,
        };
        ok(&self.dashboard, Some(cx.dashboard))
            && ok(&self.panel, cx.panel)
            && match (self.target_idx, cx.target_idx) {
                (Some(w), Some(h)) => w == h,
                _ => true,
            }
    }
}

/// A rule's entries; empty means every finding of the rule.
type Entries = Vec<Entry>;

/// A parsed `.lint` file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LintConfig {
    exclusions: BTreeMap<Rule, Entries>,
    warnings: BTreeMap<Rule, Entries>,
}

fn matched(section: &BTreeMap<Rule, Entries>, rule: Rule, cx: &Context<'_>) -> bool {
    section
        .get(&rule)
        .is_some_and(|entries| entries.is_empty() || entries.iter().any(|e| e.matches(cx)))
}

impl LintConfig {
    /// The level of a finding after the file's say: `None` when excluded.
    pub fn apply(&self, rule: Rule, cx: &Context<'_>, level: Level) -> Option<Level> {
        if matched(&self.exclusions, rule, cx) {
            None
        } else if matched(&self.warnings, rule, cx) {
            Some(Level::Warning)
        } else {
            Some(level)
        }
    }

    /// Reads `file`. Problems that leave the meaning clear (unknown keys or rules) come
    /// back as warnings; a file that is not YAML or has the wrong shape is an error.
    pub fn parse(file: &Arc<SourceFile>) -> Result<(LintConfig, Vec<Diagnostic>), Diagnostic> {
        let mut p = Reader {
            file,
            warnings: Vec::new(),
        };
        let docs = yaml::parse(&file.text).map_err(|e| {
            let d =
                Diagnostic::error("lint-config/yaml", e.to_string()).with_file(Arc::clone(file));
            match e.span {
                Some(s) => d.with_span(s),
                None => d,
            }
        })?;
        let mut config = LintConfig::default();
        let Some(root) = docs.first().filter(|d| !d.is_null()) else {
            return Ok((config, p.warnings));
        };
        for (key, value) in p.map(root, "the file")? {
            match key.as_str() {
                Some("exclusions") => config.exclusions = p.section(value)?,
                Some("warnings") => config.warnings = p.section(value)?,
                _ => p.unknown(key, "key"),
            }
        }
        Ok((config, p.warnings))
    }
}

struct Reader<'f> {
    file: &'f Arc<SourceFile>,
    warnings: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn error(&self, node: &Node, msg: String) -> Diagnostic {
        Diagnostic::error("lint-config/shape", msg)
            .with_file(Arc::clone(self.file))
            .with_span(node.span)
    }

    fn unknown(&mut self, key: &Node, what: &str) {
        self.warnings.push(
            Diagnostic::warning(
                "lint-config/unknown",
                format!("unknown {what} {:?} ignored", key.as_str().unwrap_or("")),
            )
            .with_file(Arc::clone(self.file))
            .with_span(key.span),
        );
    }

    /// The entries of a mapping; `null` reads as an empty one.
    fn map<'n>(&self, node: &'n Node, what: &str) -> Result<&'n [(Node, Node)], Diagnostic> {
        match &node.kind {
            NodeKind::Map(entries) => Ok(entries),
            _ if node.is_null() => Ok(&[]),
            _ => Err(self.error(node, format!("{what} must be a mapping"))),
        }
    }

    fn scalar(&self, node: &Node, what: &str) -> Result<Option<String>, Diagnostic> {
        if node.is_null() {
            return Ok(None);
        }
        match node.as_str() {
            Some(s) => Ok(Some(s.to_string()).filter(|s| !s.is_empty())),
            None => Err(self.error(node, format!("{what} must be a scalar"))),
        }
    }

    fn section(&mut self, node: &Node) -> Result<BTreeMap<Rule, Entries>, Diagnostic> {
        let mut out = BTreeMap::new();
        for (key, value) in self.map(node, "a rule list")? {
            let Some(rule) = key.as_str().and_then(Rule::from_name) else {
                self.unknown(key, "rule");
                continue;
            };
            let mut entries = Vec::new();
            for (k, v) in self.map(value, "a rule's settings")? {
                match k.as_str() {
                    Some("reason") => {}
                    Some("entries") => {
                        if !v.is_null() && !matches!(v.kind, NodeKind::Seq(_)) {
                            return Err(self.error(v, "entries must be a list".into()));
                        }
                        for e in v.items() {
                            entries.push(self.entry(e)?);
                        }
                    }
                    _ => self.unknown(k, "key"),
                }
            }
            out.insert(rule, entries);
        }
        Ok(out)
    }

    fn entry(&mut self, node: &Node) -> Result<Entry, Diagnostic> {
        let mut e = Entry::default();
        for (k, v) in self.map(node, "an entry")? {
            match k.as_str() {
                Some("dashboard") => e.dashboard = self.scalar(v, "dashboard")?,
                Some("panel") => e.panel = self.scalar(v, "panel")?,
                // As upstream, an index that is not a number constrains nothing.
                Some("targetIdx" | "targetidx") => {
                    e.target_idx = self
                        .scalar(v, "targetIdx")?
                        .and_then(|s| s.trim().parse().ok())
                }
                // `alert` is for mixtool's alert rules; `reason` is for people.
                Some("reason" | "alert") => {}
                _ => self.unknown(k, "key"),
            }
        }
        Ok(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (LintConfig, Vec<Diagnostic>) {
        LintConfig::parse(&SourceFile::shared(".lint", text)).expect("valid")
    }

    fn cx<'a>(d: &'a str, p: Option<&'a str>, t: Option<usize>) -> Context<'a> {
        Context {
            dashboard: d,
            panel: p,
            target_idx: t,
        }
    }

    #[test]
    fn upstream_semantics() {
        let (c, warnings) = parse(
            "exclusions:
  template-job-rule:
  target-rate-interval-rule:
    reason: Top 10s show the selected range.
    entries:
    - dashboard: Apollo Server
      panel: Top 10 Duration Rate
  target-instance-rule:
    reason: Totals are across all instances
    entries:
    - panel: Requests Per Second
      targetIdx: 2
warnings:
  template-instance-rule:
    reason: soon
  template-job-rule:
",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let e = Level::Error;
        let any = cx("D", None, None);
        assert_eq!(c.apply(Rule::TemplateJob, &any, e), None);
        // Excluded and downgraded: excluded.
        assert_eq!(
            c.apply(Rule::TemplateInstance, &any, e),
            Some(Level::Warning)
        );
        assert_eq!(c.apply(Rule::PanelUnits, &any, e), Some(e));
        let rate = Rule::TargetRateInterval;
        assert_eq!(
            c.apply(
                rate,
                &cx("Apollo Server", Some("Top 10 Duration Rate"), Some(0)),
                e
            ),
            None
        );
        assert_eq!(
            c.apply(rate, &cx("Other", Some("Top 10 Duration Rate"), Some(0)), e),
            Some(e)
        );
        let inst = Rule::TargetInstance;
        assert_eq!(
            c.apply(inst, &cx("X", Some("Requests Per Second"), Some(2)), e),
            None
        );
        assert_eq!(
            c.apply(inst, &cx("X", Some("Requests Per Second"), Some(1)), e),
            Some(e)
        );
        // A panel entry matches dashboard-level findings (they have no panel).
        assert_eq!(c.apply(inst, &cx("X", None, None), e), None);
    }

    #[test]
    fn unknown_keys_warn_and_bad_shapes_fail() {
        let (c, warnings) = parse(
            "exclusion:\n  x:\nexclusions:\n  no-such-rule:\n  panel-units-rule:\n    entries:\n    - panle: P\n      targetidx: '1'\n",
        );
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings[0].message.contains("\"exclusion\""));
        assert!(warnings[1].message.contains("rule \"no-such-rule\""));
        assert_eq!(warnings[2].line_col(), Some((7, 7)));
        assert_eq!(
            c.apply(Rule::PanelUnits, &cx("D", Some("Q"), Some(1)), Level::Error),
            None
        );
        assert_eq!(parse("").0, LintConfig::default());
        let bad = LintConfig::parse(&SourceFile::shared(".lint", "exclusions: [1]\n"));
        assert!(bad.is_err());
        let bad = LintConfig::parse(&SourceFile::shared(".lint", "exclusions: {a: b\n"));
        assert_eq!(
            bad.map(|_| ()).map_err(|d| d.code),
            Err("lint-config/yaml".into())
        );
        let bad = LintConfig::parse(&SourceFile::shared(
            ".lint",
            "warnings:\n  panel-units-rule:\n    entries: 3\n",
        ));
        assert!(bad.is_err());
    }
}

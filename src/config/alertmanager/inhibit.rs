//! Inhibition (upstream's `inhibit/inhibit.go`): whether firing source alerts silence a
//! target alert through a configuration's `inhibit_rules`.

use std::collections::BTreeMap;

use super::config::InhibitRule;
use super::matchers::{matches_all, Matcher};
use super::route::all_matchers;

/// Label names and values of one alert.
pub type Labels = BTreeMap<String, String>;

/// One rule, its matchers built.
#[derive(Debug, Clone)]
pub struct Inhibition {
    pub name: String,
    pub source: Vec<Matcher>,
    pub target: Vec<Matcher>,
    pub equal: Vec<String>,
}

impl Inhibition {
    pub fn new(rule: &InhibitRule) -> Result<Inhibition, String> {
        Ok(Inhibition {
            name: rule.name.clone(),
            source: all_matchers(
                &rule.source_match,
                &rule.source_match_re,
                &rule.source_matchers,
            )?,
            target: all_matchers(
                &rule.target_match,
                &rule.target_match_re,
                &rule.target_matchers,
            )?,
            equal: rule.equal.clone(),
        })
    }

    /// Whether `source`, firing, inhibits `target` by this rule. The `equal` labels must
    /// have the same value in both (an absent label counts as empty). When the target also
    /// matches the source side, only sources that do not match the target side count, so
    /// such alerts never inhibit each other (upstream's `excludeTwoSidedMatch`).
    pub fn inhibits(&self, source: &Labels, target: &Labels) -> bool {
        let value = |l: &Labels, name: &String| l.get(name).cloned().unwrap_or_default();
        matches_all(&self.target, target)
            && matches_all(&self.source, source)
            && self
                .equal
                .iter()
                .all(|n| value(source, n) == value(target, n))
            && !(matches_all(&self.source, target) && matches_all(&self.target, source))
    }
}

/// The first rule (by position) and source alert that inhibit `target`.
pub fn inhibited_by<'a>(
    rules: &[Inhibition],
    sources: &'a [Labels],
    target: &Labels,
) -> Option<(usize, &'a Labels)> {
    rules.iter().enumerate().find_map(|(i, rule)| {
        sources
            .iter()
            .find(|s| rule.inhibits(s, target))
            .map(|s| (i, s))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::alertmanager::config::load;
    use crate::config::alertmanager::matchers::ParseMode;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn sources_inhibit_targets_with_equal_labels() {
        let src = "route: {receiver: r}\nreceivers: [{name: r}]\ninhibit_rules:\n- source_matchers: [severity=critical]\n  target_match_re: {severity: 'warning|critical'}\n  equal: [cluster]\n";
        let cfg = load(src, ParseMode::Fallback).expect("loads");
        let rules: Vec<Inhibition> = cfg
            .inhibit_rules
            .iter()
            .map(|r| Inhibition::new(r).expect("builds"))
            .collect();
        let crit_a = labels(&[("severity", "critical"), ("cluster", "a")]);
        let warn_a = labels(&[("severity", "warning"), ("cluster", "a")]);
        let warn_b = labels(&[("severity", "warning"), ("cluster", "b")]);
        let warn = labels(&[("severity", "warning")]);
        let sources = [crit_a.clone()];
        assert_eq!(inhibited_by(&rules, &sources, &warn_a), Some((0, &crit_a)));
        assert_eq!(inhibited_by(&rules, &sources, &warn_b), None);
        // Absent on both sides is equal.
        let crit = labels(&[("severity", "critical")]);
        assert!(rules[0].inhibits(&crit, &warn));
        // Both alerts match both sides: they do not inhibit each other.
        let other_crit_a = labels(&[("severity", "critical"), ("cluster", "a"), ("x", "y")]);
        assert!(!rules[0].inhibits(&other_crit_a, &crit_a));
    }
}

//! Lints over rule files.

use crate::model::labels::Labels;
use crate::rules::{Rule, RuleFile};

/// Rules that produce the same series: the same alert or record name with the same labels
/// (group labels overridden by rule labels), as promtool's `duplicate-rules` lint.
#[derive(Debug, Clone)]
pub struct DuplicateRule<'a> {
    /// The alert or record name.
    pub metric: String,
    pub labels: Labels,
    /// Every rule with this name and label set, in file order.
    pub rules: Vec<&'a Rule>,
}

/// Duplicates sorted by name and labels, as promtool lists them.
pub fn duplicate_rules(file: &RuleFile) -> Vec<DuplicateRule<'_>> {
    let mut keyed: Vec<(String, Labels, usize, &Rule)> = Vec::new();
    for group in &file.groups {
        for rule in &group.rules {
            let mut pairs: Vec<(String, String)> = group
                .labels
                .iter()
                .filter(|(k, _)| !rule.labels.iter().any(|(rk, _)| rk == k))
                .cloned()
                .collect();
            pairs.extend(rule.labels.iter().cloned());
            let n = keyed.len();
            keyed.push((rule.name.clone(), Labels::from_pairs(pairs), n, rule));
        }
    }
    keyed.sort_by(|a, b| (&a.0, &a.1, a.2).cmp(&(&b.0, &b.1, b.2)));
    let mut out: Vec<DuplicateRule> = Vec::new();
    for w in keyed.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if a.0 != b.0 || a.1 != b.1 {
            continue;
        }
        match out.last_mut() {
            Some(d) if d.metric == b.0 && d.labels == b.1 => d.rules.push(b.3),
            _ => out.push(DuplicateRule {
                metric: b.0.clone(),
                labels: b.1.clone(),
                rules: vec![a.3, b.3],
            }),
        }
    }
    out
}

/// promtool's text for the duplicates, after its `lint error ` prefix.
pub fn promtool_duplicates_text(dups: &[DuplicateRule]) -> String {
    let mut s = format!("{} duplicate rule(s) found.\n", dups.len());
    for d in dups {
        s.push_str(&format!("Metric: {}\nLabel(s):\n", d.metric));
        for l in d.labels.iter() {
            s.push_str(&format!("\t{}: {}\n", l.name, l.value));
        }
    }
    s.push_str("Might cause inconsistency while recording expressions");
    s
}

/// A range function whose window is too short for the scrape interval: with fewer than two
/// samples in the window it returns nothing (or a single sample's worth).
#[derive(Debug, Clone)]
pub struct ShortWindow<'a> {
    pub rule: &'a Rule,
    pub function: &'static str,
    pub window_ms: i64,
}

/// Functions that need at least two samples in their window.
const TWO_SAMPLE_FUNCTIONS: [&str; 9] = [
    "rate",
    "irate",
    "increase",
    "delta",
    "idelta",
    "deriv",
    "predict_linear",
    "changes",
    "resets",
];

/// Calls of two-sample range functions whose fixed window is shorter than twice
/// `scrape_interval_ms`, in file order.
pub fn short_rate_windows(file: &RuleFile, scrape_interval_ms: i64) -> Vec<ShortWindow<'_>> {
    use crate::promql::ast::{Duration, Expr};
    let mut out = Vec::new();
    for rule in file.groups.iter().flat_map(|g| &g.rules) {
        rule.ast.walk(&mut |e| {
            let Expr::Call(call) = e else { return };
            if !TWO_SAMPLE_FUNCTIONS.contains(&call.func.name) {
                return;
            }
            if let Some(Expr::MatrixSelector(m)) = call.args.first() {
                if let Duration::Fixed(window) = m.range {
                    if window < 2 * scrape_interval_ms {
                        out.push(ShortWindow {
                            rule,
                            function: call.func.name,
                            window_ms: window,
                        });
                    }
                }
            }
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{parse_rule_file, ParseOptions};

    #[test]
    fn finds_rules_with_the_same_name_and_labels() {
        let src = "groups:\n- name: a\n  labels: {team: x}\n  rules:\n  - alert: A\n    expr: up\n  - alert: A\n    expr: up > 1\n  - alert: A\n    expr: up\n    labels: {team: y}\n- name: b\n  rules:\n  - alert: A\n    expr: up\n    labels: {team: x}\n  - record: r\n    expr: up\n";
        let (file, findings) = parse_rule_file(src, &ParseOptions::default());
        assert!(findings.is_empty(), "{findings:?}");
        let file = file.expect("valid");
        let dups = duplicate_rules(&file);
        assert_eq!(dups.len(), 1);
        assert_eq!(dups[0].metric, "A");
        assert_eq!(dups[0].rules.len(), 3);
        assert_eq!(
            promtool_duplicates_text(&dups),
            "1 duplicate rule(s) found.\nMetric: A\nLabel(s):\n\tteam: x\nMight cause inconsistency while recording expressions"
        );
    }
}

//! Rules about targets (queries), applied by each target's resolved query language.

use super::{Out, Rule};
use crate::diag::Span;
use crate::grafana::template::{Options, RATE_INTERVAL_MS};
use crate::grafana::{self, Language, Target};
use crate::promql::ast::{with_stack, MatchOp, Matcher, VectorSelector};
use crate::promql::{self, Expr, Features};

pub(super) fn lint(out: &mut Out<'_>, pi: usize, src: &str, features: Features) {
    let dash = out.dash;
    let Some(p) = dash.panels.get(pi) else {
        return;
    };
    for (ti, (t, (_, lang))) in p.targets.iter().zip(dash.target_languages(p)).enumerate() {
        let at = (pi, ti);
        let expr = t.expr.as_ref().map_or("", |e| e.0.as_str());
        let logql = lang == Some(Language::LogQL);
        if logql && t.hide {
            continue;
        }
        if expr.is_empty() {
            // A target reusing another panel's results must name a panel that exists.
            if let Some(id) = t.panel_id.filter(|&id| id > 0) {
                if dash.panel_by_id(id).is_none() {
                    let rule = if logql {
                        Rule::TargetLogql
                    } else {
                        Rule::TargetPromql
                    };
                    out.target(rule, at, None, "Invalid panel reference in target".into());
                }
            }
        }
        match lang {
            Some(Language::PromQL) if expr.trim().is_empty() => {
                // What Prometheus's parser says of an empty query.
                if let Err(e) = promql::parse(expr, features) {
                    let msg = format!("invalid PromQL query '{expr}': {}", e.display(expr));
                    out.target(Rule::TargetPromql, at, None, msg);
                }
            }
            Some(Language::PromQL) => promql_rules(out, at, t, src, features),
            Some(Language::LogQL) if !expr.is_empty() => logql_auto(out, at, t, src),
            _ => {}
        }
    }
}

/// Visits `e` and its descendants with each one's parent, parents first, until `f` returns
/// something.
fn find<'a, T>(
    e: &'a Expr,
    parent: Option<&'a Expr>,
    f: &mut dyn FnMut(&'a Expr, Option<&'a Expr>) -> Option<T>,
) -> Option<T> {
    with_stack(|| {
        if let Some(found) = f(e, parent) {
            return Some(found);
        }
        e.children().into_iter().find_map(|c| find(c, Some(e), f))
    })
}

/// Every vector selector, those of range selectors included.
fn selectors(e: &Expr) -> Vec<&VectorSelector> {
    let mut out = Vec::new();
    e.walk(&mut |n| match n {
        Expr::VectorSelector(v) => out.push(&**v),
        Expr::MatrixSelector(m) => out.push(&m.vector_selector),
        _ => {}
    });
    out
}

fn called(parent: Option<&Expr>, names: &[&str]) -> bool {
    matches!(parent, Some(Expr::Call(c)) if names.contains(&c.func.name))
}

/// The metric name a selector selects by equality, if any.
fn metric_name(v: &VectorSelector) -> Option<&str> {
    if !v.name.is_empty() {
        return Some(&v.name);
    }
    v.matchers
        .iter()
        .find(|m| m.name == "__name__" && m.op == MatchOp::Equal)
        .map(|m| m.value.as_str())
}

/// dashboard-linter's `checkForMatcher`: some matcher `name =~ value`, else why not.
fn check_matcher(matchers: &[Matcher], name: &str, value: &str) -> Result<(), String> {
    let mut result = Err(format!("{name} selector not found"));
    for m in matchers.iter().filter(|m| m.name == name) {
        if m.op == MatchOp::Regex && m.value == value {
            return Ok(());
        }
        if m.op != MatchOp::Regex {
            result = Err(format!(
                "{name} selector is {}, not {}",
                m.op.as_str(),
                MatchOp::Regex.as_str()
            ));
        }
        if m.value != value {
            result = Err(format!("{name} selector is {}, not {value}", m.value));
        }
    }
    result
}

/// The rules over a parsed PromQL query. It is parsed as dashboard-linter parses it: string
/// literals as written (so matchers read `$job`) and marked interval durations (so
/// `[$__rate_interval]` can be told from the parsed range). Queries that do not parse are
/// the check's errors, not findings here.
fn promql_rules(out: &mut Out<'_>, at: (usize, usize), t: &Target, src: &str, features: Features) {
    let Some((expr, expr_span)) = &t.expr else {
        return;
    };
    let opts = Options {
        keep_strings: true,
        marked_intervals: true,
    };
    let sub = out.dash.substitute_with(expr, opts);
    let Ok(ast) = promql::parse(&sub.text, features) else {
        return;
    };
    let in_file = |span: Span| grafana::file_span(src, *expr_span, &sub, span);

    let rate = find(&ast, None, &mut |n, parent| {
        let Expr::MatrixSelector(m) = n else {
            return None;
        };
        if m.range.fixed_ms() == Some(RATE_INTERVAL_MS) || parent.is_none() {
            return None;
        }
        // The range itself, `[...]`, is what to change.
        let range = sub
            .text
            .get(m.span.start..m.span.end)
            .and_then(|s| s.rfind('['))
            .map_or(m.span, |i| Span::new(m.span.start + i, m.span.end));
        if !matches!(parent, Some(Expr::Call(_))) {
            Some(("$__rate_interval used in non-rate function", range))
        } else if called(parent, &["rate", "irate"]) {
            Some(("should use $__rate_interval", range))
        } else {
            None
        }
    });
    if let Some((msg, span)) = rate {
        let msg = format!("invalid PromQL query '{expr}': {msg}");
        out.target(Rule::TargetRateInterval, at, Some(in_file(span)), msg);
    }

    for (label, rule) in [("job", Rule::TargetJob), ("instance", Rule::TargetInstance)] {
        for v in selectors(&ast) {
            if let Err(e) = check_matcher(&v.matchers, label, &format!("${label}")) {
                let msg = format!("invalid PromQL query '{expr}': {e}");
                out.target(rule, at, Some(in_file(v.span)), msg);
            }
        }
    }

    let counter = find(&ast, None, &mut |n, parent| {
        let (v, aggregated) = match n {
            Expr::VectorSelector(v) => (&**v, false),
            Expr::MatrixSelector(m) => (
                &m.vector_selector,
                called(parent, &["rate", "irate", "increase"]),
            ),
            _ => return None,
        };
        let counter = metric_name(v).is_some_and(|n| n.ends_with("_total"));
        (counter && !aggregated).then_some(v.span)
    });
    if let Some(span) = counter {
        let start = sub.original_offset(span.start);
        let end = sub.original_offset(span.end).max(start);
        let text = expr.get(start..end).unwrap_or(expr.as_str());
        let msg =
            format!("counter metric '{text}' is not aggregated with rate, irate, or increase");
        out.target(Rule::TargetCounterAgg, at, Some(in_file(span)), msg);
    }
}

/// The ranges (`[...]`, brackets included) of a LogQL query outside strings and comments.
fn logql_ranges(q: &str) -> Vec<Span> {
    let b = q.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'"' | b'`' => {
                i += 1;
                while let Some(&d) = b.get(i) {
                    if d == b'\\' && c == b'"' {
                        i += 1;
                    } else if d == c {
                        break;
                    }
                    i += 1;
                }
            }
            b'#' => {
                while b.get(i).is_some_and(|&d| d != b'\n') {
                    i += 1;
                }
            }
            b'[' => {
                if let Some(close) = q.get(i..).and_then(|r| r.find(']')) {
                    out.push(Span::new(i, i + close + 1));
                    i += close;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// `target-logql-auto-rule`: log ranges use `$__auto`. Read lexically until a LogQL parser
/// exists: ranges are the only brackets outside LogQL strings. As dashboard-linter, a query
/// that mentions `$__auto` anywhere passes.
fn logql_auto(out: &mut Out<'_>, at: (usize, usize), t: &Target, src: &str) {
    let Some((expr, expr_span)) = &t.expr else {
        return;
    };
    if expr.contains("$__auto") {
        return;
    }
    let fixed = logql_ranges(expr).into_iter().find(|r| {
        let inner = expr.get(r.start + 1..r.end - 1).unwrap_or("").trim();
        !matches!(inner, "${__auto}" | "[[__auto]]")
    });
    if let Some(r) = fixed {
        let span = grafana::query_span(src, *expr_span, r);
        out.target(
            Rule::TargetLogqlAuto,
            at,
            Some(span),
            "LogQL query uses fixed duration: should use $__auto".into(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_outside_strings() {
        let q = r#"sum(rate({a="[x]"} |~ `[0-9]` # [c]
 [5m]))"#;
        let r = logql_ranges(q);
        assert_eq!(r.len(), 1);
        assert_eq!(&q[r[0].start..r[0].end], "[5m]");
    }
}

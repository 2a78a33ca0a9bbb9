//! Printing expressions back to PromQL: the canonical one-line form (Prometheus's `String()`)
//! and the prettified multi-line form (`promtool promql format`).

use std::collections::HashMap;
use std::fmt::{self, Write};

use super::ast::*;
use crate::duration::format_duration;
use crate::gostr::{format_float_f, format_float_g, quote, quote_bytes};

/// Lines longer than this are split by [`prettify`].
pub const MAX_LINE_LENGTH: usize = 100;

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        write_expr(&mut s, self);
        f.write_str(&s)
    }
}

impl fmt::Display for DurationExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        write_duration_expr(&mut s, self);
        f.write_str(&s)
    }
}

fn write_labels(out: &mut String, labels: &[String]) {
    for (i, l) in labels.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if is_legacy_label_name(l) {
            out.push_str(l);
        } else {
            out.push_str(&quote(l));
        }
    }
}

fn aggregate_op_str(out: &mut String, a: &AggregateExpr) {
    let _ = write!(out, "{}", a.op);
    if a.without {
        out.push_str(" without (");
        write_labels(out, &a.grouping);
        out.push_str(") ");
    } else if !a.grouping.is_empty() {
        out.push_str(" by (");
        write_labels(out, &a.grouping);
        out.push_str(") ");
    }
}

/// `bool`, `on (...)`, `group_left (...)`, `fill (...)`: everything after the operator.
fn matching_str(b: &BinaryExpr) -> String {
    let mut out = String::new();
    if b.return_bool {
        out.push_str(" bool");
    }
    let Some(m) = &b.matching else {
        return out;
    };
    let grouped = matches!(m.card, Cardinality::ManyToOne | Cardinality::OneToMany);
    if !m.matching_labels.is_empty() || m.on || grouped {
        out.push_str(if m.on { " on (" } else { " ignoring (" });
        write_labels(&mut out, &m.matching_labels);
        out.push(')');
    }
    if grouped {
        out.push_str(if m.card == Cardinality::ManyToOne {
            " group_left ("
        } else {
            " group_right ("
        });
        write_labels(&mut out, &m.include);
        out.push(')');
    }
    match (m.fill_lhs, m.fill_rhs) {
        (Some(l), Some(r)) if l == r || (l.is_nan() && r.is_nan()) => {
            let _ = write!(out, " fill ({})", format_float_g(l));
        }
        (l, r) => {
            if let Some(l) = l {
                let _ = write!(out, " fill_left ({})", format_float_g(l));
            }
            if let Some(r) = r {
                let _ = write!(out, " fill_right ({})", format_float_g(r));
            }
        }
    }
    out
}

fn write_duration(out: &mut String, d: &Duration) {
    match d {
        Duration::Fixed(ms) => out.push_str(&format_duration(*ms)),
        Duration::Expr(e) => write_duration_expr(out, e),
    }
}

fn write_number(out: &mut String, n: &NumberLiteral) {
    if n.duration {
        // Go converts float seconds to integer nanoseconds by truncation here.
        let ms = ((n.val * 1e9) as i64) / 1_000_000;
        out.push_str(&format_duration(ms));
    } else if n.val == f64::INFINITY {
        // Prometheus prints "+Inf", which parses back as a unary plus: `Inf ^ 2` would come
        // back as `+(Inf ^ 2)` and never reach a fixed point. "Inf" is the same number.
        out.push_str("Inf");
    } else {
        out.push_str(&format_float_f(n.val));
    }
}

fn write_duration_expr(out: &mut String, e: &DurationExpr) {
    match e {
        DurationExpr::Number(n) => write_number(out, n),
        DurationExpr::Neg(inner, _) => {
            out.push('-');
            write_duration_expr(out, inner);
        }
        DurationExpr::Binary(op, l, r) => {
            write_duration_expr(out, l);
            out.push(' ');
            out.push_str(op.as_str());
            out.push(' ');
            write_duration_expr(out, r);
        }
        DurationExpr::Paren(inner, _) => {
            out.push('(');
            write_duration_expr(out, inner);
            out.push(')');
        }
        DurationExpr::Step(_) => out.push_str("step()"),
        DurationExpr::Range(_) => out.push_str("range()"),
        DurationExpr::MinOf(a, b, _) | DurationExpr::MaxOf(a, b, _) => {
            out.push_str(if matches!(e, DurationExpr::MinOf(..)) {
                "min_of("
            } else {
                "max_of("
            });
            write_duration_expr(out, a);
            out.push_str(", ");
            write_duration_expr(out, b);
            out.push(')');
        }
    }
}

fn at_str(at: Option<AtModifier>) -> String {
    match at {
        Some(AtModifier::Timestamp(ms)) => format!(" @ {:.3}", ms as f64 / 1000.0),
        Some(AtModifier::Start) => " @ start()".into(),
        Some(AtModifier::End) => " @ end()".into(),
        None => String::new(),
    }
}

fn offset_str(ms: i64, e: &Option<DurationExpr>) -> String {
    if let Some(e) = e {
        return format!(" offset {e}");
    }
    match ms.cmp(&0) {
        std::cmp::Ordering::Greater => format!(" offset {}", format_duration(ms)),
        std::cmp::Ordering::Less => format!(" offset -{}", format_duration(-ms)),
        std::cmp::Ordering::Equal => String::new(),
    }
}

/// The selector's name and matchers, without any modifier.
fn write_selector_core(out: &mut String, vs: &VectorSelector) {
    let mut matchers: Vec<String> = vs
        .matchers
        .iter()
        .filter(|m| {
            !(m.name == "__name__"
                && m.op == MatchOp::Equal
                && m.value == vs.name
                && !m.value.is_empty())
        })
        .map(|m| m.to_string())
        .collect();
    out.push_str(&vs.name);
    if !matchers.is_empty() {
        matchers.sort();
        out.push('{');
        out.push_str(&matchers.join(","));
        out.push('}');
    }
}

fn write_vector_selector(out: &mut String, vs: &VectorSelector) {
    write_selector_core(out, vs);
    out.push_str(&at_str(vs.at));
    if vs.anchored {
        out.push_str(" anchored");
    } else if vs.smoothed {
        out.push_str(" smoothed");
    }
    out.push_str(&offset_str(vs.offset, &vs.offset_expr));
}

fn subquery_suffix(s: &SubqueryExpr) -> String {
    let mut out = String::from("[");
    write_duration(&mut out, &s.range);
    out.push(':');
    if let Some(step) = &s.step {
        write_duration(&mut out, step);
    }
    out.push(']');
    out.push_str(&at_str(s.at));
    out.push_str(&offset_str(s.offset, &s.offset_expr));
    out
}

fn write_expr(out: &mut String, e: &Expr) {
    let mut w = Writer {
        out: std::mem::take(out),
        lens: None,
    };
    w.expr(e);
    *out = w.out;
}

/// Writes expressions; optionally records the printed length of every node, so the pretty
/// printer can decide where to split in one pass instead of re-printing each subtree.
struct Writer {
    out: String,
    lens: Option<HashMap<*const Expr, usize>>,
}

impl Writer {
    fn expr(&mut self, e: &Expr) {
        with_stack(|| {
            let start = self.out.len();
            self.expr_inner(e);
            if let Some(lens) = self.lens.as_mut() {
                lens.insert(e as *const Expr, self.out.len() - start);
            }
        })
    }

    fn expr_inner(&mut self, e: &Expr) {
        let out = &mut self.out;
        match e {
            Expr::Aggregate(a) => {
                aggregate_op_str(out, a);
                out.push('(');
                if let Some(p) = &a.param {
                    self.expr(p);
                    self.out.push_str(", ");
                }
                self.expr(&a.expr);
                self.out.push(')');
            }
            Expr::Binary(b) => {
                self.expr(&b.lhs);
                let _ = write!(self.out, " {}", b.op);
                self.out.push_str(&matching_str(b));
                self.out.push(' ');
                self.expr(&b.rhs);
            }
            Expr::Call(c) => {
                out.push_str(c.func.name);
                out.push('(');
                for (i, a) in c.args.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.expr(a);
                }
                self.out.push(')');
            }
            Expr::MatrixSelector(m) => {
                let vs = &m.vector_selector;
                write_selector_core(out, vs);
                out.push('[');
                write_duration(out, &m.range);
                out.push(']');
                if vs.anchored {
                    out.push_str(" anchored");
                } else if vs.smoothed {
                    out.push_str(" smoothed");
                }
                out.push_str(&at_str(vs.at));
                out.push_str(&offset_str(vs.offset, &vs.offset_expr));
            }
            Expr::Subquery(s) => {
                self.expr(&s.expr);
                self.out.push_str(&subquery_suffix(s));
            }
            Expr::Number(n) => write_number(out, n),
            Expr::String(s) => match &s.raw {
                Some(raw) => out.push_str(&quote_bytes(raw)),
                None => out.push_str(&quote(&s.val)),
            },
            Expr::Paren(p) => {
                out.push('(');
                self.expr(&p.expr);
                self.out.push(')');
            }
            Expr::Unary(u) => {
                let _ = write!(out, "{}", u.op);
                self.expr(&u.expr);
            }
            Expr::VectorSelector(vs) => write_vector_selector(out, vs),
        }
    }
}

/// The prettified form: nodes whose one-line form exceeds `max` characters are split over
/// lines and indented by two spaces per level, as `promtool promql format` does.
pub fn prettify(e: &Expr) -> String {
    prettify_with(e, MAX_LINE_LENGTH)
}

pub fn prettify_with(e: &Expr, max: usize) -> String {
    let mut w = Writer {
        out: String::new(),
        lens: Some(HashMap::new()),
    };
    w.expr(e);
    let pretty = Pretty {
        max,
        lens: w.lens.unwrap_or_default(),
    };
    let mut out = String::new();
    pretty.expr(&mut out, e, 0);
    out
}

struct Pretty {
    max: usize,
    /// Printed one-line length of every node of the tree being formatted.
    lens: HashMap<*const Expr, usize>,
}

fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

impl Pretty {
    fn needs_split(&self, e: &Expr) -> bool {
        let len = match self.lens.get(&(e as *const Expr)) {
            Some(&n) => n,
            None => e.to_string().len(),
        };
        len > self.max
    }

    fn expr(&self, out: &mut String, e: &Expr, level: usize) {
        with_stack(|| self.expr_inner(out, e, level))
    }

    fn expr_inner(&self, out: &mut String, e: &Expr, level: usize) {
        match e {
            Expr::Aggregate(a) => {
                indent(out, level);
                if !self.needs_split(e) {
                    write_expr(out, e);
                    return;
                }
                aggregate_op_str(out, a);
                out.push_str("(\n");
                if let Some(p) = &a.param {
                    self.expr(out, p, level + 1);
                    out.push_str(",\n");
                }
                self.expr(out, &a.expr, level + 1);
                out.push('\n');
                indent(out, level);
                out.push(')');
            }
            Expr::Binary(b) => {
                if !self.needs_split(e) {
                    indent(out, level);
                    write_expr(out, e);
                    return;
                }
                self.expr(out, &b.lhs, level + 1);
                out.push('\n');
                indent(out, level);
                let _ = write!(out, "{}", b.op);
                out.push_str(&matching_str(b));
                out.push('\n');
                self.expr(out, &b.rhs, level + 1);
            }
            Expr::Call(c) => {
                indent(out, level);
                if !self.needs_split(e) {
                    write_expr(out, e);
                    return;
                }
                out.push_str(c.func.name);
                out.push_str("(\n");
                for (i, a) in c.args.iter().enumerate() {
                    if i > 0 {
                        out.push_str(",\n");
                    }
                    self.expr(out, a, level + 1);
                }
                out.push('\n');
                indent(out, level);
                out.push(')');
            }
            Expr::Paren(p) => {
                indent(out, level);
                if !self.needs_split(e) {
                    write_expr(out, e);
                    return;
                }
                out.push_str("(\n");
                self.expr(out, &p.expr, level + 1);
                out.push('\n');
                indent(out, level);
                out.push(')');
            }
            Expr::Subquery(s) => {
                if !self.needs_split(e) {
                    // Prometheus does not indent an unsplit subquery.
                    write_expr(out, e);
                    return;
                }
                self.expr(out, &s.expr, level);
                out.push_str(&subquery_suffix(s));
            }
            Expr::Unary(u) => {
                let mut child = String::new();
                self.expr(&mut child, &u.expr, level);
                indent(out, level);
                let _ = write!(out, "{}", u.op);
                out.push_str(child.trim());
            }
            Expr::MatrixSelector(_)
            | Expr::VectorSelector(_)
            | Expr::Number(_)
            | Expr::String(_) => {
                indent(out, level);
                write_expr(out, e);
            }
        }
    }
}

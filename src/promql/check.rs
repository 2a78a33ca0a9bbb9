//! Type checking of a parsed expression, with Prometheus's rules, messages and positions.
//!
//! Runs only when parsing succeeded. Like Prometheus it also settles vector matching: set
//! operators become many-to-many, and matching is dropped unless both sides are instant vectors.

use super::ast::*;
use super::lexer::TokenKind as K;
use super::ParseErr;

/// Checks the tree and returns the first error, in Prometheus's traversal order.
pub fn check(expr: &mut Expr, input: &str) -> Result<(), ParseErr> {
    let mut c = Checker { input, first: None };
    c.check(expr);
    match c.first {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

struct Checker<'a> {
    input: &'a str,
    first: Option<ParseErr>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

impl Checker<'_> {
    fn err(&mut self, span: Span, msg: impl Into<String>) {
        if self.first.is_none() {
            self.first = Some(ParseErr::new(span, msg));
        }
    }

    fn expect_type(&mut self, expr: &mut Expr, want: ValueType, context: &str) {
        let t = self.check(expr);
        if t != want {
            self.err(
                expr.span(),
                format!(
                    "expected type {} in {}, got {}",
                    want.documented(),
                    context,
                    t.documented()
                ),
            );
        }
    }

    /// The operator and its modifiers between the two operands, trimmed of white space.
    /// (Prometheus reports the same start; its end is inclusive, ours exclusive.)
    fn op_range(&self, lhs: Span, rhs: Span) -> Span {
        let bytes = self.input.as_bytes();
        let mut start = lhs.end;
        while start < bytes.len() && is_space(bytes[start]) {
            start += 1;
        }
        let mut end = rhs.start.min(bytes.len());
        while end > start && is_space(bytes[end - 1]) {
            end -= 1;
        }
        Span::new(start, end)
    }

    fn check(&mut self, expr: &mut Expr) -> ValueType {
        with_stack(|| self.check_inner(expr))
    }

    /// Checks `expr` and returns its type, computed from the children's (one pass, no
    /// re-walking of subtrees).
    fn check_inner(&mut self, expr: &mut Expr) -> ValueType {
        let span = expr.span();
        match expr {
            Expr::Aggregate(a) => {
                self.expect_type(&mut a.expr, ValueType::Vector, "aggregation expression");
                if let Some(param) = a.param.as_mut() {
                    match a.op {
                        K::Topk | K::Bottomk | K::Quantile | K::Limitk | K::LimitRatio => {
                            self.expect_type(param, ValueType::Scalar, "aggregation parameter")
                        }
                        K::CountValues => {
                            self.expect_type(param, ValueType::String, "aggregation parameter")
                        }
                        _ => {}
                    }
                }
            }
            Expr::Binary(b) => return self.check_binary(b, span),
            Expr::Call(c) => self.check_call(c, span),
            Expr::Paren(p) => return self.check(&mut p.expr),
            Expr::Unary(u) => {
                let t = self.check(&mut u.expr);
                if t != ValueType::Scalar && t != ValueType::Vector {
                    self.err(
                        span,
                        format!(
                            "unary expression only allowed on expressions of type scalar or instant vector, got {}",
                            crate::gostr::quote(t.documented())
                        ),
                    );
                }
                return t;
            }
            Expr::Subquery(s) => {
                let t = self.check(&mut s.expr);
                if t != ValueType::Vector {
                    self.err(
                        span,
                        format!("subquery is only allowed on instant vector, got {t} instead"),
                    );
                }
            }
            Expr::MatrixSelector(m) => self.check_vector_selector(&m.vector_selector),
            Expr::VectorSelector(v) => self.check_vector_selector(v),
            Expr::Number(_) | Expr::String(_) => {}
        }
        expr.value_type()
    }

    fn check_binary(&mut self, b: &mut BinaryExpr, span: Span) -> ValueType {
        let lt = self.check(&mut b.lhs);
        let rt = self.check(&mut b.rhs);
        let (lspan, rspan) = (b.lhs.span(), b.rhs.span());
        let op = b.op;

        if b.return_bool && !op.is_comparison() {
            let r = self.op_range(lspan, rspan);
            self.err(r, "bool modifier can only be used on comparison operators");
        }
        if op.is_comparison()
            && !b.return_bool
            && lt == ValueType::Scalar
            && rt == ValueType::Scalar
        {
            let r = self.op_range(lspan, rspan);
            self.err(r, "comparisons between scalars must use BOOL modifier");
        }
        if let Some(m) = b.matching.as_mut() {
            if op.is_set_operator() && m.card == Cardinality::OneToOne {
                m.card = Cardinality::ManyToMany;
            }
            if m.on {
                let clash = m
                    .matching_labels
                    .iter()
                    .find(|l| m.include.contains(l))
                    .cloned();
                if let Some(l) = clash {
                    let r = self.op_range(lspan, rspan);
                    self.err(
                        r,
                        format!(
                            "label {} must not occur in ON and GROUP clause at once",
                            crate::gostr::quote(&l)
                        ),
                    );
                }
            }
        }
        if lt != ValueType::Scalar && lt != ValueType::Vector {
            self.err(
                lspan,
                "binary expression must contain only scalar and instant vector types",
            );
        }
        if rt != ValueType::Scalar && rt != ValueType::Vector {
            self.err(
                rspan,
                "binary expression must contain only scalar and instant vector types",
            );
        }
        let both_vectors = lt == ValueType::Vector && rt == ValueType::Vector;
        if !both_vectors {
            if let Some(m) = b.matching.take() {
                if !m.matching_labels.is_empty() {
                    self.err(span, "vector matching only allowed between instant vectors");
                }
                if m.has_fill() {
                    self.err(
                        span,
                        "filling in missing series only allowed between instant vectors",
                    );
                }
            }
        } else if op.is_set_operator() {
            if let Some(m) = b.matching.as_ref() {
                if matches!(m.card, Cardinality::OneToMany | Cardinality::ManyToOne) {
                    self.err(
                        span,
                        format!("no grouping allowed for {} operation", quote_op(op)),
                    );
                }
                if m.card != Cardinality::ManyToMany {
                    self.err(span, "set operations must always be many-to-many");
                }
                if m.has_fill() {
                    self.err(
                        span,
                        "filling in missing series not allowed for set operators",
                    );
                }
            }
        }
        if (lt == ValueType::Scalar || rt == ValueType::Scalar) && op.is_set_operator() {
            self.err(
                span,
                format!(
                    "set operator {} not allowed in binary scalar expression",
                    quote_op(op)
                ),
            );
        }
        if lt == ValueType::Scalar && rt == ValueType::Scalar {
            ValueType::Scalar
        } else {
            ValueType::Vector
        }
    }

    fn check_call(&mut self, c: &mut Call, span: Span) {
        let f = c.func;
        let nargs = f.arg_types.len();
        if f.variadic == 0 {
            if nargs != c.args.len() {
                self.err(
                    span,
                    format!(
                        "expected {} argument(s) in call to {}, got {}",
                        nargs,
                        crate::gostr::quote(f.name),
                        c.args.len()
                    ),
                );
            }
        } else {
            let min = nargs.saturating_sub(1);
            if min > c.args.len() {
                self.err(
                    span,
                    format!(
                        "expected at least {} argument(s) in call to {}, got {}",
                        min,
                        crate::gostr::quote(f.name),
                        c.args.len()
                    ),
                );
            } else if f.variadic > 0 && min + (f.variadic as usize) < c.args.len() {
                self.err(
                    span,
                    format!(
                        "expected at most {} argument(s) in call to {}, got {}",
                        min + f.variadic as usize,
                        crate::gostr::quote(f.name),
                        c.args.len()
                    ),
                );
            }
        }

        if f.name == "info" && c.args.len() > 1 {
            let arg_type = c.args[1].value_type();
            if arg_type != ValueType::Vector {
                self.err(
                    span,
                    format!(
                        "expected type {} in call to function \"info\", got {}",
                        ValueType::Vector.documented(),
                        arg_type.documented()
                    ),
                );
            }
            let arg_span = c.args[1].span();
            match &mut c.args[1] {
                Expr::VectorSelector(vs) if !vs.name.is_empty() => self.err(
                    arg_span,
                    "expected label selectors only, got vector selector instead",
                ),
                Expr::VectorSelector(vs) => vs.bypass_empty_matcher_check = true,
                _ => self.err(arg_span, "expected label selectors only"),
            }
        }

        for (i, arg) in c.args.iter_mut().enumerate() {
            let idx = if i >= nargs {
                if f.variadic == 0 {
                    break;
                }
                nargs - 1
            } else {
                i
            };
            let t = self.check(arg);
            if t != f.arg_types[idx] {
                self.err(
                    arg.span(),
                    format!(
                        "expected type {} in call to function {}, got {}",
                        f.arg_types[idx].documented(),
                        crate::gostr::quote(f.name),
                        t.documented()
                    ),
                );
            }
        }
    }

    fn check_vector_selector(&mut self, vs: &VectorSelector) {
        if !vs.name.is_empty() {
            // The last matcher is the one for the name written outside the braces.
            let inner = &vs.matchers[..vs.matchers.len().saturating_sub(1)];
            for m in inner {
                if m.name == "__name__" {
                    self.err(
                        vs.span,
                        format!(
                            "metric name must not be set twice: {} or {}",
                            crate::gostr::quote(&vs.name),
                            crate::gostr::quote(&m.value)
                        ),
                    );
                }
            }
            return;
        }
        if !vs.bypass_empty_matcher_check && vs.matchers.iter().all(|m| m.matches("")) {
            self.err(
                vs.span,
                "vector selector must contain at least one non-empty matcher",
            );
        }
    }
}

fn quote_op(op: K) -> String {
    crate::gostr::quote(&op.to_string())
}

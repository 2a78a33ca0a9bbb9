//! The PromQL syntax tree. Every node keeps the byte span it was parsed from.

use std::fmt;
use std::sync::Arc;

use super::functions::Function;
use super::lexer::TokenKind;

pub use crate::diag::Span;

/// What an expression evaluates to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueType {
    None,
    Scalar,
    Vector,
    Matrix,
    String,
}

impl ValueType {
    /// Prometheus's internal name (`vector`, `matrix`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ValueType::None => "none",
            ValueType::Scalar => "scalar",
            ValueType::Vector => "vector",
            ValueType::Matrix => "matrix",
            ValueType::String => "string",
        }
    }

    /// The name the documentation uses (`instant vector`, `range vector`, ...).
    pub fn documented(self) -> &'static str {
        match self {
            ValueType::Vector => "instant vector",
            ValueType::Matrix => "range vector",
            other => other.as_str(),
        }
    }
}

impl fmt::Display for ValueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug)]
pub enum Expr {
    Aggregate(Box<AggregateExpr>),
    Binary(Box<BinaryExpr>),
    Call(Box<Call>),
    MatrixSelector(Box<MatrixSelector>),
    Subquery(Box<SubqueryExpr>),
    Number(NumberLiteral),
    String(StringLiteral),
    Paren(Box<ParenExpr>),
    Unary(Box<UnaryExpr>),
    VectorSelector(Box<VectorSelector>),
}

#[derive(Clone, Debug)]
pub struct AggregateExpr {
    pub op: TokenKind,
    pub expr: Expr,
    pub param: Option<Expr>,
    pub grouping: Vec<String>,
    pub without: bool,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, Copy)]
pub enum Cardinality {
    OneToOne,
    ManyToOne,
    OneToMany,
    ManyToMany,
}

impl Cardinality {
    pub fn as_str(self) -> &'static str {
        match self {
            Cardinality::OneToOne => "one-to-one",
            Cardinality::ManyToOne => "many-to-one",
            Cardinality::OneToMany => "one-to-many",
            Cardinality::ManyToMany => "many-to-many",
        }
    }
}

#[derive(Clone, Debug)]
pub struct VectorMatching {
    pub card: Cardinality,
    pub matching_labels: Vec<String>,
    pub on: bool,
    pub include: Vec<String>,
    pub fill_lhs: Option<f64>,
    pub fill_rhs: Option<f64>,
}

impl VectorMatching {
    pub fn one_to_one() -> Self {
        VectorMatching {
            card: Cardinality::OneToOne,
            matching_labels: Vec::new(),
            on: false,
            include: Vec::new(),
            fill_lhs: None,
            fill_rhs: None,
        }
    }

    pub fn has_fill(&self) -> bool {
        self.fill_lhs.is_some() || self.fill_rhs.is_some()
    }
}

#[derive(Clone, Debug)]
pub struct BinaryExpr {
    pub op: TokenKind,
    pub lhs: Expr,
    pub rhs: Expr,
    /// `None` unless both sides are instant vectors (set by the type checker, as in Prometheus).
    pub matching: Option<VectorMatching>,
    pub return_bool: bool,
    /// From the start of `lhs` to the end of `rhs`.
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Call {
    pub func: &'static Function,
    pub args: Vec<Expr>,
    pub span: Span,
}

/// A range, offset or subquery step: a plain duration, or an expression evaluated per query.
#[derive(Clone, Debug)]
pub enum Duration {
    /// Milliseconds.
    Fixed(i64),
    Expr(DurationExpr),
}

impl Duration {
    pub fn fixed_ms(&self) -> Option<i64> {
        match self {
            Duration::Fixed(ms) => Some(*ms),
            Duration::Expr(_) => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DurationOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
}

impl DurationOp {
    pub fn as_str(self) -> &'static str {
        match self {
            DurationOp::Add => "+",
            DurationOp::Sub => "-",
            DurationOp::Mul => "*",
            DurationOp::Div => "/",
            DurationOp::Mod => "%",
            DurationOp::Pow => "^",
        }
    }
}

/// Duration arithmetic (`[5m + step()]`, `offset -(1h * 2)`), behind `promql-duration-expr`.
#[derive(Clone, Debug)]
pub enum DurationExpr {
    /// A number (seconds) or duration literal.
    Number(NumberLiteral),
    Neg(Box<DurationExpr>, Span),
    Binary(DurationOp, Box<DurationExpr>, Box<DurationExpr>),
    Paren(Box<DurationExpr>, Span),
    Step(Span),
    Range(Span),
    MinOf(Box<DurationExpr>, Box<DurationExpr>, Span),
    MaxOf(Box<DurationExpr>, Box<DurationExpr>, Span),
}

impl DurationExpr {
    pub fn span(&self) -> Span {
        match self {
            DurationExpr::Number(n) => n.span,
            DurationExpr::Neg(_, s)
            | DurationExpr::Paren(_, s)
            | DurationExpr::Step(s)
            | DurationExpr::Range(s)
            | DurationExpr::MinOf(_, _, s)
            | DurationExpr::MaxOf(_, _, s) => *s,
            DurationExpr::Binary(_, l, r) => Span {
                start: l.span().start,
                end: r.span().end,
            },
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AtModifier {
    /// Milliseconds since the epoch.
    Timestamp(i64),
    Start,
    End,
}

#[derive(Clone, Debug)]
pub struct MatrixSelector {
    pub vector_selector: VectorSelector,
    pub range: Duration,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct SubqueryExpr {
    pub expr: Expr,
    pub range: Duration,
    /// `None` when the step is left to the evaluator's default.
    pub step: Option<Duration>,
    pub offset: i64,
    pub offset_expr: Option<DurationExpr>,
    pub at: Option<AtModifier>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct NumberLiteral {
    pub val: f64,
    /// Written as a duration (`5m`), printed back as one.
    pub duration: bool,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct StringLiteral {
    pub val: String,
    /// The raw bytes when escapes produced invalid UTF-8 (`"\xff"`); `val` is then lossy.
    pub raw: Option<Arc<[u8]>>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct ParenExpr {
    pub expr: Expr,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct UnaryExpr {
    pub op: TokenKind,
    pub expr: Expr,
    /// From the operator to the end of the operand.
    pub span: Span,
}

pub use crate::model::matcher::{is_legacy_label_name, MatchOp, Matcher};

#[derive(Clone, Debug)]
pub struct VectorSelector {
    /// The metric name written before the braces, or empty.
    pub name: String,
    /// All matchers; when `name` is set, the last one is its `__name__` equality matcher.
    pub matchers: Vec<Matcher>,
    pub offset: i64,
    pub offset_expr: Option<DurationExpr>,
    pub at: Option<AtModifier>,
    pub anchored: bool,
    pub smoothed: bool,
    /// `info()`'s second argument may select by labels that all match the empty string.
    pub bypass_empty_matcher_check: bool,
    pub span: Span,
}

impl Expr {
    pub fn value_type(&self) -> ValueType {
        with_stack(|| self.value_type_inner())
    }

    fn value_type_inner(&self) -> ValueType {
        match self {
            Expr::Aggregate(_) | Expr::VectorSelector(_) => ValueType::Vector,
            Expr::Call(c) => c.func.return_type,
            Expr::MatrixSelector(_) | Expr::Subquery(_) => ValueType::Matrix,
            Expr::Number(_) => ValueType::Scalar,
            Expr::String(_) => ValueType::String,
            Expr::Paren(p) => p.expr.value_type(),
            Expr::Unary(u) => u.expr.value_type(),
            Expr::Binary(b) => {
                if b.lhs.value_type() == ValueType::Scalar
                    && b.rhs.value_type() == ValueType::Scalar
                {
                    ValueType::Scalar
                } else {
                    ValueType::Vector
                }
            }
        }
    }

    /// The byte range this expression was parsed from (as Prometheus reports it in errors).
    pub fn span(&self) -> Span {
        match self {
            Expr::Aggregate(a) => a.span,
            Expr::Binary(b) => b.span,
            Expr::Call(c) => c.span,
            Expr::MatrixSelector(m) => m.span,
            Expr::Subquery(s) => s.span,
            Expr::Number(n) => n.span,
            Expr::String(s) => s.span,
            Expr::Paren(p) => p.span,
            Expr::Unary(u) => u.span,
            Expr::VectorSelector(v) => v.span,
        }
    }

    /// Direct children, in evaluation order.
    pub fn children(&self) -> Vec<&Expr> {
        match self {
            Expr::Aggregate(a) => {
                let mut v = vec![&a.expr];
                if let Some(p) = &a.param {
                    v.push(p);
                }
                v
            }
            Expr::Binary(b) => vec![&b.lhs, &b.rhs],
            Expr::Call(c) => c.args.iter().collect(),
            Expr::Subquery(s) => vec![&s.expr],
            Expr::Paren(p) => vec![&p.expr],
            Expr::Unary(u) => vec![&u.expr],
            Expr::MatrixSelector(_)
            | Expr::Number(_)
            | Expr::String(_)
            | Expr::VectorSelector(_) => Vec::new(),
        }
    }

    /// Visits this node and every descendant, parents first.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Expr)) {
        with_stack(|| {
            f(self);
            for c in self.children() {
                c.walk(f);
            }
        })
    }
}

/// Runs `f`, growing the stack first when little is left. Deeply nested expressions (a generated
/// `a or b or c ...` with thousands of terms) recurse once per level in the parser, checker and
/// printers; Prometheus's goroutine stacks grow, and so must ours.
#[inline]
pub fn with_stack<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(128 * 1024, 4 * 1024 * 1024, f)
}

/// A placeholder left behind when children are moved out for dropping.
fn placeholder() -> Expr {
    Expr::Number(NumberLiteral {
        val: 0.0,
        duration: false,
        span: Span::default(),
    })
}

/// Moves the direct children of `e` into `out`.
fn take_children(e: &mut Expr, out: &mut Vec<Expr>) {
    let mut take = |x: &mut Expr| out.push(std::mem::replace(x, placeholder()));
    match e {
        Expr::Aggregate(a) => {
            take(&mut a.expr);
            if let Some(p) = a.param.as_mut() {
                take(p);
            }
        }
        Expr::Binary(b) => {
            take(&mut b.lhs);
            take(&mut b.rhs);
        }
        Expr::Call(c) => out.append(&mut c.args),
        Expr::Subquery(s) => take(&mut s.expr),
        Expr::Paren(p) => take(&mut p.expr),
        Expr::Unary(u) => take(&mut u.expr),
        Expr::MatrixSelector(_) | Expr::Number(_) | Expr::String(_) | Expr::VectorSelector(_) => {}
    }
}

/// Drops a subtree without recursing once per level.
fn drop_iteratively(first: Vec<Expr>) {
    let mut stack = first;
    while let Some(mut e) = stack.pop() {
        take_children(&mut e, &mut stack);
    }
}

macro_rules! iterative_drop {
    ($($ty:ident => |$s:ident| $children:expr;)*) => {$(
        impl Drop for $ty {
            fn drop(&mut self) {
                let $s = self;
                let children: Vec<Expr> = $children;
                if children.iter().any(|c| !c.children().is_empty()) {
                    drop_iteratively(children);
                }
            }
        }
    )*};
}

iterative_drop! {
    BinaryExpr => |s| vec![std::mem::replace(&mut s.lhs, placeholder()), std::mem::replace(&mut s.rhs, placeholder())];
    ParenExpr => |s| vec![std::mem::replace(&mut s.expr, placeholder())];
    UnaryExpr => |s| vec![std::mem::replace(&mut s.expr, placeholder())];
    SubqueryExpr => |s| vec![std::mem::replace(&mut s.expr, placeholder())];
    Call => |s| std::mem::take(&mut s.args);
    AggregateExpr => |s| {
        let mut v = vec![std::mem::replace(&mut s.expr, placeholder())];
        if let Some(p) = s.param.take() { v.push(p); }
        v
    };
}

//! Lowering a parsed expression into the tree the evaluator runs: duration expressions and
//! `start()`/`end()`/`range()`/`step()` resolved, parentheses dropped, step-invariant parts
//! marked, `@` turned into per-selector offsets, and every selector's series fetched.

use std::cell::Cell;
use std::sync::Arc;

use super::functions::{go_max, go_min};
use super::EvalError;
use crate::model::matcher::Matcher;
use crate::promql::ast::{
    self, AtModifier, Cardinality, Duration, DurationExpr, Expr, Span, ValueType, VectorMatching,
};
use crate::promql::functions::Function;
use crate::promql::lexer::TokenKind;
use crate::storage::{Queryable, SeriesData, SeriesSet};

/// A vector or matrix selector, with its series.
pub(crate) struct Selector {
    pub matchers: Vec<Matcher>,
    pub original_offset: i64,
    /// The offset used at evaluation: the original one adjusted for `@` (set by
    /// [`set_offset_for_at`], relative to the evaluator's start time).
    pub offset: Cell<i64>,
    pub at: Option<i64>,
    pub anchored: bool,
    pub smoothed: bool,
    /// The range of a matrix selector; 0 for an instant selector.
    pub range: i64,
    pub span: Span,
    pub series: Vec<Arc<SeriesData>>,
    /// Instead of `series`, when storage reads samples on request: the series of an instant
    /// selector or of a range function's argument, walked one at a time.
    pub lazy: Option<Arc<dyn SeriesSet>>,
    /// Its histograms only feed histogram_count/sum/avg, so Prometheus reads them without
    /// buckets (see Prometheus's detectHistogramStatsDecoding).
    pub stats_only: bool,
}

pub(crate) struct Subquery {
    pub expr: Node,
    pub range: i64,
    /// 0 when the query did not give one.
    pub step: i64,
    pub original_offset: i64,
    pub offset: Cell<i64>,
    pub at: Option<i64>,
}

/// An argument of a call as functions see it.
#[derive(Clone, Debug, Default)]
pub(crate) struct ArgMeta {
    pub span: Span,
    pub string: Option<String>,
    /// The string literal's escapes produced invalid UTF-8.
    pub invalid_utf8: bool,
}

pub(crate) struct CallNode {
    pub func: &'static Function,
    pub args: Vec<Node>,
    pub meta: Vec<ArgMeta>,
    pub span: Span,
}

pub(crate) struct AggNode {
    pub op: TokenKind,
    pub expr: Node,
    pub param: Option<Node>,
    /// Sorted, as the evaluator expects.
    pub grouping: Vec<String>,
    pub without: bool,
    pub span: Span,
    pub expr_span: Span,
    pub param_span: Span,
    /// The raw bytes of a string parameter that is not valid UTF-8 (for error messages).
    pub param_raw: Option<Vec<u8>>,
}

pub(crate) struct BinNode {
    pub op: TokenKind,
    pub lhs: Node,
    pub rhs: Node,
    pub matching: Option<VectorMatching>,
    pub return_bool: bool,
    pub span: Span,
}

pub(crate) enum Node {
    Number(f64),
    /// A string literal; the flag is false when its escapes produced invalid UTF-8 (the
    /// text is then lossy, and invalid as any label name).
    String(String, bool),
    VectorSelector(Box<Selector>),
    MatrixSelector(Box<Selector>),
    Subquery(Box<Subquery>),
    Call(Box<CallNode>),
    Aggregate(Box<AggNode>),
    Binary(Box<BinNode>),
    /// Negation (unary plus is dropped while lowering).
    Neg(Box<Node>),
    /// Evaluated once at the start time; the result repeats for every step.
    StepInvariant(Box<Node>),
}

impl Node {
    pub fn value_type(&self) -> ValueType {
        match self {
            Node::Number(..) => ValueType::Scalar,
            Node::String(..) => ValueType::String,
            Node::VectorSelector(_) | Node::Aggregate(_) => ValueType::Vector,
            Node::MatrixSelector(_) | Node::Subquery(_) => ValueType::Matrix,
            Node::Call(c) => c.func.return_type,
            Node::Binary(b) => {
                if b.lhs.value_type() == ValueType::Scalar
                    && b.rhs.value_type() == ValueType::Scalar
                {
                    ValueType::Scalar
                } else {
                    ValueType::Vector
                }
            }
            Node::Neg(e) | Node::StepInvariant(e) => e.value_type(),
        }
    }
}

/// Query-wide values the lowering needs.
pub(crate) struct PlanContext<'a> {
    pub start: i64,
    pub end: i64,
    pub step: i64,
    pub lookback: i64,
    pub queryable: &'a dyn Queryable,
}

/// Subqueries enclosing the node being lowered (for selector time ranges).
#[derive(Clone, Copy, Default)]
pub(crate) struct SubqueryPath {
    offset: i64,
    range: i64,
    at: Option<i64>,
    /// A histogram_count/sum/avg call encloses the node...
    stats_ancestor: bool,
    /// ...and nothing that needs the buckets does (a subquery, histogram_quantile(s),
    /// histogram_fraction, a trim operator).
    buckets_ancestor: bool,
}

impl SubqueryPath {
    /// The path inside a subquery with this `@`, offset and range: an `@` starts afresh,
    /// otherwise offsets and ranges add up.
    fn enter(self, at: Option<i64>, offset: i64, range: i64) -> SubqueryPath {
        match at {
            Some(ts) => SubqueryPath {
                offset,
                range,
                at: Some(ts),
                ..self
            },
            None => SubqueryPath {
                offset: self.offset + offset,
                range: self.range + range,
                ..self
            },
        }
    }

    fn stats_only(self) -> bool {
        self.stats_ancestor && !self.buckets_ancestor
    }

    fn needing_buckets(self) -> SubqueryPath {
        SubqueryPath {
            buckets_ancestor: true,
            ..self
        }
    }
}

/// Times, offsets and ranges beyond this many milliseconds (about 36 million years) are
/// rejected, so that sums of a few of them cannot overflow. Prometheus's Go arithmetic would
/// silently wrap around instead.
pub(crate) const MAX_ABS_TIME_MS: i64 = 1 << 60;

pub(crate) fn check_time(ms: i64, what: &str) -> Result<i64, EvalError> {
    if ms.unsigned_abs() > MAX_ABS_TIME_MS as u64 {
        return Err(EvalError::new(format!("{what} out of range: {ms}ms")));
    }
    Ok(ms)
}

/// Builds the evaluation tree for `expr`.
pub(crate) fn plan(expr: &Expr, ctx: &PlanContext) -> Result<Node, EvalError> {
    let mut node = lower(expr, ctx, SubqueryPath::default())?;
    if mark_step_invariant(&mut node).1 {
        node = Node::StepInvariant(Box::new(node));
    }
    set_offset_for_at(ctx.start, &node, SubqueryPath::default());
    Ok(node)
}

fn resolve_duration(
    d: &Duration,
    ctx: &PlanContext,
    allow_negative: bool,
) -> Result<i64, EvalError> {
    match d {
        Duration::Fixed(ms) => Ok(*ms),
        Duration::Expr(e) => duration_expr_ms(e, ctx, allow_negative),
    }
}

/// Evaluates a duration expression to milliseconds, with Prometheus's checks.
fn duration_expr_ms(
    e: &DurationExpr,
    ctx: &PlanContext,
    allow_negative: bool,
) -> Result<i64, EvalError> {
    let secs = duration_expr_secs(e, ctx)?;
    let span = e.span();
    let pos = format!("{}:{}", span.start, span.end);
    if secs.is_nan() || secs.is_infinite() {
        return Err(EvalError::new(format!(
            "{pos}: duration is NaN or infinite"
        )));
    }
    if secs <= 0.0 && !allow_negative {
        return Err(EvalError::new(format!(
            "{pos}: duration must be greater than 0"
        )));
    }
    let limit = (1u64 << 63) as f64 / 1e9;
    if !(-limit..=limit).contains(&secs) {
        return Err(EvalError::new(format!("{pos}: duration is out of range")));
    }
    Ok((secs * 1000.0) as i64)
}

fn duration_expr_secs(e: &DurationExpr, ctx: &PlanContext) -> Result<f64, EvalError> {
    use ast::DurationOp as Op;
    Ok(match e {
        DurationExpr::Number(n) => n.val,
        DurationExpr::Neg(inner, _) => -duration_expr_secs(inner, ctx)?,
        DurationExpr::Paren(inner, _) => duration_expr_secs(inner, ctx)?,
        DurationExpr::Step(_) => ctx.step as f64 / 1000.0,
        DurationExpr::Range(_) => (ctx.end - ctx.start) as f64 / 1000.0,
        DurationExpr::MinOf(a, b, _) => {
            go_min(duration_expr_secs(a, ctx)?, duration_expr_secs(b, ctx)?)
        }
        DurationExpr::MaxOf(a, b, _) => {
            go_max(duration_expr_secs(a, ctx)?, duration_expr_secs(b, ctx)?)
        }
        DurationExpr::Binary(op, l, r) => {
            let (a, b) = (duration_expr_secs(l, ctx)?, duration_expr_secs(r, ctx)?);
            let span = e.span();
            match op {
                Op::Add => a + b,
                Op::Sub => a - b,
                Op::Mul => a * b,
                Op::Div if b == 0.0 => {
                    return Err(EvalError::new(format!(
                        "{}:{}: division by zero",
                        span.start, span.end
                    )))
                }
                Op::Div => a / b,
                Op::Mod if b == 0.0 => {
                    return Err(EvalError::new(format!(
                        "{}:{}: modulo by zero",
                        span.start, span.end
                    )))
                }
                Op::Mod => a % b,
                Op::Pow => a.powf(b),
            }
        }
    })
}

fn at_ms(at: Option<AtModifier>, ctx: &PlanContext) -> Option<i64> {
    match at? {
        AtModifier::Timestamp(ms) => Some(ms),
        AtModifier::Start => Some(ctx.start),
        AtModifier::End => Some(ctx.end),
    }
}

/// The time range a selector reads, as Prometheus's getTimeRangesForSelector computes it.
fn selector_time_range(sel: &Selector, ctx: &PlanContext, path: SubqueryPath) -> (i64, i64) {
    // Saturating: absurd offsets and `@` times must not overflow (Go wraps silently).
    let (mut start, mut end) = (ctx.start, ctx.end);
    if let Some(ts) = path.at {
        start = ts;
        end = ts;
    }
    if let Some(ts) = sel.at {
        start = ts;
        end = ts;
    } else {
        start = start.saturating_sub(path.offset).saturating_sub(path.range);
        end = end.saturating_sub(path.offset);
    }
    let lookback = ctx.lookback;
    if sel.range == 0 {
        start = start.saturating_sub(lookback - 1);
        if sel.smoothed {
            end = end.saturating_add(lookback);
        }
    } else if sel.anchored {
        start = start.saturating_sub(lookback.saturating_add(sel.range) - 1);
    } else if sel.smoothed {
        start = start.saturating_sub(lookback.saturating_add(sel.range) - 1);
        end = end.saturating_add(lookback);
    } else {
        start = start.saturating_sub(sel.range - 1);
    }
    (
        start.saturating_sub(sel.original_offset),
        end.saturating_sub(sel.original_offset),
    )
}

/// `lazy`: the selector is a range function's argument, which may read its series one at a
/// time (see [`Queryable::select_lazy`]).
fn lower_selector(
    vs: &ast::VectorSelector,
    range: i64,
    ctx: &PlanContext,
    path: SubqueryPath,
    lazy: bool,
) -> Result<Selector, EvalError> {
    let original_offset = match &vs.offset_expr {
        Some(e) => duration_expr_ms(e, ctx, true)?,
        None => vs.offset,
    };
    check_time(original_offset, "offset")?;
    check_time(range, "range")?;
    let at = at_ms(vs.at, ctx)
        .map(|t| check_time(t, "@ timestamp"))
        .transpose()?;
    let mut sel = Selector {
        matchers: vs.matchers.clone(),
        original_offset,
        offset: Cell::new(original_offset),
        at,
        anchored: vs.anchored,
        smoothed: vs.smoothed,
        range,
        span: vs.span,
        series: Vec::new(),
        lazy: None,
        stats_only: path.stats_only(),
    };
    let (mint, maxt) = selector_time_range(&sel, ctx, path);
    let expanding = |e| EvalError::new(format!("expanding series: {e}"));
    if lazy {
        sel.lazy = ctx
            .queryable
            .select_lazy(&sel.matchers, mint, maxt)
            .map_err(expanding)?;
    }
    if sel.lazy.is_none() {
        sel.series = ctx
            .queryable
            .select(&sel.matchers, mint, maxt)
            .map_err(expanding)?;
    }
    Ok(sel)
}

fn lower_matrix_selector(
    m: &ast::MatrixSelector,
    ctx: &PlanContext,
    path: SubqueryPath,
    lazy: bool,
) -> Result<Node, EvalError> {
    let range = resolve_duration(&m.range, ctx, false)?;
    let mut sel = lower_selector(&m.vector_selector, range, ctx, path, lazy)?;
    sel.span = m.span;
    Ok(Node::MatrixSelector(Box::new(sel)))
}

fn lower(expr: &Expr, ctx: &PlanContext, path: SubqueryPath) -> Result<Node, EvalError> {
    crate::promql::ast::with_stack(|| lower_inner(expr, ctx, path))
}

fn lower_inner(expr: &Expr, ctx: &PlanContext, path: SubqueryPath) -> Result<Node, EvalError> {
    Ok(match expr {
        Expr::Number(n) => Node::Number(n.val),
        Expr::String(s) => Node::String(s.val.clone(), s.raw.is_none()),
        Expr::Paren(p) => lower(&p.expr, ctx, path)?,
        Expr::Unary(u) => {
            let inner = lower(&u.expr, ctx, path)?;
            if u.op == TokenKind::Sub {
                Node::Neg(Box::new(inner))
            } else {
                inner
            }
        }
        // An instant selector's series are walked one at a time (see `eval_vector_selector`),
        // a smoothed one's are not.
        Expr::VectorSelector(vs) => {
            Node::VectorSelector(Box::new(lower_selector(vs, 0, ctx, path, !vs.smoothed)?))
        }
        Expr::MatrixSelector(m) => lower_matrix_selector(m, ctx, path, false)?,
        Expr::Subquery(s) => {
            let range = resolve_duration(&s.range, ctx, false)?;
            let step = match &s.step {
                Some(d) => resolve_duration(d, ctx, false)?,
                None => 0,
            };
            let original_offset = match &s.offset_expr {
                Some(e) => duration_expr_ms(e, ctx, true)?,
                None => s.offset,
            };
            check_time(range, "range")?;
            check_time(step, "step")?;
            check_time(original_offset, "offset")?;
            let at = at_ms(s.at, ctx)
                .map(|t| check_time(t, "@ timestamp"))
                .transpose()?;
            // Counter reset detection over the subquery's points needs the buckets.
            let inner_path = path.enter(at, original_offset, range).needing_buckets();
            Node::Subquery(Box::new(Subquery {
                expr: lower(&s.expr, ctx, inner_path)?,
                range,
                step,
                original_offset,
                offset: Cell::new(original_offset),
                at,
            }))
        }
        Expr::Call(c) => {
            // start(), end(), range() and step() are constants of the query.
            let folded = match c.func.name {
                "start" => Some(ctx.start as f64 / 1000.0),
                "end" => Some(ctx.end as f64 / 1000.0),
                "range" => Some((ctx.end - ctx.start) as f64 / 1000.0),
                "step" => Some(if ctx.start != ctx.end {
                    ctx.step as f64 / 1000.0
                } else {
                    0.0
                }),
                _ => None,
            };
            if let Some(v) = folded {
                return Ok(Node::Number(v));
            }
            let path = match c.func.name {
                "histogram_count" | "histogram_sum" | "histogram_avg" => SubqueryPath {
                    stats_ancestor: true,
                    ..path
                },
                "histogram_quantile" | "histogram_quantiles" | "histogram_fraction" => {
                    path.needing_buckets()
                }
                _ => path,
            };
            let mut args = Vec::with_capacity(c.args.len());
            let mut meta = Vec::with_capacity(c.args.len());
            for (i, a) in c.args.iter().enumerate() {
                let inner = strip_parens(a);
                // info()'s label selector only filters; the evaluator queries info series itself.
                if c.func.name == "info" && i == 1 {
                    if let Expr::VectorSelector(vs) = inner {
                        meta.push(ArgMeta {
                            span: inner.span(),
                            ..ArgMeta::default()
                        });
                        args.push(Node::VectorSelector(Box::new(Selector {
                            matchers: vs.matchers.clone(),
                            original_offset: 0,
                            offset: Cell::new(0),
                            at: None,
                            anchored: false,
                            smoothed: false,
                            range: 0,
                            span: vs.span,
                            series: Vec::new(),
                            lazy: None,
                            stats_only: false,
                        })));
                        continue;
                    }
                }
                meta.push(ArgMeta {
                    span: inner.span(),
                    string: match inner {
                        Expr::String(s) => Some(s.val.clone()),
                        _ => None,
                    },
                    invalid_utf8: matches!(inner, Expr::String(s) if s.raw.is_some()),
                });
                // A call's range vector is only walked by the range function, series by series.
                args.push(match inner {
                    Expr::MatrixSelector(m) => lower_matrix_selector(m, ctx, path, true)?,
                    _ => lower(inner, ctx, path)?,
                });
            }
            Node::Call(Box::new(CallNode {
                func: c.func,
                args,
                meta,
                span: c.span,
            }))
        }
        Expr::Aggregate(a) => {
            let mut grouping = a.grouping.clone();
            grouping.sort();
            let expr = strip_parens(&a.expr);
            let param = a.param.as_ref().map(strip_parens);
            Node::Aggregate(Box::new(AggNode {
                param_raw: match param {
                    Some(Expr::String(s)) => s.raw.as_ref().map(|r| r.to_vec()),
                    _ => None,
                },
                op: a.op,
                expr_span: expr.span(),
                param_span: param.map(|p| p.span()).unwrap_or_default(),
                expr: lower(expr, ctx, path)?,
                param: match param {
                    Some(p) => Some(lower(p, ctx, path)?),
                    None => None,
                },
                grouping,
                without: a.without,
                span: a.span,
            }))
        }
        Expr::Binary(b) => {
            let mut matching = b.matching.clone();
            if let Some(m) = matching.as_mut() {
                if b.op.is_set_operator() && m.card == Cardinality::OneToOne {
                    m.card = Cardinality::ManyToMany;
                }
            }
            let path = if matches!(b.op, TokenKind::TrimUpper | TokenKind::TrimLower) {
                path.needing_buckets()
            } else {
                path
            };
            Node::Binary(Box::new(BinNode {
                op: b.op,
                lhs: lower(&b.lhs, ctx, path)?,
                rhs: lower(&b.rhs, ctx, path)?,
                matching,
                return_bool: b.return_bool,
                span: b.span,
            }))
        }
    })
}

fn strip_parens(mut e: &Expr) -> &Expr {
    while let Expr::Paren(p) = e {
        e = &p.expr;
    }
    e
}

/// Functions whose result depends on the evaluation time even when their arguments do not
/// (Prometheus's `AtModifierUnsafeFunctions`).
pub(crate) const AT_MODIFIER_UNSAFE: &[&str] = &[
    "day_of_month",
    "day_of_week",
    "day_of_year",
    "days_in_month",
    "end",
    "hour",
    "minute",
    "month",
    "predict_linear",
    "range",
    "start",
    "step",
    "time",
    "timestamp",
    "year",
];

fn at_modifier_unsafe(name: &str) -> bool {
    AT_MODIFIER_UNSAFE.contains(&name)
}

fn wrap(node: &mut Node) {
    let inner = std::mem::replace(node, Node::Number(0.0));
    *node = Node::StepInvariant(Box::new(inner));
}

/// Wraps the largest step-invariant subtrees; returns (is step invariant, should wrap).
fn mark_step_invariant(node: &mut Node) -> (bool, bool) {
    match node {
        Node::VectorSelector(s) => (s.at.is_some(), s.at.is_some()),
        Node::MatrixSelector(s) => (s.at.is_some(), false),
        Node::Aggregate(a) => mark_step_invariant(&mut a.expr),
        Node::Binary(b) => {
            let (li, lw) = mark_step_invariant(&mut b.lhs);
            let (ri, rw) = mark_step_invariant(&mut b.rhs);
            if li && ri {
                return (true, true);
            }
            if lw {
                wrap(&mut b.lhs);
            }
            if rw {
                wrap(&mut b.rhs);
            }
            (false, false)
        }
        Node::Call(c) => {
            let mut invariant = !at_modifier_unsafe(c.func.name);
            let mut timestamp_safe = c.func.name == "timestamp";
            let mut should_wrap = Vec::with_capacity(c.args.len());
            for a in c.args.iter_mut() {
                let (ai, aw) = mark_step_invariant(a);
                should_wrap.push(aw);
                invariant &= ai;
                if !ai || !matches!(a, Node::VectorSelector(_)) {
                    timestamp_safe = false;
                }
            }
            if invariant || timestamp_safe {
                return (true, true);
            }
            for (a, w) in c.args.iter_mut().zip(should_wrap) {
                if w {
                    wrap(a);
                }
            }
            (false, false)
        }
        Node::Subquery(s) => {
            let (inner_invariant, _) = mark_step_invariant(&mut s.expr);
            if inner_invariant {
                wrap(&mut s.expr);
            }
            (s.at.is_some(), false)
        }
        Node::Neg(e) => mark_step_invariant(e),
        Node::Number(..) | Node::String(..) => (true, false),
        Node::StepInvariant(_) => (true, false),
    }
}

/// Adjusts selector and subquery offsets for `@`, relative to `eval_time` (the evaluator's
/// start), as Prometheus's setOffsetForAtModifier does.
pub(crate) fn set_offset_for_at(eval_time: i64, node: &Node, path: SubqueryPath) {
    let offset_for = |at: Option<i64>, original: i64| -> i64 {
        let Some(ts) = at else { return original };
        let mut subq_offset = path.offset;
        if let Some(sts) = path.at {
            subq_offset += eval_time - sts;
        }
        original + (eval_time - ts) - subq_offset
    };
    match node {
        Node::VectorSelector(s) | Node::MatrixSelector(s) => {
            s.offset.set(offset_for(s.at, s.original_offset));
        }
        Node::Subquery(s) => {
            s.offset.set(offset_for(s.at, s.original_offset));
            set_offset_for_at(
                eval_time,
                &s.expr,
                path.enter(s.at, s.original_offset, s.range),
            );
        }
        Node::Call(c) => c
            .args
            .iter()
            .for_each(|a| set_offset_for_at(eval_time, a, path)),
        Node::Aggregate(a) => {
            set_offset_for_at(eval_time, &a.expr, path);
            if let Some(p) = &a.param {
                set_offset_for_at(eval_time, p, path);
            }
        }
        Node::Binary(b) => {
            set_offset_for_at(eval_time, &b.lhs, path);
            set_offset_for_at(eval_time, &b.rhs, path);
        }
        Node::Neg(e) | Node::StepInvariant(e) => set_offset_for_at(eval_time, e, path),
        Node::Number(..) | Node::String(..) => {}
    }
}

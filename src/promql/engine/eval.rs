//! The evaluator: every node is evaluated over all steps of the query at once, producing a
//! matrix with one point per step (Prometheus's evaluator design), so instant queries are range
//! queries with a single step.

use crate::model::fxhash::FxHashMap;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use super::annotations::{self as ann, Annotations};
use super::functions::{self, ArgInfo, EvalNodeHelper, FloatWindow, FnArgs, SeriesView};
use super::plan::{set_offset_for_at, AggNode, BinNode, CallNode, Node, Selector, Subquery};
use super::value::*;
use super::EvalError;
use crate::model::histogram::FloatHistogram;
use crate::model::labels::{Label, Labels, METRIC_NAME};
use crate::promql::ast::{Cardinality, Span, ValueType, VectorMatching};
use crate::promql::lexer::TokenKind as K;
use crate::promql::series::is_stale_nan;
use crate::storage::{SeriesData, SeriesSet};

pub(crate) enum EvalValue {
    Matrix(Matrix),
    String(String),
}

type EvalResult = Result<(EvalValue, Annotations), EvalError>;

pub(crate) struct Evaluator<'q> {
    pub queryable: &'q dyn crate::storage::Queryable,
    pub start: i64,
    pub end: i64,
    pub interval: i64,
    pub lookback: i64,
    pub max_samples: usize,
    pub current_samples: usize,
    pub delayed_name_removal: bool,
    pub subquery_step_default: i64,
    pub deadline: Option<Instant>,
    /// Calls of `check_deadline`, which reads the clock only now and then.
    pub deadline_checks: std::cell::Cell<u32>,
    pub cancel: Option<Arc<std::sync::atomic::AtomicBool>>,
}

const ENV: &str = "query execution";

fn too_many_samples() -> EvalError {
    EvalError::new(format!(
        "query processing would load too many samples into memory in {ENV}"
    ))
}

fn same_labelset_error() -> EvalError {
    EvalError::new("vector cannot contain metrics with the same labelset")
}

/// Removes the metric name and the other metadata labels (`__type__`, `__unit__`).
pub(crate) fn drop_metadata_labels(l: &Labels) -> Labels {
    l.without_metadata()
}

fn matrix_sample_count(m: &Matrix) -> usize {
    m.iter().map(Series::sample_count).sum()
}

fn vector_sample_count(v: &Vector) -> usize {
    v.iter()
        .map(|s| s.h.as_ref().map_or(1, |h| hpoint_size(h)))
        .sum()
}

fn contains_same_labelset<'a>(metrics: impl Iterator<Item = &'a Labels>) -> bool {
    let mut seen = crate::model::fxhash::FxHashSet::with_capacity_and_hasher(
        metrics.size_hint().0,
        Default::default(),
    );
    for m in metrics {
        if !seen.insert(m) {
            return true;
        }
    }
    false
}

/// The label-set signature two samples must share to match, for `on`/`ignoring`.
fn signature(l: &Labels, on: bool, names: &[String]) -> Vec<Label> {
    l.iter()
        .filter(|lb| {
            let listed = names.iter().any(|n| n == &lb.name);
            if on {
                listed
            } else {
                !listed && lb.name != METRIC_NAME
            }
        })
        .cloned()
        .collect()
}

/// Prometheus's `Labels.MatchLabels`: keep only `names` (on), or drop them and the name.
fn match_labels(l: &Labels, on: bool, names: &[String]) -> Labels {
    Labels::from_pairs(
        signature(l, on, names)
            .into_iter()
            .map(|lb| (lb.name, lb.value)),
    )
}

pub(crate) fn grouping_key<'l>(
    l: &'l Labels,
    grouping: &[String],
    without: bool,
) -> Vec<&'l Label> {
    if without {
        l.iter()
            .filter(|lb| lb.name != METRIC_NAME && !grouping.iter().any(|g| g == &lb.name))
            .collect()
    } else {
        l.iter()
            .filter(|lb| grouping.iter().any(|g| g == &lb.name))
            .collect()
    }
}

pub(crate) fn grouping_labels(l: &Labels, grouping: &[String], without: bool) -> Labels {
    if !without && grouping.is_empty() {
        return Labels::empty();
    }
    Labels::from_pairs(
        grouping_key(l, grouping, without)
            .into_iter()
            .map(|lb| (lb.name.as_str(), lb.value.as_str())),
    )
}

fn changes_metric_schema(op: K) -> bool {
    matches!(
        op,
        K::Add | K::Sub | K::Div | K::Mul | K::Pow | K::Mod | K::Atan2
    )
}

fn btos(b: bool) -> f64 {
    if b {
        1.0
    } else {
        0.0
    }
}

fn go_mod(a: f64, b: f64) -> f64 {
    // Go's math.Mod and Rust's % agree (result has the sign of the dividend).
    a % b
}

pub(crate) fn scalar_binop(op: K, l: f64, r: f64) -> f64 {
    match op {
        K::Add => l + r,
        K::Sub => l - r,
        K::Mul => l * r,
        K::Div => l / r,
        K::Pow => l.powf(r),
        K::Mod => go_mod(l, r),
        K::Eqlc => btos(l == r),
        K::Neq => btos(l != r),
        K::Gtr => btos(l > r),
        K::Lss => btos(l < r),
        K::Gte => btos(l >= r),
        K::Lte => btos(l <= r),
        K::Atan2 => l.atan2(r),
        _ => f64::NAN,
    }
}

/// Result of an operation between two vector elements.
struct ElemResult {
    f: f64,
    h: Option<Arc<FloatHistogram>>,
    keep: bool,
}

fn op_str(op: K) -> String {
    op.to_string()
}

/// One binary operation between vector elements, floats or histograms (Prometheus's
/// `vectorElemBinop`). `Ok` carries the result and possibly an info; `Err` means there is no
/// result, only the annotation (an incompatible operation, or conflicting counter resets).
fn vector_elem_binop(
    op: K,
    lf: f64,
    rf: f64,
    lh: Option<&Arc<FloatHistogram>>,
    rh: Option<&Arc<FloatHistogram>>,
    span: Span,
) -> Result<(ElemResult, Option<ann::Annotation>), ann::Annotation> {
    let keep = |f: f64, keep: bool| Ok((ElemResult { f, h: None, keep }, None));
    let hist = |h: FloatHistogram| {
        Ok((
            ElemResult {
                f: 0.0,
                h: Some(Arc::new(h)),
                keep: true,
            },
            None,
        ))
    };
    let incompatible = |l: &str, r: &str| {
        Err(ann::incompatible_types_in_bin_op_info(
            l,
            &op_str(op),
            r,
            span,
        ))
    };
    match (lh, rh) {
        (None, None) => match op {
            K::Add => keep(lf + rf, true),
            K::Sub => keep(lf - rf, true),
            K::Mul => keep(lf * rf, true),
            K::Div => keep(lf / rf, true),
            K::Pow => keep(lf.powf(rf), true),
            K::Mod => keep(go_mod(lf, rf), true),
            K::Eqlc => keep(lf, lf == rf),
            K::Neq => keep(lf, lf != rf),
            K::Gtr => keep(lf, lf > rf),
            K::Lss => keep(lf, lf < rf),
            K::Gte => keep(lf, lf >= rf),
            K::Lte => keep(lf, lf <= rf),
            K::Atan2 => keep(lf.atan2(rf), true),
            _ => incompatible("float", "float"),
        },
        (None, Some(h)) => match op {
            K::Mul => {
                let mut out = (**h).clone();
                out.mul_scalar(lf);
                out.compact(0);
                hist(out)
            }
            _ => incompatible("float", "histogram"),
        },
        (Some(h), None) => match op {
            K::Mul | K::Div => {
                let mut out = (**h).clone();
                if op == K::Mul {
                    out.mul_scalar(rf);
                } else {
                    out.div_scalar(rf);
                }
                out.compact(0);
                hist(out)
            }
            K::TrimUpper | K::TrimLower => {
                let mut out = (**h).clone();
                out.trim_buckets(rf, op == K::TrimUpper);
                hist(out)
            }
            _ => incompatible("histogram", "float"),
        },
        (Some(a), Some(b)) => match op {
            K::Add | K::Sub => {
                let (res, hop) = if op == K::Add {
                    (a.add_detailed(b), ann::HistogramOperation::Add)
                } else {
                    (a.sub_detailed(b), ann::HistogramOperation::Sub)
                };
                let Ok(combined) = res else {
                    return Err(ann::incompatible_bucket_layout_in_bin_op_warning(
                        &op_str(op),
                        span,
                    ));
                };
                if combined.counter_reset_collision {
                    return Err(ann::histogram_counter_reset_collision_warning(span, hop));
                }
                let mut out = combined.histogram;
                if op == K::Sub {
                    out.counter_reset_hint = crate::model::histogram::CounterResetHint::Gauge;
                }
                out.compact(0);
                let info = combined
                    .nhcb_bounds_reconciled
                    .then(|| ann::mismatched_custom_buckets_histograms_info(span, hop));
                Ok((
                    ElemResult {
                        f: 0.0,
                        h: Some(Arc::new(out)),
                        keep: true,
                    },
                    info,
                ))
            }
            K::Eqlc | K::Neq => {
                let eq = a.equals(b);
                Ok((
                    ElemResult {
                        f: 0.0,
                        h: Some(Arc::clone(a)),
                        keep: if op == K::Eqlc { eq } else { !eq },
                    },
                    None,
                ))
            }
            _ => incompatible("histogram", "histogram"),
        },
    }
}

// ---- histogram statistics decoding ----
//
// Prometheus reads a selector whose histograms only feed histogram_count, histogram_sum or
// histogram_avg through its HistogramStatsIterator: the histograms come without buckets, and
// their counter reset hints are worked out while reading. That changes which annotations
// (conflicting counter resets, mismatched custom buckets) such queries produce, so the
// evaluator replays it for selectors the planner marked `stats_only`.

/// Replays how Prometheus's series iterators (memoized for instant selectors, buffered for
/// range windows) walk one series, to give every histogram they read the counter reset hint
/// HistogramStatsIterator computes: the stored hint unless it is "unknown"; otherwise a
/// reset detection against the histogram read just before, when there is one since the
/// iterator last jumped ahead.
struct StatsReplay<'a> {
    floats: &'a [FPoint],
    hists: &'a [HPoint],
    /// The iterator's current sample is the earlier of `floats[fi]` and `hists[hi]`.
    fi: usize,
    hi: usize,
    /// Time of the current sample; `None` before the first seek.
    last_time: Option<i64>,
    exhausted: bool,
    /// The last non-stale histogram read since the latest jump.
    last: Option<usize>,
    hints: Vec<Option<crate::model::histogram::CounterResetHint>>,
}

impl<'a> StatsReplay<'a> {
    fn new(floats: &'a [FPoint], hists: &'a [HPoint]) -> StatsReplay<'a> {
        StatsReplay {
            floats,
            hists,
            fi: 0,
            hi: 0,
            last_time: None,
            exhausted: floats.is_empty() && hists.is_empty(),
            last: None,
            hints: vec![None; hists.len()],
        }
    }

    fn pos_t(&self) -> Option<i64> {
        match (self.floats.get(self.fi), self.hists.get(self.hi)) {
            (Some(f), Some(h)) => Some(f.t.min(h.t)),
            (Some(f), None) => Some(f.t),
            (None, Some(h)) => Some(h.t),
            (None, None) => None,
        }
    }

    /// The index of the current sample when it is a histogram.
    fn current_hist(&self) -> Option<usize> {
        let h = self.hists.get(self.hi)?;
        match self.floats.get(self.fi) {
            Some(f) if f.t < h.t => None,
            _ => Some(self.hi),
        }
    }

    fn read(&mut self, k: usize) {
        use crate::model::histogram::CounterResetHint as H;
        if self.hints.get(k).is_none_or(|h| h.is_some()) {
            return;
        }
        let Some(p) = self.hists.get(k) else { return };
        let mut hint = p.h.counter_reset_hint;
        if !is_stale_nan(p.h.sum) {
            if hint == H::Unknown {
                if let Some(prev) = self.last.and_then(|l| self.hists.get(l)) {
                    hint = if functions::histogram_detect_reset(&p.h, &prev.h) {
                        H::CounterReset
                    } else {
                        H::NotCounterReset
                    };
                }
            }
            self.last = Some(k);
        }
        if let Some(slot) = self.hints.get_mut(k) {
            *slot = Some(hint);
        }
    }

    /// Reads the current sample (if a histogram) and moves to the next one.
    fn next(&mut self) {
        match self.current_hist() {
            Some(k) => {
                self.read(k);
                self.hi += 1;
            }
            None => self.fi += 1,
        }
        match self.pos_t() {
            Some(t) => self.last_time = Some(t),
            None => self.exhausted = true,
        }
    }

    /// `Seek(t)` of an iterator buffering `delta` before its current sample: jumps to
    /// `t - delta` unless that is not ahead, then reads forward to the first sample at or
    /// after `t`.
    fn seek(&mut self, t: i64, delta: i64) {
        let t0 = t.saturating_sub(delta);
        if !self.exhausted && self.last_time.is_none_or(|lt| t0 > lt) {
            self.last = None;
            self.fi = self.floats.partition_point(|p| p.t < t0);
            self.hi = self.hists.partition_point(|p| p.t < t0);
            match self.pos_t() {
                Some(pt) => self.last_time = Some(pt),
                None => {
                    self.exhausted = true;
                    return;
                }
            }
        }
        while !self.exhausted && self.last_time.is_some_and(|lt| lt < t) {
            self.next();
        }
    }

    /// Reads the current sample if it is a histogram (at exactly `at`, when given).
    fn read_current(&mut self, at: Option<i64>) {
        if let Some(k) = self.current_hist() {
            if at.is_none_or(|t| self.hists.get(k).is_some_and(|p| p.t == t)) {
                self.read(k);
            }
        }
    }

    /// The histograms as the statistics iterator returns them: count, sum, schema and the
    /// computed hint.
    fn finish(self) -> Vec<HPoint> {
        self.hists
            .iter()
            .zip(self.hints)
            .map(|(p, hint)| HPoint {
                t: p.t,
                h: Arc::new(FloatHistogram {
                    counter_reset_hint: hint.unwrap_or(p.h.counter_reset_hint),
                    schema: p.h.schema,
                    count: p.h.count,
                    sum: p.h.sum,
                    ..FloatHistogram::default()
                }),
            })
            .collect()
    }
}

/// The step timestamps from `start` to `end` (inclusive).
/// What a range selector covers at one evaluation time: `(mint, maxt]`, and the wider
/// `(wmint, wmaxt]` read from storage (anchored windows reach back by the lookback delta for
/// the value at their left edge; smoothed ones also forward, to interpolate at the right).
struct RangeWindow {
    mint: i64,
    maxt: i64,
    wmint: i64,
    wmaxt: i64,
}

impl RangeWindow {
    fn at(ts: i64, offset: i64, range: i64, lookback: i64, anchored: bool, smoothed: bool) -> Self {
        let maxt = ts.saturating_sub(offset);
        let mint = maxt.saturating_sub(range);
        let widen_back = anchored || smoothed;
        RangeWindow {
            mint,
            maxt,
            wmint: if widen_back {
                mint.saturating_sub(lookback)
            } else {
                mint
            },
            wmaxt: if smoothed {
                maxt.saturating_add(lookback)
            } else {
                maxt
            },
        }
    }
}

fn steps(start: i64, end: i64, interval: i64) -> impl Iterator<Item = i64> {
    let interval = interval.max(1);
    std::iter::successors((start <= end).then_some(start), move |&t| {
        t.checked_add(interval).filter(|&n| n <= end)
    })
}

impl<'q> Evaluator<'q> {
    /// The evaluation times of the query's steps.
    pub(super) fn step_times(&self) -> impl Iterator<Item = i64> {
        steps(self.start, self.end, self.interval)
    }

    pub(super) fn num_steps(&self) -> usize {
        (self.end.saturating_sub(self.start) / self.interval) as usize + 1
    }

    /// Stops evaluation when the query was cancelled or ran out of time.
    fn check_deadline(&self) -> Result<(), EvalError> {
        // Reading the clock costs more than the work between most calls: look every 32nd time.
        let n = self.deadline_checks.get().wrapping_add(1);
        self.deadline_checks.set(n);
        if n % 32 != 1 {
            return Ok(());
        }
        if self
            .cancel
            .as_ref()
            .is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed))
        {
            return Err(EvalError::new(
                "query was canceled in expression evaluation",
            ));
        }
        if let Some(d) = self.deadline {
            if Instant::now() > d {
                return Err(EvalError::new("query timed out in expression evaluation"));
            }
        }
        Ok(())
    }

    fn child(&self, start: i64, end: i64, interval: i64) -> Evaluator<'q> {
        Evaluator {
            queryable: self.queryable,
            start,
            end,
            interval,
            lookback: self.lookback,
            max_samples: self.max_samples,
            current_samples: self.current_samples,
            delayed_name_removal: self.delayed_name_removal,
            subquery_step_default: self.subquery_step_default,
            deadline: self.deadline,
            deadline_checks: std::cell::Cell::new(0),
            cancel: self.cancel.clone(),
        }
    }

    pub(crate) fn eval(&mut self, node: &Node) -> EvalResult {
        crate::promql::ast::with_stack(|| self.eval_inner(node))
    }

    fn eval_matrix(&mut self, node: &Node) -> Result<(Matrix, Annotations), EvalError> {
        match self.eval(node)? {
            (EvalValue::Matrix(m), a) => Ok((m, a)),
            (EvalValue::String(_), a) => Ok((Vec::new(), a)),
        }
    }

    fn eval_inner(&mut self, node: &Node) -> EvalResult {
        self.check_deadline()?;
        if self.end < self.start {
            return Ok((EvalValue::Matrix(Vec::new()), Annotations::default()));
        }
        match node {
            Node::Number(v) => {
                let v = *v;
                self.range_eval(&[], None, |_, _, _, _| {
                    Ok((vec![Sample::scalar(v)], Annotations::default()))
                })
            }
            Node::String(s, _) => Ok((EvalValue::String(s.clone()), Annotations::default())),
            Node::VectorSelector(sel) if sel.smoothed => self.eval_smoothed_selector(sel),
            Node::VectorSelector(sel) => {
                let m = self.eval_vector_selector(sel)?;
                Ok((EvalValue::Matrix(m), Annotations::default()))
            }
            Node::MatrixSelector(sel) => {
                if self.start != self.end {
                    return Err(EvalError::new(
                        "cannot do range evaluation of matrix selector",
                    ));
                }
                let m = self.eval_matrix_selector(sel)?;
                Ok((EvalValue::Matrix(m), Annotations::default()))
            }
            Node::Subquery(sq) => {
                let (m, a) = self.run_subquery(sq)?;
                Ok((EvalValue::Matrix(m), a))
            }
            Node::Neg(inner) => {
                let (mut m, a) = self.eval_matrix(inner)?;
                for s in m.iter_mut() {
                    if !self.delayed_name_removal {
                        s.metric = drop_metadata_labels(&s.metric);
                    }
                    s.drop_name = true;
                    for p in s.floats.iter_mut() {
                        p.f = -p.f;
                    }
                    for p in s.histograms.iter_mut() {
                        let mut h = (*p.h).clone();
                        h.mul_scalar(-1.0);
                        p.h = Arc::new(h);
                    }
                }
                if !self.delayed_name_removal {
                    m = merge_series_with_same_labelset(m)?;
                }
                Ok((EvalValue::Matrix(m), a))
            }
            Node::StepInvariant(inner) => self.eval_step_invariant(inner),
            Node::Binary(b) => self.eval_binary(b),
            Node::Aggregate(a) => self.eval_aggregate(a),
            Node::Call(c) => self.eval_call(c),
        }
    }

    fn eval_step_invariant(&mut self, inner: &Node) -> EvalResult {
        let mut child = self.child(self.start, self.start, self.interval);
        let (res, annos) = child.eval(inner)?;
        self.current_samples = child.current_samples;
        if matches!(inner, Node::MatrixSelector(_) | Node::Subquery(_)) {
            return Ok((res, annos));
        }
        let EvalValue::Matrix(mut m) = res else {
            return Ok((res, annos));
        };
        for s in m.iter_mut() {
            for ts in self.step_times().skip(1) {
                if let Some(p) = s.floats.first().copied() {
                    s.floats.push(FPoint { t: ts, f: p.f });
                    self.current_samples += 1;
                } else if let Some(p) = s.histograms.first().cloned() {
                    self.current_samples += hpoint_size(&p.h);
                    s.histograms.push(HPoint { t: ts, h: p.h });
                }
                if self.current_samples > self.max_samples {
                    return Err(too_many_samples());
                }
            }
        }
        Ok((EvalValue::Matrix(m), annos))
    }

    /// Evaluates `nodes` over all steps and calls `f` once per step with the instant vectors of
    /// every input (empty for strings), assembling the output series.
    fn range_eval<F>(
        &mut self,
        nodes: &[&Node],
        matching: Option<&VectorMatching>,
        mut f: F,
    ) -> EvalResult
    where
        F: FnMut(
            &[Vector],
            Option<&[Vec<usize>]>,
            i64,
            &mut Annotations,
        ) -> Result<(Vector, Annotations), EvalError>,
    {
        let num_steps = self.num_steps();
        let original_samples = self.current_samples;
        let mut annos = Annotations::default();
        let mut matrices: Vec<Matrix> = Vec::with_capacity(nodes.len());
        for n in nodes {
            if n.value_type() == ValueType::String {
                matrices.push(Vec::new());
                continue;
            }
            let (m, a) = self.eval_matrix(n)?;
            annos.merge(a);
            matrices.push(m);
        }

        // Signature ordinals per series, for vector matching.
        let sig_ordinals: Option<Vec<Vec<usize>>> = matching.map(|m| {
            let mut ordinals: FxHashMap<Vec<Label>, usize> = FxHashMap::default();
            matrices
                .iter()
                .map(|mat| {
                    mat.iter()
                        .map(|s| {
                            let sig = signature(&s.metric, m.on, &m.matching_labels);
                            let n = ordinals.len();
                            *ordinals.entry(sig).or_insert(n)
                        })
                        .collect()
                })
                .collect()
        });

        let mut cursors: Vec<Vec<(usize, usize)>> =
            matrices.iter().map(|m| vec![(0, 0); m.len()]).collect();
        let mut vectors: Vec<Vector> = vec![Vec::new(); matrices.len()];
        let mut step_sigs: Vec<Vec<usize>> = vec![Vec::new(); matrices.len()];
        let mut out: HashMap<Labels, (Series, i64)> = HashMap::new();
        let mut out_order: Vec<Labels> = Vec::new();
        let temp_samples = self.current_samples;
        let mut result_samples = 0usize;

        for ts in self.step_times() {
            self.check_deadline()?;
            self.current_samples = temp_samples + result_samples;
            for (i, mat) in matrices.iter().enumerate() {
                vectors[i].clear();
                step_sigs[i].clear();
                for (si, s) in mat.iter().enumerate() {
                    let (fi, hi) = &mut cursors[i][si];
                    if let Some(p) = s.floats.get(*fi) {
                        if p.t == ts {
                            *fi += 1;
                            vectors[i].push(Sample {
                                metric: s.metric.clone(),
                                t: ts,
                                f: p.f,
                                h: None,
                                drop_name: s.drop_name,
                            });
                            if let Some(sig) = &sig_ordinals {
                                step_sigs[i].push(sig[i][si]);
                            }
                            continue;
                        }
                    }
                    if let Some(p) = s.histograms.get(*hi) {
                        if p.t == ts {
                            *hi += 1;
                            vectors[i].push(Sample {
                                metric: s.metric.clone(),
                                t: ts,
                                f: 0.0,
                                h: Some(Arc::clone(&p.h)),
                                drop_name: s.drop_name,
                            });
                            if let Some(sig) = &sig_ordinals {
                                step_sigs[i].push(sig[i][si]);
                            }
                        }
                    }
                }
            }
            let (result, a) = f(
                &vectors,
                sig_ordinals.as_ref().map(|_| step_sigs.as_slice()),
                ts,
                &mut annos,
            )?;
            annos.merge(a);
            let n = vector_sample_count(&result);
            self.current_samples += n;
            result_samples += n;
            if self.current_samples > self.max_samples {
                return Err(too_many_samples());
            }

            if self.start == self.end {
                if !self.delayed_name_removal
                    && contains_same_labelset(result.iter().map(|s| &s.metric))
                {
                    return Err(same_labelset_error());
                }
                let mat = result
                    .into_iter()
                    .map(|s| sample_to_series(s, ts))
                    .collect::<Matrix>();
                self.current_samples = original_samples + matrix_sample_count(&mat);
                return Ok((EvalValue::Matrix(mat), annos));
            }

            for s in result {
                match out.get_mut(&s.metric) {
                    Some((series, last_ts)) => {
                        if *last_ts == ts {
                            return Err(same_labelset_error());
                        }
                        *last_ts = ts;
                        add_to_series(series, ts, s.f, s.h, num_steps);
                    }
                    None => {
                        let mut series = Series::new(s.metric.clone());
                        series.drop_name = s.drop_name;
                        add_to_series(&mut series, ts, s.f, s.h, num_steps);
                        out_order.push(s.metric.clone());
                        out.insert(s.metric, (series, ts));
                    }
                }
            }
        }
        let mat: Matrix = out_order
            .into_iter()
            .filter_map(|l| out.remove(&l).map(|(s, _)| s))
            .collect();
        self.current_samples = original_samples + matrix_sample_count(&mat);
        Ok((EvalValue::Matrix(mat), annos))
    }

    // ---- selectors ----

    /// The latest sample at or before `ref_time` within the lookback window, unless stale.
    pub(crate) fn lookup_sample(
        &self,
        s: &crate::storage::SeriesData,
        ref_time: i64,
    ) -> Option<(i64, f64, Option<Arc<FloatHistogram>>)> {
        self.lookup_from(&s.floats, &s.histograms, ref_time, &mut (0, 0))
    }

    /// [`Self::lookup_sample`] for increasing `ref_time`s: `cursor` holds the previous
    /// positions, so each step searches forward from there.
    fn lookup_from(
        &self,
        floats: &[FPoint],
        histograms: &[HPoint],
        ref_time: i64,
        cursor: &mut (usize, usize),
    ) -> Option<(i64, f64, Option<Arc<FloatHistogram>>)> {
        let lower = ref_time.wrapping_sub(self.lookback);
        let fi = advance_past(floats, cursor.0, ref_time, |p| p.t);
        let hi = advance_past(histograms, cursor.1, ref_time, |p| p.t);
        *cursor = (fi, hi);
        let fp = fi.checked_sub(1).and_then(|i| floats.get(i)).copied();
        let hp = hi.checked_sub(1).and_then(|i| histograms.get(i));
        let (t, f, h) = match (fp, hp) {
            (Some(f), Some(h)) if h.t > f.t => (h.t, 0.0, Some(Arc::clone(&h.h))),
            (Some(f), _) => (f.t, f.f, None),
            (None, Some(h)) => (h.t, 0.0, Some(Arc::clone(&h.h))),
            (None, None) => return None,
        };
        if t <= lower {
            return None;
        }
        let stale = match &h {
            Some(h) => is_stale_nan(h.sum),
            None => is_stale_nan(f),
        };
        if stale {
            return None;
        }
        Some((t, f, h))
    }

    fn eval_vector_selector(&mut self, sel: &Selector) -> Result<Matrix, EvalError> {
        let mut mat = Vec::new();
        match &sel.lazy {
            None => {
                mat.reserve(sel.series.len());
                for s in &sel.series {
                    mat.extend(self.select_steps(sel, &s.labels, &s.floats, &s.histograms)?);
                }
            }
            // Read one part at a time: only the selected samples are kept.
            Some(set) => crate::storage::for_each_loaded(&**set, |i, data| {
                let out = self.select_steps(sel, set.labels(i), &data.floats, &data.histograms);
                mat.extend(out?);
                Ok::<(), EvalError>(())
            })?,
        }
        Ok(mat)
    }

    /// One series of an instant selector: its sample at or before each step (within the
    /// lookback delta), or `None` when it has none at any step.
    fn select_steps(
        &mut self,
        sel: &Selector,
        labels: &Labels,
        floats: &[FPoint],
        histograms: &[HPoint],
    ) -> Result<Option<Series>, EvalError> {
        let num_steps = self.num_steps();
        let offset = sel.offset.get();
        self.check_deadline()?;
        // Statistics-only reads see the histograms with the hints a replay gives them.
        let replayed = (sel.stats_only && !histograms.is_empty()).then(|| {
            let mut r = StatsReplay::new(floats, histograms);
            for ts in self.step_times() {
                r.seek(ts - offset, self.lookback);
                r.read_current(None);
            }
            r.finish()
        });
        let histograms = replayed.as_deref().unwrap_or(histograms);
        let mut out = Series::new(labels.clone());
        let mut cursor = (0, 0);
        for ts in self.step_times() {
            let ref_time = ts.wrapping_sub(offset);
            if let Some((_, f, h)) = self.lookup_from(floats, histograms, ref_time, &mut cursor) {
                match h {
                    None => {
                        self.current_samples += 1;
                        if out.floats.is_empty() {
                            out.floats.reserve(num_steps.min(1024));
                        }
                        out.floats.push(FPoint { t: ts, f });
                    }
                    Some(h) => {
                        self.current_samples += hpoint_size(&h);
                        out.histograms.push(HPoint { t: ts, h });
                    }
                }
                if self.current_samples > self.max_samples {
                    return Err(too_many_samples());
                }
            }
        }
        Ok((!out.floats.is_empty() || !out.histograms.is_empty()).then_some(out))
    }

    /// A smoothed instant selector: the value at each step interpolated between the samples
    /// around it (within the lookback delta on either side).
    fn eval_smoothed_selector(&mut self, sel: &Selector) -> EvalResult {
        let offset = sel.offset.get();
        let mut annos = Annotations::default();
        let mut mat = Vec::new();
        let stats = sel.stats_only;
        for s in in_memory(sel)?.iter() {
            self.check_deadline()?;
            let mut out = Series::new(s.labels.clone());
            let metric_name = s.labels.get(METRIC_NAME).unwrap_or("").to_string();
            // Prometheus reads the series through one buffer spanning the whole query.
            let replayed = (stats && !s.histograms.is_empty()).then(|| {
                let mut r = StatsReplay::new(&s.floats, &s.histograms);
                let delta = (self.end - self.start) + 2 * self.lookback;
                for ts in self.step_times() {
                    let maxt = ts - offset + self.lookback;
                    r.seek(maxt, delta);
                    r.read_current(Some(maxt));
                }
                r.finish()
            });
            let all_hists = replayed.as_deref().unwrap_or(&s.histograms);
            for ts in self.step_times() {
                let data_ts = ts - offset;
                let before = self.current_samples;
                let (floats, hists) = self.window(
                    &s.floats,
                    all_hists,
                    data_ts - self.lookback,
                    data_ts + self.lookback,
                )?;
                self.current_samples = before;
                if floats.is_empty() && hists.is_empty() {
                    continue;
                }
                if !floats.is_empty() && !hists.is_empty() {
                    annos.add(ann::mixed_floats_histograms_warning(&metric_name, sel.span));
                    continue;
                }
                if !hists.is_empty() {
                    if let Some(h) =
                        smoothed_histogram(&hists, data_ts, &metric_name, sel.span, &mut annos)
                    {
                        out.histograms.push(HPoint {
                            t: ts,
                            h: Arc::new(h),
                        });
                    }
                    continue;
                }
                let i = floats.partition_point(|p| p.t < data_ts);
                let value = if i < floats.len() && floats[i].t == data_ts {
                    Some(floats[i].f)
                } else if i > 0 && i < floats.len() {
                    Some(interpolate(floats[i - 1], floats[i], data_ts))
                } else if i > 0 {
                    Some(floats[i - 1].f)
                } else {
                    None
                };
                if let Some(f) = value {
                    out.floats.push(FPoint { t: ts, f });
                }
            }
            if !out.floats.is_empty() || !out.histograms.is_empty() {
                self.current_samples += out.sample_count();
                if self.current_samples > self.max_samples {
                    return Err(too_many_samples());
                }
                mat.push(out);
            }
        }
        Ok((EvalValue::Matrix(mat), annos))
    }

    /// Points of `s` in the left-open window `(mint, maxt]`, skipping stale markers.
    fn window(
        &mut self,
        floats: &[FPoint],
        histograms: &[HPoint],
        mint: i64,
        maxt: i64,
    ) -> Result<(Vec<FPoint>, Vec<HPoint>), EvalError> {
        let f_lo = floats.partition_point(|p| p.t <= mint);
        let f_hi = floats.partition_point(|p| p.t <= maxt);
        let h_lo = histograms.partition_point(|p| p.t <= mint);
        let h_hi = histograms.partition_point(|p| p.t <= maxt);
        let fs: Vec<FPoint> = floats[f_lo..f_hi.max(f_lo)]
            .iter()
            .filter(|p| !is_stale_nan(p.f))
            .copied()
            .collect();
        let hs: Vec<HPoint> = histograms[h_lo..h_hi.max(h_lo)]
            .iter()
            .filter(|p| !is_stale_nan(p.h.sum))
            .cloned()
            .collect();
        self.current_samples += fs.len() + hs.iter().map(|p| hpoint_size(&p.h)).sum::<usize>();
        if self.current_samples > self.max_samples {
            return Err(too_many_samples());
        }
        Ok((fs, hs))
    }

    /// Fills `buf` with the start timestamps of `points[lo..hi]`, skipping stale markers;
    /// leaves it empty when the series has none. The buffer is reused from step to step.
    fn fill_window_sts<P>(
        buf: &mut Vec<i64>,
        points: &[P],
        sts: &[i64],
        (lo, hi): (usize, usize),
        stale: impl Fn(&P) -> bool,
    ) {
        buf.clear();
        if sts.is_empty() {
            return;
        }
        buf.extend(
            points
                .get(lo..hi)
                .unwrap_or(&[])
                .iter()
                .zip(sts.get(lo..).unwrap_or(&[]))
                .filter(|(p, _)| !stale(p))
                .map(|(_, &st)| st),
        );
    }

    fn eval_matrix_selector(&mut self, sel: &Selector) -> Result<Matrix, EvalError> {
        let RangeWindow {
            mint,
            maxt,
            wmint,
            wmaxt,
        } = RangeWindow::at(
            self.start,
            sel.offset.get(),
            sel.range,
            self.lookback,
            sel.anchored,
            sel.smoothed,
        );
        let series = in_memory(sel)?;
        let mut out = Vec::with_capacity(series.len());
        let stats = sel.stats_only;
        for s in series.iter() {
            self.check_deadline()?;
            let replayed = (stats && !s.histograms.is_empty()).then(|| {
                let mut r = StatsReplay::new(&s.floats, &s.histograms);
                r.seek(wmaxt, wmaxt.saturating_sub(wmint));
                r.read_current(Some(wmaxt));
                r.finish()
            });
            let hists = replayed.as_deref().unwrap_or(&s.histograms);
            let (mut floats, histograms) = self.window(&s.floats, hists, wmint, wmaxt)?;
            if sel.anchored || sel.smoothed {
                if !histograms.is_empty() {
                    let which = if sel.anchored { "anchored" } else { "smoothed" };
                    return Err(EvalError::new(format!(
                        "{which} modifier is not supported with histograms"
                    )));
                }
                floats = extend_floats(&floats, mint, maxt, sel.smoothed);
            }
            if !floats.is_empty() || !histograms.is_empty() {
                out.push(Series {
                    metric: s.labels.clone(),
                    floats,
                    histograms,
                    drop_name: false,
                });
            }
        }
        Ok(out)
    }

    // ---- subqueries ----

    fn subquery_time_range(&self, sq: &Subquery) -> (i64, i64, i64) {
        let offset = sq.offset.get();
        let parent_end = if self.interval > 0 {
            self.start + ((self.end - self.start) / self.interval) * self.interval
        } else {
            self.end
        };
        let end = parent_end - offset;
        let interval = if sq.step != 0 {
            sq.step
        } else {
            self.subquery_step_default
        };
        let lower = self.start - offset - sq.range;
        // The first step-aligned time after `lower` (Go's truncating division, as in Prometheus).
        let mut start = interval * (lower / interval);
        if start <= lower {
            start += interval;
        }
        (start, end, interval)
    }

    fn run_subquery(&mut self, sq: &Subquery) -> Result<(Matrix, Annotations), EvalError> {
        let (start, end, interval) = self.subquery_time_range(sq);
        let mut child = self.child(start, end, interval);
        if start != self.start {
            set_offset_for_at(start, &sq.expr, super::plan::SubqueryPath::default());
        }
        let (m, a) = child.eval_matrix(&sq.expr)?;
        self.current_samples = child.current_samples;
        Ok((m, a))
    }

    // ---- binary operators ----

    fn eval_binary(&mut self, b: &BinNode) -> EvalResult {
        let (lt, rt) = (b.lhs.value_type(), b.rhs.value_type());
        let op = b.op;
        let span = b.span;
        let return_bool = b.return_bool;
        let delayed = self.delayed_name_removal;
        match (lt, rt) {
            (ValueType::Scalar, ValueType::Scalar) => {
                self.range_eval(&[&b.lhs, &b.rhs], None, |v, _, _, _| {
                    let l = v[0].first().map_or(f64::NAN, |s| s.f);
                    let r = v[1].first().map_or(f64::NAN, |s| s.f);
                    Ok((
                        vec![Sample::scalar(scalar_binop(op, l, r))],
                        Annotations::default(),
                    ))
                })
            }
            (ValueType::Vector, ValueType::Vector) => {
                let matching = b
                    .matching
                    .clone()
                    .unwrap_or_else(VectorMatching::one_to_one);
                let mut enh = BinopHelper::default();
                self.range_eval(&[&b.lhs, &b.rhs], Some(&matching), |v, sigs, _, _| {
                    let sigs = sigs.unwrap_or(&[]);
                    let (ls, rs) = (
                        sigs.first().map_or(&[][..], |s| s.as_slice()),
                        sigs.get(1).map_or(&[][..], |s| s.as_slice()),
                    );
                    let mut annos = Annotations::default();
                    let out = match op {
                        K::Land => vector_and(&v[0], &v[1], ls, rs),
                        K::Lor => vector_or(&v[0], &v[1], ls, rs),
                        K::Lunless => vector_unless(&v[0], &v[1], ls, rs),
                        _ => vector_binop(
                            op,
                            &v[0],
                            &v[1],
                            &matching,
                            return_bool,
                            ls,
                            rs,
                            span,
                            delayed,
                            &mut enh,
                            &mut annos,
                        )?,
                    };
                    Ok((out, annos))
                })
            }
            (ValueType::Vector, ValueType::Scalar) | (ValueType::Scalar, ValueType::Vector) => {
                let swap = lt == ValueType::Scalar;
                self.range_eval(&[&b.lhs, &b.rhs], None, |v, _, _, _| {
                    let (vec, scalar) = if swap { (&v[1], &v[0]) } else { (&v[0], &v[1]) };
                    let scalar = scalar.first().map_or(f64::NAN, |s| s.f);
                    let mut annos = Annotations::default();
                    let out = vector_scalar_binop(
                        op,
                        vec,
                        scalar,
                        swap,
                        return_bool,
                        span,
                        delayed,
                        &mut annos,
                    );
                    Ok((out, annos))
                })
            }
            _ => Err(EvalError::new(format!(
                "operator {} not allowed between {} and {}",
                op,
                lt.documented(),
                rt.documented()
            ))),
        }
    }

    // ---- aggregations ----

    fn eval_aggregate(&mut self, a: &AggNode) -> EvalResult {
        if a.op == K::CountValues {
            let (label, valid) = match &a.param {
                Some(Node::String(s, valid)) => (s.clone(), *valid),
                _ => (String::new(), true),
            };
            if label.is_empty() || !valid {
                return Err(EvalError::new(format!(
                    "invalid label name {}",
                    string_literal_text(a.param_raw.as_deref(), &label)
                )));
            }
            let mut grouping = a.grouping.clone();
            if !a.without {
                grouping.push(label.clone());
                grouping.sort();
            }
            let without = a.without;
            return self.range_eval(&[&a.expr], None, |v, _, _, _| {
                Ok((
                    count_values(&v[0], &grouping, without, &label),
                    Annotations::default(),
                ))
            });
        }
        let mut annos = Annotations::default();
        // The parameter (k, q, ratio): its first series, consumed step by step.
        let param_series = match &a.param {
            Some(p) if p.value_type() == ValueType::Scalar => {
                let (m, pa) = self.eval_matrix(p)?;
                annos.merge(pa);
                m.into_iter().next()
            }
            _ => None,
        };
        let (input, ia) = self.eval_matrix(&a.expr)?;
        annos.merge(ia);
        let original = self.current_samples;
        let (result, ra) = super::aggregate::range_eval_agg(self, a, input, param_series.as_ref())?;
        annos.merge(ra);
        self.current_samples = original + matrix_sample_count(&result);
        Ok((EvalValue::Matrix(result), annos))
    }

    // ---- function calls ----

    fn eval_call(&mut self, c: &CallNode) -> EvalResult {
        let name = c.func.name;
        match name {
            "label_replace" | "label_join" => return self.eval_label_fn(c),
            "info" => return self.eval_info(c),
            "timestamp" | "start_timestamp" => {
                if let Some(Node::VectorSelector(sel)) = c.args.first() {
                    return self.eval_timestamp_over_selector(c, sel);
                }
            }
            _ => {}
        }
        let infos: Vec<ArgInfo> = c
            .meta
            .iter()
            .zip(&c.args)
            .map(|(m, a)| {
                let mut info = ArgInfo {
                    span: m.span,
                    string: m.string.clone(),
                    ..ArgInfo::default()
                };
                if let Node::MatrixSelector(sel) = a {
                    info.range_ms = sel.range;
                    info.offset_ms = sel.offset.get();
                    info.anchored = sel.anchored;
                    info.smoothed = sel.smoothed;
                }
                if let Node::Subquery(sq) = a {
                    info.range_ms = sq.range;
                    info.offset_ms = sq.offset.get();
                }
                info
            })
            .collect();
        let matrix_index = c
            .args
            .iter()
            .position(|a| matches!(a, Node::MatrixSelector(_) | Node::Subquery(_)));
        let mut annos = Annotations::default();
        if matches!(
            name,
            "sort" | "sort_desc" | "sort_by_label" | "sort_by_label_desc"
        ) && self.start != self.end
        {
            annos.add(ann::sort_in_range_query_warning(c.span));
        }
        let Some(mi) = matrix_index else {
            let nodes: Vec<&Node> = c.args.iter().collect();
            let delayed = self.delayed_name_removal;
            let call_span = c.span;
            let mut enh = EvalNodeHelper::new(delayed);
            let absent_matchers = match (name, c.args.first()) {
                ("absent", Some(Node::VectorSelector(sel))) => Some(sel.matchers.clone()),
                _ => None,
            };
            let (v, a) = self.range_eval(&nodes, None, |v, _, ts, _| {
                enh.ts = ts;
                if name == "absent" {
                    // Labels come from the selector's equality matchers.
                    if !v[0].is_empty() {
                        return Ok((Vec::new(), Annotations::default()));
                    }
                    let labels = absent_matchers
                        .as_deref()
                        .map(functions::absent_labels)
                        .unwrap_or_else(Labels::empty);
                    return Ok((vec![Sample::float(labels, ts, 1.0)], Annotations::default()));
                }
                let args = FnArgs {
                    vectors: v,
                    matrix: None,
                    args: &infos,
                    call_span,
                };
                functions::call(name, &args, &mut enh)
            })?;
            annos.merge(a);
            return Ok((v, annos));
        };
        self.eval_range_function(c, mi, &infos, annos)
    }

    /// Functions over a range vector: for every input series and step, the points in the window.
    fn eval_range_function(
        &mut self,
        c: &CallNode,
        mi: usize,
        infos: &[ArgInfo],
        mut annos: Annotations,
    ) -> EvalResult {
        let name = c.func.name;
        // Scalar arguments, evaluated over all steps.
        let mut scalar_args: Vec<Vec<f64>> = Vec::new();
        for (i, a) in c.args.iter().enumerate() {
            if i == mi || a.value_type() == ValueType::String {
                continue;
            }
            let (m, aa) = self.eval_matrix(a)?;
            annos.merge(aa);
            let mut vals = vec![f64::NAN; self.num_steps()];
            if let Some(s) = m.first() {
                for p in &s.floats {
                    let idx = ((p.t - self.start) / self.interval) as usize;
                    if let Some(v) = vals.get_mut(idx) {
                        *v = p.f;
                    }
                }
            }
            scalar_args.push(vals);
        }

        // The input series: a selector's storage series, or a subquery's result.
        struct Input<'a> {
            metric: Labels,
            /// `metric` without metadata labels, when storage has it at hand.
            without_metadata: Option<Labels>,
            // Borrowed from storage for selectors; owned for subquery results.
            floats: Cow<'a, [FPoint]>,
            histograms: Cow<'a, [HPoint]>,
            drop_name: bool,
            // Start timestamps parallel to the points (empty when none or not needed).
            float_sts: Cow<'a, [i64]>,
            histogram_sts: Cow<'a, [i64]>,
        }
        // Only these functions look at start timestamps (as in Prometheus).
        let use_sts = matches!(name, "rate" | "irate" | "increase" | "resets");
        // The series ready in memory, or read from storage one part at a time.
        enum Source<'a> {
            Ready(Vec<Input<'a>>),
            Lazy(Arc<dyn SeriesSet>),
        }
        let (source, range, offset, at, anchored, smoothed): (
            Source,
            i64,
            i64,
            Option<i64>,
            bool,
            bool,
        ) = match &c.args[mi] {
            Node::MatrixSelector(sel) => (
                match &sel.lazy {
                    Some(set) => Source::Lazy(set.clone()),
                    None => Source::Ready(
                        sel.series
                            .iter()
                            .map(|s| Input {
                                metric: s.labels.clone(),
                                without_metadata: Some(s.labels_without_metadata().clone()),
                                floats: Cow::Borrowed(&s.floats[..]),
                                histograms: Cow::Borrowed(&s.histograms[..]),
                                drop_name: false,
                                float_sts: Cow::Borrowed(if use_sts {
                                    &s.float_sts[..]
                                } else {
                                    &[]
                                }),
                                histogram_sts: Cow::Borrowed(if use_sts {
                                    &s.histogram_sts[..]
                                } else {
                                    &[]
                                }),
                            })
                            .collect(),
                    ),
                },
                sel.range,
                sel.offset.get(),
                sel.at,
                sel.anchored,
                sel.smoothed,
            ),
            Node::Subquery(sq) => {
                let (m, aa) = self.run_subquery(sq)?;
                annos.merge(aa);
                let offset = match sq.at {
                    Some(ts) => sq.original_offset + (self.start - ts),
                    None => sq.offset.get(),
                };
                (
                    Source::Ready(
                        m.into_iter()
                            .map(|s| Input {
                                metric: s.metric,
                                without_metadata: None,
                                floats: Cow::Owned(s.floats),
                                histograms: s
                                    .histograms
                                    .into_iter()
                                    .map(|mut p| {
                                        use crate::model::histogram::CounterResetHint as H;
                                        if matches!(
                                            p.h.counter_reset_hint,
                                            H::NotCounterReset | H::CounterReset
                                        ) {
                                            let mut h = (*p.h).clone();
                                            h.counter_reset_hint = H::Unknown;
                                            p.h = Arc::new(h);
                                        }
                                        p
                                    })
                                    .collect::<Vec<_>>()
                                    .into(),
                                drop_name: s.drop_name,
                                // A subquery's results have no start timestamps.
                                float_sts: Cow::Borrowed(&[]),
                                histogram_sts: Cow::Borrowed(&[]),
                            })
                            .collect(),
                    ),
                    sq.range,
                    offset,
                    sq.at,
                    false,
                    false,
                )
            }
            _ => unreachable_matrix_arg()?,
        };
        let stats_only = matches!(&c.args[mi], Node::MatrixSelector(sel) if sel.stats_only);
        let (lookback, start, end, interval) = (self.lookback, self.start, self.end, self.interval);
        let first = RangeWindow::at(start, offset, range, lookback, anchored, smoothed);
        let last_ts = if at.is_some() { start } else { end };
        let last = RangeWindow::at(last_ts, offset, range, lookback, anchored, smoothed);
        let prepare = |input: &mut Input| {
            if stats_only && !input.histograms.is_empty() {
                let mut r = StatsReplay::new(&input.floats, &input.histograms);
                for ts in steps(start, end, interval) {
                    if ts != start && at.is_some() {
                        break;
                    }
                    let w = RangeWindow::at(ts, offset, range, lookback, anchored, smoothed);
                    r.seek(w.wmaxt, w.wmaxt.saturating_sub(w.wmint));
                    r.read_current(Some(w.wmaxt));
                }
                input.histograms = Cow::Owned(r.finish());
            }
            // Storage lends whole series; keep only the points some window covers, so the
            // scans below (staleness, counter drops) read no more than the windows will.
            let f = span_between(&input.floats, first.wmint, last.wmaxt, |p| p.t);
            let h = span_between(&input.histograms, first.wmint, last.wmaxt, |p| p.t);
            let f_sts = input.float_sts.len() == input.floats.len();
            let h_sts = input.histogram_sts.len() == input.histograms.len();
            narrow(&mut input.floats, f);
            narrow(&mut input.histograms, h);
            if f_sts {
                narrow(&mut input.float_sts, f);
            }
            if h_sts {
                narrow(&mut input.histogram_sts, h);
            }
        };
        if anchored && !matches!(name, "changes" | "delta" | "increase" | "rate" | "resets") {
            return Err(EvalError::new(format!(
                "anchored modifier can only be used with: changes, delta, increase, rate, resets - not with {name}"
            )));
        }
        if smoothed && !matches!(name, "delta" | "increase" | "rate") {
            return Err(EvalError::new(format!(
                "smoothed modifier can only be used with: delta, increase, rate - not with {name}"
            )));
        }

        let drop_name = name != "last_over_time" && name != "first_over_time";
        let num_steps = self.num_steps();
        let Some(func) = functions::resolve(name) else {
            return Err(EvalError::new(format!("unknown range function {name}")));
        };
        // Plain float windows skip the general call (see `functions::resolve_float`).
        let float_fn = (!anchored && !smoothed)
            .then(|| functions::resolve_float(name))
            .flatten();
        let range_info = &infos[mi];
        let mut step_scalars = vec![0.0; scalar_args.len()];
        let mut enh = EvalNodeHelper::new(self.delayed_name_removal);
        let mut mat: Matrix = Vec::with_capacity(match &source {
            Source::Ready(inputs) => inputs.len(),
            Source::Lazy(set) => set.len(),
        });
        let mut vectors: Vec<Vector> = vec![Vec::new(); scalar_args.len()];
        let mut each = |mut input: Input| -> Result<(), EvalError> {
            prepare(&mut input);
            self.check_deadline()?;
            let series_drop = drop_name || input.drop_name;
            let metric = if !self.delayed_name_removal && series_drop {
                input
                    .without_metadata
                    .clone()
                    .unwrap_or_else(|| drop_metadata_labels(&input.metric))
            } else {
                input.metric.clone()
            };
            let mut out = Series {
                metric,
                floats: Vec::new(),
                histograms: Vec::new(),
                drop_name: series_drop,
            };
            // Stale markers are not part of windows; without any, a window is a plain slice
            // of the input, lent to the function without copying.
            let stale_floats = input.floats.iter().any(|p| is_stale_nan(p.f));
            let stale_hists = input.histograms.iter().any(|p| is_stale_nan(p.h.sum));
            // Where the series' values drop (counter resets), so rate() and increase() need
            // not scan every window; only for plain slices of the input.
            let drops: Option<Vec<usize>> = (matches!(name, "rate" | "increase") && !stale_floats)
                .then(|| {
                    (1..input.floats.len())
                        .filter(|&i| input.floats[i].f < input.floats[i - 1].f)
                        .collect()
                });
            let mut drop_range = (0usize, 0usize);
            let (mut fbuf, mut hbuf): (Vec<FPoint>, Vec<HPoint>) = (Vec::new(), Vec::new());
            let mut window: Option<(usize, usize, usize, usize)> = None;
            let float_fn =
                float_fn.filter(|_| input.histograms.is_empty() && input.float_sts.is_empty());
            let before = self.current_samples;
            for (step, ts) in self.step_times().enumerate() {
                if float_fn.is_some() {
                    for (v, vals) in step_scalars.iter_mut().zip(&scalar_args) {
                        *v = vals[step];
                    }
                } else {
                    for (i, vals) in scalar_args.iter().enumerate() {
                        vectors[i].clear();
                        vectors[i].push(Sample::scalar(vals[step]));
                    }
                }
                let refetch = ts == self.start || at.is_none();
                if refetch {
                    // The function itself picks or interpolates the boundary values of
                    // anchored and smoothed windows.
                    let RangeWindow { wmint, wmaxt, .. } =
                        RangeWindow::at(ts, offset, range, self.lookback, anchored, smoothed);
                    // Windows only move forward from step to step, so the bounds are found by
                    // stepping on from the previous ones.
                    let (pf_lo, pf_hi, ph_lo, ph_hi) = window.unwrap_or((0, 0, 0, 0));
                    let f_lo = advance_past(&input.floats, pf_lo, wmint, |p| p.t);
                    let f_hi = advance_past(&input.floats, pf_hi.max(f_lo), wmaxt, |p| p.t);
                    let h_lo = advance_past(&input.histograms, ph_lo, wmint, |p| p.t);
                    let h_hi = advance_past(&input.histograms, ph_hi.max(h_lo), wmaxt, |p| p.t);
                    if stale_floats {
                        fbuf.clear();
                        fbuf.extend(
                            input.floats[f_lo..f_hi]
                                .iter()
                                .filter(|p| !is_stale_nan(p.f)),
                        );
                    }
                    if stale_hists {
                        hbuf.clear();
                        hbuf.extend(
                            input.histograms[h_lo..h_hi]
                                .iter()
                                .filter(|p| !is_stale_nan(p.h.sum))
                                .cloned(),
                        );
                    }
                    if let Some(d) = &drops {
                        // Drops strictly inside the window: the lower point after f_lo.
                        let lo = advance_past(d, drop_range.0, f_lo as i64, |&p| p as i64);
                        let hi =
                            advance_past(d, drop_range.1.max(lo), f_hi as i64 - 1, |&p| p as i64);
                        drop_range = (lo, hi);
                    }
                    window = Some((f_lo, f_hi, h_lo, h_hi));
                    let nf = if stale_floats {
                        fbuf.len()
                    } else {
                        f_hi - f_lo
                    };
                    let nh: usize = if stale_hists {
                        hbuf.iter().map(|p| hpoint_size(&p.h)).sum()
                    } else {
                        input.histograms[h_lo..h_hi]
                            .iter()
                            .map(|p| hpoint_size(&p.h))
                            .sum()
                    };
                    self.current_samples = before + nf + nh;
                    if self.current_samples > self.max_samples {
                        return Err(too_many_samples());
                    }
                    if use_sts {
                        Self::fill_window_sts(
                            &mut enh.float_sts,
                            &input.floats,
                            &input.float_sts,
                            (f_lo, f_hi),
                            |p| is_stale_nan(p.f),
                        );
                        Self::fill_window_sts(
                            &mut enh.histogram_sts,
                            &input.histograms,
                            &input.histogram_sts,
                            (h_lo, h_hi),
                            |p| is_stale_nan(p.h.sum),
                        );
                    }
                }
                let Some((f_lo, f_hi, h_lo, h_hi)) = window else {
                    break;
                };
                let floats: &[FPoint] = if stale_floats {
                    &fbuf
                } else {
                    &input.floats[f_lo..f_hi]
                };
                let histograms: &[HPoint] = if stale_hists {
                    &hbuf
                } else {
                    &input.histograms[h_lo..h_hi]
                };
                if let (Some(f), false) = (float_fn, floats.is_empty()) {
                    let w = FloatWindow {
                        points: floats,
                        ts,
                        range_ms: range_info.range_ms,
                        offset_ms: range_info.offset_ms,
                        drops: drops
                            .as_deref()
                            .map(|d| (&d[drop_range.0..drop_range.1], f_lo)),
                        scalars: &step_scalars,
                    };
                    if let Some(v) = f(&w) {
                        if out.floats.is_empty() {
                            out.floats.reserve(num_steps.min(1024));
                        }
                        out.floats.push(FPoint { t: ts, f: v });
                    }
                } else if !floats.is_empty() || !histograms.is_empty() {
                    enh.ts = ts;
                    let args = FnArgs {
                        vectors: &vectors,
                        matrix: Some(SeriesView {
                            metric: &input.metric,
                            floats,
                            histograms,
                            drop_name: input.drop_name,
                            float_drops: drops
                                .as_deref()
                                .map(|d| (&d[drop_range.0..drop_range.1], f_lo)),
                        }),
                        args: infos,
                        call_span: c.span,
                    };
                    let (mut v, a) = func(&args, &mut enh)?;
                    if !a.is_empty() {
                        annos.merge(a);
                    }
                    // The result buffer goes back to the functions for the next step.
                    let first = v.drain(..).next();
                    enh.out = v;
                    if let Some(s) = first {
                        match s.h {
                            None => {
                                if out.floats.is_empty() {
                                    out.floats.reserve(num_steps.min(1024));
                                }
                                out.floats.push(FPoint { t: ts, f: s.f });
                            }
                            Some(h) => out.histograms.push(HPoint { t: ts, h }),
                        }
                    }
                }
            }
            self.current_samples = before;
            let n = out.sample_count();
            if n > 0 {
                if self.current_samples + n > self.max_samples {
                    return Err(too_many_samples());
                }
                self.current_samples += n;
                if matches!(name, "rate" | "increase") {
                    if let Some(metric_name) = input.metric.get(METRIC_NAME) {
                        if !out.floats.is_empty()
                            && !["_total", "_sum", "_count", "_bucket"]
                                .iter()
                                .any(|suffix| metric_name.ends_with(suffix))
                        {
                            let span = c.meta.get(mi).map_or(c.span, |m| m.span);
                            annos.add(ann::possible_non_counter_info(metric_name, span));
                        }
                    }
                }
                mat.push(out);
            }
            Ok(())
        };
        match source {
            Source::Ready(inputs) => inputs.into_iter().try_for_each(&mut each)?,
            Source::Lazy(set) => crate::storage::for_each_loaded(&*set, |i, data| {
                each(Input {
                    metric: set.labels(i).clone(),
                    without_metadata: None,
                    floats: Cow::Borrowed(&data.floats),
                    histograms: Cow::Borrowed(&data.histograms),
                    drop_name: false,
                    float_sts: Cow::Borrowed(if use_sts { &data.float_sts } else { &[] }),
                    histogram_sts: Cow::Borrowed(if use_sts { &data.histogram_sts } else { &[] }),
                })
            })?,
        }

        if name == "absent_over_time" {
            let steps = num_steps;
            let mut found = std::collections::HashSet::new();
            for s in &mat {
                if s.floats.len() + s.histograms.len() == steps {
                    return Ok((EvalValue::Matrix(Vec::new()), annos));
                }
                found.extend(s.floats.iter().map(|p| p.t));
                found.extend(s.histograms.iter().map(|p| p.t));
            }
            if found.len() == steps {
                return Ok((EvalValue::Matrix(Vec::new()), annos));
            }
            let mut floats = Vec::new();
            for ts in self.step_times() {
                if !found.contains(&ts) {
                    floats.push(FPoint { t: ts, f: 1.0 });
                }
            }
            let labels = match &c.args[mi] {
                Node::MatrixSelector(sel) => functions::absent_labels(&sel.matchers),
                _ => Labels::empty(),
            };
            return Ok((
                EvalValue::Matrix(vec![Series {
                    metric: labels,
                    floats,
                    histograms: Vec::new(),
                    drop_name,
                }]),
                annos,
            ));
        }

        if !self.delayed_name_removal && contains_same_labelset(mat.iter().map(|s| &s.metric)) {
            return Err(same_labelset_error());
        }
        Ok((EvalValue::Matrix(mat), annos))
    }

    /// `timestamp(v)` over a plain selector returns the timestamps of the samples themselves,
    /// not the evaluation times.
    fn eval_timestamp_over_selector(&mut self, c: &CallNode, sel: &Selector) -> EvalResult {
        let name = c.func.name;
        let infos: Vec<ArgInfo> = c
            .meta
            .iter()
            .map(|m| ArgInfo {
                span: m.span,
                string: m.string.clone(),
                ..ArgInfo::default()
            })
            .collect();
        // The selected samples for every step, keeping each sample's own timestamp (and, for
        // start_timestamp, each sample's start timestamp).
        let want_sts = name == "start_timestamp";
        let mut per_step: Vec<Vector> = Vec::with_capacity(self.num_steps());
        let mut per_step_sts: Vec<Vec<i64>> = Vec::new();
        let series = in_memory(sel)?;
        for ts in self.step_times() {
            // With `@`, every step looks at the same instant.
            let offset = match sel.at {
                Some(at) => ts - at,
                None => sel.offset.get(),
            };
            let mut sts = Vec::new();
            let vec = series
                .iter()
                .filter_map(|s| {
                    self.lookup_sample(s, ts - offset).map(|(t, _, _)| {
                        if want_sts {
                            sts.push(s.start_timestamp_at(t));
                        }
                        Sample {
                            metric: s.labels.clone(),
                            t,
                            f: 0.0,
                            h: None,
                            drop_name: false,
                        }
                    })
                })
                .collect();
            per_step.push(vec);
            if want_sts {
                per_step_sts.push(sts);
            }
        }
        let mut enh = EvalNodeHelper::new(self.delayed_name_removal);
        let call_span = c.span;
        let mut steps = per_step.into_iter();
        let mut steps_sts = per_step_sts.into_iter();
        self.range_eval(&[], None, |_, _, ts, _| {
            enh.ts = ts;
            enh.float_sts = steps_sts.next().unwrap_or_default();
            let vectors = [steps.next().unwrap_or_default()];
            let args = FnArgs {
                vectors: &vectors,
                matrix: None,
                args: &infos,
                call_span,
            };
            functions::call(name, &args, &mut enh)
        })
    }

    fn eval_label_fn(&mut self, c: &CallNode) -> EvalResult {
        let strings: Vec<String> = c
            .meta
            .iter()
            .skip(1)
            .map(|m| m.string.clone().unwrap_or_default())
            .collect();
        let name = c.func.name;
        let Some(first) = c.args.first() else {
            return Err(EvalError::new(format!("missing argument to {name}")));
        };
        if c.meta.get(1).is_some_and(|m| m.invalid_utf8) {
            return Err(EvalError::new(format!(
                "invalid destination label name in {name}(): {}",
                strings.first().map(String::as_str).unwrap_or("")
            )));
        }
        let (mut m, annos) = self.eval_matrix(first)?;
        // Prometheus applies the relabelling per series; the result must stay unique.
        let mut out = Vec::with_capacity(m.len());
        for s in m.drain(..) {
            let sample = Sample {
                metric: s.metric.clone(),
                t: 0,
                f: 0.0,
                h: None,
                drop_name: s.drop_name,
            };
            let relabelled = if name == "label_replace" {
                let get = |i: usize| strings.get(i).map(String::as_str).unwrap_or("");
                functions::label_replace(vec![sample], get(0), get(1), get(2), get(3))?
            } else {
                let dst = strings.first().cloned().unwrap_or_default();
                let sep = strings.get(1).cloned().unwrap_or_default();
                functions::label_join(vec![sample], &dst, &sep, strings.get(2..).unwrap_or(&[]))?
            };
            if let Some(r) = relabelled.into_iter().next() {
                out.push(Series {
                    metric: r.metric,
                    floats: s.floats,
                    histograms: s.histograms,
                    drop_name: r.drop_name,
                });
            }
        }
        // Identical label sets from different series may not overlap in time.
        out = merge_series_with_same_labelset(out)?;
        Ok((EvalValue::Matrix(out), annos))
    }
}

/// A selector's series in memory: its own, or all of its lazy set's, read now (for the
/// evaluations that look at every series at each step).
fn in_memory(sel: &Selector) -> Result<Cow<'_, [Arc<SeriesData>]>, EvalError> {
    Ok(match &sel.lazy {
        None => Cow::Borrowed(&sel.series),
        Some(set) => Cow::Owned(crate::storage::load_all(&**set)?),
    })
}

fn unreachable_matrix_arg<T>() -> Result<T, EvalError> {
    Err(EvalError::new("expected a range vector argument"))
}

fn sample_to_series(s: Sample, ts: i64) -> Series {
    let mut series = Series::new(s.metric);
    series.drop_name = s.drop_name;
    match s.h {
        None => series.floats.push(FPoint { t: ts, f: s.f }),
        Some(h) => series.histograms.push(HPoint { t: ts, h }),
    }
    series
}

pub(crate) fn add_to_series(
    s: &mut Series,
    ts: i64,
    f: f64,
    h: Option<Arc<FloatHistogram>>,
    num_steps: usize,
) {
    match h {
        None => {
            if s.floats.is_empty() {
                s.floats.reserve(num_steps.min(1024));
            }
            s.floats.push(FPoint { t: ts, f });
        }
        Some(h) => s.histograms.push(HPoint { t: ts, h }),
    }
}

/// Merges series whose label sets became equal (after name removal); overlapping timestamps
/// are an error.
pub(crate) fn merge_series_with_same_labelset(mat: Matrix) -> Result<Matrix, EvalError> {
    if mat.len() <= 1 || !contains_same_labelset(mat.iter().map(|s| &s.metric)) {
        return Ok(mat);
    }
    let mut index: HashMap<Labels, usize> = HashMap::new();
    let mut merged: Matrix = Vec::new();
    for s in mat {
        match index.get(&s.metric) {
            Some(&i) => {
                let base = &mut merged[i];
                base.floats.extend(s.floats);
                base.histograms.extend(s.histograms);
            }
            None => {
                index.insert(s.metric.clone(), merged.len());
                merged.push(s);
            }
        }
    }
    for s in merged.iter_mut() {
        s.floats.sort_by_key(|p| p.t);
        s.histograms.sort_by_key(|p| p.t);
        if s.floats.windows(2).any(|w| w[0].t == w[1].t)
            || s.histograms.windows(2).any(|w| w[0].t == w[1].t)
        {
            return Err(same_labelset_error());
        }
    }
    Ok(merged)
}

/// Drops names marked for delayed removal, at the end of evaluation.
pub(crate) fn cleanup_metric_labels(mut mat: Matrix) -> Result<Matrix, EvalError> {
    for s in mat.iter_mut() {
        if s.drop_name {
            s.metric = drop_metadata_labels(&s.metric);
        }
    }
    merge_series_with_same_labelset(mat)
}

fn vector_and(l: &Vector, r: &Vector, ls: &[usize], rs: &[usize]) -> Vector {
    if l.is_empty() || r.is_empty() {
        return Vec::new();
    }
    let right: std::collections::HashSet<usize> = rs.iter().copied().collect();
    l.iter()
        .zip(ls)
        .filter(|(_, sig)| right.contains(sig))
        .map(|(s, _)| s.clone())
        .collect()
}

fn vector_or(l: &Vector, r: &Vector, ls: &[usize], rs: &[usize]) -> Vector {
    if l.is_empty() {
        return r.clone();
    }
    if r.is_empty() {
        return l.clone();
    }
    let left: std::collections::HashSet<usize> = ls.iter().copied().collect();
    let mut out = l.clone();
    out.extend(
        r.iter()
            .zip(rs)
            .filter(|(_, sig)| !left.contains(sig))
            .map(|(s, _)| s.clone()),
    );
    out
}

fn vector_unless(l: &Vector, r: &Vector, ls: &[usize], rs: &[usize]) -> Vector {
    if l.is_empty() || r.is_empty() {
        return l.clone();
    }
    let right: std::collections::HashSet<usize> = rs.iter().copied().collect();
    l.iter()
        .zip(ls)
        .filter(|(_, sig)| !right.contains(sig))
        .map(|(s, _)| s.clone())
        .collect()
}

#[derive(Default)]
struct BinopHelper {
    result_metric: HashMap<(Labels, Labels), Labels>,
}

#[allow(clippy::too_many_arguments)]
fn vector_binop(
    op: K,
    lhs: &Vector,
    rhs: &Vector,
    matching: &VectorMatching,
    return_bool: bool,
    lsigs: &[usize],
    rsigs: &[usize],
    span: Span,
    delayed_name_removal: bool,
    enh: &mut BinopHelper,
    annos: &mut Annotations,
) -> Result<Vector, EvalError> {
    let fill_none = matching.fill_lhs.is_none() && matching.fill_rhs.is_none();
    if (lhs.is_empty() && rhs.is_empty()) || ((lhs.is_empty() || rhs.is_empty()) && fill_none) {
        return Ok(Vec::new());
    }
    let one_to_many = matching.card == Cardinality::OneToMany;
    let (lhs, rhs, lsigs, rsigs) = if one_to_many {
        (rhs, lhs, rsigs, lsigs)
    } else {
        (lhs, rhs, lsigs, rsigs)
    };
    // The "one" side, by signature ordinal.
    let mut right: HashMap<usize, &Sample> = HashMap::new();
    for (s, &sig) in rhs.iter().zip(rsigs) {
        if let Some(dup) = right.get(&sig) {
            let one_side = if one_to_many { "left" } else { "right" };
            let matched = match_labels(&s.metric, matching.on, &matching.matching_labels);
            let (mut d1, mut d2) = (s.metric.to_string(), dup.metric.to_string());
            if d1 > d2 {
                std::mem::swap(&mut d1, &mut d2);
            }
            return Err(EvalError::new(format!(
                "found duplicate series for the match group {matched} on the {one_side} hand-side of the operation: [{d1}, {d2}];many-to-many matching not allowed: matching labels must be unique on one side"
            )));
        }
        right.insert(sig, s);
    }
    let mut st = BinopState {
        matched_one: std::collections::HashSet::new(),
        matched_many: HashMap::new(),
        out: Vec::new(),
        last_annotation: None,
    };
    let ctx = BinopCtx {
        op,
        matching,
        return_bool,
        one_to_many,
        span,
        delayed_name_removal,
    };
    for (ls, &sig) in lhs.iter().zip(lsigs) {
        let filled;
        let rs = match right.get(&sig) {
            Some(rs) => *rs,
            None => {
                let Some(fill) = matching.fill_rhs else {
                    continue;
                };
                filled = Sample::float(
                    match_labels(&ls.metric, matching.on, &matching.matching_labels),
                    0,
                    fill,
                );
                &filled
            }
        };
        binop_pair(&ctx, ls, rs, sig, &mut st, enh)?;
    }
    if let Some(fill) = matching.fill_lhs {
        for (rs, &sig) in rhs.iter().zip(rsigs) {
            let already = if matching.card == Cardinality::OneToOne {
                st.matched_one.contains(&sig)
            } else {
                st.matched_many.get(&sig).is_some_and(|s| !s.is_empty())
            };
            if already {
                continue;
            }
            let ls = Sample::float(
                match_labels(&rs.metric, matching.on, &matching.matching_labels),
                0,
                fill,
            );
            binop_pair(&ctx, &ls, rs, sig, &mut st, enh)?;
        }
    }
    if let Some(a) = st.last_annotation {
        annos.add(a);
    }
    Ok(st.out)
}

struct BinopCtx<'a> {
    op: K,
    matching: &'a VectorMatching,
    return_bool: bool,
    one_to_many: bool,
    span: Span,
    delayed_name_removal: bool,
}

struct BinopState {
    /// Signatures already matched (one-to-one).
    matched_one: std::collections::HashSet<usize>,
    /// Result label sets per signature (many-to-one), to detect duplicates.
    matched_many: HashMap<usize, std::collections::HashSet<Labels>>,
    out: Vector,
    /// The annotation of the last pair that had one.
    last_annotation: Option<ann::Annotation>,
}

/// Applies the operator to one matched pair and records the result.
fn binop_pair(
    ctx: &BinopCtx,
    ls: &Sample,
    rs: &Sample,
    sig: usize,
    st: &mut BinopState,
    enh: &mut BinopHelper,
) -> Result<(), EvalError> {
    let (mut fl, mut fr) = (ls.f, rs.f);
    let (mut hl, mut hr) = (ls.h.as_ref(), rs.h.as_ref());
    if ctx.one_to_many {
        std::mem::swap(&mut fl, &mut fr);
        std::mem::swap(&mut hl, &mut hr);
    }
    // Like Prometheus, only the last annotation of a step is reported.
    let res = match vector_elem_binop(ctx.op, fl, fr, hl, hr, ctx.span) {
        Ok((res, info)) => {
            if info.is_some() {
                st.last_annotation = info;
            }
            res
        }
        Err(a) => {
            st.last_annotation = Some(a);
            return Ok(());
        }
    };
    let (mut f, mut h, keep) = (res.f, res.h, res.keep);
    if ctx.return_bool {
        h = None;
        f = btos(keep);
    }
    let drop_metric_name = !ctx.delayed_name_removal && ctx.return_bool;
    let key = (ls.metric.clone(), rs.metric.clone());
    let metric = match enh.result_metric.get(&key) {
        Some(m) => m.clone(),
        None => {
            let m = result_metric(
                &ls.metric,
                &rs.metric,
                ctx.op,
                ctx.matching,
                drop_metric_name,
            );
            enh.result_metric.insert(key, m.clone());
            m
        }
    };
    if ctx.matching.card == Cardinality::OneToOne {
        if !st.matched_one.insert(sig) {
            return Err(EvalError::new(
                "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)",
            ));
        }
    } else if !st
        .matched_many
        .entry(sig)
        .or_default()
        .insert(metric.clone())
    {
        return Err(EvalError::new(
            "multiple matches for labels: grouping labels must ensure unique matches",
        ));
    }
    if !keep && !ctx.return_bool {
        return Ok(());
    }
    st.out.push(Sample {
        metric,
        t: 0,
        f,
        h,
        drop_name: ctx.return_bool,
    });
    Ok(())
}

fn result_metric(
    lhs: &Labels,
    rhs: &Labels,
    op: K,
    matching: &VectorMatching,
    drop_metric_name: bool,
) -> Labels {
    let mut out = lhs.clone();
    if drop_metric_name || changes_metric_schema(op) {
        out = drop_metadata_labels(&out);
    }
    if matching.card == Cardinality::OneToOne {
        let names: Vec<&str> = matching
            .matching_labels
            .iter()
            .map(String::as_str)
            .collect();
        out = if matching.on {
            out.keep(&names)
        } else {
            out.without(&names)
        };
    }
    for ln in &matching.include {
        out.set_or_remove(ln, rhs.get(ln).unwrap_or_default());
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn vector_scalar_binop(
    op: K,
    lhs: &Vector,
    scalar: f64,
    swap: bool,
    return_bool: bool,
    span: Span,
    delayed_name_removal: bool,
    annos: &mut Annotations,
) -> Vector {
    let mut out = Vec::with_capacity(lhs.len());
    let mut last: Option<ann::Annotation> = None;
    for s in lhs {
        let (mut lf, mut rf) = (s.f, scalar);
        let (mut lh, mut rh) = (s.h.as_ref(), None);
        if swap {
            std::mem::swap(&mut lf, &mut rf);
            std::mem::swap(&mut lh, &mut rh);
        }
        let res = match vector_elem_binop(op, lf, rf, lh, rh, span) {
            Ok((res, _)) => res,
            Err(a) => {
                // Only infos are reported here (the last one), as Prometheus does.
                if a.kind == ann::AnnotationKind::Info {
                    last = Some(a);
                }
                continue;
            }
        };
        let (mut f, mut h, mut keep) = (res.f, res.h, res.keep);
        if op.is_comparison() && swap {
            f = rf;
            h = rh.cloned();
        }
        if return_bool {
            f = btos(keep);
            keep = true;
        }
        if keep {
            let mut sample = s.clone();
            sample.f = f;
            sample.h = h;
            if changes_metric_schema(op) || return_bool {
                if !delayed_name_removal {
                    sample.metric = drop_metadata_labels(&sample.metric);
                }
                sample.drop_name = true;
            }
            out.push(sample);
        }
    }
    if let Some(a) = last {
        annos.add(a);
    }
    out
}

fn count_values(v: &Vector, grouping: &[String], without: bool, label: &str) -> Vector {
    // Groups in order of first appearance, as Prometheus emits them.
    let mut index: FxHashMap<Labels, usize> = FxHashMap::default();
    let mut counts: Vec<(Labels, usize)> = Vec::new();
    for s in v {
        let mut metric = s.metric.clone();
        let value = match &s.h {
            None => crate::gostr::format_float_f(s.f),
            Some(h) => h.go_string(),
        };
        metric.set(label.to_string(), value);
        let group = grouping_labels(&metric, grouping, without);
        match index.get(&group) {
            Some(&i) => counts[i].1 += 1,
            None => {
                index.insert(group.clone(), counts.len());
                counts.push((group, 1));
            }
        }
    }
    counts
        .into_iter()
        .map(|(labels, n)| Sample::float(labels, 0, n as f64))
        .collect()
}

/// The value of a smoothed selector over native histograms at `t`: the histogram at `t`,
/// else one interpolated between its neighbours (a counter restarting from zero when there
/// was a reset, unless both are gauges), else the last one before `t` (hint cleared).
fn smoothed_histogram(
    hists: &[HPoint],
    t: i64,
    metric_name: &str,
    span: Span,
    annos: &mut Annotations,
) -> Option<FloatHistogram> {
    use crate::model::histogram::CounterResetHint as H;
    let i = hists.partition_point(|p| p.t < t);
    if let Some(p) = hists.get(i).filter(|p| p.t == t) {
        return Some(p.h.copy_relevant());
    }
    let prev = hists.get(i.checked_sub(1)?)?;
    let Some(next) = hists.get(i) else {
        let mut h = prev.h.copy_relevant();
        h.counter_reset_hint = H::Unknown;
        return Some(h);
    };
    if prev.h.uses_custom_buckets() != next.h.uses_custom_buckets() {
        annos.add(ann::mixed_exponential_custom_histograms_warning(
            metric_name,
            span,
        ));
        return None;
    }
    let is_counter = prev.h.counter_reset_hint != H::Gauge || next.h.counter_reset_hint != H::Gauge;
    match functions::interpolate_histograms(
        (&prev.h, prev.t),
        (&next.h, next.t),
        t,
        is_counter,
        annos,
        span,
    ) {
        Ok(h) => Some(h),
        Err(_) => {
            annos.add(ann::mixed_exponential_custom_histograms_warning(
                metric_name,
                span,
            ));
            None
        }
    }
}

/// Linear interpolation at `t` between two points (no counter-reset handling: the extended
/// selectors do not know whether a series is a counter).
fn interpolate(p1: FPoint, p2: FPoint, t: i64) -> f64 {
    p1.f + (p2.f - p1.f) * (t - p1.t) as f64 / (p2.t - p1.t) as f64
}

/// The points of an anchored or smoothed window: values at `mint` and `maxt` (the last sample
/// before, or interpolated when smoothed) around the samples strictly inside.
pub(crate) fn extend_floats(
    floats: &[FPoint],
    mint: i64,
    maxt: i64,
    smoothed: bool,
) -> Vec<FPoint> {
    if floats.is_empty() {
        return Vec::new();
    }
    let n = floats.len() - 1;
    let search = |pred: &dyn Fn(&FPoint) -> bool| floats[..n].iter().position(pred).unwrap_or(n);
    let mut first = search(&|p| p.t > mint).saturating_sub(1);
    let mut last = n;
    if smoothed {
        last = search(&|p| p.t >= maxt);
    }
    if floats[last].t <= mint {
        return Vec::new();
    }
    let left = if smoothed && floats[first].t < mint && first + 1 < floats.len() {
        interpolate(floats[first], floats[first + 1], mint)
    } else {
        floats[first].f
    };
    let right = if smoothed && last > 0 && floats[last].t > maxt {
        interpolate(floats[last - 1], floats[last], maxt)
    } else {
        floats[last].f
    };
    if floats[first].t <= mint {
        first += 1;
    }
    // One past the last sample strictly inside the window.
    let end = if floats[last].t >= maxt {
        last
    } else {
        last + 1
    };
    let mut out = Vec::with_capacity(end.saturating_sub(first) + 2);
    out.push(FPoint { t: mint, f: left });
    if first < end {
        out.extend_from_slice(&floats[first..end]);
    }
    out.push(FPoint { t: maxt, f: right });
    out
}

/// Go's `%q` of a string literal's value, from its raw bytes when they are not UTF-8.
fn string_literal_text(raw: Option<&[u8]>, lossy: &str) -> String {
    match raw {
        Some(b) => crate::gostr::quote_bytes(b),
        None => crate::gostr::quote(lossy),
    }
}

/// The index of the first point after `t`, searching forward from `from` (a lower bound of
/// the answer): a linear step for the usual small advance, a binary search for long jumps.
/// The index range of the points with `after < t <= upto`. Queries mostly end at the newest
/// samples, so this searches from the end, galloping: a short window costs a few steps however
/// long the series.
fn span_between<P>(
    points: &[P],
    after: i64,
    upto: i64,
    time: impl Fn(&P) -> i64,
) -> (usize, usize) {
    let hi = points.len() - count_trailing(points, |p| time(p) > upto);
    let lo = hi - count_trailing(&points[..hi], |p| time(p) > after);
    (lo, hi)
}

/// How many points at the end satisfy `pred`, which must hold for a suffix of `points`.
fn count_trailing<P>(points: &[P], pred: impl Fn(&P) -> bool) -> usize {
    let n = points.len();
    // `points[lo..]` all satisfy `pred`.
    let mut lo = n;
    let mut step = 1;
    while lo > 0 {
        let probe = lo.saturating_sub(step);
        if pred(&points[probe]) {
            lo = probe;
            step *= 2;
        } else {
            let k = points[probe + 1..lo].partition_point(|p| !pred(p));
            return n - (probe + 1 + k);
        }
    }
    n
}

/// Keeps `points[lo..hi]` (with `lo <= hi` clamped to the length), without copying borrowed
/// points.
fn narrow<T: Clone>(points: &mut Cow<'_, [T]>, (lo, hi): (usize, usize)) {
    let hi = hi.min(points.len());
    let lo = lo.min(hi);
    match points {
        Cow::Borrowed(s) => *s = &s[lo..hi],
        Cow::Owned(v) => {
            v.truncate(hi);
            v.drain(..lo);
        }
    }
}

fn advance_past<P>(points: &[P], from: usize, t: i64, time: impl Fn(&P) -> i64) -> usize {
    let mut i = from.min(points.len());
    for _ in 0..8 {
        match points.get(i) {
            Some(p) if time(p) <= t => i += 1,
            _ => return i,
        }
    }
    i + points[i..].partition_point(|p| time(p) <= t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_between_times() {
        let pts: Vec<i64> = (0..100).map(|i| i * 10).collect();
        for (after, upto) in [
            (-5, 2000),
            (0, 990),
            (5, 15),
            (985, 990),
            (990, 995),
            (-20, -10),
            (2000, 3000),
            (500, 500),
            (499, 501),
        ] {
            let want = (
                pts.iter().filter(|&&t| t <= after).count(),
                pts.iter().filter(|&&t| t <= upto).count(),
            );
            let want = (want.0.min(want.1), want.1);
            assert_eq!(
                span_between(&pts, after, upto, |&t| t),
                want,
                "({after}, {upto}]"
            );
        }
        assert_eq!(span_between::<i64>(&[], 0, 10, |&t| t), (0, 0));
    }
    use crate::model::histogram::{CounterResetHint as Hint, Span as BSpan, CUSTOM_BUCKETS_SCHEMA};
    use crate::promql::engine::{Engine, EngineOpts, QueryResult};
    use crate::promql::{parse, Features};
    use crate::storage::memory::MemStorage;

    fn exp_h(count: f64, buckets: &[f64], hint: Hint) -> FloatHistogram {
        FloatHistogram {
            counter_reset_hint: hint,
            count,
            sum: count,
            positive_spans: vec![BSpan {
                offset: 0,
                length: buckets.len() as u32,
            }],
            positive_buckets: buckets.to_vec(),
            ..FloatHistogram::default()
        }
    }

    fn points(hs: &[FloatHistogram], step: i64) -> Vec<HPoint> {
        hs.iter()
            .enumerate()
            .map(|(i, h)| HPoint {
                t: i as i64 * step,
                h: Arc::new(h.clone()),
            })
            .collect()
    }

    fn hints(hs: &[HPoint]) -> Vec<Hint> {
        hs.iter().map(|p| p.h.counter_reset_hint).collect()
    }

    #[test]
    fn stats_replay_detects_resets_between_samples_it_reads() {
        let hs = points(
            &[
                exp_h(1.0, &[1.0], Hint::Unknown),
                exp_h(2.0, &[2.0], Hint::NotCounterReset),
                exp_h(1.0, &[1.0], Hint::Unknown),
            ],
            60_000,
        );
        // An instant selector at 2m with 5m lookback reads all three.
        let mut r = StatsReplay::new(&[], &hs);
        r.seek(120_000, 300_000);
        r.read_current(None);
        let out = r.finish();
        assert_eq!(
            hints(&out),
            [Hint::Unknown, Hint::NotCounterReset, Hint::CounterReset]
        );
        assert!(out.iter().all(|p| p.h.positive_buckets.is_empty()));
        assert_eq!(out[1].h.count, 2.0);
        // A window that starts after the second sample has nothing to compare the third
        // with; unread samples keep their stored hints.
        let mut r = StatsReplay::new(&[], &hs);
        r.seek(120_000, 59_000);
        r.read_current(Some(120_000));
        assert_eq!(
            hints(&r.finish()),
            [Hint::Unknown, Hint::NotCounterReset, Hint::Unknown]
        );
        let hs2 = points(
            &[
                exp_h(1.0, &[1.0], Hint::Unknown),
                exp_h(0.5, &[0.5], Hint::Unknown),
                exp_h(2.0, &[2.0], Hint::Unknown),
            ],
            60_000,
        );
        let mut r = StatsReplay::new(&[], &hs2);
        r.seek(120_000, 60_000);
        r.read_current(Some(120_000));
        // The first sample was jumped over, so the second has nothing to compare with.
        assert_eq!(
            hints(&r.finish()),
            [Hint::Unknown, Hint::Unknown, Hint::NotCounterReset]
        );
    }

    fn store(series: &[(&str, Vec<FloatHistogram>)]) -> MemStorage {
        let mut st = MemStorage::default();
        for (name, hs) in series {
            let l = Labels::from_pairs([("__name__", *name)]);
            for (i, h) in hs.iter().enumerate() {
                st.append_histogram(&l, i as i64 * 60_000, h.clone());
            }
        }
        st
    }

    fn instant(st: &MemStorage, q: &str, t: i64) -> QueryResult {
        let expr = parse(q, Features::all()).expect("valid query");
        Engine::new(EngineOpts::default())
            .instant_query(st, &expr, t)
            .expect("query runs")
    }

    fn only_sample(r: &QueryResult) -> &Sample {
        match &r.value {
            Value::Vector(v) if v.len() == 1 => &v[0],
            other => panic!("expected one sample, got {other:?}"),
        }
    }

    #[test]
    fn counter_reset_collisions_need_statistics_decoding() {
        let st = store(&[
            (
                "a",
                vec![
                    exp_h(1.0, &[1.0], Hint::Unknown),
                    exp_h(2.0, &[2.0], Hint::NotCounterReset),
                ],
            ),
            (
                "b",
                vec![
                    exp_h(5.0, &[5.0], Hint::Unknown),
                    exp_h(1.0, &[1.0], Hint::Unknown),
                ],
            ),
        ]);
        let q = "histogram_count(sum({__name__=~\"a|b\"}))";
        let r = instant(&st, q, 60_000);
        assert_eq!(only_sample(&r).f, 3.0);
        assert_eq!(
            r.annotations.warnings(q),
            ["PromQL warning: conflicting counter resets during histogram aggregation (1:21)"]
        );
        // Without histogram_count the stored hints are used: no reset is known for b.
        let q = "sum({__name__=~\"a|b\"})";
        let r = instant(&st, q, 60_000);
        assert!(r.annotations.is_empty());
        assert_eq!(only_sample(&r).h.as_ref().map(|h| h.count), Some(3.0));
        // Trimming needs the buckets, so it switches the decoding off again.
        let q = "histogram_count(sum({__name__=~\"a|b\"}) </ 10)";
        assert!(instant(&st, q, 60_000).annotations.is_empty());
    }

    #[test]
    fn histogram_operators() {
        let st = store(&[
            ("a", vec![exp_h(4.0, &[1.0, 1.0, 2.0], Hint::Unknown)]),
            (
                "b",
                vec![exp_h(4.0, &[1.0, 1.0, 2.0], Hint::NotCounterReset)],
            ),
        ]);
        // == compares histograms, not their hints.
        let r = instant(&st, "a == ignoring(__name__) b", 0);
        assert_eq!(only_sample(&r).h.as_ref().map(|h| h.count), Some(4.0));
        // Trimming keeps the buckets below 1: (0.5,1].
        let r = instant(&st, "a </ 1", 0);
        let h = only_sample(&r).h.clone().expect("histogram");
        assert_eq!(h.count, 1.0);
        assert_eq!(h.positive_buckets, [1.0]);
        // Trimming floats is not defined.
        let q = "vector(1) >/ 1";
        let r = instant(&st, q, 0);
        assert_eq!(
            r.annotations.infos(q),
            ["PromQL info: incompatible sample types encountered for binary operator \">/\": float >/ float (1:1)"]
        );
        // count_values labels histograms with Prometheus's String().
        let r = instant(&st, "count_values(\"v\", a)", 0);
        assert_eq!(
            only_sample(&r).metric.get("v"),
            Some("{count:4, sum:4, (0.5,1]:1, (1,2]:1, (2,4]:2}")
        );
    }

    #[test]
    fn mismatched_custom_bounds_and_resets_in_binary_operations() {
        let nhcb = |bounds: &[f64]| FloatHistogram {
            schema: CUSTOM_BUCKETS_SCHEMA,
            count: 1.0,
            sum: 1.0,
            positive_spans: vec![BSpan {
                offset: 0,
                length: 1,
            }],
            positive_buckets: vec![1.0],
            custom_values: bounds.to_vec(),
            ..FloatHistogram::default()
        };
        let st = store(&[("a", vec![nhcb(&[5.0, 10.0])]), ("b", vec![nhcb(&[10.0])])]);
        let q = "a + ignoring(__name__) b";
        let r = instant(&st, q, 0);
        assert_eq!(
            r.annotations.infos(q),
            ["PromQL info: mismatched custom buckets were reconciled during addition (1:1)"]
        );
        assert_eq!(
            only_sample(&r).h.as_ref().map(|h| h.custom_values.clone()),
            Some(vec![10.0])
        );
        let st = store(&[
            ("a", vec![exp_h(1.0, &[1.0], Hint::CounterReset)]),
            ("b", vec![exp_h(1.0, &[1.0], Hint::NotCounterReset)]),
        ]);
        let q = "a - ignoring(__name__) b";
        let r = instant(&st, q, 0);
        assert!(matches!(&r.value, Value::Vector(v) if v.is_empty()));
        assert_eq!(
            r.annotations.warnings(q),
            ["PromQL warning: conflicting counter resets during histogram subtraction (1:1)"]
        );
    }

    #[test]
    fn smoothed_selector_interpolates_histograms() {
        let st = store(&[(
            "a",
            vec![
                exp_h(1.0, &[1.0], Hint::Unknown),
                exp_h(4.0, &[4.0], Hint::NotCounterReset),
                exp_h(2.0, &[2.0], Hint::Unknown),
            ],
        )]);
        let r = instant(&st, "a smoothed", 20_000);
        assert_eq!(only_sample(&r).h.as_ref().map(|h| h.count), Some(2.0));
        // Across the reset the counter restarts from zero: 2 * 1/2.
        let r = instant(&st, "a smoothed", 90_000);
        assert_eq!(only_sample(&r).h.as_ref().map(|h| h.count), Some(1.0));
        // After the last sample its value is carried forward.
        let r = instant(&st, "histogram_count(a smoothed)", 150_000);
        assert_eq!(only_sample(&r).f, 2.0);
    }

    #[test]
    fn avg_of_huge_histograms_switches_to_a_running_mean() {
        let big = |c: f64| FloatHistogram {
            count: c,
            sum: 1.0,
            ..FloatHistogram::default()
        };
        let st = store(&[("a", vec![big(1.5e308)]), ("b", vec![big(1e308)])]);
        let r = instant(&st, "avg({__name__=~\"a|b\"})", 0);
        let h = only_sample(&r).h.clone().expect("histogram");
        assert_eq!(h.count, 1.25e308);
        assert_eq!(h.sum, 1.0);
    }
}

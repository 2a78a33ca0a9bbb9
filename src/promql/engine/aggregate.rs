//! Aggregation operators over all steps: sum, avg, count, min, max, group, stddev, stdvar,
//! quantile, and the selecting ones (topk, bottomk, limitk, limit_ratio).

use crate::model::fxhash::FxHashMap;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use super::annotations::{self as ann, Annotations};
use super::eval::{
    add_to_series, grouping_key as group_key, grouping_labels as group_labels, Evaluator,
};
use super::functions::{go_max, go_min};
use super::plan::{AggNode, Node};
use super::value::*;
use super::EvalError;
use crate::model::histogram::{CounterResetHint, FloatHistogram};
use crate::model::labels::{Label, Labels};
use crate::promql::lexer::TokenKind as K;

/// The parameter of topk/bottomk/quantile/limitk/limit_ratio, as Prometheus's fParams: the
/// values are consumed in order, one per step.
pub(crate) struct FParams {
    constant: Option<f64>,
    values: Vec<f64>,
    next: usize,
    min: f64,
    max: f64,
    has_nan: bool,
}

impl FParams {
    pub(crate) fn new(param: Option<&Node>, evaluated: Option<&Series>) -> FParams {
        let empty = FParams {
            constant: None,
            values: Vec::new(),
            next: 0,
            min: 0.0,
            max: 0.0,
            has_nan: false,
        };
        let Some(series) = evaluated else {
            return empty;
        };
        if matches!(param, Some(Node::Number(..))) {
            let v = series.floats.first().map_or(0.0, |p| p.f);
            return FParams {
                constant: Some(v),
                min: v,
                max: v,
                has_nan: v.is_nan(),
                ..empty
            };
        }
        let mut fp = FParams {
            values: series.floats.iter().map(|p| p.f).collect(),
            min: f64::MAX,
            max: -f64::MAX,
            ..empty
        };
        for &v in &fp.values {
            fp.max = go_max(fp.max, v);
            fp.min = go_min(fp.min, v);
            fp.has_nan |= v.is_nan();
        }
        fp
    }

    fn next(&mut self) -> f64 {
        if let Some(c) = self.constant {
            return c;
        }
        let v = self.values.get(self.next).copied().unwrap_or(0.0);
        self.next += 1;
        v
    }
}

#[derive(Default, Clone)]
struct Group {
    seen: bool,
    float_value: f64,
    float_mean: f64,
    float_kahan_c: f64,
    histogram_value: Option<FloatHistogram>,
    /// The running mean once summing histograms for `avg` would overflow.
    histogram_mean: Option<FloatHistogram>,
    /// Kahan compensation of `histogram_value` (or of `histogram_mean`).
    histogram_kahan_c: Option<FloatHistogram>,
    histogram_incremental_mean: bool,
    group_count: f64,
    heap: Vec<Sample>,
    /// The group's values for `quantile`.
    quantile_values: Vec<f64>,
    has_float: bool,
    has_histogram: bool,
    incompatible_histograms: bool,
    float_incremental_mean: bool,
    counter_reset_seen: bool,
    not_counter_reset_seen: bool,
    drop_name: bool,
    group_aggr_complete: bool,
}

/// Takes the next point of `s` if it is at `ts`.
fn next_value(
    ts: i64,
    s: &Series,
    cursor: &mut (usize, usize),
) -> Option<(f64, Option<Arc<FloatHistogram>>)> {
    if let Some(p) = s.floats.get(cursor.0) {
        if p.t == ts {
            cursor.0 += 1;
            return Some((p.f, None));
        }
    }
    if let Some(p) = s.histograms.get(cursor.1) {
        if p.t == ts {
            cursor.1 += 1;
            return Some((0.0, Some(Arc::clone(&p.h))));
        }
    }
    None
}

/// Prometheus's ordering for topk heaps: NaN sorts first (smallest).
fn value_less(a: f64, b: f64) -> bool {
    if a.is_nan() {
        return true;
    }
    a < b
}

fn reverse_less(a: f64, b: f64) -> bool {
    if a.is_nan() {
        return true;
    }
    a > b
}

/// A binary heap over samples with a custom "less" (Go's container/heap semantics), so the
/// order of equal elements matches Prometheus's.
struct SampleHeap<'a> {
    v: &'a mut Vec<Sample>,
    less: fn(f64, f64) -> bool,
}

impl SampleHeap<'_> {
    fn less(&self, i: usize, j: usize) -> bool {
        (self.less)(self.v[i].f, self.v[j].f)
    }

    fn up(&mut self, mut j: usize) {
        while j > 0 {
            let i = (j - 1) / 2;
            if i == j || !self.less(j, i) {
                break;
            }
            self.v.swap(i, j);
            j = i;
        }
    }

    fn down(&mut self, i0: usize, n: usize) -> bool {
        let mut i = i0;
        loop {
            let j1 = 2 * i + 1;
            if j1 >= n {
                break;
            }
            let mut j = j1;
            let j2 = j1 + 1;
            if j2 < n && self.less(j2, j1) {
                j = j2;
            }
            if !self.less(j, i) {
                break;
            }
            self.v.swap(i, j);
            i = j;
        }
        i > i0
    }

    fn push(&mut self, s: Sample) {
        self.v.push(s);
        let n = self.v.len() - 1;
        self.up(n);
    }

    fn fix(&mut self, i: usize) {
        let n = self.v.len();
        if !self.down(i, n) {
            self.up(i);
        }
    }
}

/// Go's sort.Sort (not stable) is approximated by a stable sort here; results only differ for
/// equal values, whose order Prometheus does not define either.
fn sort_desc_by(v: &mut [Sample], less: fn(f64, f64) -> bool) {
    // sort.Reverse(heap): order by "greater" first.
    v.sort_by(|a, b| {
        if less(b.f, a.f) {
            Ordering::Less
        } else if less(a.f, b.f) {
            Ordering::Greater
        } else {
            Ordering::Equal
        }
    });
}

/// Evaluates an aggregation over the already-evaluated input matrix.
pub(crate) fn range_eval_agg(
    ev: &mut Evaluator<'_>,
    a: &AggNode,
    input: Matrix,
    param_series: Option<&Series>,
) -> Result<(Matrix, Annotations), EvalError> {
    let mut annos = Annotations::default();
    let op = a.op;
    let k_like = matches!(op, K::Topk | K::Bottomk | K::Limitk | K::LimitRatio);

    // Map input series to output groups.
    let mut group_index: FxHashMap<Vec<&Label>, usize> = FxHashMap::default();
    let mut series_to_group = Vec::with_capacity(input.len());
    let mut result: Matrix = Vec::new();
    for s in &input {
        let key = group_key(&s.metric, &a.grouping, a.without);
        let n = group_index.len();
        let idx = *group_index.entry(key).or_insert_with(|| {
            if !k_like {
                result.push(Series::new(group_labels(&s.metric, &a.grouping, a.without)));
            }
            n
        });
        series_to_group.push(idx);
    }
    let mut groups = vec![Group::default(); group_index.len()];

    let mut params = FParams::new(a.param.as_ref(), param_series);

    let mut seriess: HashMap<Labels, Series> = HashMap::new();
    let mut seriess_order: Vec<Labels> = Vec::new();
    match op {
        K::Topk | K::Bottomk | K::Limitk => {
            if params.max < 1.0 {
                return Ok((Vec::new(), annos));
            }
            if params.has_nan {
                return Err(EvalError::new("Parameter value is NaN"));
            }
            if params.min <= i64::MIN as f64 {
                return Err(EvalError::new(format!(
                    "Scalar value {} underflows int64",
                    crate::gostr::format_float_g(params.min)
                )));
            }
            if params.max >= i64::MAX as f64 {
                return Err(EvalError::new(format!(
                    "Scalar value {} overflows int64",
                    crate::gostr::format_float_g(params.max)
                )));
            }
        }
        K::LimitRatio => {
            if params.max == 0.0 && params.min == 0.0 {
                return Ok((Vec::new(), annos));
            }
            if params.has_nan {
                return Err(EvalError::new("Ratio value is NaN"));
            }
            if params.max > 1.0 {
                annos.add(ann::invalid_ratio_warning(params.max, 1.0, a.param_span));
            }
            if params.min < -1.0 {
                annos.add(ann::invalid_ratio_warning(params.min, -1.0, a.param_span));
            }
        }
        K::Quantile => {
            if params.has_nan {
                annos.add(ann::invalid_quantile_warning(f64::NAN, a.param_span));
            }
            if params.max > 1.0 {
                annos.add(ann::invalid_quantile_warning(params.max, a.param_span));
            }
            if params.min < 0.0 {
                annos.add(ann::invalid_quantile_warning(params.min, a.param_span));
            }
        }
        _ => {}
    }

    let num_steps = (ev.end.saturating_sub(ev.start) / ev.interval) as usize + 1;
    if matches!(op, K::Sum | K::Count | K::Min | K::Max | K::Group)
        && input.iter().all(|s| s.histograms.is_empty())
    {
        let result =
            float_aggregation_by_series(ev, op, &input, result, &series_to_group, num_steps);
        return Ok((result, annos));
    }
    // limit_ratio keeps a series by the hash of its labels, the same at every step.
    let ratio_offsets: Vec<f64> = if op == K::LimitRatio {
        input
            .iter()
            .map(|s| ratio_sample_offset(&s.metric))
            .collect()
    } else {
        Vec::new()
    };
    let mut cursors = vec![(0usize, 0usize); input.len()];
    let mut ts = ev.start;
    while ts <= ev.end {
        let param = params.next();
        if k_like {
            let instant = ev.start == ev.end;
            let out = aggregation_k(
                ev,
                a,
                param,
                &input,
                &series_to_group,
                &ratio_offsets,
                &mut groups,
                &mut cursors,
                ts,
                &mut annos,
            );
            for s in out {
                if instant {
                    result.push(sample_series(s, ts));
                } else {
                    match seriess.get_mut(&s.metric) {
                        Some(series) => add_to_series(series, ts, s.f, s.h, num_steps),
                        None => {
                            let mut series = Series::new(s.metric.clone());
                            series.drop_name = s.drop_name;
                            add_to_series(&mut series, ts, s.f, s.h, num_steps);
                            seriess_order.push(s.metric.clone());
                            seriess.insert(s.metric, series);
                        }
                    }
                }
            }
            if instant {
                return Ok((result, annos));
            }
        } else {
            aggregation(
                a,
                param,
                &input,
                &mut result,
                &series_to_group,
                &mut groups,
                &mut cursors,
                ts,
                num_steps,
                &mut annos,
            );
        }
        ts = match ts.checked_add(ev.interval) {
            Some(next) => next,
            None => break,
        };
    }
    if k_like {
        let out = seriess_order
            .into_iter()
            .filter_map(|l| seriess.remove(&l))
            .collect();
        return Ok((out, annos));
    }
    result.retain(|s| !s.floats.is_empty() || !s.histograms.is_empty());
    Ok((result, annos))
}

/// One output point of a float aggregation being built.
#[derive(Clone, Copy, Default)]
struct Acc {
    seen: bool,
    value: f64,
    kahan_c: f64,
    count: f64,
    drop_name: bool,
}

/// sum, count, min, max and group over float-only input, walking each input series once
/// instead of visiting every series at every step. Per step, values are combined in input
/// order exactly as [`aggregation`] does, so the results are identical; this only changes
/// the memory access pattern (one pass over each series instead of one point per series per
/// step).
fn float_aggregation_by_series(
    ev: &Evaluator<'_>,
    op: K,
    input: &Matrix,
    mut result: Matrix,
    series_to_group: &[usize],
    num_steps: usize,
) -> Matrix {
    let mut acc = vec![Acc::default(); result.len() * num_steps];
    for (si, s) in input.iter().enumerate() {
        let base = series_to_group[si] * num_steps;
        for p in &s.floats {
            let step = ((p.t - ev.start) / ev.interval) as usize;
            let Some(a) = acc.get_mut(base + step) else {
                continue;
            };
            let f = p.f;
            if !a.seen {
                *a = Acc {
                    seen: true,
                    value: if op == K::Group { 1.0 } else { f },
                    kahan_c: 0.0,
                    count: 1.0,
                    drop_name: s.drop_name,
                };
                continue;
            }
            a.drop_name |= s.drop_name;
            match op {
                K::Sum => {
                    let (v, c) = crate::model::kahan::inc(f, a.value, a.kahan_c);
                    a.value = v;
                    a.kahan_c = c;
                }
                K::Count => a.count += 1.0,
                K::Max if a.value < f || a.value.is_nan() => a.value = f,
                K::Min if a.value > f || a.value.is_nan() => a.value = f,
                _ => {}
            }
        }
    }
    for (gi, out) in result.iter_mut().enumerate() {
        for (step, a) in acc[gi * num_steps..(gi + 1) * num_steps].iter().enumerate() {
            if !a.seen {
                continue;
            }
            let value = match op {
                K::Sum => a.value + a.kahan_c,
                K::Count => a.count,
                _ => a.value,
            };
            let ts = ev.start + step as i64 * ev.interval;
            add_to_series(out, ts, value, None, num_steps);
            // As in the general path, the last step's flag is the one kept.
            out.drop_name = a.drop_name;
        }
    }
    result.retain(|s| !s.floats.is_empty());
    result
}

fn sample_series(s: Sample, ts: i64) -> Series {
    let mut series = Series::new(s.metric);
    series.drop_name = s.drop_name;
    add_to_series(&mut series, ts, s.f, s.h, 1);
    series
}

fn op_name(op: K) -> String {
    op.to_string()
}

/// Notes an explicit counter reset hint, to warn when both kinds meet in one group.
fn track_hint(reset: &mut bool, not_reset: &mut bool, h: &FloatHistogram) {
    match h.counter_reset_hint {
        CounterResetHint::CounterReset => *reset = true,
        CounterResetHint::NotCounterReset => *not_reset = true,
        _ => {}
    }
}

/// Adds one histogram to an `avg` group (already counted in `group_count`): Kahan sums while
/// the sum stays finite, then an incrementally updated mean (Prometheus's algorithm). `Err`
/// when the histogram cannot be combined with the group's (exponential versus custom
/// buckets).
fn avg_histogram(
    group: &mut Group,
    h: &FloatHistogram,
    span: crate::promql::ast::Span,
    annos: &mut Annotations,
) -> Result<(), crate::model::histogram::HistogramError> {
    let info = |annos: &mut Annotations, reconciled: bool| {
        if reconciled {
            annos.add(ann::mismatched_custom_buckets_histograms_info(
                span,
                ann::HistogramOperation::Agg,
            ));
        }
    };
    let n = group.group_count;
    if !group.histogram_incremental_mean {
        let Some(value) = group.histogram_value.as_ref() else {
            return Ok(());
        };
        let mut v = value.clone();
        let r = v.kahan_add(h, group.histogram_kahan_c.clone())?;
        info(annos, r.nhcb_bounds_reconciled);
        if !v.has_overflow() {
            group.histogram_value = Some(v);
            group.histogram_kahan_c = Some(r.compensation);
            return Ok(());
        }
        // The sum would overflow: continue with the mean so far.
        group.histogram_incremental_mean = true;
        group.histogram_mean = group.histogram_value.as_ref().map(|v| {
            let mut m = v.clone();
            m.div_scalar(n - 1.0);
            m
        });
        if let Some(c) = group.histogram_kahan_c.as_mut() {
            c.div_scalar(n - 1.0);
        }
    }
    let q = (n - 1.0) / n;
    if let Some(c) = group.histogram_kahan_c.as_mut() {
        c.mul_scalar(q);
    }
    let mut to_add = h.copy_relevant();
    to_add.div_scalar(n);
    let Some(mean) = group.histogram_mean.as_mut() else {
        return Ok(());
    };
    mean.mul_scalar(q);
    let r = mean.kahan_add(&to_add, group.histogram_kahan_c.take())?;
    info(annos, r.nhcb_bounds_reconciled);
    group.histogram_kahan_c = Some(r.compensation);
    Ok(())
}

/// The mean of an `avg` group of histograms: the incremental mean plus its compensation, or
/// the Kahan sum and its compensation each divided by the count.
fn histogram_avg_result(g: &mut Group) -> Option<FloatHistogram> {
    if g.histogram_incremental_mean {
        return match (g.histogram_mean.take(), g.histogram_kahan_c.take()) {
            (Some(m), Some(c)) => m.add(&c).ok(),
            (m, None) => m,
            (None, Some(_)) => None,
        };
    }
    g.histogram_value.take().map(|mut v| {
        v.div_scalar(g.group_count);
        match g.histogram_kahan_c.take() {
            Some(mut c) => {
                c.div_scalar(g.group_count);
                v.add(&c).unwrap_or(v)
            }
            None => v,
        }
    })
}

/// `avg_over_time` of histograms: the `avg` aggregation's running algorithm over the points
/// of one series (as Prometheus shares it). `Err` for exponential mixed with custom buckets.
pub(super) fn histogram_mean(
    points: &[HPoint],
    span: crate::promql::ast::Span,
    annos: &mut Annotations,
) -> Result<Option<FloatHistogram>, crate::model::histogram::HistogramError> {
    let Some((first, rest)) = points.split_first() else {
        return Ok(None);
    };
    let mut g = Group {
        histogram_value: Some(first.h.copy_relevant()),
        group_count: 1.0,
        ..Group::default()
    };
    for p in rest {
        g.group_count += 1.0;
        avg_histogram(&mut g, &p.h, span, annos)?;
    }
    Ok(histogram_avg_result(&mut g))
}

#[allow(clippy::too_many_arguments)]
fn aggregation(
    a: &AggNode,
    q: f64,
    input: &Matrix,
    output: &mut Matrix,
    series_to_group: &[usize],
    groups: &mut [Group],
    cursors: &mut [(usize, usize)],
    ts: i64,
    num_steps: usize,
    annos: &mut Annotations,
) {
    let op = a.op;
    let expr_span = a.expr_span;
    for g in groups.iter_mut() {
        g.seen = false;
    }
    for (si, s) in input.iter().enumerate() {
        let Some((f, h)) = next_value(ts, s, &mut cursors[si]) else {
            continue;
        };
        let group = &mut groups[series_to_group[si]];
        if !group.seen {
            *group = Group {
                seen: true,
                float_value: f,
                float_mean: f,
                group_count: 1.0,
                drop_name: s.drop_name,
                ..Group::default()
            };
            match op {
                K::Avg | K::Sum => match &h {
                    None => group.has_float = true,
                    Some(h) => {
                        group.histogram_value = Some(h.copy_relevant());
                        group.has_histogram = true;
                        track_hint(
                            &mut group.counter_reset_seen,
                            &mut group.not_counter_reset_seen,
                            h,
                        );
                    }
                },
                K::Stdvar | K::Stddev => {
                    if h.is_some() {
                        group.seen = false;
                        annos.add(ann::histogram_ignored_in_aggregation_info(
                            &op_name(op),
                            expr_span,
                        ));
                    } else if f.is_nan() || f.is_infinite() {
                        group.float_value = f64::NAN;
                    } else {
                        group.float_value = 0.0;
                    }
                }
                K::Quantile => {
                    if h.is_some() {
                        group.seen = false;
                        annos.add(ann::histogram_ignored_in_aggregation_info(
                            "quantile", expr_span,
                        ));
                    }
                    group.quantile_values = vec![f];
                }
                K::Group => group.float_value = 1.0,
                K::Min | K::Max if h.is_some() => {
                    group.seen = false;
                    annos.add(ann::histogram_ignored_in_aggregation_info(
                        &op_name(op),
                        expr_span,
                    ));
                }
                _ => {}
            }
            continue;
        }
        if group.incompatible_histograms {
            continue;
        }
        if s.drop_name {
            group.drop_name = true;
        }
        match op {
            K::Sum => match h {
                Some(h) => {
                    group.has_histogram = true;
                    if let Some(acc) = group.histogram_value.as_mut() {
                        track_hint(
                            &mut group.counter_reset_seen,
                            &mut group.not_counter_reset_seen,
                            &h,
                        );
                        match acc.kahan_add(&h, group.histogram_kahan_c.take()) {
                            Ok(r) => {
                                group.histogram_kahan_c = Some(r.compensation);
                                if r.nhcb_bounds_reconciled {
                                    annos.add(ann::mismatched_custom_buckets_histograms_info(
                                        expr_span,
                                        ann::HistogramOperation::Agg,
                                    ));
                                }
                            }
                            Err(_) => {
                                annos.add(ann::mixed_exponential_custom_histograms_warning(
                                    s.metric.get("__name__").unwrap_or(""),
                                    expr_span,
                                ));
                                group.incompatible_histograms = true;
                            }
                        }
                    }
                }
                None => {
                    group.has_float = true;
                    let (v, c) =
                        crate::model::kahan::inc(f, group.float_value, group.float_kahan_c);
                    group.float_value = v;
                    group.float_kahan_c = c;
                }
            },
            K::Avg => {
                group.group_count += 1.0;
                match h {
                    Some(h) => {
                        group.has_histogram = true;
                        if group.histogram_value.is_some() {
                            track_hint(
                                &mut group.counter_reset_seen,
                                &mut group.not_counter_reset_seen,
                                &h,
                            );
                            let metric_name = s.metric.get("__name__").unwrap_or("");
                            if avg_histogram(group, &h, expr_span, annos).is_err() {
                                annos.add(ann::mixed_exponential_custom_histograms_warning(
                                    metric_name,
                                    expr_span,
                                ));
                                group.incompatible_histograms = true;
                            }
                        }
                    }
                    None => {
                        group.has_float = true;
                        if !group.float_incremental_mean {
                            let (nv, nc) =
                                crate::model::kahan::inc(f, group.float_value, group.float_kahan_c);
                            if !nv.is_infinite() {
                                group.float_value = nv;
                                group.float_kahan_c = nc;
                                continue;
                            }
                            group.float_incremental_mean = true;
                            group.float_mean = group.float_value / (group.group_count - 1.0);
                            group.float_kahan_c /= group.group_count - 1.0;
                        }
                        let q = (group.group_count - 1.0) / group.group_count;
                        let (m, c) = crate::model::kahan::inc(
                            f / group.group_count,
                            q * group.float_mean,
                            q * group.float_kahan_c,
                        );
                        group.float_mean = m;
                        group.float_kahan_c = c;
                    }
                }
            }
            K::Group => {}
            K::Max => {
                if h.is_some() {
                    annos.add(ann::histogram_ignored_in_aggregation_info("max", expr_span));
                    continue;
                }
                if group.float_value < f || group.float_value.is_nan() {
                    group.float_value = f;
                }
            }
            K::Min => {
                if h.is_some() {
                    annos.add(ann::histogram_ignored_in_aggregation_info("min", expr_span));
                    continue;
                }
                if group.float_value > f || group.float_value.is_nan() {
                    group.float_value = f;
                }
            }
            K::Count => group.group_count += 1.0,
            K::Stdvar | K::Stddev => {
                if h.is_none() {
                    group.group_count += 1.0;
                    let delta = f - group.float_mean;
                    group.float_mean += delta / group.group_count;
                    group.float_value += delta * (f - group.float_mean);
                } else {
                    annos.add(ann::histogram_ignored_in_aggregation_info(
                        &op_name(op),
                        expr_span,
                    ));
                }
            }
            K::Quantile => {
                if h.is_some() {
                    annos.add(ann::histogram_ignored_in_aggregation_info(
                        "quantile", expr_span,
                    ));
                    continue;
                }
                group.quantile_values.push(f);
            }
            _ => {}
        }
    }

    for (ri, g) in groups.iter_mut().enumerate() {
        if !g.seen {
            continue;
        }
        let mut hist: Option<Arc<FloatHistogram>> = None;
        if matches!(op, K::Avg | K::Sum) {
            if g.has_float && g.has_histogram {
                annos.add(ann::mixed_floats_histograms_agg_warning(expr_span));
                continue;
            }
            if g.incompatible_histograms {
                continue;
            }
        }
        match op {
            K::Avg => {
                if g.has_histogram {
                    if let Some(mut h) = histogram_avg_result(g) {
                        h.compact(0);
                        hist = Some(Arc::new(h));
                    }
                } else if g.float_incremental_mean {
                    g.float_value = g.float_mean + g.float_kahan_c;
                } else {
                    g.float_value = g.float_value / g.group_count + g.float_kahan_c / g.group_count;
                }
            }
            K::Count => g.float_value = g.group_count,
            K::Stdvar => g.float_value /= g.group_count,
            K::Stddev => g.float_value = (g.float_value / g.group_count).sqrt(),
            K::Quantile => {
                g.float_value = super::quantile::quantile(q, &mut g.quantile_values);
            }
            K::Sum => {
                if g.has_histogram {
                    if let Some(mut h) = g.histogram_value.take() {
                        if let Some(c) = g.histogram_kahan_c.take() {
                            h = h.add(&c).unwrap_or(h);
                        }
                        h.compact(0);
                        hist = Some(Arc::new(h));
                    }
                } else {
                    g.float_value += g.float_kahan_c;
                }
            }
            _ => {}
        }
        if g.counter_reset_seen && g.not_counter_reset_seen {
            annos.add(ann::histogram_counter_reset_collision_warning(
                expr_span,
                ann::HistogramOperation::Agg,
            ));
        }
        let out = &mut output[ri];
        add_to_series(out, ts, g.float_value, hist, num_steps);
        out.drop_name = g.drop_name;
    }
}

#[allow(clippy::too_many_arguments)]
fn aggregation_k(
    ev: &Evaluator<'_>,
    a: &AggNode,
    param: f64,
    input: &Matrix,
    series_to_group: &[usize],
    ratio_offsets: &[f64],
    groups: &mut [Group],
    cursors: &mut [(usize, usize)],
    ts: i64,
    annos: &mut Annotations,
) -> Vec<Sample> {
    let op = a.op;
    let mut groups_remaining = groups.len();
    for g in groups.iter_mut() {
        g.seen = false;
    }
    // Values of the remaining series at this step are consumed so later steps line up.
    let advance_rest = |cursors: &mut [(usize, usize)], from: usize| {
        for (i, s) in input.iter().enumerate().skip(from) {
            let _ = next_value(ts, s, &mut cursors[i]);
        }
    };
    for si in 0..input.len() {
        let s = &input[si];
        let Some((f, h)) = next_value(ts, s, &mut cursors[si]) else {
            continue;
        };
        // Built only for samples that are kept: most are compared and dropped.
        let sample = || Sample {
            metric: s.metric.clone(),
            t: ts,
            f,
            h: h.clone(),
            drop_name: s.drop_name,
        };
        let mut k: i64 = 0;
        let mut r: f64 = 0.0;
        let keep_for_ratio = |r: f64| {
            let offset = ratio_offsets.get(si).copied().unwrap_or(0.0);
            add_ratio_sample(r, offset)
        };
        match op {
            K::Topk | K::Bottomk | K::Limitk => {
                k = (param as i64).min(input.len() as i64);
                if k < 1 {
                    if ts != ev.end {
                        advance_rest(cursors, si + 1);
                    }
                    return Vec::new();
                }
            }
            K::LimitRatio => {
                if param == 0.0 {
                    if ts != ev.end {
                        advance_rest(cursors, si + 1);
                    }
                    return Vec::new();
                }
                r = param.clamp(-1.0, 1.0);
            }
            _ => {}
        }
        let group = &mut groups[series_to_group[si]];
        if !group.seen {
            *group = Group {
                seen: true,
                ..Group::default()
            };
            match op {
                K::LimitRatio if keep_for_ratio(r) => {
                    SampleHeap {
                        v: &mut group.heap,
                        less: value_less,
                    }
                    .push(sample());
                }
                K::Limitk => group.heap.push(sample()),
                K::Topk | K::Bottomk => {
                    if h.is_some() {
                        group.seen = false;
                        annos.add(ann::histogram_ignored_in_aggregation_info(
                            &op_name(op),
                            a.span,
                        ));
                    } else {
                        let less = if op == K::Topk {
                            value_less
                        } else {
                            reverse_less
                        };
                        SampleHeap {
                            v: &mut group.heap,
                            less,
                        }
                        .push(sample());
                    }
                }
                _ => {}
            }
            continue;
        }
        match op {
            K::Topk | K::Bottomk => {
                let less = if op == K::Topk {
                    value_less
                } else {
                    reverse_less
                };
                if h.is_some() {
                    annos.add(ann::histogram_ignored_in_aggregation_info(
                        &op_name(op),
                        a.span,
                    ));
                } else if (group.heap.len() as i64) < k {
                    SampleHeap {
                        v: &mut group.heap,
                        less,
                    }
                    .push(sample());
                } else {
                    let top = group.heap[0].f;
                    let replace = if op == K::Topk {
                        top < f || (top.is_nan() && !f.is_nan())
                    } else {
                        top > f || (top.is_nan() && !f.is_nan())
                    };
                    if replace {
                        group.heap[0] = sample();
                        if k > 1 {
                            SampleHeap {
                                v: &mut group.heap,
                                less,
                            }
                            .fix(0);
                        }
                    }
                }
            }
            K::Limitk => {
                if (group.heap.len() as i64) < k {
                    SampleHeap {
                        v: &mut group.heap,
                        less: value_less,
                    }
                    .push(sample());
                }
                if !group.group_aggr_complete && group.heap.len() as i64 == k {
                    group.group_aggr_complete = true;
                    groups_remaining -= 1;
                    if groups_remaining == 0 {
                        if ts != ev.end {
                            advance_rest(cursors, si + 1);
                        }
                        break;
                    }
                }
            }
            K::LimitRatio if keep_for_ratio(r) => {
                SampleHeap {
                    v: &mut group.heap,
                    less: value_less,
                }
                .push(sample());
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for g in groups.iter_mut() {
        if !g.seen {
            continue;
        }
        match op {
            K::Topk if g.heap.len() > 1 => sort_desc_by(&mut g.heap, value_less),
            K::Bottomk if g.heap.len() > 1 => sort_desc_by(&mut g.heap, reverse_less),
            _ => {}
        }
        out.append(&mut g.heap);
    }
    out
}

/// limit_ratio's deterministic sampling: a series is kept when its label hash, mapped to
/// [0, 1), falls on the kept side of the ratio.
fn add_ratio_sample(ratio: f64, offset: f64) -> bool {
    if ratio >= 0.0 {
        offset < ratio
    } else {
        offset >= 1.0 + ratio
    }
}

fn ratio_sample_offset(metric: &Labels) -> f64 {
    // Prometheus: float64(metric.Hash()) / float64(math.MaxUint64).
    let pairs = metric.iter().map(|l| (l.name.as_str(), l.value.as_str()));
    crate::model::xxhash::labels_hash(pairs) as f64 / u64::MAX as f64
}

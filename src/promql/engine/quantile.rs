//! Quantile and fraction estimation: over plain values (`quantile_over_time`, `quantile`
//! aggregation), over classic histogram buckets and over native histograms, with the
//! semantics of Prometheus's `promql/quantile.go`.

use std::cmp::Ordering;

use super::annotations::{self, Annotations};
use crate::diag::Span;
use crate::model::histogram::{bucket_bound as bound, FloatHistogram};

/// Relative difference between neighbouring classic buckets below which the difference is
/// taken as floating point noise and ignored (Prometheus's `smallDeltaTolerance`).
pub const SMALL_DELTA_TOLERANCE: f64 = 1e-12;

/// Bit pattern of Prometheus's staleness marker NaN.
const STALE_NAN_BITS: u64 = 0x7ff0_0000_0000_0002;

/// One bucket of a classic histogram: the `le` bound and its cumulative count.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bucket {
    pub upper_bound: f64,
    pub count: f64,
}

/// Result of [`bucket_quantile`], with what had to be repaired in the buckets.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BucketQuantile {
    pub quantile: f64,
    /// Some bucket count decreased with a higher bound and was raised.
    pub forced_monotonic: bool,
    /// Some tiny (floating point noise) difference between buckets was ignored.
    pub fixed_precision: bool,
    /// Lowest and highest bound where monotonicity was forced (`+Inf`/`-Inf` if none).
    pub min_bucket: f64,
    pub max_bucket: f64,
    /// Largest decrease that was removed.
    pub max_diff: f64,
}

fn sort_by_upper_bound(buckets: &mut [Bucket]) {
    // Bounds are not expected to be NaN; treating incomparable bounds as equal keeps the
    // order total enough for a stable sort.
    buckets.sort_by(|a, b| {
        a.upper_bound
            .partial_cmp(&b.upper_bound)
            .unwrap_or(Ordering::Equal)
    });
}

/// The `q` quantile of a classic histogram, interpolating linearly inside the bucket the
/// rank falls into. Sorts and repairs `buckets` in place.
///
/// NaN for `q` NaN, no `+Inf` bucket, fewer than two buckets or no observations; `-Inf`/`+Inf`
/// for `q` below 0 / above 1. A rank in the `+Inf` bucket yields the highest finite bound; a
/// rank in a first bucket with a bound ≤ 0 yields that bound, otherwise 0 is the lower bound
/// of the first bucket.
pub fn bucket_quantile(q: f64, buckets: &mut Vec<Bucket>) -> BucketQuantile {
    let mut res = BucketQuantile {
        quantile: f64::NAN,
        forced_monotonic: false,
        fixed_precision: false,
        min_bucket: 0.0,
        max_bucket: 0.0,
        max_diff: 0.0,
    };
    if q.is_nan() {
        return res;
    }
    if q < 0.0 {
        res.quantile = f64::NEG_INFINITY;
        return res;
    }
    if q > 1.0 {
        res.quantile = f64::INFINITY;
        return res;
    }
    sort_by_upper_bound(buckets);
    match buckets.last() {
        Some(b) if b.upper_bound == f64::INFINITY => {}
        _ => return res,
    }
    coalesce_buckets(buckets);
    let fix = ensure_monotonic_and_ignore_small_deltas(buckets, SMALL_DELTA_TOLERANCE);
    res.forced_monotonic = fix.forced_monotonic;
    res.fixed_precision = fix.fixed_precision;
    res.min_bucket = fix.min_bucket;
    res.max_bucket = fix.max_bucket;
    res.max_diff = fix.max_diff;

    let n = buckets.len();
    if n < 2 {
        return res;
    }
    let observations = buckets[n - 1].count;
    if observations == 0.0 {
        return res;
    }
    let mut rank = q * observations;
    // First bucket (excluding +Inf) whose cumulative count reaches the rank.
    let b = buckets[..n - 1]
        .iter()
        .position(|bk| bk.count >= rank)
        .unwrap_or(n - 1);
    res.quantile = if b == n - 1 {
        buckets[n - 2].upper_bound
    } else if b == 0 && buckets[0].upper_bound <= 0.0 {
        buckets[0].upper_bound
    } else {
        let mut bucket_start = 0.0;
        let bucket_end = buckets[b].upper_bound;
        let mut count = buckets[b].count;
        if b > 0 {
            bucket_start = buckets[b - 1].upper_bound;
            count -= buckets[b - 1].count;
            rank -= buckets[b - 1].count;
        }
        bucket_start + (bucket_end - bucket_start) * (rank / count)
    };
    res
}

/// The fraction of observations between `lower` and `upper` in a classic histogram,
/// interpolating linearly inside buckets. Sorts `buckets` in place.
pub fn bucket_fraction(lower: f64, upper: f64, buckets: &mut Vec<Bucket>) -> f64 {
    sort_by_upper_bound(buckets);
    match buckets.last() {
        Some(b) if b.upper_bound == f64::INFINITY => {}
        _ => return f64::NAN,
    }
    coalesce_buckets(buckets);
    let count = buckets.last().map_or(0.0, |b| b.count);
    if count == 0.0 || lower.is_nan() || upper.is_nan() {
        return f64::NAN;
    }
    if lower >= upper {
        return 0.0;
    }
    let (mut rank, mut lower_rank, mut upper_rank) = (0.0, 0.0, 0.0);
    let (mut lower_set, mut upper_set) = (false, false);
    // With a positive first bound the histogram is taken to hold positive values only.
    let mut lower_bound = if buckets[0].upper_bound <= 0.0 {
        f64::NEG_INFINITY
    } else {
        0.0
    };
    for i in 0..buckets.len() {
        if i > 0 {
            lower_bound = buckets[i - 1].upper_bound;
        }
        let b = buckets[i];
        let upper_bound = b.upper_bound;
        // An infinite bucket contributes nothing to a partial count.
        let interpolate = |v: f64| {
            if lower_bound == f64::NEG_INFINITY {
                b.count
            } else {
                rank + (b.count - rank) * (v - lower_bound) / (upper_bound - lower_bound)
            }
        };
        if !lower_set && lower_bound >= lower {
            lower_rank = rank;
            lower_set = true;
        }
        if !upper_set && lower_bound >= upper {
            upper_rank = rank;
            upper_set = true;
        }
        if lower_set && upper_set {
            break;
        }
        if !lower_set && lower_bound < lower && upper_bound > lower {
            lower_rank = interpolate(lower);
            lower_set = true;
        }
        if !upper_set && lower_bound < upper && upper_bound > upper {
            upper_rank = interpolate(upper);
            upper_set = true;
        }
        if lower_set && upper_set {
            break;
        }
        rank = b.count;
    }
    if !lower_set || lower_rank > count {
        lower_rank = count;
    }
    if !upper_set || upper_rank > count {
        upper_rank = count;
    }
    (upper_rank - lower_rank) / count
}

/// Merges buckets with the same bound (summing their counts); `buckets` must be sorted.
fn coalesce_buckets(buckets: &mut Vec<Bucket>) {
    let mut out: Vec<Bucket> = Vec::with_capacity(buckets.len());
    for &b in buckets.iter() {
        match out.last_mut() {
            Some(last) if last.upper_bound == b.upper_bound => last.count += b.count,
            _ => out.push(b),
        }
    }
    *buckets = out;
}

/// What [`ensure_monotonic_and_ignore_small_deltas`] changed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MonotonicityFix {
    pub forced_monotonic: bool,
    pub fixed_precision: bool,
    pub min_bucket: f64,
    pub max_bucket: f64,
    pub max_diff: f64,
}

/// Makes cumulative bucket counts non-decreasing: differences within `tolerance` (relative)
/// are flattened silently, real decreases are raised to the previous count and reported.
pub fn ensure_monotonic_and_ignore_small_deltas(
    buckets: &mut [Bucket],
    tolerance: f64,
) -> MonotonicityFix {
    let mut fix = MonotonicityFix {
        forced_monotonic: false,
        fixed_precision: false,
        min_bucket: f64::INFINITY,
        max_bucket: f64::NEG_INFINITY,
        max_diff: 0.0,
    };
    let Some(first) = buckets.first() else {
        return fix;
    };
    let mut prev = first.count;
    for b in buckets.iter_mut().skip(1) {
        let curr = b.count;
        if curr == prev {
            continue;
        }
        if almost_equal(prev, curr, tolerance) {
            // Keep `prev`: the difference is noise.
            b.count = prev;
            fix.fixed_precision = true;
            continue;
        }
        if curr < prev {
            b.count = prev;
            fix.forced_monotonic = true;
            if b.upper_bound < fix.min_bucket {
                fix.min_bucket = b.upper_bound;
            }
            if b.upper_bound > fix.max_bucket {
                fix.max_bucket = b.upper_bound;
            }
            let diff = prev - curr;
            if diff > fix.max_diff {
                fix.max_diff = diff;
            }
            continue;
        }
        prev = curr;
    }
    fix
}

/// Prometheus's `almost.Equal`: true when `a` and `b` differ by less than `epsilon` times the
/// sum of their magnitudes. Two NaNs are equal, but the staleness marker equals only itself.
/// When either value is 0 (or both are subnormal) the difference must be below
/// `epsilon` × the smallest normal float, so practically exact.
pub fn almost_equal(a: f64, b: f64, epsilon: f64) -> bool {
    let a_stale = a.to_bits() == STALE_NAN_BITS;
    let b_stale = b.to_bits() == STALE_NAN_BITS;
    if a_stale || b_stale {
        return a_stale && b_stale;
    }
    if a.is_nan() && b.is_nan() {
        return true;
    }
    if a == b {
        return true;
    }
    let min_normal = f64::MIN_POSITIVE;
    let abs_sum = a.abs() + b.abs();
    let diff = (a - b).abs();
    if a == 0.0 || b == 0.0 || abs_sum < min_normal {
        return diff < epsilon * min_normal;
    }
    diff / abs_sum.min(f64::MAX) < epsilon
}

/// The `q` quantile of `values` (sorted in place; NaN sorts first), interpolating between
/// neighbours. NaN for no values or `q` NaN; `-Inf`/`+Inf` for `q` below 0 / above 1.
pub fn quantile(q: f64, values: &mut [f64]) -> f64 {
    if values.is_empty() || q.is_nan() {
        return f64::NAN;
    }
    if q < 0.0 {
        return f64::NEG_INFINITY;
    }
    if q > 1.0 {
        return f64::INFINITY;
    }
    values.sort_by(|a, b| match (a.is_nan(), b.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        _ => a.partial_cmp(b).unwrap_or(Ordering::Equal),
    });
    let n = values.len() as f64;
    let rank = q * (n - 1.0);
    let lower = rank.floor().max(0.0);
    let upper = (n - 1.0).min(lower + 1.0);
    let weight = rank - rank.floor();
    let at = |i: f64| values.get(i as usize).copied().unwrap_or(f64::NAN);
    at(lower) * (1.0 - weight) + at(upper) * weight
}

/// One bucket of a native histogram, with its bounds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HistogramBucket {
    pub lower: f64,
    pub upper: f64,
    pub lower_inclusive: bool,
    pub upper_inclusive: bool,
    pub count: f64,
    pub index: i64,
}

impl HistogramBucket {
    /// Share of the bucket's width at or below `v` (inside the bucket), linearly or on a
    /// logarithmic scale (exponential buckets).
    pub fn fraction_below(&self, v: f64, linear: bool) -> f64 {
        if linear {
            return (v - self.lower) / (self.upper - self.lower);
        }
        let log_lower = self.lower.abs().log2();
        let log_upper = self.upper.abs().log2();
        let log_v = v.abs().log2();
        if v > 0.0 {
            return (log_v - log_lower) / (log_upper - log_lower);
        }
        1.0 - ((log_v - log_upper) / (log_lower - log_upper))
    }
}

fn make_bucket(h: &FloatHistogram, idx: i64, count: f64, positive: bool) -> HistogramBucket {
    let custom = h.uses_custom_buckets();
    let (lower, upper) = if positive {
        (
            bound(idx - 1, h.schema, &h.custom_values),
            bound(idx, h.schema, &h.custom_values),
        )
    } else {
        (
            -bound(idx, h.schema, &h.custom_values),
            -bound(idx - 1, h.schema, &h.custom_values),
        )
    };
    let (lower_inclusive, upper_inclusive) = if custom {
        (idx == 0, true)
    } else {
        (lower < 0.0, upper > 0.0)
    };
    HistogramBucket {
        lower,
        upper,
        lower_inclusive,
        upper_inclusive,
        count,
        index: idx,
    }
}

fn zero_bucket(h: &FloatHistogram) -> HistogramBucket {
    HistogramBucket {
        lower: -h.zero_threshold,
        upper: h.zero_threshold,
        lower_inclusive: true,
        upper_inclusive: true,
        count: h.zero_count,
        index: 0,
    }
}

/// Clips buckets that reach into the zero bucket to its threshold.
fn clip_to_zero_threshold(h: &FloatHistogram, mut b: HistogramBucket) -> HistogramBucket {
    let zt = h.zero_threshold;
    if b.upper < 0.0 && b.upper > -zt {
        b.upper = -zt;
    } else if b.lower > 0.0 && b.lower < zt {
        b.lower = zt;
    }
    b
}

/// Every bucket from the lowest to the highest value: negative buckets, the zero bucket
/// (when populated), positive buckets (Prometheus's `AllBucketIterator`).
pub fn all_buckets(h: &FloatHistogram) -> Vec<HistogramBucket> {
    let neg = h.negative_bucket_entries();
    let pos = h.positive_bucket_entries();
    let mut out = Vec::with_capacity(neg.len() + pos.len() + 1);
    for &(idx, c) in neg.iter().rev() {
        out.push(clip_to_zero_threshold(h, make_bucket(h, idx, c, false)));
    }
    if h.zero_count > 0.0 {
        out.push(zero_bucket(h));
    }
    for &(idx, c) in &pos {
        out.push(clip_to_zero_threshold(h, make_bucket(h, idx, c, true)));
    }
    out
}

/// The `q` quantile of a native histogram (Prometheus's `HistogramQuantile`): linear
/// interpolation in custom and zero buckets, exponential interpolation elsewhere. NaN
/// observations (sum NaN) are reported through info annotations about `metric_name` at `span`.
pub fn histogram_quantile(
    q: f64,
    h: &FloatHistogram,
    metric_name: &str,
    span: Span,
) -> (f64, Annotations) {
    let mut annos = Annotations::new();
    if q < 0.0 {
        return (f64::NEG_INFINITY, annos);
    }
    if q > 1.0 {
        return (f64::INFINITY, annos);
    }
    if h.count == 0.0 || q.is_nan() {
        return (f64::NAN, annos);
    }
    let forward = h.sum.is_nan() || q < 0.5;
    let mut buckets = all_buckets(h);
    let mut rank = q * h.count;
    if !forward {
        // From the highest bucket down (Prometheus's `AllReverseBucketIterator`).
        buckets.reverse();
        rank = (1.0 - q) * h.count;
    }
    let mut bucket = HistogramBucket {
        lower: 0.0,
        upper: 0.0,
        lower_inclusive: false,
        upper_inclusive: false,
        count: 0.0,
        index: 0,
    };
    let mut count = 0.0;
    let mut next = 0;
    while let Some(b) = buckets.get(next) {
        next += 1;
        bucket = *b;
        if bucket.count == 0.0 {
            continue;
        }
        count += bucket.count;
        if count >= rank {
            break;
        }
    }
    let custom = h.uses_custom_buckets();
    if !custom && bucket.lower < 0.0 && bucket.upper > 0.0 {
        if h.negative_buckets.is_empty() && !h.positive_buckets.is_empty() {
            // Only positive buckets: the zero bucket starts at 0.
            bucket.lower = 0.0;
        } else if h.positive_buckets.is_empty() && !h.negative_buckets.is_empty() {
            bucket.upper = 0.0;
        }
    } else if custom {
        if bucket.lower == f64::NEG_INFINITY {
            if bucket.upper <= 0.0 {
                return (bucket.upper, annos);
            }
            bucket.lower = 0.0;
        } else if bucket.upper == f64::INFINITY {
            return (bucket.lower, annos);
        }
    }
    if count > h.count {
        count = h.count;
    }
    if count < rank {
        if h.sum.is_nan() {
            annos.add(annotations::native_histogram_quantile_nan_result_info(
                metric_name,
                span,
            ));
            return (f64::NAN, annos);
        }
        return (bucket.upper, annos);
    }
    if forward {
        rank -= count - bucket.count;
    } else {
        rank = count - rank;
    }
    if h.sum.is_nan() {
        // Observations missing from the buckets are NaNs.
        for b in buckets.iter().skip(next) {
            count += b.count;
        }
        if count < h.count {
            annos.add(annotations::native_histogram_quantile_nan_skew_info(
                metric_name,
                span,
            ));
        }
    }
    let fraction = rank / bucket.count;
    if custom || (bucket.lower <= 0.0 && bucket.upper >= 0.0) {
        return (
            bucket.lower + (bucket.upper - bucket.lower) * fraction,
            annos,
        );
    }
    let log_lower = bucket.lower.abs().log2();
    let log_upper = bucket.upper.abs().log2();
    if bucket.lower > 0.0 {
        return (
            (log_lower + (log_upper - log_lower) * fraction).exp2(),
            annos,
        );
    }
    (
        -(log_upper + (log_lower - log_upper) * (1.0 - fraction)).exp2(),
        annos,
    )
}

/// The fraction of observations of a native histogram between `lower` and `upper`
/// (Prometheus's `HistogramFraction`).
pub fn histogram_fraction(
    lower: f64,
    upper: f64,
    h: &FloatHistogram,
    metric_name: &str,
    span: Span,
) -> (f64, Annotations) {
    let mut annos = Annotations::new();
    if h.count == 0.0 || lower.is_nan() || upper.is_nan() {
        return (f64::NAN, annos);
    }
    if lower >= upper {
        return (0.0, annos);
    }
    let custom = h.uses_custom_buckets();
    let buckets = all_buckets(h);
    let (mut count, mut rank, mut lower_rank, mut upper_rank) = (0.0, 0.0, 0.0, 0.0);
    let (mut lower_set, mut upper_set) = (false, false);
    let mut next = 0;
    while let Some(&orig) = buckets.get(next) {
        next += 1;
        let mut b = orig;
        count += b.count;
        let mut zero = false;
        if b.lower <= 0.0 && b.upper >= 0.0 {
            zero = true;
            if h.negative_buckets.is_empty() && !h.positive_buckets.is_empty() {
                b.lower = 0.0;
            } else if h.positive_buckets.is_empty() && !h.negative_buckets.is_empty() {
                b.upper = 0.0;
            }
        }
        let interpolate = |v: f64| {
            if custom || zero {
                // An infinite lower bound cannot be interpolated: count the whole bucket.
                if b.lower == f64::NEG_INFINITY {
                    b.count
                } else {
                    rank + b.count * b.fraction_below(v, true)
                }
            } else {
                rank + b.count * b.fraction_below(v, false)
            }
        };
        if !lower_set && b.lower >= lower {
            lower_rank = rank;
            lower_set = true;
        }
        if !upper_set && b.lower >= upper {
            upper_rank = rank;
            upper_set = true;
        }
        if lower_set && upper_set {
            break;
        }
        if !lower_set && b.lower < lower && b.upper > lower {
            lower_rank = interpolate(lower);
            lower_set = true;
        }
        if !upper_set && b.lower < upper && b.upper > upper {
            upper_rank = interpolate(upper);
            upper_set = true;
        }
        if lower_set && upper_set {
            break;
        }
        rank += b.count;
    }
    if h.sum.is_nan() {
        for b in buckets.iter().skip(next) {
            count += b.count;
        }
        if count < h.count {
            annos.add(annotations::native_histogram_fraction_nans_info(
                metric_name,
                span,
            ));
        }
    } else {
        count = h.count;
    }
    if !lower_set || lower_rank > count {
        lower_rank = count;
    }
    if !upper_set || upper_rank > count {
        upper_rank = count;
    }
    ((upper_rank - lower_rank) / h.count, annos)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::histogram::Span as HSpan;

    fn b(upper_bound: f64, count: f64) -> Bucket {
        Bucket { upper_bound, count }
    }

    #[test]
    fn classic_quantile_interpolates() {
        // testhistogram_bucket{le="0.1|0.2|+Inf"} = 50, 70, 110 (promqltest histograms.test).
        let mut bs = vec![b(f64::INFINITY, 110.0), b(0.1, 50.0), b(0.2, 70.0)];
        let r = bucket_quantile(0.5, &mut bs);
        // rank 55 → second bucket: 0.1 + 0.1 * 5/20.
        assert!((r.quantile - 0.125).abs() < 1e-12);
        assert!(!r.forced_monotonic);
        // Rank in +Inf bucket → highest finite bound.
        let mut bs = vec![b(0.1, 50.0), b(0.2, 70.0), b(f64::INFINITY, 110.0)];
        assert_eq!(bucket_quantile(0.9, &mut bs).quantile, 0.2);
        let mut bs = vec![b(0.1, 50.0), b(f64::INFINITY, 110.0)];
        assert_eq!(bucket_quantile(-1.0, &mut bs).quantile, f64::NEG_INFINITY);
        assert_eq!(bucket_quantile(2.0, &mut bs).quantile, f64::INFINITY);
        assert!(bucket_quantile(f64::NAN, &mut bs).quantile.is_nan());
        // Missing +Inf bucket.
        let mut bs = vec![b(0.1, 50.0), b(0.2, 70.0)];
        assert!(bucket_quantile(0.5, &mut bs).quantile.is_nan());
        // Only one bucket.
        let mut bs = vec![b(f64::INFINITY, 10.0)];
        assert!(bucket_quantile(0.5, &mut bs).quantile.is_nan());
        // Negative first bucket returns its bound.
        let mut bs = vec![b(-1.0, 10.0), b(f64::INFINITY, 20.0)];
        assert_eq!(bucket_quantile(0.1, &mut bs).quantile, -1.0);
    }

    #[test]
    fn classic_quantile_forces_monotonicity() {
        let mut bs = vec![
            b(1.0, 10.0),
            b(2.0, 8.0),
            b(3.0, 7.0),
            b(4.0, 12.0),
            b(f64::INFINITY, 12.0),
        ];
        let r = bucket_quantile(0.5, &mut bs);
        assert!(r.forced_monotonic);
        assert_eq!((r.min_bucket, r.max_bucket, r.max_diff), (2.0, 3.0, 3.0));
        assert_eq!(r.quantile, 0.6);
        // Tiny differences are ignored silently.
        let mut bs = vec![b(1.0, 10.0), b(2.0, 10.0 - 1e-13), b(f64::INFINITY, 20.0)];
        let r = bucket_quantile(0.5, &mut bs);
        assert!(r.fixed_precision && !r.forced_monotonic);
    }

    #[test]
    fn classic_quantile_coalesces_equal_bounds() {
        let mut bs = vec![b(1.0, 5.0), b(1.0, 5.0), b(f64::INFINITY, 20.0)];
        assert_eq!(bucket_quantile(0.25, &mut bs).quantile, 0.5);
    }

    #[test]
    fn classic_fraction() {
        let mut bs = vec![b(0.1, 50.0), b(0.2, 70.0), b(f64::INFINITY, 110.0)];
        let f = bucket_fraction(0.0, 0.2, &mut bs);
        assert!((f - 70.0 / 110.0).abs() < 1e-12);
        let f = bucket_fraction(0.1, 0.15, &mut bs);
        assert!((f - 10.0 / 110.0).abs() < 1e-12);
        assert_eq!(bucket_fraction(0.3, 0.1, &mut bs), 0.0);
        assert!(bucket_fraction(f64::NAN, 0.1, &mut bs).is_nan());
        // Everything above the highest finite bound counts only through +Inf.
        let f = bucket_fraction(f64::NEG_INFINITY, f64::INFINITY, &mut bs);
        assert_eq!(f, 1.0);
    }

    #[test]
    fn value_quantile() {
        let mut v = [3.0, 1.0, 2.0, 4.0];
        assert_eq!(quantile(0.5, &mut v), 2.5);
        assert_eq!(quantile(0.0, &mut v), 1.0);
        assert_eq!(quantile(1.0, &mut v), 4.0);
        assert!(quantile(0.5, &mut []).is_nan());
        let mut v = [f64::NAN, 1.0];
        assert!(quantile(0.0, &mut v).is_nan());
        assert_eq!(quantile(1.0, &mut v), 1.0);
    }

    #[test]
    fn almost_equal_like_prometheus() {
        assert!(almost_equal(1.0, 1.0 + 1e-13, 1e-12));
        assert!(!almost_equal(1.0, 1.0 + 1e-11, 1e-12));
        assert!(almost_equal(f64::NAN, f64::NAN, 1e-12));
        assert!(!almost_equal(
            f64::from_bits(STALE_NAN_BITS),
            f64::NAN,
            1e-12
        ));
        assert!(!almost_equal(0.0, 1e-300, 1e-12));
    }

    fn exp_hist() -> FloatHistogram {
        // {{schema:0 count:10 sum:20 z_bucket:2 z_bucket_w:0.001 buckets:[2 3 3]}}
        FloatHistogram {
            schema: 0,
            count: 10.0,
            sum: 20.0,
            zero_count: 2.0,
            zero_threshold: 0.001,
            positive_spans: vec![HSpan {
                offset: 0,
                length: 3,
            }],
            positive_buckets: vec![2.0, 3.0, 3.0],
            ..FloatHistogram::default()
        }
    }

    #[test]
    fn native_quantile_and_fraction() {
        let h = exp_hist();
        let sp = Span::default();
        // Median: forward count 2 (zero) + 2 ([0.5,1]) = 4 < 5, then (1,2] reaches 7.
        // Reverse iteration (q >= 0.5): rank 5 from the top: (2,4] has 3, (1,2] reaches 6.
        let (v, a) = histogram_quantile(0.5, &h, "m", sp);
        assert!(a.is_empty());
        // fraction in (1,2]: rank = 6 - 5 = 1 → 1/3 → 2^(1/3).
        assert!((v - 2f64.powf(1.0 / 3.0)).abs() < 1e-12, "{v}");
        // Zero bucket with only positive buckets: linear between 0 and the threshold.
        let (v, _) = histogram_quantile(0.1, &h, "m", sp);
        assert!((v - 0.0005).abs() < 1e-15, "{v}");
        let (f, _) = histogram_fraction(f64::NEG_INFINITY, 1.0, &h, "m", sp);
        assert!((f - 0.4).abs() < 1e-12);
        let (f, _) = histogram_fraction(1.0, f64::INFINITY, &h, "m", sp);
        assert!((f - 0.6).abs() < 1e-12);
        let (v, _) = histogram_quantile(2.0, &h, "m", sp);
        assert_eq!(v, f64::INFINITY);
    }

    fn hist(schema: i32, count: f64, sum: f64, pos: &[f64], neg: &[f64]) -> FloatHistogram {
        let span = |n: usize| {
            if n == 0 {
                Vec::new()
            } else {
                vec![HSpan {
                    offset: 0,
                    length: n as u32,
                }]
            }
        };
        FloatHistogram {
            schema,
            count,
            sum,
            positive_spans: span(pos.len()),
            positive_buckets: pos.to_vec(),
            negative_spans: span(neg.len()),
            negative_buckets: neg.to_vec(),
            ..FloatHistogram::default()
        }
    }

    #[test]
    fn native_histograms_test_expectations() {
        let sp = Span::default();
        let close = |a: f64, b: f64| almost_equal(a, b, 1e-9);
        // single_histogram {{schema:0 sum:5 count:4 buckets:[1 2 1]}}
        let single = hist(0, 4.0, 5.0, &[1.0, 2.0, 1.0], &[]);
        assert_eq!(histogram_fraction(1.0, 2.0, &single, "", sp).0, 0.5);
        assert_eq!(histogram_fraction(0.0, 8.0, &single, "", sp).0, 1.0);
        assert!(close(
            histogram_quantile(0.5, &single, "", sp).0,
            std::f64::consts::SQRT_2
        ));
        // negative_histogram {{schema:0 sum:-5 count:4 n_buckets:[1 2 1]}}
        let negative = hist(0, 4.0, -5.0, &[], &[1.0, 2.0, 1.0]);
        assert_eq!(histogram_fraction(-2.0, -1.0, &negative, "", sp).0, 0.5);
        assert!(close(
            histogram_quantile(0.5, &negative, "", sp).0,
            -std::f64::consts::SQRT_2
        ));
        // balanced_histogram: both of the above with sum 0.
        let balanced = hist(0, 8.0, 0.0, &[1.0, 2.0, 1.0], &[1.0, 2.0, 1.0]);
        assert_eq!(histogram_fraction(0.0, 4.0, &balanced, "", sp).0, 0.5);
        assert_eq!(histogram_quantile(0.5, &balanced, "", sp).0, 0.5);
        // single_zero_histogram {{schema:0 z_bucket:1 z_bucket_w:0.5 sum:0.25 count:1}}
        let zero = FloatHistogram {
            count: 1.0,
            sum: 0.25,
            zero_count: 1.0,
            zero_threshold: 0.5,
            ..FloatHistogram::default()
        };
        assert_eq!(histogram_fraction(-0.5, 0.5, &zero, "", sp).0, 1.0);
        assert_eq!(histogram_quantile(0.5, &zero, "", sp).0, 0.0);
        // Empty histograms have no quantiles or fractions.
        let empty = FloatHistogram::default();
        assert!(histogram_fraction(0.0, 8.0, &empty, "", sp).0.is_nan());
        assert!(histogram_quantile(0.5, &empty, "", sp).0.is_nan());
        // Custom buckets interpolate linearly: {{schema:-53 custom_values:[5 10] buckets:[1 2 1]}}
        let custom = FloatHistogram {
            schema: crate::model::histogram::CUSTOM_BUCKETS_SCHEMA,
            count: 4.0,
            sum: 5.0,
            custom_values: vec![5.0, 10.0],
            positive_spans: vec![HSpan {
                offset: 0,
                length: 3,
            }],
            positive_buckets: vec![1.0, 2.0, 1.0],
            ..FloatHistogram::default()
        };
        assert_eq!(histogram_quantile(0.5, &custom, "", sp).0, 7.5);
        // The +Inf bucket yields its lower bound; the first bucket starts at 0.
        assert_eq!(histogram_quantile(0.99, &custom, "", sp).0, 10.0);
        assert_eq!(histogram_quantile(0.1, &custom, "", sp).0, 2.0);
        assert_eq!(histogram_fraction(0.0, 7.5, &custom, "", sp).0, 0.5);
    }

    #[test]
    fn native_quantile_nan_observations() {
        let mut h = exp_hist();
        h.sum = f64::NAN;
        h.count = 12.0; // two NaN observations
        let (v, a) = histogram_quantile(0.99, &h, "m", Span::default());
        assert!(v.is_nan());
        assert_eq!(
            a.iter().next().map(|a| a.text.as_str()),
            Some("PromQL info: input to histogram_quantile has NaN observations, result is NaN for metric name \"m\"")
        );
        let (_, a) = histogram_quantile(0.5, &h, "", Span::default());
        assert_eq!(
            a.iter().next().map(|a| a.text.as_str()),
            Some("PromQL info: input to histogram_quantile has NaN observations, result is skewed higher")
        );
    }
}

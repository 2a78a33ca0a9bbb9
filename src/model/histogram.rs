//! Native histograms with float counts, following Prometheus's `model/histogram`
//! `FloatHistogram`: exponential schemas (−4…8, bucket boundaries at powers of
//! `2^(2^-schema)`) and custom-bucket histograms (schema −53, boundaries in
//! `custom_values`).
//!
//! Bucket counts are absolute (not deltas). Buckets are addressed by index: for an exponential
//! schema, positive bucket `i` covers `(bucket_bound(i-1), bucket_bound(i)]`; negative buckets
//! mirror that.
//! Spans describe which indices are present: the first span's offset is the index of its first
//! bucket, every later offset is the gap after the previous span.
//!
//! Arithmetic keeps the values Prometheus computes. The span layout of a result can differ
//! from Prometheus's (we rebuild spans from the set of present buckets), but after
//! [`FloatHistogram::compact`] both are identical.

use std::collections::BTreeMap;
use std::fmt;

/// Schema number of histograms with custom bucket boundaries.
pub const CUSTOM_BUCKETS_SCHEMA: i32 = -53;
/// Smallest exponential schema.
pub const EXPONENTIAL_SCHEMA_MIN: i32 = -4;
/// Largest exponential schema.
pub const EXPONENTIAL_SCHEMA_MAX: i32 = 8;
/// The exponential schemas a reader of stored histograms accepts (Prometheus's reserved
/// range); those above [`EXPONENTIAL_SCHEMA_MAX`] are read at that resolution
/// ([`FloatHistogram::reduce_to_max_schema`]).
pub const EXPONENTIAL_SCHEMA_MIN_RESERVED: i32 = -9;
pub const EXPONENTIAL_SCHEMA_MAX_RESERVED: i32 = 52;

/// Whether a stored histogram's schema is one Prometheus reads (`histogram.IsKnownSchema`):
/// custom buckets or the reserved exponential range. Readers skip or refuse the others.
pub fn is_known_schema(schema: i32) -> bool {
    schema == CUSTOM_BUCKETS_SCHEMA
        || (EXPONENTIAL_SCHEMA_MIN_RESERVED..=EXPONENTIAL_SCHEMA_MAX_RESERVED).contains(&schema)
}

/// What is known about counter resets between this histogram and the previous one of its series.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CounterResetHint {
    #[default]
    Unknown,
    CounterReset,
    NotCounterReset,
    /// A gauge histogram: counter resets do not apply.
    Gauge,
}

/// A run of consecutive buckets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub offset: i32,
    pub length: u32,
}

/// A native histogram with float counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FloatHistogram {
    pub counter_reset_hint: CounterResetHint,
    pub schema: i32,
    /// Half-width of the zero bucket.
    pub zero_threshold: f64,
    pub zero_count: f64,
    pub count: f64,
    pub sum: f64,
    pub positive_spans: Vec<Span>,
    pub negative_spans: Vec<Span>,
    pub positive_buckets: Vec<f64>,
    pub negative_buckets: Vec<f64>,
    /// Upper bounds of the buckets for schema −53 (`+Inf` is implied); empty otherwise.
    pub custom_values: Vec<f64>,
}

/// Why two histograms could not be combined.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HistogramError {
    #[error("cannot apply this operation on histograms with a mix of exponential and custom bucket schemas")]
    IncompatibleSchema,
}

/// Result of [`FloatHistogram::add_detailed`] / [`FloatHistogram::sub_detailed`].
#[derive(Clone, Debug, PartialEq)]
pub struct Combined {
    pub histogram: FloatHistogram,
    /// One operand said "counter reset", the other "not a counter reset"; the result's hint was
    /// set to unknown.
    pub counter_reset_collision: bool,
    /// The custom bucket bounds differed and the result uses their intersection.
    pub nhcb_bounds_reconciled: bool,
}

/// A bucket index with its count, as produced by walking spans.
type Entry = (i64, f64);

impl FloatHistogram {
    /// Whether this histogram uses custom bucket boundaries (schema −53).
    pub fn uses_custom_buckets(&self) -> bool {
        self.schema == CUSTOM_BUCKETS_SCHEMA
    }

    /// A copy holding only the fields its schema uses (Prometheus's `Copy`): custom-bucket
    /// histograms drop zero bucket and negative buckets, exponential ones drop custom values.
    pub fn copy_relevant(&self) -> FloatHistogram {
        let mut c = self.clone();
        if self.uses_custom_buckets() {
            c.zero_threshold = 0.0;
            c.zero_count = 0.0;
            c.negative_spans.clear();
            c.negative_buckets.clear();
        } else {
            c.custom_values.clear();
        }
        c
    }

    /// `self + other`, reconciling schemas (to the coarser one) and zero buckets (to the wider
    /// one). Custom-bucket histograms with different bounds are added on the intersection of
    /// their bounds.
    pub fn add(&self, other: &FloatHistogram) -> Result<FloatHistogram, HistogramError> {
        self.add_detailed(other).map(|c| c.histogram)
    }

    /// `self - other`, with the same reconciliation as [`add`](Self::add). The counter reset
    /// hint is combined like for addition; callers implementing PromQL's `-` set it to gauge.
    pub fn sub(&self, other: &FloatHistogram) -> Result<FloatHistogram, HistogramError> {
        self.sub_detailed(other).map(|c| c.histogram)
    }

    /// Like [`add`](Self::add), also reporting hint collisions and bound reconciliation.
    pub fn add_detailed(&self, other: &FloatHistogram) -> Result<Combined, HistogramError> {
        let mut h = self.clone();
        let (counter_reset_collision, nhcb_bounds_reconciled) = h.combine(other, false)?;
        Ok(Combined {
            histogram: h,
            counter_reset_collision,
            nhcb_bounds_reconciled,
        })
    }

    /// Like [`sub`](Self::sub), also reporting hint collisions and bound reconciliation.
    pub fn sub_detailed(&self, other: &FloatHistogram) -> Result<Combined, HistogramError> {
        let mut h = self.clone();
        let (counter_reset_collision, nhcb_bounds_reconciled) = h.combine(other, true)?;
        Ok(Combined {
            histogram: h,
            counter_reset_collision,
            nhcb_bounds_reconciled,
        })
    }

    /// Adds (or, with `negate`, subtracts) `other` into `self`.
    fn combine(
        &mut self,
        other: &FloatHistogram,
        negate: bool,
    ) -> Result<(bool, bool), HistogramError> {
        if self.uses_custom_buckets() != other.uses_custom_buckets() {
            return Err(HistogramError::IncompatibleSchema);
        }
        let collision = self.adjust_counter_reset(other);
        let sign = if negate { -1.0 } else { 1.0 };
        if !self.uses_custom_buckets() {
            let other_zero = self.reconcile_zero_buckets(other);
            if negate {
                self.zero_count -= other_zero;
            } else {
                self.zero_count += other_zero;
            }
        }
        if negate {
            self.count -= other.count;
            self.sum -= other.sum;
        } else {
            self.count += other.count;
            self.sum += other.sum;
        }

        if self.uses_custom_buckets() {
            let a = expand(&self.positive_spans, &self.positive_buckets);
            let b = expand(&other.positive_spans, &other.positive_buckets);
            if bounds_match(&self.custom_values, &other.custom_values) {
                let merged = add_entries(self.schema, self.zero_threshold, sign, &a, &b);
                (self.positive_spans, self.positive_buckets) = build(&merged);
                return Ok((collision, false));
            }
            let bounds = intersect_bounds(&self.custom_values, &other.custom_values);
            (self.positive_spans, self.positive_buckets) = map_custom_buckets(
                sign,
                &a,
                &self.custom_values,
                &b,
                &other.custom_values,
                &bounds,
            );
            self.custom_values = bounds;
            return Ok((collision, true));
        }

        let mut hp = expand(&self.positive_spans, &self.positive_buckets);
        let mut hn = expand(&self.negative_spans, &self.negative_buckets);
        let mut op = expand(&other.positive_spans, &other.positive_buckets);
        let mut on = expand(&other.negative_spans, &other.negative_buckets);
        if other.schema < self.schema {
            hp = reduce_resolution(&hp, self.schema, other.schema);
            hn = reduce_resolution(&hn, self.schema, other.schema);
            self.schema = other.schema;
        } else if other.schema > self.schema {
            op = reduce_resolution(&op, other.schema, self.schema);
            on = reduce_resolution(&on, other.schema, self.schema);
        }
        let pos = add_entries(self.schema, self.zero_threshold, sign, &hp, &op);
        let neg = add_entries(self.schema, self.zero_threshold, sign, &hn, &on);
        (self.positive_spans, self.positive_buckets) = build(&pos);
        (self.negative_spans, self.negative_buckets) = build(&neg);
        Ok((collision, false))
    }

    /// Combines counter reset hints for addition/subtraction; returns true on a direct
    /// reset/not-reset collision (the result is then unknown).
    fn adjust_counter_reset(&mut self, other: &FloatHistogram) -> bool {
        use CounterResetHint::*;
        match (self.counter_reset_hint, other.counter_reset_hint) {
            (a, b) if a == b => false,
            (Gauge, _) => false,
            (_, Gauge) => {
                self.counter_reset_hint = Gauge;
                false
            }
            (Unknown, _) => false,
            (_, Unknown) => {
                self.counter_reset_hint = Unknown;
                false
            }
            _ => {
                self.counter_reset_hint = Unknown;
                true
            }
        }
    }

    /// Widens the zero buckets of `self` and (virtually) `other` until both have the same
    /// threshold that does not cut through a populated bucket. Updates `self` and returns the
    /// zero count `other` would have.
    fn reconcile_zero_buckets(&mut self, other: &FloatHistogram) -> f64 {
        let mut other_count = other.zero_count;
        let mut other_threshold = other.zero_threshold;
        // The loop converges after a few rounds for real data; the cap and the NaN check keep
        // hostile input (NaN thresholds never compare equal) from spinning forever.
        for _ in 0..10_000 {
            if other_threshold == self.zero_threshold
                || other_threshold.is_nan()
                || self.zero_threshold.is_nan()
            {
                break;
            }
            if self.zero_threshold > other_threshold {
                (other_count, other_threshold) =
                    other.zero_count_for_larger_threshold(self.zero_threshold);
            }
            if other_threshold > self.zero_threshold {
                (self.zero_count, self.zero_threshold) =
                    self.zero_count_for_larger_threshold(other_threshold);
                self.trim_buckets_in_zero_bucket();
            }
        }
        other_count
    }

    /// The zero count for a zero bucket widened to `larger`. If `larger` falls inside a
    /// populated bucket it is moved up to that bucket's outer bound; returns (count, threshold).
    fn zero_count_for_larger_threshold(&self, mut larger: f64) -> (f64, f64) {
        if larger <= self.zero_threshold {
            return (self.zero_count, self.zero_threshold.max(larger));
        }
        let pos = expand(&self.positive_spans, &self.positive_buckets);
        let neg = expand(&self.negative_spans, &self.negative_buckets);
        'outer: loop {
            let mut count = self.zero_count;
            for &(idx, c) in &pos {
                let lower = bucket_bound(idx - 1, self.schema, &self.custom_values);
                let upper = bucket_bound(idx, self.schema, &self.custom_values);
                if lower >= larger {
                    break;
                }
                count += c;
                if upper > larger {
                    if c != 0.0 {
                        larger = upper;
                    }
                    break;
                }
            }
            for &(idx, c) in &neg {
                let upper = -bucket_bound(idx - 1, self.schema, &self.custom_values);
                let lower = -bucket_bound(idx, self.schema, &self.custom_values);
                if upper <= -larger {
                    break;
                }
                count += c;
                if lower < -larger {
                    // A populated bucket straddles the new threshold: widen to its outer
                    // bound and redo the positive side with the new threshold.
                    if c != 0.0 {
                        larger = -lower;
                        continue 'outer;
                    }
                    break;
                }
            }
            return (count, larger);
        }
    }

    /// Zeroes the buckets that now lie inside the zero bucket (their counts were already moved
    /// into the zero count) and compacts.
    fn trim_buckets_in_zero_bucket(&mut self) {
        let zt = self.zero_threshold;
        let pos = expand(&self.positive_spans, &self.positive_buckets);
        for (k, &(idx, _)) in pos.iter().enumerate() {
            if bucket_bound(idx - 1, self.schema, &self.custom_values) >= zt {
                break;
            }
            if let Some(b) = self.positive_buckets.get_mut(k) {
                *b = 0.0;
            }
        }
        let neg = expand(&self.negative_spans, &self.negative_buckets);
        for (k, &(idx, _)) in neg.iter().enumerate() {
            if -bucket_bound(idx - 1, self.schema, &self.custom_values) <= -zt {
                break;
            }
            if let Some(b) = self.negative_buckets.get_mut(k) {
                *b = 0.0;
            }
        }
        self.compact(0);
    }

    /// Removes empty buckets at the edges of spans, merges spans that are at most
    /// `max_empty_buckets` apart (filling the gap with empty buckets), and splits spans at
    /// runs of more than `max_empty_buckets` empty buckets. Gaps of more than 65536 buckets
    /// are never filled.
    pub fn compact(&mut self, max_empty_buckets: usize) {
        let max_gap = i64::try_from(max_empty_buckets).unwrap_or(i64::MAX);
        (self.positive_spans, self.positive_buckets) =
            compact_side(&self.positive_spans, &self.positive_buckets, max_gap);
        (self.negative_spans, self.negative_buckets) =
            compact_side(&self.negative_spans, &self.negative_buckets, max_gap);
    }

    /// Positive buckets as `(index, count)` in span order.
    pub fn positive_bucket_entries(&self) -> Vec<(i64, f64)> {
        expand(&self.positive_spans, &self.positive_buckets)
    }

    /// Negative buckets as `(index, count)` in span order (increasing absolute value).
    pub fn negative_bucket_entries(&self) -> Vec<(i64, f64)> {
        expand(&self.negative_spans, &self.negative_buckets)
    }

    /// The histogram in the notation of promqltest scripts and promtool rule tests, e.g.
    /// `{{schema:1 count:3 sum:5 z_bucket:1 offset:-1 buckets:[1 1]}}`: fields equal to their
    /// default are omitted, buckets are compacted into one span per sign. (The notation has
    /// one span per sign; buckets more than 65536 indices apart cannot be written in it and
    /// are listed as if adjacent.)
    pub fn test_expression(&self) -> String {
        let mut m = self.copy_relevant();
        m.compact(usize::MAX);
        let g = crate::gostr::format_float_g;
        let mut res: Vec<String> = Vec::new();
        if m.schema != 0 {
            res.push(format!("schema:{}", m.schema));
        }
        if m.count != 0.0 {
            res.push(format!("count:{}", g(m.count)));
        }
        if m.sum != 0.0 {
            res.push(format!("sum:{}", g(m.sum)));
        }
        if m.zero_count != 0.0 {
            res.push(format!("z_bucket:{}", g(m.zero_count)));
        }
        if m.zero_threshold != 0.0 {
            res.push(format!("z_bucket_w:{}", g(m.zero_threshold)));
        }
        if m.uses_custom_buckets() {
            res.push(format!("custom_values:[{}]", join_g(&m.custom_values)));
        }
        match m.counter_reset_hint {
            CounterResetHint::Unknown => {}
            CounterResetHint::CounterReset => res.push("counter_reset_hint:reset".into()),
            CounterResetHint::NotCounterReset => res.push("counter_reset_hint:not_reset".into()),
            CounterResetHint::Gauge => res.push("counter_reset_hint:gauge".into()),
        }
        for (spans, buckets, offset_key, buckets_key) in [
            (&m.positive_spans, &m.positive_buckets, "offset", "buckets"),
            (
                &m.negative_spans,
                &m.negative_buckets,
                "n_offset",
                "n_buckets",
            ),
        ] {
            // After compacting with an unlimited gap there is at most one span per sign.
            if let Some(first) = spans.first() {
                if first.offset != 0 {
                    res.push(format!("{offset_key}:{}", first.offset));
                }
            }
            if !buckets.is_empty() {
                res.push(format!("{buckets_key}:[{}]", join_g(buckets)));
            }
        }
        format!("{{{{{}}}}}", res.join(" "))
    }
}

/// Renders like [`FloatHistogram::test_expression`].
impl fmt::Display for FloatHistogram {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.test_expression())
    }
}

fn join_g(vals: &[f64]) -> String {
    vals.iter()
        .map(|&v| crate::gostr::format_float_g(v))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Custom bounds are equal when they have the same length and compare equal element-wise
/// (so NaN bounds never match, as in Prometheus).
pub(crate) fn bounds_match(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Walks spans and buckets into `(index, count)` pairs. Extra buckets beyond the spans and
/// spans beyond the buckets (malformed input) are ignored.
fn expand(spans: &[Span], buckets: &[f64]) -> Vec<Entry> {
    let mut out = Vec::with_capacity(buckets.len());
    let mut idx: i64 = 0;
    let mut it = buckets.iter();
    for s in spans {
        idx += i64::from(s.offset);
        for _ in 0..s.length {
            match it.next() {
                Some(&v) => out.push((idx, v)),
                None => return out,
            }
            idx += 1;
        }
    }
    out
}

/// Spans and buckets for entries sorted by index (consecutive indices share a span).
pub(crate) fn build(entries: &[Entry]) -> (Vec<Span>, Vec<f64>) {
    let mut spans: Vec<Span> = Vec::new();
    let mut buckets = Vec::with_capacity(entries.len());
    let mut next: Option<i64> = None; // index right after the last span
    for &(idx, v) in entries {
        match (next, spans.last_mut()) {
            (Some(n), Some(last)) if n == idx => last.length += 1,
            (Some(n), _) => spans.push(Span {
                offset: to_i32(idx - n),
                length: 1,
            }),
            (None, _) => spans.push(Span {
                offset: to_i32(idx),
                length: 1,
            }),
        }
        buckets.push(v);
        next = Some(idx + 1);
    }
    (spans, buckets)
}

fn to_i32(v: i64) -> i32 {
    i32::try_from(v).unwrap_or(if v < 0 { i32::MIN } else { i32::MAX })
}

/// Largest run of empty buckets [`FloatHistogram::compact`] fills in to join two spans, whatever
/// `max_empty_buckets` says; keeps hostile bucket indices from exhausting memory.
const MAX_FILLED_GAP: i64 = 1 << 16;

/// Canonical compaction: non-empty buckets, grouped into spans whenever at most `max_gap`
/// empty or absent buckets separate them (the gap is then filled with zeros).
fn compact_side(spans: &[Span], buckets: &[f64], max_gap: i64) -> (Vec<Span>, Vec<f64>) {
    let mut entries = expand(spans, buckets);
    entries.retain(|&(_, v)| v != 0.0);
    let mut out_spans: Vec<Span> = Vec::new();
    let mut out_buckets = Vec::with_capacity(entries.len());
    let mut prev: Option<i64> = None;
    for (idx, v) in entries {
        match (prev, out_spans.last_mut()) {
            (Some(p), Some(last)) if idx > p && idx - p - 1 <= max_gap.min(MAX_FILLED_GAP) => {
                let gap = idx - p - 1;
                out_buckets.extend(std::iter::repeat_n(0.0, usize::try_from(gap).unwrap_or(0)));
                last.length = last
                    .length
                    .saturating_add(u32::try_from(gap + 1).unwrap_or(u32::MAX));
            }
            (Some(p), _) => out_spans.push(Span {
                offset: to_i32(idx - p - 1),
                length: 1,
            }),
            (None, _) => out_spans.push(Span {
                offset: to_i32(idx),
                length: 1,
            }),
        }
        out_buckets.push(v);
        prev = Some(idx);
    }
    (out_spans, out_buckets)
}

/// Index in `target` schema of bucket `idx` in `origin` schema (`origin >= target`).
fn target_idx(idx: i64, origin: i32, target: i32) -> i64 {
    let shift = i64::from(origin) - i64::from(target);
    let x = idx - 1;
    let shifted = if shift >= 63 {
        if x < 0 {
            -1
        } else {
            0
        }
    } else if shift <= 0 {
        x
    } else {
        x >> shift
    };
    shifted + 1
}

/// Merges buckets into the coarser `target` schema.
pub(crate) fn reduce_resolution(entries: &[Entry], origin: i32, target: i32) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::with_capacity(entries.len());
    let mut extra: BTreeMap<i64, f64> = BTreeMap::new();
    for &(idx, v) in entries {
        let t = target_idx(idx, origin, target);
        match out.last_mut() {
            Some(last) if last.0 == t => last.1 += v,
            Some(last) if last.0 > t => *extra.entry(t).or_insert(0.0) += v,
            _ => out.push((t, v)),
        }
    }
    if extra.is_empty() {
        return out;
    }
    // Only malformed (unsorted) input gets here; fold it in by index.
    let mut m: BTreeMap<i64, f64> = out.into_iter().collect();
    for (k, v) in extra {
        *m.entry(k).or_insert(0.0) += v;
    }
    m.into_iter().collect()
}

/// Adds `sign * b` into `a`, creating buckets missing in `a`. For exponential schemas, leading
/// buckets of `b` whose upper bound is within the zero bucket are skipped (their counts are
/// already part of the zero count).
fn add_entries(schema: i32, threshold: f64, sign: f64, a: &[Entry], b: &[Entry]) -> Vec<Entry> {
    let mut m: BTreeMap<i64, f64> = BTreeMap::new();
    for &(idx, v) in a {
        *m.entry(idx).or_insert(0.0) += v;
    }
    let exponential = (EXPONENTIAL_SCHEMA_MIN..=EXPONENTIAL_SCHEMA_MAX).contains(&schema);
    let mut below_threshold = true;
    for &(idx, v) in b {
        if below_threshold && exponential && bound_exponential(idx, schema) <= threshold {
            continue;
        }
        below_threshold = false;
        let v = v * sign;
        m.entry(idx).and_modify(|x| *x += v).or_insert(v);
    }
    m.into_iter().collect()
}

/// Intersection of two sorted bound lists.
fn intersect_bounds(a: &[f64], b: &[f64]) -> Vec<f64> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        if x == y {
            out.push(x);
            i += 1;
            j += 1;
        } else if x < y {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Maps the buckets of two custom-bucket histograms onto the intersection of their bounds
/// and adds them (`sign` −1 subtracts `b`). Buckets whose sum and compensation are both zero
/// are dropped, as Prometheus does.
fn map_custom_buckets(
    sign: f64,
    a: &[Entry],
    bounds_a: &[f64],
    b: &[Entry],
    bounds_b: &[f64],
    target_bounds: &[f64],
) -> (Vec<Span>, Vec<f64>) {
    let a: Vec<KEntry> = a.iter().map(|&(i, v)| (i, v, 0.0)).collect();
    let mapped = map_custom_buckets_kahan(sign, &a, false, bounds_a, b, bounds_b, target_bounds);
    let entries: Vec<Entry> = mapped.iter().map(|&(i, v, _)| (i, v)).collect();
    build(&entries)
}

/// The core of [`map_custom_buckets`]: also folds in the compensation terms of `a` (when
/// `with_comp`) and returns the compensation of every target bucket.
fn map_custom_buckets_kahan(
    sign: f64,
    a: &[KEntry],
    with_comp: bool,
    bounds_a: &[f64],
    b: &[Entry],
    bounds_b: &[f64],
    target_bounds: &[f64],
) -> Vec<KEntry> {
    let n = target_bounds.len() + 1;
    let mut sums = vec![0.0; n];
    let mut comps = vec![0.0; n];
    let b: Vec<KEntry> = b.iter().map(|&(i, v)| (i, v, 0.0)).collect();
    for (entries, bounds, s, use_comp) in [
        (a, bounds_a, 1.0, with_comp),
        (b.as_slice(), bounds_b, sign, false),
    ] {
        let mut search = 0usize;
        for &(src_idx, value, comp_in) in entries {
            let mut target = n - 1; // +Inf bucket unless a finite bound is found
            let src_bound = usize::try_from(src_idx.max(0))
                .ok()
                .and_then(|i| bounds.get(i));
            if let Some(&src_bound) = src_bound {
                while let Some(&tb) = target_bounds.get(search) {
                    if tb >= src_bound {
                        target = search;
                        break;
                    }
                    search += 1;
                }
            }
            if let (Some(sum), Some(comp)) = (sums.get_mut(target), comps.get_mut(target)) {
                (*sum, *comp) = crate::model::kahan::inc(value * s, *sum, *comp);
                if use_comp {
                    (*sum, *comp) = crate::model::kahan::inc(comp_in, *sum, *comp);
                }
            }
        }
    }
    sums.iter()
        .zip(&comps)
        .enumerate()
        .filter(|(_, (s, c))| !(**s == 0.0 && **c == 0.0))
        .map(|(i, (s, c))| (i as i64, *s, *c))
        .collect()
}

/// Upper bound of bucket `idx` (lower bound of `idx + 1`) for positive buckets.
pub fn bucket_bound(idx: i64, schema: i32, custom_values: &[f64]) -> f64 {
    if schema == CUSTOM_BUCKETS_SCHEMA {
        let len = custom_values.len() as i64;
        return if idx >= len {
            f64::INFINITY
        } else if idx < 0 {
            f64::NEG_INFINITY
        } else {
            usize::try_from(idx)
                .ok()
                .and_then(|i| custom_values.get(i))
                .copied()
                .unwrap_or(f64::NAN)
        };
    }
    bound_exponential(idx, schema)
}

/// Upper bound of bucket `idx` in an exponential schema. The last finite bucket's bound is
/// `f64::MAX` so that the next bucket collects only infinite observations.
fn bound_exponential(idx: i64, schema: i32) -> f64 {
    if schema < 0 {
        let shift = schema.unsigned_abs();
        let exp = if shift >= 64 {
            0
        } else {
            idx.wrapping_shl(shift)
        };
        if exp == 1024 {
            return f64::MAX;
        }
        return scalbn(1.0, exp);
    }
    let Some(table) = usize::try_from(schema)
        .ok()
        .and_then(|s| EXPONENTIAL_BOUNDS.get(s))
    else {
        // Schemas above 8 are not valid; compute the bound directly rather than fail.
        return (idx as f64 / f64::powi(2.0, schema)).exp2();
    };
    let mask = (1i64 << schema) - 1;
    let frac = usize::try_from(idx & mask)
        .ok()
        .and_then(|i| table.get(i))
        .copied()
        .unwrap_or(0.5);
    let exp = (idx >> schema) + 1;
    if frac == 0.5 && exp == 1025 {
        return f64::MAX;
    }
    scalbn(frac, exp)
}

/// `x * 2^n` with a single rounding (C's `scalbn`).
fn scalbn(x: f64, n: i64) -> f64 {
    let p1023 = f64::from_bits(0x7fe0_0000_0000_0000); // 2^1023
    let p_969 = f64::from_bits(0x0360_0000_0000_0000); // 2^-1022 * 2^53
    let mut n = n.clamp(-10_000, 10_000);
    let mut y = x;
    if n > 1023 {
        y *= p1023;
        n -= 1023;
        if n > 1023 {
            y *= p1023;
            n = (n - 1023).min(1023);
        }
    } else if n < -1022 {
        y *= p_969;
        n += 1022 - 53;
        if n < -1022 {
            y *= p_969;
            n = (n + 1022 - 53).max(-1022);
        }
    }
    y * f64::from_bits(((0x3ff + n) as u64) << 52)
}

/// Bucket boundaries within [0.5, 1) for schemas 0 to 8 (`2^(i/2^schema) / 2`).
static EXPONENTIAL_BOUNDS: [&[f64]; 9] = [
    &[0.5],
    &[0.5, 0.7071067811865475],
    &[
        0.5,
        0.5946035575013605,
        0.7071067811865475,
        0.8408964152537144,
    ],
    &[
        0.5,
        0.5452538663326288,
        0.5946035575013605,
        0.6484197773255048,
        0.7071067811865475,
        0.7711054127039704,
        0.8408964152537144,
        0.9170040432046711,
    ],
    &[
        0.5,
        0.5221368912137069,
        0.5452538663326288,
        0.5693943173783458,
        0.5946035575013605,
        0.620928906036742,
        0.6484197773255048,
        0.6771277734684463,
        0.7071067811865475,
        0.7384130729697496,
        0.7711054127039704,
        0.805245165974627,
        0.8408964152537144,
        0.8781260801866495,
        0.9170040432046711,
        0.9576032806985735,
    ],
    &SCHEMA5,
    &SCHEMA6,
    &SCHEMA7,
    &SCHEMA8,
];
#[rustfmt::skip]
static SCHEMA5: [f64; 32] = [
    0.5, 0.5109485743270583, 0.5221368912137069, 0.5335702003384117,
    0.5452538663326288, 0.5571933712979462, 0.5693943173783458, 0.5818624293887887,
    0.5946035575013605, 0.6076236799902344, 0.620928906036742, 0.6345254785958666,
    0.6484197773255048, 0.6626183215798706, 0.6771277734684463, 0.6919549409819159,
    0.7071067811865475, 0.7225904034885232, 0.7384130729697496, 0.7545822137967112,
    0.7711054127039704, 0.7879904225539431, 0.805245165974627, 0.8228777390769823,
    0.8408964152537144, 0.8593096490612387, 0.8781260801866495, 0.8973545375015533,
    0.9170040432046711, 0.9370838170551498, 0.9576032806985735, 0.9785720620876999,
];

#[rustfmt::skip]
static SCHEMA6: [f64; 64] = [
    0.5, 0.5054446430258502, 0.5109485743270583, 0.5165124395106142,
    0.5221368912137069, 0.5278225891802786, 0.5335702003384117, 0.5393803988785598,
    0.5452538663326288, 0.5511912916539204, 0.5571933712979462, 0.5632608093041209,
    0.5693943173783458, 0.5755946149764913, 0.5818624293887887, 0.5881984958251406,
    0.5946035575013605, 0.6010783657263515, 0.6076236799902344, 0.6142402680534349,
    0.620928906036742, 0.6276903785123455, 0.6345254785958666, 0.6414350080393891,
    0.6484197773255048, 0.6554806057623822, 0.6626183215798706, 0.6698337620266515,
    0.6771277734684463, 0.6845012114872953, 0.6919549409819159, 0.6994898362691555,
    0.7071067811865475, 0.7148066691959849, 0.7225904034885232, 0.7304588970903234,
    0.7384130729697496, 0.7464538641456323, 0.7545822137967112, 0.762799075372269,
    0.7711054127039704, 0.7795022001189185, 0.7879904225539431, 0.7965710756711334,
    0.805245165974627, 0.8140137109286738, 0.8228777390769823, 0.8318382901633681,
    0.8408964152537144, 0.8500531768592616, 0.8593096490612387, 0.8686669176368529,
    0.8781260801866495, 0.8876882462632604, 0.8973545375015533, 0.9071260877501991,
    0.9170040432046711, 0.9269895625416926, 0.9370838170551498, 0.9472879907934827,
    0.9576032806985735, 0.9680308967461471, 0.9785720620876999, 0.9892280131939752,
];

#[rustfmt::skip]
static SCHEMA7: [f64; 128] = [
    0.5, 0.5027149505564014, 0.5054446430258502, 0.5081891574554764,
    0.5109485743270583, 0.5137229745593818, 0.5165124395106142, 0.5193170509806894,
    0.5221368912137069, 0.5249720429003435, 0.5278225891802786, 0.5306886136446309,
    0.5335702003384117, 0.5364674337629877, 0.5393803988785598, 0.5423091811066545,
    0.5452538663326288, 0.5482145409081883, 0.5511912916539204, 0.5541842058618393,
    0.5571933712979462, 0.5602188762048033, 0.5632608093041209, 0.5663192597993595,
    0.5693943173783458, 0.572486072215902, 0.5755946149764913, 0.5787200368168754,
    0.5818624293887887, 0.585021884841625, 0.5881984958251406, 0.5913923554921704,
    0.5946035575013605, 0.5978321960199137, 0.6010783657263515, 0.6043421618132907,
    0.6076236799902344, 0.6109230164863786, 0.6142402680534349, 0.6175755319684665,
    0.620928906036742, 0.6243004885946023, 0.6276903785123455, 0.6310986751971253,
    0.6345254785958666, 0.637970889198196, 0.6414350080393891, 0.6449179367033329,
    0.6484197773255048, 0.6519406325959679, 0.6554806057623822, 0.659039800633032,
    0.6626183215798706, 0.6662162735415805, 0.6698337620266515, 0.6734708931164728,
    0.6771277734684463, 0.6808045103191123, 0.6845012114872953, 0.688217985377265,
    0.6919549409819159, 0.6957121878859629, 0.6994898362691555, 0.7032879969095076,
    0.7071067811865475, 0.7109463010845827, 0.7148066691959849, 0.718687998724491,
    0.7225904034885232, 0.7265139979245261, 0.7304588970903234, 0.7344252166684908,
    0.7384130729697496, 0.7424225829363761, 0.7464538641456323, 0.7505070348132126,
    0.7545822137967112, 0.7586795205991071, 0.762799075372269, 0.7669409989204777,
    0.7711054127039704, 0.7752924388424999, 0.7795022001189185, 0.7837348199827764,
    0.7879904225539431, 0.7922691326262467, 0.7965710756711334, 0.8008963778413465,
    0.805245165974627, 0.8096175675974316, 0.8140137109286738, 0.8184337248834821,
    0.8228777390769823, 0.8273458838280969, 0.8318382901633681, 0.8363550898207981,
    0.8408964152537144, 0.8454623996346523, 0.8500531768592616, 0.8546688815502312,
    0.8593096490612387, 0.8639756154809185, 0.8686669176368529, 0.8733836930995842,
    0.8781260801866495, 0.8828942179666361, 0.8876882462632604, 0.8925083056594671,
    0.8973545375015533, 0.9022270839033115, 0.9071260877501991, 0.9120516927035263,
    0.9170040432046711, 0.9219832844793128, 0.9269895625416926, 0.9320230241988943,
    0.9370838170551498, 0.9421720895161669, 0.9472879907934827, 0.9524316709088368,
    0.9576032806985735, 0.9628029718180622, 0.9680308967461471, 0.9732872087896164,
    0.9785720620876999, 0.9838856116165875, 0.9892280131939752, 0.9945994234836328,
];

#[rustfmt::skip]
static SCHEMA8: [f64; 256] = [
    0.5, 0.5013556375251013, 0.5027149505564014, 0.5040779490592088,
    0.5054446430258502, 0.5068150424757447, 0.5081891574554764, 0.509566998038869,
    0.5109485743270583, 0.5123338964485679, 0.5137229745593818, 0.5151158188430205,
    0.5165124395106142, 0.5179128468009786, 0.5193170509806894, 0.520725062344158,
    0.5221368912137069, 0.5235525479396449, 0.5249720429003435, 0.526395386502313,
    0.5278225891802786, 0.5292536613972564, 0.5306886136446309, 0.5321274564422321,
    0.5335702003384117, 0.5350168559101208, 0.5364674337629877, 0.5379219445313954,
    0.5393803988785598, 0.5408428074966075, 0.5423091811066545, 0.5437795304588847,
    0.5452538663326288, 0.5467321995364429, 0.5482145409081883, 0.549700901315111,
    0.5511912916539204, 0.5526857228508706, 0.5541842058618393, 0.5556867516724088,
    0.5571933712979462, 0.5587040757836845, 0.5602188762048033, 0.5617377836665098,
    0.5632608093041209, 0.564787964283144, 0.5663192597993595, 0.5678547070789026,
    0.5693943173783458, 0.5709381019847808, 0.572486072215902, 0.5740382394200894,
    0.5755946149764913, 0.5771552102951081, 0.5787200368168754, 0.5802891060137493,
    0.5818624293887887, 0.5834400184762408, 0.585021884841625, 0.5866080400818185,
    0.5881984958251406, 0.5897932637314379, 0.5913923554921704, 0.5929957828304968,
    0.5946035575013605, 0.5962156912915756, 0.5978321960199137, 0.5994530835371903,
    0.6010783657263515, 0.6027080545025619, 0.6043421618132907, 0.6059806996384005,
    0.6076236799902344, 0.6092711149137041, 0.6109230164863786, 0.6125793968185725,
    0.6142402680534349, 0.6159056423670379, 0.6175755319684665, 0.6192499490999082,
    0.620928906036742, 0.622612415087629, 0.6243004885946023, 0.6259931389331581,
    0.6276903785123455, 0.6293922197748583, 0.6310986751971253, 0.6328097572894031,
    0.6345254785958666, 0.6362458516947014, 0.637970889198196, 0.6397006037528346,
    0.6414350080393891, 0.6431741147730128, 0.6449179367033329, 0.6466664866145447,
    0.6484197773255048, 0.6501778216898253, 0.6519406325959679, 0.6537082229673385,
    0.6554806057623822, 0.6572577939746774, 0.659039800633032, 0.6608266388015788,
    0.6626183215798706, 0.6644148621029772, 0.6662162735415805, 0.6680225691020727,
    0.6698337620266515, 0.6716498655934177, 0.6734708931164728, 0.6752968579460171,
    0.6771277734684463, 0.6789636531064505, 0.6808045103191123, 0.6826503586020058,
    0.6845012114872953, 0.6863570825438342, 0.688217985377265, 0.690083933630119,
    0.6919549409819159, 0.6938310211492645, 0.6957121878859629, 0.6975984549830999,
    0.6994898362691555, 0.7013863456101023, 0.7032879969095076, 0.7051948041086352,
    0.7071067811865475, 0.7090239421602076, 0.7109463010845827, 0.7128738720527471,
    0.7148066691959849, 0.7167447066838943, 0.718687998724491, 0.7206365595643126,
    0.7225904034885232, 0.7245495448210174, 0.7265139979245261, 0.7284837772007218,
    0.7304588970903234, 0.7324393720732029, 0.7344252166684908, 0.7364164454346837,
    0.7384130729697496, 0.7404151139112358, 0.7424225829363761, 0.7444354947621984,
    0.7464538641456323, 0.7484777058836176, 0.7505070348132126, 0.7525418658117031,
    0.7545822137967112, 0.7566280937263048, 0.7586795205991071, 0.7607365094544071,
    0.762799075372269, 0.7648672334736434, 0.7669409989204777, 0.7690203869158282,
    0.7711054127039704, 0.7731960915705107, 0.7752924388424999, 0.7773944698885442,
    0.7795022001189185, 0.7816156449856788, 0.7837348199827764, 0.7858597406461707,
    0.7879904225539431, 0.7901268813264122, 0.7922691326262467, 0.7944171921585818,
    0.7965710756711334, 0.7987307989543135, 0.8008963778413465, 0.8030678282083853,
    0.805245165974627, 0.8074284071024302, 0.8096175675974316, 0.8118126635086642,
    0.8140137109286738, 0.8162207259936375, 0.8184337248834821, 0.820652723822003,
    0.8228777390769823, 0.8251087869603088, 0.8273458838280969, 0.8295890460808079,
    0.8318382901633681, 0.8340936325652911, 0.8363550898207981, 0.8386226785089391,
    0.8408964152537144, 0.8431763167241966, 0.8454623996346523, 0.8477546807446661,
    0.8500531768592616, 0.8523579048290255, 0.8546688815502312, 0.8569861239649629,
    0.8593096490612387, 0.8616394738731368, 0.8639756154809185, 0.8663180910111553,
    0.8686669176368529, 0.871022112577578, 0.8733836930995842, 0.8757516765159389,
    0.8781260801866495, 0.8805069215187917, 0.8828942179666361, 0.8852879870317771,
    0.8876882462632604, 0.890095013257712, 0.8925083056594671, 0.8949281411607002,
    0.8973545375015533, 0.8997875124702672, 0.9022270839033115, 0.9046732696855155,
    0.9071260877501991, 0.909585556079304, 0.9120516927035263, 0.9145245157024483,
    0.9170040432046711, 0.9194902933879467, 0.9219832844793128, 0.9244830347552253,
    0.9269895625416926, 0.92950288621441, 0.9320230241988943, 0.9345499949706191,
    0.9370838170551498, 0.93962450902828, 0.9421720895161669, 0.9447265771954693,
    0.9472879907934827, 0.9498563490882775, 0.9524316709088368, 0.9550139751351947,
    0.9576032806985735, 0.9601996065815236, 0.9628029718180622, 0.9654133954938133,
    0.9680308967461471, 0.9706554947643201, 0.9732872087896164, 0.9759260581154889,
    0.9785720620876999, 0.9812252401044634, 0.9838856116165875, 0.9865531961276168,
    0.9892280131939752, 0.9919100824251095, 0.9945994234836328, 0.9972960560854698,
];

/// Scaling by a scalar (PromQL's `*` and `/` between a histogram and a number, and the
/// rate functions), as Prometheus's `FloatHistogram.Mul` and `Div`.
impl FloatHistogram {
    /// Multiplies counts, sum and buckets by `factor`; a negative factor makes the
    /// histogram a gauge.
    pub fn mul_scalar(&mut self, factor: f64) {
        self.zero_count *= factor;
        self.count *= factor;
        self.sum *= factor;
        self.positive_buckets.iter_mut().for_each(|b| *b *= factor);
        self.negative_buckets.iter_mut().for_each(|b| *b *= factor);
        if factor < 0.0 {
            self.counter_reset_hint = CounterResetHint::Gauge;
        }
    }

    /// Divides counts, sum and buckets by `scalar`; dividing by zero removes all buckets
    /// (count and sum become infinite or NaN), a negative divisor makes it a gauge.
    pub fn div_scalar(&mut self, scalar: f64) {
        self.zero_count /= scalar;
        self.count /= scalar;
        self.sum /= scalar;
        if scalar == 0.0 {
            self.positive_buckets.clear();
            self.negative_buckets.clear();
            self.positive_spans.clear();
            self.negative_spans.clear();
            return;
        }
        self.positive_buckets.iter_mut().for_each(|b| *b /= scalar);
        self.negative_buckets.iter_mut().for_each(|b| *b /= scalar);
        if scalar < 0.0 {
            self.counter_reset_hint = CounterResetHint::Gauge;
        }
    }
}

/// A bucket index with its count and its Kahan compensation term.
type KEntry = (i64, f64, f64);

/// Result of [`FloatHistogram::kahan_add`].
#[derive(Clone, Debug, PartialEq)]
pub struct KahanAdded {
    /// The compensation histogram: pass it to the next `kahan_add` and add it to the sum at
    /// the end.
    pub compensation: FloatHistogram,
    /// One operand said "counter reset", the other "not a counter reset".
    pub counter_reset_collision: bool,
    /// The custom bucket bounds differed and the sum uses their intersection.
    pub nhcb_bounds_reconciled: bool,
}

/// One observation bucket with its bounds, as Prometheus's bucket iterators yield them.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Bucket {
    lower: f64,
    upper: f64,
    count: f64,
}

impl FloatHistogram {
    /// `self += other`, summing counts, sum, zero count and every bucket with Kahan
    /// compensation (Prometheus's `KahanAdd`). The compensation terms live in a histogram with
    /// the same layout as `self`; pass `None` on the first call and the returned one after.
    /// Schemas and zero buckets are reconciled like [`add`](Self::add).
    pub fn kahan_add(
        &mut self,
        other: &FloatHistogram,
        comp: Option<FloatHistogram>,
    ) -> Result<KahanAdded, HistogramError> {
        use crate::model::kahan::inc;
        if self.uses_custom_buckets() != other.uses_custom_buckets() {
            return Err(HistogramError::IncompatibleSchema);
        }
        let counter_reset_collision = self.adjust_counter_reset(other);
        let mut c = comp.unwrap_or_else(|| self.new_compensation());
        if !self.uses_custom_buckets() {
            let (oz, ocz) = self.reconcile_zero_buckets_kahan(other, &mut c);
            (self.zero_count, c.zero_count) = inc(oz, self.zero_count, c.zero_count);
            (self.zero_count, c.zero_count) = inc(ocz, self.zero_count, c.zero_count);
        }
        (self.count, c.count) = inc(other.count, self.count, c.count);
        (self.sum, c.sum) = inc(other.sum, self.sum, c.sum);

        let pos = kahan_entries(
            &self.positive_spans,
            &self.positive_buckets,
            &c.positive_spans,
            &c.positive_buckets,
        );
        let other_pos = expand(&other.positive_spans, &other.positive_buckets);
        let mut nhcb_bounds_reconciled = false;
        if self.uses_custom_buckets() {
            let merged = if bounds_match(&self.custom_values, &other.custom_values) {
                let b: Vec<KEntry> = other_pos.iter().map(|&(i, v)| (i, v, 0.0)).collect();
                kahan_add_entries(self.schema, self.zero_threshold, pos, &b)
            } else {
                nhcb_bounds_reconciled = true;
                let bounds = intersect_bounds(&self.custom_values, &other.custom_values);
                let mapped = map_custom_buckets_kahan(
                    1.0,
                    &pos,
                    true,
                    &self.custom_values,
                    &other_pos,
                    &other.custom_values,
                    &bounds,
                );
                self.custom_values = bounds;
                mapped
            };
            self.set_kahan_side(true, &merged, &mut c);
            c.schema = self.schema;
            c.custom_values = self.custom_values.clone();
            return Ok(KahanAdded {
                compensation: c,
                counter_reset_collision,
                nhcb_bounds_reconciled,
            });
        }

        let mut pos = pos;
        let mut neg = kahan_entries(
            &self.negative_spans,
            &self.negative_buckets,
            &c.negative_spans,
            &c.negative_buckets,
        );
        let zero_comp =
            |e: Vec<Entry>| -> Vec<KEntry> { e.into_iter().map(|(i, v)| (i, v, 0.0)).collect() };
        let mut opos = zero_comp(other_pos);
        let mut oneg = zero_comp(expand(&other.negative_spans, &other.negative_buckets));
        if other.schema < self.schema {
            pos = kahan_reduce(&pos, self.schema, other.schema);
            neg = kahan_reduce(&neg, self.schema, other.schema);
            self.schema = other.schema;
        } else if other.schema > self.schema {
            opos = kahan_reduce(&opos, other.schema, self.schema);
            oneg = kahan_reduce(&oneg, other.schema, self.schema);
        }
        let pos = kahan_add_entries(self.schema, self.zero_threshold, pos, &opos);
        let neg = kahan_add_entries(self.schema, self.zero_threshold, neg, &oneg);
        self.set_kahan_side(true, &pos, &mut c);
        self.set_kahan_side(false, &neg, &mut c);
        c.schema = self.schema;
        c.zero_threshold = self.zero_threshold;
        Ok(KahanAdded {
            compensation: c,
            counter_reset_collision,
            nhcb_bounds_reconciled,
        })
    }

    /// An all-zero compensation histogram with the layout of `self`.
    fn new_compensation(&self) -> FloatHistogram {
        FloatHistogram {
            counter_reset_hint: self.counter_reset_hint,
            schema: self.schema,
            zero_threshold: self.zero_threshold,
            custom_values: self.custom_values.clone(),
            positive_spans: self.positive_spans.clone(),
            positive_buckets: vec![0.0; self.positive_buckets.len()],
            negative_spans: self.negative_spans.clone(),
            negative_buckets: if self.uses_custom_buckets() {
                Vec::new()
            } else {
                vec![0.0; self.negative_buckets.len()]
            },
            ..FloatHistogram::default()
        }
    }

    /// Replaces one side of `self` and of its compensation `c` with `entries` (sorted by index),
    /// giving both the same spans.
    fn set_kahan_side(&mut self, positive: bool, entries: &[KEntry], c: &mut FloatHistogram) {
        let plain: Vec<Entry> = entries.iter().map(|&(i, v, _)| (i, v)).collect();
        let (spans, buckets) = build(&plain);
        let comps: Vec<f64> = entries.iter().map(|e| e.2).collect();
        if positive {
            c.positive_spans = spans.clone();
            c.positive_buckets = comps;
            self.positive_spans = spans;
            self.positive_buckets = buckets;
        } else {
            c.negative_spans = spans.clone();
            c.negative_buckets = comps;
            self.negative_spans = spans;
            self.negative_buckets = buckets;
        }
    }

    /// [`Self::reconcile_zero_buckets`] that also moves the compensation of buckets swallowed
    /// by a wider zero bucket; returns the zero count of `other` and its compensation.
    fn reconcile_zero_buckets_kahan(
        &mut self,
        other: &FloatHistogram,
        c: &mut FloatHistogram,
    ) -> (f64, f64) {
        let mut other_count = other.zero_count;
        let mut other_threshold = other.zero_threshold;
        let mut other_comp = 0.0;
        for _ in 0..10_000 {
            if other_threshold == self.zero_threshold
                || other_threshold.is_nan()
                || self.zero_threshold.is_nan()
            {
                break;
            }
            if self.zero_threshold > other_threshold {
                (other_count, other_threshold, other_comp) =
                    other.zero_count_for_larger_threshold_kahan(self.zero_threshold, None);
            }
            if other_threshold > self.zero_threshold {
                let (count, threshold, comp) =
                    self.zero_count_for_larger_threshold_kahan(other_threshold, Some(c));
                self.zero_count = count;
                self.zero_threshold = threshold;
                c.zero_count = comp;
                self.trim_buckets_in_zero_bucket_kahan(c);
            }
        }
        (other_count, other_comp)
    }

    /// Like [`Self::zero_count_for_larger_threshold`], summing with Kahan compensation (and
    /// the compensation terms of `comp`, aligned with `self`). Returns (count, threshold,
    /// compensation). As in Prometheus, the compensation is not reset when a negative bucket
    /// forces a restart.
    pub(crate) fn zero_count_for_larger_threshold_kahan(
        &self,
        mut larger: f64,
        comp: Option<&FloatHistogram>,
    ) -> (f64, f64, f64) {
        use crate::model::kahan::inc;
        let mut cz = comp.map_or(0.0, |c| c.zero_count);
        if larger == self.zero_threshold || larger.is_nan() || larger < self.zero_threshold {
            return (self.zero_count, self.zero_threshold.max(larger), cz);
        }
        let side = |positive: bool| -> Vec<KEntry> {
            let (spans, buckets) = if positive {
                (&self.positive_spans, &self.positive_buckets)
            } else {
                (&self.negative_spans, &self.negative_buckets)
            };
            match comp {
                Some(c) => {
                    let (cs, cb) = if positive {
                        (&c.positive_spans, &c.positive_buckets)
                    } else {
                        (&c.negative_spans, &c.negative_buckets)
                    };
                    kahan_entries(spans, buckets, cs, cb)
                }
                None => expand(spans, buckets)
                    .into_iter()
                    .map(|(i, v)| (i, v, 0.0))
                    .collect(),
            }
        };
        let pos = side(true);
        let neg = side(false);
        // Every restart raises `larger` to a further bucket bound; the cap only guards
        // against malformed input.
        for _ in 0..=(pos.len() + neg.len() + 1) {
            let mut count = self.zero_count;
            for &(idx, v, cv) in &pos {
                let lower = bucket_bound(idx - 1, self.schema, &self.custom_values);
                let upper = bucket_bound(idx, self.schema, &self.custom_values);
                if lower >= larger {
                    break;
                }
                (count, cz) = inc(v, count, cz);
                if comp.is_some() {
                    (count, cz) = inc(cv, count, cz);
                }
                if upper > larger {
                    if v != 0.0 {
                        larger = upper;
                    }
                    break;
                }
            }
            let mut restart = false;
            for &(idx, v, cv) in &neg {
                let upper = -bucket_bound(idx - 1, self.schema, &self.custom_values);
                let lower = -bucket_bound(idx, self.schema, &self.custom_values);
                if upper <= -larger {
                    break;
                }
                (count, cz) = inc(v, count, cz);
                if comp.is_some() {
                    (count, cz) = inc(cv, count, cz);
                }
                if lower < -larger {
                    if v != 0.0 {
                        larger = -lower;
                        restart = true;
                    }
                    break;
                }
            }
            if !restart {
                return (count, larger, cz);
            }
        }
        (self.zero_count, larger, cz)
    }

    /// [`Self::trim_buckets_in_zero_bucket`] for a histogram with compensation `c`: buckets
    /// stay while their count or compensation is non-zero.
    fn trim_buckets_in_zero_bucket_kahan(&mut self, c: &mut FloatHistogram) {
        let zt = self.zero_threshold;
        for positive in [true, false] {
            let mut entries = if positive {
                kahan_entries(
                    &self.positive_spans,
                    &self.positive_buckets,
                    &c.positive_spans,
                    &c.positive_buckets,
                )
            } else {
                kahan_entries(
                    &self.negative_spans,
                    &self.negative_buckets,
                    &c.negative_spans,
                    &c.negative_buckets,
                )
            };
            for e in entries.iter_mut() {
                let inner = bucket_bound(e.0 - 1, self.schema, &self.custom_values);
                let inside = if positive { inner < zt } else { -inner > -zt };
                if !inside {
                    break;
                }
                e.1 = 0.0;
                e.2 = 0.0;
            }
            entries.retain(|e| e.1 != 0.0 || e.2 != 0.0);
            self.set_kahan_side(positive, &entries, c);
        }
    }

    /// Prometheus's `FloatHistogram.Equals`: same schema, custom bounds (for custom buckets),
    /// zero threshold and bucket layout, with counts, sum and buckets compared bit for bit.
    /// The counter reset hint is ignored. Meant for compacted histograms.
    pub fn equals(&self, other: &FloatHistogram) -> bool {
        let bits = |a: f64, b: f64| a.to_bits() == b.to_bits();
        let buckets =
            |a: &[f64], b: &[f64]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| bits(*x, *y));
        self.schema == other.schema
            && bits(self.count, other.count)
            && bits(self.sum, other.sum)
            && (!self.uses_custom_buckets()
                || bounds_match(&self.custom_values, &other.custom_values))
            && self.zero_threshold == other.zero_threshold
            && bits(self.zero_count, other.zero_count)
            && spans_match(&self.negative_spans, &other.negative_spans)
            && buckets(&self.negative_buckets, &other.negative_buckets)
            && spans_match(&self.positive_spans, &other.positive_spans)
            && buckets(&self.positive_buckets, &other.positive_buckets)
    }

    /// Whether any count, the sum, a bucket or a custom bound is infinite (Prometheus's
    /// `HasOverflow`).
    pub fn has_overflow(&self) -> bool {
        [self.zero_count, self.count, self.sum]
            .iter()
            .chain(&self.positive_buckets)
            .chain(&self.negative_buckets)
            .chain(&self.custom_values)
            .any(|v| v.is_infinite())
    }

    /// A stored histogram of a schema finer than [`EXPONENTIAL_SCHEMA_MAX`] (written by a newer
    /// Prometheus) reduced to it, as Prometheus reads such histograms.
    pub fn reduce_to_max_schema(&mut self) {
        if self.schema > EXPONENTIAL_SCHEMA_MAX {
            self.reduce_resolution(EXPONENTIAL_SCHEMA_MAX);
        }
    }

    /// Merges the buckets into the coarser exponential schema `target` (Prometheus's
    /// `ReduceResolution`). Count, sum and zero bucket are unchanged. Returns false, leaving
    /// the histogram as it is, for custom buckets or a `target` that is not lower.
    pub fn reduce_resolution(&mut self, target: i32) -> bool {
        if self.uses_custom_buckets() || target == CUSTOM_BUCKETS_SCHEMA || target >= self.schema {
            return false;
        }
        let pos = reduce_resolution(
            &expand(&self.positive_spans, &self.positive_buckets),
            self.schema,
            target,
        );
        let neg = reduce_resolution(
            &expand(&self.negative_spans, &self.negative_buckets),
            self.schema,
            target,
        );
        (self.positive_spans, self.positive_buckets) = build(&pos);
        (self.negative_spans, self.negative_buckets) = build(&neg);
        self.schema = target;
        true
    }

    /// Prometheus's `FloatHistogram.String`, e.g.
    /// `{count:5, sum:3, [-2,-1):1, [-0.001,0.001]:2, (1,2]:2}`: the populated buckets
    /// from the most negative to the most positive with their bounds.
    pub fn go_string(&self) -> String {
        let g = crate::gostr::format_float_g;
        let custom = self.uses_custom_buckets();
        let bucket = |b: Bucket, lower_inclusive: bool, upper_inclusive: bool| {
            format!(
                "{}{},{}{}:{}",
                if lower_inclusive { '[' } else { '(' },
                g(b.lower),
                g(b.upper),
                if upper_inclusive { ']' } else { ')' },
                g(b.count)
            )
        };
        // Exponential buckets include the bound farther from zero; custom buckets include
        // their upper bound, and the first one its lower bound too.
        let inclusive = |b: &Bucket, idx: i64| {
            if custom {
                (idx == 0, true)
            } else {
                (b.lower < 0.0, b.upper > 0.0)
            }
        };
        let mut out = format!("{{count:{}, sum:{}", g(self.count), g(self.sum));
        let neg = self.buckets_of(false);
        for (idx, b) in neg.iter().rev() {
            if b.count != 0.0 {
                let (li, ui) = inclusive(b, *idx);
                out.push_str(", ");
                out.push_str(&bucket(*b, li, ui));
            }
        }
        if self.zero_count != 0.0 && !custom {
            let z = Bucket {
                lower: -self.zero_threshold,
                upper: self.zero_threshold,
                count: self.zero_count,
            };
            out.push_str(", ");
            out.push_str(&bucket(z, true, true));
        }
        for (idx, b) in self.buckets_of(true) {
            if b.count != 0.0 {
                let (li, ui) = inclusive(&b, idx);
                out.push_str(", ");
                out.push_str(&bucket(b, li, ui));
            }
        }
        out.push('}');
        out
    }

    /// The buckets of one side with their bounds, from zero outwards. Negative buckets have
    /// negative bounds.
    fn buckets_of(&self, positive: bool) -> Vec<(i64, Bucket)> {
        let entries = if positive {
            expand(&self.positive_spans, &self.positive_buckets)
        } else {
            expand(&self.negative_spans, &self.negative_buckets)
        };
        // Prometheus's negative iterator does not see custom bounds.
        let cv: &[f64] = if positive { &self.custom_values } else { &[] };
        entries
            .into_iter()
            .map(|(idx, count)| {
                let inner = bucket_bound(idx - 1, self.schema, cv);
                let outer = bucket_bound(idx, self.schema, cv);
                let b = if positive {
                    Bucket {
                        lower: inner,
                        upper: outer,
                        count,
                    }
                } else {
                    Bucket {
                        lower: -outer,
                        upper: -inner,
                        count,
                    }
                };
                (idx, b)
            })
            .collect()
    }

    /// PromQL's `</` (`upper` true: keep observations below `rhs`) and `>/` (keep those
    /// above): Prometheus's `TrimBuckets`. Buckets beyond `rhs` are emptied, the bucket
    /// holding `rhs` keeps the interpolated part (linearly for custom buckets and the zero
    /// bucket, logarithmically for exponential buckets), and when anything was trimmed,
    /// count and sum are recomputed from the kept buckets (each at its midpoint) and the
    /// histogram is compacted.
    pub fn trim_buckets(&mut self, rhs: f64, upper: bool) {
        let custom = self.uses_custom_buckets();
        let (mut count, mut sum) = (0.0, 0.0);
        let mut trimmed = false;
        let mut has = [false, false]; // positive, negative
        for (side, positive) in [(0usize, true), (1usize, false)] {
            let buckets = self.buckets_of(positive);
            for (k, (_, b)) in buckets.iter().enumerate() {
                if b.count == 0.0 {
                    continue;
                }
                has[side] = true;
                let keep_all = if upper {
                    b.upper <= rhs
                } else {
                    b.lower >= rhs
                };
                let partial = if upper { b.lower < rhs } else { b.upper > rhs };
                let slot = if positive {
                    self.positive_buckets.get_mut(k)
                } else {
                    self.negative_buckets.get_mut(k)
                };
                if keep_all {
                    count += b.count;
                    sum += midpoint(b.lower, b.upper, positive, custom) * b.count;
                } else if partial {
                    let (keep, mid) = bucket_trim(b, rhs, upper, positive, custom);
                    count += keep;
                    sum += mid * keep;
                    if let Some(slot) = slot {
                        if *slot != keep {
                            *slot = keep;
                            trimmed = true;
                        }
                    }
                } else if let Some(slot) = slot {
                    *slot = 0.0;
                    trimmed = true;
                }
            }
        }
        if self.zero_count > 0.0 && !custom {
            let z = Bucket {
                lower: -self.zero_threshold,
                upper: self.zero_threshold,
                count: self.zero_count,
            };
            let (keep, mid) = zero_bucket_trim(z, rhs, has[1], has[0], upper);
            if self.zero_count != keep {
                self.zero_count = keep;
                trimmed = true;
            }
            sum += mid * keep;
            count += keep;
        }
        if trimmed {
            self.count = count;
            self.sum = sum;
            self.compact(0);
        }
    }
}

/// Prometheus's `spansMatch`: the same layout once zero-length spans are folded into the
/// span after them.
pub(crate) fn spans_match(a: &[Span], b: &[Span]) -> bool {
    fn fold(spans: &[Span]) -> Vec<(i64, u32)> {
        let mut out = Vec::new();
        let mut carry: i64 = 0;
        for s in spans {
            carry += i64::from(s.offset);
            if s.length > 0 {
                out.push((carry, s.length));
                carry = 0;
            }
        }
        out
    }
    fold(a) == fold(b)
}

/// Entries of one side with the compensation terms of `c` (matched by bucket index).
fn kahan_entries(
    spans: &[Span],
    buckets: &[f64],
    cspans: &[Span],
    cbuckets: &[f64],
) -> Vec<KEntry> {
    let comps: BTreeMap<i64, f64> = expand(cspans, cbuckets).into_iter().collect();
    expand(spans, buckets)
        .into_iter()
        .map(|(i, v)| (i, v, comps.get(&i).copied().unwrap_or(0.0)))
        .collect()
}

/// Merges entries into the coarser `target` schema, summing values and compensations with
/// Kahan steps.
fn kahan_reduce(entries: &[KEntry], origin: i32, target: i32) -> Vec<KEntry> {
    use crate::model::kahan::inc;
    let mut m: BTreeMap<i64, (f64, f64)> = BTreeMap::new();
    for &(idx, v, c) in entries {
        let t = target_idx(idx, origin, target);
        match m.entry(t) {
            std::collections::btree_map::Entry::Occupied(mut e) => {
                let (s, k) = e.get_mut();
                (*s, *k) = inc(v, *s, *k);
                (*s, *k) = inc(c, *s, *k);
            }
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert((v, c));
            }
        }
    }
    m.into_iter().map(|(i, (v, c))| (i, v, c)).collect()
}

/// Adds `b` (with its compensations) into `a` with Kahan steps, creating missing buckets;
/// like [`add_entries`], leading exponential buckets of `b` inside the zero bucket are
/// skipped.
fn kahan_add_entries(schema: i32, threshold: f64, a: Vec<KEntry>, b: &[KEntry]) -> Vec<KEntry> {
    use crate::model::kahan::inc;
    let mut m: BTreeMap<i64, (f64, f64)> = BTreeMap::new();
    for (idx, v, c) in a {
        let e = m.entry(idx).or_insert((0.0, 0.0));
        *e = (e.0 + v, e.1 + c);
    }
    let exponential = (EXPONENTIAL_SCHEMA_MIN..=EXPONENTIAL_SCHEMA_MAX).contains(&schema);
    let mut below_threshold = true;
    for &(idx, v, c) in b {
        if below_threshold && exponential && bound_exponential(idx, schema) <= threshold {
            continue;
        }
        below_threshold = false;
        match m.entry(idx) {
            std::collections::btree_map::Entry::Occupied(mut e) => {
                let (s, k) = e.get_mut();
                (*s, *k) = inc(v, *s, *k);
                if c != 0.0 {
                    (*s, *k) = inc(c, *s, *k);
                }
            }
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert((v, c));
            }
        }
    }
    m.into_iter().map(|(i, (v, c))| (i, v, c)).collect()
}

/// The representative value of observations between `lower` and `upper`: the arithmetic
/// mean for linear (custom) buckets, the geometric mean otherwise; infinite bounds fall
/// back to the finite one.
fn midpoint(lower: f64, upper: f64, positive: bool, linear: bool) -> f64 {
    if lower.is_infinite() {
        if upper.is_infinite() {
            return 0.0;
        }
        return if upper > 0.0 { upper / 2.0 } else { upper };
    }
    if upper.is_infinite() {
        return lower;
    }
    if linear {
        return (lower + upper) / 2.0;
    }
    let geo = (lower * upper).abs().sqrt();
    if positive {
        geo
    } else {
        -geo
    }
}

/// Fraction of a bucket's width at or below `v` (inside the bucket): linear, or on a
/// logarithmic scale for exponential buckets.
fn fraction_below(b: &Bucket, v: f64, linear: bool) -> f64 {
    if linear {
        return (v - b.lower) / (b.upper - b.lower);
    }
    let log_lower = b.lower.abs().log2();
    let log_upper = b.upper.abs().log2();
    let log_v = v.abs().log2();
    if v > 0.0 {
        (log_v - log_lower) / (log_upper - log_lower)
    } else {
        1.0 - ((log_v - log_upper) / (log_lower - log_upper))
    }
}

/// The kept count and its midpoint for a bucket that `rhs` cuts.
fn bucket_trim(b: &Bucket, rhs: f64, upper: bool, positive: bool, custom: bool) -> (f64, f64) {
    if b.lower == f64::NEG_INFINITY || b.upper == f64::INFINITY {
        return infinity_bucket_trim(b, rhs, upper);
    }
    let under = if rhs <= b.lower {
        0.0
    } else if rhs >= b.upper {
        b.count
    } else {
        b.count * fraction_below(b, rhs, custom)
    };
    if upper {
        (under, midpoint(b.lower, rhs, positive, custom))
    } else {
        (b.count - under, midpoint(rhs, b.upper, positive, custom))
    }
}

/// Trimming a bucket with an infinite bound: where nothing is known about the spread of its
/// observations it is dropped whole.
fn infinity_bucket_trim(b: &Bucket, rhs: f64, upper: bool) -> (f64, f64) {
    let zero_if_inf = |x: f64| if x.is_infinite() { 0.0 } else { x };
    if b.lower == f64::NEG_INFINITY {
        if upper {
            if rhs >= b.upper {
                return (b.count, 0.0);
            }
            if rhs > 0.0 && b.upper > 0.0 && b.upper.is_finite() {
                // Only custom buckets get here: treat the lower bound as 0.
                return (b.count * rhs / b.upper, rhs / 2.0);
            }
            if b.upper <= 0.0 {
                return (b.count, rhs);
            }
            return (0.0, zero_if_inf(b.upper));
        }
        if rhs <= b.lower {
            return (b.count, 0.0);
        }
        if rhs >= 0.0 && b.upper > rhs && b.upper.is_finite() {
            return (b.count * (1.0 - rhs / b.upper), (rhs + b.upper) / 2.0);
        }
        return (0.0, zero_if_inf(b.upper));
    }
    // The upper bound is +Inf.
    if upper {
        return (0.0, zero_if_inf(b.lower));
    }
    if rhs >= b.lower {
        return (b.count, rhs);
    }
    (0.0, zero_if_inf(b.lower))
}

/// The kept count and its midpoint for the zero bucket; a side without populated buckets
/// does not count as part of it.
fn zero_bucket_trim(
    z: Bucket,
    rhs: f64,
    has_negative: bool,
    has_positive: bool,
    upper: bool,
) -> (f64, f64) {
    let mut lower = z.lower;
    let mut up = z.upper;
    if has_negative && !has_positive {
        up = 0.0;
    }
    if has_positive && !has_negative {
        lower = 0.0;
    }
    let (fraction, mid) = if upper {
        if rhs <= lower {
            return (0.0, 0.0);
        }
        if rhs >= up {
            return (z.count, (lower + up) / 2.0);
        }
        ((rhs - lower) / (up - lower), (lower + rhs) / 2.0)
    } else {
        if rhs <= lower {
            return (z.count, (lower + up) / 2.0);
        }
        if rhs >= up {
            return (0.0, 0.0);
        }
        ((up - rhs) / (up - lower), (rhs + up) / 2.0)
    };
    (z.count * fraction, mid)
}

/// Width of the time ranges at whose boundaries Prometheus's test storage cuts chunks
/// (its head uses 24h blocks).
const CHUNK_RANGE_MS: i64 = 24 * 3600 * 1000;

/// What [`StoredHints`] remembers about the previous sample of a series.
#[derive(Clone, Debug)]
enum LastStored {
    Float,
    Histogram {
        h: FloatHistogram,
        gauge: bool,
        /// The chunk is cut at the first sample at or after this time.
        chunk_end: i64,
    },
    /// A staleness marker after histograms (stored as a histogram whose sum is the marker).
    StaleHistogram,
}

/// The counter reset hints native histograms carry when read back from Prometheus's TSDB.
/// The storage keeps float histograms in chunks and derives the hint from the position in
/// the chunk: a gauge chunk yields "gauge", the first histogram of a counter chunk
/// "unknown", every later one "not a counter reset". A new chunk starts with the first
/// histogram after a float or a staleness marker, when gauge and counter histograms
/// alternate, on an explicit or detected counter reset, on a schema, zero threshold or
/// custom bound change, and at 24h boundaries. Feed the samples of one series in time order.
///
/// Prometheus also cuts chunks when they grow beyond about 1 KiB; that depends on the
/// encoded size and is not replayed.
#[derive(Clone, Debug, Default)]
pub struct StoredHints {
    last: Option<LastStored>,
}

impl StoredHints {
    pub fn new() -> StoredHints {
        StoredHints::default()
    }

    /// Records a float sample (`stale`: a staleness marker).
    pub fn float(&mut self, stale: bool) {
        let after_histogram = matches!(
            self.last,
            Some(LastStored::Histogram { .. } | LastStored::StaleHistogram)
        );
        self.last = Some(if stale && after_histogram {
            LastStored::StaleHistogram
        } else {
            LastStored::Float
        });
    }

    /// Records a histogram sample at `t` and returns the hint it is read back with.
    pub fn histogram(&mut self, t: i64, h: &FloatHistogram) -> CounterResetHint {
        let gauge = h.counter_reset_hint == CounterResetHint::Gauge;
        let continued = match &self.last {
            Some(LastStored::Histogram {
                h: prev,
                gauge: prev_gauge,
                chunk_end,
            }) => {
                t < *chunk_end
                    && gauge == *prev_gauge
                    && (gauge || !counter_chunk_breaks(prev, h))
                    && prev.schema == h.schema
                    && prev.zero_threshold == h.zero_threshold
                    && (!h.uses_custom_buckets()
                        || bounds_match(&prev.custom_values, &h.custom_values))
            }
            _ => false,
        };
        let chunk_end = match &self.last {
            Some(LastStored::Histogram { chunk_end, .. }) if continued => *chunk_end,
            // The end of the range `t` falls in (Go's truncating division).
            _ => (t / CHUNK_RANGE_MS)
                .saturating_mul(CHUNK_RANGE_MS)
                .saturating_add(CHUNK_RANGE_MS),
        };
        self.last = Some(LastStored::Histogram {
            h: h.clone(),
            gauge,
            chunk_end,
        });
        if gauge {
            CounterResetHint::Gauge
        } else if continued {
            CounterResetHint::NotCounterReset
        } else {
            CounterResetHint::Unknown
        }
    }
}

/// Whether appending counter histogram `h` after `prev` needs a new chunk because of a
/// counter reset (explicit, or a count or bucket that went down or disappeared).
fn counter_chunk_breaks(prev: &FloatHistogram, h: &FloatHistogram) -> bool {
    if h.counter_reset_hint == CounterResetHint::CounterReset || h.count < prev.count {
        return true;
    }
    if h.zero_count < prev.zero_count {
        return true;
    }
    let side_reset = |p: Vec<Entry>, c: Vec<Entry>| {
        let cur: BTreeMap<i64, f64> = c.into_iter().collect();
        p.iter().any(|&(idx, v)| match cur.get(&idx) {
            Some(&cv) => v > cv,
            None => v != 0.0,
        })
    };
    side_reset(
        expand(&prev.positive_spans, &prev.positive_buckets),
        expand(&h.positive_spans, &h.positive_buckets),
    ) || side_reset(
        expand(&prev.negative_spans, &prev.negative_buckets),
        expand(&h.negative_spans, &h.negative_buckets),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(v: &[(i32, u32)]) -> Vec<Span> {
        v.iter()
            .map(|&(offset, length)| Span { offset, length })
            .collect()
    }

    struct H<'a> {
        schema: i32,
        zt: f64,
        zc: f64,
        count: f64,
        sum: f64,
        ps: &'a [(i32, u32)],
        pb: &'a [f64],
        ns: &'a [(i32, u32)],
        nb: &'a [f64],
    }

    impl H<'_> {
        fn build(&self) -> FloatHistogram {
            FloatHistogram {
                schema: self.schema,
                zero_threshold: self.zt,
                zero_count: self.zc,
                count: self.count,
                sum: self.sum,
                positive_spans: sp(self.ps),
                positive_buckets: self.pb.to_vec(),
                negative_spans: sp(self.ns),
                negative_buckets: self.nb.to_vec(),
                ..Default::default()
            }
        }
    }

    fn custom(count: f64, sum: f64, ps: &[(i32, u32)], pb: &[f64], cv: &[f64]) -> FloatHistogram {
        FloatHistogram {
            schema: CUSTOM_BUCKETS_SCHEMA,
            count,
            sum,
            positive_spans: sp(ps),
            positive_buckets: pb.to_vec(),
            custom_values: cv.to_vec(),
            ..Default::default()
        }
    }

    /// Checks `a + b` and `b + a` against `exp` after compacting, like Prometheus's tests.
    fn check_add(a: &FloatHistogram, b: &FloatHistogram, exp: &FloatHistogram, reconciled: bool) {
        let mut exp = exp.clone();
        exp.compact(0);
        for (x, y) in [(a, b), (b, a)] {
            let c = x.add_detailed(y).unwrap();
            let mut got = c.histogram;
            got.compact(0);
            assert_eq!(got, exp, "{x:?} + {y:?}");
            assert_eq!(c.nhcb_bounds_reconciled, reconciled);
            assert!(!c.counter_reset_collision);
        }
    }

    // in1/in2 of several upstream TestFloatHistogramAdd cases.
    fn base_a() -> FloatHistogram {
        H {
            schema: 0,
            zt: 0.01,
            zc: 11.0,
            count: 30.0,
            sum: 2.345,
            ps: &[(-2, 2), (2, 3)],
            pb: &[1.0, 0.0, 3.0, 4.0, 7.0],
            ns: &[(3, 2), (3, 2)],
            nb: &[3.0, 1.0, 5.0, 6.0],
        }
        .build()
    }

    #[test]
    fn add_same_layout() {
        let a = H {
            schema: 0,
            zt: 0.01,
            zc: 11.0,
            count: 30.0,
            sum: 2.345,
            ps: &[(-2, 2), (1, 3)],
            pb: &[1.0, 0.0, 3.0, 4.0, 7.0],
            ns: &[(3, 2), (3, 2)],
            nb: &[3.0, 1.0, 5.0, 6.0],
        }
        .build();
        let b = H {
            schema: 0,
            zt: 0.01,
            zc: 8.0,
            count: 21.0,
            sum: 1.234,
            ps: &[(-2, 2), (1, 3)],
            pb: &[0.0, 0.0, 2.0, 3.0, 6.0],
            ns: &[(3, 2), (3, 2)],
            nb: &[1.0, 1.0, 4.0, 4.0],
        }
        .build();
        let exp = H {
            schema: 0,
            zt: 0.01,
            zc: 19.0,
            count: 51.0,
            sum: 3.579,
            ps: &[(-2, 2), (1, 3)],
            pb: &[1.0, 0.0, 5.0, 7.0, 13.0],
            ns: &[(3, 2), (3, 2)],
            nb: &[4.0, 2.0, 9.0, 10.0],
        }
        .build();
        check_add(&a, &b, &exp, false);
    }

    #[test]
    fn add_non_overlapping_spans() {
        let mut a = base_a();
        a.zero_threshold = 0.001;
        let b = H {
            schema: 0,
            zt: 0.001,
            zc: 8.0,
            count: 21.0,
            sum: 1.234,
            ps: &[(0, 2), (3, 3)],
            pb: &[5.0, 4.0, 2.0, 3.0, 6.0],
            ns: &[(-9, 2), (3, 2)],
            nb: &[1.0, 1.0, 4.0, 4.0],
        }
        .build();
        let exp = H {
            schema: 0,
            zt: 0.001,
            zc: 19.0,
            count: 51.0,
            sum: 3.579,
            ps: &[(-2, 4), (0, 6)],
            pb: &[1.0, 0.0, 5.0, 4.0, 3.0, 4.0, 7.0, 2.0, 3.0, 6.0],
            ns: &[(-9, 2), (3, 2), (5, 2), (3, 2)],
            nb: &[1.0, 1.0, 4.0, 4.0, 3.0, 1.0, 5.0, 6.0],
        }
        .build();
        check_add(&a, &b, &exp, false);
    }

    #[test]
    fn add_overlapping_spans() {
        let b = H {
            schema: 0,
            zt: 0.01,
            zc: 8.0,
            count: 21.0,
            sum: 1.234,
            ps: &[(-1, 4), (0, 3)],
            pb: &[5.0, 4.0, 2.0, 3.0, 6.0, 2.0, 5.0],
            ns: &[(4, 2), (1, 2)],
            nb: &[1.0, 1.0, 4.0, 4.0],
        }
        .build();
        let exp = H {
            schema: 0,
            zt: 0.01,
            zc: 19.0,
            count: 51.0,
            sum: 3.579,
            ps: &[(-2, 4), (0, 4)],
            pb: &[1.0, 5.0, 4.0, 2.0, 6.0, 10.0, 9.0, 5.0],
            ns: &[(3, 3), (1, 3)],
            nb: &[3.0, 2.0, 1.0, 4.0, 9.0, 6.0],
        }
        .build();
        check_add(&base_a(), &b, &exp, false);
    }

    #[test]
    fn add_schema_change() {
        let a = H {
            schema: 0,
            zt: 0.01,
            zc: 8.0,
            count: 21.0,
            sum: 1.234,
            ps: &[(-1, 4), (0, 3)],
            pb: &[5.0, 4.0, 2.0, 3.0, 6.0, 2.0, 5.0],
            ns: &[(4, 2), (1, 2)],
            nb: &[1.0, 1.0, 4.0, 4.0],
        }
        .build();
        let b = H {
            schema: 1,
            zt: 0.01,
            zc: 11.0,
            count: 30.0,
            sum: 2.345,
            ps: &[(-4, 3), (5, 5)],
            pb: &[1.0, 0.0, 0.0, 3.0, 2.0, 2.0, 3.0, 4.0],
            ns: &[(6, 3), (6, 4)],
            nb: &[3.0, 0.5, 0.5, 2.0, 3.0, 2.0, 4.0],
        }
        .build();
        let exp = H {
            schema: 0,
            zt: 0.01,
            zc: 19.0,
            count: 51.0,
            sum: 3.579,
            ps: &[(-2, 5), (0, 3)],
            pb: &[1.0, 5.0, 4.0, 2.0, 6.0, 10.0, 9.0, 5.0],
            ns: &[(3, 3), (1, 3)],
            nb: &[3.0, 2.0, 1.0, 4.0, 9.0, 6.0],
        }
        .build();
        check_add(&a, &b, &exp, false);
    }

    #[test]
    fn add_larger_zero_bucket() {
        let a = H {
            schema: 0,
            zt: 1.0,
            zc: 17.0,
            count: 21.0,
            sum: 1.234,
            ps: &[(1, 2), (0, 3)],
            pb: &[2.0, 3.0, 6.0, 2.0, 5.0],
            ns: &[(4, 2), (1, 2)],
            nb: &[1.0, 1.0, 4.0, 4.0],
        }
        .build();
        let exp = H {
            schema: 0,
            zt: 1.0,
            zc: 29.0,
            count: 51.0,
            sum: 3.579,
            ps: &[(1, 5)],
            pb: &[2.0, 6.0, 10.0, 9.0, 5.0],
            ns: &[(3, 3), (1, 3)],
            nb: &[3.0, 2.0, 1.0, 4.0, 9.0, 6.0],
        }
        .build();
        check_add(&a, &base_a(), &exp, false);
    }

    #[test]
    fn add_zero_threshold_inside_populated_bucket() {
        let a = H {
            schema: 0,
            zt: 0.2,
            zc: 17.0,
            count: 21.0,
            sum: 1.234,
            ps: &[(1, 2), (0, 3)],
            pb: &[2.0, 3.0, 6.0, 2.0, 5.0],
            ns: &[(4, 2), (1, 2)],
            nb: &[1.0, 1.0, 4.0, 4.0],
        }
        .build();
        let exp = H {
            schema: 0,
            zt: 0.25,
            zc: 29.0,
            count: 51.0,
            sum: 3.579,
            ps: &[(1, 5)],
            pb: &[2.0, 6.0, 10.0, 9.0, 5.0],
            ns: &[(3, 3), (1, 3)],
            nb: &[3.0, 2.0, 1.0, 4.0, 9.0, 6.0],
        }
        .build();
        check_add(&a, &base_a(), &exp, false);
    }

    #[test]
    fn add_schema_change_and_larger_zero_bucket() {
        let a = H {
            schema: 0,
            zt: 0.01,
            zc: 8.0,
            count: 21.0,
            sum: 1.234,
            ps: &[(-2, 5), (0, 3)],
            pb: &[2.0, 5.0, 4.0, 2.0, 3.0, 6.0, 2.0, 5.0],
            ns: &[(4, 2), (1, 2)],
            nb: &[1.0, 1.0, 4.0, 4.0],
        }
        .build();
        let b = H {
            schema: 1,
            zt: 0.25,
            zc: 12.0,
            count: 30.0,
            sum: 2.345,
            ps: &[(-3, 2), (5, 5)],
            pb: &[1.0, 0.0, 3.0, 2.0, 2.0, 3.0, 4.0],
            ns: &[(6, 3), (6, 4)],
            nb: &[3.0, 0.5, 0.5, 2.0, 3.0, 2.0, 4.0],
        }
        .build();
        let exp = H {
            schema: 0,
            zt: 0.25,
            zc: 22.0,
            count: 51.0,
            sum: 3.579,
            ps: &[(-1, 7)],
            pb: &[6.0, 4.0, 2.0, 6.0, 10.0, 9.0, 5.0],
            ns: &[(3, 3), (1, 3)],
            nb: &[3.0, 2.0, 1.0, 4.0, 9.0, 6.0],
        }
        .build();
        check_add(&a, &b, &exp, false);
    }

    #[test]
    fn add_custom_buckets() {
        let cv = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
        let a = custom(
            15.0,
            2.345,
            &[(0, 2), (2, 3)],
            &[1.0, 0.0, 3.0, 4.0, 7.0],
            &cv,
        );
        let b = custom(
            27.0,
            1.234,
            &[(1, 4), (0, 3)],
            &[5.0, 4.0, 2.0, 3.0, 6.0, 2.0, 5.0],
            &cv,
        );
        let exp = custom(
            42.0,
            3.579,
            &[(0, 4), (0, 4)],
            &[1.0, 5.0, 4.0, 2.0, 6.0, 10.0, 9.0, 5.0],
            &cv,
        );
        check_add(&a, &b, &exp, false);
    }

    #[test]
    fn add_custom_buckets_reconciles_bounds() {
        let a = custom(10.0, 100.0, &[(0, 3)], &[2.0, 3.0, 5.0], &[1.0, 2.5]);
        let b = custom(
            8.0,
            80.0,
            &[(0, 4)],
            &[1.0, 2.0, 3.0, 2.0],
            &[1.0, 2.0, 3.0],
        );
        let exp = custom(18.0, 180.0, &[(0, 2)], &[3.0, 15.0], &[1.0]);
        check_add(&a, &b, &exp, true);

        let a = custom(6.0, 2.345, &[(0, 1), (1, 1)], &[1.0, 5.0], &[2.0, 4.0]);
        let b = custom(
            220.0,
            1.234,
            &[(0, 2), (1, 1), (0, 2)],
            &[10.0, 20.0, 40.0, 50.0, 100.0],
            &[1.0, 2.0, 3.0, 4.0, 5.0],
        );
        let exp = custom(226.0, 3.579, &[(0, 3)], &[31.0, 40.0, 155.0], &[2.0, 4.0]);
        check_add(&a, &b, &exp, true);

        let a = custom(3.0, 50.0, &[(0, 2)], &[1.0, 2.0], &[1.5]);
        let b = custom(30.0, 40.0, &[(0, 2)], &[10.0, 20.0], &[2.5]);
        let exp = custom(33.0, 90.0, &[(0, 1)], &[33.0], &[]);
        check_add(&a, &b, &exp, true);
    }

    #[test]
    fn add_mixed_schemas_fails() {
        let c = custom(11.0, 12.0, &[(0, 2)], &[1.0, 2.0], &[1.0, 2.0]);
        let e = base_a().add(&c).unwrap_err();
        assert_eq!(
            e.to_string(),
            "cannot apply this operation on histograms with a mix of exponential and custom bucket schemas"
        );
        assert!(c.sub(&base_a()).is_err());
    }

    #[test]
    fn counter_reset_hints() {
        use CounterResetHint::*;
        let mk = |hint| FloatHistogram {
            counter_reset_hint: hint,
            ..Default::default()
        };
        let c = mk(CounterReset).add_detailed(&mk(NotCounterReset)).unwrap();
        assert!(c.counter_reset_collision);
        assert_eq!(c.histogram.counter_reset_hint, Unknown);
        assert_eq!(
            mk(NotCounterReset)
                .add(&mk(Gauge))
                .unwrap()
                .counter_reset_hint,
            Gauge
        );
        assert_eq!(
            mk(Gauge).add(&mk(CounterReset)).unwrap().counter_reset_hint,
            Gauge
        );
        assert_eq!(
            mk(NotCounterReset)
                .add(&mk(Unknown))
                .unwrap()
                .counter_reset_hint,
            Unknown
        );
        assert_eq!(
            mk(Unknown)
                .add(&mk(CounterReset))
                .unwrap()
                .counter_reset_hint,
            Unknown
        );
        assert_eq!(
            mk(CounterReset)
                .add(&mk(CounterReset))
                .unwrap()
                .counter_reset_hint,
            CounterReset
        );
    }

    #[test]
    fn sub_schema_change() {
        let a = H {
            schema: 0,
            zt: 0.01,
            zc: 8.0,
            count: 59.0,
            sum: 1.234,
            ps: &[(-2, 5), (0, 3)],
            pb: &[2.0, 5.0, 4.0, 2.0, 3.0, 6.0, 7.0, 5.0],
            ns: &[(3, 3), (1, 3)],
            nb: &[4.0, 10.0, 1.0, 4.0, 14.0, 7.0],
        }
        .build();
        let b = H {
            schema: 1,
            zt: 0.01,
            zc: 2.0,
            count: 19.0,
            sum: 0.345,
            ps: &[(-4, 3), (5, 5)],
            pb: &[1.0, 0.0, 0.0, 1.0, 2.0, 2.0, 3.0, 4.0],
            ns: &[(6, 3), (6, 4)],
            nb: &[3.0, 0.5, 0.5, 2.0, 3.0, 2.0, 4.0],
        }
        .build();
        let mut exp = H {
            schema: 0,
            zt: 0.01,
            zc: 6.0,
            count: 40.0,
            sum: 0.889,
            ps: &[(-2, 5), (0, 3)],
            pb: &[1.0, 5.0, 4.0, 2.0, 2.0, 2.0, 0.0, 5.0],
            ns: &[(3, 3), (1, 3)],
            nb: &[1.0, 9.0, 1.0, 4.0, 9.0, 1.0],
        }
        .build();
        exp.compact(0);
        let mut got = a.sub(&b).unwrap();
        got.compact(0);
        assert_eq!(got, exp);
    }

    #[test]
    fn sub_custom_buckets_with_rollup() {
        let mut a = custom(
            220.0,
            9.9,
            &[(0, 2), (1, 1), (0, 2)],
            &[10.0, 20.0, 40.0, 50.0, 100.0],
            &[1.0, 2.0, 3.0, 4.0, 5.0],
        );
        a.counter_reset_hint = CounterResetHint::Gauge;
        let mut b = custom(6.0, 4.4, &[(0, 1), (1, 1)], &[1.0, 5.0], &[2.0, 4.0]);
        b.counter_reset_hint = CounterResetHint::Gauge;
        let c = a.sub_detailed(&b).unwrap();
        assert!(c.nhcb_bounds_reconciled);
        let h = c.histogram;
        assert_eq!(h.count, 214.0);
        assert_eq!(h.custom_values, vec![2.0, 4.0]);
        assert_eq!(h.positive_buckets, vec![29.0, 40.0, 145.0]);
        assert_eq!(h.positive_spans, sp(&[(0, 3)]));
        assert_eq!(h.counter_reset_hint, CounterResetHint::Gauge);
    }

    #[test]
    fn compact_like_prometheus() {
        let mut h = FloatHistogram {
            positive_spans: sp(&[(-2, 4), (3, 6)]),
            positive_buckets: vec![0.0, 1.0, 0.0, 0.0, 3.0, 0.0, 0.0, 4.0, 0.0, 0.0],
            negative_spans: sp(&[(0, 0), (2, 1)]),
            negative_buckets: vec![5.0],
            ..Default::default()
        };
        let mut one = h.clone();
        one.compact(2);
        assert_eq!(one.positive_spans, sp(&[(-1, 1), (5, 4)]));
        assert_eq!(one.positive_buckets, vec![1.0, 3.0, 0.0, 0.0, 4.0]);
        h.compact(0);
        assert_eq!(h.positive_spans, sp(&[(-1, 1), (5, 1), (2, 1)]));
        assert_eq!(h.positive_buckets, vec![1.0, 3.0, 4.0]);
        assert_eq!(h.negative_spans, sp(&[(2, 1)]));
        let mut all = FloatHistogram {
            positive_spans: sp(&[(0, 2)]),
            positive_buckets: vec![0.0, 0.0],
            ..Default::default()
        };
        all.compact(5);
        assert!(all.positive_spans.is_empty() && all.positive_buckets.is_empty());
    }

    #[test]
    fn test_expression_matches_upstream() {
        let h = H {
            schema: 1,
            zt: 0.05,
            zc: 7.1,
            count: 3.1,
            sum: -0.3,
            ps: &[(-3, 3)],
            pb: &[5.1, 10.0, 7.0],
            ns: &[(-5, 2)],
            nb: &[4.1, 5.0],
        }
        .build();
        assert_eq!(
            h.test_expression(),
            "{{schema:1 count:3.1 sum:-0.3 z_bucket:7.1 z_bucket_w:0.05 offset:-3 buckets:[5.1 10 7] n_offset:-5 n_buckets:[4.1 5]}}"
        );
        let mut r = h.clone();
        r.counter_reset_hint = CounterResetHint::CounterReset;
        assert_eq!(
            r.to_string(),
            "{{schema:1 count:3.1 sum:-0.3 z_bucket:7.1 z_bucket_w:0.05 counter_reset_hint:reset offset:-3 buckets:[5.1 10 7] n_offset:-5 n_buckets:[4.1 5]}}"
        );
        let multi = H {
            schema: 0,
            zt: 0.0,
            zc: 0.0,
            count: 0.0,
            sum: 0.0,
            ps: &[(-3, 1), (4, 2)],
            pb: &[5.1, 10.0, 7.0],
            ns: &[(-1, 2), (2, 3)],
            nb: &[4.1, 5.0, 7.0, 8.0, 9.0],
        }
        .build();
        assert_eq!(
            multi.test_expression(),
            "{{offset:-3 buckets:[5.1 0 0 0 0 10 7] n_offset:-1 n_buckets:[4.1 5 0 0 7 8 9]}}"
        );
        assert_eq!(FloatHistogram::default().test_expression(), "{{}}");
        let c = custom(1e6, 0.0, &[(0, 2)], &[1.0, 2.0], &[0.5, 1e-5]);
        assert_eq!(
            c.test_expression(),
            "{{schema:-53 count:1e+06 custom_values:[0.5 1e-05] buckets:[1 2]}}"
        );
    }

    #[test]
    fn bounds() {
        assert_eq!(bucket_bound(0, 0, &[]), 1.0);
        assert_eq!(bucket_bound(1, 0, &[]), 2.0);
        assert_eq!(bucket_bound(-1, 0, &[]), 0.5);
        assert_eq!(bucket_bound(1, 1, &[]), 0.7071067811865475 * 2.0);
        assert_eq!(bucket_bound(1, -1, &[]), 4.0);
        assert_eq!(bucket_bound(1024, 0, &[]), f64::MAX);
        assert_eq!(bucket_bound(1025, 0, &[]), f64::INFINITY);
        assert_eq!(bucket_bound(-1080, 0, &[]), 0.0);
        assert!(bucket_bound(5, 20, &[]).is_finite());
        assert_eq!(bucket_bound(0, CUSTOM_BUCKETS_SCHEMA, &[3.0]), 3.0);
        assert_eq!(
            bucket_bound(1, CUSTOM_BUCKETS_SCHEMA, &[3.0]),
            f64::INFINITY
        );
        assert_eq!(target_idx(3, 1, 0), 2);
        assert_eq!(target_idx(-4, 1, 0), -2);
        assert_eq!(target_idx(7, 100, 0), 1);
    }

    /// Upstream's TestKahanAddWithCompHistogram: `a.kahan_add(b, comp)`, then the
    /// compensation added back, must give `exp` (compared after compacting).
    fn check_kahan(
        a: FloatHistogram,
        comp: Option<FloatHistogram>,
        b: FloatHistogram,
        exp: FloatHistogram,
    ) {
        let mut sum = a.clone();
        let r = sum.kahan_add(&b, comp).unwrap();
        assert_eq!(sum.positive_spans, r.compensation.positive_spans);
        assert_eq!(sum.negative_spans, r.compensation.negative_spans);
        assert_eq!(
            sum.positive_buckets.len(),
            r.compensation.positive_buckets.len()
        );
        assert_eq!(
            sum.negative_buckets.len(),
            r.compensation.negative_buckets.len()
        );
        assert_eq!(sum.schema, r.compensation.schema);
        assert_eq!(sum.zero_threshold, r.compensation.zero_threshold);
        let mut got = sum.add(&r.compensation).unwrap();
        got.compact(0);
        let mut exp = exp;
        exp.compact(0);
        assert_eq!(got, exp);
    }

    #[test]
    fn kahan_add_larger_zero_bucket_first() {
        let a = H {
            schema: 0,
            zt: 1.0,
            zc: 17.0,
            count: 21.0,
            sum: 1.234,
            ps: &[(1, 2), (0, 3)],
            pb: &[2.0, 3.0, 6.0, 2.0, 5.0],
            ns: &[(4, 2), (1, 2)],
            nb: &[1.0, 1.0, 4.0, 4.0],
        }
        .build();
        let comp = H {
            schema: 0,
            zt: 1.0,
            zc: 0.0,
            count: 0.0,
            sum: 0.0,
            ps: &[(1, 2), (0, 3)],
            pb: &[0.02, 0.03, 0.06, 0.02, 0.05],
            ns: &[(4, 2), (1, 2)],
            nb: &[0.01, 0.01, 0.04, 0.04],
        }
        .build();
        let b = H {
            schema: 0,
            zt: 0.01,
            zc: 11.0,
            count: 30.0,
            sum: 2.345,
            ps: &[(-2, 2), (2, 3)],
            pb: &[1.0, 0.0, 3.0, 4.0, 7.0],
            ns: &[(3, 2), (3, 2)],
            nb: &[3.0, 1.0, 5.0, 6.0],
        }
        .build();
        let exp = H {
            schema: 0,
            zt: 1.0,
            zc: 29.0,
            count: 51.0,
            sum: 3.579,
            ps: &[(1, 2), (0, 3)],
            pb: &[2.02, 6.03, 10.06, 9.02, 5.05],
            ns: &[(3, 3), (1, 3)],
            nb: &[3.0, 2.01, 1.01, 4.04, 9.04, 6.0],
        }
        .build();
        check_kahan(a, Some(comp), b, exp);
    }

    #[test]
    fn kahan_add_smaller_zero_bucket_first() {
        let a = H {
            schema: 0,
            zt: 0.01,
            zc: 11.0,
            count: 40.0,
            sum: 2.345,
            ps: &[(-2, 2), (2, 3)],
            pb: &[1.0, 2.0, 3.0, 4.0, 7.0],
            ns: &[(3, 2), (3, 2)],
            nb: &[3.0, 1.0, 5.0, 6.0],
        }
        .build();
        let comp = H {
            schema: 0,
            zt: 0.01,
            zc: 0.0,
            count: 0.0,
            sum: 0.0,
            ps: &[(-2, 2), (2, 3)],
            pb: &[0.02, 0.03, 0.06, 0.07, 0.05],
            ns: &[(3, 2), (3, 2)],
            nb: &[0.01, 0.01, 0.04, 0.04],
        }
        .build();
        let b = H {
            schema: 0,
            zt: 1.0,
            zc: 17.0,
            count: 11.0,
            sum: 1.234,
            ps: &[(1, 2), (0, 3)],
            pb: &[2.0, 3.0, 6.0, 2.0, 5.0],
            ns: &[(4, 2), (1, 2)],
            nb: &[1.0, 1.0, 4.0, 4.0],
        }
        .build();
        let exp = H {
            schema: 0,
            zt: 1.0,
            zc: 31.05,
            count: 51.0,
            sum: 3.579,
            ps: &[(1, 5)],
            pb: &[2.0, 6.06, 10.07, 9.05, 5.0],
            ns: &[(3, 3), (1, 3)],
            nb: &[3.01, 2.01, 1.0, 4.0, 9.04, 6.04],
        }
        .build();
        check_kahan(a, Some(comp), b, exp);
    }

    #[test]
    fn kahan_add_drops_buckets_inside_the_wider_zero_bucket() {
        let a = H {
            schema: 0,
            zt: 0.01,
            zc: 11.0,
            count: 30.0,
            sum: 2.345,
            ps: &[(-2, 2), (1, 1), (1, 3)],
            pb: &[1.0, 3.0, 3.0, 0.0, 7.0, -6.0],
            ns: &[],
            nb: &[],
        }
        .build();
        let comp = H {
            schema: 0,
            zt: 0.01,
            zc: 0.0,
            count: 0.0,
            sum: 0.0,
            ps: &[(-2, 2), (1, 1), (1, 3)],
            pb: &[7.0, 2.0, 0.03, 0.0, 0.05, 0.06],
            ns: &[],
            nb: &[],
        }
        .build();
        let b = H {
            schema: 0,
            zt: 1.0,
            zc: 17.0,
            count: 21.0,
            sum: 1.234,
            ps: &[(1, 2), (1, 2)],
            pb: &[2.0, 3.0, 2.0, 5.0],
            ns: &[],
            nb: &[],
        }
        .build();
        let exp = H {
            schema: 0,
            zt: 1.0,
            zc: 41.0,
            count: 51.0,
            sum: 3.579,
            ps: &[(1, 2), (1, 2)],
            pb: &[5.03, 3.0, 9.05, -0.94],
            ns: &[],
            nb: &[],
        }
        .build();
        check_kahan(a, Some(comp), b, exp);
    }

    #[test]
    fn kahan_add_reduces_resolution_with_compensation() {
        let a = H {
            schema: 2,
            zt: 0.01,
            zc: 11.0,
            count: 30.0,
            sum: 2.345,
            ps: &[(-2, 2), (1, 1), (1, 3)],
            pb: &[1.0, 3.0, 1e100, 0.0, 7.0, -6.0],
            ns: &[],
            nb: &[],
        }
        .build();
        let comp = H {
            schema: 2,
            zt: 0.01,
            zc: 1.0,
            count: 0.0,
            sum: 0.0,
            ps: &[(-2, 2), (1, 1), (1, 3)],
            pb: &[7.0, 2.0, 0.03, 0.0, 0.05, 0.06],
            ns: &[],
            nb: &[],
        }
        .build();
        let b = H {
            schema: 1,
            zt: 1.0,
            zc: 17.0,
            count: 21.0,
            sum: 1.234,
            ps: &[(1, 2), (1, 2)],
            pb: &[-1e100, 3.0, 2.0, 5.0],
            ns: &[],
            nb: &[],
        }
        .build();
        let exp = H {
            schema: 1,
            zt: 1.0,
            zc: 42.0,
            count: 51.0,
            sum: 3.579,
            ps: &[(1, 5)],
            pb: &[0.03, 10.05, -5.94, 2.0, 5.0],
            ns: &[],
            nb: &[],
        }
        .build();
        check_kahan(a, Some(comp), b, exp);

        let a = H {
            schema: 0,
            zt: 1.0,
            zc: 17.0,
            count: 21.0,
            sum: 1.234,
            ps: &[(1, 2), (1, 2)],
            pb: &[2.0, 3.0, 2.0, 5.0],
            ns: &[],
            nb: &[],
        }
        .build();
        let comp = H {
            schema: 0,
            zt: 1.0,
            zc: 1.0,
            count: 0.0,
            sum: 0.0,
            ps: &[(1, 2), (1, 2)],
            pb: &[17.0, 2.0, 0.03, 0.0],
            ns: &[],
            nb: &[],
        }
        .build();
        let b = H {
            schema: 2,
            zt: 0.01,
            zc: 11.0,
            count: 30.0,
            sum: 2.345,
            ps: &[(-2, 3), (1, 1), (1, 3)],
            pb: &[1e100, 4.1, -1e100, 2.1, 0.0, 7.0, -6.0],
            ns: &[],
            nb: &[],
        }
        .build();
        let exp = H {
            schema: 0,
            zt: 1.0,
            zc: 33.1,
            count: 51.0,
            sum: 3.579,
            ps: &[(1, 2), (1, 2)],
            pb: &[21.1, 6.0, 2.03, 5.0],
            ns: &[],
            nb: &[],
        }
        .build();
        check_kahan(a, Some(comp), b, exp);
    }

    #[test]
    fn kahan_add_keeps_low_bits_and_reports_like_add() {
        let mk = |sum: f64, b: f64| custom(1.0, sum, &[(0, 1)], &[b], &[1.0]);
        let mut acc = mk(1e100, 1e100);
        let mut comp = None;
        for h in [mk(1.0, 1.0), mk(-1e100, -1e100)] {
            comp = Some(acc.kahan_add(&h, comp).unwrap().compensation);
        }
        let total = acc.add(&comp.unwrap()).unwrap();
        assert_eq!(total.sum, 1.0);
        assert_eq!(total.positive_buckets, [1.0]);
        assert_eq!(total.count, 3.0);

        let mut a = custom(1.0, 1.0, &[(0, 2)], &[1.0, 2.0], &[1.0, 5.0]);
        a.counter_reset_hint = CounterResetHint::CounterReset;
        let mut b = custom(1.0, 1.0, &[(0, 2)], &[1.0, 2.0], &[2.0, 5.0]);
        b.counter_reset_hint = CounterResetHint::NotCounterReset;
        let r = a.kahan_add(&b, None).unwrap();
        assert!(r.counter_reset_collision && r.nhcb_bounds_reconciled);
        assert_eq!(a.custom_values, [5.0]);
        assert_eq!(a.positive_buckets, [6.0]);
        assert_eq!(r.compensation.custom_values, [5.0]);
        let mut e = FloatHistogram::default();
        assert_eq!(
            e.kahan_add(&a, None).unwrap_err(),
            HistogramError::IncompatibleSchema
        );
    }

    #[test]
    fn trim_buckets_like_upstream() {
        // Bucket upper bounds 1, 2, 4, 8; trimming at 4 keeps the first three.
        let h = H {
            schema: 0,
            zt: 0.0,
            zc: 0.0,
            count: 30.0,
            sum: 100.0,
            ps: &[(0, 4)],
            pb: &[5.0, 5.0, 10.0, 10.0],
            ns: &[],
            nb: &[],
        }
        .build();
        let mut upper = h.clone();
        upper.trim_buckets(4.0, true);
        assert_eq!(upper.positive_buckets, [5.0, 5.0, 10.0]);
        assert_eq!(upper.count, 20.0);
        let mid = |a: f64, b: f64| (a * b).sqrt();
        let sum = 5.0 * mid(0.5, 1.0) + 5.0 * mid(1.0, 2.0) + 10.0 * mid(2.0, 4.0);
        assert!((upper.sum - sum).abs() < 1e-9);
        // Trimming at 3 splits the (2,4] bucket on a logarithmic scale.
        let mut lower = h.clone();
        lower.trim_buckets(3.0, false);
        let kept = 10.0 * (1.0 - (3f64.log2() - 1.0));
        assert_eq!(lower.positive_spans, sp(&[(2, 2)]));
        assert!((lower.positive_buckets[0] - kept).abs() < 1e-12);
        assert_eq!(lower.positive_buckets[1], 10.0);
        assert!((lower.count - (kept + 10.0)).abs() < 1e-12);
        // Nothing to trim: unchanged.
        let mut all = h.clone();
        all.trim_buckets(f64::NEG_INFINITY, false);
        assert_eq!(all, h);
    }

    #[test]
    fn trim_custom_and_zero_buckets() {
        // Custom bounds 10, 20: trimming below 15 keeps half of (10,20] linearly and drops
        // the +Inf bucket.
        let mut c = custom(6.0, 60.0, &[(0, 3)], &[2.0, 2.0, 2.0], &[10.0, 20.0]);
        c.trim_buckets(15.0, true);
        assert_eq!(c.positive_buckets, [2.0, 1.0]);
        assert_eq!(c.count, 3.0);
        // [-Inf,10]: its lower bound counts as 0 (midpoint 5); (10,15]: midpoint 12.5.
        assert_eq!(c.sum, 2.0 * 5.0 + 12.5);
        // A zero bucket with only positive buckets around it spans [0, threshold].
        let mut z = H {
            schema: 0,
            zt: 0.1,
            zc: 4.0,
            count: 5.0,
            sum: 2.0,
            ps: &[(0, 1)],
            pb: &[1.0],
            ns: &[],
            nb: &[],
        }
        .build();
        z.trim_buckets(0.05, true);
        assert_eq!(z.zero_count, 2.0);
        assert_eq!(z.count, 2.0);
        assert_eq!(z.sum, 2.0 * 0.025);
        assert!(z.positive_buckets.is_empty());
    }

    #[test]
    fn equals_ignores_hint_but_not_layout() {
        let a = H {
            schema: 0,
            zt: 0.0,
            zc: 0.0,
            count: 3.0,
            sum: 1.0,
            ps: &[(0, 2)],
            pb: &[1.0, 2.0],
            ns: &[],
            nb: &[],
        }
        .build();
        let mut b = a.clone();
        b.counter_reset_hint = CounterResetHint::NotCounterReset;
        assert!(a.equals(&b));
        b.positive_spans = sp(&[(0, 0), (0, 2)]);
        assert!(a.equals(&b), "zero-length spans fold into the next");
        b.positive_spans = sp(&[(0, 1), (0, 1)]);
        assert!(!a.equals(&b), "adjacent spans are a different layout");
        let mut n = a.clone();
        n.sum = -0.0 + 1.0 - 1.0;
        let mut m = a.clone();
        m.sum = -0.0;
        assert!(!n.equals(&m), "sums compare bit for bit");
    }

    #[test]
    fn go_string_matches_upstream() {
        let h = H {
            schema: 1,
            zt: 0.01,
            zc: 5.5,
            count: 3493.3,
            sum: 2349209.324,
            ps: &[(-2, 1), (2, 3)],
            pb: &[1.0, 3.3, 4.2, 0.1],
            ns: &[(3, 2), (3, 2)],
            nb: &[3.1, 3.0, 1.234e5, 1000.0],
        }
        .build();
        assert_eq!(
            h.go_string(),
            "{count:3493.3, sum:2.349209324e+06, [-22.62741699796952,-16):1000, [-16,-11.31370849898476):123400, [-4,-2.82842712474619):3, [-2.82842712474619,-2):3.1, [-0.01,0.01]:5.5, (0.35355339059327373,0.5]:1, (1,1.414213562373095]:3.3, (1.414213562373095,2]:4.2, (2,2.82842712474619]:0.1}"
        );
        let c = custom(
            3493.3,
            2349209.324,
            &[(0, 1), (2, 4)],
            &[1.0, 3.3, 4.2, 0.1, 5.0],
            &[1.0, 2.0, 5.0, 10.0, 15.0, 20.0],
        );
        assert_eq!(
            c.go_string(),
            "{count:3493.3, sum:2.349209324e+06, [-Inf,1]:1, (5,10]:3.3, (10,15]:4.2, (15,20]:0.1, (20,+Inf]:5}"
        );
    }

    #[test]
    fn reduce_resolution_merges_buckets() {
        let mut h = H {
            schema: 1,
            zt: 0.0,
            zc: 0.0,
            count: 6.0,
            sum: 1.0,
            ps: &[(-1, 4)],
            pb: &[1.0, 2.0, 0.0, 3.0],
            ns: &[(1, 1)],
            nb: &[4.0],
        }
        .build();
        assert!(h.reduce_resolution(0));
        assert_eq!(h.schema, 0);
        assert_eq!(h.positive_bucket_entries(), vec![(0, 3.0), (1, 3.0)]);
        assert_eq!(h.negative_bucket_entries(), vec![(1, 4.0)]);
        assert!(!h.reduce_resolution(0));
        assert!(!h.reduce_resolution(CUSTOM_BUCKETS_SCHEMA));
    }

    #[test]
    fn stored_hints_follow_chunks() {
        use CounterResetHint::*;
        let counter = |count: f64| FloatHistogram {
            count,
            sum: count,
            positive_spans: sp(&[(0, 1)]),
            positive_buckets: vec![count],
            ..Default::default()
        };
        let mut s = StoredHints::new();
        assert_eq!(s.histogram(0, &counter(1.0)), Unknown);
        assert_eq!(s.histogram(60_000, &counter(2.0)), NotCounterReset);
        // A decrease is a reset: a new chunk.
        assert_eq!(s.histogram(120_000, &counter(1.0)), Unknown);
        let mut explicit = counter(5.0);
        explicit.counter_reset_hint = CounterReset;
        assert_eq!(s.histogram(180_000, &explicit), Unknown);
        let mut gauge = counter(1.0);
        gauge.counter_reset_hint = Gauge;
        assert_eq!(s.histogram(240_000, &gauge), Gauge);
        assert_eq!(s.histogram(300_000, &counter(6.0)), Unknown);
        // After a staleness marker or a float the next histogram starts a chunk.
        s.float(true);
        assert_eq!(s.histogram(360_000, &counter(7.0)), Unknown);
        assert_eq!(s.histogram(420_000, &counter(8.0)), NotCounterReset);
        s.float(false);
        assert_eq!(s.histogram(480_000, &counter(9.0)), Unknown);
        // A schema change and the 24h boundary cut chunks too.
        let mut finer = counter(10.0);
        finer.schema = 1;
        assert_eq!(s.histogram(540_000, &finer), Unknown);
        let mut later = counter(11.0);
        later.schema = 1;
        assert_eq!(s.histogram(CHUNK_RANGE_MS, &later), Unknown);
        // A bucket that disappears is a reset even if the count grows.
        let moved = H {
            schema: 1,
            zt: 0.0,
            zc: 0.0,
            count: 20.0,
            sum: 1.0,
            ps: &[(3, 1)],
            pb: &[20.0],
            ns: &[],
            nb: &[],
        }
        .build();
        assert_eq!(s.histogram(CHUNK_RANGE_MS + 1, &moved), Unknown);
    }
}

//! In-memory storage: every series with all its samples, plus an inverted index (label name →
//! value → series ids) so that selecting from tens of thousands of series stays cheap. Used by
//! the promqltest runner and rule unit tests.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::{Queryable, SeriesData, StorageError};
use crate::model::fxhash::FxHashMap;
use crate::model::histogram::FloatHistogram;
use crate::model::labels::Labels;
use crate::model::matcher::{MatchOp, Matcher};
use crate::promql::engine::value::{FPoint, HPoint};

/// Series ids are indexes into `MemStorage::series`, assigned in creation order, so every
/// postings list is sorted simply by being appended to.
type SeriesId = u32;

/// A handle on a stored series, from [`MemStorage::series_ref`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeriesRef(SeriesId);

/// A sample to append.
#[derive(Debug, Clone)]
pub enum SampleValue {
    Float(f64),
    Histogram(FloatHistogram),
}

/// Why the TSDB would refuse a sample; messages are Prometheus's.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AppendError {
    #[error("out of order sample")]
    OutOfOrder,
    #[error("{}", duplicate_text(*t, *existing, *new))]
    Duplicate {
        t: i64,
        existing: Option<f64>,
        new: Option<f64>,
    },
}

/// Prometheus's `errDuplicateSampleForTimestamp` text: plain for timestamp 0 and for a new
/// histogram; `existing` is `None` when the stored sample is a histogram.
fn duplicate_text(t: i64, existing: Option<f64>, new: Option<f64>) -> String {
    let g = crate::gostr::format_float_g;
    match (new, existing) {
        (Some(n), _) if t != 0 => match existing {
            Some(e) => format!(
                "duplicate sample for timestamp {t}; overrides not allowed: existing {}, new value {}",
                g(e),
                g(n)
            ),
            None => format!(
                "duplicate sample for timestamp {t}; overrides not allowed: existing is a histogram, new value {}",
                g(n)
            ),
        },
        _ => "duplicate sample for timestamp".into(),
    }
}

#[derive(Clone, Debug, Default)]
pub struct MemStorage {
    series: Vec<Arc<SeriesData>>,
    ids: FxHashMap<Labels, SeriesId>,
    /// Each series' position in label order, computed when first needed after a series was
    /// added, so selects sort ids by number instead of comparing label sets.
    label_rank: std::sync::OnceLock<Vec<u32>>,
    postings: BTreeMap<String, BTreeMap<String, Vec<SeriesId>>>,
}

impl MemStorage {
    pub fn new() -> MemStorage {
        MemStorage::default()
    }

    /// Number of series stored.
    pub fn len(&self) -> usize {
        self.series.len()
    }

    pub fn is_empty(&self) -> bool {
        self.series.is_empty()
    }

    /// All series, in creation order.
    pub fn series(&self) -> impl Iterator<Item = &Arc<SeriesData>> {
        self.series.iter()
    }

    /// Drops every series.
    pub fn clear(&mut self) {
        *self = MemStorage::default();
    }

    /// Appends a float sample (a staleness marker is just its NaN bit pattern). A sample older
    /// than the newest one is inserted in order; a sample at a timestamp that already has one
    /// (float or histogram) replaces it. Labels with empty values are dropped, as Prometheus's
    /// storage does; a sample whose label set ends up empty is ignored.
    pub fn append_float(&mut self, labels: &Labels, t: i64, f: f64) {
        self.append_float_with_st(labels, 0, t, f);
    }

    /// [`Self::append_float`] with the sample's start timestamp `st` (0 = none).
    pub fn append_float_with_st(&mut self, labels: &Labels, st: i64, t: i64, f: f64) {
        if let Some(s) = self.series_mut(labels) {
            put_float(s, st, t, f);
        }
    }

    /// Appends a native histogram sample, with the same rules as [`Self::append_float`].
    pub fn append_histogram(&mut self, labels: &Labels, t: i64, h: FloatHistogram) {
        self.append_histogram_with_st(labels, 0, t, h);
    }

    /// [`Self::append_histogram`] with the sample's start timestamp `st` (0 = none).
    pub fn append_histogram_with_st(
        &mut self,
        labels: &Labels,
        st: i64,
        t: i64,
        h: FloatHistogram,
    ) {
        if let Some(s) = self.series_mut(labels) {
            put_histogram(s, st, t, h);
        }
    }

    /// Makes room for `additional` more float samples of the series `labels` (creating it),
    /// for callers that know how many will come.
    pub fn reserve_floats(&mut self, labels: &Labels, additional: usize) {
        if let Some(s) = self.series_mut(labels) {
            s.floats.reserve_exact(additional);
        }
    }

    /// A handle on the series `labels` (created if new) for repeated appends without looking
    /// the labels up each time; `None` when the labels are all empty.
    pub fn series_ref(&mut self, labels: &Labels) -> Option<SeriesRef> {
        self.series_id(labels).map(SeriesRef)
    }

    /// Appends like Prometheus's TSDB head appender: a sample older than the series' newest
    /// is refused, and so is a different value at the newest sample's timestamp (the same
    /// value again is accepted and changes nothing).
    pub fn try_append(
        &mut self,
        labels: &Labels,
        t: i64,
        v: SampleValue,
    ) -> Result<(), AppendError> {
        match self.series_ref(labels) {
            Some(r) => self.try_append_ref(r, t, v),
            None => Ok(()),
        }
    }

    /// [`Self::try_append`] to a series by handle.
    pub fn try_append_ref(
        &mut self,
        r: SeriesRef,
        t: i64,
        v: SampleValue,
    ) -> Result<(), AppendError> {
        let Some(s) = self.series.get_mut(r.0 as usize).map(Arc::make_mut) else {
            return Ok(());
        };
        let last_f = s.floats.last().map(|p| (p.t, Some(p.f), None));
        let last_h = s.histograms.last().map(|p| (p.t, None, Some(&p.h)));
        let newest = match (last_f, last_h) {
            (Some(f), Some(h)) => Some(if f.0 >= h.0 { f } else { h }),
            (f, h) => f.or(h),
        };
        if let Some((last_t, last_f, last_h)) = newest {
            if t < last_t {
                return Err(AppendError::OutOfOrder);
            }
            if t == last_t {
                let same = match (&v, last_f, last_h) {
                    (SampleValue::Float(f), Some(old), _) => f.to_bits() == old.to_bits(),
                    (SampleValue::Histogram(h), _, Some(old)) => h.equals(old),
                    _ => false,
                };
                return if same {
                    Ok(())
                } else {
                    Err(AppendError::Duplicate {
                        t,
                        existing: last_f,
                        new: match &v {
                            SampleValue::Float(f) => Some(*f),
                            SampleValue::Histogram(_) => None,
                        },
                    })
                };
            }
        }
        match v {
            SampleValue::Float(f) => put_float(s, 0, t, f),
            SampleValue::Histogram(h) => put_histogram(s, 0, t, h),
        }
        Ok(())
    }

    /// The series for `labels`, created (and indexed) if new. Callers holding an `Arc` from an
    /// earlier `select` keep their snapshot; the storage copies the series on write.
    fn series_mut(&mut self, labels: &Labels) -> Option<&mut SeriesData> {
        let id = self.series_id(labels)?;
        self.series.get_mut(id as usize).map(Arc::make_mut)
    }

    /// The id of the series `labels` (empty values dropped), created if new.
    fn series_id(&mut self, labels: &Labels) -> Option<SeriesId> {
        // Appends to a known series (the common case) need no copy of its labels.
        if labels.iter().all(|l| !l.value.is_empty()) {
            if let Some(&id) = self.ids.get(labels) {
                return Some(id);
            }
        }
        let labels: Labels = labels
            .iter()
            .filter(|l| !l.value.is_empty())
            .cloned()
            .collect();
        if labels.is_empty() {
            return None;
        }
        let id = match self.ids.get(&labels) {
            Some(&id) => id,
            None => {
                let id = SeriesId::try_from(self.series.len()).ok()?;
                for l in &labels {
                    self.postings
                        .entry(l.name.clone())
                        .or_default()
                        .entry(l.value.clone())
                        .or_default()
                        .push(id);
                }
                self.series.push(Arc::new(SeriesData::new(labels.clone())));
                self.ids.insert(labels, id);
                self.label_rank = std::sync::OnceLock::new();
                id
            }
        };
        Some(id)
    }

    /// Ids of the series matching all matchers, ascending.
    fn matching_ids(&self, matchers: &[Matcher]) -> Vec<SeriesId> {
        let mut included: Option<Vec<SeriesId>> = None;
        let mut excluded: Vec<Vec<SeriesId>> = Vec::new();
        for m in matchers {
            if m.matches("") {
                // Series without the label match; only those whose value is rejected do not.
                let ex = self.union_where(&m.name, |v| !m.matches(v));
                if !ex.is_empty() {
                    excluded.push(ex);
                }
                continue;
            }
            let inc = if m.op == MatchOp::Equal {
                self.postings
                    .get(&m.name)
                    .and_then(|values| values.get(&m.value))
                    .cloned()
                    .unwrap_or_default()
            } else {
                self.union_where(&m.name, |v| m.matches(v))
            };
            let next = match included {
                None => inc,
                Some(prev) => intersect(&prev, &inc),
            };
            if next.is_empty() {
                return Vec::new();
            }
            included = Some(next);
        }
        let mut ids = included.unwrap_or_else(|| (0..self.series.len() as SeriesId).collect());
        for ex in &excluded {
            ids = subtract(&ids, ex);
        }
        ids
    }

    /// Ids of the series whose label `name` has a value accepted by `pred`, ascending.
    fn union_where(&self, name: &str, pred: impl Fn(&str) -> bool) -> Vec<SeriesId> {
        let Some(values) = self.postings.get(name) else {
            return Vec::new();
        };
        let mut out: Vec<SeriesId> = Vec::new();
        for (value, ids) in values {
            if pred(value) {
                out.extend_from_slice(ids);
            }
        }
        // A series has one value per name, so the lists are disjoint; only the order is lost.
        out.sort_unstable();
        out
    }

    fn matching_series(&self, matchers: &[Matcher]) -> impl Iterator<Item = &Arc<SeriesData>> {
        self.matching_ids(matchers)
            .into_iter()
            .filter_map(move |id| self.series.get(id as usize))
    }
}

impl Queryable for MemStorage {
    fn select(
        &self,
        matchers: &[Matcher],
        mint: i64,
        maxt: i64,
    ) -> Result<Vec<Arc<SeriesData>>, StorageError> {
        let rank = self.label_rank.get_or_init(|| {
            let mut order: Vec<u32> = (0..self.series.len() as u32).collect();
            order.sort_by(|&a, &b| {
                self.series[a as usize]
                    .labels
                    .cmp(&self.series[b as usize].labels)
            });
            let mut rank = vec![0u32; order.len()];
            for (r, id) in order.into_iter().enumerate() {
                rank[id as usize] = r as u32;
            }
            rank
        });
        let mut ids = self.matching_ids(matchers);
        ids.retain(|&id| {
            self.series
                .get(id as usize)
                .is_some_and(|s| s.has_samples_in(mint, maxt))
        });
        ids.sort_unstable_by_key(|&id| rank.get(id as usize).copied().unwrap_or(u32::MAX));
        Ok(ids
            .into_iter()
            .filter_map(|id| self.series.get(id as usize).cloned())
            .collect())
    }

    fn label_names(&self, matchers: &[Matcher]) -> Result<Vec<String>, StorageError> {
        if matchers.is_empty() {
            return Ok(self.postings.keys().cloned().collect());
        }
        let names: BTreeSet<&str> = self
            .matching_series(matchers)
            .flat_map(|s| s.labels.iter().map(|l| l.name.as_str()))
            .collect();
        Ok(names.into_iter().map(str::to_string).collect())
    }

    fn label_values(&self, name: &str, matchers: &[Matcher]) -> Result<Vec<String>, StorageError> {
        if matchers.is_empty() {
            return Ok(self
                .postings
                .get(name)
                .map(|values| values.keys().cloned().collect())
                .unwrap_or_default());
        }
        let values: BTreeSet<&str> = self
            .matching_series(matchers)
            .filter_map(|s| s.labels.get(name))
            .collect();
        Ok(values.into_iter().map(str::to_string).collect())
    }
}

/// Inserts `p` (with start timestamp `st`) keeping `points` sorted by timestamp; an existing
/// point at the same timestamp is replaced. Appending in order (the common case) is O(1).
/// `sts` is either empty (no point has a start timestamp) or parallel to `points`; it is only
/// materialized once a non-zero start timestamp arrives.
/// Stores a float at `t` in place of any sample there.
fn put_float(s: &mut SeriesData, st: i64, t: i64, f: f64) {
    remove_at(&mut s.histograms, &mut s.histogram_sts, t, |p| p.t);
    upsert(&mut s.floats, &mut s.float_sts, FPoint { t, f }, st, |p| {
        p.t
    });
}

/// Stores a histogram at `t` in place of any sample there.
fn put_histogram(s: &mut SeriesData, st: i64, t: i64, h: FloatHistogram) {
    remove_at(&mut s.floats, &mut s.float_sts, t, |p| p.t);
    let p = HPoint { t, h: Arc::new(h) };
    upsert(&mut s.histograms, &mut s.histogram_sts, p, st, |p| p.t);
}

fn upsert<P>(points: &mut Vec<P>, sts: &mut Vec<i64>, p: P, st: i64, ts: impl Fn(&P) -> i64) {
    let t = ts(&p);
    let (i, replaced) = match points.last() {
        Some(last) if ts(last) >= t => match points.binary_search_by_key(&t, ts) {
            Ok(i) => (i, true),
            Err(i) => (i, false),
        },
        _ => (points.len(), false),
    };
    if sts.is_empty() && st != 0 {
        sts.resize(points.len(), 0);
    }
    if replaced {
        if let Some(slot) = points.get_mut(i) {
            *slot = p;
        }
        if let Some(slot) = sts.get_mut(i) {
            *slot = st;
        }
    } else {
        points.insert(i, p);
        if !sts.is_empty() || st != 0 {
            sts.insert(i, st);
        }
    }
}

/// Removes the point at timestamp `t`, if any, and its start timestamp.
fn remove_at<P>(points: &mut Vec<P>, sts: &mut Vec<i64>, t: i64, ts: impl Fn(&P) -> i64) {
    if let Ok(i) = points.binary_search_by_key(&t, ts) {
        points.remove(i);
        if i < sts.len() {
            sts.remove(i);
        }
    }
}

/// Intersection of two ascending id lists.
fn intersect(a: &[SeriesId], b: &[SeriesId]) -> Vec<SeriesId> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        match x.cmp(&y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(x);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// `a` without the ids in `b`; both ascending.
fn subtract(a: &[SeriesId], b: &[SeriesId]) -> Vec<SeriesId> {
    let mut j = 0;
    let mut out = Vec::with_capacity(a.len());
    for &x in a {
        while b.get(j).is_some_and(|&y| y < x) {
            j += 1;
        }
        if b.get(j) != Some(&x) {
            out.push(x);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::promql::series::{is_stale_nan, stale_nan};

    fn l(pairs: &[(&str, &str)]) -> Labels {
        Labels::from_pairs(pairs.iter().copied())
    }

    fn m(op: MatchOp, name: &str, value: &str) -> Matcher {
        Matcher::new(op, name, value).expect("valid matcher")
    }

    fn names(series: &[Arc<SeriesData>]) -> Vec<String> {
        series.iter().map(|s| s.labels.to_string()).collect()
    }

    /// Three series: http{job=api,code=200}, http{job=api,code=500}, http{job=web}.
    fn sample_storage() -> MemStorage {
        let mut st = MemStorage::new();
        st.append_float(
            &l(&[("__name__", "http"), ("job", "api"), ("code", "500")]),
            10,
            1.0,
        );
        st.append_float(
            &l(&[("__name__", "http"), ("job", "api"), ("code", "200")]),
            10,
            2.0,
        );
        st.append_float(&l(&[("__name__", "http"), ("job", "web")]), 10, 3.0);
        st.append_float(&l(&[("__name__", "other"), ("job", "web")]), 10, 4.0);
        st
    }

    fn select(st: &MemStorage, ms: &[Matcher]) -> Vec<String> {
        names(&st.select(ms, i64::MIN, i64::MAX).expect("select"))
    }

    #[test]
    fn equality_and_sorting() {
        let st = sample_storage();
        assert_eq!(
            select(&st, &[m(MatchOp::Equal, "__name__", "http")]),
            [
                r#"{__name__="http", code="200", job="api"}"#,
                r#"{__name__="http", code="500", job="api"}"#,
                r#"{__name__="http", job="web"}"#,
            ]
        );
        assert!(select(&st, &[m(MatchOp::Equal, "__name__", "nope")]).is_empty());
        assert!(select(&st, &[m(MatchOp::Equal, "nolabel", "x")]).is_empty());
    }

    #[test]
    fn empty_matching_matchers_select_series_without_the_label() {
        let st = sample_storage();
        let http = m(MatchOp::Equal, "__name__", "http");
        assert_eq!(
            select(&st, &[http.clone(), m(MatchOp::Equal, "code", "")]),
            [r#"{__name__="http", job="web"}"#]
        );
        assert_eq!(
            select(&st, &[http.clone(), m(MatchOp::NotEqual, "code", "200")]),
            [
                r#"{__name__="http", code="500", job="api"}"#,
                r#"{__name__="http", job="web"}"#,
            ]
        );
        assert_eq!(
            select(&st, &[http.clone(), m(MatchOp::Regex, "code", "5..|")]),
            [
                r#"{__name__="http", code="500", job="api"}"#,
                r#"{__name__="http", job="web"}"#,
            ]
        );
        assert_eq!(
            select(&st, &[http.clone(), m(MatchOp::NotRegex, "code", ".+")]),
            [r#"{__name__="http", job="web"}"#]
        );
        // Only matchers that match the empty string: start from every series.
        assert_eq!(select(&st, &[m(MatchOp::Regex, "job", ".*")]).len(), 4);
        assert_eq!(select(&st, &[m(MatchOp::NotEqual, "job", "web")]).len(), 2);
        assert_eq!(select(&st, &[]).len(), 4);
    }

    #[test]
    fn regex_matchers_are_anchored() {
        let st = sample_storage();
        assert_eq!(
            select(&st, &[m(MatchOp::Regex, "code", "2")]),
            Vec::<String>::new()
        );
        assert_eq!(
            select(&st, &[m(MatchOp::Regex, "code", "2.*|5.*")]).len(),
            2
        );
        assert_eq!(
            select(
                &st,
                &[
                    m(MatchOp::Regex, "__name__", "ht.*"),
                    m(MatchOp::Equal, "job", "web")
                ]
            ),
            [r#"{__name__="http", job="web"}"#]
        );
    }

    #[test]
    fn time_window_is_inclusive_and_data_is_not_cut() {
        let mut st = MemStorage::new();
        let a = l(&[("__name__", "a")]);
        let b = l(&[("__name__", "b")]);
        for t in [0, 100, 200] {
            st.append_float(&a, t, t as f64);
        }
        st.append_histogram(&b, 300, FloatHistogram::default());
        let any = [m(MatchOp::Regex, "__name__", ".+")];
        assert_eq!(
            names(&st.select(&any, 200, 250).unwrap()),
            [r#"{__name__="a"}"#]
        );
        assert_eq!(st.select(&any, 200, 250).unwrap()[0].floats.len(), 3);
        assert_eq!(
            names(&st.select(&any, 201, 300).unwrap()),
            [r#"{__name__="b"}"#]
        );
        assert_eq!(st.select(&any, 0, 0).unwrap().len(), 1);
        assert!(st.select(&any, 301, 400).unwrap().is_empty());
        assert!(st.select(&any, 50, 99).unwrap().is_empty());
        assert!(st.select(&any, 10, 5).unwrap().is_empty());
    }

    #[test]
    fn out_of_order_and_duplicate_timestamps() {
        let mut st = MemStorage::new();
        let a = l(&[("__name__", "a")]);
        st.append_float(&a, 20, 2.0);
        st.append_float(&a, 0, 0.0);
        st.append_float(&a, 10, 1.0);
        st.append_float(&a, 30, 3.0);
        st.append_float(&a, 10, 11.0);
        let s = &st.select(&[], 0, 100).unwrap()[0];
        let pts: Vec<(i64, f64)> = s.floats.iter().map(|p| (p.t, p.f)).collect();
        assert_eq!(pts, [(0, 0.0), (10, 11.0), (20, 2.0), (30, 3.0)]);

        // A histogram at the time of a float replaces it, and the other way round.
        st.append_histogram(&a, 20, FloatHistogram::default());
        st.append_float(&a, 40, 4.0);
        st.append_histogram(&a, 40, FloatHistogram::default());
        st.append_float(&a, 40, 5.0);
        let s = &st.select(&[], 0, 100).unwrap()[0];
        let ft: Vec<i64> = s.floats.iter().map(|p| p.t).collect();
        let ht: Vec<i64> = s.histograms.iter().map(|p| p.t).collect();
        assert_eq!(ft, [0, 10, 30, 40]);
        assert_eq!(ht, [20]);
        assert_eq!(s.floats[3].f, 5.0);
    }

    #[test]
    fn start_timestamps_stay_parallel_to_points() {
        let mut st = MemStorage::new();
        let a = l(&[("__name__", "a")]);
        st.append_float(&a, 0, 0.0);
        st.append_float(&a, 10, 1.0);
        // No start timestamp so far: the side list stays unallocated.
        assert!(st.select(&[], 0, 100).unwrap()[0].float_sts.is_empty());
        st.append_float_with_st(&a, 15, 20, 2.0);
        st.append_float(&a, 30, 3.0);
        st.append_float_with_st(&a, 1, 5, 0.5);
        st.append_float_with_st(&a, 7, 10, 1.5);
        let s = &st.select(&[], 0, 100).unwrap()[0];
        let ft: Vec<i64> = s.floats.iter().map(|p| p.t).collect();
        assert_eq!(ft, [0, 5, 10, 20, 30]);
        assert_eq!(s.float_sts, [0, 1, 7, 15, 0]);
        assert_eq!(s.floats[2].f, 1.5);
        assert_eq!(s.start_timestamp_at(20), 15);
        assert_eq!(s.start_timestamp_at(30), 0);
        assert_eq!(s.start_timestamp_at(31), 0);

        // A histogram replacing a float takes the float's start timestamp out with it.
        st.append_histogram_with_st(&a, 8, 10, FloatHistogram::default());
        st.append_histogram(&a, 40, FloatHistogram::default());
        let s = &st.select(&[], 0, 100).unwrap()[0];
        assert_eq!(s.float_sts, [0, 1, 15, 0]);
        assert_eq!(s.float_sts.len(), s.floats.len());
        assert_eq!(s.histogram_sts, [8, 0]);
        assert_eq!(s.start_timestamp_at(10), 8);

        // A series that never gets a start timestamp keeps both side lists empty.
        let b = l(&[("__name__", "b")]);
        st.append_float_with_st(&b, 0, 0, 1.0);
        st.append_histogram(&b, 1, FloatHistogram::default());
        let s = &st
            .select(&[m(MatchOp::Equal, "__name__", "b")], 0, 100)
            .unwrap()[0];
        assert!(s.float_sts.is_empty() && s.histogram_sts.is_empty());
    }

    #[test]
    fn stale_markers_are_stored_bit_exact() {
        let mut st = MemStorage::new();
        let a = l(&[("__name__", "a")]);
        st.append_float(&a, 0, stale_nan());
        st.append_float(&a, 1, f64::NAN);
        let s = &st.select(&[], 0, 1).unwrap()[0];
        assert!(is_stale_nan(s.floats[0].f));
        assert!(s.floats[1].f.is_nan() && !is_stale_nan(s.floats[1].f));
    }

    #[test]
    fn empty_label_values_are_dropped() {
        let mut st = MemStorage::new();
        st.append_float(&l(&[("__name__", "a"), ("x", "")]), 0, 1.0);
        st.append_float(&l(&[("__name__", "a")]), 1, 2.0);
        st.append_float(&l(&[("x", "")]), 1, 2.0);
        assert_eq!(st.len(), 1);
        let s = &st.select(&[], 0, 1).unwrap()[0];
        assert_eq!(s.labels.to_string(), r#"{__name__="a"}"#);
        assert_eq!(s.floats.len(), 2);
    }

    #[test]
    fn snapshots_are_not_changed_by_later_appends() {
        let mut st = MemStorage::new();
        let a = l(&[("__name__", "a")]);
        st.append_float(&a, 0, 1.0);
        let before = st.select(&[], 0, 10).unwrap();
        st.append_float(&a, 5, 2.0);
        assert_eq!(before[0].floats.len(), 1);
        assert_eq!(st.select(&[], 0, 10).unwrap()[0].floats.len(), 2);
    }

    #[test]
    fn clear_drops_everything() {
        let mut st = sample_storage();
        st.clear();
        assert!(st.is_empty());
        assert!(select(&st, &[m(MatchOp::Equal, "__name__", "http")]).is_empty());
        assert!(st.label_names(&[]).unwrap().is_empty());
        st.append_float(&l(&[("__name__", "z")]), 0, 1.0);
        assert_eq!(select(&st, &[m(MatchOp::Equal, "__name__", "z")]).len(), 1);
    }

    #[test]
    fn label_names_and_values() {
        let st = sample_storage();
        assert_eq!(st.label_names(&[]).unwrap(), ["__name__", "code", "job"]);
        assert_eq!(
            st.label_names(&[m(MatchOp::Equal, "job", "web")]).unwrap(),
            ["__name__", "job"]
        );
        assert_eq!(st.label_values("job", &[]).unwrap(), ["api", "web"]);
        assert_eq!(
            st.label_values("__name__", &[m(MatchOp::Equal, "job", "web")])
                .unwrap(),
            ["http", "other"]
        );
        assert!(st.label_values("nope", &[]).unwrap().is_empty());
        assert_eq!(
            st.label_values("code", &[m(MatchOp::Equal, "__name__", "http")])
                .unwrap(),
            ["200", "500"]
        );
    }

    #[test]
    fn many_series_select_through_postings() {
        let mut st = MemStorage::new();
        for i in 0..20_000 {
            let v = i.to_string();
            let labels = l(&[
                ("__name__", if i % 2 == 0 { "even" } else { "odd" }),
                ("i", &v),
                ("mod7", &(i % 7).to_string()),
            ]);
            st.append_float(&labels, 0, i as f64);
        }
        assert_eq!(st.len(), 20_000);
        let got = st
            .select(
                &[
                    m(MatchOp::Equal, "__name__", "even"),
                    m(MatchOp::Equal, "i", "1234"),
                ],
                0,
                0,
            )
            .unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].floats[0].f, 1234.0);
        let got = st
            .select(
                &[
                    m(MatchOp::Equal, "__name__", "odd"),
                    m(MatchOp::Regex, "mod7", "0|1"),
                    m(MatchOp::NotEqual, "i", "1"),
                ],
                0,
                0,
            )
            .unwrap();
        let want = (0..20_000)
            .filter(|i| i % 2 == 1 && i % 7 <= 1 && *i != 1)
            .count();
        assert_eq!(got.len(), want);
        assert!(got.windows(2).all(|w| w[0].labels < w[1].labels));
    }

    #[test]
    fn id_list_helpers() {
        assert_eq!(intersect(&[1, 3, 5, 7], &[2, 3, 4, 7, 9]), [3, 7]);
        assert_eq!(subtract(&[1, 3, 5, 7], &[0, 3, 7, 8]), [1, 5]);
        assert!(intersect(&[], &[1]).is_empty());
        assert_eq!(subtract(&[1, 2], &[]), [1, 2]);
    }
}

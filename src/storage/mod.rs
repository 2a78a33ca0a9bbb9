//! Where the engine reads samples from. [`Queryable`] is the one interface the PromQL engine
//! knows; implementations hold series in memory (tests, promqltest scripts), in TSDB blocks on
//! disk, or in the agent's head.

pub mod memory;
pub mod tsdb;

use std::sync::Arc;

use crate::model::labels::Labels;
use crate::model::matcher::Matcher;
use crate::promql::engine::value::{FPoint, HPoint};

pub use memory::MemStorage;

/// One stored series: its labels and its samples. Both point lists are sorted by timestamp
/// and no timestamp appears twice across them.
///
/// Samples may carry a start timestamp (when the counter behind them started counting, in
/// ms; 0 = unknown, as in Prometheus). Those live in side lists parallel to the point lists,
/// which stay empty while no sample of that kind has one, so series without start
/// timestamps pay nothing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SeriesData {
    pub labels: Labels,
    pub floats: Vec<FPoint>,
    pub histograms: Vec<HPoint>,
    /// Start timestamps of `floats`, index for index, or empty when none has one.
    pub float_sts: Vec<i64>,
    /// Start timestamps of `histograms`, index for index, or empty when none has one.
    pub histogram_sts: Vec<i64>,
    /// `labels` without the metric name and other metadata labels, made once: functions and
    /// operators drop them from every series they touch, query after query.
    without_metadata: std::sync::OnceLock<Labels>,
}

impl SeriesData {
    pub fn new(labels: Labels) -> SeriesData {
        SeriesData {
            labels,
            ..SeriesData::default()
        }
    }

    /// The labels without `__name__`, `__type__` and `__unit__`.
    pub fn labels_without_metadata(&self) -> &Labels {
        self.without_metadata
            .get_or_init(|| self.labels.without_metadata())
    }

    /// Whether any float or histogram sample lies in `[mint, maxt]`.
    pub fn has_samples_in(&self, mint: i64, maxt: i64) -> bool {
        if mint > maxt {
            return false;
        }
        fn any_in<P>(points: &[P], mint: i64, maxt: i64, t: impl Fn(&P) -> i64) -> bool {
            let (Some(first), Some(last)) = (points.first(), points.last()) else {
                return false;
            };
            let (first, last) = (t(first), t(last));
            if last < mint || first > maxt {
                return false;
            }
            // The usual case, a query ending at or after the newest sample, needs no search.
            if last <= maxt || first >= mint {
                return true;
            }
            let i = points.partition_point(|p| t(p) < mint);
            points.get(i).is_some_and(|p| t(p) <= maxt)
        }
        any_in(&self.floats, mint, maxt, |p| p.t) || any_in(&self.histograms, mint, maxt, |p| p.t)
    }

    /// Start timestamp of the sample at exactly `t` (0 when it has none or there is no
    /// such sample).
    pub fn start_timestamp_at(&self, t: i64) -> i64 {
        if let Ok(i) = self.floats.binary_search_by_key(&t, |p| p.t) {
            return self.float_sts.get(i).copied().unwrap_or(0);
        }
        if let Ok(i) = self.histograms.binary_search_by_key(&t, |p| p.t) {
            return self.histogram_sts.get(i).copied().unwrap_or(0);
        }
        0
    }
}

/// Read access to series, as the PromQL engine needs it.
pub trait Queryable: Sync {
    /// Series matching all `matchers` that have at least one sample in `[mint, maxt]` (both
    /// bounds inclusive; callers pass generous bounds), sorted by labels. The returned series
    /// may carry samples outside the window; callers cut them.
    ///
    /// As in Prometheus, a matcher that matches the empty string also selects series that do
    /// not have the label at all (`{a=""}`, `{a!="x"}`, `{a=~"x|"}`).
    fn select(
        &self,
        matchers: &[Matcher],
        mint: i64,
        maxt: i64,
    ) -> Result<Vec<Arc<SeriesData>>, StorageError>;

    /// Sorted, distinct label names of the series matching `matchers` (all series when empty).
    fn label_names(&self, matchers: &[Matcher]) -> Result<Vec<String>, StorageError>;

    /// Sorted, distinct non-empty values of label `name` among the series matching `matchers`
    /// (all series when empty).
    fn label_values(&self, name: &str, matchers: &[Matcher]) -> Result<Vec<String>, StorageError>;
}

/// Why a storage read failed.
#[derive(thiserror::Error, Debug)]
pub enum StorageError {
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    /// Stored data that cannot be decoded.
    #[error("corrupt data: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Other(String),
}

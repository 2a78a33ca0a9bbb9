//! Where the engine reads samples from. [`Queryable`] is the one interface the PromQL engine
//! knows; implementations hold series in memory (tests, promqltest scripts), in TSDB blocks on
//! disk, or in the agent's head.

pub mod memory;
pub mod tsdb;

use std::collections::BTreeMap;
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

    /// [`Queryable::select`] with the samples read later, series by series, so that a caller
    /// walking the series (see [`for_each_loaded`]) holds one part of them at a time instead
    /// of all. `None` when this storage has the samples at hand anyway: then `select` lends
    /// them without reading anything.
    fn select_lazy(
        &self,
        _matchers: &[Matcher],
        _mint: i64,
        _maxt: i64,
    ) -> Result<Option<Arc<dyn SeriesSet>>, StorageError> {
        Ok(None)
    }

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

/// The series of a selection (sorted by labels), their samples read on request.
pub trait SeriesSet: Send + Sync {
    fn len(&self) -> usize;

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The labels of series `i`.
    fn labels(&self, i: usize) -> &Labels;

    /// Reads the samples of series `i` into `out`, replacing its samples (and nothing else)
    /// while keeping its allocations for reuse.
    fn load(&self, i: usize, out: &mut SeriesData) -> Result<(), StorageError>;
}

/// The series of several selections, each label set once (from the first selection that has
/// it), in label order.
pub struct UnionSet {
    sets: Vec<Arc<dyn SeriesSet>>,
    /// (selection, series in it), in label order.
    order: Vec<(usize, usize)>,
}

impl UnionSet {
    pub fn new(sets: Vec<Arc<dyn SeriesSet>>) -> UnionSet {
        let mut first: BTreeMap<&Labels, (usize, usize)> = BTreeMap::new();
        for (j, set) in sets.iter().enumerate() {
            for i in 0..set.len() {
                first.entry(set.labels(i)).or_insert((j, i));
            }
        }
        let order = first.into_values().collect();
        UnionSet { sets, order }
    }
}

impl SeriesSet for UnionSet {
    fn len(&self) -> usize {
        self.order.len()
    }

    fn labels(&self, i: usize) -> &Labels {
        let (j, k) = self.order[i];
        self.sets[j].labels(k)
    }

    fn load(&self, i: usize, out: &mut SeriesData) -> Result<(), StorageError> {
        let (j, k) = self.order[i];
        self.sets[j].load(k, out)
    }
}

/// Every series of `set` with its samples, read at once.
pub fn load_all(set: &dyn SeriesSet) -> Result<Vec<Arc<SeriesData>>, StorageError> {
    let mut all = Vec::with_capacity(set.len());
    for_each_loaded(set, |i, data| {
        let mut s = SeriesData::new(set.labels(i).clone());
        s.floats.clone_from(&data.floats);
        s.histograms.clone_from(&data.histograms);
        s.float_sts.clone_from(&data.float_sts);
        s.histogram_sts.clone_from(&data.histogram_sts);
        all.push(Arc::new(s));
        Ok::<(), StorageError>(())
    })?;
    Ok(all)
}

/// Calls `f` with every series of `set` in order, on this thread, while worker threads read
/// the following ones. Series travel in batches through a bounded number of reused buffers,
/// so memory stays proportional to that bound, not to the selection: a full scan of millions
/// of samples neither allocates nor frees them one series at a time.
pub fn for_each_loaded<E: From<StorageError>>(
    set: &dyn SeriesSet,
    mut f: impl FnMut(usize, &SeriesData) -> Result<(), E>,
) -> Result<(), E> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{mpsc, Mutex};

    // Series per batch, and batches in flight per worker: enough to keep the workers busy
    // while `f` runs, few enough to stay in the caches.
    const BATCH: usize = 32;
    const AHEAD_PER_WORKER: usize = 4;
    let n = set.len();
    let workers = std::thread::available_parallelism().map_or(1, |t| t.get());
    if workers == 1 || n <= 2 * BATCH {
        let mut buf = SeriesData::default();
        for i in 0..n {
            set.load(i, &mut buf)?;
            f(i, &buf)?;
        }
        return Ok(());
    }
    let batches = n.div_ceil(BATCH);
    let ahead = workers * AHEAD_PER_WORKER;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let pool: Mutex<Vec<Vec<SeriesData>>> = Mutex::new(Vec::new());
    // A worker starts a batch only with a ticket; the caller hands one back per batch done.
    let (ticket_tx, ticket_rx) = mpsc::sync_channel::<()>(ahead);
    let ticket_rx = Mutex::new(ticket_rx);
    for _ in 0..ahead {
        let _ = ticket_tx.send(());
    }
    type Loaded = (usize, Result<Vec<SeriesData>, StorageError>);
    let (done_tx, done_rx) = mpsc::channel::<Loaded>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let done_tx = done_tx.clone();
            let (next, stop, pool, ticket_rx) = (&next, &stop, &pool, &ticket_rx);
            scope.spawn(move || loop {
                let ticket = match ticket_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                if ticket.is_err() || stop.load(Ordering::Relaxed) {
                    return;
                }
                let b = next.fetch_add(1, Ordering::Relaxed);
                if b >= batches {
                    return;
                }
                let mut bufs = pool
                    .lock()
                    .ok()
                    .and_then(|mut p| p.pop())
                    .unwrap_or_default();
                let range = b * BATCH..n.min((b + 1) * BATCH);
                bufs.resize_with(range.len(), SeriesData::default);
                // A panic must reach the caller as an error: the other workers wait for it.
                let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    range
                        .zip(bufs.iter_mut())
                        .try_for_each(|(i, buf)| set.load(i, buf))
                }))
                .unwrap_or_else(|_| Err(StorageError::Other("reading a series failed".to_string())))
                .map(|()| bufs);
                if done_tx.send((b, loaded)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        let result = (|| {
            let mut pending: BTreeMap<usize, Result<Vec<SeriesData>, StorageError>> =
                BTreeMap::new();
            for expected in 0..batches {
                let bufs = loop {
                    if let Some(r) = pending.remove(&expected) {
                        break r?;
                    }
                    let Ok((b, r)) = done_rx.recv() else {
                        return Err(E::from(StorageError::Other(
                            "a thread reading series stopped".to_string(),
                        )));
                    };
                    pending.insert(b, r);
                };
                for (k, data) in bufs.iter().enumerate() {
                    f(expected * BATCH + k, data)?;
                }
                if let Ok(mut p) = pool.lock() {
                    p.push(bufs);
                }
                let _ = ticket_tx.send(());
            }
            Ok(())
        })();
        // Wake and stop the workers (they may hold tickets still queued).
        stop.store(true, Ordering::Relaxed);
        drop(ticket_tx);
        result
    })
}

//! The head of a data directory (its newest samples, not yet in a block), read-only, as
//! Prometheus 2.42's `OpenDBReadOnly` loads it for `promtool tsdb dump`: the m-mapped head
//! chunks (`chunks_head/`) first, then the newest WAL checkpoint (`wal/checkpoint.N/`), then
//! the WAL segments after it, then the out-of-order WAL (`wbl/`), each replayed as
//! Prometheus's head replays it (tsdb/head.go `Init`, tsdb/head_wal.go `loadWAL`).
//!
//! Memory snapshots (`chunk_snapshot.*`) are not read: the read-only open does not enable
//! them, so the WAL has all the data.
//!
//! Where Prometheus repairs data on startup by deleting it (a corrupt WAL segment is cut at
//! the corruption, a corrupt head chunk file is deleted with the files after it), we read
//! what comes before the damage and report the rest in [`Head::warnings`]; the files are
//! never changed. This differs from promtool 2.42: its read-only open does not repair, so a
//! torn or corrupt WAL makes `promtool tsdb dump` fail with `read WAL: ...`, where we give a
//! warning and the data before the damage.

use std::collections::HashMap;
use std::path::Path;

use super::block::LabelPairs;
use super::chunkenc::ChunkSamples;
use super::head_chunks::{HeadChunk, HeadChunkFiles};
use super::record::{self, Record};
use super::tombstones;
use super::wal::{self, Reader, Segment};
use super::{Error, Result};
use crate::model::histogram::FloatHistogram;

/// Prometheus's default `OutOfOrderCapMax`: samples per out-of-order head chunk.
const OOO_CAP_MAX: usize = 32;

/// The head's samples.
#[derive(Debug, Default)]
pub struct Head {
    /// First and last sample timestamp over all series (`i64::MAX` and `i64::MIN` when the
    /// head is empty).
    pub min_time: i64,
    pub max_time: i64,
    /// Sorted by labels; series without samples are left out.
    pub series: Vec<HeadSeries>,
    /// Damage that Prometheus would repair by dropping data: what came before it was read.
    /// Each names the file and offset.
    pub warnings: Vec<Error>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeadSeries {
    /// Sorted by name.
    pub labels: LabelPairs,
    /// In time order, one sample per timestamp over floats and histograms together, deleted
    /// intervals (tombstones) removed.
    pub floats: Vec<(i64, f64)>,
    pub histograms: Vec<(i64, FloatHistogram)>,
}

impl Head {
    /// Loads the head of `data_dir`; `None` when it has no `wal/` directory.
    ///
    /// `min_valid_time` is the newest block's maxTime (`i64::MIN` without blocks): WAL
    /// samples older than it are already in blocks and are dropped, as is every m-mapped
    /// chunk ending before it (a chunk that straddles it is kept whole, as in Prometheus).
    /// Out-of-order data is kept whatever its time, as Prometheus does.
    pub fn open(data_dir: &Path, min_valid_time: i64) -> Result<Option<Head>> {
        let wal_dir = data_dir.join("wal");
        if !wal_dir.is_dir() {
            return Ok(None);
        }
        let files = HeadChunkFiles::open(&data_dir.join("chunks_head"))?;
        let scan = files.scan();
        let mut replay = Replay::new(min_valid_time);
        if let Some(e) = scan.corruption {
            replay.warnings.push(Error::new(
                &e.path,
                e.offset,
                format!(
                    "{}; this head chunk file and the later ones are ignored (Prometheus deletes \
                     them), their samples are read from the WAL where it still has them",
                    e.message
                ),
            ));
        }
        replay.load_mmapped_chunks(&scan.chunks, &data_dir.join("chunks_head"));
        replay.replay_wal(&wal_dir)?;
        let wbl_dir = data_dir.join("wbl");
        if wbl_dir.is_dir() {
            replay.replay_wbl(&wbl_dir)?;
        }
        replay.finish(&files, &scan.chunks).map(Some)
    }
}

/// A sample value during replay.
#[derive(Debug, Clone)]
enum Value {
    Float(f64),
    Histogram(Box<FloatHistogram>),
}

/// A series as the head holds it while replaying (Prometheus's `memSeries`).
#[derive(Debug)]
struct MemSeries {
    id: u64,
    labels: LabelPairs,
    /// Indices into the scanned head chunks.
    mmapped: Vec<usize>,
    /// The last m-mapped chunk's maxt: WAL samples up to it are already in that chunk.
    mm_max_time: i64,
    /// WAL samples appended in order.
    samples: Vec<(i64, Value)>,
    ooo_mmapped: Vec<usize>,
    /// Out-of-order samples from the WBL: full chunks, then the one being filled.
    ooo_cut: Vec<Vec<(i64, Value)>>,
    ooo_head: Option<Vec<(i64, Value)>>,
    /// Deleted intervals, inclusive.
    stones: Vec<(i64, i64)>,
}

struct Replay {
    min_valid_time: i64,
    /// M-mapped chunks by the series reference they were written for.
    mmapped: HashMap<u64, Vec<usize>>,
    ooo_mmapped: HashMap<u64, Vec<usize>>,
    /// Reference of the last chunk in `chunks_head/`: m-map markers after it in the WBL
    /// point at chunks that were lost.
    last_mmap_ref: u64,
    /// Max times of the loaded chunks, by index.
    chunk_max_times: Vec<i64>,
    series: Vec<MemSeries>,
    by_id: HashMap<u64, usize>,
    by_labels: HashMap<LabelPairs, usize>,
    /// WAL references of series records that repeated an existing series' labels, mapped to
    /// that series' reference (Prometheus's `multiRef`).
    multi_ref: HashMap<u64, u64>,
    warnings: Vec<Error>,
}

impl Replay {
    fn new(min_valid_time: i64) -> Replay {
        Replay {
            min_valid_time,
            mmapped: HashMap::new(),
            ooo_mmapped: HashMap::new(),
            last_mmap_ref: 0,
            chunk_max_times: Vec::new(),
            series: Vec::new(),
            by_id: HashMap::new(),
            by_labels: HashMap::new(),
            multi_ref: HashMap::new(),
            warnings: Vec::new(),
        }
    }

    /// Prometheus's `loadMmappedChunks` (no snapshot, so no series yet): chunks are kept by
    /// series reference until a series record claims them.
    fn load_mmapped_chunks(&mut self, chunks: &[HeadChunk], dir: &Path) {
        self.chunk_max_times = chunks.iter().map(|c| c.max_time).collect();
        let mut skipped = Vec::new();
        for (i, c) in chunks.iter().enumerate() {
            self.last_mmap_ref = c.chunk_ref;
            if !c.is_ooo() && c.max_time < self.min_valid_time {
                continue;
            }
            if !c.has_valid_encoding() {
                skipped.push(c.base_encoding());
                continue;
            }
            if c.is_ooo() {
                self.ooo_mmapped.entry(c.series_ref).or_default().push(i);
                continue;
            }
            let slice = self.mmapped.entry(c.series_ref).or_default();
            if let Some(&prev) = slice.last() {
                let (pmin, pmax) = chunks
                    .get(prev)
                    .map_or((0, 0), |p| (p.min_time, p.max_time));
                if pmax >= c.min_time {
                    // Not a corruption Prometheus can cut off: it deletes every head chunk
                    // file and replays the WAL alone.
                    self.warnings.push(Error::new(
                        dir,
                        None,
                        format!(
                            "out of sequence m-mapped chunk for series ref {}, last chunk: \
                             [{pmin}, {pmax}], new: [{}, {}]; all head chunk files are \
                             ignored (Prometheus deletes them), samples are read from the WAL \
                             where it still has them",
                            c.series_ref, c.min_time, c.max_time
                        ),
                    ));
                    self.mmapped.clear();
                    self.ooo_mmapped.clear();
                    self.last_mmap_ref = 0;
                    return;
                }
            }
            slice.push(i);
        }
        if !skipped.is_empty() {
            skipped.sort_unstable();
            skipped.dedup();
            let encodings: Vec<String> = skipped.iter().map(u8::to_string).collect();
            self.warnings.push(Error::new(
                dir,
                None,
                format!(
                    "m-mapped chunks of encodings Prometheus 2.42 does not know ({}) are \
                     skipped, as Prometheus does; samples are read from the WAL where it \
                     still has them",
                    encodings.join(", ")
                ),
            ));
        }
    }

    /// The newest checkpoint, then the segments after it. A corrupt checkpoint is an error
    /// (Prometheus refuses to start); a corrupt segment ends the replay with a warning.
    fn replay_wal(&mut self, wal_dir: &Path) -> Result<()> {
        let mut start_from = 0u64;
        if let Some((n, dir)) = wal::last_checkpoint(wal_dir)? {
            let segments = wal::list_segments(&dir)?
                .iter()
                .map(|(_, p)| Segment::read(p))
                .collect::<Result<Vec<_>>>()?;
            let mut reader = Reader::new(&segments);
            loop {
                match self.next_record(&mut reader, &segments) {
                    Ok(Some(rec)) => self.apply_wal_record(rec),
                    Ok(None) => break,
                    Err(e) => {
                        return Err(Error::new(
                            &e.path,
                            e.offset,
                            format!("WAL checkpoint: {}", e.message),
                        ))
                    }
                }
            }
            start_from = n.saturating_add(1);
        }
        let segments = wal::list_segments(wal_dir)?;
        let mut expected = start_from;
        for (n, path) in segments {
            if n < start_from {
                continue;
            }
            if n != expected {
                return Err(Error::new(
                    &wal_dir.join(format!("{expected:08}")),
                    None,
                    "WAL segment missing (after the checkpoint, segments must follow without a gap)",
                ));
            }
            expected = n.saturating_add(1);
            let segment = [Segment::read(&path)?];
            if let Err(e) = self.replay_segment(&segment, Replay::apply_wal_record) {
                self.warnings.push(Error::new(
                    &e.path,
                    e.offset,
                    format!(
                        "{}; the WAL is read up to here (Prometheus cuts it here on startup)",
                        e.message
                    ),
                ));
                break;
            }
        }
        Ok(())
    }

    /// The out-of-order WAL: samples go into out-of-order chunks; m-map markers say which of
    /// them already are in `chunks_head/`.
    fn replay_wbl(&mut self, wbl_dir: &Path) -> Result<()> {
        for (_, path) in wal::list_segments(wbl_dir)? {
            let segment = [Segment::read(&path)?];
            if let Err(e) = self.replay_segment(&segment, Replay::apply_wbl_record) {
                self.warnings.push(Error::new(
                    &e.path,
                    e.offset,
                    format!(
                        "{}; the out-of-order WAL is read up to here (Prometheus cuts it here on startup)",
                        e.message
                    ),
                ));
                break;
            }
        }
        Ok(())
    }

    fn replay_segment(
        &mut self,
        segments: &[Segment],
        apply: fn(&mut Replay, Record),
    ) -> Result<()> {
        let mut reader = Reader::new(segments);
        while let Some(rec) = self.next_record(&mut reader, segments)? {
            apply(self, rec);
        }
        Ok(())
    }

    /// The next decoded record; decoding errors name the record's file and offset.
    fn next_record(&self, reader: &mut Reader<'_>, segments: &[Segment]) -> Result<Option<Record>> {
        let Some(raw) = reader.next_record()? else {
            return Ok(None);
        };
        let typ = raw.data.first().copied().unwrap_or(255);
        record::decode(&raw.data).map(Some).map_err(|c| {
            let path = segments
                .get(raw.segment)
                .map_or(Path::new(""), |s| s.path.as_path());
            Error::new(
                path,
                Some(raw.offset),
                format!(
                    "decode {} record: {} (byte {} of the record)",
                    Record::type_name(typ),
                    c.message,
                    c.offset
                ),
            )
        })
    }

    /// The series a sample's reference points at, through `multi_ref`.
    fn lookup(&self, series_ref: u64) -> Option<usize> {
        let r = self
            .multi_ref
            .get(&series_ref)
            .copied()
            .unwrap_or(series_ref);
        self.by_id.get(&r).copied()
    }

    fn apply_wal_record(&mut self, rec: Record) {
        match rec {
            Record::Series(series) => {
                for s in series {
                    self.series_record(s.series_ref, s.labels);
                }
            }
            Record::Samples(samples) => {
                for s in samples {
                    if s.t < self.min_valid_time {
                        continue;
                    }
                    if let Some(i) = self.lookup(s.series_ref) {
                        self.append(i, s.t, Value::Float(s.v));
                    }
                }
            }
            Record::Histograms(hs) => {
                for h in hs {
                    if h.t < self.min_valid_time {
                        continue;
                    }
                    if let Some(i) = self.lookup(h.series_ref) {
                        self.append(i, h.t, Value::Histogram(Box::new(h.h)));
                    }
                }
            }
            Record::Tombstones(stones) => {
                for st in stones {
                    if st.maxt < self.min_valid_time {
                        continue;
                    }
                    // Prometheus 2.42 looks the reference up as it is, without `multi_ref`.
                    if let Some(&i) = self.by_id.get(&st.series_ref) {
                        if let Some(s) = self.series.get_mut(i) {
                            s.stones.push((st.mint, st.maxt));
                        }
                    }
                }
            }
            // M-map markers only matter in the WBL; exemplars and metadata carry no samples.
            Record::MmapMarkers(_) | Record::Other(_) => {}
        }
    }

    fn apply_wbl_record(&mut self, rec: Record) {
        match rec {
            Record::Samples(samples) => {
                for s in samples {
                    if let Some(i) = self.lookup(s.series_ref) {
                        self.insert_ooo(i, s.t, Value::Float(s.v));
                    }
                }
            }
            Record::Histograms(hs) => {
                for h in hs {
                    if let Some(i) = self.lookup(h.series_ref) {
                        self.insert_ooo(i, h.t, Value::Histogram(Box::new(h.h)));
                    }
                }
            }
            Record::MmapMarkers(markers) => {
                for m in markers {
                    // A marker for a chunk beyond the last one on disk: that chunk was lost,
                    // so the samples before the marker are still needed.
                    if m.chunk_ref > self.last_mmap_ref {
                        continue;
                    }
                    if let Some(i) = self.lookup(m.series_ref) {
                        if let Some(s) = self.series.get_mut(i) {
                            s.ooo_head = None;
                        }
                    }
                }
            }
            Record::Series(_) | Record::Tombstones(_) | Record::Other(_) => {}
        }
    }

    /// A series record: the series with these labels (created with this reference if new)
    /// takes the m-mapped chunks written for this reference, and what was replayed into its
    /// head so far is dropped (Prometheus's `resetSeriesWithMMappedChunks`: those samples
    /// would already be compacted).
    fn series_record(&mut self, series_ref: u64, labels: LabelPairs) {
        let i = match self.by_labels.get(&labels) {
            Some(&i) => {
                let id = self.series.get(i).map_or(series_ref, |s| s.id);
                self.multi_ref.insert(series_ref, id);
                i
            }
            None => {
                let i = self.series.len();
                self.series.push(MemSeries {
                    id: series_ref,
                    labels: labels.clone(),
                    mmapped: Vec::new(),
                    mm_max_time: i64::MIN,
                    samples: Vec::new(),
                    ooo_mmapped: Vec::new(),
                    ooo_cut: Vec::new(),
                    ooo_head: None,
                    stones: Vec::new(),
                });
                self.by_id.insert(series_ref, i);
                self.by_labels.insert(labels, i);
                i
            }
        };
        let mmapped = self.mmapped.get(&series_ref).cloned().unwrap_or_default();
        let mm_max_time = mmapped
            .last()
            .and_then(|&c| self.chunk_max_times.get(c))
            .copied()
            .unwrap_or(i64::MIN);
        let ooo = self
            .ooo_mmapped
            .get(&series_ref)
            .cloned()
            .unwrap_or_default();
        if let Some(s) = self.series.get_mut(i) {
            s.mmapped = mmapped;
            s.mm_max_time = mm_max_time;
            s.ooo_mmapped = ooo;
            s.samples.clear();
            s.ooo_cut.clear();
            s.ooo_head = None;
        }
    }

    /// The head appender during replay: a sample not newer than the series' last one (or
    /// than its last m-mapped chunk) is dropped, whatever its value.
    fn append(&mut self, i: usize, t: i64, v: Value) {
        let Some(s) = self.series.get_mut(i) else {
            return;
        };
        let last = s.samples.last().map_or(s.mm_max_time, |&(lt, _)| lt);
        if t <= last {
            return;
        }
        s.samples.push((t, v));
    }

    /// An out-of-order sample: into the chunk being filled, in time order; a timestamp
    /// already in that chunk is dropped. A full chunk is closed first.
    fn insert_ooo(&mut self, i: usize, t: i64, v: Value) {
        let Some(s) = self.series.get_mut(i) else {
            return;
        };
        if s.ooo_head.as_ref().is_none_or(|c| c.len() >= OOO_CAP_MAX) {
            if let Some(full) = s.ooo_head.take() {
                s.ooo_cut.push(full);
            }
            s.ooo_head = Some(Vec::new());
        }
        if let Some(c) = s.ooo_head.as_mut() {
            let at = c.partition_point(|&(ct, _)| ct < t);
            if c.get(at).is_some_and(|&(ct, _)| ct == t) {
                return;
            }
            c.insert(at, (t, v));
        }
    }

    /// Decodes the chunks the series kept and merges everything into [`HeadSeries`].
    fn finish(self, files: &HeadChunkFiles, chunks: &[HeadChunk]) -> Result<Head> {
        let mut out = Vec::new();
        let (mut min_time, mut max_time) = (i64::MAX, i64::MIN);
        for s in self.series {
            // In-order data first, so that it wins over out-of-order data at equal timestamps.
            let mut all: Vec<(i64, Value)> = Vec::new();
            for &c in &s.mmapped {
                push_chunk(&mut all, files, chunks.get(c))?;
            }
            all.extend(s.samples);
            for &c in &s.ooo_mmapped {
                push_chunk(&mut all, files, chunks.get(c))?;
            }
            all.extend(s.ooo_cut.into_iter().flatten());
            all.extend(s.ooo_head.into_iter().flatten());
            all.sort_by_key(|&(t, _)| t); // stable
            all.dedup_by_key(|&mut (t, _)| t);
            let mut series = HeadSeries {
                labels: s.labels,
                ..HeadSeries::default()
            };
            for (t, v) in all {
                if tombstones::is_deleted(&s.stones, t) {
                    continue;
                }
                min_time = min_time.min(t);
                max_time = max_time.max(t);
                match v {
                    Value::Float(f) => series.floats.push((t, f)),
                    Value::Histogram(h) => series.histograms.push((t, *h)),
                }
            }
            if !series.floats.is_empty() || !series.histograms.is_empty() {
                out.push(series);
            }
        }
        out.sort_by(|a, b| a.labels.cmp(&b.labels));
        Ok(Head {
            min_time,
            max_time,
            series: out,
            warnings: self.warnings,
        })
    }
}

fn push_chunk(
    all: &mut Vec<(i64, Value)>,
    files: &HeadChunkFiles,
    chunk: Option<&HeadChunk>,
) -> Result<()> {
    let Some(c) = chunk else {
        return Ok(());
    };
    match files.decode(c)? {
        ChunkSamples::Floats(fs) => all.extend(fs.into_iter().map(|p| (p.t, Value::Float(p.f)))),
        ChunkSamples::Histograms(hs) => all.extend(
            hs.into_iter()
                .map(|(t, h)| (t, Value::Histogram(Box::new(h)))),
        ),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::histogram::bucket_bound;
    use crate::tsdb::head_chunks::tests::head_file;
    use crate::tsdb::record::tests::{
        enc_int_histograms, enc_samples, enc_series, enc_tombstones, put_varint,
    };
    use crate::tsdb::wal::tests::Writer;
    use std::path::PathBuf;

    const MIN_VALID: i64 = 10;

    fn segment(records: &[Vec<u8>]) -> Vec<u8> {
        let mut w = Writer::new();
        for r in records {
            w.log(r, 0);
        }
        w.data
    }

    fn write(dir: &Path, rel: &str, bytes: &[u8]) {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }

    /// An XOR chunk with one sample.
    fn xor1(t: i64, v: f64) -> Vec<u8> {
        let mut b = vec![0, 1];
        put_varint(&mut b, t);
        b.extend_from_slice(&v.to_bits().to_be_bytes());
        b
    }

    fn open(dir: &Path) -> Head {
        Head::open(dir, MIN_VALID)
            .expect("open")
            .expect("has a wal")
    }

    fn floats(h: &Head, label: &str) -> Vec<(i64, f64)> {
        h.series
            .iter()
            .find(|s| s.labels == vec![("a".to_string(), label.to_string())])
            .map(|s| s.floats.clone())
            .unwrap_or_default()
    }

    #[test]
    fn without_a_wal_there_is_no_head() {
        let tmp = tempfile::tempdir().expect("tmp");
        assert!(Head::open(tmp.path(), 0).expect("ok").is_none());
        std::fs::create_dir(tmp.path().join("wal")).expect("mkdir");
        let h = open(tmp.path());
        assert!(h.series.is_empty() && h.warnings.is_empty());
        assert_eq!((h.min_time, h.max_time), (i64::MAX, i64::MIN));
    }

    #[test]
    fn replays_like_the_head_appender() {
        let tmp = tempfile::tempdir().expect("tmp");
        let d = tmp.path();
        let chunk = xor1(100, 1.0);
        let ooo = xor1(50, 0.5);
        let old = xor1(5, 0.25);
        write(
            d,
            "chunks_head/000001",
            &head_file(
                &[
                    (1, 5, 5, 1, &old), // ends before min_valid_time: dropped
                    (1, 100, 100, 1, &chunk),
                    (1, 50, 50, 0x81, &ooo),
                ],
                1024,
            ),
        );
        write(
            d,
            "wal/00000000",
            &segment(&[
                enc_series(&[(1, &[("a", "1")]), (2, &[("a", "2")])]),
                enc_samples(&[
                    (1, 90, 9.0),  // in the m-mapped chunk already
                    (1, 100, 9.0), // too
                    (1, 110, 1.1), // appended
                    (1, 110, 2.2), // same timestamp: dropped
                    (1, 105, 3.3), // older: dropped
                    (2, 5, 5.0),   // before min_valid_time
                    (2, 20, 2.0),
                    (2, 30, 3.0),
                    (3, 40, 4.0), // unknown series
                ]),
                enc_tombstones(&[(2, 25, 35), (2, 0, 5)]),
            ]),
        );
        let h = open(d);
        assert!(h.warnings.is_empty(), "{:?}", h.warnings);
        assert_eq!(floats(&h, "1"), vec![(50, 0.5), (100, 1.0), (110, 1.1)]);
        assert_eq!(floats(&h, "2"), vec![(20, 2.0)]);
        assert_eq!((h.min_time, h.max_time), (20, 110));
        let labels: Vec<_> = h.series.iter().map(|s| s.labels.clone()).collect();
        let mut sorted = labels.clone();
        sorted.sort();
        assert_eq!(labels, sorted);
    }

    #[test]
    fn chunks_of_unknown_encodings_are_skipped_with_a_warning() {
        let tmp = tempfile::tempdir().expect("tmp");
        let d = tmp.path();
        let chunk = xor1(100, 1.0);
        write(
            d,
            "chunks_head/000001",
            &head_file(
                &[
                    (1, 100, 100, 4, &chunk), // XOR2 of Prometheus 3.x
                    (1, 150, 150, 1, &xor1(150, 1.5)),
                    (2, 100, 100, 6, &chunk),
                    (2, 120, 120, 0x84, &chunk),
                ],
                1024,
            ),
        );
        write(
            d,
            "wal/00000000",
            &segment(&[
                enc_series(&[(1, &[("a", "1")]), (2, &[("a", "2")])]),
                enc_samples(&[(1, 200, 2.0), (2, 110, 1.1)]),
            ]),
        );
        let h = open(d);
        assert_eq!(floats(&h, "1"), vec![(150, 1.5), (200, 2.0)]);
        assert_eq!(floats(&h, "2"), vec![(110, 1.1)]);
        assert_eq!(h.warnings.len(), 1, "{:?}", h.warnings);
        assert!(
            h.warnings[0]
                .message
                .starts_with("m-mapped chunks of encodings Prometheus 2.42 does not know (4, 6)"),
            "{:?}",
            h.warnings
        );
    }

    #[test]
    fn repeated_labels_under_a_new_ref_are_one_series() {
        let tmp = tempfile::tempdir().expect("tmp");
        let d = tmp.path();
        let chunk = xor1(25, 2.5);
        write(
            d,
            "chunks_head/000001",
            &head_file(&[(5, 25, 25, 1, &chunk)], 256),
        );
        write(
            d,
            "wal/00000000",
            &segment(&[
                enc_series(&[(1, &[("a", "x")])]),
                enc_samples(&[(1, 10, 1.0), (1, 20, 2.0)]),
                // The same series again: it takes ref 5's chunks and drops what was replayed.
                enc_series(&[(5, &[("a", "x")])]),
                enc_samples(&[(5, 30, 3.0), (1, 40, 4.0)]),
                // A tombstone for the repeated ref is not mapped (Prometheus 2.42).
                enc_tombstones(&[(5, 30, 30)]),
            ]),
        );
        let h = open(d);
        assert_eq!(h.series.len(), 1);
        assert_eq!(floats(&h, "x"), vec![(25, 2.5), (30, 3.0), (40, 4.0)]);
    }

    #[test]
    fn checkpoint_first_then_the_segments_after_it() {
        let tmp = tempfile::tempdir().expect("tmp");
        let d = tmp.path();
        write(
            d,
            "wal/checkpoint.00000001/00000000",
            &segment(&[
                enc_series(&[(1, &[("a", "c")])]),
                enc_samples(&[(1, 10, 1.0)]),
            ]),
        );
        // Segments up to the checkpoint's number are in it already.
        for n in ["00000000", "00000001"] {
            write(
                d,
                &format!("wal/{n}"),
                &segment(&[
                    enc_series(&[(7, &[("a", "old")])]),
                    enc_samples(&[(7, 15, 1.0)]),
                ]),
            );
        }
        write(d, "wal/00000002", &segment(&[enc_samples(&[(1, 20, 2.0)])]));
        let h = open(d);
        assert_eq!(h.series.len(), 1);
        assert_eq!(floats(&h, "c"), vec![(10, 1.0), (20, 2.0)]);
        // A corrupt checkpoint is an error, as in Prometheus.
        let mut bad = segment(&[enc_series(&[(1, &[("a", "c")])])]);
        bad[3] ^= 1;
        write(d, "wal/checkpoint.00000001/00000000", &bad);
        let e = Head::open(d, MIN_VALID).expect_err("corrupt checkpoint");
        assert!(
            e.to_string().contains(
                "checkpoint.00000001/00000000: at offset 0: WAL checkpoint: unexpected checksum"
            ),
            "{e}"
        );
        // So is a segment missing after it.
        std::fs::remove_dir_all(d.join("wal/checkpoint.00000001")).expect("rm");
        std::fs::remove_file(d.join("wal/00000000")).expect("rm");
        let e = Head::open(d, MIN_VALID).expect_err("gap");
        assert!(
            e.to_string().contains("wal/00000000: WAL segment missing"),
            "{e}"
        );
    }

    #[test]
    fn a_corrupt_segment_ends_the_replay_with_a_warning() {
        let tmp = tempfile::tempdir().expect("tmp");
        let d = tmp.path();
        let mut seg = segment(&[
            enc_series(&[(1, &[("a", "1")])]),
            enc_samples(&[(1, 10, 1.0)]),
            enc_samples(&[(1, 20, 2.0)]),
            enc_samples(&[(1, 30, 3.0)]),
        ]);
        let third = seg.len() - 2 * (7 + 1 + 16 + 1 + 1 + 8);
        seg[third + 10] ^= 0x40;
        write(d, "wal/00000000", &seg);
        write(d, "wal/00000001", &segment(&[enc_samples(&[(1, 40, 4.0)])]));
        let h = open(d);
        assert_eq!(floats(&h, "1"), vec![(10, 1.0)]);
        assert_eq!(h.warnings.len(), 1);
        let w = h.warnings[0].to_string();
        assert!(
            w.contains(&format!(
                "wal/00000000: at offset {third}: unexpected checksum"
            )),
            "{w}"
        );
        // A torn last record is reported the same way.
        let full = segment(&[
            enc_series(&[(1, &[("a", "1")])]),
            enc_samples(&[(1, 10, 1.0)]),
            enc_samples(&(0..3000).map(|i| (1, 20 + i, 0.0)).collect::<Vec<_>>()),
        ]);
        write(d, "wal/00000000", &full[..crate::tsdb::wal::PAGE_SIZE]);
        std::fs::remove_file(d.join("wal/00000001")).expect("rm");
        let h = open(d);
        assert_eq!(floats(&h, "1"), vec![(10, 1.0)]);
        assert!(
            h.warnings[0].message.starts_with("last record is torn"),
            "{:?}",
            h.warnings
        );
        // An undecodable record too.
        let mut rec = enc_samples(&[(1, 20, 2.0)]);
        rec.push(0x80);
        write(
            d,
            "wal/00000000",
            &segment(&[
                enc_series(&[(1, &[("a", "1")])]),
                enc_samples(&[(1, 10, 1.0)]),
                rec,
            ]),
        );
        let h = open(d);
        assert_eq!(floats(&h, "1"), vec![(10, 1.0)]);
        assert!(
            h.warnings[0].message.starts_with("decode samples record:"),
            "{:?}",
            h.warnings
        );
        // And a zstd-compressed one.
        let mut w = Writer::new();
        w.log(&enc_series(&[(1, &[("a", "1")])]), 0);
        w.log(&enc_samples(&[(1, 20, 2.0)]), 0x10);
        write(d, "wal/00000000", &w.data);
        let h = open(d);
        assert!(h.series.is_empty());
        assert!(h.warnings[0].message.contains("zstd"), "{:?}", h.warnings);
    }

    #[test]
    fn corrupt_head_chunks_are_replaced_by_the_wal() {
        let tmp = tempfile::tempdir().expect("tmp");
        let d = tmp.path();
        let chunk = xor1(100, 1.0);
        let mut file = head_file(&[(1, 100, 100, 1, &chunk)], 256);
        file[40] ^= 1;
        write(d, "chunks_head/000001", &file);
        write(
            d,
            "wal/00000000",
            &segment(&[
                enc_series(&[(1, &[("a", "1")])]),
                enc_samples(&[(1, 100, 7.0), (1, 110, 8.0)]),
            ]),
        );
        let h = open(d);
        assert_eq!(floats(&h, "1"), vec![(100, 7.0), (110, 8.0)]);
        assert_eq!(h.warnings.len(), 1);
        assert!(
            h.warnings[0]
                .to_string()
                .contains("chunks_head/000001: at offset 8: head chunk: CRC32C mismatch"),
            "{}",
            h.warnings[0]
        );
        // Chunks of one series that overlap: Prometheus drops every head chunk.
        let c2 = xor1(90, 2.0);
        write(
            d,
            "chunks_head/000001",
            &head_file(&[(1, 100, 100, 1, &chunk), (1, 90, 90, 1, &c2)], 256),
        );
        let h = open(d);
        assert_eq!(floats(&h, "1"), vec![(100, 7.0), (110, 8.0)]);
        assert!(h.warnings[0]
            .message
            .starts_with("out of sequence m-mapped chunk"));
        // A chunk that does not decode is an error naming the file and offset.
        write(
            d,
            "chunks_head/000001",
            &head_file(&[(1, 100, 100, 1, &chunk[..5])], 256),
        );
        let e = Head::open(d, MIN_VALID).expect_err("undecodable");
        assert!(
            e.to_string().contains("chunks_head/000001: at offset "),
            "{e}"
        );
    }

    #[test]
    fn out_of_order_wal() {
        let tmp = tempfile::tempdir().expect("tmp");
        let d = tmp.path();
        let ooo = xor1(3, 0.3);
        let file = head_file(&[(1, 3, 3, 0x81, &ooo)], 256);
        write(d, "chunks_head/000001", &file);
        write(
            d,
            "wal/00000000",
            &segment(&[
                enc_series(&[(1, &[("a", "1")])]),
                enc_samples(&[(1, 100, 1.0)]),
            ]),
        );
        let mut marker = vec![crate::tsdb::record::MMAP_MARKERS];
        marker.extend_from_slice(&1u64.to_be_bytes());
        marker.extend_from_slice(&(1u64 << 32 | 8).to_be_bytes());
        write(
            d,
            "wbl/00000000",
            &segment(&[
                enc_samples(&[(1, 3, 9.0), (1, 2, 0.2)]), // written to the chunk below
                marker,
                enc_samples(&[(1, 6, 0.6), (1, 4, 0.4), (1, 6, 9.9), (1, 100, 9.9)]),
            ]),
        );
        let h = open(d);
        assert!(h.warnings.is_empty(), "{:?}", h.warnings);
        assert_eq!(
            floats(&h, "1"),
            vec![(3, 0.3), (4, 0.4), (6, 0.6), (100, 1.0)]
        );
    }

    #[test]
    fn histograms_and_floats_share_one_timeline() {
        let tmp = tempfile::tempdir().expect("tmp");
        let d = tmp.path();
        write(
            d,
            "wal/00000000",
            &segment(&[
                enc_series(&[(1, &[("a", "1")])]),
                enc_samples(&[(1, 10, 1.0)]),
                enc_int_histograms(&[(1, 20, &[1, 2]), (1, 10, &[5])]),
                enc_samples(&[(1, 30, 3.0), (1, 20, 9.0)]),
            ]),
        );
        let h = open(d);
        let s = &h.series[0];
        assert_eq!(s.floats, vec![(10, 1.0), (30, 3.0)]);
        assert_eq!(s.histograms.len(), 1);
        assert_eq!(s.histograms[0].0, 20);
        assert_eq!(s.histograms[0].1.positive_buckets, vec![1.0, 2.0]);
    }

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/tsdb/datadirs")
            .join(name)
    }

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for e in std::fs::read_dir(from).expect("read_dir") {
            let e = e.expect("entry");
            let dst = to.join(e.file_name());
            if e.path().is_dir() {
                copy_dir(&e.path(), &dst);
            } else {
                std::fs::copy(e.path(), &dst).expect("copy");
            }
        }
    }

    /// The head's lines of promtool's dump: those at or after the block's end.
    fn expected_head_lines(name: &str, min_valid: i64) -> Vec<String> {
        let dump = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/tsdb/expected")
                .join(format!("{name}.dump.txt")),
        )
        .expect("dump");
        dump.lines()
            .filter(|l| {
                l.rsplit(' ')
                    .next()
                    .and_then(|t| t.parse::<i64>().ok())
                    .is_some_and(|t| t >= min_valid)
            })
            .map(str::to_string)
            .collect()
    }

    fn dump_lines(h: &Head) -> Vec<String> {
        let mut out = Vec::new();
        for s in &h.series {
            let lbs: Vec<String> = s.labels.iter().map(|(n, v)| format!("{n}={v:?}")).collect();
            for &(t, v) in &s.floats {
                out.push(format!(
                    "{{{}}} {} {t}",
                    lbs.join(", "),
                    crate::gostr::format_float_g(v)
                ));
            }
        }
        out
    }

    const BLOCK_END: i64 = 1_700_006_400_000;

    #[test]
    fn fixture_without_histograms_matches_promtool() {
        let h = open_fixture(&fixture("rw_snapshot"));
        assert!(h.warnings.is_empty(), "{:?}", h.warnings);
        assert_eq!(
            dump_lines(&h),
            expected_head_lines("rw_snapshot", BLOCK_END)
        );
        assert_eq!(h.min_time, 1_700_006_420_000);
        assert_eq!(h.max_time, 1_700_014_340_000);
    }

    fn open_fixture(dir: &Path) -> Head {
        Head::open(dir, BLOCK_END).expect("open").expect("wal")
    }

    /// The WAL alone (its histogram records, not the head's histogram chunks) against the
    /// float dump and Prometheus's query API.
    #[test]
    fn fixture_wal_records_match_promtool_and_the_api() {
        let tmp = tempfile::tempdir().expect("tmp");
        copy_dir(
            &fixture("rw_native_hist").join("wal"),
            &tmp.path().join("wal"),
        );
        let h = open_fixture(tmp.path());
        assert!(h.warnings.is_empty(), "{:?}", h.warnings);
        assert_eq!(
            dump_lines(&h),
            expected_head_lines("rw_native_hist", BLOCK_END)
        );
        let api: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("fixtures/tsdb/expected/rw_native_hist.query_range.json"),
            )
            .expect("json"),
        )
        .expect("valid json");
        let want: Vec<&serde_json::Value> = api["data"]["result"][0]["histograms"]
            .as_array()
            .expect("histograms")
            .iter()
            .filter(|p| p[0].as_i64().expect("ts") * 1000 >= BLOCK_END)
            .collect();
        let s = h
            .series
            .iter()
            .find(|s| s.labels.iter().any(|(_, v)| v == "rw_native_hist"))
            .expect("histogram series");
        assert!(s.floats.is_empty());
        assert_eq!(s.histograms.len(), want.len());
        assert_eq!(want.len(), 133);
        let num =
            |v: &serde_json::Value| -> f64 { v.as_str().expect("string").parse().expect("number") };
        for ((t, fh), p) in s.histograms.iter().zip(want) {
            assert_eq!(*t, p[0].as_i64().expect("ts") * 1000);
            let h = &p[1];
            assert_eq!(fh.count, num(&h["count"]), "count at {t}");
            assert_eq!(fh.sum, num(&h["sum"]), "sum at {t}");
            let mut got = Vec::new();
            if fh.zero_count != 0.0 {
                got.push((3, -fh.zero_threshold, fh.zero_threshold, fh.zero_count));
            }
            for (idx, c) in fh.positive_bucket_entries() {
                if c != 0.0 {
                    let lo = bucket_bound(idx - 1, fh.schema, &fh.custom_values);
                    let hi = bucket_bound(idx, fh.schema, &fh.custom_values);
                    got.push((0, lo, hi, c));
                }
            }
            let want: Vec<(i64, f64, f64, f64)> = h["buckets"]
                .as_array()
                .expect("buckets")
                .iter()
                .map(|b| {
                    (
                        b[0].as_i64().expect("kind"),
                        num(&b[1]),
                        num(&b[2]),
                        num(&b[3]),
                    )
                })
                .collect();
            assert_eq!(got, want, "buckets at {t}");
        }
    }

    /// Truncated and bit-flipped WAL segments and head chunk files: errors and warnings, no
    /// panics.
    #[test]
    fn corrupt_fixture_files_never_panic() {
        for (name, files) in [
            ("rw_snapshot", ["wal/00000000", "chunks_head/000001"]),
            ("rw_native_hist", ["wal/00000000", "chunks_head/000001"]),
        ] {
            let tmp = tempfile::tempdir().expect("tmp");
            let d = tmp.path();
            copy_dir(&fixture(name), d);
            for rel in files {
                let path = d.join(rel);
                let orig = std::fs::read(&path).expect("read");
                // The interesting bytes are at the start; the rest is padding.
                let used = if rel.starts_with("wal") {
                    12_000
                } else {
                    2_200
                };
                let mut cuts: Vec<usize> = (0..used.min(orig.len())).step_by(97).collect();
                cuts.extend([1, 7, 8, 9, orig.len() - 1]);
                for n in cuts {
                    std::fs::write(&path, &orig[..n]).expect("write");
                    let _ = Head::open(d, BLOCK_END);
                }
                for i in (0..used.min(orig.len())).step_by(53) {
                    for bit in [0x01u8, 0x80] {
                        let mut b = orig.clone();
                        b[i] ^= bit;
                        std::fs::write(&path, &b).expect("write");
                        let _ = Head::open(d, BLOCK_END);
                    }
                }
                std::fs::write(&path, &orig).expect("restore");
            }
        }
    }
}

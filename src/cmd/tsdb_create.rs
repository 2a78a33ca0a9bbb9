//! `lookout tsdb create-blocks-from openmetrics`: backfilling blocks from an OpenMetrics file.
//!
//! promtool reads the whole file into memory, parses it once for the time range and once
//! more per 2h block. Here the file is streamed through the parser once: every sample goes
//! straight into the XOR chunk of its series in its block window (so samples are held
//! compressed), and the blocks are written once the whole input has been checked. The
//! blocks equal promtool's: same windows, same chunk cuts, same index.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context, Result};

use super::Outcome;
use crate::cli::CreateFromOpenMetricsArgs;
use crate::exposition::openmetrics::{Entry, Parser, Step};
use crate::model::fxhash::FxHashMap;
use crate::tsdb::block::LabelPairs;
use crate::tsdb::ulid::UlidGenerator;
use crate::tsdb::writer::{normalize_labels, Appended, BlockWriter, DEFAULT_BLOCK_DURATION};

/// How much of the input is read at a time.
const READ_SIZE: usize = 4 << 20;
/// How many dropped samples the warning names.
const EXAMPLES: usize = 5;

pub fn from_openmetrics(args: CreateFromOpenMetricsArgs) -> Result<Outcome> {
    let block_duration = block_duration(args.max_block_duration.map(|d| d.as_millis()));
    let out = &args.output_dir;
    if out.exists() && !out.is_dir() {
        bail!("{}: not a directory", out.display());
    }
    let file =
        File::open(&args.input).with_context(|| format!("opening {}", args.input.display()))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let progress = Progress::new(!args.quiet && io::stderr().is_terminal(), len);
    let backfill = match Backfill::read(file, &args.input, block_duration, &progress)? {
        Ok(b) => b,
        Err(message) => {
            progress.clear();
            // promtool's message, alone, and its exit code.
            eprintln!("{message}");
            return Ok(Outcome::Failed);
        }
    };
    let dropped = backfill.dropped.clone();
    backfill.write_blocks(out, args.quiet, args.human_readable, &progress)?;
    progress.clear();
    if dropped.count > 0 {
        eprint!("{}", dropped.warning(block_duration));
    }
    Ok(Outcome::Success)
}

/// promtool's `getCompatibleBlockDuration`: the longest of 2h·3^k (k < 10) not above `max`;
/// 2h when `max` is unset or below 2h.
pub(crate) fn block_duration(max: Option<i64>) -> i64 {
    let base = DEFAULT_BLOCK_DURATION;
    let Some(max) = max.filter(|&m| m > base) else {
        return base;
    };
    let mut d = base;
    for _ in 1..10 {
        match d.checked_mul(3) {
            Some(next) if next <= max => d = next,
            _ => break,
        }
    }
    d
}

/// What the input's series text maps to: a series, or the reason it cannot be one.
#[derive(Debug, Clone)]
enum Raw {
    Series(u32),
    Invalid(Arc<str>),
}

#[derive(Debug)]
struct Series {
    labels: Arc<LabelPairs>,
    /// (window, writer index, series ref in that writer), by window.
    windows: Vec<(i64, u32, u32)>,
    /// Index into `windows` of the last one used: samples of a series mostly come in order.
    last: usize,
}

/// Samples dropped because they were not newer than their series' previous sample.
#[derive(Debug, Clone, Default)]
struct Dropped {
    count: u64,
    examples: Vec<String>,
}

impl Dropped {
    fn warning(&self, block_duration: i64) -> String {
        let mut s = format!(
            "lookout: warning: dropped {} sample{} that came after a newer (or same-time) sample of \
             their series in the same {} block (promtool drops these silently, or fails with \
             \"out of order sample\" once 5,000 samples of the block were committed):\n",
            self.count,
            if self.count == 1 { "" } else { "s" },
            crate::duration::format_duration(block_duration),
        );
        for e in &self.examples {
            s.push_str(&format!("  {e}\n"));
        }
        if self.count > self.examples.len() as u64 {
            s.push_str(&format!(
                "  ... and {} more\n",
                self.count - self.examples.len() as u64
            ));
        }
        s
    }
}

/// The samples read so far, by block window.
struct Backfill {
    block_duration: i64,
    /// (window, its block) in the order windows were first seen.
    writers: Vec<(i64, BlockWriter)>,
    writer_of: FxHashMap<i64, u32>,
    series: Vec<Series>,
    by_labels: FxHashMap<Arc<LabelPairs>, u32>,
    raw: FxHashMap<Box<[u8]>, Raw>,
    dropped: Dropped,
    /// The sample promtool would fail on first (smallest window, then line), when its
    /// labels cannot name a series: (window, line, message).
    invalid: Option<(i64, u64, Arc<str>)>,
}

impl Backfill {
    fn new(block_duration: i64) -> Backfill {
        Backfill {
            block_duration,
            writers: Vec::new(),
            writer_of: HashMap::default(),
            series: Vec::new(),
            by_labels: HashMap::default(),
            raw: HashMap::default(),
            dropped: Dropped::default(),
            invalid: None,
        }
    }

    /// Streams `input` through the parser. `Ok(Err(message))` is an invalid input, with
    /// promtool's message.
    fn read(
        mut input: impl Read,
        path: &Path,
        block_duration: i64,
        progress: &Progress,
    ) -> Result<std::result::Result<Backfill, String>> {
        let mut b = Backfill::new(block_duration);
        let mut parser = Parser::new();
        let mut buf: Vec<u8> = Vec::with_capacity(READ_SIZE * 2);
        let (mut pos, mut last) = (0usize, false);
        let mut line: u64 = 1;
        let mut read_total: u64 = 0;
        // What the last sample's series text maps to: consecutive lines mostly share it.
        let mut last_series: Option<Raw> = None;
        loop {
            let step = match parser.next_entry(&buf, pos, last) {
                Ok(s) => s,
                Err(msg) => return Ok(Err(format!("getting min and max timestamp: next: {msg}"))),
            };
            match step {
                Step::NeedMore => {
                    buf.drain(..pos);
                    pos = 0;
                    let n = fill(&mut input, &mut buf)
                        .with_context(|| format!("reading {}", path.display()))?;
                    read_total += n as u64;
                    progress.set(read_total);
                    last = n == 0;
                }
                Step::Entry(Entry::Eof, _) => break,
                Step::Entry(
                    Entry::Series {
                        series,
                        value,
                        timestamp,
                    },
                    next,
                ) => {
                    let Some(t) = timestamp else {
                        return Ok(Err(
                            "getting min and max timestamp: expected timestamp for series got none"
                                .into(),
                        ));
                    };
                    let target = match &last_series {
                        Some(r) if parser.same_series() => r.clone(),
                        _ => {
                            let raw = buf.get(series).unwrap_or_default();
                            let r = b.intern(raw, || parser.labels(&buf));
                            last_series = Some(r.clone());
                            r
                        }
                    };
                    match target {
                        Raw::Series(id) => b.add(id, t, value, line),
                        Raw::Invalid(msg) => b.note_invalid(t, line, msg),
                    }
                    pos = next;
                    line += 1;
                }
                Step::Entry(_, next) => {
                    pos = next;
                    line += 1;
                }
            }
        }
        if let Some((_, _, msg)) = &b.invalid {
            return Ok(Err(format!(
                "block creation: process blocks: add sample: {msg}"
            )));
        }
        Ok(Ok(b))
    }

    /// The series (or the error) for a series text seen for the first time.
    fn intern(&mut self, raw: &[u8], labels: impl FnOnce() -> Vec<(String, String)>) -> Raw {
        if let Some(r) = self.raw.get(raw) {
            return r.clone();
        }
        let r = match normalize_labels(labels()) {
            Err(e) => Raw::Invalid(e.to_string().into()),
            Ok(labels) => {
                let labels = Arc::new(labels);
                match self.by_labels.get(&labels) {
                    // The same labels written differently (order, escapes, empty values).
                    Some(&id) => Raw::Series(id),
                    None => {
                        let id = self.series.len() as u32;
                        self.series.push(Series {
                            labels: Arc::clone(&labels),
                            windows: Vec::new(),
                            last: 0,
                        });
                        self.by_labels.insert(labels, id);
                        Raw::Series(id)
                    }
                }
            }
        };
        self.raw.insert(raw.into(), r.clone());
        r
    }

    fn note_invalid(&mut self, t: i64, line: u64, msg: Arc<str>) {
        let window = t.div_euclid(self.block_duration);
        if self
            .invalid
            .as_ref()
            .is_none_or(|(w, l, _)| (window, line) < (*w, *l))
        {
            self.invalid = Some((window, line, msg));
        }
    }

    fn add(&mut self, id: u32, t: i64, v: f64, line: u64) {
        let window = t.div_euclid(self.block_duration);
        let Some(series) = self.series.get_mut(id as usize) else {
            return;
        };
        let cached = series
            .windows
            .get(series.last)
            .filter(|e| e.0 == window)
            .map(|e| (e.1, e.2));
        let (wi, r) = match cached {
            Some(x) => x,
            None => match series.windows.binary_search_by_key(&window, |e| e.0) {
                Ok(i) => {
                    series.last = i;
                    match series.windows.get(i) {
                        Some(&(_, wi, r)) => (wi, r),
                        None => return,
                    }
                }
                Err(i) => {
                    let wi = match self.writer_of.get(&window) {
                        Some(&wi) => wi,
                        None => {
                            let wi = self.writers.len() as u32;
                            // promtool's head has twice the block duration as its chunk range.
                            self.writers
                                .push((window, BlockWriter::new(2 * self.block_duration)));
                            self.writer_of.insert(window, wi);
                            wi
                        }
                    };
                    let Some((_, w)) = self.writers.get_mut(wi as usize) else {
                        return;
                    };
                    // The labels were normalized when the series was interned.
                    let Ok(r) = w.series(Arc::clone(&series.labels)) else {
                        return;
                    };
                    series.windows.insert(i, (window, wi, r));
                    series.last = i;
                    (wi, r)
                }
            },
        };
        let Some((_, w)) = self.writers.get_mut(wi as usize) else {
            return;
        };
        let why = match w.append(r, t, v) {
            // Unknown cannot happen: the ref came from this writer.
            Appended::Stored | Appended::Duplicate | Appended::UnknownSeries => return,
            Appended::OutOfOrder { newest } => format!("after a sample at {newest}"),
            Appended::Conflict { newest_value } => format!(
                "another value ({}) at the same time",
                crate::gostr::format_float_g(newest_value)
            ),
        };
        self.dropped.count += 1;
        if self.dropped.examples.len() < EXAMPLES {
            self.dropped.examples.push(format!(
                "line {line}: {} {} at {t}: {why}",
                super::tsdb::format_labels(
                    series_labels(&self.series, id)
                        .iter()
                        .map(|(n, v)| (n.as_str(), v.as_str()))
                ),
                crate::gostr::format_float_g(v),
            ));
        }
    }

    /// Writes the blocks in time order, printing each as promtool does.
    fn write_blocks(
        mut self,
        out: &Path,
        quiet: bool,
        human_readable: bool,
        progress: &Progress,
    ) -> Result<()> {
        self.writers.sort_by_key(|(w, _)| *w);
        progress.start_writing(self.writers.len() as u64);
        let mut ulids = UlidGenerator::from_clock();
        let mut header = true;
        let stdout = io::stdout();
        for (_, w) in self.writers {
            let block = w.write(out, ulids.generate()).context("writing a block")?;
            progress.inc();
            let Some(block) = block else { continue };
            if !quiet {
                let table =
                    super::tsdb::format_blocks(&[(block.meta, block.size)], header, human_readable);
                progress
                    .suspend(|| {
                        let mut o = stdout.lock();
                        o.write_all(&table).and_then(|()| o.flush())
                    })
                    .context("writing standard output")?;
                header = false;
            }
        }
        Ok(())
    }
}

fn series_labels(series: &[Series], id: u32) -> LabelPairs {
    series
        .get(id as usize)
        .map(|s| (*s.labels).clone())
        .unwrap_or_default()
}

/// Appends what one read of `input` gives (at most [`READ_SIZE`] bytes) to `buf`; 0 at the
/// end of the input.
fn fill(input: &mut impl Read, buf: &mut Vec<u8>) -> io::Result<usize> {
    let start = buf.len();
    buf.resize(start + READ_SIZE, 0);
    let n = loop {
        match input.read(buf.get_mut(start..).unwrap_or_default()) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                buf.truncate(start);
                return Err(e);
            }
            Ok(n) => break n,
        }
    };
    buf.truncate(start + n);
    Ok(n)
}

/// A progress bar on standard error (bytes read, then blocks written), when it is a terminal.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(enabled: bool, len: u64) -> Progress {
        if !enabled {
            return Progress(None);
        }
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(len),
            indicatif::ProgressDrawTarget::stderr(),
        );
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{msg} [{bar:40}] {bytes}/{total_bytes} ({eta})",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message("reading");
        Progress(Some(bar))
    }

    fn set(&self, pos: u64) {
        if let Some(b) = &self.0 {
            b.set_position(pos);
        }
    }

    fn start_writing(&self, blocks: u64) {
        if let Some(b) = &self.0 {
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len}")
            {
                b.set_style(style.progress_chars("=> "));
            }
            b.set_message("writing blocks");
            b.set_length(blocks);
            b.set_position(0);
        }
    }

    fn inc(&self) {
        if let Some(b) = &self.0 {
            b.inc(1);
        }
    }

    fn suspend<T>(&self, f: impl FnOnce() -> T) -> T {
        match &self.0 {
            Some(b) => b.suspend(f),
            None => f(),
        }
    }

    fn clear(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_durations_are_2h_times_powers_of_3() {
        let h = 3_600_000;
        assert_eq!(block_duration(None), 2 * h);
        assert_eq!(block_duration(Some(h)), 2 * h);
        assert_eq!(block_duration(Some(6 * h - 1)), 2 * h);
        assert_eq!(block_duration(Some(6 * h)), 6 * h);
        assert_eq!(block_duration(Some(24 * h)), 18 * h);
        assert_eq!(block_duration(Some(i64::MAX)), 2 * h * 3i64.pow(9));
    }

    /// A reader that hands out a few bytes at a time.
    struct Pieces<'a>(&'a [u8], usize);

    impl Read for Pieces<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(self.1).min(out.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn read(input: &str) -> std::result::Result<Backfill, String> {
        Backfill::read(
            input.as_bytes(),
            Path::new("x"),
            DEFAULT_BLOCK_DURATION,
            &Progress(None),
        )
        .unwrap()
    }

    #[test]
    fn samples_go_to_their_windows() {
        let b = read("a 1 0\na 2 7200\nb{x=\"\"} 3 -1\na 4 7199\n# EOF\n").unwrap();
        let mut windows: Vec<(i64, u64)> = b
            .writers
            .iter()
            .map(|(w, bw)| (*w, bw.num_samples()))
            .collect();
        windows.sort();
        assert_eq!(windows, [(-1, 1), (0, 2), (1, 1)]);
        assert_eq!(b.series.len(), 2);
        assert_eq!(b.dropped.count, 0);
    }

    #[test]
    fn out_of_order_samples_are_counted() {
        let b = read("g 1 60\ng 2 0\ng 3 120\ng 4 120\ng 3 120\n# EOF\n").unwrap();
        assert_eq!(b.dropped.count, 2);
        assert_eq!(
            b.dropped.examples[0],
            "line 2: {__name__=\"g\"} 2 at 0: after a sample at 60000"
        );
        assert_eq!(
            b.dropped.examples[1],
            "line 4: {__name__=\"g\"} 4 at 120000: another value (3) at the same time"
        );
        let w = b.dropped.warning(DEFAULT_BLOCK_DURATION);
        assert!(w.starts_with("lookout: warning: dropped 2 samples"), "{w}");
    }

    #[test]
    fn promtools_errors() {
        assert_eq!(
            read("g 1\n# EOF\n").err().unwrap(),
            "getting min and max timestamp: expected timestamp for series got none"
        );
        assert_eq!(
            read("g 1 1\n").err().unwrap(),
            "getting min and max timestamp: next: data does not end with # EOF"
        );
        // A parse error anywhere wins over a sample promtool rejects later.
        assert_eq!(
            read("a{x=\"1\",x=\"2\"} 1 1\nb 1\n# EOF\n").err().unwrap(),
            "getting min and max timestamp: expected timestamp for series got none"
        );
        assert_eq!(
            read("a{x=\"1\",x=\"2\"} 1 10000\na{y=\"1\",y=\"2\"} 1 1\n# EOF\n").err().unwrap(),
            "block creation: process blocks: add sample: label name \"y\" is not unique: invalid sample"
        );
    }

    #[test]
    fn input_in_small_pieces() {
        let mut text = String::new();
        for t in 0..200 {
            for s in ["a", "b", "c"] {
                for _ in 0..(t % 3) {
                    text.push_str(&format!("{s}{{x=\"{t}\"}} {t} {t}\n"));
                }
                text.push_str(&format!("{s} {t} {t}\n"));
            }
        }
        text.push_str("# EOF\n");
        let whole = read(&text).unwrap();
        let count = |b: &Backfill| -> Vec<(String, u64)> {
            let mut v: Vec<(String, u64)> = b
                .series
                .iter()
                .map(|s| (format!("{:?}", s.labels), 0))
                .collect();
            for (i, s) in b.series.iter().enumerate() {
                for &(_, wi, r) in &s.windows {
                    let w = &b.writers[wi as usize].1;
                    v[i].1 += w.series_samples(r);
                }
            }
            v.sort();
            v
        };
        let want = count(&whole);
        // 600 samples of a, b and c; 133 series x="t" (t % 3 > 0), repeats dropped as duplicates.
        assert_eq!(want.iter().map(|x| x.1).sum::<u64>(), 600 + 133 * 3);
        assert_eq!(whole.dropped.count, 0);
        // Every piece size puts the end of a piece at every place in a line.
        for size in [
            1, 2, 3, 4, 5, 7, 11, 13, 16, 17, 19, 23, 29, 31, 37, 64, 100,
        ] {
            let b = Backfill::read(
                Pieces(text.as_bytes(), size),
                Path::new("x"),
                DEFAULT_BLOCK_DURATION,
                &Progress(None),
            )
            .unwrap()
            .unwrap();
            assert!(
                count(&b) == want,
                "pieces of {size}: other samples per series"
            );
            assert_eq!(b.dropped.count, 0, "pieces of {size}");
        }

        let text = "# TYPE a counter\na_total{b=\"c\"} 1 1\na_total{b=\"c\"} 2 2\n# EOF";
        let b = Backfill::read(
            Pieces(text.as_bytes(), 3),
            Path::new("x"),
            DEFAULT_BLOCK_DURATION,
            &Progress(None),
        )
        .unwrap()
        .unwrap();
        assert_eq!(b.writers[0].1.num_samples(), 2);
    }
}

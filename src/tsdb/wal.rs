//! Write-ahead log segments (`wal/00000000`, ...) and checkpoints (`wal/checkpoint.N/`), as
//! written by Prometheus's `tsdb/wlog`.
//!
//! A segment is a sequence of 32 KiB pages. A record is split into fragments
//! `u8 type | BE16 len | BE32 CRC32C(data) | data`; the type's low 3 bits say full (1), first
//! (2), middle (3) or last (4), 0 pads the rest of a page with zeros; bit 0x08 marks a
//! snappy-compressed record, 0x10 a zstd-compressed one. Like Prometheus's reader, we read
//! a segment as a stream whose short last page is padded with zeros, so a record cut off
//! by the end of a live segment ends the stream cleanly or shows up as a torn record.

use std::path::{Path, PathBuf};

use super::{crc32c, Error, Result};

pub const PAGE_SIZE: usize = 32 * 1024;
const HEADER_SIZE: usize = 7;

const REC_PAGE_TERM: u8 = 0;
const REC_FULL: u8 = 1;
const REC_FIRST: u8 = 2;
const REC_MIDDLE: u8 = 3;
const REC_LAST: u8 = 4;
const SNAPPY_MASK: u8 = 0x08;
const ZSTD_MASK: u8 = 0x10;

/// A segment file read into memory.
#[derive(Debug, Clone)]
pub struct Segment {
    pub path: PathBuf,
    pub data: Vec<u8>,
}

impl Segment {
    pub fn read(path: &Path) -> Result<Segment> {
        let data = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
        Ok(Segment {
            path: path.to_path_buf(),
            data,
        })
    }

    /// The length the reader sees: the file padded to whole pages.
    fn padded_len(&self) -> u64 {
        (self.data.len() as u64).div_ceil(PAGE_SIZE as u64) * PAGE_SIZE as u64
    }
}

/// A decompressed record and where its first fragment starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub data: Vec<u8>,
    /// Index of the segment (in the slice given to [`Reader::new`]) holding the first fragment.
    pub segment: usize,
    /// Byte offset of the first fragment in that segment.
    pub offset: u64,
}

/// Why reading stopped.
enum Stop {
    /// The stream ended where a new read started (Go's `io.EOF`).
    Eof,
    /// Corrupt data at this stream position.
    Corrupt(u64, String),
}

/// Reads the records of one or more segments, read back to back as one stream (Prometheus
/// reads a checkpoint's segments this way; WAL segments are read one at a time).
pub struct Reader<'a> {
    segments: &'a [Segment],
    /// Stream position where each segment starts.
    starts: Vec<u64>,
    len: u64,
    pos: u64,
    /// Type of the last fragment read, to tell a torn record at the end of the stream.
    cur_type: u8,
    /// Stream position of the first fragment of the record being assembled.
    rec_start: u64,
    done: bool,
}

impl<'a> Reader<'a> {
    pub fn new(segments: &'a [Segment]) -> Reader<'a> {
        let mut starts = Vec::with_capacity(segments.len());
        let mut len = 0u64;
        for s in segments {
            starts.push(len);
            len += s.padded_len();
        }
        Reader {
            segments,
            starts,
            len,
            pos: 0,
            cur_type: REC_PAGE_TERM,
            rec_start: 0,
            done: false,
        }
    }

    /// The segment index and offset in it of stream position `pos`.
    fn locate(&self, pos: u64) -> (usize, u64) {
        let i = self.starts.partition_point(|&s| s <= pos).saturating_sub(1);
        let start = self.starts.get(i).copied().unwrap_or(0);
        (i, pos - start)
    }

    /// An error at stream position `pos`, naming the segment file and the offset in it.
    fn error_at(&self, pos: u64, message: String) -> Error {
        let (i, off) = self.locate(pos);
        match self.segments.get(i) {
            Some(s) => Error::new(&s.path, Some(off), message),
            None => Error::new(Path::new("<no segment>"), Some(pos), message),
        }
    }

    /// `n` bytes like Go's `io.ReadFull`: `Err(None)` when the stream ended before the first
    /// byte, `Err(Some(_))` when it ended inside.
    fn read(&mut self, n: usize, out: &mut Vec<u8>) -> std::result::Result<(), Option<u64>> {
        out.clear();
        if n == 0 {
            return Ok(());
        }
        if self.pos >= self.len {
            return Err(None);
        }
        let end = self.pos.saturating_add(n as u64);
        if end > self.len {
            let at = self.pos;
            self.pos = self.len;
            return Err(Some(at));
        }
        while self.pos < end {
            let (i, off) = self.locate(self.pos);
            let (data, seg_end) = match (self.segments.get(i), self.starts.get(i)) {
                (Some(s), Some(&start)) => (s.data.as_slice(), start + s.padded_len()),
                _ => (&[][..], end),
            };
            let take = (end.min(seg_end) - self.pos) as usize;
            // Bytes past the end of the file are the zero padding of its last page.
            let have = usize::try_from(off)
                .ok()
                .and_then(|off| data.get(off..))
                .unwrap_or(&[]);
            let real = have.get(..take).unwrap_or(have);
            out.extend_from_slice(real);
            out.resize(out.len() + (take - real.len()), 0);
            self.pos += take as u64;
        }
        Ok(())
    }

    /// The next record, `Ok(None)` at the end of the stream. After an error (corrupt
    /// fragment, bad checksum, torn record at the end, undecodable compression) the reader
    /// stays at its end.
    pub fn next_record(&mut self) -> Result<Option<Record>> {
        if self.done {
            return Ok(None);
        }
        match self.next_inner() {
            Ok(data) => {
                let (segment, offset) = self.locate(self.rec_start);
                Ok(Some(Record {
                    data,
                    segment,
                    offset,
                }))
            }
            Err(Stop::Eof) => {
                self.done = true;
                // The last record of a segment must be complete (full or last fragment).
                if self.cur_type == REC_FIRST || self.cur_type == REC_MIDDLE {
                    return Err(self.error_at(self.rec_start, "last record is torn".into()));
                }
                Ok(None)
            }
            Err(Stop::Corrupt(pos, msg)) => {
                self.done = true;
                Err(self.error_at(pos, msg))
            }
        }
    }

    fn next_inner(&mut self) -> std::result::Result<Vec<u8>, Stop> {
        let mut rec = Vec::new();
        let mut buf = Vec::new();
        let mut i = 0usize;
        loop {
            let frag_pos = self.pos;
            let hdr0 = match self.read(1, &mut buf) {
                Ok(()) => buf.first().copied().unwrap_or(0),
                Err(_) => return Err(Stop::Eof),
            };
            self.cur_type = hdr0 & 0x07;
            if self.cur_type == REC_PAGE_TERM {
                // The rest of the page must be zeros.
                let k = PAGE_SIZE - (self.pos % PAGE_SIZE as u64) as usize;
                if k == PAGE_SIZE {
                    continue;
                }
                match self.read(k, &mut buf) {
                    Ok(()) => {}
                    Err(None) => return Err(Stop::Eof),
                    Err(Some(at)) => {
                        return Err(Stop::Corrupt(
                            at,
                            "read remaining zeros: unexpected EOF".into(),
                        ))
                    }
                }
                if let Some(nz) = buf.iter().position(|&c| c != 0) {
                    return Err(Stop::Corrupt(
                        frag_pos + 1 + nz as u64,
                        "unexpected non-zero byte in padded page".into(),
                    ));
                }
                continue;
            }
            match self.read(HEADER_SIZE - 1, &mut buf) {
                Ok(()) => {}
                Err(None) => return Err(Stop::Eof),
                Err(Some(at)) => {
                    return Err(Stop::Corrupt(
                        at,
                        "read remaining header: unexpected EOF".into(),
                    ))
                }
            }
            let hdr: [u8; HEADER_SIZE - 1] = buf.as_slice().try_into().unwrap_or_default();
            let length = usize::from(u16::from_be_bytes([hdr[0], hdr[1]]));
            let crc = u32::from_be_bytes([hdr[2], hdr[3], hdr[4], hdr[5]]);
            if length > PAGE_SIZE - HEADER_SIZE {
                return Err(Stop::Corrupt(
                    frag_pos,
                    format!("invalid record size {length}"),
                ));
            }
            match self.read(length, &mut buf) {
                Ok(()) => {}
                Err(None) => return Err(Stop::Eof),
                Err(Some(at)) => {
                    return Err(Stop::Corrupt(
                        at,
                        format!("record fragment of {length} bytes: unexpected EOF"),
                    ))
                }
            }
            let got = crc32c::checksum(&buf);
            if got != crc {
                return Err(Stop::Corrupt(
                    frag_pos,
                    format!("unexpected checksum {got:x}, expected {crc:x}"),
                ));
            }
            validate_fragment(self.cur_type, i).map_err(|m| Stop::Corrupt(frag_pos, m))?;
            if i == 0 {
                self.rec_start = frag_pos;
            }
            rec.extend_from_slice(&buf);
            if self.cur_type == REC_LAST || self.cur_type == REC_FULL {
                return decompress(hdr0, rec).map_err(|m| Stop::Corrupt(self.rec_start, m));
            }
            i += 1;
        }
    }
}

/// Fragments must come as `full` or `first middle* last` (Prometheus's `validateRecord`).
fn validate_fragment(typ: u8, i: usize) -> std::result::Result<(), String> {
    match typ {
        REC_FULL if i != 0 => Err("unexpected full record".into()),
        REC_FIRST if i != 0 => Err("unexpected first record, dropping buffer".into()),
        REC_MIDDLE if i == 0 => Err("unexpected middle record, dropping buffer".into()),
        REC_LAST if i == 0 => Err("unexpected last record, dropping buffer".into()),
        REC_FULL | REC_FIRST | REC_MIDDLE | REC_LAST => Ok(()),
        other => Err(format!("unexpected record type {other}")),
    }
}

/// The record's bytes, decompressed as its last fragment's header says.
fn decompress(hdr: u8, rec: Vec<u8>) -> std::result::Result<Vec<u8>, String> {
    if hdr & SNAPPY_MASK != 0 {
        let len = snap::raw::decompress_len(&rec).map_err(|e| format!("snappy: {e}"))?;
        // A snappy element expands at most ~21 times; a larger claimed length is corrupt, and
        // refusing it keeps a flipped bit from allocating gigabytes.
        if len > rec.len().saturating_mul(32).saturating_add(64) {
            return Err(format!(
                "snappy: record of {} bytes claims {len} bytes decompressed",
                rec.len()
            ));
        }
        return snap::raw::Decoder::new()
            .decompress_vec(&rec)
            .map_err(|e| format!("snappy: {e}"));
    }
    if hdr & ZSTD_MASK != 0 {
        return Err(
            "zstd-compressed WAL records are not supported (Prometheus's \
                    --storage.tsdb.wal-compression-type=zstd); only snappy is"
                .into(),
        );
    }
    Ok(rec)
}

/// The numbered segment files of `dir` (`00000000`, ...), in order. Like Prometheus, a gap in
/// the numbering is an error.
pub fn list_segments(dir: &Path) -> Result<Vec<(u64, PathBuf)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, &e))? {
        let entry = entry.map_err(|e| Error::io(dir, &e))?;
        let name = entry.file_name();
        let Some(n) = parse_index(&name.to_string_lossy()) else {
            continue;
        };
        if entry.path().is_dir() {
            continue;
        }
        out.push((n, entry.path()));
    }
    out.sort();
    for w in out.windows(2) {
        if let [(a, pa), (b, pb)] = w {
            if a.checked_add(1) != Some(*b) {
                return Err(Error::new(
                    dir,
                    None,
                    format!(
                        "segments are not sequential: {} is followed by {}",
                        pa.display(),
                        pb.display()
                    ),
                ));
            }
        }
    }
    Ok(out)
}

/// The newest checkpoint directory of `wal_dir` (`checkpoint.NNNNNNNN`) and its number.
/// Unfinished ones (`checkpoint.N.tmp`) are skipped; a file with the prefix is an error, as
/// in Prometheus.
pub fn last_checkpoint(wal_dir: &Path) -> Result<Option<(u64, PathBuf)>> {
    let mut best: Option<(u64, PathBuf)> = None;
    for entry in std::fs::read_dir(wal_dir).map_err(|e| Error::io(wal_dir, &e))? {
        let entry = entry.map_err(|e| Error::io(wal_dir, &e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix("checkpoint.") else {
            continue;
        };
        let path = entry.path();
        if !path.is_dir() {
            return Err(Error::new(&path, None, "checkpoint is not a directory"));
        }
        let Some(n) = parse_index(rest) else {
            continue;
        };
        if best.as_ref().is_none_or(|(b, _)| n > *b) {
            best = Some((n, path));
        }
    }
    Ok(best)
}

fn parse_index(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds segments by hand, the way Prometheus's writer lays out records.
    pub(crate) struct Writer {
        pub data: Vec<u8>,
    }

    impl Writer {
        pub fn new() -> Writer {
            Writer { data: Vec::new() }
        }

        fn page_left(&self) -> usize {
            PAGE_SIZE - self.data.len() % PAGE_SIZE
        }

        fn pad_page(&mut self) {
            let left = self.page_left();
            if left != PAGE_SIZE {
                self.data.resize(self.data.len() + left, 0);
            }
        }

        fn fragment(&mut self, typ: u8, body: &[u8]) {
            self.data.push(typ);
            self.data
                .extend_from_slice(&(body.len() as u16).to_be_bytes());
            self.data
                .extend_from_slice(&crc32c::checksum(body).to_be_bytes());
            self.data.extend_from_slice(body);
        }

        /// Logs a record, splitting it over pages; `flags` is 0 or the snappy bit.
        pub fn log(&mut self, rec: &[u8], flags: u8) {
            let mut rest = rec;
            let mut first = true;
            loop {
                if self.page_left() < HEADER_SIZE {
                    self.pad_page();
                }
                let room = self.page_left() - HEADER_SIZE;
                let n = room.min(rest.len());
                let last = n == rest.len();
                let typ = match (first, last) {
                    (true, true) => REC_FULL,
                    (true, false) => REC_FIRST,
                    (false, false) => REC_MIDDLE,
                    (false, true) => REC_LAST,
                };
                self.fragment(typ | flags, &rest[..n]);
                rest = &rest[n..];
                first = false;
                if last {
                    return;
                }
            }
        }
    }

    fn seg(data: Vec<u8>) -> Segment {
        Segment {
            path: PathBuf::from("wal/00000007"),
            data,
        }
    }

    fn read_all(segs: &[Segment]) -> (Vec<Record>, Option<Error>) {
        let mut r = Reader::new(segs);
        let mut out = Vec::new();
        loop {
            match r.next_record() {
                Ok(Some(rec)) => out.push(rec),
                Ok(None) => return (out, None),
                Err(e) => return (out, Some(e)),
            }
        }
    }

    fn payload(n: usize, seed: u8) -> Vec<u8> {
        (0..n)
            .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
            .collect()
    }

    #[test]
    fn records_spanning_pages_and_padding() {
        let mut w = Writer::new();
        let small = payload(100, 1);
        let big = payload(3 * PAGE_SIZE + 500, 2);
        w.log(&small, 0);
        w.log(&big, 0);
        // Leave fewer than HEADER_SIZE bytes in the page: the writer pads it.
        let fill = w.page_left() - HEADER_SIZE - 3;
        let filler = payload(fill, 3);
        w.log(&filler, 0);
        assert_eq!(w.page_left(), 3);
        w.log(&small, 0);
        let (recs, err) = read_all(&[seg(w.data.clone())]);
        assert!(err.is_none(), "{err:?}");
        let datas: Vec<&[u8]> = recs.iter().map(|r| r.data.as_slice()).collect();
        assert_eq!(datas, vec![&small[..], &big[..], &filler[..], &small[..]]);
        assert_eq!(recs[0].offset, 0);
        assert_eq!(recs[1].offset, 107);
        // The last record starts on a fresh page after the padding.
        assert_eq!(recs[3].offset % PAGE_SIZE as u64, 0);
    }

    #[test]
    fn short_last_page_and_empty_segment() {
        let mut w = Writer::new();
        w.log(b"abc", 0);
        assert_eq!(w.data.len(), 10);
        let (recs, err) = read_all(&[seg(w.data)]);
        assert!(err.is_none());
        assert_eq!(recs.len(), 1);
        let (recs, err) = read_all(&[seg(Vec::new())]);
        assert!(recs.is_empty() && err.is_none());
    }

    #[test]
    fn a_checkpoints_segments_are_one_stream() {
        let mut a = Writer::new();
        a.log(b"one", 0);
        let mut b = Writer::new();
        b.log(b"two", 0);
        let segs = [seg(a.data), seg(b.data)];
        let (recs, err) = read_all(&segs);
        assert!(err.is_none());
        assert_eq!(recs.len(), 2);
        assert_eq!((recs[1].segment, recs[1].offset), (1, 0));
    }

    #[test]
    fn truncated_segment_is_a_torn_record() {
        let mut w = Writer::new();
        w.log(b"ok", 0);
        w.log(&payload(PAGE_SIZE + 10, 4), 0);
        // Cut the file at the page boundary: the first fragment is there, the last is not.
        let cut = w.data[..PAGE_SIZE].to_vec();
        let (recs, err) = read_all(&[seg(cut)]);
        assert_eq!(recs.len(), 1);
        let e = err.expect("torn");
        assert_eq!(
            e.to_string(),
            "wal/00000007: at offset 9: last record is torn"
        );
        // Cut inside a fragment: the zero padding fails the checksum.
        let cut = w.data[..PAGE_SIZE + 20].to_vec();
        let (recs, err) = read_all(&[seg(cut)]);
        assert_eq!(recs.len(), 1);
        let e = err.expect("bad crc");
        assert_eq!(e.offset, Some(PAGE_SIZE as u64));
        assert!(e.message.starts_with("unexpected checksum"), "{e}");
        // Every cut gives records and at most one error, never a panic.
        for n in (0..w.data.len())
            .step_by(61)
            .chain(PAGE_SIZE - 8..PAGE_SIZE + 16)
        {
            let (recs, _) = read_all(&[seg(w.data[..n].to_vec())]);
            assert!(recs.len() <= 2);
        }
    }

    #[test]
    fn bad_crc_names_segment_and_offset() {
        let mut w = Writer::new();
        w.log(b"first", 0);
        w.log(b"second", 0);
        let mut b = w.data.clone();
        b[12 + 7 + 2] ^= 0x01;
        let (recs, err) = read_all(&[seg(b)]);
        assert_eq!(recs.len(), 1);
        let e = err.expect("crc");
        assert_eq!(e.path, PathBuf::from("wal/00000007"));
        assert_eq!(e.offset, Some(12));
        assert!(e.message.starts_with("unexpected checksum"), "{e}");
    }

    #[test]
    fn bad_framing() {
        // A middle fragment without a first one.
        let mut w = Writer::new();
        w.fragment(REC_MIDDLE, b"x");
        let (_, err) = read_all(&[seg(w.data)]);
        assert!(err
            .expect("err")
            .message
            .contains("unexpected middle record"));
        // Non-zero bytes in page padding.
        let mut w = Writer::new();
        w.log(b"x", 0);
        w.data.push(0);
        w.data.push(5);
        let (recs, err) = read_all(&[seg(w.data)]);
        assert_eq!(recs.len(), 1);
        let e = err.expect("err");
        assert_eq!(e.offset, Some(9));
        assert_eq!(e.message, "unexpected non-zero byte in padded page");
        // An impossible length.
        let data = vec![REC_FULL, 0xff, 0xff, 0, 0, 0, 0];
        let (_, err) = read_all(&[seg(data)]);
        assert_eq!(err.expect("err").message, "invalid record size 65535");
        // Unknown fragment type.
        let mut w = Writer::new();
        w.fragment(6, b"x");
        let (_, err) = read_all(&[seg(w.data)]);
        assert_eq!(err.expect("err").message, "unexpected record type 6");
    }

    #[test]
    fn compressed_records() {
        let plain = payload(5000, 9);
        let packed = snap::raw::Encoder::new()
            .compress_vec(&plain)
            .expect("compress");
        let mut w = Writer::new();
        w.log(&packed, SNAPPY_MASK);
        let mut big = payload(PAGE_SIZE * 2, 1);
        big.extend(std::iter::repeat_n(7u8, 10_000));
        let big_packed = snap::raw::Encoder::new()
            .compress_vec(&big)
            .expect("compress");
        w.log(&big_packed, SNAPPY_MASK);
        let (recs, err) = read_all(&[seg(w.data)]);
        assert!(err.is_none(), "{err:?}");
        assert_eq!(recs[0].data, plain);
        assert_eq!(recs[1].data, big);
        // Garbage that claims to be snappy.
        let mut w = Writer::new();
        w.log(&[0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2], SNAPPY_MASK);
        let (_, err) = read_all(&[seg(w.data)]);
        assert!(err.expect("err").message.starts_with("snappy:"));
        // zstd is refused clearly.
        let mut w = Writer::new();
        w.log(b"whatever", ZSTD_MASK);
        let (_, err) = read_all(&[seg(w.data)]);
        assert!(err.expect("err").message.contains("zstd"));
    }

    #[test]
    fn segment_and_checkpoint_listing() {
        let tmp = tempfile::tempdir().expect("tmp");
        let d = tmp.path();
        for n in ["00000003", "00000004", "00000005"] {
            std::fs::write(d.join(n), b"").expect("write");
        }
        std::fs::write(d.join("notes.txt"), b"").expect("write");
        std::fs::create_dir(d.join("checkpoint.00000002")).expect("mkdir");
        std::fs::create_dir(d.join("checkpoint.00000004.tmp")).expect("mkdir");
        std::fs::create_dir(d.join("checkpoint.00000001")).expect("mkdir");
        let segs = list_segments(d).expect("list");
        assert_eq!(segs.iter().map(|s| s.0).collect::<Vec<_>>(), vec![3, 4, 5]);
        let (n, p) = last_checkpoint(d).expect("ok").expect("some");
        assert_eq!(n, 2);
        assert!(p.ends_with("checkpoint.00000002"));
        std::fs::write(d.join("00000007"), b"").expect("write");
        let e = list_segments(d).expect_err("gap");
        assert!(e.message.contains("not sequential"), "{e}");
        std::fs::write(d.join("checkpoint.00000009"), b"").expect("write");
        assert!(last_checkpoint(d).is_err());
    }
}

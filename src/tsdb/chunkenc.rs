//! Chunk encodings: XOR-compressed floats (encoding 1) and native histograms (encodings 2 and
//! 3, decoded by [`super::histogram_chunk`]). The start-timestamp encodings of Prometheus 3.x
//! heads (4–6) are recognised and refused with a clear error. Formats:
//! shared/research/tsdb.md §4 (XOR) and §5 (histograms).
//!
//! Decoders read through [`BitReader`], a 64-bit buffer refilled eight bytes at a time; XOR
//! chunks take a faster path (`decode_xor_fast`) and fall back to the reader for anything
//! unusual. Truncated or corrupt data gives a [`Corrupt`] with the byte offset in the chunk's
//! data, never a panic.

use super::Corrupt;
use crate::model::histogram::FloatHistogram;
use crate::promql::engine::value::FPoint;

/// A chunk's encoding byte (Prometheus's `chunkenc.Encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Xor,
    Histogram,
    FloatHistogram,
    /// Prometheus 3.x: floats with optional start timestamps.
    Xor2,
    /// Prometheus 3.x: integer histograms with start timestamps.
    HistogramSt,
    /// Prometheus 3.x: float histograms with start timestamps.
    FloatHistogramSt,
    Other(u8),
}

impl Encoding {
    pub fn from_byte(b: u8) -> Encoding {
        match b {
            1 => Encoding::Xor,
            2 => Encoding::Histogram,
            3 => Encoding::FloatHistogram,
            4 => Encoding::Xor2,
            5 => Encoding::HistogramSt,
            6 => Encoding::FloatHistogramSt,
            other => Encoding::Other(other),
        }
    }

    /// Prometheus's name for the encoding (`Encoding.String`).
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Xor => "XOR",
            Encoding::Histogram => "histogram",
            Encoding::FloatHistogram => "floathistogram",
            Encoding::Xor2 => "XOR2",
            Encoding::HistogramSt => "histogramST",
            Encoding::FloatHistogramSt => "floathistogramST",
            Encoding::Other(_) => "<unknown>",
        }
    }
}

/// The samples of one chunk, as its encoding holds them.
#[derive(Debug, Clone, PartialEq)]
pub enum ChunkSamples {
    /// Encoding 1.
    Floats(Vec<FPoint>),
    /// Encodings 2 and 3, counts as floats; see [`super::histogram_chunk::decode`] for the
    /// counter reset hints.
    Histograms(Vec<(i64, FloatHistogram)>),
}

impl ChunkSamples {
    pub fn len(&self) -> usize {
        match self {
            ChunkSamples::Floats(v) => v.len(),
            ChunkSamples::Histograms(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Decodes a chunk of any supported encoding (1, 2 or 3).
pub fn decode_samples(enc: u8, data: &[u8]) -> Result<ChunkSamples, Corrupt> {
    match Encoding::from_byte(enc) {
        Encoding::Xor => {
            let mut out = Vec::new();
            decode_xor_into(data, &mut out)?;
            Ok(ChunkSamples::Floats(out))
        }
        Encoding::Histogram | Encoding::FloatHistogram => Ok(ChunkSamples::Histograms(
            super::histogram_chunk::decode(enc, data)?,
        )),
        _ => Err(unsupported(enc)),
    }
}

/// Decodes a float chunk's samples `(timestamp ms, value)`. Histogram chunks are an error
/// (read them with [`decode_samples`]).
pub fn decode(enc: u8, data: &[u8]) -> Result<Vec<(i64, f64)>, Corrupt> {
    match Encoding::from_byte(enc) {
        Encoding::Xor => decode_xor(data),
        e @ (Encoding::Histogram | Encoding::FloatHistogram) => Err(Corrupt::new(
            0,
            format!(
                "chunk holds native histograms (encoding {enc}, {}), not float samples",
                e.name()
            ),
        )),
        _ => Err(unsupported(enc)),
    }
}

/// The error for encodings this reader does not decode.
pub(crate) fn unsupported(enc: u8) -> Corrupt {
    match Encoding::from_byte(enc) {
        e @ (Encoding::Xor2 | Encoding::HistogramSt | Encoding::FloatHistogramSt) => {
            Corrupt::new(
                0,
                format!(
                    "chunk encoding {enc} ({}, written by Prometheus 3.x with start timestamps) is not supported",
                    e.name()
                ),
            )
        }
        _ => Corrupt::new(0, format!("unknown chunk encoding {enc}")),
    }
}

/// Reads bits MSB-first through a 64-bit buffer.
///
/// The next unread bit is the top bit of `buf`; `valid` bits are unread. Bits below them are
/// either zero or already the stream's following bits, so a refill can OR a whole 8-byte word
/// in without masking (ORing a bit with itself changes nothing).
pub(crate) struct BitReader<'a> {
    data: &'a [u8],
    /// Next byte of `data` to load into `buf`.
    pos: usize,
    buf: u64,
    valid: u32,
    /// What is being read, for error messages ("XOR chunk").
    what: &'static str,
}

impl<'a> BitReader<'a> {
    /// A reader of `data` from byte `start` on; error offsets count from the start of `data`.
    pub(crate) fn new(data: &'a [u8], start: usize, what: &'static str) -> BitReader<'a> {
        BitReader {
            data,
            pos: start.min(data.len()),
            buf: 0,
            valid: 0,
            what,
        }
    }

    /// Byte offset in `data` of the next unread bit.
    pub(crate) fn offset(&self) -> usize {
        (self.pos * 8 - self.valid as usize) / 8
    }

    /// Unread bits left.
    pub(crate) fn remaining_bits(&self) -> usize {
        self.valid as usize + (self.data.len() - self.pos) * 8
    }

    /// What is being read, e.g. "XOR chunk".
    pub(crate) fn what(&self) -> &'static str {
        self.what
    }

    /// A problem at the current position, named after what is read (`"{what} {msg}"`).
    #[cold]
    pub(crate) fn corrupt(&self, msg: &str) -> Corrupt {
        Corrupt::new(self.offset(), format!("{} {msg}", self.what))
    }

    #[cold]
    #[inline(never)]
    fn eof(&self) -> Corrupt {
        self.corrupt("ends early")
    }

    /// Tops the buffer up to at least 56 bits where the data allows. Callers call it with
    /// fewer than 57 bits buffered.
    #[inline(always)]
    fn refill(&mut self) {
        match self.data.get(self.pos..).and_then(|s| s.first_chunk::<8>()) {
            Some(w) => {
                // Masked shift: `valid` is below 57 here, the mask only rules out a panic.
                self.buf |= u64::from_be_bytes(*w) >> (self.valid & 63);
                let bytes = 63u32.saturating_sub(self.valid) >> 3;
                self.pos += bytes as usize;
                self.valid += bytes << 3;
            }
            None => self.refill_tail(),
        }
    }

    /// The last few bytes, one at a time.
    #[inline(never)]
    fn refill_tail(&mut self) {
        while self.valid <= 56 {
            let Some(&b) = self.data.get(self.pos) else {
                return;
            };
            self.buf |= u64::from(b) << (56 - self.valid);
            self.pos += 1;
            self.valid += 8;
        }
    }

    /// The next `n` (≤ 64) bits as an unsigned number.
    #[inline(always)]
    pub(crate) fn bits(&mut self, n: u32) -> Result<u64, Corrupt> {
        if !(1..=56).contains(&n) {
            return self.bits_wide(n);
        }
        if self.valid < n {
            self.refill();
            if self.valid < n {
                return Err(self.eof());
            }
        }
        let v = self.buf >> (64 - n);
        self.buf <<= n;
        self.valid -= n;
        Ok(v)
    }

    /// Reads of 0 or more than 56 bits, in two halves (a refill guarantees only 56).
    #[inline(never)]
    fn bits_wide(&mut self, n: u32) -> Result<u64, Corrupt> {
        if n == 0 {
            return Ok(0);
        }
        // Checked up front so a failed read reports where it started.
        if n > 64 || self.remaining_bits() < n as usize {
            return Err(self.eof());
        }
        let hi = self.bits(n - 32)?;
        let lo = self.bits(32)?;
        Ok(hi << 32 | lo)
    }

    #[inline(always)]
    pub(crate) fn bit(&mut self) -> Result<bool, Corrupt> {
        Ok(self.bits(1)? == 1)
    }

    /// Counts 1 bits up to the first 0 bit or up to `max` (≤ 8) of them, consuming the
    /// terminating 0: the prefix of Prometheus's variable-length codes.
    #[inline(always)]
    pub(crate) fn ones(&mut self, max: u32) -> Result<u32, Corrupt> {
        if self.valid < max {
            self.refill();
        }
        if self.valid >= max && max <= 8 {
            let k = (!self.buf).leading_zeros().min(max);
            let used = k + u32::from(k < max);
            self.buf <<= used;
            self.valid -= used;
            return Ok(k);
        }
        // At the very end of the data, where the code may end in the last bits.
        let mut k = 0;
        while k < max && self.bit()? {
            k += 1;
        }
        Ok(k)
    }

    /// A Go uvarint written as whole bytes, not necessarily byte-aligned.
    pub(crate) fn uvarint(&mut self) -> Result<u64, Corrupt> {
        let at = self.offset();
        let mut x = 0u64;
        for i in 0..10 {
            let c = self.bits(8)?;
            if i == 9 && c > 1 {
                return Err(Corrupt::new(at, "varint overflows 64 bits"));
            }
            x |= (c & 0x7f) << (7 * i);
            if c < 0x80 {
                return Ok(x);
            }
        }
        Err(Corrupt::new(at, "varint overflows 64 bits"))
    }
}

/// A two's complement `n`-bit number (1 ≤ n ≤ 63); like Go, `raw > 2^(n-1)` is negative, so the
/// pattern `100…0` means +2^(n-1).
#[inline(always)]
pub(crate) fn signed(raw: u64, n: u32) -> i64 {
    // Without a branch: the sign of a timestamp's delta-of-delta is as good as random.
    let negative = ((1u64 << (n - 1)).wrapping_sub(raw) >> 63) as i64;
    raw as i64 - (negative << n)
}

/// Applies one XOR-compressed value (Gorilla) to `bits`, the previous value's bits.
/// `(leading, trailing)` is the window of significant bits; it starts at `(0, 0)` as in
/// Prometheus's iterators, so reusing it before any was set reads all 64 bits.
#[inline(always)]
pub(crate) fn read_xor(
    r: &mut BitReader<'_>,
    bits: &mut u64,
    leading: &mut u32,
    trailing: &mut u32,
) -> Result<(), Corrupt> {
    match r.ones(2)? {
        0 => return Ok(()),
        1 => {}
        _ => {
            // 5 bits of leading zeros, 6 of significant bits (0 stands for 64).
            let lead = r.bits(5)? as u32;
            let sig = match r.bits(6)? as u32 {
                0 => 64,
                s => s,
            };
            *trailing = 64u32
                .checked_sub(lead + sig)
                .ok_or_else(|| r.corrupt("has an invalid value window"))?;
            *leading = lead;
        }
    }
    // A window always leaves 1 to 64 significant bits and fewer than 64 trailing zeros.
    let x = r.bits(64 - *leading - *trailing)?;
    *bits ^= x << (*trailing & 63);
    Ok(())
}

/// Decodes an XOR float chunk (Gorilla timestamps and values).
pub fn decode_xor(data: &[u8]) -> Result<Vec<(i64, f64)>, Corrupt> {
    let n = xor_len(data)?;
    if n <= max_samples(data) {
        let mut out = vec![(0, 0.0); n];
        if decode_xor_fast(data, &mut out, |t, v| (t, v)).is_some() {
            return Ok(out);
        }
    }
    let mut out = Vec::with_capacity(n.min(max_samples(data)));
    decode_xor_careful(data, |t, v| out.push((t, v)))?;
    Ok(out)
}

/// Decodes an XOR float chunk, appending its samples to `out`. On error `out` is left as it
/// was.
pub fn decode_xor_into(data: &[u8], out: &mut Vec<FPoint>) -> Result<(), Corrupt> {
    decode_xor_at(data, out, out.len()).map(|_| ())
}

/// Decodes an XOR float chunk into `out` from index `at` on (at most `out.len()`), growing
/// `out` as needed, and returns its sample count. Elements of `out` after the chunk's are
/// left as they were: a buffer reused from series to series is overwritten, not zero-filled
/// again first; its user truncates it to the samples written. On error `out` is truncated
/// to `at`.
pub fn decode_xor_at(data: &[u8], out: &mut Vec<FPoint>, at: usize) -> Result<usize, Corrupt> {
    let n = xor_len(data)?;
    let at = at.min(out.len());
    if n <= max_samples(data) {
        if out.len() < at + n {
            out.resize(at + n, FPoint { t: 0, f: 0.0 });
        }
        if let Some(slots) = out.get_mut(at..at + n) {
            if decode_xor_fast(data, slots, |t, f| FPoint { t, f }).is_some() {
                return Ok(n);
            }
        }
    }
    out.truncate(at);
    out.reserve(n.min(max_samples(data)));
    let res = decode_xor_careful(data, |t, f| out.push(FPoint { t, f }));
    if res.is_err() {
        out.truncate(at);
    }
    res.map(|()| out.len() - at)
}

/// The sample count in an XOR chunk's header.
fn xor_len(data: &[u8]) -> Result<usize, Corrupt> {
    match data.first_chunk::<2>() {
        Some(h) => Ok(usize::from(u16::from_be_bytes(*h))),
        None => Err(Corrupt::new(0, "XOR chunk shorter than its header")),
    }
}

/// The most samples `data` can hold (a sample takes at least 2 bits): a larger count in the
/// header is corrupt and must not size an allocation.
fn max_samples(data: &[u8]) -> usize {
    data.len() * 4
}

/// Bytes the fast decoder keeps in view for one sample. Its reads start at byte 15 at the
/// latest (the second half of a 64-bit value after a 64-bit delta of delta, at bit 120 of a
/// sample starting at bit 7 of its byte) and take 8 bytes. The fewer, the fewer samples at
/// the end of a chunk go the slower way of [`xor_tail`].
const WINDOW: usize = 24;

/// The state of the fast decoder between samples.
#[derive(Clone, Copy)]
struct XorState {
    /// Position of the next unread bit, counted from the start of the chunk.
    bit: usize,
    t: i64,
    delta: i64,
    vbits: u64,
    /// The value window of `sig` significant bits (1-64) as two shift counts: `64 - sig`
    /// (0-63) right-aligns bits taken from the top of a word, `trailing` then puts them in
    /// place. Two registers in the decoding loop rather than three for (leading, sig, mask).
    /// Both are `usize` so that the state has no padding, which a copy of it would carry
    /// through the loop in a register of its own.
    unsig: usize,
    trailing: usize,
    /// The sample kind (the 3 bits after the sample's start) that takes the shortest path:
    /// `010`, delta of delta 0 and the same window, when the window's bits fit in the read
    /// that holds the kind (54 bits or fewer); else 8, which no kind equals. One compare in
    /// the loop rather than two.
    short_kind: usize,
}

impl XorState {
    /// Whether the timestamp and delta leave room for the rest of the chunk: from within
    /// these bounds, 65,535 samples whose deltas of delta take at most 14 bits stay below
    /// 2^62, so the short paths add without overflow checks. Only wider deltas of delta
    /// ([`xor_any_sample`]) check again.
    #[inline(always)]
    fn in_range(&self) -> bool {
        self.t.unsigned_abs() < 1 << 61 && self.delta.unsigned_abs() < 1 << 44
    }

    #[inline(always)]
    fn sig(&self) -> u32 {
        64 - self.unsig as u32
    }

    /// Sets the value window; `None` if it does not fit in 64 bits.
    #[inline(always)]
    fn set_window(&mut self, lead: u32, sig: u32) -> Option<()> {
        self.trailing = 64usize.checked_sub((lead + sig) as usize)?;
        self.unsig = 64 - sig as usize;
        self.short_kind = if sig <= 54 { 2 } else { 8 };
        Some(())
    }

    /// Applies the window's significant bits, right-aligned in `x`, to the value.
    #[inline(always)]
    fn xor(&mut self, x: u64) {
        self.vbits ^= x << self.trailing;
    }

    /// Applies the window's significant bits, the top bits of `x`, to the value.
    #[inline(always)]
    fn xor_top(&mut self, x: u64) {
        self.xor(x >> self.unsig);
    }
}

/// The common case of [`decode_xor`]: writes all `out.len()` samples (the header's count) or
/// returns `None` for anything unusual, corrupt or truncated data included, which
/// [`decode_xor_careful`] then decodes (or reports) exactly.
///
/// Faster than going through [`BitReader`] because the state stays in registers and bits are
/// read by position: each read loads 8 bytes at `bit / 8` from a window of the chunk and
/// shifts, so no buffer state is carried from one read to the next. The last bytes are read
/// by [`xor_tail`].
#[inline(never)]
fn decode_xor_fast<T>(data: &[u8], out: &mut [T], make: impl Fn(i64, f64) -> T) -> Option<()> {
    // An empty chunk is its two header bytes.
    let Some(first) = out.first_mut() else {
        return Some(());
    };
    let mut head = super::Decbuf::new(data, 2);
    let t = super::zigzag(head.uvarint().ok()?);
    let vbits = head.be64().ok()?;
    *first = make(t, f64::from_bits(vbits));
    if out.len() == 1 {
        return Some(());
    }
    let delta = i64::try_from(head.uvarint().ok()?).ok()?;
    let mut s = XorState {
        bit: head.pos * 8,
        t: t.checked_add(delta)?,
        delta,
        vbits,
        unsig: 0,
        trailing: 0,
        short_kind: 8,
    };
    if !s.in_range() {
        return None;
    }
    // The second value, as any other after a zero delta of delta; from a zero-padded copy if
    // the chunk ends within a window.
    let rest = data.get(head.pos..)?;
    let used = match rest.first_chunk::<WINDOW>() {
        Some(win) => xor_value(win, 0, &mut s)?,
        None => {
            let mut win = [0u8; WINDOW];
            win.get_mut(..rest.len())?.copy_from_slice(rest);
            xor_value(&win, 0, &mut s)?
        }
    };
    if used > rest.len() * 8 {
        return None;
    }
    s.bit += used;
    *out.get_mut(1)? = make(s.t, f64::from_bits(s.vbits));

    let slots = out.get_mut(2..)?;
    let done = xor_run(data, &mut s, slots, &make)?;
    xor_tail(data, s, slots.get_mut(done..)?, &make)
}

/// The samples of [`decode_xor_fast`] whose window fits in `data`: advances `state` past
/// them and returns how many it wrote.
///
/// Out of line, and on a local copy of the state, so that only the loop's own values are
/// live in it: with the caller's around as well, the timestamp was kept in memory.
#[inline(never)]
fn xor_run<T>(
    data: &[u8],
    state: &mut XorState,
    slots: &mut [T],
    make: &impl Fn(i64, f64) -> T,
) -> Option<usize> {
    let Some(last) = data.len().checked_sub(WINDOW) else {
        return Some(0);
    };
    let mut s = *state;
    let total = slots.len();
    let mut rest = slots.iter_mut();
    loop {
        let q = s.bit / 8;
        if q > last {
            break;
        }
        let Some(slot) = rest.next() else {
            break;
        };
        let win = data
            .get(q..q + WINDOW)
            .and_then(|w| <&[u8; WINDOW]>::try_from(w).ok())?;
        xor_sample(win, &mut s)?;
        *slot = make(s.t, f64::from_bits(s.vbits));
    }
    *state = s;
    Some(total - rest.into_slice().len())
}

/// The samples of [`decode_xor_fast`] that start in the last `WINDOW` bytes of `data`, read
/// from a zero-padded copy of them. Windows start at positions masked below 64 so that they
/// stay inside without bounds checks; reading past the end of `data` means the chunk is
/// truncated (or corrupt), which the position at the end shows.
#[inline(always)]
fn xor_tail<T>(
    data: &[u8],
    mut s: XorState,
    slots: &mut [T],
    make: &impl Fn(i64, f64) -> T,
) -> Option<()> {
    if slots.is_empty() {
        return (s.bit <= data.len() * 8).then_some(());
    }
    let rest = data.get(s.bit / 8..)?;
    let mut pad = [0u8; 64 + WINDOW];
    pad.get_mut(..rest.len())?.copy_from_slice(rest);
    s.bit %= 8;
    for slot in slots {
        let q = (s.bit / 8) & 63;
        let win = pad
            .get(q..q + WINDOW)
            .and_then(|w| <&[u8; WINDOW]>::try_from(w).ok())?;
        xor_sample(win, &mut s)?;
        *slot = make(s.t, f64::from_bits(s.vbits));
    }
    (s.bit <= rest.len() * 8).then_some(())
}

/// 8 bytes of `win` from `at` (at most 15), big-endian; `at` is masked to stay inside.
#[inline(always)]
fn window_u64(win: &[u8; WINDOW], at: usize) -> u64 {
    win.get(at & 15..)
        .and_then(|w| w.first_chunk::<8>())
        .map_or(0, |w| u64::from_be_bytes(*w))
}

/// `n` (1-64) bits from bit `at` (at most 88) of `win`, right-aligned.
#[inline(always)]
fn window_bits(win: &[u8; WINDOW], at: usize, n: u32) -> u64 {
    let peek = |b: usize| window_u64(win, b >> 3) << (b & 7);
    if n <= 57 {
        peek(at) >> (64 - n)
    } else {
        ((peek(at) >> 32) << 32 | peek(at + 32) >> 32) >> (64 - n)
    }
}

/// One sample from the third on; `win` holds the bytes from `s.bit / 8` on.
///
/// Regular scrapes (delta of delta 0) whose value fits in one read take the short paths;
/// wider values and deltas of delta of 14 bits (scrape jitter) go through [`xor_value`], the
/// rest through [`xor_any_sample`]. Branches follow the data: a predicted branch lets the next
/// sample's position be known before this sample's bits arrive.
#[inline(always)]
fn xor_sample(win: &[u8; WINDOW], s: &mut XorState) -> Option<()> {
    let r = s.bit & 7;
    let w = window_u64(win, 0) << r;
    // Delta of delta `0`, then `10` (same window), `0` (same value) or `11` (new window: 5
    // bits of leading zeros, 6 of significant bits).
    let kind = (w >> 61) as usize;
    if kind == s.short_kind {
        s.xor_top(w << 3);
        s.bit += 67 - s.unsig;
    } else if kind < 2 {
        s.bit += 2;
    } else if kind == 3 && ((w >> 50) & 63).wrapping_sub(1) < 54 {
        let sig = ((w >> 50) & 63) as u32;
        s.set_window(((w >> 56) & 31) as u32, sig)?;
        let at = r + 14;
        s.xor_top(window_u64(win, at >> 3) << (at & 7));
        s.bit += 14 + sig as usize;
    } else if w >> 63 == 0 {
        // Delta of delta `0` and a value with a window of more than 54 bits.
        s.bit += 1 + xor_value(win, r + 1, s)?;
    } else if w >> 62 == 2 {
        // Delta of delta `10` and 14 bits (scrape jitter), then any value.
        let at = r + 16;
        s.bit += 16 + xor_value(win, at, s)?;
        s.delta = s.delta.wrapping_add(signed((w << 2) >> 50, 14));
    } else {
        *s = xor_any_sample(win, *s)?;
        return Some(());
    }
    s.t = s.t.wrapping_add(s.delta);
    Some(())
}

/// Any sample from the third on; `win` holds the bytes from `s.bit / 8` on.
///
/// Out of line and by value: inlined, it took registers the short paths need, and its state
/// would stay in memory if passed by reference.
#[inline(never)]
fn xor_any_sample(win: &[u8; WINDOW], mut s: XorState) -> Option<XorState> {
    let mut at = s.bit & 7;
    let w = window_u64(win, 0) << at;
    // Delta of delta: `0`, or 1-4 ones then 14, 17, 20 or 64 bits.
    let k = (!w).leading_zeros().min(4);
    let dod = match k {
        0 => 0,
        4 => window_bits(win, at + 4, 64) as i64,
        _ => {
            let width = 11 + 3 * k;
            signed((w << (k + 1)) >> (64 - width), width)
        }
    };
    at += [1, 16, 20, 24, 68][k as usize];
    s.delta = s.delta.checked_add(dod)?;
    s.t = s.t.checked_add(s.delta)?;
    at += xor_value(win, at, &mut s)?;
    s.bit = (s.bit & !7) + at;
    s.in_range().then_some(s)
}

/// A value at bit `at` of `win` (after its sample's delta of delta): `0` unchanged, `10` same
/// window, `11` new window (6 significant bits with 0 standing for 64). Returns the bits it
/// took.
#[inline(always)]
fn xor_value(win: &[u8; WINDOW], at: usize, s: &mut XorState) -> Option<usize> {
    let v = window_u64(win, at >> 3) << (at & 7);
    if v >> 63 == 0 {
        return Some(1);
    }
    let mut skip = 2;
    if v >> 62 == 3 {
        let sig = (((v >> 51) as u32).wrapping_sub(1) & 63) + 1;
        s.set_window(((v >> 57) & 31) as u32, sig)?;
        skip = 13;
    }
    s.xor(window_bits(win, at + skip, s.sig()));
    Some(skip + s.sig() as usize)
}

/// The decoder behind [`decode_xor`] and [`decode_xor_into`] for what the fast one declines,
/// through [`BitReader`], handing each sample to `push`: exact errors for corrupt chunks.
fn decode_xor_careful(data: &[u8], mut push: impl FnMut(i64, f64)) -> Result<(), Corrupt> {
    let n = xor_len(data)?;
    if n == 0 {
        return Ok(());
    }
    let mut r = BitReader::new(data, 2, "XOR chunk");
    let overflow = |r: &BitReader<'_>| r.corrupt("timestamp overflows");

    let mut t = super::zigzag(r.uvarint()?);
    let mut vbits = r.bits(64)?;
    push(t, f64::from_bits(vbits));
    if n == 1 {
        return Ok(());
    }

    let mut delta = i64::try_from(r.uvarint()?).map_err(|_| overflow(&r))?;
    t = t.checked_add(delta).ok_or_else(|| overflow(&r))?;
    let (mut leading, mut trailing) = (0u32, 0u32);
    read_xor(&mut r, &mut vbits, &mut leading, &mut trailing)?;
    push(t, f64::from_bits(vbits));

    for _ in 2..n {
        // Delta of delta: 0, or a prefix of 1s selecting the payload width.
        let dod = match r.ones(4)? {
            0 => 0,
            1 => signed(r.bits(14)?, 14),
            2 => signed(r.bits(17)?, 17),
            3 => signed(r.bits(20)?, 20),
            _ => r.bits(64)? as i64,
        };
        delta = delta.checked_add(dod).ok_or_else(|| overflow(&r))?;
        t = t.checked_add(delta).ok_or_else(|| overflow(&r))?;
        read_xor(&mut r, &mut vbits, &mut leading, &mut trailing)?;
        push(t, f64::from_bits(vbits));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::testenc::{encode_xor, BitWriter, Rng};
    use super::*;

    /// The decoder as it was before the buffered reader: one bit at a time. Kept as the
    /// reference the fast one must agree with, results and errors alike.
    fn reference_decode(data: &[u8]) -> Result<Vec<(i64, f64)>, Corrupt> {
        struct R<'a> {
            b: &'a [u8],
            bit: usize,
        }
        impl R<'_> {
            fn err(&self) -> Corrupt {
                Corrupt::new(self.bit / 8, "XOR chunk ends early")
            }
            fn bit(&mut self) -> Result<bool, Corrupt> {
                let byte = *self.b.get(self.bit / 8).ok_or_else(|| self.err())?;
                let v = (byte >> (7 - (self.bit % 8))) & 1 == 1;
                self.bit += 1;
                Ok(v)
            }
            fn bits(&mut self, n: u32) -> Result<u64, Corrupt> {
                if self.bit + n as usize > self.b.len() * 8 {
                    return Err(self.err());
                }
                let mut v = 0u64;
                for _ in 0..n {
                    v = (v << 1) | u64::from(self.bit()?);
                }
                Ok(v)
            }
            fn uvarint(&mut self) -> Result<u64, Corrupt> {
                let at = self.bit / 8;
                let mut x = 0u64;
                for i in 0..10 {
                    let c = self.bits(8)?;
                    if i == 9 && c > 1 {
                        return Err(Corrupt::new(at, "varint overflows 64 bits"));
                    }
                    x |= (c & 0x7f) << (7 * i);
                    if c < 0x80 {
                        return Ok(x);
                    }
                }
                Err(Corrupt::new(at, "varint overflows 64 bits"))
            }
        }
        if data.len() < 2 {
            return Err(Corrupt::new(0, "XOR chunk shorter than its header"));
        }
        let n = u16::from_be_bytes([data[0], data[1]]) as usize;
        let mut r = R { b: data, bit: 16 };
        let mut out = Vec::new();
        let (mut t, mut delta, mut vbits) = (0i64, 0i64, 0u64);
        let (mut leading, mut trailing) = (0u32, 0u32);
        let overflow = |r: &R<'_>| Corrupt::new(r.bit / 8, "XOR chunk timestamp overflows");
        for i in 0..n {
            if i == 0 {
                t = crate::tsdb::zigzag(r.uvarint()?);
                vbits = r.bits(64)?;
                out.push((t, f64::from_bits(vbits)));
                continue;
            }
            if i == 1 {
                delta = i64::try_from(r.uvarint()?).map_err(|_| overflow(&r))?;
            } else {
                let dod = if !r.bit()? {
                    0
                } else if !r.bit()? {
                    signed(r.bits(14)?, 14)
                } else if !r.bit()? {
                    signed(r.bits(17)?, 17)
                } else if !r.bit()? {
                    signed(r.bits(20)?, 20)
                } else {
                    r.bits(64)? as i64
                };
                delta = delta.checked_add(dod).ok_or_else(|| overflow(&r))?;
            }
            t = t.checked_add(delta).ok_or_else(|| overflow(&r))?;
            if r.bit()? {
                if r.bit()? {
                    leading = r.bits(5)? as u32;
                    let mut sig = r.bits(6)? as u32;
                    if sig == 0 {
                        sig = 64;
                    }
                    trailing = 64u32.checked_sub(leading + sig).ok_or_else(|| {
                        Corrupt::new(r.bit / 8, "XOR chunk has an invalid value window")
                    })?;
                }
                let x = r.bits(64 - leading - trailing)?;
                vbits ^= x << trailing;
            }
            out.push((t, f64::from_bits(vbits)));
        }
        Ok(out)
    }

    /// Equal results with floats compared by bits (NaN payloads included).
    fn same(a: &Result<Vec<(i64, f64)>, Corrupt>, b: &Result<Vec<(i64, f64)>, Corrupt>) -> bool {
        match (a, b) {
            (Ok(a), Ok(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|(x, y)| x.0 == y.0 && x.1.to_bits() == y.1.to_bits())
            }
            (Err(a), Err(b)) => a == b,
            _ => false,
        }
    }

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// The chunk of the conformance block `tiny_ts` (research/tsdb.md §4).
    fn tiny_ts_chunk() -> Vec<u8> {
        hex("0007d8040000000000000000bc05c457ff7a8d84bfff07cbb01c2a36b0b85ddda0edff760580")
    }

    /// Every XOR chunk in the segment files of the fixture blocks.
    fn fixture_chunks() -> Vec<Vec<u8>> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tsdb/blocks");
        let mut files = Vec::new();
        for set in std::fs::read_dir(&root).unwrap() {
            for block in std::fs::read_dir(set.unwrap().path()).unwrap() {
                files.push(block.unwrap().path().join("chunks/000001"));
            }
        }
        files.sort();
        let mut out = Vec::new();
        for f in files {
            let b = std::fs::read(&f).unwrap();
            let mut d = crate::tsdb::Decbuf::new(&b, 8);
            while d.remaining() > 0 {
                let len = d.uvarint_usize().unwrap();
                let enc = d.u8().unwrap();
                let data = d.bytes(len).unwrap();
                d.be32().unwrap();
                if enc == 1 {
                    out.push(data.to_vec());
                }
            }
        }
        out
    }

    #[test]
    fn hand_built_chunk_with_every_dod_bucket() {
        let ts = [
            1000i64,
            1060,
            1120,
            1121,
            9000,
            80_000,
            600_000,
            100_000_000_000,
            99,
        ];
        let vs = [
            1.0f64,
            1.0,
            2.5,
            -0.0,
            f64::NAN,
            f64::INFINITY,
            5e-324,
            1e308,
            0.0,
        ];
        let mut w = BitWriter::default();
        w.bits(ts.len() as u64, 16);
        w.uvarint(((ts[0] << 1) ^ (ts[0] >> 63)) as u64);
        w.bits(vs[0].to_bits(), 64);
        let (mut prev_delta, mut prev_v) = (0i64, vs[0].to_bits());
        for i in 1..ts.len() {
            let delta = ts[i] - ts[i - 1];
            if i == 1 {
                w.uvarint(delta as u64);
            } else {
                let dod = delta - prev_delta;
                match dod {
                    0 => w.bits(0, 1),
                    -8191..=8192 => {
                        w.bits(0b10, 2);
                        w.bits(dod as u64 & 0x3fff, 14);
                    }
                    -65535..=65536 => {
                        w.bits(0b110, 3);
                        w.bits(dod as u64 & 0x1ffff, 17);
                    }
                    -524287..=524288 => {
                        w.bits(0b1110, 4);
                        w.bits(dod as u64 & 0xfffff, 20);
                    }
                    _ => {
                        w.bits(0b1111, 4);
                        w.bits(dod as u64, 64);
                    }
                }
            }
            prev_delta = delta;
            // Values: always a fresh window (simplest valid encoding).
            let x = vs[i].to_bits() ^ prev_v;
            if x == 0 {
                w.bits(0, 1);
            } else {
                let lead = x.leading_zeros().min(31);
                let trail = x.trailing_zeros();
                let sig = 64 - lead - trail;
                w.bits(0b11, 2);
                w.bits(u64::from(lead), 5);
                w.bits(u64::from(sig % 64), 6);
                w.bits(x >> trail, sig);
            }
            prev_v = vs[i].to_bits();
        }
        let got = decode_xor(&w.b).unwrap();
        assert_eq!(got.len(), ts.len());
        for (i, (t, v)) in got.iter().enumerate() {
            assert_eq!(*t, ts[i]);
            assert_eq!(v.to_bits(), vs[i].to_bits(), "sample {i}");
        }
        assert!(same(&Ok(got), &reference_decode(&w.b)));
    }

    #[test]
    fn dod_sign_convention() {
        assert_eq!(signed(0x2000, 14), 8192);
        assert_eq!(signed(0x2001, 14), -8191);
        assert_eq!(signed(0x3fff, 14), -1);
    }

    #[test]
    fn tiny_ts_example() {
        let got = decode_xor(&tiny_ts_chunk()).unwrap();
        let ts: Vec<i64> = got.iter().map(|s| s.0).collect();
        assert_eq!(ts, [300, 1000, 1002, 2001, 4350, 8200, 9999]);
        let vs: Vec<f64> = got.iter().map(|s| s.1).collect();
        assert_eq!(&vs[..4], [0.0, 1.0, 2.0, 3.0]);
    }

    #[test]
    fn truncated_chunks_are_errors() {
        let good = tiny_ts_chunk();
        for n in 0..good.len() - 1 {
            assert!(decode_xor(&good[..n]).is_err(), "prefix of {n} bytes");
        }
        // More samples claimed than present.
        let mut b = good.clone();
        b[1] = 200;
        assert_eq!(decode_xor(&b).unwrap_err().message, "XOR chunk ends early");
    }

    #[test]
    fn agrees_with_the_bitwise_reader_on_random_chunks() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for round in 0..2000 {
            let n = rng.below(200) as usize;
            let mut t = (rng.next() >> 20) as i64 - (1 << 43);
            let mut v = 0.0f64;
            let mut samples = Vec::with_capacity(n);
            for _ in 0..n {
                // Mostly regular steps, sometimes jitter or a big jump, so that every
                // delta-of-delta width and every value case turns up.
                t = t.wrapping_add(match rng.below(10) {
                    0 => (rng.next() >> (rng.below(40) + 24)) as i64,
                    1..=3 => 15_000 + rng.below(2000) as i64 - 1000,
                    _ => 15_000,
                });
                v = match (round % 5, rng.below(8)) {
                    (_, 0) => v,
                    (_, 1) => f64::from_bits(crate::promql::series::STALE_NAN_BITS),
                    (0, _) => f64::from_bits(rng.next()),
                    (1, _) => v + rng.below(50) as f64,
                    (2, _) => ((v + rng.unit() - 0.5) * 100.0).round() / 100.0,
                    (3, _) => rng.unit() * 1e-300,
                    _ => -(rng.below(3) as f64),
                };
                samples.push((t, v));
            }
            let chunk = encode_xor(&samples);
            // The fast path takes every valid chunk; the careful one agrees with it.
            let mut fast = vec![(0, 0.0); n];
            assert!(decode_xor_fast(&chunk, &mut fast, |t, v| (t, v)).is_some());
            let mut careful = Vec::new();
            decode_xor_careful(&chunk, |t, v| careful.push((t, v))).unwrap();
            assert!(same(&Ok(fast), &Ok(careful)), "round {round}");
            let got = decode_xor(&chunk);
            assert!(same(&got, &Ok(samples.clone())), "round {round}: {got:?}");
            assert!(same(&got, &reference_decode(&chunk)), "round {round}");
            let mut into = vec![FPoint { t: 1, f: 2.0 }];
            decode_xor_into(&chunk, &mut into).unwrap();
            assert_eq!(into.len(), n + 1);
            assert!(into[1..]
                .iter()
                .zip(&samples)
                .all(|(p, s)| p.t == s.0 && p.f.to_bits() == s.1.to_bits()));
        }
    }

    /// `decode_xor_at` overwrites a reused buffer from its index on, grows it when short,
    /// leaves what follows the chunk's samples, and truncates to its index on an error.
    #[test]
    fn decode_at_overwrites_in_place() {
        let chunks = fixture_chunks();
        let long = chunks.iter().max_by_key(|c| xor_len(c).unwrap()).unwrap();
        let short = chunks.iter().min_by_key(|c| xor_len(c).unwrap()).unwrap();
        let (n_long, n_short) = (xor_len(long).unwrap(), xor_len(short).unwrap());
        assert!(n_short < n_long, "{n_short} {n_long}");
        let as_points = |c: &[u8]| -> Vec<(i64, u64)> {
            decode_xor(c)
                .unwrap()
                .into_iter()
                .map(|(t, v)| (t, v.to_bits()))
                .collect()
        };
        let points =
            |s: &[FPoint]| -> Vec<(i64, u64)> { s.iter().map(|p| (p.t, p.f.to_bits())).collect() };
        let mut buf = Vec::new();
        assert_eq!(decode_xor_at(long, &mut buf, 0).unwrap(), n_long);
        assert_eq!(points(&buf), as_points(long));
        // Over the start of the long chunk's samples: the rest stays.
        assert_eq!(decode_xor_at(short, &mut buf, 1).unwrap(), n_short);
        assert_eq!(buf.len(), n_long);
        assert_eq!(points(&buf[1..=n_short]), as_points(short));
        assert_eq!(points(&buf[n_short + 1..]), as_points(long)[n_short + 1..]);
        // An index past the end means the end; the buffer grows.
        assert_eq!(decode_xor_at(short, &mut buf, n_long + 7).unwrap(), n_short);
        assert_eq!(points(&buf[n_long..]), as_points(short));
        // A corrupt chunk leaves the samples before the index only.
        assert!(decode_xor_at(&long[..long.len() / 2], &mut buf, 3).is_err());
        assert_eq!(buf.len(), 3);
    }

    #[test]
    fn every_truncation_and_bit_flip_of_real_chunks() {
        let chunks = fixture_chunks();
        assert!(chunks.len() > 20, "{}", chunks.len());
        // A spread of the chunks: each truncation costs a decode, slow in debug builds.
        for chunk in chunks.iter().step_by(chunks.len() / 12) {
            assert!(decode_xor(chunk).is_ok());
            for n in 0..chunk.len() {
                let cut = &chunk[..n];
                assert!(
                    same(&decode_xor(cut), &reference_decode(cut)),
                    "prefix {n}: {:?} {:?}",
                    decode_xor(cut),
                    reference_decode(cut)
                );
                assert!(
                    decode_xor(cut).is_err() || n + 1 >= chunk.len(),
                    "prefix {n} of {}",
                    chunk.len()
                );
            }
        }
        // Every single-bit flip of some of the smaller chunks.
        let small: Vec<&Vec<u8>> = chunks.iter().filter(|c| c.len() <= 300).collect();
        assert!(small.len() >= 6);
        for chunk in small.iter().step_by(small.len() / 6) {
            let mut b = chunk.to_vec();
            for bit in 0..b.len() * 8 {
                b[bit / 8] ^= 0x80 >> (bit % 8);
                assert!(same(&decode_xor(&b), &reference_decode(&b)), "bit {bit}");
                let mut into = vec![FPoint { t: 0, f: 0.0 }];
                if decode_xor_into(&b, &mut into).is_err() {
                    assert_eq!(into.len(), 1);
                }
                b[bit / 8] ^= 0x80 >> (bit % 8);
            }
        }
    }

    #[test]
    fn all_fixture_chunks_agree_with_the_bitwise_reader() {
        for chunk in fixture_chunks() {
            let mut fast = vec![(0, 0.0); xor_len(&chunk).unwrap()];
            assert!(decode_xor_fast(&chunk, &mut fast, |t, v| (t, v)).is_some());
            let got = decode_xor(&chunk);
            assert!(same(&got, &Ok(fast)));
            assert!(same(&got, &reference_decode(&chunk)));
        }
    }

    #[test]
    fn window_reused_before_any_was_set_reads_64_bits() {
        // Prometheus's iterator starts with a (0, 0) window; our encoder never writes this,
        // but a chunk that does decodes as in Go.
        let mut w = BitWriter::default();
        w.bits(2, 16);
        w.uvarint(0);
        w.bits(1.5f64.to_bits(), 64);
        w.uvarint(10);
        w.bits(0b10, 2);
        w.bits(1.5f64.to_bits() ^ (-3.25f64).to_bits(), 64);
        let got = decode_xor(&w.b).unwrap();
        assert_eq!(got, [(0, 1.5), (10, -3.25)]);
        assert!(same(&Ok(got), &reference_decode(&w.b)));
    }

    #[test]
    fn invalid_window_and_timestamp_overflow() {
        let mut w = BitWriter::default();
        w.bits(2, 16);
        w.uvarint(0);
        w.bits(0, 64);
        w.uvarint(10);
        // 31 leading zeros and 40 significant bits do not fit in 64.
        w.bits(0b11, 2);
        w.bits(31, 5);
        w.bits(40, 6);
        w.bits(0, 40);
        let e = decode_xor(&w.b).unwrap_err();
        assert_eq!(e.message, "XOR chunk has an invalid value window");

        let mut w = BitWriter::default();
        w.bits(2, 16);
        w.uvarint(((i64::MAX - 5) as u64) << 1);
        w.bits(0, 64);
        w.uvarint(10);
        w.bits(0, 1);
        let e = decode_xor(&w.b).unwrap_err();
        assert_eq!(e.message, "XOR chunk timestamp overflows");

        // Overflow many samples in: the fast decoder declines a timestamp this large, the
        // careful one reports the overflow.
        let mut w = BitWriter::default();
        w.bits(60, 16);
        w.uvarint(((i64::MAX - 500) as u64) << 1);
        w.bits(0, 64);
        w.uvarint(10);
        for _ in 1..60 {
            w.bits(0, 2);
        }
        let e = decode_xor(&w.b).unwrap_err();
        assert_eq!(e.message, "XOR chunk timestamp overflows");
    }

    #[test]
    fn timestamps_and_deltas_beyond_the_fast_range_decode_exactly() {
        for (t0, step) in [
            (1i64 << 62, 15_000i64),
            (-(1i64 << 62), 1),
            (0, 1i64 << 45),
            ((1 << 61) - 40 * 15_000, 15_000),
        ] {
            let samples: Vec<(i64, f64)> = (0..80i64)
                .map(|i| (t0 + i * step, i as f64 * 0.5))
                .collect();
            let chunk = encode_xor(&samples);
            assert_eq!(decode_xor(&chunk).unwrap(), samples);
            assert_eq!(reference_decode(&chunk).unwrap(), samples);
        }
    }

    #[test]
    fn into_appends_and_keeps_the_vector_on_error() {
        let mut out = vec![FPoint { t: -1, f: 0.5 }];
        decode_xor_into(&tiny_ts_chunk(), &mut out).unwrap();
        assert_eq!(out.len(), 8);
        assert_eq!(out[1], FPoint { t: 300, f: 0.0 });
        let chunk = tiny_ts_chunk();
        assert!(decode_xor_into(&chunk[..20], &mut out).is_err());
        assert_eq!(out.len(), 8);
        assert!(decode_xor_into(&[0, 0], &mut out).is_ok());
        assert!(decode_xor_into(&[0], &mut out).is_err());
        assert_eq!(out.len(), 8);
    }

    #[test]
    fn bit_reader_reads_across_refills_and_at_the_end() {
        let data: Vec<u8> = (0..29u8).map(|i| i.wrapping_mul(37) ^ 0x5a).collect();
        let widths = [1u32, 7, 64, 3, 56, 57, 0, 13, 8, 33, 1];
        let mut r = BitReader::new(&data, 1, "test");
        let mut pos = 8usize;
        for &n in widths.iter().cycle() {
            let want = (0..n as usize).try_fold(0u64, |v, i| {
                let bit = pos + i;
                let byte = data.get(bit / 8)?;
                Some(v << 1 | u64::from(byte >> (7 - bit % 8) & 1))
            });
            match want {
                Some(w) => {
                    assert_eq!(r.bits(n).unwrap(), w, "{n} bits at {pos}");
                    pos += n as usize;
                    assert_eq!(r.offset(), pos / 8);
                }
                None => {
                    let e = r.bits(n).unwrap_err();
                    assert_eq!(e, Corrupt::new(pos / 8, "test ends early"));
                    break;
                }
            }
        }
        assert!(pos > 200);
    }

    #[test]
    fn histograms_and_newer_encodings() {
        let e = decode(2, &[0, 0]).unwrap_err();
        assert_eq!(
            e.message,
            "chunk holds native histograms (encoding 2, histogram), not float samples"
        );
        assert!(decode(3, &[]).is_err());
        assert!(decode(9, &[])
            .unwrap_err()
            .message
            .contains("unknown chunk encoding 9"));
        for enc in 4..=6 {
            let e = decode_samples(enc, &[0, 0, 0]).unwrap_err();
            assert!(e.message.contains("is not supported"), "{}", e.message);
            assert!(decode(enc, &[0, 0]).is_err());
        }
        assert_eq!(
            decode_samples(4, &[]).unwrap_err().message,
            "chunk encoding 4 (XOR2, written by Prometheus 3.x with start timestamps) is not supported"
        );
        match decode_samples(1, &tiny_ts_chunk()).unwrap() {
            ChunkSamples::Floats(f) => assert_eq!(f.len(), 7),
            other => panic!("{other:?}"),
        }
        match decode_samples(2, &[0, 0, 0]).unwrap() {
            ChunkSamples::Histograms(h) => assert!(h.is_empty()),
            other => panic!("{other:?}"),
        }
    }
}

/// Test helpers that write chunks the way Prometheus's appenders do.
#[cfg(test)]
pub(crate) mod testenc {
    /// Writes bits MSB-first.
    #[derive(Default)]
    pub(crate) struct BitWriter {
        pub(crate) b: Vec<u8>,
        n: usize,
    }

    impl BitWriter {
        pub(crate) fn bits(&mut self, v: u64, n: u32) {
            for i in (0..n).rev() {
                if self.n % 8 == 0 {
                    self.b.push(0);
                }
                if (v >> i) & 1 == 1 {
                    let last = self.b.len() - 1;
                    self.b[last] |= 1 << (7 - self.n % 8);
                }
                self.n += 1;
            }
        }

        pub(crate) fn uvarint(&mut self, mut v: u64) {
            while v >= 0x80 {
                self.bits((v & 0x7f) | 0x80, 8);
                v >>= 7;
            }
            self.bits(v, 8);
        }

        /// Go's `putVarbitInt`.
        pub(crate) fn varbit_int(&mut self, v: i64) {
            let fits = |n: u32| -((1i64 << (n - 1)) - 1) <= v && v <= 1i64 << (n - 1);
            for (prefix, plen, n) in VARBIT {
                if n == 0 && v == 0 || n > 0 && n < 64 && fits(n) || n == 64 {
                    self.bits(prefix, plen);
                    self.bits(v as u64 & (u64::MAX >> (64 - n.max(1))), n);
                    return;
                }
            }
        }

        /// Go's `putVarbitUint`.
        pub(crate) fn varbit_uint(&mut self, v: u64) {
            for (prefix, plen, n) in VARBIT {
                if n == 64 || u64::from(v.leading_zeros()) >= 64 - u64::from(n) {
                    self.bits(prefix, plen);
                    self.bits(v, n);
                    return;
                }
            }
        }
    }

    /// (prefix, prefix length, payload bits) of the varbit buckets.
    const VARBIT: [(u64, u32, u32); 9] = [
        (0b0, 1, 0),
        (0b10, 2, 3),
        (0b110, 3, 6),
        (0b1110, 4, 9),
        (0b11110, 5, 12),
        (0b111110, 6, 18),
        (0b1111110, 7, 25),
        (0b11111110, 8, 56),
        (0b11111111, 8, 64),
    ];

    /// Go's `xorWrite`; a `leading` of 0xff means no window yet.
    pub(crate) fn xor_write(
        w: &mut BitWriter,
        new: u64,
        cur: u64,
        leading: &mut u8,
        trailing: &mut u8,
    ) {
        let delta = new ^ cur;
        if delta == 0 {
            w.bits(0, 1);
            return;
        }
        w.bits(1, 1);
        let new_leading = (delta.leading_zeros() as u8).min(31);
        let new_trailing = delta.trailing_zeros() as u8;
        if *leading != 0xff && new_leading >= *leading && new_trailing >= *trailing {
            w.bits(0, 1);
            w.bits(
                delta >> *trailing,
                64 - u32::from(*leading) - u32::from(*trailing),
            );
            return;
        }
        *leading = new_leading;
        *trailing = new_trailing;
        w.bits(1, 1);
        w.bits(u64::from(new_leading), 5);
        let sig = 64 - u32::from(new_leading) - u32::from(new_trailing);
        w.bits(u64::from(sig), 6);
        w.bits(delta >> new_trailing, sig);
    }

    /// An XOR chunk as Prometheus's `xorAppender` writes it.
    pub(crate) fn encode_xor(samples: &[(i64, f64)]) -> Vec<u8> {
        let mut w = BitWriter::default();
        w.bits(samples.len() as u64, 16);
        let (mut t_delta, mut leading, mut trailing) = (0i64, 0xffu8, 0u8);
        for (i, &(t, v)) in samples.iter().enumerate() {
            if i == 0 {
                w.uvarint(((t << 1) ^ (t >> 63)) as u64);
                w.bits(v.to_bits(), 64);
                continue;
            }
            let (pt, pv) = samples[i - 1];
            let delta = t.wrapping_sub(pt);
            if i == 1 {
                w.uvarint(delta as u64);
            } else {
                let dod = delta.wrapping_sub(t_delta);
                let fits = |n: u32| -((1i64 << (n - 1)) - 1) <= dod && dod <= 1i64 << (n - 1);
                if dod == 0 {
                    w.bits(0, 1);
                } else if let Some((prefix, plen, n)) =
                    [(0b10, 2, 14), (0b110, 3, 17), (0b1110, 4, 20)]
                        .into_iter()
                        .find(|&(_, _, n)| fits(n))
                {
                    w.bits(prefix, plen);
                    w.bits(dod as u64 & ((1 << n) - 1), n);
                } else {
                    w.bits(0b1111, 4);
                    w.bits(dod as u64, 64);
                }
            }
            t_delta = delta;
            xor_write(
                &mut w,
                v.to_bits(),
                pv.to_bits(),
                &mut leading,
                &mut trailing,
            );
        }
        w.b
    }

    /// xorshift64*: deterministic test data without a dependency.
    pub(crate) struct Rng(pub(crate) u64);

    impl Rng {
        pub(crate) fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        pub(crate) fn below(&mut self, n: u64) -> u64 {
            self.next() % n.max(1)
        }

        /// Uniform in [0, 1).
        pub(crate) fn unit(&mut self) -> f64 {
            (self.next() >> 11) as f64 / (1u64 << 53) as f64
        }
    }
}

//! Native histogram chunks: encoding 2 (integer counts) and 3 (float counts), read as
//! Prometheus's tsdb/chunkenc/{histogram,float_histogram,histogram_meta,varbit}.go write
//! them. Format notes: shared/research/tsdb.md §5.
//!
//! A chunk is a 3-byte header (sample count, counter reset flags), the bucket layout (zero
//! threshold, schema, spans, custom bounds), the first sample in full and every later one
//! relative to its predecessors: delta-of-delta varbit integers for timestamps and integer
//! counts, Gorilla XOR for the sum and for float counts.

use super::chunkenc::{read_xor, signed, unsupported, BitReader, Encoding};
use super::Corrupt;
use crate::model::histogram::{
    is_known_schema, CounterResetHint, FloatHistogram, Span, CUSTOM_BUCKETS_SCHEMA,
    EXPONENTIAL_SCHEMA_MAX_RESERVED, EXPONENTIAL_SCHEMA_MIN_RESERVED,
};
use crate::promql::series::STALE_NAN_BITS;

/// Sample count (2 bytes) and counter reset flags (1 byte).
const HEADER_LEN: usize = 3;
/// Spans and custom bounds the samples of any chunk may copy from its layout, whatever its
/// size (see `Layout::check_copies`).
const MIN_COPY_BUDGET: usize = 1 << 20;

/// The samples of a histogram chunk of encoding `enc` (2 or 3), in time order, counts as
/// floats.
///
/// Counter reset hints are what Prometheus 3.x's chunk iterators report: every sample of a
/// gauge chunk is [`CounterResetHint::Gauge`]; otherwise the first sample is `Unknown` (even
/// when the header says the chunk was cut for a counter reset: the previous chunk may be gone
/// or out of order, so the reset has to be detected at query time) and later ones
/// `NotCounterReset`. A stale marker is a histogram
/// holding only the stale NaN sum.
pub fn decode(enc: u8, data: &[u8]) -> Result<Vec<(i64, FloatHistogram)>, Corrupt> {
    match Encoding::from_byte(enc) {
        Encoding::Histogram => decode_integer(data),
        Encoding::FloatHistogram => decode_float(data),
        Encoding::Xor => Err(Corrupt::new(
            0,
            "chunk holds float samples (encoding 1, XOR), not histograms",
        )),
        _ => Err(unsupported(enc)),
    }
}

/// Buckets (positive and negative) of a histogram chunk's layout, which every sample of the
/// chunk shares (encodings 2, 3 and their start-timestamp forms 5, 6, whose layouts also
/// start after 3 bytes). More buckets than the rest of the chunk could hold are an error.
pub(crate) fn layout_bucket_count(data: &[u8]) -> Result<u64, Corrupt> {
    let mut r = BitReader::new(data, HEADER_LEN, "histogram chunk");
    let layout = Layout::read(&mut r)?;
    let (p, n) = layout.bucket_counts(&r, 1)?;
    Ok(p as u64 + n as u64)
}

/// Sample count and counter reset flag.
fn read_header(data: &[u8]) -> Result<(usize, CounterResetHint), Corrupt> {
    let Some(&[hi, lo, flags]) = data.first_chunk::<HEADER_LEN>() else {
        return Err(Corrupt::new(0, "histogram chunk shorter than its header"));
    };
    let hint = match flags & 0b1100_0000 {
        0b1000_0000 => CounterResetHint::CounterReset,
        0b0100_0000 => CounterResetHint::NotCounterReset,
        0b1100_0000 => CounterResetHint::Gauge,
        _ => CounterResetHint::Unknown,
    };
    Ok((usize::from(u16::from_be_bytes([hi, lo])), hint))
}

/// Prometheus's `counterResetHint` for the sample at `index` in a chunk.
fn sample_hint(header: CounterResetHint, index: usize) -> CounterResetHint {
    match header {
        CounterResetHint::Gauge => CounterResetHint::Gauge,
        _ if index > 0 => CounterResetHint::NotCounterReset,
        _ => CounterResetHint::Unknown,
    }
}

/// The bucket layout every sample of a chunk shares.
struct Layout {
    schema: i32,
    zero_threshold: f64,
    positive_spans: Vec<Span>,
    negative_spans: Vec<Span>,
    custom_values: Vec<f64>,
}

impl Layout {
    fn read(r: &mut BitReader<'_>) -> Result<Layout, Corrupt> {
        let start = r.offset();
        let zero_threshold = match r.bits(8)? {
            0 => 0.0,
            255 => f64::from_bits(r.bits(64)?),
            // 0.5 * 2^(b-243), i.e. 2^(b-244): built from its biased exponent b-244+1023.
            b => f64::from_bits((b + 779) << 52),
        };
        // Go truncates to int32 as well.
        let schema = read_varbit_int(r)? as i32;
        let positive_spans = read_spans(r)?;
        let negative_spans = read_spans(r)?;
        let custom_values = if schema == CUSTOM_BUCKETS_SCHEMA {
            read_custom_bounds(r)?
        } else {
            Vec::new()
        };
        if !is_known_schema(schema) {
            return Err(Corrupt::new(
                start,
                format!(
                    "{} has an unknown schema {schema} (must be between {EXPONENTIAL_SCHEMA_MIN_RESERVED} and {EXPONENTIAL_SCHEMA_MAX_RESERVED}, or {CUSTOM_BUCKETS_SCHEMA})",
                    r.what()
                ),
            ));
        }
        Ok(Layout {
            schema,
            zero_threshold,
            positive_spans,
            negative_spans,
            custom_values,
        })
    }

    /// Positive and negative bucket counts. A first sample needs at least `min_bits` per
    /// bucket, so more buckets than the data can hold are an error, not an allocation.
    fn bucket_counts(&self, r: &BitReader<'_>, min_bits: usize) -> Result<(usize, usize), Corrupt> {
        let count = |spans: &[Span]| {
            spans
                .iter()
                .fold(0u64, |n, s| n.saturating_add(u64::from(s.length)))
        };
        let (p, n) = (count(&self.positive_spans), count(&self.negative_spans));
        let room = (r.remaining_bits() / min_bits) as u64;
        if p.saturating_add(n) > room {
            return Err(r.corrupt("ends early"));
        }
        // Both fit in usize: they are below the number of bits in a slice.
        Ok((p as usize, n as usize))
    }

    /// Every sample gets its own copy of the spans and custom bounds, while a zero-length
    /// span costs the chunk only 2 bits: `n` samples may copy at most a budget proportional
    /// to the chunk's size (far above what Prometheus writes), so a small crafted chunk
    /// cannot decode to gigabytes.
    fn check_copies(&self, n: usize, data: &[u8], what: &str) -> Result<(), Corrupt> {
        let per_sample =
            self.positive_spans.len() + self.negative_spans.len() + self.custom_values.len();
        let budget = MIN_COPY_BUDGET.saturating_add(data.len().saturating_mul(16));
        if n.saturating_mul(per_sample) > budget {
            return Err(Corrupt::new(
                0,
                format!(
                    "{what} has {n} samples with {per_sample} spans and custom bounds each, more than its {} bytes can hold",
                    data.len()
                ),
            ));
        }
        Ok(())
    }

    /// A sample with this layout; a stale sum makes it a stale marker.
    fn histogram(
        &self,
        hint: CounterResetHint,
        count: f64,
        zero_count: f64,
        sum: u64,
        positive_buckets: Vec<f64>,
        negative_buckets: Vec<f64>,
    ) -> FloatHistogram {
        if sum == STALE_NAN_BITS {
            return stale_marker();
        }
        let mut h = FloatHistogram {
            counter_reset_hint: hint,
            schema: self.schema,
            zero_threshold: self.zero_threshold,
            zero_count,
            count,
            sum: f64::from_bits(sum),
            positive_spans: self.positive_spans.clone(),
            negative_spans: self.negative_spans.clone(),
            positive_buckets,
            negative_buckets,
            custom_values: self.custom_values.clone(),
        };
        // Schemas of newer Prometheus versions, read at the finest resolution we know.
        h.reduce_to_max_schema();
        h
    }
}

/// What Prometheus's iterators return for a stale sample: only the stale NaN sum.
fn stale_marker() -> FloatHistogram {
    FloatHistogram {
        sum: f64::from_bits(STALE_NAN_BITS),
        ..FloatHistogram::default()
    }
}

/// Payload widths of the varbit codes, by the number of leading 1 bits of their prefix.
#[inline(always)]
fn varbit_width(ones: u32) -> u32 {
    match ones {
        0 => 0,
        1 => 3,
        2 => 6,
        3 => 9,
        4 => 12,
        5 => 18,
        6 => 25,
        7 => 56,
        _ => 64,
    }
}

/// Prometheus's `readVarbitInt`.
#[inline]
fn read_varbit_int(r: &mut BitReader<'_>) -> Result<i64, Corrupt> {
    Ok(match r.ones(8)? {
        0 => 0,
        8 => r.bits(64)? as i64,
        k => {
            let n = varbit_width(k);
            signed(r.bits(n)?, n)
        }
    })
}

/// Prometheus's `readVarbitUint`.
#[inline]
fn read_varbit_uint(r: &mut BitReader<'_>) -> Result<u64, Corrupt> {
    match r.ones(8)? {
        0 => Ok(0),
        k => r.bits(varbit_width(k)),
    }
}

fn read_spans(r: &mut BitReader<'_>) -> Result<Vec<Span>, Corrupt> {
    let n = read_varbit_uint(r)?;
    // A span takes at least 2 bits; a bigger count cannot be satisfied.
    if n > (r.remaining_bits() / 2) as u64 {
        return Err(r.corrupt("ends early"));
    }
    let mut spans = Vec::with_capacity(n as usize);
    for _ in 0..n {
        // Go truncates both to 32 bits.
        let length = read_varbit_uint(r)? as u32;
        let offset = read_varbit_int(r)? as i32;
        spans.push(Span { offset, length });
    }
    Ok(spans)
}

/// Custom bucket bounds: `x*1000 + 1` as a varbit when that is a whole number, else a 0 and
/// the 64-bit float.
fn read_custom_bounds(r: &mut BitReader<'_>) -> Result<Vec<f64>, Corrupt> {
    let n = read_varbit_uint(r)?;
    if n > r.remaining_bits() as u64 {
        return Err(r.corrupt("ends early"));
    }
    let mut bounds = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let bound = match read_varbit_uint(r)? {
            0 => f64::from_bits(r.bits(64)?),
            b => (b - 1) as f64 / 1000.0,
        };
        bounds.push(bound);
    }
    Ok(bounds)
}

/// Room for `n` samples of at least `min_bits` each, no more than the data can hold.
fn with_capacity(n: usize, r: &BitReader<'_>, min_bits: usize) -> Vec<(i64, FloatHistogram)> {
    Vec::with_capacity(n.min(r.remaining_bits() / min_bits + 1))
}

/// Encoding 2. Counts are unsigned varbits in the first sample and delta-of-deltas after;
/// buckets are stored as differences to the previous bucket (Prometheus's integer
/// `Histogram` representation), each of those again as delta-of-deltas.
fn decode_integer(data: &[u8]) -> Result<Vec<(i64, FloatHistogram)>, Corrupt> {
    let (n, header) = read_header(data)?;
    if n == 0 {
        return Ok(Vec::new());
    }
    let mut r = BitReader::new(data, HEADER_LEN, "histogram chunk");
    let layout = Layout::read(&mut r)?;
    layout.check_copies(n, data, r.what())?;
    let (np, nn) = layout.bucket_counts(&r, 1)?;
    // A later sample takes at least 4 bits: 3 zero delta-of-deltas and an unchanged sum.
    let mut out = with_capacity(n, &r, 4);

    let mut t = read_varbit_int(&mut r)?;
    let mut count = read_varbit_uint(&mut r)?;
    let mut zero_count = read_varbit_uint(&mut r)?;
    let mut sum = r.bits(64)?;
    let mut pos = vec![0i64; np];
    let mut neg = vec![0i64; nn];
    for b in pos.iter_mut().chain(neg.iter_mut()) {
        *b = read_varbit_int(&mut r)?;
    }
    let absolute = |deltas: &[i64]| {
        let mut cur = 0i64;
        deltas
            .iter()
            .map(|&d| {
                cur = cur.wrapping_add(d);
                cur as f64
            })
            .collect::<Vec<f64>>()
    };
    let sample = |i: usize, count: u64, zero_count: u64, sum, pos: &[i64], neg: &[i64]| {
        layout.histogram(
            sample_hint(header, i),
            count as f64,
            zero_count as f64,
            sum,
            absolute(pos),
            absolute(neg),
        )
    };
    out.push((t, sample(0, count, zero_count, sum, &pos, &neg)));

    // Go's int64 arithmetic wraps; so does ours, so corrupt data decodes to what Go reads.
    let (mut t_delta, mut count_delta, mut zero_delta) = (0i64, 0i64, 0i64);
    let (mut leading, mut trailing) = (0u32, 0u32);
    let mut pos_delta = vec![0i64; np];
    let mut neg_delta = vec![0i64; nn];
    for i in 1..n {
        t_delta = t_delta.wrapping_add(read_varbit_int(&mut r)?);
        t = t.wrapping_add(t_delta);
        count_delta = count_delta.wrapping_add(read_varbit_int(&mut r)?);
        count = (count as i64).wrapping_add(count_delta) as u64;
        zero_delta = zero_delta.wrapping_add(read_varbit_int(&mut r)?);
        zero_count = (zero_count as i64).wrapping_add(zero_delta) as u64;
        read_xor(&mut r, &mut sum, &mut leading, &mut trailing)?;
        if sum == STALE_NAN_BITS {
            // Stale markers carry no buckets.
            out.push((t, stale_marker()));
            continue;
        }
        for (b, d) in pos
            .iter_mut()
            .zip(pos_delta.iter_mut())
            .chain(neg.iter_mut().zip(neg_delta.iter_mut()))
        {
            *d = d.wrapping_add(read_varbit_int(&mut r)?);
            *b = b.wrapping_add(*d);
        }
        out.push((t, sample(i, count, zero_count, sum, &pos, &neg)));
    }
    Ok(out)
}

/// One XOR-compressed float with its own window.
#[derive(Clone, Copy, Default)]
struct XorField {
    bits: u64,
    leading: u32,
    trailing: u32,
}

impl XorField {
    fn read(&mut self, r: &mut BitReader<'_>) -> Result<(), Corrupt> {
        read_xor(r, &mut self.bits, &mut self.leading, &mut self.trailing)
    }

    fn value(self) -> f64 {
        f64::from_bits(self.bits)
    }
}

/// Encoding 3. The first sample holds every count as a raw 64-bit float; later ones XOR
/// each count (and the sum) against its predecessor, every field with its own window.
fn decode_float(data: &[u8]) -> Result<Vec<(i64, FloatHistogram)>, Corrupt> {
    let (n, header) = read_header(data)?;
    if n == 0 {
        return Ok(Vec::new());
    }
    let mut r = BitReader::new(data, HEADER_LEN, "float histogram chunk");
    let layout = Layout::read(&mut r)?;
    layout.check_copies(n, data, r.what())?;
    let (np, nn) = layout.bucket_counts(&r, 64)?;
    // A later sample takes at least 4 bits: a zero delta-of-delta and 3 unchanged floats.
    let mut out = with_capacity(n, &r, 4);

    let mut t = read_varbit_int(&mut r)?;
    let mut count = XorField::default();
    let mut zero_count = XorField::default();
    let mut sum = XorField::default();
    for f in [&mut count, &mut zero_count, &mut sum] {
        f.bits = r.bits(64)?;
    }
    let mut pos = vec![XorField::default(); np];
    let mut neg = vec![XorField::default(); nn];
    for b in pos.iter_mut().chain(neg.iter_mut()) {
        b.bits = r.bits(64)?;
    }
    let values = |fields: &[XorField]| fields.iter().map(|f| f.value()).collect::<Vec<f64>>();
    let sample = |i: usize,
                  count: XorField,
                  zero_count: XorField,
                  sum: XorField,
                  pos: &[XorField],
                  neg: &[XorField]| {
        layout.histogram(
            sample_hint(header, i),
            count.value(),
            zero_count.value(),
            sum.bits,
            values(pos),
            values(neg),
        )
    };
    out.push((t, sample(0, count, zero_count, sum, &pos, &neg)));

    let mut t_delta = 0i64;
    for i in 1..n {
        t_delta = t_delta.wrapping_add(read_varbit_int(&mut r)?);
        t = t.wrapping_add(t_delta);
        count.read(&mut r)?;
        zero_count.read(&mut r)?;
        sum.read(&mut r)?;
        if sum.bits == STALE_NAN_BITS {
            out.push((t, stale_marker()));
            continue;
        }
        for b in pos.iter_mut().chain(neg.iter_mut()) {
            b.read(&mut r)?;
        }
        out.push((t, sample(i, count, zero_count, sum, &pos, &neg)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::model::histogram::bucket_bound;
    use crate::tsdb::chunkenc::testenc::{xor_write, BitWriter, Rng};
    use crate::tsdb::chunkenc::{decode_samples, ChunkSamples};

    /// Prometheus's integer `Histogram`: buckets as differences to the previous bucket.
    #[derive(Clone, Debug, Default)]
    struct H {
        schema: i32,
        zero_threshold: f64,
        zero_count: u64,
        count: u64,
        sum: f64,
        pspans: Vec<Span>,
        nspans: Vec<Span>,
        pdeltas: Vec<i64>,
        ndeltas: Vec<i64>,
        custom: Vec<f64>,
    }

    fn spans(s: &[(i32, u32)]) -> Vec<Span> {
        s.iter()
            .map(|&(offset, length)| Span { offset, length })
            .collect()
    }

    fn absolute(deltas: &[i64]) -> Vec<f64> {
        let mut cur = 0;
        deltas
            .iter()
            .map(|d| {
                cur += d;
                cur as f64
            })
            .collect()
    }

    /// `ToFloat`, with a counter reset hint.
    fn float(h: &H, hint: CounterResetHint) -> FloatHistogram {
        FloatHistogram {
            counter_reset_hint: hint,
            schema: h.schema,
            zero_threshold: h.zero_threshold,
            zero_count: h.zero_count as f64,
            count: h.count as f64,
            sum: h.sum,
            positive_spans: h.pspans.clone(),
            negative_spans: h.nspans.clone(),
            positive_buckets: absolute(&h.pdeltas),
            negative_buckets: absolute(&h.ndeltas),
            custom_values: h.custom.clone(),
        }
    }

    /// Go's `putZeroThreshold`.
    fn put_zero_threshold(w: &mut BitWriter, zt: f64) {
        if zt == 0.0 {
            w.bits(0, 8);
            return;
        }
        // frexp: zt = 0.5 * 2^exp exactly when zt is a normal power of two.
        let bits = zt.to_bits();
        let biased = (bits >> 52) & 0x7ff;
        let exp = biased as i64 - 1022;
        if bits & ((1 << 52) - 1) != 0 || biased == 0 || zt < 0.0 || !(-242..=11).contains(&exp) {
            w.bits(255, 8);
            w.bits(bits, 64);
            return;
        }
        w.bits((exp + 243) as u64, 8);
    }

    /// Go's `writeHistogramChunkLayout`.
    fn put_layout(w: &mut BitWriter, h: &H) {
        put_zero_threshold(w, h.zero_threshold);
        w.varbit_int(i64::from(h.schema));
        for s in [&h.pspans, &h.nspans] {
            w.varbit_uint(s.len() as u64);
            for span in s {
                w.varbit_uint(u64::from(span.length));
                w.varbit_int(i64::from(span.offset));
            }
        }
        if h.schema == CUSTOM_BUCKETS_SCHEMA {
            w.varbit_uint(h.custom.len() as u64);
            for &b in &h.custom {
                let tf = b * 1000.0;
                let whole = ((tf.round() as u64) as f64) / 1000.0 == b;
                if !(0.0..=33_554_430.0).contains(&tf) || !whole {
                    w.bits(0, 1);
                    w.bits(b.to_bits(), 64);
                } else {
                    w.varbit_uint(tf.round() as u64 + 1);
                }
            }
        }
    }

    fn header(w: &mut BitWriter, n: usize, flags: u8) {
        w.bits(n as u64, 16);
        w.bits(u64::from(flags), 8);
    }

    fn stale_only(h: &H) -> H {
        H {
            sum: h.sum,
            ..H::default()
        }
    }

    /// An integer histogram chunk as Prometheus's `HistogramAppender` writes it (one layout,
    /// no recoding).
    fn encode_int(flags: u8, samples: &[(i64, H)]) -> Vec<u8> {
        let mut w = BitWriter::default();
        header(&mut w, samples.len(), flags);
        let mut prev = H::default();
        let (mut t_prev, mut t_delta, mut c_delta, mut z_delta) = (0i64, 0i64, 0i64, 0i64);
        let (mut pdd, mut ndd) = (Vec::new(), Vec::new());
        let (mut leading, mut trailing) = (0xffu8, 0u8);
        for (i, (t, h)) in samples.iter().enumerate() {
            let h = if h.sum.to_bits() == STALE_NAN_BITS {
                stale_only(h)
            } else {
                h.clone()
            };
            let (mut td, mut cd, mut zd) = (0, 0, 0);
            if i == 0 {
                put_layout(&mut w, &h);
                pdd = vec![0i64; h.pdeltas.len()];
                ndd = vec![0i64; h.ndeltas.len()];
                prev.pdeltas = vec![0; h.pdeltas.len()];
                prev.ndeltas = vec![0; h.ndeltas.len()];
                w.varbit_int(*t);
                w.varbit_uint(h.count);
                w.varbit_uint(h.zero_count);
                w.bits(h.sum.to_bits(), 64);
                for &b in h.pdeltas.iter().chain(&h.ndeltas) {
                    w.varbit_int(b);
                }
            } else {
                td = t - t_prev;
                cd = h.count as i64 - prev.count as i64;
                zd = h.zero_count as i64 - prev.zero_count as i64;
                let stale = h.sum.to_bits() == STALE_NAN_BITS;
                w.varbit_int(td - t_delta);
                w.varbit_int(if stale { 0 } else { cd - c_delta });
                w.varbit_int(if stale { 0 } else { zd - z_delta });
                xor_write(
                    &mut w,
                    h.sum.to_bits(),
                    prev.sum.to_bits(),
                    &mut leading,
                    &mut trailing,
                );
                for (j, &b) in h.pdeltas.iter().enumerate() {
                    let delta = b - prev.pdeltas[j];
                    w.varbit_int(delta - pdd[j]);
                    pdd[j] = delta;
                }
                for (j, &b) in h.ndeltas.iter().enumerate() {
                    let delta = b - prev.ndeltas[j];
                    w.varbit_int(delta - ndd[j]);
                    ndd[j] = delta;
                }
            }
            t_prev = *t;
            (t_delta, c_delta, z_delta) = (td, cd, zd);
            prev.count = h.count;
            prev.zero_count = h.zero_count;
            prev.sum = h.sum;
            prev.pdeltas[..h.pdeltas.len()].copy_from_slice(&h.pdeltas);
            prev.ndeltas[..h.ndeltas.len()].copy_from_slice(&h.ndeltas);
        }
        w.b
    }

    /// A float histogram chunk as Prometheus's `FloatHistogramAppender` writes it.
    fn encode_float(flags: u8, samples: &[(i64, FloatHistogram)]) -> Vec<u8> {
        let mut w = BitWriter::default();
        header(&mut w, samples.len(), flags);
        let (mut t_prev, mut t_delta) = (0i64, 0i64);
        // (value bits, leading, trailing) of count, zero count, sum, then the buckets.
        let mut fields: Vec<(u64, u8, u8)> = Vec::new();
        for (i, (t, h)) in samples.iter().enumerate() {
            let h = if h.sum.to_bits() == STALE_NAN_BITS {
                FloatHistogram {
                    sum: h.sum,
                    ..FloatHistogram::default()
                }
            } else {
                h.clone()
            };
            let values: Vec<f64> = [h.count, h.zero_count, h.sum]
                .into_iter()
                .chain(h.positive_buckets.iter().copied())
                .chain(h.negative_buckets.iter().copied())
                .collect();
            let mut td = 0;
            if i == 0 {
                let layout = H {
                    schema: h.schema,
                    zero_threshold: h.zero_threshold,
                    pspans: h.positive_spans.clone(),
                    nspans: h.negative_spans.clone(),
                    custom: h.custom_values.clone(),
                    ..H::default()
                };
                put_layout(&mut w, &layout);
                w.varbit_int(*t);
                for v in &values {
                    w.bits(v.to_bits(), 64);
                    fields.push((v.to_bits(), 0xff, 0));
                }
            } else {
                td = t - t_prev;
                w.varbit_int(td - t_delta);
                for (f, v) in fields.iter_mut().zip(&values) {
                    xor_write(&mut w, v.to_bits(), f.0, &mut f.1, &mut f.2);
                    f.0 = v.to_bits();
                }
            }
            t_prev = *t;
            t_delta = td;
        }
        w.b
    }

    /// The histograms of upstream's TestHistogramChunkSameBuckets.
    fn same_buckets_samples() -> Vec<(i64, H)> {
        let h0 = H {
            count: 15,
            zero_count: 2,
            sum: 18.4,
            zero_threshold: 1e-100,
            schema: 1,
            pspans: spans(&[(0, 2), (1, 2)]),
            pdeltas: vec![1, 1, -1, 0],
            nspans: spans(&[(1, 1), (2, 3)]),
            ndeltas: vec![2, 1, -1, -1],
            custom: vec![],
        };
        let h1 = H {
            count: 32,
            zero_count: 3,
            sum: 24.4,
            pdeltas: vec![5, -2, 1, -2],
            ndeltas: vec![4, -1, 1, -1],
            ..h0.clone()
        };
        let h2 = H {
            count: 54,
            zero_count: 5,
            sum: 24.4,
            pdeltas: vec![6, 1, -3, 6],
            ndeltas: vec![5, 1, -2, 3],
            ..h0.clone()
        };
        vec![
            (1_234_567_890, h0),
            (1_234_567_906, h1),
            (1_234_567_920, h2),
        ]
    }

    fn hints(hs: &[(i64, FloatHistogram)]) -> Vec<CounterResetHint> {
        hs.iter().map(|(_, h)| h.counter_reset_hint).collect()
    }

    fn bits_equal(a: &FloatHistogram, b: &FloatHistogram) -> bool {
        let same = |x: &[f64], y: &[f64]| {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| p.to_bits() == q.to_bits())
        };
        a.counter_reset_hint == b.counter_reset_hint
            && a.schema == b.schema
            && a.zero_threshold.to_bits() == b.zero_threshold.to_bits()
            && same(
                &[a.count, a.zero_count, a.sum],
                &[b.count, b.zero_count, b.sum],
            )
            && a.positive_spans == b.positive_spans
            && a.negative_spans == b.negative_spans
            && same(&a.positive_buckets, &b.positive_buckets)
            && same(&a.negative_buckets, &b.negative_buckets)
            && same(&a.custom_values, &b.custom_values)
    }

    use CounterResetHint::{CounterReset, Gauge, NotCounterReset, Unknown};

    /// The counter reset flag in a chunk's header.
    fn header_hint(data: &[u8]) -> Result<CounterResetHint, Corrupt> {
        Ok(read_header(data)?.1)
    }

    #[test]
    fn hand_built_bytes() {
        // Header: 1 sample, not a counter reset. Layout: zero threshold 2^-128 (byte 116),
        // schema 0 (`0`), one positive span {offset 0, length 2} (`10 001`, `10 010`, `0`), no
        // negative spans (`0`). Sample: t=1000 (`11110 001111101000`), count 3 (`10 011`),
        // zero count 0 (`0`), sum 2.5 (64 bits), bucket deltas 1, 1 (`10 001` twice).
        let bits = concat!(
            "01110100",
            "0",
            "10001",
            "10010",
            "0",
            "0",
            "11110001111101000",
            "10011",
            "0",
            "0100000000000100000000000000000000000000000000000000000000000000",
            "10001",
            "10001",
        );
        let mut data = vec![0x00, 0x01, 0x40];
        let mut padded = bits.to_string();
        while padded.len() % 8 != 0 {
            padded.push('0');
        }
        for i in (0..padded.len()).step_by(8) {
            data.push(u8::from_str_radix(&padded[i..i + 8], 2).unwrap());
        }
        assert_eq!(
            data,
            [
                0x00, 0x01, 0x40, 0x74, 0x46, 0x47, 0x8f, 0xa2, 0x64, 0x00, 0x40, 0x00, 0x00, 0x00,
                0x00, 0x00, 0x08, 0xc4
            ]
        );
        let got = decode(2, &data).unwrap();
        assert_eq!(got.len(), 1);
        let (t, h) = &got[0];
        assert_eq!(*t, 1000);
        assert_eq!(
            *h,
            FloatHistogram {
                zero_threshold: 2f64.powi(-128),
                count: 3.0,
                sum: 2.5,
                positive_spans: spans(&[(0, 2)]),
                positive_buckets: vec![1.0, 2.0],
                ..FloatHistogram::default()
            }
        );
        assert_eq!(header_hint(&data), Ok(NotCounterReset));
        assert_eq!(h.go_string(), "{count:3, sum:2.5, (0.5,1]:1, (1,2]:2}");

        // The same layout and sample through the test encoder.
        let enc = encode_int(
            0x40,
            &[(
                1000,
                H {
                    zero_threshold: 2f64.powi(-128),
                    count: 3,
                    sum: 2.5,
                    pspans: spans(&[(0, 2)]),
                    pdeltas: vec![1, 1],
                    ..H::default()
                },
            )],
        );
        assert_eq!(enc, data);
    }

    #[test]
    fn upstream_same_buckets_integer() {
        let samples = same_buckets_samples();
        let got = decode(2, &encode_int(0, &samples)).unwrap();
        let want: Vec<(i64, FloatHistogram)> = samples
            .iter()
            .enumerate()
            .map(|(i, (t, h))| (*t, float(h, if i == 0 { Unknown } else { NotCounterReset })))
            .collect();
        assert_eq!(got, want);
        // Absolute counts, as in upstream's comments.
        assert_eq!(got[1].1.positive_buckets, [5.0, 3.0, 4.0, 2.0]);
        assert_eq!(got[2].1.negative_buckets, [5.0, 6.0, 4.0, 7.0]);
    }

    #[test]
    fn upstream_same_buckets_float() {
        let samples: Vec<(i64, FloatHistogram)> = same_buckets_samples()
            .iter()
            .map(|(t, h)| (*t, float(h, Unknown)))
            .collect();
        let mut with_fractions = samples.clone();
        with_fractions[2].1.sum = -1.0 / 3.0;
        with_fractions[2].1.positive_buckets[1] = 0.1;
        with_fractions[2].1.count = f64::INFINITY;
        for samples in [samples, with_fractions] {
            let got = decode(3, &encode_float(0, &samples)).unwrap();
            assert_eq!(got.len(), 3);
            for (i, ((gt, gh), (wt, wh))) in got.iter().zip(&samples).enumerate() {
                let mut wh = wh.clone();
                wh.counter_reset_hint = if i == 0 { Unknown } else { NotCounterReset };
                assert_eq!(gt, wt);
                assert!(bits_equal(gh, &wh), "{i}: {gh:?}");
            }
        }
    }

    #[test]
    fn counter_reset_header_and_hints() {
        let samples = same_buckets_samples();
        for (flags, header, want) in [
            (0x00, Unknown, [Unknown, NotCounterReset, NotCounterReset]),
            (
                0x40,
                NotCounterReset,
                [Unknown, NotCounterReset, NotCounterReset],
            ),
            // Prometheus 3.x: the first sample of a reset chunk is "unknown" too.
            (
                0x80,
                CounterReset,
                [Unknown, NotCounterReset, NotCounterReset],
            ),
            (0xc0, Gauge, [Gauge, Gauge, Gauge]),
            // The low bits are not flags.
            (0x3f, Unknown, [Unknown, NotCounterReset, NotCounterReset]),
        ] {
            let int = encode_int(flags, &samples);
            assert_eq!(header_hint(&int), Ok(header));
            assert_eq!(hints(&decode(2, &int).unwrap()), want);
            let floats: Vec<(i64, FloatHistogram)> = samples
                .iter()
                .map(|(t, h)| (*t, float(h, Unknown)))
                .collect();
            let fl = encode_float(flags, &floats);
            assert_eq!(header_hint(&fl), Ok(header));
            assert_eq!(hints(&decode(3, &fl).unwrap()), want);
        }
        assert!(header_hint(&[0, 1]).is_err());
    }

    #[test]
    fn zero_threshold_forms() {
        for (zt, first_byte) in [
            (0.0, 0u8),
            (2f64.powi(-128), 116),
            (2f64.powi(-243), 1),
            (2f64.powi(10), 254),
            (2f64.powi(11), 255),
            (2f64.powi(-244), 255),
            (1e-100, 255),
            (0.001, 255),
        ] {
            let h = H {
                zero_threshold: zt,
                zero_count: 4,
                count: 5,
                sum: 1.0,
                pspans: spans(&[(-3, 1)]),
                pdeltas: vec![1],
                ..H::default()
            };
            let chunk = encode_int(0, &[(5, h.clone()), (10, h)]);
            assert_eq!(chunk[3], first_byte, "{zt}");
            let got = decode(2, &chunk).unwrap();
            assert_eq!(got[1].1.zero_threshold.to_bits(), zt.to_bits(), "{zt}");
            assert_eq!(got[1].1.zero_count, 4.0);
        }
    }

    #[test]
    fn custom_bounds() {
        let custom = vec![
            0.0,
            0.001,
            0.5,
            1.0,
            2.5,
            33554.43,
            33554.431,
            1e10,
            -1.0,
            0.1 + 0.2,
        ];
        let h = H {
            schema: CUSTOM_BUCKETS_SCHEMA,
            count: 6,
            sum: 7.5,
            pspans: spans(&[(0, 2), (3, 1), (1, 2)]),
            pdeltas: vec![1, 0, 1, -1, 2],
            custom: custom.clone(),
            ..H::default()
        };
        let mut h2 = h.clone();
        h2.count = 9;
        h2.pdeltas = vec![2, -1, 2, -2, 3];
        let got = decode(2, &encode_int(0, &[(0, h.clone()), (60_000, h2)])).unwrap();
        assert_eq!(got[0].1, float(&h, Unknown));
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&got[1].1.custom_values), bits(&custom));
        assert_eq!(got[1].1.positive_buckets, [2.0, 1.0, 3.0, 1.0, 4.0]);
        assert_eq!(
            got[1].1.go_string(),
            "{count:9, sum:7.5, [-Inf,0]:2, (0,0.001]:1, (2.5,33554.43]:3, \
             (33554.431,1e+10]:1, (1e+10,-1]:4}"
        );

        let fl = float(&h, Unknown);
        let got = decode(3, &encode_float(0x40, &[(1, fl.clone())])).unwrap();
        assert!(bits_equal(&got[0].1, &fl));
    }

    #[test]
    fn stale_markers() {
        let mut samples = same_buckets_samples();
        let stale = f64::from_bits(STALE_NAN_BITS);
        samples[2].1.sum = stale;
        let got = decode(2, &encode_int(0, &samples)).unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!(got[1].1, float(&samples[1].1, NotCounterReset));
        assert_eq!(got[2].0, samples[2].0);
        assert_eq!(got[2].1.sum.to_bits(), STALE_NAN_BITS);
        assert!(bits_equal(&got[2].1, &stale_marker()));

        // A stale first sample writes an empty layout.
        let first = vec![(7, stale_only(&samples[2].1))];
        let got = decode(2, &encode_int(0x80, &first)).unwrap();
        assert!(bits_equal(&got[0].1, &stale_marker()));

        let floats: Vec<(i64, FloatHistogram)> = samples
            .iter()
            .map(|(t, h)| (*t, float(h, Unknown)))
            .collect();
        let got = decode(3, &encode_float(0, &floats)).unwrap();
        assert!(bits_equal(&got[2].1, &stale_marker()));
        assert_eq!(got[1].1.positive_buckets, floats[1].1.positive_buckets);
    }

    #[test]
    fn schemas_above_8_are_reduced() {
        let h = H {
            schema: 9,
            count: 6,
            sum: 3.0,
            pspans: spans(&[(0, 4)]),
            pdeltas: vec![1, 1, -1, 1],
            ..H::default()
        };
        let got = decode(2, &encode_int(0, &[(0, h)])).unwrap();
        let h = &got[0].1;
        assert_eq!(h.schema, 8);
        assert_eq!(h.positive_bucket_entries(), [(0, 1.0), (1, 3.0), (2, 2.0)]);
        assert_eq!(h.count, 6.0);
    }

    #[test]
    fn unknown_schemas_are_errors() {
        for schema in [-10, 53, -52, 1000] {
            let h = H {
                schema,
                ..H::default()
            };
            let e = decode(2, &encode_int(0, &[(0, h)])).unwrap_err();
            assert_eq!(e.offset, 3);
            assert!(
                e.message
                    .starts_with(&format!("histogram chunk has an unknown schema {schema} ")),
                "{}",
                e.message
            );
        }
        for schema in [-9, -4, 0, 8, 52] {
            let h = H {
                schema,
                ..H::default()
            };
            assert!(decode(2, &encode_int(0, &[(0, h)])).is_ok(), "{schema}");
        }
    }

    #[test]
    fn wrong_and_unsupported_encodings() {
        assert!(decode(1, &[0, 0])
            .unwrap_err()
            .message
            .contains("not histograms"));
        for enc in 4..=6 {
            assert!(decode(enc, &[0, 0, 0])
                .unwrap_err()
                .message
                .contains("not supported"));
        }
        assert!(decode(0, &[0, 0, 0])
            .unwrap_err()
            .message
            .contains("unknown chunk encoding 0"));
        assert_eq!(decode(2, &[0, 0, 0]), Ok(vec![]));
        assert_eq!(decode(3, &[0, 0, 0xc0]), Ok(vec![]));
        assert_eq!(
            decode(2, &[0, 0]).unwrap_err().message,
            "histogram chunk shorter than its header"
        );
    }

    #[test]
    fn huge_counts_in_corrupt_layouts_do_not_allocate() {
        // One span claiming 2^32-1 buckets, then nothing.
        let mut w = BitWriter::default();
        header(&mut w, 1, 0);
        w.bits(0, 8);
        w.varbit_int(0);
        w.varbit_uint(1);
        w.varbit_uint(u64::from(u32::MAX));
        w.varbit_int(0);
        w.varbit_uint(0);
        let e = decode(2, &w.b).unwrap_err();
        assert_eq!(e.message, "histogram chunk ends early");
        // 2^56 spans.
        let mut w = BitWriter::default();
        header(&mut w, 1, 0);
        w.bits(0, 8);
        w.varbit_int(0);
        w.varbit_uint(1 << 56);
        assert!(decode(3, &w.b).is_err());
        // 2^60 custom bounds.
        let mut w = BitWriter::default();
        header(&mut w, 1, 0);
        w.bits(0, 8);
        w.varbit_int(-53);
        w.varbit_uint(0);
        w.varbit_uint(0);
        w.varbit_uint(1 << 60);
        assert!(decode(2, &w.b).is_err());
    }

    #[test]
    fn many_samples_of_many_empty_spans_are_corrupt() {
        // 65535 samples sharing 200000 zero-length spans (50 KB): each decoded sample would
        // copy all of them, about 100 GB in all.
        for enc in [2, 3] {
            let mut w = BitWriter::default();
            header(&mut w, 65535, 0);
            w.bits(0, 8);
            w.varbit_int(0);
            w.varbit_uint(200_000);
            for _ in 0..200_000 {
                w.varbit_uint(0);
                w.varbit_int(0);
            }
            w.varbit_uint(0);
            for _ in 0..8 {
                w.bits(0, 64);
            }
            let e = decode(enc, &w.b).unwrap_err();
            assert!(
                e.message.ends_with(
                    "has 65535 samples with 200000 spans and custom bounds each, more than its 50072 bytes can hold"
                ),
                "{e:?}"
            );
        }
        // The same layout with few samples decodes.
        let mut w = BitWriter::default();
        header(&mut w, 1, 0);
        w.bits(0, 8);
        w.varbit_int(0);
        w.varbit_uint(1000);
        for _ in 0..1000 {
            w.varbit_uint(0);
            w.varbit_int(0);
        }
        w.varbit_uint(0);
        w.varbit_int(1000); // timestamp
        w.varbit_uint(0); // count
        w.varbit_uint(0); // zero count
        w.bits(0, 64); // sum
        let got = decode(2, &w.b).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1.positive_spans.len(), 1000);
    }

    /// Every prefix and every single-bit flip: errors with offsets inside the data, never a
    /// panic.
    fn mangle(enc: u8, chunk: &[u8]) {
        assert!(decode(enc, chunk).is_ok());
        for n in 0..chunk.len() {
            match decode(enc, &chunk[..n]) {
                Err(e) => assert!(e.offset <= n, "prefix {n}: {e:?}"),
                // Only the final padding byte can go.
                Ok(_) => assert!(n + 1 == chunk.len(), "prefix {n}"),
            }
        }
        let mut b = chunk.to_vec();
        for bit in 0..b.len() * 8 {
            b[bit / 8] ^= 0x80 >> (bit % 8);
            if let Err(e) = decode(enc, &b) {
                assert!(e.offset <= b.len(), "bit {bit}: {e:?}");
            }
            b[bit / 8] ^= 0x80 >> (bit % 8);
        }
    }

    #[test]
    fn truncated_and_flipped_chunks_are_errors_not_panics() {
        let samples = same_buckets_samples();
        mangle(2, &encode_int(0, &samples));
        let floats: Vec<(i64, FloatHistogram)> = samples
            .iter()
            .map(|(t, h)| (*t, float(h, Unknown)))
            .collect();
        mangle(3, &encode_float(0xc0, &floats));
        let custom = H {
            schema: CUSTOM_BUCKETS_SCHEMA,
            count: 2,
            pspans: spans(&[(0, 2)]),
            pdeltas: vec![1, 0],
            custom: vec![0.25, 1e10],
            ..H::default()
        };
        mangle(2, &encode_int(0, &[(0, custom.clone()), (1, custom)]));
        mangle(2, &rw_native_hist_block_chunk());
    }

    #[test]
    fn random_chunks_round_trip() {
        let mut rng = Rng(42);
        for round in 0..300 {
            let np = rng.below(5) as usize;
            let nn = rng.below(3) as usize;
            let mut t = rng.below(1 << 40) as i64;
            let mut h = H {
                schema: rng.below(13) as i32 - 4,
                zero_threshold: [0.0, 2f64.powi(-128), 1e-3][rng.below(3) as usize],
                pspans: if np > 0 {
                    spans(&[(rng.below(20) as i32 - 10, np as u32)])
                } else {
                    vec![]
                },
                nspans: if nn > 0 {
                    spans(&[(0, 1), (rng.below(4) as i32, nn as u32 - 1)])
                } else {
                    vec![]
                },
                pdeltas: vec![0; np],
                ndeltas: vec![0; nn],
                ..H::default()
            };
            let mut samples = Vec::new();
            let mut abs_p = vec![0i64; np];
            let mut abs_n = vec![0i64; nn];
            for _ in 0..1 + rng.below(40) {
                t += 15_000 + rng.below(3000) as i64 - 1500;
                for a in abs_p.iter_mut().chain(abs_n.iter_mut()) {
                    *a += rng.below([3, 100, 100_000][round % 3]) as i64;
                }
                let mut prev = 0;
                for (d, &a) in h.pdeltas.iter_mut().zip(&abs_p) {
                    (*d, prev) = (a - prev, a);
                }
                prev = 0;
                for (d, &a) in h.ndeltas.iter_mut().zip(&abs_n) {
                    (*d, prev) = (a - prev, a);
                }
                h.zero_count += rng.below(10);
                h.count =
                    (abs_p.iter().sum::<i64>() + abs_n.iter().sum::<i64>()) as u64 + h.zero_count;
                h.sum += rng.unit() * 100.0;
                samples.push((t, h.clone()));
            }
            let got = decode(2, &encode_int(0, &samples)).unwrap();
            assert_eq!(got.len(), samples.len());
            for (i, ((gt, gh), (wt, wh))) in got.iter().zip(&samples).enumerate() {
                assert_eq!(gt, wt);
                let hint = if i == 0 { Unknown } else { NotCounterReset };
                assert!(bits_equal(gh, &float(wh, hint)), "round {round} sample {i}");
            }
            let floats: Vec<(i64, FloatHistogram)> = samples
                .iter()
                .map(|(t, h)| {
                    let mut f = float(h, Unknown);
                    f.sum = -f.sum / 7.0;
                    f.positive_buckets.iter_mut().for_each(|b| *b *= 1.1);
                    (*t, f)
                })
                .collect();
            let got = decode(3, &encode_float(0xc0, &floats)).unwrap();
            for ((gt, gh), (wt, wh)) in got.iter().zip(&floats) {
                assert_eq!(gt, wt);
                let mut wh = wh.clone();
                wh.counter_reset_hint = Gauge;
                assert!(bits_equal(gh, &wh), "round {round}");
            }
        }
    }

    #[test]
    #[allow(clippy::approx_constant)] // upstream's -3.1415, not π
    fn decoded_histograms_print_like_upstream() {
        // Upstream's TestHistogramString.
        let cases = [
            (H::default(), "{count:0, sum:0}"),
            (
                H {
                    count: 9,
                    sum: -3.1415,
                    zero_count: 12,
                    zero_threshold: 0.001,
                    nspans: spans(&[(0, 5), (1, 1)]),
                    ndeltas: vec![1, 2, -2, 1, -1, 0],
                    ..H::default()
                },
                "{count:9, sum:-3.1415, [-64,-32):1, [-16,-8):1, [-8,-4):2, [-4,-2):1, [-2,-1):3, [-1,-0.5):1, [-0.001,0.001]:12}",
            ),
            (
                H {
                    count: 19,
                    sum: 2.7,
                    pspans: spans(&[(0, 4), (0, 0), (0, 3)]),
                    pdeltas: vec![1, 2, -2, 1, -1, 0, 0],
                    nspans: spans(&[(0, 5), (1, 0), (0, 1)]),
                    ndeltas: vec![1, 2, -2, 1, -1, 0],
                    ..H::default()
                },
                "{count:19, sum:2.7, [-64,-32):1, [-16,-8):1, [-8,-4):2, [-4,-2):1, [-2,-1):3, [-1,-0.5):1, (0.5,1]:1, (1,2]:3, (2,4]:1, (4,8]:2, (8,16]:1, (16,32]:1, (32,64]:1}",
            ),
            (
                H {
                    schema: CUSTOM_BUCKETS_SCHEMA,
                    count: 19,
                    sum: 2.7,
                    pspans: spans(&[(0, 4), (0, 0), (0, 3)]),
                    pdeltas: vec![1, 2, -2, 1, -1, 0, 0],
                    custom: vec![1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 25.0, 50.0],
                    ..H::default()
                },
                "{count:19, sum:2.7, [-Inf,1]:1, (1,2]:3, (2,5]:1, (5,10]:2, (10,15]:1, (15,20]:1, (20,25]:1}",
            ),
        ];
        for (h, want) in cases {
            // Counts that are whole numbers print alike with %g and %d, except in exponent
            // form.
            let f = float(&h, Unknown);
            assert_eq!(f.go_string(), want);
        }
        let big = FloatHistogram {
            count: 12_345_678_901.0,
            sum: 0.5,
            positive_spans: spans(&[(0, 1)]),
            positive_buckets: vec![12_345_678_901.0],
            ..FloatHistogram::default()
        };
        assert_eq!(
            big.go_string(),
            "{count:1.2345678901e+10, sum:0.5, (0.5,1]:1.2345678901e+10}"
        );
    }

    // Real data: Prometheus 2.42's block and head chunks for rw_native_hist{instance="a"},
    // checked against its /api/v1/query_range answer.

    fn datadir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tsdb/datadirs/rw_native_hist")
    }

    const BLOCK: &str = "01M80B4S0GP7GZHTYGT17Y8F8T";

    /// A bucket as the HTTP API lists it: boundary rule (0 `(a,b]`, 1 `[a,b)`, 2 `(a,b)`,
    /// 3 `[a,b]`), lower, upper, count.
    type ApiBucket = (u64, f64, f64, f64);

    /// t (ms) → (count, sum, buckets).
    fn query_range() -> BTreeMap<i64, (f64, f64, Vec<ApiBucket>)> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/tsdb/expected/rw_native_hist.query_range.json");
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let result = &v["data"]["result"];
        assert_eq!(result.as_array().unwrap().len(), 1);
        assert_eq!(result[0]["metric"]["__name__"], "rw_native_hist");
        let num = |v: &serde_json::Value| v.as_str().unwrap().parse::<f64>().unwrap();
        result[0]["histograms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let t = p[0].as_i64().unwrap() * 1000;
                let h = &p[1];
                let buckets = h["buckets"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|b| (b[0].as_u64().unwrap(), num(&b[1]), num(&b[2]), num(&b[3])))
                    .collect();
                (t, (num(&h["count"]), num(&h["sum"]), buckets))
            })
            .collect()
    }

    /// The populated buckets in the API's order and notation.
    fn api_buckets(h: &FloatHistogram) -> Vec<ApiBucket> {
        assert!(!h.uses_custom_buckets());
        let rule = |lower: f64, upper: f64| match (lower < 0.0, upper > 0.0) {
            (false, true) => 0,
            (true, false) => 1,
            (false, false) => 2,
            (true, true) => 3,
        };
        let mut out = Vec::new();
        for (idx, c) in h.negative_bucket_entries().into_iter().rev() {
            let (lower, upper) = (
                -bucket_bound(idx, h.schema, &[]),
                -bucket_bound(idx - 1, h.schema, &[]),
            );
            out.push((rule(lower, upper), lower, upper, c));
        }
        out.push((3, -h.zero_threshold, h.zero_threshold, h.zero_count));
        for (idx, c) in h.positive_bucket_entries() {
            let (lower, upper) = (
                bucket_bound(idx - 1, h.schema, &[]),
                bucket_bound(idx, h.schema, &[]),
            );
            out.push((rule(lower, upper), lower, upper, c));
        }
        out.retain(|b| b.3 != 0.0);
        out
    }

    fn assert_matches_api(
        t: i64,
        h: &FloatHistogram,
        want: &BTreeMap<i64, (f64, f64, Vec<ApiBucket>)>,
    ) {
        let (count, sum, buckets) = want.get(&t).unwrap_or_else(|| panic!("no answer at {t}"));
        assert_eq!((h.count, h.sum), (*count, *sum), "at {t}");
        assert_eq!(&api_buckets(h), buckets, "at {t}");
    }

    /// The histogram chunk of the block (encoding 2, 107 samples).
    fn rw_native_hist_block_chunk() -> Vec<u8> {
        let dir = datadir().join(BLOCK);
        let block = crate::tsdb::Block::open(&dir).unwrap();
        let chunks = crate::tsdb::chunks::ChunkReader::new(&dir.join("chunks"));
        let labels = |l: &[(&str, &str)]| {
            l.iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect::<Vec<_>>()
        };
        let want = labels(&[("__name__", "rw_native_hist"), ("instance", "a")]);
        let mut found = Vec::new();
        for id in block.index.all_postings().unwrap() {
            let series = block.index.series(id).unwrap();
            if series.labels == want {
                for c in &series.chunks {
                    let raw = chunks.chunk(c.chunk_ref).unwrap();
                    assert_eq!(raw.encoding, 2);
                    found.push(raw.data.to_vec());
                }
            }
        }
        assert_eq!(found.len(), 1);
        found.remove(0)
    }

    #[test]
    fn prometheus_block_matches_query_range() {
        let want = query_range();
        let block = crate::tsdb::Block::open(&datadir().join(BLOCK)).unwrap();
        let (mint, maxt) = (block.meta.min_time, block.meta.max_time);
        let chunk = rw_native_hist_block_chunk();
        assert_eq!(header_hint(&chunk), Ok(Unknown));
        let got = match decode_samples(2, &chunk).unwrap() {
            ChunkSamples::Histograms(h) => h,
            other => panic!("{other:?}"),
        };
        assert_eq!(got.len(), 107);
        for (i, (t, h)) in got.iter().enumerate() {
            assert!(mint <= *t && *t < maxt);
            assert_matches_api(*t, h, &want);
            assert_eq!(h.schema, 0);
            assert_eq!(h.zero_threshold, 2f64.powi(-128));
            let hint = if i == 0 { Unknown } else { NotCounterReset };
            assert_eq!(h.counter_reset_hint, hint);
        }
        // Every answer inside the block's range came from it.
        assert_eq!(want.range(mint..maxt).count(), got.len());
        assert_eq!(
            got[0].1.go_string(),
            "{count:7, sum:12.25, (0.5,1]:1, (1,2]:2, (2,4]:3, (4,8]:1}"
        );
        assert_eq!(
            got[106].1.go_string(),
            "{count:837, sum:1310.75, [-2.938735877055719e-39,2.938735877055719e-39]:35, \
             (0.5,1]:107, (1,2]:214, (2,4]:321, (4,8]:107, (64,128]:53}"
        );
    }

    /// Histogram chunks of `chunks_head/000001`: entries of series ref, mint, maxt (BE64
    /// each), encoding, uvarint length, data and a CRC.
    fn head_chunks() -> Vec<(u64, u8, Vec<u8>)> {
        let b = std::fs::read(datadir().join("chunks_head/000001")).unwrap();
        let mut d = crate::tsdb::Decbuf::new(&b, 8);
        let mut out = Vec::new();
        while d.remaining() > 25 {
            let series = d.be64().unwrap();
            let mint = d.be64().unwrap();
            if series == 0 && mint == 0 {
                break;
            }
            d.be64().unwrap();
            let enc = d.u8().unwrap();
            let data = d.uvarint_bytes().unwrap().to_vec();
            d.be32().unwrap();
            out.push((series, enc, data));
        }
        out
    }

    #[test]
    fn prometheus_head_chunks_match_query_range() {
        let want = query_range();
        let hist: Vec<Vec<u8>> = head_chunks()
            .into_iter()
            .filter(|c| c.1 == 2)
            .map(|c| c.2)
            .collect();
        // The block's chunk, the rest of the 2 h range, and the chunk cut by the counter
        // reset at step 150.
        assert_eq!(hist.len(), 3);
        assert_eq!(hist[0], rw_native_hist_block_chunk());
        let headers: Vec<_> = hist.iter().map(|c| header_hint(c).unwrap()).collect();
        assert_eq!(headers, [Unknown, NotCounterReset, CounterReset]);
        let mut total = 0;
        for chunk in &hist {
            let got = decode(2, chunk).unwrap();
            assert_eq!(got[0].1.counter_reset_hint, Unknown);
            for (t, h) in &got {
                assert_matches_api(*t, h, &want);
            }
            total += got.len();
        }
        assert_eq!(total, 107 + 43 + 77);
        let reset = decode(2, &hist[2]).unwrap();
        assert_eq!(reset[0].0, 1_700_009_000_000);
        assert_eq!(reset[0].1.count, 7.0);
    }
}

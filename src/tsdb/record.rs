//! The payloads of WAL records (Prometheus's `tsdb/record`): series, float samples,
//! tombstones, native histograms (integer and float, exponential and custom buckets) and
//! m-map markers, in the formats of Prometheus 2.42 and of today's Prometheus (the V2 sample
//! and histogram records with start timestamps, types 11 to 13). Exemplars, metadata and
//! unknown types are recognised and skipped, as reading samples does not need them.
//!
//! Integer histograms are converted to [`FloatHistogram`] (bucket deltas summed into counts).

use super::block::LabelPairs;
use super::{Corrupt, Decbuf};
use crate::model::histogram::{
    is_known_schema, CounterResetHint, FloatHistogram, Span, CUSTOM_BUCKETS_SCHEMA,
};

pub const SERIES: u8 = 1;
pub const SAMPLES: u8 = 2;
pub const TOMBSTONES: u8 = 3;
pub const EXEMPLARS: u8 = 4;
pub const MMAP_MARKERS: u8 = 5;
pub const METADATA: u8 = 6;
pub const HISTOGRAM_SAMPLES: u8 = 7;
pub const FLOAT_HISTOGRAM_SAMPLES: u8 = 8;
pub const CUSTOM_BUCKETS_HISTOGRAM_SAMPLES: u8 = 9;
pub const CUSTOM_BUCKETS_FLOAT_HISTOGRAM_SAMPLES: u8 = 10;
pub const SAMPLES_V2: u8 = 11;
pub const HISTOGRAM_SAMPLES_V2: u8 = 12;
pub const FLOAT_HISTOGRAM_SAMPLES_V2: u8 = 13;

/// A series and the reference that the records after it use for it.
#[derive(Debug, Clone, PartialEq)]
pub struct RefSeries {
    pub series_ref: u64,
    /// Sorted by name.
    pub labels: LabelPairs,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RefSample {
    pub series_ref: u64,
    pub t: i64,
    pub v: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RefHistogram {
    pub series_ref: u64,
    pub t: i64,
    pub h: FloatHistogram,
}

/// A deleted interval `[mint, maxt]` (inclusive) of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stone {
    pub series_ref: u64,
    pub mint: i64,
    pub maxt: i64,
}

/// In the out-of-order WAL (`wbl/`): the series' out-of-order head chunk was written to
/// `chunks_head/` as `chunk_ref`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MmapMarker {
    pub series_ref: u64,
    pub chunk_ref: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Series(Vec<RefSeries>),
    Samples(Vec<RefSample>),
    Tombstones(Vec<Stone>),
    Histograms(Vec<RefHistogram>),
    MmapMarkers(Vec<MmapMarker>),
    /// A record that reading samples does not need (exemplars, metadata) or of an unknown
    /// type (Prometheus skips those too); the type byte, 255 for an empty record.
    Other(u8),
}

impl Record {
    /// The record kind, for messages.
    pub fn type_name(typ: u8) -> &'static str {
        match typ {
            SERIES => "series",
            SAMPLES | SAMPLES_V2 => "samples",
            TOMBSTONES => "tombstones",
            EXEMPLARS => "exemplars",
            MMAP_MARKERS => "mmap markers",
            METADATA => "metadata",
            HISTOGRAM_SAMPLES
            | CUSTOM_BUCKETS_HISTOGRAM_SAMPLES
            | HISTOGRAM_SAMPLES_V2
            | FLOAT_HISTOGRAM_SAMPLES
            | CUSTOM_BUCKETS_FLOAT_HISTOGRAM_SAMPLES
            | FLOAT_HISTOGRAM_SAMPLES_V2 => "histograms",
            _ => "unknown",
        }
    }
}

type Res<T> = std::result::Result<T, Corrupt>;

/// Decodes one record. Offsets in errors are relative to the (decompressed) record.
pub fn decode(rec: &[u8]) -> Res<Record> {
    let Some(&typ) = rec.first() else {
        return Ok(Record::Other(255));
    };
    let mut d = Decbuf::new(rec, 1);
    let out = match typ {
        SERIES => Record::Series(series(&mut d)?),
        SAMPLES => Record::Samples(samples_v1(&mut d)?),
        SAMPLES_V2 => Record::Samples(samples_v2(&mut d)?),
        TOMBSTONES => Record::Tombstones(tombstones(&mut d)?),
        MMAP_MARKERS => Record::MmapMarkers(mmap_markers(&mut d)?),
        HISTOGRAM_SAMPLES | CUSTOM_BUCKETS_HISTOGRAM_SAMPLES => {
            Record::Histograms(histograms_v1(&mut d, false)?)
        }
        FLOAT_HISTOGRAM_SAMPLES | CUSTOM_BUCKETS_FLOAT_HISTOGRAM_SAMPLES => {
            Record::Histograms(histograms_v1(&mut d, true)?)
        }
        HISTOGRAM_SAMPLES_V2 => Record::Histograms(histograms_v2(&mut d, false)?),
        FLOAT_HISTOGRAM_SAMPLES_V2 => Record::Histograms(histograms_v2(&mut d, true)?),
        other => return Ok(Record::Other(other)),
    };
    Ok(out)
}

/// A count read from the record that must not exceed the bytes left (each item takes at
/// least one), so a corrupt count cannot make us allocate much.
fn count(d: &mut Decbuf<'_>, what: &str) -> Res<usize> {
    let at = d.pos;
    let n = d.uvarint_usize()?;
    if n > d.remaining() {
        return Err(Corrupt::new(
            at,
            format!("{what} count {n} exceeds the {} bytes left", d.remaining()),
        ));
    }
    Ok(n)
}

fn string(d: &mut Decbuf<'_>) -> Res<String> {
    // Prometheus's strings are bytes; a stray invalid byte should not cost the whole WAL.
    Ok(String::from_utf8_lossy(d.uvarint_bytes()?).into_owned())
}

fn series(d: &mut Decbuf<'_>) -> Res<Vec<RefSeries>> {
    let mut out = Vec::new();
    while d.remaining() > 0 {
        let series_ref = d.be64()?;
        let n = count(d, "label")?;
        let mut labels = Vec::with_capacity(n);
        for _ in 0..n {
            let name = string(d)?;
            let value = string(d)?;
            labels.push((name, value));
        }
        labels.sort();
        out.push(RefSeries { series_ref, labels });
    }
    Ok(out)
}

fn be64_i64(d: &mut Decbuf<'_>) -> Res<i64> {
    Ok(d.be64()? as i64)
}

fn be64_f64(d: &mut Decbuf<'_>) -> Res<f64> {
    Ok(f64::from_bits(d.be64()?))
}

/// `BE64 ref0 | BE64 t0`, then per sample `varint ref-ref0 | varint t-t0 | BE64 value`.
fn samples_v1(d: &mut Decbuf<'_>) -> Res<Vec<RefSample>> {
    let mut out = Vec::new();
    if d.remaining() == 0 {
        return Ok(out);
    }
    let base_ref = d.be64()?;
    let base_t = be64_i64(d)?;
    while d.remaining() > 0 {
        let dref = d.varint()?;
        let dt = d.varint()?;
        let v = be64_f64(d)?;
        out.push(RefSample {
            series_ref: base_ref.wrapping_add(dref as u64),
            t: base_t.wrapping_add(dt),
            v,
        });
    }
    Ok(out)
}

/// The start-timestamp marker of V2 records: none, same as the previous sample's, or a
/// delta to the first one. We do not keep start timestamps; this only skips them.
fn skip_start_time(d: &mut Decbuf<'_>) -> Res<()> {
    match d.u8()? {
        0 | 1 => Ok(()),
        _ => d.varint().map(|_| ()),
    }
}

/// First sample `varint ref | varint t | varint st | BE64 v`; later ones `varint ref-prevref |
/// varint t-t0 | st marker | BE64 v`.
fn samples_v2(d: &mut Decbuf<'_>) -> Res<Vec<RefSample>> {
    let mut out: Vec<RefSample> = Vec::new();
    let mut first_t = 0i64;
    while d.remaining() > 0 {
        let (series_ref, t) = match out.last() {
            None => {
                let r = d.varint()? as u64;
                first_t = d.varint()?;
                d.varint()?;
                (r, first_t)
            }
            Some(prev) => {
                let r = prev.series_ref.wrapping_add(d.varint()? as u64);
                let t = first_t.wrapping_add(d.varint()?);
                skip_start_time(d)?;
                (r, t)
            }
        };
        let v = be64_f64(d)?;
        out.push(RefSample { series_ref, t, v });
    }
    Ok(out)
}

/// `BE64 ref | varint mint | varint maxt`, repeated.
fn tombstones(d: &mut Decbuf<'_>) -> Res<Vec<Stone>> {
    let mut out = Vec::new();
    while d.remaining() > 0 {
        let series_ref = d.be64()?;
        let mint = d.varint()?;
        let maxt = d.varint()?;
        out.push(Stone {
            series_ref,
            mint,
            maxt,
        });
    }
    Ok(out)
}

fn mmap_markers(d: &mut Decbuf<'_>) -> Res<Vec<MmapMarker>> {
    let mut out = Vec::new();
    while d.remaining() > 0 {
        let series_ref = d.be64()?;
        let chunk_ref = d.be64()?;
        out.push(MmapMarker {
            series_ref,
            chunk_ref,
        });
    }
    Ok(out)
}

fn histograms_v1(d: &mut Decbuf<'_>, float: bool) -> Res<Vec<RefHistogram>> {
    let mut out = Vec::new();
    if d.remaining() == 0 {
        return Ok(out);
    }
    let base_ref = d.be64()?;
    let base_t = be64_i64(d)?;
    while d.remaining() > 0 {
        let dref = d.varint()?;
        let dt = d.varint()?;
        let h = histogram(d, float)?;
        push_histogram(
            &mut out,
            base_ref.wrapping_add(dref as u64),
            base_t.wrapping_add(dt),
            h,
        );
    }
    Ok(out)
}

fn histograms_v2(d: &mut Decbuf<'_>, float: bool) -> Res<Vec<RefHistogram>> {
    let mut out = Vec::new();
    if d.remaining() == 0 {
        return Ok(out);
    }
    let first_ref = d.varint()? as u64;
    let first_t = d.varint()?;
    d.varint()?; // first start timestamp
    let mut prev_ref = None;
    while d.remaining() > 0 {
        let (series_ref, t) = match prev_ref {
            None => (first_ref, first_t),
            Some(p) => {
                let r = u64::wrapping_add(p, d.varint()? as u64);
                let t = first_t.wrapping_add(d.varint()?);
                skip_start_time(d)?;
                (r, t)
            }
        };
        prev_ref = Some(series_ref);
        let h = histogram(d, float)?;
        push_histogram(&mut out, series_ref, t, h);
    }
    Ok(out)
}

/// Keeps a decoded histogram as Prometheus does: unknown schemas are skipped, schemas finer
/// than the finest supported one are reduced to it.
fn push_histogram(out: &mut Vec<RefHistogram>, series_ref: u64, t: i64, mut h: FloatHistogram) {
    if !is_known_schema(h.schema) {
        return;
    }
    h.reduce_to_max_schema();
    out.push(RefHistogram { series_ref, t, h });
}

fn spans(d: &mut Decbuf<'_>) -> Res<Vec<Span>> {
    let n = count(d, "span")?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let offset = d.varint()? as i32;
        let at = d.pos;
        let length = u32::try_from(d.uvarint()?)
            .map_err(|_| Corrupt::new(at, "span length out of range"))?;
        out.push(Span { offset, length });
    }
    Ok(out)
}

/// Integer buckets are deltas to the previous bucket; floats are absolute.
fn buckets(d: &mut Decbuf<'_>, float: bool) -> Res<Vec<f64>> {
    let n = count(d, "bucket")?;
    let mut out = Vec::with_capacity(n);
    let mut acc = 0i64;
    for _ in 0..n {
        if float {
            out.push(be64_f64(d)?);
        } else {
            acc = acc.wrapping_add(d.varint()?);
            out.push(acc as f64);
        }
    }
    Ok(out)
}

/// One histogram (record.go's `DecodeHistogram` / `DecodeFloatHistogram`).
fn histogram(d: &mut Decbuf<'_>, float: bool) -> Res<FloatHistogram> {
    let start = d.pos;
    let counter_reset_hint = match d.u8()? {
        1 => CounterResetHint::CounterReset,
        2 => CounterResetHint::NotCounterReset,
        3 => CounterResetHint::Gauge,
        _ => CounterResetHint::Unknown,
    };
    let schema = d.varint()? as i32;
    let zero_threshold = be64_f64(d)?;
    let (zero_count, count_) = if float {
        (be64_f64(d)?, be64_f64(d)?)
    } else {
        (d.uvarint()? as f64, d.uvarint()? as f64)
    };
    let sum = be64_f64(d)?;
    let positive_spans = spans(d)?;
    let negative_spans = spans(d)?;
    let positive_buckets = buckets(d, float)?;
    let negative_buckets = buckets(d, float)?;
    let mut custom_values = Vec::new();
    if schema == CUSTOM_BUCKETS_SCHEMA {
        let n = count(d, "custom value")?;
        for _ in 0..n {
            custom_values.push(be64_f64(d)?);
        }
    }
    // Spans and buckets must agree, or bucket arithmetic later would read past the end.
    for (side, spans, buckets) in [
        ("positive", &positive_spans, &positive_buckets),
        ("negative", &negative_spans, &negative_buckets),
    ] {
        let want: u64 = spans.iter().map(|s| u64::from(s.length)).sum();
        if want != buckets.len() as u64 {
            return Err(Corrupt::new(
                start,
                format!(
                    "histogram: {side} spans cover {want} buckets but {} are given",
                    buckets.len()
                ),
            ));
        }
    }
    Ok(FloatHistogram {
        counter_reset_hint,
        schema,
        zero_threshold,
        zero_count,
        count: count_,
        sum,
        positive_spans,
        negative_spans,
        positive_buckets,
        negative_buckets,
        custom_values,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Encoders for tests, following record.go's `Encoder`.
    pub(crate) fn put_uvarint(b: &mut Vec<u8>, mut x: u64) {
        while x >= 0x80 {
            b.push((x as u8) | 0x80);
            x >>= 7;
        }
        b.push(x as u8);
    }

    pub(crate) fn put_varint(b: &mut Vec<u8>, x: i64) {
        put_uvarint(b, ((x << 1) ^ (x >> 63)) as u64);
    }

    pub(crate) fn enc_series(series: &[(u64, &[(&str, &str)])]) -> Vec<u8> {
        let mut b = vec![SERIES];
        for (r, labels) in series {
            b.extend_from_slice(&r.to_be_bytes());
            put_uvarint(&mut b, labels.len() as u64);
            for (n, v) in *labels {
                put_uvarint(&mut b, n.len() as u64);
                b.extend_from_slice(n.as_bytes());
                put_uvarint(&mut b, v.len() as u64);
                b.extend_from_slice(v.as_bytes());
            }
        }
        b
    }

    pub(crate) fn enc_samples(samples: &[(u64, i64, f64)]) -> Vec<u8> {
        let mut b = vec![SAMPLES];
        let Some(&(r0, t0, _)) = samples.first() else {
            return b;
        };
        b.extend_from_slice(&r0.to_be_bytes());
        b.extend_from_slice(&t0.to_be_bytes());
        for &(r, t, v) in samples {
            put_varint(&mut b, r as i64 - r0 as i64);
            put_varint(&mut b, t - t0);
            b.extend_from_slice(&v.to_bits().to_be_bytes());
        }
        b
    }

    pub(crate) fn enc_tombstones(stones: &[(u64, i64, i64)]) -> Vec<u8> {
        let mut b = vec![TOMBSTONES];
        for &(r, a, z) in stones {
            b.extend_from_slice(&r.to_be_bytes());
            put_varint(&mut b, a);
            put_varint(&mut b, z);
        }
        b
    }

    /// An integer histogram record: one schema-0 histogram per sample with the given
    /// absolute positive bucket counts at indices 0.. (one span).
    pub(crate) fn enc_int_histograms(samples: &[(u64, i64, &[u64])]) -> Vec<u8> {
        let mut b = vec![HISTOGRAM_SAMPLES];
        let Some(&(r0, t0, _)) = samples.first() else {
            return b;
        };
        b.extend_from_slice(&r0.to_be_bytes());
        b.extend_from_slice(&t0.to_be_bytes());
        for &(r, t, counts) in samples {
            put_varint(&mut b, r as i64 - r0 as i64);
            put_varint(&mut b, t - t0);
            b.push(0); // hint
            put_varint(&mut b, 0); // schema
            b.extend_from_slice(&0.001f64.to_bits().to_be_bytes());
            put_uvarint(&mut b, 0); // zero count
            put_uvarint(&mut b, counts.iter().sum());
            b.extend_from_slice(&1.5f64.to_bits().to_be_bytes());
            put_uvarint(&mut b, 1);
            put_varint(&mut b, 0);
            put_uvarint(&mut b, counts.len() as u64);
            put_uvarint(&mut b, 0);
            put_uvarint(&mut b, counts.len() as u64);
            let mut prev = 0i64;
            for &c in counts {
                put_varint(&mut b, c as i64 - prev);
                prev = c as i64;
            }
            put_uvarint(&mut b, 0);
        }
        b
    }

    #[test]
    fn series_samples_tombstones() {
        let rec = enc_series(&[(3, &[("job", "x"), ("__name__", "up")]), (4, &[])]);
        let Record::Series(s) = decode(&rec).unwrap() else {
            panic!()
        };
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].series_ref, 3);
        assert_eq!(
            s[0].labels,
            vec![("__name__".into(), "up".into()), ("job".into(), "x".into())]
        );
        let rec = enc_samples(&[(5, 1000, 1.5), (3, 900, -2.0), (7, 2000, f64::INFINITY)]);
        assert_eq!(
            decode(&rec).unwrap(),
            Record::Samples(vec![
                RefSample {
                    series_ref: 5,
                    t: 1000,
                    v: 1.5
                },
                RefSample {
                    series_ref: 3,
                    t: 900,
                    v: -2.0
                },
                RefSample {
                    series_ref: 7,
                    t: 2000,
                    v: f64::INFINITY
                },
            ])
        );
        assert_eq!(decode(&[SAMPLES]).unwrap(), Record::Samples(vec![]));
        let rec = enc_tombstones(&[(3, 10, 20), (4, i64::MIN, i64::MAX)]);
        assert_eq!(
            decode(&rec).unwrap(),
            Record::Tombstones(vec![
                Stone {
                    series_ref: 3,
                    mint: 10,
                    maxt: 20
                },
                Stone {
                    series_ref: 4,
                    mint: i64::MIN,
                    maxt: i64::MAX
                },
            ])
        );
    }

    #[test]
    fn skipped_and_unknown_types() {
        assert_eq!(decode(&[]).unwrap(), Record::Other(255));
        assert_eq!(
            decode(&[EXEMPLARS, 1, 2]).unwrap(),
            Record::Other(EXEMPLARS)
        );
        assert_eq!(decode(&[METADATA]).unwrap(), Record::Other(METADATA));
        assert_eq!(decode(&[200, 1]).unwrap(), Record::Other(200));
    }

    #[test]
    fn integer_histograms_become_float_histograms() {
        let rec = enc_int_histograms(&[(9, 100, &[1, 3, 2]), (9, 160, &[])]);
        let Record::Histograms(hs) = decode(&rec).unwrap() else {
            panic!()
        };
        assert_eq!(hs.len(), 2);
        assert_eq!((hs[0].series_ref, hs[0].t), (9, 100));
        assert_eq!(hs[0].h.positive_buckets, vec![1.0, 3.0, 2.0]);
        assert_eq!(hs[0].h.count, 6.0);
        assert_eq!(hs[0].h.sum, 1.5);
        assert_eq!(hs[0].h.zero_threshold, 0.001);
        assert_eq!(
            hs[0].h.positive_spans,
            vec![Span {
                offset: 0,
                length: 3
            }]
        );
        assert_eq!(hs[1].t, 160);
    }

    #[test]
    fn float_and_custom_bucket_histograms() {
        let mut b = vec![CUSTOM_BUCKETS_FLOAT_HISTOGRAM_SAMPLES];
        b.extend_from_slice(&2u64.to_be_bytes());
        b.extend_from_slice(&50i64.to_be_bytes());
        put_varint(&mut b, 0);
        put_varint(&mut b, 0);
        b.push(3); // gauge
        put_varint(&mut b, CUSTOM_BUCKETS_SCHEMA as i64);
        for v in [0.0f64, 0.0, 4.0, 10.0] {
            b.extend_from_slice(&v.to_bits().to_be_bytes());
        }
        put_uvarint(&mut b, 1);
        put_varint(&mut b, 0);
        put_uvarint(&mut b, 2);
        put_uvarint(&mut b, 0);
        put_uvarint(&mut b, 2);
        for v in [1.5f64, 2.5] {
            b.extend_from_slice(&v.to_bits().to_be_bytes());
        }
        put_uvarint(&mut b, 0);
        put_uvarint(&mut b, 2);
        for v in [0.5f64, 1.0] {
            b.extend_from_slice(&v.to_bits().to_be_bytes());
        }
        let Record::Histograms(hs) = decode(&b).unwrap() else {
            panic!()
        };
        let h = &hs[0].h;
        assert_eq!(h.counter_reset_hint, CounterResetHint::Gauge);
        assert_eq!(h.custom_values, vec![0.5, 1.0]);
        assert_eq!(h.positive_buckets, vec![1.5, 2.5]);
        assert_eq!((h.count, h.sum), (4.0, 10.0));
    }

    #[test]
    fn v2_samples() {
        let mut b = vec![SAMPLES_V2];
        put_varint(&mut b, 7);
        put_varint(&mut b, 1000);
        put_varint(&mut b, 900); // st
        b.extend_from_slice(&1.0f64.to_bits().to_be_bytes());
        put_varint(&mut b, 2); // ref 9
        put_varint(&mut b, 15); // t 1015
        b.push(2);
        put_varint(&mut b, 5);
        b.extend_from_slice(&2.0f64.to_bits().to_be_bytes());
        put_varint(&mut b, -1); // ref 8
        put_varint(&mut b, 30);
        b.push(1);
        b.extend_from_slice(&3.0f64.to_bits().to_be_bytes());
        assert_eq!(
            decode(&b).unwrap(),
            Record::Samples(vec![
                RefSample {
                    series_ref: 7,
                    t: 1000,
                    v: 1.0
                },
                RefSample {
                    series_ref: 9,
                    t: 1015,
                    v: 2.0
                },
                RefSample {
                    series_ref: 8,
                    t: 1030,
                    v: 3.0
                },
            ])
        );
    }

    #[test]
    fn corrupt_records_are_errors() {
        // Cuts between samples leave a valid record.
        let rec = enc_samples(&[(5, 1000, 1.5), (6, 1001, 2.5)]);
        for n in (2..rec.len()).filter(|&n| n != 17 && n != 27) {
            assert!(decode(&rec[..n]).is_err(), "cut at {n}");
        }
        let rec = enc_int_histograms(&[(9, 100, &[1, 3, 2])]);
        for n in (2..rec.len()).filter(|&n| n != 17) {
            assert!(decode(&rec[..n]).is_err(), "cut at {n}");
        }
        // A huge label count.
        let mut b = vec![SERIES];
        b.extend_from_slice(&1u64.to_be_bytes());
        put_uvarint(&mut b, u64::MAX >> 1);
        let e = decode(&b).unwrap_err();
        assert!(e.message.contains("exceeds"), "{e:?}");
        // Spans that do not match the buckets.
        let mut rec = enc_int_histograms(&[(9, 100, &[1, 3])]);
        let n = rec.len();
        rec[n - 6] = 3; // span length 2 -> 3
        assert!(decode(&rec).is_err());
    }
}

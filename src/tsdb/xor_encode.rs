//! The XOR float chunk encoder (chunk encoding 1), byte-identical to Prometheus's
//! `chunkenc.xorAppender` so that blocks we write equal promtool's.
//!
//! Format: shared/research/tsdb.md §4. Three details decide byte identity:
//! - timestamps take the first delta-of-delta bucket that fits (ranges `-(2^(n-1)-1) ..= 2^(n-1)`);
//! - the leading-zero count is clamped to 31 (it has 5 bits) and the previous window is reused
//!   whenever the new value's leading and trailing zeros both cover it;
//! - Go's `bstream` leaves an empty trailing byte after a whole byte written at a byte
//!   boundary (a one-sample chunk, or a value that ends exactly on a byte), and that byte is
//!   part of the stored chunk.

/// Appends samples to one XOR chunk. At most `u16::MAX` samples fit (the header is a BE16);
/// the block writer cuts chunks at 240.
#[derive(Debug, Clone)]
pub struct XorAppender {
    /// The chunk bytes as Go's `bstream` holds them: 2 header bytes, then the bit stream.
    b: Vec<u8>,
    /// Bits written after the header.
    bits: u64,
    /// Whether `b` ends with the empty byte Go's `writeByte` leaves at a byte boundary.
    extra: bool,
    num: u16,
    t: i64,
    v: u64,
    t_delta: u64,
    /// `None` until the first value that differs from its predecessor (Go's 0xff).
    leading: Option<u8>,
    trailing: u8,
}

impl Default for XorAppender {
    fn default() -> Self {
        XorAppender::new()
    }
}

impl XorAppender {
    pub fn new() -> XorAppender {
        let mut b = Vec::with_capacity(128);
        b.extend_from_slice(&[0, 0]);
        XorAppender {
            b,
            bits: 0,
            extra: false,
            num: 0,
            t: 0,
            v: 0,
            t_delta: 0,
            leading: None,
            trailing: 0,
        }
    }

    pub fn num_samples(&self) -> u16 {
        self.num
    }

    /// The chunk's bytes (the data of a chunk record, without the encoding byte).
    pub fn bytes(&self) -> &[u8] {
        &self.b
    }

    /// The finished chunk, its buffer trimmed.
    pub fn into_bytes(self) -> Box<[u8]> {
        self.b.into_boxed_slice()
    }

    /// Appends a sample. Timestamps must increase (the caller checks); `num` wraps after
    /// 65535 samples, so callers cut chunks long before.
    pub fn append(&mut self, t: i64, v: f64) {
        let vbits = v.to_bits();
        let mut t_delta = 0u64;
        match self.num {
            0 => {
                self.write_uvarint(zigzag_encode(t));
                self.write_bits(vbits, 64);
            }
            1 => {
                t_delta = t.wrapping_sub(self.t) as u64;
                self.write_uvarint(t_delta);
                self.write_value(vbits);
            }
            _ => {
                t_delta = t.wrapping_sub(self.t) as u64;
                let dod = t_delta.wrapping_sub(self.t_delta) as i64;
                if dod == 0 {
                    self.write_bit(false);
                } else if bit_range(dod, 14) {
                    self.write_bits(0b10, 2);
                    self.write_bits(dod as u64, 14);
                } else if bit_range(dod, 17) {
                    self.write_bits(0b110, 3);
                    self.write_bits(dod as u64, 17);
                } else if bit_range(dod, 20) {
                    self.write_bits(0b1110, 4);
                    self.write_bits(dod as u64, 20);
                } else {
                    self.write_bits(0b1111, 4);
                    self.write_bits(dod as u64, 64);
                }
                self.write_value(vbits);
            }
        }
        self.t = t;
        self.v = vbits;
        self.t_delta = t_delta;
        self.num = self.num.wrapping_add(1);
        let [hi, lo] = self.num.to_be_bytes();
        if let Some(h) = self.b.get_mut(..2) {
            h[0] = hi;
            h[1] = lo;
        }
    }

    fn write_value(&mut self, vbits: u64) {
        let delta = vbits ^ self.v;
        if delta == 0 {
            self.write_bit(false);
            return;
        }
        self.write_bit(true);
        let new_leading = (delta.leading_zeros() as u8).min(31);
        let new_trailing = delta.trailing_zeros() as u8;
        if let Some(leading) = self.leading {
            if new_leading >= leading && new_trailing >= self.trailing {
                self.write_bit(false);
                let sig = 64 - u32::from(leading) - u32::from(self.trailing);
                self.write_bits(delta >> self.trailing, sig);
                return;
            }
        }
        self.leading = Some(new_leading);
        self.trailing = new_trailing;
        self.write_bit(true);
        self.write_bits(u64::from(new_leading), 5);
        // 64 significant bits are written as 0 (6 bits); decoders read 0 back as 64.
        let sig = 64 - u32::from(new_leading) - u32::from(new_trailing);
        self.write_bits(u64::from(sig), 6);
        self.write_bits(delta >> new_trailing, sig);
    }

    /// A Go uvarint, byte by byte (as `binary.PutUvarint` then `writeByte`).
    fn write_uvarint(&mut self, mut x: u64) {
        while x >= 0x80 {
            self.write_bits(u64::from((x as u8) | 0x80), 8);
            x >>= 7;
        }
        self.write_bits(x & 0x7f, 8);
    }

    fn write_bit(&mut self, bit: bool) {
        self.write_bits(u64::from(bit), 1);
    }

    /// The `n` (≤ 64) low bits of `u`, most significant first. Go's `bstream.writeBits`
    /// writes whole bytes with `writeByte`, then single bits; the only trace that split
    /// leaves is an empty byte after a write of whole bytes that ends on a byte boundary,
    /// which `extra` keeps (and the next write fills).
    fn write_bits(&mut self, u: u64, n: u32) {
        if n == 0 || n > 64 {
            return;
        }
        if self.extra {
            self.b.pop();
            self.extra = false;
        }
        let mut u = u << (64 - n);
        let mut left = n;
        let used = (self.bits % 8) as u32;
        if used != 0 {
            let free = 8 - used;
            if let Some(last) = self.b.last_mut() {
                *last |= (u >> (64 - free)) as u8;
            }
            if left <= free {
                self.bits += u64::from(n);
                return;
            }
            u <<= free;
            left -= free;
        }
        while left >= 8 {
            self.b.push((u >> 56) as u8);
            u <<= 8;
            left -= 8;
        }
        if left > 0 {
            self.b.push((u >> 56) as u8);
        }
        self.bits += u64::from(n);
        if n % 8 == 0 && self.bits % 8 == 0 {
            self.b.push(0);
            self.extra = true;
        }
    }
}

/// Whether `x` fits an `nbits` delta-of-delta bucket, whose range is asymmetric.
fn bit_range(x: i64, nbits: u32) -> bool {
    -((1i64 << (nbits - 1)) - 1) <= x && x <= 1i64 << (nbits - 1)
}

/// Go's zig-zag encoding of signed varints.
pub(crate) fn zigzag_encode(x: i64) -> u64 {
    ((x << 1) ^ (x >> 63)) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tsdb::chunkenc::decode_xor;

    fn encode(samples: &[(i64, f64)]) -> Vec<u8> {
        let mut a = XorAppender::new();
        for &(t, v) in samples {
            a.append(t, v);
        }
        a.bytes().to_vec()
    }

    fn round_trip(samples: &[(i64, f64)]) {
        let b = encode(samples);
        let got = decode_xor(&b).unwrap();
        assert_eq!(got.len(), samples.len());
        for (g, w) in got.iter().zip(samples) {
            assert_eq!(g.0, w.0);
            assert_eq!(g.1.to_bits(), w.1.to_bits(), "value at {}", w.0);
        }
    }

    /// The worked example of tsdb.md §4: the `tiny_ts` chunk as promtool wrote it.
    #[test]
    fn tiny_ts_chunk_is_byte_identical() {
        let samples = [
            (300, 0.0),
            (1000, 1.0),
            (1002, 2.0),
            (2001, 3.0),
            (4350, 4.0),
            (8200, 5.0),
            (9999, 6.0),
        ];
        let b = encode(&samples);
        assert_eq!(b.len(), 38);
        assert_eq!(&b[..14], &[0, 7, 0xd8, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0xbc, 5]);
        assert_eq!(&b[14..18], &[0xc4, 0x57, 0xff, 0x7a]);
        round_trip(&samples);
    }

    #[test]
    fn one_sample_keeps_the_empty_trailing_byte() {
        // Go's bstream: varint (2 bytes) + 64 bits, all whole bytes at byte boundaries, so an
        // empty byte follows.
        let b = encode(&[(300, 1.5)]);
        assert_eq!(b.len(), 2 + 2 + 8 + 1);
        assert_eq!(b.last(), Some(&0));
        round_trip(&[(300, 1.5)]);
        assert_eq!(encode(&[]), vec![0, 0]);
    }

    #[test]
    fn every_dod_bucket_and_its_edges() {
        let mut samples = vec![(0i64, 0.0), (1000, 1.0)];
        let mut t = 1000i64;
        let mut delta = 1000i64;
        for dod in [
            0,
            1,
            -1,
            8192,
            -8191,
            8193,
            -8192,
            65536,
            -65535,
            65537,
            -65536,
            524288,
            -524287,
            524289,
            -524288,
            1 << 40,
            -(1 << 40),
            0,
            0,
        ] {
            delta += dod;
            t += delta;
            samples.push((t, t as f64));
        }
        round_trip(&samples);
        assert!(bit_range(8192, 14) && !bit_range(-8192, 14) && bit_range(-8191, 14));
        assert!(bit_range(524288, 20) && !bit_range(524289, 20));
    }

    #[test]
    fn special_floats_and_window_reuse() {
        let stale = f64::from_bits(0x7ff0_0000_0000_0002);
        let go_nan = f64::from_bits(0x7ff8_0000_0000_0001);
        let values = [
            0.0,
            -0.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            go_nan,
            f64::NAN,
            stale,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            1.0,
            1.0,
            1.5,
            2.0,
            9007199254740993.0,
            -1e300,
            0.1,
            0.30000000000000004,
        ];
        let samples: Vec<(i64, f64)> = values
            .iter()
            .enumerate()
            .map(|(i, &v)| (i as i64 * 15_000 - 40_000, v))
            .collect();
        round_trip(&samples);
        // A value whose XOR has more than 31 leading zeros: the count is clamped to 31.
        round_trip(&[
            (0, 1.0),
            (1, f64::from_bits(1.0f64.to_bits() ^ 1)),
            (2, 1.0),
        ]);
        // Negative first timestamp and 64 significant bits (leading = trailing = 0).
        round_trip(&[
            (-5, f64::from_bits(1)),
            (7, f64::from_bits(0x8000_0000_0000_0000)),
        ]);
    }

    #[test]
    fn long_chunks_round_trip() {
        let samples: Vec<(i64, f64)> = (0..240)
            .map(|i| (1_700_000_000_000 + i * 15_000 + (i % 7), (i as f64).sqrt()))
            .collect();
        round_trip(&samples);
    }

    /// Go's `bstream` writer, operation by operation, as the oracle for the fast one.
    #[derive(Default)]
    struct GoBstream {
        stream: Vec<u8>,
        count: u8,
    }

    impl GoBstream {
        fn write_bit(&mut self, bit: bool) {
            if self.count == 0 {
                self.stream.push(0);
                self.count = 8;
            }
            if bit {
                *self.stream.last_mut().unwrap() |= 1 << (self.count - 1);
            }
            self.count -= 1;
        }

        fn write_byte(&mut self, byte: u8) {
            if self.count == 0 {
                self.stream.push(0);
                self.count = 8;
            }
            *self.stream.last_mut().unwrap() |= (u16::from(byte) >> (8 - self.count)) as u8;
            self.stream.push((u16::from(byte) << self.count) as u8);
        }

        fn write_bits(&mut self, u: u64, n: u32) {
            let mut u = u << (64 - n);
            let mut n = n;
            while n >= 8 {
                self.write_byte((u >> 56) as u8);
                u <<= 8;
                n -= 8;
            }
            while n > 0 {
                self.write_bit(u >> 63 == 1);
                u <<= 1;
                n -= 1;
            }
        }
    }

    #[test]
    fn bit_writer_equals_gos_bstream() {
        let mut rng = 0x1234_5678_9abc_def0u64;
        let mut next = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        for _ in 0..2000 {
            let mut fast = XorAppender::new();
            let mut go = GoBstream {
                stream: vec![0, 0],
                count: 0,
            };
            for _ in 0..(next() % 20) {
                let n = (next() % 65) as u32;
                let u = next();
                match next() % 4 {
                    0 => {
                        fast.write_bit(u & 1 == 1);
                        go.write_bit(u & 1 == 1);
                    }
                    1 => {
                        fast.write_bits(u & 0xff, 8);
                        go.write_byte(u as u8);
                    }
                    _ if n > 0 => {
                        fast.write_bits(u, n);
                        go.write_bits(u, n);
                    }
                    _ => {}
                }
                assert_eq!(fast.b, go.stream);
            }
        }
    }

    #[test]
    fn zigzag() {
        assert_eq!(zigzag_encode(-1), 1);
        assert_eq!(zigzag_encode(300), 600);
        assert_eq!(zigzag_encode(i64::MIN), u64::MAX);
    }
}

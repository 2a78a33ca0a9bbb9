//! Chunk encodings: XOR-compressed floats (encoding 1). Native histogram chunks (2, 3) are
//! recognised and refused with a clear error.

use super::Corrupt;

/// A chunk's encoding byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Xor,
    Histogram,
    FloatHistogram,
    Other(u8),
}

impl Encoding {
    pub fn from_byte(b: u8) -> Encoding {
        match b {
            1 => Encoding::Xor,
            2 => Encoding::Histogram,
            3 => Encoding::FloatHistogram,
            other => Encoding::Other(other),
        }
    }
}

/// Decodes a chunk's samples `(timestamp ms, value)`.
pub fn decode(enc: u8, data: &[u8]) -> Result<Vec<(i64, f64)>, Corrupt> {
    match Encoding::from_byte(enc) {
        Encoding::Xor => decode_xor(data),
        Encoding::Histogram | Encoding::FloatHistogram => Err(Corrupt::new(
            0,
            "native histogram chunks are not supported yet",
        )),
        Encoding::Other(b) => Err(Corrupt::new(0, format!("unknown chunk encoding {b}"))),
    }
}

/// Reads bits MSB-first.
struct BitReader<'a> {
    b: &'a [u8],
    bit: usize,
}

impl BitReader<'_> {
    fn err(&self) -> Corrupt {
        Corrupt::new(self.bit / 8, "XOR chunk ends early")
    }

    fn bit(&mut self) -> Result<bool, Corrupt> {
        let byte = *self.b.get(self.bit / 8).ok_or_else(|| self.err())?;
        let v = (byte >> (7 - (self.bit % 8))) & 1 == 1;
        self.bit += 1;
        Ok(v)
    }

    /// `n` (≤ 64) bits as an unsigned number.
    fn bits(&mut self, n: u32) -> Result<u64, Corrupt> {
        if self.bit + n as usize > self.b.len() * 8 {
            return Err(self.err());
        }
        let mut v = 0u64;
        for _ in 0..n {
            // Bounds were checked above.
            let byte = self.b[self.bit / 8];
            v = (v << 1) | u64::from((byte >> (7 - (self.bit % 8))) & 1);
            self.bit += 1;
        }
        Ok(v)
    }

    /// A Go uvarint written as whole bytes, not necessarily byte-aligned.
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

/// A two's complement `n`-bit delta-of-delta; like Go, `raw > 2^(n-1)` is negative.
fn signed(raw: u64, n: u32) -> i64 {
    if raw > 1 << (n - 1) {
        raw as i64 - (1i64 << n)
    } else {
        raw as i64
    }
}

/// Decodes an XOR float chunk (Gorilla timestamps and values).
pub fn decode_xor(data: &[u8]) -> Result<Vec<(i64, f64)>, Corrupt> {
    if data.len() < 2 {
        return Err(Corrupt::new(0, "XOR chunk shorter than its header"));
    }
    let n = u16::from_be_bytes([data[0], data[1]]) as usize;
    let mut r = BitReader { b: data, bit: 16 };
    let mut out = Vec::with_capacity(n);
    let (mut t, mut delta, mut vbits) = (0i64, 0i64, 0u64);
    let (mut leading, mut trailing) = (0u32, 0u32);
    let overflow = |r: &BitReader<'_>| Corrupt::new(r.bit / 8, "XOR chunk timestamp overflows");
    for i in 0..n {
        if i == 0 {
            t = super::zigzag(r.uvarint()?);
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
            } else if i == 1 {
                // Sample 1 has no window to reuse.
                return Err(Corrupt::new(
                    r.bit / 8,
                    "XOR chunk reuses a window it never set",
                ));
            }
            let sig = 64 - leading - trailing;
            let x = r.bits(sig)?;
            vbits ^= if trailing == 64 { 0 } else { x << trailing };
        }
        out.push((t, f64::from_bits(vbits)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes bits MSB-first, to build chunks by hand.
    #[derive(Default)]
    struct BitWriter {
        b: Vec<u8>,
        n: usize,
    }

    impl BitWriter {
        fn bits(&mut self, v: u64, n: u32) {
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
        fn uvarint(&mut self, mut v: u64) {
            while v >= 0x80 {
                self.bits((v & 0x7f) | 0x80, 8);
                v >>= 7;
            }
            self.bits(v, 8);
        }
    }

    /// The chunk of the conformance block `tiny_ts` (research/tsdb.md §4).
    fn tiny_ts_chunk() -> Vec<u8> {
        let hex = "0007d8040000000000000000bc05c457ff7a8d84bfff07cbb01c2a36b0b85ddda0edff760580";
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect()
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
    fn histograms_are_refused() {
        let e = decode(2, &[0, 0]).unwrap_err();
        assert_eq!(e.message, "native histogram chunks are not supported yet");
        assert!(decode(3, &[]).is_err());
        assert!(decode(9, &[])
            .unwrap_err()
            .message
            .contains("unknown chunk encoding 9"));
    }
}

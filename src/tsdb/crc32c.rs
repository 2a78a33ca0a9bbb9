//! CRC-32C (Castagnoli), the checksum of every TSDB section, chunk and tombstone file.

const POLY: u32 = 0x82F6_3B78; // reflected Castagnoli polynomial

/// Slicing-by-8 tables: `TABLES[0]` is the classic byte table; `TABLES[k][b]` is the CRC of
/// byte `b` followed by `k` zero bytes, so eight bytes are folded per step (every chunk of a
/// block is checksummed when it is read, which made the byte-at-a-time loop the hot spot).
const TABLES: [[u32; 256]; 8] = make_tables();

const fn make_tables() -> [[u32; 256]; 8] {
    let mut t = [[0u32; 256]; 8];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { (c >> 1) ^ POLY } else { c >> 1 };
            k += 1;
        }
        t[0][i] = c;
        i += 1;
    }
    let mut k = 1;
    while k < 8 {
        let mut i = 0;
        while i < 256 {
            let prev = t[k - 1][i];
            t[k][i] = (prev >> 8) ^ t[0][(prev & 0xff) as usize];
            i += 1;
        }
        k += 1;
    }
    t
}

/// The CRC-32C of `data`.
pub fn checksum(data: &[u8]) -> u32 {
    let [t0, t1, t2, t3, t4, t5, t6, t7] = &TABLES;
    let mut c = !0u32;
    let mut words = data.chunks_exact(8);
    for w in &mut words {
        let Ok([b0, b1, b2, b3, b4, b5, b6, b7]) = <[u8; 8]>::try_from(w) else {
            continue; // chunks_exact(8) yields only 8-byte slices
        };
        let [l0, l1, l2, l3] = (c ^ u32::from_le_bytes([b0, b1, b2, b3])).to_le_bytes();
        c = t7[usize::from(l0)]
            ^ t6[usize::from(l1)]
            ^ t5[usize::from(l2)]
            ^ t4[usize::from(l3)]
            ^ t3[usize::from(b4)]
            ^ t2[usize::from(b5)]
            ^ t1[usize::from(b6)]
            ^ t0[usize::from(b7)];
    }
    for &b in words.remainder() {
        c = t0[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

#[cfg(test)]
mod tests {
    use super::checksum;

    #[test]
    fn known_vectors() {
        // RFC 3720 B.4 and the usual check value.
        assert_eq!(checksum(b""), 0);
        assert_eq!(checksum(b"123456789"), 0xE306_9283);
        assert_eq!(checksum(&[0u8; 32]), 0x8A91_36AA);
        assert_eq!(checksum(&[0xffu8; 32]), 0x62A8_AB43);
        let inc: Vec<u8> = (0..32).collect();
        assert_eq!(checksum(&inc), 0x46DD_794E);
    }

    /// Eight bytes at a time gives what one byte at a time does, at every length and offset.
    #[test]
    fn slicing_matches_the_bytewise_definition() {
        fn bytewise(data: &[u8]) -> u32 {
            let mut c = !0u32;
            for &b in data {
                c ^= u32::from(b);
                for _ in 0..8 {
                    c = if c & 1 != 0 {
                        (c >> 1) ^ super::POLY
                    } else {
                        c >> 1
                    };
                }
            }
            !c
        }
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let data: Vec<u8> = (0..300)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        for start in 0..9 {
            for end in start..data.len() {
                assert_eq!(checksum(&data[start..end]), bytewise(&data[start..end]));
            }
        }
    }
}

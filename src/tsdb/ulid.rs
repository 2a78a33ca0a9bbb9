//! ULIDs for block directory names: a 48-bit millisecond timestamp and 80 random bits,
//! written as 26 Crockford base32 characters (so names sort by creation time).
//!
//! The random bits only need to keep names unique, not secret, so they come from a small
//! generator seeded with the clock and the process id. Within one millisecond the generator
//! counts up (like `ulid.Monotonic`), so blocks written in a row also sort in that order.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_MASK: u128 = (1 << 80) - 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ulid(pub u128);

impl Ulid {
    pub fn new(ms: u64, random: u128) -> Ulid {
        Ulid((u128::from(ms & 0xffff_ffff_ffff) << 80) | (random & RANDOM_MASK))
    }

    /// Milliseconds since the epoch.
    pub fn timestamp_ms(self) -> u64 {
        (self.0 >> 80) as u64
    }
}

impl fmt::Display for Ulid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // 26 characters of 5 bits cover 130 bits; the first holds the top 3.
        let mut s = String::with_capacity(26);
        for i in (0..26).rev() {
            let digit = ((self.0 >> (i * 5)) & 0x1f) as usize;
            s.push(char::from(ALPHABET.get(digit).copied().unwrap_or(b'0')));
        }
        f.write_str(&s)
    }
}

/// Hands out increasing ULIDs.
#[derive(Debug, Clone)]
pub struct UlidGenerator {
    state: u64,
    last: Option<Ulid>,
}

impl UlidGenerator {
    /// Seeded from the current time and the process id.
    pub fn from_clock() -> UlidGenerator {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        UlidGenerator::with_seed(nanos ^ (u64::from(std::process::id()) << 32))
    }

    pub fn with_seed(seed: u64) -> UlidGenerator {
        UlidGenerator {
            state: seed,
            last: None,
        }
    }

    /// SplitMix64.
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A ULID for the current time.
    pub fn generate(&mut self) -> Ulid {
        let ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0);
        self.generate_at(ms)
    }

    /// A ULID for `ms`, above every one handed out before.
    pub fn generate_at(&mut self, ms: u64) -> Ulid {
        let random =
            (u128::from(self.next_u64()) << 64 | u128::from(self.next_u64())) & RANDOM_MASK;
        let mut id = Ulid::new(ms, random);
        if let Some(last) = self.last {
            if id <= last {
                // Same millisecond (or the clock went back): count up from the last one.
                id = Ulid(last.0.wrapping_add(1));
            }
        }
        self.last = Some(id);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_as_crockford_base32() {
        assert_eq!(Ulid(0).to_string(), "00000000000000000000000000");
        assert_eq!(Ulid(u128::MAX).to_string(), "7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
        // The timestamp is the first 10 characters.
        let id = Ulid::new(1_700_000_000_000, 0);
        assert_eq!(id.to_string(), "01HF7YAT000000000000000000");
        assert_eq!(id.timestamp_ms(), 1_700_000_000_000);
    }

    #[test]
    fn increases_within_a_millisecond() {
        let mut g = UlidGenerator::with_seed(42);
        let a = g.generate_at(5);
        let b = g.generate_at(5);
        let c = g.generate_at(4);
        assert!(a < b && b < c, "{a} {b} {c}");
        assert_eq!(a.timestamp_ms(), 5);
        let d = g.generate_at(6);
        assert_eq!(d.timestamp_ms(), 6);
        let s = g.generate().to_string();
        assert_eq!(s.len(), 26);
        assert!(s.bytes().all(|c| ALPHABET.contains(&c)));
    }
}

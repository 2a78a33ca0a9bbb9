//! CRC-32C (Castagnoli), the checksum of every TSDB section, chunk and tombstone file.

/// The CRC-32C of `data` (SSE 4.2 / ARMv8 CRC instructions where the CPU has them: chunks
/// are checked on every read, so a byte-at-a-time table would show in query profiles).
pub fn checksum(data: &[u8]) -> u32 {
    crc32c::crc32c(data)
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
}

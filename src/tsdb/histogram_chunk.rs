//! Native histogram chunks: encoding 2 (integer counts) and 3 (float counts).

use super::Corrupt;
use crate::model::histogram::FloatHistogram;

/// The samples of a histogram chunk of encoding `enc` (2 or 3), in time order.
pub fn decode(enc: u8, data: &[u8]) -> Result<Vec<(i64, FloatHistogram)>, Corrupt> {
    let _ = data;
    Err(Corrupt::new(
        0,
        format!("native histogram chunks (encoding {enc}) are not supported yet"),
    ))
}

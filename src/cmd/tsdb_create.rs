//! `lookout tsdb create-blocks-from`: backfilling blocks.

use anyhow::{bail, Result};

use super::Outcome;
use crate::cli::CreateFromOpenMetricsArgs;

pub fn from_openmetrics(args: CreateFromOpenMetricsArgs) -> Result<Outcome> {
    bail!(
        "{}: create-blocks-from is being written",
        args.input.display()
    )
}

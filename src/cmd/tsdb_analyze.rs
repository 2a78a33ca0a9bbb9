//! `lookout tsdb analyze`: cardinality, churn and compaction efficiency of a block.

use anyhow::{bail, Result};

use super::Outcome;
use crate::cli::TsdbAnalyzeArgs;

pub fn run(args: TsdbAnalyzeArgs) -> Result<Outcome> {
    bail!("{}: tsdb analyze is being written", args.dir.display())
}

//! `lookout tsdb`: reading Prometheus TSDB data directories.

use std::io::{self, BufWriter, Write};

use anyhow::{anyhow, bail, Context, Result};

use super::Outcome;
use crate::cli::{CreateBlocksCommand, DumpFormat, TsdbCommand, TsdbDumpArgs, TsdbListArgs};
use crate::model::matcher::Matcher;
use crate::promql;
use crate::tsdb::block::{block_dirs, select_samples, Block, LabelPairs};
use crate::tsdb::head::Head;

pub fn run(cmd: TsdbCommand, features: crate::promql::Features) -> Result<Outcome> {
    match cmd {
        TsdbCommand::Dump(args) => dump(args),
        TsdbCommand::List(args) => list(args),
        TsdbCommand::Analyze(args) => super::tsdb_analyze::run(args),
        TsdbCommand::CreateBlocksFrom(CreateBlocksCommand::Openmetrics(args)) => {
            super::tsdb_create::from_openmetrics(args)
        }
        TsdbCommand::CreateBlocksFrom(CreateBlocksCommand::Rules(args)) => {
            super::tsdb_create_rules::from_rules(args, features)
        }
    }
}

/// `promtool tsdb list`.
fn list(args: TsdbListArgs) -> Result<Outcome> {
    let dir = &args.dir;
    if !dir.is_dir() {
        bail!("{}: not a directory", dir.display());
    }
    let mut metas = Vec::new();
    for d in block_dirs(dir)? {
        let meta = crate::tsdb::meta::Meta::read(&d.join("meta.json"))?;
        let size = crate::tsdb::block::size_on_disk(&d)?;
        metas.push((meta, size));
    }
    metas.sort_by_key(|(m, _)| m.min_time);
    io::stdout()
        .lock()
        .write_all(&format_blocks(&metas, true, args.human_readable))
        .context("writing standard output")?;
    Ok(Outcome::Success)
}

/// promtool's `printBlocks`: one table (Go tabwriter, promtool's settings) of blocks with
/// their size in bytes, optionally under the header line. `list` prints all blocks in one
/// table; `create-blocks-from` prints a table per block, as promtool does.
pub(crate) fn format_blocks(
    blocks: &[(crate::tsdb::meta::Meta, i64)],
    header: bool,
    human_readable: bool,
) -> Vec<u8> {
    let time = |ms: i64| {
        if human_readable {
            // Go's `timestamp/1000` truncates toward zero.
            crate::time::go_utc_string(ms / 1000)
        } else {
            ms.to_string()
        }
    };
    let mut text = String::new();
    if header {
        text.push_str(
            "BLOCK ULID\tMIN TIME\tMAX TIME\tDURATION\tNUM SAMPLES\tNUM CHUNKS\tNUM SERIES\tSIZE\n",
        );
    }
    for (m, size) in blocks {
        let size = if human_readable {
            crate::config::types::Base2Bytes(*size).to_string()
        } else {
            size.to_string()
        };
        text.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{size}\n",
            m.ulid,
            time(m.min_time),
            time(m.max_time),
            crate::gostr::format_go_duration_ms(m.max_time.saturating_sub(m.min_time)),
            m.stats.num_samples,
            m.stats.num_chunks,
            m.stats.num_series,
        ));
    }
    let mut w = crate::tabwriter::TabWriter::new(13, 0, 2, b' ', false);
    w.write(text.as_bytes());
    w.flush()
}

fn dump(args: TsdbDumpArgs) -> Result<Outcome> {
    let selectors = args
        .matches
        .iter()
        .map(|s| parse_selector(s))
        .collect::<Result<Vec<_>>>()?;
    let dir = &args.dir;
    if !dir.is_dir() {
        bail!("{}: not a directory", dir.display());
    }
    let mut blocks = block_dirs(dir)?
        .iter()
        .map(|d| Block::open(d))
        .collect::<Result<Vec<_>, _>>()?;
    // promtool's `loadDataAsQueryable`: the head is loaded only when the query reaches the
    // newest block's end (the last block by min time), and its WAL samples older than that
    // are dropped.
    blocks.sort_by_key(|b| (b.meta.min_time, b.meta.max_time));
    let max_block_time = blocks.last().map_or(i64::MIN, |b| b.meta.max_time);
    let head = if max_block_time <= args.max_time {
        Head::open(dir, max_block_time)?
    } else {
        None
    };
    for w in head.iter().flat_map(|h| &h.warnings) {
        eprintln!("lookout: warning: {w}");
    }
    let select = |labels: &LabelPairs| {
        selectors.is_empty() || selectors.iter().any(|ms| matches_all(ms, labels))
    };
    let series = select_samples(
        &mut blocks,
        head.as_ref(),
        select,
        args.min_time,
        args.max_time,
    )?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let g = crate::gostr::format_float_g;
    for (labels, samples) in &series {
        // promtool iterates floats only: a series' output ends at its first histogram.
        let end = samples.histograms.first().map_or(i64::MAX, |h| h.0);
        let floats = samples.floats.iter().take_while(|s| s.0 < end);
        match args.format {
            DumpFormat::Promtool => {
                let lbs = format_labels(labels);
                for &(t, v) in floats {
                    writeln!(out, "{lbs} {} {t}", g(v)).context("writing standard output")?;
                }
            }
            DumpFormat::Openmetrics => {
                // `name{other labels}` and seconds with three decimals, as newer promtool's
                // formatSeriesSetOpenMetrics prints them.
                let name = labels
                    .iter()
                    .find(|(n, _)| n == "__name__")
                    .map_or("", |(_, v)| v.as_str());
                // promtool's CondensedString: no space after the commas.
                let rest: Vec<String> = labels
                    .iter()
                    .filter(|(n, _)| n != "__name__")
                    .map(|(n, v)| format!("{n}={}", crate::gostr::quote_exact(v.as_bytes())))
                    .collect();
                let lbs = format!("{{{}}}", rest.join(","));
                for &(t, v) in floats {
                    let secs = if t < 0 { "-" } else { "" };
                    let abs = t.unsigned_abs();
                    writeln!(
                        out,
                        "{name}{lbs} {} {secs}{}.{:03}",
                        g(v),
                        abs / 1000,
                        abs % 1000
                    )
                    .context("writing standard output")?;
                }
            }
        }
    }
    if args.format == DumpFormat::Openmetrics {
        writeln!(out, "# EOF").context("writing standard output")?;
    }
    out.flush().context("writing standard output")?;
    Ok(Outcome::Success)
}

/// The matchers of a series selector such as `up{job="node"}`.
fn parse_selector(s: &str) -> Result<Vec<Matcher>> {
    promql::parse_metric_selector(s).map_err(|e| anyhow!("--match {s:?}: {}", e.msg))
}

/// Prometheus's semantics: a missing label matches as the empty value.
fn matches_all(matchers: &[Matcher], labels: &LabelPairs) -> bool {
    matchers.iter().all(|m| {
        let v = labels
            .iter()
            .find(|(n, _)| *n == m.name)
            .map_or("", |(_, v)| v.as_str());
        m.matches(v)
    })
}

/// `{name="value", ...}` as Prometheus's `Labels.String` (Go-quoted values).
pub(crate) fn format_labels(labels: &LabelPairs) -> String {
    let mut s = String::from("{");
    for (i, (n, v)) in labels.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(n);
        s.push('=');
        s.push_str(&crate::gostr::quote_exact(v.as_bytes()));
    }
    s.push('}');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> LabelPairs {
        p.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn selectors() {
        let ms = parse_selector(r#"up{job=~"n.*"}"#).unwrap();
        assert!(matches_all(
            &ms,
            &pairs(&[("__name__", "up"), ("job", "node")])
        ));
        assert!(!matches_all(&ms, &pairs(&[("__name__", "up")])));
        // promtool's selector parser has no non-empty-matcher rule.
        let ms = parse_selector(r#"{a=""}"#).unwrap();
        assert!(matches_all(&ms, &pairs(&[("b", "x")])));
        assert!(!matches_all(&ms, &pairs(&[("a", "x")])));
        assert!(parse_selector("up[5m]").is_err());
        assert!(parse_selector("rate(up[5m])").is_err());
        assert!(parse_selector("up offset 5m").is_err());
        assert!(parse_selector("up{").is_err());
    }

    #[test]
    fn labels_are_go_quoted() {
        let l = pairs(&[("a", "x\"y\\\n"), ("b", "é\u{7f}")]);
        assert_eq!(format_labels(&l), r#"{a="x\"y\\\n", b="é\x7f"}"#);
        assert_eq!(format_labels(&Vec::new()), "{}");
    }
}

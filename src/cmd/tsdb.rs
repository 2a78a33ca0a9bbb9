//! `lookout tsdb`: reading Prometheus TSDB data directories.

use std::io::{self, BufWriter, Write};

use anyhow::{anyhow, bail, Context, Result};

use super::Outcome;
use crate::cli::{CreateBlocksCommand, DumpFormat, TsdbCommand, TsdbDumpArgs, TsdbListArgs};
use crate::model::matcher::Matcher;
use crate::promql;
use std::sync::Arc;

use crate::storage::tsdb::TsdbStorage;
use crate::storage::{for_each_loaded, SeriesSet, UnionSet};
use crate::tsdb::block::block_dirs;

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
    // promtool's `loadDataAsQueryable`: the head is read only when the time range reaches
    // the newest block's end.
    let storage = TsdbStorage::open_with_head_if(dir, |newest_end| newest_end <= args.max_time)?;
    for w in storage.warnings() {
        eprintln!("lookout: warning: {w}");
    }
    // Series matching any selector (all series without one), once each, in label order,
    // decoded and written one part at a time.
    let selectors = if selectors.is_empty() {
        vec![Vec::new()]
    } else {
        selectors
    };
    let mut sets = selectors
        .iter()
        .map(|ms| storage.select_set(ms, args.min_time, args.max_time))
        .collect::<Result<Vec<_>, _>>()?;
    let set: Arc<dyn SeriesSet> = match sets.pop() {
        Some(only) if sets.is_empty() => only,
        last => {
            sets.extend(last);
            Arc::new(UnionSet::new(sets))
        }
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let g = crate::gostr::format_float_g;
    let in_range = |t: i64| args.min_time <= t && t <= args.max_time;
    for_each_loaded(&*set, |i, data| -> Result<()> {
        let labels = set.labels(i);
        // promtool iterates floats only: a series' output ends at its first histogram.
        let end = data
            .histograms
            .iter()
            .find(|h| in_range(h.t))
            .map_or(i64::MAX, |h| h.t);
        let floats = data.floats.iter().filter(|p| in_range(p.t) && p.t < end);
        match args.format {
            DumpFormat::Promtool => {
                let lbs = format_labels(labels.iter().map(|l| (l.name.as_str(), l.value.as_str())));
                for p in floats {
                    writeln!(out, "{lbs} {} {}", g(p.f), p.t).context("writing standard output")?;
                }
            }
            DumpFormat::Openmetrics => {
                // `name{other labels}` (promtool's CondensedString: no space after the commas)
                // and seconds with three decimals, as newer promtool's
                // formatSeriesSetOpenMetrics prints them.
                let name = labels.metric_name().unwrap_or("");
                let rest: Vec<String> = labels
                    .iter()
                    .filter(|l| l.name != "__name__")
                    .map(|l| {
                        format!(
                            "{}={}",
                            l.name,
                            crate::gostr::quote_exact(l.value.as_bytes())
                        )
                    })
                    .collect();
                let lbs = format!("{{{}}}", rest.join(","));
                for p in floats {
                    let sign = if p.t < 0 { "-" } else { "" };
                    let abs = p.t.unsigned_abs();
                    writeln!(
                        out,
                        "{name}{lbs} {} {sign}{}.{:03}",
                        g(p.f),
                        abs / 1000,
                        abs % 1000
                    )
                    .context("writing standard output")?;
                }
            }
        }
        Ok(())
    })?;
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

/// `{name="value", ...}` as Prometheus 2.42's `Labels.String` (names bare, values
/// Go-quoted).
pub(crate) fn format_labels<'a>(labels: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut s = String::from("{");
    for (i, (n, v)) in labels.into_iter().enumerate() {
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
    use crate::storage::tsdb::matches_all;
    use crate::tsdb::block::LabelPairs;

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
        let l = [("a", "x\"y\\\n"), ("b", "é\u{7f}")];
        assert_eq!(format_labels(l), r#"{a="x\"y\\\n", b="é\x7f"}"#);
        assert_eq!(format_labels([]), "{}");
    }
}

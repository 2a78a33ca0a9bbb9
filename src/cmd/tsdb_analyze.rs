//! `lookout tsdb analyze`: cardinality, churn and compaction efficiency of a block, rendered
//! as tables, as promtool's text, or as JSON.

use std::io::{self, Write};

use anyhow::{anyhow, Context, Result};
use comfy_table::{Attribute, Cell, CellAlignment, ContentArrangement, Table};
use serde_json::{json, Value};

use super::Outcome;
use crate::cli::{TsdbAnalyzeArgs, TsdbAnalyzeOutput};
use crate::time::rfc3339_ms;
use crate::tsdb::analyze::{analyze, find_block, Analysis, Distribution, Entry, Options, Ranking};
use crate::tsdb::Block;

pub fn run(args: TsdbAnalyzeArgs) -> Result<Outcome> {
    let matchers = args
        .matcher
        .as_deref()
        .map(|s| {
            crate::promql::parse_metric_selector(s).map_err(|e| anyhow!("--match {s:?}: {}", e.msg))
        })
        .transpose()?;
    let dir = find_block(&args.dir, args.block_id.as_deref())?;
    let block = Block::open(&dir)?;
    let opts = Options {
        limit: args.limit,
        extended: args.extended,
        matchers: matchers.as_deref(),
    };
    let a = analyze(&block, &opts)?;
    let text = match args.output {
        TsdbAnalyzeOutput::Promtool => promtool_text(&a, args.matcher.as_deref()),
        TsdbAnalyzeOutput::Json => {
            let mut s = serde_json::to_string_pretty(&to_json(&a, args.matcher.as_deref()))
                .context("encoding JSON")?;
            s.push('\n');
            s
        }
        TsdbAnalyzeOutput::Table => tables(&a, crate::diag::color_enabled_for_stdout()),
    };
    io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .context("writing standard output")?;
    Ok(Outcome::Success)
}

/// The block's length as Go's `time.Duration` prints it (int64 nanoseconds, wrapping).
fn duration(a: &Analysis) -> String {
    let ms = a.max_time.wrapping_sub(a.min_time);
    crate::gostr::format_go_duration_ns(i128::from(ms.wrapping_mul(1_000_000)))
}

/// promtool 2.42's text; with `--match`, the two lines newer promtool adds for it.
fn promtool_text(a: &Analysis, matcher: Option<&str>) -> String {
    let mut s = String::new();
    s += &format!("Block ID: {}\n", a.ulid.to_ascii_uppercase());
    s += &format!("Duration: {}\n", duration(a));
    s += &format!("Series: {}\n", a.num_series);
    if let Some(m) = matcher {
        s += &format!("Matcher: {m}\n");
    }
    s += &format!("Label names: {}\n", a.label_names);
    if let Some(n) = a.matched_series {
        s += &format!("Matched series: {n}\n");
    }
    s += &format!("Postings (unique label pairs): {}\n", a.postings);
    s += &format!(
        "Postings entries (total label pairs): {}\n",
        a.postings_entries
    );
    for (title, r) in [
        (
            "Label pairs most involved in churning",
            &a.churn_label_pairs,
        ),
        (
            "Label names most involved in churning",
            &a.churn_label_names,
        ),
        ("Most common label pairs", &a.common_label_pairs),
        (
            "Label names with highest cumulative label value length",
            &a.label_value_lengths,
        ),
        ("Highest cardinality labels", &a.label_cardinality),
        ("Highest cardinality metric names", &a.metric_cardinality),
    ] {
        s += &format!("\n{title}:\n");
        for e in &r.top {
            s += &format!("{} {}\n", e.count, e.key());
        }
    }
    if let Some(c) = &a.compaction {
        s +=
            "\nCompaction analysis:\nFullness: Amount of samples in chunks (100% is 120 samples)\n";
        for (i, n) in c.fullness.iter().enumerate() {
            s += &format!(
                "{:7}%: {}\n",
                (i + 1) * 10,
                "#".repeat(percent(*n, c.chunks))
            );
        }
    }
    s
}

/// `100*n/total` in integers as promtool computes it (0 for no chunks, where promtool
/// would divide by zero).
fn percent(n: u64, total: u64) -> usize {
    (n.saturating_mul(100).checked_div(total).unwrap_or(0)) as usize
}

fn to_json(a: &Analysis, matcher: Option<&str>) -> Value {
    let ranking = |r: &Ranking| {
        let top: Vec<Value> = r
            .top
            .iter()
            .map(|e: &Entry| {
                let mut o = serde_json::Map::new();
                o.insert("name".into(), json!(e.name));
                if let Some(v) = &e.value {
                    o.insert("value".into(), json!(v));
                }
                o.insert("count".into(), json!(e.count));
                if let Some(u) = e.uncovered_ms {
                    o.insert("uncovered_ms".into(), json!(u));
                }
                Value::Object(o)
            })
            .collect();
        json!({"total": r.total, "top": top})
    };
    let dist = |d: &Distribution| {
        if d.count == 0 {
            return Value::Null;
        }
        let buckets: Vec<Value> = d
            .buckets
            .iter()
            .map(|b| json!({"from": b.from, "to": b.to, "chunks": b.count}))
            .collect();
        json!({"chunks": d.count, "min": d.min, "avg": d.avg, "max": d.max, "buckets": buckets})
    };
    let compaction = a.compaction.as_ref().map_or(Value::Null, |c| {
        let fullness: Vec<Value> = c
            .fullness
            .iter()
            .enumerate()
            .map(|(i, n)| json!({"percent": (i + 1) * 10, "chunks": n}))
            .collect();
        json!({
            "chunks": c.chunks,
            "fullness": fullness,
            "float_chunk_samples": dist(&c.float_chunk_samples),
            "float_chunk_bytes": dist(&c.float_chunk_bytes),
            "histogram_chunk_samples": dist(&c.histogram_chunk_samples),
            "histogram_chunk_bytes": dist(&c.histogram_chunk_bytes),
            "histogram_chunk_buckets": dist(&c.histogram_chunk_buckets),
        })
    });
    json!({
        "block": {
            "ulid": a.ulid,
            "min_time": a.min_time,
            "max_time": a.max_time,
            "duration": duration(a),
        },
        "series": a.num_series,
        "matcher": matcher,
        "matched_series": a.matched_series,
        "label_names": a.label_names,
        "postings": a.postings,
        "postings_entries": a.postings_entries,
        "churn_label_pairs": ranking(&a.churn_label_pairs),
        "churn_label_names": ranking(&a.churn_label_names),
        "common_label_pairs": ranking(&a.common_label_pairs),
        "label_value_lengths": ranking(&a.label_value_lengths),
        "label_cardinality": ranking(&a.label_cardinality),
        "metric_cardinality": ranking(&a.metric_cardinality),
        "compaction": compaction,
    })
}

/// Readable tables; bold headers and titles when `color`.
fn tables(a: &Analysis, color: bool) -> String {
    // Fit the tables to the terminal when stdout is one that reports a usable width (some
    // pseudo-terminals report 0 columns, which would squeeze every cell to one character).
    let arrangement = match Table::new().width() {
        Some(w) if w >= 20 => ContentArrangement::Dynamic,
        _ => ContentArrangement::Disabled,
    };
    let new_table = |header: Option<&[&str]>| new_table(color, arrangement.clone(), header);
    let title = |t: &str| {
        if color {
            let bold = anstyle::Style::new().bold();
            format!("{}{t}{}\n", bold.render(), bold.render_reset())
        } else {
            format!("{t}\n")
        }
    };
    let mut s = title(&format!("Block {}", a.ulid));
    let mut summary = new_table(None);
    summary.add_row(vec![
        Cell::new("Time range"),
        Cell::new(format!(
            "{} to {}",
            rfc3339_ms(a.min_time),
            rfc3339_ms(a.max_time)
        )),
    ]);
    summary.add_row(vec![Cell::new("Duration"), Cell::new(duration(a))]);
    summary.add_row(vec![Cell::new("Series"), Cell::new(a.num_series)]);
    if let Some(n) = a.matched_series {
        summary.add_row(vec![Cell::new("Matched series"), Cell::new(n)]);
    }
    summary.add_row(vec![Cell::new("Label names"), Cell::new(a.label_names)]);
    summary.add_row(vec![Cell::new("Unique label pairs"), Cell::new(a.postings)]);
    summary.add_row(vec![
        Cell::new("Label pairs in all series"),
        Cell::new(a.postings_entries),
    ]);
    s += &format!("{summary}\n");

    let range = a.max_time.wrapping_sub(a.min_time);
    let churn = |e: &Entry| match (e.uncovered_ms, u128::try_from(range)) {
        // Hundredths of a block range, truncated so the whole part is promtool's number.
        (Some(u), Ok(r)) if r > 0 => {
            let h = u128::from(u) * 100 / r;
            format!("{}.{:02}", h / 100, h % 100)
        }
        _ => e.count.to_string(),
    };
    let count = |e: &Entry| e.count.to_string();
    let sections: [Section<'_>; 6] = [
        (
            "Label pairs most involved in churn",
            &a.churn_label_pairs,
            ["Label pair", "Churn (block ranges not covered)"],
            &churn,
        ),
        (
            "Label names most involved in churn",
            &a.churn_label_names,
            ["Label name", "Churn (block ranges not covered)"],
            &churn,
        ),
        (
            "Most common label pairs",
            &a.common_label_pairs,
            ["Label pair", "Series"],
            &count,
        ),
        (
            "Label names with the longest values (summed)",
            &a.label_value_lengths,
            ["Label name", "Bytes of values"],
            &count,
        ),
        (
            "Label names with the most values",
            &a.label_cardinality,
            ["Label name", "Values"],
            &count,
        ),
        (
            "Metric names with the most series",
            &a.metric_cardinality,
            ["Metric name", "Series"],
            &count,
        ),
    ];
    for (name, r, header, value) in sections {
        s += "\n";
        s += &title(&format!("{name} ({} of {})", r.top.len(), r.total));
        if r.top.is_empty() {
            s += "(none)\n";
            continue;
        }
        let mut t = new_table(Some(&header));
        for e in &r.top {
            t.add_row(vec![Cell::new(e.key()), Cell::new(value(e))]);
        }
        right_align(&mut t, 1);
        s += &format!("{t}\n");
    }

    if let Some(c) = &a.compaction {
        s += "\n";
        s += &title(&format!(
            "Chunk fullness ({} chunks; 100% is 120 samples)",
            c.chunks
        ));
        let mut t = new_table(Some(&["Fullness", "Chunks", "Share"]));
        for (i, n) in c.fullness.iter().enumerate() {
            t.add_row(vec![
                Cell::new(format!("up to {}%", (i + 1) * 10)),
                Cell::new(n),
                Cell::new(format!("{}%", percent(*n, c.chunks))),
            ]);
        }
        right_align(&mut t, 1);
        right_align(&mut t, 2);
        s += &format!("{t}\n");

        let stats = [
            ("Samples per float chunk", &c.float_chunk_samples),
            ("Bytes per float chunk", &c.float_chunk_bytes),
            ("Samples per histogram chunk", &c.histogram_chunk_samples),
            ("Bytes per histogram chunk", &c.histogram_chunk_bytes),
            ("Buckets per histogram chunk", &c.histogram_chunk_buckets),
        ];
        s += "\n";
        s += &title("Chunk statistics");
        let mut t = new_table(Some(&["", "Chunks", "Min", "Avg", "Max"]));
        for (name, d) in stats {
            let n = |v: u64| {
                if d.count == 0 {
                    "-".to_string()
                } else {
                    v.to_string()
                }
            };
            t.add_row(vec![
                Cell::new(name),
                Cell::new(d.count),
                Cell::new(n(d.min)),
                Cell::new(n(d.avg)),
                Cell::new(n(d.max)),
            ]);
        }
        for col in 1..5 {
            right_align(&mut t, col);
        }
        s += &format!("{t}\n");
        for (name, d) in stats {
            if d.count == 0 {
                continue;
            }
            s += "\n";
            s += &title(name);
            let mut t = new_table(Some(&["Range", "Chunks", "Share of all chunks"]));
            for b in &d.buckets {
                t.add_row(vec![
                    Cell::new(format!("{}–{}", b.from, b.to)),
                    Cell::new(b.count),
                    Cell::new(format!("{}%", percent(b.count, c.chunks))),
                ]);
            }
            right_align(&mut t, 1);
            right_align(&mut t, 2);
            s += &format!("{t}\n");
        }
    }
    s
}

/// A list's title, its entries, the column headers, and how to print an entry's number.
type Section<'a> = (
    &'a str,
    &'a Ranking,
    [&'a str; 2],
    &'a dyn Fn(&Entry) -> String,
);

fn new_table(color: bool, arrangement: ContentArrangement, header: Option<&[&str]>) -> Table {
    let mut t = Table::new();
    t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
        .apply_modifier(comfy_table::modifiers::UTF8_ROUND_CORNERS)
        .set_content_arrangement(arrangement);
    if let Some(h) = header {
        t.set_header(h.iter().map(|c| {
            let cell = Cell::new(c);
            if color {
                cell.add_attribute(Attribute::Bold)
            } else {
                cell
            }
        }));
    }
    t
}

fn right_align(t: &mut Table, col: usize) {
    if let Some(c) = t.column_mut(col) {
        c.set_cell_alignment(CellAlignment::Right);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents() {
        assert_eq!(percent(3, 0), 0);
        assert_eq!(percent(1, 3), 33);
    }
}

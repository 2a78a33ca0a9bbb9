//! `lookout check metrics`: Prometheus text exposition on standard input, linted and sized
//! as `promtool check metrics` does (its current behaviour), with the same output and exit
//! codes, plus positions for the machine formats.

use std::io::{self, Read, Write};

use anyhow::{Context, Result};

use super::check::write_machine_output;
use super::Outcome;
use crate::cli::{CheckMetricsArgs, CheckOutput};
use crate::diag::{Diagnostic, JunitCase, SourceFile};
use crate::exposition::{self, MetricFamily, MetricType, ValidationScheme, Value};
use crate::lint::metrics::{lint_families, parse_error_diagnostic, Problem};

/// promtool's `--lint` value that turns linting off; any other value lints.
const LINT_NONE: &str = "none";

pub fn run(args: CheckMetricsArgs) -> Result<Outcome> {
    let human = args.output == CheckOutput::Human;
    let lint = args.lint != LINT_NONE;
    if !args.extended && !lint {
        eprintln!("error: at least one of --extended or linting must be enabled");
        eprintln!(
            "Use --extended for cardinality analysis, or remove --lint=none to enable linting"
        );
        return Ok(Outcome::Failed);
    }
    let mut input = Vec::new();
    io::stdin()
        .read_to_end(&mut input)
        .context("reading standard input")?;
    let file = SourceFile::shared("<stdin>", String::from_utf8_lossy(&input).into_owned());
    let case = |failures: Vec<Diagnostic>| JunitCase {
        name: file.name.clone(),
        classname: "lookout check metrics".into(),
        failures,
        ..JunitCase::default()
    };

    // promlint's decoder only takes legacy names; promtool's cardinality pass (used alone
    // with --lint=none) takes any UTF-8 name.
    let scheme = if lint {
        ValidationScheme::Legacy
    } else {
        ValidationScheme::Utf8
    };
    let families = match exposition::parse_text_with(&input, scheme) {
        Ok(families) => families,
        Err(err) => {
            if human {
                let prefix = if lint {
                    "error while linting"
                } else {
                    "error while parsing text to metric families"
                };
                eprintln!("{prefix}: {err}");
            }
            let d = parse_error_diagnostic(&err, &file);
            write_machine_output(
                args.output,
                std::slice::from_ref(&d),
                serde_json::json!({ "ok": false, "families": null, "problems": 0 }),
                "lookout check metrics",
                &[case(vec![d.clone()])],
            )?;
            return Ok(Outcome::Failed);
        }
    };

    let problems = if lint {
        lint_families(&families)
    } else {
        Vec::new()
    };
    let stats = args.extended.then(|| cardinality(&families));
    if human {
        write_problems(&problems)?;
        if let Some((stats, total)) = &stats {
            io::stdout()
                .write_all(&cardinality_table(stats, *total))
                .context("writing output")?;
        }
    }

    let diagnostics: Vec<Diagnostic> = problems.iter().map(|p| p.to_diagnostic(&file)).collect();
    let mut summary = serde_json::json!({
        "ok": problems.is_empty(),
        "families": families.len(),
        "problems": problems.len(),
    });
    if let Some((stats, total)) = &stats {
        summary["cardinality"] = stats
            .iter()
            .map(|s| {
                serde_json::json!({
                    "metric": s.name,
                    "cardinality": s.cardinality,
                    "percentage": s.percentage * 100.0,
                })
            })
            .collect();
        summary["total"] = (*total).into();
    }
    write_machine_output(
        args.output,
        &diagnostics,
        summary,
        "lookout check metrics",
        &[case(diagnostics.clone())],
    )?;
    Ok(if problems.is_empty() {
        Outcome::Success
    } else {
        Outcome::LintFailed
    })
}

/// Each problem as promtool prints it: `<metric> <text>` on standard error.
fn write_problems(problems: &[Problem]) -> Result<()> {
    let mut err = io::BufWriter::new(io::stderr().lock());
    for p in problems {
        writeln!(err, "{} {}", p.metric, p.text).context("writing output")?;
    }
    err.flush().context("writing output")
}

/// How many series one family exposes.
#[derive(Debug, Clone, PartialEq)]
struct MetricStat {
    name: String,
    cardinality: usize,
    /// Share of the total, 0..=1.
    percentage: f64,
}

/// promtool's `checkMetricsExtended`: series per family (a histogram's buckets plus `_sum`
/// and `_count`, sized by its first metric; likewise a summary's quantiles), largest first.
/// Go leaves ties in map order; we keep them in order of appearance.
fn cardinality(families: &[MetricFamily]) -> (Vec<MetricStat>, usize) {
    let mut stats: Vec<MetricStat> = families
        .iter()
        .map(|mf| {
            let n = mf.metrics.len();
            let cardinality = match (mf.metric_type, mf.metrics.first().map(|m| &m.value)) {
                (MetricType::Histogram, Some(Value::Histogram(h))) => n * (2 + h.buckets.len()),
                (MetricType::Histogram, _) => n * 2,
                (MetricType::Summary, Some(Value::Summary(s))) => n * (2 + s.quantiles.len()),
                (MetricType::Summary, _) => n * 2,
                _ => n,
            };
            MetricStat {
                name: mf.name.clone(),
                cardinality,
                percentage: 0.0,
            }
        })
        .collect();
    let total: usize = stats.iter().map(|s| s.cardinality).sum();
    for s in &mut stats {
        s.percentage = s.cardinality as f64 / total as f64;
    }
    stats.sort_by_key(|s| std::cmp::Reverse(s.cardinality));
    (stats, total)
}

/// The table promtool writes through `tabwriter.NewWriter(os.Stdout, 4, 4, 4, ' ', TabIndent)`.
fn cardinality_table(stats: &[MetricStat], total: usize) -> Vec<u8> {
    let mut text = String::from("Metric\tCardinality\tPercentage\t\n");
    for s in stats {
        text.push_str(&format!(
            "{}\t{}\t{:.2}%\t\n",
            s.name,
            s.cardinality,
            s.percentage * 100.0
        ));
    }
    text.push_str(&format!("Total\t{total}\t100%\t\n"));
    let mut w = TabWriter::new(4, 4, 4, b' ', true);
    w.write(text.as_bytes());
    w.flush()
}

/// A cell of Go's `text/tabwriter`: bytes in the buffer, width in runes, tab-terminated.
#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    size: usize,
    width: usize,
    htab: bool,
}

/// A port of Go's `text/tabwriter.Writer` (left-aligned, no escapes: names are UTF-8 and so
/// never hold its 0xff escape byte), so metric names holding tabs or newlines lay out as
/// promtool lays them out.
struct TabWriter {
    minwidth: usize,
    tabwidth: usize,
    padding: usize,
    padchar: u8,
    tab_indent: bool,
    buf: Vec<u8>,
    pos: usize,
    cell: Cell,
    lines: Vec<Vec<Cell>>,
    widths: Vec<usize>,
    out: Vec<u8>,
}

impl TabWriter {
    fn new(
        minwidth: usize,
        tabwidth: usize,
        padding: usize,
        padchar: u8,
        tab_indent: bool,
    ) -> Self {
        let mut w = TabWriter {
            minwidth,
            tabwidth,
            padding,
            padchar,
            tab_indent,
            buf: Vec::new(),
            pos: 0,
            cell: Cell::default(),
            lines: Vec::new(),
            widths: Vec::new(),
            out: Vec::new(),
        };
        w.reset();
        w
    }

    fn reset(&mut self) {
        self.buf.clear();
        self.pos = 0;
        self.cell = Cell::default();
        self.lines.clear();
        self.widths.clear();
        self.lines.push(Vec::new());
    }

    fn append(&mut self, text: &[u8]) {
        self.buf.extend_from_slice(text);
        self.cell.size += text.len();
    }

    fn update_width(&mut self) {
        let pending = self.buf.get(self.pos..).unwrap_or_default();
        self.cell.width += String::from_utf8_lossy(pending).chars().count();
        self.pos = self.buf.len();
    }

    fn terminate_cell(&mut self, htab: bool) -> usize {
        self.cell.htab = htab;
        let cell = std::mem::take(&mut self.cell);
        match self.lines.last_mut() {
            Some(line) => {
                line.push(cell);
                line.len()
            }
            None => {
                self.lines.push(vec![cell]);
                1
            }
        }
    }

    fn write(&mut self, data: &[u8]) {
        let mut n = 0;
        for (i, &ch) in data.iter().enumerate() {
            if !matches!(ch, b'\t' | 0x0b | b'\n' | 0x0c) {
                continue;
            }
            self.append(data.get(n..i).unwrap_or_default());
            self.update_width();
            n = i + 1;
            let ncells = self.terminate_cell(ch == b'\t');
            if ch == b'\n' || ch == 0x0c {
                self.lines.push(Vec::new());
                // A line of one cell cannot affect later columns: Go flushes here.
                if ch == 0x0c || ncells == 1 {
                    self.flush_no_defers();
                }
            }
        }
        self.append(data.get(n..).unwrap_or_default());
    }

    fn flush(mut self) -> Vec<u8> {
        self.flush_no_defers();
        self.out
    }

    fn flush_no_defers(&mut self) {
        if self.cell.size > 0 {
            self.terminate_cell(false);
        }
        let lines = self.lines.len();
        self.format(0, 0, lines);
        self.reset();
    }

    /// Go's recursive column-block layout; one level per column, so deep only for names
    /// holding many tabs.
    fn format(&mut self, pos0: usize, line0: usize, line1: usize) -> usize {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
            self.format_inner(pos0, line0, line1)
        })
    }

    fn format_inner(&mut self, pos0: usize, mut line0: usize, line1: usize) -> usize {
        let mut pos = pos0;
        let column = self.widths.len();
        let cells = |w: &Self, i: usize| w.lines.get(i).map_or(0, Vec::len);
        let mut this = line0;
        while this < line1 {
            if column + 1 >= cells(self, this) {
                this += 1;
                continue;
            }
            pos = self.write_lines(pos, line0, this);
            line0 = this;
            let mut width = self.minwidth;
            while this < line1 {
                if column + 1 >= cells(self, this) {
                    break;
                }
                if let Some(c) = self.lines.get(this).and_then(|l| l.get(column)) {
                    width = width.max(c.width + self.padding);
                }
                this += 1;
            }
            self.widths.push(width);
            pos = self.format(pos, line0, this);
            self.widths.pop();
            line0 = this;
            // Go's loop increment also steps over the line that ended the block.
            this += 1;
        }
        self.write_lines(pos, line0, line1)
    }

    fn write_lines(&mut self, pos0: usize, line0: usize, line1: usize) -> usize {
        let mut pos = pos0;
        for i in line0..line1 {
            let line = self.lines.get(i).cloned().unwrap_or_default();
            let mut use_tabs = self.tab_indent;
            for (j, c) in line.iter().enumerate() {
                let cell_width = self.widths.get(j).copied();
                if c.size == 0 {
                    if let Some(cw) = cell_width {
                        self.write_padding(c.width, cw, use_tabs);
                    }
                } else {
                    use_tabs = false;
                    let text = self.buf.get(pos..pos + c.size).unwrap_or_default();
                    self.out.extend_from_slice(text);
                    pos += c.size;
                    if let Some(cw) = cell_width {
                        self.write_padding(c.width, cw, false);
                    }
                }
            }
            if i + 1 == self.lines.len() {
                // The last, unterminated line: its text is still in the current cell.
                let text = self.buf.get(pos..pos + self.cell.size).unwrap_or_default();
                self.out.extend_from_slice(text);
                pos += self.cell.size;
            } else {
                self.out.push(b'\n');
            }
        }
        pos
    }

    fn write_padding(&mut self, textw: usize, cellw: usize, use_tabs: bool) {
        if self.padchar == b'\t' || use_tabs {
            if self.tabwidth == 0 {
                return;
            }
            let cellw = cellw.div_ceil(self.tabwidth) * self.tabwidth;
            let n = cellw.saturating_sub(textw);
            let tabs = n.div_ceil(self.tabwidth);
            self.out.extend(std::iter::repeat_n(b'\t', tabs));
            return;
        }
        let n = cellw.saturating_sub(textw);
        self.out.extend(std::iter::repeat_n(self.padchar, n));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exposition::parse_text;

    fn table(text: &str) -> String {
        let fams = parse_text(text).expect("valid");
        let (stats, total) = cardinality(&fams);
        String::from_utf8(cardinality_table(&stats, total)).expect("utf-8")
    }

    #[test]
    fn cardinality_counts_series() {
        let text = "# TYPE h histogram
h_bucket{a=\"1\",le=\"1\"} 1
h_bucket{a=\"1\",le=\"+Inf\"} 1
h_bucket{a=\"2\",le=\"1\"} 1
h_bucket{a=\"2\",le=\"+Inf\"} 1
h_sum{a=\"1\"} 1
# TYPE s summary
s{quantile=\"0.5\"} 1
s_count 1
g 1
g{x=\"y\"} 1
# TYPE gh gauge_histogram
gh_bucket{le=\"1\"} 1
";
        let fams = parse_text(text).expect("valid");
        let (stats, total) = cardinality(&fams);
        let got: Vec<(&str, usize)> = stats
            .iter()
            .map(|s| (s.name.as_str(), s.cardinality))
            .collect();
        // Ties keep the order of appearance; gauge histograms count metrics only.
        assert_eq!(got, [("h", 8), ("s", 3), ("g", 2), ("gh", 1)]);
        assert_eq!(total, 14);
        assert!((stats[0].percentage - 8.0 / 14.0).abs() < 1e-12);
    }

    #[test]
    fn table_layout_matches_tabwriter() {
        assert_eq!(
            table("a_long_metric_name 1\nb{x=\"1\"} 1\nb{x=\"2\"} 1\n"),
            "Metric                Cardinality    Percentage    
b                     2              66.67%        
a_long_metric_name    1              33.33%        
Total                 3              100%          
"
        );
    }

    /// Names with tabs or newlines (possible with quoted UTF-8 names) split cells and lines
    /// as Go's tabwriter splits them.
    #[test]
    fn tabwriter_handles_extra_cells_and_lines() {
        let mut w = TabWriter::new(4, 4, 4, b' ', true);
        w.write(b"Metric\tCardinality\tPercentage\t\na\tb\t1\t100.00%\t\nTotal\t1\t100%\t\n");
        assert_eq!(
            String::from_utf8(w.flush()).expect("utf-8"),
            "Metric    Cardinality    Percentage    
a         b              1             100.00%    
Total     1              100%          
"
        );
        // A line without tabs flushes what came before, so columns restart after it.
        let mut w = TabWriter::new(4, 4, 4, b' ', true);
        w.write(b"ab\tc\t\nx\nlonger\td\t\n");
        assert_eq!(
            String::from_utf8(w.flush()).expect("utf-8"),
            "ab    c    \nx\nlonger    d    \n"
        );
        // Widths count runes, not bytes; leading empty cells are tab-indented.
        let mut w = TabWriter::new(4, 4, 4, b' ', true);
        w.write("é\t1\t\n\tx\t\n".as_bytes());
        assert_eq!(
            String::from_utf8(w.flush()).expect("utf-8"),
            "é    1    \n\t\tx    \n"
        );
    }
}

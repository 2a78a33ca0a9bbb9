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
use crate::tabwriter::TabWriter;

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

    // Positions cost a scan of the input per problem: only the machine formats need them.
    let diagnostics: Vec<Diagnostic> = if human {
        Vec::new()
    } else {
        problems.iter().map(|p| p.to_diagnostic(&file)).collect()
    };
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

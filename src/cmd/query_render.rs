//! Rendering query answers (the HTTP API's `data` object, from a server or the local
//! engine) as a table, CSV or a terminal line chart.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde_json::Value as J;

use crate::model::histogram::FloatHistogram;
use crate::model::labels::Labels;
use crate::promql::engine::value::Value;

/// A query answer, as read from the API's JSON.
pub enum Result {
    Scalar {
        t: f64,
        value: String,
    },
    String {
        t: f64,
        value: String,
    },
    /// Instant vector: one sample per series.
    Vector(Vec<Sample>),
    /// Range result: points per series.
    Matrix(Vec<Series>),
    /// `/series`: label sets.
    LabelSets(Vec<Vec<(String, String)>>),
    /// `/labels`, `/label/NAME/values`.
    Strings(Vec<String>),
}

pub struct Sample {
    pub labels: Vec<(String, String)>,
    pub t: f64,
    /// The value as the API printed it (a float string or a histogram summary).
    pub value: String,
}

pub struct Series {
    pub labels: Vec<(String, String)>,
    /// Float points: (seconds, value).
    pub points: Vec<(f64, f64)>,
    /// Histogram points: (seconds, summary text).
    pub histograms: Vec<(f64, String)>,
}

type R<T> = std::result::Result<T, String>;

impl Result {
    /// Reads the `data` of a query (`is_query`) or of `/series` and `/labels`.
    pub fn from_api(data: &J, is_query: bool) -> R<Result> {
        if !is_query {
            let items = data.as_array().ok_or("data is not a list")?;
            if items.iter().all(J::is_string) {
                return Ok(Result::Strings(
                    items
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect(),
                ));
            }
            return items
                .iter()
                .map(labels_of)
                .collect::<R<_>>()
                .map(Result::LabelSets);
        }
        let kind = data["resultType"].as_str().ok_or("no resultType")?;
        let result = &data["result"];
        match kind {
            "scalar" | "string" => {
                let (t, v) = point(result)?;
                let value = v.as_str().ok_or("value is not a string")?.to_string();
                Ok(if kind == "scalar" {
                    Result::Scalar { t, value }
                } else {
                    Result::String { t, value }
                })
            }
            "vector" => {
                let items = result.as_array().ok_or("result is not a list")?;
                let mut out = Vec::with_capacity(items.len());
                for s in items {
                    let labels = labels_of(&s["metric"])?;
                    let (t, value) = if let Some(v) = s.get("value") {
                        let (t, v) = point(v)?;
                        (t, v.as_str().ok_or("value is not a string")?.to_string())
                    } else {
                        let (t, h) = point(&s["histogram"])?;
                        (t, histogram_summary(h))
                    };
                    out.push(Sample { labels, t, value });
                }
                Ok(Result::Vector(out))
            }
            "matrix" => {
                let items = result.as_array().ok_or("result is not a list")?;
                let mut out = Vec::with_capacity(items.len());
                for s in items {
                    let labels = labels_of(&s["metric"])?;
                    let mut points = Vec::new();
                    for p in s["values"].as_array().into_iter().flatten() {
                        let (t, v) = point(p)?;
                        points.push((t, parse_value(v)?));
                    }
                    let mut histograms = Vec::new();
                    for p in s["histograms"].as_array().into_iter().flatten() {
                        let (t, h) = point(p)?;
                        histograms.push((t, histogram_summary(h)));
                    }
                    out.push(Series {
                        labels,
                        points,
                        histograms,
                    });
                }
                Ok(Result::Matrix(out))
            }
            other => Err(format!("unknown resultType {other:?}")),
        }
    }

    /// A local engine's answer, as [`Result::from_api`] reads the same value's API JSON.
    pub fn from_value(v: &Value) -> Result {
        let api = crate::promql::engine::value::api_float;
        let seconds = |t: i64| t as f64 / 1000.0;
        match v {
            Value::Scalar(s) => Result::Scalar {
                t: seconds(s.t),
                value: api(s.v),
            },
            Value::String(s) => Result::String {
                t: seconds(s.t),
                value: s.v.clone(),
            },
            Value::Vector(samples) => Result::Vector(
                samples
                    .iter()
                    .map(|s| Sample {
                        labels: pairs(&s.metric),
                        t: seconds(s.t),
                        value: match &s.h {
                            Some(h) => local_histogram_summary(h),
                            None => api(s.f),
                        },
                    })
                    .collect(),
            ),
            Value::Matrix(series) => Result::Matrix(
                series
                    .iter()
                    .map(|s| Series {
                        labels: pairs(&s.metric),
                        points: s.floats.iter().map(|p| (seconds(p.t), p.f)).collect(),
                        histograms: s
                            .histograms
                            .iter()
                            .map(|p| (seconds(p.t), local_histogram_summary(&p.h)))
                            .collect(),
                    })
                    .collect(),
            ),
        }
    }

    pub fn table(&self, tty: bool) -> String {
        let mut t = comfy_table::Table::new();
        t.load_preset(if tty {
            comfy_table::presets::UTF8_FULL_CONDENSED
        } else {
            comfy_table::presets::ASCII_MARKDOWN
        });
        match self {
            Result::Scalar { value, .. } | Result::String { value, .. } => {
                return format!("{value}\n");
            }
            Result::Strings(items) => {
                let mut s = items.join("\n");
                if !s.is_empty() {
                    s.push('\n');
                }
                return s;
            }
            Result::Vector(samples) => {
                if samples.is_empty() {
                    return "(no data)\n".into();
                }
                t.set_header(["SERIES", "VALUE"]);
                for s in samples {
                    t.add_row([series_name(&s.labels), s.value.clone()]);
                }
            }
            Result::Matrix(series) => {
                if series.is_empty() {
                    return "(no data)\n".into();
                }
                t.set_header(["SERIES", "POINTS", "MIN", "MAX", "LAST"]);
                for s in series {
                    let g = crate::gostr::format_float_g;
                    let (min, max) = s.points.iter().fold((f64::NAN, f64::NAN), |(lo, hi), p| {
                        (lo.min(p.1), hi.max(p.1))
                    });
                    let last = match (s.points.last(), s.histograms.last()) {
                        (Some(p), Some(h)) if h.0 > p.0 => h.1.clone(),
                        (Some(p), _) => g(p.1),
                        (None, Some(h)) => h.1.clone(),
                        (None, None) => String::new(),
                    };
                    let (min, max) = if s.points.is_empty() {
                        (String::new(), String::new())
                    } else {
                        (g(min), g(max))
                    };
                    t.add_row([
                        series_name(&s.labels),
                        (s.points.len() + s.histograms.len()).to_string(),
                        min,
                        max,
                        last,
                    ]);
                }
            }
            Result::LabelSets(sets) => {
                t.set_header(["SERIES"]);
                for l in sets {
                    t.add_row([series_name(l)]);
                }
            }
        }
        if tty {
            t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
        }
        format!("{t}\n")
    }

    /// One row per sample: a column per label name (`__name__` first), then timestamp and
    /// value.
    pub fn csv(&self) -> String {
        let mut out = String::new();
        let header = |out: &mut String, names: &[String]| {
            let mut cols: Vec<String> = names.iter().map(|n| csv_field(n)).collect();
            cols.push("timestamp".into());
            cols.push("value".into());
            out.push_str(&cols.join(","));
            out.push('\n');
        };
        let row =
            |out: &mut String, names: &[String], labels: &[(String, String)], t: f64, v: &str| {
                for n in names {
                    let v = labels
                        .iter()
                        .find(|(k, _)| k == n)
                        .map_or("", |(_, v)| v.as_str());
                    out.push_str(&csv_field(v));
                    out.push(',');
                }
                let _ = writeln!(out, "{},{}", format_seconds(t), csv_field(v));
            };
        match self {
            Result::Scalar { t, value } | Result::String { t, value } => {
                header(&mut out, &[]);
                row(&mut out, &[], &[], *t, value);
            }
            Result::Strings(items) => {
                for i in items {
                    out.push_str(&csv_field(i));
                    out.push('\n');
                }
            }
            Result::LabelSets(sets) => {
                let names = label_names(sets.iter().map(Vec::as_slice));
                out.push_str(
                    &names
                        .iter()
                        .map(|n| csv_field(n))
                        .collect::<Vec<_>>()
                        .join(","),
                );
                out.push('\n');
                for l in sets {
                    let cols: Vec<String> = names
                        .iter()
                        .map(|n| csv_field(l.iter().find(|(k, _)| k == n).map_or("", |(_, v)| v)))
                        .collect();
                    out.push_str(&cols.join(","));
                    out.push('\n');
                }
            }
            Result::Vector(samples) => {
                let names = label_names(samples.iter().map(|s| s.labels.as_slice()));
                header(&mut out, &names);
                for s in samples {
                    row(&mut out, &names, &s.labels, s.t, &s.value);
                }
            }
            Result::Matrix(series) => {
                let names = label_names(series.iter().map(|s| s.labels.as_slice()));
                header(&mut out, &names);
                for s in series {
                    for &(t, v) in &s.points {
                        row(
                            &mut out,
                            &names,
                            &s.labels,
                            t,
                            &crate::gostr::format_float_g(v),
                        );
                    }
                    for (t, h) in &s.histograms {
                        row(&mut out, &names, &s.labels, *t, h);
                    }
                }
            }
        }
        out
    }

    /// A line chart of a range result's float points.
    pub fn chart(&self, width: usize, color: bool) -> std::result::Result<String, anyhow::Error> {
        let Result::Matrix(series) = self else {
            anyhow::bail!("--output chart needs a range query");
        };
        let lines: Vec<(String, &[(f64, f64)])> = series
            .iter()
            .filter(|s| !s.points.is_empty())
            .map(|s| (series_name(&s.labels), s.points.as_slice()))
            .collect();
        Ok(line_chart(&lines, width, 16, color))
    }
}

fn point(v: &J) -> R<(f64, &J)> {
    let a = v
        .as_array()
        .filter(|a| a.len() == 2)
        .ok_or("point is not [time, value]")?;
    let t = a[0].as_f64().ok_or("timestamp is not a number")?;
    Ok((t, &a[1]))
}

fn parse_value(v: &J) -> R<f64> {
    let s = v.as_str().ok_or("value is not a string")?;
    crate::promql::engine::functions::parse_go_float(s).ok_or_else(|| format!("bad value {s:?}"))
}

fn labels_of(v: &J) -> R<Vec<(String, String)>> {
    let o = v.as_object().ok_or("metric is not an object")?;
    let mut out: Vec<(String, String)> = o
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
        .collect();
    out.sort();
    Ok(out)
}

/// Label pairs of a label set, sorted as the API prints them.
pub fn pairs(l: &Labels) -> Vec<(String, String)> {
    l.iter()
        .map(|l| (l.name.clone(), l.value.clone()))
        .collect()
}

/// [`histogram_summary`] of a local histogram.
fn local_histogram_summary(h: &FloatHistogram) -> String {
    use crate::promql::engine::value::{api_buckets, api_float};
    summary(&api_float(h.count), &api_float(h.sum), api_buckets(h).len())
}

fn summary(count: &str, sum: &str, buckets: usize) -> String {
    format!("{{count:{count}, sum:{sum}, {buckets} buckets}}")
}

fn histogram_summary(h: &J) -> String {
    let field = |k: &str| h.get(k).and_then(J::as_str).unwrap_or("?").to_string();
    let buckets = h.get("buckets").and_then(J::as_array).map_or(0, Vec::len);
    summary(&field("count"), &field("sum"), buckets)
}

/// `name{a="b", ...}` as Prometheus prints a series.
fn series_name(labels: &[(String, String)]) -> String {
    let name = labels
        .iter()
        .find(|(k, _)| k == "__name__")
        .map(|(_, v)| v.as_str());
    let rest: Vec<String> = labels
        .iter()
        .filter(|(k, _)| k != "__name__")
        .map(|(k, v)| format!("{k}={}", crate::gostr::quote(v)))
        .collect();
    match (name, rest.is_empty()) {
        (Some(n), true) => n.to_string(),
        (Some(n), false) => format!("{n}{{{}}}", rest.join(", ")),
        (None, _) => format!("{{{}}}", rest.join(", ")),
    }
}

fn label_names<'a>(sets: impl Iterator<Item = &'a [(String, String)]>) -> Vec<String> {
    let all: BTreeSet<&str> = sets
        .flat_map(|l| l.iter().map(|(k, _)| k.as_str()))
        .collect();
    let mut names: Vec<String> = Vec::with_capacity(all.len());
    if all.contains("__name__") {
        names.push("__name__".into());
    }
    names.extend(
        all.into_iter()
            .filter(|n| *n != "__name__")
            .map(str::to_string),
    );
    names
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Seconds as the API prints them (up to millisecond decimals).
fn format_seconds(t: f64) -> String {
    crate::time::format_api_seconds((t * 1000.0).round() as i64)
}

/// Series colours, cycled (ANSI 256-colour indexes that read on dark and light terminals).
const PALETTE: [u8; 8] = [33, 208, 34, 161, 99, 172, 37, 245];
/// Braille dot bits for (column 0..2, row 0..4) in a 2×4 cell.
const DOTS: [[u8; 4]; 2] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]];
/// Series drawn at most; the rest are counted under the legend.
const MAX_LINES: usize = 8;

/// Draws `lines` (points in seconds) with Unicode braille (2×4 dots per cell): y axis labels
/// on the left, the time range below, a legend at the end. Gaps in the data stay gaps.
fn line_chart(
    lines: &[(String, &[(f64, f64)])],
    width: usize,
    height: usize,
    color: bool,
) -> String {
    let finite = lines
        .iter()
        .flat_map(|(_, pts)| pts.iter())
        .filter(|p| p.1.is_finite());
    let (mut tmin, mut tmax, mut vmin, mut vmax) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(t, v) in finite {
        tmin = tmin.min(t);
        tmax = tmax.max(t);
        vmin = vmin.min(v);
        vmax = vmax.max(v);
    }
    if tmin > tmax {
        return "(no data to chart)\n".into();
    }
    if vmin == vmax {
        vmin -= 1.0;
        vmax += 1.0;
    }
    let g = |v: f64| format_axis(v);
    let label_width = [g(vmin), g(vmax), g((vmin + vmax) / 2.0)]
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(1);
    let cols = width.saturating_sub(label_width + 3).max(10);
    let (dots_x, dots_y) = (cols * 2, height * 4);
    // cell grid: (bits, colour index of the last series drawn there)
    let mut grid = vec![vec![(0u8, 0usize); cols]; height];
    let x_of = |t: f64| {
        if tmax == tmin {
            0
        } else {
            (((t - tmin) / (tmax - tmin)) * (dots_x - 1) as f64).round() as usize
        }
    };
    let y_of = |v: f64| {
        let frac = (v - vmin) / (vmax - vmin);
        (dots_y - 1) - ((frac * (dots_y - 1) as f64).round() as usize).min(dots_y - 1)
    };
    // The step between consecutive points: a bigger jump is a gap, not a line.
    let step = lines
        .iter()
        .filter_map(|(_, p)| p.windows(2).map(|w| w[1].0 - w[0].0).reduce(f64::min))
        .reduce(f64::min)
        .unwrap_or(0.0);
    for (i, (_, pts)) in lines.iter().take(MAX_LINES).enumerate() {
        let mut prev: Option<(f64, usize, usize)> = None;
        for &(t, v) in pts.iter() {
            if !v.is_finite() {
                prev = None;
                continue;
            }
            let (x, y) = (x_of(t), y_of(v));
            let mut plot = |x: usize, y: usize| {
                if let Some(cell) = grid.get_mut(y / 4).and_then(|r| r.get_mut(x / 2)) {
                    cell.0 |= DOTS[x % 2][y % 4];
                    cell.1 = i;
                }
            };
            match prev {
                Some((pt, px, py)) if step > 0.0 && t - pt <= step * 1.5 => {
                    // Connect with a straight segment.
                    let n = px.abs_diff(x).max(py.abs_diff(y)).max(1);
                    for k in 0..=n {
                        let fx = px as f64 + (x as f64 - px as f64) * k as f64 / n as f64;
                        let fy = py as f64 + (y as f64 - py as f64) * k as f64 / n as f64;
                        plot(fx.round() as usize, fy.round() as usize);
                    }
                }
                _ => plot(x, y),
            }
            prev = Some((t, x, y));
        }
    }
    let mut out = String::new();
    for (r, row) in grid.iter().enumerate() {
        let label = if r == 0 {
            g(vmax)
        } else if r == height - 1 {
            g(vmin)
        } else if r == height / 2 {
            g(vmin + (vmax - vmin) * (1.0 - (r as f64 * 4.0 + 1.5) / (dots_y - 1) as f64))
        } else {
            String::new()
        };
        let _ = write!(out, "{label:>label_width$} ┤");
        for &(bits, series) in row {
            let ch = char::from_u32(0x2800 + u32::from(bits)).unwrap_or(' ');
            if color && bits != 0 {
                let _ = write!(
                    out,
                    "\x1b[38;5;{}m{ch}\x1b[0m",
                    PALETTE[series % PALETTE.len()]
                );
            } else {
                out.push(ch);
            }
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{:>label_width$} └{}", "", "─".repeat(cols));
    let (from, to) = (time_label(tmin), time_label(tmax));
    let pad = cols.saturating_sub(from.chars().count() + to.chars().count());
    let _ = writeln!(out, "{:>label_width$}  {from}{}{to}", "", " ".repeat(pad));
    for (i, (name, _)) in lines.iter().take(MAX_LINES).enumerate() {
        if color {
            let _ = writeln!(
                out,
                "\x1b[38;5;{}m●\x1b[0m {name}",
                PALETTE[i % PALETTE.len()]
            );
        } else {
            let _ = writeln!(
                out,
                "{} {name}",
                ['●', '○', '◆', '◇', '■', '□', '▲', '△'][i % 8]
            );
        }
    }
    if lines.len() > MAX_LINES {
        let _ = writeln!(out, "(+{} more series not drawn)", lines.len() - MAX_LINES);
    }
    out
}

/// A short axis number: Go's %g with 4 significant digits.
fn format_axis(v: f64) -> String {
    crate::promql::engine::annotations::format_float_g_prec(v, 4)
}

/// `2023-11-14 22:13:20Z`: RFC 3339 with a space, to the second.
fn time_label(t: f64) -> String {
    crate::time::rfc3339_ms(t.floor() as i64 * 1000).replacen('T', " ", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix() -> Result {
        let data: J = serde_json::from_str(
            r#"{"resultType":"matrix","result":[
                {"metric":{"__name__":"up","job":"a,b"},"values":[[1,"1"],[2,"NaN"],[3,"3"]]},
                {"metric":{"job":"x"},"values":[[1,"5"]]}]}"#,
        )
        .unwrap();
        Result::from_api(&data, true).unwrap()
    }

    #[test]
    fn csv_has_a_column_per_label() {
        assert_eq!(
            matrix().csv(),
            "__name__,job,timestamp,value\nup,\"a,b\",1,1\nup,\"a,b\",2,NaN\nup,\"a,b\",3,3\n,x,1,5\n"
        );
    }

    #[test]
    fn table_summarises_range_series() {
        let t = matrix().table(false);
        assert!(
            t.contains("| up{job=\"a,b\"} | 3      | 1   | 3   | 3    |"),
            "{t}"
        );
        assert!(t.contains("| {job=\"x\"}"), "{t}");
    }

    #[test]
    fn chart_draws_every_point_inside_the_frame() {
        let pts: Vec<(f64, f64)> = (0..100)
            .map(|i| (i as f64 * 15.0, (i as f64 / 10.0).sin()))
            .collect();
        let c = line_chart(&[("s".into(), &pts)], 60, 10, false);
        let rows: Vec<&str> = c.lines().collect();
        assert_eq!(rows.len(), 10 + 2 + 1);
        // Every column of the plot area has at least one dot: a continuous line.
        let plot: Vec<Vec<char>> = rows[..10]
            .iter()
            .map(|r| r.split_once('┤').unwrap().1.chars().collect())
            .collect();
        for x in 0..plot[0].len() {
            assert!(
                plot.iter().any(|r| r[x] != '\u{2800}'),
                "column {x} empty:\n{c}"
            );
        }
        assert!(rows[0].trim_start().starts_with("0.9"), "{c}");
        assert!(c.contains("1970-01-01 00:00:00Z"));
    }

    #[test]
    fn local_values_render_as_their_api_json_does() {
        use crate::promql::engine::value::{value_to_api_json_text, FPoint, HPoint, Sample as S};
        use std::sync::Arc;
        let l = Labels::from_pairs([("__name__", "up"), ("job", "a,b")]);
        let h = Arc::new(FloatHistogram {
            count: 3.0,
            sum: 1.5,
            positive_spans: vec![crate::model::histogram::Span {
                offset: 0,
                length: 2,
            }],
            positive_buckets: vec![1.0, 2.0],
            ..FloatHistogram::default()
        });
        let mut series = crate::promql::engine::value::Series::new(l.clone());
        series.floats = vec![
            FPoint { t: 1_500, f: 0.1 },
            FPoint {
                t: 3_000,
                f: f64::NAN,
            },
        ];
        series.histograms = vec![HPoint {
            t: 4_500,
            h: h.clone(),
        }];
        let values = [
            Value::Matrix(vec![series]),
            Value::Vector(vec![
                S::float(l.clone(), 2_000, 1e-9),
                S {
                    metric: Labels::empty(),
                    t: 2_000,
                    f: 0.0,
                    h: Some(h),
                    drop_name: false,
                },
            ]),
            Value::Scalar(crate::promql::engine::value::Scalar { t: 5, v: -0.0 }),
        ];
        for v in &values {
            let json: J = serde_json::from_str(&value_to_api_json_text(v)).unwrap();
            let (a, b) = (
                Result::from_value(v),
                Result::from_api(&json, true).unwrap(),
            );
            assert_eq!(a.csv(), b.csv());
            assert_eq!(a.table(false), b.table(false));
        }
    }

    #[test]
    fn vector_with_histogram() {
        let data: J = serde_json::from_str(
            r#"{"resultType":"vector","result":[{"metric":{},"histogram":[1.5,{"count":"2","sum":"3","buckets":[[0,"0","1","2"]]}]}]}"#,
        )
        .unwrap();
        let r = Result::from_api(&data, true).unwrap();
        assert_eq!(
            r.csv(),
            "timestamp,value\n1.500,\"{count:2, sum:3, 1 buckets}\"\n"
        );
    }
}

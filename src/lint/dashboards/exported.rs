//! `--metrics`: which metric names something exports, and the selectors of a query that
//! select none of them, the queries that would show "No data".

use std::collections::HashSet;

use crate::diag::Span;
use crate::exposition::openmetrics::{Entry, OmType, Parser, Step};
use crate::exposition::{self, MetricType};
use crate::promql::ast::{MatchOp, VectorSelector};
use crate::promql::Expr;

/// Metric names known to exist.
#[derive(Debug, Clone, Default)]
pub struct Exported {
    names: HashSet<String>,
    /// Names recording rules produce (`--rules`).
    recorded: HashSet<String>,
}

/// The form of a metrics file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One metric name per line (`#` comments allowed).
    List,
    /// The Prometheus text exposition format.
    Text,
    OpenMetrics,
}

/// Tells the form of `text`: OpenMetrics ends with `# EOF`; a list has one bare name per
/// line; anything else is read as the text format.
pub fn detect(text: &str) -> Format {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    if text.lines().map(str::trim).rfind(|l| !l.is_empty()) == Some("# EOF") {
        return Format::OpenMetrics;
    }
    if lines.all(|l| l.starts_with('#') || !l.contains(|c: char| c.is_whitespace() || c == '{')) {
        Format::List
    } else {
        Format::Text
    }
}

/// The series names a text-format family stands for.
fn text_names(name: &str, t: MetricType) -> Vec<String> {
    match t {
        MetricType::Histogram | MetricType::GaugeHistogram => ["_bucket", "_sum", "_count"]
            .iter()
            .map(|s| format!("{name}{s}"))
            .collect(),
        MetricType::Summary => vec![
            name.to_string(),
            format!("{name}_sum"),
            format!("{name}_count"),
        ],
        _ => vec![name.to_string()],
    }
}

/// The series names an OpenMetrics family declares.
fn om_names(name: &str, t: OmType) -> Vec<String> {
    let suffixes: &[&str] = match t {
        OmType::Counter => &["_total", "_created"],
        OmType::Histogram => &["_bucket", "_sum", "_count", "_created"],
        OmType::GaugeHistogram => &["_bucket", "_gsum", "_gcount"],
        OmType::Summary => &["", "_sum", "_count", "_created"],
        OmType::Info => &["_info"],
        _ => &[""],
    };
    suffixes.iter().map(|s| format!("{name}{s}")).collect()
}

impl Exported {
    /// Reads a list of names or a scrape. The error is the parser's message.
    pub fn parse(text: &str) -> Result<Exported, String> {
        let mut names = HashSet::new();
        match detect(text) {
            Format::List => {
                let lines = text.lines().map(str::trim);
                names.extend(
                    lines
                        .filter(|l| !l.is_empty() && !l.starts_with('#'))
                        .map(str::to_string),
                );
            }
            Format::Text => {
                let families = exposition::parse_text(text).map_err(|e| e.to_string())?;
                for f in families {
                    names.extend(text_names(&f.name, f.metric_type));
                }
            }
            Format::OpenMetrics => {
                let buf = text.as_bytes();
                let mut parser = Parser::new();
                let mut pos = 0;
                loop {
                    let (entry, next) = match parser.next_entry(buf, pos, true)? {
                        Step::Entry(Entry::Eof, _) | Step::NeedMore => break,
                        Step::Entry(e, next) => (e, next),
                    };
                    let text_of = |r: std::ops::Range<usize>| {
                        String::from_utf8_lossy(buf.get(r).unwrap_or_default()).into_owned()
                    };
                    match entry {
                        Entry::Type { name, kind } => names.extend(om_names(&text_of(name), kind)),
                        Entry::Series { .. } => {
                            if let Some((_, n)) = parser.labels(buf).into_iter().next() {
                                names.insert(n);
                            }
                        }
                        _ => {}
                    }
                    pos = next;
                }
            }
        }
        Ok(Exported {
            names,
            recorded: HashSet::new(),
        })
    }

    /// Adds the names recording rules record.
    pub fn add_recorded(&mut self, names: impl IntoIterator<Item = String>) {
        self.recorded.extend(names);
    }

    pub fn len(&self) -> usize {
        self.names.len() + self.recorded.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn contains(&self, name: &str) -> bool {
        self.names.contains(name) || self.recorded.contains(name)
    }

    fn any(&self, f: impl Fn(&str) -> bool) -> bool {
        self.names.iter().chain(&self.recorded).any(|n| f(n))
    }
}

/// A selector whose metric name nothing exports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The selector, in the parsed text.
    pub span: Span,
    /// The name, or the regex of a `__name__=~` matcher.
    pub name: String,
    pub regex: bool,
}

impl Missing {
    /// Names with a colon are recording rules' by convention.
    pub fn looks_recorded(&self) -> bool {
        !self.regex && self.name.contains(':')
    }
}

/// The selectors of `ast` that select no exported name. Selectors whose name came from a
/// variable (`from_variable` says so of a span), and those under `absent()`, which expects
/// nothing, are left alone.
pub fn missing(
    ast: &Expr,
    exported: &Exported,
    from_variable: &dyn Fn(Span) -> bool,
) -> Vec<Missing> {
    let mut out = Vec::new();
    visit(ast, false, &mut |v: &VectorSelector| {
        if let Some(m) = check(v, exported, from_variable) {
            out.push(m);
        }
    });
    out
}

fn visit(e: &Expr, in_absent: bool, f: &mut dyn FnMut(&VectorSelector)) {
    crate::promql::ast::with_stack(|| {
        let in_absent = in_absent
            || matches!(e, Expr::Call(c) if matches!(c.func.name, "absent" | "absent_over_time"));
        match e {
            _ if in_absent => {}
            Expr::VectorSelector(v) => f(v),
            Expr::MatrixSelector(m) => f(&m.vector_selector),
            _ => {}
        }
        for c in e.children() {
            visit(c, in_absent, f);
        }
    })
}

fn check(
    v: &VectorSelector,
    exported: &Exported,
    from_variable: &dyn Fn(Span) -> bool,
) -> Option<Missing> {
    if !v.name.is_empty() {
        let name_span = Span::new(v.span.start, v.span.start + v.name.len());
        if from_variable(name_span) || exported.contains(&v.name) {
            return None;
        }
        return Some(Missing {
            span: v.span,
            name: v.name.clone(),
            regex: false,
        });
    }
    let m = v.matchers.iter().find(|m| m.name == "__name__")?;
    if from_variable(v.span) {
        return None;
    }
    let found = match (m.op, &m.regex) {
        (MatchOp::Equal, _) => exported.contains(&m.value),
        (MatchOp::Regex, Some(re)) => exported.any(|n| re.is_match(n)),
        _ => return None,
    };
    (!found).then(|| Missing {
        span: v.span,
        name: m.value.clone(),
        regex: m.op == MatchOp::Regex,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::promql::{self, Features};

    fn names(e: &Exported) -> Vec<String> {
        let mut v: Vec<String> = e.names.iter().cloned().collect();
        v.sort();
        v
    }

    #[test]
    fn formats() {
        assert_eq!(detect("up\n# c\nnode_load1\n"), Format::List);
        assert_eq!(detect("up 1\n"), Format::Text);
        assert_eq!(
            detect("# TYPE up gauge\nup 1\n# EOF\n"),
            Format::OpenMetrics
        );
        let list = Exported::parse("up\n\n# comment\n  node_load1 \n").expect("list");
        assert_eq!(names(&list), ["node_load1", "up"]);
        let text = Exported::parse(
            "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n\
             # TYPE s summary\ns{quantile=\"0.5\"} 1\ns_sum 1\ns_count 1\nx_total 3\n",
        )
        .expect("text");
        assert_eq!(
            names(&text),
            ["h_bucket", "h_count", "h_sum", "s", "s_count", "s_sum", "x_total"]
        );
        let om = Exported::parse(
            "# TYPE c counter\nc_total 1\n# TYPE i info\ni_info{a=\"b\"} 1\n# EOF\n",
        )
        .expect("om");
        assert_eq!(names(&om), ["c_created", "c_total", "i_info"]);
        assert!(Exported::parse("up{ 1\n").is_err());
    }

    #[test]
    fn missing_selectors() {
        let mut e = Exported::parse("up\nnode_load1\n").expect("list");
        let ast = promql::parse(
            "up + rate(nope_total[5m]) + absent(gone) + {__name__=~\"node_.*\"} + \
             {__name__=~\"zz.*\"} + job:up:sum",
            Features::none(),
        )
        .expect("parse");
        let m = missing(&ast, &e, &|_| false);
        let got: Vec<(&str, bool)> = m.iter().map(|m| (m.name.as_str(), m.regex)).collect();
        assert_eq!(
            got,
            [("nope_total", false), ("zz.*", true), ("job:up:sum", false)]
        );
        assert!(m[2].looks_recorded());
        e.add_recorded(["job:up:sum".to_string()]);
        assert_eq!(missing(&ast, &e, &|_| false).len(), 2);
        // Names from variables are not judged.
        assert_eq!(missing(&ast, &e, &|_| true).len(), 0);
    }
}

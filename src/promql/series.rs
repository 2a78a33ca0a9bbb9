//! The series description notation of promqltest scripts and promtool rule unit tests:
//! a metric literal followed by value items, e.g.
//!
//! ```text
//! http_requests{job="api", "service.name"="x"}  0+10x5 _ stale {{schema:0 count:3 buckets:[1 2]}}x2
//! ```
//!
//! Accepts what Prometheus's parser accepts in series-description mode (including its
//! quirks: `0x10` means "0 repeated 11 times", `010` is octal, `Infx3` is an error) and reports
//! the same error texts where practical, each with the byte offset of the offending token.
//!
//! | item | values |
//! |---|---|
//! | `1.5`, `-2`, `Inf`, `NaN` | one float |
//! | `stale` | one staleness marker ([`STALE_NAN_BITS`]) |
//! | `_` / `_xN` | one / N omitted positions |
//! | `AxN` | A repeated N+1 times |
//! | `A+BxN`, `A-BxN` | N+1 values A, A±B, … (repeated addition) |
//! | `{{…}}`, `{{…}}xN` | one / N+1 native histograms |
//! | `{{A}}+{{B}}xN`, `{{A}}-{{B}}xN` | N+1 histograms A, A±B, … |

use std::collections::HashSet;

use crate::gostr::quote;
use crate::model::histogram::{CounterResetHint, FloatHistogram, Span};
use crate::model::labels::{Labels, METRIC_NAME};

/// Bit pattern of the NaN Prometheus uses as a staleness marker.
pub const STALE_NAN_BITS: u64 = 0x7ff0_0000_0000_0002;

/// Most values one series description may expand to. Repetitions like `0x100000000` would
/// otherwise exhaust memory; a week of one-second samples still fits.
pub const MAX_SERIES_VALUES: usize = 1 << 20;

/// The staleness marker as a float.
pub fn stale_nan() -> f64 {
    f64::from_bits(STALE_NAN_BITS)
}

/// Whether `v` is exactly the staleness marker (other NaNs are not).
pub fn is_stale_nan(v: f64) -> bool {
    v.to_bits() == STALE_NAN_BITS
}

/// One position in a value sequence.
#[derive(Clone, Debug, PartialEq)]
pub enum SequenceValue {
    /// `_`: no sample at this position.
    Omitted,
    Float(f64),
    /// Boxed to keep float sequences compact.
    Histogram {
        h: Box<FloatHistogram>,
        /// The description spelled out `counter_reset_hint:…`, so a test should compare the hint.
        counter_reset_hint_set: bool,
    },
}

impl SequenceValue {
    pub fn is_omitted(&self) -> bool {
        matches!(self, SequenceValue::Omitted)
    }
}

/// A syntax error in a series description, at byte offset `pos` of the input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{msg}")]
pub struct SeriesError {
    pub pos: usize,
    pub msg: String,
}

impl SeriesError {
    fn new(pos: usize, msg: impl Into<String>) -> Self {
        SeriesError {
            pos,
            msg: msg.into(),
        }
    }

    /// 1-based line and column (in bytes) of the error within `input`.
    pub fn line_col(&self, input: &str) -> (usize, usize) {
        crate::diag::line_col(input, self.pos)
    }

    /// Prometheus's rendering: `<line>:<col>: parse error: <msg>`.
    pub fn render(&self, input: &str) -> String {
        let (line, col) = self.line_col(input);
        format!("{line}:{col}: parse error: {}", self.msg)
    }
}

type Result<T> = std::result::Result<T, SeriesError>;

/// Parses a series description: a metric literal and its value items.
///
/// An empty input is an empty label set without values, as in Prometheus. A label name given
/// twice is an error; a metric name before the braces overrides `__name__` inside them.
pub fn parse_series_desc(input: &str) -> Result<(Labels, Vec<SequenceValue>)> {
    let mut p = Parser::new(input);
    let labels = p.metric(true)?;
    let values = p.values()?;
    Ok((labels, values))
}

/// Parses a bare metric literal (`name`, `name{a="b"}`, `{"name", a="b"}`, `{}` or nothing).
/// Whitespace may separate the tokens, as in PromQL.
pub fn parse_metric(input: &str) -> Result<Labels> {
    let mut p = Parser::new(input);
    let labels = p.metric(false)?;
    p.skip_ws_and_comments();
    if p.pos < p.b.len() {
        let t = p.lex_value(p.pos)?;
        return Err(SeriesError::new(
            t.start,
            format!("unexpected {}", p.desc(&t)),
        ));
    }
    Ok(labels)
}

pub use crate::gostr::parse_number as parse_go_number;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Eof,
    Space,
    Add,
    Sub,
    Times,
    Blank,
    OpenHist,
    CloseHist,
    Number,
    Identifier,
    MetricIdentifier,
    /// A PromQL keyword; the text decides how it is described.
    Keyword,
    Colon,
    LeftBracket,
    RightBracket,
    RightBrace,
    Comma,
    Assign,
    /// `=~`, `!=`, `!~` inside braces.
    MatchOp,
    Str,
    Descriptor(Key),
    Hint(CounterResetHint),
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
}

/// Histogram description keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key {
    Schema,
    Sum,
    Count,
    ZBucket,
    ZBucketW,
    Buckets,
    Offset,
    NBuckets,
    NOffset,
    CustomValues,
    CounterResetHint,
}

impl Key {
    fn from_word(lower: &str) -> Option<Key> {
        Some(match lower {
            "schema" => Key::Schema,
            "sum" => Key::Sum,
            "count" => Key::Count,
            "z_bucket" => Key::ZBucket,
            "z_bucket_w" => Key::ZBucketW,
            "buckets" => Key::Buckets,
            "offset" => Key::Offset,
            "n_buckets" => Key::NBuckets,
            "n_offset" => Key::NOffset,
            "custom_values" => Key::CustomValues,
            "counter_reset_hint" => Key::CounterResetHint,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Key::Schema => "schema",
            Key::Sum => "sum",
            Key::Count => "count",
            Key::ZBucket => "z_bucket",
            Key::ZBucketW => "z_bucket_w",
            Key::Buckets => "buckets",
            Key::Offset => "offset",
            Key::NBuckets => "n_buckets",
            Key::NOffset => "n_offset",
            Key::CustomValues => "custom_values",
            Key::CounterResetHint => "counter_reset_hint",
        }
    }
}

const CTX_VALUES: &str = "series values";
const CTX_LABELS: &str = "label set";
const CTX_HIST: &str =
    "histogram description, expected histogram description key, e.g. buckets:[5 10 7]";

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

fn is_alpha(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphabetic()
}

fn is_alnum(c: u8) -> bool {
    is_alpha(c) || c.is_ascii_digit()
}

/// PromQL keywords that may not name a metric in a series description.
fn keyword_blocks_metric_name(lower: &str) -> bool {
    matches!(
        lower,
        "bool" | "on" | "ignoring" | "group_left" | "group_right" | "atan2"
    )
}

/// How Prometheus's error messages render a keyword token, or `None` for a plain identifier.
fn keyword_desc(lower: &str, text: &str) -> Option<String> {
    Some(match lower {
        "and" | "or" | "unless" | "atan2" => format!("<op:{text}>"),
        "sum" | "avg" | "count" | "min" | "max" | "group" | "stddev" | "stdvar" | "topk"
        | "bottomk" | "count_values" | "quantile" | "limitk" | "limit_ratio" => {
            format!("<aggr:{text}>")
        }
        "offset" | "smoothed" | "anchored" | "by" | "without" | "on" | "ignoring"
        | "group_left" | "group_right" | "fill" | "fill_left" | "fill_right" | "bool" => {
            format!("<{text}>")
        }
        "start" | "end" | "step" | "range" | "max_of" | "min_of" => quote_trunc(text),
        _ => return None,
    })
}

/// Go's `%.10q...` for long token texts, `%q` otherwise.
fn quote_trunc(s: &str) -> String {
    if s.chars().count() > 10 {
        let head: String = s.chars().take(10).collect();
        format!("{}...", quote(&head))
    } else {
        quote(s)
    }
}

/// Go's `strconv.QuoteRune` (`%q` of a rune).
pub(crate) fn quote_rune(c: char) -> String {
    match c {
        '\'' => "'\\''".to_string(),
        '"' => "'\"'".to_string(),
        _ => {
            let q = quote(c.encode_utf8(&mut [0; 4]));
            let inner = q
                .strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .unwrap_or(&q);
            format!("'{inner}'")
        }
    }
}

/// Go's `%#U`: `U+0071 'q'` for printable runes, `U+0000` otherwise.
fn rune_u(c: char) -> String {
    if crate::gostr::is_print(c) {
        format!("U+{:04X} '{c}'", u32::from(c))
    } else {
        format!("U+{:04X}", u32::from(c))
    }
}

struct Parser<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    /// Histogram memory handed out so far, in [`HIST_BUDGET`] units.
    hist_units: usize,
}

/// Budget for the histograms one description may expand to, counted in buckets (8 bytes)
/// plus [`HIST_VALUE_OVERHEAD`] per histogram: about 64 MiB.
const HIST_BUDGET: usize = 1 << 23;
const HIST_VALUE_OVERHEAD: usize = 24;

fn bucket_count(h: &FloatHistogram) -> usize {
    h.positive_buckets.len() + h.negative_buckets.len() + h.custom_values.len()
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        Parser {
            src,
            b: src.as_bytes(),
            pos: 0,
            hist_units: 0,
        }
    }

    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn text(&self, t: &Tok) -> &'a str {
        self.src.get(t.start..t.end).unwrap_or("")
    }

    fn char_at(&self, i: usize) -> char {
        self.src
            .get(i..)
            .and_then(|s| s.chars().next())
            .unwrap_or('\u{fffd}')
    }

    /// Describes a token like Prometheus's `Item.desc()`.
    fn desc(&self, t: &Tok) -> String {
        let text = self.text(t);
        match t.kind {
            Kind::Eof => "end of input".to_string(),
            Kind::Identifier => format!("identifier {}", quote(text)),
            Kind::MetricIdentifier => format!("metric identifier {}", quote(text)),
            Kind::Number => format!("number {}", quote_trunc(text)),
            Kind::Str => format!("string {}", quote_trunc(text)),
            Kind::Add | Kind::Sub | Kind::MatchOp => format!("<op:{text}>"),
            Kind::Keyword => {
                keyword_desc(&text.to_ascii_lowercase(), text).unwrap_or_else(|| quote(text))
            }
            Kind::Descriptor(_) => format!("histogram descriptor {}", quote(text)),
            Kind::Hint(_) => format!("counter reset hint {}", quote(text)),
            Kind::Space => quote(text.get(..1).unwrap_or(" ")),
            _ => quote_trunc(text),
        }
    }

    fn unexpected(&self, t: &Tok, ctx: &str) -> SeriesError {
        SeriesError::new(t.start, format!("unexpected {} in {ctx}", self.desc(t)))
    }

    fn tok(&self, kind: Kind, start: usize, end: usize) -> Tok {
        Tok { kind, start, end }
    }

    /// Skips white space and `#` comments (PromQL's statement mode).
    fn skip_ws_and_comments(&mut self) {
        loop {
            match self.at(self.pos) {
                Some(c) if is_space(c) => self.pos += 1,
                Some(b'#') => {
                    while let Some(c) = self.at(self.pos) {
                        if c == b'\n' || c == b'\r' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                _ => return,
            }
        }
    }

    /// Prometheus's `scanNumber` in series mode (no hexadecimal): returns the end of a valid
    /// number, or the end of what was consumed before it became invalid.
    fn scan_number(&self, start: usize) -> std::result::Result<usize, usize> {
        let mut p = start;
        let digit = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_digit());
        let is_in = |c: Option<u8>, set: &[u8]| c.is_some_and(|c| set.contains(&c));
        if self.at(p) == Some(b'.') {
            p += 1;
        }
        if digit(self.at(p)) {
            p += 1;
        }
        let (mut dot, mut exp) = (false, false);
        while is_in(self.at(p), b"0123456789._eE") {
            let c = self.at(p);
            if c == Some(b'.') && dot {
                return Err(p + 1);
            }
            if is_in(c, b"eE") && exp {
                return Err(p + 1);
            }
            if c == Some(b'.') {
                dot = true;
                p += 1;
                if is_in(self.at(p), b"_.") {
                    return Err(p + 1);
                }
                continue;
            }
            if is_in(c, b"eE") {
                exp = true;
                p += 1;
                if is_in(self.at(p), b"+-") {
                    p += 1;
                }
                if is_in(self.at(p), b"._eE") {
                    return Err(p + 1);
                }
                if self.at(p).is_none() {
                    return Err(p);
                }
                continue;
            }
            if c == Some(b'_') {
                p += 1;
                if is_in(self.at(p), b"._eE") {
                    return Err(p + 1);
                }
                if self.at(p).is_none() {
                    return Err(p);
                }
                continue;
            }
            while digit(self.at(p)) {
                p += 1;
            }
        }
        if p == start {
            return Err(p);
        }
        match self.at(p) {
            Some(b'x') => Ok(p),
            Some(c) if is_alnum(c) => Err(p),
            _ => Ok(p),
        }
    }

    fn lex_number(&self, start: usize) -> Result<Tok> {
        match self.scan_number(start) {
            Ok(end) => Ok(self.tok(Kind::Number, start, end)),
            Err(end) => {
                let consumed = self.src.get(start..end).unwrap_or("");
                Err(SeriesError::new(
                    start,
                    format!("bad number syntax: {}", quote(consumed)),
                ))
            }
        }
    }

    /// A word of letters, digits, `_` and `:` starting at `start`, classified like
    /// Prometheus's `lexKeywordOrIdentifier`.
    fn lex_word(&self, start: usize) -> Tok {
        let mut end = start;
        while self.at(end).is_some_and(|c| is_alnum(c) || c == b':') {
            end += 1;
        }
        let text = self.src.get(start..end).unwrap_or("");
        let lower = text.to_ascii_lowercase();
        let kind = if lower == "inf" || lower == "nan" {
            Kind::Number
        } else if keyword_desc(&lower, text).is_some() {
            Kind::Keyword
        } else if text.contains(':') {
            Kind::MetricIdentifier
        } else {
            Kind::Identifier
        };
        self.tok(kind, start, end)
    }

    fn space_run(&self, start: usize) -> Tok {
        let mut end = start;
        while self.at(end).is_some_and(is_space) {
            end += 1;
        }
        self.tok(Kind::Space, start, end)
    }

    /// Next token in a value sequence (outside histograms).
    fn lex_value(&self, p: usize) -> Result<Tok> {
        let Some(c) = self.at(p) else {
            return Ok(self.tok(Kind::Eof, p, p));
        };
        let one = |kind| Ok(self.tok(kind, p, p + 1));
        match c {
            b'{' if self.at(p + 1) == Some(b'{') => Ok(self.tok(Kind::OpenHist, p, p + 2)),
            _ if is_space(c) => Ok(self.space_run(p)),
            b'+' => one(Kind::Add),
            b'-' => one(Kind::Sub),
            b'x' => one(Kind::Times),
            b'_' => one(Kind::Blank),
            _ if c.is_ascii_digit()
                || (c == b'.' && self.at(p + 1).is_some_and(|d| d.is_ascii_digit())) =>
            {
                self.lex_number(p)
            }
            _ if is_alpha(c) => Ok(self.lex_word(p)),
            _ => Err(SeriesError::new(
                p,
                format!(
                    "unexpected character in series sequence: {}",
                    quote_rune(self.char_at(p))
                ),
            )),
        }
    }

    /// Next token inside `{{…}}`, outside a bucket list.
    fn lex_hist(&self, p: usize) -> Result<Tok> {
        let Some(c) = self.at(p) else {
            return Err(SeriesError::new(
                p,
                "histogram description incomplete unexpected: '\u{fffd}'",
            ));
        };
        match c {
            _ if is_space(c) => Ok(self.space_run(p)),
            _ if is_alpha(c) => {
                let mut end = p;
                while self.at(end).is_some_and(is_alpha) {
                    end += 1;
                }
                let word = self.src.get(p..end).unwrap_or("");
                let lower = word.to_ascii_lowercase();
                if let Some(key) = Key::from_word(&lower) {
                    if self.at(end) == Some(b':') {
                        return Ok(self.tok(Kind::Descriptor(key), p, end));
                    }
                    return Err(SeriesError::new(p, "missing `:` for histogram descriptor"));
                }
                if lower == "inf" || lower == "nan" {
                    return Ok(self.tok(Kind::Number, p, end));
                }
                let hint = match lower.as_str() {
                    "unknown" => Some(CounterResetHint::Unknown),
                    "reset" => Some(CounterResetHint::CounterReset),
                    "not_reset" => Some(CounterResetHint::NotCounterReset),
                    "gauge" => Some(CounterResetHint::Gauge),
                    _ => None,
                };
                match hint {
                    Some(h) => Ok(self.tok(Kind::Hint(h), p, end)),
                    None => Err(SeriesError::new(
                        p,
                        format!("bad histogram descriptor found: {}", quote(word)),
                    )),
                }
            }
            b':' => Ok(self.tok(Kind::Colon, p, p + 1)),
            b'-' => Ok(self.tok(Kind::Sub, p, p + 1)),
            b'[' => Ok(self.tok(Kind::LeftBracket, p, p + 1)),
            b'}' if self.at(p + 1) == Some(b'}') => Ok(self.tok(Kind::CloseHist, p, p + 2)),
            _ if c.is_ascii_digit() => self.lex_number(p),
            _ => Err(SeriesError::new(
                p,
                format!(
                    "histogram description incomplete unexpected: {}",
                    quote_rune(self.char_at(p))
                ),
            )),
        }
    }

    /// Next token inside a bucket list `[…]`. After `-` a number must follow directly.
    fn lex_bucket(&self, p: usize, after_sub: bool) -> Result<Tok> {
        if after_sub {
            let t = self.lex_number(p)?;
            return Ok(t);
        }
        let Some(c) = self.at(p) else {
            return Err(SeriesError::new(
                p,
                "invalid character in buckets description: '\u{fffd}'",
            ));
        };
        match c {
            _ if is_space(c) => Ok(self.space_run(p)),
            b'-' => Ok(self.tok(Kind::Sub, p, p + 1)),
            b']' => Ok(self.tok(Kind::RightBracket, p, p + 1)),
            _ if c.is_ascii_digit() => self.lex_number(p),
            _ if is_alpha(c) => {
                let mut end = p;
                while self.at(end).is_some_and(is_alpha) {
                    end += 1;
                }
                let lower = self.src.get(p..end).unwrap_or("").to_ascii_lowercase();
                if lower == "inf" || lower == "nan" {
                    Ok(self.tok(Kind::Number, p, end))
                } else {
                    Err(SeriesError::new(
                        p,
                        format!(
                            "invalid character in buckets description: {}",
                            quote_rune(self.char_at(p))
                        ),
                    ))
                }
            }
            _ => Err(SeriesError::new(
                p,
                format!(
                    "invalid character in buckets description: {}",
                    quote_rune(self.char_at(p))
                ),
            )),
        }
    }

    /// Next token inside `{…}` of a metric literal, skipping white space and comments.
    fn lex_brace(&mut self) -> Result<Tok> {
        self.skip_ws_and_comments();
        let p = self.pos;
        let Some(c) = self.at(p) else {
            return Err(SeriesError::new(p, "unexpected end of input inside braces"));
        };
        let tok = match c {
            _ if is_alpha(c) => {
                let mut end = p;
                while self.at(end).is_some_and(is_alnum) {
                    end += 1;
                }
                self.tok(Kind::Identifier, p, end)
            }
            b',' => self.tok(Kind::Comma, p, p + 1),
            b'}' => self.tok(Kind::RightBrace, p, p + 1),
            b'"' | b'\'' | b'`' => self.tok(Kind::Str, p, self.scan_string(p)?),
            b'=' if self.at(p + 1) == Some(b'~') => self.tok(Kind::MatchOp, p, p + 2),
            b'=' => self.tok(Kind::Assign, p, p + 1),
            b'!' => match self.at(p + 1) {
                Some(b'~' | b'=') => self.tok(Kind::MatchOp, p, p + 2),
                _ => {
                    let next = if self.at(p + 1).is_some() {
                        quote_rune(self.char_at(p + 1))
                    } else {
                        "'\u{fffd}'".to_string()
                    };
                    return Err(SeriesError::new(
                        p,
                        format!("unexpected character after '!' inside braces: {next}"),
                    ));
                }
            },
            b'{' => return Err(SeriesError::new(p, "unexpected left brace '{'")),
            _ => {
                return Err(SeriesError::new(
                    p,
                    format!(
                        "unexpected character inside braces: {}",
                        quote_rune(self.char_at(p))
                    ),
                ))
            }
        };
        Ok(tok)
    }

    /// Finds the end of a quoted string starting at `start`, validating escapes the way
    /// Prometheus's lexer does.
    fn scan_string(&self, start: usize) -> Result<usize> {
        let rest = self.src.get(start..).unwrap_or("");
        let mut chars = rest.char_indices();
        let Some((_, open)) = chars.next() else {
            return Err(SeriesError::new(start, "unterminated quoted string"));
        };
        if open == '`' {
            return match rest.get(1..).and_then(|r| r.find('`')) {
                Some(i) => Ok(start + 1 + i + 1),
                None => Err(SeriesError::new(start, "unterminated raw string")),
            };
        }
        let err = |msg: String| SeriesError::new(start, msg);
        while let Some((i, c)) = chars.next() {
            match c {
                '\n' => return Err(err("unterminated quoted string".into())),
                c if c == open => return Ok(start + i + c.len_utf8()),
                '\\' => {
                    let Some((_, e)) = chars.next() else {
                        return Err(err("escape sequence not terminated".into()));
                    };
                    let (n, base, max): (usize, u32, u32) = match e {
                        'a' | 'b' | 'f' | 'n' | 'r' | 't' | 'v' | '\\' => continue,
                        c if c == open => continue,
                        '0'..='7' => (3, 8, 255),
                        'x' => (2, 16, 255),
                        'u' => (4, 16, 0x10_FFFF),
                        'U' => (8, 16, 0x10_FFFF),
                        other => {
                            return Err(err(format!("unknown escape sequence {}", rune_u(other))))
                        }
                    };
                    // For octal the escape letter is itself the first digit.
                    let mut digits: Vec<char> = Vec::with_capacity(n);
                    if base == 8 {
                        digits.push(e);
                    }
                    while digits.len() < n {
                        match chars.next() {
                            Some((_, d)) => digits.push(d),
                            None => return Err(err("escape sequence not terminated".into())),
                        }
                    }
                    let mut x: u32 = 0;
                    for d in digits {
                        match d.to_digit(16).filter(|&v| v < base) {
                            Some(v) => x = x.saturating_mul(base).saturating_add(v),
                            None if d == '\n' => {
                                return Err(err("unterminated quoted string".into()))
                            }
                            None => {
                                return Err(err(format!(
                                    "illegal character {} in escape sequence",
                                    rune_u(d)
                                )))
                            }
                        }
                    }
                    if x > max || (0xD800..0xE000).contains(&x) {
                        return Err(err(
                            "escape sequence is an invalid Unicode code point".into()
                        ));
                    }
                }
                _ => {}
            }
        }
        Err(err("unterminated quoted string".into()))
    }

    fn unquote(&self, t: &Tok) -> Result<String> {
        let raw = self.text(t);
        crate::gostr::unquote(raw).map_err(|e| {
            SeriesError::new(
                t.start,
                format!("error unquoting string {}: {e}", quote(raw)),
            )
        })
    }

    /// The metric literal. In series mode (`series == true`) a name must be followed directly
    /// by `{`, white space or the end; in metric mode white space may precede the braces.
    fn metric(&mut self, series: bool) -> Result<Labels> {
        self.skip_ws_and_comments();
        let ctx_err = |p: &Self, t: &Tok| {
            if series {
                p.unexpected(t, CTX_VALUES)
            } else {
                SeriesError::new(t.start, format!("unexpected {}", p.desc(t)))
            }
        };
        let mut name: Option<String> = None;
        match self.at(self.pos) {
            None => return Ok(Labels::empty()),
            Some(b'{') => {}
            Some(c) if is_alpha(c) || c == b':' => {
                let t = self.lex_word(self.pos);
                let text = self.text(&t);
                let lower = text.to_ascii_lowercase();
                let allowed = match t.kind {
                    Kind::Identifier | Kind::MetricIdentifier => true,
                    Kind::Keyword => !keyword_blocks_metric_name(&lower),
                    _ => false,
                };
                if !allowed {
                    return Err(ctx_err(self, &t));
                }
                name = Some(text.to_string());
                self.pos = t.end;
                if !series {
                    self.skip_ws_and_comments();
                }
            }
            Some(_) => {
                // Anything else cannot start a metric; in series mode Prometheus reads it as
                // the start of the values.
                let t = self.lex_value(self.pos)?;
                return Err(ctx_err(self, &t));
            }
        }
        let mut pairs: Vec<(String, String, usize)> = Vec::new();
        if self.at(self.pos) == Some(b'{') {
            self.pos += 1;
            self.label_set(&mut pairs)?;
        }
        let mut seen = HashSet::new();
        for (n, _, pos) in &pairs {
            if !seen.insert(n.as_str()) {
                return Err(SeriesError::new(
                    *pos,
                    format!("label name {} is not unique", quote(n)),
                ));
            }
        }
        let mut labels = Labels::from_pairs(pairs.into_iter().map(|(n, v, _)| (n, v)));
        if let Some(n) = name {
            labels.set(METRIC_NAME, n);
        }
        Ok(labels)
    }

    /// The next token inside a label set, which must be of `kind` (described as `what` in
    /// the error); consumed.
    fn expect_in_braces(&mut self, kind: Kind, what: &str) -> Result<Tok> {
        let t = self.lex_brace()?;
        if t.kind != kind {
            return Err(SeriesError::new(
                t.start,
                format!(
                    "unexpected {} in {CTX_LABELS}, expected {what}",
                    self.desc(&t)
                ),
            ));
        }
        self.pos = t.end;
        Ok(t)
    }

    /// The inside of `{…}`; the `{` is consumed.
    fn label_set(&mut self, out: &mut Vec<(String, String, usize)>) -> Result<()> {
        loop {
            let t = self.lex_brace()?;
            match t.kind {
                Kind::RightBrace => {
                    self.pos = t.end;
                    return Ok(());
                }
                Kind::Identifier => {
                    self.pos = t.end;
                    let name = self.text(&t).to_string();
                    self.expect_in_braces(Kind::Assign, "\"=\"")?;
                    let v = self.expect_in_braces(Kind::Str, "string")?;
                    out.push((name, self.unquote(&v)?, t.start));
                }
                Kind::Str => {
                    self.pos = t.end;
                    let s = self.unquote(&t)?;
                    let save = self.pos;
                    let eq = self.lex_brace()?;
                    if eq.kind == Kind::Assign {
                        self.pos = eq.end;
                        let v = self.expect_in_braces(Kind::Str, "string")?;
                        out.push((s, self.unquote(&v)?, t.start));
                    } else {
                        self.pos = save;
                        out.push((METRIC_NAME.to_string(), s, t.start));
                    }
                }
                _ => {
                    return Err(SeriesError::new(
                        t.start,
                        format!(
                            "unexpected {} in {CTX_LABELS}, expected identifier or \"}}\"",
                            self.desc(&t)
                        ),
                    ));
                }
            }
            let sep = self.lex_brace()?;
            match sep.kind {
                Kind::Comma => self.pos = sep.end,
                Kind::RightBrace => {
                    self.pos = sep.end;
                    return Ok(());
                }
                _ => {
                    return Err(SeriesError::new(
                        sep.start,
                        format!(
                            "unexpected {} in {CTX_LABELS}, expected \",\" or \"}}\"",
                            self.desc(&sep)
                        ),
                    ))
                }
            }
        }
    }

    /// `(SPACE item)* SPACE?` up to the end of the input.
    fn values(&mut self) -> Result<Vec<SequenceValue>> {
        let mut out = Vec::new();
        loop {
            let t = self.lex_value(self.pos)?;
            match t.kind {
                Kind::Eof => return Ok(out),
                Kind::Space => {
                    self.pos = t.end;
                    if self.pos >= self.b.len() {
                        return Ok(out);
                    }
                    self.item(&mut out)?;
                }
                _ => return Err(self.unexpected(&t, CTX_VALUES)),
            }
        }
    }

    fn push_n(
        &self,
        out: &mut Vec<SequenceValue>,
        n: u64,
        at: usize,
        mut f: impl FnMut() -> SequenceValue,
    ) -> Result<()> {
        let room = MAX_SERIES_VALUES.saturating_sub(out.len());
        if usize::try_from(n).map_or(true, |n| n > room) {
            return Err(SeriesError::new(
                at,
                format!("too many values in series description (limit {MAX_SERIES_VALUES})"),
            ));
        }
        for _ in 0..n {
            out.push(f());
        }
        Ok(())
    }

    /// The repetition count after `x`.
    fn uint(&mut self) -> Result<(u64, usize)> {
        let t = self.lex_value(self.pos)?;
        if t.kind != Kind::Number {
            return Err(self.unexpected(&t, CTX_VALUES));
        }
        self.pos = t.end;
        let n = crate::gostr::parse_uint10(self.text(&t)).map_err(|e| {
            SeriesError::new(t.start, format!("invalid repetition in series values: {e}"))
        })?;
        Ok((n, t.start))
    }

    /// A number token (`NUMBER` in Prometheus's grammar), converted like its `number()`.
    fn number(&mut self, t: &Tok) -> Result<f64> {
        self.pos = t.end;
        parse_go_number(self.text(t))
            .map_err(|e| SeriesError::new(t.start, format!("error parsing number: {e}")))
    }

    fn item(&mut self, out: &mut Vec<SequenceValue>) -> Result<()> {
        let t = self.lex_value(self.pos)?;
        match t.kind {
            Kind::Blank => {
                self.pos = t.end;
                let x = self.lex_value(self.pos)?;
                if x.kind == Kind::Times {
                    self.pos = x.end;
                    let (n, at) = self.uint()?;
                    self.push_n(out, n, at, || SequenceValue::Omitted)?;
                } else {
                    self.push_n(out, 1, t.start, || SequenceValue::Omitted)?;
                }
                Ok(())
            }
            Kind::OpenHist => self.histogram_item(out),
            Kind::Add | Kind::Sub => {
                self.pos = t.end;
                let n = self.lex_value(self.pos)?;
                if n.kind != Kind::Number {
                    return Err(self.unexpected(&n, CTX_VALUES));
                }
                let v = self.number(&n)?;
                let v = if t.kind == Kind::Sub { -v } else { v };
                self.float_tail(v, t.start, out)
            }
            Kind::Number => {
                let v = self.number(&t)?;
                self.float_tail(v, t.start, out)
            }
            Kind::Identifier => {
                if self.text(&t) != "stale" {
                    return Err(SeriesError::new(
                        t.start,
                        format!(
                            "unexpected {} in {CTX_VALUES}, expected number or \"stale\"",
                            self.desc(&t)
                        ),
                    ));
                }
                self.pos = t.end;
                self.float_tail(stale_nan(), t.start, out)
            }
            _ => Err(self.unexpected(&t, CTX_VALUES)),
        }
    }

    /// What may follow a float: `xN` or `±BxN`.
    fn float_tail(&mut self, v: f64, start: usize, out: &mut Vec<SequenceValue>) -> Result<()> {
        let t = self.lex_value(self.pos)?;
        match t.kind {
            Kind::Times => {
                self.pos = t.end;
                let (n, at) = self.uint()?;
                self.push_n(out, n.saturating_add(1), at, || SequenceValue::Float(v))
            }
            Kind::Add | Kind::Sub => {
                self.pos = t.end;
                let d = self.lex_value(self.pos)?;
                if d.kind != Kind::Number {
                    return Err(self.unexpected(&d, CTX_VALUES));
                }
                let delta = self.number(&d)?;
                let delta = if t.kind == Kind::Sub { -delta } else { delta };
                let x = self.lex_value(self.pos)?;
                if x.kind != Kind::Times {
                    return Err(self.unexpected(&x, CTX_VALUES));
                }
                self.pos = x.end;
                let (n, at) = self.uint()?;
                let mut cur = v;
                self.push_n(out, n.saturating_add(1), at, || {
                    let this = cur;
                    cur += delta;
                    SequenceValue::Float(this)
                })
            }
            _ => self.push_n(out, 1, start, || SequenceValue::Float(v)),
        }
    }

    /// Charges `n` histogram values of about `buckets` buckets each against the budget.
    fn charge_histograms(&mut self, n: u64, buckets: usize, at: usize) -> Result<()> {
        let units = usize::try_from(n)
            .ok()
            .and_then(|n| n.checked_mul(buckets.saturating_add(HIST_VALUE_OVERHEAD)))
            .and_then(|u| u.checked_add(self.hist_units))
            .filter(|&u| u <= HIST_BUDGET);
        match units {
            Some(u) => {
                self.hist_units = u;
                Ok(())
            }
            None => Err(SeriesError::new(
                at,
                "too many histogram buckets in series description",
            )),
        }
    }

    fn histogram_item(&mut self, out: &mut Vec<SequenceValue>) -> Result<()> {
        let start = self.pos;
        let (base, base_hint_set) = self.histogram()?;
        let wrap = |h: FloatHistogram, hint_set: bool| SequenceValue::Histogram {
            h: Box::new(h),
            counter_reset_hint_set: hint_set,
        };
        match self.at(self.pos) {
            Some(b'x') => {
                self.pos += 1;
                let (n, at) = self.uint()?;
                let n = n.saturating_add(1);
                self.charge_histograms(n, bucket_count(&base), at)?;
                self.push_n(out, n, at, || wrap(base.clone(), base_hint_set))
            }
            Some(op @ (b'+' | b'-')) => {
                self.pos += 1;
                let open = self.lex_value(self.pos)?;
                if open.kind != Kind::OpenHist {
                    return Err(self.unexpected(&open, CTX_VALUES));
                }
                let (inc, hint_set) = self.histogram()?;
                if self.at(self.pos) != Some(b'x') {
                    let t = self.lex_value(self.pos)?;
                    return Err(self.unexpected(&t, CTX_VALUES));
                }
                self.pos += 1;
                let (n, at) = self.uint()?;
                let room = MAX_SERIES_VALUES.saturating_sub(out.len());
                if usize::try_from(n).map_or(true, |n| n >= room) {
                    return Err(SeriesError::new(
                        at,
                        format!(
                            "too many values in series description (limit {MAX_SERIES_VALUES})"
                        ),
                    ));
                }
                // Sums have at most the buckets of both operands.
                let buckets = bucket_count(&base) + bucket_count(&inc);
                self.charge_histograms(n.saturating_add(1), buckets, at)?;
                let mut cur = base;
                out.push(wrap(cur.clone(), hint_set));
                for _ in 0..n {
                    if cur.schema > inc.schema {
                        return Err(SeriesError::new(
                            at,
                            format!(
                                "error combining histograms: cannot merge from schema {} to {}",
                                inc.schema, cur.schema
                            ),
                        ));
                    }
                    let copy = cur.copy_relevant();
                    let next = if op == b'+' {
                        copy.add(&inc)
                    } else {
                        copy.sub(&inc)
                    };
                    cur = next.map_err(|e| SeriesError::new(at, e.to_string()))?;
                    out.push(wrap(cur.clone(), hint_set));
                }
                Ok(())
            }
            _ => {
                self.charge_histograms(1, bucket_count(&base), start)?;
                self.push_n(out, 1, start, || wrap(base.clone(), base_hint_set))
            }
        }
    }

    /// `{{ key:value … }}`; returns the histogram and whether a counter reset hint was given.
    fn histogram(&mut self) -> Result<(FloatHistogram, bool)> {
        self.pos += 2; // `{{`
        let mut h = HistDesc::default();
        let mut seen: HashSet<Key> = HashSet::new();
        let mut ctx = CTX_VALUES;
        let t = self.lex_hist(self.pos)?;
        match t.kind {
            Kind::CloseHist => {
                self.pos = t.end;
                return Ok((h.build(), false));
            }
            Kind::Space => {
                self.pos = t.end;
                let c = self.lex_hist(self.pos)?;
                if c.kind != Kind::CloseHist {
                    return Err(self.unexpected(&c, CTX_VALUES));
                }
                self.pos = c.end;
                return Ok((h.build(), false));
            }
            _ => {}
        }
        let mut next = t;
        loop {
            let Kind::Descriptor(key) = next.kind else {
                return Err(self.unexpected(&next, ctx));
            };
            if !seen.insert(key) {
                return Err(SeriesError::new(
                    next.start,
                    format!("duplicate key {} in histogram", quote(key.name())),
                ));
            }
            self.pos = next.end + 1; // the descriptor is always followed by `:`
            self.descriptor_value(key, &mut h, ctx)?;
            ctx = CTX_HIST;
            let t = self.lex_hist(self.pos)?;
            match t.kind {
                Kind::CloseHist => {
                    self.pos = t.end;
                    break;
                }
                Kind::Space => {
                    self.pos = t.end;
                    let n = self.lex_hist(self.pos)?;
                    if n.kind == Kind::CloseHist {
                        self.pos = n.end;
                        break;
                    }
                    next = n;
                }
                _ => return Err(self.unexpected(&t, ctx)),
            }
        }
        Ok((h.build(), seen.contains(&Key::CounterResetHint)))
    }

    fn descriptor_value(&mut self, key: Key, d: &mut HistDesc, ctx: &str) -> Result<()> {
        let h = &mut d.h;
        match key {
            // Go truncates the 64-bit value to int32; so do we.
            Key::Schema => h.schema = self.hist_int(ctx)? as i32,
            Key::Offset => d.offset = self.hist_int(ctx)? as i32,
            Key::NOffset => d.n_offset = self.hist_int(ctx)? as i32,
            Key::Sum => h.sum = self.hist_float(true, ctx)?,
            Key::Count => h.count = self.hist_float(true, ctx)?,
            Key::ZBucket => h.zero_count = self.hist_float(true, ctx)?,
            Key::ZBucketW => h.zero_threshold = self.hist_float(false, ctx)?,
            Key::Buckets => h.positive_buckets = self.bucket_set(ctx)?,
            Key::NBuckets => h.negative_buckets = self.bucket_set(ctx)?,
            Key::CustomValues => h.custom_values = self.bucket_set(ctx)?,
            Key::CounterResetHint => {
                let t = self.lex_hist(self.pos)?;
                let Kind::Hint(hint) = t.kind else {
                    return Err(self.unexpected(&t, ctx));
                };
                self.pos = t.end;
                h.counter_reset_hint = hint;
            }
        }
        Ok(())
    }

    /// `-?uint` inside a histogram (schema and offsets).
    fn hist_int(&mut self, ctx: &str) -> Result<i64> {
        let mut t = self.lex_hist(self.pos)?;
        let neg = t.kind == Kind::Sub;
        if neg {
            self.pos = t.end;
            t = self.lex_hist(self.pos)?;
        }
        if t.kind != Kind::Number {
            return Err(self.unexpected(&t, ctx));
        }
        self.pos = t.end;
        let n = crate::gostr::parse_uint10(self.text(&t)).map_err(|e| {
            SeriesError::new(t.start, format!("invalid repetition in series values: {e}"))
        })?;
        // Go converts with wrap-around; so do we.
        let n = n as i64;
        Ok(if neg { n.wrapping_neg() } else { n })
    }

    /// A number inside a histogram, optionally with a leading `-`.
    fn hist_float(&mut self, signed: bool, ctx: &str) -> Result<f64> {
        let mut t = self.lex_hist(self.pos)?;
        let neg = signed && t.kind == Kind::Sub;
        if neg {
            self.pos = t.end;
            t = self.lex_hist(self.pos)?;
        }
        if t.kind != Kind::Number {
            return Err(self.unexpected(&t, ctx));
        }
        let v = self.number(&t)?;
        Ok(if neg { -v } else { v })
    }

    /// `[v v …]` with single-space separators and an optional space before `]`.
    fn bucket_set(&mut self, ctx: &str) -> Result<Vec<f64>> {
        let t = self.lex_hist(self.pos)?;
        if t.kind != Kind::LeftBracket {
            return Err(self.unexpected(&t, ctx));
        }
        self.pos = t.end;
        let mut vals = Vec::new();
        loop {
            // A value: `-`? number.
            let t = self.lex_bucket(self.pos, false)?;
            let v = match t.kind {
                Kind::Sub => {
                    self.pos = t.end;
                    let n = self.lex_bucket(self.pos, true)?;
                    -self.number(&n)?
                }
                Kind::Number => self.number(&t)?,
                _ => return Err(self.unexpected(&t, ctx)),
            };
            vals.push(v);
            let sep = self.lex_bucket(self.pos, false)?;
            match sep.kind {
                Kind::RightBracket => {
                    self.pos = sep.end;
                    return Ok(vals);
                }
                Kind::Space => {
                    self.pos = sep.end;
                    let n = self.lex_bucket(self.pos, false)?;
                    if n.kind == Kind::RightBracket {
                        self.pos = n.end;
                        return Ok(vals);
                    }
                }
                _ => return Err(self.unexpected(&sep, ctx)),
            }
        }
    }
}

/// A histogram description being read; the offsets apply once all keys are known.
#[derive(Default)]
struct HistDesc {
    h: FloatHistogram,
    offset: i32,
    n_offset: i32,
}

impl HistDesc {
    /// Listed buckets form one span starting at the offset; no buckets, no span.
    fn build(self) -> FloatHistogram {
        let mut h = self.h;
        let span = |offset: i32, n: usize| {
            (n > 0)
                .then(|| Span {
                    offset,
                    length: u32::try_from(n).unwrap_or(u32::MAX),
                })
                .into_iter()
                .collect()
        };
        h.positive_spans = span(self.offset, h.positive_buckets.len());
        h.negative_spans = span(self.n_offset, h.negative_buckets.len());
        h
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::histogram::CUSTOM_BUCKETS_SCHEMA;

    fn ok(input: &str) -> (Labels, Vec<SequenceValue>) {
        match parse_series_desc(input) {
            Ok(v) => v,
            Err(e) => panic!("{input:?}: {}", e.render(input)),
        }
    }

    /// The error in Prometheus's `line:col: parse error: msg` form.
    fn err(input: &str) -> String {
        match parse_series_desc(input) {
            Ok(v) => panic!("{input:?} parsed: {v:?}"),
            Err(e) => e.render(input),
        }
    }

    fn lbl(pairs: &[(&str, &str)]) -> Labels {
        Labels::from_pairs(pairs.iter().copied())
    }

    /// Float values; `None` is an omitted position.
    fn floats(vals: &[Option<f64>]) -> Vec<SequenceValue> {
        vals.iter()
            .map(|v| v.map_or(SequenceValue::Omitted, SequenceValue::Float))
            .collect()
    }

    fn seq(vals: &[f64]) -> Vec<SequenceValue> {
        vals.iter().map(|&v| SequenceValue::Float(v)).collect()
    }

    fn hists(input: &str) -> Vec<FloatHistogram> {
        ok(input)
            .1
            .into_iter()
            .map(|v| match v {
                SequenceValue::Histogram { h, .. } => *h,
                other => panic!("not a histogram: {other:?}"),
            })
            .collect()
    }

    fn hist(f: impl FnOnce(&mut FloatHistogram)) -> FloatHistogram {
        let mut h = FloatHistogram::default();
        f(&mut h);
        h
    }

    fn span(offset: i32, length: u32) -> Vec<Span> {
        vec![Span { offset, length }]
    }

    // Upstream TestParseSeriesDesc.
    #[test]
    fn series_desc_cases() {
        assert_eq!(ok(""), (Labels::empty(), vec![]));
        assert_eq!(
            ok(r#"http_requests{job="api-server", instance="0", group="production"}"#),
            (
                lbl(&[
                    ("__name__", "http_requests"),
                    ("group", "production"),
                    ("instance", "0"),
                    ("job", "api-server")
                ]),
                vec![]
            )
        );
        assert_eq!(
            ok("{\"http.requests\", \"service.name\"=\"api-server\", instance=\"0\", group=\"canary\"}\t\t0+50x2"),
            (
                lbl(&[
                    ("__name__", "http.requests"),
                    ("group", "canary"),
                    ("instance", "0"),
                    ("service.name", "api-server")
                ]),
                seq(&[0.0, 50.0, 100.0])
            )
        );
        assert_eq!(
            err("{\"http.requests\"xx}\t\t0+50x2"),
            r#"1:17: parse error: unexpected identifier "xx" in label set, expected "," or "}""#
        );
        assert_eq!(
            err("{\"http.requests\"=, x=\"y\"}\t\t0+50x2"),
            r#"1:18: parse error: unexpected "," in label set, expected string"#
        );
        assert_eq!(
            err("{\"http.requests}\t\t0+50x2"),
            "1:2: parse error: unterminated quoted string"
        );
    }

    // Upstream testSeries (TestParseSeries).
    #[test]
    fn series_table() {
        let m = |extra: &[(&str, &str)]| {
            let mut l = lbl(extra);
            l.set("__name__", "my_metric");
            l
        };
        let ab = m(&[("a", "b")]);
        let cases: Vec<(&str, Labels, Vec<SequenceValue>)> = vec![
            ("{} 1 2 3", Labels::empty(), seq(&[1.0, 2.0, 3.0])),
            (
                r#"{a="b"} -1 2 3"#,
                lbl(&[("a", "b")]),
                seq(&[-1.0, 2.0, 3.0]),
            ),
            ("my_metric 1 2 3", m(&[]), seq(&[1.0, 2.0, 3.0])),
            ("my_metric{} 1 2 3", m(&[]), seq(&[1.0, 2.0, 3.0])),
            (
                r#"my_metric{a="b"} 1 2 3"#,
                ab.clone(),
                seq(&[1.0, 2.0, 3.0]),
            ),
            (
                r#"my_metric{a="b"} 1 2 3-10x4"#,
                ab.clone(),
                seq(&[1.0, 2.0, 3.0, -7.0, -17.0, -27.0, -37.0]),
            ),
            (
                r#"my_metric{a="b"} 1 2 3-0x4"#,
                ab.clone(),
                seq(&[1.0, 2.0, 3.0, 3.0, 3.0, 3.0, 3.0]),
            ),
            ("{} 1x0", Labels::empty(), seq(&[1.0])),
            ("{} 1+1x0", Labels::empty(), seq(&[1.0])),
            (
                r#"my_metric{a="b"} 1 3 _ 5 _x4"#,
                ab.clone(),
                floats(&[
                    Some(1.0),
                    Some(3.0),
                    None,
                    Some(5.0),
                    None,
                    None,
                    None,
                    None,
                ]),
            ),
            (r#"my_metric{a="b"} 1 -1"#, ab.clone(), seq(&[1.0, -1.0])),
            (r#"my_metric{a="b"} 1 +1"#, ab.clone(), seq(&[1.0, 1.0])),
            (
                r#"my_metric{a="b"} 1 -1 -3-10x4 7 9 +5"#,
                ab.clone(),
                seq(&[1.0, -1.0, -3.0, -13.0, -23.0, -33.0, -43.0, 7.0, 9.0, 5.0]),
            ),
            (
                r#"my_metric{a="b"} 1 +1 +4 -6 -2 8"#,
                ab.clone(),
                seq(&[1.0, 1.0, 4.0, -6.0, -2.0, 8.0]),
            ),
            (
                r#"my_metric{a="b"} 1 2 3    "#,
                ab.clone(),
                seq(&[1.0, 2.0, 3.0]),
            ),
            (
                r#"my_metric{a="\u70ac"} 1 2 3"#,
                m(&[("a", "炬")]),
                seq(&[1.0, 2.0, 3.0]),
            ),
            (
                r#"my_metric{a="\u70ac = torch"} 1 2 3"#,
                m(&[("a", "炬 = torch")]),
                seq(&[1.0, 2.0, 3.0]),
            ),
        ];
        for (input, labels, values) in cases {
            assert_eq!(ok(input), (labels, values), "{input}");
        }
        for bad in [
            "{} 1+1",
            r#"my_metric{a="b"} 1 3 _ 5 _a4"#,
            r#"my_metric{a="b"} -3-3 -3"#,
            r#"my_metric{a="b"} -3 -3-3"#,
            r#"my_metric{a="b"} -3 _-2"#,
            r#"my_metric{a="b"} -3 3+3x4-4"#,
        ] {
            assert!(parse_series_desc(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn error_messages() {
        assert_eq!(
            err("{} 1+1"),
            "1:7: parse error: unexpected end of input in series values"
        );
        assert_eq!(
            err("{} -3 _-2"),
            "1:8: parse error: unexpected <op:-> in series values"
        );
        assert_eq!(err("{} 1a"), r#"1:4: parse error: bad number syntax: "1""#);
        assert_eq!(
            err("{} 1.2.3"),
            r#"1:4: parse error: bad number syntax: "1.2.""#
        );
        assert_eq!(
            err("{} 1e 2"),
            r#"1:4: parse error: error parsing number: strconv.ParseFloat: parsing "1e": invalid syntax"#
        );
        assert_eq!(
            err("{} 1x1.5"),
            r#"1:6: parse error: invalid repetition in series values: strconv.ParseUint: parsing "1.5": invalid syntax"#
        );
        assert_eq!(
            err("{} 1xa"),
            r#"1:6: parse error: unexpected identifier "a" in series values"#
        );
        assert_eq!(
            err("{} foo"),
            r#"1:4: parse error: unexpected identifier "foo" in series values, expected number or "stale""#
        );
        assert_eq!(
            err("{} Stale"),
            r#"1:4: parse error: unexpected identifier "Stale" in series values, expected number or "stale""#
        );
        assert_eq!(
            err("{} sum"),
            "1:4: parse error: unexpected <aggr:sum> in series values"
        );
        assert_eq!(
            err("{} 1 # c"),
            "1:6: parse error: unexpected character in series sequence: '#'"
        );
        assert_eq!(
            err("{}1"),
            r#"1:3: parse error: unexpected number "1" in series values"#
        );
        assert_eq!(
            err("foo {a=\"b\"}"),
            "1:5: parse error: unexpected character in series sequence: '{'"
        );
        assert_eq!(
            err("1 2 3"),
            r#"1:1: parse error: unexpected number "1" in series values"#
        );
        assert_eq!(
            err("bool 1"),
            "1:1: parse error: unexpected <bool> in series values"
        );
        assert_eq!(
            err("Inf 1"),
            r#"1:1: parse error: unexpected number "Inf" in series values"#
        );
        assert_eq!(
            err("{a} 1"),
            r#"1:3: parse error: unexpected "}" in label set, expected "=""#
        );
        assert_eq!(
            err("{a=~\"b\"}"),
            r#"1:3: parse error: unexpected <op:=~> in label set, expected "=""#
        );
        assert_eq!(
            err("{,}"),
            r#"1:2: parse error: unexpected "," in label set, expected identifier or "}""#
        );
        assert_eq!(
            err("{a=\"b\" c=\"d\"}"),
            r#"1:8: parse error: unexpected identifier "c" in label set, expected "," or "}""#
        );
        assert_eq!(
            err("{a=1}"),
            "1:4: parse error: unexpected character inside braces: '1'"
        );
        assert_eq!(
            err("{a:b=\"c\"}"),
            "1:3: parse error: unexpected character inside braces: ':'"
        );
        assert_eq!(
            err("{a=\"b\""),
            "1:7: parse error: unexpected end of input inside braces"
        );
        assert_eq!(
            err("{a=\"\\q\"}"),
            "1:4: parse error: unknown escape sequence U+0071 'q'"
        );
        assert_eq!(
            err("{a=\"b\", a=\"c\"}"),
            r#"1:9: parse error: label name "a" is not unique"#
        );
        assert_eq!(
            err("{} 1x1000000000000"),
            "1:6: parse error: too many values in series description (limit 1048576)"
        );
        // Errors carry byte offsets; render() turns them into line:col over multi-line input.
        let e = parse_series_desc("foo\n 1 x").unwrap_err();
        assert_eq!(e.pos, 7);
        assert_eq!(e.line_col("foo\n 1 x"), (2, 4));
    }

    #[test]
    fn numbers_like_prometheus() {
        let vals = |s: &str| ok(&format!("{{}} {s}")).1;
        assert_eq!(
            vals(".5 1e3 1E-2 +Inf -Inf 1_000 010 09"),
            seq(&[
                0.5,
                1000.0,
                0.01,
                f64::INFINITY,
                f64::NEG_INFINITY,
                1000.0,
                8.0,
                9.0
            ])
        );
        // Hexadecimal is not a number here: `0x3` is 0 repeated 4 times.
        assert_eq!(vals("0x3"), seq(&[0.0; 4]));
        let nan = vals("NaN nan");
        assert!(nan
            .iter()
            .all(|v| matches!(v, SequenceValue::Float(f) if f.is_nan() && !is_stale_nan(*f))));
        let stale = vals("stale");
        assert!(matches!(stale.as_slice(), [SequenceValue::Float(f)] if is_stale_nan(*f)));
        assert!(is_stale_nan(stale_nan()) && !is_stale_nan(f64::NAN));
        // Durations are not numbers in series values.
        assert_eq!(err("{} 1m"), r#"1:4: parse error: bad number syntax: "1""#);
        assert!(parse_series_desc("{} Infx3").is_err());
        // Repeated addition accumulates rounding like Go.
        let mut expect = Vec::new();
        let mut v = 0.1;
        for _ in 0..=3 {
            expect.push(v);
            v += 0.1;
        }
        assert_eq!(vals("0.1+0.1x3"), seq(&expect));
        assert_eq!(vals("-2+4x3"), seq(&[-2.0, 2.0, 6.0, 10.0]));
        assert_eq!(vals("_x0 _ 1"), floats(&[None, Some(1.0)]));
    }

    #[test]
    fn metric_names() {
        for name in [
            "sum", "offset", "by", "without", "avg", "fill", "start", "a:b", ":x", "_x", "stale",
            "and",
        ] {
            let (l, _) = ok(&format!("{name} 1"));
            assert_eq!(l.metric_name(), Some(name), "{name}");
        }
        for bad in [
            "on 1",
            "ignoring 1",
            "group_left 1",
            "group_right 1",
            "atan2 1",
            "nan 1",
        ] {
            assert!(parse_series_desc(bad).is_err(), "{bad}");
        }
        let (l, _) = ok(r#"foo{__name__="bar", 'x'="y", z=`w\n`,} 1"#);
        assert_eq!(l, lbl(&[("__name__", "foo"), ("x", "y"), ("z", "w\\n")]));
        let (l, _) = ok(r#"  {"utf8.name", a="b"}  "#);
        assert_eq!(l.to_string(), r#"{__name__="utf8.name", a="b"}"#);
        let (l, _) = ok("{} ");
        assert!(l.is_empty());
    }

    #[test]
    fn parse_metric_literals() {
        assert_eq!(parse_metric("").unwrap(), Labels::empty());
        assert_eq!(parse_metric("{}").unwrap(), Labels::empty());
        assert_eq!(
            parse_metric(" foo { a = \"b\" } ").unwrap(),
            lbl(&[("__name__", "foo"), ("a", "b")])
        );
        assert_eq!(
            parse_metric(r#"{"a.b"}"#).unwrap(),
            lbl(&[("__name__", "a.b")])
        );
        let e = parse_metric("foo 1").unwrap_err();
        assert_eq!((e.pos, e.msg.as_str()), (4, r#"unexpected number "1""#));
        assert!(parse_metric("foo{a=\"b\"} bar").is_err());
        assert!(parse_metric("{a=\"b\"").is_err());
    }

    // Upstream TestParseHistogramSeries.
    #[test]
    fn histogram_series() {
        assert_eq!(hists("{} {{}}"), vec![FloatHistogram::default()]);
        assert_eq!(hists("{} {{ }}"), vec![FloatHistogram::default()]);
        assert_eq!(
            hists("{} {{schema:1 sum:0.3 count:3.1 z_bucket:7.1 z_bucket_w:0.05 buckets:[5.1 10 7] offset:3 n_buckets:[4.1 5] n_offset:5 counter_reset_hint:gauge}}"),
            vec![hist(|h| {
                h.schema = 1;
                h.sum = 0.3;
                h.count = 3.1;
                h.zero_count = 7.1;
                h.zero_threshold = 0.05;
                h.positive_buckets = vec![5.1, 10.0, 7.0];
                h.positive_spans = span(3, 3);
                h.negative_buckets = vec![4.1, 5.0];
                h.negative_spans = span(5, 2);
                h.counter_reset_hint = CounterResetHint::Gauge;
            })]
        );
        assert_eq!(
            hists("{} {{schema:1  sum:0.3  count:3  z_bucket:7 z_bucket_w:5 buckets:[5 10  7  ] offset:-3  n_buckets:[4 5]  n_offset:5  counter_reset_hint:gauge  }}"),
            vec![hist(|h| {
                h.schema = 1;
                h.sum = 0.3;
                h.count = 3.0;
                h.zero_count = 7.0;
                h.zero_threshold = 5.0;
                h.positive_buckets = vec![5.0, 10.0, 7.0];
                h.positive_spans = span(-3, 3);
                h.negative_buckets = vec![4.0, 5.0];
                h.negative_spans = span(5, 2);
                h.counter_reset_hint = CounterResetHint::Gauge;
            })]
        );
        assert_eq!(
            hists("{} {{schema:1 sum:-0.3 count:-3.1 z_bucket:-7.1 z_bucket_w:0.05 buckets:[-5.1 -10 -7] offset:-3 n_buckets:[-4.1 -5] n_offset:-5 counter_reset_hint:gauge}}"),
            vec![hist(|h| {
                h.schema = 1;
                h.sum = -0.3;
                h.count = -3.1;
                h.zero_count = -7.1;
                h.zero_threshold = 0.05;
                h.positive_buckets = vec![-5.1, -10.0, -7.0];
                h.positive_spans = span(-3, 3);
                h.negative_buckets = vec![-4.1, -5.0];
                h.negative_spans = span(-5, 2);
                h.counter_reset_hint = CounterResetHint::Gauge;
            })]
        );
        let b = hist(|h| {
            h.schema = 1;
            h.positive_buckets = vec![5.0, 10.0, 7.0];
            h.positive_spans = span(0, 3);
        });
        assert_eq!(
            hists("{} {{buckets:[5 10 7] schema:1}}x2"),
            vec![b.clone(), b.clone(), b.clone()]
        );
        assert_eq!(hists("{} {{buckets:[5 10 7] schema:1}}x0"), vec![b.clone()]);
        assert_eq!(hists("{} {{buckets:[5 10 7] schema:1}}"), vec![b.clone()]);
        let b2 = hist(|h| {
            h.schema = 1;
            h.positive_buckets = vec![1.0, 2.0, 3.0];
            h.positive_spans = span(0, 3);
        });
        assert_eq!(
            hists("{} {{buckets:[5 10 7] schema:1}} {{buckets:[1 2 3] schema:1}}"),
            vec![b.clone(), b2]
        );
        let pos = |buckets: &[f64]| {
            hist(|h| {
                h.positive_buckets = buckets.to_vec();
                h.positive_spans = span(0, u32::try_from(buckets.len()).unwrap_or(0));
            })
        };
        assert_eq!(
            hists("{} {{buckets:[5] schema:0}}+{{buckets:[1 2] schema:1}}x2"),
            vec![pos(&[5.0]), pos(&[6.0, 2.0]), pos(&[7.0, 4.0])]
        );
        let sums: Vec<f64> = hists("{} {{sum:1}}+{{sum:1}}x2 {{sum:2}}+{{sum:2}}x2")
            .iter()
            .map(|h| h.sum)
            .collect();
        assert_eq!(sums, vec![1.0, 2.0, 3.0, 2.0, 4.0, 6.0]);
        let dec: Vec<Vec<f64>> =
            hists("{} {{buckets:[5 10 7] schema:1}}-{{buckets:[1 2 3] schema:1}}x2")
                .into_iter()
                .map(|h| h.positive_buckets)
                .collect();
        assert_eq!(
            dec,
            vec![
                vec![5.0, 10.0, 7.0],
                vec![4.0, 8.0, 4.0],
                vec![3.0, 6.0, 1.0]
            ]
        );
        assert_eq!(
            hists("{} {{buckets:[5 10 7] schema:1}}+{{buckets:[1 2 3] schema:1}}x0"),
            vec![b]
        );
        for (hint, want) in [
            ("unknown", CounterResetHint::Unknown),
            ("reset", CounterResetHint::CounterReset),
            ("not_reset", CounterResetHint::NotCounterReset),
            ("gauge", CounterResetHint::Gauge),
        ] {
            let v = ok(&format!("{{}} {{{{counter_reset_hint:{hint}}}}}")).1;
            assert_eq!(
                v,
                vec![SequenceValue::Histogram {
                    h: Box::new(hist(|h| h.counter_reset_hint = want)),
                    counter_reset_hint_set: true
                }]
            );
        }
    }

    #[test]
    fn histogram_errors() {
        assert_eq!(
            err("{} {{buckets:[5 10 7] schema:1}}+{{buckets:[1 2 3] schema:0}}x2"),
            "1:63: parse error: error combining histograms: cannot merge from schema 0 to 1"
        );
        assert_eq!(
            err("{} {{schema:1 schema:1}}"),
            r#"1:15: parse error: duplicate key "schema" in histogram"#
        );
        assert_eq!(
            err("{} {{foo:1}}"),
            r#"1:6: parse error: bad histogram descriptor found: "foo""#
        );
        assert_eq!(
            err("{} {{schema :1}}"),
            "1:6: parse error: missing `:` for histogram descriptor"
        );
        assert_eq!(
            err("{} {{schema: 1}}"),
            r#"1:13: parse error: unexpected " " in series values"#
        );
        assert_eq!(
            err("{} {{buckets:[ 1]}}"),
            r#"1:15: parse error: unexpected " " in series values"#
        );
        assert_eq!(
            err("{} {{ schema:1}}"),
            r#"1:7: parse error: unexpected histogram descriptor "schema" in series values"#
        );
        assert_eq!(
            err("{} {{counter_reset_hint:foo}}"),
            r#"1:25: parse error: bad histogram descriptor found: "foo""#
        );
        assert_eq!(
            err("{} {{schema:1 1}}"),
            r#"1:15: parse error: unexpected number "1" in histogram description, expected histogram description key, e.g. buckets:[5 10 7]"#
        );
        assert_eq!(
            err("{} {{sum:.5}}"),
            "1:10: parse error: histogram description incomplete unexpected: '.'"
        );
        assert_eq!(
            err("{} {{buckets:[1 +2]}}"),
            "1:17: parse error: invalid character in buckets description: '+'"
        );
        assert_eq!(
            err("{} {{z_bucket_w:-1}}"),
            "1:17: parse error: unexpected <op:-> in series values"
        );
        assert_eq!(
            err("{} {{schema:1.5}}"),
            r#"1:13: parse error: invalid repetition in series values: strconv.ParseUint: parsing "1.5": invalid syntax"#
        );
        assert_eq!(
            err("{} {{}}+{{}}"),
            "1:13: parse error: unexpected end of input in series values"
        );
        assert_eq!(
            err("{} {{}}+1x2"),
            r#"1:9: parse error: unexpected number "1" in series values"#
        );
        assert_eq!(
            err("{} {{sum:1"),
            "1:11: parse error: histogram description incomplete unexpected: '\u{fffd}'"
        );
        assert_eq!(
            err("{} {{buckets:[1 2 3]}}x1000000"),
            "1:24: parse error: too many histogram buckets in series description"
        );
        assert_eq!(hists("{} {{buckets:[1 2 3]}}x10000").len(), 10001);
        assert_eq!(
            err("{} {{schema:-53 custom_values:[1]}}+{{sum:1}}x1"),
            "1:47: parse error: cannot apply this operation on histograms with a mix of exponential and custom bucket schemas"
        );
    }

    #[test]
    fn histogram_details() {
        let h = &hists("{} {{sum:-Inf count:NaN z_bucket:1_0 offset:2 custom_values:[1 2.5 Inf] schema:-53 buckets:[1 -2 NaN]}}")[0];
        assert_eq!(h.sum, f64::NEG_INFINITY);
        assert!(h.count.is_nan());
        assert_eq!(h.zero_count, 10.0);
        assert_eq!(h.schema, CUSTOM_BUCKETS_SCHEMA);
        assert_eq!(h.custom_values, vec![1.0, 2.5, f64::INFINITY]);
        assert_eq!(h.positive_spans, span(2, 3));
        assert!(h.positive_buckets[2].is_nan());
        // An offset without buckets leaves no span; keys are case-insensitive.
        assert_eq!(
            hists("{} {{OFFSET:3 n_offset:1}}"),
            vec![FloatHistogram::default()]
        );
        // The hint flag of a `+` series is that of the increment; values get it from Add.
        let v = ok("{} {{sum:1}}+{{sum:1 counter_reset_hint:gauge}}x1").1;
        let flags: Vec<_> = v
            .iter()
            .map(|v| match v {
                SequenceValue::Histogram {
                    h,
                    counter_reset_hint_set,
                } => (h.counter_reset_hint, *counter_reset_hint_set),
                _ => panic!(),
            })
            .collect();
        assert_eq!(
            flags,
            vec![
                (CounterResetHint::Unknown, true),
                (CounterResetHint::Gauge, true)
            ]
        );
        // Custom-bucket bases lose their (unused) zero bucket from the second value on, as in Go.
        let zc: Vec<f64> = hists("{} {{schema:-53 z_bucket:5 custom_values:[1] buckets:[1]}}+{{schema:-53 custom_values:[1] buckets:[1]}}x1")
            .iter()
            .map(|h| h.zero_count)
            .collect();
        assert_eq!(zc, vec![5.0, 0.0]);
    }

    // Upstream TestHistogramTestExpression: the notation round-trips.
    #[test]
    fn test_expression_round_trip() {
        for text in [
            "{{schema:1 count:3.1 sum:-0.3 z_bucket:7.1 z_bucket_w:0.05 offset:-3 buckets:[5.1 10 7] n_offset:-5 n_buckets:[4.1 5]}}",
            "{{offset:-3 buckets:[5.1 0 0 0 0 10 7] n_offset:-1 n_buckets:[4.1 5 0 0 7 8 9]}}",
            "{{schema:1 count:3.1 sum:-0.3 z_bucket:7.1 z_bucket_w:0.05 counter_reset_hint:reset offset:-3 buckets:[5.1 10 7] n_offset:-5 n_buckets:[4.1 5]}}",
            "{{schema:-53 count:4 custom_values:[0.1 1] buckets:[1 2 1]}}",
        ] {
            let h = &hists(&format!("{{}} {text}"))[0];
            assert_eq!(h.test_expression(), text);
        }
    }

    #[test]
    fn go_numbers() {
        let n = |s: &str| parse_go_number(s);
        assert_eq!(n("0x1f"), Ok(31.0));
        assert_eq!(n("-0x10"), Ok(-16.0));
        assert_eq!(n("0b101"), Ok(5.0));
        assert_eq!(n("0o17"), Ok(15.0));
        assert_eq!(n("017"), Ok(15.0));
        assert_eq!(n("1_000"), Ok(1000.0));
        assert_eq!(n("1_0.5"), Ok(10.5));
        assert_eq!(n("0x1p-2"), Ok(0.25));
        assert_eq!(n("0x1.8p1"), Ok(3.0));
        assert_eq!(n("+Inf"), Ok(f64::INFINITY));
        assert_eq!(n("-infinity"), Ok(f64::NEG_INFINITY));
        assert_eq!(n("9223372036854775808"), Ok(2f64.powi(63)));
        assert_eq!(n("-9223372036854775808"), Ok(-(2f64.powi(63))));
        assert_eq!(n("1e-400"), Ok(0.0));
        assert!(n("nan").is_ok_and(f64::is_nan));
        assert_eq!(
            n("1e400"),
            Err(r#"strconv.ParseFloat: parsing "1e400": value out of range"#.to_string())
        );
        for bad in [
            "", "+nan", "1__0", "_1", "1_", "0x", "0x1.8", "1e", ".", "1.2.3", "infinit", "1m",
            "- 1",
        ] {
            assert!(n(bad).is_err(), "{bad}");
        }
    }
}

//! The OpenMetrics text format as Prometheus 2.42's `textparse.OpenMetricsParser` reads it
//! (what `promtool tsdb create-blocks-from openmetrics` accepts), with the same error texts.
//!
//! The lexer is a port of the generated state machine (`openmetricslex.l`): one entry per
//! line, `# HELP`/`# TYPE`/`# UNIT` and `# EOF` the only comments, label values in double
//! quotes with `\"`, `\\` and `\n` escapes, values and timestamps in Go's `ParseFloat`
//! spellings, exemplars (`# {…} value [ts]`) checked and skipped. Input arrives in pieces:
//! [`Parser::next_entry`] reads one entry from a buffer and asks for more data when the entry
//! may continue past it.
//!
//! Two things differ from Prometheus on purpose: timestamps are converted from their decimal
//! text exactly (`1.001` is 1001 ms; Prometheus computes `int64(1.001 * 1000)` = 1000), and a
//! NaN keeps the bits Go's `ParseFloat` gives it (`0x7ff8000000000001`), as Prometheus stores
//! them.

use std::ops::Range;

use crate::gostr;

/// NaN as Go's `strconv.ParseFloat` (and so Prometheus's parser) returns it.
pub const GO_NAN: u64 = 0x7ff8_0000_0000_0001;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Invalid,
    Eof,
    Linebreak,
    Help,
    Type,
    Unit,
    EofWord,
    Text,
    Comment,
    MName,
    BraceOpen,
    BraceClose,
    LName,
    LValue,
    Comma,
    Equal,
    Timestamp,
    Value,
}

impl Token {
    /// The name Prometheus prints in errors (`token.String()`).
    fn name(self) -> &'static str {
        match self {
            Token::Invalid => "INVALID",
            Token::Eof => "EOF",
            Token::Linebreak => "LINEBREAK",
            Token::Help => "HELP",
            Token::Type => "TYPE",
            Token::Unit => "UNIT",
            Token::EofWord => "EOFWORD",
            Token::Text => "TEXT",
            Token::Comment => "COMMENT",
            Token::MName => "MNAME",
            Token::BraceOpen => "BOPEN",
            Token::BraceClose => "BCLOSE",
            Token::LName => "LNAME",
            Token::LValue => "LVALUE",
            Token::Comma => "COMMA",
            Token::Equal => "EQUAL",
            Token::Timestamp => "TIMESTAMP",
            Token::Value => "VALUE",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Init,
    Comment,
    Meta1,
    Meta2,
    Labels,
    LValue,
    Value,
    Timestamp,
    Exemplar,
    EValue,
    ETimestamp,
}

fn is_m(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b':'
}

fn is_l(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

/// `[^ \n]` as the value and timestamp rules spell it (NUL, the end marker, excluded).
fn is_field(c: u8) -> bool {
    c != 0 && c != b' ' && c != b'\n'
}

/// A port of the golex lexer: `c` is the current byte, `i` its index; `next` advances.
struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
    start: usize,
    state: State,
    /// Whether `b` ends where the input ends; otherwise reaching its end means "need more".
    last: bool,
    hit_end: bool,
}

impl Lexer<'_> {
    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    /// `l.next()`: NUL bytes are skipped inside label values, help text and after `# `; the
    /// end of input reads as 0.
    #[inline]
    fn next(&mut self) -> u8 {
        self.i += 1;
        loop {
            let Some(&c) = self.b.get(self.i) else {
                self.hit_end = true;
                self.i = self.i.min(self.b.len());
                return 0;
            };
            if c == 0 && matches!(self.state, State::LValue | State::Meta2 | State::Comment) {
                self.i += 1;
                continue;
            }
            return c;
        }
    }

    /// `l.cur()`: the current byte, a space past the end.
    fn cur(&self) -> u8 {
        self.b.get(self.i).copied().unwrap_or(b' ')
    }

    fn buf(&self) -> &[u8] {
        self.b.get(self.start..self.i).unwrap_or_default()
    }

    fn lex(&mut self) -> Token {
        if self.i >= self.b.len() {
            self.hit_end = true;
            return Token::Eof;
        }
        let mut c = self.at(self.i);
        self.start = self.i;
        loop {
            match self.state {
                State::Init => {
                    if c == b'#' {
                        if self.next() != b' ' {
                            return Token::Invalid;
                        }
                        c = self.next();
                        // `#{S}` switches to the comment state and goes on lexing.
                        self.state = State::Comment;
                        continue;
                    }
                    if is_m(c) {
                        loop {
                            let n = self.next();
                            if !(is_m(n) || n.is_ascii_digit()) {
                                break;
                            }
                        }
                        self.state = State::Value;
                        return Token::MName;
                    }
                    return Token::Invalid;
                }
                State::Comment => {
                    let (word, tok): (&[u8], Token) = match c {
                        b'E' => (b"OF", Token::EofWord),
                        b'H' => (b"ELP ", Token::Help),
                        b'T' => (b"YPE ", Token::Type),
                        b'U' => (b"NIT ", Token::Unit),
                        _ => return Token::Invalid,
                    };
                    for &w in word {
                        if self.next() != w {
                            return Token::Invalid;
                        }
                    }
                    if tok == Token::EofWord {
                        // `"EOF"\n?`
                        if self.next() == b'\n' {
                            self.next();
                        }
                        self.state = State::Init;
                    } else {
                        self.next();
                        self.state = State::Meta1;
                    }
                    return tok;
                }
                State::Meta1 => {
                    if !is_m(c) {
                        return Token::Invalid;
                    }
                    loop {
                        let n = self.next();
                        if !(is_m(n) || n.is_ascii_digit()) {
                            break;
                        }
                    }
                    self.state = State::Meta2;
                    return Token::MName;
                }
                State::Meta2 => {
                    if c != b' ' {
                        return Token::Invalid;
                    }
                    loop {
                        match self.next() {
                            b'\n' => {
                                self.next();
                                self.state = State::Init;
                                return Token::Text;
                            }
                            0 => return Token::Invalid,
                            _ => {}
                        }
                    }
                }
                State::Labels | State::Exemplar => {
                    let exemplar = self.state == State::Exemplar;
                    match c {
                        b',' => {
                            self.next();
                            return Token::Comma;
                        }
                        b'=' => {
                            self.next();
                            self.state = if exemplar {
                                State::EValue
                            } else {
                                State::LValue
                            };
                            return Token::Equal;
                        }
                        b'}' => {
                            self.next();
                            self.state = if exemplar {
                                State::EValue
                            } else {
                                State::Value
                            };
                            return Token::BraceClose;
                        }
                        c if is_l(c) => {
                            loop {
                                let n = self.next();
                                if !(is_l(n) || n.is_ascii_digit()) {
                                    break;
                                }
                            }
                            return Token::LName;
                        }
                        _ => return Token::Invalid,
                    }
                }
                State::LValue => {
                    if c != b'"' {
                        return Token::Invalid;
                    }
                    return self.quoted(State::Labels);
                }
                State::Value | State::EValue => {
                    let exemplar = self.state == State::EValue;
                    match c {
                        b' ' => {
                            if !is_field(self.next()) {
                                return Token::Invalid;
                            }
                            while is_field(self.next()) {}
                            self.state = if exemplar {
                                State::ETimestamp
                            } else {
                                State::Timestamp
                            };
                            return Token::Value;
                        }
                        b'{' if !exemplar => {
                            self.next();
                            self.state = State::Labels;
                            return Token::BraceOpen;
                        }
                        b'"' if exemplar => return self.quoted(State::Exemplar),
                        _ => return Token::Invalid,
                    }
                }
                State::Timestamp | State::ETimestamp => {
                    let exemplar = self.state == State::ETimestamp;
                    match c {
                        b'\n' => {
                            self.next();
                            self.state = State::Init;
                            return Token::Linebreak;
                        }
                        b' ' => {
                            let n = self.next();
                            if n == b'#' && !exemplar {
                                // `{S}#{S}\{` starts an exemplar; `#…` alone is a timestamp.
                                match self.next() {
                                    b' ' => {
                                        if self.next() != b'{' {
                                            return Token::Invalid;
                                        }
                                        self.next();
                                        self.state = State::Exemplar;
                                        return Token::Comment;
                                    }
                                    n if is_field(n) => while is_field(self.next()) {},
                                    _ => {}
                                }
                                return Token::Timestamp;
                            }
                            if !is_field(n) {
                                return Token::Invalid;
                            }
                            while is_field(self.next()) {}
                            return Token::Timestamp;
                        }
                        _ => return Token::Invalid,
                    }
                }
            }
        }
    }

    /// `\"(\\.|[^\\"\n])*\"`, then the state after it.
    fn quoted(&mut self, then: State) -> Token {
        loop {
            match self.next() {
                b'"' => {
                    self.next();
                    self.state = then;
                    return Token::LValue;
                }
                b'\\' => {
                    let e = self.next();
                    if e == 0 || e == b'\n' {
                        return Token::Invalid;
                    }
                }
                0 | b'\n' => return Token::Invalid,
                _ => {}
            }
        }
    }
}

/// A metric type from `# TYPE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OmType {
    Counter,
    Gauge,
    Histogram,
    GaugeHistogram,
    Summary,
    Info,
    Stateset,
    Unknown,
}

/// One entry (line) of the input; ranges index the buffer given to [`Parser::next_entry`].
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Help {
        name: Range<usize>,
        text: Range<usize>,
    },
    Type {
        name: Range<usize>,
        kind: OmType,
    },
    Unit {
        name: Range<usize>,
        unit: Range<usize>,
    },
    /// A sample; its labels come from [`Parser::labels`].
    Series {
        /// The metric name and label text as written (`name{…}`), a key for the series.
        series: Range<usize>,
        value: f64,
        /// Milliseconds, converted exactly from the decimal seconds.
        timestamp: Option<i64>,
    },
    /// `# EOF`, at the end of the input.
    Eof,
}

/// The result of reading one entry.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// The entry and where the next one starts.
    Entry(Entry, usize),
    /// The entry may continue past the buffer: call again with more data.
    NeedMore,
}

/// Reads entries; holds the label offsets of the last series entry.
#[derive(Debug, Default)]
pub struct Parser {
    /// End of the metric name, then (name start, name end, value start, value end) per label,
    /// relative to `start`.
    offsets: Vec<usize>,
    /// Start of the current entry.
    start: usize,
    /// The series text of the last sample read in full, and its `offsets`: a sample line
    /// starting with the same text (and a space) has the same tokens, so they are not lexed
    /// again.
    prev_series: Vec<u8>,
    prev_offsets: Vec<usize>,
    same_series: bool,
}

fn parse_error(exp: &str, got: Token) -> String {
    format!("{exp}, got {}", gostr::quote(got.name()))
}

impl Parser {
    pub fn new() -> Parser {
        Parser::default()
    }

    /// Reads the entry starting at `pos` in `buf`. `last` says whether `buf` ends where the
    /// input ends; if not, an entry reaching the end of `buf` gives [`Step::NeedMore`]. Errors
    /// are Prometheus's messages.
    pub fn next_entry(&mut self, buf: &[u8], pos: usize, last: bool) -> Result<Step, String> {
        let mut l = Lexer {
            b: buf,
            i: pos,
            start: pos,
            state: State::Init,
            last,
            hit_end: false,
        };
        let r = self.entry(&mut l);
        if l.hit_end && !l.last {
            // The entry is read again with more data: it must not count as the previous one.
            self.prev_series.clear();
            self.same_series = false;
            return Ok(Step::NeedMore);
        }
        r.map(|e| Step::Entry(e, l.i))
    }

    /// Whether the last series entry had the same series text as the one before it.
    pub fn same_series(&self) -> bool {
        self.same_series
    }

    fn entry(&mut self, l: &mut Lexer<'_>) -> Result<Entry, String> {
        self.start = l.i;
        self.same_series = false;
        let n = self.prev_series.len();
        if n > 0
            && l.b.get(l.i..l.i + n) == Some(&self.prev_series[..])
            && l.b.get(l.i + n) == Some(&b' ')
        {
            self.same_series = true;
            self.offsets.clear();
            self.offsets.extend_from_slice(&self.prev_offsets);
            l.i += n;
            l.state = State::Value;
            let t2 = l.lex();
            return self.sample(l, self.start + n, t2);
        }
        self.offsets.clear();
        let t = l.lex();
        match t {
            Token::EofWord => {
                if l.lex() != Token::Eof {
                    return Err("unexpected data after # EOF".into());
                }
                Ok(Entry::Eof)
            }
            Token::Eof => Err("data does not end with # EOF".into()),
            Token::Help | Token::Type | Token::Unit => {
                let t2 = l.lex();
                if t2 != Token::MName {
                    return Err(parse_error(
                        &format!("expected metric name after {}", t.name()),
                        t2,
                    ));
                }
                let name = l.start..l.i;
                if l.lex() != Token::Text {
                    return Err(format!("expected text in {}", t.name()));
                }
                let text = if l.i - l.start > 1 {
                    l.start + 1..l.i - 1
                } else {
                    l.start..l.start
                };
                let text_bytes = l.b.get(text.clone()).unwrap_or_default();
                match t {
                    Token::Type => {
                        let kind = match text_bytes {
                            b"counter" => OmType::Counter,
                            b"gauge" => OmType::Gauge,
                            b"histogram" => OmType::Histogram,
                            b"gaugehistogram" => OmType::GaugeHistogram,
                            b"summary" => OmType::Summary,
                            b"info" => OmType::Info,
                            b"stateset" => OmType::Stateset,
                            b"unknown" => OmType::Unknown,
                            other => {
                                return Err(format!(
                                    "invalid metric type {}",
                                    gostr::quote_bytes(other)
                                ))
                            }
                        };
                        Ok(Entry::Type { name, kind })
                    }
                    Token::Help => {
                        if std::str::from_utf8(text_bytes).is_err() {
                            return Err("help text is not a valid utf8 string".into());
                        }
                        Ok(Entry::Help { name, text })
                    }
                    _ => {
                        let m = l.b.get(name.clone()).unwrap_or_default();
                        let u = text_bytes;
                        if !u.is_empty()
                            && (!m.ends_with(u)
                                || m.len() < u.len() + 1
                                || m.get(m.len() - u.len() - 1) != Some(&b'_'))
                        {
                            return Err(format!(
                                "unit not a suffix of metric {}",
                                gostr::quote_bytes(m)
                            ));
                        }
                        Ok(Entry::Unit { name, unit: text })
                    }
                }
            }
            Token::MName => {
                self.offsets.push(l.i - self.start);
                let mut series_end = l.i;
                let mut t2 = l.lex();
                if t2 == Token::BraceOpen {
                    Self::label_values(l, self.start, &mut self.offsets)?;
                    series_end = l.i;
                    t2 = l.lex();
                }
                let entry = self.sample(l, series_end, t2)?;
                self.prev_series.clear();
                self.prev_series
                    .extend_from_slice(l.b.get(self.start..series_end).unwrap_or_default());
                self.prev_offsets.clear();
                self.prev_offsets.extend_from_slice(&self.offsets);
                Ok(entry)
            }
            t => Err(format!(
                "{} {} is not a valid start token",
                gostr::quote(t.name()),
                gostr::quote(&char::from(l.cur()).to_string())
            )),
        }
    }

    /// The rest of a sample line after its series text: value, timestamp, exemplar.
    fn sample(&self, l: &mut Lexer<'_>, series_end: usize, t2: Token) -> Result<Entry, String> {
        let value = float_value(l, t2, "metric")?;
        let mut timestamp = None;
        match l.lex() {
            Token::Eof => return Err("data does not end with # EOF".into()),
            Token::Linebreak => {}
            Token::Comment => self.exemplar(l)?,
            Token::Timestamp => {
                let text = l.b.get(l.start + 1..l.i).unwrap_or_default();
                timestamp = Some(parse_timestamp(text, "invalid timestamp")?);
                match l.lex() {
                    Token::Linebreak => {}
                    Token::Comment => self.exemplar(l)?,
                    t3 => return Err(parse_error("expected next entry after timestamp", t3)),
                }
            }
            t2 => return Err(parse_error("expected timestamp or # symbol", t2)),
        }
        Ok(Entry::Series {
            series: self.start..series_end,
            value,
            timestamp,
        })
    }

    /// `parseLVals`: `name="value"` pairs up to `}`.
    fn label_values(
        l: &mut Lexer<'_>,
        base: usize,
        offsets: &mut Vec<usize>,
    ) -> Result<(), String> {
        let mut first = true;
        loop {
            let t = l.lex();
            match t {
                Token::BraceClose => return Ok(()),
                Token::Comma => {
                    if first {
                        return Err(parse_error("expected label name or left brace", t));
                    }
                    let t = l.lex();
                    if t != Token::LName {
                        return Err(parse_error("expected label name", t));
                    }
                }
                Token::LName => {
                    if !first {
                        return Err(parse_error("expected comma", t));
                    }
                }
                _ => {
                    return Err(if first {
                        parse_error("expected label name or left brace", t)
                    } else {
                        parse_error("expected comma or left brace", t)
                    })
                }
            }
            first = false;
            offsets.push(l.start - base);
            offsets.push(l.i - base);
            let t = l.lex();
            if t != Token::Equal {
                return Err(parse_error("expected equal", t));
            }
            let t = l.lex();
            if t != Token::LValue {
                return Err(parse_error("expected label value", t));
            }
            if std::str::from_utf8(l.buf()).is_err() {
                return Err("invalid UTF-8 label value".into());
            }
            offsets.push(l.start + 1 - base);
            offsets.push(l.i.saturating_sub(1 + base));
        }
    }

    /// `parseComment`: an exemplar, checked and dropped.
    fn exemplar(&self, l: &mut Lexer<'_>) -> Result<(), String> {
        let name_end = self.start + self.offsets.first().copied().unwrap_or(0);
        let name = l.b.get(self.start..name_end).unwrap_or_default();
        if !(name.ends_with(b"_total") || name.ends_with(b"_bucket")) {
            return Err(format!(
                "metric name {} does not support exemplars",
                String::from_utf8_lossy(name)
            ));
        }
        let mut scratch = Vec::new();
        Self::label_values(l, self.start, &mut scratch)?;
        let t = l.lex();
        float_value(l, t, "exemplar labels")?;
        match l.lex() {
            Token::Eof => Err("data does not end with # EOF".into()),
            Token::Linebreak => Ok(()),
            Token::Timestamp => {
                let text = l.b.get(l.start + 1..l.i).unwrap_or_default();
                check_float(text).and_then(|ts| {
                    if ts.is_nan() || ts.is_infinite() {
                        Err("invalid exemplar timestamp".to_string())
                    } else {
                        Ok(())
                    }
                })?;
                match l.lex() {
                    Token::Linebreak => Ok(()),
                    t3 => Err(parse_error(
                        "expected next entry after exemplar timestamp",
                        t3,
                    )),
                }
            }
            t2 => Err(parse_error("expected timestamp or comment", t2)),
        }
    }

    /// The labels of the last series entry read from `buf` (the same buffer): `__name__`
    /// first, then the label pairs in the order written, values unescaped. Not sorted, and
    /// empty values kept: [`crate::tsdb::writer::normalize_labels`] does what Prometheus's
    /// appender does with them.
    pub fn labels(&self, buf: &[u8]) -> Vec<(String, String)> {
        let text =
            |r: Range<usize>| String::from_utf8_lossy(buf.get(r).unwrap_or_default()).into_owned();
        let at = |o: usize| self.start + o;
        let name_end = at(self.offsets.first().copied().unwrap_or(0));
        let mut out = Vec::with_capacity(1 + self.offsets.len() / 4);
        out.push(("__name__".to_string(), text(self.start..name_end)));
        for o in self.offsets.get(1..).unwrap_or_default().chunks_exact(4) {
            let &[name_start, name_end, value_start, value_end] = o else {
                continue;
            };
            let value = buf.get(at(value_start)..at(value_end)).unwrap_or_default();
            let value = if value.contains(&b'\\') {
                String::from_utf8_lossy(&unescape_label_value(value)).into_owned()
            } else {
                String::from_utf8_lossy(value).into_owned()
            };
            out.push((text(at(name_start)..at(name_end)), value));
        }
        out
    }
}

/// Prometheus's `lvalReplacer`: `\"`, `\\` and `\n`; other backslashes stay as they are.
fn unescape_label_value(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'\\' {
            match b.get(i + 1) {
                Some(b'"') => {
                    out.push(b'"');
                    i += 2;
                    continue;
                }
                Some(b'\\') => {
                    out.push(b'\\');
                    i += 2;
                    continue;
                }
                Some(b'n') => {
                    out.push(b'\n');
                    i += 2;
                    continue;
                }
                _ => {}
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// `getFloatValue`: the value token's text after its leading space.
fn float_value(l: &Lexer<'_>, t: Token, after: &str) -> Result<f64, String> {
    if t != Token::Value {
        return Err(parse_error(&format!("expected value after {after}"), t));
    }
    check_float(l.b.get(l.start + 1..l.i).unwrap_or_default())
}

/// Prometheus's `parseFloat`: Go's `strconv.ParseFloat` without hex floats and underscores,
/// with Go's errors and Go's NaN.
pub fn check_float(text: &[u8]) -> Result<f64, String> {
    if let Some(v) = fast_decimal(text) {
        return Ok(v);
    }
    if text.iter().any(|&c| matches!(c, b'p' | b'P' | b'_')) {
        return Err("unsupported character in float".into());
    }
    let err = |msg: &str| {
        format!(
            "strconv.ParseFloat: parsing {}: {msg}",
            gostr::quote_bytes(text)
        )
    };
    let s = std::str::from_utf8(text).map_err(|_| err("invalid syntax"))?;
    let v = gostr::parse_float(s).map_err(err)?;
    Ok(if v.is_nan() {
        f64::from_bits(GO_NAN)
    } else {
        v
    })
}

/// Plain decimals (`[+-]digits[.digits][e[+-]digits]`, the usual case) through the standard
/// library, which rounds exactly as Go does; `None` for anything else.
#[inline]
fn fast_decimal(text: &[u8]) -> Option<f64> {
    let mut i = usize::from(matches!(text.first(), Some(b'+' | b'-')));
    let mut digits = 0;
    let mut small: u64 = 0;
    while let Some(&c) = text.get(i) {
        if !c.is_ascii_digit() {
            break;
        }
        small = small.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
        digits += 1;
        i += 1;
    }
    if i == text.len() && digits > 0 && digits <= 15 {
        // An integer below 2^53 converts exactly.
        let v = small as f64;
        return Some(if text.first() == Some(&b'-') { -v } else { v });
    }
    let rest = text.get(i..)?;
    let ok = rest
        .iter()
        .all(|&c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'));
    if !ok {
        return None;
    }
    // Rust's grammar for these characters is Go's (both need a digit in the mantissa and
    // after an exponent); it returns infinity where Go reports a range error.
    let v: f64 = std::str::from_utf8(text).ok()?.parse().ok()?;
    v.is_finite().then_some(v)
}

/// A timestamp in (decimal) seconds as exact milliseconds, truncated toward zero below the
/// millisecond. The text must be a Go float; NaN and infinities give `nan_err`.
pub fn parse_timestamp(text: &[u8], nan_err: &str) -> Result<i64, String> {
    // Whole seconds, the usual case.
    if !text.is_empty() && text.len() <= 12 && text.iter().all(u8::is_ascii_digit) {
        let mut s: i64 = 0;
        for &c in text {
            s = s * 10 + i64::from(c - b'0');
        }
        return Ok(s * 1000);
    }
    let v = check_float(text)?;
    if v.is_nan() || v.is_infinite() {
        return Err(nan_err.into());
    }
    exact_millis(text).ok_or_else(|| {
        format!(
            "timestamp {} is out of range",
            String::from_utf8_lossy(text)
        )
    })
}

/// `trunc(text * 1000)` computed on the decimal digits: `None` when it does not fit an i64.
/// `text` is a valid finite decimal float (checked before).
fn exact_millis(text: &[u8]) -> Option<i64> {
    let (neg, body) = match text.first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    let (mantissa, exp) = match body.iter().position(|&c| c == b'e' || c == b'E') {
        Some(p) => {
            let e = body.get(p + 1..)?;
            let (eneg, digits) = match e.first() {
                Some(b'-') => (true, e.get(1..)?),
                Some(b'+') => (false, e.get(1..)?),
                _ => (false, e),
            };
            // Beyond a million the exponent only decides between zero and overflow.
            let mut x: i64 = 0;
            for &d in digits {
                x = (x * 10 + i64::from(d.wrapping_sub(b'0'))).min(1_000_000);
            }
            (body.get(..p)?, if eneg { -x } else { x })
        }
        None => (body, 0),
    };
    let (int_part, frac_part) = match mantissa.iter().position(|&c| c == b'.') {
        Some(p) => (mantissa.get(..p)?, mantissa.get(p + 1..)?),
        None => (mantissa, &[][..]),
    };
    // The milliseconds are the first `keep` digits (zeros beyond the last one).
    let keep = int_part.len() as i64 + exp + 3;
    let mut ms: i64 = 0;
    let mut kept = 0i64;
    for &d in int_part.iter().chain(frac_part) {
        if kept >= keep {
            break;
        }
        ms = ms
            .checked_mul(10)?
            .checked_add(i64::from(d.wrapping_sub(b'0')))?;
        kept += 1;
    }
    if ms != 0 {
        while kept < keep {
            ms = ms.checked_mul(10)?;
            kept += 1;
        }
    }
    Some(if neg { -ms } else { ms })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every entry of `input` (read in one piece), or the first error.
    fn parse_all(input: impl AsRef<[u8]>) -> Result<Vec<Entry>, String> {
        let b = input.as_ref();
        let mut p = Parser::new();
        let mut pos = 0;
        let mut out = Vec::new();
        loop {
            match p.next_entry(b, pos, true)? {
                Step::Entry(Entry::Eof, _) => return Ok(out),
                Step::Entry(e, next) => {
                    out.push(e);
                    pos = next;
                }
                Step::NeedMore => return Err("need more".into()),
            }
        }
    }

    fn err(input: impl AsRef<[u8]>) -> String {
        parse_all(input).expect_err("an error")
    }

    type Sample = (Vec<(String, String)>, f64, Option<i64>);

    fn samples(input: &str) -> Vec<Sample> {
        let b = input.as_bytes();
        let mut p = Parser::new();
        let mut pos = 0;
        let mut out = Vec::new();
        loop {
            match p.next_entry(b, pos, true).unwrap() {
                Step::Entry(Entry::Eof, _) => return out,
                Step::Entry(
                    Entry::Series {
                        value, timestamp, ..
                    },
                    next,
                ) => {
                    out.push((p.labels(b), value, timestamp));
                    pos = next;
                }
                Step::Entry(_, next) => pos = next,
                Step::NeedMore => panic!("need more"),
            }
        }
    }

    fn l(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn reads_samples_labels_and_metadata() {
        let input = "# HELP a_total Help \\n text.\n# TYPE a counter\n# UNIT a_seconds seconds\n\
                     a_total{b=\"x\\\"y\\\\z\\n\",c=\"\",d=\"é\\t\"} 1.5 1700000000.001\n\
                     a_bucket 17 1700000000 # {e=\"1\"} 2\n\
                     a_total 2 3 # {} 1 5.5\n# EOF\n";
        let got = samples(input);
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[0].0,
            l(&[
                ("__name__", "a_total"),
                ("b", "x\"y\\z\n"),
                ("c", ""),
                ("d", "é\\t")
            ])
        );
        assert_eq!(got[0].1, 1.5);
        assert_eq!(got[0].2, Some(1_700_000_000_001));
        assert_eq!(got[2].2, Some(3000));
        let e = parse_all(input).unwrap();
        assert!(matches!(
            e[1],
            Entry::Type {
                kind: OmType::Counter,
                ..
            }
        ));
        let Entry::Help { text, .. } = &e[0] else {
            panic!()
        };
        assert_eq!(&input.as_bytes()[text.clone()], b"Help \\n text.");
        // `# EOF` without a newline ends the input too.
        assert_eq!(samples("a 1 2\n# EOF").len(), 1);
        assert_eq!(samples("# EOF\n").len(), 0);
    }

    #[test]
    fn go_float_spellings() {
        let input = "v 1.0e0 1\nv +3 2\nv -2.50 3\nv 1E3 4\nv .5 5\nv 5. 6\nv Inf 7\nv -inf 8\n\
                     v nan 9\nv infinity 10\nv 1e-400 11\nv -0 12\n# EOF\n";
        let got: Vec<f64> = samples(input).iter().map(|s| s.1).collect();
        assert_eq!(&got[..6], &[1.0, 3.0, -2.5, 1000.0, 0.5, 5.0]);
        assert_eq!(got[6], f64::INFINITY);
        assert_eq!(got[7], f64::NEG_INFINITY);
        assert_eq!(got[8].to_bits(), GO_NAN);
        assert_eq!(got[9], f64::INFINITY);
        assert_eq!(got[10], 0.0);
        assert_eq!(got[11].to_bits(), (-0.0f64).to_bits());
        assert_eq!(
            check_float(b"123456789012345678").unwrap(),
            123456789012345678.0
        );
        assert_eq!(check_float(b"0.1").unwrap(), 0.1);
    }

    #[test]
    fn timestamps_are_exact_milliseconds() {
        let ts = |s: &str| parse_timestamp(s.as_bytes(), "invalid timestamp");
        assert_eq!(ts("1.001"), Ok(1001));
        assert_eq!(ts("2.002"), Ok(2002));
        assert_eq!(ts("0.3"), Ok(300));
        assert_eq!(ts("9.999"), Ok(9999));
        assert_eq!(ts("1700000060.001"), Ok(1_700_000_060_001));
        assert_eq!(ts("1.0005"), Ok(1000));
        assert_eq!(ts("-1.5"), Ok(-1500));
        assert_eq!(ts("-0.0005"), Ok(0));
        assert_eq!(ts("1.7e9"), Ok(1_700_000_000_000));
        assert_eq!(ts("17e-1"), Ok(1700));
        assert_eq!(ts("1e-400"), Ok(0));
        assert_eq!(ts(".5"), Ok(500));
        assert_eq!(ts("5."), Ok(5000));
        assert_eq!(ts("+7"), Ok(7000));
        assert_eq!(ts("0000000000000000000001"), Ok(1000));
        assert_eq!(ts("9223372036854775"), Ok(9_223_372_036_854_775_000));
        assert_eq!(
            ts("9223372036854776"),
            Err("timestamp 9223372036854776 is out of range".into())
        );
        assert_eq!(ts("1e300"), Err("timestamp 1e300 is out of range".into()));
        assert_eq!(ts("Inf"), Err("invalid timestamp".into()));
        assert_eq!(ts("nan"), Err("invalid timestamp".into()));
        assert_eq!(
            ts("0x1"),
            Err("strconv.ParseFloat: parsing \"0x1\": invalid syntax".into())
        );
        assert_eq!(
            ts("1e400"),
            Err("strconv.ParseFloat: parsing \"1e400\": value out of range".into())
        );
    }

    /// The messages promtool 2.42 printed for these inputs (after "getting min and max
    /// timestamp: next: ").
    #[test]
    fn errors_are_prometheus_messages() {
        assert_eq!(err(""), "data does not end with # EOF");
        assert_eq!(err("a 1 1\n"), "data does not end with # EOF");
        assert_eq!(err("a 1"), "data does not end with # EOF");
        assert_eq!(
            err("a 1 1"),
            "expected next entry after timestamp, got \"EOF\""
        );
        assert_eq!(err("# HELP a x"), "expected text in HELP");
        assert_eq!(
            err("a 0x1 1\n# EOF\n"),
            "strconv.ParseFloat: parsing \"0x1\": invalid syntax"
        );
        assert_eq!(
            err("a +nan 1\n# EOF\n"),
            "strconv.ParseFloat: parsing \"+nan\": invalid syntax"
        );
        assert_eq!(
            err("a 1e400 1\n# EOF\n"),
            "strconv.ParseFloat: parsing \"1e400\": value out of range"
        );
        assert_eq!(err("a 1 1\n# EOF\n\n"), "unexpected data after # EOF");
        assert_eq!(err("a 1 1\n# EOFX"), "unexpected data after # EOF");
        assert_eq!(
            err("# foo\n"),
            "\"INVALID\" \"f\" is not a valid start token"
        );
        assert_eq!(err("\n"), "\"INVALID\" \"\\n\" is not a valid start token");
        assert_eq!(err("#\n"), "\"INVALID\" \"\\n\" is not a valid start token");
        assert_eq!(err("a 1 inf\n# EOF\n"), "invalid timestamp");
        assert_eq!(
            err("a 1 1 # {a=\"b\"} 1\n# EOF\n"),
            "metric name a does not support exemplars"
        );
        assert_eq!(err("# TYPE a foo\n# EOF\n"), "invalid metric type \"foo\"");
        assert_eq!(
            err("# UNIT a sec\n# EOF\n"),
            "unit not a suffix of metric \"a\""
        );
        assert_eq!(
            err("a{b=\"1\",} 1 1\n# EOF\n"),
            "expected label name, got \"BCLOSE\""
        );
        assert_eq!(err("a 1_0 1\n# EOF\n"), "unsupported character in float");
        assert_eq!(
            err("a 1 1 2\n# EOF\n"),
            "expected next entry after timestamp, got \"TIMESTAMP\""
        );
        assert_eq!(
            err("a  1 1\n# EOF\n"),
            "expected value after metric, got \"INVALID\""
        );
        assert_eq!(err("a{"), "expected label name or left brace, got \"EOF\"");
        assert_eq!(err(b"a{b=\"\xff\"} 1 1\n"), "invalid UTF-8 label value");
        assert_eq!(
            err(b"# HELP a \x00\xff\n"),
            "help text is not a valid utf8 string"
        );
        assert_eq!(err("a{b=1} 1 1\n"), "expected label value, got \"INVALID\"");
        assert_eq!(err("a{b \"1\"} 1 1\n"), "expected equal, got \"INVALID\"");
        assert_eq!(
            err("a{b=\"1\" c=\"2\"} 1 1\n"),
            "expected comma or left brace, got \"INVALID\""
        );
        assert_eq!(
            err("a{,} 1 1\n"),
            "expected label name or left brace, got \"COMMA\""
        );
        assert_eq!(
            err("a 1\r\n"),
            "strconv.ParseFloat: parsing \"1\\r\": invalid syntax"
        );
        assert_eq!(
            err("a_total 1 # {x=\"1\"} 1 1 2\n"),
            "expected next entry after exemplar timestamp, got \"TIMESTAMP\""
        );
        assert_eq!(
            err("a_total 1 # {x=\"1\"}\n"),
            "expected value after exemplar labels, got \"INVALID\""
        );
        assert_eq!(
            err("a_total 1 # x\n"),
            "expected timestamp or # symbol, got \"INVALID\""
        );
        assert_eq!(
            err("a 1 1 # x\n"),
            "expected next entry after timestamp, got \"INVALID\""
        );
        assert_eq!(
            err("a 1 #x\n"),
            "strconv.ParseFloat: parsing \"#x\": invalid syntax"
        );
        assert_eq!(
            err("\u{0}"),
            "\"INVALID\" \"\\x00\" is not a valid start token"
        );
        assert_eq!(
            err("\x7f"),
            "\"INVALID\" \"\\x7f\" is not a valid start token"
        );
        assert_eq!(err("é"), "\"INVALID\" \"Ã\" is not a valid start token");
    }

    #[test]
    fn pieces_ask_for_more() {
        let input = b"# TYPE a gauge\na{b=\"c\"} 1 2\n# EOF\n";
        let mut p = Parser::new();
        // Cut anywhere: the entry either completes inside the piece or asks for more.
        for cut in 0..input.len() {
            let r = p.next_entry(&input[..cut], 0, false).unwrap();
            if cut < 15 {
                assert_eq!(r, Step::NeedMore, "cut {cut}");
            }
        }
        let Step::Entry(_, next) = p.next_entry(input, 0, false).unwrap() else {
            panic!()
        };
        assert_eq!(next, 15);
        assert_eq!(
            p.next_entry(&input[..27], next, false).unwrap(),
            Step::NeedMore
        );
        assert!(matches!(
            p.next_entry(input, next, false).unwrap(),
            Step::Entry(Entry::Series { .. }, 28)
        ));
        // `# EOF` needs to know that nothing follows.
        assert_eq!(p.next_entry(input, 28, false).unwrap(), Step::NeedMore);
        assert_eq!(
            p.next_entry(input, 28, true).unwrap(),
            Step::Entry(Entry::Eof, 34)
        );
    }

    /// Lines that repeat the previous series text skip its lexing: same results, same errors.
    #[test]
    fn repeated_series_text() {
        let got =
            samples("a{b=\"c\"} 1 1\na{b=\"c\"} 2 2\na{b=\"cc\"} 3 3\na{b=\"c\"} 4 4\n# EOF\n");
        assert_eq!(got.len(), 4);
        assert_eq!(got[1].0, l(&[("__name__", "a"), ("b", "c")]));
        assert_eq!(got[2].0, l(&[("__name__", "a"), ("b", "cc")]));
        assert_eq!(got[3].0, l(&[("__name__", "a"), ("b", "c")]));
        assert_eq!(
            err("a{b=\"c\"} 1 1\na{b=\"c\"}x 2 2\n"),
            "expected value after metric, got \"INVALID\""
        );
        assert_eq!(
            err("a{b=\"c\"} 1 1\na{b=\"c\"}  2 2\n"),
            "expected value after metric, got \"INVALID\""
        );
        assert_eq!(
            err("a 1 1\na x 2\n"),
            "strconv.ParseFloat: parsing \"x\": invalid syntax"
        );
        assert_eq!(err("a 1 1\na 2\n"), "data does not end with # EOF");
        let mut p = Parser::new();
        let b = b"a 1 1\na 2 2\nb 3 3\n";
        let Step::Entry(_, n) = p.next_entry(b, 0, false).unwrap() else {
            panic!()
        };
        assert!(!p.same_series());
        let Step::Entry(_, n) = p.next_entry(b, n, false).unwrap() else {
            panic!()
        };
        assert!(p.same_series());
        p.next_entry(b, n, true).unwrap();
        assert!(!p.same_series());
    }

    /// Every entry (or the error) of `input` fed in pieces of `size` bytes, as the backfill
    /// reader feeds it, described by the text it covers.
    fn parse_in_pieces(input: &[u8], size: usize) -> Result<Vec<String>, String> {
        let mut p = Parser::new();
        let (mut buf, mut fed, mut pos) = (Vec::new(), 0, 0);
        let mut out = Vec::new();
        loop {
            let last = fed == input.len();
            match p.next_entry(&buf, pos, last)? {
                Step::NeedMore => {
                    buf.drain(..pos);
                    pos = 0;
                    let n = size.min(input.len() - fed);
                    buf.extend_from_slice(&input[fed..fed + n]);
                    fed += n;
                }
                Step::Entry(Entry::Eof, _) => return Ok(out),
                Step::Entry(e, next) => {
                    let text =
                        |r: &Range<usize>| String::from_utf8_lossy(&buf[r.clone()]).into_owned();
                    out.push(match &e {
                        Entry::Series {
                            series,
                            value,
                            timestamp,
                        } => format!(
                            "{} {:?} {:x} {timestamp:?}",
                            text(series),
                            p.labels(&buf),
                            value.to_bits()
                        ),
                        Entry::Help { name, text: t } => {
                            format!("help {} {}", text(name), text(t))
                        }
                        Entry::Unit { name, unit } => format!("unit {} {}", text(name), text(unit)),
                        Entry::Type { name, kind } => format!("{kind:?} {}", text(name)),
                        Entry::Eof => String::new(),
                    });
                    pos = next;
                }
            }
        }
    }

    /// Mangled inputs: no panic, and reading in pieces gives what reading at once gives.
    #[test]
    fn mangled_inputs_read_the_same_in_pieces() {
        let seed = "# HELP a_total Help.\n# TYPE a counter\n# UNIT a_seconds seconds\n\
                    a_total{b=\"x\\\"y\",c=\"\"} 1.5 1700000000.001 # {e=\"1\"} 2 3\n\
                    a_total{b=\"x\\\"y\",c=\"\"} 2 1700000001\nb NaN 1e3\n# EOF\n";
        let mut rng = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        const PIECES: &[u8] = b" \n#{}=\",.0123456789eE+-_pxNaIf\\\x00\xff";
        for _ in 0..3000 {
            let mut b = seed.as_bytes().to_vec();
            for _ in 0..(1 + next() % 3) {
                let at = (next() as usize) % (b.len() + 1);
                match next() % 3 {
                    0 if at < b.len() => {
                        b.remove(at);
                    }
                    1 if at < b.len() => b[at] = PIECES[(next() as usize) % PIECES.len()],
                    _ => b.insert(at, PIECES[(next() as usize) % PIECES.len()]),
                }
            }
            let whole = parse_in_pieces(&b, usize::MAX);
            for size in [1, 3, 7] {
                assert_eq!(
                    parse_in_pieces(&b, size),
                    whole,
                    "{:?} in pieces of {size}",
                    String::from_utf8_lossy(&b)
                );
            }
        }
    }

    #[test]
    fn nul_bytes_inside_label_values_and_help() {
        let got = samples("a{b=\"x\u{0}y\"} 1 1\n# HELP a \u{0}h\n# EOF\n");
        assert_eq!(got[0].0[1].1, "x\u{0}y");
    }
}

//! A small JSON reader that keeps the byte span of every value, because serde_json has no
//! positions and dashboard findings must point into the file. Strict RFC 8259, iterative
//! depth limit so hostile nesting gives an error, never a stack overflow.

use crate::diag::Span;

/// Deeper documents are refused: real dashboards nest under 20 levels.
pub const MAX_DEPTH: usize = 512;

/// A JSON value and the bytes it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub kind: Kind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    /// Numbers carry nothing: their text is the source's bytes at the value's span.
    Number,
    String(String),
    Array(Vec<Value>),
    /// Members in file order; duplicate keys are kept (the last one wins on lookup, as in
    /// JavaScript).
    Object(Vec<(String, Value)>),
}

/// A syntax error at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub pos: usize,
    pub msg: String,
}

impl Value {
    /// The member `key` of an object (the last one when repeated).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match &self.kind {
            Kind::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|m| &m.1),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match &self.kind {
            Kind::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self.kind, Kind::Object(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    /// A number's text as written, from `src`, the text the value was parsed from.
    pub fn number_text<'s>(&self, src: &'s str) -> Option<&'s str> {
        match self.kind {
            Kind::Number => src.get(self.span.start..self.span.end),
            _ => None,
        }
    }

    /// Strings as they are, numbers as written (`src` is the text the value was parsed
    /// from); for ids and titles that may be either.
    pub fn as_text(&self, src: &str) -> Option<String> {
        match &self.kind {
            Kind::String(s) => Some(s.clone()),
            Kind::Number => self.number_text(src).map(str::to_string),
            _ => None,
        }
    }
}

/// Parses one JSON document (surrounding whitespace allowed).
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    let mut r = Reader {
        b: text.as_bytes(),
        text,
        pos: 0,
    };
    r.ws();
    let v = r.value()?;
    r.ws();
    if r.pos < r.b.len() {
        return Err(r.err("unexpected content after the JSON value"));
    }
    Ok(v)
}

/// The byte offset in `raw` (a JSON string token, quotes included) of the character at
/// `decoded` bytes into its decoded value, so positions in a query map back to the file.
pub fn raw_offset(raw: &str, decoded: usize) -> usize {
    let b = raw.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'"'));
    let mut d = 0;
    while i < b.len() && d < decoded {
        if b.get(i) == Some(&b'\\') {
            let (len, out) = match b.get(i + 1) {
                Some(b'u') => {
                    let code = raw
                        .get(i + 2..i + 6)
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .unwrap_or(0xFFFD);
                    // A surrogate pair is 12 raw bytes for one 4-byte char.
                    if (0xD800..0xDC00).contains(&code) && raw.get(i + 6..i + 8) == Some("\\u") {
                        (12, 4)
                    } else {
                        (6, char::from_u32(code).map_or(3, char::len_utf8))
                    }
                }
                _ => (2, 1),
            };
            i += len;
            d += out;
        } else {
            i += 1;
            d += 1;
        }
    }
    i.min(raw.len())
}

struct Reader<'a> {
    b: &'a [u8],
    text: &'a str,
    pos: usize,
}

/// A container being filled while the reader walks the document without recursion.
enum Frame {
    Array(usize, Vec<Value>),
    Object(usize, Vec<(String, Value)>, String),
}

impl Reader<'_> {
    fn err(&self, msg: impl Into<String>) -> SyntaxError {
        SyntaxError {
            pos: self.pos,
            msg: msg.into(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn unexpected(&self, wanted: &str) -> SyntaxError {
        match self.text.get(self.pos..).and_then(|s| s.chars().next()) {
            None => self.err(format!("unexpected end of input, expected {wanted}")),
            Some(c) => self.err(format!("unexpected {c:?}, expected {wanted}")),
        }
    }

    /// Reads a value; containers are built with an explicit stack.
    fn value(&mut self) -> Result<Value, SyntaxError> {
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            // Read the start of a value: either a scalar or an opened container.
            self.ws();
            let start = self.pos;
            let mut done = match self.peek() {
                Some(b'[') | Some(b'{') => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(self.err(format!("nesting deeper than {MAX_DEPTH} levels")));
                    }
                    let is_array = self.peek() == Some(b'[');
                    self.pos += 1;
                    self.ws();
                    if is_array {
                        if self.peek() == Some(b']') {
                            self.pos += 1;
                            Some(Value {
                                kind: Kind::Array(Vec::new()),
                                span: Span::new(start, self.pos),
                            })
                        } else {
                            stack.push(Frame::Array(start, Vec::new()));
                            continue;
                        }
                    } else if self.peek() == Some(b'}') {
                        self.pos += 1;
                        Some(Value {
                            kind: Kind::Object(Vec::new()),
                            span: Span::new(start, self.pos),
                        })
                    } else {
                        let key = self.key()?;
                        stack.push(Frame::Object(start, Vec::new(), key));
                        continue;
                    }
                }
                _ => Some(self.scalar()?),
            };
            // Close as many containers as the input closes.
            while let Some(v) = done.take() {
                let Some(top) = stack.last_mut() else {
                    return Ok(v);
                };
                self.ws();
                match top {
                    Frame::Array(open, items) => {
                        items.push(v);
                        match self.peek() {
                            Some(b',') => self.pos += 1,
                            Some(b']') => {
                                self.pos += 1;
                                let open = *open;
                                let items = std::mem::take(items);
                                stack.pop();
                                done = Some(Value {
                                    kind: Kind::Array(items),
                                    span: Span::new(open, self.pos),
                                });
                            }
                            _ => return Err(self.unexpected("',' or ']'")),
                        }
                    }
                    Frame::Object(open, members, key) => {
                        members.push((std::mem::take(key), v));
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.ws();
                                *key = self.key()?;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                let open = *open;
                                let members = std::mem::take(members);
                                stack.pop();
                                done = Some(Value {
                                    kind: Kind::Object(members),
                                    span: Span::new(open, self.pos),
                                });
                            }
                            _ => return Err(self.unexpected("',' or '}'")),
                        }
                    }
                }
            }
        }
    }

    /// An object key and its colon.
    fn key(&mut self) -> Result<String, SyntaxError> {
        if self.peek() != Some(b'"') {
            return Err(self.unexpected("a string key"));
        }
        let k = self.string()?;
        self.ws();
        if self.peek() != Some(b':') {
            return Err(self.unexpected("':'"));
        }
        self.pos += 1;
        Ok(k)
    }

    fn scalar(&mut self) -> Result<Value, SyntaxError> {
        let start = self.pos;
        let kind = match self.peek() {
            Some(b'"') => Kind::String(self.string()?),
            Some(b't') => self.word("true", Kind::Bool(true))?,
            Some(b'f') => self.word("false", Kind::Bool(false))?,
            Some(b'n') => self.word("null", Kind::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            _ => return Err(self.unexpected("a JSON value")),
        };
        Ok(Value {
            kind,
            span: Span::new(start, self.pos),
        })
    }

    fn word(&mut self, w: &str, kind: Kind) -> Result<Kind, SyntaxError> {
        if self.b.get(self.pos..self.pos + w.len()) == Some(w.as_bytes()) {
            self.pos += w.len();
            Ok(kind)
        } else {
            Err(self.unexpected("a JSON value"))
        }
    }

    fn digits(&mut self) -> usize {
        let s = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - s
    }

    fn number(&mut self) -> Result<Kind, SyntaxError> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        if self.peek() == Some(b'0') {
            self.pos += 1;
        } else if self.digits() == 0 {
            return Err(self.unexpected("a digit"));
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.unexpected("a digit"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.unexpected("a digit"));
            }
        }
        Ok(Kind::Number)
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let h = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
            .ok_or_else(|| self.err("invalid \\u escape"))?;
        let v = u32::from_str_radix(h, 16).map_err(|_| self.err("invalid \\u escape"))?;
        self.pos += 4;
        Ok(v)
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.pos += 1; // the opening quote
        let mut out = String::new();
        loop {
            let run = self.pos;
            while matches!(self.peek(), Some(c) if c != b'"' && c != b'\\' && c >= 0x20) {
                self.pos += 1;
            }
            out.push_str(self.text.get(run..self.pos).unwrap_or(""));
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = self.peek();
                    self.pos += 1;
                    match c {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let mut code = self.hex4()?;
                            if (0xD800..0xDC00).contains(&code)
                                && self.b.get(self.pos..self.pos + 2) == Some(b"\\u")
                            {
                                let save = self.pos;
                                self.pos += 2;
                                let low = self.hex4()?;
                                if (0xDC00..0xE000).contains(&low) {
                                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                                } else {
                                    self.pos = save;
                                }
                            }
                            // Lone surrogates become U+FFFD, as JavaScript would show them.
                            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                        }
                        _ => {
                            self.pos -= 1;
                            return Err(self.err("invalid escape in string"));
                        }
                    }
                }
                None => return Err(self.err("unterminated string")),
                Some(_) => return Err(self.err("control character in string")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_values() {
        let text = r#" {"a": [1, -2.5e3, "x\"y"], "b": {"c": null, "d": true}} "#;
        let v = parse(text).unwrap();
        assert_eq!(v.span, Span::new(1, text.len() - 1));
        let a = v.get("a").unwrap().as_array().unwrap();
        assert_eq!(a[1].kind, Kind::Number);
        assert_eq!(a[1].number_text(text), Some("-2.5e3"));
        assert_eq!(a[1].as_text(text).as_deref(), Some("-2.5e3"));
        assert_eq!(a[2].as_str(), Some("x\"y"));
        assert_eq!(&text[a[2].span.start..a[2].span.end], r#""x\"y""#);
        assert!(v.get("b").unwrap().get("c").unwrap().is_null());
        assert_eq!(v.get("b").unwrap().get("d").unwrap().kind, Kind::Bool(true));
    }

    #[test]
    fn errors_have_positions() {
        assert_eq!(parse("{\"a\": }").unwrap_err().pos, 6);
        assert_eq!(parse("[1 2]").unwrap_err().pos, 3);
        assert_eq!(parse("{\"a\": 1} x").unwrap_err().pos, 9);
        assert!(parse("\"abc").is_err());
        assert!(parse("01").is_err());
        assert!(parse("").is_err());
        assert!(parse("{\"a\":1,}").is_err());
        assert!(parse("\"\\x\"").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        let e = parse(&deep).unwrap_err();
        assert!(e.msg.contains("nesting"), "{e:?}");
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn unicode_escapes_and_raw_offsets() {
        let v = parse(r#""a\u00e9\ud83d\ude00b""#).unwrap();
        assert_eq!(v.as_str(), Some("aé😀b"));
        let raw = r#""a\"b\u00e9c""#;
        // decoded "a\"bée": 'b' is decoded byte 2, raw byte 4.
        assert_eq!(raw_offset(raw, 2), 4);
        // 'c' is decoded byte 5 (é is 2 bytes), raw byte 11.
        assert_eq!(raw_offset(raw, 5), 11);
    }
}

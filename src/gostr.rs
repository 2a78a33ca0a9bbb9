//! Go string semantics that PromQL and Prometheus tooling rely on: unquoting
//! PromQL string literals, `strconv.Quote`, and Go's float formatting verbs.
//!
//! Go strings are arbitrary bytes, so escapes such as `"\xff"` can produce
//! invalid UTF-8. [`unquote_bytes`] keeps those bytes; [`unquote`] is the
//! convenience form for callers that only accept valid UTF-8.

use std::fmt::Write as _;

/// Failure to unquote a string literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UnquoteError {
    /// Malformed literal; same text as Go's `strconv.ErrSyntax`.
    #[error("invalid syntax")]
    Syntax,
    /// The literal is well formed but its escapes produce bytes that are not
    /// UTF-8 (only reported by [`unquote`]; [`unquote_bytes`] returns them).
    #[error("invalid UTF-8 in string literal")]
    InvalidUtf8,
}

/// Unquotes a PromQL string literal (quotes included) into a `String`.
///
/// Accepts `"double"`, `'single'` (any number of runes) and `` `raw` `` strings,
/// as Prometheus's `strutil.Unquote` does. Fails with
/// [`UnquoteError::InvalidUtf8`] when `\x`/octal escapes yield invalid UTF-8.
pub fn unquote(s: &str) -> Result<String, UnquoteError> {
    String::from_utf8(unquote_bytes(s)?).map_err(|_| UnquoteError::InvalidUtf8)
}

/// Unquotes a PromQL string literal into raw bytes (Go string semantics).
///
/// `\x` and octal escapes produce single bytes; `\u`/`\U` produce UTF-8
/// (a surrogate code point becomes U+FFFD, like Go's `utf8.EncodeRune`).
pub fn unquote_bytes(s: &str) -> Result<Vec<u8>, UnquoteError> {
    use UnquoteError::Syntax;
    let (&quote, rest) = s.as_bytes().split_first().ok_or(Syntax)?;
    let (&last, body) = rest.split_last().ok_or(Syntax)?;
    if quote != last {
        return Err(Syntax);
    }
    if quote == b'`' {
        // Raw strings have no escapes; they just cannot contain a backquote.
        return if body.contains(&b'`') {
            Err(Syntax)
        } else {
            Ok(body.to_vec())
        };
    }
    if quote != b'"' && quote != b'\'' {
        return Err(Syntax);
    }
    if body.contains(&b'\n') {
        return Err(Syntax);
    }

    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while let Some(&c) = body.get(i) {
        i += 1;
        if c == quote {
            return Err(Syntax);
        }
        if c != b'\\' {
            // Multi-byte UTF-8 sequences are copied byte by byte unchanged.
            out.push(c);
            continue;
        }
        let esc = *body.get(i).ok_or(Syntax)?;
        i += 1;
        match esc {
            b'a' => out.push(0x07),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0c),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(0x0b),
            b'x' | b'u' | b'U' => {
                let n = match esc {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let digits = body.get(i..i + n).ok_or(Syntax)?;
                i += n;
                let mut v: u32 = 0;
                for &d in digits {
                    v = (v << 4) | char::from(d).to_digit(16).ok_or(Syntax)?;
                }
                if esc == b'x' {
                    // Two hex digits always fit a byte.
                    out.push(v as u8);
                } else {
                    if v > 0x10FFFF {
                        return Err(Syntax);
                    }
                    let ch = char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER);
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
            }
            b'0'..=b'7' => {
                let digits = body.get(i..i + 2).ok_or(Syntax)?;
                i += 2;
                let mut v = u32::from(esc - b'0');
                for &d in digits {
                    if !(b'0'..=b'7').contains(&d) {
                        return Err(Syntax);
                    }
                    v = (v << 3) | u32::from(d - b'0');
                }
                out.push(u8::try_from(v).map_err(|_| Syntax)?);
            }
            b'\\' => out.push(b'\\'),
            b'\'' | b'"' if esc == quote => out.push(esc),
            _ => return Err(Syntax),
        }
    }
    Ok(out)
}

/// Go's `strconv.ParseBool`: `1 t T TRUE true True` and `0 f F FALSE false False`.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// The text Go gives an I/O error's errno (`no such file or directory`): the C library's
/// text, lower-cased, without Rust's `(os error N)`.
pub fn errno_text(e: &std::io::Error) -> String {
    let text = e.to_string();
    let text = match text.rfind(" (os error ") {
        Some(i) => &text[..i],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Go's `strconv.Quote`: a double-quoted literal with Go escapes. One deliberate difference:
/// U+FFFD is written as `\ufffd`, because PromQL's lexer (like Prometheus's) rejects the raw
/// character, and quoted output must parse back.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    out.push('"');
    out
}

/// Go's `strconv.Quote` applied to a byte string: bytes that are not part of
/// valid UTF-8 are written as `\xNN`.
pub fn quote_bytes(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len() + 2);
    out.push('"');
    for chunk in b.utf8_chunks() {
        for c in chunk.valid().chars() {
            push_escaped(&mut out, c);
        }
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02x}");
        }
    }
    out.push('"');
    out
}

fn push_escaped(out: &mut String, c: char) {
    push_escaped_rune(out, c, '"', false);
}

/// Go's `appendEscapedRune` for a literal delimited by `quote`; `exact` writes U+FFFD as is,
/// as Go does (see `quote` for why it usually is not).
fn push_escaped_rune(out: &mut String, c: char, quote: char, exact: bool) {
    match c {
        _ if c == quote || c == '\\' => {
            out.push('\\');
            out.push(c);
        }
        '\u{FFFD}' if !exact => out.push_str("\\ufffd"),
        _ if is_print(c) => out.push(c),
        '\x07' => out.push_str("\\a"),
        '\x08' => out.push_str("\\b"),
        '\x0c' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x0b' => out.push_str("\\v"),
        _ => {
            let v = u32::from(c);
            // Writing to a String cannot fail.
            let _ = if v < 0x20 || v == 0x7f {
                write!(out, "\\x{v:02x}")
            } else if v < 0x10000 {
                write!(out, "\\u{v:04x}")
            } else {
                write!(out, "\\U{v:08x}")
            };
        }
    }
}

/// Exactly Go's `strconv.Quote` of a byte string (U+FFFD as is, invalid bytes as `\xNN`).
pub fn quote_exact(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len() + 2);
    out.push('"');
    for chunk in b.utf8_chunks() {
        for c in chunk.valid().chars() {
            push_escaped_rune(&mut out, c, '"', true);
        }
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02x}");
        }
    }
    out.push('"');
    out
}

/// Go's `strconv.QuoteRune`.
pub fn quote_rune(c: char) -> String {
    let mut out = String::from('\'');
    push_escaped_rune(&mut out, c, '\'', true);
    out.push('\'');
    out
}

/// Go's `base64.StdEncoding.DecodeString` (padded); bytes for which `skip` holds (line
/// breaks, as Go's decoder drops them, or all whitespace) are ignored. `None` when invalid.
pub fn base64_std_decode(text: &[u8], skip: impl Fn(u8) -> bool) -> Option<Vec<u8>> {
    let digits: Vec<u8> = text.iter().copied().filter(|&b| !skip(b)).collect();
    if digits.len() % 4 != 0 {
        return None;
    }
    let value = |b: u8| -> Option<u32> {
        Some(u32::from(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    };
    let quads = digits.len() / 4;
    let mut out = Vec::with_capacity(quads * 3);
    for (i, quad) in digits.chunks(4).enumerate() {
        let pad = quad.iter().rev().take_while(|&&b| b == b'=').count();
        if pad > 2 || (pad > 0 && i + 1 != quads) {
            return None;
        }
        let mut acc = 0u32;
        for &b in &quad[..4 - pad] {
            acc = acc << 6 | value(b)?;
        }
        acc <<= 6 * pad as u32;
        out.extend_from_slice(&acc.to_be_bytes()[1..4 - pad]);
    }
    Some(out)
}

/// Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and
/// the ASCII space. Above U+00FF it consults a table generated from
/// the Unicode 15.0 character database (the version Go 1.21–1.25 ship).
pub fn is_print(c: char) -> bool {
    let v = u32::from(c);
    if v <= 0xFF {
        return (0x20..=0x7E).contains(&v) || ((0xA1..=0xFF).contains(&v) && v != 0xAD);
    }
    NOT_PRINT
        .binary_search_by(|&(lo, hi)| {
            if hi < v {
                std::cmp::Ordering::Less
            } else if lo > v {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_err()
}

/// Go's `strconv.FormatFloat(v, 'f', -1, 64)`: shortest round-trip digits,
/// never an exponent.
pub fn format_float_f(v: f64) -> String {
    if let Some(s) = non_finite(v) {
        return s.to_string();
    }
    let d = Decimal::of(v);
    let mut out = String::new();
    if d.neg {
        out.push('-');
    }
    d.push_fixed(&mut out);
    out
}

/// Go's `strconv.ParseUint(s, 10, 64)`; the error is Go's text.
pub fn parse_uint10(s: &str) -> Result<u64, String> {
    let err = |what: &str| format!("strconv.ParseUint: parsing {}: {what}", quote(s));
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
        return Err(err("invalid syntax"));
    }
    s.parse::<u64>().map_err(|_| err("value out of range"))
}

/// Go's `time.Duration.String()` for a whole number of milliseconds: `0s`, `500ms`, `1.5s`,
/// `1m0s`, `2h46m40s`.
pub fn format_go_duration_ms(ms: i64) -> String {
    format_go_duration_ns(i128::from(ms) * 1_000_000)
}

/// Go's `time.Duration.String()` of nanoseconds: `0s`, `999ns`, `1.5µs`, `3.52ms`, `1m0.5s`.
pub fn format_go_duration_ns(ns: i128) -> String {
    if ns == 0 {
        return "0s".into();
    }
    let sign = if ns < 0 { "-" } else { "" };
    let u = ns.unsigned_abs();
    // A whole part and a fraction of `digits` digits, trailing zeros dropped.
    let frac = |whole: u128, part: u128, digits: usize| {
        let f = format!("{part:0digits$}");
        let f = f.trim_end_matches('0');
        if f.is_empty() {
            whole.to_string()
        } else {
            format!("{whole}.{f}")
        }
    };
    if u < 1_000 {
        return format!("{sign}{u}ns");
    }
    if u < 1_000_000 {
        return format!("{sign}{}µs", frac(u / 1_000, u % 1_000, 3));
    }
    if u < 1_000_000_000 {
        return format!("{sign}{}ms", frac(u / 1_000_000, u % 1_000_000, 6));
    }
    let secs = u / 1_000_000_000;
    let (h, m) = (secs / 3600, (secs / 60) % 60);
    let s = frac(secs % 60, u % 1_000_000_000, 9);
    if h > 0 {
        format!("{sign}{h}h{m}m{s}s")
    } else if m > 0 {
        format!("{sign}{m}m{s}s")
    } else {
        format!("{sign}{s}s")
    }
}

/// Go's `%f` (six decimals), as Prometheus's error messages print floats.
pub fn format_float_f6(v: f64) -> String {
    match non_finite(v) {
        Some(s) => s.to_string(),
        None => format!("{v:.6}"),
    }
}

/// Go's `%v` / `%g` for a float64 (`strconv.FormatFloat(v, 'g', -1, 64)`):
/// exponent form when the decimal exponent is below -4 or at least 6.
pub fn format_float_g(v: f64) -> String {
    if let Some(s) = non_finite(v) {
        return s.to_string();
    }
    let d = Decimal::of(v);
    let exp = d.dp - 1;
    let mut out = String::new();
    if d.neg {
        out.push('-');
    }
    if !(-4..6).contains(&exp) {
        d.push_exp(&mut out, 'e');
    } else {
        d.push_fixed(&mut out);
    }
    out
}

/// Go's `strconv.FormatFloat(v, 'E', -1, 64)`, e.g. `6.1E+01`.
pub fn format_float_e_upper(v: f64) -> String {
    if let Some(s) = non_finite(v) {
        return s.to_string();
    }
    let d = Decimal::of(v);
    let mut out = String::new();
    if d.neg {
        out.push('-');
    }
    d.push_exp(&mut out, 'E');
    out
}

fn non_finite(v: f64) -> Option<&'static str> {
    if v.is_nan() {
        Some("NaN")
    } else if v == f64::INFINITY {
        Some("+Inf")
    } else if v == f64::NEG_INFINITY {
        Some("-Inf")
    } else {
        None
    }
}

/// Shortest round-trip decimal digits of a finite float: the value is
/// `0.DIGITS × 10^dp` (Go's `decimalSlice` convention).
struct Decimal {
    neg: bool,
    digits: Vec<u8>,
    dp: i32,
}

impl Decimal {
    fn of(v: f64) -> Decimal {
        // Rust's `{:e}` prints the shortest digits that round-trip, which is
        // exactly what Go's precision -1 selects.
        let s = format!("{:e}", v.abs());
        let (mant, exp) = s.split_once('e').unwrap_or((s.as_str(), "0"));
        let digits: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
        let exp: i32 = exp.parse().unwrap_or(0);
        Decimal {
            neg: v.is_sign_negative(),
            digits: if digits.is_empty() {
                vec![b'0']
            } else {
                digits
            },
            dp: exp + 1,
        }
    }

    fn digit(&self, i: i32) -> char {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.digits.get(i))
            .map_or('0', |&d| char::from(d))
    }

    fn push_fixed(&self, out: &mut String) {
        if self.dp > 0 {
            for i in 0..self.dp {
                out.push(self.digit(i));
            }
        } else {
            out.push('0');
        }
        let nd = self.digits.len() as i32;
        let frac = (nd - self.dp).max(0);
        if frac > 0 {
            out.push('.');
            for i in 0..frac {
                out.push(self.digit(self.dp + i));
            }
        }
    }

    fn push_exp(&self, out: &mut String, e: char) {
        out.push(self.digit(0));
        if self.digits.len() > 1 {
            out.push('.');
            for &d in self.digits.iter().skip(1) {
                out.push(char::from(d));
            }
        }
        out.push(e);
        let is_zero = self.digits.iter().all(|&d| d == b'0');
        let exp = if is_zero { 0 } else { self.dp - 1 };
        out.push(if exp < 0 { '-' } else { '+' });
        let _ = write!(out, "{:02}", exp.unsigned_abs());
    }
}

/// Code points above U+00FF that Go's `IsPrint` rejects, as sorted inclusive
/// ranges: categories C* (including unassigned), Z* other than U+0020, and
/// surrogates.
#[rustfmt::skip]
const NOT_PRINT: &[(u32, u32)] = &[
    (0x378, 0x379), (0x380, 0x383), (0x38B, 0x38B), (0x38D, 0x38D),
    (0x3A2, 0x3A2), (0x530, 0x530), (0x557, 0x558), (0x58B, 0x58C),
    (0x590, 0x590), (0x5C8, 0x5CF), (0x5EB, 0x5EE), (0x5F5, 0x605),
    (0x61C, 0x61C), (0x6DD, 0x6DD), (0x70E, 0x70F), (0x74B, 0x74C),
    (0x7B2, 0x7BF), (0x7FB, 0x7FC), (0x82E, 0x82F), (0x83F, 0x83F),
    (0x85C, 0x85D), (0x85F, 0x85F), (0x86B, 0x86F), (0x88F, 0x897),
    (0x8E2, 0x8E2), (0x984, 0x984), (0x98D, 0x98E), (0x991, 0x992),
    (0x9A9, 0x9A9), (0x9B1, 0x9B1), (0x9B3, 0x9B5), (0x9BA, 0x9BB),
    (0x9C5, 0x9C6), (0x9C9, 0x9CA), (0x9CF, 0x9D6), (0x9D8, 0x9DB),
    (0x9DE, 0x9DE), (0x9E4, 0x9E5), (0x9FF, 0xA00), (0xA04, 0xA04),
    (0xA0B, 0xA0E), (0xA11, 0xA12), (0xA29, 0xA29), (0xA31, 0xA31),
    (0xA34, 0xA34), (0xA37, 0xA37), (0xA3A, 0xA3B), (0xA3D, 0xA3D),
    (0xA43, 0xA46), (0xA49, 0xA4A), (0xA4E, 0xA50), (0xA52, 0xA58),
    (0xA5D, 0xA5D), (0xA5F, 0xA65), (0xA77, 0xA80), (0xA84, 0xA84),
    (0xA8E, 0xA8E), (0xA92, 0xA92), (0xAA9, 0xAA9), (0xAB1, 0xAB1),
    (0xAB4, 0xAB4), (0xABA, 0xABB), (0xAC6, 0xAC6), (0xACA, 0xACA),
    (0xACE, 0xACF), (0xAD1, 0xADF), (0xAE4, 0xAE5), (0xAF2, 0xAF8),
    (0xB00, 0xB00), (0xB04, 0xB04), (0xB0D, 0xB0E), (0xB11, 0xB12),
    (0xB29, 0xB29), (0xB31, 0xB31), (0xB34, 0xB34), (0xB3A, 0xB3B),
    (0xB45, 0xB46), (0xB49, 0xB4A), (0xB4E, 0xB54), (0xB58, 0xB5B),
    (0xB5E, 0xB5E), (0xB64, 0xB65), (0xB78, 0xB81), (0xB84, 0xB84),
    (0xB8B, 0xB8D), (0xB91, 0xB91), (0xB96, 0xB98), (0xB9B, 0xB9B),
    (0xB9D, 0xB9D), (0xBA0, 0xBA2), (0xBA5, 0xBA7), (0xBAB, 0xBAD),
    (0xBBA, 0xBBD), (0xBC3, 0xBC5), (0xBC9, 0xBC9), (0xBCE, 0xBCF),
    (0xBD1, 0xBD6), (0xBD8, 0xBE5), (0xBFB, 0xBFF), (0xC0D, 0xC0D),
    (0xC11, 0xC11), (0xC29, 0xC29), (0xC3A, 0xC3B), (0xC45, 0xC45),
    (0xC49, 0xC49), (0xC4E, 0xC54), (0xC57, 0xC57), (0xC5B, 0xC5C),
    (0xC5E, 0xC5F), (0xC64, 0xC65), (0xC70, 0xC76), (0xC8D, 0xC8D),
    (0xC91, 0xC91), (0xCA9, 0xCA9), (0xCB4, 0xCB4), (0xCBA, 0xCBB),
    (0xCC5, 0xCC5), (0xCC9, 0xCC9), (0xCCE, 0xCD4), (0xCD7, 0xCDC),
    (0xCDF, 0xCDF), (0xCE4, 0xCE5), (0xCF0, 0xCF0), (0xCF4, 0xCFF),
    (0xD0D, 0xD0D), (0xD11, 0xD11), (0xD45, 0xD45), (0xD49, 0xD49),
    (0xD50, 0xD53), (0xD64, 0xD65), (0xD80, 0xD80), (0xD84, 0xD84),
    (0xD97, 0xD99), (0xDB2, 0xDB2), (0xDBC, 0xDBC), (0xDBE, 0xDBF),
    (0xDC7, 0xDC9), (0xDCB, 0xDCE), (0xDD5, 0xDD5), (0xDD7, 0xDD7),
    (0xDE0, 0xDE5), (0xDF0, 0xDF1), (0xDF5, 0xE00), (0xE3B, 0xE3E),
    (0xE5C, 0xE80), (0xE83, 0xE83), (0xE85, 0xE85), (0xE8B, 0xE8B),
    (0xEA4, 0xEA4), (0xEA6, 0xEA6), (0xEBE, 0xEBF), (0xEC5, 0xEC5),
    (0xEC7, 0xEC7), (0xECF, 0xECF), (0xEDA, 0xEDB), (0xEE0, 0xEFF),
    (0xF48, 0xF48), (0xF6D, 0xF70), (0xF98, 0xF98), (0xFBD, 0xFBD),
    (0xFCD, 0xFCD), (0xFDB, 0xFFF), (0x10C6, 0x10C6), (0x10C8, 0x10CC),
    (0x10CE, 0x10CF), (0x1249, 0x1249), (0x124E, 0x124F), (0x1257, 0x1257),
    (0x1259, 0x1259), (0x125E, 0x125F), (0x1289, 0x1289), (0x128E, 0x128F),
    (0x12B1, 0x12B1), (0x12B6, 0x12B7), (0x12BF, 0x12BF), (0x12C1, 0x12C1),
    (0x12C6, 0x12C7), (0x12D7, 0x12D7), (0x1311, 0x1311), (0x1316, 0x1317),
    (0x135B, 0x135C), (0x137D, 0x137F), (0x139A, 0x139F), (0x13F6, 0x13F7),
    (0x13FE, 0x13FF), (0x1680, 0x1680), (0x169D, 0x169F), (0x16F9, 0x16FF),
    (0x1716, 0x171E), (0x1737, 0x173F), (0x1754, 0x175F), (0x176D, 0x176D),
    (0x1771, 0x1771), (0x1774, 0x177F), (0x17DE, 0x17DF), (0x17EA, 0x17EF),
    (0x17FA, 0x17FF), (0x180E, 0x180E), (0x181A, 0x181F), (0x1879, 0x187F),
    (0x18AB, 0x18AF), (0x18F6, 0x18FF), (0x191F, 0x191F), (0x192C, 0x192F),
    (0x193C, 0x193F), (0x1941, 0x1943), (0x196E, 0x196F), (0x1975, 0x197F),
    (0x19AC, 0x19AF), (0x19CA, 0x19CF), (0x19DB, 0x19DD), (0x1A1C, 0x1A1D),
    (0x1A5F, 0x1A5F), (0x1A7D, 0x1A7E), (0x1A8A, 0x1A8F), (0x1A9A, 0x1A9F),
    (0x1AAE, 0x1AAF), (0x1ACF, 0x1AFF), (0x1B4D, 0x1B4F), (0x1B7F, 0x1B7F),
    (0x1BF4, 0x1BFB), (0x1C38, 0x1C3A), (0x1C4A, 0x1C4C), (0x1C89, 0x1C8F),
    (0x1CBB, 0x1CBC), (0x1CC8, 0x1CCF), (0x1CFB, 0x1CFF), (0x1F16, 0x1F17),
    (0x1F1E, 0x1F1F), (0x1F46, 0x1F47), (0x1F4E, 0x1F4F), (0x1F58, 0x1F58),
    (0x1F5A, 0x1F5A), (0x1F5C, 0x1F5C), (0x1F5E, 0x1F5E), (0x1F7E, 0x1F7F),
    (0x1FB5, 0x1FB5), (0x1FC5, 0x1FC5), (0x1FD4, 0x1FD5), (0x1FDC, 0x1FDC),
    (0x1FF0, 0x1FF1), (0x1FF5, 0x1FF5), (0x1FFF, 0x200F), (0x2028, 0x202F),
    (0x205F, 0x206F), (0x2072, 0x2073), (0x208F, 0x208F), (0x209D, 0x209F),
    (0x20C1, 0x20CF), (0x20F1, 0x20FF), (0x218C, 0x218F), (0x2427, 0x243F),
    (0x244B, 0x245F), (0x2B74, 0x2B75), (0x2B96, 0x2B96), (0x2CF4, 0x2CF8),
    (0x2D26, 0x2D26), (0x2D28, 0x2D2C), (0x2D2E, 0x2D2F), (0x2D68, 0x2D6E),
    (0x2D71, 0x2D7E), (0x2D97, 0x2D9F), (0x2DA7, 0x2DA7), (0x2DAF, 0x2DAF),
    (0x2DB7, 0x2DB7), (0x2DBF, 0x2DBF), (0x2DC7, 0x2DC7), (0x2DCF, 0x2DCF),
    (0x2DD7, 0x2DD7), (0x2DDF, 0x2DDF), (0x2E5E, 0x2E7F), (0x2E9A, 0x2E9A),
    (0x2EF4, 0x2EFF), (0x2FD6, 0x2FEF), (0x2FFC, 0x3000), (0x3040, 0x3040),
    (0x3097, 0x3098), (0x3100, 0x3104), (0x3130, 0x3130), (0x318F, 0x318F),
    (0x31E4, 0x31EF), (0x321F, 0x321F), (0xA48D, 0xA48F), (0xA4C7, 0xA4CF),
    (0xA62C, 0xA63F), (0xA6F8, 0xA6FF), (0xA7CB, 0xA7CF), (0xA7D2, 0xA7D2),
    (0xA7D4, 0xA7D4), (0xA7DA, 0xA7F1), (0xA82D, 0xA82F), (0xA83A, 0xA83F),
    (0xA878, 0xA87F), (0xA8C6, 0xA8CD), (0xA8DA, 0xA8DF), (0xA954, 0xA95E),
    (0xA97D, 0xA97F), (0xA9CE, 0xA9CE), (0xA9DA, 0xA9DD), (0xA9FF, 0xA9FF),
    (0xAA37, 0xAA3F), (0xAA4E, 0xAA4F), (0xAA5A, 0xAA5B), (0xAAC3, 0xAADA),
    (0xAAF7, 0xAB00), (0xAB07, 0xAB08), (0xAB0F, 0xAB10), (0xAB17, 0xAB1F),
    (0xAB27, 0xAB27), (0xAB2F, 0xAB2F), (0xAB6C, 0xAB6F), (0xABEE, 0xABEF),
    (0xABFA, 0xABFF), (0xD7A4, 0xD7AF), (0xD7C7, 0xD7CA), (0xD7FC, 0xF8FF),
    (0xFA6E, 0xFA6F), (0xFADA, 0xFAFF), (0xFB07, 0xFB12), (0xFB18, 0xFB1C),
    (0xFB37, 0xFB37), (0xFB3D, 0xFB3D), (0xFB3F, 0xFB3F), (0xFB42, 0xFB42),
    (0xFB45, 0xFB45), (0xFBC3, 0xFBD2), (0xFD90, 0xFD91), (0xFDC8, 0xFDCE),
    (0xFDD0, 0xFDEF), (0xFE1A, 0xFE1F), (0xFE53, 0xFE53), (0xFE67, 0xFE67),
    (0xFE6C, 0xFE6F), (0xFE75, 0xFE75), (0xFEFD, 0xFF00), (0xFFBF, 0xFFC1),
    (0xFFC8, 0xFFC9), (0xFFD0, 0xFFD1), (0xFFD8, 0xFFD9), (0xFFDD, 0xFFDF),
    (0xFFE7, 0xFFE7), (0xFFEF, 0xFFFB), (0xFFFE, 0xFFFF), (0x1000C, 0x1000C),
    (0x10027, 0x10027), (0x1003B, 0x1003B), (0x1003E, 0x1003E), (0x1004E, 0x1004F),
    (0x1005E, 0x1007F), (0x100FB, 0x100FF), (0x10103, 0x10106), (0x10134, 0x10136),
    (0x1018F, 0x1018F), (0x1019D, 0x1019F), (0x101A1, 0x101CF), (0x101FE, 0x1027F),
    (0x1029D, 0x1029F), (0x102D1, 0x102DF), (0x102FC, 0x102FF), (0x10324, 0x1032C),
    (0x1034B, 0x1034F), (0x1037B, 0x1037F), (0x1039E, 0x1039E), (0x103C4, 0x103C7),
    (0x103D6, 0x103FF), (0x1049E, 0x1049F), (0x104AA, 0x104AF), (0x104D4, 0x104D7),
    (0x104FC, 0x104FF), (0x10528, 0x1052F), (0x10564, 0x1056E), (0x1057B, 0x1057B),
    (0x1058B, 0x1058B), (0x10593, 0x10593), (0x10596, 0x10596), (0x105A2, 0x105A2),
    (0x105B2, 0x105B2), (0x105BA, 0x105BA), (0x105BD, 0x105FF), (0x10737, 0x1073F),
    (0x10756, 0x1075F), (0x10768, 0x1077F), (0x10786, 0x10786), (0x107B1, 0x107B1),
    (0x107BB, 0x107FF), (0x10806, 0x10807), (0x10809, 0x10809), (0x10836, 0x10836),
    (0x10839, 0x1083B), (0x1083D, 0x1083E), (0x10856, 0x10856), (0x1089F, 0x108A6),
    (0x108B0, 0x108DF), (0x108F3, 0x108F3), (0x108F6, 0x108FA), (0x1091C, 0x1091E),
    (0x1093A, 0x1093E), (0x10940, 0x1097F), (0x109B8, 0x109BB), (0x109D0, 0x109D1),
    (0x10A04, 0x10A04), (0x10A07, 0x10A0B), (0x10A14, 0x10A14), (0x10A18, 0x10A18),
    (0x10A36, 0x10A37), (0x10A3B, 0x10A3E), (0x10A49, 0x10A4F), (0x10A59, 0x10A5F),
    (0x10AA0, 0x10ABF), (0x10AE7, 0x10AEA), (0x10AF7, 0x10AFF), (0x10B36, 0x10B38),
    (0x10B56, 0x10B57), (0x10B73, 0x10B77), (0x10B92, 0x10B98), (0x10B9D, 0x10BA8),
    (0x10BB0, 0x10BFF), (0x10C49, 0x10C7F), (0x10CB3, 0x10CBF), (0x10CF3, 0x10CF9),
    (0x10D28, 0x10D2F), (0x10D3A, 0x10E5F), (0x10E7F, 0x10E7F), (0x10EAA, 0x10EAA),
    (0x10EAE, 0x10EAF), (0x10EB2, 0x10EFC), (0x10F28, 0x10F2F), (0x10F5A, 0x10F6F),
    (0x10F8A, 0x10FAF), (0x10FCC, 0x10FDF), (0x10FF7, 0x10FFF), (0x1104E, 0x11051),
    (0x11076, 0x1107E), (0x110BD, 0x110BD), (0x110C3, 0x110CF), (0x110E9, 0x110EF),
    (0x110FA, 0x110FF), (0x11135, 0x11135), (0x11148, 0x1114F), (0x11177, 0x1117F),
    (0x111E0, 0x111E0), (0x111F5, 0x111FF), (0x11212, 0x11212), (0x11242, 0x1127F),
    (0x11287, 0x11287), (0x11289, 0x11289), (0x1128E, 0x1128E), (0x1129E, 0x1129E),
    (0x112AA, 0x112AF), (0x112EB, 0x112EF), (0x112FA, 0x112FF), (0x11304, 0x11304),
    (0x1130D, 0x1130E), (0x11311, 0x11312), (0x11329, 0x11329), (0x11331, 0x11331),
    (0x11334, 0x11334), (0x1133A, 0x1133A), (0x11345, 0x11346), (0x11349, 0x1134A),
    (0x1134E, 0x1134F), (0x11351, 0x11356), (0x11358, 0x1135C), (0x11364, 0x11365),
    (0x1136D, 0x1136F), (0x11375, 0x113FF), (0x1145C, 0x1145C), (0x11462, 0x1147F),
    (0x114C8, 0x114CF), (0x114DA, 0x1157F), (0x115B6, 0x115B7), (0x115DE, 0x115FF),
    (0x11645, 0x1164F), (0x1165A, 0x1165F), (0x1166D, 0x1167F), (0x116BA, 0x116BF),
    (0x116CA, 0x116FF), (0x1171B, 0x1171C), (0x1172C, 0x1172F), (0x11747, 0x117FF),
    (0x1183C, 0x1189F), (0x118F3, 0x118FE), (0x11907, 0x11908), (0x1190A, 0x1190B),
    (0x11914, 0x11914), (0x11917, 0x11917), (0x11936, 0x11936), (0x11939, 0x1193A),
    (0x11947, 0x1194F), (0x1195A, 0x1199F), (0x119A8, 0x119A9), (0x119D8, 0x119D9),
    (0x119E5, 0x119FF), (0x11A48, 0x11A4F), (0x11AA3, 0x11AAF), (0x11AF9, 0x11AFF),
    (0x11B0A, 0x11BFF), (0x11C09, 0x11C09), (0x11C37, 0x11C37), (0x11C46, 0x11C4F),
    (0x11C6D, 0x11C6F), (0x11C90, 0x11C91), (0x11CA8, 0x11CA8), (0x11CB7, 0x11CFF),
    (0x11D07, 0x11D07), (0x11D0A, 0x11D0A), (0x11D37, 0x11D39), (0x11D3B, 0x11D3B),
    (0x11D3E, 0x11D3E), (0x11D48, 0x11D4F), (0x11D5A, 0x11D5F), (0x11D66, 0x11D66),
    (0x11D69, 0x11D69), (0x11D8F, 0x11D8F), (0x11D92, 0x11D92), (0x11D99, 0x11D9F),
    (0x11DAA, 0x11EDF), (0x11EF9, 0x11EFF), (0x11F11, 0x11F11), (0x11F3B, 0x11F3D),
    (0x11F5A, 0x11FAF), (0x11FB1, 0x11FBF), (0x11FF2, 0x11FFE), (0x1239A, 0x123FF),
    (0x1246F, 0x1246F), (0x12475, 0x1247F), (0x12544, 0x12F8F), (0x12FF3, 0x12FFF),
    (0x13430, 0x1343F), (0x13456, 0x143FF), (0x14647, 0x167FF), (0x16A39, 0x16A3F),
    (0x16A5F, 0x16A5F), (0x16A6A, 0x16A6D), (0x16ABF, 0x16ABF), (0x16ACA, 0x16ACF),
    (0x16AEE, 0x16AEF), (0x16AF6, 0x16AFF), (0x16B46, 0x16B4F), (0x16B5A, 0x16B5A),
    (0x16B62, 0x16B62), (0x16B78, 0x16B7C), (0x16B90, 0x16E3F), (0x16E9B, 0x16EFF),
    (0x16F4B, 0x16F4E), (0x16F88, 0x16F8E), (0x16FA0, 0x16FDF), (0x16FE5, 0x16FEF),
    (0x16FF2, 0x16FFF), (0x187F8, 0x187FF), (0x18CD6, 0x18CFF), (0x18D09, 0x1AFEF),
    (0x1AFF4, 0x1AFF4), (0x1AFFC, 0x1AFFC), (0x1AFFF, 0x1AFFF), (0x1B123, 0x1B131),
    (0x1B133, 0x1B14F), (0x1B153, 0x1B154), (0x1B156, 0x1B163), (0x1B168, 0x1B16F),
    (0x1B2FC, 0x1BBFF), (0x1BC6B, 0x1BC6F), (0x1BC7D, 0x1BC7F), (0x1BC89, 0x1BC8F),
    (0x1BC9A, 0x1BC9B), (0x1BCA0, 0x1CEFF), (0x1CF2E, 0x1CF2F), (0x1CF47, 0x1CF4F),
    (0x1CFC4, 0x1CFFF), (0x1D0F6, 0x1D0FF), (0x1D127, 0x1D128), (0x1D173, 0x1D17A),
    (0x1D1EB, 0x1D1FF), (0x1D246, 0x1D2BF), (0x1D2D4, 0x1D2DF), (0x1D2F4, 0x1D2FF),
    (0x1D357, 0x1D35F), (0x1D379, 0x1D3FF), (0x1D455, 0x1D455), (0x1D49D, 0x1D49D),
    (0x1D4A0, 0x1D4A1), (0x1D4A3, 0x1D4A4), (0x1D4A7, 0x1D4A8), (0x1D4AD, 0x1D4AD),
    (0x1D4BA, 0x1D4BA), (0x1D4BC, 0x1D4BC), (0x1D4C4, 0x1D4C4), (0x1D506, 0x1D506),
    (0x1D50B, 0x1D50C), (0x1D515, 0x1D515), (0x1D51D, 0x1D51D), (0x1D53A, 0x1D53A),
    (0x1D53F, 0x1D53F), (0x1D545, 0x1D545), (0x1D547, 0x1D549), (0x1D551, 0x1D551),
    (0x1D6A6, 0x1D6A7), (0x1D7CC, 0x1D7CD), (0x1DA8C, 0x1DA9A), (0x1DAA0, 0x1DAA0),
    (0x1DAB0, 0x1DEFF), (0x1DF1F, 0x1DF24), (0x1DF2B, 0x1DFFF), (0x1E007, 0x1E007),
    (0x1E019, 0x1E01A), (0x1E022, 0x1E022), (0x1E025, 0x1E025), (0x1E02B, 0x1E02F),
    (0x1E06E, 0x1E08E), (0x1E090, 0x1E0FF), (0x1E12D, 0x1E12F), (0x1E13E, 0x1E13F),
    (0x1E14A, 0x1E14D), (0x1E150, 0x1E28F), (0x1E2AF, 0x1E2BF), (0x1E2FA, 0x1E2FE),
    (0x1E300, 0x1E4CF), (0x1E4FA, 0x1E7DF), (0x1E7E7, 0x1E7E7), (0x1E7EC, 0x1E7EC),
    (0x1E7EF, 0x1E7EF), (0x1E7FF, 0x1E7FF), (0x1E8C5, 0x1E8C6), (0x1E8D7, 0x1E8FF),
    (0x1E94C, 0x1E94F), (0x1E95A, 0x1E95D), (0x1E960, 0x1EC70), (0x1ECB5, 0x1ED00),
    (0x1ED3E, 0x1EDFF), (0x1EE04, 0x1EE04), (0x1EE20, 0x1EE20), (0x1EE23, 0x1EE23),
    (0x1EE25, 0x1EE26), (0x1EE28, 0x1EE28), (0x1EE33, 0x1EE33), (0x1EE38, 0x1EE38),
    (0x1EE3A, 0x1EE3A), (0x1EE3C, 0x1EE41), (0x1EE43, 0x1EE46), (0x1EE48, 0x1EE48),
    (0x1EE4A, 0x1EE4A), (0x1EE4C, 0x1EE4C), (0x1EE50, 0x1EE50), (0x1EE53, 0x1EE53),
    (0x1EE55, 0x1EE56), (0x1EE58, 0x1EE58), (0x1EE5A, 0x1EE5A), (0x1EE5C, 0x1EE5C),
    (0x1EE5E, 0x1EE5E), (0x1EE60, 0x1EE60), (0x1EE63, 0x1EE63), (0x1EE65, 0x1EE66),
    (0x1EE6B, 0x1EE6B), (0x1EE73, 0x1EE73), (0x1EE78, 0x1EE78), (0x1EE7D, 0x1EE7D),
    (0x1EE7F, 0x1EE7F), (0x1EE8A, 0x1EE8A), (0x1EE9C, 0x1EEA0), (0x1EEA4, 0x1EEA4),
    (0x1EEAA, 0x1EEAA), (0x1EEBC, 0x1EEEF), (0x1EEF2, 0x1EFFF), (0x1F02C, 0x1F02F),
    (0x1F094, 0x1F09F), (0x1F0AF, 0x1F0B0), (0x1F0C0, 0x1F0C0), (0x1F0D0, 0x1F0D0),
    (0x1F0F6, 0x1F0FF), (0x1F1AE, 0x1F1E5), (0x1F203, 0x1F20F), (0x1F23C, 0x1F23F),
    (0x1F249, 0x1F24F), (0x1F252, 0x1F25F), (0x1F266, 0x1F2FF), (0x1F6D8, 0x1F6DB),
    (0x1F6ED, 0x1F6EF), (0x1F6FD, 0x1F6FF), (0x1F777, 0x1F77A), (0x1F7DA, 0x1F7DF),
    (0x1F7EC, 0x1F7EF), (0x1F7F1, 0x1F7FF), (0x1F80C, 0x1F80F), (0x1F848, 0x1F84F),
    (0x1F85A, 0x1F85F), (0x1F888, 0x1F88F), (0x1F8AE, 0x1F8AF), (0x1F8B2, 0x1F8FF),
    (0x1FA54, 0x1FA5F), (0x1FA6E, 0x1FA6F), (0x1FA7D, 0x1FA7F), (0x1FA89, 0x1FA8F),
    (0x1FABE, 0x1FABE), (0x1FAC6, 0x1FACD), (0x1FADC, 0x1FADF), (0x1FAE9, 0x1FAEF),
    (0x1FAF9, 0x1FAFF), (0x1FB93, 0x1FB93), (0x1FBCB, 0x1FBEF), (0x1FBFA, 0x1FFFF),
    (0x2A6E0, 0x2A6FF), (0x2B73A, 0x2B73F), (0x2B81E, 0x2B81F), (0x2CEA2, 0x2CEAF),
    (0x2EBE1, 0x2F7FF), (0x2FA1E, 0x2FFFF), (0x3134B, 0x3134F), (0x323B0, 0xE00FF),
    (0xE01F0, 0x10FFFF),
];

// ---- Go's strconv number parsing, as Prometheus parses number literals ----

/// Go's `strconv.ParseInt(s, 0, 64)`, falling back to `strconv.ParseFloat(s, 64)`, as
/// Prometheus parses number literals. The error is Go's `ParseFloat` error text.
pub fn parse_number(s: &str) -> std::result::Result<f64, String> {
    if let Some(i) = parse_int_base0(s) {
        return Ok(i as f64);
    }
    parse_float(s).map_err(|e| format!("strconv.ParseFloat: parsing {}: {e}", quote(s)))
}

/// Go's `underscoreOK`: underscores only between digits (or after a base prefix).
fn underscore_ok(s: &str) -> bool {
    let mut b = s.as_bytes();
    if let Some((&(b'+' | b'-'), rest)) = b.split_first() {
        b = rest;
    }
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if b.len() >= 2
        && b.first() == Some(&b'0')
        && matches!(
            b.get(1).map(u8::to_ascii_lowercase),
            Some(b'b' | b'o' | b'x')
        )
    {
        i = 2;
        saw = b'0';
        hex = b.get(1).map(u8::to_ascii_lowercase) == Some(b'x');
    }
    while let Some(&c) = b.get(i) {
        i += 1;
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
            continue;
        }
        if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
            continue;
        }
        if saw == b'_' {
            return false;
        }
        saw = b'!';
    }
    saw != b'_'
}

/// Go's `strconv.ParseInt(s, 0, 64)` (base prefixes, leading-zero octal, underscores).
pub fn parse_int_base0(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..)?),
        Some(b'+') => (false, s.get(1..)?),
        _ => (false, s),
    };
    let bytes = body.as_bytes();
    if bytes.is_empty() {
        return None;
    }
    let (base, digits): (u64, &[u8]) = match bytes {
        [b'0', p, rest @ ..] if p.eq_ignore_ascii_case(&b'x') && !rest.is_empty() => (16, rest),
        [b'0', p, rest @ ..] if p.eq_ignore_ascii_case(&b'b') && !rest.is_empty() => (2, rest),
        [b'0', p, rest @ ..] if p.eq_ignore_ascii_case(&b'o') && !rest.is_empty() => (8, rest),
        [b'0', rest @ ..] => (8, rest),
        _ => (10, bytes),
    };
    let mut n: u64 = 0;
    let mut underscores = false;
    for &c in digits {
        if c == b'_' {
            underscores = true;
            continue;
        }
        let d = u64::from(char::from(c).to_digit(36)?);
        if d >= base {
            return None;
        }
        n = n.checked_mul(base)?.checked_add(d)?;
    }
    if underscores && !underscore_ok(s) {
        return None;
    }
    if neg {
        if n > 1 << 63 {
            return None;
        }
        Some((n as i64).wrapping_neg())
    } else {
        i64::try_from(n).ok()
    }
}

/// Go's `strconv.ParseFloat(s, 64)`; the error is "invalid syntax" or "value out of range".
pub fn parse_float(s: &str) -> std::result::Result<f64, &'static str> {
    const SYNTAX: &str = "invalid syntax";
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..).unwrap_or("")),
        Some(b'+') => (false, s.get(1..).unwrap_or("")),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Ok(if neg {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if lower == "nan" && body.len() == s.len() {
        return Ok(f64::NAN);
    }
    let b = body.as_bytes();
    let hex = b.len() > 2
        && b.first() == Some(&b'0')
        && b.get(1).is_some_and(|c| c.eq_ignore_ascii_case(&b'x'));
    let mantissa_start = if hex { 2 } else { 0 };
    let mut i = mantissa_start;
    let (mut digits, mut dot, mut underscores) = (0usize, false, false);
    while let Some(&c) = b.get(i) {
        match c {
            b'_' => underscores = true,
            b'.' if !dot => dot = true,
            c if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) => digits += 1,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return Err(SYNTAX);
    }
    let mantissa_end = i;
    let exp_char = if hex { b'p' } else { b'e' };
    let mut exp: Option<i64> = None;
    if b.get(i).is_some_and(|c| c.to_ascii_lowercase() == exp_char) {
        i += 1;
        let mut eneg = false;
        if let Some(&(b'+' | b'-')) = b.get(i) {
            eneg = b.get(i) == Some(&b'-');
            i += 1;
        }
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return Err(SYNTAX);
        }
        let mut e: i64 = 0;
        while let Some(&c) = b.get(i) {
            if c == b'_' {
                underscores = true;
            } else if c.is_ascii_digit() {
                e = (e * 10 + i64::from(c - b'0')).min(1_000_000);
            } else {
                break;
            }
            i += 1;
        }
        exp = Some(if eneg { -e } else { e });
    }
    if i != b.len() || (hex && exp.is_none()) {
        return Err(SYNTAX);
    }
    if underscores && !underscore_ok(s) {
        return Err(SYNTAX);
    }
    let v = if hex {
        let m = body.get(mantissa_start..mantissa_end).unwrap_or("");
        parse_hex_float(m, exp.unwrap_or(0))
    } else {
        let cleaned: String = body.chars().filter(|&c| c != '_').collect();
        cleaned.parse::<f64>().map_err(|_| SYNTAX)?
    };
    if v.is_infinite() {
        return Err("value out of range");
    }
    Ok(if neg { -v } else { v })
}

/// Value of hexadecimal mantissa digits (with optional `.` and `_`) times `2^exp`.
fn parse_hex_float(mantissa: &str, exp: i64) -> f64 {
    let mut m: u128 = 0;
    let mut e = exp;
    let mut dot = false;
    let mut sticky = false;
    for c in mantissa.chars() {
        if c == '.' {
            dot = true;
            continue;
        }
        let Some(d) = c.to_digit(16) else { continue };
        if m >> 120 == 0 {
            m = (m << 4) | u128::from(d);
            if dot {
                e -= 4;
            }
        } else {
            // Digits beyond 120 bits only matter for rounding.
            sticky |= d != 0;
            if !dot {
                e += 4;
            }
        }
    }
    if sticky {
        m |= 1;
    }
    let e = i32::try_from(e.clamp(-100_000, 100_000)).unwrap_or(0);
    let v = m as f64;
    // Scale in steps so intermediate powers of two stay finite.
    let mut out = v;
    let mut left = e;
    while left != 0 {
        let step = left.clamp(-1000, 1000);
        out *= f64::powi(2.0, step);
        left -= step;
        if out == 0.0 || out.is_infinite() {
            break;
        }
    }
    out
}

/// `strings.ToUpper`: Unicode simple case mapping, one rune to one rune.
pub fn to_upper(s: &str) -> String {
    s.chars().map(simple_upper).collect()
}

/// `strings.ToLower`: Unicode simple case mapping, one rune to one rune.
pub fn to_lower(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut it = c.to_lowercase();
            match (it.next(), it.next()) {
                (Some(l), None) => l,
                // Only U+0130 lowercases to two runes; its simple mapping is `i`.
                _ if c == '\u{130}' => 'i',
                _ => c,
            }
        })
        .collect()
}

/// `unicode.ToUpper` of one rune.
pub fn simple_upper(c: char) -> char {
    let mut it = c.to_uppercase();
    match (it.next(), it.next()) {
        (Some(u), None) => u,
        // Runes whose full uppercase is several runes: only the Greek ones with a
        // ypogegrammeni have a simple mapping (to the titlecase letter); the rest stay.
        _ => match u32::from(c) {
            0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7 => {
                char::from_u32(u32::from(c) + 8).unwrap_or(c)
            }
            0x1FB3 => '\u{1FBC}',
            0x1FC3 => '\u{1FCC}',
            0x1FF3 => '\u{1FFC}',
            _ => c,
        },
    }
}

/// `s` as a JSON string the way Go's encoding/json writes it: `<`, `>`, `&`,
/// U+2028 and U+2029 escaped (Prometheus's API answers, meta.json).
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_json_string(&mut out, s);
    out
}

/// [`json_string`] appended to `out`.
pub fn push_json_string(out: &mut String, s: &str) {
    use std::fmt::Write as _;
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Go's `net.SplitHostPort`, with its errors (`address x: missing port in address`).
pub fn split_host_port(hostport: &str) -> Result<(&str, &str), String> {
    let fail = |why: &str| Err(format!("address {hostport}: {why}"));
    let Some(i) = hostport.rfind(':') else {
        return fail("missing port in address");
    };
    let (host, j, k) = if hostport.starts_with('[') {
        let Some(end) = hostport.find(']') else {
            return fail("missing ']' in address");
        };
        if end + 1 == hostport.len() {
            return fail("missing port in address");
        }
        if end + 1 != i {
            return if hostport.as_bytes()[end + 1] == b':' {
                fail("too many colons in address")
            } else {
                fail("missing port in address")
            };
        }
        (&hostport[1..end], 1, end + 1)
    } else {
        let host = &hostport[..i];
        if host.contains(':') {
            return fail("too many colons in address");
        }
        (host, 0, 0)
    };
    if hostport[j..].contains('[') {
        return fail("unexpected '[' in address");
    }
    if hostport[k..].contains(']') {
        return fail("unexpected ']' in address");
    }
    Ok((host, &hostport[i + 1..]))
}

#[cfg(test)]
mod tests {
    #[test]
    fn host_and_port() {
        assert_eq!(split_host_port("a:25"), Ok(("a", "25")));
        assert_eq!(split_host_port("[::1]:25"), Ok(("::1", "25")));
        assert_eq!(split_host_port("a:"), Ok(("a", "")));
        for (input, why) in [
            ("a", "missing port in address"),
            ("a:b:c", "too many colons in address"),
            ("[::1]", "missing port in address"),
            ("[::1", "missing ']' in address"),
            ("a]:1", "unexpected ']' in address"),
        ] {
            assert_eq!(
                split_host_port(input),
                Err(format!("address {input}: {why}"))
            );
        }
    }

    use super::*;

    #[test]
    fn parse_bool_is_go_strconv() {
        for t in ["1", "t", "T", "TRUE", "true", "True"] {
            assert_eq!(parse_bool(t), Some(true), "{t}");
        }
        for f in ["0", "f", "F", "FALSE", "false", "False"] {
            assert_eq!(parse_bool(f), Some(false), "{f}");
        }
        for bad in ["yes", "on", "y", "tRUE", "", " true"] {
            assert_eq!(parse_bool(bad), None, "{bad}");
        }
    }

    #[test]
    fn go_durations() {
        for (ms, want) in [
            (0, "0s"),
            (1, "1ms"),
            (999, "999ms"),
            (1500, "1.5s"),
            (60_000, "1m0s"),
            (61_010, "1m1.01s"),
            (3_600_000, "1h0m0s"),
            (10_000_000, "2h46m40s"),
            (-60_000, "-1m0s"),
        ] {
            assert_eq!(format_go_duration_ms(ms), want);
        }
        assert_eq!(format_go_duration_ns(999), "999ns");
        assert_eq!(format_go_duration_ns(1_500), "1.5µs");
        assert_eq!(format_go_duration_ns(3_521_830), "3.52183ms");
        assert_eq!(format_go_duration_ns(61_000_000_001), "1m1.000000001s");
    }

    #[test]
    fn unquote_plain_and_raw() {
        assert_eq!(unquote(r#""abc""#).as_deref(), Ok("abc"));
        assert_eq!(unquote("'abc def'").as_deref(), Ok("abc def"));
        assert_eq!(unquote("``").as_deref(), Ok(""));
        assert_eq!(unquote(r#""""#).as_deref(), Ok(""));
        // Raw strings keep backslashes and may span lines.
        assert_eq!(unquote("`a\\nb\nc`").as_deref(), Ok("a\\nb\nc"));
        // Single quotes may hold any number of runes, unlike Go.
        assert_eq!(unquote("'héllo wörld'").as_deref(), Ok("héllo wörld"));
        assert_eq!(unquote("\"日本\"").as_deref(), Ok("日本"));
    }

    #[test]
    fn unquote_escapes() {
        assert_eq!(
            unquote(r#""\a\b\f\n\r\t\v\\\"""#).as_deref(),
            Ok("\x07\x08\x0c\n\r\t\x0b\\\"")
        );
        assert_eq!(unquote(r"'\''").as_deref(), Ok("'"));
        assert_eq!(unquote(r#""'""#).as_deref(), Ok("'"));
        assert_eq!(unquote(r#"'"'"#).as_deref(), Ok("\""));
        assert_eq!(
            unquote(r#""\x41\101\u00e9\U0001F600""#).as_deref(),
            Ok("AAé😀")
        );
        assert_eq!(unquote(r#""\u65e5本""#).as_deref(), Ok("日本"));
        // \u of a surrogate is encoded as U+FFFD, like Go's utf8.EncodeRune.
        assert_eq!(unquote(r#""\ud800""#).as_deref(), Ok("\u{fffd}"));
        assert_eq!(unquote(r#""\377""#), Err(UnquoteError::InvalidUtf8));
    }

    #[test]
    fn unquote_bytes_keeps_invalid_utf8() {
        assert_eq!(unquote_bytes(r#""\xff""#), Ok(vec![0xff]));
        assert_eq!(unquote_bytes(r#""a\377b""#), Ok(vec![b'a', 0xff, b'b']));
        assert_eq!(unquote(r#""\xff""#), Err(UnquoteError::InvalidUtf8));
        // Byte escapes that happen to form UTF-8 are fine.
        assert_eq!(unquote(r#""\xc3\xa9""#).as_deref(), Ok("é"));
    }

    #[test]
    fn unquote_errors() {
        let bad = [
            "",
            "\"",
            "'",
            "`",
            "abc",
            "\"abc'",
            "'abc\"",
            "`a`b`",
            "\"a\"b\"",
            "'a'b'",
            "\"a\nb\"",
            r#""\""#,
            r#""\'""#,
            r#"'\"'"#,
            r#""\q""#,
            r#""\x4""#,
            r#""\xg0""#,
            r#""\u12""#,
            r#""\U00110000""#,
            r#""\400""#,
            r#""\18""#,
            r#""\7""#,
            r#""\é""#,
            "xabcx",
            "«»",
        ];
        for s in bad {
            assert_eq!(unquote_bytes(s), Err(UnquoteError::Syntax), "{s:?}");
        }
        assert_eq!(UnquoteError::Syntax.to_string(), "invalid syntax");
    }

    #[test]
    fn quote_matches_go() {
        assert_eq!(quote(""), r#""""#);
        assert_eq!(quote("abc"), r#""abc""#);
        assert_eq!(quote("a\"b\\c'"), r#""a\"b\\c'""#);
        assert_eq!(quote("\x07\x08\x0c\n\r\t\x0b"), r#""\a\b\f\n\r\t\v""#);
        assert_eq!(quote("\x00\x1b\x7f"), r#""\x00\x1b\x7f""#);
        assert_eq!(quote("\u{80}\u{ad}\u{a0}"), r#""\u0080\u00ad\u00a0""#);
        assert_eq!(quote("héllo 日本 😀 ∑"), "\"héllo 日本 😀 ∑\"");
        // Format characters, separators and unassigned code points are escaped.
        assert_eq!(quote("\u{200b}\u{2028}\u{feff}"), r#""\u200b\u2028\ufeff""#);
        assert_eq!(quote("\u{3000}\u{2003}"), r#""\u3000\u2003""#);
        assert_eq!(quote("\u{378}\u{e000}"), r#""\u0378\ue000""#);
        assert_eq!(quote("\u{e0001}\u{10ffff}"), r#""\U000e0001\U0010ffff""#);
        // Go prints U+FFFD raw; we escape it so the output parses back.
        assert_eq!(quote("\u{fffd}"), r#""\ufffd""#);
        // Unicode 15.0 additions (Kawi, CJK extension H) print as-is.
        assert_eq!(quote("\u{11f00}\u{31350}"), "\"\u{11f00}\u{31350}\"");
    }

    #[test]
    fn quote_bytes_escapes_invalid_utf8() {
        assert_eq!(quote_bytes(b"a\xffb"), r#""a\xffb""#);
        assert_eq!(quote_bytes(b"\xe2\x82A"), r#""\xe2\x82A""#);
        assert_eq!(quote_bytes(b"\xed\xa0\x80"), r#""\xed\xa0\x80""#);
        assert_eq!(quote_bytes("é\n".as_bytes()), r#""é\n""#);
    }

    #[test]
    fn quote_unquote_round_trip() {
        for s in [
            "",
            "plain",
            "tab\there",
            "quote\"s",
            "\u{0}\u{7f}\u{85}",
            "日本\u{2028}",
        ] {
            assert_eq!(unquote(&quote(s)).as_deref(), Ok(s));
        }
        let bytes = b"\xff\x00a\xc3";
        assert_eq!(
            unquote_bytes(&quote_bytes(bytes)).as_deref(),
            Ok(&bytes[..])
        );
    }

    #[test]
    fn is_print_table_sane() {
        assert!(is_print(' ') && is_print('~') && is_print('é'));
        assert!(!is_print('\u{a0}') && !is_print('\u{ad}') && !is_print('\n'));
        assert!(is_print('\u{100}') && is_print('😀') && !is_print('\u{10fffd}'));
        assert!(NOT_PRINT.windows(2).all(|w| w[0].1 < w[1].0));
        assert!(NOT_PRINT.iter().all(|&(lo, hi)| lo <= hi && lo > 0xFF));
    }

    #[test]
    fn format_f6() {
        assert_eq!(format_float_f6(1.5), "1.500000");
        assert_eq!(format_float_f6(-1e-7), "-0.000000");
        assert_eq!(format_float_f6(f64::INFINITY), "+Inf");
        assert_eq!(format_float_f6(f64::NEG_INFINITY), "-Inf");
        assert_eq!(format_float_f6(f64::NAN), "NaN");
    }

    #[test]
    fn format_f() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "-0"),
            (1.0, "1"),
            (-1.5, "-1.5"),
            (0.1, "0.1"),
            (1e6, "1000000"),
            (1e21, "1000000000000000000000"),
            (1e-7, "0.0000001"),
            (123456.789, "123456.789"),
            (0.30000000000000004, "0.30000000000000004"),
            (f64::INFINITY, "+Inf"),
            (f64::NEG_INFINITY, "-Inf"),
            (f64::NAN, "NaN"),
        ];
        for &(v, want) in cases {
            assert_eq!(format_float_f(v), want, "{v:e}");
        }
        // 309 integer digits: the 17 significant ones, then zeros.
        assert_eq!(
            format_float_f(f64::MAX),
            format!("17976931348623157{}", "0".repeat(292))
        );
        assert_eq!(format_float_f(5e-324), format!("0.{}5", "0".repeat(323)));
    }

    #[test]
    fn format_g() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "-0"),
            (1.0, "1"),
            (1e6, "1e+06"),
            (123456.0, "123456"),
            (1234567.0, "1.234567e+06"),
            (100000.0, "100000"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (0.000123, "0.000123"),
            (1e21, "1e+21"),
            (1e100, "1e+100"),
            (-2.5e-300, "-2.5e-300"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (0.1 + 0.2, "0.30000000000000004"),
            (3.0, "3"),
            (f64::INFINITY, "+Inf"),
            (f64::NEG_INFINITY, "-Inf"),
            (f64::NAN, "NaN"),
        ];
        for &(v, want) in cases {
            assert_eq!(format_float_g(v), want, "{v:e}");
        }
    }

    #[test]
    fn format_e_upper() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0E+00"),
            (1.0, "1E+00"),
            (61.0, "6.1E+01"),
            (2.9999999999999996, "2.9999999999999996E+00"),
            (-0.001, "-1E-03"),
            (1e100, "1E+100"),
            (5e-324, "5E-324"),
            (f64::NAN, "NaN"),
        ];
        for &(v, want) in cases {
            assert_eq!(format_float_e_upper(v), want, "{v:e}");
        }
    }

    #[test]
    fn formatted_floats_parse_back() {
        for v in [
            0.1,
            1.0 / 3.0,
            6.02214076e23,
            -1e-310,
            123456789.125,
            1e15,
            1e16,
        ] {
            for s in [
                format_float_f(v),
                format_float_g(v),
                format_float_e_upper(v),
            ] {
                assert_eq!(s.parse::<f64>().ok(), Some(v), "{s}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn prop_quote_round_trips(s in ".*") {
            proptest::prop_assert_eq!(unquote(&quote(&s)), Ok(s));
        }

        #[test]
        fn prop_quote_bytes_round_trips(b in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
            proptest::prop_assert_eq!(unquote_bytes(&quote_bytes(&b)), Ok(b));
        }

        #[test]
        fn prop_unquote_never_panics(s in "\\PC{0,12}") {
            let _ = unquote_bytes(&s);
        }

        #[test]
        fn prop_floats_round_trip(bits in proptest::num::u64::ANY) {
            let v = f64::from_bits(bits);
            if v.is_finite() {
                for s in [format_float_f(v), format_float_g(v), format_float_e_upper(v)] {
                    proptest::prop_assert_eq!(s.parse::<f64>().map(f64::to_bits), Ok(bits));
                }
            }
        }
    }
}

//! Prometheus label-matcher regexes: Go RE2 syntax, fully anchored.
//!
//! Prometheus compiles `=~`/`!~` matchers (and `label_replace` patterns) as
//! `^(?s:<re>)$` with Go's `regexp`. The Rust `regex` crate is close but not
//! identical, so [`translate_go_regex`] rewrites a Go pattern into an
//! equivalent Rust pattern, rejecting what Go rejects with Go's messages:
//!
//! - `\d \s \w \b` and their negations are ASCII-only in Go (`\s` has no `\v`).
//! - Inside classes, Go takes `[`, `&&`, `--` and `~~` literally; Rust does not.
//! - `{` that does not start a valid repetition is a literal in Go.
//! - Go has `\Q…\E`, octal escapes, `\p{^Greek}`, `(?)`, repeated flags, and
//!   named groups that start with a digit or repeat a name.
//! - Go's `\p{Name}` takes exact category and script names only, and a
//!   script name means the Script property (Rust's bare name means
//!   Script_Extensions).
//!
//! - Go lets a repetition follow a flag-only group (`a(?i)*` repeats `a`).
//!
//! Known gaps: nesting deeper than the regex crate's limit (250 levels; Go
//! allows 1000) is rejected as "expression nests too deeply"; Rust's size
//! limit (64 MiB here) stands in for Go's "expression too large" checks;
//! Unicode tables follow the regex crate (Unicode 16) rather than Go's
//! (Unicode 15).

use std::fmt;

/// What went wrong; the text matches Go's `regexp/syntax` error codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegexErrorKind {
    InvalidCharRange,
    InvalidEscape,
    InvalidNamedCapture,
    InvalidPerlOp,
    InvalidRepeatOp,
    InvalidRepeatSize,
    MissingBracket,
    MissingParen,
    MissingRepeatArgument,
    TrailingBackslash,
    UnexpectedParen,
    NestingDepth,
    Large,
    /// A pattern the Rust engine refused for another reason.
    Other(String),
}

impl fmt::Display for RegexErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RegexErrorKind::InvalidCharRange => "invalid character class range",
            RegexErrorKind::InvalidEscape => "invalid escape sequence",
            RegexErrorKind::InvalidNamedCapture => "invalid named capture",
            RegexErrorKind::InvalidPerlOp => "invalid or unsupported Perl syntax",
            RegexErrorKind::InvalidRepeatOp => "invalid nested repetition operator",
            RegexErrorKind::InvalidRepeatSize => "invalid repeat count",
            RegexErrorKind::MissingBracket => "missing closing ]",
            RegexErrorKind::MissingParen => "missing closing )",
            RegexErrorKind::MissingRepeatArgument => "missing argument to repetition operator",
            RegexErrorKind::TrailingBackslash => "trailing backslash at end of expression",
            RegexErrorKind::UnexpectedParen => "unexpected )",
            RegexErrorKind::NestingDepth => "expression nests too deeply",
            RegexErrorKind::Large => "expression too large",
            RegexErrorKind::Other(msg) => msg,
        })
    }
}

/// A rejected pattern, displayed like Go:
/// ``error parsing regexp: missing closing ): `(.*` ``.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("error parsing regexp: {kind}: `{expr}`")]
pub struct RegexError {
    pub kind: RegexErrorKind,
    /// The offending fragment (for some kinds, the whole pattern).
    pub expr: String,
}

fn err<T>(kind: RegexErrorKind, expr: &str) -> Result<T, RegexError> {
    Err(RegexError {
        kind,
        expr: expr.to_string(),
    })
}

/// A compiled, fully anchored Prometheus regex.
#[derive(Debug, Clone)]
pub struct PromRegex {
    src: String,
    re: ::regex::Regex,
    /// Capture names as Go sees them, indexed by group (0 = whole match).
    names: Vec<Option<String>>,
}

impl PromRegex {
    /// Compiles `src` the way Prometheus does: Go syntax, anchored at both
    /// ends, `.` matching newlines.
    pub fn new(src: &str) -> Result<PromRegex, RegexError> {
        let (translated, names) = translate(src)?;
        PromRegex::build(src, &format!("^(?s:{translated})$"), names)
    }

    /// Compiles the text `^(?s:src)$` as one Go pattern, as relabeling's `NewRegexp` does
    /// (label matchers parse `src` alone first): errors quote the wrapped text, and a `)` in
    /// `src` may close the wrapper, so `a)|(b` is accepted there.
    pub fn new_wrapped(src: &str) -> Result<PromRegex, RegexError> {
        let (translated, names) = translate(&format!("^(?s:{src})$"))?;
        PromRegex::build(src, &translated, names)
    }

    /// Compiles the text `^(?:src)$` as one Go pattern, as Alertmanager's `labels.NewMatcher`
    /// does: no `s` flag, so `.` does not match a newline; errors quote the wrapped text, and a
    /// `)` in `src` may close the wrapper.
    pub fn new_alertmanager(src: &str) -> Result<PromRegex, RegexError> {
        let (translated, names) = translate(&format!("^(?:{src})$"))?;
        PromRegex::build(src, &translated, names)
    }

    /// Checks a relabel-style pattern (see [`Self::new_wrapped`]) without compiling it:
    /// Go's syntax rules, then the Rust parser's, which are what compiling would report.
    /// Compiling allocates large tables, so configurations check their patterns this way and
    /// compile each one when it is first used.
    pub fn check_wrapped(src: &str) -> Result<(), RegexError> {
        let (translated, _) = translate(&format!("^(?s:{src})$"))?;
        regex_syntax::Parser::new()
            .parse(&translated)
            .map(|_| ())
            .map_err(|e| {
                let text = e.to_string();
                let last = text.lines().last().unwrap_or_default();
                RegexError {
                    kind: RegexErrorKind::Other(last.trim_start_matches("error: ").to_string()),
                    expr: src.to_string(),
                }
            })
    }

    fn build(
        src: &str,
        anchored: &str,
        names: Vec<Option<String>>,
    ) -> Result<PromRegex, RegexError> {
        let re = ::regex::RegexBuilder::new(anchored)
            // Large alternations of label values are common in matchers.
            .size_limit(64 << 20)
            .build()
            .map_err(|e| rust_error(src, &e))?;
        Ok(PromRegex {
            src: src.to_string(),
            re,
            names,
        })
    }

    /// Whether the whole of `s` matches.
    pub fn is_match(&self, s: &str) -> bool {
        self.re.is_match(s)
    }

    /// The pattern as written (Go syntax, unanchored).
    pub fn as_str(&self) -> &str {
        &self.src
    }

    /// The compiled Rust regex (anchored). Group numbers match Go's; group
    /// names are only kept where Rust allows them (see [`Self::capture_names`]).
    pub fn regex(&self) -> &::regex::Regex {
        &self.re
    }

    /// Capture groups of a whole-string match.
    pub fn captures<'h>(&self, s: &'h str) -> Option<::regex::Captures<'h>> {
        self.re.captures(s)
    }

    /// Group names as Go reports them (`SubexpNames`): index 0 is the whole
    /// match; names may repeat or start with a digit.
    pub fn capture_names(&self) -> &[Option<String>] {
        &self.names
    }

    /// Appends `template` to `dst`, replacing `$1`, `${1}`, `$name` and
    /// `${name}` with groups from `caps` and `$$` with `$`, exactly as Go's
    /// `Regexp.ExpandString` does (what `label_replace` uses). Unknown or
    /// unmatched groups expand to nothing; a `$` not followed by a valid
    /// reference is kept as is.
    pub fn expand(&self, caps: &::regex::Captures<'_>, template: &str, dst: &mut String) {
        let mut rest = template;
        while let Some(dollar) = rest.find('$') {
            let (before, after) = rest.split_at(dollar);
            dst.push_str(before);
            let after = after.get(1..).unwrap_or("");
            if let Some(tail) = after.strip_prefix('$') {
                dst.push('$');
                rest = tail;
                continue;
            }
            let Some((name, tail)) = expand_reference(after) else {
                dst.push('$');
                rest = after;
                continue;
            };
            rest = tail;
            if let Some(n) = expand_group_number(name) {
                if let Some(m) = caps.get(n) {
                    dst.push_str(m.as_str());
                }
            } else {
                let found = self
                    .names
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| n.as_deref() == Some(name))
                    .find_map(|(i, _)| caps.get(i));
                if let Some(m) = found {
                    dst.push_str(m.as_str());
                }
            }
        }
        dst.push_str(rest);
    }
}

impl PartialEq for PromRegex {
    fn eq(&self, other: &Self) -> bool {
        self.src == other.src
    }
}

impl Eq for PromRegex {}

impl fmt::Display for PromRegex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.src)
    }
}

/// Splits a `$` reference (text after the `$`) into its name and the rest.
fn expand_reference(s: &str) -> Option<(&str, &str)> {
    let (braced, body) = match s.strip_prefix('{') {
        Some(body) => (true, body),
        None => (false, s),
    };
    let end = body
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    if end == 0 {
        return None;
    }
    let (name, tail) = body.split_at(end);
    if braced {
        tail.strip_prefix('}').map(|tail| (name, tail))
    } else {
        Some((name, tail))
    }
}

/// A reference is a group number when it is all ASCII digits, has no
/// leading zero and stays below 10^8 (Go's rule).
fn expand_group_number(name: &str) -> Option<usize> {
    if !name.bytes().all(|b| b.is_ascii_digit()) || (name.len() > 1 && name.starts_with('0')) {
        return None;
    }
    name.parse::<usize>().ok().filter(|&n| n < 100_000_000)
}

fn rust_error(src: &str, e: &::regex::Error) -> RegexError {
    let kind = match e {
        ::regex::Error::CompiledTooBig(_) => RegexErrorKind::Large,
        ::regex::Error::Syntax(msg) if msg.contains("nested") => RegexErrorKind::NestingDepth,
        other => {
            let text = other.to_string();
            let last = text.lines().last().unwrap_or_default();
            RegexErrorKind::Other(last.trim_start_matches("error: ").to_string())
        }
    };
    RegexError {
        kind,
        expr: src.to_string(),
    }
}

/// Rewrites a Go (RE2) pattern into the equivalent Rust `regex` pattern,
/// unanchored. Capture groups keep Go's numbering.
pub fn translate_go_regex(src: &str) -> Result<String, RegexError> {
    translate(src).map(|(out, _)| out)
}

/// Go's `regexp.QuoteMeta`: `s` with every regex metacharacter escaped.
pub fn quote_meta(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if r"\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Compiles a Go pattern for unanchored searching, as Go's `regexp.MustCompile(p).MatchString`
/// (no implicit flags; used where Prometheus searches text, e.g. expected error messages).
pub fn go_search_regex(src: &str) -> Result<::regex::Regex, RegexError> {
    let translated = translate_go_regex(src)?;
    ::regex::Regex::new(&translated).map_err(|e| rust_error(src, &e))
}

fn translate(src: &str) -> Result<(String, Vec<Option<String>>), RegexError> {
    let mut t = Translator {
        src,
        out: String::with_capacity(src.len() + 16),
        names: vec![None],
        parents: Vec::new(),
        cur: Frame::default(),
        last_repeat: None,
        flag_run: None,
    };
    t.run()?;
    Ok((t.out, t.names))
}

/// Parse state of one group, enough to reproduce Go's repetition checks.
#[derive(Debug, Clone, Copy)]
struct Frame {
    /// Something a repetition operator could apply to has been seen since
    /// the group, or the current alternative, began.
    has_operand: bool,
    /// Largest product of `{n,m}` counts along any path in the group and in
    /// the last operand (Go caps it at 1000).
    max_product: u32,
    last_product: u32,
    /// Go's NonGreedy flag (`U`) as it stands at this point of the group.
    ungreedy: bool,
}

impl Default for Frame {
    fn default() -> Self {
        Frame {
            has_operand: false,
            max_product: 1,
            last_product: 1,
            ungreedy: false,
        }
    }
}

struct Translator<'a> {
    src: &'a str,
    out: String,
    names: Vec<Option<String>>,
    parents: Vec<Frame>,
    cur: Frame,
    /// Where the previous token started, if it was a repetition operator.
    last_repeat: Option<&'a str>,
    /// Output position and `U` flag before a run of flag-only groups (`(?i)`)
    /// that directly follows an operand. Go lets a repetition after such a
    /// run apply to that operand; Rust does not, so it is moved in front.
    flag_run: Option<(usize, bool)>,
}

const NEVER: &str = r"\P{Any}";
const ALWAYS: &str = r"\p{Any}";

/// A class fragment usable both inside `[...]` and on its own.
enum Piece {
    /// Already valid in either position (`\p{..}`, `[...]`).
    Standalone(String),
    /// Class body text (`0-9`), wrapped in brackets when alone.
    Body(&'static str),
}

impl<'a> Translator<'a> {
    fn run(&mut self) -> Result<(), RegexError> {
        let mut t: &'a str = self.src;
        while let Some(c) = t.chars().next() {
            let mut repeat = None;
            let mut in_flag_run = false;
            let token_start = self.out.len();
            let ungreedy_before = self.cur.ungreedy;
            t = match c {
                '(' if t.starts_with("(?") => {
                    let (rest, flag_only) = self.perl_group(t)?;
                    if flag_only {
                        in_flag_run = true;
                        if self.flag_run.is_none() {
                            self.flag_run = Some((token_start, ungreedy_before));
                        }
                    }
                    rest
                }
                '(' => {
                    self.open_group(Some(None));
                    rest_after(t, 1)
                }
                '|' => {
                    self.out.push('|');
                    self.cur.has_operand = false;
                    self.cur.last_product = 1;
                    rest_after(t, 1)
                }
                ')' => {
                    self.close_group()?;
                    rest_after(t, 1)
                }
                '^' | '$' | '.' => {
                    self.out.push(c);
                    self.operand(1);
                    rest_after(t, 1)
                }
                '[' => self.class(t)?,
                '*' | '+' | '?' => {
                    repeat = Some(t);
                    self.repetition(t, 1, None)?
                }
                '{' => match parse_repeat(t) {
                    Some((min, max, len)) => {
                        repeat = Some(t);
                        self.repetition(t, len, Some((min, max)))?
                    }
                    None => {
                        self.literal(u32::from('{'));
                        rest_after(t, 1)
                    }
                },
                '\\' => self.backslash(t)?,
                _ => {
                    self.literal(u32::from(c));
                    rest_after(t, c.len_utf8())
                }
            };
            self.last_repeat = repeat;
            if !in_flag_run {
                self.flag_run = None;
            }
        }
        if self.parents.is_empty() {
            Ok(())
        } else {
            err(RegexErrorKind::MissingParen, self.src)
        }
    }

    fn operand(&mut self, product: u32) {
        self.cur.has_operand = true;
        self.cur.last_product = product;
        self.cur.max_product = self.cur.max_product.max(product);
    }

    fn literal(&mut self, cp: u32) {
        match char::from_u32(cp) {
            Some(ch) => push_literal(&mut self.out, ch),
            // Go accepts surrogate escapes; they can never match UTF-8 text.
            None => self.out.push_str(NEVER),
        }
        self.operand(1);
    }

    /// Enters a group; `capture` is `None` for a non-capturing group (whose
    /// opening text the caller wrote) and `Some(name)` for a capture.
    fn open_group(&mut self, capture: Option<Option<&str>>) {
        match capture {
            None => {}
            Some(None) => {
                self.out.push('(');
                self.names.push(None);
            }
            Some(Some(name)) => {
                // Rust rejects names that repeat or start with a digit; such
                // groups stay numbered and are named only in `names`.
                let rust_ok = !name.starts_with(|c: char| c.is_ascii_digit())
                    && !self.names.iter().any(|n| n.as_deref() == Some(name));
                if rust_ok {
                    self.out.push_str("(?P<");
                    self.out.push_str(name);
                    self.out.push('>');
                } else {
                    self.out.push('(');
                }
                self.names.push(Some(name.to_string()));
            }
        }
        let child = Frame {
            ungreedy: self.cur.ungreedy,
            ..Frame::default()
        };
        let parent = std::mem::replace(&mut self.cur, child);
        self.parents.push(parent);
    }

    fn close_group(&mut self) -> Result<(), RegexError> {
        let Some(parent) = self.parents.pop() else {
            return err(RegexErrorKind::UnexpectedParen, self.src);
        };
        let child = std::mem::replace(&mut self.cur, parent);
        self.out.push(')');
        self.operand(child.max_product);
        Ok(())
    }

    /// `(?flags)`, `(?flags:`, `(?P<name>` and `(?<name>`; also tells
    /// whether it was a flag-only group.
    fn perl_group(&mut self, s: &'a str) -> Result<(&'a str, bool), RegexError> {
        let b = s.as_bytes();
        let named_p = b.len() > 4 && b.get(2) == Some(&b'P') && b.get(3) == Some(&b'<');
        let named = b.len() > 3 && b.get(2) == Some(&b'<');
        if named_p || named {
            let Some(end) = s.find('>') else {
                return err(RegexErrorKind::InvalidNamedCapture, s);
            };
            let capture = s.get(..=end).unwrap_or(s);
            let name = s.get(if named_p { 4 } else { 3 }..end).unwrap_or("");
            let valid =
                !name.is_empty() && name.bytes().all(|c| c == b'_' || c.is_ascii_alphanumeric());
            if !valid {
                return err(RegexErrorKind::InvalidNamedCapture, capture);
            }
            self.open_group(Some(Some(name)));
            return Ok((rest_after(s, end + 1), false));
        }

        // Flags: i m s U, one optional '-', then ':' or ')'. The last
        // mention of a flag wins, so Rust gets each flag at most once.
        let mut state: [Option<bool>; 4] = [None; 4];
        let mut negated = false;
        let mut saw_flag = false;
        let mut t = rest_after(s, 2);
        while let Some(c) = t.chars().next() {
            t = rest_after(t, c.len_utf8());
            let slot = match c {
                'i' => 0,
                'm' => 1,
                's' => 2,
                'U' => 3,
                '-' if !negated => {
                    negated = true;
                    saw_flag = false;
                    continue;
                }
                ':' | ')' if !negated || saw_flag => {
                    let mut flags = String::new();
                    for (on, letter) in [(true, ""), (false, "-")] {
                        let letters: String = state
                            .iter()
                            .zip(['i', 'm', 's', 'U'])
                            .filter(|(v, _)| **v == Some(on))
                            .map(|(_, l)| l)
                            .collect();
                        if !letters.is_empty() {
                            flags.push_str(letter);
                            flags.push_str(&letters);
                        }
                    }
                    if c == ':' {
                        self.out.push_str("(?");
                        self.out.push_str(&flags);
                        self.out.push(':');
                        self.open_group(None);
                    } else if !flags.is_empty() {
                        self.out.push_str("(?");
                        self.out.push_str(&flags);
                        self.out.push(')');
                    }
                    if let Some(u) = state[3] {
                        self.cur.ungreedy = u;
                    }
                    return Ok((t, c == ')'));
                }
                _ => break,
            };
            if let Some(v) = state.get_mut(slot) {
                *v = Some(!negated);
            }
            saw_flag = true;
        }
        let consumed = s.len() - t.len();
        err(
            RegexErrorKind::InvalidPerlOp,
            s.get(..consumed).unwrap_or(s),
        )
    }

    /// A repetition operator at the start of `s`, `len` bytes long
    /// (`braces` carries the bounds of `{n,m}`, max -1 meaning unbounded).
    fn repetition(
        &mut self,
        s: &'a str,
        len: usize,
        braces: Option<(i64, i64)>,
    ) -> Result<&'a str, RegexError> {
        let op_text = s.get(..len).unwrap_or(s);
        if let Some((min, max)) = braces {
            if !(0..=1000).contains(&min) || max > 1000 || (max >= 0 && min > max) {
                return err(RegexErrorKind::InvalidRepeatSize, op_text);
            }
        }
        let mut after = rest_after(s, len);
        let lazy = after.starts_with('?');
        if lazy {
            after = rest_after(after, 1);
        }
        if let Some(prev) = self.last_repeat {
            let text = prev.get(..prev.len() - after.len()).unwrap_or(prev);
            return err(RegexErrorKind::InvalidRepeatOp, text);
        }
        let with_lazy = s.get(..s.len() - after.len()).unwrap_or(s);
        if !self.cur.has_operand {
            return err(RegexErrorKind::MissingRepeatArgument, with_lazy);
        }
        if let Some((min, max)) = braces {
            {
                // Go limits nested counted repetitions: along any path the
                // counts may multiply to at most 1000.
                let m = u32::try_from(if max < 0 { min } else { max }).unwrap_or(0);
                let product = if m == 0 {
                    1
                } else {
                    m.saturating_mul(self.cur.last_product)
                };
                if (min >= 2 || max >= 2) && product > 1000 {
                    return err(RegexErrorKind::InvalidRepeatSize, with_lazy);
                }
                self.operand(product);
            }
        }
        let mut op = match braces {
            Some((min, max)) if max == min => format!("{{{min}}}"),
            Some((min, max)) if max < 0 => format!("{{{min},}}"),
            Some((min, max)) => format!("{{{min},{max}}}"),
            None => op_text.to_string(),
        };
        match self.flag_run {
            Some((pos, ungreedy_there)) if self.out.is_char_boundary(pos) => {
                // Keep Go's greediness, which follows the flags in force now.
                if lazy ^ self.cur.ungreedy ^ ungreedy_there {
                    op.push('?');
                }
                self.out.insert_str(pos, &op);
            }
            _ => {
                if lazy {
                    op.push('?');
                }
                self.out.push_str(&op);
            }
        }
        Ok(after)
    }

    fn backslash(&mut self, s: &'a str) -> Result<&'a str, RegexError> {
        let next = rest_after(s, 1).chars().next();
        let special = match next {
            Some('A') => Some(r"\A"),
            Some('z') => Some(r"\z"),
            // Go's word boundaries are ASCII-only.
            Some('b') => Some(r"(?-u:\b)"),
            Some('B') => Some(r"(?-u:\B)"),
            _ => None,
        };
        if let Some(text) = special {
            self.out.push_str(text);
            self.operand(1);
            return Ok(rest_after(s, 2));
        }
        match next {
            Some('C') => return err(RegexErrorKind::InvalidEscape, r"\C"),
            Some('Q') => {
                // Everything up to \E (or the end) is literal text.
                let body = rest_after(s, 2);
                let (lit, rest) = match body.find(r"\E") {
                    Some(k) => (body.get(..k).unwrap_or(""), rest_after(body, k + 2)),
                    None => (body, ""),
                };
                for ch in lit.chars() {
                    self.literal(u32::from(ch));
                }
                return Ok(rest);
            }
            Some('p' | 'P') => {
                let (piece, rest) = unicode_class(s)?;
                self.push_piece(piece);
                return Ok(rest);
            }
            _ => {}
        }
        if let Some((piece, rest)) = perl_class(s) {
            self.push_piece(piece);
            return Ok(rest);
        }
        let (cp, rest) = parse_escape(s)?;
        self.literal(cp);
        Ok(rest)
    }

    fn push_piece(&mut self, piece: Piece) {
        match piece {
            Piece::Standalone(text) => self.out.push_str(&text),
            Piece::Body(body) => {
                self.out.push('[');
                self.out.push_str(body);
                self.out.push(']');
            }
        }
        self.operand(1);
    }

    /// A bracketed class at the start of `s`, following Go's parseClass.
    fn class(&mut self, s: &'a str) -> Result<&'a str, RegexError> {
        let mut t = rest_after(s, 1);
        let negated = t.starts_with('^');
        if negated {
            t = rest_after(t, 1);
        }
        let mut body = String::new();
        let mut first = true; // a leading ']' is a literal
        while first || !t.starts_with(']') {
            first = false;
            if t.len() > 2 && t.starts_with("[:") {
                if let Some(k) = rest_after(t, 2).find(":]") {
                    let name = t.get(..k + 4).unwrap_or(t);
                    if !POSIX_CLASSES.contains(&name) {
                        return err(RegexErrorKind::InvalidCharRange, name);
                    }
                    // Rust's ASCII classes have the same names and members.
                    body.push_str(name);
                    t = rest_after(t, k + 4);
                    continue;
                }
            }
            if t.starts_with(r"\p") || t.starts_with(r"\P") {
                let (piece, rest) = unicode_class(t)?;
                push_piece_in_class(&mut body, piece);
                t = rest;
                continue;
            }
            if let Some((piece, rest)) = perl_class(t) {
                push_piece_in_class(&mut body, piece);
                t = rest;
                continue;
            }
            let range_start = t;
            let (lo, rest) = class_char(t, s)?;
            t = rest;
            let mut hi = lo;
            let b = t.as_bytes();
            if b.len() >= 2 && b.first() == Some(&b'-') && b.get(1) != Some(&b']') {
                let (h, rest) = class_char(rest_after(t, 1), s)?;
                t = rest;
                hi = h;
                if hi < lo {
                    let text = range_start
                        .get(..range_start.len() - t.len())
                        .unwrap_or(range_start);
                    return err(RegexErrorKind::InvalidCharRange, text);
                }
            }
            push_range(&mut body, lo, hi);
        }
        self.out.push('[');
        if negated {
            self.out.push('^');
        }
        self.out.push_str(&body);
        self.out.push(']');
        self.operand(1);
        Ok(rest_after(t, 1))
    }
}

/// `s` without its first `n` bytes (empty if `n` is past the end or not on
/// a character boundary, which callers never ask for).
fn rest_after(s: &str, n: usize) -> &str {
    s.get(n..).unwrap_or("")
}

/// Meta characters of Rust's syntax, escaped wherever they stand for
/// themselves (Rust accepts escaping any of them, in or out of classes).
fn push_literal(out: &mut String, ch: char) {
    if r"\.+*?()|[]{}^$#&-~".contains(ch) {
        out.push('\\');
        out.push(ch);
    } else if ch.is_control() || ch.is_whitespace() {
        out.push_str(&format!("\\x{{{:X}}}", u32::from(ch)));
    } else {
        out.push(ch);
    }
}

/// Adds `lo-hi` to a class body; surrogates (which Go allows in escapes
/// and which never match text) are trimmed off the range.
fn push_range(body: &mut String, lo: u32, hi: u32) {
    let lo = if (0xD800..=0xDFFF).contains(&lo) {
        0xE000
    } else {
        lo
    };
    let hi = if (0xD800..=0xDFFF).contains(&hi) {
        0xD7FF
    } else {
        hi
    };
    match (char::from_u32(lo), char::from_u32(hi)) {
        (Some(l), Some(h)) if l < h => {
            push_literal(body, l);
            body.push('-');
            push_literal(body, h);
        }
        (Some(l), Some(h)) if l == h => push_literal(body, l),
        _ => body.push_str(NEVER),
    }
}

fn push_piece_in_class(body: &mut String, piece: Piece) {
    match piece {
        Piece::Standalone(text) => body.push_str(&text),
        Piece::Body(text) => body.push_str(text),
    }
}

/// Go's Perl classes, ASCII-only.
fn perl_class(s: &str) -> Option<(Piece, &str)> {
    let piece = match s.get(..2)? {
        r"\d" => Piece::Body("0-9"),
        r"\D" => Piece::Standalone("[^0-9]".into()),
        r"\s" => Piece::Body(r"\x{9}\x{A}\x{C}\x{D}\x{20}"),
        r"\S" => Piece::Standalone(r"[^\x{9}\x{A}\x{C}\x{D}\x{20}]".into()),
        r"\w" => Piece::Body("0-9A-Za-z_"),
        r"\W" => Piece::Standalone("[^0-9A-Za-z_]".into()),
        _ => return None,
    };
    Some((piece, rest_after(s, 2)))
}

/// `\pX`, `\p{Name}`, `\PX`, `\p{^Name}` at the start of `s`.
fn unicode_class(s: &str) -> Result<(Piece, &str), RegexError> {
    let mut positive = !s.starts_with(r"\P");
    let after = rest_after(s, 2);
    let (seq, name, rest) = match after.chars().next() {
        Some('{') => {
            let Some(end) = s.find('}') else {
                return err(RegexErrorKind::InvalidCharRange, s);
            };
            (
                s.get(..=end).unwrap_or(s),
                s.get(3..end).unwrap_or(""),
                rest_after(s, end + 1),
            )
        }
        Some(c) => {
            let len = 2 + c.len_utf8();
            let name = after.get(..c.len_utf8()).unwrap_or("");
            (s.get(..len).unwrap_or(s), name, rest_after(s, len))
        }
        None => (s, "", ""),
    };
    let name = match name.strip_prefix('^') {
        Some(n) => {
            positive = !positive;
            n
        }
        None => name,
    };
    let (p, cap_p) = if positive { ("p", r"\p") } else { ("P", r"\P") };
    let text = if name == "Any" {
        format!(r"\{p}{{Any}}")
    } else if name == "Cs" {
        // Surrogates never occur in UTF-8 text, and Rust has no table for them.
        (if positive { NEVER } else { ALWAYS }).to_string()
    } else if GO_CATEGORIES.contains(&name) {
        format!("{cap_p}{{gc={name}}}")
    } else if GO_SCRIPTS.contains(&name) {
        // `sc=` selects the Script property, as Go does.
        format!("{cap_p}{{sc={name}}}")
    } else {
        return err(RegexErrorKind::InvalidCharRange, seq);
    };
    Ok((Piece::Standalone(text), rest))
}

/// One class member: a plain character or an escape.
fn class_char<'s>(t: &'s str, whole_class: &str) -> Result<(u32, &'s str), RegexError> {
    match t.chars().next() {
        None => err(RegexErrorKind::MissingBracket, whole_class),
        Some('\\') => parse_escape(t),
        Some(c) => Ok((u32::from(c), rest_after(t, c.len_utf8()))),
    }
}

/// A single-character escape at the start of `s` (Go's parseEscape):
/// punctuation, octal, `\x..`, `\x{..}` and `\a \f \n \r \t \v`.
fn parse_escape(s: &str) -> Result<(u32, &str), RegexError> {
    let mut t = rest_after(s, 1);
    let Some(c) = t.chars().next() else {
        return err(RegexErrorKind::TrailingBackslash, "");
    };
    t = rest_after(t, c.len_utf8());
    let octal = |t: &str| t.bytes().next().filter(|b| (b'0'..=b'7').contains(b));
    let value = match c {
        '1'..='7' if octal(t).is_none() => None, // a backreference: unsupported
        '0'..='7' => {
            let mut r = u32::from(c) - u32::from('0');
            for _ in 0..2 {
                let Some(d) = octal(t) else { break };
                r = r * 8 + u32::from(d - b'0');
                t = rest_after(t, 1);
            }
            Some(r)
        }
        'x' => {
            let mut r: Option<u32> = None;
            if let Some(c2) = t.chars().next() {
                t = rest_after(t, c2.len_utf8());
                if c2 == '{' {
                    let mut v: u32 = 0;
                    let mut digits = 0;
                    while let Some(d) = t.chars().next() {
                        t = rest_after(t, d.len_utf8());
                        if d == '}' {
                            r = (digits > 0).then_some(v);
                            break;
                        }
                        match d.to_digit(16) {
                            Some(x) => v = v * 16 + x,
                            None => break,
                        }
                        if v > 0x10FFFF {
                            break;
                        }
                        digits += 1;
                    }
                } else {
                    let c3 = t.chars().next();
                    if let Some(c3) = c3 {
                        t = rest_after(t, c3.len_utf8());
                    }
                    if let (Some(x), Some(y)) = (c2.to_digit(16), c3.and_then(|c| c.to_digit(16))) {
                        r = Some(x * 16 + y);
                    }
                }
            }
            r
        }
        'a' => Some(0x07),
        'f' => Some(0x0C),
        'n' => Some(0x0A),
        'r' => Some(0x0D),
        't' => Some(0x09),
        'v' => Some(0x0B),
        // Escaped ASCII punctuation stands for itself (`\_` included).
        _ if c.is_ascii() && !c.is_ascii_alphanumeric() => Some(u32::from(c)),
        _ => None,
    };
    match value {
        Some(v) => Ok((v, t)),
        None => {
            let consumed = s.get(..s.len() - t.len()).unwrap_or(s);
            err(RegexErrorKind::InvalidEscape, consumed)
        }
    }
}

/// `{n}`, `{n,}` or `{n,m}` at the start of `s`: (min, max or -1, length).
/// Numbers above 10^8 come back as -1 so the caller reports them; `None`
/// means the `{` is a literal.
fn parse_repeat(s: &str) -> Option<(i64, i64, usize)> {
    let t = s.strip_prefix('{')?;
    let (mut min, t) = parse_int(t)?;
    let (max, t) = match t.strip_prefix(',') {
        None => (min, t),
        Some(t) if t.starts_with('}') => (-1, t),
        Some(t) => {
            let (max, t) = parse_int(t)?;
            if max < 0 {
                // An oversized max is reported through min, as Go does.
                min = -1;
            }
            (max, t)
        }
    };
    let t = t.strip_prefix('}')?;
    Some((min, max, s.len() - t.len()))
}

/// Decimal digits without leading zeros; -1 when the value reaches 10^8.
fn parse_int(s: &str) -> Option<(i64, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let digits = s.get(..end)?;
    if digits.is_empty() || (digits.len() > 1 && digits.starts_with('0')) {
        return None;
    }
    let mut n: i64 = 0;
    for d in digits.bytes() {
        if n >= 100_000_000 {
            n = -1;
            break;
        }
        n = n * 10 + i64::from(d - b'0');
    }
    Some((n, rest_after(s, end)))
}

#[rustfmt::skip]
const POSIX_CLASSES: &[&str] = &[
    "[:alnum:]", "[:^alnum:]", "[:alpha:]", "[:^alpha:]", "[:ascii:]", "[:^ascii:]", "[:blank:]",
    "[:^blank:]", "[:cntrl:]", "[:^cntrl:]", "[:digit:]", "[:^digit:]", "[:graph:]", "[:^graph:]",
    "[:lower:]", "[:^lower:]", "[:print:]", "[:^print:]", "[:punct:]", "[:^punct:]", "[:space:]",
    "[:^space:]", "[:upper:]", "[:^upper:]", "[:word:]", "[:^word:]", "[:xdigit:]", "[:^xdigit:]",
];

/// Go's `unicode.Categories` keys (Go 1.25 added Cn and LC).
const GO_CATEGORIES: &[&str] = &[
    "C", "Cc", "Cf", "Cn", "Co", "Cs", "L", "LC", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me",
    "Mn", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk",
    "Sm", "So", "Z", "Zl", "Zp", "Zs",
];

/// Go's `unicode.Scripts` keys (Unicode 15.0).
#[rustfmt::skip]
const GO_SCRIPTS: &[&str] = &[
    "Adlam", "Ahom", "Anatolian_Hieroglyphs", "Arabic", "Armenian", "Avestan", "Balinese", "Bamum",
    "Bassa_Vah", "Batak", "Bengali", "Bhaiksuki", "Bopomofo", "Brahmi", "Braille", "Buginese",
    "Buhid", "Canadian_Aboriginal", "Carian", "Caucasian_Albanian", "Chakma", "Cham", "Cherokee",
    "Chorasmian", "Common", "Coptic", "Cuneiform", "Cypriot", "Cypro_Minoan", "Cyrillic", "Deseret",
    "Devanagari", "Dives_Akuru", "Dogra", "Duployan", "Egyptian_Hieroglyphs", "Elbasan", "Elymaic",
    "Ethiopic", "Georgian", "Glagolitic", "Gothic", "Grantha", "Greek", "Gujarati", "Gunjala_Gondi",
    "Gurmukhi", "Han", "Hangul", "Hanifi_Rohingya", "Hanunoo", "Hatran", "Hebrew", "Hiragana",
    "Imperial_Aramaic", "Inherited", "Inscriptional_Pahlavi", "Inscriptional_Parthian", "Javanese",
    "Kaithi", "Kannada", "Katakana", "Kawi", "Kayah_Li", "Kharoshthi", "Khitan_Small_Script",
    "Khmer", "Khojki", "Khudawadi", "Lao", "Latin", "Lepcha", "Limbu", "Linear_A", "Linear_B",
    "Lisu", "Lycian", "Lydian", "Mahajani", "Makasar", "Malayalam", "Mandaic", "Manichaean",
    "Marchen", "Masaram_Gondi", "Medefaidrin", "Meetei_Mayek", "Mende_Kikakui", "Meroitic_Cursive",
    "Meroitic_Hieroglyphs", "Miao", "Modi", "Mongolian", "Mro", "Multani", "Myanmar", "Nabataean",
    "Nag_Mundari", "Nandinagari", "New_Tai_Lue", "Newa", "Nko", "Nushu", "Nyiakeng_Puachue_Hmong",
    "Ogham", "Ol_Chiki", "Old_Hungarian", "Old_Italic", "Old_North_Arabian", "Old_Permic",
    "Old_Persian", "Old_Sogdian", "Old_South_Arabian", "Old_Turkic", "Old_Uyghur", "Oriya", "Osage",
    "Osmanya", "Pahawh_Hmong", "Palmyrene", "Pau_Cin_Hau", "Phags_Pa", "Phoenician",
    "Psalter_Pahlavi", "Rejang", "Runic", "Samaritan", "Saurashtra", "Sharada", "Shavian",
    "Siddham", "SignWriting", "Sinhala", "Sogdian", "Sora_Sompeng", "Soyombo", "Sundanese",
    "Syloti_Nagri", "Syriac", "Tagalog", "Tagbanwa", "Tai_Le", "Tai_Tham", "Tai_Viet", "Takri",
    "Tamil", "Tangsa", "Tangut", "Telugu", "Thaana", "Thai", "Tibetan", "Tifinagh", "Tirhuta",
    "Toto", "Ugaritic", "Vai", "Vithkuqi", "Wancho", "Warang_Citi", "Yezidi", "Yi",
    "Zanabazar_Square",
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn re(src: &str) -> PromRegex {
        match PromRegex::new(src) {
            Ok(r) => r,
            Err(e) => panic!("{src:?} should compile: {e}"),
        }
    }

    fn error(src: &str) -> String {
        match PromRegex::new(src) {
            Ok(_) => panic!("{src:?} should be rejected"),
            Err(e) => e.to_string(),
        }
    }

    #[track_caller]
    fn check(src: &str, yes: &[&str], no: &[&str]) {
        let r = re(src);
        for s in yes {
            assert!(r.is_match(s), "{src:?} should match {s:?}");
        }
        for s in no {
            assert!(!r.is_match(s), "{src:?} should not match {s:?}");
        }
    }

    #[test]
    fn fully_anchored() {
        check("foo|bar", &["foo", "bar"], &["foox", "xfoo", "foobar", ""]);
        check("", &[""], &["a"]);
        check("a.*", &["a", "abc"], &["ba"]);
        check(".*", &["", "anything\nat all"], &[]);
    }

    #[test]
    fn dot_matches_newline_unless_disabled() {
        check("a.b", &["a\nb", "axb"], &["ab"]);
        check("a(?-s:.)b", &["axb"], &["a\nb"]);
        check("(?m)a$\nb", &["a\nb"], &[]);
    }

    #[test]
    fn perl_classes_are_ascii() {
        check(r"\d+", &["0123456789"], &["٣", "１", "x"]);
        check(r"\D", &["٣", "x"], &["5"]);
        check(r"\w+", &["az_AZ09"], &["é", "ß", "-"]);
        check(r"\W", &["é", "-"], &["a"]);
        check(
            r"\s",
            &["\t", "\n", "\x0c", "\r", " "],
            &["\x0b", "\u{a0}", "\u{2003}"],
        );
        check(r"\S", &["\x0b", "\u{a0}", "x"], &[" "]);
        check(r"[\d\s]+", &["1 2\t3"], &["٣"]);
        check(r"[^\d]", &["x", "٣"], &["1"]);
        check(r"[^\D]", &["1"], &["x"]);
        check(r"[\W\d]", &["é", "1"], &["a"]);
        // Case folding still applies to the ASCII classes, as in Go.
        check(r"(?i)\w", &["\u{212a}", "\u{17f}"], &["é"]);
        check(r"(?i)\W", &["é"], &["\u{212a}", "k"]);
    }

    #[test]
    fn word_boundaries_are_ascii() {
        // In Go, é is not a word character, so a\b is a boundary here.
        check(r"a\b.*", &["aé", "a b", "a"], &["ab"]);
        check(r"a\B.*", &["ab"], &["aé", "a"]);
        check(r".*\bfoo\b.*", &["a foo b", "éfooé"], &["afoo"]);
    }

    #[test]
    fn class_punctuation_is_literal() {
        check("[[]", &["["], &["]", ""]);
        check("[]a]", &["]", "a"], &["b"]);
        check("[^]a]", &["b"], &["]", "a"]);
        check("[a-]", &["a", "-"], &["b"]);
        check("[-a]", &["a", "-"], &["b"]);
        check("[a&&b]", &["a", "&", "b"], &["c"]);
        check("[a~~b]", &["~"], &["c"]);
        check("[a-c-e]", &["b", "-", "e"], &["d"]);
        check("[--/]", &["-", ".", "/"], &[","]);
        check(r"[\d-z]", &["5", "-", "z"], &["y"]);
        check("[[:alpha:]]+", &["abcXYZ"], &["é", "1"]);
        check("[[:^alpha:]]", &["1", "é"], &["a"]);
        check("[[:word:][:space:]]+", &["a_1 \x0b"], &["-"]);
        check("[[:]", &["[", ":"], &["]"]);
        check("[a[:digit:]b]", &["a", "5", "b"], &["c"]);
        check("[.*+?(){}|$^]+", &[".*+?(){}|$^"], &["a"]);
        check(r"[\]\\\-]", &["]", "\\", "-"], &["a"]);
        check("[\\x{0}-\\x{10FFFF}]", &["\u{0}", "😀"], &[""]);
    }

    #[test]
    fn braces_that_are_not_repetitions_are_literal() {
        check("a{", &["a{"], &["a"]);
        check("{foo}", &["{foo}"], &[]);
        check("a{,5}", &["a{,5}"], &["a"]);
        check("a{01}", &["a{01}"], &["a"]);
        check("a{1,2", &["a{1,2"], &[]);
        check("a{x}", &["a{x}"], &[]);
        check("}", &["}"], &[]);
        check("a{2}", &["aa"], &["a", "aaa"]);
        check("a{2,}", &["aa", "aaaa"], &["a"]);
        check("a{2,3}", &["aa", "aaa"], &["aaaa"]);
        check("a{0}b", &["b"], &["ab"]);
        check("(a{1000})", &[&"a".repeat(1000)], &["a"]);
    }

    #[test]
    fn repeat_counts_are_limited_like_go() {
        assert_eq!(
            error("x{1001}"),
            "error parsing regexp: invalid repeat count: `{1001}`"
        );
        assert_eq!(
            error("x{2,1}"),
            "error parsing regexp: invalid repeat count: `{2,1}`"
        );
        assert_eq!(
            error("x{1,100000000000}"),
            "error parsing regexp: invalid repeat count: `{1,100000000000}`"
        );
        assert_eq!(
            error("(a{500}){3}"),
            "error parsing regexp: invalid repeat count: `{3}`"
        );
        assert_eq!(
            error("(a{500}){3}?"),
            "error parsing regexp: invalid repeat count: `{3}?`"
        );
        assert_eq!(
            error("((a{10}){10}){11}"),
            "error parsing regexp: invalid repeat count: `{11}`"
        );
        re("((a{10}){10}){10}");
        re("(a{500}|b){2}");
        re("(a{0}){1000}");
        re("(a{1000}){1}");
        re("(a{500})*");
    }

    #[test]
    fn case_insensitive() {
        check("(?i)FOO", &["foo", "FoO"], &["fo"]);
        check("(?i:A)b", &["ab", "Ab"], &["aB"]);
        check("(?ii)a", &["A"], &[]);
        check("(?i-i)a", &["a"], &["A"]);
        check("(?i)(?-i:a)b", &["aB"], &["AB"]);
        check("(?i)k", &["K", "\u{212a}"], &[]);
    }

    #[test]
    fn flags() {
        check("a(?)b", &["ab"], &[]);
        check("(?:a|b)+", &["abba"], &["c"]);
        check("(?s:.)(?m:^)", &["\n"], &[]);
        let r = re("(?U)(a+)(a*)");
        let caps = r.captures("aaa");
        assert_eq!(caps.and_then(|c| c.get(1)).map(|m| m.as_str()), Some("a"));
        let r = re("(a+?)(a*)");
        assert_eq!(
            r.captures("aaa").and_then(|c| c.get(1)).map(|m| m.as_str()),
            Some("a")
        );
        assert_eq!(
            error("(?-)"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?-)`"
        );
        assert_eq!(
            error("(?i-)a"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?i-)`"
        );
        assert_eq!(
            error("(?x)a"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?x`"
        );
        assert_eq!(
            error("(?=a)"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"
        );
        assert_eq!(
            error("(?!a)"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?!`"
        );
        assert_eq!(
            error("(?P=n)"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?P`"
        );
        assert_eq!(
            error("(?i-m-s)"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?i-m-`"
        );
        assert_eq!(
            error("(?i"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?i`"
        );
    }

    #[test]
    fn repetition_after_flag_group_applies_to_previous_operand() {
        check("a(?i)*b", &["aaab", "b", "aaB"], &["Aab"]);
        check("a*(?i)(?m)+", &["aaa", ""], &[]);
        check("x(?i)(?s){2}", &["xx"], &["x"]);
        let group1 = |src: &str| {
            re(src)
                .captures("aaa")
                .and_then(|c| c.get(1).map(|m| m.as_str().to_string()))
        };
        assert_eq!(group1("(a(?U)*)(a*)").as_deref(), Some(""));
        assert_eq!(group1("(a(?U)*?)(a*)").as_deref(), Some("aaa"));
        assert_eq!(group1("(?U)(a(?-U)*)(a*)").as_deref(), Some("aaa"));
        assert_eq!(group1("(?U)(a(?i)*)(a*)").as_deref(), Some(""));
        assert_eq!(
            translate_go_regex("a(?i)(?U)*").ok().as_deref(),
            Some("a*?(?i)(?U)")
        );
    }

    #[test]
    fn go_parser_acceptance_vectors() {
        // From Go's regexp/syntax tests: rejected with Perl flags.
        let mut rejected: Vec<String> = [
            "(",
            ")",
            "(a",
            "a)",
            "(a))",
            "(a|b|",
            "a|b|)",
            "(a|b|))",
            "(a|b",
            "a|b)",
            "(a|b))",
            "[a-z",
            "([a-z)",
            "[a-z)",
            "([a-z]))",
            "x{1001}",
            "x{9876543210}",
            "x{2,1}",
            "x{1,9876543210}",
            "(?P<name>a",
            "(?P<name>",
            "(?P<name",
            "(?P<x y>a)",
            "(?P<>a)",
            "(?<name>a",
            "(?<name>",
            "(?<name",
            "(?<x y>a)",
            "(?<>a)",
            "[a-Z]",
            "(?i)[a-Z]",
            r"\Q\E*",
            "a{100000}",
            "a{100000,}",
            "((((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2}){2})",
            "a++",
            "a**",
            "a?*",
            "a+*",
            "a{1}*",
            ".{1}{2}.{3}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        rejected.push("(".repeat(1000) + &")".repeat(1000));
        rejected.push("(?:".repeat(1000) + &")*".repeat(1000));
        for src in &rejected {
            assert!(PromRegex::new(src).is_err(), "{src:?} should be rejected");
        }
        let accepted = [
            "[a-b-c]",
            r"\Qabc\E",
            r"\Q*+?{[\E",
            r"\Q\\E",
            r"\Q\\\E",
            r"\Q\\\\E",
            r"\Q\\\\\E",
            "(?:a)",
            "(?P<name>a)",
            "((((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2}))",
            "((((((((((x{1}){2}){2}){2}){2}){2}){2}){2}){2}){2})",
            r"\Q+|*?{[\E",
            r"[[:^alnum:]]",
            r"(?i)\W",
            r"[^\x00-\x{10FFFF}]",
            r"\Q\\\\E",
        ];
        for src in accepted {
            re(src);
        }
    }

    #[test]
    fn group_and_repetition_errors() {
        assert_eq!(
            error("(.*"),
            "error parsing regexp: missing closing ): `(.*`"
        );
        assert_eq!(
            error("a(b(c)"),
            "error parsing regexp: missing closing ): `a(b(c)`"
        );
        assert_eq!(error("a)"), "error parsing regexp: unexpected ): `a)`");
        assert_eq!(
            error("*a"),
            "error parsing regexp: missing argument to repetition operator: `*`"
        );
        assert_eq!(
            error("a|*"),
            "error parsing regexp: missing argument to repetition operator: `*`"
        );
        assert_eq!(
            error("(+)"),
            "error parsing regexp: missing argument to repetition operator: `+`"
        );
        assert_eq!(
            error("(?i)*"),
            "error parsing regexp: missing argument to repetition operator: `*`"
        );
        assert_eq!(
            error("{2}"),
            "error parsing regexp: missing argument to repetition operator: `{2}`"
        );
        assert_eq!(
            error("??"),
            "error parsing regexp: missing argument to repetition operator: `??`"
        );
        assert_eq!(
            error("a**"),
            "error parsing regexp: invalid nested repetition operator: `**`"
        );
        assert_eq!(
            error("a*??"),
            "error parsing regexp: invalid nested repetition operator: `*??`"
        );
        assert_eq!(
            error("a{2}{3}"),
            "error parsing regexp: invalid nested repetition operator: `{2}{3}`"
        );
        assert_eq!(
            error("a+*"),
            "error parsing regexp: invalid nested repetition operator: `+*`"
        );
        check("a*?", &["", "aa"], &["b"]);
        check("^*a$+", &["a"], &[]);
        check(r"\b+a", &["a"], &[]);
        check("()*(?:)+a", &["a"], &[]);
        check("(|a)b", &["b", "ab"], &[]);
        check("a||b", &["a", "b", ""], &["c"]);
    }

    #[test]
    fn escapes() {
        check(r"\x41\x{42}\103\0", &["ABC\0"], &[]);
        check(r"\x{1F600}", &["😀"], &[]);
        check(r"\12", &["\n"], &[]);
        check(r"\a\f\t\n\r\v", &["\x07\x0c\t\n\r\x0b"], &[]);
        check(r"\.\*\_\-\#\&\~\<\>", &[".*_-#&~<>"], &[]);
        check(r"\\", &["\\"], &[]);
        check(r"\Aab\z", &["ab"], &[]);
        check(r"[\x00-\x1f]", &["\x1f"], &[" "]);
        for (src, frag) in [
            (r"\8", r"\8"),
            (r"\1", r"\1"),
            (r"a\1b", r"\1"),
            (r"\e", r"\e"),
            (r"\C", r"\C"),
            (r"\Z", r"\Z"),
            (r"\E", r"\E"),
            (r"\é", r"\é"),
            (r"\xZZ", r"\xZZ"),
            (r"\x4", r"\x4"),
            (r"\x", r"\x"),
            (r"\x{}", r"\x{}"),
            (r"\x{110000}", r"\x{110000"),
            (r"\x{12", r"\x{12"),
            (r"\x{1g}", r"\x{1g"),
            (r"[\b]", r"\b"),
            (r"[\e]", r"\e"),
        ] {
            assert_eq!(
                error(src),
                format!("error parsing regexp: invalid escape sequence: `{frag}`"),
                "{src}"
            );
        }
        assert_eq!(
            error("a\\"),
            "error parsing regexp: trailing backslash at end of expression: ``"
        );
        assert_eq!(
            error("[a\\"),
            "error parsing regexp: trailing backslash at end of expression: ``"
        );
    }

    #[test]
    fn quote_meta_sections() {
        check(r"\Qa.b\E", &["a.b"], &["axb"]);
        check(r"\Qa*", &["a*"], &["aa"]);
        check(r"\Q(x)|[y]\E+", &["(x)|[y]]]"], &[]);
        check(r"\Qab\E+", &["abbb"], &["abab"]);
        check(r"x\Q\E*", &["xxx", ""], &[]);
    }

    #[test]
    fn surrogate_escapes_never_match() {
        check(r"\x{D800}|a", &["a"], &["\u{fffd}", ""]);
        check(r"[\x{D800}-\x{DFFF}]|a", &["a"], &["\u{fffd}"]);
        check(
            r"[\x{D7FF}-\x{E000}]",
            &["\u{d7ff}", "\u{e000}"],
            &["\u{e001}"],
        );
        check(r"[^\x{D800}]", &["a"], &[""]);
        check(r"\p{Cs}|a", &["a"], &["\u{fffd}"]);
        check(r"\P{Cs}", &["a", "\u{fffd}"], &[""]);
    }

    #[test]
    fn unicode_classes() {
        check(r"\pL+", &["aé日"], &["1"]);
        check(r"\p{L}\PL", &["a1"], &["ab"]);
        check(r"\p{Greek}", &["α"], &["a", "\u{342}"]);
        check(r"\p{^Greek}", &["a"], &["α"]);
        check(r"\P{^Greek}", &["α"], &["a"]);
        check(r"[\p{Greek}\d]", &["α", "5"], &["a"]);
        check(r"[^\p{Lu}]", &["a"], &["A"]);
        check(r"(?i)\p{Lu}", &["a", "A"], &["1"]);
        check(r"\p{Any}", &["x", "\n"], &[""]);
        check(r"\pN", &["٣"], &["a"]);
        for bad in [
            r"\p{greek}",
            r"\p{Alphabetic}",
            r"\p{Foo}",
            r"\pX",
            r"\p{^}",
            r"\p{}",
        ] {
            assert_eq!(
                error(bad),
                format!("error parsing regexp: invalid character class range: `{bad}`")
            );
        }
        assert_eq!(
            error(r"\p"),
            "error parsing regexp: invalid character class range: `\\p`"
        );
        assert_eq!(
            error(r"\p{Greek"),
            "error parsing regexp: invalid character class range: `\\p{Greek`"
        );
        assert_eq!(
            error(r"[\p{Foo}]"),
            "error parsing regexp: invalid character class range: `\\p{Foo}`"
        );
    }

    #[test]
    fn every_go_unicode_name_compiles() {
        for name in GO_CATEGORIES.iter().chain(GO_SCRIPTS) {
            for src in [
                format!(r"\p{{{name}}}"),
                format!(r"\P{{{name}}}"),
                format!(r"[^\p{{^{name}}}x]"),
            ] {
                re(&src);
            }
        }
    }

    #[test]
    fn class_errors() {
        assert_eq!(error("[a"), "error parsing regexp: missing closing ]: `[a`");
        assert_eq!(
            error("x[]"),
            "error parsing regexp: missing closing ]: `[]`"
        );
        assert_eq!(
            error("[^]"),
            "error parsing regexp: missing closing ]: `[^]`"
        );
        assert_eq!(
            error("[[:alpha:]"),
            "error parsing regexp: missing closing ]: `[[:alpha:]`"
        );
        assert_eq!(
            error("[z-a]"),
            "error parsing regexp: invalid character class range: `z-a`"
        );
        assert_eq!(
            error("[a--b]"),
            "error parsing regexp: invalid character class range: `a--`"
        );
        assert_eq!(
            error("[[:foo:]]"),
            "error parsing regexp: invalid character class range: `[:foo:]`"
        );
        assert_eq!(
            error(r"[a-\d]"),
            "error parsing regexp: invalid escape sequence: `\\d`"
        );
    }

    #[test]
    fn named_groups() {
        let r = re("(?P<first>a+)(?<second>b+)(c)");
        let names: Vec<Option<&str>> = r.capture_names().iter().map(|n| n.as_deref()).collect();
        assert_eq!(names, [None, Some("first"), Some("second"), None]);
        let caps = r.captures("aabc");
        assert_eq!(
            caps.as_ref()
                .and_then(|c| c.name("second"))
                .map(|m| m.as_str()),
            Some("b")
        );
        assert_eq!(
            caps.as_ref().and_then(|c| c.get(3)).map(|m| m.as_str()),
            Some("c")
        );
        // Names Rust refuses still work through Go's names.
        let r = re("(?P<1a>x)(?P<d>y)(?P<d>z)");
        let names: Vec<Option<&str>> = r.capture_names().iter().map(|n| n.as_deref()).collect();
        assert_eq!(names, [None, Some("1a"), Some("d"), Some("d")]);
        assert_eq!(
            error("(?P<a-b>x)"),
            "error parsing regexp: invalid named capture: `(?P<a-b>`"
        );
        assert_eq!(
            error("(?P<>x)"),
            "error parsing regexp: invalid named capture: `(?P<>`"
        );
        assert_eq!(
            error("(?P<x"),
            "error parsing regexp: invalid named capture: `(?P<x`"
        );
        assert_eq!(
            error("(?<é>x)"),
            "error parsing regexp: invalid named capture: `(?<é>`"
        );
    }

    fn expand(src: &str, text: &str, template: &str) -> String {
        let r = re(src);
        let mut out = String::new();
        if let Some(caps) = r.captures(text) {
            r.expand(&caps, template, &mut out);
        }
        out
    }

    #[test]
    fn expand_like_go() {
        assert_eq!(expand("(a+)-(b+)", "aa-b", "$2:$1"), "b:aa");
        assert_eq!(expand("(a+)-(b+)", "aa-b", "${1}x"), "aax");
        // `$1x` names a group "1x", which does not exist.
        assert_eq!(expand("(a+)-(b+)", "aa-b", "$1x"), "");
        assert_eq!(expand("(a+)-(b+)", "aa-b", "$01"), "");
        assert_eq!(expand("(a+)-(b+)", "aa-b", "$3|$0"), "|aa-b");
        assert_eq!(expand("(a+)", "a", "$$1 $ ${ ${1 $-"), "$1 $ ${ ${1 $-");
        assert_eq!(expand("(?P<n>a+)(?P<1a>b)", "ab", "$n ${n}! $1a"), "a a! b");
        // Repeated names resolve to the first group that took part.
        assert_eq!(expand("(?P<d>x)?(?P<d>y)", "y", "[$d]"), "[y]");
        assert_eq!(expand("(?P<d>x)(?P<d>y)", "xy", "[$d]"), "[x]");
        assert_eq!(expand("(a)|(b)", "b", "<$1$2>"), "<b>");
    }

    #[test]
    fn translation_output() {
        let t = |s: &str| translate_go_regex(s).unwrap_or_else(|e| e.to_string());
        assert_eq!(t(r"\d"), "[0-9]");
        assert_eq!(t("a{"), r"a\{");
        assert_eq!(t("[[]"), r"[\[]");
        assert_eq!(t("a{2,}b{1,3}c{4,4}"), "a{2,}b{1,3}c{4}");
        assert_eq!(t("(?is-mU:x)(?)"), "(?is-mU:x)");
        assert_eq!(t(r"\p{Greek}\pL"), r"\p{sc=Greek}\p{gc=L}");
        assert_eq!(t("a b\t"), r"a\x{20}b\x{9}");
    }

    #[test]
    fn nesting_limit_is_an_error_not_a_crash() {
        let deep = format!("{}a{}", "(".repeat(300), ")".repeat(300));
        assert_eq!(
            error(&deep),
            format!("error parsing regexp: expression nests too deeply: `{deep}`")
        );
        let ok = format!("{}a{}", "(?:".repeat(120), ")*".repeat(120));
        check(&ok, &["aaa"], &["b"]);
    }

    #[test]
    fn large_alternations_compile() {
        let values: Vec<String> = (0..20_000).map(|i| format!("value-{i}")).collect();
        let r = re(&values.join("|"));
        assert!(r.is_match("value-19999"));
        assert!(!r.is_match("value-20000"));
        assert_eq!(r.as_str().len(), values.join("|").len());
        assert_eq!(r.to_string(), r.as_str());
    }

    proptest! {
        #[test]
        fn quoted_literals_match_themselves(s in "\\PC{0,20}") {
            let r = re(&quote_meta(&s));
            prop_assert!(r.is_match(&s));
            let longer = format!("{s}x");
            prop_assert!(!r.is_match(&longer));
        }

        #[test]
        fn translations_always_compile(src in r#"([a-c.*+?|(){}\[\]^$\\:=<>PpLdDwWsSbBQEx0-9,_&~ -]|\[:alpha:\]|\(\?[imsU-]*[:)]|\\p\{Greek\}){0,24}"#) {
            // Whatever Go syntax we accept must be valid Rust syntax; the only
            // remaining failures may be limits.
            if translate_go_regex(&src).is_ok() {
                match PromRegex::new(&src) {
                    Ok(_) => {}
                    Err(e) => prop_assert!(
                        matches!(e.kind, RegexErrorKind::Large | RegexErrorKind::NestingDepth),
                        "{src:?}: {e}"
                    ),
                }
            }
        }

        #[test]
        fn never_panics(src in "\\PC{0,16}") {
            let _ = PromRegex::new(&src);
        }
    }
}

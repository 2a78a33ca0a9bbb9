//! The UTF-8 matcher grammar (Alertmanager's `matcher/parse`): a lexer and a small state
//! machine. Names and values are either unquoted runs of non-reserved characters or Go
//! double-quoted strings; errors carry `start:end` rune columns as upstream prints them.

use super::{is_reserved, MatchType, Matcher};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TokenKind {
    Eof,
    OpenBrace,
    CloseBrace,
    Comma,
    Equals,
    NotEquals,
    Matches,
    NotMatches,
    Quoted,
    Unquoted,
}

/// Byte offsets and rune columns of a token or of the lexer's cursor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Position {
    offset_start: usize,
    offset_end: usize,
    column_start: usize,
    column_end: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Token<'a> {
    kind: TokenKind,
    value: &'a str,
    pos: Position,
}

impl Token<'_> {
    /// Go's zero token, returned at the end of input and with errors.
    const EOF: Token<'static> = Token {
        kind: TokenKind::Eof,
        value: "",
        pos: Position {
            offset_start: 0,
            offset_end: 0,
            column_start: 0,
            column_end: 0,
        },
    };

    /// Go's `token.unquote` (`strconv.Unquote`, then a UTF-8 check); `None` when invalid.
    fn unquote(&self) -> Option<String> {
        if self.kind != TokenKind::Quoted {
            return Some(self.value.to_string());
        }
        if has_surrogate_escape(self.value) {
            return None;
        }
        crate::gostr::unquote(self.value).ok()
    }
}

/// Whether a double-quoted literal has a `\u`/`\U` escape naming a surrogate, which Go's
/// `strconv.Unquote` rejects (gostr's PromQL unquoting turns it into U+FFFD).
fn has_surrogate_escape(lit: &str) -> bool {
    let b = lit.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        let width = match b.get(i + 1) {
            Some(b'u') => 4,
            Some(b'U') => 8,
            _ => {
                i += 2;
                continue;
            }
        };
        let digits = lit.get(i + 2..i + 2 + width).unwrap_or("");
        if u32::from_str_radix(digits, 16).is_ok_and(|v| (0xD800..=0xDFFF).contains(&v)) {
            return true;
        }
        i += 2;
    }
    false
}

/// The lexer; errors are final, every later scan repeats the first one.
#[derive(Clone)]
struct Lexer<'a> {
    input: &'a str,
    err: Option<String>,
    /// Byte offset of the current token.
    start: usize,
    /// Byte offset of the cursor.
    pos: usize,
    /// Byte width of the last rune read (0 at the end of input).
    width: usize,
    /// Rune column of the current token.
    column: usize,
    /// Runes read so far.
    cols: usize,
}

impl<'a> Lexer<'a> {
    fn new(input: &'a str) -> Self {
        Lexer {
            input,
            err: None,
            start: 0,
            pos: 0,
            width: 0,
            column: 0,
            cols: 0,
        }
    }

    fn scan(&mut self) -> Result<Token<'a>, String> {
        if let Some(err) = &self.err {
            return Err(err.clone());
        }
        let result = self.scan_token();
        if let Err(err) = &result {
            self.err = Some(err.clone());
        }
        result
    }

    /// The next token without consuming it; an error sticks, as upstream's does.
    fn peek(&mut self) -> Result<Token<'a>, String> {
        let mut ahead = self.clone();
        let result = ahead.scan();
        self.err = ahead.err;
        result
    }

    fn scan_token(&mut self) -> Result<Token<'a>, String> {
        while let Some(c) = self.next() {
            match c {
                '{' => return Ok(self.emit(TokenKind::OpenBrace)),
                '}' => return Ok(self.emit(TokenKind::CloseBrace)),
                ',' => return Ok(self.emit(TokenKind::Comma)),
                '=' | '!' => {
                    self.rewind();
                    return self.scan_operator();
                }
                '"' => {
                    self.rewind();
                    return self.scan_quoted();
                }
                c if !is_reserved(c) => {
                    self.rewind();
                    return Ok(self.scan_unquoted());
                }
                c if c.is_whitespace() => self.skip(),
                _ => return Err(self.error("invalid input")),
            }
        }
        Ok(Token::EOF)
    }

    fn scan_operator(&mut self) -> Result<Token<'a>, String> {
        if self.accept("!") {
            if self.accept("=") {
                return Ok(self.emit(TokenKind::NotEquals));
            }
            if self.accept("~") {
                return Ok(self.emit(TokenKind::NotMatches));
            }
            return Err(self.expected("=~"));
        }
        if self.accept("=") {
            if self.accept("~") {
                return Ok(self.emit(TokenKind::Matches));
            }
            return Ok(self.emit(TokenKind::Equals));
        }
        Err(self.expected("!="))
    }

    fn scan_quoted(&mut self) -> Result<Token<'a>, String> {
        if !self.accept("\"") {
            return Err(self.expected("\""));
        }
        let mut escaped = false;
        while let Some(c) = self.next() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                self.rewind();
                break;
            }
        }
        if !self.accept("\"") {
            return Err(self.error("missing end \""));
        }
        Ok(self.emit(TokenKind::Quoted))
    }

    fn scan_unquoted(&mut self) -> Token<'a> {
        while let Some(c) = self.next() {
            if is_reserved(c) {
                self.rewind();
                break;
            }
        }
        self.emit(TokenKind::Unquoted)
    }

    fn position(&self) -> Position {
        Position {
            offset_start: self.start,
            offset_end: self.pos,
            column_start: self.column,
            column_end: self.cols,
        }
    }

    /// `start:end: text: what` over the text scanned for the current token.
    fn error(&self, what: &str) -> String {
        let p = self.position();
        let text = self.input.get(p.offset_start..p.offset_end).unwrap_or("");
        format!("{}:{}: {text}: {what}", p.column_start, p.column_end)
    }

    /// Upstream's `expectedError`.
    fn expected(&self, expected: &str) -> String {
        let p = self.position();
        if p.offset_end >= self.input.len() {
            return format!(
                "{}:{}: unexpected end of input, expected one of '{expected}'",
                p.column_start, p.column_end
            );
        }
        self.error(&format!("expected one of '{expected}'"))
    }

    /// Consumes the next rune if it is one of `valid`.
    fn accept(&mut self, valid: &str) -> bool {
        match self.next() {
            Some(c) if valid.contains(c) => true,
            _ => {
                self.rewind();
                false
            }
        }
    }

    fn emit(&mut self, kind: TokenKind) -> Token<'a> {
        let token = Token {
            kind,
            value: self.input.get(self.start..self.pos).unwrap_or(""),
            pos: self.position(),
        };
        self.start = self.pos;
        self.column = self.cols;
        token
    }

    fn next(&mut self) -> Option<char> {
        let c = self.input.get(self.pos..).and_then(|s| s.chars().next());
        match c {
            Some(c) => {
                self.width = c.len_utf8();
                self.pos += self.width;
                self.cols += 1;
            }
            None => self.width = 0,
        }
        c
    }

    /// Steps back over the last rune read; a no-op after reading the end of input.
    fn rewind(&mut self) {
        self.pos = self.pos.saturating_sub(self.width);
        if self.width > 0 {
            self.cols = self.cols.saturating_sub(1);
        }
    }

    fn skip(&mut self) {
        self.start = self.pos;
        self.column = self.cols;
    }
}

/// Why the parser could not take a token: the end of input (which some states accept) or
/// a message.
enum Stop {
    Eof,
    Error(String),
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stop::Eof => f.write_str("end of input"),
            Stop::Error(msg) => f.write_str(msg),
        }
    }
}

/// States of upstream's parser automaton.
#[derive(Clone, Copy)]
enum State {
    OpenBrace,
    CloseBrace,
    Matcher,
    EndOfMatcher,
    Comma,
    Eof,
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    matchers: Vec<Matcher>,
    has_open_brace: bool,
}

/// Upstream's `parse.Matchers`: zero or more matchers, braces optional but paired.
pub(super) fn parse_matchers(input: &str) -> Result<Vec<Matcher>, String> {
    let mut p = Parser {
        lexer: Lexer::new(input),
        matchers: Vec::new(),
        has_open_brace: false,
    };
    let mut state = Some(State::OpenBrace);
    while let Some(s) = state {
        state = match s {
            State::OpenBrace => p.open_brace()?,
            State::CloseBrace => p.close_brace()?,
            State::Matcher => p.matcher()?,
            State::EndOfMatcher => p.end_of_matcher()?,
            State::Comma => p.comma()?,
            State::Eof => p.eof()?,
        };
    }
    Ok(p.matchers)
}

/// Upstream's `parse.Matcher`: exactly one matcher.
pub(super) fn parse_matcher(input: &str) -> Result<Matcher, String> {
    let mut matchers = parse_matchers(input)?;
    match matchers.len() {
        1 => matchers.pop().ok_or_else(|| "no matchers".to_string()),
        0 => Err("no matchers".into()),
        n => Err(format!("expected 1 matcher, found {n}")),
    }
}

type Step = Result<Option<State>, String>;

impl<'a> Parser<'a> {
    fn open_brace(&mut self) -> Step {
        match self.accept_peek(TokenKind::OpenBrace) {
            Err(Stop::Eof) => return Ok(Some(State::Eof)),
            Err(e) => return Err(e.to_string()),
            Ok(open) => {
                self.has_open_brace = open;
                if open {
                    self.lexer.scan()?;
                }
            }
        }
        match self.accept_peek(TokenKind::CloseBrace) {
            // Let the close-brace state report the missing brace.
            Err(Stop::Eof) | Ok(true) => Ok(Some(State::CloseBrace)),
            Err(e) => Err(e.to_string()),
            Ok(false) => Ok(Some(State::Matcher)),
        }
    }

    fn close_brace(&mut self) -> Step {
        let found = self.expect(&[TokenKind::CloseBrace]);
        let column = self.lexer.position().column_end;
        match found {
            Err(e) if self.has_open_brace => Err(format!("0:{column}: {e}: expected close brace")),
            Ok(_) if !self.has_open_brace => Err(format!("0:{column}: }}: expected opening brace")),
            _ => Ok(Some(State::Eof)),
        }
    }

    fn matcher(&mut self) -> Step {
        use TokenKind::*;
        let t = self
            .expect(&[Quoted, Unquoted])
            .map_err(|e| format!("{e}: expected label name"))?;
        let name = t.unquote().ok_or_else(|| invalid_input(&t))?;
        let t = self
            .expect(&[Equals, NotEquals, Matches, NotMatches])
            .map_err(|e| format!("{e}: expected an operator such as '=', '!=', '=~' or '!~'"))?;
        let kind = match t.kind {
            Equals => MatchType::Equal,
            NotEquals => MatchType::NotEqual,
            Matches => MatchType::Regexp,
            // NotMatches, the only kind left that expect() lets through.
            _ => MatchType::NotRegexp,
        };
        let t = self
            .expect(&[Unquoted, Quoted])
            .map_err(|e| format!("{e}: expected label value"))?;
        let value = t.unquote().ok_or_else(|| invalid_input(&t))?;
        let m = Matcher::new(kind, name, value)
            .map_err(|e| format!("failed to create matcher: {e}"))?;
        self.matchers.push(m);
        Ok(Some(State::EndOfMatcher))
    }

    fn end_of_matcher(&mut self) -> Step {
        match self.expect_peek(&[TokenKind::Comma, TokenKind::CloseBrace]) {
            Err(Stop::Eof) => Ok(Some(State::CloseBrace)),
            Err(e) => Err(format!("{e}: expected a comma or close brace")),
            Ok(t) if t.kind == TokenKind::Comma => Ok(Some(State::Comma)),
            Ok(_) => Ok(Some(State::CloseBrace)),
        }
    }

    fn comma(&mut self) -> Step {
        self.expect(&[TokenKind::Comma])
            .map_err(|e| format!("{e}: expected a comma"))?;
        let next = [
            TokenKind::CloseBrace,
            TokenKind::Unquoted,
            TokenKind::Quoted,
        ];
        match self.expect_peek(&next) {
            Err(Stop::Eof) => Ok(Some(State::CloseBrace)),
            Err(e) => Err(format!(
                "{e}: expected a matcher or close brace after comma"
            )),
            Ok(t) if t.kind == TokenKind::CloseBrace => Ok(Some(State::CloseBrace)),
            Ok(_) => Ok(Some(State::Matcher)),
        }
    }

    fn eof(&mut self) -> Step {
        let t = self
            .lexer
            .scan()
            .map_err(|e| format!("{e}: expected end of input"))?;
        if t.kind != TokenKind::Eof {
            let p = t.pos;
            return Err(format!(
                "{}:{}: {}: expected end of input",
                p.column_start, p.column_end, t.value
            ));
        }
        Ok(None)
    }

    /// Whether the next token is `kind`, without consuming it.
    fn accept_peek(&mut self, kind: TokenKind) -> Result<bool, Stop> {
        match self.lexer.peek().map_err(Stop::Error)? {
            t if t.kind == TokenKind::Eof => Err(Stop::Eof),
            t => Ok(t.kind == kind),
        }
    }

    /// The next token if it is one of `kinds`, consumed.
    fn expect(&mut self, kinds: &[TokenKind]) -> Result<Token<'a>, Stop> {
        let t = self.expect_peek(kinds)?;
        self.lexer.scan().map_err(Stop::Error)?;
        Ok(t)
    }

    /// The next token if it is one of `kinds`, not consumed.
    fn expect_peek(&mut self, kinds: &[TokenKind]) -> Result<Token<'a>, Stop> {
        let t = self.lexer.peek().map_err(Stop::Error)?;
        if t.kind == TokenKind::Eof {
            return Err(Stop::Eof);
        }
        if !kinds.contains(&t.kind) {
            let p = t.pos;
            return Err(Stop::Error(format!(
                "{}:{}: unexpected {}",
                p.column_start, p.column_end, t.value
            )));
        }
        Ok(t)
    }
}

fn invalid_input(t: &Token<'_>) -> String {
    format!(
        "{}:{}: {}: invalid input",
        t.pos.column_start, t.pos.column_end, t.value
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use MatchType::{Equal, NotEqual, NotRegexp, Regexp};
    use TokenKind::*;

    use crate::config::alertmanager::matchers::tests::m;

    fn tok(kind: TokenKind, value: &str, pos: [usize; 4]) -> Token<'_> {
        let [offset_start, offset_end, column_start, column_end] = pos;
        Token {
            kind,
            value,
            pos: Position {
                offset_start,
                offset_end,
                column_start,
                column_end,
            },
        }
    }

    /// Upstream matcher/parse/lexer_test.go TestLexer_Scan, every case: the tokens (with
    /// [offset start, offset end, column start, column end]) and then the error, if any.
    #[test]
    fn lexer_upstream_table() {
        type Case = (
            &'static str,
            &'static [(TokenKind, &'static str, [usize; 4])],
            &'static str,
        );
        let cases: &[Case] = &[
            ("", &[], ""),
            ("{", &[(OpenBrace, "{", [0, 1, 0, 1])], ""),
            (" {", &[(OpenBrace, "{", [1, 2, 1, 2])], ""),
            ("}", &[(CloseBrace, "}", [0, 1, 0, 1])], ""),
            (" }", &[(CloseBrace, "}", [1, 2, 1, 2])], ""),
            (
                "{}",
                &[
                    (OpenBrace, "{", [0, 1, 0, 1]),
                    (CloseBrace, "}", [1, 2, 1, 2]),
                ],
                "",
            ),
            (
                "{ }",
                &[
                    (OpenBrace, "{", [0, 1, 0, 1]),
                    (CloseBrace, "}", [2, 3, 2, 3]),
                ],
                "",
            ),
            ("hello", &[(Unquoted, "hello", [0, 5, 0, 5])], ""),
            (
                "hello_world",
                &[(Unquoted, "hello_world", [0, 11, 0, 11])],
                "",
            ),
            (
                "hello:world",
                &[(Unquoted, "hello:world", [0, 11, 0, 11])],
                "",
            ),
            (
                "hello0123456789",
                &[(Unquoted, "hello0123456789", [0, 15, 0, 15])],
                "",
            ),
            ("_hello", &[(Unquoted, "_hello", [0, 6, 0, 6])], ""),
            (
                "hello world",
                &[
                    (Unquoted, "hello", [0, 5, 0, 5]),
                    (Unquoted, "world", [6, 11, 6, 11]),
                ],
                "",
            ),
            ("\nhello", &[(Unquoted, "hello", [1, 6, 1, 6])], ""),
            ("hello\n", &[(Unquoted, "hello", [0, 5, 0, 5])], ""),
            ("\rhello", &[(Unquoted, "hello", [1, 6, 1, 6])], ""),
            (" hello", &[(Unquoted, "hello", [1, 6, 1, 6])], ""),
            ("hello ", &[(Unquoted, "hello", [0, 5, 0, 5])], ""),
            (
                "hello\nworld",
                &[
                    (Unquoted, "hello", [0, 5, 0, 5]),
                    (Unquoted, "world", [6, 11, 6, 11]),
                ],
                "",
            ),
            ("$", &[(Unquoted, "$", [0, 1, 0, 1])], ""),
            ("🙂", &[(Unquoted, "🙂", [0, 4, 0, 1])], ""),
            ("Σ", &[(Unquoted, "Σ", [0, 2, 0, 1])], ""),
            (
                "hello🙂Σ world",
                &[
                    (Unquoted, "hello🙂Σ", [0, 11, 0, 7]),
                    (Unquoted, "world", [12, 17, 8, 13]),
                ],
                "",
            ),
            (
                "hello🙂Σ\u{202f}world",
                &[
                    (Unquoted, "hello🙂Σ", [0, 11, 0, 7]),
                    (Unquoted, "world", [14, 19, 8, 13]),
                ],
                "",
            ),
            ("\"hello\"", &[(Quoted, "\"hello\"", [0, 7, 0, 7])], ""),
            (
                "\"hello 🙂\"",
                &[(Quoted, "\"hello 🙂\"", [0, 12, 0, 9])],
                "",
            ),
            (
                "\"hello world\"",
                &[(Quoted, "\"hello world\"", [0, 13, 0, 13])],
                "",
            ),
            (
                "\"hello\u{202f}world\"",
                &[(Quoted, "\"hello\u{202f}world\"", [0, 15, 0, 13])],
                "",
            ),
            (
                "\"hello\nworld\"",
                &[(Quoted, "\"hello\nworld\"", [0, 13, 0, 13])],
                "",
            ),
            (
                "\"hello\tworld\"",
                &[(Quoted, "\"hello\tworld\"", [0, 13, 0, 13])],
                "",
            ),
            ("\"\\d+\"", &[(Quoted, "\"\\d+\"", [0, 5, 0, 5])], ""),
            ("\"\\\\d+\"", &[(Quoted, "\"\\\\d+\"", [0, 6, 0, 6])], ""),
            (
                "\"hello \\\"world\\\"\"",
                &[(Quoted, "\"hello \\\"world\\\"\"", [0, 17, 0, 17])],
                "",
            ),
            (
                "\"hello world\\\\\"",
                &[(Quoted, "\"hello world\\\\\"", [0, 15, 0, 15])],
                "",
            ),
            ("\"\\n\"", &[(Quoted, "\"\\n\"", [0, 4, 0, 4])], ""),
            ("=", &[(Equals, "=", [0, 1, 0, 1])], ""),
            ("!=", &[(NotEquals, "!=", [0, 2, 0, 2])], ""),
            ("=~", &[(Matches, "=~", [0, 2, 0, 2])], ""),
            ("!~", &[(NotMatches, "!~", [0, 2, 0, 2])], ""),
            (
                "!",
                &[],
                "0:1: unexpected end of input, expected one of '=~'",
            ),
            ("~", &[], "0:1: ~: invalid input"),
            (
                "=!",
                &[(Equals, "=", [0, 1, 0, 1])],
                "1:2: unexpected end of input, expected one of '=~'",
            ),
            (
                "!=!!",
                &[(NotEquals, "!=", [0, 2, 0, 2])],
                "2:3: !: expected one of '=~'",
            ),
            (
                "hello!",
                &[(Unquoted, "hello", [0, 5, 0, 5])],
                "5:6: unexpected end of input, expected one of '=~'",
            ),
            ("\\n", &[], "0:1: \\: invalid input"),
            ("\\nhello", &[], "0:1: \\: invalid input"),
            (
                "hello\\n",
                &[(Unquoted, "hello", [0, 5, 0, 5])],
                "5:6: \\: invalid input",
            ),
            (
                "hello\\r",
                &[(Unquoted, "hello", [0, 5, 0, 5])],
                "5:6: \\: invalid input",
            ),
            ("\"hello", &[], "0:6: \"hello: missing end \""),
            ("\"hello\\\"", &[], "0:8: \"hello\\\": missing end \""),
        ];
        for &(input, tokens, err) in cases {
            let mut l = Lexer::new(input);
            for &(kind, value, pos) in tokens {
                assert_eq!(l.scan(), Ok(tok(kind, value, pos)), "{input:?}");
            }
            let last = l.scan();
            if err.is_empty() {
                assert_eq!(last, Ok(Token::EOF), "{input:?}");
            } else {
                assert_eq!(last, Err(err.to_string()), "{input:?}");
            }
        }
    }

    #[test]
    fn lexer_errors_stick_and_peek_does_not_consume() {
        // TestLexer_ScanError and TestLexer_PeekError.
        let mut l = Lexer::new("\"hello");
        for _ in 0..3 {
            assert_eq!(l.peek(), Err("0:6: \"hello: missing end \"".into()));
            assert_eq!(l.scan(), Err("0:6: \"hello: missing end \"".into()));
        }
        // TestLexer_Peek.
        let mut l = Lexer::new("hello world");
        let hello = tok(Unquoted, "hello", [0, 5, 0, 5]);
        let world = tok(Unquoted, "world", [6, 11, 6, 11]);
        assert_eq!(l.peek(), Ok(hello));
        assert_eq!(l.scan(), Ok(hello));
        for _ in 0..3 {
            assert_eq!(l.peek(), Ok(world));
        }
        assert_eq!(l.scan(), Ok(world));
        assert_eq!(l.peek(), Ok(Token::EOF));
        // TestLexer_Pos.
        let mut l = Lexer::new("hello🙂");
        assert_eq!(l.position(), Position::default());
        assert!(l.scan().is_ok());
        let end = Position {
            offset_start: 9,
            offset_end: 9,
            column_start: 6,
            column_end: 6,
        };
        assert_eq!(l.position(), end);
        assert_eq!(l.scan(), Ok(Token::EOF));
        assert_eq!(l.position(), end);
    }

    type Want = &'static [(MatchType, &'static str, &'static str)];

    /// Upstream matcher/parse/parse_test.go TestMatchers: accepted inputs.
    const ACCEPTED: &[(&str, Want)] = &[
        ("", &[]),
        ("{}", &[]),
        ("{foo=bar}", &[(Equal, "foo", "bar")]),
        ("{foo=bar,}", &[(Equal, "foo", "bar")]),
        ("{foo!=bar}", &[(NotEqual, "foo", "bar")]),
        ("{foo=~[a-z]+}", &[(Regexp, "foo", "[a-z]+")]),
        ("{foo!~[a-z]+}", &[(NotRegexp, "foo", "[a-z]+")]),
        ("{foo=🙂}", &[(Equal, "foo", "🙂")]),
        ("{foo=🙂bar}", &[(Equal, "foo", "🙂bar")]),
        ("foo=bar", &[(Equal, "foo", "bar")]),
        ("foo=bar,", &[(Equal, "foo", "bar")]),
        ("foo!=bar", &[(NotEqual, "foo", "bar")]),
        ("foo=~[a-z]+", &[(Regexp, "foo", "[a-z]+")]),
        ("foo!~[a-z]+", &[(NotRegexp, "foo", "[a-z]+")]),
        ("{\"foo\"=\"bar\"}", &[(Equal, "foo", "bar")]),
        ("{\"foo\"=\"bar\",}", &[(Equal, "foo", "bar")]),
        ("{\"foo\"!=\"bar\"}", &[(NotEqual, "foo", "bar")]),
        ("{\"foo\"=~\"[a-z]+\"}", &[(Regexp, "foo", "[a-z]+")]),
        ("{\"foo\"=~\"\\\\d+\"}", &[(Regexp, "foo", "\\d+")]),
        ("{\"foo\"!~\"[a-z]+\"}", &[(NotRegexp, "foo", "[a-z]+")]),
        ("{\"foo\"=\"🙂\"}", &[(Equal, "foo", "🙂")]),
        (
            "{\"foo\"=\"\\xf0\\x9f\\x99\\x82\"}",
            &[(Equal, "foo", "🙂")],
        ),
        ("{\"foo\"=\"\\U0001f642\"}", &[(Equal, "foo", "🙂")]),
        ("{\"foo\"=\"🙂bar\"}", &[(Equal, "foo", "🙂bar")]),
        ("{\"foo\"=\"bar\\n\"}", &[(Equal, "foo", "bar\n")]),
        ("{\"foo\"=\"bar\\t\"}", &[(Equal, "foo", "bar\t")]),
        ("{\"foo\"=\"\\\"bar\\\"\"}", &[(Equal, "foo", "\"bar\"")]),
        ("{\"foo\"=\"bar\\\\\"}", &[(Equal, "foo", "bar\\")]),
        ("\"foo\"=\"bar\"", &[(Equal, "foo", "bar")]),
        ("\"foo\"=\"bar\",", &[(Equal, "foo", "bar")]),
        (
            "{foo=bar,bar!=baz}",
            &[(Equal, "foo", "bar"), (NotEqual, "bar", "baz")],
        ),
        (
            "{foo=\"bar\",bar!=\"baz\"}",
            &[(Equal, "foo", "bar"), (NotEqual, "bar", "baz")],
        ),
        (
            "foo=bar,bar!=baz",
            &[(Equal, "foo", "bar"), (NotEqual, "bar", "baz")],
        ),
        (
            "foo=\"bar\",bar!=\"baz\"",
            &[(Equal, "foo", "bar"), (NotEqual, "bar", "baz")],
        ),
    ];

    fn build(want: Want) -> Vec<Matcher> {
        want.iter().map(|&(k, n, v)| m(k, n, v)).collect()
    }

    #[test]
    fn parser_upstream_table() {
        for &(input, want) in ACCEPTED {
            assert_eq!(parse_matchers(input), Ok(build(want)), "{input:?}");
        }
        let errors = [
            (",", "0:1: unexpected ,: expected label name"),
            ("{,}", "1:2: unexpected ,: expected label name"),
            ("{", "0:1: end of input: expected close brace"),
            ("}", "0:1: }: expected opening brace"),
            ("foo=bar}", "0:8: }: expected opening brace"),
            ("{foo=bar", "0:8: end of input: expected close brace"),
            (
                "{foo=:\"bar\"}",
                "6:11: unexpected \"bar\": expected a comma or close brace",
            ),
            ("{foo=\"bar\\w\"}", "5:12: \"bar\\w\": invalid input"),
            ("{\"foo\"=~\"\\d+\"}", "8:13: \"\\d+\": invalid input"),
            (
                "{foo=bar\\n}",
                "8:9: \\: invalid input: expected a comma or close brace",
            ),
            (
                "{\"foo\"=\"\\xf0\\x9f\"}",
                "7:17: \"\\xf0\\x9f\": invalid input",
            ),
        ];
        for (input, want) in errors {
            assert_eq!(
                parse_matchers(input).err().as_deref(),
                Some(want),
                "{input:?}"
            );
        }
    }

    #[test]
    fn single_matcher_upstream_table() {
        // Upstream TestMatcher: the accepted inputs with exactly one matcher, and the errors.
        for &(input, want) in ACCEPTED.iter().filter(|(_, w)| w.len() == 1) {
            assert_eq!(
                parse_matcher(input),
                Ok(build(want)[0].clone()),
                "{input:?}"
            );
        }
        let errors = [
            ("", "no matchers"),
            ("{}", "no matchers"),
            ("foo=bar,bar=baz", "expected 1 matcher, found 2"),
            ("foo=\"\\xf0\\x9f\"", "4:14: \"\\xf0\\x9f\": invalid input"),
        ];
        for (input, want) in errors {
            assert_eq!(
                parse_matcher(input).err().as_deref(),
                Some(want),
                "{input:?}"
            );
        }
    }

    #[test]
    fn parser_details() {
        assert_eq!(
            parse_matchers("{foo=~\"(a\"}").err().as_deref(),
            Some("failed to create matcher: error parsing regexp: missing closing ): `^(?:(a)$`")
        );
        assert_eq!(
            parse_matchers("foo").err().as_deref(),
            Some("end of input: expected an operator such as '=', '!=', '=~' or '!~'")
        );
        assert_eq!(
            parse_matchers("foo=").err().as_deref(),
            Some("end of input: expected label value")
        );
        assert_eq!(
            parse_matchers("foo=bar baz").err().as_deref(),
            Some("8:11: unexpected baz: expected a comma or close brace")
        );
        assert_eq!(
            parse_matchers("{foo=bar} x").err().as_deref(),
            Some("10:11: x: expected end of input")
        );
        assert_eq!(
            parse_matchers("{foo=bar} ~").err().as_deref(),
            Some("10:11: ~: invalid input: expected end of input")
        );
        assert_eq!(
            parse_matchers("a=b,,").err().as_deref(),
            Some("4:5: unexpected ,: expected a matcher or close brace after comma")
        );
        assert_eq!(
            parse_matchers("a='b'").err().as_deref(),
            Some("2:3: ': invalid input: expected label value")
        );
        // Go's strconv.Unquote rejects surrogate escapes and raw newlines.
        assert_eq!(
            parse_matchers("a=\"\\ud800\"").err().as_deref(),
            Some("2:10: \"\\ud800\": invalid input")
        );
        assert_eq!(
            parse_matchers("a=\"x\ny\"").err().as_deref(),
            Some("2:7: \"x\ny\": invalid input")
        );
        assert_eq!(
            parse_matchers("a=\"\\\\ud800\""),
            Ok(vec![m(Equal, "a", "\\ud800")])
        );
        // Unicode whitespace separates tokens; columns count runes.
        assert_eq!(
            parse_matchers("\u{3000}Σ\u{a0}=\u{2003}🙂"),
            Ok(vec![m(Equal, "Σ", "🙂")])
        );
        assert_eq!(
            parse_matchers("Σ=🙂 x").err().as_deref(),
            Some("4:5: unexpected x: expected a comma or close brace")
        );
    }
}

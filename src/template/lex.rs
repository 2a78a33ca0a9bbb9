//! Go's `text/template/parse` lexer: text and actions, with `{{- -}}` trimming and comments.

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// Plain text outside actions.
    Text(String),
    LeftDelim,
    RightDelim,
    /// `{{/* ... */}}`.
    Comment(String),
    Identifier(String),
    /// `.Name` (one link of a field chain).
    Field(String),
    /// `$` or `$name`.
    Variable(String),
    /// A string constant, already unquoted.
    Str(String),
    /// A character constant's code point.
    Char(char),
    /// A number as written.
    Number(String),
    /// Other printable ASCII, which no construct uses (the parser reports it).
    Punct(char),
    Bool(bool),
    Dot,
    Pipe,
    Declare,
    Assign,
    Comma,
    LeftParen,
    RightParen,
    Space,
    // Keywords.
    Block,
    Break,
    Continue,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
    Eof,
}

/// A token and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub pos: usize,
}

/// A lexing failure: Go's message and where.
#[derive(Debug, Clone, PartialEq)]
pub struct LexError {
    pub pos: usize,
    pub message: String,
}

const LEFT: &str = "{{";
const RIGHT: &str = "}}";
const LEFT_COMMENT: &str = "/*";
const RIGHT_COMMENT: &str = "*/";

/// Splits template source into tokens.
pub fn lex(src: &str) -> Result<Vec<Token>, LexError> {
    match lex_until_error(src) {
        (tokens, None) => Ok(tokens),
        (_, Some(e)) => Err(e),
    }
}

/// The tokens before the first lexing error (then an `Eof` where it is), and that error. Go's
/// parser reads tokens as the lexer makes them, so a parse error before the lexer's wins.
pub fn lex_until_error(src: &str) -> (Vec<Token>, Option<LexError>) {
    let mut l = Lexer {
        src,
        pos: 0,
        out: Vec::new(),
        paren_depth: 0,
    };
    match l.run() {
        Ok(()) => (l.out, None),
        Err(e) => {
            l.out.push(Token {
                tok: Tok::Eof,
                pos: e.pos,
            });
            (l.out, Some(e))
        }
    }
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    out: Vec<Token>,
    paren_depth: usize,
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

impl Lexer<'_> {
    fn rest(&self) -> &str {
        &self.src[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn emit(&mut self, tok: Tok, pos: usize) {
        self.out.push(Token { tok, pos });
    }

    fn err<T>(&self, pos: usize, message: impl Into<String>) -> Result<T, LexError> {
        Err(LexError {
            pos,
            message: message.into(),
        })
    }

    fn run(&mut self) -> Result<(), LexError> {
        loop {
            // Text up to the next action.
            let start = self.pos;
            let Some(i) = self.rest().find(LEFT) else {
                if self.pos < self.src.len() {
                    self.emit(Tok::Text(self.rest().to_string()), start);
                }
                self.pos = self.src.len();
                self.emit(Tok::Eof, self.pos);
                return Ok(());
            };
            let delim = self.pos + i;
            let after = &self.src[delim + LEFT.len()..];
            let trim_left = has_left_trim(after);
            let mut text = &self.src[self.pos..delim];
            if trim_left {
                text = text.trim_end_matches(is_space);
            }
            if !text.is_empty() {
                self.emit(Tok::Text(text.to_string()), start);
            }
            self.pos = delim + LEFT.len();
            if trim_left {
                self.pos += 2;
            }
            // A comment must follow the delimiter immediately.
            if self.rest().starts_with(LEFT_COMMENT) {
                self.comment(delim)?;
                continue;
            }
            self.emit(Tok::LeftDelim, delim);
            self.paren_depth = 0;
            self.inside_action()?;
        }
    }

    fn comment(&mut self, delim: usize) -> Result<(), LexError> {
        let body_start = self.pos + LEFT_COMMENT.len();
        let Some(end) = self.src[body_start..].find(RIGHT_COMMENT) else {
            return self.err(delim, "unclosed comment");
        };
        let body = self.src[body_start..body_start + end].to_string();
        self.pos = body_start + end + RIGHT_COMMENT.len();
        let (trim_right, close_len) = self.right_delim_here();
        if close_len == 0 {
            return self.err(delim, "comment ends before closing delimiter");
        }
        self.emit(Tok::Comment(body), delim);
        self.pos += close_len;
        if trim_right {
            self.trim_following_space();
        }
        Ok(())
    }

    /// Whether the right delimiter (optionally with ` -` trim marker) starts here, and its
    /// length.
    fn right_delim_here(&self) -> (bool, usize) {
        let r = self.rest();
        if let Some(after) = r.strip_prefix(" -").or_else(|| {
            r.strip_prefix("\t-")
                .or_else(|| r.strip_prefix("\r-"))
                .or_else(|| r.strip_prefix("\n-"))
        }) {
            if after.starts_with(RIGHT) {
                return (true, 2 + RIGHT.len());
            }
        }
        if r.starts_with(RIGHT) {
            return (false, RIGHT.len());
        }
        (false, 0)
    }

    fn trim_following_space(&mut self) {
        let trimmed = self.rest().trim_start_matches(is_space);
        self.pos = self.src.len() - trimmed.len();
    }

    fn inside_action(&mut self) -> Result<(), LexError> {
        loop {
            let (trim_right, close_len) = self.right_delim_here();
            if close_len > 0 && self.paren_depth > 0 {
                return self.err(self.pos, "unclosed left paren");
            }
            if close_len > 0 {
                let p = self.pos;
                if trim_right {
                    // The space before the marker is part of the delimiter.
                    self.emit(Tok::RightDelim, p + 2);
                } else {
                    self.emit(Tok::RightDelim, p);
                }
                self.pos += close_len;
                if trim_right {
                    self.trim_following_space();
                }
                return Ok(());
            }
            let start = self.pos;
            let Some(c) = self.peek() else {
                return self.err(start, "unclosed action");
            };
            match c {
                c if is_space(c) => self.space(start),
                '=' => {
                    self.pos += 1;
                    self.emit(Tok::Assign, start);
                }
                ':' => {
                    if !self.rest().starts_with(":=") {
                        return self.err(start, "expected :=");
                    }
                    self.pos += 2;
                    self.emit(Tok::Declare, start);
                }
                '|' => {
                    self.pos += 1;
                    self.emit(Tok::Pipe, start);
                }
                '"' => self.quote(start)?,
                '`' => self.raw_quote(start)?,
                '$' => self.field_or_variable(start, true)?,
                '\'' => self.char_const(start)?,
                '.' => {
                    // A number like .5, or a field, or dot alone.
                    let next = self.rest()[1..].chars().next();
                    if next.is_some_and(|n| n.is_ascii_digit()) {
                        self.number(start)?;
                    } else {
                        self.field_or_variable(start, false)?;
                    }
                }
                '+' | '-' | '0'..='9' => self.number(start)?,
                '(' => {
                    self.pos += 1;
                    self.paren_depth += 1;
                    self.emit(Tok::LeftParen, start);
                }
                ')' => {
                    if self.paren_depth == 0 {
                        return self.err(start, "unexpected right paren");
                    }
                    self.pos += 1;
                    self.paren_depth -= 1;
                    self.emit(Tok::RightParen, start);
                }
                ',' => {
                    self.pos += 1;
                    self.emit(Tok::Comma, start);
                }
                c if is_alnum(c) => self.identifier(start)?,
                c if c.is_ascii() && !c.is_ascii_control() => {
                    // Go emits a single-character item for other printable ASCII; the
                    // parser rejects it where it stands.
                    self.pos += 1;
                    self.emit(Tok::Punct(c), start);
                }
                c => {
                    return self.err(
                        start,
                        format!("unrecognized character in action: {}", go_char(c)),
                    )
                }
            }
        }
    }

    fn space(&mut self, start: usize) {
        // A space before a trim marker belongs to the delimiter.
        while let Some(c) = self.peek() {
            if !is_space(c) {
                break;
            }
            if self.right_delim_here().0 {
                break;
            }
            self.pos += c.len_utf8();
        }
        if self.pos > start {
            self.emit(Tok::Space, start);
        }
    }

    fn identifier(&mut self, start: usize) -> Result<(), LexError> {
        let word_len = self
            .rest()
            .find(|c: char| !is_alnum(c))
            .unwrap_or(self.rest().len());
        let word = &self.rest()[..word_len];
        let tok = match word {
            "block" => Tok::Block,
            "break" => Tok::Break,
            "continue" => Tok::Continue,
            "define" => Tok::Define,
            "else" => Tok::Else,
            "end" => Tok::End,
            "if" => Tok::If,
            "range" => Tok::Range,
            "nil" => Tok::Nil,
            "template" => Tok::Template,
            "with" => Tok::With,
            "true" => Tok::Bool(true),
            "false" => Tok::Bool(false),
            w => Tok::Identifier(w.to_string()),
        };
        self.pos += word_len;
        if !self.at_terminator() {
            let c = self.peek().unwrap_or(' ');
            return self.err(start, format!("bad character {}", go_char(c)));
        }
        self.emit(tok, start);
        Ok(())
    }

    /// Whether the next character can end a word.
    fn at_terminator(&self) -> bool {
        match self.peek() {
            None => true,
            Some(c) if is_space(c) => true,
            Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            _ => self.rest().starts_with(RIGHT),
        }
    }

    /// Go's `lexFieldOrVariable`: `.` or `$` alone, or followed by a name that must end at
    /// a terminator.
    fn field_or_variable(&mut self, start: usize, variable: bool) -> Result<(), LexError> {
        self.pos += 1;
        if self.at_terminator() {
            self.emit(
                if variable {
                    Tok::Variable("$".into())
                } else {
                    Tok::Dot
                },
                start,
            );
            return Ok(());
        }
        let len = self
            .rest()
            .find(|c: char| !is_alnum(c))
            .unwrap_or(self.rest().len());
        let name = self.rest()[..len].to_string();
        self.pos += len;
        if !self.at_terminator() {
            let c = self.peek().unwrap_or(' ');
            return self.err(start, format!("bad character {}", go_char(c)));
        }
        self.emit(
            if variable {
                Tok::Variable(format!("${name}"))
            } else {
                Tok::Field(name)
            },
            start,
        );
        Ok(())
    }

    /// A quoted literal starting here and ending at `close` (backslash escapes allowed, no
    /// newline): its text and the unquoted value.
    fn escaped_literal(
        &self,
        start: usize,
        close: u8,
        unterminated: &str,
    ) -> Result<(&str, String), LexError> {
        let bytes = self.src.as_bytes();
        let mut i = self.pos + 1;
        loop {
            match bytes.get(i) {
                None | Some(b'\n') => return self.err(start, unterminated),
                Some(b'\\') => i += 2,
                Some(&b) if b == close => break,
                Some(_) => i += 1,
            }
        }
        let lit = &self.src[self.pos..=i];
        let value = crate::gostr::unquote(lit).map_err(|_| LexError {
            pos: start,
            message: "invalid syntax".into(),
        })?;
        Ok((lit, value))
    }

    fn quote(&mut self, start: usize) -> Result<(), LexError> {
        let (lit, value) = self.escaped_literal(start, b'"', "unterminated quoted string")?;
        self.pos += lit.len();
        self.emit(Tok::Str(value), start);
        Ok(())
    }

    fn raw_quote(&mut self, start: usize) -> Result<(), LexError> {
        let Some(end) = self.src[self.pos + 1..].find('`') else {
            return self.err(start, "unterminated raw quoted string");
        };
        let value = self.src[self.pos + 1..self.pos + 1 + end].to_string();
        self.pos += end + 2;
        self.emit(Tok::Str(value), start);
        Ok(())
    }

    fn char_const(&mut self, start: usize) -> Result<(), LexError> {
        let (lit, value) = self.escaped_literal(start, b'\'', "unterminated character constant")?;
        let lit_len = lit.len();
        let mut chars = value.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            return self.err(start, format!("malformed character constant: {lit}"));
        };
        self.pos += lit_len;
        self.emit(Tok::Char(c), start);
        Ok(())
    }

    /// Go's `scanNumber`: sign, base prefix, digits, fraction, exponent, `i`; a letter or
    /// digit right after is a "bad number syntax" error naming the text up to it.
    fn number(&mut self, start: usize) -> Result<(), LexError> {
        let b = self.src.as_bytes();
        let mut i = self.pos;
        let accept = |i: &mut usize, set: &[u8]| -> bool {
            if b.get(*i).is_some_and(|c| set.contains(c)) {
                *i += 1;
                true
            } else {
                false
            }
        };
        let accept_run = |i: &mut usize, set: &[u8]| {
            while b.get(*i).is_some_and(|c| set.contains(c)) {
                *i += 1;
            }
        };
        const DEC: &[u8] = b"0123456789_";
        const HEX: &[u8] = b"0123456789abcdefABCDEF_";
        accept(&mut i, b"+-");
        let mut digits = DEC;
        if accept(&mut i, b"0") {
            if accept(&mut i, b"xX") {
                digits = HEX;
            } else if accept(&mut i, b"oO") {
                digits = b"01234567_";
            } else if accept(&mut i, b"bB") {
                digits = b"01_";
            }
        }
        accept_run(&mut i, digits);
        if accept(&mut i, b".") {
            accept_run(&mut i, digits);
        }
        if digits == DEC && accept(&mut i, b"eE") {
            accept(&mut i, b"+-");
            accept_run(&mut i, DEC);
        }
        if digits == HEX && accept(&mut i, b"pP") {
            accept(&mut i, b"+-");
            accept_run(&mut i, DEC);
        }
        accept(&mut i, b"i");
        let next = self.src[i..].chars().next();
        if next.is_some_and(is_alnum) {
            let end = i + next.map_or(0, char::len_utf8);
            return self.err(
                start,
                format!(
                    "bad number syntax: {}",
                    crate::gostr::quote(&self.src[start..end])
                ),
            );
        }
        let text = self.src[self.pos..i].to_string();
        self.pos = i;
        self.emit(Tok::Number(text), start);
        Ok(())
    }
}

/// Whether an action's text starts with Go's left trim marker (`-` then a space).
fn has_left_trim(after_delim: &str) -> bool {
    let mut chars = after_delim.chars();
    chars.next() == Some('-') && chars.next().is_some_and(is_space)
}

/// A character as Go's `%#U` would name it in lexer errors, e.g. `U+0040 '@'`.
fn go_char(c: char) -> String {
    format!("U+{:04X} '{c}'", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        lex(src)
            .expect("lexes")
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    #[test]
    fn text_and_actions() {
        assert_eq!(
            toks("a {{ .B.c | f \"x\" 1.5 $v }}z"),
            vec![
                Tok::Text("a ".into()),
                Tok::LeftDelim,
                Tok::Space,
                Tok::Field("B".into()),
                Tok::Field("c".into()),
                Tok::Space,
                Tok::Pipe,
                Tok::Space,
                Tok::Identifier("f".into()),
                Tok::Space,
                Tok::Str("x".into()),
                Tok::Space,
                Tok::Number("1.5".into()),
                Tok::Space,
                Tok::Variable("$v".into()),
                Tok::Space,
                Tok::RightDelim,
                Tok::Text("z".into()),
                Tok::Eof,
            ]
        );
    }

    #[test]
    fn trim_markers_and_comments() {
        assert_eq!(
            toks("a  {{- 1 -}}  b {{/* c */}}d{{- /* e */ -}} f"),
            vec![
                Tok::Text("a".into()),
                Tok::LeftDelim,
                Tok::Number("1".into()),
                Tok::RightDelim,
                Tok::Text("b ".into()),
                Tok::Comment(" c ".into()),
                Tok::Text("d".into()),
                Tok::Comment(" e ".into()),
                Tok::Text("f".into()),
                Tok::Eof,
            ]
        );
        // `{{-3}}` is the number -3, not a trim marker.
        assert_eq!(toks("{{-3}}")[1], Tok::Number("-3".into()));
    }

    #[test]
    fn keywords_variables_and_declarations() {
        assert_eq!(
            toks("{{range $i, $e := .}}{{end}}"),
            vec![
                Tok::LeftDelim,
                Tok::Range,
                Tok::Space,
                Tok::Variable("$i".into()),
                Tok::Comma,
                Tok::Space,
                Tok::Variable("$e".into()),
                Tok::Space,
                Tok::Declare,
                Tok::Space,
                Tok::Dot,
                Tok::RightDelim,
                Tok::LeftDelim,
                Tok::End,
                Tok::RightDelim,
                Tok::Eof,
            ]
        );
    }

    #[test]
    fn errors() {
        assert_eq!(lex("{{ .a").unwrap_err().message, "unclosed action");
        assert_eq!(
            lex("{{ \"a }}").unwrap_err().message,
            "unterminated quoted string"
        );
        assert_eq!(lex("{{/* a }}").unwrap_err().message, "unclosed comment");
        assert_eq!(lex("{{ (a }}").unwrap_err().message, "unclosed left paren");
        assert_eq!(
            lex("{{ humanizeDuration 5m }}").unwrap_err().message,
            "bad number syntax: \"5m\""
        );
        assert_eq!(
            lex("{{ $labels.foo-bar }}").unwrap_err().message,
            "bad character U+002D '-'"
        );
        assert_eq!(
            lex("{{$x=1}}").unwrap_err().message,
            "bad character U+003D '='"
        );
        assert_eq!(
            toks("{{0x1p-2 1_000 -3 .5}}")[1],
            Tok::Number("0x1p-2".into())
        );
    }
}

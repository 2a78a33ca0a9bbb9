//! PromQL lexer.
//!
//! A state machine with the same modes as Prometheus's lexer (statements, inside braces, inside a
//! duration expression after `[`), so that the same inputs are accepted and the same lexical
//! errors are reported at the same byte offsets. Tokens carry byte spans into the input.

use std::fmt;

/// Token kinds. Grouped like Prometheus's item types because error messages render operators,
/// aggregators and keywords differently (`<op:+>`, `<aggr:sum>`, `<by>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Eof,
    Error,
    Comment,
    Identifier,
    MetricIdentifier,
    Number,
    Duration,
    String,
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Comma,
    Assign,
    Colon,
    // Operators.
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Eqlc,
    Neq,
    Lte,
    Lss,
    Gte,
    Gtr,
    TrimUpper,
    TrimLower,
    EqlRegex,
    NeqRegex,
    Land,
    Lor,
    Lunless,
    Atan2,
    At,
    // Aggregators.
    Avg,
    Bottomk,
    Count,
    CountValues,
    Group,
    Max,
    Min,
    Quantile,
    Stddev,
    Stdvar,
    Sum,
    Topk,
    Limitk,
    LimitRatio,
    // Keywords.
    Bool,
    By,
    GroupLeft,
    GroupRight,
    Fill,
    FillLeft,
    FillRight,
    Ignoring,
    Offset,
    Smoothed,
    Anchored,
    On,
    Without,
    // Preprocessors (`@ start()`, duration expression functions).
    Start,
    End,
    Step,
    Range,
    MaxOf,
    MinOf,
}

use TokenKind as K;

impl TokenKind {
    pub fn is_operator(self) -> bool {
        matches!(
            self,
            K::Add
                | K::Sub
                | K::Mul
                | K::Div
                | K::Mod
                | K::Pow
                | K::Eqlc
                | K::Neq
                | K::Lte
                | K::Lss
                | K::Gte
                | K::Gtr
                | K::TrimUpper
                | K::TrimLower
                | K::EqlRegex
                | K::NeqRegex
                | K::Land
                | K::Lor
                | K::Lunless
                | K::Atan2
                | K::At
        )
    }

    pub fn is_aggregator(self) -> bool {
        matches!(
            self,
            K::Avg
                | K::Bottomk
                | K::Count
                | K::CountValues
                | K::Group
                | K::Max
                | K::Min
                | K::Quantile
                | K::Stddev
                | K::Stdvar
                | K::Sum
                | K::Topk
                | K::Limitk
                | K::LimitRatio
        )
    }

    pub fn is_keyword(self) -> bool {
        matches!(
            self,
            K::Bool
                | K::By
                | K::GroupLeft
                | K::GroupRight
                | K::Fill
                | K::FillLeft
                | K::FillRight
                | K::Ignoring
                | K::Offset
                | K::Smoothed
                | K::Anchored
                | K::On
                | K::Without
        )
    }

    pub fn is_comparison(self) -> bool {
        matches!(self, K::Eqlc | K::Neq | K::Lte | K::Lss | K::Gte | K::Gtr)
    }

    pub fn is_set_operator(self) -> bool {
        matches!(self, K::Land | K::Lor | K::Lunless)
    }

    /// The canonical spelling of tokens that have one (operators, keywords, punctuation).
    pub fn canonical(self) -> Option<&'static str> {
        Some(match self {
            K::LeftParen => "(",
            K::RightParen => ")",
            K::LeftBrace => "{",
            K::RightBrace => "}",
            K::LeftBracket => "[",
            K::RightBracket => "]",
            K::Comma => ",",
            K::Assign => "=",
            K::Colon => ":",
            K::Add => "+",
            K::Sub => "-",
            K::Mul => "*",
            K::Div => "/",
            K::Mod => "%",
            K::Pow => "^",
            K::Eqlc => "==",
            K::Neq => "!=",
            K::Lte => "<=",
            K::Lss => "<",
            K::Gte => ">=",
            K::Gtr => ">",
            K::TrimUpper => "</",
            K::TrimLower => ">/",
            K::EqlRegex => "=~",
            K::NeqRegex => "!~",
            K::Land => "and",
            K::Lor => "or",
            K::Lunless => "unless",
            K::Atan2 => "atan2",
            K::At => "@",
            K::Avg => "avg",
            K::Bottomk => "bottomk",
            K::Count => "count",
            K::CountValues => "count_values",
            K::Group => "group",
            K::Max => "max",
            K::Min => "min",
            K::Quantile => "quantile",
            K::Stddev => "stddev",
            K::Stdvar => "stdvar",
            K::Sum => "sum",
            K::Topk => "topk",
            K::Limitk => "limitk",
            K::LimitRatio => "limit_ratio",
            K::Bool => "bool",
            K::By => "by",
            K::GroupLeft => "group_left",
            K::GroupRight => "group_right",
            K::Fill => "fill",
            K::FillLeft => "fill_left",
            K::FillRight => "fill_right",
            K::Ignoring => "ignoring",
            K::Offset => "offset",
            K::Smoothed => "smoothed",
            K::Anchored => "anchored",
            K::On => "on",
            K::Without => "without",
            K::Start => "start",
            K::End => "end",
            K::Step => "step",
            K::Range => "range",
            K::MaxOf => "max_of",
            K::MinOf => "min_of",
            _ => return None,
        })
    }

    /// Prometheus's description of token kinds without a canonical spelling.
    fn kind_desc(self) -> &'static str {
        match self {
            K::Error => "error",
            K::Eof => "end of input",
            K::Comment => "comment",
            K::Identifier => "identifier",
            K::MetricIdentifier => "metric identifier",
            K::String => "string",
            K::Number => "number",
            K::Duration => "duration",
            _ => "token",
        }
    }
}

impl fmt::Display for TokenKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.canonical() {
            Some(s) => f.write_str(s),
            None => f.write_str(self.kind_desc()),
        }
    }
}

/// Looks up a (case-insensitive) keyword. `inf` and `nan` are numbers.
fn keyword(word: &str) -> Option<TokenKind> {
    let lower = word.to_ascii_lowercase();
    Some(match lower.as_str() {
        "and" => K::Land,
        "or" => K::Lor,
        "unless" => K::Lunless,
        "atan2" => K::Atan2,
        "sum" => K::Sum,
        "avg" => K::Avg,
        "count" => K::Count,
        "min" => K::Min,
        "max" => K::Max,
        "group" => K::Group,
        "stddev" => K::Stddev,
        "stdvar" => K::Stdvar,
        "topk" => K::Topk,
        "bottomk" => K::Bottomk,
        "count_values" => K::CountValues,
        "quantile" => K::Quantile,
        "limitk" => K::Limitk,
        "limit_ratio" => K::LimitRatio,
        "offset" => K::Offset,
        "smoothed" => K::Smoothed,
        "anchored" => K::Anchored,
        "by" => K::By,
        "without" => K::Without,
        "on" => K::On,
        "ignoring" => K::Ignoring,
        "group_left" => K::GroupLeft,
        "group_right" => K::GroupRight,
        "fill" => K::Fill,
        "fill_left" => K::FillLeft,
        "fill_right" => K::FillRight,
        "bool" => K::Bool,
        "start" => K::Start,
        "end" => K::End,
        "step" => K::Step,
        "range" => K::Range,
        "max_of" => K::MaxOf,
        "min_of" => K::MinOf,
        "inf" | "nan" => K::Number,
        _ => return None,
    })
}

fn duration_keyword(word: &str) -> Option<TokenKind> {
    match word.to_ascii_lowercase().as_str() {
        "step" => Some(K::Step),
        "range" => Some(K::Range),
        "max_of" => Some(K::MaxOf),
        "min_of" => Some(K::MinOf),
        _ => None,
    }
}

fn is_duration_keyword_start(c: char) -> bool {
    matches!(c.to_ascii_lowercase(), 's' | 'r' | 'm')
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

impl Token {
    pub fn text<'a>(&self, input: &'a str) -> &'a str {
        input.get(self.start..self.end).unwrap_or("")
    }

    /// How Prometheus names this token in "unexpected ..." messages.
    pub fn describe(&self, input: &str) -> String {
        let text = self.text(input);
        if self.kind.canonical().is_some() {
            if self.kind.is_keyword() {
                format!("<{text}>")
            } else if self.kind.is_operator() {
                format!("<op:{text}>")
            } else if self.kind.is_aggregator() {
                format!("<aggr:{text}>")
            } else {
                go_quote_trunc(text)
            }
        } else if self.kind == K::Eof {
            "end of input".to_string()
        } else if matches!(self.kind, K::Identifier | K::MetricIdentifier) {
            format!("{} {}", self.kind.kind_desc(), crate::gostr::quote(text))
        } else {
            format!("{} {}", self.kind.kind_desc(), go_quote_trunc(text))
        }
    }
}

/// Go's `%q`, or `%.10q...` for values longer than ten bytes, as Prometheus prints items.
fn go_quote_trunc(s: &str) -> String {
    if s.len() > 10 {
        let cut: String = s.chars().take(10).collect();
        format!("{}...", crate::gostr::quote(&cut))
    } else {
        crate::gostr::quote(s)
    }
}

/// A lexical error: where the offending item starts, and Prometheus's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexError {
    pub start: usize,
    pub msg: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Statements,
    InsideBraces,
    DurationExpr,
    Str(char),
    RawStr(char),
    Done,
}

/// Splits the input into tokens. Stops after the first error; the error is returned with the
/// tokens produced before it (the parser reports it when it reaches that point).
pub fn tokenize(input: &str) -> (Vec<Token>, Option<LexError>) {
    let mut lx = Lexer::new(input);
    let mut tokens = Vec::new();
    loop {
        match lx.next_token() {
            Ok(tok) => {
                let eof = tok.kind == K::Eof;
                if tok.kind != K::Comment {
                    tokens.push(tok);
                }
                if eof {
                    return (tokens, None);
                }
            }
            Err(e) => return (tokens, Some(e)),
        }
    }
}

struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    state: State,
    paren_depth: i64,
    brace_open: bool,
    bracket_open: bool,
    got_colon: bool,
    got_duration: bool,
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn is_alpha(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic()
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

fn is_alnum(c: char) -> bool {
    is_alpha(c) || is_digit(c)
}

/// Go's `%q` of a single rune, as used in lexer messages (`'x'`).
fn quote_rune(c: char) -> String {
    let q = crate::gostr::quote(c.encode_utf8(&mut [0; 4]));
    let inner = &q[1..q.len() - 1];
    let inner = if c == '"' {
        "\"".to_string()
    } else if c == '\'' {
        "\\'".to_string()
    } else {
        inner.to_string()
    };
    format!("'{inner}'")
}

/// Go's `%#U` of a rune: `U+0063 'c'`, or just `U+0007` when not printable.
fn format_rune_u(c: char) -> String {
    if crate::gostr::is_print(c) {
        format!("U+{:04X} '{}'", c as u32, c)
    } else {
        format!("U+{:04X}", c as u32)
    }
}

impl<'a> Lexer<'a> {
    fn new(input: &'a str) -> Self {
        Lexer {
            input,
            pos: 0,
            start: 0,
            state: State::Statements,
            paren_depth: 0,
            brace_open: false,
            bracket_open: false,
            got_colon: false,
            got_duration: false,
        }
    }

    fn peek(&self) -> Option<char> {
        self.input[self.pos..].chars().next()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.peek() {
            Some(c) if valid.contains(c) => {
                self.pos += c.len_utf8();
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while self.accept(valid) {}
    }

    fn emit(&mut self, kind: TokenKind) -> Token {
        let t = Token {
            kind,
            start: self.start,
            end: self.pos,
        };
        self.start = self.pos;
        t
    }

    fn error(&mut self, msg: String) -> LexError {
        self.state = State::Done;
        LexError {
            start: self.start,
            msg,
        }
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(c) if is_space(c)) {
            self.pos += 1;
        }
        self.start = self.pos;
    }

    fn next_token(&mut self) -> Result<Token, LexError> {
        loop {
            let res = match self.state {
                State::Done => return Ok(self.emit(K::Eof)),
                State::Statements => self.lex_statements(),
                State::InsideBraces => self.lex_inside_braces(),
                State::DurationExpr => self.lex_duration_expr(),
                State::Str(q) => self.lex_string(q),
                State::RawStr(q) => self.lex_raw_string(q),
            };
            if let Some(tok) = res? {
                return Ok(tok);
            }
        }
    }

    fn lex_line_comment(&mut self) -> Token {
        self.pos += 1;
        while let Some(c) = self.peek() {
            if c == '\r' || c == '\n' {
                break;
            }
            self.pos += c.len_utf8();
        }
        self.emit(K::Comment)
    }

    fn lex_statements(&mut self) -> Result<Option<Token>, LexError> {
        if self.brace_open {
            self.state = State::InsideBraces;
            return Ok(None);
        }
        if self.input[self.pos..].starts_with('#') {
            return Ok(Some(self.lex_line_comment()));
        }
        let Some(r) = self.next() else {
            if self.paren_depth != 0 {
                return Err(self.error("unclosed left parenthesis".into()));
            }
            if self.bracket_open {
                return Err(self.error("unclosed left bracket".into()));
            }
            self.state = State::Done;
            return Ok(Some(self.emit(K::Eof)));
        };
        let tok = match r {
            ',' => self.emit(K::Comma),
            c if is_space(c) => {
                self.skip_spaces();
                return Ok(None);
            }
            '*' => self.emit(K::Mul),
            '/' => self.emit(K::Div),
            '%' => self.emit(K::Mod),
            '+' => self.emit(K::Add),
            '-' => self.emit(K::Sub),
            '^' => self.emit(K::Pow),
            '=' => match self.peek() {
                Some('=') => {
                    self.next();
                    self.emit(K::Eqlc)
                }
                Some('~') => {
                    return Err(self.error("unexpected character after '=': '~'".into()));
                }
                _ => self.emit(K::Assign),
            },
            '!' => match self.next() {
                Some('=') => self.emit(K::Neq),
                t => {
                    let msg = format!(
                        "unexpected character after '!': {}",
                        quote_rune(t.unwrap_or('\u{FFFD}'))
                    );
                    return Err(self.error(msg));
                }
            },
            '<' => {
                if self.accept("=") {
                    self.emit(K::Lte)
                } else if self.accept("/") {
                    self.emit(K::TrimUpper)
                } else {
                    self.emit(K::Lss)
                }
            }
            '>' => {
                if self.accept("=") {
                    self.emit(K::Gte)
                } else if self.accept("/") {
                    self.emit(K::TrimLower)
                } else {
                    self.emit(K::Gtr)
                }
            }
            c if is_digit(c) || (c == '.' && self.peek().is_some_and(is_digit)) => {
                self.pos -= 1;
                return self.lex_number_or_duration().map(Some);
            }
            '"' | '\'' => {
                self.state = State::Str(r);
                return Ok(None);
            }
            '`' => {
                self.state = State::RawStr(r);
                return Ok(None);
            }
            c if is_alpha(c) || c == ':' => {
                if !self.bracket_open {
                    self.pos -= 1;
                    return Ok(Some(self.lex_keyword_or_identifier()));
                }
                if c == ':' {
                    if self.got_colon {
                        return Err(self.error("unexpected colon ':'".into()));
                    }
                    self.got_colon = true;
                    return Ok(Some(self.emit(K::Colon)));
                }
                if is_duration_keyword_start(c) {
                    if let Some(t) = self.scan_duration_keyword() {
                        return Ok(Some(t));
                    }
                }
                return Err(self.error(format!(
                    "unexpected character: {}, expected ':'",
                    quote_rune(c)
                )));
            }
            '(' => {
                self.paren_depth += 1;
                self.emit(K::LeftParen)
            }
            ')' => {
                let t = self.emit(K::RightParen);
                self.paren_depth -= 1;
                if self.paren_depth < 0 {
                    return Err(self.error("unexpected right parenthesis ')'".into()));
                }
                t
            }
            '{' => {
                self.brace_open = true;
                self.state = State::InsideBraces;
                self.emit(K::LeftBrace)
            }
            '[' => {
                if self.bracket_open {
                    return Err(self.error("unexpected left bracket '['".into()));
                }
                self.got_colon = false;
                let t = self.emit(K::LeftBracket);
                self.skip_spaces();
                self.bracket_open = true;
                self.state = State::DurationExpr;
                t
            }
            ']' => {
                if !self.bracket_open {
                    return Err(self.error("unexpected right bracket ']'".into()));
                }
                self.bracket_open = false;
                self.emit(K::RightBracket)
            }
            '@' => self.emit(K::At),
            c => {
                return Err(self.error(format!("unexpected character: {}", quote_rune(c))));
            }
        };
        Ok(Some(tok))
    }

    fn lex_inside_braces(&mut self) -> Result<Option<Token>, LexError> {
        if self.input[self.pos..].starts_with('#') {
            return Ok(Some(self.lex_line_comment()));
        }
        let Some(r) = self.next() else {
            return Err(self.error("unexpected end of input inside braces".into()));
        };
        let tok = match r {
            c if is_space(c) => {
                self.skip_spaces();
                return Ok(None);
            }
            c if is_alpha(c) => {
                while matches!(self.peek(), Some(c) if is_alnum(c)) {
                    self.pos += 1;
                }
                self.emit(K::Identifier)
            }
            ',' => self.emit(K::Comma),
            '"' | '\'' => {
                self.state = State::Str(r);
                return Ok(None);
            }
            '`' => {
                self.state = State::RawStr(r);
                return Ok(None);
            }
            '=' => {
                if self.accept("~") {
                    self.emit(K::EqlRegex)
                } else {
                    self.emit(K::Assign)
                }
            }
            '!' => match self.next() {
                Some('~') => self.emit(K::NeqRegex),
                Some('=') => self.emit(K::Neq),
                t => {
                    let msg = format!(
                        "unexpected character after '!' inside braces: {}",
                        quote_rune(t.unwrap_or('\u{FFFD}'))
                    );
                    return Err(self.error(msg));
                }
            },
            '{' => return Err(self.error("unexpected left brace '{'".into())),
            '}' => {
                self.brace_open = false;
                self.state = State::Statements;
                self.emit(K::RightBrace)
            }
            c => {
                return Err(self.error(format!(
                    "unexpected character inside braces: {}",
                    quote_rune(c)
                )));
            }
        };
        Ok(Some(tok))
    }

    fn lex_duration_expr(&mut self) -> Result<Option<Token>, LexError> {
        let Some(r) = self.next() else {
            return Err(self.error("unexpected end of input in duration expression".into()));
        };
        let tok = match r {
            ']' => {
                self.bracket_open = false;
                self.got_colon = false;
                self.state = State::Statements;
                self.emit(K::RightBracket)
            }
            ':' => {
                let t = self.emit(K::Colon);
                if !self.got_duration {
                    return Err(self
                        .error("unexpected colon before duration in duration expression".into()));
                }
                if self.got_colon {
                    return Err(
                        self.error("unexpected repeated colon in duration expression".into())
                    );
                }
                self.got_colon = true;
                t
            }
            '(' => {
                self.paren_depth += 1;
                self.emit(K::LeftParen)
            }
            ')' => {
                let t = self.emit(K::RightParen);
                self.paren_depth -= 1;
                if self.paren_depth < 0 {
                    return Err(self.error("unexpected right parenthesis ')'".into()));
                }
                t
            }
            c if is_space(c) => {
                self.skip_spaces();
                return Ok(None);
            }
            '+' => self.emit(K::Add),
            '-' => self.emit(K::Sub),
            '*' => self.emit(K::Mul),
            '/' => self.emit(K::Div),
            '%' => self.emit(K::Mod),
            '^' => self.emit(K::Pow),
            ',' => self.emit(K::Comma),
            c if is_duration_keyword_start(c) => match self.scan_duration_keyword() {
                Some(t) => t,
                None => {
                    return Err(self.error(format!(
                        "unexpected character in duration expression: {}",
                        quote_rune(c)
                    )))
                }
            },
            c if is_digit(c) || (c == '.' && self.peek().is_some_and(is_digit)) => {
                self.pos -= 1;
                self.got_duration = true;
                self.state = State::Statements;
                return self.lex_number_or_duration().map(Some);
            }
            c => {
                return Err(self.error(format!(
                    "unexpected character in duration expression: {}",
                    quote_rune(c)
                )))
            }
        };
        Ok(Some(tok))
    }

    /// Reads an alphabetic word after its first letter and emits it if it is a duration keyword.
    fn scan_duration_keyword(&mut self) -> Option<Token> {
        while matches!(self.peek(), Some(c) if is_alpha(c)) {
            self.pos += 1;
        }
        let word = &self.input[self.start..self.pos];
        duration_keyword(word).map(|k| self.emit(k))
    }

    fn lex_string(&mut self, quote: char) -> Result<Option<Token>, LexError> {
        loop {
            match self.next() {
                Some('\\') => self.lex_escape(quote)?,
                Some('\u{FFFD}') => {
                    // Only a genuine U+FFFD in the input can get here (Rust strings are valid UTF-8),
                    // which Go's decoder reports as an invalid rune too.
                    return Err(self.error("invalid UTF-8 rune".into()));
                }
                None | Some('\n') => return Err(self.error("unterminated quoted string".into())),
                Some(c) if c == quote => break,
                Some(_) => {}
            }
        }
        self.state = if self.brace_open {
            State::InsideBraces
        } else {
            State::Statements
        };
        Ok(Some(self.emit(K::String)))
    }

    fn lex_raw_string(&mut self, quote: char) -> Result<Option<Token>, LexError> {
        loop {
            match self.next() {
                Some('\u{FFFD}') => return Err(self.error("invalid UTF-8 rune".into())),
                None => return Err(self.error("unterminated raw string".into())),
                Some(c) if c == quote => break,
                Some(_) => {}
            }
        }
        self.state = if self.brace_open {
            State::InsideBraces
        } else {
            State::Statements
        };
        Ok(Some(self.emit(K::String)))
    }

    /// Validates an escape sequence; the backslash has been consumed.
    fn lex_escape(&mut self, quote: char) -> Result<(), LexError> {
        let ch = self.next();
        let (mut n, base, max): (u32, u32, u32) = match ch {
            Some('a' | 'b' | 'f' | 'n' | 'r' | 't' | 'v' | '\\') => return Ok(()),
            Some(c) if c == quote => return Ok(()),
            Some('0'..='7') => (3, 8, 255),
            Some('x') => (2, 16, 255),
            Some('u') => (4, 16, 0x10FFFF),
            Some('U') => (8, 16, 0x10FFFF),
            None => return Err(self.error("escape sequence not terminated".into())),
            Some(c) => {
                return Err(self.error(format!("unknown escape sequence {}", format_rune_u(c))))
            }
        };
        let mut cur = if matches!(ch, Some('x' | 'u' | 'U')) {
            self.next()
        } else {
            ch
        };
        let mut x: u32 = 0;
        while n > 0 {
            let d = cur.and_then(|c| c.to_digit(16)).unwrap_or(16);
            if d >= base {
                return Err(match cur {
                    None => self.error("escape sequence not terminated".into()),
                    Some(c) => self.error(format!(
                        "illegal character {} in escape sequence",
                        format_rune_u(c)
                    )),
                });
            }
            x = x.wrapping_mul(base).wrapping_add(d);
            n -= 1;
            if n > 0 {
                cur = self.next();
            }
        }
        if x > max || (0xD800..0xE000).contains(&x) {
            return Err(self.error("escape sequence is an invalid Unicode code point".into()));
        }
        Ok(())
    }

    fn lex_number_or_duration(&mut self) -> Result<Token, LexError> {
        if self.scan_number() {
            return Ok(self.emit(K::Number));
        }
        if self.accept_remaining_duration() {
            return Ok(self.emit(K::Duration));
        }
        let text = self.input[self.start..self.pos].to_string();
        Err(self.error(format!(
            "bad number or duration syntax: {}",
            crate::gostr::quote(&text)
        )))
    }

    /// Consumes duration units after the leading number; leaves `pos` after the duration when it
    /// is one (the caller emits it).
    fn accept_remaining_duration(&mut self) -> bool {
        if !self.accept("smhdwy") {
            return false;
        }
        self.accept("s");
        while self.accept("0123456789") {
            self.accept_run("0123456789");
            if !self.accept("smhdw") {
                return false;
            }
            self.accept("s");
        }
        // The next rune must not continue an identifier. Prometheus consumes it and backs up,
        // which moves the error position past it on failure.
        match self.peek() {
            Some(c) if is_alnum(c) => {
                self.pos += c.len_utf8();
                false
            }
            _ => true,
        }
    }

    /// Scans a number literal in any of PromQL's forms; reports whether it is valid and not
    /// followed by an identifier character (in which case it may be a duration).
    fn scan_number(&mut self) -> bool {
        let initial = self.pos;
        let mut digits = "0123456789";
        let mut hex = false;
        if self.accept("0") && self.accept("xX") {
            self.accept("_");
            digits = "0123456789abcdefABCDEF";
            hex = true;
        }
        self.accept(".");
        self.accept(digits);
        let mut dot_seen = false;
        let mut exp_seen = false;
        while let Some(c) = self.peek() {
            if !(digits.contains(c) || matches!(c, '.' | '_' | 'e' | 'E')) {
                break;
            }
            if c == '.' && dot_seen {
                self.pos += 1;
                return false;
            }
            if (c == 'e' || c == 'E') && exp_seen {
                self.pos += 1;
                return false;
            }
            if self.accept(".") {
                dot_seen = true;
                if self.accept("_.") {
                    return false;
                }
                if hex {
                    return false;
                }
                continue;
            }
            // Like Prometheus, an `e` is taken as an exponent even inside a hex literal.
            if self.accept("eE") {
                exp_seen = true;
                self.accept("+-");
                if self.accept("._eE") || self.peek().is_none() {
                    return false;
                }
                continue;
            }
            if self.accept("_") {
                if self.accept("._eE") || self.peek().is_none() {
                    return false;
                }
                continue;
            }
            self.accept_run(digits);
        }
        if self.pos == initial {
            return false;
        }
        !matches!(self.peek(), Some(c) if is_alnum(c))
    }

    fn lex_keyword_or_identifier(&mut self) -> Token {
        while matches!(self.peek(), Some(c) if is_alnum(c) || c == ':') {
            self.pos += 1;
        }
        let word = &self.input[self.start..self.pos];
        match keyword(word) {
            Some(kw @ (K::Fill | K::FillLeft | K::FillRight)) => {
                // Only keywords when a `(` follows, so existing metrics named `fill` keep working.
                let rest = self.input[self.pos..].trim_start_matches(is_space);
                if rest.starts_with('(') {
                    self.emit(kw)
                } else {
                    self.emit(K::Identifier)
                }
            }
            Some(kw) => self.emit(kw),
            None if !word.contains(':') => self.emit(K::Identifier),
            None => self.emit(K::MetricIdentifier),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(input: &str) -> Vec<TokenKind> {
        let (toks, err) = tokenize(input);
        assert!(err.is_none(), "{input}: {err:?}");
        toks.into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn numbers_and_durations() {
        assert_eq!(kinds("1"), vec![K::Number, K::Eof]);
        assert_eq!(kinds("0x1F"), vec![K::Number, K::Eof]);
        assert_eq!(kinds("1e-3"), vec![K::Number, K::Eof]);
        assert_eq!(kinds("5m"), vec![K::Duration, K::Eof]);
        assert_eq!(kinds("1h30m"), vec![K::Duration, K::Eof]);
        assert_eq!(kinds("Inf NaN"), vec![K::Number, K::Number, K::Eof]);
        assert_eq!(kinds("1_000"), vec![K::Number, K::Eof]);
    }

    #[test]
    fn bad_numbers() {
        let (_, err) = tokenize("2.5.");
        assert_eq!(err.unwrap().msg, "bad number or duration syntax: \"2.5.\"");
        let (_, err) = tokenize("100..4");
        assert_eq!(err.unwrap().msg, "bad number or duration syntax: \"100..\"");
    }

    #[test]
    fn selectors_and_ranges() {
        assert_eq!(
            kinds("foo{a=~\"b\"}[5m:1m]"),
            vec![
                K::Identifier,
                K::LeftBrace,
                K::Identifier,
                K::EqlRegex,
                K::String,
                K::RightBrace,
                K::LeftBracket,
                K::Duration,
                K::Colon,
                K::Duration,
                K::RightBracket,
                K::Eof
            ]
        );
        assert_eq!(
            kinds("foo[step()+1m]"),
            vec![
                K::Identifier,
                K::LeftBracket,
                K::Step,
                K::LeftParen,
                K::RightParen,
                K::Add,
                K::Duration,
                K::RightBracket,
                K::Eof
            ]
        );
    }

    #[test]
    fn fill_is_contextual() {
        assert_eq!(
            kinds("fill + fill"),
            vec![K::Identifier, K::Add, K::Identifier, K::Eof]
        );
        assert_eq!(kinds("a + fill (1) b")[2], K::Fill);
    }

    #[test]
    fn lexer_errors() {
        assert_eq!(
            tokenize("sum(foo").1.unwrap().msg,
            "unclosed left parenthesis"
        );
        assert_eq!(
            tokenize("foo{").1.unwrap().msg,
            "unexpected end of input inside braces"
        );
        assert_eq!(
            tokenize("\"abc").1.unwrap().msg,
            "unterminated quoted string"
        );
        assert_eq!(tokenize("`abc").1.unwrap().msg, "unterminated raw string");
        assert_eq!(
            tokenize("\"\\c\"").1.unwrap().msg,
            "unknown escape sequence U+0063 'c'"
        );
        assert_eq!(tokenize(".").1.unwrap().msg, "unexpected character: '.'");
    }

    #[test]
    fn describe_tokens() {
        let input = "sum by (x) (foo) + 1";
        let (toks, _) = tokenize(input);
        assert_eq!(toks[0].describe(input), "<aggr:sum>");
        assert_eq!(toks[1].describe(input), "<by>");
        assert_eq!(toks[2].describe(input), "\"(\"");
        assert_eq!(toks[3].describe(input), "identifier \"x\"");
        assert_eq!(toks[8].describe(input), "<op:+>");
        assert_eq!(toks[9].describe(input), "number \"1\"");
        assert_eq!(toks[10].describe(input), "end of input");
    }
}

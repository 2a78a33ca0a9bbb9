//! A hand-written Pratt parser for PromQL.
//!
//! It accepts what Prometheus 3.14's yacc grammar accepts and reports the error Prometheus would
//! report first, at the same position. Where yacc would recover and carry on, this parser stops:
//! Prometheus only ever shows its first error, so nothing visible is lost.

use std::sync::Arc;

use super::ast::*;
use super::check::check;
use super::functions;
use super::lexer::{tokenize, LexError, Token, TokenKind, TokenKind as K};
use super::{Feature, Features, ParseErr};

type PResult<T> = Result<T, ParseErr>;

/// Parses and type-checks a PromQL expression.
pub fn parse_expr(input: &str, features: Features) -> Result<Expr, ParseErr> {
    let (tokens, lex_error) = tokenize(input);
    let mut p = Parser {
        input,
        tokens,
        lex_error,
        pos: 0,
        features,
        contexts: Vec::new(),
    };
    if p.peek().kind == K::Eof {
        return Err(ParseErr::new(
            Span::new(0, 0),
            "no expression found in input",
        ));
    }
    let mut expr = p.parse_binary(0)?;
    let tok = p.peek();
    if tok.kind != K::Eof {
        return Err(p.unexpected(tok));
    }
    check(&mut expr, input)?;
    Ok(expr)
}

/// Prometheus's `ParseMetricSelector`: one vector selector and its matchers, without the
/// expression checks (so `{a=""}` is accepted, as `promtool tsdb dump --match` accepts it).
pub fn parse_metric_selector(input: &str) -> Result<Vec<Matcher>, ParseErr> {
    let (tokens, lex_error) = tokenize(input);
    let mut p = Parser {
        input,
        tokens,
        lex_error,
        pos: 0,
        features: Features::default(),
        contexts: Vec::new(),
    };
    let first = p.peek();
    if !matches!(first.kind, K::LeftBrace | K::Identifier) {
        return Err(p.unexpected(first));
    }
    let expr = p.parse_primary()?;
    let tok = p.peek();
    if tok.kind != K::Eof {
        return Err(p.unexpected(tok));
    }
    match expr {
        Expr::VectorSelector(v) => Ok(v.matchers),
        other => Err(ParseErr::new(other.span(), "expected a series selector")),
    }
}

/// Where a syntax error happened, for Prometheus's "unexpected X in <context>, expected Y".
/// These mirror the grammar rules that have error productions; the innermost one wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Context {
    Aggregation,
    RangeOpen,
    RangeAfterDuration,
    SubqueryAfterColon,
    SubqueryAfterStep,
    Offset,
    At,
}

impl Context {
    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Context::Aggregation => ("aggregation", ""),
            Context::RangeOpen => (
                "subquery or range selector",
                "number, duration, step(), or range()",
            ),
            Context::RangeAfterDuration => ("subquery or range", "\":\" or \"]\""),
            Context::SubqueryAfterColon => (
                "subquery selector",
                "number, duration, step(), range(), or \"]\"",
            ),
            Context::SubqueryAfterStep => ("subquery selector", "\"]\""),
            Context::Offset => ("offset", "number, duration, step(), or range()"),
            Context::At => ("@", "timestamp"),
        }
    }
}

struct Parser<'a> {
    input: &'a str,
    tokens: Vec<Token>,
    lex_error: Option<LexError>,
    pos: usize,
    features: Features,
    contexts: Vec<Context>,
}

fn binary_precedence(kind: TokenKind) -> Option<u8> {
    Some(match kind {
        K::Lor => 1,
        K::Land | K::Lunless => 2,
        K::Eqlc | K::Neq | K::Lte | K::Lss | K::Gte | K::Gtr | K::TrimUpper | K::TrimLower => 3,
        K::Add | K::Sub => 4,
        K::Mul | K::Div | K::Mod | K::Atan2 => 5,
        K::Pow => 6,
        _ => return None,
    })
}

const PREC_POW: u8 = 6;

/// Tokens that may name a metric (keywords are allowed where unambiguous).
fn is_metric_identifier(kind: TokenKind) -> bool {
    matches!(
        kind,
        K::Avg
            | K::Bottomk
            | K::By
            | K::Count
            | K::CountValues
            | K::Fill
            | K::FillLeft
            | K::FillRight
            | K::Group
            | K::Identifier
            | K::Land
            | K::Lor
            | K::Lunless
            | K::Max
            | K::MetricIdentifier
            | K::Min
            | K::Offset
            | K::Quantile
            | K::Stddev
            | K::Stdvar
            | K::Sum
            | K::Topk
            | K::Without
            | K::Start
            | K::End
            | K::Limitk
            | K::LimitRatio
            | K::Step
            | K::Range
            | K::Anchored
            | K::Smoothed
            | K::MaxOf
            | K::MinOf
    )
}

/// Tokens accepted as label names in `by (...)`, `on (...)` and the like.
fn is_maybe_label(kind: TokenKind) -> bool {
    matches!(
        kind,
        K::Avg
            | K::Bool
            | K::Bottomk
            | K::By
            | K::Count
            | K::CountValues
            | K::Group
            | K::GroupLeft
            | K::GroupRight
            | K::Fill
            | K::FillLeft
            | K::FillRight
            | K::Identifier
            | K::Ignoring
            | K::Land
            | K::Lor
            | K::Lunless
            | K::Max
            | K::MetricIdentifier
            | K::Min
            | K::Offset
            | K::On
            | K::Quantile
            | K::Stddev
            | K::Stdvar
            | K::Sum
            | K::Topk
            | K::Start
            | K::End
            | K::Atan2
            | K::Limitk
            | K::LimitRatio
            | K::Step
            | K::Range
            | K::Anchored
            | K::Smoothed
            | K::MaxOf
            | K::MinOf
    )
}

/// Seconds as a float to whole milliseconds, the way Prometheus goes through nanoseconds.
pub(crate) fn seconds_to_ms(v: f64) -> i64 {
    let ns = (v * 1e9).round();
    (ns as i64) / 1_000_000
}

/// Would `v` seconds overflow Go's nanosecond `time.Duration`?
fn duration_out_of_range(v: f64) -> bool {
    // 2^63 nanoseconds, in seconds.
    let limit = (1u64 << 63) as f64 / 1e9;
    !(-limit..=limit).contains(&v)
}

/// The operand of `@` before it is validated.
enum AtValue {
    Seconds(f64),
    Preprocessor(AtModifier),
}

/// Binary-operator modifiers, collected before the right-hand side is parsed.
struct BinModifiers {
    return_bool: bool,
    matching: VectorMatching,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Token {
        match self.tokens.get(self.pos) {
            Some(t) => *t,
            None => self.error_token(),
        }
    }

    fn peek_at(&self, n: usize) -> Token {
        match self.tokens.get(self.pos + n) {
            Some(t) => *t,
            None => self.error_token(),
        }
    }

    fn error_token(&self) -> Token {
        let start = self
            .lex_error
            .as_ref()
            .map_or(self.input.len(), |e| e.start);
        Token {
            kind: K::Error,
            start,
            end: self.input.len(),
        }
    }

    fn bump(&mut self) -> Token {
        let t = self.peek();
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        t
    }

    fn text(&self, t: Token) -> &'a str {
        t.text(self.input)
    }

    /// The error for an unexpected token, in the innermost enclosing context.
    fn unexpected(&self, tok: Token) -> ParseErr {
        match self.contexts.last() {
            Some(ctx) => {
                let (context, expected) = ctx.describe();
                self.unexpected_in(tok, context, expected)
            }
            None => self.unexpected_in(tok, "", ""),
        }
    }

    fn unexpected_in(&self, tok: Token, context: &str, expected: &str) -> ParseErr {
        if tok.kind == K::Error {
            return self.lex_err();
        }
        let mut msg = format!("unexpected {}", tok.describe(self.input));
        if !context.is_empty() {
            msg.push_str(" in ");
            msg.push_str(context);
        }
        if !expected.is_empty() {
            msg.push_str(", expected ");
            msg.push_str(expected);
        }
        ParseErr::new(Span::new(tok.start, tok.end), msg)
    }

    fn lex_err(&self) -> ParseErr {
        match &self.lex_error {
            Some(e) => ParseErr::new(Span::new(e.start, self.input.len()), e.msg.clone()),
            None => ParseErr::new(
                Span::new(self.input.len(), self.input.len()),
                "unexpected end of input",
            ),
        }
    }

    fn expect(&mut self, kind: TokenKind) -> PResult<Token> {
        let t = self.peek();
        if t.kind == kind {
            Ok(self.bump())
        } else {
            Err(self.unexpected(t))
        }
    }

    fn require(&self, feature: Feature, span: Span, msg: impl Into<String>) -> PResult<()> {
        if self.features.has(feature) {
            Ok(())
        } else {
            Err(ParseErr::new(span, msg).with_feature(feature))
        }
    }

    // ---- expressions ----

    fn parse_binary(&mut self, min_prec: u8) -> PResult<Expr> {
        with_stack(|| self.parse_binary_inner(min_prec))
    }

    fn parse_binary_inner(&mut self, min_prec: u8) -> PResult<Expr> {
        let mut lhs = self.parse_unary()?;
        loop {
            let op = self.peek();
            let Some(prec) = binary_precedence(op.kind) else {
                return Ok(lhs);
            };
            if prec < min_prec {
                return Ok(lhs);
            }
            self.bump();
            let modifiers = self.parse_bin_modifiers()?;
            // `^` is right-associative; everything else left-associative.
            let next_min = if op.kind == K::Pow { prec } else { prec + 1 };
            let rhs = self.parse_binary(next_min)?;
            let span = Span::new(lhs.span().start, rhs.span().end);
            let bin = BinaryExpr {
                op: op.kind,
                lhs,
                rhs,
                span,
                matching: Some(modifiers.matching),
                return_bool: modifiers.return_bool,
            };
            let has_fill = bin.matching.as_ref().is_some_and(|m| m.has_fill());
            lhs = Expr::Binary(Box::new(bin));
            if has_fill {
                self.require(
                    Feature::BinopFillModifiers,
                    lhs.span(),
                    "binop fill modifiers are experimental and not enabled",
                )?;
            }
        }
    }

    fn parse_unary(&mut self) -> PResult<Expr> {
        let tok = self.peek();
        if matches!(tok.kind, K::Add | K::Sub) {
            self.bump();
            // Unary operators bind like `*`: only `^` binds tighter.
            let operand = self.parse_binary(PREC_POW)?;
            return Ok(match operand {
                Expr::Number(mut n) => {
                    if tok.kind == K::Sub {
                        n.val = -n.val;
                    }
                    n.span.start = tok.start;
                    Expr::Number(n)
                }
                other => {
                    let span = Span::new(tok.start, other.span().end);
                    Expr::Unary(Box::new(UnaryExpr {
                        op: tok.kind,
                        expr: other,
                        span,
                    }))
                }
            });
        }
        let primary = self.parse_primary()?;
        self.parse_postfix(primary)
    }

    fn parse_primary(&mut self) -> PResult<Expr> {
        let tok = self.peek();
        let next = self.peek_at(1).kind;
        match tok.kind {
            K::Number | K::Duration => {
                self.bump();
                Ok(Expr::Number(self.number_literal(tok)?))
            }
            K::String => {
                self.bump();
                Ok(Expr::String(self.string_literal(tok)?))
            }
            K::LeftParen => {
                self.bump();
                let inner = self.parse_binary(0)?;
                let close = self.expect(K::RightParen)?;
                Ok(Expr::Paren(Box::new(ParenExpr {
                    expr: inner,
                    span: Span::new(tok.start, close.end),
                })))
            }
            K::LeftBrace => {
                let (matchers, span) = self.parse_label_matchers()?;
                Ok(self.vector_selector(String::new(), matchers, span))
            }
            k if k.is_aggregator() && matches!(next, K::LeftParen | K::By | K::Without) => {
                self.parse_aggregation()
            }
            K::Identifier | K::Start | K::End | K::Step | K::Range | K::MaxOf | K::MinOf
                if next == K::LeftParen =>
            {
                self.parse_call()
            }
            k if is_metric_identifier(k) => {
                self.bump();
                let name = self.text(tok).to_string();
                if self.peek().kind == K::LeftBrace {
                    let (matchers, span) = self.parse_label_matchers()?;
                    Ok(self.vector_selector(name, matchers, Span::new(tok.start, span.end)))
                } else {
                    Ok(self.vector_selector(name, Vec::new(), Span::new(tok.start, tok.end)))
                }
            }
            _ => Err(self.unexpected(tok)),
        }
    }

    fn vector_selector(&self, name: String, mut matchers: Vec<Matcher>, span: Span) -> Expr {
        if !name.is_empty() {
            matchers.push(Matcher {
                name: "__name__".into(),
                op: MatchOp::Equal,
                value: name.clone(),
                regex: None,
                raw_name: None,
                raw_value: None,
            });
        }
        Expr::VectorSelector(Box::new(VectorSelector {
            name,
            matchers,
            offset: 0,
            offset_expr: None,
            at: None,
            anchored: false,
            smoothed: false,
            bypass_empty_matcher_check: false,
            span,
        }))
    }

    fn number_literal(&self, tok: Token) -> PResult<NumberLiteral> {
        let text = self.text(tok);
        let span = Span::new(tok.start, tok.end);
        if tok.kind == K::Duration {
            let ms = crate::duration::parse_duration(text)
                .map_err(|e| ParseErr::new(span, e.to_string()))?;
            // Go's Duration.Seconds(): whole seconds plus the nanosecond remainder.
            let val = (ms / 1000) as f64 + ((ms % 1000) * 1_000_000) as f64 / 1e9;
            return Ok(NumberLiteral {
                val,
                duration: true,
                span,
            });
        }
        let val = crate::gostr::parse_number(text)
            .map_err(|e| ParseErr::new(span, format!("error parsing number: {e}")))?;
        Ok(NumberLiteral {
            val,
            duration: false,
            span,
        })
    }

    fn unquote(&self, tok: Token) -> PResult<(String, Option<Arc<[u8]>>)> {
        let text = self.text(tok);
        let bytes = crate::gostr::unquote_bytes(text).map_err(|e| {
            ParseErr::new(
                Span::new(tok.start, tok.end),
                format!(
                    "error unquoting string {}: {}",
                    crate::gostr::quote(text),
                    e
                ),
            )
        })?;
        match String::from_utf8(bytes) {
            Ok(s) => Ok((s, None)),
            Err(e) => {
                let raw: Arc<[u8]> = e.as_bytes().into();
                Ok((String::from_utf8_lossy(&raw).into_owned(), Some(raw)))
            }
        }
    }

    fn string_literal(&self, tok: Token) -> PResult<StringLiteral> {
        let (val, raw) = self.unquote(tok)?;
        Ok(StringLiteral {
            val,
            raw,
            span: Span::new(tok.start, tok.end),
        })
    }

    // ---- selectors ----

    /// `{ matcher, ... }`; returns the matchers and the span of the braces.
    fn parse_label_matchers(&mut self) -> PResult<(Vec<Matcher>, Span)> {
        let open = self.expect(K::LeftBrace)?;
        let mut matchers = Vec::new();
        if self.peek().kind == K::RightBrace {
            let close = self.bump();
            return Ok((matchers, Span::new(open.start, close.end)));
        }
        loop {
            matchers.push(self.parse_label_matcher()?);
            let t = self.peek();
            match t.kind {
                K::Comma => {
                    self.bump();
                    if self.peek().kind == K::RightBrace {
                        let close = self.bump();
                        return Ok((matchers, Span::new(open.start, close.end)));
                    }
                }
                K::RightBrace => {
                    self.bump();
                    return Ok((matchers, Span::new(open.start, t.end)));
                }
                _ => {
                    return Err(self.unexpected_in(t, "label matching", "\",\" or \"}\""));
                }
            }
        }
    }

    fn parse_label_matcher(&mut self) -> PResult<Matcher> {
        let name_tok = self.peek();
        let (name, raw_name) = match name_tok.kind {
            K::Identifier => (self.text(name_tok).to_string(), None),
            K::String => self.unquote(name_tok)?,
            _ => return Err(self.unexpected_in(name_tok, "label matching", "identifier or \"}\"")),
        };
        self.bump();
        let op_tok = self.peek();
        let op = match op_tok.kind {
            K::Assign => MatchOp::Equal,
            K::Neq => MatchOp::NotEqual,
            K::EqlRegex => MatchOp::Regex,
            K::NeqRegex => MatchOp::NotRegex,
            _ if name_tok.kind == K::String => {
                // A lone quoted string names the metric.
                return Ok(Matcher {
                    name: "__name__".into(),
                    op: MatchOp::Equal,
                    value: name,
                    regex: None,
                    raw_name: None,
                    raw_value: raw_name,
                });
            }
            _ => {
                return Err(self.unexpected_in(op_tok, "label matching", "label matching operator"))
            }
        };
        self.bump();
        let value_tok = self.peek();
        if value_tok.kind != K::String {
            return Err(self.unexpected_in(value_tok, "label matching", "string"));
        }
        self.bump();
        let (value, raw_value) = self.unquote(value_tok)?;
        let mut m = Matcher::new(op, &name, &value)
            .map_err(|e| ParseErr::new(Span::new(name_tok.start, value_tok.end), e.to_string()))?;
        m.raw_name = raw_name;
        m.raw_value = raw_value;
        Ok(m)
    }

    // ---- postfix modifiers: ranges, subqueries, offset, @, anchored/smoothed ----

    fn parse_postfix(&mut self, mut expr: Expr) -> PResult<Expr> {
        loop {
            let tok = self.peek();
            expr = match tok.kind {
                K::LeftBracket => self.parse_range_or_subquery(expr)?,
                K::Offset => self.parse_offset(expr)?,
                K::At => self.parse_at(expr)?,
                K::Anchored | K::Smoothed => {
                    self.bump();
                    self.set_extended_range(expr, tok.kind)?
                }
                _ => return Ok(expr),
            };
        }
    }

    fn with_context<T>(
        &mut self,
        ctx: Context,
        f: impl FnOnce(&mut Self) -> PResult<T>,
    ) -> PResult<T> {
        self.contexts.push(ctx);
        let r = f(self);
        self.contexts.pop();
        r
    }

    fn set_context(&mut self, ctx: Context) {
        if let Some(top) = self.contexts.last_mut() {
            *top = ctx;
        }
    }

    fn parse_range_or_subquery(&mut self, expr: Expr) -> PResult<Expr> {
        let open = self.bump();
        self.with_context(Context::RangeOpen, |p| {
            let range = p.parse_positive_duration()?;
            p.set_context(Context::RangeAfterDuration);
            let t = p.peek();
            match t.kind {
                K::RightBracket => {
                    p.bump();
                    p.matrix_selector(expr, range, Span::new(open.start, t.end))
                }
                K::Colon => {
                    p.bump();
                    p.set_context(Context::SubqueryAfterColon);
                    let step = if p.peek().kind == K::RightBracket {
                        None
                    } else {
                        let s = p.parse_positive_duration()?;
                        p.set_context(Context::SubqueryAfterStep);
                        Some(s)
                    };
                    let close = p.expect(K::RightBracket)?;
                    let start = expr.span().start;
                    Ok(Expr::Subquery(Box::new(SubqueryExpr {
                        expr,
                        range,
                        step,
                        offset: 0,
                        offset_expr: None,
                        at: None,
                        span: Span::new(start, close.end),
                    })))
                }
                _ => Err(p.unexpected(t)),
            }
        })
    }

    fn matrix_selector(&self, expr: Expr, range: Duration, brackets: Span) -> PResult<Expr> {
        let vs = match expr {
            Expr::VectorSelector(vs) => vs,
            _ => {
                return Err(ParseErr::new(
                    brackets,
                    "ranges only allowed for vector selectors",
                ))
            }
        };
        if vs.offset != 0 || vs.offset_expr.is_some() {
            return Err(ParseErr::new(
                brackets,
                "no offset modifiers allowed before range",
            ));
        }
        if vs.at.is_some() {
            return Err(ParseErr::new(
                brackets,
                "no @ modifiers allowed before range",
            ));
        }
        let span = Span::new(vs.span.start, brackets.end);
        Ok(Expr::MatrixSelector(Box::new(MatrixSelector {
            vector_selector: *vs,
            range,
            span,
        })))
    }

    fn parse_offset(&mut self, expr: Expr) -> PResult<Expr> {
        self.bump();
        let offset = self.with_context(Context::Offset, |p| p.parse_offset_duration())?;
        self.add_offset(expr, offset, self.prev_end())
    }

    /// End of the most recently consumed token.
    fn prev_end(&self) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or(0, |t| t.end)
    }

    fn add_offset(&self, mut expr: Expr, offset: Duration, end: usize) -> PResult<Expr> {
        let span = expr.span();
        let (ms_slot, expr_slot, end_slot) = match &mut expr {
            Expr::VectorSelector(vs) => (&mut vs.offset, &mut vs.offset_expr, &mut vs.span.end),
            Expr::MatrixSelector(ms) => (
                &mut ms.vector_selector.offset,
                &mut ms.vector_selector.offset_expr,
                &mut ms.span.end,
            ),
            Expr::Subquery(sq) => (&mut sq.offset, &mut sq.offset_expr, &mut sq.span.end),
            _ => {
                return Err(ParseErr::new(
                    span,
                    "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery",
                ))
            }
        };
        if *ms_slot != 0 || expr_slot.is_some() {
            return Err(ParseErr::new(span, "offset may not be set multiple times"));
        }
        match offset {
            Duration::Fixed(ms) => *ms_slot = ms,
            Duration::Expr(e) => *expr_slot = Some(e),
        }
        *end_slot = end;
        Ok(expr)
    }

    fn parse_at(&mut self, expr: Expr) -> PResult<Expr> {
        self.bump();
        let at = self.with_context(Context::At, |p| {
            let t = p.peek();
            match t.kind {
                K::Start | K::End => {
                    p.bump();
                    p.expect(K::LeftParen)?;
                    p.expect(K::RightParen)?;
                    Ok(AtValue::Preprocessor(if t.kind == K::Start {
                        AtModifier::Start
                    } else {
                        AtModifier::End
                    }))
                }
                K::Number | K::Duration => {
                    p.bump();
                    Ok(AtValue::Seconds(p.number_literal(t)?.val))
                }
                K::Add | K::Sub if matches!(p.peek_at(1).kind, K::Number | K::Duration) => {
                    p.bump();
                    let n = p.bump();
                    let v = p.number_literal(n)?.val;
                    Ok(AtValue::Seconds(if t.kind == K::Sub { -v } else { v }))
                }
                _ => Err(p.unexpected(t)),
            }
        })?;
        let end = self.prev_end();
        let span = expr.span();
        let modifier = match at {
            AtValue::Seconds(ts) => {
                if !ts.is_finite() || ts >= i64::MAX as f64 || ts <= i64::MIN as f64 {
                    return Err(ParseErr::new(
                        span,
                        format!(
                            "timestamp out of bounds for @ modifier: {}",
                            crate::gostr::format_float_f6(ts)
                        ),
                    ));
                }
                AtModifier::Timestamp((ts * 1000.0).round() as i64)
            }
            AtValue::Preprocessor(pre) => pre,
        };
        let mut expr = expr;
        let (slot, end_slot) = match &mut expr {
            Expr::VectorSelector(vs) => (&mut vs.at, &mut vs.span.end),
            Expr::MatrixSelector(ms) => (&mut ms.vector_selector.at, &mut ms.span.end),
            Expr::Subquery(sq) => (&mut sq.at, &mut sq.span.end),
            _ => {
                return Err(ParseErr::new(
                    span,
                    "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery",
                ))
            }
        };
        if slot.is_some() {
            return Err(ParseErr::new(
                span,
                "@ <timestamp> may not be set multiple times",
            ));
        }
        *slot = Some(modifier);
        *end_slot = end;
        Ok(expr)
    }

    fn set_extended_range(&self, mut expr: Expr, kind: TokenKind) -> PResult<Expr> {
        let (word, anchored) = if kind == K::Anchored {
            ("anchored", true)
        } else {
            ("smoothed", false)
        };
        let span = expr.span();
        self.require(
            Feature::ExtendedRangeSelectors,
            span,
            format!("{word} modifier is experimental and not enabled"),
        )?;
        let vs = match &mut expr {
            Expr::VectorSelector(vs) => vs.as_mut(),
            Expr::MatrixSelector(ms) => &mut ms.vector_selector,
            Expr::Subquery(_) => {
                return Err(ParseErr::new(
                    span,
                    format!("{word} modifier is not supported for subqueries"),
                ))
            }
            _ => {
                return Err(ParseErr::new(
                    span,
                    format!("{word} modifier not implemented"),
                ))
            }
        };
        if anchored {
            vs.anchored = true;
        } else {
            vs.smoothed = true;
        }
        if vs.anchored && vs.smoothed {
            return Err(ParseErr::new(
                span,
                "anchored and smoothed modifiers cannot be used together",
            ));
        }
        Ok(expr)
    }

    // ---- durations ----

    /// A range or subquery step: any duration expression, positive when it is a literal.
    fn parse_positive_duration(&mut self) -> PResult<Duration> {
        let d = self.parse_duration_expr(0)?;
        Ok(match d {
            DurationExpr::Number(n) => {
                if n.val <= 0.0 {
                    return Err(ParseErr::new(n.span, "duration must be greater than 0"));
                }
                Duration::Fixed(seconds_to_ms(n.val))
            }
            other => Duration::Expr(other),
        })
    }

    /// The operand of `offset`: a signed literal or function ends it; parentheses may continue
    /// with duration arithmetic (as Prometheus's grammar resolves its conflicts).
    fn parse_offset_duration(&mut self) -> PResult<Duration> {
        let t = self.peek();
        let d = match t.kind {
            K::Number | K::Duration => {
                self.bump();
                let n = self.number_literal(t)?;
                if duration_out_of_range(n.val) {
                    return Err(ParseErr::new(n.span, "duration out of range"));
                }
                DurationExpr::Number(n)
            }
            K::Add | K::Sub => {
                self.bump();
                let next = self.peek();
                match next.kind {
                    K::Number | K::Duration => {
                        self.bump();
                        let mut n = self.number_literal(next)?;
                        if t.kind == K::Sub {
                            n.val = -n.val;
                        }
                        if duration_out_of_range(n.val) {
                            return Err(ParseErr::new(
                                Span::new(t.start, t.end),
                                "duration out of range",
                            ));
                        }
                        n.span.start = t.start;
                        DurationExpr::Number(n)
                    }
                    K::Step | K::Range | K::MaxOf | K::MinOf => {
                        let inner = self.parse_duration_function()?;
                        let de = self.negate_duration(t, inner);
                        self.require_duration_expr(de.span())?;
                        de
                    }
                    K::LeftParen => {
                        let inner = self.parse_paren_duration()?;
                        self.apply_unary_duration(t, inner)?
                    }
                    _ => return Err(self.unexpected(next)),
                }
            }
            K::Step | K::Range | K::MaxOf | K::MinOf => {
                let de = self.parse_duration_function()?;
                self.require_duration_expr(de.span())?;
                de
            }
            K::LeftParen => {
                let paren = self.parse_paren_duration()?;
                self.parse_duration_binary_rest(paren, 0)?
            }
            _ => return Err(self.unexpected(t)),
        };
        Ok(match d {
            DurationExpr::Number(n) => Duration::Fixed(seconds_to_ms(n.val)),
            other => Duration::Expr(other),
        })
    }

    fn require_duration_expr(&self, span: Span) -> PResult<()> {
        self.require(
            Feature::DurationExpr,
            span,
            "experimental duration expression is not enabled",
        )
    }

    fn parse_duration_expr(&mut self, min_prec: u8) -> PResult<DurationExpr> {
        with_stack(|| {
            let lhs = self.parse_duration_unary()?;
            self.parse_duration_binary_rest(lhs, min_prec)
        })
    }

    fn parse_duration_binary_rest(
        &mut self,
        mut lhs: DurationExpr,
        min_prec: u8,
    ) -> PResult<DurationExpr> {
        loop {
            let op_tok = self.peek();
            let (op, prec) = match op_tok.kind {
                K::Add => (DurationOp::Add, 4),
                K::Sub => (DurationOp::Sub, 4),
                K::Mul => (DurationOp::Mul, 5),
                K::Div => (DurationOp::Div, 5),
                K::Mod => (DurationOp::Mod, 5),
                K::Pow => (DurationOp::Pow, 6),
                _ => return Ok(lhs),
            };
            if prec < min_prec {
                return Ok(lhs);
            }
            self.bump();
            let next_min = if op == DurationOp::Pow {
                prec
            } else {
                prec + 1
            };
            let rhs = self.parse_duration_expr(next_min)?;
            self.require_duration_expr(lhs.span())?;
            if let DurationExpr::Number(n) = &rhs {
                if n.val == 0.0 && matches!(op, DurationOp::Div | DurationOp::Mod) {
                    let what = if op == DurationOp::Div {
                        "division by zero"
                    } else {
                        "modulo by zero"
                    };
                    return Err(ParseErr::new(Span::new(op_tok.start, op_tok.end), what));
                }
            }
            lhs = DurationExpr::Binary(op, Box::new(lhs), Box::new(rhs));
        }
    }

    fn parse_duration_unary(&mut self) -> PResult<DurationExpr> {
        let t = self.peek();
        match t.kind {
            K::Add | K::Sub => {
                self.bump();
                let operand = self.parse_duration_expr(PREC_POW)?;
                self.apply_unary_duration(t, operand)
            }
            K::Number | K::Duration => {
                self.bump();
                let n = self.number_literal(t)?;
                if duration_out_of_range(n.val) {
                    return Err(ParseErr::new(n.span, "duration out of range"));
                }
                Ok(DurationExpr::Number(n))
            }
            K::Step | K::Range | K::MaxOf | K::MinOf => {
                let de = self.parse_duration_function()?;
                self.require_duration_expr(de.span())?;
                Ok(de)
            }
            K::LeftParen => self.parse_paren_duration(),
            _ => Err(self.unexpected(t)),
        }
    }

    /// `( duration_expr )`; a parenthesised literal is kept as such so it prints back.
    fn parse_paren_duration(&mut self) -> PResult<DurationExpr> {
        let open = self.expect(K::LeftParen)?;
        let inner = self.parse_duration_expr(0)?;
        self.expect(K::RightParen)?;
        self.require_duration_expr(inner.span())?;
        // Prometheus reports a parenthesised literal from "(" to the literal's end, and any
        // other parenthesised expression by the inner expression's own range.
        let span = match &inner {
            DurationExpr::Number(n) => Span::new(open.start, n.span.end),
            other => other.span(),
        };
        Ok(DurationExpr::Paren(Box::new(inner), span))
    }

    /// `step()`, `range()`, `min_of(a, b)`, `max_of(a, b)` inside a duration.
    fn parse_duration_function(&mut self) -> PResult<DurationExpr> {
        let t = self.bump();
        self.expect(K::LeftParen)?;
        match t.kind {
            K::Step | K::Range => {
                let close = self.expect(K::RightParen)?;
                let span = Span::new(t.start, close.end);
                Ok(if t.kind == K::Step {
                    DurationExpr::Step(span)
                } else {
                    DurationExpr::Range(span)
                })
            }
            _ => {
                let a = self.parse_duration_expr(0)?;
                self.expect(K::Comma)?;
                let b = self.parse_duration_expr(0)?;
                let close = self.expect(K::RightParen)?;
                let span = Span::new(t.start, close.end);
                Ok(if t.kind == K::MinOf {
                    DurationExpr::MinOf(Box::new(a), Box::new(b), span)
                } else {
                    DurationExpr::MaxOf(Box::new(a), Box::new(b), span)
                })
            }
        }
    }

    fn negate_duration(&self, op: Token, inner: DurationExpr) -> DurationExpr {
        if op.kind == K::Sub {
            let span = Span::new(op.start, inner.span().end);
            DurationExpr::Neg(Box::new(inner), span)
        } else {
            inner
        }
    }

    fn apply_unary_duration(&self, op: Token, operand: DurationExpr) -> PResult<DurationExpr> {
        match operand {
            DurationExpr::Number(mut n) => {
                if op.kind == K::Sub {
                    n.val = -n.val;
                }
                if duration_out_of_range(n.val) {
                    return Err(ParseErr::new(
                        Span::new(op.start, op.end),
                        "duration out of range",
                    ));
                }
                n.span.start = op.start;
                Ok(DurationExpr::Number(n))
            }
            other => Ok(self.negate_duration(op, other)),
        }
    }

    // ---- binary modifiers ----

    fn parse_bin_modifiers(&mut self) -> PResult<BinModifiers> {
        let mut m = BinModifiers {
            return_bool: false,
            matching: VectorMatching::one_to_one(),
        };
        if self.peek().kind == K::Bool {
            self.bump();
            m.return_bool = true;
        }
        let t = self.peek();
        if matches!(t.kind, K::On | K::Ignoring) {
            self.bump();
            m.matching.on = t.kind == K::On;
            m.matching.matching_labels = self.parse_grouping_labels()?;
            let g = self.peek();
            if matches!(g.kind, K::GroupLeft | K::GroupRight) {
                self.bump();
                m.matching.card = if g.kind == K::GroupLeft {
                    Cardinality::ManyToOne
                } else {
                    Cardinality::OneToMany
                };
                if self.peek().kind == K::LeftParen {
                    m.matching.include = self.parse_grouping_labels()?;
                }
            }
        }
        let f = self.peek();
        match f.kind {
            K::Fill => {
                self.bump();
                let v = self.parse_fill_value()?;
                m.matching.fill_lhs = Some(v);
                m.matching.fill_rhs = Some(v);
            }
            K::FillLeft | K::FillRight => {
                self.bump();
                let v = self.parse_fill_value()?;
                let (first, second) = if f.kind == K::FillLeft {
                    (&mut m.matching.fill_lhs, K::FillRight)
                } else {
                    (&mut m.matching.fill_rhs, K::FillLeft)
                };
                *first = Some(v);
                if self.peek().kind == second {
                    self.bump();
                    let v2 = self.parse_fill_value()?;
                    if second == K::FillRight {
                        m.matching.fill_rhs = Some(v2);
                    } else {
                        m.matching.fill_lhs = Some(v2);
                    }
                }
            }
            _ => {}
        }
        Ok(m)
    }

    fn parse_fill_value(&mut self) -> PResult<f64> {
        self.expect(K::LeftParen)?;
        let mut t = self.peek();
        let negate = match t.kind {
            K::Add | K::Sub => {
                self.bump();
                let neg = t.kind == K::Sub;
                t = self.peek();
                neg
            }
            _ => false,
        };
        if !matches!(t.kind, K::Number | K::Duration) {
            return Err(self.unexpected(t));
        }
        self.bump();
        let n = self.number_literal(t)?;
        self.expect(K::RightParen)?;
        Ok(if negate { -n.val } else { n.val })
    }

    /// `( label, ... )` after `by`, `without`, `on`, `ignoring`, `group_left`, `group_right`.
    fn parse_grouping_labels(&mut self) -> PResult<Vec<String>> {
        let open = self.peek();
        if open.kind != K::LeftParen {
            return Err(self.unexpected_in(open, "grouping opts", "\"(\""));
        }
        self.bump();
        let mut labels = Vec::new();
        if self.peek().kind == K::RightParen {
            self.bump();
            return Ok(labels);
        }
        loop {
            let t = self.peek();
            let (label, raw) = if is_maybe_label(t.kind) {
                (self.text(t).to_string(), None)
            } else if t.kind == K::String {
                self.unquote(t)?
            } else {
                return Err(self.unexpected_in(t, "grouping opts", "label"));
            };
            self.bump();
            // Any non-empty UTF-8 text is a valid label name (Prometheus 3).
            if label.is_empty() || raw.is_some() {
                let shown = match &raw {
                    Some(bytes) => crate::gostr::quote_bytes(bytes),
                    None => crate::gostr::quote(&label),
                };
                return Err(ParseErr::new(
                    Span::new(t.start, t.end),
                    format!("invalid label name for grouping: {shown}"),
                ));
            }
            labels.push(label);
            let sep = self.peek();
            match sep.kind {
                K::Comma => {
                    self.bump();
                    if self.peek().kind == K::RightParen {
                        self.bump();
                        return Ok(labels);
                    }
                }
                K::RightParen => {
                    self.bump();
                    return Ok(labels);
                }
                _ => return Err(self.unexpected_in(sep, "grouping opts", "\",\" or \")\"")),
            }
        }
    }

    // ---- calls and aggregations ----

    /// `( expr, ... )`; returns the arguments and the closing parenthesis.
    fn parse_call_args(&mut self) -> PResult<(Vec<Expr>, Token)> {
        self.expect(K::LeftParen)?;
        let mut args = Vec::new();
        if self.peek().kind == K::RightParen {
            return Ok((args, self.bump()));
        }
        loop {
            args.push(self.parse_binary(0)?);
            let t = self.peek();
            match t.kind {
                K::Comma => {
                    self.bump();
                    if self.peek().kind == K::RightParen {
                        return Err(ParseErr::new(
                            Span::new(t.start, t.end),
                            "trailing commas not allowed in function call args",
                        ));
                    }
                }
                K::RightParen => return Ok((args, self.bump())),
                _ => return Err(self.unexpected(t)),
            }
        }
    }

    fn parse_call(&mut self) -> PResult<Expr> {
        let name_tok = self.bump();
        let name = self.text(name_tok);
        let (args, close) = self.parse_call_args()?;
        let name_span = Span::new(name_tok.start, name_tok.end);
        let Some(func) = functions::lookup(name) else {
            return Err(ParseErr::new(
                name_span,
                format!("unknown function with name {}", crate::gostr::quote(name)),
            ));
        };
        if func.experimental {
            self.require(
                Feature::ExperimentalFunctions,
                name_span,
                format!("function {} is not enabled", crate::gostr::quote(name)),
            )?;
        }
        Ok(Expr::Call(Box::new(Call {
            func,
            args,
            span: Span::new(name_tok.start, close.end),
        })))
    }

    fn parse_aggregation(&mut self) -> PResult<Expr> {
        let op = self.bump();
        self.with_context(Context::Aggregation, |p| {
            let mut grouping = None;
            if matches!(p.peek().kind, K::By | K::Without) {
                grouping = Some(p.parse_aggregate_modifier()?);
            }
            let (mut args, close) = p.parse_call_args()?;
            let mut end = close.end;
            if grouping.is_none() && matches!(p.peek().kind, K::By | K::Without) {
                grouping = Some(p.parse_aggregate_modifier()?);
                end = p.prev_end();
            }
            let span = Span::new(op.start, end);
            let (grouping, without) = grouping.unwrap_or_default();
            if args.is_empty() {
                return Err(ParseErr::new(
                    span,
                    "no arguments for aggregate expression provided",
                ));
            }
            let with_param = matches!(
                op.kind,
                K::Topk | K::Bottomk | K::CountValues | K::Quantile | K::Limitk | K::LimitRatio
            );
            let desired = if with_param {
                if matches!(op.kind, K::Limitk | K::LimitRatio) {
                    p.require(
                        Feature::ExperimentalFunctions,
                        span,
                        format!(
                            "{}() is experimental and must be enabled with --enable-feature=promql-experimental-functions",
                            op.kind
                        ),
                    )?;
                }
                2
            } else {
                1
            };
            if args.len() != desired {
                return Err(ParseErr::new(
                    span,
                    format!(
                        "wrong number of arguments for aggregate expression provided, expected {desired}, got {}",
                        args.len()
                    ),
                ));
            }
            // `args` holds `desired` (1 or 2) expressions: the last is the aggregated one.
            let (Some(expr), param) = (args.pop(), args.pop()) else {
                return Err(ParseErr::new(span, "aggregation without an expression"));
            };
            Ok(Expr::Aggregate(Box::new(AggregateExpr {
                op: op.kind,
                expr,
                param,
                grouping,
                without,
                span,
            })))
        })
    }

    fn parse_aggregate_modifier(&mut self) -> PResult<(Vec<String>, bool)> {
        let kw = self.bump();
        let labels = self.parse_grouping_labels()?;
        Ok((labels, kw.kind == K::Without))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::gostr::parse_number as parse_go_number;

    #[test]
    fn go_numbers() {
        assert_eq!(parse_go_number("010"), Ok(8.0));
        assert_eq!(parse_go_number("08"), Ok(8.0));
        assert_eq!(parse_go_number("0x1F"), Ok(31.0));
        assert_eq!(parse_go_number("1_000"), Ok(1000.0));
        assert_eq!(parse_go_number(".5"), Ok(0.5));
        assert_eq!(parse_go_number("1e3"), Ok(1000.0));
        assert!(parse_go_number("Inf").unwrap().is_infinite());
        assert!(parse_go_number("nan").unwrap().is_nan());
        assert_eq!(
            parse_go_number("1e400").unwrap_err(),
            "strconv.ParseFloat: parsing \"1e400\": value out of range"
        );
    }

    #[test]
    fn seconds_conversion() {
        assert_eq!(seconds_to_ms(300.0), 300_000);
        assert_eq!(seconds_to_ms(1.5), 1500);
        assert_eq!(seconds_to_ms(-60.0), -60_000);
    }
}

//! Go's `text/template/parse`: the tree of a template and its parse-time checks (functions
//! must exist, variables must be declared), with Go's error messages.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use super::lex::{lex, Tok, Token};

/// A node of the tree. `pos` is the byte offset of the node in the source.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Text(String),
    Action {
        pos: usize,
        pipe: Pipe,
    },
    If(Branch),
    Range(Branch),
    With(Branch),
    Template {
        pos: usize,
        name: String,
        pipe: Option<Pipe>,
    },
    Break {
        pos: usize,
    },
    Continue {
        pos: usize,
    },
}

/// `if`, `range` and `with`: the pipeline, the body and the `else` part.
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    pub pos: usize,
    pub pipe: Pipe,
    pub list: Vec<Node>,
    pub else_list: Option<Vec<Node>>,
}

/// A pipeline: optional variable declarations and commands joined by `|`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pipe {
    pub pos: usize,
    /// `$x :=` (declare) or `$x =` (assign) targets.
    pub decl: Vec<String>,
    pub is_assign: bool,
    pub cmds: Vec<Command>,
}

/// A command: a function or value and its arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    pub pos: usize,
    pub args: Vec<Arg>,
    /// Where each argument is, for error positions: its first token, or for a term followed
    /// by fields the first of those (as Go positions chain nodes).
    pub arg_pos: Vec<usize>,
}

/// An operand.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A function name.
    Identifier(String),
    /// `.a.b`: fields of dot.
    Field(Vec<String>),
    /// `$x.a.b`.
    Variable(String, Vec<String>),
    /// A parenthesized pipeline or other term followed by fields: `(x).a.b`.
    Chain(Box<Arg>, Vec<String>),
    Pipe(Box<Pipe>),
    Dot,
    Nil,
    Bool(bool),
    Number(Number),
    Str(String),
}

/// A numeric constant, with the kinds it can be used as (Go's untyped constants).
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub text: String,
    pub int: Option<i64>,
    pub float: Option<f64>,
    /// Written as a character constant (`'a'`).
    pub is_char: bool,
}

/// A parse failure: Go's message and the byte offset it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub pos: usize,
    pub message: String,
}

/// A parsed template: its main tree and the templates it defines.
#[derive(Debug, Clone, Default)]
pub struct Trees {
    pub main: Vec<Node>,
    pub defined: BTreeMap<String, Vec<Node>>,
}

/// Parses `src`. `is_func` says whether a function name exists (Go checks at parse time).
pub fn parse(src: &str, is_func: &dyn Fn(&str) -> bool) -> Result<Trees, ParseError> {
    let tokens = lex(src).map_err(|e| ParseError {
        pos: e.pos,
        message: e.message,
    })?;
    let mut p = Parser {
        tokens,
        i: 0,
        is_func,
        vars: vec!["$".to_string()],
        range_depth: 0,
        trees: Trees::default(),
    };
    let main = p.top_level()?;
    p.trees.main = main;
    Ok(p.trees)
}

struct Parser<'f> {
    tokens: Vec<Token>,
    i: usize,
    is_func: &'f dyn Fn(&str) -> bool,
    /// Declared variables in scope, innermost last.
    vars: Vec<String>,
    range_depth: usize,
    trees: Trees,
}

/// What ended a list.
enum Ending {
    End,
    Else(usize),
    Eof,
}

impl Parser<'_> {
    fn peek(&self) -> &Token {
        &self.tokens[self.i.min(self.tokens.len() - 1)]
    }

    fn next(&mut self) -> Token {
        let t = self.peek().clone();
        if self.i < self.tokens.len() {
            self.i += 1;
        }
        t
    }

    /// The next token other than space.
    fn next_non_space(&mut self) -> Token {
        loop {
            let t = self.next();
            if t.tok != Tok::Space {
                return t;
            }
        }
    }

    fn peek_non_space(&mut self) -> Token {
        let save = self.i;
        let t = self.next_non_space();
        self.i = save;
        t
    }

    fn err<T>(&self, pos: usize, message: impl Into<String>) -> Result<T, ParseError> {
        Err(ParseError {
            pos,
            message: message.into(),
        })
    }

    fn unexpected<T>(&self, t: &Token, context: &str) -> Result<T, ParseError> {
        self.err(
            t.pos,
            format!("unexpected {} in {context}", describe(&t.tok)),
        )
    }

    fn top_level(&mut self) -> Result<Vec<Node>, ParseError> {
        let mut list = Vec::new();
        loop {
            match self.peek().tok.clone() {
                Tok::Eof => return Ok(list),
                Tok::LeftDelim => {
                    let save = self.i;
                    self.next();
                    if self.peek_non_space().tok == Tok::Define {
                        self.next_non_space();
                        self.define()?;
                        continue;
                    }
                    self.i = save;
                    match self.text_or_action()? {
                        Step::Node(n) => list.push(n),
                        Step::Skip => {}
                        Step::End(pos) => return self.err(pos, "unexpected {{end}}"),
                        Step::Else(pos) => return self.err(pos, "unexpected {{else}}"),
                    }
                }
                _ => {
                    if let Step::Node(n) = self.text_or_action()? {
                        list.push(n);
                    }
                }
            }
        }
    }

    fn define(&mut self) -> Result<(), ParseError> {
        let name_tok = self.next_non_space();
        let Tok::Str(name) = name_tok.tok else {
            return self.unexpected(&name_tok, "define clause");
        };
        let close = self.next_non_space();
        if close.tok != Tok::RightDelim {
            return self.unexpected(&close, "define clause");
        }
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$".to_string()]);
        let (list, ending) = self.item_list()?;
        self.vars = saved_vars;
        match ending {
            Ending::End => {}
            Ending::Else(pos) => return self.err(pos, "unexpected {{else}}"),
            Ending::Eof => return self.err(self.peek().pos, "unexpected EOF"),
        }
        self.add_definition(name, list, name_tok.pos)
    }

    fn add_definition(
        &mut self,
        name: String,
        list: Vec<Node>,
        pos: usize,
    ) -> Result<(), ParseError> {
        // Go lets a non-empty definition replace an empty one, and rejects two non-empty ones.
        if let Some(existing) = self.trees.defined.get(&name) {
            if is_empty_tree(existing) || is_empty_tree(&list) {
                if is_empty_tree(&list) {
                    return Ok(());
                }
            } else {
                return self.err(
                    pos,
                    format!("template: multiple definition of template {name:?}"),
                );
            }
        }
        self.trees.defined.insert(name, list);
        Ok(())
    }

    /// Nodes up to `{{end}}` or `{{else}}`.
    fn item_list(&mut self) -> Result<(Vec<Node>, Ending), ParseError> {
        let mut list = Vec::new();
        loop {
            if self.peek().tok == Tok::Eof {
                return Ok((list, Ending::Eof));
            }
            match self.text_or_action()? {
                Step::Node(n) => list.push(n),
                Step::Skip => {}
                Step::End(_) => return Ok((list, Ending::End)),
                Step::Else(pos) => return Ok((list, Ending::Else(pos))),
            }
        }
    }

    fn text_or_action(&mut self) -> Result<Step, ParseError> {
        let t = self.next();
        match t.tok {
            Tok::Text(s) => Ok(Step::Node(Node::Text(s))),
            Tok::Comment(_) => Ok(Step::Skip),
            Tok::LeftDelim => self.action(),
            other => self.err(t.pos, format!("unexpected {}", describe(&other))),
        }
    }

    fn action(&mut self) -> Result<Step, ParseError> {
        let t = self.next_non_space();
        let pos = t.pos;
        match t.tok {
            Tok::Block => self.block(pos).map(Step::Node),
            Tok::Break => self.break_continue(pos, true).map(Step::Node),
            Tok::Continue => self.break_continue(pos, false).map(Step::Node),
            Tok::Else => {
                // `{{else}}` or `{{else if ...}}` / `{{else with ...}}`: the caller sees the
                // else; chained forms are handled by the branch parser.
                Ok(Step::Else(pos))
            }
            Tok::End => {
                let close = self.next_non_space();
                if close.tok != Tok::RightDelim {
                    return self.unexpected(&close, "end");
                }
                Ok(Step::End(pos))
            }
            Tok::If => self.branch(pos, BranchKind::If).map(Step::Node),
            Tok::Range => self.branch(pos, BranchKind::Range).map(Step::Node),
            Tok::With => self.branch(pos, BranchKind::With).map(Step::Node),
            Tok::Template => self.template(pos).map(Step::Node),
            Tok::Define => self.err(pos, "unexpected <define> in command"),
            _ => {
                self.i -= 1;
                let pipe = self.pipeline("command", Tok::RightDelim)?;
                Ok(Step::Node(Node::Action { pos, pipe }))
            }
        }
    }

    fn break_continue(&mut self, pos: usize, is_break: bool) -> Result<Node, ParseError> {
        let word = if is_break { "break" } else { "continue" };
        let close = self.next_non_space();
        if close.tok != Tok::RightDelim {
            return self.unexpected(&close, &format!("{{{{{word}}}}}"));
        }
        if self.range_depth == 0 {
            return self.err(pos, format!("{{{{{word}}}}} outside {{{{range}}}}"));
        }
        Ok(if is_break {
            Node::Break { pos }
        } else {
            Node::Continue { pos }
        })
    }

    fn branch(&mut self, pos: usize, kind: BranchKind) -> Result<Node, ParseError> {
        let scope = self.vars.len();
        let context = kind.name();
        let pipe = self.pipeline(context, Tok::RightDelim)?;
        if pipe.cmds.is_empty() {
            return self.err(pos, format!("missing value for {context}"));
        }
        if kind == BranchKind::Range {
            self.range_depth += 1;
        }
        let (list, ending) = self.item_list()?;
        if kind == BranchKind::Range {
            self.range_depth -= 1;
        }
        let mut else_list = None;
        match ending {
            Ending::End => {}
            Ending::Eof => return self.err(self.peek().pos, "unexpected EOF"),
            Ending::Else(_) => {
                // `{{else if ...}}` (and `{{else with ...}}`) nests a branch that shares
                // the `{{end}}`.
                let next = self.peek_non_space();
                let chained = matches!(
                    (&kind, &next.tok),
                    (BranchKind::If, Tok::If) | (BranchKind::With, Tok::With)
                );
                if chained {
                    self.next_non_space();
                    let inner = self.branch(next.pos, kind)?;
                    else_list = Some(vec![inner]);
                } else {
                    let close = self.next_non_space();
                    if close.tok != Tok::RightDelim {
                        return self.unexpected(&close, "else");
                    }
                    let (el, e) = self.item_list()?;
                    match e {
                        Ending::End => {}
                        Ending::Eof => return self.err(self.peek().pos, "unexpected EOF"),
                        Ending::Else(p) => return self.err(p, "expected end; found {{else}}"),
                    }
                    else_list = Some(el);
                }
            }
        }
        self.vars.truncate(scope);
        let b = Branch {
            pos,
            pipe,
            list,
            else_list,
        };
        Ok(match kind {
            BranchKind::If => Node::If(b),
            BranchKind::Range => Node::Range(b),
            BranchKind::With => Node::With(b),
        })
    }

    fn template(&mut self, _pos: usize) -> Result<Node, ParseError> {
        let name_tok = self.next_non_space();
        // Go places the node (and errors about it) at the template's name.
        let pos = name_tok.pos;
        let Tok::Str(name) = name_tok.tok else {
            return self.unexpected(&name_tok, "template clause");
        };
        let next = self.peek_non_space();
        let pipe = if next.tok == Tok::RightDelim {
            self.next_non_space();
            None
        } else {
            Some(self.pipeline("template clause", Tok::RightDelim)?)
        };
        Ok(Node::Template { pos, name, pipe })
    }

    /// `{{block "name" pipeline}} T1 {{end}}`: defines `name` and executes it in place.
    fn block(&mut self, pos: usize) -> Result<Node, ParseError> {
        let name_tok = self.next_non_space();
        let Tok::Str(name) = name_tok.tok else {
            return self.unexpected(&name_tok, "block clause");
        };
        let pipe = self.pipeline("block clause", Tok::RightDelim)?;
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$".to_string()]);
        let (list, ending) = self.item_list()?;
        self.vars = saved_vars;
        match ending {
            Ending::End => {}
            Ending::Else(p) => return self.err(p, "unexpected {{else}}"),
            Ending::Eof => return self.err(self.peek().pos, "unexpected EOF"),
        }
        self.add_definition(name.clone(), list, pos)?;
        Ok(Node::Template {
            pos,
            name,
            pipe: Some(pipe),
        })
    }

    /// A pipeline up to `end` (the right delimiter or a right paren).
    fn pipeline(&mut self, context: &str, end: Tok) -> Result<Pipe, ParseError> {
        let start = self.peek_non_space().pos;
        let mut decl = Vec::new();
        let mut is_assign = false;
        // Declarations: `$x :=`, `$x =`, or `$i, $e :=` in range.
        let save = self.i;
        let first = self.next_non_space();
        if let Tok::Variable(name) = &first.tok {
            let after = self.peek_non_space();
            match after.tok {
                Tok::Declare | Tok::Assign => {
                    self.next_non_space();
                    is_assign = after.tok == Tok::Assign;
                    decl.push(name.clone());
                }
                Tok::Comma if context == "range" => {
                    self.next_non_space();
                    let second = self.next_non_space();
                    let Tok::Variable(name2) = second.tok else {
                        return self.err(second.pos, "range can only initialize variables");
                    };
                    let op = self.next_non_space();
                    match op.tok {
                        Tok::Declare | Tok::Assign => is_assign = op.tok == Tok::Assign,
                        _ => return self.unexpected(&op, "range"),
                    }
                    decl.push(name.clone());
                    decl.push(name2);
                }
                Tok::Comma => {
                    return self.err(after.pos, format!("too many declarations in {context}"));
                }
                _ => self.i = save,
            }
        } else {
            self.i = save;
        }
        for v in &decl {
            if is_assign {
                if !self.vars.contains(v) {
                    return self.err(first.pos, format!("undefined variable {v:?}"));
                }
            } else {
                self.vars.push(v.clone());
            }
        }
        let mut cmds = Vec::new();
        loop {
            let t = self.peek_non_space();
            if t.tok == end {
                self.next_non_space();
                if cmds.is_empty() && decl.is_empty() {
                    return self.err(t.pos, format!("missing value for {context}"));
                }
                if cmds.is_empty() {
                    return self.err(t.pos, format!("missing value for {context}"));
                }
                break;
            }
            match t.tok {
                Tok::Eof
                | Tok::RightDelim
                | Tok::RightParen
                | Tok::Punct(_)
                | Tok::Pipe
                | Tok::Declare
                | Tok::Assign
                | Tok::Comma => {
                    return self.unexpected(&t, context);
                }
                _ => {}
            }
            cmds.push(self.command(&end)?);
        }
        for (i, c) in cmds.iter().enumerate().skip(1) {
            if let Some(first) = c.args.first() {
                if matches!(
                    first,
                    Arg::Bool(_) | Arg::Dot | Arg::Nil | Arg::Number(_) | Arg::Str(_)
                ) {
                    return self.err(
                        c.pos,
                        format!("non executable command in pipeline stage {}", i + 1),
                    );
                }
            }
        }
        Ok(Pipe {
            pos: start,
            decl,
            is_assign,
            cmds,
        })
    }

    /// One command: operands up to `|` or the end of the pipeline.
    fn command(&mut self, end: &Tok) -> Result<Command, ParseError> {
        let pos = self.peek_non_space().pos;
        let mut args = Vec::new();
        let mut arg_pos = Vec::new();
        loop {
            // Operands are separated by spaces.
            while self.peek().tok == Tok::Space {
                self.next();
            }
            let t = self.peek().clone();
            if &t.tok == end || t.tok == Tok::RightDelim || t.tok == Tok::RightParen {
                break;
            }
            if t.tok == Tok::Pipe {
                self.next();
                if args.is_empty() {
                    return self.err(t.pos, "missing command");
                }
                return Ok(Command { pos, args, arg_pos });
            }
            let (operand, at) = self.operand()?;
            args.push(operand);
            arg_pos.push(at);
            // After an operand: space, pipe or the end.
            match self.peek().tok {
                Tok::Space | Tok::Pipe | Tok::RightDelim | Tok::RightParen => {}
                ref other if other == end => {}
                _ => {
                    let t = self.peek().clone();
                    return self.unexpected(&t, "operand");
                }
            }
        }
        if args.is_empty() {
            return self.err(pos, "empty command");
        }
        Ok(Command { pos, args, arg_pos })
    }

    fn operand(&mut self) -> Result<(Arg, usize), ParseError> {
        let term_pos = self.peek().pos;
        let term = self.term()?;
        let chain_pos = self.peek().pos;
        let mut fields = Vec::new();
        while let Tok::Field(f) = &self.peek().tok {
            fields.push(f.clone());
            self.next();
        }
        if fields.is_empty() {
            return Ok((term, term_pos));
        }
        let arg = match term {
            Arg::Field(mut base) => {
                base.extend(fields);
                Arg::Field(base)
            }
            Arg::Variable(name, mut base) => {
                base.extend(fields);
                Arg::Variable(name, base)
            }
            Arg::Bool(_) | Arg::Str(_) | Arg::Number(_) | Arg::Nil | Arg::Dot => {
                let pos = self.peek().pos;
                return self.err(
                    pos,
                    format!("unexpected . after term {:?}", term_text(&term)),
                );
            }
            other => Arg::Chain(Box::new(other), fields),
        };
        Ok((arg, chain_pos))
    }

    fn term(&mut self) -> Result<Arg, ParseError> {
        let t = self.next();
        Ok(match t.tok {
            Tok::Identifier(name) => {
                if !(self.is_func)(&name) {
                    return self.err(t.pos, format!("function {name:?} not defined"));
                }
                Arg::Identifier(name)
            }
            Tok::Dot => Arg::Dot,
            Tok::Nil => Arg::Nil,
            Tok::Variable(name) => {
                if !self.vars.contains(&name) {
                    return self.err(t.pos, format!("undefined variable {name:?}"));
                }
                Arg::Variable(name, Vec::new())
            }
            Tok::Field(name) => Arg::Field(vec![name]),
            Tok::Bool(b) => Arg::Bool(b),
            Tok::Char(c) => Arg::Number(Number {
                text: format!("{c:?}"),
                int: Some(c as i64),
                float: Some(c as u32 as f64),
                is_char: true,
            }),
            Tok::Number(text) => Arg::Number(parse_number(&text).ok_or_else(|| ParseError {
                pos: t.pos,
                message: format!("illegal number syntax: {text:?}"),
            })?),
            Tok::Str(s) => Arg::Str(s),
            Tok::LeftParen => {
                let pipe = self.pipeline("parenthesized pipeline", Tok::RightParen)?;
                Arg::Pipe(Box::new(pipe))
            }
            other => return self.err(t.pos, format!("unexpected {} in operand", describe(&other))),
        })
    }
}

enum Step {
    Node(Node),
    Skip,
    End(usize),
    Else(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BranchKind {
    If,
    Range,
    With,
}

impl BranchKind {
    fn name(self) -> &'static str {
        match self {
            BranchKind::If => "if",
            BranchKind::Range => "range",
            BranchKind::With => "with",
        }
    }
}

/// Go's notion of an empty template: only whitespace text.
fn is_empty_tree(list: &[Node]) -> bool {
    list.iter()
        .all(|n| matches!(n, Node::Text(t) if t.trim().is_empty()))
}

/// Go's untyped numeric constant: an int when it is one, a float when it parses as one.
fn parse_number(text: &str) -> Option<Number> {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let (neg, body) = match clean.strip_prefix('-') {
        Some(b) => (true, b.to_string()),
        None => (false, clean.strip_prefix('+').unwrap_or(&clean).to_string()),
    };
    let lower = body.to_ascii_lowercase();
    let int = if let Some(h) = lower.strip_prefix("0x") {
        i64::from_str_radix(h, 16).ok()
    } else if let Some(o) = lower.strip_prefix("0o") {
        i64::from_str_radix(o, 8).ok()
    } else if let Some(b) = lower.strip_prefix("0b") {
        i64::from_str_radix(b, 2).ok()
    } else if lower.len() > 1 && lower.starts_with('0') && lower.bytes().all(|b| b.is_ascii_digit())
    {
        i64::from_str_radix(&lower[1..], 8).ok()
    } else {
        lower.parse::<i64>().ok()
    }
    .map(|v| if neg { -v } else { v });
    let float = if let Some(hex) = lower.strip_prefix("0x").filter(|h| h.contains('p')) {
        hex_float(hex).map(|f| if neg { -f } else { f })
    } else if lower.starts_with("0x") {
        int.map(|v| v as f64)
    } else {
        clean.parse::<f64>().ok().or_else(|| int.map(|v| v as f64))
    };
    // An integer-valued float constant such as 1e3 is usable as an int too, as in Go.
    let int = int.or_else(|| {
        float
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18)
            .map(|f| f as i64)
    });
    if int.is_none() && float.is_none() {
        return None;
    }
    Some(Number {
        text: text.to_string(),
        int,
        float,
        is_char: false,
    })
}

/// A hexadecimal float without its `0x`: hex digits with an optional point, then `p` and a
/// decimal power of two.
fn hex_float(s: &str) -> Option<f64> {
    let (mant, exp) = s.split_once('p')?;
    let exp: i32 = exp.parse().ok()?;
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let mut v = 0f64;
    for c in int.chars() {
        v = v * 16.0 + f64::from(c.to_digit(16)?);
    }
    let mut scale = 1.0 / 16.0;
    for c in frac.chars() {
        v += f64::from(c.to_digit(16)?) * scale;
        scale /= 16.0;
    }
    Some(v * 2f64.powi(exp))
}

fn term_text(a: &Arg) -> String {
    a.to_string()
}

/// Go's item names in "unexpected X in Y" messages.
fn describe(t: &Tok) -> String {
    // Go's item.String(): keywords as <kw>, everything else as its %q-quoted text, cut to
    // ten characters.
    let q = |text: &str| {
        if text.chars().count() > 10 {
            let head: String = text.chars().take(10).collect();
            format!("{}...", crate::gostr::quote(&head))
        } else {
            crate::gostr::quote(text)
        }
    };
    match t {
        Tok::Text(s) | Tok::Identifier(s) | Tok::Variable(s) | Tok::Number(s) => q(s),
        Tok::Field(s) => q(&format!(".{s}")),
        Tok::Str(s) => q(&crate::gostr::quote(s)),
        Tok::Char(c) => q(&format!("'{c}'")),
        Tok::Punct(c) => q(&c.to_string()),
        Tok::Bool(b) => q(&b.to_string()),
        Tok::LeftDelim => q("{{"),
        Tok::RightDelim => q("}}"),
        Tok::Pipe => q("|"),
        Tok::Declare => q(":="),
        Tok::Assign => q("="),
        Tok::Comma => q(","),
        Tok::LeftParen => q("("),
        Tok::RightParen => q(")"),
        Tok::Space => q(" "),
        Tok::Comment(_) => "<comment>".into(),
        Tok::Dot => "<.>".into(),
        Tok::Block => "<block>".into(),
        Tok::Break => "<break>".into(),
        Tok::Continue => "<continue>".into(),
        Tok::Define => "<define>".into(),
        Tok::Else => "<else>".into(),
        Tok::End => "<end>".into(),
        Tok::If => "<if>".into(),
        Tok::Nil => "<nil>".into(),
        Tok::Range => "<range>".into(),
        Tok::Template => "<template>".into(),
        Tok::With => "<with>".into(),
        Tok::Eof => "EOF".into(),
    }
}

// ---- printing, as Go's node String methods (used in error contexts) ----

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Identifier(s) => f.write_str(s),
            Arg::Field(fields) => fields.iter().try_for_each(|x| write!(f, ".{x}")),
            Arg::Variable(name, fields) => {
                f.write_str(name)?;
                fields.iter().try_for_each(|x| write!(f, ".{x}"))
            }
            Arg::Chain(base, fields) => {
                match base.as_ref() {
                    Arg::Pipe(p) => write!(f, "({p})")?,
                    other => write!(f, "{other}")?,
                }
                fields.iter().try_for_each(|x| write!(f, ".{x}"))
            }
            Arg::Pipe(p) => write!(f, "({p})"),
            Arg::Dot => f.write_str("."),
            Arg::Nil => f.write_str("nil"),
            Arg::Bool(b) => write!(f, "{b}"),
            Arg::Number(n) => f.write_str(&n.text),
            Arg::Str(s) => f.write_str(&crate::gostr::quote(s)),
        }
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{a}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Pipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.decl.is_empty() {
            f.write_str(&self.decl.join(", "))?;
            f.write_str(if self.is_assign { " = " } else { " := " })?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

/// Names a set of functions for [`parse`]'s check.
pub fn func_checker<'a>(names: &'a HashSet<String>) -> impl Fn(&str) -> bool + 'a {
    move |n| names.contains(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(src: &str) -> Trees {
        parse(src, &|n| ["f", "printf", "len", "eq"].contains(&n))
            .unwrap_or_else(|e| panic!("{src}: {e:?}"))
    }

    fn err(src: &str) -> String {
        parse(src, &|n| ["f", "printf"].contains(&n))
            .map(|_| ())
            .unwrap_err()
            .message
    }

    #[test]
    fn structures() {
        let t = ok("a{{if .x}}b{{else if .y}}c{{else}}d{{end}}{{range $i, $e := .l}}{{$e}}{{break}}{{end}}");
        assert_eq!(t.main.len(), 3);
        let Node::If(b) = &t.main[1] else {
            panic!("if")
        };
        assert!(matches!(&b.else_list.as_deref(), Some([Node::If(_)])));
        let t = ok("{{define \"x\"}}X{{end}}{{template \"x\" .}}{{block \"y\" 1}}Y{{end}}");
        assert_eq!(t.defined.len(), 2);
        assert_eq!(t.main.len(), 2);
    }

    #[test]
    fn pipelines_print_like_go() {
        let t = ok("{{ $x := .a.b | f 1 \"s\" (len .c) }}");
        let Node::Action { pipe, .. } = &t.main[0] else {
            panic!("action")
        };
        assert_eq!(pipe.to_string(), "$x := .a.b | f 1 \"s\" (len .c)");
    }

    #[test]
    fn go_parse_errors() {
        assert_eq!(err("{{ g 1 }}"), "function \"g\" not defined");
        assert_eq!(err("{{ $x }}"), "undefined variable \"$x\"");
        assert_eq!(err("{{ if 1 }}"), "unexpected EOF");
        assert_eq!(err("{{ end }}"), "unexpected {{end}}");
        assert_eq!(err("{{ break }}"), "{{break}} outside {{range}}");
        assert_eq!(err("{{ if }}{{ end }}"), "missing value for if");
        assert_eq!(
            err("{{ 1 | 2 }}"),
            "non executable command in pipeline stage 2"
        );
        assert_eq!(err("{{template x}}"), "unexpected \"x\" in template clause");
        assert_eq!(err("{{ @ }}"), "unexpected \"@\" in command");
        assert_eq!(err("{{ .a } }}"), "unexpected \"}\" in operand");
        // Variables are scoped to their block.
        assert_eq!(
            err("{{ if 1 }}{{ $v := 1 }}{{ end }}{{ $v }}"),
            "undefined variable \"$v\""
        );
    }
}

//! The only module that touches YAML.
//!
//! [`parse`] reads a document into a tree of [`Node`]s with byte spans (anchors, aliases and
//! `<<` merge keys resolved), and [`from_node`] decodes a node into any serde type with Go
//! yaml's rules: unknown keys are errors (`field x not found in type T`, named after the
//! type's serde name), `null` decodes to the zero value, YAML 1.1 booleans (`yes`, `off`)
//! are accepted for booleans, and any scalar decodes into a string. Errors carry the node's
//! position, so callers can print `file:line:col` and promtool's wording alike.
//!
//! We keep our own tree instead of a serde-YAML crate because the checkers need Go's
//! messages and positions for every key, and lints walk the tree itself.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};

use crate::diag::Span;

/// A YAML node with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    /// Bytes of the node in the source (for a collection, from its first to its last token).
    pub span: Span,
    /// 1-based line and byte column of the start.
    pub line: usize,
    pub col: usize,
    /// An explicit tag such as `!!str`, as written.
    pub tag: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Scalar {
        value: String,
        style: Style,
    },
    Seq(Vec<Node>),
    /// Entries in file order; merge keys are already applied.
    Map(Vec<(Node, Node)>),
}

/// How a scalar was written; only plain scalars are resolved to null, booleans and numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Quoted,
    Block,
}

/// A scalar's meaning under the YAML core schema (as Go yaml v3 resolves it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Resolved<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
}

impl Node {
    /// The value of a scalar node.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The value for `key` in a mapping node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The entry (key node and value node) for `key` in a mapping node.
    pub fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        match &self.kind {
            NodeKind::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    /// The items of a sequence node (empty for anything else).
    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.resolve(), Some(Resolved::Null))
    }

    /// What a scalar means; `None` for collections.
    pub fn resolve(&self) -> Option<Resolved<'_>> {
        let NodeKind::Scalar { value, style } = &self.kind else {
            return None;
        };
        if let Some(tag) = &self.tag {
            return Some(match tag.as_str() {
                "!!null" => Resolved::Null,
                "!!bool" => parse_bool(value).map_or(Resolved::Str(value), Resolved::Bool),
                "!!int" => parse_int(value).map_or(Resolved::Str(value), Resolved::Int),
                "!!float" => parse_float(value)
                    .or_else(|| parse_int(value).map(|i| i as f64))
                    .map_or(Resolved::Str(value), Resolved::Float),
                _ => Resolved::Str(value),
            });
        }
        if *style != Style::Plain {
            return Some(Resolved::Str(value));
        }
        Some(resolve_plain(value))
    }

    /// Go yaml's short tag of the node, for messages: `!!str`, `!!int`, `!!map`, ...
    fn short_tag(&self) -> &'static str {
        match &self.kind {
            NodeKind::Seq(_) => "!!seq",
            NodeKind::Map(_) => "!!map",
            NodeKind::Scalar { .. } => match self.resolve() {
                Some(Resolved::Null) => "!!null",
                Some(Resolved::Bool(_)) => "!!bool",
                Some(Resolved::Int(_)) => "!!int",
                Some(Resolved::Float(_)) => "!!float",
                _ => "!!str",
            },
        }
    }

    /// `!!str `value`` for scalars, the bare tag for collections, as Go yaml's messages.
    fn describe(&self) -> String {
        match &self.kind {
            // Go's yaml shortens long values to their first 7 bytes.
            NodeKind::Scalar { value, .. } if value.len() > 10 => {
                let mut end = 7;
                while !value.is_char_boundary(end) {
                    end -= 1;
                }
                format!("{} `{}...`", self.short_tag(), &value[..end])
            }
            NodeKind::Scalar { value, .. } => format!("{} `{}`", self.short_tag(), value),
            _ => self.short_tag().to_string(),
        }
    }

    fn null_at(span: Span, line: usize, col: usize) -> Node {
        Node {
            kind: NodeKind::Scalar {
                value: String::new(),
                style: Style::Plain,
            },
            span,
            line,
            col,
            tag: None,
        }
    }
}

fn resolve_plain(v: &str) -> Resolved<'_> {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        _ => {}
    }
    if let Some(i) = parse_int(v) {
        return Resolved::Int(i);
    }
    if let Some(f) = parse_float(v) {
        return Resolved::Float(f);
    }
    Resolved::Str(v)
}

fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// YAML 1.1 booleans, which Go yaml still accepts when the target is a bool.
pub(crate) fn parse_bool_11(v: &str) -> Option<bool> {
    match v {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(false),
        _ => parse_bool(v),
    }
}

fn parse_int(v: &str) -> Option<i64> {
    let (neg, digits) = match v.as_bytes().first()? {
        b'-' => (true, &v[1..]),
        b'+' => (false, &v[1..]),
        _ => (false, v),
    };
    let (radix, body) = if let Some(h) = digits.strip_prefix("0x") {
        (16, h)
    } else if let Some(o) = digits.strip_prefix("0o") {
        (8, o)
    } else if let Some(b) = digits.strip_prefix("0b") {
        (2, b)
    } else {
        (10, digits)
    };
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let magnitude = i128::from_str_radix(body, radix).ok()?;
    i64::try_from(if neg { -magnitude } else { magnitude }).ok()
}

fn parse_float(v: &str) -> Option<f64> {
    match v {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
    let b = v.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let int_start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let int_digits = i - int_start;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let frac_start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if int_digits == 0 && i == frac_start {
            return None;
        }
    } else if int_digits == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let exp_start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == exp_start {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    v.parse().ok()
}

// ---- errors ----

/// What went wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    /// 1-based line and byte column; 0 when unknown.
    pub line: usize,
    pub col: usize,
    pub span: Option<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text is not YAML.
    Syntax,
    /// The YAML does not fit the type (unknown field, wrong kind of value).
    Unmarshal,
    /// A value's own validation failed (e.g. a bad duration).
    Custom,
}

impl Error {
    fn at_node(kind: ErrorKind, message: String, node: &Node) -> Error {
        Error {
            kind,
            message,
            line: node.line,
            col: node.col,
            span: Some(node.span),
        }
    }

    fn unmarshal(message: String, node: &Node) -> Error {
        Error::at_node(ErrorKind::Unmarshal, message, node)
    }

    fn cannot_unmarshal(node: &Node, into: &str) -> Error {
        Error::unmarshal(
            format!("cannot unmarshal {} into {into}", node.describe()),
            node,
        )
    }

    /// Gives an error raised without a position (by a value's own `Deserialize`) the node's.
    fn or_at(mut self, node: &Node) -> Error {
        if self.span.is_none() {
            self.line = node.line;
            self.col = node.col;
            self.span = Some(node.span);
        }
        self
    }
}

/// Go yaml's wording: `yaml: line N: …` for syntax errors, `yaml: unmarshal errors:` with
/// one indented `line N: …` for decoding errors, and a value's own error as it is.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::Syntax => write!(f, "yaml: line {}: {}", self.line, self.message),
            ErrorKind::Unmarshal => write!(
                f,
                "yaml: unmarshal errors:\n  line {}: {}",
                self.line, self.message
            ),
            ErrorKind::Custom => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            kind: ErrorKind::Custom,
            message: msg.to_string(),
            line: 0,
            col: 0,
            span: None,
        }
    }
}

// ---- yaml.v2's soft errors ----

thread_local! {
    /// The soft errors of the decoding in progress on this thread; `None` outside
    /// [`Options::soft_errors`] decoding. Thread-local because `go_struct!` code sees only
    /// serde's generic `MapAccess`, not our deserializer.
    static SOFT: RefCell<Option<Vec<Error>>> = const { RefCell::new(None) };
}

/// The message of an error standing for a soft error already recorded.
const RECORDED: &str = "\u{1}recorded yaml type error\u{1}";

/// Prefix of a custom error that is really a yaml.v2 type error (`cannot unmarshal ...`):
/// our own `Deserialize` impls can only raise custom errors.
pub const TYPE_ERROR: &str = "\u{1}type-error\u{1}";

/// How many soft errors the decoding in progress has recorded (0 outside soft decoding).
pub fn soft_error_count() -> usize {
    SOFT.with(|s| s.borrow().as_ref().map_or(0, Vec::len))
}

/// Whether a decoding error stands for a soft error already recorded: the value being
/// decoded keeps its zero value and decoding goes on.
pub fn is_recorded(e: &impl fmt::Display) -> bool {
    e.to_string() == RECORDED
}

/// Records `e` when it is a soft error and soft errors are being collected.
fn soften(e: Error) -> Error {
    if SOFT.with(|s| s.borrow().is_none()) {
        return e;
    }
    let soft = match e.kind {
        ErrorKind::Unmarshal => Some(e.message.clone()),
        ErrorKind::Custom => e.message.strip_prefix(TYPE_ERROR).map(str::to_string),
        ErrorKind::Syntax => None,
    };
    let Some(message) = soft else {
        return e;
    };
    SOFT.with(|s| {
        if let Some(list) = s.borrow_mut().as_mut() {
            list.push(Error {
                kind: ErrorKind::Unmarshal,
                message,
                ..e.clone()
            });
        }
    });
    Error {
        kind: ErrorKind::Custom,
        message: RECORDED.into(),
        ..e
    }
}

/// Records a soft error found while decoding (an unknown or repeated key).
fn record(message: String, node: &Node) {
    soften(Error::unmarshal(message, node));
}

/// Decodes with soft errors collected: a hard error wins; otherwise the soft errors, if
/// any, come back as one error listing them in document order, as yaml.v2's.
fn decode_collecting<T: DeserializeOwned>(node: &Node, opts: Options) -> Result<T, Error> {
    let outer = SOFT.with(|s| s.replace(Some(Vec::new())));
    let result = from_node::<T>(node, opts).map_err(soften);
    let soft = SOFT.with(|s| s.replace(outer)).unwrap_or_default();
    match result {
        Err(e) if !is_recorded(&e) => Err(e),
        _ if !soft.is_empty() => {
            let mut first = soft[0].clone();
            for e in &soft[1..] {
                first
                    .message
                    .push_str(&format!("\n  line {}: {}", e.line, e.message));
            }
            Err(first)
        }
        result => result,
    }
}

// ---- parsing ----

/// Parses every document in `src`. An empty stream has no documents. A key repeated in a
/// mapping is an error, as in Go's yaml.v3.
pub fn parse(src: &str) -> Result<Vec<Node>, Error> {
    parse_with(src, false)
}

/// Parses every document; with `go_yaml_v2`, as yaml.v2's `Unmarshal` reads: repeated mapping
/// keys are kept (it rejects them when decoding, naming the target type) and reading stops
/// after the first document (later ones are never parsed).
fn parse_with(src: &str, go_yaml_v2: bool) -> Result<Vec<Node>, Error> {
    let keep_duplicates = go_yaml_v2;
    let lines = LineIndex::new(src);
    let mut builder = Builder {
        src,
        lines: &lines,
        anchors: HashMap::new(),
        keep_duplicates,
    };
    let mut events = Parser::new_from_str(src).peekable();
    let mut docs = Vec::new();
    loop {
        let (ev, span) = next_event(&mut events, &lines, src)?;
        match ev {
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                let (first, first_span) = next_event(&mut events, &lines, src)?;
                if matches!(first, Event::DocumentEnd) {
                    let (line, col, off) = builder.pos(first_span.start);
                    docs.push(Node::null_at(Span::point(off), line, col));
                } else {
                    docs.push(builder.node(first, first_span, &mut events)?);
                }
                if go_yaml_v2 {
                    break;
                }
            }
            other => {
                return Err(builder.syntax(span, format!("unexpected event {other:?}")));
            }
        }
    }
    Ok(docs)
}

/// Parses `src` and decodes its first document into `T` (Go yaml's `Unmarshal`); an empty
/// document decodes like `null`. Also returns the tree, for positions and lints.
pub fn from_str<T: DeserializeOwned>(src: &str, opts: Options) -> Result<(T, Node), Error> {
    let docs = parse_with(src, opts.go_yaml_v2)?;
    let node = docs
        .into_iter()
        .next()
        .unwrap_or_else(|| Node::null_at(Span::point(0), 1, 1));
    let value = if opts.soft_errors {
        decode_collecting(&node, opts)?
    } else {
        from_node(&node, opts)?
    };
    Ok((value, node))
}

/// Decoding options.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Ignore keys that the target struct does not have (Go yaml's default; Prometheus
    /// decodes strictly unless told otherwise).
    pub ignore_unknown_fields: bool,
    /// Go yaml.v2's strict decoding (Prometheus's configuration files): a repeated key is
    /// `field x already set in type T` or `key "x" already set in map` when decoded.
    pub go_yaml_v2: bool,
    /// With `go_yaml_v2`, yaml.v2's two kinds of errors (Alertmanager's configuration
    /// depends on them): type errors, unknown and repeated fields are *soft*, collected while
    /// decoding goes on, the value keeping its zero value, and reported together at the end;
    /// an error from a value's own validation is *hard* and ends decoding at once, so it wins
    /// over soft errors anywhere in the document. A struct whose decoding raised soft errors
    /// skips its own validation (`go_struct!` does this), as a Go `UnmarshalYAML` returns
    /// early on them.
    pub soft_errors: bool,
}

/// Decodes a node into `T`.
pub fn from_node<T: DeserializeOwned>(node: &Node, opts: Options) -> Result<T, Error> {
    T::deserialize(Deserializer { node, opts }).map_err(|e: Error| e.or_at(node))
}

type Events<'a> = std::iter::Peekable<Parser<'a, saphyr_parser::StrInput<'a>>>;

fn next_event<'a>(
    events: &mut Events<'a>,
    lines: &LineIndex,
    src: &str,
) -> Result<(Event<'a>, YSpan), Error> {
    match events.next() {
        Some(Ok(e)) => Ok(e),
        Some(Err(e)) => {
            let m = e.marker();
            let (line, col, off) = lines.pos(src, m.line(), m.col());
            Err(Error {
                kind: ErrorKind::Syntax,
                message: e.info().to_string(),
                line,
                col,
                span: Some(Span::point(off)),
            })
        }
        None => Err(Error {
            kind: ErrorKind::Syntax,
            message: "unexpected end of the stream".into(),
            line: lines.starts.len(),
            col: 1,
            span: Some(Span::point(src.len())),
        }),
    }
}

/// Byte offsets of line starts, to turn the parser's (line, char column) into bytes.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(src: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// (1-based line, 1-based byte column, byte offset) of a 1-based line and 0-based char
    /// column.
    fn pos(&self, src: &str, line: usize, char_col: usize) -> (usize, usize, usize) {
        let line = line.clamp(1, self.starts.len());
        let start = self.starts[line - 1];
        let rest = &src[start..];
        let bytes: usize = rest
            .char_indices()
            .nth(char_col)
            .map_or(rest.len(), |(i, _)| i);
        (line, bytes + 1, start + bytes)
    }
}

struct Builder<'s> {
    src: &'s str,
    lines: &'s LineIndex,
    anchors: HashMap<usize, Node>,
    keep_duplicates: bool,
}

impl Builder<'_> {
    fn pos(&self, m: saphyr_parser::Marker) -> (usize, usize, usize) {
        self.lines.pos(self.src, m.line(), m.col())
    }

    fn syntax(&self, span: YSpan, message: String) -> Error {
        let (line, col, off) = self.pos(span.start);
        Error {
            kind: ErrorKind::Syntax,
            message,
            line,
            col,
            span: Some(Span::point(off)),
        }
    }

    fn node<'a>(
        &mut self,
        ev: Event<'a>,
        span: YSpan,
        events: &mut Events<'a>,
    ) -> Result<Node, Error> {
        let (line, col, start) = self.pos(span.start);
        let (node, anchor) = match ev {
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(self.syntax(span, "unknown anchor".into()));
                };
                // The alias stands for the anchored node, but errors point at its use.
                let mut n = target.clone();
                n.line = line;
                n.col = col;
                let (_, _, end) = self.pos(span.end);
                n.span = Span::new(start, end.max(start));
                return Ok(n);
            }
            Event::Scalar(value, style, anchor, tag) => {
                let (_, _, end) = self.pos(span.end);
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                    _ => Style::Block,
                };
                let node = Node {
                    kind: NodeKind::Scalar {
                        value: value.into_owned(),
                        style,
                    },
                    span: Span::new(start, end.max(start)),
                    line,
                    col,
                    tag: tag.map(|t| tag_name(&t.handle, &t.suffix)),
                };
                (node, anchor)
            }
            Event::SequenceStart(anchor, tag) => {
                let mut items = Vec::new();
                let end = loop {
                    let (ev, sp) = next_event(events, self.lines, self.src)?;
                    if matches!(ev, Event::SequenceEnd) {
                        break self.pos(sp.end).2;
                    }
                    items.push(self.node(ev, sp, events)?);
                };
                let end = items.last().map_or(end, |n| n.span.end.max(end));
                let node = Node {
                    kind: NodeKind::Seq(items),
                    span: Span::new(start, end.max(start)),
                    line,
                    col,
                    tag: tag.map(|t| tag_name(&t.handle, &t.suffix)),
                };
                (node, anchor)
            }
            Event::MappingStart(anchor, tag) => {
                let mut entries: Vec<(Node, Node)> = Vec::new();
                let mut merged: Vec<(Node, Node)> = Vec::new();
                let mut end = start;
                loop {
                    let (ev, sp) = next_event(events, self.lines, self.src)?;
                    if matches!(ev, Event::MappingEnd) {
                        end = end.max(self.pos(sp.end).2);
                        break;
                    }
                    let key = self.node(ev, sp, events)?;
                    let (vev, vsp) = next_event(events, self.lines, self.src)?;
                    let value = self.node(vev, vsp, events)?;
                    end = end.max(value.span.end);
                    if key.as_str() == Some("<<") && key.tag.is_none() {
                        self.merge_source(&value, &mut merged)?;
                        continue;
                    }
                    if let Some((first, _)) = entries.iter().find(|(k, _)| {
                        !self.keep_duplicates && k.kind == key.kind && key.as_str().is_some()
                    }) {
                        return Err(Error::unmarshal(
                            format!(
                                "mapping key {:?} already defined at line {}",
                                key.as_str().unwrap_or_default(),
                                first.line
                            ),
                            &key,
                        ));
                    }
                    entries.push((key, value));
                }
                // Explicit keys win over merged ones; merged keys keep their first source.
                for (k, v) in merged {
                    if !entries.iter().any(|(ek, _)| ek.kind == k.kind) {
                        entries.push((k, v));
                    }
                }
                let node = Node {
                    kind: NodeKind::Map(entries),
                    span: Span::new(start, end.max(start)),
                    line,
                    col,
                    tag: tag.map(|t| tag_name(&t.handle, &t.suffix)),
                };
                (node, anchor)
            }
            other => return Err(self.syntax(span, format!("unexpected event {other:?}"))),
        };
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }

    /// The entries a `<<` value contributes: a mapping, or a sequence of mappings where
    /// earlier ones win.
    fn merge_source(&self, value: &Node, merged: &mut Vec<(Node, Node)>) -> Result<(), Error> {
        let mut add = |m: &Node| -> Result<(), Error> {
            let NodeKind::Map(entries) = &m.kind else {
                return Err(Error::unmarshal(
                    "map merge requires map or sequence of maps as the value".into(),
                    m,
                ));
            };
            for (k, v) in entries {
                if !merged.iter().any(|(mk, _)| mk.kind == k.kind) {
                    merged.push((k.clone(), v.clone()));
                }
            }
            Ok(())
        };
        match &value.kind {
            NodeKind::Seq(items) => items.iter().try_for_each(add),
            _ => add(value),
        }
    }
}

// ---- decoding ----

#[derive(Clone, Copy)]
struct Deserializer<'n> {
    node: &'n Node,
    opts: Options,
}

impl<'n> Deserializer<'n> {
    fn child(&self, node: &'n Node) -> Self {
        Deserializer {
            node,
            opts: self.opts,
        }
    }

    fn int<T: TryFrom<i64>>(&self, into: &str) -> Result<T, Error> {
        let n = self.node;
        match n.resolve() {
            Some(Resolved::Null) => T::try_from(0).map_err(|_| Error::cannot_unmarshal(n, into)),
            Some(Resolved::Int(i)) => T::try_from(i).map_err(|_| Error::cannot_unmarshal(n, into)),
            Some(Resolved::Float(f)) if f.fract() == 0.0 && f.abs() < 9.2e18 => {
                T::try_from(f as i64).map_err(|_| Error::cannot_unmarshal(n, into))
            }
            _ => Err(Error::cannot_unmarshal(n, into)),
        }
    }

    fn uint(&self, into: &str) -> Result<u64, Error> {
        let n = self.node;
        match n.resolve() {
            Some(Resolved::Null) => Ok(0),
            Some(Resolved::Int(i)) => {
                u64::try_from(i).map_err(|_| Error::cannot_unmarshal(n, into))
            }
            Some(Resolved::Str(s)) if parse_uint(s).is_some() => {
                parse_uint(s).ok_or_else(|| Error::cannot_unmarshal(n, into))
            }
            _ => Err(Error::cannot_unmarshal(n, into)),
        }
    }

    fn float(&self) -> Result<f64, Error> {
        let n = self.node;
        match n.resolve() {
            Some(Resolved::Null) => Ok(0.0),
            Some(Resolved::Int(i)) => Ok(i as f64),
            Some(Resolved::Float(f)) => Ok(f),
            _ => Err(Error::cannot_unmarshal(n, "float64")),
        }
    }

    /// Hands a mapping's entries to a visitor; errors without a position get the mapping's.
    fn visit_entries<'de, V: Visitor<'de>, I: Iterator<Item = &'n (Node, Node)>>(
        self,
        entries: I,
        visitor: V,
    ) -> Result<V::Value, Error>
    where
        'n: 'de,
    {
        visitor
            .visit_map(MapAccess {
                de: self,
                entries,
                value: None,
            })
            .map_err(|e: Error| e.or_at(self.node))
    }

    fn map_entries(&self, into: &str) -> Result<&'n [(Node, Node)], Error> {
        match &self.node.kind {
            NodeKind::Map(entries) => Ok(entries),
            _ if self.node.is_null() => Ok(&[]),
            _ => Err(Error::cannot_unmarshal(self.node, into)),
        }
    }
}

/// A tag as written: the core schema's `tag:yaml.org,2002:x` is `!!x`.
fn tag_name(handle: &str, suffix: &str) -> String {
    let full = format!("{handle}{suffix}");
    match full.strip_prefix("tag:yaml.org,2002:") {
        Some(short) => format!("!!{short}"),
        None => full,
    }
}

/// The second occurrence of the first key written twice in a mapping.
fn first_repeated_key(entries: &[(Node, Node)]) -> Option<&Node> {
    entries.iter().enumerate().find_map(|(i, (k, _))| {
        entries[..i]
            .iter()
            .any(|(prev, _)| prev.kind == k.kind)
            .then_some(k)
    })
}

/// Unsigned integers above `i64::MAX`.
fn parse_uint(v: &str) -> Option<u64> {
    v.strip_prefix('+').unwrap_or(v).parse().ok()
}

macro_rules! int_methods {
    ($($method:ident $visit:ident $t:ty, $go:literal;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let v: $t = self.int($go)?;
            visitor.$visit(v).map_err(|e: Error| e.or_at(self.node))
        }
    )*};
}

macro_rules! uint_methods {
    ($($method:ident $visit:ident $t:ty, $go:literal;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let v = self.uint($go)?;
            let v = <$t>::try_from(v).map_err(|_| Error::cannot_unmarshal(self.node, $go))?;
            visitor.$visit(v).map_err(|e: Error| e.or_at(self.node))
        }
    )*};
}

impl<'de, 'n: 'de> de::Deserializer<'de> for Deserializer<'n> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let n = self.node;
        let r = match &n.kind {
            NodeKind::Seq(items) => visitor.visit_seq(SeqAccess {
                de: self,
                items: items.iter(),
            }),
            NodeKind::Map(entries) => visitor.visit_map(MapAccess {
                de: self,
                entries: entries.iter(),
                value: None,
            }),
            NodeKind::Scalar { .. } => match n.resolve() {
                Some(Resolved::Null) | None => visitor.visit_unit(),
                Some(Resolved::Bool(b)) => visitor.visit_bool(b),
                Some(Resolved::Int(i)) => visitor.visit_i64(i),
                Some(Resolved::Float(f)) => visitor.visit_f64(f),
                Some(Resolved::Str(s)) => visitor.visit_borrowed_str(s),
            },
        };
        r.map_err(|e: Error| e.or_at(n))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let n = self.node;
        let b = match (n.resolve(), &n.kind) {
            (Some(Resolved::Null), _) => false,
            (Some(Resolved::Bool(b)), _) => b,
            (_, NodeKind::Scalar { value, style }) if *style == Style::Plain => {
                parse_bool_11(value).ok_or_else(|| Error::cannot_unmarshal(n, "bool"))?
            }
            _ => return Err(Error::cannot_unmarshal(n, "bool")),
        };
        visitor.visit_bool(b).map_err(|e: Error| e.or_at(n))
    }

    int_methods! {
        deserialize_i8 visit_i8 i8, "int8";
        deserialize_i16 visit_i16 i16, "int16";
        deserialize_i32 visit_i32 i32, "int32";
        deserialize_i64 visit_i64 i64, "int";
    }

    uint_methods! {
        deserialize_u8 visit_u8 u8, "uint8";
        deserialize_u16 visit_u16 u16, "uint16";
        deserialize_u32 visit_u32 u32, "uint32";
        deserialize_u64 visit_u64 u64, "uint64";
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let f = self.float()?;
        visitor
            .visit_f32(f as f32)
            .map_err(|e: Error| e.or_at(self.node))
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let f = self.float()?;
        visitor.visit_f64(f).map_err(|e: Error| e.or_at(self.node))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let n = self.node;
        match &n.kind {
            // Go yaml decodes any scalar into a string as written; null leaves it empty.
            // `!!binary` is base64; bytes that are not UTF-8 go to `visit_byte_buf`, so a
            // type that models Go's byte strings can still report them.
            NodeKind::Scalar { value, .. } if n.tag.as_deref() == Some("!!binary") => {
                let bytes =
                    crate::gostr::base64_std_decode(value.as_bytes(), |b| b.is_ascii_whitespace())
                        .ok_or_else(|| {
                            Error::at_node(
                                ErrorKind::Syntax,
                                "!!binary value contains invalid base64 data".into(),
                                n,
                            )
                        })?;
                match String::from_utf8(bytes) {
                    Ok(s) => visitor.visit_string(s),
                    Err(e) => visitor.visit_byte_buf(e.into_bytes()),
                }
                .map_err(|e: Error| e.or_at(n))
            }
            NodeKind::Scalar { value, .. } => {
                let s: &'de str = if n.is_null() { "" } else { value };
                visitor.visit_borrowed_str(s).map_err(|e: Error| e.or_at(n))
            }
            _ => Err(Error::cannot_unmarshal(n, "string")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.node.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let n = self.node;
        let items: &'n [Node] = match &n.kind {
            NodeKind::Seq(items) => items,
            _ if n.is_null() => &[],
            _ => return Err(Error::cannot_unmarshal(n, "a sequence")),
        };
        visitor
            .visit_seq(SeqAccess {
                de: self,
                items: items.iter(),
            })
            .map_err(|e: Error| e.or_at(n))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let entries = self.map_entries("a mapping")?;
        if self.opts.soft_errors {
            // yaml.v2 reports a repeated key and decodes the first one.
            let mut seen: Vec<&NodeKind> = Vec::new();
            let entries = entries.iter().filter(move |(k, _)| {
                if seen.contains(&&k.kind) {
                    let key = crate::gostr::quote(k.as_str().unwrap_or_default());
                    record(format!("key {key} already set in map"), k);
                    return false;
                }
                seen.push(&k.kind);
                true
            });
            return self.visit_entries(entries, visitor);
        }
        if self.opts.go_yaml_v2 {
            if let Some(k) = first_repeated_key(entries) {
                return Err(Error::unmarshal(
                    format!(
                        "key {} already set in map",
                        crate::gostr::quote(k.as_str().unwrap_or_default())
                    ),
                    k,
                ));
            }
        }
        self.visit_entries(entries.iter(), visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == SPANNED {
            return visitor.visit_map(SpannedAccess { de: self, next: 0 });
        }
        let entries = self.map_entries(name)?;
        if self.opts.soft_errors {
            // yaml.v2's order: a known field set twice, else a key the type does not have.
            let strict = !self.opts.ignore_unknown_fields;
            let mut seen: Vec<&NodeKind> = Vec::new();
            let entries = entries.iter().filter(move |(k, _)| {
                let key = k.as_str().unwrap_or_default();
                if fields.contains(&key) {
                    if seen.contains(&&k.kind) {
                        record(format!("field {key} already set in type {name}"), k);
                        return false;
                    }
                    seen.push(&k.kind);
                    return true;
                }
                if strict {
                    record(format!("field {key} not found in type {name}"), k);
                }
                false
            });
            return self.visit_entries(entries, visitor);
        }
        if self.opts.go_yaml_v2 {
            if let Some(k) = first_repeated_key(entries) {
                let key = k.as_str().unwrap_or_default();
                return Err(Error::unmarshal(
                    format!("field {key} already set in type {name}"),
                    k,
                ));
            }
        }
        if !self.opts.ignore_unknown_fields {
            for (k, _) in entries {
                let key = k.as_str().unwrap_or_default();
                if !fields.contains(&key) {
                    return Err(Error::unmarshal(
                        format!("field {key} not found in type {name}"),
                        k,
                    ));
                }
            }
        }
        let entries = entries
            .iter()
            .filter(|(k, _)| fields.contains(&k.as_str().unwrap_or_default()));
        self.visit_entries(entries, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let n = self.node;
        match &n.kind {
            NodeKind::Scalar { value, .. } => visitor
                .visit_enum(value.as_str().into_deserializer())
                .map_err(|e: Error| e.or_at(n)),
            NodeKind::Map(entries) if entries.len() == 1 => visitor
                .visit_enum(EnumAccess {
                    de: self,
                    key: &entries[0].0,
                    value: &entries[0].1,
                })
                .map_err(|e: Error| e.or_at(n)),
            _ => Err(Error::cannot_unmarshal(n, name)),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

struct SeqAccess<'n, I> {
    de: Deserializer<'n>,
    items: I,
}

impl<'de, 'n: 'de, I: Iterator<Item = &'n Node>> de::SeqAccess<'de> for SeqAccess<'n, I> {
    type Error = Error;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.items.next() {
            Some(n) => seed
                .deserialize(self.de.child(n))
                .map(Some)
                .map_err(|e: Error| soften(e.or_at(n))),
            None => Ok(None),
        }
    }
}

struct MapAccess<'n, I> {
    de: Deserializer<'n>,
    entries: I,
    value: Option<&'n Node>,
}

impl<'de, 'n: 'de, I: Iterator<Item = &'n (Node, Node)>> de::MapAccess<'de> for MapAccess<'n, I> {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.entries.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(self.de.child(k))
                    .map(Some)
                    .map_err(|e: Error| e.or_at(k))
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some(v) = self.value.take() else {
            return Err(de::Error::custom("value without a key"));
        };
        seed.deserialize(self.de.child(v))
            .map_err(|e: Error| soften(e.or_at(v)))
    }
}

struct EnumAccess<'n> {
    de: Deserializer<'n>,
    key: &'n Node,
    value: &'n Node,
}

impl<'de, 'n: 'de> de::EnumAccess<'de> for EnumAccess<'n> {
    type Error = Error;
    type Variant = Deserializer<'n>;

    fn variant_seed<V: de::DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), Error> {
        let v = seed.deserialize(self.de.child(self.key))?;
        Ok((v, self.de.child(self.value)))
    }
}

impl<'de, 'n: 'de> de::VariantAccess<'de> for Deserializer<'n> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_seq(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_struct(self, "", fields, visitor)
    }
}

// ---- ordered mappings ----

/// A mapping kept in file order (Go's maps have none; ours reports in the order written),
/// with each key's position.
#[derive(Debug, Clone, PartialEq)]
pub struct Pairs<V>(pub Vec<(Spanned<String>, V)>);

impl<V> Default for Pairs<V> {
    fn default() -> Self {
        Pairs(Vec::new())
    }
}

impl<V> Pairs<V> {
    pub fn iter(&self) -> impl Iterator<Item = (&Spanned<String>, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl<'de, V: de::Deserialize<'de>> de::Deserialize<'de> for Pairs<V> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PairsVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: de::Deserialize<'de>> Visitor<'de> for PairsVisitor<V> {
            type Value = Pairs<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut m: A) -> Result<Pairs<V>, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = m.next_entry()? {
                    out.push(entry);
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(PairsVisitor(std::marker::PhantomData))
    }
}

// ---- Spanned ----

const SPANNED: &str = "$lookout::yaml::Spanned";
const SPANNED_FIELDS: [&str; 5] = ["$start", "$end", "$line", "$col", "$value"];

/// A value with the position of the node it came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
    pub line: usize,
    pub col: usize,
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: de::Deserialize<'de>> de::Deserialize<'de> for Spanned<T> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: de::Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Spanned<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a YAML value")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut m: A) -> Result<Spanned<T>, A::Error> {
                let mut nums = [0usize; 4];
                for n in nums.iter_mut() {
                    let _: Option<de::IgnoredAny> = m.next_key()?;
                    *n = m.next_value()?;
                }
                let _: Option<de::IgnoredAny> = m.next_key()?;
                let value = m.next_value()?;
                Ok(Spanned {
                    value,
                    span: Span::new(nums[0], nums[1]),
                    line: nums[2],
                    col: nums[3],
                })
            }
        }
        d.deserialize_struct(SPANNED, &SPANNED_FIELDS, V(std::marker::PhantomData))
    }
}

/// The byte offset in `src` of byte `at` of a scalar's `value`, for pointing inside a value
/// (a PromQL error inside `expr:`). Exact where the value appears verbatim (plain and
/// quoted scalars without escapes, one-line blocks) and for block scalars; otherwise the
/// start of the node.
pub fn locate<T>(src: &str, node: &Spanned<T>, value: &str, at: usize) -> usize {
    let slice = src.get(node.span.start..node.span.end).unwrap_or("");
    if !value.is_empty() {
        if let Some(i) = slice.find(value) {
            return node.span.start + i + at.min(value.len());
        }
    }
    let before = value.get(..at).unwrap_or(value);
    let k = before.matches('\n').count();
    let c = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
    // A block scalar starts at its first content line, indented to its column; value line
    // k is source line k after that.
    let indent = node.col.saturating_sub(1);
    let mut offset = node.span.start - indent.min(node.span.start);
    for (i, line) in src[offset..].split_inclusive('\n').enumerate() {
        if i == k {
            let content = line.trim_end_matches(['\n', '\r']);
            return offset + (indent + c).min(content.len());
        }
        offset += line.len();
    }
    node.span.start
}

struct SpannedAccess<'n> {
    de: Deserializer<'n>,
    next: usize,
}

impl<'de, 'n: 'de> de::MapAccess<'de> for SpannedAccess<'n> {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match SPANNED_FIELDS.get(self.next) {
            Some(name) => seed.deserialize(name.into_deserializer()).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let n = self.de.node;
        let i = self.next;
        self.next += 1;
        let num = match i {
            0 => n.span.start,
            1 => n.span.end,
            2 => n.line,
            3 => n.col,
            _ => return seed.deserialize(self.de),
        };
        seed.deserialize((num as u64).into_deserializer())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize, Default, PartialEq)]
    #[serde(default, rename = "test.Rule")]
    struct Rule {
        alert: String,
        expr: Spanned<String>,
        #[serde(rename = "for")]
        for_: Option<String>,
        labels: BTreeMap<String, String>,
        count: i64,
        enabled: bool,
    }

    #[derive(Debug, Deserialize, Default, PartialEq)]
    #[serde(default, rename = "test.Groups")]
    struct Groups {
        rules: Vec<Rule>,
    }

    fn decode(src: &str) -> Result<Groups, Error> {
        from_str::<Groups>(src, Options::default()).map(|(g, _)| g)
    }

    #[test]
    fn positions_are_lines_and_byte_columns() {
        let src = "rules:\n  - alert: é\n    expr: up == 0\n";
        let g = decode(src).expect("decodes");
        let e = &g.rules[0].expr;
        assert_eq!((e.line, e.col), (3, 11));
        assert_eq!(&src[e.span.start..e.span.end], "up == 0");
        let src = "rules:\n  - {alert: \"éé\", expr: x}\n";
        let e = &decode(src).expect("decodes").rules[0].expr;
        assert_eq!(&src[e.span.start..e.span.end], "x");
        assert_eq!((e.line, e.col), (2, 27));
    }

    #[test]
    fn unknown_fields_are_named_with_the_type() {
        let err = decode("rules:\n  - alert: a\n    annotation: {}\n").unwrap_err();
        assert_eq!(err.message, "field annotation not found in type test.Rule");
        assert_eq!((err.line, err.col), (3, 5));
        assert_eq!(
            err.to_string(),
            "yaml: unmarshal errors:\n  line 3: field annotation not found in type test.Rule"
        );
        let opts = Options {
            ignore_unknown_fields: true,
            ..Options::default()
        };
        let (g, _) = from_str::<Groups>("rules:\n  - alert: a\n    x: 1\n", opts).expect("lenient");
        assert_eq!(g.rules[0].alert, "a");
    }

    #[test]
    fn scalars_follow_go_yaml() {
        let g = decode("rules:\n- alert: 15\n  for: 5m\n  count: 0x10\n  enabled: yes\n")
            .expect("decodes");
        assert_eq!(g.rules[0].alert, "15");
        assert_eq!(g.rules[0].for_.as_deref(), Some("5m"));
        assert_eq!(g.rules[0].count, 16);
        assert!(g.rules[0].enabled);
        let g = decode("rules:\n- alert: ~\n  for:\n  labels:\n").expect("nulls are zero values");
        assert_eq!(g.rules[0].alert, "");
        assert_eq!(g.rules[0].for_, None);
        let err = decode("rules:\n- count: abc\n").unwrap_err();
        assert_eq!(err.message, "cannot unmarshal !!str `abc` into int");
        assert_eq!(err.line, 2);
        let err = decode("rules: 3\n").unwrap_err();
        assert_eq!(err.message, "cannot unmarshal !!int `3` into a sequence");
        let err = decode("rules:\n- [1]\n").unwrap_err();
        assert_eq!(err.message, "cannot unmarshal !!seq into test.Rule");
        assert_eq!(decode("").expect("empty"), Groups::default());
        assert_eq!(
            decode("# nothing\n").expect("comment only"),
            Groups::default()
        );
    }

    #[test]
    fn anchors_aliases_and_merge_keys() {
        let src = "rules:\n  - &a\n    alert: A\n    expr: &e x > 1\n  - expr: *e\n  - <<: *a\n    alert: B\n";
        let g = decode(src).expect("decodes");
        assert_eq!(g.rules[1].expr.value, "x > 1");
        assert_eq!(g.rules[2].alert, "B");
        assert_eq!(g.rules[2].expr.value, "x > 1");
        // The alias's position is where it is used.
        assert_eq!(g.rules[1].expr.line, 5);
    }

    #[test]
    fn duplicate_keys_and_syntax_errors() {
        let err = decode("rules:\n- alert: a\n  alert: b\n").unwrap_err();
        assert_eq!(
            err.message,
            "mapping key \"alert\" already defined at line 2"
        );
        assert_eq!(err.line, 3);
        let err = decode("rules:\n- alert: a\n b: [\n").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Syntax);
        assert!(err.to_string().starts_with("yaml: line "), "{err}");
        let err = decode("rules: [a, *nope]\n").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Syntax);
    }

    #[test]
    fn custom_errors_get_the_node_position() {
        #[derive(Debug, Deserialize)]
        struct Even(#[serde(deserialize_with = "even")] i64);
        fn even<'de, D: de::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
            let v = i64::deserialize(d)?;
            if v % 2 == 0 {
                Ok(v)
            } else {
                Err(de::Error::custom(format!("{v} is odd")))
            }
        }
        let (ok, _) =
            from_str::<BTreeMap<String, Even>>("a: 2\n", Options::default()).expect("even");
        assert_eq!(ok["a"].0, 2);
        let err =
            from_str::<BTreeMap<String, Even>>("a: 2\nb: 3\n", Options::default()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Custom);
        assert_eq!(err.to_string(), "3 is odd");
        assert_eq!((err.line, err.col), (2, 4));
    }

    #[test]
    fn soft_errors_are_collected_and_hard_ones_win() {
        let opts = Options {
            go_yaml_v2: true,
            soft_errors: true,
            ..Options::default()
        };
        let err = from_str::<Groups>(
            "rules:\n- alert: a\n  bogus: 1\n  alert: c\n  count: x\n",
            opts,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "yaml: unmarshal errors:\n  line 3: field bogus not found in type test.Rule\n  line 4: field alert already set in type test.Rule\n  line 5: cannot unmarshal !!str `x` into int"
        );
        assert_eq!(err.line, 3);
        #[derive(Debug, Deserialize)]
        struct Hard {
            #[allow(dead_code)]
            a: Option<i64>,
            #[serde(deserialize_with = "fail")]
            #[allow(dead_code)]
            b: (),
        }
        fn fail<'de, D: de::Deserializer<'de>>(_: D) -> Result<(), D::Error> {
            Err(de::Error::custom("hard"))
        }
        let err = from_str::<Hard>("zzz: 1\nb: 1\n", opts).unwrap_err();
        assert_eq!(err.to_string(), "hard");
        assert_eq!(soft_error_count(), 0, "collection ends with the decoding");
    }

    #[test]
    fn documents() {
        assert_eq!(parse("").expect("empty").len(), 0);
        assert_eq!(parse("a: 1\n---\nb: 2\n").expect("two").len(), 2);
        let docs = parse("---\n...\n").expect("explicit empty");
        assert!(docs[0].is_null());
    }

    #[test]
    fn locating_inside_values() {
        #[derive(Deserialize)]
        struct E {
            e: Spanned<String>,
        }
        for src in [
            "e: rate(x[5m])\n",
            "e: \"rate(x[5m])\"\n",
            "e: |\n  rate(x[5m])\n",
            "e: |\n    sum(\n      rate(x[5m])\n    )\n",
        ] {
            let (E { e }, _) = from_str::<E>(src, Options::default()).expect("decodes");
            let at = e.value.find("x[").expect("x");
            let off = locate(src, &e, &e.value, at);
            assert_eq!(&src[off..off + 2], "x[", "{src:?}");
        }
    }

    #[test]
    fn resolution() {
        for (v, want) in [
            ("1.5", Resolved::Float(1.5)),
            ("-2", Resolved::Int(-2)),
            ("1e3", Resolved::Float(1000.0)),
            ("0o17", Resolved::Int(15)),
            ("5m", Resolved::Str("5m")),
            ("1.2.3", Resolved::Str("1.2.3")),
            ("+.inf", Resolved::Float(f64::INFINITY)),
            ("yes", Resolved::Str("yes")),
            ("Null", Resolved::Null),
        ] {
            assert_eq!(resolve_plain(v), want, "{v}");
        }
    }
}

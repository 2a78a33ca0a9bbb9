//! Go's `html/template` contextual auto-escaping, for the contexts notification templates
//! use: HTML text, tags and attribute names, attribute values (quoted or not), URL
//! attributes (with the part of the URL an action is in), RCDATA elements (`<title>`,
//! `<textarea>`) and HTML comments, which are dropped from the output as Go drops them.
//! Static `<script>`/`<style>` elements and `on*`/`style` attributes pass through;
//! an action inside JavaScript or CSS is refused with an error rather than escaped wrongly
//! (Go's JS and CSS escapers are not implemented).
//!
//! As in Go, each action's pipeline gets escaping functions appended (named as Go names
//! them, `_html_template_htmlescaper` ...), a pipeline ending in `html` or `urlquery` keeps
//! that function in place of its equivalent, and templates called in a non-text context are
//! escaped as copies named `NAME$htmltemplate_CONTEXT`. Typed strings from `safeHtml` and
//! `safeUrl` are trusted where their type fits.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::alertmanager::{TypedString, HTML_TYPE, URL_TYPE};
use super::exec::{html_escape, Templates};
use super::fmt::sprint;
use super::parse::{Arg, Branch, Command, Node, Pipe};
use super::{Func, Value};

/// Where in an HTML document a point of the template is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum State {
    Text,
    Tag,
    AttrName,
    AfterName,
    BeforeValue,
    /// Inside an attribute value.
    Attr,
    /// `<title>` or `<textarea>` content.
    Rcdata,
    /// `<script>` or `<style>` content, or a JS/CSS attribute value.
    Code,
    Comment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum AttrKind {
    Plain,
    Url,
    Code,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Delim {
    None,
    Double,
    Single,
    SpaceOrTagEnd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum UrlPart {
    None,
    PreQuery,
    QueryOrFrag,
}

/// The element whose content is special: its closing tag ends raw text or RCDATA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Element {
    None,
    Script,
    Style,
    Textarea,
    Title,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Context {
    state: State,
    delim: Delim,
    url: UrlPart,
    attr: AttrKind,
    element: Element,
}

const TEXT: Context = Context {
    state: State::Text,
    delim: Delim::None,
    url: UrlPart::None,
    attr: AttrKind::Plain,
    element: Element::None,
};

impl std::fmt::Display for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.state)?;
        if self.delim != Delim::None {
            write!(f, "_{:?}", self.delim)?;
        }
        if self.attr != AttrKind::Plain {
            write!(f, "_{:?}", self.attr)?;
        }
        if self.url != UrlPart::None {
            write!(f, "_{:?}", self.url)?;
        }
        if self.element != Element::None {
            write!(f, "_{:?}", self.element)?;
        }
        Ok(())
    }
}

/// An escaping error, in the form of Go's `html/template:NAME: MESSAGE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscapeError {
    pub template: String,
    pub message: String,
}

impl std::fmt::Display for EscapeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "html/template:{}: {}", self.template, self.message)
    }
}

/// Escapes template `name` and every template it calls, in place, and registers the
/// escaping functions. Afterwards executing `name` gives html/template's output.
pub fn escape(t: &mut Templates, name: &str) -> Result<(), EscapeError> {
    t.funcs(functions());
    let mut e = Escaper {
        done: BTreeMap::new(),
        out: Vec::new(),
    };
    let end = e.template(t, name, TEXT)?;
    if end.state != State::Text {
        return Err(EscapeError {
            template: name.to_string(),
            message: format!("ends in a non-text context: {end}"),
        });
    }
    for (new_name, tree, like) in e.out {
        t.set_tree(&new_name, tree, &like);
    }
    Ok(())
}

struct Escaper {
    /// End context of each (template, start context) escaped so far.
    done: BTreeMap<(String, Context), Context>,
    /// Rewritten trees: (name, tree, original name).
    out: Vec<(String, Vec<Node>, String)>,
}

fn derived_name(name: &str, c: Context) -> String {
    if c == TEXT {
        name.to_string()
    } else {
        format!("{name}$htmltemplate_{c}")
    }
}

impl Escaper {
    fn template(&mut self, t: &Templates, name: &str, c: Context) -> Result<Context, EscapeError> {
        if let Some(end) = self.done.get(&(name.to_string(), c)) {
            return Ok(*end);
        }
        let Some(tree) = t.tree(name) else {
            return Err(EscapeError {
                template: name.to_string(),
                message: format!("no such template {name:?}"),
            });
        };
        // A recursive call ends where the call started, as Go assumes on its first pass.
        self.done.insert((name.to_string(), c), c);
        let mut nodes = tree.as_ref().clone();
        let end = self.list(t, name, &mut nodes, c)?;
        self.done.insert((name.to_string(), c), end);
        self.out
            .push((derived_name(name, c), nodes, name.to_string()));
        Ok(end)
    }

    fn list(
        &mut self,
        t: &Templates,
        name: &str,
        nodes: &mut [Node],
        mut c: Context,
    ) -> Result<Context, EscapeError> {
        for node in nodes.iter_mut() {
            c = self.node(t, name, node, c)?;
        }
        Ok(c)
    }

    fn node(
        &mut self,
        t: &Templates,
        name: &str,
        node: &mut Node,
        c: Context,
    ) -> Result<Context, EscapeError> {
        let err = |message: String| EscapeError {
            template: name.to_string(),
            message,
        };
        match node {
            Node::Text(s) => {
                let (text, end) = transition(s, c);
                *s = text;
                Ok(end)
            }
            Node::Action { pipe, .. } => {
                if !pipe.decl.is_empty() {
                    return Ok(c);
                }
                let (escapers, end) = escapers_for(c).map_err(err)?;
                ensure_pipeline_contains(pipe, &escapers).map_err(err)?;
                Ok(end)
            }
            Node::If(b) | Node::With(b) => self.branch(t, name, b, c, "if", false),
            Node::Range(b) => self.branch(t, name, b, c, "range", true),
            Node::Template { name: callee, .. } => {
                let end = self.template(t, callee, c)?;
                *callee = derived_name(callee, c);
                Ok(end)
            }
            Node::Break { .. } | Node::Continue { .. } => Ok(c),
        }
    }

    fn branch(
        &mut self,
        t: &Templates,
        name: &str,
        b: &mut Branch,
        c: Context,
        what: &str,
        is_range: bool,
    ) -> Result<Context, EscapeError> {
        let end = self.list(t, name, &mut b.list, c)?;
        if is_range && end != c {
            return Err(EscapeError {
                template: name.to_string(),
                message: format!("on range loop re-entry: {{{{range}}}} branches end in different contexts: {c}, {end}"),
            });
        }
        let else_end = match &mut b.else_list {
            Some(list) => self.list(t, name, list, c)?,
            None => c,
        };
        if end != else_end {
            return Err(EscapeError {
                template: name.to_string(),
                message: format!(
                    "{{{{{what}}}}} branches end in different contexts: {end}, {else_end}"
                ),
            });
        }
        Ok(end)
    }
}

/// The escaping functions for an action in context `c`, and the context after it.
fn escapers_for(c: Context) -> Result<(Vec<&'static str>, Context), String> {
    // Go's `nudge`: an action right after `=` is an unquoted value; after a name, a name.
    let c = match c.state {
        State::BeforeValue => Context {
            state: if c.attr == AttrKind::Code {
                State::Code
            } else {
                State::Attr
            },
            delim: Delim::SpaceOrTagEnd,
            url: UrlPart::None,
            ..c
        },
        State::AfterName => Context {
            state: State::AttrName,
            ..c
        },
        _ => c,
    };
    let mut s = Vec::new();
    let mut end = c;
    match c.state {
        State::Text => s.push("_html_template_htmlescaper"),
        State::Rcdata => s.push("_html_template_rcdataescaper"),
        State::Tag | State::AttrName => {
            end.state = State::AttrName;
            s.push("_html_template_htmlnamefilter");
        }
        State::Attr if c.attr == AttrKind::Url => match c.url {
            UrlPart::None => {
                s.push("_html_template_urlfilter");
                s.push("_html_template_urlnormalizer");
            }
            UrlPart::PreQuery => s.push("_html_template_urlnormalizer"),
            UrlPart::QueryOrFrag => s.push("_html_template_urlescaper"),
        },
        State::Attr => {}
        State::Code => {
            return Err(
                "actions inside JavaScript or CSS are not supported by lookout's html escaping"
                    .into(),
            )
        }
        // Comments are dropped, and so is what actions inside them print.
        State::Comment => return Ok((vec!["_html_template_commentescaper"], c)),
        State::AfterName | State::BeforeValue => {
            return Err(format!("action in an unsupported context: {c}"))
        }
    }
    match c.delim {
        Delim::None => {}
        Delim::SpaceOrTagEnd => s.push("_html_template_nospaceescaper"),
        Delim::Double | Delim::Single => s.push("_html_template_attrescaper"),
    }
    Ok((s, end))
}

/// The predefined escaper an escaping function may be replaced by.
fn equivalent(escaper: &str) -> Option<&'static str> {
    match escaper {
        "_html_template_attrescaper"
        | "_html_template_htmlescaper"
        | "_html_template_rcdataescaper" => Some("html"),
        "_html_template_urlescaper" | "_html_template_urlnormalizer" => Some("urlquery"),
        _ => None,
    }
}

/// Go's `ensurePipelineContains`.
fn ensure_pipeline_contains(p: &mut Pipe, s: &[&'static str]) -> Result<(), String> {
    let ident = |c: &Command| match c.args.first() {
        Some(Arg::Identifier(n)) => Some(n.clone()),
        _ => None,
    };
    for (i, c) in p.cmds.iter().enumerate() {
        if let Some(n) = ident(c) {
            if (n == "html" || n == "urlquery") && i + 1 < p.cmds.len() {
                return Err(format!("predefined escaper {n:?} disallowed in template"));
            }
        }
    }
    let mut s: Vec<String> = s.iter().map(|x| x.to_string()).collect();
    let mut keep = p.cmds.len();
    if let Some(last) = p.cmds.last().and_then(ident) {
        if last == "html" || last == "urlquery" {
            let mut dup = false;
            for e in s.iter_mut() {
                if equivalent(e) == Some(last.as_str()) {
                    *e = last.clone();
                    dup = true;
                }
            }
            if dup {
                keep -= 1;
            }
        }
    }
    let pos = p.pos;
    let mut cmds: Vec<Command> = p.cmds.drain(..keep).collect();
    let present: Vec<String> = cmds.iter().filter_map(ident).collect();
    for name in s {
        if !present.contains(&name) {
            cmds.push(Command {
                pos,
                args: vec![Arg::Identifier(name)],
                arg_pos: vec![pos],
            });
        }
    }
    p.cmds = cmds;
    Ok(())
}

// ---- text transitions ----

/// Scans template text from context `c`: returns the text to output (comments removed) and
/// the context at its end.
fn transition(s: &str, mut c: Context) -> (String, Context) {
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let rest = &s[i..];
        match c.state {
            State::Text => {
                let Some(lt) = rest.find('<') else {
                    out.push_str(rest);
                    break;
                };
                out.push_str(&rest[..lt]);
                let after = &rest[lt + 1..];
                if after.starts_with("!--") {
                    c.state = State::Comment;
                    i += lt + 4;
                    continue;
                }
                let (end_tag, name_at) = match after.strip_prefix('/') {
                    Some(a) => (true, a),
                    None => (false, after),
                };
                let name_len = name_at
                    .bytes()
                    .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b':')
                    .count();
                if name_len == 0 || !name_at.as_bytes()[0].is_ascii_alphabetic() {
                    out.push('<');
                    i += lt + 1;
                    continue;
                }
                let tag_name = name_at[..name_len].to_ascii_lowercase();
                c.state = State::Tag;
                c.element = if end_tag {
                    Element::None
                } else {
                    match tag_name.as_str() {
                        "script" => Element::Script,
                        "style" => Element::Style,
                        "textarea" => Element::Textarea,
                        "title" => Element::Title,
                        _ => Element::None,
                    }
                };
                let consumed = lt + 1 + usize::from(end_tag) + name_len;
                out.push_str(&rest[lt..consumed]);
                i += consumed;
            }
            State::Comment => {
                // Comments are not copied to the output.
                match rest.find("-->") {
                    Some(end) => {
                        c.state = State::Text;
                        i += end + 3;
                    }
                    None => break,
                }
            }
            State::Tag => {
                let ws = rest.len() - rest.trim_start().len();
                out.push_str(&rest[..ws]);
                i += ws;
                let rest = &s[i..];
                if rest.is_empty() {
                    break;
                }
                if rest.starts_with('>') {
                    out.push('>');
                    i += 1;
                    c = match c.element {
                        Element::Script | Element::Style => Context {
                            state: State::Code,
                            ..TEXT
                        },
                        Element::Textarea | Element::Title => Context {
                            state: State::Rcdata,
                            element: c.element,
                            ..TEXT
                        },
                        Element::None => TEXT,
                    };
                    // Remember which element closes raw text.
                    if matches!(c.state, State::Code) {
                        c.element = Element::Script;
                    }
                    continue;
                }
                let n = rest
                    .find(|ch: char| ch.is_ascii_whitespace() || ch == '=' || ch == '>')
                    .unwrap_or(rest.len())
                    .max(1);
                let attr = rest[..n].to_ascii_lowercase();
                c.attr = attr_kind(&attr);
                c.state = if n == rest.len() {
                    State::AttrName
                } else {
                    State::AfterName
                };
                out.push_str(&rest[..n]);
                i += n;
            }
            State::AttrName => {
                let n = rest
                    .find(|ch: char| ch.is_ascii_whitespace() || ch == '=' || ch == '>')
                    .unwrap_or(rest.len());
                out.push_str(&rest[..n]);
                i += n;
                if i < b.len() {
                    c.state = State::AfterName;
                }
            }
            State::AfterName => {
                let ws = rest.len() - rest.trim_start().len();
                out.push_str(&rest[..ws]);
                i += ws;
                if s[i..].starts_with('=') {
                    out.push('=');
                    i += 1;
                    c.state = State::BeforeValue;
                } else if i < b.len() {
                    c.state = State::Tag;
                    c.attr = AttrKind::Plain;
                }
            }
            State::BeforeValue => {
                let ws = rest.len() - rest.trim_start().len();
                out.push_str(&rest[..ws]);
                i += ws;
                let rest = &s[i..];
                if rest.is_empty() {
                    break;
                }
                c.delim = if rest.starts_with('"') {
                    Delim::Double
                } else if rest.starts_with('\'') {
                    Delim::Single
                } else {
                    Delim::SpaceOrTagEnd
                };
                if c.delim != Delim::SpaceOrTagEnd {
                    out.push_str(&rest[..1]);
                    i += 1;
                }
                c.state = if c.attr == AttrKind::Code {
                    State::Code
                } else {
                    State::Attr
                };
                c.url = UrlPart::None;
            }
            State::Attr | State::Code if c.delim != Delim::None => {
                let end = match c.delim {
                    Delim::Double => rest.find('"'),
                    Delim::Single => rest.find('\''),
                    _ => rest.find(|ch: char| ch.is_ascii_whitespace() || ch == '>'),
                };
                let value = &rest[..end.unwrap_or(rest.len())];
                if c.attr == AttrKind::Url {
                    if value.contains(['#', '?']) {
                        c.url = UrlPart::QueryOrFrag;
                    } else if !value.trim().is_empty() && c.url == UrlPart::None {
                        c.url = UrlPart::PreQuery;
                    }
                }
                out.push_str(value);
                i += value.len();
                if end.is_some() {
                    if c.delim != Delim::SpaceOrTagEnd {
                        out.push_str(&s[i..i + 1]);
                        i += 1;
                    }
                    c = Context {
                        state: State::Tag,
                        element: c.element,
                        ..TEXT
                    };
                }
            }
            State::Code | State::Rcdata | State::Attr => {
                // Raw text and RCDATA end at their element's closing tag.
                let close = if c.state == State::Rcdata {
                    if c.element == Element::Title {
                        "</title"
                    } else {
                        "</textarea"
                    }
                } else {
                    ""
                };
                let found = if close.is_empty() {
                    find_ci(rest, "</script")
                        .into_iter()
                        .chain(find_ci(rest, "</style"))
                        .min()
                } else {
                    find_ci(rest, close)
                };
                match found {
                    Some(at) => {
                        out.push_str(&rest[..at]);
                        i += at;
                        c = TEXT;
                    }
                    None => {
                        out.push_str(rest);
                        break;
                    }
                }
            }
        }
    }
    (out, c)
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.to_ascii_lowercase().find(needle)
}

/// Go's `attrType`, for the attribute kinds this escaper distinguishes.
fn attr_kind(name: &str) -> AttrKind {
    let name = name
        .strip_prefix("data-")
        .or_else(|| name.split_once(':').map(|(_, n)| n))
        .unwrap_or(name);
    const URL_ATTRS: [&str; 17] = [
        "action",
        "archive",
        "background",
        "cite",
        "classid",
        "codebase",
        "data",
        "formaction",
        "href",
        "icon",
        "longdesc",
        "manifest",
        "poster",
        "profile",
        "src",
        "usemap",
        "xmlns",
    ];
    if name.starts_with("on") || name == "style" {
        AttrKind::Code
    } else if URL_ATTRS.contains(&name)
        || name.contains("src")
        || name.contains("uri")
        || name.contains("url")
    {
        AttrKind::Url
    } else {
        AttrKind::Plain
    }
}

// ---- escaping functions ----

/// Go's `stringify`: a single typed string keeps its type; other values print as
/// `fmt.Sprint` does, nil values skipped.
fn stringify(args: &[Value]) -> (String, Option<&'static str>) {
    if let [Value::Object(o)] = args {
        if let Some(ts) = o.as_any().and_then(|a| a.downcast_ref::<TypedString>()) {
            return (ts.text.to_string(), Some(ts.type_name));
        }
    }
    if let [Value::String(s)] = args {
        return (s.to_string(), None);
    }
    let kept: Vec<Value> = args
        .iter()
        .filter(|a| !matches!(a, Value::Missing | Value::Nil))
        .cloned()
        .collect();
    (sprint(&kept), None)
}

fn functions() -> Vec<(String, Func)> {
    type Imp = fn(&[Value]) -> Result<Value, String>;
    let table: [(&str, Imp); 9] = [
        ("_html_template_commentescaper", |_| Ok(Value::from(""))),
        ("_html_template_htmlescaper", |a| {
            let (s, t) = stringify(a);
            Ok(Value::from(if t == Some(HTML_TYPE) {
                s
            } else {
                html_escape_plus(&s)
            }))
        }),
        ("_html_template_rcdataescaper", |a| {
            Ok(Value::from(html_escape_plus(&stringify(a).0)))
        }),
        ("_html_template_attrescaper", |a| {
            let (s, t) = stringify(a);
            Ok(Value::from(if t == Some(HTML_TYPE) {
                html_escape(&strip_tags(&s))
            } else {
                html_escape_plus(&s)
            }))
        }),
        ("_html_template_nospaceescaper", |a| {
            let (s, t) = stringify(a);
            let s = if t == Some(HTML_TYPE) {
                strip_tags(&s)
            } else {
                s
            };
            Ok(Value::from(nospace_escape(&s)))
        }),
        ("_html_template_urlfilter", |a| {
            let (s, t) = stringify(a);
            if t == Some(URL_TYPE) || is_safe_url(&s) {
                Ok(typed_url(s, t))
            } else {
                Ok(Value::from("#ZgotmplZ"))
            }
        }),
        ("_html_template_urlnormalizer", |a| {
            Ok(Value::from(url_process(&stringify(a).0, true)))
        }),
        ("_html_template_urlescaper", |a| {
            // A trusted URL is only normalized.
            let (s, t) = stringify(a);
            Ok(Value::from(url_process(&s, t == Some(URL_TYPE))))
        }),
        ("_html_template_htmlnamefilter", |a| {
            let (s, _) = stringify(a);
            let name = s.to_ascii_lowercase();
            let ok = !name.is_empty()
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && attr_kind(&name) == AttrKind::Plain;
            Ok(Value::from(if ok { name } else { "ZgotmplZ".into() }))
        }),
    ];
    table
        .into_iter()
        .map(|(n, f)| (n.to_string(), Arc::new(f) as Func))
        .collect()
}

/// Keeps a URL's type through the filter, so the normalizer still sees it.
fn typed_url(s: String, t: Option<&'static str>) -> Value {
    match t {
        Some(ty) => Value::Object(Arc::new(TypedString {
            type_name: ty,
            text: Arc::from(s),
        })),
        None => Value::from(s),
    }
}

/// html/template's `htmlReplacementTable`: Go's HTML escaping plus `+`.
fn html_escape_plus(s: &str) -> String {
    html_escape(s).replace('+', "&#43;")
}

/// `htmlNospaceReplacementTable`: everything that could end an unquoted attribute value.
fn nospace_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\0' => out.push_str("&#xfffd;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\x0b' => out.push_str("&#11;"),
            '\x0c' => out.push_str("&#12;"),
            '\r' => out.push_str("&#13;"),
            ' ' => out.push_str("&#32;"),
            '"' => out.push_str("&#34;"),
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#39;"),
            '+' => out.push_str("&#43;"),
            '<' => out.push_str("&lt;"),
            '=' => out.push_str("&#61;"),
            '>' => out.push_str("&gt;"),
            '`' => out.push_str("&#96;"),
            c => out.push(c),
        }
    }
    out
}

/// Removes tags from trusted HTML placed in an attribute (Go's `stripTags`, simplified to
/// dropping `<...>` runs).
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Go's `isSafeURL`: no scheme, or http, https or mailto.
fn is_safe_url(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, _)) if !scheme.contains('/') => ["http", "https", "mailto"]
            .iter()
            .any(|ok| scheme.eq_ignore_ascii_case(ok)),
        _ => true,
    }
}

/// Go's `urlProcessor`: percent-encodes what may not appear in a URL; when normalizing,
/// reserved characters and existing escapes are kept.
fn url_process(s: &str, norm: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        let keep = match b {
            b'!' | b'#' | b'$' | b'&' | b'*' | b'+' | b',' | b'/' | b':' | b';' | b'=' | b'?'
            | b'@' | b'[' | b']' | b'%' => norm,
            b'-' | b'.' | b'_' | b'~' => true,
            b => b.is_ascii_alphanumeric(),
        };
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(src: &str, data: Value) -> Result<String, String> {
        let mut t = crate::template::alertmanager::new_templates();
        t.parse("", src).map_err(|e| e.message)?;
        escape(&mut t, "").map_err(|e| e.to_string())?;
        t.execute("", &data).map_err(|e| e.message)
    }

    fn data() -> Value {
        Value::string_map([
            ("url", "http://am.example:9093"),
            ("q", "a b&c"),
            ("x", "<b>\"x\"</b>"),
            ("js", "javascript:alert(1)"),
        ])
    }

    #[test]
    fn text_and_attributes() {
        assert_eq!(
            render("<p>{{ .x }}</p>", data()).as_deref(),
            Ok("<p>&lt;b&gt;&#34;x&#34;&lt;/b&gt;</p>")
        );
        assert_eq!(
            render("<p title=\"{{ .x }}\" id={{ .q }}>", data()).as_deref(),
            Ok("<p title=\"&lt;b&gt;&#34;x&#34;&lt;/b&gt;\" id=a&#32;b&amp;c>")
        );
        assert_eq!(
            render("{{ safeHtml \"<i>y</i>\" }}{{ \"1+1\" }}", data()).as_deref(),
            Ok("<i>y</i>1&#43;1")
        );
        assert_eq!(render("a<!-- {{ .x }} -->b", data()).as_deref(), Ok("ab"));
        assert_eq!(
            render("<title>{{ safeHtml \"<b>\" }}</title>", data()).as_deref(),
            Ok("<title>&lt;b&gt;</title>")
        );
    }

    #[test]
    fn urls() {
        assert_eq!(
            render(
                "<a href=\"{{ .url }}/#/alerts?receiver={{ .q | urlquery }}&x={{ .q }}\">",
                data()
            )
            .as_deref(),
            Ok("<a href=\"http://am.example:9093/#/alerts?receiver=a&#43;b%26c&x=a%20b%26c\">")
        );
        assert_eq!(
            render("<a href=\"{{ .js }}\">", data()).as_deref(),
            Ok("<a href=\"#ZgotmplZ\">")
        );
        assert_eq!(
            render("<a href='{{ safeUrl .js }}'>", data()).as_deref(),
            Ok("<a href='javascript:alert%281%29'>")
        );
        assert_eq!(
            render("<a href=\"/p/{{ .q }}\">", data()).as_deref(),
            Ok("<a href=\"/p/a%20b&amp;c\">")
        );
    }

    #[test]
    fn templates_are_escaped_in_the_callers_context() {
        assert_eq!(
            render(
                "{{ define \"u\" }}{{ .url }}?q={{ .q }}{{ end }}<a href=\"{{ template \"u\" . }}\">{{ template \"u\" . }}</a>",
                data()
            )
            .as_deref(),
            Ok("<a href=\"http://am.example:9093?q=a%20b%26c\">http://am.example:9093?q=a b&amp;c</a>")
        );
    }

    #[test]
    fn errors() {
        assert!(render("<a href=\"{{ .url }}", data())
            .unwrap_err()
            .contains("ends in a non-text context"));
        assert!(render("{{ if .q }}<a {{ end }}", data())
            .unwrap_err()
            .contains("{{if}} branches end in different contexts"));
        assert!(render("<script>var x = {{ .q }}</script>", data())
            .unwrap_err()
            .contains("JavaScript or CSS"));
        assert_eq!(
            render("<style>p { color: red }</style><p>{{ .q }}</p>", data()).as_deref(),
            Ok("<style>p { color: red }</style><p>a b&amp;c</p>")
        );
        assert!(render("{{ .q | html | printf \"%s\" }}", data())
            .unwrap_err()
            .contains("predefined escaper \"html\" disallowed"));
    }
}

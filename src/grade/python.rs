//! Static analysis of a Flask app's Python source: the prometheus_client metrics it defines
//! (type, name, label names), whether and how it records them, and the route that serves
//! the metrics page. A tokenizer rather than a parser: Python's lexical rules (strings of
//! every prefix and quoting, comments, brackets, indentation) are followed exactly enough
//! that text in comments and string literals (docstrings) never counts as code.

use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Name(String),
    Str(String),
    Num(String),
    Op(&'static str),
    /// The end of a logical line.
    Newline,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token {
    pub(super) tok: Tok,
    pub(super) line: usize,
    pub(super) col: usize,
    /// The indentation of the logical line the token is on.
    pub(super) indent: usize,
    /// The first token of its logical line.
    pub(super) first: bool,
}

const OPS2: [&str; 12] = [
    "==", "!=", "<=", ">=", "->", ":=", "**", "//", "+=", "-=", "*=", "<<",
];
const OPS1: &str = "()[]{},:.;@=+-*/%<>&|^~!";

pub(super) fn tokenize(src: &str) -> Vec<Token> {
    let chars: Vec<char> = src.chars().collect();
    let mut out: Vec<Token> = Vec::new();
    let (mut i, mut line, mut col) = (0usize, 1usize, 1usize);
    let mut depth = 0usize;
    let mut at_line_start = true;
    let mut indent = 0usize;
    let mut line_has_tokens = false;
    // Moves over one character, keeping line and column.
    let advance = |i: &mut usize, line: &mut usize, col: &mut usize| {
        if chars.get(*i) == Some(&'\n') {
            *line += 1;
            *col = 1;
        } else {
            *col += 1;
        }
        *i += 1;
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            if depth == 0 && line_has_tokens {
                out.push(Token {
                    tok: Tok::Newline,
                    line,
                    col,
                    indent,
                    first: false,
                });
                line_has_tokens = false;
            }
            advance(&mut i, &mut line, &mut col);
            if depth == 0 {
                at_line_start = true;
            }
            continue;
        }
        if c == ' ' || c == '\t' || c == '\r' || c == '\x0c' {
            advance(&mut i, &mut line, &mut col);
            continue;
        }
        if c == '#' {
            while i < chars.len() && chars[i] != '\n' {
                advance(&mut i, &mut line, &mut col);
            }
            continue;
        }
        if c == '\\' && chars.get(i + 1) == Some(&'\n') {
            advance(&mut i, &mut line, &mut col);
            advance(&mut i, &mut line, &mut col);
            continue;
        }
        let first = at_line_start && depth == 0;
        if first {
            indent = col - 1;
            at_line_start = false;
        }
        let (tline, tcol) = (line, col);
        let push = |out: &mut Vec<Token>, tok: Tok| {
            out.push(Token {
                tok,
                line: tline,
                col: tcol,
                indent,
                first,
            })
        };
        line_has_tokens = true;
        // A string, with its prefix (r, b, u, f and their pairs).
        let prefix_len = (0..=2)
            .find(|&n| {
                chars[i..].len() > n
                    && chars[i..i + n]
                        .iter()
                        .all(|p| matches!(p.to_ascii_lowercase(), 'r' | 'b' | 'u' | 'f'))
                    && matches!(chars[i + n], '\'' | '"')
            })
            .filter(|&n| n == 0 || !c.is_ascii_digit());
        if let Some(n) = prefix_len {
            let raw = chars[i..i + n].iter().any(|p| p.eq_ignore_ascii_case(&'r'));
            for _ in 0..n {
                advance(&mut i, &mut line, &mut col);
            }
            let q = chars[i];
            let triple = chars.get(i + 1) == Some(&q) && chars.get(i + 2) == Some(&q);
            let open = if triple { 3 } else { 1 };
            for _ in 0..open {
                advance(&mut i, &mut line, &mut col);
            }
            let mut value = String::new();
            while let Some(&d) = chars.get(i) {
                if d == '\\' {
                    let next = chars.get(i + 1).copied();
                    if raw {
                        value.push(d);
                        value.extend(next);
                    } else if let Some(e) = next {
                        value.push(match e {
                            'n' => '\n',
                            't' => '\t',
                            other => other,
                        });
                    }
                    advance(&mut i, &mut line, &mut col);
                    if i < chars.len() {
                        advance(&mut i, &mut line, &mut col);
                    }
                    continue;
                }
                if d == q
                    && (!triple || (chars.get(i + 1) == Some(&q) && chars.get(i + 2) == Some(&q)))
                {
                    for _ in 0..open {
                        advance(&mut i, &mut line, &mut col);
                    }
                    break;
                }
                // An unterminated one-line string ends at the line's end.
                if d == '\n' && !triple {
                    break;
                }
                value.push(d);
                advance(&mut i, &mut line, &mut col);
            }
            push(&mut out, Tok::Str(value));
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            let mut name = String::new();
            while let Some(&d) = chars.get(i) {
                if !(d.is_alphanumeric() || d == '_') {
                    break;
                }
                name.push(d);
                advance(&mut i, &mut line, &mut col);
            }
            push(&mut out, Tok::Name(name));
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            let mut text = String::new();
            while let Some(&d) = chars.get(i) {
                if !(d.is_alphanumeric() || d == '_' || d == '.') {
                    break;
                }
                text.push(d);
                advance(&mut i, &mut line, &mut col);
            }
            push(&mut out, Tok::Num(text));
            continue;
        }
        let two: String = chars[i..chars.len().min(i + 2)].iter().collect();
        if let Some(op) = OPS2.iter().find(|o| **o == two) {
            advance(&mut i, &mut line, &mut col);
            advance(&mut i, &mut line, &mut col);
            push(&mut out, Tok::Op(op));
            continue;
        }
        let op = OPS1
            .find(c)
            .and_then(|k| OPS1.get(k..k + c.len_utf8()))
            .unwrap_or("?");
        match op {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => depth = depth.saturating_sub(1),
            _ => {}
        }
        advance(&mut i, &mut line, &mut col);
        push(&mut out, Tok::Op(op));
    }
    if line_has_tokens {
        out.push(Token {
            tok: Tok::Newline,
            line,
            col,
            indent,
            first: false,
        });
    }
    out
}

/// A position in the source, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Counter,
    Gauge,
    Histogram,
    Summary,
    Info,
    Enum,
}

impl Kind {
    fn from_name(s: &str) -> Option<Kind> {
        Some(match s {
            "Counter" => Kind::Counter,
            "Gauge" => Kind::Gauge,
            "Histogram" => Kind::Histogram,
            "Summary" => Kind::Summary,
            "Info" => Kind::Info,
            "Enum" => Kind::Enum,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Counter => "Counter",
            Kind::Gauge => "Gauge",
            Kind::Histogram => "Histogram",
            Kind::Summary => "Summary",
            Kind::Info => "Info",
            Kind::Enum => "Enum",
        }
    }
}

/// How a metric is recorded somewhere: `.labels(...)` arguments and the method called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    /// Keyword label names of `.labels(k=...)`, or `None` without a `.labels` call.
    pub label_names: Option<Vec<String>>,
    /// Positional `.labels(...)` arguments.
    pub positional: usize,
    /// `inc`, `observe`, `set`, `time`, ...
    pub method: Option<String>,
    pub at: Pos,
}

/// A metric constructed with prometheus_client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metric {
    pub kind: Kind,
    /// The family name as exported (namespace, subsystem and unit applied, `_total` of a
    /// counter removed), when written as a literal.
    pub name: Option<String>,
    /// Label names, when written as a literal list (an absent argument is no labels).
    pub labels: Option<Vec<String>>,
    /// The variable it is assigned to.
    pub var: Option<String>,
    pub at: Pos,
    pub uses: Vec<Use>,
}

impl Metric {
    /// The sample names the family exports (prometheus_client's suffixes).
    pub fn sample_names(&self) -> Vec<String> {
        let Some(n) = &self.name else {
            return Vec::new();
        };
        let with = |suffixes: &[&str]| suffixes.iter().map(|s| format!("{n}{s}")).collect();
        match self.kind {
            Kind::Counter => with(&["_total", "_created"]),
            Kind::Gauge | Kind::Enum => with(&[""]),
            Kind::Histogram => with(&["_bucket", "_count", "_sum", "_created"]),
            Kind::Summary => with(&["", "_count", "_sum", "_created"]),
            Kind::Info => with(&["_info"]),
        }
    }

    /// Whether some use records a value (a labelled metric exports nothing until then).
    pub fn recorded(&self) -> bool {
        self.uses.iter().any(|u| u.method.is_some())
    }
}

/// A Flask route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub path: String,
    pub func: Option<String>,
    pub at: Pos,
    /// Names the view function's body uses.
    pub body_names: Vec<String>,
}

/// What the analysis found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct App {
    /// Where prometheus_client is imported.
    pub import: Option<Pos>,
    pub metrics: Vec<Metric>,
    pub routes: Vec<Route>,
    /// Where metrics are served outside Flask: `start_http_server(...)`.
    pub metrics_server: Option<Pos>,
    /// The exposition uses a registry of its own, so the default process and Python
    /// metrics are not on the page.
    pub custom_registry: bool,
}

impl App {
    /// The route serving the metrics page: a path whose view calls `generate_latest`, or a
    /// `make_wsgi_app()` mounted at a path.
    pub fn metrics_route(&self) -> Option<&Route> {
        self.routes.iter().find(|r| {
            r.body_names
                .iter()
                .any(|n| n == "generate_latest" || n == "make_wsgi_app")
        })
    }

    /// The metric names the metrics page carries, with the process and Python metrics the
    /// default registry adds.
    pub fn exported_names(&self) -> Vec<String> {
        if self.metrics_route().is_none() && self.metrics_server.is_none() {
            return Vec::new();
        }
        let mut names: Vec<String> = self.metrics.iter().flat_map(Metric::sample_names).collect();
        if !self.custom_registry {
            names.extend(DEFAULT_COLLECTORS.iter().map(|s| s.to_string()));
        }
        names
    }
}

/// What prometheus_client's default registry exports besides the app's own metrics (on
/// Linux, where the containers run).
pub const DEFAULT_COLLECTORS: &[&str] = &[
    "process_virtual_memory_bytes",
    "process_resident_memory_bytes",
    "process_start_time_seconds",
    "process_cpu_seconds_total",
    "process_open_fds",
    "process_max_fds",
    "python_gc_objects_collected_total",
    "python_gc_objects_uncollectable_total",
    "python_gc_collections_total",
    "python_info",
];

const RECORDING_METHODS: &[&str] = &[
    "inc",
    "dec",
    "set",
    "observe",
    "time",
    "track_inprogress",
    "set_to_current_time",
    "set_function",
    "count_exceptions",
    "info",
    "state",
];

/// One call's arguments: keyword ones by name, positional ones in order, each as tokens.
pub(super) struct Args<'t> {
    pub(super) positional: Vec<&'t [Token]>,
    pub(super) keyword: Vec<(&'t str, &'t [Token])>,
    /// Index of the closing parenthesis.
    pub(super) end: usize,
}

/// The arguments of the call whose `(` is at `open`.
pub(super) fn call_args(toks: &[Token], open: usize) -> Args<'_> {
    let mut args = Args {
        positional: Vec::new(),
        keyword: Vec::new(),
        end: toks.len(),
    };
    let mut depth = 0usize;
    let mut start = open + 1;
    let mut i = open;
    while i < toks.len() {
        match toks[i].tok {
            Tok::Op("(" | "[" | "{") => depth += 1,
            Tok::Op(")" | "]" | "}") => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    args.end = i;
                    push_arg(&mut args, &toks[start..i]);
                    return args;
                }
            }
            Tok::Op(",") if depth == 1 => {
                push_arg(&mut args, &toks[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    args
}

fn push_arg<'t>(args: &mut Args<'t>, arg: &'t [Token]) {
    if arg.is_empty() {
        return;
    }
    if let [Token {
        tok: Tok::Name(k), ..
    }, Token {
        tok: Tok::Op("="), ..
    }, rest @ ..] = arg
    {
        args.keyword.push((k, rest));
    } else {
        args.positional.push(arg);
    }
}

/// A string literal (adjacent literals concatenated, as Python does).
pub(super) fn string_value(arg: &[Token]) -> Option<String> {
    let mut out = String::new();
    for t in arg {
        match &t.tok {
            Tok::Str(s) => out.push_str(s),
            _ => return None,
        }
    }
    (!arg.is_empty()).then_some(out)
}

/// A list or tuple of string literals (`[]`, `()`, `("a",)`, or a bare string).
fn string_list(arg: &[Token]) -> Option<Vec<String>> {
    if let Some(s) = string_value(arg) {
        return Some(vec![s]);
    }
    let (open, close) = (arg.first()?, arg.last()?);
    if !matches!(
        (&open.tok, &close.tok),
        (Tok::Op("["), Tok::Op("]")) | (Tok::Op("("), Tok::Op(")"))
    ) {
        return None;
    }
    let mut out = Vec::new();
    for t in &arg[1..arg.len() - 1] {
        match &t.tok {
            Tok::Str(s) => out.push(s.clone()),
            Tok::Op(",") => {}
            _ => return None,
        }
    }
    Some(out)
}

/// Analyses the source of a Flask app.
pub fn analyze(src: &str) -> App {
    let toks = tokenize(src);
    let mut app = App::default();
    // Local names bound to prometheus_client's, and names bound to the module itself.
    let mut symbols: HashMap<String, String> = HashMap::new();
    let mut modules: Vec<String> = Vec::new();
    let name_at = |i: usize| match toks.get(i).map(|t| &t.tok) {
        Some(Tok::Name(n)) => Some(n.as_str()),
        _ => None,
    };
    let op_at =
        |i: usize, op: &str| matches!(toks.get(i).map(|t| &t.tok), Some(Tok::Op(o)) if *o == op);
    let pos = |i: usize| {
        toks.get(i).map_or(Pos { line: 1, col: 1 }, |t| Pos {
            line: t.line,
            col: t.col,
        })
    };

    // Imports.
    for i in 0..toks.len() {
        if !toks[i].first {
            continue;
        }
        if name_at(i) == Some("from") && name_at(i + 1) == Some("prometheus_client") {
            app.import.get_or_insert(pos(i));
            let mut j = i + 2;
            while j < toks.len() && name_at(j) != Some("import") && toks[j].tok != Tok::Newline {
                j += 1;
            }
            j += 1;
            while j < toks.len() && toks[j].tok != Tok::Newline {
                match &toks[j].tok {
                    Tok::Op("*") => {
                        for s in IMPORTABLE {
                            symbols.insert(s.to_string(), s.to_string());
                        }
                    }
                    Tok::Name(n) => {
                        let local = if name_at(j + 1) == Some("as") {
                            j += 2;
                            name_at(j).unwrap_or(n)
                        } else {
                            n
                        };
                        symbols.insert(local.to_string(), n.clone());
                    }
                    _ => {}
                }
                j += 1;
            }
        } else if name_at(i) == Some("import") {
            let mut j = i + 1;
            while j < toks.len() && toks[j].tok != Tok::Newline {
                if name_at(j) == Some("prometheus_client") {
                    app.import.get_or_insert(pos(i));
                    if name_at(j + 1) == Some("as") {
                        modules.extend(name_at(j + 2).map(str::to_string));
                    } else {
                        modules.push("prometheus_client".into());
                    }
                }
                j += 1;
            }
        }
    }
    // What a callee at `i` resolves to in prometheus_client, and where its `(` is.
    let resolve = |i: usize| -> Option<(&str, usize)> {
        let n = name_at(i)?;
        if op_at(i.wrapping_sub(1), ".") {
            // `pc.Counter(`: the module alias before the dot.
            let m = name_at(i.wrapping_sub(2))?;
            if modules.iter().any(|x| x == m) && !op_at(i.wrapping_sub(3), ".") {
                return op_at(i + 1, "(").then_some((n, i + 1));
            }
            return None;
        }
        let canonical = symbols.get(n)?;
        op_at(i + 1, "(").then_some((canonical.as_str(), i + 1))
    };

    // Metric definitions, and the other prometheus_client calls that matter.
    for i in 0..toks.len() {
        let Some((callee, open)) = resolve(i) else {
            continue;
        };
        let start = if op_at(i.wrapping_sub(1), ".") {
            i - 2
        } else {
            i
        };
        if let Some(kind) = Kind::from_name(callee) {
            let args = call_args(&toks, open);
            let kw = |k: &str| args.keyword.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
            let name = kw("name")
                .or(args.positional.first().copied())
                .and_then(string_value);
            let labels = match kw("labelnames").or(args.positional.get(2).copied()) {
                Some(a) => string_list(a),
                None => Some(Vec::new()),
            };
            let part = |k: &str| kw(k).and_then(string_value).filter(|s| !s.is_empty());
            let name = name.map(|n| {
                let mut full: Vec<String> = [part("namespace"), part("subsystem")]
                    .into_iter()
                    .flatten()
                    .collect();
                full.push(n);
                let mut full = full.join("_");
                if let Some(unit) = part("unit") {
                    if !full.ends_with(&format!("_{unit}")) {
                        full = format!("{full}_{unit}");
                    }
                }
                if kind == Kind::Counter {
                    if let Some(stripped) = full.strip_suffix("_total") {
                        full = stripped.to_string();
                    }
                }
                full
            });
            let var = (start >= 2 && op_at(start - 1, "="))
                .then(|| name_at(start - 2))
                .flatten()
                .map(str::to_string);
            if kw("registry").is_some_and(|r| name_at_slice(r) != Some("REGISTRY")) {
                app.custom_registry = true;
            }
            app.metrics.push(Metric {
                kind,
                name,
                labels,
                var,
                at: pos(start),
                uses: Vec::new(),
            });
        } else if callee == "start_http_server" {
            app.metrics_server.get_or_insert(pos(start));
        } else if callee == "generate_latest" {
            let args = call_args(&toks, open);
            if args
                .positional
                .first()
                .is_some_and(|a| name_at_slice(a) != Some("REGISTRY"))
            {
                app.custom_registry = true;
            }
        }
    }

    // How each metric variable is used.
    for m in &mut app.metrics {
        let Some(var) = m.var.clone() else { continue };
        for i in 0..toks.len() {
            if name_at(i) != Some(var.as_str()) || !op_at(i + 1, ".") {
                continue;
            }
            let Some(method) = name_at(i + 2) else {
                continue;
            };
            let mut u = Use {
                label_names: None,
                positional: 0,
                method: None,
                at: pos(i),
            };
            let mut next = i + 2;
            if method == "labels" && op_at(i + 3, "(") {
                let args = call_args(&toks, i + 3);
                u.label_names = Some(args.keyword.iter().map(|(k, _)| k.to_string()).collect());
                u.positional = args.positional.len();
                next = args.end + 2;
                if !op_at(args.end + 1, ".") {
                    m.uses.push(u);
                    continue;
                }
            }
            if let Some(op) = name_at(next).filter(|op| RECORDING_METHODS.contains(op)) {
                u.method = Some(op.to_string());
            }
            m.uses.push(u);
        }
    }

    // Routes: `@x.route("/p")`/`@x.get("/p")` decorators on a def, `add_url_rule`, and
    // `make_wsgi_app()` mounted in a dispatcher mapping.
    let mut pending: Vec<(String, Pos)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if toks[i].first && op_at(i, "@") && name_at(i + 1).is_some() && op_at(i + 2, ".") {
            if let (Some("route" | "get"), true) = (name_at(i + 3), op_at(i + 4, "(")) {
                let args = call_args(&toks, i + 4);
                if let Some(p) = args.positional.first().and_then(|a| string_value(a)) {
                    pending.push((p, pos(i)));
                }
            }
        } else if toks[i].first && name_at(i) == Some("def") && !pending.is_empty() {
            let func = name_at(i + 1).map(str::to_string);
            let body_names = body_names(&toks, i);
            for (path, at) in pending.drain(..) {
                app.routes.push(Route {
                    path,
                    func: func.clone(),
                    at,
                    body_names: body_names.clone(),
                });
            }
        } else if toks[i].first && !op_at(i, "@") {
            pending.clear();
        }
        if name_at(i) == Some("add_url_rule") && op_at(i + 1, "(") {
            let args = call_args(&toks, i + 1);
            let kw = |k: &str| args.keyword.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
            let path = args.positional.first().and_then(|a| string_value(a));
            let view = kw("view_func")
                .or(args.positional.get(2).copied())
                .and_then(name_at_slice);
            if let (Some(path), Some(view)) = (path, view) {
                let def = (0..toks.len()).find(|&d| {
                    toks[d].first && name_at(d) == Some("def") && name_at(d + 1) == Some(view)
                });
                app.routes.push(Route {
                    path,
                    func: Some(view.to_string()),
                    at: pos(i),
                    body_names: def.map(|d| body_names(&toks, d)).unwrap_or_default(),
                });
            }
        }
        if let (Tok::Str(path), true) = (&toks[i].tok, op_at(i + 1, ":")) {
            // `make_wsgi_app()` or `module.make_wsgi_app()`.
            let callee = if op_at(i + 3, ".") { i + 4 } else { i + 2 };
            if resolve(callee).is_some_and(|(c, _)| c == "make_wsgi_app") {
                app.routes.push(Route {
                    path: path.clone(),
                    func: None,
                    at: pos(i),
                    body_names: vec!["make_wsgi_app".into()],
                });
            }
        }
        i += 1;
    }
    // Calls through the local names count as the canonical ones.
    for r in &mut app.routes {
        for n in &mut r.body_names {
            if let Some(c) = symbols.get(n.as_str()) {
                *n = c.clone();
            }
        }
    }
    app
}

/// What `from prometheus_client import *` brings in that matters here.
const IMPORTABLE: &[&str] = &[
    "Counter",
    "Gauge",
    "Histogram",
    "Summary",
    "Info",
    "Enum",
    "generate_latest",
    "make_wsgi_app",
    "start_http_server",
    "REGISTRY",
    "CONTENT_TYPE_LATEST",
];

fn name_at_slice(arg: &[Token]) -> Option<&str> {
    match arg {
        [Token {
            tok: Tok::Name(n), ..
        }] => Some(n),
        _ => None,
    }
}

/// The names used in the body of the `def` at `def`: the rest of its line after the
/// colon, then the lines indented deeper than it.
fn body_names(toks: &[Token], def: usize) -> Vec<String> {
    let indent = toks[def].indent;
    let mut out = Vec::new();
    let mut i = def + 1;
    while i < toks.len() && toks[i].tok != Tok::Newline {
        i += 1;
    }
    // A one-line body: `def f(): return x`.
    let line_end = i;
    // The body starts after the last colon of the line (none in a mangled file: no body).
    let body_start = (def..line_end)
        .rev()
        .find(|&k| toks[k].tok == Tok::Op(":"))
        .map_or(line_end, |colon| colon + 1);
    for t in toks.get(body_start..line_end).unwrap_or_default() {
        if let Tok::Name(n) = &t.tok {
            out.push(n.clone());
        }
    }
    i += 1;
    while i < toks.len() {
        let t = &toks[i];
        if t.first && t.indent <= indent {
            break;
        }
        if let Tok::Name(n) = &t.tok {
            out.push(n.clone());
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(toks: &[Token]) -> Vec<String> {
        toks.iter()
            .map(|t| match &t.tok {
                Tok::Name(n) => n.clone(),
                Tok::Str(s) => format!("{s:?}"),
                Tok::Num(_) => "#".into(),
                Tok::Op(o) => o.to_string(),
                Tok::Newline => "NL".into(),
            })
            .collect()
    }

    #[test]
    fn a_def_without_its_colon_has_no_one_line_body() {
        // Found by the mangled-repository property test: it used to slice past the line.
        assert_eq!(body_names(&tokenize("def f(x)\n"), 0), Vec::<String>::new());
        assert_eq!(
            body_names(&tokenize("def f(x)\n    return y\nz = 1\n"), 0),
            vec!["return", "y"]
        );
        assert_eq!(
            body_names(&tokenize("def f(): return y\n"), 0),
            vec!["return", "y"]
        );
    }

    #[test]
    fn comments_and_strings_are_not_code() {
        let src =
            "x = 1  # Counter(\ns = '''doc\nCounter(\n'''\nt = rb'a\\'b' f\"{x}\"\ny = (1,\n  2)\n";
        assert_eq!(
            names(&tokenize(src)).join(" "),
            "x = # NL s = \"doc\\nCounter(\\n\" NL t = \"a\\\\'b\" \"{x}\" NL y = ( # , # ) NL"
        );
    }

    #[test]
    fn the_solution_shape() {
        let src = r#"
from flask import Flask, Response, request
from prometheus_client import (Counter, Gauge as G,
    Histogram, generate_latest)
app = Flask(__name__)
REQUESTS = Counter('http_requests_total', 'Requests', ['method', 'status', 'endpoint'])
LAT = Histogram("http_request_duration_seconds", "Latency", labelnames=("endpoint",))
ACTIVE = G('http_requests_active', 'Active')

@app.before_request
def before():
    ACTIVE.inc()

@app.after_request
def after(resp):
    LAT.labels(endpoint=request.path).observe(1)
    REQUESTS.labels(method=request.method, status=resp.status_code,
                    endpoint=request.path).inc()
    ACTIVE.dec()
    return resp

@app.route('/metrics')
def metrics():
    return Response(generate_latest(), mimetype="text/plain")
"#;
        let app = analyze(src);
        assert_eq!(app.import.map(|p| p.line), Some(3));
        let summary: Vec<_> = app
            .metrics
            .iter()
            .map(|m| {
                (
                    m.kind,
                    m.name.clone().unwrap_or_default(),
                    m.labels.clone(),
                    m.var.clone(),
                    m.recorded(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    Kind::Counter,
                    "http_requests".into(),
                    Some(vec!["method".into(), "status".into(), "endpoint".into()]),
                    Some("REQUESTS".into()),
                    true
                ),
                (
                    Kind::Histogram,
                    "http_request_duration_seconds".into(),
                    Some(vec!["endpoint".into()]),
                    Some("LAT".into()),
                    true
                ),
                (
                    Kind::Gauge,
                    "http_requests_active".into(),
                    Some(vec![]),
                    Some("ACTIVE".into()),
                    true
                ),
            ]
        );
        let uses = &app.metrics[0].uses;
        assert_eq!(uses.len(), 1);
        assert_eq!(
            uses[0].label_names.as_deref(),
            Some(&["method".to_string(), "status".into(), "endpoint".into()][..])
        );
        assert_eq!(
            app.metrics_route().map(|r| r.path.as_str()),
            Some("/metrics")
        );
        assert!(app
            .exported_names()
            .contains(&"http_requests_total".to_string()));
        assert!(app
            .exported_names()
            .contains(&"process_cpu_seconds_total".to_string()));
        assert!(app
            .exported_names()
            .contains(&"http_request_duration_seconds_bucket".to_string()));
    }

    #[test]
    fn commented_and_docstring_instrumentation_is_not_found() {
        let src = "\"\"\"from prometheus_client import Counter(\n@app.route(\"/metrics\") generate_latest()\"\"\"\n# from prometheus_client import Counter\n# REQUESTS = Counter('x', 'y')\nfrom flask import Flask\napp = Flask(__name__)\n# @app.route(\"/metrics\")\n@app.route('/')\ndef index():\n    return 'hi'\n";
        let app = analyze(src);
        assert_eq!(app.import, None);
        assert!(app.metrics.is_empty());
        assert_eq!(app.routes.len(), 1);
        assert_eq!(app.metrics_route(), None);
        assert!(app.exported_names().is_empty());
    }

    #[test]
    fn module_imports_namespaces_and_wsgi_mounts() {
        let src = "import prometheus_client as pc\nC = pc.Counter('jobs', 'J', namespace='shop', unit='seconds')\napp.wsgi_app = DispatcherMiddleware(app.wsgi_app, {'/metrics': pc.make_wsgi_app()})\n";
        let app = analyze(src);
        assert_eq!(app.metrics[0].name.as_deref(), Some("shop_jobs_seconds"));
        assert!(!app.metrics[0].recorded());
        assert_eq!(
            app.metrics_route().map(|r| r.path.as_str()),
            Some("/metrics")
        );
    }

    #[test]
    fn add_url_rule_and_one_line_views() {
        let src = "from prometheus_client import generate_latest as gl\ndef m(): return gl()\napp.add_url_rule('/metrics', 'm', m)\n";
        let app = analyze(src);
        assert_eq!(
            app.metrics_route().map(|r| r.func.as_deref()),
            Some(Some("m"))
        );
    }

    #[test]
    fn junk_does_not_panic() {
        for src in [
            "'''",
            "(((",
            "@app.route(",
            "def",
            "x = Counter(",
            "from prometheus_client import",
            "\\",
            "f'",
            "@a.route('/')\n",
        ] {
            let _ = analyze(src);
        }
    }
}

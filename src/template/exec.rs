//! Executing templates: Go's `text/template` `exec.go` over [`Value`]s, with its builtins and
//! error messages.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use super::fmt::{print_value, sprint, sprintf, sprintln};
use super::parse::{self, Arg, Branch, Command, Node, Pipe};
use super::{Func, Value};

/// What `.key` gives for a map key that is absent (Go's `missingkey` option).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MissingKey {
    /// An invalid value, printed as `<no value>`.
    #[default]
    Default,
    /// The map element type's zero value.
    Zero,
    /// An error.
    Error,
}

/// A template error; `Display` is Go's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub message: String,
    /// Whether the template failed to parse (rather than to execute).
    pub parse: bool,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Go's builtins that the executor implements itself.
const BUILTINS: [&str; 19] = [
    "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf",
    "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
];

/// Templates that can call each other (Go's associated templates), their functions and
/// options.
#[derive(Clone, Default)]
pub struct Templates {
    trees: BTreeMap<String, Arc<Vec<Node>>>,
    /// Source text per template name (the file a tree came from), for error positions.
    sources: BTreeMap<String, (String, Arc<str>)>,
    funcs: BTreeMap<String, Func>,
    pub missing_key: MissingKey,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("templates", &self.trees.keys().collect::<Vec<_>>())
            .field("funcs", &self.funcs.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Templates {
    pub fn new() -> Templates {
        Templates::default()
    }

    /// Adds functions (Go's `Funcs`), replacing any of the same name.
    pub fn funcs(&mut self, funcs: impl IntoIterator<Item = (String, Func)>) -> &mut Self {
        self.funcs.extend(funcs);
        self
    }

    pub fn has_func(&self, name: &str) -> bool {
        BUILTINS.contains(&name) || self.funcs.contains_key(name)
    }

    /// Parses `src` as template `name` (Go's `New(name).Parse(src)` on this set): its body
    /// becomes `name` unless it only defines templates, and its `define`s are added.
    pub fn parse(&mut self, name: &str, src: &str) -> Result<(), Error> {
        let trees = parse::parse(src, &|f| self.has_func(f)).map_err(|e| Error {
            message: format!("template: {name}:{}: {}", line_of(src, e.pos), e.message),
            parse: true,
        })?;
        let src: Arc<str> = Arc::from(src);
        let only_defines = trees
            .main
            .iter()
            .all(|n| matches!(n, Node::Text(t) if t.trim().is_empty()));
        if !only_defines || !self.trees.contains_key(name) {
            self.trees.insert(name.to_string(), Arc::new(trees.main));
            self.sources
                .insert(name.to_string(), (name.to_string(), Arc::clone(&src)));
        }
        for (def, body) in trees.defined {
            self.trees.insert(def.clone(), Arc::new(body));
            self.sources
                .insert(def, (name.to_string(), Arc::clone(&src)));
        }
        Ok(())
    }

    /// The parse tree of template `name`.
    pub fn tree(&self, name: &str) -> Option<Arc<Vec<Node>>> {
        self.trees.get(name).cloned()
    }

    /// Replaces (or adds) template `name` with `tree`, a rewrite of template `like` (whose
    /// source positions it keeps for error messages).
    pub fn set_tree(&mut self, name: &str, tree: Vec<Node>, like: &str) {
        if let Some(src) = self.sources.get(like).cloned() {
            self.sources.insert(name.to_string(), src);
        }
        self.trees.insert(name.to_string(), Arc::new(tree));
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.trees.contains_key(name)
    }

    pub fn template_names(&self) -> impl Iterator<Item = &String> {
        self.trees.keys()
    }

    /// Executes template `name` with `data` as dot.
    pub fn execute(&self, name: &str, data: &Value) -> Result<String, Error> {
        self.execute_with(name, data, &|_, _| None)
    }

    /// Like [`Templates::execute`], with functions that borrow from the caller (e.g. a query
    /// engine): `extra(name, args)` answers the calls it knows and `None` for the rest.
    pub fn execute_with(
        &self,
        name: &str,
        data: &Value,
        extra: &ExtraFuncs<'_>,
    ) -> Result<String, Error> {
        let Some(tree) = self.trees.get(name) else {
            return Err(Error {
                message: format!(
                    "template: no template {name:?} associated with template {name:?}"
                ),
                parse: false,
            });
        };
        let mut st = State {
            t: self,
            extra,
            name: name.to_string(),
            vars: vec![("$".to_string(), data.clone())],
            out: String::new(),
            depth: 0,
            at_pos: 0,
            at_text: String::new(),
        };
        match st.walk_list(data, tree) {
            Ok(()) | Err(Flow::Break | Flow::Continue) => Ok(st.out),
            Err(Flow::Fail(message)) => Err(Error {
                message,
                parse: false,
            }),
        }
    }
}

/// 1-based line of a byte offset.
fn line_of(src: &str, pos: usize) -> usize {
    1 + src.as_bytes()[..pos.min(src.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Go limits template recursion to this depth.
const MAX_EXEC_DEPTH: usize = 100_000;

/// Why a walk stopped early.
enum Flow {
    Break,
    Continue,
    /// An execution error, already in Go's full text.
    Fail(String),
}

type Res<T> = Result<T, Flow>;

/// Per-execution functions; see [`Templates::execute_with`].
pub type ExtraFuncs<'a> = dyn Fn(&str, &[Value]) -> Option<Result<Value, String>> + 'a;

struct State<'t> {
    t: &'t Templates,
    extra: &'t ExtraFuncs<'t>,
    /// The template being executed (for error messages).
    name: String,
    vars: Vec<(String, Value)>,
    out: String,
    depth: usize,
    /// The node being evaluated, for the error context.
    at_pos: usize,
    at_text: String,
}

impl State<'_> {
    fn at(&mut self, pos: usize, text: impl Into<String>) {
        self.at_pos = pos;
        self.at_text = text.into();
    }

    /// Go's `executing "NAME" at <NODE>: MSG`, with the node's line and 0-based column.
    fn fail<T>(&self, msg: impl Into<String>) -> Res<T> {
        let msg = msg.into();
        let (file, src) = self
            .t
            .sources
            .get(&self.name)
            .map_or((self.name.as_str(), ""), |(f, s)| (f.as_str(), s.as_ref()));
        let pos = self.at_pos.min(src.len());
        let line = line_of(src, pos);
        let col = pos - src[..pos].rfind('\n').map_or(0, |i| i + 1);
        // Go (1.19 on, as amtool's recorded errors show) prints the whole node.
        let context = &self.at_text;
        Err(Flow::Fail(format!(
            "template: {file}:{line}:{col}: executing {:?} at <{context}>: {msg}",
            self.name
        )))
    }

    fn walk_list(&mut self, dot: &Value, list: &[Node]) -> Res<()> {
        list.iter().try_for_each(|n| self.walk(dot, n))
    }

    fn walk(&mut self, dot: &Value, node: &Node) -> Res<()> {
        match node {
            Node::Text(s) => {
                self.out.push_str(s);
                Ok(())
            }
            Node::Action { pipe, .. } => {
                let v = self.eval_pipeline(dot, pipe)?;
                if pipe.decl.is_empty() {
                    self.out.push_str(&print_value(&v));
                }
                Ok(())
            }
            Node::If(b) => self.walk_if_or_with(dot, b, false),
            Node::With(b) => self.walk_if_or_with(dot, b, true),
            Node::Range(b) => self.walk_range(dot, b),
            Node::Template { pos, name, pipe } => {
                self.walk_template(dot, *pos, name, pipe.as_ref())
            }
            Node::Break { .. } => Err(Flow::Break),
            Node::Continue { .. } => Err(Flow::Continue),
        }
    }

    fn walk_if_or_with(&mut self, dot: &Value, b: &Branch, is_with: bool) -> Res<()> {
        let mark = self.vars.len();
        let v = self.eval_pipeline(dot, &b.pipe)?;
        let r = if v.truthy() {
            if is_with {
                self.walk_list(&v, &b.list)
            } else {
                self.walk_list(dot, &b.list)
            }
        } else if let Some(e) = &b.else_list {
            self.walk_list(dot, e)
        } else {
            Ok(())
        };
        self.vars.truncate(mark);
        r
    }

    fn walk_range(&mut self, dot: &Value, b: &Branch) -> Res<()> {
        let mark = self.vars.len();
        // Declared variables start out holding the whole value (what `{{else}}` sees) and are
        // rebound for every element.
        let v = self.eval_pipeline(dot, &b.pipe)?;
        let declared = self.vars.len();
        let r = self.range_over(dot, b, v, declared);
        self.vars.truncate(mark);
        r
    }

    fn range_over(&mut self, dot: &Value, b: &Branch, v: Value, declared: usize) -> Res<()> {
        let items: Vec<(Value, Value)> = match v.resolved() {
            Value::List(l) => l
                .items
                .iter()
                .enumerate()
                .map(|(i, e)| (Value::Int(i as i64), e.clone()))
                .collect(),
            Value::Map(m) => m
                .entries
                .iter()
                .map(|(k, e)| (Value::str(k.as_str()), e.clone()))
                .collect(),
            Value::Int(n) => {
                if b.pipe.decl.len() > 1 {
                    self.at(b.pipe.pos, print_value(&v));
                    return self.fail(format!(
                        "can't use {} to iterate over more than one variable",
                        print_value(&v)
                    ));
                }
                (0..n.max(0))
                    .map(|i| (Value::Int(i), Value::Int(i)))
                    .collect()
            }
            Value::Missing | Value::Nil => Vec::new(),
            // Reported at the pipeline's last node, as Go does.
            other => {
                return self.fail(format!("range can't iterate over {}", print_value(&other)));
            }
        };
        if items.is_empty() {
            if let Some(e) = &b.else_list {
                self.walk_list(dot, e)?;
            }
            return Ok(());
        }
        for (key, elem) in items {
            match b.pipe.decl.as_slice() {
                [] => {}
                [one] => self.set_var(one, elem.clone(), true),
                [k, e, ..] => {
                    self.set_var(k, key, true);
                    self.set_var(e, elem.clone(), true);
                }
            }
            let r = self.walk_list(&elem, &b.list);
            self.vars.truncate(declared);
            match r {
                Ok(()) | Err(Flow::Continue) => {}
                Err(Flow::Break) => break,
                Err(fail) => return Err(fail),
            }
        }
        Ok(())
    }

    fn walk_template(
        &mut self,
        dot: &Value,
        pos: usize,
        name: &str,
        pipe: Option<&Pipe>,
    ) -> Res<()> {
        // Go's TemplateNode.String: {{template "name" PIPE}}.
        let text = match pipe {
            Some(p) => format!("{{{{template {name:?} {p}}}}}"),
            None => format!("{{{{template {name:?}}}}}"),
        };
        self.at(pos, text);
        let Some(tree) = self.t.trees.get(name).cloned() else {
            return self.fail(format!("template {name:?} not defined"));
        };
        if self.depth >= MAX_EXEC_DEPTH {
            return self.fail(format!(
                "exceeded maximum template depth ({MAX_EXEC_DEPTH})"
            ));
        }
        let new_dot = match pipe {
            Some(p) => self.eval_pipeline(dot, p)?,
            None => Value::Missing,
        };
        let saved_vars =
            std::mem::replace(&mut self.vars, vec![("$".to_string(), new_dot.clone())]);
        let saved_name = std::mem::replace(&mut self.name, name.to_string());
        self.depth += 1;
        let r = stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.walk_list(&new_dot, &tree));
        self.depth -= 1;
        self.name = saved_name;
        self.vars = saved_vars;
        match r {
            // break/continue do not cross template calls (the parser rejects them).
            Ok(()) | Err(Flow::Break | Flow::Continue) => Ok(()),
            Err(f) => Err(f),
        }
    }

    fn set_var(&mut self, name: &str, v: Value, assign: bool) {
        if assign {
            if let Some(slot) = self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                slot.1 = v;
                return;
            }
        }
        self.vars.push((name.to_string(), v));
    }

    fn var(&self, name: &str) -> Option<&Value> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    fn eval_pipeline(&mut self, dot: &Value, pipe: &Pipe) -> Res<Value> {
        let mut value: Option<Value> = None;
        for cmd in &pipe.cmds {
            let v = self.eval_command(dot, cmd, value.take())?;
            value = Some(v);
        }
        let v = value.unwrap_or(Value::Missing);
        for name in &pipe.decl {
            self.set_var(name, v.clone(), pipe.is_assign);
        }
        Ok(v)
    }

    /// A command; `final_arg` is the previous pipeline stage's value, passed last.
    fn eval_command(&mut self, dot: &Value, cmd: &Command, final_arg: Option<Value>) -> Res<Value> {
        let Some(first) = cmd.args.first() else {
            return self.fail("empty command");
        };
        let rest = &cmd.args[1..];
        let rest_pos = cmd.arg_pos.get(1..).unwrap_or(&[]);
        let first_pos = cmd.arg_pos.first().copied().unwrap_or(cmd.pos);
        match first {
            Arg::Identifier(name) => {
                return self.eval_function(dot, cmd, name, rest, rest_pos, final_arg)
            }
            Arg::Field(fields) => {
                self.at(first_pos, first.to_string());
                return self.eval_fields(dot, dot.clone(), fields, rest, rest_pos, final_arg);
            }
            Arg::Variable(name, fields) => {
                self.at(first_pos, first.to_string());
                let Some(v) = self.var(name).cloned() else {
                    return self.fail(format!("undefined variable: {name}"));
                };
                if fields.is_empty() {
                    self.not_a_function(rest, &final_arg, first)?;
                    return Ok(v);
                }
                return self.eval_fields(dot, v, fields, rest, rest_pos, final_arg);
            }
            Arg::Chain(base, fields) => {
                let v = self.eval_arg(dot, base, cmd.pos)?;
                self.at(first_pos, first.to_string());
                return self.eval_fields(dot, v, fields, rest, rest_pos, final_arg);
            }
            Arg::Pipe(p) => {
                self.not_a_function(rest, &final_arg, first)?;
                let mark = self.vars.len();
                let v = self.eval_pipeline(dot, p);
                self.vars.truncate(mark);
                return v;
            }
            _ => {}
        }
        self.at(cmd.pos, first.to_string());
        self.not_a_function(rest, &final_arg, first)?;
        match first {
            Arg::Nil => self.fail("nil is not a command"),
            other => self.eval_arg(dot, other, first_pos),
        }
    }

    fn not_a_function(&mut self, rest: &[Arg], final_arg: &Option<Value>, first: &Arg) -> Res<()> {
        if !rest.is_empty() || final_arg.is_some() {
            return self.fail(format!("can't give argument to non-function {first}"));
        }
        Ok(())
    }

    /// An argument's value (Go's `evalArg` for an `any` parameter); `pos` is where it is.
    fn eval_arg(&mut self, dot: &Value, arg: &Arg, pos: usize) -> Res<Value> {
        if matches!(arg, Arg::Field(_) | Arg::Variable(..) | Arg::Chain(..)) {
            self.at(pos, arg.to_string());
        }
        Ok(match arg {
            Arg::Dot => dot.clone(),
            Arg::Nil => Value::Nil,
            Arg::Bool(b) => Value::Bool(*b),
            Arg::Str(s) => Value::str(s.as_str()),
            Arg::Number(n) => {
                let floaty = !n.is_char
                    && !n.text.to_ascii_lowercase().starts_with("0x")
                    && !n.text.to_ascii_lowercase().starts_with("-0x")
                    && n.text.contains(['.', 'e', 'E', 'p', 'P']);
                match (floaty, n.float, n.int) {
                    (true, Some(f), _) => Value::Float(f),
                    (_, _, Some(i)) => Value::Int(i),
                    (_, Some(f), None) => Value::Float(f),
                    _ => return self.fail(format!("{} overflows int", n.text)),
                }
            }
            Arg::Field(fields) => self.eval_fields(dot, dot.clone(), fields, &[], &[], None)?,
            Arg::Variable(name, fields) => {
                let Some(v) = self.var(name).cloned() else {
                    return self.fail(format!("undefined variable: {name}"));
                };
                if fields.is_empty() {
                    v
                } else {
                    self.eval_fields(dot, v, fields, &[], &[], None)?
                }
            }
            Arg::Chain(base, fields) => {
                let v = self.eval_arg(dot, base, pos)?;
                self.at(pos, arg.to_string());
                self.eval_fields(dot, v, fields, &[], &[], None)?
            }
            Arg::Pipe(p) => {
                let mark = self.vars.len();
                let v = self.eval_pipeline(dot, p);
                self.vars.truncate(mark);
                v?
            }
            Arg::Identifier(name) => {
                // A function used as an argument is called without arguments.
                let cmd = Command {
                    pos,
                    args: vec![arg.clone()],
                    arg_pos: vec![pos],
                };
                self.eval_function(dot, &cmd, name, &[], &[], None)?
            }
        })
    }

    /// `.a.b.c` starting at `receiver`; the last link gets the command's arguments.
    fn eval_fields(
        &mut self,
        dot: &Value,
        mut receiver: Value,
        fields: &[String],
        args: &[Arg],
        args_pos: &[usize],
        final_arg: Option<Value>,
    ) -> Res<Value> {
        let n = fields.len();
        for (i, f) in fields.iter().enumerate() {
            let last = i + 1 == n;
            let (a, p, fin) = if last {
                (args, args_pos, final_arg.clone())
            } else {
                (&[][..], &[][..], None)
            };
            receiver = self.eval_field(dot, f, receiver, a, p, fin)?;
        }
        Ok(receiver)
    }

    fn eval_field(
        &mut self,
        dot: &Value,
        name: &str,
        receiver: Value,
        args: &[Arg],
        args_pos: &[usize],
        final_arg: Option<Value>,
    ) -> Res<Value> {
        let has_args = !args.is_empty() || final_arg.is_some();
        match &receiver {
            Value::Missing => {
                if self.t.missing_key == MissingKey::Error {
                    return self.fail(format!("nil data; no entry for key {name:?}"));
                }
                Ok(Value::Missing)
            }
            Value::Nil => self.fail(format!("nil pointer evaluating interface {{}}.{name}")),
            Value::Object(o) => {
                let mut call_args = Vec::new();
                for (i, a) in args.iter().enumerate() {
                    let p = args_pos.get(i).copied().unwrap_or(self.at_pos);
                    call_args.push(self.eval_arg(dot, a, p)?);
                }
                call_args.extend(final_arg);
                if let Some(r) = o.call(name, &call_args) {
                    return match r {
                        Ok(v) => Ok(v),
                        Err(e) => self.fail(format!("error calling {name}: {e}")),
                    };
                }
                if let Some(v) = o.field(name) {
                    if has_args {
                        return self.fail(format!(
                            "{name} has arguments but cannot be invoked as function"
                        ));
                    }
                    return Ok(v);
                }
                if let Some(Value::Map(m)) = o.underlying() {
                    return self.map_field(&m, name, has_args);
                }
                self.fail(format!(
                    "can't evaluate field {name} in type {}",
                    o.type_name()
                ))
            }
            Value::Map(m) => {
                let m = Arc::clone(m);
                self.map_field(&m, name, has_args)
            }
            other => self.fail(format!(
                "can't evaluate field {name} in type {}",
                other.type_name()
            )),
        }
    }

    fn map_field(&mut self, m: &super::Map, name: &str, has_args: bool) -> Res<Value> {
        if has_args {
            return self.fail(format!("{name} is not a method but has arguments"));
        }
        match m.entries.get(name) {
            Some(v) => Ok(v.clone()),
            None => match self.t.missing_key {
                MissingKey::Default => Ok(Value::Missing),
                MissingKey::Zero => Ok(m.zero.clone()),
                MissingKey::Error => self.fail(format!("map has no entry for key {name:?}")),
            },
        }
    }

    fn eval_function(
        &mut self,
        dot: &Value,
        cmd: &Command,
        name: &str,
        args: &[Arg],
        args_pos: &[usize],
        final_arg: Option<Value>,
    ) -> Res<Value> {
        self.at(cmd.pos, name.to_string());
        let pos_of = |i: usize| args_pos.get(i).copied().unwrap_or(cmd.pos);
        // `and` and `or` evaluate their arguments only as far as needed.
        if name == "and" || name == "or" {
            let mut all: Vec<(usize, &Arg)> = args.iter().enumerate().collect();
            if all.is_empty() && final_arg.is_none() {
                self.at(cmd.pos, cmd.to_string());
                return self.fail(format!(
                    "wrong number of args for {name}: want at least 1 got 0"
                ));
            }
            let mut last = Value::Missing;
            for (i, a) in all.drain(..) {
                last = self.eval_arg(dot, a, pos_of(i))?;
                if last.truthy() != (name == "and") {
                    return Ok(last);
                }
            }
            if let Some(f) = final_arg {
                last = f;
            }
            return Ok(last);
        }
        let mut values = Vec::with_capacity(args.len() + 1);
        for (i, a) in args.iter().enumerate() {
            values.push(self.eval_arg(dot, a, pos_of(i))?);
        }
        values.extend(final_arg);
        self.at(cmd.pos, cmd.to_string());
        let result = match (self.extra)(name, &values) {
            Some(r) => Some(r),
            None => self.t.funcs.get(name).map(|f| f(&values)),
        };
        if let Some(r) = result {
            return match r {
                Ok(v) => Ok(v),
                // Go checks arguments before the call, so those errors name no call.
                Err(e) if is_argument_error(&e) => {
                    if e.starts_with("wrong number of args") {
                        self.at(cmd.pos, name.to_string());
                    }
                    self.fail(e)
                }
                Err(e) => self.fail(format!("error calling {name}: {e}")),
            };
        }
        match builtin(name, &values) {
            Ok(v) => Ok(v),
            Err(e) => self.fail(e),
        }
    }
}

/// Go's builtin functions other than `and`/`or`. Errors are Go's text after `at <...>: `.
fn builtin(name: &str, args: &[Value]) -> Result<Value, String> {
    let want = |n: usize| -> Result<(), String> {
        if args.len() == n {
            Ok(())
        } else {
            Err(format!(
                "wrong number of args for {name}: want {n} got {}",
                args.len()
            ))
        }
    };
    match name {
        "not" => {
            want(1)?;
            Ok(Value::Bool(!args[0].truthy()))
        }
        "len" => {
            want(1)?;
            match args[0].resolved() {
                Value::String(s) => Ok(Value::Int(s.len() as i64)),
                Value::List(l) => Ok(Value::Int(l.items.len() as i64)),
                Value::Map(m) => Ok(Value::Int(m.entries.len() as i64)),
                other => Err(format!(
                    "error calling len: len of type {}",
                    other.type_name()
                )),
            }
        }
        "index" => {
            let Some((item, indexes)) = args.split_first() else {
                return Err("wrong number of args for index: want at least 1 got 0".into());
            };
            let mut item = item.clone();
            for ix in indexes {
                item = index_one(&item, ix).map_err(|e| format!("error calling index: {e}"))?;
            }
            Ok(item)
        }
        "slice" => {
            let Some((item, indexes)) = args.split_first() else {
                return Err("wrong number of args for slice: want at least 1 got 0".into());
            };
            slice(item, indexes).map_err(|e| format!("error calling slice: {e}"))
        }
        "print" => Ok(Value::str(sprint(args))),
        "println" => Ok(Value::str(sprintln(args))),
        "printf" => {
            let Some((format, rest)) = args.split_first() else {
                return Err("wrong number of args for printf: want at least 1 got 0".into());
            };
            let Value::String(f) = format else {
                return Err(format!(
                    "wrong type for value; expected string; got {}",
                    format.type_name()
                ));
            };
            Ok(Value::str(sprintf(f, rest)))
        }
        "html" => Ok(Value::str(html_escape(&eval_args_string(args)))),
        "js" => Ok(Value::str(js_escape(&eval_args_string(args)))),
        "urlquery" => Ok(Value::str(query_escape(&eval_args_string(args)))),
        "eq" => {
            let Some((first, rest)) = args.split_first() else {
                return Err("wrong number of args for eq: want at least 1 got 0".into());
            };
            if rest.is_empty() {
                return Err("error calling eq: missing argument for comparison".into());
            }
            for r in rest {
                if compare(first, r, true).map_err(|e| format!("error calling eq: {e}"))?
                    == Some(std::cmp::Ordering::Equal)
                {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
        "ne" | "lt" | "le" | "gt" | "ge" => {
            want(2)?;
            let equality = name == "ne";
            let ord = compare(&args[0], &args[1], equality)
                .map_err(|e| format!("error calling {name}: {e}"))?;
            use std::cmp::Ordering::*;
            // Go defines gt as !le and ge as !lt, which matters for NaN.
            let lt = ord == Some(Less);
            let le = matches!(ord, Some(Less | Equal));
            Ok(Value::Bool(match name {
                "ne" => ord != Some(Equal),
                "lt" => lt,
                "le" => le,
                "gt" => !le,
                _ => !lt,
            }))
        }
        "call" => Err("error calling call: non-function of type ".to_string()
            + &args.first().map_or("<nil>".into(), Value::type_name)),
        _ => Err(format!("function {name:?} not defined")),
    }
}

/// Errors a function reports about its arguments, which Go raises before calling it.
fn is_argument_error(e: &str) -> bool {
    [
        "wrong number of args for ",
        "wrong type for value",
        "invalid value; expected ",
    ]
    .iter()
    .any(|p| e.starts_with(p))
}

/// Go's `evalArgs` for html/js/urlquery: one string argument as is, else `fmt.Sprint` with
/// missing and nil values printed as `<no value>`.
fn eval_args_string(args: &[Value]) -> String {
    match args {
        [Value::String(s)] => s.to_string(),
        _ => {
            let printable: Vec<Value> = args
                .iter()
                .map(|a| match a {
                    Value::Missing | Value::Nil => Value::str("<no value>"),
                    other => other.clone(),
                })
                .collect();
            sprint(&printable)
        }
    }
}

fn index_one(item: &Value, ix: &Value) -> Result<Value, String> {
    match item.resolved() {
        // Go checks 0 <= i <= len and lets reflect fail at i == len.
        Value::List(l) => {
            let i = int_index(ix)?;
            match usize::try_from(i).ok().filter(|&u| u <= l.items.len()) {
                None => Err(format!("index out of range: {i}")),
                Some(u) => l
                    .items
                    .get(u)
                    .cloned()
                    .ok_or_else(|| "reflect: slice index out of range".to_string()),
            }
        }
        Value::String(s) => {
            let i = int_index(ix)?;
            match usize::try_from(i).ok().filter(|&u| u <= s.len()) {
                None => Err(format!("index out of range: {i}")),
                Some(u) => s
                    .as_bytes()
                    .get(u)
                    .map(|&b| Value::Int(i64::from(b)))
                    .ok_or_else(|| "reflect: string index out of range".to_string()),
            }
        }
        Value::Map(m) => {
            let Value::String(k) = ix else {
                return Err(format!(
                    "value has type {}; should be string",
                    ix.type_name()
                ));
            };
            Ok(m.entries
                .get(k.as_ref())
                .cloned()
                .unwrap_or_else(|| m.zero.clone()))
        }
        Value::Missing | Value::Nil => Err("index of untyped nil".into()),
        other => Err(format!("can't index item of type {}", other.type_name())),
    }
}

fn int_index(ix: &Value) -> Result<i64, String> {
    match ix {
        Value::Int(i) => Ok(*i),
        other => Err(format!(
            "cannot index slice/array with type {}",
            other.type_name()
        )),
    }
}

fn slice(item: &Value, indexes: &[Value]) -> Result<Value, String> {
    if indexes.len() > 3 {
        return Err(format!("too many slice indexes: {}", indexes.len()));
    }
    let idx: Vec<i64> = indexes.iter().map(int_index).collect::<Result<_, _>>()?;
    let len = match item.resolved() {
        Value::String(s) => s.len(),
        Value::List(l) => l.items.len(),
        Value::Missing | Value::Nil => return Err("slice of untyped nil".into()),
        other => return Err(format!("can't slice item of type {}", other.type_name())),
    } as i64;
    if let Some(&bad) = idx.iter().find(|&&i| i < 0 || i > len) {
        return Err(format!("index out of range: {bad}"));
    }
    let lo = idx.first().copied().unwrap_or(0);
    let hi = idx.get(1).copied().unwrap_or(len);
    if lo > hi {
        return Err(format!("invalid slice index: {lo} > {hi}"));
    }
    let (lo, hi) = (lo as usize, hi as usize);
    match item.resolved() {
        Value::String(s) => {
            if idx.len() == 3 {
                return Err("cannot 3-index slice a string".into());
            }
            s.get(lo..hi)
                .map(Value::str)
                .ok_or_else(|| "slice of a string splits a character".to_string())
        }
        Value::List(l) => Ok(Value::List(Arc::new(super::List {
            items: l.items[lo..hi].to_vec(),
            type_name: l.type_name.clone(),
        }))),
        _ => Err("can't slice".into()),
    }
}

/// Go's comparison rules for eq/ne/lt/le/gt/ge. `None` means unordered (NaN).
fn compare(a: &Value, b: &Value, equality: bool) -> Result<Option<std::cmp::Ordering>, String> {
    use Value::*;
    let (a, b) = (a.resolved(), b.resolved());
    match (&a, &b) {
        (Int(x), Int(y)) => Ok(Some(x.cmp(y))),
        (Float(x), Float(y)) => Ok(x.partial_cmp(y)),
        (String(x), String(y)) => Ok(Some(x.cmp(y))),
        (Bool(x), Bool(y)) if equality => Ok(Some(x.cmp(y))),
        (Bool(_), Bool(_)) => Err("invalid type for comparison".into()),
        (Nil, Nil) if equality => Ok(Some(std::cmp::Ordering::Equal)),
        // Since Go 1.18 eq/ne treat a missing value as unequal to anything else.
        (Missing | Nil, Missing | Nil) if equality => Ok(Some(std::cmp::Ordering::Equal)),
        (Missing, _) | (_, Missing) if equality => Ok(None),
        (Missing, _) | (_, Missing) => Err("invalid type for comparison".into()),
        (Int(_) | Float(_) | String(_) | Bool(_), Int(_) | Float(_) | String(_) | Bool(_)) => {
            Err("incompatible types for comparison".into())
        }
        // nil equals only nil.
        (Nil, _) | (_, Nil) if equality => Ok(None),
        _ if equality => Err("non-comparable types".into()),
        _ => Err("invalid type for comparison".into()),
    }
}

/// Go's `template.HTMLEscapeString`.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Go's `template.JSEscapeString`.
pub fn js_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if c < ' ' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c if c.is_ascii() || crate::gostr::is_print(c) => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out
}

/// Go's `url.QueryEscape`.
pub fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The names of Go's builtin template functions.
pub fn builtin_names() -> HashSet<&'static str> {
    BUILTINS.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str, data: Value) -> Result<String, String> {
        let mut t = Templates::new();
        t.parse("t", src).map_err(|e| e.message)?;
        t.execute("t", &data).map_err(|e| e.message)
    }

    fn data() -> Value {
        let mut m = BTreeMap::new();
        m.insert(
            "Labels".to_string(),
            Value::string_map([("instance", "a:9090"), ("job", "node")]),
        );
        m.insert("Value".to_string(), Value::Float(3.5));
        m.insert("L".to_string(), Value::string_list(["x", "y", "z"]));
        m.insert("N".to_string(), Value::Int(0));
        Value::Map(Arc::new(super::super::Map {
            entries: m,
            zero: Value::Missing,
            type_name: "map[string]interface {}".into(),
        }))
    }

    #[test]
    fn actions_fields_and_variables() {
        assert_eq!(
            run("{{ .Labels.instance }} {{ $.Value }}", data()).as_deref(),
            Ok("a:9090 3.5")
        );
        assert_eq!(
            run("{{ $l := .Labels }}{{ $l.job }}", data()).as_deref(),
            Ok("node")
        );
        assert_eq!(
            run("{{ .Labels.nope }}|{{ .Nope }}", data()).as_deref(),
            Ok("<no value>|<no value>")
        );
        assert_eq!(
            run(
                "{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}",
                data()
            )
            .as_deref(),
            Ok("2")
        );
    }

    #[test]
    fn control_flow() {
        assert_eq!(
            run(
                "{{ if .N }}a{{ else if .Value }}b{{ else }}c{{ end }}",
                data()
            )
            .as_deref(),
            Ok("b")
        );
        assert_eq!(
            run("{{ range $i, $e := .L }}{{ $i }}{{ $e }},{{ end }}", data()).as_deref(),
            Ok("0x,1y,2z,")
        );
        assert_eq!(
            run("{{ range .Labels }}{{ . }};{{ end }}", data()).as_deref(),
            Ok("a:9090;node;")
        );
        assert_eq!(
            run("{{ range .N }}x{{ else }}empty{{ end }}", data()).as_deref(),
            Ok("empty")
        );
        assert_eq!(
            run(
                "{{ range .L }}{{ if eq . \"y\" }}{{ break }}{{ end }}{{ . }}{{ end }}",
                data()
            )
            .as_deref(),
            Ok("x")
        );
        assert_eq!(
            run(
                "{{ range .L }}{{ if eq . \"y\" }}{{ continue }}{{ end }}{{ . }}{{ end }}",
                data()
            )
            .as_deref(),
            Ok("xz")
        );
        assert_eq!(
            run("{{ with .Labels.job }}[{{ . }}]{{ end }}", data()).as_deref(),
            Ok("[node]")
        );
        assert_eq!(
            run(
                "{{ define \"x\" }}<{{ . }}>{{ end }}{{ template \"x\" .Value }}",
                data()
            )
            .as_deref(),
            Ok("<3.5>")
        );
    }

    #[test]
    fn builtins() {
        assert_eq!(run("{{ len .L }} {{ index .L 1 }} {{ index .Labels \"job\" }} {{ slice \"abcd\" 1 3 }}", data()).as_deref(), Ok("3 y node bc"));
        assert_eq!(
            run("{{ and 1 0 2 }} {{ or 0 \"\" \"x\" }} {{ not .N }}", data()).as_deref(),
            Ok("0 x true")
        );
        assert_eq!(
            run(
                "{{ eq .Value 3.5 }} {{ ne 1 2 }} {{ lt \"a\" \"b\" }} {{ eq 1 2 1 }}",
                data()
            )
            .as_deref(),
            Ok("true true true true")
        );
        assert_eq!(
            run(
                "{{ html \"<a href='x'>\" }} {{ urlquery \"a b&c\" }}",
                data()
            )
            .as_deref(),
            Ok("&lt;a href=&#39;x&#39;&gt; a+b%26c")
        );
        assert_eq!(
            run("{{ .Value | printf \"%.2f\" }}", data()).as_deref(),
            Ok("3.50")
        );
    }

    #[test]
    fn errors_read_like_go() {
        assert_eq!(
            run("{{ lt .Value 1 }}", data()).unwrap_err(),
            "template: t:1:3: executing \"t\" at <lt .Value 1>: error calling lt: incompatible types for comparison"
        );
        assert_eq!(
            run("x\n{{ .Labels.job.x }}", data()).unwrap_err(),
            "template: t:2:10: executing \"t\" at <.Labels.job.x>: can't evaluate field x in type string"
        );
        assert_eq!(
            run("{{ template \"nope\" }}", data()).unwrap_err(),
            "template: t:1:12: executing \"t\" at <{{template \"nope\"}}>: template \"nope\" not defined"
        );
        assert_eq!(
            run("{{ nope }}", data()).unwrap_err(),
            "template: t:1: function \"nope\" not defined"
        );
    }

    #[test]
    fn go_corner_cases() {
        // The else branch sees the declared variable holding the (empty) value.
        assert_eq!(
            run("{{ range $x := .N }}x{{ else }}[{{ $x }}]{{ end }}", data()).as_deref(),
            Ok("[0]")
        );
        assert!(run("{{ range $i, $e := 3 }}{{ end }}", data())
            .unwrap_err()
            .contains("can't use 3 to iterate over more than one variable"));
        assert_eq!(
            run(
                "{{ define \"d\" }}[{{ . }}]{{ end }}{{ template \"d\" }}",
                data()
            )
            .as_deref(),
            Ok("[<no value>]")
        );
        assert_eq!(
            run("{{ eq .Nope \"x\" }} {{ ne .Nope \"x\" }}", data()).as_deref(),
            Ok("false true")
        );
        assert!(run("{{ index .L 3 }}", data())
            .unwrap_err()
            .ends_with("error calling index: reflect: slice index out of range"));
        assert!(run("{{ slice \"abc\" 1 5 }}", data())
            .unwrap_err()
            .ends_with("index out of range: 5"));
        // gt is !le and ge is !lt, so NaN is greater than anything.
        let mut m = BTreeMap::new();
        m.insert("V".to_string(), Value::Float(f64::NAN));
        let nan = Value::Map(Arc::new(super::super::Map {
            entries: m,
            zero: Value::Missing,
            type_name: "map[string]interface {}".into(),
        }));
        assert_eq!(
            run(
                "{{ gt .V 1.0 }} {{ ge .V 1.0 }} {{ lt .V 1.0 }} {{ le .V 1.0 }}",
                nan
            )
            .as_deref(),
            Ok("true true false false")
        );
    }

    #[test]
    fn number_constants() {
        assert_eq!(
            run(
                "{{ 0x1p-2 }} {{ 1_000 }} {{ 0o17 }} {{ 'a' }} {{ 1e3 }} {{ 0x10 }}",
                data()
            )
            .as_deref(),
            Ok("0.25 1000 15 97 1000 16")
        );
    }

    #[test]
    fn errors_point_at_the_failing_argument() {
        assert_eq!(
            run("{{ printf \"%s\" .L.x }}", data()).unwrap_err(),
            "template: t:1:17: executing \"t\" at <.L.x>: can't evaluate field x in type []string"
        );
        assert_eq!(
            run("{{ range $x := .Value }}{{ end }}", data()).unwrap_err(),
            "template: t:1:15: executing \"t\" at <.Value>: range can't iterate over 3.5"
        );
    }

    #[test]
    fn missing_key_options() {
        let mut t = Templates::new();
        t.missing_key = MissingKey::Zero;
        t.parse("t", "[{{ .Labels.nope }}]").expect("parses");
        assert_eq!(t.execute("t", &data()).as_deref(), Ok("[]"));
        t.missing_key = MissingKey::Error;
        assert!(t.execute("t", &data()).is_err());
    }

    #[test]
    fn deep_recursion_is_an_error_not_a_crash() {
        let r = run(
            "{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}",
            data(),
        );
        assert!(
            r.unwrap_err().contains("exceeded maximum template depth"),
            "depth"
        );
    }
}

//! Template variable substitution, so a query can be parsed as the datasource will see it.
//!
//! Grafana replaces `$var`, `${var}`, `${var:format}` and `[[var]]` / `[[var:format]]`
//! (the regex in its TemplateSrv); names it does not know stay as written. We substitute a
//! representative value per variable and keep a map from the result back to the original
//! text, so parse errors point at what the user wrote.

/// What a variable stands for while checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarValue {
    /// The values (one unless a multi-value selection).
    pub values: Vec<String>,
}

/// One replaced piece: `orig` in the source became `new` in the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Replaced {
    orig_start: usize,
    orig_end: usize,
    new_start: usize,
    new_end: usize,
}

/// The substituted text and how to map its offsets back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substituted {
    pub text: String,
    replaced: Vec<Replaced>,
    /// Names referenced but not defined (and not Grafana globals), with their source spans.
    pub undefined: Vec<(String, usize, usize)>,
}

impl Substituted {
    /// Whether bytes `span` of the result came, even partly, from a substituted variable.
    pub fn touches_substitution(&self, span: crate::diag::Span) -> bool {
        self.replaced
            .iter()
            .any(|r| r.new_start < span.end.max(span.start + 1) && span.start < r.new_end)
    }

    /// The offset in the original text that produced byte `pos` of the result.
    pub fn original_offset(&self, pos: usize) -> usize {
        let mut shift: isize = 0;
        for r in &self.replaced {
            if pos < r.new_start {
                break;
            }
            if pos < r.new_end {
                return r.orig_start;
            }
            shift = r.orig_end as isize - r.new_end as isize;
        }
        (pos as isize + shift).max(0) as usize
    }
}

/// How to substitute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Leave string literals as written, as grafana/dashboard-linter does, so a matcher
    /// still reads `job=~"$job"` after parsing.
    pub keep_strings: bool,
    /// Give the interval globals dashboard-linter's odd durations, so rules can tell from
    /// the parsed range that `[$__rate_interval]` was written.
    pub marked_intervals: bool,
}

/// The durations [`Options::marked_intervals`] gives `$__rate_interval` and `$__auto`, in
/// milliseconds.
pub const RATE_INTERVAL_MS: i64 = 8_869_990_787;
pub const AUTO_MS: i64 = 12_345;

fn marked(name: &str) -> Option<&'static str> {
    Some(match name {
        "__rate_interval" => "8869990787ms",
        "__interval" => "4867856611ms",
        "__range" => "6069770749ms",
        "__auto" => "12345ms",
        _ => return None,
    })
}

/// Built-in variables and the value they get: five minutes, whatever the unit.
fn global(name: &str) -> Option<&'static str> {
    Some(match name {
        "__interval" | "__rate_interval" | "__range" | "__auto" | "__auto_interval" => "5m",
        "__interval_ms" | "__rate_interval_ms" | "__range_ms" => "300000",
        "__range_s" => "300",
        "__from" => "1700000000000",
        "__to" => "1700000300000",
        "__dashboard" | "__name" | "__org" | "__user" | "__timezone" => "x",
        // An interval variable's `auto` value: `$__auto_interval_<variable>`.
        n if n.starts_with("__auto_interval_") => "5m",
        _ => return None,
    })
}

/// One reference found in the text.
struct Ref<'a> {
    start: usize,
    end: usize,
    name: &'a str,
    format: Option<&'a str>,
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The reference starting at `i` (a `$` or `[`), as Grafana's variable regex reads it.
fn reference_at(text: &str, i: usize) -> Option<Ref<'_>> {
    let b = text.as_bytes();
    let rest = text.get(i..)?;
    if let Some(inner) = rest.strip_prefix("${") {
        let close = inner.find('}')?;
        let body = inner.get(..close)?;
        let (name_field, format) = match body.split_once(':') {
            Some((n, f)) => (n, Some(f)),
            None => (body, None),
        };
        // `${var.field}` reads a field of an object value; the name is before the dot.
        let name = name_field.split('.').next().unwrap_or("");
        if name.is_empty() || !name.bytes().all(is_word) {
            return None;
        }
        return Some(Ref {
            start: i,
            end: i + 2 + close + 1,
            name,
            format,
        });
    }
    if let Some(inner) = rest.strip_prefix("[[") {
        let close = inner.find("]]")?;
        let body = inner.get(..close)?;
        let (name, format) = match body.split_once(':') {
            Some((n, f)) => (n, Some(f)),
            None => (body, None),
        };
        if name.is_empty() || !name.bytes().all(is_word) {
            return None;
        }
        return Some(Ref {
            start: i,
            end: i + 2 + close + 2,
            name,
            format,
        });
    }
    if b.get(i) == Some(&b'$') {
        let mut j = i + 1;
        while b.get(j).is_some_and(|&c| is_word(c)) {
            j += 1;
        }
        if j > i + 1 {
            return Some(Ref {
                start: i,
                end: j,
                name: text.get(i + 1..j)?,
                format: None,
            });
        }
    }
    None
}

/// Escapes for inside a PromQL string literal quoted with `quote`.
fn escape_in_string(s: &str, quote: u8) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\\' || (c.is_ascii() && c as u8 == quote) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Backslash-escapes regex metacharacters (Grafana's `regex` format).
fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\^$.|?*+()[]{}/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The text a reference becomes, before escaping for its context.
fn formatted(value: &VarValue, format: Option<&str>, in_string: bool) -> String {
    let vals = &value.values;
    let first = vals.first().cloned().unwrap_or_default();
    match format.map(|f| f.split(':').next().unwrap_or(f)) {
        Some("regex") => {
            let escaped: Vec<String> = vals.iter().map(|v| regex_escape(v)).collect();
            if escaped.len() > 1 {
                format!("({})", escaped.join("|"))
            } else {
                escaped.concat()
            }
        }
        Some("pipe") => vals.join("|"),
        Some("csv") | Some("text") => vals.join(","),
        Some("doublequote") => vals
            .iter()
            .map(|v| format!("\"{v}\""))
            .collect::<Vec<_>>()
            .join(","),
        Some("singlequote") => vals
            .iter()
            .map(|v| format!("'{v}'"))
            .collect::<Vec<_>>()
            .join(","),
        // The Prometheus datasource writes several values as a regex alternation; outside a
        // string that would not be an identifier, so one value stands for all there.
        _ if vals.len() > 1 && in_string => format!("({})", vals.join("|")),
        _ => first,
    }
}

/// Whether `s` reads as a Prometheus duration, so `[$var]` stays valid.
fn is_duration(s: &str) -> bool {
    crate::duration::parse_duration(s).is_ok()
}

/// Substitutes every known reference in `text`. `lookup` gives a user variable's value;
/// globals are built in. Unknown names stay as written and are reported (except names
/// Grafana never treats as variables here: all digits, as in regex replacement `$1`).
pub fn substitute(text: &str, lookup: &dyn Fn(&str) -> Option<VarValue>) -> Substituted {
    substitute_with(text, lookup, Options::default())
}

/// [`substitute`] with options.
pub fn substitute_with(
    text: &str,
    lookup: &dyn Fn(&str) -> Option<VarValue>,
    opts: Options,
) -> Substituted {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut replaced = Vec::new();
    let mut undefined = Vec::new();
    // Which string literal we are in, if any, so values are escaped for it.
    let mut quote: Option<u8> = None;
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        let c = b.get(i).copied().unwrap_or(0);
        if let Some(q) = quote {
            if opts.keep_strings && c != q && c != b'\\' {
                i += 1;
                continue;
            }
            if c == b'\\' {
                i += 2;
                continue;
            }
            if c == q {
                quote = None;
                i += 1;
                continue;
            }
        } else if matches!(c, b'"' | b'\'' | b'`') {
            quote = Some(c);
            i += 1;
            continue;
        } else if c == b'#' {
            // A PromQL comment runs to the end of the line; nothing in it is parsed.
            while b.get(i).is_some_and(|&c| c != b'\n') {
                i += 1;
            }
            continue;
        }
        if c != b'$' && c != b'[' {
            i += 1;
            continue;
        }
        let Some(r) = reference_at(text, i) else {
            i += 1;
            continue;
        };
        let global = match marked(r.name) {
            Some(m) if opts.marked_intervals => Some(m),
            _ => global(r.name),
        };
        let value = match global {
            Some(g) => Some(VarValue {
                values: vec![g.to_string()],
            }),
            None => lookup(r.name),
        };
        let Some(value) = value else {
            if !r.name.bytes().all(|c| c.is_ascii_digit()) {
                undefined.push((r.name.to_string(), r.start, r.end));
            }
            i = r.end;
            continue;
        };
        let mut new = formatted(&value, r.format, quote.is_some());
        match quote {
            Some(q) if q != b'`' => new = escape_in_string(&new, q),
            Some(_) => {}
            None => {
                // A range or step needs a duration, whatever the variable's sample value.
                let before = text.get(..r.start).unwrap_or("").trim_end();
                if (before.ends_with('[') || before.ends_with(':') || before.ends_with("offset"))
                    && !is_duration(&new)
                {
                    new = "5m".to_string();
                } else if new.is_empty() {
                    new = "x".to_string();
                }
            }
        }
        out.push_str(text.get(copied..r.start).unwrap_or(""));
        let new_start = out.len();
        out.push_str(&new);
        replaced.push(Replaced {
            orig_start: r.start,
            orig_end: r.end,
            new_start,
            new_end: out.len(),
        });
        i = r.end;
        copied = r.end;
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    Substituted {
        text: out,
        replaced,
        undefined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(name: &str) -> Option<VarValue> {
        let v = |xs: &[&str]| {
            Some(VarValue {
                values: xs.iter().map(|s| s.to_string()).collect(),
            })
        };
        match name {
            "job" => v(&["node"]),
            "multi" => v(&["a", "b"]),
            "q" => v(&["x\"y"]),
            "res" => v(&["30s"]),
            "label" => v(&[""]),
            _ => None,
        }
    }

    #[test]
    fn forms() {
        let s = substitute(
            r#"rate(up{job=~"$job",i="${multi}",k="[[job]]",r=~"${q:regex}"}[$__rate_interval])"#,
            &vars,
        );
        assert_eq!(
            s.text,
            r#"rate(up{job=~"node",i="(a|b)",k="node",r=~"x\"y"}[5m])"#
        );
        assert!(s.undefined.is_empty());
        let s = substitute("sum by ($multi) (x) [$job] $1 $nope", &vars);
        assert_eq!(s.text, "sum by (a) (x) [5m] $1 $nope");
        assert_eq!(s.undefined, vec![("nope".to_string(), 30, 35)]);
        assert_eq!(substitute("x[$res:$__interval]", &vars).text, "x[30s:5m]");
        assert_eq!(
            substitute("sum by ($label) (x)", &vars).text,
            "sum by (x) (x)"
        );
        // Comments are left alone.
        assert_eq!(substitute("x # $nope", &vars).undefined.len(), 0);
        // An interval variable's auto value is built in.
        let s = substitute("rate(x[$__auto_interval_res])", &vars);
        assert_eq!(s.text, "rate(x[5m])");
        assert!(s.undefined.is_empty());
    }

    #[test]
    fn offsets_map_back() {
        let src = "rate(x[$__rate_interval]) +";
        let s = substitute(src, &vars);
        assert_eq!(s.text, "rate(x[5m]) +");
        // '+' at 12 in the result, at 26 in the source.
        assert_eq!(s.original_offset(12), 26);
        assert_eq!(s.original_offset(8), 7);
        assert_eq!(s.original_offset(2), 2);
    }
}

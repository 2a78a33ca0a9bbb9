//! Alertmanager's template functions: `DefaultFuncs` of prometheus/alertmanager
//! `template/template.go` at HEAD, with Go's results and error texts.
//!
//! Functions Prometheus shares with Alertmanager (`toUpper`, `match`, `reReplaceAll`,
//! `humanizeDuration`, ...) are Prometheus's implementations; `title` differs (Alertmanager
//! lowercases the rest of each word). `safeHtml` and `safeUrl` return the typed strings
//! `template.HTML` and `template.URL`, which print as their text and which html escaping
//! leaves alone.

pub mod data;
pub mod notify;
pub mod render;

use std::sync::Arc;

use crate::template::args::{arg, arity, string_arg, wrong_type};
use crate::template::exec::{MissingKey, Templates};
use crate::template::gotime::{
    load_location, parse_in_location, time_arg, GoDuration, GoTime, Loc,
};
use crate::template::{json, prom, Func, List, Map, Object, Value};

/// Every function of Alertmanager's `DefaultFuncs`, by name. `routeLabels` is the
/// placeholder Alertmanager registers so templates parse; a renderer replaces it.
pub fn functions() -> Vec<(&'static str, Func)> {
    type Imp = fn(&[Value]) -> Result<Value, String>;
    let table: [(&'static str, Imp); 25] = [
        ("toUpper", prom::to_upper_fn),
        ("toLower", prom::to_lower_fn),
        ("title", title),
        ("trimSpace", trim_space),
        ("join", join),
        ("match", prom::match_fn),
        ("safeHtml", safe_html),
        ("safeUrl", safe_url),
        ("urlUnescape", url_unescape),
        ("reReplaceAll", prom::re_replace_all),
        ("stringSlice", string_slice),
        ("routeLabels", route_labels_placeholder),
        ("date", date),
        ("tz", tz),
        ("now", now),
        ("since", since),
        ("humanizeDuration", prom::humanize_duration_fn),
        ("toDate", to_date),
        ("mustToDate", must_to_date),
        ("toJson", to_json),
        ("base64encode", base64_encode),
        ("base64decode", base64_decode),
        ("list", list),
        ("append", append),
        ("dict", dict),
    ];
    table
        .into_iter()
        .map(|(name, imp)| (name, Arc::new(imp) as Func))
        .collect()
}

/// An empty template set as Alertmanager makes one: its functions and `missingkey=zero`.
pub fn new_templates() -> Templates {
    let mut t = Templates::new();
    t.missing_key = MissingKey::Zero;
    t.funcs(functions().into_iter().map(|(n, f)| (n.to_string(), f)));
    t
}

/// A string of one of html/template's trusted content types.
#[derive(Debug, Clone)]
pub struct TypedString {
    /// `template.HTML` or `template.URL`.
    pub type_name: &'static str,
    pub text: Arc<str>,
}

pub const HTML_TYPE: &str = "template.HTML";
pub const URL_TYPE: &str = "template.URL";

impl Object for TypedString {
    fn type_name(&self) -> String {
        self.type_name.into()
    }

    fn field(&self, _: &str) -> Option<Value> {
        None
    }

    /// A named string type: comparisons, `len` and printing see the string.
    fn underlying(&self) -> Option<Value> {
        Some(Value::String(Arc::clone(&self.text)))
    }

    fn display(&self) -> String {
        self.text.to_string()
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

fn typed(type_name: &'static str, text: &str) -> Value {
    Value::Object(Arc::new(TypedString {
        type_name,
        text: Arc::from(text),
    }))
}

// ---- strings ----

fn one_string<'a>(name: &str, args: &'a [Value]) -> Result<&'a str, String> {
    arity(name, args, 1)?;
    string_arg(arg(args, 0))
}

fn title(args: &[Value]) -> Result<Value, String> {
    Ok(Value::from(prom::title_case(
        one_string("title", args)?,
        true,
    )))
}

fn trim_space(args: &[Value]) -> Result<Value, String> {
    // strings.TrimSpace trims Unicode White_Space, as char::is_whitespace does.
    Ok(Value::str(one_string("trimSpace", args)?.trim()))
}

/// A `[]string` parameter: `[]string` and named types over it (`template.Strings`); nil and
/// missing values are the nil slice.
fn string_list_arg(v: &Value) -> Result<Vec<Arc<str>>, String> {
    let list = match v {
        Value::Missing | Value::Nil => return Ok(Vec::new()),
        Value::List(l) if l.type_name == "[]string" => Arc::clone(l),
        Value::Object(o) => match o.underlying() {
            Some(Value::List(l)) if l.type_name == "[]string" => l,
            _ => return Err(wrong_type("[]string", v)),
        },
        other => return Err(wrong_type("[]string", other)),
    };
    Ok(list
        .items
        .iter()
        .map(|s| match s {
            Value::String(s) => Arc::clone(s),
            _ => Arc::from(""),
        })
        .collect())
}

fn join(args: &[Value]) -> Result<Value, String> {
    arity("join", args, 2)?;
    let sep = string_arg(arg(args, 0))?;
    let items = string_list_arg(arg(args, 1))?;
    let parts: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    Ok(Value::from(parts.join(sep)))
}

fn safe_html(args: &[Value]) -> Result<Value, String> {
    Ok(typed(HTML_TYPE, one_string("safeHtml", args)?))
}

fn safe_url(args: &[Value]) -> Result<Value, String> {
    Ok(typed(URL_TYPE, one_string("safeUrl", args)?))
}

fn url_unescape(args: &[Value]) -> Result<Value, String> {
    query_unescape(one_string("urlUnescape", args)?).map(Value::from)
}

/// Go's `url.QueryUnescape`: `+` is a space, `%XX` a byte. Bytes that do not form UTF-8
/// become U+FFFD (Go keeps them as they are).
pub fn query_unescape(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    let hex = |c: u8| (c as char).to_digit(16);
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let (hi, lo) = (b.get(i + 1).copied(), b.get(i + 2).copied());
                match (hi.and_then(hex), lo.and_then(hex)) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 3;
                    }
                    _ => {
                        let end = (i + 3).min(b.len());
                        let bad = String::from_utf8_lossy(&b[i..end]);
                        return Err(format!("invalid URL escape {}", crate::gostr::quote(&bad)));
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn string_slice(args: &[Value]) -> Result<Value, String> {
    let items = args
        .iter()
        .map(|a| string_arg(a).map(str::to_string))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Value::string_list(items))
}

fn route_labels_placeholder(args: &[Value]) -> Result<Value, String> {
    one_string("routeLabels", args)?;
    Ok(Value::str(""))
}

// ---- time ----

fn date(args: &[Value]) -> Result<Value, String> {
    arity("date", args, 2)?;
    let layout = string_arg(arg(args, 0))?;
    let t = time_arg(arg(args, 1))?;
    Ok(Value::from(t.format(layout)))
}

fn tz(args: &[Value]) -> Result<Value, String> {
    arity("tz", args, 2)?;
    let name = string_arg(arg(args, 0))?;
    let t = time_arg(arg(args, 1))?;
    let loc = load_location(name)?;
    Ok(Value::Object(Arc::new(t.in_loc(loc))))
}

fn now(args: &[Value]) -> Result<Value, String> {
    arity("now", args, 0)?;
    Ok(Value::Object(Arc::new(GoTime::now())))
}

fn since(args: &[Value]) -> Result<Value, String> {
    arity("since", args, 1)?;
    let t = time_arg(arg(args, 0))?;
    Ok(Value::Object(Arc::new(GoDuration::from_nanos(
        GoTime::now().sub(&t),
    ))))
}

fn to_date(args: &[Value]) -> Result<Value, String> {
    arity("toDate", args, 2)?;
    let layout = string_arg(arg(args, 0))?;
    let s = string_arg(arg(args, 1))?;
    let t = parse_in_location(layout, s, Loc::Utc).unwrap_or_else(|_| GoTime::zero());
    Ok(Value::Object(Arc::new(t)))
}

fn must_to_date(args: &[Value]) -> Result<Value, String> {
    arity("mustToDate", args, 2)?;
    let layout = string_arg(arg(args, 0))?;
    let s = string_arg(arg(args, 1))?;
    Ok(Value::Object(Arc::new(parse_in_location(
        layout,
        s,
        Loc::Utc,
    )?)))
}

// ---- encodings ----

fn to_json(args: &[Value]) -> Result<Value, String> {
    arity("toJson", args, 1)?;
    json::marshal(arg(args, 0)).map(Value::from)
}

const BASE64_URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64_encode(args: &[Value]) -> Result<Value, String> {
    let text = one_string("base64encode", args)?.as_bytes();
    let mut out = String::with_capacity(text.len().div_ceil(3) * 4);
    for chunk in text.chunks(3) {
        let mut buf = [0u8; 3];
        buf[..chunk.len()].copy_from_slice(chunk);
        let n = u32::from(buf[0]) << 16 | u32::from(buf[1]) << 8 | u32::from(buf[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(BASE64_URL[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    Ok(Value::from(out))
}

fn base64_decode(args: &[Value]) -> Result<Value, String> {
    let text = one_string("base64decode", args)?;
    base64_url_decode(text.as_bytes())
        .map(|b| Value::from(String::from_utf8_lossy(&b).into_owned()))
        .map_err(|at| format!("illegal base64 data at input byte {at}"))
}

/// Go's `base64.URLEncoding.DecodeString` (padded; `\r` and `\n` ignored); the error is the
/// offset Go reports.
fn base64_url_decode(src: &[u8]) -> Result<Vec<u8>, usize> {
    let value = |c: u8| BASE64_URL.iter().position(|&b| b == c).map(|v| v as u32);
    let is_nl = |c: u8| c == b'\n' || c == b'\r';
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut si = 0;
    while si < src.len() {
        let mut quad = [0u32; 4];
        let mut len = 4;
        let mut j = 0;
        while j < 4 {
            let Some(&c) = src.get(si) else {
                if j == 0 {
                    return Ok(out);
                }
                return Err(si - j);
            };
            si += 1;
            if let Some(v) = value(c) {
                quad[j] = v;
                j += 1;
                continue;
            }
            if is_nl(c) {
                continue;
            }
            if c != b'=' || j < 2 {
                return Err(si - 1);
            }
            if j == 2 {
                // A second `=` must follow, line breaks aside.
                while src.get(si).copied().is_some_and(is_nl) {
                    si += 1;
                }
                match src.get(si) {
                    None => return Err(src.len()),
                    Some(b'=') => si += 1,
                    Some(_) => return Err(si - 1),
                }
            }
            while src.get(si).copied().is_some_and(is_nl) {
                si += 1;
            }
            if si < src.len() {
                return Err(si);
            }
            len = j;
            break;
        }
        let n = quad[0] << 18 | quad[1] << 12 | quad[2] << 6 | quad[3];
        out.extend_from_slice(&n.to_be_bytes()[1..len]);
    }
    Ok(out)
}

// ---- collections ----

/// An `any` parameter: a missing value arrives as nil.
fn any_arg(v: &Value) -> Value {
    match v {
        Value::Missing => Value::Nil,
        other => other.clone(),
    }
}

fn list(args: &[Value]) -> Result<Value, String> {
    Ok(Value::list(args.iter().map(any_arg).collect()))
}

fn append(args: &[Value]) -> Result<Value, String> {
    let Some((first, rest)) = args.split_first() else {
        return Err("wrong number of args for append: want at least 1 got 0".into());
    };
    let mut items = match first {
        Value::Missing | Value::Nil => Vec::new(),
        Value::List(l) if l.type_name.is_empty() => l.items.clone(),
        other => return Err(wrong_type("[]interface {}", other)),
    };
    items.extend(rest.iter().map(any_arg));
    Ok(Value::List(Arc::new(List {
        items,
        type_name: String::new(),
    })))
}

fn dict(args: &[Value]) -> Result<Value, String> {
    if args.len() % 2 != 0 {
        return Err("dict requires an even number of arguments".into());
    }
    let mut entries = std::collections::BTreeMap::new();
    for pair in args.chunks(2) {
        let Value::String(k) = &pair[0] else {
            return Err("dict keys must be strings".into());
        };
        entries.insert(k.to_string(), any_arg(&pair[1]));
    }
    Ok(Value::Map(Arc::new(Map {
        entries,
        zero: Value::Missing,
        type_name: "map[string]interface {}".into(),
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders `src` with Alertmanager's functions; errors as Go prints them.
    fn render(src: &str) -> Result<String, String> {
        let mut t = new_templates();
        t.parse("", src).map_err(|e| e.message)?;
        t.execute("", &Value::Missing).map_err(|e| e.message)
    }

    fn ok(src: &str) -> String {
        render(src).unwrap_or_else(|e| panic!("{src}: {e}"))
    }

    fn err(src: &str) -> String {
        render(src).expect_err(src)
    }

    #[test]
    fn case_functions() {
        assert_eq!(ok(r#"{{ toUpper "abc" }} {{ toLower "ÀB" }}"#), "ABC àb");
        // Unlike Prometheus's, Alertmanager's title lowercases the rest of each word.
        assert_eq!(
            ok(r#"{{ title "hELLO wORLD it's db-1" }}"#),
            "Hello World It's Db-1"
        );
        assert_eq!(ok(r#"{{ "CRITICAL" | title }}"#), "Critical");
        assert_eq!(ok("{{ trimSpace \"\\t a b \\n\\u00a0\" }}"), "a b");
        assert_eq!(
            err("{{ toUpper 1 }}"),
            "template: :1:3: executing \"\" at <toUpper 1>: wrong type for value; expected string; got int"
        );
    }

    #[test]
    fn join_and_string_slice() {
        assert_eq!(
            ok(r#"{{ join ", " (stringSlice "a" "b" "c") }}"#),
            "a, b, c"
        );
        assert_eq!(ok(r#"{{ stringSlice "a" "b" | join "-" }}"#), "a-b");
        assert_eq!(ok(r#"[{{ join "," nil }}]"#), "[]");
        assert_eq!(ok(r#"{{ stringSlice }}"#), "[]");
        assert_eq!(
            err(r#"{{ join "," (list "a") }}"#),
            "template: :1:3: executing \"\" at <join \",\" (list \"a\")>: wrong type for value; expected []string; got []interface {}"
        );
        assert!(err(r#"{{ stringSlice "a" 2 }}"#)
            .ends_with("wrong type for value; expected string; got int"));
    }

    #[test]
    fn regexes() {
        assert_eq!(
            ok(r#"{{ match "^Disk" "DiskFull" }} {{ match "full$" "DiskFull" }}"#),
            "true false"
        );
        assert_eq!(ok(r#"{{ match "sk" "DiskFull" }}"#), "true");
        assert_eq!(
            ok(r#"{{ reReplaceAll "db([0-9]+)" "host-$1" "db42 db7" }}"#),
            "host-42 host-7"
        );
        assert!(err(r#"{{ match "(" "x" }}"#).contains("error calling match: "));
        assert!(err(r#"{{ reReplaceAll "(" "" "x" }}"#)
            .contains("error calling reReplaceAll: regexp: Compile(`(`): "));
    }

    #[test]
    fn safe_strings_are_typed() {
        assert_eq!(
            ok(r#"{{ safeHtml "<b>" }} {{ safeUrl "http://x/?a=b" }}"#),
            "<b> http://x/?a=b"
        );
        assert_eq!(
            ok(r#"{{ printf "%T %T" (safeHtml "") (safeUrl "") }}"#),
            "template.HTML template.URL"
        );
        assert_eq!(
            ok(r#"{{ eq (safeHtml "x") "x" }} {{ len (safeHtml "abc") }}"#),
            "true 3"
        );
        assert!(err(r#"{{ safeHtml "x" | toUpper }}"#)
            .ends_with("wrong type for value; expected string; got template.HTML"));
    }

    #[test]
    fn url_unescape() {
        assert_eq!(ok(r#"{{ urlUnescape "a%20b%2Fc+d" }}"#), "a b/c d");
        assert_eq!(
            err(r#"{{ urlUnescape "a%zz" }}"#),
            "template: :1:3: executing \"\" at <urlUnescape \"a%zz\">: error calling urlUnescape: invalid URL escape \"%zz\""
        );
        assert!(err(r#"{{ urlUnescape "%4" }}"#).ends_with("invalid URL escape \"%4\""));
    }

    #[test]
    fn dates_and_zones() {
        let t = r#"{{ $t := toDate "2006-01-02 15:04" "2024-03-10 12:30" }}"#;
        assert_eq!(
            ok(&format!("{t}{{{{ $t }}}}")),
            "2024-03-10 12:30:00 +0000 UTC"
        );
        assert_eq!(
            ok(&format!("{t}{{{{ date \"Jan 2, 2006\" $t }}}}")),
            "Mar 10, 2024"
        );
        assert_eq!(
            ok(&format!(
                "{t}{{{{ ($t.Add 90000000000).Format \"15:04:05\" }}}}"
            )),
            "12:31:30"
        );
        // A failed toDate is the zero time; mustToDate reports Go's parse error.
        assert_eq!(
            ok(r#"{{ toDate "2006" "x" }}"#),
            "0001-01-01 00:00:00 +0000 UTC"
        );
        assert_eq!(
            err(r#"{{ mustToDate "2006-01-02" "2024-13-01" }}"#),
            "template: :1:3: executing \"\" at <mustToDate \"2006-01-02\" \"2024-13-01\">: error calling mustToDate: parsing time \"2024-13-01\": month out of range"
        );
        assert!(err(r#"{{ mustToDate "2006-01-02" "24-01-01" }}"#).ends_with(
            ": error calling mustToDate: parsing time \"24-01-01\" as \"2006-01-02\": cannot parse \"24-01-01\" as \"2006\""
        ));
        assert!(err(r#"{{ mustToDate "2006-01-02" "2024-01-02x" }}"#)
            .ends_with("parsing time \"2024-01-02x\": extra text: \"x\""));
        assert!(err(r#"{{ mustToDate "2006-01-02" "2023-02-29" }}"#)
            .ends_with("parsing time \"2023-02-29\": day out of range"));
        assert_eq!(
            ok(r#"{{ mustToDate "Jan _2 3:04:05.000 PM 2006" "Feb  3 4:05:06.789 PM 2021" }}"#),
            "2021-02-03 16:05:06.789 +0000 UTC"
        );
        assert_eq!(
            ok(r#"{{ mustToDate "2006-01-02T15:04:05Z07:00" "2024-01-01T10:00:00+02:00" }}"#),
            "2024-01-01 10:00:00 +0200 +0200"
        );
        assert!(err(r#"{{ tz "Nowhere/City" now }}"#)
            .ends_with("error calling tz: unknown time zone Nowhere/City"));
        assert!(err(r#"{{ tz "../etc" now }}"#).ends_with("time: invalid location name"));
        assert_eq!(
            ok(r#"{{ (tz "UTC" (toDate "2006-01-02" "2024-01-01")).Format "15:04 MST" }}"#),
            "00:00 UTC"
        );
        if std::path::Path::new("/usr/share/zoneinfo/Europe/Paris").exists() {
            assert_eq!(
                ok(r#"{{ tz "Europe/Paris" (toDate "2006-01-02 15:04" "2024-07-01 12:00") }}"#),
                "2024-07-01 14:00:00 +0200 CEST"
            );
            assert_eq!(
                ok(
                    r#"{{ date "15:04 MST -07:00" (tz "Europe/Paris" (toDate "2006-01-02" "2024-01-15")) }}"#
                ),
                "01:00 CET +01:00"
            );
        }
    }

    #[test]
    fn durations() {
        assert_eq!(ok("{{ humanizeDuration 3661 }}"), "1h 1m 1s");
        assert_eq!(ok(r#"{{ humanizeDuration "0.5" }}"#), "500ms");
        let since = ok(r#"{{ since (toDate "2006" "2020") }}"#);
        assert!(since.ends_with('s') && since.contains('h'), "{since}");
        assert_eq!(
            ok("{{ printf \"%T %T\" now (since now) }}"),
            "time.Time time.Duration"
        );
    }

    #[test]
    fn json() {
        assert_eq!(
            ok(r#"{{ toJson (dict "b" 1 "a" (list "x" 2.5 true nil)) }}"#),
            r#"{"a":["x",2.5,true,null],"b":1}"#
        );
        assert_eq!(ok(r#"{{ toJson "<&>" }}"#), r#""\u003c\u0026\u003e""#);
        assert_eq!(
            ok(r#"{{ toJson (toDate "2006-01-02" "2024-01-02") }}"#),
            r#""2024-01-02T00:00:00Z""#
        );
        assert_eq!(ok(r#"{{ toJson (stringSlice "a") }}"#), r#"["a"]"#);
    }

    #[test]
    fn base64() {
        assert_eq!(ok(r#"{{ base64encode "a?b>c" }}"#), "YT9iPmM=");
        assert_eq!(ok(r#"{{ base64encode "ÿþ" }}"#), "w7_Dvg==");
        assert_eq!(ok(r#"{{ base64decode "YT9iPmM=" }}"#), "a?b>c");
        assert_eq!(
            ok(r#"{{ base64decode "" }}|{{ base64decode "YQ==" }}"#),
            "|a"
        );
        for (input, at) in [
            ("YQ", 0),
            ("Y", 0),
            ("YQ=", 3),
            ("YQ==x", 4),
            ("Y+==", 1),
            ("=", 0),
        ] {
            assert_eq!(base64_url_decode(input.as_bytes()), Err(at), "{input}");
        }
        assert_eq!(base64_url_decode(b"YQ\n==").as_deref(), Ok(&b"a"[..]));
        assert!(err(r#"{{ base64decode "a+" }}"#)
            .ends_with("error calling base64decode: illegal base64 data at input byte 1"));
    }

    #[test]
    fn collections() {
        assert_eq!(ok(r#"{{ list }} {{ list 1 "a" }}"#), "[] [1 a]");
        assert_eq!(
            ok(r#"{{ append (list 1) 2 3 }} {{ append nil "x" }}"#),
            "[1 2 3] [x]"
        );
        assert_eq!(
            ok(r#"{{ $d := dict "k" "v" }}{{ $d.k }} {{ index $d "k" }}"#),
            "v v"
        );
        assert!(err(r#"{{ dict "k" }}"#)
            .ends_with("error calling dict: dict requires an even number of arguments"));
        assert!(err(r#"{{ dict 1 2 }}"#).ends_with("error calling dict: dict keys must be strings"));
        assert!(err(r#"{{ append (stringSlice "a") "b" }}"#)
            .ends_with("wrong type for value; expected []interface {}; got []string"));
        assert!(
            err("{{ append }}").ends_with("wrong number of args for append: want at least 1 got 0")
        );
    }

    #[test]
    fn route_labels_placeholder_parses() {
        assert_eq!(ok(r#"[{{ routeLabels "team" }}]"#), "[]");
    }

    #[test]
    fn every_head_function_is_defined() {
        let names: Vec<&str> = functions().into_iter().map(|(n, _)| n).collect();
        for want in [
            "toUpper",
            "toLower",
            "title",
            "trimSpace",
            "join",
            "match",
            "safeHtml",
            "safeUrl",
            "urlUnescape",
            "reReplaceAll",
            "stringSlice",
            "routeLabels",
            "date",
            "tz",
            "now",
            "since",
            "humanizeDuration",
            "toDate",
            "mustToDate",
            "toJson",
            "base64encode",
            "base64decode",
            "list",
            "append",
            "dict",
        ] {
            assert!(names.contains(&want), "{want}");
        }
        assert_eq!(names.len(), 25);
    }

    #[test]
    fn missing_keys_are_zero() {
        let mut t = new_templates();
        t.parse("", "[{{ .a }}]").expect("parses");
        let data = Value::string_map([("b", "1")]);
        assert_eq!(t.execute("", &data).as_deref(), Ok("[]"));
    }
}

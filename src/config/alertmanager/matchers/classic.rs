//! The classic matcher grammar (Alertmanager's `pkg/labels/parse.go`): tolerant, regex-based,
//! names limited to `[a-zA-Z_:][a-zA-Z0-9_:]*`, values optionally double-quoted.

use super::{MatchType, Matcher};

/// Go's `labels.ParseMatchers`: one optional `{` and `}` trimmed, then split on commas
/// outside double quotes; a trailing comma (and whitespace) is dropped.
pub(super) fn parse_matchers(input: &str) -> Result<Vec<Matcher>, String> {
    let s = input.strip_prefix('{').unwrap_or(input);
    let s = s.strip_suffix('}').unwrap_or(s);
    let mut tokens = Vec::new();
    let mut token = String::new();
    let (mut inside_quotes, mut escaped) = (false, false);
    for c in s.chars() {
        match c {
            ',' if !inside_quotes => {
                tokens.push(std::mem::take(&mut token));
                continue;
            }
            // Go leaves `escaped` alone on a quoted comma, so `\,"` still escapes the quote.
            ',' => {}
            '"' if escaped => escaped = false,
            '"' => inside_quotes = !inside_quotes,
            '\\' => escaped = !escaped,
            _ => escaped = false,
        }
        token.push(c);
    }
    let last = token.trim();
    if !last.is_empty() {
        tokens.push(last.to_string());
    }
    tokens.iter().map(|t| parse_matcher(t)).collect()
}

/// Go's `\s` (RE2, ASCII only, no `\v`).
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Go's `labels.ParseMatcher`: the input must match
/// `^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*((?s).*?)\s*$`, written out by hand; the
/// value is then unescaped (`\n`, `\"`, `\\`; other backslashes stay literal).
pub(super) fn parse_matcher(input: &str) -> Result<Matcher, String> {
    let bad = || format!("bad matcher format: {input}");
    let bytes = input.as_bytes();
    let skip_space = |mut i: usize| {
        while bytes.get(i).copied().is_some_and(is_space) {
            i += 1;
        }
        i
    };
    let name_start = skip_space(0);
    let mut i = name_start;
    match bytes.get(i) {
        Some(&b) if b.is_ascii_alphabetic() || b == b'_' || b == b':' => i += 1,
        _ => return Err(bad()),
    }
    while bytes
        .get(i)
        .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b':')
    {
        i += 1;
    }
    let name = &input[name_start..i];
    let i = skip_space(i);
    let rest = &input[i..];
    // `=~` before `=`, as in the upstream alternation.
    let (kind, op_len) = if rest.starts_with("=~") {
        (MatchType::Regexp, 2)
    } else if rest.starts_with('=') {
        (MatchType::Equal, 1)
    } else if rest.starts_with("!=") {
        (MatchType::NotEqual, 2)
    } else if rest.starts_with("!~") {
        (MatchType::NotRegexp, 2)
    } else {
        return Err(bad());
    };
    let value_start = skip_space(i + op_len);
    let raw = input[value_start..].trim_end_matches(|c: char| c.is_ascii() && is_space(c as u8));
    let value = unescape_value(raw)?;
    Matcher::new(kind, name, value)
}

/// The value rules of `ParseMatcher`. Errors quote `raw` as written, quotes included.
fn unescape_value(raw: &str) -> Result<String, String> {
    let unescaped_quote = || format!("matcher value contains unescaped double quote: {raw}");
    let (body, mut expect_trailing_quote) = match raw.strip_prefix('"') {
        Some(body) => (body, true),
        None => (raw, false),
    };
    let mut value = String::with_capacity(body.len());
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        let last = i + c.len_utf8() == body.len();
        if escaped {
            escaped = false;
            match c {
                'n' => value.push('\n'),
                '"' | '\\' => value.push(c),
                // A spurious escape: the backslash is literal.
                _ => {
                    value.push('\\');
                    value.push(c);
                }
            }
            continue;
        }
        match c {
            '\\' if !last => escaped = true,
            // A backslash as the last character is literal.
            '\\' => value.push('\\'),
            '"' if expect_trailing_quote && last => expect_trailing_quote = false,
            '"' => return Err(unescaped_quote()),
            _ => value.push(c),
        }
    }
    if expect_trailing_quote {
        return Err(unescaped_quote());
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use MatchType::{Equal, NotEqual, NotRegexp, Regexp};

    use crate::config::alertmanager::matchers::tests::m;

    type Want = &'static [(MatchType, &'static str, &'static str)];

    /// Upstream pkg/labels/parse_test.go TestMatchers, every case.
    #[test]
    fn upstream_table() {
        let ok: &[(&str, Want)] = &[
            ("{}", &[]),
            ("{foo='}", &[(Equal, "foo", "'")]),
            ("{foo=`}", &[(Equal, "foo", "`")]),
            ("{foo=\\\"}", &[(Equal, "foo", "\"")]),
            ("{foo=bar}", &[(Equal, "foo", "bar")]),
            (r#"{foo="bar"}"#, &[(Equal, "foo", "bar")]),
            ("{foo=~bar.*}", &[(Regexp, "foo", "bar.*")]),
            (r#"{foo=~"bar.*"}"#, &[(Regexp, "foo", "bar.*")]),
            ("{foo!=bar}", &[(NotEqual, "foo", "bar")]),
            (r#"{foo!="bar"}"#, &[(NotEqual, "foo", "bar")]),
            ("{foo!~bar.*}", &[(NotRegexp, "foo", "bar.*")]),
            (r#"{foo!~"bar.*"}"#, &[(NotRegexp, "foo", "bar.*")]),
            (
                r#"{foo="bar", baz!="quux"}"#,
                &[(Equal, "foo", "bar"), (NotEqual, "baz", "quux")],
            ),
            (
                r#"{foo="bar", baz!~"quux.*"}"#,
                &[(Equal, "foo", "bar"), (NotRegexp, "baz", "quux.*")],
            ),
            (
                r#"{foo="bar",baz!~".*quux", derp="wat"}"#,
                &[
                    (Equal, "foo", "bar"),
                    (NotRegexp, "baz", ".*quux"),
                    (Equal, "derp", "wat"),
                ],
            ),
            (
                r#"{foo="bar", baz!="quux", derp="wat"}"#,
                &[
                    (Equal, "foo", "bar"),
                    (NotEqual, "baz", "quux"),
                    (Equal, "derp", "wat"),
                ],
            ),
            (
                r#"{foo="bar", baz!~".*quux.*", derp="wat"}"#,
                &[
                    (Equal, "foo", "bar"),
                    (NotRegexp, "baz", ".*quux.*"),
                    (Equal, "derp", "wat"),
                ],
            ),
            (
                r#"{foo="bar", instance=~"some-api.*"}"#,
                &[(Equal, "foo", "bar"), (Regexp, "instance", "some-api.*")],
            ),
            (r#"{foo=""}"#, &[(Equal, "foo", "")]),
            (
                r#"{foo="bar,quux", job="job1"}"#,
                &[(Equal, "foo", "bar,quux"), (Equal, "job", "job1")],
            ),
            (
                r#"{foo = "bar", dings != "bums", }"#,
                &[(Equal, "foo", "bar"), (NotEqual, "dings", "bums")],
            ),
            (
                "foo=bar,dings!=bums",
                &[(Equal, "foo", "bar"), (NotEqual, "dings", "bums")],
            ),
            (
                r#"{quote="She said: \"Hi, ladies! That's gender-neutral…\""}"#,
                &[(
                    Equal,
                    "quote",
                    r#"She said: "Hi, ladies! That's gender-neutral…""#,
                )],
            ),
            (r#"statuscode=~"5..""#, &[(Regexp, "statuscode", "5..")]),
            ("tricky=~~~", &[(Regexp, "tricky", "~~")]),
            (r#"trickier==\\=\=\""#, &[(Equal, "trickier", r#"=\=\=""#)]),
            (
                r#"contains_quote != "\"" , contains_comma !~ "foo,bar" , "#,
                &[
                    (NotEqual, "contains_quote", "\""),
                    (NotRegexp, "contains_comma", "foo,bar"),
                ],
            ),
            ("{foo=bar}}", &[(Equal, "foo", "bar}")]),
            ("{foo=bar}},}", &[(Equal, "foo", "bar}}")]),
            ("{foo=,bar=}}", &[(Equal, "foo", ""), (Equal, "bar", "}")]),
            (r"{foo=bar\t}", &[(Equal, "foo", "bar\\t")]),
            (r"{foo=bar\n}", &[(Equal, "foo", "bar\n")]),
            (r"{foo=bar\}", &[(Equal, "foo", "bar\\")]),
            (r"{foo=bar\\}", &[(Equal, "foo", "bar\\")]),
            (r#"{foo=bar\"}"#, &[(Equal, "foo", "bar\"")]),
            ("job=", &[(Equal, "job", "")]),
            ("{foo=", &[(Equal, "foo", "")]),
            ("{foo=}b", &[(Equal, "foo", "}b")]),
        ];
        for (input, want) in ok {
            let want: Vec<Matcher> = want.iter().map(|&(k, n, v)| m(k, n, v)).collect();
            assert_eq!(parse_matchers(input), Ok(want), "{input}");
        }

        let errors = [
            (",", "bad matcher format: "),
            ("{,}", "bad matcher format: "),
            (
                r#"job="value"#,
                r#"matcher value contains unescaped double quote: "value"#,
            ),
            (
                r#"job=value""#,
                r#"matcher value contains unescaped double quote: value""#,
            ),
            (
                r#"trickier==\\=\=\"""#,
                r#"matcher value contains unescaped double quote: =\\=\=\"""#,
            ),
            (
                r#"contains_unescaped_quote = foo"bar"#,
                r#"matcher value contains unescaped double quote: foo"bar"#,
            ),
            (
                r#"{invalid-name = "valid label"}"#,
                r#"bad matcher format: invalid-name = "valid label""#,
            ),
            (
                r#"{foo=~"invalid[regexp"}"#,
                "error parsing regexp: missing closing ]: `[regexp)$`",
            ),
            (r#""{foo=\"bar"}"#, r#"bad matcher format: "{foo=\"bar""#),
            (r#""foo=\"bar""#, r#"bad matcher format: "foo=\"bar""#),
            (r#""foo=\"bar\"""#, r#"bad matcher format: "foo=\"bar\"""#),
            (r#""foo=\"bar\""#, r#"bad matcher format: "foo=\"bar\""#),
            (
                r#""{foo=\"bar\"}""#,
                r#"bad matcher format: "{foo=\"bar\"}""#,
            ),
            (r#""foo="bar"""#, r#"bad matcher format: "foo="bar"""#),
            ("{{foo=", "bad matcher format: {foo="),
        ];
        for (input, want) in errors {
            assert_eq!(
                parse_matchers(input).err().as_deref(),
                Some(want),
                "{input}"
            );
        }
    }

    #[test]
    fn single_matcher_details() {
        // Whitespace around every token; names may contain colons; `\v` is not `\s` in Go.
        assert_eq!(
            parse_matcher(" \t job:x \n=~ \r\"a b\" \x0c"),
            Ok(m(Regexp, "job:x", "a b"))
        );
        assert_eq!(parse_matcher("a=b\x0b"), Ok(m(Equal, "a", "b\x0b")));
        assert_eq!(parse_matcher("a= \n "), Ok(m(Equal, "a", "")));
        assert_eq!(
            parse_matcher("a=multi\nline"),
            Ok(m(Equal, "a", "multi\nline"))
        );
        assert_eq!(parse_matcher("a=🙂\\"), Ok(m(Equal, "a", "🙂\\")));
        assert_eq!(
            parse_matcher("a=\""),
            Err("matcher value contains unescaped double quote: \"".into())
        );
        assert_eq!(parse_matcher("a=\"\""), Ok(m(Equal, "a", "")));
        for bad in ["", "=x", "1a=x", "a", "a~=x", "a==", "🙂=x"] {
            if bad == "a==" {
                assert_eq!(parse_matcher(bad), Ok(m(Equal, "a", "=")));
                continue;
            }
            assert_eq!(
                parse_matcher(bad),
                Err(format!("bad matcher format: {bad}"))
            );
        }
    }

    #[test]
    fn list_splitting() {
        // A comma inside quotes does not reset the escape state (as upstream).
        assert_eq!(
            parse_matchers(r#"a="x\,",b=y"#),
            Err(r#"matcher value contains unescaped double quote: "x\,",b=y"#.into())
        );
        assert_eq!(
            parse_matchers("a=1,,b=2"),
            Err("bad matcher format: ".into())
        );
        assert_eq!(parse_matchers("  "), Ok(vec![]));
        assert_eq!(parse_matchers(""), Ok(vec![]));
    }
}

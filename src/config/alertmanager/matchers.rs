//! Alertmanager label matchers (`name="value"`, `!=`, `=~`, `!~`), the one parser behind route
//! `matchers`, inhibit `source_matchers`/`target_matchers`, amtool's positional matcher
//! arguments and the API's `filter` parameters.
//!
//! Alertmanager has two grammars: the classic one (`pkg/labels`, [`classic`]) and the UTF-8
//! one (`matcher/parse`, [`utf8`]). [`ParseMode`] picks between them as the
//! `--enable-feature=classic-mode|utf8-strict-mode` switches do (`matcher/compat`); the
//! default tries both and keeps the classic answer, with a warning, when they differ.
//!
//! Regexes differ from Prometheus's: Alertmanager anchors them as `^(?:re)$`, without the `s`
//! flag, so `.` does not match a newline.

mod classic;
mod utf8;

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use crate::regex::PromRegex;

/// How a matcher compares a label value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchType {
    Equal,
    NotEqual,
    Regexp,
    NotRegexp,
}

impl MatchType {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchType::Equal => "=",
            MatchType::NotEqual => "!=",
            MatchType::Regexp => "=~",
            MatchType::NotRegexp => "!~",
        }
    }
}

impl fmt::Display for MatchType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One label matcher. Build it with [`Matcher::new`] (or a parser) so the regex of `=~`/`!~`
/// is compiled; the fields are public for reading.
#[derive(Clone)]
pub struct Matcher {
    pub kind: MatchType,
    pub name: String,
    pub value: String,
    /// Compiled for `=~` and `!~`.
    regex: Option<Arc<PromRegex>>,
}

impl Matcher {
    /// Go's `labels.NewMatcher`: `=~`/`!~` values compile as the Go pattern `^(?:value)$`;
    /// a bad pattern gives Go's `error parsing regexp: ...` text.
    pub fn new(
        kind: MatchType,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> Result<Matcher, String> {
        let value = value.into();
        let regex = match kind {
            MatchType::Regexp | MatchType::NotRegexp => Some(Arc::new(
                PromRegex::new_alertmanager(&value).map_err(|e| e.to_string())?,
            )),
            MatchType::Equal | MatchType::NotEqual => None,
        };
        Ok(Matcher {
            kind,
            name: name.into(),
            value,
            regex,
        })
    }

    /// The API's matcher form (`isRegex`, `isEqual`), as in silences and v1 JSON.
    pub fn from_flags(
        name: impl Into<String>,
        value: impl Into<String>,
        is_regex: bool,
        is_equal: bool,
    ) -> Result<Matcher, String> {
        let kind = match (is_regex, is_equal) {
            (false, true) => MatchType::Equal,
            (false, false) => MatchType::NotEqual,
            (true, true) => MatchType::Regexp,
            (true, false) => MatchType::NotRegexp,
        };
        Matcher::new(kind, name, value)
    }

    /// `isRegex` of the API form.
    pub fn is_regex(&self) -> bool {
        matches!(self.kind, MatchType::Regexp | MatchType::NotRegexp)
    }

    /// `isEqual` of the API form.
    pub fn is_equal(&self) -> bool {
        matches!(self.kind, MatchType::Equal | MatchType::Regexp)
    }

    /// Whether a label value satisfies the matcher; pass `""` for an absent label.
    pub fn matches(&self, value: &str) -> bool {
        let regex_match = || self.regex.as_ref().is_some_and(|r| r.is_match(value));
        match self.kind {
            MatchType::Equal => value == self.value,
            MatchType::NotEqual => value != self.value,
            MatchType::Regexp => regex_match(),
            MatchType::NotRegexp => !regex_match(),
        }
    }
}

impl PartialEq for Matcher {
    /// The regex follows from kind and value, so these three decide equality (as Go's
    /// `reflect.DeepEqual` on two `NewMatcher` results does).
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind && self.name == other.name && self.value == other.value
    }
}

impl Eq for Matcher {}

impl Ord for Matcher {
    /// Go's `Matchers.Less`: by name, then value, then match type.
    fn cmp(&self, other: &Self) -> Ordering {
        (&self.name, &self.value, self.kind).cmp(&(&other.name, &other.value, other.kind))
    }
}

impl PartialOrd for Matcher {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Debug for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Matcher {
    /// Go's `Matcher.String()`: a name with reserved characters can only have come from the
    /// UTF-8 parser, so it and the value are Go-quoted; otherwise the name is bare and the
    /// value OpenMetrics-escaped, which the classic parser reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.name.chars().any(is_reserved) {
            let name = crate::gostr::quote_exact(self.name.as_bytes());
            let value = crate::gostr::quote_exact(self.value.as_bytes());
            return write!(f, "{name}{}{value}", self.kind);
        }
        write!(f, "{}{}\"", self.name, self.kind)?;
        for c in self.value.chars() {
            match c {
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                '"' => f.write_str("\\\"")?,
                c => fmt::Write::write_char(f, c)?,
            }
        }
        f.write_str("\"")
    }
}

/// Characters the UTF-8 grammar reserves outside double quotes (Go's `isReserved`).
pub(crate) fn is_reserved(c: char) -> bool {
    c.is_whitespace() || "{}!=~,\\\"'`".contains(c)
}

/// Whether every matcher accepts the label set (absent labels count as `""`).
pub fn matches_all(matchers: &[Matcher], labels: &BTreeMap<String, String>) -> bool {
    matchers
        .iter()
        .all(|m| m.matches(labels.get(&m.name).map_or("", String::as_str)))
}

/// Go's `Matchers.String()`: `{a="1",b=~"x"}`.
pub fn format_matchers(matchers: &[Matcher]) -> String {
    let mut out = String::from("{");
    for (i, m) in matchers.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&m.to_string());
    }
    out.push('}');
    out
}

/// Go's `sort.Sort(labels.Matchers(ms))`, which configurations apply to route and inhibit
/// matchers. The order is total over what a matcher is, so stability does not matter.
pub fn sort_matchers(matchers: &mut [Matcher]) {
    matchers.sort_unstable();
}

/// Which grammar parses matchers (Alertmanager's `--enable-feature` switches).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ParseMode {
    /// `classic-mode`: only the classic parser; label names must be classic.
    Classic,
    /// `utf8-strict-mode`: only the UTF-8 parser.
    Utf8Strict,
    /// The default: the UTF-8 parser, falling back to the classic one with a warning.
    #[default]
    Fallback,
}

/// A parse result with the warnings Alertmanager would have logged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed<T> {
    pub value: T,
    /// Each warning is the log line without time, level and source: `msg="…"` then the
    /// other fields in slog's text format.
    pub warnings: Vec<String>,
}

impl<T> Parsed<T> {
    fn clean(value: T) -> Self {
        Parsed {
            value,
            warnings: Vec::new(),
        }
    }
}

/// Parses zero or more matchers, `{…}` optional (`compat.Matchers`).
pub fn parse_matchers(input: &str, mode: ParseMode) -> Result<Parsed<Vec<Matcher>>, String> {
    parse_matchers_from(input, mode, "")
}

/// [`parse_matchers`] with the origin (`config`, `cli`, `api`) that warnings name.
pub fn parse_matchers_from(
    input: &str,
    mode: ParseMode,
    origin: &str,
) -> Result<Parsed<Vec<Matcher>>, String> {
    match mode {
        ParseMode::Classic => classic::parse_matchers(input).map(Parsed::clean),
        ParseMode::Utf8Strict => utf8::parse_matchers(input).map(Parsed::clean),
        ParseMode::Fallback => {
            match (utf8::parse_matchers(input), classic::parse_matchers(input)) {
                (Err(_), Err(err)) => Err(err),
                (Err(err), Ok(classic)) => {
                    let suggestion = classic
                        .iter()
                        .map(Matcher::to_string)
                        .collect::<Vec<_>>()
                        .join(",");
                    let warning = incompatible_warning(input, origin, &err, &suggestion);
                    Ok(Parsed {
                        value: classic,
                        warnings: vec![warning],
                    })
                }
                // Go compares the UTF-8 parser's nil slice with the classic parser's empty
                // one with reflect.DeepEqual, so an input with no matchers (``, `{}`) always
                // counts as a disagreement.
                (Ok(utf8), Ok(classic)) if utf8 != classic || utf8.is_empty() => Ok(Parsed {
                    value: classic,
                    warnings: vec![disagreement_warning(input, origin)],
                }),
                (Ok(utf8), _) => Ok(Parsed::clean(utf8)),
            }
        }
    }
}

/// Parses exactly one matcher (`compat.Matcher`). The UTF-8 and fallback modes reject braces
/// around it.
pub fn parse_matcher(input: &str, mode: ParseMode) -> Result<Parsed<Matcher>, String> {
    parse_matcher_from(input, mode, "")
}

/// [`parse_matcher`] with the origin (`config`, `cli`, `api`) that warnings name.
pub fn parse_matcher_from(
    input: &str,
    mode: ParseMode,
    origin: &str,
) -> Result<Parsed<Matcher>, String> {
    if mode != ParseMode::Classic && (input.starts_with('{') || input.ends_with('}')) {
        return Err(format!("unexpected open or close brace: {input}"));
    }
    match mode {
        ParseMode::Classic => classic::parse_matcher(input).map(Parsed::clean),
        ParseMode::Utf8Strict => utf8::parse_matcher(input).map(Parsed::clean),
        ParseMode::Fallback => {
            let utf8 = utf8::parse_matcher(input);
            let classic = classic::parse_matcher(input);
            match (utf8, classic) {
                (Err(_), Err(err)) => Err(err),
                (Err(err), Ok(classic)) => {
                    let warning = incompatible_warning(input, origin, &err, &classic.to_string());
                    Ok(Parsed {
                        value: classic,
                        warnings: vec![warning],
                    })
                }
                (Ok(utf8), Ok(classic)) if utf8 != classic => Ok(Parsed {
                    value: classic,
                    warnings: vec![disagreement_warning(input, origin)],
                }),
                (Ok(utf8), _) => Ok(Parsed::clean(utf8)),
            }
        }
    }
}

/// Label names in `group_by`, `equal` and route `labels`: the classic rule
/// `[a-zA-Z_][a-zA-Z0-9_]*` in classic mode, any non-empty UTF-8 otherwise.
pub fn is_valid_label_name(name: &str, mode: ParseMode) -> bool {
    match mode {
        ParseMode::Classic => crate::model::labels::is_legacy_label_name(name),
        ParseMode::Utf8Strict | ParseMode::Fallback => !name.is_empty(),
    }
}

const INCOMPATIBLE: &str = "Alertmanager is moving to a new parser for labels and matchers, and \
this input is incompatible. Alertmanager has instead parsed the input using the classic matchers \
parser as a fallback. To make this input compatible with the UTF-8 matchers parser please make \
sure all regular expressions and values are double-quoted and backslashes are escaped. If you \
are still seeing this message please open an issue.";

fn incompatible_warning(input: &str, origin: &str, err: &str, suggestion: &str) -> String {
    log_line(&[
        ("msg", INCOMPATIBLE),
        ("input", input),
        ("origin", origin),
        ("err", err),
        ("suggestion", suggestion),
    ])
}

fn disagreement_warning(input: &str, origin: &str) -> String {
    log_line(&[
        ("msg", "Matchers input has disagreement"),
        ("input", input),
        ("origin", origin),
    ])
}

/// Fields the way Go's slog text handler writes them; an unknown origin is left out.
fn log_line(fields: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for &(key, value) in fields {
        if key == "origin" && value.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(key);
        out.push('=');
        if slog_needs_quoting(value) {
            out.push_str(&crate::gostr::quote_exact(value.as_bytes()));
        } else {
            out.push_str(value);
        }
    }
    out
}

/// slog's `needsQuoting`: empty, spaces, `=`, `"`, control and non-printable characters.
fn slog_needs_quoting(s: &str) -> bool {
    s.is_empty()
        || s.chars().any(|c| {
            if c.is_ascii() {
                c == ' ' || c == '=' || c == '"' || c.is_ascii_control()
            } else {
                c == char::REPLACEMENT_CHARACTER || c.is_whitespace() || !crate::gostr::is_print(c)
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A matcher the test knows to be valid.
    pub(super) fn m(kind: MatchType, name: &str, value: &str) -> Matcher {
        match Matcher::new(kind, name, value) {
            Ok(m) => m,
            Err(e) => panic!("{name}{kind}{value:?}: {e}"),
        }
    }

    use MatchType::{Equal, NotEqual, NotRegexp, Regexp};

    #[test]
    fn match_semantics() {
        // Upstream pkg/labels/matcher_test.go TestMatcher.
        let cases = [
            (Equal, "bar", "bar", true),
            (Equal, "bar", "foo-bar", false),
            (NotEqual, "bar", "bar", false),
            (NotEqual, "bar", "foo-bar", true),
            (Regexp, "bar", "bar", true),
            (Regexp, "bar", "foo-bar", false),
            (Regexp, ".*bar", "foo-bar", true),
            (NotRegexp, "bar", "bar", false),
            (NotRegexp, "bar", "foo-bar", true),
            (NotRegexp, ".*bar", "foo-bar", false),
            (Regexp, "foo.bar", "foo-bar", true),
            (Regexp, "foo\\.bar", "foo-bar", false),
            (Regexp, "foo\\.bar", "foo.bar", true),
            (Equal, "foo\nbar", "foo\nbar", true),
            (Regexp, "foo.bar", "foo\nbar", false),
            (Regexp, "(?s)foo.bar", "foo\nbar", true),
            (Equal, "~!=\"", "~!=\"", true),
            // Anchoring applies to each side of a top-level alternation.
            (Regexp, "a|b", "ab", false),
            (Regexp, "a|b", "b", true),
            (Regexp, "b", "abc", false),
            (Regexp, "", "", true),
            (NotRegexp, "", "x", true),
            // Go's \d is ASCII only.
            (Regexp, "\\d", "٣", false),
        ];
        for (kind, value, input, want) in cases {
            assert_eq!(
                m(kind, "", value).matches(input),
                want,
                "{kind}{value:?} on {input:?}"
            );
        }
    }

    #[test]
    fn absent_labels_are_empty() {
        let labels: BTreeMap<String, String> = [("foo".to_string(), "bar".to_string())]
            .into_iter()
            .collect();
        let yes = |ms: &[Matcher]| matches_all(ms, &labels);
        assert!(yes(&[m(Equal, "missing", "")]));
        assert!(!yes(&[m(NotEqual, "missing", "")]));
        assert!(yes(&[m(NotEqual, "foo", "")]));
        assert!(yes(&[m(Regexp, "missing", ".*")]));
        assert!(!yes(&[m(Regexp, "missing", ".+")]));
        assert!(yes(&[m(NotRegexp, "missing", ".+")]));
        assert!(yes(&[m(Equal, "foo", "bar"), m(Regexp, "foo", "b.r")]));
        assert!(!yes(&[m(Equal, "foo", "bar"), m(NotRegexp, "foo", "b.*")]));
        assert!(yes(&[]));
    }

    #[test]
    fn regex_errors_are_go_text() {
        assert_eq!(
            Matcher::new(Regexp, "foo", "invalid[regexp")
                .err()
                .as_deref(),
            Some("error parsing regexp: missing closing ]: `[regexp)$`")
        );
        assert_eq!(
            Matcher::new(NotRegexp, "foo", "(a").err().as_deref(),
            Some("error parsing regexp: missing closing ): `^(?:(a)$`")
        );
        // The wrapper's `)` may be closed early, as in Go: `^(?:a)|(b)$` anchors each side
        // at one end only.
        let m = m(Regexp, "foo", "a)|(b");
        assert!(m.matches("ax") && m.matches("xb") && !m.matches("xa"));
        assert!(Matcher::new(Equal, "foo", "(a").is_ok());
    }

    #[test]
    fn api_flags() {
        for kind in [Equal, NotEqual, Regexp, NotRegexp] {
            let a = m(kind, "foo", "bar");
            let b = Matcher::from_flags("foo", "bar", a.is_regex(), a.is_equal());
            assert_eq!(b.ok(), Some(a));
        }
        assert!(m(Regexp, "a", "b").is_equal() && !m(NotEqual, "a", "b").is_equal());
    }

    #[test]
    fn display() {
        // Upstream TestMatcherString.
        let cases = [
            ("foo", Equal, "bar", r#"foo="bar""#),
            ("foo", NotEqual, "bar", r#"foo!="bar""#),
            ("foo", Regexp, "bar", r#"foo=~"bar""#),
            ("foo", NotRegexp, "bar", r#"foo!~"bar""#),
            ("foo", Equal, r"back\slash", r#"foo="back\\slash""#),
            ("foo", Equal, r#"double"quote"#, r#"foo="double\"quote""#),
            ("foo", Equal, "new\nline", r#"foo="new\nline""#),
            ("foo", Equal, "tab\tstop", "foo=\"tab\tstop\""),
            ("foo", Equal, "🙂", r#"foo="🙂""#),
            ("foo!", NotEqual, "bar", r#""foo!"!="bar""#),
            ("foo🙂", Equal, "bar", r#"foo🙂="bar""#),
            ("foo bar", Equal, "baz", r#""foo bar"="baz""#),
            // A quoted name quotes the value with Go's escapes.
            ("a b", Equal, "tab\tstop", r#""a b"="tab\tstop""#),
        ];
        for (name, kind, value, want) in cases {
            assert_eq!(m(kind, name, value).to_string(), want);
        }
        let ms = [m(Equal, "a", "1"), m(Regexp, "b", "x")];
        assert_eq!(format_matchers(&ms), r#"{a="1",b=~"x"}"#);
        assert_eq!(format_matchers(&[]), "{}");
    }

    #[test]
    fn printing_round_trips() {
        let values = [
            "plain",
            "",
            "with space",
            "quote\"inside",
            "back\\slash",
            "new\nline",
            "a,b",
            "{braces}",
            "🙂 Σ",
            "\\n literal",
        ];
        for mode in [
            ParseMode::Classic,
            ParseMode::Utf8Strict,
            ParseMode::Fallback,
        ] {
            for kind in [Equal, NotEqual, Regexp, NotRegexp] {
                for value in values {
                    let want = m(kind, "job", value);
                    let got = parse_matcher(&want.to_string(), mode);
                    assert_eq!(got.map(|p| p.value), Ok(want.clone()), "{mode:?} {want}");
                }
            }
        }
        // Names only the UTF-8 grammar accepts print quoted and parse back there.
        for name in ["foo bar", "a=b", "x\"y", "🙂"] {
            let want = m(Equal, name, "v\tw");
            let got = parse_matcher(&want.to_string(), ParseMode::Utf8Strict);
            assert_eq!(got.map(|p| p.value), Ok(want));
        }
        let list = [m(Equal, "a", "1,2"), m(NotRegexp, "b", "x\"y")];
        for mode in [
            ParseMode::Classic,
            ParseMode::Utf8Strict,
            ParseMode::Fallback,
        ] {
            let got = parse_matchers(&format_matchers(&list), mode).map(|p| p.value);
            assert_eq!(got, Ok(list.to_vec()), "{mode:?}");
        }
    }

    #[test]
    fn sort_order_is_name_value_type() {
        let mut ms = vec![
            m(Equal, "b", "1"),
            m(NotRegexp, "a", "2"),
            m(Equal, "a", "2"),
            m(Regexp, "a", "10"),
            m(NotEqual, "a", "2"),
        ];
        sort_matchers(&mut ms);
        assert_eq!(
            format_matchers(&ms),
            r#"{a=~"10",a="2",a!="2",a!~"2",b="1"}"#
        );
    }

    #[test]
    fn label_names_by_mode() {
        // Upstream compat TestIsValidClassicLabelName / TestIsValidUTF8LabelName.
        let cases = [
            ("foo", true, true),
            ("_foo1", true, true),
            ("", false, false),
            ("0foo", false, true),
            ("foo🙂", false, true),
            ("foo:bar", false, true),
        ];
        for (name, classic, utf8) in cases {
            assert_eq!(
                is_valid_label_name(name, ParseMode::Classic),
                classic,
                "{name}"
            );
            assert_eq!(
                is_valid_label_name(name, ParseMode::Utf8Strict),
                utf8,
                "{name}"
            );
            assert_eq!(
                is_valid_label_name(name, ParseMode::Fallback),
                utf8,
                "{name}"
            );
        }
    }

    #[test]
    fn grammars_agree_on_compliance_inputs() {
        // Upstream matcher/compliance, its cases that run: both grammars give the same
        // matchers (checked against upstream's expectations in classic's table) or both fail.
        let inputs = [
            "{foo=bar}",
            r#"{foo="bar"}"#,
            "{foo=~bar.*}",
            r#"{foo=~"bar.*"}"#,
            "{foo!=bar}",
            r#"{foo!="bar"}"#,
            "{foo!~bar.*}",
            r#"{foo!~"bar.*"}"#,
            r#"{foo="bar", baz!="quux"}"#,
            r#"{foo="bar", baz!~"quux.*"}"#,
            r#"{foo="bar",baz!~".*quux", derp="wat"}"#,
            r#"{foo="bar", baz!="quux", derp="wat"}"#,
            r#"{foo="bar", baz!~".*quux.*", derp="wat"}"#,
            r#"{foo="bar", instance=~"some-api.*"}"#,
            r#"{foo=""}"#,
            r#"{foo="bar,quux", job="job1"}"#,
            r#"{foo = "bar", dings != "bums", }"#,
            "foo=bar,dings!=bums",
            r#"{quote="She said: \"Hi, ladies! That's gender-neutral…\""}"#,
            r#"statuscode=~"5..""#,
            r#"contains_quote != "\"" , contains_comma !~ "foo,bar" , "#,
            "{,}",
            r#"job="value"#,
            r#"job=value""#,
            r#"trickier==\\=\=\"""#,
            r#"contains_unescaped_quote = foo"bar"#,
            r#"{foo=~"invalid[regexp"}"#,
            r#""{foo=\"bar"}"#,
            r#""foo=\"bar""#,
            r#""foo=\"bar\"""#,
            r#""foo=\"bar\""#,
            r#""{foo=\"bar\"}""#,
            r#""foo="bar"""#,
            "{{foo=",
        ];
        for input in inputs {
            match (classic::parse_matchers(input), utf8::parse_matchers(input)) {
                (Ok(c), Ok(u)) => assert_eq!(c, u, "{input}"),
                (Err(_), Err(_)) => {}
                (c, u) => panic!("{input}: classic {c:?}, UTF-8 {u:?}"),
            }
        }
        // Names beyond the classic rule only parse in the UTF-8 grammar.
        let dashes = utf8::parse_matchers(r#"{name-with-dashes = "bar"}"#);
        assert_eq!(dashes, Ok(vec![m(Equal, "name-with-dashes", "bar")]));
    }

    #[test]
    fn fallback_matcher() {
        // Upstream compat TestFallbackMatcherParser.
        let parse = |s: &str| parse_matcher_from(s, ParseMode::Fallback, "test");
        let ok = parse("foo=bar").map(|p| (p.value, p.warnings.len()));
        assert_eq!(ok, Ok((m(Equal, "foo", "bar"), 0)));
        assert_eq!(
            parse("foo!bar").err().as_deref(),
            Some("bad matcher format: foo!bar")
        );
        let utf8_only = parse("foo🙂=bar").map(|p| (p.value, p.warnings.len()));
        assert_eq!(utf8_only, Ok((m(Equal, "foo🙂", "bar"), 0)));

        let classic_only = parse("foo=!bar\\n").map_err(|e| e.to_string());
        let Ok(Parsed { value, warnings }) = classic_only else {
            panic!("{classic_only:?}")
        };
        assert_eq!(value, m(Equal, "foo", "!bar\n"));
        assert_eq!(
            warnings,
            [format!(
                "msg=\"{INCOMPATIBLE}\" input=\"foo=!bar\\\\n\" origin=test \
                 err=\"4:5: !: expected one of '=~': expected label value\" \
                 suggestion=\"foo=\\\"!bar\\\\n\\\"\""
            )]
        );

        // `\xf0\x9f\x99\x82` is 🙂 to the UTF-8 parser but literal to the classic one;
        // disagreement keeps the classic answer.
        let Ok(disagree) = parse(r#"foo="\xf0\x9f\x99\x82""#) else {
            panic!("disagreement input rejected")
        };
        assert_eq!(disagree.value, m(Equal, "foo", r"\xf0\x9f\x99\x82"));
        assert_eq!(
            disagree.warnings,
            [
                r#"msg="Matchers input has disagreement" input="foo=\"\\xf0\\x9f\\x99\\x82\"" origin=test"#
            ]
        );

        for input in ["{foo=bar}", "{foo=bar", "foo=bar}"] {
            assert_eq!(
                parse(input).err(),
                Some(format!("unexpected open or close brace: {input}"))
            );
        }
        // Classic mode takes the braces into the value.
        let classic = parse_matcher("foo=bar}", ParseMode::Classic).map(|p| p.value);
        assert_eq!(classic, Ok(m(Equal, "foo", "bar}")));
        assert_eq!(
            parse_matcher("{foo=bar}", ParseMode::Classic)
                .err()
                .as_deref(),
            Some("bad matcher format: {foo=bar}")
        );
    }

    #[test]
    fn fallback_matchers() {
        // Upstream compat TestFallbackMatchersParser.
        let parse = |s: &str| parse_matchers(s, ParseMode::Fallback);
        let value = |s: &str| parse(s).map(|p| (p.value, p.warnings.len()));
        assert_eq!(
            value("{foo=bar,bar=baz}"),
            Ok((vec![m(Equal, "foo", "bar"), m(Equal, "bar", "baz")], 0))
        );
        assert_eq!(
            parse("{foo!bar}").err().as_deref(),
            Some("bad matcher format: foo!bar")
        );
        assert_eq!(
            value("{foo🙂=bar,bar=baz🙂}"),
            Ok((vec![m(Equal, "foo🙂", "bar"), m(Equal, "bar", "baz🙂")], 0))
        );
        let Ok(classic_only) = parse("{foo=!bar,bar=$baz\\n}") else {
            panic!("classic-only input rejected")
        };
        assert_eq!(
            classic_only.value,
            [m(Equal, "foo", "!bar"), m(Equal, "bar", "$baz\n")]
        );
        assert_eq!(classic_only.warnings.len(), 1);
        assert!(
            classic_only.warnings[0].ends_with(r#"suggestion="foo=\"!bar\",bar=\"$baz\\n\"""#),
            "{}",
            classic_only.warnings[0]
        );
        assert_eq!(
            value(r#"{foo="\xf0\x9f\x99\x82"}"#),
            Ok((vec![m(Equal, "foo", r"\xf0\x9f\x99\x82")], 1))
        );
        // Go's DeepEqual(nil, []*Matcher{}) is false: no matchers is a "disagreement".
        for input in ["", "{}"] {
            let got = parse(input);
            assert_eq!(
                got.map(|p| (p.value.len(), p.warnings)),
                Ok((
                    0,
                    vec![format!(
                        "msg=\"Matchers input has disagreement\" input={}",
                        if input.is_empty() { "\"\"" } else { "{}" }
                    )]
                ))
            );
        }
    }

    #[test]
    fn strict_modes_do_not_fall_back() {
        assert_eq!(
            parse_matchers("foo=!bar", ParseMode::Utf8Strict)
                .err()
                .as_deref(),
            Some("4:5: !: expected one of '=~': expected label value")
        );
        assert_eq!(
            parse_matchers("foo🙂=bar", ParseMode::Classic)
                .err()
                .as_deref(),
            Some("bad matcher format: foo🙂=bar")
        );
        let utf8 = parse_matchers("{}", ParseMode::Utf8Strict).map(|p| p.value);
        assert_eq!(utf8, Ok(vec![]));
        assert_eq!(
            parse_matcher("{}", ParseMode::Utf8Strict).err().as_deref(),
            Some("unexpected open or close brace: {}")
        );
        assert_eq!(
            parse_matcher("", ParseMode::Utf8Strict).err().as_deref(),
            Some("no matchers")
        );
        // One classic matcher takes the rest of the line as its value.
        let list = parse_matcher("a=1,b=2", ParseMode::Fallback);
        assert_eq!(
            list.map(|p| (p.value, p.warnings.len())),
            Ok((m(Equal, "a", "1,b=2"), 1))
        );
        assert_eq!(
            parse_matcher("a=1,b=2", ParseMode::Utf8Strict)
                .err()
                .as_deref(),
            Some("expected 1 matcher, found 2")
        );
    }

    /// Matcher-shaped text: names and values bare or double-quoted, any operator (or a
    /// stray one), separators with spaces, optional braces.
    fn matcher_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let atom = || {
            prop_oneof![
                3 => "[a-c_]{1,3}",
                2 => r#""[a-c ,{}=!~'🙂]{0,3}(\\[n"\\t])?""#,
                1 => r#"[a-c:.*🙂Σ\\]{0,3}"#,
            ]
        };
        let op = prop_oneof![
            4 => prop_oneof![Just("="), Just("!="), Just("=~"), Just("!~")],
            1 => prop_oneof![Just("!"), Just("==")],
        ];
        let sep = prop_oneof![4 => Just(","), 4 => Just(" , "), 1 => Just(",,"), 1 => Just(" ")];
        let one = (atom(), op, atom(), sep).prop_map(|(n, o, v, s)| format!("{n}{o}{v}{s}"));
        (
            proptest::collection::vec(one, 0..4),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(parts, open, close)| {
                let body: String = parts.concat();
                format!(
                    "{}{body}{}",
                    if open { "{" } else { "" },
                    if close { "}" } else { "" }
                )
            })
    }

    /// Parses in every mode (no panics), and checks that what parsed prints to text that
    /// parses back to the same matchers (empty names excepted: upstream prints them bare,
    /// which no grammar reads back). Returns how many modes accepted a non-empty list.
    fn check_round_trip(input: &str) -> Result<usize, proptest::test_runner::TestCaseError> {
        let mut accepted = 0;
        for mode in [
            ParseMode::Classic,
            ParseMode::Utf8Strict,
            ParseMode::Fallback,
        ] {
            let _ = parse_matcher(input, mode);
            let Ok(parsed) = parse_matchers(input, mode) else {
                continue;
            };
            if parsed.value.iter().any(|m| m.name.is_empty()) {
                continue;
            }
            accepted += usize::from(!parsed.value.is_empty());
            let printed = format_matchers(&parsed.value);
            let again = parse_matchers(&printed, mode).map(|p| p.value);
            proptest::prop_assert_eq!(again, Ok(parsed.value), "{:?}: {}", mode, printed);
        }
        Ok(accepted)
    }

    proptest::proptest! {
        #[test]
        fn random_text_never_panics(input in r#"[a-c:_{}!=~,"'`\\ \n\t.*()\[\]🙂Σ\u{a0}]{0,20}"#) {
            check_round_trip(&input)?;
        }

        #[test]
        fn matcher_text_prints_back(input in matcher_text()) {
            check_round_trip(&input)?;
        }
    }

    #[test]
    fn round_trip_generator_reaches_the_parsers() {
        // Guards the property above against a generator that only makes rejected input.
        use proptest::strategy::{Strategy, ValueTree};
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let mut accepted = 0;
        for _ in 0..200 {
            let Ok(tree) = matcher_text().new_tree(&mut runner) else {
                continue;
            };
            accepted += check_round_trip(&tree.current()).unwrap_or(0);
        }
        assert!(accepted > 60, "only {accepted} accepted inputs");
    }

    #[test]
    fn log_quoting() {
        assert_eq!(log_line(&[("k", "plain\\text")]), "k=plain\\text");
        assert_eq!(log_line(&[("k", "")]), "k=\"\"");
        assert_eq!(log_line(&[("k", "a=b")]), "k=\"a=b\"");
        assert_eq!(log_line(&[("k", "é"), ("origin", "")]), "k=é");
        // Go's strconv.Quote escapes what is not printable, like a no-break space.
        assert_eq!(log_line(&[("k", "a\u{a0}b")]), "k=\"a\\u00a0b\"");
    }
}

//! JUnit XML, the report format CI systems (GitLab, Jenkins, GitHub test reporters) read.

use std::fmt::Write as _;

use super::Diagnostic;

/// One test case: a rule test, or one checked file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JunitCase {
    pub name: String,
    pub classname: String,
    /// Empty means the case passed.
    pub failures: Vec<Diagnostic>,
    /// Why the case was skipped, if it was. Ignored when there are failures.
    pub skipped: Option<String>,
    pub time_secs: f64,
}

impl JunitCase {
    fn failed(&self) -> bool {
        !self.failures.is_empty()
    }

    fn is_skipped(&self) -> bool {
        !self.failed() && self.skipped.is_some()
    }
}

/// A complete JUnit document with one `<testsuite>`. A failed case carries a single
/// `<failure>` (the schema allows one) whose `message` and `type` come from its first
/// diagnostic and whose text lists all of them, one per line, with their notes.
pub fn render_junit(suite_name: &str, cases: &[JunitCase]) -> String {
    render_junit_suites(suite_name, &[(suite_name.to_string(), cases.to_vec())])
}

/// Counts of a set of cases: tests, failures, skipped, seconds.
fn totals(cases: &[JunitCase]) -> (usize, usize, usize, f64) {
    (
        cases.len(),
        cases.iter().filter(|c| c.failed()).count(),
        cases.iter().filter(|c| c.is_skipped()).count(),
        cases.iter().map(|c| seconds_value(c.time_secs)).sum(),
    )
}

/// A JUnit document with one `<testsuite>` per (name, cases) pair, e.g. one per input file.
pub fn render_junit_suites(name: &str, suites: &[(String, Vec<JunitCase>)]) -> String {
    let all: Vec<JunitCase> = suites.iter().flat_map(|(_, c)| c.iter().cloned()).collect();
    let (tests, failures, skipped, time) = totals(&all);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    // Writing to a String cannot fail, so the fmt::Results below are safe to ignore.
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" \
         skipped=\"{skipped}\" time=\"{}\">",
        escape(name),
        seconds(time)
    );
    for (suite, cases) in suites {
        let (tests, failures, skipped, time) = totals(cases);
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" \
             skipped=\"{skipped}\" time=\"{}\">",
            escape(suite),
            seconds(time)
        );
        for case in cases {
            write_case(&mut out, case);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn write_case(out: &mut String, case: &JunitCase) {
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\" time=\"{}\"",
        escape(&case.name),
        escape(&case.classname),
        seconds(case.time_secs)
    );
    if let Some(first) = case.failures.first() {
        let mut text = String::new();
        for d in &case.failures {
            let _ = writeln!(text, "{d}");
            for note in &d.notes {
                let _ = writeln!(text, "  = {note}");
            }
        }
        let _ = write!(
            out,
            ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
            escape(&first.message),
            escape(&first.code),
            escape_text(&text)
        );
    } else if let Some(reason) = case.skipped.as_deref() {
        let _ = write!(
            out,
            ">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
            escape(reason)
        );
    } else {
        out.push_str("/>\n");
    }
}

/// Durations that make no sense (negative, NaN, infinite) count as zero.
fn seconds_value(t: f64) -> f64 {
    if t.is_finite() && t > 0.0 {
        t
    } else {
        0.0
    }
}

fn seconds(t: f64) -> String {
    format!("{:.3}", seconds_value(t))
}

/// Escapes attribute values. Whitespace other than a plain space is
/// written as a character reference so attribute values keep it, and characters XML 1.0
/// cannot carry at all become U+FFFD.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{fffd}'),
        }
    }
    out
}

/// Escapes element text, where line breaks and tabs may stay as they are.
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '\n' | '\t' => out.push(c),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{fffd}'),
        }
    }
    out
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceFile;

    fn case(name: &str) -> JunitCase {
        JunitCase {
            name: name.to_owned(),
            classname: "rules.yml".to_owned(),
            time_secs: 0.25,
            ..JunitCase::default()
        }
    }

    #[test]
    fn document_and_counts() {
        let failing = JunitCase {
            failures: vec![
                Diagnostic::error("test/alert", "expected <alert & \"x\">")
                    .with_file(SourceFile::shared("t.yml", "a\nb"))
                    .with_span(2..3)
                    .with_note("got: none"),
                Diagnostic::error("test/expr", "second"),
            ],
            ..case("alert <Foo>")
        };
        let skipped = JunitCase {
            skipped: Some("no 'eval_time'".to_owned()),
            time_secs: f64::NAN,
            ..case("skipped")
        };
        let xml = render_junit("lookout test rules", &[case("ok"), failing, skipped]);
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<testsuites name=\"lookout test rules\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\" time=\"0.500\">
  <testsuite name=\"lookout test rules\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\" time=\"0.500\">
    <testcase name=\"ok\" classname=\"rules.yml\" time=\"0.250\"/>
    <testcase name=\"alert &lt;Foo&gt;\" classname=\"rules.yml\" time=\"0.250\">
      <failure message=\"expected &lt;alert &amp; &quot;x&quot;&gt;\" type=\"test/alert\">\
t.yml:2:1: error[test/alert]: expected &lt;alert &amp; \"x\"&gt;
  = got: none
error[test/expr]: second
</failure>
    </testcase>
    <testcase name=\"skipped\" classname=\"rules.yml\" time=\"0.000\">
      <skipped message=\"no &apos;eval_time&apos;\"/>
    </testcase>
  </testsuite>
</testsuites>
"
        );
    }

    #[test]
    fn failures_win_over_skipped() {
        let c = JunitCase {
            failures: vec![Diagnostic::error("x", "bad")],
            skipped: Some("why".to_owned()),
            ..case("both")
        };
        let xml = render_junit("s", &[c]);
        assert!(
            xml.contains("failures=\"1\" errors=\"0\" skipped=\"0\""),
            "{xml}"
        );
        assert!(!xml.contains("<skipped"), "{xml}");
    }

    #[test]
    fn empty_suite_and_invalid_chars() {
        let xml = render_junit("a\u{1b}b\u{0}", &[]);
        assert!(
            xml.contains("name=\"a\u{fffd}b\u{fffd}\" tests=\"0\""),
            "{xml}"
        );
        assert!(xml.ends_with("  </testsuite>\n</testsuites>\n"));
    }
}

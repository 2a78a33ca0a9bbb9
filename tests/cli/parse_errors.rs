//! How parse errors read: Prometheus's `line:col: parse error: ...` text and our annotated
//! snippet, pinned for a range of bad inputs a user might type.

use std::sync::Arc;

use lookout::diag::{render_human, SourceFile};
use lookout::promql::{self, Features};

const BAD_INPUTS: &[&str] = &[
    "sum(rate(http_requests_total[5m])",
    "rate(http_requests_total[5m]",
    "1 +",
    "foo{job=\"api\"",
    "foo{job=\"api}",
    "foo{job=~\"(\"}",
    "rate(foo)",
    "sum by (job) rate(foo[5m])",
    "foo offset",
    "foo @",
    "foo[5m",
    "foo[5x]",
    "foo[0s]",
    "foo[1.5m]",
    "histogram_quantile(rate(foo[5m]))",
    "unknown_func(foo)",
    "RATE(foo[5m])",
    "limitk(2, foo)",
    "foo[5m+1m]",
    "rate(foo[5m] anchored)",
    "a + fill(0) b",
    "sort_by_label(foo, \"a\")",
    "1 > 2",
    "foo and 1",
    "{}",
    "{job=~\".*\"}",
    "foo{__name__=\"bar\"}",
    "sum(foo) by (job) by (x)",
    "foo + on(a) group_left(a) bar",
    "count_values(5, foo)",
    "topk(foo)",
    "-\"str\"",
    "foo offset 5m offset 1m",
    "rate(foo[5m])[1h]",
    "(foo)[5m]",
    "foo @ start",
    "foo + bool bar",
    "\"\\q\"",
    "foo{a=\"b\" c=\"d\"}",
    "foo{a}",
    "sum without (==) (foo)",
    "1 2",
    "sum(\n  rate(foo[5m])\n) by (job\n",
    "foo[5m:1m:1m]",
    "max_over_time(rate(foo[5m])[1h:]",
    "abs(foo, bar)",
    "vector(\"a\")",
    "label_replace(foo, \"a\", \"b\", \"c\")",
    "foo @ 1e30",
    "rate(föo[5m])",
    "foo[5m] @ 100 @ 200",
    "sum(foo,)",
    "foo offset -",
    "quantile(0.9)",
];

#[test]
fn bad_input_messages() {
    let mut out = String::new();
    for input in BAD_INPUTS {
        let err = match promql::parse(input, Features::none()) {
            Ok(e) => panic!("{input:?} should not parse, got {e}"),
            Err(e) => e,
        };
        let file = Arc::new(SourceFile::new("<expr>", *input));
        let rendered = render_human(&[err.to_diagnostic(file, 0)], false);
        out.push_str(&format!(
            "==== {input:?}\n{}\n{rendered}\n",
            err.display(input)
        ));
    }
    insta::assert_snapshot!(out);
}

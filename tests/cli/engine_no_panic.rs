//! Property tests for the PromQL engine: random series (with NaN, infinities, staleness markers
//! and native histograms) and random well-typed expressions, evaluated as instant and range
//! queries. Errors are fine; panics are not. A few invariants of Prometheus's results are
//! checked on every success.

use std::fmt;

use lookout::model::histogram::{CounterResetHint, FloatHistogram, Span};
use lookout::model::labels::Labels;
use lookout::promql::engine::value::{Series, Value};
use lookout::promql::engine::{Engine, EngineOpts, QueryResult};
use lookout::promql::functions::FUNCTIONS;
use lookout::promql::{self, Features, ValueType};
use lookout::storage::memory::MemStorage;
use proptest::prelude::*;
use proptest::strategy::{Union, ValueTree};
use proptest::test_runner::{Config, TestRunner};

/// Prometheus's staleness marker.
const STALE_NAN: u64 = 0x7ff0_0000_0000_0002;

const METRICS: &[&str] = &["m", "m_total", "m_bucket", "h", "target_info"];
const LABEL_NAMES: &[&str] = &["job", "instance", "le", "x"];
const LABEL_VALUES: &[&str] = &["a", "b", "", "0.5", "1", "+Inf", "1e-3"];

// ---------------------------------------------------------------------------------------------
// Data

#[derive(Clone)]
enum Val {
    F(f64),
    H(FloatHistogram),
}

#[derive(Clone)]
struct SeriesSpec {
    metric: &'static str,
    labels: Vec<(&'static str, &'static str)>,
    samples: Vec<(i64, Val)>,
}

impl SeriesSpec {
    fn labels(&self) -> Labels {
        // A label set may name the same label twice; the later value wins, as `set` does.
        let mut l = Labels::from_pairs([("__name__", self.metric)]);
        for (n, v) in &self.labels {
            l.set(*n, *v);
        }
        l
    }
}

fn fmt_f(f: f64) -> String {
    if f.to_bits() == STALE_NAN {
        "stale".to_string()
    } else {
        format!("{f:?}")
    }
}

impl fmt::Debug for Val {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Val::F(x) => f.write_str(&fmt_f(*x)),
            Val::H(h) => write!(
                f,
                "{{schema:{} count:{} sum:{} z:{} buckets:{:?} custom:{:?} hint:{:?}}}",
                h.schema,
                fmt_f(h.count),
                fmt_f(h.sum),
                h.zero_count,
                h.positive_buckets,
                h.custom_values,
                h.counter_reset_hint
            ),
        }
    }
}

/// Compact, promqltest-like: enough to rebuild a failing case by hand.
impl fmt::Debug for SeriesSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.labels())?;
        for (t, v) in &self.samples {
            write!(f, " {v:?}@{t}")?;
        }
        Ok(())
    }
}

fn special_float() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -100.0..100.0f64,
        2 => prop::sample::select(vec![0.0, 1.0, 2.0, 10.0, 0.5, -1.0]),
        1 => prop::sample::select(vec![
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -0.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            1e300,
        ]),
        1 => Just(f64::from_bits(STALE_NAN)),
    ]
}

fn histogram() -> impl Strategy<Value = FloatHistogram> {
    let hint = prop::sample::select(vec![
        CounterResetHint::Unknown,
        CounterResetHint::CounterReset,
        CounterResetHint::NotCounterReset,
        CounterResetHint::Gauge,
    ]);
    (
        prop::sample::select(vec![0, 1, -1, 3, -53]),
        -2i32..3,
        prop::collection::vec(prop::sample::select(vec![0.0, 1.0, 2.0, 5.0, 0.5]), 0..5),
        prop::sample::select(vec![0.0, 1.0, 3.0]),
        special_float(),
        hint,
    )
        .prop_map(|(schema, offset, buckets, zero_count, sum, hint)| {
            let custom = schema == -53;
            let count = buckets.iter().sum::<f64>() + if custom { 0.0 } else { zero_count };
            let spans = if buckets.is_empty() {
                Vec::new()
            } else {
                vec![Span {
                    // Custom-bucket indexes start at 0 and must stay within the bounds.
                    offset: if custom { 0 } else { offset },
                    length: buckets.len() as u32,
                }]
            };
            FloatHistogram {
                counter_reset_hint: hint,
                schema,
                zero_threshold: if custom { 0.0 } else { 0.001 },
                zero_count: if custom { 0.0 } else { zero_count },
                count,
                sum,
                positive_spans: spans,
                negative_spans: Vec::new(),
                positive_buckets: buckets,
                negative_buckets: Vec::new(),
                custom_values: if custom {
                    vec![0.1, 0.5, 1.0, 5.0]
                } else {
                    Vec::new()
                },
            }
        })
}

fn series_spec() -> impl Strategy<Value = SeriesSpec> {
    let label = (
        prop::sample::select(LABEL_NAMES),
        prop::sample::select(LABEL_VALUES),
    );
    let value = prop_oneof![
        6 => special_float().prop_map(Val::F),
        1 => histogram().prop_map(Val::H),
    ];
    (
        prop::sample::select(METRICS),
        prop::collection::vec(label, 0..3),
        // Mostly on a 15 s grid, some anywhere: both aligned and ragged windows matter.
        prop::collection::vec(
            (
                prop_oneof![
                    3 => (-4i64..40).prop_map(|i| i * 15_000),
                    1 => -60_000i64..600_000,
                ],
                value,
            ),
            0..50,
        ),
    )
        .prop_map(|(metric, labels, samples)| SeriesSpec {
            metric,
            labels,
            samples,
        })
}

// ---------------------------------------------------------------------------------------------
// Expressions: one strategy per PromQL type, built level by level so every node is well typed.

#[derive(Clone)]
struct Gen {
    vector: BoxedStrategy<String>,
    scalar: BoxedStrategy<String>,
    matrix: BoxedStrategy<String>,
}

fn pick(items: &[&'static str]) -> BoxedStrategy<String> {
    prop::sample::select(items.to_vec())
        .prop_map(str::to_string)
        .boxed()
}

fn string_lit() -> BoxedStrategy<String> {
    pick(&[
        r#""dst""#,
        r#""job""#,
        r#""le""#,
        r#""x""#,
        r#""__name__""#,
        r#""$1""#,
        r#""${1}-$2""#,
        r#""(.*)""#,
        r#""a|b""#,
        r#""(""#,
        r#""""#,
        r#""a-b""#,
        r#"",""#,
    ])
}

fn number() -> BoxedStrategy<String> {
    pick(&[
        "0", "1", "2", "5", "0.5", "0.9", "-1", "-0.5", "1.5", "100", "1e10", "NaN", "Inf", "-Inf",
        "0x10", "1e-300",
    ])
}

/// Durations, including duration expressions (`promql-duration-expr`).
fn duration() -> BoxedStrategy<String> {
    prop_oneof![
        8 => pick(&["1s", "15s", "30s", "1m", "90s", "5m", "10m", "1ms"]),
        // Duration expressions; step() and range() are 0 in instant queries, an error there.
        1 => pick(&["step()", "range()", "(1m+30s)", "min_of(step(), 2m)", "2*30s"]),
        // Far beyond the data: window arithmetic must not overflow.
        1 => pick(&["10000w", "292y"]),
    ]
    .boxed()
}

fn offset_at() -> BoxedStrategy<String> {
    let offset = pick(&[
        " offset 1m",
        " offset -30s",
        " offset 1h",
        " offset 7s",
        " offset step()",
        " offset 10000w",
        " offset -292y",
    ]);
    let at = pick(&[
        " @ 100",
        " @ 300.5",
        " @ 0",
        " @ -50.5",
        " @ start()",
        " @ end()",
        " @ 1e9",
        " @ 9.2e15",
        " @ -9.2e15",
    ]);
    prop_oneof![
        6 => Just(String::new()),
        2 => offset.clone(),
        1 => at.clone(),
        1 => (offset, at).prop_map(|(o, a)| format!("{o}{a}")),
    ]
    .boxed()
}

fn selector() -> BoxedStrategy<String> {
    let op = pick(&["=", "!=", "=~", "!~"]);
    let value = pick(&[
        r#""a""#, r#""b""#, r#""""#, r#"".*""#, r#""a|b""#, r#"".+""#,
    ]);
    let matcher =
        (prop::sample::select(LABEL_NAMES), op, value).prop_map(|(n, o, v)| format!("{n}{o}{v}"));
    let matchers = prop_oneof![
        3 => Just(Vec::new()),
        2 => prop::collection::vec(matcher, 1..3),
    ];
    let named = (prop::sample::select(METRICS), matchers.clone()).prop_map(|(m, ms)| {
        if ms.is_empty() {
            m.to_string()
        } else {
            format!("{m}{{{}}}", ms.join(","))
        }
    });
    let nameless = prop_oneof![
        Just(r#"{__name__=~"m.*"}"#.to_string()),
        Just(r#"{__name__=~"m|h", job!=""}"#.to_string()),
        Just(r#"{job="a"}"#.to_string()),
        Just(r#"{"m_total"}"#.to_string()),
    ];
    prop_oneof![6 => named, 1 => nameless].boxed()
}

fn leaf_vector() -> BoxedStrategy<String> {
    (selector(), offset_at())
        .prop_map(|(s, m)| format!("{s}{m}"))
        .boxed()
}

fn leaf_matrix() -> BoxedStrategy<String> {
    let modifier = prop_oneof![
        8 => Just(String::new()),
        1 => pick(&[" anchored", " smoothed"]),
    ];
    (selector(), duration(), modifier, offset_at())
        .prop_map(|(s, d, x, m)| format!("{s}[{d}]{x}{m}"))
        .boxed()
}

fn leaf_scalar() -> BoxedStrategy<String> {
    prop_oneof![
        6 => number(),
        1 => pick(&["time()", "pi()", "start()", "end()", "step()", "range()"]),
    ]
    .boxed()
}

fn leaves() -> Gen {
    Gen {
        vector: leaf_vector(),
        scalar: leaf_scalar(),
        matrix: leaf_matrix(),
    }
}

/// `name(args)` for every function returning `ret`, with arguments of the declared types.
fn calls(prev: &Gen, ret: ValueType) -> BoxedStrategy<String> {
    let mut options: Vec<BoxedStrategy<String>> = Vec::new();
    for f in FUNCTIONS.iter().filter(|f| f.return_type == ret) {
        let n = f.arg_types.len();
        let min = if f.variadic == 0 {
            n
        } else {
            n.saturating_sub(1)
        };
        let max = match f.variadic {
            0 => n,
            v if v < 0 => min + 2,
            v => min + v as usize,
        };
        let arg_for = |i: usize| -> BoxedStrategy<String> {
            match f.arg_types.get(i).or(f.arg_types.last()) {
                Some(ValueType::Vector) => prev.vector.clone(),
                Some(ValueType::Scalar) => prev.scalar.clone(),
                Some(ValueType::Matrix) => prev.matrix.clone(),
                _ => string_lit(),
            }
        };
        let name = f.name;
        let all: Vec<BoxedStrategy<String>> = (0..max).map(arg_for).collect();
        options.push(
            (all, min..=max)
                .prop_map(move |(args, k)| format!("{name}({})", args[..k].join(", ")))
                .boxed(),
        );
    }
    Union::new(options).boxed()
}

fn aggregation(prev: &Gen) -> BoxedStrategy<String> {
    let grouping = pick(&[
        "",
        "",
        " by (job)",
        " by (le)",
        " without (job)",
        " by ()",
        " without (instance, le)",
        " by (__name__)",
    ]);
    let simple = pick(&[
        "sum", "avg", "min", "max", "count", "group", "stddev", "stdvar",
    ]);
    let with_param = pick(&["topk", "bottomk", "limitk", "limit_ratio", "quantile"]);
    let v = prev.vector.clone();
    let s = prev.scalar.clone();
    let before = any::<bool>();
    prop_oneof![
        3 => (simple, grouping.clone(), v.clone(), before).prop_map(|(op, g, v, b)| {
            if b { format!("{op}{g} ({v})") } else { format!("{op} ({v}){g}") }
        }),
        2 => (with_param, grouping.clone(), s, v.clone(), before).prop_map(
            |(op, g, s, v, b)| {
                if b { format!("{op}{g} ({s}, {v})") } else { format!("{op} ({s}, {v}){g}") }
            }
        ),
        1 => (string_lit(), grouping, v, before).prop_map(|(s, g, v, b)| {
            if b { format!("count_values{g} ({s}, {v})") } else { format!("count_values ({s}, {v}){g}") }
        }),
    ]
    .boxed()
}

fn binary_vector(prev: &Gen) -> BoxedStrategy<String> {
    let arith = pick(&["+", "-", "*", "/", "%", "^", "atan2"]);
    let cmp = pick(&["==", "!=", ">", "<", ">=", "<="]);
    let set = pick(&["and", "or", "unless"]);
    let matching = pick(&[
        "",
        "",
        "on(job) ",
        "ignoring(job) ",
        "on() group_left ",
        "on(job) group_left(instance) ",
        "ignoring(le) group_right ",
        "on(job) group_right(x) ",
        "fill(0) ",
        "on(job) fill_left(1) fill_right(NaN) ",
        "ignoring(x) group_left fill(0) ",
    ]);
    let set_matching = pick(&["", "on(job) ", "ignoring(le) ", "on() "]);
    let bool_kw = pick(&["", "bool "]);
    let v = prev.vector.clone();
    let s = prev.scalar.clone();
    prop_oneof![
        3 => (v.clone(), arith.clone(), matching.clone(), v.clone())
            .prop_map(|(a, op, m, b)| format!("({a}) {op} {m}({b})")),
        2 => (v.clone(), cmp.clone(), bool_kw.clone(), matching, v.clone())
            .prop_map(|(a, op, bk, m, b)| format!("({a}) {op} {bk}{m}({b})")),
        2 => (v.clone(), set, set_matching, v.clone())
            .prop_map(|(a, op, m, b)| format!("({a}) {op} {m}({b})")),
        2 => (v.clone(), arith.clone(), s.clone(), any::<bool>())
            .prop_map(|(a, op, s, swap)| if swap { format!("({s}) {op} ({a})") } else { format!("({a}) {op} ({s})") }),
        1 => (v, cmp, bool_kw, s, any::<bool>())
            .prop_map(|(a, op, bk, s, swap)| if swap { format!("({s}) {op} {bk}({a})") } else { format!("({a}) {op} {bk}({s})") }),
    ]
    .boxed()
}

fn subquery(prev: &Gen) -> BoxedStrategy<String> {
    let range = pick(&["1m", "2m", "5m", "30s", "step()"]);
    let step = pick(&["", "10s", "30s", "1m", "7s"]);
    (prev.vector.clone(), range, step, offset_at())
        .prop_map(|(v, r, s, m)| format!("({v})[{r}:{s}]{m}"))
        .boxed()
}

fn level(prev: &Gen) -> Gen {
    let v = prev.vector.clone();
    let vector = prop_oneof![
        3 => leaf_vector(),
        2 => aggregation(prev),
        3 => binary_vector(prev),
        4 => calls(prev, ValueType::Vector),
        1 => v.clone().prop_map(|v| format!("-({v})")),
        1 => prev.scalar.clone().prop_map(|s| format!("vector({s})")),
    ]
    .boxed();
    let s = prev.scalar.clone();
    let scalar_op = pick(&["+", "-", "*", "/", "%", "^", "atan2", "== bool", "> bool"]);
    let scalar = prop_oneof![
        3 => leaf_scalar(),
        1 => (s.clone(), scalar_op, s.clone()).prop_map(|(a, op, b)| format!("({a}) {op} ({b})")),
        1 => s.prop_map(|s| format!("-({s})")),
        2 => calls(prev, ValueType::Scalar),
    ]
    .boxed();
    let matrix = prop_oneof![3 => leaf_matrix(), 1 => subquery(prev)].boxed();
    Gen {
        vector,
        scalar,
        matrix,
    }
}

fn expr() -> BoxedStrategy<String> {
    let mut g = leaves();
    for _ in 0..3 {
        g = level(&g);
    }
    prop_oneof![
        16 => g.vector,
        2 => g.scalar,
        2 => g.matrix,
        1 => string_lit(),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// Cases

#[derive(Clone)]
struct Case {
    series: Vec<SeriesSpec>,
    expr: String,
    instant_ts: i64,
    start: i64,
    end: i64,
    step: i64,
    delayed_name_removal: bool,
    lookback_ms: i64,
    max_samples: usize,
}

impl fmt::Debug for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "expr: {}", self.expr)?;
        writeln!(
            f,
            "instant at {} ms; range {}..{} step {} ms; delayed_name_removal={} lookback={} max_samples={}",
            self.instant_ts,
            self.start,
            self.end,
            self.step,
            self.delayed_name_removal,
            self.lookback_ms,
            self.max_samples
        )?;
        for s in &self.series {
            writeln!(f, "  {s:?}")?;
        }
        Ok(())
    }
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(series_spec(), 1..16),
        expr(),
        // Mostly inside the data, sometimes around it.
        prop_oneof![4 => 0i64..600_000, 1 => -60_000i64..800_000],
        prop_oneof![4 => 0i64..500_000, 1 => -60_000i64..700_000],
        // Range length; negative sometimes, which must be an error.
        prop_oneof![8 => 0i64..400_000, 1 => Just(-15_000i64)],
        prop_oneof![
            8 => prop::sample::select(vec![5_000i64, 15_000, 30_000, 60_000, 7_001]),
            1 => Just(0i64),
        ],
        any::<bool>(),
        prop_oneof![6 => Just(300_000i64), 1 => Just(30_000), 1 => Just(1)],
        prop_oneof![8 => Just(50_000_000usize), 1 => Just(100)],
    )
        .prop_map(
            |(series, expr, instant_ts, start, len, step, dnr, lookback, max)| Case {
                series,
                expr,
                instant_ts,
                start,
                end: start + len,
                step,
                delayed_name_removal: dnr,
                lookback_ms: lookback,
                max_samples: max,
            },
        )
}

fn storage(series: &[SeriesSpec]) -> MemStorage {
    let mut st = MemStorage::new();
    for s in series {
        let labels = s.labels();
        for (t, v) in &s.samples {
            match v {
                Val::F(f) => st.append_float(&labels, *t, *f),
                Val::H(h) => st.append_histogram(&labels, *t, h.clone()),
            }
        }
    }
    st
}

// ---------------------------------------------------------------------------------------------
// Invariants

fn is_stale(f: f64) -> bool {
    f.to_bits() == STALE_NAN
}

/// Float points and histogram points each strictly increasing in time; no staleness markers.
///
/// A float and a histogram may share a timestamp: when `-x` or delayed name removal gives a
/// float series and a histogram series the same labels, Prometheus merges them and only checks
/// for collisions within each kind (`mergeSeriesWithSameLabelset`), and lookout does the same.
fn check_series(s: &Series, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        s.floats.windows(2).all(|w| w[0].t < w[1].t),
        "{}: float points of {} not strictly increasing: {:?}",
        what,
        s.metric,
        s.floats.iter().map(|p| p.t).collect::<Vec<_>>()
    );
    prop_assert!(
        s.histograms.windows(2).all(|w| w[0].t < w[1].t),
        "{}: histogram points of {} not strictly increasing",
        what,
        s.metric
    );
    prop_assert!(
        !s.floats.iter().any(|p| is_stale(p.f)),
        "{}: {} returns a staleness marker",
        what,
        s.metric
    );
    Ok(())
}

fn check_instant(r: &QueryResult, ts: i64) -> Result<(), TestCaseError> {
    match &r.value {
        Value::Vector(v) => {
            let mut labels: Vec<&Labels> = v.iter().map(|s| &s.metric).collect();
            labels.sort();
            for w in labels.windows(2) {
                prop_assert!(
                    w[0] != w[1],
                    "instant result has two samples labelled {}",
                    w[0]
                );
            }
            for s in v {
                prop_assert_eq!(s.t, ts, "sample {} not at the evaluation time", &s.metric);
                prop_assert!(!is_stale(s.f), "{} is a staleness marker", &s.metric);
            }
        }
        Value::Matrix(m) => {
            for s in m {
                check_series(s, "instant matrix")?;
            }
        }
        Value::Scalar(s) => prop_assert_eq!(s.t, ts),
        Value::String(s) => prop_assert_eq!(s.t, ts),
    }
    Ok(())
}

fn check_range(r: &QueryResult, c: &Case) -> Result<(), TestCaseError> {
    let Value::Matrix(m) = &r.value else {
        return Err(TestCaseError::fail(format!(
            "range query returned a {}",
            r.value.type_name()
        )));
    };
    for w in m.windows(2) {
        prop_assert!(
            w[0].metric < w[1].metric,
            "range result not sorted by labels, or duplicated: {} then {}",
            w[0].metric,
            w[1].metric
        );
    }
    for s in m {
        check_series(s, "range")?;
        for t in s
            .floats
            .iter()
            .map(|p| p.t)
            .chain(s.histograms.iter().map(|p| p.t))
        {
            prop_assert!(
                t >= c.start && t <= c.end && (t - c.start) % c.step == 0,
                "{}: point at {} is not a step of the range",
                s.metric,
                t
            );
        }
    }
    Ok(())
}

/// A one-step range query computes what the instant query at that time does.
fn check_consistent(instant: &QueryResult, one_step: &QueryResult) -> Result<(), TestCaseError> {
    let Value::Matrix(m) = &one_step.value else {
        return Ok(());
    };
    let key = |f: f64| if f.is_nan() { u64::MAX } else { f.to_bits() };
    // An instant query takes a series' histogram over its float when it has both (see
    // `check_series`), so the one-step range result is read the same way.
    let mut from_range: Vec<(Labels, u64, bool)> = m
        .iter()
        .filter_map(|s| match (s.histograms.first(), s.floats.first()) {
            (Some(_), _) => Some((s.metric.clone(), 0, true)),
            (None, Some(p)) => Some((s.metric.clone(), key(p.f), false)),
            (None, None) => None,
        })
        .collect();
    let mut from_instant: Vec<(Labels, u64, bool)> = match &instant.value {
        Value::Vector(v) => v
            .iter()
            .map(|s| {
                let h = s.h.is_some();
                (s.metric.clone(), if h { 0 } else { key(s.f) }, h)
            })
            .collect(),
        Value::Scalar(s) => vec![(Labels::empty(), key(s.v), false)],
        _ => return Ok(()),
    };
    from_range.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    from_instant.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    prop_assert_eq!(
        from_instant,
        from_range,
        "instant query and one-step range query disagree"
    );
    Ok(())
}

fn run_case(c: &Case) -> Result<(), TestCaseError> {
    let Ok(expr) = promql::parse(&c.expr, Features::all()) else {
        return Ok(());
    };
    let st = storage(&c.series);
    let engine = Engine::new(EngineOpts {
        lookback_delta_ms: c.lookback_ms,
        max_samples: c.max_samples,
        delayed_name_removal: c.delayed_name_removal,
        ..EngineOpts::default()
    });
    let instant = engine.instant_query(&st, &expr, c.instant_ts);
    if let Ok(r) = &instant {
        check_instant(r, c.instant_ts)?;
    }
    // Range queries over range vectors and strings are rejected by Prometheus before
    // evaluation; see `range_query_rejects_matrix_and_string`.
    if !matches!(expr.value_type(), ValueType::Vector | ValueType::Scalar) {
        return Ok(());
    }
    let range = engine.range_query(&st, &expr, c.start, c.end, c.step);
    if c.step <= 0 || c.end < c.start {
        prop_assert!(range.is_err(), "invalid range parameters accepted");
    } else if let Ok(r) = &range {
        check_range(r, c)?;
    }
    // step() differs by definition between the two (0 for instant queries).
    if c.step > 0 && !c.expr.contains("step()") {
        let one = engine.range_query(&st, &expr, c.instant_ts, c.instant_ts, c.step);
        if let (Ok(i), Ok(o)) = (&instant, &one) {
            check_consistent(i, o)?;
        }
    }
    Ok(())
}

#[test]
fn range_query_rejects_matrix_and_string() {
    let st = storage(&[]);
    let engine = Engine::new(EngineOpts::default());
    for q in [r#""a string""#, "m[1m]", "(vector(0))[1m:]"] {
        let expr = promql::parse(q, Features::all()).unwrap_or_else(|e| panic!("{q}: {}", e.msg));
        match engine.range_query(&st, &expr, 0, 60_000, 15_000) {
            Ok(r) => panic!("{q}: range query returned a {}", r.value.type_name()),
            Err(e) => assert!(
                e.msg.starts_with("invalid expression type"),
                "{q}: unexpected error {}",
                e.msg
            ),
        }
    }
}

/// Windows far out at the ends of the i64 millisecond range. Prometheus's Go arithmetic wraps
/// silently; lookout rejects times beyond about 36 million years with an error instead.
#[test]
fn extreme_timestamps_do_not_panic() {
    let mut st = MemStorage::new();
    st.append_float(&Labels::from_pairs([("__name__", "m")]), 0, 1.0);
    let engine = Engine::new(EngineOpts::default());
    // (expression, instant query time or range start, range end, step)
    let cases: &[(&str, i64, i64, i64)] = &[
        ("m @ 9.223372036854775e15 offset -292y", 10_000, 10_000, 0),
        (
            "rate(m[292y] @ -9.223372036854775e15 offset 292y)",
            10_000,
            10_000,
            0,
        ),
        (
            "count_over_time((m)[5m:] @ 9.223372036854775e15 offset -1h)",
            10_000,
            10_000,
            0,
        ),
        ("m @ -9.223372036854775e15 offset 292y", 10_000, 10_000, 0),
        ("m", i64::MIN, i64::MIN, 0),
        ("m", i64::MIN / 2, i64::MAX / 2, i64::MAX),
        ("rate(m[1m])", 0, 60_000, i64::MAX),
        ("count_over_time((vector(1))[1m:1ms])", 0, 60_000, i64::MAX),
        ("sum(m)", 0, 60_000, i64::MAX),
    ];
    let mut panicked = Vec::new();
    for &(q, start, end, step) in cases {
        let expr = promql::parse(q, Features::all()).unwrap_or_else(|e| panic!("{q}: {}", e.msg));
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if step == 0 {
                let _ = engine.instant_query(&st, &expr, start);
            } else if expr.value_type() != ValueType::Matrix {
                let _ = engine.range_query(&st, &expr, start, end, step);
            }
        }));
        if run.is_err() {
            panicked.push(format!("{q} at {start}..{end} step {step}"));
        }
    }
    assert!(panicked.is_empty(), "panicked:\n{}", panicked.join("\n"));
}

proptest! {
    // PROPTEST_CASES raises the count for a longer soak run.
    #![proptest_config(Config {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(500),
        failure_persistence: None,
        ..Config::default()
    })]

    #[test]
    fn engine_never_panics(c in case()) {
        run_case(&c)?;
    }
}

/// The generator is only useful if most of what it writes parses (and so gets evaluated).
#[test]
fn generated_expressions_mostly_parse() {
    let mut runner = TestRunner::deterministic();
    let strategy = expr();
    let total = 300;
    let mut parsed = 0;
    let mut failures = Vec::new();
    for _ in 0..total {
        let Ok(tree) = strategy.new_tree(&mut runner) else {
            continue;
        };
        let e = tree.current();
        match promql::parse(&e, Features::all()) {
            Ok(_) => parsed += 1,
            Err(err) => failures.push(format!("{e}\n  {}", err.display(&e))),
        }
    }
    assert!(
        parsed * 10 >= total * 7,
        "only {parsed} of {total} generated expressions parse; some failures:\n{}",
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

//! Property tests for native histograms: the promqltest notation round-trips, addition and
//! subtraction undo each other on compatible layouts, and reducing the resolution keeps the
//! observations.

use lookout::model::histogram::{
    CounterResetHint, FloatHistogram, Span, CUSTOM_BUCKETS_SCHEMA, EXPONENTIAL_SCHEMA_MAX,
    EXPONENTIAL_SCHEMA_MIN,
};
use lookout::promql::series::{parse_series_desc, SequenceValue};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// A float that prints and parses exactly: finite, of varied magnitude and sign.
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        (0u32..1000).prop_map(f64::from),
        (-1e6f64..1e6),
        (-300i32..300, 1u32..10).prop_map(|(e, m)| f64::from(m) * 10f64.powi(e)),
    ]
}

/// A bucket count: non-negative, sometimes zero.
fn count() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), (1u32..100).prop_map(f64::from), (0.0f64..1e4)]
}

fn hint() -> impl Strategy<Value = CounterResetHint> {
    prop_oneof![
        Just(CounterResetHint::Unknown),
        Just(CounterResetHint::CounterReset),
        Just(CounterResetHint::NotCounterReset),
        Just(CounterResetHint::Gauge),
    ]
}

/// Up to three spans of up to four buckets, with small gaps.
fn side() -> impl Strategy<Value = (Vec<Span>, Vec<f64>)> {
    prop::collection::vec((-5i32..6, prop::collection::vec(count(), 1..5)), 0..4).prop_map(
        |parts| {
            let mut spans = Vec::new();
            let mut buckets = Vec::new();
            for (i, (offset, counts)) in parts.into_iter().enumerate() {
                // Later offsets are gaps after the previous span and must not be negative.
                let offset = if i == 0 { offset } else { offset.abs() };
                spans.push(Span {
                    offset,
                    length: counts.len() as u32,
                });
                buckets.extend(counts);
            }
            (spans, buckets)
        },
    )
}

/// Strictly increasing finite bounds. At least one: the notation (like Prometheus's) has no
/// way to write an empty list, `custom_values:[]`.
fn custom_bounds() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(1u32..50, 1..6).prop_map(|steps| {
        let mut b = -10.0;
        steps
            .into_iter()
            .map(|s| {
                b += f64::from(s) / 4.0;
                b
            })
            .collect()
    })
}

fn exponential() -> impl Strategy<Value = FloatHistogram> {
    (
        EXPONENTIAL_SCHEMA_MIN..=EXPONENTIAL_SCHEMA_MAX,
        prop_oneof![Just(0.0), Just(0.001), Just(1e-128), (0.0f64..0.5)],
        count(),
        number(),
        number(),
        side(),
        side(),
        hint(),
    )
        .prop_map(
            |(schema, zt, zc, count, sum, pos, neg, hint)| FloatHistogram {
                counter_reset_hint: hint,
                schema,
                zero_threshold: zt,
                zero_count: zc,
                count,
                sum,
                positive_spans: pos.0,
                positive_buckets: pos.1,
                negative_spans: neg.0,
                negative_buckets: neg.1,
                custom_values: Vec::new(),
            },
        )
}

fn custom() -> impl Strategy<Value = FloatHistogram> {
    (custom_bounds(), count(), number(), side(), hint()).prop_map(
        |(bounds, count, sum, pos, hint)| FloatHistogram {
            counter_reset_hint: hint,
            schema: CUSTOM_BUCKETS_SCHEMA,
            count,
            sum,
            positive_spans: pos.0,
            positive_buckets: pos.1,
            custom_values: bounds,
            ..FloatHistogram::default()
        },
    )
}

fn histogram() -> impl Strategy<Value = FloatHistogram> {
    prop_oneof![exponential(), custom()]
}

/// What the notation can express: the fields the schema uses, one span per sign.
fn canonical(h: &FloatHistogram) -> FloatHistogram {
    let mut c = h.copy_relevant();
    c.compact(usize::MAX);
    c
}

fn parse(text: &str) -> Result<FloatHistogram, String> {
    let (_, values) = parse_series_desc(&format!("{{}} {text}")).map_err(|e| e.to_string())?;
    match values.as_slice() {
        [SequenceValue::Histogram { h, .. }] => Ok((**h).clone()),
        other => Err(format!(
            "expected one histogram, got {} values",
            other.len()
        )),
    }
}

/// Relative closeness for results of float arithmetic.
fn close(a: f64, b: f64, scale: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * scale.max(1.0)
}

/// `(index, count)` of the populated buckets of one side.
fn populated(spans: &[Span], buckets: &[f64]) -> Vec<(i64, f64)> {
    let mut out = Vec::new();
    let mut idx: i64 = 0;
    let mut it = buckets.iter();
    for s in spans {
        idx += i64::from(s.offset);
        for _ in 0..s.length {
            if let Some(&v) = it.next() {
                out.push((idx, v));
            }
            idx += 1;
        }
    }
    out
}

fn sides_close(a: &[(i64, f64)], b: &[(i64, f64)], scale: f64) -> bool {
    // Buckets that cancel to (almost) zero may or may not remain.
    let keep = |v: &[(i64, f64)]| -> Vec<(i64, f64)> {
        v.iter()
            .copied()
            .filter(|(_, c)| c.abs() > 1e-9 * scale.max(1.0))
            .collect()
    };
    let (a, b) = (keep(a), keep(b));
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(x, y)| x.0 == y.0 && close(x.1, y.1, scale))
}

/// A histogram compatible with `a` for addition without reconciliation: same schema, zero
/// threshold and custom bounds.
fn compatible_pair() -> impl Strategy<Value = (FloatHistogram, FloatHistogram)> {
    (histogram(), count(), number(), number(), side(), side()).prop_map(
        |(a, zc, count, sum, pos, neg)| {
            let custom = a.uses_custom_buckets();
            let b = FloatHistogram {
                counter_reset_hint: CounterResetHint::Unknown,
                schema: a.schema,
                zero_threshold: a.zero_threshold,
                zero_count: if custom { 0.0 } else { zc },
                count,
                sum,
                positive_spans: pos.0,
                positive_buckets: pos.1,
                negative_spans: if custom { Vec::new() } else { neg.0 },
                negative_buckets: if custom { Vec::new() } else { neg.1 },
                custom_values: a.custom_values.clone(),
            };
            (a, b)
        },
    )
}

proptest! {
    #![proptest_config(Config {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512),
        failure_persistence: None,
        ..Config::default()
    })]

    /// parse(print(h)) == h for everything the notation expresses.
    #[test]
    fn notation_round_trips(h in histogram()) {
        let text = h.test_expression();
        let parsed = parse(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        prop_assert_eq!(&parsed, &canonical(&h), "{}", text);
        prop_assert_eq!(parsed.test_expression(), text);
    }

    /// a + b - b == a when no layout reconciliation is involved.
    #[test]
    fn subtraction_undoes_addition((a, b) in compatible_pair()) {
        let sum = a.add(&b).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut back = sum.sub(&b).map_err(|e| TestCaseError::fail(e.to_string()))?;
        back.compact(0);
        let mut a = a.copy_relevant();
        a.compact(0);
        let scale = [a.count, b.count, a.sum, b.sum, a.zero_count, b.zero_count]
            .iter()
            .chain(&a.positive_buckets)
            .chain(&b.positive_buckets)
            .chain(&a.negative_buckets)
            .chain(&b.negative_buckets)
            .fold(0.0f64, |m, v| m.max(v.abs()));
        prop_assert_eq!(back.schema, a.schema);
        prop_assert_eq!(back.zero_threshold, a.zero_threshold);
        prop_assert_eq!(&back.custom_values, &a.custom_values);
        prop_assert!(close(back.count, a.count, scale), "count {} vs {}", back.count, a.count);
        prop_assert!(close(back.sum, a.sum, scale), "sum {} vs {}", back.sum, a.sum);
        prop_assert!(close(back.zero_count, a.zero_count, scale));
        prop_assert!(sides_close(
            &populated(&back.positive_spans, &back.positive_buckets),
            &populated(&a.positive_spans, &a.positive_buckets),
            scale,
        ), "{} vs {}", back, a);
        prop_assert!(sides_close(
            &populated(&back.negative_spans, &back.negative_buckets),
            &populated(&a.negative_spans, &a.negative_buckets),
            scale,
        ), "{} vs {}", back, a);
    }

    /// The Kahan-compensated sum agrees with plain addition on ordinary values.
    #[test]
    fn kahan_sum_matches_addition((a, b) in compatible_pair()) {
        let plain = a.add(&b).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut k = a.copy_relevant();
        let r = k.kahan_add(&b, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut k = k.add(&r.compensation).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut plain = plain;
        plain.compact(0);
        k.compact(0);
        prop_assert_eq!(k.schema, plain.schema);
        prop_assert!(close(k.count, plain.count, plain.count.abs()));
        prop_assert!(close(k.sum, plain.sum, plain.sum.abs()));
        prop_assert!(sides_close(
            &populated(&k.positive_spans, &k.positive_buckets),
            &populated(&plain.positive_spans, &plain.positive_buckets),
            plain.count.abs().max(1e4),
        ), "{} vs {}", k, plain);
    }

    /// Reducing the resolution keeps count, sum and zero bucket, and every observation: the
    /// buckets of each sign hold the same total.
    #[test]
    fn reducing_resolution_keeps_observations(h in exponential(), down in 1i32..12) {
        let target = (h.schema - down).max(EXPONENTIAL_SCHEMA_MIN);
        let mut r = h.clone();
        let reduced = r.reduce_resolution(target);
        prop_assert_eq!(reduced, target < h.schema);
        prop_assert_eq!(r.schema, target.min(h.schema));
        prop_assert_eq!(r.count.to_bits(), h.count.to_bits());
        prop_assert_eq!(r.sum.to_bits(), h.sum.to_bits());
        prop_assert_eq!(r.zero_count.to_bits(), h.zero_count.to_bits());
        let total = |spans: &[Span], buckets: &[f64]| -> f64 {
            populated(spans, buckets).iter().map(|e| e.1).sum()
        };
        let scale = h.positive_buckets.iter().chain(&h.negative_buckets).sum::<f64>();
        prop_assert!(close(
            total(&r.positive_spans, &r.positive_buckets),
            total(&h.positive_spans, &h.positive_buckets),
            scale,
        ));
        prop_assert!(close(
            total(&r.negative_spans, &r.negative_buckets),
            total(&h.negative_spans, &h.negative_buckets),
            scale,
        ));
        // Every populated bucket lands in the coarser bucket that contains it.
        let coarse: Vec<i64> = populated(&r.positive_spans, &r.positive_buckets)
            .iter()
            .map(|e| e.0)
            .collect();
        let shift = h.schema - r.schema;
        for (idx, _) in populated(&h.positive_spans, &h.positive_buckets) {
            prop_assert!(coarse.contains(&(((idx - 1) >> shift) + 1)));
        }
    }
}

#[test]
fn custom_bucket_histograms_cannot_reduce_resolution() {
    let mut h = FloatHistogram {
        schema: CUSTOM_BUCKETS_SCHEMA,
        custom_values: vec![1.0],
        ..FloatHistogram::default()
    };
    assert!(!h.reduce_resolution(0));
    assert_eq!(h.schema, CUSTOM_BUCKETS_SCHEMA);
}

//! The PromQL engine: instant and range queries over any [`Queryable`], with Prometheus 3.x
//! semantics (left-open windows, lookback, staleness, `@`/offset, subqueries, delayed name
//! removal) and its annotations.

mod aggregate;
pub mod annotations;
mod eval;
pub mod functions;
mod info;
mod plan;
pub mod quantile;
pub mod value;

pub(crate) use plan::AT_MODIFIER_UNSAFE;

use std::fmt;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::promql::ast::{Expr, ValueType};
use crate::storage::Queryable;
use annotations::Annotations;
use eval::{cleanup_metric_labels, EvalValue, Evaluator};
use value::{Scalar, Series, StringValue, Value};

/// Engine settings; the defaults are Prometheus's.
#[derive(Clone, Debug)]
pub struct EngineOpts {
    /// How far back an instant selector looks for a sample.
    pub lookback_delta_ms: i64,
    /// Samples a query may hold in memory at once.
    pub max_samples: usize,
    pub timeout: Option<Duration>,
    /// Step of subqueries that do not give one.
    pub no_step_subquery_interval_ms: i64,
    /// Keep `__name__` until the end of evaluation and drop it then (Prometheus's
    /// `promql-delayed-name-removal`).
    pub delayed_name_removal: bool,
    /// Set to true (from another thread) to stop running queries.
    pub cancel: Option<Arc<AtomicBool>>,
}

impl Default for EngineOpts {
    fn default() -> Self {
        EngineOpts {
            lookback_delta_ms: 5 * 60 * 1000,
            max_samples: 50_000_000,
            timeout: Some(Duration::from_secs(120)),
            no_step_subquery_interval_ms: 60 * 1000,
            delayed_name_removal: false,
            cancel: None,
        }
    }
}

/// A query failure, with Prometheus's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalError {
    pub msg: String,
}

impl EvalError {
    pub fn new(msg: impl Into<String>) -> EvalError {
        EvalError { msg: msg.into() }
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for EvalError {}

/// Reading samples failed while evaluating (storage that reads them on request).
impl From<crate::storage::StorageError> for EvalError {
    fn from(e: crate::storage::StorageError) -> EvalError {
        EvalError::new(format!("expanding series: {e}"))
    }
}

/// A query's value and the annotations (warnings and infos) it produced.
#[derive(Clone, Debug)]
pub struct QueryResult {
    pub value: Value,
    pub annotations: Annotations,
}

#[derive(Clone, Debug, Default)]
pub struct Engine {
    opts: EngineOpts,
}

impl Engine {
    pub fn new(opts: EngineOpts) -> Engine {
        Engine { opts }
    }

    pub fn opts(&self) -> &EngineOpts {
        &self.opts
    }

    /// Evaluates `expr` at `ts_ms`.
    pub fn instant_query(
        &self,
        q: &dyn Queryable,
        expr: &Expr,
        ts_ms: i64,
    ) -> Result<QueryResult, EvalError> {
        self.exec(q, expr, ts_ms, ts_ms, 0)
    }

    /// Evaluates `expr` at every step from `start_ms` to `end_ms`.
    pub fn range_query(
        &self,
        q: &dyn Queryable,
        expr: &Expr,
        start_ms: i64,
        end_ms: i64,
        step_ms: i64,
    ) -> Result<QueryResult, EvalError> {
        if step_ms <= 0 {
            return Err(EvalError::new(
                "zero or negative query resolution step widths are not accepted",
            ));
        }
        if end_ms < start_ms {
            return Err(EvalError::new(
                "end timestamp must not be before start time",
            ));
        }
        let t = expr.value_type();
        if t != ValueType::Scalar && t != ValueType::Vector {
            return Err(EvalError::new(format!(
                "invalid expression type {} for range query, must be Scalar or instant Vector",
                crate::gostr::quote(t.documented())
            )));
        }
        self.exec(q, expr, start_ms, end_ms, step_ms)
    }

    fn exec(
        &self,
        q: &dyn Queryable,
        expr: &Expr,
        start: i64,
        end: i64,
        step: i64,
    ) -> Result<QueryResult, EvalError> {
        let instant = step == 0;
        plan::check_time(start, "start time")?;
        plan::check_time(end, "end time")?;
        plan::check_time(step, "step")?;
        let ctx = plan::PlanContext {
            start,
            end,
            step,
            lookback: self.opts.lookback_delta_ms,
            queryable: q,
        };
        let node = plan::plan(expr, &ctx)?;
        let mut ev = Evaluator {
            queryable: q,
            start,
            end,
            interval: if instant { 1 } else { step },
            lookback: self.opts.lookback_delta_ms,
            max_samples: self.opts.max_samples,
            current_samples: 0,
            delayed_name_removal: self.opts.delayed_name_removal,
            // Subquery windows are aligned to multiples of the step: it must be positive.
            subquery_step_default: self.opts.no_step_subquery_interval_ms.max(1),
            deadline: self.opts.timeout.map(|t| Instant::now() + t),
            deadline_checks: std::cell::Cell::new(0),
            cancel: self.opts.cancel.clone(),
        };
        let (value, annotations) = ev.eval(&node)?;
        let mut mat = match value {
            EvalValue::String(s) => {
                return Ok(QueryResult {
                    value: Value::String(StringValue { t: start, v: s }),
                    annotations,
                })
            }
            EvalValue::Matrix(m) => m,
        };
        if self.opts.delayed_name_removal {
            mat = cleanup_metric_labels(mat)?;
        }
        let value = if instant {
            match expr.value_type() {
                ValueType::Vector => Value::Vector(
                    mat.into_iter()
                        .map(|s| series_to_sample(s, start))
                        .collect(),
                ),
                ValueType::Scalar => Value::Scalar(Scalar {
                    t: start,
                    v: mat
                        .first()
                        .and_then(|s| s.floats.first())
                        .map_or(f64::NAN, |p| p.f),
                }),
                _ => {
                    sort_matrix(&mut mat);
                    Value::Matrix(mat)
                }
            }
        } else {
            sort_matrix(&mut mat);
            Value::Matrix(mat)
        };
        Ok(QueryResult { value, annotations })
    }
}

fn series_to_sample(s: Series, t: i64) -> value::Sample {
    match s.histograms.into_iter().next() {
        Some(h) => value::Sample {
            metric: s.metric,
            t,
            f: 0.0,
            h: Some(h.h),
            drop_name: s.drop_name,
        },
        None => value::Sample {
            metric: s.metric,
            t,
            f: s.floats.first().map_or(0.0, |p| p.f),
            h: None,
            drop_name: s.drop_name,
        },
    }
}

fn sort_matrix(m: &mut [Series]) {
    m.sort_by(|a, b| a.metric.cmp(&b.metric));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::labels::Labels;
    use crate::promql::{parse, Features};
    use crate::storage::memory::MemStorage;

    fn store(n: usize) -> MemStorage {
        let mut st = MemStorage::default();
        for i in 0..n {
            let l = Labels::from_pairs([("__name__", "x".to_string()), ("i", i.to_string())]);
            for t in 0..10 {
                st.append_float(&l, t * 15_000, t as f64);
            }
        }
        st
    }

    fn run(opts: EngineOpts, q: &str) -> Result<QueryResult, EvalError> {
        let expr = parse(q, Features::all()).expect("valid query");
        Engine::new(opts).range_query(&store(100), &expr, 0, 135_000, 15_000)
    }

    #[test]
    fn too_many_samples() {
        let opts = EngineOpts {
            max_samples: 50,
            ..EngineOpts::default()
        };
        assert_eq!(
            run(opts, "x").unwrap_err().msg,
            "query processing would load too many samples into memory in query execution"
        );
        let ok = EngineOpts {
            max_samples: 100_000,
            ..EngineOpts::default()
        };
        assert!(run(ok, "sum(x)").is_ok());
    }

    #[test]
    fn cancellation_and_timeout() {
        let cancelled = EngineOpts {
            cancel: Some(Arc::new(AtomicBool::new(true))),
            ..EngineOpts::default()
        };
        assert_eq!(
            run(cancelled, "x").unwrap_err().msg,
            "query was canceled in expression evaluation"
        );
        let expired = EngineOpts {
            timeout: Some(Duration::ZERO),
            ..EngineOpts::default()
        };
        assert_eq!(
            run(expired, "rate(x[1m])").unwrap_err().msg,
            "query timed out in expression evaluation"
        );
    }

    #[test]
    fn range_query_values() {
        let res = run(EngineOpts::default(), "sum(x)").expect("query runs");
        let Value::Matrix(m) = res.value else {
            panic!("range queries return matrices")
        };
        assert_eq!(m.len(), 1);
        let got: Vec<f64> = m[0].floats.iter().map(|p| p.f).collect();
        let want: Vec<f64> = (0..10).map(|t| 100.0 * t as f64).collect();
        assert_eq!(got, want);
    }
}

#[cfg(test)]
mod drop_tests {
    use super::functions::{self, ArgInfo, EvalNodeHelper, FnArgs, SeriesView};
    use super::value::{FPoint, Value};
    use super::*;
    use crate::model::labels::Labels;
    use crate::promql::{parse, Features};
    use crate::storage::memory::MemStorage;

    /// rate() with the evaluator's precomputed counter resets gives bit-identical results to
    /// scanning each window.
    #[test]
    fn precomputed_resets_match_window_scans() {
        let labels = Labels::from_pairs([("__name__", "c_total")]);
        let mut st = MemStorage::default();
        let mut points = Vec::new();
        let mut v = 0.0f64;
        for i in 0..200i64 {
            // Pseudo-random increments with a reset every 17th sample.
            v = if i % 17 == 16 {
                (i % 5) as f64
            } else {
                v + ((i * 7919) % 13) as f64 * 0.37
            };
            points.push(FPoint {
                t: i * 15_000,
                f: v,
            });
            st.append_float(&labels, i * 15_000, v);
        }
        let expr = parse("rate(c_total[2m])", Features::none()).expect("parses");
        let res = Engine::default()
            .range_query(&st, &expr, 300_000, 2_700_000, 15_000)
            .expect("runs");
        let Value::Matrix(m) = res.value else {
            panic!("matrix expected")
        };
        let info = [ArgInfo {
            range_ms: 120_000,
            ..ArgInfo::default()
        }];
        for p in &m[0].floats {
            let window: Vec<FPoint> = points
                .iter()
                .filter(|q| q.t > p.t - 120_000 && q.t <= p.t)
                .copied()
                .collect();
            let view = SeriesView {
                metric: &labels,
                floats: &window,
                histograms: &[],
                drop_name: false,
                float_drops: None,
            };
            let mut enh = EvalNodeHelper::new(false);
            enh.ts = p.t;
            let args = FnArgs {
                vectors: &[],
                matrix: Some(view),
                args: &info,
                call_span: crate::promql::ast::Span::default(),
            };
            let (v, _) = functions::call("rate", &args, &mut enh).expect("rate");
            assert_eq!(v[0].f.to_bits(), p.f.to_bits(), "at {}", p.t);
        }
    }

    /// sum() over float series (evaluated series by series) adds the values of each step in
    /// the input order with Kahan compensation, exactly as Prometheus's aggregation loop.
    #[test]
    fn series_major_sum_matches_step_major_order() {
        let mut st = MemStorage::default();
        let mut values = Vec::new();
        for i in 0..7 {
            let l = Labels::from_pairs([("__name__", "g".to_string()), ("i", i.to_string())]);
            let mut col = Vec::new();
            for t in 0..30i64 {
                let v = ((i * 31 + t * 17) % 23) as f64 * 1e15 - 7.3e15 + (t as f64) * 0.1;
                st.append_float(&l, t * 15_000, v);
                col.push(v);
            }
            values.push((l, col));
        }
        // The engine visits series in label order.
        values.sort_by(|a, b| a.0.cmp(&b.0));
        let expr = parse("sum(g)", Features::none()).expect("parses");
        let res = Engine::default()
            .range_query(&st, &expr, 0, 29 * 15_000, 15_000)
            .expect("runs");
        let Value::Matrix(m) = res.value else {
            panic!("matrix expected")
        };
        for (step, p) in m[0].floats.iter().enumerate() {
            let mut sum = values[0].1[step];
            let mut c = 0.0;
            for (_, col) in &values[1..] {
                (sum, c) = crate::model::kahan::inc(col[step], sum, c);
            }
            assert_eq!(p.f.to_bits(), (sum + c).to_bits(), "step {step}");
        }
    }
}

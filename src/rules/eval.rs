//! Evaluating rule groups as Prometheus's rule manager does (`rules/group.go`,
//! `recording.go`, `alerting.go`): recording rules write series, alerting rules keep
//! pending/firing state with `for` and `keep_firing_for`, write `ALERTS` and
//! `ALERTS_FOR_STATE`, and series a rule stops producing get staleness markers.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::file::{Rule, RuleGroup, RuleKind};
use crate::model::fxhash::FxHashMap;
use crate::model::histogram::FloatHistogram;
use crate::model::labels::{Labels, METRIC_NAME};
use crate::promql::engine::value::{Sample, Value};
use crate::promql::engine::Engine;
use crate::promql::series::stale_nan;
use crate::promql::{self, Features};
use crate::storage::memory::{MemStorage, SampleValue};
use crate::template::expand::{self, AlertData, Context};
use crate::template::Value as TValue;

/// Resolved alerts are kept this long (Prometheus's `resolvedRetention`).
const RESOLVED_RETENTION_MS: i64 = 15 * 60 * 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AlertState {
    Inactive,
    Pending,
    Firing,
}

impl AlertState {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertState::Inactive => "inactive",
            AlertState::Pending => "pending",
            AlertState::Firing => "firing",
        }
    }
}

/// One alert instance of an alerting rule.
#[derive(Debug, Clone)]
pub struct Alert {
    pub labels: Labels,
    pub annotations: Labels,
    pub state: AlertState,
    pub value: f64,
    pub active_at: i64,
    pub fired_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub keep_firing_since: Option<i64>,
}

/// Where rules run: the engine, and what templates may know.
pub struct Env<'a> {
    pub engine: &'a Engine,
    pub features: Features,
    pub external_labels: &'a [(String, String)],
    /// `$externalURL` in templates.
    pub external_url: &'a str,
    /// What the `externalURL` and `pathPrefix` functions return (`None`: they fail, as in
    /// rule unit tests).
    pub server_url: Option<&'a str>,
}

/// A rule and its evaluation state.
#[derive(Debug, Clone)]
pub struct RuleRuntime {
    pub rule: Rule,
    /// Alert instances by label set (alerting rules only).
    pub active: BTreeMap<Labels, Alert>,
    /// The error of the last evaluation, as Prometheus's `LastError`.
    pub last_error: Option<String>,
    /// Series written at the previous evaluation, to mark the vanished ones stale.
    previous: FxHashMap<Labels, ()>,
}

impl RuleRuntime {
    /// Alerts that are pending or firing (Prometheus's `ActiveAlerts`).
    pub fn active_alerts(&self) -> impl Iterator<Item = &Alert> {
        self.active.values().filter(|a| a.resolved_at.is_none())
    }
}

/// A rule group ready to evaluate.
#[derive(Debug, Clone)]
pub struct GroupRuntime {
    pub name: String,
    pub file: String,
    pub interval_ms: i64,
    pub query_offset_ms: i64,
    pub limit: i64,
    pub rules: Vec<RuleRuntime>,
}

impl GroupRuntime {
    /// A group of `file` whose interval defaults to `default_interval_ms`.
    pub fn new(file: &str, group: &RuleGroup, default_interval_ms: i64) -> GroupRuntime {
        GroupRuntime {
            name: group.name.clone(),
            file: file.to_string(),
            interval_ms: group.interval_ms.unwrap_or(default_interval_ms),
            query_offset_ms: group.query_offset_ms.unwrap_or(0),
            limit: group.limit,
            rules: group
                .rules
                .iter()
                .map(|r| RuleRuntime {
                    rule: Rule {
                        labels: merged_labels(&group.labels, &r.labels),
                        ..r.clone()
                    },
                    active: BTreeMap::new(),
                    last_error: None,
                    previous: FxHashMap::default(),
                })
                .collect(),
        }
    }

    /// Evaluates every rule at `ts`, in order, each seeing the output of the ones before.
    pub fn eval(&mut self, storage: &mut MemStorage, env: &Env<'_>, ts: i64) {
        let query_ts = ts - self.query_offset_ms;
        for rt in &mut self.rules {
            let result = match rt.rule.kind {
                RuleKind::Record => eval_recording(&rt.rule, storage, env, query_ts, self.limit),
                RuleKind::Alert => {
                    eval_alerting(rt, storage, env, ts, self.query_offset_ms, self.limit)
                }
            };
            let vector = match result {
                Ok(v) => v,
                Err(e) => {
                    rt.last_error = Some(e);
                    continue;
                }
            };
            rt.last_error = None;
            let mut returned: FxHashMap<Labels, ()> =
                FxHashMap::with_capacity_and_hasher(vector.len(), Default::default());
            for s in vector {
                let value = match s.h {
                    Some(h) => SampleValue::Histogram((*h).clone()),
                    None => SampleValue::Float(s.f),
                };
                match storage.try_append(&s.metric, s.t, value) {
                    Ok(()) => {
                        returned.insert(s.metric, ());
                    }
                    Err(e) => rt.last_error = Some(e.to_string()),
                }
            }
            for lset in rt.previous.keys() {
                if !returned.contains_key(lset) {
                    // Errors are expected when another rule writes the same series.
                    let _ = storage.try_append(lset, query_ts, SampleValue::Float(stale_nan()));
                }
            }
            rt.previous = returned;
        }
    }
}

/// Prometheus's `FromMaps(group labels, rule labels)`: the rule's win, sorted by name.
pub(crate) fn merged_labels(
    group: &[(String, String)],
    rule: &[(String, String)],
) -> Vec<(String, String)> {
    let mut m: BTreeMap<&str, &str> = BTreeMap::new();
    for (k, v) in group.iter().chain(rule) {
        m.insert(k, v);
    }
    m.into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Runs `expr` as an instant query at `t` the way rules (and promtool's unit tests) do
/// (`EngineQueryFunc`): a scalar becomes a sample without labels, anything else but a
/// vector is an error.
pub(crate) fn instant_vector(
    engine: &Engine,
    storage: &MemStorage,
    expr: &promql::Expr,
    t: i64,
) -> Result<Vec<Sample>, String> {
    let r = engine.instant_query(storage, expr, t).map_err(|e| e.msg)?;
    match r.value {
        Value::Vector(v) => Ok(v),
        Value::Scalar(s) => Ok(vec![Sample {
            metric: Labels::empty(),
            t: s.t,
            f: s.v,
            h: None,
            drop_name: false,
        }]),
        _ => Err("rule result is not a vector or scalar".into()),
    }
}

fn eval_recording(
    rule: &Rule,
    storage: &MemStorage,
    env: &Env<'_>,
    t: i64,
    limit: i64,
) -> Result<Vec<Sample>, String> {
    let mut vector = instant_vector(env.engine, storage, &rule.ast, t)?;
    for s in &mut vector {
        s.metric.set_or_remove(METRIC_NAME, rule.name.as_str());
        for (k, v) in &rule.labels {
            s.metric.set_or_remove(k, v.as_str());
        }
    }
    if has_duplicate_labelsets(&vector) {
        return Err(
            "vector contains metrics with the same labelset after applying rule labels".into(),
        );
    }
    if limit > 0 && vector.len() as i64 > limit {
        return Err(format!(
            "exceeded limit of {limit} with {} series",
            vector.len()
        ));
    }
    Ok(vector)
}

fn has_duplicate_labelsets(v: &[Sample]) -> bool {
    let mut seen = std::collections::HashSet::with_capacity(v.len());
    v.iter().any(|s| !seen.insert(&s.metric))
}

fn eval_alerting(
    rt: &mut RuleRuntime,
    storage: &MemStorage,
    env: &Env<'_>,
    ts: i64,
    query_offset_ms: i64,
    limit: i64,
) -> Result<Vec<Sample>, String> {
    let rule = &rt.rule;
    let query_ts = ts - query_offset_ms;
    let res = instant_vector(env.engine, storage, &rule.ast, query_ts)?;
    let template_name = format!("__alert_{}", rule.name);
    // Templates' `query` runs at the evaluation time, against the same storage.
    let template_query = |q: &str| -> Result<expand::QueryRows, String> {
        let expr = promql::parse(q, env.features).map_err(|e| e.display(q).to_string())?;
        let v = instant_vector(env.engine, storage, &expr, ts)?;
        Ok(v.into_iter()
            .map(|s| {
                let labels = s
                    .metric
                    .iter()
                    .map(|l| (l.name.clone(), l.value.clone()))
                    .collect();
                let value = match &s.h {
                    Some(h) => histogram_value(h),
                    None => TValue::Float(s.f),
                };
                (labels, value)
            })
            .collect())
    };
    let ctx = Context {
        timestamp_ms: ts,
        query: Some(&template_query),
        external_url: env.server_url,
    };
    let mut current: BTreeMap<Labels, Alert> = BTreeMap::new();
    for smpl in &res {
        let sample_labels: Vec<(String, String)> = smpl
            .metric
            .iter()
            .map(|l| (l.name.clone(), l.value.clone()))
            .collect();
        let value = match &smpl.h {
            Some(h) => histogram_value(h),
            None => TValue::Float(smpl.f),
        };
        let data =
            AlertData::template_value(&sample_labels, env.external_labels, env.external_url, value);
        let expand = |text: &str| {
            // Text without an action expands to itself; most labels are like that, and it
            // spares parsing the definitions prefix once per label per alert.
            if !text.contains("{{") {
                return text.to_string();
            }
            let full = format!("{}{text}", expand::ALERT_DEFS);
            expand::expand(&template_name, &full, &data, &ctx)
                .unwrap_or_else(|e| format!("<error expanding template: {e}>"))
        };
        let mut labels = smpl.metric.without(&[METRIC_NAME]);
        for (k, v) in &rule.labels {
            labels.set_or_remove(k, expand(v));
        }
        labels.set("alertname", rule.name.as_str());
        let annotations =
            Labels::from_pairs(rule.annotations.iter().map(|(k, v)| (k.clone(), expand(v))));
        if current.contains_key(&labels) {
            return Err(
                "vector contains metrics with the same labelset after applying alert labels".into(),
            );
        }
        current.insert(
            labels.clone(),
            Alert {
                labels,
                annotations,
                state: AlertState::Pending,
                value: smpl.f,
                active_at: ts,
                fired_at: None,
                resolved_at: None,
                keep_firing_since: None,
            },
        );
    }
    for (k, a) in &current {
        match rt.active.get_mut(k) {
            Some(existing) if existing.state != AlertState::Inactive => {
                existing.value = a.value;
                existing.annotations = a.annotations.clone();
            }
            _ => {
                rt.active.insert(k.clone(), a.clone());
            }
        }
    }
    let hold = rule.for_ms;
    let keep_firing_for = rule.keep_firing_for_ms;
    let mut vec = Vec::new();
    let mut active_pending = 0i64;
    let mut remove = Vec::new();
    for (k, a) in rt.active.iter_mut() {
        if !current.contains_key(k) {
            let mut keep_firing = false;
            if a.state == AlertState::Firing && keep_firing_for > 0 {
                let since = *a.keep_firing_since.get_or_insert(ts);
                keep_firing = ts - since < keep_firing_for;
            }
            if a.state == AlertState::Pending
                || a.resolved_at
                    .is_some_and(|r| ts - r > RESOLVED_RETENTION_MS)
            {
                remove.push(k.clone());
            }
            if a.state != AlertState::Inactive && !keep_firing {
                a.state = AlertState::Inactive;
                a.resolved_at = Some(ts);
            }
            if !keep_firing {
                continue;
            }
        } else {
            a.keep_firing_since = None;
        }
        active_pending += 1;
        if a.state == AlertState::Pending && ts - a.active_at >= hold {
            a.state = AlertState::Firing;
            a.fired_at = Some(ts);
        }
        if a.state == AlertState::Firing && ts - a.active_at < hold {
            a.state = AlertState::Pending;
            a.fired_at = None;
            a.keep_firing_since = None;
        }
        vec.push(alert_sample(rule, a, "ALERTS", query_ts, 1.0, true));
        vec.push(alert_sample(
            rule,
            a,
            "ALERTS_FOR_STATE",
            query_ts,
            (a.active_at.div_euclid(1000)) as f64,
            false,
        ));
    }
    for k in remove {
        rt.active.remove(&k);
    }
    if limit > 0 && active_pending > limit {
        rt.active.clear();
        return Err(format!(
            "exceeded limit of {limit} with {active_pending} alerts"
        ));
    }
    Ok(vec)
}

/// `ALERTS{alertstate=...}` (value 1) or `ALERTS_FOR_STATE` (value: when it became active):
/// the rule's own labels, overridden by the alert's.
fn alert_sample(rule: &Rule, a: &Alert, name: &str, t: i64, v: f64, with_state: bool) -> Sample {
    let mut metric = Labels::from_pairs(rule.labels.iter().map(|(k, v)| (k.clone(), v.clone())));
    for l in a.labels.iter() {
        metric.set(l.name.as_str(), l.value.as_str());
    }
    metric.set(METRIC_NAME, name);
    metric.set("alertname", rule.name.as_str());
    if with_state {
        metric.set("alertstate", a.state.as_str());
    }
    Sample {
        metric,
        t,
        f: v,
        h: None,
        drop_name: false,
    }
}

/// How `$value` appears for a histogram sample: Go prints a `*FloatHistogram` with its
/// `String` method.
fn histogram_value(h: &Arc<FloatHistogram>) -> TValue {
    #[derive(Debug)]
    struct H(Arc<FloatHistogram>);
    impl crate::template::Object for H {
        fn type_name(&self) -> String {
            "*histogram.FloatHistogram".into()
        }
        fn field(&self, name: &str) -> Option<TValue> {
            match name {
                "Count" => Some(TValue::Float(self.0.count)),
                "Sum" => Some(TValue::Float(self.0.sum)),
                _ => None,
            }
        }
        fn display(&self) -> String {
            self.0.go_string()
        }
    }
    TValue::Object(Arc::new(H(Arc::clone(h))))
}

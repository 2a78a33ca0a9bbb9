//! `info(v, {label selectors})`: enriches series with the data labels of matching info metrics
//! (`target_info` by default), joined on `instance` and `job`, as Prometheus's evalInfo.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::annotations::Annotations;
use super::eval::{EvalValue, Evaluator};
use super::plan::{CallNode, Node};
use super::value::*;
use super::EvalError;
use crate::model::labels::{Labels, METRIC_NAME};
use crate::model::matcher::{MatchOp, Matcher};

const TARGET_INFO: &str = "target_info";
const IDENTIFYING_LABELS: [&str; 2] = ["instance", "job"];

fn matcher(op: MatchOp, name: &str, value: &str) -> Result<Matcher, EvalError> {
    Matcher::new(op, name, value).map_err(|e| EvalError::new(e.to_string()))
}

/// Name matchers that select info metrics: as given if one of them is positive, else
/// restricted to `.+_info`; `target_info` when none is given.
fn effective_name_matchers(ms: &[Matcher]) -> Result<Vec<Matcher>, EvalError> {
    if ms
        .iter()
        .any(|m| matches!(m.op, MatchOp::Equal | MatchOp::Regex))
    {
        return Ok(ms.to_vec());
    }
    if !ms.is_empty() {
        let mut out = vec![matcher(MatchOp::Regex, METRIC_NAME, ".+_info")?];
        out.extend(ms.iter().cloned());
        return Ok(out);
    }
    Ok(vec![matcher(MatchOp::Equal, METRIC_NAME, TARGET_INFO)?])
}

/// The `@` timestamp and offset of the first selector under `node` (including those of the
/// subqueries around it), which the info series are read with.
fn first_selector_time(node: &Node) -> Option<(Option<i64>, i64)> {
    fn go(node: &Node, path: &mut Vec<(i64, Option<i64>)>) -> Option<(Option<i64>, i64)> {
        match node {
            Node::VectorSelector(s) | Node::MatrixSelector(s) => {
                let mut ts = s.at;
                let mut offset = s.original_offset;
                for (sq_offset, sq_at) in path.iter().rev() {
                    if ts.is_some() {
                        break;
                    }
                    offset += sq_offset;
                    ts = *sq_at;
                }
                Some((ts, offset))
            }
            Node::Subquery(sq) => {
                path.push((sq.original_offset, sq.at));
                let r = go(&sq.expr, path);
                path.pop();
                r
            }
            Node::Call(c) => c.args.iter().find_map(|a| go(a, path)),
            Node::Aggregate(a) => {
                go(&a.expr, path).or_else(|| a.param.as_ref().and_then(|p| go(p, path)))
            }
            Node::Binary(b) => go(&b.lhs, path).or_else(|| go(&b.rhs, path)),
            Node::Neg(e) | Node::StepInvariant(e) => go(e, path),
            Node::Number(..) | Node::String(..) => None,
        }
    }
    go(node, &mut Vec::new())
}

/// The join key of a series for the info metric `name`: the name plus the identifying labels.
fn info_signature(name: &str, l: &Labels) -> String {
    let mut sig = format!("{name}\u{ff}");
    for id in IDENTIFYING_LABELS {
        if let Some(v) = l.get(id) {
            sig.push_str(id);
            sig.push('\u{ff}');
            sig.push_str(v);
            sig.push('\u{ff}');
        }
    }
    sig
}

impl Evaluator<'_> {
    pub(crate) fn eval_info(
        &mut self,
        c: &CallNode,
    ) -> Result<(EvalValue, Annotations), EvalError> {
        let Some(base) = c.args.first() else {
            return Err(EvalError::new("info() needs an argument"));
        };
        let (node_ts, offset) = first_selector_time(base).unwrap_or((None, 0));
        let (mat, annos) = match self.eval(base)? {
            (EvalValue::Matrix(m), a) => (m, a),
            (EvalValue::String(_), a) => (Vec::new(), a),
        };

        let mut data_matchers: BTreeMap<String, Vec<Matcher>> = BTreeMap::new();
        let mut info_name_matchers = Vec::new();
        match c.args.get(1) {
            Some(Node::VectorSelector(sel)) => {
                for m in &sel.matchers {
                    data_matchers
                        .entry(m.name.clone())
                        .or_default()
                        .push(m.clone());
                    if m.name == METRIC_NAME {
                        info_name_matchers.push(m.clone());
                    }
                }
            }
            _ => info_name_matchers.push(matcher(MatchOp::Equal, METRIC_NAME, TARGET_INFO)?),
        }
        let effective = effective_name_matchers(&info_name_matchers)?;
        // Series that are info metrics themselves pass through unchanged.
        let ignore: HashSet<Labels> = mat
            .iter()
            .filter(|s| {
                let name = s.metric.get(METRIC_NAME).unwrap_or("");
                effective.iter().all(|m| m.matches(name))
            })
            .map(|s| s.metric.clone())
            .collect();

        let info_mat =
            self.fetch_info_series(&mat, &ignore, &mut data_matchers, node_ts, offset)?;
        let res = self.combine_with_info(mat, info_mat, &ignore, &data_matchers)?;
        Ok((EvalValue::Matrix(res), annos))
    }

    fn fetch_info_series(
        &mut self,
        mat: &Matrix,
        ignore: &HashSet<Labels>,
        data_matchers: &mut BTreeMap<String, Vec<Matcher>>,
        at: Option<i64>,
        offset: i64,
    ) -> Result<Matrix, EvalError> {
        let remove_name = |dm: &mut BTreeMap<String, Vec<Matcher>>| {
            dm.retain(|_, ms| {
                ms.retain(|m| m.name != METRIC_NAME);
                !ms.is_empty()
            });
        };
        let mut id_values: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for s in mat {
            if ignore.contains(&s.metric) {
                continue;
            }
            for id in IDENTIFYING_LABELS {
                if let Some(v) = s.metric.get(id).filter(|v| !v.is_empty()) {
                    let vals = id_values.entry(id).or_default();
                    if !vals.iter().any(|x| x == v) {
                        vals.push(v.to_string());
                    }
                }
            }
        }
        if id_values.is_empty() {
            remove_name(data_matchers);
            return Ok(Vec::new());
        }
        let mut matchers = Vec::new();
        for (name, vals) in &id_values {
            let re = vals
                .iter()
                .map(|v| crate::regex::quote_meta(v))
                .collect::<Vec<_>>()
                .join("|");
            matchers.push(matcher(MatchOp::Regex, name, &re)?);
        }
        let mut name_matchers = Vec::new();
        for ms in data_matchers.values() {
            for m in ms {
                if m.name == METRIC_NAME {
                    name_matchers.push(m.clone());
                } else {
                    matchers.push(m.clone());
                }
            }
        }
        remove_name(data_matchers);
        matchers.extend(effective_name_matchers(&name_matchers)?);

        let (mut start, mut end) = (self.start, self.end);
        if let Some(ts) = at {
            start = ts;
            end = ts;
        }
        start -= self.lookback - 1;
        let series = self
            .queryable
            .select(&matchers, start - offset, end - offset)
            .map_err(|e| EvalError::new(format!("expanding series: {e}")))?;

        // Like an instant selector, but each value is the sample's own timestamp (to pick the
        // newest info sample when several match).
        let mut out = Vec::new();
        for s in &series {
            let mut ss = Series::new(s.labels.clone());
            for ts in self.step_times() {
                let lookup_ts = at.unwrap_or(ts);
                if let Some((t, _, h)) = self.lookup_sample(s, lookup_ts - offset) {
                    if h.is_some() {
                        return Err(EvalError::new(format!(
                            "this should be an info metric, with float samples: {}",
                            ss.metric
                        )));
                    }
                    ss.floats.push(FPoint { t: ts, f: t as f64 });
                }
            }
            if !ss.floats.is_empty() {
                out.push(ss);
            }
        }
        Ok(out)
    }

    fn combine_with_info(
        &mut self,
        mat: Matrix,
        info_mat: Matrix,
        ignore: &HashSet<Labels>,
        data_matchers: &BTreeMap<String, Vec<Matcher>>,
    ) -> Result<Matrix, EvalError> {
        let info_names: Vec<String> = {
            let mut v: Vec<String> = info_mat
                .iter()
                .filter_map(|s| s.metric.get(METRIC_NAME).map(str::to_string))
                .collect();
            v.sort();
            v.dedup();
            v
        };
        // Each base series' join signature for every info metric name.
        let base_sigs: HashMap<Labels, Vec<String>> = mat
            .iter()
            .map(|s| {
                let sigs = info_names
                    .iter()
                    .map(|n| info_signature(n, &s.metric))
                    .collect();
                (s.metric.clone(), sigs)
            })
            .collect();
        let info_sigs: Vec<String> = info_mat
            .iter()
            .map(|s| info_signature(s.metric.get(METRIC_NAME).unwrap_or(""), &s.metric))
            .collect();

        let num_steps = self.num_steps();
        let mut out: HashMap<Labels, (Series, i64)> = HashMap::new();
        let mut order: Vec<Labels> = Vec::new();
        // Float and histogram cursors of each base series (one sample per step at most).
        let mut base_cur = vec![(0usize, 0usize); mat.len()];
        let mut info_cur = vec![0usize; info_mat.len()];
        for ts in self.step_times() {
            // Info samples at this step by join signature, newest original sample winning.
            let mut right: HashMap<&str, (usize, f64)> = HashMap::new();
            for (i, s) in info_mat.iter().enumerate() {
                let Some(p) = s.floats.get(info_cur[i]).filter(|p| p.t == ts) else {
                    continue;
                };
                info_cur[i] += 1;
                let orig = p.f;
                match right.get(info_sigs[i].as_str()) {
                    Some(&(j, existing)) => {
                        if (existing as i64) < orig as i64 {
                            right.insert(&info_sigs[i], (i, orig));
                        } else if existing as i64 == orig as i64 {
                            return Err(EvalError::new(format!(
                                "found duplicate series for info metric: existing {} @ {}, new {} @ {}",
                                info_mat[j].metric, existing as i64, s.metric, orig as i64
                            )));
                        }
                    }
                    None => {
                        right.insert(&info_sigs[i], (i, orig));
                    }
                }
            }
            for (bi, bs) in mat.iter().enumerate() {
                let (fi, hi) = &mut base_cur[bi];
                let (f, h) = if let Some(p) = bs.floats.get(*fi).filter(|p| p.t == ts) {
                    *fi += 1;
                    (p.f, None)
                } else if let Some(p) = bs.histograms.get(*hi).filter(|p| p.t == ts) {
                    *hi += 1;
                    (0.0, Some(p.h.clone()))
                } else {
                    continue;
                };
                let metric = if ignore.contains(&bs.metric) {
                    bs.metric.clone()
                } else {
                    let mut added = Labels::empty();
                    let mut seen = 0usize;
                    for sig in base_sigs.get(&bs.metric).into_iter().flatten() {
                        let Some(&(ii, _)) = right.get(sig.as_str()) else {
                            continue;
                        };
                        seen += 1;
                        for l in info_mat[ii].metric.iter() {
                            if l.name == METRIC_NAME {
                                continue;
                            }
                            if !data_matchers.is_empty() && !data_matchers.contains_key(&l.name) {
                                continue;
                            }
                            if let Some(v) = added.get(&l.name) {
                                if !v.is_empty() && v != l.value {
                                    return Err(EvalError::new(format!(
                                        "conflicting label: {}",
                                        l.name
                                    )));
                                }
                            }
                            if bs.metric.has(&l.name) {
                                continue;
                            }
                            added.set(l.name.clone(), l.value.clone());
                        }
                    }
                    if seen == 0 && !data_matchers.values().flatten().all(|m| m.matches("")) {
                        continue;
                    }
                    let mut m = bs.metric.clone();
                    for l in added.iter() {
                        m.set(l.name.clone(), l.value.clone());
                    }
                    m
                };
                match out.get_mut(&metric) {
                    Some((series, last)) => {
                        if *last == ts {
                            return Err(EvalError::new(
                                "vector cannot contain metrics with the same labelset",
                            ));
                        }
                        *last = ts;
                        super::eval::add_to_series(series, ts, f, h, num_steps);
                    }
                    None => {
                        let mut series = Series::new(metric.clone());
                        series.drop_name = bs.drop_name;
                        super::eval::add_to_series(&mut series, ts, f, h, num_steps);
                        order.push(metric.clone());
                        out.insert(metric, (series, ts));
                    }
                }
            }
        }
        Ok(order
            .into_iter()
            .filter_map(|l| out.remove(&l).map(|(s, _)| s))
            .collect())
    }
}

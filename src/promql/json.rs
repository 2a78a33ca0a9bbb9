//! The syntax tree as JSON: the shape of Prometheus's `/api/v1/parse_query` (its web UI's tree
//! view), with a `span` (byte offsets, end exclusive) added to every node.

use serde_json::{json, Map, Value};

use super::ast::*;
use crate::gostr::format_float_f;

fn span_json(s: Span) -> Value {
    json!({"start": s.start, "end": s.end})
}

fn with_span(mut v: Value, s: Span) -> Value {
    if let Value::Object(m) = &mut v {
        m.insert("span".into(), span_json(s));
    }
    v
}

fn at_json(at: Option<AtModifier>) -> (Value, Value) {
    match at {
        Some(AtModifier::Timestamp(ms)) => (json!(ms), Value::Null),
        Some(AtModifier::Start) => (Value::Null, json!("start")),
        Some(AtModifier::End) => (Value::Null, json!("end")),
        None => (Value::Null, Value::Null),
    }
}

fn matchers_json(ms: &[Matcher]) -> Value {
    Value::Array(
        ms.iter()
            .map(|m| json!({"name": m.name, "value": m.value, "type": m.op.as_str()}))
            .collect(),
    )
}

fn duration_ms(d: &Duration) -> (Value, Value) {
    match d {
        Duration::Fixed(ms) => (json!(ms), Value::Null),
        Duration::Expr(e) => (json!(0), duration_expr_json(e)),
    }
}

pub fn duration_expr_json(e: &DurationExpr) -> Value {
    let node = |op: &str, lhs: Value, rhs: Value, wrapped: bool| json!({"type": "durationExpr", "op": op, "lhs": lhs, "rhs": rhs, "wrapped": wrapped});
    let v = match e {
        DurationExpr::Number(n) => json!({
            "type": "numberLiteral",
            "val": format_float_f(n.val),
            "duration": n.duration,
        }),
        DurationExpr::Neg(inner, _) => node("-", Value::Null, duration_expr_json(inner), false),
        DurationExpr::Binary(op, l, r) => node(
            op.as_str(),
            duration_expr_json(l),
            duration_expr_json(r),
            false,
        ),
        DurationExpr::Paren(inner, _) => match duration_expr_json(inner) {
            Value::Object(mut m) if m.get("type") == Some(&json!("durationExpr")) => {
                m.insert("wrapped".into(), json!(true));
                Value::Object(m)
            }
            other => node("+", Value::Null, other, true),
        },
        DurationExpr::Step(_) => node("step", Value::Null, Value::Null, false),
        DurationExpr::Range(_) => node("range", Value::Null, Value::Null, false),
        DurationExpr::MinOf(a, b, _) => node(
            "min_of",
            duration_expr_json(a),
            duration_expr_json(b),
            false,
        ),
        DurationExpr::MaxOf(a, b, _) => node(
            "max_of",
            duration_expr_json(a),
            duration_expr_json(b),
            false,
        ),
    };
    with_span(v, e.span())
}

fn opt_duration_expr(e: &Option<DurationExpr>) -> Value {
    e.as_ref().map_or(Value::Null, duration_expr_json)
}

/// The JSON tree of an expression.
pub fn expr_json(e: &Expr) -> Value {
    with_stack(|| expr_json_inner(e))
}

fn expr_json_inner(e: &Expr) -> Value {
    let v = match e {
        Expr::Aggregate(a) => json!({
            "type": "aggregation",
            "op": a.op.to_string(),
            "expr": expr_json(&a.expr),
            "param": a.param.as_ref().map_or(Value::Null, expr_json),
            "grouping": a.grouping,
            "without": a.without,
        }),
        Expr::Binary(b) => {
            let matching = b.matching.as_ref().map_or(Value::Null, |m| {
                json!({
                    "card": m.card.as_str(),
                    "labels": m.matching_labels,
                    "on": m.on,
                    "include": m.include,
                    "fillValues": {"lhs": m.fill_lhs, "rhs": m.fill_rhs},
                })
            });
            json!({
                "type": "binaryExpr",
                "op": b.op.to_string(),
                "lhs": expr_json(&b.lhs),
                "rhs": expr_json(&b.rhs),
                "matching": matching,
                "bool": b.return_bool,
            })
        }
        Expr::Call(c) => json!({
            "type": "call",
            "func": {
                "name": c.func.name,
                "argTypes": c.func.arg_types.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
                "variadic": c.func.variadic,
                "returnType": c.func.return_type.as_str(),
            },
            "args": c.args.iter().map(expr_json).collect::<Vec<_>>(),
        }),
        Expr::MatrixSelector(m) => {
            let vs = &m.vector_selector;
            let (range, range_expr) = duration_ms(&m.range);
            let (ts, start_or_end) = at_json(vs.at);
            json!({
                "type": "matrixSelector",
                "name": vs.name,
                "range": range,
                "rangeExpr": range_expr,
                "offset": vs.offset,
                "offsetExpr": opt_duration_expr(&vs.offset_expr),
                "matchers": matchers_json(&vs.matchers),
                "timestamp": ts,
                "startOrEnd": start_or_end,
                "anchored": vs.anchored,
                "smoothed": vs.smoothed,
            })
        }
        Expr::Subquery(s) => {
            let (range, range_expr) = duration_ms(&s.range);
            let (step, step_expr) = s.step.as_ref().map_or((json!(0), Value::Null), duration_ms);
            let (ts, start_or_end) = at_json(s.at);
            json!({
                "type": "subquery",
                "expr": expr_json(&s.expr),
                "range": range,
                "rangeExpr": range_expr,
                "offset": s.offset,
                "offsetExpr": opt_duration_expr(&s.offset_expr),
                "step": step,
                "stepExpr": step_expr,
                "timestamp": ts,
                "startOrEnd": start_or_end,
            })
        }
        Expr::Number(n) => json!({
            "type": "numberLiteral",
            "val": format_float_f(n.val),
            "duration": n.duration,
        }),
        Expr::String(s) => json!({"type": "stringLiteral", "val": s.val}),
        Expr::Paren(p) => json!({"type": "parenExpr", "expr": expr_json(&p.expr)}),
        Expr::Unary(u) => json!({
            "type": "unaryExpr",
            "op": u.op.to_string(),
            "expr": expr_json(&u.expr),
        }),
        Expr::VectorSelector(vs) => {
            let (ts, start_or_end) = at_json(vs.at);
            json!({
                "type": "vectorSelector",
                "name": vs.name,
                "offset": vs.offset,
                "offsetExpr": opt_duration_expr(&vs.offset_expr),
                "matchers": matchers_json(&vs.matchers),
                "timestamp": ts,
                "startOrEnd": start_or_end,
                "anchored": vs.anchored,
                "smoothed": vs.smoothed,
            })
        }
    };
    with_span(v, e.span())
}

/// Keeps the key order stable for readers: serde_json sorts keys, which is fine for machines.
pub fn to_pretty_string(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| Value::Object(Map::new()).to_string())
}

//! Go's `encoding/json.Marshal` over template [`Value`]s (Alertmanager's `toJson`).

use super::Value;
use crate::gostr::{format_float_f, push_json_string};

/// `json.Marshal(v)`; the error is Go's text.
pub fn marshal(v: &Value) -> Result<String, String> {
    let mut out = String::new();
    write_value(&mut out, v)?;
    Ok(out)
}

/// Appends `v` encoded as JSON to `out`.
pub fn write_value(out: &mut String, v: &Value) -> Result<(), String> {
    match v {
        Value::Missing | Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => write_float(out, *f)?,
        Value::String(s) => push_json_string(out, s),
        Value::List(l) => {
            out.push('[');
            for (i, e) in l.items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, e)?;
            }
            out.push(']');
        }
        Value::Map(m) => {
            // Go sorts map keys.
            out.push('{');
            for (i, (k, e)) in m.entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_json_string(out, k);
                out.push(':');
                write_value(out, e)?;
            }
            out.push('}');
        }
        Value::Object(o) => match o.marshal_json() {
            Some(r) => out.push_str(&r?),
            None => match o.underlying() {
                Some(u) => write_value(out, &u)?,
                None => return Err(format!("json: unsupported type: {}", o.type_name())),
            },
        },
    }
    Ok(())
}

/// A float64 as encoding/json writes it: shortest digits, in exponent form outside
/// [1e-6, 1e21) with a minimal exponent (`1e+21`, `1e-7`).
fn write_float(out: &mut String, f: f64) -> Result<(), String> {
    if !f.is_finite() {
        return Err(format!(
            "json: unsupported value: {}",
            crate::gostr::format_float_g(f)
        ));
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let s = format!("{f:e}");
        match s.split_once('e') {
            Some((mant, exp)) if !exp.starts_with('-') => {
                out.push_str(mant);
                out.push_str("e+");
                out.push_str(exp);
            }
            _ => out.push_str(&s),
        }
    } else {
        out.push_str(&format_float_f(f));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_and_collections() {
        assert_eq!(marshal(&Value::Nil).as_deref(), Ok("null"));
        assert_eq!(marshal(&Value::Int(-3)).as_deref(), Ok("-3"));
        assert_eq!(marshal(&Value::Float(1.5)).as_deref(), Ok("1.5"));
        assert_eq!(marshal(&Value::Float(1e21)).as_deref(), Ok("1e+21"));
        assert_eq!(marshal(&Value::Float(1e-7)).as_deref(), Ok("1e-7"));
        assert_eq!(marshal(&Value::Float(100.0)).as_deref(), Ok("100"));
        assert_eq!(
            marshal(&Value::str("a<b>\"&\n")).as_deref(),
            Ok(r#""a\u003cb\u003e\"\u0026\n""#)
        );
        assert_eq!(
            marshal(&Value::list(vec![Value::Bool(true), Value::str("x")])).as_deref(),
            Ok(r#"[true,"x"]"#)
        );
        assert_eq!(
            marshal(&Value::string_map([("b", "2"), ("a", "1")])).as_deref(),
            Ok(r#"{"a":"1","b":"2"}"#)
        );
        assert_eq!(
            marshal(&Value::Float(f64::NAN)).unwrap_err(),
            "json: unsupported value: NaN"
        );
    }
}

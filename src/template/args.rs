//! Argument checks that Go's `text/template` makes before calling a function, with its
//! messages (`wrong number of args for NAME: want N got M`, `wrong type for value; ...`).

use super::Value;

/// Go checks a fixed arity before the call.
pub(crate) fn arity(name: &str, args: &[Value], want: usize) -> Result<(), String> {
    if args.len() == want {
        Ok(())
    } else {
        Err(format!(
            "wrong number of args for {name}: want {want} got {}",
            args.len()
        ))
    }
}

pub(crate) fn wrong_type(expected: &str, got: &Value) -> String {
    format!(
        "wrong type for value; expected {expected}; got {}",
        got.type_name()
    )
}

/// Argument `i`, or a missing value.
pub(crate) fn arg(args: &[Value], i: usize) -> &Value {
    args.get(i).unwrap_or(&Value::Missing)
}

/// A `string` parameter: only a string is assignable.
pub(crate) fn string_arg(v: &Value) -> Result<&str, String> {
    match v {
        Value::String(s) => Ok(s),
        // A nil or missing value cannot become a string.
        Value::Missing | Value::Nil => Err("invalid value; expected string".into()),
        other => Err(wrong_type("string", other)),
    }
}

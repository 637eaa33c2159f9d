//! How a plain (unquoted) YAML scalar becomes a value: the rules serde_yaml
//! 0.9 applies (YAML 1.2 core schema), so a spec means the same whether it
//! was read by serde_yaml before or by the loader's own event pass now.

use serde_yaml::{Number, Value};

/// The value of a plain scalar.
pub(crate) fn plain_scalar(v: &str) -> Value {
    if v.is_empty() || matches!(v, "null" | "Null" | "NULL" | "~") {
        return Value::Null;
    }
    match v {
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Some(n) = unsigned(v, u64::from_str_radix) {
        return Value::Number(n.into());
    }
    if let Some(n) = negative(v, i64::from_str_radix) {
        return Value::Number(n.into());
    }
    // A whole number beyond 64 bits: serde_yaml refuses the whole file; it is
    // kept as a float here, so the key that holds it gets a diagnostic
    // that names the allowed range.
    if let Some(n) = unsigned(v, u128::from_str_radix) {
        return Value::Number(Number::from(n as f64));
    }
    if let Some(n) = negative(v, i128::from_str_radix) {
        return Value::Number(Number::from(n as f64));
    }
    if !leading_zero_digits(v) {
        if let Some(f) = float(v) {
            return Value::Number(Number::from(f));
        }
    }
    Value::String(v.to_owned())
}

type Radix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

fn with_radix<T>(digits: &str, parse: Radix<T>) -> Option<T> {
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = digits.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            return parse(rest, radix).ok();
        }
    }
    None
}

fn unsigned<T>(v: &str, parse: Radix<T>) -> Option<T> {
    let unsigned = v.strip_prefix('+').unwrap_or(v);
    if unsigned.starts_with(['0']) && unsigned.len() > 2 {
        if let Some(n) = with_radix(unsigned, parse) {
            return Some(n);
        }
    }
    if unsigned.starts_with(['+', '-']) || leading_zero_digits(v) {
        return None;
    }
    parse(unsigned, 10).ok()
}

fn negative<T>(v: &str, parse: Radix<T>) -> Option<T> {
    let rest = v.strip_prefix('-')?;
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(digits) = rest.strip_prefix(prefix) {
            return parse(&format!("-{digits}"), radix).ok();
        }
    }
    if leading_zero_digits(v) {
        return None;
    }
    parse(v, 10).ok()
}

fn float(v: &str) -> Option<f64> {
    let unsigned = match v.strip_prefix('+') {
        Some(u) if u.starts_with(['+', '-']) => return None,
        Some(u) => u,
        None => v,
    };
    match unsigned {
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        _ => {}
    }
    match v {
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// `0123`: YAML 1.2 reads leading zeros followed by digits as text.
fn leading_zero_digits(v: &str) -> bool {
    let v = v.strip_prefix(['-', '+']).unwrap_or(v);
    v.len() > 1 && v.starts_with('0') && v[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::plain_scalar;

    /// Each case against what serde_yaml 0.9 makes of the same text.
    #[test]
    fn plain_scalars_resolve_as_serde_yaml_does() {
        for text in [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nul",
            "true",
            "True",
            "TRUE",
            "tRue",
            "false",
            "0",
            "7",
            "+7",
            "-7",
            "007",
            "-007",
            "0x1F",
            "0o17",
            "0b101",
            "-0x10",
            "+0x10",
            "0x",
            "1.5",
            "-1.5",
            "1e3",
            "1E-3",
            ".5",
            "5.",
            "+.inf",
            ".inf",
            "-.inf",
            ".Inf",
            "inf",
            "nan",
            "NaN",
            "1_000",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551615",
            "-9223372036854775808",
            "abc",
            "1.2.3",
            "0.1",
            "--1",
        ] {
            let ours = plain_scalar(text);
            let theirs: serde_yaml::Value = serde_yaml::from_str(&format!("v: {text}"))
                .map(|m: serde_yaml::Mapping| m["v"].clone())
                .expect(text);
            assert_eq!(ours, theirs, "{text:?}");
        }
        assert!(matches!(plain_scalar(".nan"), serde_yaml::Value::Number(n) if n.is_nan()));
    }
}

//! What the mock server needs from the IR, decided at generation time: a
//! success body that passes the response type's own validator, and the kind
//! of each query and form field so the mock can read them back into JSON.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{json, Value};

use crate::ir::*;

/// Recursive types stop here: optional members are left out below this
/// depth, so a self-referencing type still gets a finite body.
const MAX_DEPTH: usize = 6;

/// A JSON value of shape `s` that meets all of its constraints, or `None`
/// when no simple value does (an unusual pattern, say).
pub fn synthesize(api: &Api, s: &Shape) -> Option<Value> {
    synth(api, s, 0)
}

fn synth(api: &Api, s: &Shape, depth: usize) -> Option<Value> {
    let c = &s.constraints;
    match &s.kind {
        ShapeKind::String => string_value(c, &["string"]),
        ShapeKind::Email => string_value(c, &["user@example.com"]),
        ShapeKind::Phone => string_value(c, &["+15555550100"]),
        ShapeKind::Uuid => string_value(c, &["00000000-0000-4000-8000-000000000000"]),
        ShapeKind::Bytes => string_value(c, &["aGVsbG8="]),
        ShapeKind::DateTime(DateTimeFormat::Rfc3339) => string_value(c, &["2020-01-01T00:00:00Z"]),
        ShapeKind::DateTime(DateTimeFormat::Custom(f)) => {
            let v = f
                .replace("YYYY", "2020")
                .replace("MM", "01")
                .replace("DD", "01")
                .replace("hh", "00")
                .replace("mm", "00")
                .replace("ss", "00");
            string_value(c, &[v.as_str()])
        }
        ShapeKind::Integer => number_value(c, true),
        ShapeKind::Number => number_value(c, false),
        ShapeKind::Boolean => Some(Value::Bool(true)),
        ShapeKind::Json => Some(json!({})),
        ShapeKind::JsonObject => {
            let n = c.min_properties.as_ref().map_or(0, |l| l.value);
            if n > 64 {
                return None;
            }
            Some(Value::Object(
                (0..n).map(|i| (format!("k{i}"), json!(true))).collect(),
            ))
        }
        ShapeKind::Array(inner) => {
            let min = c.min_items.as_ref().map_or(0, |l| l.value);
            let max = c.max_items.as_ref().map_or(u64::MAX, |l| l.value);
            let n = min.max(1).min(max);
            if n == 0 {
                return Some(json!([]));
            }
            let item = synth(api, inner, depth + 1)?;
            Some(Value::Array(vec![item; usize::try_from(n).ok()?]))
        }
        ShapeKind::Named(i) => match &api.types[*i].kind {
            TypeKind::Enum { values, .. } => values.first().map(|v| json!(v.wire)),
            TypeKind::Object { fields, rules } => object_value(api, fields, rules, depth),
        },
    }
}

fn object_value(api: &Api, fields: &[Field], rules: &[Rule], depth: usize) -> Option<Value> {
    // exactly_one_of: keep the first of its fields and leave out the rest
    // (of this object's own fields; nested ones are left as synthesized).
    let left_out: Vec<usize> = rules
        .iter()
        .filter_map(|r| match r {
            Rule::ExactlyOneOf { fields, .. } => Some(fields.iter().skip(1)),
            _ => None,
        })
        .flatten()
        .filter(|p| p.steps.len() == 1)
        .map(|p| p.leaf().field)
        .collect();
    let mut map = serde_json::Map::new();
    for (i, f) in fields.iter().enumerate() {
        if left_out.contains(&i) && !f.required {
            continue;
        }
        if !f.required && depth >= MAX_DEPTH {
            continue;
        }
        match synth(api, &f.shape, depth + 1) {
            Some(v) => {
                map.insert(f.wire.clone(), v);
            }
            None if f.required => return None,
            None => {}
        }
    }
    Some(Value::Object(map))
}

fn string_value(c: &Constraints, preferred: &[&str]) -> Option<Value> {
    let min = c.min_length.as_ref().map_or(0, |l| l.value) as usize;
    let max = c
        .max_length
        .as_ref()
        .map_or(usize::MAX, |l| l.value as usize);
    let pattern = match &c.pattern {
        Some(p) => Some(regex::Regex::new(&p.value).ok()?),
        None => None,
    };
    let fallbacks = [
        "a",
        "A",
        "0",
        "abc123",
        "example.com",
        "+10000000000",
        "a-b",
    ];
    preferred
        .iter()
        .chain(fallbacks.iter())
        .map(|candidate| fit_length(candidate, min.max(1), max))
        .find(|s| {
            let len = s.chars().count();
            len >= min && len <= max && pattern.as_ref().is_none_or(|p| p.is_match(s))
        })
        .map(Value::String)
}

/// Pads with the last character, or cuts, to fit the length bounds.
fn fit_length(s: &str, min: usize, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    let pad = out.chars().last().unwrap_or('a');
    while out.chars().count() < min {
        out.push(pad);
    }
    out
}

fn number_value(c: &Constraints, integer: bool) -> Option<Value> {
    let mut low = f64::NEG_INFINITY;
    let mut high = f64::INFINITY;
    let step = if integer { 1.0 } else { 0.5 };
    if let Some(l) = &c.minimum {
        low = low.max(l.value);
    }
    if let Some(l) = &c.exclusive_minimum {
        low = low.max(l.value + step);
    }
    if let Some(l) = &c.maximum {
        high = high.min(l.value);
    }
    if let Some(l) = &c.exclusive_maximum {
        high = high.min(l.value - step);
    }
    let mut v = 1.0_f64.max(low).min(high);
    if integer {
        v = v.ceil();
    }
    if v < low || v > high || !v.is_finite() {
        return None;
    }
    if integer {
        // In range and whole, so the conversion is exact.
        Some(json!(v as i64))
    } else {
        serde_json::Number::from_f64(v).map(Value::Number)
    }
}

/// The mock's view of a field on the wire.
pub fn wire_kind(api: &Api, s: &Shape) -> TokenStream {
    let k = quote!(::specgen_runtime::registry::WireKind);
    match &s.kind {
        ShapeKind::Bytes => quote!(#k::File),
        ShapeKind::Integer => quote!(#k::Integer),
        ShapeKind::Number => quote!(#k::Number),
        ShapeKind::Boolean => quote!(#k::Boolean),
        ShapeKind::Named(i) if matches!(api.types[*i].kind, TypeKind::Enum { .. }) => {
            quote!(#k::Text)
        }
        k2 if k2.is_string_like() => quote!(#k::Text),
        _ => quote!(#k::Json),
    }
}

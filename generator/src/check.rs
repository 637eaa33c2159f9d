//! Phase 3, check: semantic errors in the lowered IR.
//!
//! Lowering already reported what it could not resolve; this phase finds
//! specs that resolve but cannot mean anything sensible: invalid regexes,
//! bounds that exclude every value, defaults that break their own
//! constraints, constraints on the wrong kind of value, rules that can never
//! fire, and endpoints whose types cannot be sent on their protocol.

use serde_json::Value;

use crate::diag::Diagnostics;
use crate::ir::*;

/// Checks one lowered API.
pub fn check(api: &Api, diags: &mut Diagnostics) {
    for (i, t) in api.types.iter().enumerate() {
        if let Some(e) = &t.example {
            let shape = Shape {
                kind: ShapeKind::Named(i),
                constraints: Constraints::default(),
            };
            check_example(api, &format!("type `{}`", t.name), &shape, false, e, diags);
        }
        if let TypeKind::Enum {
            values,
            open: false,
        } = &t.kind
        {
            if values.is_empty() {
                diags.error_help(
                    t.loc.clone(),
                    format!(
                        "closed enum `{}` has no values, so no value is valid",
                        t.name
                    ),
                    "list its values under `enum`, or set `open: true` to accept any string",
                );
            }
        }
        if let TypeKind::Object { fields, rules } = &t.kind {
            for f in fields {
                check_shape(api, &f.shape, diags);
                check_tri_state(f, diags);
                if let Some(e) = &f.example {
                    let what = format!("`{}`", f.wire);
                    check_example(api, &what, &f.shape, f.nullable, e, diags);
                }
                if let Some(d) = &f.default {
                    check_default(api, f, d, diags);
                }
                if f.default.is_some() && f.required {
                    diags.error_help(
                        f.loc.clone(),
                        format!("field `{}` is required and has a default", f.wire),
                        "a default is what the server assumes when the field is absent; drop one of the two",
                    );
                }
            }
            for r in rules {
                check_rule(api, t, r, diags);
            }
        }
    }
    for e in &api.endpoints {
        check_endpoint(api, e, diags);
    }
}

fn kind_name(api: &Api, k: &ShapeKind) -> String {
    match k {
        ShapeKind::String => "string".into(),
        ShapeKind::Integer => "integer".into(),
        ShapeKind::Number => "number".into(),
        ShapeKind::Boolean => "boolean".into(),
        ShapeKind::DateTime(_) => "datetime".into(),
        ShapeKind::Uuid => "uuid".into(),
        ShapeKind::Email => "email".into(),
        ShapeKind::Phone => "phone".into(),
        ShapeKind::Bytes => "bytes".into(),
        ShapeKind::Array(_) => "array".into(),
        ShapeKind::Named(i) => api.types[*i].name.clone(),
        ShapeKind::Json => "json".into(),
        ShapeKind::JsonObject => "object".into(),
    }
}

fn misplaced<T>(
    api: &Api,
    l: &Option<Limit<T>>,
    key: &str,
    kind: &ShapeKind,
    ok: bool,
    diags: &mut Diagnostics,
) {
    if let (Some(l), false) = (l, ok) {
        diags.error_help(
            l.loc.clone(),
            format!("`{key}` does not apply to `{}`", kind_name(api, kind)),
            "see the constraints table in schemas/README.md",
        );
    }
}

fn check_shape(api: &Api, s: &Shape, diags: &mut Diagnostics) {
    let c = &s.constraints;
    let k = &s.kind;
    let text = k.is_string_like() && *k != ShapeKind::Bytes;
    misplaced(api, &c.pattern, "pattern", k, text, diags);
    misplaced(api, &c.min_length, "min_length", k, text, diags);
    misplaced(api, &c.max_length, "max_length", k, text, diags);
    misplaced(api, &c.not_blank, "not_blank", k, text, diags);
    let is_datetime = matches!(k, ShapeKind::DateTime(_));
    misplaced(api, &c.not_future, "not_future", k, is_datetime, diags);
    misplaced(api, &c.not_past, "not_past", k, is_datetime, diags);
    check_datetime_bounds(api, s, diags);
    for (l, key) in [
        (&c.minimum, "minimum"),
        (&c.maximum, "maximum"),
        (&c.exclusive_minimum, "exclusive_minimum"),
        (&c.exclusive_maximum, "exclusive_maximum"),
    ] {
        if let (Some(l), true) = (l, is_datetime) {
            diags.error_help(
                l.loc.clone(),
                format!("`{key}` of a `datetime` is a number"),
                "write the bound as a date-time in the field's own format, quoted",
            );
        } else {
            misplaced(api, l, key, k, k.is_numeric(), diags);
        }
        if let Some(l) = l {
            if !l.value.is_finite() {
                diags.error(l.loc.clone(), format!("`{key}` must be a finite number"));
            }
        }
    }
    let is_object = matches!(k, ShapeKind::JsonObject);
    misplaced(
        api,
        &c.min_properties,
        "min_properties",
        k,
        is_object,
        diags,
    );
    misplaced(
        api,
        &c.max_properties,
        "max_properties",
        k,
        is_object,
        diags,
    );
    misplaced(
        api,
        &c.min_items,
        "min_items",
        k,
        matches!(k, ShapeKind::Array(_)),
        diags,
    );
    misplaced(
        api,
        &c.max_items,
        "max_items",
        k,
        matches!(k, ShapeKind::Array(_)),
        diags,
    );

    if let Some(p) = &c.pattern {
        if let Err(e) = regex::Regex::new(&p.value) {
            let why = e.to_string();
            let why = why
                .lines()
                .last()
                .unwrap_or("")
                .trim()
                .trim_start_matches("error: ");
            diags.error_help(
                p.loc.clone(),
                format!("invalid regex `{}`: {why}", p.value),
                "patterns use the regex crate's syntax (https://docs.rs/regex); in YAML, single-quote them so backslashes survive",
            );
        }
    }
    let min_max = |min: &Option<Limit<u64>>,
                   max: &Option<Limit<u64>>,
                   what: &str,
                   diags: &mut Diagnostics| {
        if let (Some(a), Some(b)) = (min, max) {
            if a.value > b.value {
                diags.error_help(
                    a.loc.clone(),
                    format!(
                        "min_{what} {} is greater than max_{what} {}",
                        a.value, b.value
                    ),
                    "no value could pass; swap or fix the bounds",
                );
            }
        }
    };
    min_max(&c.min_length, &c.max_length, "length", diags);
    min_max(&c.min_items, &c.max_items, "items", diags);
    min_max(&c.min_properties, &c.max_properties, "properties", diags);
    let lower = [(&c.minimum, false), (&c.exclusive_minimum, true)];
    let upper = [(&c.maximum, false), (&c.exclusive_maximum, true)];
    for (lo, lo_ex) in lower {
        for (hi, hi_ex) in upper {
            if let (Some(a), Some(b)) = (lo, hi) {
                let empty = if lo_ex || hi_ex {
                    a.value >= b.value
                } else {
                    a.value > b.value
                };
                if empty {
                    diags.error_help(
                        a.loc.clone(),
                        format!(
                            "lower bound {} excludes every value below upper bound {}",
                            a.value, b.value
                        ),
                        "no value could pass; fix the bounds",
                    );
                }
            }
        }
    }
    if let ShapeKind::Array(inner) = k {
        check_shape(api, inner, diags);
    }
}

/// A date-time bound as an instant, if it is one in format `f`.
pub fn parse_bound(
    f: &DateTimeFormat,
    text: &str,
) -> Option<specgen_runtime::time::OffsetDateTime> {
    use specgen_runtime::datetime as rt;
    match f {
        DateTimeFormat::Rfc3339 => rt::parse_rfc3339(text),
        DateTimeFormat::Custom(f) => rt::Layout::compile(f)?
            .parse(text)
            .map(specgen_runtime::time::PrimitiveDateTime::assume_utc),
    }
}

/// A date-time's `minimum`/`maximum` parse in its format and leave room
/// for a value; on anything else they are misplaced.
fn check_datetime_bounds(api: &Api, s: &Shape, diags: &mut Diagnostics) {
    let c = &s.constraints;
    let ShapeKind::DateTime(f) = &s.kind else {
        for (l, key) in [(&c.earliest, "minimum"), (&c.latest, "maximum")] {
            if let Some(l) = l {
                diags.error_help(
                    l.loc.clone(),
                    format!(
                        "`{key}` of `{}` is a string; only a `datetime` takes a date-time bound",
                        kind_name(api, &s.kind)
                    ),
                    if s.kind.is_numeric() {
                        "write the bound as a number"
                    } else {
                        "see the constraints table in schemas/README.md"
                    },
                );
            }
        }
        return;
    };
    let describe = match f {
        DateTimeFormat::Rfc3339 => "RFC 3339 (2017-03-10T01:19:23Z)",
        DateTimeFormat::Custom(f) => f.as_str(),
    };
    let mut parsed = [None, None];
    for (slot, (l, key)) in parsed
        .iter_mut()
        .zip([(&c.earliest, "minimum"), (&c.latest, "maximum")])
    {
        let Some(l) = l else { continue };
        *slot = parse_bound(f, &l.value);
        if slot.is_none() {
            diags.error_help(
                l.loc.clone(),
                format!(
                    "`{key}` `{}` is not a date-time in the field's format {describe}",
                    l.value
                ),
                "write the bound exactly as a value of the field would be written",
            );
        }
    }
    if let ([Some(lo), Some(hi)], Some(a), Some(b)) = (parsed, &c.earliest, &c.latest) {
        if lo > hi {
            diags.error_help(
                a.loc.clone(),
                format!("minimum {} is later than maximum {}", a.value, b.value),
                "no value could pass; swap or fix the bounds",
            );
        }
    }
}

/// Whether `v` passes `shape`; the reasons it does not, otherwise.
fn default_problems(api: &Api, shape: &Shape, v: &Value) -> Vec<String> {
    let c = &shape.constraints;
    let mut out = Vec::new();
    match (&shape.kind, v) {
        (k, Value::String(s)) if k.is_string_like() => {
            let len = s.chars().count() as u64;
            if let Some(l) = &c.min_length {
                if len < l.value {
                    out.push(format!("it is shorter than min_length {}", l.value));
                }
            }
            if let Some(l) = &c.max_length {
                if len > l.value {
                    out.push(format!("it is longer than max_length {}", l.value));
                }
            }
            if let Some(p) = &c.pattern {
                if let Ok(re) = regex::Regex::new(&p.value) {
                    if !re.is_match(s) {
                        out.push(format!("it does not match the pattern {}", p.value));
                    }
                }
            }
            if c.not_blank.is_some() && s.trim().is_empty() {
                out.push("it is blank and the field is not_blank".into());
            }
            use specgen_runtime::formats as f;
            let format_ok = match k {
                ShapeKind::DateTime(fmt) => parse_bound(fmt, s).is_some(),
                ShapeKind::Uuid => f::is_uuid(s),
                ShapeKind::Email => f::is_email(s),
                ShapeKind::Phone => f::is_e164(s),
                ShapeKind::Bytes => f::is_base64(s),
                _ => true,
            };
            if !format_ok {
                out.push(format!("it is not a valid {}", kind_name(api, &shape.kind)));
            } else if let ShapeKind::DateTime(fmt) = k {
                let at = parse_bound(fmt, s);
                fn bound<'a>(
                    fmt: &DateTimeFormat,
                    l: &'a Option<Limit<String>>,
                ) -> Option<(specgen_runtime::time::OffsetDateTime, &'a str)> {
                    let l = l.as_ref()?;
                    Some((parse_bound(fmt, &l.value)?, &l.value))
                }
                if let (Some(at), Some((lo, text))) = (at, bound(fmt, &c.earliest)) {
                    if at < lo {
                        out.push(format!("it is before minimum {text}"));
                    }
                }
                if let (Some(at), Some((hi, text))) = (at, bound(fmt, &c.latest)) {
                    if at > hi {
                        out.push(format!("it is after maximum {text}"));
                    }
                }
            }
        }
        (ShapeKind::Integer, Value::Number(n)) if n.is_i64() => {
            number_problems(c, n.as_f64().unwrap_or(0.0), &mut out);
        }
        (ShapeKind::Integer, Value::Number(n)) if n.is_u64() => out.push(format!(
            "{n} is out of the range of an `integer` ({} to {})",
            i64::MIN,
            i64::MAX
        )),
        // Whole numbers beyond 64 bits reach here as floats (the loader
        // keeps them so this can name the range).
        (ShapeKind::Integer, Value::Number(n))
            if n.as_f64()
                .is_some_and(|f| f.fract() == 0.0 && f.abs() >= 9.2e18) =>
        {
            out.push(format!(
                "it is a whole number out of the range of an `integer` ({} to {})",
                i64::MIN,
                i64::MAX
            ))
        }
        (ShapeKind::Number, Value::Number(n)) => {
            number_problems(c, n.as_f64().unwrap_or(0.0), &mut out)
        }
        (ShapeKind::Boolean, Value::Bool(_)) | (ShapeKind::Json, _) => {}
        (ShapeKind::JsonObject, Value::Object(members)) => {
            let n = members.len() as u64;
            if let Some(l) = c.min_properties.as_ref().filter(|l| n < l.value) {
                out.push(format!(
                    "it has fewer members than min_properties {}",
                    l.value
                ));
            }
            if let Some(l) = c.max_properties.as_ref().filter(|l| n > l.value) {
                out.push(format!(
                    "it has more members than max_properties {}",
                    l.value
                ));
            }
        }
        (ShapeKind::Named(i), Value::Object(members))
            if matches!(api.types[*i].kind, TypeKind::Object { .. }) =>
        {
            out.extend(object_problems(api, *i, members));
        }
        (ShapeKind::Named(i), Value::String(s))
            if matches!(api.types[*i].kind, TypeKind::Enum { .. }) =>
        {
            if let TypeKind::Enum { values, open } = &api.types[*i].kind {
                if !open && !values.iter().any(|v| v.wire == *s) {
                    out.push(format!(
                        "`{s}` is not a value of enum `{}`",
                        api.types[*i].name
                    ));
                }
            }
        }
        (ShapeKind::Array(inner), Value::Array(items)) => {
            let n = items.len() as u64;
            if c.min_items.as_ref().is_some_and(|l| n < l.value)
                || c.max_items.as_ref().is_some_and(|l| n > l.value)
            {
                out.push("its length breaks min_items/max_items".into());
            }
            for item in items {
                out.extend(default_problems(api, inner, item));
            }
        }
        (k, other) => out.push(format!(
            "it is {}, but the field is `{}`",
            specgen_runtime::check::json_type_name(other),
            kind_name(api, k)
        )),
    }
    out
}

fn number_problems(c: &Constraints, n: f64, out: &mut Vec<String>) {
    if c.minimum.as_ref().is_some_and(|l| n < l.value) {
        out.push("it is below minimum".into());
    }
    if c.maximum.as_ref().is_some_and(|l| n > l.value) {
        out.push("it is above maximum".into());
    }
    if c.exclusive_minimum.as_ref().is_some_and(|l| n <= l.value) {
        out.push("it is not above exclusive_minimum".into());
    }
    if c.exclusive_maximum.as_ref().is_some_and(|l| n >= l.value) {
        out.push("it is not below exclusive_maximum".into());
    }
}

fn check_default(api: &Api, f: &Field, d: &Value, diags: &mut Diagnostics) {
    if d.is_null() {
        if !f.nullable {
            diags.error_help(
                f.loc.clone(),
                format!(
                    "default of `{}` is null but the field is not nullable",
                    f.wire
                ),
                "add `nullable: true`, or remove the default",
            );
        }
        return;
    }
    if let ShapeKind::Named(i) = f.shape.kind {
        if matches!(api.types[i].kind, TypeKind::Object { .. }) {
            diags.error_help(
                f.loc.clone(),
                format!(
                    "field `{}`: defaults are supported on scalars, enums and arrays, not objects",
                    f.wire
                ),
                "remove the default and document it in `doc`",
            );
            return;
        }
    }
    let problems = default_problems(api, &f.shape, d);
    if !problems.is_empty() {
        diags.error_help(
            f.loc.clone(),
            format!("default {d} of `{}` breaks its own constraints: {}", f.wire, problems.join("; ")),
            "fix the default or the constraint; if the document says both, say which you chose in a comment",
        );
    }
}

/// Whether a rule's field always has a value in the typed struct
/// (required or defaulted at every step), so no rule over it can fail. A
/// nullable field with a default is an `Option` that the typed value fills
/// when absent, so only an explicit null makes it absent.
fn always_present(api: &Api, p: &FieldPath) -> bool {
    p.steps.iter().all(|s| {
        let f = api.field(*s);
        !f.may_be_unset() || f.default.is_some()
    })
}

fn check_rule(api: &Api, t: &TypeDef, r: &Rule, diags: &mut Diagnostics) {
    match r {
        Rule::AtLeastOneOf { fields: fs, .. } | Rule::ExactlyOneOf { fields: fs, .. } => {
            for p in fs.iter().filter(|p| always_present(api, p)) {
                diags.error_help(
                    api.field(p.leaf()).loc.clone(),
                    format!("`{}` of `{}` is always present (required or defaulted), so its rule can never fail", p.dotted(api), t.name),
                    "make the field optional, or drop it from the rule",
                );
            }
            let mut sorted = fs.clone();
            sorted.sort_unstable();
            sorted.dedup();
            if sorted.len() != fs.len() {
                diags.error(
                    t.loc.clone(),
                    format!("a rule of `{}` names a field twice", t.name),
                );
            }
        }
        Rule::RequiredIf {
            field,
            when,
            equals,
            ..
        } => {
            let f = api.field(field.leaf());
            if always_present(api, field) {
                diags.error_help(
                    f.loc.clone(),
                    format!(
                        "`{}` is always present, so `required_if` on it can never fail",
                        field.dotted(api)
                    ),
                    "make the field optional",
                );
            }
            let w = api.field(when.leaf());
            let ok = match (&w.shape.kind, equals) {
                (k, Value::String(_)) if k.is_string_like() => true,
                (ShapeKind::Named(i), Value::String(s)) => match &api.types[*i].kind {
                    TypeKind::Enum { values, open } => *open || values.iter().any(|v| v.wire == *s),
                    TypeKind::Object { .. } => false,
                },
                (ShapeKind::Integer, Value::Number(n)) => n.is_i64(),
                (ShapeKind::Number, Value::Number(_)) => true,
                (ShapeKind::Boolean, Value::Bool(_)) => true,
                _ => false,
            };
            if !ok {
                diags.error_help(
                    w.loc.clone(),
                    format!(
                        "`required_if` compares `{}` ({}) with {equals}, which it can never equal",
                        when.dotted(api),
                        kind_name(api, &w.shape.kind)
                    ),
                    "use a value of the field's type (for enums, one of its values)",
                );
            }
        }
    }
}

/// What is wrong with `v` as a value of the fields of object type `i`.
fn object_problems(api: &Api, i: usize, members: &serde_json::Map<String, Value>) -> Vec<String> {
    let TypeKind::Object { fields, rules } = &api.types[i].kind else {
        return Vec::new();
    };
    let mut out = Vec::new();
    out.extend(rule_problems(api, rules, members));
    for f in fields {
        match members.get(&f.wire) {
            None if f.required => out.push(format!("`{}` is missing", f.wire)),
            None => {}
            Some(Value::Null) if f.nullable || f.shape.kind == ShapeKind::Json => {}
            Some(Value::Null) => out.push(format!("`{}` is null but not nullable", f.wire)),
            Some(v) => out.extend(
                default_problems(api, &f.shape, v)
                    .into_iter()
                    .map(|p| format!("`{}`: {p}", f.wire)),
            ),
        }
    }
    out
}

/// The rules `members` breaks, judged by the runtime's own JSON rules.
fn rule_problems(
    api: &Api,
    rules: &[Rule],
    members: &serde_json::Map<String, Value>,
) -> Vec<String> {
    use specgen_runtime::check as rt;
    let mut report =
        specgen_runtime::Report::new(specgen_runtime::time::OffsetDateTime::UNIX_EPOCH);
    let root = specgen_runtime::Path::ROOT;
    for r in rules {
        let text = r.default_message(api);
        let wires = |paths: &[&FieldPath]| -> Vec<Vec<&str>> {
            paths.iter().map(|p| p.wires(api)).collect()
        };
        match r {
            Rule::AtLeastOneOf { fields, .. } | Rule::ExactlyOneOf { fields, .. } => {
                let owned = wires(&fields.iter().collect::<Vec<_>>());
                let paths: Vec<&[&str]> = owned.iter().map(Vec::as_slice).collect();
                if matches!(r, Rule::AtLeastOneOf { .. }) {
                    rt::json_at_least_one_of(members, &paths, None, text, &root, &mut report);
                } else {
                    rt::json_exactly_one_of(members, &paths, None, text, &root, &mut report);
                }
            }
            Rule::RequiredIf {
                field,
                when,
                equals,
                ..
            } => {
                let owned = wires(&[field, when]);
                let equals = match equals {
                    Value::String(s) => rt::RuleValue::Text(s),
                    Value::Bool(b) => rt::RuleValue::Bool(*b),
                    Value::Number(n) => rt::RuleValue::Number(n.as_f64().unwrap_or_default()),
                    // `check_rule` reports any other value.
                    _ => continue,
                };
                rt::json_required_if(
                    members,
                    &owned[0],
                    &owned[1],
                    equals,
                    None,
                    text,
                    &root,
                    &mut report,
                );
            }
        }
    }
    report
        .errors()
        .iter()
        .map(|e| {
            let at = if e.path.is_empty() {
                "the object"
            } else {
                &*e.path
            };
            format!("at {at}, {}", e.message)
        })
        .collect()
}

/// A tri-state field is optional and nullable, with no default, and is
/// sent only in JSON (a query string or a form has no `null`).
fn check_tri_state(f: &Field, diags: &mut Diagnostics) {
    if !f.tri_state {
        return;
    }
    let problem = if f.required {
        Some("is required, so it is never absent")
    } else if !f.nullable {
        Some("is not nullable, so it is never null")
    } else if f.default.is_some() {
        Some("has a default, so absent reads as the default")
    } else {
        None
    };
    if let Some(problem) = problem {
        diags.error_help(
            f.loc.clone(),
            format!("tri-state field `{}` {problem}", f.wire),
            "a `tri_state` field is optional and nullable, with no default: absent, null and a value are its three states",
        );
    }
}

/// An `example:` passes its own field's (or type's) checks.
fn check_example(
    api: &Api,
    what: &str,
    shape: &Shape,
    nullable: bool,
    e: &Example,
    diags: &mut Diagnostics,
) {
    let problems = match &e.value {
        Value::Null if nullable || shape.kind == ShapeKind::Json => Vec::new(),
        Value::Null => vec![format!("it is null, but {what} is not nullable")],
        v => default_problems(api, shape, v),
    };
    if !problems.is_empty() {
        diags.error_help(
            e.loc.clone(),
            format!(
                "example {} of {what} breaks its own constraints: {}",
                e.value,
                problems.join("; ")
            ),
            "fix the example or the constraint: an example is shown to users as a valid value",
        );
    }
}

fn object_fields(api: &Api, i: usize) -> Option<&[Field]> {
    match &api.types[i].kind {
        TypeKind::Object { fields, .. } => Some(fields),
        TypeKind::Enum { .. } => None,
    }
}

fn is_flat(api: &Api, k: &ShapeKind, allow_bytes: bool) -> bool {
    match k {
        ShapeKind::Array(_) | ShapeKind::JsonObject => false,
        ShapeKind::Bytes => allow_bytes,
        ShapeKind::Named(i) => matches!(api.types[*i].kind, TypeKind::Enum { .. }),
        _ => true,
    }
}

fn check_endpoint(api: &Api, e: &Endpoint, diags: &mut Diagnostics) {
    let query = e.query.and_then(|i| {
        let f = object_fields(api, i);
        if f.is_none() {
            diags.error(
                e.loc.clone(),
                format!(
                    "query type `{}` of `{}` must be an object",
                    api.types[i].name, e.name
                ),
            );
        }
        f
    });
    let body = e.body.and_then(|i| {
        let f = object_fields(api, i);
        if f.is_none() {
            diags.error(
                e.loc.clone(),
                format!(
                    "body type `{}` of `{}` must be an object",
                    api.types[i].name, e.name
                ),
            );
        }
        f
    });
    if e.method == "GET" && e.body.is_some() {
        diags.error_help(
            e.loc.clone(),
            format!("GET endpoint `{}` has a body", e.name),
            "send its fields as `query`",
        );
    }
    let multipart_body = if api.protocol == Protocol::RestMultipart {
        body.unwrap_or_default()
    } else {
        &[]
    };
    for f in query.unwrap_or_default().iter().chain(multipart_body) {
        if f.tri_state {
            diags.error_help(
                f.loc.clone(),
                format!(
                    "`{}` of `{}` is tri-state, but a query string or a form part has no `null`",
                    f.wire, e.name
                ),
                "use `tri_state` only in JSON bodies and responses",
            );
        }
    }
    for f in query.unwrap_or_default() {
        if !is_flat(api, &f.shape.kind, false) {
            diags.error_help(
                f.loc.clone(),
                format!("query field `{}` must be a scalar or an enum", f.wire),
                "a query string holds flat name=value pairs",
            );
        }
    }
    if api.protocol == Protocol::RestMultipart {
        for f in body.unwrap_or_default() {
            if !is_flat(api, &f.shape.kind, true) {
                diags.error_help(
                    f.loc.clone(),
                    format!(
                        "multipart field `{}` must be a scalar, an enum or bytes",
                        f.wire
                    ),
                    "each form part holds one value",
                );
            }
        }
    }
    let path_params = e
        .path_params
        .and_then(|i| object_part(api, e, i, "path_params", diags));
    let headers = e
        .headers
        .and_then(|i| object_part(api, e, i, "headers", diags));
    check_path_params(api, e, path_params, diags);
    check_headers(api, e, headers, diags);
    let parts = [
        ("path", path_params),
        ("query", query),
        ("header", headers),
        ("body", body),
    ];
    for (n, (what, fields)) in parts.iter().enumerate() {
        for (other, later) in &parts[n + 1..] {
            for f in fields.unwrap_or_default() {
                if let Some(dup) = later.unwrap_or_default().iter().find(|g| g.wire == f.wire) {
                    diags.error_help(
                        dup.loc.clone(),
                        format!(
                            "`{}` is both a {what} and a {other} field of `{}`",
                            f.wire, e.name
                        ),
                        "a payload holds path, query, header and body fields side by side, so their names must differ",
                    );
                }
            }
        }
    }
    if let Auth::ParamsField(name) = &api.auth {
        if let Some(f) = body.unwrap_or_default().iter().find(|f| &f.wire == name) {
            diags.error_help(
                f.loc.clone(),
                format!("`{name}` is the auth field; the client injects it"),
                "remove it from the body type: credentials are never part of a request type",
            );
        }
    }
    if let EndpointKind::Rest(responses) = &e.kind {
        let mut seen = std::collections::BTreeSet::new();
        for r in responses {
            if !seen.insert(r.status) {
                diags.error(
                    e.loc.clone(),
                    format!("status {} is documented twice for `{}`", r.status, e.name),
                );
            }
            if let Some(b) = &r.body {
                check_shape(api, b, diags);
            }
        }
    }
}

fn object_part<'a>(
    api: &'a Api,
    e: &Endpoint,
    i: usize,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<&'a [Field]> {
    let f = object_fields(api, i);
    if f.is_none() {
        diags.error(
            e.loc.clone(),
            format!(
                "{what} type `{}` of `{}` must be an object",
                api.types[i].name, e.name
            ),
        );
    }
    f
}

/// Whether a value of `k` is written as one piece of text (a path segment
/// or a header value): a scalar other than bytes, or an enum.
fn is_text_scalar(api: &Api, k: &ShapeKind) -> bool {
    !matches!(k, ShapeKind::Json) && is_flat(api, k, false)
}

/// Every `{name}` of the template has a required scalar field, and every
/// field has its `{name}`.
fn check_path_params(api: &Api, e: &Endpoint, fields: Option<&[Field]>, diags: &mut Diagnostics) {
    let Some(fields) = fields else { return };
    let template: Vec<String> = path_pieces(&e.path)
        .into_iter()
        .filter_map(|p| match p {
            PathPiece::Param(n) => Some(n),
            PathPiece::Literal(_) => None,
        })
        .collect();
    // A path with no `{name}` at all was reported once by lowering; a
    // "missing from the path" per field would say the same again.
    if template.is_empty() {
        return;
    }
    for name in &template {
        if !fields.iter().any(|f| &f.wire == name) {
            diags.error_help(
                e.loc.clone(),
                format!(
                    "path `{}` of `{}` names `{{{name}}}`, which is not a field of `{}`",
                    e.path,
                    e.name,
                    e.path_params.map_or("", |i| api.types[i].name.as_str())
                ),
                format!("add a required field `{name}` to the path_params type"),
            );
        }
    }
    for f in fields {
        if !template.contains(&f.wire) {
            diags.error_help(
                f.loc.clone(),
                format!(
                    "path parameter `{}` is missing from the path `{}` of `{}`",
                    f.wire, e.path, e.name
                ),
                format!(
                    "write `{{{}}}` into the path as a whole segment, or remove the field",
                    f.wire
                ),
            );
        }
        if !f.required || f.nullable || f.default.is_some() {
            diags.error_help(
                f.loc.clone(),
                format!("path parameter `{}` must be required, and not nullable", f.wire),
                "a path segment is always there: mark it `required: true`, with no `nullable` or `default`",
            );
        }
        if !is_text_scalar(api, &f.shape.kind) {
            diags.error_help(
                f.loc.clone(),
                format!("path parameter `{}` must be a scalar or an enum", f.wire),
                "a path segment holds one value: string kinds, integer, number, boolean or an enum",
            );
        }
    }
}

/// Header fields: valid names, distinct from the headers the client sets
/// itself, and one text value each.
fn check_headers(api: &Api, e: &Endpoint, fields: Option<&[Field]>, diags: &mut Diagnostics) {
    let Some(fields) = fields else { return };
    let credential = match &api.auth {
        Auth::Bearer => Some("Authorization"),
        Auth::ApiKeyHeader(h) => Some(h.as_str()),
        Auth::None | Auth::ParamsField(_) => None,
    };
    for (n, f) in fields.iter().enumerate() {
        if http::HeaderName::from_bytes(f.wire.as_bytes()).is_err() {
            diags.error_help(
                f.loc.clone(),
                format!("`{}` is not a valid HTTP header name", f.wire),
                "a header name is a token: letters, digits and !#$%&'*+-.^_`|~",
            );
        } else if let Some(own) = ["Content-Type", "Accept"]
            .into_iter()
            .chain(credential)
            .find(|h| h.eq_ignore_ascii_case(&f.wire))
        {
            let why = if Some(own) == credential {
                "it carries the API's credential, which the client sets from its config"
            } else {
                "the client sets it from the protocol"
            };
            diags.error_help(
                f.loc.clone(),
                format!(
                    "header `{}` of `{}` is set by the client: {why}",
                    f.wire, e.name
                ),
                "remove the field",
            );
        }
        if let Some(dup) = fields[..n]
            .iter()
            .find(|g| g.wire.eq_ignore_ascii_case(&f.wire))
        {
            diags.error_help(
                f.loc.clone(),
                format!(
                    "headers `{}` and `{}` of `{}` are one header: names are case-insensitive",
                    dup.wire, f.wire, e.name
                ),
                "remove one of them",
            );
        }
        if f.nullable {
            diags.error_help(
                f.loc.clone(),
                format!("header `{}` cannot be nullable", f.wire),
                "a header is sent or left out; make it optional instead",
            );
        }
        if !is_text_scalar(api, &f.shape.kind) {
            diags.error_help(
                f.loc.clone(),
                format!("header `{}` must be a scalar or an enum", f.wire),
                "a header holds one value: string kinds, integer, number, boolean or an enum",
            );
        }
    }
}

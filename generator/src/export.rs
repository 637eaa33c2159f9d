//! Export: the checked IR as standard documents, so users can bring their
//! own tools (Swagger UI, schemathesis, client generators in other
//! languages) and so a mature JSON Schema validator can judge ours.
//!
//! - [`json_schema`]: JSON Schema 2020-12, every type under `$defs`, plus one
//!   schema per endpoint payload (`$defs/payload.<endpoint>`: the path,
//!   query, header and body fields side by side, as the registry validates
//!   them);
//! - [`openapi`]: OpenAPI 3.1 for a REST API;
//! - [`openrpc`]: OpenRPC 1.3 for a JSON-RPC API.
//!
//! Every constraint maps to its standard keyword. Formats that JSON Schema
//! leaves optional (`uuid`, `email`, custom date-time formats, E.164 phones,
//! base64) also get a `pattern` that means the same as our check, so a
//! validator that ignores `format` still agrees with ours. A rule that has no
//! standard keyword (`not_future`) is an `x-specgen-` keyword and is listed
//! in the document's top-level `x-specgen-extensions`.
//!
//! Output is deterministic: every object's keys are sorted, whatever
//! serde_json features the build unifies.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::{json, Map, Value};

use crate::emit::{Files, MARKER};
use crate::ir::*;

/// The JSON Schema dialect of every exported schema.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Marks a date-time that must not be after "now"; its value is `true`.
/// The value's wire format is the schema's `format: date-time` (RFC 3339) or
/// its `x-specgen-format` (a token format such as `YYYY-MM-DD hh:mm:ss`).
pub const NOT_FUTURE: &str = "x-specgen-not-future";

/// Marks a date-time that must not be before "now" at its format's
/// precision; its value is `true`.
pub const NOT_PAST: &str = "x-specgen-not-past";

/// A date-time's inclusive lower bound, in the value's own wire format.
/// JSON Schema's `minimum` is for numbers only.
pub const MINIMUM_INSTANT: &str = "x-specgen-minimum";

/// A date-time's inclusive upper bound, in the value's own wire format.
pub const MAXIMUM_INSTANT: &str = "x-specgen-maximum";

/// A string format that JSON Schema has no name for: a date-time token format
/// (`YYYY-MM-DD hh:mm:ss`) or `phone` (E.164). Annotation only: a `pattern`
/// beside it carries the check.
pub const FORMAT: &str = "x-specgen-format";

/// The spec's custom messages of one value, keyed by our error code
/// (`blank`, `pattern`, `min_length`, `minimum`, `future`, …).
pub const MESSAGES: &str = "x-specgen-messages";

/// A cross-field rule's custom message, on the subschema of that rule.
pub const MESSAGE: &str = "x-specgen-message";

/// The name of a cross-field rule (`at_least_one_of`, `exactly_one_of`,
/// `required_if`), on the subschema of that rule.
pub const RULE: &str = "x-specgen-rule";

/// Top-level list of the `x-specgen-` rule keywords that a document uses and
/// that standard validators cannot check.
pub const EXTENSIONS: &str = "x-specgen-extensions";

/// Our E.164 rule (`specgen_runtime::formats::is_e164`).
pub const PHONE_PATTERN: &str = specgen_runtime::formats::E164_PATTERN;

/// Our UUID rule (`specgen_runtime::formats::is_uuid`).
pub const UUID_PATTERN: &str = specgen_runtime::formats::UUID_PATTERN;

/// Our e-mail rule, the HTML Living Standard's (`specgen_runtime::formats::is_email`).
pub const EMAIL_PATTERN: &str = specgen_runtime::formats::EMAIL_PATTERN;

/// Standard base64 with canonical padding, as `base64`'s `STANDARD` engine
/// decodes it: unused bits of the last symbol must be zero.
pub const BASE64_PATTERN: &str =
    "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?$";

/// `not_blank`: at least one character that is not white space. White space
/// is spelled out (Unicode `White_Space`, what Rust's `str::trim` removes)
/// because `\s` differs between regex engines: ECMA-262 adds U+FEFF and
/// leaves out U+0085.
pub const NOT_BLANK_PATTERN: &str =
    r"[^\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]";

/// Where `$ref`s point, and how `bytes` travel.
#[derive(Clone, Copy)]
struct Style {
    /// `#/$defs/` or `#/components/schemas/`.
    refs: &'static str,
    /// Bytes are a file part (multipart) rather than base64 text.
    binary_bytes: bool,
}

/// Builds schemas for one API and remembers which extensions it used.
struct Exporter<'a> {
    api: &'a Api,
    style: Style,
    extensions: BTreeSet<&'static str>,
}

/// A JSON number for a bound: whole numbers print without `.0`.
fn number(v: f64) -> Value {
    // Whole numbers within ±2^53 convert exactly.
    if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
        #[allow(clippy::cast_possible_truncation)]
        let i = v as i64;
        Value::from(i)
    } else {
        Value::from(v)
    }
}

/// Escapes the ECMA-262 syntax characters, which are also meta characters of
/// the `regex` crate. Other characters stay as they are: an identity escape
/// such as `\-` is an error in ECMA-262's Unicode mode.
fn escape_regex(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "^$\\.*+?()[]{}|/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A regex that matches exactly the strings that
/// `specgen_runtime::formats::parse_with_format` accepts in a token format:
/// real calendar dates (leap years included), hours 00–23, minutes and
/// seconds 00–59.
pub fn custom_format_pattern(format: &str) -> String {
    const ANY_YEAR: &str = "[0-9]{4}";
    const LEAP_YEAR: &str =
        "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)";
    let cases = [
        (ANY_YEAR, "(?:0[13578]|1[02])", "(?:0[1-9]|[12][0-9]|3[01])"),
        (ANY_YEAR, "(?:0[469]|11)", "(?:0[1-9]|[12][0-9]|30)"),
        (ANY_YEAR, "02", "(?:0[1-9]|1[0-9]|2[0-8])"),
        (LEAP_YEAR, "02", "29"),
    ];
    let alternatives: Vec<String> = cases
        .iter()
        .map(|(year, month, day)| {
            let mut out = String::new();
            let mut rest = format;
            while !rest.is_empty() {
                let token = [
                    ("YYYY", *year),
                    ("MM", *month),
                    ("DD", *day),
                    ("hh", "(?:[01][0-9]|2[0-3])"),
                    ("mm", "[0-5][0-9]"),
                    ("ss", "[0-5][0-9]"),
                ]
                .into_iter()
                .find(|(t, _)| rest.starts_with(t));
                if let Some((t, re)) = token {
                    out.push_str(re);
                    rest = &rest[t.len()..];
                } else if let Some(c) = rest.chars().next() {
                    out.push_str(&escape_regex(&c.to_string()));
                    rest = &rest[c.len_utf8()..];
                }
            }
            out
        })
        .collect();
    format!("^(?:{})$", alternatives.join("|"))
}

/// A definition key as a JSON Pointer token inside a URI fragment: `~`
/// and `/` escaped as the pointer says, then every byte a fragment cannot
/// hold percent-encoded.
fn fragment_escape(key: &str) -> String {
    let token = crate::names::pointer_token(key);
    let mut out = String::with_capacity(token.len());
    for b in token.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl<'a> Exporter<'a> {
    fn new(api: &'a Api, style: Style) -> Self {
        Exporter {
            api,
            style,
            extensions: BTreeSet::new(),
        }
    }

    /// The key of type `i` among the definitions. OpenAPI wants component
    /// names to match `^[a-zA-Z0-9._-]+$`, which the (unique) Rust name
    /// does; JSON Schema takes any key, so it keeps the spec name.
    fn def_key(&self, i: usize) -> String {
        let t = &self.api.types[i];
        if self.style.refs.starts_with("#/components/") {
            t.rust_name.clone()
        } else {
            t.name.clone()
        }
    }

    fn type_ref(&self, i: usize) -> Value {
        json!({ "$ref": format!("{}{}", self.style.refs, fragment_escape(&self.def_key(i))) })
    }

    /// The schema of a value of shape `s` (not null).
    fn shape(&mut self, s: &Shape) -> Map<String, Value> {
        let c = &s.constraints;
        let mut m = Map::new();
        let mut messages = Map::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut message = |code: &str, msg: &Option<String>| {
            if let Some(msg) = msg {
                messages.insert(code.to_owned(), Value::from(msg.as_str()));
            }
        };
        match &s.kind {
            ShapeKind::String => {
                m.insert("type".into(), "string".into());
            }
            ShapeKind::DateTime(DateTimeFormat::Rfc3339) => {
                m.insert("type".into(), "string".into());
                m.insert("format".into(), "date-time".into());
            }
            ShapeKind::DateTime(DateTimeFormat::Custom(f)) => {
                m.insert("type".into(), "string".into());
                m.insert(FORMAT.into(), f.as_str().into());
                patterns.push(custom_format_pattern(f));
            }
            ShapeKind::Uuid => {
                m.insert("type".into(), "string".into());
                m.insert("format".into(), "uuid".into());
                patterns.push(UUID_PATTERN.into());
            }
            ShapeKind::Email => {
                m.insert("type".into(), "string".into());
                m.insert("format".into(), "email".into());
                patterns.push(EMAIL_PATTERN.into());
            }
            ShapeKind::Phone => {
                m.insert("type".into(), "string".into());
                m.insert(FORMAT.into(), "phone".into());
                patterns.push(PHONE_PATTERN.into());
            }
            ShapeKind::Bytes if self.style.binary_bytes => {
                m.insert("type".into(), "string".into());
                m.insert("contentMediaType".into(), "application/octet-stream".into());
            }
            ShapeKind::Bytes => {
                m.insert("type".into(), "string".into());
                m.insert("contentEncoding".into(), "base64".into());
                patterns.push(BASE64_PATTERN.into());
            }
            ShapeKind::Integer => {
                m.insert("type".into(), "integer".into());
            }
            ShapeKind::Number => {
                m.insert("type".into(), "number".into());
            }
            ShapeKind::Boolean => {
                m.insert("type".into(), "boolean".into());
            }
            ShapeKind::Array(inner) => {
                m.insert("type".into(), "array".into());
                let items = self.shape(inner);
                m.insert("items".into(), Value::Object(items));
            }
            ShapeKind::Named(i) => {
                if let Value::Object(r) = self.type_ref(*i) {
                    m = r;
                }
            }
            ShapeKind::Json => {}
            ShapeKind::JsonObject => {
                m.insert("type".into(), "object".into());
            }
        }
        if let Some(l) = &c.not_blank {
            patterns.push(NOT_BLANK_PATTERN.into());
            message("blank", &l.message);
        }
        if let Some(l) = &c.pattern {
            patterns.push(l.value.clone());
            message("pattern", &l.message);
        }
        for (l, key, code) in [
            (&c.min_length, "minLength", "min_length"),
            (&c.max_length, "maxLength", "max_length"),
            (&c.min_items, "minItems", "min_items"),
            (&c.max_items, "maxItems", "max_items"),
            (&c.min_properties, "minProperties", "min_properties"),
            (&c.max_properties, "maxProperties", "max_properties"),
        ] {
            if let Some(l) = l {
                m.insert(key.into(), Value::from(l.value));
                message(code, &l.message);
            }
        }
        for (l, key, code) in [
            (&c.minimum, "minimum", "minimum"),
            (&c.maximum, "maximum", "maximum"),
            (
                &c.exclusive_minimum,
                "exclusiveMinimum",
                "exclusive_minimum",
            ),
            (
                &c.exclusive_maximum,
                "exclusiveMaximum",
                "exclusive_maximum",
            ),
        ] {
            if let Some(l) = l {
                m.insert(key.into(), number(l.value));
                message(code, &l.message);
            }
        }
        if let Some(l) = &c.not_future {
            m.insert(NOT_FUTURE.into(), Value::Bool(true));
            self.extensions.insert(NOT_FUTURE);
            message("future", &l.message);
        }
        if let Some(l) = &c.not_past {
            m.insert(NOT_PAST.into(), Value::Bool(true));
            self.extensions.insert(NOT_PAST);
            message("past", &l.message);
        }
        for (l, key, code) in [
            (&c.earliest, MINIMUM_INSTANT, "minimum"),
            (&c.latest, MAXIMUM_INSTANT, "maximum"),
        ] {
            if let Some(l) = l {
                m.insert(key.into(), Value::String(l.value.clone()));
                self.extensions.insert(key);
                message(code, &l.message);
            }
        }
        if s.kind == ShapeKind::Integer {
            // Our integers are `i64`: a whole number outside its range is a
            // `type` error. A bound of the spec inside the range is tighter
            // and stays.
            const MIN: f64 = -9_223_372_036_854_775_808.0;
            const MAX: f64 = 9_223_372_036_854_775_807.0;
            if c.minimum.as_ref().is_none_or(|l| l.value < MIN) {
                m.insert("minimum".into(), Value::from(i64::MIN));
                messages.remove("minimum");
            }
            if c.maximum.as_ref().is_none_or(|l| l.value > MAX) {
                m.insert("maximum".into(), Value::from(i64::MAX));
                messages.remove("maximum");
            }
        }
        // One `pattern` per schema object; the others go in `allOf`.
        let mut patterns = patterns.into_iter();
        if let Some(first) = patterns.next() {
            m.insert("pattern".into(), first.into());
        }
        let more: Vec<Value> = patterns.map(|p| json!({ "pattern": p })).collect();
        if !more.is_empty() {
            m.insert("allOf".into(), Value::Array(more));
        }
        if !messages.is_empty() {
            m.insert(MESSAGES.into(), Value::Object(messages));
        }
        m
    }

    /// The schema of a field's value: its shape, `null` if nullable, its
    /// doc and default.
    fn field(&mut self, f: &Field) -> Value {
        let mut m = self.shape(&f.shape);
        if f.nullable && !m.is_empty() {
            let plain_type = matches!(m.get("type"), Some(Value::String(_)))
                && !m.contains_key("$ref")
                && !m.contains_key("enum");
            if plain_type {
                let t = m.remove("type").unwrap_or(Value::Null);
                m.insert("type".into(), json!([t, "null"]));
            } else {
                m = Map::from_iter([(
                    "anyOf".to_owned(),
                    json!([Value::Object(m), { "type": "null" }]),
                )]);
            }
        }
        if let Some(d) = &f.doc {
            m.insert("description".into(), d.trim_end().into());
        }
        if let Some(d) = &f.default {
            m.insert("default".into(), d.clone());
        }
        if let Some(e) = &f.example {
            self.example(&mut m, e);
        }
        Value::Object(m)
    }

    /// What the validators check in a path or header field's text, beyond
    /// its type: a path segment is not empty; a header value is visible
    /// ASCII, spaces and tabs, with no white space at either end.
    fn role_rule(api: &Api, role: TypeRole, f: &Field) -> Option<Value> {
        let text = f.shape.kind.is_string_like()
            || matches!(f.shape.kind, ShapeKind::Named(i) if matches!(api.types[i].kind, TypeKind::Enum { .. }));
        match role {
            _ if !text => None,
            TypeRole::Any => None,
            TypeRole::PathParams => Some(json!({ "minLength": 1 })),
            TypeRole::Headers => Some(json!({ "pattern": "^(?:[!-~](?:[\t -~]*[!-~])?)?$" })),
        }
    }

    /// "The member at `wires` (through nested objects) is there and
    /// passes `leaf`".
    fn member(wires: &[&str], leaf: Value) -> Value {
        let Some((first, rest)) = wires.split_first() else {
            return leaf;
        };
        let inner = if rest.is_empty() {
            leaf
        } else {
            let mut m = Self::member(rest, leaf);
            if let Value::Object(o) = &mut m {
                // Our validators count a member of a non-object as absent.
                o.insert("type".into(), "object".into());
            }
            m
        };
        json!({
            "required": [first],
            "properties": { *first: inner }
        })
    }

    /// "The field at `p` is present and not null", as our rules count presence.
    fn present(api: &Api, p: &FieldPath) -> Value {
        Self::member(&p.wires(api), json!({ "not": { "type": "null" } }))
    }

    fn rule(api: &Api, r: &Rule) -> Value {
        let (name, mut m, message) = match r {
            Rule::AtLeastOneOf { fields, message } => {
                let any: Vec<Value> = fields.iter().map(|p| Self::present(api, p)).collect();
                ("at_least_one_of", json!({ "anyOf": any }), message)
            }
            Rule::ExactlyOneOf { fields, message } => {
                let one: Vec<Value> = fields.iter().map(|p| Self::present(api, p)).collect();
                ("exactly_one_of", json!({ "oneOf": one }), message)
            }
            Rule::RequiredIf {
                field,
                when,
                equals,
                message,
            } => (
                "required_if",
                json!({
                    "if": Self::member(&when.wires(api), json!({ "const": equals })),
                    "then": Self::present(api, field)
                }),
                message,
            ),
        };
        if let Value::Object(o) = &mut m {
            o.insert(RULE.into(), name.into());
            if let Some(msg) = message {
                o.insert(MESSAGE.into(), msg.as_str().into());
            }
        }
        m
    }

    /// An `example:`, as JSON Schema's `examples` (a list) or OpenAPI's
    /// `example`.
    fn example(&self, m: &mut Map<String, Value>, e: &Example) {
        if self.style.refs.starts_with("#/components/") {
            m.insert("example".into(), e.value.clone());
        } else {
            m.insert("examples".into(), json!([e.value]));
        }
    }

    /// The schema of a named type.
    fn type_def(&mut self, t: &TypeDef) -> Value {
        let mut m = Map::new();
        m.insert("title".into(), t.name.as_str().into());
        if let Some(d) = &t.doc {
            m.insert("description".into(), d.trim_end().into());
        }
        if let Some(e) = &t.example {
            self.example(&mut m, e);
        }
        match &t.kind {
            TypeKind::Enum { values, open } => {
                m.insert("type".into(), "string".into());
                let wires: Vec<Value> = values.iter().map(|v| v.wire.as_str().into()).collect();
                if *open {
                    // Unknown values are kept, so the list only documents
                    // (after the spec's own example, if any).
                    match m.get_mut("examples") {
                        Some(Value::Array(given)) => {
                            for w in wires {
                                if !given.contains(&w) {
                                    given.push(w);
                                }
                            }
                        }
                        _ => {
                            m.insert("examples".into(), Value::Array(wires));
                        }
                    }
                } else {
                    m.insert("enum".into(), Value::Array(wires));
                }
            }
            TypeKind::Object { fields, rules } => {
                m.insert("type".into(), "object".into());
                let mut props = Map::new();
                for f in fields {
                    let mut v = self.field(f);
                    if let Some(place) = Self::role_rule(self.api, t.role, f) {
                        v = json!({ "allOf": [v, place] });
                    }
                    props.insert(f.wire.clone(), v);
                }
                m.insert("properties".into(), Value::Object(props));
                let required: Vec<Value> = fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| f.wire.as_str().into())
                    .collect();
                if !required.is_empty() {
                    m.insert("required".into(), Value::Array(required));
                }
                if !rules.is_empty() {
                    let all: Vec<Value> = rules.iter().map(|r| Self::rule(self.api, r)).collect();
                    m.insert("allOf".into(), Value::Array(all));
                }
            }
        }
        Value::Object(m)
    }

    fn types(&mut self) -> Map<String, Value> {
        let api = self.api;
        api.types
            .iter()
            .enumerate()
            .map(|(i, t)| (self.def_key(i), self.type_def(t)))
            .collect()
    }

    /// The payload of an endpoint as the registry validates it: an object
    /// with the query and body fields side by side.
    fn payload(&self, e: &Endpoint) -> Value {
        let parts: Vec<Value> = [e.path_params, e.query, e.headers, e.body]
            .into_iter()
            .flatten()
            .map(|i| self.type_ref(i))
            .collect();
        let mut m = match parts.len() {
            0 => json!({ "type": "object" }),
            1 => parts[0].clone(),
            _ => json!({ "allOf": parts }),
        };
        if let Value::Object(o) = &mut m {
            o.insert(
                "description".into(),
                format!(
                    "The payload of `{}.{}`: {} fields side by side.",
                    self.api.name,
                    e.name,
                    if e.path_params.is_some() || e.headers.is_some() {
                        "the path, query, header and body"
                    } else {
                        "the query and body"
                    }
                )
                .into(),
            );
        }
        m
    }

    fn extensions_list(&self) -> Value {
        Value::Array(self.extensions.iter().map(|e| (*e).into()).collect())
    }
}

fn generated_note(api: &Api) -> String {
    format!(
        "{MARKER} by specgen from {}. Do not edit by hand: change the spec and run `cargo run -p specgen -- generate`.",
        api.file.replace('\\', "/")
    )
}

fn description(api: &Api) -> Option<Value> {
    api.doc.as_ref().map(|d| Value::from(d.trim_end()))
}

/// JSON Schema 2020-12 of one API: every type under `$defs` by its spec
/// name, and each endpoint's payload as `$defs/payload.<endpoint>`.
pub fn json_schema(api: &Api) -> Value {
    let mut ex = Exporter::new(
        api,
        Style {
            refs: "#/$defs/",
            binary_bytes: false,
        },
    );
    let mut defs = ex.types();
    for e in &api.endpoints {
        defs.insert(format!("payload.{}", e.name), ex.payload(e));
    }
    let mut m = Map::new();
    m.insert("$schema".into(), DIALECT.into());
    m.insert("$comment".into(), generated_note(api).into());
    m.insert("title".into(), api.title.as_str().into());
    if let Some(d) = description(api) {
        m.insert("description".into(), d);
    }
    m.insert("$defs".into(), Value::Object(defs));
    m.insert(EXTENSIONS.into(), ex.extensions_list());
    canonical(Value::Object(m))
}

fn security_scheme(auth: &Auth) -> Option<(&'static str, Value)> {
    match auth {
        Auth::Bearer => Some(("bearerAuth", json!({ "type": "http", "scheme": "bearer" }))),
        Auth::ApiKeyHeader(h) => Some((
            "apiKeyAuth",
            json!({ "type": "apiKey", "in": "header", "name": h }),
        )),
        Auth::None | Auth::ParamsField(_) => None,
    }
}

fn servers(api: &Api, suffix: &str) -> Value {
    match &api.base_url {
        Some(u) => json!([{ "url": format!("{}{suffix}", u.trim_end_matches('/')) }]),
        None => json!([{
            "url": format!("{{baseUrl}}{suffix}"),
            "description": "Each tenant has its own host.",
            "variables": { "baseUrl": { "default": "https://localhost" } }
        }]),
    }
}

/// One field as an OpenAPI parameter (`place` is its `in`) or an OpenRPC
/// param (no `in`); its doc is the parameter's description.
fn parameter(ex: &mut Exporter, f: &Field, place: Option<&str>, required: bool) -> Value {
    let mut p = Map::new();
    p.insert("name".into(), f.wire.as_str().into());
    if let Some(place) = place {
        p.insert("in".into(), place.into());
    }
    p.insert("required".into(), required.into());
    if let Some(d) = &f.doc {
        p.insert("description".into(), d.trim_end().into());
    }
    let mut schema = ex.field(f);
    if let Value::Object(s) = &mut schema {
        s.remove("description");
    }
    p.insert("schema".into(), schema);
    Value::Object(p)
}

/// OpenAPI 3.1 of a REST API; `None` for a JSON-RPC API.
pub fn openapi(api: &Api) -> Option<Value> {
    let multipart = match api.protocol {
        Protocol::RestJson => false,
        Protocol::RestMultipart => true,
        Protocol::JsonRpc => return None,
    };
    let mut ex = Exporter::new(
        api,
        Style {
            refs: "#/components/schemas/",
            binary_bytes: multipart,
        },
    );
    let schemas = ex.types();
    let mut paths = Map::new();
    for e in &api.endpoints {
        let EndpointKind::Rest(responses) = &e.kind else {
            continue;
        };
        let mut op = Map::new();
        op.insert("operationId".into(), e.name.as_str().into());
        if let Some(s) = &e.summary {
            op.insert("summary".into(), s.as_str().into());
        }
        if let Some(d) = &e.doc {
            op.insert("description".into(), d.trim_end().into());
        }
        let mut params = Vec::new();
        for (part, place) in [
            (e.path_params, "path"),
            (e.query, "query"),
            (e.headers, "header"),
        ] {
            let Some(TypeKind::Object { fields, .. }) = part.map(|i| &api.types[i].kind) else {
                continue;
            };
            for f in fields {
                params.push(parameter(
                    &mut ex,
                    f,
                    Some(place),
                    f.required || place == "path",
                ));
            }
        }
        if e.query.is_some() || !params.is_empty() {
            op.insert("parameters".into(), Value::Array(params));
        }
        if let Some(b) = e.body {
            let media = if multipart {
                "multipart/form-data"
            } else {
                "application/json"
            };
            op.insert(
                "requestBody".into(),
                json!({
                    "required": true,
                    "content": { media: { "schema": ex.type_ref(b) } }
                }),
            );
        }
        let mut resps = Map::new();
        for r in responses {
            let mut m = Map::new();
            let doc = r
                .doc
                .clone()
                .unwrap_or_else(|| format!("Status {}.", r.status));
            m.insert("description".into(), doc.trim_end().into());
            if let Some(body) = &r.body {
                m.insert(
                    "content".into(),
                    json!({ "application/json": { "schema": Value::Object(ex.shape(body)) } }),
                );
            }
            if r.error {
                m.insert("x-specgen-error".into(), true.into());
            }
            resps.insert(r.status.to_string(), Value::Object(m));
        }
        op.insert("responses".into(), Value::Object(resps));
        let item = paths
            .entry(e.path.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(item) = item {
            item.insert(e.method.to_ascii_lowercase(), Value::Object(op));
        }
    }
    let mut components = Map::new();
    components.insert("schemas".into(), Value::Object(schemas));
    let mut doc = Map::new();
    if let Some((name, scheme)) = security_scheme(&api.auth) {
        components.insert("securitySchemes".into(), json!({ name: scheme }));
        doc.insert("security".into(), json!([{ name: [] }]));
    }
    let mut info = Map::new();
    info.insert("title".into(), api.title.as_str().into());
    info.insert("version".into(), env!("CARGO_PKG_VERSION").into());
    if let Some(d) = description(api) {
        info.insert("description".into(), d);
    }
    doc.insert("openapi".into(), "3.1.0".into());
    doc.insert("info".into(), Value::Object(info));
    doc.insert("jsonSchemaDialect".into(), DIALECT.into());
    doc.insert("servers".into(), servers(api, ""));
    doc.insert("paths".into(), Value::Object(paths));
    doc.insert("components".into(), Value::Object(components));
    doc.insert("x-specgen-generated".into(), generated_note(api).into());
    doc.insert(EXTENSIONS.into(), ex.extensions_list());
    Some(canonical(Value::Object(doc)))
}

/// `servers` for OpenRPC, whose server objects also need a `name`.
fn named_servers(api: &Api, suffix: &str) -> Value {
    let mut v = servers(api, suffix);
    if let Value::Array(list) = &mut v {
        for s in list.iter_mut().filter_map(Value::as_object_mut) {
            s.insert("name".into(), api.name.as_str().into());
        }
    }
    v
}

/// OpenRPC 1.3 of a JSON-RPC API; `None` for a REST API. Params are listed
/// by name (the fields of the `params` type); credentials sent as a
/// `params` member are listed too, since a caller of the raw method sends
/// them.
pub fn openrpc(api: &Api) -> Option<Value> {
    if api.protocol != Protocol::JsonRpc {
        return None;
    }
    let mut ex = Exporter::new(
        api,
        Style {
            refs: "#/components/schemas/",
            binary_bytes: false,
        },
    );
    let schemas = ex.types();
    let mut methods = Vec::new();
    for e in &api.endpoints {
        let EndpointKind::JsonRpc { rpc_method, result } = &e.kind else {
            continue;
        };
        let mut params = Vec::new();
        if let Auth::ParamsField(name) = &api.auth {
            params.push(json!({
                "name": name,
                "required": true,
                "description": "The authentication session key.",
                "schema": { "type": "string" }
            }));
        }
        let mut rules = Vec::new();
        if let Some(b) = e.body {
            if let TypeKind::Object {
                fields,
                rules: type_rules,
            } = &api.types[b].kind
            {
                for f in fields {
                    params.push(parameter(&mut ex, f, None, f.required));
                }
                rules = type_rules.iter().map(|r| Exporter::rule(api, r)).collect();
            }
        }
        let mut m = Map::new();
        m.insert("name".into(), rpc_method.as_str().into());
        if let Some(s) = &e.summary {
            m.insert("summary".into(), s.as_str().into());
        }
        if let Some(d) = &e.doc {
            m.insert("description".into(), d.trim_end().into());
        }
        m.insert("paramStructure".into(), "by-name".into());
        m.insert("params".into(), Value::Array(params));
        m.insert(
            "result".into(),
            json!({ "name": "result", "schema": Value::Object(ex.shape(result)) }),
        );
        if let Some(b) = e.body {
            // The whole `params` object, with its cross-field rules, which
            // OpenRPC's per-param list cannot say.
            m.insert("x-specgen-params-schema".into(), ex.type_ref(b));
        }
        if !rules.is_empty() {
            m.insert("x-specgen-params-rules".into(), Value::Array(rules));
        }
        m.insert(
            "servers".into(),
            named_servers(api, &format!("/{}", e.path.trim_start_matches('/'))),
        );
        methods.push(Value::Object(m));
    }
    let mut info = Map::new();
    info.insert("title".into(), api.title.as_str().into());
    info.insert("version".into(), env!("CARGO_PKG_VERSION").into());
    if let Some(d) = description(api) {
        info.insert("description".into(), d);
    }
    let mut doc = Map::new();
    doc.insert("openrpc".into(), "1.3.2".into());
    doc.insert("info".into(), Value::Object(info));
    doc.insert("servers".into(), named_servers(api, ""));
    doc.insert("methods".into(), Value::Array(methods));
    doc.insert("components".into(), json!({ "schemas": schemas }));
    doc.insert("x-specgen-generated".into(), generated_note(api).into());
    doc.insert(EXTENSIONS.into(), ex.extensions_list());
    Some(canonical(Value::Object(doc)))
}

/// Rebuilds every object with its keys in sorted order, so the bytes do not
/// depend on serde_json's `preserve_order` feature.
fn canonical(v: Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut entries: Vec<(String, Value)> = m.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, canonical(v)))
                    .collect(),
            )
        }
        Value::Array(a) => Value::Array(a.into_iter().map(canonical).collect()),
        v => v,
    }
}

/// Pretty JSON with a trailing newline.
pub fn to_text(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// Every export of every API, by path relative to the output folder:
/// `schema/<api>.schema.json`, `openapi/<api>.openapi.json` (REST) and
/// `openrpc/<api>.openrpc.json` (JSON-RPC).
pub fn files(apis: &[Api]) -> Files {
    let mut files = Files::new();
    for api in apis {
        files.insert(
            PathBuf::from(format!("schema/{}.schema.json", api.name)),
            to_text(&json_schema(api)),
        );
        if let Some(doc) = openapi(api) {
            files.insert(
                PathBuf::from(format!("openapi/{}.openapi.json", api.name)),
                to_text(&doc),
            );
        }
        if let Some(doc) = openrpc(api) {
            files.insert(
                PathBuf::from(format!("openrpc/{}.openrpc.json", api.name)),
                to_text(&doc),
            );
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn re(p: &str) -> regex::Regex {
        regex::Regex::new(p).unwrap()
    }

    #[test]
    fn custom_format_pattern_accepts_real_dates_only() {
        let p = re(&custom_format_pattern("YYYY-MM-DD hh:mm:ss"));
        for ok in [
            "2024-02-29 23:59:59",
            "2000-02-29 00:00:00",
            "2023-12-31 10:00:00",
            "0000-02-29 00:00:00",
        ] {
            assert!(p.is_match(ok), "{ok}");
        }
        for bad in [
            "2023-02-29 10:00:00",
            "1900-02-29 10:00:00",
            "2023-04-31 10:00:00",
            "2023-01-01 24:00:00",
            "2023-01-01 10:60:00",
            "2023-01-01T10:00:00",
            "2023-01-01 10:00:00Z",
            "2023-1-01 10:00:00",
            "2023-00-10 10:00:00",
        ] {
            assert!(!p.is_match(bad), "{bad}");
        }
    }

    #[test]
    fn custom_format_pattern_escapes_literals() {
        let p = re(&custom_format_pattern("DD.MM.YYYY"));
        assert!(p.is_match("29.02.2024"));
        assert!(!p.is_match("29x02.2024"));
    }

    #[test]
    fn base64_pattern_is_canonical_standard_base64() {
        let p = re(BASE64_PATTERN);
        for ok in ["", "Ynl0ZXM=", "YQ==", "YWI=", "YWJj"] {
            assert!(p.is_match(ok), "{ok}");
        }
        for bad in ["Ynl0ZXM", "YR==", "YWJ=", "YW J", "Y-_=", "===="] {
            assert!(!p.is_match(bad), "{bad}");
        }
    }

    #[test]
    fn not_blank_pattern_agrees_with_trim() {
        let p = re(NOT_BLANK_PATTERN);
        for s in [" \t\n", "\u{85}\u{a0}\u{3000}", "", "\u{2028}\u{205f}"] {
            assert!(!p.is_match(s), "{s:?}");
            assert!(s.trim().is_empty());
        }
        for s in ["a", " a ", "\u{feff}", "😀"] {
            assert!(p.is_match(s), "{s:?}");
            assert!(!s.trim().is_empty());
        }
    }

    #[test]
    fn bounds_print_whole_numbers_without_fraction() {
        assert_eq!(number(0.0).to_string(), "0");
        assert_eq!(number(2.5).to_string(), "2.5");
    }

    const SPEC: &str = r#"
api: demo
title: Demo
protocol: rest_json
auth: {scheme: bearer}
endpoints:
  - name: send
    method: POST
    path: /send
    body: Send
    responses: {"204": {}}
types:
  Level: {enum: [low, high]}
  Send:
    fields:
      a: {type: string, not_blank: {message: "A can't be blank"}, pattern: '^[a-z]+$'}
      b: {type: integer, exclusive_minimum: 0}
      level: {type: Level, nullable: true}
      when: {type: datetime, format: "YYYY-MM-DD", not_future: true}
      note: {type: string, nullable: true, max_length: 3}
    rules:
      - at_least_one_of: [a, b]
        message: a or b
      - exactly_one_of: [a, b]
      - required_if: {field: note, when: level, equals: high}
"#;

    fn demo() -> Value {
        let out = crate::Builder::new()
            .spec_str("demo.yaml", SPEC)
            .generate_to_strings()
            .unwrap();
        json_schema(&out.apis.apis[0])
    }

    #[test]
    fn constraints_map_to_standard_keywords() {
        let s = demo();
        let a = &s["$defs"]["Send"]["properties"]["a"];
        assert_eq!(a["pattern"], NOT_BLANK_PATTERN);
        assert_eq!(a["allOf"], json!([{ "pattern": "^[a-z]+$" }]));
        assert_eq!(a[MESSAGES], json!({ "blank": "A can't be blank" }));
        assert_eq!(s["$defs"]["Send"]["properties"]["b"]["exclusiveMinimum"], 0);
        assert_eq!(s["$defs"]["Send"]["properties"]["b"]["minimum"], i64::MIN);
        assert_eq!(s["$defs"]["Send"]["properties"]["b"]["maximum"], i64::MAX);
        assert_eq!(
            s["$defs"]["Send"]["properties"]["note"]["type"],
            json!(["string", "null"])
        );
        assert_eq!(
            s["$defs"]["Send"]["properties"]["level"]["anyOf"],
            json!([{ "$ref": "#/$defs/Level" }, { "type": "null" }])
        );
        assert_eq!(s["$defs"]["payload.send"]["$ref"], "#/$defs/Send");
    }

    #[test]
    fn rules_map_to_any_of_one_of_and_if_then() {
        let s = demo();
        let rules = &s["$defs"]["Send"]["allOf"];
        let present_a =
            json!({ "required": ["a"], "properties": { "a": { "not": { "type": "null" } } } });
        assert_eq!(rules[0]["anyOf"][0], present_a);
        assert_eq!(rules[0][MESSAGE], "a or b");
        assert_eq!(rules[1]["oneOf"][0], present_a);
        assert_eq!(
            rules[2]["if"],
            json!({ "required": ["level"], "properties": { "level": { "const": "high" } } })
        );
        assert_eq!(rules[2]["then"]["required"], json!(["note"]));
    }

    #[test]
    fn rules_without_a_keyword_are_listed_extensions() {
        let s = demo();
        let when = &s["$defs"]["Send"]["properties"]["when"];
        assert_eq!(when[NOT_FUTURE], true);
        assert_eq!(when[FORMAT], "YYYY-MM-DD");
        assert_eq!(s[EXTENSIONS], json!([NOT_FUTURE]));
    }

    #[test]
    fn date_time_bounds_are_extensions_in_the_value_format() {
        let spec = SPEC.replace(
            "    fields:\n      a:",
            "    fields:\n      due: {type: datetime, format: \"YYYY-MM-DD\", not_past: {message: Not past}, minimum: \"2025-01-01\", maximum: {value: \"2025-12-31\", message: In 2025}}\n      a:",
        );
        let out = crate::Builder::new()
            .spec_str("demo.yaml", &spec)
            .generate_to_strings()
            .unwrap();
        let s = json_schema(&out.apis.apis[0]);
        let due = &s["$defs"]["Send"]["properties"]["due"];
        assert_eq!(due[NOT_PAST], true);
        assert_eq!(due[MINIMUM_INSTANT], "2025-01-01");
        assert_eq!(due[MAXIMUM_INSTANT], "2025-12-31");
        assert_eq!(due.get("minimum"), None);
        assert_eq!(
            due[MESSAGES],
            json!({"past": "Not past", "maximum": "In 2025"})
        );
        for key in [NOT_PAST, MINIMUM_INSTANT, MAXIMUM_INSTANT] {
            assert!(s[EXTENSIONS].as_array().unwrap().contains(&json!(key)));
        }
    }

    #[test]
    fn documents_are_byte_for_byte_deterministic() {
        let out = crate::Builder::new()
            .spec_str("demo.yaml", SPEC)
            .generate_to_strings()
            .unwrap();
        let a = files(&out.apis.apis);
        let b = files(&out.apis.apis);
        assert_eq!(a, b);
        let text = &a[std::path::Path::new("schema/demo.schema.json")];
        assert!(text.ends_with("}\n"));
        assert!(a.contains_key(std::path::Path::new("openapi/demo.openapi.json")));
        assert!(!a.contains_key(std::path::Path::new("openrpc/demo.openrpc.json")));
    }
}

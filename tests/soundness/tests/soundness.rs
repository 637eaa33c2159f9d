//! The generative soundness test: whatever the checker accepts compiles
//! and means what it says.
//!
//! `build.rs` draws a batch of random valid specs (the
//! `specgen-random-specs` crate) and the library compiles all of them as one
//! crate with warnings and missing docs denied: that it builds is the first
//! half of the proof. Here, every object type of every spec is judged on
//! random payloads (drawn by proptest from the spec's IR, valid ones and
//! ones that break each constraint) by its generated JSON validator, by the
//! typed path (serde, then `validate()`) and by the `jsonschema` crate on
//! the JSON Schema that specgen exports for the spec. Verdicts must agree,
//! up to the known gaps that `tests/differential.rs` documents. A failure
//! prints the spec's YAML, the payload and every verdict.
//!
//! Environment: `SPECGEN_SOUNDNESS_SEED` (the batch, read by build.rs, also
//! seeds the payloads), `SPECGEN_SOUNDNESS_SPECS` (specs per batch, default
//! 60) and `SPECGEN_SOUNDNESS_CASES` (payloads per type, default 32).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde_json::Value;
use specgen::ir::{Api, Auth, EndpointKind, Protocol, Rule, Shape, ShapeKind, TypeKind};
use specgen_soundness::{SEED, SPECS};
use specgen_tests::differential::{now, run_target, Target, Typed};

fn cases() -> u32 {
    std::env::var("SPECGEN_SOUNDNESS_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(32)
}

/// The IR of specs (api name, YAML), lowered from their YAML (the build
/// proved the checker accepts the batch's).
fn lowered<'a>(specs: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<Api> {
    specs
        .map(|(api, yaml)| {
            let name = format!("{api}.yaml");
            let mut diags = specgen::diag::Diagnostics::default();
            let loaded = specgen::spec::load(&name, yaml, &mut diags)
                .unwrap_or_else(|| panic!("{name} does not load:\n{yaml}"));
            let api = specgen::lower::lower(&loaded, &mut diags);
            assert!(diags.is_empty(), "{name} does not lower:\n{yaml}");
            api
        })
        .collect()
}

#[test]
fn every_random_spec_gives_one_verdict_per_payload() {
    let apis = lowered(SPECS.iter().map(|s| (s.api, s.yaml)));
    let cases = cases();
    let mut failures = String::new();
    let (mut targets, mut judged, mut valid) = (0usize, 0usize, 0usize);
    for (i, (spec, api)) in SPECS.iter().zip(&apis).enumerate() {
        let doc = specgen::export::json_schema(api);
        let mut spec_failures = String::new();
        for tut in spec.types {
            let index = api
                .types
                .iter()
                .position(|t| t.name == tut.name)
                .unwrap_or_else(|| panic!("{}: no type {}", spec.api, tut.name));
            let (json, typed) = (tut.json, tut.typed);
            let target = Target {
                id: format!("{}.{}", spec.api, tut.name),
                api: i,
                def: tut.name.to_owned(),
                parts: vec![index],
                ours: Box::new(move |v: &Value| json(v, now())),
                typed: Some(Box::new(move |v: &Value| {
                    Some(match typed(v, now()) {
                        Ok(verdict) => Typed::Checked(verdict),
                        Err(message) => Typed::Undecodable(message),
                    })
                })),
            };
            let stream = (i as u64) << 16 | index as u64;
            let outcome = run_target(api, &doc, &target, SEED, stream, cases);
            targets += 1;
            judged += outcome.cases;
            valid += outcome.valid;
            spec_failures.push_str(&outcome.failures());
        }
        if !spec_failures.is_empty() {
            let _ = write!(
                failures,
                "=== {}.yaml (batch seed {SEED:#x}):\n{}\n{spec_failures}\n",
                spec.api, spec.yaml
            );
        }
    }
    println!(
        "{} specs, {targets} object types, {judged} payloads ({valid} valid)",
        SPECS.len()
    );
    assert!(failures.is_empty(), "\n{failures}");
    // A payload generator that (almost) always or never produced valid
    // payloads would compare nothing interesting.
    assert!(
        valid > judged / 20 && judged - valid > judged / 20,
        "degenerate payloads: {valid} valid of {judged}"
    );
}

/// What the batch exercises, by construct of the spec language.
fn constructs(apis: &[Api]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut add = |s: &str| {
        out.insert(s.to_owned());
    };
    for api in apis {
        add(match api.protocol {
            Protocol::RestJson => "protocol rest_json",
            Protocol::RestMultipart => "protocol rest_multipart",
            Protocol::JsonRpc => "protocol json_rpc",
        });
        add(match api.auth {
            Auth::None => "auth none",
            Auth::Bearer => "auth bearer",
            Auth::ApiKeyHeader(_) => "auth api_key_header",
            Auth::ParamsField(_) => "auth params_field",
        });
        for e in &api.endpoints {
            if e.query.is_some() {
                add("endpoint query");
            }
            if e.body.is_some() {
                add("endpoint body");
            }
            if let EndpointKind::Rest(rs) = &e.kind {
                for r in rs {
                    add(if r.error {
                        "response error"
                    } else {
                        "response"
                    });
                    if r.body.is_some() {
                        add("response body");
                    }
                }
            }
        }
        for (i, t) in api.types.iter().enumerate() {
            if t.example.is_some() {
                add("type example");
            }
            match &t.kind {
                TypeKind::Enum { open, .. } => add(if *open { "enum open" } else { "enum closed" }),
                TypeKind::Object { fields, rules } => {
                    for r in rules {
                        add(match r {
                            Rule::AtLeastOneOf { .. } => "rule at_least_one_of",
                            Rule::ExactlyOneOf { .. } => "rule exactly_one_of",
                            Rule::RequiredIf { .. } => "rule required_if",
                        });
                        let nested = match r {
                            Rule::AtLeastOneOf { fields, .. }
                            | Rule::ExactlyOneOf { fields, .. } => {
                                fields.iter().any(|p| p.steps.len() > 1)
                            }
                            Rule::RequiredIf { field, .. } => field.steps.len() > 1,
                        };
                        if nested {
                            add("rule over a nested field");
                        }
                    }
                    for f in fields {
                        if f.required {
                            add("field required");
                        }
                        if f.nullable {
                            add("field nullable");
                        }
                        if f.tri_state {
                            add("field tri_state");
                        }
                        // Their serde glue (`with`) must meet the tri-state
                        // and required-nullable glue.
                        if has_wire_format(&f.shape) {
                            if f.tri_state {
                                add("field tri_state with a wire format");
                            }
                            if f.required && f.nullable {
                                add("field required nullable with a wire format");
                            }
                        }
                        if f.example.is_some() {
                            add("field example");
                        }
                        if f.rust != specgen::names::field(&f.wire) {
                            add("field rust_name");
                        }
                        if f.rust.starts_with("r#") {
                            add("field keyword");
                        }
                        if !f.wire.is_ascii() {
                            add("field non-ASCII");
                        }
                        if let Some(d) = &f.default {
                            add(&format!("default {}", kind(api, &f.shape)));
                            if d.is_object() || d.is_array() && f.shape.kind == ShapeKind::Json {
                                add("default json structured");
                            }
                        }
                        shape(api, &f.shape, i, &mut add);
                    }
                }
            }
        }
    }
    out
}

/// A date-time or uuid (or an array of them): read and written through a
/// wire format.
fn has_wire_format(s: &Shape) -> bool {
    match &s.kind {
        ShapeKind::DateTime(_) | ShapeKind::Uuid => true,
        ShapeKind::Array(inner) => has_wire_format(inner),
        _ => false,
    }
}

fn kind(api: &Api, s: &Shape) -> String {
    match &s.kind {
        ShapeKind::Named(i) => match api.types[*i].kind {
            TypeKind::Enum { .. } => "enum".into(),
            TypeKind::Object { .. } => "object".into(),
        },
        ShapeKind::Array(_) => "array".into(),
        ShapeKind::DateTime(specgen::ir::DateTimeFormat::Custom(_)) => "datetime custom".into(),
        ShapeKind::DateTime(_) => "datetime".into(),
        other => format!("{other:?}").to_lowercase(),
    }
}

fn shape(api: &Api, s: &Shape, owner: usize, add: &mut impl FnMut(&str)) {
    add(&format!("type {}", kind(api, s)));
    let c = &s.constraints;
    for (on, name) in [
        (c.pattern.is_some(), "pattern"),
        (c.min_length.is_some(), "min_length"),
        (c.max_length.is_some(), "max_length"),
        (c.minimum.is_some(), "minimum"),
        (c.maximum.is_some(), "maximum"),
        (c.exclusive_minimum.is_some(), "exclusive_minimum"),
        (c.exclusive_maximum.is_some(), "exclusive_maximum"),
        (c.min_items.is_some(), "min_items"),
        (c.max_items.is_some(), "max_items"),
        (c.not_blank.is_some(), "not_blank"),
        (c.not_future.is_some(), "not_future"),
        (c.min_properties.is_some(), "min_properties"),
        (c.max_properties.is_some(), "max_properties"),
    ] {
        if on {
            add(&format!("constraint {name}"));
        }
    }
    match &s.kind {
        ShapeKind::Array(inner) => {
            if let ShapeKind::Named(i) = inner.kind {
                if i <= owner && matches!(api.types[i].kind, TypeKind::Object { .. }) {
                    add("recursion through an array");
                }
            }
            shape(api, inner, owner, add);
        }
        ShapeKind::Named(i)
            if *i <= owner && matches!(api.types[*i].kind, TypeKind::Object { .. }) =>
        {
            add("recursion through an optional field");
        }
        _ => {}
    }
}

/// CI's batch covers every construct the random generator can draw, so a
/// generator change that silently stops drawing one fails here. (Drawn
/// afresh from CI's seed and size, so another batch set by the environment,
/// smaller or from another seed, does not change what this checks.)
#[test]
fn the_default_batch_covers_every_construct() {
    let c = specgen_random_specs::Constructs::SUPPORTED;
    let batch = specgen_random_specs::batch(
        specgen_soundness::DEFAULT_SEED,
        specgen_soundness::DEFAULT_SPECS,
        c,
    );
    let seen = constructs(&lowered(
        batch.iter().map(|s| (s.api.as_str(), s.yaml.as_str())),
    ));
    let mut expected: BTreeSet<String> = [
        "protocol rest_json",
        "protocol rest_multipart",
        "protocol json_rpc",
        "auth none",
        "auth bearer",
        "auth api_key_header",
        "auth params_field",
        "endpoint query",
        "endpoint body",
        "response",
        "response error",
        "response body",
        "enum open",
        "enum closed",
        "rule at_least_one_of",
        "rule exactly_one_of",
        "rule required_if",
        "rule over a nested field",
        "type example",
        "field required",
        "field tri_state",
        "field tri_state with a wire format",
        "field required nullable with a wire format",
        "field example",
        "field nullable",
        "field rust_name",
        "field keyword",
        "field non-ASCII",
        "default string",
        "default integer",
        "default number",
        "default boolean",
        "default enum",
        "default array",
        "default bytes",
        "default uuid",
        "default email",
        "default phone",
        "default datetime",
        "default datetime custom",
        "type string",
        "type integer",
        "type number",
        "type boolean",
        "type datetime",
        "type datetime custom",
        "type uuid",
        "type email",
        "type phone",
        "type bytes",
        "type json",
        "type jsonobject",
        "constraint min_properties",
        "constraint max_properties",
        "type enum",
        "type object",
        "type array",
        "constraint pattern",
        "constraint min_length",
        "constraint max_length",
        "constraint minimum",
        "constraint maximum",
        "constraint exclusive_minimum",
        "constraint exclusive_maximum",
        "constraint min_items",
        "constraint max_items",
        "constraint not_blank",
        "constraint not_future",
        "recursion through an array",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    if c.optional_recursion {
        expected.insert("recursion through an optional field".into());
    }
    if c.json_defaults {
        expected.extend(["default json".into(), "default json structured".into()]);
    }
    let missing: Vec<&String> = expected.difference(&seen).collect();
    assert!(
        missing.is_empty(),
        "the default batch never drew: {missing:?}"
    );
}

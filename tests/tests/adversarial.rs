//! The adversarial corpus: specs written to break the generator, one class
//! at a time. Rejected ones live in `fixtures/bad/` (their diagnostics are
//! snapshotted by `diagnostics.rs`); accepted ones in `fixtures/specs/`
//! (recursion, collisions, odd_text, defaults_exact), compiled by this
//! crate's build script with warnings denied. Here the accepted ones are
//! run: what the checker accepts must mean what the spec says.

use serde_json::{json, Value};
use specgen_runtime::serde::de::DeserializeOwned;
use specgen_runtime::{Validate, ValidateJson};
use specgen_tests::fixtures::{collisions, defaults_exact, odd_text, recursion};
use specgen_tests::{fixed_now, set, verdict};

/// Both validators must give `expected` on `payload`.
#[track_caller]
fn assert_verdict<T: DeserializeOwned + Validate + ValidateJson>(
    payload: &Value,
    expected: &[&str],
) {
    let expected = set(expected);
    assert_eq!(
        verdict(T::validate_json_with_now(payload, fixed_now())),
        expected,
        "JSON validator on {payload}"
    );
    let typed = T::deserialize(payload).unwrap_or_else(|e| panic!("{payload} decodes: {e}"));
    assert_eq!(
        verdict(typed.validate_with_now(fixed_now())),
        expected,
        "typed validator on {payload}"
    );
}

#[test]
fn a_self_containing_type_validates_a_nested_invalid_payload_at_its_path() {
    assert_verdict::<recursion::Node>(&json!({"value": "a", "next": {"value": "b"}}), &[]);
    assert_verdict::<recursion::Node>(
        &json!({"value": "a", "next": {"value": "b", "next": {"value": "long"}}}),
        &["/next/next/value max_length"],
    );
    let node: recursion::Node =
        serde_json::from_value(json!({"value": "a", "next": {"value": "b"}})).expect("decodes");
    assert_eq!(node.next.expect("boxed next").value, "b");
}

#[test]
fn required_nullable_self_reference_arrays_and_mutual_recursion_validate_deeply() {
    assert_verdict::<recursion::Tree>(&json!({"name": "root", "parent": null}), &[]);
    assert_verdict::<recursion::Tree>(
        &json!({
            "name": "a",
            "parent": {"name": "", "parent": null},
            "children": [{"name": "c", "parent": {"name": "", "parent": null}}],
            "left": {"pong": {"ping": {"n": -1, "pong": {"ping": {"n": -2}}}}}
        }),
        &[
            "/parent/name min_length",
            "/children/0/parent/name min_length",
            "/left/pong/ping/n minimum",
            "/left/pong/ping/pong/ping/n minimum",
        ],
    );
    // A missing required member does not decode, so only JSON can say so.
    assert_eq!(
        verdict(recursion::Tree::validate_json_with_now(
            &json!({"name": "a", "parent": null, "left": {"pong": {}}}),
            fixed_now()
        )),
        set(&["/left/pong/ping required"])
    );
}

#[test]
fn types_whose_rules_statics_would_shout_alike_keep_their_own_limits() {
    // `a_b.x` allows 1 character, `Ab.x` allows 5.
    assert_verdict::<collisions::Both>(&json!({"one": {"x": "a"}, "two": {"x": "hello"}}), &[]);
    assert_verdict::<collisions::Both>(
        &json!({"one": {"x": "ab"}, "two": {"x": "hello!"}}),
        &["/one/x max_length", "/two/x max_length"],
    );
    // Fields named like the arrays of rules keep their own limits too.
    assert_verdict::<collisions::Both>(
        &json!({"one": {"x": "a", "strings": "ab", "numbers": 2},
                "two": {"x": "hello", "strings": "abcdef", "numbers": 6}}),
        &[],
    );
    assert_verdict::<collisions::Both>(
        &json!({"one": {"x": "a", "strings": "abc", "numbers": 3},
                "two": {"x": "hello", "strings": "abcdefg", "numbers": 7}}),
        &[
            "/one/strings max_length",
            "/one/numbers maximum",
            "/two/strings max_length",
            "/two/numbers maximum",
        ],
    );
}

#[test]
fn types_and_fields_named_like_the_serde_glue_read_and_write_their_own_members() {
    let text = json!({
        "one": {"x": "a"},
        "two": {"x": "b"},
        "three": {"key": "k"},
        "four": {"type": "t", "read": "r", "e": "x"},
        "five": {"a \"quoted\" name": 3}
    });
    let both: collisions::Both = serde_json::from_value(text).expect("decodes");
    let three = both.three.as_ref().expect("three");
    assert_eq!(
        (three.map, three.key.as_str(), three.out.as_str()),
        (7, "k", "o")
    );
    let four = both.four.as_ref().expect("four");
    assert_eq!((four.serializer, four.r#type.as_deref()), (true, Some("t")));
    assert_eq!(
        (four.read.as_deref(), four.value, four.e.as_str()),
        (Some("r"), 2, "x")
    );
    let five = both.five.as_ref().expect("five");
    assert_eq!(
        (five.deserializer.as_str(), five.a_quoted_name),
        ("d", Some(3))
    );
    // Defaults are written out; unset optional members are left out.
    assert_eq!(
        serde_json::to_value(&both).expect("encodes"),
        json!({
            "one": {"x": "a"},
            "two": {"x": "b"},
            "three": {"map": 7, "key": "k", "out": "o"},
            "four": {"serializer": true, "type": "t", "read": "r", "value": 2, "e": "x"},
            "five": {"deserializer": "d", "a \"quoted\" name": 3}
        })
    );
    let missing = serde_json::from_value::<collisions::Both>(json!({
        "one": {"x": "a"}, "two": {"x": "b"}, "three": {}
    }))
    .expect_err("`key` is required");
    assert_eq!(missing.to_string(), "missing field `key`");
}

#[test]
fn json_defaults_are_the_exact_values_of_the_spec() {
    let d: defaults_exact::Defaults = serde_json::from_value(json!({})).expect("decodes");
    assert_eq!(d.text_json, json!("abc"));
    assert_eq!(d.object_json, json!({"a": 1, "b": [true, null, 2.5, "s"]}));
    assert_eq!(d.number_json, json!(5));
    assert_eq!(d.array_json, json!([{"x": 1}]));
    assert_eq!(d.big_json, json!(18_446_744_073_709_551_615_u64));
}

#[test]
fn integer_defaults_keep_the_ends_of_the_i64_range() {
    let d: defaults_exact::Defaults = serde_json::from_value(json!({})).expect("decodes");
    assert_eq!(d.max_int, i64::MAX);
    assert_eq!(d.min_int, i64::MIN);
}

#[test]
fn a_nullable_field_with_a_default_is_some_default_when_absent_and_none_when_null() {
    let absent: defaults_exact::Defaults = serde_json::from_value(json!({})).expect("decodes");
    assert_eq!(absent.nullable_text.as_deref(), Some("abc"));
    assert_eq!(absent.nullable_null, None);
    let null: defaults_exact::Defaults =
        serde_json::from_value(json!({"nullable_text": null})).expect("decodes");
    assert_eq!(null.nullable_text, None);
    // An explicit null survives a round trip instead of turning back into
    // the default.
    let back = serde_json::to_value(&null).expect("serializes");
    assert_eq!(back["nullable_text"], Value::Null);
    let again: defaults_exact::Defaults = serde_json::from_value(back).expect("decodes");
    assert_eq!(again.nullable_text, None);
}

#[test]
fn control_characters_in_wire_names_values_and_defaults_reach_the_wire_unchanged() {
    let odd: odd_text::OddName = serde_json::from_value(json!({})).expect("decodes");
    assert_eq!(odd.wire_name, "a\"b\\c\r");
    assert_eq!(odd.rtl_ltr, "\u{202e}evil");
    let odd: odd_text::OddName =
        serde_json::from_value(json!({"wire\rname": "v", "choice": "x\ry"})).expect("decodes");
    assert_eq!(odd.wire_name, "v");
    assert_eq!(odd.choice, Some(odd_text::Choice::XY));
    assert_eq!(odd_text::Choice::VALUES, &["x\ry", "z\u{1b}"]);
    assert_eq!(
        serde_json::to_value(&odd).expect("serializes"),
        json!({"wire\rname": "v", "choice": "x\ry", "rtl\u{202e}ltr": "\u{202e}evil"})
    );
    assert_verdict::<odd_text::OddName>(&json!({"choice": "z\u{1b}"}), &[]);
    assert_eq!(
        verdict(odd_text::OddName::validate_json_with_now(
            &json!({"choice": "z"}),
            fixed_now()
        )),
        set(&["/choice enum"])
    );
}

#[test]
fn non_ascii_names_get_distinct_identifiers_and_keep_their_wire_names() {
    let odd: odd_text::OddName =
        serde_json::from_value(json!({"名前": "ab", "Größe": "日本"})).expect("decodes");
    assert_eq!(odd.u540d_u524d.as_deref(), Some("ab"));
    assert_eq!(odd.gr_uf6_udf_e, Some(odd_text::GrUf6UdfE::U65e5U672c));
    assert_verdict::<odd_text::OddName>(&json!({"名前": "abc"}), &["/名前 max_length"]);
}

/// The exported JSON Schema document of one fixture spec.
fn exported_schema(fixture: &str) -> Value {
    let path = specgen_tests::crate_dir()
        .join("fixtures")
        .join("specs")
        .join(format!("{fixture}.yaml"));
    let text = std::fs::read_to_string(&path).expect("readable fixture");
    let out = specgen::Builder::new()
        .spec_str(format!("{fixture}.yaml"), text)
        .exports(true)
        .generate_to_strings()
        .unwrap_or_else(|e| panic!("{e}"));
    let (_, doc) = out
        .files
        .iter()
        .find(|(p, _)| p.to_string_lossy().ends_with(".schema.json"))
        .expect("a JSON Schema export");
    serde_json::from_str(doc).expect("JSON")
}

/// A validator for definition `key` of an exported document; `$ref`s are
/// resolved by the `jsonschema` crate, so an unresolvable one fails here.
fn schema_for(doc: &Value, key: &str) -> jsonschema::Validator {
    let mut schema = doc.clone();
    let pointer = key.replace('~', "~0").replace('/', "~1");
    let mut encoded = String::new();
    for b in pointer.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    schema["$ref"] = json!(format!("#/$defs/{encoded}"));
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the exported schema for {key} does not compile: {e}"))
}

#[test]
fn exported_schemas_of_recursive_types_are_ref_cycles_that_judge_like_the_validator() {
    let doc = exported_schema("recursion");
    let tree = schema_for(&doc, "Tree");
    let valid = json!({"name": "a", "parent": {"name": "b", "parent": null},
        "left": {"pong": {"ping": {"n": 1}}}});
    let invalid = json!({"name": "a", "parent": null,
        "left": {"pong": {"ping": {"pong": {"ping": {"n": -2}}}}}});
    assert!(tree.is_valid(&valid));
    assert!(!tree.is_valid(&invalid));
    let errors: Vec<String> = tree
        .iter_errors(&invalid)
        .map(|e| e.instance_path().to_string())
        .collect();
    assert!(
        errors.iter().any(|p| p == "/left/pong/ping/pong/ping/n"),
        "{errors:?}"
    );
}

#[test]
fn exported_refs_to_types_with_odd_names_resolve() {
    let doc = exported_schema("odd_text");
    let odd = schema_for(&doc, "Odd\rName");
    assert!(odd.is_valid(&json!({"choice": "x\ry", "Größe": "é"})));
    assert!(!odd.is_valid(&json!({"choice": "nope"})));
    assert!(!odd.is_valid(&json!({"Größe": "nope"})));
}

#[test]
fn rules_over_wire_names_with_format_braces_report_them_verbatim() {
    let errors = odd_text::Braces::validate_json_with_now(&json!({"{c": "{x}"}), fixed_now())
        .expect_err("two rules fail");
    let messages: Vec<String> = errors
        .errors()
        .iter()
        .map(|e| e.message.to_string())
        .collect();
    assert!(
        messages.contains(&"at least one of `{a}`, `b}` is required".to_owned()),
        "{messages:?}"
    );
    assert_verdict::<odd_text::Braces>(
        &json!({"{c": "{x}"}),
        &[" at_least_one_of", "/{a} required_if"],
    );
}

//! Building generated values by hand: `new` from the required fields,
//! `with_*` setters, `Default`, and the inherent `validate` that needs no
//! trait import (this file imports none of specgen-runtime's traits).

use serde_json::json;
use specgen_runtime::Code;
use specgen_tests::fixed_now;
use specgen_tests::fixtures::{defaults, nested};

#[test]
fn new_takes_required_fields_and_setters_fill_the_optional_ones() {
    let lead = nested::Person::new("Ada").with_email("ada@example.com");
    let group = nested::Group::new("core", vec![nested::Person::new("Bob")], lead);
    let batch = nested::Batch::new(vec![group]).with_matrix(vec![vec![1, 2]]);
    assert_eq!(
        serde_json::to_value(&batch).unwrap(),
        json!({
            "groups": [{
                "name": "core",
                "members": [{"name": "Bob"}],
                "lead": {"name": "Ada", "email": "ada@example.com"}
            }],
            "matrix": [[1, 2]]
        })
    );
    assert_eq!(batch.validate_with_now(fixed_now()), Ok(()));
}

#[test]
fn default_is_new_and_equals_an_empty_payload_with_spec_defaults() {
    let from_empty: defaults::Settings = serde_json::from_value(json!({})).unwrap();
    assert_eq!(defaults::Settings::default(), from_empty);
    assert_eq!(defaults::Settings::new(), from_empty);
    let s = defaults::Settings::default();
    assert_eq!((s.retries, s.greeting.as_str(), s.name), (3, "hello", None));
}

#[test]
fn setters_replace_spec_defaults_and_set_optional_fields() {
    let s = defaults::Settings::default()
        .with_retries(5)
        .with_greeting("hi")
        .with_name("box");
    assert_eq!((s.retries, s.greeting.as_str()), (5, "hi"));
    assert_eq!(s.name.as_deref(), Some("box"));
}

#[test]
fn inherent_validate_reports_every_error_with_an_enum_code_and_wire_string() {
    let batch = nested::Batch::new(vec![]);
    let errors = batch.validate().expect_err("no groups");
    let first = &errors.errors()[0];
    assert_eq!((&*first.path, first.code), ("/groups", Code::MinItems));
    assert_eq!(first.code.as_str(), "min_items");
    // The JSON-lines form of an error is unchanged: the code is its string.
    assert_eq!(
        serde_json::to_value(first).unwrap(),
        json!({"path": "/groups", "code": "min_items", "message": first.message})
    );
}

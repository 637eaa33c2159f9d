//! Rules over nested fields, `object`, tri-state fields and examples
//! (`fixtures/specs/nested_rules.yaml`): the JSON validator, the typed path
//! and `jsonschema` on the exported schema give the same verdicts, and the
//! errors sit at the paths the language promises.

use serde_json::{json, Value};
use specgen::ir::Api;
use specgen_runtime::{Report, Tristate, ValidateJson};
use specgen_tests::differential::{now, oracle};
use specgen_tests::fixtures::nested_rules::Order;
use specgen_tests::{fixed_now, set, verdict};

fn json_of<T: ValidateJson>(v: &Value) -> Result<(), specgen_runtime::ValidationErrors> {
    T::validate_json_with_now(v, now())
}

fn fixture() -> (Api, Value) {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/specs/nested_rules.yaml");
    let text = std::fs::read_to_string(path).expect("fixture");
    let checked = specgen::Builder::new()
        .spec_str("nested_rules.yaml", text)
        .check()
        .expect("the fixture checks");
    let api = checked.apis.apis.into_iter().next().expect("one api");
    let doc = specgen::export::json_schema(&api);
    (api, doc)
}

/// The JSON validator's errors, the typed path's (`None`: does not
/// decode), and whether the exported schema accepts.
fn judge(
    v: &Value,
) -> (
    std::collections::BTreeSet<String>,
    Option<std::collections::BTreeSet<String>>,
    bool,
) {
    let (_, doc) = fixture();
    let mut report = Report::new(fixed_now());
    Order::validate_json_at(v, &specgen_runtime::Path::ROOT, &mut report);
    let json = verdict(report.into_result());
    let typed = serde_json::from_value::<Order>(v.clone())
        .ok()
        .map(|o| verdict(o.validate_with_now(fixed_now())));
    (json, typed, oracle(&doc, "Order").is_valid(v))
}

/// A valid order, changed by `edit`.
fn order(edit: impl FnOnce(&mut Value)) -> Value {
    let mut v = json!({
        "buyer": {"contact": {"email": "a@example.com", "address": "1 Main St"}},
        "note": "hi",
    });
    edit(&mut v);
    v
}

#[test]
fn each_nested_rule_is_reported_at_the_nearest_common_object_by_all_three_judges() {
    let cases: Vec<(Value, &[&str])> = vec![
        (order(|_| {}), &[]),
        // at_least_one_of [buyer.contact.email, buyer.contact.phone]
        (
            order(|v| v["buyer"]["contact"] = json!({"address": "x"})),
            &["/buyer/contact at_least_one_of"],
        ),
        (
            order(|v| v["buyer"]["contact"] = json!({"phone": "+442071838750", "address": "x"})),
            &[],
        ),
        // exactly_one_of [billing.email, gift.email, buyer.contact.address]:
        // the fields share only the root.
        (
            order(|v| v["billing"] = json!({"email": "b@example.com"})),
            &[" exactly_one_of"],
        ),
        (
            order(|v| {
                v["buyer"]["contact"] = json!({"email": "a@example.com"});
                v["gift"] = json!({"email": "g@example.com"});
            }),
            &[],
        ),
        (order(|v| v["billing"] = Value::Null), &[]),
        (order(|v| v["gift"] = Value::Null), &[]),
        // required_if {shipping.courier.name when shipping.method = courier}
        (
            order(|v| v["shipping"] = json!({"method": "courier", "address": "x"})),
            &["/shipping/courier/name required_if"],
        ),
        (
            order(|v| v["shipping"] = json!({"method": "courier", "courier": {}, "address": "x"})),
            &["/shipping/courier/name required_if"],
        ),
        (
            order(|v| {
                v["shipping"] =
                    json!({"method": "courier", "courier": {"name": "Fast"}, "address": "x"})
            }),
            &[],
        ),
        (order(|v| v["shipping"] = json!({"method": "post"})), &[]),
        // required_if {shipping.address when buyer.vip = false}: the field's
        // object is absent, so the field is.
        (
            order(|v| v["buyer"]["vip"] = json!(false)),
            &["/shipping/address required_if"],
        ),
        (order(|v| v["buyer"]["vip"] = json!(true)), &[]),
        // at_least_one_of [parent.buyer.contact.email, note] through a
        // recursive field.
        (
            order(|v| {
                v.as_object_mut()
                    .map(|o| o.remove("note"))
                    .map(drop)
                    .unwrap_or(())
            }),
            &[" at_least_one_of"],
        ),
        (
            order(|v| {
                v.as_object_mut().map(|o| o.remove("note"));
                v["parent"] = json!({"buyer": {"contact": {"email": "p@example.com", "address": "x"}}, "note": "n"});
            }),
            &[],
        ),
        (order(|v| v["note"] = Value::Null), &[" at_least_one_of"]),
        // `object`: member counts, and an array is not an object.
        (
            order(|v| v["attributes"] = json!({})),
            &["/attributes min_properties"],
        ),
        (
            order(|v| v["attributes"] = json!({"a": 1, "b": 2, "c": 3, "d": 4})),
            &["/attributes max_properties"],
        ),
        (order(|v| v["extra"] = json!([1, 2])), &["/extra type"]),
        (
            order(|v| v["extra"] = json!({"any": [1, {"x": null}]})),
            &[],
        ),
    ];
    for (v, want) in cases {
        let want = set(want);
        let (json, typed, schema_ok) = judge(&v);
        assert_eq!(json, want, "JSON validator on {v}");
        if v["extra"].is_array() {
            assert_eq!(typed, None, "an array does not decode into an object: {v}");
        } else {
            assert_eq!(typed, Some(want.clone()), "typed path on {v}");
        }
        assert_eq!(schema_ok, want.is_empty(), "exported schema on {v}");
    }
}

#[test]
fn the_message_lists_the_full_paths_or_the_custom_message() {
    let v = order(|v| {
        v["billing"] = json!({"email": "b@example.com"});
        v["buyer"]["contact"] = json!({"address": "x"});
    });
    let errors = json_of::<Order>(&v).unwrap_err();
    let messages: Vec<(&str, &str)> = errors
        .errors()
        .iter()
        .map(|e| (&*e.path, &*e.message))
        .collect();
    assert_eq!(
        messages,
        [
            ("/buyer/contact", "the buyer needs an email or a phone"),
            (
                "",
                "exactly one of `billing.email`, `gift.email`, `buyer.contact.address` is required"
            ),
        ]
    );
    let typed: Order = serde_json::from_value(v).expect("decodes");
    let typed_errors = typed.validate_with_now(fixed_now()).unwrap_err();
    assert_eq!(typed_errors, errors);
}

#[test]
fn a_tri_state_field_keeps_absent_null_and_a_value_apart() {
    for (gift, state) in [
        (None, "absent"),
        (Some(Value::Null), "null"),
        (Some(json!({"phone": "+442071838750"})), "value"),
    ] {
        let v = order(|v| {
            if let Some(g) = gift.clone() {
                v["gift"] = g;
            }
        });
        let o: Order = serde_json::from_value(v.clone()).expect("decodes");
        let got = match &o.gift {
            Tristate::Absent => "absent",
            Tristate::Null => "null",
            Tristate::Value(_) => "value",
        };
        assert_eq!(got, state);
        assert_eq!(
            serde_json::to_value(&o).expect("encodes")["gift"],
            v["gift"]
        );
        assert_eq!(
            serde_json::to_value(&o)
                .expect("encodes")
                .get("gift")
                .is_some(),
            gift.is_some()
        );
    }
}

#[test]
fn examples_reach_the_docs_and_both_exports() {
    let (api, doc) = fixture();
    assert_eq!(
        doc["$defs"]["Order"]["properties"]["note"]["examples"],
        json!(["Leave at the door"])
    );
    assert_eq!(doc["$defs"]["ShippingMethod"]["examples"], json!(["post"]));
    let openapi = specgen::export::openapi(&api).expect("REST");
    assert_eq!(
        openapi["components"]["schemas"]["Order"]["properties"]["attributes"]["example"],
        json!({"color": "red"})
    );
    let out = specgen::Builder::new()
        .spec_str(
            "nested_rules.yaml",
            std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("fixtures/specs/nested_rules.yaml"),
            )
            .expect("fixture"),
        )
        .generate_to_strings()
        .expect("generates");
    let code = out.files.values().next().expect("one file");
    assert!(
        code.contains(r#"/// Example: `"Leave at the door"`"#),
        "field example in docs"
    );
    assert!(
        code.contains(r#"/// Example: `{"color":"red"}`"#),
        "object example in docs"
    );
}

/// Every combination of the states the rules look at (absent, null, an
/// empty object, a value; enum values and booleans that fire `required_if`
/// or not), from a payload that breaks nothing else: the three judges give
/// the same verdict, and the two validators the same errors.
#[test]
fn the_three_judges_agree_on_every_combination_of_the_rule_fields() {
    let (_, doc) = fixture();
    let schema = oracle(&doc, "Order");
    let contact = |email: bool, phone: bool, address: bool| {
        let mut c = json!({});
        if email {
            c["email"] = json!("a@example.com");
        }
        if phone {
            c["phone"] = json!("+442071838750");
        }
        if address {
            c["address"] = json!("1 Main St");
        }
        c
    };
    let holders = [
        None,
        Some(Value::Null),
        Some(json!({})),
        Some(json!({"email": "b@example.com"})),
    ];
    let shippings = [
        None,
        Some(json!({"method": "post"})),
        Some(json!({"method": "courier"})),
        Some(json!({"method": "courier", "courier": {}})),
        Some(json!({"method": "courier", "courier": {"name": "Fast"}, "address": "x"})),
    ];
    let vips = [None, Some(true), Some(false)];
    let notes = [None, Some(Value::Null), Some(json!("hi"))];
    let (mut cases, mut valid) = (0, 0);
    for bits in 0..8u8 {
        let c = contact(bits & 1 != 0, bits & 2 != 0, bits & 4 != 0);
        for billing in &holders {
            for gift in &holders {
                for shipping in &shippings {
                    for vip in &vips {
                        for note in &notes {
                            let mut v = json!({"buyer": {"contact": c.clone()}});
                            let mut set_opt = |key: &str, x: &Option<Value>| {
                                if let Some(x) = x {
                                    v[key] = x.clone();
                                }
                            };
                            set_opt("billing", billing);
                            set_opt("gift", gift);
                            set_opt("shipping", shipping);
                            set_opt("note", note);
                            if let Some(vip) = vip {
                                v["buyer"]["vip"] = json!(vip);
                            }
                            let json = verdict(json_of::<Order>(&v));
                            let typed = serde_json::from_value::<Order>(v.clone())
                                .map(|o| verdict(o.validate_with_now(fixed_now())))
                                .expect("every combination decodes");
                            assert_eq!(typed, json, "typed path and JSON validator on {v}");
                            assert_eq!(
                                schema.is_valid(&v),
                                json.is_empty(),
                                "exported schema on {v}: {json:?}"
                            );
                            cases += 1;
                            valid += usize::from(json.is_empty());
                        }
                    }
                }
            }
        }
    }
    assert!(
        valid > 100 && cases - valid > 100,
        "{valid} valid of {cases}"
    );
}

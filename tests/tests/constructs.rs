//! How the code generated from `fixtures/specs/` behaves, one construct of
//! the spec language at a time: boundaries of every constraint kind,
//! formats, enums, nesting, rules, defaults, nullability and names. The code
//! itself is compiled by this crate's build script (see `src/lib.rs`); here
//! both of its validators are run, and they must agree.

use std::collections::BTreeSet;

use serde_json::{json, Value};
use specgen_runtime::serde::de::DeserializeOwned;
use specgen_runtime::serde::Serialize;
use specgen_runtime::{Validate, ValidateJson, ValidationErrors};
use specgen_tests::fixtures::{
    constraints, datetime_bounds, defaults, enums, jsonrpc, multipart, naming, nested, nullable,
    responses, rules, scalars,
};
use specgen_tests::{fixed_now, set, verdict};

/// Checks `payload` against `T` with both validators: the JSON validator
/// must report exactly `expected`; the typed value, when the payload decodes,
/// the same.
#[track_caller]
fn assert_verdict<T: DeserializeOwned + Validate + ValidateJson>(
    payload: &Value,
    expected: &[&str],
) {
    let expected = set(expected);
    let json = verdict(T::validate_json_with_now(payload, fixed_now()));
    assert_eq!(json, expected, "JSON validator on {payload}");
    if let Ok(typed) = T::deserialize(payload) {
        assert_eq!(
            verdict(typed.validate_with_now(fixed_now())),
            expected,
            "typed validator on {payload}"
        );
    }
}

/// The errors with their messages, for message tests.
fn messages<T: ValidateJson>(payload: &Value) -> Vec<(String, String)> {
    match T::validate_json_with_now(payload, fixed_now()) {
        Ok(()) => Vec::new(),
        Err(ValidationErrors(errors)) => errors
            .into_iter()
            .map(|e| (e.path.into_owned(), e.message.into_owned()))
            .collect(),
    }
}

fn with(base: &Value, key: &str, value: Value) -> Value {
    let mut v = base.clone();
    v.as_object_mut()
        .expect("an object")
        .insert(key.to_owned(), value);
    v
}

fn round_trips<T: DeserializeOwned + Serialize>(payload: &Value) -> T {
    let typed: T = T::deserialize(payload).unwrap_or_else(|e| panic!("{payload} decodes: {e}"));
    assert_eq!(&serde_json::to_value(&typed).expect("serializes"), payload);
    typed
}

// --- scalars ---------------------------------------------------------------

fn scalars_base() -> Value {
    json!({"text": "t", "count": 1, "ratio": 0.5, "flag": true, "at": "2020-01-01T00:00:00Z"})
}

#[test]
fn every_scalar_type_round_trips_with_its_wire_value() {
    let full = json!({
        "text": "t", "count": -3, "ratio": 2.5, "flag": false,
        "at": "2020-01-01T00:00:00+02:00", "at_explicit": "2020-01-01T00:00:00Z",
        "day": "29/02/2024", "stamp": "2024-02-29 23:59:59",
        "id": "bd4567f4-9b90-42e6-b282-7767af1ba581", "mail": "a@b.c", "phone": "+14155550123",
        "blob": "Ynl0ZXM=", "extra": {"any": ["json", 1, null]},
        "tags": ["a", ""], "scores": [1.5, -2.0], "stamps": ["2020-01-01 00:00:00"], "flags": [true],
        "anything": [1, null, "x", {"y": []}]
    });
    let typed: scalars::AllScalars = round_trips(&full);
    assert_eq!(
        typed.blob.as_ref().map(|b| b.0.as_slice()),
        Some(&b"bytes"[..])
    );
    // Typed, with the offset kept, so the wire text goes back unchanged.
    assert_eq!(typed.at.offset().whole_hours(), 2);
    assert_eq!(typed.at.unix_timestamp(), 1_577_829_600);
    let stamp = typed.stamp.expect("stamp");
    assert_eq!((stamp.hour(), stamp.second()), (23, 59));
    assert_eq!(
        typed.id.map(|id| id.as_u128()),
        Some(0xbd45_67f4_9b90_42e6_b282_7767_af1b_a581)
    );
    assert_verdict::<scalars::AllScalars>(&full, &[]);
    assert_verdict::<scalars::AllScalars>(&scalars_base(), &[]);
}

#[test]
fn scalar_formats_accept_and_reject() {
    let base = scalars_base();
    let cases: &[(&str, Value, &[&str])] = &[
        ("at", json!("2020-01-01T00:00:00.123-05:30"), &[]),
        // RFC 3339's grammar (and JSON Schema's date-time) want `T` or `t`;
        // the prose allows a space "for readability", which we do not take.
        ("at", json!("2020-01-01 00:00:00Z"), &["/at format"]),
        ("at", json!("2020-01-01t00:00:00z"), &[]),
        ("at", json!("2020-01-01"), &["/at format"]),
        ("at", json!("2020-01-01T00:00:00"), &["/at format"]),
        (
            "at_explicit",
            json!("2020-13-01T00:00:00Z"),
            &["/at_explicit format"],
        ),
        ("day", json!("01/12/2020"), &[]),
        ("day", json!("31/02/2020"), &["/day format"]),
        ("day", json!("2020-12-01"), &["/day format"]),
        ("day", json!("1/12/2020"), &["/day format"]),
        ("stamp", json!("2020-12-01 10:00:00"), &[]),
        ("stamp", json!("2020-12-01T10:00:00"), &["/stamp format"]),
        ("id", json!("BD4567F4-9B90-42E6-B282-7767AF1BA581"), &[]),
        (
            "id",
            json!("bd4567f49b9042e6b2827767af1ba581"),
            &["/id format"],
        ),
        (
            "id",
            json!("bd4567f4-9b90-42e6-b282-7767af1ba58"),
            &["/id format"],
        ),
        (
            "id",
            json!("{bd4567f4-9b90-42e6-b282-7767af1ba581}"),
            &["/id format"],
        ),
        ("mail", json!("a@b"), &[]),
        ("mail", json!("a@"), &["/mail format"]),
        ("phone", json!("+12"), &[]),
        ("phone", json!("+1"), &["/phone format"]),
        ("phone", json!("+123456789012345"), &[]),
        ("phone", json!("+1234567890123456"), &["/phone format"]),
        ("blob", json!(""), &[]),
        ("blob", json!("Ynl0ZXM"), &["/blob format"]),
        ("count", json!(1.5), &["/count type"]),
        ("count", json!("1"), &["/count type"]),
        ("ratio", json!("0.5"), &["/ratio type"]),
        ("ratio", json!(7), &[]),
        ("flag", json!("true"), &["/flag type"]),
        ("flag", json!(0), &["/flag type"]),
        ("text", json!(1), &["/text type"]),
        ("extra", json!([1, "two"]), &[]),
        ("extra", json!("string"), &[]),
        ("tags", json!(["a", 1]), &["/tags/1 type"]),
        ("tags", json!("a"), &["/tags type"]),
        ("scores", json!([1, "2"]), &["/scores/1 type"]),
        (
            "stamps",
            json!(["2020-01-01 00:00:00", "bad"]),
            &["/stamps/1 format"],
        ),
        ("flags", json!([true, null]), &["/flags/1 type"]),
        ("anything", json!([null]), &[]),
        ("anything", json!({"a": 1}), &["/anything type"]),
    ];
    for (key, value, expected) in cases {
        assert_verdict::<scalars::AllScalars>(&with(&base, key, value.clone()), expected);
    }
    let mut missing = base.as_object().expect("object").clone();
    missing.remove("count");
    missing.remove("text");
    assert_verdict::<scalars::AllScalars>(
        &Value::Object(missing),
        &["/count required", "/text required"],
    );
}

// --- constraints -----------------------------------------------------------

fn constrained_base() -> Value {
    json!({"provider": "p", "provider_msg": "p"})
}

#[test]
fn length_bounds_are_inclusive_and_count_code_points() {
    let base = constrained_base();
    let cases: &[(&str, &str, &[&str])] = &[
        ("name", "a", &["/name min_length"]),
        ("name", "ab", &[]),
        ("name", "abcde", &[]),
        ("name", "abcdef", &["/name max_length"]),
        // Astral characters: 4 bytes and 2 UTF-16 units each, 1 code point.
        ("name", "😀", &["/name min_length"]),
        ("name", "😀😀", &[]),
        ("name", "😀😀😀😀😀", &[]),
        ("name", "😀😀😀😀😀😀", &["/name max_length"]),
        // A combining sequence is two code points.
        ("name", "e\u{301}", &[]),
        ("exact", "abc", &[]),
        ("exact", "ab", &["/exact min_length"]),
        ("exact", "abcd", &["/exact max_length"]),
        ("exact", "日本語", &[]),
    ];
    for (key, value, expected) in cases {
        assert_verdict::<constraints::Constrained>(&with(&base, key, json!(value)), expected);
    }
}

#[test]
fn numeric_bounds_inclusive_and_exclusive() {
    let base = constrained_base();
    let cases: &[(&str, Value, &[&str])] = &[
        ("age", json!(17), &["/age minimum"]),
        ("age", json!(18), &[]),
        ("age", json!(130), &[]),
        ("age", json!(131), &["/age maximum"]),
        ("ratio", json!(0), &["/ratio exclusive_minimum"]),
        ("ratio", json!(0.000_001), &[]),
        ("ratio", json!(0.999_999), &[]),
        ("ratio", json!(1), &["/ratio exclusive_maximum"]),
        ("ratio", json!(-1), &["/ratio exclusive_minimum"]),
        ("ratio_msg", json!(1.5), &["/ratio_msg exclusive_maximum"]),
        ("ratio_msg", json!(1.49), &[]),
        ("levels", json!([1, 5]), &[]),
        (
            "levels",
            json!([0, 3, 6]),
            &["/levels/0 minimum", "/levels/2 maximum"],
        ),
    ];
    for (key, value, expected) in cases {
        assert_verdict::<constraints::Constrained>(&with(&base, key, value.clone()), expected);
    }
}

#[test]
fn patterns_are_searched_and_anchors_make_them_whole() {
    let base = constrained_base();
    for (value, expected) in [
        ("ABC", &[][..]),
        ("ABCD", &["/code pattern"][..]),
        ("xABC", &["/code pattern"][..]),
        ("abc", &["/code pattern"][..]),
        ("", &["/code pattern"][..]),
    ] {
        assert_verdict::<constraints::Constrained>(&with(&base, "code", json!(value)), expected);
    }
}

#[test]
fn custom_messages_replace_the_default_ones_and_keep_the_code() {
    let base = constrained_base();
    let payload = json!({
        "provider": "", "provider_msg": " ",
        "code": "x", "code_msg": "x",
        "name": "a", "name_msg": "a",
        "age": 1, "age_msg": 1,
        "ratio": 0, "ratio_msg": 0,
        "tags": [], "tags_msg": [],
        "happened": "2999-01-01T00:00:00Z", "happened_msg": "2999-01-01 00:00:00"
    });
    let got = messages::<constraints::Constrained>(&payload);
    let got: BTreeSet<(String, String)> = got.into_iter().collect();
    let want: BTreeSet<(String, String)> = [
        ("/provider", "can't be blank"),
        ("/provider_msg", "Provider can't be blank"),
        ("/code", "must match the pattern ^[A-Z]{3}$"),
        ("/code_msg", "Code must be three capitals"),
        ("/name", "must be at least 2 characters long"),
        ("/name_msg", "Name is too short"),
        ("/age", "must be at least 18"),
        ("/age_msg", "Too young"),
        ("/ratio", "must be greater than 0"),
        ("/ratio_msg", "Ratio must be positive"),
        ("/tags", "must have at least 1 item"),
        ("/tags_msg", "Give at least one tag"),
        ("/happened", "can't be in the future"),
        ("/happened_msg", "Date and time can't be in the future"),
    ]
    .into_iter()
    .map(|(p, m)| (p.to_owned(), m.to_owned()))
    .collect();
    assert_eq!(got, want);

    let long = json!({"provider": "p", "provider_msg": "p", "name_msg": "abcdef", "age_msg": 200, "tags_msg": ["a", "b", "c"]});
    let got: BTreeSet<(String, String)> = messages::<constraints::Constrained>(&long)
        .into_iter()
        .collect();
    assert!(got.contains(&("/name_msg".to_owned(), "Name is too long".to_owned())));
    assert!(got.contains(&("/age_msg".to_owned(), "Too old".to_owned())));
    assert!(got.contains(&("/tags_msg".to_owned(), "Two tags at most".to_owned())));
    assert_eq!(base, constrained_base());
}

#[test]
fn not_blank_rejects_missing_null_empty_and_white_space() {
    let base = constrained_base();
    for (value, expected) in [
        (json!("p"), &[][..]),
        (json!(" p "), &[][..]),
        (json!(""), &["/provider blank"][..]),
        (json!(" \t\r\n"), &["/provider blank"][..]),
        (json!("\u{3000}"), &["/provider blank"][..]),
        (Value::Null, &["/provider blank"][..]),
        (json!(5), &["/provider type"][..]),
    ] {
        assert_verdict::<constraints::Constrained>(&with(&base, "provider", value), expected);
    }
    assert_verdict::<constraints::Constrained>(&json!({"provider_msg": "p"}), &["/provider blank"]);
    // An optional not_blank field may be left out, but not sent blank.
    assert_verdict::<constraints::Constrained>(&base, &[]);
    assert_verdict::<constraints::Constrained>(
        &with(&base, "nickname", json!(" ")),
        &["/nickname blank"],
    );
    assert_eq!(
        verdict(constraints::Constrained::validate_json_with_now(
            &with(&base, "nickname", Value::Null),
            fixed_now()
        )),
        set(&["/nickname blank"])
    );
}

#[test]
fn not_future_compares_with_the_injected_now() {
    let base = constrained_base();
    // fixed_now() is 2025-06-01T00:00:00Z.
    for (key, value, expected) in [
        ("happened", "2025-06-01T00:00:00Z", &[][..]),
        ("happened", "2025-06-01T02:00:00+02:00", &[][..]),
        (
            "happened",
            "2025-06-01T00:00:01Z",
            &["/happened future"][..],
        ),
        ("happened", "2025-06-01T01:00:00+02:00", &[][..]),
        (
            "happened",
            "2025-06-01T00:00:00-00:01",
            &["/happened future"][..],
        ),
        ("happened", "not a date", &["/happened format"][..]),
        ("happened_msg", "2025-06-01 00:00:00", &[][..]),
        (
            "happened_msg",
            "2025-06-01 00:00:01",
            &["/happened_msg future"][..],
        ),
    ] {
        assert_verdict::<constraints::Constrained>(&with(&base, key, json!(value)), expected);
    }
    // The same value passes once "now" has moved on.
    let later = fixed_now() + specgen_runtime::time::Duration::HOUR;
    let payload = with(&base, "happened", json!("2025-06-01T00:00:01Z"));
    assert_eq!(
        constraints::Constrained::validate_json_with_now(&payload, later),
        Ok(())
    );
    let typed: constraints::Constrained = serde_json::from_value(payload).expect("decodes");
    assert_eq!(typed.validate_with_now(later), Ok(()));
}

#[test]
fn item_counts_and_item_constraints_report_each_item() {
    let base = constrained_base();
    for (value, expected) in [
        (json!(["a"]), &[][..]),
        (json!(["a", "b", "c"]), &[][..]),
        (json!([]), &["/tags min_items"][..]),
        (json!(["a", "b", "c", "d"]), &["/tags max_items"][..]),
        (
            json!(["abcd", "abcde", "A"]),
            &["/tags/1 max_length", "/tags/2 pattern"][..],
        ),
        (json!(["😀"]), &["/tags/0 pattern"][..]),
    ] {
        assert_verdict::<constraints::Constrained>(&with(&base, "tags", value), expected);
    }
}

// --- enums -----------------------------------------------------------------

#[test]
fn closed_enums_accept_each_value_and_reject_others() {
    let base = json!({"status": "open", "event": "startedtyping"});
    for v in ["open", "in-progress", "closed"] {
        assert_verdict::<enums::StatusUpdate>(&with(&base, "status", json!(v)), &[]);
        assert_verdict::<enums::StatusUpdate>(&with(&base, "previous", json!(v)), &[]);
    }
    for v in ["Open", "in_progress", "", "opened"] {
        assert_verdict::<enums::StatusUpdate>(&with(&base, "status", json!(v)), &["/status enum"]);
    }
    assert_verdict::<enums::StatusUpdate>(&with(&base, "status", json!(1)), &["/status type"]);
    let kinds = json!(["429", "type", "self", "UPPER_CASE", "with space"]);
    let typed: enums::StatusUpdate = round_trips(&with(&base, "kinds", kinds.clone()));
    assert_eq!(
        typed.kinds.as_deref(),
        Some(
            &[
                enums::Kind::V429,
                enums::Kind::Type,
                enums::Kind::Self_,
                enums::Kind::UpperCase,
                enums::Kind::WithSpace
            ][..]
        )
    );
    assert_eq!(
        enums::Kind::VALUES,
        ["429", "type", "self", "UPPER_CASE", "with space"]
    );
    assert_eq!(enums::Status::InProgress.as_str(), "in-progress");
    assert_eq!(enums::Status::InProgress.to_string(), "in-progress");
    assert_verdict::<enums::StatusUpdate>(
        &with(&base, "kinds", json!(["429", "430"])),
        &["/kinds/1 enum"],
    );
}

#[test]
fn open_enums_keep_values_they_do_not_list() {
    let base = json!({"status": "open", "event": "startedtyping"});
    let typed: enums::StatusUpdate = round_trips(&base);
    assert_eq!(typed.event, enums::Event::Startedtyping);
    let other: enums::StatusUpdate = round_trips(&with(&base, "event", json!("resumed")));
    assert_eq!(other.event, enums::Event::Other("resumed".to_owned()));
    assert_eq!(other.event.as_str(), "resumed");
    assert_eq!(
        enums::Event::from("stoppedtyping"),
        enums::Event::Stoppedtyping
    );
    assert_verdict::<enums::StatusUpdate>(&with(&base, "event", json!("resumed")), &[]);
    assert_verdict::<enums::StatusUpdate>(&with(&base, "event", json!(true)), &["/event type"]);
}

// --- nesting ---------------------------------------------------------------

fn person(name: &str) -> Value {
    json!({"name": name})
}

fn group(members: usize) -> Value {
    json!({"name": "g", "lead": person("lead"), "members": vec![person("m"); members]})
}

#[test]
fn nested_errors_carry_their_full_path() {
    let ok = json!({"groups": [group(1)]});
    assert_verdict::<nested::Batch>(&ok, &[]);
    let mut bad = json!({"groups": [group(0), group(4)], "owner": {"name": " ", "email": "x"}});
    bad["groups"][1]["members"][2]["name"] = json!("");
    bad["groups"][0]["lead"]["email"] = json!("nope");
    assert_verdict::<nested::Batch>(
        &bad,
        &[
            "/groups/1/members max_items",
            "/groups/1/members/2/name blank",
            "/groups/0/lead/email format",
            "/owner/name blank",
            "/owner/email format",
        ],
    );
    let got = messages::<nested::Batch>(&bad);
    assert!(got.contains(&(
        "/groups/1/members".to_owned(),
        "A group has three members at most".to_owned()
    )));
    assert!(got.contains(&("/owner/name".to_owned(), "Name can't be blank".to_owned())));
}

#[test]
fn nested_item_counts_and_arrays_of_arrays() {
    assert_verdict::<nested::Batch>(&json!({"groups": []}), &["/groups min_items"]);
    assert_verdict::<nested::Batch>(&json!({"groups": [group(3), group(3)]}), &[]);
    assert_verdict::<nested::Batch>(
        &json!({"groups": [group(0), group(0), group(0)]}),
        &["/groups max_items"],
    );
    let base = json!({"groups": [group(1)]});
    assert_verdict::<nested::Batch>(&with(&base, "matrix", json!([[0, 1], []])), &[]);
    assert_verdict::<nested::Batch>(
        &with(&base, "matrix", json!([[0, -1], [1, 2, 3], [-5]])),
        &[
            "/matrix/0/1 minimum",
            "/matrix/1 max_items",
            "/matrix/2/0 minimum",
        ],
    );
    assert_verdict::<nested::Batch>(&with(&base, "matrix", json!([[0], 1])), &["/matrix/1 type"]);
    assert_verdict::<nested::Batch>(
        &json!({"groups": [{"members": []}]}),
        &["/groups/0/name required", "/groups/0/lead required"],
    );
    assert_verdict::<nested::Batch>(
        &json!({"groups": [group(1)], "owner": []}),
        &["/owner type"],
    );
}

// --- rules -----------------------------------------------------------------

fn contact() -> Value {
    json!({"phone": "+14155550123", "session_id": 1, "source": "visitor"})
}

#[test]
fn at_least_one_of_and_exactly_one_of() {
    let base = contact();
    assert_verdict::<rules::Contact>(&base, &[]);
    let mut none = base.clone();
    none.as_object_mut().expect("object").remove("phone");
    assert_verdict::<rules::Contact>(&none, &[" at_least_one_of"]);
    assert_verdict::<rules::Contact>(&with(&none, "email", json!("a@b")), &[]);
    assert_verdict::<rules::Contact>(&with(&base, "email", json!("a@b")), &[]);

    let mut no_id = base.clone();
    no_id.as_object_mut().expect("object").remove("session_id");
    assert_verdict::<rules::Contact>(&no_id, &[" exactly_one_of"]);
    for key in ["session_id", "campaign_id", "site_id"] {
        assert_verdict::<rules::Contact>(&with(&no_id, key, json!(1)), &[]);
    }
    assert_verdict::<rules::Contact>(&with(&base, "site_id", json!(2)), &[" exactly_one_of"]);
    assert_verdict::<rules::Contact>(
        &with(&with(&base, "site_id", json!(2)), "campaign_id", json!(3)),
        &[" exactly_one_of"],
    );
    assert_eq!(
        messages::<rules::Contact>(&with(&none, "site_id", json!(2))),
        [
            ("".to_owned(), "phone or email is required".to_owned()),
            (
                "".to_owned(),
                "exactly one of `session_id`, `campaign_id`, `site_id` is required".to_owned()
            ),
        ]
    );
}

#[test]
fn required_if_compares_enums_strings_booleans_and_numbers() {
    let base = contact();
    type Edits<'a> = &'a [(&'a str, Value)];
    let cases: &[(Edits, &[&str])] = &[
        (
            &[("source", json!("operator"))],
            &["/employee_id required_if"],
        ),
        (
            &[("source", json!("operator")), ("employee_id", json!(7))],
            &[],
        ),
        (&[("source", json!("system"))], &[]),
        (
            &[("channel", json!("other"))],
            &["/channel_name required_if"],
        ),
        (
            &[("channel", json!("other")), ("channel_name", json!("x"))],
            &[],
        ),
        (&[("channel", json!("Other"))], &[]),
        (&[("urgent", json!(true))], &["/escalation required_if"]),
        (&[("urgent", json!(false))], &[]),
        (
            &[("urgent", json!(true)), ("escalation", json!("boss"))],
            &[],
        ),
        (&[("level", json!(3))], &["/reason required_if"]),
        (&[("level", json!(4))], &[]),
        (&[("level", json!(3)), ("reason", json!("r"))], &[]),
        (&[("score", json!(0.5))], &["/note required_if"]),
        (&[("score", json!(0.25))], &[]),
        (&[("score", json!(0.5)), ("note", json!("n"))], &[]),
    ];
    for (edits, expected) in cases {
        let mut payload = base.clone();
        for (k, v) in *edits {
            payload = with(&payload, k, v.clone());
        }
        assert_verdict::<rules::Contact>(&payload, expected);
    }
    assert_eq!(
        messages::<rules::Contact>(&with(&base, "level", json!(3))),
        [(
            "/reason".to_owned(),
            "is required when `level` is 3".to_owned()
        )]
    );
    assert_eq!(
        messages::<rules::Contact>(&with(&base, "source", json!("operator"))),
        [(
            "/employee_id".to_owned(),
            "employee_id is required if source = operator".to_owned()
        )]
    );
}

// --- defaults --------------------------------------------------------------

#[test]
fn defaults_fill_absent_fields_and_are_sent() {
    let typed: defaults::Settings = serde_json::from_value(json!({})).expect("all fields default");
    assert!((typed.channel - 8.0).abs() < f64::EPSILON);
    assert_eq!(typed.retries, 3);
    assert!(typed.enabled);
    assert_eq!(typed.greeting, "hello");
    assert_eq!(typed.flag_text, "false");
    assert_eq!(typed.mode, defaults::Mode::Fast);
    assert_eq!(typed.event, defaults::Event::Other("custom".to_owned()));
    assert_eq!(typed.tags, ["a", "b"]);
    assert_eq!(typed.blob.0, b"bytes");
    assert_eq!(
        typed.when,
        specgen_runtime::datetime::Layout::new("YYYY-MM-DD")
            .parse("2020-01-01")
            .unwrap()
    );
    assert_eq!(typed.name, None);
    assert_eq!(typed.validate_with_now(fixed_now()), Ok(()));
    assert_eq!(
        serde_json::to_value(&typed).expect("serializes"),
        json!({
            "channel": 8.0, "retries": 3, "enabled": true, "greeting": "hello", "flag_text": "false",
            "mode": "fast", "event": "custom", "tags": ["a", "b"], "blob": "Ynl0ZXM=", "when": "2020-01-01"
        })
    );
    assert_verdict::<defaults::Settings>(&json!({}), &[]);
    // A given value replaces the default and is checked.
    assert_verdict::<defaults::Settings>(
        &json!({"retries": 11, "greeting": ""}),
        &["/retries maximum", "/greeting min_length"],
    );
    assert_verdict::<defaults::Settings>(
        &json!({"tags": ["abcd", "b", "c"]}),
        &["/tags max_items", "/tags/0 max_length"],
    );
}

// --- nullable --------------------------------------------------------------

#[test]
fn nullable_fields_accept_null_and_other_fields_do_not() {
    let base = json!({"id": 1, "closed_by": null, "reopened_at": null});
    let typed: nullable::Chat = round_trips(&base);
    assert_eq!(typed.closed_by, None);
    assert_eq!(typed.reopened_at, None);
    assert!(typed.watcher.is_absent());
    assert_verdict::<nullable::Chat>(&base, &[]);
    let all_null = json!({
        "id": 1, "closed_by": null, "rating": null, "closed_at": null,
        "assignee": null, "agents": null, "status": null, "reopened_at": null, "watcher": null
    });
    // Optional nullable fields read null as unset; the tri-state keeps it.
    let typed: nullable::Chat = serde_json::from_value(all_null.clone()).expect("decodes");
    assert!(typed.watcher.is_null());
    assert_eq!(
        serde_json::to_value(&typed).expect("serializes"),
        json!({"id": 1, "closed_by": null, "reopened_at": null, "watcher": null})
    );
    assert_verdict::<nullable::Chat>(&all_null, &[]);
    let set_values = json!({
        "id": 1, "closed_by": "ann", "reopened_at": "2024-02-29T23:59:59.5+01:00",
        "watcher": "bd4567f4-9b90-42e6-b282-7767af1ba581"
    });
    let typed: nullable::Chat = round_trips(&set_values);
    assert!(typed.reopened_at.is_some() && typed.watcher.is_value());
    assert_verdict::<nullable::Chat>(&set_values, &[]);
    // A required nullable field left out: the JSON validator reports it,
    // and the typed path does not decode it (a missing member is not `None`),
    // also when its serde glue reads a wire format.
    assert_eq!(
        verdict(nullable::Chat::validate_json_with_now(
            &json!({"id": 1}),
            fixed_now()
        )),
        set(&["/closed_by required", "/reopened_at required"])
    );
    let missing = serde_json::from_value::<nullable::Chat>(json!({"id": 1})).unwrap_err();
    assert!(missing.to_string().contains("closed_by"), "{missing}");
    let no_reopened = json!({"id": 1, "closed_by": null});
    assert_eq!(
        verdict(nullable::Chat::validate_json_with_now(
            &no_reopened,
            fixed_now()
        )),
        set(&["/reopened_at required"])
    );
    let missing = serde_json::from_value::<nullable::Chat>(no_reopened).unwrap_err();
    assert!(missing.to_string().contains("reopened_at"), "{missing}");
    assert_verdict::<nullable::Chat>(
        &json!({"id": null, "closed_by": "x", "reopened_at": null}),
        &["/id type"],
    );
    assert_verdict::<nullable::Chat>(
        &with(&base, "rating", json!("abcdefghijk")),
        &["/rating max_length"],
    );
    for field in ["closed_at", "reopened_at"] {
        let bad = with(&base, field, json!("yesterday"));
        assert_verdict::<nullable::Chat>(&bad, &[&format!("/{field} format")]);
        assert!(serde_json::from_value::<nullable::Chat>(bad).is_err());
    }
    // The tri-state uuid reads exactly the `uuid` format: braced is not.
    let braced = with(
        &base,
        "watcher",
        json!("{bd4567f4-9b90-42e6-b282-7767af1ba581}"),
    );
    assert_verdict::<nullable::Chat>(&braced, &["/watcher format"]);
    assert!(serde_json::from_value::<nullable::Chat>(braced).is_err());
    assert_verdict::<nullable::Chat>(
        &with(
            &base,
            "agents",
            json!([{"id": 1, "name": null}, {"id": "2"}]),
        ),
        &["/agents/1/id type"],
    );
    assert_verdict::<nullable::Chat>(&with(&base, "status", json!("open")), &["/status enum"]);
    // A nullable required field is sent as null, not left out.
    let typed: nullable::Chat = round_trips(&base);
    let sent = serde_json::to_value(&typed).expect("serializes");
    assert_eq!(sent, base);
}

// --- names -----------------------------------------------------------------

#[test]
fn keyword_digit_and_punctuation_names_keep_their_wire_names() {
    let wire = json!({
        "type": "t", "self": "s", "Self": "S", "super": "u", "crate": "c", "match": 1,
        "async": true, "fn": "2fa", "3d": false, "1st_place": "gold", "chat-server": "a.b",
        "chatId": "camel", "chat_id": "snake", "filter[0].field": "f"
    });
    let thing: naming::Thing = round_trips(&wire);
    assert_eq!(thing.r#type, "t");
    assert_eq!(thing.self_.as_deref(), Some("s"));
    assert_eq!(thing.self_type.as_deref(), Some("S"));
    assert_eq!(thing.super_.as_deref(), Some("u"));
    assert_eq!(thing.crate_.as_deref(), Some("c"));
    assert_eq!(thing.r#match, Some(1));
    assert_eq!(thing.r#async, Some(true));
    assert_eq!(thing.r#fn, Some(naming::Type::V2fa));
    assert_eq!(thing._3d, Some(false));
    assert_eq!(thing._1st_place.as_deref(), Some("gold"));
    assert_eq!(thing.chat_server.as_deref(), Some("a.b"));
    assert_eq!(thing.chat_id.as_deref(), Some("camel"));
    assert_eq!(thing.chat_id_snake.as_deref(), Some("snake"));
    assert_eq!(thing.filter_0_field.as_deref(), Some("f"));
    assert_verdict::<naming::Thing>(&wire, &[]);
    assert_verdict::<naming::Thing>(
        &with(&wire, "chat-server", json!("A")),
        &["/chat-server pattern"],
    );
    assert_verdict::<naming::Thing>(&with(&wire, "fn", json!("Match")), &["/fn enum"]);
    for v in ["match", "Self", "2fa", "in-progress"] {
        assert_verdict::<naming::Thing>(&with(&wire, "fn", json!(v)), &[]);
    }
    let _: naming::Self_ = round_trips(&json!({"id": 1}));
}

// --- protocols and the registry --------------------------------------------

#[test]
fn registry_lists_every_endpoint_with_its_method_path_and_rpc_method() {
    let rows: Vec<(String, &str, &str, Option<&str>)> = [
        multipart::ENDPOINTS,
        jsonrpc::ENDPOINTS,
        responses::ENDPOINTS,
        nullable::ENDPOINTS,
    ]
    .iter()
    .flat_map(|e| e.iter())
    .map(|e| (e.id(), e.method, e.path, e.rpc_method))
    .collect();
    assert_eq!(
        rows,
        [
            (
                "multipart.add_attachment".to_owned(),
                "POST",
                "/api/attachments",
                None
            ),
            (
                "multipart.list_domains".to_owned(),
                "GET",
                "/api/domains",
                None
            ),
            (
                "jsonrpc.upload_items".to_owned(),
                "POST",
                "/v2.0",
                Some("upload.items")
            ),
            (
                "jsonrpc.count_items".to_owned(),
                "POST",
                "/v2.0",
                Some("count.items")
            ),
            ("responses.create_chat".to_owned(), "POST", "/chats", None),
            ("responses.capture".to_owned(), "POST", "/capture", None),
            ("responses.list_chats".to_owned(), "GET", "/chats", None),
            (
                "responses.delete_chat".to_owned(),
                "DELETE",
                "/chats/current",
                None
            ),
            ("nullable.get_chat".to_owned(), "GET", "/chat", None),
        ]
    );
}

#[test]
fn a_payload_holds_query_and_body_fields_side_by_side() {
    let endpoint = &multipart::ENDPOINTS[0];
    let ok = json!({"chatSessionID": "+a1b2c3d4e5", "messageNumber": 2.5, "kind": "image", "file": "Ynl0ZXM=", "count": 2, "inline": true});
    assert_eq!(endpoint.validate_with_now(&ok, fixed_now()), Ok(()));
    let bad = json!({"chatSessionID": "short", "kind": "video", "file": "%%%", "caption": "x".repeat(101)});
    assert_eq!(
        verdict(endpoint.validate_with_now(&bad, fixed_now())),
        set(&[
            "/chatSessionID min_length",
            "/kind enum",
            "/file format",
            "/caption max_length"
        ])
    );
    assert_eq!(
        verdict(endpoint.validate_with_now(&json!({}), fixed_now())),
        set(&["/chatSessionID required", "/file required"])
    );
    let list = &multipart::ENDPOINTS[1];
    assert_eq!(list.validate_with_now(&json!({}), fixed_now()), Ok(()));
    assert_eq!(
        verdict(list.validate_with_now(&json!({"page": 0}), fixed_now())),
        set(&["/page minimum"])
    );
    // An endpoint without query or body takes an empty object.
    let list_chats = &responses::ENDPOINTS[2];
    assert_eq!(
        list_chats.validate_with_now(&json!({}), fixed_now()),
        Ok(())
    );
    assert_eq!(
        verdict(list_chats.validate_with_now(&json!([]), fixed_now())),
        set(&[" type"])
    );
}

#[test]
fn json_rpc_params_are_validated_like_a_body() {
    let endpoint = &jsonrpc::ENDPOINTS[0];
    let item = json!({"at": "2020-01-01 00:00:00"});
    assert_eq!(
        endpoint.validate_with_now(&json!({"items": vec![item.clone(); 500]}), fixed_now()),
        Ok(())
    );
    assert_eq!(
        verdict(endpoint.validate_with_now(&json!({"items": vec![item; 501]}), fixed_now())),
        set(&["/items max_items"])
    );
    assert_eq!(
        verdict(endpoint.validate_with_now(
            &json!({"items": [{"at": "2999-01-01 00:00:00"}]}),
            fixed_now()
        )),
        set(&["/items/0/at future"])
    );
    let result: jsonrpc::UploadResult =
        round_trips(&json!({"data": [{"id": 1}, {"id": 2}], "metadata": {"count": 2}}));
    assert_eq!(result.data.len(), 2);
}

#[test]
fn json_fields_accept_any_value_including_null() {
    assert_verdict::<scalars::AllScalars>(&with(&scalars_base(), "extra", Value::Null), &[]);
}

// --- date-time bounds ------------------------------------------------------

#[test]
fn not_past_compares_with_the_injected_now_at_the_format_precision() {
    // fixed_now() is 2025-06-01T00:00:00Z.
    for (key, value, expected) in [
        ("due_at", "2025-06-01T00:00:00Z", &[][..]),
        ("due_at", "2025-06-01T02:00:00+02:00", &[][..]),
        ("due_at", "2025-05-31T23:59:59Z", &["/due_at past"][..]),
        ("due_at", "2025-06-01T01:00:00+02:00", &["/due_at past"][..]),
        ("due_at", "not a date", &["/due_at format"][..]),
        // A date-only field of today is not past, though its midnight is.
        ("due_day", "2025-06-01", &[][..]),
        ("due_day", "2025-06-02", &[][..]),
        ("due_day", "2025-05-31", &["/due_day past"][..]),
    ] {
        assert_verdict::<datetime_bounds::Booking>(&json!({ key: value }), expected);
    }
    // The same value is past once "now" has moved on.
    let later = fixed_now() + specgen_runtime::time::Duration::HOUR;
    let payload = json!({"due_at": "2025-06-01T00:30:00Z", "due_day": "2025-06-01"});
    assert_eq!(
        verdict(datetime_bounds::Booking::validate_json_with_now(
            &payload, later
        )),
        set(&["/due_at past"])
    );
}

#[test]
fn date_time_minimum_and_maximum_are_inclusive_instants_in_the_field_format() {
    for (key, value, expected) in [
        ("starts", json!("2025-01-01T00:00:00Z"), &[][..]),
        (
            "starts",
            json!("2024-12-31T23:59:59Z"),
            &["/starts minimum"][..],
        ),
        // 2024-12-31T23:00:00Z: compared as an instant, not as text.
        (
            "starts",
            json!("2025-01-01T01:00:00+02:00"),
            &["/starts minimum"][..],
        ),
        ("starts", json!("2025-12-31T23:59:59Z"), &[][..]),
        (
            "starts",
            json!("2026-01-01T00:00:00Z"),
            &["/starts maximum"][..],
        ),
        ("stamp", json!("2020-01-01 00:00:00"), &[][..]),
        (
            "stamp",
            json!("2019-12-31 23:59:59"),
            &["/stamp minimum"][..],
        ),
        (
            "stamp",
            json!("2025-06-01 00:00:01"),
            &["/stamp future"][..],
        ),
        // The maximum 2025-06-30T00:00:00+02:00 is 2025-06-29T22:00:00Z.
        ("window", json!("2025-06-29T22:00:00Z"), &[][..]),
        (
            "window",
            json!("2025-06-29T22:00:01Z"),
            &["/window maximum"][..],
        ),
        (
            "window",
            json!("2025-05-01T00:00:00Z"),
            &["/window past"][..],
        ),
        (
            "days",
            json!(["01/01/2025", "31/12/2024", "2025-01-01"]),
            &["/days/1 minimum", "/days/2 format"][..],
        ),
    ] {
        assert_verdict::<datetime_bounds::Booking>(&json!({ key: value }), expected);
    }
}

#[test]
fn date_time_bounds_have_default_and_custom_messages() {
    let payload = json!({
        "due_at": "2025-05-31T00:00:00Z",
        "due_day": "2025-05-31",
        "starts": "2024-01-01T00:00:00Z",
        "stamp": "2019-01-01 00:00:00",
        "window": "2025-07-01T00:00:00Z",
    });
    let got: BTreeSet<(String, String)> = messages::<datetime_bounds::Booking>(&payload)
        .into_iter()
        .collect();
    let want: BTreeSet<(String, String)> = [
        ("/due_at", "can't be in the past"),
        ("/due_day", "Pick today or a later day"),
        ("/starts", "must be 2025-01-01T00:00:00Z or later"),
        ("/stamp", "Not before 2020"),
        ("/window", "must be 2025-06-30T00:00:00+02:00 or earlier"),
    ]
    .into_iter()
    .map(|(p, m)| (p.to_owned(), m.to_owned()))
    .collect();
    assert_eq!(got, want);
    let late = json!({"starts": "2026-01-01T00:00:00Z"});
    assert_eq!(
        messages::<datetime_bounds::Booking>(&late),
        [("/starts".to_owned(), "Starts in 2025".to_owned())]
    );
}

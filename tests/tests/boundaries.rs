//! Boundary tests for every constrained field of the four seed APIs: one
//! under and one at each length and numeric bound, pattern hits and misses,
//! every enum value and one outside, format hits and misses, each
//! cross-field rule satisfied and broken, 500 and 501 chats, and date-times
//! on both sides of an injected "now".
//!
//! Each case edits a valid base payload, then checks that
//! - the registry's JSON validator reports exactly the expected
//!   `"path code"` lines, and
//! - the typed request decodes and its `Validate` reports the same lines,
//!   or, when it cannot decode (a wrong type, a missing field, a value
//!   outside a closed enum, bad base64), that the JSON validator reported
//!   why.

use std::collections::BTreeSet;

use serde_json::{json, Value};
use specgen_runtime::registry;
use specgen_runtime::time::OffsetDateTime;
use specgen_tests::{fixed_now, verdict};

use chat_apis::{chat_v2, helpcrunch};

/// The typed verdict for an endpoint's payload: each of its request types
/// (the registry's `payload_types`), decoded from the one payload,
/// validated, errors merged; `None` when one does not decode.
fn typed_verdict(id: &str, payload: &Value, now: OffsetDateTime) -> Option<BTreeSet<String>> {
    let endpoint = registry::find(chat_apis::APIS, id).expect("registered endpoint");
    assert!(
        !endpoint.payload_types.is_empty(),
        "{id} has no request type"
    );
    let mut out = BTreeSet::new();
    for ty in endpoint.payload_types {
        out.extend(verdict((ty.decode_and_validate)(payload, now).ok()?));
    }
    Some(out)
}

/// Codes that explain why a payload does not decode into its typed request.
const UNDECODABLE: &[&str] = &["type", "required", "blank", "enum", "format"];

/// Collects every failed case of a test, so one run shows all of them.
#[derive(Default)]
struct Cases {
    failures: Vec<String>,
    count: usize,
}

impl Cases {
    /// Checks one payload against the expected `"path code"` lines with
    /// the fixed "now".
    fn check(&mut self, id: &str, what: &str, payload: &Value, expected: &[String]) {
        self.check_at(id, what, payload, expected, fixed_now());
    }

    fn check_at(
        &mut self,
        id: &str,
        what: &str,
        payload: &Value,
        expected: &[String],
        now: OffsetDateTime,
    ) {
        self.count += 1;
        let endpoint = registry::find(chat_apis::APIS, id).expect("registered endpoint");
        let expected: BTreeSet<String> = expected.iter().cloned().collect();
        let json = verdict(endpoint.validate_with_now(payload, now));
        if json != expected {
            self.failures.push(format!(
                "{id}: {what}\n  JSON validator: expected {expected:?}\n                  got      {json:?}"
            ));
            return;
        }
        match typed_verdict(id, payload, now) {
            Some(typed) if typed != json => self.failures.push(format!(
                "{id}: {what}\n  typed validator {typed:?} disagrees with JSON validator {json:?}"
            )),
            Some(_) => {}
            None => {
                let explained = json
                    .iter()
                    .any(|l| UNDECODABLE.iter().any(|c| l.ends_with(&format!(" {c}"))));
                if !explained {
                    self.failures.push(format!(
                        "{id}: {what}\n  the typed request does not decode, but the JSON validator reports {json:?}"
                    ));
                }
            }
        }
    }

    /// Sets `pointer` in `base` to `value` and expects `codes` at `pointer`.
    fn field(&mut self, id: &str, base: &Value, pointer: &str, value: Value, codes: &[&str]) {
        let what = format!("{pointer} = {}", short(&value));
        let payload = set(base, pointer, value);
        let expected: Vec<String> = codes.iter().map(|c| format!("{pointer} {c}")).collect();
        self.check(id, &what, &payload, &expected);
    }

    fn finish(self, min_cases: usize) {
        assert!(
            self.failures.is_empty(),
            "{} of {} cases failed:\n{}",
            self.failures.len(),
            self.count,
            self.failures.join("\n")
        );
        assert!(self.count >= min_cases, "only {} cases ran", self.count);
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!(
            "{}… ({} chars)",
            s.chars().take(40).collect::<String>(),
            s.chars().count()
        )
    } else {
        s
    }
}

/// `base` with the value at `pointer` replaced (or added to its parent).
fn set(base: &Value, pointer: &str, value: Value) -> Value {
    let mut v = base.clone();
    let (parent, key) = pointer.rsplit_once('/').expect("a JSON pointer");
    let parent = v
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("{parent} exists"));
    match parent {
        Value::Object(map) => {
            map.insert(key.to_owned(), value);
        }
        Value::Array(items) => {
            let i: usize = key.parse().expect("an array index");
            items[i] = value;
        }
        _ => panic!("{pointer}: parent is not a container"),
    }
    v
}

/// `base` without the member at `pointer`.
fn remove(base: &Value, pointer: &str) -> Value {
    let mut v = base.clone();
    let (parent, key) = pointer.rsplit_once('/').expect("a JSON pointer");
    v.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("{parent} is an object"))
        .remove(key)
        .unwrap_or_else(|| panic!("{pointer} exists"));
    v
}

/// `n` copies of `unit`.
fn rep(unit: &str, n: usize) -> String {
    unit.repeat(n)
}

fn lines(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// One string field with length bounds: under and at each bound, with a
/// filler that matches the field's pattern.
fn length_bounds(
    cases: &mut Cases,
    id: &str,
    base: &Value,
    pointer: &str,
    min: Option<usize>,
    max: Option<usize>,
    filler: &str,
) {
    if let Some(min) = min {
        assert!(min >= 2, "use explicit cases for min 1 (the empty string)");
        cases.field(
            id,
            base,
            pointer,
            json!(rep(filler, min - 1)),
            &["min_length"],
        );
        cases.field(id, base, pointer, json!(rep(filler, min)), &[]);
    }
    if let Some(max) = max {
        cases.field(id, base, pointer, json!(rep(filler, max)), &[]);
        cases.field(
            id,
            base,
            pointer,
            json!(rep(filler, max + 1)),
            &["max_length"],
        );
    }
}

// --- LocaliQ -------------------------------------------------------------

fn localiq_base() -> Value {
    specgen_tests::read_json(
        &specgen_tests::crate_dir()
            .join("fixtures/payloads/localiq/capture_chat.valid.documented.json"),
    )
}

const LOCALIQ: &str = "localiq.capture_chat";

#[test]
fn localiq_event_time_is_an_rfc3339_utc_date_time() {
    let base = localiq_base();
    let mut c = Cases::default();
    for hit in [
        "2017-03-10T01:19:23Z",
        "2017-03-10T01:19:23z",
        "2017-03-10T01:19:23+00:00",
        "2017-03-10T01:19:23.5Z",
        "2099-12-31T23:59:59Z",
    ] {
        c.field(LOCALIQ, &base, "/eventTime", json!(hit), &[]);
    }
    // Valid RFC 3339, but not UTC.
    c.field(
        LOCALIQ,
        &base,
        "/eventTime",
        json!("2017-03-10T03:19:23+02:00"),
        &["pattern"],
    );
    // Not RFC 3339 at all.
    c.field(
        LOCALIQ,
        &base,
        "/eventTime",
        json!("2017-03-10T01:19:23"),
        &["pattern", "format"],
    );
    c.field(
        LOCALIQ,
        &base,
        "/eventTime",
        json!("03/10/2017 01:19:23Z"),
        &["format"],
    );
    c.field(
        LOCALIQ,
        &base,
        "/eventTime",
        json!("2017-02-30T01:19:23Z"),
        &["format"],
    );
    c.field(
        LOCALIQ,
        &base,
        "/eventTime",
        json!(""),
        &["pattern", "format"],
    );
    c.field(
        LOCALIQ,
        &base,
        "/eventTime",
        json!(1_489_108_763),
        &["type"],
    );
    c.field(LOCALIQ, &base, "/eventTime", Value::Null, &["type"]);
    c.check(
        LOCALIQ,
        "no eventTime",
        &remove(&base, "/eventTime"),
        &lines(&["/eventTime required"]),
    );
    c.finish(12);
}

#[test]
fn localiq_required_strings_are_not_blank_with_rails_messages() {
    let base = localiq_base();
    let mut c = Cases::default();
    for pointer in [
        "/accountId",
        "/data/provider",
        "/data/visitId",
        "/data/chatSummary",
        "/data/chatTextFull",
        "/data/chatVisitorName",
    ] {
        c.field(LOCALIQ, &base, pointer, json!("x"), &[]);
        c.field(LOCALIQ, &base, pointer, json!(" x "), &[]);
        c.field(LOCALIQ, &base, pointer, json!("😀"), &[]);
        c.field(LOCALIQ, &base, pointer, json!(""), &["blank"]);
        c.field(LOCALIQ, &base, pointer, json!(" \t\n"), &["blank"]);
        c.field(LOCALIQ, &base, pointer, Value::Null, &["blank"]);
        c.field(LOCALIQ, &base, pointer, json!(7), &["type"]);
        c.check(
            LOCALIQ,
            &format!("no {pointer}"),
            &remove(&base, pointer),
            &[format!("{pointer} blank")],
        );
    }
    c.finish(48);

    // The messages read like the document's 400 body.
    let endpoint = registry::find(chat_apis::APIS, LOCALIQ).expect("registered");
    for (pointer, message) in [
        ("/accountId", "Account id can't be blank"),
        ("/data/provider", "Provider can't be blank"),
        ("/data/visitId", "Visit id can't be blank"),
        ("/data/chatSummary", "Chat summary can't be blank"),
        ("/data/chatTextFull", "Chat text full can't be blank"),
        (
            "/data/chatVisitorEmail",
            "Chat visitor email can't be blank",
        ),
        ("/data/chatVisitorName", "Chat visitor name can't be blank"),
    ] {
        let errors = endpoint
            .validate_with_now(&set(&base, pointer, Value::Null), fixed_now())
            .expect_err("null is blank");
        assert_eq!(errors.errors().len(), 1);
        assert_eq!(errors.errors()[0].message, message, "{pointer}");
    }
}

#[test]
fn localiq_visitor_email_is_an_email_and_not_blank() {
    let base = localiq_base();
    let mut c = Cases::default();
    let p = "/data/chatVisitorEmail";
    for hit in [
        "minneapple@gmail.com",
        "a@b",
        "first.last+tag@sub.example.co",
    ] {
        c.field(LOCALIQ, &base, p, json!(hit), &[]);
    }
    for miss in [
        "minneapple",
        "minneapple@",
        "@gmail.com",
        "a b@c.d",
        "a@b..c",
        "a@-b.c",
    ] {
        c.field(LOCALIQ, &base, p, json!(miss), &["format"]);
    }
    c.field(LOCALIQ, &base, p, json!(""), &["blank", "format"]);
    c.field(LOCALIQ, &base, p, Value::Null, &["blank"]);
    c.check(
        LOCALIQ,
        "no email",
        &remove(&base, p),
        &lines(&["/data/chatVisitorEmail blank"]),
    );
    c.finish(12);
}

#[test]
fn localiq_chat_duration_is_a_non_negative_number() {
    let base = localiq_base();
    let mut c = Cases::default();
    let p = "/data/chatDuration";
    for hit in [
        json!(0),
        json!(0.0),
        json!(0.01),
        json!(261.58),
        json!(86_400),
    ] {
        c.field(LOCALIQ, &base, p, hit, &[]);
    }
    c.field(LOCALIQ, &base, p, json!(-0.01), &["minimum"]);
    c.field(LOCALIQ, &base, p, json!(-1), &["minimum"]);
    c.field(LOCALIQ, &base, p, json!("261.58"), &["type"]);
    c.field(LOCALIQ, &base, p, Value::Null, &["type"]);
    c.check(
        LOCALIQ,
        "no duration",
        &remove(&base, p),
        &lines(&["/data/chatDuration required"]),
    );
    c.finish(10);

    let errors = registry::find(chat_apis::APIS, LOCALIQ)
        .expect("registered")
        .validate_with_now(&set(&base, p, json!(-1)), fixed_now())
        .expect_err("negative");
    assert_eq!(
        errors.errors()[0].message,
        "Chat duration must be greater than or equal to 0"
    );
}

#[test]
fn localiq_phone_is_an_optional_plain_string() {
    let base = localiq_base();
    let mut c = Cases::default();
    let p = "/data/chatVisitorPhone";
    for hit in ["6592009999", "+1 (415) 555-0123", ""] {
        c.field(LOCALIQ, &base, p, json!(hit), &[]);
    }
    c.field(LOCALIQ, &base, p, json!(6_592_009_999_u64), &["type"]);
    c.check(LOCALIQ, "no phone", &remove(&base, p), &[]);
    c.check(
        LOCALIQ,
        "data is not an object",
        &set(&base, "/data", json!("x")),
        &lines(&["/data type"]),
    );
    c.check(
        LOCALIQ,
        "no data",
        &remove(&base, "/data"),
        &lines(&["/data required"]),
    );
    c.check(
        LOCALIQ,
        "payload is an array",
        &json!([]),
        &lines(&[" type"]),
    );
    c.finish(8);
}

// --- CallGear ------------------------------------------------------------

const CALLGEAR: &str = "callgear.upload_chats";

fn callgear_chat() -> Value {
    json!({
        "start_date_time": "2020-01-01 10:00:00",
        "phone": "+14155550123",
        "status": "refused",
        "campaign_id": 789,
        "messages": [
            {"date_time": "2020-01-01 10:00:05", "source": "visitor", "message": "Hello"}
        ]
    })
}

fn callgear_base() -> Value {
    json!({"chats": [callgear_chat()]})
}

/// Regression (issue 12: "validation keeps going through every item after
/// `max_items` has already failed, and the number of errors reported has no
/// cap"): once the report is full, the validator stops walking the array.
/// 10,000 empty chats hold about 50,000 errors; walking them all would count
/// them all as left out.
#[test]
fn validation_stops_walking_an_array_once_the_error_cap_is_reached() {
    let endpoint = registry::find(chat_apis::APIS, CALLGEAR).expect("registered endpoint");
    let payload = json!({ "chats": vec![json!({}); 10_000] });
    let mut report = specgen_runtime::Report::new(fixed_now()).max_errors(10);
    (endpoint.validate_json)(&payload, &mut report);
    assert_eq!(report.errors().len(), 10);
    assert_eq!(report.errors()[0].code, "max_items");
    assert!(
        report.omitted() < 100,
        "{} errors were counted after the cap: the walk went on",
        report.omitted()
    );
    let mut uncapped = specgen_runtime::Report::new(fixed_now()).max_errors(usize::MAX);
    (endpoint.validate_json)(&payload, &mut uncapped);
    assert!(
        uncapped.errors().len() > 20_000,
        "the payload has {} errors",
        uncapped.errors().len()
    );
}

#[test]
fn callgear_accepts_500_chats_and_rejects_501() {
    let mut c = Cases::default();
    for (n, expected) in [
        (0, vec![]),
        (1, vec![]),
        (499, vec![]),
        (500, vec![]),
        (501, lines(&["/chats max_items"])),
        (1000, lines(&["/chats max_items"])),
    ] {
        let payload = json!({"chats": vec![callgear_chat(); n]});
        c.check(CALLGEAR, &format!("{n} chats"), &payload, &expected);
    }
    c.finish(6);

    let payload = json!({"chats": vec![callgear_chat(); 501]});
    let errors = registry::find(chat_apis::APIS, CALLGEAR)
        .expect("registered")
        .validate_with_now(&payload, fixed_now())
        .expect_err("501 chats");
    assert_eq!(
        errors.errors()[0].message,
        "Maximum number of inquiries per request is 500"
    );
}

#[test]
fn callgear_date_times_are_checked_against_the_injected_now() {
    let base = callgear_base();
    let mut c = Cases::default();
    // The injected now is 2025-06-01T00:00:00Z; the format has no offset
    // and is read as UTC.
    for p in ["/chats/0/start_date_time", "/chats/0/messages/0/date_time"] {
        for past in [
            "2020-01-01 10:00:00",
            "2025-05-31 23:59:59",
            "2025-06-01 00:00:00",
            "1970-01-01 00:00:00",
        ] {
            c.field(CALLGEAR, &base, p, json!(past), &[]);
        }
        for future in [
            "2025-06-01 00:00:01",
            "2025-06-02 00:00:00",
            "2999-01-01 00:00:00",
        ] {
            c.field(CALLGEAR, &base, p, json!(future), &["future"]);
        }
        for bad in [
            "2020-01-01T10:00:00",
            "2020-01-01 10:00:00Z",
            "2020-01-01 10:00",
            "2020-1-01 10:00:00",
            "2020-02-30 10:00:00",
            "2020-01-01 24:00:00",
            "",
        ] {
            c.field(CALLGEAR, &base, p, json!(bad), &["format"]);
        }
        c.field(CALLGEAR, &base, p, json!(1_577_872_800), &["type"]);
    }
    c.finish(30);

    // Moving "now" moves the verdict, for the typed and the JSON validator.
    let payload = set(
        &base,
        "/chats/0/start_date_time",
        json!("2025-06-01 00:00:01"),
    );
    let mut c = Cases::default();
    let later = fixed_now() + specgen_runtime::time::Duration::SECOND;
    c.check_at(CALLGEAR, "one second later", &payload, &[], later);
    c.check_at(
        CALLGEAR,
        "at the fixed now",
        &payload,
        &lines(&["/chats/0/start_date_time future"]),
        fixed_now(),
    );
    c.finish(2);

    let errors = registry::find(chat_apis::APIS, CALLGEAR)
        .expect("registered")
        .validate_with_now(&payload, fixed_now())
        .expect_err("future");
    assert_eq!(
        errors.errors()[0].message,
        "Date and time can't be in the future"
    );
}

#[test]
fn callgear_phone_is_e164_and_email_is_an_email() {
    let base = callgear_base();
    let mut c = Cases::default();
    let p = "/chats/0/phone";
    for hit in ["+14155550123", "+12", "+123456789012345", "+442071838750"] {
        c.field(CALLGEAR, &base, p, json!(hit), &[]);
    }
    for miss in [
        "+1",
        "+1234567890123456",
        "+0123456789",
        "14155550123",
        "+1 415 555 0123",
        "+1-415-555-0123",
        "",
    ] {
        c.field(CALLGEAR, &base, p, json!(miss), &["format"]);
    }
    c.field(CALLGEAR, &base, p, json!(14_155_550_123_u64), &["type"]);
    let p = "/chats/0/email";
    c.field(CALLGEAR, &base, p, json!("ann@example.com"), &[]);
    for miss in ["ann", "ann@", "ann@@example.com", ""] {
        c.field(CALLGEAR, &base, p, json!(miss), &["format"]);
    }
    c.finish(17);
}

#[test]
fn callgear_enums_accept_each_value_and_reject_others() {
    let base = callgear_base();
    let mut c = Cases::default();
    for (p, values, outside) in [
        (
            "/chats/0/status",
            &["lost", "succeed", "refused"][..],
            &["open", "Lost", "success", ""][..],
        ),
        (
            "/chats/0/initiator",
            &["operator", "visitor", "autoinvite"][..],
            &["bot", "Visitor", ""][..],
        ),
        // `operator` needs employee_id; it is tested with the rule.
        (
            "/chats/0/messages/0/source",
            &["visitor", "system"][..],
            &["customer", "autoinvite", ""][..],
        ),
    ] {
        for v in values {
            c.field(CALLGEAR, &base, p, json!(v), &[]);
        }
        for v in outside {
            c.field(CALLGEAR, &base, p, json!(v), &["enum"]);
        }
        c.field(CALLGEAR, &base, p, json!(1), &["type"]);
    }
    c.check(
        CALLGEAR,
        "operator with employee_id",
        &set(
            &set(&base, "/chats/0/messages/0/source", json!("operator")),
            "/chats/0/messages/0/employee_id",
            json!(1001),
        ),
        &[],
    );
    c.check(
        CALLGEAR,
        "no status",
        &remove(&base, "/chats/0/status"),
        &lines(&["/chats/0/status required"]),
    );
    c.check(CALLGEAR, "no initiator", &base, &[]);
    c.finish(22);
}

#[test]
fn callgear_session_campaign_or_site_rule() {
    let mut chat = callgear_chat();
    chat.as_object_mut().expect("object").remove("campaign_id");
    let base = json!({"chats": [chat]});
    let mut c = Cases::default();
    for key in ["visitor_session_id", "campaign_id", "site_id"] {
        c.check(
            CALLGEAR,
            &format!("only {key}"),
            &set(&base, &format!("/chats/0/{key}"), json!(5)),
            &[],
        );
    }
    let all = set(
        &set(
            &set(&base, "/chats/0/visitor_session_id", json!(1)),
            "/chats/0/campaign_id",
            json!(2),
        ),
        "/chats/0/site_id",
        json!(3),
    );
    c.check(CALLGEAR, "all three", &all, &[]);
    c.check(
        CALLGEAR,
        "none",
        &base,
        &lines(&["/chats/0 at_least_one_of"]),
    );
    for key in ["visitor_session_id", "campaign_id", "site_id"] {
        c.field(
            CALLGEAR,
            &all,
            &format!("/chats/0/{key}"),
            json!(1.5),
            &["type"],
        );
        c.field(
            CALLGEAR,
            &all,
            &format!("/chats/0/{key}"),
            json!("5"),
            &["type"],
        );
    }
    c.finish(11);

    let errors = registry::find(chat_apis::APIS, CALLGEAR)
        .expect("registered")
        .validate_with_now(&base, fixed_now())
        .expect_err("none");
    assert_eq!(
        errors.errors()[0].message,
        "visitor_session_id, campaign_id or site_id is required"
    );
}

#[test]
fn callgear_phone_or_email_rule() {
    let mut chat = callgear_chat();
    chat.as_object_mut().expect("object").remove("phone");
    let base = json!({"chats": [chat]});
    let mut c = Cases::default();
    c.check(
        CALLGEAR,
        "phone only",
        &set(&base, "/chats/0/phone", json!("+14155550123")),
        &[],
    );
    c.check(
        CALLGEAR,
        "email only",
        &set(&base, "/chats/0/email", json!("ann@example.com")),
        &[],
    );
    c.check(
        CALLGEAR,
        "both",
        &set(
            &set(&base, "/chats/0/phone", json!("+14155550123")),
            "/chats/0/email",
            json!("a@b"),
        ),
        &[],
    );
    c.check(
        CALLGEAR,
        "neither",
        &base,
        &lines(&["/chats/0 at_least_one_of"]),
    );
    // A present but invalid phone satisfies the rule; its format is wrong.
    c.check(
        CALLGEAR,
        "invalid phone",
        &set(&base, "/chats/0/phone", json!("6592009999")),
        &lines(&["/chats/0/phone format"]),
    );
    c.finish(5);

    let errors = registry::find(chat_apis::APIS, CALLGEAR)
        .expect("registered")
        .validate_with_now(&base, fixed_now())
        .expect_err("neither");
    assert_eq!(errors.errors()[0].message, "phone or email is required");
}

#[test]
fn callgear_employee_id_is_required_when_source_is_operator() {
    let base = callgear_base();
    let operator = set(&base, "/chats/0/messages/0/source", json!("operator"));
    let mut c = Cases::default();
    c.check(
        CALLGEAR,
        "operator without employee_id",
        &operator,
        &lines(&["/chats/0/messages/0/employee_id required_if"]),
    );
    c.check(
        CALLGEAR,
        "operator with employee_id",
        &set(&operator, "/chats/0/messages/0/employee_id", json!(1001)),
        &[],
    );
    for source in ["visitor", "system"] {
        c.check(
            CALLGEAR,
            &format!("{source} without employee_id"),
            &set(&base, "/chats/0/messages/0/source", json!(source)),
            &[],
        );
        c.check(
            CALLGEAR,
            &format!("{source} with employee_id"),
            &set(
                &set(&base, "/chats/0/messages/0/source", json!(source)),
                "/chats/0/messages/0/employee_id",
                json!(1001),
            ),
            &[],
        );
    }
    // The rule is per message.
    let two = set(
        &base,
        "/chats/0/messages",
        json!([
            {"date_time": "2020-01-01 10:00:05", "source": "operator", "employee_id": 7, "message": "a"},
            {"date_time": "2020-01-01 10:00:06", "source": "operator", "message": "b"}
        ]),
    );
    c.check(
        CALLGEAR,
        "second message",
        &two,
        &lines(&["/chats/0/messages/1/employee_id required_if"]),
    );
    c.finish(7);

    let errors = registry::find(chat_apis::APIS, CALLGEAR)
        .expect("registered")
        .validate_with_now(&operator, fixed_now())
        .expect_err("operator");
    assert_eq!(
        errors.errors()[0].message,
        "employee_id is required if source = operator"
    );
}

#[test]
fn callgear_required_members_and_types() {
    let base = callgear_base();
    let mut c = Cases::default();
    for key in ["start_date_time", "status", "messages"] {
        c.check(
            CALLGEAR,
            &format!("no {key}"),
            &remove(&base, &format!("/chats/0/{key}")),
            &[format!("/chats/0/{key} required")],
        );
    }
    for key in ["date_time", "source", "message"] {
        c.check(
            CALLGEAR,
            &format!("no message {key}"),
            &remove(&base, &format!("/chats/0/messages/0/{key}")),
            &[format!("/chats/0/messages/0/{key} required")],
        );
    }
    c.check(
        CALLGEAR,
        "no chats",
        &json!({}),
        &lines(&["/chats required"]),
    );
    c.field(CALLGEAR, &base, "/chats", json!({}), &["type"]);
    c.field(CALLGEAR, &base, "/chats/0", json!([]), &["type"]);
    c.field(CALLGEAR, &base, "/user_id", json!(42), &[]);
    c.field(CALLGEAR, &base, "/user_id", json!("42"), &["type"]);
    c.field(CALLGEAR, &base, "/user_id", json!(4.2), &["type"]);
    c.field(CALLGEAR, &base, "/chats/0/name", json!("Bob"), &[]);
    c.field(CALLGEAR, &base, "/chats/0/name", json!(["Bob"]), &["type"]);
    c.field(
        CALLGEAR,
        &base,
        "/chats/0/messages/0/message",
        json!(""),
        &[],
    );
    c.field(
        CALLGEAR,
        &base,
        "/chats/0/messages/0/message",
        json!(1),
        &["type"],
    );
    c.check(
        CALLGEAR,
        "empty messages",
        &set(&base, "/chats/0/messages", json!([])),
        &[],
    );
    c.finish(17);
}

// --- HelpCrunch ----------------------------------------------------------

const HELPCRUNCH: &str = "helpcrunch.create_chat";

#[test]
fn helpcrunch_ids_are_integers_and_two_are_required() {
    let base = json!({"customer": 8_738_438, "assignee": 4188, "department": 233_048, "application": 3838});
    let mut c = Cases::default();
    c.check(HELPCRUNCH, "documented", &base, &[]);
    for key in ["customer", "application"] {
        c.check(
            HELPCRUNCH,
            &format!("no {key}"),
            &remove(&base, &format!("/{key}")),
            &[format!("/{key} required")],
        );
        c.field(
            HELPCRUNCH,
            &base,
            &format!("/{key}"),
            Value::Null,
            &["type"],
        );
    }
    for key in ["assignee", "department"] {
        c.check(
            HELPCRUNCH,
            &format!("no {key}"),
            &remove(&base, &format!("/{key}")),
            &[],
        );
    }
    for key in ["customer", "application", "assignee", "department"] {
        let p = format!("/{key}");
        c.field(HELPCRUNCH, &base, &p, json!(0), &[]);
        c.field(HELPCRUNCH, &base, &p, json!(-1), &[]);
        c.field(HELPCRUNCH, &base, &p, json!(i64::MAX), &[]);
        c.field(HELPCRUNCH, &base, &p, json!("8738438"), &["type"]);
        c.field(HELPCRUNCH, &base, &p, json!(87.5), &["type"]);
        c.field(HELPCRUNCH, &base, &p, json!(true), &["type"]);
    }
    c.finish(31);
}

#[test]
fn payloads_the_registry_accepts_decode_into_the_typed_request() {
    let endpoint = registry::find(chat_apis::APIS, HELPCRUNCH).expect("registered");
    for customer in [json!(8_738_438.0), json!(u64::MAX)] {
        let payload = json!({"customer": customer, "application": 3838});
        if endpoint.validate_with_now(&payload, fixed_now()).is_ok() {
            assert!(
                registry::typed_payload::<helpcrunch::CreateChatRequest>(&payload).is_ok(),
                "the registry accepts {payload}, the typed request rejects it"
            );
        }
    }
    // Beyond i64 is not an integer the typed request can hold: rejected.
    let too_big = json!({"customer": u64::MAX, "application": 3838});
    assert!(endpoint.validate_with_now(&too_big, fixed_now()).is_err());
}

// --- Chat controller v2 --------------------------------------------------

const SERVER: &str = "chat.example.com";
const SESSION: &str = "a1b2c3d4-e5f6";
const TOKEN: &str = "abcDEF1234567";

/// The `chatServer` field: min 5, pattern `^[a-zA-Z0-9\.\:\/\-]+$`, on
/// every endpoint that has it.
fn chat_server(c: &mut Cases, id: &str, base: &Value, pointer: &str) {
    length_bounds(c, id, base, pointer, Some(5), None, "a");
    for hit in ["https://chat.example.com:8443/", "10.0.0.1", "A-Z.0:9/x"] {
        c.field(id, base, pointer, json!(hit), &[]);
    }
    for miss in [
        "chat example.com",
        "chat_example.com",
        "chat.example.com?x=1",
        "chät.example.com",
    ] {
        c.field(id, base, pointer, json!(miss), &["pattern"]);
    }
    c.field(id, base, pointer, json!("a b"), &["min_length", "pattern"]);
    c.field(id, base, pointer, json!(""), &["min_length", "pattern"]);
    c.field(id, base, pointer, json!(12345), &["type"]);
    c.check(
        id,
        &format!("no {pointer}"),
        &remove(base, pointer),
        &[format!("{pointer} required")],
    );
}

/// The `chatAccountToken` field: min 10, pattern `^[a-zA-Z0-9]+$`.
fn account_token(c: &mut Cases, id: &str, base: &Value, pointer: &str) {
    length_bounds(c, id, base, pointer, Some(10), None, "a");
    c.field(id, base, pointer, json!(rep("Z9", 100)), &[]);
    for miss in [
        "abcdef-12345",
        "abcdef 12345",
        "abcdef_12345",
        "äbcdef12345",
    ] {
        c.field(id, base, pointer, json!(miss), &["pattern"]);
    }
    c.field(
        id,
        base,
        pointer,
        json!("tok-123"),
        &["min_length", "pattern"],
    );
    c.check(
        id,
        &format!("no {pointer}"),
        &remove(base, pointer),
        &[format!("{pointer} required")],
    );
}

/// `chatSessionID`: min 10, an optional leading `+` where `plus`, a max
/// where given.
fn session_id(
    c: &mut Cases,
    id: &str,
    base: &Value,
    pointer: &str,
    plus: bool,
    max: Option<usize>,
) {
    length_bounds(c, id, base, pointer, Some(10), max, "a");
    for hit in ["a1b2c3d4-e5f6", "----------", "ABCDEFGHIJ"] {
        c.field(id, base, pointer, json!(hit), &[]);
    }
    let plus_codes: &[&str] = if plus { &[] } else { &["pattern"] };
    c.field(id, base, pointer, json!("+31612345678"), plus_codes);
    // The `+` counts towards the length.
    c.field(id, base, pointer, json!("+a1b2c3d4e"), plus_codes);
    c.field(
        id,
        base,
        pointer,
        json!("+a1b2c3d4"),
        if plus {
            &["min_length"]
        } else {
            &["min_length", "pattern"]
        },
    );
    for miss in [
        "a1b2c3d4+e5f6",
        "++a1b2c3d4e5",
        "a1b2c3d4_e5f6",
        "a1b2c3d4 e5f6",
    ] {
        c.field(id, base, pointer, json!(miss), &["pattern"]);
    }
    if max.is_none() {
        c.field(id, base, pointer, json!(rep("a", 1000)), &[]);
    }
    c.check(
        id,
        &format!("no {pointer}"),
        &remove(base, pointer),
        &[format!("{pointer} required")],
    );
}

const CONFIG: &str = "chat_v2.request_chat_config";
const MESSAGE: &str = "chat_v2.notify_user_new_chat_message";
const EVENT: &str = "chat_v2.notify_user_new_chat_event";
const VISITED: &str = "chat_v2.notify_user_visited";
const END: &str = "chat_v2.notify_user_end_chat";
const ATTACHMENT: &str = "chat_v2.add_attachment";
const ORIGIN: &str = "chat_v2.check_origin_and_ip";
const QUEUE: &str = "chat_v2.request_chat_queue";

#[test]
fn chat_v2_request_chat_config_bounds() {
    let base = json!({"chatServer": SERVER, "chatAccountToken": TOKEN});
    let mut c = Cases::default();
    chat_server(&mut c, CONFIG, &base, "/chatServer");
    account_token(&mut c, CONFIG, &base, "/chatAccountToken");
    c.check(
        CONFIG,
        "the document's sample",
        &json!({"chatServer": "text", "chatAccountToken": "text"}),
        &lines(&["/chatServer min_length", "/chatAccountToken min_length"]),
    );
    c.finish(23);
}

fn message_base() -> Value {
    json!({"chatServer": SERVER, "chatSessionID": SESSION, "chatAccountToken": TOKEN, "message": "Hi"})
}

#[test]
fn chat_v2_new_chat_message_identity_fields() {
    let base = message_base();
    let mut c = Cases::default();
    chat_server(&mut c, MESSAGE, &base, "/chatServer");
    session_id(&mut c, MESSAGE, &base, "/chatSessionID", true, Some(65));
    account_token(&mut c, MESSAGE, &base, "/chatAccountToken");
    c.finish(37);
}

#[test]
fn chat_v2_new_chat_message_numbers() {
    let base = message_base();
    let mut c = Cases::default();
    let p = "/channelID";
    for hit in [json!(1), json!(1.0), json!(1.5), json!(8), json!(1_000_000)] {
        c.field(MESSAGE, &base, p, hit, &[]);
    }
    for miss in [json!(0), json!(0.99), json!(-8)] {
        c.field(MESSAGE, &base, p, miss, &["minimum"]);
    }
    c.field(MESSAGE, &base, p, json!("8"), &["type"]);
    let p = "/messageNumber";
    for hit in [json!(1), json!(2), json!(25.5), json!(49.99), json!(50)] {
        c.field(MESSAGE, &base, p, hit, &[]);
    }
    for miss in [json!(0), json!(0.5)] {
        c.field(MESSAGE, &base, p, miss, &["minimum"]);
    }
    for miss in [json!(50.01), json!(51), json!(1000)] {
        c.field(MESSAGE, &base, p, miss, &["maximum"]);
    }
    c.field(MESSAGE, &base, p, json!("1"), &["type"]);
    c.finish(19);
}

#[test]
fn chat_v2_new_chat_message_min_one_strings() {
    let base = message_base();
    let mut c = Cases::default();
    for p in [
        "/message",
        "/url",
        "/additionalData",
        "/externalAddressOverwrite",
    ] {
        c.field(MESSAGE, &base, p, json!(""), &["min_length"]);
        c.field(MESSAGE, &base, p, json!("a"), &[]);
        c.field(MESSAGE, &base, p, json!(" "), &[]);
        // One astral character is one code point (four bytes, two UTF-16 units).
        c.field(MESSAGE, &base, p, json!("😀"), &[]);
        c.field(MESSAGE, &base, p, json!(rep("x", 10_000)), &[]);
        c.field(MESSAGE, &base, p, json!(false), &["type"]);
    }
    // A boolean since the document's sample sends one; its quoted default
    // is how it travels in a form, not in JSON.
    let p = "/usedPredefinedUserInput";
    c.field(MESSAGE, &base, p, json!(false), &[]);
    c.field(MESSAGE, &base, p, json!(true), &[]);
    c.field(MESSAGE, &base, p, json!("false"), &["type"]);
    c.field(MESSAGE, &base, p, json!(""), &["type"]);
    c.check(
        MESSAGE,
        "no message",
        &remove(&base, "/message"),
        &lines(&["/message required"]),
    );
    for p in [
        "/url",
        "/usedPredefinedUserInput",
        "/additionalData",
        "/externalAddressOverwrite",
    ] {
        c.check(MESSAGE, &format!("no {p}"), &base, &[]);
    }
    c.check(
        MESSAGE,
        "the document's sample",
        &json!({
            "chatServer": "text", "chatSessionID": "text", "chatAccountToken": "text",
            "channelID": 8, "message": "", "url": "", "messageNumber": 1,
            "usedPredefinedUserInput": false, "additionalData": "", "externalAddressOverwrite": "",
            "customerName": "text", "emailAddress": "[email protected]", "phoneNumber": "text"
        }),
        &lines(&[
            "/chatServer min_length",
            "/chatSessionID min_length",
            "/chatAccountToken min_length",
            "/message min_length",
            "/url min_length",
            "/additionalData min_length",
            "/externalAddressOverwrite min_length",
            "/emailAddress format",
            "/phoneNumber pattern",
        ]),
    );
    c.finish(34);
}

#[test]
fn chat_v2_new_chat_message_patterns_and_email() {
    let base = message_base();
    let mut c = Cases::default();
    let p = "/customerName";
    for hit in ["Bob", "Bob Smith 2", " ", "ABC xyz 019"] {
        c.field(MESSAGE, &base, p, json!(hit), &[]);
    }
    for miss in ["", "Bob_Smith", "Bob-Smith", "Zoë", "Bob\tSmith", "O'Brien"] {
        c.field(MESSAGE, &base, p, json!(miss), &["pattern"]);
    }
    let p = "/phoneNumber";
    for hit in ["+31612345678", "+0", "+000"] {
        c.field(MESSAGE, &base, p, json!(hit), &[]);
    }
    for miss in ["0612345678", "+", "+31 612", "+31-612", "31+612", ""] {
        c.field(MESSAGE, &base, p, json!(miss), &["pattern"]);
    }
    let p = "/emailAddress";
    for hit in ["bob@example.com", "b@c"] {
        c.field(MESSAGE, &base, p, json!(hit), &[]);
    }
    for miss in ["bob", "bob@", "", "bob@example.com "] {
        c.field(MESSAGE, &base, p, json!(miss), &["format"]);
    }
    c.finish(25);
}

#[test]
fn chat_v2_new_chat_message_defaults_fill_absent_fields() {
    let typed: chat_v2::NotifyUserNewChatMessageBody =
        serde_json::from_value(message_base()).expect("decodes");
    assert!((typed.channel_id - 8.0).abs() < f64::EPSILON);
    assert!((typed.message_number - 1.0).abs() < f64::EPSILON);
    assert!(!typed.used_predefined_user_input);
    assert_eq!(typed.url, None);
    assert_eq!(typed.validate_with_now(fixed_now()), Ok(()));
    // Defaults are sent: the server sees the documented values.
    let sent = serde_json::to_value(&typed).expect("serializes");
    assert_eq!(sent["channelID"], json!(8.0));
    assert_eq!(sent["messageNumber"], json!(1.0));
    assert_eq!(sent["usedPredefinedUserInput"], json!(false));
    assert!(
        sent.get("url").is_none(),
        "absent optional fields stay absent: {sent}"
    );
}

#[test]
fn chat_v2_new_chat_event_fields() {
    let base = json!({"chatServer": SERVER, "chatSessionID": SESSION, "event": "startedtyping"});
    let mut c = Cases::default();
    chat_server(&mut c, EVENT, &base, "/chatServer");
    session_id(&mut c, EVENT, &base, "/chatSessionID", false, None);
    // An open enum: the known value and any other string.
    for v in ["startedtyping", "stoppedtyping", "", "STARTEDTYPING"] {
        c.field(EVENT, &base, "/event", json!(v), &[]);
    }
    c.field(EVENT, &base, "/event", json!(1), &["type"]);
    c.field(EVENT, &base, "/event", Value::Null, &["type"]);
    c.check(
        EVENT,
        "no event",
        &remove(&base, "/event"),
        &lines(&["/event required"]),
    );
    c.finish(34);

    let known: chat_v2::NotifyUserNewChatEventBody =
        serde_json::from_value(base.clone()).expect("decodes");
    assert_eq!(known.event, chat_v2::ChatEvent::Startedtyping);
    let other: chat_v2::NotifyUserNewChatEventBody =
        serde_json::from_value(set(&base, "/event", json!("stoppedtyping"))).expect("decodes");
    assert_eq!(
        other.event,
        chat_v2::ChatEvent::Other("stoppedtyping".to_owned())
    );
    assert_eq!(
        serde_json::to_value(&other).expect("serializes")["event"],
        json!("stoppedtyping")
    );
}

#[test]
fn chat_v2_visited_and_end_chat_fields() {
    let base =
        json!({"chatServer": SERVER, "chatSessionID": SESSION, "url": "https://example.com"});
    let mut c = Cases::default();
    chat_server(&mut c, VISITED, &base, "/chatServer");
    session_id(&mut c, VISITED, &base, "/chatSessionID", false, None);
    length_bounds(&mut c, VISITED, &base, "/url", Some(4), None, "a");
    // Lengths count code points: three astral characters are 12 bytes and
    // 6 UTF-16 units, but 3 characters.
    c.field(VISITED, &base, "/url", json!("😀😀😀"), &["min_length"]);
    c.field(VISITED, &base, "/url", json!("😀😀😀😀"), &[]);
    c.field(VISITED, &base, "/url", json!("ééé"), &["min_length"]);
    c.field(VISITED, &base, "/url", json!(""), &["min_length"]);
    c.check(
        VISITED,
        "no url",
        &remove(&base, "/url"),
        &lines(&["/url required"]),
    );

    let base = json!({"chatServer": SERVER, "chatSessionID": SESSION});
    chat_server(&mut c, END, &base, "/chatServer");
    session_id(&mut c, END, &base, "/chatSessionID", false, None);
    c.finish(61);
}

#[test]
fn chat_v2_add_attachment_query_and_file() {
    let base = json!({"chatServer": SERVER, "chatSessionID": SESSION, "chatAccountToken": TOKEN, "file": "Ynl0ZXM="});
    let mut c = Cases::default();
    chat_server(&mut c, ATTACHMENT, &base, "/chatServer");
    session_id(&mut c, ATTACHMENT, &base, "/chatSessionID", true, None);
    account_token(&mut c, ATTACHMENT, &base, "/chatAccountToken");
    let p = "/phoneNumber";
    for hit in ["0612345678", "+31612345678", "0"] {
        c.field(ATTACHMENT, &base, p, json!(hit), &[]);
    }
    for miss in ["+", "", "+31 612", "++31", "06-12"] {
        c.field(ATTACHMENT, &base, p, json!(miss), &["pattern"]);
    }
    // No bounds on this endpoint's messageNumber.
    for hit in [json!(0), json!(-5), json!(51), json!(2.5)] {
        c.field(ATTACHMENT, &base, "/messageNumber", hit, &[]);
    }
    c.field(ATTACHMENT, &base, "/messageNumber", json!("3"), &["type"]);
    let p = "/file";
    for hit in ["Ynl0ZXM=", "", "AAAA", "/+8="] {
        c.field(ATTACHMENT, &base, p, json!(hit), &[]);
    }
    for miss in ["Ynl0ZXM", "Ynl0ZXM=!", "not base64", "Ynl0ZXM=="] {
        c.field(ATTACHMENT, &base, p, json!(miss), &["format"]);
    }
    c.field(ATTACHMENT, &base, p, json!([1, 2]), &["type"]);
    c.check(
        ATTACHMENT,
        "no file",
        &remove(&base, p),
        &lines(&["/file required"]),
    );
    c.finish(59);

    let typed: chat_v2::AddAttachmentBody = serde_json::from_value(base).expect("decodes");
    assert_eq!(typed.file.0, b"bytes");
}

#[test]
fn chat_v2_check_origin_and_ip_fields() {
    let base = json!({"chatServer": SERVER, "chatAccountToken": TOKEN, "origin": "www.example.com", "ip": "192.168.0.1"});
    let mut c = Cases::default();
    chat_server(&mut c, ORIGIN, &base, "/chatServer");
    account_token(&mut c, ORIGIN, &base, "/chatAccountToken");
    let p = "/origin";
    for hit in ["a", "example.com", "my-host.example.co.uk", "-.-"] {
        c.field(ORIGIN, &base, p, json!(hit), &[]);
    }
    c.field(ORIGIN, &base, p, json!(""), &["min_length", "pattern"]);
    for miss in [
        "https://example.com",
        "example.com:8080",
        "exa mple.com",
        "example.com/",
    ] {
        c.field(ORIGIN, &base, p, json!(miss), &["pattern"]);
    }
    length_bounds(&mut c, ORIGIN, &base, "/ip", Some(5), None, "1");
    c.field(ORIGIN, &base, "/ip", json!("::1"), &["min_length"]);
    c.field(ORIGIN, &base, "/ip", json!("2001:db8::1"), &[]);
    c.check(
        ORIGIN,
        "no ip",
        &remove(&base, "/ip"),
        &lines(&["/ip required"]),
    );
    c.check(
        ORIGIN,
        "no origin",
        &remove(&base, "/origin"),
        &lines(&["/origin required"]),
    );
    c.finish(37);
}

#[test]
fn chat_v2_request_chat_queue_token() {
    let base = json!({"chatAccountToken": TOKEN});
    let mut c = Cases::default();
    account_token(&mut c, QUEUE, &base, "/chatAccountToken");
    c.finish(9);
}

#[test]
fn chat_v2_payloads_must_be_objects() {
    let mut c = Cases::default();
    for id in [
        CONFIG, MESSAGE, EVENT, VISITED, END, ATTACHMENT, ORIGIN, QUEUE,
    ] {
        for payload in [json!([]), json!("x"), json!(null), json!(1)] {
            c.check(
                id,
                &format!("payload {payload}"),
                &payload,
                &lines(&[" type"]),
            );
        }
    }
    c.finish(32);
}

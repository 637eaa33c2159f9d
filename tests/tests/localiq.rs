//! The LocaliQ document's two sample requests (the document is copied in
//! `fixtures/documents/localiq.txt`), copied verbatim: the
//! documented request is valid for both validators, and the documented
//! invalid one (`"provider": null`) is rejected at `/data/provider` with the
//! document's own message, "Provider can't be blank".

use chat_apis::localiq::{CaptureChatRequest, ChatData};
use specgen_runtime::registry::{self, Endpoint};
use specgen_runtime::{Code, ValidateJson, ValidationError};

/// The body of the document's first cURL sample (answered 200), verbatim.
const DOCUMENTED_REQUEST: &str =
    include_str!("../fixtures/payloads/localiq/capture_chat.valid.documented.json");

/// The body of the document's second cURL sample (answered 400 with
/// `["Provider can't be blank"]`).
const DOCUMENTED_INVALID_REQUEST: &str =
    include_str!("../fixtures/payloads/localiq/capture_chat.invalid.documented_null_provider.json");

fn capture_chat() -> &'static Endpoint {
    registry::find(chat_apis::APIS, "localiq.capture_chat")
        .expect("localiq.capture_chat is registered")
}

fn parse(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("the document's sample is JSON")
}

#[test]
fn documented_request_deserializes_into_the_typed_request() {
    let request: CaptureChatRequest =
        serde_json::from_str(DOCUMENTED_REQUEST).expect("the documented request fits the type");
    assert_eq!(
        request.event_time,
        chat_apis::time::OffsetDateTime::from_unix_timestamp(1_489_108_763).unwrap()
    );
    assert_eq!(request.account_id, "123456789");
    let ChatData {
        provider,
        visit_id,
        chat_duration,
        chat_visitor_email,
        chat_visitor_phone,
        chat_text_full,
        ..
    } = &request.data;
    assert_eq!(provider, "SomeCompany");
    assert_eq!(visit_id, "bd4567f4-9b90-42e6-b282-7767af1ba581");
    assert!((chat_duration - 261.58).abs() < f64::EPSILON);
    assert_eq!(chat_visitor_email, "minneapple@gmail.com");
    assert_eq!(chat_visitor_phone.as_deref(), Some("6592009999"));
    assert!(chat_text_full.starts_with("\n[2/13/2017 10:55:24 AM] elaine:"));
}

#[test]
fn documented_request_passes_the_typed_validator() {
    let request: CaptureChatRequest = serde_json::from_str(DOCUMENTED_REQUEST).expect("fits");
    assert_eq!(request.validate(), Ok(()));
}

#[test]
fn documented_request_passes_the_registry_json_validator() {
    let payload = parse(DOCUMENTED_REQUEST);
    assert_eq!(capture_chat().validate(&payload), Ok(()));
    assert_eq!(CaptureChatRequest::validate_json(&payload), Ok(()));
}

#[test]
fn documented_request_round_trips_through_the_typed_request() {
    let payload = parse(DOCUMENTED_REQUEST);
    let request: CaptureChatRequest = serde_json::from_value(payload.clone()).expect("fits");
    assert_eq!(serde_json::to_value(&request).expect("serializes"), payload);
}

#[test]
fn documented_null_provider_is_rejected_with_the_documents_message() {
    let errors = capture_chat()
        .validate(&parse(DOCUMENTED_INVALID_REQUEST))
        .expect_err("provider: null is invalid");
    assert_eq!(
        errors.errors(),
        [ValidationError {
            path: "/data/provider".into(),
            code: Code::Blank,
            message: "Provider can't be blank".into(),
        }]
    );
}

#[test]
fn documented_null_provider_cannot_become_a_typed_request() {
    // `provider` is a required, non-nullable string: the typed request
    // cannot hold null, so a typed client cannot send this sample at all.
    assert!(serde_json::from_str::<CaptureChatRequest>(DOCUMENTED_INVALID_REQUEST).is_err());
}

#[test]
fn blank_provider_reads_like_the_documented_400() {
    let mut request: CaptureChatRequest = serde_json::from_str(DOCUMENTED_REQUEST).expect("fits");
    for blank in ["", " ", "\t\n"] {
        request.data.provider = blank.to_owned();
        let errors = request.validate().expect_err("blank provider");
        let messages: Vec<&str> = errors.errors().iter().map(|e| &*e.message).collect();
        assert_eq!(messages, ["Provider can't be blank"], "{blank:?}");
        assert_eq!(errors.errors()[0].path, "/data/provider");
    }
}

#[test]
fn payload_fixtures_are_the_documents_samples() {
    // A verbatim copy of the document; its README records the original's
    // SHA-256.
    let doc = include_str!("../fixtures/documents/localiq.txt");
    // The bodies of the two cURL samples: the text between `-d '` and `'`.
    let bodies: Vec<&str> = doc
        .split("-d '")
        .skip(1)
        .filter_map(|rest| rest.split_once("\n'").map(|(body, _)| body))
        .collect();
    assert_eq!(bodies.len(), 2, "the document has two cURL samples");
    assert_eq!(DOCUMENTED_REQUEST.trim_end(), bodies[0]);
    assert_eq!(DOCUMENTED_INVALID_REQUEST.trim_end(), bodies[1]);
}

//! The differential test: do our generated validators mean exactly what the
//! exported JSON Schema says?
//!
//! For every endpoint payload of every seed spec (and every response type
//! that no payload reaches), proptest generates payloads from the IR: valid
//! ones, and ones that break each constraint at and around its boundaries,
//! with Unicode strings that include astral characters (lengths count code
//! points). Each payload is judged by
//!
//! 1. our generated JSON validator (the registry's `validate_with_now`),
//! 2. the `jsonschema` crate on `generated/schema/<api>.schema.json`, and
//! 3. the typed path: serde into the generated struct(s), then `validate()`.
//!
//! Verdicts (valid or invalid) must agree. The rule that has no standard
//! keyword (`x-specgen-not-future`) is checked inside the `jsonschema` run by
//! a hand-written reference keyword, so it is compared too. Each kind of
//! disagreement is printed once, shrunk, with the payload and every verdict.
//!
//! A few kinds are known differences, found by this test and reported
//! rather than fixed here (see [`typed_gap`] and [`schema_gap`]): they are
//! printed as `KNOWN GAP` with their counts but do not fail. Any other
//! disagreement fails, and so does a target whose payloads never break one
//! of its constraints, or are almost all valid or all invalid.
//!
//! `SPECGEN_DIFF_CASES` sets the cases per target (default 10,000) and
//! `SPECGEN_DIFF_SEED` the seed (default: a fixed one, so CI is repeatable).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::{json, Value};
use specgen::ir::Api;
use specgen_tests::differential::*;

use chat_apis::{callgear, chat_v2, helpcrunch, localiq};

// ---------------------------------------------------------------------------
// Fixed inputs.

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn cases() -> u32 {
    std::env::var("SPECGEN_DIFF_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000)
}

fn seed() -> u64 {
    std::env::var("SPECGEN_DIFF_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_5BEC)
}

/// The typed decoder of each endpoint payload. A new endpoint with a body
/// must be added here; the test says so.
fn typed_payload(id: &str) -> Option<TypedFn> {
    Some(match id {
        "localiq.capture_chat" => typed1::<localiq::CaptureChatRequest>,
        "callgear.upload_chats" => typed1::<callgear::UploadChatsParams>,
        "helpcrunch.create_chat" => typed1::<helpcrunch::CreateChatRequest>,
        "chat_v2.request_chat_config" => typed1::<chat_v2::RequestChatConfigBody>,
        "chat_v2.notify_user_new_chat_message" => typed1::<chat_v2::NotifyUserNewChatMessageBody>,
        "chat_v2.notify_user_new_chat_event" => typed1::<chat_v2::NotifyUserNewChatEventBody>,
        "chat_v2.notify_user_visited" => typed1::<chat_v2::NotifyUserVisitedBody>,
        "chat_v2.notify_user_end_chat" => typed1::<chat_v2::NotifyUserEndChatBody>,
        "chat_v2.add_attachment" => {
            typed2::<chat_v2::AddAttachmentQuery, chat_v2::AddAttachmentBody>
        }
        "chat_v2.check_origin_and_ip" => typed1::<chat_v2::CheckOriginAndIpBody>,
        "chat_v2.request_chat_queue" => typed1::<chat_v2::RequestChatQueueBody>,
        _ => return None,
    })
}

/// Response types that no payload reaches, judged as types of their own.
fn response_types() -> Vec<(&'static str, &'static str, JsonFn, TypedFn)> {
    vec![
        (
            "helpcrunch",
            "Chat",
            json_of::<helpcrunch::Chat>,
            typed1::<helpcrunch::Chat>,
        ),
        (
            "helpcrunch",
            "ErrorResponse",
            json_of::<helpcrunch::ErrorResponse>,
            typed1::<helpcrunch::ErrorResponse>,
        ),
        (
            "callgear",
            "UploadChatsResult",
            json_of::<callgear::UploadChatsResult>,
            typed1::<callgear::UploadChatsResult>,
        ),
    ]
}

fn targets(apis: &[Api]) -> Vec<Target> {
    let mut out = Vec::new();
    for (ai, api) in apis.iter().enumerate() {
        for e in &api.endpoints {
            let id = format!("{}.{}", api.name, e.name);
            let endpoint = specgen_runtime::registry::find(chat_apis::APIS, &id)
                .unwrap_or_else(|| panic!("{id} is not in chat_apis::APIS: regenerate"));
            let parts: Vec<usize> = [e.query, e.body].into_iter().flatten().collect();
            let typed = typed_payload(&id);
            assert!(
                parts.is_empty() || typed.is_some(),
                "{id} has a body but no typed decoder: add it to typed_payload()"
            );
            out.push(Target {
                id,
                api: ai,
                def: format!("payload.{}", e.name),
                parts,
                ours: Box::new(move |v| endpoint.validate_with_now(v, now())),
                typed: typed.map(|f| Box::new(f) as TypedPath),
            });
        }
    }
    for (api_name, ty, json, typed) in response_types() {
        let ai = apis
            .iter()
            .position(|a| a.name == api_name)
            .expect("seed api");
        let ti = apis[ai]
            .types
            .iter()
            .position(|t| t.name == ty)
            .expect("seed type");
        out.push(Target {
            id: format!("{api_name}.{ty}"),
            api: ai,
            def: ty.to_owned(),
            parts: vec![ti],
            ours: Box::new(json),
            typed: Some(Box::new(typed)),
        });
    }
    out
}

/// The seed IR, the checked-in schemas and the targets, built once for all
/// the tests of this file (they run in parallel threads).
struct Context {
    apis: Vec<Api>,
    docs: Vec<Value>,
    targets: Vec<Target>,
}

fn context() -> &'static Context {
    static CONTEXT: OnceLock<Context> = OnceLock::new();
    CONTEXT.get_or_init(|| {
        let out = specgen::Builder::new()
            .schemas(root().join("schemas"))
            .generate_to_strings()
            .expect("the seed specs generate");
        let apis = out.apis.apis;
        let docs = apis
            .iter()
            .map(|a| {
                let path = root().join(format!("generated/schema/{}.schema.json", a.name));
                let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
                    panic!(
                        "{}: {e}; run `cargo run -p specgen -- generate`",
                        path.display()
                    )
                });
                serde_json::from_str(&text).expect("exported schema is JSON")
            })
            .collect();
        let targets = targets(&apis);
        Context {
            apis,
            docs,
            targets,
        }
    })
}

/// Runs the differential on one target; panics with every disagreement.
fn run(id: &str) {
    let cx = context();
    let (n, t) = cx
        .targets
        .iter()
        .enumerate()
        .find(|(_, t)| t.id == id)
        .unwrap_or_else(|| panic!("no target {id}"));
    let outcome = run_target(
        &cx.apis[t.api],
        &cx.docs[t.api],
        t,
        seed(),
        n as u64,
        cases(),
    );
    println!("{}", outcome.summary());
    print!("{}", outcome.known_gaps());
    let failures = outcome.failures() + &outcome.coverage_failures();
    assert!(failures.is_empty(), "\n{failures}");
}

#[test]
fn the_not_future_reference_rejects_only_later_instants() {
    let token = NotFuture {
        token_format: Some("YYYY-MM-DD hh:mm:ss".to_owned()),
    };
    assert!(token.ok(&json!("2025-06-01 00:00:00")));
    assert!(!token.ok(&json!("2025-06-01 00:00:01")));
    assert!(token.ok(&json!("2024-12-31 23:59:59")));
    assert!(!token.ok(&json!("2026-01-01 00:00:00")));
    let rfc = NotFuture { token_format: None };
    assert!(rfc.ok(&json!("2025-06-01T01:59:59+02:00")));
    assert!(!rfc.ok(&json!("2025-06-01T00:00:01Z")));
}

macro_rules! differential_tests {
    ($($name:ident => $id:literal,)*) => {
        $(
            #[test]
            fn $name() {
                run($id);
            }
        )*

        /// Every endpoint payload and response type above has a test here.
        #[test]
        fn every_target_has_a_differential_test() {
            let listed: BTreeSet<&str> = [$($id),*].into();
            let all: BTreeSet<&str> = context().targets.iter().map(|t| t.id.as_str()).collect();
            assert_eq!(listed, all, "add the missing targets to differential_tests!");
        }
    };
}

differential_tests! {
    localiq_capture_chat => "localiq.capture_chat",
    callgear_upload_chats => "callgear.upload_chats",
    callgear_upload_chats_result => "callgear.UploadChatsResult",
    helpcrunch_create_chat => "helpcrunch.create_chat",
    helpcrunch_chat => "helpcrunch.Chat",
    helpcrunch_error_response => "helpcrunch.ErrorResponse",
    chat_v2_request_chat_config => "chat_v2.request_chat_config",
    chat_v2_notify_user_new_chat_message => "chat_v2.notify_user_new_chat_message",
    chat_v2_notify_user_new_chat_event => "chat_v2.notify_user_new_chat_event",
    chat_v2_notify_user_visited => "chat_v2.notify_user_visited",
    chat_v2_notify_user_end_chat => "chat_v2.notify_user_end_chat",
    chat_v2_add_attachment => "chat_v2.add_attachment",
    chat_v2_check_origin_and_ip => "chat_v2.check_origin_and_ip",
    chat_v2_whitelisted_domains_and_blacklisted_ips => "chat_v2.whitelisted_domains_and_blacklisted_ips",
    chat_v2_request_chat_queue => "chat_v2.request_chat_queue",
}

//! The generated clients of all four APIs, on the wire: a real HTTP server on
//! 127.0.0.1 records each request and answers from a script. Where a test
//! only needs the API itself, not the bytes it was sent, it runs against the
//! mock server of the same specs (`specgen_runtime::mock`).

use std::time::Duration;

use crate::client_support::{parse_multipart, Reply, TestServer};
use chat_apis::{callgear, chat_v2, helpcrunch, localiq};
use serde_json::{json, Value};
use specgen_runtime::client::{ClientConfig, ClientError, RetryPolicy, RpcOutcome, Secret};
use specgen_runtime::http::Method;
use specgen_runtime::mock::{MockServer, Scripted, Verdict};

/// The LocaliQ document's sample body, verbatim.
const LOCALIQ_SAMPLE: &str =
    include_str!("../fixtures/payloads/localiq/capture_chat.valid.documented.json");

/// The HelpCrunch document's request and 201 body, verbatim.
const HELPCRUNCH_REQUEST: &str =
    include_str!("../fixtures/payloads/helpcrunch/create_chat.valid.documented.json");

const HELPCRUNCH_CHAT: &str = r#"{
  "id": 542335,
  "closedBy": "string",
  "lastCustomerMessageAt": "1603885746",
  "status": "new",
  "closedAt": "1603885746",
  "rating": "perfect",
  "createdAt": "1603885746",
  "lastMessageAt": "1603885746",
  "createdWith": "string",
  "snoozedUntil": "1603885746",
  "lastMessageText": "string",
  "lastMessageId": 542335,
  "applicationId": 542335,
  "lastCommunicatedAgentId": 542335,
  "agents": [{"id": 542335, "name": "string", "email": "string", "role": "string"}],
  "customer": {"id": 542335, "name": "string", "email": "string", "userId": "string"},
  "assignee": {"id": 542335, "name": "string", "email": "string", "role": "string"},
  "department": {"id": 542335, "name": "string"}
}"#;

fn config(base_url: &str, token: &str) -> ClientConfig {
    ClientConfig::default()
        .base_url(base_url)
        .credential(Secret::new(token).unwrap())
        .timeout(Duration::from_secs(10))
}

fn json_of(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap()
}

fn fixture(api: &str, name: &str) -> Value {
    let path = format!(
        "{}/fixtures/payloads/{api}/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn errors_of(e: ClientError) -> Vec<(String, String)> {
    match e {
        ClientError::Validation(v) => {
            v.0.into_iter()
                .map(|e| (e.path.into_owned(), e.code.as_str().to_owned()))
                .collect()
        }
        other => panic!("expected validation errors, got {other}"),
    }
}

#[tokio::test]
async fn localiq_sends_the_documented_body_with_a_bearer_token_and_decodes_both_statuses() {
    let server = TestServer::start(vec![
        Reply::status(200),
        Reply::json(400, r#"["Provider can't be blank"]"#),
    ])
    .await;
    let client = localiq::Client::new(config(&server.base_url, "oauth-access-token")).unwrap();
    let request: localiq::CaptureChatRequest = serde_json::from_str(LOCALIQ_SAMPLE).unwrap();

    let first = client.capture_chat(&request).await.unwrap();
    assert_eq!(first, localiq::CaptureChatResponse::Ok);
    assert!(!first.is_error());
    let second = client.capture_chat(&request).await.unwrap();
    assert_eq!(
        second,
        localiq::CaptureChatResponse::BadRequest(vec!["Provider can't be blank".to_owned()])
    );
    assert!(second.is_error());

    let seen = server.requests();
    let r = &seen[0];
    assert_eq!(r.method, Method::POST);
    assert_eq!(r.uri.path(), "/capture_events/chats");
    assert_eq!(r.uri.query(), None);
    assert_eq!(r.headers["authorization"], "Bearer oauth-access-token");
    assert_eq!(r.headers["content-type"], "application/json");
    // The LocaliQ document's samples all send this.
    assert_eq!(r.headers["accept"], "application/json");
    assert_eq!(
        json_of(&r.body),
        serde_json::from_str::<Value>(LOCALIQ_SAMPLE).unwrap()
    );
}

#[tokio::test]
async fn an_invalid_request_returns_every_error_and_sends_nothing() {
    let mock = MockServer::start(chat_apis::APIS).await.unwrap();
    let client = localiq::Client::new(config(&mock.base_url(), "t0ken")).unwrap();
    let mut request: localiq::CaptureChatRequest = serde_json::from_str(LOCALIQ_SAMPLE).unwrap();
    request.data.provider = "   ".into();
    request.data.chat_visitor_email = "not-an-email".into();
    let errors = errors_of(client.capture_chat(&request).await.unwrap_err());
    assert_eq!(
        errors,
        [
            ("/data/provider".to_owned(), "blank".to_owned()),
            ("/data/chatVisitorEmail".to_owned(), "format".to_owned())
        ]
    );
    assert!(mock.journal().is_empty());
}

#[tokio::test]
async fn validation_can_be_skipped_explicitly() {
    let mock = MockServer::start(chat_apis::APIS).await.unwrap();
    let client =
        localiq::Client::new(config(&mock.base_url(), "t0ken").validate_requests(false)).unwrap();
    let mut request: localiq::CaptureChatRequest = serde_json::from_str(LOCALIQ_SAMPLE).unwrap();
    request.data.provider = String::new();
    // Sent anyway; the API (here its mock) refuses it in its own words.
    assert_eq!(
        client.capture_chat(&request).await.unwrap(),
        localiq::CaptureChatResponse::BadRequest(vec!["Provider can't be blank".to_owned()])
    );
    let journal = mock.journal();
    assert_eq!(journal.len(), 1);
    assert_eq!(journal[0].verdict, Verdict::Invalid);
}

#[tokio::test]
async fn callgear_puts_the_token_inside_params_and_decodes_result_and_error() {
    let server = TestServer::start(vec![
        Reply::json(200, r#"{"jsonrpc":"2.0","id":1,"result":{"data":[{"id":77}],"metadata":{"total":1}}}"#),
        Reply::json(200, r#"{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"Invalid params","data":{"field":"chats"}}}"#),
    ])
    .await;
    let client = callgear::Client::new(config(&server.base_url, "session-key")).unwrap();
    let payload = fixture("callgear", "upload_chats.valid.minimal.json");
    let params: callgear::UploadChatsParams = serde_json::from_value(payload.clone()).unwrap();

    match client.upload_chats(&params).await.unwrap() {
        RpcOutcome::Result(r) => {
            assert_eq!(r.data.len(), 1);
            assert_eq!(r.data[0].id, 77);
            assert_eq!(r.metadata, Some(json!({"total": 1})));
        }
        RpcOutcome::Error(e) => panic!("unexpected error {e:?}"),
    }
    match client.upload_chats(&params).await.unwrap() {
        RpcOutcome::Error(e) => {
            assert_eq!((e.code, e.message.as_str()), (-32602, "Invalid params"));
            assert_eq!(e.data, Some(json!({"field": "chats"})));
        }
        RpcOutcome::Result(_) => panic!("expected the JSON-RPC error"),
    }

    let r = &server.requests()[0];
    assert_eq!(r.method, Method::POST);
    assert_eq!(r.uri.path(), "/v2.0");
    assert_eq!(r.headers["content-type"], "application/json");
    assert!(r.headers.get("authorization").is_none());
    assert_eq!(r.headers["accept"], "application/json");
    let mut expected_params = payload;
    expected_params["access_token"] = json!("session-key");
    assert_eq!(
        json_of(&r.body),
        json!({"jsonrpc": "2.0", "id": 1, "method": "upload.chats", "params": expected_params})
    );
}

fn chat(i: usize) -> callgear::Chat {
    serde_json::from_value(json!({
        "start_date_time": "2020-01-01 10:00:00",
        "email": format!("visitor{i}@example.com"),
        "status": "succeed",
        "site_id": i,
        "messages": [{"date_time": "2020-01-01 10:00:05", "source": "visitor", "message": format!("chat {i}")}]
    }))
    .unwrap()
}

#[tokio::test]
async fn a_1200_chat_upload_becomes_three_requests_in_order() {
    let replies = (1..=3)
        .map(|id| {
            Reply::json(
                200,
                &format!(r#"{{"jsonrpc":"2.0","id":{id},"result":{{"data":[]}}}}"#),
            )
        })
        .collect();
    let server = TestServer::start(replies).await;
    let client = callgear::Client::new(config(&server.base_url, "session-key")).unwrap();
    let params = callgear::UploadChatsParams {
        user_id: Some(5),
        chats: (0..1200).map(chat).collect(),
    };
    let results = client.upload_chats_batched(params).await.unwrap();
    assert_eq!(results.len(), 3);
    assert!(results
        .iter()
        .all(|r| matches!(r, Ok(RpcOutcome::Result(_)))));
    let seen = server.requests();
    let batches: Vec<Vec<Value>> = seen
        .iter()
        .map(|r| {
            json_of(&r.body)["params"]["chats"]
                .as_array()
                .unwrap()
                .clone()
        })
        .collect();
    assert_eq!(
        batches.iter().map(Vec::len).collect::<Vec<_>>(),
        [500, 500, 200]
    );
    let site_ids: Vec<i64> = batches
        .concat()
        .iter()
        .map(|c| c["site_id"].as_i64().unwrap())
        .collect();
    assert_eq!(site_ids, (0..1200).collect::<Vec<i64>>());
    for r in &seen {
        assert_eq!(json_of(&r.body)["params"]["user_id"], 5);
    }
}

#[tokio::test]
async fn a_batched_upload_with_one_bad_chat_sends_nothing() {
    let mock = MockServer::start(chat_apis::APIS).await.unwrap();
    let client = callgear::Client::new(config(&mock.base_url(), "session-key")).unwrap();
    let mut chats: Vec<callgear::Chat> = (0..1200).map(chat).collect();
    chats[700].email = Some("nope".into());
    let err = client
        .upload_chats_batched(callgear::UploadChatsParams {
            user_id: None,
            chats,
        })
        .await
        .unwrap_err();
    assert_eq!(
        errors_of(err),
        [("/chats/700/email".to_owned(), "format".to_owned())]
    );
    assert!(mock.journal().is_empty());
}

#[tokio::test]
async fn helpcrunch_sends_the_documented_body_and_decodes_every_documented_status() {
    let err_body = |code: &str, message: &str| {
        format!(
            r#"{{"errors":[{{"code":"invalid_request","message":"Invalid request"}},{{"code":"{code}","message":"{message}"}}]}}"#
        )
    };
    let server = TestServer::start(vec![
        Reply::json(201, HELPCRUNCH_CHAT),
        Reply::json(
            400,
            &err_body("customer", "This value should be of type numeric."),
        ),
        Reply::json(401, &err_body("unauthorized", "Unauthorized")),
        Reply::json(
            409,
            &err_body("conflict", "Snooze chat is not allowed for closed chat"),
        ),
        Reply::json(429, &err_body("too_many_requests", "Too many requests")),
    ])
    .await;
    let cfg = config(&server.base_url, "api-key").retry(RetryPolicy::none());
    let client = helpcrunch::Client::new(cfg).unwrap();
    let request: helpcrunch::CreateChatRequest = serde_json::from_str(HELPCRUNCH_REQUEST).unwrap();

    match client.create_chat(&request).await.unwrap() {
        helpcrunch::CreateChatResponse::Created(chat) => {
            assert_eq!(chat.id, 542335);
            assert_eq!(chat.agents.as_ref().map(Vec::len), Some(1));
            assert_eq!(chat.department.as_ref().and_then(|d| d.id), Some(542335));
        }
        other => panic!("expected 201, got {other:?}"),
    }
    let mut codes = Vec::new();
    for _ in 0..4 {
        let resp = client.create_chat(&request).await.unwrap();
        assert!(resp.is_error());
        let status = resp.status();
        let body = match resp {
            helpcrunch::CreateChatResponse::BadRequest(b)
            | helpcrunch::CreateChatResponse::Unauthorized(b)
            | helpcrunch::CreateChatResponse::Conflict(b)
            | helpcrunch::CreateChatResponse::TooManyRequests(b) => b,
            other => panic!("unexpected {other:?}"),
        };
        codes.push((status, body.errors[1].code.clone().unwrap_or_default()));
    }
    assert_eq!(
        codes,
        [
            (400, "customer".to_owned()),
            (401, "unauthorized".to_owned()),
            (409, "conflict".to_owned()),
            (429, "too_many_requests".to_owned())
        ]
    );
    let r = &server.requests()[0];
    assert_eq!((r.method.as_str(), r.uri.path()), ("POST", "/v1/chats"));
    assert_eq!(r.headers["authorization"], "Bearer api-key");
    assert_eq!(r.headers["content-type"], "application/json");
    assert_eq!(r.headers["accept"], "application/json");
    assert_eq!(
        json_of(&r.body),
        serde_json::from_str::<Value>(HELPCRUNCH_REQUEST).unwrap()
    );
}

#[tokio::test]
async fn undocumented_status_malformed_json_and_oversized_bodies_are_clear_errors() {
    let big = format!("[\"{}\"]", "x".repeat(4096));
    let server = TestServer::start(vec![
        Reply::json(418, r#"{"teapot":true}"#),
        Reply::json(201, r#"{"id": 5,"#),
        Reply::json(201, &big),
    ])
    .await;
    let cfg = config(&server.base_url, "api-key")
        .retry(RetryPolicy::none())
        .max_response_bytes(1024);
    let client = helpcrunch::Client::new(cfg).unwrap();
    let request: helpcrunch::CreateChatRequest = serde_json::from_str(HELPCRUNCH_REQUEST).unwrap();

    match client.create_chat(&request).await.unwrap_err() {
        ClientError::UndocumentedStatus { status, body } => {
            assert_eq!(status, 418);
            assert!(body.contains("teapot"));
        }
        other => panic!("expected an undocumented status, got {other}"),
    }
    match client.create_chat(&request).await.unwrap_err() {
        ClientError::Decode { status, .. } => assert_eq!(status, 201),
        other => panic!("expected a decode error, got {other}"),
    }
    match client.create_chat(&request).await.unwrap_err() {
        ClientError::BodyTooLarge { limit } => assert_eq!(limit, 1024),
        other => panic!("expected BodyTooLarge, got {other}"),
    }
}

#[tokio::test]
async fn a_429_is_retried_after_retry_after_and_attempts_are_bounded() {
    let server = TestServer::start(vec![
        Reply::json(429, r#"{"errors":[]}"#).header("retry-after", "1"),
        Reply::json(201, HELPCRUNCH_CHAT),
        Reply::status(503),
        Reply::status(503),
        Reply::status(503),
    ])
    .await;
    let cfg = config(&server.base_url, "api-key").retry(
        RetryPolicy::default()
            .max_attempts(3)
            .base_delay(Duration::from_millis(10)),
    );
    let client = helpcrunch::Client::new(cfg).unwrap();
    let request: helpcrunch::CreateChatRequest = serde_json::from_str(HELPCRUNCH_REQUEST).unwrap();

    let first = client.create_chat(&request).await.unwrap();
    assert_eq!(first.status(), 201);
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    assert!(seen[1].at.duration_since(seen[0].at) >= Duration::from_millis(950));

    // 503 is retried too; after three attempts the last answer comes back,
    // and HelpCrunch does not document 503.
    match client.create_chat(&request).await.unwrap_err() {
        ClientError::UndocumentedStatus { status, .. } => assert_eq!(status, 503),
        other => panic!("expected the last 503, got {other}"),
    }
    assert_eq!(server.count(), 5);
}

#[tokio::test]
async fn a_slow_server_gives_a_timeout_error() {
    let mock = MockServer::start(chat_apis::APIS).await.unwrap();
    mock.script(
        "helpcrunch.create_chat",
        [Scripted::delay(Duration::from_secs(3))],
    )
    .unwrap();
    let cfg = config(&mock.base_url(), "api-key").timeout(Duration::from_millis(200));
    let client = helpcrunch::Client::new(cfg).unwrap();
    let request: helpcrunch::CreateChatRequest = serde_json::from_str(HELPCRUNCH_REQUEST).unwrap();
    let err = client.create_chat(&request).await.unwrap_err();
    assert!(matches!(err, ClientError::Timeout { .. }), "got {err}");
    assert_eq!(
        mock.journal().len(),
        1,
        "a POST that timed out is not sent again"
    );
}

#[tokio::test]
async fn chat_v2_sends_multipart_with_the_api_key_to_the_tenant_host() {
    let server = TestServer::start(vec![]).await;
    let tenant = format!("{}/tenant-a", server.base_url);
    let client = chat_v2::Client::new(config(&tenant, "v2-api-key")).unwrap();
    let payload = fixture("chat_v2", "notify_user_new_chat_message.valid.full.json");
    let body: chat_v2::NotifyUserNewChatMessageBody =
        serde_json::from_value(payload.clone()).unwrap();
    assert_eq!(
        client
            .notify_user_new_chat_message(&body)
            .await
            .unwrap()
            .status(),
        200
    );

    let r = &server.requests()[0];
    assert_eq!(r.method, Method::POST);
    assert_eq!(
        r.uri.path(),
        "/tenant-a/api/v2/chat/notifyUserNewChatMessage"
    );
    assert_eq!(r.headers["apikey"], "v2-api-key");
    assert!(r.headers.get("authorization").is_none());
    // chat v2 documents no response body, so any media type will do.
    assert_eq!(r.headers["accept"], "*/*");
    assert!(r.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("multipart/form-data; boundary="));
    let parts = parse_multipart(r).await;
    let mut got: Vec<(String, String)> = parts
        .iter()
        .map(|p| {
            (
                p.name.clone(),
                String::from_utf8(p.content.clone()).unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = payload
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_str().map_or_else(|| v.to_string(), str::to_owned),
            )
        })
        .collect();
    // Parts go out in spec order; the JSON map is sorted, so compare as sets.
    assert_eq!(got[0].0, "chatServer");
    // A boolean form field travels as the text `true`/`false`.
    assert!(got.contains(&("usedPredefinedUserInput".to_owned(), "true".to_owned())));
    got.sort();
    assert_eq!(got, expected);
}

#[tokio::test]
async fn chat_v2_add_attachment_sends_query_parameters_and_a_file_part() {
    let server = TestServer::start(vec![]).await;
    let client = chat_v2::Client::new(config(&server.base_url, "v2-api-key")).unwrap();
    let payload = fixture("chat_v2", "add_attachment.valid.documented_file.json");
    let query: chat_v2::AddAttachmentQuery = serde_json::from_value(payload.clone()).unwrap();
    let body: chat_v2::AddAttachmentBody = serde_json::from_value(payload.clone()).unwrap();
    client.add_attachment(&query, &body).await.unwrap();

    let r = &server.requests()[0];
    assert_eq!(r.uri.path(), "/api/v2/chat/addAttachment");
    let pairs: Vec<(String, String)> = r
        .uri
        .query()
        .unwrap()
        .split('&')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (
                k.to_owned(),
                v.replace("%2B", "+")
                    .replace("%3A", ":")
                    .replace("%2F", "/"),
            )
        })
        .collect();
    assert_eq!(
        pairs[0],
        (
            "chatServer".to_owned(),
            payload["chatServer"].as_str().unwrap().to_owned()
        )
    );
    assert_eq!(
        pairs[1],
        (
            "chatSessionID".to_owned(),
            payload["chatSessionID"].as_str().unwrap().to_owned()
        )
    );
    assert_eq!(
        pairs[2],
        (
            "chatAccountToken".to_owned(),
            payload["chatAccountToken"].as_str().unwrap().to_owned()
        )
    );
    let parts = parse_multipart(r).await;
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].name, "file");
    assert_eq!(parts[0].file_name.as_deref(), Some("file"));
    assert_eq!(parts[0].content, b"bytes");
}

#[tokio::test]
async fn chat_v2_get_has_no_body_and_no_base_url_is_a_clear_error() {
    let server = TestServer::start(vec![]).await;
    let client = chat_v2::Client::new(config(&server.base_url, "v2-api-key")).unwrap();
    client
        .whitelisted_domains_and_blacklisted_ips()
        .await
        .unwrap();
    let r = &server.requests()[0];
    assert_eq!(
        (r.method.as_str(), r.uri.path()),
        ("GET", "/api/v2/chat/whitelistedDomainsAndBlacklistedIPs")
    );
    assert!(r.body.is_empty());
    assert!(r.headers.get("content-type").is_none());

    let no_host =
        chat_v2::Client::new(ClientConfig::default().credential(Secret::new("k").unwrap()))
            .unwrap();
    let err = no_host
        .whitelisted_domains_and_blacklisted_ips()
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::MissingBaseUrl), "got {err}");
}

#[test]
fn credentials_never_show_in_debug_output() {
    let client = localiq::Client::new(
        ClientConfig::default().credential(Secret::new("sup3r-s3cret").unwrap()),
    )
    .unwrap();
    assert!(!format!("{client:?}").contains("sup3r-s3cret"));
    let err = Secret::new("abc\r\nX-Injected: 1").unwrap_err();
    assert!(!err.to_string().contains("X-Injected"));
}

#[test]
fn the_cli_sends_a_payload_and_prints_the_decoded_answer() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(TestServer::start(vec![Reply::json(201, HELPCRUNCH_CHAT)]));
    let dir = std::env::temp_dir().join(format!("specgen-cli-send-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("request.json");
    std::fs::write(&file, HELPCRUNCH_REQUEST).unwrap();
    let args: Vec<String> = [
        "send",
        "helpcrunch.create_chat",
        file.to_str().unwrap(),
        "--base-url",
        &server.base_url,
        "--token",
        "cli-token",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let code = specgen_runtime::cli::run(chat_apis::APIS, &args);
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    let r = &server.requests()[0];
    assert_eq!(r.headers["authorization"], "Bearer cli-token");
    assert_eq!(
        json_of(&r.body),
        serde_json::from_str::<Value>(HELPCRUNCH_REQUEST).unwrap()
    );

    // An invalid payload is not sent, and exits 1.
    std::fs::write(&file, r#"{"customer": "x"}"#).unwrap();
    let code = specgen_runtime::cli::run(chat_apis::APIS, &args);
    assert_eq!(code, std::process::ExitCode::from(1));
    assert_eq!(server.count(), 1);
    std::fs::remove_dir_all(&dir).ok();
}

/// Runs the CLI in-process on `args`; returns its exit code, stdout and stderr.
fn cli(args: &[&str]) -> (std::process::ExitCode, String, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = specgen_runtime::cli::run_to(chat_apis::APIS, &args, &mut out, &mut err);
    let text = |b: Vec<u8>| String::from_utf8(b).expect("the CLI prints UTF-8");
    (code, text(out), text(err))
}

/// A payload file that lives as long as the returned guard.
struct PayloadFile(std::path::PathBuf);

impl PayloadFile {
    fn new(name: &str, text: &str) -> PayloadFile {
        let path = std::env::temp_dir().join(format!("specgen-cli-{}-{name}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        PayloadFile(path)
    }
    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for PayloadFile {
    fn drop(&mut self) {
        std::fs::remove_file(&self.0).ok();
    }
}

const TOKEN: &str = "tok-S3CRET-42";

/// Sends a valid LocaliQ payload with `TOKEN` through the CLI to a server
/// answering `reply`; returns stdout and stderr.
fn send_localiq_to(reply: Reply) -> (String, String) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(TestServer::start(vec![reply]));
    let file = PayloadFile::new("localiq.json", LOCALIQ_SAMPLE);
    let (_, out, err) = cli(&[
        "send",
        "localiq.capture_chat",
        file.path(),
        "--base-url",
        &server.base_url,
        "--token",
        TOKEN,
    ]);
    assert_eq!(server.count(), 1, "{out}{err}");
    (out, err)
}

fn assert_terminal_safe(text: &str) {
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "raw control character in {text:?}"
    );
}

#[test]
fn the_cli_never_prints_a_token_a_server_echoes_in_a_body_or_a_header() {
    let echoed = format!(r#"["token {TOKEN} is invalid"]"#);
    for reply in [
        Reply::json(400, &echoed),
        Reply::json(500, &echoed),
        Reply::json(200, "{}").header("www-authenticate", &format!("Bearer {TOKEN}")),
        Reply::json(400, &format!(r#"{{"bad": "{TOKEN}""#)),
    ] {
        let (out, err) = send_localiq_to(reply);
        assert!(!out.contains(TOKEN) && !err.contains(TOKEN), "{out}\n{err}");
    }
}

#[test]
fn the_cli_never_prints_a_token_echoed_in_a_jsonrpc_error_data() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let answer = |id: u64| {
        format!(
            r#"{{"jsonrpc":"2.0","id":{id},"error":{{"code":-32602,"message":"bad params","data":{{"params":{{"access_token":"{TOKEN}"}}}}}}}}"#
        )
    };
    let server = rt.block_on(TestServer::start(vec![Reply::json(200, &answer(1))]));
    let payload = fixture("callgear", "upload_chats.valid.minimal.json");
    let file = PayloadFile::new("callgear.json", &payload.to_string());
    let (code, out, err) = cli(&[
        "send",
        "callgear.upload_chats",
        file.path(),
        "--base-url",
        &server.base_url,
        "--token",
        TOKEN,
    ]);
    assert_eq!(code, std::process::ExitCode::from(1), "{out}{err}");
    let sent = json_of(&server.requests()[0].body);
    assert_eq!(sent["params"]["access_token"], TOKEN, "the token was sent");
    assert!(out.contains("bad params"), "{out}");
    assert!(!out.contains(TOKEN) && !err.contains(TOKEN), "{out}\n{err}");
    assert!(out.contains(r#""access_token": "***""#), "{out}");
}

#[test]
fn the_cli_never_prints_a_url_password_with_odd_characters() {
    let file = PayloadFile::new("url.json", LOCALIQ_SAMPLE);
    for url in [
        "http://user:pa55?w0rd@127.0.0.1:1/",
        "http://user:pa55#w0rd@127.0.0.1:1/",
        "http://user:pa55w0rd@127.0.0.1:1/",
        "http://user:pa55%3Fw0rd@127.0.0.1:1/",
    ] {
        let (code, out, err) = cli(&[
            "send",
            "localiq.capture_chat",
            file.path(),
            "--base-url",
            url,
            "--token",
            TOKEN,
        ]);
        assert_eq!(code, std::process::ExitCode::from(3), "{url}: {err}");
        assert!(
            !err.contains("w0rd") && !out.contains("w0rd"),
            "{url}: {err}"
        );
    }
}

#[test]
fn the_cli_escapes_server_text_for_the_terminal() {
    let ansi = b"\x1b[2J\x1b[Hall good\r\n\x9b\xff\xfe".to_vec();
    let (out, err) = send_localiq_to(Reply::status(500).body(ansi));
    assert_terminal_safe(&out);
    assert_terminal_safe(&err);
    assert!(err.contains("\\u{1b}[2J"), "{err}");
    assert!(err.contains("\\xff\\xfe"), "{err}");

    // A documented error body with controls in its strings stays JSON.
    let (out, _) = send_localiq_to(Reply::json(400, "[\"\\u001b[2Jx\\u009b\\u007f\"]"));
    assert_terminal_safe(&out);
    let body = out.split_once('\n').unwrap().1;
    let shown: Value = serde_json::from_str(body).unwrap();
    assert_eq!(shown, json!(["\u{1b}[2Jx\u{9b}\u{7f}"]));

    // A CR/LF in a rejected base URL is not echoed raw.
    let file = PayloadFile::new("crlf.json", LOCALIQ_SAMPLE);
    let (code, out, err) = cli(&[
        "send",
        "localiq.capture_chat",
        file.path(),
        "--base-url",
        "http://h/\r\nerror: fake\x1b[31m",
        "--token",
        TOKEN,
    ]);
    assert_eq!(code, std::process::ExitCode::from(3), "{err}");
    assert_terminal_safe(&out);
    assert_terminal_safe(&err);
    assert!(!err.contains("\nerror: fake"), "{err}");
}

#[test]
fn the_cli_caps_the_errors_it_prints_and_says_how_many_were_left_out() {
    let chats = vec![json!({}); 5000];
    let file = PayloadFile::new("many.json", &json!({ "chats": chats }).to_string());
    let (code, out, _) = cli(&["validate", "callgear.upload_chats", file.path()]);
    assert_eq!(code, std::process::ExitCode::from(1));
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1001);
    assert_eq!(lines[1000]["code"], "truncated");

    let (_, out, _) = cli(&[
        "validate",
        "callgear.upload_chats",
        file.path(),
        "--max-errors",
        "3",
    ]);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert_eq!(lines[0]["code"], "max_items");
    assert!(lines[3]["message"].as_str().unwrap().contains("left out"));

    let (code, _, err) = cli(&[
        "validate",
        "callgear.upload_chats",
        file.path(),
        "--max-errors",
        "0",
    ]);
    assert_eq!(code, std::process::ExitCode::from(2), "{err}");
}

#[test]
fn the_cli_explains_a_bom_and_a_lone_surrogate() {
    let bom = PayloadFile::new("bom.json", "\u{feff}{}");
    let (code, _, err) = cli(&["validate", "localiq.capture_chat", bom.path()]);
    assert_eq!(code, std::process::ExitCode::from(2));
    assert!(err.contains("byte order mark"), "{err}");

    let surrogate = PayloadFile::new("surrogate.json", r#"{"chatServer": "\ud800"}"#);
    let (code, _, err) = cli(&["validate", "localiq.capture_chat", surrogate.path()]);
    assert_eq!(code, std::process::ExitCode::from(2));
    assert!(err.contains("lone UTF-16 surrogate"), "{err}");
}

#[test]
fn an_endpoints_accept_key_overrides_the_default_and_others_keep_application_json() {
    use specgen_tests::fixtures::responses;
    let client = responses::Client::new(config("https://api.example.com/v1", "t")).unwrap();
    // `delete_chat` sets `accept:` in tests/fixtures/specs/responses.yaml.
    let overridden = client.delete_chat_request().unwrap();
    assert_eq!(
        overridden.headers()["accept"],
        "application/json, text/plain;q=0.5"
    );
    let defaulted = client.list_chats_request().unwrap();
    assert_eq!(defaulted.headers()["accept"], "application/json");
}

#[tokio::test]
async fn library_errors_never_carry_a_token_the_server_echoes() {
    const TOKEN: &str = "tok-Echo-4242";
    let echoed = format!(r#"{{"seen":"Bearer {TOKEN}"}}"#);
    let server = TestServer::start(vec![
        Reply::json(418, &echoed),
        Reply::json(201, &format!(r#"{{"id": "{TOKEN}""#)),
    ])
    .await;
    let cfg = config(&server.base_url, TOKEN).retry(RetryPolicy::none());
    let client = helpcrunch::Client::new(cfg).unwrap();
    let request: helpcrunch::CreateChatRequest = serde_json::from_str(HELPCRUNCH_REQUEST).unwrap();
    for _ in 0..2 {
        let e = client.create_chat(&request).await.unwrap_err();
        let shown = format!("{e} {e:?}");
        assert!(
            matches!(
                e,
                ClientError::UndocumentedStatus { .. } | ClientError::Decode { .. }
            ),
            "{shown}"
        );
        assert!(!shown.contains(TOKEN), "{shown}");
        assert!(shown.contains("***"), "{shown}");
    }
}

/// Regression (issue 12: "a credential is printed when a server echoes it
/// back", left open for typed bodies): a documented body the caller gets as
/// a value, error or success, never holds the token, however the server
/// writes it (JSON escapes included), and neither does a response held by
/// an error, body or headers.
#[tokio::test]
async fn typed_response_bodies_never_carry_a_token_the_server_echoes() {
    const TOKEN: &str = "tok-Typed-9191";
    let escaped = TOKEN.replace('T', "\\u0054");
    let server = TestServer::start(vec![
        Reply::json(
            401,
            &format!(r#"{{"errors":[{{"code":"auth","message":"Bearer {escaped} is unknown"}}]}}"#),
        ),
        Reply::json(201, &format!(r#"{{"id":7,"lastMessageText":"{TOKEN}"}}"#)),
        Reply::json(
            429,
            &format!(r#"{{"errors":[{{"code":"{TOKEN}","message":"m"}}]}}"#),
        )
        .header("retry-after", "100000")
        .header("x-echo", &format!("Bearer {TOKEN}")),
    ])
    .await;
    let client = helpcrunch::Client::new(config(&server.base_url, TOKEN)).unwrap();
    let request: helpcrunch::CreateChatRequest = serde_json::from_str(HELPCRUNCH_REQUEST).unwrap();

    let unauthorized = client.create_chat(&request).await.unwrap();
    let helpcrunch::CreateChatResponse::Unauthorized(body) = &unauthorized else {
        panic!("expected the documented 401: {unauthorized:?}");
    };
    assert_eq!(
        body.errors[0].message.as_deref(),
        Some("Bearer *** is unknown")
    );

    let created = client.create_chat(&request).await.unwrap();
    let helpcrunch::CreateChatResponse::Created(chat) = &created else {
        panic!("expected the documented 201: {created:?}");
    };
    assert_eq!(chat.last_message_text.as_deref(), Some("***"));

    let e = client.create_chat(&request).await.unwrap_err();
    let ClientError::RetryAfterTooLong { response, .. } = &e else {
        panic!("expected RetryAfterTooLong: {e:?}");
    };
    let held = format!(
        "{:?} {}",
        response.0.headers(),
        String::from_utf8_lossy(response.0.body())
    );
    assert!(held.contains("***"), "{held}");
    for shown in [
        format!("{unauthorized:?}"),
        format!("{created:?}"),
        held,
        format!("{e} {e:?}"),
    ] {
        assert!(!shown.contains(TOKEN), "{shown}");
    }
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn a_jsonrpc_error_echoing_the_params_comes_back_without_the_token() {
    const TOKEN: &str = "session-Echo-77";
    let server = TestServer::start(vec![Reply::json(
        200,
        &format!(
            r#"{{"jsonrpc":"2.0","id":1,"error":{{"code":-32602,"message":"bad token {TOKEN}","data":{{"params":{{"access_token":"{TOKEN}"}}}}}}}}"#
        ),
    )])
    .await;
    let client = callgear::Client::new(config(&server.base_url, TOKEN)).unwrap();
    let params: callgear::UploadChatsParams =
        serde_json::from_value(fixture("callgear", "upload_chats.valid.minimal.json")).unwrap();
    match client.upload_chats(&params).await.unwrap() {
        RpcOutcome::Error(e) => {
            let shown = format!("{e} {e:?} {}", e.data.clone().unwrap_or_default());
            assert!(!shown.contains(TOKEN), "{shown}");
            assert_eq!(e.data, Some(json!({"params": {"access_token": "***"}})));
            assert_eq!(e.message, "bad token ***");
        }
        RpcOutcome::Result(_) => panic!("expected the JSON-RPC error"),
    }
}

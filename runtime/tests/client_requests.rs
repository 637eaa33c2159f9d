//! What goes on the wire for each kind of API, checked by a real local
//! server, and how the answers decode.

mod client_support;

use std::time::Duration;

use client_support::{parse_multipart, ParsedPart, Reply, TestServer};
use http::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use specgen_runtime::client::{
    decode_json, decode_jsonrpc, Auth, ClientConfig, ClientCore, ClientError, Multipart,
    RpcOutcome, Secret,
};

fn core(base_url: &str, token: &str) -> ClientCore {
    let config = ClientConfig::default()
        .base_url(base_url)
        .credential(Secret::new(token).unwrap())
        .timeout(Duration::from_secs(10));
    ClientCore::new(config).unwrap()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CaptureChat {
    event_time: &'static str,
    chat_duration: f64,
    tags: Option<Vec<&'static str>>,
}

#[tokio::test]
async fn bearer_json_post_goes_out_exactly_and_a_400_array_decodes() {
    let server = TestServer::start(vec![
        Reply::status(200),
        Reply::json(
            400,
            r#"["eventTime must be in the past","chatDuration is required"]"#,
        ),
    ])
    .await;
    let core = core(&server.base_url, "localiq-token-123");
    let body = CaptureChat {
        event_time: "2024-05-01T10:00:00Z",
        chat_duration: 12.5,
        tags: None,
    };
    let send = || async {
        let req = core
            .request(Method::POST, None, "/capture_events/chats", Auth::Bearer)?
            .json_body(&body)
            .build()?;
        core.execute(req, false).await
    };

    let ok = send().await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    assert!(ok.body().is_empty());

    let bad = send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let errors: Vec<String> = decode_json(bad.status(), bad.body()).unwrap();
    assert_eq!(
        errors,
        ["eventTime must be in the past", "chatDuration is required"]
    );

    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    let r = &seen[0];
    assert_eq!(r.method, Method::POST);
    assert_eq!(r.uri.path(), "/capture_events/chats");
    assert_eq!(r.uri.query(), None);
    assert_eq!(r.headers["authorization"], "Bearer localiq-token-123");
    assert_eq!(r.headers["content-type"], "application/json");
    assert!(r.headers["user-agent"]
        .to_str()
        .unwrap()
        .starts_with("specgen-runtime/"));
    assert_eq!(
        r.body,
        br#"{"eventTime":"2024-05-01T10:00:00Z","chatDuration":12.5,"tags":null}"#
    );
}

#[derive(Debug, Deserialize, PartialEq)]
struct Chat {
    id: i64,
    status: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct ErrorBody {
    errors: Vec<ErrorItem>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct ErrorItem {
    code: String,
    message: String,
}

#[tokio::test]
async fn created_chat_and_typed_error_bodies_decode_and_malformed_json_is_an_error() {
    let server = TestServer::start(vec![
        Reply::json(201, r#"{"id":542335,"status":"new","rating":"perfect"}"#),
        Reply::json(
            409,
            r#"{"errors":[{"code":"conflict","message":"Chat already exists"}]}"#,
        ),
        Reply::json(201, r#"{"id":542335,"status":"#),
    ])
    .await;
    let core = core(&server.base_url, "hc-key");
    let mut outcomes = Vec::new();
    for _ in 0..3 {
        let req = core
            .request(
                Method::POST,
                Some("https://api.helpcrunch.com"),
                "/v1/chats",
                Auth::Bearer,
            )
            .unwrap()
            .json_body(&json!({"customer": 8738438, "application": 3838}))
            .build()
            .unwrap();
        outcomes.push(core.execute(req, false).await.unwrap());
    }

    assert_eq!(outcomes[0].status(), StatusCode::CREATED);
    let chat: Chat = decode_json(outcomes[0].status(), outcomes[0].body()).unwrap();
    assert_eq!(
        chat,
        Chat {
            id: 542335,
            status: "new".into()
        }
    );

    assert_eq!(outcomes[1].status(), StatusCode::CONFLICT);
    let err: ErrorBody = decode_json(outcomes[1].status(), outcomes[1].body()).unwrap();
    assert_eq!(err.errors[0].code, "conflict");
    assert_eq!(err.errors[0].message, "Chat already exists");

    let e = decode_json::<Chat>(outcomes[2].status(), outcomes[2].body()).unwrap_err();
    let ClientError::Decode {
        status,
        body_snippet,
        ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(*status, StatusCode::CREATED);
    assert_eq!(body_snippet, r#"{"id":542335,"status":"#);

    // All three reached the local server: the configured base URL won over
    // the API's default.
    assert_eq!(server.count(), 3);
    let sent: Value = serde_json::from_slice(&server.requests()[0].body).unwrap();
    assert_eq!(sent, json!({"customer": 8738438, "application": 3838}));
}

#[tokio::test]
async fn jsonrpc_call_carries_the_token_in_params_and_decodes_the_result() {
    let server = TestServer::start(vec![Reply::json(
        200,
        r#"{"jsonrpc":"2.0","id":1,"result":{"data":[{"id":10},{"id":11}],"metadata":{}}}"#,
    )])
    .await;
    let core = core(&server.base_url, "cg-access-token");
    let id = core.next_rpc_id();
    let params = json!({"chats": [{"status": "lost", "messages": []}]});
    let req = core
        .request(
            Method::POST,
            None,
            "/v2.0",
            Auth::ParamsField("access_token"),
        )
        .unwrap()
        .jsonrpc("upload.chats", id, &params)
        .build()
        .unwrap();
    let resp = core.execute(req, false).await.unwrap();

    #[derive(Debug, Deserialize)]
    struct Uploaded {
        data: Vec<Value>,
    }
    let RpcOutcome::Result(out) =
        decode_jsonrpc::<Uploaded>(resp.status(), resp.body(), id).unwrap()
    else {
        panic!("expected a result")
    };
    assert_eq!(out.data, [json!({"id": 10}), json!({"id": 11})]);

    let r = &server.requests()[0];
    assert_eq!((r.method.as_str(), r.uri.path()), ("POST", "/v2.0"));
    assert!(r.headers.get("authorization").is_none());
    assert_eq!(r.headers["content-type"], "application/json");
    let sent: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        sent,
        json!({
            "jsonrpc": "2.0",
            "id": 1,
            "method": "upload.chats",
            "params": {"access_token": "cg-access-token", "chats": [{"status": "lost", "messages": []}]}
        })
    );
}

#[tokio::test]
async fn multipart_with_query_and_api_key_is_parsed_back_part_by_part() {
    let server = TestServer::start(vec![]).await;
    // A tenant base URL with a path prefix and a trailing slash.
    let core = core(&format!("{}/tenant-a/", server.base_url), "chat-api-key");
    let file: Vec<u8> = b"\x00\x01binary\r\n--not-a-boundary\r\n\xff".to_vec();
    let form = Multipart::new()
        .text("chatServer", "chat.example.com")
        .text("message", "Hello \"world\"\r\nsecond line é")
        .file(
            "file",
            "we\"ird\r\nname.bin",
            "application/octet-stream",
            file.clone(),
        );
    let req = core
        .request(
            Method::POST,
            None,
            "/api/v2/chat/addAttachment",
            Auth::ApiKeyHeader("apiKey"),
        )
        .unwrap()
        .query_pairs([
            ("chatServer", "chat.example.com"),
            ("chatSessionID", "+abc-123 4"),
        ])
        .multipart(form)
        .build()
        .unwrap();
    let resp = core.execute(req, false).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);

    let r = &server.requests()[0];
    assert_eq!(r.uri.path(), "/tenant-a/api/v2/chat/addAttachment");
    assert_eq!(
        r.uri.query(),
        Some("chatServer=chat.example.com&chatSessionID=%2Babc-123+4")
    );
    assert_eq!(r.headers["apikey"], "chat-api-key");
    assert!(r.headers.get("authorization").is_none());
    assert!(r.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("multipart/form-data; boundary="));

    let parts = parse_multipart(r).await;
    assert_eq!(
        parts,
        [
            ParsedPart {
                name: "chatServer".into(),
                file_name: None,
                content_type: None,
                content: b"chat.example.com".to_vec(),
            },
            ParsedPart {
                name: "message".into(),
                file_name: None,
                content_type: None,
                content: "Hello \"world\"\r\nsecond line é".as_bytes().to_vec(),
            },
            ParsedPart {
                name: "file".into(),
                // The HTML spec's escapes, which the receiver does not undo.
                file_name: Some("we%22ird%0D%0Aname.bin".into()),
                content_type: Some("application/octet-stream".into()),
                content: file,
            },
        ]
    );
}

#[tokio::test]
async fn get_without_body_sends_no_body_and_no_content_type() {
    let server = TestServer::start(vec![Reply::status(200)]).await;
    let core = core(&server.base_url, "chat-api-key");
    let req = core
        .request(
            Method::GET,
            None,
            "api/v2/chat/whitelistedDomainsAndBlacklistedIPs",
            Auth::ApiKeyHeader("apiKey"),
        )
        .unwrap()
        .build()
        .unwrap();
    core.execute(req, true).await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.method, Method::GET);
    assert_eq!(
        r.uri.path(),
        "/api/v2/chat/whitelistedDomainsAndBlacklistedIPs"
    );
    assert!(r.body.is_empty());
    assert!(r.headers.get("content-type").is_none());
    assert_eq!(r.headers["apikey"], "chat-api-key");
}

/// What a generated JSON-RPC client does with a raw token from the user:
/// wrap it, then send. With params-field auth the token would travel in the
/// body, so a CR/LF slipping through would reach the server.
async fn upload_with_raw_token(base_url: &str, raw_token: &str) -> Result<(), ClientError> {
    let config = ClientConfig::default()
        .base_url(base_url)
        .credential(Secret::new(raw_token)?);
    let core = ClientCore::new(config)?;
    let req = core
        .request(
            Method::POST,
            None,
            "/v2.0",
            Auth::ParamsField("access_token"),
        )?
        .jsonrpc("upload.chats", core.next_rpc_id(), &json!({"chats": []}))
        .build()?;
    core.execute(req, false).await?;
    Ok(())
}

#[tokio::test]
async fn credential_with_cr_lf_is_rejected_before_any_request() {
    let server = TestServer::start(vec![]).await;
    for raw in ["tok\r\nX-Injected: yes", "tok\nnext", "tok\0nul"] {
        let err = upload_with_raw_token(&server.base_url, raw)
            .await
            .unwrap_err();
        assert!(
            matches!(err, ClientError::InvalidCredential { .. }),
            "{err:?}"
        );
        let shown = format!("{err} {err:?}");
        assert!(
            !shown.contains("tok"),
            "the error echoes the secret: {shown}"
        );
    }
    assert_eq!(server.count(), 0);

    // The same path with a clean token does reach the server.
    upload_with_raw_token(&server.base_url, "tok")
        .await
        .unwrap();
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn undocumented_status_is_returned_once_for_the_caller_to_report() {
    let server = TestServer::start(vec![Reply::status(500).body(b"boom".to_vec())]).await;
    let core = core(&server.base_url, "t");
    let req = core
        .request(Method::GET, None, "/x", Auth::Bearer)
        .unwrap()
        .build()
        .unwrap();
    let resp = core.execute(req, true).await.unwrap();
    assert_eq!(server.count(), 1, "a 500 is not retried");
    let err = specgen_runtime::client::undocumented_status(resp.status(), resp.body());
    assert_eq!(
        err.to_string(),
        "undocumented response status 500 Internal Server Error: boom"
    );
}

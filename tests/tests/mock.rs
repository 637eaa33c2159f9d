//! The mock server (`specgen_runtime::mock`) serving the four seed APIs:
//! it gives every payload fixture exactly the errors `validate` gives, speaks
//! each API's error dialect, follows scripts, journals every request, and
//! the generated clients work against it.

use std::time::Duration;

use base64::Engine as _;
use chat_apis::{callgear, chat_v2, helpcrunch, localiq};
use serde_json::{json, Value};
use specgen_runtime::client::{ClientConfig, RpcOutcome, Secret};
use specgen_runtime::mock::{MockConfig, MockServer, Scripted, Verdict};
use specgen_runtime::registry::{AuthScheme, Endpoint, Protocol, WireKind};
use specgen_runtime::Report;
use specgen_tests::{fixed_now, payload_fixtures, read_json};

async fn mock() -> MockServer {
    let config = MockConfig {
        now: Some(fixed_now()),
        ..MockConfig::default()
    };
    MockServer::start_with(chat_apis::APIS, config, None)
        .await
        .unwrap()
}

fn endpoint(id: &str) -> &'static Endpoint {
    specgen_runtime::registry::find(chat_apis::APIS, id).unwrap()
}

fn config(base_url: &str, token: &str) -> ClientConfig {
    ClientConfig::default()
        .base_url(base_url)
        .credential(Secret::new(token).unwrap())
        .timeout(Duration::from_secs(10))
}

/// A `multipart/form-data` body written here by hand, independent of both
/// the client's encoder and the mock's decoder.
/// A form part: name, file name, content type, content.
type FormPart<'a> = (String, Option<&'a str>, Option<&'a str>, Vec<u8>);

fn multipart(parts: &[FormPart<'_>]) -> (String, Vec<u8>) {
    let boundary = "mock-test-boundary-7f3a";
    let mut body = Vec::new();
    for (name, filename, content_type, content) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let disposition = match filename {
            Some(f) => {
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\n")
            }
            None => format!("Content-Disposition: form-data; name=\"{name}\"\r\n"),
        };
        body.extend_from_slice(disposition.as_bytes());
        if let Some(ct) = content_type {
            body.extend_from_slice(format!("Content-Type: {ct}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The request a client of `e` would send for `payload`, with a credential.
/// Multipart: strings of text fields as text parts, valid base64 of file
/// fields as file parts, every other value as an `application/json` part so
/// its JSON type survives the form.
fn wire_request(
    client: &reqwest::Client,
    base: &str,
    e: &Endpoint,
    payload: &Value,
) -> reqwest::RequestBuilder {
    let mut payload = payload.as_object().cloned().unwrap_or_default();
    let mut url = format!("{base}{}", e.path);
    let query: Vec<(String, String)> = e
        .query_fields
        .iter()
        .filter_map(|f| payload.remove(f.wire).map(|v| (f.wire.to_owned(), v)))
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                other => panic!("{}: a query string cannot carry {other}", e.id()),
            };
            (k, text)
        })
        .collect();
    if !query.is_empty() {
        url.push('?');
        url.push_str(&serde_urlencoded::to_string(&query).unwrap());
    }
    let mut request = client.request(e.method.parse().unwrap(), url);
    request = match e.service.auth {
        AuthScheme::Bearer => request.header("authorization", "Bearer test-token"),
        AuthScheme::ApiKeyHeader(h) => request.header(h, "test-api-key"),
        _ => request,
    };
    match e.service.protocol {
        Protocol::JsonRpc => {
            let mut params = payload;
            if let AuthScheme::ParamsField(f) = e.service.auth {
                params.insert(f.to_owned(), json!("test-token"));
            }
            request
                .json(&json!({"jsonrpc": "2.0", "id": 7, "method": e.rpc_method, "params": params}))
        }
        Protocol::RestJson => request.json(&Value::Object(payload)),
        Protocol::RestMultipart if payload.is_empty() && e.body_fields.is_empty() => request,
        Protocol::RestMultipart => {
            let parts: Vec<_> = payload
                .into_iter()
                .map(|(name, v)| {
                    let kind = e
                        .body_fields
                        .iter()
                        .find(|f| f.wire == name)
                        .map(|f| WireKind::of(&f.kind));
                    let b64 = base64::engine::general_purpose::STANDARD;
                    match (&v, kind) {
                        (Value::String(s), Some(WireKind::File)) if b64.decode(s).is_ok() => (
                            name.clone(),
                            Some("upload.bin"),
                            Some("application/octet-stream"),
                            b64.decode(s).unwrap(),
                        ),
                        (Value::String(s), Some(WireKind::Text | WireKind::File) | None) => {
                            (name, None, None, s.clone().into_bytes())
                        }
                        _ => (
                            name,
                            None,
                            Some("application/json"),
                            v.to_string().into_bytes(),
                        ),
                    }
                })
                .collect();
            let (content_type, body) = multipart(&parts);
            request.header("content-type", content_type).body(body)
        }
    }
}

#[tokio::test]
async fn every_payload_fixture_gets_exactly_the_errors_validate_gives() {
    let mock = mock().await;
    let client = reqwest::Client::new();
    let fixtures = payload_fixtures();
    assert!(fixtures.len() >= 40, "only {} fixtures", fixtures.len());
    let mut failures = Vec::new();
    for (i, f) in fixtures.iter().enumerate() {
        let e = endpoint(&f.id);
        let payload = read_json(&f.path);
        let expected = e
            .validate_with_now(&payload, fixed_now())
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        let response = wire_request(&client, &mock.base_url(), e, &payload)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let entry = mock.journal()[i].clone();
        let want_verdict = if expected.is_empty() {
            Verdict::Valid
        } else {
            Verdict::Invalid
        };
        if entry.verdict != want_verdict
            || entry.errors != expected
            || entry.endpoint.as_deref() != Some(f.id.as_str())
        {
            failures.push(format!(
                "{}: mock {:?} {:?}, validate {:?}",
                f.path.display(),
                entry.verdict,
                entry.errors,
                expected
            ));
        }
        let want_status = match (want_verdict, e.service.protocol) {
            (_, Protocol::JsonRpc) => 200,
            (Verdict::Valid, _) => e.success.status,
            _ => e.service.invalid.status,
        };
        if status != want_status {
            failures.push(format!(
                "{}: status {status}, expected {want_status}",
                f.path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    mock.shutdown().await;
}

#[test]
fn every_synthesized_success_body_passes_its_response_validator() {
    use specgen_tests::fixtures as f;
    // The seed APIs, and the fixture specs of every construct (patterns,
    // bounds, rules, nesting, arrays and scalars as bodies).
    let fixture_apis: &[&[Endpoint]] = &[
        f::constraints::ENDPOINTS,
        f::defaults::ENDPOINTS,
        f::enums::ENDPOINTS,
        f::jsonrpc::ENDPOINTS,
        f::multipart::ENDPOINTS,
        f::naming::ENDPOINTS,
        f::nested::ENDPOINTS,
        f::nullable::ENDPOINTS,
        f::responses::ENDPOINTS,
        f::rules::ENDPOINTS,
        f::scalars::ENDPOINTS,
    ];
    let mut checked = Vec::new();
    for e in chat_apis::APIS
        .iter()
        .chain(fixture_apis)
        .flat_map(|a| a.iter())
    {
        let Some(validate) = e.success.validate else {
            assert!(
                e.success.body.is_none(),
                "{}: a body without a shape",
                e.id()
            );
            continue;
        };
        let body = e
            .success
            .body
            .unwrap_or_else(|| panic!("{}: no body was synthesized", e.id()));
        let value: Value = serde_json::from_str(body).unwrap();
        let mut report = Report::new(fixed_now());
        validate(&value, &mut report);
        assert_eq!(report.into_result(), Ok(()), "{}: {body}", e.id());
        checked.push(e.id());
    }
    for id in [
        "helpcrunch.create_chat",
        "callgear.upload_chats",
        "responses.list_chats",
        "jsonrpc.count_items",
    ] {
        assert!(
            checked.iter().any(|c| c == id),
            "{id} was not checked: {checked:?}"
        );
    }
}

#[tokio::test]
async fn localiq_answers_like_the_document_valid_invalid_and_unauthorized() {
    let mock = mock().await;
    let client =
        localiq::Client::new(config(&mock.base_url(), "token").validate_requests(false)).unwrap();
    let valid: localiq::CaptureChatRequest = serde_json::from_value(read_json(
        &specgen_tests::crate_dir()
            .join("fixtures/payloads/localiq/capture_chat.valid.documented.json"),
    ))
    .unwrap();
    assert_eq!(
        client.capture_chat(&valid).await.unwrap(),
        localiq::CaptureChatResponse::Ok
    );

    // The document's own sample: provider null -> ["Provider can't be blank"].
    let raw = reqwest::Client::new();
    let mut sample = serde_json::to_value(&valid).unwrap();
    sample["data"]["provider"] = Value::Null;
    let r = raw
        .post(format!("{}/capture_events/chats", mock.base_url()))
        .bearer_auth("token")
        .json(&sample)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!(["Provider can't be blank"])
    );

    // No 401 is documented: the REST default answers.
    let r = raw
        .post(format!("{}/capture_events/chats", mock.base_url()))
        .json(&sample)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.json::<Value>().await.unwrap()["errors"][0]["code"],
        "unauthorized"
    );
    let r = raw
        .post(format!("{}/capture_events/chats", mock.base_url()))
        .header("authorization", "Bearer two words")
        .json(&sample)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    let verdicts: Vec<Verdict> = mock.journal().iter().map(|e| e.verdict).collect();
    assert_eq!(
        verdicts,
        [
            Verdict::Valid,
            Verdict::Invalid,
            Verdict::Unauthorized,
            Verdict::Unauthorized
        ]
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn helpcrunch_client_decodes_the_synthesized_chat_and_the_documented_errors() {
    let mock = mock().await;
    let client =
        helpcrunch::Client::new(config(&mock.base_url(), "key").validate_requests(false)).unwrap();
    let ok: helpcrunch::CreateChatRequest =
        serde_json::from_value(json!({"customer": 1, "application": 2})).unwrap();
    match client.create_chat(&ok).await.unwrap() {
        helpcrunch::CreateChatResponse::Created(chat) => assert_eq!(chat.id, 1),
        other => panic!("expected Created, got {other:?}"),
    }
    // Invalid on the wire: customer as a string (the document's own example).
    let r = reqwest::Client::new()
        .post(format!("{}/v1/chats", mock.base_url()))
        .bearer_auth("key")
        .json(&json!({"customer": "abc", "application": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body = r.json::<Value>().await.unwrap();
    assert_eq!(
        body["errors"][0],
        json!({"code": "invalid_request", "message": "Invalid request"})
    );
    assert_eq!(body["errors"][1]["code"], "customer");
    assert_eq!(body["errors"].as_array().unwrap().len(), 2);

    // The client refuses to send without a credential, so this one is raw.
    let r = reqwest::Client::new()
        .post(format!("{}/v1/chats", mock.base_url()))
        .json(&json!({"customer": 1, "application": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"errors": [{"code": "invalid_request", "message": "Invalid request"}, {"code": "unauthorized", "message": "Unauthorized"}]})
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn callgear_checks_the_envelope_and_answers_invalid_params_with_every_error() {
    let mock = mock().await;
    let client =
        callgear::Client::new(config(&mock.base_url(), "session").validate_requests(false))
            .unwrap();
    let params: callgear::UploadChatsParams = serde_json::from_value(read_json(
        &specgen_tests::crate_dir()
            .join("fixtures/payloads/callgear/upload_chats.valid.minimal.json"),
    ))
    .unwrap();
    match client.upload_chats(&params).await.unwrap() {
        RpcOutcome::Result(r) => assert_eq!(r.data.len(), 1),
        RpcOutcome::Error(e) => panic!("unexpected {e:?}"),
    }
    let bad: callgear::UploadChatsParams = serde_json::from_value(read_json(
        &specgen_tests::crate_dir()
            .join("fixtures/payloads/callgear/upload_chats.invalid.no_phone_or_email.json"),
    ))
    .unwrap();
    match client.upload_chats(&bad).await.unwrap() {
        RpcOutcome::Error(e) => {
            assert_eq!((e.code, e.message.as_str()), (-32602, "Invalid params"));
            let data = e.data.unwrap();
            assert_eq!(data[0]["code"], "at_least_one_of");
        }
        RpcOutcome::Result(_) => panic!("expected Invalid params"),
    }
    let raw = reqwest::Client::new();
    let url = format!("{}/v2.0", mock.base_url());
    let send = |body: &'static str| {
        raw.post(&url)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let code = |v: Value| v["error"]["code"].as_i64().unwrap();
    assert_eq!(
        code(send("{not json").await.unwrap().json().await.unwrap()),
        -32700
    );
    assert_eq!(
        code(
            send(r#"{"jsonrpc":"1.0","id":1,"method":"upload.chats"}"#)
                .await
                .unwrap()
                .json()
                .await
                .unwrap()
        ),
        -32600
    );
    assert_eq!(
        code(
            send(r#"{"jsonrpc":"2.0","id":{},"method":"upload.chats"}"#)
                .await
                .unwrap()
                .json()
                .await
                .unwrap()
        ),
        -32600
    );
    let anonymous: Value =
        send(r#"{"jsonrpc":"2.0","id":3,"method":"upload.chats","params":{"chats":[]}}"#)
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert_eq!(
        (code(anonymous.clone()), &anonymous["id"]),
        (-32001, &json!(3))
    );
    let unknown: Value = send(r#"{"jsonrpc":"2.0","id":"a","method":"upload.calls","params":{}}"#)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (code(unknown.clone()), &unknown["id"]),
        (-32601, &json!("a"))
    );
    let verdicts: Vec<Verdict> = mock.journal().iter().map(|e| e.verdict).collect();
    assert_eq!(
        verdicts,
        [
            Verdict::Valid,
            Verdict::Invalid,
            Verdict::Malformed,
            Verdict::Malformed,
            Verdict::Malformed,
            Verdict::Unauthorized,
            Verdict::NotFound
        ]
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn chat_v2_client_forms_query_and_file_parts_pass_and_a_missing_api_key_is_refused() {
    let mock = mock().await;
    let client = chat_v2::Client::new(config(&mock.base_url(), "v2-key")).unwrap();
    let full: chat_v2::NotifyUserNewChatMessageBody = serde_json::from_value(read_json(
        &specgen_tests::crate_dir()
            .join("fixtures/payloads/chat_v2/notify_user_new_chat_message.valid.full.json"),
    ))
    .unwrap();
    assert_eq!(
        client
            .notify_user_new_chat_message(&full)
            .await
            .unwrap()
            .status(),
        200
    );
    let payload = read_json(
        &specgen_tests::crate_dir()
            .join("fixtures/payloads/chat_v2/add_attachment.valid.optional_query.json"),
    );
    let query: chat_v2::AddAttachmentQuery = serde_json::from_value(payload.clone()).unwrap();
    let body: chat_v2::AddAttachmentBody = serde_json::from_value(payload).unwrap();
    assert_eq!(
        client.add_attachment(&query, &body).await.unwrap().status(),
        200
    );
    assert_eq!(
        client
            .whitelisted_domains_and_blacklisted_ips()
            .await
            .unwrap()
            .status(),
        200
    );
    let journal = mock.journal();
    assert!(
        journal.iter().all(|e| e.verdict == Verdict::Valid),
        "{journal:?}"
    );

    let r = reqwest::Client::new()
        .get(format!(
            "{}/api/v2/chat/whitelistedDomainsAndBlacklistedIPs",
            mock.base_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.json::<Value>().await.unwrap()["errors"][0]["code"],
        "unauthorized"
    );
    assert_eq!(mock.journal()[3].verdict, Verdict::Unauthorized);
    mock.shutdown().await;
}

#[tokio::test]
async fn broken_json_broken_multipart_and_oversized_bodies_get_clear_answers() {
    let config = MockConfig {
        max_body: 1024,
        ..MockConfig::default()
    };
    let mock = MockServer::start_with(chat_apis::APIS, config, None)
        .await
        .unwrap();
    let raw = reqwest::Client::new();
    let base = mock.base_url();
    let r = raw
        .post(format!("{base}/capture_events/chats"))
        .bearer_auth("t")
        .body("{\"eventTime\":")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.json::<Value>().await.unwrap()[0]
        .as_str()
        .unwrap()
        .starts_with("the body is not JSON"));

    let r = raw
        .post(format!("{base}/api/v2/chat/notifyUserEndChat"))
        .header("apiKey", "k")
        .header("content-type", "multipart/form-data; boundary=XX")
        .body("--XX\r\nContent-Disposition: form-data; name=\"chatServer\"\r\n\r\nunterminated")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body = r.json::<Value>().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "malformed");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("multipart"),
        "{body}"
    );

    let r = raw
        .post(format!("{base}/v1/chats"))
        .bearer_auth("t")
        .body(vec![b' '; 4096])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let r = raw.get(format!("{base}/nowhere")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    // Still serving after all of that.
    let r = raw
        .get(format!(
            "{base}/api/v2/chat/whitelistedDomainsAndBlacklistedIPs"
        ))
        .header("apiKey", "k")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let verdicts: Vec<Verdict> = mock.journal().iter().map(|e| e.verdict).collect();
    assert_eq!(
        verdicts,
        [
            Verdict::Malformed,
            Verdict::Malformed,
            Verdict::Malformed,
            Verdict::NotFound,
            Verdict::Valid
        ]
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn a_body_that_stops_arriving_gets_408_instead_of_hanging_the_mock() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let config = MockConfig {
        body_timeout: Duration::from_millis(200),
        ..MockConfig::default()
    };
    let mock = MockServer::start_with(chat_apis::APIS, config, None)
        .await
        .unwrap();
    let mut stream = tokio::net::TcpStream::connect(mock.addr()).await.unwrap();
    stream
        .write_all(b"POST /v1/chats HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\nauthorization: Bearer k\r\n\r\n{\"cus")
        .await
        .unwrap();
    let mut head = [0u8; 12];
    tokio::time::timeout(Duration::from_secs(5), stream.read_exact(&mut head))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(&head, b"HTTP/1.1 408");
    assert_eq!(mock.journal()[0].errors[0].code, "timeout");
    mock.shutdown().await;
}

#[tokio::test]
async fn scripted_faults_are_served_in_order_and_the_client_retries_past_them() {
    let mock = mock().await;
    mock.script(
        "helpcrunch.create_chat",
        [
            Scripted::retry_after(429, 0),
            Scripted::retry_after(503, 0),
            Scripted::delay(Duration::from_millis(50)),
        ],
    )
    .unwrap();
    let client = helpcrunch::Client::new(config(&mock.base_url(), "key")).unwrap();
    let ok: helpcrunch::CreateChatRequest =
        serde_json::from_value(json!({"customer": 1, "application": 2})).unwrap();
    assert!(matches!(
        client.create_chat(&ok).await.unwrap(),
        helpcrunch::CreateChatResponse::Created(_)
    ));
    let statuses: Vec<(u16, bool)> = mock
        .journal()
        .iter()
        .map(|e| (e.status, e.scripted))
        .collect();
    assert_eq!(statuses, [(429, true), (503, true), (201, true)]);

    mock.script("localiq.capture_chat", [Scripted::dropped()])
        .unwrap();
    let localiq = localiq::Client::new(config(&mock.base_url(), "t")).unwrap();
    let valid: localiq::CaptureChatRequest = serde_json::from_value(read_json(
        &specgen_tests::crate_dir()
            .join("fixtures/payloads/localiq/capture_chat.valid.documented.json"),
    ))
    .unwrap();
    assert!(
        localiq.capture_chat(&valid).await.is_err(),
        "a dropped connection is an error"
    );
    assert_eq!(mock.journal()[3].status, 0);

    assert!(mock
        .script("nope.nothing", [Scripted::dropped()])
        .unwrap_err()
        .contains("no endpoint"));
    mock.shutdown().await;
}

#[tokio::test]
async fn a_scenario_file_scripts_the_next_answers_with_headers_and_bodies() {
    let mock = mock().await;
    let scenario = specgen_runtime::mock::parse_scenario(
        r#"{"helpcrunch.create_chat": [{"status": 409, "headers": {"x-scenario": "one"},
            "body": {"errors": [{"code": "conflict", "message": "Snooze chat is not allowed for closed chat"}]}}]}"#,
    )
    .unwrap();
    mock.load_scenario(scenario).unwrap();
    let raw = reqwest::Client::new();
    let send = || {
        raw.post(format!("{}/v1/chats", mock.base_url()))
            .bearer_auth("k")
            .json(&json!({"customer": 1, "application": 2}))
            .send()
    };
    let r = send().await.unwrap();
    assert_eq!(
        (
            r.status().as_u16(),
            r.headers()["x-scenario"].to_str().unwrap()
        ),
        (409, "one")
    );
    assert_eq!(
        r.json::<Value>().await.unwrap()["errors"][0]["code"],
        "conflict"
    );
    // The script is used up: back to the mock's own answer.
    assert_eq!(send().await.unwrap().status(), 201);
    mock.shutdown().await;
}

#[tokio::test]
async fn shutdown_releases_the_port_and_drop_stops_the_server() {
    let mock = mock().await;
    let addr = mock.addr();
    mock.shutdown().await;
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "the port still accepts"
    );
    // The port can be bound again at once.
    let again = MockServer::start_with(
        chat_apis::APIS,
        MockConfig {
            port: addr.port(),
            ..MockConfig::default()
        },
        None,
    )
    .await
    .unwrap();
    drop(again);
    tokio::task::yield_now().await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "dropping did not stop it"
    );
}

#[tokio::test]
async fn only_the_chosen_api_is_served() {
    let config = MockConfig {
        api: Some("localiq".into()),
        ..MockConfig::default()
    };
    let mock = MockServer::start_with(chat_apis::APIS, config, None)
        .await
        .unwrap();
    let r = reqwest::Client::new()
        .post(format!("{}/v1/chats", mock.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let none = MockServer::start_with(
        chat_apis::APIS,
        MockConfig {
            api: Some("nope".into()),
            ..MockConfig::default()
        },
        None,
    )
    .await;
    assert!(none
        .unwrap_err()
        .to_string()
        .contains("no API named `nope`"));
}

fn spec_with_dialect(protocol: &str, dialect: &str) -> String {
    let endpoint = if protocol == "json_rpc" {
        "  - {name: send, rpc_method: x.send, path: /rpc, body: Body, result: Body}"
    } else {
        "  - {name: send, method: POST, path: /send, body: Body, responses: {\"200\": {}}}"
    };
    format!(
        "api: dialect\ntitle: T\nprotocol: {protocol}\nauth: {{scheme: bearer}}\n{dialect}\nendpoints:\n{endpoint}\ntypes:\n  Body:\n    fields:\n      a: {{type: string}}\n"
    )
}

fn dialect_diagnostics(protocol: &str, dialect: &str) -> String {
    match specgen::Builder::new()
        .spec_str("dialect.yaml", spec_with_dialect(protocol, dialect))
        .generate_to_strings()
    {
        Err(e) => e.to_string(),
        Ok(_) => String::new(),
    }
}

#[test]
fn error_dialect_templates_that_cannot_be_used_are_diagnosed_with_their_position() {
    let d = dialect_diagnostics(
        "rest_json",
        "error_dialect:\n  invalid: {status: 200, body: []}",
    );
    assert!(
        d.contains("dialect.yaml:6:21:") && d.contains("status 200 is not a client error"),
        "{d}"
    );
    let d = dialect_diagnostics(
        "json_rpc",
        "error_dialect:\n  invalid: {status: 400, body: {code: 1, message: m}}",
    );
    assert!(d.contains("`status` does not apply"), "{d}");
    let d = dialect_diagnostics(
        "json_rpc",
        "error_dialect:\n  unauthorized: {body: {message: m}}",
    );
    assert!(d.contains("needs an integer `code`"), "{d}");
    let d = dialect_diagnostics(
        "rest_json",
        "error_dialect:\n  invalid: {body: [{each_error: x, extra: 1}]}",
    );
    assert!(d.contains("invalid error template"), "{d}");
    let d = dialect_diagnostics(
        "rest_json",
        "error_dialect:\n  invalid: {body: {each_error: x}}",
    );
    assert!(d.contains("may only be an item of an array"), "{d}");
    let d = dialect_diagnostics(
        "rest_json",
        "error_dialect:\n  invalid: {stauts: 400, body: []}",
    );
    assert!(
        d.contains("unknown key `stauts`") && d.contains("did you mean `status`?"),
        "{d}"
    );
    // A usable one is accepted.
    let d = dialect_diagnostics(
        "rest_json",
        "error_dialect:\n  invalid: {status: 422, body: [{each_error: \"{message}\"}]}",
    );
    assert_eq!(d, "");
}

/// The ticket fixture API: routing by path template, with path and header
/// parameters read back into the payload and validated like the rest.
#[tokio::test]
async fn path_and_header_parameters_are_routed_read_and_validated() {
    use specgen_tests::fixtures::tickets;
    let mock = MockServer::start_with(&[tickets::ENDPOINTS], MockConfig::default(), None)
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let get = |path: &str| {
        http.get(format!("{}{path}", mock.base_url()))
            .bearer_auth("token-1234")
    };

    let ok = get("/v3/tickets/7?include=comments").send().await.unwrap();
    assert_eq!(ok.status(), 200);
    let bad = get("/v3/tickets/0").send().await.unwrap();
    assert_eq!(bad.status(), 400);
    let not_a_number = get("/v3/tickets/abc").send().await.unwrap();
    assert_eq!(not_a_number.status(), 400);
    let attachment = get("/v3/tickets/7/attachments/a%20b%2Fc.pdf")
        .header("X-Request-Id", "123e4567-e89b-12d3-a456-426614174000")
        .send()
        .await
        .unwrap();
    assert_eq!(attachment.status(), 200);
    let no_header = get("/v3/tickets/7/attachments/a.pdf").send().await.unwrap();
    assert_eq!(no_header.status(), 400);
    let unknown = get("/v3/tickets/7/other").send().await.unwrap();
    assert_eq!(unknown.status(), 404);

    let journal = mock.journal();
    let verdicts: Vec<(String, Verdict, Vec<String>)> = journal
        .iter()
        .map(|j| {
            (
                j.endpoint.clone().unwrap_or_default(),
                j.verdict,
                j.errors
                    .iter()
                    .map(|e| format!("{} {}", e.path, e.code))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        vec![
            ("tickets.get_ticket".into(), Verdict::Valid, vec![]),
            (
                "tickets.get_ticket".into(),
                Verdict::Invalid,
                vec!["/id minimum".into()]
            ),
            (
                "tickets.get_ticket".into(),
                Verdict::Invalid,
                vec!["/id type".into()]
            ),
            ("tickets.get_attachment".into(), Verdict::Valid, vec![]),
            (
                "tickets.get_attachment".into(),
                Verdict::Invalid,
                vec!["/X-Request-Id required".into()]
            ),
            (String::new(), Verdict::NotFound, vec![" not_found".into()]),
        ]
    );
    mock.shutdown().await;
}

//! The ticket API of issue 9 (`fixtures/specs/tickets.yaml`) on the wire: a
//! raw TCP server on 127.0.0.1 records the exact bytes of each request, so
//! the request line (with its percent-encoded path), every header and the
//! body are pinned byte for byte.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use specgen_runtime::client::{ClientConfig, ClientError, Secret};
use specgen_runtime::{JsonObject, Tristate, Validate};
use specgen_runtime::{Report, ValidateJson};
use specgen_tests::fixtures::tickets::{
    self, AttachmentHeaders, AttachmentPath, Client, CreateTicketHeaders, GetTicketQuery,
    NewTicket, Priority, Requester, TicketInclude, TicketPatch, TicketPath, TraceLevel,
};
use specgen_tests::{fixed_now, set, verdict};

/// A server that answers `reply` to each of up to `n` requests and hands
/// back the bytes it received, one connection per request.
struct RawServer {
    addr: SocketAddr,
    requests: mpsc::Receiver<Vec<u8>>,
}

impl RawServer {
    fn start(n: usize, reply: String) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let (tx, requests) = mpsc::channel();
        thread::spawn(move || {
            for _ in 0..n {
                let Ok((mut stream, _)) = listener.accept() else {
                    return;
                };
                let bytes = read_request(&mut stream);
                let _ = stream.write_all(reply.as_bytes());
                let _ = tx.send(bytes);
            }
        });
        RawServer { addr, requests }
    }

    fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bytes of the next request, as text (every request here is ASCII).
    fn next(&self) -> String {
        let bytes = self
            .requests
            .recv_timeout(Duration::from_secs(10))
            .expect("a request arrived");
        String::from_utf8(bytes).expect("ASCII request")
    }

    /// Whether any request arrived within a short wait.
    fn received_any(&self) -> bool {
        self.requests
            .recv_timeout(Duration::from_millis(300))
            .is_ok()
    }
}

/// One HTTP/1.1 request: the head up to the blank line, then
/// `content-length` bytes of body.
fn read_request(stream: &mut std::net::TcpStream) -> Vec<u8> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("read timeout");
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return bytes,
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
        }
    };
    let head = String::from_utf8_lossy(&bytes[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .map_or(0, |v| v.trim().parse().expect("content-length"));
    while bytes.len() < head_end + length {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
        }
    }
    bytes
}

/// A whole HTTP/1.1 response with a JSON body.
fn reply(status: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn ticket_reply() -> String {
    reply("200 OK", r#"{"id":42,"subject":"Printer"}"#)
}

fn attachment_reply() -> String {
    reply("200 OK", r#"{"file_name":"Q3 r/\u00e9?","size":3}"#)
}

fn created_reply() -> String {
    reply("201 Created", r#"{"id":43,"subject":"Printer"}"#)
}

fn client(server: &RawServer, validate: bool) -> Client {
    let config = ClientConfig::default()
        .base_url(server.base_url())
        .credential(Secret::new("tok-123").expect("token"))
        .user_agent("tickets-test")
        .validate_requests(validate)
        .timeout(Duration::from_secs(10));
    Client::new(config).expect("client")
}

fn attachment_headers(request_id: &str) -> AttachmentHeaders {
    AttachmentHeaders {
        x_request_id: specgen_runtime::uuid::Uuid::parse_str(request_id).expect("a uuid"),
        x_trace: Some(TraceLevel::Full),
    }
}

const REQUEST_ID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

fn errors_of(e: ClientError) -> std::collections::BTreeSet<String> {
    match e {
        ClientError::Validation(v) => verdict(Err(v)),
        other => panic!("expected validation errors, got {other}"),
    }
}

#[tokio::test]
async fn a_path_parameter_is_percent_encoded_as_one_segment_and_headers_are_sent_exactly() {
    let server = RawServer::start(1, attachment_reply());
    let path = AttachmentPath {
        id: 7,
        file_name: "Q3 r/é?.pdf#1".to_owned(),
    };
    let answer = client(&server, true)
        .get_attachment(&path, &attachment_headers(REQUEST_ID))
        .await
        .expect("sent");
    assert_eq!(answer.status(), 200);
    let port = server.addr.port();
    assert_eq!(
        server.next(),
        format!(
            "GET /v3/tickets/7/attachments/Q3%20r%2F%C3%A9%3F.pdf%231 HTTP/1.1\r\n\
             accept: application/json\r\n\
             x-request-id: {REQUEST_ID}\r\n\
             x-trace: full\r\n\
             authorization: Bearer tok-123\r\n\
             user-agent: tickets-test\r\n\
             host: 127.0.0.1:{port}\r\n\r\n"
        )
    );
}

#[tokio::test]
async fn get_ticket_sends_the_id_in_the_path_and_the_include_enum_in_the_query() {
    let server = RawServer::start(1, ticket_reply());
    let answer = client(&server, true)
        .get_ticket(
            &TicketPath { id: 42 },
            &GetTicketQuery {
                include: Some(TicketInclude::Comments),
            },
        )
        .await
        .expect("sent");
    assert_eq!(answer.status(), 200);
    let port = server.addr.port();
    assert_eq!(
        server.next(),
        format!(
            "GET /v3/tickets/42?include=comments HTTP/1.1\r\n\
             accept: application/json\r\n\
             authorization: Bearer tok-123\r\n\
             user-agent: tickets-test\r\n\
             host: 127.0.0.1:{port}\r\n\r\n"
        )
    );
}

/// Far enough ahead that `not_past` holds against the real clock the
/// client validates with.
const DUE: &str = "2999-06-02T09:00:00Z";

fn rfc3339(text: &str) -> specgen_runtime::time::OffsetDateTime {
    specgen_runtime::datetime::parse_rfc3339(text).expect("an RFC 3339 date-time")
}

fn floor_3() -> JsonObject {
    JsonObject::from_iter([("floor".to_owned(), serde_json::json!(3))])
}

fn new_ticket() -> NewTicket {
    NewTicket::new(
        "Printer",
        "It prints blank pages.",
        Requester::new()
            .with_email("ann@example.com")
            .with_name("Ann"),
    )
    .with_priority(Priority::High)
    .with_tags(vec!["hardware".to_owned()])
    .with_due_at(rfc3339(DUE))
    .with_custom_fields(floor_3())
}

#[tokio::test]
async fn create_ticket_sends_the_idempotency_header_and_the_exact_json_body() {
    let server = RawServer::start(1, created_reply());
    let headers = CreateTicketHeaders {
        idempotency_key: Some("key-0001".to_owned()),
    };
    let answer = client(&server, true)
        .create_ticket(&headers, &new_ticket())
        .await
        .expect("sent");
    assert_eq!(answer.status(), 201);
    let body = r#"{"subject":"Printer","body":"It prints blank pages.","priority":"high","requester":{"email":"ann@example.com","name":"Ann"},"tags":["hardware"],"due_at":"2999-06-02T09:00:00Z","custom_fields":{"floor":3}}"#;
    let port = server.addr.port();
    assert_eq!(
        server.next(),
        format!(
            "POST /v3/tickets HTTP/1.1\r\n\
             accept: application/json\r\n\
             idempotency-key: key-0001\r\n\
             authorization: Bearer tok-123\r\n\
             content-type: application/json\r\n\
             user-agent: tickets-test\r\n\
             host: 127.0.0.1:{port}\r\n\
             content-length: {}\r\n\r\n{body}",
            body.len()
        )
    );
}

#[tokio::test]
async fn a_patch_sends_null_for_a_cleared_field_and_leaves_out_an_untouched_one() {
    let server = RawServer::start(1, ticket_reply());
    let patch = TicketPatch::new()
        .with_subject("Printer (3rd floor)")
        .clear_due_at();
    assert!(patch.custom_fields.is_absent());
    let answer = client(&server, true)
        .update_ticket(&TicketPath::new(42), &patch)
        .await
        .expect("sent");
    assert_eq!(answer.status(), 200);
    let body = r#"{"subject":"Printer (3rd floor)","due_at":null}"#;
    let port = server.addr.port();
    assert_eq!(
        server.next(),
        format!(
            "PATCH /v3/tickets/42 HTTP/1.1\r\n\
             accept: application/json\r\n\
             authorization: Bearer tok-123\r\n\
             content-type: application/json\r\n\
             user-agent: tickets-test\r\n\
             host: 127.0.0.1:{port}\r\n\
             content-length: {}\r\n\r\n{body}",
            body.len()
        )
    );
}

#[test]
fn a_patch_reads_absent_null_and_a_value_as_three_states_and_writes_them_back() {
    for (text, due_at) in [
        ("{}", Tristate::Absent),
        (r#"{"due_at":null}"#, Tristate::Null),
        (
            r#"{"due_at":"2999-01-01T00:00:00Z"}"#,
            Tristate::Value(rfc3339("2999-01-01T00:00:00Z")),
        ),
    ] {
        let patch: TicketPatch = serde_json::from_str(text).expect("decodes");
        assert_eq!(patch.due_at, due_at, "{text}");
        assert_eq!(serde_json::to_string(&patch).expect("encodes"), text);
    }
}

/// Both validators (and the exported JSON Schema) on one body of
/// `create_ticket`: the typed path decodes the body and validates it.
fn new_ticket_verdicts(
    body: serde_json::Value,
) -> (
    std::collections::BTreeSet<String>,
    Option<std::collections::BTreeSet<String>>,
    bool,
) {
    let mut report = Report::new(fixed_now());
    NewTicket::validate_json_at(&body, &specgen_runtime::Path::ROOT, &mut report);
    let json = verdict(report.into_result());
    let typed = serde_json::from_value::<NewTicket>(body.clone())
        .ok()
        .map(|t| verdict(t.validate_with_now(fixed_now())));
    let spec = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/specs/tickets.yaml"),
    )
    .expect("fixture");
    let checked = specgen::Builder::new()
        .spec_str("tickets.yaml", spec)
        .check()
        .expect("the fixture checks");
    let doc = specgen::export::json_schema(&checked.apis.apis[0]);
    let schema_ok = specgen_tests::differential::oracle(&doc, "NewTicket").is_valid(&body);
    (json, typed, schema_ok)
}

#[test]
fn the_requester_needs_an_email_or_a_phone_in_both_validators_and_the_schema() {
    let base = serde_json::json!({"subject": "Printer", "body": "Blank pages."});
    let with = |requester: serde_json::Value| {
        let mut b = base.clone();
        b["requester"] = requester;
        b
    };
    let rule = set(&["/requester at_least_one_of"]);
    for requester in [serde_json::json!({}), serde_json::json!({"name": "Ann"})] {
        let (json, typed, schema_ok) = new_ticket_verdicts(with(requester.clone()));
        assert_eq!(json, rule, "{requester}");
        assert_eq!(typed, Some(rule.clone()), "{requester}");
        assert!(!schema_ok, "{requester}");
    }
    for requester in [
        serde_json::json!({"email": "ann@example.com"}),
        serde_json::json!({"phone": "+442071838750"}),
        serde_json::json!({"email": "ann@example.com", "phone": "+442071838750"}),
    ] {
        let (json, typed, schema_ok) = new_ticket_verdicts(with(requester.clone()));
        assert_eq!(json, set(&[]), "{requester}");
        assert_eq!(typed, Some(set(&[])), "{requester}");
        assert!(schema_ok, "{requester}");
    }
    // The message names the fields by their full paths.
    let mut report = Report::new(fixed_now());
    NewTicket::validate_json_at(
        &with(serde_json::json!({})),
        &specgen_runtime::Path::ROOT,
        &mut report,
    );
    let errors = report.into_result().unwrap_err();
    assert_eq!(
        errors.errors()[0].message,
        "the requester needs an email or a phone"
    );
    let typed: NewTicket = serde_json::from_value(with(serde_json::json!({}))).expect("decodes");
    let mut report = Report::new(fixed_now());
    Validate::validate_at(&typed, &specgen_runtime::Path::ROOT, &mut report);
    assert_eq!(
        report.errors()[0].message,
        "the requester needs an email or a phone"
    );
}

#[test]
fn custom_fields_must_be_an_object_and_due_at_not_in_the_past() {
    let body = serde_json::json!({
        "subject": "Printer",
        "body": "Blank pages.",
        "requester": {"email": "ann@example.com"},
        "custom_fields": [1, 2],
    });
    let (json, typed, schema_ok) = new_ticket_verdicts(body);
    assert_eq!(json, set(&["/custom_fields type"]));
    assert_eq!(typed, None, "an array does not decode into a JSON object");
    assert!(!schema_ok);

    let body = serde_json::json!({
        "subject": "Printer",
        "body": "Blank pages.",
        "requester": {"email": "ann@example.com"},
        "due_at": "2025-05-31T23:59:59Z",
        "custom_fields": {"floor": 3, "wing": "B"},
    });
    let (json, typed, _) = new_ticket_verdicts(body);
    assert_eq!(json, set(&["/due_at past"]));
    assert_eq!(typed, Some(set(&["/due_at past"])));

    let too_many: JsonObject = (0..21)
        .map(|i| (format!("k{i}"), serde_json::json!(i)))
        .collect();
    let ticket = new_ticket().with_custom_fields(too_many);
    assert_eq!(
        verdict(ticket.validate_with_now(fixed_now())),
        set(&["/custom_fields max_properties"])
    );
}

#[tokio::test]
async fn path_header_and_body_errors_come_back_together_and_nothing_is_sent() {
    let server = RawServer::start(1, attachment_reply());
    let path = AttachmentPath {
        id: 0,
        file_name: String::new(),
    };
    let err = client(&server, true)
        .get_attachment(&path, &attachment_headers(REQUEST_ID))
        .await
        .unwrap_err();
    // A typed uuid cannot hold a line break; the JSON validator's verdict on
    // such a header is pinned with the other payload verdicts.
    assert_eq!(
        errors_of(err),
        set(&["/id minimum", "/file_name path_segment"])
    );

    let headers = CreateTicketHeaders {
        idempotency_key: Some("key-0001\n".to_owned()),
    };
    let mut ticket = new_ticket();
    ticket.subject = " ".to_owned();
    let err = client(&server, true)
        .create_ticket(&headers, &ticket)
        .await
        .unwrap_err();
    assert_eq!(
        errors_of(err),
        set(&["/Idempotency-Key header_value", "/subject blank"])
    );
    assert!(!server.received_any());
}

#[tokio::test]
async fn with_validation_off_a_line_break_in_a_header_is_still_refused_before_sending() {
    let server = RawServer::start(1, created_reply());
    let headers = CreateTicketHeaders {
        idempotency_key: Some("key-0001\r\nX-Evil: 1".to_owned()),
    };
    let err = client(&server, false)
        .create_ticket(&headers, &new_ticket())
        .await
        .unwrap_err();
    let ClientError::Encode(message) = &err else {
        panic!("expected an encode error, got {err:?}");
    };
    assert!(message.contains("Idempotency-Key"), "{message}");
    assert!(
        !message.contains("X-Evil"),
        "the value is not echoed: {message}"
    );
    assert!(!server.received_any());
}

#[tokio::test]
async fn with_validation_off_an_empty_path_parameter_is_refused_and_dots_stay_one_segment() {
    let server = RawServer::start(1, attachment_reply());
    let empty = AttachmentPath {
        id: 7,
        file_name: String::new(),
    };
    let err = client(&server, false)
        .get_attachment(&empty, &attachment_headers(REQUEST_ID))
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::Encode(_)), "{err:?}");
    assert!(!server.received_any());

    let dots = AttachmentPath {
        id: 7,
        file_name: "..".to_owned(),
    };
    let request = client(&server, false)
        .get_attachment_request(&dots, &attachment_headers(REQUEST_ID))
        .expect("built");
    assert_eq!(request.uri().path(), "/v3/tickets/7/attachments/%2E%2E");
}

#[test]
fn the_payload_holds_path_query_and_header_fields_side_by_side() {
    let id = |name: &str| {
        tickets::ENDPOINTS
            .iter()
            .find(|e| e.name == name)
            .expect("endpoint")
    };
    let check = |name: &str, payload: serde_json::Value| {
        let mut report = Report::new(fixed_now());
        (id(name).validate_json)(&payload, &mut report);
        verdict(report.into_result())
    };
    assert_eq!(
        check(
            "get_attachment",
            serde_json::json!({"id": 7, "file_name": "a b", "X-Request-Id": REQUEST_ID, "X-Trace": "full"})
        ),
        set(&[])
    );
    assert_eq!(
        check(
            "get_attachment",
            serde_json::json!({"id": 0, "file_name": "", "X-Request-Id": "a\nb", "X-Trace": "loud"})
        ),
        set(&[
            "/id minimum",
            "/file_name path_segment",
            "/X-Request-Id format",
            "/X-Request-Id header_value",
            "/X-Trace enum",
        ])
    );
    assert_eq!(
        check("get_ticket", serde_json::json!({"include": "comments"})),
        set(&["/id required"])
    );
    // The JSON validator of one part ignores the other parts' members.
    let mut report = Report::new(fixed_now());
    AttachmentPath::validate_json_at(
        &serde_json::json!({"id": 3, "file_name": "x", "X-Request-Id": "not a uuid"}),
        &specgen_runtime::Path::ROOT,
        &mut report,
    );
    assert_eq!(verdict(report.into_result()), set(&[]));
}

#[test]
fn the_registry_exposes_the_template_and_matches_request_paths() {
    let endpoint = tickets::ENDPOINTS
        .iter()
        .find(|e| e.name == "get_attachment")
        .expect("endpoint");
    assert_eq!(endpoint.path, "/v3/tickets/{id}/attachments/{file_name}");
    assert_eq!(
        endpoint.path_params().collect::<Vec<_>>(),
        ["id", "file_name"]
    );
    assert_eq!(
        endpoint.match_path("/v3/tickets/7/attachments/Q3%20r%2F%C3%A9%3F.pdf"),
        Some(vec![
            ("id", "7".to_owned()),
            ("file_name", "Q3 r/é?.pdf".to_owned())
        ])
    );
    for other in [
        "/v3/tickets/7",
        "/v3/tickets/7/attachments/",
        "/v3/tickets/7/attachments/a/b",
        "/v3/tickets/7/comments/a",
    ] {
        assert_eq!(endpoint.match_path(other), None, "{other}");
    }
}

#[tokio::test]
async fn a_registry_payload_sends_its_path_query_and_header_fields_where_they_belong() {
    let server = RawServer::start(1, attachment_reply());
    let endpoint = tickets::ENDPOINTS
        .iter()
        .find(|e| e.name == "get_attachment")
        .expect("endpoint");
    let config = ClientConfig::default()
        .base_url(server.base_url())
        .credential(Secret::new("tok-123").expect("token"))
        .user_agent("tickets-test")
        .timeout(Duration::from_secs(10));
    let payload = serde_json::json!({
        "id": 7,
        "file_name": "a b",
        "X-Request-Id": REQUEST_ID,
    });
    let sent = (endpoint.send)(&config, payload).await.expect("sent");
    assert_eq!(sent.status, 200);
    let port = server.addr.port();
    assert_eq!(
        server.next(),
        format!(
            "GET /v3/tickets/7/attachments/a%20b HTTP/1.1\r\n\
             accept: application/json\r\n\
             x-request-id: {REQUEST_ID}\r\n\
             authorization: Bearer tok-123\r\n\
             user-agent: tickets-test\r\n\
             host: 127.0.0.1:{port}\r\n\r\n"
        )
    );
}

mod every_kind {
    use super::*;
    use specgen_tests::fixtures::params::{
        Client, EveryBody, EveryHeader, EveryPath, EveryQuery, Mode, Open,
    };

    fn path() -> EveryPath {
        EveryPath {
            s: "a b".to_owned(),
            i: 5,
            n: 0.5,
            b: true,
            e: Mode::Slow,
            u: specgen_runtime::uuid::Uuid::parse_str(REQUEST_ID).expect("a uuid"),
            d: specgen_runtime::datetime::Layout::new("YYYY-MM-DD")
                .parse("2025-01-02")
                .expect("a date"),
            o: Open::Other("x/y".to_owned()),
        }
    }

    fn headers() -> EveryHeader {
        EveryHeader {
            x_s: "s".to_owned(),
            x_i: -1,
            x_n: 2.5,
            x_b: false,
            x_e: Mode::Fast,
            x_o: Open::Known,
            x_email: "a@example.com".to_owned(),
            x_s_opt: None,
            x_i_opt: Some(7),
            x_n_opt: None,
            x_b_opt: Some(true),
            x_e_opt: None,
            x_o_opt: Some(Open::Other("odd".to_owned())),
            x_phone_opt: None,
            x_default: 3,
            x_since: Some(
                specgen_runtime::datetime::Layout::new("YYYY-MM-DD hh:mm")
                    .parse("2025-01-02 03:04")
                    .expect("a date-time"),
            ),
            x_day: None,
        }
    }

    fn client() -> Client {
        let config = ClientConfig::default().credential(Secret::new("k").expect("key"));
        Client::new(config).expect("client")
    }

    #[test]
    fn every_scalar_kind_is_written_as_its_text_in_the_path_and_the_headers() {
        let request = client()
            .every_kind_request(
                &path(),
                &EveryQuery { page: Some(2) },
                &headers(),
                &EveryBody { note: None },
            )
            .expect("built");
        assert_eq!(
            request.uri().to_string(),
            format!("https://api.example.com/a/a%20b/5/0.5/true/slow/{REQUEST_ID}/2025-01-02/x%2Fy?page=2")
        );
        let sent: Vec<(String, String)> = request
            .headers()
            .iter()
            .filter(|(name, _)| name.as_str().starts_with("x-") && name.as_str() != "x-api-key")
            .map(|(name, value)| (name.to_string(), value.to_str().expect("ASCII").to_owned()))
            .collect();
        let expected = [
            ("x-s", "s"),
            ("x-i", "-1"),
            ("x-n", "2.5"),
            ("x-b", "false"),
            ("x-e", "fast"),
            ("x-o", "known"),
            ("x-email", "a@example.com"),
            ("x-i-opt", "7"),
            ("x-b-opt", "true"),
            ("x-o-opt", "odd"),
            ("x-default", "3"),
            ("x-since", "2025-01-02 03:04"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        assert_eq!(sent, expected);
    }

    #[test]
    fn an_open_enum_value_with_a_line_break_fails_header_validation() {
        let mut h = headers();
        h.x_o = Open::Other("a\r\nb".to_owned());
        let mut p = path();
        p.o = Open::Other(String::new());
        let err = client()
            .every_kind_request(
                &p,
                &EveryQuery { page: None },
                &h,
                &EveryBody { note: None },
            )
            .unwrap_err();
        assert_eq!(
            errors_of(err),
            set(&["/o path_segment", "/X-O header_value"])
        );
    }

    #[test]
    fn a_date_time_header_whose_layout_is_not_ascii_fails_header_validation() {
        let mut h = headers();
        h.x_day = Some(
            specgen_runtime::datetime::Layout::new("DD·MM·YYYY")
                .parse("02·01·2025")
                .expect("a date"),
        );
        let err = client()
            .every_kind_request(
                &path(),
                &EveryQuery { page: None },
                &h,
                &EveryBody { note: None },
            )
            .unwrap_err();
        assert_eq!(errors_of(err), set(&["/x-day header_value"]));
    }
}

//! Retries, limits and failures against real local servers.

mod client_support;

use std::sync::atomic::Ordering;
use std::time::Duration;

use client_support::{raw_server, Reply, TestServer};
use http::{Method, Request, StatusCode};
use specgen_runtime::client::{
    Auth, ClientConfig, ClientCore, ClientError, RequestBuilder, RetryPolicy,
};

/// Backoff too short to matter, so any long wait must come from the server.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .base_delay(Duration::from_millis(1))
        .max_delay(Duration::from_secs(5))
}

fn core(config: ClientConfig) -> ClientCore {
    ClientCore::new(config).unwrap()
}

fn request(method: Method, base_url: &str) -> Request<Vec<u8>> {
    RequestBuilder::new(method, base_url, "/v1/chats")
        .json_body(&serde_json::json!({"customer": 1}))
        .auth(Auth::None, None)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_429_is_retried_after_its_retry_after_seconds() {
    let server = TestServer::start(vec![
        Reply::json(
            429,
            r#"{"errors":[{"code":"rate_limit","message":"slow down"}]}"#,
        )
        .header("retry-after", "1"),
        Reply::json(201, r#"{"id":1}"#),
    ])
    .await;
    let core = core(ClientConfig::default().retry(fast_retries()));
    let resp = core
        .execute(request(Method::POST, &server.base_url), false)
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    assert_eq!(resp.body(), br#"{"id":1}"#);

    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].body, seen[1].body);
    // Measured on the server; backoff alone would have taken ~1 ms.
    let gap = seen[1].at - seen[0].at;
    assert!(
        gap >= Duration::from_millis(950),
        "retried after only {gap:?}"
    );
}

#[tokio::test]
async fn attempts_are_bounded_and_the_last_503_is_returned() {
    let server = TestServer::start(vec![Reply::status(503).header("retry-after", "0"); 5]).await;
    let core = core(ClientConfig::default().retry(fast_retries().max_attempts(3)));
    let resp = core
        .execute(request(Method::GET, &server.base_url), true)
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn a_post_whose_connection_drops_is_not_retried_by_default() {
    let (base_url, count) = raw_server(None).await;
    let core = core(ClientConfig::default().retry(fast_retries()));
    let err = core
        .execute(request(Method::POST, &base_url), false)
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::Transport(_)), "{err:?}");
    assert_eq!(count.load(Ordering::SeqCst), 1);

    // An idempotent request on the same failure is retried up to the limit.
    let err = core
        .execute(request(Method::PUT, &base_url), true)
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::Transport(_)), "{err:?}");
    assert_eq!(count.load(Ordering::SeqCst), 1 + 3);

    // And so is a POST when the policy allows it.
    let core = core_with(fast_retries().retry_non_idempotent_on_transport_error(true));
    core.execute(request(Method::POST, &base_url), false)
        .await
        .unwrap_err();
    assert_eq!(count.load(Ordering::SeqCst), 1 + 3 + 3);
}

fn core_with(retry: RetryPolicy) -> ClientCore {
    core(ClientConfig::default().retry(retry))
}

#[tokio::test]
async fn a_slow_server_gives_a_timeout_error() {
    let server = TestServer::start(vec![Reply::status(200).delay(Duration::from_secs(5))]).await;
    let config = ClientConfig::default()
        .timeout(Duration::from_millis(300))
        .retry(fast_retries());
    let err = core(config)
        .execute(request(Method::POST, &server.base_url), false)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ClientError::Timeout { after } if after == Duration::from_millis(300)),
        "{err:?}"
    );
    assert_eq!(server.count(), 1, "a POST that timed out is not sent again");
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_and_one_at_the_limit_accepted() {
    let server = TestServer::start(vec![
        Reply::status(200).body(vec![b'x'; 1025]),
        Reply::status(200).body(vec![b'y'; 1024]),
    ])
    .await;
    let core = core(ClientConfig::default().max_response_bytes(1024));
    let err = core
        .execute(request(Method::GET, &server.base_url), true)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ClientError::BodyTooLarge { limit: 1024 }),
        "{err:?}"
    );
    let ok = core
        .execute(request(Method::GET, &server.base_url), true)
        .await
        .unwrap();
    assert_eq!(ok.body().len(), 1024);
    assert_eq!(server.count(), 2, "an oversized body is not retried");
}

#[tokio::test]
async fn a_chunked_body_without_length_is_cut_off_at_the_limit() {
    // Three 600-byte chunks and no Content-Length: only counting while
    // reading can catch this one.
    let chunk = format!("258\r\n{}\r\n", "z".repeat(600));
    let reply = format!(
        "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n{}0\r\n\r\n",
        chunk.repeat(3)
    );
    let (base_url, count) = raw_server(Some(reply.into_bytes())).await;
    let core = core(ClientConfig::default().max_response_bytes(1000));
    let err = core
        .execute(request(Method::GET, &base_url), true)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ClientError::BodyTooLarge { limit: 1000 }),
        "{err:?}"
    );

    let core = core_with(RetryPolicy::none());
    let ok = core
        .execute(request(Method::GET, &base_url), true)
        .await
        .unwrap();
    assert_eq!(ok.body().len(), 1800);
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let core = core(ClientConfig::default().retry(fast_retries()));
    let err = core
        .execute(request(Method::POST, &format!("http://{addr}")), false)
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::Connect(_)), "{err:?}");
}

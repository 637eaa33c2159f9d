//! Sending a request with limits and retries.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http::header::{HeaderMap, HeaderValue, RETRY_AFTER, USER_AGENT};
use http::{Method, Request, Response, StatusCode};

use super::{
    random_u64, Auth, ClientConfig, ClientError, HeldResponse, RequestBuilder, ReqwestTransport,
    RetryPolicy, RpcOutcome, Transport, TransportError,
};
use crate::output::{Scrubber, REDACTED};
use crate::Validate;

/// What every generated client holds: its settings and a transport.
///
/// Cheap to clone; clones share the transport (and so its connection pool).
///
/// ```no_run
/// # async fn run() -> Result<(), specgen_runtime::client::ClientError> {
/// use http::Method;
/// use specgen_runtime::client::{decode_json, Auth, ClientConfig, ClientCore, Secret};
///
/// let core = ClientCore::new(ClientConfig::default().credential(Secret::new("token")?))?;
/// let request = core
///     .request(Method::POST, Some("https://api.example.com"), "/v1/chats", Auth::Bearer)?
///     .json_body(&serde_json::json!({"customer": 1}))
///     .build()?;
/// let response = core.execute(request, false).await?;
/// let chat: serde_json::Value = decode_json(response.status(), response.body())?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ClientCore {
    config: ClientConfig,
    transport: Arc<dyn Transport>,
    user_agent: HeaderValue,
    next_rpc_id: Arc<AtomicU64>,
    /// The credentials of `config`, to cut out of what a server echoes.
    scrubber: Arc<Scrubber>,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCore")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl ClientCore {
    /// A client on the default [`ReqwestTransport`].
    pub fn new(config: ClientConfig) -> Result<Self, ClientError> {
        let transport = ReqwestTransport::new(config.connect_timeout)?;
        ClientCore::with_transport(config, Arc::new(transport))
    }

    /// A client on a transport of your own. The transport is responsible
    /// for `connect_timeout`; the total timeout is enforced here as well.
    pub fn with_transport(
        config: ClientConfig,
        transport: Arc<dyn Transport>,
    ) -> Result<Self, ClientError> {
        let user_agent = HeaderValue::from_str(&config.user_agent).map_err(|_| {
            ClientError::Encode(format!(
                "user agent `{}` is not a valid header value",
                config.user_agent.escape_debug()
            ))
        })?;
        let mut scrubber = Scrubber::default();
        if let Some(secret) = &config.credential {
            scrubber.secret(secret.expose());
        }
        if let Some(url) = &config.base_url {
            scrubber.url_userinfo(url);
        }
        Ok(ClientCore {
            config,
            transport,
            user_agent,
            next_rpc_id: Arc::new(AtomicU64::new(1)),
            scrubber: Arc::new(scrubber),
        })
    }

    /// `outcome` with every credential this client holds (its token or
    /// key, and the base URL's user name and password) replaced by `***`
    /// in the error's text: a server that echoes the request back cannot
    /// make an error message show one. Generated clients pass every
    /// decoded answer through here.
    pub fn scrubbed<T>(&self, outcome: Result<T, ClientError>) -> Result<T, ClientError> {
        outcome.map_err(|e| self.scrub_error(e))
    }

    /// [`ClientCore::scrubbed`] for a JSON-RPC call: the `error` member's
    /// message and `data` (which servers often fill with the params, the
    /// credential included) are scrubbed too.
    pub fn scrubbed_rpc<T>(
        &self,
        outcome: Result<RpcOutcome<T>, ClientError>,
    ) -> Result<RpcOutcome<T>, ClientError> {
        match self.scrubbed(outcome) {
            Ok(RpcOutcome::Error(mut e)) => {
                e.message = self.scrubber.text(&e.message);
                e.data = e.data.map(|d| self.scrubber.json(&d));
                Ok(RpcOutcome::Error(e))
            }
            other => other,
        }
    }

    /// `response` with every credential this client holds cut from its
    /// header values and body, before anything decodes it: a typed body
    /// (a documented 401 that echoes the token, a success body) can then
    /// never hand one back to the caller, who may print it.
    fn scrub_response(&self, response: Response<Vec<u8>>) -> Response<Vec<u8>> {
        let (mut parts, body) = response.into_parts();
        for value in parts.headers.values_mut() {
            let Ok(text) = value.to_str() else { continue };
            let scrubbed = self.scrubber.text(text);
            if scrubbed != text {
                *value = HeaderValue::from_str(&scrubbed)
                    .unwrap_or_else(|_| HeaderValue::from_static(REDACTED));
            }
        }
        Response::from_parts(parts, self.scrubber.body(body))
    }

    fn scrub_error(&self, e: ClientError) -> ClientError {
        let s = &self.scrubber;
        match e {
            ClientError::Decode {
                status,
                message,
                body_snippet,
            } => ClientError::Decode {
                status,
                message: s.text(&message),
                body_snippet: s.text(&body_snippet),
            },
            ClientError::UndocumentedStatus { status, body } => ClientError::UndocumentedStatus {
                status,
                body: s.text(&body),
            },
            ClientError::JsonRpc(m) => ClientError::JsonRpc(s.text(&m)),
            ClientError::Transport(m) => ClientError::Transport(s.text(&m)),
            ClientError::Connect(m) => ClientError::Connect(s.text(&m)),
            ClientError::Encode(m) => ClientError::Encode(s.text(&m)),
            other => other,
        }
    }

    /// The settings.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// A builder for `method` on `path`, against the configured base URL
    /// (else `default_base_url`), authenticated with the configured
    /// credential as `auth` says.
    pub fn request(
        &self,
        method: Method,
        default_base_url: Option<&str>,
        path: &str,
        auth: Auth,
    ) -> Result<RequestBuilder, ClientError> {
        let base = self.config.resolve_base_url(default_base_url)?;
        Ok(RequestBuilder::new(method, base, path).auth(auth, self.config.credential.as_ref()))
    }

    /// Validates `value` unless `validate_requests` is off. Generated
    /// clients call this before building a request, so an invalid request
    /// sends nothing.
    pub fn validate<T: Validate + ?Sized>(&self, value: &T) -> Result<(), ClientError> {
        if self.config.validate_requests {
            value.validate()?;
        }
        Ok(())
    }

    /// Validates the parts of one request together (query and body), so an
    /// invalid request reports every error of every part; does nothing when
    /// `validate_requests` is off.
    pub fn validate_all(&self, parts: &[&dyn Validate]) -> Result<(), ClientError> {
        if !self.config.validate_requests {
            return Ok(());
        }
        let mut report = crate::Report::current_time();
        for part in parts {
            part.validate_at(&crate::Path::ROOT, &mut report);
        }
        report.into_result().map_err(ClientError::Validation)
    }

    /// A fresh JSON-RPC request id, unique among this client and its clones.
    pub fn next_rpc_id(&self) -> u64 {
        self.next_rpc_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Sends `request`, retrying as [`RetryPolicy`] says.
    ///
    /// Adds the configured `User-Agent` unless the request has one. Each
    /// attempt is bounded by `timeout` and `max_response_bytes`. Any
    /// response is returned as it is, error statuses included: when the
    /// attempts run out on a 429 or 503, that last response is returned (not
    /// an error), so the caller can decode it if the spec documents it.
    /// `idempotent` says whether the request may be sent twice after a
    /// transport failure that might have reached the server.
    pub async fn execute(
        &self,
        request: Request<Vec<u8>>,
        idempotent: bool,
    ) -> Result<Response<Vec<u8>>, ClientError> {
        let (mut parts, body) = request.into_parts();
        if !parts.headers.contains_key(USER_AGENT) {
            parts.headers.insert(USER_AGENT, self.user_agent.clone());
        }
        let policy = &self.config.retry;
        let limits = self.config.limits();
        let attempts = policy.max_attempts.max(1);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut req = Request::new(body.clone());
            *req.method_mut() = parts.method.clone();
            *req.uri_mut() = parts.uri.clone();
            *req.version_mut() = parts.version;
            *req.headers_mut() = parts.headers.clone();

            // The transport should time out by itself; this also covers one
            // that does not.
            let result = tokio::time::timeout(limits.timeout, self.transport.send(req, limits))
                .await
                .unwrap_or(Err(TransportError::Timeout));
            let last = attempt >= attempts;
            let wait = match result {
                Ok(resp) if !last && retryable_status(resp.status()) => {
                    let now = SystemTime::now();
                    match status_delay(policy, attempt, resp.headers(), now, jitter()) {
                        Ok(wait) => wait,
                        Err(retry_after) => {
                            return Err(ClientError::RetryAfterTooLong {
                                status: resp.status(),
                                retry_after,
                                retry_at: now.checked_add(retry_after),
                                budget: policy.max_delay,
                                response: HeldResponse(Box::new(self.scrub_response(resp))),
                            })
                        }
                    }
                }
                Ok(resp) => return Ok(self.scrub_response(resp)),
                Err(e) => {
                    let retryable = match e {
                        TransportError::Connect(_) => true,
                        TransportError::BodyTooLarge { .. } => false,
                        _ => idempotent || policy.retry_non_idempotent_on_transport_error,
                    };
                    if last || !retryable {
                        return Err(match e {
                            TransportError::Connect(m) => ClientError::Connect(m),
                            TransportError::Timeout => ClientError::Timeout {
                                after: limits.timeout,
                            },
                            TransportError::BodyTooLarge { limit } => {
                                ClientError::BodyTooLarge { limit }
                            }
                            TransportError::Other(m) => ClientError::Transport(m),
                        });
                    }
                    backoff(policy, attempt, jitter())
                }
            };
            tokio::time::sleep(wait).await;
        }
    }
}

/// The statuses a server sends when it did not act on the request and
/// expects it again later.
fn retryable_status(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE
}

fn jitter() -> f64 {
    (random_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// The wait after failed attempt number `attempt` (from 1): `base_delay`
/// doubled per attempt, capped, then "equal jitter" (between half and all of
/// it, by `jitter` in `[0, 1)`) so clients that failed together do not
/// retry together.
fn backoff(policy: &RetryPolicy, attempt: u32, jitter: f64) -> Duration {
    let factor = 1u32
        .checked_shl(attempt.saturating_sub(1))
        .unwrap_or(u32::MAX);
    let full = policy
        .base_delay
        .saturating_mul(factor)
        .min(policy.max_delay);
    full / 2 + (full / 2).mul_f64(jitter.clamp(0.0, 1.0))
}

/// The wait before retrying a 429 or 503: its `Retry-After` if it has a
/// readable one, else [`backoff`]. `Err` with the server's wait when that is
/// longer than `max_delay`: it is never shortened.
fn status_delay(
    policy: &RetryPolicy,
    attempt: u32,
    headers: &HeaderMap,
    now: SystemTime,
    jitter: f64,
) -> Result<Duration, Duration> {
    match retry_after(headers, now) {
        Some(wait) if wait > policy.max_delay => Err(wait),
        Some(wait) => Ok(wait),
        None => Ok(backoff(policy, attempt, jitter)),
    }
}

/// `Retry-After` as delta-seconds or an HTTP date (RFC 9110 §10.2.3). A
/// number of seconds too large for `u64` is `Duration::MAX`: it means
/// "much later", not "garbage".
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(
            value
                .parse::<u64>()
                .map_or(Duration::MAX, Duration::from_secs),
        );
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::client::{SendFuture, TransportLimits};
    use crate::{Path, Report, Validate};

    /// Replies from a script, one entry per call, and records what it got.
    #[derive(Default)]
    struct Scripted {
        replies: Mutex<Vec<Result<u16, TransportError>>>,
        seen: Mutex<Vec<Request<Vec<u8>>>>,
        delay: Duration,
    }

    impl Scripted {
        fn new(mut replies: Vec<Result<u16, TransportError>>) -> Arc<Self> {
            replies.reverse();
            Arc::new(Scripted {
                replies: Mutex::new(replies),
                ..Default::default()
            })
        }
        fn calls(&self) -> usize {
            self.seen.lock().unwrap().len()
        }
    }

    impl Transport for Scripted {
        fn send(&self, request: Request<Vec<u8>>, _: TransportLimits) -> SendFuture<'_> {
            self.seen.lock().unwrap().push(request);
            let reply = self.replies.lock().unwrap().pop().expect("script ran out");
            Box::pin(async move {
                tokio::time::sleep(self.delay).await;
                let status = reply?;
                let mut resp = Response::new(format!("reply {status}").into_bytes());
                *resp.status_mut() = StatusCode::from_u16(status).unwrap();
                Ok(resp)
            })
        }
    }

    fn fast() -> RetryPolicy {
        RetryPolicy::default().base_delay(Duration::from_millis(1))
    }

    fn core(t: &Arc<Scripted>, retry: RetryPolicy) -> ClientCore {
        let config = ClientConfig::default().retry(retry);
        ClientCore::with_transport(config, t.clone()).unwrap()
    }

    fn post() -> Request<Vec<u8>> {
        let mut r = Request::new(b"{}".to_vec());
        *r.method_mut() = Method::POST;
        *r.uri_mut() = "http://h/x".parse().unwrap();
        r
    }

    fn other() -> TransportError {
        TransportError::Other("connection reset".into())
    }

    #[tokio::test]
    async fn retries_429_and_503_then_succeeds_for_a_post() {
        let t = Scripted::new(vec![Ok(429), Ok(503), Ok(201)]);
        let resp = core(&t, fast()).execute(post(), false).await.unwrap();
        assert_eq!(resp.status(), 201);
        assert_eq!(t.calls(), 3);
        // Every attempt sends the same request.
        for r in t.seen.lock().unwrap().iter() {
            assert_eq!(r.body(), b"{}");
            assert_eq!(r.method(), Method::POST);
        }
    }

    #[tokio::test]
    async fn returns_the_last_429_when_attempts_run_out() {
        let t = Scripted::new(vec![Ok(429); 4]);
        let resp = core(&t, fast().max_attempts(4))
            .execute(post(), true)
            .await
            .unwrap();
        assert_eq!(resp.status(), 429);
        assert_eq!(t.calls(), 4);
    }

    #[tokio::test]
    async fn other_statuses_are_returned_at_once() {
        for status in [200, 400, 409, 500] {
            let t = Scripted::new(vec![Ok(status)]);
            let resp = core(&t, fast()).execute(post(), true).await.unwrap();
            assert_eq!(resp.status(), status);
            assert_eq!(t.calls(), 1);
        }
    }

    #[tokio::test]
    async fn zero_attempts_means_one() {
        let t = Scripted::new(vec![Ok(429)]);
        let resp = core(&t, fast().max_attempts(0))
            .execute(post(), true)
            .await
            .unwrap();
        assert_eq!(resp.status(), 429);
        assert_eq!(t.calls(), 1);
    }

    #[tokio::test]
    async fn transport_failure_of_a_post_is_not_retried_by_default() {
        let t = Scripted::new(vec![Err(other())]);
        let err = core(&t, fast()).execute(post(), false).await.unwrap_err();
        assert!(
            matches!(err, ClientError::Transport(ref m) if m == "connection reset"),
            "{err:?}"
        );
        assert_eq!(t.calls(), 1);
    }

    #[tokio::test]
    async fn transport_failure_is_retried_when_idempotent_or_allowed() {
        let t = Scripted::new(vec![Err(other()), Err(TransportError::Timeout), Ok(200)]);
        let resp = core(&t, fast()).execute(post(), true).await.unwrap();
        assert_eq!((resp.status().as_u16(), t.calls()), (200, 3));

        let t = Scripted::new(vec![Err(other()), Ok(200)]);
        let policy = fast().retry_non_idempotent_on_transport_error(true);
        let resp = core(&t, policy).execute(post(), false).await.unwrap();
        assert_eq!((resp.status().as_u16(), t.calls()), (200, 2));
    }

    #[tokio::test]
    async fn connect_failure_is_retried_even_for_a_post() {
        let t = Scripted::new(vec![
            Err(TransportError::Connect("refused".into())),
            Ok(200),
        ]);
        let resp = core(&t, fast()).execute(post(), false).await.unwrap();
        assert_eq!((resp.status().as_u16(), t.calls()), (200, 2));

        let t = Scripted::new(vec![Err(TransportError::Connect("refused".into())); 3]);
        let err = core(&t, fast()).execute(post(), false).await.unwrap_err();
        assert!(
            matches!(err, ClientError::Connect(ref m) if m == "refused"),
            "{err:?}"
        );
        assert_eq!(t.calls(), 3);
    }

    #[tokio::test]
    async fn oversized_body_is_not_retried() {
        let t = Scripted::new(vec![Err(TransportError::BodyTooLarge { limit: 5 })]);
        let err = core(&t, fast()).execute(post(), true).await.unwrap_err();
        assert!(
            matches!(err, ClientError::BodyTooLarge { limit: 5 }),
            "{err:?}"
        );
        assert_eq!(t.calls(), 1);
    }

    #[tokio::test]
    async fn a_transport_that_hangs_is_cut_off_by_the_total_timeout() {
        let t = Arc::new(Scripted {
            replies: Mutex::new(vec![Ok(200)]),
            delay: Duration::from_secs(30),
            ..Default::default()
        });
        let config = ClientConfig::default().timeout(Duration::from_millis(50));
        let core = ClientCore::with_transport(config, t.clone()).unwrap();
        let err = core.execute(post(), false).await.unwrap_err();
        assert!(
            matches!(err, ClientError::Timeout { after } if after == Duration::from_millis(50)),
            "{err:?}"
        );
        assert_eq!(t.calls(), 1);
    }

    #[tokio::test]
    async fn user_agent_is_added_unless_present() {
        let t = Scripted::new(vec![Ok(200), Ok(200)]);
        let config = ClientConfig::default().user_agent("chat-apis/1.0");
        let core = ClientCore::with_transport(config, t.clone()).unwrap();
        core.execute(post(), false).await.unwrap();
        let mut own = post();
        own.headers_mut()
            .insert(USER_AGENT, HeaderValue::from_static("mine"));
        core.execute(own, false).await.unwrap();
        let seen = t.seen.lock().unwrap();
        assert_eq!(seen[0].headers()[USER_AGENT], "chat-apis/1.0");
        assert_eq!(seen[1].headers()[USER_AGENT], "mine");
    }

    #[test]
    fn bad_user_agent_is_rejected_up_front() {
        let config = ClientConfig::default().user_agent("x\r\ny");
        let err = ClientCore::with_transport(config, Scripted::new(vec![])).unwrap_err();
        assert!(matches!(err, ClientError::Encode(_)), "{err:?}");
    }

    #[test]
    fn backoff_doubles_is_capped_and_jittered() {
        let p = RetryPolicy::default()
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(700));
        let ms = |attempt, j| backoff(&p, attempt, j).as_millis();
        assert_eq!(
            [ms(1, 1.0), ms(2, 1.0), ms(3, 1.0), ms(4, 1.0)],
            [100, 200, 400, 700]
        );
        assert_eq!([ms(1, 0.0), ms(2, 0.0), ms(3, 0.5)], [50, 100, 300]);
        assert_eq!(ms(200, 1.0), 700, "no overflow on huge attempt numbers");
        let j = jitter();
        assert!((0.0..1.0).contains(&j));
    }

    fn test_now() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
    }

    fn retry_after_header(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let (now, headers) = (test_now(), retry_after_header);
        assert_eq!(
            retry_after(&headers("3"), now),
            Some(Duration::from_secs(3))
        );
        assert_eq!(retry_after(&headers(" 0 "), now), Some(Duration::ZERO));
        let in_5s = httpdate::fmt_http_date(now + Duration::from_secs(5));
        assert_eq!(
            retry_after(&headers(&in_5s), now),
            Some(Duration::from_secs(5))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(5));
        assert_eq!(retry_after(&headers(&past), now), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(retry_after(&headers("-1"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);

        let p = RetryPolicy::default()
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_secs(2));
        assert_eq!(
            status_delay(&p, 1, &headers("1"), now, 0.0),
            Ok(Duration::from_secs(1))
        );
        assert_eq!(
            status_delay(&p, 2, &HeaderMap::new(), now, 1.0),
            Ok(Duration::from_millis(200))
        );
    }

    #[test]
    fn a_retry_after_beyond_the_budget_is_never_shortened() {
        let (now, headers) = (test_now(), retry_after_header);
        let p = RetryPolicy::default().max_delay(Duration::from_secs(2));
        assert_eq!(
            status_delay(&p, 1, &headers("100000"), now, 0.0),
            Err(Duration::from_secs(100_000))
        );
        let in_an_hour = httpdate::fmt_http_date(now + Duration::from_secs(3600));
        assert_eq!(
            status_delay(&p, 1, &headers(&in_an_hour), now, 0.0),
            Err(Duration::from_secs(3600))
        );
        // Beyond u64: "much later", not garbage to retry after a backoff.
        assert_eq!(
            status_delay(&p, 1, &headers("99999999999999999999999"), now, 0.0),
            Err(Duration::MAX)
        );
    }

    /// Replies 429 with a `Retry-After` header, then 200.
    struct RetryLater(&'static str, Mutex<usize>);

    impl Transport for RetryLater {
        fn send(&self, _: Request<Vec<u8>>, _: TransportLimits) -> SendFuture<'_> {
            let mut calls = self.1.lock().unwrap();
            *calls += 1;
            let first = *calls == 1;
            Box::pin(async move {
                let mut resp = Response::new(b"slow down".to_vec());
                if first {
                    *resp.status_mut() = StatusCode::TOO_MANY_REQUESTS;
                    resp.headers_mut()
                        .insert(RETRY_AFTER, HeaderValue::from_static(self.0));
                }
                Ok(resp)
            })
        }
    }

    #[tokio::test]
    async fn a_long_retry_after_fails_at_once_with_when_to_retry_and_the_response() {
        for (value, wait) in [
            ("100000", Duration::from_secs(100_000)),
            ("18446744073709551616", Duration::MAX),
        ] {
            let t = Arc::new(RetryLater(value, Mutex::new(0)));
            let core = ClientCore::with_transport(ClientConfig::default(), t.clone()).unwrap();
            let started = std::time::Instant::now();
            let err = core.execute(post(), true).await.unwrap_err();
            assert!(started.elapsed() < Duration::from_secs(1));
            assert_eq!(*t.1.lock().unwrap(), 1, "{value}: retried anyway");
            let ClientError::RetryAfterTooLong {
                status,
                retry_after,
                retry_at,
                budget,
                response,
            } = &err
            else {
                panic!("{err:?}")
            };
            assert_eq!(*status, StatusCode::TOO_MANY_REQUESTS);
            assert_eq!((*retry_after, *budget), (wait, Duration::from_secs(10)));
            assert_eq!(retry_at.is_none(), wait == Duration::MAX);
            assert_eq!(response.0.body(), b"slow down");
            assert!(err.to_string().contains("not retried"), "{err}");
        }
    }

    #[tokio::test]
    async fn a_retry_after_within_the_budget_is_waited_then_retried() {
        let t = Arc::new(RetryLater("0", Mutex::new(0)));
        let core = ClientCore::with_transport(ClientConfig::default(), t.clone()).unwrap();
        let resp = core.execute(post(), true).await.unwrap();
        assert_eq!((resp.status().as_u16(), *t.1.lock().unwrap()), (200, 2));
    }

    struct AlwaysInvalid;
    impl Validate for AlwaysInvalid {
        fn validate_at(&self, path: &Path<'_>, report: &mut Report) {
            report.push(
                path,
                crate::Code::Blank,
                None,
                format_args!("can't be blank"),
            );
        }
    }

    #[test]
    fn validation_can_be_switched_off() {
        let t = Scripted::new(vec![]);
        let on = ClientCore::with_transport(ClientConfig::default(), t.clone()).unwrap();
        let err = on.validate(&AlwaysInvalid).unwrap_err();
        assert!(matches!(err, ClientError::Validation(ref e) if e.0[0].code == "blank"));
        let off = ClientCore::with_transport(ClientConfig::default().validate_requests(false), t)
            .unwrap();
        assert!(off.validate(&AlwaysInvalid).is_ok());
    }

    #[test]
    fn request_uses_the_configured_base_url_and_credential() {
        let t = Scripted::new(vec![]);
        let config = ClientConfig::default()
            .base_url("https://tenant.example.com/")
            .credential(crate::client::Secret::new("k").unwrap());
        let core = ClientCore::with_transport(config, t.clone()).unwrap();
        let req = core
            .request(
                Method::GET,
                Some("https://default"),
                "/api/v2/x",
                Auth::ApiKeyHeader("apiKey"),
            )
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(req.uri(), "https://tenant.example.com/api/v2/x");
        assert_eq!(req.headers()["apikey"], "k");

        let bare = ClientCore::with_transport(ClientConfig::default(), t).unwrap();
        let err = bare
            .request(Method::GET, None, "/x", Auth::None)
            .unwrap_err();
        assert!(matches!(err, ClientError::MissingBaseUrl), "{err:?}");
    }

    #[test]
    fn rpc_ids_are_unique_across_clones() {
        let core = core(&Scripted::new(vec![]), fast());
        let clone = core.clone();
        let ids = [core.next_rpc_id(), clone.next_rpc_id(), core.next_rpc_id()];
        assert_eq!(ids, [1, 2, 3]);
    }
}

//! A mock server that serves every endpoint of a generated registry and
//! enforces exactly the rules the generated clients enforce.
//!
//! Each request is routed by method and path (JSON-RPC: by the envelope's
//! `method`), its credential checked for presence and shape, its query and
//! body read back into the endpoint's JSON payload (multipart by `multer`)
//! and checked by the endpoint's own validator. A refusal is answered in the
//! API's error dialect from the spec; a valid request gets the endpoint's
//! first success response, with a body that passes the response type's
//! validator. Scripted answers and faults override this; every request is
//! journaled with its verdict.
//!
//! ```no_run
//! # async fn demo(apis: &[&[specgen_runtime::registry::Endpoint]]) -> std::io::Result<()> {
//! use specgen_runtime::mock::{MockServer, Scripted};
//! let mock = MockServer::start(apis).await?;
//! mock.script("helpcrunch.create_chat", [Scripted::retry_after(429, 1)]).unwrap();
//! // point a client at mock.base_url() ...
//! assert!(mock.journal().is_empty());
//! mock.shutdown().await;
//! # Ok(()) }
//! ```

pub mod cli;
mod dialect;
mod judge;
mod scenario;
mod wire;

use std::collections::{HashMap, VecDeque};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use bytes::Bytes;
use serde::Serialize;

use crate::registry::Endpoint;
use crate::{Code, ValidationError};

pub use dialect::{field_name, render};
pub use judge::{judge, Judgement, Verdict};
pub use scenario::{parse as parse_scenario, Scenario, Scripted};

/// Bodies larger than this are refused (413) unless configured otherwise.
pub const DEFAULT_MAX_BODY: usize = 4 * 1024 * 1024;

/// A body must arrive within this time, or the request is answered 408.
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// How to start a [`MockServer`].
#[derive(Debug, Clone)]
pub struct MockConfig {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Serve only this API (its `api` name).
    pub api: Option<String>,
    /// The body size cap, in bytes.
    pub max_body: usize,
    /// A fixed "now" for time checks (`not_future`); the clock when `None`.
    pub now: Option<time::OffsetDateTime>,
    /// How long a request body may take to arrive (then 408).
    pub body_timeout: Duration,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            port: 0,
            api: None,
            max_body: DEFAULT_MAX_BODY,
            now: None,
            body_timeout: DEFAULT_BODY_TIMEOUT,
        }
    }
}

/// One request as the journal keeps it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JournalEntry {
    /// HTTP method.
    pub method: String,
    /// Request path.
    pub path: String,
    /// `api.name` of the endpoint, when one was found.
    pub endpoint: Option<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// The errors behind a refusal.
    pub errors: Vec<ValidationError>,
    /// The status answered (after any scripted override; 0 for a dropped
    /// connection).
    pub status: u16,
    /// Whether a scripted answer replaced the mock's own.
    pub scripted: bool,
}

type Listener = Box<dyn Fn(&JournalEntry) + Send + Sync>;

struct Shared {
    endpoints: Vec<Endpoint>,
    max_body: usize,
    now: Option<time::OffsetDateTime>,
    body_timeout: Duration,
    scripts: Mutex<HashMap<String, VecDeque<Scripted>>>,
    journal: Mutex<Vec<JournalEntry>>,
    on_entry: Option<Listener>,
}

/// A running mock server on 127.0.0.1. Dropping it stops it;
/// [`shutdown`](MockServer::shutdown) also waits until it has stopped.
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Serves every endpoint of `apis` on a free port of 127.0.0.1.
    pub async fn start(apis: &[&[Endpoint]]) -> std::io::Result<MockServer> {
        MockServer::start_with(apis, MockConfig::default(), None).await
    }

    /// Serves with a config, calling `on_entry` for every journal entry.
    pub async fn start_with(
        apis: &[&[Endpoint]],
        config: MockConfig,
        on_entry: Option<Listener>,
    ) -> std::io::Result<MockServer> {
        let endpoints: Vec<Endpoint> = apis
            .iter()
            .flat_map(|a| a.iter().copied())
            .filter(|e| config.api.as_deref().is_none_or(|api| e.api == api))
            .collect();
        if endpoints.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                match &config.api {
                    Some(api) => format!("no API named `{api}`"),
                    None => "the registry has no endpoints".to_owned(),
                },
            ));
        }
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            endpoints,
            max_body: config.max_body,
            now: config.now,
            body_timeout: config.body_timeout,
            scripts: Mutex::default(),
            journal: Mutex::default(),
            on_entry,
        });
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let graceful = async {
                let _ = stopped.await;
            };
            // An accept error ends the server; the journal keeps what came before.
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(graceful)
                .await;
        });
        Ok(MockServer {
            addr,
            shared,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:<port>`, the base URL to give a client.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Queues answers for the endpoint `id` (`api.name`), used in order by
    /// its next requests.
    pub fn script(
        &self,
        id: &str,
        answers: impl IntoIterator<Item = Scripted>,
    ) -> Result<(), String> {
        if !self.shared.endpoints.iter().any(|e| e.id() == id) {
            return Err(format!("the mock serves no endpoint `{id}`"));
        }
        let answers: Vec<Scripted> = answers.into_iter().collect();
        if let Some(p) = answers.iter().find_map(Scripted::problem) {
            return Err(p);
        }
        lock(&self.shared.scripts)
            .entry(id.to_owned())
            .or_default()
            .extend(answers);
        Ok(())
    }

    /// Queues every answer of a scenario.
    pub fn load_scenario(&self, scenario: Scenario) -> Result<(), String> {
        for (id, answers) in scenario {
            self.script(&id, answers)?;
        }
        Ok(())
    }

    /// Every request so far, oldest first.
    pub fn journal(&self) -> Vec<JournalEntry> {
        lock(&self.shared.journal).clone()
    }

    /// Stops accepting, lets requests in flight finish, and waits.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            // A client holding a connection open cannot keep the port bound.
            if tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }

    /// Resolves when the server stops (a Ctrl-C handler calls [`shutdown`](Self::shutdown)).
    pub async fn stopped(&mut self) {
        if let Some(task) = self.task.as_mut() {
            let _ = task.await;
            self.task = None;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// A poisoned lock only means a handler panicked mid-update of a queue or
/// list, which stays usable.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn json_response(status: http::StatusCode, body: Option<&serde_json::Value>) -> Response {
    let mut builder = Response::builder().status(status);
    let body = match body {
        Some(v) => {
            builder = builder.header(http::header::CONTENT_TYPE, "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    builder.body(body).unwrap_or_default()
}

/// A response whose body fails after the head is sent: the client sees the
/// connection end before the answer does.
fn dropped() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("connection dropped by the scenario"))
    });
    Response::builder()
        .status(http::StatusCode::OK)
        .body(Body::from_stream(failing))
        .unwrap_or_default()
}

fn scripted_response(s: &Scripted) -> Response {
    let status = s
        .status
        .and_then(|s| http::StatusCode::from_u16(s).ok())
        .unwrap_or(http::StatusCode::OK);
    let mut response = json_response(status, s.body.as_ref());
    let headers = response.headers_mut();
    for (name, value) in &s.headers {
        if let (Ok(n), Ok(v)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            http::HeaderValue::from_str(value),
        ) {
            headers.insert(n, v);
        }
    }
    if let Some(secs) = s.retry_after {
        headers.insert(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
    }
    response
}

fn unreadable(status: http::StatusCode, code: Code, message: String) -> Judgement {
    let errors = vec![ValidationError {
        path: std::borrow::Cow::Borrowed(""),
        code,
        message: message.into(),
    }];
    Judgement {
        endpoint: None,
        verdict: Verdict::Malformed,
        body: Some(serde_json::json!({ "errors": errors })),
        errors,
        status,
    }
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    // A client that stops sending mid-body must not hold a handler forever.
    let read = tokio::time::timeout(
        shared.body_timeout,
        axum::body::to_bytes(body, shared.max_body),
    );
    let judgement = match read.await {
        Ok(Ok(bytes)) => {
            judge(
                &shared.endpoints,
                shared.now.unwrap_or_else(time::OffsetDateTime::now_utc),
                &parts.method,
                parts.uri.path(),
                parts.uri.query(),
                &parts.headers,
                bytes,
            )
            .await
        }
        // A body that cannot be read is, in practice, one over the cap.
        Ok(Err(_)) => unreadable(
            http::StatusCode::PAYLOAD_TOO_LARGE,
            Code::TooLarge,
            format!("the body is larger than {} bytes", shared.max_body),
        ),
        Err(_) => unreadable(
            http::StatusCode::REQUEST_TIMEOUT,
            Code::Timeout,
            format!("the body did not arrive within {:?}", shared.body_timeout),
        ),
    };
    let next = judgement.endpoint.as_ref().and_then(|id| {
        lock(&shared.scripts)
            .get_mut(id)
            .and_then(VecDeque::pop_front)
    });
    let (response, status, scripted) = match &next {
        Some(s) if s.drop => (dropped(), 0, true),
        Some(s) if s.status.is_some() => {
            let r = scripted_response(s);
            let status = r.status().as_u16();
            (r, status, true)
        }
        _ => (
            json_response(judgement.status, judgement.body.as_ref()),
            judgement.status.as_u16(),
            next.is_some(),
        ),
    };
    let entry = JournalEntry {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        endpoint: judgement.endpoint,
        verdict: judgement.verdict,
        errors: judgement.errors,
        status,
        scripted,
    };
    if let Some(listener) = &shared.on_entry {
        listener(&entry);
    }
    lock(&shared.journal).push(entry);
    if let Some(s) = &next {
        if s.delay_ms > 0 {
            tokio::time::sleep(Duration::from_millis(s.delay_ms)).await;
        }
    }
    response
}

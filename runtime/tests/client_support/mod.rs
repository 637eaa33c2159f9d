//! Local HTTP servers for the client tests: they bind 127.0.0.1 port 0,
//! record every request and answer from a script.

#![allow(dead_code)] // each test file uses its own subset

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub uri: Uri,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    pub at: Instant,
}

/// One scripted answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
    pub delay: Duration,
}

impl Reply {
    pub fn status(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            delay: Duration::ZERO,
        }
    }
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::status(status)
            .header("content-type", "application/json")
            .body(body.as_bytes().to_vec())
    }
    pub fn header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_owned()));
        self
    }
    pub fn body(mut self, body: Vec<u8>) -> Reply {
        self.body = body;
        self
    }
    pub fn delay(mut self, d: Duration) -> Reply {
        self.delay = d;
        self
    }
}

#[derive(Default)]
struct Shared {
    seen: Mutex<Vec<Recorded>>,
    script: Mutex<VecDeque<Reply>>,
}

/// An axum server that records requests and answers from a script (then
/// `200` with no body once the script is used up).
pub struct TestServer {
    pub base_url: String,
    shared: Arc<Shared>,
}

impl TestServer {
    pub async fn start(script: Vec<Reply>) -> TestServer {
        let shared = Arc::new(Shared {
            seen: Mutex::default(),
            script: Mutex::new(script.into()),
        });
        let app = axum::Router::new()
            .fallback(record_and_reply)
            .with_state(shared.clone());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        TestServer {
            base_url: format!("http://{addr}"),
            shared,
        }
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.seen.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.shared.seen.lock().unwrap().len()
    }
}

async fn record_and_reply(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let at = Instant::now();
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap()
        .to_vec();
    shared.seen.lock().unwrap().push(Recorded {
        method: parts.method,
        uri: parts.uri,
        headers: parts.headers,
        body,
        at,
    });
    let reply = shared
        .script
        .lock()
        .unwrap()
        .pop_front()
        .unwrap_or_else(|| Reply::status(200));
    tokio::time::sleep(reply.delay).await;
    let mut resp = Response::new(Body::from(reply.body));
    *resp.status_mut() = StatusCode::from_u16(reply.status).unwrap();
    for (k, v) in reply.headers {
        resp.headers_mut().insert(k, v.parse().unwrap());
    }
    resp
}

/// One part of a multipart body, as axum's (multer's) parser reads it.
#[derive(Debug, PartialEq)]
pub struct ParsedPart {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub content: Vec<u8>,
}

/// Parses a recorded multipart request with axum's `Multipart` extractor,
/// a parser independent of the encoder under test.
pub async fn parse_multipart(rec: &Recorded) -> Vec<ParsedPart> {
    let mut req = Request::new(Body::from(rec.body.clone()));
    *req.headers_mut() = rec.headers.clone();
    let mut form = Multipart::from_request(req, &()).await.unwrap();
    let mut parts = Vec::new();
    while let Some(field) = form.next_field().await.unwrap() {
        parts.push(ParsedPart {
            name: field.name().unwrap().to_owned(),
            file_name: field.file_name().map(str::to_owned),
            content_type: field.content_type().map(str::to_owned),
            content: field.bytes().await.unwrap().to_vec(),
        });
    }
    parts
}

/// A bare TCP server: reads each request in full, counts it, then writes
/// `reply` verbatim, or with `None` closes the connection without a word.
pub async fn raw_server(reply: Option<Vec<u8>>) -> (String, Arc<AtomicUsize>) {
    let reply = Arc::new(reply);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let (counter, reply) = (counter.clone(), reply.clone());
            tokio::spawn(async move {
                if read_request(&mut sock).await {
                    counter.fetch_add(1, Ordering::SeqCst);
                    if let Some(bytes) = reply.as_ref() {
                        let _ = sock.write_all(bytes).await;
                        let _ = sock.shutdown().await;
                    }
                }
            });
        }
    });
    (format!("http://{addr}"), count)
}

/// Reads one request's head and its `Content-Length` body.
async fn read_request(sock: &mut tokio::net::TcpStream) -> bool {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse().unwrap());
            if buf.len() >= end + 4 + len {
                return true;
            }
        }
        match sock.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

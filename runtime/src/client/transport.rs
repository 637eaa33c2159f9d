//! The one piece that does IO: sending a built request.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use http::{Request, Response};

use super::{ClientError, TransportError};

/// Per-attempt limits a transport must honour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct TransportLimits {
    /// From sending the request to the last byte of the response body.
    pub timeout: Duration,
    /// Largest response body to accept; past it, stop reading and report
    /// [`TransportError::BodyTooLarge`].
    pub max_response_bytes: usize,
}

/// The future a [`Transport`] returns.
pub type SendFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Response<Vec<u8>>, TransportError>> + Send + 'a>>;

/// Sends one request and reads the whole response.
///
/// Object-safe, so a client holds an `Arc<dyn Transport>` and tests or
/// users can plug in their own (a mock, another HTTP stack, a proxy).
/// Retries, redirects and auth are not its business: it sends exactly the
/// request it is given, once.
pub trait Transport: Send + Sync {
    /// Sends `request` and returns the response with its body read to the
    /// end, within `limits`.
    fn send(&self, request: Request<Vec<u8>>, limits: TransportLimits) -> SendFuture<'_>;
}

/// The default [`Transport`], on `reqwest` with rustls.
///
/// It follows no redirects: a redirect to another host would carry an
/// `apiKey` header along, and a silently re-sent POST is worse than a
/// visible 3xx.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport with its own connection pool.
    pub fn new(connect_timeout: Duration) -> Result<Self, ClientError> {
        let client = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| ClientError::Transport(TransportError::describe(&e)))?;
        Ok(ReqwestTransport { client })
    }

    /// A transport on a `reqwest::Client` you configured (proxy, root
    /// certificates, ...).
    pub fn from_client(client: reqwest::Client) -> Self {
        ReqwestTransport { client }
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: Request<Vec<u8>>, limits: TransportLimits) -> SendFuture<'_> {
        Box::pin(async move {
            let mut request = reqwest::Request::try_from(request)
                .map_err(|e| TransportError::Other(TransportError::describe(&e)))?;
            *request.timeout_mut() = Some(limits.timeout);
            let mut response = self.client.execute(request).await.map_err(from_reqwest)?;

            let limit = limits.max_response_bytes;
            let too_large = TransportError::BodyTooLarge { limit };
            let announced = response.content_length().unwrap_or(0);
            if announced > limit as u64 {
                return Err(too_large);
            }
            let mut out = Response::new(Vec::new());
            *out.status_mut() = response.status();
            *out.version_mut() = response.version();
            *out.headers_mut() = std::mem::take(response.headers_mut());

            // Chunk by chunk, so a huge or endless body costs at most `limit`.
            let mut body = Vec::with_capacity(announced as usize);
            while let Some(chunk) = response.chunk().await.map_err(from_reqwest)? {
                if chunk.len() > limit - body.len() {
                    return Err(too_large);
                }
                body.extend_from_slice(&chunk);
            }
            *out.body_mut() = body;
            Ok(out)
        })
    }
}

fn from_reqwest(e: reqwest::Error) -> TransportError {
    // Connect first: a connect timeout means nothing was sent, which is what
    // the retry decision needs to know.
    if e.is_connect() {
        TransportError::Connect(TransportError::describe(&e))
    } else if e.is_timeout() {
        TransportError::Timeout
    } else {
        TransportError::Other(TransportError::describe(&e))
    }
}

//! The errors of the client layer.

use std::error::Error as StdError;
use std::time::{Duration, SystemTime};

use http::{Response, StatusCode};

use crate::ValidationErrors;

/// Everything that can go wrong between a request value and a decoded
/// response, other than a status the API documents as an error.
///
/// No message ever contains a credential: the only place one is held,
/// [`Secret`](super::Secret), prints as `Secret(***)`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The request failed validation; nothing was sent.
    #[error("the request is invalid, so it was not sent: {0}")]
    Validation(#[from] ValidationErrors),
    /// The configured credential cannot be sent.
    #[error("invalid credential: {reason}")]
    InvalidCredential {
        /// Why, without the credential itself.
        reason: &'static str,
    },
    /// The API needs a credential and none is configured.
    #[error("this API needs a credential; set `ClientConfig::credential`")]
    MissingCredential,
    /// The API has no default base URL and none is configured.
    #[error("this API has no default base URL; set `ClientConfig::base_url`")]
    MissingBaseUrl,
    /// The base URL, or the URL built from it, is not a valid HTTP(S) URL.
    #[error("invalid URL `{url}`: {reason}")]
    InvalidUrl {
        /// The URL, with any `user:password@` replaced by `***@`.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The request could not be encoded (query, body or header).
    #[error("cannot encode the request: {0}")]
    Encode(String),
    /// The connection could not be made; the request was not sent.
    #[error("cannot connect: {0}")]
    Connect(String),
    /// No complete response arrived within the configured total timeout.
    #[error("no complete response within {after:?}")]
    Timeout {
        /// The timeout that ran out.
        after: Duration,
    },
    /// The request failed in transit after the connection was made.
    #[error("transport error: {0}")]
    Transport(String),
    /// The response body is larger than `ClientConfig::max_response_bytes`.
    #[error("the response body is larger than the limit of {limit} bytes")]
    BodyTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The API answered with a status its spec does not document.
    #[error("undocumented response status {status}: {body}")]
    UndocumentedStatus {
        /// The status.
        status: StatusCode,
        /// The start of the body, lossily decoded as UTF-8.
        body: String,
    },
    /// The body of a documented response could not be decoded.
    #[error("cannot decode the {status} response: {message}; body: {body_snippet}")]
    Decode {
        /// The status.
        status: StatusCode,
        /// What the decoder reported.
        message: String,
        /// The start of the body, lossily decoded as UTF-8.
        body_snippet: String,
    },
    /// A 429 or 503 asked to wait longer than `RetryPolicy::max_delay`, so
    /// the call fails at once rather than retrying early against the
    /// server's instruction.
    #[error("the server answered {status} and asked to retry {}, which is longer than this client waits ({budget:?}); not retried", describe_wait(*.retry_after))]
    RetryAfterTooLong {
        /// The status (429 or 503).
        status: StatusCode,
        /// The wait the server asked for; `Duration::MAX` when it does not
        /// fit in a `Duration` (a number beyond `u64`).
        retry_after: Duration,
        /// When to retry at the earliest; `None` when that is beyond what
        /// `SystemTime` can hold.
        retry_at: Option<SystemTime>,
        /// The client's budget, `RetryPolicy::max_delay`.
        budget: Duration,
        /// The response, for its headers and body.
        response: HeldResponse,
    },
    /// A JSON-RPC response broke the protocol (wrong id, neither `result`
    /// nor `error`, or both).
    #[error("JSON-RPC protocol error: {0}")]
    JsonRpc(String),
}

fn describe_wait(wait: Duration) -> String {
    if wait == Duration::MAX {
        "after more seconds than fit in 64 bits".to_owned()
    } else {
        format!("after {} s", wait.as_secs())
    }
}

/// A response kept in an error. Its `Debug` shows the status and the body
/// size only, since a server may echo a credential in a header or the body.
pub struct HeldResponse(pub Box<Response<Vec<u8>>>);

impl std::fmt::Debug for HeldResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Response({}, {} body bytes)",
            self.0.status(),
            self.0.body().len()
        )
    }
}

/// What a [`Transport`](super::Transport) reports when it gets no response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// The connection (TCP, TLS) could not be made, so nothing was sent;
    /// retrying is safe even for a non-idempotent request.
    #[error("cannot connect: {0}")]
    Connect(String),
    /// The transport's own timeout ran out.
    #[error("timed out")]
    Timeout,
    /// The response body is larger than the limit.
    #[error("the response body is larger than {limit} bytes")]
    BodyTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// Anything else; the request may have reached the server.
    #[error("{0}")]
    Other(String),
}

impl TransportError {
    /// Renders `error` and its chain of sources as one line, since the top
    /// error of an HTTP stack alone ("error sending request") says little.
    pub fn describe(error: &(dyn StdError + 'static)) -> String {
        let mut out = error.to_string();
        let mut source = error.source();
        while let Some(e) = source {
            let s = e.to_string();
            if !out.contains(&s) {
                out.push_str(": ");
                out.push_str(&s);
            }
            source = e.source();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_walks_the_source_chain() {
        let inner = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset by peer");
        #[derive(Debug, thiserror::Error)]
        #[error("error sending request")]
        struct Outer(#[source] std::io::Error);
        assert_eq!(
            TransportError::describe(&Outer(inner)),
            "error sending request: reset by peer"
        );
    }
}

//! The errors of the client layer.

use std::error::Error as StdError;
use std::time::Duration;

use http::StatusCode;

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
    /// A JSON-RPC response broke the protocol (wrong id, neither `result`
    /// nor `error`, or both).
    #[error("JSON-RPC protocol error: {0}")]
    JsonRpc(String),
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

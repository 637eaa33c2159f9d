//! The HTTP client layer that generated clients call.
//!
//! Everything but [`Transport`] is sans IO and unit-testable:
//!
//! - [`RequestBuilder`] turns an endpoint's method, path, query, body and
//!   [`Auth`] scheme into an `http::Request<Vec<u8>>`; [`Multipart`] and
//!   [`jsonrpc_request`] encode the two non-JSON bodies;
//! - [`decode_json`], [`decode_jsonrpc`] and [`undocumented_status`] turn a
//!   response into a value or a [`ClientError`];
//! - [`ClientCore::execute`] sends through a [`Transport`]
//!   ([`ReqwestTransport`] by default) with the timeouts, body limit and
//!   [`RetryPolicy`] of a [`ClientConfig`].
//!
//! A generated endpoint method is a handful of calls:
//!
//! ```
//! use http::{Method, StatusCode};
//! use specgen_runtime::client::{decode_json, Auth, ClientConfig, ClientError, RequestBuilder, Secret};
//!
//! let config = ClientConfig::default().credential(Secret::new("token")?);
//! let base = config.resolve_base_url(Some("https://api.localiqservices.com"))?;
//! let request = RequestBuilder::new(Method::POST, base, "/capture_events/chats")
//!     .json_body(&serde_json::json!({"eventTime": "2024-01-01T00:00:00Z"}))
//!     .auth(Auth::Bearer, config.credential.as_ref())
//!     .build()?;
//! assert_eq!(request.uri(), "https://api.localiqservices.com/capture_events/chats");
//!
//! // ... `ClientCore::execute(request, false).await?` sends it; then:
//! let errors: Vec<String> = decode_json(StatusCode::BAD_REQUEST, br#"["eventTime is invalid"]"#)?;
//! assert_eq!(errors[0], "eventTime is invalid");
//! # Ok::<(), ClientError>(())
//! ```

mod config;
mod error;
mod execute;
mod jsonrpc;
mod multipart;
mod request;
mod response;
mod secret;
mod transport;

pub use config::{ClientConfig, RetryPolicy};
pub use error::{ClientError, HeldResponse, TransportError};
pub use execute::ClientCore;
pub use jsonrpc::{decode_jsonrpc, jsonrpc_request, RpcError, RpcOutcome};
pub use multipart::Multipart;
pub use request::{encode_segment, RequestBuilder};
pub use response::{
    body_snippet, decode_body, decode_json, undocumented, undocumented_status, BODY_SNIPPET_LIMIT,
};
pub use secret::{Auth, Secret};
pub use transport::{ReqwestTransport, SendFuture, Transport, TransportLimits};

pub use http::Method;

/// The result of a client call, as generated clients return it.
pub type Result<T, E = ClientError> = std::result::Result<T, E>;

/// A request as the sans-IO builders of generated clients return it.
pub type HttpRequest = http::Request<Vec<u8>>;
/// A response as the sans-IO decoders of generated clients take it.
pub type HttpResponse = http::Response<Vec<u8>>;

/// Splits `items` into batches of at most `max` items, in order, for APIs
/// that cap a list per request (CallGear: 500 chats). A `max` of zero counts
/// as one. An empty input gives no batches, so a caller that loops over them
/// sends no request for nothing.
///
/// ```
/// use specgen_runtime::client::batches;
/// assert_eq!(batches(vec![1, 2, 3, 4, 5], 2), vec![vec![1, 2], vec![3, 4], vec![5]]);
/// assert!(batches(Vec::<u8>::new(), 500).is_empty());
/// ```
pub fn batches<T>(items: Vec<T>, max: usize) -> Vec<Vec<T>> {
    let max = max.max(1);
    let mut out = Vec::with_capacity(items.len().div_ceil(max));
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        out.push(items.by_ref().take(max).collect());
    }
    out
}

/// A hard-to-predict number without a RNG dependency: std's per-process
/// random hash keys, which change with every `RandomState`, mixed with a
/// counter and the clock.
fn random_u64() -> u64 {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{SystemTime, UNIX_EPOCH};

    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_keep_order_and_respect_the_cap() {
        let b = batches((1..=7).collect(), 3);
        assert_eq!(b, vec![vec![1, 2, 3], vec![4, 5, 6], vec![7]]);
        assert_eq!(batches(vec![1, 2], 5), vec![vec![1, 2]]);
        assert_eq!(batches(vec![1, 2, 3], 3), vec![vec![1, 2, 3]]);
    }

    #[test]
    fn batches_of_zero_mean_one_and_empty_input_gives_none() {
        assert_eq!(batches(vec!['a', 'b'], 0), vec![vec!['a'], vec!['b']]);
        assert_eq!(batches(Vec::<u8>::new(), 3), Vec::<Vec<u8>>::new());
    }

    #[test]
    fn batches_of_a_thousand_and_one_chats() {
        let b = batches((0..1001).collect::<Vec<u32>>(), 500);
        assert_eq!(b.iter().map(Vec::len).collect::<Vec<_>>(), [500, 500, 1]);
        assert_eq!(b.concat(), (0..1001).collect::<Vec<u32>>());
    }

    #[test]
    fn random_numbers_differ() {
        assert_ne!(random_u64(), random_u64());
    }
}

//! Client settings.

use std::fmt;
use std::time::Duration;

use super::{ClientError, Secret, TransportLimits};

/// When and how often a request is sent again.
///
/// Responses `429 Too Many Requests` and `503 Service Unavailable` are
/// retried for every method, since the server did not act on them; the wait
/// is their `Retry-After` (seconds or an HTTP date), else exponential backoff
/// capped at `max_delay`. A `Retry-After` longer than `max_delay` is never
/// shortened: the call fails at once with
/// [`ClientError::RetryAfterTooLong`](super::ClientError::RetryAfterTooLong). A connect failure is retried for every
/// method too, since nothing was sent. Other transport failures and timeouts
/// are retried only for idempotent requests, unless
/// `retry_non_idempotent_on_transport_error` is set: a POST that timed out may
/// well have been carried out.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Total attempts, the first one included; `0` counts as `1`. Default 3.
    pub max_attempts: u32,
    /// The backoff before the second attempt; it doubles for each next one.
    /// Default 200 ms.
    pub base_delay: Duration,
    /// The longest wait: the cap on backoff, and the budget for
    /// `Retry-After` (a longer one fails the call). Default 10 s.
    pub max_delay: Duration,
    /// Retry non-idempotent requests after a transport failure or timeout.
    /// Default `false`.
    pub retry_non_idempotent_on_transport_error: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            retry_non_idempotent_on_transport_error: false,
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Sets [`RetryPolicy::max_attempts`].
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n;
        self
    }

    /// Sets [`RetryPolicy::base_delay`].
    pub fn base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }

    /// Sets [`RetryPolicy::max_delay`].
    pub fn max_delay(mut self, d: Duration) -> Self {
        self.max_delay = d;
        self
    }

    /// Sets [`RetryPolicy::retry_non_idempotent_on_transport_error`].
    pub fn retry_non_idempotent_on_transport_error(mut self, yes: bool) -> Self {
        self.retry_non_idempotent_on_transport_error = yes;
        self
    }
}

/// Settings of a generated client, built with chained setters.
///
/// ```
/// use std::time::Duration;
/// use specgen_runtime::client::{ClientConfig, RetryPolicy, Secret};
///
/// let config = ClientConfig::default()
///     .base_url("https://tenant.example.com")
///     .credential(Secret::new("my-api-key")?)
///     .timeout(Duration::from_secs(5))
///     .retry(RetryPolicy::default().max_attempts(5));
/// assert!(!format!("{config:?}").contains("my-api-key"));
/// # Ok::<(), specgen_runtime::client::ClientError>(())
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct ClientConfig {
    /// Overrides the API's default base URL; required when it has none.
    pub base_url: Option<String>,
    /// The token or API key; injected as the API's auth scheme says.
    pub credential: Option<Secret>,
    /// Validate each request before sending it (default `true`). Turn it off
    /// with `.validate_requests(false)` to let the server judge, e.g. when
    /// the spec is stricter than the live API.
    pub validate_requests: bool,
    /// Limit for establishing a connection (default 10 s).
    pub connect_timeout: Duration,
    /// Limit for one whole attempt, from sending to the last body byte
    /// (default 30 s).
    pub timeout: Duration,
    /// Largest response body accepted (default 10 MiB).
    pub max_response_bytes: usize,
    /// Retry behaviour.
    pub retry: RetryPolicy,
    /// The `User-Agent` header sent unless a request sets its own.
    pub user_agent: String,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            base_url: None,
            credential: None,
            validate_requests: true,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_response_bytes: 10 * 1024 * 1024,
            retry: RetryPolicy::default(),
            user_agent: concat!("specgen-runtime/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

impl ClientConfig {
    /// Sets [`ClientConfig::base_url`].
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets [`ClientConfig::credential`].
    pub fn credential(mut self, secret: Secret) -> Self {
        self.credential = Some(secret);
        self
    }

    /// Sets [`ClientConfig::validate_requests`].
    pub fn validate_requests(mut self, yes: bool) -> Self {
        self.validate_requests = yes;
        self
    }

    /// Sets [`ClientConfig::connect_timeout`].
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }

    /// Sets [`ClientConfig::timeout`].
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = d;
        self
    }

    /// Sets [`ClientConfig::max_response_bytes`].
    pub fn max_response_bytes(mut self, n: usize) -> Self {
        self.max_response_bytes = n;
        self
    }

    /// Sets [`ClientConfig::retry`].
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sets [`ClientConfig::user_agent`].
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }

    /// The configured base URL, else the API's `default`.
    pub fn resolve_base_url<'a>(
        &'a self,
        default: Option<&'a str>,
    ) -> Result<&'a str, ClientError> {
        self.base_url
            .as_deref()
            .or(default)
            .ok_or(ClientError::MissingBaseUrl)
    }

    /// The per-attempt limits handed to the transport.
    pub fn limits(&self) -> TransportLimits {
        TransportLimits {
            timeout: self.timeout,
            max_response_bytes: self.max_response_bytes,
        }
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("base_url", &self.base_url)
            // Secret's Debug hides the value yet shows whether one is set,
            // which is what a 401 needs to be debugged.
            .field("credential", &self.credential)
            .field("validate_requests", &self.validate_requests)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_documentation() {
        let c = ClientConfig::default();
        assert!(c.validate_requests);
        assert_eq!(c.connect_timeout, Duration::from_secs(10));
        assert_eq!(c.timeout, Duration::from_secs(30));
        assert_eq!(c.max_response_bytes, 10 * 1024 * 1024);
        assert_eq!(c.retry.max_attempts, 3);
        assert_eq!(c.retry.base_delay, Duration::from_millis(200));
        assert_eq!(c.retry.max_delay, Duration::from_secs(10));
        assert!(!c.retry.retry_non_idempotent_on_transport_error);
        assert!(c.base_url.is_none() && c.credential.is_none());
    }

    #[test]
    fn debug_hides_the_credential() {
        let c = ClientConfig::default().credential(Secret::new("s3cr3t-value").unwrap());
        let shown = format!("{c:?} {c:#?}");
        assert!(!shown.contains("s3cr3t-value"), "{shown}");
        assert!(shown.contains("Secret(***)"));
    }

    #[test]
    fn base_url_falls_back_to_the_default_or_fails() {
        let c = ClientConfig::default();
        assert_eq!(c.resolve_base_url(Some("https://a")).unwrap(), "https://a");
        assert!(matches!(
            c.resolve_base_url(None),
            Err(ClientError::MissingBaseUrl)
        ));
        let c = c.base_url("https://tenant");
        assert_eq!(
            c.resolve_base_url(Some("https://a")).unwrap(),
            "https://tenant"
        );
        assert_eq!(c.resolve_base_url(None).unwrap(), "https://tenant");
    }
}

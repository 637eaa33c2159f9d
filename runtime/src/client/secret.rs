//! Credentials and the ways an API expects them.

use std::fmt;
use std::str::FromStr;

use http::HeaderValue;

use super::ClientError;

/// How an API authenticates a request; one value per spec `auth` scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// Nothing is sent.
    None,
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// The credential as the value of the named header (e.g. `apiKey`).
    ApiKeyHeader(&'static str),
    /// The credential as the named member of the JSON body object; for
    /// JSON-RPC, of `params`.
    ParamsField(&'static str),
}

/// A credential (token or API key).
///
/// `Debug` and `Display` print `Secret(***)`, so a secret can sit in a
/// config that is logged. It can only be built from a value that is valid in
/// an HTTP header, so it can never inject a header or be cut short.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Checks and wraps a credential.
    ///
    /// Rejects an empty value, surrounding white space (servers strip it, so
    /// it is almost always a copy-paste accident) and any byte that
    /// [`HeaderValue::from_str`] rejects: CR, LF, NUL and other control
    /// characters. The error never contains the value.
    ///
    /// ```
    /// use specgen_runtime::client::Secret;
    /// assert!(Secret::new("tok\r\nX-Evil: 1").is_err());
    /// assert_eq!(format!("{:?}", Secret::new("tok").unwrap()), "Secret(***)");
    /// ```
    pub fn new(value: impl Into<String>) -> Result<Secret, ClientError> {
        let value = value.into();
        let reason = if value.is_empty() {
            Some("it is empty")
        } else if value.trim() != value {
            Some("it starts or ends with white space")
        } else if HeaderValue::from_str(&value).is_err() {
            Some("it contains a control character (such as CR, LF or NUL) or another byte that is not allowed in an HTTP header")
        } else {
            None
        };
        match reason {
            Some(reason) => Err(ClientError::InvalidCredential { reason }),
            None => Ok(Secret(value)),
        }
    }

    /// The credential itself, for a transport or auth scheme of your own.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The value as a header value that `http` marks sensitive, so its
    /// `Debug` output and HTTP/2 header compression leave it alone.
    pub(crate) fn header_value(&self, prefix: &str) -> Result<HeaderValue, ClientError> {
        let mut value = HeaderValue::from_str(&format!("{prefix}{}", self.0)).map_err(|_| {
            // `new` made this unreachable; still, never echo the value.
            ClientError::InvalidCredential {
                reason: "it is not a valid HTTP header value",
            }
        })?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl FromStr for Secret {
    type Err = ClientError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Secret::new(s)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let s = Secret::new("hunter2-token").unwrap();
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(format!("{s}"), "Secret(***)");
        assert_eq!(format!("{:?}", Some(&s)), "Some(Secret(***))");
        assert_eq!(s.expose(), "hunter2-token");
    }

    #[test]
    fn rejects_header_breaking_bytes_without_echoing_them() {
        for bad in [
            "abc\r\nX-Injected: 1",
            "abc\ndef",
            "abc\rdef",
            "abc\0def",
            "abc\x7fdef",
            "",
            " abc",
            "abc\t",
        ] {
            let err = Secret::new(bad).unwrap_err();
            assert!(
                matches!(err, ClientError::InvalidCredential { .. }),
                "{bad:?}"
            );
            let shown = format!("{err} {err:?}");
            if !bad.trim().is_empty() {
                assert!(!shown.contains(bad.trim()), "{shown}");
                assert!(!shown.contains("abc"), "{shown}");
            }
        }
    }

    #[test]
    fn accepts_ordinary_tokens() {
        for ok in [
            "abc",
            "eyJhbGciOi.J9.x-y_z",
            "key with inner spaces",
            "ключ",
        ] {
            assert!(Secret::new(ok).is_ok(), "{ok:?}");
        }
        assert!("tok".parse::<Secret>().is_ok());
    }

    #[test]
    fn header_value_is_marked_sensitive() {
        let v = Secret::new("tok").unwrap().header_value("Bearer ").unwrap();
        assert!(v.is_sensitive());
        assert_eq!(v, "Bearer tok");
        assert!(!format!("{v:?}").contains("tok"));
    }
}

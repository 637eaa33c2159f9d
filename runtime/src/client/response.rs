//! Decoding responses, sans IO.

use http::StatusCode;
use serde::de::DeserializeOwned;

use super::ClientError;
use crate::output::escape_bytes;

/// How many bytes of a response body an error keeps.
pub const BODY_SNIPPET_LIMIT: usize = 512;

/// Decodes a documented response body as JSON. A body that does not match
/// `T` is a [`ClientError::Decode`] naming the status, the decoder's message
/// and the start of the body.
///
/// ```
/// use http::StatusCode;
/// use specgen_runtime::client::{decode_json, ClientError};
///
/// let errors: Vec<String> = decode_json(StatusCode::BAD_REQUEST, br#"["bad date"]"#)?;
/// assert_eq!(errors, ["bad date"]);
/// let err = decode_json::<Vec<String>>(StatusCode::BAD_REQUEST, b"<html>").unwrap_err();
/// assert!(matches!(err, ClientError::Decode { .. }));
/// # Ok::<(), ClientError>(())
/// ```
pub fn decode_json<T: DeserializeOwned>(status: StatusCode, body: &[u8]) -> Result<T, ClientError> {
    serde_json::from_slice(body).map_err(|e| ClientError::Decode {
        status,
        message: e.to_string(),
        body_snippet: body_snippet(body),
    })
}

/// The first [`BODY_SNIPPET_LIMIT`] bytes of `body` as one printable line:
/// control characters escaped (`\u{1b}`, `\n`) and bytes that are not UTF-8
/// written as `\xNN`, with `…` when cut. A server's body can then neither
/// drive a terminal nor fake a line of output.
pub fn body_snippet(body: &[u8]) -> String {
    if body.len() <= BODY_SNIPPET_LIMIT {
        return escape_bytes(body);
    }
    let mut s = escape_bytes(&body[..BODY_SNIPPET_LIMIT]);
    s.push('…');
    s
}

/// The error for a status the spec does not document, with the start of its
/// body.
pub fn undocumented_status(status: StatusCode, body: &[u8]) -> ClientError {
    ClientError::UndocumentedStatus {
        status,
        body: body_snippet(body),
    }
}

/// [`decode_json`] of a whole response: what a generated decoder calls for
/// each documented status with a body.
pub fn decode_body<T: DeserializeOwned>(response: &super::HttpResponse) -> Result<T, ClientError> {
    decode_json(response.status(), response.body())
}

/// [`undocumented_status`] of a whole response.
pub fn undocumented(response: &super::HttpResponse) -> ClientError {
    undocumented_status(response.status(), response.body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Chat {
        id: i64,
    }

    #[test]
    fn malformed_or_mismatched_json_is_a_decode_error() {
        for body in [&b"{\"id\": 1"[..], b"", b"{\"id\": \"x\"}", b"\xff\xfe"] {
            let err = decode_json::<Chat>(StatusCode::CREATED, body).unwrap_err();
            let ClientError::Decode {
                status,
                message,
                body_snippet,
            } = &err
            else {
                panic!("{err:?}")
            };
            assert_eq!(*status, StatusCode::CREATED);
            assert!(!message.is_empty());
            assert_eq!(*body_snippet, escape_bytes(body));
        }
        assert_eq!(
            decode_json::<Chat>(StatusCode::CREATED, b"{\"id\":7}")
                .unwrap()
                .id,
            7
        );
    }

    #[test]
    fn snippet_is_capped_and_lossy() {
        assert_eq!(body_snippet(b"short"), "short");
        let long = vec![b'a'; 5000];
        let s = body_snippet(&long);
        assert_eq!(s.len(), BODY_SNIPPET_LIMIT + '…'.len_utf8());
        assert!(s.ends_with('…'));
        assert_eq!(body_snippet(&[0xff, b'x']), "\\xffx");
    }

    #[test]
    fn snippet_escapes_terminal_controls_and_binary() {
        let s = body_snippet(b"\x1b[2J\x1b[Hfake prompt\r\n\x00\xc3\x28");
        assert_eq!(s, "\\u{1b}[2J\\u{1b}[Hfake prompt\\r\\n\\u{0}\\xc3(");
        assert!(!s.chars().any(char::is_control), "{s:?}");
    }

    #[test]
    fn undocumented_status_caps_the_body() {
        let err = undocumented_status(StatusCode::IM_A_TEAPOT, &[b'z'; 2000]);
        let ClientError::UndocumentedStatus { status, body } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(*status, StatusCode::IM_A_TEAPOT);
        assert_eq!(body.len(), BODY_SNIPPET_LIMIT + '…'.len_utf8());
        assert!(err
            .to_string()
            .starts_with("undocumented response status 418"));
    }
}

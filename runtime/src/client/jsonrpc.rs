//! JSON-RPC 2.0 envelopes.

use std::fmt;

use http::StatusCode;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::{body_snippet, undocumented_status, ClientError};

/// The request envelope `{"id", "jsonrpc": "2.0", "method", "params"}`.
pub fn jsonrpc_request(method: &str, id: u64, params: Value) -> Value {
    // Written in key order, so the output is the same whether or not some
    // crate in the build turns on serde_json's `preserve_order`.
    serde_json::json!({
        "id": id,
        "jsonrpc": "2.0",
        "method": method,
        "params": params,
    })
}

/// What a JSON-RPC call returned: its result, or the error object.
#[derive(Debug, Clone, PartialEq)]
pub enum RpcOutcome<T> {
    /// The `result` member, decoded.
    Result(T),
    /// The `error` member.
    Error(RpcError),
}

/// The `error` member of a JSON-RPC response.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RpcError {
    /// The error code, e.g. `-32602` for invalid params.
    pub code: i64,
    /// A short description.
    pub message: String,
    /// Extra information, in the server's own shape.
    #[serde(default)]
    pub data: Option<Value>,
}

impl fmt::Display for RpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JSON-RPC error {}: {}", self.code, self.message)
    }
}

impl std::error::Error for RpcError {}

#[derive(Deserialize)]
struct RpcResponse {
    #[serde(default)]
    id: Value,
    #[serde(default, deserialize_with = "present")]
    result: Option<Value>,
    #[serde(default)]
    error: Option<RpcError>,
}

/// Tells `"result": null` (present) from a missing `result`.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// Decodes the response to call `expected_id`.
///
/// A body that is not a JSON-RPC response is an
/// [`UndocumentedStatus`](ClientError::UndocumentedStatus) when the status is
/// not a success, else a [`Decode`](ClientError::Decode) error. A response
/// whose `id` differs, or that has both or neither of `result` and `error`,
/// is a [`JsonRpc`](ClientError::JsonRpc) error. The `id` may be echoed as a
/// number or a string; an error may carry `"id": null`, as the spec allows
/// when the server could not read the id. The `jsonrpc` member is not
/// checked: servers that drop it are common and harmless.
pub fn decode_jsonrpc<T: DeserializeOwned>(
    status: StatusCode,
    body: &[u8],
    expected_id: u64,
) -> Result<RpcOutcome<T>, ClientError> {
    // serde reads a struct from an array too, by position: a batch answer
    // would pass as a response whose `id` is its first element.
    let is_batch = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
    if is_batch && status.is_success() {
        return Err(ClientError::JsonRpc(format!(
            "the response is a batch (a JSON array), but a single call with id {expected_id} was sent"
        )));
    }
    let response: RpcResponse = match serde_json::from_slice(body) {
        Ok(r) => r,
        Err(_) if !status.is_success() => return Err(undocumented_status(status, body)),
        Err(e) => {
            return Err(ClientError::Decode {
                status,
                message: format!("not a JSON-RPC response: {e}"),
                body_snippet: body_snippet(body),
            })
        }
    };
    let id_matches = match &response.id {
        Value::Number(n) => n.as_u64() == Some(expected_id),
        Value::String(s) => s.parse() == Ok(expected_id),
        Value::Null => response.error.is_some(),
        _ => false,
    };
    if !id_matches {
        return Err(ClientError::JsonRpc(format!(
            "response id {} does not match request id {expected_id}",
            response.id
        )));
    }
    match (response.result, response.error) {
        (Some(result), None) => serde_json::from_value(result)
            .map(RpcOutcome::Result)
            .map_err(|e| ClientError::Decode {
                status,
                message: format!("JSON-RPC result: {e}"),
                body_snippet: body_snippet(body),
            }),
        (None, Some(error)) => Ok(RpcOutcome::Error(error)),
        (Some(_), Some(_)) => Err(ClientError::JsonRpc(
            "response has both `result` and `error`".to_owned(),
        )),
        (None, None) => Err(ClientError::JsonRpc(
            "response has neither `result` nor `error`".to_owned(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Uploaded {
        data: Vec<Value>,
    }

    fn decode(body: Value) -> Result<RpcOutcome<Uploaded>, ClientError> {
        decode_jsonrpc(StatusCode::OK, body.to_string().as_bytes(), 5)
    }

    #[test]
    fn a_batch_answer_is_named_as_such() {
        let body = json!([{"jsonrpc": "2.0", "id": 5, "result": {"data": []}}]);
        let err = decode(body).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("is a batch"), "{shown}");
        assert!(!shown.contains("does not match"), "{shown}");
    }

    #[test]
    fn envelope_has_the_four_members() {
        let v = jsonrpc_request("upload.chats", 9, json!({"a": 1}));
        assert_eq!(
            v.to_string(),
            r#"{"id":9,"jsonrpc":"2.0","method":"upload.chats","params":{"a":1}}"#
        );
    }

    #[test]
    fn decodes_result_and_error() {
        let ok = decode(json!({"jsonrpc": "2.0", "id": 5, "result": {"data": [{"id": 1}]}}));
        assert_eq!(
            ok.unwrap(),
            RpcOutcome::Result(Uploaded {
                data: vec![json!({"id": 1})]
            })
        );
        let err = decode(json!({"jsonrpc": "2.0", "id": "5",
            "error": {"code": -32602, "message": "Invalid params", "data": {"field": "chats"}}}));
        let RpcOutcome::Error(e) = err.unwrap() else {
            panic!()
        };
        assert_eq!(e.code, -32602);
        assert_eq!(e.message, "Invalid params");
        assert_eq!(e.data, Some(json!({"field": "chats"})));
        let err = decode(json!({"jsonrpc": "2.0", "id": null,
            "error": {"code": -32700, "message": "Parse error"}}));
        assert!(matches!(
            err.unwrap(),
            RpcOutcome::Error(RpcError { code: -32700, .. })
        ));
    }

    #[test]
    fn null_result_is_present() {
        let out: RpcOutcome<Option<u8>> = decode_jsonrpc(
            StatusCode::OK,
            br#"{"jsonrpc":"2.0","id":5,"result":null}"#,
            5,
        )
        .unwrap();
        assert_eq!(out, RpcOutcome::Result(None));
    }

    #[test]
    fn protocol_violations_are_errors() {
        for body in [
            json!({"jsonrpc": "2.0", "id": 6, "result": {"data": []}}),
            json!({"jsonrpc": "2.0", "result": {"data": []}}),
            json!({"jsonrpc": "2.0", "id": 5}),
            json!({"jsonrpc": "2.0", "id": 5, "result": {"data": []},
                "error": {"code": 1, "message": "x"}}),
        ] {
            let err = decode(body.clone()).unwrap_err();
            assert!(matches!(err, ClientError::JsonRpc(_)), "{body}: {err:?}");
        }
    }

    #[test]
    fn malformed_bodies_are_decode_or_status_errors() {
        let err = decode_jsonrpc::<Uploaded>(StatusCode::OK, b"{not json", 5).unwrap_err();
        assert!(matches!(err, ClientError::Decode { .. }), "{err:?}");
        let err = decode(json!({"jsonrpc": "2.0", "id": 5, "result": {"data": 3}})).unwrap_err();
        assert!(matches!(err, ClientError::Decode { .. }), "{err:?}");
        let err = decode_jsonrpc::<Uploaded>(StatusCode::BAD_GATEWAY, b"<html>", 5).unwrap_err();
        assert!(
            matches!(
                err,
                ClientError::UndocumentedStatus {
                    status: StatusCode::BAD_GATEWAY,
                    ..
                }
            ),
            "{err:?}"
        );
    }
}

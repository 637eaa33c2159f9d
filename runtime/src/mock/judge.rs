//! The mock's decision for one request: which endpoint, what verdict, and
//! the answer the real API would give.

use std::borrow::Cow;

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::{dialect, wire};
use crate::registry::{AuthScheme, Endpoint, Protocol};
use crate::{Code, Report, ValidationError};

/// What the mock made of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Valid: answered with the endpoint's success response.
    Valid,
    /// Refused by the endpoint's validator.
    Invalid,
    /// A missing or malformed credential.
    Unauthorized,
    /// Not JSON, a broken form or JSON-RPC envelope, a body over the cap.
    Malformed,
    /// No endpoint at this method and path (or JSON-RPC method).
    NotFound,
}

/// The decision and the answer, before any scripted override.
#[derive(Debug, Clone)]
pub struct Judgement {
    /// `api.name` of the endpoint, when one was found.
    pub endpoint: Option<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// The validation errors (or the one `malformed` / `unauthorized` error).
    pub errors: Vec<ValidationError>,
    /// HTTP status of the answer.
    pub status: StatusCode,
    /// JSON body of the answer; `None` for no content.
    pub body: Option<Value>,
}

fn one_error(code: Code, message: impl Into<Cow<'static, str>>) -> Vec<ValidationError> {
    vec![ValidationError {
        path: Cow::Borrowed(""),
        code,
        message: message.into(),
    }]
}

fn not_found(message: String) -> Judgement {
    let errors = one_error(Code::NotFound, message);
    Judgement {
        endpoint: None,
        verdict: Verdict::NotFound,
        body: Some(json!({ "errors": errors })),
        errors,
        status: StatusCode::NOT_FOUND,
    }
}

/// A refusal of `endpoint` in its API's dialect.
fn refusal(
    e: &Endpoint,
    verdict: Verdict,
    errors: Vec<ValidationError>,
    rpc_id: Option<&Value>,
) -> Judgement {
    let answer = if verdict == Verdict::Unauthorized {
        e.service.unauthorized
    } else {
        e.service.invalid
    };
    let rendered = dialect::render(answer.body, &errors);
    let (status, body) = match rpc_id {
        Some(id) => (
            StatusCode::OK,
            json!({"jsonrpc": "2.0", "id": id, "error": rendered}),
        ),
        None => (
            StatusCode::from_u16(answer.status).unwrap_or(StatusCode::BAD_REQUEST),
            rendered,
        ),
    };
    Judgement {
        endpoint: Some(e.id()),
        verdict,
        errors,
        status,
        body: Some(body),
    }
}

fn success(e: &Endpoint, rpc_id: Option<&Value>) -> Judgement {
    let body = e
        .success
        .body
        .and_then(|b| serde_json::from_str::<Value>(b).ok());
    let (status, body) = match rpc_id {
        Some(id) => (
            StatusCode::OK,
            Some(json!({"jsonrpc": "2.0", "id": id, "result": body.unwrap_or(Value::Null)})),
        ),
        None => (
            StatusCode::from_u16(e.success.status).unwrap_or(StatusCode::OK),
            body,
        ),
    };
    Judgement {
        endpoint: Some(e.id()),
        verdict: Verdict::Valid,
        errors: Vec::new(),
        status,
        body,
    }
}

/// Whether a credential has a usable shape: non-empty visible ASCII with no
/// white space (the b64token of RFC 6750 is a subset). Its value is never
/// looked at beyond that, nor repeated in an answer.
fn credential_shape_ok(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic())
}

fn header_credential_ok(e: &Endpoint, headers: &HeaderMap) -> Result<(), &'static str> {
    match e.service.auth {
        AuthScheme::Bearer => {
            let value = headers
                .get(http::header::AUTHORIZATION)
                .ok_or("the Authorization header is missing")?;
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .ok_or("the Authorization header is not `Bearer <token>`")?;
            credential_shape_ok(token)
                .then_some(())
                .ok_or("the bearer token is empty or has white space")
        }
        AuthScheme::ApiKeyHeader(name) => {
            let value = headers.get(name).ok_or("the API key header is missing")?;
            value
                .to_str()
                .ok()
                .filter(|v| credential_shape_ok(v))
                .map(|_| ())
                .ok_or("the API key is empty or has white space")
        }
        AuthScheme::None | AuthScheme::ParamsField(_) => Ok(()),
    }
}

/// Takes the credential member out of a JSON payload and checks its shape.
fn take_params_credential(e: &Endpoint, payload: &mut Value) -> Result<(), &'static str> {
    let AuthScheme::ParamsField(field) = e.service.auth else {
        return Ok(());
    };
    let taken = payload.as_object_mut().and_then(|m| m.remove(field));
    match taken {
        None => Err("the credential member is missing"),
        Some(Value::String(s)) if credential_shape_ok(&s) => Ok(()),
        Some(_) => Err("the credential member is not a non-empty string without white space"),
    }
}

fn validate(e: &Endpoint, payload: &Value, now: time::OffsetDateTime) -> Vec<ValidationError> {
    let mut report = Report::new(now);
    (e.validate_json)(payload, &mut report);
    report.into_result().err().map(|e| e.0).unwrap_or_default()
}

fn checked(
    e: &Endpoint,
    now: time::OffsetDateTime,
    mut payload: Value,
    rpc_id: Option<&Value>,
) -> Judgement {
    if let Err(why) = take_params_credential(e, &mut payload) {
        return refusal(
            e,
            Verdict::Unauthorized,
            one_error(Code::Unauthorized, why),
            rpc_id,
        );
    }
    let errors = validate(e, &payload, now);
    if errors.is_empty() {
        success(e, rpc_id)
    } else {
        refusal(e, Verdict::Invalid, errors, rpc_id)
    }
}

/// Judges one request against the endpoints the mock serves.
pub async fn judge(
    endpoints: &[Endpoint],
    now: time::OffsetDateTime,
    method: &Method,
    path: &str,
    query: Option<&str>,
    headers: &HeaderMap,
    body: Bytes,
) -> Judgement {
    let at_path: Vec<&Endpoint> = endpoints
        .iter()
        .filter(|e| e.match_path(path).is_some())
        .collect();
    if at_path.is_empty() {
        return not_found(format!("no endpoint at {path}"));
    }
    if at_path
        .iter()
        .all(|e| e.service.protocol == Protocol::JsonRpc)
    {
        return judge_rpc(&at_path, now, method, body);
    }
    let Some(e) = at_path.iter().find(|e| e.method == method.as_str()) else {
        return not_found(format!("no endpoint at {method} {path}"));
    };
    if let Err(why) = header_credential_ok(e, headers) {
        return refusal(
            e,
            Verdict::Unauthorized,
            one_error(Code::Unauthorized, why),
            None,
        );
    }
    let malformed =
        |why: String| refusal(e, Verdict::Malformed, one_error(Code::Malformed, why), None);
    let path_values = e.match_path(path).unwrap_or_default();
    let mut payload = match wire::params(path_values, e.path_fields, headers, e.header_fields) {
        Ok(m) => m,
        Err(why) => return malformed(why),
    };
    match wire::query(e.query_fields, query) {
        Ok(m) => payload.extend(m),
        Err(why) => return malformed(why),
    }
    let has_body = !body.is_empty();
    let body_fields: Option<Map<String, Value>> = match e.service.protocol {
        _ if !has_body && e.body_fields.is_empty() => None,
        Protocol::RestMultipart => {
            let content_type = headers
                .get(http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok());
            match wire::form(e.body_fields, content_type, body).await {
                Ok(m) => Some(m),
                Err(why) => return malformed(why),
            }
        }
        _ => match serde_json::from_slice::<Value>(&body) {
            Ok(Value::Object(m)) => Some(m),
            // Not an object: the validator reports the type at the root.
            Ok(other) => return checked(e, now, other, None),
            Err(err) => return malformed(format!("the body is not JSON: {err}")),
        },
    };
    payload.extend(body_fields.unwrap_or_default());
    checked(e, now, Value::Object(payload), None)
}

/// JSON-RPC 2.0: the envelope is checked, then the method routes.
fn judge_rpc(
    candidates: &[&Endpoint],
    now: time::OffsetDateTime,
    method: &Method,
    body: Bytes,
) -> Judgement {
    let rpc_error = |verdict: Verdict,
                     id: &Value,
                     code: i64,
                     message: &str,
                     endpoint: Option<String>| {
        let errors = one_error(
            if verdict == Verdict::NotFound {
                Code::NotFound
            } else {
                Code::Malformed
            },
            message.to_owned(),
        );
        Judgement {
            endpoint,
            verdict,
            errors,
            status: StatusCode::OK,
            body: Some(
                json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}),
            ),
        }
    };
    if method != Method::POST {
        return not_found(format!("JSON-RPC is POSTed, not sent with {method}"));
    }
    let envelope = match serde_json::from_slice::<Value>(&body) {
        Ok(v) => v,
        Err(e) => {
            return rpc_error(
                Verdict::Malformed,
                &Value::Null,
                -32700,
                &format!("Parse error: {e}"),
                None,
            )
        }
    };
    let id = envelope.get("id").cloned().unwrap_or(Value::Null);
    let id_ok = matches!(&id, Value::String(_)) || id.as_i64().is_some();
    let invalid = |why: &str| {
        rpc_error(
            Verdict::Malformed,
            if id_ok { &id } else { &Value::Null },
            -32600,
            &format!("Invalid Request: {why}"),
            None,
        )
    };
    if !envelope.is_object() {
        return invalid("the envelope is not an object");
    }
    if envelope.get("jsonrpc") != Some(&json!("2.0")) {
        return invalid("`jsonrpc` must be \"2.0\"");
    }
    if !id_ok {
        return invalid("`id` must be a string or an integer");
    }
    let Some(name) = envelope.get("method").and_then(Value::as_str) else {
        return invalid("`method` must be a string");
    };
    let Some(e) = candidates.iter().find(|e| e.rpc_method == Some(name)) else {
        return rpc_error(
            Verdict::NotFound,
            &id,
            -32601,
            &format!("Method not found: {name}"),
            None,
        );
    };
    let params = envelope.get("params").cloned().unwrap_or(Value::Null);
    checked(e, now, params, Some(&id))
}

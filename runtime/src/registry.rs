//! The endpoint registry, and the `list` / `validate` / `send` CLI that a
//! generated crate's `main` hands it to.

use std::io::{Read as _, Write};
use std::process::ExitCode;

use serde_json::Value;

use crate::validate::{Report, ValidationError};

/// One endpoint of a generated API, as the registry lists it.
#[derive(Clone, Copy)]
pub struct Endpoint {
    /// The API (spec) name, e.g. `callgear`.
    pub api: &'static str,
    /// The endpoint name, e.g. `upload_chats`.
    pub name: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Path relative to the base URL.
    pub path: &'static str,
    /// The JSON-RPC method, for JSON-RPC endpoints.
    pub rpc_method: Option<&'static str>,
    /// One-line summary from the spec.
    pub summary: &'static str,
    /// Checks a JSON payload (query and body fields side by side) and
    /// records every error.
    pub validate_json: fn(&Value, &mut Report),
    /// The API's protocol, credentials and error answers.
    pub service: &'static Service,
    /// The path parameters, as they travel in the path's `{name}` segments.
    pub path_fields: &'static [WireField],
    /// The query fields, as they travel in the query string.
    pub query_fields: &'static [WireField],
    /// The header parameters, keyed by header name.
    pub header_fields: &'static [WireField],
    /// The body fields, as they travel in a form (multipart APIs).
    pub body_fields: &'static [WireField],
    /// The first documented success answer, for the mock server.
    pub success: Success,
    /// The types a payload is read into (path, query, header and body
    /// parts, in that order), for judging the typed path without sending.
    pub payload_types: &'static [NamedType],
    /// Every named type among the documented response bodies (JSON-RPC:
    /// the result), each once, in spec order: what a test of the response
    /// types judges, with no list of its own to keep.
    pub response_types: &'static [NamedType],
    /// Sends a payload with the generated client and decodes the answer.
    #[cfg(feature = "client")]
    pub send: SendFn,
}

/// How an API is spoken: protocol, credentials and its error dialect.
#[derive(Debug, Clone, Copy)]
pub struct Service {
    /// The wire protocol.
    pub protocol: Protocol,
    /// Where credentials travel.
    pub auth: AuthScheme,
    /// The answer to a request that fails validation.
    pub invalid: ErrorAnswer,
    /// The answer to a request without usable credentials.
    pub unauthorized: ErrorAnswer,
}

/// The wire protocol of an API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// REST with a JSON body.
    RestJson,
    /// REST with a `multipart/form-data` body.
    RestMultipart,
    /// JSON-RPC 2.0 over HTTP POST.
    JsonRpc,
}

/// Where an API's credential travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthScheme {
    /// No credential.
    None,
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// A header holding the key.
    ApiKeyHeader(&'static str),
    /// A member of the JSON body (of `params` for JSON-RPC).
    ParamsField(&'static str),
}

/// A refusal in the API's own dialect: status and body template (JSON).
///
/// In the template an array item `{"each_error": T}` stands for one `T` per
/// validation error, with `{path}`, `{field}`, `{code}` and `{message}`
/// replaced in its strings. For JSON-RPC the body is the `error` member.
#[derive(Debug, Clone, Copy)]
pub struct ErrorAnswer {
    /// HTTP status (200 for JSON-RPC).
    pub status: u16,
    /// The body template, as JSON text.
    pub body: &'static str,
}

/// One field of a query string or form.
#[derive(Debug, Clone, Copy)]
pub struct WireField {
    /// The wire name.
    pub name: &'static str,
    /// How its text becomes a JSON value.
    pub kind: WireKind,
}

/// How a text field on the wire maps back to the JSON payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireKind {
    /// A string.
    Text,
    /// A whole number.
    Integer,
    /// A number.
    Number,
    /// `true` / `false`.
    Boolean,
    /// Bytes: a file part in a form, base64 in the payload.
    File,
    /// Any other JSON value (objects, arrays).
    Json,
}

/// The first success answer of an endpoint.
#[derive(Debug, Clone, Copy)]
pub struct Success {
    /// HTTP status (200 for JSON-RPC).
    pub status: u16,
    /// A body that passes the response type's validator, as JSON text;
    /// `None` for no content.
    pub body: Option<&'static str>,
    /// The validator of the body's shape, when there is a body.
    pub validate: Option<fn(&Value, &mut Report)>,
}

/// A named type of an endpoint's payload or responses, with its two
/// validators.
#[derive(Clone, Copy)]
pub struct NamedType {
    /// The spec's type name, also its definition name in the exported schema.
    pub name: &'static str,
    /// The type's JSON validator.
    pub validate_json: fn(&Value, &mut Report),
    /// Decodes the value into the generated type and runs its `validate()`
    /// at `now`; `Err` with serde's message when it does not decode.
    pub decode_and_validate: TypedCheck,
}

/// See [`NamedType::decode_and_validate`].
pub type TypedCheck =
    fn(&Value, time::OffsetDateTime) -> Result<Result<(), crate::ValidationErrors>, String>;

impl std::fmt::Debug for NamedType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NamedType")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// [`NamedType::validate_json`] of `T`.
pub fn json_validator<T: crate::ValidateJson>(value: &Value, report: &mut Report) {
    T::validate_json_at(value, &crate::Path::ROOT, report);
}

/// [`NamedType::decode_and_validate`] of `T`.
pub fn typed_validator<T: serde::de::DeserializeOwned + crate::Validate>(
    value: &Value,
    now: time::OffsetDateTime,
) -> Result<Result<(), crate::ValidationErrors>, String> {
    T::deserialize(value)
        .map(|typed| typed.validate_with_now(now))
        .map_err(|e| e.to_string())
}

impl Endpoint {
    /// The names of the path's `{name}` segments, in order.
    ///
    /// ```
    /// # use specgen_runtime::registry::Endpoint;
    /// # fn show(e: &Endpoint) {
    /// // For `/v3/tickets/{id}`: ["id"].
    /// let names: Vec<&str> = e.path_params().collect();
    /// # }
    /// ```
    pub fn path_params(&self) -> impl Iterator<Item = &'static str> {
        self.path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
    }

    /// Matches the path of a request as sent (percent-encoded, without the
    /// query) against this endpoint's template: each parameter's name and
    /// decoded value, or `None` when the path is another endpoint's. A
    /// parameter matches exactly one non-empty segment.
    pub fn match_path(&self, path: &str) -> Option<Vec<(&'static str, String)>> {
        let mut template = self.path.split('/');
        let mut actual = path.split('/');
        let mut params = Vec::new();
        loop {
            match (template.next(), actual.next()) {
                (None, None) => return Some(params),
                (Some(t), Some(a)) => match t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                    Some(name) if !a.is_empty() => {
                        let value = percent_encoding::percent_decode_str(a).decode_utf8().ok()?;
                        params.push((name, value.into_owned()));
                    }
                    Some(_) => return None,
                    None if t == a => {}
                    None => return None,
                },
                _ => return None,
            }
        }
    }
}

/// The future a registry `send` function returns.
#[cfg(feature = "client")]
pub type SendFuture<'a> = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<Sent, crate::client::ClientError>> + Send + 'a>,
>;

/// A registry `send` function: config and JSON payload in, outcome out.
#[cfg(feature = "client")]
pub type SendFn = for<'a> fn(&'a crate::client::ClientConfig, Value) -> SendFuture<'a>;

/// What came back from a sent payload.
#[cfg(feature = "client")]
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    /// The HTTP status (200 for a JSON-RPC call that returned).
    pub status: u16,
    /// Whether the spec marks the answer as an error (or it is a JSON-RPC error).
    pub is_error: bool,
    /// The decoded body, re-encoded as JSON; `null` for no content.
    pub body: Value,
}

#[cfg(feature = "client")]
impl Sent {
    /// A JSON-RPC outcome: the result, or the error object.
    pub fn from_rpc<T: serde::Serialize>(outcome: crate::client::RpcOutcome<T>) -> Self {
        match outcome {
            crate::client::RpcOutcome::Result(r) => Sent {
                status: 200,
                is_error: false,
                body: serde_json::to_value(r).unwrap_or_default(),
            },
            crate::client::RpcOutcome::Error(e) => Sent {
                status: 200,
                is_error: true,
                body: serde_json::json!({"code": e.code, "message": e.message, "data": e.data}),
            },
        }
    }
}

/// Turns a JSON payload into a typed request part. Unknown members are
/// ignored, so the query and body parts can be read from one payload.
#[cfg(feature = "client")]
///
/// Whole numbers written with a fraction (`5.0`) are valid JSON Schema
/// integers and pass validation, so they are read as integers here too.
pub fn typed_payload<T: serde::de::DeserializeOwned>(
    payload: &Value,
) -> Result<T, crate::client::ClientError> {
    fn whole_floats_to_integers(v: &mut Value) {
        match v {
            Value::Number(n) if !n.is_i64() && !n.is_u64() => {
                let in_range =
                    |f: &f64| *f >= -9.223_372_036_854_776e18 && *f < 9.223_372_036_854_776e18;
                if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && in_range(f)) {
                    // A whole number within i64's range converts exactly.
                    *v = Value::from(f as i64);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(whole_floats_to_integers),
            Value::Object(map) => map.values_mut().for_each(whole_floats_to_integers),
            _ => {}
        }
    }
    let mut payload = payload.clone();
    whole_floats_to_integers(&mut payload);
    T::deserialize(&payload).map_err(|e| {
        crate::client::ClientError::Encode(format!(
            "the payload does not fit the request type: {e}"
        ))
    })
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("api", &self.api)
            .field("name", &self.name)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("rpc_method", &self.rpc_method)
            .finish_non_exhaustive()
    }
}

impl Endpoint {
    /// `api.name`, the id the CLI takes.
    pub fn id(&self) -> String {
        format!("{}.{}", self.api, self.name)
    }

    /// Validates a payload against the current time.
    pub fn validate(&self, payload: &Value) -> Result<(), crate::ValidationErrors> {
        self.validate_report(payload, Report::current_time())
    }

    /// Validates a payload with an injected "now".
    pub fn validate_with_now(
        &self,
        payload: &Value,
        now: time::OffsetDateTime,
    ) -> Result<(), crate::ValidationErrors> {
        self.validate_report(payload, Report::new(now))
    }

    /// Validates a payload into `report`, e.g. one with its own
    /// [`Report::max_errors`].
    pub fn validate_report(
        &self,
        payload: &Value,
        mut report: Report,
    ) -> Result<(), crate::ValidationErrors> {
        (self.validate_json)(payload, &mut report);
        report.into_result()
    }
}

/// Finds an endpoint by `api.name`.
pub fn find<'a>(apis: &'a [&'a [Endpoint]], id: &str) -> Option<&'a Endpoint> {
    apis.iter().flat_map(|a| a.iter()).find(|e| e.id() == id)
}

/// One line of `validate` output: `{"path":…,"code":…,"message":…}`, valid
/// JSON with no raw control character.
pub fn error_line(e: &ValidationError) -> String {
    crate::output::json_terminal_safe(&serde_json::to_string(e).unwrap_or_default())
}

/// Reads a payload from a file, or standard input for `-`.
pub fn read_payload(source: &str) -> Result<Value, String> {
    let text = if source == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        s
    } else {
        std::fs::read_to_string(source).map_err(|e| format!("cannot read {source}: {e}"))?
    };
    parse_payload(&text).map_err(|e| format!("{source} is not JSON: {e}"))
}

/// Parses a payload, explaining the two failures whose serde_json message
/// misleads: a byte order mark, and a lone UTF-16 surrogate escape.
pub fn parse_payload(text: &str) -> Result<Value, String> {
    if text.starts_with('\u{feff}') {
        return Err(
            "it starts with a UTF-8 byte order mark (BOM), which JSON does not allow; \
             save the file as UTF-8 without BOM"
                .to_owned(),
        );
    }
    serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        if message.contains("hex escape") {
            format!(
                "a \\u escape at line {} column {} is a lone UTF-16 surrogate (\\ud800-\\udfff \
                 without its pair), which is not a character ({message})",
                e.line(),
                e.column()
            )
        } else {
            message
        }
    })
}

fn unknown_endpoint(apis: &[&[Endpoint]], id: &str) -> String {
    let ids: Vec<String> = apis
        .iter()
        .flat_map(|a| a.iter())
        .map(Endpoint::id)
        .collect();
    format!(
        "unknown endpoint `{id}`; run `list` to see them all ({} known)",
        ids.len()
    )
}

/// The endpoint `id` and the payload read from `source`; on failure the
/// message is printed and exit code 2 returned, as `validate` and `send` share.
pub fn endpoint_and_payload<'a>(
    apis: &'a [&'a [Endpoint]],
    id: &str,
    source: &str,
    err: &mut dyn Write,
) -> Result<(&'a Endpoint, Value), ExitCode> {
    let Some(endpoint) = find(apis, id) else {
        let _ = writeln!(
            err,
            "error: {}",
            crate::output::terminal_safe(&unknown_endpoint(apis, id))
        );
        return Err(ExitCode::from(2));
    };
    match read_payload(source) {
        Ok(payload) => Ok((endpoint, payload)),
        Err(e) => {
            let _ = writeln!(err, "error: {}", crate::output::terminal_safe(&e));
            Err(ExitCode::from(2))
        }
    }
}

/// `validate <api.endpoint> <file|->`: prints each error as one JSON line,
/// at most `max_errors` of them and then one saying how many were left out.
/// Exit codes: 0 valid, 1 invalid, 2 unreadable input or unknown endpoint.
pub fn cmd_validate(
    apis: &[&[Endpoint]],
    id: &str,
    source: &str,
    max_errors: usize,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let (endpoint, payload) = match endpoint_and_payload(apis, id, source, err) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let report = Report::current_time().max_errors(max_errors);
    match endpoint.validate_report(&payload, report) {
        Ok(()) => ExitCode::SUCCESS,
        Err(errors) => {
            for e in errors.errors() {
                let _ = writeln!(out, "{}", error_line(e));
            }
            ExitCode::from(1)
        }
    }
}

/// `list`: one endpoint per line.
pub fn cmd_list(apis: &[&[Endpoint]], out: &mut dyn Write) -> ExitCode {
    for e in apis.iter().flat_map(|a| a.iter()) {
        let target = match e.rpc_method {
            Some(m) => format!("{} {} (JSON-RPC {m})", e.method, e.path),
            None => format!("{} {}", e.method, e.path),
        };
        let _ = writeln!(out, "{:<48} {:<56} {}", e.id(), target, e.summary);
    }
    ExitCode::SUCCESS
}

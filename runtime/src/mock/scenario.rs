//! Scripted answers: the next N responses of an endpoint, and faults.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

/// One scripted answer. It replaces what the mock would have answered; the
/// request is still judged and journaled. Only `delay_ms` set: the normal
/// answer, late.
///
/// In a scenario file:
///
/// ```json
/// {"helpcrunch.create_chat": [
///   {"status": 429, "retry_after": 1},
///   {"delay_ms": 200},
///   {"drop": true},
///   {"status": 409, "body": {"errors": [{"code": "conflict", "message": "Conflict"}]}}
/// ]}
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scripted {
    /// The status to answer with.
    #[serde(default)]
    pub status: Option<u16>,
    /// Extra response headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The JSON body (the whole HTTP body, envelope included for JSON-RPC).
    #[serde(default)]
    pub body: Option<Value>,
    /// Adds `Retry-After: <seconds>`.
    #[serde(default)]
    pub retry_after: Option<u64>,
    /// Waits this long before answering.
    #[serde(default)]
    pub delay_ms: u64,
    /// Drops the connection instead of completing the answer.
    #[serde(default)]
    pub drop: bool,
}

impl Scripted {
    /// Answers `status` with a JSON body.
    pub fn respond(status: u16, body: Value) -> Self {
        Scripted {
            status: Some(status),
            body: Some(body),
            ..Scripted::default()
        }
    }

    /// A 429 or 503 (any status) with `Retry-After: <seconds>` and no body.
    pub fn retry_after(status: u16, seconds: u64) -> Self {
        Scripted {
            status: Some(status),
            retry_after: Some(seconds),
            ..Scripted::default()
        }
    }

    /// The normal answer, after `delay`.
    pub fn delay(delay: Duration) -> Self {
        Scripted {
            delay_ms: u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
            ..Scripted::default()
        }
    }

    /// The connection is dropped before the answer completes.
    pub fn dropped() -> Self {
        Scripted {
            drop: true,
            ..Scripted::default()
        }
    }

    /// Adds a response header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.insert(name.to_owned(), value.to_owned());
        self
    }

    /// Why this answer cannot be sent, if it cannot.
    pub(crate) fn problem(&self) -> Option<String> {
        if let Some(s) = self.status {
            if http::StatusCode::from_u16(s).is_err() {
                return Some(format!("status {s} is not an HTTP status"));
            }
        }
        for (name, value) in &self.headers {
            if http::HeaderName::from_bytes(name.as_bytes()).is_err()
                || http::HeaderValue::from_str(value).is_err()
            {
                return Some(format!("header `{name}` is not a valid HTTP header"));
            }
        }
        None
    }
}

/// A scenario file: endpoint id (`api.name`) to its next answers, in order.
pub type Scenario = BTreeMap<String, Vec<Scripted>>;

/// Reads a scenario from JSON text.
pub fn parse(text: &str) -> Result<Scenario, String> {
    let scenario: Scenario =
        serde_json::from_str(text).map_err(|e| format!("the scenario is not valid: {e}"))?;
    for (id, answers) in &scenario {
        for (i, a) in answers.iter().enumerate() {
            if let Some(p) = a.problem() {
                return Err(format!("the scenario is not valid: {id}[{i}]: {p}"));
            }
        }
    }
    Ok(scenario)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_file_reads_faults_in_order() {
        let s = parse(
            r#"{"a.b": [{"status": 503, "retry_after": 2}, {"drop": true}, {"delay_ms": 5}]}"#,
        )
        .unwrap();
        assert_eq!(
            s["a.b"],
            vec![
                Scripted::retry_after(503, 2),
                Scripted::dropped(),
                Scripted::delay(Duration::from_millis(5))
            ]
        );
    }

    #[test]
    fn bad_scenarios_say_what_is_wrong() {
        assert!(parse(r#"{"a.b": [{"stauts": 503}]}"#)
            .unwrap_err()
            .contains("unknown field"));
        assert!(parse(r#"{"a.b": [{"status": 1000}]}"#)
            .unwrap_err()
            .contains("a.b[0]: status 1000"));
        assert!(parse(r#"{"a.b": [{"headers": {"x y": "1"}}]}"#)
            .unwrap_err()
            .contains("header `x y`"));
    }
}

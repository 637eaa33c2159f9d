//! Renders an API's error template with the errors of one request.

use serde_json::Value;

use crate::ValidationError;

/// The template with every `{"each_error": T}` array item expanded into one
/// `T` per error. A template that is not JSON (the generator checks them, so
/// only a hand-built registry can have one) renders as the bare error list.
pub fn render(template: &str, errors: &[ValidationError]) -> Value {
    match serde_json::from_str::<Value>(template) {
        Ok(t) => expand(&t, errors),
        Err(_) => serde_json::to_value(errors).unwrap_or_default(),
    }
}

fn expand(t: &Value, errors: &[ValidationError]) -> Value {
    match t {
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match item.as_object().and_then(|m| m.get("each_error")) {
                    Some(each) if item.as_object().is_some_and(|m| m.len() == 1) => {
                        out.extend(errors.iter().map(|e| fill(each, e)));
                    }
                    _ => out.push(expand(item, errors)),
                }
            }
            Value::Array(out)
        }
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), expand(v, errors)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn fill(t: &Value, e: &ValidationError) -> Value {
    match t {
        Value::String(s) => Value::String(substitute(s, e)),
        Value::Array(items) => Value::Array(items.iter().map(|i| fill(i, e)).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), fill(v, e))).collect()),
        other => other.clone(),
    }
}

/// Replaces `{path}`, `{field}`, `{code}` and `{message}` in one pass, so a
/// message that itself contains `{code}` is left as it is.
fn substitute(s: &str, e: &ValidationError) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        let value = [
            ("{path}", e.path.to_string()),
            ("{field}", field_name(&e.path)),
            ("{code}", e.code.as_str().to_owned()),
            ("{message}", e.message.to_string()),
        ]
        .into_iter()
        .find(|(token, _)| tail.starts_with(token));
        match value {
            Some((token, v)) => {
                out.push_str(&v);
                rest = &tail[token.len()..];
            }
            None => {
                out.push('{');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A JSON Pointer as a dotted field name: `/filter/0/field` is
/// `filter[0].field`, the form HelpCrunch's error codes use.
pub fn field_name(pointer: &str) -> String {
    let mut out = String::new();
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{segment}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(path: &str, code: crate::Code, message: &str) -> ValidationError {
        ValidationError {
            path: path.to_owned().into(),
            code,
            message: message.to_owned().into(),
        }
    }

    #[test]
    fn each_error_items_expand_once_per_error_beside_fixed_items() {
        let t = r#"{"errors":[{"code":"invalid_request"},{"each_error":{"code":"{field}","message":"{message}"}}]}"#;
        let errors = [
            err("/customer", crate::Code::Type, "must be an integer"),
            err("/filter/0/field", crate::Code::Blank, "can't be blank"),
        ];
        assert_eq!(
            render(t, &errors),
            serde_json::json!({"errors": [
                {"code": "invalid_request"},
                {"code": "customer", "message": "must be an integer"},
                {"code": "filter[0].field", "message": "can't be blank"},
            ]})
        );
    }

    #[test]
    fn a_message_holding_a_placeholder_is_not_substituted_again() {
        let errors = [err("", crate::Code::Format, "literal {code} and {")];
        assert_eq!(
            render(r#"[{"each_error":"{message}|{code}"}]"#, &errors),
            serde_json::json!(["literal {code} and {|format"])
        );
    }

    #[test]
    fn field_names_unescape_pointer_segments() {
        assert_eq!(field_name(""), "");
        assert_eq!(field_name("/a~1b/3/c~0d"), "a/b[3].c~d");
    }
}

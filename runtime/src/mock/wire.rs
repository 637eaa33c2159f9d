//! Reads a request's query string and body back into the endpoint's JSON
//! payload (query and body fields side by side), the form `validate` takes.

use base64::Engine as _;
use bytes::Bytes;
use serde_json::{Map, Value};

use crate::registry::WireKind;
use crate::schema::Field;

/// Why a body could not be read; becomes one `malformed` error.
pub type Malformed = String;

/// The text of a query or form field as the JSON value the payload holds:
/// numbers and booleans are parsed where the field is one, anything that
/// does not parse stays a string so the validator reports its type.
fn text_value(fields: &[Field], name: &str, text: &str) -> Value {
    let kind = fields
        .iter()
        .find(|f| f.wire == name)
        .map_or(WireKind::Text, |f| WireKind::of(&f.kind));
    let parsed = match kind {
        WireKind::Integer | WireKind::Number => serde_json::from_str::<serde_json::Number>(text)
            .ok()
            .map(Value::Number),
        WireKind::Boolean => match text {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        WireKind::Json => serde_json::from_str(text).ok(),
        WireKind::Text | WireKind::File => None,
    };
    parsed.unwrap_or_else(|| Value::String(text.to_owned()))
}

/// A repeated name collects its values into an array, as forms send lists.
fn insert(map: &mut Map<String, Value>, name: String, value: Value) {
    match map.get_mut(&name) {
        Some(Value::Array(items)) => items.push(value),
        Some(first) => {
            let first = first.take();
            map.insert(name, Value::Array(vec![first, value]));
        }
        None => {
            map.insert(name, value);
        }
    }
}

/// Path parameters (already percent-decoded) and header parameters: each
/// value read by its field's kind. A header the request does not carry is
/// left out, so the validator reports it if it is required.
pub fn params(
    path: Vec<(&'static str, String)>,
    path_fields: &[Field],
    headers: &http::HeaderMap,
    header_fields: &[Field],
) -> Result<Map<String, Value>, Malformed> {
    let mut map = Map::new();
    for (name, text) in path {
        map.insert(name.to_owned(), text_value(path_fields, name, &text));
    }
    for f in header_fields {
        let Some(v) = headers.get(f.wire) else {
            continue;
        };
        let text = v
            .to_str()
            .map_err(|_| format!("header `{}` is not visible ASCII", f.wire))?;
        map.insert(f.wire.to_owned(), text_value(header_fields, f.wire, text));
    }
    Ok(map)
}

/// The query string's fields.
pub fn query(fields: &[Field], query: Option<&str>) -> Result<Map<String, Value>, Malformed> {
    let mut map = Map::new();
    let Some(q) = query.filter(|q| !q.is_empty()) else {
        return Ok(map);
    };
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(q).map_err(|e| format!("the query string is broken: {e}"))?;
    for (name, text) in pairs {
        let value = text_value(fields, &name, &text);
        insert(&mut map, name, value);
    }
    Ok(map)
}

/// A `multipart/form-data` body, decoded by `multer`: file parts become
/// base64 strings, parts sent as `application/json` are parsed, text parts
/// are read by the field's kind.
pub async fn form(
    fields: &[Field],
    content_type: Option<&str>,
    body: Bytes,
) -> Result<Map<String, Value>, Malformed> {
    let content_type = content_type.unwrap_or("");
    let boundary = multer::parse_boundary(content_type).map_err(|_| {
        format!("expected a multipart/form-data body with a boundary, got content type `{content_type}`")
    })?;
    let stream =
        futures_util::stream::once(async move { Ok::<Bytes, std::convert::Infallible>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut map = Map::new();
    let broken = |e: multer::Error| format!("the multipart body is broken: {e}");
    while let Some(part) = multipart.next_field().await.map_err(broken)? {
        let Some(name) = part.name().map(str::to_owned) else {
            return Err("a multipart part has no name".to_owned());
        };
        let is_file = part.file_name().is_some();
        let is_json = part
            .content_type()
            .is_some_and(|m| m.essence_str() == "application/json");
        let bytes = part.bytes().await.map_err(broken)?;
        let value = if is_file {
            Value::String(base64::engine::general_purpose::STANDARD.encode(&bytes))
        } else {
            let text = std::str::from_utf8(&bytes)
                .map_err(|_| format!("part `{name}` is not UTF-8 text"))?;
            if is_json {
                serde_json::from_str(text).map_err(|e| {
                    format!("part `{name}` is marked application/json but is not JSON: {e}")
                })?
            } else {
                text_value(fields, &name, text)
            }
        };
        insert(&mut map, name, value);
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::schema::Kind;

    const FIELDS: &[Field] = &[
        Field::optional("n", Kind::Number(&crate::rt::NUMBER)),
        Field::optional("b", Kind::Boolean),
        Field::optional("s", Kind::String(&crate::rt::TEXT)),
    ];

    #[test]
    fn query_text_is_read_by_the_field_kind() {
        let map = query(FIELDS, Some("n=3.5&b=true&s=7&n2=x&b=yes")).unwrap();
        assert_eq!(map["n"], serde_json::json!(3.5));
        assert_eq!(map["s"], serde_json::json!("7"));
        assert_eq!(map["n2"], serde_json::json!("x"));
        assert_eq!(map["b"], serde_json::json!([true, "yes"]));
    }

    #[test]
    fn a_number_field_that_does_not_parse_stays_a_string() {
        let map = query(FIELDS, Some("n=abc")).unwrap();
        assert_eq!(map["n"], serde_json::json!("abc"));
    }

    #[tokio::test]
    async fn broken_multipart_is_reported_not_panicked() {
        let body =
            Bytes::from_static(b"--XX\r\nContent-Disposition: form-data; name=\"s\"\r\n\r\nhello");
        let e = form(FIELDS, Some("multipart/form-data; boundary=XX"), body)
            .await
            .unwrap_err();
        assert!(e.starts_with("the multipart body is broken"), "{e}");
        let e = form(FIELDS, Some("application/json"), Bytes::new())
            .await
            .unwrap_err();
        assert!(e.contains("boundary"), "{e}");
    }
}

//! Making text safe to print: server-controlled text escaped for a
//! terminal, and credentials scrubbed from everything shown.

#[cfg(feature = "client")]
use serde_json::Value;

/// `text` with every control character but the line feed escaped
/// (`\u{1b}`), so a server cannot move the cursor, clear the screen or fake
/// a line of output.
///
/// ```
/// use specgen_runtime::output::terminal_safe;
/// assert_eq!(terminal_safe("a\x1b[2Jb\r\n"), "a\\u{1b}[2Jb\\r\n");
/// ```
pub fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Bytes from a server as printable text: valid UTF-8 is kept (control
/// characters escaped as by [`terminal_safe`]), any other byte becomes
/// `\xNN`, and the line feed is escaped too, so the result is one line.
///
/// ```
/// use specgen_runtime::output::escape_bytes;
/// assert_eq!(escape_bytes(b"ok\xff\x1b\n"), "ok\\xff\\u{1b}\\n");
/// ```
pub fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c.is_control() {
                out.extend(c.escape_default());
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// A JSON text with the control characters that JSON leaves raw (DEL and
/// the C1 range, such as the one-byte CSI `U+009B`) written as `\u00XX`
/// escapes: the same JSON value, safe on a terminal. serde_json already
/// escapes the C0 range, and these characters can only occur inside strings.
pub fn json_terminal_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_control() && c != '\n' {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// The credentials a command holds, to be cut out of all it prints, even
/// where a server echoed one back.
#[cfg(feature = "client")]
#[derive(Default)]
pub struct Scrubber {
    secrets: Vec<String>,
}

#[cfg(feature = "client")]
impl std::fmt::Debug for Scrubber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Scrubber({} secrets)", self.secrets.len())
    }
}

/// What replaces a credential.
pub const REDACTED: &str = "***";

#[cfg(feature = "client")]
impl Scrubber {
    /// Adds a credential; an empty one is ignored.
    pub fn secret(&mut self, value: &str) {
        if !value.is_empty() && !self.secrets.iter().any(|s| s == value) {
            self.secrets.push(value.to_owned());
            // Longest first, so a secret that contains another goes whole.
            self.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }

    /// Adds the user name and password of `url`, as written and
    /// percent-decoded. A URL the parser cannot read has its userinfo taken
    /// as everything between `://` and the last `@`.
    pub fn url_userinfo(&mut self, url: &str) {
        let userinfo = match url::Url::parse(url) {
            Ok(u) if !u.username().is_empty() || u.password().is_some() => {
                format!("{}:{}", u.username(), u.password().unwrap_or_default())
            }
            _ => {
                let start = url.find("://").map_or(0, |i| i + 3);
                match url.rfind('@') {
                    Some(at) if at > start => url[start..at].to_owned(),
                    _ => return,
                }
            }
        };
        self.secret(&userinfo);
        let (user, password) = userinfo.split_once(':').unwrap_or((&userinfo, ""));
        for part in [user, password] {
            self.secret(part);
            let decoded = percent_decode(part);
            self.secret(&decoded);
        }
    }

    /// A response body with every credential replaced. JSON is parsed
    /// first, so a credential written with escapes (`\u0074ok`) is found
    /// too, and the body stays JSON for the decoder; other bytes are
    /// replaced as they are.
    pub fn body(&self, body: Vec<u8>) -> Vec<u8> {
        let escapes = body.contains(&b'\\');
        if self.secrets.is_empty()
            || !escapes && !self.secrets.iter().any(|s| contains(&body, s.as_bytes()))
        {
            return body;
        }
        if let Ok(value) = serde_json::from_slice::<Value>(&body) {
            let scrubbed = self.json(&value);
            if scrubbed == value {
                return body;
            }
            return serde_json::to_vec(&scrubbed).unwrap_or(body);
        }
        let mut out = body;
        for s in &self.secrets {
            out = replace_bytes(&out, s.as_bytes(), REDACTED.as_bytes());
        }
        out
    }

    /// `text` with every credential replaced by [`REDACTED`].
    pub fn text(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for s in &self.secrets {
            if out.contains(s.as_str()) {
                out = out.replace(s.as_str(), REDACTED);
            }
        }
        out
    }

    /// `value` with every credential replaced, in strings and in keys.
    pub fn json(&self, value: &Value) -> Value {
        match value {
            Value::String(s) => Value::String(self.text(s)),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.json(v)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (self.text(k), self.json(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// Text to print: credentials scrubbed, control characters escaped.
    pub fn show(&self, text: &str) -> String {
        terminal_safe(&self.text(text))
    }

    /// Pretty JSON to print: credentials scrubbed, terminal-safe, still JSON.
    pub fn show_json(&self, value: &Value) -> String {
        json_terminal_safe(&serde_json::to_string_pretty(&self.json(value)).unwrap_or_default())
    }
}

#[cfg(feature = "client")]
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(feature = "client")]
fn replace_bytes(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut rest = haystack;
    while !rest.is_empty() {
        if !needle.is_empty() && rest.starts_with(needle) {
            out.extend_from_slice(with);
            rest = &rest[needle.len()..];
        } else {
            out.push(rest[0]);
            rest = &rest[1..];
        }
    }
    out
}

#[cfg(feature = "client")]
fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn escapes_ansi_and_carriage_returns_but_keeps_new_lines() {
        assert_eq!(
            terminal_safe("\x1b[2J\x1b[HOK\rfake\n\u{9b}31m"),
            "\\u{1b}[2J\\u{1b}[HOK\\rfake\n\\u{9b}31m"
        );
    }

    #[test]
    fn json_stays_json_and_loses_raw_control_characters() {
        let v = serde_json::json!({"m": "\u{1b}[2J\u{7f}\u{9b}x\u{e9}"});
        let shown = json_terminal_safe(&serde_json::to_string(&v).unwrap());
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
        assert_eq!(serde_json::from_str::<Value>(&shown).unwrap(), v);
    }

    #[cfg(feature = "client")]
    #[test]
    fn scrubs_bodies_as_json_even_with_escapes_and_as_bytes_otherwise() {
        let mut s = Scrubber::default();
        s.secret("tok/123");
        let escaped = br#"{"echo":"t\u006fk\/123","n":1}"#.to_vec();
        let scrubbed: Value = serde_json::from_slice(&s.body(escaped)).unwrap();
        assert_eq!(scrubbed, serde_json::json!({"echo": "***", "n": 1}));
        let binary = b"\xff\x00 tok/123 \xfe".to_vec();
        assert_eq!(s.body(binary), b"\xff\x00 *** \xfe".to_vec());
        let untouched = br#"{"a": "b\"c"}"#.to_vec();
        assert_eq!(s.body(untouched.clone()), untouched);
    }

    #[cfg(feature = "client")]
    #[test]
    fn scrubs_secrets_in_text_and_json_keys_and_values() {
        let mut s = Scrubber::default();
        s.secret("tok-123");
        s.secret("");
        let v = serde_json::json!({"data": {"params": {"access_token": "tok-123"}}, "tok-123": 1});
        let shown = s.show_json(&v);
        assert!(!shown.contains("tok-123"), "{shown}");
        assert!(shown.contains("\"access_token\": \"***\""), "{shown}");
        assert_eq!(s.show("a tok-123 b"), "a *** b");
    }

    #[cfg(feature = "client")]
    #[test]
    fn scrubs_url_passwords_parsed_or_not_and_decoded() {
        let mut s = Scrubber::default();
        s.url_userinfo("http://user:pa55?w0rd@host/");
        assert_eq!(s.text("pa55?w0rd"), "***");
        let mut s = Scrubber::default();
        s.url_userinfo("http://user:p%40ss%2Bw0rd@host/");
        assert_eq!(s.text("p@ss+w0rd and p%40ss%2Bw0rd"), "*** and ***");
        let mut s = Scrubber::default();
        s.url_userinfo("http://host/@x");
        s.url_userinfo("https://host/");
        assert_eq!(s.text("host x"), "host x");
    }
}

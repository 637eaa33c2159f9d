//! String formats: date-times, UUIDs, e-mail addresses, E.164 phones, base64.

use std::fmt;

use base64::Engine as _;
use time::OffsetDateTime;

use crate::datetime::{self, Layout};

use crate::check::ByteClass;

/// The wire format of a date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateTimeFormat {
    /// RFC 3339, e.g. `2017-03-10T01:19:23Z`.
    Rfc3339,
    /// A spec format built from `YYYY`, `MM`, `DD`, `hh`, `mm`, `ss` and
    /// literal characters, e.g. `YYYY-MM-DD hh:mm:ss`. Read as UTC.
    Custom(&'static Layout<'static>),
}

impl DateTimeFormat {
    /// The format as shown to users in messages.
    pub fn describe(&self) -> &'static str {
        match self {
            DateTimeFormat::Rfc3339 => "RFC 3339 (2017-03-10T01:19:23Z)",
            DateTimeFormat::Custom(f) => f.source(),
        }
    }

    /// Parses a date-time; `None` if it is not one. A custom format is read
    /// as UTC.
    pub fn parse(&self, s: &str) -> Option<OffsetDateTime> {
        match self {
            DateTimeFormat::Rfc3339 => datetime::parse_rfc3339(s),
            DateTimeFormat::Custom(f) => f.parse(s).map(time::PrimitiveDateTime::assume_utc),
        }
    }

    /// Whether [`DateTimeFormat::format`] can write `t`: a four-digit year
    /// (in UTC for a custom format) and, for RFC 3339, an offset in whole
    /// minutes.
    pub fn can_write(&self, t: OffsetDateTime) -> bool {
        let (t, offset_ok) = match self {
            DateTimeFormat::Rfc3339 => (t, t.offset().seconds_past_minute() == 0),
            // Typed custom values are UTC already (`assume_utc`).
            DateTimeFormat::Custom(_) if t.offset().is_utc() => (t, true),
            DateTimeFormat::Custom(_) => (t.to_offset(time::UtcOffset::UTC), true),
        };
        offset_ok && (0..=9999).contains(&t.year())
    }

    /// [`DateTimeFormat::format`] into `buf`, without allocating; `None`
    /// if the format cannot say `t` or `buf` is too short.
    pub fn format_into<'b>(&self, t: OffsetDateTime, buf: &'b mut [u8]) -> Option<&'b str> {
        let n = match self {
            DateTimeFormat::Rfc3339 => datetime::write_rfc3339(t, buf)?,
            DateTimeFormat::Custom(f) => {
                let t = t.to_offset(time::UtcOffset::UTC);
                f.format_into(time::PrimitiveDateTime::new(t.date(), t.time()), buf)?
            }
        };
        std::str::from_utf8(buf.get(..n)?).ok()
    }

    /// Writes an instant in the format (a custom one in UTC); `None` if the
    /// format cannot say it.
    pub fn format(&self, t: OffsetDateTime) -> Option<String> {
        match self {
            DateTimeFormat::Rfc3339 => datetime::format_rfc3339(t),
            DateTimeFormat::Custom(f) => {
                let t = t.to_offset(time::UtcOffset::UTC);
                f.format(time::PrimitiveDateTime::new(t.date(), t.time()))
            }
        }
    }
}

/// Whether `format` is a valid custom date-time format: only the tokens and
/// literal characters that are not ASCII letters or digits, each of the six
/// tokens at most once, and a full date.
pub fn check_custom_format(format: &str) -> Result<(), String> {
    const TOKENS: [&str; 6] = ["YYYY", "MM", "DD", "hh", "mm", "ss"];
    let mut seen = [false; 6];
    let mut rest = format;
    while !rest.is_empty() {
        if let Some(i) = TOKENS.iter().position(|t| rest.starts_with(t)) {
            if seen[i] {
                return Err(format!("token {} appears twice", TOKENS[i]));
            }
            seen[i] = true;
            rest = &rest[TOKENS[i].len()..];
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            if c.is_ascii_alphanumeric() {
                return Err(format!(
                    "unexpected `{c}`: use YYYY, MM, DD, hh, mm, ss and punctuation"
                ));
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    if !(seen[0] && seen[1] && seen[2]) {
        return Err("a date-time format needs YYYY, MM and DD".to_owned());
    }
    if Layout::compile(format).is_none() {
        return Err("a date-time format is at most 254 bytes long".to_owned());
    }
    Ok(())
}

/// Parses a date-time in `format`; `None` if it is not one.
pub fn parse_datetime(s: &str, format: DateTimeFormat) -> Option<OffsetDateTime> {
    format.parse(s)
}

/// A hyphenated UUID of any version, case-insensitive. A scanner with the
/// semantics of [`UUID_PATTERN`].
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// A UUID as a regex, for documentation and for the tests that hold
/// [`is_uuid`] to it.
pub const UUID_PATTERN: &str =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/// A hyphenated UUID of any version, case-insensitive, as a value: what
/// [`is_uuid`] accepts, and nothing else.
pub fn parse_uuid(s: &str) -> Option<uuid::Uuid> {
    if is_uuid(s) {
        uuid::Uuid::try_parse(s).ok()
    } else {
        None
    }
}

/// An e-mail address by the HTML Living Standard's "valid e-mail address"
/// rule: what browsers accept in `<input type=email>`. A scanner with the
/// semantics of [`EMAIL_PATTERN`], which is the rule as written.
pub fn is_email(s: &str) -> bool {
    // One pass: the local part is the longest run of its bytes, which do
    // not include `@`, so an `@` must follow it; then each label is the
    // longest run of label bytes, followed by a `.` or the end.
    let b = s.as_bytes();
    let local = email_run(b, IN_LOCAL);
    if local == 0 || b.get(local) != Some(&b'@') {
        return false;
    }
    let mut rest = b.get(local + 1..).unwrap_or_default();
    loop {
        // One to 63 letters, digits and hyphens, with no hyphen at an end.
        let label = email_run(rest, IN_LABEL);
        if label == 0
            || label > 63
            || rest.first() == Some(&b'-')
            || rest.get(label - 1) == Some(&b'-')
        {
            return false;
        }
        match rest.get(label) {
            None => return true,
            Some(b'.') => rest = rest.get(label + 1..).unwrap_or_default(),
            Some(_) => return false,
        }
    }
}

/// The HTML rule for e-mail addresses as a regex, for documentation and for
/// the tests that hold [`is_email`] to it.
pub const EMAIL_PATTERN: &str = r"^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$";

const ALNUM: [(u8, u8); 3] = [(b'a', b'z'), (b'A', b'Z'), (b'0', b'9')];

/// The bytes of an e-mail address's local part: letters, digits and
/// ``.!#$%&'*+/=?^_`{|}~-``.
const EMAIL_LOCAL: ByteClass = ByteClass::ranges(&ALNUM).with(b".!#$%&'*+/=?^_`{|}~-");
/// The bytes of a domain label: letters, digits and `-`.
const LABEL: ByteClass = ByteClass::ranges(&ALNUM).with(b"-");

/// In [`EMAIL_BYTES`]: the byte may be in the local part.
const IN_LOCAL: u8 = 1;
/// In [`EMAIL_BYTES`]: the byte may be in a domain label.
const IN_LABEL: u8 = 2;

/// Per byte, which parts of an address it may be in: one load per byte,
/// where the bit sets cost a shift and a select (local parts and labels are
/// short, below the eight bytes that a scan of a few ranges needs).
static EMAIL_BYTES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        if EMAIL_LOCAL.contains(b as u8) {
            table[b] |= IN_LOCAL;
        }
        if LABEL.contains(b as u8) {
            table[b] |= IN_LABEL;
        }
        b += 1;
    }
    table
};

/// How many leading bytes of `b` may be in the part `part`.
#[inline]
fn email_run(b: &[u8], part: u8) -> usize {
    b.iter()
        .position(|&c| EMAIL_BYTES[usize::from(c)] & part == 0)
        .unwrap_or(b.len())
}

/// An E.164 number: `+`, a country code that does not start with 0, and at
/// most 15 digits in all. A scanner with the semantics of [`E164_PATTERN`].
pub fn is_e164(s: &str) -> bool {
    match s.as_bytes() {
        [b'+', b'1'..=b'9', rest @ ..] => {
            (1..=14).contains(&rest.len()) && rest.iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// E.164 as a regex, for documentation and for the tests that hold
/// [`is_e164`] to it.
pub const E164_PATTERN: &str = r"^\+[1-9][0-9]{1,14}$";

/// Standard base64 with padding.
pub fn is_base64(s: &str) -> bool {
    base64::engine::general_purpose::STANDARD.decode(s).is_ok()
}

/// Binary data: base64 in JSON, a file part in multipart/form-data.
/// `Debug` shows only the length.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Bytes(pub Vec<u8>);

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bytes({} bytes)", self.0.len())
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(v: Vec<u8>) -> Self {
        Bytes(v)
    }
}

impl serde::Serialize for Bytes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> serde::Deserialize<'de> for Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(s.as_bytes())
            .map(Bytes)
            .map_err(|e| serde::de::Error::custom(format!("invalid base64: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_format_checker_names_the_problem() {
        assert!(check_custom_format("YYYY-MM-DD hh:mm:ss").is_ok());
        assert!(check_custom_format("YYYY-MM-DD hh:mm:Xs")
            .unwrap_err()
            .contains('X'));
        assert!(check_custom_format("hh:mm").is_err());
        assert!(check_custom_format("YYYY-MM-DD-DD").is_err());
    }

    #[test]
    fn formats_accept_and_reject() {
        assert!(is_uuid("bd4567f4-9b90-42e6-b282-7767af1ba581"));
        assert!(parse_uuid("BD4567F4-9b90-42e6-b282-7767af1ba581").is_some());
        assert!(parse_uuid("{bd4567f4-9b90-42e6-b282-7767af1ba581}").is_none());
        assert!(!is_uuid("bd4567f4-9b90-42e6-b282-7767af1ba58"));
        assert!(is_email("minneapple@gmail.com"));
        assert!(!is_email("minneapple@"));
        assert!(!is_email("a b@c.d"));
        assert!(is_e164("+14155550123"));
        assert!(!is_e164("6592009999"));
        assert!(!is_e164("+0123"));
        assert!(!is_e164("+1234567890123456"));
        assert!(is_base64("Ynl0ZXM="));
        assert!(!is_base64("Ynl0ZXM"));
    }

    #[test]
    fn bytes_debug_hides_content() {
        assert_eq!(format!("{:?}", Bytes(b"secret".to_vec())), "Bytes(6 bytes)");
    }
}

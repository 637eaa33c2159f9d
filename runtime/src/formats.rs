//! String formats: date-times, UUIDs, e-mail addresses, E.164 phones, base64.

use std::fmt;

use base64::Engine as _;
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

use crate::check::ByteClass;

/// The wire format of a date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateTimeFormat {
    /// RFC 3339, e.g. `2017-03-10T01:19:23Z`.
    Rfc3339,
    /// A spec format built from `YYYY`, `MM`, `DD`, `hh`, `mm`, `ss` and
    /// literal characters, e.g. `YYYY-MM-DD hh:mm:ss`. Read as UTC.
    Custom(&'static str),
}

impl DateTimeFormat {
    /// The format as shown to users in messages.
    pub fn describe(&self) -> &'static str {
        match self {
            DateTimeFormat::Rfc3339 => "RFC 3339 (2017-03-10T01:19:23Z)",
            DateTimeFormat::Custom(f) => f,
        }
    }
}

const TOKENS: [&str; 6] = ["YYYY", "MM", "DD", "hh", "mm", "ss"];

/// Whether `format` is a valid custom date-time format: only the tokens and
/// literal characters that are not ASCII letters or digits, each of the six
/// tokens at most once, and a full date.
pub fn check_custom_format(format: &str) -> Result<(), String> {
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
    Ok(())
}

fn take_digits(s: &str, n: usize) -> Option<(u32, &str)> {
    let digits = s.get(..n)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok()?, &s[n..]))
}

/// Parses `s` in a token format such as `YYYY-MM-DD hh:mm:ss`, as UTC.
///
/// Leap seconds follow the RFC 3339 rule, as for that format: second `60`
/// is accepted only at `23:59:60` UTC on the last day of a month (where
/// leap seconds are inserted), and read as the last nanosecond before the
/// next minute.
pub fn parse_with_format(s: &str, format: &str) -> Option<OffsetDateTime> {
    let (mut year, mut month, mut day, mut hour, mut minute, mut second) = (0, 1, 1, 0, 0, 0);
    let (mut input, mut fmt) = (s, format);
    while !fmt.is_empty() {
        if let Some(i) = TOKENS.iter().position(|t| fmt.starts_with(t)) {
            let width = TOKENS[i].len();
            let (v, rest) = take_digits(input, width)?;
            match i {
                0 => year = v,
                1 => month = v,
                2 => day = v,
                3 => hour = v,
                4 => minute = v,
                _ => second = v,
            }
            input = rest;
            fmt = &fmt[width..];
        } else {
            let c = fmt.chars().next()?;
            input = input.strip_prefix(c)?;
            fmt = &fmt[c.len_utf8()..];
        }
    }
    if !input.is_empty() {
        return None;
    }
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date =
        Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()?;
    let time = if second == 60 {
        if (hour, minute) != (23, 59) || date.day() != month.length(date.year()) {
            return None;
        }
        Time::from_hms_nano(23, 59, 59, 999_999_999).ok()?
    } else {
        Time::from_hms(
            u8::try_from(hour).ok()?,
            u8::try_from(minute).ok()?,
            u8::try_from(second).ok()?,
        )
        .ok()?
    };
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

/// Parses a date-time in `format`; `None` if it is not one.
pub fn parse_datetime(s: &str, format: DateTimeFormat) -> Option<OffsetDateTime> {
    match format {
        // The time crate also takes a space (or any byte) between date and
        // time; RFC 3339's grammar, and JSON Schema's date-time, want T.
        DateTimeFormat::Rfc3339 => match s.as_bytes().get(10) {
            Some(b'T' | b't') => OffsetDateTime::parse(s, &Rfc3339).ok(),
            _ => None,
        },
        DateTimeFormat::Custom(f) => parse_with_format(s, f),
    }
}

/// Formats an instant in `format`, in UTC; the inverse of [`parse_datetime`].
pub fn format_datetime(t: OffsetDateTime, format: DateTimeFormat) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    match format {
        DateTimeFormat::Rfc3339 => t.format(&Rfc3339).unwrap_or_default(),
        DateTimeFormat::Custom(f) => {
            let mut out = String::new();
            let mut fmt = f;
            while !fmt.is_empty() {
                if let Some(i) = TOKENS.iter().position(|tok| fmt.starts_with(tok)) {
                    let s = match i {
                        0 => format!("{:04}", t.year()),
                        1 => format!("{:02}", u8::from(t.month())),
                        2 => format!("{:02}", t.day()),
                        3 => format!("{:02}", t.hour()),
                        4 => format!("{:02}", t.minute()),
                        _ => format!("{:02}", t.second()),
                    };
                    out.push_str(&s);
                    fmt = &fmt[TOKENS[i].len()..];
                } else if let Some(c) = fmt.chars().next() {
                    out.push(c);
                    fmt = &fmt[c.len_utf8()..];
                }
            }
            out
        }
    }
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

/// An e-mail address by the HTML Living Standard's "valid e-mail address"
/// rule: what browsers accept in `<input type=email>`. A scanner with the
/// semantics of [`EMAIL_PATTERN`], which is the rule as written.
pub fn is_email(s: &str) -> bool {
    // The local part's characters do not include `@`, so the first `@`
    // ends it.
    let b = s.as_bytes();
    let Some(at) = b.iter().position(|&c| c == b'@') else {
        return false;
    };
    let (local, domain) = (&b[..at], &b[at + 1..]);
    !local.is_empty()
        && local.iter().all(|&c| EMAIL_LOCAL.contains(c))
        && domain.split(|&c| c == b'.').all(is_domain_label)
}

/// The HTML rule for e-mail addresses as a regex, for documentation and for
/// the tests that hold [`is_email`] to it.
pub const EMAIL_PATTERN: &str = r"^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$";

const ALNUM: [(u8, u8); 3] = [(b'a', b'z'), (b'A', b'Z'), (b'0', b'9')];

/// The bytes of an e-mail address's local part: letters, digits and
/// ``.!#$%&'*+/=?^_`{|}~-``, one bit test each.
const EMAIL_LOCAL: ByteClass = ByteClass::ranges(&ALNUM).with(b".!#$%&'*+/=?^_`{|}~-");
const LABEL: ByteClass = ByteClass::ranges(&ALNUM).with(b"-");

/// One to 63 ASCII letters, digits and hyphens, with a letter or digit at
/// each end.
fn is_domain_label(b: &[u8]) -> bool {
    match (b.first(), b.last()) {
        (Some(first), Some(last)) => {
            b.len() <= 63
                && first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && b.iter().all(|&c| LABEL.contains(c))
        }
        _ => false,
    }
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
    fn a_leap_second_follows_one_rule_in_both_formats() {
        let custom = DateTimeFormat::Custom("YYYY-MM-DD hh:mm:ss");
        for (rfc, spaced, ok) in [
            ("2016-12-31T23:59:60Z", "2016-12-31 23:59:60", true),
            ("2015-06-30T23:59:60Z", "2015-06-30 23:59:60", true),
            ("2016-12-30T23:59:60Z", "2016-12-30 23:59:60", false),
            ("2016-12-31T23:58:60Z", "2016-12-31 23:58:60", false),
            ("2016-12-31T22:59:60Z", "2016-12-31 22:59:60", false),
            ("2016-12-31T23:59:61Z", "2016-12-31 23:59:61", false),
        ] {
            let a = parse_datetime(rfc, DateTimeFormat::Rfc3339);
            let b = parse_datetime(spaced, custom);
            assert_eq!((a.is_some(), b.is_some()), (ok, ok), "{rfc} / {spaced}");
            assert_eq!(a, b, "{rfc} and {spaced} are one instant");
        }
    }

    #[test]
    fn custom_format_round_trips_and_rejects_impossible_dates() {
        let f = DateTimeFormat::Custom("YYYY-MM-DD hh:mm:ss");
        let t = parse_datetime("2024-02-29 23:59:59", f).unwrap();
        assert_eq!(format_datetime(t, f), "2024-02-29 23:59:59");
        assert!(parse_datetime("2023-02-29 10:00:00", f).is_none());
        assert!(parse_datetime("2023-01-01 24:00:00", f).is_none());
        assert!(parse_datetime("2023-01-01T10:00:00", f).is_none());
        assert!(parse_datetime("2023-01-01 10:00:00Z", f).is_none());
        assert!(parse_datetime("2023-1-01 10:00:00", f).is_none());
    }

    #[test]
    fn rfc3339_needs_an_offset() {
        assert!(parse_datetime("2017-03-10T01:19:23Z", DateTimeFormat::Rfc3339).is_some());
        assert!(parse_datetime("2017-03-10T01:19:23+02:00", DateTimeFormat::Rfc3339).is_some());
        assert!(parse_datetime("2017-03-10 01:19:23", DateTimeFormat::Rfc3339).is_none());
        assert!(parse_datetime("2017-03-10 01:19:23Z", DateTimeFormat::Rfc3339).is_none());
        assert!(parse_datetime("2017-03-10_01:19:23Z", DateTimeFormat::Rfc3339).is_none());
        assert!(parse_datetime("2017-03-10t01:19:23z", DateTimeFormat::Rfc3339).is_some());
    }

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

//! Validation errors, paths and the report that collects them.
//!
//! A validator walks a value once and pushes every error it finds into a
//! [`Report`]; nothing stops at the first error. Paths are a chain of stack
//! frames ([`Path`]) that is rendered as a JSON Pointer only when an error is
//! recorded, so a valid value is checked without a single heap allocation.

use std::fmt;

use time::OffsetDateTime;

/// One failed constraint.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ValidationError {
    /// Where the error is, as a JSON Pointer (`/chats/3/messages/0/source`);
    /// empty for the root.
    pub path: String,
    /// What failed; [`Code::as_str`] is the stable wire code, such as
    /// `min_length`, `pattern` or `required`.
    pub code: Code,
    /// A human-readable message, or the spec's custom message.
    pub message: String,
}

/// What a [`ValidationError`] is about. Serialized (and displayed) as its
/// wire code, [`Code::as_str`], so JSON output reads `"code":"min_length"`.
///
/// ```
/// use specgen_runtime::Code;
///
/// assert_eq!(Code::MinLength.as_str(), "min_length");
/// assert_eq!(serde_json::to_string(&Code::AtLeastOneOf).unwrap(), r#""at_least_one_of""#);
/// assert_eq!(Code::Pattern, "pattern");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Code {
    /// A required field is missing. Wire code `required`.
    Required,
    /// The value has the wrong JSON type. Wire code `type`.
    Type,
    /// A `not_blank` string is empty or only whitespace. Wire code `blank`.
    Blank,
    /// A string is shorter than `min_length`. Wire code `min_length`.
    MinLength,
    /// A string is longer than `max_length`. Wire code `max_length`.
    MaxLength,
    /// A string does not match `pattern`. Wire code `pattern`.
    Pattern,
    /// A value is not in its format (date-time, UUID, e-mail, phone, base64). Wire code `format`.
    Format,
    /// A value is not one of a closed enum's values. Wire code `enum`.
    Enum,
    /// A number is below `minimum`. Wire code `minimum`.
    Minimum,
    /// A number is above `maximum`. Wire code `maximum`.
    Maximum,
    /// A number is not above `exclusive_minimum`. Wire code `exclusive_minimum`.
    ExclusiveMinimum,
    /// A number is not below `exclusive_maximum`. Wire code `exclusive_maximum`.
    ExclusiveMaximum,
    /// An array has fewer items than `min_items`. Wire code `min_items`.
    MinItems,
    /// An array has more items than `max_items`. Wire code `max_items`.
    MaxItems,
    /// A `not_future` date-time is after "now". Wire code `future`.
    Future,
    /// A `not_past` date-time is before "now" (at the precision of its
    /// format). Wire code `past`.
    Past,
    /// None of the fields of an `at_least_one_of` rule is set. Wire code `at_least_one_of`.
    AtLeastOneOf,
    /// Not exactly one field of an `exactly_one_of` rule is set. Wire code `exactly_one_of`.
    ExactlyOneOf,
    /// A `required_if` field is missing while its condition holds. Wire code `required_if`.
    RequiredIf,
}

impl Code {
    /// The stable wire code, as written in JSON output.
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::Required => "required",
            Code::Type => "type",
            Code::Blank => "blank",
            Code::MinLength => "min_length",
            Code::MaxLength => "max_length",
            Code::Pattern => "pattern",
            Code::Format => "format",
            Code::Enum => "enum",
            Code::Minimum => "minimum",
            Code::Maximum => "maximum",
            Code::ExclusiveMinimum => "exclusive_minimum",
            Code::ExclusiveMaximum => "exclusive_maximum",
            Code::MinItems => "min_items",
            Code::MaxItems => "max_items",
            Code::Future => "future",
            Code::Past => "past",
            Code::AtLeastOneOf => "at_least_one_of",
            Code::ExactlyOneOf => "exactly_one_of",
            Code::RequiredIf => "required_if",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(f, "{path}: {} ({})", self.message, self.code)
    }
}

/// Every error found in one validation pass. Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationErrors(pub Vec<ValidationError>);

impl ValidationErrors {
    /// The errors, in the order they were found.
    pub fn errors(&self) -> &[ValidationError] {
        &self.0
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} validation error(s)", self.0.len())?;
        for e in &self.0 {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

impl IntoIterator for ValidationErrors {
    type Item = ValidationError;
    type IntoIter = std::vec::IntoIter<ValidationError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

#[derive(Clone, Copy)]
enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

/// A location inside the value being validated, built on the stack.
#[derive(Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

impl Path<'static> {
    /// The root of the document.
    pub const ROOT: Path<'static> = Path {
        parent: None,
        segment: Segment::Root,
    };
}

impl<'a> Path<'a> {
    /// The member `key` of the object at this path.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }

    /// The element `index` of the array at this path.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    /// Renders the path as a JSON Pointer (RFC 6901).
    pub fn to_pointer(&self) -> String {
        let mut out = String::new();
        self.write_pointer(&mut out);
        out
    }

    fn write_pointer(&self, out: &mut String) {
        if let Some(parent) = self.parent {
            parent.write_pointer(out);
        }
        match self.segment {
            Segment::Root => {}
            Segment::Key(k) => {
                out.push('/');
                for c in k.chars() {
                    match c {
                        '~' => out.push_str("~0"),
                        '/' => out.push_str("~1"),
                        c => out.push(c),
                    }
                }
            }
            Segment::Index(i) => {
                out.push('/');
                out.push_str(&i.to_string());
            }
        }
    }
}

impl fmt::Debug for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_pointer())
    }
}

/// Collects errors during one validation pass, and holds the injected "now"
/// for time-dependent checks.
#[derive(Debug)]
pub struct Report {
    now: OffsetDateTime,
    errors: Vec<ValidationError>,
}

impl Report {
    /// A report whose "now" is `now`; tests inject a fixed instant here.
    pub fn new(now: OffsetDateTime) -> Self {
        Report {
            now,
            errors: Vec::new(),
        }
    }

    /// The instant that `not_future` checks compare against.
    pub fn now(&self) -> OffsetDateTime {
        self.now
    }

    /// Records an error. `custom` (the spec's message) wins over `default`,
    /// which is only formatted when there is no custom message.
    pub fn push(
        &mut self,
        path: &Path<'_>,
        code: Code,
        custom: Option<&str>,
        default: fmt::Arguments<'_>,
    ) {
        let message = match custom {
            Some(m) => m.to_owned(),
            None => default.to_string(),
        };
        self.errors.push(ValidationError {
            path: path.to_pointer(),
            code,
            message,
        });
    }

    /// Whether no error has been recorded.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The errors recorded so far.
    pub fn errors(&self) -> &[ValidationError] {
        &self.errors
    }

    /// `Ok` when nothing was recorded, else every error.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(self.errors))
        }
    }
}

/// Implemented by every generated type: checks a typed value.
pub trait Validate {
    /// Checks `self`, found at `path`, and records every error in `report`.
    fn validate_at(&self, path: &Path<'_>, report: &mut Report);

    /// Checks `self` against the current time; returns every error.
    fn validate(&self) -> Result<(), ValidationErrors> {
        self.validate_with_now(OffsetDateTime::now_utc())
    }

    /// Checks `self` with `now` as the current time, for reproducible tests.
    fn validate_with_now(&self, now: OffsetDateTime) -> Result<(), ValidationErrors> {
        let mut report = Report::new(now);
        self.validate_at(&Path::ROOT, &mut report);
        report.into_result()
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &Path<'_>, report: &mut Report) {
        for (i, item) in self.iter().enumerate() {
            item.validate_at(&path.index(i), report);
        }
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &Path<'_>, report: &mut Report) {
        if let Some(v) = self {
            v.validate_at(path, report);
        }
    }
}

/// Implemented by every generated type: checks an untyped JSON value against
/// the same spec, reporting wrong types and missing fields with their paths
/// as well as every constraint error, in one pass.
pub trait ValidateJson {
    /// Checks `value`, found at `path`, and records every error in `report`.
    fn validate_json_at(value: &serde_json::Value, path: &Path<'_>, report: &mut Report);

    /// Checks `value` with `now` as the current time.
    fn validate_json_with_now(
        value: &serde_json::Value,
        now: OffsetDateTime,
    ) -> Result<(), ValidationErrors> {
        let mut report = Report::new(now);
        Self::validate_json_at(value, &Path::ROOT, &mut report);
        report.into_result()
    }

    /// Checks `value` against the current time.
    fn validate_json(value: &serde_json::Value) -> Result<(), ValidationErrors> {
        Self::validate_json_with_now(value, OffsetDateTime::now_utc())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_tilde_and_slash_and_numbers_indices() {
        let root = Path::ROOT;
        let a = root.key("chats");
        let b = a.index(3);
        let c = b.key("a/b~c");
        assert_eq!(c.to_pointer(), "/chats/3/a~1b~0c");
        assert_eq!(Path::ROOT.to_pointer(), "");
    }

    #[test]
    fn custom_message_replaces_default() {
        let mut r = Report::new(OffsetDateTime::UNIX_EPOCH);
        r.push(
            &Path::ROOT.key("provider"),
            Code::Blank,
            Some("Provider can't be blank"),
            format_args!("can't be blank"),
        );
        r.push(
            &Path::ROOT.key("x"),
            Code::Minimum,
            None,
            format_args!("must be at least {}", 5),
        );
        let errs = r.into_result().unwrap_err();
        assert_eq!(errs.0[0].message, "Provider can't be blank");
        assert_eq!(errs.0[0].path, "/provider");
        assert_eq!(errs.0[1].message, "must be at least 5");
        assert_eq!(errs.0[1].code, "minimum");
    }
}

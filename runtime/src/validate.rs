//! Validation errors, paths and the report that collects them.
//!
//! A validator walks a value once and pushes every error it finds into a
//! [`Report`]; nothing stops at the first error, unless the report was made
//! to ([`Report::stop_at_first`], behind [`Validate::is_valid`]). Paths are a
//! chain of stack frames ([`Path`]) turned into a JSON Pointer only when an
//! error is recorded (and lent, not rendered, when made of member names
//! only), so a valid value is checked without a single heap allocation.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use time::OffsetDateTime;

use crate::intern;

/// One failed constraint.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ValidationError {
    /// Where the error is, as a JSON Pointer (`/chats/3/messages/0/source`);
    /// empty for the root. Borrowed when the path is made of member names
    /// only (`/chatServer`, `/data/provider`), which the generated code
    /// holds, so such an error does not allocate its path; see
    /// [`Path::pointer`].
    pub path: Cow<'static, str>,
    /// What failed; [`Code::as_str`] is the stable wire code, such as
    /// `min_length`, `pattern` or `required`.
    pub code: Code,
    /// A human-readable message, or the spec's custom message. Borrowed:
    /// a default with arguments (`must be at least 5 characters long`) is
    /// made once per process and shared.
    pub message: Cow<'static, str>,
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
    /// The report reached its cap; the message says how many errors were
    /// left out. Wire code `truncated`.
    Truncated,
    /// The mock server: no endpoint at this method and path (or JSON-RPC
    /// method). Wire code `not_found`.
    NotFound,
    /// The mock server: the credential is missing or malformed. Wire code
    /// `unauthorized`.
    Unauthorized,
    /// The mock server: the body is not valid JSON, multipart or a JSON-RPC
    /// envelope. Wire code `malformed`.
    Malformed,
    /// The mock server: the body is over the size cap. Wire code `too_large`.
    TooLarge,
    /// The mock server: the body did not arrive in time. Wire code `timeout`.
    Timeout,
    /// A path parameter is empty. Wire code `path_segment`.
    PathSegment,
    /// A header parameter cannot be sent as it is. Wire code `header_value`.
    HeaderValue,
    /// An `object` has fewer members than `min_properties`. Wire code `min_properties`.
    MinProperties,
    /// An `object` has more members than `max_properties`. Wire code `max_properties`.
    MaxProperties,
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
            Code::Truncated => "truncated",
            Code::NotFound => "not_found",
            Code::Unauthorized => "unauthorized",
            Code::Malformed => "malformed",
            Code::TooLarge => "too_large",
            Code::Timeout => "timeout",
            Code::PathSegment => "path_segment",
            Code::HeaderValue => "header_value",
            Code::MinProperties => "min_properties",
            Code::MaxProperties => "max_properties",
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
    /// A member by its name, escaped when rendered.
    Key(&'a str),
    /// A member by its pointer segment, already escaped (`/a~1b`).
    Member(&'static str),
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

    /// The member whose JSON Pointer segment is `pointer`: a `/` and the
    /// member name with `~` and `/` escaped (`/chatServer`, `/a~1b`), as
    /// generated code names members. An error at a member of the root is
    /// then reported with `pointer` itself, without an allocation.
    pub fn member(&'a self, pointer: &'static str) -> Path<'a> {
        debug_assert!(
            pointer.starts_with('/'),
            "{pointer:?} is not a pointer segment"
        );
        Path {
            parent: Some(self),
            segment: Segment::Member(pointer),
        }
    }

    /// The element `index` of the array at this path.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    /// Renders the path as a JSON Pointer (RFC 6901), in one allocation.
    pub fn to_pointer(&self) -> String {
        let mut out = String::with_capacity(self.pointer_len());
        self.write_pointer(&mut out);
        out
    }

    /// The path as a JSON Pointer, borrowed where it can be: the root, a
    /// [`member`](Self::member) of the root, and a chain of members from the
    /// root (`/data/provider`), whose text is made once per process and
    /// shared (at most 4,096 such texts of at most 256 bytes are kept).
    /// Any other path is rendered.
    #[inline]
    pub fn pointer(&self) -> Cow<'static, str> {
        // A member of the root, the most common place of an error, lends
        // its generated segment without a call.
        if let (
            Some(Path {
                parent: None,
                segment: Segment::Root,
            }),
            Segment::Member(m),
        ) = (self.parent, self.segment)
        {
            return Cow::Borrowed(m);
        }
        self.members_only()
            .unwrap_or_else(|| Cow::Owned(self.to_pointer()))
    }

    /// The pointer of a path of members from the root: shared, or owned
    /// when the shared table does not keep it; `None` for any other path.
    fn members_only(&self) -> Option<Cow<'static, str>> {
        // A kept pointer is keyed by its parent's kept text and its own
        // segment, each by address and length: every text is a generated
        // literal or a kept one, so equal keys mean equal texts (two
        // distinct keys for one text only cost a second entry).
        type Key = (usize, usize, usize, usize);
        thread_local! {
            static LOCAL: intern::Local<Key> = const { intern::local() };
        }
        static SHARED: intern::Shared<Key> = intern::shared();
        match (self.parent, self.segment) {
            (None, Segment::Root) => Some(Cow::Borrowed("")),
            (Some(parent), Segment::Member(m)) => {
                let prefix = match (parent.parent, parent.segment) {
                    // A member of a member of the root (`/data/provider`),
                    // the most common nested place, without recursion: the
                    // parent's pointer is its own generated segment.
                    (
                        Some(Path {
                            parent: None,
                            segment: Segment::Root,
                        }),
                        Segment::Member(p),
                    ) => p,
                    // A parent that is not kept is rendered with its child.
                    _ => match parent.members_only()? {
                        Cow::Borrowed(p) => p,
                        Cow::Owned(_) => return None,
                    },
                };
                if prefix.is_empty() {
                    return Some(Cow::Borrowed(m));
                }
                let key = (
                    prefix.as_ptr() as usize,
                    prefix.len(),
                    m.as_ptr() as usize,
                    m.len(),
                );
                Some(intern::text(&LOCAL, &SHARED, key, || [prefix, m].concat()))
            }
            _ => None,
        }
    }

    /// The length of the rendered pointer before escapes (`~` and `/` take
    /// one byte more each, and are rare in member names), so it is
    /// allocated once and each key is scanned once, when it is written.
    fn pointer_len(&self) -> usize {
        let own = match self.segment {
            Segment::Root => 0,
            Segment::Key(k) => 1 + k.len(),
            Segment::Member(m) => m.len(),
            Segment::Index(i) => 1 + decimal_digits(i),
        };
        own + self.parent.map_or(0, Path::pointer_len)
    }

    fn write_pointer(&self, out: &mut String) {
        if let Some(parent) = self.parent {
            parent.write_pointer(out);
        }
        match self.segment {
            Segment::Root => {}
            Segment::Member(m) => out.push_str(m),
            Segment::Key(k) => {
                out.push('/');
                // Member names are short and almost never hold `~` or `/`:
                // one inlined pass over the bytes settles it (a `memchr2`
                // call cost more than this scan on such keys).
                if !k.bytes().any(|b| b == b'~' || b == b'/') {
                    return out.push_str(k);
                }
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
                let mut digits = [0u8; 20];
                let mut at = digits.len();
                let mut rest = i;
                loop {
                    at -= 1;
                    // `rest % 10` is a digit, so the cast is exact.
                    digits[at] = b'0' + (rest % 10) as u8;
                    rest /= 10;
                    if rest == 0 {
                        break;
                    }
                }
                out.extend(digits[at..].iter().map(|&d| char::from(d)));
            }
        }
    }
}

fn decimal_digits(mut i: usize) -> usize {
    let mut digits = 1;
    while i >= 10 {
        i /= 10;
        digits += 1;
    }
    digits
}

impl fmt::Debug for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_pointer())
    }
}

/// How many errors a [`Report`] keeps unless told otherwise.
pub const DEFAULT_MAX_ERRORS: usize = 1000;

/// Collects errors during one validation pass, and holds the "now" of
/// time-dependent checks: injected, or read from the clock the first time a
/// check asks for it (most payloads have no time rule, and a clock read costs
/// as much as validating a small payload).
///
/// It keeps at most `max_errors` errors ([`DEFAULT_MAX_ERRORS`] by default)
/// and counts the rest, so a huge invalid payload costs bounded memory and
/// output; generated validators stop walking an array once it
/// [`is_full`](Report::is_full).
#[derive(Debug)]
pub struct Report {
    now: Cell<Option<OffsetDateTime>>,
    errors: Vec<ValidationError>,
    max_errors: usize,
    omitted: usize,
}

impl Report {
    /// A report whose "now" is `now`; tests inject a fixed instant here.
    pub fn new(now: OffsetDateTime) -> Self {
        Report {
            now: Cell::new(Some(now)),
            ..Report::current_time()
        }
    }

    /// A report whose "now" is the system clock, read at most once, when a
    /// check first needs it.
    pub fn current_time() -> Self {
        Report {
            now: Cell::new(None),
            errors: Vec::new(),
            max_errors: DEFAULT_MAX_ERRORS,
            omitted: 0,
        }
    }

    /// Keeps at most `max` errors (at least one); the rest are only counted.
    pub fn max_errors(mut self, max: usize) -> Self {
        self.max_errors = max.max(1);
        self
    }

    /// Keeps no error and stops at the first: a verdict, with no allocation
    /// even on an invalid value (what [`Validate::is_valid`] uses).
    /// Validators skip the rest of an array once an error is found.
    pub fn stop_at_first(mut self) -> Self {
        self.max_errors = 0;
        self
    }

    /// Whether the cap is reached, so further checks can be skipped.
    pub fn is_full(&self) -> bool {
        match self.max_errors {
            0 => self.omitted > 0,
            max => self.errors.len() >= max,
        }
    }

    /// Whether an error would be kept: the report keeps errors and is not
    /// full. Checks test it before they make a message.
    pub(crate) fn keeps(&self) -> bool {
        self.max_errors > 0 && !self.is_full()
    }

    /// How many errors were found after the cap and left out. A lower
    /// bound: once full, validators skip the rest of an array.
    pub fn omitted(&self) -> usize {
        self.omitted
    }

    /// The instant that `not_future` checks compare against; the same for
    /// every check of one pass.
    pub fn now(&self) -> OffsetDateTime {
        if let Some(now) = self.now.get() {
            return now;
        }
        let now = OffsetDateTime::now_utc();
        self.now.set(Some(now));
        now
    }

    /// Records an error. `custom` (the spec's message) wins over `default`,
    /// which is only formatted when there is no custom message and it has
    /// arguments.
    pub fn push(
        &mut self,
        path: &Path<'_>,
        code: Code,
        custom: Option<&'static str>,
        default: fmt::Arguments<'_>,
    ) {
        self.record(path, code, || match (custom, default.as_str()) {
            (Some(m), _) | (None, Some(m)) => Cow::Borrowed(m),
            (None, None) => Cow::Owned(default.to_string()),
        });
    }

    /// Records an error whose default message is a whole text, such as a
    /// rule's generated text: a `&'static str` is kept borrowed, a `String`
    /// owned. The spec's message, `custom`, wins.
    pub fn push_text(
        &mut self,
        path: &Path<'_>,
        code: Code,
        custom: Option<&'static str>,
        default: impl Into<Cow<'static, str>>,
    ) {
        self.record(path, code, || match custom {
            Some(m) => Cow::Borrowed(m),
            None => default.into(),
        });
    }

    // Inlined into each `push`: built out of line, the error was written
    // to the stack in pieces and read back whole to be moved into the list,
    // a store-forwarding stall per error.
    #[inline(always)]
    fn record(&mut self, path: &Path<'_>, code: Code, message: impl FnOnce() -> Cow<'static, str>) {
        if !self.keeps() {
            self.omitted += 1;
            return;
        }
        self.errors.push(ValidationError {
            path: path.pointer(),
            code,
            message: message(),
        });
    }

    /// Whether no error has been found (kept or only counted).
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty() && self.omitted == 0
    }

    /// The errors recorded so far.
    pub fn errors(&self) -> &[ValidationError] {
        &self.errors
    }

    /// `Ok` when nothing was recorded, else every error kept; when some
    /// were left out, a last error with code [`Code::Truncated`] says how many.
    pub fn into_result(mut self) -> Result<(), ValidationErrors> {
        if self.is_ok() {
            return Ok(());
        }
        if self.omitted > 0 {
            let message = match self.max_errors {
                0 => Cow::Borrowed("an error was found: the report keeps none"),
                max => Cow::Owned(format!(
                    "at least {} more error(s) left out: the report stops at {max} errors",
                    self.omitted
                )),
            };
            self.errors.push(ValidationError {
                path: Cow::Borrowed(""),
                code: Code::Truncated,
                message,
            });
        }
        Err(ValidationErrors(self.errors))
    }
}

/// Implemented by every generated type: checks a typed value.
pub trait Validate {
    /// Checks `self`, found at `path`, and records every error in `report`.
    fn validate_at(&self, path: &Path<'_>, report: &mut Report);

    /// Checks `self` against the current time; returns every error.
    fn validate(&self) -> Result<(), ValidationErrors> {
        // Inlined here and in `validate_with_now`, unlike `is_valid` and the
        // JSON validators: a call through the shared body cost 2.4 ns (5%)
        // per call on the seed payloads.
        let mut report = Report::current_time();
        self.validate_at(&Path::ROOT, &mut report);
        report.into_result()
    }

    /// Checks `self` with `now` as the current time, for reproducible tests.
    fn validate_with_now(&self, now: OffsetDateTime) -> Result<(), ValidationErrors> {
        let mut report = Report::new(now);
        self.validate_at(&Path::ROOT, &mut report);
        report.into_result()
    }

    /// Whether `self` passes every check, against the current time: the
    /// verdict of [`validate`](Self::validate), found without collecting
    /// errors, so an invalid value allocates nothing either and the rest of
    /// an array is skipped after the first error.
    fn is_valid(&self) -> bool {
        passes(&Typed(self))
    }
}

/// The body of [`ValidateJson::validate_json`] and `validate_json_with_now`,
/// compiled once. A default method's body is compiled again for every type
/// that calls it (the report's setup and ending, 64–77 lines of LLVM IR per
/// type; BENCHMARKS.md, section 4b); each type's copy is now one call, with
/// the value behind a `dyn Check`. `Validate::validate` and
/// `validate_with_now` keep their own bodies: they are the fast path, and
/// the call cost them 5%.
#[inline(never)]
fn all_errors(now: Option<OffsetDateTime>, value: &dyn Check) -> Result<(), ValidationErrors> {
    let mut report = match now {
        Some(now) => Report::new(now),
        None => Report::current_time(),
    };
    value.check(&Path::ROOT, &mut report);
    report.into_result()
}

/// The body of [`Validate::is_valid`] and `is_valid_json`, compiled once:
/// a verdict's setup and ending were the largest default, 77 lines of LLVM
/// IR per type.
#[inline(never)]
fn passes(value: &dyn Check) -> bool {
    let mut report = Report::current_time().stop_at_first();
    value.check(&Path::ROOT, &mut report);
    report.is_ok()
}

/// Something to check from the root. One method, so that its vtable
/// holds one function per type: a `dyn Validate`'s would hold the default
/// methods too, each wrapping the value again.
trait Check {
    fn check(&self, path: &Path<'_>, report: &mut Report);
}

/// A typed value, of any size.
struct Typed<'a, T: ?Sized>(&'a T);

impl<T: Validate + ?Sized> Check for Typed<'_, T> {
    #[inline]
    fn check(&self, path: &Path<'_>, report: &mut Report) {
        self.0.validate_at(path, report);
    }
}

/// A JSON value checked as a `T`.
struct Json<'a, T: ?Sized>(&'a serde_json::Value, PhantomData<T>);

impl<T: ValidateJson + ?Sized> Check for Json<'_, T> {
    #[inline]
    fn check(&self, path: &Path<'_>, report: &mut Report) {
        T::validate_json_at(self.0, path, report);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &Path<'_>, report: &mut Report) {
        for (i, item) in self.iter().enumerate() {
            if report.is_full() {
                break;
            }
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
        all_errors(Some(now), &Json::<Self>(value, PhantomData))
    }

    /// Checks `value` against the current time.
    fn validate_json(value: &serde_json::Value) -> Result<(), ValidationErrors> {
        all_errors(None, &Json::<Self>(value, PhantomData))
    }

    /// Whether `value` passes every check, against the current time: the
    /// verdict of [`validate_json`](Self::validate_json), found without
    /// collecting errors.
    fn is_valid_json(value: &serde_json::Value) -> bool {
        passes(&Json::<Self>(value, PhantomData))
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
    fn member_paths_render_as_key_paths_and_are_lent_when_constant() {
        let root = Path::ROOT;
        let (m, k) = (root.member("/a~1b~0c"), root.key("a/b~c"));
        let (mm, kk) = (m.member("/x"), k.key("x"));
        let (mi, ki) = (mm.index(7), kk.index(7));
        let (mim, kik) = (mi.member("/y"), ki.key("y"));
        for (member, key) in [(&m, &k), (&mm, &kk), (&mi, &ki), (&mim, &kik)] {
            assert_eq!(member.pointer(), key.to_pointer());
            assert_eq!(member.to_pointer(), key.to_pointer());
            assert_eq!(member.pointer_len(), member.to_pointer().len());
            // A path with a key the generated code did not name is rendered.
            assert!(matches!(key.pointer(), Cow::Owned(_)) || key.to_pointer().is_empty());
        }
        // A member of the root is its own segment; a chain of members is
        // made once and then lent; a path through an index is rendered.
        assert!(matches!(m.pointer(), Cow::Borrowed("/a~1b~0c")));
        let (Cow::Borrowed(first), Cow::Borrowed(again)) = (mm.pointer(), mm.pointer()) else {
            panic!("a chain of members is lent");
        };
        assert!(std::ptr::eq(first, again));
        assert_eq!(first, "/a~1b~0c/x");
        let other = root.member("/b");
        assert_eq!(other.member("/x").pointer(), "/b/x");
        // Three members deep: the parent's kept text, then this one's.
        let mmm = mm.member("/z");
        assert!(matches!(mmm.pointer(), Cow::Borrowed("/a~1b~0c/x/z")));
        assert!(matches!(
            mmm.member("/w").pointer(),
            Cow::Borrowed("/a~1b~0c/x/z/w")
        ));
        assert!(matches!(mi.pointer(), Cow::Owned(_)));
        assert!(matches!(mim.pointer(), Cow::Owned(_)));
        assert!(matches!(Path::ROOT.pointer(), Cow::Borrowed("")));
    }

    #[test]
    fn the_pointer_is_allocated_at_its_length_before_escapes() {
        let root = Path::ROOT;
        let keys = ["chats", "", "a/b~c", "é"];
        for index in [0, 9, 10, 99, 100, 12_345, usize::MAX] {
            for key in keys {
                let a = root.key(key);
                let b = a.index(index);
                let c = b.key("x");
                for p in [&a, &b, &c] {
                    // Each escape (`~0`, `~1`) is one `~` and one byte more.
                    let pointer = p.to_pointer();
                    let escapes = pointer.matches('~').count();
                    assert_eq!(p.pointer_len() + escapes, pointer.len(), "{p:?}");
                }
            }
        }
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

    #[test]
    fn messages_without_arguments_are_not_copied() {
        let mut r = Report::new(OffsetDateTime::UNIX_EPOCH);
        let p = Path::ROOT.key("a");
        r.push(&p, Code::Blank, Some("custom"), format_args!("x {}", 1));
        r.push(&p, Code::Blank, None, format_args!("can't be blank"));
        let bound = std::hint::black_box(5);
        r.push(
            &p,
            Code::Minimum,
            None,
            format_args!("must be at least {bound}"),
        );
        let kinds: Vec<bool> = r
            .errors()
            .iter()
            .map(|e| matches!(e.message, Cow::Borrowed(_)))
            .collect();
        assert_eq!(kinds, [true, true, false]);
        assert_eq!(r.errors()[2].message, "must be at least 5");
    }

    #[test]
    fn an_injected_now_is_kept_and_the_clock_is_read_once() {
        let fixed = OffsetDateTime::UNIX_EPOCH;
        assert_eq!(Report::new(fixed).now(), fixed);
        let r = Report::current_time();
        let first = r.now();
        assert!(first > fixed);
        std::thread::sleep(std::time::Duration::from_millis(2));
        assert_eq!(r.now(), first, "one pass, one now");
    }

    #[test]
    fn a_full_report_keeps_the_cap_counts_the_rest_and_says_so() {
        let mut r = Report::new(OffsetDateTime::UNIX_EPOCH).max_errors(2);
        for i in 0..5 {
            assert_eq!(r.is_full(), i >= 2);
            r.push(
                &Path::ROOT.index(i),
                Code::Required,
                None,
                format_args!("bad"),
            );
        }
        assert_eq!(r.omitted(), 3);
        let errs = r.into_result().unwrap_err();
        assert_eq!(errs.0.len(), 3);
        assert_eq!(errs.0[1].path, "/1");
        assert_eq!(errs.0[2].code, Code::Truncated);
        assert!(
            errs.0[2].message.contains("at least 3 more"),
            "{}",
            errs.0[2].message
        );
    }

    #[test]
    fn the_default_cap_is_a_thousand() {
        let mut r = Report::new(OffsetDateTime::UNIX_EPOCH);
        for i in 0..1500 {
            r.push(
                &Path::ROOT.index(i),
                Code::Required,
                None,
                format_args!("bad"),
            );
        }
        assert_eq!(r.errors().len(), DEFAULT_MAX_ERRORS);
        assert_eq!(r.omitted(), 500);
    }

    #[test]
    fn a_vec_stops_validating_items_once_the_report_is_full() {
        struct Counted<'a>(&'a std::cell::Cell<usize>);
        impl Validate for Counted<'_> {
            fn validate_at(&self, path: &Path<'_>, report: &mut Report) {
                self.0.set(self.0.get() + 1);
                report.push(path, Code::Required, None, format_args!("bad"));
            }
        }
        let visited = std::cell::Cell::new(0);
        let items: Vec<Counted<'_>> = (0..10_000).map(|_| Counted(&visited)).collect();
        let mut r = Report::new(OffsetDateTime::UNIX_EPOCH).max_errors(10);
        items.validate_at(&Path::ROOT, &mut r);
        assert_eq!(visited.get(), 10);
        // Stopping at the first error visits one item and keeps nothing.
        visited.set(0);
        let mut r = Report::new(OffsetDateTime::UNIX_EPOCH).stop_at_first();
        items.validate_at(&Path::ROOT, &mut r);
        assert_eq!((visited.get(), r.errors().len(), r.is_ok()), (1, 0, false));
        assert!(!items.is_valid());
        let none: Vec<Counted<'_>> = Vec::new();
        assert!(none.is_valid());
    }

    #[test]
    fn a_report_that_stops_at_the_first_error_still_says_it_failed() {
        let mut r = Report::new(OffsetDateTime::UNIX_EPOCH).stop_at_first();
        assert!(r.is_ok() && !r.is_full());
        r.push(
            &Path::ROOT.key("a"),
            Code::Required,
            None,
            format_args!("{}", 1),
        );
        r.push(
            &Path::ROOT.key("b"),
            Code::Required,
            None,
            format_args!("{}", 2),
        );
        assert!(!r.is_ok() && r.is_full() && r.errors().is_empty());
        assert_eq!(r.omitted(), 2);
        let errors = r.into_result().unwrap_err();
        assert_eq!(errors.0.len(), 1);
        assert_eq!(errors.0[0].code, Code::Truncated);
        assert_eq!(
            errors.0[0].message,
            "an error was found: the report keeps none"
        );
    }
}

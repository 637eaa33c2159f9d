//! Short names for generated code: the rules builders, the schema types
//! and the walker helpers, so each rules static is one line. A generated
//! module imports this module (`use ::specgen_runtime::rt;`) and nothing
//! else.

pub use crate::check::{
    match_runs, ByteClass, ClassRun, DateTimeBounds, ItemsRules, NumberRules, Pattern,
    PropertiesRules, RegexCell, RuleValue, StringFormat, StringRules,
};
#[cfg(feature = "client")]
pub use crate::client;
pub use crate::formats::DateTimeFormat;
pub use crate::registry::{self, payload, Success};
pub use crate::schema::{Array, Described, Field, Kind, Object, Role, Rule};
pub use crate::tristate::Tristate;
pub use crate::validate::{Path, Report, Validate, ValidationErrors};
pub use crate::walk::{At, Checked};
pub use crate::{closed_enum, record, setter, validate_methods, wire};
pub use serde;
pub use serde_json::{self, Value};
pub use time::OffsetDateTime;

/// A string with no constraint.
pub const TEXT: StringRules = StringRules::new();
/// A hyphenated UUID.
pub const UUID: StringRules = StringRules::format(StringFormat::Uuid);
/// An e-mail address.
pub const EMAIL: StringRules = StringRules::format(StringFormat::Email);
/// An E.164 phone number.
pub const PHONE: StringRules = StringRules::format(StringFormat::Phone);
/// Standard base64.
pub const BASE64: StringRules = StringRules::format(StringFormat::Base64);
/// A number with no constraint.
pub const NUMBER: NumberRules = NumberRules::new();
/// A free-form object with no rule on its member count.
pub const MEMBERS: PropertiesRules = PropertiesRules::new();

/// String rules, to chain: `rt::string().min_length(1)`; a format's own
/// rules chain the same way: `rt::EMAIL.max_length(80)`.
pub const fn string() -> StringRules {
    StringRules::new()
}

/// Date-time rules in `format`, to chain: `rt::datetime(..).not_future()`.
pub const fn datetime(format: DateTimeFormat) -> StringRules {
    StringRules::datetime(format)
}

/// Number rules, to chain: `rt::number().minimum(0.0)`.
pub const fn number() -> NumberRules {
    NumberRules::new()
}

/// Length rules of an array, to chain: `rt::items().max_items(10)`.
pub const fn items() -> ItemsRules {
    ItemsRules::new()
}

/// A regex pattern with the default message, compiled into `cell`.
pub const fn pattern(source: &'static str, cell: &'static RegexCell) -> Pattern {
    Pattern::regex(source, None, cell)
}

/// A regex pattern with the spec's message, compiled into `cell`.
pub const fn pattern_says(
    source: &'static str,
    message: &'static str,
    cell: &'static RegexCell,
) -> Pattern {
    Pattern::regex(source, Some(message), cell)
}

/// A pattern the generator proved to be runs of byte classes, decided by
/// `scan`, a generated function that calls [`match_runs`] on them (see
/// [`Pattern::scanned_runs`]), with the default message.
pub const fn class_pattern(source: &'static str, scan: fn(&[u8]) -> bool) -> Pattern {
    Pattern::scanned_runs(source, None, scan)
}

/// [`class_pattern`] with the spec's message.
pub const fn class_pattern_says(
    source: &'static str,
    message: &'static str,
    scan: fn(&[u8]) -> bool,
) -> Pattern {
    Pattern::scanned_runs(source, Some(message), scan)
}

/// [`ByteClass::bytes`], short for generated code.
pub const fn bytes(bytes: &[u8]) -> ByteClass {
    ByteClass::bytes(bytes)
}

/// [`ByteClass::ranges`], short for generated code.
pub const fn ranges(ranges: &[(u8, u8)]) -> ByteClass {
    ByteClass::ranges(ranges)
}

/// A run of `min..=max` bytes of `class`, for a class-run pattern: shorter
/// in generated code than `ClassRun::new(class, min, Some(max))`.
pub const fn run(class: ByteClass, min: usize, max: usize) -> ClassRun {
    ClassRun::new(class, min, Some(max))
}

/// A run of at least `min` bytes of `class`.
pub const fn run_from(class: ByteClass, min: usize) -> ClassRun {
    ClassRun::new(class, min, None)
}

/// Member-count rules of a free-form object, to chain: `rt::members().max_properties(5)`.
pub const fn members() -> PropertiesRules {
    PropertiesRules::new()
}

//! The inherent methods every generated type has, written by macros so that
//! generated code says one line per setter instead of five: `with_*`
//! setters, `clear_*` for tri-state fields, and `validate()` without a
//! trait import. Rustdoc still shows each method with its doc.
//!
//! ```
//! #[derive(Debug, Default)]
//! struct Chat {
//!     phone: Option<String>,
//!     tags: Option<Vec<String>>,
//!     tries: u8,
//!     due_at: specgen_runtime::Tristate<String>,
//! }
//! impl Chat {
//!     specgen_runtime::setter!(with_phone, phone, Some(text), "phone");
//!     specgen_runtime::setter!(with_tags, tags, Some([String]), "tags");
//!     specgen_runtime::setter!(with_tries, tries, u8, "tries");
//!     specgen_runtime::setter!(with_due_at, due_at, Value(text), "dueAt");
//!     specgen_runtime::setter!(clear_due_at, due_at, null, "dueAt");
//! }
//! let chat = Chat::default()
//!     .with_phone("+15550100")
//!     .with_tags(vec!["vip".to_owned()])
//!     .with_tries(3)
//!     .with_due_at("soon");
//! assert_eq!(chat.phone.as_deref(), Some("+15550100"));
//! assert_eq!(chat.tags, Some(vec!["vip".to_owned()]));
//! assert_eq!(chat.tries, 3);
//! assert_eq!(chat.due_at.value().map(String::as_str), Some("soon"));
//! assert!(chat.clear_due_at().due_at.is_null());
//! ```

/// One setter of a generated type, documented as setting the wire name:
/// `setter!(with_x, x, T, "x")` sets the field to the argument, of type `T`;
/// `Some(T)` sets an `Option` field to `Some`, `Value(T)` a tri-state field
/// to a value, and `setter!(clear_x, x, null, "x")` a tri-state field to
/// `null`.
///
/// The argument goes through `Into`, so the `Box<T>` of a recursive field
/// takes a `T`. `T` is written with commas and brackets only, which any
/// formatter prints as written: `text` stands for `impl Into<String>`, and
/// `[T]` for `Vec<T>`.
#[macro_export]
macro_rules! setter {
    ($clear:ident, $field:ident, null, $wire:literal) => {
        #[doc = concat!("Sets `", $wire, "` to `null`: sent as `null`, where an unset field is left out.")]
        #[must_use]
        pub fn $clear(mut self) -> Self {
            self.$field = $crate::Tristate::Null;
            self
        }
    };
    ($setter:ident, $field:ident, Some($($ty:tt)+), $wire:literal) => {
        #[doc = concat!("Sets `", $wire, "`.")]
        #[must_use]
        pub fn $setter(mut self, $field: $crate::setter!(@type $($ty)+)) -> Self {
            self.$field = ::core::option::Option::Some(::core::convert::Into::into($field));
            self
        }
    };
    ($setter:ident, $field:ident, Value($($ty:tt)+), $wire:literal) => {
        #[doc = concat!("Sets `", $wire, "`.")]
        #[must_use]
        pub fn $setter(mut self, $field: $crate::setter!(@type $($ty)+)) -> Self {
            self.$field = $crate::Tristate::Value(::core::convert::Into::into($field));
            self
        }
    };
    (@type text) => { impl ::core::convert::Into<::std::string::String> };
    (@type [$($item:tt)+]) => { ::std::vec::Vec<$crate::setter!(@type $($item)+)> };
    (@type $ty:ty) => { $ty };
    // `text`, `[T]` or a one-word type, then any other type.
    ($setter:ident, $field:ident, $ty:tt, $wire:literal) => {
        #[doc = concat!("Sets `", $wire, "`.")]
        #[must_use]
        pub fn $setter(mut self, $field: $crate::setter!(@type $ty)) -> Self {
            self.$field = ::core::convert::Into::into($field);
            self
        }
    };
    ($setter:ident, $field:ident, $ty:ty, $wire:literal) => {
        #[doc = concat!("Sets `", $wire, "`.")]
        #[must_use]
        pub fn $setter(mut self, $field: $ty) -> Self {
            self.$field = ::core::convert::Into::into($field);
            self
        }
    };
}

/// The inherent `validate` and `validate_with_now` of a generated type, so
/// that callers need no trait import; both call [`Validate`](crate::Validate).
///
/// ```
/// use specgen_runtime::{Path, Report, Validate};
///
/// struct Positive(i64);
/// impl Validate for Positive {
///     fn validate_at(&self, path: &Path<'_>, report: &mut Report) {
///         static RULES: specgen_runtime::rt::NumberRules = specgen_runtime::rt::number().minimum(1.0);
///         specgen_runtime::check::integer(self.0, &RULES, path, report);
///     }
/// }
/// impl Positive {
///     specgen_runtime::validate_methods!();
/// }
/// assert!(Positive(1).validate().is_ok());
/// assert!(Positive(0).validate_with_now(time::OffsetDateTime::UNIX_EPOCH).is_err());
/// ```
#[macro_export]
macro_rules! validate_methods {
    () => {
        /// Checks every constraint of the spec against the current time,
        /// and returns every error found (no trait import needed).
        pub fn validate(&self) -> ::core::result::Result<(), $crate::ValidationErrors> {
            $crate::Validate::validate(self)
        }
        /// Like `validate`, with `now` as the current time, for reproducible checks.
        pub fn validate_with_now(
            &self,
            now: $crate::time::OffsetDateTime,
        ) -> ::core::result::Result<(), $crate::ValidationErrors> {
            $crate::Validate::validate_with_now(self, now)
        }
        /// Whether every constraint of the spec holds, against the current
        /// time: `validate`'s verdict without its errors, so it allocates
        /// nothing and stops walking arrays at the first error.
        pub fn is_valid(&self) -> bool {
            $crate::Validate::is_valid(self)
        }
    };
}

//! The serde glue of typed fields whose wire text has a spec format:
//! date-times (RFC 3339 or a spec [`Layout`]) and UUIDs.
//!
//! Generated structs keep `time` and `uuid` types and name the format in
//! their [`record!`](crate::record!) line (`as rt::wire::Rfc3339`, `as
//! rt::wire::HyphenatedUuid`, or the API's `static` [`Layout`]); code that
//! derives serde names it in `#[serde(with = …)]`: [`rfc3339`] and [`uuid`]
//! here, or a two-function module around a [`Layout`], as below. The same
//! [`TextFormat::parse`] serves the JSON validator, so a typed parse and a
//! validation accept exactly the same strings.
//!
//! ```
//! use specgen_runtime::serde::{Deserialize, Serialize};
//! use specgen_runtime::time::OffsetDateTime;
//!
//! #[derive(Serialize, Deserialize)]
//! #[serde(crate = "specgen_runtime::serde")]
//! struct Event {
//!     #[serde(with = "specgen_runtime::wire::rfc3339")]
//!     at: OffsetDateTime,
//!     #[serde(with = "specgen_runtime::wire::rfc3339", default)]
//!     seen: Vec<OffsetDateTime>,
//! }
//!
//! let text = r#"{"at":"2017-03-10T01:19:23.5+02:00","seen":["2017-03-10T01:19:23Z"]}"#;
//! let event: Event = specgen_runtime::serde_json::from_str(text).unwrap();
//! assert_eq!(specgen_runtime::serde_json::to_string(&event).unwrap(), text);
//! assert!(specgen_runtime::serde_json::from_str::<Event>(r#"{"at":"2017-03-10 01:19:23Z"}"#).is_err());
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};
use time::{OffsetDateTime, PrimitiveDateTime};

use crate::datetime::{self, Layout};
use crate::Tristate;

/// A wire text format of one Rust type.
pub trait TextFormat {
    /// The Rust type.
    type Value;
    /// Reads the wire text; `None` if it is not in the format.
    fn parse(&self, s: &str) -> Option<Self::Value>;
    /// Writes the wire text; `None` if the format cannot say the value.
    fn write(&self, value: &Self::Value) -> Option<String>;
    /// The format, for messages: "a date-time in the form …".
    fn describe(&self) -> &str;
    /// The wire text of a value, for a path segment, header or form part;
    /// empty if the format cannot say it, which the typed validator rejects
    /// before anything is sent.
    fn text(&self, value: impl std::borrow::Borrow<Self::Value>) -> String {
        self.write(value.borrow()).unwrap_or_default()
    }
}

/// RFC 3339 date-times as `OffsetDateTime`, keeping the offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rfc3339;

impl TextFormat for Rfc3339 {
    type Value = OffsetDateTime;
    fn parse(&self, s: &str) -> Option<OffsetDateTime> {
        datetime::parse_rfc3339(s)
    }
    fn write(&self, value: &OffsetDateTime) -> Option<String> {
        datetime::format_rfc3339(*value)
    }
    fn describe(&self) -> &str {
        "a date-time in the form RFC 3339 (2017-03-10T01:19:23Z)"
    }
}

impl TextFormat for Layout<'_> {
    type Value = PrimitiveDateTime;
    fn parse(&self, s: &str) -> Option<PrimitiveDateTime> {
        Layout::parse(self, s)
    }
    fn write(&self, value: &PrimitiveDateTime) -> Option<String> {
        self.format(*value)
    }
    fn describe(&self) -> &str {
        self.source()
    }
}

/// Hyphenated UUIDs of any version, read case-insensitively and written in
/// lower case: exactly what the `uuid` format accepts, not the braced, URN
/// or unhyphenated forms that `uuid`'s own parser also takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HyphenatedUuid;

impl TextFormat for HyphenatedUuid {
    type Value = ::uuid::Uuid;
    fn parse(&self, s: &str) -> Option<::uuid::Uuid> {
        crate::formats::parse_uuid(s)
    }
    fn write(&self, value: &::uuid::Uuid) -> Option<String> {
        Some(value.hyphenated().to_string())
    }
    fn describe(&self) -> &str {
        "a UUID"
    }
}

/// A field type whose values travel as text in format `F`: the value
/// itself, or an `Option` or `Vec` of such.
pub trait Field<F: TextFormat>: Sized {
    /// Serializes with the format.
    fn serialize_as<S: Serializer>(&self, format: &F, serializer: S) -> Result<S::Ok, S::Error>;
    /// Deserializes with the format.
    fn deserialize_as<'de, D: Deserializer<'de>>(
        format: &F,
        deserializer: D,
    ) -> Result<Self, D::Error>;
}

macro_rules! scalar_field {
    ($format:ty, $value:ty) => {
        impl Field<$format> for $value {
            fn serialize_as<S: Serializer>(
                &self,
                format: &$format,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                match format.write(self) {
                    Some(text) => serializer.serialize_str(&text),
                    None => Err(serde::ser::Error::custom(format_args!(
                        "{self} cannot be written as {}",
                        format.describe()
                    ))),
                }
            }
            fn deserialize_as<'de, D: Deserializer<'de>>(
                format: &$format,
                deserializer: D,
            ) -> Result<Self, D::Error> {
                deserializer.deserialize_str(TextVisitor(format))
            }
        }
    };
}

scalar_field!(Rfc3339, OffsetDateTime);
scalar_field!(Layout<'_>, PrimitiveDateTime);
scalar_field!(HyphenatedUuid, ::uuid::Uuid);

struct TextVisitor<'a, F>(&'a F);

impl<F: TextFormat> Visitor<'_> for TextVisitor<'_, F> {
    type Value = F::Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.describe())
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<F::Value, E> {
        self.0
            .parse(s)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(s), &self))
    }
}

/// Serializes one value of a container with the container's format.
struct As<'a, F, T>(&'a F, &'a T);

impl<F: TextFormat, T: Field<F>> Serialize for As<'_, F, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.1.serialize_as(self.0, serializer)
    }
}

/// Deserializes one value of a container with the container's format.
struct Seed<'a, F, T>(&'a F, PhantomData<T>);

impl<'de, F: TextFormat, T: Field<F>> DeserializeSeed<'de> for Seed<'_, F, T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_as(self.0, deserializer)
    }
}

impl<F: TextFormat, T: Field<F>> Field<F> for Option<T> {
    fn serialize_as<S: Serializer>(&self, format: &F, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(v) => serializer.serialize_some(&As(format, v)),
            None => serializer.serialize_none(),
        }
    }
    fn deserialize_as<'de, D: Deserializer<'de>>(
        format: &F,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        struct OptionVisitor<'a, F, T>(&'a F, PhantomData<T>);
        impl<'de, F: TextFormat, T: Field<F>> Visitor<'de> for OptionVisitor<'_, F, T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "null or {}", self.0.describe())
            }
            fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
                T::deserialize_as(self.0, d).map(Some)
            }
        }
        deserializer.deserialize_option(OptionVisitor(format, PhantomData))
    }
}

/// A `tri_state` field: `Absent` is skipped by the field's attribute, so
/// only `null` or a value is ever read or written here.
impl<F: TextFormat, T: Field<F>> Field<F> for Tristate<T> {
    fn serialize_as<S: Serializer>(&self, format: &F, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Tristate::Value(v) => serializer.serialize_some(&As(format, v)),
            Tristate::Absent | Tristate::Null => serializer.serialize_none(),
        }
    }
    fn deserialize_as<'de, D: Deserializer<'de>>(
        format: &F,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize_as(format, deserializer)? {
            Some(v) => Tristate::Value(v),
            None => Tristate::Null,
        })
    }
}

impl<F: TextFormat, T: Field<F>> Field<F> for Vec<T> {
    fn serialize_as<S: Serializer>(&self, format: &F, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(|v| As(format, v)))
    }
    fn deserialize_as<'de, D: Deserializer<'de>>(
        format: &F,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        struct SeqVisitor<'a, F, T>(&'a F, PhantomData<T>);
        impl<'de, F: TextFormat, T: Field<F>> Visitor<'de> for SeqVisitor<'_, F, T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "an array of {}", self.0.describe())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                // Bounded: a hostile length hint must not reserve gigabytes.
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(v) = seq.next_element_seed(Seed(self.0, PhantomData))? {
                    out.push(v);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_seq(SeqVisitor(format, PhantomData))
    }
}

/// Serializes `value` in `format` (for a generated layout module).
pub fn serialize<F: TextFormat, T: Field<F>, S: Serializer>(
    value: &T,
    format: &F,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    value.serialize_as(format, serializer)
}

/// Deserializes a `T` in `format` (for a generated layout module).
pub fn deserialize<'de, F: TextFormat, T: Field<F>, D: Deserializer<'de>>(
    format: &F,
    deserializer: D,
) -> Result<T, D::Error> {
    T::deserialize_as(format, deserializer)
}

/// `#[serde(with = "specgen_runtime::wire::rfc3339")]`: RFC 3339 date-times
/// (`OffsetDateTime`, or an `Option` or `Vec` of them).
pub mod rfc3339 {
    use super::{Field, Rfc3339};
    use serde::{Deserializer, Serializer};

    /// Serializes in RFC 3339.
    pub fn serialize<T: Field<Rfc3339>, S: Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize_as(&Rfc3339, serializer)
    }

    /// Deserializes from RFC 3339.
    pub fn deserialize<'de, T: Field<Rfc3339>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        T::deserialize_as(&Rfc3339, deserializer)
    }
}

/// `#[serde(with = "specgen_runtime::wire::uuid")]`: hyphenated UUIDs
/// (`Uuid`, or an `Option` or `Vec` of them).
pub mod uuid {
    use super::{Field, HyphenatedUuid};
    use serde::{Deserializer, Serializer};

    /// Serializes as a lower-case hyphenated UUID.
    pub fn serialize<T: Field<HyphenatedUuid>, S: Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize_as(&HyphenatedUuid, serializer)
    }

    /// Deserializes a hyphenated UUID, in either case.
    pub fn deserialize<'de, T: Field<HyphenatedUuid>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        T::deserialize_as(&HyphenatedUuid, deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    static SPACED: Layout = Layout::new("YYYY-MM-DD hh:mm:ss");

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Typed {
        #[serde(
            serialize_with = "spaced::serialize",
            deserialize_with = "spaced::deserialize"
        )]
        start: PrimitiveDateTime,
        #[serde(with = "spaced", default)]
        ends: Option<Vec<PrimitiveDateTime>>,
        #[serde(with = "super::uuid")]
        id: ::uuid::Uuid,
        #[serde(
            with = "super::rfc3339",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        at: Option<OffsetDateTime>,
        #[serde(
            with = "super::uuid",
            default,
            skip_serializing_if = "Tristate::is_absent"
        )]
        owner: Tristate<::uuid::Uuid>,
    }

    mod spaced {
        use super::*;
        pub fn serialize<T: Field<Layout<'static>>, S: Serializer>(
            v: &T,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            super::super::serialize(v, &SPACED, s)
        }
        pub fn deserialize<'de, T: Field<Layout<'static>>, D: Deserializer<'de>>(
            d: D,
        ) -> Result<T, D::Error> {
            super::super::deserialize(&SPACED, d)
        }
    }

    #[test]
    fn canonical_wire_text_round_trips_byte_for_byte() {
        for text in [
            r#"{"start":"2024-02-29 23:59:59","ends":["2024-03-01 00:00:00"],"id":"bd4567f4-9b90-42e6-b282-7767af1ba581","at":"2017-03-10T01:19:23.25-05:30"}"#,
            r#"{"start":"0000-01-01 00:00:00","ends":null,"id":"00000000-0000-4000-8000-000000000000"}"#,
            r#"{"start":"2024-02-29 23:59:59","ends":null,"id":"00000000-0000-4000-8000-000000000000","owner":null}"#,
            r#"{"start":"2024-02-29 23:59:59","ends":null,"id":"00000000-0000-4000-8000-000000000000","owner":"bd4567f4-9b90-42e6-b282-7767af1ba581"}"#,
        ] {
            let typed: Typed = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&typed).unwrap(), text);
        }
    }

    #[test]
    fn a_typed_parse_rejects_what_the_formats_reject() {
        let good =
            json!({"start": "2024-02-29 23:59:59", "id": "BD4567F4-9B90-42E6-B282-7767AF1BA581"});
        let typed: Typed = serde_json::from_value(good).unwrap();
        assert_eq!(typed.id.to_string(), "bd4567f4-9b90-42e6-b282-7767af1ba581");
        for (field, bad) in [
            ("start", json!("2023-02-29 10:00:00")),
            ("start", json!("2023-02-28T10:00:00")),
            ("start", json!(17)),
            ("id", json!("{bd4567f4-9b90-42e6-b282-7767af1ba581}")),
            ("id", json!("bd4567f49b9042e6b2827767af1ba581")),
            ("id", json!("urn:uuid:bd4567f4-9b90-42e6-b282-7767af1ba581")),
            ("at", json!("2017-03-10 01:19:23Z")),
            ("owner", json!("{bd4567f4-9b90-42e6-b282-7767af1ba581}")),
        ] {
            let mut v = json!({"start": "2024-02-29 23:59:59", "id": "bd4567f4-9b90-42e6-b282-7767af1ba581"});
            v[field] = bad.clone();
            let err = serde_json::from_value::<Typed>(v).unwrap_err().to_string();
            assert!(err.contains("invalid"), "{field} = {bad}: {err}");
        }
    }

    #[test]
    fn a_tri_state_field_reads_absent_null_and_a_value_in_its_format() {
        let base =
            json!({"start": "2024-02-29 23:59:59", "id": "bd4567f4-9b90-42e6-b282-7767af1ba581"});
        let typed: Typed = serde_json::from_value(base.clone()).unwrap();
        assert_eq!(typed.owner, Tristate::Absent);
        let mut null = base.clone();
        null["owner"] = json!(null);
        let typed: Typed = serde_json::from_value(null).unwrap();
        assert_eq!(typed.owner, Tristate::Null);
        let mut upper = base;
        upper["owner"] = json!("BD4567F4-9B90-42E6-B282-7767AF1BA581");
        let typed: Typed = serde_json::from_value(upper).unwrap();
        assert_eq!(
            typed.owner.value().map(|u| u.to_string()).as_deref(),
            Some("bd4567f4-9b90-42e6-b282-7767af1ba581")
        );
    }

    #[test]
    fn a_value_the_format_cannot_say_fails_to_serialize_without_panicking() {
        let far = datetime::primitive_date_time(0).replace_year(-5).unwrap();
        let typed = Typed {
            start: far,
            ends: None,
            id: ::uuid::Uuid::nil(),
            at: None,
            owner: Tristate::Absent,
        };
        assert!(serde_json::to_string(&typed).is_err());
    }
}

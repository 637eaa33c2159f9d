//! The serde impls of generated structs and closed enums, written by the
//! [`record!`](crate::record!) and [`closed_enum!`](crate::closed_enum!)
//! macros.
//!
//! `#[derive(Serialize, Deserialize)]` writes a field enum, three key
//! visitors, a sequence visitor, a map visitor and a wrapper type per
//! `with` field: about thirty lines of generic code per field, which made
//! up about two thirds of `cargo check` on a generated crate (9 of 14 s at
//! 100 endpoints; BENCHMARKS.md, section 4c). A record is one
//! line per field here, and a few small generic calls per field after
//! expansion (count and write; read; check and take the slot); the loops,
//! key buffering and errors are this module's, compiled once.
//!
//! The wire behaviour is serde's derive for the attributes the generator
//! used to write: fields by wire name, unknown members ignored, a duplicate
//! member an error (`duplicate field`), a missing required member an error
//! (`missing field`), optional fields left out when absent.
//!
//! ```
//! use specgen_runtime::{record, Tristate};
//! use specgen_runtime::time::OffsetDateTime;
//!
//! #[derive(Debug, PartialEq)]
//! struct Chat {
//!     id: String,
//!     at: OffsetDateTime,
//!     note: Option<String>,
//!     tries: i64,
//!     due: Tristate<String>,
//! }
//! impl Chat {
//!     fn one() -> i64 { 1 }
//! }
//! record!(Chat {
//!     req(id "chatId"),
//!     req(at "at" as specgen_runtime::wire::Rfc3339),
//!     opt(note "note"),
//!     default(tries "tries" = one),
//!     opt(due "dueAt"),
//! });
//!
//! let text = r#"{"chatId":"c1","at":"2017-03-10T01:19:23Z","tries":1,"dueAt":null}"#;
//! let chat: Chat = serde_json::from_str(r#"{"chatId":"c1","at":"2017-03-10T01:19:23Z","dueAt":null,"x":[1]}"#).unwrap();
//! assert_eq!(chat.tries, 1);
//! assert!(chat.due.is_null());
//! assert_eq!(serde_json::to_string(&chat).unwrap(), text);
//! let missing = serde_json::from_str::<Chat>(r#"{"at":"2017-03-10T01:19:23Z"}"#).unwrap_err();
//! assert!(missing.to_string().starts_with("missing field `chatId`"));
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::wire::{Field, TextFormat};
use crate::Tristate;

/// A field's value written as text in the [`TextFormat`] `F` (date-times,
/// UUIDs).
struct Value<'a, T, F>(&'a T, &'a F);

impl<F: TextFormat, T: Field<F>> Serialize for Value<'_, T, F> {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_as(self.1, serializer)
    }
}

/// A field's value read as text in the [`TextFormat`] `F`.
struct Seed<'a, T, F>(&'a F, PhantomData<T>);

impl<'de, F: TextFormat, T: Field<F>> DeserializeSeed<'de> for Seed<'_, T, F> {
    type Value = T;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_as(self.0, deserializer)
    }
}

/// Whether an optional field is left out of the object: `None`, or a
/// tri-state field's `Absent` (its `Null` is written as `null`).
pub trait Absent {
    /// Whether the value is left out.
    fn absent(&self) -> bool;
}

impl<T> Absent for Option<T> {
    fn absent(&self) -> bool {
        self.is_none()
    }
}

impl<T> Absent for Tristate<T> {
    fn absent(&self) -> bool {
        self.is_absent()
    }
}

/// A struct being written: the serializer's struct state, or the first
/// error, which ends the writing (so generated code needs no `?` per field).
pub struct Out<S: Serializer>(Result<S::SerializeStruct, S::Error>);

impl<S: Serializer> Out<S> {
    /// Starts a struct of `len` members (the ones not left out).
    #[inline]
    pub fn begin(serializer: S, name: &'static str, len: usize) -> Self {
        Out(serializer.serialize_struct(name, len))
    }

    /// Ends the struct, or gives the first error.
    #[inline]
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.0?.end()
    }

    #[inline]
    fn member<T: Serialize>(&mut self, wire: &'static str, value: &T) {
        if let Ok(state) = &mut self.0 {
            if let Err(e) = state.serialize_field(wire, value) {
                self.0 = Err(e);
            }
        }
    }

    #[inline]
    fn skip(&mut self, wire: &'static str) {
        if let Ok(state) = &mut self.0 {
            if let Err(e) = state.skip_field(wire) {
                self.0 = Err(e);
            }
        }
    }
}

/// A member that must be present: a required field (nullable or not).
pub mod req {
    use super::*;

    /// Counts the member: always written.
    #[inline]
    pub fn present<T>(_: &T) -> usize {
        1
    }

    /// Whether the member was left out.
    #[inline]
    pub fn missing<T>(slot: &Option<T>) -> bool {
        slot.is_none()
    }

    /// The value read: [`record!`](crate::record!) has matched it out of
    /// its slot.
    #[inline]
    pub fn take<T>(value: T, _: ()) -> T {
        value
    }

    /// Writes the member.
    #[inline]
    pub fn write<S: Serializer, T: Serialize>(out: &mut Out<S>, wire: &'static str, value: &T) {
        out.member(wire, value)
    }

    /// Writes the member as text in `format`.
    #[inline]
    pub fn write_as<S: Serializer, F: TextFormat, T: Field<F>>(
        out: &mut Out<S>,
        wire: &'static str,
        value: &T,
        format: &F,
    ) {
        out.member(wire, &Value(value, format))
    }
}

/// An optional member: left out when absent, absent when left out.
pub mod opt {
    use super::*;

    /// Writes the member, or leaves it out when absent.
    #[inline]
    pub fn write<S: Serializer, T: Absent + Serialize>(
        out: &mut Out<S>,
        wire: &'static str,
        value: &T,
    ) {
        if value.absent() {
            out.skip(wire)
        } else {
            out.member(wire, value)
        }
    }

    /// Writes the member as text in `format`, or leaves it out when absent.
    #[inline]
    pub fn write_as<S: Serializer, F: TextFormat, T: Absent + Field<F>>(
        out: &mut Out<S>,
        wire: &'static str,
        value: &T,
        format: &F,
    ) {
        if value.absent() {
            out.skip(wire)
        } else {
            out.member(wire, &Value(value, format))
        }
    }

    /// Counts the member if it is written.
    #[inline]
    pub fn present<T: Absent>(value: &T) -> usize {
        usize::from(!value.absent())
    }

    /// Never missing.
    #[inline]
    pub fn missing<T>(_: &Option<T>) -> bool {
        false
    }

    /// The value read, or absent (`None`, `Tristate::Absent`).
    #[inline]
    pub fn take<T: Default>(slot: Option<T>, _: ()) -> T {
        slot.unwrap_or_default()
    }
}

/// A member with a spec default: always written, the default when left out.
pub mod default {
    pub use super::opt::missing;
    pub use super::req::{present, write, write_as};

    /// The value read, or the default.
    #[inline]
    pub fn take<T, F: FnOnce() -> T>(slot: Option<T>, (default,): (F,)) -> T {
        slot.unwrap_or_else(default)
    }
}

/// The `missing field` error for the first of `wires` whose flag is set:
/// serde's derive also names the first required field left out.
#[cold]
pub fn missing<E: de::Error>(flags: &[bool], wires: &[&'static str]) -> E {
    let first = flags.iter().zip(wires).find(|(missing, _)| **missing);
    E::missing_field(first.map_or("", |(_, wire)| *wire))
}

/// Pieces of [`record!`](crate::record!) chosen by a field's kind or
/// format: the pattern a slot is matched with when the record is finished
/// (a required member's value, any other slot as it is), and the write and
/// read of a member through its own serde impl or, with `as FORMAT`, as
/// text. Picking the function here, rather than passing an adapter value
/// that picks it by trait, saves a generic layer per field (about 6% of a
/// release build at 1,000 endpoints; BENCHMARKS.md, section 4b).
#[doc(hidden)]
#[macro_export]
macro_rules! __record {
    (slot req $field:ident) => {
        ::core::option::Option::Some($field)
    };
    (slot $kind:ident $field:ident) => {
        $field
    };
    (write $kind:ident $out:ident $wire:literal $value:tt []) => {
        $crate::record::$kind::write(&mut $out, $wire, $value)
    };
    (write $kind:ident $out:ident $wire:literal $value:tt [$format:path]) => {
        $crate::record::$kind::write_as(&mut $out, $wire, $value, &$format)
    };
    (read $map:ident $slot:tt $wire:literal []) => {
        $crate::record::read(&mut $map, $slot, $wire)
    };
    (read $map:ident $slot:tt $wire:literal [$format:path]) => {
        $crate::record::read_as(&mut $map, $slot, $wire, &$format)
    };
}

/// A generated struct read from a map: [`record!`](crate::record!) writes
/// `visit`, which reads members by wire name.
pub trait Record: Sized {
    /// The Rust name, for messages (`expected struct Chat`).
    const NAME: &'static str;
    /// The wire names, for formats that want them.
    const WIRE: &'static [&'static str];
    /// Reads the members.
    fn visit<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Deserializes a [`Record`].
pub fn deserialize<'de, T: Record, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::WIRE, RecordVisitor(PhantomData))
}

struct RecordVisitor<T>(PhantomData<T>);

impl<'de, T: Record> Visitor<'de> for RecordVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit(map)
    }
}

/// The longest key kept on the stack when the input cannot lend it.
const INLINE_KEY: usize = 22;

/// A member name: borrowed from the input where it can be, else copied to
/// the stack (or, past 22 bytes, the heap).
pub enum Key<'de> {
    /// Lent by the input.
    Borrowed(&'de str),
    /// Copied: its length and bytes.
    Inline(u8, [u8; INLINE_KEY]),
    /// Copied to the heap.
    Owned(String),
}

impl Key<'_> {
    /// The name.
    #[inline]
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Inline(len, bytes) => bytes
                .get(..usize::from(*len))
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or_default(),
            Key::Owned(s) => s,
        }
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        if v.len() <= INLINE_KEY {
            let mut bytes = [0; INLINE_KEY];
            bytes[..v.len()].copy_from_slice(v.as_bytes());
            // `v.len() <= INLINE_KEY < 256`.
            Ok(Key::Inline(v.len() as u8, bytes))
        } else {
            Ok(Key::Owned(v.to_owned()))
        }
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v))
    }
    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Key<'de>, E> {
        match std::str::from_utf8(v) {
            Ok(s) => Ok(Key::Borrowed(s)),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(v), &self)),
        }
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Key<'de>, E> {
        match std::str::from_utf8(v) {
            Ok(s) => self.visit_str(s),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(v), &self)),
        }
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// The next member's name, if any.
#[inline]
pub fn next_key<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Key<'de>>, A::Error> {
    map.next_key()
}

/// Reads the value of a known member into its slot; a second one is a
/// `duplicate field` error.
#[inline]
pub fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    wire: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(wire));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// [`read`] for a member written as text in `format`.
#[inline]
pub fn read_as<'de, A: MapAccess<'de>, F: TextFormat, T: Field<F>>(
    map: &mut A,
    slot: &mut Option<T>,
    wire: &'static str,
    format: &F,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(wire));
    }
    *slot = Some(map.next_value_seed(Seed(format, PhantomData))?);
    Ok(())
}

/// Skips the value of a member the type does not have.
#[inline]
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The serde impls of a generated struct, one entry per field:
/// `kind(field "wire")`, then `as FORMAT` for a typed scalar written as
/// text (`rt::wire::Rfc3339`, `rt::wire::HyphenatedUuid` or a generated
/// date-time `Layout`). The kinds: `req` (must be present; nullable ones
/// are `Option`s), `opt` (left out when `None` or `Tristate::Absent`) and
/// `default(field "wire" = default_fn)` (always written; `Type::default_fn()`
/// when left out).
#[macro_export]
macro_rules! record {
    ($ty:ident { $( $kind:ident($field:ident $wire:literal $( = $default:ident )? $( as $format:path )?) ),* $(,)? }) => {
        impl $crate::serde::Serialize for $ty {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                // Not written to when the struct has no field.
                #[allow(unused_mut)]
                let mut out = $crate::record::Out::begin(
                    serializer,
                    ::core::stringify!($ty),
                    0 $( + $crate::record::$kind::present(&self.$field) )*,
                );
                $( $crate::__record!(write $kind out $wire (&self.$field) [$($format)?]); )*
                out.end()
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::record::deserialize(deserializer)
            }
        }
        impl $crate::record::Record for $ty {
            const NAME: &'static str = ::core::stringify!($ty);
            const WIRE: &'static [&'static str] = &[$($wire),*];
            fn visit<'de, A: $crate::serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::core::result::Result<Self, A::Error> {
                $( let mut $field = ::core::option::Option::None; )*
                while let ::core::option::Option::Some(key) = $crate::record::next_key(&mut map)? {
                    // One `?` per struct, not one per field: each `?` is a
                    // `From` conversion of `A::Error` for the type checker
                    // (with the `match`es below, a fifth of `cargo check`).
                    let read = match key.as_str() {
                        $( $wire => $crate::__record!(read map (&mut $field) $wire [$($format)?]), )*
                        _ => $crate::record::skip(&mut map),
                    };
                    read?;
                }
                // One match over every slot, not a `return` per field: each
                // early return dropped the slots and values still live, a
                // ladder of drops that grew with the square of the fields.
                match ($($field,)*) {
                    ($( $crate::__record!(slot $kind $field), )*) => ::core::result::Result::Ok(Self {
                        $( $field: $crate::record::$kind::take($field, ($(Self::$default,)?)), )*
                    }),
                    // Unreachable when no field is required.
                    #[allow(unreachable_patterns)]
                    ($($field,)*) => ::core::result::Result::Err($crate::record::missing(
                        &[$( $crate::record::$kind::missing(&$field) ),*],
                        &[$($wire),*],
                    )),
                }
            }
        }
    };
}

/// The serde impls of a generated closed enum: its wire text, from its
/// `VALUES` and `as_str`; the variants are listed in the order of `VALUES`.
#[macro_export]
macro_rules! closed_enum {
    ($ty:ident { $( $variant:ident ),* $(,)? }) => {
        impl $crate::serde::Serialize for $ty {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::record::closed(deserializer, Self::VALUES, &[$(Self::$variant),*])
            }
        }
    };
}

/// Reads one of `wires`, giving the variant at the same index.
pub fn closed<'de, D: Deserializer<'de>, T: Copy>(
    deserializer: D,
    wires: &'static [&'static str],
    variants: &[T],
) -> Result<T, D::Error> {
    let index = deserializer.deserialize_str(VariantVisitor(wires))?;
    variants
        .get(index)
        .copied()
        .ok_or_else(|| de::Error::custom("a variant without a value"))
}

struct VariantVisitor(&'static [&'static str]);

impl<'de> Visitor<'de> for VariantVisitor {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("one of ")?;
        for (i, w) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{w}`")?;
        }
        Ok(())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        match self.0.iter().position(|w| *w == v) {
            Some(i) => Ok(i),
            None => Err(E::unknown_variant(v, self.0)),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::datetime::Layout;
    use crate::wire::{HyphenatedUuid, Rfc3339};
    use crate::Tristate;
    use serde::{Deserialize, Serialize};
    use time::{OffsetDateTime, PrimitiveDateTime};

    static DAY: Layout = Layout::new("YYYY-MM-DD hh:mm:ss");

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Mode {
        Fast,
        Slow,
    }
    impl Mode {
        const VALUES: &'static [&'static str] = &["fast", "slow-ish"];
        fn as_str(&self) -> &'static str {
            match self {
                Mode::Fast => "fast",
                Mode::Slow => "slow-ish",
            }
        }
    }
    crate::closed_enum!(Mode { Fast, Slow });

    #[derive(Debug, Clone, PartialEq)]
    struct Chat {
        id: String,
        at: OffsetDateTime,
        when: Option<PrimitiveDateTime>,
        owners: Option<Vec<uuid::Uuid>>,
        note: Option<String>,
        cleared: Option<String>,
        due: Tristate<i64>,
        tries: i64,
        mode: Mode,
        inner: Option<Box<Chat>>,
    }
    impl Chat {
        fn tries_default() -> i64 {
            3
        }
    }
    crate::record!(Chat {
        req(id "chatId"),
        req(at "at" as Rfc3339),
        opt(when "when" as DAY),
        opt(owners "owners" as HyphenatedUuid),
        opt(note "note"),
        req(cleared "cleared"),
        opt(due "due"),
        default(tries "tries" = tries_default),
        req(mode "mode"),
        opt(inner "inner"),
    });

    /// The same wire contract, written with serde's derive and the
    /// attributes the generator wrote before `record!`.
    #[derive(Debug, Serialize, Deserialize)]
    struct Derived {
        #[serde(rename = "chatId")]
        id: String,
        #[serde(with = "crate::wire::rfc3339")]
        at: OffsetDateTime,
        #[serde(with = "day", default, skip_serializing_if = "Option::is_none")]
        when: Option<PrimitiveDateTime>,
        #[serde(
            with = "crate::wire::uuid",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        owners: Option<Vec<uuid::Uuid>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        #[serde(deserialize_with = "crate::required_nullable")]
        cleared: Option<String>,
        #[serde(default, skip_serializing_if = "Tristate::is_absent")]
        due: Tristate<i64>,
        #[serde(default = "three")]
        tries: i64,
        mode: DerivedMode,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        inner: Option<Box<Derived>>,
    }
    fn three() -> i64 {
        3
    }
    #[derive(Debug, Serialize, Deserialize)]
    enum DerivedMode {
        #[serde(rename = "fast")]
        Fast,
        #[serde(rename = "slow-ish")]
        Slow,
    }
    mod day {
        use super::DAY;
        use crate::datetime::Layout;
        use crate::wire::Field;
        pub fn serialize<T: Field<Layout<'static>>, S: serde::Serializer>(
            v: &T,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            crate::wire::serialize(v, &DAY, s)
        }
        pub fn deserialize<'de, T: Field<Layout<'static>>, D: serde::Deserializer<'de>>(
            d: D,
        ) -> Result<T, D::Error> {
            crate::wire::deserialize(&DAY, d)
        }
    }

    const INPUTS: &[&str] = &[
        r#"{"chatId":"c1","at":"2017-03-10T01:19:23Z","cleared":null,"mode":"fast"}"#,
        r#"{"chatId":"c1","at":"2017-03-10T01:19:23.5+02:00","when":"2024-02-29 23:59:59","owners":["bd4567f4-9b90-42e6-b282-7767af1ba581"],"note":"n","cleared":"x","due":null,"tries":7,"mode":"slow-ish","inner":{"chatId":"c2","at":"2017-03-10T01:19:23Z","cleared":null,"mode":"fast","due":5}}"#,
        // Unknown members are skipped, whatever their value.
        r#"{"x":{"y":[1,2,{"z":null}]},"chatId":"c1","at":"2017-03-10T01:19:23Z","cleared":null,"mode":"fast","w":1}"#,
        // Escaped member names: the parser cannot lend them.
        r#"{"chat\u0049d":"c1","\u0061t":"2017-03-10T01:19:23Z","cleared":null,"mode":"fast","\u0078xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx":1}"#,
        // Errors: missing, duplicate, wrong types, bad formats, unknown variant.
        r#"{"at":"2017-03-10T01:19:23Z","cleared":null,"mode":"fast"}"#,
        r#"{"chatId":"c1","at":"2017-03-10T01:19:23Z","mode":"fast"}"#,
        r#"{"chatId":"c1","chatId":"c2","at":"2017-03-10T01:19:23Z","cleared":null,"mode":"fast"}"#,
        r#"{"chatId":1,"at":"2017-03-10T01:19:23Z","cleared":null,"mode":"fast"}"#,
        r#"{"chatId":"c1","at":"2017-03-10 01:19:23","cleared":null,"mode":"fast"}"#,
        r#"{"chatId":"c1","at":"2017-03-10T01:19:23Z","when":"2023-02-29 00:00:00","cleared":null,"mode":"fast"}"#,
        r#"{"chatId":"c1","at":"2017-03-10T01:19:23Z","owners":["nope"],"cleared":null,"mode":"fast"}"#,
        r#"{"chatId":"c1","at":"2017-03-10T01:19:23Z","cleared":null,"mode":"slow"}"#,
        r#"{"chatId":"c1","at":"2017-03-10T01:19:23Z","cleared":null,"mode":"fast","tries":"3"}"#,
        r#"{"chatId":"c1","at":"2017-03-10T01:19:23Z","cleared":null,"mode":"fast","inner":{}}"#,
        r#"{"chatId":"c1","at":"2017-03-10T01:19:23Z","cleared":null,"mode":"fast""#,
    ];

    #[test]
    fn records_read_and_write_what_serde_derive_reads_and_writes() {
        for input in INPUTS {
            let ours = serde_json::from_str::<Chat>(input);
            let derived = serde_json::from_str::<Derived>(input);
            match (&ours, &derived) {
                (Ok(ours), Ok(derived)) => {
                    let ours_text = serde_json::to_string(ours).unwrap();
                    assert_eq!(
                        ours_text,
                        serde_json::to_string(derived).unwrap(),
                        "{input}"
                    );
                    // And the value reads back to itself.
                    assert_eq!(&serde_json::from_str::<Chat>(&ours_text).unwrap(), ours);
                }
                (Err(ours), Err(derived)) => {
                    // The same error at the same place, except that a
                    // derived enum says it wants a variant identifier.
                    let (o, d) = (ours.to_string(), derived.to_string());
                    assert_eq!(
                        o.split(" at line").next(),
                        d.split(" at line").next(),
                        "{input}"
                    );
                    assert_eq!(
                        (ours.line(), ours.column()),
                        (derived.line(), derived.column()),
                        "{input}"
                    );
                }
                _ => panic!("{input}: ours {ours:?}, derived {derived:?}"),
            }
        }
    }

    #[test]
    fn records_read_from_readers_and_values_whose_names_are_not_lent() {
        for input in INPUTS {
            let from_str = serde_json::from_str::<Chat>(input).ok();
            let from_reader = serde_json::from_reader::<_, Chat>(input.as_bytes()).ok();
            assert_eq!(from_reader, from_str, "{input}");
            // A `Value` keeps the last of duplicate members, so compare it
            // with its own text.
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(input) {
                let text = value.to_string();
                let from_value = serde_json::from_value::<Chat>(value).ok();
                assert_eq!(
                    from_value,
                    serde_json::from_str::<Chat>(&text).ok(),
                    "{input}"
                );
            }
        }
    }

    #[derive(Debug, PartialEq)]
    struct AllOptional {
        note: Option<String>,
        tries: i64,
    }
    impl AllOptional {
        fn one() -> i64 {
            1
        }
    }
    crate::record!(AllOptional { opt(note "note"), default(tries "tries" = one) });

    #[derive(Debug, PartialEq)]
    struct Empty {}
    crate::record!(Empty {});

    #[test]
    fn records_without_required_fields_take_anything_and_name_the_first_missing_one() {
        // No field required: the missing-field arm cannot match, and the
        // macro says so without a warning (clippy runs with -D warnings).
        let all = serde_json::from_str::<AllOptional>("{}").unwrap();
        assert_eq!(
            all,
            AllOptional {
                note: None,
                tries: 1
            }
        );
        assert_eq!(
            serde_json::from_str::<Empty>(r#"{"x":1}"#).unwrap(),
            Empty {}
        );
        assert_eq!(serde_json::to_string(&Empty {}).unwrap(), "{}");
        // Several missing: the first in field order, as serde's derive says.
        let err = serde_json::from_str::<Chat>(r#"{"mode":"fast"}"#).unwrap_err();
        assert!(
            err.to_string().starts_with("missing field `chatId`"),
            "{err}"
        );
        let err = serde_json::from_str::<Chat>(r#"{"chatId":"c","mode":"fast"}"#).unwrap_err();
        assert!(err.to_string().starts_with("missing field `at`"), "{err}");
        let text = r#"{"chatId":"c","at":"2017-03-10T01:19:23Z","mode":"fast"}"#;
        let err = serde_json::from_str::<Chat>(text).unwrap_err();
        assert!(
            err.to_string().starts_with("missing field `cleared`"),
            "{err}"
        );
    }

    #[test]
    fn a_record_is_an_object_and_says_so() {
        let err = serde_json::from_str::<Chat>("[1]").unwrap_err().to_string();
        assert!(
            err.starts_with("invalid type: sequence, expected struct Chat"),
            "{err}"
        );
        let err = serde_json::from_str::<Mode>("\"medium\"")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("unknown variant `medium`, expected `fast` or `slow-ish`"),
            "{err}"
        );
    }
}

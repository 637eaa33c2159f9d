//! [`Tristate`]: a field where absent, `null` and a value are three states.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The Rust type of a `tri_state` field: PATCH-style APIs tell "leave it as
/// it is" (absent) from "clear it" (`null`) and "set it" (a value), which an
/// `Option` cannot.
///
/// Generated structs list such a field as `opt(...)` in their
/// [`record!`](crate::record!) (with serde's derive: `#[serde(default,
/// skip_serializing_if = "Tristate::is_absent")]`), so it round-trips
/// exactly: absent is left out, `Null` is written as `null`.
///
/// ```
/// use specgen_runtime::Tristate;
///
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Patch {
///     #[serde(default, skip_serializing_if = "Tristate::is_absent")]
///     due_at: Tristate<String>,
/// }
///
/// let absent: Patch = serde_json::from_str("{}").unwrap();
/// let null: Patch = serde_json::from_str(r#"{"due_at":null}"#).unwrap();
/// assert!(absent.due_at.is_absent() && null.due_at.is_null());
/// assert_eq!(serde_json::to_string(&absent).unwrap(), "{}");
/// assert_eq!(serde_json::to_string(&null).unwrap(), r#"{"due_at":null}"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Tristate<T> {
    /// Left out of the JSON object.
    #[default]
    Absent,
    /// Sent as `null`.
    Null,
    /// Sent as the value.
    Value(T),
}

impl<T> Tristate<T> {
    /// Whether the field is left out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Tristate::Absent)
    }

    /// Whether the field is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Tristate::Null)
    }

    /// Whether the field holds a value.
    pub fn is_value(&self) -> bool {
        matches!(self, Tristate::Value(_))
    }

    /// The value, if there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Tristate::Value(v) => Some(v),
            Tristate::Absent | Tristate::Null => None,
        }
    }

    /// The value, if there is one, by value.
    pub fn into_value(self) -> Option<T> {
        match self {
            Tristate::Value(v) => Some(v),
            Tristate::Absent | Tristate::Null => None,
        }
    }
}

impl<T: Serialize> Serialize for Tristate<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Absent is skipped by the field's attribute; alone it is null.
            Tristate::Absent | Tristate::Null => serializer.serialize_none(),
            Tristate::Value(v) => serializer.serialize_some(v),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Tristate<T> {
    /// Called only for a member that is there (`#[serde(default)]` gives
    /// `Absent` otherwise): `null` or a value.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(v) => Tristate::Value(v),
            None => Tristate::Null,
        })
    }
}

/// `deserialize_with` for a field that is required and nullable: unlike a
/// plain `Option`, which serde reads as `None` when the member is missing,
/// the member must be there (`null` or a value), as the JSON validator and
/// the exported schema require.
pub fn required_nullable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer)
}

#[cfg(test)]
mod tests {
    use super::Tristate;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Closed {
        #[serde(deserialize_with = "super::required_nullable")]
        by: Option<String>,
    }

    #[test]
    fn a_required_nullable_member_may_be_null_but_not_missing() {
        assert_eq!(
            serde_json::from_str::<Closed>(r#"{"by":null}"#).unwrap(),
            Closed { by: None }
        );
        assert!(serde_json::from_str::<Closed>("{}").is_err());
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Tristate::is_absent")]
        n: Tristate<i64>,
    }

    #[test]
    fn absent_null_and_value_read_and_write_back_exactly() {
        for (text, state) in [
            ("{}", Tristate::Absent),
            (r#"{"n":null}"#, Tristate::Null),
            (r#"{"n":7}"#, Tristate::Value(7)),
        ] {
            let read: Patch = serde_json::from_str(text).unwrap();
            assert_eq!(read, Patch { n: state });
            assert_eq!(serde_json::to_string(&read).unwrap(), text);
        }
    }

    #[test]
    fn a_wrong_type_is_an_error_not_null() {
        assert!(serde_json::from_str::<Patch>(r#"{"n":"x"}"#).is_err());
    }
}

//! Static descriptions of generated types, for the JSON validator.
//!
//! Generated code describes each object type as one `static` [`Object`]:
//! its fields (wire name, presence, [`Kind`]) and its cross-field [`Rule`]s.
//! One generic walker, [`crate::walk`], checks any JSON value against such a
//! description, so the generated JSON validator is data, not a `match` tree
//! per field. Statics refer to each other by reference, so recursive types
//! are cycles of statics.
//!
//! ```
//! use specgen_runtime::check::StringRules;
//! use specgen_runtime::schema::{Field, Kind, Object};
//!
//! static NAME: StringRules = StringRules::new().min_length(1);
//! static PERSON: Object = Object::new(&[Field::required("name", Kind::String(&NAME))]);
//!
//! let mut report = specgen_runtime::Report::new(time::OffsetDateTime::UNIX_EPOCH);
//! let value = serde_json::json!({"name": ""});
//! specgen_runtime::walk::object(&value, &PERSON, &specgen_runtime::Path::ROOT, &mut report);
//! assert_eq!(report.errors()[0].path, "/name");
//! ```

use crate::check::{ItemsRules, NumberRules, PropertiesRules, RuleValue, StringRules};
use crate::walk::At;

/// What a value must be, and its constraints.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A string (also date-times, uuids, e-mails, phones and base64 bytes).
    String(&'static StringRules),
    /// A whole number that fits an `i64`.
    Integer(&'static NumberRules),
    /// Any number.
    Number(&'static NumberRules),
    /// `true` or `false`.
    Boolean,
    /// Any JSON value, `null` included.
    Any,
    /// A free-form JSON object, with rules on its member count.
    Members(&'static PropertiesRules),
    /// A string enum; an open one accepts any string.
    Enum {
        /// The allowed values, in spec order.
        values: &'static [&'static str],
        /// Whether values not listed are accepted.
        open: bool,
    },
    /// An array.
    Array(&'static Array),
    /// An object of a generated type.
    Object(&'static Object),
}

impl Kind {
    /// A closed enum of `values`.
    pub const fn closed(values: &'static [&'static str]) -> Self {
        Kind::Enum {
            values,
            open: false,
        }
    }

    /// An open enum: `values` are documented, any string is accepted.
    pub const fn open(values: &'static [&'static str]) -> Self {
        Kind::Enum { values, open: true }
    }

    /// The JSON Schema type name used in "expected ..." messages.
    pub const fn type_name(&self) -> &'static str {
        match self {
            Kind::String(_) | Kind::Enum { .. } => "string",
            Kind::Integer(_) => "integer",
            Kind::Number(_) => "number",
            Kind::Boolean => "boolean",
            Kind::Any => "value",
            Kind::Array(_) => "array",
            Kind::Object(_) | Kind::Members(_) => "object",
        }
    }

    /// Whether the value is sent as text (a string or an enum), so path
    /// and header checks apply to it.
    pub const fn is_text(&self) -> bool {
        matches!(self, Kind::String(_) | Kind::Enum { .. })
    }
}

/// An array: the rules on its length and the kind of its items.
#[derive(Debug)]
pub struct Array {
    /// Length rules.
    pub len: ItemsRules,
    /// Every item's kind.
    pub items: Kind,
}

impl Array {
    /// An array of `items` with no length rule.
    pub const fn of(items: Kind) -> Self {
        Array {
            len: ItemsRules::new(),
            items,
        }
    }

    /// The same array with length rules `len`.
    pub const fn len(mut self, len: ItemsRules) -> Self {
        self.len = len;
        self
    }
}

/// One member of an object.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The wire name.
    pub wire: &'static str,
    /// What the value must be.
    pub kind: Kind,
    /// Whether it must be present.
    pub required: bool,
    /// Whether `null` is accepted (always, for [`Kind::Any`]).
    pub nullable: bool,
}

impl Field {
    /// A field that must be present.
    pub const fn required(wire: &'static str, kind: Kind) -> Self {
        Field {
            wire,
            kind,
            required: true,
            nullable: false,
        }
    }

    /// A field that may be absent.
    pub const fn optional(wire: &'static str, kind: Kind) -> Self {
        Field {
            wire,
            kind,
            required: false,
            nullable: false,
        }
    }

    /// The same field, accepting `null`.
    pub const fn nullable(mut self) -> Self {
        self.nullable = true;
        self
    }
}

/// Where an object's fields travel, which adds checks on their text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Anywhere JSON goes.
    Any,
    /// Path segments: text must not be empty.
    PathParams,
    /// Request headers: text must be a valid header value.
    Headers,
}

/// A cross-field rule over fields of the object or of objects inside it,
/// each named by its wire path from the object (`["requester", "email"]`).
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// At least one of the fields is present.
    AtLeastOneOf {
        /// The fields.
        fields: &'static [&'static [&'static str]],
        /// The spec's message.
        message: Option<&'static str>,
        /// The default message.
        text: &'static str,
    },
    /// Exactly one of the fields is present.
    ExactlyOneOf {
        /// The fields.
        fields: &'static [&'static [&'static str]],
        /// The spec's message.
        message: Option<&'static str>,
        /// The default message.
        text: &'static str,
    },
    /// `field` is present when `when` equals `equals`.
    RequiredIf {
        /// The field that becomes required.
        field: &'static [&'static str],
        /// The field whose value is tested.
        when: &'static [&'static str],
        /// The value that makes `field` required.
        equals: RuleValue<'static>,
        /// The spec's message.
        message: Option<&'static str>,
        /// The default message.
        text: &'static str,
    },
}

/// An object type: its fields in spec order, its rules and its role.
#[derive(Debug)]
pub struct Object {
    /// The fields, in spec order.
    pub fields: &'static [Field],
    /// The cross-field rules, in spec order.
    pub rules: &'static [Rule],
    /// Where its fields travel.
    pub role: Role,
}

impl Object {
    /// An object with `fields`, no rule, travelling anywhere.
    pub const fn new(fields: &'static [Field]) -> Self {
        Object {
            fields,
            rules: &[],
            role: Role::Any,
        }
    }

    /// The same object with cross-field `rules`.
    pub const fn rules(mut self, rules: &'static [Rule]) -> Self {
        self.rules = rules;
        self
    }

    /// The same object in `role`.
    pub const fn role(mut self, role: Role) -> Self {
        self.role = role;
        self
    }
}

/// Implemented by every generated type: its description and its typed
/// checks, which give it [`Validate`](crate::Validate) and
/// [`ValidateJson`](crate::ValidateJson) through blanket impls.
pub trait Described {
    /// What a JSON value of this type must be.
    const KIND: Kind;

    /// Checks the fields of a typed value; the typed validator, generated
    /// as one call per constrained field. Nothing by default (enums have
    /// nothing to check once typed).
    fn validate_fields(&self, at: &mut At<'_>) {
        let _ = at;
    }
}

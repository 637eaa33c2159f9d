//! The intermediate representation: resolved, named and checked specs.
//!
//! Codegen and export read only this, never the raw YAML model. Every
//! reference is resolved to an index, every name is decided, and every node
//! that a later diagnostic could point at keeps its [`Loc`].

use crate::diag::Loc;

/// All APIs of one run, in file-name order.
#[derive(Debug, Clone)]
pub struct Apis {
    /// One entry per spec file.
    pub apis: Vec<Api>,
}

/// One API (one spec file).
#[derive(Debug, Clone)]
pub struct Api {
    /// The `api` key: the module name and the registry prefix.
    pub name: String,
    /// The Rust module name.
    pub module: String,
    /// The file it came from.
    pub file: String,
    /// Human title.
    pub title: String,
    /// Long description.
    pub doc: Option<String>,
    /// The default base URL, if all users share one host.
    pub base_url: Option<String>,
    /// Wire protocol.
    pub protocol: Protocol,
    /// How credentials are sent.
    pub auth: Auth,
    /// Endpoints in spec order.
    pub endpoints: Vec<Endpoint>,
    /// Named types in spec order; [`ShapeKind::Named`] indexes into this.
    pub types: Vec<TypeDef>,
    /// How the API answers refused requests (spec or protocol defaults).
    pub error_dialect: ErrorDialect,
}

/// The answers an API gives to requests it refuses, as templates.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorDialect {
    /// The answer to a request that fails validation.
    pub invalid: ErrorAnswer,
    /// The answer to a request without usable credentials.
    pub unauthorized: ErrorAnswer,
}

/// One refusal: an HTTP status and a body template. For JSON-RPC the body
/// is the envelope's `error` member and the status is 200.
///
/// In the template, an array item `{"each_error": T}` becomes one `T` per
/// validation error, with `{path}`, `{field}`, `{code}` and `{message}`
/// replaced in its strings.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorAnswer {
    /// HTTP status.
    pub status: u16,
    /// The body template.
    pub body: serde_json::Value,
}

/// One piece of an endpoint's path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPiece {
    /// Literal text, as written.
    Literal(String),
    /// A `{name}` segment.
    Param(String),
}

/// The pieces of a checked path template, `/a/{b}` -> `/a/`, `{b}`.
pub fn path_pieces(path: &str) -> Vec<PathPiece> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            out.push(PathPiece::Literal(rest[..open].to_owned()));
        }
        out.push(PathPiece::Param(rest[open + 1..close].to_owned()));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(PathPiece::Literal(rest.to_owned()));
    }
    out
}

/// Wire protocol of an API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// REST with a JSON body.
    RestJson,
    /// REST with a multipart/form-data body.
    RestMultipart,
    /// JSON-RPC 2.0 over HTTP POST.
    JsonRpc,
}

/// How credentials are sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// No credentials.
    None,
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// A named header holding the key.
    ApiKeyHeader(String),
    /// A member of the JSON body (`params` for JSON-RPC).
    ParamsField(String),
}

/// One endpoint.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// Spec name (snake_case), also the registry name.
    pub name: String,
    /// Rust method name.
    pub rust_name: String,
    /// UpperCamelCase prefix for the endpoint's generated types.
    pub type_prefix: String,
    /// One-line summary.
    pub summary: Option<String>,
    /// Long description.
    pub doc: Option<String>,
    /// HTTP method (`POST` for JSON-RPC).
    pub method: String,
    /// Path relative to the base URL.
    pub path: String,
    /// The object type whose fields fill the path's `{name}` segments.
    pub path_params: Option<usize>,
    /// The query object type.
    pub query: Option<usize>,
    /// The object type whose fields are sent as request headers.
    pub headers: Option<usize>,
    /// The body object type (`params` for JSON-RPC).
    pub body: Option<usize>,
    /// REST responses or a JSON-RPC result.
    pub kind: EndpointKind,
    /// The `Accept` header sent: the spec's, else `application/json` when a
    /// JSON body can come back, else `*/*`.
    pub accept: String,
    /// Where the endpoint is defined.
    pub loc: Loc,
}

/// What an endpoint answers.
#[derive(Debug, Clone)]
pub enum EndpointKind {
    /// Responses keyed by status, in spec order.
    Rest(Vec<Response>),
    /// A JSON-RPC method and its result type.
    JsonRpc {
        /// The `method` member of the envelope.
        rpc_method: String,
        /// The `result` shape.
        result: Box<Shape>,
    },
}

/// One documented response.
#[derive(Debug, Clone)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Whether this status is an error.
    pub error: bool,
    /// Its description.
    pub doc: Option<String>,
    /// Its body; `None` for no content.
    pub body: Option<Shape>,
    /// The enum variant name for it.
    pub variant: String,
}

/// A named type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Spec name.
    pub name: String,
    /// Rust name.
    pub rust_name: String,
    /// Doc comment.
    pub doc: Option<String>,
    /// Object or enum.
    pub kind: TypeKind,
    /// Where the object travels, when not in a body or query.
    pub role: TypeRole,
    /// A sample value from the spec.
    pub example: Option<Example>,
    /// Where it is defined.
    pub loc: Loc,
}

/// Where an object type's fields travel; a path or header type is used in
/// that one place only, because its values get that place's checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TypeRole {
    /// Anywhere JSON goes: a body, a query, a member, a response.
    #[default]
    Any,
    /// Path segments: each value must be non-empty.
    PathParams,
    /// Request headers: each value must be a valid header value.
    Headers,
}

/// The body of a named type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// A JSON object.
    Object {
        /// Fields in spec order.
        fields: Vec<Field>,
        /// Cross-field rules.
        rules: Vec<Rule>,
    },
    /// A string enum.
    Enum {
        /// Allowed values in spec order.
        values: Vec<EnumValue>,
        /// Whether unknown values are kept.
        open: bool,
    },
}

/// One enum value.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// The wire value.
    pub wire: String,
    /// The Rust variant.
    pub rust: String,
    /// Doc comment.
    pub doc: Option<String>,
}

/// One object field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Wire name.
    pub wire: String,
    /// Rust name.
    pub rust: String,
    /// Doc comment.
    pub doc: Option<String>,
    /// Type and constraints.
    pub shape: Shape,
    /// Must be present.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// The value assumed when absent.
    pub default: Option<serde_json::Value>,
    /// Absent, `null` and a value are three states (`tri_state: true`):
    /// the Rust field is a `specgen_runtime::Tristate`, not an `Option`.
    /// Such a field is optional and nullable, with no default.
    pub tri_state: bool,
    /// Whether the Rust field holds its object in a `Box`, because the
    /// object (directly or through others) contains the field's own type.
    pub boxed: bool,
    /// A sample value from the spec.
    pub example: Option<Example>,
    /// Where it is defined.
    pub loc: Loc,
}

impl Field {
    /// Whether the Rust field is an `Option`.
    pub fn is_option(&self) -> bool {
        !self.tri_state && (self.nullable || (!self.required && self.default.is_none()))
    }

    /// Whether the Rust field may hold no value (an `Option` or a
    /// `Tristate`).
    pub fn may_be_unset(&self) -> bool {
        self.tri_state || self.is_option()
    }
}

/// An `example:` value, checked against its own constraints.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The value, as JSON.
    pub value: serde_json::Value,
    /// Where it is written.
    pub loc: Loc,
}

/// A type with its constraints.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The type.
    pub kind: ShapeKind,
    /// Constraints on it.
    pub constraints: Constraints,
}

/// The kinds of value.
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    /// Any string.
    String,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// `true`/`false`.
    Boolean,
    /// A date-time string in a wire format.
    DateTime(DateTimeFormat),
    /// A hyphenated UUID string.
    Uuid,
    /// An e-mail string.
    Email,
    /// An E.164 phone string.
    Phone,
    /// Base64 in JSON, a file part in multipart.
    Bytes,
    /// An array of the inner shape.
    Array(Box<Shape>),
    /// A named type, by index into [`Api::types`].
    Named(usize),
    /// Any JSON value, kept as it is.
    Json,
    /// A JSON object with any members (`object`): free-form, but an object.
    JsonObject,
}

impl ShapeKind {
    /// Whether the JSON value is a string.
    pub fn is_string_like(&self) -> bool {
        matches!(
            self,
            ShapeKind::String
                | ShapeKind::DateTime(_)
                | ShapeKind::Uuid
                | ShapeKind::Email
                | ShapeKind::Phone
                | ShapeKind::Bytes
        )
    }

    /// Whether the JSON value is a number.
    pub fn is_numeric(&self) -> bool {
        matches!(self, ShapeKind::Integer | ShapeKind::Number)
    }
}

/// A date-time wire format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateTimeFormat {
    /// RFC 3339.
    Rfc3339,
    /// A token format such as `YYYY-MM-DD hh:mm:ss`.
    Custom(String),
}

/// A bound or flag with its optional custom message.
#[derive(Debug, Clone, PartialEq)]
pub struct Limit<T> {
    /// The bound.
    pub value: T,
    /// The custom message.
    pub message: Option<String>,
    /// Where it is written.
    pub loc: Loc,
}

/// Constraints on one value. Which apply depends on the [`ShapeKind`];
/// the checker rejects the others.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// Regex searched in the string.
    pub pattern: Option<Limit<String>>,
    /// Fewest code points.
    pub min_length: Option<Limit<u64>>,
    /// Most code points.
    pub max_length: Option<Limit<u64>>,
    /// Inclusive lower bound.
    pub minimum: Option<Limit<f64>>,
    /// Inclusive upper bound.
    pub maximum: Option<Limit<f64>>,
    /// Exclusive lower bound.
    pub exclusive_minimum: Option<Limit<f64>>,
    /// Exclusive upper bound.
    pub exclusive_maximum: Option<Limit<f64>>,
    /// Fewest items.
    pub min_items: Option<Limit<u64>>,
    /// Most items.
    pub max_items: Option<Limit<u64>>,
    /// Not empty or white space.
    pub not_blank: Option<Limit<()>>,
    /// Not after "now".
    pub not_future: Option<Limit<()>>,
    /// Not before "now", at the format's precision.
    pub not_past: Option<Limit<()>>,
    /// A date-time's `minimum`, in its own format.
    pub earliest: Option<Limit<String>>,
    /// A date-time's `maximum`, in its own format.
    pub latest: Option<Limit<String>>,
    /// Fewest members of an `object`.
    pub min_properties: Option<Limit<u64>>,
    /// Most members of an `object`.
    pub max_properties: Option<Limit<u64>>,
}

impl Constraints {
    /// Whether any string constraint is set.
    pub fn has_string_rules(&self) -> bool {
        self.pattern.is_some()
            || self.min_length.is_some()
            || self.max_length.is_some()
            || self.not_blank.is_some()
            || self.not_future.is_some()
            || self.has_datetime_bounds()
    }

    /// Whether any bound in time other than `not_future` is set.
    pub fn has_datetime_bounds(&self) -> bool {
        self.not_past.is_some() || self.earliest.is_some() || self.latest.is_some()
    }

    /// Whether any numeric constraint is set.
    pub fn has_number_rules(&self) -> bool {
        self.minimum.is_some()
            || self.maximum.is_some()
            || self.exclusive_minimum.is_some()
            || self.exclusive_maximum.is_some()
    }

    /// Whether any `object` member count is set.
    pub fn has_properties_rules(&self) -> bool {
        self.min_properties.is_some() || self.max_properties.is_some()
    }

    /// Whether any array constraint is set.
    pub fn has_items_rules(&self) -> bool {
        self.min_items.is_some() || self.max_items.is_some()
    }
}

/// One step of a [`FieldPath`]: field `field` of object type `ty`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct FieldStep {
    /// The object type, by index into [`Api::types`].
    pub ty: usize,
    /// The field, by index into that type's fields.
    pub field: usize,
}

/// A field a rule names: a field of the rule's own object, or one inside
/// nested objects (`requester.email`). Every step but the last holds an
/// object; no step crosses an array.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FieldPath {
    /// From the rule's object to the field; never empty.
    pub steps: Vec<FieldStep>,
}

impl FieldPath {
    /// The wire names of the steps.
    pub fn wires<'a>(&self, api: &'a Api) -> Vec<&'a str> {
        self.steps
            .iter()
            .map(|s| api.field(*s).wire.as_str())
            .collect()
    }

    /// The path as the spec writes it: `requester.email`.
    pub fn dotted(&self, api: &Api) -> String {
        self.wires(api).join(".")
    }

    /// The last step: the field itself.
    pub fn leaf(&self) -> FieldStep {
        self.steps[self.steps.len() - 1]
    }
}

/// Where a rule over `paths` is reported: the nearest object that holds
/// every one of them, as the steps from the rule's object to it. The
/// runtime's JSON rules decide the same with
/// `specgen_runtime::check::common_object`, which this calls.
pub fn common_object(api: &Api, paths: &[FieldPath]) -> Vec<FieldStep> {
    let wires: Vec<Vec<&str>> = paths.iter().map(|p| p.wires(api)).collect();
    let slices: Vec<&[&str]> = wires.iter().map(Vec::as_slice).collect();
    let n = specgen_runtime::check::common_object(&slices).len();
    paths
        .first()
        .map_or_else(Vec::new, |p| p.steps[..n].to_vec())
}

impl Rule {
    /// The message of a broken rule, unless the spec gives its own: the
    /// fields named by their full dotted paths.
    pub fn default_message(&self, api: &Api) -> String {
        let list = |paths: &[FieldPath]| {
            paths
                .iter()
                .map(|p| format!("`{}`", p.dotted(api)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            Rule::AtLeastOneOf { fields, .. } => {
                format!("at least one of {} is required", list(fields))
            }
            Rule::ExactlyOneOf { fields, .. } => {
                format!("exactly one of {} is required", list(fields))
            }
            Rule::RequiredIf { when, equals, .. } => {
                format!("is required when `{}` is {}", when.dotted(api), equals)
            }
        }
    }
}

impl Api {
    /// The field of a [`FieldStep`].
    pub fn field(&self, s: FieldStep) -> &Field {
        match &self.types[s.ty].kind {
            TypeKind::Object { fields, .. } => &fields[s.field],
            TypeKind::Enum { .. } => unreachable!("a field step names an object type"),
        }
    }
}

/// A cross-field rule.
#[derive(Debug, Clone)]
pub enum Rule {
    /// At least one of the fields is present.
    AtLeastOneOf {
        /// The fields.
        fields: Vec<FieldPath>,
        /// Custom message.
        message: Option<String>,
    },
    /// Exactly one of the fields is present.
    ExactlyOneOf {
        /// The fields.
        fields: Vec<FieldPath>,
        /// Custom message.
        message: Option<String>,
    },
    /// `field` is present when `when` equals `equals`.
    RequiredIf {
        /// The field that becomes required.
        field: FieldPath,
        /// The field whose value is tested.
        when: FieldPath,
        /// The value that makes `field` required.
        equals: serde_json::Value,
        /// Custom message.
        message: Option<String>,
    },
}

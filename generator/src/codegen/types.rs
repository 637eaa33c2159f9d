//! Codegen for named types: serde structs and enums.

use proc_macro2::{Delimiter, Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::doc_attrs;
use crate::ir::*;
use crate::names::{ident, layout_static};

/// The Rust type of a shape, without the `Option` a field may add.
pub fn rust_type(api: &Api, s: &Shape) -> TokenStream {
    match &s.kind {
        ShapeKind::String | ShapeKind::Email | ShapeKind::Phone => quote!(::std::string::String),
        ShapeKind::DateTime(DateTimeFormat::Rfc3339) => {
            quote!(::specgen_runtime::time::OffsetDateTime)
        }
        ShapeKind::DateTime(DateTimeFormat::Custom(_)) => {
            quote!(::specgen_runtime::time::PrimitiveDateTime)
        }
        ShapeKind::Uuid => quote!(::specgen_runtime::uuid::Uuid),
        ShapeKind::Integer => quote!(i64),
        ShapeKind::Number => quote!(f64),
        ShapeKind::Boolean => quote!(bool),
        ShapeKind::Bytes => quote!(::specgen_runtime::Bytes),
        ShapeKind::Json => quote!(::specgen_runtime::serde_json::Value),
        ShapeKind::JsonObject => quote!(::specgen_runtime::JsonObject),
        ShapeKind::Array(inner) => {
            let inner = rust_type(api, inner);
            quote!(::std::vec::Vec<#inner>)
        }
        ShapeKind::Named(i) => {
            let name = ident(&api.types[*i].rust_name);
            quote!(#name)
        }
    }
}

/// The Rust type of a field.
pub fn field_type(api: &Api, f: &Field) -> TokenStream {
    let mut t = rust_type(api, &f.shape);
    if f.boxed {
        t = quote!(::std::boxed::Box<#t>);
    }
    if f.tri_state {
        quote!(::specgen_runtime::Tristate<#t>)
    } else if f.is_option() {
        quote!(::std::option::Option<#t>)
    } else {
        t
    }
}

/// The wire text format of a typed scalar that travels as formatted text
/// (date-times, UUIDs), looking through arrays; `None` for the others.
pub fn text_format(s: &Shape) -> Option<&ShapeKind> {
    match &s.kind {
        k @ (ShapeKind::DateTime(_) | ShapeKind::Uuid) => Some(k),
        ShapeKind::Array(inner) => text_format(inner),
        _ => None,
    }
}

/// An expression of the `TextFormat` value of a typed scalar's format.
pub fn text_format_expr(k: &ShapeKind) -> TokenStream {
    match k {
        ShapeKind::DateTime(DateTimeFormat::Custom(f)) => {
            let id = format_ident!("{}", layout_static(f));
            quote!(#id)
        }
        ShapeKind::Uuid => quote!(rt::wire::HyphenatedUuid),
        _ => quote!(rt::wire::Rfc3339),
    }
}

/// The `static` layout of each custom date-time format the API's types
/// use, sorted by name.
pub fn layouts(api: &Api) -> TokenStream {
    fn walk<'a>(s: &'a Shape, out: &mut std::collections::BTreeSet<&'a str>) {
        match &s.kind {
            ShapeKind::DateTime(DateTimeFormat::Custom(f)) => {
                out.insert(f);
            }
            ShapeKind::Array(inner) => walk(inner, out),
            _ => {}
        }
    }
    let mut formats = std::collections::BTreeSet::new();
    for t in &api.types {
        if let TypeKind::Object { fields, .. } = &t.kind {
            for f in fields {
                walk(&f.shape, &mut formats);
            }
        }
    }
    let mut items: Vec<(String, TokenStream)> = formats
        .into_iter()
        .map(|f| {
            let name = layout_static(f);
            let id = format_ident!("{}", name);
            let doc = doc_attrs(Some(&format!("The date-time wire format `{f}`.")));
            let tokens = quote! {
                #doc
                static #id: ::specgen_runtime::datetime::Layout<'static> = ::specgen_runtime::datetime::Layout::new(#f);
            };
            (name, tokens)
        })
        .collect();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let items = items.into_iter().map(|(_, t)| t);
    quote!(#(#items)*)
}

/// A Rust expression for a JSON value of a shape (defaults).
pub fn value_expr(api: &Api, s: &Shape, v: &Value) -> TokenStream {
    match (&s.kind, v) {
        // The checker has rejected integers outside i64.
        (ShapeKind::Integer, Value::Number(n)) => {
            let lit = Literal::i64_suffixed(n.as_i64().unwrap_or_default());
            quote!(#lit)
        }
        (ShapeKind::Json, v) => json_expr(v),
        (ShapeKind::JsonObject, Value::Object(members)) => json_members(members),
        (ShapeKind::Number, Value::Number(n)) => {
            let lit = Literal::f64_suffixed(n.as_f64().unwrap_or_default());
            quote!(#lit)
        }
        (ShapeKind::Boolean, Value::Bool(b)) => quote!(#b),
        (ShapeKind::Array(inner), Value::Array(items)) => {
            let items = items.iter().map(|i| value_expr(api, inner, i));
            quote!(::std::vec![#(#items),*])
        }
        (ShapeKind::Named(i), Value::String(s)) => {
            let t = &api.types[*i];
            let ty = ident(&t.rust_name);
            match &t.kind {
                TypeKind::Enum { values, .. } => match values.iter().find(|v| v.wire == *s) {
                    Some(v) => {
                        let var = ident(&v.rust);
                        quote!(#ty::#var)
                    }
                    None => quote!(#ty::Other(::std::string::String::from(#s))),
                },
                TypeKind::Object { .. } => quote!(::std::default::Default::default()),
            }
        }
        (ShapeKind::DateTime(f), Value::String(s)) => {
            // The checker has rejected defaults that do not parse.
            let t = crate::check::parse_bound(f, s);
            let nanos = Literal::i128_suffixed(t.map_or(0, |t| t.unix_timestamp_nanos()));
            match f {
                DateTimeFormat::Rfc3339 => {
                    let offset = Literal::i32_suffixed(t.map_or(0, |t| t.offset().whole_seconds()));
                    quote!(::specgen_runtime::datetime::offset_date_time(#nanos, #offset))
                }
                DateTimeFormat::Custom(_) => {
                    quote!(::specgen_runtime::datetime::primitive_date_time(#nanos))
                }
            }
        }
        (ShapeKind::Uuid, Value::String(s)) => {
            let bits = specgen_runtime::formats::parse_uuid(s).map_or(0, |u| u.as_u128());
            let bits = Literal::u128_suffixed(bits);
            quote!(::specgen_runtime::uuid::Uuid::from_u128(#bits))
        }
        (ShapeKind::Bytes, Value::String(s)) => {
            let bytes = decode_base64(s);
            let bytes = bytes.iter().map(|b| Literal::u8_suffixed(*b));
            quote!(::specgen_runtime::Bytes(::std::vec![#(#bytes),*]))
        }
        (_, Value::String(s)) => quote!(::std::string::String::from(#s)),
        _ => quote!(::std::default::Default::default()),
    }
}

/// A `serde_json::Value` expression that builds `v` exactly, without
/// parsing at run time.
fn json_expr(v: &Value) -> TokenStream {
    let json = quote!(::specgen_runtime::serde_json);
    match v {
        Value::Null => quote!(#json::Value::Null),
        Value::Bool(b) => quote!(#json::Value::Bool(#b)),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                let lit = Literal::i64_suffixed(i);
                quote!(#json::Value::Number(#json::Number::from(#lit)))
            } else if let Some(u) = n.as_u64() {
                let lit = Literal::u64_suffixed(u);
                quote!(#json::Value::Number(#json::Number::from(#lit)))
            } else {
                // JSON numbers are finite, so `from_f64` gives `Some`.
                let lit = Literal::f64_suffixed(n.as_f64().unwrap_or_default());
                quote!(#json::Number::from_f64(#lit).map_or(#json::Value::Null, #json::Value::Number))
            }
        }
        Value::String(s) => quote!(#json::Value::String(::std::string::String::from(#s))),
        Value::Array(items) => {
            let items = items.iter().map(json_expr);
            quote!(#json::Value::Array(::std::vec![#(#items),*]))
        }
        Value::Object(members) => {
            let members = json_members(members);
            quote!(#json::Value::Object(#members))
        }
    }
}

/// A `serde_json::Map` expression that builds `members` exactly.
fn json_members(members: &serde_json::Map<String, Value>) -> TokenStream {
    let json = quote!(::specgen_runtime::serde_json);
    let members = members.iter().map(|(k, v)| {
        let v = json_expr(v);
        quote!((::std::string::String::from(#k), #v))
    });
    quote!(<#json::Map<::std::string::String, #json::Value> as ::std::iter::FromIterator<_>>::from_iter([#(#members),*]))
}

/// Decodes a base64 default the same way the generated code will; the
/// checker has already rejected invalid ones.
fn decode_base64(s: &str) -> Vec<u8> {
    use serde::Deserialize;
    specgen_runtime::Bytes::deserialize(Value::String(s.to_owned()))
        .map(|b| b.0)
        .unwrap_or_default()
}

fn strip_raw(s: &str) -> &str {
    s.strip_prefix("r#").unwrap_or(s)
}

/// The `default_<field>` function name of a defaulted field. The `_` that
/// names starting with a digit get is dropped (`_3d` → `default_3d`, not
/// the non-snake-case `default__3d`); no other field name starts with `_`,
/// so the names stay distinct.
pub fn default_fn(f: &Field) -> proc_macro2::Ident {
    format_ident!("default_{}", strip_raw(&f.rust).trim_start_matches('_'))
}

/// The `default_<field>` functions of an object type's defaulted fields,
/// which its serde attributes name; they sit in the type's constructor impl.
pub fn default_fns(api: &Api, fields: &[Field]) -> Vec<TokenStream> {
    fields
        .iter()
        .filter_map(|f| Some((f, f.default.as_ref()?)))
        .map(|(f, d)| {
            let fname = default_fn(f);
            let ty = field_type(api, f);
            let value = match (f.is_option(), d) {
                (true, Value::Null) => quote!(::std::option::Option::None),
                (true, d) => {
                    let v = value_expr(api, &f.shape, d);
                    quote!(::std::option::Option::Some(#v))
                }
                (false, d) => value_expr(api, &f.shape, d),
            };
            let doc = doc_attrs(Some(&format!(
                "The value of `{}` when it is absent.",
                f.wire
            )));
            quote! {
                #doc
                pub fn #fname() -> #ty { #value }
            }
        })
        .collect()
}

/// One field of a struct's `rt::record!`: `kind(field "wire")`, with
/// `= default_fn` and `as FORMAT` (a typed scalar that travels as text).
fn record_field(f: &Field) -> TokenStream {
    let fname = ident(&f.rust);
    let wire = &f.wire;
    let (kind, default) = if f.default.is_some() {
        // A nullable field with a default is written even when `None`:
        // absent would read back as the default, not null.
        let default = default_fn(f);
        (quote!(default), Some(quote!(= #default)))
    } else if f.tri_state || (f.is_option() && !f.required) {
        (quote!(opt), None)
    } else {
        // Required, nullable or not: a missing member is an error.
        (quote!(req), None)
    };
    let format = text_format(&f.shape).map(|k| {
        let format = text_format_expr(k);
        quote!(as #format)
    });
    quote!(#kind(#fname #wire #default #format))
}

/// A struct or enum for a named type, with its inherent impls.
pub fn type_def(api: &Api, t: &TypeDef) -> TokenStream {
    let name = ident(&t.rust_name);
    let fallback = format!("`{}`, from the spec.", t.name);
    let mut doc = t.doc.clone().unwrap_or(fallback);
    if let Some(e) = &t.example {
        doc = format!("{}\n\n{}", doc.trim_end(), example_line(e));
    }
    let docs = doc_attrs(Some(&doc));
    match &t.kind {
        TypeKind::Object { fields, .. } => {
            let members = fields.iter().map(|f| {
                let fname = ident(&f.rust);
                let ty = field_type(api, f);
                // Without a spec doc, the summary (which names the field) is
                // the whole doc.
                let mut doc = match &f.doc {
                    Some(d) => format!("{d}\n\n{}", field_summary(api, f)),
                    None => field_summary(api, f),
                };
                if let Some(e) = &f.example {
                    doc.push_str("\n\n");
                    doc.push_str(&example_line(e));
                }
                let mut member = doc_attrs(Some(&doc));
                member.extend(quote!(pub #fname:));
                member.extend([ty]);
                member.extend(quote!(,));
                member
            });
            let members = super::group_of(Delimiter::Brace, members, false);
            let wire = fields.iter().map(record_field);
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq)]
                pub struct #name #members
                rt::record!(#name { #(#wire),* });
            }
        }
        TypeKind::Enum { values, open } => enum_def(t, &name, &docs, values, *open),
    }
}

fn enum_def(
    t: &TypeDef,
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    values: &[EnumValue],
    open: bool,
) -> TokenStream {
    let wires: Vec<&str> = values.iter().map(|v| v.wire.as_str()).collect();
    let vars: Vec<proc_macro2::Ident> = values.iter().map(|v| ident(&v.rust)).collect();
    let var_docs = values.iter().map(|v| {
        let text = v.doc.clone().unwrap_or_else(|| format!("`{}`", v.wire));
        doc_attrs(Some(&text))
    });
    let values_doc = doc_attrs(Some(&format!(
        "The wire values of `{}`, in spec order.",
        t.name
    )));
    let validate_json = quote! {
        impl rt::Described for #name {
            const KIND: rt::Kind = rt::Kind::Enum { values: Self::VALUES, open: #open };
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
    if !open {
        quote! {
            #docs
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum #name {
                #( #var_docs #vars, )*
            }
            rt::closed_enum!(#name { #(#vars),* });
            impl #name {
                #values_doc
                pub const VALUES: &'static [&'static str] = &[#(#wires),*];
                /// The wire value.
                pub fn as_str(&self) -> &'static str {
                    match self {
                        #( Self::#vars => #wires, )*
                    }
                }
            }
            #validate_json
        }
    } else {
        quote! {
            #docs
            ///
            /// Open enum: a value not listed is kept in `Other`.
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            pub enum #name {
                #( #var_docs #vars, )*
                /// A value the spec does not list, kept as sent.
                Other(::std::string::String),
            }
            impl #name {
                #values_doc
                pub const VALUES: &'static [&'static str] = &[#(#wires),*];
                /// The wire value.
                pub fn as_str(&self) -> &str {
                    match self {
                        #( Self::#vars => #wires, )*
                        Self::Other(other) => other,
                    }
                }
            }
            impl ::std::convert::From<&str> for #name {
                fn from(value: &str) -> Self {
                    match value {
                        #( #wires => Self::#vars, )*
                        other => Self::Other(::std::string::String::from(other)),
                    }
                }
            }
            impl ::specgen_runtime::serde::Serialize for #name {
                fn serialize<S: ::specgen_runtime::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
            impl<'de> ::specgen_runtime::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::specgen_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::std::string::String as ::specgen_runtime::serde::Deserialize>::deserialize(deserializer)?;
                    ::std::result::Result::Ok(Self::from(value.as_str()))
                }
            }
            #validate_json
        }
    }
}

/// `Example: `…``: the spec's example as compact JSON, in a code span
/// long enough for any backticks inside it.
fn example_line(e: &Example) -> String {
    let json = e.value.to_string();
    let mut fence = String::from("`");
    while json.contains(fence.as_str()) {
        fence.push('`');
    }
    let pad = if fence.len() > 1 { " " } else { "" };
    format!("Example: {fence}{pad}{json}{pad}{fence}")
}

/// One line that states a field's wire name, presence and constraints.
pub fn field_summary(api: &Api, f: &Field) -> String {
    let mut parts = vec![format!("Wire name `{}`", f.wire)];
    parts.push(if f.required {
        "required".into()
    } else {
        "optional".into()
    });
    if f.tri_state {
        parts.push("tri-state (absent, null or a value)".into());
    } else if f.nullable {
        parts.push("nullable".into());
    }
    if let Some(d) = &f.default {
        parts.push(format!("default `{d}`"));
    }
    parts.extend(shape_summary(api, &f.shape));
    format!("{}.", parts.join("; "))
}

fn shape_summary(api: &Api, s: &Shape) -> Vec<String> {
    let c = &s.constraints;
    let mut parts = Vec::new();
    match &s.kind {
        ShapeKind::DateTime(DateTimeFormat::Rfc3339) => parts.push("RFC 3339 date-time".into()),
        ShapeKind::DateTime(DateTimeFormat::Custom(f)) => parts.push(format!("date-time `{f}`")),
        ShapeKind::Uuid => parts.push("UUID".into()),
        ShapeKind::Email => parts.push("e-mail address".into()),
        ShapeKind::Phone => parts.push("E.164 phone number".into()),
        ShapeKind::Bytes => parts.push("binary (base64 in JSON, a file part in multipart)".into()),
        ShapeKind::Json => parts.push("any JSON value".into()),
        ShapeKind::JsonObject => parts.push("JSON object with any members".into()),
        ShapeKind::Named(i) => {
            if let TypeKind::Enum { values, open } = &api.types[*i].kind {
                let list: Vec<String> = values.iter().map(|v| format!("`{}`", v.wire)).collect();
                parts.push(format!(
                    "{} enum: {}",
                    if *open { "open" } else { "closed" },
                    list.join(", ")
                ));
            }
        }
        _ => {}
    }
    if c.not_blank.is_some() {
        parts.push("not blank".into());
    }
    if let Some(l) = &c.min_length {
        parts.push(format!("at least {}", counted(l.value, "characters")));
    }
    if let Some(l) = &c.max_length {
        parts.push(format!("at most {}", counted(l.value, "characters")));
    }
    if let Some(p) = &c.pattern {
        parts.push(format!("pattern `{}`", p.value));
    }
    for (l, op) in [
        (&c.minimum, ">="),
        (&c.maximum, "<="),
        (&c.exclusive_minimum, ">"),
        (&c.exclusive_maximum, "<"),
    ] {
        if let Some(l) = l {
            parts.push(format!("{op} {}", l.value));
        }
    }
    if let Some(l) = &c.min_items {
        parts.push(format!("at least {}", counted(l.value, "items")));
    }
    if let Some(l) = &c.max_items {
        parts.push(format!("at most {}", counted(l.value, "items")));
    }
    if let Some(l) = &c.min_properties {
        parts.push(format!("at least {}", counted(l.value, "members")));
    }
    if let Some(l) = &c.max_properties {
        parts.push(format!("at most {}", counted(l.value, "members")));
    }
    if c.not_future.is_some() {
        parts.push("not in the future".into());
    }
    if c.not_past.is_some() {
        parts.push("not in the past".into());
    }
    if let Some(l) = &c.earliest {
        parts.push(format!("{} or later", l.value));
    }
    if let Some(l) = &c.latest {
        parts.push(format!("{} or earlier", l.value));
    }
    if let ShapeKind::Array(inner) = &s.kind {
        let inner = shape_summary(api, inner);
        if !inner.is_empty() {
            parts.push(format!("each item: {}", inner.join(", ")));
        }
    }
    parts
}

/// `n` and `unit` (a plural such as `items`), singular for one: `1 item`.
fn counted(n: impl std::fmt::Display, unit: &str) -> String {
    let n = n.to_string();
    let unit = match n.as_str() {
        "1" => unit.strip_suffix('s').unwrap_or(unit),
        _ => unit,
    };
    format!("{n} {unit}")
}

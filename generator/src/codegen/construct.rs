//! Codegen for building values by hand: `new` from the required fields,
//! a `with_<field>` setter per other field, `Default` when nothing is
//! required, and inherent `validate` methods so callers need no trait import.
//!
//! Kept apart from the struct and its validators so that each can change
//! without touching the other.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::{default_fn, default_fns, rust_type};
use crate::ir::*;
use crate::names::ident;

/// Whether `new` takes the field as an argument: it has no value to start
/// from (not an `Option`, no spec default).
fn is_argument(f: &Field) -> bool {
    !f.may_be_unset() && f.default.is_none()
}

/// A parameter type, and the expression that turns the parameter into the
/// field's value when it is not the parameter itself: strings take
/// `impl Into<String>`, as hand-written APIs do.
fn param(api: &Api, f: &Field, name: &proc_macro2::Ident) -> (TokenStream, Option<TokenStream>) {
    if takes_text(&f.shape.kind) {
        (quote!(impl Into<String>), Some(quote!(#name.into())))
    } else {
        (rust_type(api, &f.shape), None)
    }
}

/// Whether a field of this kind is a `String` that an argument of
/// `impl Into<String>` fills; date-times, uuids and bytes have types of
/// their own.
fn takes_text(kind: &ShapeKind) -> bool {
    let typed_text = matches!(
        kind,
        ShapeKind::Bytes | ShapeKind::DateTime(_) | ShapeKind::Uuid
    );
    kind.is_string_like() && !typed_text
}

/// The argument type of a setter in `rt::setter!`'s notation, which has no
/// `<>` (a formatter spaces them out inside a macro call): `text` for
/// `impl Into<String>`, `[T]` for `Vec<T>`.
fn setter_type(api: &Api, s: &Shape) -> TokenStream {
    fn item(api: &Api, s: &Shape) -> TokenStream {
        match &s.kind {
            ShapeKind::Array(inner) => {
                let inner = item(api, inner);
                quote!([#inner])
            }
            _ => rust_type(api, s),
        }
    }
    if takes_text(&s.kind) {
        quote!(text)
    } else {
        item(api, s)
    }
}

/// The parameter for a field named only by underscores and digits (`_0`,
/// from wire name `0`), which clippy's just_underscores_and_digits denies:
/// `value_0`, with `_` appended while another field has that name.
fn param_ident(fields: &[Field], bare: &str) -> Option<proc_macro2::Ident> {
    if !bare.chars().all(|c| c == '_' || c.is_ascii_digit()) {
        return None;
    }
    let mut name = format!("value_{}", bare.trim_start_matches('_'));
    while fields
        .iter()
        .any(|f| f.rust.trim_start_matches("r#") == name)
    {
        name.push('_');
    }
    Some(format_ident!("{name}"))
}

/// `new`, the setters, `Default` (when every field is optional or
/// defaulted), the inherent `validate` methods and the `default_*`
/// functions of an object type, in one impl.
pub fn object_constructors(api: &Api, t: &TypeDef, fields: &[Field]) -> TokenStream {
    let name = ident(&t.rust_name);
    let mut params = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for f in fields {
        let field = ident(&f.rust);
        let bare = f.rust.trim_start_matches("r#");
        let value = param_ident(fields, bare).unwrap_or_else(|| field.clone());
        if is_argument(f) {
            let (ty, expr) = param(api, f, &value);
            params.push(quote!(#value: #ty));
            // `field: field` would trip clippy's redundant_field_names.
            inits.push(match (expr, f.boxed) {
                (Some(expr), _) => quote!(#field: #expr,),
                (None, true) => quote!(#field: Box::new(#value),),
                (None, false) if value == field => quote!(#field,),
                (None, false) => quote!(#field: #value,),
            });
            continue;
        }
        // A nullable field with a default starts as `Some(default)`.
        let init = if f.default.is_some() {
            let d = default_fn(f);
            quote!(Self::#d())
        } else if f.tri_state {
            quote!(::specgen_runtime::Tristate::Absent)
        } else {
            quote!(None)
        };
        inits.push(quote!(#field: #init,));
        // One runtime macro call per setter: the same documented method as
        // written out, in a line instead of five. `_3d` (a name that starts
        // with a digit) gives `with_3d`.
        let method = bare.trim_start_matches('_');
        let wire = &f.wire;
        let setter = format_ident!("with_{method}");
        let ty = setter_type(api, &f.shape);
        let ty = if f.tri_state {
            quote!(Value(#ty))
        } else if f.is_option() {
            quote!(Some(#ty))
        } else {
            ty
        };
        setters.push(quote!(rt::setter!(#setter, #field, #ty, #wire);));
        if f.tri_state {
            // `clear_` never meets a `with_` setter, so it cannot collide.
            let clear = format_ident!("clear_{method}");
            setters.push(quote!(rt::setter!(#clear, #field, null, #wire);));
        }
    }
    let new_doc = if params.is_empty() {
        format!("A new `{}` with every field unset or at its spec default; the same as `Default::default()`.", t.name)
    } else {
        format!(
            "A new `{}` from its required fields; every other field is unset or at its spec default. Set them with the `with_*` methods.",
            t.name
        )
    };
    // A wide request type simply has many required fields; a builder would
    // only move the same list elsewhere.
    let allow = if params.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    let default_impl = if params.is_empty() {
        quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    } else {
        quote!()
    };
    let new_doc = super::doc_attrs(Some(&new_doc));
    let defaults = default_fns(api, fields);
    let params = super::group_of(proc_macro2::Delimiter::Parenthesis, params, true);
    let inits = super::group_of(proc_macro2::Delimiter::Brace, inits, false);
    let mut body = TokenStream::new();
    body.extend(defaults);
    body.extend(quote! {
        #new_doc
        #allow
        pub fn new #params -> Self {
            Self #inits
        }
    });
    body.extend(setters);
    body.extend(quote!(rt::validate_methods!();));
    let body = super::group_of(proc_macro2::Delimiter::Brace, [body], false);
    quote! {
        impl #name #body
        #default_impl
    }
}

//! Codegen for building values by hand: `new` from the required fields,
//! a `with_<field>` setter per other field, `Default` when nothing is
//! required, and inherent `validate` methods so callers need no trait import.
//!
//! Kept apart from the struct and its validators so that each can change
//! without touching the other.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::{default_fn, rust_type};
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
    let typed_text = matches!(
        f.shape.kind,
        ShapeKind::Bytes | ShapeKind::DateTime(_) | ShapeKind::Uuid
    );
    if f.shape.kind.is_string_like() && !typed_text {
        (quote!(impl Into<String>), Some(quote!(#name.into())))
    } else {
        (rust_type(api, &f.shape), None)
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
/// defaulted) and the inherent `validate` methods of an object type.
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
        // `_3d` (a name that starts with a digit) gives `with_3d`.
        let setter = format_ident!("with_{}", bare.trim_start_matches('_'));
        let (ty, expr) = param(api, f, &value);
        let converts = expr.is_some();
        let expr = match (expr, f.boxed) {
            (Some(expr), _) => expr,
            (None, true) => quote!(Box::new(#value)),
            (None, false) => quote!(#value),
        };
        let set = if f.tri_state {
            quote!(rt::Tristate::Value(#expr))
        } else if f.is_option() {
            quote!(Some(#expr))
        } else {
            expr
        };
        if f.tri_state {
            // `clear_` never meets a `with_` setter, so it cannot collide.
            let clear = format_ident!("clear_{}", bare.trim_start_matches('_'));
            let doc = super::doc_attrs(Some(&format!(
                "Sets `{}` to `null`: sent as `null`, where an unset field is left out.",
                f.wire
            )));
            setters.push(quote! {
                #doc
                #[must_use]
                pub fn #clear(mut self) -> Self {
                    self.#field = rt::Tristate::Null;
                    self
                }
            });
        }
        let doc = super::doc_attrs(Some(&format!("Sets `{}`.", f.wire)));
        // A struct update is one line unless the value is converted (which
        // prettyplease spreads over four); with one field, `..self` would be
        // clippy's needless_update.
        // `field: field` would trip clippy's redundant_field_names.
        let init = if field == set.to_string() {
            quote!(#field)
        } else {
            quote!(#field: #set)
        };
        let (receiver, body) = if converts || fields.len() == 1 {
            (quote!(mut self), quote!(self.#field = #set; self))
        } else {
            (quote!(self), quote!(Self { #init, ..self }))
        };
        setters.push(quote! {
            #doc
            #[must_use]
            pub fn #setter(#receiver, #value: #ty) -> Self { #body }
        });
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
    quote! {
        impl #name {
            #new_doc
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits)* }
            }
            #(#setters)*
            /// Checks every constraint of the spec against the current time,
            /// and returns every error found (no trait import needed).
            pub fn validate(&self) -> Result<(), rt::ValidationErrors> {
                rt::Validate::validate(self)
            }
            /// Like `validate`, with `now` as the current time, for reproducible checks.
            pub fn validate_with_now(&self, now: rt::OffsetDateTime) -> Result<(), rt::ValidationErrors> {
                rt::Validate::validate_with_now(self, now)
            }
        }
        #default_impl
    }
}

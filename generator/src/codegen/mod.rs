//! Phase 4, codegen: the IR becomes token streams.
//!
//! Only the checked IR is read here. Every path in generated code is fully
//! qualified (`::std::…`, `::specgen_runtime::…`), so the output compiles
//! whatever the including module has imported.

pub mod client;
pub mod mock;
pub mod registry;
pub mod types;
pub mod validate;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::*;

/// `#[doc]` attributes, one per line, so prettyplease prints `///` lines.
/// Untagged code fences become `text` fences: spec prose is not Rust and
/// must not turn into doctests.
pub fn doc_attrs(doc: Option<&str>) -> TokenStream {
    let Some(doc) = doc else { return quote!() };
    let mut in_fence = false;
    let lines = doc.trim_end().lines().map(|line| {
        let line = line.trim_end();
        let mut line = line.to_owned();
        if line.trim_start().starts_with("```") {
            if !in_fence && line.trim_start() == "```" {
                line.push_str("text");
            }
            in_fence = !in_fence;
        }
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #text])
    });
    let lines: Vec<TokenStream> = lines.collect();
    quote!(#(#lines)*)
}

/// The items of one API module: types, validators, client. `crate_name`
/// is the generated crate's name in crate mode, for doc examples.
pub fn api_module(api: &Api, crate_name: Option<&str>) -> TokenStream {
    let mut statics = validate::Statics::default();
    let mut items = Vec::new();
    for t in &api.types {
        items.push(types::type_def(api, t));
        if let TypeKind::Object { fields, rules } = &t.kind {
            items.push(validate::object_validators(
                api,
                t,
                fields,
                rules,
                &mut statics,
            ));
        }
    }
    let success_validators = registry::success_validators(api, &mut statics);
    let statics = statics.tokens();
    let client = client::client(api, crate_name);
    let send_fns = client::registry_send_fns(api);
    let registry = registry::api_registry(api, &|e| client::registry_send(api, e));
    quote! {
        #(#items)*
        #statics
        #client
        #send_fns
        #success_validators
        #registry
    }
}

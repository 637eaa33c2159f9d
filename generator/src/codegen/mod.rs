//! Phase 4, codegen: the IR becomes token streams.
//!
//! Only the checked IR is read here. Every path in generated code is fully
//! qualified (`::std::…`, `::specgen_runtime::…`), so the output compiles
//! whatever the including module has imported.

pub mod client;
pub mod construct;
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
    let lines = doc_lines(doc)
        .into_iter()
        .map(|text| quote!(#[doc = #text]));
    quote!(#(#lines)*)
}

/// `#![doc]` attributes, as [`doc_attrs`], for a crate or module's own docs.
/// Code fences are kept as written: this text is ours, not the spec's.
pub fn inner_doc_attrs(doc: &str) -> TokenStream {
    let lines = doc.trim_end().lines().map(|line| {
        let line = line.trim_end();
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #text])
    });
    quote!(#(#lines)*)
}

fn doc_lines(doc: Option<&str>) -> Vec<String> {
    let Some(doc) = doc else { return Vec::new() };
    let mut in_fence = false;
    doc.trim_end()
        .lines()
        .map(|line| {
            let mut line = line.trim_end().to_owned();
            if line.trim_start().starts_with("```") {
                if !in_fence && line.trim_start() == "```" {
                    line.push_str("text");
                }
                in_fence = !in_fence;
            }
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
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
            items.push(construct::object_constructors(api, t, fields));
        }
    }
    let statics = statics.tokens();
    // In a generated crate the client, and the registry that sends through
    // it, sit behind the crate's `client` feature; an `include!`d module
    // cannot know its includer's features, so there they are always built.
    let gate = |tokens: TokenStream| match crate_name {
        Some(_) => with_attr(tokens, &quote!(#[cfg(feature = "client")])),
        None => tokens,
    };
    let client = gate(client::client(api, crate_name));
    let send_fns = gate(client::registry_send_fns(api));
    let registry = gate(registry::api_registry(api, &|e| {
        client::registry_send(api, e)
    }));
    quote! {
        #(#items)*
        #statics
        #client
        #send_fns
        #registry
    }
}

/// Puts `attr` on every item of `items`.
fn with_attr(items: TokenStream, attr: &TokenStream) -> TokenStream {
    match syn::parse2::<syn::File>(items.clone()) {
        Ok(file) => {
            let items = file.items.iter();
            quote!(#(#attr #items)*)
        }
        // Unparsable tokens fail in emit with an internal error anyway.
        Err(_) => items,
    }
}

//! Codegen for the endpoint registry: one `ENDPOINTS` slice per API, and the
//! crate-level list of them.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::*;
use crate::names::ident;

/// The payload validator of one endpoint: query and body fields side by side.
fn payload_validator(api: &Api, e: &Endpoint) -> TokenStream {
    let fname = format_ident!("validate_{}_payload", e.rust_name.trim_start_matches("r#"));
    let parts = [e.query, e.body].into_iter().flatten().map(|i| {
        let t = ident(&api.types[i].rust_name);
        quote!(<#t as ::specgen_runtime::ValidateJson>::validate_json_at(value, &::specgen_runtime::Path::ROOT, report);)
    });
    let doc = format!(" Checks a JSON payload for `{}.{}`.", api.name, e.name);
    let parts: Vec<TokenStream> = parts.collect();
    let body = if parts.is_empty() {
        quote! {
            if !value.is_object() {
                ::specgen_runtime::check::wrong_type("object", value, &::specgen_runtime::Path::ROOT, report);
            }
        }
    } else {
        quote! {
            if !value.is_object() {
                ::specgen_runtime::check::wrong_type("object", value, &::specgen_runtime::Path::ROOT, report);
                return;
            }
            #(#parts)*
        }
    };
    quote! {
        #[doc = #doc]
        #[doc(hidden)]
        pub fn #fname(value: &::specgen_runtime::serde_json::Value, report: &mut ::specgen_runtime::Report) {
            #body
        }
    }
}

/// `ENDPOINTS` of one API module, and each endpoint's payload validator.
pub fn api_registry(api: &Api, send: &dyn Fn(&Endpoint) -> Option<TokenStream>) -> TokenStream {
    let fns = api.endpoints.iter().map(|e| payload_validator(api, e));
    let entries = api.endpoints.iter().map(|e| {
        let (a, n, m, p) = (&api.name, &e.name, &e.method, &e.path);
        let rpc = match &e.kind {
            EndpointKind::JsonRpc { rpc_method, .. } => {
                quote!(::std::option::Option::Some(#rpc_method))
            }
            EndpointKind::Rest(_) => quote!(::std::option::Option::None),
        };
        let summary = e.summary.clone().unwrap_or_default();
        let v = format_ident!("validate_{}_payload", e.rust_name.trim_start_matches("r#"));
        let send = send(e).map(|s| quote!(send: #s,));
        quote! {
            ::specgen_runtime::registry::Endpoint {
                api: #a,
                name: #n,
                method: #m,
                path: #p,
                rpc_method: #rpc,
                summary: #summary,
                validate_json: #v,
                #send
            }
        }
    });
    let doc = format!(" Every endpoint of the `{}` API, in spec order.", api.name);
    quote! {
        #(#fns)*
        #[doc = #doc]
        #[doc(hidden)]
        pub static ENDPOINTS: &[::specgen_runtime::registry::Endpoint] = &[#(#entries),*];
    }
}

//! Codegen for the endpoint registry: one `ENDPOINTS` slice per API, and the
//! crate-level list of them.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::codegen::mock;
use crate::codegen::validate::{body_checks, Statics};
use crate::ir::*;
use crate::names::ident;

/// The `SERVICE` static: protocol, auth and error dialect of the API.
fn service(api: &Api) -> TokenStream {
    let r = quote!(::specgen_runtime::registry);
    let protocol = match api.protocol {
        Protocol::RestJson => quote!(#r::Protocol::RestJson),
        Protocol::RestMultipart => quote!(#r::Protocol::RestMultipart),
        Protocol::JsonRpc => quote!(#r::Protocol::JsonRpc),
    };
    let auth = match &api.auth {
        Auth::None => quote!(#r::AuthScheme::None),
        Auth::Bearer => quote!(#r::AuthScheme::Bearer),
        Auth::ApiKeyHeader(h) => quote!(#r::AuthScheme::ApiKeyHeader(#h)),
        Auth::ParamsField(f) => quote!(#r::AuthScheme::ParamsField(#f)),
    };
    let answer = |a: &ErrorAnswer| {
        let status = a.status;
        let body = a.body.to_string();
        quote!(#r::ErrorAnswer { status: #status, body: #body })
    };
    let invalid = answer(&api.error_dialect.invalid);
    let unauthorized = answer(&api.error_dialect.unauthorized);
    let name = &api.name;
    let doc = format!(" How the `{name}` API is spoken: protocol, credentials and error answers.");
    quote! {
        #[doc = #doc]
        pub static SERVICE: #r::Service = #r::Service {
            api: #name,
            protocol: #protocol,
            auth: #auth,
            invalid: #invalid,
            unauthorized: #unauthorized,
        };
    }
}

/// The fields of an object type, for the mock to read query strings and
/// forms back into a JSON payload: those of its description.
fn wire_fields(api: &Api, st: &mut Statics, ty: Option<usize>) -> Option<TokenStream> {
    match ty.map(|i| &api.types[i]) {
        Some(
            t @ TypeDef {
                kind: TypeKind::Object { .. },
                ..
            },
        ) => {
            let id = st.type_static(&t.rust_name);
            Some(quote!(#id.fields))
        }
        _ => None,
    }
}

/// The first success answer of an endpoint: status, shape of its body.
pub fn success_shape(e: &Endpoint) -> (u16, Option<&Shape>) {
    match &e.kind {
        EndpointKind::JsonRpc { result, .. } => (200, Some(result)),
        EndpointKind::Rest(responses) => responses
            .iter()
            .find(|r| !r.error)
            .map_or((200, None), |r| (r.status, r.body.as_ref())),
    }
}

fn success_fn_name(e: &Endpoint) -> proc_macro2::Ident {
    format_ident!("validate_{}_success", e.rust_name.trim_start_matches("r#"))
}

/// The validators of each endpoint's success body, for the mock's proof
/// that its synthesized bodies are valid. Their rule statics go to `st`.
pub fn success_validators(api: &Api, st: &mut Statics) -> TokenStream {
    let fns = api.endpoints.iter().filter_map(|e| {
        let (_, Some(shape)) = success_shape(e) else {
            return None;
        };
        let fname = success_fn_name(e);
        let statics = format!("SUCCESS_BODY__{}", e.type_prefix.to_uppercase());
        let checks = body_checks(api, st, shape, &statics);
        let doc = format!(" Checks a success body of `{}.{}`.", api.name, e.name);
        Some(quote! {
            #[doc = #doc]
            pub fn #fname(value: &::specgen_runtime::serde_json::Value, report: &mut ::specgen_runtime::Report) {
                #checks
            }
        })
    });
    quote!(#(#fns)*)
}

/// The success answer, unless it is the default one: `200` with no body.
fn success(api: &Api, e: &Endpoint) -> Option<TokenStream> {
    let (status, shape) = success_shape(e);
    if status == 200 && shape.is_none() {
        return None;
    }
    let body = match shape.and_then(|s| mock::synthesize(api, s)) {
        Some(v) => {
            let text = v.to_string();
            quote!(Some(#text))
        }
        None => quote!(None),
    };
    let validate = match shape {
        Some(_) => {
            let fname = success_fn_name(e);
            quote!(Some(#fname))
        }
        None => quote!(None),
    };
    Some(quote!(rt::Success { status: #status, body: #body, validate: #validate }))
}

/// The named types among an endpoint's documented bodies (JSON-RPC: its
/// result), each once, in spec order.
fn response_types(api: &Api, e: &Endpoint) -> Option<TokenStream> {
    let shapes: Vec<&Shape> = match &e.kind {
        EndpointKind::JsonRpc { result, .. } => vec![result],
        EndpointKind::Rest(responses) => responses.iter().filter_map(|r| r.body.as_ref()).collect(),
    };
    let mut named: Vec<usize> = Vec::new();
    for shape in shapes {
        if let ShapeKind::Named(i) = shape.kind {
            if !named.contains(&i) {
                named.push(i);
            }
        }
    }
    named_types(api, named)
}

/// `&[NamedType::of::<T>(..), ..]` of the given types; `None` for none.
fn named_types(api: &Api, types: impl IntoIterator<Item = usize>) -> Option<TokenStream> {
    let entries: Vec<TokenStream> = types
        .into_iter()
        .map(|i| {
            let name = &api.types[i].name;
            let t = ident(&api.types[i].rust_name);
            quote!(rt::registry::NamedType::of::<#t>(#name))
        })
        .collect();
    (!entries.is_empty()).then(|| quote!(&[#(#entries),*]))
}

/// The payload validator of one endpoint: path, query, header and body
/// fields side by side; `None` when it has no typed part.
fn payload_validator(api: &Api, st: &mut Statics, e: &Endpoint) -> Option<TokenStream> {
    let parts: Vec<TokenStream> = super::client::request_parts(e, "body")
        .into_iter()
        .map(|(i, _)| {
            let id = st.type_static(&api.types[i].rust_name);
            quote!(&#id)
        })
        .collect();
    (!parts.is_empty()).then(|| quote!(|v, r| rt::payload(v, &[#(#parts),*], r)))
}

/// `ENDPOINTS` of one API module: one `Endpoint::new(..)` per endpoint, with
/// a call for each part it has.
pub fn api_registry(
    api: &Api,
    st: &mut Statics,
    send: &dyn Fn(&Endpoint) -> TokenStream,
) -> TokenStream {
    let service = service(api);
    let entries: Vec<TokenStream> = api
        .endpoints
        .iter()
        .map(|e| {
            let (n, m, p) = (&e.name, &e.method, &e.path);
            let send = send(e);
            let mut calls = Vec::new();
            if let EndpointKind::JsonRpc { rpc_method, .. } = &e.kind {
                calls.push(quote!(.rpc(#rpc_method)));
            }
            if let Some(summary) = &e.summary {
                calls.push(quote!(.summary(#summary)));
            }
            let payload_types = named_types(
                api,
                super::client::request_parts(e, "body")
                    .into_iter()
                    .map(|(i, _)| i),
            );
            let parts = [
                ("validate_json", payload_validator(api, st, e)),
                ("path_fields", wire_fields(api, st, e.path_params)),
                ("query_fields", wire_fields(api, st, e.query)),
                ("header_fields", wire_fields(api, st, e.headers)),
                ("body_fields", wire_fields(api, st, e.body)),
                ("success", success(api, e)),
                ("payload_types", payload_types),
                ("response_types", response_types(api, e)),
            ];
            for (method, value) in parts {
                if let Some(value) = value {
                    let method = format_ident!("{method}");
                    calls.push(quote!(.#method(#value)));
                }
            }
            quote! {
                rt::registry::Endpoint::new(&SERVICE, #n, #m, #p, #send)
                    #(#calls)*
            }
        })
        .collect();
    let doc = format!(" Every endpoint of the `{}` API, in spec order.", api.name);
    quote! {
        #service
        #[doc = #doc]
        #[doc(hidden)]
        pub static ENDPOINTS: &[rt::registry::Endpoint] = &[#(#entries),*];
    }
}

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
    let doc = format!(
        " How the `{}` API is spoken: protocol, credentials and error answers.",
        api.name
    );
    quote! {
        #[doc = #doc]
        pub static SERVICE: #r::Service = #r::Service {
            protocol: #protocol,
            auth: #auth,
            invalid: #invalid,
            unauthorized: #unauthorized,
        };
    }
}

/// The wire fields of an object type, for the mock to read query strings and
/// forms back into a JSON payload.
fn wire_fields(api: &Api, ty: Option<usize>) -> TokenStream {
    let fields = match ty.map(|i| &api.types[i].kind) {
        Some(TypeKind::Object { fields, .. }) => fields.as_slice(),
        _ => &[],
    };
    let items = fields.iter().map(|f| {
        let name = &f.wire;
        let kind = mock::wire_kind(api, &f.shape);
        quote!(::specgen_runtime::registry::WireField { name: #name, kind: #kind })
    });
    quote!(&[#(#items),*])
}

/// The first success answer of an endpoint: status, shape of its body.
fn success_shape(e: &Endpoint) -> (u16, Option<&Shape>) {
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
        let unused = checks
            .is_empty()
            .then(|| quote!(let _ = (value, report);));
        let doc = format!(" Checks a success body of `{}.{}`.", api.name, e.name);
        Some(quote! {
            #[doc = #doc]
            pub fn #fname(value: &::specgen_runtime::serde_json::Value, report: &mut ::specgen_runtime::Report) {
                #unused
                #checks
            }
        })
    });
    quote!(#(#fns)*)
}

fn success(api: &Api, e: &Endpoint) -> TokenStream {
    let (status, shape) = success_shape(e);
    let body = match shape.and_then(|s| mock::synthesize(api, s)) {
        Some(v) => {
            let text = v.to_string();
            quote!(::std::option::Option::Some(#text))
        }
        None => quote!(::std::option::Option::None),
    };
    let validate = match shape {
        Some(_) => {
            let fname = success_fn_name(e);
            quote!(::std::option::Option::Some(#fname))
        }
        None => quote!(::std::option::Option::None),
    };
    quote!(::specgen_runtime::registry::Success { status: #status, body: #body, validate: #validate })
}

/// The named types among an endpoint's documented bodies (JSON-RPC: its
/// result), each once, in spec order.
fn response_types(api: &Api, e: &Endpoint) -> TokenStream {
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

/// `&[NamedType { .. }, ..]` of the given types.
fn named_types(api: &Api, types: impl IntoIterator<Item = usize>) -> TokenStream {
    let entries = types.into_iter().map(|i| {
        let name = &api.types[i].name;
        let t = ident(&api.types[i].rust_name);
        quote! {
            ::specgen_runtime::registry::NamedType {
                name: #name,
                validate_json: ::specgen_runtime::registry::json_validator::<#t>,
                decode_and_validate: ::specgen_runtime::registry::typed_validator::<#t>,
            }
        }
    });
    quote!(&[#(#entries),*])
}

/// The payload validator of one endpoint: path, query, header and body
/// fields side by side.
fn payload_validator(api: &Api, e: &Endpoint) -> TokenStream {
    let fname = format_ident!("validate_{}_payload", e.rust_name.trim_start_matches("r#"));
    let parts = super::client::request_parts(e, "body").into_iter().map(|(i, _)| {
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
    let service = service(api);
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
        let path_fields = wire_fields(api, e.path_params);
        let query_fields = wire_fields(api, e.query);
        let header_fields = wire_fields(api, e.headers);
        let body_fields = wire_fields(api, e.body);
        let success = success(api, e);
        let payload_types = named_types(
            api,
            super::client::request_parts(e, "body")
                .into_iter()
                .map(|(i, _)| i),
        );
        let response_types = response_types(api, e);
        quote! {
            ::specgen_runtime::registry::Endpoint {
                api: #a,
                name: #n,
                method: #m,
                path: #p,
                rpc_method: #rpc,
                summary: #summary,
                validate_json: #v,
                service: &SERVICE,
                path_fields: #path_fields,
                query_fields: #query_fields,
                header_fields: #header_fields,
                body_fields: #body_fields,
                success: #success,
                payload_types: #payload_types,
                response_types: #response_types,
                #send
            }
        }
    });
    let doc = format!(" Every endpoint of the `{}` API, in spec order.", api.name);
    quote! {
        #(#fns)*
        #service
        #[doc = #doc]
        #[doc(hidden)]
        pub static ENDPOINTS: &[::specgen_runtime::registry::Endpoint] = &[#(#entries),*];
    }
}

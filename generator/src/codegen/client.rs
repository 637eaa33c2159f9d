//! Codegen for the async client of an API.
//!
//! Each endpoint gets three methods: a sans-IO `<name>_request` that
//! validates and builds an `http::Request`, a sans-IO `<name>_response` that
//! decodes an `http::Response` into a typed enum keyed by status, and the
//! async `<name>` that sends one through the runtime's `ClientCore`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::types::rust_type;
use super::{doc_attrs, generated_doc_attrs};
use crate::ir::*;
use crate::names::{self, ident};

const RT: &str = "rt::client";

fn rt() -> TokenStream {
    RT.parse().unwrap_or_default()
}

fn auth_tokens(api: &Api) -> TokenStream {
    let c = rt();
    match &api.auth {
        Auth::None => quote!(#c::Auth::None),
        Auth::Bearer => quote!(#c::Auth::Bearer),
        Auth::ApiKeyHeader(h) => quote!(#c::Auth::ApiKeyHeader(#h)),
        Auth::ParamsField(f) => quote!(#c::Auth::ParamsField(#f)),
    }
}

fn object_fields(api: &Api, i: usize) -> &[Field] {
    match &api.types[i].kind {
        TypeKind::Object { fields, .. } => fields,
        TypeKind::Enum { .. } => &[],
    }
}

/// `form = form.text(…)` / `.file(…)` for one multipart field.
fn multipart_part(api: &Api, f: &Field) -> TokenStream {
    let name = ident(&f.rust);
    let wire = &f.wire;
    let value = quote!(value);
    let add = match &f.shape.kind {
        ShapeKind::Bytes => {
            quote!(form.file(#wire, #wire, "application/octet-stream", #value.0.clone()))
        }
        ShapeKind::Named(_) => quote!(form.text(#wire, #value.as_str())),
        k @ (ShapeKind::DateTime(_) | ShapeKind::Uuid) => {
            let text = value_text(k, &value);
            quote!(form.text(#wire, #text))
        }
        k if k.is_string_like() => quote!(form.text(#wire, #value.as_str())),
        _ => quote!(form.text(#wire, #value.to_string())),
    };
    let _ = api;
    if f.is_option() {
        quote! {
            if let Some(value) = &body.#name {
                form = #add;
            }
        }
    } else {
        quote! {
            {
                let value = &body.#name;
                form = #add;
            }
        }
    }
}

struct Sig {
    /// `query: &Q, body: &B`
    params: Vec<TokenStream>,
    /// `query, body`
    args: Vec<Ident>,
    /// `&dyn Validate` parts.
    parts: Vec<TokenStream>,
}

/// The typed parts of a request, in argument order, with their argument
/// names: path parameters, query, headers, body (named `body_name`).
pub(crate) fn request_parts(e: &Endpoint, body_name: &'static str) -> Vec<(usize, &'static str)> {
    [
        (e.path_params, "path"),
        (e.query, "query"),
        (e.headers, "headers"),
        (e.body, body_name),
    ]
    .into_iter()
    .filter_map(|(i, name)| Some((i?, name)))
    .collect()
}

fn body_name(api: &Api) -> &'static str {
    if api.protocol == Protocol::JsonRpc {
        "params"
    } else {
        "body"
    }
}

fn signature(api: &Api, e: &Endpoint) -> Sig {
    let mut sig = Sig {
        params: vec![],
        args: vec![],
        parts: vec![],
    };
    for (i, name) in request_parts(e, body_name(api)) {
        let t = ident(&api.types[i].rust_name);
        let n = format_ident!("{}", name);
        sig.params.push(quote!(#n: &#t));
        sig.parts.push(quote!(#n as &dyn rt::Validate));
        sig.args.push(n);
    }
    sig
}

/// An expression of a path or header value as text, from `v` (a `&T`).
pub(crate) fn value_text(k: &ShapeKind, v: &TokenStream) -> TokenStream {
    match k {
        ShapeKind::DateTime(_) | ShapeKind::Uuid => {
            let format = super::types::text_format_expr(k);
            quote!(::specgen_runtime::wire::TextFormat::text(&#format, #v))
        }
        k if k.is_string_like() => quote!(#v.as_str()),
        ShapeKind::Named(_) => quote!(#v.as_str()),
        _ => quote!(#v.to_string()),
    }
}

/// `.path_param(…)` and `.header_param(…)` calls of an endpoint's builder.
fn param_calls(api: &Api, e: &Endpoint) -> Vec<TokenStream> {
    let mut calls = Vec::new();
    for f in e.path_params.map_or(&[][..], |i| object_fields(api, i)) {
        let (wire, name) = (&f.wire, ident(&f.rust));
        let text = value_text(&f.shape.kind, &quote!(path.#name));
        calls.push(quote!(.path_param(#wire, #text)));
    }
    for f in e.headers.map_or(&[][..], |i| object_fields(api, i)) {
        let (wire, name) = (&f.wire, ident(&f.rust));
        if f.is_option()
            && f.shape.kind.is_string_like()
            && super::types::text_format(&f.shape).is_none()
        {
            calls.push(quote!(.optional_header_param(#wire, headers.#name.as_deref())));
        } else if f.is_option() {
            let text = value_text(&f.shape.kind, &quote!(value));
            calls.push(
                quote!(.optional_header_param(#wire, headers.#name.as_ref().map(|value| #text))),
            );
        } else {
            let text = value_text(&f.shape.kind, &quote!(headers.#name));
            calls.push(quote!(.header_param(#wire, #text)));
        }
    }
    calls
}

fn endpoint_doc(e: &Endpoint, what: &str) -> TokenStream {
    let mut text = e
        .summary
        .clone()
        .unwrap_or_else(|| format!("`{}`.", e.name));
    if let Some(d) = &e.doc {
        text.push_str("\n\n");
        text.push_str(d.trim_end());
    }
    text.push_str("\n\n");
    text.push_str(what);
    doc_attrs(Some(&text))
}

fn response_enum(api: &Api, e: &Endpoint, responses: &[Response]) -> TokenStream {
    let name = format_ident!("{}Response", e.type_prefix);
    let doc = format!(" The documented responses of `{}`, by status.", e.name);
    let variants = responses.iter().map(|r| {
        let v = ident(&r.variant);
        let mut text = format!("{}{}", r.status, if r.error { " (error)" } else { "" });
        if let Some(d) = &r.doc {
            text.push_str(": ");
            text.push_str(d);
        }
        let d = doc_attrs(Some(&text));
        match &r.body {
            Some(b) => {
                let t = rust_type(api, b);
                quote!(#d #v(#t),)
            }
            None => quote!(#d #v,),
        }
    });
    let status_arms = responses.iter().map(|r| {
        let v = ident(&r.variant);
        let s = r.status;
        if r.body.is_some() {
            quote!(Self::#v(_) => #s,)
        } else {
            quote!(Self::#v => #s,)
        }
    });
    let error_arms = responses.iter().map(|r| {
        let v = ident(&r.variant);
        let e = r.error;
        if r.body.is_some() {
            quote!(Self::#v(_) => #e,)
        } else {
            quote!(Self::#v => #e,)
        }
    });
    let json_arms = responses.iter().map(|r| {
        let v = ident(&r.variant);
        if r.body.is_some() {
            quote!(Self::#v(body) => rt::serde_json::to_value(body).unwrap_or_default(),)
        } else {
            quote!(Self::#v => rt::Value::Null,)
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
        impl #name {
            /// The HTTP status.
            pub fn status(&self) -> u16 {
                match self { #(#status_arms)* }
            }
            /// Whether the spec marks this status as an error.
            pub fn is_error(&self) -> bool {
                match self { #(#error_arms)* }
            }
            /// The decoded body as JSON (`null` for no content).
            pub fn to_json(&self) -> rt::Value {
                match self { #(#json_arms)* }
            }
        }
    }
}

fn decode_fn(e: &Endpoint, responses: &[Response]) -> TokenStream {
    let c = rt();
    let resp = format_ident!("{}Response", e.type_prefix);
    let fname = format_ident!("{}_response", e.rust_name.trim_start_matches("r#"));
    let arms = responses.iter().map(|r| {
        let v = ident(&r.variant);
        let s = r.status;
        if r.body.is_some() {
            quote!(#s => Ok(#resp::#v(#c::decode_json(status, body)?)),)
        } else {
            quote!(#s => Ok(#resp::#v),)
        }
    });
    let doc = format!(
        " Decodes a response of `{}` (sans IO). An undocumented status is an error holding the status and the start of the body.",
        e.name
    );
    quote! {
        #[doc = #doc]
        pub fn #fname(response: &#c::HttpResponse) -> Result<#resp, #c::ClientError> {
            let status = response.status();
            let body = response.body().as_slice();
            match status.as_u16() {
                #(#arms)*
                _ => Err(#c::undocumented_status(status, body)),
            }
        }
    }
}

/// The single array field with a `max_items`, for a batching helper.
fn batch_field<'a>(api: &'a Api, e: &Endpoint) -> Option<(&'a Field, u64)> {
    let fields = object_fields(api, e.body?);
    let capped: Vec<(&Field, u64)> = fields
        .iter()
        .filter(|f| matches!(f.shape.kind, ShapeKind::Array(_)) && !f.may_be_unset())
        .filter_map(|f| f.shape.constraints.max_items.as_ref().map(|l| (f, l.value)))
        .collect();
    match capped.as_slice() {
        [one]
            if e.query.is_none()
                && e.path_params.is_none()
                && e.headers.is_none()
                && api.protocol != Protocol::RestMultipart =>
        {
            Some(*one)
        }
        _ => None,
    }
}

fn endpoint_methods(api: &Api, e: &Endpoint) -> (TokenStream, TokenStream) {
    let c = rt();
    let sig = signature(api, e);
    let Sig {
        params,
        args,
        parts,
    } = &sig;
    let base = &e.rust_name;
    let bare = base.trim_start_matches("r#");
    let send = ident(base);
    let build = format_ident!("{}_request", bare);
    let decode = format_ident!("{}_response", bare);
    let method = format_ident!("{}", e.method);
    let path = &e.path;
    let accept = &e.accept;
    let auth = auth_tokens(api);
    let validate = quote!(self.core.validate_all(&[#(#parts),*])?;);
    let mut outside = TokenStream::new();
    let methods = match &e.kind {
        EndpointKind::JsonRpc { rpc_method, result } => {
            let rtype = rust_type(api, result);
            let params_arg = args
                .last()
                .map_or_else(|| quote!(&rt::serde_json::json!({})), |a| quote!(#a));
            let build_doc = endpoint_doc(e, "Builds the JSON-RPC request with id `id` (sans IO): validates the params unless validation is off, injects the credential, and sends nothing.");
            let decode_doc =
                format!(" Decodes a JSON-RPC response to `{rpc_method}` with id `id` (sans IO).");
            let send_doc = endpoint_doc(e, &format!("Calls `{rpc_method}`. Returns the decoded `result`, or the JSON-RPC `error` object. An invalid request returns every validation error and sends nothing."));
            let batch =
                batch_field(api, e).map(|(f, max)| batch_method(api, e, f, max, &rtype, true));
            quote! {
                #build_doc
                pub fn #build(&self, #(#params,)* id: u64) -> Result<#c::HttpRequest, #c::ClientError> {
                    #validate
                    self.core
                        .request(rt::client::Method::POST, Self::DEFAULT_BASE_URL, #path, #auth)?
                        .accept(#accept)
                        .jsonrpc(#rpc_method, id, #params_arg)
                        .build()
                }
                #[doc = #decode_doc]
                pub fn #decode(response: &#c::HttpResponse, id: u64) -> Result<#c::RpcOutcome<#rtype>, #c::ClientError> {
                    #c::decode_jsonrpc(response.status(), response.body(), id)
                }
                #send_doc
                pub async fn #send(&self, #(#params),*) -> Result<#c::RpcOutcome<#rtype>, #c::ClientError> {
                    let id = self.core.next_rpc_id();
                    let request = self.#build(#(#args,)* id)?;
                    let response = self.core.execute(request, false).await?;
                    self.core.scrubbed_rpc(Self::#decode(&response, id))
                }
                #batch
            }
        }
        EndpointKind::Rest(responses) => {
            outside.extend(response_enum(api, e, responses));
            let decode_fn = decode_fn(e, responses);
            let resp = format_ident!("{}Response", e.type_prefix);
            let mut chain = param_calls(api, e);
            if e.query.is_some() {
                chain.push(quote!(.query(query)));
            }
            if let Some(b) = e.body {
                if api.protocol == Protocol::RestMultipart {
                    let parts = object_fields(api, b).iter().map(|f| multipart_part(api, f));
                    chain.push(quote!(.multipart({
                        let mut form = #c::Multipart::new();
                        #(#parts)*
                        form
                    })));
                } else {
                    chain.push(quote!(.json_body(body)));
                }
            }
            let idempotent = matches!(e.method.as_str(), "GET" | "PUT" | "DELETE");
            let build_doc = endpoint_doc(e, "Builds the request (sans IO): validates it unless validation is off, adds the credential, and sends nothing.");
            let send_doc = endpoint_doc(e, "Sends the request and decodes the response by status. An invalid request returns every validation error and sends nothing.");
            let batch = batch_field(api, e)
                .map(|(f, max)| batch_method(api, e, f, max, &quote!(#resp), false));
            quote! {
                #build_doc
                pub fn #build(&self, #(#params),*) -> Result<#c::HttpRequest, #c::ClientError> {
                    #validate
                    self.core
                        .request(rt::client::Method::#method, Self::DEFAULT_BASE_URL, #path, #auth)?
                        .accept(#accept)
                        #(#chain)*
                        .build()
                }
                #decode_fn
                #send_doc
                pub async fn #send(&self, #(#params),*) -> Result<#resp, #c::ClientError> {
                    let request = self.#build(#(#args),*)?;
                    let response = self.core.execute(request, #idempotent).await?;
                    self.core.scrubbed(Self::#decode(&response))
                }
                #batch
            }
        }
    };
    (methods, outside)
}

fn batch_method(
    api: &Api,
    e: &Endpoint,
    f: &Field,
    max: u64,
    out: &TokenStream,
    rpc: bool,
) -> TokenStream {
    let c = rt();
    let Some(b) = e.body else { return quote!() };
    let t = ident(&api.types[b].rust_name);
    let bare = e.rust_name.trim_start_matches("r#");
    let fname = format_ident!("{}_batched", bare);
    let send = ident(&e.rust_name);
    let field = ident(&f.rust);
    // The error's path is a JSON Pointer: the wire name is escaped in it.
    let wire = format!("/{}", names::pointer_token(&f.wire));
    let max_lit =
        proc_macro2::Literal::usize_unsuffixed(usize::try_from(max).unwrap_or(usize::MAX));
    let ok = if rpc {
        quote!(#c::RpcOutcome<#out>)
    } else {
        quote!(#out)
    };
    let doc = format!(
        "Sends `{}` in as many requests as it takes to keep `{}` at {max} items or fewer each, in order.\n\n\
         The whole input is validated first (except the item cap): if it is invalid, every error is returned and nothing is sent. \
         Otherwise every batch is sent, and its result is returned in order, one per batch.",
        api.types[b].name, f.wire
    );
    let doc = doc_attrs(Some(&doc));
    quote! {
        #doc
        pub async fn #fname(&self, mut input: #t) -> Result<::std::vec::Vec<Result<#ok, #c::ClientError>>, #c::ClientError> {
            if self.core.config().validate_requests {
                let mut report = rt::Report::current_time();
                rt::Validate::validate_at(&input, &rt::Path::ROOT, &mut report);
                let errors: ::std::vec::Vec<::specgen_runtime::ValidationError> = report
                    .errors()
                    .iter()
                    .filter(|e| !(e.path == #wire && e.code == ::specgen_runtime::Code::MaxItems))
                    .cloned()
                    .collect();
                if !errors.is_empty() {
                    return Err(#c::ClientError::Validation(rt::ValidationErrors(errors)));
                }
            }
            let items = ::std::mem::take(&mut input.#field);
            let mut results = ::std::vec::Vec::new();
            for batch in #c::batches(items, #max_lit) {
                let mut one = input.clone();
                one.#field = batch;
                results.push(self.#send(&one).await);
            }
            Ok(results)
        }
    }
}

/// A compiled doc example for the client: how a new user calls the first
/// endpoint. Only in crate mode, where the crate's path is known.
pub fn client_example(api: &Api, crate_name: Option<&str>) -> Option<String> {
    let (Some(krate), Some(e)) = (crate_name, api.endpoints.first()) else {
        return None;
    };
    let krate = krate.replace('-', "_");
    let sig = signature(api, e);
    let mut imports = vec!["Client".to_owned()];
    let mut params = Vec::new();
    for (i, name) in request_parts(e, body_name(api)) {
        imports.push(api.types[i].rust_name.clone());
        params.push(format!("{name}: &{}", api.types[i].rust_name));
    }
    imports.sort();
    let args: Vec<String> = sig.args.iter().map(ToString::to_string).collect();
    let base = if api.base_url.is_none() {
        "\n        .base_url(\"https://your-tenant.example.com\")"
    } else {
        ""
    };
    let cred = if api.auth == Auth::None {
        String::new()
    } else {
        "\n        .credential(Secret::new(\"YOUR_CREDENTIAL\")?)".to_owned()
    };
    let validate = sig
        .args
        .iter()
        .map(|a| format!("    {a}.validate()?;\n"))
        .collect::<String>();
    Some(format!(
        "```no_run\nuse {krate}::{}::{{{}}};\nuse {krate}::client::{{ClientConfig, ClientError, Secret}};\n\n\
         async fn call({}) -> Result<(), ClientError> {{\n{validate}    let config = ClientConfig::default(){base}{cred};\n    \
         let client = Client::new(config)?;\n    let response = client.{}({}).await?;\n    println!(\"{{response:?}}\");\n    Ok(())\n}}\n```",
        api.module,
        imports.join(", "),
        params.join(", "),
        e.rust_name,
        args.join(", ")
    ))
}

/// The client items of one API module.
pub fn client(api: &Api, crate_name: Option<&str>) -> TokenStream {
    let c = rt();
    let base = match &api.base_url {
        Some(u) => quote!(Some(#u)),
        None => quote!(None),
    };
    let mut methods = Vec::new();
    let mut outside = Vec::new();
    for e in &api.endpoints {
        let (m, o) = endpoint_methods(api, e);
        methods.push(m);
        outside.push(o);
    }
    let auth_doc = match &api.auth {
        Auth::None => "No credentials are sent.".to_owned(),
        Auth::Bearer => "The credential is sent as `Authorization: Bearer <token>`.".to_owned(),
        Auth::ApiKeyHeader(h) => format!("The credential is sent in the `{h}` header."),
        Auth::ParamsField(f) => format!("The credential is sent as `{f}` inside the request's JSON body (`params` for JSON-RPC)."),
    };
    let base_doc = match &api.base_url {
        Some(u) => format!("The default base URL is `{u}`; set `ClientConfig::base_url` to override it."),
        None => "There is no default base URL (each tenant has its own host): set `ClientConfig::base_url`.".to_owned(),
    };
    let doc = format!(
        "An async client for {}.\n\n{auth_doc} {base_doc} Requests are validated before they are sent unless `ClientConfig::validate_requests(false)` says otherwise.",
        api.title,
    );
    let doc = doc_attrs(Some(&doc));
    // The example is the generator's own Rust, a doctest on purpose.
    let example = client_example(api, crate_name)
        .map(|e| generated_doc_attrs(&format!("\n# Example\n\n{e}")))
        .unwrap_or_default();
    let doc = quote!(#doc #example);
    quote! {
        #(#outside)*
        #doc
        #[derive(Debug, Clone)]
        pub struct Client {
            core: #c::ClientCore,
        }
        impl Client {
            /// The spec's base URL, used when the config sets none.
            pub const DEFAULT_BASE_URL: ::std::option::Option<&'static str> = #base;
            /// A client over the default `reqwest` transport.
            pub fn new(config: #c::ClientConfig) -> Result<Self, #c::ClientError> {
                Ok(Self { core: #c::ClientCore::new(config)? })
            }
            /// A client over a transport of your own.
            pub fn with_transport(
                config: #c::ClientConfig,
                transport: ::std::sync::Arc<dyn #c::Transport>,
            ) -> Result<Self, #c::ClientError> {
                Ok(Self { core: #c::ClientCore::with_transport(config, transport)? })
            }
            /// The shared machinery: config, transport and retries.
            pub fn core(&self) -> &#c::ClientCore {
                &self.core
            }
            #(#methods)*
        }
    }
}

/// The registry's `send` entry for an endpoint: a function that turns a
/// JSON payload into typed parts, sends them and returns the outcome.
pub fn registry_send(api: &Api, e: &Endpoint) -> Option<TokenStream> {
    let _ = api;
    let f = format_ident!("send_{}_payload", e.rust_name.trim_start_matches("r#"));
    Some(quote!(#f))
}

/// The `send_<endpoint>_payload` functions the registry points at.
pub fn registry_send_fns(api: &Api) -> TokenStream {
    let c = rt();
    let fns = api.endpoints.iter().map(|e| {
        let f = format_ident!("send_{}_payload", e.rust_name.trim_start_matches("r#"));
        let send = ident(&e.rust_name);
        let mut lets = Vec::new();
        let mut args = Vec::new();
        for (i, n) in request_parts(e, "body") {
            let t = ident(&api.types[i].rust_name);
            let n = format_ident!("{}", n);
            lets.push(quote!(let #n: #t = rt::registry::typed_payload(&payload)?;));
            args.push(quote!(&#n));
        }
        if lets.is_empty() {
            lets.push(quote!(let _ = payload;));
        }
        let outcome = match &e.kind {
            EndpointKind::JsonRpc { .. } => quote!(rt::registry::Sent::from_rpc(outcome)),
            EndpointKind::Rest(_) => quote!(rt::registry::Sent {
                status: outcome.status(),
                is_error: outcome.is_error(),
                body: outcome.to_json(),
            }),
        };
        let doc = format!(" Sends a JSON payload to `{}.{}` (for the registry and the CLI).", api.name, e.name);
        quote! {
            #[doc = #doc]
            #[doc(hidden)]
            pub fn #f(config: &#c::ClientConfig, payload: rt::Value) -> rt::registry::SendFuture<'_> {
                Box::pin(async move {
                    let client = Client::new(config.clone())?;
                    #(#lets)*
                    let outcome = client.#send(#(#args),*).await?;
                    Ok(#outcome)
                })
            }
        }
    });
    quote!(#(#fns)*)
}

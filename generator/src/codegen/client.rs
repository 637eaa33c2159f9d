//! Codegen for the async client of an API (filled in with the client work).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

/// The client items of one API module.
pub fn client(_api: &Api) -> TokenStream {
    quote!()
}

/// The registry's `send` entry for an endpoint, once clients exist.
pub fn registry_send(_api: &Api, _e: &crate::ir::Endpoint) -> Option<TokenStream> {
    None
}

//! A crate that generates its API module at build time with specgen.

/// The ticket API, generated from `schemas/tickets.yaml` by `build.rs`.
pub mod tickets {
    include!(concat!(env!("OUT_DIR"), "/tickets.rs"));
}

//! The generative soundness test's batch: random valid specs drawn by
//! `build.rs` from a fixed seed (`SPECGEN_SOUNDNESS_SEED`, with
//! `SPECGEN_SOUNDNESS_SPECS` specs; see README.md), generated in one run
//! and compiled here as one crate with warnings and missing docs denied, so
//! `cargo build` proves that everything the checker accepted compiles, and
//! `cargo clippy -D warnings` that it is clippy-clean. `tests/soundness.rs`
//! then judges every object type of every spec on random payloads.
#![forbid(unsafe_code)]

use serde_json::Value;
use specgen_runtime::time::OffsetDateTime;
use specgen_runtime::{Validate, ValidationErrors};

/// One spec of the batch.
#[derive(Debug)]
pub struct Spec {
    /// Its `api` name, which is also its module here.
    pub api: &'static str,
    /// The YAML it was generated from.
    pub yaml: &'static str,
    /// Its object types.
    pub types: &'static [TypeUnderTest],
}

/// The two validators generated for one object type.
#[derive(Debug)]
pub struct TypeUnderTest {
    /// The spec's type name.
    pub name: &'static str,
    /// The JSON validator (`ValidateJson`).
    pub json: fn(&Value, OffsetDateTime) -> Result<(), ValidationErrors>,
    /// The typed path: serde into the struct, then `Validate`; `Err` holds
    /// serde's message when the payload does not decode.
    pub typed: TypedFn,
}

/// The typed path of one type: `Ok(verdict)` when the payload decodes,
/// `Err(serde's message)` when it does not.
pub type TypedFn = fn(&Value, OffsetDateTime) -> Result<Result<(), ValidationErrors>, String>;

/// The typed path of `T`.
pub fn typed<T: serde::de::DeserializeOwned + Validate>(
    v: &Value,
    now: OffsetDateTime,
) -> Result<Result<(), ValidationErrors>, String> {
    serde_json::from_value::<T>(v.clone())
        .map(|t| t.validate_with_now(now))
        .map_err(|e| e.to_string())
}

include!(concat!(env!("OUT_DIR"), "/batch.rs"));

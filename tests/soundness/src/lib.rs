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
use specgen_runtime::{Path, Report, Validate, ValidateJson, ValidationErrors};

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
pub fn typed<T: serde::de::DeserializeOwned + Validate + ValidateJson>(
    v: &Value,
    now: OffsetDateTime,
) -> Result<Result<(), ValidationErrors>, String> {
    // Both validators' verdicts when they stop at the first error
    // (`is_valid`, `is_valid_json`) must be those of the full reports.
    let verdict = |check: &dyn Fn(&mut Report)| {
        let mut first = Report::new(now).stop_at_first();
        check(&mut first);
        first.is_ok()
    };
    let json_first = verdict(&|r| T::validate_json_at(v, &Path::ROOT, r));
    let json_full = T::validate_json_with_now(v, now).is_ok();
    assert_eq!(
        json_first, json_full,
        "is_valid_json disagrees with validate_json on {v}"
    );
    serde_json::from_value::<T>(v.clone())
        .map(|t| {
            let full = t.validate_with_now(now);
            let first = verdict(&|r| t.validate_at(&Path::ROOT, r));
            assert_eq!(
                first,
                full.is_ok(),
                "is_valid disagrees with validate on {v}"
            );
            full
        })
        .map_err(|e| e.to_string())
}

include!(concat!(env!("OUT_DIR"), "/batch.rs"));

//! Support for specgen's integration tests.
//!
//! [`fixtures`] holds the code that `build.rs` generates from every spec in
//! `fixtures/specs/`. It is compiled here, in a library, with warnings and
//! missing docs denied, so that `cargo test` (and `cargo clippy`) fail when
//! the generator emits code for any construct of the spec language that does
//! not compile cleanly. The test files also use it to check how the
//! generated types and validators behave.
#![forbid(unsafe_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use specgen_runtime::time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};
use specgen_runtime::ValidationErrors;

/// One module per spec in `fixtures/specs/`, named after its `api`.
pub mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixture_modules.rs"));
}

pub mod differential;

/// The README's Rust snippets, compiled and run as doctests, so the
/// "Use the generated crate" example cannot drift from the generated API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lives in the workspace")
        .to_path_buf()
}

/// This crate's folder.
pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fixed "now" injected into time-dependent checks: 2025-06-01T00:00:00Z.
pub fn fixed_now() -> OffsetDateTime {
    let date = Date::from_calendar_date(2025, Month::June, 1).expect("valid date");
    PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_utc()
}

/// The errors of a validation result as a set of `"path code"` lines, the
/// format of the payload fixtures' `.expect` files.
pub fn verdict(result: Result<(), ValidationErrors>) -> BTreeSet<String> {
    match result {
        Ok(()) => BTreeSet::new(),
        Err(errors) => errors
            .errors()
            .iter()
            .map(|e| format!("{} {}", e.path, e.code))
            .collect(),
    }
}

/// Parses `"path code"` lines (blank lines ignored) into a set.
pub fn expect_set(text: &str) -> BTreeSet<String> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Builds a set of `"path code"` lines from string slices.
pub fn set(lines: &[&str]) -> BTreeSet<String> {
    lines.iter().map(|s| (*s).to_owned()).collect()
}

/// One JSON payload fixture under `fixtures/payloads/<api>/`.
#[derive(Debug, Clone)]
pub struct PayloadFixture {
    /// `<api>.<endpoint>`, the registry id.
    pub id: String,
    /// Whether the file name says `valid`.
    pub valid: bool,
    /// The JSON file.
    pub path: PathBuf,
    /// The expected `"path code"` lines (empty for valid fixtures).
    pub expect: BTreeSet<String>,
}

/// Every payload fixture, sorted by path. Panics on a file whose name does
/// not follow `<endpoint>.<valid|invalid>.<slug>.json`, or an invalid
/// fixture without its `.expect` file, so a misnamed fixture is never
/// silently skipped.
pub fn payload_fixtures() -> Vec<PayloadFixture> {
    let root = crate_dir().join("fixtures").join("payloads");
    let mut out = Vec::new();
    let mut apis: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("fixtures/payloads exists")
        .map(|e| e.expect("readable dir entry").path())
        .collect();
    apis.sort();
    for dir in apis {
        let api = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("api folder name")
            .to_owned();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("readable api folder")
            .map(|e| e.expect("readable dir entry").path())
            .collect();
        files.sort();
        for path in files {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .expect("file name")
                .to_owned();
            if let Some(stem) = name.strip_suffix(".expect") {
                assert!(
                    dir.join(format!("{stem}.json")).exists(),
                    "{} has no matching .json payload",
                    path.display()
                );
                continue;
            }
            let stem = name
                .strip_suffix(".json")
                .unwrap_or_else(|| panic!("unexpected file {}", path.display()));
            let parts: Vec<&str> = stem.split('.').collect();
            assert!(
                parts.len() == 3 && matches!(parts[1], "valid" | "invalid"),
                "{} is not named <endpoint>.<valid|invalid>.<slug>.json",
                path.display()
            );
            let valid = parts[1] == "valid";
            let expect_path = dir.join(format!("{stem}.expect"));
            let expect = match std::fs::read_to_string(&expect_path) {
                Ok(text) => {
                    assert!(
                        !valid,
                        "valid fixture {} has an .expect file",
                        path.display()
                    );
                    expect_set(&text)
                }
                Err(_) => {
                    assert!(
                        valid,
                        "invalid fixture {} has no .expect file",
                        path.display()
                    );
                    BTreeSet::new()
                }
            };
            assert!(
                valid || !expect.is_empty(),
                "{} expects no error but is named invalid",
                expect_path.display()
            );
            out.push(PayloadFixture {
                id: format!("{api}.{}", parts[0]),
                valid,
                path,
                expect,
            });
        }
    }
    out
}

/// Reads and parses a JSON file.
pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

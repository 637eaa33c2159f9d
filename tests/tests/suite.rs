//! specgen's integration tests, one module per file beside this one, built
//! as one test binary so a cold `cargo test` links chat-apis, tokio, reqwest
//! and axum once instead of once per file. Run one file's tests with
//! `cargo test -p specgen-tests --test suite -- <module>::`.

#[path = "../../runtime/tests/client_support/mod.rs"]
mod client_support;

mod adversarial;
mod boundaries;
mod clients;
mod construction;
mod constructs;
mod diagnostics;
mod differential;
mod exports_valid;
mod freshness;
mod localiq;
mod mock;
mod snapshots;
mod standalone;
mod support;
mod tickets;
mod verdicts;

/// A file added beside this one that is not declared above would never be
/// compiled or run (`autotests = false`): this names it.
#[test]
fn every_test_file_is_a_module_of_the_suite() {
    let dir = specgen_tests::crate_dir().join("tests");
    let root = std::fs::read_to_string(dir.join("suite.rs")).expect("suite.rs");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/ lists") {
        let path = entry.expect("entry").path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let is_module_file =
            path.extension().is_some_and(|e| e == "rs") || path.join("mod.rs").is_file();
        if is_module_file && stem != "suite" && !root.contains(&format!("\nmod {stem};\n")) {
            missing.push(stem.to_owned());
        }
    }
    assert!(
        missing.is_empty(),
        "tests/tests/ files that are not `mod` lines of suite.rs, so never run: {missing:?}"
    );
}

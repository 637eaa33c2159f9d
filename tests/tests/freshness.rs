//! The checked-in `generated/` crate is exactly what the specs generate
//! (prost-build's "bootstrap" test), and generation is deterministic.

use specgen::Builder;

/// The builder `cargo run -p specgen -- generate` uses, run from the
/// workspace root so the spec paths in the `@generated` headers match.
fn workspace_builder() -> Builder {
    // Every test in this file sets the same directory, so running them in
    // parallel is harmless.
    std::env::set_current_dir(specgen_tests::workspace_root()).expect("enter the workspace root");
    Builder::new()
        .schemas("schemas")
        .out_dir("generated")
        .crate_name("chat-apis")
}

#[test]
fn checked_in_generated_crate_is_fresh() {
    let stale = workspace_builder()
        .stale_files()
        .unwrap_or_else(|e| panic!("the specs do not generate:\n{e}"));
    assert!(
        stale.is_empty(),
        "generated/ is out of date; these files differ from what schemas/ generates:\n  {}\n\
         run `cargo run -p specgen -- generate` and commit the result",
        stale
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

#[test]
fn generating_twice_gives_identical_bytes() {
    let first = workspace_builder()
        .generate_to_strings()
        .expect("generates");
    let second = workspace_builder()
        .generate_to_strings()
        .expect("generates");
    assert_eq!(
        first.files.keys().collect::<Vec<_>>(),
        second.files.keys().collect::<Vec<_>>()
    );
    for (path, text) in &first.files {
        assert!(
            second.files[path] == *text,
            "{} differs between two runs",
            path.display()
        );
    }
    for expected in [
        "Cargo.toml",
        "src/lib.rs",
        "src/main.rs",
        "src/callgear.rs",
        "src/chat_v2.rs",
        "src/helpcrunch.rs",
        "src/localiq.rs",
    ] {
        assert!(
            first.files.contains_key(std::path::Path::new(expected)),
            "{expected} is not generated: {:?}",
            first.files.keys()
        );
    }
}

#[test]
fn fixture_specs_generate_identically_twice() {
    let dir = specgen_tests::crate_dir().join("fixtures/specs");
    let first = Builder::new()
        .schemas(&dir)
        .generate_to_strings()
        .expect("generates");
    let second = Builder::new()
        .schemas(&dir)
        .generate_to_strings()
        .expect("generates");
    assert_eq!(first.files, second.files);
}

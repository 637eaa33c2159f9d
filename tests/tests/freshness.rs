//! The checked-in `generated/` crate is exactly what the specs generate
//! (prost-build's "bootstrap" test), and generation is deterministic.

use specgen::Builder;

/// The builder `cargo run -p specgen -- generate` uses from the workspace
/// root, with the specs named as it names them (`schemas/<file>`, in the
/// `@generated` headers). Tests share one process, so none may change its
/// current directory.
fn workspace_builder() -> Builder {
    let root = specgen_tests::workspace_root();
    let mut specs: Vec<_> = std::fs::read_dir(root.join("schemas"))
        .expect("schemas/ lists")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    specs
        .iter()
        .fold(Builder::new(), |builder, path| {
            let name = path.file_name().and_then(|n| n.to_str()).expect("name");
            let text = std::fs::read_to_string(path).expect("readable spec");
            builder.spec_str(format!("schemas/{name}"), text)
        })
        .out_dir(root.join("generated"))
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

//! Snapshots of the generated code: one per spec in `schemas/`, and one per
//! fixture spec in `fixtures/specs/` (each covers one group of constructs of
//! the spec language). Review a changed snapshot with `cargo insta review`.

use std::path::Path;

use specgen::Builder;

use crate::support::snapshot_each_file;

/// Generates one spec as a bare module (the `include!` form) and returns
/// its only file. `shown_as` is the path printed in the `@generated` header,
/// so snapshots do not depend on where the workspace is checked out.
fn generate_module(path: &Path, shown_as: &str) -> String {
    let text = std::fs::read_to_string(path).expect("readable spec");
    let out = Builder::new()
        .spec_str(shown_as, text)
        .generate_to_strings()
        .unwrap_or_else(|e| panic!("{shown_as} does not generate:\n{e}"));
    assert_eq!(
        out.files.len(),
        1,
        "one module per spec: {:?}",
        out.files.keys()
    );
    out.files.into_values().next().expect("one file")
}

fn file_name(path: &Path) -> &str {
    path.file_name()
        .and_then(|n| n.to_str())
        .expect("file name")
}

#[test]
fn generated_code_of_every_schema() {
    let schemas = specgen_tests::workspace_root().join("schemas");
    snapshot_each_file(&schemas, ".yaml", |path| {
        let code = generate_module(path, &format!("schemas/{}", file_name(path)));
        insta::assert_snapshot!("generated_code_of_every_schema", code);
    });
}

#[test]
fn generated_code_of_every_fixture_spec() {
    let specs = specgen_tests::crate_dir().join("fixtures/specs");
    snapshot_each_file(&specs, ".yaml", |path| {
        let code = generate_module(path, &format!("fixtures/specs/{}", file_name(path)));
        insta::assert_snapshot!("generated_code_of_every_fixture_spec", code);
    });
}

/// A one-type spec whose `T` has the given fields (YAML, indented 6).
fn one_type_spec(fields: &str) -> String {
    format!(
        "api: t\ntitle: t\nprotocol: rest_json\nauth: {{scheme: none}}\nendpoints:\n  - name: send\n    method: POST\n    path: /send\n    body: T\n    responses: {{\"200\": {{}}}}\ntypes:\n  T:\n    fields:\n{fields}"
    )
}

fn generate_text(spec: &str) -> String {
    let out = Builder::new()
        .spec_str("t.yaml", spec)
        .generate_to_strings()
        .unwrap_or_else(|e| panic!("{e}"));
    out.files.into_values().next().expect("one file")
}

#[test]
fn a_rust_name_that_is_not_snake_case_is_rejected_so_rules_statics_stay_distinct() {
    // `fooBar` would shout to the same static as `foo_bar` and lose its rules.
    let spec = one_type_spec(
        "      foo_bar: {type: string, max_length: 1}\n      other: {type: string, min_length: 5, rust_name: fooBar}\n",
    );
    match Builder::new()
        .spec_str("t.yaml", spec)
        .generate_to_strings()
    {
        Err(specgen::Error::Spec(e)) => {
            assert!(
                e.to_string()
                    .contains("rust_name `fooBar` is not a snake_case"),
                "{e}"
            )
        }
        other => panic!("expected a diagnostic, got {other:?}"),
    }
    let code = generate_text(&one_type_spec(
        "      foo_bar: {type: string, max_length: 1}\n      other: {type: string, min_length: 5, rust_name: other_name}\n",
    ));
    assert!(
        code.contains("value: 5"),
        "the min_length 5 of `other` is lost:\n{code}"
    );
    assert!(code.contains("pub other_name:"));
}

#[test]
fn endpoint_names_never_make_two_client_methods_with_one_name() {
    let spec = "api: t\ntitle: t\nprotocol: rest_json\nauth: {scheme: none}\nendpoints:\n  - {name: new, method: POST, path: /new, responses: {\"200\": {}}}\n  - {name: send, method: POST, path: /send, responses: {\"200\": {}}}\n  - {name: send_request, method: POST, path: /send2, responses: {\"200\": {}}}\n";
    match Builder::new()
        .spec_str("t.yaml", spec)
        .generate_to_strings()
    {
        // Rejecting the names with a diagnostic is a fix too.
        Err(specgen::Error::Spec(_)) => {}
        Err(other) => panic!("{other}"),
        Ok(out) => {
            let code = out.files.into_values().next().expect("one file");
            for method in ["fn new(", "fn send_request("] {
                assert!(
                    code.matches(method).count() <= 1,
                    "`{method}` is defined twice"
                );
            }
        }
    }
}

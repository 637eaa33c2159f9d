//! The checked-in exports are valid documents, judged by validators from
//! PyPI: every `generated/openapi/*.openapi.json` is valid OpenAPI 3.1
//! (`openapi-spec-validator`), every `generated/schema/*.schema.json` is a
//! valid JSON Schema 2020-12 document, and the schemas of every
//! `generated/openrpc/*.openrpc.json` are valid JSON Schema (draft 7, the
//! dialect of OpenRPC 1.x), all checked by the `jsonschema` Python package
//! that `openapi-spec-validator` depends on.
//!
//! Its three tests are `#[ignore]`d, since they need Python and a package from
//! PyPI, so `cargo test` lists them as ignored with the reason. `.ci/run`
//! installs the validator and runs them with `-- --ignored`; run them by
//! hand with `pip install openapi-spec-validator` and
//! `cargo test -p specgen-tests --test suite -- --ignored exports_valid::`. Run
//! without the validator, they fail: a check never passes without checking.

use std::path::{Path, PathBuf};
use std::process::Command;

const SCRIPT: &str = r#"
import json, sys
from jsonschema import Draft202012Validator, Draft7Validator
from openapi_spec_validator import validate
from openapi_spec_validator.validation import OpenAPIV31SpecValidator

failed = 0
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        if path.endswith(".openapi.json"):
            assert doc.get("openapi", "").startswith("3.1."), "not OpenAPI 3.1"
            validate(doc, cls=OpenAPIV31SpecValidator)
        elif path.endswith(".schema.json"):
            Draft202012Validator.check_schema(doc)
            for name, schema in doc["$defs"].items():
                Draft202012Validator.check_schema(schema)
        elif path.endswith(".openrpc.json"):
            assert doc.get("openrpc", "").startswith("1."), "not OpenRPC 1.x"
            for name, schema in doc["components"]["schemas"].items():
                Draft7Validator.check_schema(schema)
            for m in doc["methods"]:
                assert m["name"] and "result" in m, "a method needs a name and a result"
                for p in m["params"]:
                    Draft7Validator.check_schema(p["schema"])
        print("ok  ", path)
    except Exception as e:
        failed += 1
        print("FAIL", path, "\n", e)
sys.exit(1 if failed else 0)
"#;

fn generated() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .join("generated")
}

fn json_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(generated().join(dir))
        .unwrap_or_else(|e| panic!("generated/{dir}: {e}; run `cargo run -p specgen -- generate`"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// Whether the validator can run here; `Err` says why not.
fn validator_available() -> Result<(), String> {
    let probe = Command::new("python3")
        .args(["-c", "import openapi_spec_validator, jsonschema"])
        .output()
        .map_err(|e| format!("python3 cannot be started: {e}"))?;
    if probe.status.success() {
        Ok(())
    } else {
        Err(format!(
            "the Python module openapi_spec_validator is missing ({})",
            String::from_utf8_lossy(&probe.stderr).trim()
        ))
    }
}

#[test]
#[ignore = "needs python3 with openapi-spec-validator; .ci/run installs it and runs this with --ignored"]
fn exported_openapi_schema_and_openrpc_documents_are_valid() {
    if let Err(why) = validator_available() {
        panic!("{why}: install it with `pip install openapi-spec-validator`");
    }
    let openapi = json_files("openapi");
    let schemas = json_files("schema");
    let openrpc = json_files("openrpc");
    assert!(
        !openapi.is_empty(),
        "no OpenAPI document under generated/openapi"
    );
    assert!(!schemas.is_empty(), "no JSON Schema under generated/schema");
    assert!(
        !openrpc.is_empty(),
        "no OpenRPC document under generated/openrpc"
    );
    let out = Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .args(openapi.iter().chain(&schemas).chain(&openrpc))
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "invalid exported documents:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The ticket fixture's exports (path and header parameters, whose schemas
/// carry the segment and header-value checks) are valid documents too.
#[test]
#[ignore = "needs python3 with openapi-spec-validator; .ci/run installs it and runs this with --ignored"]
fn exported_documents_of_path_and_header_parameters_are_valid() {
    if let Err(why) = validator_available() {
        panic!("{why}: install it with `pip install openapi-spec-validator`");
    }
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/specs/tickets.yaml");
    let out = specgen::Builder::new()
        .schemas(&spec)
        .exports(true)
        .generate_to_strings()
        .expect("the ticket fixture generates");
    let dir = std::env::temp_dir().join(format!("specgen-tickets-exports-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut written = Vec::new();
    for (name, text) in &out.files {
        let is_export = name.extension().is_some_and(|x| x == "json");
        if let (true, Some(file)) = (is_export, name.file_name()) {
            let path = dir.join(file);
            std::fs::write(&path, text).expect("write export");
            written.push(path);
        }
    }
    let openapi = written
        .iter()
        .find(|p| p.to_string_lossy().ends_with(".openapi.json"))
        .expect("an OpenAPI document");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(openapi).expect("readable")).expect("JSON");
    let params = &doc["paths"]["/v3/tickets/{id}/attachments/{file_name}"]["get"]["parameters"];
    let places: Vec<(&str, &str, bool)> = params
        .as_array()
        .expect("parameters")
        .iter()
        .map(|p| {
            (
                p["name"].as_str().expect("name"),
                p["in"].as_str().expect("in"),
                p["required"].as_bool().expect("required"),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("id", "path", true),
            ("file_name", "path", true),
            ("X-Request-Id", "header", true),
            ("X-Trace", "header", false),
        ]
    );
    let run = Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .args(&written)
        .output()
        .expect("python3 runs");
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "invalid exported documents:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains(".openapi.json"), "{stdout}");
}

/// The validator is not a rubber stamp: a broken document fails.
#[test]
#[ignore = "needs python3 with openapi-spec-validator; .ci/run installs it and runs this with --ignored"]
fn the_openapi_validator_rejects_a_broken_document() {
    if let Err(why) = validator_available() {
        panic!("{why}: install it with `pip install openapi-spec-validator`");
    }
    let path = json_files("openapi")
        .into_iter()
        .next()
        .expect("an OpenAPI document");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("readable")).expect("JSON");
    // Every response needs a description.
    let responses = doc["paths"]
        .as_object_mut()
        .and_then(|p| p.values_mut().next())
        .and_then(|item| item.as_object_mut())
        .and_then(|item| item.values_mut().next())
        .map(|op| &mut op["responses"])
        .expect("a response");
    for r in responses.as_object_mut().expect("responses").values_mut() {
        r.as_object_mut().expect("response").remove("description");
    }
    let broken = std::env::temp_dir().join(format!(
        "specgen-broken-{}.openapi.json",
        std::process::id()
    ));
    std::fs::write(&broken, serde_json::to_string(&doc).expect("JSON")).expect("write");
    let out = Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(&broken)
        .output()
        .expect("python3 runs");
    let _ = std::fs::remove_file(&broken);
    assert!(
        !out.status.success(),
        "a document without response descriptions passed: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

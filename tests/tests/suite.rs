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
mod nested_rules;
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

/// The Rust sources of every test in the workspace.
fn test_sources() -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            if path.is_dir() && !path.ends_with("target") {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = specgen_tests::workspace_root();
    let mut out = Vec::new();
    for dir in [
        "tests",
        "runtime/tests",
        "benches/tests",
        "examples/build-script",
    ] {
        walk(&root.join(dir), &mut out);
    }
    assert!(out.len() > 15, "found only {out:?}");
    out
}

/// Regression (issue 12: "without `CI` set, that test, and the
/// OpenAPI-validity test when its validator is missing, print skipped ...
/// and report ok"): a check that cannot run panics or is `#[ignore]`d with
/// its reason; none prints that it skipped and passes.
#[test]
fn no_test_prints_that_it_skipped() {
    let mut printing = Vec::new();
    for path in test_sources() {
        let text = std::fs::read_to_string(&path).expect("readable source");
        for (n, line) in text.lines().enumerate() {
            let lower = line.to_lowercase();
            let prints =
                lower.contains(concat!("print", "!(")) || lower.contains(concat!("println", "!("));
            if prints && lower.contains("skip") {
                printing.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(printing.is_empty(), "{}", printing.join("\n"));
}

/// Regression (issue 12: "a test reads `../shared/seeds/` beside the
/// repository, and a clone anywhere else does not have it"): no test names
/// a path above the workspace.
#[test]
fn no_test_reads_beside_the_repository() {
    let above = [
        concat!("../../", "../"),
        concat!("../", "shared"),
        concat!("/", "work/"),
    ];
    let mut outside = Vec::new();
    for path in test_sources() {
        let text = std::fs::read_to_string(&path).expect("readable source");
        let code = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim_start().starts_with("//"));
        for (n, line) in code {
            if above.iter().any(|p| line.contains(p)) {
                outside.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(outside.is_empty(), "{}", outside.join("\n"));
}

//! The payload fixtures in `fixtures/payloads/<api>/` get exactly the
//! verdicts their `.expect` files list, from the registry's JSON validator
//! and from the `chat-apis validate` command line (in process, reading what
//! it prints).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use specgen_runtime::registry::{self, Endpoint};
use specgen_tests::{fixed_now, payload_fixtures, read_json, verdict, PayloadFixture};

fn endpoint(id: &str) -> &'static Endpoint {
    registry::find(chat_apis::APIS, id).unwrap_or_else(|| panic!("`{id}` is not registered"))
}

#[test]
fn fixtures_cover_every_endpoint_with_a_valid_payload() {
    let fixtures = payload_fixtures();
    for e in chat_apis::APIS.iter().flat_map(|a| a.iter()) {
        assert!(
            fixtures.iter().any(|f| f.id == e.id() && f.valid),
            "no valid payload fixture for {}",
            e.id()
        );
    }
    // Every endpoint that takes a payload also has an invalid one.
    let without_fields = ["chat_v2.whitelisted_domains_and_blacklisted_ips"];
    for e in chat_apis::APIS.iter().flat_map(|a| a.iter()) {
        if without_fields.contains(&e.id().as_str()) {
            continue;
        }
        assert!(
            fixtures.iter().any(|f| f.id == e.id() && !f.valid),
            "no invalid payload fixture for {}",
            e.id()
        );
    }
}

#[test]
fn registry_gives_each_payload_fixture_its_expected_verdict() {
    let mut failures = Vec::new();
    let fixtures = payload_fixtures();
    assert!(
        fixtures.len() >= 40,
        "only {} fixtures found",
        fixtures.len()
    );
    for f in &fixtures {
        let got = verdict(endpoint(&f.id).validate_with_now(&read_json(&f.path), fixed_now()));
        if got != f.expect {
            failures.push(format!(
                "{}:\n  expected {:?}\n  got      {:?}",
                f.path.display(),
                f.expect,
                got
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_error_has_a_message() {
    for f in payload_fixtures().iter().filter(|f| !f.valid) {
        let errors = endpoint(&f.id)
            .validate_with_now(&read_json(&f.path), fixed_now())
            .expect_err("invalid fixture");
        for e in errors.errors() {
            assert!(!e.message.trim().is_empty(), "{}: {e:?}", f.path.display());
        }
    }
}

fn args(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| (*s).to_owned()).collect()
}

fn run_cli(parts: &[&str]) -> ExitCode {
    specgen_runtime::cli::run(chat_apis::APIS, &args(parts))
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

#[test]
fn cli_exit_codes_match_the_library_verdicts() {
    for f in payload_fixtures() {
        let code = run_cli(&["validate", &f.id, path_str(&f.path)]);
        let want = if f.valid {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        };
        assert_eq!(code, want, "{}", f.path.display());
    }
}

#[test]
fn cli_exits_2_on_an_unknown_endpoint_an_unreadable_file_and_non_json() {
    let valid = specgen_tests::crate_dir()
        .join("fixtures/payloads/helpcrunch/create_chat.valid.documented.json");
    assert_eq!(
        run_cli(&["validate", "helpcrunch.create_chatt", path_str(&valid)]),
        ExitCode::from(2)
    );
    assert_eq!(
        run_cli(&["validate", "helpcrunch.create_chat", "/no/such/file.json"]),
        ExitCode::from(2)
    );
    let not_json = specgen_tests::crate_dir().join("fixtures/bad/unknown_key.yaml");
    assert_eq!(
        run_cli(&["validate", "helpcrunch.create_chat", path_str(&not_json)]),
        ExitCode::from(2)
    );
    assert_eq!(
        run_cli(&["validate", "helpcrunch.create_chat"]),
        ExitCode::from(2)
    );
    assert_eq!(run_cli(&["frobnicate"]), ExitCode::from(2));
    assert_eq!(run_cli(&["list"]), ExitCode::SUCCESS);
}

/// Runs `validate` on a fixture as the `chat-apis` binary does (its `main`
/// is `cli::main(APIS)`, which is `run_to` on the standard streams), and
/// returns the exit code and the printed `path code` lines.
fn run_printed(f: &PayloadFixture) -> (ExitCode, BTreeSet<String>) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = specgen_runtime::cli::run_to(
        chat_apis::APIS,
        &args(&["validate", &f.id, path_str(&f.path)]),
        &mut out,
        &mut err,
    );
    let stdout = String::from_utf8(out).expect("UTF-8 output");
    let mut lines = BTreeSet::new();
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| {
            panic!(
                "{}: output line {line:?} is not JSON: {e}",
                f.path.display()
            )
        });
        let obj = v.as_object().expect("each line is a JSON object");
        let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        assert_eq!(keys, ["code", "message", "path"], "{line}");
        assert!(obj.values().all(serde_json::Value::is_string), "{line}");
        lines.insert(format!(
            "{} {}",
            v["path"].as_str().unwrap_or(""),
            v["code"].as_str().unwrap_or("")
        ));
    }
    (code, lines)
}

/// What the CLI prints is what the library says, one JSON object per line.
/// (In-process: building the binary from inside a test rebuilt the runtime
/// with other features and took over a minute.)
#[test]
fn cli_output_gives_the_same_verdicts_as_the_library() {
    for f in payload_fixtures() {
        // The CLI uses the real clock; so does this comparison.
        let library = verdict(endpoint(&f.id).validate(&read_json(&f.path)));
        let (code, lines) = run_printed(&f);
        assert_eq!(
            code,
            if f.valid {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            },
            "{}",
            f.path.display()
        );
        assert_eq!(lines, library, "{}", f.path.display());
    }
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = specgen_runtime::cli::run_to(
        chat_apis::APIS,
        &args(&["validate", "localiq.capture", "-"]),
        &mut out,
        &mut err,
    );
    assert_eq!(code, ExitCode::from(2));
    assert!(out.is_empty());
    assert!(String::from_utf8_lossy(&err).contains("unknown endpoint `localiq.capture`"));
}

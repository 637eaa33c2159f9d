//! A crate generated outside this workspace builds on its own, and a user
//! crate that depends on it alone (no `specgen-runtime` line) can build,
//! validate and serialize requests with the types-only feature set.
//!
//! The build runs `cargo build --offline` in a temporary folder, on a copy of
//! this workspace's `Cargo.lock` and with this workspace's target folder, so
//! only the two new crates are compiled.

use std::path::{Path, PathBuf};
use std::process::Command;

const SPEC: &str = r#"
api: tickets
title: Tickets
protocol: rest_json
base_url: https://tickets.example.com
auth: {scheme: bearer}
endpoints:
  - name: create_ticket
    method: POST
    path: /v3/tickets
    body: NewTicket
    responses: {"201": {body: {type: NewTicket}}}
types:
  Priority:
    enum: [low, normal, high]
  NewTicket:
    fields:
      subject: {type: string, required: true, min_length: 3}
      priority: {type: Priority, default: normal}
      tags: {type: array, items: {type: string}}
      custom_fields: {type: json}
"#;

const USER_MAIN: &str = r##"
use tickets_api::tickets::{NewTicket, Priority};

fn main() {
    let ticket = NewTicket::new("Printer on fire").with_tags(vec!["hardware".into()]);
    assert_eq!(ticket.priority, Priority::Normal);
    ticket.validate().expect("a valid ticket");
    let body = tickets_api::serde_json::to_string(&ticket).expect("serializes");
    assert_eq!(body, r#"{"subject":"Printer on fire","priority":"normal","tags":["hardware"]}"#);

    let errors = NewTicket::new("ab").validate().expect_err("too short");
    let first: &tickets_api::ValidationError = &errors.errors()[0];
    assert_eq!((&*first.path, first.code), ("/subject", tickets_api::Code::MinLength));
    println!("ok");
}
"##;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn cargo(dir: &Path, args: &[&str]) -> std::process::Output {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| specgen_tests::workspace_root().join("target"));
    Command::new(env!("CARGO"))
        .args(args)
        .arg("--offline")
        .env("CARGO_TARGET_DIR", target)
        .current_dir(dir)
        .output()
        .expect("cargo runs")
}

#[test]
#[ignore = "builds a generated crate with a nested cargo, about a minute warm; .ci/run runs it with --ignored"]
fn crate_generated_outside_the_workspace_builds_and_serves_a_types_only_user() {
    let root = std::env::temp_dir().join(format!("specgen-standalone-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let apis = root.join("tickets-api");
    specgen::Builder::new()
        .spec_str("tickets.yaml", SPEC)
        .crate_name("tickets-api")
        .out_dir(&apis)
        .generate()
        .expect("generates");

    let manifest = std::fs::read_to_string(apis.join("Cargo.toml")).expect("manifest");
    let runtime_line = manifest
        .lines()
        .find(|l| l.starts_with("specgen-runtime = "))
        .expect("a runtime dependency");
    assert!(
        runtime_line.contains("path = ") && !runtime_line.contains("workspace"),
        "outside a workspace the runtime is a path dependency: {runtime_line}"
    );

    write(
        &root.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"tickets-api\", \"user\"]\n",
    );
    write(
        &root.join("user/Cargo.toml"),
        "[package]\nname = \"user\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\ntickets-api = { path = \"../tickets-api\", default-features = false }\n",
    );
    write(&root.join("user/src/main.rs"), USER_MAIN);
    std::fs::copy(
        specgen_tests::workspace_root().join("Cargo.lock"),
        root.join("Cargo.lock"),
    )
    .expect("copy Cargo.lock");

    let types_only = cargo(&root, &["run", "--quiet", "-p", "user"]);
    assert!(
        types_only.status.success(),
        "the types-only user does not build or run:\n{}",
        String::from_utf8_lossy(&types_only.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&types_only.stdout), "ok\n");

    let tree = cargo(&root, &["tree", "-p", "user", "-e", "normal"]);
    let tree = String::from_utf8_lossy(&tree.stdout);
    for heavy in ["reqwest", "tokio", "rustls"] {
        assert!(
            !tree.contains(heavy),
            "types-only pulls in {heavy}:\n{tree}"
        );
    }

    let full = cargo(&root, &["build", "-p", "tickets-api", "--all-targets"]);
    assert!(
        full.status.success(),
        "the generated crate with its client and CLI does not build:\n{}",
        String::from_utf8_lossy(&full.stderr)
    );
    let _ = std::fs::remove_dir_all(&root);
}

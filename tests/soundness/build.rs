//! Draws a batch of random valid specs (see the `specgen-random-specs`
//! crate) from `SPECGEN_SOUNDNESS_SEED` and `SPECGEN_SOUNDNESS_SPECS`,
//! writes each to `OUT_DIR/specs/`, generates them as one run of
//! `specgen::Builder`, and writes `batch.rs`: one module per spec (compiled
//! by `src/lib.rs` with warnings and missing docs denied) and a table of
//! every object type with its spec's YAML for the test to judge.
//!
//! A spec the checker rejects fails the build with the spec and every
//! diagnostic: the generator only draws valid specs.

use std::fmt::Write as _;
use std::path::PathBuf;

use specgen::ir::TypeKind;
use specgen_random_specs::{batch, Constructs};

/// CI's batch: fixed, so a red run is repeatable.
const DEFAULT_SEED: u64 = 0x5EED_0008;
const DEFAULT_SPECS: usize = 60;

fn env_number(name: &str, default: u64) -> u64 {
    println!("cargo:rerun-if-env-changed={name}");
    match std::env::var(name) {
        Ok(v) => {
            let v = v.trim();
            let parsed = match v.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => v.parse(),
            };
            parsed.unwrap_or_else(|_| panic!("{name}={v} is not a number"))
        }
        Err(_) => default,
    }
}

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let seed = env_number("SPECGEN_SOUNDNESS_SEED", DEFAULT_SEED);
    let count = env_number("SPECGEN_SOUNDNESS_SPECS", DEFAULT_SPECS as u64) as usize;
    let specs_dir = out.join("specs");
    let _ = std::fs::remove_dir_all(&specs_dir);
    std::fs::create_dir_all(&specs_dir).expect("create OUT_DIR/specs");
    let specs = batch(seed, count, Constructs::SUPPORTED);
    let mut builder = specgen::Builder::new().out_dir(&out);
    for s in &specs {
        let path = specs_dir.join(format!("{}.yaml", s.api));
        std::fs::write(&path, &s.yaml).expect("write spec");
        builder = builder.schemas(&path);
    }
    let output = match builder.generate_to_strings() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("the checker rejected specs the random generator believes valid (seed {seed:#x}):\n{e}");
            for s in &specs {
                if e.to_string().contains(&format!("{}.yaml", s.api)) {
                    eprintln!("--- {}.yaml\n{}", s.api, s.yaml);
                }
            }
            std::process::exit(1);
        }
    };
    specgen::emit::write(&out, &output.files, false).expect("write the generated modules");
    let mut text = format!(
        "/// The seed the batch was drawn from.\npub const SEED: u64 = {seed:#x};\n\
         /// The seed of CI's batch.\npub const DEFAULT_SEED: u64 = {DEFAULT_SEED:#x};\n\
         /// The number of specs in CI's batch.\npub const DEFAULT_SPECS: usize = {DEFAULT_SPECS};\n"
    );
    let mut table = String::new();
    for (api, s) in output.apis.apis.iter().zip(&specs) {
        let m = &api.module;
        let _ = writeln!(
            text,
            "/// Generated from the random spec `{m}.yaml` (seed {seed:#x}).\n\
             #[deny(warnings, missing_docs)]\n\
             pub mod {m} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{m}.rs\"));\n}}"
        );
        let _ = writeln!(
            table,
            "    Spec {{ api: {:?}, yaml: include_str!(concat!(env!(\"OUT_DIR\"), \"/specs/{m}.yaml\")), types: &[",
            s.api
        );
        for t in &api.types {
            if let TypeKind::Object { .. } = t.kind {
                let _ = writeln!(
                    table,
                    "        TypeUnderTest {{ name: {:?}, json: <{m}::{r} as ::specgen_runtime::ValidateJson>::validate_json_with_now, typed: crate::typed::<{m}::{r}> }},",
                    t.name,
                    r = t.rust_name
                );
            }
        }
        let _ = writeln!(table, "    ] }},");
    }
    let _ = writeln!(
        text,
        "/// Every spec of the batch.\npub static SPECS: &[Spec] = &[\n{table}];"
    );
    std::fs::write(out.join("batch.rs"), text).expect("write batch.rs");
}

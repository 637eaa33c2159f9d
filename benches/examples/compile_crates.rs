//! Writes the two crates that `benches/compile_time.sh` builds, from one
//! synthetic spec of N endpoints: `ours/` (specgen's crate) and `typify/`
//! (typify's types for the JSON Schema that `specgen export` writes for the
//! same spec). Usage: `compile_crates <endpoints> <dir>`.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(dir)) = (args.get(1).and_then(|n| n.parse().ok()), args.get(2)) else {
        eprintln!("usage: compile_crates <endpoints> <dir>");
        return ExitCode::FAILURE;
    };
    match write_crates(n, Path::new(dir)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("compile_crates: {e}");
            ExitCode::FAILURE
        }
    }
}

fn write_crates(endpoints: usize, dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let spec = specgen_benches::synthetic_spec(endpoints);
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("synthetic.yaml"), &spec)?;
    let runtime = specgen_benches::workspace_root()
        .join("runtime")
        .canonicalize()?;
    let ours = dir.join("ours");
    let out = specgen::Builder::new()
        .spec_str("synthetic.yaml", spec)
        .crate_name("synthetic-ours")
        .runtime_dependency(format!(
            "{{ path = {:?}, default-features = false }}",
            runtime.display().to_string()
        ))
        .out_dir(&ours)
        .generate_to_strings()?;
    let mut files = out.files;
    // Outside any workspace, with its own lock file.
    let toml = files
        .get_mut(Path::new("Cargo.toml"))
        .ok_or("no Cargo.toml generated")?;
    toml.push_str("\n[workspace]\n");
    let schema = files
        .remove(Path::new("schema/synthetic.schema.json"))
        .ok_or("no JSON Schema exported")?;
    files.retain(|p, _| p.starts_with("src") || p == Path::new("Cargo.toml"));
    specgen::emit::write(&ours, &files, true)?;

    let theirs = dir.join("typify");
    std::fs::create_dir_all(theirs.join("src"))?;
    std::fs::write(
        theirs.join("src/lib.rs"),
        specgen_benches::typify_types(&schema)?,
    )?;
    std::fs::write(
        theirs.join("Cargo.toml"),
        "[package]\nname = \"synthetic-typify\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n\
         regress = \"0.10\"\nuuid = { version = \"1\", features = [\"serde\"] }\n\
         chrono = { version = \"0.4\", features = [\"serde\"] }\n\n[workspace]\n",
    )?;
    eprintln!(
        "compile_crates: {endpoints} endpoints in {} and {}",
        ours.display(),
        theirs.display()
    );
    Ok(())
}

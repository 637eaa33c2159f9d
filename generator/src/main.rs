//! The `specgen` command: a thin caller of the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generate Rust types, validators and clients from YAML API specs.
#[derive(Parser)]
#[command(name = "specgen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the crate from the specs (writes only files that change).
    Generate {
        /// Folder of *.yaml specs, or one spec file.
        #[arg(long, default_value = "schemas")]
        schemas: PathBuf,
        /// The generated crate's folder.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        /// The generated crate's package name.
        #[arg(long, default_value = "chat-apis")]
        crate_name: String,
        /// Write nothing; exit 1 and name the stale files if the output is out of date.
        #[arg(long)]
        check: bool,
        /// Print how long each phase took.
        #[arg(long)]
        timings: bool,
        /// Lay the Rust files out without formatting them (faster; for output nobody reads).
        #[arg(long)]
        no_format: bool,
    },
    /// Write JSON Schema, OpenAPI and OpenRPC documents of the specs.
    Export {
        /// Folder of *.yaml specs, or one spec file.
        #[arg(long, default_value = "schemas")]
        schemas: PathBuf,
        /// Where to write `schema/`, `openapi/` and `openrpc/`.
        #[arg(long)]
        out: PathBuf,
    },
    /// Check the specs and print every diagnostic; generates nothing.
    Check {
        /// Folder of *.yaml specs, or one spec file.
        #[arg(long, default_value = "schemas")]
        schemas: PathBuf,
        /// Print how long each phase took.
        #[arg(long)]
        timings: bool,
    },
}

/// Runs from the workspace root when started below it with default paths,
/// so `cargo run -p specgen -- generate` works from any folder of the repo.
fn enter_workspace_root(schemas: &Path) {
    if schemas.exists() || schemas.is_absolute() {
        return;
    }
    let Ok(mut dir) = std::env::current_dir() else {
        return;
    };
    while let Some(parent) = dir.parent().map(Path::to_path_buf) {
        dir = parent;
        if dir.join(schemas).exists() && dir.join("Cargo.toml").exists() {
            let _ = std::env::set_current_dir(&dir);
            eprintln!("specgen: working in {}", dir.display());
            return;
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    match cli.command {
        Command::Export { schemas, out } => {
            enter_workspace_root(&schemas);
            let written = specgen::Builder::new()
                .schemas(&schemas)
                .check()
                .and_then(|o| {
                    specgen::emit::write(&out, &specgen::export::files(&o.apis.apis), false)
                });
            match written {
                Ok(report) => {
                    for f in &report.written {
                        eprintln!("  wrote   {}", out.join(f).display());
                    }
                    eprintln!(
                        "specgen: {} document(s) in {}, {} changed",
                        report.written.len() + report.unchanged.len(),
                        out.display(),
                        report.written.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { schemas, timings } => {
            enter_workspace_root(&schemas);
            match specgen::Builder::new().schemas(&schemas).check() {
                Ok(out) => {
                    eprintln!(
                        "specgen: {} spec(s) are valid ({} ms)",
                        out.apis.apis.len(),
                        started.elapsed().as_millis()
                    );
                    if timings {
                        let t = out.timings;
                        eprintln!(
                            "  load {:?}, lower {:?}, check {:?}",
                            t.load, t.lower, t.check
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Generate {
            schemas,
            out,
            crate_name,
            check,
            timings,
            no_format,
        } => {
            enter_workspace_root(&schemas);
            let builder = specgen::Builder::new()
                .schemas(&schemas)
                .out_dir(&out)
                .crate_name(crate_name)
                .format(!no_format);
            if check {
                return match builder.stale_files() {
                    Ok(stale) if stale.is_empty() => {
                        eprintln!("specgen: {} is up to date", out.display());
                        ExitCode::SUCCESS
                    }
                    Ok(stale) => {
                        eprintln!("specgen: {} is out of date; these files differ from what the specs generate:", out.display());
                        for f in stale {
                            eprintln!("  {}", out.join(f).display());
                        }
                        eprintln!("run `cargo run -p specgen -- generate` and commit the result");
                        ExitCode::FAILURE
                    }
                    Err(e) => {
                        eprintln!("{e}");
                        ExitCode::FAILURE
                    }
                };
            }
            let output = match builder.generate_to_strings() {
                Ok(o) => o,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::FAILURE;
                }
            };
            match specgen::emit::write(&out, &output.files, true) {
                Ok(report) => {
                    for f in &report.written {
                        eprintln!("  wrote   {}", out.join(f).display());
                    }
                    for f in &report.removed {
                        eprintln!("  removed {}", out.join(f).display());
                    }
                    eprintln!(
                        "specgen: {} API(s), {} file(s), {} changed, in {} ms",
                        output.apis.apis.len(),
                        output.files.len(),
                        report.written.len() + report.removed.len(),
                        started.elapsed().as_millis()
                    );
                    if timings {
                        let t = output.timings;
                        eprintln!(
                            "  load {:?}, lower {:?}, check {:?}, codegen {:?}, emit {:?}",
                            t.load, t.lower, t.check, t.codegen, t.emit
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

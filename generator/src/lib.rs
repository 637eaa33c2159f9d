//! specgen turns hand-written YAML specs of HTTP API endpoints into Rust
//! types, validators and async clients.
//!
//! The pipeline runs in explicit phases: **load** (YAML → model, with
//! positions) → **lower** (model → IR: references resolved, names decided)
//! → **check** (semantic errors) → **codegen** (IR → tokens, printed item
//! by item as they are built) → **emit** (files, written only when they
//! change). Every phase collects
//! all of its diagnostics before the run stops, so a user sees every error
//! of every spec at once, each with `file:line:col`.
//!
//! # Use from a build script
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     // Unformatted: nobody reads OUT_DIR, and formatting is most of the time.
//!     specgen::Builder::new().schemas("schemas").format(false).generate()?;
//!     Ok(())
//! }
//! ```
//!
//! and in the crate, for a spec whose `api` is `localiq`:
//!
//! ```ignore
//! pub mod localiq {
//!     include!(concat!(env!("OUT_DIR"), "/localiq.rs"));
//! }
//! ```
//!
//! The including crate depends on `specgen-runtime`, nothing else.
//!
//! # Use as a library
//!
//! ```
//! let spec = r#"
//! api: demo
//! title: Demo
//! protocol: rest_json
//! auth: {scheme: bearer}
//! endpoints:
//!   - name: ping
//!     method: POST
//!     path: /ping
//!     body: Ping
//!     responses: {"204": {}}
//! types:
//!   Ping:
//!     fields:
//!       note: {type: string, max_length: 10}
//! "#;
//! let out = specgen::Builder::new().spec_str("demo.yaml", spec).generate_to_strings().unwrap();
//! let code = &out.files[std::path::Path::new("demo.rs")];
//! assert!(code.contains("pub struct Ping"));
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod check;
pub mod codegen;
pub mod diag;
pub mod emit;
pub mod export;
pub mod ir;
pub mod lower;
pub mod names;
mod resolve;
mod shape;
pub mod spec;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use quote::quote;

pub use diag::{Diagnostic, SpecErrors};
pub use emit::{Files, WriteReport};

/// Everything that can go wrong in a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more specs are invalid; every diagnostic is inside.
    #[error("{0}")]
    Spec(SpecErrors),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// No spec was given or found.
    #[error("no spec files (*.yaml) found in {}", .0.display())]
    NoSpecs(PathBuf),
    /// `generate` outside a build script, with no `out_dir`.
    #[error(
        "no output folder: call `out_dir(…)`, or run from a build script where OUT_DIR is set"
    )]
    NoOutDir,
    /// A bug in specgen: generated code that does not parse.
    #[error("internal error, please report it: {0}")]
    Internal(String),
}

/// Where a spec comes from.
#[derive(Debug, Clone)]
enum Source {
    /// A file, or a folder of `*.yaml` files.
    Path(PathBuf),
    /// In-memory text with a display name.
    Text { name: String, text: String },
}

/// How long each phase took, for `--timings` and the benchmarks.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    /// Reading and parsing YAML.
    pub load: Duration,
    /// Resolving and naming.
    pub lower: Duration,
    /// Semantic checks.
    pub check: Duration,
    /// Building token streams and laying them out as text (prettyplease,
    /// unless [`Builder::format`] is off), which interleave item by item,
    /// on two threads unless [`Builder::parallel`] is off: wall time.
    pub codegen: Duration,
    /// Putting the files together: the modules, the crate's other files and
    /// the exported documents.
    pub emit: Duration,
}

/// The output of a run, not yet written anywhere.
#[derive(Debug)]
pub struct Output {
    /// Files relative to the output folder.
    pub files: Files,
    /// The spec files that were read, for `rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
    /// Time per phase.
    pub timings: Timings,
    /// The checked IR, for exporters and tools.
    pub apis: ir::Apis,
}

/// The result of [`Builder::check`]: specs that passed every check.
#[derive(Debug)]
pub struct Checked {
    /// The spec files that were read.
    pub inputs: Vec<PathBuf>,
    /// Time per phase (codegen and emit are zero).
    pub timings: Timings,
    /// The checked IR.
    pub apis: ir::Apis,
}

/// One spec's text as read; `None` when it is not UTF-8 (already reported).
struct SourceText {
    name: String,
    text: Option<String>,
    path: Option<PathBuf>,
}

/// The file's text, or a diagnostic at the line and column of its first
/// byte that is not UTF-8.
fn utf8(name: &str, bytes: Vec<u8>, diags: &mut diag::Diagnostics) -> Option<String> {
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            // The prefix is valid UTF-8, so it can be counted in characters.
            let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            diags.error_help(
                diag::Loc {
                    file: name.into(),
                    line: before.matches('\n').count() + 1,
                    col: before[line_start..].chars().count() + 1,
                },
                format!("the file is not UTF-8: byte 0x{:02X} cannot start or continue a character here", bytes[at]),
                "save the spec as UTF-8",
            );
            None
        }
    }
}

/// Configures and runs the generator, in the style of `prost_build::Config`.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    sources: Vec<Source>,
    out_dir: Option<PathBuf>,
    crate_name: Option<String>,
    runtime_dependency: Option<String>,
    exports: Option<bool>,
    unformatted: bool,
    single_threaded: bool,
}

impl Builder {
    /// A builder with no specs, writing modules to `OUT_DIR`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a spec file, or every `*.yaml` file of a folder (sorted by name).
    pub fn schemas(mut self, path: impl AsRef<Path>) -> Self {
        self.sources.push(Source::Path(path.as_ref().to_path_buf()));
        self
    }

    /// Adds a spec from memory; `name` is used in diagnostics.
    pub fn spec_str(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.sources.push(Source::Text {
            name: name.into(),
            text: text.into(),
        });
        self
    }

    /// Where to write; defaults to `OUT_DIR` (set by cargo for build scripts).
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Emits a whole crate (`Cargo.toml`, `src/lib.rs`, `src/main.rs` with the
    /// `list`/`validate`/`send` CLI, one module per API) instead of bare
    /// modules for `include!`.
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// The `specgen-runtime` dependency line of a generated crate's
    /// Cargo.toml. The default: `{ workspace = true, default-features = false }`
    /// when the output folder is inside a workspace that declares
    /// `specgen-runtime`; else a path to the runtime this specgen was built
    /// with, when it is on this machine; else a version requirement.
    /// Default features must stay off: the crate's own features turn them on.
    pub fn runtime_dependency(mut self, spec: impl Into<String>) -> Self {
        self.runtime_dependency = Some(spec.into());
        self
    }

    /// Also emits the standard documents of [`export`] (JSON Schema,
    /// OpenAPI, OpenRPC) under `schema/`, `openapi/` and `openrpc/`, so they
    /// are written, and checked for freshness, with the code. On by default
    /// for a whole crate ([`Builder::crate_name`]), off for bare modules.
    pub fn exports(mut self, on: bool) -> Self {
        self.exports = Some(on);
        self
    }

    /// Formats the Rust files with prettyplease (on by default), as
    /// checked-in code should be. Off, tokens are laid out one statement per
    /// line without the parse that formatting needs, several times faster: for
    /// build scripts, whose output in `OUT_DIR` nobody reads. Either way
    /// the same specs give the same bytes.
    pub fn format(mut self, on: bool) -> Self {
        self.unformatted = !on;
        self
    }

    /// Uses two threads when the machine has two cores (on by default): to
    /// parse a large spec while its document is built from the parser's
    /// events, to lower the types of a large spec, and to build each
    /// module's code in two halves. Off,
    /// everything runs on the calling thread. The output and the
    /// diagnostics are the same either way.
    pub fn parallel(mut self, on: bool) -> Self {
        self.single_threaded = !on;
        self
    }

    /// Whether to use a second thread: allowed, and there is a second core.
    fn threads(&self) -> bool {
        !self.single_threaded && two_cores()
    }

    /// Reads every source. A file that is not UTF-8 becomes a diagnostic
    /// (its text is `None`), so the other specs are still checked.
    fn read_sources(&self, diags: &mut diag::Diagnostics) -> Result<Vec<SourceText>, Error> {
        let mut out = Vec::new();
        let mut read = |path: &Path, out: &mut Vec<SourceText>| -> Result<(), Error> {
            let bytes = std::fs::read(path).map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?;
            let name = path.display().to_string();
            let text = utf8(&name, bytes, diags);
            out.push(SourceText {
                name,
                text,
                path: Some(path.to_path_buf()),
            });
            Ok(())
        };
        for s in &self.sources {
            match s {
                Source::Text { name, text } => out.push(SourceText {
                    name: name.clone(),
                    text: Some(text.clone()),
                    path: None,
                }),
                Source::Path(p) if p.is_dir() => {
                    let entries = std::fs::read_dir(p).map_err(|source| Error::Io {
                        path: p.clone(),
                        source,
                    })?;
                    let mut files: Vec<PathBuf> = entries
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|f| f.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                        .collect();
                    files.sort();
                    if files.is_empty() {
                        return Err(Error::NoSpecs(p.clone()));
                    }
                    for f in files {
                        read(&f, &mut out)?;
                    }
                }
                Source::Path(p) => read(p, &mut out)?,
            }
        }
        if out.is_empty() {
            return Err(Error::NoSpecs(PathBuf::from(".")));
        }
        Ok(out)
    }

    /// Runs load, lower and check on every spec and generates nothing: what
    /// `specgen check` does. Every phase runs on everything the phase before
    /// it could make sense of, so one run reports every mistake in every
    /// file, sorted by file and position.
    pub fn check(&self) -> Result<Checked, Error> {
        let mut timings = Timings::default();
        let mut diags = diag::Diagnostics::default();
        let t = Instant::now();
        let sources = self.read_sources(&mut diags)?;
        let loaded: Vec<spec::LoadedSpec> = sources
            .iter()
            .filter_map(|s| {
                spec::load_on_threads(
                    &s.name,
                    s.text.as_deref()?,
                    &mut diags,
                    !self.single_threaded,
                )
            })
            .collect();
        timings.load = t.elapsed();

        let t = Instant::now();
        let apis: Vec<ir::Api> = loaded
            .iter()
            .map(|l| lower::lower_on_threads(l, &mut diags, self.threads()))
            .collect();
        let mut seen = std::collections::BTreeMap::new();
        let own_crate = self.crate_name.as_ref().map(|c| c.replace('-', "_"));
        for (api, l) in apis.iter().zip(&loaded) {
            if own_crate.as_ref() == Some(&api.module) {
                diags.error_help(
                    l.map.value(&[spec::Step::Key("api".into())]),
                    format!("API name `{}` is the generated crate's own name", api.name),
                    "use another name, so `crate::` and the module stay apart",
                );
            }
            if let Some(other) = seen.insert(api.module.clone(), api.file.clone()) {
                diags.error_help(
                    l.map.value(&[spec::Step::Key("api".into())]),
                    format!("API name `{}` is also used by {other}", api.name),
                    "each spec needs its own `api` name",
                );
            }
        }
        timings.lower = t.elapsed();

        let t = Instant::now();
        for api in &apis {
            check::check(api, &mut diags);
        }
        timings.check = t.elapsed();
        diags.into_result()?;
        Ok(Checked {
            inputs: sources.into_iter().filter_map(|s| s.path).collect(),
            timings,
            apis: ir::Apis { apis },
        })
    }

    /// Runs every phase and returns the files without writing them.
    pub fn generate_to_strings(&self) -> Result<Output, Error> {
        let Checked {
            inputs,
            mut timings,
            apis: ir::Apis { apis },
        } = self.check()?;

        // Codegen and the printing of its items interleave, batch by batch
        // and on two threads: their wall time is `codegen`'s.
        let t = Instant::now();
        let format = !self.unformatted;
        let print = |items, out: &mut String| emit::print_items(items, format, out);
        let threads = self.threads();
        let mut modules = Vec::with_capacity(apis.len());
        for api in &apis {
            let mut text = emit::rust_header(&display_path(&api.file));
            text.push('\n');
            text.push_str(&codegen::api_source(
                api,
                self.crate_name.as_deref(),
                &print,
                threads,
            )?);
            modules.push((api, text));
        }
        timings.codegen = t.elapsed();

        let t = Instant::now();
        let mut files = Files::new();
        let prefix = if self.crate_name.is_some() {
            "src/"
        } else {
            ""
        };
        for (api, text) in modules {
            files.insert(PathBuf::from(format!("{prefix}{}.rs", api.module)), text);
        }
        if let Some(name) = &self.crate_name {
            self.crate_files(name, &apis, &mut files)?;
        }
        if self.exports.unwrap_or(self.crate_name.is_some()) {
            files.extend(export::files(&apis));
        }
        timings.emit = t.elapsed();
        Ok(Output {
            files,
            inputs,
            timings,
            apis: ir::Apis { apis },
        })
    }

    fn crate_files(&self, name: &str, apis: &[ir::Api], files: &mut Files) -> Result<(), Error> {
        let lib_name = name.replace('-', "_");
        let mods = apis.iter().map(|a| {
            let m = names::ident(&a.module);
            let mut doc = format!("{}\n\nGenerated from `{}`.", a.title, display_path(&a.file));
            if let Some(d) = &a.doc {
                doc = format!(
                    "{}\n\n{}\n\nGenerated from `{}`.",
                    a.title,
                    d.trim_end(),
                    display_path(&a.file)
                );
            }
            let doc = codegen::doc_attrs(Some(&doc));
            quote!(#doc #[rustfmt::skip] pub mod #m;)
        });
        let lists = apis.iter().map(|a| {
            let m = names::ident(&a.module);
            quote!(#m::ENDPOINTS)
        });
        let list_doc = "Every endpoint of every API, grouped by API: the plumbing of the crate's command line.";
        let crate_doc = codegen::inner_doc_attrs(&landing_page(&lib_name, apis));
        let lib = quote! {
            #crate_doc
            #![forbid(unsafe_code)]
            #![deny(missing_docs)]
            #(#mods)*
            // Three short lists: prettyplease and rustfmt wrap a long one differently.
            #[doc(no_inline)]
            pub use ::specgen_runtime::{prelude, serde_json, time, uuid};
            #[doc(no_inline)]
            pub use ::specgen_runtime::{Bytes, Code, Validate, ValidateJson};
            #[doc(no_inline)]
            pub use ::specgen_runtime::{ValidationError, ValidationErrors};
            /// The client configuration, credentials and errors (`ClientConfig`,
            /// `Secret`, `ClientError`, …) that the generated clients take and return.
            #[cfg(feature = "client")]
            pub mod client {
                #[doc(no_inline)]
                pub use ::specgen_runtime::client::*;
                #[doc(no_inline)]
                pub use ::specgen_runtime::http;
            }
            #[doc = #list_doc]
            #[doc(hidden)]
            #[cfg(feature = "client")]
            pub static APIS: &[&[::specgen_runtime::registry::Endpoint]] = &[#(#lists),*];
        };
        let header = emit::rust_header("schemas/");
        files.insert(
            PathBuf::from("src/lib.rs"),
            emit::rust_file(lib, &header, !self.unformatted)?,
        );
        let lib_ident = names::ident(&lib_name);
        let main = quote! {
            //! The command line of this crate: `list`, `validate` and `send`
            //! (feature `cli`).
            fn main() -> ::std::process::ExitCode {
                ::specgen_runtime::cli::main(#lib_ident::APIS)
            }
        };
        files.insert(
            PathBuf::from("src/main.rs"),
            emit::rust_file(main, &header, !self.unformatted)?,
        );
        let runtime = self
            .runtime_dependency
            .clone()
            .unwrap_or_else(|| self.default_runtime_dependency());
        let cargo = format!(
            "# {marker} by specgen. Do not edit by hand: run `cargo run -p specgen -- generate`.\n\
             [package]\n\
             name = \"{name}\"\n\
             version = \"0.1.0\"\n\
             description = \"Types, validators and async clients generated by specgen from the specs in schemas/.\"\n\
             edition = \"2021\"\n\
             rust-version = \"1.85\"\n\
             license = \"MIT OR Apache-2.0\"\n\
             publish = false\n\
             \n\
             [dependencies]\n\
             specgen-runtime = {runtime}\n\
             \n\
             [features]\n\
             default = [\"client\", \"cli\", \"mock\"]\n\
             # The async clients and the endpoint registry (reqwest, tokio, rustls).\n\
             # Without it: types and validators only.\n\
             client = [\"specgen-runtime/client\"]\n\
             # The `list` / `validate` / `send` command line.\n\
             cli = [\"client\", \"specgen-runtime/cli\"]\n\
             # The `mock` command: a validating mock server of these APIs.\n\
             mock = [\"cli\", \"specgen-runtime/mock\"]\n\
             \n\
             [[bin]]\n\
             name = \"{name}\"\n\
             path = \"src/main.rs\"\n\
             required-features = [\"cli\"]\n",
            marker = emit::MARKER
        );
        files.insert(PathBuf::from("Cargo.toml"), cargo);
        Ok(())
    }

    fn default_runtime_dependency(&self) -> String {
        let out = self
            .out_dir
            .as_deref()
            .and_then(|d| std::path::absolute(d).ok());
        let in_workspace = out.iter().flat_map(|d| d.ancestors()).any(|dir| {
            std::fs::read_to_string(dir.join("Cargo.toml")).is_ok_and(|toml| {
                toml.contains("[workspace.dependencies]") && toml.contains("specgen-runtime")
            })
        });
        if in_workspace {
            return "{ workspace = true, default-features = false }".to_owned();
        }
        let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
        match runtime.canonicalize() {
            Ok(dir) if dir.join("Cargo.toml").is_file() => format!(
                "{{ path = {}, default-features = false }}",
                toml_string(&dir.display().to_string())
            ),
            _ => format!(
                "{{ version = \"{}\", default-features = false }}",
                env!("CARGO_PKG_VERSION")
            ),
        }
    }

    /// Runs every phase and writes the files that changed into `out_dir`
    /// (or `OUT_DIR`). In a build script it also prints
    /// `cargo:rerun-if-changed` for every spec, and a failure prints every
    /// diagnostic and fails the build.
    pub fn generate(&self) -> Result<WriteReport, Error> {
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::NoOutDir)?,
        };
        let in_build_script = std::env::var_os("OUT_DIR").is_some()
            && std::env::var_os("CARGO_MANIFEST_DIR").is_some();
        if in_build_script {
            for s in &self.sources {
                if let Source::Path(p) = s {
                    println!("cargo:rerun-if-changed={}", p.display());
                }
            }
        }
        let out = self.generate_to_strings()?;
        if in_build_script {
            for p in &out.inputs {
                println!("cargo:rerun-if-changed={}", p.display());
            }
        }
        emit::write(&out_dir, &out.files, self.crate_name.is_some())
    }

    /// The files under `out_dir` that are out of date (empty when fresh).
    pub fn stale_files(&self) -> Result<Vec<PathBuf>, Error> {
        let out_dir = self.out_dir.clone().ok_or(Error::NoOutDir)?;
        let out = self.generate_to_strings()?;
        Ok(emit::stale(&out_dir, &out.files))
    }
}

/// Whether the machine gives this process a second core.
fn two_cores() -> bool {
    std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

/// A spec path as shown in headers: forward slashes, relative as given.
fn display_path(p: &str) -> String {
    p.replace('\\', "/")
}

/// A TOML basic string: quoted, with `\\` and `"` escaped.
fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The crate's landing page: what it holds, how to depend on it, and a
/// compiled example per API.
fn landing_page(lib_name: &str, apis: &[ir::Api]) -> String {
    let mut doc = format!(
        "Types, validators and async clients for {} APIs, generated by specgen.\n\n\
         Every request type is built with `new` from its required fields and\n\
         `with_*` setters for the others (`Default` when nothing is required), and\n\
         checked with its inherent `validate()`, which returns every error at once\n\
         ([`ValidationErrors`], each with a JSON-Pointer path and a [`Code`]). No\n\
         trait import is needed; [`prelude`] holds the traits for generic code.\n\n\
         Features: `client` (default) adds the async clients (reqwest, tokio,\n\
         rustls), whose configuration and errors `client` re-exports; `cli`\n\
         (default) builds the `list` / `validate` / `send` command line. With\n\
         `default-features = false` the crate is types and validators only.\n\
         [`serde_json`] and [`time`] are re-exported for the types that use them.\n\n\
         # APIs\n",
        apis.len()
    );
    for a in apis {
        doc.push_str(&format!("\n- [`{}`]: {}", a.module, a.title));
    }
    for a in apis {
        if let Some(example) = codegen::client::client_example(a, Some(lib_name)) {
            doc.push_str(&format!("\n\n## {}\n\n{example}", a.title));
        }
    }
    doc
}

//! Phase 5, emit: token streams become formatted files, written only when
//! their bytes change, with an `@generated` header.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;

use crate::Error;

/// The marker every generated file carries; `--check` and the stale-file
/// cleanup only ever touch files that have it.
pub const MARKER: &str = "@generated";

/// Formats a token stream as a Rust file with the header.
pub fn rust_file(tokens: TokenStream, header: &str) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| Error::Internal(format!("generated code does not parse: {e}")))?;
    let body = prettyplease::unparse(&file);
    Ok(format!("{header}\n{body}"))
}

/// The header of a generated Rust file.
pub fn rust_header(source: &str) -> String {
    format!(
        "// {MARKER} by specgen from {source}. Do not edit by hand:\n// change the spec and run `cargo run -p specgen -- generate`.\n"
    )
}

/// Files relative to an output folder, in path order.
pub type Files = BTreeMap<PathBuf, String>;

/// What writing did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    /// Files whose bytes changed or that were new.
    pub written: Vec<PathBuf>,
    /// Files that were already up to date.
    pub unchanged: Vec<PathBuf>,
    /// Generated files that no spec produces any more, removed.
    pub removed: Vec<PathBuf>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Generated `.rs` files under `dir/src` that `files` does not contain.
fn stale_generated(dir: &Path, files: &Files) -> Vec<PathBuf> {
    let src = dir.join("src");
    let Ok(entries) = std::fs::read_dir(&src) else {
        return vec![];
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .filter(|p| {
            p.strip_prefix(dir)
                .is_ok_and(|rel| !files.contains_key(rel))
        })
        .filter(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains(MARKER)))
        .collect();
    out.sort();
    out
}

/// Writes `files` under `dir`, skipping files whose bytes are unchanged so
/// cargo does not rebuild needlessly. With `prune`, removes generated files
/// under `dir/src` that no spec produces any more.
pub fn write(dir: &Path, files: &Files, prune: bool) -> Result<WriteReport, Error> {
    let mut report = WriteReport::default();
    for (rel, text) in files {
        let path = dir.join(rel);
        if std::fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
            report.unchanged.push(rel.clone());
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, text).map_err(io(&path))?;
        report.written.push(rel.clone());
    }
    if prune {
        for path in stale_generated(dir, files) {
            std::fs::remove_file(&path).map_err(io(&path))?;
            report
                .removed
                .push(path.strip_prefix(dir).unwrap_or(&path).to_path_buf());
        }
    }
    Ok(report)
}

/// The files under `dir` that differ from `files`, are missing, or are
/// generated leftovers: empty when the checked-in output is fresh.
pub fn stale(dir: &Path, files: &Files) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = files
        .iter()
        .filter(|(rel, text)| {
            std::fs::read(dir.join(rel)).map_or(true, |old| old != text.as_bytes())
        })
        .map(|(rel, _)| rel.clone())
        .collect();
    out.extend(
        stale_generated(dir, files)
            .into_iter()
            .map(|p| p.strip_prefix(dir).unwrap_or(&p).to_path_buf()),
    );
    out
}

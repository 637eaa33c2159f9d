//! Helpers the test modules share that need the suite's own dev-dependencies
//! (insta) or its binary (child processes).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Snapshots `snapshot(path)` for every file of `dir` whose name ends with
/// `extension`, sorted, named as `insta::glob!` names them (`<test>@<file>`),
/// and panics at the end naming every file whose snapshot differs.
///
/// insta's `glob!` is not used: it keeps its failure counts on one
/// process-wide stack, so while a glob runs on one test thread, a failing
/// snapshot on another thread is counted to that glob and does not fail its
/// own test. All the suite's tests share one process.
pub fn snapshot_each_file(dir: &Path, extension: &str, snapshot: impl Fn(&Path)) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("readable dir entry").path())
        .filter(|path| path.is_file() && path.to_string_lossy().ends_with(extension))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no *{extension} file in {}",
        dir.display()
    );
    let mut differ = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("file name");
        let mut settings = insta::Settings::clone_current();
        settings.set_input_file(path);
        settings.set_snapshot_suffix(name);
        let outcome = settings.bind(|| catch_unwind(AssertUnwindSafe(|| snapshot(path))));
        if outcome.is_err() {
            differ.push(name.to_owned());
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} snapshots failed (each printed its diff above): {differ:?}",
        differ.len(),
        files.len()
    );
}

/// Runs the test `test` of module `module` (the caller's `module_path!()`)
/// of this test binary in a child process with `env` set, for what only a
/// fresh process shows (a stack overflow, insta's environment), and panics
/// with the child's output unless exactly that test ran and passed.
pub fn run_test_in_child(module: &str, test: &str, env: &[(&str, &str)]) {
    // The harness names tests by their path without the crate's name.
    let module = module.split_once("::").map_or("", |(_, rest)| rest);
    let name = if module.is_empty() {
        test.to_owned()
    } else {
        format!("{module}::{test}")
    };
    let mut child = Command::new(std::env::current_exe().expect("test binary"));
    child.args(["--exact", &name, "--include-ignored", "--test-threads=1"]);
    for (key, value) in env {
        child.env(key, value);
    }
    let out = child.output().expect("the test binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("test result: ok. 1 passed"),
        "{name} in a child process: {}\n--- stdout\n{stdout}\n--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

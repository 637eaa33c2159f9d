//! Diagnostics: what is wrong with a spec, where, and how to fix it.
//!
//! Every phase pushes into a [`Diagnostics`] accumulator instead of returning
//! at the first problem; the pipeline stops at phase boundaries, so a user
//! sees every error of every spec in one run (the way cxx reports).

use std::fmt;
use std::sync::Arc;

/// A position in a spec file. Lines and columns count from 1.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    /// The file, as given to the loader.
    pub file: Arc<str>,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub col: usize,
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where it is.
    pub loc: Loc,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is a useful hint.
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: error: {}", self.loc, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// An accumulator of diagnostics, kept in a stable order.
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records an error.
    pub fn error(&mut self, loc: Loc, message: impl Into<String>) {
        self.list.push(Diagnostic {
            loc,
            message: message.into(),
            help: None,
        });
    }

    /// Records an error with a hint on how to fix it.
    pub fn error_help(&mut self, loc: Loc, message: impl Into<String>, help: impl Into<String>) {
        self.list.push(Diagnostic {
            loc,
            message: message.into(),
            help: Some(help.into()),
        });
    }

    /// Records every diagnostic of `other` after these.
    pub fn append(&mut self, mut other: Diagnostics) {
        self.list.append(&mut other.list);
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Moves the diagnostics out, sorted by position.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.list
            .sort_by(|a, b| a.loc.cmp(&b.loc).then_with(|| a.message.cmp(&b.message)));
        self.list.dedup();
        self.list
    }

    /// Fails with every diagnostic if there is any: a phase boundary.
    pub fn into_result(self) -> Result<(), crate::Error> {
        if self.list.is_empty() {
            Ok(())
        } else {
            Err(crate::Error::Spec(SpecErrors(self.into_sorted())))
        }
    }
}

/// Every diagnostic of a failed run, sorted by file and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecErrors(pub Vec<Diagnostic>);

impl fmt::Display for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(f, "{n} error{} in the specs", if n == 1 { "" } else { "s" })
    }
}

//! Phase 5, emit: token streams become formatted files, written only when
//! their bytes change, with an `@generated` header.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use std::fmt::Write as _;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

use crate::Error;

/// The marker every generated file carries; `--check` and the stale-file
/// cleanup only ever touch files that have it.
pub const MARKER: &str = "@generated";

/// A token stream as a Rust file with the header: formatted by prettyplease
/// when `format`, else laid out by this module's plain printer, which skips the syn parse
/// that is most of prettyplease's cost.
pub fn rust_file(tokens: TokenStream, header: &str, format: bool) -> Result<String, Error> {
    let mut out = format!("{header}\n");
    print_items(tokens, format, &mut out)?;
    Ok(out)
}

/// Appends whole items (never part of one) as text, each ending in a line
/// break. Items can be printed batch by batch, as codegen builds them, so
/// no token tree of a whole module is ever held, copied or freed at once:
/// the plain layout starts every top-level item on a fresh line at depth 0,
/// and prettyplease puts no blank line between items, so the concatenation
/// is the bytes of printing the whole file at once.
pub fn print_items(tokens: TokenStream, format: bool, out: &mut String) -> Result<(), Error> {
    if format {
        let file: syn::File = syn::parse2(tokens)
            .map_err(|e| Error::Internal(format!("generated code does not parse: {e}")))?;
        out.push_str(&prettyplease::unparse(&file));
    } else {
        let mut p = Plain {
            out: std::mem::take(out),
            depth: 0,
            last: Last::LineStart,
        };
        p.statements(tokens);
        p.newline();
        *out = p.out;
    }
    Ok(())
}

/// What was printed last, which decides the white space before a token.
#[derive(Clone, Copy, PartialEq)]
enum Last {
    LineStart,
    Open,
    Close,
    Ident,
    /// A keyword, which reads better spaced from what follows.
    Keyword,
    Literal,
    Punct(char, Spacing),
    /// The second `:` of a `::`.
    PathSep,
}

#[cfg(test)]
fn plain(tokens: TokenStream, header: &str) -> String {
    rust_file(tokens, header, false).unwrap_or_default()
}

/// Tokens printed in one pass: one statement, field or attribute per line,
/// indented by braces. Rust does not care where white space falls between
/// tokens, only that joint punctuation stays glued and separate tokens stay
/// apart, which `space_between` keeps.
struct Plain {
    out: String,
    depth: usize,
    last: Last,
}

impl Plain {
    fn newline(&mut self) {
        if self.last != Last::LineStart {
            self.out.push('\n');
            self.last = Last::LineStart;
        }
    }

    fn indent_if_line_start(&mut self) {
        if self.last == Last::LineStart {
            for _ in 0..self.depth {
                self.out.push_str("    ");
            }
        }
    }

    /// The inside of a brace group, or the file: statements and items.
    fn statements(&mut self, tokens: TokenStream) {
        let mut iter = tokens.into_iter().peekable();
        let mut attribute = false;
        while let Some(tt) = iter.next() {
            let before = self.last;
            let is_attr_body = matches!(&tt, TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket)
                && matches!(before, Last::Punct('#', _) | Last::Punct('!', _))
                && attribute;
            attribute = matches!(&tt, TokenTree::Punct(p) if p.as_char() == '#')
                || attribute && matches!(&tt, TokenTree::Punct(p) if p.as_char() == '!');
            let brace = matches!(&tt, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace);
            let ends_line = match &tt {
                TokenTree::Punct(p) => matches!(p.as_char(), ';' | ','),
                _ => is_attr_body,
            };
            self.token(tt);
            let next_continues = match iter.peek() {
                Some(TokenTree::Punct(p)) => matches!(p.as_char(), ',' | ';' | '.' | '?'),
                Some(TokenTree::Ident(i)) => i == "else",
                _ => false,
            };
            if ends_line || brace && !next_continues {
                self.newline();
            }
        }
    }

    /// Tokens inside parentheses or brackets: one line, unless a brace
    /// group (a closure body, a struct literal) opens lines of its own.
    fn inline(&mut self, tokens: TokenStream) {
        for tt in tokens {
            self.token(tt);
        }
    }

    fn token(&mut self, tt: TokenTree) {
        if space_between(self.last, &tt) {
            self.out.push(' ');
        }
        self.indent_if_line_start();
        match tt {
            TokenTree::Group(g) => {
                let delimiter = g.delimiter();
                let (open, close) = match delimiter {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                self.out.push_str(open);
                self.last = Last::Open;
                let inner = g.stream();
                // The group's own handle goes first, so iterating `inner`
                // takes its tokens instead of copying them.
                drop(g);
                if delimiter == Delimiter::Brace && !inner.is_empty() {
                    self.depth += 1;
                    self.newline();
                    self.statements(inner);
                    self.depth -= 1;
                    self.newline();
                    self.indent_if_line_start();
                } else {
                    self.inline(inner);
                }
                self.out.push_str(close);
                self.last = Last::Close;
            }
            TokenTree::Ident(i) => {
                let start = self.out.len();
                let _ = write!(self.out, "{i}");
                self.last = if is_keyword(&self.out[start..]) {
                    Last::Keyword
                } else {
                    Last::Ident
                };
            }
            TokenTree::Literal(l) => {
                let _ = write!(self.out, "{l}");
                self.last = Last::Literal;
            }
            TokenTree::Punct(p) => {
                let c = p.as_char();
                self.out.push(c);
                self.last = match self.last {
                    Last::Punct(':', Spacing::Joint) if c == ':' => Last::PathSep,
                    _ => Last::Punct(c, p.spacing()),
                };
            }
        }
    }
}

/// Whether a space must or may go between the last token and `next`. It
/// must wherever gluing would change the tokens (two idents, two separate
/// puncts); elsewhere it is left out where rustfmt would leave it out.
fn space_between(last: Last, next: &TokenTree) -> bool {
    let after_word = matches!(last, Last::Ident | Last::Close);
    match (last, next) {
        (Last::LineStart | Last::Open | Last::PathSep, _) => false,
        (Last::Punct(_, Spacing::Joint), _) => false,
        (Last::Punct('#' | '&' | '!', _), TokenTree::Group(_) | TokenTree::Ident(_)) => false,
        (Last::Punct('<' | '.', Spacing::Alone), TokenTree::Ident(_)) => false,
        (_, TokenTree::Punct(p)) => match p.as_char() {
            ',' | ';' => matches!(last, Last::Punct(..)),
            ':' => last != Last::Ident,
            '?' | '<' | '>' => !after_word,
            '.' => !(after_word && p.spacing() == Spacing::Alone),
            _ => true,
        },
        (Last::Ident, TokenTree::Group(g)) => g.delimiter() == Delimiter::Brace,
        _ => true,
    }
}

/// The keywords that generated code puts before a path, a type or a group.
fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "as" | "const"
            | "dyn"
            | "else"
            | "enum"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "match"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "type"
            | "use"
            | "where"
            | "while"
    )
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use quote::quote;

    use super::*;

    /// What prettyplease makes of `text`: two layouts of the same tokens
    /// come out identical.
    fn formatted(text: &str) -> String {
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        prettyplease::unparse(&file)
    }

    #[test]
    fn plain_layout_keeps_tokens_that_gluing_or_splitting_would_change() {
        let tokens = quote! {
            fn f<'a, T: ::std::fmt::Debug>(x: &'a [u8], y: &&T) -> impl Iterator<Item = u8> + 'a
            where T: Clone {
                let a = (1.max(2) ..= 3, 3 .. 4, ..x.len());
                let b = !x.is_empty() && x[0] != 1 || -1 < 2 && a >> 1 >= 0;
                let c = <Vec<Vec<u8>> as ::std::default::Default>::default();
                let d: ::std::option::Option<u8> = r#type::r#fn(vec![1u8]?, 'c', b"x", &mut *c);
                if let Some(z) = d { z } else { return; };
                match x { [] => {} [_, ..] => { 'l: loop { break 'l; } } }
                x.iter().copied()
            }
        };
        let text = plain(tokens.clone(), "");
        assert_eq!(formatted(&text), formatted(&tokens.to_string()), "{text}");
    }

    #[test]
    fn plain_layout_puts_statements_fields_and_attributes_on_their_own_lines() {
        let tokens = quote! {
            #[doc = " A."]
            pub struct A { pub x: u8, pub y: u8 }
            impl A { fn f(&self) -> u8 { let z = self.x; z } }
        };
        assert_eq!(
            plain(tokens, "// header\n"),
            "// header\n\n#[doc = \" A.\"]\npub struct A {\n    pub x: u8,\n    pub y: u8\n}\n\
             impl A {\n    fn f(&self) -> u8 {\n        let z = self.x;\n        z\n    }\n}\n"
        );
    }

    /// Every construct the fixture specs and the seed specs exercise, in
    /// both modes: the plain files hold the very tokens of the formatted ones.
    #[test]
    fn unformatted_output_has_the_tokens_of_the_formatted_output() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for (dir, crate_name) in [
            ("tests/fixtures/specs", None),
            ("schemas", Some("chat-apis")),
        ] {
            let builder = |format: bool| {
                let b = crate::Builder::new().schemas(root.join(dir)).format(format);
                let b = match crate_name {
                    Some(name) => b.crate_name(name).exports(false),
                    None => b,
                };
                b.generate_to_strings().expect("the specs generate").files
            };
            let (pretty, plain) = (builder(true), builder(false));
            assert_eq!(
                pretty.keys().collect::<Vec<_>>(),
                plain.keys().collect::<Vec<_>>()
            );
            for (path, text) in &plain {
                if path.extension().is_some_and(|x| x == "rs") {
                    assert_eq!(
                        formatted(text),
                        formatted(&pretty[path]),
                        "{dir}: {}",
                        path.display()
                    );
                } else {
                    assert_eq!(text, &pretty[path], "{dir}: {}", path.display());
                }
            }
        }
    }
}

//! Phase 4, codegen: the IR becomes token streams.
//!
//! Only the checked IR is read here. Every path in generated code is fully
//! qualified (`::std::…`, `::specgen_runtime::…`), so the output compiles
//! whatever the including module has imported.

pub mod client;
pub mod construct;
pub mod mock;
pub mod pattern;
pub mod registry;
pub mod types;
pub mod validate;

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

use crate::ir::*;

/// `streams` moved into one group, as one token to interpolate: `quote!`'s
/// `#(#x)*` copies the top level of each stream it splices (an allocation
/// per identifier), and splicing a group copies a pointer. With `commas`,
/// a `,` goes between the streams, as `#(#x),*` writes it.
pub fn group_of(
    delimiter: Delimiter,
    streams: impl IntoIterator<Item = TokenStream>,
    commas: bool,
) -> proc_macro2::Group {
    let mut inner = TokenStream::new();
    for (i, s) in streams.into_iter().enumerate() {
        if commas && i > 0 {
            inner.extend([TokenTree::Punct(proc_macro2::Punct::new(
                ',',
                proc_macro2::Spacing::Alone,
            ))]);
        }
        inner.extend([s]);
    }
    proc_macro2::Group::new(delimiter, inner)
}

/// `#[doc]` attributes, one per line, so prettyplease prints `///` lines.
/// Spec prose is not Rust and must never become a doctest: see
/// [`doc_text`].
pub fn doc_attrs(doc: Option<&str>) -> TokenStream {
    let Some(doc) = doc else { return quote!() };
    line_attrs(doc_text(doc).iter().map(String::as_str))
}

/// `#[doc]` attributes for Markdown the generator writes itself, whose
/// code blocks are meant to be doctests. Never for spec text.
pub fn generated_doc_attrs(doc: &str) -> TokenStream {
    line_attrs(doc.lines())
}

fn line_attrs<'a>(lines: impl Iterator<Item = &'a str>) -> TokenStream {
    let lines = lines.map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#lines)*)
}

/// `#![doc]` attributes, as [`doc_attrs`], for a crate or module's own docs.
/// Code fences are kept as written: this text is ours, not the spec's.
pub fn inner_doc_attrs(doc: &str) -> TokenStream {
    let lines = doc.trim_end().lines().map(|line| {
        let line = line.trim_end();
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #text])
    });
    quote!(#(#lines)*)
}

/// Spec text as Markdown lines that are safe in a doc comment: line breaks
/// normalised (a bare CR is an error in a doc comment), other control
/// characters and bidi overrides shown as escapes, and every code block a `text` block.
/// Top-level fences of either kind get the info string `text`, indented
/// blocks are fenced as `text`; anything that could open a code block
/// inside a container (a quote or a list) puts the whole text in one `text`
/// block instead, which is always safe.
pub fn doc_text(doc: &str) -> Vec<String> {
    // Most docs are printable ASCII with line breaks: nothing to clean.
    let plain = doc
        .bytes()
        .all(|b| b == b'\n' || (b' '..=b'~').contains(&b));
    let clean = if plain {
        std::borrow::Cow::Borrowed(doc)
    } else {
        let mut clean = String::with_capacity(doc.len());
        for c in doc.replace("\r\n", "\n").chars() {
            match c {
                '\r' => clean.push('\n'),
                '\n' | '\t' => clean.push(c),
                // Bidi overrides are denied in comments by a rustc lint.
                c if c.is_control()
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
                {
                    clean.extend(c.escape_unicode())
                }
                c => clean.push(c),
            }
        }
        std::borrow::Cow::Owned(clean)
    };
    // clippy denies tabs in doc comments; tab stops of 4, as `indent` reads them.
    let expanded: Vec<String> = clean.trim_end().lines().map(expand_tabs).collect();
    let lines: Vec<&str> = expanded.iter().map(|l| l.trim_end()).collect();
    structured_doc(&lines).unwrap_or_else(|| {
        let fence = fence_for(&lines);
        std::iter::once(format!("{fence}text"))
            .chain(lines.iter().map(|l| (*l).to_owned()))
            .chain(std::iter::once(fence))
            .collect()
    })
}

/// `line` with each tab replaced by spaces up to the next multiple of 4.
fn expand_tabs(line: &str) -> String {
    if !line.contains('\t') {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len());
    let mut cols = 0;
    for c in line.chars() {
        if c == '\t' {
            let n = 4 - cols % 4;
            out.extend(std::iter::repeat_n(' ', n));
            cols += n;
        } else {
            out.push(c);
            cols += 1;
        }
    }
    out
}

/// The columns of leading white space (a tab counts as 4) and the rest.
fn indent(line: &str) -> (usize, &str) {
    let mut cols = 0;
    for (i, c) in line.char_indices() {
        match c {
            ' ' => cols += 1,
            '\t' => cols += 4 - cols % 4,
            _ => return (cols, &line[i..]),
        }
    }
    (cols, "")
}

/// The fence character and length that `rest` opens, if it opens one.
fn fence_open(rest: &str) -> Option<(char, usize)> {
    let c = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = rest.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

/// A backtick fence longer than any backtick run in `lines`.
fn fence_for(lines: &[&str]) -> String {
    let longest = lines
        .iter()
        .flat_map(|l| l.split(|c| c != '`'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

/// The doc with its code blocks made `text`, or `None` when a line could
/// start a code block that this simple reading does not track.
fn structured_doc(lines: &[&str]) -> Option<Vec<String>> {
    let mut out = Vec::with_capacity(lines.len());
    let mut fence: Option<(char, usize)> = None;
    let mut closed_fence_before = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let (cols, rest) = indent(line);
        if let Some((c, n)) = fence {
            if cols <= 3
                && fence_open(rest).is_some_and(|(d, m)| d == c && m >= n)
                && rest.trim_start_matches(c).trim().is_empty()
            {
                fence = None;
                closed_fence_before = true;
            }
            out.push(line.to_owned());
            i += 1;
            continue;
        }
        // Indented code cannot interrupt a paragraph; after anything else
        // (a blank line, a heading, a closed fence) it starts a code block.
        let in_paragraph = i > 0 && {
            let (_, prev) = indent(lines[i - 1]);
            !prev.is_empty() && !prev.starts_with('#') && !closed_fence_before
        };
        closed_fence_before = false;
        if cols >= 4 && !in_paragraph {
            // An indented code block: fence it as text, dedented.
            let mut end = i;
            while end < lines.len() && (lines[end].trim().is_empty() || indent(lines[end]).0 >= 4) {
                end += 1;
            }
            while lines[end - 1].trim().is_empty() {
                end -= 1;
            }
            let block: Vec<&str> = lines[i..end].iter().map(|l| dedent4(l)).collect();
            let f = fence_for(&block);
            out.push(format!("{f}text"));
            out.extend(block.iter().map(|l| (*l).to_owned()));
            out.push(f);
            i = end;
            continue;
        }
        if cols <= 3 {
            if let Some((c, n)) = fence_open(rest) {
                let info = &rest[n..];
                if c == '`' && info.contains('`') {
                    return None; // inline code, or something close to it
                }
                fence = Some((c, n));
                out.push(format!(
                    "{}{}text",
                    &line[..line.len() - rest.len()],
                    &rest[..n]
                ));
                i += 1;
                continue;
            }
        }
        // Containers (quotes, list items) can hold code blocks of their own.
        if rest.contains("```") || rest.contains("~~~") || container_with_code(rest) {
            return None;
        }
        out.push(prose_line(line));
        i += 1;
    }
    Some(out)
}

/// A line of spec prose with what rustdoc would read as a link or an HTML
/// tag escaped: `filter[0].field` and `<id>` are text in a spec, but
/// rustdoc warns about an unresolved intra-doc link `0` and an unclosed tag
/// `id`. Kept: inline code spans, Markdown links (`[text](url)`) and
/// autolinks (`<https://…>`).
fn prose_line(line: &str) -> String {
    // Most lines have nothing to escape.
    if !line.contains(['[', ']', '<']) {
        return line.to_owned();
    }
    let chars: Vec<char> = line.chars().collect();
    // The brackets outside code spans, paired; a pair whose `]` is followed
    // by `(` is a link and stays.
    let mut escape = vec![false; chars.len()];
    let mut open = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '`' => {
                let run = chars[i..].iter().take_while(|&&c| c == '`').count();
                let closer = (i + run..chars.len()).find(|&j| {
                    chars[j..].iter().take_while(|&&c| c == '`').count() == run
                        && (j == 0 || chars[j - 1] != '`')
                });
                i = match closer {
                    Some(j) => j + run - 1,
                    None => i + run - 1,
                };
            }
            '[' => open.push(i),
            ']' => match open.pop() {
                Some(o) if chars.get(i + 1) == Some(&'(') => escape[o] = false,
                Some(o) => {
                    escape[o] = true;
                    escape[i] = true;
                }
                None => escape[i] = true,
            },
            // Only what could open a tag: `<=` and `a < b` are text already.
            '<' if chars
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == '/') =>
            {
                let rest: String = chars[i + 1..].iter().take(8).collect();
                let autolink = ["http://", "https://", "mailto:"]
                    .iter()
                    .any(|p| rest.starts_with(p));
                escape[i] = !autolink;
            }
            _ => {}
        }
        i += 1;
    }
    for o in open {
        escape[o] = true;
    }
    let mut out = String::with_capacity(line.len() + 4);
    for (c, e) in chars.into_iter().zip(escape) {
        if e {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether a quote or list item line starts an indented code block.
fn container_with_code(rest: &str) -> bool {
    let after = if let Some(r) = rest.strip_prefix('>') {
        r.strip_prefix(' ').unwrap_or(r)
    } else if let Some(r) = rest.strip_prefix(['-', '*', '+']) {
        r
    } else {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        match rest[digits..].strip_prefix(['.', ')']) {
            Some(r) if digits > 0 => r,
            _ => return false,
        }
    };
    let (cols, inner) = indent(after);
    cols >= 4 && !inner.is_empty() || inner.starts_with('>') && container_with_code(inner)
}

/// The line without its first 4 columns of indentation.
fn dedent4(line: &str) -> &str {
    let mut cols = 0;
    for (i, c) in line.char_indices() {
        if cols >= 4 {
            return &line[i..];
        }
        match c {
            ' ' => cols += 1,
            '\t' => cols += 4 - cols % 4,
            _ => return &line[i..],
        }
    }
    ""
}

/// How a batch of whole items becomes text, appended to a string: emit's
/// printer, passed in so that codegen does not decide the layout.
pub type Print<'a, E> = &'a (dyn Fn(TokenStream, &mut String) -> Result<(), E> + Sync);

/// The text of one API module: types, validators, client, in file order.
/// Each batch of items is printed as soon as it is built, so no token tree
/// of the whole module is ever held. The work falls in two halves that
/// share nothing, the checks (every item that names a rules static, and
/// the statics) and the declarations (types, constructors, client), which
/// run on two threads when `threads` is on; their texts are put back in
/// file order, so the bytes are the same either way. `crate_name` is the
/// generated crate's name in crate mode, for doc examples.
pub fn api_source<E: Send>(
    api: &Api,
    crate_name: Option<&str>,
    print: Print<'_, E>,
    threads: bool,
) -> Result<String, E> {
    let (declarations, checks) = if threads {
        std::thread::scope(|scope| {
            let other = std::thread::Builder::new()
                .spawn_scoped(scope, || declarations(api, crate_name, print));
            let checks = checks(api, crate_name, print);
            let declarations = match other {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: build them here.
                Err(_) => declarations(api, crate_name, print),
            };
            (declarations, checks)
        })
    } else {
        (
            declarations(api, crate_name, print),
            checks(api, crate_name, print),
        )
    };
    let (d, c) = (declarations?, checks?);
    let parts = std::iter::once(&d.prelude)
        .chain(
            d.types
                .iter()
                .zip(&c.types)
                .flat_map(|((def, new), checks)| [def, checks, new]),
        )
        .chain([
            &d.layouts,
            &c.statics,
            &d.client,
            &d.send_fns,
            &c.success,
            &c.registry,
        ]);
    let mut text = String::with_capacity(parts.clone().map(String::len).sum());
    parts.for_each(|part| text.push_str(part));
    Ok(text)
}

/// The texts of the declarations half of [`api_source`].
struct Declarations {
    /// The runtime import.
    prelude: String,
    /// Per type: its definition and its constructors.
    types: Vec<(String, String)>,
    /// The date-time layouts the types use.
    layouts: String,
    client: String,
    send_fns: String,
}

/// The texts of the checks half of [`api_source`].
struct Checks {
    /// Per type: its validators.
    types: Vec<String>,
    statics: String,
    success: String,
    registry: String,
}

/// In a generated crate the client, and the registry that sends through
/// it, sit behind the crate's `client` feature; an `include!`d module
/// cannot know its includer's features, so there they are always built.
fn client_gated(crate_name: Option<&str>, tokens: TokenStream) -> TokenStream {
    match crate_name {
        Some(_) => with_attr(tokens, &quote!(#[cfg(feature = "client")])),
        None => tokens,
    }
}

fn printed<E>(print: Print<'_, E>, tokens: TokenStream) -> Result<String, E> {
    let mut text = String::new();
    print(tokens, &mut text)?;
    Ok(text)
}

fn declarations<E>(
    api: &Api,
    crate_name: Option<&str>,
    print: Print<'_, E>,
) -> Result<Declarations, E> {
    // Generated code names the runtime by its short `rt` paths; in a module
    // with no type and no success body only the client does.
    let has_success = api
        .endpoints
        .iter()
        .any(|e| registry::success_shape(e).1.is_some());
    let rt = quote!(
        use ::specgen_runtime::rt;
    );
    let rt = if !api.types.is_empty() || has_success {
        rt
    } else {
        client_gated(crate_name, rt)
    };
    let mut types = Vec::with_capacity(api.types.len());
    for t in &api.types {
        let def = printed(print, types::type_def(api, t))?;
        let new = match &t.kind {
            TypeKind::Object { fields, .. } => {
                printed(print, construct::object_constructors(api, t, fields))?
            }
            TypeKind::Enum { .. } => String::new(),
        };
        types.push((def, new));
    }
    Ok(Declarations {
        prelude: printed(print, rt)?,
        types,
        layouts: printed(print, types::layouts(api))?,
        client: printed(
            print,
            client_gated(crate_name, client::client(api, crate_name)),
        )?,
        send_fns: printed(
            print,
            client_gated(crate_name, client::registry_send_fns(api)),
        )?,
    })
}

fn checks<E>(api: &Api, crate_name: Option<&str>, print: Print<'_, E>) -> Result<Checks, E> {
    let mut statics = validate::Statics::default();
    let mut types = Vec::with_capacity(api.types.len());
    for t in &api.types {
        types.push(match &t.kind {
            TypeKind::Object { fields, rules } => printed(
                print,
                validate::object_validators(api, t, fields, rules, &mut statics),
            )?,
            TypeKind::Enum { .. } => String::new(),
        });
    }
    let success = printed(print, registry::success_validators(api, &mut statics))?;
    let registry = registry::api_registry(api, &mut statics, &client::registry_send);
    let registry = printed(print, client_gated(crate_name, registry))?;
    // Every item above has registered its statics; they go before the
    // client, sorted by name.
    let mut text = String::new();
    for item in statics.into_items() {
        print(item, &mut text)?;
    }
    Ok(Checks {
        types,
        statics: text,
        success,
        registry,
    })
}

/// Puts `attr` on every item of `items`, split where each item ends, so no
/// parse is needed.
fn with_attr(items: TokenStream, attr: &TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    for item in split_items(items) {
        out.extend(attr.clone());
        out.extend(item);
    }
    out
}

/// Top-level items, each with its attributes. An item ends at its `;`, or at
/// its body in braces, except for the kinds whose braces can sit inside them
/// (`static X: T = T { .. };`, `use a::{b, c};`), which end at `;` only.
fn split_items(tokens: TokenStream) -> Vec<TokenStream> {
    let mut items = Vec::new();
    let mut item: Vec<TokenTree> = Vec::new();
    let mut kind: Option<String> = None;
    for tt in tokens {
        if kind.is_none() {
            if let TokenTree::Ident(i) = &tt {
                let word = i.to_string();
                if !matches!(
                    word.as_str(),
                    "pub" | "unsafe" | "async" | "extern" | "default"
                ) {
                    kind = Some(word);
                }
            }
        } else if kind.as_deref() == Some("const")
            && matches!(&tt, TokenTree::Ident(i) if i == "fn")
        {
            kind = Some("fn".into());
        }
        let ends = match &tt {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => {
                g.delimiter() == Delimiter::Brace
                    && !matches!(
                        kind.as_deref(),
                        Some("static" | "const" | "type" | "use") | None
                    )
            }
            _ => false,
        };
        item.push(tt);
        if ends {
            items.push(item.drain(..).collect());
            kind = None;
        }
    }
    if !item.is_empty() {
        items.push(item.into_iter().collect());
    }
    items
}

#[cfg(test)]
mod tests {
    use super::doc_text;

    /// The two halves of a module, built on two threads and put back in
    /// file order, are the bytes that one thread builds, in both layouts
    /// and in both modes, for every fixture and seed spec.
    #[test]
    fn modules_built_on_two_threads_are_the_bytes_built_on_one() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for dir in ["tests/fixtures/specs", "schemas"] {
            let checked = crate::Builder::new()
                .schemas(root.join(dir))
                .check()
                .expect("the specs check");
            for api in &checked.apis.apis {
                for crate_name in [None, Some("chat-apis")] {
                    for format in [false, true] {
                        let print =
                            |items, out: &mut String| crate::emit::print_items(items, format, out);
                        let source =
                            |threads| super::api_source(api, crate_name, &print, threads).unwrap();
                        assert_eq!(source(true), source(false), "{dir}: {}", api.name);
                    }
                }
            }
        }
    }

    fn text(doc: &str) -> String {
        doc_text(doc).join("\n")
    }

    #[test]
    fn brackets_and_angle_brackets_of_prose_are_escaped_but_links_and_code_are_not() {
        assert_eq!(
            text(r#"e.g. "filter[0].field""#),
            r#"e.g. "filter\[0\].field""#
        );
        assert_eq!(text("use <customer_id> here"), "use \\<customer_id> here");
        assert_eq!(text("<= 50; a < b; </p>"), "<= 50; a < b; \\</p>");
        assert_eq!(
            text("see [the docs](https://x.io) or <https://x.io>"),
            "see [the docs](https://x.io) or <https://x.io>"
        );
        assert_eq!(
            text("`a[0]` and ``b[`1`]`` stay"),
            "`a[0]` and ``b[`1`]`` stay"
        );
        assert_eq!(
            text("unclosed [ and ] and `tick"),
            "unclosed \\[ and \\] and `tick"
        );
        assert_eq!(
            text("[[nested]](u) \\[kept]"),
            "[\\[nested\\]](u) \\[kept\\]"
        );
        // Code blocks are left as written.
        assert_eq!(text("```\nx[0] <b>\n```"), "```text\nx[0] <b>\n```");
    }

    #[test]
    fn bare_crs_become_line_breaks_and_control_characters_escapes() {
        assert_eq!(text("a\rb\r\nc"), "a\nb\nc");
        assert_eq!(text("bell\u{7} nul\u{0}"), "bell\\u{7} nul\\u{0}");
        assert_eq!(text("a\u{202e}b\u{2066}"), "a\\u{202e}b\\u{2066}");
    }

    #[test]
    fn tabs_become_spaces_to_the_next_multiple_of_four() {
        // clippy's tabs_in_doc_comments denies tabs in generated docs.
        assert_eq!(text("a\tb\tc"), "a   b   c");
        assert_eq!(text("abcd\te"), "abcd    e");
        assert_eq!(text("intro\n\n  \tx"), "intro\n\n```text\nx\n```");
    }

    #[test]
    fn every_top_level_fence_becomes_a_text_fence_of_the_same_kind() {
        assert_eq!(text("```rust\nx\n```"), "```text\nx\n```");
        assert_eq!(text("~~~\nx\n~~~"), "~~~text\nx\n~~~");
        assert_eq!(
            text("````rust,should_panic\n```\n````"),
            "````text\n```\n````"
        );
        assert_eq!(text("  ```no_run\nx\n  ```"), "  ```text\nx\n  ```");
    }

    #[test]
    fn indented_blocks_are_fenced_as_text_but_paragraph_continuations_are_not() {
        assert_eq!(
            text("intro\n\n    assert!(false);\n\tx\nafter"),
            "intro\n\n```text\nassert!(false);\nx\n```\nafter"
        );
        assert_eq!(text("para\n    more"), "para\n    more");
        assert_eq!(text("# Head\n    code"), "# Head\n```text\ncode\n```");
    }

    #[test]
    fn code_that_could_open_inside_a_quote_or_list_puts_the_whole_text_in_a_text_block() {
        assert_eq!(
            text("> ```\n> x\n> ```"),
            "````text\n> ```\n> x\n> ```\n````"
        );
        assert_eq!(text("-     x"), "```text\n-     x\n```");
        assert_eq!(text(">     x"), "```text\n>     x\n```");
        // The wrapping fence is longer than any backtick run inside.
        assert_eq!(text("a ```` b"), "`````text\na ```` b\n`````");
    }
}

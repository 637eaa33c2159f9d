//! Every naming decision: how wire names become Rust identifiers.
//!
//! The IR stores both names; codegen emits `#[serde(rename)]` only where
//! they differ. Keep all casing and escaping here so a rename is a one-line
//! change that every generated item follows.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Rust's strict and reserved keywords (2021 edition), which need `r#`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Names that generated items already use at module level, so types must
/// not take them; generated code names these prelude items unqualified.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Client", "Option", "Result", "String", "Vec", "Box", "Into", "Some", "None", "Ok", "Err",
];

/// Whether a type name would shadow something generated code refers to.
pub fn is_reserved_type_name(name: &str) -> bool {
    RESERVED_TYPE_NAMES.contains(&name)
}

fn escape(mut s: String, digit_prefix: &str, empty: &str) -> String {
    if s.is_empty() {
        s.push_str(empty);
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, digit_prefix);
    }
    if NOT_RAW.contains(&s.as_str()) {
        s.push('_');
    } else if KEYWORDS.contains(&s.as_str()) {
        s.insert_str(0, "r#");
    }
    s
}

/// Replaces characters that cannot be in an identifier with `_`, so heck
/// sees word boundaries (`chat-server` → `chat_server`). A non-ASCII
/// letter or digit becomes its code point as a word of its own (`é` →
/// `ue9`), so names in other scripts stay distinct and readable enough
/// instead of all collapsing to nothing.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!("_u{:x}_", u32::from(c)));
        } else {
            out.push('_');
        }
    }
    out
}

/// A field or method name: `chatVisitorEmail` → `chat_visitor_email`.
pub fn field(wire: &str) -> String {
    escape(clean(wire).to_snake_case(), "_", "empty")
}

/// A type name: `upload chats params` → `UploadChatsParams`.
pub fn type_name(spec: &str) -> String {
    escape(clean(spec).to_upper_camel_case(), "T", "Empty")
}

/// An enum variant: `autoinvite` → `Autoinvite`, `in-progress` → `InProgress`.
pub fn variant(value: &str) -> String {
    let s = clean(value).to_upper_camel_case();
    if s.is_empty() {
        return "Empty".to_owned();
    }
    escape(s, "V", "Empty")
}

/// Why an API's module name cannot be used, if it cannot: it would be
/// the crate's own `lib.rs` or `main.rs`, or shadow a crate that generated
/// and user code name.
pub fn reserved_module(name: &str) -> Option<&'static str> {
    match name {
        "lib" | "main" => Some("its file would replace the generated crate's own"),
        "std" | "core" | "alloc" | "proc_macro" | "test" | "serde" | "serde_json"
        | "specgen_runtime" => Some("it would shadow the crate of that name"),
        _ if KEYWORDS.contains(&name) || NOT_RAW.contains(&name) => Some("it is a Rust keyword"),
        _ => None,
    }
}

/// A module name for an API: `chat_v2`.
pub fn module(api: &str) -> String {
    escape(clean(api).to_snake_case(), "api_", "empty")
}

/// The name of the `static` layout of a custom date-time format, its
/// tokens in order and a hash of the whole format (the literals between
/// tokens tell `YYYY-MM-DD` from `YYYY/MM/DD`):
/// `DATE_TIME_YYYY_MM_DD_HH_MI_SS_5A1C02F3`. Its serde module is the same
/// in lower case. It has no `__`, so no rules static (which has one after
/// the type name) can take it.
pub fn layout_static(format: &str) -> String {
    let mut s = String::from("DATE_TIME");
    let mut rest = format;
    while let Some(c) = rest.chars().next() {
        let token = [
            ("YYYY", "YYYY"),
            ("MM", "MM"),
            ("DD", "DD"),
            ("hh", "HH"),
            ("mm", "MI"),
            ("ss", "SS"),
        ]
        .into_iter()
        .find(|(t, _)| rest.starts_with(t));
        match token {
            Some((t, name)) => {
                s.push('_');
                s.push_str(name);
                rest = &rest[t.len()..];
            }
            None => rest = &rest[c.len_utf8()..],
        }
    }
    // FNV-1a: stable across runs and platforms, unlike std's hasher.
    let hash = format.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    format!("{s}_{hash:08X}")
}

/// The name of a `static` holding rules: `CHAT__START_DATE_TIME`.
pub fn rules_static(type_rust: &str, field_rust: &str, suffix: &str) -> String {
    let field_rust = field_rust.trim_start_matches("r#");
    // A double underscore between the parts keeps `Chat.type_x` and
    // `ChatType.x` apart.
    let mut s = format!(
        "{}__{}",
        type_rust.to_shouty_snake_case(),
        field_rust.to_shouty_snake_case()
    );
    if !suffix.is_empty() {
        s.push_str("__");
        s.push_str(suffix);
    }
    s
}

/// The response variant for a status: `400` → `BadRequest`, and
/// `Status599` where the status has no standard reason phrase.
pub fn status_variant(status: u16) -> String {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map(|r| clean(r).to_upper_camel_case())
        .unwrap_or_else(|| format!("Status{status}"))
}

/// A member name as one JSON Pointer reference token (RFC 6901): `~` and
/// `/` escaped as `~0` and `~1`.
pub fn pointer_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Turns a name into an identifier token, raw when it is a keyword.
pub fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_escape_tilde_before_slash() {
        assert_eq!(pointer_token("chats"), "chats");
        assert_eq!(pointer_token("a/b~c"), "a~1b~0c");
        // `~1` in a name is the characters `~` and `1`, not an escaped `/`.
        assert_eq!(pointer_token("~1"), "~01");
    }

    #[test]
    fn camel_wire_names_become_snake_fields() {
        assert_eq!(field("chatVisitorEmail"), "chat_visitor_email");
        assert_eq!(field("chatSessionID"), "chat_session_id");
        assert_eq!(field("start_date_time"), "start_date_time");
        assert_eq!(field("filter[0].field"), "filter_0_field");
    }

    #[test]
    fn keywords_become_raw_and_unrawable_ones_get_an_underscore() {
        assert_eq!(field("type"), "r#type");
        assert_eq!(field("match"), "r#match");
        assert_eq!(field("self"), "self_");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(variant("type"), "Type");
        assert_eq!(ident("r#type").to_string(), "r#type");
    }

    #[test]
    fn leading_digits_and_empty_names_are_made_valid() {
        assert_eq!(field("3d"), "_3d");
        assert_eq!(variant("429"), "V429");
        assert_eq!(variant(""), "Empty");
        assert_eq!(variant("in-progress"), "InProgress");
        assert_eq!(type_name("2fa code"), "T2faCode");
    }

    #[test]
    fn non_ascii_letters_become_code_point_words_and_stay_distinct() {
        assert_eq!(field("café"), "caf_ue9");
        assert_eq!(type_name("日本"), "U65e5U672c");
        assert_ne!(variant("日本"), variant("中国"));
        assert_eq!(type_name("!!"), "Empty");
        assert_eq!(field("—"), "empty");
    }

    #[test]
    fn different_wire_names_can_collide() {
        // The lowering phase reports this; here we pin that it happens.
        assert_eq!(field("chatId"), field("chat_id"));
        assert_eq!(variant("lost"), variant("LOST"));
    }

    #[test]
    fn module_names_that_are_crate_files_crates_or_keywords_are_reserved() {
        for name in [
            "lib",
            "main",
            "std",
            "core",
            "serde",
            "specgen_runtime",
            "match",
            "self",
        ] {
            assert!(reserved_module(name).is_some(), "{name}");
        }
        assert_eq!(reserved_module("chat_v2"), None);
    }

    #[test]
    fn status_variants_use_reason_phrases() {
        assert_eq!(status_variant(200), "Ok");
        assert_eq!(status_variant(400), "BadRequest");
        assert_eq!(status_variant(429), "TooManyRequests");
        assert_eq!(status_variant(599), "Status599");
    }

    #[test]
    fn rules_statics_are_shouty_and_unique_per_field() {
        assert_eq!(
            rules_static("Chat", "start_date_time", ""),
            "CHAT__START_DATE_TIME"
        );
        assert_eq!(rules_static("Chat", "r#type", "ITEMS"), "CHAT__TYPE__ITEMS");
        assert_ne!(
            rules_static("Chat", "type_x", ""),
            rules_static("ChatType", "x", "")
        );
    }
}

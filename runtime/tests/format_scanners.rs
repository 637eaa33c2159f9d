//! The byte scanners for e-mail addresses, E.164 phones and UUIDs accept
//! exactly what the regexes they replace accept (the regexes are the rules
//! as written, and what the exported JSON Schema says).

use std::sync::LazyLock;

use proptest::prelude::*;
use regex::Regex;
use specgen_runtime::formats::{
    is_e164, is_email, is_uuid, E164_PATTERN, EMAIL_PATTERN, UUID_PATTERN,
};

static EMAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(EMAIL_PATTERN).unwrap());
static E164: LazyLock<Regex> = LazyLock::new(|| Regex::new(E164_PATTERN).unwrap());
static UUID: LazyLock<Regex> = LazyLock::new(|| Regex::new(UUID_PATTERN).unwrap());

fn agree(rule: &Regex, scanner: fn(&str) -> bool, s: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(scanner(s), rule.is_match(s), "{:?}", s);
    Ok(())
}

/// A domain label around the 63-character limit, sometimes with a hyphen
/// at an end or a non-ASCII letter.
fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9-]{0,3}",
        "[a-z0-9]([a-z0-9-]{59,63})[a-z0-9]",
        "[a-z0-9][a-z0-9-é]{0,6}[a-z0-9-]",
    ]
}

fn address() -> impl Strategy<Value = String> {
    (
        "[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~@ é-]{0,6}",
        prop::collection::vec(label(), 0..4),
        prop::option::of("[@.\n ]"),
    )
        .prop_map(|(local, labels, tail)| {
            format!("{local}@{}{}", labels.join("."), tail.unwrap_or_default())
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn is_email_agrees_with_the_html_rule_on_address_like_strings(s in address()) {
        agree(&EMAIL, is_email, &s)?;
    }

    #[test]
    fn is_email_agrees_with_the_html_rule_on_any_string(s in any::<String>()) {
        agree(&EMAIL, is_email, &s)?;
    }

    #[test]
    fn is_e164_agrees_with_its_regex(s in prop_oneof![
        "\\+?[0-9]{0,17}",
        "[+0-9a٣\n ]{0,17}",
        any::<String>(),
    ]) {
        agree(&E164, is_e164, &s)?;
    }

    #[test]
    fn is_uuid_agrees_with_its_regex(s in prop_oneof![
        "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        "[0-9a-gA-G-]{8,9}-?[0-9a-fA-F-]{4,5}-[0-9a-fA-F]{4}-[0-9a-fA-F٣]{4}-[0-9a-fA-F]{11,13}\n?",
        any::<String>(),
    ]) {
        agree(&UUID, is_uuid, &s)?;
    }
}

#[test]
fn the_scanners_agree_with_the_rules_at_the_edges() {
    let long = "a".repeat(63);
    let too_long = "a".repeat(64);
    for s in [
        "",
        "@",
        "a@",
        "@b",
        "a@b",
        "a@b.",
        "a@.b",
        "a@b..c",
        "a@-b",
        "a@b-",
        "a@b-c",
        "a@@b",
        "a.b@c",
        "é@b",
        "a@bé",
        "a@b\n",
        &format!("a@{long}"),
        &format!("a@{too_long}"),
        &format!("a@{long}.{long}"),
    ] {
        assert_eq!(is_email(s), EMAIL.is_match(s), "{s:?}");
    }
    for s in [
        "+",
        "+1",
        "+12",
        "+123456789012345",
        "+1234567890123456",
        "+01",
        "1+2",
        "+1\n",
        "+1٣",
    ] {
        assert_eq!(is_e164(s), E164.is_match(s), "{s:?}");
    }
}

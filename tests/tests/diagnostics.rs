//! What the generator says about bad specs: one fixture per error kind in
//! `fixtures/bad/`, each with its full diagnostic text snapshotted (the way
//! cxx keeps `tests/ui/*.stderr`), plus the properties every diagnostic must
//! have: it names the file, points inside it, and no input makes the
//! generator panic.

use std::path::Path;

use specgen::{Builder, Diagnostic, Error};
use specgen_tests::crate_dir;

use crate::support::snapshot_each_file;

/// Runs the generator on one in-memory spec and returns its diagnostics.
fn diagnostics(name: &str, text: &str) -> Vec<Diagnostic> {
    match Builder::new().spec_str(name, text).generate_to_strings() {
        Err(Error::Spec(errors)) => errors.0,
        Err(other) => panic!("{name}: expected spec diagnostics, got {other}"),
        Ok(_) => panic!("{name}: the spec was accepted"),
    }
}

/// The full text a user sees for one spec.
fn rendered(name: &str, text: &str) -> String {
    match Builder::new().spec_str(name, text).generate_to_strings() {
        Err(e @ Error::Spec(_)) => e.to_string(),
        Err(other) => panic!("{name}: expected spec diagnostics, got {other}"),
        Ok(_) => panic!("{name}: the spec was accepted"),
    }
}

fn bad_dir() -> std::path::PathBuf {
    crate_dir().join("fixtures").join("bad")
}

fn bad_fixture(name: &str) -> String {
    let path = bad_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The name a fixture is given in diagnostics, stable on every machine.
fn display_name(path: &Path) -> String {
    format!(
        "bad/{}",
        path.file_name()
            .and_then(|n| n.to_str())
            .expect("file name")
    )
}

#[test]
fn every_bad_spec_has_a_snapshot_of_its_diagnostics() {
    snapshot_each_file(&bad_dir(), ".yaml", |path| {
        let text = std::fs::read_to_string(path).expect("readable fixture");
        insta::assert_snapshot!(
            "every_bad_spec_has_a_snapshot_of_its_diagnostics",
            rendered(&display_name(path), &text)
        );
    });
}

#[test]
fn every_diagnostic_names_the_file_and_points_inside_it() {
    snapshot_each_file(&bad_dir(), ".yaml", |path| {
        let name = display_name(path);
        let text = std::fs::read_to_string(path).expect("readable fixture");
        let lines: Vec<&str> = text.lines().collect();
        let diags = diagnostics(&name, &text);
        assert!(!diags.is_empty());
        for d in diags {
            assert_eq!(&*d.loc.file, name, "{d}");
            assert!(
                d.loc.line >= 1 && d.loc.line <= lines.len(),
                "{d}: line out of the file"
            );
            let len = lines[d.loc.line - 1].chars().count();
            assert!(
                d.loc.col >= 1 && d.loc.col <= len + 1,
                "{d}: column out of the line"
            );
        }
    });
}

/// The text at a diagnostic's position, for asserting that it points at the
/// offending node and not merely somewhere near it.
fn text_at(text: &str, d: &Diagnostic) -> String {
    let line = text.lines().nth(d.loc.line - 1).expect("line in file");
    line.chars().skip(d.loc.col - 1).collect()
}

fn find<'a>(diags: &'a [Diagnostic], needle: &str) -> &'a Diagnostic {
    diags
        .iter()
        .find(|d| d.message.contains(needle))
        .unwrap_or_else(|| panic!("no diagnostic mentions {needle:?} in {diags:#?}"))
}

#[test]
fn unknown_key_points_at_the_misspelt_key_and_suggests_the_right_one() {
    let text = bad_fixture("unknown_key.yaml");
    let diags = diagnostics("unknown_key.yaml", &text);
    let d = find(&diags, "unknown key `requird`");
    assert!(text_at(&text, d).starts_with("requird"), "{d}");
    assert_eq!(d.help.as_deref(), Some("did you mean `required`?"));
}

#[test]
fn misspelt_required_top_level_key_is_reported_once_with_a_suggestion() {
    let text = bad_fixture("unknown_key.yaml").replace("endpoints:", "endpoint:");
    let diags = diagnostics("unknown_key.yaml", &text);
    let d = find(&diags, "unknown key `endpoint` in a spec");
    assert!(text_at(&text, d).starts_with("endpoint:"), "{d}");
    assert_eq!(d.help.as_deref(), Some("did you mean `endpoints`?"));
    // Not also "missing `endpoints`": that is the same mistake.
    assert!(
        !diags.iter().any(|d| d.message.contains("missing")),
        "{diags:#?}"
    );
}

#[test]
fn unknown_key_with_no_close_match_lists_the_keys_and_the_readme() {
    let text = bad_fixture("unknown_key.yaml").replace("requird:", "colour:");
    let diags = diagnostics("unknown_key.yaml", &text);
    let d = find(&diags, "unknown key `colour`");
    let help = d.help.as_deref().unwrap_or("");
    assert!(
        help.contains("min_length") && help.contains("not_future"),
        "{d}"
    );
    assert!(help.contains("schemas/README.md"), "{d}");
}

#[test]
fn a_missing_required_key_is_named() {
    let text = bad_fixture("unknown_key.yaml").replace("title: ", "summary: ");
    let diags = diagnostics("unknown_key.yaml", &text);
    let d = find(&diags, "a spec is missing `title`");
    assert_eq!((d.loc.line, d.loc.col), (1, 1), "{d}");
}

#[test]
fn invalid_regex_points_at_the_pattern_and_names_it() {
    let text = bad_fixture("invalid_regex.yaml");
    let diags = diagnostics("invalid_regex.yaml", &text);
    assert_eq!(diags.len(), 2, "{diags:#?}");
    let d = find(&diags, "invalid regex `[a-`");
    assert!(text_at(&text, d).starts_with("\"[a-\""), "{d}");
    let d = find(&diags, "invalid regex `(unclosed`");
    assert!(text_at(&text, d).starts_with("{value: '(unclosed'"), "{d}");
}

#[test]
fn min_greater_than_max_is_reported_for_lengths_numbers_and_items() {
    for (file, needle, at) in [
        (
            "min_greater_than_max_length.yaml",
            "min_length 5 is greater than max_length 2",
            "5",
        ),
        (
            "min_greater_than_max_items.yaml",
            "min_items 3 is greater than max_items 1",
            "3",
        ),
        (
            "min_greater_than_max_numeric.yaml",
            "lower bound 10 excludes every value below upper bound 5",
            "10",
        ),
        (
            "min_greater_than_max_numeric.yaml",
            "lower bound 1 excludes every value below upper bound 1",
            "1",
        ),
    ] {
        let text = bad_fixture(file);
        let diags = diagnostics(file, &text);
        let d = find(&diags, needle);
        assert_eq!(text_at(&text, d), at, "{file}: {d}");
    }
}

#[test]
fn defaults_that_break_their_constraints_are_rejected_like_chat_v2s() {
    let text = bad_fixture("default_breaks_constraints.yaml");
    let diags = diagnostics("default_breaks_constraints.yaml", &text);
    for needle in [
        "default \"\" of `url` breaks its own constraints: it is shorter than min_length 1",
        "default false of `usedPredefinedUserInput` breaks its own constraints",
        "default 0 of `messageNumber` breaks its own constraints: it is below minimum",
        "default \"pending\" of `status` breaks its own constraints",
        "default \"\" of `message` breaks its own constraints",
        "field `message` is required and has a default",
    ] {
        let d = find(&diags, needle);
        assert!(d.help.is_some(), "{d}");
    }
    // Each points at the field's key.
    let d = find(&diags, "of `url`");
    assert!(text_at(&text, d).starts_with("url:"), "{d}");
}

#[test]
fn duplicate_names_are_reported_where_the_second_one_is() {
    let cases = [
        (
            "duplicate_key.yaml",
            "duplicate key `text`",
            "text: {type: integer}",
        ),
        (
            "duplicate_rust_type.yaml",
            "types `ChatStatus` and `chat_status` both become the Rust type `ChatStatus`",
            "chat_status:",
        ),
        (
            "duplicate_rust_field.yaml",
            "fields `chatId` and `chat_id` of `Message` both become the Rust field `chat_id`",
            "chat_id: {type: string}",
        ),
        (
            "duplicate_enum_value.yaml",
            "enum `Status` lists `lost` twice",
            "Status:",
        ),
        (
            "duplicate_enum_value.yaml",
            "values `lost` and `LOST` of `Status` both become the variant `Lost`",
            "Status:",
        ),
    ];
    for (file, needle, at) in cases {
        let text = bad_fixture(file);
        let diags = diagnostics(file, &text);
        let d = find(&diags, needle);
        // The position is the start of `at` in the file (the second
        // definition, not the first).
        let offset = text.find(at).unwrap_or_else(|| panic!("{at:?} in {file}"));
        let line = text[..offset].matches('\n').count() + 1;
        let col = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
        assert_eq!((d.loc.line, d.loc.col), (line, col), "{file}: {d}");
    }
}

#[test]
fn duplicate_endpoints_are_reported() {
    let text = bad_fixture("duplicate_endpoint.yaml");
    let diags = diagnostics("duplicate_endpoint.yaml", &text);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = find(&diags, "duplicate endpoint name `send`");
    assert_eq!(d.loc.line, 11, "the second endpoint: {d}");
}

#[test]
fn duplicate_endpoint_points_at_the_endpoint_or_its_name() {
    let text = bad_fixture("duplicate_endpoint.yaml");
    let diags = diagnostics("duplicate_endpoint.yaml", &text);
    let d = find(&diags, "duplicate endpoint name `send`");
    assert!(matches!((d.loc.line, d.loc.col), (11, 5) | (11, 11)), "{d}");
}

#[test]
fn duplicate_key_is_reported_once() {
    let text = bad_fixture("duplicate_key.yaml");
    let diags = diagnostics("duplicate_key.yaml", &text);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    find(&diags, "duplicate key `text`");
}

#[test]
fn unresolved_references_suggest_the_closest_name() {
    let text = bad_fixture("unresolved_reference.yaml");
    let diags = diagnostics("unresolved_reference.yaml", &text);
    let d = find(&diags, "unknown type `Chatt`");
    assert_eq!(d.help.as_deref(), Some("did you mean `Chat`?"));
    assert!(text_at(&text, d).starts_with("Chatt"), "{d}");
    let d = find(&diags, "unknown body type `Mesage`");
    assert_eq!(d.help.as_deref(), Some("did you mean `Message`?"));
    assert!(text_at(&text, d).starts_with("Mesage"), "{d}");
    // With nothing close, the help lists what exists.
    let d = find(&diags, "unknown type `Banana`");
    let help = d.help.as_deref().unwrap_or("");
    assert!(
        help.contains("string") && help.contains("Chat, Message") || help.contains("Message, Chat"),
        "{help}"
    );
}

#[test]
fn constraints_on_the_wrong_type_point_at_the_constraint() {
    let text = bad_fixture("constraint_on_wrong_type.yaml");
    let diags = diagnostics("constraint_on_wrong_type.yaml", &text);
    for (needle, at) in [
        ("`pattern` does not apply to `integer`", "'^[0-9]+$'"),
        ("`minimum` does not apply to `string`", "1"),
        ("`max_items` does not apply to `string`", "3"),
        ("`not_future` does not apply to `string`", "true"),
        ("`not_blank` does not apply to `boolean`", "true"),
    ] {
        let d = find(&diags, needle);
        assert_eq!(text_at(&text, d), at, "{d}");
    }
    assert_eq!(diags.len(), 5, "{diags:#?}");
}

#[test]
fn rules_naming_unknown_fields_point_at_the_name() {
    let text = bad_fixture("rule_unknown_field.yaml");
    let diags = diagnostics("rule_unknown_field.yaml", &text);
    let d = find(&diags, "rule names unknown field `mail`");
    assert!(text_at(&text, d).starts_with("mail]"), "{d}");
    assert_eq!(
        d.help.as_deref(),
        Some("fields of `Contact`: phone, email, source")
    );
    let d = find(&diags, "rule names unknown field `employee_id`");
    assert!(text_at(&text, d).starts_with("employee_id,"), "{d}");
}

#[test]
fn invalid_yaml_and_wrong_value_types_are_diagnostics() {
    let text = bad_fixture("invalid_yaml.yaml");
    let diags = diagnostics("invalid_yaml.yaml", &text);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(diags[0].message.starts_with("invalid YAML"), "{}", diags[0]);

    let text = bad_fixture("wrong_value_type.yaml");
    let diags = diagnostics("wrong_value_type.yaml", &text);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(
        diags[0].message,
        "`required: yes please`: must be `true` or `false`"
    );
    assert_eq!(diags[0].loc.line, 17, "{}", diags[0]);
}

#[test]
fn one_run_reports_every_lowering_error_of_a_spec() {
    let text = bad_fixture("several_errors.yaml");
    let diags = diagnostics("several_errors.yaml", &text);
    for needle in [
        "endpoint name `Send` is not snake_case",
        "path `send` must start with `/`",
        "unknown body type `Mesage`",
        "unknown HTTP method `FETCH`",
        "duplicate endpoint name `send2`",
        "unknown type `Strin`",
        "rule names unknown field `chat_idd`",
        "fields `chatId` and `chat_id` of `Message` both become the Rust field `chat_id`",
    ] {
        find(&diags, needle);
    }
    // Sorted by position.
    let positions: Vec<(usize, usize)> = diags.iter().map(|d| (d.loc.line, d.loc.col)).collect();
    let mut sorted = positions.clone();
    sorted.sort_unstable();
    assert_eq!(positions, sorted);
}

#[test]
fn one_run_reports_every_checker_error_of_a_spec() {
    let text = bad_fixture("several_check_errors.yaml");
    let diags = diagnostics("several_check_errors.yaml", &text);
    for needle in [
        "invalid regex `[a-`",
        "min_length 5 is greater than max_length 2",
        "lower bound 10 excludes every value below upper bound 5",
        "default \"\" of `url` breaks its own constraints",
        "`not_future` does not apply to `integer`",
        "invalid regex `(x`",
        "min_items 2 is greater than max_items 1",
    ] {
        find(&diags, needle);
    }
    let rendered = rendered("several_check_errors.yaml", &text);
    assert!(rendered.ends_with(&format!("{} errors in the specs", diags.len())));
}

#[test]
fn one_run_reports_the_errors_of_every_spec() {
    let a = bad_fixture("unknown_key.yaml");
    let b = bad_fixture("wrong_value_type.yaml").replace("api: bad", "api: bad_two");
    let err = Builder::new()
        .spec_str("a.yaml", a)
        .spec_str("b.yaml", b)
        .generate_to_strings()
        .expect_err("both specs are bad");
    let Error::Spec(errors) = err else {
        panic!("expected spec diagnostics")
    };
    let files: Vec<&str> = errors.0.iter().map(|d| &*d.loc.file).collect();
    assert_eq!(files, ["a.yaml", "b.yaml"]);

    let ok = specgen_tests::crate_dir().join("fixtures/specs/rules.yaml");
    let ok = std::fs::read_to_string(ok).expect("rules fixture");
    let checker = bad_fixture("several_check_errors.yaml").replace("api: bad", "api: bad_check");
    let lowering = bad_fixture("several_errors.yaml");
    let err = Builder::new()
        .spec_str("ok.yaml", ok)
        .spec_str("lowering.yaml", lowering)
        .spec_str(
            "other_lowering.yaml",
            bad_fixture("rule_unknown_field.yaml").replace("api: bad", "api: bad_rule"),
        )
        .spec_str("checker.yaml", checker)
        .generate_to_strings()
        .expect_err("two specs are bad");
    let Error::Spec(errors) = err else {
        panic!("expected spec diagnostics")
    };
    // Lowering errors do not hide the checker's: every bad spec is reported,
    // sorted by file.
    let mut files: Vec<&str> = errors.0.iter().map(|d| &*d.loc.file).collect();
    files.dedup();
    assert_eq!(
        files,
        ["checker.yaml", "lowering.yaml", "other_lowering.yaml"]
    );
}

#[test]
fn two_specs_with_one_api_name_are_a_diagnostic() {
    let text = std::fs::read_to_string(crate_dir().join("fixtures/specs/rules.yaml"))
        .expect("rules fixture");
    let err = Builder::new()
        .spec_str("one.yaml", text.clone())
        .spec_str("two.yaml", text)
        .generate_to_strings()
        .expect_err("duplicate api");
    insta::assert_snapshot!(err.to_string(), @r"
    two.yaml:2:6: error: API name `rules` is also used by one.yaml
      help: each spec needs its own `api` name
    1 error in the specs
    ");
}

#[test]
fn garbage_input_gives_diagnostics_not_panics() {
    let deep_list = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
    // Shallower than the nesting that overflows the stack (see
    // `deeply_nested_block_yaml_is_a_diagnostic_not_a_stack_overflow`).
    let deep_map = nested_block_mapping(100);
    let binary: String = (0u8..=255).map(char::from).collect();
    let inputs: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("whitespace", " \n\t\n".to_owned()),
        ("null", "~".to_owned()),
        ("scalar", "hello".to_owned()),
        ("a list", "- a\n- b\n".to_owned()),
        ("an empty mapping", "{}".to_owned()),
        ("binary-ish", binary),
        ("nul bytes", "api: \0\0\0".to_owned()),
        ("deep list", deep_list),
        ("deep mapping", deep_map),
        ("unclosed quote", "api: \"bad".to_owned()),
        ("tab indentation", "api: x\n\ttitle: y\n".to_owned()),
        ("undefined alias", "api: *nothing\n".to_owned()),
        ("two documents", "api: a\n---\napi: b\n".to_owned()),
        (
            "huge number",
            "api: x\ntitle: t\nprotocol: rest_json\nauth: {scheme: none}\nendpoints: []\ntypes:\n  T:\n    fields:\n      a: {type: string, max_length: 99999999999999999999999999}\n".to_owned(),
        ),
        (
            "not a number",
            "api: x\ntitle: t\nprotocol: rest_json\nauth: {scheme: none}\nendpoints: []\ntypes:\n  T:\n    fields:\n      a: {type: number, minimum: .nan, maximum: .inf}\n".to_owned(),
        ),
        (
            "negative length",
            "api: x\ntitle: t\nprotocol: rest_json\nauth: {scheme: none}\nendpoints: []\ntypes:\n  T:\n    fields:\n      a: {type: string, min_length: -1}\n".to_owned(),
        ),
        (
            "self-referential type",
            "api: x\ntitle: t\nprotocol: rest_json\nauth: {scheme: none}\nendpoints: []\ntypes:\n  T:\n    fields:\n      a: {type: T, default: 1}\n      b: {type: array}\n      c: {}\n".to_owned(),
        ),
        (
            "empty names",
            "api: ''\ntitle: ''\nprotocol: rest_json\nauth: {scheme: none}\nendpoints: [{name: '', path: '', method: ''}]\ntypes:\n  '':\n    fields:\n      '': {type: ''}\n".to_owned(),
        ),
    ];
    for (what, text) in inputs {
        let result = std::panic::catch_unwind(|| {
            Builder::new()
                .spec_str("garbage.yaml", text.as_str())
                .generate_to_strings()
        });
        match result {
            Ok(Err(Error::Spec(errors))) => {
                assert!(!errors.0.is_empty(), "{what}: no diagnostic");
            }
            Ok(Err(other)) => panic!("{what}: expected spec diagnostics, got {other}"),
            Ok(Ok(_)) => panic!("{what}: garbage was accepted"),
            Err(_) => panic!("{what}: the generator panicked"),
        }
    }
}

fn nested_block_mapping(depth: usize) -> String {
    let mut text = String::new();
    for level in 0..depth {
        text.push_str(&" ".repeat(level));
        text.push_str("a:\n");
    }
    text
}

/// Runs in a child process (a stack overflow aborts the whole process, so
/// the parent can only see it from outside).
#[test]
#[ignore = "helper of deeply_nested_block_yaml_is_a_diagnostic_not_a_stack_overflow"]
fn deeply_nested_block_yaml_child() {
    if std::env::var_os("SPECGEN_TESTS_DEEP_YAML_CHILD").is_none() {
        return;
    }
    let result = Builder::new()
        .spec_str("deep.yaml", nested_block_mapping(3_000))
        .generate_to_strings();
    assert!(matches!(result, Err(Error::Spec(_))));
}

#[test]
fn deeply_nested_block_yaml_is_a_diagnostic_not_a_stack_overflow() {
    crate::support::run_test_in_child(
        module_path!(),
        "deeply_nested_block_yaml_child",
        &[("SPECGEN_TESTS_DEEP_YAML_CHILD", "1")],
    );
}

#[test]
fn keyword_endpoint_names_are_accepted() {
    let spec = "api: kw\ntitle: t\nprotocol: rest_json\nauth: {scheme: none}\nendpoints:\n  - name: match\n    method: POST\n    path: /match\n    responses: {\"200\": {}}\n";
    let out = Builder::new()
        .spec_str("kw.yaml", spec)
        .generate_to_strings();
    assert!(
        out.is_ok(),
        "{}",
        out.err().map(|e| e.to_string()).unwrap_or_default()
    );
}

/// Every diagnostic of one run over a folder of specs, with the folder's
/// path shortened to its name so the text is the same on every machine.
fn rendered_folder(folder: &str) -> String {
    let dir = crate_dir().join("fixtures").join(folder);
    match Builder::new().schemas(&dir).check() {
        Err(e @ Error::Spec(_)) => e
            .to_string()
            .replace(&format!("{}/", dir.display()), &format!("{folder}/")),
        Err(other) => panic!("{folder}: expected spec diagnostics, got {other}"),
        Ok(_) => panic!("{folder}: the specs were accepted"),
    }
}

#[test]
fn invalid_utf8_is_reported_at_the_line_and_column_of_the_first_bad_byte() {
    let out = rendered_folder("bad_bytes");
    // Line 3 is `doc: "héllo \xff world"`: 12 characters come before the bad byte.
    assert!(
        out.starts_with("bad_bytes/invalid_utf8.yaml:3:13: error: the file is not UTF-8"),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn a_byte_order_mark_is_accepted_and_columns_count_after_it() {
    let text = bad_fixture("bom_then_misspelt_key.yaml");
    assert!(text.starts_with('\u{feff}'));
    let diags = diagnostics("bom.yaml", &text);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].message, "unknown key `apii` in a spec");
    assert_eq!((diags[0].loc.line, diags[0].loc.col), (1, 1));
    // Without the misspelling the same file is a valid spec.
    Builder::new()
        .spec_str("bom.yaml", text.replace("apii:", "api:"))
        .check()
        .expect("a spec with a BOM loads");
}

#[test]
fn lengths_and_bounds_name_the_key_the_value_and_the_allowed_range() {
    let text = bad_fixture("negative_and_float_lengths.yaml");
    let diags = diagnostics("lengths.yaml", &text);
    for (message, at) in [
        ("`min_length: -1`: must be a whole number >= 0", "-1"),
        (
            "`max_length: 1e3`: must be a whole number from 0 to 18446744073709551615",
            "1e3",
        ),
        (
            "`min_items: 2.5`: must be a whole number from 0 to 18446744073709551615",
            "2.5",
        ),
        ("`value: -3`: must be a whole number >= 0", "-3"),
        // Text is a bound of a `datetime`; on an integer the checker says so.
        (
            "`minimum` of `integer` is a string; only a `datetime` takes a date-time bound",
            "abc",
        ),
        (
            "`value` is a list: must be a number, or for a `datetime` a date-time in its format",
            "[1]",
        ),
    ] {
        let d = find(&diags, message);
        assert_eq!(&d.message, message);
        assert!(text_at(&text, d).starts_with(at), "{d}");
    }
    assert!(
        !diags.iter().any(|d| d.message.contains("untagged enum")),
        "{diags:#?}"
    );
}

#[test]
fn one_run_reports_every_mistake_of_every_spec_in_a_folder() {
    let out = rendered_folder("bad_multi");
    // One of each phase, from different files: load, reference, semantic.
    for needle in [
        "orders.yaml:17:5: error: unknown key `summery` in an endpoint",
        "orders.yaml:11:11: error: unknown body type `Ordr`",
        "orders.yaml:29:21: error: min_length 10 is greater than max_length 2",
        "tickets.yaml:4:7: error: auth `api_key_header` is missing `header`",
        "users.yaml:3:1: error: unknown key `protocl` in a spec",
        "users_copy.yaml:2:6: error: API name `orders` is also used by",
    ] {
        assert!(out.contains(needle), "{needle} in\n{out}");
    }
    insta::assert_snapshot!(out);
}

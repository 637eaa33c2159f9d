use specgen_build_example::tickets::{NewTicket, Priority};
use specgen_runtime::ValidateJson;

#[test]
fn defaults_and_types_come_from_the_spec() {
    let t: NewTicket =
        serde_json::from_str(r#"{"subject": "Printer on fire", "email": "a@b.co"}"#).unwrap();
    assert_eq!(t.priority, Priority::Normal);
    assert!(t.validate().is_ok());
}

#[test]
fn validation_reports_every_error_with_paths_and_custom_messages() {
    let t = NewTicket {
        subject: "  ".into(),
        priority: Priority::High,
        email: None,
        phone: Some("12345".into()),
    };
    let errors = t.validate().unwrap_err();
    let got: Vec<(&str, &str, &str)> = errors
        .errors()
        .iter()
        .map(|e| (&*e.path, e.code.as_str(), &*e.message))
        .collect();
    assert_eq!(
        got,
        [
            ("/subject", "blank", "Subject can't be blank"),
            (
                "/phone",
                "format",
                "must be an E.164 phone number such as +14155550123"
            ),
        ]
    );
}

#[test]
fn json_validation_reports_missing_fields_and_rules_together() {
    let errors = NewTicket::validate_json(&serde_json::json!({"priority": "urgent"})).unwrap_err();
    let got: Vec<(&str, &str)> = errors
        .errors()
        .iter()
        .map(|e| (&*e.path, e.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("/subject", "blank"),
            ("/priority", "enum"),
            ("", "at_least_one_of")
        ]
    );
}

#[test]
fn the_registry_lists_the_endpoint() {
    let e = &specgen_build_example::tickets::ENDPOINTS[0];
    assert_eq!(
        (e.api, e.name, e.method, e.path),
        ("tickets", "open_ticket", "POST", "/v1/tickets")
    );
}

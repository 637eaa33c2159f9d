//! Payloads, exported schemas and synthetic specs shared by the benchmarks
//! (`cargo bench -p specgen-benches`) and the allocation test.
//!
//! ```
//! use specgen_runtime::Validate;
//! let sample: chat_apis::localiq::CaptureChatRequest =
//!     serde_json::from_str(&specgen_benches::localiq(true)).unwrap();
//! assert!(sample.validate().is_ok());
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod derived;
#[cfg(feature = "peers")]
pub mod peers;
pub mod timing;

use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::{json, Value};

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the benches crate lives in the workspace")
        .to_path_buf()
}

/// A `jsonschema` validator for `$defs/<def>` of the checked-in
/// `generated/schema/<api>.schema.json`, with format assertion on (so
/// `date-time` is checked, as ours checks it). `email` is left to the
/// exported pattern, as in the differential test. The `x-specgen-not-future`
/// keyword is not registered, so jsonschema does slightly less work than ours
/// on CallGear.
pub fn schema_validator(api: &str, def: &str) -> jsonschema::Validator {
    let path = workspace_root().join(format!("generated/schema/{api}.schema.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run `cargo run -p specgen -- generate`",
            path.display()
        )
    });
    let mut schema: Value = serde_json::from_str(&text).expect("exported schema is JSON");
    schema["$ref"] = json!(format!("#/$defs/{def}"));
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .with_format("email", |_: &str| true)
        .build(&schema)
        .expect("the exported schema compiles")
}

/// The LocaliQ seed document's sample request; invalid: blank provider, a
/// non-UTC time, a negative duration and a bad e-mail address.
pub fn localiq(valid: bool) -> String {
    let (time, provider, duration, email) = if valid {
        (
            "2017-03-10T01:19:23Z",
            "SomeCompany",
            261.58,
            "minneapple@gmail.com",
        )
    } else {
        ("2017-03-10T01:19:23+02:00", " ", -1.0, "minneapple")
    };
    json!({
        "eventTime": time,
        "accountId": "123456789",
        "data": {
            "provider": provider,
            "visitId": "bd4567f4-9b90-42e6-b282-7767af1ba581",
            "chatDuration": duration,
            "chatSummary": "Do you have any specials going on?",
            "chatTextFull": "\n[2/13/2017 10:55:24 AM] elaine: Hello, thanks for contacting St. Louis Car Dealership. My name is elaine, may I have your name?\n  [3/9/2017 8:17:50 PM] System: All users have left the chat.",
            "chatVisitorEmail": email,
            "chatVisitorName": "Bob",
            "chatVisitorPhone": "6592009999"
        }
    })
    .to_string()
}

/// A CallGear `upload.chats` params object with `chats` chats of three
/// messages each. Invalid: every 10th chat starts in the future, has neither
/// phone nor e-mail, and has an operator message without `employee_id`.
pub fn callgear(chats: usize, valid: bool) -> String {
    let chats: Vec<Value> = (0..chats)
        .map(|i| {
            let broken = !valid && i % 10 == 0;
            let day = i % 28 + 1;
            let start = if broken {
                "2999-01-01 00:00:00".to_owned()
            } else {
                format!("2024-02-{day:02} 10:{:02}:00", i % 60)
            };
            let status = ["lost", "succeed", "refused"][i % 3];
            let mut chat = json!({
                "start_date_time": start,
                "name": format!("Visitor {i}"),
                "status": status,
                "initiator": "visitor",
                "visitor_session_id": 100_000 + i,
                "campaign_id": 77,
                "messages": [
                    {"date_time": format!("2024-02-{day:02} 10:00:05"), "source": "visitor", "message": "Hello, is anyone there?"},
                    {"date_time": format!("2024-02-{day:02} 10:00:30"), "source": "operator", "employee_id": 1001, "message": "Hi, how can I help?"},
                    {"date_time": format!("2024-02-{day:02} 10:05:00"), "source": "system", "message": "Chat closed"}
                ]
            });
            if broken {
                chat["messages"][1]
                    .as_object_mut()
                    .expect("message")
                    .remove("employee_id");
            } else {
                chat["phone"] = json!(format!("+1415555{:04}", i % 10_000));
                chat["email"] = json!(format!("visitor{i}@example.com"));
            }
            chat
        })
        .collect();
    json!({ "user_id": 42, "chats": chats }).to_string()
}

/// A chat v2 `notifyUserNewChatMessage` request with every field; invalid:
/// a short server, a session id over 65 characters, an out-of-range message
/// number and a phone number without `+`.
pub fn chat_v2_message(valid: bool) -> String {
    let (server, session, number, phone) = if valid {
        ("chat.example.com:8443", "+31612345678", 50, "+31612345678")
    } else {
        (
            "c:1",
            "a-very-long-session-id-that-goes-on-and-on-well-past-sixty-five-chars",
            51,
            "31612345678",
        )
    };
    json!({
        "chatServer": server,
        "chatSessionID": session,
        "chatAccountToken": "abcDEF1234567",
        "channelID": 8,
        "message": "Hello, I have a question about your pricing plans.",
        "url": "https://example.com/pricing",
        "messageNumber": number,
        "usedPredefinedUserInput": false,
        "additionalData": "{\"source\":\"web\"}",
        "externalAddressOverwrite": "+31612345678",
        "customerName": "Bob Smith 2",
        "emailAddress": "bob@example.com",
        "phoneNumber": phone
    })
    .to_string()
}

/// A synthetic spec with `endpoints` endpoints, each with its own body type
/// of 20 constrained fields and one cross-field rule.
pub fn synthetic_spec(endpoints: usize) -> String {
    let mut s = String::from(
        "api: synthetic\ntitle: Synthetic\nbase_url: https://example.com\nprotocol: rest_json\nauth: {scheme: bearer}\nendpoints:\n",
    );
    for i in 0..endpoints {
        let _ = write!(
            s,
            "  - name: send_{i}\n    summary: Endpoint {i}\n    method: POST\n    path: /e/{i}\n    body: Body{i}\n    responses:\n      \"200\": {{doc: OK}}\n      \"400\": {{doc: Bad request, error: true, body: {{type: array, items: string}}}}\n"
        );
    }
    s.push_str("types:\n  Level:\n    enum: [low, mid, high]\n");
    for i in 0..endpoints {
        let _ = write!(
            s,
            r#"  Body{i}:
    doc: The body of endpoint {i}.
    fields:
      f0: {{type: string, required: true, min_length: 1, max_length: 64, not_blank: true}}
      f1: {{type: string, pattern: '^[a-z0-9-]+$', max_length: 40}}
      f2: {{type: integer, minimum: 0, maximum: 1000}}
      f3: {{type: number, exclusive_minimum: 0, maximum: 1000000}}
      f4: {{type: email}}
      f5: {{type: uuid, required: true}}
      f6: {{type: datetime, format: rfc3339, required: true}}
      f7: {{type: datetime, format: "YYYY-MM-DD hh:mm:ss", not_future: true}}
      f8: {{type: phone}}
      f9: {{type: array, items: {{type: string, max_length: 20}}, max_items: 50}}
      f10: {{type: Level, required: true}}
      f11: {{type: string, min_length: 3, max_length: {{value: 10, message: too long}}}}
      f12: {{type: integer, minimum: 1}}
      f13: {{type: number, minimum: -90, maximum: 90}}
      f14: {{type: number, minimum: -180, maximum: 180}}
      f15: {{type: string, pattern: '^\+?[0-9]+$'}}
      f16: {{type: array, items: {{type: integer, minimum: 0}}, min_items: 1, max_items: 10}}
      f17: {{type: string, nullable: true, max_length: 100}}
      f18: {{type: string, default: "x", min_length: 1}}
      f19: {{type: integer, exclusive_maximum: 100}}
    rules:
      - at_least_one_of: [f4, f8]
"#
        );
    }
    s
}

/// A spec of `types` small object types (two constrained fields each, the
/// second referring to the next type) and one endpoint: about 82 bytes of
/// YAML per type, so 60,000 types are the 4.9 MB of the scale report.
pub fn many_types_spec(types: usize) -> String {
    let mut s = String::from(
        "api: many\ntitle: Many types\nbase_url: https://example.com\nprotocol: rest_json\nauth: {scheme: bearer}\nendpoints:\n  - name: send\n    method: POST\n    path: /send\n    body: T0\n    responses: {\"204\": {}}\ntypes:\n",
    );
    for i in 0..types {
        let next = if i + 1 < types {
            format!("T{}", i + 1)
        } else {
            "string".to_owned()
        };
        let _ = write!(
            s,
            "  T{i}:\n    fields:\n      name: {{type: string, max_length: 64}}\n      next: {next}\n"
        );
    }
    s
}

#[cfg(feature = "peers")]
/// typify's types for a JSON Schema document (its `$defs`), formatted with
/// prettyplease as typify's own build-script example does: the peer of
/// specgen's generation for the same spec, through `specgen export`.
pub fn typify_types(schema: &str) -> Result<String, Box<dyn std::error::Error>> {
    let root: schemars::schema::RootSchema = serde_json::from_str(schema)?;
    let mut space =
        typify::TypeSpace::new(typify::TypeSpaceSettings::default().with_struct_builder(false));
    space.add_root_schema(root)?;
    let file: syn::File = syn::parse2(space.to_stream())?;
    Ok(prettyplease::unparse(&file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_payloads_are_valid_and_invalid_ones_are_not() {
        let la: chat_apis::localiq::CaptureChatRequest =
            serde_json::from_str(&localiq(true)).unwrap();
        assert!(la.validate().is_ok());
        let lb: chat_apis::localiq::CaptureChatRequest =
            serde_json::from_str(&localiq(false)).unwrap();
        assert!(lb.validate().is_err());
        let ca: chat_apis::callgear::UploadChatsParams =
            serde_json::from_str(&callgear(500, true)).unwrap();
        ca.validate().unwrap();
        let cb: chat_apis::callgear::UploadChatsParams =
            serde_json::from_str(&callgear(500, false)).unwrap();
        assert!(cb.validate().is_err());
        let va: chat_apis::chat_v2::NotifyUserNewChatMessageBody =
            serde_json::from_str(&chat_v2_message(true)).unwrap();
        va.validate().unwrap();
        let vb: chat_apis::chat_v2::NotifyUserNewChatMessageBody =
            serde_json::from_str(&chat_v2_message(false)).unwrap();
        assert!(vb.validate().is_err());
    }

    #[test]
    fn jsonschema_agrees_on_the_bench_payloads() {
        for (api, def, valid, invalid) in [
            (
                "localiq",
                "payload.capture_chat",
                localiq(true),
                localiq(false),
            ),
            (
                "callgear",
                "payload.upload_chats",
                callgear(500, true),
                callgear(500, false),
            ),
            (
                "chat_v2",
                "payload.notify_user_new_chat_message",
                chat_v2_message(true),
                chat_v2_message(false),
            ),
        ] {
            let v = schema_validator(api, def);
            assert!(v.is_valid(&serde_json::from_str(&valid).unwrap()), "{api}");
            assert!(
                !v.is_valid(&serde_json::from_str(&invalid).unwrap()),
                "{api}"
            );
        }
    }

    #[test]
    fn synthetic_specs_generate() {
        let out = specgen::Builder::new()
            .spec_str("synthetic.yaml", synthetic_spec(3))
            .generate_to_strings()
            .unwrap();
        assert_eq!(out.apis.apis[0].endpoints.len(), 3);
    }

    #[test]
    fn many_types_spec_checks_with_every_type_and_is_about_82_bytes_per_type() {
        let spec = many_types_spec(100);
        let checked = specgen::Builder::new()
            .spec_str("many.yaml", spec.as_str())
            .check()
            .unwrap();
        assert_eq!(checked.apis.apis[0].types.len(), 100);
        assert!((75..=90).contains(&(spec.len() / 100)), "{}", spec.len());
    }
}

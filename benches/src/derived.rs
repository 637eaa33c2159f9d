//! Twins of generated types with serde's derive, the attributes the
//! generator wrote before `rt::record!`: the peer of the serde bench
//! (`benches/serde_glue.rs`), which parses and writes the same payloads with
//! both. A test below pins that each twin reads and writes the same bytes
//! as the generated type it stands for.

// Twins: their fields are documented on the generated types they mirror.
#![allow(missing_docs)]

use serde::{Deserialize, Serialize};
use specgen_runtime::datetime::Layout;
use specgen_runtime::time::{OffsetDateTime, PrimitiveDateTime};

/// `localiq::CaptureChatRequest`.
#[derive(Debug, Serialize, Deserialize)]
pub struct CaptureChatRequest {
    #[serde(rename = "eventTime", with = "specgen_runtime::wire::rfc3339")]
    pub event_time: OffsetDateTime,
    #[serde(rename = "accountId")]
    pub account_id: String,
    pub data: ChatData,
}

/// `localiq::ChatData`.
#[derive(Debug, Serialize, Deserialize)]
pub struct ChatData {
    pub provider: String,
    #[serde(rename = "visitId")]
    pub visit_id: String,
    #[serde(rename = "chatDuration")]
    pub chat_duration: f64,
    #[serde(rename = "chatSummary")]
    pub chat_summary: String,
    #[serde(rename = "chatTextFull")]
    pub chat_text_full: String,
    #[serde(rename = "chatVisitorEmail")]
    pub chat_visitor_email: String,
    #[serde(rename = "chatVisitorName")]
    pub chat_visitor_name: String,
    #[serde(
        rename = "chatVisitorPhone",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub chat_visitor_phone: Option<String>,
}

/// `callgear::UploadChatsParams`.
#[derive(Debug, Serialize, Deserialize)]
pub struct UploadChatsParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<i64>,
    pub chats: Vec<Chat>,
}

/// `callgear::Chat`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Chat {
    #[serde(with = "spaced")]
    pub start_date_time: PrimitiveDateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub status: ChatStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiator: Option<ChatInitiator>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_session_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_id: Option<i64>,
    pub messages: Vec<Message>,
}

/// `callgear::Message`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Message {
    #[serde(with = "spaced")]
    pub date_time: PrimitiveDateTime,
    pub source: MessageSource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee_id: Option<i64>,
    pub message: String,
}

/// `callgear::ChatStatus`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatStatus {
    Lost,
    Succeed,
    Refused,
}

/// `callgear::ChatInitiator`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatInitiator {
    Operator,
    Visitor,
    Autoinvite,
}

/// `callgear::MessageSource`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageSource {
    Operator,
    Visitor,
    System,
}

static SPACED: Layout = Layout::new("YYYY-MM-DD hh:mm:ss");

/// The `#[serde(with)]` glue the generator wrote per layout before.
mod spaced {
    use specgen_runtime::datetime::Layout;
    use specgen_runtime::wire::Field;

    pub fn serialize<T: Field<Layout<'static>>, S: serde::Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        specgen_runtime::wire::serialize(value, &super::SPACED, serializer)
    }

    pub fn deserialize<'de, T: Field<Layout<'static>>, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        specgen_runtime::wire::deserialize(&super::SPACED, deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{callgear, localiq};
    use serde::de::DeserializeOwned;

    /// The twin reads what the generated type reads and writes the same bytes.
    fn same_bytes<Ours: Serialize + DeserializeOwned, Twin: Serialize + DeserializeOwned>(
        json: &str,
    ) {
        let ours: Ours = serde_json::from_str(json).expect("ours decodes");
        let twin: Twin = serde_json::from_str(json).expect("the twin decodes");
        let text = serde_json::to_string(&ours).expect("ours encodes");
        assert_eq!(
            text,
            serde_json::to_string(&twin).expect("the twin encodes")
        );
        // And the payload was not trivially empty.
        assert!(text.len() > 100, "{text}");
    }

    #[test]
    fn each_twin_reads_and_writes_the_bytes_of_its_generated_type() {
        for valid in [true, false] {
            same_bytes::<chat_apis::localiq::CaptureChatRequest, CaptureChatRequest>(&localiq(
                valid,
            ));
            same_bytes::<chat_apis::callgear::UploadChatsParams, UploadChatsParams>(&callgear(
                20, valid,
            ));
        }
    }
}

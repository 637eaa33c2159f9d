//! The bench payloads checked by peers: the same checks as the generated
//! validators, written for garde and for validator (derive attributes on one
//! set of structs), and by hand (`hand_written`, plain functions).
//!
//! What the peers cannot say with their own rules (not blank, date-times,
//! cross-field rules) they say with custom functions, as a user would. The
//! e-mail rule is each crate's own, which is close to, not the same as, the
//! HTML rule ours follows; the hand-written functions use ours.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
// validator's derive calls `.validate()` on nested values by name.
use specgen_runtime::formats::{self, DateTimeFormat};
use specgen_runtime::{Code, ValidationError};
use validator::Validate as _;

use chat_apis::callgear::{ChatInitiator, ChatStatus, MessageSource};

/// A bench payload as peers see it: deserialized into this crate's structs,
/// then checked by garde, by validator or by hand.
pub trait PeerPayload:
    for<'de> Deserialize<'de> + garde::Validate<Context = ()> + validator::Validate
{
    /// The hand-written check: every error, with our paths and codes.
    fn hand_written(&self) -> Result<(), Vec<ValidationError>>;
}

fn not_blank_garde(s: &str, _: &()) -> garde::Result {
    if s.trim().is_empty() {
        return Err(garde::Error::new("can't be blank"));
    }
    Ok(())
}

fn not_blank_validator(s: &str) -> Result<(), validator::ValidationError> {
    if s.trim().is_empty() {
        return Err(validator::ValidationError::new("blank"));
    }
    Ok(())
}

fn rfc3339_garde(s: &str, _: &()) -> garde::Result {
    match formats::parse_datetime(s, DateTimeFormat::Rfc3339) {
        Some(_) => Ok(()),
        None => Err(garde::Error::new("must be an RFC 3339 date-time")),
    }
}

fn rfc3339_validator(s: &str) -> Result<(), validator::ValidationError> {
    match formats::parse_datetime(s, DateTimeFormat::Rfc3339) {
        Some(_) => Ok(()),
        None => Err(validator::ValidationError::new("format")),
    }
}

static CALLGEAR_LAYOUT: specgen_runtime::datetime::Layout<'static> =
    specgen_runtime::datetime::Layout::new("YYYY-MM-DD hh:mm:ss");
const CALLGEAR_TIME: DateTimeFormat = DateTimeFormat::Custom(&CALLGEAR_LAYOUT);

/// A CallGear date-time that is not in the future: the peers parse it with
/// the runtime (as ours did before the fixed-width parsers), and read the
/// clock per call of the check, having no per-pass state.
fn not_future(s: &str) -> Result<(), &'static str> {
    match formats::parse_datetime(s, CALLGEAR_TIME) {
        None => Err("must be a date-time in the form YYYY-MM-DD hh:mm:ss"),
        Some(t) if t > time::OffsetDateTime::now_utc() => Err("can't be in the future"),
        Some(_) => Ok(()),
    }
}

fn not_future_garde(s: &str, _: &()) -> garde::Result {
    not_future(s).map_err(garde::Error::new)
}

fn not_future_validator(s: &str) -> Result<(), validator::ValidationError> {
    not_future(s).map_err(|m| validator::ValidationError::new("date_time").with_message(m.into()))
}

static UTC_SUFFIX: LazyLock<Regex> = LazyLock::new(|| Regex::new("(Z|z|[+-]00:00)$").unwrap());
static E164: LazyLock<Regex> = LazyLock::new(|| Regex::new(formats::E164_PATTERN).unwrap());
static SERVER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-zA-Z0-9\.\:\/\-]+$").unwrap());
static SESSION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\+?[a-zA-Z0-9\-]+$").unwrap());
static TOKEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-zA-Z0-9]+$").unwrap());
static NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-zA-Z 0-9]+$").unwrap());
static PLUS_DIGITS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\+[0-9]+$").unwrap());

/// LocaliQ `capture_chat`.
#[derive(Debug, Deserialize, garde::Validate, validator::Validate)]
#[serde(rename_all = "camelCase")]
pub struct LocaliqRequest {
    #[garde(custom(rfc3339_garde), pattern("(Z|z|[+-]00:00)$"))]
    #[validate(custom(function = rfc3339_validator), regex(path = *UTC_SUFFIX))]
    event_time: String,
    #[garde(custom(not_blank_garde))]
    #[validate(custom(function = not_blank_validator))]
    account_id: String,
    #[garde(dive)]
    #[validate(nested)]
    data: LocaliqData,
}

/// LocaliQ `ChatData`.
#[derive(Debug, Deserialize, garde::Validate, validator::Validate)]
#[serde(rename_all = "camelCase")]
pub struct LocaliqData {
    #[garde(custom(not_blank_garde))]
    #[validate(custom(function = not_blank_validator))]
    provider: String,
    #[garde(custom(not_blank_garde))]
    #[validate(custom(function = not_blank_validator))]
    visit_id: String,
    #[garde(range(min = 0.0))]
    #[validate(range(min = 0.0))]
    chat_duration: f64,
    #[garde(custom(not_blank_garde))]
    #[validate(custom(function = not_blank_validator))]
    chat_summary: String,
    #[garde(custom(not_blank_garde))]
    #[validate(custom(function = not_blank_validator))]
    chat_text_full: String,
    #[garde(custom(not_blank_garde), email)]
    #[validate(custom(function = not_blank_validator), email)]
    chat_visitor_email: String,
    #[garde(custom(not_blank_garde))]
    #[validate(custom(function = not_blank_validator))]
    chat_visitor_name: String,
    #[garde(skip)]
    #[validate(skip)]
    #[expect(dead_code, reason = "parsed as ours parses it; no rule reads it")]
    chat_visitor_phone: Option<String>,
}

/// CallGear `upload.chats`.
#[derive(Debug, Deserialize, garde::Validate, validator::Validate)]
pub struct CallgearUpload {
    #[garde(skip)]
    #[validate(skip)]
    #[expect(dead_code, reason = "parsed as ours parses it; no rule reads it")]
    user_id: Option<i64>,
    #[garde(length(max = 500), dive)]
    #[validate(length(max = 500), nested)]
    chats: Vec<CallgearChat>,
}

fn one_of_ids(chat: &CallgearChat) -> bool {
    chat.visitor_session_id.is_some() || chat.campaign_id.is_some() || chat.site_id.is_some()
}

fn chat_rules_validator(chat: &CallgearChat) -> Result<(), validator::ValidationError> {
    if !one_of_ids(chat) {
        return Err(validator::ValidationError::new("at_least_one_of"));
    }
    if chat.phone.is_none() && chat.email.is_none() {
        return Err(validator::ValidationError::new("at_least_one_of"));
    }
    Ok(())
}

fn phone_or_email_garde<'a>(
    email: &'a Option<String>,
) -> impl FnOnce(&Option<String>, &()) -> garde::Result + 'a {
    move |phone, _| match (phone, email) {
        (None, None) => Err(garde::Error::new("phone or email is required")),
        _ => Ok(()),
    }
}

fn ids_garde(chat: &CallgearChat) -> impl FnOnce(&Option<i64>, &()) -> garde::Result + '_ {
    move |_, _| match one_of_ids(chat) {
        true => Ok(()),
        false => Err(garde::Error::new(
            "visitor_session_id, campaign_id or site_id is required",
        )),
    }
}

/// CallGear `Chat`.
#[derive(Debug, Deserialize, Serialize, garde::Validate, validator::Validate)]
#[validate(schema(function = chat_rules_validator))]
pub struct CallgearChat {
    #[garde(custom(not_future_garde))]
    #[validate(custom(function = not_future_validator))]
    start_date_time: String,
    #[garde(skip)]
    #[validate(skip)]
    name: Option<String>,
    #[garde(pattern(r"^\+[1-9][0-9]{1,14}$"), custom(phone_or_email_garde(&self.email)))]
    #[validate(regex(path = *E164))]
    phone: Option<String>,
    #[garde(email)]
    #[validate(email)]
    email: Option<String>,
    #[garde(skip)]
    #[validate(skip)]
    status: ChatStatus,
    #[garde(skip)]
    #[validate(skip)]
    initiator: Option<ChatInitiator>,
    #[garde(custom(ids_garde(self)))]
    #[validate(skip)]
    visitor_session_id: Option<i64>,
    #[garde(skip)]
    #[validate(skip)]
    campaign_id: Option<i64>,
    #[garde(skip)]
    #[validate(skip)]
    site_id: Option<i64>,
    #[garde(dive)]
    #[validate(nested)]
    messages: Vec<CallgearMessage>,
}

fn employee_garde(source: &MessageSource) -> impl FnOnce(&Option<i64>, &()) -> garde::Result + '_ {
    move |employee, _| match (source, employee) {
        (MessageSource::Operator, None) => Err(garde::Error::new(
            "employee_id is required if source = operator",
        )),
        _ => Ok(()),
    }
}

fn message_rules_validator(m: &CallgearMessage) -> Result<(), validator::ValidationError> {
    match (&m.source, m.employee_id) {
        (MessageSource::Operator, None) => Err(validator::ValidationError::new("required_if")),
        _ => Ok(()),
    }
}

/// CallGear `Message`.
#[derive(Debug, Deserialize, Serialize, garde::Validate, validator::Validate)]
#[validate(schema(function = message_rules_validator))]
pub struct CallgearMessage {
    #[garde(custom(not_future_garde))]
    #[validate(custom(function = not_future_validator))]
    date_time: String,
    #[garde(skip)]
    #[validate(skip)]
    source: MessageSource,
    #[garde(custom(employee_garde(&self.source)))]
    #[validate(skip)]
    employee_id: Option<i64>,
    #[garde(skip)]
    #[validate(skip)]
    message: String,
}

/// chat v2 `notifyUserNewChatMessage`.
#[derive(Debug, Deserialize, garde::Validate, validator::Validate)]
#[serde(rename_all = "camelCase")]
pub struct ChatV2Message {
    #[garde(length(chars, min = 5), pattern(r"^[a-zA-Z0-9\.\:\/\-]+$"))]
    #[validate(length(min = 5), regex(path = *SERVER))]
    chat_server: String,
    #[serde(rename = "chatSessionID")]
    #[garde(length(chars, min = 10, max = 65), pattern(r"^\+?[a-zA-Z0-9\-]+$"))]
    #[validate(length(min = 10, max = 65), regex(path = *SESSION))]
    chat_session_id: String,
    #[garde(length(chars, min = 10), pattern(r"^[a-zA-Z0-9]+$"))]
    #[validate(length(min = 10), regex(path = *TOKEN))]
    chat_account_token: String,
    #[serde(rename = "channelID")]
    #[garde(range(min = 1.0))]
    #[validate(range(min = 1.0))]
    channel_id: f64,
    #[garde(length(chars, min = 1))]
    #[validate(length(min = 1))]
    message: String,
    #[garde(length(chars, min = 1))]
    #[validate(length(min = 1))]
    url: Option<String>,
    #[garde(range(min = 1.0, max = 50.0))]
    #[validate(range(min = 1.0, max = 50.0))]
    message_number: f64,
    #[garde(skip)]
    #[expect(dead_code, reason = "decoded as ours is; a boolean has no rule")]
    used_predefined_user_input: bool,
    #[garde(length(chars, min = 1))]
    #[validate(length(min = 1))]
    additional_data: Option<String>,
    #[garde(length(chars, min = 1))]
    #[validate(length(min = 1))]
    external_address_overwrite: Option<String>,
    #[garde(pattern(r"^[a-zA-Z 0-9]+$"))]
    #[validate(regex(path = *NAME))]
    customer_name: Option<String>,
    #[garde(email)]
    #[validate(email)]
    email_address: Option<String>,
    #[garde(pattern(r"^\+[0-9]+$"))]
    #[validate(regex(path = *PLUS_DIGITS))]
    phone_number: Option<String>,
}

/// Errors as ours reports them; the path is built only for an error.
#[derive(Default)]
struct Errors(Vec<ValidationError>);

impl Errors {
    /// `path` gives a literal (borrowed, as ours lends a path of generated
    /// member names) or a `format!`ted text (owned).
    fn push(
        &mut self,
        path: impl FnOnce() -> Cow<'static, str>,
        code: Code,
        message: &'static str,
    ) {
        self.0.push(ValidationError {
            path: path(),
            code,
            message: Cow::Borrowed(message),
        });
    }

    fn into_result(self) -> Result<(), Vec<ValidationError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

impl PeerPayload for LocaliqRequest {
    fn hand_written(&self) -> Result<(), Vec<ValidationError>> {
        let mut e = Errors::default();
        let t = self.event_time.as_str();
        if !(t.ends_with(['Z', 'z']) || t.ends_with("+00:00") || t.ends_with("-00:00")) {
            e.push(
                || "/eventTime".into(),
                Code::Pattern,
                "must be in UTC (end in Z)",
            );
        }
        if formats::parse_datetime(t, DateTimeFormat::Rfc3339).is_none() {
            e.push(|| "/eventTime".into(), Code::Format, "must be RFC 3339");
        }
        if blank(&self.account_id) {
            e.push(
                || "/accountId".into(),
                Code::Blank,
                "Account id can't be blank",
            );
        }
        let d = &self.data;
        for (name, value, message) in [
            ("provider", &d.provider, "Provider can't be blank"),
            ("visitId", &d.visit_id, "Visit id can't be blank"),
        ] {
            if blank(value) {
                e.push(|| format!("/data/{name}").into(), Code::Blank, message);
            }
        }
        if d.chat_duration < 0.0 {
            e.push(
                || "/data/chatDuration".into(),
                Code::Minimum,
                "Chat duration must be greater than or equal to 0",
            );
        }
        for (name, value, message) in [
            (
                "chatSummary",
                &d.chat_summary,
                "Chat summary can't be blank",
            ),
            (
                "chatTextFull",
                &d.chat_text_full,
                "Chat text full can't be blank",
            ),
        ] {
            if blank(value) {
                e.push(|| format!("/data/{name}").into(), Code::Blank, message);
            }
        }
        if blank(&d.chat_visitor_email) {
            e.push(
                || "/data/chatVisitorEmail".into(),
                Code::Blank,
                "Chat visitor email can't be blank",
            );
        }
        if !formats::is_email(&d.chat_visitor_email) {
            e.push(
                || "/data/chatVisitorEmail".into(),
                Code::Format,
                "must be an e-mail address",
            );
        }
        if blank(&d.chat_visitor_name) {
            e.push(
                || "/data/chatVisitorName".into(),
                Code::Blank,
                "Chat visitor name can't be blank",
            );
        }
        e.into_result()
    }
}

/// `YYYY-MM-DD hh:mm:ss` as its six fields, with the calendar checked; a
/// leap second only at 23:59:60 on the last day of a month.
fn fixed_datetime(s: &str) -> Option<[u16; 6]> {
    let b = s.as_bytes();
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b' '
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |at: usize, n: usize| {
        b[at..at + n].iter().try_fold(0u16, |v, &c| {
            c.is_ascii_digit().then(|| v * 10 + u16::from(c - b'0'))
        })
    };
    let f = [
        num(0, 4)?,
        num(5, 2)?,
        num(8, 2)?,
        num(11, 2)?,
        num(14, 2)?,
        num(17, 2)?,
    ];
    let leap = f[0] % 4 == 0 && (f[0] % 100 != 0 || f[0] % 400 == 0);
    let days = match f[1] {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    let leap_second = f[5] == 60 && f[3] == 23 && f[4] == 59 && f[2] == days;
    (f[2] >= 1 && f[2] <= days && f[3] < 24 && f[4] < 60 && (f[5] < 60 || leap_second)).then_some(f)
}

fn now_fields() -> [u16; 6] {
    let n = time::OffsetDateTime::now_utc();
    // Years beyond u16 are not a bench concern; saturate.
    let year = u16::try_from(n.year()).unwrap_or(u16::MAX);
    [
        year,
        u8::from(n.month()).into(),
        n.day().into(),
        n.hour().into(),
        n.minute().into(),
        n.second().into(),
    ]
}

fn check_time(s: &str, now: &[u16; 6], path: impl Fn() -> Cow<'static, str>, e: &mut Errors) {
    match fixed_datetime(s) {
        None => e.push(
            &path,
            Code::Format,
            "must be a date-time in the form YYYY-MM-DD hh:mm:ss",
        ),
        Some(f) if f > *now => e.push(&path, Code::Future, "Date and time can't be in the future"),
        Some(_) => {}
    }
}

impl PeerPayload for CallgearUpload {
    fn hand_written(&self) -> Result<(), Vec<ValidationError>> {
        let mut e = Errors::default();
        let now = now_fields();
        if self.chats.len() > 500 {
            e.push(
                || "/chats".into(),
                Code::MaxItems,
                "Maximum number of inquiries per request is 500",
            );
        }
        for (i, c) in self.chats.iter().enumerate() {
            check_time(
                &c.start_date_time,
                &now,
                || format!("/chats/{i}/start_date_time").into(),
                &mut e,
            );
            if c.phone.as_deref().is_some_and(|p| !formats::is_e164(p)) {
                e.push(
                    || format!("/chats/{i}/phone").into(),
                    Code::Format,
                    "must be an E.164 phone number",
                );
            }
            if c.email.as_deref().is_some_and(|m| !formats::is_email(m)) {
                e.push(
                    || format!("/chats/{i}/email").into(),
                    Code::Format,
                    "must be an e-mail address",
                );
            }
            for (j, m) in c.messages.iter().enumerate() {
                check_time(
                    &m.date_time,
                    &now,
                    || format!("/chats/{i}/messages/{j}/date_time").into(),
                    &mut e,
                );
                if m.source == MessageSource::Operator && m.employee_id.is_none() {
                    e.push(
                        || format!("/chats/{i}/messages/{j}/employee_id").into(),
                        Code::RequiredIf,
                        "employee_id is required if source = operator",
                    );
                }
            }
            if !one_of_ids(c) {
                e.push(
                    || format!("/chats/{i}").into(),
                    Code::AtLeastOneOf,
                    "visitor_session_id, campaign_id or site_id is required",
                );
            }
            if c.phone.is_none() && c.email.is_none() {
                e.push(
                    || format!("/chats/{i}").into(),
                    Code::AtLeastOneOf,
                    "phone or email is required",
                );
            }
        }
        e.into_result()
    }
}

/// Whether every byte of `s` is ASCII and passes `class`, and there is one.
fn all_of(s: &str, class: impl Fn(u8) -> bool) -> bool {
    !s.is_empty() && s.bytes().all(class)
}

impl PeerPayload for ChatV2Message {
    fn hand_written(&self) -> Result<(), Vec<ValidationError>> {
        let mut e = Errors::default();
        let len = |s: &str| s.chars().count();
        let server = |b: u8| b.is_ascii_alphanumeric() || b"./:-".contains(&b);
        if len(&self.chat_server) < 5 {
            e.push(|| "/chatServer".into(), Code::MinLength, "too short");
        }
        if !all_of(&self.chat_server, server) {
            e.push(|| "/chatServer".into(), Code::Pattern, "must match");
        }
        let session = self.chat_session_id.as_str();
        let n = len(session);
        if n < 10 {
            e.push(|| "/chatSessionID".into(), Code::MinLength, "too short");
        }
        if n > 65 {
            e.push(|| "/chatSessionID".into(), Code::MaxLength, "too long");
        }
        let unsigned = session.strip_prefix('+').unwrap_or(session);
        if !all_of(unsigned, |b| b.is_ascii_alphanumeric() || b == b'-') {
            e.push(|| "/chatSessionID".into(), Code::Pattern, "must match");
        }
        if len(&self.chat_account_token) < 10 {
            e.push(|| "/chatAccountToken".into(), Code::MinLength, "too short");
        }
        if !all_of(&self.chat_account_token, |b| b.is_ascii_alphanumeric()) {
            e.push(|| "/chatAccountToken".into(), Code::Pattern, "must match");
        }
        if self.channel_id < 1.0 {
            e.push(|| "/channelID".into(), Code::Minimum, "must be at least 1");
        }
        if self.message.is_empty() {
            e.push(|| "/message".into(), Code::MinLength, "too short");
        }
        if self.url.as_deref() == Some("") {
            e.push(|| "/url".into(), Code::MinLength, "too short");
        }
        if self.message_number < 1.0 {
            e.push(
                || "/messageNumber".into(),
                Code::Minimum,
                "must be at least 1",
            );
        }
        if self.message_number > 50.0 {
            e.push(
                || "/messageNumber".into(),
                Code::Maximum,
                "must be at most 50",
            );
        }
        if self.additional_data.as_deref() == Some("") {
            e.push(|| "/additionalData".into(), Code::MinLength, "too short");
        }
        if self.external_address_overwrite.as_deref() == Some("") {
            e.push(
                || "/externalAddressOverwrite".into(),
                Code::MinLength,
                "too short",
            );
        }
        if let Some(name) = &self.customer_name {
            if !all_of(name, |b| b.is_ascii_alphanumeric() || b == b' ') {
                e.push(|| "/customerName".into(), Code::Pattern, "must match");
            }
        }
        if self
            .email_address
            .as_deref()
            .is_some_and(|m| !formats::is_email(m))
        {
            e.push(
                || "/emailAddress".into(),
                Code::Format,
                "must be an e-mail address",
            );
        }
        if let Some(phone) = &self.phone_number {
            let digits = phone.strip_prefix('+').unwrap_or("");
            if !all_of(digits, |b| b.is_ascii_digit()) {
                e.push(|| "/phoneNumber".into(), Code::Pattern, "must match");
            }
        }
        e.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::DeserializeOwned;
    use specgen_runtime::Validate;

    /// Each peer finds a valid payload valid and an invalid one invalid, and
    /// the hand-written check finds exactly our errors (paths and codes).
    fn same_verdicts<Ours: DeserializeOwned + Validate, Peer: PeerPayload>(
        valid: &str,
        invalid: &str,
    ) {
        let peer: Peer = serde_json::from_str(valid).unwrap();
        assert!(garde::Validate::validate(&peer).is_ok());
        assert!(validator::Validate::validate(&peer).is_ok());
        assert!(peer.hand_written().is_ok());
        let peer: Peer = serde_json::from_str(invalid).unwrap();
        assert!(garde::Validate::validate(&peer).is_err());
        assert!(validator::Validate::validate(&peer).is_err());
        let ours: Ours = serde_json::from_str(invalid).unwrap();
        let key = |e: &ValidationError| (e.path.clone(), e.code);
        let mut ours: Vec<_> = ours
            .validate()
            .unwrap_err()
            .errors()
            .iter()
            .map(key)
            .collect();
        let mut hand: Vec<_> = peer.hand_written().unwrap_err().iter().map(key).collect();
        ours.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.as_str().cmp(b.1.as_str())));
        hand.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.as_str().cmp(b.1.as_str())));
        assert_eq!(hand, ours);
    }

    #[test]
    fn peers_and_hand_written_checks_agree_with_ours_on_the_bench_payloads() {
        use crate::{callgear, chat_v2_message, localiq};
        same_verdicts::<chat_apis::localiq::CaptureChatRequest, LocaliqRequest>(
            &localiq(true),
            &localiq(false),
        );
        same_verdicts::<chat_apis::callgear::UploadChatsParams, CallgearUpload>(
            &callgear(500, true),
            &callgear(500, false),
        );
        same_verdicts::<chat_apis::chat_v2::NotifyUserNewChatMessageBody, ChatV2Message>(
            &chat_v2_message(true),
            &chat_v2_message(false),
        );
    }

    #[test]
    fn the_fixed_width_date_time_checks_the_calendar() {
        assert_eq!(
            fixed_datetime("2024-02-29 23:59:59"),
            Some([2024, 2, 29, 23, 59, 59])
        );
        assert!(fixed_datetime("2023-02-29 10:00:00").is_none());
        assert!(fixed_datetime("2016-12-31 23:59:60").is_some());
        assert!(fixed_datetime("2016-12-30 23:59:60").is_none());
        assert!(fixed_datetime("2023-01-01 24:00:00").is_none());
        assert!(fixed_datetime("2023-01-01T10:00:00").is_none());
        assert!(fixed_datetime("2023-1-01 10:00:00").is_none());
    }
}

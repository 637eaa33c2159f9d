//! Validation benchmarks, all in one run:
//!
//! 1. `validate()` on a typed, already-parsed value against `jsonschema` on
//!    an already-parsed `serde_json::Value` with the exported schema (and our
//!    own JSON validator on the same `Value`), for the LocaliQ seed sample, a
//!    500-chat CallGear upload and a chat v2 notifyUserNewChatMessage
//!    request, valid and invalid;
//! 2. bytes → typed struct → `validate()` against bytes → typed struct alone;
//! 3. the parts `validate()` spends its time in (`parts/…`): the runtime's
//!    format checks, a spec pattern, and the clock read behind `validate()`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use serde::de::DeserializeOwned;
use serde_json::Value;
use specgen_runtime::Validate;

use chat_apis::{callgear, chat_v2, localiq};

fn compare<T: DeserializeOwned + Validate>(c: &mut Criterion, name: &str, id: &str, json: &str) {
    let (api, endpoint) = id.split_once('.').expect("api.endpoint");
    let typed: T = serde_json::from_str(json).expect("the payload decodes");
    let value: Value = serde_json::from_str(json).expect("the payload is JSON");
    let schema = specgen_benches::schema_validator(api, &format!("payload.{endpoint}"));
    let registry = specgen_runtime::registry::find(chat_apis::APIS, id).expect("endpoint");
    let valid = typed.validate().is_ok();
    assert_eq!(
        valid,
        schema.is_valid(&value),
        "{name}: the judges disagree"
    );
    let mut g = c.benchmark_group(format!("validate/{name}"));
    g.bench_function("ours_typed", |b| b.iter(|| black_box(&typed).validate()));
    g.bench_function("ours_json", |b| {
        b.iter(|| registry.validate(black_box(&value)))
    });
    g.bench_function("jsonschema_is_valid", |b| {
        b.iter(|| schema.is_valid(black_box(&value)))
    });
    if !valid {
        // Ours reports every error; this is jsonschema doing the same.
        g.bench_function("jsonschema_all_errors", |b| {
            b.iter(|| schema.iter_errors(black_box(&value)).count())
        });
    }
    g.finish();
}

fn parse<T: DeserializeOwned + Validate>(c: &mut Criterion, name: &str, json: &str) {
    let bytes = json.as_bytes();
    let mut g = c.benchmark_group(format!("parse/{name}"));
    g.bench_function("typed", |b| {
        b.iter(|| serde_json::from_slice::<T>(black_box(bytes)).expect("decodes"))
    });
    g.bench_function("typed_validate", |b| {
        b.iter(|| {
            let t = serde_json::from_slice::<T>(black_box(bytes)).expect("decodes");
            t.validate().expect("valid");
            t
        })
    });
    g.finish();
}

/// Where `validate()` spends its time on the benchmark payloads.
fn parts(c: &mut Criterion) {
    use specgen_runtime::check::Pattern;
    use specgen_runtime::formats::{self, DateTimeFormat};
    static SERVER: Pattern = Pattern::new(r"^[a-zA-Z0-9\.\:\/\-]+$", None);
    static UTC: Pattern = Pattern::new("(Z|z|[+-]00:00)$", None);
    let mut g = c.benchmark_group("parts");
    g.bench_function("is_email", |b| {
        b.iter(|| formats::is_email(black_box("minneapple@gmail.com")))
    });
    g.bench_function("is_e164", |b| {
        b.iter(|| formats::is_e164(black_box("+14155550123")))
    });
    g.bench_function("pattern_chat_server", |b| {
        b.iter(|| SERVER.is_match(black_box("chat.example.com:8443")))
    });
    g.bench_function("pattern_utc_suffix", |b| {
        b.iter(|| UTC.is_match(black_box("2017-03-10T01:19:23Z")))
    });
    g.bench_function("datetime_rfc3339", |b| {
        b.iter(|| {
            formats::parse_datetime(black_box("2017-03-10T01:19:23Z"), DateTimeFormat::Rfc3339)
        })
    });
    g.bench_function("datetime_custom", |b| {
        b.iter(|| {
            static SPACED: specgen_runtime::datetime::Layout =
                specgen_runtime::datetime::Layout::new("YYYY-MM-DD hh:mm:ss");
            formats::parse_datetime(
                black_box("2024-02-01 10:00:05"),
                DateTimeFormat::Custom(&SPACED),
            )
        })
    });
    g.bench_function("now_utc", |b| {
        b.iter(specgen_runtime::time::OffsetDateTime::now_utc)
    });
    g.finish();
}

fn validation(c: &mut Criterion) {
    use specgen_benches::{callgear as cg, chat_v2_message, localiq as lq};
    for valid in [true, false] {
        let v = if valid { "valid" } else { "invalid" };
        compare::<localiq::CaptureChatRequest>(
            c,
            &format!("localiq_sample_{v}"),
            "localiq.capture_chat",
            &lq(valid),
        );
        compare::<callgear::UploadChatsParams>(
            c,
            &format!("callgear_500_chats_{v}"),
            "callgear.upload_chats",
            &cg(500, valid),
        );
        compare::<chat_v2::NotifyUserNewChatMessageBody>(
            c,
            &format!("chat_v2_new_message_{v}"),
            "chat_v2.notify_user_new_chat_message",
            &chat_v2_message(valid),
        );
    }
    parse::<localiq::CaptureChatRequest>(c, "localiq_sample", &lq(true));
    parse::<callgear::UploadChatsParams>(c, "callgear_500_chats", &cg(500, true));
    parse::<chat_v2::NotifyUserNewChatMessageBody>(
        c,
        "chat_v2_new_message",
        &chat_v2_message(true),
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30);
    targets = validation, parts
}
criterion_main!(benches);

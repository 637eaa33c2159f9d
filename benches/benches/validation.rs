//! Validation benchmarks, all in one run:
//!
//! 1. `validate()` on a typed, already-parsed value against `jsonschema` on
//!    an already-parsed `serde_json::Value` with the exported schema (and our
//!    own JSON validator on the same `Value`), for the LocaliQ seed sample, a
//!    500-chat CallGear upload and a chat v2 notifyUserNewChatMessage
//!    request, valid and invalid;
//! 2. bytes → typed struct → `validate()` against bytes → typed struct alone;
//! 3. the parts `validate()` spends its time in (`parts/…`): the runtime's
//!    format checks, a spec pattern, and the clock read behind `validate()`,
//!    each beside the general regex it replaced (`…_regex`);
//! 4. the peers on the same payloads (`garde`, `validator`, `hand_written`,
//!    from `specgen_benches::peers`), in the groups of 1;
//! 5. after criterion, 1 and 4 again, interleaved: batches of ours and of
//!    each peer alternate in rounds, and each ratio is the median of the
//!    rounds' ratios (the figures of record, as the variants share the load);
//! 6. then bytes → typed against bytes → typed → `validate()` again, paired
//!    and interleaved the same way.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, Criterion};
use serde::de::DeserializeOwned;
use serde_json::Value;
use specgen_benches::peers::{CallgearUpload, ChatV2Message, LocaliqRequest, PeerPayload};
use specgen_benches::timing::{interleaved, median, median_ratio};
use specgen_runtime::Validate;

use chat_apis::{callgear, chat_v2, localiq};

/// One payload as each validator takes it, and whether it is valid (which
/// ours and jsonschema must agree on).
struct Subject<T, P> {
    typed: T,
    peer: P,
    value: Value,
    schema: jsonschema::Validator,
    valid: bool,
}

impl<T: DeserializeOwned + Validate, P: PeerPayload> Subject<T, P> {
    fn new(name: &str, id: &str, json: &str) -> Self {
        let (api, endpoint) = id.split_once('.').expect("api.endpoint");
        let typed: T = serde_json::from_str(json).expect("the payload decodes");
        let value: Value = serde_json::from_str(json).expect("the payload is JSON");
        let schema = specgen_benches::schema_validator(api, &format!("payload.{endpoint}"));
        let valid = typed.validate().is_ok();
        assert_eq!(
            valid,
            schema.is_valid(&value),
            "{name}: the judges disagree"
        );
        Subject {
            typed,
            peer: serde_json::from_str(json).expect("the payload decodes for peers"),
            value,
            schema,
            valid,
        }
    }
}

fn compare<T: DeserializeOwned + Validate, P: PeerPayload>(
    c: &mut Criterion,
    name: &str,
    id: &str,
    json: &str,
) {
    let Subject {
        typed,
        peer,
        value,
        schema,
        valid,
    } = Subject::<T, P>::new(name, id, json);
    let registry = specgen_runtime::registry::find(chat_apis::APIS, id).expect("endpoint");
    let mut g = c.benchmark_group(format!("validate/{name}"));
    g.bench_function("ours_typed", |b| b.iter(|| black_box(&typed).validate()));
    g.bench_function("hand_written", |b| {
        b.iter(|| black_box(&peer).hand_written())
    });
    g.bench_function("garde", |b| {
        b.iter(|| garde::Validate::validate(black_box(&peer)))
    });
    g.bench_function("validator", |b| {
        b.iter(|| validator::Validate::validate(black_box(&peer)))
    });
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
    use regex::Regex;
    use specgen_runtime::check::{ByteClass, ClassRun, Pattern, RegexCell};
    use specgen_runtime::formats::{self, DateTimeFormat};
    static SERVER: Pattern = Pattern::regex(r"^[a-zA-Z0-9\.\:\/\-]+$", None, &SERVER_REGEX);
    static SERVER_REGEX: RegexCell = RegexCell::new();
    // What the generator emits for the same pattern now.
    static SERVER_SCAN: Pattern = Pattern::class_runs(
        r"^[a-zA-Z0-9\.\:\/\-]+$",
        None,
        &[ClassRun::new(
            ByteClass::ranges(&[(b'-', b':'), (b'A', b'Z'), (b'a', b'z')]),
            1,
            None,
        )],
    );
    static UTC: Pattern = Pattern::regex("(Z|z|[+-]00:00)$", None, &UTC_REGEX);
    static UTC_REGEX: RegexCell = RegexCell::new();
    // What the generator emits for it now.
    static UTC_SCAN: Pattern = Pattern::suffixes(
        "(Z|z|[+-]00:00)$",
        None,
        &[
            &[ByteClass::bytes(b"Z")],
            &[ByteClass::bytes(b"z")],
            &[
                ByteClass::bytes(b"+-"),
                ByteClass::bytes(b"0"),
                ByteClass::bytes(b"0"),
                ByteClass::bytes(b":"),
                ByteClass::bytes(b"0"),
                ByteClass::bytes(b"0"),
            ],
        ],
    );
    let email_regex = Regex::new(formats::EMAIL_PATTERN).expect("compiles");
    let e164_regex = Regex::new(formats::E164_PATTERN).expect("compiles");
    let uuid_regex = Regex::new(formats::UUID_PATTERN).expect("compiles");
    let mut g = c.benchmark_group("parts");
    g.bench_function("is_email", |b| {
        b.iter(|| formats::is_email(black_box("minneapple@gmail.com")))
    });
    g.bench_function("is_email_regex", |b| {
        b.iter(|| email_regex.is_match(black_box("minneapple@gmail.com")))
    });
    g.bench_function("is_e164", |b| {
        b.iter(|| formats::is_e164(black_box("+14155550123")))
    });
    g.bench_function("is_e164_regex", |b| {
        b.iter(|| e164_regex.is_match(black_box("+14155550123")))
    });
    g.bench_function("is_uuid", |b| {
        b.iter(|| formats::is_uuid(black_box("bd4567f4-9b90-42e6-b282-7767af1ba581")))
    });
    g.bench_function("is_uuid_regex", |b| {
        b.iter(|| uuid_regex.is_match(black_box("bd4567f4-9b90-42e6-b282-7767af1ba581")))
    });
    g.bench_function("pattern_chat_server", |b| {
        b.iter(|| SERVER_SCAN.is_match(black_box("chat.example.com:8443")))
    });
    g.bench_function("pattern_chat_server_regex", |b| {
        b.iter(|| SERVER.is_match(black_box("chat.example.com:8443")))
    });
    g.bench_function("pattern_utc_suffix", |b| {
        b.iter(|| UTC_SCAN.is_match(black_box("2017-03-10T01:19:23Z")))
    });
    g.bench_function("pattern_utc_suffix_regex", |b| {
        b.iter(|| UTC.is_match(black_box("2017-03-10T01:19:23Z")))
    });
    // Writing a typed RFC 3339 value back to text (for a pattern on it):
    // the runtime's fixed-layout writer against `time`'s formatter.
    let instant = formats::parse_datetime("2017-03-10T01:19:23Z", DateTimeFormat::Rfc3339)
        .expect("a date-time");
    g.bench_function("write_rfc3339", |b| {
        b.iter(|| {
            let mut buf = [0u8; specgen_runtime::datetime::RFC3339_MAX_LEN];
            DateTimeFormat::Rfc3339
                .format_into(black_box(instant), &mut buf)
                .map(str::len)
        })
    });
    g.bench_function("write_rfc3339_time", |b| {
        b.iter(|| {
            let mut buf = [0u8; specgen_runtime::datetime::RFC3339_MAX_LEN];
            let mut out: &mut [u8] = &mut buf;
            black_box(instant)
                .format_into(&mut out, &time::format_description::well_known::Rfc3339)
                .ok()
        })
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
    // A report that no check asks the time: what `validate()` pays now.
    g.bench_function("report_without_time_rule", |b| {
        b.iter(|| black_box(specgen_runtime::Report::current_time()).into_result())
    });
    g.finish();
}

/// Calls `$f::<Ours, Peer>($($arg,)* name, "api.endpoint", json)` for each
/// of the six payloads (three endpoints, valid and invalid).
macro_rules! each_payload {
    ($f:ident $(, $arg:expr)*) => {{
        use specgen_benches::{callgear as cg, chat_v2_message, localiq as lq};
        for valid in [true, false] {
            let v = if valid { "valid" } else { "invalid" };
            $f::<localiq::CaptureChatRequest, LocaliqRequest>(
                $($arg,)*
                &format!("localiq_sample_{v}"),
                "localiq.capture_chat",
                &lq(valid),
            );
            $f::<callgear::UploadChatsParams, CallgearUpload>(
                $($arg,)*
                &format!("callgear_500_chats_{v}"),
                "callgear.upload_chats",
                &cg(500, valid),
            );
            $f::<chat_v2::NotifyUserNewChatMessageBody, ChatV2Message>(
                $($arg,)*
                &format!("chat_v2_new_message_{v}"),
                "chat_v2.notify_user_new_chat_message",
                &chat_v2_message(valid),
            );
        }
    }};
}

fn validation(c: &mut Criterion) {
    use specgen_benches::{callgear as cg, chat_v2_message, localiq as lq};
    each_payload!(compare, c);
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
/// `validate()` against the peers on one payload, in alternating batches
/// (the order rotates each round): the same comparison as criterion's
/// `validate/…` groups, but with every variant measured under the same
/// load, so the ratios (medians of the rounds' ratios) are the figures of
/// record. jsonschema runs in its all-errors mode on an invalid payload,
/// as ours reports every error.
fn interleaved_validation<T: DeserializeOwned + Validate, P: PeerPayload>(
    name: &str,
    id: &str,
    json: &str,
) {
    let s = Subject::<T, P>::new(name, id, json);
    let (typed, peer, value, schema, valid) = (&s.typed, &s.peer, &s.value, &s.schema, s.valid);
    let ours = || {
        black_box(black_box(typed).validate().is_ok());
    };
    let hand = || {
        black_box(black_box(peer).hand_written().is_ok());
    };
    let garde = || {
        black_box(garde::Validate::validate(black_box(peer)).is_ok());
    };
    let validator = || {
        black_box(validator::Validate::validate(black_box(peer)).is_ok());
    };
    let jsonschema = || {
        if valid {
            black_box(schema.is_valid(black_box(value)));
        } else {
            black_box(schema.iter_errors(black_box(value)).count());
        }
    };
    let rounds = 41;
    let (times, iters) = interleaved(&[&ours, &hand, &garde, &validator, &jsonschema], rounds);
    let ratio = |a: usize, b: usize| median_ratio(&times[a], &times[b]);
    println!(
        "interleaved/{name}: ours {:.0} ns, hand-written {:.0} ns, garde {:.0} ns, validator {:.0} ns, jsonschema{} {:.0} ns | ours/hand-written {:.2}, jsonschema/ours {:.2}, garde/ours {:.2}, validator/ours {:.2}  ({rounds} rounds of {iters})",
        median(&times[0]),
        median(&times[1]),
        median(&times[2]),
        median(&times[3]),
        if valid { "" } else { " (all errors)" },
        median(&times[4]),
        ratio(0, 1),
        ratio(4, 0),
        ratio(2, 0),
        ratio(3, 0),
    );
}

/// Verdicts only, interleaved: ours `is_valid()` (which stops at the first
/// error and keeps none) against jsonschema's `is_valid`, the like-for-like
/// comparison on an invalid payload.
fn interleaved_verdicts<T: DeserializeOwned + Validate, P: PeerPayload>(
    name: &str,
    id: &str,
    json: &str,
) {
    let s = Subject::<T, P>::new(name, id, json);
    let (typed, value, schema) = (&s.typed, &s.value, &s.schema);
    assert_eq!(
        typed.is_valid(),
        s.valid,
        "{name}: is_valid is validate's verdict"
    );
    let ours = || {
        black_box(black_box(typed).is_valid());
    };
    let jsonschema = || {
        black_box(schema.is_valid(black_box(value)));
    };
    let rounds = 41;
    let (times, iters) = interleaved(&[&ours, &jsonschema], rounds);
    println!(
        "verdict/{name}: ours is_valid {:.0} ns, jsonschema is_valid {:.0} ns | jsonschema/ours {:.2}  ({rounds} rounds of {iters})",
        median(&times[0]),
        median(&times[1]),
        median_ratio(&times[1], &times[0]),
    );
}

fn interleaved_all() {
    each_payload!(interleaved_validation);
    each_payload!(interleaved_verdicts);
}

/// Parsing alone, parsing then `validate()`, and parsing then the
/// hand-written check, in alternating batches (the order rotates each
/// round), so load changes hit all three alike.
fn paired_overhead<T: DeserializeOwned + Validate, P: PeerPayload>(name: &str, json: &str) {
    let bytes = json.as_bytes();
    let typed = || {
        black_box(serde_json::from_slice::<T>(black_box(bytes)).expect("decodes"));
    };
    let validated = || {
        let t = serde_json::from_slice::<T>(black_box(bytes)).expect("decodes");
        black_box(t.validate().is_ok());
        black_box(t);
    };
    let hand = || {
        let t = serde_json::from_slice::<P>(black_box(bytes)).expect("decodes");
        black_box(t.hand_written().is_ok());
        black_box(t);
    };
    let peer_typed = || {
        black_box(serde_json::from_slice::<P>(black_box(bytes)).expect("decodes"));
    };
    // Many short rounds: the median of per-round ratios of a 1–2 µs parse
    // moved by ±3 points from run to run at 61 rounds.
    let rounds = 301;
    let (times, iters) = interleaved(&[&typed, &validated, &peer_typed, &hand], rounds);
    let ratio = |a: usize, b: usize| median_ratio(&times[a], &times[b]) - 1.0;
    println!(
        "paired/{name}: typed {:.0} ns, typed+validate {:.0} ns, validation adds {:.1}% | peer typed {:.0} ns, +hand-written {:.0} ns, adds {:.1}%  ({rounds} rounds of {iters})",
        median(&times[0]),
        median(&times[1]),
        100.0 * ratio(1, 0),
        median(&times[2]),
        median(&times[3]),
        100.0 * ratio(3, 2),
    );
}

fn paired() {
    use specgen_benches::{callgear as cg, chat_v2_message, localiq as lq};
    paired_overhead::<localiq::CaptureChatRequest, LocaliqRequest>("localiq_sample", &lq(true));
    paired_overhead::<callgear::UploadChatsParams, CallgearUpload>(
        "callgear_500_chats",
        &cg(500, true),
    );
    paired_overhead::<chat_v2::NotifyUserNewChatMessageBody, ChatV2Message>(
        "chat_v2_new_message",
        &chat_v2_message(true),
    );
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // `cargo test --benches` runs this binary too: measure only under bench.
    if std::env::args().any(|a| a == "--bench") {
        interleaved_all();
        paired();
    }
}

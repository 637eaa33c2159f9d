//! A hostile payload: `{"chats":[{}, … 10^6 times]}` for CallGear's
//! `upload.chats` (at most 500 chats, each with required members), from the
//! bytes to the capped error report, as the CLI's `validate` does it. Then
//! the process's peak resident memory (`VmHWM`, Linux), which bounds what a
//! single run took.
//!
//! Before the error cap this took 29 s and 952 MB and reported every error.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

const ITEMS: usize = 1_000_000;

fn huge_invalid_payload() -> Vec<u8> {
    let mut text = String::with_capacity(ITEMS * 3 + 16);
    text.push_str("{\"chats\":[");
    for i in 0..ITEMS {
        if i > 0 {
            text.push(',');
        }
        text.push_str("{}");
    }
    text.push_str("]}");
    text.into_bytes()
}

fn huge(c: &mut Criterion) {
    let bytes = huge_invalid_payload();
    let endpoint = specgen_runtime::registry::find(chat_apis::APIS, "callgear.upload_chats")
        .expect("callgear.upload_chats");
    let mut g = c.benchmark_group("huge_invalid");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("1e6_empty_chats_parse_and_validate", |b| {
        b.iter(|| {
            let value: serde_json::Value = serde_json::from_slice(black_box(&bytes)).expect("JSON");
            let errors = endpoint.validate(&value).expect_err("invalid");
            black_box(errors.errors().len())
        })
    });
    g.finish();

    let value: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
    let errors = endpoint.validate(&value).expect_err("invalid");
    println!(
        "\nhuge_invalid: {} errors reported, last: {}",
        errors.errors().len(),
        errors.errors().last().map(|e| &*e.message).unwrap_or("")
    );
    match std::fs::read_to_string("/proc/self/status") {
        Ok(status) => {
            let peak = status.lines().find(|l| l.starts_with("VmHWM"));
            println!("huge_invalid: peak resident memory of the whole bench process: {peak:?}");
        }
        Err(e) => println!("huge_invalid: peak memory unknown here ({e})"),
    }
}

criterion_group!(benches, huge);
criterion_main!(benches);

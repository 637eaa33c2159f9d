//! Parsing and writing generated types (`rt::record!`) against twins with
//! serde's derive (`specgen_benches::derived`), interleaved: each round
//! times a batch of every variant, in rotating order, so the machine's load
//! falls on all alike; the figures are medians over the rounds, and each
//! ratio the median of the per-round ratios (record ÷ derive, so below 1
//! means the record is faster).
//!
//! `cargo bench -p specgen-benches --bench serde_glue`

use serde::de::DeserializeOwned;
use serde::Serialize;
use specgen_benches::timing::{interleaved, median, median_ratio};
use specgen_benches::{callgear, derived, localiq};
use std::hint::black_box;

fn compare<Ours, Twin>(name: &str, json: &str)
where
    Ours: Serialize + DeserializeOwned,
    Twin: Serialize + DeserializeOwned,
{
    let bytes = json.as_bytes();
    let ours: Ours = serde_json::from_slice(bytes).expect("decodes");
    let twin: Twin = serde_json::from_slice(bytes).expect("decodes");
    let parse_ours = || {
        black_box(serde_json::from_slice::<Ours>(black_box(bytes)).expect("decodes"));
    };
    let parse_twin = || {
        black_box(serde_json::from_slice::<Twin>(black_box(bytes)).expect("decodes"));
    };
    let write_ours = || {
        black_box(serde_json::to_vec(black_box(&ours)).expect("encodes"));
    };
    let write_twin = || {
        black_box(serde_json::to_vec(black_box(&twin)).expect("encodes"));
    };
    let rounds = 61;
    let (times, iters) = interleaved(
        &[&parse_ours, &parse_twin, &write_ours, &write_twin],
        rounds,
    );
    let ratio = |a: usize, b: usize| median_ratio(&times[a], &times[b]);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "serde/{name}: parse record {:.0} ns, derive {:.0} ns, ratio {:.3} | write record {:.0} ns, derive {:.0} ns, ratio {:.3}  ({rounds} rounds of {iters}; load {})",
        median(&times[0]),
        median(&times[1]),
        ratio(0, 1),
        median(&times[2]),
        median(&times[3]),
        ratio(2, 3),
        load.split(' ').take(3).collect::<Vec<_>>().join(" "),
    );
}

fn main() {
    // `cargo test --benches` runs this binary too: measure only under bench.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    compare::<chat_apis::localiq::CaptureChatRequest, derived::CaptureChatRequest>(
        "localiq_sample",
        &localiq(true),
    );
    compare::<chat_apis::callgear::UploadChatsParams, derived::UploadChatsParams>(
        "callgear_500_chats",
        &callgear(500, true),
    );
}

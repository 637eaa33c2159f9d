//! Parsing and writing generated types (`rt::record!`) against twins with
//! serde's derive (`specgen_benches::derived`), interleaved: each round
//! times a batch of every variant, in rotating order, so the machine's load
//! falls on all alike; the figures are medians over the rounds, and each
//! ratio the median of the per-round ratios (record ÷ derive, so below 1
//! means the record is faster).
//!
//! `cargo bench -p specgen-benches --bench serde_glue`

use std::hint::black_box;
use std::time::Instant;

use serde::de::DeserializeOwned;
use serde::Serialize;
use specgen_benches::{callgear, derived, localiq};

/// One measured batch: `iters` runs of `f`, in nanoseconds per run.
fn batch(iters: u32, f: &dyn Fn()) -> f64 {
    let start = Instant::now();
    for _ in 0..iters {
        f();
    }
    start.elapsed().as_secs_f64() * 1e9 / f64::from(iters)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

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
    let variants: [&dyn Fn(); 4] = [&parse_ours, &parse_twin, &write_ours, &write_twin];
    // About 2 ms a batch.
    let one = batch(10, &parse_ours).max(1.0);
    let iters = ((2e6 / one) as u32).clamp(1, 1_000_000);
    for v in variants {
        batch(iters, v);
    }
    let rounds = 61;
    let mut times: [Vec<f64>; 4] = Default::default();
    for r in 0..rounds {
        for k in 0..4 {
            let i = (r + k) % 4;
            times[i].push(batch(iters, variants[i]));
        }
    }
    let ratio =
        |a: usize, b: usize| median(times[a].iter().zip(&times[b]).map(|(x, y)| x / y).collect());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "serde/{name}: parse record {:.0} ns, derive {:.0} ns, ratio {:.3} | write record {:.0} ns, derive {:.0} ns, ratio {:.3}  ({rounds} rounds of {iters}; load {})",
        median(times[0].clone()),
        median(times[1].clone()),
        ratio(0, 1),
        median(times[2].clone()),
        median(times[3].clone()),
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

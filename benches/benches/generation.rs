//! Generation time of specgen on synthetic specs of 20 constrained fields
//! per endpoint, end to end (spec text in memory → files,
//! `generate_to_strings`, bare-module mode as a build script runs it):
//!
//! 1. criterion, formatted (prettyplease) and unformatted, at 1 to 1,000
//!    endpoints;
//! 2. against typify, interleaved: each round runs specgen formatted,
//!    specgen unformatted and typify (on the JSON Schema that `specgen
//!    export` writes for the same spec, from JSON text to formatted code)
//!    one after the other, so the machine's load falls on all three alike;
//!    medians of the rounds;
//! 3. the time per phase (median of a few runs) and the output size.
//!
//! Both tools allocate with mimalloc, as the `specgen` binary does (build
//! with `--features system-alloc` for the system allocator).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SIZES: [usize; 4] = [1, 10, 100, 1000];

fn generate(spec: &str, format: bool) -> specgen::Output {
    specgen::Builder::new()
        .spec_str("synthetic.yaml", spec)
        .format(format)
        .generate_to_strings()
        .expect("the synthetic spec generates")
}

fn generation(c: &mut Criterion) {
    for (name, format) in [("generate", true), ("generate_unformatted", false)] {
        let mut g = c.benchmark_group(name);
        g.sample_size(10);
        for n in SIZES {
            let spec = specgen_benches::synthetic_spec(n);
            g.bench_with_input(BenchmarkId::from_parameter(n), &spec, |b, spec| {
                b.iter(|| generate(black_box(spec), format))
            });
        }
        g.finish();
    }
    against_typify();
    phases();
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

/// The exported JSON Schema of the synthetic spec, typify's input.
fn exported_schema(spec: &str) -> String {
    let checked = specgen::Builder::new()
        .spec_str("synthetic.yaml", spec)
        .check()
        .expect("the synthetic spec checks");
    let mut files = specgen::export::files(&checked.apis.apis);
    files
        .remove(std::path::Path::new("schema/synthetic.schema.json"))
        .expect("the JSON Schema is exported")
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let t = Instant::now();
    let out = black_box(f());
    (t.elapsed(), out)
}

/// The machine's load average (1, 5, 15 minutes), printed with the tables:
/// on a shared machine it says how far to trust them.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "unknown".to_owned(),
        |s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    )
}

fn against_typify() {
    println!(
        "\nspecgen against typify, interleaved rounds (medians, ms; ratio = specgen / typify); load average {}",
        load_average()
    );
    println!(
        "{:>9} {:>6} {:>12} {:>14} {:>10} {:>9} {:>11} {:>13} {:>13}",
        "endpoints",
        "rounds",
        "formatted",
        "unformatted",
        "typify",
        "ratio",
        "ratio unf.",
        "our bytes",
        "typify bytes"
    );
    for (n, rounds) in [(100, 5), (1000, 3)] {
        let spec = specgen_benches::synthetic_spec(n);
        let schema = exported_schema(&spec);
        let (mut fmt, mut plain, mut typify) = (vec![], vec![], vec![]);
        let (mut ours_len, mut their_len) = (0, 0);
        for round in 0..rounds {
            // Rotate the order so neither tool always runs after the other.
            for k in 0..3 {
                match (round + k) % 3 {
                    0 => {
                        let (t, out) = time(|| generate(&spec, true));
                        ours_len = out.files.values().map(String::len).sum();
                        fmt.push(t);
                    }
                    1 => plain.push(time(|| generate(&spec, false)).0),
                    _ => {
                        let (t, out) = time(|| {
                            specgen_benches::typify_types(&schema).expect("typify generates")
                        });
                        their_len = out.len();
                        typify.push(t);
                    }
                }
            }
        }
        let (f, p, t) = (median(fmt), median(plain), median(typify));
        println!(
            "{n:>9} {rounds:>6} {:>12.1} {:>14.1} {:>10.1} {:>9.3} {:>11.3} {ours_len:>13} {their_len:>13}",
            ms(f),
            ms(p),
            ms(t),
            f.as_secs_f64() / t.as_secs_f64(),
            p.as_secs_f64() / t.as_secs_f64(),
        );
    }
}

/// The per-phase table, printed after criterion's lines.
fn phases() {
    println!(
        "\nspecgen generation by phase (median of 5 runs, ms; codegen includes printing, which interleaves with it) and output size; load average {}",
        load_average()
    );
    println!(
        "{:>9} {:>11} {:>9} {:>9} {:>9} {:>9} {:>9} {:>10} {:>12} {:>9}",
        "endpoints",
        "layout",
        "load",
        "lower",
        "check",
        "codegen",
        "emit",
        "total",
        "output B",
        "spec B"
    );
    for n in SIZES {
        let spec = specgen_benches::synthetic_spec(n);
        for (layout, format) in [("formatted", true), ("plain", false)] {
            let mut runs: Vec<(specgen::Timings, usize)> = (0..5)
                .map(|_| {
                    let out = generate(&spec, format);
                    (out.timings, out.files.values().map(String::len).sum())
                })
                .collect();
            let total = |t: &specgen::Timings| t.load + t.lower + t.check + t.codegen + t.emit;
            runs.sort_by_key(|(t, _)| total(t));
            let (t, size) = runs[runs.len() / 2];
            println!(
                "{n:>9} {layout:>11} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>10.2} {size:>12} {:>9}",
                ms(t.load),
                ms(t.lower),
                ms(t.check),
                ms(t.codegen),
                ms(t.emit),
                ms(total(&t)),
                spec.len()
            );
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = generation
}
criterion_main!(benches);

//! Generation time of specgen on synthetic specs with 1, 10, 100 and 1,000
//! endpoints of 20 constrained fields each: end to end (spec text in memory
//! → formatted files, `generate_to_strings`) with criterion, then a table of
//! the time per phase (load, lower, check, codegen, emit; the median of a few
//! runs) and the output size.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

const SIZES: [usize; 4] = [1, 10, 100, 1000];

fn generate(spec: &str) -> specgen::Output {
    specgen::Builder::new()
        .spec_str("synthetic.yaml", spec)
        .generate_to_strings()
        .expect("the synthetic spec generates")
}

fn generation(c: &mut Criterion) {
    let mut g = c.benchmark_group("generate");
    g.sample_size(10);
    for n in SIZES {
        let spec = specgen_benches::synthetic_spec(n);
        g.bench_with_input(BenchmarkId::from_parameter(n), &spec, |b, spec| {
            b.iter(|| generate(black_box(spec)))
        });
    }
    g.finish();
    phases();
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The per-phase table, printed after criterion's lines.
fn phases() {
    println!("\nspecgen generation by phase (median of 5 runs, ms) and output size");
    println!(
        "{:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>10} {:>12} {:>9}",
        "endpoints", "load", "lower", "check", "codegen", "emit", "total", "output B", "spec B"
    );
    for n in SIZES {
        let spec = specgen_benches::synthetic_spec(n);
        let mut runs: Vec<(specgen::Timings, usize)> = (0..5)
            .map(|_| {
                let out = generate(&spec);
                (out.timings, out.files.values().map(String::len).sum())
            })
            .collect();
        let total = |t: &specgen::Timings| t.load + t.lower + t.check + t.codegen + t.emit;
        runs.sort_by_key(|(t, _)| total(t));
        let (t, size) = runs[runs.len() / 2];
        println!(
            "{n:>9} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>10.2} {size:>12} {:>9}",
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

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = generation
}
criterion_main!(benches);

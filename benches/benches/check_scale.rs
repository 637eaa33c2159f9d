//! `specgen check` (load, lower, check; no codegen) on specs of 1,000,
//! 10,000 and 60,000 small types: criterion for the first two, with
//! `generate_to_strings` on the same 1,000-type spec as the peer, then one
//! measured run at 60,000 types (about 5 MB of YAML), reporting its wall and
//! CPU time and the process's peak memory. The machine is shared, so the CPU
//! time is the figure to compare across runs.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

fn check(spec: &str) -> specgen::Checked {
    specgen::Builder::new()
        .spec_str("many.yaml", spec)
        .check()
        .expect("the synthetic spec is valid")
}

/// A field of /proc/self/status or /proc/self/stat; Linux only.
fn proc_self(file: &str) -> Option<String> {
    std::fs::read_to_string(format!("/proc/self/{file}")).ok()
}

/// User plus system CPU time of this process so far.
fn cpu_time() -> Option<Duration> {
    let stat = proc_self("stat")?;
    // Fields after the command name, which is in parentheses.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // Linux reports in USER_HZ, 100 per second on every common target.
    Some(Duration::from_millis(ticks * 10))
}

/// The process's peak resident memory (VmHWM).
fn peak_memory_mb() -> Option<f64> {
    let status = proc_self("status")?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The 60,000-type run, once, first, so the peak memory is its own.
fn one_shot_60k() {
    let spec = specgen_benches::many_types_spec(60_000);
    let cpu = cpu_time();
    let t = Instant::now();
    let checked = check(&spec);
    let wall = t.elapsed();
    let cpu = cpu_time().zip(cpu).map(|(after, before)| after - before);
    let p = checked.timings;
    println!(
        "check_scale/60000: {:.1} MB of YAML, wall {:.2} s, CPU {} , peak memory {} (load {:.2} s, lower {:.2} s, check {:.2} s)",
        spec.len() as f64 / 1e6,
        wall.as_secs_f64(),
        cpu.map_or("n/a".to_owned(), |c| format!("{:.2} s", c.as_secs_f64())),
        peak_memory_mb().map_or("n/a".to_owned(), |m| format!("{m:.0} MB")),
        p.load.as_secs_f64(),
        p.lower.as_secs_f64(),
        p.check.as_secs_f64(),
    );
    drop(black_box(checked));
}

fn check_scale(c: &mut Criterion) {
    one_shot_60k();
    let mut g = c.benchmark_group("check_scale");
    g.sample_size(10);
    for n in [1_000, 10_000] {
        let spec = specgen_benches::many_types_spec(n);
        g.bench_with_input(BenchmarkId::new("check", n), &spec, |b, spec| {
            b.iter(|| check(black_box(spec)))
        });
        if n == 1_000 {
            // The peer: the whole pipeline on the same spec, in the same run.
            g.bench_with_input(BenchmarkId::new("generate", n), &spec, |b, spec| {
                b.iter(|| {
                    specgen::Builder::new()
                        .spec_str("many.yaml", black_box(spec.as_str()))
                        .generate_to_strings()
                        .expect("the synthetic spec generates")
                })
            });
        }
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = check_scale
}
criterion_main!(benches);

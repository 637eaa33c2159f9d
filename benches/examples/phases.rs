//! Generation time by phase for one synthetic spec size, with peak memory:
//! `cargo run --release -p specgen-benches --example phases -- 1000 [plain]`.
//! A quick probe for profiling; the benchmark of record is `benches/generation.rs`.
//! Allocates with mimalloc, as the `specgen` binary does, unless built with
//! `--features system-alloc`.

#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let format = args.next().as_deref() != Some("plain");
    let spec = specgen_benches::synthetic_spec(n);
    let t = std::time::Instant::now();
    let out = specgen::Builder::new()
        .spec_str("synthetic.yaml", &spec)
        .format(format)
        .generate_to_strings()
        .expect("the synthetic spec generates");
    let wall = t.elapsed();
    let tm = out.timings;
    let lines: usize = out.files.values().map(|f| f.lines().count()).sum();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!(
        "endpoints {n} format {format}: load {:.0} ms, lower {:.0}, check {:.0}, codegen {:.0}, emit {:.0}; wall {:.0} ms; {lines} lines ({} per endpoint)",
        ms(tm.load),
        ms(tm.lower),
        ms(tm.check),
        ms(tm.codegen),
        ms(tm.emit),
        ms(wall),
        lines / n.max(1)
    );
}

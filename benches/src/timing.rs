//! Interleaved timing for the benches that print their own tables
//! (`validation`'s paired overhead, `serde_glue`): every round times one
//! batch of each variant, in rotating order, so a change in the machine's
//! load falls on all of them alike.

use std::time::Instant;

/// One measured batch: `iters` runs of `f`, in nanoseconds per run.
pub fn batch(iters: u32, f: &dyn Fn()) -> f64 {
    let start = Instant::now();
    for _ in 0..iters {
        f();
    }
    start.elapsed().as_secs_f64() * 1e9 / f64::from(iters)
}

/// The median (the upper one of an even count).
pub fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// The median over rounds of `a[i] / b[i]`.
pub fn median_ratio(a: &[f64], b: &[f64]) -> f64 {
    median(&a.iter().zip(b).map(|(x, y)| x / y).collect::<Vec<_>>())
}

/// Times `variants` for `rounds` rounds in batches of about 2 ms (sized on
/// the first variant, after one warm-up batch of each): nanoseconds per run,
/// by variant and round, and the batch size.
pub fn interleaved(variants: &[&dyn Fn()], rounds: usize) -> (Vec<Vec<f64>>, u32) {
    let one = variants.first().map_or(1.0, |f| batch(10, *f)).max(1.0);
    let iters = ((2e6 / one) as u32).clamp(1, 1_000_000);
    for v in variants {
        batch(iters, *v);
    }
    let mut times = vec![Vec::with_capacity(rounds); variants.len()];
    for r in 0..rounds {
        for k in 0..variants.len() {
            let i = (r + k) % variants.len();
            times[i].push(batch(iters, variants[i]));
        }
    }
    (times, iters)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_ratios_are_of_the_rounds() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median_ratio(&[2.0, 9.0, 4.0], &[1.0, 3.0, 4.0]), 2.0);
        let (times, iters) = interleaved(&[&|| {}, &|| {}], 3);
        assert_eq!((times.len(), times[0].len(), times[1].len()), (2, 3, 3));
        assert!(iters >= 1);
    }
}

//! The allocation algorithm at the sizes of the targets: 100k shops × 5 choices over 2k
//! offers, and 1M shops × 10 choices over 20k offers. Places add up to 60% of the shops and
//! choices lean towards popular offers, so many shops are turned away and propose again.
//! Run with `cargo bench -p connessi-matching --bench allocation`; the peak memory of the
//! process (VmHWM) is printed at the end.

use connessi_matching::allocation::{Applicant, Instance, Priority, deferred_acceptance};
use criterion::{Criterion, criterion_group, criterion_main};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::hint::black_box;

fn instance(shops: usize, choices: usize, offers: usize) -> Instance {
    let mut rng = StdRng::seed_from_u64(42);
    let total_places = shops * 6 / 10;
    let places = (0..offers)
        .map(|_| rng.random_range(1..=(2 * total_places / offers) as u32))
        .collect();
    let applicants = (0..shops)
        .map(|_| {
            let mut list = Vec::with_capacity(choices);
            while list.len() < choices {
                // Squaring a uniform draw leans towards the first (popular) offers.
                let x: f64 = rng.random();
                let offer = ((x * x) * offers as f64) as u32;
                if !list.contains(&offer) {
                    list.push(offer);
                }
            }
            Applicant {
                choices: list,
                priority: Priority {
                    score: rng.random_range(0..7),
                    lottery: rng.random(),
                },
            }
        })
        .collect();
    Instance { places, applicants }
}

fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("allocation");
    group.sample_size(10);
    for (name, shops, choices, offers) in [
        ("100k_shops_5_choices_2k_offers", 100_000, 5, 2_000),
        ("1m_shops_10_choices_20k_offers", 1_000_000, 10, 20_000),
    ] {
        let instance = instance(shops, choices, offers);
        let assigned = deferred_acceptance(&instance)
            .offer_of
            .iter()
            .filter(|o| o.is_some())
            .count();
        println!("{name}: {assigned} of {shops} shops assigned");
        group.bench_function(name, |b| {
            b.iter(|| deferred_acceptance(black_box(&instance)))
        });
    }
    group.finish();
    if let Some(peak) = peak_memory_mib() {
        println!("peak memory of the benchmark process (VmHWM): {peak:.0} MiB");
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Recommendations for one shop over 100k published offers: latency percentiles (p50/p95/p99
//! over 2,000 shops in comuni all over Italy, after 200 warm-up asks), printed as a Markdown
//! table, then criterion's estimate for one shop. The offers mix national, regional,
//! provincial and comunal coverage, 1–3 categories, levels, languages and capacities, and a
//! third of providers have a track record.
//! Run with `cargo bench -p connessi-matching --bench recommendations`.

use connessi_domain::shop::{ShopProfile, SkillsAssessment};
use connessi_domain::territory::{Territory, istat};
use connessi_domain::vocab;
use connessi_matching::recommend::candidate::{Candidate, bits, skill_rank};
use connessi_matching::recommend::{Ask, Lang, Offers, ShopContext, TrackRecord, recommend};
use criterion::Criterion;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use std::collections::{HashMap, HashSet};
use std::hint::black_box;
use std::time::Instant;
use uuid::Uuid;

const OFFERS: usize = 100_000;
const WARM_UP: usize = 200;
const SAMPLES: usize = 2_000;

fn codes(
    vocabulary: &vocab::Vocabulary,
    rng: &mut StdRng,
    how_many: std::ops::RangeInclusive<usize>,
) -> Vec<String> {
    let n = rng.random_range(how_many);
    let mut out: Vec<String> = vocabulary
        .terms
        .choose_multiple(rng, n)
        .map(|t| t.code.to_owned())
        .collect();
    out.sort();
    out
}

fn territory(rng: &mut StdRng, comuni: &[&String]) -> Territory {
    let table = istat();
    let mut territory = Territory::default();
    match rng.random_range(0..10) {
        0..=2 => territory.national = true,
        3..=5 => {
            let regions: Vec<&String> = table.regions.keys().collect();
            territory.regions = vec![
                regions
                    .choose(rng)
                    .map(|r| (*r).clone())
                    .unwrap_or_default(),
            ];
        }
        6..=8 => {
            let provinces: Vec<&String> = table.provinces.keys().collect();
            territory.provinces = (0..rng.random_range(1..=3))
                .filter_map(|_| provinces.choose(rng).map(|p| (*p).clone()))
                .collect();
        }
        _ => {
            territory.comuni = (0..rng.random_range(1..=5))
                .filter_map(|_| comuni.choose(rng).map(|c| (*c).clone()))
                .collect();
        }
    }
    territory
}

fn offers(rng: &mut StdRng) -> Offers {
    let comuni: Vec<&String> = istat().comuni.keys().collect();
    let levels = ["base", "intermediate", "advanced"];
    let modes = ["online", "in_person", "mixed"];
    Offers::from_candidates((0..OFFERS).map(|n| {
        let categories = codes(&vocab::CATEGORIES, rng, 1..=3);
        let languages = if rng.random_bool(0.2) {
            vec!["en".into(), "it".into()]
        } else {
            vec!["it".into()]
        };
        let level = levels[rng.random_range(0..3)];
        let capacity = rng.random_bool(0.6).then(|| rng.random_range(5..200));
        Candidate {
            id: Uuid::from_u128(n as u128 + 1),
            provider_id: Uuid::from_u128(rng.random_range(1..=5_000)),
            provider_name: format!("Fornitore {n}"),
            title_it: format!("Offerta numero {n}"),
            title_en: None,
            category_bits: bits(&vocab::CATEGORIES, &categories),
            categories,
            sector_bits: bits(&vocab::SECTORS, &codes(&vocab::SECTORS, rng, 3..=3)),
            language_bits: bits(&vocab::LANGUAGES, &languages),
            national: false,
            regions: vec![],
            provinces: vec![],
            comuni: vec![],
            delivery_mode: modes[rng.random_range(0..3)].into(),
            format: "software_service".into(),
            skill_level: level.into(),
            skill: skill_rank(level),
            free_period_months: Some(rng.random_range(1..=24)),
            free_period_until: None,
            price_after: "19 € al mese".into(),
            capacity,
            places_left: capacity.map(|c| rng.random_range(0..=c)),
            expires_at: None,
        }
        .with_territory(&territory(rng, &comuni))
    }))
}

fn tracks(rng: &mut StdRng) -> HashMap<Uuid, TrackRecord> {
    (1..=5_000u128)
        .filter_map(|p| {
            if !rng.random_bool(0.33) {
                return None;
            }
            let answers = rng.random_range(1..40);
            let record = TrackRecord {
                completed: answers + rng.random_range(0..10),
                answers,
                mean_satisfaction: Some(rng.random_range(1.0..5.0)),
                sales_pressure_reports: rng.random_range(0..answers / 4 + 1),
            };
            Some((Uuid::from_u128(p), record))
        })
        .collect()
}

fn shop(rng: &mut StdRng, comuni: &[&String]) -> ShopContext {
    let profile = ShopProfile {
        partita_iva: None,
        sector: vocab::SECTORS
            .terms
            .choose(rng)
            .map(|t| t.code.to_owned())
            .unwrap_or_default(),
        comune: comuni.choose(rng).map(|c| (*c).clone()).unwrap_or_default(),
        size: "micro".into(),
        skills: SkillsAssessment {
            uses_email_daily: rng.random_bool(0.8),
            has_website: rng.random_bool(0.5),
            sells_online: rng.random_bool(0.3),
            takes_digital_payments: rng.random_bool(0.6),
            posts_on_social_media: rng.random_bool(0.5),
            uses_management_software: rng.random_bool(0.3),
        },
        need_categories: codes(&vocab::CATEGORIES, rng, 0..=3),
        needs_text: String::new(),
        languages: vec!["it".into()],
        priority_attributes: vec![],
    };
    ShopContext::new(&profile)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let mut rng = StdRng::seed_from_u64(7);
    let offers = offers(&mut rng);
    let tracks = tracks(&mut rng);
    let comuni: Vec<&String> = istat().comuni.keys().collect();
    let shops: Vec<ShopContext> = (0..WARM_UP + SAMPLES)
        .map(|_| shop(&mut rng, &comuni))
        .collect();
    let excluded = HashSet::from([Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3)]);
    let ask = |shop| Ask {
        shop,
        tracks: &tracks,
        excluded: &excluded,
        now: chrono::Utc::now(),
        limit: 10,
        lang: Lang::It,
    };
    let mut latencies = Vec::with_capacity(SAMPLES);
    let mut considered = 0usize;
    for (i, shop) in shops.iter().enumerate() {
        let started = Instant::now();
        let (n, items) = recommend(&offers, &ask(shop));
        black_box(items);
        if i >= WARM_UP {
            latencies.push(started.elapsed().as_secs_f64() * 1000.0);
            considered += n;
        }
    }
    latencies.sort_by(f64::total_cmp);
    println!("| offers | shops | offers considered per shop (mean) | p50 ms | p95 ms | p99 ms |");
    println!("| --- | --- | --- | --- | --- | --- |");
    println!(
        "| {OFFERS} | {SAMPLES} | {} | {:.2} | {:.2} | {:.2} |",
        considered / SAMPLES,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.95),
        percentile(&latencies, 0.99)
    );
    let mut criterion = Criterion::default().configure_from_args();
    let one = &shops[0];
    criterion.bench_function("recommendations/100k offers, one shop", |b| {
        b.iter(|| recommend(&offers, &ask(black_box(one))))
    });
    criterion.final_summary();
}

//! A synthetic corpus for the search benchmarks: `n` published offers with Italian texts,
//! every facet and territory kind, deterministic for a seed. Shared by both bench targets.

use chrono::{Duration, NaiveDate, Utc};
use connessi_domain::territory::{Territory, istat};
use connessi_domain::vocab;
use connessi_search::embedded::EmbeddedIndex;
use connessi_search::synonyms::Synonyms;
use connessi_search::{Change, OfferDocument, SearchBackend};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

const WORDS: &[&str] = &[
    "negozio",
    "pagamenti",
    "consegne",
    "vetrina",
    "prenotazioni",
    "clienti",
    "magazzino",
    "cassa",
    "social",
    "formazione",
    "sicurezza",
    "sito",
    "ordini",
    "newsletter",
    "marketplace",
    "quartiere",
    "bottega",
    "artigiani",
    "digitale",
    "online",
    "gratuito",
    "assistenza",
    "catalogo",
    "fatture",
    "scontrini",
    "agenda",
    "spedizioni",
];

pub fn documents(n: usize, seed: u64) -> Vec<OfferDocument> {
    let mut rng = StdRng::seed_from_u64(seed);
    let comuni: Vec<&String> = istat().comuni.keys().collect();
    let provinces: Vec<&String> = istat().provinces.keys().collect();
    let regions: Vec<&String> = istat().regions.keys().collect();
    let providers: Vec<uuid::Uuid> = (0..200).map(|p| uuid::Uuid::from_u128(p + 1)).collect();
    (0..n)
        .map(|i| {
            let pick = |rng: &mut StdRng, terms: &[vocab::Term]| {
                terms.choose(rng).unwrap().code.to_owned()
            };
            let words: Vec<&str> = (0..12).map(|_| *WORDS.choose(&mut rng).unwrap()).collect();
            let territory = match rng.random_range(0..4) {
                0 => Territory {
                    national: true,
                    ..Default::default()
                },
                1 => Territory {
                    regions: vec![(*regions.choose(&mut rng).unwrap()).clone()],
                    ..Default::default()
                },
                2 => Territory {
                    provinces: vec![(*provinces.choose(&mut rng).unwrap()).clone()],
                    ..Default::default()
                },
                _ => Territory {
                    comuni: vec![(*comuni.choose(&mut rng).unwrap()).clone()],
                    ..Default::default()
                },
            };
            let capacity = rng.random_bool(0.6).then(|| rng.random_range(5..500));
            OfferDocument {
                id: uuid::Uuid::from_u128(1_000_000 + i as u128),
                version: 1,
                status: "published".into(),
                provider_id: *providers.choose(&mut rng).unwrap(),
                provider_name: format!("Fornitore {} S.r.l.", rng.random_range(0..200)),
                title_it: format!("{} {} per il {}", words[0], words[1], words[2]),
                title_en: None,
                description_it: words[3..].join(" "),
                description_en: None,
                categories: vec![
                    pick(&mut rng, vocab::CATEGORIES.terms),
                    pick(&mut rng, vocab::CATEGORIES.terms),
                ],
                sectors: vec![pick(&mut rng, vocab::SECTORS.terms)],
                territory,
                delivery_mode: pick(&mut rng, vocab::DELIVERY_MODES.terms),
                format: pick(&mut rng, vocab::FORMATS.terms),
                skill_level: pick(&mut rng, vocab::SKILL_LEVELS.terms),
                languages: vec!["it".into()],
                free_period_months: rng.random_bool(0.7).then(|| rng.random_range(1..=24)),
                free_period_until: NaiveDate::from_ymd_opt(2027, rng.random_range(1..=12), 15),
                price_after: "19 € al mese".into(),
                capacity,
                places_left: capacity.map(|c| rng.random_range(0..=c)),
                published_at: Some(Utc::now() - Duration::minutes(i as i64)),
                expires_at: None,
                updated_at: Utc::now(),
            }
        })
        .collect()
}

/// An index of `n` synthetic offers in a temporary directory.
pub async fn index(n: usize) -> (tempfile::TempDir, EmbeddedIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = EmbeddedIndex::open_current(dir.path(), Synonyms::defaults()).unwrap();
    for (batch, chunk) in documents(n, 7).chunks(10_000).enumerate() {
        let changes = chunk
            .iter()
            .cloned()
            .map(|d| Change::Upsert(Box::new(d)))
            .collect();
        index.apply(changes, batch as i64 + 1).await.unwrap();
    }
    (dir, index)
}

/// The four query kinds of the targets.
pub fn queries() -> Vec<(&'static str, connessi_search::SearchRequest)> {
    use connessi_search::{Filters, SearchRequest};
    vec![
        ("one_word", SearchRequest::public("pagamenti")),
        (
            "two_words_with_typo",
            SearchRequest::public("negzio vetrina"),
        ),
        (
            "three_filters",
            SearchRequest {
                filters: Filters {
                    categories: vec!["digital_payments".into()],
                    territory: Some("026086".into()),
                    has_places: Some(true),
                    ..Default::default()
                },
                ..SearchRequest::public("")
            },
        ),
        ("empty_with_all_facets", SearchRequest::public("")),
    ]
}

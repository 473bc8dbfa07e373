//! Synthetic offers for load tests: `connessi seed --synthetic N` inserts N published offers
//! from 50 synthetic providers, in batches, with the facet rows the catalogue keeps and one
//! `offer.created` outbox event each (in the same transaction), so the search indexer finds
//! them as it finds offers created through the API.

use chrono::{Duration, Utc};
use connessi_catalogue::entities::{offer, offer_facet, provider};
use connessi_catalogue::store::offers::facets;
use connessi_domain::events::EventKind;
use connessi_domain::offer::{AfterFreePeriod, FreePeriod, Localized, Onboarding};
use connessi_domain::partita_iva::check_digit;
use connessi_domain::territory::{Territory, istat};
use connessi_domain::{OfferContent, OfferId, OfferStatus, ProviderId, vocab};
use connessi_platform::entities::outbox;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{DatabaseConnection, EntityTrait, TransactionTrait};

const BATCH: usize = 500;
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
];

/// Inserts `count` published offers; deterministic for a given `seed`.
pub async fn generate(conn: &DatabaseConnection, count: usize, seed: u64) -> anyhow::Result<()> {
    let mut rng = StdRng::seed_from_u64(seed);
    let providers = create_providers(conn, &mut rng).await?;
    let comuni: Vec<&String> = istat().comuni.keys().collect();
    let provinces: Vec<&String> = istat().provinces.keys().collect();
    let regions: Vec<&String> = istat().regions.keys().collect();
    let mut done = 0;
    while done < count {
        let size = BATCH.min(count - done);
        let mut offers = Vec::with_capacity(size);
        let mut facet_rows = Vec::new();
        let mut events = Vec::with_capacity(size);
        for n in done..done + size {
            let territory = match rng.random_range(0..4) {
                0 => Territory {
                    national: true,
                    ..Default::default()
                },
                1 => Territory {
                    regions: vec![(*regions.choose(&mut rng).expect("regions")).clone()],
                    ..Default::default()
                },
                2 => Territory {
                    provinces: vec![(*provinces.choose(&mut rng).expect("provinces")).clone()],
                    ..Default::default()
                },
                _ => Territory {
                    comuni: vec![(*comuni.choose(&mut rng).expect("comuni")).clone()],
                    ..Default::default()
                },
            };
            let content = content(&mut rng, n, territory);
            let id = OfferId::new();
            facet_rows.extend(facets(&content).into_iter().map(|(facet, value)| {
                offer_facet::ActiveModel {
                    offer_id: Set(id.0),
                    facet: Set(facet.to_owned()),
                    value: Set(value),
                }
            }));
            let now = Utc::now() - Duration::minutes(n as i64);
            let provider = *providers.choose(&mut rng).expect("providers");
            events.push(created_event(id, provider));
            offers.push(offer::ActiveModel {
                id: Set(id.0),
                provider_id: Set(provider.0),
                status: Set(OfferStatus::Published.as_str().to_owned()),
                content: Set(serde_json::to_string(&content)?),
                title_it: Set(content.title.it.clone()),
                capacity: Set(content.capacity.map(|c| c as i32)),
                expires_at: Set(content.expires_at()),
                moderation_action: Set(Some("approve".into())),
                moderation_reason: Set(None),
                moderated_at: Set(Some(now)),
                submitted_at: Set(Some(now)),
                published_at: Set(Some(now)),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
            });
        }
        let txn = conn.begin().await?;
        offer::Entity::insert_many(offers)
            .exec_without_returning(&txn)
            .await?;
        for chunk in facet_rows.chunks(2_000) {
            offer_facet::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&txn)
                .await?;
        }
        outbox::Entity::insert_many(events)
            .exec_without_returning(&txn)
            .await?;
        txn.commit().await?;
        done += size;
    }
    Ok(())
}

/// The event the catalogue writes when an offer is created.
fn created_event(offer: OfferId, provider: ProviderId) -> outbox::ActiveModel {
    let kind = EventKind::OfferCreated;
    outbox::ActiveModel {
        id: NotSet,
        occurred_at: Set(Utc::now()),
        kind: Set(kind.as_str().to_owned()),
        aggregate: Set(kind.aggregate().to_owned()),
        aggregate_id: Set(offer.0),
        payload: Set(serde_json::json!({ "provider_id": provider }).to_string()),
    }
}

fn content(rng: &mut StdRng, n: usize, territory: Territory) -> OfferContent {
    let pick = |rng: &mut StdRng, terms: &[vocab::Term]| {
        terms.choose(rng).expect("vocabulary").code.to_owned()
    };
    let words: Vec<&str> = (0..3).map(|_| *WORDS.choose(rng).expect("words")).collect();
    OfferContent {
        title: Localized {
            it: format!("Offerta {n}: {} per il {}", words[0], words[1]),
            en: None,
        },
        description: Localized {
            it: format!(
                "Servizio digitale gratuito per {} e {}: attivazione guidata, assistenza e {} inclusi.",
                words[0], words[1], words[2]
            ),
            en: None,
        },
        categories: vec![pick(rng, vocab::CATEGORIES.terms)],
        sectors: vec![pick(rng, vocab::SECTORS.terms)],
        territory,
        delivery_mode: pick(rng, vocab::DELIVERY_MODES.terms),
        format: pick(rng, vocab::FORMATS.terms),
        skill_level: pick(rng, vocab::SKILL_LEVELS.terms),
        languages: vec!["it".into()],
        free_of_charge_confirmed: true,
        free_period: FreePeriod {
            months: Some(rng.random_range(1..=24)),
            until: None,
        },
        after_free_period: AfterFreePeriod {
            price: format!("{} € al mese + IVA", rng.random_range(5..60)),
            monthly_price_cents: None,
            minimum_commitment_months: 0,
            automatic_renewal: false,
            data_export: "Esportazione CSV completa dal pannello".into(),
        },
        capacity: rng.random_bool(0.6).then(|| rng.random_range(5..500)),
        onboarding: Onboarding {
            description: "Videochiamata di avvio e guida passo passo.".into(),
            duration_days: 7,
        },
        available_until: None,
    }
}

async fn create_providers(
    conn: &DatabaseConnection,
    rng: &mut StdRng,
) -> anyhow::Result<Vec<ProviderId>> {
    let base: u32 = rng.random_range(1_000_000..9_000_000);
    let now = Utc::now();
    let mut ids = Vec::new();
    let mut rows = Vec::new();
    for n in 0..50u32 {
        let first_ten = format!("{:07}{:03}", (base + n * 7) % 10_000_000, 1 + n % 100);
        let piva = format!("{first_ten}{}", check_digit(first_ten.as_bytes()));
        let id = ProviderId::new();
        ids.push(id);
        rows.push(provider::ActiveModel {
            id: Set(id.0),
            legal_name: Set(format!("Fornitore sintetico {n} S.r.l.")),
            partita_iva: Set(piva),
            website: Set(format!("https://sintetico{n}.example")),
            contact_email: Set(format!("info@sintetico{n}.example")),
            description: Set("Fornitore generato per le prove di carico.".into()),
            logo_url: Set(None),
            verified: Set(true),
            verified_at: Set(Some(now)),
            created_at: Set(now),
            updated_at: Set(now),
        });
    }
    provider::Entity::insert_many(rows)
        .exec_without_returning(conn)
        .await?;
    Ok(ids)
}

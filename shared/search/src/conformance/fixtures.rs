//! Twelve offers that exercise every rule: several providers, states, territories, free
//! periods and texts chosen for typos, plurals, accents and synonyms.

use crate::document::OfferDocument;
use crate::{Change, SearchBackend};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use connessi_domain::territory::Territory;
use uuid::Uuid;

pub const PROVIDER_A: Uuid = Uuid::from_u128(0xA);
pub const PROVIDER_B: Uuid = Uuid::from_u128(0xB);

/// The instant the fixtures are searched at.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

pub fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x1000 + n)
}

struct Spec {
    n: u128,
    title: &'static str,
    description: &'static str,
    categories: &'static [&'static str],
    sectors: &'static [&'static str],
    territory: Territory,
    months: Option<u16>,
    until: Option<(i32, u32, u32)>,
}

fn place(national: bool, regions: &[&str], provinces: &[&str], comuni: &[&str]) -> Territory {
    let owned = |codes: &[&str]| codes.iter().map(|c| (*c).to_owned()).collect();
    Territory {
        national,
        regions: owned(regions),
        provinces: owned(provinces),
        comuni: owned(comuni),
    }
}

fn build(spec: Spec) -> OfferDocument {
    OfferDocument {
        id: id(spec.n),
        version: 1,
        status: "published".into(),
        provider_id: PROVIDER_A,
        provider_name: "Bottega Digitale S.r.l.".into(),
        title_it: spec.title.into(),
        title_en: None,
        description_it: spec.description.into(),
        description_en: None,
        categories: spec.categories.iter().map(|c| (*c).to_owned()).collect(),
        sectors: spec.sectors.iter().map(|c| (*c).to_owned()).collect(),
        territory: spec.territory,
        delivery_mode: "online".into(),
        format: "software_service".into(),
        skill_level: "base".into(),
        languages: vec!["it".into()],
        free_period_months: spec.months,
        free_period_until: spec
            .until
            .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
        price_after: "19 € al mese".into(),
        capacity: Some(20),
        places_left: Some(20),
        // Older offers first: offer n was published n days before `now`.
        published_at: Some(now() - Duration::days(spec.n as i64)),
        expires_at: None,
        updated_at: now(),
    }
}

/// The fixture offers.
pub fn fixtures() -> Vec<OfferDocument> {
    let spec = |n, title, description, categories, sectors, territory, months, until| {
        build(Spec {
            n,
            title,
            description,
            categories,
            sectors,
            territory,
            months,
            until,
        })
    };
    let mut all = vec![
        spec(
            1,
            "Cassa in cloud con POS per negozi",
            "Registratore telematico e lettore di carte per il negozio, con scontrini digitali.",
            &["pos"],
            &["retail"],
            place(false, &[], &["TV"], &[]),
            Some(6),
            None,
        ),
        spec(
            2,
            "Pagamenti digitali senza commissioni",
            "Incassa con carte e smartphone: i pagamenti arrivano sul conto il giorno dopo.",
            &["digital_payments"],
            &["retail", "food_hospitality"],
            place(true, &[], &[], &[]),
            None,
            Some((2027, 6, 30)),
        ),
        spec(
            3,
            "Negozio online chiavi in mano",
            "Vetrina e catalogo dei prodotti della bottega, con spedizioni e ritiro in negozio.",
            &["ecommerce"],
            &["retail", "crafts"],
            place(false, &["05"], &[], &[]),
            Some(12),
            None,
        ),
        spec(
            4,
            "Corso di social media per botteghe",
            "Quattro lezioni pratiche su Instagram e Facebook per artigiani e botteghe.",
            &["social_marketing", "training"],
            &["crafts"],
            place(false, &[], &[], &["072006"]),
            Some(3),
            None,
        ),
        spec(
            5,
            "Sito web e dominio gratuiti",
            "Un sito vetrina con dominio e caselle email per studi professionali.",
            &["website_domain"],
            &["professionals"],
            place(true, &[], &[], &[]),
            Some(24),
            None,
        ),
        spec(
            6,
            "Prenotazioni online per parrucchieri",
            "Agenda digitale con promemoria via SMS per saloni ed estetiste.",
            &["booking"],
            &["personal_services"],
            place(false, &["15"], &[], &[]),
            None,
            Some((2027, 3, 31)),
        ),
        spec(
            7,
            "Sicurezza informatica: perché serve anche al negozio",
            "Controllo delle password, copie di sicurezza e protezione della rete del negozio.",
            &["cybersecurity", "training"],
            &["retail"],
            place(true, &[], &[], &[]),
            Some(6),
            None,
        ),
        spec(
            8,
            "Consegne in bicicletta nel quartiere",
            "Ritiro in negozio e consegna a domicilio in giornata con corrieri in bicicletta.",
            &["delivery_logistics"],
            &["retail", "food_hospitality"],
            place(false, &[], &[], &["058091"]),
            Some(6),
            None,
        ),
        spec(
            9,
            "Marketplace per prodotti tipici",
            "Vendi i prodotti del territorio su un mercato online nazionale.",
            &["marketplace"],
            &["agriculture"],
            place(true, &[], &[], &[]),
            Some(6),
            None,
        ),
        spec(
            10,
            "Gestione magazzino semplice",
            "Inventario e riordini automatici per piccoli negozi.",
            &["orders_inventory"],
            &["retail"],
            place(true, &[], &[], &[]),
            Some(6),
            None,
        ),
        spec(
            11,
            "Newsletter e gestione clienti",
            "Raccogli i contatti dei clienti e invia newsletter con le novità della bottega.",
            &["crm_newsletter"],
            &["retail"],
            place(false, &["05"], &[], &[]),
            Some(6),
            None,
        ),
        spec(
            12,
            "Consulenza per cooperative sociali",
            "<script>alert(1)</script> Affiancamento per cooperative che vendono online.",
            &["consulting"],
            &["cooperatives_third_sector"],
            place(true, &[], &[], &[]),
            Some(6),
            None,
        ),
    ];
    // Offer 5 is also described in English.
    all[4].title_en = Some("Free website and domain".into());
    // Offer 8 is a draft of provider B; offer 9 is suspended; offer 10 expired yesterday.
    all[7].status = "draft".into();
    all[7].provider_id = PROVIDER_B;
    all[7].provider_name = "Ruote Veloci Soc. Coop.".into();
    all[8].status = "suspended".into();
    all[9].expires_at = Some(now() - Duration::days(1));
    // Offer 11 is full and belongs to provider B; offer 4 is taught in person in Bari.
    all[10].places_left = Some(0);
    all[10].provider_id = PROVIDER_B;
    all[10].provider_name = "Ruote Veloci Soc. Coop.".into();
    all[3].delivery_mode = "in_person".into();
    all[3].format = "course".into();
    all[6].skill_level = "intermediate".into();
    all[6].languages = vec!["it".into(), "en".into()];
    all
}

/// Loads every fixture, with outbox checkpoint 12.
pub async fn load_fixtures(backend: &dyn SearchBackend) {
    let changes = fixtures()
        .into_iter()
        .map(|d| Change::Upsert(Box::new(d)))
        .collect();
    backend.apply(changes, 12).await.expect("load the fixtures");
}

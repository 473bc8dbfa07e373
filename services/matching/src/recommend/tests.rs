//! Ranking on hand-made offers: what is left out, what comes first, and the words.

use super::candidate::{Candidate, bits, skill_rank};
use super::*;
use connessi_domain::shop::{ShopProfile, SkillsAssessment};
use connessi_domain::territory::Territory;
use connessi_domain::vocab;

fn shop() -> ShopProfile {
    ShopProfile {
        partita_iva: None,
        sector: "retail".into(),
        comune: "026086".into(),
        size: "micro".into(),
        skills: SkillsAssessment {
            uses_email_daily: true,
            has_website: true,
            takes_digital_payments: true,
            ..Default::default()
        },
        need_categories: vec!["digital_payments".into()],
        needs_text: String::new(),
        languages: vec!["it".into()],
        priority_attributes: vec![],
    }
}

fn offer(n: u128, territory: Territory, categories: &[&str]) -> Candidate {
    let categories: Vec<String> = categories.iter().map(|c| c.to_string()).collect();
    Candidate {
        id: Uuid::from_u128(n),
        provider_id: Uuid::from_u128(1000),
        provider_name: "Bottega".into(),
        title_it: format!("Offerta {n}"),
        title_en: None,
        category_bits: bits(&vocab::CATEGORIES, &categories),
        categories,
        sector_bits: bits(&vocab::SECTORS, &["retail".to_owned()]),
        language_bits: bits(&vocab::LANGUAGES, &["it".to_owned()]),
        national: false,
        regions: vec![],
        provinces: vec![],
        comuni: vec![],
        delivery_mode: "online".into(),
        format: "software_service".into(),
        skill_level: "intermediate".into(),
        skill: skill_rank("intermediate"),
        free_period_months: Some(6),
        free_period_until: None,
        price_after: "10 € al mese".into(),
        capacity: None,
        places_left: None,
        expires_at: None,
    }
    .with_territory(&territory)
}

fn national() -> Territory {
    Territory {
        national: true,
        ..Default::default()
    }
}

fn province(code: &str) -> Territory {
    Territory {
        provinces: vec![code.into()],
        ..Default::default()
    }
}

fn ask<'a>(
    shop: &'a ShopContext,
    tracks: &'a HashMap<Uuid, TrackRecord>,
    excluded: &'a HashSet<Uuid>,
) -> Ask<'a> {
    Ask {
        shop,
        tracks,
        excluded,
        now: Utc::now(),
        limit: 10,
        lang: Lang::En,
    }
}

fn codes(recommendation: &Recommendation) -> Vec<&'static str> {
    recommendation.reasons.iter().map(|r| r.code).collect()
}

#[test]
fn offers_elsewhere_full_in_another_language_or_requested_are_left_out() {
    let mut full = offer(2, national(), &["digital_payments"]);
    full.capacity = Some(3);
    full.places_left = Some(0);
    let mut english = offer(3, national(), &["digital_payments"]);
    english.language_bits = bits(&vocab::LANGUAGES, &["en".to_owned()]);
    let offers = Offers::from_candidates([
        offer(1, province("BA"), &["digital_payments"]),
        full,
        english,
        offer(4, national(), &["digital_payments"]),
        offer(5, province("TV"), &["digital_payments"]),
    ]);
    let context = ShopContext::new(&shop());
    let tracks = HashMap::new();
    let excluded = HashSet::from([Uuid::from_u128(4)]);
    let (considered, items) = recommend(&offers, &ask(&context, &tracks, &excluded));
    assert_eq!(considered, 1);
    assert_eq!(items[0].offer.id, Uuid::from_u128(5));
}

#[test]
fn a_met_need_and_nearness_rank_first_with_their_reasons_in_words() {
    let mut few = offer(3, province("TV"), &["digital_payments"]);
    few.capacity = Some(10);
    few.places_left = Some(4);
    let offers = Offers::from_candidates([
        offer(1, national(), &["social_media"]),
        offer(2, national(), &["digital_payments"]),
        few,
    ]);
    let context = ShopContext::new(&shop());
    let (tracks, excluded) = (HashMap::new(), HashSet::new());
    let (_, items) = recommend(&offers, &ask(&context, &tracks, &excluded));
    let order: Vec<u128> = items.iter().map(|i| i.offer.id.as_u128()).collect();
    assert_eq!(order, [3, 2, 1]);
    let texts: Vec<&str> = items[0].reasons.iter().map(|r| r.text.as_str()).collect();
    assert!(
        texts.contains(&"covers the province of Treviso"),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"matches your need: digital payments"),
        "{texts:?}"
    );
    assert!(texts.contains(&"4 places left"), "{texts:?}");
    assert_eq!(codes(&items[2])[0], "national");
    assert_eq!(items[2].cautions[0].code, "no_need_met");
}

#[test]
fn a_good_track_record_lifts_an_offer_and_sales_pressure_sinks_it() {
    let mut trusted = offer(1, national(), &["digital_payments"]);
    trusted.provider_id = Uuid::from_u128(7);
    let mut pushy = offer(2, national(), &["digital_payments"]);
    pushy.provider_id = Uuid::from_u128(8);
    let offers =
        Offers::from_candidates([offer(3, national(), &["digital_payments"]), trusted, pushy]);
    let tracks = HashMap::from([
        (
            Uuid::from_u128(7),
            TrackRecord {
                completed: 4,
                answers: 4,
                mean_satisfaction: Some(4.5),
                sales_pressure_reports: 0,
            },
        ),
        (
            Uuid::from_u128(8),
            TrackRecord {
                completed: 4,
                answers: 4,
                mean_satisfaction: Some(3.0),
                sales_pressure_reports: 3,
            },
        ),
    ]);
    let context = ShopContext::new(&shop());
    let excluded = HashSet::new();
    let (_, items) = recommend(&offers, &ask(&context, &tracks, &excluded));
    let order: Vec<u128> = items.iter().map(|i| i.offer.id.as_u128()).collect();
    assert_eq!(order, [1, 3, 2]);
    assert!(codes(&items[0]).contains(&"rated"));
    assert_eq!(
        items[2].cautions.last().map(|c| c.code),
        Some("sales_pressure")
    );
}

#[test]
fn reasons_are_in_italian_by_default_and_the_order_is_stable() {
    let offers =
        Offers::from_candidates((1..=30).map(|n| offer(n, national(), &["digital_payments"])));
    let context = ShopContext::new(&shop());
    let (tracks, excluded) = (HashMap::new(), HashSet::new());
    let mut asked = ask(&context, &tracks, &excluded);
    asked.lang = Lang::It;
    asked.limit = 5;
    let (considered, items) = recommend(&offers, &asked);
    assert_eq!(considered, 30);
    let order: Vec<u128> = items.iter().map(|i| i.offer.id.as_u128()).collect();
    assert_eq!(order, [1, 2, 3, 4, 5]);
    assert_eq!(items[0].reasons[0].text, "disponibile in tutta Italia");
    assert!(
        items[0]
            .reasons
            .iter()
            .any(|r| r.text == "risponde al tuo bisogno: pagamenti digitali")
    );
}

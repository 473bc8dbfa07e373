//! How well an offer fits a shop: first the facts (where it covers the shop, which needs it
//! meets, skill level, language, places, free period, the provider's track record), then points
//! from the facts for ordering, and words from the same facts for the shop. Points are
//! computed for every offer; words only for the few shown.

use super::candidate::{
    Candidate, bits, comune_number, province_number, region_number, skill_rank,
};
use super::offers::Hot;
use super::words::{Lang, Reason, Words};
use chrono::NaiveDate;
use connessi_domain::shop::ShopProfile;
use connessi_domain::territory::istat;
use connessi_domain::vocab;

/// The shop, as ranking compares it with offers.
#[derive(Debug, Clone)]
pub struct ShopContext {
    pub comune: String,
    pub province: String,
    pub region: String,
    pub(crate) comune_number: u32,
    pub(crate) province_number: u16,
    pub(crate) region_number: u8,
    italian_bit: u64,
    pub sector: String,
    pub sector_bits: u64,
    pub need_bits: u64,
    pub language_bits: u64,
    pub skill: u8,
}

impl ShopContext {
    pub fn new(profile: &ShopProfile) -> Self {
        let comune = istat().comuni.get(&profile.comune);
        let province = comune.map(|c| c.province_code.clone()).unwrap_or_default();
        let region = comune.map(|c| c.region_code.clone()).unwrap_or_default();
        Self {
            comune_number: comune_number(&profile.comune),
            province_number: province_number(&province),
            region_number: region_number(&region),
            italian_bit: bits(&vocab::LANGUAGES, &["it".to_owned()]),
            comune: profile.comune.clone(),
            province,
            region,
            sector: profile.sector.clone(),
            sector_bits: bits(&vocab::SECTORS, std::slice::from_ref(&profile.sector)),
            need_bits: bits(&vocab::CATEGORIES, &profile.need_categories),
            language_bits: bits(&vocab::LANGUAGES, &profile.languages),
            skill: skill_rank(profile.skills.level()),
        }
    }
}

/// A provider's record with shops, from completed onboardings and follow-up answers.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TrackRecord {
    pub completed: u64,
    pub answers: u64,
    pub mean_satisfaction: Option<f64>,
    pub sales_pressure_reports: u64,
}

/// How an offer reaches the shop's place, nearest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Coverage {
    Comune,
    Province,
    Region,
    National,
}

/// What is true of one offer for one shop.
#[derive(Debug, Clone, Copy)]
pub struct Fit {
    pub coverage: Coverage,
    pub needs_met: u64,
    pub sector: bool,
    /// The offer's level minus the shop's: positive when it asks more than the shop has.
    pub skill_gap: i8,
    /// Languages other than Italian the offer shares with the shop.
    pub other_languages: u64,
    pub in_person_near: bool,
    pub places_left: Option<u32>,
    pub free_months: Option<u32>,
    pub track: TrackRecord,
}

/// Places left at or below which the count is worth saying.
const FEW_PLACES: u32 = 5;

/// The facts, or `None` when the offer is not for this shop: in no language it works in,
/// full, or no longer requestable. `coverage` is how the offer reaches the shop's place.
pub fn fit(
    shop: &ShopContext,
    offer: &Hot,
    coverage: Coverage,
    track: TrackRecord,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<Fit> {
    if offer.places_left == 0
        || offer.expires_at <= now.timestamp()
        || offer.language_bits & shop.language_bits == 0
    {
        return None;
    }
    let near = matches!(coverage, Coverage::Comune | Coverage::Province);
    let free_months = match (offer.free_period_months, offer.free_period_until) {
        (Some(months), _) => Some(u32::from(months)),
        (None, Some(until)) => Some(((until - now.date_naive()).num_days().max(0) / 30) as u32),
        (None, None) => None,
    };
    Some(Fit {
        coverage,
        needs_met: offer.category_bits & shop.need_bits,
        sector: offer.sector_bits & shop.sector_bits != 0,
        skill_gap: offer.skill as i8 - shop.skill as i8,
        other_languages: offer.language_bits & shop.language_bits & !shop.italian_bit,
        in_person_near: near && !offer.online,
        places_left: (offer.places_left != u32::MAX).then_some(offer.places_left),
        free_months,
        track,
    })
}

/// Points for ordering: needs weigh most, then nearness, sector, level, track record and the
/// length of the free period.
pub fn points(fit: &Fit, shop: &ShopContext) -> i32 {
    let mut points = 10 * fit.needs_met.count_ones() as i32;
    if shop.need_bits != 0 && fit.needs_met == 0 {
        points -= 6;
    }
    points += match fit.coverage {
        Coverage::Comune => 6,
        Coverage::Province => 4,
        Coverage::Region => 2,
        Coverage::National => 0,
    };
    points += if fit.sector { 4 } else { 0 };
    points += match fit.skill_gap {
        0 => 4,
        -1 => 1,
        1 => -2,
        gap if gap >= 2 => -6,
        _ => 0,
    };
    points += 2 * fit.other_languages.count_ones().min(1) as i32;
    points += if fit.in_person_near && shop.skill == 0 {
        2
    } else {
        0
    };
    points += fit.free_months.map_or(0, |m| m.min(24) as i32 / 3);
    if let Some(mean) = fit.track.mean_satisfaction {
        points += ((mean - 3.0) * 3.0).round() as i32;
    }
    points += if fit.track.completed >= 3 { 2 } else { 0 };
    if fit.track.sales_pressure_reports * 4 > fit.track.answers.max(1) {
        points -= 5;
    }
    points
}

/// The reasons (why it fits) and cautions (why it ranks lower), in words.
pub fn explain(
    fit: &Fit,
    shop: &ShopContext,
    offer: &Candidate,
    lang: Lang,
    today: NaiveDate,
) -> (Vec<Reason>, Vec<Reason>) {
    let words = Words(lang);
    let mut reasons = vec![words.coverage(fit.coverage, shop)];
    for (at, term) in vocab::CATEGORIES.terms.iter().enumerate() {
        if fit.needs_met & (1 << at) != 0 {
            reasons.push(words.need(term));
        }
    }
    if fit.sector {
        reasons.extend(vocab::SECTORS.get(&shop.sector).map(|t| words.sector(t)));
    }
    if fit.skill_gap == 0 {
        reasons.extend(
            vocab::SKILL_LEVELS
                .get(&offer.skill_level)
                .map(|t| words.level(t)),
        );
    }
    for (at, term) in vocab::LANGUAGES.terms.iter().enumerate() {
        if fit.other_languages & (1 << at) != 0 {
            reasons.push(words.language(term));
        }
    }
    if fit.in_person_near {
        reasons.push(words.in_person());
    }
    match fit.places_left {
        Some(left) if left <= FEW_PLACES => reasons.push(words.places_left(left)),
        _ => {}
    }
    if let Some(until) = offer.free_period_until.filter(|u| *u >= today) {
        reasons.push(words.free_until(until));
    } else if let Some(months) = offer.free_period_months {
        reasons.push(words.free_months(months));
    }
    if let Some(mean) = fit.track.mean_satisfaction.filter(|m| *m >= 3.5) {
        reasons.push(words.rated(mean, fit.track.answers));
    }
    if fit.track.completed >= 3 {
        reasons.push(words.onboarded(fit.track.completed));
    }
    let mut cautions = Vec::new();
    if shop.need_bits != 0 && fit.needs_met == 0 {
        cautions.push(words.no_need_met());
    }
    if fit.skill_gap > 0 {
        cautions.extend(
            vocab::SKILL_LEVELS
                .get(&offer.skill_level)
                .map(|t| words.above_level(t)),
        );
    }
    if fit.track.sales_pressure_reports * 4 > fit.track.answers.max(1) {
        cautions.push(words.sales_pressure(fit.track.sales_pressure_reports));
    }
    (reasons, cautions)
}

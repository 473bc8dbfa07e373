//! Recommendations for a shop: the published offers that cover its place, in a language it
//! works in, with places left, ranked by fit (needs, nearness, sector, skill level, free period,
//! the provider's track record), each with its reasons in words. Offers the shop already
//! requested are left out.

pub mod candidate;
pub mod for_shop;
pub mod offers;
pub mod pool;
pub mod rank;
mod track_record;
pub mod words;

pub use offers::Offers;
pub use pool::OfferPool;
pub use rank::{ShopContext, TrackRecord};
pub use track_record::TrackRecords;
pub use words::{Lang, Reason};

use candidate::Candidate;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use utoipa::ToSchema;
use uuid::Uuid;

/// An offer as a recommendation shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OfferSummary {
    pub id: Uuid,
    pub title: String,
    pub provider_id: Uuid,
    pub provider_name: String,
    pub categories: Vec<String>,
    pub delivery_mode: String,
    pub format: String,
    pub skill_level: String,
    pub free_period_months: Option<u16>,
    pub free_period_until: Option<NaiveDate>,
    /// What it costs after the free period, in the provider's words.
    pub price_after: String,
    /// None means no limit.
    pub places_left: Option<u32>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Recommendation {
    pub offer: OfferSummary,
    /// Higher fits better; comparable only within one answer.
    pub score: i32,
    /// Why the offer fits, in words.
    pub reasons: Vec<Reason>,
    /// Why it ranks lower than it might.
    pub cautions: Vec<Reason>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Recommendations {
    pub shop_id: Uuid,
    /// Offers available to the shop (its place, its languages, places left, not requested).
    pub considered: usize,
    pub items: Vec<Recommendation>,
}

fn summary(offer: &Candidate, lang: Lang) -> OfferSummary {
    let title = match lang {
        Lang::En => offer
            .title_en
            .clone()
            .unwrap_or_else(|| offer.title_it.clone()),
        Lang::It => offer.title_it.clone(),
    };
    OfferSummary {
        id: offer.id,
        title,
        provider_id: offer.provider_id,
        provider_name: offer.provider_name.clone(),
        categories: offer.categories.clone(),
        delivery_mode: offer.delivery_mode.clone(),
        format: offer.format.clone(),
        skill_level: offer.skill_level.clone(),
        free_period_months: offer.free_period_months,
        free_period_until: offer.free_period_until,
        price_after: offer.price_after.clone(),
        places_left: offer.places_left,
    }
}

/// What one shop is asked about.
pub struct Ask<'a> {
    pub shop: &'a ShopContext,
    pub tracks: &'a HashMap<Uuid, TrackRecord>,
    /// Offers the shop already requested.
    pub excluded: &'a HashSet<Uuid>,
    pub now: DateTime<Utc>,
    pub limit: usize,
    pub lang: Lang,
}

/// The best `limit` offers for the shop, best first, and how many were considered. Ties are
/// broken by the longer free period, then by id, so the order is stable.
pub fn recommend(offers: &Offers, ask: &Ask<'_>) -> (usize, Vec<Recommendation>) {
    let index = offers.index();
    let tracks: Vec<TrackRecord> = index
        .providers
        .iter()
        .map(|p| ask.tracks.get(p).copied().unwrap_or_default())
        .collect();
    let shop = ask.shop;
    let covering = index.covering(shop.comune_number, shop.province_number, shop.region_number);
    // An offer listed at two levels comes twice; only the nearest counts.
    let mut local_seen: HashSet<u32> = HashSet::new();
    let mut scored: Vec<(i32, u32, Uuid, u32, rank::Coverage)> = Vec::new();
    for (coverage, positions) in covering {
        for &at in positions {
            if coverage != rank::Coverage::National && !local_seen.insert(at) {
                continue;
            }
            let hot = &index.hot[at as usize];
            let track = tracks[hot.provider as usize];
            let Some(fit) = rank::fit(shop, hot, coverage, track, ask.now) else {
                continue;
            };
            if !ask.excluded.is_empty() && ask.excluded.contains(&hot.id) {
                continue;
            }
            let points = rank::points(&fit, shop);
            scored.push((points, fit.free_months.unwrap_or(0), hot.id, at, coverage));
        }
    }
    let considered = scored.len();
    type Scored = (i32, u32, Uuid, u32, rank::Coverage);
    let order = |a: &Scored, b: &Scored| (b.0, b.1, a.2).cmp(&(a.0, a.1, b.2));
    if scored.len() > ask.limit && ask.limit > 0 {
        scored.select_nth_unstable_by(ask.limit - 1, order);
    }
    scored.truncate(ask.limit);
    scored.sort_unstable_by(order);
    let today = ask.now.date_naive();
    let items = scored
        .into_iter()
        .filter_map(|(score, _, _, at, coverage)| {
            let hot = &index.hot[at as usize];
            let track = tracks[hot.provider as usize];
            let fit = rank::fit(shop, hot, coverage, track, ask.now)?;
            let offer = offers.get(at);
            let (reasons, cautions) = rank::explain(&fit, shop, offer, ask.lang, today);
            Some(Recommendation {
                offer: summary(offer, ask.lang),
                score,
                reasons,
                cautions,
            })
        })
        .collect();
    (considered, items)
}

#[cfg(test)]
mod tests;

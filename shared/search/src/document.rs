//! What the index holds about an offer: its public fields, plus what visibility and sorting
//! need (status, provider, dates, capacity). Built by the catalogue from its rows.

use chrono::{DateTime, NaiveDate, Utc};
use connessi_domain::territory::Territory;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OfferDocument {
    pub id: Uuid,
    /// The offer row's version, to tell a stale document from a current one.
    pub version: i64,
    pub status: String,
    pub provider_id: Uuid,
    pub provider_name: String,
    pub title_it: String,
    pub title_en: Option<String>,
    pub description_it: String,
    pub description_en: Option<String>,
    pub categories: Vec<String>,
    pub sectors: Vec<String>,
    pub territory: Territory,
    pub delivery_mode: String,
    pub format: String,
    pub skill_level: String,
    pub languages: Vec<String>,
    pub free_period_months: Option<u16>,
    pub free_period_until: Option<NaiveDate>,
    pub price_after: String,
    /// Places in total; none means no limit.
    pub capacity: Option<u32>,
    /// Places still free; none means no limit.
    pub places_left: Option<u32>,
    pub published_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl OfferDocument {
    /// Length of the free period in days as of `today` (months count as 30 days); `None`
    /// when not stated.
    pub fn free_days(&self, today: NaiveDate) -> Option<i64> {
        match (self.free_period_months, self.free_period_until) {
            (Some(months), _) => Some(i64::from(months) * 30),
            (None, Some(until)) => Some((until - today).num_days().max(0)),
            (None, None) => None,
        }
    }

    /// Whether the offer can still take shops.
    pub fn has_places(&self) -> bool {
        self.places_left.is_none_or(|left| left > 0)
    }
}

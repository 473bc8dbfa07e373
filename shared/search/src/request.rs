//! What a search asks and what it answers, the same for every backend.

use crate::document::OfferDocument;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// The deepest result reachable by paging.
pub const MAX_DEPTH: u32 = 10_000;

/// Who is searching decides what can be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Published offers whose end date has not passed.
    Public,
    /// The public ones plus every offer of this provider.
    Provider(Uuid),
    /// Every offer in every state (moderators).
    Everything,
}

/// Facets with counts. Filters on these combine as OR within a facet and AND across facets;
/// counts are disjunctive (a facet's counts ignore that facet's own selection).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Facet {
    Category,
    Sector,
    DeliveryMode,
    Format,
    SkillLevel,
    Language,
    Provider,
    Region,
    HasPlaces,
    Status,
}

impl Facet {
    pub const ALL: [Facet; 10] = [
        Self::Category,
        Self::Sector,
        Self::DeliveryMode,
        Self::Format,
        Self::SkillLevel,
        Self::Language,
        Self::Provider,
        Self::Region,
        Self::HasPlaces,
        Self::Status,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Category => "category",
            Self::Sector => "sector",
            Self::DeliveryMode => "delivery_mode",
            Self::Format => "format",
            Self::SkillLevel => "skill_level",
            Self::Language => "language",
            Self::Provider => "provider",
            Self::Region => "region",
            Self::HasPlaces => "has_places",
            Self::Status => "status",
        }
    }
}

/// The filters of a search. Empty lists filter nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub categories: Vec<String>,
    pub sectors: Vec<String>,
    pub delivery_modes: Vec<String>,
    pub formats: Vec<String>,
    pub skill_levels: Vec<String>,
    pub languages: Vec<String>,
    pub providers: Vec<Uuid>,
    /// Offers available in any of these regions (2-digit ISTAT codes), national ones included.
    pub regions: Vec<String>,
    /// A place as a shop means it: a comune (6-character ISTAT code), a province (car plate)
    /// or a region (2 digits). Matches offers that are national or cover it, the province or
    /// region it is in, or (for a province or region) a place inside it.
    pub territory: Option<String>,
    /// Only offers with places left (`Some(true)`) or full ones (`Some(false)`).
    pub has_places: Option<bool>,
    /// Free for at least this many months (a fixed end date counts from today).
    pub min_free_months: Option<u16>,
    /// Moderators only: offers in these states.
    pub statuses: Vec<String>,
}

/// The order of results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// Best match first (newest first for an empty query).
    #[default]
    Relevance,
    Newest,
    /// Free period with a fixed end date ending soonest first; the others after.
    EndingSoon,
    LongestFreePeriod,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    pub query: String,
    pub filters: Filters,
    pub sort: SortOrder,
    /// From 1.
    pub page: u32,
    pub per_page: u32,
    pub scope: Scope,
    /// The instant "not expired" and "days of free period left" are measured from.
    pub now: DateTime<Utc>,
}

impl SearchRequest {
    /// A first page of 20 public results for `query`.
    pub fn public(query: &str) -> Self {
        Self {
            query: query.to_owned(),
            filters: Filters::default(),
            sort: SortOrder::Relevance,
            page: 1,
            per_page: 20,
            scope: Scope::Public,
            now: Utc::now(),
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }
}

/// Highlighted fragments, with matches wrapped in `<mark>`; everything else is HTML-escaped.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Highlights {
    pub title: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Hit {
    pub offer: OfferDocument,
    pub highlights: Highlights,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SearchResponse {
    pub hits: Vec<Hit>,
    /// Every matching offer, not just this page.
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    /// Facet → value → number of offers, disjunctive.
    pub facets: BTreeMap<Facet, BTreeMap<String, u64>>,
    pub processing_time_ms: f64,
}

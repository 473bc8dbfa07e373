//! The widget's search: its few parameters become a public search, and the answer is shaped
//! for display (texts in the widget's language, links through Connessi so click-throughs are
//! counted), so the script on the embedding page only lays it out.

use crate::pages::results::excerpt;
use crate::search::params::SearchParams;
use chrono::Utc;
use connessi_domain::Actor;
use connessi_domain::vocab::{self, Vocabulary};
use connessi_platform::ApiResult;
use connessi_search::{Facet, SearchRequest, SearchResponse};
use connessi_web::Lang;
use connessi_web::offers::{free_period, localized, places};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Results per page in the widget.
const PER_PAGE: &str = "10";

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WidgetQuery {
    /// The embed's public key.
    pub key: String,
    /// Words to find.
    pub q: Option<String>,
    /// Category codes, comma-separated: any of them matches.
    pub category: Option<String>,
    /// A comune (ISTAT code), province (car plate) or region (2 digits).
    pub territory: Option<String>,
    pub page: Option<String>,
    /// `it` (default) or `en`.
    pub lang: Option<String>,
    /// `1` on a widget's first search after it appears on a page: counted as a view.
    pub view: Option<String>,
}

impl WidgetQuery {
    pub fn lang(&self) -> Lang {
        self.lang
            .as_deref()
            .and_then(Lang::from_code)
            .unwrap_or_default()
    }

    /// The public search these parameters ask for, or the mistakes in them (400).
    pub fn request(&self) -> ApiResult<SearchRequest> {
        let params = SearchParams {
            q: self.q.clone(),
            category: self.category.clone(),
            territory: self.territory.clone(),
            page: self.page.clone(),
            per_page: Some(PER_PAGE.to_owned()),
            ..SearchParams::default()
        };
        params.into_request(&Actor::Anonymous, Utc::now())
    }
}

/// One offer as the widget shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WidgetHit {
    pub id: Uuid,
    pub title: String,
    pub provider: String,
    pub summary: String,
    pub free_period: String,
    pub after: String,
    pub places: String,
    /// Opens the offer on Connessi (through the counter of click-throughs).
    pub url: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WidgetFacetValue {
    pub code: String,
    pub label: String,
    pub count: u64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WidgetAnswer {
    pub total: u64,
    pub page: u32,
    pub pages: u32,
    pub hits: Vec<WidgetHit>,
    /// Categories with offers among the results, with counts.
    pub categories: Vec<WidgetFacetValue>,
    /// The whole search on Connessi, for "see all".
    pub more_url: String,
}

/// Shapes `found` for the widget of `key`, with links under `public_url`.
pub fn answer(found: &SearchResponse, query: &WidgetQuery, public_url: &str) -> WidgetAnswer {
    let lang = query.lang();
    let base = public_url.trim_end_matches('/');
    let hits = found
        .hits
        .iter()
        .map(|hit| {
            let offer = &hit.offer;
            WidgetHit {
                id: offer.id,
                title: localized(lang, &offer.title_it, offer.title_en.as_deref()).to_owned(),
                provider: offer.provider_name.clone(),
                summary: excerpt(localized(
                    lang,
                    &offer.description_it,
                    offer.description_en.as_deref(),
                )),
                free_period: free_period(lang, offer.free_period_months, offer.free_period_until),
                after: offer.price_after.clone(),
                places: places(lang, offer.capacity, offer.places_left),
                url: format!("{base}/widget/go/{}?key={}", offer.id, query.key),
            }
        })
        .collect();
    WidgetAnswer {
        total: found.total,
        page: found.page,
        pages: found
            .total
            .div_ceil(u64::from(found.per_page.max(1)))
            .min(1000) as u32,
        hits,
        categories: categories(found, lang, &vocab::CATEGORIES),
        more_url: more_url(base, query),
    }
}

fn categories(
    found: &SearchResponse,
    lang: Lang,
    vocabulary: &Vocabulary,
) -> Vec<WidgetFacetValue> {
    let Some(counts) = found.facets.get(&Facet::Category) else {
        return Vec::new();
    };
    vocabulary
        .terms
        .iter()
        .filter_map(|term| {
            let count = counts.get(term.code).copied().filter(|c| *c > 0)?;
            Some(WidgetFacetValue {
                code: term.code.to_owned(),
                label: lang.term(term).to_owned(),
                count,
            })
        })
        .collect()
}

fn more_url(base: &str, query: &WidgetQuery) -> String {
    let mut pairs = vec![("lang", query.lang().code().to_owned())];
    for (name, value) in [("q", &query.q), ("territory", &query.territory)] {
        if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            pairs.push((name, v.to_owned()));
        }
    }
    for code in query.category.as_deref().unwrap_or("").split(',') {
        if !code.trim().is_empty() {
            pairs.push(("category", code.trim().to_owned()));
        }
    }
    let encoded = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    format!("{base}/?{encoded}")
}

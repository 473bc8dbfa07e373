//! How an [`OfferDocument`] is stored in Meilisearch: its own fields as they are (so a hit
//! reads back as the document), plus the derived fields filters, facets and sorting need.
//! One more document, [`META_ID`], holds the checkpoint, so it changes in the same task as
//! the offers it follows.

use crate::document::OfferDocument;
use crate::places::{self, day_number};
use crate::{Facet, SearchError, SearchResult};
use connessi_domain::vocab;
use serde_json::{Value, json};

/// The id of the document holding the checkpoint.
pub const META_ID: &str = "connessi-checkpoint";
/// `kind` of an offer's document; every search filters on it, so the meta document is
/// never found.
pub const OFFER_KIND: &str = "offer";
/// `expires_min` of an offer without an end: hidden by no `now`.
pub const NEVER: i64 = 99_999_999_999;
/// `ending_key` of an offer without a fixed end date: after every real day number.
pub const NO_END: i64 = 99_999_999;

/// The attribute a facet counts.
pub fn facet_attribute(facet: Facet) -> &'static str {
    match facet {
        Facet::Category => "categories",
        Facet::Sector => "sectors",
        Facet::DeliveryMode => "delivery_mode",
        Facet::Format => "format",
        Facet::SkillLevel => "skill_level",
        Facet::Language => "languages",
        Facet::Provider => "provider_id",
        Facet::Region => "regions",
        Facet::HasPlaces => "has_places",
        Facet::Status => "status",
    }
}

/// The stored form of `offer`.
pub fn to_stored(offer: &OfferDocument) -> SearchResult<Value> {
    let mut stored = serde_json::to_value(offer).map_err(|e| SearchError::Index(e.to_string()))?;
    let labels: Vec<&str> = offer
        .categories
        .iter()
        .filter_map(|code| vocab::CATEGORIES.get(code))
        .flat_map(|term| [term.label_it, term.label_en])
        .collect();
    let until_day = offer.free_period_until.map_or(0, day_number);
    let derived = json!({
        "kind": OFFER_KIND,
        "category_labels": labels,
        "regions": places::regions(offer),
        "place_keys": places::territory_keys(offer),
        "has_places": offer.has_places(),
        "published_ts": offer.published_at.map_or(0, |at| at.timestamp()),
        // Minutes, as the embedded index counts them: hidden from the start of the minute.
        "expires_min": offer.expires_at.map_or(NEVER, |at| at.timestamp().div_euclid(60)),
        "months_days": offer.free_period_months.map_or(0, |m| i64::from(m) * 30),
        "until_day": until_day,
        "ending_key": if until_day == 0 { NO_END } else { until_day },
    });
    if let (Value::Object(fields), Value::Object(more)) = (&mut stored, derived) {
        fields.extend(more);
    }
    Ok(stored)
}

/// The meta document recording `checkpoint`.
pub fn meta(checkpoint: i64) -> Value {
    json!({ "id": META_ID, "kind": "meta", "checkpoint": checkpoint })
}

/// The offer a stored document holds.
pub fn from_stored(stored: Value) -> SearchResult<OfferDocument> {
    serde_json::from_value(stored)
        .map_err(|e| SearchError::Index(format!("unreadable document in Meilisearch: {e}")))
}

/// A number field of a stored document (0 when absent).
pub fn number(stored: &Value, field: &str) -> i64 {
    stored.get(field).and_then(Value::as_i64).unwrap_or(0)
}

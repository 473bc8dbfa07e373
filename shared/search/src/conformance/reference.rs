//! A deliberately plain reimplementation of visibility, filters and disjunctive facet counts
//! over the fixtures, to check a backend's counts against (text matching excluded).

use crate::document::OfferDocument;
use crate::{Facet, Filters, Scope};
use chrono::{DateTime, Utc};
use connessi_domain::territory::istat;
use std::collections::BTreeMap;

pub fn visible(document: &OfferDocument, scope: Scope, now: DateTime<Utc>) -> bool {
    let public = document.status == "published" && document.expires_at.is_none_or(|at| at > now);
    match scope {
        Scope::Public => public,
        Scope::Provider(id) => public || document.provider_id == id,
        Scope::Everything => true,
    }
}

/// The regions where a document is available.
fn regions(document: &OfferDocument) -> Vec<String> {
    let table = istat();
    if document.territory.national {
        return table.regions.keys().cloned().collect();
    }
    let mut all: Vec<String> = document.territory.regions.clone();
    all.extend(
        document
            .territory
            .provinces
            .iter()
            .filter_map(|p| table.provinces.get(p))
            .map(|p| p.region_code.clone()),
    );
    all.extend(
        document
            .territory
            .comuni
            .iter()
            .filter_map(|c| table.comuni.get(c))
            .map(|c| c.region_code.clone()),
    );
    all.sort();
    all.dedup();
    all
}

/// The values a document has for a facet.
fn values(document: &OfferDocument, facet: Facet) -> Vec<String> {
    match facet {
        Facet::Category => document.categories.clone(),
        Facet::Sector => document.sectors.clone(),
        Facet::DeliveryMode => vec![document.delivery_mode.clone()],
        Facet::Format => vec![document.format.clone()],
        Facet::SkillLevel => vec![document.skill_level.clone()],
        Facet::Language => document.languages.clone(),
        Facet::Provider => vec![document.provider_id.to_string()],
        Facet::Region => regions(document),
        Facet::HasPlaces => vec![document.has_places().to_string()],
        Facet::Status => vec![document.status.clone()],
    }
}

/// The selected values of a facet's filter (empty: no filter).
fn selected(filters: &Filters, facet: Facet) -> Vec<String> {
    match facet {
        Facet::Category => filters.categories.clone(),
        Facet::Sector => filters.sectors.clone(),
        Facet::DeliveryMode => filters.delivery_modes.clone(),
        Facet::Format => filters.formats.clone(),
        Facet::SkillLevel => filters.skill_levels.clone(),
        Facet::Language => filters.languages.clone(),
        Facet::Provider => filters.providers.iter().map(ToString::to_string).collect(),
        Facet::Region => filters.regions.clone(),
        Facet::HasPlaces => filters
            .has_places
            .map(|b| b.to_string())
            .into_iter()
            .collect(),
        Facet::Status => filters.statuses.clone(),
    }
}

fn passes(document: &OfferDocument, filters: &Filters, except: Option<Facet>) -> bool {
    Facet::ALL
        .iter()
        .filter(|f| Some(**f) != except)
        .all(|facet| {
            let wanted = selected(filters, *facet);
            wanted.is_empty() || values(document, *facet).iter().any(|v| wanted.contains(v))
        })
}

/// The documents matching `filters` (no text), and the disjunctive counts of every facet.
pub fn expected(
    documents: &[OfferDocument],
    filters: &Filters,
    scope: Scope,
    now: DateTime<Utc>,
) -> (Vec<uuid::Uuid>, BTreeMap<Facet, BTreeMap<String, u64>>) {
    let candidates: Vec<&OfferDocument> = documents
        .iter()
        .filter(|d| visible(d, scope, now))
        .collect();
    let mut ids: Vec<uuid::Uuid> = candidates
        .iter()
        .filter(|d| passes(d, filters, None))
        .map(|d| d.id)
        .collect();
    ids.sort();
    let mut counts = BTreeMap::new();
    for facet in Facet::ALL {
        let mut values_count: BTreeMap<String, u64> = BTreeMap::new();
        for document in candidates
            .iter()
            .filter(|d| passes(d, filters, Some(facet)))
        {
            for value in values(document, facet) {
                *values_count.entry(value).or_default() += 1;
            }
        }
        counts.insert(facet, values_count);
    }
    (ids, counts)
}

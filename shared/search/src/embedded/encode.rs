//! How an [`OfferDocument`] becomes a tantivy document: texts for matching, and compact fast
//! fields for filters, facets and sorting. Small vocabularies share one 64-bit mask (one bit
//! per value), so filtering and counting them costs one read per document.

use super::schema::Fields;
use crate::document::OfferDocument;
use crate::places::{self, day_number, territory_keys};
use connessi_domain::OfferStatus;
use connessi_domain::territory::istat;
use connessi_domain::vocab::{self, Vocabulary};
use tantivy::TantivyDocument;

/// The vocabularies packed into `facet_bits`, in bit order.
pub const BIT_FACETS: [(crate::Facet, &Vocabulary); 6] = [
    (crate::Facet::Category, &vocab::CATEGORIES),
    (crate::Facet::Sector, &vocab::SECTORS),
    (crate::Facet::DeliveryMode, &vocab::DELIVERY_MODES),
    (crate::Facet::Format, &vocab::FORMATS),
    (crate::Facet::SkillLevel, &vocab::SKILL_LEVELS),
    (crate::Facet::Language, &vocab::LANGUAGES),
];

/// The first bit of each vocabulary in `facet_bits`.
pub fn bit_offset(facet_index: usize) -> u32 {
    BIT_FACETS[..facet_index]
        .iter()
        .map(|(_, v)| v.terms.len() as u32)
        .sum()
}

/// The bit of `code` in the vocabulary at `facet_index`.
pub fn facet_bit(facet_index: usize, code: &str) -> Option<u64> {
    let vocabulary = BIT_FACETS[facet_index].1;
    let position = vocabulary.terms.iter().position(|t| t.code == code)? as u32;
    Some(1u64 << (bit_offset(facet_index) + position))
}

/// Regions in ISTAT order: the bit of a region in `region_bits` is its position here.
pub fn region_codes() -> Vec<&'static str> {
    istat().regions.keys().map(String::as_str).collect()
}

pub fn region_bit(code: &str) -> Option<u64> {
    region_codes()
        .iter()
        .position(|r| *r == code)
        .map(|p| 1u64 << p)
}

pub fn status_code(status: &str) -> u64 {
    OfferStatus::ALL
        .iter()
        .position(|s| s.as_str() == status)
        .unwrap_or(0) as u64
}

/// Regions where the offer is available, as bits of `region_bits`.
fn region_mask(document: &OfferDocument) -> u64 {
    places::regions(document)
        .iter()
        .filter_map(|code| region_bit(code))
        .fold(0, |mask, bit| mask | bit)
}

fn facet_mask(document: &OfferDocument) -> u64 {
    let lists: [&[String]; 6] = [
        &document.categories,
        &document.sectors,
        std::slice::from_ref(&document.delivery_mode),
        std::slice::from_ref(&document.format),
        std::slice::from_ref(&document.skill_level),
        &document.languages,
    ];
    lists
        .iter()
        .enumerate()
        .flat_map(|(index, codes)| codes.iter().filter_map(move |code| facet_bit(index, code)))
        .fold(0, |mask, bit| mask | bit)
}

/// Minutes since 1970, the unit of expiry in `meta`; `NEVER` for an offer without end.
pub const NEVER: u64 = u32::MAX as u64;

pub fn minutes(at: chrono::DateTime<chrono::Utc>) -> u64 {
    (at.timestamp().max(0) / 60).min(NEVER as i64 - 1) as u64
}

/// Bits 0–7 status, bit 8 places left, bits 32–63 expiry in minutes since 1970 (rounded down,
/// so an offer is hidden from the start of the minute it expires in).
fn meta(document: &OfferDocument) -> u64 {
    let expires = document.expires_at.map_or(NEVER, minutes);
    status_code(&document.status) | u64::from(document.has_places()) << 8 | expires << 32
}

pub fn meta_status(meta: u64) -> u64 {
    meta & 0xff
}

pub fn meta_has_places(meta: u64) -> bool {
    meta >> 8 & 1 == 1
}

pub fn meta_expires(meta: u64) -> u64 {
    meta >> 32
}

/// Bits 0–15 the free period in months as days (0: none), bits 16–47 the day number of a
/// fixed end date (0: none).
fn free(document: &OfferDocument) -> u64 {
    let months_days = document.free_period_months.map_or(0, |m| u64::from(m) * 30);
    let until = document
        .free_period_until
        .map_or(0, |d| day_number(d).max(0) as u64);
    months_days | until << 16
}

pub fn free_months_days(free: u64) -> i64 {
    (free & 0xffff) as i64
}

pub fn free_until_day(free: u64) -> i64 {
    (free >> 16) as i64
}

/// The tantivy document for `document`.
pub fn to_tantivy(
    fields: &Fields,
    document: &OfferDocument,
) -> Result<TantivyDocument, serde_json::Error> {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, document.id.to_string());
    doc.add_text(fields.document, serde_json::to_string(document)?);
    doc.add_text(fields.title_it, &document.title_it);
    doc.add_text(fields.description_it, &document.description_it);
    if let Some(title) = &document.title_en {
        doc.add_text(fields.title_en, title);
    }
    if let Some(description) = &document.description_en {
        doc.add_text(fields.description_en, description);
    }
    doc.add_text(fields.provider_name, &document.provider_name);
    for code in &document.categories {
        if let Some(term) = vocab::CATEGORIES.get(code) {
            doc.add_text(fields.category_labels, term.label_it);
            doc.add_text(fields.category_labels, term.label_en);
        }
    }
    let english = [
        document.title_en.as_deref(),
        document.description_en.as_deref(),
    ];
    let plain = [
        document.title_it.as_str(),
        &document.description_it,
        &document.provider_name,
    ];
    for text in plain.into_iter().chain(english.into_iter().flatten()) {
        doc.add_text(fields.plain, text);
    }
    for code in &document.categories {
        if let Some(term) = vocab::CATEGORIES.get(code) {
            doc.add_text(fields.plain, term.label_it);
        }
    }
    for key in territory_keys(document) {
        doc.add_text(fields.territory, key);
    }
    doc.add_u64(fields.facet_bits, facet_mask(document));
    doc.add_u64(fields.region_bits, region_mask(document));
    doc.add_u64(fields.meta, meta(document));
    doc.add_text(fields.provider, document.provider_id.to_string());
    doc.add_u64(fields.free, free(document));
    doc.add_i64(
        fields.published_ts,
        document.published_at.map_or(0, |at| at.timestamp()),
    );
    doc.add_i64(fields.version, document.version);
    Ok(doc)
}

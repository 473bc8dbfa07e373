//! An offer as ranking reads it: the fields recommendations show and weigh, with the
//! vocabulary codes turned into bit sets so comparing a shop with 100k offers stays cheap.

use chrono::{DateTime, NaiveDate, Utc};
use connessi_domain::OfferStatus;
use connessi_domain::vocab::{self, Vocabulary};
use connessi_search::OfferDocument;
use uuid::Uuid;

/// The bit of each code of a vocabulary (at most 64 terms, checked by a test).
pub fn bits(vocabulary: &Vocabulary, codes: &[String]) -> u64 {
    codes
        .iter()
        .filter_map(|code| vocabulary.terms.iter().position(|t| t.code == code))
        .fold(0, |set, at| set | (1 << at))
}

/// A place code as a number, so comparing a shop with 100k offers compares integers: comuni
/// by their ISTAT code, regions by theirs, provinces by their position in the ISTAT table.
pub fn comune_number(code: &str) -> u32 {
    code.parse().unwrap_or(u32::MAX)
}

pub fn region_number(code: &str) -> u8 {
    code.parse().unwrap_or(u8::MAX)
}

pub fn province_number(code: &str) -> u16 {
    static NUMBERS: std::sync::OnceLock<std::collections::HashMap<&'static str, u16>> =
        std::sync::OnceLock::new();
    let numbers = NUMBERS.get_or_init(|| {
        connessi_domain::territory::istat()
            .provinces
            .keys()
            .enumerate()
            .map(|(at, code)| (code.as_str(), at as u16))
            .collect()
    });
    numbers.get(code).copied().unwrap_or(u16::MAX)
}

/// 0 for `base`, 1 for `intermediate`, 2 for `advanced`.
pub fn skill_rank(level: &str) -> u8 {
    match level {
        "advanced" => 2,
        "intermediate" => 1,
        _ => 0,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: Uuid,
    pub provider_id: Uuid,
    pub provider_name: String,
    pub title_it: String,
    pub title_en: Option<String>,
    pub categories: Vec<String>,
    pub category_bits: u64,
    pub sector_bits: u64,
    pub language_bits: u64,
    pub national: bool,
    pub regions: Vec<u8>,
    pub provinces: Vec<u16>,
    pub comuni: Vec<u32>,
    pub delivery_mode: String,
    pub format: String,
    pub skill_level: String,
    pub skill: u8,
    pub free_period_months: Option<u16>,
    pub free_period_until: Option<NaiveDate>,
    pub price_after: String,
    pub capacity: Option<u32>,
    pub places_left: Option<u32>,
    pub expires_at: Option<DateTime<Utc>>,
}

impl Candidate {
    /// The candidate of a published offer; `None` for an offer in any other state.
    pub fn from_document(document: &OfferDocument) -> Option<Self> {
        (document.status == OfferStatus::Published.as_str())
            .then(|| Self {
                id: document.id,
                provider_id: document.provider_id,
                provider_name: document.provider_name.clone(),
                title_it: document.title_it.clone(),
                title_en: document.title_en.clone(),
                categories: document.categories.clone(),
                category_bits: bits(&vocab::CATEGORIES, &document.categories),
                sector_bits: bits(&vocab::SECTORS, &document.sectors),
                language_bits: bits(&vocab::LANGUAGES, &document.languages),
                national: false,
                regions: Vec::new(),
                provinces: Vec::new(),
                comuni: Vec::new(),
                delivery_mode: document.delivery_mode.clone(),
                format: document.format.clone(),
                skill_level: document.skill_level.clone(),
                skill: skill_rank(&document.skill_level),
                free_period_months: document.free_period_months,
                free_period_until: document.free_period_until,
                price_after: document.price_after.clone(),
                capacity: document.capacity,
                places_left: document.places_left,
                expires_at: document.expires_at,
            })
            .map(|candidate| candidate.with_territory(&document.territory))
    }

    /// Where the offer is available, as in its content.
    pub fn with_territory(mut self, territory: &connessi_domain::territory::Territory) -> Self {
        self.national = territory.national;
        self.regions = territory.regions.iter().map(|c| region_number(c)).collect();
        self.provinces = territory
            .provinces
            .iter()
            .map(|c| province_number(c))
            .collect();
        self.comuni = territory.comuni.iter().map(|c| comune_number(c)).collect();
        self
    }

    /// Whole months of free period as of `today` (a fixed end date counts what is left).
    pub fn free_months(&self, today: NaiveDate) -> Option<u32> {
        match (self.free_period_months, self.free_period_until) {
            (Some(months), _) => Some(u32::from(months)),
            (None, Some(until)) => Some(((until - today).num_days().max(0) / 30) as u32),
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vocabulary_fits_in_a_bit_set() {
        for vocabulary in [vocab::CATEGORIES, vocab::SECTORS, vocab::LANGUAGES] {
            assert!(vocabulary.terms.len() <= 64, "{}", vocabulary.name);
        }
        let codes = ["digital_payments".to_owned(), "nonsense".to_owned()];
        assert_eq!(bits(&vocab::CATEGORIES, &codes).count_ones(), 1);
    }
}

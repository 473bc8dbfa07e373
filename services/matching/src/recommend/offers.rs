//! One snapshot of the recommendable offers: the candidates, and an index built from them so
//! that ranking touches only the offers that cover a shop's place (national ones, and those of
//! its region, province and comune) and reads, for each, a small fixed-size record laid out
//! contiguously instead of following pointers into 100k heap objects.

use super::candidate::Candidate;
use super::rank::Coverage;
use connessi_search::Change;
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

/// What ranking reads of every offer it looks at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hot {
    pub id: Uuid,
    pub category_bits: u64,
    pub sector_bits: u64,
    pub language_bits: u64,
    /// Seconds since the epoch; `i64::MAX` when it never expires.
    pub expires_at: i64,
    /// `u32::MAX` for no limit.
    pub places_left: u32,
    pub free_period_months: Option<u16>,
    pub free_period_until: Option<chrono::NaiveDate>,
    pub skill: u8,
    pub online: bool,
    /// Position of the provider in [`Index::providers`].
    pub provider: u32,
}

/// Offers by the places they cover, as positions in [`Offers`].
#[derive(Debug, Default, Clone)]
pub struct Index {
    pub hot: Vec<Hot>,
    pub providers: Vec<Uuid>,
    national: Vec<u32>,
    by_region: HashMap<u8, Vec<u32>>,
    by_province: HashMap<u16, Vec<u32>>,
    by_comune: HashMap<u32, Vec<u32>>,
}

impl Index {
    fn build(items: &[Arc<Candidate>]) -> Self {
        let mut index = Index::default();
        let mut provider_at: HashMap<Uuid, u32> = HashMap::new();
        for (at, offer) in items.iter().enumerate() {
            let at = at as u32;
            let provider = *provider_at.entry(offer.provider_id).or_insert_with(|| {
                index.providers.push(offer.provider_id);
                index.providers.len() as u32 - 1
            });
            index.hot.push(Hot {
                id: offer.id,
                category_bits: offer.category_bits,
                sector_bits: offer.sector_bits,
                language_bits: offer.language_bits,
                expires_at: offer.expires_at.map_or(i64::MAX, |at| at.timestamp()),
                places_left: offer.places_left.unwrap_or(u32::MAX),
                free_period_months: offer.free_period_months,
                free_period_until: offer.free_period_until,
                skill: offer.skill,
                online: offer.delivery_mode == "online",
                provider,
            });
            if offer.national {
                index.national.push(at);
            }
            for region in &offer.regions {
                index.by_region.entry(*region).or_default().push(at);
            }
            for province in &offer.provinces {
                index.by_province.entry(*province).or_default().push(at);
            }
            for comune in &offer.comuni {
                index.by_comune.entry(*comune).or_default().push(at);
            }
        }
        index
    }

    /// The offers covering a place, nearest coverage first; an offer listed at two levels
    /// (its province and its region) may come twice, nearest first.
    pub fn covering(&self, comune: u32, province: u16, region: u8) -> [(Coverage, &[u32]); 4] {
        fn get(list: Option<&Vec<u32>>) -> &[u32] {
            list.map_or(&[], Vec::as_slice)
        }
        [
            (Coverage::Comune, get(self.by_comune.get(&comune))),
            (Coverage::Province, get(self.by_province.get(&province))),
            (Coverage::Region, get(self.by_region.get(&region))),
            (Coverage::National, &self.national),
        ]
    }
}

/// The offers as ranking reads them; a new snapshot replaces the old one on every change.
#[derive(Debug, Default, Clone)]
pub struct Offers {
    items: Vec<Arc<Candidate>>,
    position: HashMap<Uuid, usize>,
    index: Index,
}

impl Offers {
    pub fn from_candidates(candidates: impl IntoIterator<Item = Candidate>) -> Self {
        let mut offers = Self::default();
        for candidate in candidates {
            offers.upsert(candidate);
        }
        offers.index = Index::build(&offers.items);
        offers
    }

    pub fn get(&self, at: u32) -> &Candidate {
        &self.items[at as usize]
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn upsert(&mut self, candidate: Candidate) {
        match self.position.get(&candidate.id) {
            Some(&at) => self.items[at] = Arc::new(candidate),
            None => {
                self.position.insert(candidate.id, self.items.len());
                self.items.push(Arc::new(candidate));
            }
        }
    }

    fn remove(&mut self, id: Uuid) {
        let Some(at) = self.position.remove(&id) else {
            return;
        };
        self.items.swap_remove(at);
        if let Some(moved) = self.items.get(at) {
            self.position.insert(moved.id, at);
        }
    }

    /// This snapshot with `changes` applied.
    pub fn with_changes(&self, changes: Vec<Change>) -> Self {
        let mut next = Self {
            items: self.items.clone(),
            position: self.position.clone(),
            index: Index::default(),
        };
        for change in changes {
            match change {
                Change::Upsert(document) => match Candidate::from_document(&document) {
                    Some(candidate) => next.upsert(candidate),
                    None => next.remove(document.id),
                },
                Change::Delete(id) => next.remove(id),
            }
        }
        next.index = Index::build(&next.items);
        next
    }
}

//! One pass over the documents matching the text query does everything else: visibility,
//! filters, disjunctive facet counts (a document counts for a facet when it passes every
//! filter but that facet's own) and the top results in the requested order.

use super::encode::{self, BIT_FACETS};
use super::segment_data::{NO_PROVIDER, SegmentCache, SegmentData};
use crate::{Facet, Filters, Scope, SortOrder};
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// Facets evaluated per document, in the order of `Plan::masks` and the failure bits.
const BIT_FACET_COUNT: usize = BIT_FACETS.len();
const REGION: usize = BIT_FACET_COUNT;
const PROVIDER: usize = BIT_FACET_COUNT + 1;
const STATUS: usize = BIT_FACET_COUNT + 2;
const PLACES: usize = BIT_FACET_COUNT + 3;

/// Everything about a search the collector needs, computed once.
#[derive(Debug, Clone)]
pub struct Plan {
    pub scope: Scope,
    pub now_ts: i64,
    pub today_day: i64,
    pub bit_masks: [u64; BIT_FACET_COUNT],
    pub region_mask: u64,
    pub providers: Vec<String>,
    pub status_mask: u64,
    pub has_places: Option<bool>,
    pub min_free_days: Option<i64>,
    pub sort: SortOrder,
    pub scored: bool,
    /// How many of the best results to keep (the end of the requested page).
    pub keep: usize,
}

impl Plan {
    pub fn new(
        filters: &Filters,
        scope: Scope,
        now: chrono::DateTime<chrono::Utc>,
        sort: SortOrder,
        scored: bool,
        keep: usize,
    ) -> Self {
        let mut bit_masks = [0u64; BIT_FACET_COUNT];
        let lists = [
            &filters.categories,
            &filters.sectors,
            &filters.delivery_modes,
            &filters.formats,
            &filters.skill_levels,
            &filters.languages,
        ];
        for (index, list) in lists.into_iter().enumerate() {
            bit_masks[index] = list
                .iter()
                .filter_map(|code| encode::facet_bit(index, code))
                .fold(0, |m, b| m | b);
        }
        Self {
            scope,
            now_ts: now.timestamp(),
            today_day: crate::places::day_number(now.date_naive()),
            bit_masks,
            region_mask: filters
                .regions
                .iter()
                .filter_map(|r| encode::region_bit(r))
                .fold(0, |m, b| m | b),
            providers: filters.providers.iter().map(ToString::to_string).collect(),
            status_mask: filters
                .statuses
                .iter()
                .map(|s| 1u64 << encode::status_code(s))
                .fold(0, |m, b| m | b),
            has_places: filters.has_places,
            min_free_days: filters.min_free_months.map(|m| i64::from(m) * 30),
            sort,
            scored,
            keep,
        }
    }
}

/// A result and the key it is ordered by (greater is better).
#[derive(Debug, Clone, Copy)]
pub struct Ranked {
    pub primary: f64,
    pub secondary: i64,
    pub address: DocAddress,
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.primary
            .total_cmp(&other.primary)
            .then(self.secondary.cmp(&other.secondary))
            .then(other.address.cmp(&self.address))
    }
}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ranked {}

/// What the search found: the best results and the counts.
#[derive(Debug, Default)]
pub struct Found {
    pub top: Vec<Ranked>,
    pub total: u64,
    pub counts: HashMap<Facet, HashMap<String, u64>>,
}

pub struct FacetedCollector {
    pub plan: Plan,
    pub cache: std::sync::Arc<SegmentCache>,
}

impl Collector for FacetedCollector {
    type Fruit = Found;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        SegmentFacets::new(self.plan.clone(), segment, self.cache.get(reader)?)
    }

    fn requires_scoring(&self) -> bool {
        self.plan.scored
    }

    fn merge_fruits(&self, fruits: Vec<Found>) -> tantivy::Result<Found> {
        let mut merged = Found::default();
        let mut heap = BinaryHeap::new();
        for fruit in fruits {
            merged.total += fruit.total;
            for (facet, values) in fruit.counts {
                let into = merged.counts.entry(facet).or_default();
                for (value, count) in values {
                    *into.entry(value).or_default() += count;
                }
            }
            for ranked in fruit.top {
                keep_best(&mut heap, ranked, self.plan.keep);
            }
        }
        merged.top = heap
            .into_sorted_vec()
            .into_iter()
            .map(|Reverse(r)| r)
            .collect();
        Ok(merged)
    }
}

fn keep_best(heap: &mut BinaryHeap<Reverse<Ranked>>, ranked: Ranked, keep: usize) {
    if keep == 0 {
        return;
    }
    if heap.len() < keep {
        heap.push(Reverse(ranked));
    } else if heap.peek().is_some_and(|Reverse(worst)| ranked > *worst) {
        heap.pop();
        heap.push(Reverse(ranked));
    }
}

/// The bits of each vocabulary in `facet_bits`.
fn bit_spans() -> [u64; BIT_FACET_COUNT] {
    let mut spans = [0; BIT_FACET_COUNT];
    for (index, (_, vocabulary)) in BIT_FACETS.iter().enumerate() {
        spans[index] = ((1u64 << vocabulary.terms.len()) - 1) << encode::bit_offset(index);
    }
    spans
}

pub struct SegmentFacets {
    plan: Plan,
    segment: SegmentOrdinal,
    data: Arc<SegmentData>,
    spans: [u64; BIT_FACET_COUNT],
    now_minutes: u64,
    published: u64,
    selected_providers: Vec<u64>,
    scope_provider: Option<u64>,
    heap: BinaryHeap<Reverse<Ranked>>,
    total: u64,
    bit_counts: [u64; 64],
    region_counts: [u64; 64],
    national_count: u64,
    all_regions: u64,
    status_counts: [u64; 64],
    places_counts: [u64; 2],
    /// Indexed by provider ordinal: a hash map here costs more than all the other counting.
    provider_counts: Vec<u64>,
}

fn provider_ord(column: Option<&StrColumn>, id: &str) -> Option<u64> {
    column.and_then(|c| c.dictionary().term_ord(id.as_bytes()).ok().flatten())
}

impl SegmentFacets {
    fn new(plan: Plan, segment: SegmentOrdinal, data: Arc<SegmentData>) -> tantivy::Result<Self> {
        let now_minutes =
            encode::minutes(chrono::DateTime::from_timestamp(plan.now_ts, 0).unwrap_or_default());
        // A selected provider absent from this segment matches nothing here: u64::MAX never
        // equals a real ordinal.
        let selected_providers = plan
            .providers
            .iter()
            .map(|p| provider_ord(data.providers.as_ref(), p).unwrap_or(u64::MAX))
            .collect();
        let provider_counts = vec![0; data.provider_names.len()];
        let scope_provider = match plan.scope {
            Scope::Provider(id) => {
                Some(provider_ord(data.providers.as_ref(), &id.to_string()).unwrap_or(u64::MAX))
            }
            _ => None,
        };
        Ok(Self {
            plan,
            segment,
            data,
            spans: bit_spans(),
            now_minutes,
            published: encode::status_code("published"),
            selected_providers,
            scope_provider,
            heap: BinaryHeap::new(),
            total: 0,
            bit_counts: [0; 64],
            region_counts: [0; 64],
            national_count: 0,
            all_regions: (1u64 << encode::region_codes().len()) - 1,
            status_counts: [0; 64],
            places_counts: [0; 2],
            provider_counts,
        })
    }

    fn free_days(&self, doc: DocId) -> Option<i64> {
        let free = self.data.free[doc as usize];
        match (encode::free_months_days(free), encode::free_until_day(free)) {
            (0, 0) => None,
            (0, until) => Some((until - self.plan.today_day).max(0)),
            (days, _) => Some(days),
        }
    }

    fn visible(&self, meta: u64, provider: Option<u64>) -> bool {
        let public = encode::meta_status(meta) == self.published
            && encode::meta_expires(meta) > self.now_minutes;
        match self.plan.scope {
            Scope::Public => public,
            Scope::Provider(_) => public || (provider.is_some() && provider == self.scope_provider),
            Scope::Everything => true,
        }
    }

    fn rank(&self, doc: DocId, score: Score, published: i64) -> Ranked {
        let address = DocAddress::new(self.segment, doc);
        let (primary, secondary) = match self.plan.sort {
            SortOrder::Relevance if self.plan.scored => (f64::from(score), published),
            SortOrder::Relevance | SortOrder::Newest => (published as f64, 0),
            SortOrder::EndingSoon => match encode::free_until_day(self.data.free[doc as usize]) {
                0 => (f64::MIN, published),
                until => (-(until as f64), published),
            },
            SortOrder::LongestFreePeriod => {
                (self.free_days(doc).map_or(-1.0, |d| d as f64), published)
            }
        };
        Ranked {
            primary,
            secondary,
            address,
        }
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = Found;

    fn collect(&mut self, doc: DocId, score: Score) {
        let meta = self.data.meta[doc as usize];
        let provider = Some(self.data.provider[doc as usize])
            .filter(|p| *p != NO_PROVIDER)
            .map(u64::from);
        if !self.visible(meta, provider) {
            return;
        }
        if let Some(min) = self.plan.min_free_days
            && self.free_days(doc).is_none_or(|days| days < min)
        {
            return;
        }
        let bits = self.data.facet_bits[doc as usize];
        let regions = self.data.region_bits[doc as usize];
        let status = encode::meta_status(meta);
        let places = encode::meta_has_places(meta);
        // One bit per facet whose filter this document fails.
        let mut failed = 0u32;
        for (index, mask) in self.plan.bit_masks.iter().enumerate() {
            if *mask != 0 && bits & mask == 0 {
                failed |= 1 << index;
            }
        }
        if self.plan.region_mask != 0 && regions & self.plan.region_mask == 0 {
            failed |= 1 << REGION;
        }
        if !self.selected_providers.is_empty()
            && !provider.is_some_and(|p| self.selected_providers.contains(&p))
        {
            failed |= 1 << PROVIDER;
        }
        if self.plan.status_mask != 0 && self.plan.status_mask & (1 << status) == 0 {
            failed |= 1 << STATUS;
        }
        if self.plan.has_places.is_some_and(|wanted| wanted != places) {
            failed |= 1 << PLACES;
        }
        if failed.count_ones() > 1 {
            return;
        }
        let counts_for = |facet: usize| failed == 0 || failed == 1 << facet;
        // The vocabularies sit side by side in `facet_bits`, so a document passing every
        // filter counts each of its bits where it stands, in one loop; one failing a single
        // vocabulary's filter counts only that vocabulary's bits.
        let mut own = match failed {
            0 => bits,
            one if one.trailing_zeros() < BIT_FACET_COUNT as u32 => {
                bits & self.spans[one.trailing_zeros() as usize]
            }
            _ => 0,
        };
        while own != 0 {
            self.bit_counts[own.trailing_zeros() as usize] += 1;
            own &= own - 1;
        }
        if counts_for(REGION) && regions == self.all_regions {
            // National offers count in every region: once here, spread at harvest.
            self.national_count += 1;
        } else if counts_for(REGION) {
            let mut own = regions;
            while own != 0 {
                self.region_counts[own.trailing_zeros() as usize] += 1;
                own &= own - 1;
            }
        }
        if counts_for(PROVIDER)
            && let Some(count) = provider.and_then(|p| self.provider_counts.get_mut(p as usize))
        {
            *count += 1;
        }
        if counts_for(STATUS) {
            self.status_counts[status as usize] += 1;
        }
        if counts_for(PLACES) {
            self.places_counts[usize::from(places)] += 1;
        }
        if failed == 0 {
            self.total += 1;
            let published = self.data.published[doc as usize];
            let ranked = self.rank(doc, score, published);
            keep_best(&mut self.heap, ranked, self.plan.keep);
        }
    }

    fn harvest(self) -> Found {
        let mut counts: HashMap<Facet, HashMap<String, u64>> = HashMap::new();
        for (index, (facet, vocabulary)) in BIT_FACETS.iter().enumerate() {
            let offset = encode::bit_offset(index) as usize;
            let values = counts.entry(*facet).or_default();
            for (position, term) in vocabulary.terms.iter().enumerate() {
                let count = self.bit_counts[offset + position];
                if count > 0 {
                    values.insert(term.code.to_owned(), count);
                }
            }
        }
        let regions = counts.entry(Facet::Region).or_default();
        for (position, code) in encode::region_codes().iter().enumerate() {
            let count = self.region_counts[position] + self.national_count;
            if count > 0 {
                regions.insert((*code).to_owned(), count);
            }
        }
        let statuses = counts.entry(Facet::Status).or_default();
        for (position, status) in connessi_domain::OfferStatus::ALL.iter().enumerate() {
            if self.status_counts[position] > 0 {
                statuses.insert(status.as_str().to_owned(), self.status_counts[position]);
            }
        }
        let places = counts.entry(Facet::HasPlaces).or_default();
        for (value, count) in [
            ("false", self.places_counts[0]),
            ("true", self.places_counts[1]),
        ] {
            if count > 0 {
                places.insert(value.to_owned(), count);
            }
        }
        let providers = counts.entry(Facet::Provider).or_default();
        for (ord, count) in self
            .provider_counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
        {
            if let Some(name) = self.data.provider_names.get(ord) {
                providers.insert(name.clone(), *count);
            }
        }
        Found {
            top: self
                .heap
                .into_vec()
                .into_iter()
                .map(|Reverse(r)| r)
                .collect(),
            total: self.total,
            counts,
        }
    }
}

//! The index settings the service keeps on its Meilisearch index, applied at every start and
//! on every rebuilt index: what is searched (Italian first), filtered, faceted and sorted, the
//! ranking rules, synonyms, typo tolerance and stop words. They mirror the embedded index, so
//! both backends answer the same.

use super::document::facet_attribute;
use crate::request::MAX_DEPTH;
use crate::synonyms::Synonyms;
use crate::{Facet, stop_words};
use meilisearch_sdk::settings::{
    FacetingSettings, LocalizedAttributes, MinWordSizeForTypos, PaginationSetting, Settings,
    TypoToleranceSettings,
};
use std::collections::HashMap;

/// Fields searched, most important first (the `attribute` ranking rule follows this order).
pub const SEARCHABLE: [&str; 6] = [
    "title_it",
    "title_en",
    "category_labels",
    "provider_name",
    "description_it",
    "description_en",
];

/// Every facet's values are counted, not only the first hundred: a province's providers.
const MAX_FACET_VALUES: usize = 5_000;

pub fn settings(synonyms: &Synonyms) -> Settings {
    let mut filterable: Vec<String> = Facet::ALL
        .iter()
        .map(|f| facet_attribute(*f).to_owned())
        .collect();
    filterable.extend(
        [
            "kind",
            "place_keys",
            "expires_min",
            "months_days",
            "until_day",
        ]
        .map(str::to_owned),
    );
    Settings::new()
        .with_searchable_attributes(SEARCHABLE)
        .with_filterable_attributes(filterable)
        .with_sortable_attributes(["published_ts", "ending_key", "months_days", "until_day"])
        // Explicit sorts come right after `words` (every word must match, so it never
        // reorders); relevance searches send no sort and fall to the custom rule, newest first.
        .with_ranking_rules([
            "words",
            "sort",
            "typo",
            "proximity",
            "attribute",
            "exactness",
            "published_ts:desc",
        ])
        .with_synonyms(synonym_map(synonyms))
        .with_stop_words(stop_words::ITALIAN.iter().copied())
        .with_typo_tolerance(TypoToleranceSettings {
            enabled: Some(true),
            disable_on_attributes: None,
            disable_on_words: None,
            min_word_size_for_typos: Some(MinWordSizeForTypos {
                one_typo: Some(5),
                two_typos: Some(9),
            }),
            disable_on_numbers: None,
        })
        .with_localized_attributes([
            LocalizedAttributes {
                locales: vec!["ita".into()],
                attribute_patterns: vec![
                    "*_it".into(),
                    "provider_name".into(),
                    "category_labels".into(),
                ],
            },
            LocalizedAttributes {
                locales: vec!["eng".into()],
                attribute_patterns: vec!["*_en".into()],
            },
        ])
        .with_pagination(PaginationSetting {
            max_total_hits: MAX_DEPTH as usize,
        })
        .with_faceting(FacetingSettings {
            max_values_per_facet: MAX_FACET_VALUES,
            sort_facet_values_by: None,
        })
}

/// Meilisearch's synonyms are a map from each word to those it also finds: every member of a
/// group finds every other.
fn synonym_map(synonyms: &Synonyms) -> HashMap<String, Vec<String>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for group in &synonyms.0 {
        for word in group {
            let others = group.iter().filter(|w| *w != word).cloned();
            map.entry(word.to_lowercase()).or_default().extend(others);
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_member_of_a_synonym_group_finds_the_others() {
        let map = synonym_map(&Synonyms(vec![vec![
            "pos".into(),
            "pagamenti digitali".into(),
            "cassa".into(),
        ]]));
        assert_eq!(map["pos"], ["pagamenti digitali", "cassa"]);
        assert_eq!(map["cassa"], ["pos", "pagamenti digitali"]);
        assert_eq!(map.len(), 3);
    }
}

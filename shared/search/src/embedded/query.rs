//! Turns what a person typed into a tantivy query: every word must match (in any text
//! field), with typo tolerance as Meilisearch has it (one typo from 5 characters, two from 9),
//! the last word also as a prefix (search as you type), and synonyms from configuration.

use super::schema::{self, Fields, PLAIN};
use crate::synonyms::Synonyms;
use tantivy::Term;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TokenizerManager;

/// The typos allowed in a word of `len` characters.
pub fn typo_budget(len: usize) -> u8 {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// One unit of the query: a word, or a phrase with synonyms, each alternative a word list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub alternatives: Vec<Vec<String>>,
    /// The last unit of a query still being typed also matches as a prefix.
    pub prefix: bool,
}

/// Splits the folded words of the query into units, joining synonym phrases.
pub fn units(manager: &TokenizerManager, synonyms: &Synonyms, query: &str) -> Vec<Unit> {
    let words = schema::tokens(manager, PLAIN, query);
    let groups: Vec<Vec<Vec<String>>> = synonyms
        .0
        .iter()
        .map(|group| {
            group
                .iter()
                .map(|phrase| schema::tokens(manager, PLAIN, phrase))
                .filter(|p| !p.is_empty())
                .collect()
        })
        .collect();
    let typing = !query.ends_with(char::is_whitespace);
    let mut units = Vec::new();
    let mut at = 0;
    while at < words.len() {
        let found = groups
            .iter()
            .flat_map(|group| group.iter().map(move |phrase| (group, phrase)))
            .filter(|(_, phrase)| words[at..].starts_with(phrase))
            .max_by_key(|(_, phrase)| phrase.len());
        let (alternatives, width) = match found {
            Some((group, phrase)) => (group.clone(), phrase.len()),
            None => (vec![vec![words[at].clone()]], 1),
        };
        at += width;
        units.push(Unit {
            alternatives,
            prefix: typing && at == words.len() && width == 1,
        });
    }
    without_stop_words(units)
}

/// Drops whole words that are stop words, unless nothing else is left; a word still being
/// typed stays ("di" may become "digitale").
fn without_stop_words(units: Vec<Unit>) -> Vec<Unit> {
    let is_stop = |unit: &Unit| {
        !unit.prefix
            && matches!(unit.alternatives.as_slice(), [word] if word.len() == 1
                && crate::stop_words::is_stop_word(&word[0]))
    };
    if units.iter().all(is_stop) {
        return units;
    }
    units.into_iter().filter(|unit| !is_stop(unit)).collect()
}

/// The query for one word: its stem exactly in every text field (so plurals and accents
/// match, boosted by the field's weight), the word as typed with typos, and for the last word
/// of a query still being typed, as a prefix. Typos are measured on the unstemmed word, as
/// Meilisearch does: on a stem they would reach unrelated words ("pagament" ~ "payment").
fn word_query(
    manager: &TokenizerManager,
    fields: &Fields,
    word: &str,
    prefix: bool,
) -> Box<dyn Query> {
    let budget = typo_budget(word.chars().count());
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (field, analyzer, weight) in schema::text_fields(fields) {
        for stem in schema::tokens(manager, analyzer, word) {
            let exact = TermQuery::new(
                Term::from_field_text(field, &stem),
                IndexRecordOption::WithFreqs,
            );
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(exact), weight * 2.0)),
            ));
        }
    }
    let typed = Term::from_field_text(fields.plain, word);
    if budget > 0 {
        let fuzzy = FuzzyTermQuery::new(typed.clone(), budget, true);
        clauses.push((
            Occur::Should,
            Box::new(BoostQuery::new(Box::new(fuzzy), 0.5)),
        ));
    }
    if prefix {
        let started = FuzzyTermQuery::new_prefix(typed, budget, true);
        clauses.push((
            Occur::Should,
            Box::new(BoostQuery::new(Box::new(started), 0.5)),
        ));
    }
    Box::new(BooleanQuery::new(clauses))
}

fn unit_query(manager: &TokenizerManager, fields: &Fields, unit: &Unit) -> Box<dyn Query> {
    let alternatives: Vec<(Occur, Box<dyn Query>)> = unit
        .alternatives
        .iter()
        .map(|words| {
            let all: Vec<(Occur, Box<dyn Query>)> = words
                .iter()
                .map(|w| (Occur::Must, word_query(manager, fields, w, unit.prefix)))
                .collect();
            (
                Occur::Should,
                Box::new(BooleanQuery::new(all)) as Box<dyn Query>,
            )
        })
        .collect();
    Box::new(BooleanQuery::new(alternatives))
}

/// The text query: every unit required (`require_all`), or any of them.
pub fn text_query(
    manager: &TokenizerManager,
    fields: &Fields,
    units: &[Unit],
    require_all: bool,
) -> Box<dyn Query> {
    if units.is_empty() {
        return Box::new(AllQuery);
    }
    let occur = if require_all {
        Occur::Must
    } else {
        Occur::Should
    };
    Box::new(BooleanQuery::new(
        units
            .iter()
            .map(|u| (occur, unit_query(manager, fields, u)))
            .collect(),
    ))
}

/// Exact stems only, for highlighting (automaton queries name no terms to highlight).
pub fn highlight_query(
    manager: &TokenizerManager,
    fields: &Fields,
    units: &[Unit],
) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for word in units.iter().flat_map(|u| u.alternatives.iter().flatten()) {
        for (field, analyzer, _) in schema::text_fields(fields) {
            for stem in schema::tokens(manager, analyzer, word) {
                let term = Term::from_field_text(field, &stem);
                clauses.push((
                    Occur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                ));
            }
        }
    }
    Box::new(BooleanQuery::new(clauses))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manager() -> TokenizerManager {
        let manager = TokenizerManager::default();
        schema::register_analyzers(&manager);
        manager
    }

    #[test]
    fn typo_budgets_follow_meilisearch() {
        assert_eq!(
            (
                typo_budget(4),
                typo_budget(5),
                typo_budget(8),
                typo_budget(9)
            ),
            (0, 1, 1, 2)
        );
    }

    #[test]
    fn synonym_phrases_become_one_unit_stop_words_drop_and_only_a_last_word_is_a_prefix() {
        let units = units(
            &manager(),
            &Synonyms::defaults(),
            "Pagamenti Digitali per negoz",
        );
        assert_eq!(units.len(), 2, "\"per\" is a stop word: {units:?}");
        assert!(units[0].alternatives.contains(&vec!["pos".to_owned()]));
        assert!(!units[0].prefix);
        assert_eq!(units[1].alternatives, [["negoz"]]);
        assert!(units[1].prefix);
        let finished = super::units(&manager(), &Synonyms::defaults(), "negozio ");
        assert!(
            !finished[0].prefix,
            "a trailing space means the word is complete"
        );
    }

    #[test]
    fn a_query_of_stop_words_only_keeps_them_and_a_word_being_typed_is_never_dropped() {
        let only = units(&manager(), &Synonyms::defaults(), "di per ");
        assert_eq!(only.len(), 2);
        let typing = units(&manager(), &Synonyms::defaults(), "corso di");
        assert_eq!(typing.len(), 2);
        assert_eq!(typing[1].alternatives, [["di"]]);
    }

    #[test]
    fn accents_are_folded_and_plurals_share_a_stem() {
        let m = manager();
        assert_eq!(
            schema::tokens(&m, schema::ITALIAN, "perché"),
            schema::tokens(&m, schema::ITALIAN, "perche")
        );
        assert_eq!(
            schema::tokens(&m, schema::ITALIAN, "pagamento"),
            schema::tokens(&m, schema::ITALIAN, "pagamenti")
        );
    }
}

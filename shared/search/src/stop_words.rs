//! Italian words too common to tell offers apart (articles, prepositions and their
//! contractions, conjunctions). A query ignores them unless it has nothing else, so "corso di
//! social" asks for "corso" and "social"; every backend uses this one list.

/// The stop words, lower-case and without accents (as queries are folded).
pub const ITALIAN: &[&str] = &[
    "il", "lo", "la", "i", "gli", "le", "l", "un", "uno", "una", "di", "a", "da", "in", "con",
    "su", "per", "tra", "fra", "e", "ed", "o", "od", "del", "dello", "della", "dei", "degli",
    "delle", "al", "allo", "alla", "ai", "agli", "alle", "dal", "dallo", "dalla", "dai", "dagli",
    "dalle", "nel", "nello", "nella", "nei", "negli", "nelle", "sul", "sullo", "sulla", "sui",
    "sugli", "sulle", "col", "coi", "che", "chi", "cui", "non", "ma", "se", "anche", "come",
];

/// Whether `word` (folded) is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    ITALIAN.contains(&word)
}

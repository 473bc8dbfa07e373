//! The conformance suite every search backend must pass: a fixed set of Italian offers and
//! checks of relevance (typos, plurals, accents, synonyms, prefixes), facet counts against a
//! brute-force count, place semantics, visibility, paging, sorting and durability of the
//! checkpoint. Each check loads the fixtures into a fresh, empty backend.

mod checks;
mod fixtures;
mod reference;

pub use checks::*;
pub use fixtures::{fixtures, load_fixtures};

//! sea-orm entities of the catalogue's tables.

pub mod embed;
pub mod embed_traffic;
pub mod offer;
pub mod offer_facet;
pub mod offer_revision;
pub mod provider;
pub mod saved_search;
pub mod saved_search_hit;

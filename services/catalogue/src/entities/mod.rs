//! sea-orm entities of the catalogue's tables.

pub mod offer;
pub mod offer_facet;
pub mod offer_revision;
pub mod provider;

//! sea-orm entities of the matching service's tables.

pub mod shop_profile;

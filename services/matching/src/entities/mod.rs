//! sea-orm entities of the matching service's tables.

pub mod offer;
pub mod onboarding_request;
pub mod shop_profile;

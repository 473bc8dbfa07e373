//! sea-orm entities of the matching service's tables.

pub mod follow_up;
pub mod offer;
pub mod onboarding_request;
pub mod round;
pub mod round_application;
pub mod round_offer;
pub mod round_result;
pub mod shop_profile;

//! What a round tells each shop: the outcome, and for every offer it preferred to what it
//! got, why it missed it (filled by applicants with higher priority, with the lowest priority
//! admitted there, or left out before computing: no places, unavailable, outside the offer's
//! territory, already requested). Stored as JSON with each published result.

use super::PriorityView;
use super::rules::Ineligible;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// What a shop got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Assigned,
    Unassigned,
    NotEligible,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Assigned => "assigned",
            Self::Unassigned => "unassigned",
            Self::NotEligible => "not_eligible",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Assigned, Self::Unassigned, Self::NotEligible]
            .into_iter()
            .find(|o| o.as_str() == value)
    }
}

/// Why a shop did not get an offer it preferred to what it got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Missed {
    /// Every place went to applicants with higher priority (the lowest admitted is given).
    FilledByHigherPriority,
    /// The offer had no places left when the round was computed.
    NoPlacesLeft,
    /// The offer is no longer published.
    OfferUnavailable,
    /// The offer does not cover the shop's comune (any more).
    OutsideOfferTerritory,
    /// The shop already has an open onboarding request for the offer.
    AlreadyRequested,
}

/// The stored explanation of one shop's result.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Explanation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ineligible: Option<Ineligible>,
    /// One entry for each offer the shop listed before the one it got (all, unassigned).
    pub missed: Vec<MissedChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissedChoice {
    /// Position in the shop's list, from 1.
    pub choice: u32,
    pub offer_id: Uuid,
    pub reason: Missed,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lowest_admitted: Option<PriorityView>,
}

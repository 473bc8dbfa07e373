//! The rules of one round: which shops are eligible (their profile's comune within the
//! round's territories, their sector among its sectors), which offers a shop may get (those
//! covering its comune), and a shop's priority score (the weights of its verified attributes).

use super::input::territory_of;
use crate::allocation::{Priority, lottery_ticket};
use crate::entities::{round, shop_profile};
use connessi_domain::shop::{PriorityAttribute, ShopProfile};
use connessi_domain::territory::Territory;
use connessi_platform::ApiResult;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Why a shop cannot take part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Ineligible {
    /// The shop has no profile (it gives the comune and sector).
    NoProfile,
    /// The shop's comune is outside the round's territories.
    OutsideTerritory,
    /// The shop's sector is not among the round's.
    SectorNotEligible,
}

impl Ineligible {
    pub fn describe(self) -> &'static str {
        match self {
            Self::NoProfile => "the shop has not written its profile (comune and sector)",
            Self::OutsideTerritory => "the shop's comune is outside the round's territories",
            Self::SectorNotEligible => "the shop's sector is not among the round's sectors",
        }
    }

    pub fn describe_it(self) -> &'static str {
        match self {
            Self::NoProfile => "il negozio non ha compilato il profilo (comune e settore)",
            Self::OutsideTerritory => "il comune del negozio è fuori dai territori del bando",
            Self::SectorNotEligible => "il settore del negozio non è tra quelli del bando",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Rules {
    /// `None`: all Italy.
    territory: Option<Territory>,
    sectors: Vec<String>,
    weights: BTreeMap<PriorityAttribute, i32>,
    seed: String,
}

impl Rules {
    pub fn of(round: &round::Model) -> ApiResult<Rules> {
        let codes: Vec<String> = serde_json::from_str(&round.territories)?;
        Ok(Rules {
            territory: (!codes.is_empty()).then(|| territory_of(&codes)),
            sectors: serde_json::from_str(&round.sectors)?,
            weights: serde_json::from_str(&round.priority_weights)?,
            seed: round.seed.clone(),
        })
    }

    /// Whether the shop with this profile may apply.
    pub fn admits(&self, profile: Option<&shop_profile::Model>) -> Result<(), Ineligible> {
        let Some(profile) = profile else {
            return Err(Ineligible::NoProfile);
        };
        if self
            .territory
            .as_ref()
            .is_some_and(|t| !t.covers_comune(&profile.comune))
        {
            return Err(Ineligible::OutsideTerritory);
        }
        if !self.sectors.is_empty() && !self.sectors.contains(&profile.sector) {
            return Err(Ineligible::SectorNotEligible);
        }
        Ok(())
    }

    /// The shop's priority: the weights of the attributes a moderator verified, and its
    /// lottery ticket drawn from the round's seed.
    pub fn priority(&self, profile: &shop_profile::Model) -> Priority {
        let score = if profile.priority_verified {
            serde_json::from_str::<ShopProfile>(&profile.profile)
                .map(|p| {
                    p.priority_attributes
                        .iter()
                        .filter_map(|a| self.weights.get(a))
                        .map(|w| i64::from(*w))
                        .sum()
                })
                .unwrap_or(0)
        } else {
            0
        };
        Priority {
            score,
            lottery: lottery_ticket(&self.seed, profile.shop_id),
        }
    }
}

/// Where an offer is available, from its content (nowhere when the content cannot be read).
pub fn offer_territory(content: &str) -> Territory {
    serde_json::from_str::<connessi_domain::OfferContent>(content)
        .map(|c| c.territory)
        .unwrap_or_default()
}

//! What a moderator sends to open or change a round, checked field by field: every problem is
//! reported at once (`connessi_domain::ValidationErrors`), and the offers are checked against
//! the catalogue (published, enough places left).

use crate::entities::offer;
use crate::places;
use chrono::{DateTime, Utc};
use connessi_domain::shop::PriorityAttribute;
use connessi_domain::territory::{Territory, istat};
use connessi_domain::{ErrorCode, OfferStatus, ValidationErrors, vocab};
use connessi_platform::ApiResult;
use connessi_platform::entities::offer_place;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use utoipa::ToSchema;
use uuid::Uuid;

/// At most this many offers take part in one round.
pub const MAX_OFFERS: usize = 5_000;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoundInput {
    /// 3 to 200 characters, e.g. "Bando Botteghe Digitali 2027".
    pub name: String,
    /// Where eligible shops are: 2-digit ISTAT region codes, province car-plate codes or
    /// 6-character ISTAT comune codes, mixed; empty: all Italy.
    #[serde(default)]
    pub territories: Vec<String>,
    /// Eligible business sectors (codes of the sector vocabulary); empty: every sector.
    #[serde(default)]
    pub sectors: Vec<String>,
    /// The participating published offers with the places each gives the round (1 to 5,000).
    pub offers: Vec<RoundOfferInput>,
    /// Weight (0 to 1,000) of each priority attribute; a shop's score is the sum of the weights
    /// of its attributes a moderator has verified.
    #[serde(default)]
    #[schema(value_type = Object, example = json!({"women_led": 3, "inner_area": 2}))]
    pub priority_weights: BTreeMap<PriorityAttribute, i32>,
    /// The lottery seed breaking ties in priority, published with the round (1 to 100
    /// characters); a random one is drawn when none is given.
    #[serde(default)]
    pub seed: Option<String>,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoundOfferInput {
    pub offer_id: Uuid,
    /// 1 to 100,000, at most the places the offer has left.
    pub places: i32,
}

/// A checked round, normalised.
#[derive(Debug, Clone)]
pub struct CheckedRound {
    pub name: String,
    pub territories: Vec<String>,
    pub sectors: Vec<String>,
    pub offers: Vec<RoundOfferInput>,
    pub priority_weights: BTreeMap<PriorityAttribute, i32>,
    pub seed: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

/// The territory a list of mixed codes names (unknown codes are left out).
pub fn territory_of(codes: &[String]) -> Territory {
    let table = istat();
    let mut territory = Territory::default();
    for code in codes {
        if table.regions.contains_key(code) {
            territory.regions.push(code.clone());
        } else if table.provinces.contains_key(code) {
            territory.provinces.push(code.clone());
        } else if table.comuni.contains_key(code) {
            territory.comuni.push(code.clone());
        }
    }
    territory
}

/// Whether an offer may take part in a round: published and not expired.
pub fn takes_part(offer: &offer::Model, now: DateTime<Utc>) -> bool {
    offer.status == OfferStatus::Published.as_str() && offer.expires_at.is_none_or(|at| at > now)
}

/// An offer a round may give places of, and how many it has left (`None`: no limit).
#[derive(Debug, Clone)]
pub struct Offerable {
    pub offer: offer::Model,
    pub places_left: Option<i32>,
}

/// The offers that may take part in a round now, by title, with the places they have left.
pub async fn offerable(db: &impl ConnectionTrait, now: DateTime<Utc>) -> ApiResult<Vec<Offerable>> {
    let published = offer::Entity::find()
        .filter(offer::Column::Status.eq(OfferStatus::Published.as_str()))
        .order_by_asc(offer::Column::TitleIt)
        .all(db)
        .await?;
    let published: Vec<offer::Model> = published
        .into_iter()
        .filter(|o| takes_part(o, now))
        .collect();
    let mut taken: HashMap<Uuid, i32> = HashMap::new();
    let limited: Vec<Uuid> = published
        .iter()
        .filter(|o| o.capacity.is_some())
        .map(|o| o.id)
        .collect();
    for chunk in limited.chunks(1000) {
        let rows = offer_place::Entity::find()
            .filter(offer_place::Column::OfferId.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        taken.extend(rows.into_iter().map(|p| (p.offer_id, p.taken)));
    }
    let offers = published
        .into_iter()
        .map(|offer| Offerable {
            places_left: offer
                .capacity
                .map(|c| (c - taken.get(&offer.id).copied().unwrap_or(0)).max(0)),
            offer,
        })
        .collect();
    Ok(offers)
}

impl RoundInput {
    /// Checks every field that needs no database.
    fn checked_fields(self, now: DateTime<Utc>, errors: &mut ValidationErrors) -> CheckedRound {
        let name = self.name.trim().to_owned();
        if !(3..=200).contains(&name.chars().count()) {
            errors.add("name", ErrorCode::InvalidLength, "3 to 200 characters");
        }
        let mut territories = Vec::new();
        if self.territories.len() > 500 {
            errors.add("territories", ErrorCode::InvalidLength, "at most 500 codes");
        }
        for (index, code) in self.territories.iter().enumerate() {
            let code = code.trim().to_ascii_uppercase();
            if territory_of(std::slice::from_ref(&code)).is_empty() {
                errors.add(
                    format!("territories[{index}]"),
                    ErrorCode::UnknownTerritory,
                    "not an ISTAT region or comune code, nor a province car-plate code",
                );
            } else if !territories.contains(&code) {
                territories.push(code);
            }
        }
        let max_sectors = vocab::SECTORS.terms.len();
        vocab::SECTORS.check_list(&self.sectors, 0, max_sectors, "sectors", errors);
        if !(1..=MAX_OFFERS).contains(&self.offers.len()) {
            errors.add("offers", ErrorCode::InvalidLength, "1 to 5,000 offers");
        }
        let mut seen = HashSet::new();
        for (index, offer) in self.offers.iter().enumerate() {
            if !seen.insert(offer.offer_id) {
                errors.add(
                    format!("offers[{index}].offer_id"),
                    ErrorCode::InvalidValue,
                    "listed twice",
                );
            }
            if !(1..=100_000).contains(&offer.places) {
                errors.add(
                    format!("offers[{index}].places"),
                    ErrorCode::InvalidValue,
                    "1 to 100,000",
                );
            }
        }
        for (attribute, weight) in &self.priority_weights {
            if !(0..=1000).contains(weight) {
                errors.add(
                    format!("priority_weights.{}", attribute.as_str()),
                    ErrorCode::InvalidValue,
                    "0 to 1,000",
                );
            }
        }
        let seed = match self.seed.as_deref().map(str::trim) {
            None | Some("") => Uuid::new_v4().simple().to_string(),
            Some(seed) => {
                if seed.chars().count() > 100 || seed.chars().any(char::is_control) {
                    errors.add(
                        "seed",
                        ErrorCode::InvalidValue,
                        "1 to 100 printable characters",
                    );
                }
                seed.to_owned()
            }
        };
        if self.closes_at <= self.opens_at {
            errors.add("closes_at", ErrorCode::InvalidValue, "after opens_at");
        } else if self.closes_at <= now {
            errors.add("closes_at", ErrorCode::InvalidValue, "in the future");
        }
        let mut sectors = self.sectors;
        sectors.sort();
        CheckedRound {
            name,
            territories,
            sectors,
            offers: self.offers,
            priority_weights: self.priority_weights,
            seed,
            opens_at: self.opens_at,
            closes_at: self.closes_at,
        }
    }

    /// Checks everything: the fields, then that each offer is published and has the places.
    pub async fn checked(
        self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> ApiResult<CheckedRound> {
        let mut errors = ValidationErrors::default();
        let checked = self.checked_fields(now, &mut errors);
        let ids: Vec<Uuid> = checked.offers.iter().map(|o| o.offer_id).collect();
        let mut found: HashMap<Uuid, offer::Model> = HashMap::new();
        for chunk in ids.chunks(1000) {
            let rows = offer::Entity::find()
                .filter(offer::Column::Id.is_in(chunk.to_vec()))
                .all(db)
                .await?;
            found.extend(rows.into_iter().map(|o| (o.id, o)));
        }
        for (index, wanted) in checked.offers.iter().enumerate() {
            let field = format!("offers[{index}]");
            let Some(offer) = found.get(&wanted.offer_id).filter(|o| takes_part(o, now)) else {
                errors.add(
                    format!("{field}.offer_id"),
                    ErrorCode::InvalidValue,
                    "not a published offer",
                );
                continue;
            };
            if let Some(capacity) = offer.capacity {
                let left = capacity - places::taken(db, offer.id).await?;
                if wanted.places > left {
                    errors.add(
                        format!("{field}.places"),
                        ErrorCode::InvalidValue,
                        format!("the offer has {} places left", left.max(0)),
                    );
                }
            }
        }
        errors.into_result()?;
        Ok(checked)
    }
}

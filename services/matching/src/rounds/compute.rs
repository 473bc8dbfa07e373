//! A round's assignment, computed from what the database holds now: the applications (in shop
//! id order), the shops' profiles (eligibility, verified priority attributes), the offers with
//! the places they have left (a round gives at most those), and the open requests shops
//! already have. Then shop-proposing deferred acceptance, and for every shop what it got and
//! why it did not get each offer it preferred. Deterministic: the same data and seed give the
//! same result, so a dry run shows what publishing will store.

use super::outcome::{Explanation, Missed, MissedChoice, Outcome};
use super::rules::{Rules, offer_territory};
use crate::allocation::{
    Applicant, Instance, Priority, deferred_acceptance, explain, lottery_ticket,
};
use crate::entities::{offer, onboarding_request as request, round, round_application};
use crate::entities::{round_offer, shop_profile};
use chrono::Utc;
use connessi_domain::OfferStatus;
use connessi_domain::onboarding::RequestStatus;
use connessi_platform::ApiResult;
use connessi_platform::entities::offer_place;
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// One participating offer and how the round used it.
#[derive(Debug, Clone)]
pub struct Slot {
    pub offer_id: Uuid,
    /// The catalogue's offer (none if it vanished).
    pub offer: Option<offer::Model>,
    /// Published and not expired.
    pub available: bool,
    /// Places the round gives out: its own, at most those left, none if unavailable.
    pub places_used: i32,
    pub assigned: i32,
    pub lowest: Option<Priority>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopResult {
    pub shop_id: Uuid,
    pub outcome: Outcome,
    /// Index into [`Computed::slots`].
    pub slot: Option<usize>,
    /// Position of the assigned offer in the shop's list, from 1.
    pub choice: Option<u32>,
    pub priority: Priority,
    pub explanation: Explanation,
}

#[derive(Debug, Clone)]
pub struct Computed {
    /// In offer id order.
    pub slots: Vec<Slot>,
    /// In shop id order.
    pub shops: Vec<ShopResult>,
}

/// Ids of the round's offers, as a subquery.
pub(super) fn round_offer_ids(round_id: Uuid) -> SelectStatement {
    Query::select()
        .column(round_offer::Column::OfferId)
        .from(round_offer::Entity)
        .and_where(round_offer::Column::RoundId.eq(round_id))
        .to_owned()
}

/// Ids of the round's applicants, as a subquery.
fn applicant_ids(round_id: Uuid) -> SelectStatement {
    Query::select()
        .column(round_application::Column::ShopId)
        .from(round_application::Entity)
        .and_where(round_application::Column::RoundId.eq(round_id))
        .to_owned()
}

/// The round's slots, in offer id order, with the places each can give out now.
async fn slots(db: &impl ConnectionTrait, round_id: Uuid) -> ApiResult<Vec<Slot>> {
    let mut listed = round_offer::Entity::find()
        .filter(round_offer::Column::RoundId.eq(round_id))
        .all(db)
        .await?;
    listed.sort_by_key(|o| o.offer_id);
    let mut offers: HashMap<Uuid, offer::Model> = offer::Entity::find()
        .filter(offer::Column::Id.in_subquery(round_offer_ids(round_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let taken: HashMap<Uuid, i32> = offer_place::Entity::find()
        .filter(offer_place::Column::OfferId.in_subquery(round_offer_ids(round_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.offer_id, p.taken))
        .collect();
    let now = Utc::now();
    Ok(listed
        .into_iter()
        .map(|listed| {
            let offer = offers.remove(&listed.offer_id);
            let available = offer.as_ref().is_some_and(|o| {
                o.status == OfferStatus::Published.as_str()
                    && o.expires_at.is_none_or(|at| at > now)
            });
            let left = offer.as_ref().and_then(|o| o.capacity).map(|capacity| {
                (capacity - taken.get(&listed.offer_id).copied().unwrap_or(0)).max(0)
            });
            let places_used = if available {
                left.map_or(listed.places, |left| listed.places.min(left))
            } else {
                0
            };
            Slot {
                offer_id: listed.offer_id,
                offer,
                available,
                places_used,
                assigned: 0,
                lowest: None,
            }
        })
        .collect())
}

/// What the round's applicants bring: their lists, profiles and open requests.
struct Applications {
    /// In shop id order.
    rows: Vec<round_application::Model>,
    profiles: HashMap<Uuid, shop_profile::Model>,
    /// (shop, offer) pairs with an open onboarding request.
    requested: HashSet<(Uuid, Uuid)>,
}

async fn applications(db: &impl ConnectionTrait, round_id: Uuid) -> ApiResult<Applications> {
    let mut rows = round_application::Entity::find()
        .filter(round_application::Column::RoundId.eq(round_id))
        .all(db)
        .await?;
    rows.sort_by_key(|a| a.shop_id);
    let profiles = shop_profile::Entity::find()
        .filter(shop_profile::Column::ShopId.in_subquery(applicant_ids(round_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.shop_id, p))
        .collect();
    let open: Vec<&str> = RequestStatus::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .map(|s| s.as_str())
        .collect();
    let requested = request::Entity::find()
        .select_only()
        .columns([request::Column::ShopId, request::Column::OfferId])
        .filter(request::Column::Status.is_in(open))
        .filter(request::Column::OfferId.in_subquery(round_offer_ids(round_id)))
        .filter(request::Column::ShopId.in_subquery(applicant_ids(round_id)))
        .into_tuple::<(Uuid, Uuid)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(Applications {
        rows,
        profiles,
        requested,
    })
}

/// One eligible shop's list as the instance sees it.
struct Listed {
    /// Index into the results.
    result: usize,
    choices: Vec<Uuid>,
    /// Per choice: its slot, or why it was left out before computing.
    entries: Vec<Result<usize, Missed>>,
    /// Positions in `choices` of the entries kept in the instance.
    kept: Vec<usize>,
}

/// The instance to assign, the results with every shop's priority (ineligible shops settled
/// already) and the lists of the eligible ones.
fn instance(
    round: &round::Model,
    rules: &Rules,
    slots: &[Slot],
    apps: &Applications,
) -> ApiResult<(Instance, Vec<ShopResult>, Vec<Listed>)> {
    let index_of: HashMap<Uuid, usize> = slots
        .iter()
        .enumerate()
        .map(|(i, s)| (s.offer_id, i))
        .collect();
    let territories: Vec<_> = slots
        .iter()
        .map(|s| s.offer.as_ref().map(|o| offer_territory(&o.content)))
        .collect();
    let mut instance = Instance {
        places: slots.iter().map(|s| s.places_used.max(0) as u32).collect(),
        applicants: Vec::with_capacity(apps.rows.len()),
    };
    let mut results = Vec::with_capacity(apps.rows.len());
    let mut lists = Vec::with_capacity(apps.rows.len());
    for application in &apps.rows {
        let shop_id = application.shop_id;
        let profile = apps.profiles.get(&shop_id);
        let mut result = ShopResult {
            shop_id,
            outcome: Outcome::Unassigned,
            slot: None,
            choice: None,
            priority: profile.map_or(
                Priority {
                    score: 0,
                    lottery: lottery_ticket(&round.seed, shop_id),
                },
                |p| rules.priority(p),
            ),
            explanation: Explanation::default(),
        };
        let comune = match rules.admits(profile) {
            Ok(()) => profile.map(|p| p.comune.as_str()).unwrap_or_default(),
            Err(why) => {
                result.outcome = Outcome::NotEligible;
                result.explanation.ineligible = Some(why);
                results.push(result);
                continue;
            }
        };
        let choices: Vec<Uuid> = serde_json::from_str(&application.choices)?;
        let entries: Vec<Result<usize, Missed>> = choices
            .iter()
            .map(|offer_id| {
                let slot = *index_of.get(offer_id).ok_or(Missed::OfferUnavailable)?;
                match &territories[slot] {
                    _ if !slots[slot].available => Err(Missed::OfferUnavailable),
                    Some(t) if !t.covers_comune(comune) => Err(Missed::OutsideOfferTerritory),
                    _ if apps.requested.contains(&(shop_id, *offer_id)) => {
                        Err(Missed::AlreadyRequested)
                    }
                    _ => Ok(slot),
                }
            })
            .collect();
        let kept: Vec<usize> = (0..entries.len()).filter(|i| entries[*i].is_ok()).collect();
        instance.applicants.push(Applicant {
            choices: entries.iter().flatten().map(|slot| *slot as u32).collect(),
            priority: result.priority,
        });
        lists.push(Listed {
            result: results.len(),
            choices,
            entries,
            kept,
        });
        results.push(result);
    }
    Ok((instance, results, lists))
}

/// Computes the round's assignment from the database as it is now.
pub async fn compute(db: &impl ConnectionTrait, round: &round::Model) -> ApiResult<Computed> {
    let rules = Rules::of(round)?;
    let mut slots = slots(db, round.id).await?;
    let apps = applications(db, round.id).await?;
    let (instance, mut shops, lists) = instance(round, &rules, &slots, &apps)?;
    let assignment = deferred_acceptance(&instance);
    let outcomes = explain(&instance, &assignment);
    for (listed, outcome) in lists.into_iter().zip(outcomes) {
        let result = &mut shops[listed.result];
        let got = outcome
            .assigned
            .map(|(slot, kept)| (slot as usize, listed.kept[kept]));
        if let Some((slot, position)) = got {
            result.outcome = Outcome::Assigned;
            result.slot = Some(slot);
            result.choice = Some(position as u32 + 1);
            let s = &mut slots[slot];
            s.assigned += 1;
            s.lowest = Some(s.lowest.map_or(result.priority, |l| l.min(result.priority)));
        }
        let cutoffs: HashMap<usize, Priority> = outcome
            .filled_before
            .iter()
            .map(|(o, p)| (*o as usize, *p))
            .collect();
        let preferred = got.map_or(listed.entries.len(), |(_, position)| position);
        result.explanation.missed = (0..preferred)
            .map(|position| {
                let (reason, lowest) = match listed.entries[position] {
                    Err(why) => (why, None),
                    Ok(slot) => match cutoffs.get(&slot) {
                        Some(lowest) => (Missed::FilledByHigherPriority, Some((*lowest).into())),
                        None => (Missed::NoPlacesLeft, None),
                    },
                };
                MissedChoice {
                    choice: position as u32 + 1,
                    offer_id: listed.choices[position],
                    reason,
                    lowest_admitted: lowest,
                }
            })
            .collect();
    }
    Ok(Computed { slots, shops })
}

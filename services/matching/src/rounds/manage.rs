//! Opening a round, changing it before its window opens, and reading rounds: moderators see
//! every round, the public those whose window has opened. Nothing shown here names a shop.

use super::input::{CheckedRound, RoundInput};
use super::{PriorityView, RoundStatus, find, find_for_update, parse_ticket};
use crate::entities::{offer, round, round_application, round_offer};
use chrono::{DateTime, Utc};
use connessi_domain::events::EventKind;
use connessi_domain::shop::PriorityAttribute;
use connessi_domain::{Actor, ErrorCode};
use connessi_platform::audit::{self, AuditEntry};
use connessi_platform::{ApiError, ApiResult, outbox};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoundView {
    pub id: Uuid,
    pub name: String,
    pub status: RoundStatus,
    /// Eligible territory codes; empty: all Italy.
    pub territories: Vec<String>,
    /// Eligible sectors; empty: every sector.
    pub sectors: Vec<String>,
    #[schema(value_type = Object)]
    pub priority_weights: BTreeMap<PriorityAttribute, i32>,
    /// The lottery seed: with it anyone can recompute every shop's ticket.
    pub seed: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    /// How many shops applied.
    pub applications: u64,
    pub offers: Vec<RoundOfferView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoundOfferView {
    pub offer_id: Uuid,
    pub title: String,
    pub provider_id: Option<Uuid>,
    /// Places the round gives out for this offer.
    pub places: i32,
    /// Once published: the places given out (at most those the offer had left then)…
    pub places_used: Option<i32>,
    /// …the shops assigned…
    pub assigned: Option<i32>,
    /// …and the lowest priority admitted (none when nobody was).
    pub lowest_admitted: Option<PriorityView>,
}

/// The round as moderators and the public see it.
pub async fn view(db: &impl ConnectionTrait, row: round::Model) -> ApiResult<RoundView> {
    let offers = round_offer::Entity::find()
        .filter(round_offer::Column::RoundId.eq(row.id))
        .order_by_asc(round_offer::Column::Position)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = offers.iter().map(|o| o.offer_id).collect();
    let mut catalogue: HashMap<Uuid, offer::Model> = HashMap::new();
    for chunk in ids.chunks(1000) {
        let rows = offer::Entity::find()
            .filter(offer::Column::Id.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        catalogue.extend(rows.into_iter().map(|o| (o.id, o)));
    }
    let applications = round_application::Entity::find()
        .filter(round_application::Column::RoundId.eq(row.id))
        .count(db)
        .await?;
    let offers = offers
        .into_iter()
        .map(|o| {
            let known = catalogue.get(&o.offer_id);
            RoundOfferView {
                offer_id: o.offer_id,
                title: known.map(|k| k.title_it.clone()).unwrap_or_default(),
                provider_id: known.map(|k| k.provider_id),
                places: o.places,
                places_used: o.places_used,
                assigned: o.assigned,
                lowest_admitted: o
                    .lowest_score
                    .zip(o.lowest_lottery.as_deref().and_then(parse_ticket))
                    .map(|(score, lottery)| PriorityView { score, lottery }),
            }
        })
        .collect();
    Ok(RoundView {
        status: RoundStatus::of(&row, Utc::now()),
        territories: serde_json::from_str(&row.territories)?,
        sectors: serde_json::from_str(&row.sectors)?,
        priority_weights: serde_json::from_str(&row.priority_weights)?,
        id: row.id,
        name: row.name,
        seed: row.seed,
        opens_at: row.opens_at,
        closes_at: row.closes_at,
        published_at: row.published_at,
        applications,
        offers,
    })
}

/// Every round, newest first (moderators), or those whose window has opened (`public`).
pub async fn list(db: &impl ConnectionTrait, public: bool) -> ApiResult<Vec<RoundView>> {
    let mut select = round::Entity::find().order_by_desc(round::Column::OpensAt);
    if public {
        select = select.filter(round::Column::OpensAt.lte(Utc::now()));
    }
    let mut views = Vec::new();
    for row in select.all(db).await? {
        views.push(view(db, row).await?);
    }
    Ok(views)
}

/// A round the public may see: its window has opened.
pub async fn public(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<RoundView> {
    let row = find(db, id).await?;
    if RoundStatus::of(&row, Utc::now()) == RoundStatus::Scheduled {
        return Err(ApiError::not_found("allocation round"));
    }
    view(db, row).await
}

/// Writes the round's participating offers, replacing those it had.
async fn write_offers(
    db: &impl ConnectionTrait,
    round_id: Uuid,
    checked: &CheckedRound,
) -> ApiResult<()> {
    round_offer::Entity::delete_many()
        .filter(round_offer::Column::RoundId.eq(round_id))
        .exec(db)
        .await?;
    let rows: Vec<round_offer::ActiveModel> = checked
        .offers
        .iter()
        .enumerate()
        .map(|(position, o)| round_offer::ActiveModel {
            round_id: Set(round_id),
            offer_id: Set(o.offer_id),
            position: Set(position as i32),
            places: Set(o.places),
            places_used: Set(None),
            assigned: Set(None),
            lowest_score: Set(None),
            lowest_lottery: Set(None),
        })
        .collect();
    super::batch::insert(db, rows).await
}

async fn trail(
    db: &impl ConnectionTrait,
    actor: &Actor,
    row: &round::Model,
    action: &str,
    kind: EventKind,
) -> ApiResult<()> {
    let entry = AuditEntry {
        action: action.to_owned(),
        entity_kind: "allocation_round",
        entity_id: row.id,
        to_status: Some(RoundStatus::of(row, Utc::now()).as_str().to_owned()),
        details: Some(serde_json::json!({ "name": row.name, "seed": row.seed })),
        ..Default::default()
    };
    audit::record(db, actor, entry).await?;
    outbox::publish(db, kind, row.id, serde_json::json!({ "name": row.name })).await
}

/// Opens a round (its window may start now or later); call inside a transaction.
pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: RoundInput,
) -> ApiResult<RoundView> {
    let user = actor.require_moderator()?;
    let now = Utc::now();
    let checked = input.checked(db, now).await?;
    let row = round::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(checked.name.clone()),
        territories: Set(serde_json::to_string(&checked.territories)?),
        sectors: Set(serde_json::to_string(&checked.sectors)?),
        priority_weights: Set(serde_json::to_string(&checked.priority_weights)?),
        seed: Set(checked.seed.clone()),
        opens_at: Set(checked.opens_at),
        closes_at: Set(checked.closes_at),
        created_by: Set(user.id.0),
        created_at: Set(now),
        updated_at: Set(now),
        published_at: Set(None),
        published_by: Set(None),
    }
    .insert(db)
    .await?;
    write_offers(db, row.id, &checked).await?;
    trail(db, actor, &row, "round.created", EventKind::RoundCreated).await?;
    view(db, row).await
}

/// Changes a round whose window has not opened yet (409 `round_already_open` after).
pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    input: RoundInput,
) -> ApiResult<RoundView> {
    actor.require_moderator()?;
    let now = Utc::now();
    let row = find_for_update(db, id).await?;
    if RoundStatus::of(&row, now) != RoundStatus::Scheduled {
        return Err(ApiError::new(
            ErrorCode::RoundAlreadyOpen,
            "the round's window has opened: it can no longer be changed",
        ));
    }
    // Without a new seed the round keeps the one it has.
    let input = RoundInput {
        seed: input.seed.or_else(|| Some(row.seed.clone())),
        ..input
    };
    let checked = input.checked(db, now).await?;
    let mut active: round::ActiveModel = row.into();
    active.name = Set(checked.name.clone());
    active.territories = Set(serde_json::to_string(&checked.territories)?);
    active.sectors = Set(serde_json::to_string(&checked.sectors)?);
    active.priority_weights = Set(serde_json::to_string(&checked.priority_weights)?);
    active.seed = Set(checked.seed.clone());
    active.opens_at = Set(checked.opens_at);
    active.closes_at = Set(checked.closes_at);
    active.updated_at = Set(now);
    let row = active.update(db).await?;
    write_offers(db, row.id, &checked).await?;
    trail(db, actor, &row, "round.updated", EventKind::RoundUpdated).await?;
    view(db, row).await
}

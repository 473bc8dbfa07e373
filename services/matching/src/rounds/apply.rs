//! Shops' applications: while the round's window is open, an eligible shop lists 1 to 5
//! distinct participating offers that cover its comune, best first; it may change or withdraw
//! the list until the window closes. Every change is audited and sent to the outbox.

use super::rules::{Rules, offer_territory};
use super::{MAX_CHOICES, RoundStatus, find};
use crate::entities::{offer, round, round_application as application, round_offer, shop_profile};
use chrono::{DateTime, Utc};
use connessi_domain::events::EventKind;
use connessi_domain::{Actor, ErrorCode, ValidationErrors};
use connessi_platform::audit::{self, AuditEntry};
use connessi_platform::{ApiError, ApiResult, outbox};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QuerySelect, sea_query::OnConflict,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationInput {
    /// 1 to 5 distinct offers of the round, best first.
    pub choices: Vec<Uuid>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApplicationView {
    pub round_id: Uuid,
    pub shop_id: Uuid,
    pub choices: Vec<ChoiceView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChoiceView {
    /// Position in the shop's list, from 1.
    pub choice: u32,
    pub offer_id: Uuid,
    pub title: String,
}

/// The round, with a shared lock on PostgreSQL: applications go on side by side, but not
/// while the round is being published (which locks it exclusively).
async fn open_round(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<round::Model> {
    let mut query = round::Entity::find_by_id(id);
    if db.get_database_backend() == DbBackend::Postgres {
        query = query.lock_shared();
    }
    let round = query
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("allocation round"))?;
    let now = Utc::now();
    match RoundStatus::of(&round, now) {
        RoundStatus::Open => Ok(round),
        RoundStatus::Scheduled => Err(ApiError::new(
            ErrorCode::RoundNotOpen,
            format!("the round takes applications from {}", round.opens_at),
        )),
        _ => Err(ApiError::new(
            ErrorCode::RoundNotOpen,
            format!(
                "the round stopped taking applications at {}",
                round.closes_at
            ),
        )),
    }
}

/// Checks the list against the round's offers and the shop's comune.
async fn check_choices(
    db: &impl ConnectionTrait,
    round_id: Uuid,
    comune: &str,
    choices: &[Uuid],
) -> ApiResult<()> {
    let mut errors = ValidationErrors::default();
    if choices.is_empty() {
        errors.add("choices", ErrorCode::Required, "choose 1 to 5 offers");
    } else if choices.len() > MAX_CHOICES {
        errors.add(
            "choices",
            ErrorCode::TooManyChoices,
            format!(
                "at most {MAX_CHOICES} offers; {} were chosen",
                choices.len()
            ),
        );
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let participating = round_offer::Entity::find()
        .filter(round_offer::Column::RoundId.eq(round_id))
        .filter(round_offer::Column::OfferId.is_in(choices.to_vec()))
        .select_only()
        .column(round_offer::Column::OfferId)
        .into_tuple::<Uuid>()
        .all(db)
        .await?;
    let offers: HashMap<Uuid, offer::Model> = offer::Entity::find()
        .filter(offer::Column::Id.is_in(participating))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    for (index, id) in choices.iter().enumerate() {
        let field = format!("choices[{index}]");
        if choices[..index].contains(id) {
            errors.add(field, ErrorCode::InvalidValue, "listed twice");
        } else if let Some(offer) = offers.get(id) {
            if !offer_territory(&offer.content).covers_comune(comune) {
                errors.add(
                    field,
                    ErrorCode::NotEligible,
                    "the offer does not cover the shop's comune",
                );
            }
        } else {
            errors.add(field, ErrorCode::InvalidValue, "not an offer of this round");
        }
    }
    errors.into_result()?;
    Ok(())
}

async fn view(db: &impl ConnectionTrait, row: application::Model) -> ApiResult<ApplicationView> {
    let ids: Vec<Uuid> = serde_json::from_str(&row.choices)?;
    let titles: HashMap<Uuid, String> = offer::Entity::find()
        .filter(offer::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.title_it))
        .collect();
    let choices = ids
        .iter()
        .enumerate()
        .map(|(index, id)| ChoiceView {
            choice: index as u32 + 1,
            offer_id: *id,
            title: titles.get(id).cloned().unwrap_or_default(),
        })
        .collect();
    Ok(ApplicationView {
        round_id: row.round_id,
        shop_id: row.shop_id,
        choices,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

async fn existing(
    db: &impl ConnectionTrait,
    round_id: Uuid,
    shop_id: Uuid,
) -> ApiResult<Option<application::Model>> {
    Ok(application::Entity::find_by_id((round_id, shop_id))
        .one(db)
        .await?)
}

/// The shop's application, or 404.
pub async fn get(
    db: &impl ConnectionTrait,
    round_id: Uuid,
    shop_id: Uuid,
) -> ApiResult<ApplicationView> {
    find(db, round_id).await?;
    let row = existing(db, round_id, shop_id)
        .await?
        .ok_or_else(|| ApiError::not_found("application of this shop"))?;
    view(db, row).await
}

async fn trail(
    db: &impl ConnectionTrait,
    actor: &Actor,
    round_id: Uuid,
    shop_id: Uuid,
    action: &str,
    choices: Option<&[Uuid]>,
) -> ApiResult<()> {
    let entry = AuditEntry {
        action: action.to_owned(),
        entity_kind: "shop",
        entity_id: shop_id,
        details: Some(serde_json::json!({ "round_id": round_id, "choices": choices })),
        ..Default::default()
    };
    audit::record(db, actor, entry).await?;
    let kind = if choices.is_some() {
        EventKind::RoundApplicationSaved
    } else {
        EventKind::RoundApplicationWithdrawn
    };
    outbox::publish(
        db,
        kind,
        round_id,
        serde_json::json!({ "shop_id": shop_id }),
    )
    .await
}

/// Writes the shop's application (`true` when it is its first); call inside a transaction.
pub async fn save(
    db: &impl ConnectionTrait,
    actor: &Actor,
    round_id: Uuid,
    shop_id: Uuid,
    input: ApplicationInput,
) -> ApiResult<(ApplicationView, bool)> {
    let user = actor.user()?;
    let round = open_round(db, round_id).await?;
    let profile = shop_profile::Entity::find_by_id(shop_id).one(db).await?;
    let Some(profile) = profile else {
        return Err(ApiError::new(
            ErrorCode::ShopProfileRequired,
            "write the shop's profile first: its comune and sector decide eligibility",
        ));
    };
    if let Err(why) = Rules::of(&round)?.admits(Some(&profile)) {
        return Err(ApiError::new(ErrorCode::NotEligible, why.describe()));
    }
    check_choices(db, round_id, &profile.comune, &input.choices).await?;
    let before = existing(db, round_id, shop_id).await?;
    let now = Utc::now();
    let row = application::ActiveModel {
        round_id: Set(round_id),
        shop_id: Set(shop_id),
        choices: Set(serde_json::to_string(&input.choices)?),
        submitted_by: Set(user.id.0),
        created_at: Set(before.as_ref().map_or(now, |b| b.created_at)),
        updated_at: Set(now),
    };
    application::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([application::Column::RoundId, application::Column::ShopId])
                .update_columns([
                    application::Column::Choices,
                    application::Column::SubmittedBy,
                    application::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    let action = if before.is_some() {
        "round.application_changed"
    } else {
        "round.applied"
    };
    trail(db, actor, round_id, shop_id, action, Some(&input.choices)).await?;
    let saved = existing(db, round_id, shop_id)
        .await?
        .ok_or_else(|| ApiError::internal("application just saved is missing"))?;
    Ok((view(db, saved).await?, before.is_none()))
}

/// Withdraws the shop's application while the window is open; call inside a transaction.
pub async fn withdraw(
    db: &impl ConnectionTrait,
    actor: &Actor,
    round_id: Uuid,
    shop_id: Uuid,
) -> ApiResult<()> {
    actor.user()?;
    open_round(db, round_id).await?;
    let deleted = application::Entity::delete_by_id((round_id, shop_id))
        .exec(db)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(ApiError::not_found("application of this shop"));
    }
    trail(
        db,
        actor,
        round_id,
        shop_id,
        "round.application_withdrawn",
        None,
    )
    .await
}

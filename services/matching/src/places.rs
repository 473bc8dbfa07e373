//! The places of an offer. Taking one is a single conditional update (`taken < capacity`), so
//! of any number of concurrent accepts on the last place exactly one succeeds: PostgreSQL
//! re-checks the condition on the row after waiting for its lock, SQLite writes one at a time.

use chrono::Utc;
use connessi_domain::events::EventKind;
use connessi_platform::entities::offer_place;
use connessi_platform::{ApiResult, outbox};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Takes one place of `offer` (capacity `None`: unlimited); `false` when every place is taken.
pub async fn take(
    db: &impl ConnectionTrait,
    offer: Uuid,
    capacity: Option<i32>,
) -> ApiResult<bool> {
    offer_place::Entity::insert(offer_place::ActiveModel {
        offer_id: Set(offer),
        taken: Set(0),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::column(offer_place::Column::OfferId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    let mut update = offer_place::Entity::update_many()
        .col_expr(
            offer_place::Column::Taken,
            Expr::col(offer_place::Column::Taken).add(1),
        )
        .col_expr(offer_place::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(offer_place::Column::OfferId.eq(offer));
    if let Some(capacity) = capacity {
        update = update.filter(offer_place::Column::Taken.lt(capacity));
    }
    let taken = update.exec(db).await?.rows_affected == 1;
    if taken {
        changed(db, offer).await?;
    }
    Ok(taken)
}

/// Takes `count` places of `offer` at once (an allocation round's assignments), with the same
/// single conditional update as [`take`]: all of them or, when fewer are left, none (`false`).
/// The offer's row of places must exist already (the round writes the missing ones first).
pub async fn take_several(
    db: &impl ConnectionTrait,
    offer: Uuid,
    count: i32,
    capacity: Option<i32>,
) -> ApiResult<bool> {
    if count <= 0 {
        return Ok(true);
    }
    let mut update = offer_place::Entity::update_many()
        .col_expr(
            offer_place::Column::Taken,
            Expr::col(offer_place::Column::Taken).add(count),
        )
        .col_expr(offer_place::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(offer_place::Column::OfferId.eq(offer));
    if let Some(capacity) = capacity {
        update = update.filter(offer_place::Column::Taken.lte(capacity - count));
    }
    let taken = update.exec(db).await?.rows_affected == 1;
    if taken {
        changed(db, offer).await?;
    }
    Ok(taken)
}

/// Gives one place of `offer` back.
pub async fn give_back(db: &impl ConnectionTrait, offer: Uuid) -> ApiResult<()> {
    offer_place::Entity::update_many()
        .col_expr(
            offer_place::Column::Taken,
            Expr::col(offer_place::Column::Taken).sub(1),
        )
        .col_expr(offer_place::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(offer_place::Column::OfferId.eq(offer))
        .filter(offer_place::Column::Taken.gt(0))
        .exec(db)
        .await?;
    changed(db, offer).await
}

/// Places taken of `offer`.
pub async fn taken(db: &impl ConnectionTrait, offer: Uuid) -> ApiResult<i32> {
    Ok(offer_place::Entity::find_by_id(offer)
        .one(db)
        .await?
        .map_or(0, |p| p.taken))
}

/// The search index shows places left: tell it.
async fn changed(db: &impl ConnectionTrait, offer: Uuid) -> ApiResult<()> {
    outbox::publish(
        db,
        EventKind::OfferPlacesChanged,
        offer,
        serde_json::json!({}),
    )
    .await
}

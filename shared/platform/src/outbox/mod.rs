//! Writes domain events to the outbox, in the caller's transaction, so an event exists if and
//! only if the change it describes was committed.

pub mod cursor;

use crate::entities::outbox;
use crate::problem::ApiResult;
use chrono::Utc;
use connessi_domain::events::EventKind;
use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// Appends one event about `aggregate_id`.
pub async fn publish(
    db: &impl ConnectionTrait,
    kind: EventKind,
    aggregate_id: Uuid,
    payload: serde_json::Value,
) -> ApiResult<()> {
    outbox::Entity::insert(outbox::ActiveModel {
        id: NotSet,
        occurred_at: Set(Utc::now()),
        kind: Set(kind.as_str().to_owned()),
        aggregate: Set(kind.aggregate().to_owned()),
        aggregate_id: Set(aggregate_id),
        payload: Set(payload.to_string()),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The events a reader at `cursor` has not applied: those after it, and those of (up to
/// `gaps` of) its open gaps.
pub fn unapplied_filter(cursor: &cursor::OutboxCursor, gaps: usize) -> Condition {
    let mut wanted = Condition::any().add(outbox::Column::Id.gt(cursor.applied_through()));
    let gaps = cursor.open_gaps(gaps);
    if !gaps.is_empty() {
        wanted = wanted.add(outbox::Column::Id.is_in(gaps));
    }
    wanted
}

/// Up to `limit` events a reader at `cursor` has not applied, oldest first: those after it,
/// and those of its open gaps that have committed since.
pub async fn unapplied(
    db: &impl ConnectionTrait,
    cursor: &cursor::OutboxCursor,
    limit: u64,
) -> Result<Vec<outbox::Model>, sea_orm::DbErr> {
    outbox::Entity::find()
        .filter(unapplied_filter(cursor, limit as usize))
        .order_by_asc(outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// The highest outbox id (0 for an empty outbox).
pub async fn head(db: &impl ConnectionTrait) -> Result<i64, sea_orm::DbErr> {
    let head: Option<Option<i64>> = outbox::Entity::find()
        .select_only()
        .column_as(outbox::Column::Id.max(), "head")
        .into_tuple()
        .one(db)
        .await?;
    Ok(head.flatten().unwrap_or(0))
}

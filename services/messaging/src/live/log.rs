//! The live event log in the database: appending a user's events under the lock of the user's
//! sequence row (so numbers become visible in order), reading a user's events after a number,
//! and pruning what is older than the retention period.

use super::LiveEvent;
use crate::entities::{live_event, live_stream};
use chrono::{DateTime, Utc};
use connessi_platform::ApiResult;
use sea_orm::sea_query::{Condition, Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::sync::Arc;
use uuid::Uuid;

/// Writes one event of `kind` for each of `recipients`; call inside the transaction of the
/// change it describes. On PostgreSQL the other instances are told at commit.
pub async fn append(
    db: &impl ConnectionTrait,
    recipients: &[Uuid],
    kind: &str,
    payload: &serde_json::Value,
) -> ApiResult<Vec<LiveEvent>> {
    let mut users = recipients.to_vec();
    // One order for every writer, so two transactions never wait on each other's rows.
    users.sort_unstable();
    users.dedup();
    let payload: Arc<str> = payload.to_string().into();
    let created_at = Utc::now();
    let mut events = Vec::with_capacity(users.len());
    for user_id in users {
        events.push(LiveEvent {
            user_id,
            seq: next_seq(db, user_id).await?,
            kind: kind.to_owned(),
            payload: payload.clone(),
            created_at,
        });
    }
    if events.is_empty() {
        return Ok(events);
    }
    live_event::Entity::insert_many(events.iter().map(|event| live_event::ActiveModel {
        user_id: Set(event.user_id),
        seq: Set(event.seq),
        kind: Set(event.kind.clone()),
        payload: Set(event.payload.to_string()),
        created_at: Set(event.created_at),
    }))
    .exec_without_returning(db)
    .await?;
    if db.get_database_backend() == DbBackend::Postgres {
        super::relay::notify(db, &events).await?;
    }
    Ok(events)
}

/// The user's next number, taken with their sequence row locked until the commit.
async fn next_seq(db: &impl ConnectionTrait, user_id: Uuid) -> ApiResult<i64> {
    let bump = Expr::col((live_stream::Entity, live_stream::Column::LastSeq)).add(1);
    let row = live_stream::Entity::insert(live_stream::ActiveModel {
        user_id: Set(user_id),
        last_seq: Set(1),
    })
    .on_conflict(
        OnConflict::column(live_stream::Column::UserId)
            .value(live_stream::Column::LastSeq, bump)
            .to_owned(),
    )
    .exec_with_returning(db)
    .await?;
    Ok(row.last_seq)
}

/// The number of the user's last event (0 before the first).
pub async fn head(db: &impl ConnectionTrait, user_id: Uuid) -> ApiResult<i64> {
    Ok(live_stream::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .map_or(0, |row| row.last_seq))
}

/// Up to `limit` of the user's events numbered after `after`, in order.
pub async fn since(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    after: i64,
    limit: u64,
) -> ApiResult<Vec<LiveEvent>> {
    let rows = live_event::Entity::find()
        .filter(live_event::Column::UserId.eq(user_id))
        .filter(live_event::Column::Seq.gt(after))
        .order_by_asc(live_event::Column::Seq)
        .limit(limit)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(LiveEvent::from).collect())
}

/// The events named by (user, number), as the relay receives them from other instances.
pub async fn by_keys(db: &impl ConnectionTrait, keys: &[(Uuid, i64)]) -> ApiResult<Vec<LiveEvent>> {
    let mut events = Vec::with_capacity(keys.len());
    for chunk in keys.chunks(200) {
        let mut any = Condition::any();
        for (user_id, seq) in chunk {
            any = any.add(
                Condition::all()
                    .add(live_event::Column::UserId.eq(*user_id))
                    .add(live_event::Column::Seq.eq(*seq)),
            );
        }
        let rows = live_event::Entity::find().filter(any).all(db).await?;
        events.extend(rows.into_iter().map(LiveEvent::from));
    }
    events.sort_by_key(|event| (event.user_id, event.seq));
    Ok(events)
}

/// Deletes events written before `before`; a user's sequence row stays, so numbers never
/// restart. Returns how many were deleted.
pub async fn prune(db: &impl ConnectionTrait, before: DateTime<Utc>) -> ApiResult<u64> {
    let deleted = live_event::Entity::delete_many()
        .filter(live_event::Column::CreatedAt.lt(before))
        .exec(db)
        .await?;
    Ok(deleted.rows_affected)
}

//! Writes domain events to the outbox, in the caller's transaction, so an event exists if and
//! only if the change it describes was committed.

use crate::entities::outbox;
use crate::problem::ApiResult;
use chrono::Utc;
use connessi_domain::events::EventKind;
use sea_orm::{ActiveValue::NotSet, ActiveValue::Set, ConnectionTrait, EntityTrait};
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

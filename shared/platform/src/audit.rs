//! Appends to the audit log: every change of state and every moderator action, with who,
//! when, from, to and why. The application only ever inserts into this table.

use crate::entities::audit_log;
use crate::problem::ApiResult;
use chrono::Utc;
use connessi_domain::Actor;
use sea_orm::{ActiveValue::NotSet, ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

/// One thing that happened, to be written in the same transaction as the change itself.
#[derive(Debug, Clone, Default)]
pub struct AuditEntry {
    pub action: String,
    pub entity_kind: &'static str,
    pub entity_id: Uuid,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub reason: Option<String>,
    pub details: Option<serde_json::Value>,
}

/// Writes `entry` as done by `actor`, now.
pub async fn record(db: &impl ConnectionTrait, actor: &Actor, entry: AuditEntry) -> ApiResult<()> {
    let (actor_kind, actor_id, actor_label) = actor.audit_identity();
    audit_log::Entity::insert(audit_log::ActiveModel {
        id: NotSet,
        at: Set(Utc::now()),
        actor_kind: Set(actor_kind.to_owned()),
        actor_id: Set(actor_id.map(|id| id.0)),
        actor_label: Set(actor_label),
        action: Set(entry.action),
        entity_kind: Set(entry.entity_kind.to_owned()),
        entity_id: Set(entry.entity_id),
        from_status: Set(entry.from_status),
        to_status: Set(entry.to_status),
        reason: Set(entry.reason),
        details: Set(entry.details.map(|d| d.to_string())),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

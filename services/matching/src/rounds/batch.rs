//! Multi-row inserts for the tens of thousands of rows a published round writes (results,
//! onboarding requests, their audit entries and outbox events): at most
//! [`ROWS_PER_STATEMENT`] rows a statement, inside the caller's transaction, instead of one
//! statement per row. The audit and outbox rows are the ones `connessi_platform::audit::record`
//! and `connessi_platform::outbox::publish` write one at a time.

use chrono::{DateTime, Utc};
use connessi_domain::Actor;
use connessi_domain::events::EventKind;
use connessi_platform::ApiResult;
use connessi_platform::audit::AuditEntry;
use connessi_platform::entities::{audit_log, outbox};
use sea_orm::{ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ConnectionTrait};
use sea_orm::{EntityTrait, Iterable};
use uuid::Uuid;

/// Rows per INSERT: well under the bind-parameter limits of SQLite (32,766) and PostgreSQL
/// (65,535) for the widest table written (about 20 columns).
pub const ROWS_PER_STATEMENT: usize = 1000;

/// Inserts every row, [`ROWS_PER_STATEMENT`] at a time.
pub async fn insert<A>(db: &impl ConnectionTrait, rows: Vec<A>) -> ApiResult<()>
where
    A: ActiveModelTrait + Send,
    <A::Entity as EntityTrait>::Column: Iterable,
{
    let per_statement = ROWS_PER_STATEMENT;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(per_statement).collect();
        A::Entity::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// An audit-log row for `entry`, done by `actor` at `at`.
pub fn audit_row(actor: &Actor, entry: AuditEntry, at: DateTime<Utc>) -> audit_log::ActiveModel {
    let (actor_kind, actor_id, actor_label) = actor.audit_identity();
    audit_log::ActiveModel {
        id: NotSet,
        at: Set(at),
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
    }
}

/// An outbox row: one event of `kind` about `aggregate_id`, at `at`.
pub fn event_row(
    kind: EventKind,
    aggregate_id: Uuid,
    payload: serde_json::Value,
    at: DateTime<Utc>,
) -> outbox::ActiveModel {
    outbox::ActiveModel {
        id: NotSet,
        occurred_at: Set(at),
        kind: Set(kind.as_str().to_owned()),
        aggregate: Set(kind.aggregate().to_owned()),
        aggregate_id: Set(aggregate_id),
        payload: Set(payload.to_string()),
    }
}

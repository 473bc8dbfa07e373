//! Moderators block accounts that abuse the platform (spam, sales pressure, harassment) and
//! unblock them, always with a reason, audited. A blocked account cannot sign in, and its
//! sessions and API tokens stop working at once (see [`crate::auth::load_user`]). Platform
//! staff cannot be blocked this way: their roles are an administrator's decision.

use crate::audit::{self, AuditEntry};
use crate::auth::CurrentActor;
use crate::entities::user;
use crate::extract::{ApiJson, ApiPath};
use crate::problem::{ApiError, ApiResult, Problem};
use crate::state::Platform;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use connessi_domain::ErrorCode;
use connessi_domain::events::EventKind;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<Platform> {
    OpenApiRouter::new().routes(routes!(set_block))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlockChange {
    pub blocked: bool,
    /// Why, for the audit log (at least 10 characters).
    pub reason: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct BlockState {
    pub user_id: uuid::Uuid,
    pub blocked_at: Option<DateTime<Utc>>,
    pub blocked_reason: Option<String>,
}

/// Blocks or unblocks an account; moderators only, never platform staff.
#[utoipa::path(put, path = "/api/v1/moderation/users/{id}/block", tag = "moderation",
    params(("id" = uuid::Uuid, Path)), request_body = BlockChange, security(("bearer" = [])),
    responses((status = 200, body = BlockState),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn set_block(
    State(platform): State<Platform>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<uuid::Uuid>,
    ApiJson(change): ApiJson<BlockChange>,
) -> ApiResult<Json<BlockState>> {
    let reason = change.reason.trim().to_owned();
    if reason.chars().count() < 10 {
        return Err(ApiError::new(
            ErrorCode::ReasonRequired,
            "give a reason of at least 10 characters",
        ));
    }
    let state = crate::db::write(&platform.db, |txn| {
        let (actor, reason) = (actor.clone(), reason.clone());
        Box::pin(async move { apply(txn, &actor, id, change.blocked, reason).await })
    })
    .await?;
    Ok(Json(state))
}

async fn apply(
    db: &impl sea_orm::ConnectionTrait,
    actor: &connessi_domain::Actor,
    id: uuid::Uuid,
    blocked: bool,
    reason: String,
) -> ApiResult<BlockState> {
    let row = user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("account"))?;
    if row.platform_role.is_some() {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "platform staff cannot be blocked; an administrator takes their role away",
        ));
    }
    let state = |b: bool| if b { "blocked" } else { "active" }.to_owned();
    let was_blocked = row.blocked_at.is_some();
    let mut active: user::ActiveModel = row.into();
    active.blocked_at = Set(blocked.then(Utc::now));
    active.blocked_reason = Set(blocked.then(|| reason.clone()));
    let updated = active.update(db).await?;
    let entry = AuditEntry {
        action: format!("user.{}", if blocked { "blocked" } else { "unblocked" }),
        entity_kind: "user",
        entity_id: id,
        from_status: Some(state(was_blocked)),
        to_status: Some(state(blocked)),
        reason: Some(reason),
        details: None,
    };
    audit::record(db, actor, entry).await?;
    let kind = if blocked {
        EventKind::AccountBlocked
    } else {
        EventKind::AccountUnblocked
    };
    crate::outbox::publish(db, kind, id, serde_json::json!({})).await?;
    Ok(BlockState {
        user_id: id,
        blocked_at: updated.blocked_at,
        blocked_reason: updated.blocked_reason,
    })
}

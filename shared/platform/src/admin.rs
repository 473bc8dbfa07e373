//! What administrators do with accounts: find them, and grant or take away the platform roles
//! (moderator, administrator). Every change is audited; taking a role away ends the user's
//! sessions, so nothing signed in with the old role outlives the decision.

use crate::audit::{self, AuditEntry};
use crate::auth::CurrentActor;
use crate::entities::user;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::problem::{ApiError, ApiResult, Problem};
use crate::sessions;
use crate::state::Platform;
use axum::Json;
use axum::extract::State;
use connessi_domain::{DomainError, ErrorCode, PlatformRole, UserId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(list_users))
        .routes(routes!(set_platform_role))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Account {
    pub id: uuid::Uuid,
    pub email: String,
    pub display_name: String,
    pub platform_role: Option<PlatformRole>,
}

impl From<user::Model> for Account {
    fn from(row: user::Model) -> Self {
        Self {
            id: row.id,
            email: row.email,
            display_name: row.display_name,
            platform_role: row.platform_role.as_deref().and_then(PlatformRole::parse),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UserQuery {
    /// Part of the e-mail address, case-insensitive.
    pub email: Option<String>,
}

/// Accounts, by e-mail (at most 100); administrators only.
#[utoipa::path(get, path = "/api/v1/admin/users", tag = "administration", params(UserQuery),
    security(("bearer" = [])), responses((status = 200, body = Vec<Account>),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
async fn list_users(
    State(platform): State<Platform>,
    ApiQuery(query): ApiQuery<UserQuery>,
) -> ApiResult<Json<Vec<Account>>> {
    let mut select = user::Entity::find()
        .order_by_asc(user::Column::Email)
        .limit(100);
    if let Some(part) = query.email.map(|e| e.trim().to_ascii_lowercase()) {
        if part.len() > 254 {
            return Err(ApiError::new(
                ErrorCode::InvalidQueryParameter,
                "email is too long",
            ));
        }
        select = select.filter(user::Column::Email.contains(part));
    }
    let rows = select.all(&platform.db).await?;
    Ok(Json(rows.into_iter().map(Account::from).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleChange {
    /// The new role, or `null` to take the platform role away.
    pub role: Option<PlatformRole>,
    /// Why, for the audit log (at least 10 characters).
    pub reason: String,
}

/// Grants or takes away a platform role; administrators only, never on their own account.
#[utoipa::path(put, path = "/api/v1/admin/users/{id}/platform-role", tag = "administration",
    params(("id" = uuid::Uuid, Path)), request_body = RoleChange, security(("bearer" = [])),
    responses((status = 200, body = Account),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn set_platform_role(
    State(platform): State<Platform>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<uuid::Uuid>,
    ApiJson(change): ApiJson<RoleChange>,
) -> ApiResult<Json<Account>> {
    let admin = actor.user()?;
    if admin.id.0 == id {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "administrators cannot change their own role; ask another administrator",
        ));
    }
    let reason = change.reason.trim().to_owned();
    if reason.chars().count() < 10 {
        return Err(DomainError::new(
            ErrorCode::ReasonRequired,
            "give a reason of at least 10 characters",
        )
        .into());
    }
    let role = change.role;
    let updated = crate::db::write(&platform.db, |txn| {
        let (actor, reason) = (actor.clone(), reason.clone());
        Box::pin(async move {
            let row = user::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or_else(|| ApiError::not_found("account"))?;
            let before = row.platform_role.clone();
            let after = role.map(|r| r.as_str().to_owned());
            let mut active: user::ActiveModel = row.into();
            active.platform_role = Set(after.clone());
            let updated = active.update(txn).await?;
            audit::record(
                txn,
                &actor,
                AuditEntry {
                    action: "user.platform_role_changed".into(),
                    entity_kind: "user",
                    entity_id: id,
                    from_status: before.clone(),
                    to_status: after.clone(),
                    reason: Some(reason),
                    details: None,
                },
            )
            .await?;
            if demoted(before.as_deref(), after.as_deref()) {
                sessions::end_all(txn, UserId(id)).await?;
            }
            Ok(updated)
        })
    })
    .await?;
    Ok(Json(Account::from(updated)))
}

/// Whether going from `before` to `after` takes a power away.
fn demoted(before: Option<&str>, after: Option<&str>) -> bool {
    let rank = |role: Option<&str>| match role {
        Some("admin") => 2,
        Some("moderator") => 1,
        _ => 0,
    };
    rank(after) < rank(before)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_a_lower_role_counts_as_a_demotion() {
        assert!(super::demoted(Some("admin"), Some("moderator")));
        assert!(super::demoted(Some("moderator"), None));
        assert!(!super::demoted(None, Some("moderator")));
        assert!(!super::demoted(Some("moderator"), Some("moderator")));
    }
}

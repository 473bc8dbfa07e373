//! API tokens for providers' own systems: made by a provider's owner, shown once, stored as a
//! hash, scoped (`read`, `write_offers`), revocable, with the time of last use recorded. A
//! request carrying one acts as its creator, for that provider only and within its scopes; it
//! stops working when revoked, expired, or when its creator no longer belongs to the provider.

use crate::audit::{self, AuditEntry};
use crate::auth::{CurrentActor, load_user};
use crate::entities::api_token;
use crate::extract::{ApiJson, ApiPath};
use crate::problem::{ApiError, ApiResult, Problem};
use crate::sessions::{random_secret, secret_hash};
use crate::state::Platform;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use connessi_domain::{
    ApiTokenGrant, ErrorCode, MemberRole, ProviderId, ProviderMembership, TokenScope, User, UserId,
    ValidationErrors,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// Every API token starts with this, so it is told from a session token at a glance.
pub const PREFIX: &str = "cnt_";

/// How often `last_used_at` is written for a busy token.
const LAST_USED_PRECISION_SECS: i64 = 60;

pub fn router() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(create_token, list_tokens))
        .routes(routes!(revoke_token))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewApiToken {
    /// What the token is for, e.g. "gestionale".
    pub name: String,
    pub scopes: Vec<TokenScope>,
    /// Days until it stops working by itself (1 to 730); never when absent.
    #[serde(default)]
    pub expires_in_days: Option<u16>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApiTokenView {
    pub id: Uuid,
    pub name: String,
    /// The token's first characters, to recognise it by.
    pub prefix: String,
    pub scopes: Vec<TokenScope>,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

fn scopes_of(row: &api_token::Model) -> Vec<TokenScope> {
    row.scopes
        .split(',')
        .filter_map(TokenScope::parse)
        .collect()
}

impl From<api_token::Model> for ApiTokenView {
    fn from(row: api_token::Model) -> Self {
        Self {
            scopes: scopes_of(&row),
            id: row.id,
            name: row.name,
            prefix: row.prefix,
            created_at: row.created_at,
            expires_at: row.expires_at,
            last_used_at: row.last_used_at,
            revoked_at: row.revoked_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IssuedApiToken {
    /// Send as `Authorization: Bearer <token>`; shown only now.
    pub token: String,
    #[serde(flatten)]
    pub details: ApiTokenView,
}

fn checked(new: &NewApiToken) -> ApiResult<()> {
    let mut errors = ValidationErrors::default();
    if !(1..=100).contains(&new.name.trim().chars().count()) {
        errors.add(
            "name",
            ErrorCode::InvalidLength,
            "between 1 and 100 characters",
        );
    }
    if new.scopes.is_empty() {
        errors.add("scopes", ErrorCode::Required, "at least one scope");
    }
    if new.expires_in_days.is_some_and(|d| !(1..=730).contains(&d)) {
        errors.add(
            "expires_in_days",
            ErrorCode::InvalidValue,
            "between 1 and 730",
        );
    }
    Ok(errors.into_result()?)
}

/// Makes an API token for the provider; owners only. The token is in this answer only.
#[utoipa::path(post, path = "/api/v1/providers/{id}/api-tokens", tag = "api tokens",
    params(("id" = Uuid, Path)), request_body = NewApiToken, security(("bearer" = [])),
    responses((status = 201, body = IssuedApiToken),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn create_token(
    State(platform): State<Platform>,
    CurrentActor(actor): CurrentActor,
    ApiPath(provider): ApiPath<Uuid>,
    ApiJson(new): ApiJson<NewApiToken>,
) -> ApiResult<(StatusCode, Json<IssuedApiToken>)> {
    let issued = crate::db::write(&platform.db, |txn| {
        let (actor, new) = (actor.clone(), new.clone());
        Box::pin(async move { issue(txn, &actor, provider, new).await })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(issued)))
}

/// Makes a token for `provider` (the caller checked that `actor` owns it); call inside a
/// transaction. The secret is in the answer only.
pub async fn issue(
    db: &impl ConnectionTrait,
    actor: &connessi_domain::Actor,
    provider: Uuid,
    new: NewApiToken,
) -> ApiResult<IssuedApiToken> {
    checked(&new)?;
    let token = format!("{PREFIX}{}", random_secret());
    let user = actor.user()?;
    let mut scopes: Vec<&str> = new.scopes.iter().map(|s| s.as_str()).collect();
    scopes.sort_unstable();
    scopes.dedup();
    let now = Utc::now();
    let row = api_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        provider_id: Set(provider),
        name: Set(new.name.trim().to_owned()),
        token_hash: Set(secret_hash(&token)),
        prefix: Set(token.chars().take(12).collect()),
        scopes: Set(scopes.join(",")),
        created_by: Set(user.id.0),
        created_at: Set(now),
        expires_at: Set(new
            .expires_in_days
            .map(|d| now + Duration::days(i64::from(d)))),
        last_used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    record(db, actor, "api_token.created", provider, &row).await?;
    let details = ApiTokenView::from(row);
    Ok(IssuedApiToken { token, details })
}

async fn record(
    db: &impl ConnectionTrait,
    actor: &connessi_domain::Actor,
    action: &str,
    provider: Uuid,
    row: &api_token::Model,
) -> ApiResult<()> {
    let entry = AuditEntry {
        action: action.to_owned(),
        entity_kind: "provider",
        entity_id: provider,
        details: Some(
            serde_json::json!({ "api_token_id": row.id, "name": row.name, "scopes": row.scopes }),
        ),
        ..Default::default()
    };
    audit::record(db, actor, entry).await
}

/// The provider's API tokens (never the tokens themselves); owners only.
#[utoipa::path(get, path = "/api/v1/providers/{id}/api-tokens", tag = "api tokens",
    params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 200, body = Vec<ApiTokenView>),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
async fn list_tokens(
    State(platform): State<Platform>,
    ApiPath(provider): ApiPath<Uuid>,
) -> ApiResult<Json<Vec<ApiTokenView>>> {
    Ok(Json(of_provider(&platform.db, provider).await?))
}

/// The provider's tokens, newest first (never the secrets).
pub async fn of_provider(
    db: &impl ConnectionTrait,
    provider: Uuid,
) -> ApiResult<Vec<ApiTokenView>> {
    let rows = api_token::Entity::find()
        .filter(api_token::Column::ProviderId.eq(provider))
        .order_by_desc(api_token::Column::CreatedAt)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Revokes an API token at once; owners only.
#[utoipa::path(delete, path = "/api/v1/providers/{id}/api-tokens/{token_id}", tag = "api tokens",
    params(("id" = Uuid, Path), ("token_id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn revoke_token(
    State(platform): State<Platform>,
    CurrentActor(actor): CurrentActor,
    ApiPath((provider, id)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    crate::db::write(&platform.db, |txn| {
        let actor = actor.clone();
        Box::pin(async move { revoke(txn, &actor, provider, id).await })
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Revokes `provider`'s token `id` at once (the caller checked that `actor` owns the
/// provider); call inside a transaction.
pub async fn revoke(
    db: &impl ConnectionTrait,
    actor: &connessi_domain::Actor,
    provider: Uuid,
    id: Uuid,
) -> ApiResult<()> {
    let row = api_token::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|r| r.provider_id == provider && r.revoked_at.is_none())
        .ok_or_else(|| ApiError::not_found("API token"))?;
    let mut active: api_token::ActiveModel = row.clone().into();
    active.revoked_at = Set(Some(Utc::now()));
    active.update(db).await?;
    record(db, actor, "api_token.revoked", provider, &row).await
}

/// The user an API token acts as, if it is live: not revoked or expired, and its creator still
/// belongs to the provider. Records the use.
pub async fn resolve(db: &impl ConnectionTrait, token: &str) -> ApiResult<Option<User>> {
    let Some(row) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(secret_hash(token)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let now = Utc::now();
    if row.revoked_at.is_some() || row.expires_at.is_some_and(|at| at <= now) {
        return Ok(None);
    }
    let provider = ProviderId(row.provider_id);
    let Some(creator) = load_user(db, UserId(row.created_by)).await? else {
        return Ok(None);
    };
    if !creator.providers.iter().any(|m| m.provider_id == provider) {
        return Ok(None);
    }
    let stale = row
        .last_used_at
        .is_none_or(|at| (now - at).num_seconds() >= LAST_USED_PRECISION_SECS);
    if stale {
        api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAt, Some(now).into())
            .filter(api_token::Column::Id.eq(row.id))
            .exec(db)
            .await?;
    }
    Ok(Some(User {
        platform_role: None,
        providers: vec![ProviderMembership {
            provider_id: provider,
            role: MemberRole::Member,
        }],
        shops: vec![],
        api_token: Some(ApiTokenGrant {
            token_id: row.id,
            scopes: scopes_of(&row),
            name: row.name,
        }),
        ..creator
    }))
}

//! Who is asking. A request carries a session token (`Authorization: Bearer …`); the token is
//! looked up by its SHA-256 and resolved to an [`Actor`] with its memberships. Until OpenID
//! Connect arrives, the development sign-in issues tokens for the seeded demo accounts.

use crate::entities::{provider_member, session, user};
use crate::problem::{ApiError, ApiResult};
use crate::state::Platform;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::Engine;
use chrono::Utc;
use connessi_domain::{
    Actor, ErrorCode, MemberRole, PlatformRole, ProviderId, ProviderMembership, User, UserId,
};
use rand::RngCore;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};

/// The actor of the current request; anonymous when no credentials were sent, 401 when
/// credentials were sent but are not (or no longer) valid.
#[derive(Debug, Clone)]
pub struct CurrentActor(pub Actor);

impl<S> FromRequestParts<S> for CurrentActor
where
    Platform: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(actor) = parts.extensions.get::<CurrentActor>() {
            return Ok(actor.clone());
        }
        let platform = Platform::from_ref(state);
        let actor = match bearer_token(&parts.headers)? {
            None => Actor::Anonymous,
            Some(token) => match resolve_session(&platform.db, token).await? {
                Some(user) => Actor::User(user),
                None => {
                    return Err(ApiError::new(
                        ErrorCode::Unauthenticated,
                        "the session has expired or was ended; sign in again",
                    ));
                }
            },
        };
        let actor = CurrentActor(actor);
        parts.extensions.insert(actor.clone());
        Ok(actor)
    }
}

/// The bearer token of a request, if it sent one; 401 for a malformed `Authorization` header.
pub fn bearer_token(headers: &HeaderMap) -> ApiResult<Option<&str>> {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Ok(None);
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 200);
    match token {
        Some(token) => Ok(Some(token)),
        None => Err(ApiError::new(
            ErrorCode::Unauthenticated,
            "the Authorization header must be `Bearer <token>`",
        )),
    }
}

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Starts a session for `user_id` and returns its token, shown to the client once.
pub async fn start_session(
    db: &impl ConnectionTrait,
    user_id: UserId,
    ttl_hours: u64,
) -> ApiResult<String> {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let now = Utc::now();
    session::Entity::insert(session::ActiveModel {
        token_hash: Set(token_hash(&token)),
        user_id: Set(user_id.0),
        created_at: Set(now),
        expires_at: Set(now + chrono::Duration::hours(ttl_hours as i64)),
    })
    .exec_without_returning(db)
    .await?;
    Ok(token)
}

/// Ends the session of `token`, if any.
pub async fn end_session(db: &impl ConnectionTrait, token: &str) -> ApiResult<()> {
    session::Entity::delete_by_id(token_hash(token))
        .exec(db)
        .await?;
    Ok(())
}

/// The user behind a live session.
pub async fn resolve_session(db: &impl ConnectionTrait, token: &str) -> ApiResult<Option<User>> {
    let Some(session) = session::Entity::find_by_id(token_hash(token))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if session.expires_at <= Utc::now() {
        return Ok(None);
    }
    load_user(db, UserId(session.user_id)).await
}

/// A user with their platform role and memberships.
pub async fn load_user(db: &impl ConnectionTrait, id: UserId) -> ApiResult<Option<User>> {
    let Some(row) = user::Entity::find_by_id(id.0).one(db).await? else {
        return Ok(None);
    };
    let memberships = provider_member::Entity::find()
        .filter(provider_member::Column::UserId.eq(id.0))
        .all(db)
        .await?;
    Ok(Some(User {
        id,
        email: row.email,
        display_name: row.display_name,
        platform_role: row.platform_role.as_deref().and_then(PlatformRole::parse),
        providers: memberships
            .into_iter()
            .map(|m| ProviderMembership {
                provider_id: ProviderId(m.provider_id),
                role: MemberRole::parse(&m.role).unwrap_or(MemberRole::Member),
            })
            .collect(),
    }))
}

/// Finds a user by e-mail (case-insensitive, as stored lower-case).
pub async fn find_user_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> ApiResult<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email.trim().to_ascii_lowercase()))
        .one(db)
        .await?)
}

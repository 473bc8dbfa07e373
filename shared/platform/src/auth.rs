//! Who is asking. A request carries a session token, in `Authorization: Bearer …` (API
//! clients) or in the session cookie (browsers); it is resolved to an [`Actor`] with its
//! memberships. A cookie-authenticated request that changes state must also send the session's
//! CSRF token in `X-CSRF-Token`: a page of another site can make a browser send the cookie,
//! never the token.

use crate::entities::{provider_member, session, shop_member, user};
use crate::problem::{ApiError, ApiResult};
use crate::sessions::{self, Cookies, Transport};
use crate::state::Platform;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use connessi_domain::{
    Actor, ErrorCode, MemberRole, PlatformRole, ProviderId, ProviderMembership, ShopId,
    ShopMembership, User, UserId,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

pub use sessions::secret_hash as token_hash;

/// The header a cookie-authenticated request sends its CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The actor of the current request; anonymous when no credentials were sent, 401 when a
/// bearer token was sent but is not (or no longer) valid. A stale session cookie counts as
/// no credentials, so a browser that kept one can still read public pages.
#[derive(Debug, Clone)]
pub struct CurrentActor(pub Actor);

/// The session behind the current request, for the handlers that end it.
#[derive(Debug, Clone)]
pub struct CurrentSession {
    pub session: session::Model,
    pub transport: Transport,
}

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
        let (actor, current) = resolve_request(&platform, &parts.method, &parts.headers).await?;
        let actor = CurrentActor(actor);
        parts.extensions.insert(actor.clone());
        if let Some(current) = current {
            parts.extensions.insert(current);
        }
        Ok(actor)
    }
}

async fn resolve_request(
    platform: &Platform,
    method: &Method,
    headers: &HeaderMap,
) -> ApiResult<(Actor, Option<CurrentSession>)> {
    let settings = &platform.settings;
    if let Some(token) = bearer_token(headers)? {
        if token.starts_with(crate::api_tokens::PREFIX) {
            let user = crate::api_tokens::resolve(&platform.db, token)
                .await?
                .ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::Unauthenticated,
                        "the API token is not valid, was revoked or has expired",
                    )
                })?;
            return Ok((Actor::User(user), None));
        }
        let expired = || ApiError::new(ErrorCode::Unauthenticated, SESSION_ENDED);
        let found = sessions::resolve(&platform.db, settings, token)
            .await?
            .filter(|s| s.transport == "bearer")
            .ok_or_else(expired)?;
        let user = load_user(&platform.db, UserId(found.user_id))
            .await?
            .ok_or_else(expired)?;
        let current = CurrentSession {
            session: found,
            transport: Transport::Bearer,
        };
        return Ok((Actor::User(user), Some(current)));
    }
    let cookies = Cookies::for_settings(settings);
    let Some(token) = sessions::cookie_value(headers, cookies.session_name()) else {
        return Ok((Actor::Anonymous, None));
    };
    let Some(found) = sessions::resolve(&platform.db, settings, token)
        .await?
        .filter(|s| s.transport == "cookie")
    else {
        return Ok((Actor::Anonymous, None));
    };
    if !is_safe(method) {
        check_csrf(headers, &found.csrf_token)?;
    }
    let Some(user) = load_user(&platform.db, UserId(found.user_id)).await? else {
        return Ok((Actor::Anonymous, None));
    };
    let current = CurrentSession {
        session: found,
        transport: Transport::Cookie,
    };
    Ok((Actor::User(user), Some(current)))
}

const SESSION_ENDED: &str = "the session has expired or was ended; sign in again";

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The request's `X-CSRF-Token` must be the session's; hashes are compared so the time taken
/// says nothing about how much of a guess was right.
fn check_csrf(headers: &HeaderMap, expected: &str) -> ApiResult<()> {
    let sent = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    match sent {
        Some(sent) if sessions::secret_hash(sent) == sessions::secret_hash(expected) => Ok(()),
        _ => Err(ApiError::new(
            ErrorCode::CsrfCheckFailed,
            "send the session's CSRF token (cookie connessi_csrf) in the X-CSRF-Token header",
        )),
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

/// A user with their platform role and memberships; a blocked account loads as nobody, so
/// its sessions and API tokens stop working the moment it is blocked.
pub async fn load_user(db: &impl ConnectionTrait, id: UserId) -> ApiResult<Option<User>> {
    let Some(row) = user::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .filter(|row| row.blocked_at.is_none())
    else {
        return Ok(None);
    };
    let memberships = provider_member::Entity::find()
        .filter(provider_member::Column::UserId.eq(id.0))
        .all(db)
        .await?;
    let shops = shop_member::Entity::find()
        .filter(shop_member::Column::UserId.eq(id.0))
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
        shops: shops
            .into_iter()
            .map(|m| ShopMembership {
                shop_id: ShopId(m.shop_id),
                role: MemberRole::parse(&m.role).unwrap_or(MemberRole::Member),
            })
            .collect(),
        api_token: None,
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

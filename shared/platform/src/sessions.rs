//! Server-side sessions: started at sign-in (a new token every time, so a token planted before
//! sign-in is worth nothing after it), looked up by the SHA-256 of their token, ended by an
//! absolute lifetime, by idleness, by sign-out (this session or all of a user's), and carried
//! either in `Authorization: Bearer` (API clients) or in an `HttpOnly` cookie (browsers), whose
//! state-changing requests must also send the session's CSRF token.

use crate::config::{Profile, Settings};
use crate::entities::session;
use crate::problem::{ApiError, ApiResult};
use axum::http::HeaderValue;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use connessi_domain::{ErrorCode, UserId};
use rand::RngCore;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};

/// How often a session's `last_seen_at` is written: a busy session costs one write a minute,
/// not one per request.
const LAST_SEEN_PRECISION_SECS: i64 = 60;

/// How a session's token travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    Bearer,
    Cookie,
}

impl Transport {
    fn as_str(self) -> &'static str {
        match self {
            Self::Bearer => "bearer",
            Self::Cookie => "cookie",
        }
    }
}

/// A session just started: its token is shown to its holder once and never stored.
#[derive(Debug, Clone)]
pub struct StartedSession {
    pub token: String,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

/// A random URL-safe secret of 32 bytes.
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a token or other secret: its SHA-256 in hex.
pub fn secret_hash(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Starts a session for `user`.
pub async fn start(
    db: &impl ConnectionTrait,
    settings: &Settings,
    user: UserId,
    transport: Transport,
    method: &str,
) -> ApiResult<StartedSession> {
    let blocked = crate::entities::user::Entity::find_by_id(user.0)
        .one(db)
        .await?
        .is_some_and(|row| row.blocked_at.is_some());
    if blocked {
        return Err(ApiError::new(
            ErrorCode::AccountBlocked,
            "this account was blocked by a moderator; write to the ministry's support to appeal",
        ));
    }
    let token = random_secret();
    let csrf_token = random_secret();
    let now = Utc::now();
    let expires_at = now + Duration::hours(settings.sessions.ttl_hours as i64);
    session::Entity::insert(session::ActiveModel {
        token_hash: Set(secret_hash(&token)),
        user_id: Set(user.0),
        transport: Set(transport.as_str().to_owned()),
        method: Set(method.to_owned()),
        csrf_token: Set(csrf_token.clone()),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(expires_at),
    })
    .exec_without_returning(db)
    .await?;
    Ok(StartedSession {
        token,
        csrf_token,
        expires_at,
    })
}

/// The live session of `token`, if any; a session found expired or idle too long is deleted.
pub async fn resolve(
    db: &impl ConnectionTrait,
    settings: &Settings,
    token: &str,
) -> ApiResult<Option<session::Model>> {
    let hash = secret_hash(token);
    let Some(found) = session::Entity::find_by_id(hash.clone()).one(db).await? else {
        return Ok(None);
    };
    let now = Utc::now();
    let idle_limit = found.last_seen_at + Duration::minutes(settings.sessions.idle_minutes as i64);
    if found.expires_at <= now || idle_limit <= now {
        session::Entity::delete_by_id(hash).exec(db).await?;
        return Ok(None);
    }
    if (now - found.last_seen_at).num_seconds() >= LAST_SEEN_PRECISION_SECS {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, now.into())
            .filter(session::Column::TokenHash.eq(hash))
            .exec(db)
            .await?;
    }
    Ok(Some(found))
}

/// Ends the session of `token`, if any.
pub async fn end(db: &impl ConnectionTrait, token: &str) -> ApiResult<()> {
    session::Entity::delete_by_id(secret_hash(token))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends the session stored under `hash`.
pub async fn end_by_hash(db: &impl ConnectionTrait, hash: &str) -> ApiResult<()> {
    session::Entity::delete_by_id(hash.to_owned())
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of `user` (sign-out everywhere, a role taken away, a blocked account);
/// returns how many were ended.
pub async fn end_all(db: &impl ConnectionTrait, user: UserId) -> ApiResult<u64> {
    let result = session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user.0))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Deletes sessions past their absolute expiry (idle ones go when next seen).
pub async fn purge_expired(db: &impl ConnectionTrait) -> ApiResult<u64> {
    let result = session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lte(Utc::now()))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// The names and attributes of the session cookies, which depend on the profile: outside
/// development they are `Secure` and the session cookie takes the `__Host-` prefix (so no
/// subdomain can set or read it).
#[derive(Debug, Clone, Copy)]
pub struct Cookies {
    secure: bool,
}

impl Cookies {
    pub fn for_settings(settings: &Settings) -> Self {
        Self {
            secure: settings.profile != Profile::Development,
        }
    }

    pub fn session_name(self) -> &'static str {
        if self.secure {
            "__Host-connessi_session"
        } else {
            "connessi_session"
        }
    }

    pub fn csrf_name(self) -> &'static str {
        if self.secure {
            "__Host-connessi_csrf"
        } else {
            "connessi_csrf"
        }
    }

    fn attributes(self, max_age: i64, http_only: bool) -> String {
        let mut attributes = format!("Path=/; Max-Age={max_age}; SameSite=Lax");
        if http_only {
            attributes.push_str("; HttpOnly");
        }
        if self.secure {
            attributes.push_str("; Secure");
        }
        attributes
    }

    /// `Set-Cookie` values that hand a browser its session (and its CSRF token, readable by
    /// the page's script so it can send it back in `X-CSRF-Token`).
    pub fn set(self, started: &StartedSession) -> Vec<HeaderValue> {
        let max_age = (started.expires_at - Utc::now()).num_seconds().max(0);
        [
            format!(
                "{}={}; {}",
                self.session_name(),
                started.token,
                self.attributes(max_age, true)
            ),
            format!(
                "{}={}; {}",
                self.csrf_name(),
                started.csrf_token,
                self.attributes(max_age, false)
            ),
        ]
        .into_iter()
        .filter_map(|value| HeaderValue::from_str(&value).ok())
        .collect()
    }

    /// `Set-Cookie` values that make a browser forget its session.
    pub fn clear(self) -> Vec<HeaderValue> {
        [
            format!("{}=; {}", self.session_name(), self.attributes(0, true)),
            format!("{}=; {}", self.csrf_name(), self.attributes(0, false)),
        ]
        .into_iter()
        .filter_map(|value| HeaderValue::from_str(&value).ok())
        .collect()
    }
}

/// The value of cookie `name` in a request's `Cookie` headers.
pub fn cookie_value<'h>(headers: &'h axum::http::HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty() && value.len() <= 200)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    #[test]
    fn cookies_are_found_among_several_headers_and_pairs() {
        let mut headers = HeaderMap::new();
        headers.append(
            "cookie",
            HeaderValue::from_static("a=1; connessi_session=abc"),
        );
        headers.append("cookie", HeaderValue::from_static("b=2"));
        assert_eq!(cookie_value(&headers, "connessi_session"), Some("abc"));
        assert_eq!(cookie_value(&headers, "b"), Some("2"));
        assert_eq!(cookie_value(&headers, "connessi"), None);
    }

    #[test]
    fn production_cookies_are_secure_host_only_and_http_only() {
        let started = StartedSession {
            token: "t".into(),
            csrf_token: "c".into(),
            expires_at: Utc::now() + Duration::hours(1),
        };
        let cookies = Cookies { secure: true }.set(&started);
        let session = cookies[0].to_str().unwrap();
        assert!(session.starts_with("__Host-connessi_session=t; Path=/;"));
        assert!(session.contains("HttpOnly") && session.contains("Secure"));
        assert!(session.contains("SameSite=Lax"));
        let csrf = cookies[1].to_str().unwrap();
        assert!(!csrf.contains("HttpOnly") && csrf.contains("Secure"));
        let development = Cookies { secure: false }.set(&started);
        assert!(!development[0].to_str().unwrap().contains("Secure"));
    }
}

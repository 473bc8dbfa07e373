//! Who the widget's search API answers: the caller names an embed by its public key, and the
//! browser's `Origin` must be one the moderators approved for it. Connessi's own pages (the
//! snippet generator's preview) are let through for any embed but never counted. Each key
//! then has its own rate, so one busy site cannot use up another's.

use super::{EmbedStatus, origins_of};
use crate::entities::embed;
use axum::http::HeaderMap;
use connessi_domain::ErrorCode;
use connessi_platform::{ApiError, ApiResult};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

/// Where a widget call comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visitor {
    /// A registered, approved site: answered with CORS for this origin, and counted.
    Site(String),
    /// One of Connessi's own pages.
    Preview,
}

/// The requests per minute each key may make, shared by every clone of the state.
#[derive(Clone)]
pub struct WidgetLimits {
    limiter: Arc<DefaultKeyedRateLimiter<String>>,
}

impl WidgetLimits {
    pub fn per_minute(requests: u32) -> Self {
        let rate = NonZeroU32::new(requests.max(1)).unwrap_or(NonZeroU32::MIN);
        WidgetLimits {
            limiter: Arc::new(RateLimiter::keyed(Quota::per_minute(rate))),
        }
    }

    /// Takes one request from the key's allowance, or says how long to wait for the next.
    pub fn take(&self, key: &str) -> Result<(), Duration> {
        self.limiter
            .check_key(&key.to_owned())
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }
}

/// The `Origin` of a page on this deployment, from its public URL.
pub fn own_origin(public_url: &str) -> Option<String> {
    let url = url::Url::parse(public_url).ok()?;
    Some(url.origin().ascii_serialization())
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The embed named by `key`, whatever its state.
pub async fn embed_of(db: &impl ConnectionTrait, key: &str) -> ApiResult<embed::Model> {
    let found = embed::Entity::find()
        .filter(embed::Column::PublicKey.eq(key))
        .one(db)
        .await?;
    found.ok_or_else(|| ApiError::new(ErrorCode::UnknownEmbedKey, "no embed has this key"))
}

/// Whether the call (its headers) may use `embed`, and as whom.
pub fn admit(embed: &embed::Model, headers: &HeaderMap, own: Option<&str>) -> ApiResult<Visitor> {
    let origin = header(headers, "origin");
    let same_site_fetch = header(headers, "sec-fetch-site") == Some("same-origin");
    if (origin.is_some() && origin == own) || (origin.is_none() && same_site_fetch) {
        return Ok(Visitor::Preview);
    }
    let Some(origin) = origin else {
        return Err(ApiError::new(
            ErrorCode::EmbedOriginNotAllowed,
            "the widget's search answers browsers on the embed's registered sites only",
        ));
    };
    if embed.status != EmbedStatus::Approved.as_str() {
        return Err(ApiError::new(
            ErrorCode::EmbedNotApproved,
            format!("this embed is {}", embed.status),
        ));
    }
    if !origins_of(embed).iter().any(|o| o == origin) {
        return Err(ApiError::new(
            ErrorCode::EmbedOriginNotAllowed,
            "this site is not registered for the embed",
        ));
    }
    Ok(Visitor::Site(origin.to_owned()))
}

/// Whether a navigation that came from `referer` counts for the embed's traffic: from a
/// registered site of an approved embed, not from Connessi's own preview.
pub fn counts_navigation(embed: &embed::Model, headers: &HeaderMap, own: Option<&str>) -> bool {
    let from = header(headers, "referer")
        .and_then(|r| url::Url::parse(r).ok())
        .map(|u| u.origin().ascii_serialization());
    embed.status == EmbedStatus::Approved.as_str()
        && from.as_deref() != own
        && from.is_none_or(|f| origins_of(embed).contains(&f))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn embed(status: &str) -> embed::Model {
        embed::Model {
            id: uuid::Uuid::now_v7(),
            owner_user_id: uuid::Uuid::now_v7(),
            name: "Comune".into(),
            origins: r#"["https://www.comune.example.it"]"#.into(),
            public_key: "pk_test".into(),
            status: status.into(),
            reason: None,
            created_at: chrono::Utc::now(),
            decided_at: None,
        }
    }

    fn from(origin: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("origin", HeaderValue::from_str(origin).unwrap());
        headers
    }

    const OWN: Option<&str> = Some("https://connessi.example");

    #[test]
    fn only_registered_origins_of_approved_embeds_are_sites() {
        let site = from("https://www.comune.example.it");
        assert_eq!(
            admit(&embed("approved"), &site, OWN).unwrap(),
            Visitor::Site("https://www.comune.example.it".into())
        );
        let other = admit(&embed("approved"), &from("https://evil.example"), OWN);
        assert_eq!(other.unwrap_err().code, ErrorCode::EmbedOriginNotAllowed);
        let waiting = admit(&embed("pending"), &site, OWN);
        assert_eq!(waiting.unwrap_err().code, ErrorCode::EmbedNotApproved);
        let no_origin = admit(&embed("approved"), &HeaderMap::new(), OWN);
        assert_eq!(
            no_origin.unwrap_err().code,
            ErrorCode::EmbedOriginNotAllowed
        );
    }

    #[test]
    fn connessis_own_pages_preview_any_embed() {
        let own = from("https://connessi.example");
        assert_eq!(
            admit(&embed("pending"), &own, OWN).unwrap(),
            Visitor::Preview
        );
        let mut same = HeaderMap::new();
        same.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert_eq!(
            admit(&embed("rejected"), &same, OWN).unwrap(),
            Visitor::Preview
        );
    }

    #[test]
    fn each_key_has_its_own_allowance() {
        let limits = WidgetLimits::per_minute(2);
        assert!(limits.take("pk_a").is_ok());
        assert!(limits.take("pk_a").is_ok());
        let wait = limits.take("pk_a").unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(30));
        assert!(limits.take("pk_b").is_ok());
    }
}

//! What every page handler knows about its request: who is asking, in which language, the
//! session's CSRF token for the forms it renders, and where it is (for the language switch
//! and for coming back after signing in).

use crate::lang::Lang;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use connessi_domain::{Actor, ErrorCode, ProviderId, ShopId, User};
use connessi_platform::auth::CurrentSession;
use connessi_platform::{ApiError, CurrentActor, Platform};

#[derive(Debug, Clone)]
pub struct PageContext {
    pub actor: Actor,
    pub lang: Lang,
    /// Present for a browser session: every form that changes something carries it.
    pub csrf_token: Option<String>,
    /// This page's path and query, e.g. `/?q=pos`.
    pub here: String,
    /// Whether the development sign-in is on (embedded default only).
    pub dev_sign_in: bool,
}

impl PageContext {
    pub fn t<'a>(&self, it: &'a str, en: &'a str) -> &'a str {
        self.lang.t(it, en)
    }

    pub fn user(&self) -> Option<&User> {
        self.actor.user().ok()
    }

    /// The shop the signed-in person acts for (their first one), or 403 with the way to
    /// register one.
    pub fn own_shop(&self) -> Result<ShopId, ApiError> {
        self.user()
            .and_then(|u| u.shops.first())
            .map(|m| m.shop_id)
            .ok_or_else(|| ApiError::new(ErrorCode::Forbidden, "register your business first"))
    }

    /// The provider the signed-in person acts for (their first one), or 403.
    pub fn own_provider(&self) -> Result<ProviderId, ApiError> {
        self.user()
            .and_then(|u| u.providers.first())
            .map(|m| m.provider_id)
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::Forbidden,
                    "register your company as a provider first",
                )
            })
    }

    /// Whether this page's query has `name=1`: the notice a redirect after a form leaves
    /// (`?saved=1`, `?done=1`).
    pub fn flag(&self, name: &str) -> bool {
        let query = self.here.split_once('?').map_or("", |(_, q)| q);
        url::form_urlencoded::parse(query.as_bytes()).any(|(k, v)| k == name && v == "1")
    }

    /// The sign-in page, coming back here afterwards.
    pub fn sign_in_url(&self) -> String {
        format!("/sign-in?return_to={}", encode(&self.here))
    }
}

impl<S> FromRequestParts<S> for PageContext
where
    Platform: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let CurrentActor(actor) = CurrentActor::from_request_parts(parts, state).await?;
        let platform = Platform::from_ref(state);
        let csrf_token = parts
            .extensions
            .get::<CurrentSession>()
            .map(|current| current.session.csrf_token.clone());
        let here = parts
            .uri
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |pq| pq.as_str().to_owned());
        Ok(PageContext {
            actor,
            lang: Lang::of_request(parts.uri.query(), &parts.headers),
            csrf_token,
            here,
            dev_sign_in: platform.settings.dev_sign_in_enabled(),
        })
    }
}

/// Percent-encodes a value for a query string.
pub fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(here: &str) -> PageContext {
        PageContext {
            actor: Actor::Anonymous,
            lang: Lang::It,
            csrf_token: None,
            here: here.to_owned(),
            dev_sign_in: false,
        }
    }

    #[test]
    fn a_flag_is_a_query_parameter_set_to_one_not_a_substring() {
        assert!(at("/saved-searches?saved=1").flag("saved"));
        assert!(at("/x?a=2&done=1").flag("done"));
        assert!(!at("/x?unsaved=1").flag("saved"));
        assert!(!at("/x?q=saved%3D1").flag("saved"));
        assert!(!at("/saved=1").flag("saved"));
    }
}

//! What the widget needs outside its search API: its script, and the links its results and
//! the offer page use, which count click-throughs and requests started before sending the
//! visitor on to the offer or the request form. Both links lead only to Connessi's own pages.

use crate::CatalogueState;
use crate::embeds::gate;
use crate::embeds::traffic::{self, Event};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use connessi_platform::ApiPath;
use connessi_platform::sign_in::redirect_with;
use serde::Deserialize;
use uuid::Uuid;

/// The custom element `<connessi-search>`.
const SCRIPT: &str = include_str!("../../assets/connessi-search.js");

pub async fn script() -> Response {
    let mut response = SCRIPT.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    // Embedding sites load it by a fixed URL: an hour's caching lets fixes arrive the same day.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

#[derive(Debug, Deserialize)]
pub struct KeyQuery {
    key: Option<String>,
}

/// Whether `key` looks like a public key this server makes (`pk_` and 32 hex digits), so only
/// such text is ever put back into a link.
pub fn well_formed_key(key: &str) -> bool {
    key.strip_prefix("pk_")
        .is_some_and(|hex| hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

async fn count_for(state: &CatalogueState, key: &str, headers: &HeaderMap, event: Event) {
    let Ok(embed) = gate::embed_of(&state.platform.db, key).await else {
        return;
    };
    let own = gate::own_origin(&state.platform.settings.public_url);
    let counts = match event {
        Event::Click => gate::counts_navigation(&embed, headers, own.as_deref()),
        // Started on Connessi's own offer page, which the widget's click-through opened.
        _ => embed.status == "approved",
    };
    if counts && let Err(error) = traffic::count(&state.platform.db, embed.id, event).await {
        tracing::warn!(code = ?error.code, internal = ?error.internal, "widget traffic not counted");
    }
}

/// A result clicked in the widget: counted, then the offer page (which remembers the key).
pub async fn go(
    State(state): State<CatalogueState>,
    headers: HeaderMap,
    ApiPath(offer_id): ApiPath<Uuid>,
    Query(query): Query<KeyQuery>,
) -> Response {
    match query.key.filter(|k| well_formed_key(k)) {
        Some(key) => {
            count_for(&state, &key, &headers, Event::Click).await;
            redirect_with(&format!("/offers/{offer_id}?embed={key}"), Vec::new())
        }
        None => redirect_with(&format!("/offers/{offer_id}"), Vec::new()),
    }
}

/// The request button of an offer reached from the widget: counted, then the request form.
pub async fn request(
    State(state): State<CatalogueState>,
    headers: HeaderMap,
    ApiPath(offer_id): ApiPath<Uuid>,
    Query(query): Query<KeyQuery>,
) -> Response {
    if let Some(key) = query.key.filter(|k| well_formed_key(k)) {
        count_for(&state, &key, &headers, Event::RequestStarted).await;
    }
    redirect_with(
        &format!("/shop/requests/new?offer_id={offer_id}"),
        Vec::new(),
    )
}

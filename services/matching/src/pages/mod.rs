//! The matching service's pages: the shop's requests (asking for an offer, following the
//! request) and the provider's requests inbox (accepting and declining within its places).
//! Membership is checked by each handler against the shop or provider the request belongs to.

mod provider;
mod shop;
mod status;

use crate::MatchingState;
use axum::Router;
use axum::http::Method;
use axum::routing::{get, post};
use connessi_platform::access::{Access, AccessTable};

/// Who may open each matching page (membership is checked on the request itself).
pub fn table() -> AccessTable {
    use Access::*;
    AccessTable::new([
        (Method::GET, "/shop", SignedIn),
        (Method::GET, "/shop/requests/new", SignedIn),
        (Method::POST, "/shop/requests", SignedIn),
        (Method::GET, "/shop/requests/{id}", SignedIn),
        (Method::GET, "/provider", SignedIn),
        (Method::GET, "/provider/requests/{id}", SignedIn),
        (Method::POST, "/provider/requests/{id}/{action}", SignedIn),
    ])
}

pub fn router(state: MatchingState) -> Router {
    let router = Router::new()
        .route("/shop", get(shop::home))
        .route("/shop/requests/new", get(shop::new_request))
        .route("/shop/requests", post(shop::create_request))
        .route("/shop/requests/{id}", get(shop::request_page))
        .route("/provider", get(provider::home))
        .route("/provider/requests/{id}", get(provider::request_page))
        .route("/provider/requests/{id}/{action}", post(provider::answer))
        .route_layer(axum::middleware::from_fn_with_state(
            (state.platform.clone(), table()),
            AccessTable::enforce,
        ))
        .with_state(state);
    connessi_web::page_layers(router)
}

//! The matching service's pages: the shop's registration, profile and questionnaire,
//! recommendations, follow-up questions and requests (asking for an offer, following the
//! request), the provider's requests inbox (accepting and declining within its places) and
//! figures, and the moderators' allocation rounds (opening one, monitoring it, dry run and
//! publication with the results), figures by territory and category (with the CSV export)
//! and verification of the shops' priority attributes. Membership is checked by each handler
//! against the shop or provider the request belongs to; moderator pages by the access table.

mod figures;
mod follow_ups;
mod italian_time;
mod moderation_figures;
mod provider;
mod questionnaire;
mod recommendations;
mod round_details;
mod round_form;
mod rounds;
mod shop;
mod shop_priorities;
mod shop_profile;
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
        (Method::GET, "/shop/register", SignedIn),
        (Method::POST, "/shop/register", SignedIn),
        (Method::GET, "/shop/profile", SignedIn),
        (Method::POST, "/shop/profile", SignedIn),
        (Method::GET, "/shop/recommendations", SignedIn),
        (Method::GET, "/shop/follow-ups", SignedIn),
        (Method::POST, "/shop/follow-ups/{id}", SignedIn),
        (Method::GET, "/shop/requests/new", SignedIn),
        (Method::POST, "/shop/requests", SignedIn),
        (Method::GET, "/shop/requests/{id}", SignedIn),
        (Method::GET, "/provider", SignedIn),
        (Method::GET, "/provider/figures", SignedIn),
        (Method::GET, "/provider/requests/{id}", SignedIn),
        (Method::POST, "/provider/requests/{id}/{action}", SignedIn),
        (Method::GET, "/moderation/rounds", Moderator),
        (Method::POST, "/moderation/rounds", Moderator),
        (Method::GET, "/moderation/rounds/new", Moderator),
        (Method::GET, "/moderation/rounds/{id}", Moderator),
        (Method::POST, "/moderation/rounds/{id}/dry-run", Moderator),
        (Method::POST, "/moderation/rounds/{id}/publish", Moderator),
        (Method::GET, "/moderation/figures", Moderator),
        (Method::GET, "/moderation/figures.csv", Moderator),
        (Method::GET, "/moderation/shops", Moderator),
        (Method::POST, "/moderation/shops/{id}", Moderator),
    ])
}

pub fn router(state: MatchingState) -> Router {
    let router = Router::new()
        .route("/shop", get(shop::home))
        .route(
            "/shop/register",
            get(shop_profile::register_page).post(shop_profile::register),
        )
        .route(
            "/shop/profile",
            get(shop_profile::page).post(shop_profile::save),
        )
        .route("/shop/recommendations", get(recommendations::page))
        .route("/shop/follow-ups", get(follow_ups::page))
        .route("/shop/follow-ups/{id}", post(follow_ups::answer))
        .route("/shop/requests/new", get(shop::new_request))
        .route("/shop/requests", post(shop::create_request))
        .route("/shop/requests/{id}", get(shop::request_page))
        .route("/provider", get(provider::home))
        .route("/provider/figures", get(figures::page))
        .route("/provider/requests/{id}", get(provider::request_page))
        .route("/provider/requests/{id}/{action}", post(provider::answer))
        .route(
            "/moderation/rounds",
            get(rounds::list).post(round_form::create),
        )
        .route("/moderation/rounds/new", get(round_form::new_page))
        .route("/moderation/rounds/{id}", get(rounds::page))
        .route("/moderation/rounds/{id}/dry-run", post(rounds::dry_run))
        .route("/moderation/rounds/{id}/publish", post(rounds::publish))
        .route("/moderation/figures", get(moderation_figures::page))
        .route("/moderation/figures.csv", get(moderation_figures::csv))
        .route("/moderation/shops", get(shop_priorities::list))
        .route("/moderation/shops/{id}", post(shop_priorities::decide))
        .route_layer(axum::middleware::from_fn_with_state(
            (state.platform.clone(), table()),
            AccessTable::enforce,
        ))
        .with_state(state);
    connessi_web::page_layers(router)
}

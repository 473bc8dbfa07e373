//! The catalogue's pages: the search home, the offer page, the side-by-side comparison, the
//! published criteria, the provider's offers, editor, registration, bulk import and API
//! tokens, saved searches, and the moderators' console (queue and review, provider
//! verification, audit log, embeds). They read what the API reads, as the same actor, and
//! share the layout of `connessi-web`.

mod audit_log;
mod compare;
mod criteria;
mod editor;
mod embed_review;
mod embed_traffic;
mod embedder;
mod moderation;
mod moderation_providers;
mod offer;
mod offer_moderation;
mod offer_status;
mod provider_import;
mod provider_offer_actions;
mod provider_offers;
mod provider_register;
mod provider_tokens;
mod query;
pub(crate) mod results;
mod saved_searches;
mod search;
mod snippet;
pub(crate) mod widget;

use crate::CatalogueState;
use axum::Router;
use axum::http::Method;
use axum::routing::{get, post};
use connessi_platform::access::{Access, AccessTable};

/// Who may open each catalogue page.
pub fn table() -> AccessTable {
    use Access::*;
    AccessTable::new([
        (Method::GET, "/", Public),
        (Method::GET, "/offers/{id}", Public),
        (Method::GET, "/compare", Public),
        (Method::GET, "/criteria", Public),
        (Method::POST, "/saved-searches", Public),
        (Method::GET, "/saved-searches", SignedIn),
        (Method::POST, "/saved-searches/{id}/delete", SignedIn),
        (Method::GET, "/provider/import", SignedIn),
        (Method::POST, "/provider/import", SignedIn),
        (Method::GET, "/provider/import/template.csv", SignedIn),
        (Method::GET, "/provider/tokens", SignedIn),
        (Method::POST, "/provider/tokens", SignedIn),
        (Method::POST, "/provider/tokens/{id}/revoke", SignedIn),
        (Method::GET, "/provider/register", SignedIn),
        (Method::POST, "/provider/register", SignedIn),
        (Method::GET, "/provider/offers", SignedIn),
        (Method::GET, "/provider/offers/new", SignedIn),
        (Method::POST, "/provider/offers", SignedIn),
        (Method::GET, "/provider/offers/{id}/edit", SignedIn),
        (Method::POST, "/provider/offers/{id}/withdraw", SignedIn),
        (Method::POST, "/provider/offers/{id}", SignedIn),
        (Method::GET, "/moderation", Moderator),
        (Method::GET, "/moderation/review/{kind}/{id}", Moderator),
        (Method::POST, "/moderation/review/{kind}/{id}", Moderator),
        (Method::GET, "/moderation/providers", Moderator),
        (Method::POST, "/moderation/providers/{id}", Moderator),
        (Method::GET, "/moderation/audit", Moderator),
        (Method::POST, "/moderation/offers/{id}/{action}", Moderator),
        (Method::GET, "/moderation/embeds", Moderator),
        (Method::POST, "/moderation/embeds/{id}", Moderator),
        (Method::GET, "/embed", SignedIn),
        (Method::GET, "/embed/new", SignedIn),
        (Method::POST, "/embed", SignedIn),
        // The owner's or a moderator's: anyone else gets 404.
        (Method::GET, "/embed/{id}", SignedIn),
        (Method::POST, "/embed/{id}", SignedIn),
        (Method::GET, "/widget/connessi-search.js", Public),
        (Method::GET, "/widget/go/{id}", Public),
        (Method::GET, "/widget/request/{id}", Public),
    ])
}

/// The pages with their access layer and the shared page layers.
pub fn router(state: CatalogueState) -> Router {
    let router = Router::new()
        .route("/", get(search::page))
        .route("/offers/{id}", get(offer::page))
        .route("/compare", get(compare::page))
        .route("/criteria", get(criteria::page))
        .route(
            "/provider/offers",
            get(provider_offers::list).post(provider_offers::create),
        )
        .route(
            "/saved-searches",
            get(saved_searches::list).post(saved_searches::create),
        )
        .route("/saved-searches/{id}/delete", post(saved_searches::delete))
        .route(
            "/provider/import",
            get(provider_import::page).post(provider_import::run),
        )
        .route(
            "/provider/import/template.csv",
            get(provider_import::template),
        )
        .route(
            "/provider/tokens",
            get(provider_tokens::list).post(provider_tokens::create),
        )
        .route(
            "/provider/tokens/{id}/revoke",
            post(provider_tokens::revoke),
        )
        .route(
            "/provider/register",
            get(provider_register::page).post(provider_register::register),
        )
        .route("/provider/offers/new", get(provider_offers::new))
        .route("/provider/offers/{id}/edit", get(provider_offers::edit))
        .route("/provider/offers/{id}", post(provider_offers::update))
        .route(
            "/provider/offers/{id}/withdraw",
            post(provider_offer_actions::withdraw),
        )
        .route("/moderation", get(moderation::queue))
        .route(
            "/moderation/review/{kind}/{id}",
            get(moderation::review).post(moderation::decide),
        )
        .route("/moderation/providers", get(moderation_providers::list))
        .route(
            "/moderation/providers/{id}",
            post(moderation_providers::decide),
        )
        .route("/moderation/audit", get(audit_log::page))
        .route(
            "/moderation/offers/{id}/{action}",
            post(offer_moderation::act),
        )
        .route("/moderation/embeds", get(embed_review::list))
        .route("/moderation/embeds/{id}", post(embed_review::decide))
        .route("/embed", get(embedder::list).post(embedder::create))
        .route("/embed/new", get(embedder::new))
        .route("/embed/{id}", get(embedder::page).post(embedder::update))
        .route("/widget/connessi-search.js", get(widget::script))
        .route("/widget/go/{id}", get(widget::go))
        .route("/widget/request/{id}", get(widget::request))
        .route_layer(axum::middleware::from_fn_with_state(
            (state.platform.clone(), table()),
            AccessTable::enforce,
        ))
        .with_state(state);
    connessi_web::page_layers(router)
}

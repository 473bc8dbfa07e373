//! HTTP handlers of the catalogue, one module per audience. Each handler extracts, calls one
//! operation (in a retried transaction when it writes) and shapes the answer.

mod embeds;
mod import;
mod moderation;
mod offers;
mod providers;
mod public;
mod saved_searches;
mod search;
mod widget;

use crate::CatalogueState;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<CatalogueState> {
    OpenApiRouter::new()
        .routes(routes!(public::list_offers))
        .routes(routes!(search::search_offers))
        .routes(routes!(public::get_offer))
        .routes(routes!(public::vocabularies))
        .routes(routes!(public::regions))
        .routes(routes!(public::provinces))
        .routes(routes!(public::comuni))
        .routes(routes!(public::acceptance_criteria))
        .routes(routes!(providers::list_providers))
        .routes(routes!(providers::register_provider))
        .routes(routes!(providers::get_provider))
        .routes(routes!(providers::update_provider))
        .routes(routes!(providers::provider_offers))
        .routes(routes!(providers::create_offer))
        .routes(routes!(import::import_offers))
        .routes(routes!(offers::edit_offer))
        .routes(routes!(offers::submit_offer))
        .routes(routes!(offers::withdraw_offer))
        .routes(routes!(offers::discard_revision))
        .routes(routes!(moderation::queue))
        .routes(routes!(moderation::decide_offer))
        .routes(routes!(moderation::decide_revision))
        .routes(routes!(moderation::suspend_offer))
        .routes(routes!(moderation::reinstate_offer))
        .routes(routes!(moderation::set_verification))
        .routes(routes!(moderation::audit_log))
        .routes(routes!(saved_searches::save))
        .routes(routes!(
            saved_searches::confirm_page,
            saved_searches::confirm
        ))
        .routes(routes!(
            saved_searches::unsubscribe_page,
            saved_searches::unsubscribe
        ))
        .routes(routes!(saved_searches::mine))
        .routes(routes!(saved_searches::delete))
        .routes(routes!(embeds::register, embeds::mine))
        .routes(routes!(embeds::get, embeds::update))
        .routes(routes!(embeds::traffic))
        .routes(routes!(embeds::all))
        .routes(routes!(embeds::decide))
        .routes(routes!(widget::search))
}

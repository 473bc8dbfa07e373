//! The messaging service's pages: the conversations of everyone signed in, one conversation
//! with its messages (updated live from the event stream when the script runs) and the form
//! to write, opening the conversation of an onboarding request, and notifications with
//! their e-mail settings, and reported messages (reporting one; the moderators' queue).

mod conversations;
mod notifications;
mod reports;

use crate::MessagingState;
use axum::Router;
use axum::http::Method;
use axum::routing::{get, post};
use connessi_platform::access::{Access, AccessTable};

/// Who may open each messaging page (taking part in a thread is checked by its handler).
pub fn table() -> AccessTable {
    use Access::*;
    AccessTable::new([
        (Method::GET, "/conversations", SignedIn),
        (Method::GET, "/conversations/{id}", SignedIn),
        (Method::POST, "/conversations/{id}/messages", SignedIn),
        (Method::POST, "/conversations/for-request/{id}", SignedIn),
        (
            Method::POST,
            "/conversations/{id}/messages/{message_id}/report",
            SignedIn,
        ),
        (Method::GET, "/moderation/reports", Moderator),
        (Method::POST, "/moderation/reports/{id}", Moderator),
        (Method::GET, "/notifications", SignedIn),
        (Method::POST, "/notifications/read", SignedIn),
        (Method::GET, "/settings/notifications", SignedIn),
        (Method::POST, "/settings/notifications", SignedIn),
    ])
}

pub fn router(state: MessagingState) -> Router {
    let router = Router::new()
        .route("/conversations", get(conversations::inbox))
        .route("/conversations/{id}", get(conversations::thread))
        .route("/conversations/{id}/messages", post(conversations::post))
        .route(
            "/conversations/for-request/{id}",
            post(conversations::for_request),
        )
        .route(
            "/conversations/{id}/messages/{message_id}/report",
            post(reports::file),
        )
        .route("/moderation/reports", get(reports::queue))
        .route("/moderation/reports/{id}", post(reports::resolve))
        .route("/notifications", get(notifications::inbox))
        .route("/notifications/read", post(notifications::mark_all_read))
        .route(
            "/settings/notifications",
            get(notifications::settings).post(notifications::save_settings),
        )
        .route_layer(axum::middleware::from_fn_with_state(
            (state.platform.clone(), table()),
            AccessTable::enforce,
        ))
        .with_state(state);
    connessi_web::page_layers(router)
}

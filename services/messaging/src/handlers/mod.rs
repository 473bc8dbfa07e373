//! HTTP handlers of the messaging service. Who may call each is declared in
//! [`crate::access`]; taking part in the thread is checked by [`crate::threads`].

mod conversations;
mod events;
mod messages;
mod moderation;
mod notifications;
mod unsubscribe;

use crate::MessagingState;
use crate::entities::conversation;
use connessi_domain::Actor;
use connessi_platform::{ApiResult, db};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<MessagingState> {
    OpenApiRouter::new()
        .routes(routes!(conversations::open_enquiry))
        .routes(routes!(conversations::onboarding_conversation))
        .routes(routes!(conversations::inbox))
        .routes(routes!(conversations::conversation))
        .routes(routes!(messages::history, messages::post_message))
        .routes(routes!(messages::edit_message, messages::delete_message))
        .routes(routes!(messages::mark_read))
        .routes(routes!(messages::report_message))
        .routes(routes!(moderation::report_queue))
        .routes(routes!(moderation::resolve_report))
        .routes(routes!(events::stream_events))
        .routes(routes!(notifications::list))
        .routes(routes!(notifications::mark_read))
        .routes(routes!(
            notifications::settings,
            notifications::change_settings
        ))
        .routes(routes!(unsubscribe::confirm_page, unsubscribe::unsubscribe))
}

/// The thread for reading: a participant's straight away; a moderator's through an audited
/// transaction (when a message in it was reported). 404 otherwise.
async fn readable(
    state: &MessagingState,
    actor: &Actor,
    id: Uuid,
    what: &'static str,
) -> ApiResult<conversation::Model> {
    let db = &state.platform.db;
    match crate::threads::for_participant(db, actor, id).await {
        Ok((thread, _)) => Ok(thread),
        Err(error) if !actor.is_moderator() => Err(error),
        Err(_) => {
            db::write(db, |txn| {
                let actor = actor.clone();
                Box::pin(async move { crate::threads::for_reader(txn, &actor, id, what).await })
            })
            .await
        }
    }
}

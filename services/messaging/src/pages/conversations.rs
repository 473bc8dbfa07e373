//! Conversations between a shop and a provider, as pages. Messages are shown oldest first with
//! their author's side; the script listens to `/api/v1/events` and reloads the list when a
//! message of this thread arrives, announcing it to screen readers.

use crate::MessagingState;
use crate::messages::{self, Draft, MessageBody, MessageView};
use crate::threads::{self, Side};
use crate::{reads, threads::ConversationView};
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;
use connessi_platform::{ApiPath, db};
use connessi_web::forms::PageForm;
use connessi_web::layout::csrf_field;
use connessi_web::sign_in::see_other;
use connessi_web::widgets::{field_textarea, status_message};
use connessi_web::{Page, PageContext, PageResult};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;
use uuid::Uuid;

pub async fn inbox(State(state): State<MessagingState>, ctx: PageContext) -> PageResult<Response> {
    let user = ctx.actor.user()?.clone();
    let inbox = reads::inbox(&state.platform.db, &user).await?;
    let main = html! {
        h1 { (ctx.t("Conversazioni", "Conversations")) }
        @if inbox.items.is_empty() {
            p { (ctx.t("Nessuna conversazione: si apre dalla pagina di una richiesta.", "No conversations: open one from a request's page.")) }
        }
        ul class="list-unstyled" {
            @for item in &inbox.items {
                li class="connessi-result" {
                    a href=(format!("/conversations/{}", item.id)) { (item.offer_title) }
                    @if item.unread > 0 {
                        " " (connessi_web::widgets::badge("primary", &match ctx.lang {
                            connessi_web::Lang::It => format!("{} da leggere", item.unread),
                            connessi_web::Lang::En => format!("{} unread", item.unread),
                        }))
                    }
                }
            }
        }
    };
    Ok(Page::new(&ctx, ctx.t("Conversazioni", "Conversations"), main).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ThreadQuery {
    partial: Option<String>,
    reported: Option<u8>,
}

pub async fn thread(
    State(state): State<MessagingState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<Uuid>,
    Query(query): Query<ThreadQuery>,
) -> PageResult<Response> {
    let db = &state.platform.db;
    let (thread, side) = threads::for_participant(db, &ctx.actor, id).await?;
    let user = ctx.actor.user()?.id.0;
    let mut page = messages::page(db, thread.id, None, 100).await?.items;
    page.reverse();
    mark_read(&state, &ctx, thread.id, user, page.last()).await?;
    let list = message_list(&ctx, &page, side);
    if query.partial.as_deref() == Some("messages") {
        return Ok(Html(list.into_string()).into_response());
    }
    let view = threads::view(db, thread, user).await?;
    let main = html! {
        h1 { (ctx.t("Conversazione: ", "Conversation: ")) (view.offer_title) }
        @if query.reported.is_some() {
            (status_message("success", ctx.t("Segnalazione inviata: la moderazione la esaminerà.", "Report sent: the moderators will look at it.")))
        }
        (back_link(&ctx, &view, side))
        p id="messages-status" class="visually-hidden" role="status" aria-live="polite" {}
        div id="messages" data-conversation=(view.id) aria-label=(ctx.t("Messaggi", "Messages")) role="region" { (list) }
        form id="composer" method="post" action=(format!("/conversations/{}/messages", view.id)) class="mt-4" {
            (csrf_field(&ctx))
            (field_textarea("body", ctx.t("Il tuo messaggio", "Your message"), "", true))
            button type="submit" class="btn btn-primary" { (ctx.t("Invia", "Send")) }
        }
    };
    Ok(Page::new(&ctx, view.offer_title.clone(), main).into_response())
}

fn back_link(ctx: &PageContext, view: &ConversationView, side: Side) -> Markup {
    let request = view.request_id.map(|r| match side {
        Side::Shop => format!("/shop/requests/{r}"),
        Side::Provider => format!("/provider/requests/{r}"),
    });
    html! {
        @if let Some(href) = request {
            p { a href=(href) { (ctx.t("Torna alla richiesta", "Back to the request")) } }
        }
    }
}

fn message_list(ctx: &PageContext, items: &[MessageView], mine: Side) -> Markup {
    html! {
        @if items.is_empty() {
            p { (ctx.t("Ancora nessun messaggio.", "No messages yet.")) }
        }
        ol class="list-unstyled connessi-messages" {
            @for message in items {
                @let own = message.author_side == mine.as_str();
                li class=(if own { "connessi-message connessi-message-own" } else { "connessi-message" }) {
                    p class="small connessi-muted mb-1" {
                        (match (message.author_side.as_str(), ctx.lang) {
                            ("shop", connessi_web::Lang::It) => "Negozio",
                            ("shop", connessi_web::Lang::En) => "Shop",
                            (_, connessi_web::Lang::It) => "Fornitore",
                            (_, connessi_web::Lang::En) => "Provider",
                        })
                        " · " (message.created_at.format("%d/%m/%Y %H:%M"))
                    }
                    @if message.hidden {
                        p class="mb-0 fst-italic" { (ctx.t("Messaggio nascosto dalla moderazione.", "Message hidden by the moderators.")) }
                    } @else if message.deleted {
                        p class="mb-0 fst-italic" { (ctx.t("Messaggio eliminato.", "Message deleted.")) }
                    } @else {
                        // body_html is escaped text with links added by the messaging service.
                        p class="mb-0" { (PreEscaped(&message.body_html)) }
                        @if !own { (super::reports::report_form(ctx, message.conversation_id, message.id)) }
                    }
                }
            }
        }
    }
}

async fn mark_read(
    state: &MessagingState,
    ctx: &PageContext,
    thread: Uuid,
    user: Uuid,
    newest: Option<&MessageView>,
) -> PageResult<()> {
    let Some(newest) = newest.map(|m| m.id) else {
        return Ok(());
    };
    let actor = ctx.actor.clone();
    let events = db::write(&state.platform.db, |txn| {
        let actor = actor.clone();
        Box::pin(async move {
            let (thread, _) = threads::for_participant(txn, &actor, thread).await?;
            if !reads::advance(txn, thread.id, user, newest).await? {
                return Ok(Vec::new());
            }
            let now = reads::state(txn, thread.id, user).await?;
            reads::announce(txn, &thread, user, &now).await
        })
    })
    .await?;
    state.live.committed(events);
    Ok(())
}

#[derive(Debug, Deserialize)]
pub struct PostForm {
    body: String,
}

pub async fn post(
    State(state): State<MessagingState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<Uuid>,
    PageForm(form): PageForm<PostForm>,
) -> PageResult<Response> {
    let body = MessageBody { body: form.body }.checked()?;
    let author = ctx.actor.user()?.id.0;
    let actor = ctx.actor.clone();
    let posted = db::write(&state.platform.db, |txn| {
        let (actor, body) = (actor.clone(), body.clone());
        Box::pin(async move {
            let (thread, side) = threads::for_participant(txn, &actor, id).await?;
            let draft = Draft {
                author,
                side,
                body,
                at: Utc::now(),
            };
            messages::insert(txn, &thread, draft).await
        })
    })
    .await?;
    state.live.committed(posted.1);
    Ok(see_other(&format!("/conversations/{id}#composer"), vec![]))
}

pub async fn for_request(
    State(state): State<MessagingState>,
    ctx: PageContext,
    ApiPath(request): ApiPath<Uuid>,
) -> PageResult<Response> {
    let actor = ctx.actor.clone();
    let opened = db::write(&state.platform.db, |txn| {
        let actor = actor.clone();
        Box::pin(async move { threads::open_onboarding(txn, &actor, request).await })
    })
    .await?;
    state.live.committed(opened.events);
    Ok(see_other(
        &format!("/conversations/{}", opened.thread.id),
        vec![],
    ))
}

//! The provider's requests inbox: what shops asked, with accept and decline (with a reason)
//! for the waiting ones, start, complete and abandon for the accepted ones. Accepting takes
//! one of the offer's places, so an offer with none left refuses with 409.

use super::shop::{conversation_button, request_facts};
use super::status;
use crate::MatchingState;
use crate::entities::onboarding_request as request;
use crate::requests::{self, Side};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use connessi_domain::ProviderId;
use connessi_domain::onboarding::{RequestAction, RequestStatus};
use connessi_platform::{ApiError, ApiPath, db};
use connessi_web::forms::PageForm;
use connessi_web::layout::csrf_field;
use connessi_web::sign_in::see_other;
use connessi_web::widgets::{field_textarea, status_message};
use connessi_web::{Page, PageContext, PageResult};
use maud::{Markup, html};
use sea_orm::EntityTrait;
use serde::Deserialize;
use uuid::Uuid;

pub async fn home(State(state): State<MatchingState>, ctx: PageContext) -> PageResult<Response> {
    let provider = ctx.own_provider()?.0;
    let list = requests::list(&state.platform.db, Side::Provider(provider), None).await?;
    let waiting = list
        .iter()
        .filter(|r| r.status == RequestStatus::Requested)
        .count();
    let main = html! {
        (connessi_web::areas::provider_nav(&ctx))
        h1 { (ctx.t("Area fornitore", "Provider area")) }
        p { a class="btn btn-outline-primary" href="/provider/offers" { (ctx.t("Le mie offerte", "My offers")) } }
        h2 class="h4" { (ctx.t("Richieste ricevute", "Requests received")) }
        p { (match ctx.lang { connessi_web::Lang::It => format!("{waiting} in attesa di risposta"),
                              connessi_web::Lang::En => format!("{waiting} waiting for an answer") }) }
        @if !list.is_empty() {
            table class="table" {
                caption class="visually-hidden" { (ctx.t("Le richieste ricevute dai negozi", "Requests received from shops")) }
                thead { tr {
                    th scope="col" { (ctx.t("Offerta", "Offer")) }
                    th scope="col" { (ctx.t("Stato", "State")) }
                    th scope="col" { (ctx.t("Ricevuta il", "Received on")) }
                } }
                tbody {
                    @for r in &list {
                        tr {
                            td { a href=(format!("/provider/requests/{}", r.id)) { (r.offer_title) } }
                            td { (status::badge(ctx.lang, r.status)) }
                            td { (ctx.lang.date(r.created_at.date_naive())) }
                        }
                    }
                }
            }
        }
    };
    Ok(Page::new(&ctx, ctx.t("Area fornitore", "Provider area"), main).into_response())
}

#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

async fn own_request(
    state: &MatchingState,
    ctx: &PageContext,
    id: Uuid,
) -> PageResult<request::Model> {
    request::Entity::find_by_id(id)
        .one(&state.platform.db)
        .await?
        .filter(|r| ctx.actor.is_member_of(ProviderId(r.provider_id)))
        .ok_or_else(|| ApiError::not_found("request"))
}

pub async fn request_page(
    State(state): State<MatchingState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<Uuid>,
    Query(done): Query<Done>,
) -> PageResult<Response> {
    let row = own_request(&state, &ctx, id).await?;
    let view = requests::view(&state.platform.db, row).await?;
    let main = html! {
        @if let Some(done) = done.done.as_deref() {
            (status_message("success", done_text(&ctx, done)))
        }
        h1 { (ctx.t("Richiesta per ", "Request for ")) (view.offer_title) }
        p { (ctx.t("Stato: ", "State: ")) (status::badge(ctx.lang, view.status)) }
        (request_facts(&ctx, &view))
        (actions(&ctx, &view))
        div class="mt-4" { (conversation_button(&ctx, view.id)) }
    };
    Ok(Page::new(&ctx, view.offer_title.clone(), main).into_response())
}

fn done_text<'a>(ctx: &'a PageContext, action: &str) -> &'a str {
    match action {
        "accept" => ctx.t(
            "Richiesta accettata: il negozio è stato avvisato.",
            "Request accepted: the shop has been told.",
        ),
        "decline" => ctx.t(
            "Richiesta rifiutata: il negozio riceve il motivo.",
            "Request declined: the shop gets the reason.",
        ),
        _ => ctx.t("Fatto.", "Done."),
    }
}

fn action_button(ctx: &PageContext, id: Uuid, action: &str, label: &str, primary: bool) -> Markup {
    html! {
        form method="post" action=(format!("/provider/requests/{id}/{action}")) class="d-inline me-2" {
            (csrf_field(ctx))
            button type="submit" class=(if primary { "btn btn-primary" } else { "btn btn-outline-primary" }) { (label) }
        }
    }
}

fn actions(ctx: &PageContext, view: &requests::RequestView) -> Markup {
    let id = view.id;
    html! {
        @match view.status {
            RequestStatus::Requested => {
                div class="mb-3" { (action_button(ctx, id, "accept", ctx.t("Accetta", "Accept"), true)) }
                form method="post" action=(format!("/provider/requests/{id}/decline")) {
                    (csrf_field(ctx))
                    (field_textarea("reason", ctx.t("Motivo, se rifiuti (almeno 10 caratteri)", "Reason, if you decline (at least 10 characters)"), "", true))
                    button type="submit" class="btn btn-outline-danger" { (ctx.t("Rifiuta", "Decline")) }
                }
            }
            RequestStatus::Accepted => {
                (action_button(ctx, id, "start", ctx.t("Inizia l'attivazione", "Start onboarding"), true))
                (action_button(ctx, id, "abandon", ctx.t("Interrompi", "Abandon"), false))
            }
            RequestStatus::InProgress => {
                (action_button(ctx, id, "complete", ctx.t("Segna come completata", "Mark as completed"), true))
                (action_button(ctx, id, "abandon", ctx.t("Interrompi", "Abandon"), false))
            }
            _ => {}
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct AnswerForm {
    reason: Option<String>,
}

pub async fn answer(
    State(state): State<MatchingState>,
    ctx: PageContext,
    ApiPath((id, action)): ApiPath<(Uuid, String)>,
    PageForm(form): PageForm<AnswerForm>,
) -> PageResult<Response> {
    let action = match action.as_str() {
        "accept" => RequestAction::Accept,
        "decline" => RequestAction::Decline,
        "start" => RequestAction::Start,
        "complete" => RequestAction::Complete,
        "abandon" => RequestAction::Abandon,
        _ => return Err(ApiError::not_found("action")),
    };
    let row = own_request(&state, &ctx, id).await?;
    let side = Side::Provider(row.provider_id);
    let (actor, reason) = (
        ctx.actor.clone(),
        form.reason.filter(|r| !r.trim().is_empty()),
    );
    db::write(&state.platform.db, |txn| {
        let (actor, reason) = (actor.clone(), reason.clone());
        Box::pin(async move { requests::act(txn, &actor, side, id, action, reason).await })
    })
    .await?;
    let name = match action {
        RequestAction::Accept => "accept",
        RequestAction::Decline => "decline",
        _ => "other",
    };
    Ok(see_other(
        &format!("/provider/requests/{id}?done={name}"),
        vec![],
    ))
}

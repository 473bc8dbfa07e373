//! The shop's pages: its requests and their states, asking for an offer (with a message and
//! an idempotency key minted with the form, so a double submit makes one request), and one
//! request with the way to the conversation with the provider.

use super::status;
use crate::MatchingState;
use crate::entities::{offer, onboarding_request as request};
use crate::requests::{self, NewRequest, Side};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use connessi_domain::{ErrorCode, ShopId, ValidationErrors};
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
    let shop = ctx.own_shop()?.0;
    let list = requests::list(&state.platform.db, Side::Shop(shop), None).await?;
    let main = html! {
        (connessi_web::areas::shop_nav(&ctx))
        h1 { (ctx.t("La mia attività", "My business")) }
        h2 class="h4" { (ctx.t("Le mie richieste", "My requests")) }
        @if list.is_empty() {
            p { (ctx.t("Non hai ancora chiesto nessuna offerta.", "You have not asked for any offer yet.")) " "
                a href="/" { (ctx.t("Cerca offerte", "Find offers")) } }
        } @else {
            table class="table" {
                caption class="visually-hidden" { (ctx.t("Le richieste della tua attività", "Your business's requests")) }
                thead { tr {
                    th scope="col" { (ctx.t("Offerta", "Offer")) }
                    th scope="col" { (ctx.t("Stato", "State")) }
                    th scope="col" { (ctx.t("Inviata il", "Sent on")) }
                } }
                tbody {
                    @for r in &list {
                        tr {
                            td { a href=(format!("/shop/requests/{}", r.id)) { (r.offer_title) } }
                            td { (status::badge(ctx.lang, r.status)) }
                            td { (ctx.lang.date(r.created_at.date_naive())) }
                        }
                    }
                }
            }
        }
    };
    Ok(Page::new(&ctx, ctx.t("La mia attività", "My business"), main).into_response())
}

#[derive(Debug, Deserialize)]
pub struct NewRequestQuery {
    offer_id: Uuid,
}

pub async fn new_request(
    State(state): State<MatchingState>,
    ctx: PageContext,
    Query(query): Query<NewRequestQuery>,
) -> PageResult<Response> {
    ctx.own_shop()?;
    let offer = offer::Entity::find_by_id(query.offer_id)
        .one(&state.platform.db)
        .await?
        .ok_or_else(|| ApiError::not_found("offer"))?;
    let main = html! {
        h1 { (ctx.t("Chiedi l'attivazione", "Request onboarding")) }
        p { (ctx.t("Offerta: ", "Offer: ")) a href=(format!("/offers/{}", offer.id)) { (offer.title_it) } }
        form method="post" action="/shop/requests" {
            (csrf_field(&ctx))
            input type="hidden" name="offer_id" value=(offer.id);
            input type="hidden" name="idempotency_key" value=(Uuid::new_v4());
            (field_textarea("message", ctx.t("Messaggio per il fornitore (facoltativo)", "Message for the provider (optional)"), "", false))
            button type="submit" class="btn btn-primary" { (ctx.t("Invia la richiesta", "Send the request")) }
        }
    };
    Ok(Page::new(
        &ctx,
        ctx.t("Chiedi l'attivazione", "Request onboarding"),
        main,
    )
    .into_response())
}

#[derive(Debug, Deserialize)]
pub struct RequestForm {
    offer_id: Uuid,
    idempotency_key: String,
    #[serde(default)]
    message: String,
}

pub async fn create_request(
    State(state): State<MatchingState>,
    ctx: PageContext,
    PageForm(form): PageForm<RequestForm>,
) -> PageResult<Response> {
    let shop = ctx.own_shop()?.0;
    if form.message.chars().count() > 2000 {
        let mut errors = ValidationErrors::default();
        errors.add(
            "message",
            ErrorCode::InvalidLength,
            "at most 2000 characters",
        );
        return Err(errors.into());
    }
    let new = NewRequest {
        offer_id: form.offer_id,
        message: form.message,
    };
    let key = form.idempotency_key;
    let actor = ctx.actor.clone();
    let created = db::write(&state.platform.db, |txn| {
        let (actor, key, new) = (actor.clone(), key.clone(), new.clone());
        Box::pin(async move { requests::create(txn, &actor, shop, &key, new).await })
    })
    .await?;
    Ok(see_other(
        &format!("/shop/requests/{}?sent=1", created.request.id),
        vec![],
    ))
}

#[derive(Debug, Deserialize)]
pub struct Sent {
    sent: Option<u8>,
}

pub async fn request_page(
    State(state): State<MatchingState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<Uuid>,
    Query(sent): Query<Sent>,
) -> PageResult<Response> {
    let db = &state.platform.db;
    let row = request::Entity::find_by_id(id).one(db).await?;
    let row = row
        .filter(|r| ctx.actor.is_shop_member_of(ShopId(r.shop_id)))
        .ok_or_else(|| ApiError::not_found("request"))?;
    let view = requests::view(db, row).await?;
    let main = html! {
        @if sent.sent.is_some() {
            (status_message("success", ctx.t("Richiesta inviata: il fornitore ti risponderà qui e per e-mail.",
                                             "Request sent: the provider will answer here and by e-mail.")))
        }
        h1 { (ctx.t("Richiesta per ", "Request for ")) (view.offer_title) }
        p { (ctx.t("Stato: ", "State: ")) (status::badge(ctx.lang, view.status)) }
        (request_facts(&ctx, &view))
        (conversation_button(&ctx, view.id))
    };
    Ok(Page::new(&ctx, view.offer_title.clone(), main).into_response())
}

/// What both sides see of a request.
pub fn request_facts(ctx: &PageContext, view: &requests::RequestView) -> Markup {
    html! {
        dl class="row" {
            dt class="col-sm-4" { (ctx.t("Offerta", "Offer")) }
            dd class="col-sm-8" { a href=(format!("/offers/{}", view.offer_id)) { (view.offer_title) } }
            dt class="col-sm-4" { (ctx.t("Inviata il", "Sent on")) }
            dd class="col-sm-8" { (ctx.lang.date(view.created_at.date_naive())) }
            @if !view.message.is_empty() {
                dt class="col-sm-4" { (ctx.t("Messaggio", "Message")) } dd class="col-sm-8" { (view.message) }
            }
            @if let Some(reason) = &view.decline_reason {
                dt class="col-sm-4" { (ctx.t("Motivo del rifiuto", "Reason for declining")) } dd class="col-sm-8" { (reason) }
            }
            @if let Some(ends) = view.free_period_ends_on {
                dt class="col-sm-4" { (ctx.t("Gratis fino al", "Free until")) } dd class="col-sm-8" { (ctx.lang.date(ends)) }
            }
        }
    }
}

/// Opens (or reopens) the request's conversation with the other side.
pub fn conversation_button(ctx: &PageContext, request: Uuid) -> Markup {
    html! {
        form method="post" action=(format!("/conversations/for-request/{request}")) {
            (csrf_field(ctx))
            button type="submit" class="btn btn-outline-primary" { (ctx.t("Apri la conversazione", "Open the conversation")) }
        }
    }
}

//! The provider's offers: the list with each one's state and the moderators' reason, and the
//! editor (new offers and changes), which saves a draft or sends it to the moderators in one
//! transaction. A form that does not pass the checks comes back filled in, with what to fix.

use super::editor;
use super::offer_status;
use super::provider_offer_actions as actions;
use crate::CatalogueState;
use crate::entities::offer;
use crate::ops;
use crate::store::offers::{self as offer_store, OfferFilter};
use crate::store::{parse_content, revisions};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use connessi_domain::{OfferContent, OfferId, ProviderId};
use connessi_platform::{ApiError, ApiPath, db};
use connessi_web::forms::FormPairs;
use connessi_web::layout::csrf_field;
use connessi_web::sign_in::see_other;
use connessi_web::widgets::status_message;
use connessi_web::{Page, PageContext, PageResult};
use maud::html;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

pub async fn list(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    Query(done): Query<Done>,
) -> PageResult<Response> {
    let provider = ctx.own_provider()?;
    let filter = OfferFilter {
        provider: Some(provider),
        ..OfferFilter::default()
    };
    let page = state.page_request(Some(1), Some(100))?;
    let (offers, _) = offer_store::list(&state.platform.db, &filter, page).await?;
    let taken = actions::places_taken(&state.platform.db, &offers).await?;
    let main = html! {
        @match done.done.as_deref() {
            Some("submitted") => (status_message("success", ctx.t("Offerta inviata alla moderazione.", "Offer sent to the moderators."))),
            Some("saved") => (status_message("success", ctx.t("Bozza salvata.", "Draft saved."))),
            Some("withdrawn") => (status_message("success", ctx.t("Offerta ritirata: non è più visibile.", "Offer withdrawn: it is no longer shown."))),
            _ => {}
        }
        (connessi_web::areas::provider_nav(&ctx))
        h1 { (ctx.t("Le mie offerte", "My offers")) }
        p { a class="btn btn-primary" href="/provider/offers/new" { (ctx.t("Nuova offerta", "New offer")) } " "
            a href="/provider" { (ctx.t("Richieste ricevute", "Requests received")) } }
        table class="table" {
            caption class="visually-hidden" { (ctx.t("Le offerte del fornitore", "The provider's offers")) }
            thead { tr {
                th scope="col" { (ctx.t("Offerta", "Offer")) }
                th scope="col" { (ctx.t("Stato", "State")) }
                th scope="col" { (ctx.t("Nota della moderazione", "Moderators' note")) }
                th scope="col" { (ctx.t("Posti presi", "Places taken")) }
                th scope="col" { span class="visually-hidden" { (ctx.t("Azioni", "Actions")) } }
            } }
            tbody {
                @for o in &offers {
                    tr {
                        td { a href=(format!("/provider/offers/{}/edit", o.id)) { (o.title_it) } }
                        td { (offer_status::badge(ctx.lang, offer_store::status_of(o))) }
                        td { (o.moderation_reason.as_deref().unwrap_or("")) }
                        td { (actions::places(&ctx, o.capacity, taken.get(&o.id).copied().unwrap_or(0))) }
                        td { (actions::withdraw_form(&ctx, o, offer_store::status_of(o))) }
                    }
                }
            }
        }
    };
    Ok(Page::new(&ctx, ctx.t("Le mie offerte", "My offers"), main).into_response())
}

/// The editor page, with what to fix when a save failed.
fn editor_page(
    ctx: &PageContext,
    action: &str,
    content: &OfferContent,
    note: Option<&offer::Model>,
    failed: Option<&ApiError>,
) -> Response {
    let errors = failed.map(|e| e.errors.clone()).unwrap_or_default();
    let main = html! {
        h1 { (ctx.t("Modifica l'offerta", "Edit the offer")) }
        @if let Some(error) = failed.filter(|e| e.errors.is_empty()) {
            div class="alert alert-danger" role="alert" { (connessi_web::widgets::problem_text(ctx.lang, error.code, &error.detail)) }
        }
        (connessi_web::widgets::error_summary(ctx, &errors))
        @if let Some(model) = note.filter(|m| m.moderation_reason.is_some()) {
            div class="alert alert-warning" role="status" {
                strong { (ctx.t("La moderazione chiede: ", "The moderators ask: ")) }
                (model.moderation_reason.as_deref().unwrap_or(""))
            }
        }
        @if let Some(model) = note {
            p { a href=(format!("/offers/{}", model.id)) { (ctx.t("Anteprima come la vedono i negozi", "Preview as shops see it")) } }
        }
        form method="post" action=(action) novalidate {
            (csrf_field(ctx))
            (editor::fields(ctx, content))
            button type="submit" name="intent" value="save" class="btn btn-outline-primary me-2" { (ctx.t("Salva la bozza", "Save the draft")) }
            button type="submit" name="intent" value="submit" class="btn btn-primary" { (ctx.t("Invia alla moderazione", "Send to the moderators")) }
        }
    };
    let page = Page::new(ctx, ctx.t("Modifica l'offerta", "Edit the offer"), main);
    match failed {
        Some(error) => connessi_web::errors::page_with_problem(page, error),
        None => page.into_response(),
    }
}

pub async fn new(ctx: PageContext) -> PageResult<Response> {
    ctx.own_provider()?;
    let content = OfferContent {
        languages: vec!["it".into()],
        delivery_mode: "online".into(),
        format: "software_service".into(),
        skill_level: "base".into(),
        ..OfferContent::default()
    };
    Ok(editor_page(&ctx, "/provider/offers", &content, None, None))
}

fn intent_submits(form: &FormPairs) -> bool {
    form.one("intent").as_deref() == Some("submit")
}

/// Errors a provider can fix in the form come back with it; others become error pages.
fn fixable(error: &ApiError) -> bool {
    error.code.status() == 422
}

pub async fn create(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    form: FormPairs,
) -> PageResult<Response> {
    let provider = ctx.own_provider()?;
    let content = editor::read(&form);
    let submit = intent_submits(&form);
    let actor = ctx.actor.clone();
    let saved = match ops::offers::checked(content.clone()) {
        Err(error) => Err(error),
        Ok(checked) => {
            db::write(&state.platform.db, |txn| {
                let (actor, checked) = (actor.clone(), checked.clone());
                Box::pin(async move {
                    let created = ops::offers::create(txn, &actor, provider, checked).await?;
                    match submit {
                        true => ops::offers::submit(txn, &actor, OfferId(created.id)).await,
                        false => Ok(created),
                    }
                })
            })
            .await
        }
    };
    match saved {
        Ok(_) => Ok(see_other(done_url(submit), vec![])),
        Err(error) if fixable(&error) => Ok(editor_page(
            &ctx,
            "/provider/offers",
            &content,
            None,
            Some(&error),
        )),
        Err(error) => Err(error),
    }
}

fn done_url(submitted: bool) -> &'static str {
    if submitted {
        "/provider/offers?done=submitted"
    } else {
        "/provider/offers?done=saved"
    }
}

/// The offer, for one of its provider's members; 404 for anyone else.
async fn own_offer(
    state: &CatalogueState,
    ctx: &PageContext,
    id: Uuid,
) -> PageResult<offer::Model> {
    offer_store::find(&state.platform.db, OfferId(id))
        .await?
        .filter(|o| ctx.actor.is_member_of(ProviderId(o.provider_id)))
        .ok_or_else(|| ApiError::not_found("offer"))
}

pub async fn edit(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<Uuid>,
) -> PageResult<Response> {
    let model = own_offer(&state, &ctx, id).await?;
    // A published offer is changed through its open revision, if there is one.
    let content = match revisions::open_for(&state.platform.db, OfferId(id)).await? {
        Some(revision) => parse_content(&revision.content)?,
        None => parse_content(&model.content)?,
    };
    Ok(editor_page(
        &ctx,
        &format!("/provider/offers/{id}"),
        &content,
        Some(&model),
        None,
    ))
}

pub async fn update(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<Uuid>,
    form: FormPairs,
) -> PageResult<Response> {
    let model = own_offer(&state, &ctx, id).await?;
    let content = editor::read(&form);
    let submit = intent_submits(&form);
    let actor = ctx.actor.clone();
    let saved = match ops::offers::checked(content.clone()) {
        Err(error) => Err(error),
        Ok(checked) => {
            db::write(&state.platform.db, |txn| {
                let (actor, checked) = (actor.clone(), checked.clone());
                Box::pin(async move {
                    let edited = ops::offers::edit(txn, &actor, OfferId(id), checked).await?;
                    match submit {
                        true => ops::offers::submit(txn, &actor, OfferId(edited.id)).await,
                        false => Ok(edited),
                    }
                })
            })
            .await
        }
    };
    match saved {
        Ok(_) => Ok(see_other(done_url(submit), vec![])),
        Err(error) if fixable(&error) => Ok(editor_page(
            &ctx,
            &format!("/provider/offers/{id}"),
            &content,
            Some(&model),
            Some(&error),
        )),
        Err(error) => Err(error),
    }
}

//! The moderators' console: the queue of submitted offers and revisions, and the review of
//! one — its content, the published criteria as the server checks them now, the checklist the
//! moderator confirms, and the decision (approve, ask for changes, reject with a reason).

use super::offer::details;
use crate::CatalogueState;
use crate::ops;
use crate::ops::moderation::{Checklist, Decision, DecisionKind};
use crate::store::{offers as offer_store, parse_content, providers, revisions};
use crate::views::QueueItemKind;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use connessi_domain::criteria::{self, Criterion};
use connessi_domain::{ErrorCode, OfferContent, OfferId, ProviderId, RevisionId};
use connessi_platform::{ApiError, ApiPath, db};
use connessi_web::forms::FormPairs;
use connessi_web::layout::csrf_field;
use connessi_web::sign_in::see_other;
use connessi_web::widgets::{badge, field_textarea, status_message};
use connessi_web::{Page, PageContext, PageResult};
use maud::html;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

pub async fn queue(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    Query(done): Query<Done>,
) -> PageResult<Response> {
    let items = ops::queue::pending(&state.platform.db, None, None).await?;
    let main = html! {
        @if done.done.is_some() {
            (status_message("success", ctx.t("Decisione registrata e comunicata al fornitore.", "Decision recorded and sent to the provider.")))
        }
        (connessi_web::areas::moderation_nav(&ctx))
        h1 { (ctx.t("Moderazione: offerte da esaminare", "Moderation: offers to review")) }
        @if items.is_empty() {
            p { (ctx.t("Nessuna offerta in attesa.", "No offer is waiting.")) }
        } @else {
            table class="table" {
                caption class="visually-hidden" { (ctx.t("Offerte e modifiche in attesa, le più vecchie prima", "Offers and changes waiting, oldest first")) }
                thead { tr {
                    th scope="col" { (ctx.t("Offerta", "Offer")) }
                    th scope="col" { (ctx.t("Fornitore", "Provider")) }
                    th scope="col" { (ctx.t("Tipo", "Kind")) }
                    th scope="col" { (ctx.t("Criteri", "Criteria")) }
                } }
                tbody {
                    @for item in &items {
                        @let kind = match item.kind { QueueItemKind::Offer => "offer", QueueItemKind::Revision => "revision" };
                        @let met = item.criteria.iter().filter(|c| c.met).count();
                        tr {
                            td { a href=(format!("/moderation/review/{kind}/{}", item.id)) { (item.title_it) } }
                            td { (item.provider.legal_name) }
                            td { (match item.kind { QueueItemKind::Offer => ctx.t("nuova offerta", "new offer"), QueueItemKind::Revision => ctx.t("modifica", "change") }) }
                            td { (format!("{met}/{}", item.criteria.len())) }
                        }
                    }
                }
            }
        }
    };
    Ok(Page::new(&ctx, ctx.t("Moderazione", "Moderation"), main).into_response())
}

/// What is under review: the offer's content, or the revision's, and who provides it.
async fn under_review(
    state: &CatalogueState,
    kind: &str,
    id: Uuid,
) -> PageResult<(OfferContent, crate::entities::provider::Model, Uuid)> {
    let db = &state.platform.db;
    let (content, offer_id) = match kind {
        "offer" => {
            let offer = offer_store::find(db, OfferId(id))
                .await?
                .ok_or_else(|| ApiError::not_found("offer"))?;
            (offer.content.clone(), offer.id)
        }
        "revision" => {
            let revision = revisions::get(db, RevisionId(id)).await?;
            (revision.content.clone(), revision.offer_id)
        }
        _ => return Err(ApiError::not_found("review")),
    };
    let offer = offer_store::find(db, OfferId(offer_id))
        .await?
        .ok_or_else(|| ApiError::not_found("offer"))?;
    let provider = providers::get(db, ProviderId(offer.provider_id)).await?;
    Ok((parse_content(&content)?, provider, offer_id))
}

fn criterion_label(ctx: &PageContext, criterion: Criterion) -> &'static str {
    ctx.lang
        .t(criterion.description_it(), criterion.description_en())
}

fn review_page(
    ctx: &PageContext,
    kind: &str,
    id: Uuid,
    content: &OfferContent,
    provider: &crate::entities::provider::Model,
    failed: Option<&ApiError>,
) -> Response {
    let checks = criteria::check(content, provider.verified, Utc::now().date_naive());
    let main = html! {
        h1 { (ctx.t("Esame: ", "Review: ")) (content.title.it) }
        p { (ctx.t("Fornitore: ", "Provider: ")) strong { (provider.legal_name) } " "
            @if provider.verified { (badge("success", ctx.t("verificato", "verified"))) } @else { (badge("danger", ctx.t("non verificato", "not verified"))) } }
        @if let Some(error) = failed {
            div class="alert alert-danger" role="alert" { (connessi_web::widgets::problem_text(ctx.lang, error.code, &error.detail)) }
        }
        div class="row" {
            div class="col-lg-7" { (details(ctx, content, content.capacity)) }
            div class="col-lg-5" {
                form method="post" action=(format!("/moderation/review/{kind}/{id}")) class="card card-bg p-4" {
                    (csrf_field(ctx))
                    fieldset class="mb-3" {
                        legend class="h5" { (ctx.t("Lista di controllo", "Checklist")) }
                        @for check in &checks {
                            @let field = format!("checklist-{}", check.criterion.as_str());
                            div class="form-check" {
                                input type="checkbox" id=(field) name="checklist" value=(check.criterion.as_str());
                                label for=(field) {
                                    (criterion_label(ctx, check.criterion)) " "
                                    @if check.met { (badge("success", ctx.t("verificato dal sistema", "checked by the system"))) }
                                    @else { (badge("danger", ctx.t("non rispettato", "not met"))) }
                                }
                            }
                        }
                    }
                    fieldset class="mb-3" {
                        legend class="h5" { (ctx.t("Decisione", "Decision")) }
                        @for (value, label) in [("approve", ctx.t("Approva e pubblica", "Approve and publish")), ("request_changes", ctx.t("Chiedi modifiche", "Ask for changes")), ("reject", ctx.t("Respingi", "Reject"))] {
                            div class="form-check" {
                                input type="radio" id=(format!("decision-{value}")) name="decision" value=(value) required;
                                label for=(format!("decision-{value}")) { (label) }
                            }
                        }
                    }
                    (field_textarea("reason", ctx.t("Motivo per il fornitore (necessario per modifiche e rifiuto)", "Reason for the provider (needed for changes and rejection)"), "", false))
                    button type="submit" class="btn btn-primary" { (ctx.t("Registra la decisione", "Record the decision")) }
                }
            }
        }
    };
    let page = Page::new(ctx, ctx.t("Esame dell'offerta", "Offer review"), main);
    match failed {
        Some(error) => connessi_web::errors::page_with_problem(page, error),
        None => page.into_response(),
    }
}

pub async fn review(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    ApiPath((kind, id)): ApiPath<(String, Uuid)>,
) -> PageResult<Response> {
    let (content, provider, _) = under_review(&state, &kind, id).await?;
    Ok(review_page(&ctx, &kind, id, &content, &provider, None))
}

fn decision_of(form: &FormPairs) -> PageResult<Decision> {
    let decision = match form.one("decision").as_deref() {
        Some("approve") => DecisionKind::Approve,
        Some("request_changes") => DecisionKind::RequestChanges,
        Some("reject") => DecisionKind::Reject,
        _ => {
            return Err(ApiError::new(
                ErrorCode::ValidationFailed,
                "choose a decision",
            ));
        }
    };
    let ticked = form.all("checklist");
    let has = |c: Criterion| ticked.iter().any(|t| t == c.as_str());
    let checklist = Checklist {
        free: has(Criterion::Free),
        no_renewal_obligation: has(Criterion::NoRenewalObligation),
        free_period_stated: has(Criterion::FreePeriodStated),
        has_territory: has(Criterion::HasTerritory),
        provider_verified: has(Criterion::ProviderVerified),
    };
    Ok(Decision {
        decision,
        reason: form.one("reason"),
        checklist: Some(checklist),
    })
}

pub async fn decide(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    ApiPath((kind, id)): ApiPath<(String, Uuid)>,
    form: FormPairs,
) -> PageResult<Response> {
    let (content, provider, _) = under_review(&state, &kind, id).await?;
    let decided = match decision_of(&form) {
        Err(error) => Err(error),
        Ok(decision) => {
            let actor = ctx.actor.clone();
            let revision = kind == "revision";
            db::write(&state.platform.db, |txn| {
                let (actor, decision) = (actor.clone(), decision.clone());
                Box::pin(async move {
                    match revision {
                        true => {
                            ops::moderation::decide_revision(txn, &actor, RevisionId(id), decision)
                                .await
                                .map(|_| ())
                        }
                        false => ops::moderation::decide_offer(txn, &actor, OfferId(id), decision)
                            .await
                            .map(|_| ()),
                    }
                })
            })
            .await
        }
    };
    match decided {
        Ok(()) => Ok(see_other("/moderation?done=1", vec![])),
        Err(error) if matches!(error.code.status(), 409 | 422) => Ok(review_page(
            &ctx,
            &kind,
            id,
            &content,
            &provider,
            Some(&error),
        )),
        Err(error) => Err(error),
    }
}

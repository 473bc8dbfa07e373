//! The shops' priority attributes for moderators to verify: the profiles declaring any, those
//! not verified yet first, each with its place, sector and attributes and a form to confirm
//! them or, with a reason, not (the same check as
//! `PUT /api/v1/moderation/shops/{id}/priority-verification`). Only verified attributes count
//! in allocation rounds.

use crate::MatchingState;
use crate::profile::{self, ProfileView};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use connessi_domain::vocab::SECTORS;
use connessi_platform::{ApiError, ApiPath, db};
use connessi_web::errors::page_with_problem;
use connessi_web::forms::FormPairs;
use connessi_web::layout::csrf_field;
use connessi_web::sign_in::see_other;
use connessi_web::widgets::{badge, status_message};
use connessi_web::{Page, PageContext, PageResult, territory_picker};
use maud::{Markup, html};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

pub async fn list(
    State(state): State<MatchingState>,
    ctx: PageContext,
    Query(done): Query<Done>,
) -> PageResult<Response> {
    let notice = done.done.as_deref().map(|done| match done {
        "verified" => ctx.t(
            "Caratteristiche verificate: ora contano nei turni.",
            "Attributes verified: they now count in rounds.",
        ),
        _ => ctx.t(
            "Caratteristiche non verificate: il motivo resta nel registro delle azioni.",
            "Attributes not verified: the reason is kept in the audit log.",
        ),
    });
    render(&state, &ctx, notice, None).await
}

pub async fn decide(
    State(state): State<MatchingState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<Uuid>,
    form: FormPairs,
) -> PageResult<Response> {
    let verified = form.one("verified").is_some_and(|v| v == "true");
    let (actor, reason) = (ctx.actor.clone(), form.one("reason"));
    let decided = db::write(&state.platform.db, |txn| {
        let (actor, reason) = (actor.clone(), reason.clone());
        Box::pin(async move { profile::verify(txn, &actor, id, verified, reason).await })
    })
    .await;
    match decided {
        Ok(_) => {
            let done = if verified { "verified" } else { "unverified" };
            Ok(see_other(&format!("/moderation/shops?done={done}"), vec![]))
        }
        Err(error) if matches!(error.code.status(), 409 | 422) => {
            render(&state, &ctx, None, Some((id, &error))).await
        }
        Err(error) => Err(error),
    }
}

async fn render(
    state: &MatchingState,
    ctx: &PageContext,
    notice: Option<&str>,
    failed: Option<(Uuid, &ApiError)>,
) -> PageResult<Response> {
    let db = &state.platform.db;
    let waiting = profile::to_verify(db, Some(false)).await?;
    let verified = profile::to_verify(db, Some(true)).await?;
    let title = ctx.t(
        "Priorità dei negozi da verificare",
        "Shops' priorities to verify",
    );
    let main = html! {
        (connessi_web::areas::moderation_nav(ctx))
        @if let Some(notice) = notice { (status_message("success", notice)) }
        h1 { (title) }
        p { (ctx.t("Le caratteristiche dichiarate dai negozi contano nei turni di assegnazione solo dopo la verifica: controlla i documenti del negozio prima di confermarle.",
                   "The attributes shops declare count in allocation rounds only once verified: check the shop's documents before confirming them.")) }
        h2 class="h4" { (ctx.t("Da verificare", "To verify")) }
        @if waiting.is_empty() { p { (ctx.t("Nessun negozio in attesa.", "No shop waiting.")) } }
        @for shop in &waiting { (shop_card(ctx, shop, failed)) }
        h2 class="h4 mt-4" { (ctx.t("Verificate", "Verified")) }
        @if verified.is_empty() { p { (ctx.t("Nessun negozio verificato per ora.", "No shop verified yet.")) } }
        @for shop in &verified { (shop_card(ctx, shop, failed)) }
    };
    let page = Page::new(ctx, title, main);
    Ok(match failed {
        Some((_, error)) => page_with_problem(page, error),
        None => page.into_response(),
    })
}

fn shop_card(ctx: &PageContext, shop: &ProfileView, failed: Option<(Uuid, &ApiError)>) -> Markup {
    let id = shop.shop_id;
    let heading = format!("shop-{id}");
    let reason = format!("reason-{id}");
    let place = territory_picker::label_of(ctx.lang, &shop.profile.comune)
        .unwrap_or_else(|| shop.profile.comune.clone());
    let sector = SECTORS.get(&shop.profile.sector).map_or_else(
        || shop.profile.sector.clone(),
        |t| ctx.lang.term(t).to_owned(),
    );
    let error = failed.filter(|(at, _)| *at == id).map(|(_, e)| e);
    html! {
        section class="card card-bg p-3 mb-3" aria-labelledby=(heading) {
            h3 class="h5" id=(heading) {
                (shop.name) " "
                @if shop.priority_verified { (badge("success", ctx.t("verificate", "verified"))) }
                @else { (badge("warning", ctx.t("da verificare", "to verify"))) }
            }
            p class="mb-2" { (place) " · " (sector) " · " (ctx.t("profilo aggiornato il ", "profile updated on ")) (ctx.lang.date(shop.updated_at.date_naive())) }
            ul {
                @for attribute in &shop.profile.priority_attributes {
                    li { (super::questionnaire::priority_label(ctx.lang, *attribute)) }
                }
            }
            @if let Some(error) = error {
                div class="alert alert-danger" role="alert" id=(format!("errors-{id}")) { (refusal(ctx, error)) }
            }
            form method="post" action=(format!("/moderation/shops/{id}")) novalidate {
                (csrf_field(ctx))
                div class="form-group mb-3" {
                    label class="form-label active" for=(reason) { (ctx.t("Motivo, se non le confermi (almeno 10 caratteri)", "Reason, if you do not confirm them (at least 10 characters)")) }
                    textarea class="form-control" id=(reason) name="reason" rows="2" {}
                }
                div class="d-flex flex-wrap gap-2" {
                    @if !shop.priority_verified {
                        button type="submit" class="btn btn-primary" name="verified" value="true" { (ctx.t("Conferma le caratteristiche", "Confirm the attributes")) }
                    }
                    button type="submit" class="btn btn-outline-danger" name="verified" value="false" {
                        @if shop.priority_verified { (ctx.t("Togli la verifica", "Withdraw the verification")) }
                        @else { (ctx.t("Non confermate", "Not confirmed")) }
                    }
                }
            }
        }
    }
}

fn refusal<'a>(ctx: &'a PageContext, error: &'a ApiError) -> &'a str {
    match error.code {
        connessi_domain::ErrorCode::ReasonRequired => ctx.t(
            "Scrivi perché le caratteristiche non sono confermate (almeno 10 caratteri).",
            "Say why the attributes are not confirmed (at least 10 characters).",
        ),
        _ => &error.detail,
    }
}

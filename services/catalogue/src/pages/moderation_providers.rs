//! Provider verification in the moderators' console: the companies waiting to be verified
//! (a real company behind the Partita IVA), then the verified ones, each verified or its
//! verification withdrawn with a reason, and its entries in the audit log a click away.

use crate::CatalogueState;
use crate::entities::provider;
use crate::ops;
use crate::store::{PageRequest, providers};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use connessi_domain::ProviderId;
use connessi_platform::{ApiError, ApiPath, db};
use connessi_web::errors::page_with_problem;
use connessi_web::forms::FormPairs;
use connessi_web::layout::csrf_field;
use connessi_web::sign_in::see_other;
use connessi_web::widgets::status_message;
use connessi_web::{Page, PageContext, PageResult};
use maud::{Markup, html};
use uuid::Uuid;

const SHOWN: PageRequest = PageRequest {
    page: 1,
    per_page: 200,
};

pub async fn list(State(state): State<CatalogueState>, ctx: PageContext) -> PageResult<Response> {
    render(&state, &ctx, None).await
}

pub async fn decide(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<Uuid>,
    form: FormPairs,
) -> PageResult<Response> {
    let verified = form.one("verified").as_deref() == Some("true");
    let reason = form.one("reason");
    let actor = ctx.actor.clone();
    let done = db::write(&state.platform.db, |txn| {
        let (actor, reason) = (actor.clone(), reason.clone());
        Box::pin(async move {
            ops::moderation::set_verification(txn, &actor, ProviderId(id), verified, reason).await
        })
    })
    .await;
    match done {
        Ok(_) => Ok(see_other("/moderation/providers?done=1", vec![])),
        Err(error) if error.code.status() == 422 => render(&state, &ctx, Some((id, &error))).await,
        Err(error) => Err(error),
    }
}

async fn render(
    state: &CatalogueState,
    ctx: &PageContext,
    failed: Option<(Uuid, &ApiError)>,
) -> PageResult<Response> {
    let db = &state.platform.db;
    let (waiting, _) = providers::list(db, Some(false), SHOWN).await?;
    let (verified, _) = providers::list(db, Some(true), SHOWN).await?;
    let title = ctx.t("Verifica dei fornitori", "Provider verification");
    let main = html! {
        (connessi_web::areas::moderation_nav(ctx))
        h1 { (title) }
        @if ctx.flag("done") { (status_message("success", ctx.t("Decisione registrata.", "Decision recorded."))) }
        p { (ctx.t("Verifica che dietro la Partita IVA ci sia un'azienda reale (registro delle imprese) prima che le sue offerte siano pubblicate.",
                   "Check that a real company stands behind the Partita IVA (company register) before its offers are published.")) }
        h2 class="h4" { (ctx.t("Da verificare", "To verify")) " (" (waiting.len()) ")" }
        (table(ctx, &waiting, failed, ctx.t("Fornitori da verificare", "Providers to verify")))
        h2 class="h4 mt-4" { (ctx.t("Verificati", "Verified")) " (" (verified.len()) ")" }
        (table(ctx, &verified, failed, ctx.t("Fornitori verificati", "Verified providers")))
    };
    let page = Page::new(ctx, title, main);
    Ok(match failed {
        Some((_, error)) => page_with_problem(page, error),
        None => page.into_response(),
    })
}

fn table(
    ctx: &PageContext,
    rows: &[provider::Model],
    failed: Option<(Uuid, &ApiError)>,
    caption: &str,
) -> Markup {
    html! {
        @if rows.is_empty() { p { (ctx.t("Nessuno.", "None.")) } } @else {
            table class="table" {
                caption class="visually-hidden" { (caption) }
                thead { tr {
                    th scope="col" { (ctx.t("Ragione sociale", "Legal name")) }
                    th scope="col" { (ctx.t("Partita IVA", "Partita IVA")) }
                    th scope="col" { (ctx.t("Sito e contatto", "Website and contact")) }
                    th scope="col" { (ctx.t("Decisione", "Decision")) }
                } }
                tbody { @for p in rows {
                    tr {
                        th scope="row" { (p.legal_name) br; a class="small" href=(format!("/moderation/audit?entity_id={}", p.id)) { (ctx.t("registro", "audit log")) } }
                        td { code { (p.partita_iva) } }
                        td { a href=(p.website) rel="noopener noreferrer nofollow" { (p.website) } br; (p.contact_email) }
                        td { (decision_form(ctx, p, failed.filter(|(id, _)| *id == p.id).map(|(_, e)| e))) }
                    }
                } }
            }
        }
    }
}

fn decision_form(ctx: &PageContext, p: &provider::Model, error: Option<&ApiError>) -> Markup {
    let reason = format!("reason-{}", p.id);
    html! {
        form method="post" action=(format!("/moderation/providers/{}", p.id)) novalidate {
            (csrf_field(ctx))
            @if let Some(error) = error { div class="alert alert-danger py-1" role="alert" { (connessi_web::widgets::problem_text(ctx.lang, error.code, &error.detail)) } }
            @if p.verified {
                input type="hidden" name="verified" value="false";
                label class="form-label active small" for=(reason) { (ctx.t("Motivo del ritiro", "Reason for withdrawing")) }
                input type="text" class="form-control form-control-sm mb-1" id=(reason) name="reason";
                button type="submit" class="btn btn-outline-danger btn-sm" { (ctx.t("Ritira la verifica", "Withdraw the verification")) }
            } @else {
                input type="hidden" name="verified" value="true";
                button type="submit" class="btn btn-primary btn-sm" { (ctx.t("Verifica", "Verify")) span class="visually-hidden" { " " (p.legal_name) } }
            }
        }
    }
}

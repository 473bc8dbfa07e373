//! The moderators' review of widget embeds: every embed, those waiting first, with its sites
//! and a decision form (approve, reject or suspend, with the reason its owner will read).

use super::embedder::status_badge;
use crate::CatalogueState;
use crate::embeds::EmbedStatus;
use crate::embeds::review::{self, EmbedAction, EmbedDecision};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use connessi_domain::ErrorCode;
use connessi_platform::{ApiError, ApiPath, db};
use connessi_web::forms::FormPairs;
use connessi_web::layout::csrf_field;
use connessi_web::sign_in::see_other;
use connessi_web::widgets::status_message;
use connessi_web::{Page, PageContext, PageResult};
use maud::{Markup, html};
use uuid::Uuid;

#[derive(Debug, serde::Deserialize)]
pub struct Done {
    done: Option<String>,
}

pub async fn list(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    Query(done): Query<Done>,
) -> PageResult<Response> {
    let embeds = review::all(&state.platform.db).await?;
    let main = html! {
        @if let Some(done) = done.done.as_deref() {
            (status_message("success", &format!("{} {done}.", ctx.t("Decisione registrata:", "Decision recorded:"))))
        }
        (connessi_web::areas::moderation_nav(&ctx))
        h1 { (ctx.t("Siti con il widget", "Sites with the widget")) }
        p { (ctx.t("Approva un sito quando è di un ente del territorio (comune, camera di commercio, associazione di categoria) e gli indirizzi sono suoi.",
                   "Approve a site when it belongs to a local body (municipality, chamber of commerce, trade association) and the addresses are its own.")) }
        @if embeds.is_empty() { p { (ctx.t("Nessun sito registrato.", "No site registered.")) } }
        @for embed in &embeds {
            article class="card card-bg p-3 mb-3" aria-labelledby=(format!("embed-{}", embed.id)) {
                h2 class="h5" id=(format!("embed-{}", embed.id)) { (embed.name) " " (status_badge(&ctx, embed.status)) }
                p class="mb-2" { (ctx.t("Siti: ", "Sites: ")) (embed.origins.join(", ")) }
                @if let Some(reason) = &embed.reason { p class="mb-2" { (ctx.t("Motivo: ", "Reason: ")) (reason) } }
                (decision_form(&ctx, embed.id, embed.status))
            }
        }
    };
    Ok(Page::new(
        &ctx,
        ctx.t("Siti con il widget", "Sites with the widget"),
        main,
    )
    .into_response())
}

fn decision_form(ctx: &PageContext, id: Uuid, status: EmbedStatus) -> Markup {
    let reason_id = format!("reason-{id}");
    html! {
        form method="post" action=(format!("/moderation/embeds/{id}")) class="d-flex flex-wrap gap-2 align-items-end" {
            (csrf_field(ctx))
            div class="flex-grow-1" {
                label for=(reason_id) class="form-label" { (ctx.t("Motivo (per rifiutare o sospendere)", "Reason (to reject or suspend)")) }
                input type="text" class="form-control" id=(reason_id) name="reason";
            }
            @if status != EmbedStatus::Approved {
                button type="submit" name="action" value="approve" class="btn btn-success" { (ctx.t("Approva", "Approve")) }
            }
            @if status == EmbedStatus::Pending {
                button type="submit" name="action" value="reject" class="btn btn-outline-danger" { (ctx.t("Rifiuta", "Reject")) }
            }
            @if status == EmbedStatus::Approved {
                button type="submit" name="action" value="suspend" class="btn btn-outline-danger" { (ctx.t("Sospendi", "Suspend")) }
            }
        }
    }
}

pub async fn decide(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<Uuid>,
    form: FormPairs,
) -> PageResult<Response> {
    let action = match form.one("action").as_deref() {
        Some("approve") => EmbedAction::Approve,
        Some("reject") => EmbedAction::Reject,
        Some("suspend") => EmbedAction::Suspend,
        _ => {
            return Err(ApiError::new(
                ErrorCode::InvalidValue,
                "choose approve, reject or suspend",
            ));
        }
    };
    let decision = EmbedDecision {
        action,
        reason: form.one("reason"),
    };
    let decided = db::write(&state.platform.db, |txn| {
        let (actor, decision) = (ctx.actor.clone(), decision.clone());
        Box::pin(async move { review::decide(txn, &actor, id, decision).await })
    })
    .await?;
    let done = match decided.status {
        EmbedStatus::Approved => ctx.t("approvato", "approved"),
        EmbedStatus::Rejected => ctx.t("rifiutato", "rejected"),
        _ => ctx.t("sospeso", "suspended"),
    };
    let location = format!(
        "/moderation/embeds?done={}",
        connessi_web::context::encode(&format!("{} {done}", decided.name))
    );
    Ok(see_other(&location, Vec::new()))
}

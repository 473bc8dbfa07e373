//! What a moderator sees on an offer's page besides what everyone sees: its state, and the
//! way to suspend a published offer (it leaves the search at once) or reinstate a suspended
//! one, always with a reason that the provider reads and the audit log keeps.

use crate::CatalogueState;
use crate::ops;
use crate::views::OfferView;
use axum::extract::State;
use axum::response::Response;
use connessi_domain::status::{OfferAction, OfferStatus};
use connessi_domain::{ErrorCode, OfferId};
use connessi_platform::{ApiError, ApiPath, db};
use connessi_web::forms::FormPairs;
use connessi_web::layout::csrf_field;
use connessi_web::sign_in::see_other;
use connessi_web::{PageContext, PageResult};
use maud::{Markup, html};
use uuid::Uuid;

/// The moderation box, for moderators only.
pub fn moderation_box(ctx: &PageContext, view: &OfferView) -> Markup {
    let action = match view.status {
        OfferStatus::Published => {
            Some(("suspend", ctx.t("Sospendi l'offerta", "Suspend the offer")))
        }
        OfferStatus::Suspended => Some((
            "reinstate",
            ctx.t("Ripristina l'offerta", "Reinstate the offer"),
        )),
        _ => None,
    };
    html! {
        @if ctx.actor.is_moderator() {
            section class="card card-bg mt-3" aria-labelledby="moderation-box" {
                div class="card-body" {
                    h2 class="h5" id="moderation-box" { (ctx.t("Moderazione", "Moderation")) }
                    p { (ctx.t("Stato: ", "State: ")) code { (view.status.as_str()) } }
                    @if let Some((action, label)) = action {
                        form method="post" action=(format!("/moderation/offers/{}/{action}", view.id.0)) novalidate {
                            (csrf_field(ctx))
                            label class="form-label active" for="moderation-reason" { (ctx.t("Motivo (lo legge il fornitore)", "Reason (the provider reads it)")) }
                            input type="text" class="form-control mb-2" id="moderation-reason" name="reason" required;
                            button type="submit" class="btn btn-outline-danger btn-sm" { (label) }
                        }
                    }
                    p class="mt-2 mb-0" { a href=(format!("/moderation/audit?entity_id={}", view.id.0)) { (ctx.t("Registro delle azioni sull'offerta", "Audit log of the offer")) } }
                }
            }
        }
    }
}

pub async fn act(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    ApiPath((id, action)): ApiPath<(Uuid, String)>,
    form: FormPairs,
) -> PageResult<Response> {
    let action = match action.as_str() {
        "suspend" => OfferAction::Suspend,
        "reinstate" => OfferAction::Reinstate,
        _ => return Err(ApiError::new(ErrorCode::NotFound, "no such action")),
    };
    let reason = form.one("reason");
    let actor = ctx.actor.clone();
    db::write(&state.platform.db, |txn| {
        let (actor, reason) = (actor.clone(), reason.clone());
        Box::pin(async move {
            ops::moderation::suspend_or_reinstate(txn, &actor, OfferId(id), action, reason).await
        })
    })
    .await?;
    Ok(see_other(&format!("/offers/{id}?moderated=1"), vec![]))
}

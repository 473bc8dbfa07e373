//! What a provider's members do to one of its offers.

use crate::CatalogueState;
use crate::entities::offer;
use crate::ops;
use crate::present;
use crate::views::OfferView;
use axum::Json;
use axum::extract::State;
use connessi_domain::{Actor, OfferContent, OfferId};
use connessi_platform::db::{self, TxWork};
use connessi_platform::{ApiJson, ApiPath, ApiResult, CurrentActor, Problem};
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

/// Runs one offer operation in a transaction and answers with the offer as the actor sees it.
async fn run<F>(state: &CatalogueState, actor: &Actor, op: F) -> ApiResult<Json<OfferView>>
where
    F: for<'c> Fn(&'c DatabaseTransaction, Actor) -> TxWork<'c, offer::Model> + Send + Sync,
{
    let db = &state.platform.db;
    let model = db::write(db, |txn| op(txn, actor.clone())).await?;
    Ok(Json(present::offer_view(db, actor, model).await?))
}

/// Replaces the content: in place for drafts and offers sent back for changes; as a revision
/// for published ones (which stay visible as they are until the revision is approved).
#[utoipa::path(put, path = "/api/v1/offers/{id}", tag = "offers", params(("id" = Uuid, Path)), request_body = OfferContent, security(("bearer" = [])), responses(
    (status = 200, body = OfferView), (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn edit_offer(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(content): ApiJson<OfferContent>,
) -> ApiResult<Json<OfferView>> {
    actor.user()?;
    let content = ops::offers::checked(content)?;
    run(&state, &actor, |txn, actor| {
        let content = content.clone();
        Box::pin(async move { ops::offers::edit(txn, &actor, OfferId(id), content).await })
    })
    .await
}

/// Sends the offer (or its open revision) to the moderators.
#[utoipa::path(post, path = "/api/v1/offers/{id}/submit", tag = "offers", params(("id" = Uuid, Path)), security(("bearer" = [])), responses(
    (status = 200, body = OfferView), (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn submit_offer(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<OfferView>> {
    run(&state, &actor, |txn, actor| {
        Box::pin(async move { ops::offers::submit(txn, &actor, OfferId(id)).await })
    })
    .await
}

/// Withdraws the offer from the catalogue or from review.
#[utoipa::path(post, path = "/api/v1/offers/{id}/withdraw", tag = "offers", params(("id" = Uuid, Path)), security(("bearer" = [])), responses(
    (status = 200, body = OfferView), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn withdraw_offer(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<OfferView>> {
    run(&state, &actor, |txn, actor| {
        Box::pin(async move { ops::offers::withdraw(txn, &actor, OfferId(id)).await })
    })
    .await
}

/// Discards the open revision of a published offer.
#[utoipa::path(delete, path = "/api/v1/offers/{id}/revision", tag = "offers", params(("id" = Uuid, Path)), security(("bearer" = [])), responses(
    (status = 200, body = OfferView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn discard_revision(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<OfferView>> {
    run(&state, &actor, |txn, actor| {
        Box::pin(async move { ops::offers::discard_revision(txn, &actor, OfferId(id)).await })
    })
    .await
}

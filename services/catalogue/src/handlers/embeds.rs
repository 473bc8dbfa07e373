//! Embeds of the search widget: registering one and reading its traffic (its owner), and the
//! moderators' review.

use crate::CatalogueState;
use crate::embeds::review::{self, EmbedDecision};
use crate::embeds::traffic::{self, TRAFFIC_DAYS, Traffic};
use crate::embeds::{self, EmbedInput, EmbedView};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use connessi_platform::{ApiJson, ApiPath, ApiResult, CurrentActor, Problem, db};
use uuid::Uuid;

/// Registers a site for the widget: it gets its public key at once, and answers once a
/// moderator approves its origins.
#[utoipa::path(post, path = "/api/v1/embeds", tag = "widget", request_body = EmbedInput, responses(
    (status = 201, body = EmbedView), (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn register(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(input): ApiJson<EmbedInput>,
) -> ApiResult<(StatusCode, Json<EmbedView>)> {
    let created = db::write(&state.platform.db, |txn| {
        let (actor, input) = (actor.clone(), input.clone());
        Box::pin(async move { embeds::create(txn, &actor, input).await })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// The caller's embeds, newest first.
#[utoipa::path(get, path = "/api/v1/embeds", tag = "widget", responses(
    (status = 200, body = Vec<EmbedView>), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn mine(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
) -> ApiResult<Json<Vec<EmbedView>>> {
    Ok(Json(embeds::mine(&state.platform.db, &actor).await?))
}

/// One of the caller's embeds (moderators see any).
#[utoipa::path(get, path = "/api/v1/embeds/{id}", tag = "widget", params(("id" = Uuid, Path)), responses(
    (status = 200, body = EmbedView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<EmbedView>> {
    let row = embeds::visible(&state.platform.db, &actor, id).await?;
    Ok(Json(row.into()))
}

/// Changes the name or the origins; changed origins go back to review.
#[utoipa::path(put, path = "/api/v1/embeds/{id}", tag = "widget", params(("id" = Uuid, Path)), request_body = EmbedInput, responses(
    (status = 200, body = EmbedView), (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn update(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<EmbedInput>,
) -> ApiResult<Json<EmbedView>> {
    let updated = db::write(&state.platform.db, |txn| {
        let (actor, input) = (actor.clone(), input.clone());
        Box::pin(async move { embeds::update(txn, &actor, id, input).await })
    })
    .await?;
    Ok(Json(updated))
}

/// The embed's views, searches, click-throughs and requests started, over the last 30 days.
#[utoipa::path(get, path = "/api/v1/embeds/{id}/traffic", tag = "widget", params(("id" = Uuid, Path)), responses(
    (status = 200, body = Traffic), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn traffic(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Traffic>> {
    let row = embeds::visible(&state.platform.db, &actor, id).await?;
    let traffic = traffic::recent(&state.platform.db, row.id, TRAFFIC_DAYS).await?;
    Ok(Json(traffic))
}

/// Every embed, those waiting for review first.
#[utoipa::path(get, path = "/api/v1/moderation/embeds", tag = "moderation", responses(
    (status = 200, body = Vec<EmbedView>), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn all(State(state): State<CatalogueState>) -> ApiResult<Json<Vec<EmbedView>>> {
    Ok(Json(review::all(&state.platform.db).await?))
}

/// Approves, rejects or suspends an embed (audited; a reason is required to refuse).
#[utoipa::path(post, path = "/api/v1/moderation/embeds/{id}/decision", tag = "moderation", params(("id" = Uuid, Path)),
    request_body = EmbedDecision, responses((status = 200, body = EmbedView),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn decide(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(decision): ApiJson<EmbedDecision>,
) -> ApiResult<Json<EmbedView>> {
    let decided = db::write(&state.platform.db, |txn| {
        let (actor, decision) = (actor.clone(), decision.clone());
        Box::pin(async move { review::decide(txn, &actor, id, decision).await })
    })
    .await?;
    Ok(Json(decided))
}

//! Allocation rounds: moderators open, change, dry-run and publish them and read every
//! result; shops apply and read their own result; anyone reads a round once its window has
//! opened (no shop is named there).

use crate::MatchingState;
use crate::rounds::apply::{self, ApplicationInput, ApplicationView};
use crate::rounds::input::RoundInput;
use crate::rounds::manage::{self, RoundView};
use crate::rounds::publish::{self, DryRun};
use crate::rounds::results::{self, ResultView, ResultsPage};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use connessi_domain::ErrorCode;
use connessi_platform::{
    ApiError, ApiJson, ApiPath, ApiQuery, ApiResult, CurrentActor, Problem, db,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

/// Opens an allocation round; moderators only, audited.
#[utoipa::path(post, path = "/api/v1/moderation/rounds", tag = "rounds", request_body = RoundInput,
    security(("bearer" = [])), responses((status = 201, body = RoundView),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create_round(
    State(state): State<MatchingState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(input): ApiJson<RoundInput>,
) -> ApiResult<(StatusCode, Json<RoundView>)> {
    let view = db::write(&state.platform.db, |txn| {
        let (actor, input) = (actor.clone(), input.clone());
        Box::pin(async move { manage::create(txn, &actor, input).await })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Every round, latest window first; moderators only.
#[utoipa::path(get, path = "/api/v1/moderation/rounds", tag = "rounds", security(("bearer" = [])),
    responses((status = 200, body = Vec<RoundView>),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn moderation_rounds(
    State(state): State<MatchingState>,
) -> ApiResult<Json<Vec<RoundView>>> {
    Ok(Json(manage::list(&state.platform.db, false).await?))
}

/// One round, whatever its state; moderators only.
#[utoipa::path(get, path = "/api/v1/moderation/rounds/{id}", tag = "rounds", params(("id" = Uuid, Path)),
    security(("bearer" = [])), responses((status = 200, body = RoundView),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn moderation_round(
    State(state): State<MatchingState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<RoundView>> {
    let row = crate::rounds::find(&state.platform.db, id).await?;
    Ok(Json(manage::view(&state.platform.db, row).await?))
}

/// Changes a round before its window opens (409 `round_already_open` after); audited.
#[utoipa::path(put, path = "/api/v1/moderation/rounds/{id}", tag = "rounds", params(("id" = Uuid, Path)),
    request_body = RoundInput, security(("bearer" = [])), responses((status = 200, body = RoundView),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn update_round(
    State(state): State<MatchingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<RoundInput>,
) -> ApiResult<Json<RoundView>> {
    let view = db::write(&state.platform.db, |txn| {
        let (actor, input) = (actor.clone(), input.clone());
        Box::pin(async move { manage::update(txn, &actor, id, input).await })
    })
    .await?;
    Ok(Json(view))
}

/// Computes the closed round's results as publishing would, and stores none of them.
#[utoipa::path(post, path = "/api/v1/moderation/rounds/{id}/dry-run", tag = "rounds", params(("id" = Uuid, Path)),
    security(("bearer" = [])), responses((status = 200, body = DryRun),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn dry_run(
    State(state): State<MatchingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<DryRun>> {
    let shown = db::write(&state.platform.db, |txn| {
        let actor = actor.clone();
        Box::pin(async move { publish::dry_run(txn, &actor, id).await })
    })
    .await?;
    Ok(Json(shown))
}

/// Publishes the closed round's results, once: each assignment becomes an accepted
/// onboarding request. A large round takes a while (about 20 s for 100k applications): the
/// publication runs to its end even when the request times out, so read the round again
/// rather than retrying blindly (a second publication answers 409).
#[utoipa::path(post, path = "/api/v1/moderation/rounds/{id}/publish", tag = "rounds", params(("id" = Uuid, Path)),
    security(("bearer" = [])), responses((status = 200, body = RoundView),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn publish_round(
    State(state): State<MatchingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<RoundView>> {
    let view = publish::publish_to_the_end(&state.platform.db, &actor, id).await?;
    Ok(Json(view))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// From 1 (default 1).
    pub page: Option<u64>,
    /// 1 to 1,000 (default 100).
    pub per_page: Option<u64>,
}

/// Every published result, by shop id, a page at a time; moderators only.
#[utoipa::path(get, path = "/api/v1/moderation/rounds/{id}/results", tag = "rounds",
    params(("id" = Uuid, Path), PageQuery), security(("bearer" = [])),
    responses((status = 200, body = ResultsPage),
    (status = 400, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn round_results(
    State(state): State<MatchingState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> ApiResult<Json<ResultsPage>> {
    let (page, per_page) = (query.page.unwrap_or(1), query.per_page.unwrap_or(100));
    if page == 0 || !(1..=1000).contains(&per_page) {
        return Err(ApiError::new(
            ErrorCode::InvalidQueryParameter,
            "page starts at 1; per_page is 1 to 1000",
        ));
    }
    Ok(Json(
        results::page(&state.platform.db, id, page, per_page).await?,
    ))
}

/// Rounds whose window has opened (open, closed, published), latest first; public.
#[utoipa::path(get, path = "/api/v1/rounds", tag = "rounds", responses((status = 200, body = Vec<RoundView>)))]
pub async fn public_rounds(State(state): State<MatchingState>) -> ApiResult<Json<Vec<RoundView>>> {
    Ok(Json(manage::list(&state.platform.db, true).await?))
}

/// A round whose window has opened: its rules, seed, offers and, once published, how many
/// shops each offer took and the lowest priority admitted; public.
#[utoipa::path(get, path = "/api/v1/rounds/{id}", tag = "rounds", params(("id" = Uuid, Path)),
    responses((status = 200, body = RoundView),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn public_round(
    State(state): State<MatchingState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<RoundView>> {
    Ok(Json(manage::public(&state.platform.db, id).await?))
}

/// Applies to the round, or changes the application, while its window is open: 1 to 5
/// distinct offers of the round, best first (201 the first time).
#[utoipa::path(put, path = "/api/v1/shops/{id}/rounds/{round_id}/application", tag = "rounds",
    params(("id" = Uuid, Path), ("round_id" = Uuid, Path)), request_body = ApplicationInput,
    security(("bearer" = [])), responses((status = 201, body = ApplicationView),
    (status = 200, body = ApplicationView),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn save_application(
    State(state): State<MatchingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath((shop, round)): ApiPath<(Uuid, Uuid)>,
    ApiJson(input): ApiJson<ApplicationInput>,
) -> ApiResult<(StatusCode, Json<ApplicationView>)> {
    let (view, first) = db::write(&state.platform.db, |txn| {
        let (actor, input) = (actor.clone(), input.clone());
        Box::pin(async move { apply::save(txn, &actor, round, shop, input).await })
    })
    .await?;
    let status = if first {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(view)))
}

/// The shop's application to the round.
#[utoipa::path(get, path = "/api/v1/shops/{id}/rounds/{round_id}/application", tag = "rounds",
    params(("id" = Uuid, Path), ("round_id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 200, body = ApplicationView),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_application(
    State(state): State<MatchingState>,
    ApiPath((shop, round)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<Json<ApplicationView>> {
    Ok(Json(apply::get(&state.platform.db, round, shop).await?))
}

/// Withdraws the shop's application while the window is open.
#[utoipa::path(delete, path = "/api/v1/shops/{id}/rounds/{round_id}/application", tag = "rounds",
    params(("id" = Uuid, Path), ("round_id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 204),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn withdraw_application(
    State(state): State<MatchingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath((shop, round)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    db::write(&state.platform.db, |txn| {
        let actor = actor.clone();
        Box::pin(async move { apply::withdraw(txn, &actor, round, shop).await })
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The shop's published result in the round, with its explanation.
#[utoipa::path(get, path = "/api/v1/shops/{id}/rounds/{round_id}/result", tag = "rounds",
    params(("id" = Uuid, Path), ("round_id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 200, body = ResultView),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn shop_result(
    State(state): State<MatchingState>,
    ApiPath((shop, round)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<Json<ResultView>> {
    Ok(Json(
        results::of_shop(&state.platform.db, round, shop).await?,
    ))
}

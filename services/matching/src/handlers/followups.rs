//! Follow-up questions: the shop reads what it was asked and answers each once.

use crate::MatchingState;
use crate::followups::{self, FollowUpAnswer, FollowUpView};
use axum::Json;
use axum::extract::State;
use connessi_platform::{ApiJson, ApiPath, ApiResult, CurrentActor, Problem, db};
use uuid::Uuid;

/// The follow-up questions put to the shop, unanswered first.
#[utoipa::path(get, path = "/api/v1/shops/{id}/follow-ups", tag = "onboarding", params(("id" = Uuid, Path)),
    security(("bearer" = [])), responses((status = 200, body = Vec<FollowUpView>),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn shop_follow_ups(
    State(state): State<MatchingState>,
    ApiPath(shop): ApiPath<Uuid>,
) -> ApiResult<Json<Vec<FollowUpView>>> {
    Ok(Json(followups::of_shop(&state.platform.db, shop).await?))
}

/// Answers a follow-up question (once): live or not, still using it, satisfaction 1–5,
/// whether the shop felt pressure to buy.
#[utoipa::path(put, path = "/api/v1/shops/{id}/follow-ups/{follow_up_id}", tag = "onboarding",
    params(("id" = Uuid, Path), ("follow_up_id" = Uuid, Path)), request_body = FollowUpAnswer,
    security(("bearer" = [])), responses((status = 200, body = FollowUpView),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn answer_follow_up(
    State(state): State<MatchingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath((shop, id)): ApiPath<(Uuid, Uuid)>,
    ApiJson(answer): ApiJson<FollowUpAnswer>,
) -> ApiResult<Json<FollowUpView>> {
    let answer = answer.checked()?;
    let view = db::write(&state.platform.db, |txn| {
        let (actor, answer) = (actor.clone(), answer.clone());
        Box::pin(async move { followups::answer(txn, &actor, shop, id, answer).await })
    })
    .await?;
    Ok(Json(view))
}

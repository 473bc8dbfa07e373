//! The moderators' side of messaging: the queue of reported messages and its decisions.

use crate::MessagingState;
use crate::reports::{self, Decision, ReportView};
use axum::Json;
use axum::extract::State;
use connessi_platform::{ApiJson, ApiPath, ApiResult, CurrentActor, Problem, db};
use uuid::Uuid;

/// Reported messages, open ones first (oldest first), each with a few messages around it.
#[utoipa::path(get, path = "/api/v1/moderation/message-reports", tag = "moderation", security(("bearer" = [])),
    responses((status = 200, body = Vec<ReportView>), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn report_queue(State(state): State<MessagingState>) -> ApiResult<Json<Vec<ReportView>>> {
    Ok(Json(reports::queue(&state.platform.db).await?))
}

/// Resolves a report: `dismiss` leaves the message, `hide` hides it for everyone with the
/// reason. Audited.
#[utoipa::path(post, path = "/api/v1/moderation/message-reports/{id}/resolve", tag = "moderation",
    params(("id" = Uuid, Path)), request_body = Decision, security(("bearer" = [])),
    responses((status = 200, body = ReportView), (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn resolve_report(
    State(state): State<MessagingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(decision): ApiJson<Decision>,
) -> ApiResult<Json<ReportView>> {
    let resolved = db::write(&state.platform.db, |txn| {
        let (actor, decision) = (actor.clone(), decision.clone());
        Box::pin(async move { reports::resolve(txn, &actor, id, decision).await })
    })
    .await?;
    state.live.committed(resolved.1);
    Ok(Json(resolved.0))
}

//! Onboarding requests: shops ask and withdraw, providers answer and run the onboarding.

use crate::MatchingState;
use crate::requests::{self, NewRequest, RequestView, Side};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use connessi_domain::ErrorCode;
use connessi_domain::onboarding::{RequestAction, RequestStatus};
use connessi_platform::{
    ApiError, ApiJson, ApiPath, ApiQuery, ApiResult, CurrentActor, Problem, db,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

fn idempotency_key(headers: &HeaderMap) -> ApiResult<String> {
    headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| (1..=100).contains(&k.len()))
        .map(str::to_owned)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::IdempotencyKeyRequired,
                "send an Idempotency-Key header (1 to 100 characters), the same on every retry",
            )
        })
}

/// Asks to be onboarded on an offer. Retrying with the same `Idempotency-Key` answers with
/// the request already made (200) instead of making another (201).
#[utoipa::path(post, path = "/api/v1/shops/{id}/requests", tag = "onboarding", params(("id" = Uuid, Path),
    ("Idempotency-Key" = String, Header, description = "the same on every retry of one request")),
    request_body = NewRequest, security(("bearer" = [])), responses(
    (status = 201, body = RequestView), (status = 200, body = RequestView),
    (status = 400, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create_request(
    State(state): State<MatchingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(shop): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(new): ApiJson<NewRequest>,
) -> ApiResult<(StatusCode, Json<RequestView>)> {
    let key = idempotency_key(&headers)?;
    if new.message.chars().count() > 2000 {
        let mut errors = connessi_domain::ValidationErrors::default();
        errors.add(
            "message",
            ErrorCode::InvalidLength,
            "at most 2000 characters",
        );
        return Err(errors.into());
    }
    let created = db::write(&state.platform.db, |txn| {
        let (actor, key, new) = (actor.clone(), key.clone(), new.clone());
        Box::pin(async move { requests::create(txn, &actor, shop, &key, new).await })
    })
    .await?;
    let status = if created.new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(requests::view(&state.platform.db, created.request).await?),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RequestQuery {
    pub status: Option<RequestStatus>,
}

/// The shop's requests, newest first.
#[utoipa::path(get, path = "/api/v1/shops/{id}/requests", tag = "onboarding", params(("id" = Uuid, Path), RequestQuery),
    security(("bearer" = [])), responses((status = 200, body = Vec<RequestView>),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn shop_requests(
    State(state): State<MatchingState>,
    ApiPath(shop): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<RequestQuery>,
) -> ApiResult<Json<Vec<RequestView>>> {
    Ok(Json(
        requests::list(&state.platform.db, Side::Shop(shop), query.status).await?,
    ))
}

/// The requests the provider received, newest first.
#[utoipa::path(get, path = "/api/v1/providers/{id}/requests", tag = "onboarding", params(("id" = Uuid, Path), RequestQuery),
    security(("bearer" = [])), responses((status = 200, body = Vec<RequestView>),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn provider_requests(
    State(state): State<MatchingState>,
    ApiPath(provider): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<RequestQuery>,
) -> ApiResult<Json<Vec<RequestView>>> {
    Ok(Json(
        requests::list(&state.platform.db, Side::Provider(provider), query.status).await?,
    ))
}

async fn act(
    state: &MatchingState,
    actor: &connessi_domain::Actor,
    side: Side,
    id: Uuid,
    action: RequestAction,
    reason: Option<String>,
) -> ApiResult<Json<RequestView>> {
    let row = db::write(&state.platform.db, |txn| {
        let (actor, reason) = (actor.clone(), reason.clone());
        Box::pin(async move { requests::act(txn, &actor, side, id, action, reason).await })
    })
    .await?;
    Ok(Json(requests::view(&state.platform.db, row).await?))
}

/// Withdraws a request still waiting for an answer.
#[utoipa::path(post, path = "/api/v1/shops/{id}/requests/{request_id}/withdraw", tag = "onboarding",
    params(("id" = Uuid, Path), ("request_id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 200, body = RequestView),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn withdraw_request(
    State(state): State<MatchingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath((shop, id)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<Json<RequestView>> {
    act(
        &state,
        &actor,
        Side::Shop(shop),
        id,
        RequestAction::Withdraw,
        None,
    )
    .await
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// Required to decline (at least 10 characters).
    #[serde(default)]
    pub reason: Option<String>,
}

fn provider_action(name: &str) -> ApiResult<RequestAction> {
    match name {
        "accept" => Ok(RequestAction::Accept),
        "decline" => Ok(RequestAction::Decline),
        "start" => Ok(RequestAction::Start),
        "complete" => Ok(RequestAction::Complete),
        "abandon" => Ok(RequestAction::Abandon),
        _ => Err(ApiError::new(
            ErrorCode::InvalidPathParameter,
            "the action is one of accept, decline, start, complete, abandon",
        )),
    }
}

/// The provider answers a request (`accept`, `decline` with a reason) or moves the onboarding
/// on (`start`, `complete`, `abandon`). Accepting takes one of the offer's places.
#[utoipa::path(post, path = "/api/v1/providers/{id}/requests/{request_id}/{action}", tag = "onboarding",
    params(("id" = Uuid, Path), ("request_id" = Uuid, Path), ("action" = String, Path)),
    request_body = Answer, security(("bearer" = [])), responses((status = 200, body = RequestView),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn answer_request(
    State(state): State<MatchingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath((provider, id, action)): ApiPath<(Uuid, Uuid, String)>,
    ApiJson(answer): ApiJson<Answer>,
) -> ApiResult<Json<RequestView>> {
    let action = provider_action(&action)?;
    act(
        &state,
        &actor,
        Side::Provider(provider),
        id,
        action,
        answer.reason,
    )
    .await
}

/// Requests unanswered for longer than `onboarding.overdue_after_days`, oldest first;
/// moderators only.
#[utoipa::path(get, path = "/api/v1/moderation/requests/overdue", tag = "moderation",
    security(("bearer" = [])), responses((status = 200, body = Vec<RequestView>),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn overdue_requests(
    State(state): State<MatchingState>,
) -> ApiResult<Json<Vec<RequestView>>> {
    let settings = &state.platform.settings.onboarding;
    let overdue =
        crate::deadlines::overdue(&state.platform.db, settings, chrono::Utc::now()).await?;
    Ok(Json(overdue))
}

/// The provider's figures from the requests it received.
#[utoipa::path(get, path = "/api/v1/providers/{id}/figures", tag = "onboarding", params(("id" = Uuid, Path)),
    security(("bearer" = [])), responses((status = 200, body = crate::figures::Figures),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn provider_figures(
    State(state): State<MatchingState>,
    ApiPath(provider): ApiPath<Uuid>,
) -> ApiResult<Json<crate::figures::Figures>> {
    Ok(Json(
        crate::figures::of_provider(&state.platform.db, provider).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct FiguresQuery {
    /// `json` (default) or `csv`.
    pub format: Option<String>,
}

/// Figures of every provider by region of the shops; moderators only; `?format=csv` to
/// export.
#[utoipa::path(get, path = "/api/v1/moderation/figures", tag = "moderation", params(FiguresQuery),
    security(("bearer" = [])), responses((status = 200, body = Vec<crate::figures::FiguresRow>),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn all_figures(
    State(state): State<MatchingState>,
    ApiQuery(query): ApiQuery<FiguresQuery>,
) -> ApiResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let rows = crate::figures::across(&state.platform.db).await?;
    match query.format.as_deref() {
        None | Some("json") => Ok(Json(rows).into_response()),
        Some("csv") => Ok(crate::figures::csv_download(&rows)),
        Some(_) => Err(ApiError::new(
            ErrorCode::InvalidQueryParameter,
            "format is json or csv",
        )),
    }
}

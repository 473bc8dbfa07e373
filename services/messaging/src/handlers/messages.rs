//! A thread's messages: history in pages, posting, changing and deleting one's own, marking
//! what was read, reporting a message to the moderators.

use crate::MessagingState;
use crate::messages::{self, Draft, MessageBody, MessagePage, MessageView};
use crate::reads::{self, ReadStateView, ReadUpTo};
use crate::reports::{self, NewReport, ReportView};
use crate::threads;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use connessi_domain::ErrorCode;
use connessi_platform::{
    ApiError, ApiJson, ApiPath, ApiQuery, ApiResult, CurrentActor, Problem, db,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    /// Only messages older than this one (the previous page's `next_before`).
    pub before: Option<Uuid>,
    /// How many, 1 to 100 (30 by default).
    pub limit: Option<u64>,
}

/// The thread's messages, newest first, a page at a time.
#[utoipa::path(get, path = "/api/v1/conversations/{id}/messages", tag = "messaging",
    params(("id" = Uuid, Path), HistoryQuery), security(("bearer" = [])), responses((status = 200, body = MessagePage),
    (status = 400, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn history(
    State(state): State<MessagingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<HistoryQuery>,
) -> ApiResult<Json<MessagePage>> {
    let limit = query.limit.unwrap_or(30);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::new(
            ErrorCode::InvalidQueryParameter,
            "limit is between 1 and 100",
        ));
    }
    let thread = super::readable(&state, &actor, id, "messages").await?;
    Ok(Json(
        messages::page(&state.platform.db, thread.id, query.before, limit).await?,
    ))
}

/// Posts a message in the thread as the caller's side.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/messages", tag = "messaging", params(("id" = Uuid, Path)),
    request_body = MessageBody, security(("bearer" = [])), responses((status = 201, body = MessageView),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn post_message(
    State(state): State<MessagingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(new): ApiJson<MessageBody>,
) -> ApiResult<(StatusCode, Json<MessageView>)> {
    let body = new.checked()?;
    let author = actor.user()?.id.0;
    let posted = db::write(&state.platform.db, |txn| {
        let (actor, body) = (actor.clone(), body.clone());
        Box::pin(async move {
            let (thread, side) = threads::for_participant(txn, &actor, id).await?;
            let draft = Draft {
                author,
                side,
                body,
                at: Utc::now(),
            };
            messages::insert(txn, &thread, draft).await
        })
    })
    .await?;
    state.live.committed(posted.1);
    Ok((StatusCode::CREATED, Json(posted.0.into())))
}

/// Changes the caller's own message, within five minutes of posting it.
#[utoipa::path(patch, path = "/api/v1/conversations/{id}/messages/{message_id}", tag = "messaging",
    params(("id" = Uuid, Path), ("message_id" = Uuid, Path)), request_body = MessageBody, security(("bearer" = [])),
    responses((status = 200, body = MessageView), (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn edit_message(
    State(state): State<MessagingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath((id, message_id)): ApiPath<(Uuid, Uuid)>,
    ApiJson(new): ApiJson<MessageBody>,
) -> ApiResult<Json<MessageView>> {
    let body = new.checked()?;
    let edited = db::write(&state.platform.db, |txn| {
        let (actor, body) = (actor.clone(), body.clone());
        Box::pin(async move {
            let (thread, _) = threads::for_participant(txn, &actor, id).await?;
            messages::edit(txn, &thread, message_id, actor.user()?.id.0, body).await
        })
    })
    .await?;
    state.live.committed(edited.1);
    Ok(Json(edited.0))
}

/// Deletes the caller's own message; a tombstone keeps its place in the thread.
#[utoipa::path(delete, path = "/api/v1/conversations/{id}/messages/{message_id}", tag = "messaging",
    params(("id" = Uuid, Path), ("message_id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 200, body = MessageView), (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn delete_message(
    State(state): State<MessagingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath((id, message_id)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<Json<MessageView>> {
    let deleted = db::write(&state.platform.db, |txn| {
        let actor = actor.clone();
        Box::pin(async move {
            let (thread, _) = threads::for_participant(txn, &actor, id).await?;
            messages::delete(txn, &thread, message_id, actor.user()?.id.0).await
        })
    })
    .await?;
    state.live.committed(deleted.1);
    Ok(Json(deleted.0))
}

/// Marks the thread read up to a message (never back).
#[utoipa::path(post, path = "/api/v1/conversations/{id}/read", tag = "messaging", params(("id" = Uuid, Path)),
    request_body = ReadUpTo, security(("bearer" = [])), responses((status = 200, body = ReadStateView),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn mark_read(
    State(state): State<MessagingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(read): ApiJson<ReadUpTo>,
) -> ApiResult<Json<ReadStateView>> {
    let user = actor.user()?.id.0;
    let state_now = db::write(&state.platform.db, |txn| {
        let actor = actor.clone();
        Box::pin(async move {
            let (thread, _) = threads::for_participant(txn, &actor, id).await?;
            let message = messages::find(txn, thread.id, read.message_id).await?;
            let moved = reads::advance(txn, thread.id, user, message.id).await?;
            let now = reads::state(txn, thread.id, user).await?;
            let events = match moved {
                true => reads::announce(txn, &thread, user, &now).await?,
                false => Vec::new(),
            };
            Ok((now, events))
        })
    })
    .await?;
    state.live.committed(state_now.1);
    Ok(Json(state_now.0))
}

/// Reports a message of the thread to the moderators.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/messages/{message_id}/report", tag = "messaging",
    params(("id" = Uuid, Path), ("message_id" = Uuid, Path)), request_body = NewReport, security(("bearer" = [])),
    responses((status = 201, body = ReportView), (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn report_message(
    State(state): State<MessagingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath((id, message_id)): ApiPath<(Uuid, Uuid)>,
    ApiJson(new): ApiJson<NewReport>,
) -> ApiResult<(StatusCode, Json<ReportView>)> {
    let filed = db::write(&state.platform.db, |txn| {
        let (actor, new) = (actor.clone(), new.clone());
        Box::pin(async move {
            let (thread, _) = threads::for_participant(txn, &actor, id).await?;
            reports::file(txn, &actor, thread.id, message_id, new).await
        })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(filed)))
}

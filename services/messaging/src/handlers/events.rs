//! The signed-in user's event stream (server-sent events).

use crate::MessagingState;
use crate::live::stream::{self, StreamPlan};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::response::sse::{KeepAlive, Sse};
use connessi_domain::ErrorCode;
use connessi_platform::{ApiError, ApiQuery, ApiResult, CurrentActor};
use serde::Deserialize;
use std::time::Duration;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StreamQuery {
    /// Resume after this event, for clients that cannot send the `Last-Event-ID` header
    /// (the header wins when both are given).
    pub last_event_id: Option<String>,
}

fn resume_point(headers: &HeaderMap, query: StreamQuery) -> ApiResult<Option<i64>> {
    let given = match headers.get("last-event-id") {
        Some(value) => Some(value.to_str().unwrap_or("-").to_owned()),
        None => query.last_event_id,
    };
    let Some(given) = given.filter(|id| !id.trim().is_empty()) else {
        return Ok(None);
    };
    match given.trim().parse::<i64>() {
        Ok(id) if id >= 0 => Ok(Some(id)),
        _ => Err(ApiError::new(
            ErrorCode::InvalidQueryParameter,
            "Last-Event-ID is the id of an event this stream sent (a whole number)",
        )),
    }
}

/// New messages, edits, read receipts and notifications as they happen, as
/// `text/event-stream`. Each event's `id` is its number in the caller's own sequence: a client
/// that reconnects with `Last-Event-ID` gets every event it missed (an event `resync` means
/// those events are no longer kept and what the client shows should be reloaded).
#[utoipa::path(get, path = "/api/v1/events", tag = "messaging", params(StreamQuery),
    security(("bearer" = [])), responses((status = 200, content_type = "text/event-stream", body = String),
    (status = 400, body = connessi_platform::Problem, content_type = "application/problem+json"),
    (status = 401, body = connessi_platform::Problem, content_type = "application/problem+json")))]
pub async fn stream_events(
    State(state): State<MessagingState>,
    CurrentActor(actor): CurrentActor,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<StreamQuery>,
) -> ApiResult<impl IntoResponse> {
    let settings = &state.platform.settings.messaging;
    let plan = StreamPlan {
        user: actor.user()?.id.0,
        after: resume_point(&headers, query)?,
        lasts: Duration::from_secs(settings.stream_max_minutes * 60),
        buffer: settings.stream_buffer,
    };
    let events = stream::events(state.platform.db.clone(), state.live.hub.clone(), plan);
    let keep_alive = KeepAlive::new().interval(Duration::from_secs(settings.keepalive_secs));
    // Proxies must not buffer the stream.
    Ok((
        [("x-accel-buffering", "no")],
        Sse::new(events).keep_alive(keep_alive),
    ))
}

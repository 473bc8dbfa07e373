//! The widget's search API: answers the embed's approved sites only (CORS for exactly the
//! calling origin), within the key's rate, and counts the embed's views and searches.

use crate::CatalogueState;
use crate::embeds::gate::{self, Visitor};
use crate::embeds::traffic::{self, Event};
use crate::embeds::widget::{self, WidgetAnswer, WidgetQuery};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use connessi_domain::ErrorCode;
use connessi_platform::{ApiError, ApiQuery, ApiResult, Problem};
use std::time::Duration;

/// A search from the widget of the embed `key`, shaped for display in `lang`.
#[utoipa::path(get, path = "/api/v1/widget/search", tag = "widget", params(WidgetQuery), responses(
    (status = 200, body = WidgetAnswer),
    (status = 400, body = Problem, content_type = "application/problem+json"),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 429, body = Problem, content_type = "application/problem+json"),
    (status = 503, body = Problem, content_type = "application/problem+json")))]
pub async fn search(
    State(state): State<CatalogueState>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<WidgetQuery>,
) -> ApiResult<Response> {
    let embed = gate::embed_of(&state.platform.db, &query.key).await?;
    let own = gate::own_origin(&state.platform.settings.public_url);
    let visitor = gate::admit(&embed, &headers, own.as_deref())?;
    let mut response = match state.widget_limits.take(&query.key) {
        Err(wait) => rate_limited(wait),
        Ok(()) => match answer(&state, &query, embed.id, &visitor).await {
            Ok(answer) => Json(answer).into_response(),
            Err(error) => error.into_response(),
        },
    };
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let Visitor::Site(origin) = &visitor
        && let Ok(value) = HeaderValue::from_str(origin)
    {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    Ok(response)
}

/// 429 with `Retry-After` in whole seconds.
fn rate_limited(wait: Duration) -> Response {
    let seconds = wait.as_secs() + 1;
    let mut response = ApiError::new(
        ErrorCode::RateLimited,
        format!("this embed made too many searches; try again in {seconds} s"),
    )
    .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    response
}

async fn answer(
    state: &CatalogueState,
    query: &WidgetQuery,
    embed_id: uuid::Uuid,
    visitor: &Visitor,
) -> ApiResult<WidgetAnswer> {
    let request = query.request()?;
    let found = state
        .search
        .backend()
        .search(&request)
        .await
        .map_err(super::search::unavailable)?;
    if *visitor != Visitor::Preview {
        let event = if query.view.as_deref() == Some("1") {
            Event::View
        } else {
            Event::Search
        };
        if let Err(error) = traffic::count(&state.platform.db, embed_id, event).await {
            // The visitor still gets the answer; only the figure is one short.
            tracing::warn!(code = ?error.code, internal = ?error.internal, "widget traffic not counted");
        }
    }
    Ok(widget::answer(
        &found,
        query,
        &state.platform.settings.public_url,
    ))
}

//! Faceted full-text search of offers. Who is asking decides what can be found: the public
//! finds published offers, a provider's members also their own unpublished ones, moderators
//! every offer in every state.

use crate::CatalogueState;
use crate::search::params::SearchParams;
use axum::Json;
use axum::extract::State;
use chrono::Utc;
use connessi_domain::ErrorCode;
use connessi_platform::{ApiError, ApiQuery, ApiResult, CurrentActor, Problem};
use connessi_search::{SearchError, SearchResponse};

/// Offers matching words and filters, with highlighted fragments and disjunctive facet
/// counts (a facet's counts ignore that facet's own selection, so other values stay visible).
#[utoipa::path(get, path = "/api/v1/offers/search", tag = "catalogue", params(SearchParams), responses(
    (status = 200, body = SearchResponse),
    (status = 400, body = Problem, content_type = "application/problem+json"),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 503, body = Problem, content_type = "application/problem+json")))]
pub async fn search_offers(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> ApiResult<Json<SearchResponse>> {
    let request = params.into_request(&actor, Utc::now())?;
    let backend = state.search.backend();
    let response = backend.search(&request).await.map_err(unavailable)?;
    Ok(Json(response))
}

/// Whatever went wrong in the index is logged, never shown: the client may retry.
pub(crate) fn unavailable(error: SearchError) -> ApiError {
    ApiError {
        internal: Some(error.to_string()),
        ..ApiError::new(
            ErrorCode::ServiceUnavailable,
            "search is not available right now; try again shortly",
        )
    }
}

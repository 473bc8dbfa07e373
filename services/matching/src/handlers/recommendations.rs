//! Recommendations for a shop, ranked with their reasons.

use crate::MatchingState;
use crate::recommend::{self, Lang, Recommendations};
use axum::Json;
use axum::extract::State;
use connessi_domain::ErrorCode;
use connessi_platform::{ApiError, ApiPath, ApiQuery, ApiResult, Problem};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RecommendationQuery {
    /// How many to return, 1 to 50 (10 by default).
    pub limit: Option<u32>,
    /// Language of the reasons: `it` (default) or `en`.
    pub lang: Option<Lang>,
}

/// The published offers that best fit the shop's profile, best first, each with its reasons
/// in words; offers the shop already requested are left out.
#[utoipa::path(get, path = "/api/v1/shops/{id}/recommendations", tag = "matching",
    params(("id" = Uuid, Path), RecommendationQuery), security(("bearer" = [])),
    responses((status = 200, body = Recommendations),
    (status = 400, body = Problem, content_type = "application/problem+json"),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn recommendations(
    State(state): State<MatchingState>,
    ApiPath(shop): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<RecommendationQuery>,
) -> ApiResult<Json<Recommendations>> {
    let limit = query.limit.unwrap_or(10);
    if !(1..=50).contains(&limit) {
        return Err(ApiError::new(
            ErrorCode::InvalidQueryParameter,
            "limit is between 1 and 50",
        ));
    }
    let lang = query.lang.unwrap_or_default();
    let found = recommend::for_shop::for_shop(&state, shop, limit as usize, lang).await?;
    Ok(Json(found))
}

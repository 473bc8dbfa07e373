//! Recommendations for a shop, ranked with their reasons.

use crate::MatchingState;
use crate::entities::onboarding_request as request;
use crate::recommend::{self, Ask, Lang, Recommendations, ShopContext};
use axum::Json;
use axum::extract::State;
use connessi_domain::ErrorCode;
use connessi_platform::{ApiError, ApiPath, ApiQuery, ApiResult, Problem};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Deserialize;
use std::collections::HashSet;
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
    let db = &state.platform.db;
    let profile = crate::profile::get(db, shop).await?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::ShopProfileRequired,
            "write the shop's profile first: recommendations follow its place and needs",
        )
    })?;
    let excluded: HashSet<Uuid> = request::Entity::find()
        .select_only()
        .column(request::Column::OfferId)
        .filter(request::Column::ShopId.eq(shop))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let (offers, caught) = state.offers.current(db).await.map_err(|error| ApiError {
        internal: Some(format!("{error:#}")),
        ..ApiError::new(
            ErrorCode::ServiceUnavailable,
            "recommendations are unavailable for a moment; try again",
        )
    })?;
    let tracks = state
        .track_records
        .get(db, caught.onboarding_changed)
        .await?;
    let context = ShopContext::new(&profile.profile);
    let ask = Ask {
        shop: &context,
        tracks: &tracks,
        excluded: &excluded,
        now: chrono::Utc::now(),
        limit: limit as usize,
        lang: query.lang.unwrap_or_default(),
    };
    let (considered, items) = recommend::recommend(&offers, &ask);
    Ok(Json(Recommendations {
        shop_id: shop,
        considered,
        items,
    }))
}

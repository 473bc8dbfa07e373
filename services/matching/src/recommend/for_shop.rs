//! Recommendations for one shop as the API and the shop's page both ask for them: its
//! profile, the offers it has not requested yet, the published offers and the providers'
//! track records, ranked.

use super::{Ask, Lang, Recommendations, ShopContext};
use crate::MatchingState;
use crate::entities::onboarding_request as request;
use connessi_domain::ErrorCode;
use connessi_platform::{ApiError, ApiResult};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashSet;
use uuid::Uuid;

/// Why a shop without a profile gets no recommendations.
pub fn profile_required() -> ApiError {
    ApiError::new(
        ErrorCode::ShopProfileRequired,
        "write the shop's profile first: recommendations follow its place and needs",
    )
}

/// The `limit` best offers for `shop`, reasons in `lang`.
pub async fn for_shop(
    state: &MatchingState,
    shop: Uuid,
    limit: usize,
    lang: Lang,
) -> ApiResult<Recommendations> {
    let db = &state.platform.db;
    let profile = crate::profile::get(db, shop)
        .await?
        .ok_or_else(profile_required)?;
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
        limit,
        lang,
    };
    let (considered, items) = super::recommend(&offers, &ask);
    Ok(Recommendations {
        shop_id: shop,
        considered,
        items,
    })
}

//! Shop profiles: the shop's members write and read theirs; moderators verify the declared
//! priority attributes.

use crate::MatchingState;
use crate::profile::{self, ProfileView};
use axum::Json;
use axum::extract::State;
use connessi_domain::shop::ShopProfile;
use connessi_platform::{
    ApiError, ApiJson, ApiPath, ApiQuery, ApiResult, CurrentActor, Problem, db,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// The shop's profile; its members only.
#[utoipa::path(get, path = "/api/v1/shops/{id}/profile", tag = "shops", params(("id" = Uuid, Path)),
    security(("bearer" = [])), responses((status = 200, body = ProfileView),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_profile(
    State(state): State<MatchingState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<ProfileView>> {
    let found = profile::get(&state.platform.db, id).await?;
    Ok(Json(
        found.ok_or_else(|| ApiError::not_found("shop profile"))?,
    ))
}

/// Writes the shop's profile; its members only. Changing the declared priority attributes
/// undoes their verification.
#[utoipa::path(put, path = "/api/v1/shops/{id}/profile", tag = "shops", params(("id" = Uuid, Path)),
    request_body = ShopProfile, security(("bearer" = [])), responses((status = 200, body = ProfileView),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn save_profile(
    State(state): State<MatchingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ShopProfile>,
) -> ApiResult<Json<ProfileView>> {
    let checked = input.checked()?;
    let saved = db::write(&state.platform.db, |txn| {
        let (actor, checked) = (actor.clone(), checked.clone());
        Box::pin(async move { profile::save(txn, &actor, id, checked).await })
    })
    .await?;
    Ok(Json(saved))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct VerificationQuery {
    /// Only verified (`true`) or not yet verified (`false`) profiles.
    pub verified: Option<bool>,
}

/// Profiles that declare priority attributes, oldest change first; moderators only.
#[utoipa::path(get, path = "/api/v1/moderation/shops", tag = "moderation", params(VerificationQuery),
    security(("bearer" = [])), responses((status = 200, body = Vec<ProfileView>),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn profiles_to_verify(
    State(state): State<MatchingState>,
    ApiQuery(query): ApiQuery<VerificationQuery>,
) -> ApiResult<Json<Vec<ProfileView>>> {
    Ok(Json(
        profile::to_verify(&state.platform.db, query.verified).await?,
    ))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityVerification {
    pub verified: bool,
    /// Required when not verifying (at least 10 characters).
    #[serde(default)]
    pub reason: Option<String>,
}

/// Marks a shop's declared priority attributes verified, or not; moderators only, audited.
#[utoipa::path(put, path = "/api/v1/moderation/shops/{id}/priority-verification", tag = "moderation",
    params(("id" = Uuid, Path)), request_body = PriorityVerification, security(("bearer" = [])),
    responses((status = 200, body = ProfileView),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn verify_priority(
    State(state): State<MatchingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<PriorityVerification>,
) -> ApiResult<Json<ProfileView>> {
    let view = db::write(&state.platform.db, |txn| {
        let (actor, input) = (actor.clone(), input.clone());
        Box::pin(
            async move { profile::verify(txn, &actor, id, input.verified, input.reason).await },
        )
    })
    .await?;
    Ok(Json(view))
}

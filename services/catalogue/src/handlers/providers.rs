//! Provider profiles and each provider's offers.

use crate::CatalogueState;
use crate::ops;
use crate::present;
use crate::store::offers::{self as offer_store, OfferFilter};
use crate::store::providers as provider_store;
use crate::views::{OfferView, Page, ProviderView};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use connessi_domain::provider::ProviderProfile;
use connessi_domain::{ErrorCode, OfferContent, OfferStatus, ProviderId};
use connessi_platform::{
    ApiError, ApiJson, ApiPath, ApiQuery, ApiResult, CurrentActor, Problem, db,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ProviderListQuery {
    /// Moderators only: filter by verification (everyone else sees verified providers).
    pub verified: Option<bool>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// Providers by name: verified ones for everyone, all of them for moderators.
#[utoipa::path(get, path = "/api/v1/providers", tag = "providers", params(ProviderListQuery), responses(
    (status = 200, body = Page<ProviderView>), (status = 400, body = Problem, content_type = "application/problem+json")))]
pub async fn list_providers(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<ProviderListQuery>,
) -> ApiResult<Json<Page<ProviderView>>> {
    let request = state.page_request(query.page, query.per_page)?;
    let verified = if actor.is_moderator() {
        query.verified
    } else {
        Some(true)
    };
    let (models, total) = provider_store::list(&state.platform.db, verified, request).await?;
    Ok(Json(present::page(
        models.into_iter().map(Into::into).collect(),
        request,
        total,
    )))
}

/// Registers a provider; the signed-in user becomes its owner. Moderators verify it later.
#[utoipa::path(post, path = "/api/v1/providers", tag = "providers", request_body = ProviderProfile, security(("bearer" = [])), responses(
    (status = 201, body = ProviderView), (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn register_provider(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(profile): ApiJson<ProviderProfile>,
) -> ApiResult<(StatusCode, Json<ProviderView>)> {
    let created = db::write(&state.platform.db, |txn| {
        let (actor, profile) = (actor.clone(), profile.clone());
        Box::pin(async move { ops::providers::register(txn, &actor, profile).await })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// A provider's profile.
#[utoipa::path(get, path = "/api/v1/providers/{id}", tag = "providers", params(("id" = Uuid, Path)), responses(
    (status = 200, body = ProviderView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_provider(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<ProviderView>> {
    let db = &state.platform.db;
    let provider = provider_store::get(db, ProviderId(id)).await?;
    // A provider is public once verified, and stays so while any of its offers is published.
    let public = provider.verified || offer_store::has_public_offers(db, ProviderId(id)).await?;
    if !public && !actor.can_see_unpublished_of(ProviderId(id)) {
        return Err(ApiError::not_found("provider"));
    }
    Ok(Json(provider.into()))
}

/// Replaces the provider's profile (members only). Changing legal name or Partita IVA
/// withdraws the verification until a moderator repeats it.
#[utoipa::path(put, path = "/api/v1/providers/{id}", tag = "providers", params(("id" = Uuid, Path)), request_body = ProviderProfile, security(("bearer" = [])), responses(
    (status = 200, body = ProviderView), (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn update_provider(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(profile): ApiJson<ProviderProfile>,
) -> ApiResult<Json<ProviderView>> {
    let updated = db::write(&state.platform.db, |txn| {
        let (actor, profile) = (actor.clone(), profile.clone());
        Box::pin(async move { ops::providers::update(txn, &actor, ProviderId(id), profile).await })
    })
    .await?;
    Ok(Json(updated.into()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ProviderOffersQuery {
    /// Members and moderators only: filter by status.
    pub status: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// A provider's offers: all of them for its members and moderators, published ones otherwise.
#[utoipa::path(get, path = "/api/v1/providers/{id}/offers", tag = "providers", params(("id" = Uuid, Path), ProviderOffersQuery), responses(
    (status = 200, body = Page<OfferView>), (status = 400, body = Problem, content_type = "application/problem+json")))]
pub async fn provider_offers(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<ProviderOffersQuery>,
) -> ApiResult<Json<Page<OfferView>>> {
    let request = state.page_request(query.page, query.per_page)?;
    let status = match query.status.as_deref() {
        None => None,
        Some(s) => Some(OfferStatus::parse(s).ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidQueryParameter,
                "status is not a known offer status",
            )
        })?),
    };
    let db = &state.platform.db;
    provider_store::get(db, ProviderId(id)).await?;
    let insider = actor.can_see_unpublished_of(ProviderId(id));
    let statuses = match (insider, status) {
        (true, Some(status)) => vec![status],
        (true, None) => vec![],
        (false, _) => vec![OfferStatus::Published],
    };
    let filter = OfferFilter {
        statuses,
        provider: Some(ProviderId(id)),
        only_unexpired_at: (!insider).then(Utc::now),
        ..Default::default()
    };
    let (models, total) = offer_store::list(db, &filter, request).await?;
    let views = present::offer_views(db, &actor, models).await?;
    Ok(Json(present::page(views, request, total)))
}

/// Creates a draft offer for the provider (members only).
#[utoipa::path(post, path = "/api/v1/providers/{id}/offers", tag = "offers", params(("id" = Uuid, Path)), request_body = OfferContent, security(("bearer" = [])), responses(
    (status = 201, body = OfferView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create_offer(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(content): ApiJson<OfferContent>,
) -> ApiResult<(StatusCode, Json<OfferView>)> {
    let content = ops::offers::checked(content)?;
    let db = &state.platform.db;
    let created = db::write(db, |txn| {
        let (actor, content) = (actor.clone(), content.clone());
        Box::pin(async move { ops::offers::create(txn, &actor, ProviderId(id), content).await })
    })
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(present::offer_view(db, &actor, created).await?),
    ))
}

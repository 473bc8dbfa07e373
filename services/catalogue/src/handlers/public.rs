//! What anyone may read: published offers, vocabularies, territories and the criteria.

use crate::CatalogueState;
use crate::present;
use crate::store::offers::{self as offer_store, OfferFilter};
use crate::views::{OfferView, Page};
use axum::Json;
use axum::extract::State;
use chrono::Utc;
use connessi_domain::territory::{Comune, Province, Region, istat};
use connessi_domain::vocab::{self, Term};
use connessi_domain::{ErrorCode, OfferId, OfferStatus, ProviderId};
use connessi_platform::{ApiError, ApiPath, ApiQuery, ApiResult, CurrentActor, Problem};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OfferListQuery {
    pub page: Option<u64>,
    pub per_page: Option<u64>,
    /// A category code.
    pub category: Option<String>,
    pub provider_id: Option<Uuid>,
}

/// Published offers, newest first.
#[utoipa::path(get, path = "/api/v1/offers", tag = "catalogue", params(OfferListQuery), responses(
    (status = 200, body = Page<OfferView>), (status = 400, body = Problem, content_type = "application/problem+json")))]
pub async fn list_offers(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<OfferListQuery>,
) -> ApiResult<Json<Page<OfferView>>> {
    let request = state.page_request(query.page, query.per_page)?;
    if let Some(category) = &query.category
        && !vocab::CATEGORIES.contains(category)
    {
        return Err(ApiError::new(
            ErrorCode::InvalidQueryParameter,
            "category is not a known category code",
        ));
    }
    let filter = OfferFilter {
        statuses: vec![OfferStatus::Published],
        provider: query.provider_id.map(ProviderId),
        category: query.category,
        only_unexpired_at: Some(Utc::now()),
    };
    let db = &state.platform.db;
    let (models, total) = offer_store::list(db, &filter, request).await?;
    let views = present::offer_views(db, &actor, models).await?;
    Ok(Json(present::page(views, request, total)))
}

/// One offer: published ones for everyone, others for the provider's members and moderators.
#[utoipa::path(get, path = "/api/v1/offers/{id}", tag = "catalogue", params(("id" = Uuid, Path)), responses(
    (status = 200, body = OfferView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_offer(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<OfferView>> {
    let db = &state.platform.db;
    let model = offer_store::find(db, OfferId(id))
        .await?
        .ok_or_else(|| ApiError::not_found("offer"))?;
    let expired = model.expires_at.is_some_and(|at| at <= Utc::now());
    let public = offer_store::status_of(&model).is_public() && !expired;
    if !public && !actor.can_see_unpublished_of(ProviderId(model.provider_id)) {
        return Err(ApiError::not_found("offer"));
    }
    Ok(Json(present::offer_view(db, &actor, model).await?))
}

/// Every controlled vocabulary with Italian and English labels.
#[utoipa::path(get, path = "/api/v1/vocabularies", tag = "catalogue", responses((status = 200, body = BTreeMap<String, Vec<Term>>)))]
pub async fn vocabularies() -> Json<BTreeMap<&'static str, &'static [Term]>> {
    Json(
        vocab::ALL
            .iter()
            .map(|(name, vocabulary)| (*name, vocabulary.terms))
            .collect(),
    )
}

/// The 20 regions.
#[utoipa::path(get, path = "/api/v1/territories/regions", tag = "catalogue", responses((status = 200, body = Vec<Region>)))]
pub async fn regions() -> Json<Vec<&'static Region>> {
    Json(istat().regions.values().collect())
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ProvinceQuery {
    /// 2-digit ISTAT region code.
    pub region: Option<String>,
}

/// Provinces by car-plate code, optionally of one region.
#[utoipa::path(get, path = "/api/v1/territories/provinces", tag = "catalogue", params(ProvinceQuery), responses((status = 200, body = Vec<Province>)))]
pub async fn provinces(ApiQuery(query): ApiQuery<ProvinceQuery>) -> Json<Vec<&'static Province>> {
    let provinces = istat()
        .provinces
        .values()
        .filter(|p| query.region.as_ref().is_none_or(|r| &p.region_code == r));
    Json(provinces.collect())
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ComuneQuery {
    /// Province car-plate code.
    pub province: Option<String>,
    /// Start of the name, case-insensitive.
    pub q: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// Comuni by name, filtered by province or by the start of their name.
#[utoipa::path(get, path = "/api/v1/territories/comuni", tag = "catalogue", params(ComuneQuery), responses(
    (status = 200, body = Page<Comune>), (status = 400, body = Problem, content_type = "application/problem+json")))]
pub async fn comuni(
    State(state): State<CatalogueState>,
    ApiQuery(query): ApiQuery<ComuneQuery>,
) -> ApiResult<Json<Page<Comune>>> {
    let request = state.page_request(query.page, query.per_page)?;
    let prefix = query
        .q
        .as_deref()
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty());
    if prefix.as_ref().is_some_and(|q| q.chars().count() > 100) {
        return Err(ApiError::new(
            ErrorCode::InvalidQueryParameter,
            "q is at most 100 characters",
        ));
    }
    let table = istat();
    let matching: Vec<&Comune> = table
        .comuni_by_name
        .iter()
        .map(|code| &table.comuni[code])
        .filter(|c| {
            query
                .province
                .as_ref()
                .is_none_or(|p| &c.province_code == p)
        })
        .filter(|c| {
            prefix
                .as_ref()
                .is_none_or(|q| c.name.to_lowercase().starts_with(q.as_str()))
        })
        .collect();
    let total = matching.len() as u64;
    let items = matching
        .into_iter()
        .skip(request.offset() as usize)
        .take(request.per_page as usize)
        .cloned()
        .collect();
    Ok(Json(present::page(items, request, total)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CriterionView {
    pub code: &'static str,
    pub description_it: &'static str,
    pub description_en: &'static str,
}

/// The published acceptance criteria every offer must meet.
#[utoipa::path(get, path = "/api/v1/acceptance-criteria", tag = "catalogue", responses((status = 200, body = Vec<CriterionView>)))]
pub async fn acceptance_criteria() -> Json<Vec<CriterionView>> {
    let criteria = connessi_domain::criteria::Criterion::ALL
        .iter()
        .map(|c| CriterionView {
            code: c.as_str(),
            description_it: c.description_it(),
            description_en: c.description_en(),
        });
    Json(criteria.collect())
}

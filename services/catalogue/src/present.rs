//! Turns stored rows into API views for a given actor, and checks paging parameters.

use crate::entities::offer;
use crate::store::{PageRequest, parse_content, providers, revisions};
use crate::views::{OfferView, Page, RevisionView};
use connessi_domain::{Actor, ErrorCode, OfferId, ProviderId};
use connessi_platform::{ApiError, ApiResult};
use sea_orm::ConnectionTrait;
use serde::Deserialize;
use utoipa::IntoParams;

/// `?page=&per_page=`.
#[derive(Debug, Clone, Copy, Default, Deserialize, IntoParams)]
pub struct Paging {
    /// From 1 (default 1).
    pub page: Option<u64>,
    /// From 1 to the configured maximum (default 20).
    pub per_page: Option<u64>,
}

impl Paging {
    pub fn checked(self, max: u64) -> ApiResult<PageRequest> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(20);
        if page == 0 || page > 100_000 {
            return Err(ApiError::new(
                ErrorCode::InvalidQueryParameter,
                "page must be between 1 and 100000",
            ));
        }
        if per_page == 0 || per_page > max {
            return Err(ApiError::new(
                ErrorCode::InvalidQueryParameter,
                format!("per_page must be between 1 and {max}"),
            ));
        }
        Ok(PageRequest { page, per_page })
    }
}

pub fn page<T>(items: Vec<T>, request: PageRequest, total: u64) -> Page<T> {
    Page {
        items,
        page: request.page,
        per_page: request.per_page,
        total,
    }
}

/// The offer as `actor` may see it: members and moderators get the moderation note and the
/// open revision.
pub async fn offer_view(
    db: &impl ConnectionTrait,
    actor: &Actor,
    model: offer::Model,
) -> ApiResult<OfferView> {
    let provider = providers::get(db, ProviderId(model.provider_id)).await?;
    let content = parse_content(&model.content)?;
    if !actor.can_see_unpublished_of(ProviderId(model.provider_id)) {
        return Ok(OfferView::public(model, content, &provider));
    }
    let revision = match revisions::open_for(db, OfferId(model.id)).await? {
        Some(open) => {
            let revision_content = parse_content(&open.content)?;
            Some(RevisionView::new(open, revision_content))
        }
        None => None,
    };
    Ok(OfferView::full(model, content, &provider, revision))
}

/// Views of a list of offers, loading their providers in one query.
pub async fn offer_views(
    db: &impl ConnectionTrait,
    actor: &Actor,
    models: Vec<offer::Model>,
) -> ApiResult<Vec<OfferView>> {
    let ids = models.iter().map(|m| m.provider_id).collect();
    let providers = providers::many(db, ids).await?;
    let mut views = Vec::with_capacity(models.len());
    for model in models {
        let Some(provider) = providers.get(&model.provider_id) else {
            return Err(ApiError::internal("offer without provider"));
        };
        let content = parse_content(&model.content)?;
        views.push(
            if actor.can_see_unpublished_of(ProviderId(model.provider_id)) {
                OfferView::full(model, content, provider, None)
            } else {
                OfferView::public(model, content, provider)
            },
        );
    }
    Ok(views)
}

//! Offers: their rows, the facet rows derived from their content, and the listings.

use super::PageRequest;
use crate::entities::{offer, offer_facet};
use chrono::{DateTime, Utc};
use connessi_domain::{OfferContent, OfferId, OfferStatus, ProviderId};
use connessi_platform::{ApiError, ApiResult};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbBackend,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};

/// The offer, locked for the rest of the transaction where the database supports it (SQLite
/// write transactions are already exclusive).
pub async fn get_for_update(db: &impl ConnectionTrait, id: OfferId) -> ApiResult<offer::Model> {
    let mut query = offer::Entity::find_by_id(id.0);
    if db.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    query
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("offer"))
}

pub async fn find(db: &impl ConnectionTrait, id: OfferId) -> ApiResult<Option<offer::Model>> {
    Ok(offer::Entity::find_by_id(id.0).one(db).await?)
}

pub fn status_of(model: &offer::Model) -> OfferStatus {
    OfferStatus::parse(&model.status).unwrap_or(OfferStatus::Draft)
}

/// Creates a draft.
pub async fn insert(
    db: &impl ConnectionTrait,
    provider: ProviderId,
    content: &OfferContent,
) -> ApiResult<offer::Model> {
    let now = Utc::now();
    let model = offer::ActiveModel {
        id: Set(OfferId::new().0),
        provider_id: Set(provider.0),
        status: Set(OfferStatus::Draft.as_str().to_owned()),
        content: Set(serde_json::to_string(content)?),
        title_it: Set(content.title.it.clone()),
        capacity: Set(content.capacity.map(|c| c as i32)),
        expires_at: Set(content.expires_at()),
        moderation_action: Set(None),
        moderation_reason: Set(None),
        moderated_at: Set(None),
        submitted_at: Set(None),
        published_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(db)
    .await?;
    write_facets(db, OfferId(model.id), content).await?;
    Ok(model)
}

/// Replaces the content and everything derived from it.
pub async fn replace_content(
    db: &impl ConnectionTrait,
    current: offer::Model,
    content: &OfferContent,
) -> ApiResult<offer::Model> {
    let version = current.version;
    let mut model: offer::ActiveModel = current.into();
    model.content = Set(serde_json::to_string(content)?);
    model.title_it = Set(content.title.it.clone());
    model.capacity = Set(content.capacity.map(|c| c as i32));
    model.expires_at = Set(content.expires_at());
    model.updated_at = Set(Utc::now());
    model.version = Set(version + 1);
    let model = model.update(db).await?;
    write_facets(db, OfferId(model.id), content).await?;
    Ok(model)
}

/// What a change of status writes besides the status itself.
#[derive(Debug, Default)]
pub struct StatusChange {
    pub moderation: Option<(String, Option<String>)>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
}

pub async fn set_status(
    db: &impl ConnectionTrait,
    current: offer::Model,
    next: OfferStatus,
    change: StatusChange,
) -> ApiResult<offer::Model> {
    let now = Utc::now();
    let version = current.version;
    let mut model: offer::ActiveModel = current.into();
    model.status = Set(next.as_str().to_owned());
    if let Some((action, reason)) = change.moderation {
        model.moderation_action = Set(Some(action));
        model.moderation_reason = Set(reason);
        model.moderated_at = Set(Some(now));
    }
    if let Some(at) = change.submitted_at {
        model.submitted_at = Set(Some(at));
    }
    if let Some(at) = change.published_at {
        model.published_at = Set(Some(at));
    }
    model.updated_at = Set(now);
    model.version = Set(version + 1);
    Ok(model.update(db).await?)
}

/// Records a moderator's decision on the offer without changing its status (decisions on its
/// revisions).
pub async fn note_moderation(
    db: &impl ConnectionTrait,
    current: offer::Model,
    (action, reason): (String, Option<String>),
) -> ApiResult<offer::Model> {
    let mut model: offer::ActiveModel = current.into();
    model.moderation_action = Set(Some(action));
    model.moderation_reason = Set(reason);
    model.moderated_at = Set(Some(Utc::now()));
    model.updated_at = Set(Utc::now());
    Ok(model.update(db).await?)
}

/// The facet rows of `content`, replacing those of the previous content.
async fn write_facets(
    db: &impl ConnectionTrait,
    offer: OfferId,
    content: &OfferContent,
) -> ApiResult<()> {
    offer_facet::Entity::delete_many()
        .filter(offer_facet::Column::OfferId.eq(offer.0))
        .exec(db)
        .await?;
    let rows: Vec<_> = facets(content)
        .into_iter()
        .map(|(facet, value)| offer_facet::ActiveModel {
            offer_id: Set(offer.0),
            facet: Set(facet.to_owned()),
            value: Set(value),
        })
        .collect();
    if !rows.is_empty() {
        offer_facet::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Every (facet, value) pair of the content.
pub fn facets(content: &OfferContent) -> Vec<(&'static str, String)> {
    let mut pairs = Vec::new();
    let lists: [(&'static str, &Vec<String>); 6] = [
        ("category", &content.categories),
        ("sector", &content.sectors),
        ("language", &content.languages),
        ("region", &content.territory.regions),
        ("province", &content.territory.provinces),
        ("comune", &content.territory.comuni),
    ];
    for (facet, values) in lists {
        pairs.extend(values.iter().map(|v| (facet, v.clone())));
    }
    pairs.push(("delivery_mode", content.delivery_mode.clone()));
    pairs.push(("format", content.format.clone()));
    pairs.push(("skill_level", content.skill_level.clone()));
    if content.territory.national {
        pairs.push(("national", "true".to_owned()));
    }
    pairs
}

/// Filters of the offer listings.
#[derive(Debug, Default, Clone)]
pub struct OfferFilter {
    pub statuses: Vec<OfferStatus>,
    pub provider: Option<ProviderId>,
    pub category: Option<String>,
    /// Leave out offers whose end date has passed even before the expiry job ran.
    pub only_unexpired_at: Option<DateTime<Utc>>,
}

fn filtered(filter: &OfferFilter) -> Select<offer::Entity> {
    let mut query = offer::Entity::find();
    if !filter.statuses.is_empty() {
        query =
            query.filter(offer::Column::Status.is_in(filter.statuses.iter().map(|s| s.as_str())));
    }
    if let Some(provider) = filter.provider {
        query = query.filter(offer::Column::ProviderId.eq(provider.0));
    }
    if let Some(category) = &filter.category {
        let with_category = Query::select()
            .column(offer_facet::Column::OfferId)
            .from(offer_facet::Entity)
            .and_where(offer_facet::Column::Facet.eq("category"))
            .and_where(offer_facet::Column::Value.eq(category.as_str()))
            .to_owned();
        query = query.filter(offer::Column::Id.in_subquery(with_category));
    }
    if let Some(now) = filter.only_unexpired_at {
        query = query.filter(
            Condition::any()
                .add(offer::Column::ExpiresAt.is_null())
                .add(offer::Column::ExpiresAt.gt(now)),
        );
    }
    query
}

/// A page of offers, newest published (or updated) first.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &OfferFilter,
    page: PageRequest,
) -> ApiResult<(Vec<offer::Model>, u64)> {
    let query = filtered(filter);
    let total = query.clone().count(db).await?;
    let items = query
        .order_by_desc(offer::Column::PublishedAt)
        .order_by_desc(offer::Column::UpdatedAt)
        .order_by_desc(offer::Column::Id)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    Ok((items, total))
}

/// Whether the provider has an offer the public can see.
pub async fn has_public_offers(db: &impl ConnectionTrait, provider: ProviderId) -> ApiResult<bool> {
    let filter = OfferFilter {
        statuses: vec![OfferStatus::Published],
        provider: Some(provider),
        only_unexpired_at: Some(Utc::now()),
        ..Default::default()
    };
    Ok(filtered(&filter).count(db).await? > 0)
}

/// Every offer matching `filter`, oldest first (for bulk changes).
pub async fn all(db: &impl ConnectionTrait, filter: &OfferFilter) -> ApiResult<Vec<offer::Model>> {
    Ok(filtered(filter)
        .order_by_asc(offer::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Published or suspended offers whose end date has passed.
pub async fn due_for_expiry(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    limit: u64,
) -> ApiResult<Vec<offer::Model>> {
    Ok(offer::Entity::find()
        .filter(offer::Column::Status.is_in([
            OfferStatus::Published.as_str(),
            OfferStatus::Suspended.as_str(),
        ]))
        .filter(offer::Column::ExpiresAt.lte(now))
        .order_by_asc(offer::Column::ExpiresAt)
        .limit(limit)
        .all(db)
        .await?)
}

/// Submitted offers, oldest first.
pub async fn submitted(
    db: &impl ConnectionTrait,
    provider: Option<ProviderId>,
) -> ApiResult<Vec<offer::Model>> {
    let mut query =
        offer::Entity::find().filter(offer::Column::Status.eq(OfferStatus::Submitted.as_str()));
    if let Some(provider) = provider {
        query = query.filter(offer::Column::ProviderId.eq(provider.0));
    }
    Ok(query
        .order_by_asc(offer::Column::SubmittedAt)
        .all(db)
        .await?)
}

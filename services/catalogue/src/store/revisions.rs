//! Revisions of published offers.

use crate::entities::offer_revision;
use chrono::Utc;
use connessi_domain::{OfferContent, OfferId, RevisionId, RevisionStatus};
use connessi_platform::{ApiError, ApiResult};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

pub fn status_of(model: &offer_revision::Model) -> RevisionStatus {
    RevisionStatus::parse(&model.status).unwrap_or(RevisionStatus::Draft)
}

/// The revision still being written or reviewed, if any (there is at most one).
pub async fn open_for(
    db: &impl ConnectionTrait,
    offer: OfferId,
) -> ApiResult<Option<offer_revision::Model>> {
    let open: Vec<&str> = RevisionStatus::ALL
        .iter()
        .filter(|s| s.is_open())
        .map(|s| s.as_str())
        .collect();
    Ok(offer_revision::Entity::find()
        .filter(offer_revision::Column::OfferId.eq(offer.0))
        .filter(offer_revision::Column::Status.is_in(open))
        .one(db)
        .await?)
}

pub async fn get(db: &impl ConnectionTrait, id: RevisionId) -> ApiResult<offer_revision::Model> {
    offer_revision::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("revision"))
}

pub async fn insert(
    db: &impl ConnectionTrait,
    offer: OfferId,
    content: &OfferContent,
) -> ApiResult<offer_revision::Model> {
    let now = Utc::now();
    Ok(offer_revision::ActiveModel {
        id: Set(RevisionId::new().0),
        offer_id: Set(offer.0),
        status: Set(RevisionStatus::Draft.as_str().to_owned()),
        content: Set(serde_json::to_string(content)?),
        moderation_reason: Set(None),
        submitted_at: Set(None),
        decided_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?)
}

pub async fn replace_content(
    db: &impl ConnectionTrait,
    current: offer_revision::Model,
    content: &OfferContent,
) -> ApiResult<offer_revision::Model> {
    let mut model: offer_revision::ActiveModel = current.into();
    model.content = Set(serde_json::to_string(content)?);
    model.updated_at = Set(Utc::now());
    Ok(model.update(db).await?)
}

pub async fn set_status(
    db: &impl ConnectionTrait,
    current: offer_revision::Model,
    next: RevisionStatus,
    reason: Option<String>,
) -> ApiResult<offer_revision::Model> {
    let now = Utc::now();
    let mut model: offer_revision::ActiveModel = current.into();
    model.status = Set(next.as_str().to_owned());
    match next {
        RevisionStatus::Submitted => model.submitted_at = Set(Some(now)),
        RevisionStatus::Draft | RevisionStatus::Discarded => {}
        _ => {
            model.decided_at = Set(Some(now));
            model.moderation_reason = Set(reason);
        }
    }
    model.updated_at = Set(now);
    Ok(model.update(db).await?)
}

/// Submitted revisions, oldest first.
pub async fn submitted(db: &impl ConnectionTrait) -> ApiResult<Vec<offer_revision::Model>> {
    Ok(offer_revision::Entity::find()
        .filter(offer_revision::Column::Status.eq(RevisionStatus::Submitted.as_str()))
        .order_by_asc(offer_revision::Column::SubmittedAt)
        .all(db)
        .await?)
}

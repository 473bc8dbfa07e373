//! What providers do with their offers: create, edit (in place, or as a revision of a
//! published offer), submit for review and withdraw.

use super::transition;
use crate::entities::{offer, offer_revision};
use crate::store::offers::{self as offer_store, StatusChange};
use crate::store::{parse_content, revisions};
use chrono::Utc;
use connessi_domain::criteria;
use connessi_domain::events::EventKind;
use connessi_domain::status::EditMode;
use connessi_domain::{
    Actor, ErrorCode, OfferAction, OfferContent, OfferId, OfferStatus, ProviderId, RevisionId,
    RevisionStatus,
};
use connessi_platform::audit::{self, AuditEntry};
use connessi_platform::{ApiError, ApiResult, outbox};
use sea_orm::ConnectionTrait;
use serde_json::json;

/// Validates and normalises content from a request.
pub fn checked(content: OfferContent) -> ApiResult<OfferContent> {
    Ok(content.checked()?)
}

/// The offer, if the actor is one of its provider's members (404 otherwise: others must not
/// learn that an unpublished offer exists).
pub async fn owned_for_update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: OfferId,
) -> ApiResult<offer::Model> {
    actor.user()?;
    let offer = offer_store::get_for_update(db, id).await?;
    if actor.is_member_of(ProviderId(offer.provider_id)) {
        Ok(offer)
    } else if offer_store::status_of(&offer).is_public() || actor.is_moderator() {
        Err(ApiError::new(
            ErrorCode::Forbidden,
            "only the provider's members can change this offer",
        ))
    } else {
        Err(ApiError::not_found("offer"))
    }
}

pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    provider: ProviderId,
    content: OfferContent,
) -> ApiResult<offer::Model> {
    actor.require_member_of(provider)?;
    crate::store::providers::get(db, provider).await?;
    let offer = offer_store::insert(db, provider, &content).await?;
    let entry = AuditEntry {
        action: "offer.created".into(),
        entity_kind: "offer",
        entity_id: offer.id,
        to_status: Some(OfferStatus::Draft.as_str().into()),
        ..Default::default()
    };
    audit::record(db, actor, entry).await?;
    outbox::publish(
        db,
        EventKind::OfferCreated,
        offer.id,
        json!({ "provider_id": provider }),
    )
    .await?;
    Ok(offer)
}

/// Edits a draft in place, or writes the open revision of a published offer.
pub async fn edit(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: OfferId,
    content: OfferContent,
) -> ApiResult<offer::Model> {
    let offer = owned_for_update(db, actor, id).await?;
    let status = offer_store::status_of(&offer);
    match status.edit_mode()? {
        EditMode::InPlace => {
            let updated = offer_store::replace_content(db, offer, &content).await?;
            record_edit(db, actor, "offer.edited", updated.id, None).await?;
            outbox::publish(db, EventKind::OfferUpdated, updated.id, json!({})).await?;
            Ok(updated)
        }
        EditMode::Revision => {
            let revision = match revisions::open_for(db, id).await? {
                Some(open) if revisions::status_of(&open) == RevisionStatus::Submitted => {
                    return Err(ApiError::new(
                        ErrorCode::UnderReview,
                        "the revision is waiting for a moderator",
                    ));
                }
                Some(open) => revisions::replace_content(db, open, &content).await?,
                None => revisions::insert(db, id, &content).await?,
            };
            record_edit(db, actor, "revision.edited", offer.id, Some(revision.id)).await?;
            outbox::publish(
                db,
                EventKind::RevisionUpdated,
                offer.id,
                json!({ "revision_id": revision.id }),
            )
            .await?;
            Ok(offer)
        }
    }
}

async fn record_edit(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &str,
    offer: uuid::Uuid,
    revision: Option<uuid::Uuid>,
) -> ApiResult<()> {
    let details = revision.map(|r| json!({ "revision_id": r }));
    let entry = AuditEntry {
        action: action.into(),
        entity_kind: "offer",
        entity_id: offer,
        details,
        ..Default::default()
    };
    audit::record(db, actor, entry).await
}

/// Sends a draft (or the open revision of a published offer) to the moderators.
pub async fn submit(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: OfferId,
) -> ApiResult<offer::Model> {
    let offer = owned_for_update(db, actor, id).await?;
    let today = Utc::now().date_naive();
    match offer_store::status_of(&offer) {
        OfferStatus::Published | OfferStatus::Suspended => {
            let Some(open) = revisions::open_for(db, id).await? else {
                return Err(ApiError::new(
                    ErrorCode::InvalidTransition,
                    "the offer is published; edit it to propose a revision, then submit",
                ));
            };
            criteria::ready_for_submission(&parse_content(&open.content)?, today)?;
            change_revision(db, actor, open, OfferAction::Submit, None).await?;
            Ok(offer)
        }
        _ => {
            criteria::ready_for_submission(&parse_content(&offer.content)?, today)?;
            transition(
                db,
                actor,
                offer,
                OfferAction::Submit,
                None,
                StatusChange::default(),
                None,
            )
            .await
        }
    }
}

/// Takes an offer off the catalogue (or back from review); its open revision is discarded.
pub async fn withdraw(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: OfferId,
) -> ApiResult<offer::Model> {
    let offer = owned_for_update(db, actor, id).await?;
    offer_store::status_of(&offer).apply(OfferAction::Withdraw)?;
    if let Some(open) = revisions::open_for(db, id).await? {
        change_revision(db, actor, open, OfferAction::Withdraw, None).await?;
    }
    transition(
        db,
        actor,
        offer,
        OfferAction::Withdraw,
        None,
        StatusChange::default(),
        None,
    )
    .await
}

/// Discards the open revision of a published offer.
pub async fn discard_revision(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: OfferId,
) -> ApiResult<offer::Model> {
    let offer = owned_for_update(db, actor, id).await?;
    let open = revisions::open_for(db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("open revision"))?;
    change_revision(db, actor, open, OfferAction::Withdraw, None).await?;
    Ok(offer)
}

/// Moves a revision through its state machine, with audit entry and event.
pub async fn change_revision(
    db: &impl ConnectionTrait,
    actor: &Actor,
    revision: offer_revision::Model,
    action: OfferAction,
    reason: Option<String>,
) -> ApiResult<offer_revision::Model> {
    let from = revisions::status_of(&revision);
    let to = from.apply(action)?;
    let (offer_id, revision_id) = (revision.offer_id, RevisionId(revision.id));
    let updated = revisions::set_status(db, revision, to, reason.clone()).await?;
    let entry = AuditEntry {
        action: format!("revision.{}", action.as_str()),
        entity_kind: "offer",
        entity_id: offer_id,
        from_status: Some(from.as_str().into()),
        to_status: Some(to.as_str().into()),
        reason,
        details: Some(json!({ "revision_id": revision_id })),
    };
    audit::record(db, actor, entry).await?;
    outbox::publish(
        db,
        EventKind::RevisionStatusChanged,
        offer_id,
        json!({ "revision_id": revision_id, "to": to.as_str() }),
    )
    .await?;
    Ok(updated)
}

//! The catalogue's operations: each checks who is asking and the rules of the domain, writes
//! the change, its audit entry and its outbox event in the caller's transaction.

pub mod expiry;
pub mod moderation;
pub mod offers;
pub mod providers;
pub mod queue;

use crate::entities::offer;
use crate::store::offers::{self as offer_store, StatusChange};
use connessi_domain::events::EventKind;
use connessi_domain::{Actor, OfferAction, OfferStatus};
use connessi_platform::audit::{self, AuditEntry};
use connessi_platform::{ApiResult, outbox};
use sea_orm::ConnectionTrait;
use serde_json::json;

/// Moves an offer through the state machine, recording who did it and why.
pub async fn transition(
    db: &impl ConnectionTrait,
    actor: &Actor,
    current: offer::Model,
    action: OfferAction,
    reason: Option<String>,
    mut change: StatusChange,
    details: Option<serde_json::Value>,
) -> ApiResult<offer::Model> {
    let from = offer_store::status_of(&current);
    let to = from.apply(action)?;
    let now = chrono::Utc::now();
    match to {
        OfferStatus::Submitted => change.submitted_at = Some(now),
        OfferStatus::Published if current.published_at.is_none() => change.published_at = Some(now),
        _ => {}
    }
    let offer_id = current.id;
    let updated = offer_store::set_status(db, current, to, change).await?;
    audit::record(
        db,
        actor,
        AuditEntry {
            action: format!("offer.{}", action.as_str()),
            entity_kind: "offer",
            entity_id: offer_id,
            from_status: Some(from.as_str().to_owned()),
            to_status: Some(to.as_str().to_owned()),
            reason,
            details,
        },
    )
    .await?;
    outbox::publish(
        db,
        EventKind::OfferStatusChanged,
        offer_id,
        json!({ "from": from, "to": to }),
    )
    .await?;
    Ok(updated)
}

/// The reason a decision needs: trimmed, 10 to 2,000 characters.
pub fn required_reason(action: OfferAction, reason: Option<String>) -> ApiResult<Option<String>> {
    let reason = reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    if let Some(text) = &reason
        && !(10..=2000).contains(&text.chars().count())
    {
        return Err(connessi_platform::ApiError::new(
            connessi_domain::ErrorCode::ReasonRequired,
            "a reason must be between 10 and 2,000 characters",
        ));
    }
    if action.requires_reason() && reason.is_none() {
        return Err(connessi_platform::ApiError::new(
            connessi_domain::ErrorCode::ReasonRequired,
            format!(
                "say why: `reason` is required to {}",
                action.as_str().replace('_', " ")
            ),
        ));
    }
    Ok(reason)
}

//! What moderators do: decide on submitted offers and revisions against the published
//! checklist, suspend and reinstate offers, and verify providers. Every action is audited.

use super::offers::change_revision;
use super::{required_reason, transition};
use crate::entities::{offer, provider};
use crate::store::offers::{self as offer_store, StatusChange};
use crate::store::{parse_content, providers, revisions};
use chrono::Utc;
use connessi_domain::criteria::{self, Criterion};
use connessi_domain::events::EventKind;
use connessi_domain::{Actor, ErrorCode, OfferAction, OfferId, ProviderId, RevisionId};
use connessi_platform::audit::{self, AuditEntry};
use connessi_platform::{ApiError, ApiResult, outbox};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    Approve,
    RequestChanges,
    Reject,
}

impl DecisionKind {
    fn action(self) -> OfferAction {
        match self {
            Self::Approve => OfferAction::Approve,
            Self::RequestChanges => OfferAction::RequestChanges,
            Self::Reject => OfferAction::Reject,
        }
    }
}

/// The moderator's confirmation of each published criterion.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    pub free: bool,
    pub no_renewal_obligation: bool,
    pub free_period_stated: bool,
    pub has_territory: bool,
    pub provider_verified: bool,
}

impl Checklist {
    fn unconfirmed(&self) -> Vec<&'static str> {
        let confirmed = [
            self.free,
            self.no_renewal_obligation,
            self.free_period_stated,
            self.has_territory,
            self.provider_verified,
        ];
        Criterion::ALL
            .iter()
            .zip(confirmed)
            .filter(|(_, ok)| !ok)
            .map(|(c, _)| c.as_str())
            .collect()
    }
}

/// A decision on a submitted offer or revision.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub decision: DecisionKind,
    /// Required to request changes or reject; shown to the provider.
    #[serde(default)]
    pub reason: Option<String>,
    /// Required to approve, with every criterion confirmed.
    #[serde(default)]
    pub checklist: Option<Checklist>,
}

/// Checks an approval: the moderator confirmed every criterion and the server agrees.
fn check_approval(
    decision: &Decision,
    content: &connessi_domain::OfferContent,
    provider: &provider::Model,
) -> ApiResult<()> {
    let Some(checklist) = decision.checklist else {
        return Err(ApiError::new(
            ErrorCode::AcceptanceCriteriaNotMet,
            "approving needs the checklist with every criterion confirmed",
        ));
    };
    let unconfirmed = checklist.unconfirmed();
    if !unconfirmed.is_empty() {
        return Err(ApiError::new(
            ErrorCode::AcceptanceCriteriaNotMet,
            format!("not confirmed on the checklist: {}", unconfirmed.join(", ")),
        ));
    }
    Ok(criteria::ready_for_approval(
        content,
        provider.verified,
        Utc::now().date_naive(),
    )?)
}

/// Approves, sends back or rejects a submitted offer.
pub async fn decide_offer(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: OfferId,
    decision: Decision,
) -> ApiResult<offer::Model> {
    actor.require_moderator()?;
    let action = decision.decision.action();
    let reason = required_reason(action, decision.reason.clone())?;
    let offer = offer_store::get_for_update(db, id).await?;
    offer_store::status_of(&offer).apply(action)?;
    if action == OfferAction::Approve {
        let provider = providers::get(db, ProviderId(offer.provider_id)).await?;
        check_approval(&decision, &parse_content(&offer.content)?, &provider)?;
    }
    let change = StatusChange {
        moderation: Some((action.as_str().into(), reason.clone())),
        ..Default::default()
    };
    let details = decision.checklist.map(|c| json!({ "checklist": c }));
    transition(db, actor, offer, action, reason, change, details).await
}

/// Approves (publishing its content), sends back or rejects a submitted revision.
pub async fn decide_revision(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: RevisionId,
    decision: Decision,
) -> ApiResult<offer::Model> {
    actor.require_moderator()?;
    let action = decision.decision.action();
    let reason = required_reason(action, decision.reason.clone())?;
    let offer_id = revisions::get(db, id).await?.offer_id;
    // Every change to a revision happens under its offer's lock: take it, then read the
    // revision again, so two decisions at once cannot both apply.
    let offer = offer_store::get_for_update(db, OfferId(offer_id)).await?;
    let revision = revisions::get(db, id).await?;
    revisions::status_of(&revision).apply(action)?;
    let content = parse_content(&revision.content)?;
    if action == OfferAction::Approve {
        let provider = providers::get(db, ProviderId(offer.provider_id)).await?;
        check_approval(&decision, &content, &provider)?;
    }
    change_revision(db, actor, revision, action, reason.clone()).await?;
    // The provider reads the outcome on the offer, also once the revision is closed.
    let note = (format!("revision_{}", action.as_str()), reason);
    let offer = offer_store::note_moderation(db, offer, note).await?;
    if action != OfferAction::Approve {
        return Ok(offer);
    }
    let updated = offer_store::replace_content(db, offer, &content).await?;
    let details = json!({ "revision_id": id, "checklist": decision.checklist });
    let entry = AuditEntry {
        action: "offer.revision_applied".into(),
        entity_kind: "offer",
        entity_id: offer_id,
        details: Some(details),
        ..Default::default()
    };
    audit::record(db, actor, entry).await?;
    outbox::publish(
        db,
        EventKind::RevisionApplied,
        offer_id,
        json!({ "revision_id": id }),
    )
    .await?;
    Ok(updated)
}

/// Suspends a published offer, or reinstates a suspended one.
pub async fn suspend_or_reinstate(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: OfferId,
    action: OfferAction,
    reason: Option<String>,
) -> ApiResult<offer::Model> {
    actor.require_moderator()?;
    let reason = required_reason(action, reason)?;
    let offer = offer_store::get_for_update(db, id).await?;
    let change = StatusChange {
        moderation: Some((action.as_str().into(), reason.clone())),
        ..Default::default()
    };
    transition(db, actor, offer, action, reason, change, None).await
}

/// Marks a provider verified (or withdraws the verification, which needs a reason).
pub async fn set_verification(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: ProviderId,
    verified: bool,
    reason: Option<String>,
) -> ApiResult<provider::Model> {
    actor.require_moderator()?;
    // Withdrawing a verification takes something away, like a suspension: it needs a reason.
    let like = if verified {
        OfferAction::Approve
    } else {
        OfferAction::Suspend
    };
    let reason = required_reason(like, reason)?;
    let current = providers::get(db, id).await?;
    if current.verified == verified {
        return Ok(current);
    }
    let from = current.verified;
    let updated = providers::set_verified(db, current, verified).await?;
    let (action, kind) = if verified {
        ("provider.verified", EventKind::ProviderVerified)
    } else {
        ("provider.unverified", EventKind::ProviderUnverified)
    };
    let entry = AuditEntry {
        action: action.into(),
        entity_kind: "provider",
        entity_id: id.0,
        from_status: Some(if from { "verified" } else { "unverified" }.into()),
        to_status: Some(if verified { "verified" } else { "unverified" }.into()),
        reason,
        details: None,
    };
    audit::record(db, actor, entry.clone()).await?;
    outbox::publish(db, kind, id.0, json!({})).await?;
    if !verified {
        suspend_published_offers(db, actor, id, entry.reason).await?;
    }
    Ok(updated)
}

/// Without a verified company behind them, a provider's published offers leave the catalogue.
async fn suspend_published_offers(
    db: &impl ConnectionTrait,
    actor: &Actor,
    provider: ProviderId,
    reason: Option<String>,
) -> ApiResult<()> {
    let filter = offer_store::OfferFilter {
        statuses: vec![connessi_domain::OfferStatus::Published],
        provider: Some(provider),
        ..Default::default()
    };
    for offer in offer_store::all(db, &filter).await? {
        let offer = offer_store::get_for_update(db, OfferId(offer.id)).await?;
        let change = StatusChange {
            moderation: Some((OfferAction::Suspend.as_str().into(), reason.clone())),
            ..Default::default()
        };
        let details = Some(json!({ "cause": "provider.unverified" }));
        transition(
            db,
            actor,
            offer,
            OfferAction::Suspend,
            reason.clone(),
            change,
            details,
        )
        .await?;
    }
    Ok(())
}

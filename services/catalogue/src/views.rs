//! What the catalogue API answers: offers, providers, queue items, audit entries and pages,
//! each shaped for who is asking (the public never sees moderation notes or drafts).

use crate::entities::{offer, offer_revision, provider};
use chrono::{DateTime, Utc};
use connessi_domain::criteria::CriterionCheck;
use connessi_domain::{OfferContent, OfferId, OfferStatus, ProviderId, RevisionId, RevisionStatus};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A page of results.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

/// Who published an offer, as shown next to it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProviderSummary {
    pub id: ProviderId,
    pub legal_name: String,
    pub verified: bool,
}

impl From<&provider::Model> for ProviderSummary {
    fn from(p: &provider::Model) -> Self {
        Self {
            id: ProviderId(p.id),
            legal_name: p.legal_name.clone(),
            verified: p.verified,
        }
    }
}

/// A provider's profile.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProviderView {
    pub id: ProviderId,
    pub legal_name: String,
    pub partita_iva: String,
    pub website: String,
    pub contact_email: String,
    pub description: String,
    pub logo_url: Option<String>,
    pub verified: bool,
    pub verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<provider::Model> for ProviderView {
    fn from(p: provider::Model) -> Self {
        Self {
            id: ProviderId(p.id),
            legal_name: p.legal_name,
            partita_iva: p.partita_iva,
            website: p.website,
            contact_email: p.contact_email,
            description: p.description,
            logo_url: p.logo_url,
            verified: p.verified,
            verified_at: p.verified_at,
            created_at: p.created_at,
        }
    }
}

/// The last moderator decision, shown to the provider with its reason.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ModerationNote {
    pub action: String,
    pub reason: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

/// A proposed change to a published offer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RevisionView {
    pub id: RevisionId,
    pub offer_id: OfferId,
    pub status: RevisionStatus,
    pub content: OfferContent,
    pub moderation_reason: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl RevisionView {
    pub fn new(model: offer_revision::Model, content: OfferContent) -> Self {
        Self {
            id: RevisionId(model.id),
            offer_id: OfferId(model.offer_id),
            status: RevisionStatus::parse(&model.status).unwrap_or(RevisionStatus::Draft),
            content,
            moderation_reason: model.moderation_reason,
            submitted_at: model.submitted_at,
            decided_at: model.decided_at,
            updated_at: model.updated_at,
        }
    }
}

/// An offer. `moderation` and `pending_revision` are present only for the provider's members
/// and moderators.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OfferView {
    pub id: OfferId,
    pub provider: ProviderSummary,
    pub status: OfferStatus,
    pub content: OfferContent,
    pub published_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderation: Option<ModerationNote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_revision: Option<RevisionView>,
}

impl OfferView {
    /// The view for the public: no moderation internals.
    pub fn public(model: offer::Model, content: OfferContent, provider: &provider::Model) -> Self {
        Self {
            id: OfferId(model.id),
            provider: provider.into(),
            status: OfferStatus::parse(&model.status).unwrap_or(OfferStatus::Draft),
            content,
            published_at: model.published_at,
            expires_at: model.expires_at,
            updated_at: model.updated_at,
            submitted_at: None,
            moderation: None,
            pending_revision: None,
        }
    }

    /// The view for the provider's members and moderators.
    pub fn full(
        model: offer::Model,
        content: OfferContent,
        provider: &provider::Model,
        revision: Option<RevisionView>,
    ) -> Self {
        let moderation = model
            .moderation_action
            .clone()
            .map(|action| ModerationNote {
                action,
                reason: model.moderation_reason.clone(),
                at: model.moderated_at,
            });
        let submitted_at = model.submitted_at;
        Self {
            submitted_at,
            moderation,
            pending_revision: revision,
            ..Self::public(model, content, provider)
        }
    }
}

/// Whether a queue item is a new offer or a revision of a published one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QueueItemKind {
    Offer,
    Revision,
}

/// Something waiting for a moderator's decision.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct QueueItem {
    pub kind: QueueItemKind,
    /// The offer's id, or the revision's.
    pub id: uuid::Uuid,
    pub offer_id: OfferId,
    pub provider: ProviderSummary,
    pub title_it: String,
    pub categories: Vec<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// The acceptance criteria as the server checks them now.
    pub criteria: Vec<CriterionCheck>,
    /// Where to post the decision.
    pub decision_url: String,
}

/// One audit-log entry.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditEntryView {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_kind: String,
    pub actor_id: Option<uuid::Uuid>,
    pub actor: String,
    pub action: String,
    pub entity_kind: String,
    pub entity_id: uuid::Uuid,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub reason: Option<String>,
    pub details: Option<serde_json::Value>,
}

impl From<connessi_platform::entities::audit_log::Model> for AuditEntryView {
    fn from(m: connessi_platform::entities::audit_log::Model) -> Self {
        Self {
            id: m.id,
            at: m.at,
            actor_kind: m.actor_kind,
            actor_id: m.actor_id,
            actor: m.actor_label,
            action: m.action,
            entity_kind: m.entity_kind,
            entity_id: m.entity_id,
            from_status: m.from_status,
            to_status: m.to_status,
            reason: m.reason,
            details: m.details.and_then(|d| serde_json::from_str(&d).ok()),
        }
    }
}

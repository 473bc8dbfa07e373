//! What provider members do with their organisation's profile.

use crate::entities::provider;
use crate::store::providers as store;
use connessi_domain::events::EventKind;
use connessi_domain::provider::ProviderProfile;
use connessi_domain::{Actor, ProviderId};
use connessi_platform::audit::{self, AuditEntry};
use connessi_platform::{ApiResult, outbox};
use sea_orm::ConnectionTrait;
use serde_json::json;

/// Registers a provider; the signed-in user becomes its owner.
pub async fn register(
    db: &impl ConnectionTrait,
    actor: &Actor,
    profile: ProviderProfile,
) -> ApiResult<provider::Model> {
    let user = actor.user()?;
    let profile = profile.validated()?;
    let created = store::create(db, profile, user.id).await?;
    let entry = AuditEntry {
        action: "provider.created".into(),
        entity_kind: "provider",
        entity_id: created.id,
        to_status: Some("unverified".into()),
        ..Default::default()
    };
    audit::record(db, actor, entry).await?;
    outbox::publish(db, EventKind::ProviderCreated, created.id, json!({})).await?;
    Ok(created)
}

/// Replaces the profile; changing legal name or Partita IVA undoes a verification.
pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: ProviderId,
    profile: ProviderProfile,
) -> ApiResult<provider::Model> {
    actor.require_member_of(id)?;
    let profile = profile.validated()?;
    let current = store::get(db, id).await?;
    let was_verified = current.verified;
    let updated = store::update(db, current, profile).await?;
    let lost_verification = was_verified && !updated.verified;
    let entry = AuditEntry {
        action: "provider.updated".into(),
        entity_kind: "provider",
        entity_id: id.0,
        from_status: lost_verification.then(|| "verified".into()),
        to_status: lost_verification.then(|| "unverified".into()),
        reason: lost_verification
            .then(|| "legal name or Partita IVA changed: verification must be repeated".into()),
        details: None,
    };
    audit::record(db, actor, entry).await?;
    outbox::publish(
        db,
        EventKind::ProviderUpdated,
        id.0,
        json!({ "lost_verification": lost_verification }),
    )
    .await?;
    Ok(updated)
}

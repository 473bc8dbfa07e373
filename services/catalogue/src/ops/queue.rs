//! The moderation queue: submitted offers and submitted revisions, oldest first, each with the
//! acceptance criteria as the server checks them now.

use crate::store::{offers as offer_store, parse_content, providers, revisions};
use crate::views::{QueueItem, QueueItemKind};
use chrono::{DateTime, Utc};
use connessi_domain::{OfferId, ProviderId};
use connessi_platform::{ApiError, ApiResult};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

struct Pending {
    kind: QueueItemKind,
    id: Uuid,
    offer_id: Uuid,
    provider_id: Uuid,
    content: String,
    submitted_at: Option<DateTime<Utc>>,
}

/// Everything waiting for a decision, optionally of one category or one provider.
pub async fn pending(
    db: &impl ConnectionTrait,
    category: Option<&str>,
    provider: Option<ProviderId>,
) -> ApiResult<Vec<QueueItem>> {
    let mut entries: Vec<Pending> = offer_store::submitted(db, provider)
        .await?
        .into_iter()
        .map(|o| Pending {
            kind: QueueItemKind::Offer,
            id: o.id,
            offer_id: o.id,
            provider_id: o.provider_id,
            content: o.content,
            submitted_at: o.submitted_at,
        })
        .collect();
    for revision in revisions::submitted(db).await? {
        let Some(offer) = offer_store::find(db, OfferId(revision.offer_id)).await? else {
            continue;
        };
        if provider.is_none_or(|p| p.0 == offer.provider_id) {
            let (id, content, submitted_at) =
                (revision.id, revision.content, revision.submitted_at);
            entries.push(Pending {
                kind: QueueItemKind::Revision,
                id,
                offer_id: offer.id,
                provider_id: offer.provider_id,
                content,
                submitted_at,
            });
        }
    }
    entries.sort_by_key(|e| (e.submitted_at, e.id));
    let providers = providers::many(db, entries.iter().map(|e| e.provider_id).collect()).await?;
    let today = Utc::now().date_naive();
    let mut items = Vec::with_capacity(entries.len());
    for entry in entries {
        let content = parse_content(&entry.content)?;
        if category.is_some_and(|c| !content.categories.iter().any(|own| own == c)) {
            continue;
        }
        let provider = providers
            .get(&entry.provider_id)
            .ok_or_else(|| ApiError::internal("offer without provider"))?;
        let decision_url = match entry.kind {
            QueueItemKind::Offer => format!("/api/v1/moderation/offers/{}/decision", entry.id),
            QueueItemKind::Revision => {
                format!("/api/v1/moderation/revisions/{}/decision", entry.id)
            }
        };
        items.push(QueueItem {
            kind: entry.kind,
            id: entry.id,
            offer_id: OfferId(entry.offer_id),
            provider: provider.into(),
            criteria: connessi_domain::criteria::check(&content, provider.verified, today),
            title_it: content.title.it,
            categories: content.categories,
            submitted_at: entry.submitted_at,
            decision_url,
        });
    }
    Ok(items)
}

//! From outbox events to index changes: which offers an event touches, then the current rows
//! of those offers as documents. Re-reading current rows, instead of trusting the event's
//! payload, makes applying an event twice (or out of order) give the same index.

use super::document::offer_document;
use crate::entities::{offer, provider};
use anyhow::Context;
use connessi_platform::entities::{offer_place, outbox};
use connessi_search::Change;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// Offers read per query, to keep `IN (…)` lists short.
const READ_CHUNK: usize = 500;

/// The changes that bring the index up to date with what `events` describe.
pub async fn for_events(
    db: &impl ConnectionTrait,
    events: &[outbox::Model],
) -> anyhow::Result<Vec<Change>> {
    let mut offers: BTreeSet<Uuid> = BTreeSet::new();
    let mut providers: BTreeSet<Uuid> = BTreeSet::new();
    for event in events {
        match event.aggregate.as_str() {
            "offer" => {
                offers.insert(event.aggregate_id);
            }
            // Documents carry the provider's name, so every offer of the provider changes.
            "provider" => {
                providers.insert(event.aggregate_id);
            }
            // Events about other things (accounts, later requests) do not touch the index.
            _ => {}
        }
    }
    offers.extend(offers_of(db, providers).await?);
    for_offers(db, offers).await
}

/// The ids of every offer of these providers.
async fn offers_of(
    db: &impl ConnectionTrait,
    providers: BTreeSet<Uuid>,
) -> anyhow::Result<Vec<Uuid>> {
    if providers.is_empty() {
        return Ok(Vec::new());
    }
    offer::Entity::find()
        .select_only()
        .column(offer::Column::Id)
        .filter(offer::Column::ProviderId.is_in(providers))
        .into_tuple()
        .all(db)
        .await
        .context("reading the offers of changed providers")
}

/// An upsert of the current document of each offer that exists, a delete of each that does
/// not.
pub async fn for_offers(
    db: &impl ConnectionTrait,
    ids: BTreeSet<Uuid>,
) -> anyhow::Result<Vec<Change>> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    let mut changes = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(READ_CHUNK) {
        let rows = offer::Entity::find()
            .filter(offer::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await
            .context("reading changed offers")?;
        let found: BTreeSet<Uuid> = rows.iter().map(|o| o.id).collect();
        changes.extend(upserts(db, rows).await?);
        let missing = chunk.iter().filter(|id| !found.contains(id));
        changes.extend(missing.map(|id| Change::Delete(*id)));
    }
    Ok(changes)
}

/// Upserts of the documents of `rows`, loading their providers and taken places in one query
/// each.
pub async fn upserts(
    db: &impl ConnectionTrait,
    rows: Vec<offer::Model>,
) -> anyhow::Result<Vec<Change>> {
    let provider_ids: BTreeSet<Uuid> = rows.iter().map(|o| o.provider_id).collect();
    let providers: HashMap<Uuid, provider::Model> = provider::Entity::find()
        .filter(provider::Column::Id.is_in(provider_ids))
        .all(db)
        .await
        .context("reading the providers of changed offers")?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let offer_ids: Vec<Uuid> = rows.iter().map(|o| o.id).collect();
    let taken: HashMap<Uuid, u32> = offer_place::Entity::find()
        .filter(offer_place::Column::OfferId.is_in(offer_ids))
        .all(db)
        .await
        .context("reading the places taken of changed offers")?
        .into_iter()
        .map(|p| (p.offer_id, u32::try_from(p.taken).unwrap_or(0)))
        .collect();
    rows.iter()
        .map(|row| {
            let provider = providers
                .get(&row.provider_id)
                .with_context(|| format!("offer {} has no provider", row.id))?;
            let taken = taken.get(&row.id).copied().unwrap_or(0);
            let document = offer_document(row, provider, taken)
                .with_context(|| format!("offer {} has unreadable content", row.id))?;
            Ok(Change::Upsert(Box::new(document)))
        })
        .collect()
}

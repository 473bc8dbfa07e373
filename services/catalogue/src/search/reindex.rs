//! A full rebuild of the search index (`connessi reindex`), with no downtime: every offer is
//! written into a new index beside the one in use, which is then swapped in. The embedded
//! index publishes a new generation; running servers keep searching the old one until their
//! indexer notices the new one and continues from its checkpoint. On Meilisearch a staging
//! index is swapped in under the index's name, atomically, while no instance is writing
//! (the indexing lock): every pass after the swap reads the new index's checkpoint.

use super::changes;
use crate::entities::offer;
use anyhow::Context;
use chrono::TimeDelta;
use connessi_platform::config::Settings;
use connessi_platform::entities::outbox;
use connessi_platform::locks::ExclusiveWork;
use connessi_platform::outbox::cursor::GAP_GRACE_SECS;
use connessi_search::SearchBackend;
use connessi_search::embedded::EmbeddedIndex;
use connessi_search::meili::{MeiliConfig, MeiliIndex};
use connessi_search::synonyms::Synonyms;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::path::Path;
use uuid::Uuid;

/// Offers read and written per step.
const PAGE: u64 = 1_000;

/// What a rebuild produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reindexed {
    pub generation: String,
    pub offers: u64,
    /// The outbox id the new generation resumes after.
    pub checkpoint: i64,
}

/// Rebuilds the index the settings name.
pub async fn reindex(db: &DatabaseConnection, settings: &Settings) -> anyhow::Result<Reindexed> {
    match super::meilisearch(settings) {
        Some(config) => reindex_meilisearch(db, config).await,
        None => reindex_embedded(db, &settings.search_dir(), super::synonyms(settings)).await,
    }
}

/// Writes every offer into a new generation in `search_dir` and publishes it.
pub async fn reindex_embedded(
    db: &DatabaseConnection,
    search_dir: &Path,
    synonyms: Synonyms,
) -> anyhow::Result<Reindexed> {
    // Taken before any offer is read: every event up to it is then reflected in the rows read.
    let checkpoint = rebuild_checkpoint(db).await?;
    let index = EmbeddedIndex::create_generation(search_dir, synonyms)?;
    let generation = index.generation();
    tracing::info!(generation, checkpoint, "rebuilding the search index");
    let offers = load_every_offer(db, &index, checkpoint).await?;
    index.publish(search_dir)?;
    tracing::info!(generation, offers, "search index rebuilt and published");
    Ok(Reindexed {
        generation,
        offers,
        checkpoint,
    })
}

/// Fills a staging Meilisearch index and swaps it in under the configured name.
async fn reindex_meilisearch(
    db: &DatabaseConnection,
    config: MeiliConfig,
) -> anyhow::Result<Reindexed> {
    let checkpoint = rebuild_checkpoint(db).await?;
    let staging = MeiliIndex::create_staging(config.clone()).await?;
    let generation = staging.uid().to_owned();
    tracing::info!(generation, checkpoint, "rebuilding the Meilisearch index");
    let offers = match load_every_offer(db, &staging, checkpoint).await {
        Ok(offers) => offers,
        Err(error) => {
            // The index in use is untouched; the half-built one only takes space.
            if let Err(cleanup) = staging.destroy().await {
                tracing::warn!(error = %cleanup, "the half-built index was left behind");
            }
            return Err(error);
        }
    };
    // Making sure the index exists under its name, so there is something to swap with.
    drop(MeiliIndex::open(config).await?);
    let work = ExclusiveWork::begin(db, super::indexer::INDEXING_LOCK)
        .await
        .context("waiting for the indexing lock")?;
    let published = staging.publish().await;
    work.finish().await.context("releasing the indexing lock")?;
    published?;
    tracing::info!(
        generation,
        offers,
        "Meilisearch index rebuilt and swapped in"
    );
    Ok(Reindexed {
        generation,
        offers,
        checkpoint,
    })
}

/// Writes every offer into `index`, page by page, all with `checkpoint`; returns how many.
async fn load_every_offer(
    db: &DatabaseConnection,
    index: &dyn SearchBackend,
    checkpoint: i64,
) -> anyhow::Result<u64> {
    let mut after: Option<Uuid> = None;
    let mut offers = 0;
    loop {
        let mut page = offer::Entity::find()
            .order_by_asc(offer::Column::Id)
            .limit(PAGE);
        if let Some(last) = after {
            page = page.filter(offer::Column::Id.gt(last));
        }
        let rows = page.all(db).await.context("reading offers to index")?;
        let Some(last) = rows.last() else { break };
        after = Some(last.id);
        offers += rows.len() as u64;
        index
            .apply(changes::upserts(db, rows).await?, checkpoint)
            .await?;
    }
    if offers == 0 {
        // Still record the checkpoint, so the new index does not replay the outbox.
        index.apply(Vec::new(), checkpoint).await?;
    }
    Ok(offers)
}

/// The checkpoint a rebuild may claim: the outbox head, less the events written in the
/// [`GAP_GRACE_SECS`] before it. Their transactions may not all have committed when the head
/// was read (ids are taken before commit; see the cursor module), so the offers they change
/// may be read as they were before. Starting a little earlier makes the indexer replay those
/// events, which is harmless: it re-reads current rows.
async fn rebuild_checkpoint(db: &DatabaseConnection) -> anyhow::Result<i64> {
    let head = outbox::Entity::find()
        .order_by_desc(outbox::Column::Id)
        .one(db)
        .await
        .context("reading the outbox head")?;
    let Some(head) = head else {
        return Ok(0);
    };
    let since = head.occurred_at - TimeDelta::seconds(GAP_GRACE_SECS);
    let first_recent: Option<Option<i64>> = outbox::Entity::find()
        .select_only()
        .column_as(outbox::Column::Id.min(), "first")
        .filter(outbox::Column::OccurredAt.gte(since))
        .into_tuple()
        .one(db)
        .await
        .context("reading the recent outbox events")?;
    Ok(first_recent.flatten().map_or(head.id, |first| first - 1))
}

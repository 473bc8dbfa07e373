//! The search indexer: a background task that follows the outbox into the search index.
//!
//! Each pass reads the next events after the cursor (up to [`BATCH`]), works out the offers
//! they touch, re-reads those offers' current rows and applies them to the index together
//! with the new checkpoint. A failure leaves the cursor where it was, so the same events are
//! tried again (with a growing pause) and none is ever skipped. The embedded index can be
//! rebuilt by another process (`connessi reindex`); the indexer notices the new generation,
//! swaps it in and continues from its checkpoint.
//!
//! A shared index (Meilisearch) is written by one instance at a time: each pass takes the
//! indexing lock, reads the checkpoint from the index (another instance may have moved it)
//! and applies the next events; an instance that finds the lock taken only reports progress.

use super::SearchHandle;
use super::changes;
use anyhow::Context;
use chrono::{DateTime, Utc};
use connessi_platform::entities::outbox;
use connessi_platform::locks::ExclusiveWork;
use connessi_platform::outbox::cursor::{OutboxCursor, Seen};
use connessi_search::SearchBackend;
use connessi_search::embedded::EmbeddedIndex;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// Events read and applied per pass.
pub const BATCH: u64 = 500;
/// The first pause after a failure; it doubles up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// The advisory lock of writing to a shared index ("srch").
pub const INDEXING_LOCK: i32 = 0x7372_6368;
/// How often the indexer looks for a generation published by `connessi reindex`.
const GENERATION_CHECK_INTERVAL: Duration = Duration::from_secs(3);

/// The indexer's report for `/readyz`, read from the handle's status at each request.
pub fn readiness_probe(search: &SearchHandle) -> connessi_platform::readiness::Probe {
    super::status::probe(search.subscribe())
}

/// What catching up did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatchUp {
    /// The checkpoint now stored in the index.
    pub checkpoint: i64,
    /// How many events were applied.
    pub events: u64,
}

/// Applies every event not yet in `backend`, until none is left; returns the checkpoint.
/// Used before serving and by tests. Errors are returned, not retried.
pub async fn catch_up(
    db: &DatabaseConnection,
    backend: &dyn SearchBackend,
) -> anyhow::Result<CatchUp> {
    let mut cursor = OutboxCursor::new(backend.checkpoint().await?);
    let mut events = 0;
    loop {
        match pass(db, backend, &mut cursor).await? {
            0 => {
                let checkpoint = cursor.checkpoint();
                return Ok(CatchUp { checkpoint, events });
            }
            applied => events += applied as u64,
        }
    }
}

/// [`catch_up`] for a shared index: each pass under the indexing lock, from the checkpoint
/// the index holds.
pub async fn catch_up_exclusively(
    db: &DatabaseConnection,
    backend: &dyn SearchBackend,
) -> anyhow::Result<CatchUp> {
    let mut events = 0;
    loop {
        let work = ExclusiveWork::begin(db, INDEXING_LOCK)
            .await
            .context("waiting for the indexing lock")?;
        let mut cursor = OutboxCursor::new(backend.checkpoint().await?);
        let applied = pass(db, backend, &mut cursor).await;
        work.finish().await.context("releasing the indexing lock")?;
        match applied? {
            0 => {
                let checkpoint = cursor.checkpoint();
                return Ok(CatchUp { checkpoint, events });
            }
            applied => events += applied as u64,
        }
    }
}

/// Follows the outbox into `search` until the task is dropped, publishing its status.
pub async fn run(db: DatabaseConnection, search: SearchHandle, poll_interval: Duration) {
    // Read from the index on the first pass, and again after a generation swap.
    let mut cursor: Option<OutboxCursor> = None;
    let mut generations = GenerationWatch::new(&search);
    let mut backoff = FIRST_BACKOFF;
    loop {
        match follow(&db, &search, &mut cursor, &mut generations).await {
            Ok(applied) => {
                backoff = FIRST_BACKOFF;
                search.update_status(|status| status.succeeded());
                if applied == 0 {
                    tokio::time::sleep(poll_interval).await;
                }
            }
            Err(error) => {
                tracing::warn!(
                    error = format!("{error:#}"),
                    retry_in_ms = backoff.as_millis() as u64,
                    "search indexing failed; the same events will be tried again"
                );
                search.update_status(|status| status.failed(&error, Utc::now()));
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
}

/// One pass of the running indexer, with the generation check and the status update.
async fn follow(
    db: &DatabaseConnection,
    search: &SearchHandle,
    cursor: &mut Option<OutboxCursor>,
    generations: &mut GenerationWatch,
) -> anyhow::Result<usize> {
    if generations.switched(search).await? {
        *cursor = None;
    }
    let backend = search.backend();
    let work = if search.is_shared() {
        // Whoever wrote last, the index knows how far it is.
        *cursor = None;
        ExclusiveWork::try_begin(db, INDEXING_LOCK)
            .await
            .context("asking for the indexing lock")?
    } else {
        None
    };
    let cursor = match cursor {
        Some(cursor) => cursor,
        None => cursor.insert(OutboxCursor::new(backend.checkpoint().await?)),
    };
    let applied = match work {
        Some(work) => {
            let applied = pass(db, backend.as_ref(), cursor).await;
            work.finish().await.context("releasing the indexing lock")?;
            applied
        }
        // Another instance is writing; this one only reports how far the index is.
        None if search.is_shared() => Ok(0),
        None => pass(db, backend.as_ref(), cursor).await,
    };
    // Measured after a failed pass too: readiness depends on whether events are waiting.
    match backlog(db, cursor).await {
        Ok(backlog) => search.update_status(|status| {
            status.checkpoint = cursor.checkpoint();
            status.head = backlog.head;
            status.lag_events = backlog.lag_events;
            status.oldest_unapplied_at = backlog.oldest_unapplied_at;
        }),
        Err(error) if applied.is_ok() => return Err(error),
        // The pass's own error says more.
        Err(_) => {}
    }
    applied
}

/// Reads the next events and applies their offers; returns how many events it applied. The
/// cursor moves only once the index has taken the changes.
async fn pass(
    db: &DatabaseConnection,
    backend: &dyn SearchBackend,
    cursor: &mut OutboxCursor,
) -> anyhow::Result<usize> {
    let events = next_events(db, cursor).await?;
    let seen: Vec<Seen> = events
        .iter()
        .map(|e| Seen {
            id: e.id,
            occurred_at: e.occurred_at,
        })
        .collect();
    let mut next = cursor.clone();
    next.advance(&seen, Utc::now());
    if events.is_empty() && next.checkpoint() == cursor.checkpoint() {
        *cursor = next;
        return Ok(0);
    }
    let changes = changes::for_events(db, &events).await?;
    backend.apply(changes, next.checkpoint()).await?;
    *cursor = next;
    Ok(events.len())
}

/// The next events to apply, oldest first.
async fn next_events(
    db: &DatabaseConnection,
    cursor: &OutboxCursor,
) -> anyhow::Result<Vec<outbox::Model>> {
    connessi_platform::outbox::unapplied(db, cursor, BATCH)
        .await
        .context("reading the outbox")
}

/// The highest outbox id (0 for an empty outbox).
pub async fn outbox_head(db: &DatabaseConnection) -> anyhow::Result<i64> {
    connessi_platform::outbox::head(db)
        .await
        .context("reading the outbox head")
}

/// The events not yet applied: how many, the highest outbox id, when the oldest was written.
struct Backlog {
    head: i64,
    lag_events: u64,
    oldest_unapplied_at: Option<DateTime<Utc>>,
}

async fn backlog(db: &DatabaseConnection, cursor: &OutboxCursor) -> anyhow::Result<Backlog> {
    let row: Option<(i64, Option<i64>, Option<DateTime<Utc>>)> = outbox::Entity::find()
        .select_only()
        .column_as(outbox::Column::Id.count(), "lag_events")
        .column_as(outbox::Column::Id.max(), "head")
        .column_as(outbox::Column::OccurredAt.min(), "oldest")
        .filter(connessi_platform::outbox::unapplied_filter(
            cursor,
            BATCH as usize,
        ))
        .into_tuple()
        .one(db)
        .await
        .context("measuring the indexing lag")?;
    let (lag, head, oldest) = row.unwrap_or((0, None, None));
    Ok(Backlog {
        // Nothing found beyond the cursor: the head is where the cursor is.
        head: head.unwrap_or(0).max(cursor.applied_through()),
        lag_events: lag.max(0) as u64,
        oldest_unapplied_at: oldest,
    })
}

/// Notices when `connessi reindex` has published a new generation of the embedded index.
struct GenerationWatch {
    current: Option<String>,
    next_check: Instant,
}

impl GenerationWatch {
    fn new(search: &SearchHandle) -> Self {
        Self {
            current: search.status().generation,
            next_check: Instant::now() + GENERATION_CHECK_INTERVAL,
        }
    }

    /// Swaps in the generation `CURRENT` names if it is not the one in use; true if it did.
    async fn switched(&mut self, search: &SearchHandle) -> anyhow::Result<bool> {
        let Some(dir) = search.search_dir().map(ToOwned::to_owned) else {
            return Ok(false);
        };
        if Instant::now() < self.next_check {
            return Ok(false);
        }
        self.next_check = Instant::now() + GENERATION_CHECK_INTERVAL;
        let named = blocking({
            let dir = dir.clone();
            move || EmbeddedIndex::current_generation(&dir)
        })
        .await?;
        if named.is_none() || named == self.current {
            return Ok(false);
        }
        let opened = blocking({
            let (dir, synonyms) = (dir.clone(), search.synonyms());
            move || EmbeddedIndex::open_current(&dir, synonyms)
        })
        .await?;
        let generation = opened.generation();
        tracing::info!(
            from = self.current.as_deref().unwrap_or(""),
            to = generation,
            "switching to a rebuilt search index"
        );
        search.replace(Arc::new(opened), generation.clone());
        self.current = Some(generation);
        // Old generations only take space now; failing to remove them harms nothing.
        match blocking(move || EmbeddedIndex::remove_stale_generations(&dir)).await {
            Ok(removed) => tracing::info!(removed, "old search index generations removed"),
            Err(error) => tracing::warn!(error = format!("{error:#}"), "old generations kept"),
        }
        Ok(true)
    }
}

/// Runs blocking index work (file system) off the async workers.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> connessi_search::SearchResult<T> + Send + 'static,
) -> anyhow::Result<T> {
    Ok(tokio::task::spawn_blocking(work).await??)
}

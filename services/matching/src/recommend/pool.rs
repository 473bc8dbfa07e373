//! The offers recommendations choose from: every published offer, held in memory in the
//! compact form ranking needs, and kept current by following the outbox the way the search
//! indexer does (the catalogue's change feed and gap-aware cursor), so recommendations see what
//! search shows. Before answering, the pool applies every event committed so far: a shop sees
//! an offer approved a moment ago, and an offer that has just filled up is gone.

use super::offers::Offers;
use anyhow::Context;
use chrono::Utc;
use connessi_catalogue::entities::offer;
use connessi_catalogue::search::changes;
use connessi_platform::entities::outbox;
use connessi_platform::outbox::cursor::{OutboxCursor, Seen};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::collections::BTreeSet;
use std::sync::{Arc, PoisonError, RwLock};

/// Events read per query while catching up.
const BATCH: u64 = 1_000;

/// What a catch-up saw besides offers: whether onboarding events arrived, which change the
/// providers' track records.
#[derive(Debug, Default, Clone, Copy)]
pub struct Caught {
    pub onboarding_changed: bool,
}

/// The pool: offers plus the cursor in the outbox. Cheap to clone.
#[derive(Clone, Default)]
pub struct OfferPool {
    offers: Arc<RwLock<Arc<Offers>>>,
    cursor: Arc<tokio::sync::Mutex<Option<OutboxCursor>>>,
}

impl OfferPool {
    /// The offers, brought up to date with every event committed so far.
    pub async fn current(&self, db: &DatabaseConnection) -> anyhow::Result<(Arc<Offers>, Caught)> {
        let mut cursor = self.cursor.lock().await;
        let caught = match cursor.as_mut() {
            None => {
                *cursor = Some(self.load(db).await?);
                Caught {
                    onboarding_changed: true,
                }
            }
            Some(cursor) => self.catch_up(db, cursor).await?,
        };
        Ok((self.snapshot(), caught))
    }

    fn snapshot(&self) -> Arc<Offers> {
        self.offers
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Reads every published offer; the cursor starts at the outbox head read first, so an
    /// event written during the load is applied again afterwards (harmless: rows are re-read).
    async fn load(&self, db: &DatabaseConnection) -> anyhow::Result<OutboxCursor> {
        let head = connessi_platform::outbox::head(db)
            .await
            .context("reading the outbox head")?;
        let ids: BTreeSet<uuid::Uuid> = offer::Entity::find()
            .select_only()
            .column(offer::Column::Id)
            .filter(offer::Column::Status.eq(connessi_domain::OfferStatus::Published.as_str()))
            .into_tuple()
            .all(db)
            .await
            .context("reading the published offers")?
            .into_iter()
            .collect();
        let offers = Offers::default().with_changes(changes::for_offers(db, ids).await?);
        *self.offers.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(offers);
        Ok(OutboxCursor::new(head))
    }

    async fn catch_up(
        &self,
        db: &DatabaseConnection,
        cursor: &mut OutboxCursor,
    ) -> anyhow::Result<Caught> {
        let mut caught = Caught::default();
        loop {
            let events = connessi_platform::outbox::unapplied(db, cursor, BATCH)
                .await
                .context("reading the outbox")?;
            let seen: Vec<Seen> = events
                .iter()
                .map(|e| Seen {
                    id: e.id,
                    occurred_at: e.occurred_at,
                })
                .collect();
            caught.onboarding_changed |= events.iter().any(|e| e.aggregate == "onboarding_request");
            let offer_events: Vec<outbox::Model> = events
                .into_iter()
                .filter(|e| e.aggregate != "onboarding_request")
                .collect();
            if !offer_events.is_empty() {
                let changes = changes::for_events(db, &offer_events).await?;
                let offers = self.snapshot().with_changes(changes);
                *self.offers.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(offers);
            }
            let before = cursor.applied_through();
            cursor.advance(&seen, Utc::now());
            if seen.len() < BATCH as usize || cursor.applied_through() == before {
                return Ok(caught);
            }
        }
    }
}

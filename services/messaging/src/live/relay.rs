//! From a commit to the hubs of every instance. On PostgreSQL the writing transaction sends
//! `NOTIFY connessi_live` naming its events (delivered to listeners at commit, never for a
//! rollback), and each instance's listener reads those events and hands them to its hub. With
//! SQLite there is one process, and the handler hands its events to the hub after the commit.

use super::hub::Hub;
use super::{LiveEvent, log};
use connessi_platform::ApiResult;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use sqlx::postgres::PgListener;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// The PostgreSQL channel every instance listens on.
pub const CHANNEL: &str = "connessi_live";
/// `NOTIFY` payloads must stay under 8000 bytes; a key is at most 57.
const KEYS_PER_NOTIFY: usize = 120;
const _: () = assert!(KEYS_PER_NOTIFY * 58 < 8000);

/// Live delivery on this instance: its hub and how events reach it. Cheap to clone.
#[derive(Clone)]
pub struct Live {
    pub hub: Hub,
    backend: DbBackend,
    pub buffer: usize,
}

impl Live {
    pub fn new(backend: DbBackend, buffer: usize) -> Self {
        Self {
            hub: Hub::default(),
            backend,
            buffer,
        }
    }

    /// Called with the events a transaction wrote, once it has committed.
    pub fn committed(&self, events: Vec<LiveEvent>) {
        // On PostgreSQL the listener delivers them, on this instance as on the others.
        if self.backend != DbBackend::Postgres {
            self.hub.publish(events.into_iter().map(Arc::new));
        }
    }
}

/// Names `events` to the other instances; call in the transaction that wrote them.
pub(super) async fn notify(db: &impl ConnectionTrait, events: &[LiveEvent]) -> ApiResult<()> {
    for chunk in events.chunks(KEYS_PER_NOTIFY) {
        let keys: Vec<String> = chunk
            .iter()
            .map(|event| format!("{}:{}", event.user_id, event.seq))
            .collect();
        let statement = Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), keys.join(",").into()],
        );
        db.execute_raw(statement).await?;
    }
    Ok(())
}

fn parse_keys(payload: &str) -> Vec<(Uuid, i64)> {
    payload
        .split(',')
        .filter_map(|key| {
            let (user, seq) = key.split_once(':')?;
            Some((user.parse().ok()?, seq.parse().ok()?))
        })
        .collect()
}

/// Follows the channel for as long as the process runs (PostgreSQL only), reconnecting after
/// a lost connection; after each (re)connection every stream reads the log, because
/// notifications sent meanwhile are gone.
pub async fn listen(db: DatabaseConnection, hub: Hub) {
    let pool = db.get_postgres_connection_pool().clone();
    loop {
        let mut listener = match PgListener::connect_with(&pool).await {
            Ok(listener) => listener,
            Err(error) => {
                tracing::warn!(%error, "live relay cannot connect; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(error) = listener.listen(CHANNEL).await {
            tracing::warn!(%error, "live relay cannot listen; retrying");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        hub.catch_up_all();
        while let Ok(Some(first)) = listener.try_recv().await {
            let mut keys = parse_keys(first.payload());
            // Everything already received goes in the same read.
            while let Some(more) = listener.next_buffered() {
                keys.extend(parse_keys(more.payload()));
            }
            match log::by_keys(&db, &keys).await {
                Ok(events) => {
                    hub.publish(events.into_iter().map(Arc::new));
                }
                Err(error) => {
                    tracing::warn!(
                        error = error.internal.as_deref().unwrap_or(&error.detail),
                        "live relay cannot read events"
                    );
                    hub.catch_up_all();
                }
            }
        }
        tracing::warn!("live relay lost its connection; reconnecting");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_read_back_and_garbage_is_skipped() {
        let user = Uuid::now_v7();
        let payload = format!("{user}:7,nonsense,{user}:x,{user}:8");
        assert_eq!(parse_keys(&payload), vec![(user, 7), (user, 8)]);
        let longest = format!("{user}:{}", i64::MAX);
        assert!(longest.len() <= 57);
    }
}

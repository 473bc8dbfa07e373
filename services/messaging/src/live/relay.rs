//! From a commit to the hubs of every instance. On PostgreSQL the writing transaction sends
//! `NOTIFY connessi_live` naming its events (delivered to listeners at commit, never for a
//! rollback), and each instance's listener reads those events and hands them to its hub. With
//! SQLite there is one process, and the handler hands its events to the hub after the commit.

use super::hub::Hub;
use super::{LiveEvent, log};
use chrono::{DateTime, Utc};
use connessi_platform::{ApiError, ApiResult};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde::{Deserialize, Serialize};
use sqlx::postgres::PgListener;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// The PostgreSQL channel every instance listens on.
pub const CHANNEL: &str = "connessi_live";
/// `NOTIFY` payloads must stay under 8000 bytes.
const NOTIFY_BYTES: usize = 7_500;

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

/// One notification: the events themselves when they fit, else their keys to read.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Wire {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    e: Vec<WireEvent>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    k: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct WireEvent {
    u: Uuid,
    s: i64,
    k: String,
    t: DateTime<Utc>,
    p: String,
}

impl Wire {
    fn size(&self) -> usize {
        serde_json::to_string(self).map_or(usize::MAX, |text| text.len())
    }
}

/// The notifications that carry `events`: each event inline when it fits (so no instance has
/// to read it back), by key when it is too large.
fn wires(events: &[LiveEvent]) -> Vec<Wire> {
    let mut wires = vec![Wire::default()];
    for event in events {
        let inline = WireEvent {
            u: event.user_id,
            s: event.seq,
            k: event.kind.clone(),
            t: event.created_at,
            p: event.payload.to_string(),
        };
        let alone = Wire {
            e: vec![inline],
            k: Vec::new(),
        };
        let current = wires.last_mut().expect("one wire");
        if alone.size() > NOTIFY_BYTES {
            current.k.push(format!("{}:{}", event.user_id, event.seq));
        } else {
            current.e.extend(alone.e);
        }
        if current.size() > NOTIFY_BYTES {
            let overflow = current.e.pop().map(|e| Wire {
                e: vec![e],
                k: Vec::new(),
            });
            let overflow = overflow.unwrap_or_else(|| Wire {
                e: Vec::new(),
                k: current.k.pop().into_iter().collect(),
            });
            wires.push(overflow);
        }
    }
    wires.retain(|w| !w.e.is_empty() || !w.k.is_empty());
    wires
}

/// Names `events` to the other instances; call in the transaction that wrote them.
pub(super) async fn notify(db: &impl ConnectionTrait, events: &[LiveEvent]) -> ApiResult<()> {
    for wire in wires(events) {
        let text = serde_json::to_string(&wire).map_err(ApiError::internal)?;
        let statement = Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), text.into()],
        );
        db.execute_raw(statement).await?;
    }
    Ok(())
}

/// The events a notification carries, and the keys of those to read.
fn parse(payload: &str) -> (Vec<LiveEvent>, Vec<(Uuid, i64)>) {
    let Ok(wire) = serde_json::from_str::<Wire>(payload) else {
        return (Vec::new(), Vec::new());
    };
    let events = wire
        .e
        .into_iter()
        .map(|e| LiveEvent {
            user_id: e.u,
            seq: e.s,
            kind: e.k,
            payload: e.p.into(),
            created_at: e.t,
        })
        .collect();
    let keys = wire
        .k
        .iter()
        .filter_map(|key| {
            let (user, seq) = key.split_once(':')?;
            Some((user.parse().ok()?, seq.parse().ok()?))
        })
        .collect();
    (events, keys)
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
            let (mut events, mut keys) = parse(first.payload());
            // Everything already received is handled together.
            while let Some(more) = listener.next_buffered() {
                let (more_events, more_keys) = parse(more.payload());
                events.extend(more_events);
                keys.extend(more_keys);
            }
            hub.publish(events.into_iter().map(Arc::new));
            if keys.is_empty() {
                continue;
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

    fn event(seq: i64, payload_bytes: usize) -> LiveEvent {
        LiveEvent {
            user_id: Uuid::now_v7(),
            seq,
            kind: "message.posted".into(),
            payload: format!("{{\"body\":\"{}\"}}", "è".repeat(payload_bytes / 2)).into(),
            created_at: Utc::now(),
        }
    }

    #[test]
    fn events_travel_inline_in_notifications_under_the_size_limit_and_large_ones_by_key() {
        let events: Vec<LiveEvent> = (1..=40)
            .map(|seq| event(seq, if seq == 7 { 20_000 } else { 600 }))
            .collect();
        let wires = wires(&events);
        assert!(wires.len() > 1);
        let (mut inline, mut keys) = (Vec::new(), Vec::new());
        for wire in &wires {
            let text = serde_json::to_string(wire).unwrap();
            assert!(text.len() <= NOTIFY_BYTES, "{}", text.len());
            let (e, k) = parse(&text);
            inline.extend(e);
            keys.extend(k);
        }
        assert_eq!(keys, vec![(events[6].user_id, 7)]);
        let expected: Vec<LiveEvent> = events.iter().filter(|e| e.seq != 7).cloned().collect();
        assert_eq!(inline, expected);
        assert_eq!(parse("nonsense"), (Vec::new(), Vec::new()));
    }
}

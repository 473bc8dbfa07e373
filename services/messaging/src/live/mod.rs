//! Live delivery: each signed-in user's event stream (new messages, edits, read receipts,
//! notifications) as server-sent events.
//!
//! Every event is first written to the user's log in the database ([`log`]), numbered in the
//! user's own sequence, inside the transaction of the change it describes. After the commit
//! the [`relay`] hands it to the [`hub`] of every instance (PostgreSQL `NOTIFY`, or directly in
//! the single embedded process), and the hub to the user's open streams ([`stream`]). A stream
//! that falls behind, reconnects, or sees a number skipped reads the log, so the database, not
//! the hub, is what guarantees nothing is lost.

pub mod hub;
pub mod log;
pub mod relay;
pub mod stream;

use chrono::{DateTime, Utc};
use std::sync::Arc;
use uuid::Uuid;

/// One event for one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveEvent {
    pub user_id: Uuid,
    /// The event's number in the user's sequence: its `id:` in the stream.
    pub seq: i64,
    /// The stream's `event:` field, e.g. `message.posted`.
    pub kind: String,
    /// The stream's `data:` field: JSON.
    pub payload: Arc<str>,
    pub created_at: DateTime<Utc>,
}

impl From<crate::entities::live_event::Model> for LiveEvent {
    fn from(row: crate::entities::live_event::Model) -> Self {
        LiveEvent {
            user_id: row.user_id,
            seq: row.seq,
            kind: row.kind,
            payload: row.payload.into(),
            created_at: row.created_at,
        }
    }
}

/// The kinds of event a stream carries.
pub mod kinds {
    pub const MESSAGE_POSTED: &str = "message.posted";
    pub const MESSAGE_EDITED: &str = "message.edited";
    pub const MESSAGE_DELETED: &str = "message.deleted";
    pub const MESSAGE_HIDDEN: &str = "message.hidden";
    pub const CONVERSATION_READ: &str = "conversation.read";
    pub const NOTIFICATION: &str = "notification";
    /// Sent instead of events that are no longer kept: the client reloads what it shows.
    pub const RESYNC: &str = "resync";
}

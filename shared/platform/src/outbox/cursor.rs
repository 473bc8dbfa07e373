//! Where a reader of the outbox (the search indexer, the recommendations' offer pool, the
//! notifier) is, including the events it may not have seen yet.
//!
//! Outbox ids come from a sequence: a transaction takes its id when it inserts the event, but
//! the event becomes visible only when it commits. On PostgreSQL two transactions can commit
//! out of order, so event 11 can be visible while event 10 is not yet; a reader that simply
//! moved past 11 would never see 10. The cursor therefore remembers every id it stepped over
//! (a *gap*) and keeps looking for it, until it appears or can no longer appear: a rolled-back
//! transaction leaves its id unused forever, and a transaction that was open [`GAP_GRACE_SECS`]
//! before the event after the gap was written has ended by now (requests time out long
//! before). The checkpoint a reader saves stays below the oldest open gap, so after a restart
//! it looks for it again; everything after it is replayed, so readers must be idempotent (the
//! indexer re-reads current rows, the notifier skips notifications it already made).

use chrono::{DateTime, TimeDelta, Utc};
use std::collections::BTreeMap;

/// How long a skipped id may still turn up, counted from when the next event was written.
pub const GAP_GRACE_SECS: i64 = 60;
/// At most this many skipped ids are followed per jump; a larger jump is a sequence reset,
/// not transactions in flight.
const MAX_GAP_IDS: i64 = 10_000;

/// An event as the cursor sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxCursor {
    /// The highest id applied.
    applied_through: i64,
    /// Ids stepped over, with the instant after which they are given up.
    gaps: BTreeMap<i64, DateTime<Utc>>,
}

impl OutboxCursor {
    /// A cursor resuming after `checkpoint`, as stored in the index.
    pub fn new(checkpoint: i64) -> Self {
        Self {
            applied_through: checkpoint,
            gaps: BTreeMap::new(),
        }
    }

    /// New events are those with a greater id.
    pub fn applied_through(&self) -> i64 {
        self.applied_through
    }

    /// The ids stepped over that may still appear, oldest first, at most `limit`.
    pub fn open_gaps(&self, limit: usize) -> Vec<i64> {
        self.gaps.keys().take(limit).copied().collect()
    }

    /// What to store in the index: every event up to here is applied.
    pub fn checkpoint(&self) -> i64 {
        match self.gaps.keys().next() {
            Some(first_gap) => (first_gap - 1).min(self.applied_through),
            None => self.applied_through,
        }
    }

    /// Records `events` (new ones and gap fillers, in any order) as applied, and gives up
    /// the gaps whose grace has passed at `now`.
    pub fn advance(&mut self, events: &[Seen], now: DateTime<Utc>) {
        let mut events = events.to_vec();
        events.sort_by_key(|e| e.id);
        for event in events {
            if event.id <= self.applied_through {
                self.gaps.remove(&event.id);
                continue;
            }
            let deadline = event.occurred_at + TimeDelta::seconds(GAP_GRACE_SECS);
            let skipped_from = (self.applied_through + 1).max(event.id - MAX_GAP_IDS);
            if deadline > now {
                for id in skipped_from..event.id {
                    self.gaps.insert(id, deadline);
                }
            }
            self.applied_through = event.id;
        }
        self.gaps.retain(|_, deadline| *deadline > now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(id: i64, at: DateTime<Utc>) -> Seen {
        Seen {
            id,
            occurred_at: at,
        }
    }

    #[test]
    fn contiguous_events_move_the_checkpoint_with_them() {
        let now = Utc::now();
        let mut cursor = OutboxCursor::new(10);
        cursor.advance(&[seen(11, now), seen(12, now)], now);
        assert_eq!(cursor.checkpoint(), 12);
        assert!(cursor.open_gaps(10).is_empty());
    }

    #[test]
    fn a_recent_gap_holds_the_checkpoint_until_the_missing_event_commits() {
        let now = Utc::now();
        let mut cursor = OutboxCursor::new(10);
        cursor.advance(&[seen(12, now), seen(13, now)], now);
        assert_eq!(cursor.applied_through(), 13);
        assert_eq!(cursor.checkpoint(), 10, "11 may still commit");
        assert_eq!(cursor.open_gaps(10), [11]);
        cursor.advance(&[seen(11, now)], now);
        assert_eq!(cursor.checkpoint(), 13);
    }

    #[test]
    fn a_gap_is_given_up_once_its_grace_has_passed() {
        let written = Utc::now();
        let mut cursor = OutboxCursor::new(0);
        cursor.advance(&[seen(3, written)], written);
        assert_eq!(cursor.checkpoint(), 0);
        let later = written + TimeDelta::seconds(GAP_GRACE_SECS + 1);
        cursor.advance(&[], later);
        assert_eq!(cursor.checkpoint(), 3);
    }

    #[test]
    fn old_gaps_found_on_replay_are_not_waited_for() {
        let now = Utc::now();
        let long_ago = now - TimeDelta::hours(2);
        let mut cursor = OutboxCursor::new(0);
        cursor.advance(&[seen(5, long_ago), seen(9, long_ago)], now);
        assert_eq!(cursor.checkpoint(), 9, "rolled-back ids from hours ago");
    }

    #[test]
    fn a_sequence_jump_follows_a_bounded_number_of_ids() {
        let now = Utc::now();
        let mut cursor = OutboxCursor::new(0);
        cursor.advance(&[seen(1_000_000, now)], now);
        assert_eq!(cursor.open_gaps(usize::MAX).len() as i64, MAX_GAP_IDS);
        assert_eq!(cursor.checkpoint(), 1_000_000 - MAX_GAP_IDS - 1);
    }
}

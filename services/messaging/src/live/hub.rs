//! The streams open on this instance, by user, and handing committed events to them.
//!
//! Each stream has a small bounded queue. Publishing never waits: when a queue is full the
//! stream is marked *behind* and, once it has drained its queue, reads the rest from the
//! database. So one slow client costs nothing to the others, and loses nothing itself.

use super::LiveEvent;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use tokio::sync::mpsc;
use uuid::Uuid;

/// What a stream is told.
#[derive(Debug, Clone)]
pub enum Signal {
    /// A committed event for the stream's user.
    Event(Arc<LiveEvent>),
    /// Events may have been missed (the relay reconnected): read the log.
    CatchUp,
}

struct Slot {
    id: u64,
    sender: mpsc::Sender<Signal>,
    behind: Arc<AtomicBool>,
}

impl Slot {
    fn offer(&self, signal: Signal) -> bool {
        match self.sender.try_send(signal) {
            Ok(()) => true,
            Err(mpsc::error::TrySendError::Full(_)) => {
                self.behind.store(true, Ordering::Release);
                false
            }
            Err(mpsc::error::TrySendError::Closed(_)) => false,
        }
    }
}

#[derive(Default)]
struct Inner {
    streams: RwLock<HashMap<Uuid, Vec<Arc<Slot>>>>,
    next_id: AtomicU64,
    closed: AtomicBool,
}

/// This instance's open streams. Cheap to clone.
#[derive(Clone, Default)]
pub struct Hub {
    inner: Arc<Inner>,
}

impl Hub {
    /// Opens a stream for `user` with room for `buffer` signals.
    pub fn subscribe(&self, user: Uuid, buffer: usize) -> Subscription {
        let (sender, receiver) = mpsc::channel(buffer);
        let (id, behind) = (
            self.inner.next_id.fetch_add(1, Ordering::Relaxed),
            Arc::new(AtomicBool::new(false)),
        );
        // Once closed, the sender is dropped here and the stream ends at its first read.
        if !self.inner.closed.load(Ordering::Acquire) {
            let slot = Arc::new(Slot {
                id,
                sender,
                behind: behind.clone(),
            });
            let mut streams = self.inner.streams.write().expect("hub lock");
            streams.entry(user).or_default().push(slot);
        }
        Subscription {
            hub: self.clone(),
            user,
            id,
            behind,
            receiver,
        }
    }

    /// Hands each event to its user's streams; returns how many streams took one.
    pub fn publish<I>(&self, events: I) -> usize
    where
        I: IntoIterator<Item = Arc<LiveEvent>>,
    {
        let streams = self.inner.streams.read().expect("hub lock");
        let mut delivered = 0;
        for event in events {
            for slot in streams.get(&event.user_id).into_iter().flatten() {
                delivered += usize::from(slot.offer(Signal::Event(event.clone())));
            }
        }
        delivered
    }

    /// Tells every stream to read the log, because events may have been missed.
    pub fn catch_up_all(&self) {
        let streams = self.inner.streams.read().expect("hub lock");
        for slot in streams.values().flatten() {
            slot.offer(Signal::CatchUp);
        }
    }

    /// Ends every stream (at shutdown), and refuses new ones.
    pub fn close(&self) {
        self.inner.closed.store(true, Ordering::Release);
        self.inner.streams.write().expect("hub lock").clear();
    }

    /// How many streams are open.
    pub fn open_streams(&self) -> usize {
        let streams = self.inner.streams.read().expect("hub lock");
        streams.values().map(Vec::len).sum()
    }

    fn remove(&self, user: Uuid, id: u64) {
        let mut streams = self.inner.streams.write().expect("hub lock");
        if let Some(slots) = streams.get_mut(&user) {
            slots.retain(|slot| slot.id != id);
            if slots.is_empty() {
                streams.remove(&user);
            }
        }
    }
}

/// One open stream; dropping it unregisters it.
pub struct Subscription {
    hub: Hub,
    user: Uuid,
    id: u64,
    behind: Arc<AtomicBool>,
    receiver: mpsc::Receiver<Signal>,
}

impl Subscription {
    /// The next signal; `None` once the hub closed.
    pub async fn next(&mut self) -> Option<Signal> {
        self.receiver.recv().await
    }

    /// Whether signals were dropped since the last call (the queue was full).
    pub fn take_behind(&self) -> bool {
        self.behind.swap(false, Ordering::AcqRel)
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.hub.remove(self.user, self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(user_id: Uuid, seq: i64) -> Arc<LiveEvent> {
        Arc::new(LiveEvent {
            user_id,
            seq,
            kind: "test".into(),
            payload: "{}".into(),
            created_at: chrono::Utc::now(),
        })
    }

    #[tokio::test]
    async fn events_reach_only_their_users_streams() {
        let hub = Hub::default();
        let (anna, bruno) = (Uuid::now_v7(), Uuid::now_v7());
        let mut first = hub.subscribe(anna, 4);
        let mut second = hub.subscribe(anna, 4);
        let mut other = hub.subscribe(bruno, 4);
        assert_eq!(hub.publish([event(anna, 1)]), 2);
        for stream in [&mut first, &mut second] {
            assert!(matches!(stream.next().await, Some(Signal::Event(e)) if e.seq == 1));
        }
        assert!(other.receiver.try_recv().is_err());
        drop(second);
        assert_eq!(hub.open_streams(), 2);
    }

    #[tokio::test]
    async fn a_full_queue_marks_the_stream_behind_instead_of_waiting() {
        let hub = Hub::default();
        let user = Uuid::now_v7();
        let stream = hub.subscribe(user, 4);
        let delivered = hub.publish((1..=10).map(|seq| event(user, seq)));
        assert_eq!(delivered, 4);
        assert!(stream.take_behind());
        assert!(!stream.take_behind());
    }

    #[tokio::test]
    async fn closing_ends_open_streams_and_refuses_new_ones() {
        let hub = Hub::default();
        let mut open = hub.subscribe(Uuid::now_v7(), 4);
        hub.close();
        assert!(open.next().await.is_none());
        let mut late = hub.subscribe(Uuid::now_v7(), 4);
        assert!(late.next().await.is_none());
        assert_eq!(hub.open_streams(), 0);
    }
}

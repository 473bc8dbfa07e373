//! One user's event stream: what was missed since `Last-Event-ID` from the log, then what the
//! hub hands over, in number order with nothing twice. A number skipped, a full queue or a
//! relay reconnection sends the stream back to the log, so it delivers every event exactly
//! once and in order whatever happened in between.

use super::hub::{Hub, Signal};
use super::{LiveEvent, kinds, log};
use axum::response::sse::Event;
use sea_orm::DatabaseConnection;
use std::convert::Infallible;
use std::time::Duration;
use tokio_stream::Stream;
use uuid::Uuid;

/// Events read from the log at once while catching up.
const CATCH_UP_PAGE: u64 = 500;
/// How long a browser waits before reconnecting.
const RETRY: Duration = Duration::from_secs(3);

/// Where a stream starts and how long it lasts.
#[derive(Debug, Clone, Copy)]
pub struct StreamPlan {
    pub user: Uuid,
    /// The last event the client has (`Last-Event-ID`); only new events when absent.
    pub after: Option<i64>,
    pub lasts: Duration,
    pub buffer: usize,
}

fn sse(event: &LiveEvent) -> Event {
    Event::default()
        .id(event.seq.to_string())
        .event(&event.kind)
        .data(&*event.payload)
}

/// The client asked to resume after events that were pruned: it reloads what it shows.
fn resync(seq: i64) -> Event {
    Event::default()
        .id(seq.to_string())
        .event(kinds::RESYNC)
        .data("{}")
}

/// The stream's events, ending after `plan.lasts`, at shutdown, or when the log cannot be
/// read (the client then reconnects with the last id it got).
pub fn events(
    db: DatabaseConnection,
    hub: Hub,
    plan: StreamPlan,
) -> impl Stream<Item = Result<Event, Infallible>> {
    async_stream::stream! {
        // Subscribe before reading the log, so nothing committed in between is missed.
        let mut subscription = hub.subscribe(plan.user, plan.buffer);
        let deadline = tokio::time::sleep(plan.lasts);
        tokio::pin!(deadline);
        // The log's futures are boxed: held inline they would make every idle stream's state
        // as large as the largest query.
        let Ok(head) = Box::pin(log::head(&db, plan.user)).await else { return };
        yield Ok(Event::default().comment("connected").retry(RETRY));
        let mut last = match plan.after {
            Some(after) if after <= head => after,
            // Beyond the head: ids of another database, or made up; start afresh.
            Some(_) => {
                yield Ok(resync(head));
                head
            }
            None => head,
        };
        let mut must_read = plan.after.is_some_and(|after| after < head);
        loop {
            if must_read || subscription.take_behind() {
                must_read = false;
                loop {
                    let Ok(page) = Box::pin(log::since(&db, plan.user, last, CATCH_UP_PAGE)).await else { return };
                    if page.first().is_some_and(|first| first.seq > last + 1) {
                        yield Ok(resync(page[0].seq - 1));
                    }
                    for event in &page {
                        last = event.seq;
                        yield Ok(sse(event));
                    }
                    if (page.len() as u64) < CATCH_UP_PAGE {
                        break;
                    }
                }
            }
            let signal = tokio::select! {
                signal = subscription.next() => signal,
                () = &mut deadline => None,
            };
            match signal {
                None => return,
                Some(Signal::Event(event)) if event.seq <= last => {}
                Some(Signal::Event(event)) if event.seq == last + 1 => {
                    last = event.seq;
                    yield Ok(sse(&event));
                }
                Some(_) => must_read = true,
            }
        }
    }
}

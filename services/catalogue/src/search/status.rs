//! How far the indexer has come, published on a `watch` channel and reported to `/readyz`.
//! Lagging behind is normal under load; only an indexer that keeps failing while events wait
//! makes the service unready.

use chrono::{DateTime, TimeDelta, Utc};
use connessi_platform::readiness::ComponentReport;
use serde_json::json;
use tokio::sync::watch;

/// An indexer failing this long, with events waiting, makes `/readyz` answer 503.
pub const FAILING_FOR_UNREADY_SECS: i64 = 30;
/// Errors are cut to this length: they are shown on `/readyz`.
const MAX_ERROR_CHARS: usize = 300;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndexerStatus {
    /// The index generation in use (embedded backend).
    pub generation: Option<String>,
    /// The last outbox id durably in the index.
    pub checkpoint: i64,
    /// The highest outbox id when last measured.
    pub head: i64,
    /// Events not yet applied to the index.
    pub lag_events: u64,
    /// When the oldest of them was written.
    pub oldest_unapplied_at: Option<DateTime<Utc>>,
    /// The last failure, cleared by the next success.
    pub last_error: Option<String>,
    /// When the current run of failures began.
    pub failing_since: Option<DateTime<Utc>>,
}

impl IndexerStatus {
    /// Records a failure, keeping when the run of failures began.
    pub fn failed(&mut self, error: &anyhow::Error, now: DateTime<Utc>) {
        let text: String = format!("{error:#}").chars().take(MAX_ERROR_CHARS).collect();
        self.last_error = Some(text);
        self.failing_since.get_or_insert(now);
    }

    pub fn succeeded(&mut self) {
        self.last_error = None;
        self.failing_since = None;
    }

    /// Whether the indexer is failing with events waiting, for longer than the threshold.
    pub fn is_failing(&self, now: DateTime<Utc>) -> bool {
        let failing_long =
            |since: DateTime<Utc>| now - since > TimeDelta::seconds(FAILING_FOR_UNREADY_SECS);
        self.last_error.is_some()
            && self.lag_events > 0
            && self.failing_since.is_some_and(failing_long)
    }

    /// The readiness report as of `now`.
    pub fn report(&self, now: DateTime<Utc>) -> ComponentReport {
        let age = self
            .oldest_unapplied_at
            .map(|at| (now - at).num_milliseconds().max(0) as f64 / 1000.0);
        ComponentReport {
            healthy: !self.is_failing(now),
            details: json!({
                "generation": self.generation,
                "checkpoint": self.checkpoint,
                "head": self.head,
                "lag_events": self.lag_events,
                "oldest_unapplied_age_secs": age,
                // The error itself goes to the log only: readiness is public and error text
                // can carry database internals.
                "failing_since": self.failing_since,
            }),
        }
    }
}

/// A probe for [`connessi_platform::readiness::Components`] reading the latest status.
pub fn probe(status: watch::Receiver<IndexerStatus>) -> connessi_platform::readiness::Probe {
    std::sync::Arc::new(move || status.borrow().report(Utc::now()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lagging_is_ready_but_failing_with_events_waiting_for_long_is_not() {
        let now = Utc::now();
        let mut status = IndexerStatus {
            lag_events: 40,
            oldest_unapplied_at: Some(now - TimeDelta::seconds(90)),
            ..Default::default()
        };
        assert!(status.report(now).healthy, "lag alone is not a failure");
        assert_eq!(
            status.report(now).details["oldest_unapplied_age_secs"],
            90.0
        );

        status.failed(&anyhow::anyhow!("index is locked"), now);
        assert!(status.report(now).healthy, "a fresh failure may recover");
        let later = now + TimeDelta::seconds(FAILING_FOR_UNREADY_SECS + 1);
        status.failed(&anyhow::anyhow!("still locked"), later);
        assert_eq!(
            status.failing_since,
            Some(now),
            "the run began at the first failure"
        );
        let report = status.report(later);
        assert!(!report.healthy);
        assert_eq!(report.details["failing_since"], serde_json::json!(now));
        assert!(
            !report.details.to_string().contains("locked"),
            "no error text in the report"
        );

        status.lag_events = 0;
        assert!(
            status.report(later).healthy,
            "nothing waits, nothing is lost"
        );
        status.succeeded();
        assert_eq!(
            status.report(later).details["failing_since"],
            serde_json::Value::Null
        );
    }
}

//! The messaging service's background work: the live relay (PostgreSQL), the notifier that
//! follows the outbox, the e-mail sender and the daily digests (when SMTP is configured), and
//! the pruning of old live events.

use crate::MessagingState;
use crate::live;
use crate::notify::{digest, notifier::Notifier};
use connessi_platform::email::sender::Sender;
use sea_orm::{DatabaseConnection, DbBackend};
use std::time::Duration;

/// How often the notifier looks for new outbox events.
const NOTIFIER_POLL: Duration = Duration::from_millis(250);
/// How often due digests are looked for.
const DIGEST_POLL: Duration = Duration::from_secs(600);

/// Starts the background work; aborting the returned task stops all of it.
pub fn spawn_background(state: &MessagingState) -> tokio::task::JoinHandle<()> {
    let db = state.platform.db.clone();
    let settings = state.platform.settings.clone();
    let notifier = Notifier {
        db: db.clone(),
        live: state.live.clone(),
        email: settings.email.enabled(),
        public_url: settings.public_url.clone(),
        sender: state.email_queued.clone(),
    };
    let (hub, wake) = (state.live.hub.clone(), state.email_queued.clone());
    tokio::spawn(async move {
        let relay = async {
            if db.get_database_backend() == DbBackend::Postgres {
                live::relay::listen(db.clone(), hub).await;
            }
        };
        let email = async {
            match Sender::new(&settings.email) {
                Ok(Some(sender)) => {
                    let digests =
                        digests(&db, settings.email.digest_hour_utc, &settings.public_url);
                    tokio::join!(sender.run(db.clone(), wake), digests);
                }
                Ok(None) => {
                    tracing::info!("no SMTP server configured: notifications stay in the app")
                }
                Err(error) => tracing::error!(%error, "e-mail cannot be sent"),
            }
        };
        tokio::join!(
            relay,
            notifier.run(NOTIFIER_POLL),
            email,
            prune_live_events(&db, settings.messaging.live_retention_hours)
        );
    })
}

async fn digests(db: &DatabaseConnection, hour: u32, public_url: &str) {
    let mut every = tokio::time::interval(DIGEST_POLL);
    loop {
        every.tick().await;
        match digest::queue_due(db, hour, public_url, chrono::Utc::now()).await {
            Ok(0) => {}
            Ok(queued) => tracing::info!(queued, "daily digests queued"),
            Err(error) => tracing::warn!(error = error.detail, "queuing digests failed"),
        }
    }
}

async fn prune_live_events(db: &DatabaseConnection, retention_hours: u64) {
    let mut every_hour = tokio::time::interval(Duration::from_secs(3_600));
    loop {
        every_hour.tick().await;
        let before = chrono::Utc::now() - chrono::Duration::hours(retention_hours as i64);
        match live::log::prune(db, before).await {
            Ok(0) => {}
            Ok(pruned) => tracing::info!(pruned, "old live events pruned"),
            Err(error) => tracing::warn!(error = error.detail, "pruning live events failed"),
        }
    }
}

//! Offers expire by themselves once their end date has passed: a periodic sweep moves them to
//! `expired`, audited as done by the system. Listings already hide them before the sweep.

use super::transition;
use crate::store::offers::{self as offer_store, StatusChange};
use chrono::{DateTime, Utc};
use connessi_domain::{Actor, OfferAction, OfferId};
use connessi_platform::{ApiResult, db};
use sea_orm::DatabaseConnection;
use std::time::Duration;

/// Expires every offer due at `now`, one transaction each; returns how many.
pub async fn sweep(conn: &DatabaseConnection, now: DateTime<Utc>) -> ApiResult<usize> {
    let due = offer_store::due_for_expiry(conn, now, 500).await?;
    let mut expired = 0;
    for offer in due {
        let id = OfferId(offer.id);
        let done = db::write(conn, |txn| {
            Box::pin(async move {
                // Re-read under lock: it may have been withdrawn or edited meanwhile.
                let current = offer_store::get_for_update(txn, id).await?;
                let still_due = current.expires_at.is_some_and(|at| at <= now);
                if !still_due
                    || offer_store::status_of(&current)
                        .apply(OfferAction::Expire)
                        .is_err()
                {
                    return Ok(false);
                }
                let reason = Some("the end date of the offer has passed".to_owned());
                if let Some(open) = crate::store::revisions::open_for(txn, id).await? {
                    crate::ops::offers::change_revision(
                        txn,
                        &Actor::System,
                        open,
                        OfferAction::Withdraw,
                        reason.clone(),
                    )
                    .await?;
                }
                transition(
                    txn,
                    &Actor::System,
                    current,
                    OfferAction::Expire,
                    reason,
                    StatusChange::default(),
                    None,
                )
                .await?;
                Ok(true)
            })
        })
        .await?;
        expired += usize::from(done);
    }
    Ok(expired)
}

/// Sweeps every `interval` until the future is dropped.
pub async fn run(conn: DatabaseConnection, interval: Duration) {
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        match sweep(&conn, Utc::now()).await {
            Ok(0) => {}
            Ok(count) => tracing::info!(count, "offers expired"),
            Err(error) => tracing::warn!(
                code = error.code.name(),
                internal = error.internal.as_deref().unwrap_or(""),
                "expiry sweep failed"
            ),
        }
    }
}

//! The persistent e-mail queue. An e-mail is queued in the transaction of what caused it
//! (once: its `dedupe_key` is unique), then [`sender`] sends it, retrying with backoff while
//! the SMTP server is unreachable, so an outage delays e-mails but neither loses nor repeats
//! them. Every e-mail can carry a one-click unsubscribe link ([`unsubscribe`]).

pub mod sender;
pub mod unsubscribe;

use crate::entities::email;
use crate::problem::ApiResult;
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

/// An e-mail to queue: plain text.
#[derive(Debug, Clone)]
pub struct Email {
    /// What makes this e-mail unique, e.g. `notification:{id}`: queuing it again does nothing.
    pub dedupe_key: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// The one-click unsubscribe address (`List-Unsubscribe`), when the e-mail has one.
    pub unsubscribe_url: Option<String>,
}

/// Queues `email` unless one with its key is queued already; returns whether it was queued.
pub async fn enqueue(db: &impl ConnectionTrait, email: Email) -> ApiResult<bool> {
    let now = Utc::now();
    let inserted = email::Entity::insert(email::ActiveModel {
        id: Set(Uuid::now_v7()),
        dedupe_key: Set(email.dedupe_key),
        recipient: Set(email.recipient),
        subject: Set(email.subject),
        body: Set(email.body),
        unsubscribe_url: Set(email.unsubscribe_url),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        sent_at: Set(None),
        failed_at: Set(None),
        last_error: Set(None),
    })
    .on_conflict(
        OnConflict::column(email::Column::DedupeKey)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(inserted == 1)
}

/// Whether `address` is an e-mail address a server could take (`name@domain`).
pub fn valid_address(address: &str) -> bool {
    address.len() <= 254 && address.parse::<lettre::Address>().is_ok()
}

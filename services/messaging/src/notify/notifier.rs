//! The notifier: follows the outbox (as a durable reader, its checkpoint in `outbox_readers`)
//! and turns each event into the notifications [`super::sources`] calls for. Each batch is one
//! transaction: the notifications, their live events, the e-mails to send now and the new
//! checkpoint commit together, and a notification is made once per event and person, so a
//! batch read twice (after a crash, or an outbox gap filled late) changes nothing.

use super::inbox::NotificationView;
use super::leader::Leadership;
use super::{Delivery, prefs, sources};
use crate::entities::notification;
use crate::live::{self, LiveEvent, kinds, relay::Live};
use chrono::Utc;
use connessi_platform::email::{self, Email, unsubscribe};
use connessi_platform::entities::{outbox, outbox_reader, user};
use connessi_platform::outbox::cursor::{OutboxCursor, Seen};
use connessi_platform::{ApiError, ApiResult, db};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use uuid::Uuid;

const READER: &str = "notifier";
const BATCH: u64 = 200;

/// What the notifier needs besides the database.
#[derive(Clone)]
pub struct Notifier {
    pub db: DatabaseConnection,
    pub live: Live,
    /// Whether e-mail is configured (otherwise notifications stay in the app).
    pub email: bool,
    pub public_url: String,
    /// Woken when e-mails were queued.
    pub sender: Arc<Notify>,
}

/// What one batch wrote.
#[derive(Default)]
struct Written {
    live: Vec<LiveEvent>,
    emails: usize,
}

impl Notifier {
    /// Follows the outbox until the process ends, while this instance is the leader.
    pub async fn run(self, poll: Duration) {
        loop {
            let mut leadership = Leadership::acquire(&self.db).await;
            let mut cursor = match self.start().await {
                Ok(cursor) => cursor,
                Err(error) => {
                    tracing::warn!(error = error.detail, "the notifier cannot start");
                    tokio::time::sleep(poll).await;
                    continue;
                }
            };
            while leadership.held().await {
                match self.pass(&mut cursor).await {
                    Ok(read) if read as u64 >= BATCH => continue,
                    Ok(_) => {}
                    Err(error) => tracing::warn!(
                        error = error.internal.as_deref().unwrap_or(&error.detail),
                        "notifying failed; will retry"
                    ),
                }
                tokio::time::sleep(poll).await;
            }
            tracing::warn!("the notifier lost its lock; waiting to lead again");
        }
    }

    /// The saved checkpoint (the migration that made notifications saved the first one).
    pub async fn start(&self) -> ApiResult<OutboxCursor> {
        let saved = outbox_reader::Entity::find_by_id(READER)
            .one(&self.db)
            .await?;
        Ok(OutboxCursor::new(saved.map_or(0, |row| row.checkpoint)))
    }

    /// Reads one batch of events and writes what they call for; returns how many were read.
    pub async fn pass(&self, cursor: &mut OutboxCursor) -> ApiResult<usize> {
        let events = connessi_platform::outbox::unapplied(&self.db, cursor, BATCH).await?;
        let mut next = cursor.clone();
        let seen: Vec<Seen> = events
            .iter()
            .map(|e| Seen {
                id: e.id,
                occurred_at: e.occurred_at,
            })
            .collect();
        next.advance(&seen, Utc::now());
        let checkpoint = next.checkpoint();
        let written = db::write(&self.db, |txn| {
            let (events, notifier) = (events.clone(), self.clone());
            Box::pin(async move {
                let mut written = Written::default();
                for event in &events {
                    notifier.notify(txn, event, &mut written).await?;
                }
                save_checkpoint(txn, checkpoint).await?;
                Ok(written)
            })
        })
        .await?;
        *cursor = next;
        self.live.committed(written.live);
        if written.emails > 0 {
            self.sender.notify_one();
        }
        Ok(events.len())
    }

    async fn notify(
        &self,
        txn: &impl ConnectionTrait,
        event: &outbox::Model,
        written: &mut Written,
    ) -> ApiResult<()> {
        for draft in sources::for_event(txn, event).await? {
            for recipient in draft.recipients.iter().copied() {
                let row = notification::Model {
                    id: Uuid::now_v7(),
                    user_id: recipient,
                    kind: draft.kind.as_str().to_owned(),
                    source: format!("outbox:{}", event.id),
                    title: draft.title.clone(),
                    body: draft.body.clone(),
                    link: draft.link.clone(),
                    created_at: Utc::now(),
                    read_at: None,
                    digested_at: None,
                };
                let delivery = prefs::delivery(txn, recipient, draft.kind).await?;
                let digest_later = self.email && delivery == Delivery::Daily;
                if !insert(txn, &row, digest_later).await? {
                    continue;
                }
                let view = serde_json::to_value(NotificationView::from(row.clone()))
                    .map_err(ApiError::internal)?;
                written.live.extend(
                    live::log::append(txn, &[recipient], kinds::NOTIFICATION, &view).await?,
                );
                if self.email && delivery == Delivery::Immediately {
                    written.emails += usize::from(self.queue_email(txn, &row).await?);
                }
            }
        }
        Ok(())
    }

    async fn queue_email(
        &self,
        txn: &impl ConnectionTrait,
        row: &notification::Model,
    ) -> ApiResult<bool> {
        let Some(person) = user::Entity::find_by_id(row.user_id).one(txn).await? else {
            return Ok(false);
        };
        if person.blocked_at.is_some() {
            return Ok(false);
        }
        let token = unsubscribe::issue(txn, Some(row.user_id), &row.kind).await?;
        let base = self.public_url.trim_end_matches('/');
        let unsubscribe_url = format!("{base}/api/v1/unsubscribe/{token}");
        let open = row
            .link
            .as_ref()
            .map(|link| format!("\nApri: {base}{link}\n"))
            .unwrap_or_default();
        let body = format!(
            "{}\n\n{}\n{open}\n--\nRicevi questa e-mail perché hai scelto di essere avvisato subito di questo tipo di notifica.\nPer non riceverne più: {unsubscribe_url}\n",
            row.title, row.body
        );
        let email = Email {
            dedupe_key: format!("notification:{}", row.id),
            recipient: person.email,
            subject: row.title.clone(),
            body,
            unsubscribe_url: Some(unsubscribe_url),
        };
        email::enqueue(txn, email).await
    }
}

/// Inserts `row` unless this event already notified this person; returns whether it did.
/// A notification is left for the digest only when it goes out daily.
async fn insert(
    db: &impl ConnectionTrait,
    row: &notification::Model,
    digest_later: bool,
) -> ApiResult<bool> {
    let inserted = notification::Entity::insert(notification::ActiveModel {
        id: Set(row.id),
        user_id: Set(row.user_id),
        kind: Set(row.kind.clone()),
        source: Set(row.source.clone()),
        title: Set(row.title.clone()),
        body: Set(row.body.clone()),
        link: Set(row.link.clone()),
        created_at: Set(row.created_at),
        read_at: Set(None),
        digested_at: Set((!digest_later).then_some(row.created_at)),
    })
    .on_conflict(
        OnConflict::columns([notification::Column::Source, notification::Column::UserId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(inserted == 1)
}

async fn save_checkpoint(db: &impl ConnectionTrait, checkpoint: i64) -> ApiResult<()> {
    outbox_reader::Entity::insert(outbox_reader::ActiveModel {
        name: Set(READER.to_owned()),
        checkpoint: Set(checkpoint),
        updated_at: Set(Some(Utc::now())),
    })
    .on_conflict(
        OnConflict::column(outbox_reader::Column::Name)
            .update_columns([
                outbox_reader::Column::Checkpoint,
                outbox_reader::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

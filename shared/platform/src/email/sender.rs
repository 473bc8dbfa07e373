//! Sending the queue: claim the e-mails that are due (a claim lasts [`CLAIM_SECS`], so two
//! instances never send the same one and a crashed sender's claim runs out), send each over
//! SMTP, then mark it sent; a failure puts it back with a doubled pause, a permanent refusal
//! (5xx, or an address that cannot be parsed) or the last allowed attempt ends it as failed,
//! with the error kept for moderators. An e-mail is marked sent right after the server took
//! it, so only a crash in between could send it twice.

use crate::config::EmailSettings;
use crate::entities::email;
use chrono::{DateTime, TimeDelta, Utc};
use lettre::message::Mailbox;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use secrecy::ExposeSecret;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How long a claimed e-mail is reserved for the sender that claimed it.
const CLAIM_SECS: i64 = 120;
/// E-mails claimed at once.
const BATCH: u64 = 20;
/// The longest pause between two attempts.
const MAX_PAUSE: TimeDelta = TimeDelta::hours(1);

/// What one pass over the queue did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
}

/// The pause after `attempts` failed attempts: `base`, doubled each time, at most an hour.
pub fn pause(base: Duration, attempts: u32) -> TimeDelta {
    let factor = 2u32.saturating_pow(attempts.saturating_sub(1).min(20));
    TimeDelta::from_std(base.saturating_mul(factor))
        .unwrap_or(MAX_PAUSE)
        .min(MAX_PAUSE)
}

/// The sender: the SMTP transport and the queue's settings.
#[derive(Clone)]
pub struct Sender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    settings: EmailSettings,
}

impl Sender {
    /// `None` when no SMTP server is configured.
    pub fn new(settings: &EmailSettings) -> anyhow::Result<Option<Sender>> {
        let Some(url) = &settings.smtp_url else {
            return Ok(None);
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
            .map_err(|_| anyhow::anyhow!("email.smtp_url is not a usable SMTP address"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = settings.from.parse()?;
        Ok(Some(Sender {
            transport,
            from,
            settings: settings.clone(),
        }))
    }

    /// Sends what is due until the process ends, woken early by `wake`.
    pub async fn run(self, db: DatabaseConnection, wake: Arc<Notify>) {
        let idle = Duration::from_millis(self.settings.poll_interval_ms);
        loop {
            match self.send_due(&db).await {
                // A full batch: there may be more right away.
                Ok(pass) if pass.sent + pass.retrying + pass.failed >= BATCH as usize => continue,
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "reading the e-mail queue failed"),
            }
            tokio::select! {
                () = wake.notified() => {}
                () = tokio::time::sleep(idle) => {}
            }
        }
    }

    /// One pass: claims the due e-mails and sends them.
    pub async fn send_due(&self, db: &DatabaseConnection) -> Result<Pass, DbErr> {
        let mut pass = Pass::default();
        for row in claim(db, Utc::now()).await? {
            match self.send(&row).await {
                Ok(()) => {
                    settle(db, &row, Outcome::Sent).await?;
                    pass.sent += 1;
                }
                Err(failure) => {
                    let attempts = row.attempts as u32 + 1;
                    let give_up = failure.permanent || attempts >= self.settings.max_attempts;
                    tracing::warn!(email = %row.id, attempts, give_up, error = %failure.message, "an e-mail could not be sent");
                    let outcome = if give_up {
                        pass.failed += 1;
                        Outcome::Failed(failure.message)
                    } else {
                        pass.retrying += 1;
                        let base = Duration::from_millis(self.settings.retry_base_ms);
                        Outcome::Retry(failure.message, Utc::now() + pause(base, attempts))
                    };
                    settle(db, &row, outcome).await?;
                }
            }
        }
        Ok(pass)
    }

    async fn send(&self, row: &email::Model) -> Result<(), Failure> {
        let to: Mailbox = row.recipient.parse().map_err(|_| Failure {
            permanent: true,
            message: "the recipient address cannot be used".into(),
        })?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(row.subject.clone())
            .message_id(Some(format!("<{}@connessi>", row.id)))
            .header(ContentType::TEXT_PLAIN);
        if let Some(url) = &row.unsubscribe_url {
            let header = |name: &'static str, value: String| {
                HeaderValue::new(HeaderName::new_from_ascii_str(name), value)
            };
            builder = builder
                .raw_header(header("List-Unsubscribe", format!("<{url}>")))
                .raw_header(header(
                    "List-Unsubscribe-Post",
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        let message = builder.body(row.body.clone()).map_err(|error| Failure {
            permanent: true,
            message: format!("the e-mail cannot be built: {error}"),
        })?;
        self.transport
            .send(message)
            .await
            .map(drop)
            .map_err(|error| Failure {
                permanent: error.is_permanent(),
                message: error.to_string(),
            })
    }
}

struct Failure {
    permanent: bool,
    message: String,
}

enum Outcome {
    Sent,
    Retry(String, DateTime<Utc>),
    Failed(String),
}

/// The due e-mails this sender now holds a claim on.
async fn claim(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Vec<email::Model>, DbErr> {
    let free = Condition::any()
        .add(email::Column::ClaimedUntil.is_null())
        .add(email::Column::ClaimedUntil.lt(now));
    let due = email::Entity::find()
        .filter(email::Column::SentAt.is_null())
        .filter(email::Column::FailedAt.is_null())
        .filter(email::Column::NextAttemptAt.lte(now))
        .filter(free.clone())
        .order_by_asc(email::Column::NextAttemptAt)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut claimed = Vec::with_capacity(due.len());
    for row in due {
        let taken = email::Entity::update_many()
            .col_expr(
                email::Column::ClaimedUntil,
                Expr::value(now + TimeDelta::seconds(CLAIM_SECS)),
            )
            .filter(email::Column::Id.eq(row.id))
            .filter(email::Column::SentAt.is_null())
            .filter(free.clone())
            .exec(db)
            .await?;
        if taken.rows_affected == 1 {
            claimed.push(row);
        }
    }
    Ok(claimed)
}

async fn settle(
    db: &DatabaseConnection,
    row: &email::Model,
    outcome: Outcome,
) -> Result<(), DbErr> {
    let now = Utc::now();
    let mut update = email::Entity::update_many()
        .col_expr(
            email::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(email::Column::Id.eq(row.id));
    update = match outcome {
        Outcome::Sent => update.col_expr(email::Column::SentAt, Expr::value(now)),
        Outcome::Retry(error, next) => update
            .col_expr(email::Column::Attempts, Expr::value(row.attempts + 1))
            .col_expr(email::Column::NextAttemptAt, Expr::value(next))
            .col_expr(email::Column::LastError, Expr::value(error)),
        Outcome::Failed(error) => update
            .col_expr(email::Column::Attempts, Expr::value(row.attempts + 1))
            .col_expr(email::Column::FailedAt, Expr::value(now))
            .col_expr(email::Column::LastError, Expr::value(error)),
    };
    update.exec(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pause_doubles_with_each_failed_attempt_up_to_an_hour() {
        let base = Duration::from_secs(5);
        assert_eq!(pause(base, 1), TimeDelta::seconds(5));
        assert_eq!(pause(base, 2), TimeDelta::seconds(10));
        assert_eq!(pause(base, 4), TimeDelta::seconds(40));
        assert_eq!(pause(base, 12), TimeDelta::hours(1));
        assert_eq!(pause(base, 1_000), TimeDelta::hours(1));
    }
}

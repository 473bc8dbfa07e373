//! The daily digest: once a day, after `email.digest_hour_utc`, each person with notifications
//! waiting for it (kinds they get daily) receives one e-mail listing them. The digest of a day
//! is queued once (`digest:{user}:{date}`), in the transaction that marks its notifications.

use crate::entities::notification;
use chrono::{DateTime, NaiveTime, Timelike, Utc};
use connessi_platform::email::{self, Email, unsubscribe};
use connessi_platform::entities::user;
use connessi_platform::{ApiResult, db};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::BTreeSet;
use uuid::Uuid;

/// The most notifications listed in one digest (the rest are counted).
const LISTED: usize = 30;

/// Queues the digests due at `now`; returns how many were queued.
pub async fn queue_due(
    conn: &DatabaseConnection,
    digest_hour: u32,
    public_url: &str,
    now: DateTime<Utc>,
) -> ApiResult<usize> {
    if now.hour() < digest_hour {
        return Ok(0);
    }
    let cutoff = now
        .date_naive()
        .and_time(NaiveTime::from_hms_opt(digest_hour, 0, 0).unwrap_or_default())
        .and_utc();
    let users: BTreeSet<Uuid> = notification::Entity::find()
        .select_only()
        .column(notification::Column::UserId)
        .filter(notification::Column::DigestedAt.is_null())
        .filter(notification::Column::CreatedAt.lt(cutoff))
        .into_tuple::<Uuid>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    let mut queued = 0;
    for person in users {
        let base = public_url.trim_end_matches('/').to_owned();
        queued += usize::from(
            db::write(conn, |txn| {
                let base = base.clone();
                Box::pin(async move { queue_one(txn, person, cutoff, &base, now).await })
            })
            .await?,
        );
    }
    Ok(queued)
}

async fn queue_one(
    db: &impl ConnectionTrait,
    person: Uuid,
    cutoff: DateTime<Utc>,
    base: &str,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    let waiting = notification::Entity::find()
        .filter(notification::Column::UserId.eq(person))
        .filter(notification::Column::DigestedAt.is_null())
        .filter(notification::Column::CreatedAt.lt(cutoff))
        .order_by_asc(notification::Column::Id)
        .all(db)
        .await?;
    notification::Entity::update_many()
        .col_expr(notification::Column::DigestedAt, Expr::value(now))
        .filter(notification::Column::Id.is_in(waiting.iter().map(|n| n.id)))
        .exec(db)
        .await?;
    let Some(account) = user::Entity::find_by_id(person).one(db).await? else {
        return Ok(false);
    };
    if account.blocked_at.is_some() || waiting.is_empty() {
        return Ok(false);
    }
    let token = unsubscribe::issue(db, Some(person), "digest").await?;
    let unsubscribe_url = format!("{base}/api/v1/unsubscribe/{token}");
    let mut body = format!(
        "Ecco le novità dall'ultimo riepilogo ({}):\n\n",
        waiting.len()
    );
    for item in waiting.iter().take(LISTED) {
        let link = item
            .link
            .as_ref()
            .map(|l| format!("\n  {base}{l}"))
            .unwrap_or_default();
        body.push_str(&format!("- {}{link}\n", item.title));
    }
    if waiting.len() > LISTED {
        body.push_str(&format!(
            "… e altre {} nel portale.\n",
            waiting.len() - LISTED
        ));
    }
    body.push_str(&format!(
        "\n--\nPer non ricevere più il riepilogo giornaliero: {unsubscribe_url}\n"
    ));
    let email = Email {
        dedupe_key: format!("digest:{person}:{}", now.date_naive()),
        recipient: account.email,
        subject: format!("Connessi: {} novità di oggi", waiting.len()),
        body,
        unsubscribe_url: Some(unsubscribe_url),
    };
    email::enqueue(db, email).await
}

//! Running saved searches: every interval, each confirmed search that is due (every run for
//! "immediately", once a week for "weekly") is run against the search index, newest first, and
//! the offers published since it was saved that it has not told of yet go out in one e-mail.
//! The offers told of and the e-mail are written in one transaction, so each offer is announced
//! once per search, however often a run is repeated.

use super::{Frequency, search_params};
use crate::entities::{saved_search, saved_search_hit as hit};
use crate::search::SearchHandle;
use chrono::{DateTime, TimeDelta, Utc};
use connessi_domain::Actor;
use connessi_platform::email::{self, Email, unsubscribe};
use connessi_platform::{ApiError, ApiResult, db};
use connessi_search::{OfferDocument, SortOrder};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use std::collections::HashSet;
use std::time::Duration;

/// The newest offers looked at per run.
const NEWEST: u32 = 50;

/// Runs the due searches every `interval`, until the process ends.
pub async fn run(
    db: DatabaseConnection,
    search: SearchHandle,
    public_url: String,
    interval: Duration,
) {
    let mut every = tokio::time::interval(interval);
    loop {
        every.tick().await;
        if let Err(error) = run_due(&db, &search, &public_url, Utc::now()).await {
            tracing::warn!(
                error = error.internal.as_deref().unwrap_or(&error.detail),
                "saved-search alerts failed; will retry"
            );
        }
    }
}

/// Runs every search due at `now`; returns how many e-mails were queued.
pub async fn run_due(
    db: &DatabaseConnection,
    search: &SearchHandle,
    public_url: &str,
    now: DateTime<Utc>,
) -> ApiResult<usize> {
    let active = saved_search::Entity::find()
        .filter(saved_search::Column::ConfirmedAt.is_not_null())
        .filter(saved_search::Column::UnsubscribedAt.is_null())
        .all(db)
        .await?;
    let mut queued = 0;
    for saved in active.into_iter().filter(|s| due(s, now)) {
        let fresh = new_offers(db, search, &saved, now).await?;
        let base = public_url.trim_end_matches('/').to_owned();
        queued += usize::from(
            db::write(db, |txn| {
                let (saved, fresh, base) = (saved.clone(), fresh.clone(), base.clone());
                Box::pin(async move { announce(txn, &saved, &fresh, &base, now).await })
            })
            .await?,
        );
    }
    Ok(queued)
}

fn due(saved: &saved_search::Model, now: DateTime<Utc>) -> bool {
    saved.frequency == Frequency::Immediately.as_str()
        || saved.last_run_at.unwrap_or(saved.created_at) <= now - TimeDelta::days(7)
}

/// The newest matching offers published after the search was saved, not yet told of.
async fn new_offers(
    db: &DatabaseConnection,
    search: &SearchHandle,
    saved: &saved_search::Model,
    now: DateTime<Utc>,
) -> ApiResult<Vec<OfferDocument>> {
    let params = search_params(&serde_json::from_str(&saved.params).unwrap_or_default())?;
    let mut request = params.into_request(&Actor::Anonymous, now)?;
    request.sort = SortOrder::Newest;
    request.per_page = NEWEST;
    let response = search
        .backend()
        .search(&request)
        .await
        .map_err(|e| ApiError {
            internal: Some(e.to_string()),
            ..ApiError::new(
                connessi_domain::ErrorCode::ServiceUnavailable,
                "search unavailable",
            )
        })?;
    let told: HashSet<uuid::Uuid> = hit::Entity::find()
        .filter(hit::Column::SearchId.eq(saved.id))
        .all(db)
        .await?
        .into_iter()
        .map(|h| h.offer_id)
        .collect();
    Ok(response
        .hits
        .into_iter()
        .map(|h| h.offer)
        .filter(|o| o.published_at.is_some_and(|at| at > saved.created_at) && !told.contains(&o.id))
        .collect())
}

/// Records `fresh` as told of and queues the e-mail; returns whether one was queued.
async fn announce(
    txn: &impl ConnectionTrait,
    saved: &saved_search::Model,
    fresh: &[OfferDocument],
    base: &str,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    saved_search::Entity::update_many()
        .col_expr(saved_search::Column::LastRunAt, Expr::value(now))
        .filter(saved_search::Column::Id.eq(saved.id))
        .exec(txn)
        .await?;
    let mut new = Vec::new();
    for offer in fresh {
        let inserted = hit::Entity::insert(hit::ActiveModel {
            search_id: Set(saved.id),
            offer_id: Set(offer.id),
            found_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([hit::Column::SearchId, hit::Column::OfferId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
        if inserted == 1 {
            new.push(offer);
        }
    }
    if new.is_empty() {
        return Ok(false);
    }
    let token =
        unsubscribe::issue(txn, saved.user_id, &format!("saved_search:{}", saved.id)).await?;
    let unsubscribe_url = format!("{base}/api/v1/saved-searches/unsubscribe/{token}");
    let mut body = format!("Nuove offerte per la tua ricerca «{}»:\n\n", saved.label);
    for offer in &new {
        body.push_str(&format!(
            "- {} ({})\n  {base}/offers/{}\n",
            offer.title_it, offer.provider_name, offer.id
        ));
    }
    body.push_str(&format!(
        "\n--\nPer non ricevere più gli avvisi di questa ricerca: {unsubscribe_url}\n"
    ));
    let subject = match new.len() {
        1 => format!("Una nuova offerta per «{}»", saved.label),
        n => format!("{n} nuove offerte per «{}»", saved.label),
    };
    let email = Email {
        dedupe_key: format!("saved_search:{}:{}", saved.id, uuid::Uuid::now_v7()),
        recipient: saved.email.clone(),
        subject,
        body,
        unsubscribe_url: Some(unsubscribe_url),
    };
    email::enqueue(txn, email).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(
        frequency: Frequency,
        created: DateTime<Utc>,
        last: Option<DateTime<Utc>>,
    ) -> saved_search::Model {
        saved_search::Model {
            id: uuid::Uuid::now_v7(),
            email: "a@example.org".into(),
            user_id: None,
            label: "x".into(),
            params: "{}".into(),
            frequency: frequency.as_str().into(),
            confirm_token_hash: None,
            confirmed_at: Some(created),
            created_at: created,
            last_run_at: last,
            unsubscribed_at: None,
        }
    }

    #[test]
    fn immediate_searches_run_every_time_and_weekly_ones_a_week_after_the_last_run() {
        let now = Utc::now();
        assert!(due(&saved(Frequency::Immediately, now, Some(now)), now));
        let weekly = saved(Frequency::Weekly, now - TimeDelta::days(3), None);
        assert!(!due(&weekly, now));
        assert!(due(&weekly, now + TimeDelta::days(4)));
        let ran = saved(
            Frequency::Weekly,
            now - TimeDelta::days(30),
            Some(now - TimeDelta::days(6)),
        );
        assert!(!due(&ran, now));
        assert!(due(&ran, now + TimeDelta::days(1)));
    }
}

//! Requests nobody answers: the provider is reminded after `onboarding.reminder_days`
//! (each reminder once, as an outbox event the notifications will deliver), moderators see
//! them as overdue after `overdue_after_days`, and they expire after `expire_after_days`.
//! Accepted ones: the shop is reminded `free_period_reminder_days` before the free period
//! ends, with the terms after it, and asked how it went `follow_up_days` after completion.

use crate::entities::onboarding_request as request;
use crate::requests::{self, RequestView, Side};
use chrono::{DateTime, Duration, Utc};
use connessi_domain::Actor;
use connessi_domain::events::EventKind;
use connessi_domain::onboarding::{RequestAction, RequestStatus};
use connessi_platform::config::OnboardingSettings;
use connessi_platform::{ApiResult, outbox};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};

/// What one sweep did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub reminded: u64,
    pub expired: u64,
    pub free_periods_ending: u64,
    pub follow_ups_asked: u64,
}

fn waiting() -> sea_orm::Select<request::Entity> {
    request::Entity::find().filter(request::Column::Status.eq(RequestStatus::Requested.as_str()))
}

/// Reminds and expires what is due at `now`.
pub async fn sweep(
    db: &DatabaseConnection,
    settings: &OnboardingSettings,
    now: DateTime<Utc>,
) -> ApiResult<Swept> {
    let mut swept = Swept::default();
    let expire_before = now - Duration::days(i64::from(settings.expire_after_days));
    for row in waiting()
        .filter(request::Column::CreatedAt.lte(expire_before))
        .all(db)
        .await?
    {
        connessi_platform::db::write(db, |txn| {
            Box::pin(async move {
                requests::act(
                    txn,
                    &Actor::System,
                    Side::System,
                    row.id,
                    RequestAction::Expire,
                    None,
                )
                .await
            })
        })
        .await?;
        swept.expired += 1;
    }
    let mut days = settings.reminder_days.clone();
    days.sort_unstable();
    for (index, day) in days.iter().enumerate() {
        let due_before = now - Duration::days(i64::from(*day));
        let due = waiting()
            .filter(request::Column::CreatedAt.lte(due_before))
            .filter(request::Column::RemindersSent.lte(index as i32))
            .all(db)
            .await?;
        for row in due {
            swept.reminded += remind(db, &row, index as i32 + 1, *day).await?;
        }
    }
    swept.free_periods_ending = free_periods_ending(db, settings, now).await?;
    swept.follow_ups_asked = crate::followups::ask_due(db, &settings.follow_up_days, now).await?;
    Ok(swept)
}

/// Tells each shop, once, that the free period of an offer it was accepted on ends within
/// `free_period_reminder_days`, with the terms that apply after it.
async fn free_periods_ending(
    db: &DatabaseConnection,
    settings: &OnboardingSettings,
    now: DateTime<Utc>,
) -> ApiResult<u64> {
    let horizon = now.date_naive() + Duration::days(i64::from(settings.free_period_reminder_days));
    let holding = [
        RequestStatus::Accepted,
        RequestStatus::InProgress,
        RequestStatus::Completed,
    ]
    .map(|s| s.as_str());
    let due = request::Entity::find()
        .filter(request::Column::Status.is_in(holding))
        .filter(request::Column::FreePeriodEndsOn.lte(horizon))
        .filter(request::Column::FreePeriodEndsOn.gte(now.date_naive()))
        .filter(request::Column::FreePeriodRemindedAt.is_null())
        .all(db)
        .await?;
    let mut reminded = 0;
    for row in due {
        reminded += connessi_platform::db::write(db, |txn| {
            let row = row.clone();
            Box::pin(async move { remind_free_period(txn, &row, now).await })
        })
        .await?;
    }
    Ok(reminded)
}

async fn remind_free_period(
    db: &impl ConnectionTrait,
    row: &request::Model,
    now: DateTime<Utc>,
) -> ApiResult<u64> {
    let marked = request::Entity::update_many()
        .col_expr(request::Column::FreePeriodRemindedAt, Expr::value(now))
        .filter(request::Column::Id.eq(row.id))
        .filter(request::Column::FreePeriodRemindedAt.is_null())
        .exec(db)
        .await?;
    if marked.rows_affected == 1 {
        let terms = crate::entities::offer::Entity::find_by_id(row.offer_id)
            .one(db)
            .await?
            .and_then(|o| serde_json::from_str::<connessi_domain::OfferContent>(&o.content).ok())
            .map(|c| c.after_free_period);
        let payload = serde_json::json!({
            "shop_id": row.shop_id, "offer_id": row.offer_id,
            "ends_on": row.free_period_ends_on, "after_free_period": terms,
        });
        outbox::publish(db, EventKind::FreePeriodEnding, row.id, payload).await?;
    }
    Ok(marked.rows_affected)
}

/// Records reminder `number` once: only the sweep that raises the counter publishes it.
async fn remind(
    db: &DatabaseConnection,
    row: &request::Model,
    number: i32,
    day: u32,
) -> ApiResult<u64> {
    let (id, provider) = (row.id, row.provider_id);
    connessi_platform::db::write(db, |txn| {
        Box::pin(async move {
            let raised = request::Entity::update_many()
                .col_expr(request::Column::RemindersSent, Expr::value(number))
                .filter(request::Column::Id.eq(id))
                .filter(request::Column::RemindersSent.lt(number))
                .exec(txn)
                .await?;
            if raised.rows_affected == 1 {
                let payload = serde_json::json!({ "provider_id": provider, "days_waiting": day });
                outbox::publish(txn, EventKind::OnboardingReminderDue, id, payload).await?;
            }
            Ok(raised.rows_affected)
        })
    })
    .await
}

/// Unanswered requests older than `overdue_after_days`, oldest first, for moderators.
pub async fn overdue(
    db: &impl ConnectionTrait,
    settings: &OnboardingSettings,
    now: DateTime<Utc>,
) -> ApiResult<Vec<RequestView>> {
    let before = now - Duration::days(i64::from(settings.overdue_after_days));
    let rows = waiting()
        .filter(request::Column::CreatedAt.lte(before))
        .order_by_asc(request::Column::CreatedAt)
        .all(db)
        .await?;
    let mut views = Vec::new();
    for row in rows {
        views.push(requests::view(db, row).await?);
    }
    Ok(views)
}

/// Sweeps every `sweep_interval_secs`, for ever; failures are logged and tried again.
pub async fn run(db: DatabaseConnection, settings: OnboardingSettings) {
    let mut ticker =
        tokio::time::interval(std::time::Duration::from_secs(settings.sweep_interval_secs));
    loop {
        ticker.tick().await;
        match sweep(&db, &settings, Utc::now()).await {
            Ok(swept) if swept != Swept::default() => {
                tracing::info!(
                    reminded = swept.reminded,
                    expired = swept.expired,
                    free_periods_ending = swept.free_periods_ending,
                    follow_ups_asked = swept.follow_ups_asked,
                    "onboarding deadlines"
                );
            }
            Ok(_) => {}
            Err(error) => {
                tracing::warn!(error = ?error.internal, "onboarding sweep failed; trying again later")
            }
        }
    }
}

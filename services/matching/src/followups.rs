//! Follow-up questions: some days after an onboarding is completed (`onboarding.follow_up_days`,
//! 30 and 90 by default) the shop is asked whether the service is live, whether it still uses
//! it, how satisfied it is (1–5) and whether it felt pressure to buy. The answers make the
//! provider's track record (figures, recommendations).

use crate::entities::{follow_up, offer, onboarding_request as request};
use chrono::{DateTime, Duration, Utc};
use connessi_domain::events::EventKind;
use connessi_domain::onboarding::RequestStatus;
use connessi_domain::{Actor, ErrorCode, ValidationErrors};
use connessi_platform::audit::{self, AuditEntry};
use connessi_platform::{ApiError, ApiResult, outbox};
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A question as the shop sees it, with its answer once given.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FollowUpView {
    pub id: Uuid,
    pub request_id: Uuid,
    pub offer_id: Uuid,
    pub offer_title: String,
    pub after_days: i32,
    pub asked_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub answer: Option<FollowUpAnswer>,
}

/// How the onboarding went, in the shop's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpAnswer {
    /// The service is up and running for the shop.
    pub live: bool,
    pub still_using: bool,
    /// 1 (not at all) to 5 (very).
    pub satisfaction: i16,
    /// The provider pushed the shop to buy.
    pub sales_pressure: bool,
    /// Anything else (up to 1000 characters).
    #[serde(default)]
    pub comment: Option<String>,
}

impl FollowUpAnswer {
    pub fn checked(mut self) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        if !(1..=5).contains(&self.satisfaction) {
            errors.add("satisfaction", ErrorCode::InvalidValue, "from 1 to 5");
        }
        self.comment = self
            .comment
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        if self
            .comment
            .as_ref()
            .is_some_and(|c| c.chars().count() > 1000)
        {
            errors.add(
                "comment",
                ErrorCode::InvalidLength,
                "at most 1000 characters",
            );
        }
        errors.into_result()?;
        Ok(self)
    }
}

async fn view(db: &impl ConnectionTrait, row: follow_up::Model) -> ApiResult<FollowUpView> {
    let offer_title = offer::Entity::find_by_id(row.offer_id)
        .one(db)
        .await?
        .map(|o| o.title_it)
        .unwrap_or_default();
    let answer = match (
        row.live,
        row.still_using,
        row.satisfaction,
        row.sales_pressure,
    ) {
        (Some(live), Some(still_using), Some(satisfaction), Some(sales_pressure)) => {
            Some(FollowUpAnswer {
                live,
                still_using,
                satisfaction,
                sales_pressure,
                comment: row.comment,
            })
        }
        _ => None,
    };
    Ok(FollowUpView {
        id: row.id,
        request_id: row.request_id,
        offer_id: row.offer_id,
        offer_title,
        after_days: row.after_days,
        asked_at: row.asked_at,
        answered_at: row.answered_at,
        answer,
    })
}

/// Asks every question due at `now`, each once (the unique index decides under races);
/// returns how many were asked.
pub async fn ask_due(db: &DatabaseConnection, days: &[u32], now: DateTime<Utc>) -> ApiResult<u64> {
    let mut asked = 0;
    for day in days {
        let day = i32::try_from(*day).unwrap_or(i32::MAX);
        let already_asked = Query::select()
            .column(follow_up::Column::RequestId)
            .from(follow_up::Entity)
            .and_where(follow_up::Column::AfterDays.eq(day))
            .to_owned();
        let due = request::Entity::find()
            .filter(request::Column::Status.eq(RequestStatus::Completed.as_str()))
            .filter(request::Column::CompletedAt.lte(now - Duration::days(i64::from(day))))
            .filter(request::Column::Id.not_in_subquery(already_asked))
            .all(db)
            .await?;
        for row in due {
            asked += connessi_platform::db::write(db, |txn| {
                let row = row.clone();
                Box::pin(async move { ask(txn, &row, day, now).await })
            })
            .await?;
        }
    }
    Ok(asked)
}

async fn ask(
    db: &impl ConnectionTrait,
    row: &request::Model,
    day: i32,
    now: DateTime<Utc>,
) -> ApiResult<u64> {
    let id = Uuid::now_v7();
    let question = follow_up::ActiveModel {
        id: Set(id),
        request_id: Set(row.id),
        shop_id: Set(row.shop_id),
        provider_id: Set(row.provider_id),
        offer_id: Set(row.offer_id),
        after_days: Set(day),
        asked_at: Set(now),
        answered_at: Set(None),
        answered_by: Set(None),
        live: Set(None),
        still_using: Set(None),
        satisfaction: Set(None),
        sales_pressure: Set(None),
        comment: Set(None),
    };
    let inserted = follow_up::Entity::insert(question)
        .on_conflict(
            OnConflict::columns([follow_up::Column::RequestId, follow_up::Column::AfterDays])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    if inserted == 1 {
        let payload = serde_json::json!({
            "follow_up_id": id, "shop_id": row.shop_id, "offer_id": row.offer_id, "after_days": day,
        });
        outbox::publish(db, EventKind::FollowUpDue, row.id, payload).await?;
    }
    Ok(inserted)
}

/// The questions put to a shop, unanswered first, newest first.
pub async fn of_shop(db: &impl ConnectionTrait, shop: Uuid) -> ApiResult<Vec<FollowUpView>> {
    let rows = follow_up::Entity::find()
        .filter(follow_up::Column::ShopId.eq(shop))
        .order_by_desc(follow_up::Column::AskedAt)
        .all(db)
        .await?;
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        views.push(view(db, row).await?);
    }
    views.sort_by_key(|v| v.answered_at.is_some());
    Ok(views)
}

/// Records the shop's answer, once; call inside a transaction.
pub async fn answer(
    db: &impl ConnectionTrait,
    actor: &Actor,
    shop: Uuid,
    id: Uuid,
    answer: FollowUpAnswer,
) -> ApiResult<FollowUpView> {
    let row = follow_up::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|row| row.shop_id == shop)
        .ok_or_else(|| ApiError::not_found("follow-up question"))?;
    let request_id = row.request_id;
    let mut active: follow_up::ActiveModel = row.into();
    active.answered_at = Set(Some(Utc::now()));
    active.answered_by = Set(Some(actor.user()?.id.0));
    active.live = Set(Some(answer.live));
    active.still_using = Set(Some(answer.still_using));
    active.satisfaction = Set(Some(answer.satisfaction));
    active.sales_pressure = Set(Some(answer.sales_pressure));
    active.comment = Set(answer.comment.clone());
    // Conditional on being unanswered, so two answers at once cannot both land.
    let updated = follow_up::Entity::update_many()
        .set(active)
        .filter(follow_up::Column::Id.eq(id))
        .filter(follow_up::Column::AnsweredAt.is_null())
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        return Err(ApiError::new(
            ErrorCode::FollowUpAnswered,
            "this question was already answered",
        ));
    }
    let entry = AuditEntry {
        action: "onboarding.follow_up_answered".into(),
        entity_kind: "onboarding_request",
        entity_id: request_id,
        details: Some(serde_json::json!({ "follow_up_id": id, "answer": answer })),
        ..Default::default()
    };
    audit::record(db, actor, entry).await?;
    let payload = serde_json::json!({ "follow_up_id": id, "satisfaction": answer.satisfaction });
    outbox::publish(db, EventKind::FollowUpAnswered, request_id, payload).await?;
    let row = follow_up::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::internal("answered follow-up is missing"))?;
    view(db, row).await
}

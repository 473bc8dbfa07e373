//! Onboarding requests: a shop asks (once per idempotency key), the provider answers within its
//! capacity, and the onboarding runs to completion or is abandoned. Every change is audited
//! and published to the outbox in its transaction.

use crate::entities::{offer, onboarding_request as request};
use crate::places;
use chrono::{DateTime, Months, NaiveDate, Utc};
use connessi_domain::events::EventKind;
use connessi_domain::onboarding::{MAX_WAITING_PER_SHOP, RequestAction, RequestStatus};
use connessi_domain::{Actor, ErrorCode, OfferStatus};
use connessi_platform::audit::{self, AuditEntry};
use connessi_platform::entities::shop;
use connessi_platform::{ApiError, ApiResult, outbox};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRequest {
    pub offer_id: Uuid,
    /// What the shop tells the provider (up to 2000 characters).
    #[serde(default)]
    pub message: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RequestView {
    pub id: Uuid,
    pub shop_id: Uuid,
    pub offer_id: Uuid,
    pub offer_title: String,
    pub provider_id: Uuid,
    pub status: RequestStatus,
    pub message: String,
    pub decline_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    /// Once accepted: the last day of the free period for this shop.
    pub free_period_ends_on: Option<NaiveDate>,
    pub completed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

pub async fn view(db: &impl ConnectionTrait, row: request::Model) -> ApiResult<RequestView> {
    let title = offer::Entity::find_by_id(row.offer_id)
        .one(db)
        .await?
        .map(|o| o.title_it)
        .unwrap_or_default();
    Ok(RequestView {
        status: RequestStatus::parse(&row.status)
            .ok_or_else(|| ApiError::internal("bad status"))?,
        id: row.id,
        shop_id: row.shop_id,
        offer_id: row.offer_id,
        offer_title: title,
        provider_id: row.provider_id,
        message: row.message,
        decline_reason: row.decline_reason,
        created_at: row.created_at,
        answered_at: row.answered_at,
        free_period_ends_on: row.free_period_ends_on,
        completed_at: row.completed_at,
        updated_at: row.updated_at,
    })
}

fn body_hash(new: &NewRequest) -> String {
    let digest = Sha256::digest(format!("{}\n{}", new.offer_id, new.message.trim()));
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// What creating answered: the request, and whether this call made it (a retry did not).
#[derive(Debug)]
pub struct Created {
    pub request: request::Model,
    pub new: bool,
}

/// The request made earlier with `key`, if any; 422 when it asked for something else.
async fn earlier(
    db: &impl ConnectionTrait,
    shop_id: Uuid,
    key: &str,
    hash: &str,
) -> ApiResult<Option<request::Model>> {
    let found = request::Entity::find()
        .filter(request::Column::ShopId.eq(shop_id))
        .filter(request::Column::IdempotencyKey.eq(key))
        .one(db)
        .await?;
    match found {
        Some(row) if row.body_hash != hash => Err(ApiError::new(
            ErrorCode::IdempotencyKeyReused,
            "this Idempotency-Key was used for a different request; use a new key",
        )),
        other => Ok(other),
    }
}

/// Creates a request for `shop_id`, or returns the one an earlier call with the same key
/// made; call inside a transaction.
pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    shop_id: Uuid,
    key: &str,
    new: NewRequest,
) -> ApiResult<Created> {
    let user = actor.user()?;
    let hash = body_hash(&new);
    // Locked first: a retry racing its original finds the request once the original commits.
    lock_shop(db, shop_id).await?;
    if let Some(request) = earlier(db, shop_id, key, &hash).await? {
        return Ok(Created {
            request,
            new: false,
        });
    }
    let offer = requestable_offer(db, new.offer_id).await?;
    check_shop_limits(db, shop_id, offer.id).await?;
    let now = Utc::now();
    let row = request::ActiveModel {
        id: Set(Uuid::now_v7()),
        shop_id: Set(shop_id),
        offer_id: Set(offer.id),
        provider_id: Set(offer.provider_id),
        status: Set(RequestStatus::Requested.as_str().to_owned()),
        message: Set(new.message.trim().to_owned()),
        decline_reason: Set(None),
        idempotency_key: Set(key.to_owned()),
        body_hash: Set(hash),
        created_by: Set(user.id.0),
        created_at: Set(now),
        answered_at: Set(None),
        reminders_sent: Set(0),
        free_period_ends_on: Set(None),
        free_period_reminded_at: Set(None),
        completed_at: Set(None),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    record(db, actor, &row, None, "onboarding.requested", None).await?;
    outbox::publish(
        db,
        EventKind::OnboardingRequested,
        row.id,
        serde_json::json!({ "offer_id": row.offer_id }),
    )
    .await?;
    Ok(Created {
        request: row,
        new: true,
    })
}

/// Serialises a shop's requests on PostgreSQL, so two at once cannot pass the waiting limit
/// together (SQLite write transactions are already exclusive).
async fn lock_shop(db: &impl ConnectionTrait, shop_id: Uuid) -> ApiResult<()> {
    let mut query = shop::Entity::find_by_id(shop_id);
    if db.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    query
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("shop"))?;
    Ok(())
}

async fn requestable_offer(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<offer::Model> {
    let offer = offer::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|o| o.status == OfferStatus::Published.as_str())
        .filter(|o| o.expires_at.is_none_or(|at| at > Utc::now()))
        .ok_or_else(|| ApiError::not_found("published offer"))?;
    if let Some(capacity) = offer.capacity
        && places::taken(db, offer.id).await? >= capacity
    {
        return Err(ApiError::new(
            ErrorCode::OfferFull,
            "every place of this offer is taken",
        ));
    }
    Ok(offer)
}

async fn check_shop_limits(
    db: &impl ConnectionTrait,
    shop_id: Uuid,
    offer_id: Uuid,
) -> ApiResult<()> {
    let open: Vec<&str> = RequestStatus::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .map(|s| s.as_str())
        .collect();
    let duplicate = request::Entity::find()
        .filter(request::Column::ShopId.eq(shop_id))
        .filter(request::Column::OfferId.eq(offer_id))
        .filter(request::Column::Status.is_in(open))
        .count(db)
        .await?;
    if duplicate > 0 {
        return Err(ApiError::new(
            ErrorCode::AlreadyRequested,
            "the shop already asked for this offer",
        ));
    }
    let waiting = request::Entity::find()
        .filter(request::Column::ShopId.eq(shop_id))
        .filter(request::Column::Status.eq(RequestStatus::Requested.as_str()))
        .count(db)
        .await?;
    if waiting >= MAX_WAITING_PER_SHOP {
        return Err(ApiError::new(
            ErrorCode::TooManyWaitingRequests,
            format!(
                "a shop can have {MAX_WAITING_PER_SHOP} requests waiting for an answer; withdraw one or wait"
            ),
        ));
    }
    Ok(())
}

async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    row: &request::Model,
    from: Option<&str>,
    action: &str,
    reason: Option<String>,
) -> ApiResult<()> {
    let entry = AuditEntry {
        action: action.to_owned(),
        entity_kind: "onboarding_request",
        entity_id: row.id,
        from_status: from.map(str::to_owned),
        to_status: Some(row.status.clone()),
        reason,
        details: Some(serde_json::json!({ "shop_id": row.shop_id, "offer_id": row.offer_id })),
    };
    audit::record(db, actor, entry).await
}

/// The request, locked for the transaction where the database supports it.
async fn get_for_update(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<request::Model> {
    let mut query = request::Entity::find_by_id(id);
    if db.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    query
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("request"))
}

/// Who is acting on a request, to check it belongs to them.
#[derive(Debug, Clone, Copy)]
pub enum Side {
    Shop(Uuid),
    Provider(Uuid),
    /// Connessi itself (deadlines), on any request.
    System,
}

/// Moves a request on; accepting takes a place (409 `offer_full` when none is left), ending
/// an onboarding gives its place back. Call inside a transaction.
pub async fn act(
    db: &impl ConnectionTrait,
    actor: &Actor,
    side: Side,
    id: Uuid,
    action: RequestAction,
    reason: Option<String>,
) -> ApiResult<request::Model> {
    let row = get_for_update(db, id).await?;
    let owned = match side {
        Side::Shop(shop) => row.shop_id == shop,
        Side::Provider(provider) => row.provider_id == provider,
        Side::System => true,
    };
    let allowed = match side {
        Side::Shop(_) => matches!(action, RequestAction::Withdraw),
        Side::Provider(_) => !matches!(action, RequestAction::Withdraw | RequestAction::Expire),
        Side::System => matches!(action, RequestAction::Expire),
    };
    if !owned {
        return Err(ApiError::not_found("request"));
    }
    if !allowed {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "the other side of the request does this",
        ));
    }
    let from = RequestStatus::parse(&row.status).ok_or_else(|| ApiError::internal("bad status"))?;
    let to = from.apply(action)?;
    let reason = reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    if action == RequestAction::Decline && reason.as_ref().is_none_or(|r| r.chars().count() < 10) {
        return Err(ApiError::new(
            ErrorCode::ReasonRequired,
            "say why the request is declined (at least 10 characters)",
        ));
    }
    let offer = offer::Entity::find_by_id(row.offer_id).one(db).await?;
    if !from.holds_place() && to.holds_place() {
        let capacity = offer.as_ref().and_then(|o| o.capacity);
        if !places::take(db, row.offer_id, capacity).await? {
            return Err(ApiError::new(
                ErrorCode::OfferFull,
                "every place of this offer is taken",
            ));
        }
    } else if from.holds_place() && !to.holds_place() {
        places::give_back(db, row.offer_id).await?;
    }
    let now = Utc::now();
    let mut active: request::ActiveModel = row.into();
    active.status = Set(to.as_str().to_owned());
    active.updated_at = Set(now);
    if from == RequestStatus::Requested {
        active.answered_at = Set(Some(now));
    }
    if action == RequestAction::Decline {
        active.decline_reason = Set(reason.clone());
    }
    if to == RequestStatus::Accepted {
        active.free_period_ends_on = Set(offer.as_ref().and_then(|o| free_period_end(o, now)));
    }
    if to == RequestStatus::Completed {
        active.completed_at = Set(Some(now));
    }
    let row = active.update(db).await?;
    let audit_action = format!("onboarding.{}", to.as_str());
    record(db, actor, &row, Some(from.as_str()), &audit_action, reason).await?;
    outbox::publish(
        db,
        EventKind::OnboardingStatusChanged,
        row.id,
        serde_json::json!({ "from": from.as_str(), "to": to.as_str() }),
    )
    .await?;
    Ok(row)
}

/// The last day of the offer's free period for a shop accepted at `accepted_at`: a fixed end
/// date, or the stated months counted from acceptance. `None` when the offer states neither.
pub fn free_period_end(offer: &offer::Model, accepted_at: DateTime<Utc>) -> Option<NaiveDate> {
    let content: connessi_domain::OfferContent = serde_json::from_str(&offer.content).ok()?;
    match (content.free_period.until, content.free_period.months) {
        (Some(until), _) => Some(until),
        (None, Some(months)) => accepted_at
            .date_naive()
            .checked_add_months(Months::new(u32::from(months))),
        (None, None) => None,
    }
}

/// Requests of a shop (or of a provider), newest first, optionally in one state.
pub async fn list(
    db: &impl ConnectionTrait,
    side: Side,
    status: Option<RequestStatus>,
) -> ApiResult<Vec<RequestView>> {
    let mut select = request::Entity::find().order_by_desc(request::Column::CreatedAt);
    select = match side {
        Side::Shop(shop) => select.filter(request::Column::ShopId.eq(shop)),
        Side::Provider(provider) => select.filter(request::Column::ProviderId.eq(provider)),
        Side::System => select,
    };
    if let Some(status) = status {
        select = select.filter(request::Column::Status.eq(status.as_str()));
    }
    let mut views = Vec::new();
    for row in select.limit(500).all(db).await? {
        views.push(view(db, row).await?);
    }
    Ok(views)
}

//! Conversations and who may read them: the members of the shop and of the provider take
//! part; everyone else gets 404, except moderators, who may read a thread once a message in it
//! was reported (each such reading is audited). Opening a thread reuses the one already there
//! for the same onboarding request, or the same shop and offer.

use crate::entities::{conversation, message_report, offer, onboarding_request as request};
use chrono::{DateTime, Utc};
use connessi_domain::events::EventKind;
use connessi_domain::{Actor, OfferStatus, ProviderId, ShopId};
use connessi_platform::audit::{self, AuditEntry};
use connessi_platform::entities::{provider_member, shop_member};
use connessi_platform::{ApiError, ApiResult, outbox};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Which organisation a participant writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Shop,
    Provider,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Shop => "shop",
            Self::Provider => "provider",
        }
    }
}

/// The side `actor` takes in `thread`, if it takes part at all.
pub fn side_of(actor: &Actor, thread: &conversation::Model) -> Option<Side> {
    if actor.is_shop_member_of(ShopId(thread.shop_id)) {
        Some(Side::Shop)
    } else if actor.is_member_of(ProviderId(thread.provider_id)) {
        Some(Side::Provider)
    } else {
        None
    }
}

async fn find(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<conversation::Model> {
    conversation::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("conversation"))
}

/// The thread for a participant, with their side; 404 for anyone else.
pub async fn for_participant(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> ApiResult<(conversation::Model, Side)> {
    let thread = find(db, id).await?;
    match side_of(actor, &thread) {
        Some(side) => Ok((thread, side)),
        None => Err(ApiError::not_found("conversation")),
    }
}

/// Everyone taking part in `thread`: the members of its shop and of its provider.
pub async fn participants(
    db: &impl ConnectionTrait,
    thread: &conversation::Model,
) -> ApiResult<Vec<Uuid>> {
    let mut users: Vec<Uuid> = shop_member::Entity::find()
        .filter(shop_member::Column::ShopId.eq(thread.shop_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    users.extend(
        provider_member::Entity::find()
            .filter(provider_member::Column::ProviderId.eq(thread.provider_id))
            .all(db)
            .await?
            .into_iter()
            .map(|m| m.user_id),
    );
    Ok(users)
}

/// The thread for reading: participants always; moderators when a message in it was reported,
/// and then the reading is audited (call inside a transaction). 404 for anyone else.
pub async fn for_reader(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    what: &str,
) -> ApiResult<conversation::Model> {
    let thread = find(db, id).await?;
    if side_of(actor, &thread).is_some() {
        return Ok(thread);
    }
    let reported = message_report::Entity::find()
        .filter(message_report::Column::ConversationId.eq(id))
        .count(db)
        .await?;
    if !actor.is_moderator() || reported == 0 {
        return Err(ApiError::not_found("conversation"));
    }
    let entry = AuditEntry {
        action: "conversation.read_by_moderator".into(),
        entity_kind: "conversation",
        entity_id: id,
        details: Some(serde_json::json!({ "read": what })),
        ..Default::default()
    };
    audit::record(db, actor, entry).await?;
    Ok(thread)
}

/// What was opened: the thread, and whether this call made it.
#[derive(Debug)]
pub struct Opened {
    pub thread: conversation::Model,
    pub new: bool,
    /// What participants' live streams are to receive once the transaction commits.
    pub events: Vec<crate::live::LiveEvent>,
}

/// The thread with `key`, made from `fresh` unless it exists (concurrent openings end on the
/// same row: the unique key decides); call inside a transaction.
async fn open(db: &impl ConnectionTrait, fresh: conversation::Model) -> ApiResult<Opened> {
    let key = fresh.thread_key.clone();
    let row = conversation::ActiveModel {
        id: Set(fresh.id),
        kind: Set(fresh.kind),
        thread_key: Set(fresh.thread_key),
        request_id: Set(fresh.request_id),
        shop_id: Set(fresh.shop_id),
        provider_id: Set(fresh.provider_id),
        offer_id: Set(fresh.offer_id),
        created_at: Set(fresh.created_at),
        last_message_at: Set(fresh.last_message_at),
    };
    let inserted = conversation::Entity::insert(row)
        .on_conflict(
            OnConflict::column(conversation::Column::ThreadKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    let thread = conversation::Entity::find()
        .filter(conversation::Column::ThreadKey.eq(key))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::internal("opened conversation is missing"))?;
    if inserted == 1 {
        let payload = serde_json::json!({
            "kind": thread.kind, "shop_id": thread.shop_id, "provider_id": thread.provider_id,
            "offer_id": thread.offer_id, "request_id": thread.request_id,
        });
        outbox::publish(db, EventKind::ConversationOpened, thread.id, payload).await?;
    }
    Ok(Opened {
        new: inserted == 1,
        thread,
        events: Vec::new(),
    })
}

fn fresh(kind: &str, key: String, shop: Uuid, provider: Uuid, offer: Uuid) -> conversation::Model {
    let now = Utc::now();
    conversation::Model {
        id: Uuid::now_v7(),
        kind: kind.to_owned(),
        thread_key: key,
        request_id: None,
        shop_id: shop,
        provider_id: provider,
        offer_id: offer,
        created_at: now,
        last_message_at: now,
    }
}

/// The shop's enquiry thread about a published offer, opened if needed.
pub async fn open_enquiry(
    db: &impl ConnectionTrait,
    shop: Uuid,
    offer_id: Uuid,
) -> ApiResult<Opened> {
    let offer = offer::Entity::find_by_id(offer_id)
        .one(db)
        .await?
        .filter(|o| o.status == OfferStatus::Published.as_str())
        .ok_or_else(|| ApiError::not_found("published offer"))?;
    let key = format!("enquiry:{shop}:{}", offer.id);
    open(db, fresh("enquiry", key, shop, offer.provider_id, offer.id)).await
}

/// The thread of an onboarding request, opened (with the request's message first) if needed;
/// 404 unless `actor` belongs to the request's shop or provider.
pub async fn open_onboarding(
    db: &impl ConnectionTrait,
    actor: &Actor,
    request_id: Uuid,
) -> ApiResult<Opened> {
    let request = request::Entity::find_by_id(request_id)
        .one(db)
        .await?
        .filter(|r| {
            actor.is_shop_member_of(ShopId(r.shop_id))
                || actor.is_member_of(ProviderId(r.provider_id))
        })
        .ok_or_else(|| ApiError::not_found("onboarding request"))?;
    let key = format!("onboarding:{}", request.id);
    let mut thread = fresh(
        "onboarding",
        key,
        request.shop_id,
        request.provider_id,
        request.offer_id,
    );
    thread.request_id = Some(request.id);
    let mut opened = open(db, thread).await?;
    if opened.new && !request.message.trim().is_empty() {
        let first = crate::messages::Draft {
            author: request.created_by,
            side: Side::Shop,
            body: request.message.trim().to_owned(),
            at: request.created_at,
        };
        let (_, events) = crate::messages::insert(db, &opened.thread, first).await?;
        opened.events = events;
    }
    Ok(opened)
}

/// A thread as its readers see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConversationView {
    pub id: Uuid,
    /// `onboarding` or `enquiry`.
    pub kind: String,
    pub request_id: Option<Uuid>,
    pub shop_id: Uuid,
    pub provider_id: Uuid,
    pub offer_id: Uuid,
    pub offer_title: String,
    pub created_at: DateTime<Utc>,
    pub last_message_at: DateTime<Utc>,
    /// Messages of the other side the caller has not read.
    pub unread: u64,
}

pub async fn view(
    db: &impl ConnectionTrait,
    thread: conversation::Model,
    user: Uuid,
) -> ApiResult<ConversationView> {
    let offer_title = offer::Entity::find_by_id(thread.offer_id)
        .one(db)
        .await?
        .map(|o| o.title_it)
        .unwrap_or_default();
    let unread = crate::reads::unread(db, thread.id, user).await?;
    Ok(ConversationView {
        id: thread.id,
        kind: thread.kind,
        request_id: thread.request_id,
        shop_id: thread.shop_id,
        provider_id: thread.provider_id,
        offer_id: thread.offer_id,
        offer_title,
        created_at: thread.created_at,
        last_message_at: thread.last_message_at,
        unread,
    })
}

//! Read state: how far each participant has read each thread (it only moves forward), the
//! unread count per thread (messages of others after that point, deleted and hidden ones
//! left out) and the user's threads, newest activity first.

use crate::entities::{conversation, message, read_state};
use crate::live::{self, LiveEvent, kinds};
use crate::threads::{self, ConversationView};
use chrono::{DateTime, Utc};
use connessi_domain::User;
use connessi_platform::ApiResult;
use sea_orm::sea_query::{Condition, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Where the caller has read up to.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadUpTo {
    pub message_id: Uuid,
}

/// A participant's read state in a thread.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReadStateView {
    pub conversation_id: Uuid,
    pub last_read_message_id: Option<Uuid>,
    pub read_at: Option<DateTime<Utc>>,
    pub unread: u64,
}

/// Moves `user`'s read state in `thread` to `message_id`, never back; call inside a
/// transaction.
pub async fn advance(
    db: &impl ConnectionTrait,
    thread: Uuid,
    user: Uuid,
    message_id: Uuid,
) -> ApiResult<bool> {
    let current = read_state::Entity::find_by_id((thread, user))
        .one(db)
        .await?;
    if current.is_some_and(|c| c.last_read_message_id >= message_id) {
        return Ok(false);
    }
    let row = read_state::ActiveModel {
        conversation_id: Set(thread),
        user_id: Set(user),
        last_read_message_id: Set(message_id),
        read_at: Set(Utc::now()),
    };
    read_state::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                read_state::Column::ConversationId,
                read_state::Column::UserId,
            ])
            .update_columns([
                read_state::Column::LastReadMessageId,
                read_state::Column::ReadAt,
            ])
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(true)
}

/// A read receipt: tells the thread's participants how far `user` has read.
pub async fn announce(
    db: &impl ConnectionTrait,
    thread: &conversation::Model,
    user: Uuid,
    read: &ReadStateView,
) -> ApiResult<Vec<LiveEvent>> {
    let participants = threads::participants(db, thread).await?;
    let payload = serde_json::json!({
        "conversation_id": thread.id,
        "user_id": user,
        "last_read_message_id": read.last_read_message_id,
        "read_at": read.read_at,
    });
    live::log::append(db, &participants, kinds::CONVERSATION_READ, &payload).await
}

/// `user`'s read state in `thread`.
pub async fn state(
    db: &impl ConnectionTrait,
    thread: Uuid,
    user: Uuid,
) -> ApiResult<ReadStateView> {
    let current = read_state::Entity::find_by_id((thread, user))
        .one(db)
        .await?;
    Ok(ReadStateView {
        conversation_id: thread,
        last_read_message_id: current.as_ref().map(|c| c.last_read_message_id),
        read_at: current.map(|c| c.read_at),
        unread: unread(db, thread, user).await?,
    })
}

/// How many messages of others in `thread` `user` has not read.
pub async fn unread(db: &impl ConnectionTrait, thread: Uuid, user: Uuid) -> ApiResult<u64> {
    let current = read_state::Entity::find_by_id((thread, user))
        .one(db)
        .await?;
    let mut query = message::Entity::find()
        .filter(message::Column::ConversationId.eq(thread))
        .filter(message::Column::AuthorId.ne(user))
        .filter(message::Column::DeletedAt.is_null())
        .filter(message::Column::HiddenAt.is_null());
    if let Some(current) = current {
        query = query.filter(message::Column::Id.gt(current.last_read_message_id));
    }
    Ok(query.count(db).await?)
}

/// The caller's threads and how many messages wait in them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Inbox {
    pub items: Vec<ConversationView>,
    pub total_unread: u64,
}

/// The most threads listed at once.
const INBOX_LIMIT: u64 = 200;

/// The threads of every shop and provider `user` belongs to, newest activity first.
pub async fn inbox(db: &impl ConnectionTrait, user: &User) -> ApiResult<Inbox> {
    let shops: Vec<Uuid> = user.shops.iter().map(|m| m.shop_id.0).collect();
    let providers: Vec<Uuid> = user.providers.iter().map(|m| m.provider_id.0).collect();
    let rows = conversation::Entity::find()
        .filter(
            Condition::any()
                .add(conversation::Column::ShopId.is_in(shops))
                .add(conversation::Column::ProviderId.is_in(providers)),
        )
        .order_by_desc(conversation::Column::LastMessageAt)
        .order_by_desc(conversation::Column::Id)
        .paginate(db, INBOX_LIMIT)
        .fetch_page(0)
        .await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        items.push(threads::view(db, row, user.id.0).await?);
    }
    let total_unread = items.iter().map(|c| c.unread).sum();
    Ok(Inbox {
        items,
        total_unread,
    })
}

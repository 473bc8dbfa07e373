//! Messages: plain text (1 to 4000 characters, trimmed, stored and returned as written —
//! clients escape it), changed by their author within [`EDIT_WINDOW_MINUTES`], deleted into a
//! tombstone, hidden by moderators. History is read newest first in pages whose cursor is the
//! time-ordered message id; ids are taken while the thread's row is locked, so they follow the
//! order of commits and a page already read never gains a message later.

use crate::entities::{conversation, message};
use crate::live::{self, LiveEvent, kinds};
use crate::threads::Side;
use chrono::{DateTime, Duration, Utc};
use connessi_domain::events::EventKind;
use connessi_domain::{ErrorCode, ValidationErrors};
use connessi_platform::{ApiError, ApiResult, outbox};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// How long after posting the author may still change a message.
pub const EDIT_WINDOW_MINUTES: i64 = 5;
pub const MAX_BODY_CHARS: usize = 4000;

/// What a participant writes.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageBody {
    /// Plain text, 1 to 4000 characters once trimmed; no markup is interpreted.
    pub body: String,
}

impl MessageBody {
    /// The trimmed text, or the field's validation error.
    pub fn checked(&self) -> Result<String, ValidationErrors> {
        let body = self.body.trim();
        let mut errors = ValidationErrors::default();
        if body.is_empty() {
            errors.add("body", ErrorCode::Required, "write something");
        } else if body.chars().count() > MAX_BODY_CHARS {
            errors.add("body", ErrorCode::InvalidLength, "at most 4000 characters");
        }
        errors.into_result()?;
        Ok(body.to_owned())
    }
}

/// A message as readers see it: a deleted or hidden one keeps its place with no text.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MessageView {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub author_id: Uuid,
    pub author_side: String,
    /// Plain text; empty when deleted or hidden.
    pub body: String,
    /// The text as safe HTML for pages: escaped, with web addresses as links.
    pub body_html: String,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted: bool,
    pub hidden: bool,
    /// Why a moderator hid it.
    pub hidden_reason: Option<String>,
}

impl From<message::Model> for MessageView {
    fn from(row: message::Model) -> Self {
        let (deleted, hidden) = (row.deleted_at.is_some(), row.hidden_at.is_some());
        MessageView {
            id: row.id,
            conversation_id: row.conversation_id,
            author_id: row.author_id,
            author_side: row.author_side,
            body_html: if deleted || hidden {
                String::new()
            } else {
                crate::rich_text::to_html(&row.body)
            },
            body: if deleted || hidden {
                String::new()
            } else {
                row.body
            },
            created_at: row.created_at,
            edited_at: row.edited_at,
            deleted,
            hidden,
            hidden_reason: row.hidden_reason,
        }
    }
}

/// A message about to be written.
#[derive(Debug, Clone)]
pub struct Draft {
    pub author: Uuid,
    pub side: Side,
    pub body: String,
    pub at: DateTime<Utc>,
}

/// Tells every participant of `thread` about `message` on their live streams.
pub async fn announce(
    db: &impl ConnectionTrait,
    thread: &conversation::Model,
    kind: &str,
    message: &MessageView,
) -> ApiResult<Vec<LiveEvent>> {
    let participants = crate::threads::participants(db, thread).await?;
    let payload = serde_json::to_value(message).map_err(ApiError::internal)?;
    live::log::append(db, &participants, kind, &payload).await
}

/// Writes a message into `thread` with its outbox and live events, and moves the author's
/// read state to it; call inside a transaction.
pub async fn insert(
    db: &impl ConnectionTrait,
    thread: &conversation::Model,
    draft: Draft,
) -> ApiResult<(message::Model, Vec<LiveEvent>)> {
    // Locks the thread's row (PostgreSQL; SQLite writers are serial) before the id is taken.
    conversation::Entity::update_many()
        .col_expr(conversation::Column::LastMessageAt, Expr::value(Utc::now()))
        .filter(conversation::Column::Id.eq(thread.id))
        .exec(db)
        .await?;
    let row = message::Model {
        id: Uuid::now_v7(),
        conversation_id: thread.id,
        author_id: draft.author,
        author_side: draft.side.as_str().to_owned(),
        body: draft.body,
        created_at: draft.at,
        edited_at: None,
        deleted_at: None,
        hidden_at: None,
        hidden_reason: None,
    };
    message::Entity::insert(message::ActiveModel {
        id: Set(row.id),
        conversation_id: Set(row.conversation_id),
        author_id: Set(row.author_id),
        author_side: Set(row.author_side.clone()),
        body: Set(row.body.clone()),
        created_at: Set(row.created_at),
        edited_at: Set(None),
        deleted_at: Set(None),
        hidden_at: Set(None),
        hidden_reason: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    crate::reads::advance(db, thread.id, draft.author, row.id).await?;
    let payload = serde_json::json!({ "message_id": row.id, "author_side": row.author_side });
    outbox::publish(db, EventKind::MessagePosted, thread.id, payload).await?;
    let events = announce(db, thread, kinds::MESSAGE_POSTED, &row.clone().into()).await?;
    Ok((row, events))
}

/// The message `id` of `thread`, or 404.
pub async fn find(db: &impl ConnectionTrait, thread: Uuid, id: Uuid) -> ApiResult<message::Model> {
    message::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|m| m.conversation_id == thread)
        .ok_or_else(|| ApiError::not_found("message"))
}

/// The author's own message, still there and not hidden; 403 or 409 otherwise.
async fn own(
    db: &impl ConnectionTrait,
    thread: Uuid,
    id: Uuid,
    user: Uuid,
) -> ApiResult<message::Model> {
    let row = find(db, thread, id).await?;
    if row.author_id != user {
        return Err(ApiError::new(
            ErrorCode::NotAuthor,
            "only its author can change a message",
        ));
    }
    if row.deleted_at.is_some() {
        return Err(ApiError::new(
            ErrorCode::MessageDeleted,
            "this message was deleted",
        ));
    }
    if row.hidden_at.is_some() {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "a moderator hid this message",
        ));
    }
    Ok(row)
}

/// Changes the text of the author's message within the edit window; call inside a transaction.
pub async fn edit(
    db: &impl ConnectionTrait,
    thread: &conversation::Model,
    id: Uuid,
    user: Uuid,
    body: String,
) -> ApiResult<(MessageView, Vec<LiveEvent>)> {
    let row = own(db, thread.id, id, user).await?;
    let now = Utc::now();
    if now - row.created_at > Duration::minutes(EDIT_WINDOW_MINUTES) {
        return Err(ApiError::new(
            ErrorCode::EditWindowPassed,
            format!(
                "a message can be changed for {EDIT_WINDOW_MINUTES} minutes after it was posted"
            ),
        ));
    }
    let mut active: message::ActiveModel = row.into();
    active.body = Set(body);
    active.edited_at = Set(Some(now));
    let row = message::Entity::update(active).exec(db).await?;
    let payload = serde_json::json!({ "message_id": id });
    outbox::publish(db, EventKind::MessageEdited, thread.id, payload).await?;
    let view = MessageView::from(row);
    let events = announce(db, thread, kinds::MESSAGE_EDITED, &view).await?;
    Ok((view, events))
}

/// Deletes the author's message, leaving a tombstone; call inside a transaction.
pub async fn delete(
    db: &impl ConnectionTrait,
    thread: &conversation::Model,
    id: Uuid,
    user: Uuid,
) -> ApiResult<(MessageView, Vec<LiveEvent>)> {
    let row = own(db, thread.id, id, user).await?;
    let mut active: message::ActiveModel = row.into();
    active.body = Set(String::new());
    active.deleted_at = Set(Some(Utc::now()));
    let row = message::Entity::update(active).exec(db).await?;
    let payload = serde_json::json!({ "message_id": id });
    outbox::publish(db, EventKind::MessageDeleted, thread.id, payload).await?;
    let view = MessageView::from(row);
    let events = announce(db, thread, kinds::MESSAGE_DELETED, &view).await?;
    Ok((view, events))
}

/// One page of history, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MessagePage {
    pub items: Vec<MessageView>,
    /// Pass as `before` for the next (older) page; absent on the last page.
    pub next_before: Option<Uuid>,
}

/// The `limit` messages of `thread` older than `before` (the newest when absent).
pub async fn page(
    db: &impl ConnectionTrait,
    thread: Uuid,
    before: Option<Uuid>,
    limit: u64,
) -> ApiResult<MessagePage> {
    let mut query = message::Entity::find().filter(message::Column::ConversationId.eq(thread));
    if let Some(before) = before {
        query = query.filter(message::Column::Id.lt(before));
    }
    let mut rows = query
        .order_by_desc(message::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next_before = if more {
        rows.last().map(|m| m.id)
    } else {
        None
    };
    Ok(MessagePage {
        items: rows.into_iter().map(MessageView::from).collect(),
        next_before,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(body: &str) -> Result<String, ValidationErrors> {
        MessageBody {
            body: body.to_owned(),
        }
        .checked()
    }

    #[test]
    fn a_body_is_trimmed_counted_in_characters_and_kept_as_written() {
        assert_eq!(checked("  <b>ciao</b>\n").unwrap(), "<b>ciao</b>");
        assert!(checked(&"è".repeat(MAX_BODY_CHARS)).is_ok());
        let too_long = checked(&"è".repeat(MAX_BODY_CHARS + 1)).unwrap_err();
        assert_eq!(too_long.summary_code(), ErrorCode::InvalidLength);
        assert_eq!(
            checked(" \n\t ").unwrap_err().summary_code(),
            ErrorCode::Required
        );
    }
}

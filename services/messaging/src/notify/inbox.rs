//! A person's in-app notifications: newest first in pages, how many are unread, marking them
//! read.

use crate::entities::notification;
use chrono::{DateTime, Utc};
use connessi_platform::ApiResult;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A notification as its reader sees it (and as the live stream carries it).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NotificationView {
    pub id: Uuid,
    pub kind: String,
    pub title: String,
    pub body: String,
    /// Where in the portal it leads.
    pub link: Option<String>,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

impl From<notification::Model> for NotificationView {
    fn from(row: notification::Model) -> Self {
        NotificationView {
            id: row.id,
            kind: row.kind,
            title: row.title,
            body: row.body,
            link: row.link,
            created_at: row.created_at,
            read: row.read_at.is_some(),
        }
    }
}

/// One page of notifications, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NotificationPage {
    pub items: Vec<NotificationView>,
    /// Pass as `before` for the next (older) page; absent on the last page.
    pub next_before: Option<Uuid>,
    /// How many of all the person's notifications are unread.
    pub unread: u64,
}

/// How many of `user`'s notifications are unread.
pub async fn unread(db: &impl ConnectionTrait, user: Uuid) -> ApiResult<u64> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(user))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// The `limit` notifications of `user` older than `before` (the newest when absent).
pub async fn page(
    db: &impl ConnectionTrait,
    user: Uuid,
    before: Option<Uuid>,
    limit: u64,
) -> ApiResult<NotificationPage> {
    let mut query = notification::Entity::find().filter(notification::Column::UserId.eq(user));
    if let Some(before) = before {
        query = query.filter(notification::Column::Id.lt(before));
    }
    let mut rows = query
        .order_by_desc(notification::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    Ok(NotificationPage {
        next_before: if more {
            rows.last().map(|n| n.id)
        } else {
            None
        },
        items: rows.into_iter().map(NotificationView::from).collect(),
        unread: unread(db, user).await?,
    })
}

/// Marks `user`'s notifications read: those of `ids`, or all of them when `ids` is `None`.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    user: Uuid,
    ids: Option<Vec<Uuid>>,
) -> ApiResult<u64> {
    let mut update = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
        .filter(notification::Column::UserId.eq(user))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(ids) = ids {
        update = update.filter(notification::Column::Id.is_in(ids));
    }
    update.exec(db).await?;
    unread(db, user).await
}

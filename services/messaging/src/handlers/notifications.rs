//! The signed-in person's notifications and how they want each kind by e-mail.

use crate::MessagingState;
use crate::notify::inbox::{self, NotificationPage};
use crate::notify::prefs::{self, Preference};
use axum::Json;
use axum::extract::State;
use connessi_domain::ErrorCode;
use connessi_platform::{ApiError, ApiJson, ApiQuery, ApiResult, CurrentActor, Problem, db};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// Only notifications older than this one (the previous page's `next_before`).
    pub before: Option<Uuid>,
    /// How many, 1 to 100 (30 by default).
    pub limit: Option<u64>,
}

/// The caller's notifications, newest first, with how many are unread.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "messaging", params(PageQuery),
    security(("bearer" = [])), responses((status = 200, body = NotificationPage),
    (status = 400, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<MessagingState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> ApiResult<Json<NotificationPage>> {
    let limit = query.limit.unwrap_or(30);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::new(
            ErrorCode::InvalidQueryParameter,
            "limit is between 1 and 100",
        ));
    }
    let user = actor.user()?.id.0;
    Ok(Json(
        inbox::page(&state.platform.db, user, query.before, limit).await?,
    ))
}

/// Which notifications to mark read.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkRead {
    /// These (at most 500); all of the caller's when absent.
    pub ids: Option<Vec<Uuid>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Unread {
    pub unread: u64,
}

/// Marks notifications read; returns how many are still unread.
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "messaging", request_body = MarkRead,
    security(("bearer" = [])), responses((status = 200, body = Unread),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn mark_read(
    State(state): State<MessagingState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(read): ApiJson<MarkRead>,
) -> ApiResult<Json<Unread>> {
    if read.ids.as_ref().is_some_and(|ids| ids.len() > 500) {
        return Err(ApiError::new(
            ErrorCode::InvalidLength,
            "at most 500 ids at once",
        ));
    }
    let user = actor.user()?.id.0;
    let unread = inbox::mark_read(&state.platform.db, user, read.ids).await?;
    Ok(Json(Unread { unread }))
}

/// How the caller gets each kind of notification.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NotificationSettings {
    /// Whether this deployment sends e-mail at all (otherwise everything stays in the app).
    pub email_enabled: bool,
    /// Where e-mails go.
    pub email: String,
    pub kinds: Vec<Preference>,
}

async fn settings_of(
    state: &MessagingState,
    user: &connessi_domain::User,
) -> ApiResult<NotificationSettings> {
    Ok(NotificationSettings {
        email_enabled: state.platform.settings.email.enabled(),
        email: user.email.clone(),
        kinds: prefs::all(&state.platform.db, user.id.0).await?,
    })
}

/// The caller's notification settings.
#[utoipa::path(get, path = "/api/v1/me/notification-settings", tag = "messaging",
    security(("bearer" = [])), responses((status = 200, body = NotificationSettings)))]
pub async fn settings(
    State(state): State<MessagingState>,
    CurrentActor(actor): CurrentActor,
) -> ApiResult<Json<NotificationSettings>> {
    Ok(Json(settings_of(&state, actor.user()?).await?))
}

/// New choices: `{"preferences": {"request_received": "immediately" | "daily" | "never"}}`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSettings {
    pub preferences: BTreeMap<String, String>,
}

/// Changes how the caller gets the kinds named; the others stay as they were.
#[utoipa::path(put, path = "/api/v1/me/notification-settings", tag = "messaging", request_body = NewSettings,
    security(("bearer" = [])), responses((status = 200, body = NotificationSettings),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn change_settings(
    State(state): State<MessagingState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(new): ApiJson<NewSettings>,
) -> ApiResult<Json<NotificationSettings>> {
    let choices = prefs::parse(&new.preferences)?;
    let user = actor.user()?;
    let id = user.id.0;
    db::write(&state.platform.db, |txn| {
        let choices = choices.clone();
        Box::pin(async move {
            for (kind, delivery) in choices {
                prefs::set(txn, id, kind, delivery).await?;
            }
            Ok(())
        })
    })
    .await?;
    Ok(Json(settings_of(&state, user).await?))
}

//! Reported messages: any participant reports a message (spam, sales pressure, abuse); the
//! reports wait in the moderators' queue, open first, each with the message and a few messages
//! around it; a moderator dismisses the report or hides the message for everyone, with a
//! reason. Both are audited and published to the outbox.

use crate::entities::{conversation, message, message_report as report};
use crate::live::{LiveEvent, kinds};
use crate::messages::MessageView;
use chrono::{DateTime, Utc};
use connessi_domain::events::EventKind;
use connessi_domain::{Actor, ErrorCode, ValidationErrors};
use connessi_platform::audit::{self, AuditEntry};
use connessi_platform::{ApiError, ApiResult, outbox};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Why a message is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportReason {
    Spam,
    SalesPressure,
    Abuse,
}

impl ReportReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Spam => "spam",
            Self::SalesPressure => "sales_pressure",
            Self::Abuse => "abuse",
        }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReport {
    pub reason: ReportReason,
    /// What the moderators should know (up to 1000 characters).
    #[serde(default)]
    pub note: Option<String>,
}

/// What the moderator decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// Nothing wrong: the message stays.
    Dismiss,
    /// The message is hidden for everyone, with the reason.
    Hide,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub action: Resolution,
    pub reason: String,
}

/// A report as moderators see it: the message as written, and its neighbours.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportView {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub reporter_id: Uuid,
    pub reason: String,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolution: Option<String>,
    pub resolution_reason: Option<String>,
    /// The reported message, its text shown even if hidden since.
    pub message: MessageView,
    /// Up to two messages before and two after, oldest first.
    pub context: Vec<MessageView>,
}

fn checked_note(note: Option<String>) -> Result<Option<String>, ValidationErrors> {
    let note = note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    let mut errors = ValidationErrors::default();
    if note.as_ref().is_some_and(|n| n.chars().count() > 1000) {
        errors.add("note", ErrorCode::InvalidLength, "at most 1000 characters");
    }
    errors.into_result()?;
    Ok(note)
}

/// Files `user`'s report of a message of `thread`; call inside a transaction.
pub async fn file(
    db: &impl ConnectionTrait,
    actor: &Actor,
    thread: Uuid,
    message_id: Uuid,
    new: NewReport,
) -> ApiResult<ReportView> {
    let note = checked_note(new.note)?;
    let reported = crate::messages::find(db, thread, message_id).await?;
    let row = report::ActiveModel {
        id: Set(Uuid::now_v7()),
        message_id: Set(reported.id),
        conversation_id: Set(thread),
        reporter_id: Set(actor.user()?.id.0),
        reason: Set(new.reason.as_str().to_owned()),
        note: Set(note),
        created_at: Set(Utc::now()),
        resolved_at: Set(None),
        resolved_by: Set(None),
        resolution: Set(None),
        resolution_reason: Set(None),
    };
    let row = report::Entity::insert(row).exec_with_returning(db).await?;
    let entry = AuditEntry {
        action: "message.reported".into(),
        entity_kind: "conversation",
        entity_id: thread,
        details: Some(
            serde_json::json!({ "message_id": message_id, "report_id": row.id, "reason": row.reason }),
        ),
        ..Default::default()
    };
    audit::record(db, actor, entry).await?;
    let payload = serde_json::json!({ "message_id": message_id, "report_id": row.id });
    outbox::publish(db, EventKind::MessageReported, thread, payload).await?;
    view(db, row).await
}

async fn view(db: &impl ConnectionTrait, row: report::Model) -> ApiResult<ReportView> {
    let reported = crate::messages::find(db, row.conversation_id, row.message_id).await?;
    let around = |newer: bool| {
        let query =
            message::Entity::find().filter(message::Column::ConversationId.eq(row.conversation_id));
        if newer {
            query
                .filter(message::Column::Id.gt(row.message_id))
                .order_by_asc(message::Column::Id)
        } else {
            query
                .filter(message::Column::Id.lt(row.message_id))
                .order_by_desc(message::Column::Id)
        }
        .limit(2)
    };
    let mut context: Vec<MessageView> = around(false)
        .all(db)
        .await?
        .into_iter()
        .rev()
        .map(Into::into)
        .collect();
    context.extend(
        around(true)
            .all(db)
            .await?
            .into_iter()
            .map(MessageView::from),
    );
    let mut message = MessageView::from(reported.clone());
    if reported.deleted_at.is_none() {
        message.body_html = crate::rich_text::to_html(&reported.body);
        message.body = reported.body;
    }
    Ok(ReportView {
        id: row.id,
        conversation_id: row.conversation_id,
        reporter_id: row.reporter_id,
        reason: row.reason,
        note: row.note,
        created_at: row.created_at,
        resolved_at: row.resolved_at,
        resolution: row.resolution,
        resolution_reason: row.resolution_reason,
        message,
        context,
    })
}

/// The most reports listed at once.
const QUEUE_LIMIT: usize = 100;

/// The moderators' queue: open reports oldest first, then the resolved ones, newest first.
pub async fn queue(db: &impl ConnectionTrait) -> ApiResult<Vec<ReportView>> {
    let open = report::Entity::find()
        .filter(report::Column::ResolvedAt.is_null())
        .order_by_asc(report::Column::Id)
        .limit(QUEUE_LIMIT as u64)
        .all(db)
        .await?;
    let resolved = report::Entity::find()
        .filter(report::Column::ResolvedAt.is_not_null())
        .order_by_desc(report::Column::ResolvedAt)
        .limit(QUEUE_LIMIT.saturating_sub(open.len()) as u64)
        .all(db)
        .await?;
    let mut views = Vec::with_capacity(open.len() + resolved.len());
    for row in open.into_iter().chain(resolved) {
        views.push(view(db, row).await?);
    }
    Ok(views)
}

/// Resolves an open report, hiding the message when asked; call inside a transaction.
pub async fn resolve(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    decision: Decision,
) -> ApiResult<(ReportView, Vec<LiveEvent>)> {
    let moderator = actor.require_moderator()?.id.0;
    let reason = decision.reason.trim().to_owned();
    if reason.is_empty() {
        return Err(ApiError::new(ErrorCode::ReasonRequired, "say why"));
    }
    let row = report::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("report"))?;
    if row.resolved_at.is_some() {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "this report was already resolved",
        ));
    }
    let (thread, message_id) = (row.conversation_id, row.message_id);
    let mut active: report::ActiveModel = row.into();
    active.resolved_at = Set(Some(Utc::now()));
    active.resolved_by = Set(Some(moderator));
    active.resolution = Set(Some(resolution_name(decision.action).to_owned()));
    active.resolution_reason = Set(Some(reason.clone()));
    let row = report::Entity::update(active).exec(db).await?;
    let mut events = Vec::new();
    if decision.action == Resolution::Hide {
        events = hide(db, thread, message_id, &reason).await?;
    } else {
        let payload = serde_json::json!({ "message_id": message_id, "report_id": id });
        outbox::publish(db, EventKind::MessageReportDismissed, thread, payload).await?;
    }
    let entry = AuditEntry {
        action: format!(
            "message.report_{}",
            if decision.action == Resolution::Hide {
                "hidden"
            } else {
                "dismissed"
            }
        ),
        entity_kind: "conversation",
        entity_id: thread,
        reason: Some(reason),
        details: Some(serde_json::json!({ "message_id": message_id, "report_id": id })),
        ..Default::default()
    };
    audit::record(db, actor, entry).await?;
    Ok((view(db, row).await?, events))
}

fn resolution_name(action: Resolution) -> &'static str {
    match action {
        Resolution::Dismiss => "dismiss",
        Resolution::Hide => "hide",
    }
}

async fn hide(
    db: &impl ConnectionTrait,
    thread: Uuid,
    message_id: Uuid,
    reason: &str,
) -> ApiResult<Vec<LiveEvent>> {
    let mut row = crate::messages::find(db, thread, message_id).await?;
    if row.hidden_at.is_none() {
        let mut active: message::ActiveModel = row.into();
        active.hidden_at = Set(Some(Utc::now()));
        active.hidden_reason = Set(Some(reason.to_owned()));
        row = message::Entity::update(active).exec(db).await?;
    }
    let payload = serde_json::json!({ "message_id": message_id });
    outbox::publish(db, EventKind::MessageHidden, thread, payload).await?;
    let conversation = conversation::Entity::find_by_id(thread)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("conversation"))?;
    crate::messages::announce(db, &conversation, kinds::MESSAGE_HIDDEN, &row.into()).await
}

//! Moderators' review of embeds: the list (waiting ones first) and the decisions, each
//! audited with its reason.

use super::{EmbedStatus, EmbedView, entry};
use crate::entities::embed;
use chrono::Utc;
use connessi_domain::{Actor, ErrorCode, ValidationErrors};
use connessi_platform::audit;
use connessi_platform::{ApiError, ApiResult};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, IntoActiveModel, QueryOrder,
};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// What a moderator decides about an embed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EmbedAction {
    /// Its origins get answers (also lifts a suspension).
    Approve,
    /// Not approved; the owner may change the origins and ask again.
    Reject,
    /// An approved embed stops getting answers.
    Suspend,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmbedDecision {
    pub action: EmbedAction,
    /// Required to reject or suspend; shown to the owner.
    pub reason: Option<String>,
}

/// Every embed, those waiting for review first, then the newest.
pub async fn all(db: &impl ConnectionTrait) -> ApiResult<Vec<EmbedView>> {
    let rows = embed::Entity::find()
        .order_by_desc(embed::Column::CreatedAt)
        .all(db)
        .await?;
    let mut views: Vec<EmbedView> = rows.into_iter().map(EmbedView::from).collect();
    views.sort_by_key(|v| v.status != EmbedStatus::Pending);
    Ok(views)
}

fn target(from: EmbedStatus, action: EmbedAction) -> Option<EmbedStatus> {
    use EmbedStatus::*;
    match (action, from) {
        (EmbedAction::Approve, Pending | Suspended | Rejected) => Some(Approved),
        (EmbedAction::Reject, Pending) => Some(Rejected),
        (EmbedAction::Suspend, Approved) => Some(Suspended),
        _ => None,
    }
}

/// Applies a moderator's decision (call inside a transaction).
pub async fn decide(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    decision: EmbedDecision,
) -> ApiResult<EmbedView> {
    actor.require_moderator()?;
    let row = embed::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("embed"))?;
    let from = EmbedStatus::parse(&row.status).unwrap_or(EmbedStatus::Pending);
    let Some(to) = target(from, decision.action) else {
        return Err(ApiError::new(
            ErrorCode::InvalidTransition,
            format!("a {} embed cannot be {:?}d", from.as_str(), decision.action).to_lowercase(),
        ));
    };
    let reason = decision
        .reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    if to != EmbedStatus::Approved && reason.is_none() {
        let mut errors = ValidationErrors::default();
        errors.add(
            "reason",
            ErrorCode::ReasonRequired,
            "say why, for the embed's owner",
        );
        errors.into_result()?;
    }
    let mut active = row.into_active_model();
    active.status = Set(to.as_str().to_owned());
    active.reason = Set(reason);
    active.decided_at = Set(Some(Utc::now()));
    let updated = active.update(db).await?;
    let action = format!("embed_{}", to.as_str());
    audit::record(
        db,
        actor,
        entry(&action, &updated, Some(from.as_str().into())),
    )
    .await?;
    Ok(updated.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_waiting_embeds_are_rejected_and_only_approved_ones_suspended() {
        use EmbedStatus::*;
        assert_eq!(target(Pending, EmbedAction::Approve), Some(Approved));
        assert_eq!(target(Suspended, EmbedAction::Approve), Some(Approved));
        assert_eq!(target(Approved, EmbedAction::Approve), None);
        assert_eq!(target(Approved, EmbedAction::Reject), None);
        assert_eq!(target(Pending, EmbedAction::Suspend), None);
        assert_eq!(target(Approved, EmbedAction::Suspend), Some(Suspended));
    }
}

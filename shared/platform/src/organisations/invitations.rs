//! Invitations: an owner makes a link (its token shown once, stored as a hash) that brings
//! one person into the organisation with a role. Used once, revocable, and worthless after
//! `invitations.ttl_hours`; when it names an e-mail, only that account can accept it.

use super::members::{self, OrgKind};
use crate::audit::{self, AuditEntry};
use crate::config::Settings;
use crate::entities::invitation;
use crate::problem::{ApiError, ApiResult};
use crate::sessions::{random_secret, secret_hash};
use chrono::{DateTime, Duration, Utc};
use connessi_domain::{Actor, ErrorCode, MemberRole};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInvitation {
    pub role: MemberRole,
    /// Only the account with this e-mail may accept; anyone with the link when absent.
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InvitationView {
    pub id: Uuid,
    pub organisation_kind: String,
    pub organisation_id: Uuid,
    pub role: String,
    pub email: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl From<invitation::Model> for InvitationView {
    fn from(row: invitation::Model) -> Self {
        Self {
            id: row.id,
            organisation_kind: row.organisation_kind,
            organisation_id: row.organisation_id,
            role: row.role,
            email: row.email,
            created_at: row.created_at,
            expires_at: row.expires_at,
        }
    }
}

/// An invitation just made: the link is shown this once.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IssuedInvitation {
    pub invitation: InvitationView,
    /// Send this to the person invited; accept with `POST /api/v1/invitations/accept`.
    pub token: String,
    pub link: String,
}

fn checked_email(email: Option<String>) -> ApiResult<Option<String>> {
    let Some(email) = email.map(|e| e.trim().to_ascii_lowercase()) else {
        return Ok(None);
    };
    let valid = email.len() <= 254
        && email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
    if valid {
        Ok(Some(email))
    } else {
        let mut errors = connessi_domain::ValidationErrors::default();
        errors.add("email", ErrorCode::InvalidEmail, "not an e-mail address");
        Err(errors.into())
    }
}

pub async fn issue(
    db: &impl ConnectionTrait,
    settings: &Settings,
    actor: &Actor,
    kind: OrgKind,
    org: Uuid,
    new: NewInvitation,
) -> ApiResult<IssuedInvitation> {
    let user = actor.user()?;
    let email = checked_email(new.email)?;
    let token = random_secret();
    let now = Utc::now();
    let row = invitation::ActiveModel {
        id: Set(Uuid::now_v7()),
        token_hash: Set(secret_hash(&token)),
        organisation_kind: Set(kind.as_str().to_owned()),
        organisation_id: Set(org),
        role: Set(new.role.as_str().to_owned()),
        email: Set(email.clone()),
        created_by: Set(user.id.0),
        created_at: Set(now),
        expires_at: Set(now + Duration::hours(settings.invitations.ttl_hours as i64)),
        accepted_by: Set(None),
        accepted_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    let details = json!({ "invitation_id": row.id, "role": row.role, "email": email });
    record(db, actor, "member.invited", kind, org, details).await?;
    Ok(IssuedInvitation {
        link: format!("{}/invitations/{token}", settings.public_base()),
        token,
        invitation: row.into(),
    })
}

async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &str,
    kind: OrgKind,
    org: Uuid,
    details: serde_json::Value,
) -> ApiResult<()> {
    let entry = AuditEntry {
        action: action.to_owned(),
        entity_kind: kind.as_str(),
        entity_id: org,
        details: Some(details),
        ..Default::default()
    };
    audit::record(db, actor, entry).await
}

/// Invitations not yet used, revoked or expired.
pub async fn pending(
    db: &impl ConnectionTrait,
    kind: OrgKind,
    org: Uuid,
) -> ApiResult<Vec<InvitationView>> {
    let rows = invitation::Entity::find()
        .filter(invitation::Column::OrganisationKind.eq(kind.as_str()))
        .filter(invitation::Column::OrganisationId.eq(org))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(Utc::now()))
        .order_by_asc(invitation::Column::CreatedAt)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn revoke(
    db: &impl ConnectionTrait,
    actor: &Actor,
    kind: OrgKind,
    org: Uuid,
    id: Uuid,
) -> ApiResult<()> {
    let row = invitation::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|r| r.organisation_kind == kind.as_str() && r.organisation_id == org)
        .ok_or_else(|| ApiError::not_found("invitation"))?;
    if row.accepted_at.is_some() || row.revoked_at.is_some() {
        return Err(unavailable());
    }
    let mut active: invitation::ActiveModel = row.into();
    active.revoked_at = Set(Some(Utc::now()));
    active.update(db).await?;
    record(
        db,
        actor,
        "invitation.revoked",
        kind,
        org,
        json!({ "invitation_id": id }),
    )
    .await
}

fn unavailable() -> ApiError {
    ApiError::new(
        ErrorCode::InvitationUnavailable,
        "this invitation was already used, revoked or has expired; ask for a new one",
    )
}

/// What accepting an invitation gave.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Joined {
    pub organisation_kind: String,
    pub organisation_id: Uuid,
    pub role: String,
}

/// Accepts the invitation of `token` for the signed-in user; call inside a transaction.
pub async fn accept(db: &impl ConnectionTrait, actor: &Actor, token: &str) -> ApiResult<Joined> {
    let user = actor.user()?;
    let row = invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(secret_hash(token.trim())))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("invitation"))?;
    if row.accepted_at.is_some() || row.revoked_at.is_some() || row.expires_at <= Utc::now() {
        return Err(unavailable());
    }
    if row.email.as_deref().is_some_and(|e| e != user.email) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "this invitation is for another e-mail address",
        ));
    }
    let kind =
        OrgKind::parse(&row.organisation_kind).ok_or_else(|| ApiError::internal("bad kind"))?;
    let role = MemberRole::parse(&row.role).ok_or_else(|| ApiError::internal("bad role"))?;
    // Marked used only if still unused: of two acceptances racing, one wins.
    let claimed = invitation::Entity::update_many()
        .col_expr(invitation::Column::AcceptedAt, Some(Utc::now()).into())
        .col_expr(invitation::Column::AcceptedBy, Some(user.id.0).into())
        .filter(invitation::Column::Id.eq(row.id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(db)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(unavailable());
    }
    members::add(db, kind, row.organisation_id, user.id.0, role).await?;
    let details = json!({ "invitation_id": row.id, "user_id": user.id.0, "role": row.role });
    record(
        db,
        actor,
        "member.joined",
        kind,
        row.organisation_id,
        details,
    )
    .await?;
    Ok(Joined {
        organisation_kind: row.organisation_kind,
        organisation_id: row.organisation_id,
        role: row.role,
    })
}

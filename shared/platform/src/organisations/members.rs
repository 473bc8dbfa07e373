//! Memberships of providers and shops, behind one interface: the two kinds of organisation
//! keep members in their own tables but follow the same rules (owners and members, at least
//! one owner always).

use crate::entities::{provider_member, shop_member, user};
use crate::problem::{ApiError, ApiResult};
use chrono::{DateTime, Utc};
use connessi_domain::{ErrorCode, MemberRole};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QuerySelect,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The kinds of organisation people belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgKind {
    Provider,
    Shop,
}

impl OrgKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Provider => "provider",
            Self::Shop => "shop",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "provider" => Some(Self::Provider),
            "shop" => Some(Self::Shop),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Member {
    pub user_id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: MemberRole,
    pub since: DateTime<Utc>,
}

/// `(user id, role, since)` of every member; with `lock`, the rows stay locked for the rest
/// of the transaction on PostgreSQL (SQLite write transactions are already exclusive), so two
/// owners removing each other cannot both succeed.
async fn rows(
    db: &impl ConnectionTrait,
    kind: OrgKind,
    org: Uuid,
    lock: bool,
) -> ApiResult<Vec<(Uuid, String, DateTime<Utc>)>> {
    let lock = lock && db.get_database_backend() == DbBackend::Postgres;
    Ok(match kind {
        OrgKind::Provider => {
            let mut query =
                provider_member::Entity::find().filter(provider_member::Column::ProviderId.eq(org));
            if lock {
                query = query.lock_exclusive();
            }
            query
                .all(db)
                .await?
                .into_iter()
                .map(|m| (m.user_id, m.role, m.created_at))
                .collect()
        }
        OrgKind::Shop => {
            let mut query = shop_member::Entity::find().filter(shop_member::Column::ShopId.eq(org));
            if lock {
                query = query.lock_exclusive();
            }
            query
                .all(db)
                .await?
                .into_iter()
                .map(|m| (m.user_id, m.role, m.created_at))
                .collect()
        }
    })
}

/// The members, owners first, then by e-mail.
pub async fn list(db: &impl ConnectionTrait, kind: OrgKind, org: Uuid) -> ApiResult<Vec<Member>> {
    let rows = rows(db, kind, org, false).await?;
    let ids: Vec<Uuid> = rows.iter().map(|(id, _, _)| *id).collect();
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let mut members: Vec<Member> = rows
        .into_iter()
        .filter_map(|(id, role, since)| {
            let account = users.iter().find(|u| u.id == id)?;
            Some(Member {
                user_id: id,
                email: account.email.clone(),
                display_name: account.display_name.clone(),
                role: MemberRole::parse(&role).unwrap_or(MemberRole::Member),
                since,
            })
        })
        .collect();
    members.sort_by(|a, b| {
        (a.role != MemberRole::Owner, &a.email).cmp(&(b.role != MemberRole::Owner, &b.email))
    });
    Ok(members)
}

/// The role of `user` in the organisation, if a member.
pub async fn role_of(
    db: &impl ConnectionTrait,
    kind: OrgKind,
    org: Uuid,
    user: Uuid,
) -> ApiResult<Option<MemberRole>> {
    let rows = rows(db, kind, org, false).await?;
    Ok(rows
        .into_iter()
        .find(|(id, _, _)| *id == user)
        .and_then(|(_, role, _)| MemberRole::parse(&role)))
}

/// Adds `user`; 409 `already_member` when they already belong.
pub async fn add(
    db: &impl ConnectionTrait,
    kind: OrgKind,
    org: Uuid,
    user: Uuid,
    role: MemberRole,
) -> ApiResult<()> {
    let already = || {
        ApiError::new(
            ErrorCode::AlreadyMember,
            "you already belong to this organisation",
        )
    };
    if role_of(db, kind, org, user).await?.is_some() {
        return Err(already());
    }
    // Two acceptances racing: the primary key lets one in, the other is told why.
    let taken = |error: sea_orm::DbErr| {
        if crate::db::is_unique_violation(&error) {
            already()
        } else {
            error.into()
        }
    };
    let now = Utc::now();
    match kind {
        OrgKind::Provider => {
            provider_member::Entity::insert(provider_member::ActiveModel {
                provider_id: Set(org),
                user_id: Set(user),
                role: Set(role.as_str().to_owned()),
                created_at: Set(now),
            })
            .exec_without_returning(db)
            .await
            .map_err(taken)?;
        }
        OrgKind::Shop => {
            shop_member::Entity::insert(shop_member::ActiveModel {
                shop_id: Set(org),
                user_id: Set(user),
                role: Set(role.as_str().to_owned()),
                created_at: Set(now),
            })
            .exec_without_returning(db)
            .await
            .map_err(taken)?;
        }
    }
    Ok(())
}

/// Removes `user`; never the last owner (409 `last_owner`), 404 for a non-member.
pub async fn remove(
    db: &impl ConnectionTrait,
    kind: OrgKind,
    org: Uuid,
    user: Uuid,
) -> ApiResult<()> {
    let all = rows(db, kind, org, true).await?;
    let owner = MemberRole::Owner.as_str();
    let Some((_, role, _)) = all.iter().find(|(id, _, _)| *id == user) else {
        return Err(ApiError::not_found("member"));
    };
    let owners = all.iter().filter(|(_, r, _)| r == owner).count();
    if role == owner && owners <= 1 {
        return Err(ApiError::new(
            ErrorCode::LastOwner,
            "make someone else an owner before this one leaves",
        ));
    }
    match kind {
        OrgKind::Provider => {
            provider_member::Entity::delete_by_id((org, user))
                .exec(db)
                .await?;
        }
        OrgKind::Shop => {
            shop_member::Entity::delete_by_id((org, user))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

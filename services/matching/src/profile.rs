//! Shop profiles: saved by the shop's members, read back with what the server derives
//! (province, region, skill level), and the priority attributes verified by moderators. A
//! change of the declared attributes undoes their verification.

use crate::entities::shop_profile;
use chrono::{DateTime, Utc};
use connessi_domain::shop::ShopProfile;
use connessi_domain::{Actor, ErrorCode};
use connessi_platform::audit::{self, AuditEntry};
use connessi_platform::entities::shop;
use connessi_platform::{ApiError, ApiResult};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProfileView {
    pub shop_id: Uuid,
    pub name: String,
    pub profile: ShopProfile,
    /// Car-plate code of the comune's province.
    pub province: String,
    /// ISTAT code of the comune's region.
    pub region: String,
    /// What the self-assessment gives: `base`, `intermediate` or `advanced`.
    pub skill_level: String,
    pub priority_verified: bool,
    pub priority_verified_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

async fn view(db: &impl ConnectionTrait, row: shop_profile::Model) -> ApiResult<ProfileView> {
    let name = shop::Entity::find_by_id(row.shop_id)
        .one(db)
        .await?
        .map(|s| s.name)
        .unwrap_or_default();
    Ok(ProfileView {
        shop_id: row.shop_id,
        name,
        profile: serde_json::from_str(&row.profile)?,
        province: row.province,
        region: row.region,
        skill_level: row.skill_level,
        priority_verified: row.priority_verified,
        priority_verified_at: row.priority_verified_at,
        updated_at: row.updated_at,
    })
}

/// The shop's profile, if it has written one.
pub async fn get(db: &impl ConnectionTrait, shop_id: Uuid) -> ApiResult<Option<ProfileView>> {
    match shop_profile::Entity::find_by_id(shop_id).one(db).await? {
        Some(row) => Ok(Some(view(db, row).await?)),
        None => Ok(None),
    }
}

/// Writes the profile (already checked); call inside a transaction.
pub async fn save(
    db: &impl ConnectionTrait,
    actor: &Actor,
    shop_id: Uuid,
    profile: ShopProfile,
) -> ApiResult<ProfileView> {
    let (province, region) = profile
        .province_and_region()
        .ok_or_else(|| ApiError::new(ErrorCode::UnknownTerritory, "unknown comune"))?;
    let previous = shop_profile::Entity::find_by_id(shop_id).one(db).await?;
    let previous_attributes = previous
        .as_ref()
        .and_then(|p| serde_json::from_str::<ShopProfile>(&p.profile).ok())
        .map(|p| p.priority_attributes);
    let keeps_verification = previous.as_ref().is_some_and(|p| p.priority_verified)
        && previous_attributes.as_ref() == Some(&profile.priority_attributes);
    let row = shop_profile::ActiveModel {
        shop_id: Set(shop_id),
        partita_iva: Set(profile.partita_iva.clone()),
        sector: Set(profile.sector.clone()),
        comune: Set(profile.comune.clone()),
        province: Set(province),
        region: Set(region),
        size: Set(profile.size.clone()),
        skill_level: Set(profile.skills.level().to_owned()),
        profile: Set(serde_json::to_string(&profile)?),
        priority_verified: Set(keeps_verification),
        priority_verified_at: Set(previous
            .as_ref()
            .and_then(|p| p.priority_verified_at)
            .filter(|_| keeps_verification)),
        updated_at: Set(Utc::now()),
    };
    shop_profile::Entity::insert(row)
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(shop_profile::Column::ShopId)
                .update_columns([
                    shop_profile::Column::PartitaIva,
                    shop_profile::Column::Sector,
                    shop_profile::Column::Comune,
                    shop_profile::Column::Province,
                    shop_profile::Column::Region,
                    shop_profile::Column::Size,
                    shop_profile::Column::SkillLevel,
                    shop_profile::Column::Profile,
                    shop_profile::Column::PriorityVerified,
                    shop_profile::Column::PriorityVerifiedAt,
                    shop_profile::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    let entry = AuditEntry {
        action: "shop.profile_saved".into(),
        entity_kind: "shop",
        entity_id: shop_id,
        ..Default::default()
    };
    audit::record(db, actor, entry).await?;
    get(db, shop_id)
        .await?
        .ok_or_else(|| ApiError::internal("profile just saved is missing"))
}

/// Profiles declaring priority attributes, not yet verified first.
pub async fn to_verify(
    db: &impl ConnectionTrait,
    verified: Option<bool>,
) -> ApiResult<Vec<ProfileView>> {
    let mut select = shop_profile::Entity::find().order_by_asc(shop_profile::Column::UpdatedAt);
    if let Some(verified) = verified {
        select = select.filter(shop_profile::Column::PriorityVerified.eq(verified));
    }
    let mut views = Vec::new();
    for row in select.all(db).await? {
        let view = view(db, row).await?;
        if !view.profile.priority_attributes.is_empty() {
            views.push(view);
        }
    }
    Ok(views)
}

/// A moderator's check of the declared priority attributes; call inside a transaction.
pub async fn verify(
    db: &impl ConnectionTrait,
    actor: &Actor,
    shop_id: Uuid,
    verified: bool,
    reason: Option<String>,
) -> ApiResult<ProfileView> {
    let row = shop_profile::Entity::find_by_id(shop_id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("shop profile"))?;
    let reason = reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    if !verified && reason.as_ref().is_none_or(|r| r.chars().count() < 10) {
        return Err(ApiError::new(
            ErrorCode::ReasonRequired,
            "say why the attributes are not verified (at least 10 characters)",
        ));
    }
    let from = row.priority_verified;
    let mut active: shop_profile::ActiveModel = row.into();
    active.priority_verified = Set(verified);
    active.priority_verified_at = Set(verified.then(Utc::now));
    sea_orm::ActiveModelTrait::update(active, db).await?;
    let state = |v: bool| if v { "verified" } else { "unverified" }.to_owned();
    let entry = AuditEntry {
        action: "shop.priority_verification".into(),
        entity_kind: "shop",
        entity_id: shop_id,
        from_status: Some(state(from)),
        to_status: Some(state(verified)),
        reason,
        details: None,
    };
    audit::record(db, actor, entry).await?;
    get(db, shop_id)
        .await?
        .ok_or_else(|| ApiError::internal("profile just verified is missing"))
}

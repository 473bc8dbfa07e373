//! Providers and their members.

use super::PageRequest;
use crate::entities::provider;
use chrono::Utc;
use connessi_domain::provider::ProviderProfile;
use connessi_domain::{ErrorCode, MemberRole, ProviderId, UserId};
use connessi_platform::db::is_unique_violation;
use connessi_platform::entities::provider_member;
use connessi_platform::{ApiError, ApiResult};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

fn taken(error: DbErr) -> ApiError {
    if is_unique_violation(&error) {
        ApiError::new(
            ErrorCode::PartitaIvaTaken,
            "another provider is registered with this Partita IVA",
        )
    } else {
        error.into()
    }
}

pub async fn find(db: &impl ConnectionTrait, id: ProviderId) -> ApiResult<Option<provider::Model>> {
    Ok(provider::Entity::find_by_id(id.0).one(db).await?)
}

/// The provider or 404.
pub async fn get(db: &impl ConnectionTrait, id: ProviderId) -> ApiResult<provider::Model> {
    find(db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("provider"))
}

/// Registers a provider with `owner` as its owner.
pub async fn create(
    db: &impl ConnectionTrait,
    profile: ProviderProfile,
    owner: UserId,
) -> ApiResult<provider::Model> {
    let now = Utc::now();
    let model = provider::ActiveModel {
        id: Set(ProviderId::new().0),
        legal_name: Set(profile.legal_name),
        partita_iva: Set(profile.partita_iva),
        website: Set(profile.website),
        contact_email: Set(profile.contact_email),
        description: Set(profile.description),
        logo_url: Set(profile.logo_url),
        verified: Set(false),
        verified_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
    .map_err(taken)?;
    add_member(db, ProviderId(model.id), owner, MemberRole::Owner).await?;
    Ok(model)
}

pub async fn add_member(
    db: &impl ConnectionTrait,
    provider: ProviderId,
    user: UserId,
    role: MemberRole,
) -> ApiResult<()> {
    provider_member::Entity::insert(provider_member::ActiveModel {
        provider_id: Set(provider.0),
        user_id: Set(user.0),
        role: Set(role.as_str().to_owned()),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Replaces the profile; a change of legal name or Partita IVA undoes the verification.
pub async fn update(
    db: &impl ConnectionTrait,
    current: provider::Model,
    profile: ProviderProfile,
) -> ApiResult<provider::Model> {
    let identity_changed =
        current.legal_name != profile.legal_name || current.partita_iva != profile.partita_iva;
    let mut model: provider::ActiveModel = current.into();
    model.legal_name = Set(profile.legal_name);
    model.partita_iva = Set(profile.partita_iva);
    model.website = Set(profile.website);
    model.contact_email = Set(profile.contact_email);
    model.description = Set(profile.description);
    model.logo_url = Set(profile.logo_url);
    model.updated_at = Set(Utc::now());
    if identity_changed {
        model.verified = Set(false);
        model.verified_at = Set(None);
    }
    model.update(db).await.map_err(taken)
}

pub async fn set_verified(
    db: &impl ConnectionTrait,
    current: provider::Model,
    verified: bool,
) -> ApiResult<provider::Model> {
    let mut model: provider::ActiveModel = current.into();
    model.verified = Set(verified);
    model.verified_at = Set(verified.then(Utc::now));
    model.updated_at = Set(Utc::now());
    Ok(model.update(db).await?)
}

/// Providers by name; `verified` filters when given.
pub async fn list(
    db: &impl ConnectionTrait,
    verified: Option<bool>,
    page: PageRequest,
) -> ApiResult<(Vec<provider::Model>, u64)> {
    let mut query = provider::Entity::find();
    if let Some(verified) = verified {
        query = query.filter(provider::Column::Verified.eq(verified));
    }
    let total = query.clone().count(db).await?;
    let items = query
        .order_by_asc(provider::Column::LegalName)
        .order_by_asc(provider::Column::Id)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    Ok((items, total))
}

/// Several providers at once, for building lists of offers.
pub async fn many(
    db: &impl ConnectionTrait,
    ids: Vec<uuid::Uuid>,
) -> ApiResult<std::collections::HashMap<uuid::Uuid, provider::Model>> {
    let rows = provider::Entity::find()
        .filter(provider::Column::Id.is_in(ids))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|p| (p.id, p)).collect())
}

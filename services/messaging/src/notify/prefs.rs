//! Each person's choice, per kind of notification, of how e-mail delivers it: immediately, in
//! the daily digest, or never (it is always in the app). Kinds never chosen keep their default.

use super::{Delivery, Kind};
use crate::entities::notification_preference as preference;
use connessi_domain::{ErrorCode, ValidationErrors};
use connessi_platform::ApiResult;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;
use uuid::Uuid;

/// One kind and how it is delivered.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Preference {
    pub kind: Kind,
    pub delivery: Delivery,
    /// Whether the person chose it (otherwise it is the kind's default).
    pub chosen: bool,
}

/// Every kind, as `user` has it.
pub async fn all(db: &impl ConnectionTrait, user: Uuid) -> ApiResult<Vec<Preference>> {
    let chosen: HashMap<String, String> = preference::Entity::find()
        .filter(preference::Column::UserId.eq(user))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.kind, p.delivery))
        .collect();
    Ok(Kind::ALL
        .into_iter()
        .map(|kind| {
            let mine = chosen.get(kind.as_str()).and_then(|d| Delivery::parse(d));
            Preference {
                kind,
                delivery: mine.unwrap_or(kind.default_delivery()),
                chosen: mine.is_some(),
            }
        })
        .collect())
}

/// How `kind` reaches `user`.
pub async fn delivery(db: &impl ConnectionTrait, user: Uuid, kind: Kind) -> ApiResult<Delivery> {
    let row = preference::Entity::find_by_id((user, kind.as_str().to_owned()))
        .one(db)
        .await?;
    Ok(row
        .and_then(|p| Delivery::parse(&p.delivery))
        .unwrap_or(kind.default_delivery()))
}

/// Reads `{"kind": "delivery", …}`, naming every unknown kind or delivery.
pub fn parse(given: &BTreeMap<String, String>) -> Result<Vec<(Kind, Delivery)>, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let mut choices = Vec::new();
    for (kind, delivery) in given {
        match (Kind::parse(kind), Delivery::parse(delivery)) {
            (Some(kind), Some(delivery)) => choices.push((kind, delivery)),
            (None, _) => errors.add(
                kind,
                ErrorCode::InvalidValue,
                "no such kind of notification",
            ),
            (_, None) => errors.add(kind, ErrorCode::InvalidValue, "immediately, daily or never"),
        }
    }
    errors.into_result()?;
    Ok(choices)
}

/// Records `user`'s choice for `kind`.
pub async fn set(
    db: &impl ConnectionTrait,
    user: Uuid,
    kind: Kind,
    delivery: Delivery,
) -> ApiResult<()> {
    preference::Entity::insert(preference::ActiveModel {
        user_id: Set(user),
        kind: Set(kind.as_str().to_owned()),
        delivery: Set(delivery.as_str().to_owned()),
    })
    .on_conflict(
        OnConflict::columns([preference::Column::UserId, preference::Column::Kind])
            .update_column(preference::Column::Delivery)
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

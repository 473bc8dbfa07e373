//! The matching service's onboarding requests as the messaging service reads them: the few
//! columns a thread needs, never written from here.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "onboarding_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub shop_id: Uuid,
    pub offer_id: Uuid,
    pub provider_id: Uuid,
    pub message: String,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub decline_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

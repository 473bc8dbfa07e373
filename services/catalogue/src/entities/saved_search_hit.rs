//! An offer a saved search already told of.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "saved_search_hits")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub search_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub offer_id: Uuid,
    pub found_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! One embed's traffic on one UTC day.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "embed_traffic")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub embed_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: String,
    pub views: i64,
    pub searches: i64,
    pub clicks: i64,
    pub requests: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

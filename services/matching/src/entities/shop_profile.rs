//! A shop's profile. The columns matching filters on are kept apart; `profile` holds the
//! whole validated profile as JSON.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "shop_profiles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub shop_id: Uuid,
    pub partita_iva: Option<String>,
    pub sector: String,
    pub comune: String,
    pub province: String,
    pub region: String,
    pub size: String,
    pub skill_level: String,
    pub profile: String,
    pub priority_verified: bool,
    pub priority_verified_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

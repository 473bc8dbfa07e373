//! An offer: its status, its current content (JSON of `OfferContent`) and the columns
//! derived from it that queries need.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub provider_id: Uuid,
    pub status: String,
    pub content: String,
    pub title_it: String,
    pub capacity: Option<i32>,
    pub expires_at: Option<DateTimeUtc>,
    pub moderation_action: Option<String>,
    pub moderation_reason: Option<String>,
    pub moderated_at: Option<DateTimeUtc>,
    pub submitted_at: Option<DateTimeUtc>,
    pub published_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

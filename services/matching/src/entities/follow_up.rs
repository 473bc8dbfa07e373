//! A follow-up question to a shop some days after its onboarding was completed, and its
//! answer.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "onboarding_follow_ups")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub request_id: Uuid,
    pub shop_id: Uuid,
    pub provider_id: Uuid,
    pub offer_id: Uuid,
    /// Days after completion it was asked (unique per request).
    pub after_days: i32,
    pub asked_at: DateTimeUtc,
    pub answered_at: Option<DateTimeUtc>,
    pub answered_by: Option<Uuid>,
    pub live: Option<bool>,
    pub still_using: Option<bool>,
    pub satisfaction: Option<i16>,
    pub sales_pressure: Option<bool>,
    pub comment: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

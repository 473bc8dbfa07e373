//! A thread between a shop and a provider: about an onboarding request, or an enquiry about
//! an offer before requesting it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conversations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `onboarding` or `enquiry`.
    pub kind: String,
    /// Unique: `onboarding:{request_id}` or `enquiry:{shop_id}:{offer_id}`.
    pub thread_key: String,
    pub request_id: Option<Uuid>,
    pub shop_id: Uuid,
    pub provider_id: Uuid,
    pub offer_id: Uuid,
    pub created_at: DateTimeUtc,
    pub last_message_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

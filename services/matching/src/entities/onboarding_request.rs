//! A shop's request to be onboarded on an offer.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "onboarding_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub shop_id: Uuid,
    pub offer_id: Uuid,
    pub provider_id: Uuid,
    pub status: String,
    pub message: String,
    pub decline_reason: Option<String>,
    /// Unique per shop: a retried creation finds the request it made.
    pub idempotency_key: String,
    /// SHA-256 of what was asked, to tell a retry from a different request with a reused key.
    pub body_hash: String,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub answered_at: Option<DateTimeUtc>,
    /// How many of the provider's reminders were sent (see `onboarding.reminder_days`).
    pub reminders_sent: i32,
    /// Set when accepted: the last day of the offer's free period for this shop.
    pub free_period_ends_on: Option<Date>,
    /// When the shop was reminded that the free period ends (once).
    pub free_period_reminded_at: Option<DateTimeUtc>,
    pub completed_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! What one applicant of a published allocation round got, and why.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "allocation_round_results")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub round_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub shop_id: Uuid,
    /// `assigned`, `unassigned` or `not_eligible`.
    pub outcome: String,
    pub offer_id: Option<Uuid>,
    /// Position of the assigned offer in the shop's list, from 1.
    pub choice: Option<i32>,
    /// The accepted onboarding request the assignment became.
    pub request_id: Option<Uuid>,
    pub priority_score: i64,
    /// 16 hex digits.
    pub priority_lottery: String,
    /// JSON: the reason for each offer the shop preferred to what it got.
    pub explanation: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

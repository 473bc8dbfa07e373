//! An allocation round: who may apply (territories, sectors), how applicants are ranked
//! (priority weights, the published lottery seed), when (the application window), and when it
//! was published.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "allocation_rounds")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    /// JSON array of territory codes (regions, provinces, comuni); empty: all Italy.
    pub territories: String,
    /// JSON array of sector codes; empty: every sector.
    pub sectors: String,
    /// JSON object: priority attribute → weight.
    pub priority_weights: String,
    pub seed: String,
    pub opens_at: DateTimeUtc,
    pub closes_at: DateTimeUtc,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
    pub published_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

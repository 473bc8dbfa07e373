//! An offer taking part in an allocation round, with its places; the figures of the
//! assignment are set when the round is published.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "allocation_round_offers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub round_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub offer_id: Uuid,
    pub position: i32,
    pub places: i32,
    /// Places given out: the round's, at most the places the offer had left at publication.
    pub places_used: Option<i32>,
    pub assigned: Option<i32>,
    pub lowest_score: Option<i64>,
    /// Lottery ticket of the lowest priority admitted, 16 hex digits.
    pub lowest_lottery: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

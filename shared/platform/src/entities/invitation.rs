//! An invitation to join a provider or a shop: only the SHA-256 of its link's token is kept;
//! it is used once (`accepted_at`), can be revoked, and is worthless after `expires_at`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub token_hash: String,
    /// `provider` or `shop`.
    pub organisation_kind: String,
    pub organisation_id: Uuid,
    /// `owner` or `member`.
    pub role: String,
    /// When set, only the account with this e-mail can accept.
    pub email: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub accepted_by: Option<Uuid>,
    pub accepted_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

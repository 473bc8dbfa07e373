//! A signed-in session. Only the SHA-256 of its token is stored, so a leaked table signs
//! nobody in. A session ends at `expires_at` (absolute) or after a quiet spell longer than the
//! configured idle time since `last_seen_at`, whichever comes first.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    pub user_id: Uuid,
    /// `bearer` (sent in `Authorization`) or `cookie` (a browser's session cookie).
    pub transport: String,
    /// How the user signed in: `dev`, or `oidc:<provider>`.
    pub method: String,
    /// Sent back in `X-CSRF-Token` by cookie-authenticated requests that change state.
    pub csrf_token: String,
    pub created_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

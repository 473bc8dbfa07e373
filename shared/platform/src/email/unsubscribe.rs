//! One-click unsubscribe tokens: random, shown once in an e-mail's link, stored as SHA-256.
//! A token names what it stops (`scope`: a notification kind, or a saved search).

use crate::entities::unsubscribe_token as token;
use crate::problem::ApiResult;
use base64::Engine;
use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use sha2::{Digest, Sha256};
use uuid::Uuid;

fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new token for `scope` (of `user`, when the subscriber has an account); returns it.
pub async fn issue(
    db: &impl ConnectionTrait,
    user: Option<Uuid>,
    scope: &str,
) -> ApiResult<String> {
    let bytes: [u8; 32] = rand::random();
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    token::Entity::insert(token::ActiveModel {
        token_hash: Set(hash(&secret)),
        user_id: Set(user),
        scope: Set(scope.to_owned()),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(db)
    .await?;
    Ok(secret)
}

/// What `secret` unsubscribes from, if it is a token that was issued.
pub async fn find(db: &impl ConnectionTrait, secret: &str) -> ApiResult<Option<token::Model>> {
    if secret.len() > 100 {
        return Ok(None);
    }
    Ok(token::Entity::find_by_id(hash(secret)).one(db).await?)
}

//! Making the things tests need the way users would: accounts (directly in the database:
//! there is no sign-up without an identity provider), providers, shops and offers (over
//! HTTP, as their owners).

use crate::Client;
use crate::fixtures::{approval, provider_profile};
use chrono::Utc;
use connessi_platform::entities::user;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};
use serde_json::{Value, json};

/// Creates an account and signs it in through `anonymous`'s server.
pub async fn user(
    conn: &DatabaseConnection,
    anonymous: &Client,
    email: &str,
    platform_role: Option<&str>,
) -> Client {
    user::Entity::insert(user::ActiveModel {
        blocked_at: Set(None),
        blocked_reason: Set(None),
        id: Set(uuid::Uuid::now_v7()),
        email: Set(email.to_owned()),
        display_name: Set(email.split('@').next().unwrap_or("x").to_owned()),
        platform_role: Set(platform_role.map(str::to_owned)),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(conn)
    .await
    .expect("insert user");
    anonymous.sign_in(email).await
}

/// Registers a provider as `owner`, verified by `moderator` when given; returns its id.
pub async fn provider(owner: &Client, name: &str, moderator: Option<&Client>) -> String {
    let created = owner
        .post("/api/v1/providers", &provider_profile(name))
        .await;
    let id = created.ok(201)["id"]
        .as_str()
        .expect("provider id")
        .to_owned();
    if let Some(moderator) = moderator {
        moderator
            .put(
                &format!("/api/v1/moderation/providers/{id}/verification"),
                &json!({ "verified": true }),
            )
            .await
            .ok(200);
    }
    id
}

/// Creates a draft offer and returns its id.
pub async fn draft(owner: &Client, provider: &str, content: &Value) -> String {
    let reply = owner
        .post(&format!("/api/v1/providers/{provider}/offers"), content)
        .await;
    reply.ok(201)["id"].as_str().expect("offer id").to_owned()
}

/// Creates, submits and approves an offer; returns its id.
pub async fn published(
    owner: &Client,
    provider: &str,
    moderator: &Client,
    content: &Value,
) -> String {
    let id = draft(owner, provider, content).await;
    owner
        .post(&format!("/api/v1/offers/{id}/submit"), &json!({}))
        .await
        .ok(200);
    moderator
        .post(
            &format!("/api/v1/moderation/offers/{id}/decision"),
            &approval(),
        )
        .await
        .ok(200);
    id
}

/// Registers a shop as `owner`; returns its id.
pub async fn shop(owner: &Client, name: &str) -> String {
    let created = owner.post("/api/v1/shops", &json!({ "name": name })).await;
    created.ok(201)["id"].as_str().expect("shop id").to_owned()
}

//! A small market for cross-service tests: a moderator, a verified provider with its owner,
//! published offers, shops, and the shop's and provider's moves on onboarding requests.

use crate::support::{TestApp, spawn_app_with};
use connessi_tests::fixtures::offer_content;
use connessi_tests::{Backend, Client, Reply, world};
use serde_json::{Value, json};

pub struct Market {
    pub app: TestApp,
    pub owner: Client,
    pub provider: String,
    pub moderator: Client,
}

pub async fn market(backend: Backend) -> Market {
    market_with(backend, |_| {}).await
}

/// A market whose application runs with changed settings.
pub async fn market_with(
    backend: Backend,
    configure: impl FnOnce(&mut connessi_platform::config::Settings),
) -> Market {
    let app = spawn_app_with(backend, configure).await;
    let moderator = app
        .user("moderatrice@mercato.example", Some("moderator"))
        .await;
    let (owner, provider) = app.provider("mercato", Some(&moderator)).await;
    Market {
        app,
        owner,
        provider,
        moderator,
    }
}

impl Market {
    pub async fn offer(&self, title: &str, capacity: u32) -> String {
        let mut content = offer_content(title);
        content["capacity"] = json!(capacity);
        self.app
            .published(&self.owner, &self.provider, &self.moderator, &content)
            .await
    }

    /// Publishes an offer with this content.
    pub async fn publish(&self, content: &Value) -> String {
        self.app
            .published(&self.owner, &self.provider, &self.moderator, content)
            .await
    }

    /// A shop in Treviso with the fixture's profile (needs: digital payments, e-commerce).
    pub async fn profiled_shop(&self, name: &str) -> (Client, String) {
        let (owner, id) = self.shop(name).await;
        let path = format!("/api/v1/shops/{id}/profile");
        owner
            .put(&path, &connessi_tests::fixtures::shop_profile())
            .await
            .ok(200);
        (owner, id)
    }

    pub async fn shop(&self, name: &str) -> (Client, String) {
        let owner = self
            .app
            .user(&format!("titolare@{name}.example"), None)
            .await;
        let id = world::shop(&owner, name).await;
        (owner, id)
    }

    pub async fn answer(&self, request: &str, action: &str, body: Value) -> Reply {
        let path = format!(
            "/api/v1/providers/{}/requests/{request}/{action}",
            self.provider
        );
        self.owner.post(&path, &body).await
    }
}

pub async fn ask(shop: &Client, shop_id: &str, offer: &str, key: &str) -> Reply {
    let body = json!({ "offer_id": offer, "message": "Vorremmo iniziare a gennaio." });
    shop.post_with_headers(
        &format!("/api/v1/shops/{shop_id}/requests"),
        &body,
        &[("idempotency-key", key)],
    )
    .await
}

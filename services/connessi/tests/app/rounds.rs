//! Allocation rounds across services: a moderator opens a round over published offers,
//! eligible shops apply within the window, a dry run shows what publishing stores, and the
//! published assignments become accepted onboarding requests within the offers' places. The
//! scenarios are in [`applying`], [`dry_run`] and [`publishing`]; here is what they share.

mod applying;
mod dry_run;
mod publishing;

pub use crate::market::{Market, market};
use crate::support::TestApp;
use connessi_tests::fixtures::{offer_content, shop_profile};
use connessi_tests::{Client, Reply, world};
use serde_json::{Value, json};

/// What the round scenarios add to the shared market.
pub trait RoundMarket {
    async fn round_offer(&self, title: &str, capacity: u32, province: &str) -> String;
    async fn applicant(
        &self,
        name: &str,
        verified: bool,
        edit: impl Fn(&mut Value),
    ) -> (Client, String);
    async fn round(&self, offers: &[(&str, u32)]) -> String;
}

impl RoundMarket for Market {
    /// A published offer with `capacity` places, available in the province of Treviso (or
    /// in `province`).
    async fn round_offer(&self, title: &str, capacity: u32, province: &str) -> String {
        let mut content = offer_content(title);
        content["capacity"] = json!(capacity);
        content["territory"]["provinces"] = json!([province]);
        self.app
            .published(&self.owner, &self.provider, &self.moderator, &content)
            .await
    }

    /// A shop with a profile (Treviso, retail, women- and youth-led unless `edit` changes
    /// it), its attributes verified when `verified`.
    async fn applicant(
        &self,
        name: &str,
        verified: bool,
        edit: impl Fn(&mut Value),
    ) -> (Client, String) {
        let owner = self
            .app
            .user(&format!("titolare@{name}.example"), None)
            .await;
        let id = world::shop(&owner, name).await;
        let mut profile = shop_profile();
        edit(&mut profile);
        owner
            .put(&format!("/api/v1/shops/{id}/profile"), &profile)
            .await
            .ok(200);
        if verified {
            self.moderator
                .put(
                    &format!("/api/v1/moderation/shops/{id}/priority-verification"),
                    &json!({ "verified": true }),
                )
                .await
                .ok(200);
        }
        (owner, id)
    }

    /// Opens a round over `offers` (id, places), open now for an hour.
    async fn round(&self, offers: &[(&str, u32)]) -> String {
        let body = round_body(offers, -60, 3600);
        let created = self
            .moderator
            .post("/api/v1/moderation/rounds", &body)
            .await;
        created.ok(201)["id"].as_str().unwrap().to_owned()
    }
}

fn round_body(offers: &[(&str, u32)], opens_in_secs: i64, closes_in_secs: i64) -> Value {
    let at = |secs: i64| chrono::Utc::now() + chrono::Duration::seconds(secs);
    let offers: Vec<Value> = offers
        .iter()
        .map(|(id, places)| json!({ "offer_id": id, "places": places }))
        .collect();
    json!({
        "name": "Botteghe digitali 2027",
        "territories": ["TV", "072006"],
        "sectors": ["retail", "crafts"],
        "offers": offers,
        "priority_weights": { "women_led": 5, "inner_area": 2 },
        "seed": "estrazione-2027-01",
        "opens_at": at(opens_in_secs),
        "closes_at": at(closes_in_secs),
    })
}

/// Moves the round's window, as if time had passed.
async fn set_window(app: &TestApp, round: &str, opens_in_secs: i64, closes_in_secs: i64) {
    use connessi_matching::entities::round;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
    let id = uuid::Uuid::parse_str(round).unwrap();
    let row = round::Entity::find_by_id(id)
        .one(&app.db.conn)
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now();
    let mut active: round::ActiveModel = row.into();
    active.opens_at = Set(now + chrono::Duration::seconds(opens_in_secs));
    active.closes_at = Set(now + chrono::Duration::seconds(closes_in_secs));
    active.update(&app.db.conn).await.expect("move the window");
}

async fn close(app: &TestApp, round: &str) {
    set_window(app, round, -7200, -1).await;
}

async fn apply(shop: &Client, shop_id: &str, round: &str, choices: &[&str]) -> Reply {
    let path = format!("/api/v1/shops/{shop_id}/rounds/{round}/application");
    shop.put(&path, &json!({ "choices": choices })).await
}

async fn result(shop: &Client, shop_id: &str, round: &str) -> Value {
    let path = format!("/api/v1/shops/{shop_id}/rounds/{round}/result");
    shop.get(&path).await.ok(200).clone()
}

async fn taken(app: &TestApp, offer: &str) -> i32 {
    connessi_matching::places::taken(&app.db.conn, uuid::Uuid::parse_str(offer).unwrap())
        .await
        .unwrap()
}

async fn row_counts(app: &TestApp) -> (u64, u64, u64) {
    use connessi_matching::entities::{onboarding_request, round_application, round_result};
    use sea_orm::{EntityTrait, PaginatorTrait};
    let db = &app.db.conn;
    (
        round_application::Entity::find().count(db).await.unwrap(),
        round_result::Entity::find().count(db).await.unwrap(),
        onboarding_request::Entity::find().count(db).await.unwrap(),
    )
}

fn ticket(seed: &str, shop: &str) -> String {
    let ticket =
        connessi_matching::allocation::lottery_ticket(seed, uuid::Uuid::parse_str(shop).unwrap());
    format!("{ticket:016x}")
}

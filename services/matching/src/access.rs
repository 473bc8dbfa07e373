//! The matching service's access rules: one line per route, checked by the platform's access
//! layer before any handler runs (and read by the authorization matrix test).

use axum::http::Method;
use connessi_platform::access::{Access, AccessTable};

pub fn table() -> AccessTable {
    use Access::*;
    AccessTable::new([
        (Method::GET, "/api/v1/shops/{id}/profile", ShopMember("id")),
        (Method::PUT, "/api/v1/shops/{id}/profile", ShopMember("id")),
        (Method::GET, "/api/v1/moderation/shops", Moderator),
        (
            Method::GET,
            "/api/v1/moderation/requests/overdue",
            Moderator,
        ),
        (
            Method::PUT,
            "/api/v1/moderation/shops/{id}/priority-verification",
            Moderator,
        ),
        (
            Method::POST,
            "/api/v1/shops/{id}/requests",
            ShopMember("id"),
        ),
        (Method::GET, "/api/v1/shops/{id}/requests", ShopMember("id")),
        (
            Method::POST,
            "/api/v1/shops/{id}/requests/{request_id}/withdraw",
            ShopMember("id"),
        ),
        (
            Method::GET,
            "/api/v1/providers/{id}/requests",
            ProviderMember("id"),
        ),
        (
            Method::POST,
            "/api/v1/providers/{id}/requests/{request_id}/{action}",
            ProviderMember("id"),
        ),
        (Method::GET, "/api/v1/moderation/figures", Moderator),
        (Method::POST, "/api/v1/moderation/rounds", Moderator),
        (Method::GET, "/api/v1/moderation/rounds", Moderator),
        (Method::GET, "/api/v1/moderation/rounds/{id}", Moderator),
        (Method::PUT, "/api/v1/moderation/rounds/{id}", Moderator),
        (
            Method::POST,
            "/api/v1/moderation/rounds/{id}/dry-run",
            Moderator,
        ),
        (
            Method::POST,
            "/api/v1/moderation/rounds/{id}/publish",
            Moderator,
        ),
        (
            Method::GET,
            "/api/v1/moderation/rounds/{id}/results",
            Moderator,
        ),
        (Method::GET, "/api/v1/rounds", Public),
        (Method::GET, "/api/v1/rounds/{id}", Public),
        (
            Method::PUT,
            "/api/v1/shops/{id}/rounds/{round_id}/application",
            ShopMember("id"),
        ),
        (
            Method::GET,
            "/api/v1/shops/{id}/rounds/{round_id}/application",
            ShopMember("id"),
        ),
        (
            Method::DELETE,
            "/api/v1/shops/{id}/rounds/{round_id}/application",
            ShopMember("id"),
        ),
        (
            Method::GET,
            "/api/v1/shops/{id}/rounds/{round_id}/result",
            ShopMember("id"),
        ),
        (
            Method::GET,
            "/api/v1/shops/{id}/follow-ups",
            ShopMember("id"),
        ),
        (
            Method::PUT,
            "/api/v1/shops/{id}/follow-ups/{follow_up_id}",
            ShopMember("id"),
        ),
        (
            Method::GET,
            "/api/v1/shops/{id}/recommendations",
            ShopMember("id"),
        ),
        (
            Method::GET,
            "/api/v1/providers/{id}/figures",
            ProviderMember("id"),
        ),
    ])
}

//! The messaging service's access rules: one line per route, checked by the platform's access
//! layer before any handler runs (and read by the authorization matrix test). Taking part in a
//! thread is checked by [`crate::threads`]: outsiders get 404.

use axum::http::Method;
use connessi_platform::access::{Access, AccessTable};

pub fn table() -> AccessTable {
    use Access::*;
    AccessTable::new([
        (
            Method::POST,
            "/api/v1/shops/{id}/enquiries",
            ShopMember("id"),
        ),
        (
            Method::POST,
            "/api/v1/onboarding-requests/{request_id}/conversation",
            SignedIn,
        ),
        (Method::GET, "/api/v1/events", SignedIn),
        (Method::GET, "/api/v1/notifications", SignedIn),
        (Method::POST, "/api/v1/notifications/read", SignedIn),
        (Method::GET, "/api/v1/me/notification-settings", SignedIn),
        (Method::PUT, "/api/v1/me/notification-settings", SignedIn),
        (Method::GET, "/api/v1/unsubscribe/{token}", Public),
        (Method::POST, "/api/v1/unsubscribe/{token}", Public),
        (Method::GET, "/api/v1/conversations", SignedIn),
        (Method::GET, "/api/v1/conversations/{id}", SignedIn),
        (Method::GET, "/api/v1/conversations/{id}/messages", SignedIn),
        (
            Method::POST,
            "/api/v1/conversations/{id}/messages",
            SignedIn,
        ),
        (
            Method::PATCH,
            "/api/v1/conversations/{id}/messages/{message_id}",
            SignedIn,
        ),
        (
            Method::DELETE,
            "/api/v1/conversations/{id}/messages/{message_id}",
            SignedIn,
        ),
        (Method::POST, "/api/v1/conversations/{id}/read", SignedIn),
        (
            Method::POST,
            "/api/v1/conversations/{id}/messages/{message_id}/report",
            SignedIn,
        ),
        (Method::GET, "/api/v1/moderation/message-reports", Moderator),
        (
            Method::POST,
            "/api/v1/moderation/message-reports/{id}/resolve",
            Moderator,
        ),
    ])
}

//! The catalogue's access rules: one line per route, checked by the platform's access layer
//! before any handler runs (and read by the authorization matrix test).

use crate::store::offers as offer_store;
use axum::http::Method;
use connessi_domain::{OfferId, ProviderId, TokenScope};
use connessi_platform::ApiResult;
use connessi_platform::access::{Access, AccessTable, Owner};
use sea_orm::DatabaseConnection;
use std::future::Future;
use std::pin::Pin;

/// Who owns an offer, and whether it is public.
fn offer_owner(
    db: &DatabaseConnection,
    id: uuid::Uuid,
) -> Pin<Box<dyn Future<Output = ApiResult<Option<Owner>>> + Send + '_>> {
    Box::pin(async move {
        let found = offer_store::find(db, OfferId(id)).await?;
        Ok(found.map(|offer| Owner {
            provider: ProviderId(offer.provider_id),
            public: offer_store::status_of(&offer).is_public(),
        }))
    })
}

const OWN_OFFER: Access = Access::OwnedBy {
    param: "id",
    what: "offer",
    lookup: offer_owner,
};

pub fn table() -> AccessTable {
    use Access::*;
    AccessTable::new([
        (Method::GET, "/api/v1/offers", Public),
        (Method::GET, "/api/v1/offers/search", Public),
        (Method::POST, "/api/v1/saved-searches", Public),
        (
            Method::GET,
            "/api/v1/saved-searches/confirm/{token}",
            Public,
        ),
        (
            Method::POST,
            "/api/v1/saved-searches/confirm/{token}",
            Public,
        ),
        (
            Method::GET,
            "/api/v1/saved-searches/unsubscribe/{token}",
            Public,
        ),
        (
            Method::POST,
            "/api/v1/saved-searches/unsubscribe/{token}",
            Public,
        ),
        (Method::GET, "/api/v1/me/saved-searches", SignedIn),
        (Method::DELETE, "/api/v1/me/saved-searches/{id}", SignedIn),
        (Method::GET, "/api/v1/offers/{id}", Public),
        (Method::GET, "/api/v1/vocabularies", Public),
        (Method::GET, "/api/v1/widget/search", Public),
        (Method::POST, "/api/v1/embeds", SignedIn),
        (Method::GET, "/api/v1/embeds", SignedIn),
        // The owner's or a moderator's: the handler answers anyone else 404.
        (Method::GET, "/api/v1/embeds/{id}", SignedIn),
        (Method::PUT, "/api/v1/embeds/{id}", SignedIn),
        (Method::GET, "/api/v1/embeds/{id}/traffic", SignedIn),
        (Method::GET, "/api/v1/moderation/embeds", Moderator),
        (
            Method::POST,
            "/api/v1/moderation/embeds/{id}/decision",
            Moderator,
        ),
        (Method::GET, "/api/v1/territories/regions", Public),
        (Method::GET, "/api/v1/territories/provinces", Public),
        (Method::GET, "/api/v1/territories/comuni", Public),
        (Method::GET, "/api/v1/acceptance-criteria", Public),
        (Method::GET, "/api/v1/providers", Public),
        (Method::POST, "/api/v1/providers", SignedIn),
        (Method::GET, "/api/v1/providers/{id}", Public),
        (Method::PUT, "/api/v1/providers/{id}", ProviderMember("id")),
        (Method::GET, "/api/v1/providers/{id}/offers", Public),
        (
            Method::POST,
            "/api/v1/providers/{id}/offers",
            ProviderMember("id"),
        ),
        (Method::PUT, "/api/v1/offers/{id}", OWN_OFFER),
        (Method::POST, "/api/v1/offers/{id}/submit", OWN_OFFER),
        (Method::POST, "/api/v1/offers/{id}/withdraw", OWN_OFFER),
        (Method::DELETE, "/api/v1/offers/{id}/revision", OWN_OFFER),
        (Method::GET, "/api/v1/moderation/queue", Moderator),
        (
            Method::POST,
            "/api/v1/moderation/offers/{id}/decision",
            Moderator,
        ),
        (
            Method::POST,
            "/api/v1/moderation/revisions/{id}/decision",
            Moderator,
        ),
        (
            Method::POST,
            "/api/v1/moderation/offers/{id}/suspend",
            Moderator,
        ),
        (
            Method::POST,
            "/api/v1/moderation/offers/{id}/reinstate",
            Moderator,
        ),
        (
            Method::PUT,
            "/api/v1/moderation/providers/{id}/verification",
            Moderator,
        ),
        (Method::GET, "/api/v1/moderation/audit", Moderator),
        (
            Method::POST,
            "/api/v1/providers/{id}/offers/import",
            ProviderMember("id"),
        ),
    ])
    .open_to_tokens(token_routes())
}

/// What a provider's own systems may do with an API token, and the scope each needs.
fn token_routes() -> Vec<(Method, &'static str, TokenScope)> {
    use TokenScope::{Read, WriteOffers};
    vec![
        (Method::GET, "/api/v1/offers", Read),
        (Method::GET, "/api/v1/offers/search", Read),
        (Method::GET, "/api/v1/offers/{id}", Read),
        (Method::GET, "/api/v1/providers", Read),
        (Method::GET, "/api/v1/providers/{id}", Read),
        (Method::GET, "/api/v1/providers/{id}/offers", Read),
        (Method::GET, "/api/v1/vocabularies", Read),
        (Method::GET, "/api/v1/territories/regions", Read),
        (Method::GET, "/api/v1/territories/provinces", Read),
        (Method::GET, "/api/v1/territories/comuni", Read),
        (Method::GET, "/api/v1/acceptance-criteria", Read),
        (Method::POST, "/api/v1/providers/{id}/offers", WriteOffers),
        (
            Method::POST,
            "/api/v1/providers/{id}/offers/import",
            WriteOffers,
        ),
        (Method::PUT, "/api/v1/offers/{id}", WriteOffers),
        (Method::POST, "/api/v1/offers/{id}/submit", WriteOffers),
        (Method::POST, "/api/v1/offers/{id}/withdraw", WriteOffers),
        (Method::DELETE, "/api/v1/offers/{id}/revision", WriteOffers),
    ]
}

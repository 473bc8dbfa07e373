//! What every service's state contains: the database, the settings, and the background
//! components that report to `/readyz`. Cheap to clone.

use crate::config::Settings;
use crate::oidc::OidcProviders;
use crate::readiness::Components;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

#[derive(Clone)]
pub struct Platform {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    /// Background components whose health `/readyz` reports (e.g. the search indexer).
    pub components: Components,
    /// The OpenID Connect providers people sign in with, and their cached metadata.
    pub oidc: OidcProviders,
}

impl Platform {
    pub fn new(db: DatabaseConnection, settings: Settings) -> Self {
        Self {
            db,
            settings: Arc::new(settings),
            components: Components::default(),
            oidc: OidcProviders::default(),
        }
    }
}

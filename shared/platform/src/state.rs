//! What every service's state contains: the database and the settings. Cheap to clone.

use crate::config::Settings;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

#[derive(Clone)]
pub struct Platform {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
}

impl Platform {
    pub fn new(db: DatabaseConnection, settings: Settings) -> Self {
        Self {
            db,
            settings: Arc::new(settings),
        }
    }
}

//! Connessi's database schema as sea-orm migrations. The same migrations run on SQLite (the
//! embedded default) and PostgreSQL (production); they are applied at every start.

pub use sea_orm_migration::prelude::*;

mod indexes;
mod m20261123_000001_foundation;
mod m20261202_000002_sign_in;
mod m20261202_000003_organisations;
mod m20261202_000004_api_tokens;
mod m20261202_000005_shop_profiles;
mod m20261202_000006_onboarding;
mod m20261202_000007_follow_ups;
mod m20261202_000008_allocation_rounds;
mod m20261202_000009_messaging;
mod m20261202_000010_account_blocks;
mod m20261202_000011_live_events;
mod m20261202_000012_notifications;
mod m20261202_000013_saved_searches;
mod m20261202_000014_embeds;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_foundation::Migration),
            Box::new(m20261202_000002_sign_in::Migration),
            Box::new(m20261202_000003_organisations::Migration),
            Box::new(m20261202_000004_api_tokens::Migration),
            Box::new(m20261202_000005_shop_profiles::Migration),
            Box::new(m20261202_000006_onboarding::Migration),
            Box::new(m20261202_000007_follow_ups::Migration),
            Box::new(m20261202_000008_allocation_rounds::Migration),
            Box::new(m20261202_000009_messaging::Migration),
            Box::new(m20261202_000010_account_blocks::Migration),
            Box::new(m20261202_000011_live_events::Migration),
            Box::new(m20261202_000012_notifications::Migration),
            Box::new(m20261202_000013_saved_searches::Migration),
            Box::new(m20261202_000014_embeds::Migration),
        ]
    }
}

//! Connessi's database schema as sea-orm migrations. The same migrations run on SQLite (the
//! embedded default) and PostgreSQL (production); they are applied at every start.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_foundation;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(m20261123_000001_foundation::Migration)]
    }
}

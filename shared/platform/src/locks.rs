//! Work that one instance at a time may do, among several on one PostgreSQL, guarded by a
//! transaction-level advisory lock: held from [`ExclusiveWork::try_begin`] or
//! [`ExclusiveWork::begin`] until [`ExclusiveWork::finish`], and released by PostgreSQL if the
//! holder dies (its connection closes, the transaction ends). The second key is the schema,
//! so deployments and test schemas sharing one database do not exclude each other. SQLite
//! runs in one process: the lock is always granted.

use sea_orm::{DatabaseConnection, DbBackend};
use sqlx::{Postgres, Transaction};
use std::time::Duration;

/// How often [`ExclusiveWork::begin`] asks again for a lock another instance holds.
const RETRY: Duration = Duration::from_millis(250);

/// The right to do one piece of exclusive work.
pub struct ExclusiveWork {
    transaction: Option<Transaction<'static, Postgres>>,
}

impl ExclusiveWork {
    /// Takes the lock `key` if no other instance holds it.
    pub async fn try_begin(db: &DatabaseConnection, key: i32) -> Result<Option<Self>, sqlx::Error> {
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(Some(Self { transaction: None }));
        }
        let mut transaction = db.get_postgres_connection_pool().begin().await?;
        let locked: bool =
            sqlx::query_scalar("SELECT pg_try_advisory_xact_lock($1, hashtext(current_schema()))")
                .bind(key)
                .fetch_one(&mut *transaction)
                .await?;
        Ok(locked.then_some(Self {
            transaction: Some(transaction),
        }))
    }

    /// Waits until the lock `key` is free, then takes it.
    pub async fn begin(db: &DatabaseConnection, key: i32) -> Result<Self, sqlx::Error> {
        loop {
            if let Some(work) = Self::try_begin(db, key).await? {
                return Ok(work);
            }
            tokio::time::sleep(RETRY).await;
        }
    }

    /// Releases the lock.
    pub async fn finish(self) -> Result<(), sqlx::Error> {
        match self.transaction {
            Some(transaction) => transaction.commit().await,
            None => Ok(()),
        }
    }
}

//! One notifier at a time: with several messaging instances on one PostgreSQL, the instance
//! holding a session-level advisory lock (on a connection it keeps) is the one that notifies;
//! the others wait for it. If the leader dies its connection closes, the lock is released and
//! another instance takes over from the saved checkpoint. SQLite runs in one process: no lock.

use sea_orm::{DatabaseConnection, DbBackend};
use sqlx::postgres::PgConnection;
use std::time::Duration;

/// The advisory lock's first key ("conn"); the second is the schema's, so deployments (and
/// test schemas) sharing one database each have their own leader.
const LOCK_KEY: i32 = 0x636f_6e6e;
/// How often a waiting instance tries to become the leader.
const RETRY: Duration = Duration::from_secs(2);

/// Being the notifier: holds the lock's connection on PostgreSQL (taken out of the pool, so
/// dropping it closes the session and releases the lock).
pub struct Leadership {
    connection: Option<PgConnection>,
}

impl Leadership {
    /// Waits until this instance may notify.
    pub async fn acquire(db: &DatabaseConnection) -> Leadership {
        if db.get_database_backend() != DbBackend::Postgres {
            return Leadership { connection: None };
        }
        let pool = db.get_postgres_connection_pool();
        loop {
            if let Ok(pooled) = pool.acquire().await {
                let mut connection = pooled.detach();
                let locked: Result<bool, _> = sqlx::query_scalar(
                    "SELECT pg_try_advisory_lock($1, hashtext(current_schema()))",
                )
                .bind(LOCK_KEY)
                .fetch_one(&mut connection)
                .await;
                if locked.unwrap_or(false) {
                    return Leadership {
                        connection: Some(connection),
                    };
                }
            }
            tokio::time::sleep(RETRY).await;
        }
    }

    /// Whether the lock is still held (its connection still answers).
    pub async fn held(&mut self) -> bool {
        match self.connection.as_mut() {
            None => true,
            Some(connection) => sqlx::query("SELECT 1").execute(connection).await.is_ok(),
        }
    }
}

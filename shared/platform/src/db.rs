//! Database access for every service: connecting (SQLite with WAL and a busy timeout, or
//! PostgreSQL), migrating, and running write transactions that are retried when the database
//! asks for it (PostgreSQL serialization failures and deadlocks, SQLite busy).

use crate::config::DatabaseSettings;
use crate::problem::ApiResult;
use connessi_migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    RuntimeErr, SqlErr, TransactionOptions, TransactionTrait,
};
use secrecy::{ExposeSecret, SecretString};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// How many times a transaction is tried before the error is returned.
const MAX_ATTEMPTS: u32 = 5;

/// Connects to the configured database. SQLite gets WAL, a busy timeout and foreign keys.
pub async fn connect(
    url: &SecretString,
    settings: &DatabaseSettings,
) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.expose_secret().to_owned());
    options
        .max_connections(settings.max_connections)
        .acquire_timeout(Duration::from_secs(settings.acquire_timeout_secs))
        .connect_timeout(Duration::from_secs(settings.acquire_timeout_secs))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts| {
            use sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
    Database::connect(options).await
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// How many migrations are not applied yet.
pub async fn pending_migrations(db: &DatabaseConnection) -> Result<usize, DbErr> {
    Ok(Migrator::get_pending_migrations(db).await?.len())
}

/// The database cannot be reached right now: answer 503, not 500.
pub fn is_unavailable(error: &DbErr) -> bool {
    match error {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => matches!(
            e.as_ref(),
            sqlx::Error::Io(_)
                | sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::WorkerCrashed
        ),
        _ => false,
    }
}

/// The database asks for the transaction to be tried again.
pub fn is_retryable(error: &DbErr) -> bool {
    let (DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e))) = error
    else {
        return false;
    };
    let sqlx::Error::Database(db_error) = e.as_ref() else {
        return false;
    };
    // 40001 serialization_failure, 40P01 deadlock_detected; SQLite 5 BUSY, 6 LOCKED, 517 BUSY_SNAPSHOT.
    matches!(
        db_error.code().as_deref(),
        Some("40001" | "40P01" | "5" | "6" | "517")
    )
}

/// A unique constraint refused the write: the caller turns it into a 409.
pub fn is_unique_violation(error: &DbErr) -> bool {
    matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// The work of one write transaction; it may run several times, so it must not consume what
/// it captures.
pub type TxWork<'c, T> = Pin<Box<dyn Future<Output = ApiResult<T>> + Send + 'c>>;

/// Runs `work` in a write transaction, committing on `Ok` and rolling back on `Err`, and
/// tries again (with a short growing pause) when the database reports a retryable conflict.
pub async fn write<T, F>(db: &DatabaseConnection, mut work: F) -> ApiResult<T>
where
    T: Send,
    F: for<'c> FnMut(&'c DatabaseTransaction) -> TxWork<'c, T> + Send,
{
    let options = TransactionOptions {
        // SQLite: take the write lock at BEGIN, so two writers queue on the busy timeout
        // instead of failing when a reader upgrades.
        sqlite_transaction_mode: (db.get_database_backend() == DbBackend::Sqlite)
            .then_some(sea_orm::SqliteTransactionMode::Immediate),
        ..Default::default()
    };
    let mut attempt = 1;
    loop {
        let outcome = async {
            let txn = db.begin_with_options(options).await?;
            match work(&txn).await {
                Ok(value) => {
                    txn.commit().await?;
                    Ok(value)
                }
                Err(error) => {
                    let _ = txn.rollback().await;
                    Err(error)
                }
            }
        }
        .await;
        match outcome {
            Err(error) if attempt < MAX_ATTEMPTS && error.retryable => {
                tokio::time::sleep(Duration::from_millis(10 * u64::from(attempt * attempt))).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

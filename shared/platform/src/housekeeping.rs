//! Background housekeeping every service runs: deletes sessions past their lifetime and
//! sign-ins begun and never finished, so neither table grows without end.

use sea_orm::DatabaseConnection;
use std::time::Duration;

/// How often the tables are swept.
pub const INTERVAL: Duration = Duration::from_secs(600);

/// Sweeps once.
pub async fn sweep(db: &DatabaseConnection) -> crate::ApiResult<(u64, u64)> {
    let sessions = crate::sessions::purge_expired(db).await?;
    let logins = crate::oidc::purge_expired(db).await?;
    Ok((sessions, logins))
}

/// Sweeps every `interval`, for ever; failures are logged and tried again next time.
pub async fn run(db: DatabaseConnection, interval: Duration) {
    let mut ticker = tokio::time::interval(interval);
    loop {
        ticker.tick().await;
        match sweep(&db).await {
            Ok((0, 0)) => {}
            Ok((sessions, logins)) => {
                tracing::debug!(sessions, logins, "expired sessions and sign-ins deleted");
            }
            Err(error) => {
                tracing::warn!(error = ?error.internal, "housekeeping failed; trying again later");
            }
        }
    }
}

//! The messaging service on its own: loads the configuration, migrates and serves.

use connessi_messaging::MessagingState;
use connessi_platform::{Platform, config::Settings, db, server, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let settings = Settings::load()?;
    telemetry::init(&settings.log);
    std::fs::create_dir_all(&settings.data_dir)?;
    let conn = db::connect(&settings.database_url(), &settings.database).await?;
    db::migrate(&conn).await?;
    let listener = tokio::net::TcpListener::bind(settings.listen).await?;
    tracing::info!(address = %listener.local_addr()?, "messaging listening");
    let state = MessagingState::new(Platform::new(conn, settings));
    connessi_messaging::serve(state, listener, server::shutdown_signal()).await?;
    Ok(())
}

//! The matching service on its own: loads the configuration, migrates and serves.

use connessi_matching::MatchingState;
use connessi_platform::{Platform, config::Settings, db, server, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let settings = Settings::load()?;
    telemetry::init(&settings.log);
    std::fs::create_dir_all(&settings.data_dir)?;
    let conn = db::connect(&settings.database_url(), &settings.database).await?;
    db::migrate(&conn).await?;
    let listener = tokio::net::TcpListener::bind(settings.listen).await?;
    tracing::info!(address = %listener.local_addr()?, "matching listening");
    let state = MatchingState::new(Platform::new(conn, settings));
    connessi_matching::serve(state, listener, server::shutdown_signal()).await?;
    Ok(())
}

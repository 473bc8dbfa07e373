//! The catalogue service on its own: loads the configuration, migrates, brings the search
//! index up to date, and serves.

use connessi_catalogue::CatalogueState;
use connessi_platform::{Platform, config::Settings, db, server, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let settings = Settings::load()?;
    telemetry::init(&settings.log);
    std::fs::create_dir_all(&settings.data_dir)?;
    let conn = db::connect(&settings.database_url(), &settings.database).await?;
    db::migrate(&conn).await?;
    let search = connessi_catalogue::search::open(&conn, &settings).await?;
    let listener = tokio::net::TcpListener::bind(settings.listen).await?;
    tracing::info!(address = %listener.local_addr()?, "catalogue listening");
    let state = CatalogueState::new(Platform::new(conn, settings), search);
    connessi_catalogue::serve(state, listener, server::shutdown_signal()).await?;
    Ok(())
}

//! The catalogue service on its own: loads the configuration, migrates, brings the search
//! index up to date, and serves.

use connessi_platform::{config::Settings, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let settings = Settings::load()?;
    telemetry::init(&settings.log);
    connessi_catalogue::run_alone(settings).await
}

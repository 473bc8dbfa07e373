//! The matching service on its own: loads the configuration, migrates and serves.

use connessi_platform::{config::Settings, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let settings = Settings::load()?;
    telemetry::init(&settings.log);
    connessi_matching::run_alone(settings).await
}

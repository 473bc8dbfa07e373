//! `connessi`: the all-in-one binary. `serve` runs every service on one socket, `migrate`
//! applies migrations, `seed` loads the demo set (or synthetic offers for load tests),
//! `reindex` rebuilds the search index beside the one in use, `service NAME` runs one service
//! alone.

use clap::{Parser, Subcommand};
use connessi::{app, seed, synthetic};
use connessi_catalogue::{CatalogueState, search};
use connessi_platform::{Platform, config::Settings, db, server, telemetry};
use sea_orm::DatabaseConnection;

#[derive(Parser)]
#[command(
    name = "connessi",
    version,
    about = "Free digital offerings for neighbourhood businesses"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate, then serve every service on the configured address.
    Serve {
        /// Load the demo data set first (skipped when it is already loaded).
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending migrations and exit.
    Migrate,
    /// Load the demo data set, or N synthetic published offers for load tests.
    Seed {
        #[arg(long, value_name = "N")]
        synthetic: Option<usize>,
        /// Seed of the synthetic generator, for reproducible data.
        #[arg(long, default_value_t = 42)]
        random_seed: u64,
    },
    /// Run one service alone, as its own binary does (for deployments with one image, and
    /// the multi-instance tests).
    Service {
        #[arg(value_enum)]
        name: ServiceName,
    },
    /// Rebuild the search index from the database into a new generation and switch to it;
    /// a running server keeps searching the old one until it notices the switch.
    Reindex,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ServiceName {
    Catalogue,
    Matching,
    Messaging,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let settings = Settings::load()?;
    telemetry::init(&settings.log);
    if let Command::Service { name } = cli.command {
        return match name {
            ServiceName::Catalogue => connessi_catalogue::run_alone(settings).await,
            ServiceName::Matching => connessi_matching::run_alone(settings).await,
            ServiceName::Messaging => connessi_messaging::run_alone(settings).await,
        };
    }
    let conn = open_database(&settings).await?;
    match cli.command {
        Command::Migrate => tracing::info!("migrations applied"),
        Command::Seed {
            synthetic: Some(count),
            random_seed,
        } => {
            synthetic::generate(&conn, count, random_seed).await?;
            tracing::info!(count, "synthetic offers loaded");
        }
        Command::Seed {
            synthetic: None, ..
        } => report(seed::load_demo(&conn).await?),
        Command::Reindex => {
            let rebuilt = search::reindex(&conn, &settings).await?;
            tracing::info!(
                generation = rebuilt.generation,
                offers = rebuilt.offers,
                checkpoint = rebuilt.checkpoint,
                "search index rebuilt"
            );
        }
        Command::Service { .. } => unreachable!("handled above"),
        Command::Serve { demo } => {
            if demo {
                report(seed::load_demo(&conn).await?);
            }
            serve(conn, settings).await?;
        }
    }
    Ok(())
}

async fn open_database(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    std::fs::create_dir_all(&settings.data_dir)?;
    let conn = db::connect(&settings.database_url(), &settings.database).await?;
    db::migrate(&conn).await?;
    Ok(conn)
}

fn report(report: seed::SeedReport) {
    if report.already_loaded {
        tracing::info!("demo data already loaded");
    } else {
        tracing::info!(
            providers = report.providers,
            offers = report.offers,
            shops = report.shops,
            "demo data loaded"
        );
    }
}

async fn serve(conn: DatabaseConnection, settings: Settings) -> anyhow::Result<()> {
    let search = search::open(&conn, &settings).await?;
    let listener = tokio::net::TcpListener::bind(settings.listen).await?;
    let address = listener.local_addr()?;
    let state = CatalogueState::new(Platform::new(conn, settings), search);
    let background = connessi_catalogue::spawn_background(&state);
    let matching = connessi_matching::MatchingState::new(state.platform.clone());
    let matching_background = connessi_matching::spawn_background(&matching);
    let messaging = connessi_messaging::MessagingState::new(state.platform.clone());
    let messaging_background = connessi_messaging::spawn_background(&messaging);
    let hub = messaging.live.hub.clone();
    tracing::info!(%address, "Connessi is listening: open http://{address}/api/docs");
    let app = app::build(state, matching, messaging);
    // Open event streams end at shutdown, so draining connections does not wait for them.
    let shutdown = async move {
        server::shutdown_signal().await;
        hub.close();
    };
    server::serve(listener, app, shutdown).await?;
    background.abort();
    matching_background.abort();
    messaging_background.abort();
    Ok(())
}

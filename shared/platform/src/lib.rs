//! What every Connessi service has in common: layered configuration, telemetry, problem+json
//! errors and extractors, the standard middleware, database access with retries, the audit
//! log and the outbox, sessions and actors, and serving with graceful shutdown.

pub mod access;
pub mod admin;
pub mod api_tokens;
pub mod audit;
pub mod auth;
pub mod blocks;
pub mod config;
pub mod db;
pub mod email;
pub mod entities;
pub mod extract;
pub mod housekeeping;
pub mod locks;
pub mod middleware;
pub mod oidc;
pub mod organisations;
pub mod outbox;
pub mod problem;
pub mod readiness;
pub mod routes;
pub mod security_headers;
pub mod server;
pub mod sessions;
pub mod sign_in;
pub mod state;
pub mod telemetry;

pub use auth::CurrentActor;
pub use extract::{ApiJson, ApiPath, ApiQuery};
pub use problem::{ApiError, ApiResult, Problem};
pub use state::Platform;

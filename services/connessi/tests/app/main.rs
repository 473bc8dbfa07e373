//! Integration tests of the all-in-one application (every service on one socket, as
//! `connessi serve` composes them), each on its own SQLite file and PostgreSQL schema: the
//! authorization matrix, and the flows that cross services.

mod support;
mod topology;
mod topology_faults;

mod aftercare;
mod conversations;
mod deploy_routes;
mod embeds;
mod live;
mod market;
mod mass_assignment;
mod matrix;
mod notifications;
mod onboarding;
mod pages;
mod recommendations;
mod rounds;
mod saved_searches;
mod security_headers;

//! Integration tests of the catalogue over a real socket, each on its own SQLite file and on
//! its own PostgreSQL schema.

mod support;

mod access;
mod admin;
mod api_tokens;
mod bad_input;
mod blocks;
mod consequences;
mod moderation_flow;
mod operations;
mod organisations;
mod providers;
mod public_catalogue;
mod revisions_and_expiry;
mod search;
mod search_facets;
mod search_indexer;
mod search_meilisearch;
mod sessions;
mod sign_in;

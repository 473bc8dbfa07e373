//! Integration tests of the messaging service over a real socket, each on its own SQLite file
//! and on its own PostgreSQL schema. Threads about published offers need the catalogue too:
//! those scenarios are in the all-in-one application's tests (`conversations.rs`).

mod email;
mod leader;
mod support;

mod threads;

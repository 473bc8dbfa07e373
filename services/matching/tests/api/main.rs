//! Integration tests of the matching service over a real socket, each on its own SQLite file
//! and on its own PostgreSQL schema.

mod support;

mod profiles;

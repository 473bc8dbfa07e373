//! The all-in-one Connessi application: composes every service on one socket, and loads demo
//! and synthetic data.

pub mod app;
pub mod seed;
pub mod synthetic;

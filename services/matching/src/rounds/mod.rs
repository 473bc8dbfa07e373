//! Allocation rounds as a service, around the pure algorithm of [`crate::allocation`]. A
//! moderator opens a round (eligible territories and sectors, participating offers with their
//! places, priority weights, a published lottery seed, an application window); shops apply
//! with a ranked list of up to five offers while the window is open; after closing a moderator
//! runs dry runs (computed, stored nowhere) and publishes: the results are stored with an
//! explanation for every shop and each assignment becomes an accepted onboarding request.
//!
//! - [`input`]: what a moderator sends, checked field by field;
//! - [`manage`]: opening, changing (before opening), reading and listing rounds;
//! - [`apply`]: the shops' applications;
//! - [`rules`]: eligibility and priority;
//! - [`compute`]: the instance read from the database and its assignment, explained
//!   ([`outcome`]);
//! - [`publish`]: dry runs and publication, written in batches;
//! - [`results`]: the published results as shops and moderators read them.

pub mod apply;
mod batch;
pub mod compute;
pub mod input;
pub mod manage;
pub mod outcome;
pub mod publish;
pub mod results;
pub mod rules;

use crate::allocation::Priority;
use crate::entities::round;
use chrono::{DateTime, Utc};
use connessi_platform::{ApiError, ApiResult};
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// At most this many offers in one application.
pub const MAX_CHOICES: usize = 5;

/// Where a round stands, from its window and publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoundStatus {
    /// Before the window opens: the moderator may still change it; not public yet.
    Scheduled,
    /// Taking applications.
    Open,
    /// The window has closed; results not published yet.
    Closed,
    Published,
}

impl RoundStatus {
    pub fn of(round: &round::Model, now: DateTime<Utc>) -> RoundStatus {
        if round.published_at.is_some() {
            Self::Published
        } else if now < round.opens_at {
            Self::Scheduled
        } else if now < round.closes_at {
            Self::Open
        } else {
            Self::Closed
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::Open => "open",
            Self::Closed => "closed",
            Self::Published => "published",
        }
    }
}

/// A priority as shown: the weighted score of the verified attributes, and the lottery ticket
/// (16 hex digits: the first 8 bytes of SHA-256(seed, 0x00, shop id)) that breaks ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PriorityView {
    pub score: i64,
    #[schema(value_type = String, example = "9f86d081884c7d65")]
    #[serde(with = "hex_ticket")]
    pub lottery: u64,
}

impl From<Priority> for PriorityView {
    fn from(p: Priority) -> Self {
        Self {
            score: p.score,
            lottery: p.lottery,
        }
    }
}

/// A lottery ticket as 16 hex digits (JSON numbers lose precision above 2^53).
pub fn ticket_hex(ticket: u64) -> String {
    format!("{ticket:016x}")
}

pub fn parse_ticket(hex: &str) -> Option<u64> {
    u64::from_str_radix(hex, 16).ok()
}

mod hex_ticket {
    pub fn serialize<S: serde::Serializer>(ticket: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::ticket_hex(*ticket))
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(d)?;
        super::parse_ticket(&text).ok_or_else(|| serde::de::Error::custom("a 16-digit hex ticket"))
    }
}

/// The round, or 404.
pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<round::Model> {
    round::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("allocation round"))
}

/// The round locked for the transaction (PostgreSQL; SQLite write transactions are already
/// exclusive), so changes to one round happen one after another.
pub async fn find_for_update(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<round::Model> {
    let mut query = round::Entity::find_by_id(id);
    if db.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    query
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("allocation round"))
}

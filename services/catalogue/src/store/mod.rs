//! Data access of the catalogue. Every helper takes `&impl ConnectionTrait`, so it works the
//! same on a connection and inside a transaction.

pub mod audit;
pub mod offers;
pub mod providers;
pub mod revisions;

use connessi_platform::ApiResult;

/// A page request, already bounded.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub page: u64,
    pub per_page: u64,
}

impl PageRequest {
    pub fn offset(self) -> u64 {
        (self.page - 1) * self.per_page
    }
}

/// Parses stored JSON content; a failure is a bug or corruption, hence a 500.
pub fn parse_content(json: &str) -> ApiResult<connessi_domain::OfferContent> {
    Ok(serde_json::from_str(json)?)
}

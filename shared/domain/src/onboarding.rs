//! Onboarding requests: a shop asks a provider to be onboarded on an offer. Their states and
//! the moves between them, and the rules that do not need the database.

use crate::error::{DomainError, ErrorCode};
use serde::{Deserialize, Serialize};

/// At most this many requests of one shop wait for an answer at once.
pub const MAX_WAITING_PER_SHOP: u64 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Requested,
    Accepted,
    Declined,
    Withdrawn,
    Expired,
    InProgress,
    Completed,
    Abandoned,
}

/// What can happen to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestAction {
    Accept,
    Decline,
    Withdraw,
    Expire,
    Start,
    Complete,
    Abandon,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 8] = [
        Self::Requested,
        Self::Accepted,
        Self::Declined,
        Self::Withdrawn,
        Self::Expired,
        Self::InProgress,
        Self::Completed,
        Self::Abandoned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
            Self::Expired => "expired",
            Self::InProgress => "in_progress",
            Self::Completed => "completed",
            Self::Abandoned => "abandoned",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// Whether the request holds one of the offer's places.
    pub fn holds_place(self) -> bool {
        matches!(self, Self::Accepted | Self::InProgress)
    }

    /// Whether the request is still going (the shop cannot ask for the same offer again).
    pub fn is_open(self) -> bool {
        matches!(self, Self::Requested | Self::Accepted | Self::InProgress)
    }

    /// The state `action` leads to, or 409 `invalid_transition`.
    pub fn apply(self, action: RequestAction) -> Result<RequestStatus, DomainError> {
        use RequestAction::*;
        use RequestStatus::*;
        let next = match (self, action) {
            (Requested, Accept) => Accepted,
            (Requested, Decline) => Declined,
            (Requested, Withdraw) => Withdrawn,
            (Requested, Expire) => Expired,
            (Accepted, Start) => InProgress,
            (Accepted | InProgress, Complete) => Completed,
            (Accepted | InProgress, Abandon) => Abandoned,
            _ => {
                return Err(DomainError::new(
                    ErrorCode::InvalidTransition,
                    format!("a request that is {} cannot be {action:?}ed", self.as_str())
                        .to_lowercase(),
                ));
            }
        };
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_documented_moves_are_allowed_and_places_follow_them() {
        use RequestAction::*;
        use RequestStatus::*;
        assert_eq!(Requested.apply(Accept), Ok(Accepted));
        assert_eq!(Accepted.apply(Start), Ok(InProgress));
        assert_eq!(InProgress.apply(Complete), Ok(Completed));
        assert_eq!(
            Declined.apply(Accept).unwrap_err().code,
            ErrorCode::InvalidTransition
        );
        assert!(Accepted.apply(Withdraw).is_err());
        assert!(Completed.apply(Abandon).is_err());
        let holding: Vec<_> = RequestStatus::ALL
            .into_iter()
            .filter(|s| s.holds_place())
            .collect();
        assert_eq!(holding, [Accepted, InProgress]);
        assert!(
            RequestStatus::ALL
                .iter()
                .all(|s| RequestStatus::parse(s.as_str()) == Some(*s))
        );
    }
}

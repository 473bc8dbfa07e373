//! The life of an offer and of a revision of a published offer, as state machines. Every
//! change of state in the system goes through `apply`, so an invalid move cannot be written.

use crate::error::{DomainError, ErrorCode};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OfferStatus {
    Draft,
    Submitted,
    Published,
    ChangesRequested,
    Rejected,
    Suspended,
    Withdrawn,
    Expired,
}

/// What someone does to an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OfferAction {
    Submit,
    Approve,
    RequestChanges,
    Reject,
    Suspend,
    Reinstate,
    Withdraw,
    Expire,
}

/// Who may take an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Provider,
    Moderator,
    System,
}

impl OfferAction {
    pub fn party(self) -> Party {
        match self {
            Self::Submit | Self::Withdraw => Party::Provider,
            Self::Approve
            | Self::RequestChanges
            | Self::Reject
            | Self::Suspend
            | Self::Reinstate => Party::Moderator,
            Self::Expire => Party::System,
        }
    }

    /// Decisions that take something away from the provider must say why.
    pub fn requires_reason(self) -> bool {
        matches!(self, Self::RequestChanges | Self::Reject | Self::Suspend)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::Approve => "approve",
            Self::RequestChanges => "request_changes",
            Self::Reject => "reject",
            Self::Suspend => "suspend",
            Self::Reinstate => "reinstate",
            Self::Withdraw => "withdraw",
            Self::Expire => "expire",
        }
    }
}

impl OfferStatus {
    pub const ALL: [OfferStatus; 8] = [
        Self::Draft,
        Self::Submitted,
        Self::Published,
        Self::ChangesRequested,
        Self::Rejected,
        Self::Suspended,
        Self::Withdrawn,
        Self::Expired,
    ];

    /// The state after `action`, or why the action is not possible from here.
    pub fn apply(self, action: OfferAction) -> Result<OfferStatus, DomainError> {
        use OfferAction as A;
        use OfferStatus as S;
        let next = match (self, action) {
            (S::Draft | S::ChangesRequested, A::Submit) => S::Submitted,
            (S::Submitted, A::Approve) => S::Published,
            (S::Submitted, A::RequestChanges) => S::ChangesRequested,
            (S::Submitted, A::Reject) => S::Rejected,
            (S::Published, A::Suspend) => S::Suspended,
            (S::Suspended, A::Reinstate) => S::Published,
            (
                S::Draft | S::Submitted | S::ChangesRequested | S::Published | S::Suspended,
                A::Withdraw,
            ) => S::Withdrawn,
            (S::Published | S::Suspended, A::Expire) => S::Expired,
            _ => {
                return Err(DomainError::new(
                    ErrorCode::InvalidTransition,
                    format!(
                        "an offer that is {self} cannot be {}",
                        past_participle(action)
                    ),
                ));
            }
        };
        Ok(next)
    }

    /// Whether the public can see the offer.
    pub fn is_public(self) -> bool {
        self == Self::Published
    }

    /// How editing works from this state.
    pub fn edit_mode(self) -> Result<EditMode, DomainError> {
        match self {
            Self::Draft | Self::ChangesRequested => Ok(EditMode::InPlace),
            Self::Published | Self::Suspended => Ok(EditMode::Revision),
            Self::Submitted => Err(DomainError::new(
                ErrorCode::UnderReview,
                "the offer is waiting for a moderator; withdraw it or wait for the decision",
            )),
            Self::Rejected | Self::Withdrawn | Self::Expired => Err(DomainError::new(
                ErrorCode::InvalidTransition,
                format!("an offer that is {self} can no longer be edited; create a new one"),
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Published => "published",
            Self::ChangesRequested => "changes_requested",
            Self::Rejected => "rejected",
            Self::Suspended => "suspended",
            Self::Withdrawn => "withdrawn",
            Self::Expired => "expired",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

/// Editing a draft changes it; editing a published offer proposes a revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditMode {
    InPlace,
    Revision,
}

fn past_participle(action: OfferAction) -> &'static str {
    match action {
        OfferAction::Submit => "submitted",
        OfferAction::Approve => "approved",
        OfferAction::RequestChanges => "sent back for changes",
        OfferAction::Reject => "rejected",
        OfferAction::Suspend => "suspended",
        OfferAction::Reinstate => "reinstated",
        OfferAction::Withdraw => "withdrawn",
        OfferAction::Expire => "expired",
    }
}

impl fmt::Display for OfferStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A proposed change to a published offer, reviewed while the published version stays visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RevisionStatus {
    Draft,
    Submitted,
    ChangesRequested,
    Approved,
    Rejected,
    Discarded,
}

impl RevisionStatus {
    pub const ALL: [RevisionStatus; 6] = [
        Self::Draft,
        Self::Submitted,
        Self::ChangesRequested,
        Self::Approved,
        Self::Rejected,
        Self::Discarded,
    ];

    /// The state after `action`; approving a revision publishes its content.
    pub fn apply(self, action: OfferAction) -> Result<RevisionStatus, DomainError> {
        use OfferAction as A;
        use RevisionStatus as R;
        match (self, action) {
            (R::Draft | R::ChangesRequested, A::Submit) => Ok(R::Submitted),
            (R::Submitted, A::Approve) => Ok(R::Approved),
            (R::Submitted, A::RequestChanges) => Ok(R::ChangesRequested),
            (R::Submitted, A::Reject) => Ok(R::Rejected),
            (R::Draft | R::Submitted | R::ChangesRequested, A::Withdraw) => Ok(R::Discarded),
            _ => Err(DomainError::new(
                ErrorCode::InvalidTransition,
                format!(
                    "a revision that is {} cannot be {}",
                    self.as_str(),
                    past_participle(action)
                ),
            )),
        }
    }

    /// Still being worked on or reviewed: at most one such revision per offer.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Draft | Self::Submitted | Self::ChangesRequested)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::ChangesRequested => "changes_requested",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Discarded => "discarded",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OfferAction as A;
    use OfferStatus as S;

    #[test]
    fn the_moderation_path_leads_from_draft_to_published() {
        let status = S::Draft.apply(A::Submit).unwrap();
        assert_eq!(status, S::Submitted);
        assert_eq!(status.apply(A::Approve).unwrap(), S::Published);
        assert_eq!(
            S::Submitted.apply(A::RequestChanges).unwrap(),
            S::ChangesRequested
        );
        assert_eq!(S::ChangesRequested.apply(A::Submit).unwrap(), S::Submitted);
        assert_eq!(S::Submitted.apply(A::Reject).unwrap(), S::Rejected);
    }

    #[test]
    fn a_published_offer_can_be_suspended_withdrawn_or_expire() {
        assert_eq!(S::Published.apply(A::Suspend).unwrap(), S::Suspended);
        assert_eq!(S::Suspended.apply(A::Reinstate).unwrap(), S::Published);
        assert_eq!(S::Published.apply(A::Withdraw).unwrap(), S::Withdrawn);
        assert_eq!(S::Published.apply(A::Expire).unwrap(), S::Expired);
    }

    #[test]
    fn terminal_states_accept_no_action() {
        for terminal in [S::Rejected, S::Withdrawn, S::Expired] {
            for action in [
                A::Submit,
                A::Approve,
                A::RequestChanges,
                A::Reject,
                A::Suspend,
                A::Reinstate,
                A::Withdraw,
                A::Expire,
            ] {
                let error = terminal.apply(action).unwrap_err();
                assert_eq!(error.code, ErrorCode::InvalidTransition);
            }
        }
    }

    #[test]
    fn only_drafts_and_sent_back_offers_are_edited_in_place() {
        assert_eq!(S::Draft.edit_mode().unwrap(), EditMode::InPlace);
        assert_eq!(S::Published.edit_mode().unwrap(), EditMode::Revision);
        assert_eq!(
            S::Submitted.edit_mode().unwrap_err().code,
            ErrorCode::UnderReview
        );
        assert_eq!(
            S::Rejected.edit_mode().unwrap_err().code,
            ErrorCode::InvalidTransition
        );
    }

    #[test]
    fn status_names_round_trip() {
        for status in S::ALL {
            assert_eq!(S::parse(status.as_str()), Some(status));
        }
        for status in RevisionStatus::ALL {
            assert_eq!(RevisionStatus::parse(status.as_str()), Some(status));
        }
    }
}

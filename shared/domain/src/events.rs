//! Domain events, written to the outbox in the same transaction as the change they describe.
//! Consumers (the search indexer, notifications) read them in order and re-read the entity.

use serde::{Deserialize, Serialize};

/// What happened, as the `kind` column of the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    ProviderCreated,
    ProviderUpdated,
    ProviderVerified,
    ProviderUnverified,
    /// A moderator blocked an account, or unblocked it.
    AccountBlocked,
    AccountUnblocked,
    OfferCreated,
    OfferUpdated,
    OfferStatusChanged,
    RevisionUpdated,
    RevisionStatusChanged,
    RevisionApplied,
    /// An allocation round was opened (created), changed before opening, or published.
    RoundCreated,
    RoundUpdated,
    RoundPublished,
    /// A shop applied to a round, changed its application or withdrew it.
    RoundApplicationSaved,
    RoundApplicationWithdrawn,
    /// Places of an offer were taken or given back (onboarding accepted, completed…).
    OfferPlacesChanged,
    OnboardingRequested,
    OnboardingStatusChanged,
    /// A provider is due a reminder of a request it has not answered.
    OnboardingReminderDue,
    /// The free period of an accepted offer ends soon: the shop is told, with the terms after.
    FreePeriodEnding,
    /// A shop is asked how an onboarding went, some days after its completion.
    FollowUpDue,
    FollowUpAnswered,
    /// A conversation was opened (enquiry or onboarding thread).
    ConversationOpened,
    /// A message was posted, edited, deleted, reported or hidden by a moderator.
    MessagePosted,
    MessageEdited,
    MessageDeleted,
    MessageReported,
    MessageHidden,
    /// A moderator found nothing wrong with a reported message.
    MessageReportDismissed,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ProviderCreated => "provider.created",
            Self::ProviderUpdated => "provider.updated",
            Self::ProviderVerified => "provider.verified",
            Self::ProviderUnverified => "provider.unverified",
            Self::AccountBlocked => "user.blocked",
            Self::AccountUnblocked => "user.unblocked",
            Self::OfferCreated => "offer.created",
            Self::OfferUpdated => "offer.updated",
            Self::OfferStatusChanged => "offer.status_changed",
            Self::RevisionUpdated => "offer.revision_updated",
            Self::RevisionStatusChanged => "offer.revision_status_changed",
            Self::RevisionApplied => "offer.revision_applied",
            Self::OfferPlacesChanged => "offer.places_changed",
            Self::RoundCreated => "round.created",
            Self::RoundUpdated => "round.updated",
            Self::RoundPublished => "round.published",
            Self::RoundApplicationSaved => "round.application_saved",
            Self::RoundApplicationWithdrawn => "round.application_withdrawn",
            Self::OnboardingRequested => "onboarding.requested",
            Self::OnboardingStatusChanged => "onboarding.status_changed",
            Self::OnboardingReminderDue => "onboarding.reminder_due",
            Self::FreePeriodEnding => "onboarding.free_period_ending",
            Self::FollowUpDue => "onboarding.follow_up_due",
            Self::FollowUpAnswered => "onboarding.follow_up_answered",
            Self::ConversationOpened => "conversation.opened",
            Self::MessagePosted => "conversation.message_posted",
            Self::MessageEdited => "conversation.message_edited",
            Self::MessageDeleted => "conversation.message_deleted",
            Self::MessageReported => "conversation.message_reported",
            Self::MessageHidden => "conversation.message_hidden",
            Self::MessageReportDismissed => "conversation.message_report_dismissed",
        }
    }

    /// The kind of entity the event is about.
    pub fn aggregate(self) -> &'static str {
        match self {
            Self::ProviderCreated
            | Self::ProviderUpdated
            | Self::ProviderVerified
            | Self::ProviderUnverified => "provider",
            Self::AccountBlocked | Self::AccountUnblocked => "user",
            Self::OnboardingRequested
            | Self::OnboardingStatusChanged
            | Self::OnboardingReminderDue
            | Self::FreePeriodEnding
            | Self::FollowUpDue
            | Self::FollowUpAnswered => "onboarding_request",
            Self::RoundCreated
            | Self::RoundUpdated
            | Self::RoundPublished
            | Self::RoundApplicationSaved
            | Self::RoundApplicationWithdrawn => "allocation_round",
            Self::ConversationOpened
            | Self::MessagePosted
            | Self::MessageEdited
            | Self::MessageDeleted
            | Self::MessageReported
            | Self::MessageHidden
            | Self::MessageReportDismissed => "conversation",
            _ => "offer",
        }
    }
}

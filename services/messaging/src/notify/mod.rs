//! Notifications: what the events of the other services (offers reviewed, requests received
//! and answered, reminders, follow-up questions, round results, new messages) mean for each
//! person concerned. The [`notifier`] reads the outbox and makes one in-app notification per
//! event and person ([`sources`] says who and what), pushes it on their live stream, and
//! queues an e-mail when their [`prefs`] say "immediately"; [`digest`] sends the daily ones.

pub mod digest;
pub mod inbox;
pub mod leader;
pub mod notifier;
pub mod prefs;
pub mod sources;
pub mod unsubscribe;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The kinds of notification, each with its own delivery preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    OfferApproved,
    OfferChangesRequested,
    OfferRejected,
    OfferSuspended,
    RequestReceived,
    RequestAccepted,
    RequestDeclined,
    RequestExpired,
    RequestReminder,
    FreePeriodEnding,
    FollowUpQuestion,
    RoundResult,
    MessageReceived,
}

impl Kind {
    pub const ALL: [Kind; 13] = [
        Kind::OfferApproved,
        Kind::OfferChangesRequested,
        Kind::OfferRejected,
        Kind::OfferSuspended,
        Kind::RequestReceived,
        Kind::RequestAccepted,
        Kind::RequestDeclined,
        Kind::RequestExpired,
        Kind::RequestReminder,
        Kind::FreePeriodEnding,
        Kind::FollowUpQuestion,
        Kind::RoundResult,
        Kind::MessageReceived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::OfferApproved => "offer_approved",
            Kind::OfferChangesRequested => "offer_changes_requested",
            Kind::OfferRejected => "offer_rejected",
            Kind::OfferSuspended => "offer_suspended",
            Kind::RequestReceived => "request_received",
            Kind::RequestAccepted => "request_accepted",
            Kind::RequestDeclined => "request_declined",
            Kind::RequestExpired => "request_expired",
            Kind::RequestReminder => "request_reminder",
            Kind::FreePeriodEnding => "free_period_ending",
            Kind::FollowUpQuestion => "follow_up_question",
            Kind::RoundResult => "round_result",
            Kind::MessageReceived => "message_received",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// How e-mail delivers it until the person chooses: new messages come in the daily
    /// digest (a lively thread would otherwise send one e-mail per line), the rest at once.
    pub fn default_delivery(self) -> Delivery {
        match self {
            Kind::MessageReceived => Delivery::Daily,
            _ => Delivery::Immediately,
        }
    }
}

/// How a kind of notification reaches someone by e-mail (it is always in the app).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    Immediately,
    Daily,
    Never,
}

impl Delivery {
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Immediately => "immediately",
            Delivery::Daily => "daily",
            Delivery::Never => "never",
        }
    }

    pub fn parse(name: &str) -> Option<Delivery> {
        [Delivery::Immediately, Delivery::Daily, Delivery::Never]
            .into_iter()
            .find(|d| d.as_str() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_and_delivery_reads_back_from_its_name() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
            let json = serde_json::to_value(kind).unwrap();
            assert_eq!(json, kind.as_str());
        }
        for delivery in [Delivery::Immediately, Delivery::Daily, Delivery::Never] {
            assert_eq!(Delivery::parse(delivery.as_str()), Some(delivery));
        }
        assert_eq!(Kind::parse("offer_exploded"), None);
    }
}

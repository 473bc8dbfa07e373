//! sea-orm entities of the messaging service's tables, and the read-only views of the
//! offers, onboarding requests and allocation rounds it starts threads and notifications from.

pub mod conversation;
pub mod live_event;
pub mod live_stream;
pub mod message;
pub mod message_report;
pub mod notification;
pub mod notification_preference;
pub mod offer;
pub mod onboarding_request;
pub mod read_state;
pub mod round;
pub mod round_application;

//! sea-orm entities of the messaging service's tables, and the read-only views of the
//! offers and onboarding requests it starts threads from.

pub mod conversation;
pub mod live_event;
pub mod live_stream;
pub mod message;
pub mod message_report;
pub mod offer;
pub mod onboarding_request;
pub mod read_state;

//! sea-orm entities of the tables every service shares: users and their memberships,
//! sessions, the audit log, the outbox and its durable readers, the e-mail queue and
//! unsubscribe tokens.

pub mod api_token;
pub mod audit_log;
pub mod email;
pub mod invitation;
pub mod offer_place;
pub mod oidc_login;
pub mod outbox;
pub mod outbox_reader;
pub mod provider_member;
pub mod session;
pub mod shop;
pub mod shop_member;
pub mod unsubscribe_token;
pub mod user;
pub mod user_identity;

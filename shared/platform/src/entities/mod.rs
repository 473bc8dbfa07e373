//! sea-orm entities of the tables every service shares: users and their memberships,
//! sessions, the audit log and the outbox.

pub mod api_token;
pub mod audit_log;
pub mod invitation;
pub mod offer_place;
pub mod oidc_login;
pub mod outbox;
pub mod provider_member;
pub mod session;
pub mod shop;
pub mod shop_member;
pub mod user;
pub mod user_identity;

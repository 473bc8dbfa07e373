//! Connessi's domain, shared by every service: typed ids, vocabularies, the ISTAT territory,
//! offers and providers with their validation, the state machines, the acceptance criteria,
//! who is asking (actors), domain events and the one table of error codes.

pub mod actor;
pub mod criteria;
pub mod error;
pub mod events;
pub mod ids;
pub mod offer;
pub mod onboarding;
pub mod partita_iva;
pub mod provider;
pub mod shop;
pub mod status;
pub mod territory;
pub mod text;
pub mod vocab;

pub use actor::{
    Actor, ApiTokenGrant, MemberRole, PlatformRole, ProviderMembership, ShopMembership, TokenScope,
    User,
};
pub use error::{DomainError, ErrorCode, FieldError, ValidationErrors};
pub use ids::{OfferId, ProviderId, RevisionId, ShopId, UserId};
pub use offer::OfferContent;
pub use status::{OfferAction, OfferStatus, RevisionStatus};

//! Who is asking: resolved once per request from its credentials, then checked by every
//! handler through the methods here, so the rules of who may touch what live in one place.

use crate::error::{DomainError, ErrorCode};
use crate::ids::{ProviderId, ShopId, UserId};
use serde::{Deserialize, Serialize};

/// Roles granted on the whole platform by administrators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlatformRole {
    Moderator,
    Admin,
}

impl PlatformRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Moderator => "moderator",
            Self::Admin => "admin",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "moderator" => Some(Self::Moderator),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }
}

/// A role inside an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    Owner,
    Member,
}

impl MemberRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Member => "member",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "owner" => Some(Self::Owner),
            "member" => Some(Self::Member),
            _ => None,
        }
    }
}

/// A signed-in person and what they belong to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub platform_role: Option<PlatformRole>,
    pub providers: Vec<ProviderMembership>,
    pub shops: Vec<ShopMembership>,
    /// Set when the request came with a provider's API token: the user is the token's
    /// creator, acting for that one provider within the token's scopes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_token: Option<ApiTokenGrant>,
}

/// What an API token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TokenScope {
    /// Read the provider's offers, published or not.
    Read,
    /// Create, edit, submit and withdraw the provider's offers, and import them in bulk.
    WriteOffers,
}

impl TokenScope {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::WriteOffers => "write_offers",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "read" => Some(Self::Read),
            "write_offers" => Some(Self::WriteOffers),
            _ => None,
        }
    }
}

/// The API token a request was made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ApiTokenGrant {
    pub token_id: uuid::Uuid,
    pub name: String,
    pub scopes: Vec<TokenScope>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ProviderMembership {
    pub provider_id: ProviderId,
    pub role: MemberRole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ShopMembership {
    pub shop_id: ShopId,
    pub role: MemberRole,
}

/// Who is behind a request or a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Anonymous,
    User(User),
    /// Connessi itself, e.g. the job that expires offers.
    System,
}

impl Actor {
    /// The signed-in user, or 401.
    pub fn user(&self) -> Result<&User, DomainError> {
        match self {
            Actor::User(user) => Ok(user),
            _ => Err(DomainError::new(
                ErrorCode::Unauthenticated,
                "sign in to do this",
            )),
        }
    }

    /// Moderators and administrators review offers.
    pub fn is_moderator(&self) -> bool {
        matches!(
            self,
            Actor::User(User {
                platform_role: Some(_),
                ..
            })
        )
    }

    pub fn is_admin(&self) -> bool {
        matches!(
            self,
            Actor::User(User {
                platform_role: Some(PlatformRole::Admin),
                ..
            })
        )
    }

    /// A moderator, or 401/403.
    pub fn require_moderator(&self) -> Result<&User, DomainError> {
        let user = self.user()?;
        if self.is_moderator() {
            Ok(user)
        } else {
            Err(DomainError::new(
                ErrorCode::Forbidden,
                "only moderators can do this",
            ))
        }
    }

    /// An administrator, or 401/403.
    pub fn require_admin(&self) -> Result<&User, DomainError> {
        let user = self.user()?;
        if self.is_admin() {
            Ok(user)
        } else {
            Err(DomainError::new(
                ErrorCode::Forbidden,
                "only administrators can do this",
            ))
        }
    }

    /// Whether the actor belongs to the provider (owner or member).
    pub fn is_member_of(&self, provider: ProviderId) -> bool {
        matches!(self, Actor::User(user) if user.providers.iter().any(|m| m.provider_id == provider))
    }

    /// A member of `provider`, or 401/403.
    pub fn require_member_of(&self, provider: ProviderId) -> Result<&User, DomainError> {
        let user = self.user()?;
        if self.is_member_of(provider) {
            Ok(user)
        } else {
            Err(DomainError::new(
                ErrorCode::Forbidden,
                "you do not belong to this provider",
            ))
        }
    }

    /// An owner of `provider`, or 401/403.
    pub fn require_owner_of(&self, provider: ProviderId) -> Result<&User, DomainError> {
        let user = self.user()?;
        let owner = user
            .providers
            .iter()
            .any(|m| m.provider_id == provider && m.role == MemberRole::Owner);
        if owner {
            Ok(user)
        } else {
            Err(DomainError::new(
                ErrorCode::Forbidden,
                "only the provider's owners can do this",
            ))
        }
    }

    /// Whether the actor belongs to the shop (owner or member).
    pub fn is_shop_member_of(&self, shop: ShopId) -> bool {
        matches!(self, Actor::User(user) if user.shops.iter().any(|m| m.shop_id == shop))
    }

    /// A member of `shop`, or 401/403.
    pub fn require_shop_member_of(&self, shop: ShopId) -> Result<&User, DomainError> {
        let user = self.user()?;
        if self.is_shop_member_of(shop) {
            Ok(user)
        } else {
            Err(DomainError::new(
                ErrorCode::Forbidden,
                "you do not belong to this shop",
            ))
        }
    }

    /// An owner of `shop`, or 401/403.
    pub fn require_shop_owner_of(&self, shop: ShopId) -> Result<&User, DomainError> {
        let user = self.user()?;
        let owner = user
            .shops
            .iter()
            .any(|m| m.shop_id == shop && m.role == MemberRole::Owner);
        if owner {
            Ok(user)
        } else {
            Err(DomainError::new(
                ErrorCode::Forbidden,
                "only the shop's owners can do this",
            ))
        }
    }

    /// Whether the actor may see what a provider has not published: its members and moderators.
    pub fn can_see_unpublished_of(&self, provider: ProviderId) -> bool {
        self.is_member_of(provider) || self.is_moderator()
    }

    /// How the audit log names the actor.
    pub fn audit_identity(&self) -> (&'static str, Option<UserId>, String) {
        match self {
            Actor::Anonymous => ("anonymous", None, "anonymous".to_owned()),
            Actor::User(User {
                id,
                email,
                api_token: Some(token),
                ..
            }) => (
                "api_token",
                Some(*id),
                format!("{email} (API token {})", token.name),
            ),
            Actor::User(user) => ("user", Some(user.id), user.email.clone()),
            Actor::System => ("system", None, "connessi".to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Option<PlatformRole>, providers: Vec<ProviderMembership>) -> Actor {
        Actor::User(User {
            id: UserId::new(),
            email: "a@b.example".into(),
            display_name: "A".into(),
            platform_role: role,
            providers,
            shops: vec![],
            api_token: None,
        })
    }

    #[test]
    fn a_provider_member_can_touch_only_its_own_provider() {
        let mine = ProviderId::new();
        let theirs = ProviderId::new();
        let actor = user(
            None,
            vec![ProviderMembership {
                provider_id: mine,
                role: MemberRole::Member,
            }],
        );
        assert!(actor.require_member_of(mine).is_ok());
        assert_eq!(
            actor.require_member_of(theirs).unwrap_err().code,
            ErrorCode::Forbidden
        );
        assert!(!actor.can_see_unpublished_of(theirs));
    }

    #[test]
    fn anonymous_callers_are_asked_to_sign_in_and_moderators_see_everything() {
        assert_eq!(
            Actor::Anonymous.require_moderator().unwrap_err().code,
            ErrorCode::Unauthenticated
        );
        let moderator = user(Some(PlatformRole::Moderator), vec![]);
        assert!(moderator.require_moderator().is_ok());
        assert!(moderator.can_see_unpublished_of(ProviderId::new()));
        assert!(!moderator.is_admin());
    }
}

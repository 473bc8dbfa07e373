//! Who may call what, decided in one place. Every service declares an [`AccessTable`]: for
//! each of its routes (method and path template) the [`Access`] rule it requires. One layer
//! ([`AccessTable::enforce`]) resolves the caller and checks the rule before any handler
//! runs; a route without a rule is refused, so a new endpoint cannot be left open by
//! mistake. The authorization matrix test reads the same tables.

use crate::auth::CurrentActor;
use crate::problem::{ApiError, ApiResult};
use crate::state::Platform;
use axum::extract::{FromRequestParts, MatchedPath, RawPathParams, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use connessi_domain::{Actor, ErrorCode, ProviderId, ShopId, TokenScope, User};
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use uuid::Uuid;

/// The provider that owns a resource, and whether the resource is public.
#[derive(Debug, Clone, Copy)]
pub struct Owner {
    pub provider: ProviderId,
    pub public: bool,
}

/// Finds the owner of the resource with an id; `None` when there is no such resource.
pub type OwnerLookup = fn(
    &DatabaseConnection,
    Uuid,
) -> Pin<Box<dyn Future<Output = ApiResult<Option<Owner>>> + Send + '_>>;

/// What a route requires of its caller.
#[derive(Clone, Copy)]
pub enum Access {
    /// Anyone; what is shown may still depend on who asks.
    Public,
    /// Any signed-in user.
    SignedIn,
    /// Moderators and administrators.
    Moderator,
    Admin,
    /// Members (owner or member) of the provider named by the path parameter.
    ProviderMember(&'static str),
    /// Owners of the provider named by the path parameter.
    ProviderOwner(&'static str),
    /// Members (owner or member) of the shop named by the path parameter.
    ShopMember(&'static str),
    /// Owners of the shop named by the path parameter.
    ShopOwner(&'static str),
    /// Members of the provider owning the resource (called `what`) named by the path
    /// parameter. Outsiders get 404 for what they may not even see, 403 for what is public or
    /// what moderators see.
    OwnedBy {
        param: &'static str,
        what: &'static str,
        lookup: OwnerLookup,
    },
}

impl std::fmt::Debug for Access {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Public => f.write_str("Public"),
            Self::SignedIn => f.write_str("SignedIn"),
            Self::Moderator => f.write_str("Moderator"),
            Self::Admin => f.write_str("Admin"),
            Self::ProviderMember(p) => write!(f, "ProviderMember({p})"),
            Self::ProviderOwner(p) => write!(f, "ProviderOwner({p})"),
            Self::ShopMember(p) => write!(f, "ShopMember({p})"),
            Self::ShopOwner(p) => write!(f, "ShopOwner({p})"),
            Self::OwnedBy { param, what, .. } => write!(f, "OwnedBy({what} {param})"),
        }
    }
}

/// The rules of one service, by method and path template, and the routes API tokens may use
/// with the scope each needs (any other route refuses a token).
#[derive(Clone, Debug, Default)]
pub struct AccessTable {
    rules: Arc<HashMap<(Method, String), Access>>,
    token_scopes: Arc<HashMap<(Method, String), TokenScope>>,
}

impl AccessTable {
    pub fn new(rules: impl IntoIterator<Item = (Method, &'static str, Access)>) -> Self {
        let rules = rules
            .into_iter()
            .map(|(method, path, access)| ((method, path.to_owned()), access))
            .collect();
        Self {
            rules: Arc::new(rules),
            token_scopes: Arc::default(),
        }
    }

    /// Opens routes to API tokens holding the given scope.
    pub fn open_to_tokens(
        mut self,
        routes: impl IntoIterator<Item = (Method, &'static str, TokenScope)>,
    ) -> Self {
        let mut scopes = (*self.token_scopes).clone();
        scopes.extend(
            routes
                .into_iter()
                .map(|(method, path, scope)| ((method, path.to_owned()), scope)),
        );
        self.token_scopes = Arc::new(scopes);
        self
    }

    /// The scope an API token needs for a route; `None` when tokens may not use it.
    pub fn token_scope(&self, method: &Method, path: &str) -> Option<TokenScope> {
        let method = if method == Method::HEAD {
            &Method::GET
        } else {
            method
        };
        self.token_scopes
            .get(&(method.clone(), path.to_owned()))
            .copied()
    }

    /// Every rule, for the authorization matrix.
    pub fn rules(&self) -> Vec<(Method, String, Access)> {
        let mut all: Vec<_> = self
            .rules
            .iter()
            .map(|((method, path), access)| (method.clone(), path.clone(), *access))
            .collect();
        all.sort_by(|a, b| (&a.1, a.0.as_str()).cmp(&(&b.1, b.0.as_str())));
        all
    }

    pub fn rule(&self, method: &Method, path: &str) -> Option<Access> {
        let method = if method == Method::HEAD {
            &Method::GET
        } else {
            method
        };
        self.rules.get(&(method.clone(), path.to_owned())).copied()
    }

    fn knows_path(&self, path: &str) -> bool {
        self.rules.keys().any(|(_, p)| p == path)
    }

    /// The layer: `router.route_layer(axum::middleware::from_fn_with_state((platform, table),
    /// AccessTable::enforce))`.
    pub async fn enforce(
        State((platform, table)): State<(Platform, AccessTable)>,
        request: Request,
        next: Next,
    ) -> Response {
        let (mut parts, body) = request.into_parts();
        let matched = parts
            .extensions
            .get::<MatchedPath>()
            .map(|m| m.as_str().to_owned());
        let Some(path) = matched else {
            return next.run(Request::from_parts(parts, body)).await;
        };
        let rule = match table.rule(&parts.method, &path) {
            Some(rule) => rule,
            // Another method of a known route: let the router answer 405.
            None if table.knows_path(&path) => {
                return next.run(Request::from_parts(parts, body)).await;
            }
            None => {
                tracing::error!(method = %parts.method, %path, "route has no access rule; refused");
                return ApiError::new(ErrorCode::Forbidden, "this endpoint is not open to anyone")
                    .into_response();
            }
        };
        let actor = match CurrentActor::from_request_parts(&mut parts, &platform).await {
            Ok(CurrentActor(actor)) => actor,
            Err(error) => return error.into_response(),
        };
        if let Err(error) = check_token_scope(&table, &parts.method, &path, &actor) {
            return error.into_response();
        }
        let params = RawPathParams::from_request_parts(&mut parts, &platform)
            .await
            .ok();
        let param = |name: &str| -> ApiResult<Uuid> {
            params
                .as_ref()
                .and_then(|p| {
                    p.iter()
                        .find(|(k, _)| *k == name)
                        .map(|(_, v)| v.to_owned())
                })
                .and_then(|v| Uuid::parse_str(&v).ok())
                .ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::InvalidPathParameter,
                        format!("{name} must be a UUID"),
                    )
                })
        };
        match check(&platform.db, rule, &actor, param).await {
            Ok(()) => next.run(Request::from_parts(parts, body)).await,
            Err(error) => error.into_response(),
        }
    }
}

/// A request made with an API token may use only the routes open to tokens, with the scope
/// each needs.
fn check_token_scope(
    table: &AccessTable,
    method: &Method,
    path: &str,
    actor: &Actor,
) -> ApiResult<()> {
    let Actor::User(User {
        api_token: Some(grant),
        ..
    }) = actor
    else {
        return Ok(());
    };
    match table.token_scope(method, path) {
        Some(needed) if grant.scopes.contains(&needed) => Ok(()),
        Some(needed) => Err(ApiError::new(
            ErrorCode::Forbidden,
            format!("the API token lacks the {} scope", needed.as_str()),
        )),
        None => Err(ApiError::new(
            ErrorCode::Forbidden,
            "API tokens cannot be used here; sign in instead",
        )),
    }
}

async fn check(
    db: &DatabaseConnection,
    rule: Access,
    actor: &Actor,
    param: impl Fn(&str) -> ApiResult<Uuid>,
) -> ApiResult<()> {
    match rule {
        Access::Public => Ok(()),
        Access::SignedIn => actor.user().map(drop).map_err(Into::into),
        Access::Moderator => actor.require_moderator().map(drop).map_err(Into::into),
        Access::Admin => actor.require_admin().map(drop).map_err(Into::into),
        Access::ProviderMember(name) => {
            actor.user()?;
            actor.require_member_of(ProviderId(param(name)?))?;
            Ok(())
        }
        Access::ProviderOwner(name) => {
            actor.user()?;
            actor.require_owner_of(ProviderId(param(name)?))?;
            Ok(())
        }
        Access::ShopMember(name) => {
            actor.user()?;
            actor.require_shop_member_of(ShopId(param(name)?))?;
            Ok(())
        }
        Access::ShopOwner(name) => {
            actor.user()?;
            actor.require_shop_owner_of(ShopId(param(name)?))?;
            Ok(())
        }
        Access::OwnedBy {
            param: name,
            what,
            lookup,
        } => {
            actor.user()?;
            let id = param(name)?;
            match lookup(db, id).await? {
                Some(owner) if actor.is_member_of(owner.provider) => Ok(()),
                Some(owner) if owner.public || actor.is_moderator() => Err(ApiError::new(
                    ErrorCode::Forbidden,
                    format!("only the provider's members can change this {what}"),
                )),
                _ => Err(ApiError::not_found(what)),
            }
        }
    }
}

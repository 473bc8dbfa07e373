//! The two legs of the authorization code flow: [`begin`] sends the browser to the provider,
//! [`finish`] checks what comes back and yields the verified identity.

use super::{OidcProviders, refused, unreachable};
use crate::config::{OidcProviderSettings, Settings};
use crate::entities::oidc_login;
use crate::problem::{ApiError, ApiResult};
use crate::sessions::{random_secret, secret_hash};
use chrono::{Duration, Utc};
use connessi_domain::ErrorCode;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient};
use openidconnect::{
    AccessTokenHash, AuthorizationCode, ClientId, ClientSecret, CsrfToken, Nonce,
    OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};

/// Where the provider sends the browser back to.
pub fn callback_url(settings: &Settings, provider: &str) -> String {
    format!("{}/auth/{provider}/callback", settings.public_base())
}

/// A sign-in begun: send the browser to `authorize_url` with the binding cookie set.
#[derive(Debug)]
pub struct Begun {
    pub authorize_url: String,
    pub binding: String,
}

/// Begins a sign-in with `provider`; `return_to` is where the browser lands afterwards.
pub async fn begin(
    providers: &OidcProviders,
    db: &impl ConnectionTrait,
    settings: &Settings,
    provider: &OidcProviderSettings,
    return_to: &str,
) -> ApiResult<Begun> {
    let client = client(providers, settings, provider).await?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client.authorize_url(
        CoreAuthenticationFlow::AuthorizationCode,
        CsrfToken::new_random,
        Nonce::new_random,
    );
    for scope in &provider.scopes {
        request = request.add_scope(Scope::new(scope.clone()));
    }
    let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
    let binding = random_secret();
    let now = Utc::now();
    oidc_login::Entity::insert(oidc_login::ActiveModel {
        state_hash: Set(secret_hash(state.secret())),
        binding_hash: Set(secret_hash(&binding)),
        provider: Set(provider.name.clone()),
        nonce: Set(nonce.secret().clone()),
        pkce_verifier: Set(verifier.secret().clone()),
        return_to: Set(return_to.to_owned()),
        created_at: Set(now),
        expires_at: Set(now + Duration::minutes(settings.oidc.login_timeout_minutes as i64)),
    })
    .exec_without_returning(db)
    .await?;
    Ok(Begun {
        authorize_url: url.to_string(),
        binding,
    })
}

/// What the provider sent back, and the binding cookie of the browser that brought it.
#[derive(Debug)]
pub struct Callback<'a> {
    pub code: &'a str,
    pub state: &'a str,
    pub binding: Option<&'a str>,
}

/// The identity the provider vouched for, and where the browser goes next.
#[derive(Debug, Clone)]
pub struct Verified {
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
    pub return_to: String,
}

/// Checks the callback of a sign-in begun by [`begin`] and returns the verified identity.
pub async fn finish(
    providers: &OidcProviders,
    db: &impl ConnectionTrait,
    settings: &Settings,
    provider: &OidcProviderSettings,
    callback: Callback<'_>,
) -> ApiResult<Verified> {
    let login = take_login(db, callback.state).await?;
    let binding_matches = callback
        .binding
        .is_some_and(|b| secret_hash(b) == login.binding_hash);
    if login.provider != provider.name || !binding_matches {
        return Err(refused(
            "this sign-in was begun in another browser or with another provider; start again",
            "state or binding cookie does not match",
        ));
    }
    if login.expires_at <= Utc::now() {
        return Err(refused("the sign-in took too long; start again", "expired"));
    }
    let client = client(providers, settings, provider).await?;
    let http = &providers.http;
    let tokens = client
        .exchange_code(AuthorizationCode::new(callback.code.to_owned()))
        .map_err(unreachable)?
        .set_pkce_verifier(PkceCodeVerifier::new(login.pkce_verifier.clone()))
        .request_async(http)
        .await
        .map_err(|e| match e {
            openidconnect::RequestTokenError::ServerResponse(answer) => {
                refused("the sign-in provider refused the sign-in", answer.error())
            }
            other => unreachable(other),
        })?;
    let id_token = tokens
        .id_token()
        .ok_or_else(|| refused("the provider sent no ID token", "no id_token"))?;
    let verifier = client.id_token_verifier();
    let nonce = Nonce::new(login.nonce.clone());
    let claims = id_token.claims(&verifier, &nonce).map_err(|e| {
        // A signature no known key verifies may come from keys rotated since they were read.
        providers.forget(&provider.name);
        refused("the ID token is not valid", e)
    })?;
    if let Some(expected) = claims.access_token_hash() {
        let invalid = |e: &dyn std::fmt::Display| refused("the ID token is not valid", e);
        let alg = id_token.signing_alg().map_err(|e| invalid(&e))?;
        let key = id_token.signing_key(&verifier).map_err(|e| invalid(&e))?;
        let actual = AccessTokenHash::from_token(tokens.access_token(), alg, key)
            .map_err(|e| invalid(&e))?;
        if actual != *expected {
            return Err(refused("the ID token is not valid", "at_hash mismatch"));
        }
    }
    Ok(Verified {
        issuer: claims.issuer().to_string(),
        subject: claims.subject().to_string(),
        email: claims.email().map(|e| e.to_string()),
        email_verified: claims.email_verified().unwrap_or(false),
        name: claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.to_string()),
        return_to: login.return_to,
    })
}

/// Finds the begun sign-in of `state` and deletes it, so each can finish at most once (two
/// callbacks racing with one state: only the one whose delete removed the row goes on).
async fn take_login(db: &impl ConnectionTrait, state: &str) -> ApiResult<oidc_login::Model> {
    let unknown = || {
        refused(
            "this sign-in is unknown, was already used or expired; start again",
            "unknown state",
        )
    };
    let hash = secret_hash(state);
    let login = oidc_login::Entity::find_by_id(hash.clone())
        .one(db)
        .await?
        .ok_or_else(unknown)?;
    let deleted = oidc_login::Entity::delete_by_id(hash).exec(db).await?;
    if deleted.rows_affected != 1 {
        return Err(unknown());
    }
    Ok(login)
}

type ConfiguredClient = CoreClient<
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

async fn client(
    providers: &OidcProviders,
    settings: &Settings,
    provider: &OidcProviderSettings,
) -> ApiResult<ConfiguredClient> {
    use secrecy::ExposeSecret;
    let metadata = providers.metadata(provider).await?;
    let redirect =
        RedirectUrl::new(callback_url(settings, &provider.name)).map_err(|e| ApiError {
            internal: Some(e.to_string()),
            ..ApiError::new(ErrorCode::Internal, "")
        })?;
    Ok(CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(provider.client_id.clone()),
        provider
            .client_secret
            .as_ref()
            .map(|s| ClientSecret::new(s.expose_secret().to_owned())),
    )
    .set_redirect_uri(redirect))
}

/// Purges sign-ins begun and never finished.
pub async fn purge_expired(db: &impl ConnectionTrait) -> ApiResult<u64> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let result = oidc_login::Entity::delete_many()
        .filter(oidc_login::Column::ExpiresAt.lte(Utc::now()))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

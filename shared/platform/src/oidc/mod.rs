//! Sign-in with OpenID Connect: the authorization code flow with PKCE. The login step keeps,
//! server-side, what the callback must check (`state`, the nonce, the PKCE verifier, and a
//! cookie binding the attempt to the browser that began it); the callback checks each, swaps
//! the code for tokens and validates the ID token's signature, issuer, audience, expiry and
//! nonce (openidconnect's verifier) before anyone is signed in.

mod flow;
mod users;

pub use flow::{Begun, Callback, Verified, begin, callback_url, finish, purge_expired};
pub use users::{SignedInIdentity, sign_in_identity};

use crate::config::{OidcProviderSettings, Settings};
use crate::problem::{ApiError, ApiResult};
use connessi_domain::ErrorCode;
use openidconnect::core::CoreProviderMetadata;
use openidconnect::{IssuerUrl, reqwest};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a provider's discovery document and keys are reused before being read again.
const METADATA_TTL: Duration = Duration::from_secs(15 * 60);

/// The name of the cookie that binds a begun sign-in to its browser.
pub const BINDING_COOKIE: &str = "connessi_oidc";

/// The configured providers, their discovered metadata (cached) and the HTTP client that
/// talks to them. Cheap to clone.
#[derive(Clone)]
pub struct OidcProviders {
    http: reqwest::Client,
    metadata: Arc<Mutex<HashMap<String, (Instant, CoreProviderMetadata)>>>,
}

impl Default for OidcProviders {
    fn default() -> Self {
        let http = reqwest::ClientBuilder::new()
            // Following redirects would let a provider's answer point us anywhere (SSRF).
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap_or_default();
        Self {
            http,
            metadata: Arc::default(),
        }
    }
}

impl OidcProviders {
    /// The settings of the provider called `name`, or 404.
    pub fn settings<'s>(settings: &'s Settings, name: &str) -> ApiResult<&'s OidcProviderSettings> {
        settings
            .oidc
            .providers
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::UnknownSignInProvider,
                    format!("no sign-in provider is called {name:?}"),
                )
            })
    }

    /// The provider's discovery document (with its signing keys), read at most every
    /// [`METADATA_TTL`].
    async fn metadata(&self, provider: &OidcProviderSettings) -> ApiResult<CoreProviderMetadata> {
        if let Some((at, metadata)) = self.cached(&provider.name)
            && at.elapsed() < METADATA_TTL
        {
            return Ok(metadata);
        }
        let issuer = IssuerUrl::new(provider.issuer_url.clone()).map_err(unreachable)?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(unreachable)?;
        if let Ok(mut cache) = self.metadata.lock() {
            cache.insert(provider.name.clone(), (Instant::now(), metadata.clone()));
        }
        Ok(metadata)
    }

    fn cached(&self, name: &str) -> Option<(Instant, CoreProviderMetadata)> {
        self.metadata.lock().ok()?.get(name).cloned()
    }

    /// Forgets a provider's metadata, so keys it rotated are read again at the next sign-in.
    fn forget(&self, name: &str) {
        if let Ok(mut cache) = self.metadata.lock() {
            cache.remove(name);
        }
    }
}

/// The provider could not be reached or answered nonsense: 502, the cause only in the log.
fn unreachable(error: impl std::fmt::Display) -> ApiError {
    ApiError {
        internal: Some(error.to_string()),
        ..ApiError::new(
            ErrorCode::SignInProviderUnavailable,
            "the sign-in provider could not be reached",
        )
    }
}

/// The sign-in was refused: 401 with a reason safe to show, the details only in the log.
fn refused(detail: &str, internal: impl std::fmt::Display) -> ApiError {
    ApiError {
        internal: Some(internal.to_string()),
        ..ApiError::new(ErrorCode::SignInFailed, detail)
    }
}

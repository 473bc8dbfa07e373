//! The sign-in endpoints every service answers: the OpenID Connect providers on offer, the two
//! legs of the browser sign-in (`/auth/{provider}/login` and `/callback`), and sign-out of
//! this session or of all of a user's sessions.

use crate::auth::{CurrentActor, CurrentSession};
use crate::config::{Profile, Settings};
use crate::extract::{ApiPath, ApiQuery};
use crate::oidc::{self, BINDING_COOKIE, OidcProviders};
use crate::problem::{ApiError, ApiResult, Problem};
use crate::sessions::{self, Cookies, Transport};
use crate::state::Platform;
use axum::Json;
use axum::extract::State;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use connessi_domain::{ErrorCode, UserId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(providers))
        .routes(routes!(login))
        .routes(routes!(callback))
        .routes(routes!(sign_out))
        .routes(routes!(sign_out_everywhere))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SignInProvider {
    pub name: String,
    pub label: String,
    /// Open this in the browser to sign in.
    pub login_url: String,
}

/// The OpenID Connect providers people can sign in with.
#[utoipa::path(get, path = "/api/v1/auth/providers", tag = "sessions",
    responses((status = 200, body = Vec<SignInProvider>)))]
async fn providers(State(platform): State<Platform>) -> Json<Vec<SignInProvider>> {
    Json(
        platform
            .settings
            .oidc
            .providers
            .iter()
            .map(|p| SignInProvider {
                name: p.name.clone(),
                label: p.label.clone(),
                login_url: format!("/auth/{}/login", p.name),
            })
            .collect(),
    )
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LoginParams {
    /// A path of this site to land on after signing in (default `/`).
    pub return_to: Option<String>,
}

/// Begins a sign-in: redirects the browser to the provider.
#[utoipa::path(get, path = "/auth/{provider}/login", tag = "sessions", params(
    ("provider" = String, Path), LoginParams), responses((status = 303),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 502, body = Problem, content_type = "application/problem+json")))]
async fn login(
    State(platform): State<Platform>,
    ApiPath(provider): ApiPath<String>,
    ApiQuery(params): ApiQuery<LoginParams>,
) -> ApiResult<Response> {
    let settings = &platform.settings;
    let provider = OidcProviders::settings(settings, &provider)?;
    let return_to = safe_return_path(params.return_to.as_deref())?;
    let begun = oidc::begin(&platform.oidc, &platform.db, settings, provider, &return_to).await?;
    let max_age = settings.oidc.login_timeout_minutes * 60;
    let binding = binding_cookie(settings, &begun.binding, max_age);
    Ok(redirect(&begun.authorize_url, binding))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct CallbackParams {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// Finishes a sign-in: checks what the provider sent, starts a session (a new one: any session
/// the browser had is ended) and redirects to where the sign-in began.
#[utoipa::path(get, path = "/auth/{provider}/callback", tag = "sessions", params(
    ("provider" = String, Path), CallbackParams), responses((status = 303),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn callback(
    State(platform): State<Platform>,
    ApiPath(provider): ApiPath<String>,
    ApiQuery(params): ApiQuery<CallbackParams>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let settings = &platform.settings;
    let provider = OidcProviders::settings(settings, &provider)?;
    let (Some(code), Some(state)) = (params.code.as_deref(), params.state.as_deref()) else {
        let reason = params.error.as_deref().unwrap_or("no code or state");
        return Err(ApiError {
            internal: Some(format!(
                "provider answered {reason}: {:?}",
                params.error_description
            )),
            ..ApiError::new(
                ErrorCode::SignInFailed,
                "the sign-in was cancelled or refused",
            )
        });
    };
    let callback = oidc::Callback {
        code,
        state,
        binding: sessions::cookie_value(&headers, BINDING_COOKIE),
    };
    let verified = oidc::finish(&platform.oidc, &platform.db, settings, provider, callback).await?;
    let identity = crate::db::write(&platform.db, |txn| {
        let verified = verified.clone();
        Box::pin(async move { oidc::sign_in_identity(txn, &verified).await })
    })
    .await?;
    let cookies = Cookies::for_settings(settings);
    if let Some(previous) = sessions::cookie_value(&headers, cookies.session_name()) {
        sessions::end(&platform.db, previous).await?;
    }
    let method = format!("oidc:{}", provider.name);
    let started = sessions::start(
        &platform.db,
        settings,
        identity.user_id,
        Transport::Cookie,
        &method,
    )
    .await?;
    tracing::info!(user_id = %identity.user_id.0, created = identity.created, %method, "signed in");
    let mut set = cookies.set(&started);
    set.push(binding_cookie(settings, "", 0));
    Ok(redirect_with(&verified.return_to, set))
}

/// Ends the current session (and, for a browser, removes its cookies).
#[utoipa::path(post, path = "/api/v1/sign-out", tag = "sessions", security(("bearer" = [])), responses(
    (status = 204), (status = 401, body = Problem, content_type = "application/problem+json")))]
async fn sign_out(
    State(platform): State<Platform>,
    CurrentActor(actor): CurrentActor,
    current: Option<axum::Extension<CurrentSession>>,
) -> ApiResult<Response> {
    actor.user()?;
    let Some(axum::Extension(current)) = current else {
        return Err(ApiError::new(
            ErrorCode::Unauthenticated,
            "no session to end",
        ));
    };
    sessions::end_by_hash(&platform.db, &current.session.token_hash).await?;
    Ok(no_content(&platform.settings, current.transport))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SessionsEnded {
    pub sessions_ended: u64,
}

/// Ends every session of the signed-in user, on every device.
#[utoipa::path(post, path = "/api/v1/sign-out/everywhere", tag = "sessions", security(("bearer" = [])),
    responses((status = 200, body = SessionsEnded),
    (status = 401, body = Problem, content_type = "application/problem+json")))]
async fn sign_out_everywhere(
    State(platform): State<Platform>,
    CurrentActor(actor): CurrentActor,
) -> ApiResult<Response> {
    let user = actor.user()?;
    let ended = sessions::end_all(&platform.db, UserId(user.id.0)).await?;
    tracing::info!(user_id = %user.id.0, ended, "signed out everywhere");
    let mut response = Json(SessionsEnded {
        sessions_ended: ended,
    })
    .into_response();
    for value in Cookies::for_settings(&platform.settings).clear() {
        response.headers_mut().append(SET_COOKIE, value);
    }
    Ok(response)
}

fn no_content(settings: &Settings, transport: Transport) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    if transport == Transport::Cookie {
        for value in Cookies::for_settings(settings).clear() {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

/// Only a path of this site: `//host` or `/\host` would send the browser elsewhere.
pub fn safe_return_path(path: Option<&str>) -> ApiResult<String> {
    let path = path.unwrap_or("/");
    let safe = path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && path.len() <= 2000
        && !path.chars().any(|c| c.is_control() || c == '\\');
    if safe {
        Ok(path.to_owned())
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidQueryParameter,
            "return_to must be a path of this site, such as /offerte",
        ))
    }
}

fn binding_cookie(settings: &Settings, value: &str, max_age: u64) -> HeaderValue {
    let secure = if settings.profile == Profile::Development {
        ""
    } else {
        "; Secure"
    };
    let cookie = format!(
        "{BINDING_COOKIE}={value}; Path=/auth; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
    );
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn redirect(location: &str, cookie: HeaderValue) -> Response {
    redirect_with(location, vec![cookie])
}

/// A 303 to `location` setting `cookies`.
pub fn redirect_with(location: &str, cookies: Vec<HeaderValue>) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    for cookie in cookies {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::safe_return_path;

    #[test]
    fn only_paths_of_this_site_are_returned_to() {
        assert_eq!(safe_return_path(None).unwrap(), "/");
        assert_eq!(
            safe_return_path(Some("/offerte?q=pos")).unwrap(),
            "/offerte?q=pos"
        );
        for evil in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "/a\nb",
        ] {
            assert!(safe_return_path(Some(evil)).is_err(), "{evil}");
        }
    }
}

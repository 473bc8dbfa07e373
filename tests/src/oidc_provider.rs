//! An OpenID Connect authorization server for tests, on a real socket: discovery, JWKS, an
//! authorize endpoint that signs in whoever the test chose, and a token endpoint that checks
//! the client secret, the redirect URI, single use of codes and the PKCE verifier (S256) the
//! way a real provider does. A test can make it issue flawed ID tokens (expired, for another
//! audience or issuer, with another nonce, or signed by a key it does not publish).

use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use openidconnect::core::{
    CoreIdToken, CoreIdTokenClaims, CoreJsonWebKeySet, CoreJwsSigningAlgorithm,
    CoreProviderMetadata, CoreResponseType, CoreRsaPrivateSigningKey, CoreSubjectIdentifierType,
};
use openidconnect::{
    AccessToken, Audience, AuthUrl, EmptyAdditionalClaims, EmptyAdditionalProviderMetadata,
    EndUserEmail, EndUserName, IssuerUrl, JsonWebKeyId, JsonWebKeySetUrl, LocalizedClaim, Nonce,
    PrivateSigningKey, ResponseTypes, StandardClaims, SubjectIdentifier, TokenUrl,
};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const SIGNING_KEY: &str = include_str!("../keys/idp-signing.pem");
const IMPOSTOR_KEY: &str = include_str!("../keys/idp-impostor.pem");
const KEY_ID: &str = "test-key-1";

/// Who the provider signs in at the next authorization request.
#[derive(Debug, Clone)]
pub struct IdpUser {
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: String,
}

impl IdpUser {
    pub fn new(subject: &str, email: &str) -> Self {
        Self {
            subject: subject.to_owned(),
            email: Some(email.to_owned()),
            email_verified: true,
            name: format!("Utente {subject}"),
        }
    }
}

/// A flaw the next ID tokens carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenFlaw {
    None,
    Expired,
    WrongAudience,
    WrongIssuer,
    WrongNonce,
    BadSignature,
}

/// What the authorize endpoint was asked, for tests to inspect.
#[derive(Debug, Clone)]
pub struct AuthorizeSeen {
    pub params: HashMap<String, String>,
}

struct Grant {
    redirect_uri: String,
    challenge: String,
    nonce: String,
    user: IdpUser,
}

struct IdpState {
    issuer: String,
    client_id: String,
    client_secret: String,
    user: Mutex<IdpUser>,
    flaw: Mutex<TokenFlaw>,
    grants: Mutex<HashMap<String, Grant>>,
    authorize_seen: Mutex<Vec<AuthorizeSeen>>,
    token_errors: Mutex<Vec<String>>,
}

/// A running test provider; it stops when dropped.
pub struct TestIdentityProvider {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    state: Arc<IdpState>,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

impl TestIdentityProvider {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the identity provider");
        let issuer = format!("http://{}", listener.local_addr().expect("address"));
        let state = Arc::new(IdpState {
            issuer: issuer.clone(),
            client_id: "connessi-test".into(),
            client_secret: format!("secret-{}", uuid::Uuid::new_v4().simple()),
            user: Mutex::new(IdpUser::new("subject-1", "utente@idp.example")),
            flaw: Mutex::new(TokenFlaw::None),
            grants: Mutex::default(),
            authorize_seen: Mutex::default(),
            token_errors: Mutex::default(),
        });
        let app = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/authorize", get(authorize))
            .route("/token", post(token))
            .with_state(state.clone());
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await
                .expect("identity provider serves");
        });
        Self {
            issuer,
            client_id: state.client_id.clone(),
            client_secret: state.client_secret.clone(),
            state,
            _shutdown: shutdown,
        }
    }

    /// Signs in `user` at the next authorization requests.
    pub fn sign_in_as(&self, user: IdpUser) {
        *self.state.user.lock().expect("lock") = user;
    }

    pub fn set_flaw(&self, flaw: TokenFlaw) {
        *self.state.flaw.lock().expect("lock") = flaw;
    }

    pub fn authorize_requests(&self) -> Vec<AuthorizeSeen> {
        self.state.authorize_seen.lock().expect("lock").clone()
    }

    /// Why the token endpoint refused requests, oldest first.
    pub fn token_errors(&self) -> Vec<String> {
        self.state.token_errors.lock().expect("lock").clone()
    }
}

async fn discovery(State(state): State<Arc<IdpState>>) -> Json<CoreProviderMetadata> {
    let url = |path: &str| format!("{}{path}", state.issuer);
    let metadata = CoreProviderMetadata::new(
        IssuerUrl::new(state.issuer.clone()).expect("issuer"),
        AuthUrl::new(url("/authorize")).expect("authorize url"),
        JsonWebKeySetUrl::new(url("/jwks")).expect("jwks url"),
        vec![ResponseTypes::new(vec![CoreResponseType::Code])],
        vec![CoreSubjectIdentifierType::Public],
        vec![CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256],
        EmptyAdditionalProviderMetadata {},
    )
    .set_token_endpoint(Some(TokenUrl::new(url("/token")).expect("token url")));
    Json(metadata)
}

fn signing_key(pem: &str) -> CoreRsaPrivateSigningKey {
    CoreRsaPrivateSigningKey::from_pem(pem, Some(JsonWebKeyId::new(KEY_ID.into())))
        .expect("test key")
}

async fn jwks() -> Json<CoreJsonWebKeySet> {
    Json(CoreJsonWebKeySet::new(vec![
        signing_key(SIGNING_KEY).as_verification_key(),
    ]))
}

fn bad_request(reason: &str) -> Response {
    (StatusCode::BAD_REQUEST, reason.to_owned()).into_response()
}

async fn authorize(
    State(state): State<Arc<IdpState>>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    state
        .authorize_seen
        .lock()
        .expect("lock")
        .push(AuthorizeSeen {
            params: params.clone(),
        });
    let param = |name: &str| params.get(name).cloned().unwrap_or_default();
    if param("response_type") != "code" || param("client_id") != state.client_id {
        return bad_request("unknown client or response type");
    }
    if param("code_challenge_method") != "S256" || param("code_challenge").is_empty() {
        return bad_request("PKCE with S256 is required");
    }
    if param("state").is_empty() || param("nonce").is_empty() {
        return bad_request("state and nonce are required");
    }
    let code = format!("code-{}", uuid::Uuid::new_v4().simple());
    let redirect_uri = param("redirect_uri");
    let grant = Grant {
        redirect_uri: redirect_uri.clone(),
        challenge: param("code_challenge"),
        nonce: param("nonce"),
        user: state.user.lock().expect("lock").clone(),
    };
    state
        .grants
        .lock()
        .expect("lock")
        .insert(code.clone(), grant);
    let separator = if redirect_uri.contains('?') { '&' } else { '?' };
    let state_param =
        url::form_urlencoded::byte_serialize(param("state").as_bytes()).collect::<String>();
    Redirect::to(&format!(
        "{redirect_uri}{separator}code={code}&state={state_param}"
    ))
    .into_response()
}

#[derive(Debug, Deserialize)]
struct TokenForm {
    grant_type: String,
    code: String,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

fn token_error(state: &IdpState, error: &str, why: &str) -> Response {
    state
        .token_errors
        .lock()
        .expect("lock")
        .push(why.to_owned());
    (
        StatusCode::BAD_REQUEST,
        Json(serde_json::json!({ "error": error, "error_description": why })),
    )
        .into_response()
}

/// The client's credentials, from HTTP Basic or from the form.
fn client_credentials(headers: &HeaderMap, form: &TokenForm) -> Option<(String, String)> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|v| base64::engine::general_purpose::STANDARD.decode(v).ok())
        .and_then(|v| String::from_utf8(v).ok())
        .and_then(|v| {
            let (id, secret) = v.split_once(':')?;
            let decode = |s: &str| {
                url::form_urlencoded::parse(format!("x={s}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
            };
            Some((decode(id)?, decode(secret)?))
        });
    basic.or_else(|| Some((form.client_id.clone()?, form.client_secret.clone()?)))
}

async fn token(
    State(state): State<Arc<IdpState>>,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Response {
    let credentials = client_credentials(&headers, &form);
    if credentials != Some((state.client_id.clone(), state.client_secret.clone())) {
        return token_error(&state, "invalid_client", "wrong client credentials");
    }
    if form.grant_type != "authorization_code" {
        return token_error(&state, "unsupported_grant_type", "not authorization_code");
    }
    // A code is good once, whatever happens next.
    let Some(grant) = state.grants.lock().expect("lock").remove(&form.code) else {
        return token_error(&state, "invalid_grant", "unknown or used code");
    };
    if form.redirect_uri.as_deref() != Some(grant.redirect_uri.as_str()) {
        return token_error(&state, "invalid_grant", "redirect_uri differs");
    }
    let Some(verifier) = form.code_verifier.as_deref() else {
        return token_error(&state, "invalid_grant", "missing PKCE verifier");
    };
    let challenge =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier));
    if challenge != grant.challenge {
        return token_error(&state, "invalid_grant", "wrong PKCE verifier");
    }
    let access_token = format!("access-{}", uuid::Uuid::new_v4().simple());
    let id_token = id_token(&state, &grant, &access_token);
    Json(serde_json::json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": 300,
        "id_token": id_token.to_string(),
    }))
    .into_response()
}

fn id_token(state: &IdpState, grant: &Grant, access_token: &str) -> CoreIdToken {
    let flaw = *state.flaw.lock().expect("lock");
    let now = chrono::Utc::now();
    let (issued, expires) = if flaw == TokenFlaw::Expired {
        (
            now - chrono::Duration::hours(2),
            now - chrono::Duration::hours(1),
        )
    } else {
        (now, now + chrono::Duration::minutes(5))
    };
    let issuer = match flaw {
        TokenFlaw::WrongIssuer => "http://impostor.invalid".to_owned(),
        _ => state.issuer.clone(),
    };
    let audience = match flaw {
        TokenFlaw::WrongAudience => "another-client".to_owned(),
        _ => state.client_id.clone(),
    };
    let nonce = match flaw {
        TokenFlaw::WrongNonce => "not-the-nonce".to_owned(),
        _ => grant.nonce.clone(),
    };
    let user = &grant.user;
    let mut standard = StandardClaims::new(SubjectIdentifier::new(user.subject.clone()))
        .set_email_verified(Some(user.email_verified))
        .set_name(Some(LocalizedClaim::from(EndUserName::new(
            user.name.clone(),
        ))));
    if let Some(email) = &user.email {
        standard = standard.set_email(Some(EndUserEmail::new(email.clone())));
    }
    let claims = CoreIdTokenClaims::new(
        IssuerUrl::new(issuer).expect("issuer"),
        vec![Audience::new(audience)],
        expires,
        issued,
        standard,
        EmptyAdditionalClaims {},
    )
    .set_nonce(Some(Nonce::new(nonce)));
    let key = if flaw == TokenFlaw::BadSignature {
        signing_key(IMPOSTOR_KEY)
    } else {
        signing_key(SIGNING_KEY)
    };
    CoreIdToken::new(
        claims,
        &key,
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
        Some(&AccessToken::new(access_token.to_owned())),
        None,
    )
    .expect("sign the ID token")
}

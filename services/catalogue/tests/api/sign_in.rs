//! Sign-in with OpenID Connect, end to end: a browser goes from the catalogue to an
//! authorization server running in the test on a real socket and back, and every way a
//! callback can be forged, replayed or carry a bad ID token is refused without signing
//! anyone in.

use crate::support::{TestApp, spawn_app_with};
use connessi_platform::config::OidcProviderSettings;
use connessi_platform::entities::{oidc_login, session, user, user_identity};
use connessi_tests::{
    Backend, Browser, IdpUser, Page, TestIdentityProvider, TokenFlaw, backend_tests,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

backend_tests! {
    a_browser_signs_in_through_the_provider_and_lands_where_it_began => signs_in;
    a_returning_user_is_matched_by_subject_and_their_new_email_is_kept => returning_user;
    a_verified_email_claims_an_existing_account_and_an_unverified_one_is_refused => email_linking;
    a_forged_or_replayed_callback_signs_nobody_in => forged_callbacks;
    a_code_redeemed_with_another_sign_ins_pkce_verifier_is_refused => pkce_swap;
    flawed_id_tokens_are_refused => flawed_tokens;
    unknown_providers_bad_return_paths_and_unreachable_providers_get_clear_errors => bad_requests;
}

pub struct SignInApp {
    pub app: TestApp,
    pub idp: TestIdentityProvider,
}

/// A catalogue server whose only sign-in provider, `test`, is a provider run by the test.
pub async fn spawn_with_provider(backend: Backend) -> SignInApp {
    let idp = TestIdentityProvider::start().await;
    let provider = OidcProviderSettings {
        name: "test".into(),
        label: "Test".into(),
        issuer_url: idp.issuer.clone(),
        client_id: idp.client_id.clone(),
        client_secret: Some(idp.client_secret.clone().into()),
        scopes: vec!["email".into(), "profile".into()],
    };
    let app = spawn_app_with(backend, |settings| settings.oidc.providers = vec![provider]).await;
    SignInApp { app, idp }
}

impl SignInApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.app.anonymous.base)
    }

    /// Begins a sign-in: the answer redirects to the provider.
    pub async fn begin(&self, browser: &mut Browser, return_to: &str) -> String {
        let page = browser
            .get(&self.url(&format!("/auth/test/login?return_to={return_to}")))
            .await;
        assert_eq!(page.status.as_u16(), 303, "{}", page.body);
        page.location.expect("redirect to the provider")
    }

    /// The provider's answer to its authorization request: the callback URL with code and state.
    pub async fn authorize(&self, browser: &mut Browser, authorize_url: &str) -> String {
        let page = browser.get(authorize_url).await;
        assert_eq!(page.status.as_u16(), 303, "{}", page.body);
        page.location.expect("redirect back to the callback")
    }

    /// The whole sign-in; returns the callback's answer.
    pub async fn sign_in(&self, browser: &mut Browser) -> Page {
        let authorize = self.begin(browser, "/").await;
        let callback = self.authorize(browser, &authorize).await;
        browser.get(&callback).await
    }

    pub async fn sessions(&self) -> u64 {
        session::Entity::find()
            .count(&self.app.db.conn)
            .await
            .expect("count sessions")
    }

    pub async fn users(&self) -> u64 {
        user::Entity::find()
            .count(&self.app.db.conn)
            .await
            .expect("count users")
    }
}

/// `/api/v1/me` as the browser.
pub async fn me(app: &SignInApp, browser: &mut Browser) -> Page {
    browser.get(&app.url("/api/v1/me")).await
}

fn query_param(url: &str, name: &str) -> String {
    url::Url::parse(url)
        .expect("url")
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn with_param(url: &str, name: &str, value: &str) -> String {
    let mut parsed = url::Url::parse(url).expect("url");
    let pairs: Vec<(String, String)> = parsed
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == name {
                value.to_owned()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    parsed.query_pairs_mut().clear().extend_pairs(pairs);
    parsed.to_string()
}

fn assert_refused(page: &Page, status: u16, code: &str) {
    assert_eq!(page.status.as_u16(), status, "{}", page.body);
    assert_eq!(page.json()["code"], code, "{}", page.body);
    assert!(
        page.set_cookies
            .iter()
            .all(|c| !c.starts_with("connessi_session=")),
        "no session cookie on a refusal: {:?}",
        page.set_cookies
    );
}

async fn signs_in(backend: Backend) {
    let app = spawn_with_provider(backend).await;
    let listed = app.app.anonymous.get("/api/v1/auth/providers").await;
    assert_eq!(listed.ok(200)[0]["login_url"], "/auth/test/login");
    app.idp
        .sign_in_as(IdpUser::new("sub-anna", "Anna@Bottega.example"));
    let mut browser = Browser::new();

    let authorize = app.begin(&mut browser, "/offerte?q=pos").await;
    assert!(authorize.starts_with(&format!("{}/authorize?", app.idp.issuer)));
    assert!(
        browser.cookie("connessi_oidc").is_some(),
        "the attempt is bound to this browser"
    );
    let callback = app.authorize(&mut browser, &authorize).await;
    let seen = &app.idp.authorize_requests()[0].params;
    assert_eq!(seen["code_challenge_method"], "S256");
    assert_eq!(
        seen["code_challenge"].len(),
        43,
        "a SHA-256 challenge, base64url"
    );
    assert!(seen["state"].len() >= 16 && seen["nonce"].len() >= 16);
    assert_eq!(seen["redirect_uri"], app.url("/auth/test/callback"));
    assert!(seen["scope"].split(' ').any(|s| s == "openid"));

    let landed = browser.get(&callback).await;
    assert_eq!(landed.status.as_u16(), 303, "{}", landed.body);
    assert_eq!(landed.location.as_deref(), Some("/offerte?q=pos"));
    let session_cookie = landed
        .set_cookies
        .iter()
        .find(|c| c.starts_with("connessi_session="))
        .expect("session cookie");
    assert!(session_cookie.contains("HttpOnly") && session_cookie.contains("SameSite=Lax"));
    assert!(
        browser.cookie("connessi_oidc").is_none(),
        "the binding cookie is cleared"
    );

    let who = me(&app, &mut browser).await;
    assert_eq!(who.status.as_u16(), 200, "{}", who.body);
    assert_eq!(who.json()["email"], "anna@bottega.example");
    assert_eq!(who.json()["display_name"], "Utente sub-anna");
    let identity = user_identity::Entity::find()
        .filter(user_identity::Column::Subject.eq("sub-anna"))
        .one(&app.app.db.conn)
        .await
        .expect("read identity")
        .expect("identity stored");
    assert_eq!(identity.issuer, app.idp.issuer);
    let waiting = oidc_login::Entity::find()
        .count(&app.app.db.conn)
        .await
        .expect("count");
    assert_eq!(waiting, 0, "a finished sign-in leaves nothing to reuse");
}

async fn returning_user(backend: Backend) {
    let app = spawn_with_provider(backend).await;
    app.idp
        .sign_in_as(IdpUser::new("sub-bruno", "bruno@vecchio.example"));
    let mut first = Browser::new();
    app.sign_in(&mut first).await;
    let id = me(&app, &mut first).await.json()["id"].clone();

    app.idp
        .sign_in_as(IdpUser::new("sub-bruno", "bruno@nuovo.example"));
    let mut second = Browser::new();
    assert_eq!(app.sign_in(&mut second).await.status.as_u16(), 303);
    let again = me(&app, &mut second).await.json();
    assert_eq!(again["id"], id, "the same subject is the same user");
    assert_eq!(
        again["email"], "bruno@nuovo.example",
        "the e-mail follows the provider"
    );
    assert_eq!(app.users().await, 1);
}

async fn email_linking(backend: Backend) {
    let app = spawn_with_provider(backend).await;
    let existing = app
        .app
        .user("moderatrice@ente.example", Some("moderator"))
        .await;
    let existing_id = existing.get("/api/v1/me").await.ok(200)["id"].clone();
    let users = app.users().await;

    let unverified = IdpUser {
        email_verified: false,
        ..IdpUser::new("sub-impostora", "moderatrice@ente.example")
    };
    app.idp.sign_in_as(unverified);
    let refused = app.sign_in(&mut Browser::new()).await;
    assert_refused(&refused, 409, "email_taken");

    app.idp
        .sign_in_as(IdpUser::new("sub-moderatrice", "moderatrice@ente.example"));
    let mut browser = Browser::new();
    assert_eq!(app.sign_in(&mut browser).await.status.as_u16(), 303);
    let who = me(&app, &mut browser).await.json();
    assert_eq!(
        who["id"], existing_id,
        "a verified e-mail claims the account made beforehand"
    );
    assert_eq!(who["platform_role"], "moderator");
    assert_eq!(app.users().await, users, "no account was made");

    let no_email = IdpUser {
        email: None,
        ..IdpUser::new("sub-anonimo", "x@y.example")
    };
    app.idp.sign_in_as(no_email);
    assert_refused(
        &app.sign_in(&mut Browser::new()).await,
        401,
        "sign_in_failed",
    );
}

async fn forged_callbacks(backend: Backend) {
    let app = spawn_with_provider(backend).await;
    let mut browser = Browser::new();
    let authorize = app.begin(&mut browser, "/").await;
    let callback = app.authorize(&mut browser, &authorize).await;

    let wrong_state = with_param(&callback, "state", "not-the-state");
    assert_refused(&browser.get(&wrong_state).await, 401, "sign_in_failed");
    let no_state = with_param(&callback, "state", "");
    assert_refused(&browser.get(&no_state).await, 401, "sign_in_failed");

    // The right state in a browser that did not begin the sign-in (login CSRF).
    let mut other = Browser::new();
    assert_refused(&other.get(&callback).await, 401, "sign_in_failed");
    // That attempt is spent now: not even its own browser can finish it.
    assert_refused(&browser.get(&callback).await, 401, "sign_in_failed");

    // A finished sign-in cannot be replayed.
    let mut fresh = Browser::new();
    let done = app.sign_in(&mut fresh).await;
    assert_eq!(done.status.as_u16(), 303);
    let sessions = app.sessions().await;
    let replay_url = app
        .idp
        .authorize_requests()
        .last()
        .map(|a| a.params["state"].clone());
    let replay = with_param(&callback, "state", &replay_url.expect("a state"));
    assert_refused(&fresh.get(&replay).await, 401, "sign_in_failed");
    let cancelled = app.url("/auth/test/callback?error=access_denied&state=x");
    assert_refused(&fresh.get(&cancelled).await, 401, "sign_in_failed");
    assert_eq!(app.sessions().await, sessions, "no session was started");
}

async fn pkce_swap(backend: Backend) {
    let app = spawn_with_provider(backend).await;
    app.idp
        .sign_in_as(IdpUser::new("sub-vittima", "vittima@bottega.example"));
    let mut victim = Browser::new();
    let victim_authorize = app.begin(&mut victim, "/").await;
    let victim_callback = app.authorize(&mut victim, &victim_authorize).await;

    // An attacker who stole the victim's code injects it into a sign-in of their own: the
    // state and binding match the attacker's attempt, the PKCE verifier does not fit the code.
    let mut attacker = Browser::new();
    let attacker_authorize = app.begin(&mut attacker, "/").await;
    let attacker_callback = app.authorize(&mut attacker, &attacker_authorize).await;
    let injected = with_param(
        &attacker_callback,
        "code",
        &query_param(&victim_callback, "code"),
    );
    assert_refused(&attacker.get(&injected).await, 401, "sign_in_failed");
    assert_eq!(app.idp.token_errors(), ["wrong PKCE verifier"]);
    assert_eq!(app.sessions().await, 0);
    assert_eq!(app.users().await, 0);
}

async fn flawed_tokens(backend: Backend) {
    let app = spawn_with_provider(backend).await;
    for flaw in [
        TokenFlaw::Expired,
        TokenFlaw::BadSignature,
        TokenFlaw::WrongAudience,
        TokenFlaw::WrongIssuer,
        TokenFlaw::WrongNonce,
    ] {
        app.idp.set_flaw(flaw);
        let mut browser = Browser::new();
        let page = app.sign_in(&mut browser).await;
        assert_eq!(page.status.as_u16(), 401, "{flaw:?}: {}", page.body);
        assert_refused(&page, 401, "sign_in_failed");
        assert_eq!(
            me(&app, &mut browser).await.status.as_u16(),
            401,
            "{flaw:?}"
        );
    }
    assert_eq!((app.sessions().await, app.users().await), (0, 0));
    app.idp.set_flaw(TokenFlaw::None);
    assert_eq!(app.sign_in(&mut Browser::new()).await.status.as_u16(), 303);
}

async fn bad_requests(backend: Backend) {
    let app = spawn_with_provider(backend).await;
    let mut browser = Browser::new();
    assert_refused(
        &browser.get(&app.url("/auth/nessuno/login")).await,
        404,
        "unknown_sign_in_provider",
    );
    assert_refused(
        &browser
            .get(&app.url("/auth/test/login?return_to=//evil.example"))
            .await,
        400,
        "invalid_query_parameter",
    );
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let dead_issuer = format!("http://{}", closed.local_addr().expect("address"));
    drop(closed);
    let unreachable = app
        .app
        .second_server(|settings| {
            settings.oidc.providers = vec![OidcProviderSettings {
                name: "spento".into(),
                label: "Spento".into(),
                issuer_url: dead_issuer,
                client_id: "x".into(),
                client_secret: None,
                scopes: vec![],
            }];
        })
        .await;
    let page = browser
        .get(&format!("{}/auth/spento/login", unreachable.anonymous.base))
        .await;
    assert_refused(&page, 502, "sign_in_provider_unavailable");
    assert!(
        !page.body.contains("127.0.0.1"),
        "no internals: {}",
        page.body
    );
}

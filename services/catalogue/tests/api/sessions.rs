//! Browser sessions after an OpenID Connect sign-in: a new session at every sign-in (session
//! fixation), CSRF tokens on cookie-authenticated changes, idle and absolute expiry, sign-out
//! of one session or of all of them, and no session usable through the other transport.

use crate::sign_in::{SignInApp, me, spawn_with_provider};
use chrono::Utc;
use connessi_platform::auth::token_hash;
use connessi_platform::entities::{oidc_login, session};
use connessi_tests::{Backend, Browser, IdpUser, backend_tests};
use reqwest::Method;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

backend_tests! {
    signing_in_replaces_any_session_the_browser_already_had => fixation;
    cookie_authenticated_changes_need_the_sessions_csrf_token => csrf;
    sessions_end_when_idle_too_long_or_past_their_lifetime => expiry;
    signing_out_everywhere_ends_every_session_of_the_user => everywhere;
    a_browser_session_cannot_be_used_as_a_bearer_token => transport;
    housekeeping_deletes_expired_sessions_and_abandoned_sign_ins => housekeeping;
}

async fn signed_in(app: &SignInApp, subject: &str) -> Browser {
    app.idp
        .sign_in_as(IdpUser::new(subject, &format!("{subject}@bottega.example")));
    let mut browser = Browser::new();
    let page = app.sign_in(&mut browser).await;
    assert_eq!(page.status.as_u16(), 303, "{}", page.body);
    browser
}

fn session_token(browser: &Browser) -> String {
    browser
        .cookie("connessi_session")
        .expect("session cookie")
        .to_owned()
}

async fn stored(app: &SignInApp, token: &str) -> Option<session::Model> {
    session::Entity::find_by_id(token_hash(token))
        .one(&app.app.db.conn)
        .await
        .expect("read session")
}

async fn fixation(backend: Backend) {
    let app = spawn_with_provider(backend).await;
    // The attacker signs in and plants their own session cookie in the victim's browser.
    let attacker = signed_in(&app, "attaccante").await;
    let planted = session_token(&attacker);
    let mut victim = Browser::new();
    victim
        .cookies
        .insert("connessi_session".into(), planted.clone());
    assert_eq!(
        me(&app, &mut victim).await.json()["email"],
        "attaccante@bottega.example"
    );

    app.idp
        .sign_in_as(IdpUser::new("vittima", "vittima@bottega.example"));
    assert_eq!(app.sign_in(&mut victim).await.status.as_u16(), 303);
    let fresh = session_token(&victim);
    assert_ne!(fresh, planted, "a sign-in always starts a new session");
    assert_eq!(
        me(&app, &mut victim).await.json()["email"],
        "vittima@bottega.example"
    );
    assert!(
        stored(&app, &planted).await.is_none(),
        "the planted session was ended"
    );
}

async fn csrf(backend: Backend) {
    let app = spawn_with_provider(backend).await;
    let mut browser = signed_in(&app, "carla").await;
    let csrf = browser
        .cookie("connessi_csrf")
        .expect("csrf cookie")
        .to_owned();
    let sign_out = app.url("/api/v1/sign-out");

    let forged = browser.request(Method::POST, &sign_out, None).await;
    assert_eq!(forged.status.as_u16(), 403, "{}", forged.body);
    assert_eq!(forged.json()["code"], "csrf_check_failed");
    let guessed = browser
        .request(Method::POST, &sign_out, Some("indovinato"))
        .await;
    assert_eq!(guessed.json()["code"], "csrf_check_failed");
    let create = browser
        .request(Method::POST, &app.url("/api/v1/providers"), None)
        .await;
    assert_eq!(
        create.json()["code"],
        "csrf_check_failed",
        "{}",
        create.body
    );
    assert_eq!(
        me(&app, &mut browser).await.status.as_u16(),
        200,
        "the session lives on"
    );

    let done = browser.request(Method::POST, &sign_out, Some(&csrf)).await;
    assert_eq!(done.status.as_u16(), 204, "{}", done.body);
    assert!(
        browser.cookie("connessi_session").is_none(),
        "the cookie is removed"
    );
    assert_eq!(app.sessions().await, 0);
}

async fn expiry(backend: Backend) {
    let app = spawn_with_provider(backend).await;
    let mut idle = signed_in(&app, "dora").await;
    let token = session_token(&idle);
    let mut row: session::ActiveModel = stored(&app, &token).await.expect("session").into();
    row.last_seen_at = Set(Utc::now() - chrono::Duration::minutes(121));
    row.update(&app.app.db.conn).await.expect("age the session");
    assert_eq!(
        me(&app, &mut idle).await.status.as_u16(),
        401,
        "idle for over 120 minutes"
    );
    assert!(
        stored(&app, &token).await.is_none(),
        "an idle session is deleted when seen"
    );

    let mut old = signed_in(&app, "elio").await;
    let token = session_token(&old);
    let mut row: session::ActiveModel = stored(&app, &token).await.expect("session").into();
    row.expires_at = Set(Utc::now() - chrono::Duration::seconds(1));
    row.update(&app.app.db.conn)
        .await
        .expect("expire the session");
    assert_eq!(
        me(&app, &mut old).await.status.as_u16(),
        401,
        "past its absolute lifetime"
    );

    let mut active = signed_in(&app, "fabio").await;
    let token = session_token(&active);
    let before = stored(&app, &token).await.expect("session").last_seen_at;
    let mut row: session::ActiveModel = stored(&app, &token).await.expect("session").into();
    row.last_seen_at = Set(before - chrono::Duration::minutes(100));
    row.update(&app.app.db.conn).await.expect("age the session");
    assert_eq!(me(&app, &mut active).await.status.as_u16(), 200);
    let seen = stored(&app, &token).await.expect("session").last_seen_at;
    assert!(
        seen > before - chrono::Duration::minutes(1),
        "use keeps a session alive"
    );
}

async fn everywhere(backend: Backend) {
    let app = spawn_with_provider(backend).await;
    let mut laptop = signed_in(&app, "gina").await;
    let mut phone = signed_in(&app, "gina").await;
    let mut someone_else = signed_in(&app, "ugo").await;
    let csrf = phone.cookie("connessi_csrf").expect("csrf").to_owned();
    let ended = phone
        .request(
            Method::POST,
            &app.url("/api/v1/sign-out/everywhere"),
            Some(&csrf),
        )
        .await;
    assert_eq!(ended.status.as_u16(), 200, "{}", ended.body);
    assert_eq!(ended.json()["sessions_ended"], 2);
    assert_eq!(me(&app, &mut laptop).await.status.as_u16(), 401);
    assert_eq!(me(&app, &mut phone).await.status.as_u16(), 401);
    assert_eq!(me(&app, &mut someone_else).await.status.as_u16(), 200);
}

async fn transport(backend: Backend) {
    let app = spawn_with_provider(backend).await;
    let browser = signed_in(&app, "ivo").await;
    let as_bearer = app
        .app
        .anonymous
        .with_token(Some(session_token(&browser)))
        .get("/api/v1/me")
        .await;
    as_bearer.problem(401, "unauthenticated");
    // And a bearer session in a cookie is no session at all.
    let api = app.app.user("api@bottega.example", None).await;
    let mut cookie_jar = Browser::new();
    cookie_jar
        .cookies
        .insert("connessi_session".into(), api.token.clone().expect("token"));
    assert_eq!(me(&app, &mut cookie_jar).await.status.as_u16(), 401);
}

async fn housekeeping(backend: Backend) {
    let app = spawn_with_provider(backend).await;
    let live = signed_in(&app, "lia").await;
    let old = signed_in(&app, "max").await;
    let token = session_token(&old);
    let mut row: session::ActiveModel = stored(&app, &token).await.expect("session").into();
    row.expires_at = Set(Utc::now() - chrono::Duration::seconds(1));
    row.update(&app.app.db.conn)
        .await
        .expect("expire the session");
    let mut abandoned = Browser::new();
    app.begin(&mut abandoned, "/").await;
    let login = oidc_login::Entity::find()
        .one(&app.app.db.conn)
        .await
        .expect("read")
        .expect("a begun sign-in");
    let mut login: oidc_login::ActiveModel = login.into();
    login.expires_at = Set(Utc::now() - chrono::Duration::seconds(1));
    login
        .update(&app.app.db.conn)
        .await
        .expect("age the sign-in");

    let swept = connessi_platform::housekeeping::sweep(&app.app.db.conn)
        .await
        .expect("sweep");
    // The app's own housekeeping loop sweeps at start too, and on a loaded machine it may get
    // there first: between the two, each expired row is deleted exactly once.
    assert!(swept.0 <= 1 && swept.1 <= 1, "{swept:?}");
    assert!(
        oidc_login::Entity::find()
            .one(&app.app.db.conn)
            .await
            .expect("read")
            .is_none(),
        "the abandoned sign-in is gone"
    );
    assert!(
        stored(&app, &session_token(&live)).await.is_some(),
        "live sessions stay"
    );
    assert!(stored(&app, &token).await.is_none());
}

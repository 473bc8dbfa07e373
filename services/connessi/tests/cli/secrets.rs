//! No secret reaches a log line: the real binary, configured with an OpenID Connect provider
//! that runs in the test, an SMTP server whose password it must keep (and which refuses
//! connections, so e-mail errors are logged) and, when `CONNESSI_TEST_MEILI_URL` is set, a
//! Meilisearch admin key, goes through sign-ins, refusals, API tokens, an onboarding request
//! and a conversation while its log is captured; then no token, code, state, nonce, verifier,
//! cookie, password, key or message body is in it.

use super::{BIN, free_port};
use connessi_tests::{Backend, Browser, Client, TestDatabase, TestIdentityProvider};
use reqwest::Method;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_token_code_cookie_password_key_or_message_text_is_ever_logged() {
    let db = TestDatabase::new(Backend::Sqlite).await;
    let data = tempfile::tempdir().unwrap();
    let idp = TestIdentityProvider::start().await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let config = data.path().join("connessi.toml");
    let smtp_password = "smtp-password-4d8e2b71";
    let closed_port = free_port();
    let meili = std::env::var("CONNESSI_TEST_MEILI_URL").ok().map(|url| {
        let key = std::env::var("CONNESSI_TEST_MEILI_KEY").unwrap_or_default();
        let index = format!("secrets_{}", uuid::Uuid::new_v4().simple());
        (url, key, index)
    });
    let search = meili.as_ref().map_or(String::new(), |(url, key, index)| {
        format!("[search]\nurl = \"{url}\"\napi_key = \"{key}\"\nindex = \"{index}\"\n")
    });
    std::fs::write(
        &config,
        format!(
            "[[oidc.providers]]\nname = \"test\"\nlabel = \"Test\"\nissuer_url = \"{}\"\n\
             client_id = \"{}\"\nclient_secret = \"{}\"\n\
             [email]\nsmtp_url = \"smtp://connessi:{smtp_password}@127.0.0.1:{closed_port}\"\n\
             retry_base_ms = 100\npoll_interval_ms = 100\n{search}",
            idp.issuer, idp.client_id, idp.client_secret
        ),
    )
    .unwrap();
    let log_path = data.path().join("server.log");
    let mut child = Command::new(BIN)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CONNESSI_CONFIG", &config)
        .env("CONNESSI_DATA_DIR", data.path())
        .env("CONNESSI_DATABASE_URL", &db.url)
        .env("CONNESSI_LISTEN", format!("127.0.0.1:{port}"))
        .env("CONNESSI_PUBLIC_URL", &base)
        .env("CONNESSI_LOG__FORMAT", "json")
        // Everything Connessi's own code logs, down to debug.
        .env(
            "CONNESSI_LOG__LEVEL",
            "info,connessi=debug,connessi_platform=debug,connessi_catalogue=debug",
        )
        .args(["serve", "--demo"])
        .stdout(Stdio::from(std::fs::File::create(&log_path).unwrap()))
        .stderr(Stdio::from(
            std::fs::File::create(data.path().join("stderr.log")).unwrap(),
        ))
        .spawn()
        .unwrap();
    let client = Client::new(base.clone());
    wait_ready(&client).await;

    let mut secrets = vec![idp.client_secret.clone(), smtp_password.to_owned()];
    if let Some((_, key, _)) = &meili {
        secrets.push(key.clone());
    }
    let mut browser = Browser::new();
    let login = browser
        .get(&format!("{base}/auth/test/login?return_to=/"))
        .await;
    let authorize = login.location.clone().expect("to the provider");
    secrets.push(browser.cookie("connessi_oidc").unwrap().to_owned());
    let callback = browser
        .get(&authorize)
        .await
        .location
        .expect("to the callback");
    let params: Vec<(String, String)> = url::Url::parse(&callback)
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    secrets.extend(params.iter().map(|(_, v)| v.clone()));
    let seen = idp.authorize_requests();
    secrets.push(seen[0].params["nonce"].clone());
    secrets.push(seen[0].params["code_challenge"].clone());
    let landed = browser.get(&callback).await;
    assert_eq!(landed.status.as_u16(), 303, "{}", landed.body);
    let csrf = browser.cookie("connessi_csrf").unwrap().to_owned();
    secrets.push(browser.cookie("connessi_session").unwrap().to_owned());
    secrets.push(csrf.clone());
    // A replayed callback and a forged CSRF token are refused (and logged as refusals).
    assert_eq!(browser.get(&callback).await.status.as_u16(), 401);
    let forged = browser
        .request(
            Method::POST,
            &format!("{base}/api/v1/sign-out"),
            Some("forged-csrf-token-xyz"),
        )
        .await;
    assert_eq!(forged.status.as_u16(), 403);
    secrets.push("forged-csrf-token-xyz".into());

    let moderator = client.sign_in("moderatrice@connessi.example").await;
    secrets.push(moderator.token.clone().unwrap());
    moderator.get("/api/v1/moderation/queue").await.ok(200);
    let bogus = client.with_token(Some("bogus-bearer-token-abc123".into()));
    bogus
        .get("/api/v1/me")
        .await
        .problem(401, "unauthenticated");
    secrets.push("bogus-bearer-token-abc123".into());
    // A provider's API token, made, used and revoked.
    let owner = client.sign_in("titolare@bottegadigitale.example").await;
    secrets.push(owner.token.clone().unwrap());
    let me = owner.get("/api/v1/me").await;
    let provider = me.ok(200)["providers"][0]["provider_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let made = owner
        .post(
            &format!("/api/v1/providers/{provider}/api-tokens"),
            &serde_json::json!({ "name": "gestionale", "scopes": ["read"] }),
        )
        .await;
    let api_token = made.ok(201)["token"].as_str().unwrap().to_owned();
    let system = client.with_token(Some(api_token.clone()));
    system.get("/api/v1/me").await.ok(200);
    let revoke = format!(
        "/api/v1/providers/{provider}/api-tokens/{}",
        made.body["id"].as_str().unwrap()
    );
    owner.delete(&revoke).await;
    system
        .get("/api/v1/me")
        .await
        .problem(401, "unauthenticated");
    secrets.push(api_token);
    // A shop asks for an offer and writes to the provider: the texts are private.
    let shop_owner = client.sign_in("marta@forno-treviso.example").await;
    secrets.push(shop_owner.token.clone().unwrap());
    let me = shop_owner.get("/api/v1/me").await;
    let shop = me.ok(200)["shops"][0]["shop_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let found = client.get("/api/v1/offers/search?per_page=1").await;
    let offer = found.ok(200)["hits"][0]["offer"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let request_text = "Richiesta riservata 5be1c0de";
    let asked = shop_owner
        .post_with_headers(
            &format!("/api/v1/shops/{shop}/requests"),
            &serde_json::json!({ "offer_id": offer, "message": request_text }),
            &[("idempotency-key", "secrets-1")],
        )
        .await;
    let request = asked.ok(201)["id"].as_str().unwrap().to_owned();
    let opened = format!("/api/v1/onboarding-requests/{request}/conversation");
    let thread = shop_owner.post(&opened, &serde_json::json!({})).await;
    let thread = thread.body["id"]
        .as_str()
        .expect("a conversation")
        .to_owned();
    let message_text = "Messaggio riservato 9f04aa71";
    shop_owner
        .post(
            &format!("/api/v1/conversations/{thread}/messages"),
            &serde_json::json!({ "body": message_text }),
        )
        .await
        .ok(201);
    secrets.extend([request_text.to_owned(), message_text.to_owned()]);
    // Time for the notifier and the e-mail sender to try (and fail) to send.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let out = browser
        .request(
            Method::POST,
            &format!("{base}/api/v1/sign-out"),
            Some(&csrf),
        )
        .await;
    assert_eq!(out.status.as_u16(), 204);

    Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "the server did not stop");
        std::thread::sleep(Duration::from_millis(100));
    }
    let log = std::fs::read_to_string(&log_path).unwrap()
        + &std::fs::read_to_string(data.path().join("stderr.log")).unwrap();
    assert!(
        log.contains("signed in") && log.contains("request refused"),
        "the log was captured: {log}"
    );
    assert!(
        log.contains("an e-mail could not be sent"),
        "the failing e-mail deliveries were logged: {log}"
    );
    for secret in secrets.iter().filter(|s| s.len() >= 8) {
        assert!(
            !log.contains(secret.as_str()),
            "a secret was logged: {secret}"
        );
    }
    if let Some((url, key, index)) = meili {
        let config = connessi_search::meili::MeiliConfig::new(url, key, index);
        let opened = connessi_search::meili::MeiliIndex::open(config)
            .await
            .unwrap();
        opened.destroy().await.unwrap();
    }
}

async fn wait_ready(client: &Client) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Ok(response) = client
            .http
            .get(format!("{}/readyz", client.base))
            .send()
            .await
            && response.status() == 200
        {
            return;
        }
        assert!(Instant::now() < deadline, "the server did not become ready");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

//! Embeds of the search widget over HTTP: registering a site's origins, the moderators'
//! decision, the widget's search answering (with CORS) only approved origins, the traffic it
//! counts, and each key's own rate limit.

use crate::market::{Market, market, market_with};
use crate::support::audit_actions;
use connessi_tests::fixtures::offer_content;
use connessi_tests::{Backend, Client, backend_tests};
use reqwest::header::HeaderMap;
use serde_json::{Value, json};

backend_tests! {
    a_site_gets_answers_only_once_approved_and_only_on_its_registered_origins => origins_and_approval;
    the_widget_counts_views_searches_click_throughs_and_requests_started_but_not_previews => traffic_counted;
    each_embed_key_has_its_own_rate_limit => rate_limits;
    only_the_owner_and_moderators_see_an_embed_and_only_moderators_decide => access;
}

const SITE: &str = "https://www.comune.treviso.it";

/// What the widget's search answered: status, headers and body.
struct Answer {
    status: u16,
    headers: HeaderMap,
    body: Value,
}

impl Answer {
    fn allowed_origin(&self) -> Option<&str> {
        self.headers
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok())
    }
}

/// A browser-like call of the widget's search from a page on `origin`.
async fn widget(base: &str, query: &str, origin: Option<&str>) -> Answer {
    let mut request = reqwest::Client::new().get(format!("{base}/api/v1/widget/search?{query}"));
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    let response = request.send().await.expect("widget search answered");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.json().await.unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        body,
    }
}

async fn register(embedder: &Client, origins: &[&str]) -> (String, String) {
    let created = embedder
        .post(
            "/api/v1/embeds",
            &json!({ "name": "Comune di Treviso", "origins": origins }),
        )
        .await;
    let body = created.ok(201);
    (
        body["id"].as_str().unwrap().to_owned(),
        body["public_key"].as_str().unwrap().to_owned(),
    )
}

async fn decide(m: &Market, id: &str, action: &str, reason: Option<&str>) -> connessi_tests::Reply {
    m.moderator
        .post(
            &format!("/api/v1/moderation/embeds/{id}/decision"),
            &json!({ "action": action, "reason": reason }),
        )
        .await
}

/// A published offer in Treviso's province and one in Bari's, both indexed.
async fn two_offers(m: &Market) -> (String, String) {
    let treviso = m.offer("Cassa in cloud per la bottega", 5).await;
    let mut bari = offer_content("Vetrina online per Bari");
    bari["territory"] =
        json!({ "national": false, "regions": [], "provinces": ["BA"], "comuni": [] });
    let bari = m.publish(&bari).await;
    crate::pages::support::indexed(m, 2).await;
    (treviso, bari)
}

async fn origins_and_approval(backend: Backend) {
    let m = market(backend).await;
    let (treviso, _) = two_offers(&m).await;
    let base = m.app.anonymous.base.clone();
    let embedder = m.app.user("redazione@comune-treviso.example", None).await;

    let bad = embedder
        .post(
            "/api/v1/embeds",
            &json!({ "name": " ", "origins": ["ftp://x.example", "https://a.example/news", "http://comune.example"] }),
        )
        .await;
    let problem = bad.problem(422, "validation_failed");
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "origins[0]", "origins[1]", "origins[2]"]);
    assert_eq!(embedder.get("/api/v1/embeds").await.ok(200), &json!([]));

    // The same origin twice, written differently, is kept once.
    let (id, key) = register(&embedder, &[SITE, "https://WWW.Comune.Treviso.it/"]).await;
    let mine = embedder.get("/api/v1/embeds").await;
    assert_eq!(mine.ok(200)[0]["origins"], json!([SITE]));
    assert_eq!(mine.ok(200)[0]["status"], "pending");
    assert!(key.starts_with("pk_") && key.len() == 35, "{key}");

    let waiting = widget(&base, &format!("key={key}&territory=TV"), Some(SITE)).await;
    assert_eq!(
        (waiting.status, waiting.body["code"].as_str()),
        (403, Some("embed_not_approved"))
    );
    assert_eq!(waiting.allowed_origin(), None);

    decide(&m, &id, "approve", None).await.ok(200);
    let approved = widget(&base, &format!("key={key}&territory=TV"), Some(SITE)).await;
    assert_eq!(approved.status, 200, "{}", approved.body);
    assert_eq!(approved.allowed_origin(), Some(SITE));
    assert_eq!(approved.headers["vary"], "Origin");
    let hits = approved.body["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "only Treviso's offer: {}", approved.body);
    assert_eq!(hits[0]["id"], treviso.as_str());
    assert_eq!(hits[0]["free_period"], "6 mesi gratis");
    let click = format!("{base}/widget/go/{treviso}?key={key}");
    assert_eq!(hits[0]["url"], click.as_str());
    assert_eq!(approved.body["categories"][0]["code"], "digital_payments");

    let elsewhere = widget(&base, &format!("key={key}"), Some("https://evil.example")).await;
    assert_eq!(elsewhere.status, 403);
    assert_eq!(elsewhere.body["code"], "embed_origin_not_allowed");
    assert_eq!(elsewhere.allowed_origin(), None);
    let no_origin = widget(&base, &format!("key={key}"), None).await;
    assert_eq!(no_origin.status, 403);
    let unknown = widget(&base, "key=pk_00000000000000000000000000000000", Some(SITE)).await;
    assert_eq!(unknown.body["code"], "unknown_embed_key");
    let bad_place = widget(&base, &format!("key={key}&territory=ZZ"), Some(SITE)).await;
    assert_eq!(bad_place.status, 400);
    assert_eq!(
        bad_place.allowed_origin(),
        Some(SITE),
        "the site may read why"
    );

    decide(&m, &id, "suspend", None)
        .await
        .problem(422, "reason_required");
    decide(&m, &id, "suspend", Some("sito non più dell'ente"))
        .await
        .ok(200);
    decide(&m, &id, "reject", Some("troppo tardi"))
        .await
        .problem(409, "invalid_transition");
    let suspended = widget(&base, &format!("key={key}"), Some(SITE)).await;
    assert_eq!(suspended.body["code"], "embed_not_approved");
    let owner_view = embedder.get(&format!("/api/v1/embeds/{id}")).await;
    assert_eq!(owner_view.ok(200)["reason"], "sito non più dell'ente");
    let actions = audit_actions(&m.moderator, &id).await;
    assert_eq!(
        actions,
        ["embed_suspended", "embed_approved", "embed_registered"]
    );
}

/// A navigation to `path` from a page at `referer`, not followed: its status and Location.
async fn navigate(base: &str, path: &str, referer: &str) -> (u16, String) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = client
        .get(format!("{base}{path}"))
        .header("referer", referer)
        .send()
        .await
        .unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    (response.status().as_u16(), location)
}

async fn traffic_counted(backend: Backend) {
    let m = market(backend).await;
    let (treviso, _) = two_offers(&m).await;
    let base = m.app.anonymous.base.clone();
    let embedder = m.app.user("redazione@comune-treviso.example", None).await;
    let (id, key) = register(&embedder, &[SITE]).await;
    decide(&m, &id, "approve", None).await.ok(200);

    assert_eq!(
        widget(&base, &format!("key={key}&view=1"), Some(SITE))
            .await
            .status,
        200
    );
    for words in ["cassa", "vetrina"] {
        let found = widget(&base, &format!("key={key}&q={words}"), Some(SITE)).await;
        assert_eq!(found.status, 200);
    }
    // The snippet generator's preview, on Connessi's own page, is not the site's traffic.
    assert_eq!(
        widget(&base, &format!("key={key}&view=1"), Some(&base))
            .await
            .status,
        200
    );

    let page = format!("{SITE}/servizi/imprese");
    let (status, offer_page) =
        navigate(&base, &format!("/widget/go/{treviso}?key={key}"), &page).await;
    assert_eq!(
        (status, offer_page.as_str()),
        (303, format!("/offers/{treviso}?embed={key}").as_str())
    );
    navigate(
        &base,
        &format!("/widget/go/{treviso}?key={key}"),
        &format!("{base}/embed/{id}"),
    )
    .await;
    let html = reqwest::get(format!("{base}{offer_page}"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let ask = format!("/widget/request/{treviso}?key={key}");
    assert!(
        html.contains(&ask),
        "the request button goes through the counter"
    );
    let (status, form) = navigate(&base, &ask, &format!("{base}{offer_page}")).await;
    assert_eq!(
        (status, form),
        (303, format!("/shop/requests/new?offer_id={treviso}"))
    );
    // A link with a key this server never made goes to the offer without carrying it.
    let (_, plain) = navigate(&base, &format!("/widget/go/{treviso}?key=%22%3E"), &page).await;
    assert_eq!(plain, format!("/offers/{treviso}"));

    let traffic = embedder.get(&format!("/api/v1/embeds/{id}/traffic")).await;
    let totals = &traffic.ok(200)["totals"];
    assert_eq!(
        totals,
        &json!({ "views": 1, "searches": 2, "clicks": 1, "requests_started": 1 })
    );
    assert_eq!(traffic.ok(200)["by_day"].as_array().unwrap().len(), 1);
}

async fn rate_limits(backend: Backend) {
    let m = market_with(backend, |s| s.catalogue.widget_requests_per_minute = 3).await;
    two_offers(&m).await;
    let base = m.app.anonymous.base.clone();
    let embedder = m.app.user("redazione@comune-treviso.example", None).await;
    let (busy_id, busy) = register(&embedder, &[SITE]).await;
    let (calm_id, calm) = register(&embedder, &["https://www.camcom.tv.it"]).await;
    decide(&m, &busy_id, "approve", None).await.ok(200);
    decide(&m, &calm_id, "approve", None).await.ok(200);
    for _ in 0..3 {
        assert_eq!(
            widget(&base, &format!("key={busy}"), Some(SITE))
                .await
                .status,
            200
        );
    }
    let refused = widget(&base, &format!("key={busy}"), Some(SITE)).await;
    assert_eq!(refused.status, 429);
    assert_eq!(refused.body["code"], "rate_limited");
    let wait: u64 = refused.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=21).contains(&wait),
        "a third of a minute at most: {wait}"
    );
    assert_eq!(
        refused.allowed_origin(),
        Some(SITE),
        "the widget can say why"
    );
    let other = widget(
        &base,
        &format!("key={calm}"),
        Some("https://www.camcom.tv.it"),
    )
    .await;
    assert_eq!(other.status, 200, "another key keeps its own allowance");
}

async fn access(backend: Backend) {
    let m = market(backend).await;
    let embedder = m.app.user("redazione@comune-treviso.example", None).await;
    let stranger = m.app.user("curioso@altrove.example", None).await;
    let (id, _) = register(&embedder, &[SITE]).await;
    let path = format!("/api/v1/embeds/{id}");
    stranger.get(&path).await.problem(404, "not_found");
    stranger
        .get(&format!("{path}/traffic"))
        .await
        .problem(404, "not_found");
    let change = json!({ "name": "Mio", "origins": ["https://mio.example"] });
    stranger.put(&path, &change).await.problem(404, "not_found");
    assert_eq!(stranger.get("/api/v1/embeds").await.ok(200), &json!([]));
    m.app
        .anonymous
        .get("/api/v1/embeds")
        .await
        .problem(401, "unauthenticated");
    let decision = format!("/api/v1/moderation/embeds/{id}/decision");
    embedder
        .post(&decision, &json!({ "action": "approve" }))
        .await
        .problem(403, "forbidden");
    assert_eq!(m.moderator.get(&path).await.ok(200)["status"], "pending");
    let all = m.moderator.get("/api/v1/moderation/embeds").await;
    assert_eq!(all.ok(200)[0]["id"], id.as_str());

    // Approved, then given a new origin: the new origin goes back to review.
    decide(&m, &id, "approve", None).await.ok(200);
    let changed = embedder
        .put(&path, &json!({ "name": "Comune di Treviso", "origins": [SITE, "https://turismo.comune.treviso.it"] }))
        .await;
    assert_eq!(changed.ok(200)["status"], "pending");
    let renamed = embedder
        .put(&path, &json!({ "name": "Città di Treviso", "origins": [SITE, "https://turismo.comune.treviso.it"] }))
        .await;
    assert_eq!(renamed.ok(200)["name"], "Città di Treviso");
}

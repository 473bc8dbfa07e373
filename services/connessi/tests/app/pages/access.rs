//! Who may open which page, checked over plain HTTP: the page tables as reviewed, visitors led
//! to the sign-in page and back, and a request of another shop or provider hidden (404).

use crate::market::{ask, market};
use connessi_tests::{Backend, Browser, backend_tests};

backend_tests! {
    visitors_are_sent_to_sign_in_and_outsiders_never_see_anothers_request => outsiders;
}

/// The rules as reviewed, like the API's: a change to who may open a page shows up here.
const REVIEWED_PAGE_RULES: &[(&str, &str, &str)] = &[
    ("GET", "/", "Public"),
    ("GET", "/compare", "Public"),
    ("GET", "/conversations", "SignedIn"),
    ("GET", "/conversations/{id}", "SignedIn"),
    ("POST", "/conversations/for-request/{id}", "SignedIn"),
    ("POST", "/conversations/{id}/messages", "SignedIn"),
    ("GET", "/criteria", "Public"),
    ("GET", "/language/{code}", "Public"),
    ("GET", "/offers/{id}", "Public"),
    ("GET", "/moderation", "Moderator"),
    ("GET", "/moderation/embeds", "Moderator"),
    ("POST", "/moderation/embeds/{id}", "Moderator"),
    ("GET", "/embed", "SignedIn"),
    ("POST", "/embed", "SignedIn"),
    ("GET", "/embed/new", "SignedIn"),
    ("GET", "/embed/{id}", "SignedIn"),
    ("POST", "/embed/{id}", "SignedIn"),
    ("GET", "/widget/connessi-search.js", "Public"),
    ("GET", "/widget/go/{id}", "Public"),
    ("GET", "/widget/request/{id}", "Public"),
    ("GET", "/moderation/review/{kind}/{id}", "Moderator"),
    ("POST", "/moderation/review/{kind}/{id}", "Moderator"),
    ("GET", "/provider", "SignedIn"),
    ("GET", "/provider/offers", "SignedIn"),
    ("POST", "/provider/offers", "SignedIn"),
    ("GET", "/provider/offers/new", "SignedIn"),
    ("POST", "/provider/offers/{id}", "SignedIn"),
    ("GET", "/provider/offers/{id}/edit", "SignedIn"),
    ("POST", "/provider/offers/{id}/withdraw", "SignedIn"),
    ("GET", "/provider/requests/{id}", "SignedIn"),
    ("POST", "/provider/requests/{id}/{action}", "SignedIn"),
    ("GET", "/shop", "SignedIn"),
    ("POST", "/shop/requests", "SignedIn"),
    ("GET", "/shop/requests/new", "SignedIn"),
    ("GET", "/shop/requests/{id}", "SignedIn"),
    ("GET", "/notifications", "SignedIn"),
    ("POST", "/notifications/read", "SignedIn"),
    ("GET", "/settings/notifications", "SignedIn"),
    ("POST", "/settings/notifications", "SignedIn"),
    ("GET", "/saved-searches", "SignedIn"),
    ("POST", "/saved-searches", "Public"),
    ("POST", "/saved-searches/{id}/delete", "SignedIn"),
    ("GET", "/provider/register", "SignedIn"),
    ("POST", "/provider/register", "SignedIn"),
    ("GET", "/provider/figures", "SignedIn"),
    ("GET", "/provider/tokens", "SignedIn"),
    ("POST", "/provider/tokens", "SignedIn"),
    ("POST", "/provider/tokens/{id}/revoke", "SignedIn"),
    ("GET", "/shop/register", "SignedIn"),
    ("POST", "/shop/register", "SignedIn"),
    ("GET", "/shop/profile", "SignedIn"),
    ("POST", "/shop/profile", "SignedIn"),
    ("GET", "/shop/recommendations", "SignedIn"),
    ("GET", "/shop/follow-ups", "SignedIn"),
    ("POST", "/shop/follow-ups/{id}", "SignedIn"),
    (
        "POST",
        "/conversations/{id}/messages/{message_id}/report",
        "SignedIn",
    ),
    ("GET", "/moderation/reports", "Moderator"),
    ("POST", "/moderation/reports/{id}", "Moderator"),
    ("GET", "/moderation/providers", "Moderator"),
    ("POST", "/moderation/providers/{id}", "Moderator"),
    ("GET", "/moderation/audit", "Moderator"),
    ("POST", "/moderation/offers/{id}/{action}", "Moderator"),
    ("GET", "/moderation/rounds", "Moderator"),
    ("POST", "/moderation/rounds", "Moderator"),
    ("GET", "/moderation/rounds/new", "Moderator"),
    ("GET", "/moderation/rounds/{id}", "Moderator"),
    ("POST", "/moderation/rounds/{id}/dry-run", "Moderator"),
    ("POST", "/moderation/rounds/{id}/publish", "Moderator"),
    ("GET", "/moderation/figures", "Moderator"),
    ("GET", "/moderation/figures.csv", "Moderator"),
    ("GET", "/moderation/shops", "Moderator"),
    ("POST", "/moderation/shops/{id}", "Moderator"),
    ("GET", "/provider/import", "SignedIn"),
    ("POST", "/provider/import", "SignedIn"),
    ("GET", "/provider/import/template.csv", "SignedIn"),
    ("GET", "/sign-in", "Public"),
    ("POST", "/sign-in/dev", "Public"),
    ("POST", "/sign-out", "SignedIn"),
];

#[test]
fn the_page_access_rules_are_the_reviewed_ones() {
    let tables = [
        connessi_catalogue::pages::table(),
        connessi_matching::pages::table(),
        connessi_messaging::pages::table(),
        connessi_web::sign_in::table(),
    ];
    let mut actual: Vec<(String, String, String)> = tables
        .iter()
        .flat_map(|t| t.rules())
        .map(|(method, path, rule)| (method.to_string(), path, format!("{rule:?}")))
        .collect();
    actual.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
    let mut reviewed: Vec<(String, String, String)> = REVIEWED_PAGE_RULES
        .iter()
        .map(|(m, p, r)| (m.to_string(), p.to_string(), r.to_string()))
        .collect();
    reviewed.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
    assert_eq!(actual, reviewed);
}

/// A browser-like client signed in with the development sign-in form.
async fn signed_in(base: &str, email: &str) -> Browser {
    let mut browser = Browser::new();
    let response = browser
        .http
        .post(format!("{base}/sign-in/dev"))
        .form(&[("email", email), ("return_to", "/")])
        .send()
        .await
        .expect("signed in");
    assert_eq!(response.status(), 303);
    for cookie in response.headers().get_all("set-cookie") {
        let (pair, _) = cookie.to_str().unwrap().split_once(';').unwrap();
        let (name, value) = pair.split_once('=').unwrap();
        browser.cookies.insert(name.to_owned(), value.to_owned());
    }
    browser
}

async fn outsiders(backend: Backend) {
    let m = market(backend).await;
    let offer = m.offer("Cassa in cloud per la bottega", 3).await;
    let (shop, shop_id) = m.shop("forno").await;
    let request = ask(&shop, &shop_id, &offer, "k-1").await.ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    m.shop("ferramenta").await;
    let base = m.app.anonymous.base.clone();

    let mut visitor = Browser::new();
    let led = visitor
        .get(&format!("{base}/shop/requests/{request}"))
        .await;
    assert_eq!(led.status, 303);
    let to = led.location.unwrap();
    assert_eq!(
        to,
        format!("/sign-in?return_to=%2Fshop%2Frequests%2F{request}")
    );

    let mut owner = signed_in(&base, "titolare@forno.example").await;
    let own = owner.get(&format!("{base}/shop/requests/{request}")).await;
    assert_eq!(own.status, 200);
    assert!(own.body.contains("Cassa in cloud per la bottega"));

    let mut other = signed_in(&base, "titolare@ferramenta.example").await;
    for path in [
        format!("/shop/requests/{request}"),
        format!("/provider/requests/{request}"),
    ] {
        let hidden = other.get(&format!("{base}{path}")).await;
        assert_eq!(hidden.status, 404, "{path}");
        assert!(
            hidden.body.contains("Pagina non trovata"),
            "{}",
            hidden.body
        );
    }
    let not_a_provider = other.get(&format!("{base}/provider")).await;
    assert_eq!(not_a_provider.status, 403);
}

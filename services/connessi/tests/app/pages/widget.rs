//! The embedder's journey: a municipality's web editor registers its site, generates the
//! snippet with the live preview, a moderator approves the site, and the two lines pasted in a
//! page served from another origin (with hostile CSS) show Connessi's search scoped to the
//! territory; the same lines on an unregistered origin are refused.

use super::support::{indexed, italian_browser, sign_in};
use crate::market::market;
use connessi_tests::fixtures::offer_content;
use connessi_tests::{Backend, Chrome, backend_tests};
use serde_json::{Value, json};
use std::time::Duration;

backend_tests! {
    an_embedders_snippet_works_on_its_approved_site_and_is_refused_on_another => journey;
}

/// A host page on its own origin (`http://localhost:{port}`, where the application is on
/// `127.0.0.1`), with CSS that would break any widget it could reach; `port` 0 for any.
async fn host_site(snippet: &str, port: u16) -> String {
    let page = format!(
        "<!doctype html><html lang=\"it\"><head><meta charset=\"utf-8\"><title>Comune di Prova</title>\
         <style>* {{ color: #8b008b !important; font-size: 40px !important; }} input, ol {{ display: none !important; }}</style>\
         </head><body><main><h1>Servizi per le imprese</h1>{snippet}</main></body></html>"
    );
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    let app = axum::Router::new().route(
        "/",
        axum::routing::get(move || async move { axum::response::Html(page) }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    format!("http://localhost:{port}")
}

/// Runs `script` (a function body over the widget's shadow root `root`) until it returns a
/// text containing `wanted`.
async fn wait_in_widget(chrome: &Chrome, script: &str, wanted: &str) -> String {
    let body = format!(
        "const root = document.querySelector('connessi-search').shadowRoot; if (!root) return ''; {script}"
    );
    let mut seen = String::new();
    for _ in 0..200 {
        let value = chrome
            .client
            .execute(&body, vec![])
            .await
            .unwrap_or(Value::Null);
        seen = value.as_str().unwrap_or("").to_owned();
        if seen.contains(wanted) {
            return seen;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the widget never showed {wanted:?}; it shows {seen:?}");
}

const STATUS: &str = "return root.querySelector('.status').textContent;";
const TITLES: &str =
    "return [...root.querySelectorAll('li.hit h3 a')].map(a => a.textContent).join(' | ');";

async fn journey(backend: Backend) {
    let m = market(backend).await;
    let base = m.app.anonymous.base.clone();
    m.offer("Cassa in cloud per la bottega", 5).await;
    let mut bari = offer_content("Vetrina online per Bari");
    bari["territory"] =
        json!({ "national": false, "regions": [], "provinces": ["BA"], "comuni": [] });
    m.publish(&bari).await;
    indexed(&m, 2).await;

    let api = m.app.user("redazione@comune-prova.example", None).await;
    let editor = italian_browser().await;
    sign_in(&editor, &base, "redazione@comune-prova.example").await;
    editor.goto(&format!("{base}/embed")).await;
    editor.assert_accessible("embedder's sites").await;
    editor.click("a[href='/embed/new']").await;
    editor.fill("#name", "Comune di Prova").await;
    editor.fill("#origins", "ftp://sbagliato.example").await;
    editor
        .click("form[action='/embed'] button[type=submit]")
        .await;
    editor.wait_for_text("#errors", "origins[0]").await;
    editor
        .assert_accessible("site registration with errors")
        .await;
    // The site's origin is registered before the site serves the snippet: its port first.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let site = format!("http://localhost:{port}");
    editor.fill("#origins", &site).await;
    editor
        .click("form[action='/embed'] button[type=submit]")
        .await;
    editor
        .wait_for_text(".alert-success", "Sito registrato")
        .await;

    // The generator: the province by name, one kind of service; code and preview follow.
    editor
        .click("label[for='categories-digital_payments']")
        .await;
    editor.fill("#territory", "Treviso (provincia)").await;
    editor.wait_for_text("#snippet", "territory=\"TV\"").await;
    let snippet = editor
        .wait_for_text("#snippet", "categories=\"digital_payments\"")
        .await;
    assert!(snippet.starts_with(&format!("<script src=\"{base}/widget/connessi-search.js\" async></script>\n<connessi-search key=\"pk_")), "{snippet}");
    wait_in_widget(&editor, STATUS, "1 offerta trovata").await;
    editor
        .assert_accessible("snippet generator with preview")
        .await;
    editor.screenshot("widget-generator").await;

    // A moderator approves the site.
    let moderator = italian_browser().await;
    sign_in(&moderator, &base, "moderatrice@mercato.example").await;
    moderator.goto(&format!("{base}/moderation/embeds")).await;
    moderator.wait_for_text("main", "Comune di Prova").await;
    moderator
        .assert_accessible("moderators' review of sites")
        .await;
    moderator.click("button[value=approve]").await;
    moderator.wait_for_text(".alert-success", "approvato").await;

    // The pasted lines on the registered site: scoped to Treviso, untouched by its CSS.
    let host = host_site(&snippet, port).await;
    assert_eq!(host, site);
    let visitor = italian_browser().await;
    visitor.goto(&format!("{host}/")).await;
    wait_in_widget(&visitor, STATUS, "1 offerta trovata").await;
    let titles = wait_in_widget(&visitor, TITLES, "Cassa in cloud").await;
    assert!(!titles.contains("Bari"), "only Treviso's offers: {titles}");
    let style = "const s = getComputedStyle(root.querySelector('input')); const t = getComputedStyle(root.querySelector('li.hit p:not(.muted)'));\
                 return s.display + ' ' + t.color + ' ' + t.fontSize;";
    wait_in_widget(&visitor, style, "block rgb(26, 26, 26) 16px").await;
    visitor.assert_accessible("host page with the widget").await;
    visitor.screenshot("widget-on-site").await;
    // Typing searches as one goes.
    visitor
        .client
        .execute(
            "document.querySelector('connessi-search').shadowRoot.querySelector('input').focus();",
            vec![],
        )
        .await
        .unwrap();
    visitor
        .client
        .active_element()
        .await
        .unwrap()
        .send_keys("vetrina")
        .await
        .unwrap();
    wait_in_widget(&visitor, STATUS, "Nessuna offerta").await;
    visitor.client.execute("const i = document.querySelector('connessi-search').shadowRoot.querySelector('input'); i.value = ''; i.dispatchEvent(new Event('input'));", vec![]).await.unwrap();
    wait_in_widget(&visitor, STATUS, "1 offerta trovata").await;
    // Following a result leads to the offer on Connessi.
    visitor.client.execute("location.href = document.querySelector('connessi-search').shadowRoot.querySelector('li.hit h3 a').href;", vec![]).await.unwrap();
    visitor
        .wait_for_text("h1", "Cassa in cloud per la bottega")
        .await;
    assert!(
        visitor
            .current_url()
            .await
            .starts_with(&format!("{base}/offers/"))
    );

    // The same lines on a site nobody registered.
    let stranger = host_site(&snippet, 0).await;
    visitor.goto(&format!("{stranger}/")).await;
    wait_in_widget(&visitor, STATUS, "non è disponibile su questo sito").await;
    let none = wait_in_widget(
        &visitor,
        "return String(root.querySelectorAll('li.hit').length);",
        "0",
    )
    .await;
    assert_eq!(none, "0");

    // The embedder's figures: one view, two searches, one click-through; the preview and the
    // refused site count for nothing.
    let mine = api.get("/api/v1/embeds").await;
    let id = mine.ok(200)[0]["id"].as_str().unwrap().to_owned();
    let traffic = api.get(&format!("/api/v1/embeds/{id}/traffic")).await;
    let totals = &traffic.ok(200)["totals"];
    assert_eq!(
        (totals["views"].as_i64(), totals["clicks"].as_i64()),
        (Some(1), Some(1)),
        "{totals}"
    );
    assert!(totals["searches"].as_i64().unwrap() >= 2, "{totals}");
    editor.goto(&format!("{base}/embed/{id}")).await;
    editor.wait_for_text("#traffic tfoot", "Totale").await;
}

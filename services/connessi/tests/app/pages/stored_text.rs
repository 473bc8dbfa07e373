//! Stored text never runs as HTML: XSS payloads stored through the API in an offer's title,
//! description and onboarding text and in a message, then every page that shows them opened
//! in a real browser. On each page no payload ran (the marker global is unset), none became
//! an element (no injected `img`, `svg`, `iframe` or `javascript:` link), and the payload is
//! shown as the text it is.

use super::support::{indexed, italian_browser, sign_in};
use crate::market::market;
use connessi_tests::fixtures::offer_content;
use connessi_tests::{Backend, backend_tests};
use serde_json::json;

backend_tests! {
    stored_xss_payloads_render_as_text_on_every_page_that_shows_them => payloads_as_text;
}

const TITLE: &str = r#"Vetrina <img src=x onerror="window.__xss='title'">"#;
const PAYLOADS: &str = concat!(
    r#"<script>window.__xss='script'</script> "#,
    r#""><svg onload="window.__xss='svg'"> "#,
    r#"</p><iframe srcdoc="<script>parent.__xss='iframe'</script>"></iframe> "#,
    r#"<a href="javascript:window.__xss='link'">clicca</a> fine."#,
);

/// What each page must satisfy: nothing ran, nothing was injected, the text is visible.
const CHECK: &str = r#"
    const injected = document.querySelectorAll(
        'img[src="x"], svg[onload], iframe[srcdoc], a[href^="javascript:"], script:not([src]):not([type="application/json"])');
    return {
        ran: window.__xss === undefined ? null : String(window.__xss),
        injected: injected.length,
        shown: document.body.innerText.includes('onerror=') || document.body.innerText.includes('<script>'),
    };
"#;

async fn payloads_as_text(backend: Backend) {
    let m = market(backend).await;
    let mut content = offer_content(TITLE);
    content["description"]["it"] = json!(format!("Descrizione con codice: {PAYLOADS}"));
    content["onboarding"]["description"] = json!(format!("Attivazione: {PAYLOADS}"));
    let offer = m.publish(&content).await;
    indexed(&m, 1).await;
    let (shop, shop_id) = m.profiled_shop("sicura").await;
    let asked = shop
        .post_with_headers(
            &format!("/api/v1/shops/{shop_id}/requests"),
            &json!({ "offer_id": offer, "message": format!("Richiesta: {PAYLOADS}") }),
            &[("idempotency-key", "xss-1")],
        )
        .await;
    let request = asked.ok(201)["id"].as_str().unwrap().to_owned();
    let opened = format!("/api/v1/onboarding-requests/{request}/conversation");
    let thread = shop.post(&opened, &json!({})).await;
    let thread = thread.body["id"]
        .as_str()
        .expect("a conversation")
        .to_owned();
    shop.post(
        &format!("/api/v1/conversations/{thread}/messages"),
        &json!({ "body": format!("Messaggio: {PAYLOADS}") }),
    )
    .await
    .ok(201);

    let base = m.app.anonymous.base.clone();
    let chrome = italian_browser().await;
    let public = [
        format!("{base}/?q=vetrina"),
        format!("{base}/offers/{offer}"),
    ];
    for url in &public {
        assert_nothing_ran(&chrome, url).await;
    }
    sign_in(&chrome, &base, "titolare@sicura.example").await;
    assert_nothing_ran(&chrome, &format!("{base}/conversations/{thread}")).await;
    assert_nothing_ran(&chrome, &format!("{base}/offers/{offer}")).await;
}

async fn assert_nothing_ran(chrome: &connessi_tests::Chrome, url: &str) {
    chrome.goto(url).await;
    chrome.find("main").await;
    // Give handlers of injected elements (onerror, onload) the time to fire.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let seen = chrome.evaluate(CHECK).await;
    assert_eq!(
        seen["ran"],
        serde_json::Value::Null,
        "a payload ran on {url}: {seen}"
    );
    assert_eq!(
        seen["injected"], 0,
        "a payload became an element on {url}: {seen}"
    );
    assert_eq!(
        seen["shown"], true,
        "the payload is shown as text on {url}: {seen}"
    );
}

//! Signing in from a page and coming back to it, switching language, signing out, and the
//! refusals a page gives: a form without the session's CSRF token, and a return address on
//! another site.

use super::support::{indexed, italian_browser, sign_in};
use crate::market::market;
use connessi_tests::{Backend, Browser, backend_tests};

backend_tests! {
    a_shop_owner_signs_in_from_an_offer_comes_back_to_it_switches_language_and_signs_out => round_trip;
    a_form_without_the_sessions_csrf_token_and_a_foreign_return_address_are_refused => refusals;
}

async fn round_trip(backend: Backend) {
    let m = market(backend).await;
    let offer = m.offer("Cassa in cloud per la bottega", 5).await;
    m.shop("forno").await;
    indexed(&m, 1).await;
    let base = &m.app.anonymous.base;
    let chrome = italian_browser().await;

    chrome.goto(&format!("{base}/offers/{offer}")).await;
    chrome.click("a[href^='/sign-in?return_to=']").await;
    chrome.wait_for_url("/sign-in").await;
    chrome.assert_accessible("sign-in page").await;
    chrome.screenshot("sign-in").await;
    chrome.fill("#email", "titolare@forno.example").await;
    chrome
        .click("form[action='/sign-in/dev'] button[type=submit]")
        .await;
    chrome.wait_for_url(&format!("/offers/{offer}")).await;
    chrome.wait_for_text("#ask", "Ti interessa?").await;
    assert!(chrome.text("main").await.contains("Chiedi l'attivazione"));
    assert!(
        chrome
            .text(".connessi-nav")
            .await
            .contains("La mia attività")
    );

    chrome.click("a[hreflang='en']").await;
    chrome.wait_for_text("#ask", "Interested?").await;
    assert_eq!(
        chrome
            .find("html")
            .await
            .attr("lang")
            .await
            .unwrap()
            .as_deref(),
        Some("en")
    );
    chrome.goto(&format!("{base}/")).await;
    chrome
        .wait_for_text("h1", "Find free digital offerings")
        .await;

    chrome.click(".connessi-account button[type=submit]").await;
    chrome.wait_for_text(".connessi-sign-in", "Sign in").await;
    assert!(!chrome.text(".connessi-nav").await.contains("My business"));
}

async fn refusals(backend: Backend) {
    let m = market(backend).await;
    m.shop("forno").await;
    let base = &m.app.anonymous.base;
    let chrome = italian_browser().await;
    sign_in(&chrome, base, "titolare@forno.example").await;

    // The session cookie alone does not sign anyone out: a page of another site could send it.
    let cookie = chrome
        .client
        .get_named_cookie("connessi_session")
        .await
        .expect("session cookie");
    let mut forged = Browser::new();
    forged
        .cookies
        .insert("connessi_session".into(), cookie.value().to_owned());
    let refused = forged
        .request(reqwest::Method::POST, &format!("{base}/sign-out"), None)
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        refused.body.contains("<html"),
        "a page answers with a page: {}",
        refused.body
    );
    let still = forged.get(&format!("{base}/")).await;
    assert!(
        still.body.contains("Esci"),
        "the session survived the forged form"
    );

    let foreign = m
        .app
        .anonymous
        .get("/sign-in?return_to=//elsewhere.example/")
        .await;
    assert_eq!(foreign.status.as_u16(), 400);
}

//! The main journey of a shop and a provider, each in their own browser: the shop finds an
//! offer by facets, asks for it and writes to the provider; the provider accepts it from the
//! inbox and answers; the shop sees the answer arrive without reloading.

use super::support::{indexed, italian_browser, sign_in};
use crate::market::market;
use connessi_tests::fixtures::offer_content;
use connessi_tests::{Backend, backend_tests};
use serde_json::json;

backend_tests! {
    a_shop_finds_an_offer_by_facets_requests_it_and_talks_with_the_provider_who_accepts_it => journey;
}

async fn journey(backend: Backend) {
    let m = market(backend).await;
    let offer = m.offer("Cassa in cloud per la bottega", 3).await;
    let mut course = offer_content("Corso di fotografia per i social");
    course["categories"] = json!(["social_marketing", "training"]);
    m.publish(&course).await;
    m.shop("forno").await;
    indexed(&m, 2).await;
    let base = &m.app.anonymous.base;

    let shop = italian_browser().await;
    sign_in(&shop, base, "titolare@forno.example").await;
    shop.goto(&format!("{base}/")).await;
    shop.click("label[for='f-category-pos']").await;
    shop.wait_for_text("#results-heading", "1 offerta trovata")
        .await;
    shop.click("#search-results article h3 a").await;
    shop.wait_for_url(&format!("/offers/{offer}")).await;
    shop.click("a[href^='/shop/requests/new']").await;
    shop.wait_for_text("h1", "Chiedi l'attivazione").await;
    shop.assert_accessible("request form").await;
    shop.fill("#message", "Vorremmo iniziare a gennaio, siamo un forno.")
        .await;
    shop.click("form[action='/shop/requests'] button[type=submit]")
        .await;
    shop.wait_for_text("[role=status]", "Richiesta inviata")
        .await;
    assert!(shop.text("main").await.contains("in attesa di risposta"));
    shop.assert_accessible("shop's request page").await;
    shop.screenshot("shop-request").await;
    shop.click("form[action^='/conversations/for-request/'] button")
        .await;
    shop.wait_for_text("h1", "Conversazione").await;
    shop.fill("#body", "Buongiorno, serve la partita IVA per iniziare?")
        .await;
    shop.click("#composer button[type=submit]").await;
    shop.wait_for_text("#messages", "serve la partita IVA")
        .await;

    let provider = italian_browser().await;
    sign_in(&provider, base, "owner@mercato.example").await;
    provider.goto(&format!("{base}/provider")).await;
    provider
        .wait_for_text("main", "1 in attesa di risposta")
        .await;
    provider.assert_accessible("provider's inbox").await;
    provider.screenshot("provider-inbox").await;
    provider.click("main table a").await;
    provider
        .wait_for_text("main", "Vorremmo iniziare a gennaio")
        .await;
    provider.assert_accessible("provider's request page").await;
    provider.click("form[action$='/accept'] button").await;
    provider
        .wait_for_text("[role=status]", "Richiesta accettata")
        .await;
    assert!(provider.text("main").await.contains("accettata"));
    provider
        .click("form[action^='/conversations/for-request/'] button")
        .await;
    provider
        .wait_for_text("#messages", "serve la partita IVA")
        .await;
    provider
        .fill("#body", "Sì, basta quella: vi chiamiamo domani.")
        .await;
    provider.click("#composer button[type=submit]").await;
    provider
        .wait_for_text("#messages", "vi chiamiamo domani")
        .await;

    // The shop's page, opened before the answer, shows it without a reload.
    shop.wait_for_text("#messages", "vi chiamiamo domani").await;
    shop.wait_for_text("#messages-status", "Nuovo messaggio")
        .await;
    shop.assert_accessible("conversation page").await;
    shop.screenshot("conversation").await;
    shop.goto(&format!("{base}/shop")).await;
    shop.wait_for_text("main table", "accettata").await;
    shop.assert_accessible("shop area").await;
}

//! A shop owner looking around before signing in: searching by facets (live, with the
//! script) and by a shared URL (without it), reading an offer and comparing offers.

use super::support::{indexed, italian_browser};
use crate::market::{Market, market};
use connessi_tests::fixtures::offer_content;
use connessi_tests::{Backend, backend_tests};
use serde_json::json;

backend_tests! {
    a_visitor_narrows_the_search_by_facets_reads_an_offer_and_compares_two => facets_offer_compare;
}

/// Three offers: two for payments in Treviso's province, one training course nationwide.
async fn three_offers(m: &Market) -> (String, String, String) {
    let pos = m.offer("Cassa in cloud per la bottega", 5).await;
    let mut links = offer_content("Link di pagamento per ordini al telefono");
    links["free_period"] = json!({ "months": 12, "until": null });
    links["categories"] = json!(["digital_payments"]);
    let links = m.publish(&links).await;
    let mut course = offer_content("Corso di marketing sui social");
    course["categories"] = json!(["social_marketing", "training"]);
    course["format"] = json!("course");
    course["territory"] = json!({ "national": true, "regions": [], "provinces": [], "comuni": [] });
    let course = m.publish(&course).await;
    indexed(m, 3).await;
    (pos, links, course)
}

async fn facets_offer_compare(backend: Backend) {
    let m = market(backend).await;
    let (pos, links, _course) = three_offers(&m).await;
    let base = &m.app.anonymous.base;
    // Without a script, a shared URL gives the same results, rendered by the server.
    let plain = reqwest::get(format!("{base}/?category=training&q=corso"))
        .await
        .unwrap();
    assert_eq!(plain.status(), 200);
    let html = plain.text().await.unwrap();
    assert!(
        html.contains("1 offerta trovata")
            && html.contains("<mark>Corso</mark> di marketing sui social"),
        "{html}"
    );
    assert!(
        html.contains(r#"value="training" checked"#),
        "the ticked facet stays ticked"
    );
    let chrome = italian_browser().await;

    chrome.goto(&format!("{base}/")).await;
    chrome
        .wait_for_text("#results-heading", "3 offerte trovate")
        .await;
    chrome.assert_accessible("search page").await;
    chrome.screenshot("search").await;

    // Ticking a facet updates the results in place and the URL with them.
    chrome.click("label[for='f-category-training']").await;
    chrome
        .wait_for_text("#results-heading", "1 offerta trovata")
        .await;
    assert!(
        chrome
            .wait_for_url("category=training")
            .await
            .contains("category=training")
    );
    assert!(
        chrome
            .text("#search-results")
            .await
            .contains("Corso di marketing sui social")
    );
    chrome.click("label[for='f-category-training']").await;
    chrome
        .wait_for_text("#results-heading", "3 offerte trovate")
        .await;

    // Typing searches as one types.
    chrome.fill("#q", "telefono").await;
    chrome
        .wait_for_text("#results-heading", "1 offerta trovata")
        .await;
    chrome.fill("#q", "").await;
    chrome
        .wait_for_text("#results-heading", "3 offerte trovate")
        .await;

    // A territory typed by name: the national course and Treviso's offers cover Treviso.
    chrome
        .goto(&format!("{base}/?territorio=Bari+%28provincia%29"))
        .await;
    chrome
        .wait_for_text("#results-heading", "1 offerta trovata")
        .await;

    // The offer page says what is free, what comes after, and how to leave.
    chrome.goto(&format!("{base}/?category=pos")).await;
    chrome
        .wait_for_text("#results-heading", "1 offerta trovata")
        .await;
    chrome.click("#search-results article h3 a").await;
    chrome.wait_for_url(&format!("/offers/{pos}")).await;
    let page = chrome.text("main").await;
    for expected in [
        "6 mesi gratis",
        "19 € al mese + IVA",
        "Esportazione CSV di vendite e prodotti",
        "5 posti rimasti su 5",
        "provincia di Treviso",
    ] {
        assert!(
            page.contains(expected),
            "the offer page lacks {expected:?}:\n{page}"
        );
    }
    assert!(page.contains("Accedi per chiedere l'attivazione"));
    chrome.assert_accessible("offer page").await;
    chrome.screenshot("offer").await;

    // Two offers side by side, on the same rows.
    chrome.goto(&format!("{base}/")).await;
    chrome
        .wait_for_text("#results-heading", "3 offerte trovate")
        .await;
    chrome.click(&format!("label[for='compare-{pos}']")).await;
    chrome.click(&format!("label[for='compare-{links}']")).await;
    chrome.click("button[form='compare-form']").await;
    chrome.wait_for_url("/compare").await;
    let table = chrome.text("table.connessi-compare").await;
    assert!(
        table.contains("6 mesi gratis") && table.contains("12 mesi gratis"),
        "{table}"
    );
    assert_eq!(
        chrome
            .find_all("table.connessi-compare thead th")
            .await
            .len(),
        2
    );
    chrome.assert_accessible("comparison page").await;
    chrome.screenshot("compare").await;
}

//! The page kinds no journey stops on, through the same accessibility check: the published
//! criteria, an error page, a page in English, the moderators' queue and the provider's offers.

use super::support::{italian_browser, sign_in};
use crate::market::market;
use connessi_tests::{Backend, backend_tests};

backend_tests! {
    the_criteria_an_error_page_an_english_page_the_queue_and_the_offers_list_are_accessible => page_kinds;
}

async fn page_kinds(backend: Backend) {
    let m = market(backend).await;
    m.offer("Cassa in cloud per la bottega", 3).await;
    let base = m.app.anonymous.base.clone();
    let chrome = italian_browser().await;

    chrome.goto(&format!("{base}/criteria")).await;
    chrome.wait_for_text("h1", "Criteri").await;
    chrome.assert_accessible("published criteria").await;

    chrome
        .goto(&format!(
            "{base}/offers/00000000-0000-7000-8000-000000000000"
        ))
        .await;
    chrome.wait_for_text("h1", "Pagina non trovata").await;
    chrome.assert_accessible("error page").await;

    chrome.goto(&format!("{base}/?lang=en")).await;
    chrome
        .wait_for_text("h1", "Find free digital offerings")
        .await;
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
    chrome.assert_accessible("search page in English").await;

    sign_in(&chrome, &base, "moderatrice@mercato.example").await;
    chrome.goto(&format!("{base}/moderation")).await;
    chrome.wait_for_text("h1", "Moderazione").await;
    chrome.assert_accessible("moderation queue").await;

    let owner = italian_browser().await;
    sign_in(&owner, &base, "owner@mercato.example").await;
    owner.goto(&format!("{base}/provider/offers")).await;
    owner
        .wait_for_text("main table", "Cassa in cloud per la bottega")
        .await;
    owner.assert_accessible("provider's offers").await;
}

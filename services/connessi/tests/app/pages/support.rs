//! What the page tests share: a market with offers the search has indexed, and a browser
//! signed in through the development sign-in form, as a person would.

use crate::market::Market;
use connessi_tests::Chrome;
use std::time::Duration;

/// Waits until the public search finds `count` offers.
pub async fn indexed(m: &Market, count: usize) {
    for _ in 0..150 {
        let found = m
            .app
            .anonymous
            .get("/api/v1/offers/search?per_page=100")
            .await;
        if found.ok(200)["total"].as_u64() == Some(count as u64) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the search never showed {count} offers");
}

/// A browser asking for Italian pages.
pub async fn italian_browser() -> Chrome {
    Chrome::start("it-IT").await
}

/// Signs `email` in with the development sign-in form, as a person would.
pub async fn sign_in(chrome: &Chrome, base: &str, email: &str) {
    chrome.goto(&format!("{base}/sign-in")).await;
    chrome.fill("#email", email).await;
    chrome
        .click("form[action='/sign-in/dev'] button[type=submit]")
        .await;
    chrome.wait_for_text(".connessi-account", "Esci").await;
}

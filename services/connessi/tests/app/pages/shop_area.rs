//! The shop's own area in a real browser: registering the business, the profile and needs
//! questionnaire (mistakes shown, then saved), recommendations with their reasons, a saved
//! search with its alerts stopped, notification settings, and a follow-up question answered.

use super::support::{indexed, italian_browser, sign_in};
use crate::market::{Market, ask, market_with};
use connessi_matching::deadlines::sweep;
use connessi_tests::{Backend, Chrome, SmtpSink, backend_tests};
use serde_json::json;

backend_tests! {
    a_shop_registers_fills_its_profile_gets_recommendations_saves_a_search_and_says_how_it_went => shop_area;
}

async fn shop_area(backend: Backend) {
    let sink = SmtpSink::start();
    let url = sink.url();
    let m = market_with(backend, move |settings| {
        settings.email.smtp_url = Some(url.into());
    })
    .await;
    let offer = m.offer("Cassa in cloud per la bottega", 3).await;
    indexed(&m, 1).await;
    let base = m.app.anonymous.base.clone();
    let client = m.app.user("titolare@bottega.example", None).await;
    let chrome = italian_browser().await;
    sign_in(&chrome, &base, "titolare@bottega.example").await;

    register(&chrome).await;
    profile(&chrome, &m).await;
    chrome.click("a[href='/shop/recommendations']").await;
    chrome
        .wait_for_text("main article", "Cassa in cloud per la bottega")
        .await;
    let reasons = chrome.text("main article").await;
    assert!(reasons.contains("Perché te la consigliamo"), "{reasons}");
    assert!(
        reasons.contains("Treviso"),
        "the place is a reason: {reasons}"
    );
    chrome.assert_accessible("recommendations").await;
    chrome.screenshot("shop-recommendations").await;

    saved_search(&chrome, &base).await;
    notification_settings(&chrome, &base, &client).await;
    follow_up(&chrome, &base, &m, &client, &offer).await;
}

async fn register(chrome: &Chrome) {
    chrome.click("a[href='/shop/register']").await;
    chrome.wait_for_text("h1", "Registra la tua attività").await;
    chrome.click("form[action='/shop/register'] button").await;
    chrome.wait_for_text("#errors", "name").await;
    chrome
        .assert_accessible("business registration with errors")
        .await;
    chrome.fill("#name", "Bottega Rossi").await;
    chrome.click("form[action='/shop/register'] button").await;
    chrome.wait_for_url("/shop/profile").await;
    chrome
        .wait_for_text("[role=status]", "Compila il profilo")
        .await;
    assert!(chrome.text("header").await.contains("La mia attività"));
}

async fn profile(chrome: &Chrome, m: &Market) {
    chrome
        .click("form[action='/shop/profile'] button[type=submit]")
        .await;
    let errors = chrome.wait_for_text("#errors", "sector").await;
    assert!(
        errors.contains("comune") && errors.contains("size"),
        "{errors}"
    );
    chrome.assert_accessible("shop profile with errors").await;
    chrome.click("#sector option[value='retail']").await;
    chrome.fill("#comune", "Treviso (TV)").await;
    chrome.click("label[for='size-micro']").await;
    chrome.click("label[for='skills-uses_email_daily']").await;
    chrome
        .click("label[for='need_categories-digital_payments']")
        .await;
    chrome
        .click("label[for='priority_attributes-youth_led']")
        .await;
    chrome
        .click("form[action='/shop/profile'] button[type=submit]")
        .await;
    chrome
        .wait_for_text("[role=status]", "Profilo salvato")
        .await;
    let place = chrome.find("#comune").await.prop("value").await.unwrap();
    assert_eq!(place.as_deref(), Some("Treviso (TV)"));
    chrome.assert_accessible("shop profile").await;
    chrome.screenshot("shop-profile").await;
    use connessi_matching::entities::shop_profile;
    use sea_orm::EntityTrait;
    let saved = shop_profile::Entity::find()
        .all(&m.app.db.conn)
        .await
        .unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].comune, "026086");
    assert_eq!(saved[0].province, "TV");
    assert!(
        saved[0].profile.contains("digital_payments") && saved[0].profile.contains("youth_led")
    );
}

async fn saved_search(chrome: &Chrome, base: &str) {
    chrome.goto(&format!("{base}/?q=cassa")).await;
    chrome
        .wait_for_text(".connessi-save-search", "Avvisami")
        .await;
    chrome.click("label[for='save-weekly']").await;
    chrome.click(".connessi-save-search button").await;
    chrome.wait_for_url("/saved-searches").await;
    chrome
        .wait_for_text("[role=status]", "Ricerca salvata")
        .await;
    let listed = chrome.text("main ul.list-unstyled").await;
    assert!(
        listed.contains("cassa") && listed.contains("una volta a settimana"),
        "{listed}"
    );
    chrome.assert_accessible("saved searches").await;
    chrome.click("form[action$='/delete'] button").await;
    chrome
        .wait_for_text("[role=status]", "Avvisi fermati")
        .await;
    assert!(
        chrome
            .text("main")
            .await
            .contains("Nessuna ricerca salvata")
    );
}

async fn notification_settings(chrome: &Chrome, base: &str, client: &connessi_tests::Client) {
    chrome.goto(&format!("{base}/notifications")).await;
    chrome.wait_for_text("h1", "Notifiche").await;
    chrome.assert_accessible("notifications").await;
    chrome.click("a[href='/settings/notifications']").await;
    chrome
        .wait_for_text("h1", "Impostazioni delle notifiche")
        .await;
    chrome.click("#request_accepted-never").await;
    chrome
        .click("form[action='/settings/notifications'] button[type=submit]")
        .await;
    chrome
        .wait_for_text("[role=status]", "Impostazioni salvate")
        .await;
    assert_eq!(
        chrome
            .find("#request_accepted-never")
            .await
            .prop("checked")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    chrome.assert_accessible("notification settings").await;
    let settings = client.get("/api/v1/me/notification-settings").await;
    settings.ok(200);
    let chosen = settings.body["kinds"]
        .as_array()
        .and_then(|all| all.iter().find(|p| p["kind"] == "request_accepted"))
        .map(|p| p["delivery"].clone());
    assert_eq!(chosen, Some(json!("never")));
}

async fn follow_up(
    chrome: &Chrome,
    base: &str,
    m: &Market,
    client: &connessi_tests::Client,
    offer: &str,
) {
    let me = client.get("/api/v1/me").await;
    let shop_id = me.ok(200)["shops"][0]["shop_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let request = ask(client, &shop_id, offer, "bottega").await.ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for step in ["accept", "start", "complete"] {
        m.answer(&request, step, json!({})).await.ok(200);
    }
    let in_31_days = chrono::Utc::now() + chrono::Duration::days(31);
    let swept = sweep(&m.app.db.conn, &m.app.settings.onboarding, in_31_days)
        .await
        .unwrap();
    assert_eq!(swept.follow_ups_asked, 1);

    chrome.goto(&format!("{base}/shop/follow-ups")).await;
    chrome.wait_for_text("main h2", "30 giorni dopo").await;
    chrome
        .click("form[action^='/shop/follow-ups/'] button[type=submit]")
        .await;
    chrome.wait_for_text("#errors", "satisfaction").await;
    chrome.click("label[for='live-true']").await;
    chrome.click("label[for='still_using-true']").await;
    chrome.click("label[for='satisfaction-4']").await;
    chrome.click("label[for='sales_pressure-false']").await;
    chrome.fill("#comment", "Ci hanno seguito bene.").await;
    chrome.assert_accessible("follow-up question").await;
    chrome
        .click("form[action^='/shop/follow-ups/'] button[type=submit]")
        .await;
    chrome.wait_for_text("[role=status]", "Grazie").await;
    let answered = chrome.text("main").await;
    assert!(
        answered.contains("4 / 5") && answered.contains("Ci hanno seguito bene."),
        "{answered}"
    );
    let figures = m
        .owner
        .get(&format!("/api/v1/providers/{}/figures", m.provider))
        .await;
    assert_eq!(figures.ok(200)["follow_up_answers"], 1);
    assert_eq!(figures.body["mean_satisfaction"], 4.0);
}

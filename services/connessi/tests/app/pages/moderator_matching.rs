//! The moderator's matching pages in a real browser: an allocation round opened with the form
//! (a first try with mistakes comes back with what to fix), listed, refused while it is open,
//! dry-run and published once closed, with each shop's result; a shop's priority attributes
//! verified (a refusal without a reason first); and the figures by region and category with
//! their charts, after the round's accepted request, and their CSV export.

use super::support::{italian_browser, sign_in};
use crate::market::{Market, market};
use connessi_tests::{Backend, Browser, Chrome, backend_tests};
use serde_json::json;

backend_tests! {
    a_moderator_opens_and_publishes_a_round_verifies_a_shop_and_reads_the_figures => journey;
}

async fn journey(backend: Backend) {
    let m = market(backend).await;
    let offer = m.offer("Cassa in cloud per la bottega", 3).await;
    let (shop, shop_id) = m.profiled_shop("forno").await;
    let base = m.app.anonymous.base.clone();
    let chrome = italian_browser().await;
    sign_in(&chrome, &base, "moderatrice@mercato.example").await;

    let round = open_round(&chrome, &base, &offer).await;
    chrome.click("a[href='/moderation/rounds']").await;
    let listed = chrome
        .wait_for_text("main table", "Botteghe digitali 2027")
        .await;
    assert!(listed.contains("aperto alle domande"), "{listed}");
    chrome.assert_accessible("allocation rounds").await;

    verify_priorities(&chrome, &base, &m, &shop_id).await;
    let application = format!("/api/v1/shops/{shop_id}/rounds/{round}/application");
    shop.put(&application, &json!({ "choices": [offer] }))
        .await
        .ok(201);
    publish(&chrome, &base, &m, &round).await;
    let result = shop
        .get(&format!("/api/v1/shops/{shop_id}/rounds/{round}/result"))
        .await;
    assert_eq!(result.ok(200)["outcome"], "assigned");
    assert_eq!(result.body["priority"]["score"], 5, "women_led is verified");

    figures(&chrome, &base).await;
    csv_export(&m).await;
}

/// Opens the round with the form, a mistaken try first; returns its id.
async fn open_round(chrome: &Chrome, base: &str, offer: &str) -> String {
    chrome.goto(&format!("{base}/moderation/rounds")).await;
    chrome.wait_for_text("main", "Nessun turno per ora").await;
    chrome.click("a[href='/moderation/rounds/new']").await;
    chrome
        .wait_for_text("h1", "Apri un turno di assegnazione")
        .await;
    chrome.fill("#name", "B").await;
    chrome.fill("#territories", "Atlantide").await;
    chrome
        .click("form[action='/moderation/rounds'] button[type=submit]")
        .await;
    let errors = chrome.wait_for_text("#errors", "name").await;
    assert!(
        errors.contains("territories") && errors.contains("offers"),
        "{errors}"
    );
    assert!(
        !chrome
            .find_all("#errors a[href='#territories']")
            .await
            .is_empty()
    );
    let kept = chrome
        .find("#territories")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("Atlantide"));
    chrome.assert_accessible("round form with errors").await;

    chrome.fill("#name", "Botteghe digitali 2027").await;
    chrome.fill("#territories", "Treviso (provincia)").await;
    chrome.click("label[for='sectors-retail']").await;
    chrome.fill(&format!("#places-{offer}"), "2").await;
    chrome.fill("#priority_weights-women_led", "5").await;
    chrome.fill("#seed", "estrazione-2027-01").await;
    chrome
        .click("form[action='/moderation/rounds'] button[type=submit]")
        .await;
    chrome.wait_for_text("[role=status]", "Turno aperto").await;
    let url = chrome.current_url().await;
    let id = url
        .split("/moderation/rounds/")
        .nth(1)
        .and_then(|rest| rest.split('?').next())
        .expect("the round's page")
        .to_owned();
    let facts = chrome.text("main dl").await;
    assert!(
        facts.contains("Treviso (provincia)") && facts.contains("estrazione-2027-01"),
        "{facts}"
    );
    id
}

/// A refusal without a reason comes back; then the attributes are confirmed.
async fn verify_priorities(chrome: &Chrome, base: &str, m: &Market, shop_id: &str) {
    chrome.goto(&format!("{base}/moderation/shops")).await;
    let card = format!("section[aria-labelledby='shop-{shop_id}']");
    let shown = chrome.wait_for_text(&card, "forno").await;
    assert!(
        shown.contains("Guidata da donne") && shown.contains("da verificare"),
        "{shown}"
    );
    let form = format!("form[action='/moderation/shops/{shop_id}']");
    chrome.click(&format!("{form} button[value='false']")).await;
    chrome
        .wait_for_text(&format!("#errors-{shop_id}"), "Scrivi perché")
        .await;
    chrome.assert_accessible("shops' priorities").await;
    chrome.click(&format!("{form} button[value='true']")).await;
    chrome
        .wait_for_text("[role=status]", "Caratteristiche verificate")
        .await;
    let verified = m
        .moderator
        .get("/api/v1/moderation/shops?verified=true")
        .await;
    let listed = verified.ok(200).as_array().unwrap();
    assert!(
        listed
            .iter()
            .any(|p| p["shop_id"] == shop_id && p["priority_verified"] == true),
        "{listed:?}"
    );
}

/// Refused while open; dry run and publication once closed.
async fn publish(chrome: &Chrome, base: &str, m: &Market, round: &str) {
    chrome
        .goto(&format!("{base}/moderation/rounds/{round}"))
        .await;
    chrome.wait_for_text("#round-applications", "1").await;
    chrome.click("form[action$='/dry-run'] button").await;
    chrome
        .wait_for_text("[role=alert]", "non è ancora chiuso")
        .await;
    chrome.assert_accessible("round refused").await;

    close(m, round).await;
    chrome.click("form[action$='/dry-run'] button").await;
    chrome
        .wait_for_text("main h2", "Prova di assegnazione")
        .await;
    let dry = chrome.text("main").await;
    assert!(
        dry.contains("forno")
            && dry.contains("assegnato")
            && dry.contains("niente è stato salvato"),
        "{dry}"
    );
    chrome.assert_accessible("round dry run").await;
    use connessi_matching::entities::round_result;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let stored = round_result::Entity::find().count(&m.app.db.conn).await;
    assert_eq!(stored.unwrap(), 0, "a dry run stores nothing");

    chrome.click("form[action$='/publish'] button").await;
    chrome
        .wait_for_text("[role=status]", "Risultati pubblicati")
        .await;
    let results = chrome.text("main").await;
    assert!(
        results.contains("Assegnato a «Cassa in cloud per la bottega» (tua scelta n. 1)"),
        "{results}"
    );
    assert!(chrome.find_all("form[action$='/publish']").await.is_empty());
    chrome.assert_accessible("published round").await;
    chrome.screenshot("moderation-rounds").await;
    let shown = m
        .moderator
        .get(&format!("/api/v1/moderation/rounds/{round}"))
        .await;
    assert_eq!(shown.ok(200)["status"], "published");
}

/// Moves the round's window into the past, as the API tests do.
async fn close(m: &Market, round: &str) {
    use connessi_matching::entities::round;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
    let id = uuid::Uuid::parse_str(round).unwrap();
    let row = round::Entity::find_by_id(id)
        .one(&m.app.db.conn)
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now();
    let mut active: round::ActiveModel = row.into();
    active.opens_at = Set(now - chrono::Duration::hours(2));
    active.closes_at = Set(now - chrono::Duration::seconds(1));
    active.update(&m.app.db.conn).await.expect("closed");
}

async fn figures(chrome: &Chrome, base: &str) {
    chrome.goto(&format!("{base}/moderation/figures")).await;
    let regions = "section[aria-labelledby='regions-heading']";
    let row = chrome
        .wait_for_text(&format!("{regions} tbody tr"), "Veneto")
        .await;
    assert!(row.contains("Veneto 1 1 1 0 100%"), "{row}");
    let chart = chrome
        .find(&format!("{regions} svg[role='img']"))
        .await
        .attr("aria-labelledby")
        .await
        .unwrap();
    assert_eq!(
        chart.as_deref(),
        Some("regions-chart-title regions-chart-desc")
    );
    let title = chrome.find("#regions-chart-title").await;
    let title = title.prop("textContent").await.unwrap().unwrap_or_default();
    assert!(title.contains("richieste ricevute e accettate"), "{title}");
    assert_eq!(
        chrome
            .find_all(&format!("{regions} rect.bar-received"))
            .await
            .len(),
        1
    );
    assert_eq!(
        chrome
            .find_all(&format!("{regions} rect.bar-accepted"))
            .await
            .len(),
        1
    );
    let categories = chrome
        .text("section[aria-labelledby='categories-heading'] table")
        .await;
    assert_eq!(
        chrome
            .find_all("section[aria-labelledby='categories-heading'] tbody tr")
            .await
            .len(),
        2,
        "the offer's two categories: {categories}"
    );
    let providers = chrome
        .text("section[aria-labelledby='providers-heading']")
        .await;
    assert!(providers.contains("mercato S.r.l."), "{providers}");
    let link = chrome.find("a[href='/moderation/figures.csv']").await;
    assert_eq!(link.text().await.unwrap(), "Scarica CSV");
    chrome.assert_accessible("moderation figures").await;
    chrome.screenshot("moderation-figures").await;
    chrome
        .goto(&format!("{base}/moderation/figures?lang=en"))
        .await;
    chrome
        .wait_for_text("h1", "Figures by territory and category")
        .await;
    assert!(chrome.text("main").await.contains("Download CSV"));
}

/// The export over HTTP, with the moderator's bearer token (pages take it as the API does).
async fn csv_export(m: &Market) {
    let response = m
        .moderator
        .http
        .get(format!("{}/moderation/figures.csv", m.moderator.base))
        .bearer_auth(m.moderator.token.as_deref().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_owned();
    assert_eq!(header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        header("content-disposition"),
        "attachment; filename=\"connessi-figures.csv\""
    );
    let body = response.text().await.unwrap();
    let mut lines = body.lines();
    assert_eq!(
        lines.next(),
        Some(
            "provider_id,region,requests_received,answered,accepted,declined,acceptance_rate,median_hours_to_answer,completed,follow_up_answers,mean_satisfaction,still_using_rate,sales_pressure_reports"
        )
    );
    let row = lines.next().unwrap_or_default();
    assert!(
        row.starts_with(&format!("{},05,1,1,1,0,1.000,", m.provider)),
        "{body}"
    );
    assert_eq!(lines.next(), None, "{body}");
    let url = format!("{}/moderation/figures.csv", m.app.anonymous.base);
    let visitor = Browser::new().get(&url).await;
    assert_eq!(visitor.status, 303, "moderators only");
    assert!(visitor.location.unwrap().starts_with("/sign-in"));
}

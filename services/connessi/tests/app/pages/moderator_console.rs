//! The moderators' console in a real browser, with the people on the other side in theirs:
//! a provider verified and its verification withdrawn (a reason required), a message a shop
//! reports from its conversation hidden by a moderator, a published offer suspended and
//! reinstated from its page, the audit log, and a
//! provider's bulk import of offers from the template, one row refused.

use super::support::{italian_browser, sign_in};
use crate::conversations::{enquiry, post};
use crate::market::{Market, market};
use connessi_tests::{Backend, Chrome, backend_tests};

backend_tests! {
    moderators_verify_providers_hide_reported_messages_and_read_the_audit_log_and_providers_import_offers => console;
}

async fn console(backend: Backend) {
    let m = market(backend).await;
    let base = m.app.anonymous.base.clone();
    let moderator = italian_browser().await;
    sign_in(&moderator, &base, "moderatrice@mercato.example").await;

    verification(&m, &moderator, &base).await;
    reports(&m, &moderator, &base).await;
    suspension(&m, &moderator, &base).await;

    moderator
        .goto(&format!("{base}/moderation/audit?entity_kind=provider"))
        .await;
    let log = moderator
        .wait_for_text("main table", "provider.verified")
        .await;
    assert!(
        log.contains("provider.unverified") && log.contains("Documenti non conformi"),
        "{log}"
    );
    moderator.assert_accessible("audit log").await;
    moderator.screenshot("moderation-audit").await;
    moderator.click("main table tbody tr a").await;
    moderator.wait_for_url("entity_id=").await;

    import(&m, &base).await;
}

async fn verification(m: &Market, moderator: &Chrome, base: &str) {
    let (_, provider) = m.app.provider("fornitrice", None).await;
    moderator
        .goto(&format!("{base}/moderation/providers"))
        .await;
    let waiting = moderator
        .wait_for_text("main table", "fornitrice S.r.l.")
        .await;
    assert!(
        !waiting.contains("mercato S.r.l."),
        "the first table holds only those waiting: {waiting}"
    );
    moderator.assert_accessible("provider verification").await;
    moderator
        .click(&format!(
            "form[action='/moderation/providers/{provider}'] button"
        ))
        .await;
    moderator
        .wait_for_text("[role=status]", "Decisione registrata")
        .await;
    let path = format!("/api/v1/providers/{provider}");
    assert_eq!(m.moderator.get(&path).await.ok(200)["verified"], true);

    let form = format!("form[action='/moderation/providers/{provider}']");
    moderator.click(&format!("{form} button")).await;
    moderator
        .wait_for_text(&format!("{form} [role=alert]"), "reason")
        .await;
    assert_eq!(
        m.moderator.get(&path).await.ok(200)["verified"],
        true,
        "no reason, no change"
    );
    moderator
        .fill(&format!("#reason-{provider}"), "Documenti non conformi")
        .await;
    moderator.click(&format!("{form} button")).await;
    moderator
        .wait_for_text("[role=status]", "Decisione registrata")
        .await;
    assert_eq!(m.moderator.get(&path).await.ok(200)["verified"], false);
}

async fn reports(m: &Market, moderator: &Chrome, base: &str) {
    let (_, thread, _) = enquiry(m, "merceria", "Quanto costa dopo i sei mesi?").await;
    post(
        &m.owner,
        &thread,
        "Firmi oggi o perde lo sconto, deve decidere subito!",
    )
    .await;
    let shop = italian_browser().await;
    sign_in(&shop, base, "titolare@merceria.example").await;
    shop.goto(&format!("{base}/conversations/{thread}")).await;
    shop.wait_for_text("#messages", "deve decidere subito")
        .await;
    shop.click("#messages details.connessi-report summary")
        .await;
    shop.click("#messages details.connessi-report option[value='sales_pressure']")
        .await;
    shop.fill(
        "#messages details.connessi-report textarea",
        "Ci mette fretta",
    )
    .await;
    shop.click("#messages details.connessi-report button").await;
    shop.wait_for_text("[role=status]", "Segnalazione inviata")
        .await;

    moderator.goto(&format!("{base}/moderation/reports")).await;
    let queue = moderator
        .wait_for_text("main", "Pressione a comprare")
        .await;
    assert!(
        queue.contains("1 da esaminare") && queue.contains("Ci mette fretta"),
        "{queue}"
    );
    assert!(
        queue.contains("Quanto costa dopo i sei mesi?"),
        "the message before it: {queue}"
    );
    moderator.assert_accessible("message reports").await;
    moderator
        .click("form[action^='/moderation/reports/'] button[value='hide']")
        .await;
    moderator.wait_for_text("[role=alert]", "say why").await;
    moderator
        .fill(
            "form[action^='/moderation/reports/'] input[name='reason']",
            "Pressione a firmare",
        )
        .await;
    moderator
        .click("form[action^='/moderation/reports/'] button[value='hide']")
        .await;
    moderator
        .wait_for_text("[role=status]", "Decisione registrata")
        .await;
    assert!(moderator.text("main").await.contains("0 da esaminare"));

    shop.goto(&format!("{base}/conversations/{thread}")).await;
    let shown = shop
        .wait_for_text("#messages", "Messaggio nascosto dalla moderazione")
        .await;
    assert!(!shown.contains("deve decidere subito"), "{shown}");
}

async fn suspension(m: &Market, moderator: &Chrome, base: &str) {
    let offer = m.offer("Prenotazioni online per il salone", 4).await;
    moderator.goto(&format!("{base}/offers/{offer}")).await;
    moderator
        .wait_for_text("#moderation-box", "Moderazione")
        .await;
    moderator
        .assert_accessible("offer page for moderators")
        .await;
    moderator
        .fill(
            "#moderation-reason",
            "Condizioni dopo il periodo gratuito non chiare",
        )
        .await;
    moderator.click("form[action$='/suspend'] button").await;
    moderator
        .wait_for_text("[role=status]", "Decisione registrata")
        .await;
    moderator.wait_for_text("main", "suspended").await;
    let path = format!("/api/v1/offers/{offer}");
    m.app.anonymous.get(&path).await.problem(404, "not_found");
    moderator
        .fill("#moderation-reason", "Condizioni chiarite dal fornitore")
        .await;
    moderator.click("form[action$='/reinstate'] button").await;
    moderator.wait_for_text("main", "published").await;
    assert_eq!(
        m.app.anonymous.get(&path).await.ok(200)["status"],
        "published"
    );
}

async fn import(m: &Market, base: &str) {
    let owner = italian_browser().await;
    sign_in(&owner, base, "owner@mercato.example").await;
    owner.goto(&format!("{base}/provider/import")).await;
    owner.wait_for_text("h1", "Importa offerte").await;
    owner.assert_accessible("bulk import").await;
    let template = connessi_catalogue::import::csv_rows::template();
    let broken = template
        .lines()
        .nth(1)
        .unwrap()
        .replacen("Negozio online per la bottega", "", 1);
    owner.fill("#csv", &format!("{template}{broken}\n")).await;
    owner
        .click("form[action='/provider/import'] button[type=submit]")
        .await;
    let report = owner.wait_for_text("[role=status]", "Righe lette: 2").await;
    assert!(
        report.contains("inviate alla moderazione: 1") && report.contains("da correggere: 1"),
        "{report}"
    );
    let fix = owner.text("main table").await;
    assert!(
        fix.contains("title"),
        "the refused row names its field: {fix}"
    );
    let offers = m
        .owner
        .get(&format!("/api/v1/providers/{}/offers", m.provider))
        .await;
    let listed = offers.ok(200).to_string();
    assert!(
        listed.contains("Negozio online per la bottega") && listed.contains("submitted"),
        "{listed}"
    );
}

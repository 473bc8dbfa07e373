//! The provider's and the moderator's journey, each in their own browser: the provider lists
//! an offer with the editor (a first incomplete try comes back with what to fix), the
//! moderator asks for a change, the provider answers it, the moderator approves the offer
//! against the checklist, and shops find it.

use super::support::{indexed, italian_browser, sign_in};
use crate::market::market;
use connessi_tests::{Backend, backend_tests};

backend_tests! {
    a_provider_lists_an_offer_answers_a_change_request_and_a_moderator_approves_it => journey;
}

async fn journey(backend: Backend) {
    let m = market(backend).await;
    let base = &m.app.anonymous.base;

    let provider = italian_browser().await;
    sign_in(&provider, base, "owner@mercato.example").await;
    provider.goto(&format!("{base}/provider")).await;
    provider.click("a[href='/provider/offers']").await;
    provider.click("a[href='/provider/offers/new']").await;
    provider.click("button[value=submit]").await;
    provider
        .wait_for_text("#errors", "Correggi questi campi")
        .await;
    provider.assert_accessible("offer editor with errors").await;
    provider
        .fill("#title-it", "Vetrina online per botteghe")
        .await;
    provider.fill("#description-it", "Un negozio online pronto in una settimana, con i prodotti, gli ordini e il ritiro in bottega.").await;
    for label in [
        "categories-ecommerce",
        "sectors-retail",
        "territory-national",
        "free_of_charge_confirmed",
    ] {
        provider.click(&format!("label[for='{label}']")).await;
    }
    provider.fill("#free_period-months", "6").await;
    provider
        .fill("#after_free_period-price", "15 € al mese")
        .await;
    provider
        .fill(
            "#after_free_period-data_export",
            "Esportazione in CSV di prodotti e ordini, in ogni momento.",
        )
        .await;
    provider
        .fill(
            "#onboarding-description",
            "Due videochiamate per caricare il catalogo.",
        )
        .await;
    provider.fill("#onboarding-duration_days", "7").await;
    provider.fill("#capacity", "10").await;
    provider.screenshot("offer-editor").await;
    provider.click("button[value=submit]").await;
    provider
        .wait_for_text("[role=status]", "Offerta inviata alla moderazione")
        .await;
    assert!(provider.text("main table").await.contains("in moderazione"));

    let moderator = italian_browser().await;
    sign_in(&moderator, base, "moderatrice@mercato.example").await;
    moderator.goto(&format!("{base}/moderation")).await;
    moderator.click("main table a").await;
    moderator
        .wait_for_text("h1", "Vetrina online per botteghe")
        .await;
    moderator.assert_accessible("moderator's review").await;
    moderator.screenshot("moderation-review").await;
    moderator
        .click("label[for='decision-request_changes']")
        .await;
    moderator
        .fill(
            "#reason",
            "Indicate anche il prezzo mensile in euro, IVA inclusa.",
        )
        .await;
    moderator
        .click("form[action^='/moderation/review/'] button[type=submit]")
        .await;
    moderator
        .wait_for_text("[role=status]", "Decisione registrata")
        .await;

    provider.goto(&format!("{base}/provider/offers")).await;
    provider
        .wait_for_text("main table", "Indicate anche il prezzo mensile")
        .await;
    assert!(
        provider
            .text("main table")
            .await
            .contains("modifiche richieste")
    );
    provider.click("main table a").await;
    provider
        .wait_for_text("[role=status]", "La moderazione chiede")
        .await;
    provider
        .fill("#after_free_period-monthly_price", "18,30")
        .await;
    provider.click("button[value=submit]").await;
    provider
        .wait_for_text("[role=status]", "Offerta inviata alla moderazione")
        .await;

    moderator.goto(&format!("{base}/moderation")).await;
    moderator.click("main table a").await;
    moderator.wait_for_text("main", "18,30 €").await;
    for criterion in [
        "free",
        "no_renewal_obligation",
        "free_period_stated",
        "has_territory",
        "provider_verified",
    ] {
        moderator
            .click(&format!("label[for='checklist-{criterion}']"))
            .await;
    }
    moderator.click("label[for='decision-approve']").await;
    moderator
        .click("form[action^='/moderation/review/'] button[type=submit]")
        .await;
    moderator
        .wait_for_text("[role=status]", "Decisione registrata")
        .await;
    assert!(
        moderator
            .text("main")
            .await
            .contains("Nessuna offerta in attesa")
    );

    indexed(&m, 1).await;
    provider.goto(&format!("{base}/provider/offers")).await;
    provider.wait_for_text("main table", "pubblicata").await;
    provider.goto(&format!("{base}/?q=vetrina")).await;
    provider
        .wait_for_text("#results-heading", "1 offerta trovata")
        .await;
}

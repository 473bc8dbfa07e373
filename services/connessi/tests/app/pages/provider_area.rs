//! The provider's own area in a real browser: registering a company (mistakes shown, then
//! saved), its figures from real requests, an API token made, used and revoked, and an
//! offer's places taken shown in the list before it is withdrawn.

use super::support::{italian_browser, sign_in};
use crate::market::{ask, market};
use connessi_tests::fixtures::fresh_partita_iva;
use connessi_tests::{Backend, backend_tests};
use serde_json::json;

backend_tests! {
    a_company_registers_as_provider_and_an_owner_reads_its_figures_and_makes_and_revokes_an_api_token => provider_area;
}

async fn provider_area(backend: Backend) {
    let m = market(backend).await;
    let base = m.app.anonymous.base.clone();

    m.app.user("titolare@nuovaditta.example", None).await;
    let newcomer = italian_browser().await;
    sign_in(&newcomer, &base, "titolare@nuovaditta.example").await;
    newcomer.click("a[href='/provider/register']").await;
    newcomer
        .wait_for_text("h1", "Registra la tua azienda")
        .await;
    newcomer
        .fill("#legal_name", "Nuova Ditta Digitale S.r.l.")
        .await;
    newcomer.fill("#partita_iva", "12345").await;
    newcomer
        .click("form[action='/provider/register'] button")
        .await;
    let errors = newcomer.wait_for_text("#errors", "partita_iva").await;
    assert!(
        errors.contains("website") && errors.contains("description"),
        "{errors}"
    );
    newcomer
        .assert_accessible("provider registration with errors")
        .await;
    let typed = newcomer
        .find("#legal_name")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(
        typed.as_deref(),
        Some("Nuova Ditta Digitale S.r.l."),
        "kept as typed"
    );
    newcomer.fill("#partita_iva", &fresh_partita_iva()).await;
    newcomer
        .fill("#website", "https://nuovaditta.example")
        .await;
    newcomer
        .fill("#contact_email", "info@nuovaditta.example")
        .await;
    newcomer
        .fill(
            "#description",
            "Aiutiamo le botteghe a vendere online con un negozio semplice.",
        )
        .await;
    newcomer
        .click("form[action='/provider/register'] button")
        .await;
    newcomer.wait_for_url("/provider/offers").await;
    newcomer.wait_for_text("header", "Area fornitore").await;

    let offer = m.offer("Cassa in cloud per la bottega", 3).await;
    let (shop, shop_id) = m.shop("cartolibreria").await;
    let request = ask(&shop, &shop_id, &offer, "one").await.ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    m.answer(&request, "accept", json!({})).await.ok(200);

    let owner = italian_browser().await;
    sign_in(&owner, &base, "owner@mercato.example").await;
    owner.goto(&format!("{base}/provider/figures")).await;
    let figures = owner.wait_for_text("main", "Richieste ricevute").await;
    assert!(
        figures.contains("Tasso di accettazione") && figures.contains("100%"),
        "{figures}"
    );
    owner.assert_accessible("provider figures").await;
    owner.screenshot("provider-figures").await;

    owner.click("a[href='/provider/tokens']").await;
    owner.wait_for_text("h1", "Token API").await;
    owner.fill("#name", "gestionale").await;
    owner
        .click("form[action='/provider/tokens'] button[type=submit]")
        .await;
    owner.wait_for_text("#errors", "scopes").await;
    owner.fill("#name", "gestionale").await;
    owner.click("label[for='scopes-read']").await;
    owner
        .click("form[action='/provider/tokens'] button[type=submit]")
        .await;
    owner
        .wait_for_text("[role=status]", "Copia il token ora")
        .await;
    let token = owner
        .find("#issued-token")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    owner.assert_accessible("API tokens").await;
    let software = m.app.anonymous.with_token(Some(token.clone()));
    let offers = format!("/api/v1/providers/{}/offers", m.provider);
    software.get(&offers).await.ok(200);
    owner.click("form[action$='/revoke'] button").await;
    owner.wait_for_text("[role=status]", "Token revocato").await;
    assert!(owner.text("main table").await.contains("Revocato"));
    assert!(
        !owner.text("main").await.contains(&token),
        "the secret is shown once only"
    );
    software.get(&offers).await.problem(401, "unauthenticated");

    owner.goto(&format!("{base}/provider/offers")).await;
    let row = owner
        .wait_for_text("main table tbody tr", "Cassa in cloud per la bottega")
        .await;
    assert!(row.contains("1 / 3"), "one place of three taken: {row}");
    owner
        .click(&format!(
            "form[action='/provider/offers/{offer}/withdraw'] button"
        ))
        .await;
    owner
        .wait_for_text("[role=status]", "Offerta ritirata")
        .await;
    assert!(owner.text("main table").await.contains("ritirata"));
    let public = format!("/api/v1/offers/{offer}");
    m.app.anonymous.get(&public).await.problem(404, "not_found");
}

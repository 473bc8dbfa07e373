//! Registering a company as a provider: the form of the provider's public profile, saved
//! through the same operation as `POST /api/v1/providers` (the signed-in person becomes the
//! owner; moderators verify the company later). A profile that does not pass the checks
//! comes back filled in, with what to fix; a saved one leads to the provider's offers.

use crate::CatalogueState;
use crate::ops;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use connessi_domain::provider::ProviderProfile;
use connessi_platform::{ApiError, db};
use connessi_web::forms::FormPairs;
use connessi_web::layout::csrf_field;
use connessi_web::sign_in::see_other;
use connessi_web::widgets::{error_summary, field_text, field_textarea};
use connessi_web::{Page, PageContext, PageResult};
use maud::html;

fn form_page(ctx: &PageContext, profile: &ProviderProfile, failed: Option<&ApiError>) -> Response {
    let errors = failed.map(|e| e.errors.clone()).unwrap_or_default();
    let title = ctx.t("Registra la tua azienda", "Register your company");
    let main = html! {
        (connessi_web::areas::provider_nav(ctx))
        h1 { (title) }
        p { (ctx.t("Le aziende tecnologiche che offrono servizi digitali gratuiti ai negozi si registrano qui. La moderazione verifica la Partita IVA prima che le offerte siano pubblicate.",
                   "Tech companies offering free digital services to shops register here. The moderators check the Partita IVA before the offers are published.")) }
        @if let Some(error) = failed.filter(|e| e.errors.is_empty()) {
            div class="alert alert-danger" role="alert" { (connessi_web::widgets::problem_text(ctx.lang, error.code, &error.detail)) }
        }
        (error_summary(ctx, &errors))
        form method="post" action="/provider/register" novalidate {
            (csrf_field(ctx))
            h2 class="h4" { (ctx.t("Profilo pubblico", "Public profile")) }
            (field_text("legal_name", ctx.t("Ragione sociale", "Legal name"), "text", &profile.legal_name, true))
            (field_text("partita_iva", ctx.t("Partita IVA", "Partita IVA (VAT number)"), "text", &profile.partita_iva, true))
            (field_text("website", ctx.t("Sito web", "Website"), "url", &profile.website, true))
            (field_text("contact_email", ctx.t("E-mail di contatto", "Contact e-mail"), "email", &profile.contact_email, true))
            (field_textarea("description", ctx.t("Descrizione dell'azienda (almeno 20 caratteri)", "About the company (at least 20 characters)"), &profile.description, true))
            (field_text("logo_url", ctx.t("Indirizzo del logo (facoltativo)", "Logo address (optional)"), "url", profile.logo_url.as_deref().unwrap_or(""), false))
            button type="submit" class="btn btn-primary" { (ctx.t("Registra l'azienda", "Register the company")) }
        }
    };
    let page = Page::new(ctx, title, main);
    match failed {
        Some(error) => connessi_web::errors::page_with_problem(page, error),
        None => page.into_response(),
    }
}

pub async fn page(ctx: PageContext) -> PageResult<Response> {
    ctx.actor.user()?;
    Ok(form_page(&ctx, &ProviderProfile::default(), None))
}

fn read(form: &FormPairs) -> ProviderProfile {
    let one = |name: &str| form.one(name).unwrap_or_default();
    ProviderProfile {
        legal_name: one("legal_name"),
        partita_iva: one("partita_iva"),
        website: one("website"),
        contact_email: one("contact_email"),
        description: one("description"),
        logo_url: form.one("logo_url"),
    }
}

pub async fn register(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    form: FormPairs,
) -> PageResult<Response> {
    let profile = read(&form);
    let actor = ctx.actor.clone();
    let saved = db::write(&state.platform.db, |txn| {
        let (actor, profile) = (actor.clone(), profile.clone());
        Box::pin(async move { ops::providers::register(txn, &actor, profile).await })
    })
    .await;
    match saved {
        Ok(_) => Ok(see_other("/provider/offers", vec![])),
        Err(error) if matches!(error.code.status(), 409 | 422) => {
            Ok(form_page(&ctx, &profile, Some(&error)))
        }
        Err(error) => Err(error),
    }
}

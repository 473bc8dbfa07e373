//! Saved searches in the pages: under the results, the offer to be told of new offers for
//! this search (the account's address when signed in, else an address to confirm), and the
//! signed-in person's list, each search stoppable.

use super::query::PageQuery;
use crate::CatalogueState;
use crate::saved::{self, Frequency, NewSavedSearch, SavedSearchView};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use connessi_domain::ErrorCode;
use connessi_platform::{ApiError, ApiPath, db};
use connessi_web::errors::page_with_problem;
use connessi_web::forms::FormPairs;
use connessi_web::layout::csrf_field;
use connessi_web::sign_in::see_other;
use connessi_web::widgets::{error_summary, status_message};
use connessi_web::{Page, PageContext, PageResult};
use maud::{Markup, html};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The form under the results; its fields belong to `#save-search-form`, outside the search
/// form, so the live results carry the search they show.
pub fn offer_to_save(ctx: &PageContext, query: &PageQuery, email_on: bool) -> Markup {
    let search = query.with_page(1);
    html! {
        @if email_on && !search.is_empty() {
            div class="connessi-save-search mt-4 p-3 border rounded" {
                h2 class="h6" { (ctx.t("Avvisami delle nuove offerte per questa ricerca", "Tell me of new offers for this search")) }
                input type="hidden" name="search" value=(search) form="save-search-form";
                @if ctx.user().is_none() {
                    label class="form-label active" for="save-email" { (ctx.t("La tua e-mail", "Your e-mail")) }
                    input type="email" class="form-control mb-2" id="save-email" name="email" form="save-search-form" autocomplete="email";
                }
                div class="form-check form-check-inline" {
                    input type="radio" id="save-immediately" name="frequency" value="immediately" form="save-search-form" checked;
                    label for="save-immediately" { (ctx.t("Subito", "At once")) }
                }
                div class="form-check form-check-inline" {
                    input type="radio" id="save-weekly" name="frequency" value="weekly" form="save-search-form";
                    label for="save-weekly" { (ctx.t("Una volta a settimana", "Once a week")) }
                }
                button type="submit" class="btn btn-outline-primary btn-sm ms-2" form="save-search-form" {
                    (ctx.t("Salva la ricerca", "Save the search"))
                }
            }
        }
    }
}

/// The form the fields of [`offer_to_save`] belong to.
pub fn save_form(ctx: &PageContext) -> Markup {
    html! { form id="save-search-form" method="post" action="/saved-searches" { (csrf_field(ctx)) } }
}

pub async fn create(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    form: FormPairs,
) -> PageResult<Response> {
    if !state.platform.settings.email.enabled() {
        return Err(ApiError::new(
            ErrorCode::ServiceUnavailable,
            "this installation sends no e-mail, so it cannot send alerts",
        ));
    }
    let search = form.one("search").unwrap_or_default();
    let params = PageQuery::parse(ctx.lang, Some(&search)).search_params();
    let new = NewSavedSearch {
        email: form.one("email"),
        params: as_map(&params),
        frequency: match form.one("frequency").as_deref() {
            Some("weekly") => Frequency::Weekly,
            _ => Frequency::Immediately,
        },
        label: None,
    };
    let (actor, public_url) = (
        ctx.actor.clone(),
        state.platform.settings.public_url.clone(),
    );
    let saved = db::write(&state.platform.db, |txn| {
        let (actor, new, public_url) = (actor.clone(), new.clone(), public_url.clone());
        Box::pin(async move { saved::create(txn, &actor, new, &public_url).await })
    })
    .await;
    match saved {
        Ok(_) if ctx.user().is_some() => Ok(see_other("/saved-searches?saved=1", vec![])),
        Ok(_) => Ok(confirmation_sent(&ctx)),
        Err(error) if matches!(error.code.status(), 409 | 422) => {
            Ok(not_saved(&ctx, &search, &error))
        }
        Err(error) => Err(error),
    }
}

/// The search's parameters as the API names them, the per-page size left out.
fn as_map(params: &crate::search::params::SearchParams) -> BTreeMap<String, String> {
    let value = serde_json::to_value(params).unwrap_or_default();
    let mut map: BTreeMap<String, String> = value
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
        .collect();
    map.remove("per_page");
    map
}

fn confirmation_sent(ctx: &PageContext) -> Response {
    let title = ctx.t("Conferma la tua e-mail", "Confirm your e-mail");
    let main = html! {
        h1 { (title) }
        (status_message("success", ctx.t("Ti abbiamo scritto: apri il link nell'e-mail per attivare gli avvisi.", "We have written to you: open the link in the e-mail to start the alerts.")))
        p { a href="/" { (ctx.t("Torna alla ricerca", "Back to the search")) } }
    };
    Page::new(ctx, title, main).into_response()
}

fn not_saved(ctx: &PageContext, search: &str, error: &ApiError) -> Response {
    let title = ctx.t("Ricerca non salvata", "Search not saved");
    let main = html! {
        h1 { (title) }
        @if error.errors.is_empty() { div class="alert alert-danger" role="alert" { (connessi_web::widgets::problem_text(ctx.lang, error.code, &error.detail)) } }
        (error_summary(ctx, &error.errors))
        p { a href=(format!("/?{search}")) { (ctx.t("Torna alla ricerca", "Back to the search")) } }
    };
    page_with_problem(Page::new(ctx, title, main), error)
}

pub async fn list(State(state): State<CatalogueState>, ctx: PageContext) -> PageResult<Response> {
    let user = ctx.actor.user()?;
    let searches = saved::of_user(&state.platform.db, user).await?;
    let title = ctx.t("Ricerche salvate", "Saved searches");
    let main = html! {
        (connessi_web::areas::shop_nav(&ctx))
        h1 { (title) }
        @if ctx.flag("saved") { (status_message("success", ctx.t("Ricerca salvata: ti scriveremo quando arrivano nuove offerte.", "Search saved: we will write when new offers arrive."))) }
        @if ctx.flag("stopped") { (status_message("success", ctx.t("Avvisi fermati.", "Alerts stopped."))) }
        @if searches.is_empty() {
            p { (ctx.t("Nessuna ricerca salvata. Dopo una ricerca, salvala in fondo ai risultati.", "No saved searches. After a search, save it below the results.")) }
        }
        ul class="list-unstyled" { @for search in &searches { li class="mb-3 border-bottom pb-2" { (row(&ctx, search)) } } }
    };
    Ok(Page::new(&ctx, title, main).into_response())
}

fn row(ctx: &PageContext, search: &SavedSearchView) -> Markup {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(search.params.iter())
        .finish();
    let often = match search.frequency.as_str() {
        "weekly" => ctx.t("una volta a settimana", "once a week"),
        _ => ctx.t("subito", "at once"),
    };
    html! {
        h2 class="h6 mb-1" { a href=(format!("/?{query}")) { (search.label) } }
        p class="small mb-1" {
            (ctx.t("Avvisi ", "Alerts ")) (often)
            @if search.status == "pending_confirmation" { " · " (ctx.t("in attesa di conferma dell'e-mail", "waiting for the e-mail to be confirmed")) }
        }
        form method="post" action=(format!("/saved-searches/{}/delete", search.id)) {
            (csrf_field(ctx))
            button type="submit" class="btn btn-outline-danger btn-sm" { (ctx.t("Ferma gli avvisi", "Stop the alerts")) " " span class="visually-hidden" { (search.label) } }
        }
    }
}

pub async fn delete(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<Uuid>,
) -> PageResult<Response> {
    saved::delete_own(&state.platform.db, ctx.actor.user()?, id).await?;
    Ok(see_other("/saved-searches?stopped=1", vec![]))
}

//! The search home: the search box (updated as one types when the script runs), the territory
//! picker, sorting, facet panels with counts and the results with their free-period terms.
//! Every state is a plain GET URL, so a search can be shared and works without JavaScript.

use super::query::PageQuery;
use super::{results, saved_searches};
use crate::CatalogueState;
use axum::extract::{RawQuery, State};
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;
use connessi_platform::ApiError;
use connessi_search::{Scope, SearchResponse};
use connessi_web::widgets::field_select;
use connessi_web::{Page, PageContext, PageResult, territory_picker};
use maud::{Markup, html};

pub async fn page(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    RawQuery(raw): RawQuery,
) -> PageResult<Response> {
    let query = PageQuery::parse(ctx.lang, raw.as_deref());
    let found = run(&state, &ctx, &query).await?;
    let email_on = state.platform.settings.email.enabled();
    let region = html! {
        (results::region(&ctx, &query, &found))
        (saved_searches::offer_to_save(&ctx, &query, email_on))
    };
    if query.partial {
        return Ok(Html(region.into_string()).into_response());
    }
    let title = match query.value("q") {
        Some(q) => format!("{} «{q}»", ctx.t("Offerte per", "Offers for")),
        None => ctx
            .t(
                "Cerca offerte digitali gratuite",
                "Find free digital offerings",
            )
            .to_owned(),
    };
    let main = html! {
        h1 { (ctx.t("Cerca offerte digitali gratuite", "Find free digital offerings")) }
        p class="lead" {
            (ctx.t("Negozi online, pagamenti digitali, consegne, social, prenotazioni e formazione: gratis per un periodo, con le condizioni successive scritte in chiaro.",
                   "Online stores, digital payments, delivery, social media, booking and training: free for a period, with the terms afterwards in plain words."))
        }
        (search_form(&ctx, &query, region))
    };
    Ok(Page::new(&ctx, title, main).into_response())
}

async fn run(
    state: &CatalogueState,
    ctx: &PageContext,
    query: &PageQuery,
) -> PageResult<SearchResponse> {
    let mut request = query.search_params().into_request(&ctx.actor, Utc::now())?;
    // The home page shows what shops can ask for, whoever looks.
    request.scope = Scope::Public;
    state
        .search
        .backend()
        .search(&request)
        .await
        .map_err(|error| ApiError {
            internal: Some(error.to_string()),
            ..ApiError::new(
                connessi_domain::ErrorCode::ServiceUnavailable,
                "search is not available right now; try again shortly",
            )
        })
}

fn search_form(ctx: &PageContext, query: &PageQuery, region: Markup) -> Markup {
    let sorts = [
        ("relevance", ctx.t("Più pertinenti", "Best match")),
        ("newest", ctx.t("Più recenti", "Newest")),
        ("ending_soon", ctx.t("In scadenza", "Ending soon")),
        (
            "longest_free_period",
            ctx.t("Periodo gratuito più lungo", "Longest free period"),
        ),
    ]
    .map(|(v, l)| (v.to_owned(), l.to_owned()));
    let territory_value = query
        .territory
        .as_ref()
        .map_or(query.territory_typed.clone(), |t| t.label.clone());
    html! {
        form id="search-form" method="get" action="/" role="search" data-live-search
             aria-label=(ctx.t("Cerca offerte", "Search offers")) {
            @if ctx.lang != connessi_web::Lang::It {
                input type="hidden" name="lang" value=(ctx.lang.code());
            }
            div class="connessi-search-bar row g-3 align-items-end" {
                div class="col-lg-5" {
                    label class="form-label" for="q" { (ctx.t("Che cosa cerchi", "What are you looking for")) }
                    input type="search" class="form-control" id="q" name="q" value=(query.value("q").unwrap_or(""))
                        placeholder=(ctx.t("es. pagamenti digitali, negozio online", "e.g. digital payments, online shop"))
                        autocomplete="off";
                }
                div class="col-lg-4" {
                    (territory_picker::field(ctx.lang, "territorio", "territorio", &territory_value))
                }
                div class="col-lg-2" {
                    (field_select("sort", ctx.t("Ordina per", "Sort by"), &sorts, query.value("sort").unwrap_or("relevance")))
                }
                div class="col-lg-1" {
                    button type="submit" class="btn btn-primary w-100" { (ctx.t("Cerca", "Search")) }
                }
            }
            @if query.unknown_territory() {
                div class="alert alert-warning" role="alert" {
                    (ctx.t("Non troviamo il luogo indicato: scegli un comune, una provincia o una regione dall'elenco.",
                           "We cannot find that place: choose a comune, province or region from the list."))
                }
            }
            p id="search-status" class="visually-hidden" role="status" aria-live="polite" {}
            div id="search-results" aria-live="off" { (region) }
        }
        form id="compare-form" method="get" action="/compare" {}
        (saved_searches::save_form(ctx))
    }
}

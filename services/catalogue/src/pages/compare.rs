//! Side-by-side comparison of up to four offers, every one described by the same rows: free
//! period, price and commitment afterwards, renewal, leaving with the data, onboarding,
//! delivery, level, languages, territory and places left.

use super::offer::load;
use crate::CatalogueState;
use crate::views::OfferView;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use connessi_domain::ErrorCode;
use connessi_domain::vocab;
use connessi_platform::ApiError;
use connessi_web::offers::{euros, free_period, label, labels, localized, places, territory};
use connessi_web::{Page, PageContext, PageResult};
use maud::{Markup, html};
use uuid::Uuid;

/// The most offers one table compares.
pub const MAX_COMPARED: usize = 4;

pub async fn page(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    RawQuery(raw): RawQuery,
) -> PageResult<Response> {
    let ids = requested_ids(raw.as_deref())?;
    let mut offers = Vec::with_capacity(ids.len());
    for id in ids.iter().take(MAX_COMPARED) {
        offers.push(load(&state, &ctx, *id).await?);
    }
    let main = html! {
        h1 { (ctx.t("Confronta le offerte", "Compare offers")) }
        @if ids.len() > MAX_COMPARED {
            div class="alert alert-info" role="status" {
                (ctx.t("Si confrontano al massimo 4 offerte: ecco le prime 4.", "At most 4 offers are compared: here are the first 4."))
            }
        }
        @if offers.is_empty() {
            p { (ctx.t("Scegli le offerte da confrontare con «Aggiungi al confronto» nei risultati della ricerca.",
                       "Choose the offers to compare with “Add to comparison” in the search results.")) }
            a class="btn btn-primary" href="/" { (ctx.t("Vai alla ricerca", "Go to the search")) }
        } @else {
            (table(&ctx, &offers, &ids))
            p class="mt-3" { a href="/" { (ctx.t("Cerca altre offerte", "Find more offers")) } }
        }
    };
    Ok(Page::new(&ctx, ctx.t("Confronta le offerte", "Compare offers"), main).into_response())
}

/// `ids` repeated or comma-separated, each a UUID, without repeats.
fn requested_ids(raw: Option<&str>) -> PageResult<Vec<Uuid>> {
    let mut ids = Vec::new();
    for (key, value) in url::form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        if key != "ids" {
            continue;
        }
        for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let id = Uuid::parse_str(part).map_err(|_| {
                ApiError::new(ErrorCode::InvalidQueryParameter, "ids must be offer ids")
            })?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    Ok(ids)
}

fn without(ids: &[Uuid], removed: Uuid) -> String {
    let kept: Vec<String> = ids
        .iter()
        .filter(|id| **id != removed)
        .take(MAX_COMPARED)
        .map(Uuid::to_string)
        .collect();
    if kept.is_empty() {
        "/compare".to_owned()
    } else {
        format!("/compare?ids={}", kept.join(","))
    }
}

fn table(ctx: &PageContext, offers: &[(OfferView, Option<u32>)], ids: &[Uuid]) -> Markup {
    let lang = ctx.lang;
    type Row<'a> = (&'a str, Box<dyn Fn(&OfferView, Option<u32>) -> String + 'a>);
    let rows: Vec<Row<'_>> = vec![
        (
            ctx.t("Fornitore", "Provider"),
            Box::new(|v, _| v.provider.legal_name.clone()),
        ),
        (
            ctx.t("Periodo gratuito", "Free period"),
            Box::new(move |v, _| {
                free_period(
                    lang,
                    v.content.free_period.months,
                    v.content.free_period.until,
                )
            }),
        ),
        (
            ctx.t("Prezzo dopo", "Price afterwards"),
            Box::new(|v, _| v.content.after_free_period.price.clone()),
        ),
        (
            ctx.t("Al mese", "Per month"),
            Box::new(move |v, _| {
                v.content
                    .after_free_period
                    .monthly_price_cents
                    .map_or("—".to_owned(), |c| euros(lang, c))
            }),
        ),
        (
            ctx.t("Impegno minimo (mesi)", "Minimum commitment (months)"),
            Box::new(|v, _| {
                v.content
                    .after_free_period
                    .minimum_commitment_months
                    .to_string()
            }),
        ),
        (
            ctx.t("Rinnovo automatico", "Automatic renewal"),
            Box::new(move |v, _| {
                lang.t(
                    if v.content.after_free_period.automatic_renewal {
                        "sì"
                    } else {
                        "no"
                    },
                    if v.content.after_free_period.automatic_renewal {
                        "yes"
                    } else {
                        "no"
                    },
                )
                .to_owned()
            }),
        ),
        (
            ctx.t("Lasciare e portare via i dati", "Leaving with your data"),
            Box::new(|v, _| v.content.after_free_period.data_export.clone()),
        ),
        (
            ctx.t("Attivazione", "Onboarding"),
            Box::new(|v, _| v.content.onboarding.description.clone()),
        ),
        (
            ctx.t("Modalità", "Delivery"),
            Box::new(move |v, _| {
                label(lang, &vocab::DELIVERY_MODES, &v.content.delivery_mode).to_owned()
            }),
        ),
        (
            ctx.t("Formato", "Format"),
            Box::new(move |v, _| label(lang, &vocab::FORMATS, &v.content.format).to_owned()),
        ),
        (
            ctx.t("Livello", "Skill level"),
            Box::new(move |v, _| {
                label(lang, &vocab::SKILL_LEVELS, &v.content.skill_level).to_owned()
            }),
        ),
        (
            ctx.t("Lingue", "Languages"),
            Box::new(move |v, _| labels(lang, &vocab::LANGUAGES, &v.content.languages)),
        ),
        (
            ctx.t("Dove", "Where"),
            Box::new(move |v, _| territory(lang, &v.content.territory)),
        ),
        (
            ctx.t("Posti", "Places"),
            Box::new(move |v, left| places(lang, v.content.capacity, left)),
        ),
    ];
    html! {
        div class="table-responsive" {
            table class="table connessi-compare" {
                caption class="visually-hidden" { (ctx.t("Le offerte scelte, una per colonna", "The chosen offers, one per column")) }
                thead {
                    tr {
                        td {}
                        @for (view, _) in offers {
                            th scope="col" {
                                a href=(format!("/offers/{}", view.id.0)) {
                                    (localized(lang, &view.content.title.it, view.content.title.en.as_deref()))
                                }
                                br;
                                a class="small" href=(without(ids, view.id.0)) { (ctx.t("togli dal confronto", "remove from comparison")) }
                            }
                        }
                    }
                }
                tbody {
                    @for (name, value) in &rows {
                        tr {
                            th scope="row" { (name) }
                            @for (view, left) in offers { td { (value(view, *left)) } }
                        }
                    }
                }
            }
        }
    }
}

//! The part of the search page that changes with each search: facet panels with counts, the
//! results, the pager. The script fetches it alone (`partial=results`) to update in place.

use super::query::{FACETS, PageQuery};
use connessi_domain::territory::istat;
use connessi_domain::vocab::{self, Vocabulary};
use connessi_search::{Facet, Hit, SearchResponse};
use connessi_web::offers::{free_period, label, places};
use connessi_web::{Lang, PageContext};
use maud::{Markup, PreEscaped, html};
use std::collections::BTreeMap;

pub fn region(ctx: &PageContext, query: &PageQuery, found: &SearchResponse) -> Markup {
    let summary = summary(ctx.lang, found.total);
    html! {
        div class="row" data-summary=(summary) {
            aside class="col-lg-3 connessi-facets" aria-label=(ctx.t("Filtri", "Filters")) {
                h2 class="h5" { (ctx.t("Filtra i risultati", "Filter the results")) }
                @for name in FACETS {
                    (facet(ctx, query, found, name))
                }
                fieldset {
                    legend { (ctx.t("Disponibilità", "Availability")) }
                    div class="form-check" {
                        input type="checkbox" id="has_places" name="has_places" value="true"
                            checked[query.value("has_places") == Some("true")];
                        label for="has_places" { (ctx.t("Solo con posti disponibili", "Only with places left")) }
                    }
                }
                (free_months(ctx, query))
                noscript {
                    button type="submit" class="btn btn-outline-primary btn-sm" { (ctx.t("Applica i filtri", "Apply filters")) }
                }
            }
            div class="col-lg-9" {
                div class="d-flex justify-content-between align-items-center mb-3" {
                    h2 class="h5 mb-0" id="results-heading" { (summary) }
                    button type="submit" form="compare-form" class="btn btn-outline-primary btn-sm" {
                        (ctx.t("Confronta le offerte scelte (fino a 4)", "Compare the chosen offers (up to 4)"))
                    }
                }
                @if found.hits.is_empty() {
                    p { (ctx.t("Nessuna offerta corrisponde: prova a togliere qualche filtro.",
                               "No offer matches: try removing some filters.")) }
                }
                ol class="list-unstyled" aria-labelledby="results-heading" {
                    @for hit in &found.hits { li { (result(ctx, hit)) } }
                }
                (pager(ctx, query, found))
            }
        }
    }
}

fn summary(lang: Lang, total: u64) -> String {
    match (lang, total) {
        (Lang::It, 1) => "1 offerta trovata".to_owned(),
        (Lang::It, n) => format!("{n} offerte trovate"),
        (Lang::En, 1) => "1 offer found".to_owned(),
        (Lang::En, n) => format!("{n} offers found"),
    }
}

fn vocabulary(name: &str) -> Option<&'static Vocabulary> {
    Some(match name {
        "category" => &vocab::CATEGORIES,
        "sector" => &vocab::SECTORS,
        "delivery_mode" => &vocab::DELIVERY_MODES,
        "format" => &vocab::FORMATS,
        "skill_level" => &vocab::SKILL_LEVELS,
        "language" => &vocab::LANGUAGES,
        _ => return None,
    })
}

fn facet_of(name: &str) -> Facet {
    match name {
        "category" => Facet::Category,
        "sector" => Facet::Sector,
        "delivery_mode" => Facet::DeliveryMode,
        "format" => Facet::Format,
        "skill_level" => Facet::SkillLevel,
        "language" => Facet::Language,
        _ => Facet::Region,
    }
}

fn facet_title(lang: Lang, name: &str) -> &'static str {
    match name {
        "category" => lang.t("Tipo di servizio", "Kind of service"),
        "sector" => lang.t("Settore dell'attività", "Business sector"),
        "delivery_mode" => lang.t("Modalità", "Delivery"),
        "format" => lang.t("Formato", "Format"),
        "skill_level" => lang.t("Livello di competenza", "Skill level"),
        "language" => lang.t("Lingua", "Language"),
        _ => lang.t("Regione", "Region"),
    }
}

/// One facet's values with counts; values without results are left out unless ticked.
fn facet(ctx: &PageContext, query: &PageQuery, found: &SearchResponse, name: &str) -> Markup {
    let empty = BTreeMap::new();
    let counts = found.facets.get(&facet_of(name)).unwrap_or(&empty);
    let ticked = query.values(name);
    let options: Vec<(String, String, u64)> = match vocabulary(name) {
        Some(vocabulary) => vocabulary
            .terms
            .iter()
            .map(|t| {
                (
                    t.code.to_owned(),
                    ctx.lang.term(t).to_owned(),
                    counts.get(t.code).copied().unwrap_or(0),
                )
            })
            .collect(),
        None => istat()
            .regions
            .values()
            .map(|r| {
                (
                    r.code.clone(),
                    r.name.clone(),
                    counts.get(&r.code).copied().unwrap_or(0),
                )
            })
            .collect(),
    };
    let shown: Vec<_> = options
        .into_iter()
        .filter(|(code, _, count)| *count > 0 || ticked.contains(&code.as_str()))
        .collect();
    html! {
        @if !shown.is_empty() {
            fieldset {
                legend { (facet_title(ctx.lang, name)) }
                @for (code, text, count) in shown {
                    @let id = format!("f-{name}-{code}");
                    div class="form-check" {
                        input type="checkbox" id=(id) name=(name) value=(code) checked[ticked.contains(&code.as_str())];
                        label for=(id) { (text) " " span class="count" { "(" (count) ")" } }
                    }
                }
            }
        }
    }
}

fn free_months(ctx: &PageContext, query: &PageQuery) -> Markup {
    let chosen = query.value("min_free_months").unwrap_or("");
    let options = [
        ("", ctx.t("Qualsiasi durata", "Any length")),
        ("3", ctx.t("Almeno 3 mesi", "At least 3 months")),
        ("6", ctx.t("Almeno 6 mesi", "At least 6 months")),
        ("12", ctx.t("Almeno 12 mesi", "At least 12 months")),
    ]
    .map(|(v, l)| (v.to_owned(), l.to_owned()));
    connessi_web::widgets::field_select(
        "min_free_months",
        ctx.t("Periodo gratuito", "Free period"),
        &options,
        chosen,
    )
}

fn result(ctx: &PageContext, hit: &Hit) -> Markup {
    let offer = &hit.offer;
    let escaped = |text: &str| html! { (text) }.into_string();
    let title = match (ctx.lang, &offer.title_en, &hit.highlights.title) {
        (Lang::En, Some(en), _) => escaped(en),
        (_, _, Some(fragment)) => fragment.clone(),
        _ => escaped(&offer.title_it),
    };
    let description = match (ctx.lang, &offer.description_en, &hit.highlights.description) {
        (Lang::En, Some(en), _) => escaped(&excerpt(en)),
        (_, _, Some(fragment)) => fragment.clone(),
        _ => escaped(&excerpt(&offer.description_it)),
    };
    let pick = format!("compare-{}", offer.id);
    html! {
        article class="connessi-result" {
            h3 { a href=(format!("/offers/{}", offer.id)) { (PreEscaped(title)) } }
            p class="connessi-muted mb-1" { (offer.provider_name) }
            // Highlights come from the index already HTML-escaped, with <mark> around matches.
            p class="mb-2" { (PreEscaped(description)) }
            ul class="connessi-terms" {
                li { strong { (free_period(ctx.lang, offer.free_period_months, offer.free_period_until)) } }
                li { (ctx.t("Dopo: ", "Afterwards: ")) (offer.price_after) }
                li { (places(ctx.lang, offer.capacity, offer.places_left)) }
                li { (label(ctx.lang, &vocab::DELIVERY_MODES, &offer.delivery_mode)) }
            }
            div class="form-check connessi-compare-pick" {
                input type="checkbox" id=(pick) name="ids" value=(offer.id) form="compare-form";
                label for=(pick) { (ctx.t("Aggiungi al confronto", "Add to comparison")) }
            }
        }
    }
}

pub(crate) fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(220).collect();
    if text.chars().count() > 220 {
        out.push('…');
    }
    out
}

fn pager(ctx: &PageContext, query: &PageQuery, found: &SearchResponse) -> Markup {
    let pages = found
        .total
        .div_ceil(u64::from(found.per_page.max(1)))
        .min(1000) as u32;
    let page = found.page;
    html! {
        @if pages > 1 {
            nav class="pagination-wrapper" aria-label=(ctx.t("Pagine dei risultati", "Result pages")) {
                ul class="pagination" {
                    @if page > 1 {
                        li class="page-item" { a class="page-link" href=(format!("/?{}", query.with_page(page - 1))) { (ctx.t("Precedente", "Previous")) } }
                    }
                    li class="page-item" {
                        span class="page-link" aria-current="page" {
                            (match ctx.lang { Lang::It => format!("Pagina {page} di {pages}"), Lang::En => format!("Page {page} of {pages}") })
                        }
                    }
                    @if page < pages {
                        li class="page-item" { a class="page-link" href=(format!("/?{}", query.with_page(page + 1))) { (ctx.t("Successiva", "Next")) } }
                    }
                }
            }
        }
    }
}

//! The parts of a round's page: its rules, its offers (with what a dry run or the
//! publication gave each), and the results with each shop's outcome, priority and
//! explanation, a page at a time once published.

use super::italian_time::when;
use crate::rounds::manage::RoundView;
use crate::rounds::outcome::Outcome;
use crate::rounds::results::{ResultView, ResultsPage};
use crate::rounds::{RoundStatus, ticket_hex};
use connessi_domain::vocab::SECTORS;
use connessi_web::widgets::badge;
use connessi_web::{Lang, PageContext, territory_picker};
use maud::{Markup, html};
use uuid::Uuid;

pub(super) fn facts(ctx: &PageContext, round: &RoundView) -> Markup {
    let all_or = |list: Vec<String>, all: &str| {
        if list.is_empty() {
            all.to_owned()
        } else {
            list.join(", ")
        }
    };
    let places = round
        .territories
        .iter()
        .map(|code| territory_picker::label_of(ctx.lang, code).unwrap_or_else(|| code.clone()));
    let sectors = round.sectors.iter().map(|code| {
        SECTORS
            .get(code)
            .map_or_else(|| code.clone(), |t| ctx.lang.term(t).to_owned())
    });
    let weights: Vec<String> = round
        .priority_weights
        .iter()
        .map(|(a, w)| format!("{} {w}", super::questionnaire::priority_label(ctx.lang, *a)))
        .collect();
    html! {
        dl class="row" {
            dt class="col-sm-4" { (ctx.t("Finestra delle domande", "Application window")) }
            dd class="col-sm-8" { (when(ctx.lang, round.opens_at)) " – " (when(ctx.lang, round.closes_at)) }
            dt class="col-sm-4" { (ctx.t("Domande ricevute", "Applications received")) }
            dd class="col-sm-8" id="round-applications" { (round.applications) }
            dt class="col-sm-4" { (ctx.t("Territori ammessi", "Eligible territories")) }
            dd class="col-sm-8" { (all_or(places.collect(), ctx.t("tutta Italia", "all Italy"))) }
            dt class="col-sm-4" { (ctx.t("Settori ammessi", "Eligible sectors")) }
            dd class="col-sm-8" { (all_or(sectors.collect(), ctx.t("tutti", "all"))) }
            dt class="col-sm-4" { (ctx.t("Pesi di priorità", "Priority weights")) }
            dd class="col-sm-8" { (all_or(weights, ctx.t("nessuno", "none"))) }
            dt class="col-sm-4" { (ctx.t("Seme dell'estrazione", "Lottery seed")) }
            dd class="col-sm-8" { code { (round.seed) } }
            @if let Some(at) = round.published_at {
                dt class="col-sm-4" { (ctx.t("Pubblicato il", "Published on")) }
                dd class="col-sm-8" { (when(ctx.lang, at)) }
            }
        }
    }
}

pub(super) fn offers(ctx: &PageContext, round: &RoundView, dry: bool) -> Markup {
    let figures = dry || round.status == RoundStatus::Published;
    let number = |n: Option<i32>| n.map_or_else(|| "—".to_owned(), |n| n.to_string());
    html! {
        table class="table table-sm" {
            caption class="h5" { (ctx.t("Offerte del turno", "The round's offers")) }
            thead { tr {
                th scope="col" { (ctx.t("Offerta", "Offer")) }
                th scope="col" class="text-end" { (ctx.t("Posti nel turno", "Places in the round")) }
                @if figures {
                    th scope="col" class="text-end" { (ctx.t("Posti usati", "Places used")) }
                    th scope="col" class="text-end" { (ctx.t("Assegnati", "Assigned")) }
                    th scope="col" { (ctx.t("Ultima priorità ammessa", "Lowest priority admitted")) }
                }
            } }
            tbody {
                @for o in &round.offers {
                    tr {
                        th scope="row" { (o.title) }
                        td class="text-end" { (o.places) }
                        @if figures {
                            td class="text-end" { (number(o.places_used)) }
                            td class="text-end" { (number(o.assigned)) }
                            td { (o.lowest_admitted.map_or_else(|| "—".to_owned(), |p| format!("{} · {}", p.score, ticket_hex(p.lottery)))) }
                        }
                    }
                }
            }
        }
    }
}

pub(super) fn results_table(ctx: &PageContext, shown: &[ResultView], total: u64) -> Markup {
    html! {
        p { (match ctx.lang { Lang::It => format!("{total} negozi hanno fatto domanda."), Lang::En => format!("{total} shops applied.") }) }
        @if !shown.is_empty() {
            table class="table table-sm" {
                caption class="visually-hidden" { (ctx.t("Esito di ogni negozio, con la spiegazione", "Each shop's outcome, with the explanation")) }
                thead { tr {
                    th scope="col" { (ctx.t("Negozio", "Shop")) }
                    th scope="col" { (ctx.t("Esito", "Outcome")) }
                    th scope="col" { (ctx.t("Priorità", "Priority")) }
                    th scope="col" { (ctx.t("Spiegazione", "Explanation")) }
                } }
                tbody {
                    @for r in shown {
                        tr {
                            th scope="row" { (r.shop_name) }
                            td { (outcome_badge(ctx.lang, r.outcome)) }
                            td { (r.priority.score) " · " code { (ticket_hex(r.priority.lottery)) } }
                            td { (match ctx.lang { Lang::It => &r.explanation_it, Lang::En => &r.explanation }) }
                        }
                    }
                }
            }
        }
    }
}

pub(super) fn pages(ctx: &PageContext, id: Uuid, shown: &ResultsPage) -> Markup {
    let last = shown.total.div_ceil(shown.per_page).max(1);
    let link = |page: u64| format!("/moderation/rounds/{id}?page={page}");
    html! {
        @if last > 1 {
            nav aria-label=(ctx.t("Pagine dei risultati", "Result pages")) {
                p {
                    @if shown.page > 1 { a href=(link(shown.page - 1)) { (ctx.t("Precedenti", "Previous")) } " " }
                    (shown.page) " / " (last)
                    @if shown.page < last { " " a href=(link(shown.page + 1)) { (ctx.t("Successivi", "Next")) } }
                }
            }
        }
    }
}

fn outcome_badge(lang: Lang, outcome: Outcome) -> Markup {
    let (kind, text) = match outcome {
        Outcome::Assigned => ("success", lang.t("assegnato", "assigned")),
        Outcome::Unassigned => ("warning", lang.t("non assegnato", "not assigned")),
        Outcome::NotEligible => ("secondary", lang.t("non ammesso", "not eligible")),
    };
    badge(kind, text)
}

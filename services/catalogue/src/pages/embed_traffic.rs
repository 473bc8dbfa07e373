//! An embed's traffic as a table: the last 30 days' totals, then each day with any traffic.

use crate::embeds::traffic::{Counts, Traffic};
use connessi_web::PageContext;
use maud::{Markup, html};

fn cells(counts: &Counts) -> Markup {
    html! {
        td class="text-end" { (counts.views) }
        td class="text-end" { (counts.searches) }
        td class="text-end" { (counts.clicks) }
        td class="text-end" { (counts.requests_started) }
    }
}

pub fn table(ctx: &PageContext, traffic: &Traffic) -> Markup {
    html! {
        section class="mt-4" aria-labelledby="traffic-heading" {
            h2 class="h4" id="traffic-heading" { (ctx.t("Traffico del widget", "Widget traffic")) }
            table class="table" id="traffic" {
                caption {
                    (ctx.t("Ultimi ", "Last ")) (traffic.days) (ctx.t(" giorni, ore UTC; l'anteprima di questa pagina non è contata.",
                                                                      " days, UTC; this page's preview is not counted."))
                }
                thead {
                    tr {
                        th scope="col" { (ctx.t("Giorno", "Day")) }
                        th scope="col" class="text-end" { (ctx.t("Visualizzazioni", "Views")) }
                        th scope="col" class="text-end" { (ctx.t("Ricerche", "Searches")) }
                        th scope="col" class="text-end" { (ctx.t("Clic sulle offerte", "Click-throughs")) }
                        th scope="col" class="text-end" { (ctx.t("Richieste avviate", "Requests started")) }
                    }
                }
                tbody {
                    @for day in &traffic.by_day {
                        tr { th scope="row" { (ctx.lang.date(day.day)) } (cells(&day.counts)) }
                    }
                }
                tfoot {
                    tr class="fw-bold" data-totals { th scope="row" { (ctx.t("Totale", "Total")) } (cells(&traffic.totals)) }
                }
            }
        }
    }
}

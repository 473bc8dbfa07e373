//! The published acceptance criteria every offer is checked against before it goes live.

use axum::response::{IntoResponse, Response};
use connessi_domain::criteria::Criterion;
use connessi_web::{Page, PageContext};
use maud::html;

pub async fn page(ctx: PageContext) -> Response {
    let main = html! {
        h1 { (ctx.t("Criteri di ammissione delle offerte", "Offer acceptance criteria")) }
        p { (ctx.t("Ogni offerta è controllata dallo staff del ministero prima della pubblicazione: deve rispettare tutti questi criteri.",
                   "Ministry staff check every offer before it is published: it must meet all of these criteria.")) }
        ol {
            @for criterion in Criterion::ALL {
                li { (ctx.t(criterion.description_it(), criterion.description_en())) }
            }
        }
    };
    Page::new(
        &ctx,
        ctx.t("Criteri di ammissione", "Acceptance criteria"),
        main,
    )
    .into_response()
}

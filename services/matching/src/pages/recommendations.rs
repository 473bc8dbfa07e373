//! The offers that best fit the shop, each with the reasons in words and what to be careful
//! about, and the way to ask for it. Without a profile the page says how to get them.

use crate::MatchingState;
use crate::recommend::for_shop::for_shop;
use crate::recommend::{Lang as ReasonLang, Recommendation};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use connessi_domain::ErrorCode;
use connessi_web::offers::free_period;
use connessi_web::{Lang, Page, PageContext, PageResult};
use maud::{Markup, html};

pub async fn page(State(state): State<MatchingState>, ctx: PageContext) -> PageResult<Response> {
    let shop = ctx.own_shop()?.0;
    let lang = match ctx.lang {
        Lang::It => ReasonLang::It,
        Lang::En => ReasonLang::En,
    };
    let found = match for_shop(&state, shop, 10, lang).await {
        Ok(found) => Some(found),
        Err(error) if error.code == ErrorCode::ShopProfileRequired => None,
        Err(error) => return Err(error),
    };
    let title = ctx.t("Consigliate per te", "Recommended for you");
    let main = html! {
        (connessi_web::areas::shop_nav(&ctx))
        h1 { (title) }
        @match &found {
            None => p { (ctx.t("I consigli seguono il luogo e i bisogni della tua attività: ", "Recommendations follow your business's place and needs: "))
                        a href="/shop/profile" { (ctx.t("compila il profilo", "fill in the profile")) } "." },
            Some(found) if found.items.is_empty() => p {
                (ctx.t("Nessuna offerta pubblicata copre ora il tuo territorio e i tuoi bisogni. ", "No published offer covers your place and needs right now. "))
                a href="/" { (ctx.t("Cerca tra tutte le offerte", "Search all offers")) } },
            Some(found) => {
                p { (picked(ctx.lang, found.items.len(), found.considered)) }
                ol class="list-unstyled" {
                    @for item in &found.items { li class="mb-3" { (card(&ctx, item)) } }
                }
            }
        }
    };
    Ok(Page::new(&ctx, title, main).into_response())
}

fn card(ctx: &PageContext, item: &Recommendation) -> Markup {
    let offer = &item.offer;
    html! {
        article class="card card-bg" {
            div class="card-body" {
                h2 class="h5 card-title" { a href=(format!("/offers/{}", offer.id)) { (offer.title) } }
                p class="mb-1" { (offer.provider_name) }
                p class="mb-1" {
                    strong { (free_period(ctx.lang, offer.free_period_months, offer.free_period_until)) }
                    " · " (places_left(ctx.lang, offer.places_left))
                }
                p class="mb-2 small" { (ctx.t("Dopo il periodo gratuito: ", "After the free period: ")) (offer.price_after) }
                h3 class="h6" { (ctx.t("Perché te la consigliamo", "Why we recommend it")) }
                ul class="mb-2" { @for reason in &item.reasons { li { (reason.text) } } }
                @if !item.cautions.is_empty() {
                    h3 class="h6" { (ctx.t("Da sapere", "Worth knowing")) }
                    ul class="mb-2" { @for caution in &item.cautions { li { (caution.text) } } }
                }
                a class="btn btn-outline-primary btn-sm" href=(format!("/shop/requests/new?offer_id={}", offer.id)) {
                    (ctx.t("Chiedi l'attivazione", "Request onboarding"))
                }
            }
        }
    }
}

fn places_left(lang: Lang, left: Option<u32>) -> String {
    match left {
        None => lang
            .t("Posti senza limite", "No limit on places")
            .to_owned(),
        Some(1) => lang.t("1 posto rimasto", "1 place left").to_owned(),
        Some(n) => format!("{n} {}", lang.t("posti rimasti", "places left")),
    }
}

fn picked(lang: Lang, shown: usize, considered: usize) -> String {
    match (lang, shown) {
        (Lang::It, 1) => format!("1 offerta scelta fra {considered} pubblicate."),
        (Lang::It, n) => format!("{n} offerte scelte fra {considered} pubblicate."),
        (Lang::En, 1) => format!("1 offer picked from {considered} published."),
        (Lang::En, n) => format!("{n} offers picked from {considered} published."),
    }
}

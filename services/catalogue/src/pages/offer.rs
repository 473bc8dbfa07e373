//! The offer page: everything a shop must know before asking — what is free and for how long,
//! what it costs afterwards, how to leave and take the data, how onboarding works, where it
//! is available, who provides it, places left — and the request button.

use crate::CatalogueState;
use crate::store::offers as offer_store;
use crate::views::OfferView;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use connessi_domain::vocab;
use connessi_domain::{OfferId, ProviderId};
use connessi_platform::entities::offer_place;
use connessi_platform::{ApiError, ApiPath};
use connessi_web::offers::{euros, free_period, label, labels, localized, places, territory};
use connessi_web::widgets::badge;
use connessi_web::{Page, PageContext, PageResult};
use maud::{Markup, html};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

pub async fn page(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<Uuid>,
    Query(from): Query<FromWidget>,
) -> PageResult<Response> {
    let (view, left) = load(&state, &ctx, id).await?;
    let embed = from.embed.filter(|k| super::widget::well_formed_key(k));
    let title = localized(
        ctx.lang,
        &view.content.title.it,
        view.content.title.en.as_deref(),
    )
    .to_owned();
    let main = html! {
        nav aria-label=(ctx.t("Percorso", "Breadcrumb")) {
            ol class="breadcrumb" {
                li class="breadcrumb-item" { a href="/" { (ctx.t("Offerte", "Offers")) } }
                li class="breadcrumb-item active" aria-current="page" { (title) }
            }
        }
        @if from.moderated.is_some() {
            (connessi_web::widgets::status_message("success", ctx.t("Decisione registrata.", "Decision recorded.")))
        }
        h1 { (title) }
        p class="lead" {
            (ctx.t("Offerta di ", "Offered by ")) strong { (view.provider.legal_name) } " "
            @if view.provider.verified { (badge("success", ctx.t("fornitore verificato", "verified provider"))) }
        }
        div class="row" {
            div class="col-lg-8" { (details(&ctx, &view.content, left)) }
            div class="col-lg-4" {
                (request_box(&ctx, &view, left, embed.as_deref()))
                (super::offer_moderation::moderation_box(&ctx, &view))
            }
        }
    };
    Ok(Page::new(&ctx, title, main).into_response())
}

/// The offer as the actor may see it (published ones for everyone, others for the provider's
/// members and moderators), with its places left.
pub async fn load(
    state: &CatalogueState,
    ctx: &PageContext,
    id: Uuid,
) -> PageResult<(OfferView, Option<u32>)> {
    let db = &state.platform.db;
    let model = offer_store::find(db, OfferId(id))
        .await?
        .ok_or_else(|| ApiError::not_found("offer"))?;
    let expired = model.expires_at.is_some_and(|at| at <= Utc::now());
    let public = offer_store::status_of(&model).is_public() && !expired;
    if !public
        && !ctx
            .actor
            .can_see_unpublished_of(ProviderId(model.provider_id))
    {
        return Err(ApiError::not_found("offer"));
    }
    let view = crate::present::offer_view(db, &ctx.actor, model).await?;
    let taken = places_taken(db, id).await?;
    let left = view.content.capacity.map(|c| c.saturating_sub(taken));
    Ok((view, left))
}

async fn places_taken(db: &impl ConnectionTrait, id: Uuid) -> PageResult<u32> {
    let row = offer_place::Entity::find()
        .filter(offer_place::Column::OfferId.eq(id))
        .one(db)
        .await?;
    Ok(row.map_or(0, |r| u32::try_from(r.taken).unwrap_or(0)))
}

/// Everything the offer says, as the offer page and the moderators' review show it.
pub fn details(ctx: &PageContext, c: &connessi_domain::OfferContent, left: Option<u32>) -> Markup {
    let after = &c.after_free_period;
    let lang = ctx.lang;
    html! {
        p { (localized(lang, &c.description.it, c.description.en.as_deref())) }
        h2 class="h4 mt-4" { (ctx.t("Che cosa è gratis, e per quanto", "What is free, and for how long")) }
        p { strong { (free_period(lang, c.free_period.months, c.free_period.until)) } ". "
            (ctx.t("Nessun costo durante il periodo gratuito, attivazione compresa.", "No cost during the free period, set-up included.")) }
        h2 class="h4 mt-4" { (ctx.t("Dopo il periodo gratuito", "After the free period")) }
        dl class="row" {
            dt class="col-sm-5" { (ctx.t("Prezzo", "Price")) } dd class="col-sm-7" { (after.price) }
            @if let Some(cents) = after.monthly_price_cents {
                dt class="col-sm-5" { (ctx.t("Al mese", "Per month")) } dd class="col-sm-7" { (euros(lang, cents)) }
            }
            dt class="col-sm-5" { (ctx.t("Impegno minimo", "Minimum commitment")) }
            dd class="col-sm-7" { (commitment(ctx, after.minimum_commitment_months)) }
            dt class="col-sm-5" { (ctx.t("Rinnovo automatico", "Automatic renewal")) }
            dd class="col-sm-7" { (if after.automatic_renewal { ctx.t("sì", "yes") } else { ctx.t("no: non si rinnova da solo", "no: nothing renews by itself") }) }
            dt class="col-sm-5" { (ctx.t("Come lasciare e portare via i dati", "How to leave and take your data")) }
            dd class="col-sm-7" { (after.data_export) }
        }
        h2 class="h4 mt-4" { (ctx.t("Come avviene l'attivazione", "How onboarding works")) }
        p { (c.onboarding.description) " "
            (match lang { connessi_web::Lang::It => format!("(circa {} giorni)", c.onboarding.duration_days),
                          connessi_web::Lang::En => format!("(about {} days)", c.onboarding.duration_days) }) }
        h2 class="h4 mt-4" { (ctx.t("In breve", "At a glance")) }
        dl class="row" {
            dt class="col-sm-5" { (ctx.t("Dove", "Where")) } dd class="col-sm-7" { (territory(lang, &c.territory)) }
            dt class="col-sm-5" { (ctx.t("Tipo di servizio", "Kind of service")) } dd class="col-sm-7" { (labels(lang, &vocab::CATEGORIES, &c.categories)) }
            dt class="col-sm-5" { (ctx.t("Per i settori", "For the sectors")) } dd class="col-sm-7" { (labels(lang, &vocab::SECTORS, &c.sectors)) }
            dt class="col-sm-5" { (ctx.t("Modalità", "Delivery")) } dd class="col-sm-7" { (label(lang, &vocab::DELIVERY_MODES, &c.delivery_mode)) }
            dt class="col-sm-5" { (ctx.t("Formato", "Format")) } dd class="col-sm-7" { (label(lang, &vocab::FORMATS, &c.format)) }
            dt class="col-sm-5" { (ctx.t("Livello richiesto", "Skill level")) } dd class="col-sm-7" { (label(lang, &vocab::SKILL_LEVELS, &c.skill_level)) }
            dt class="col-sm-5" { (ctx.t("Lingue", "Languages")) } dd class="col-sm-7" { (labels(lang, &vocab::LANGUAGES, &c.languages)) }
            dt class="col-sm-5" { (ctx.t("Posti", "Places")) } dd class="col-sm-7" { (places(lang, c.capacity, left)) }
            @if let Some(until) = c.available_until {
                dt class="col-sm-5" { (ctx.t("Si può richiedere fino al", "Can be requested until")) } dd class="col-sm-7" { (lang.date(until)) }
            }
        }
    }
}

fn commitment(ctx: &PageContext, months: u16) -> String {
    match (ctx.lang, months) {
        (_, 0) => ctx.t("nessuno", "none").to_owned(),
        (connessi_web::Lang::It, n) => format!("{n} mesi"),
        (connessi_web::Lang::En, n) => format!("{n} months"),
    }
}

/// `?embed=` on an offer page opened from the widget: its request button goes through the
/// counter of requests started.
#[derive(Debug, serde::Deserialize)]
pub struct FromWidget {
    embed: Option<String>,
    moderated: Option<u8>,
}

fn request_box(
    ctx: &PageContext,
    view: &OfferView,
    left: Option<u32>,
    embed: Option<&str>,
) -> Markup {
    let full = left == Some(0);
    let here = format!("/offers/{}", view.id.0);
    let ask = match embed {
        Some(key) => format!("/widget/request/{}?key={key}", view.id.0),
        None => format!("/shop/requests/new?offer_id={}", view.id.0),
    };
    let sign_in = match embed {
        Some(_) => ask.clone(),
        None => format!(
            "/sign-in?return_to={}",
            connessi_web::context::encode(&here)
        ),
    };
    html! {
        section class="card card-bg p-4" aria-labelledby="ask" {
            h2 id="ask" class="h4" { (ctx.t("Ti interessa?", "Interested?")) }
            p { (places(ctx.lang, view.content.capacity, left)) }
            @if full {
                p { (ctx.t("Non ci sono posti: puoi salvare una ricerca per sapere quando ne arrivano di simili.",
                           "There are no places left: save a search to hear about similar ones.")) }
            } @else if ctx.user().is_some_and(|u| !u.shops.is_empty()) {
                a class="btn btn-primary" href=(ask) {
                    (ctx.t("Chiedi l'attivazione", "Request onboarding"))
                }
            } @else if ctx.user().is_some() {
                p { (ctx.t("Per chiedere l'attivazione registra prima la tua attività.", "To request onboarding, first register your business.")) }
                a class="btn btn-outline-primary" href="/shop/register" { (ctx.t("Registra l'attività", "Register your business")) }
            } @else {
                a class="btn btn-primary" href=(sign_in) {
                    (ctx.t("Accedi per chiedere l'attivazione", "Sign in to request onboarding"))
                }
            }
            p class="mt-3 mb-0" { a href=(format!("/compare?ids={}", view.id.0)) { (ctx.t("Confronta con altre offerte", "Compare with other offers")) } }
        }
    }
}

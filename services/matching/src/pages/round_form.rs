//! Opening an allocation round with a form over what `POST /api/v1/moderation/rounds` takes:
//! name, eligible territories (by name or code) and sectors, the places each published offer
//! gives, the priority weights, the lottery seed and the window, in Italian time. Checked by
//! the same [`RoundInput::checked`]; what does not pass comes back filled in, every problem at
//! once.

use super::italian_time::{field_time, parse_time};
use crate::MatchingState;
use crate::rounds::input::{self, Offerable, RoundInput, RoundOfferInput};
use crate::rounds::manage;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use connessi_domain::shop::PriorityAttribute;
use connessi_domain::vocab::SECTORS;
use connessi_domain::{ErrorCode, ValidationErrors};
use connessi_platform::{ApiError, db};
use connessi_web::errors::page_with_problem;
use connessi_web::forms::FormPairs;
use connessi_web::layout::csrf_field;
use connessi_web::sign_in::see_other;
use connessi_web::widgets::{checkboxes, error_summary, field_text};
use connessi_web::{Lang, Page, PageContext, PageResult, territory_picker};
use maud::{Markup, html};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The form as typed, kept to show it again.
#[derive(Debug, Clone, Default)]
struct Typed {
    name: String,
    territories: String,
    sectors: Vec<String>,
    /// Places typed for each offer, by offer id.
    places: BTreeMap<Uuid, String>,
    weights: BTreeMap<PriorityAttribute, String>,
    seed: String,
    opens_at: String,
    closes_at: String,
}

impl Typed {
    /// A new round: its window opens now and lasts two weeks.
    fn fresh() -> Self {
        let now = Utc::now();
        Self {
            opens_at: field_time(now),
            closes_at: field_time(now + Duration::days(14)),
            ..Self::default()
        }
    }

    fn read(form: &FormPairs) -> Self {
        let places = form
            .0
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("places.")?.parse().ok()?, v.trim())))
            .filter(|(_, v): &(Uuid, &str)| !v.is_empty())
            .map(|(id, v)| (id, v.to_owned()))
            .collect();
        let weights = PriorityAttribute::ALL
            .into_iter()
            .filter_map(|a| Some((a, form.one(&format!("priority_weights.{}", a.as_str()))?)))
            .collect();
        let one = |name: &str| form.one(name).unwrap_or_default();
        Self {
            name: one("name"),
            territories: one("territories"),
            sectors: form.all("sectors"),
            places,
            weights,
            seed: one("seed"),
            opens_at: one("opens_at"),
            closes_at: one("closes_at"),
        }
    }

    /// The round's input, and what could not be read into it (unreadable times).
    fn input(&self, lang: Lang) -> (RoundInput, ValidationErrors) {
        let mut errors = ValidationErrors::default();
        let mut time = |field: &str, typed: &str| {
            parse_time(typed).unwrap_or_else(|| {
                let message = "a date and time, e.g. 2027-03-01T09:00";
                errors.add(field, ErrorCode::InvalidValue, message);
                Utc::now()
            })
        };
        let (opens_at, closes_at) = (
            time("opens_at", &self.opens_at),
            time("closes_at", &self.closes_at),
        );
        let number = |typed: &str| typed.trim().parse::<i32>().unwrap_or(-1);
        let input = RoundInput {
            name: self.name.clone(),
            territories: self
                .territories
                .split([',', ';', '\n'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| {
                    territory_picker::resolve(lang, t).map_or_else(|| t.to_owned(), |p| p.code)
                })
                .collect(),
            sectors: self.sectors.clone(),
            offers: self
                .places
                .iter()
                .map(|(id, places)| RoundOfferInput {
                    offer_id: *id,
                    places: number(places),
                })
                .collect(),
            priority_weights: self.weights.iter().map(|(a, w)| (*a, number(w))).collect(),
            seed: Some(self.seed.clone()).filter(|s| !s.is_empty()),
            opens_at,
            closes_at,
        };
        (input, errors)
    }
}

/// Where the page shows a problem: the API's field paths, led to this form's inputs.
fn on_form(mut error: ApiError, offers: &[Uuid]) -> ApiError {
    for e in &mut error.errors {
        let list = e.field.split('[').next().unwrap_or_default().to_owned();
        let index = e
            .field
            .split(['[', ']'])
            .nth(1)
            .and_then(|i| i.parse::<usize>().ok());
        match (list.as_str(), index) {
            ("territories" | "sectors", Some(_)) => e.field = list,
            ("offers", Some(i)) if i < offers.len() => e.field = format!("places.{}", offers[i]),
            _ => {}
        }
    }
    error
}

pub async fn new_page(
    State(state): State<MatchingState>,
    ctx: PageContext,
) -> PageResult<Response> {
    let offers = input::offerable(&state.platform.db, Utc::now()).await?;
    Ok(render(&ctx, &offers, &Typed::fresh(), None))
}

pub async fn create(
    State(state): State<MatchingState>,
    ctx: PageContext,
    form: FormPairs,
) -> PageResult<Response> {
    let typed = Typed::read(&form);
    let (input, unreadable) = typed.input(ctx.lang);
    let chosen: Vec<Uuid> = input.offers.iter().map(|o| o.offer_id).collect();
    let db = &state.platform.db;
    let created = if unreadable.is_empty() {
        let actor = ctx.actor.clone();
        db::write(db, |txn| {
            let (actor, input) = (actor.clone(), input.clone());
            Box::pin(async move { manage::create(txn, &actor, input).await })
        })
        .await
    } else {
        // Every problem at once: the times', then what the checks say of the rest.
        let mut all = unreadable;
        if let Err(rest) = input.checked(db, Utc::now()).await {
            all.0.extend(
                rest.errors
                    .into_iter()
                    .filter(|e| !e.field.ends_with("_at")),
            );
        }
        Err(ApiError::from(all))
    };
    match created {
        Ok(round) => Ok(see_other(
            &format!("/moderation/rounds/{}?done=opened", round.id),
            vec![],
        )),
        Err(error) if matches!(error.code.status(), 409 | 422) => {
            let offers = input::offerable(db, Utc::now()).await?;
            Ok(render(
                &ctx,
                &offers,
                &typed,
                Some(&on_form(error, &chosen)),
            ))
        }
        Err(error) => Err(error),
    }
}

fn render(
    ctx: &PageContext,
    offers: &[Offerable],
    typed: &Typed,
    failed: Option<&ApiError>,
) -> Response {
    let title = ctx.t("Apri un turno di assegnazione", "Open an allocation round");
    let main = html! {
        (connessi_web::areas::moderation_nav(ctx))
        h1 { (title) }
        p { (ctx.t("I negozi ammessi chiedono fino a cinque offerte in ordine di preferenza finché il turno è aperto; dopo la chiusura i posti si assegnano per priorità, con il seme pubblicato a sciogliere i pari merito.",
                   "Eligible shops ask for up to five offers in order of preference while the round is open; after it closes, places go by priority, the published seed breaking ties.")) }
        (error_summary(ctx, failed.map(|e| e.errors.as_slice()).unwrap_or_default()))
        form method="post" action="/moderation/rounds" novalidate {
            (csrf_field(ctx))
            (field_text("name", ctx.t("Nome del turno (da 3 a 200 caratteri)", "Name of the round (3 to 200 characters)"), "text", &typed.name, true))
            (field_text("territories", ctx.t("Territori ammessi: regioni, province o comuni per nome o codice, separati da virgole (vuoto: tutta Italia)", "Eligible territories: regions, provinces or comuni by name or code, separated by commas (empty: all Italy)"), "text", &typed.territories, false))
            (checkboxes(ctx.lang, "sectors", ctx.t("Settori ammessi (nessuno: tutti)", "Eligible sectors (none: all)"), &SECTORS, &typed.sectors))
            (offers_table(ctx, offers, typed))
            (weights(ctx, typed))
            (field_text("seed", ctx.t("Seme dell'estrazione, pubblicato con il turno (vuoto: ne viene estratto uno)", "Lottery seed, published with the round (empty: one is drawn)"), "text", &typed.seed, false))
            div class="row" {
                div class="col-md-6" { (field_text("opens_at", ctx.t("Apertura (ora italiana)", "Opens (Italian time)"), "datetime-local", &typed.opens_at, true)) }
                div class="col-md-6" { (field_text("closes_at", ctx.t("Chiusura (ora italiana)", "Closes (Italian time)"), "datetime-local", &typed.closes_at, true)) }
            }
            button type="submit" class="btn btn-primary" { (ctx.t("Apri il turno", "Open the round")) }
        }
    };
    let page = Page::new(ctx, title, main);
    match failed {
        Some(error) => page_with_problem(page, error),
        None => page.into_response(),
    }
}

fn offers_table(ctx: &PageContext, offers: &[Offerable], typed: &Typed) -> Markup {
    html! {
        fieldset id="offers" class="mb-3" {
            legend class="h6" { (ctx.t("Offerte del turno: i posti che ciascuna mette in palio (vuoto: non partecipa)", "The round's offers: the places each gives (empty: not taking part)")) }
            @if offers.is_empty() {
                p { (ctx.t("Nessuna offerta pubblicata per ora.", "No published offer for now.")) }
            } @else {
                table class="table table-sm" {
                    caption class="visually-hidden" { (ctx.t("Offerte pubblicate, per titolo", "Published offers, by title")) }
                    thead { tr {
                        th scope="col" { (ctx.t("Offerta", "Offer")) }
                        th scope="col" class="text-end" { (ctx.t("Posti rimasti", "Places left")) }
                        th scope="col" { (ctx.t("Posti nel turno", "Places in the round")) }
                    } }
                    tbody {
                        @for o in offers {
                            @let id = format!("places-{}", o.offer.id);
                            tr {
                                th scope="row" { label for=(id) { (o.offer.title_it) } }
                                td class="text-end" { (o.places_left.map_or_else(|| ctx.t("senza limite", "no limit").to_owned(), |n| n.to_string())) }
                                td { input type="number" class="form-control" id=(id) name=(format!("places.{}", o.offer.id)) min="1" max="100000" value=(typed.places.get(&o.offer.id).map(String::as_str).unwrap_or("")); }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn weights(ctx: &PageContext, typed: &Typed) -> Markup {
    html! {
        fieldset id="priority_weights" class="mb-3" {
            legend class="h6" { (ctx.t("Pesi di priorità, da 0 a 1000: il punteggio di un negozio è la somma dei pesi delle sue caratteristiche verificate", "Priority weights, 0 to 1,000: a shop's score is the sum of the weights of its verified attributes")) }
            div class="row" {
                @for attribute in PriorityAttribute::ALL {
                    @let name = format!("priority_weights.{}", attribute.as_str());
                    @let value = typed.weights.get(&attribute).map(String::as_str).unwrap_or("");
                    div class="col-md-4" { (field_text(&name, super::questionnaire::priority_label(ctx.lang, attribute), "number", value, false)) }
                }
            }
        }
    }
}

//! The moderators' allocation rounds: the list with each round's state, and one round to
//! monitor (its rules, offers, how many shops applied) with a dry run shown on the page and
//! the publication, after which its results are shown with each shop's explanation. What
//! cannot be done yet (a round still open, already published) comes back as the page with
//! the reason.

use super::italian_time::when;
use super::round_details;
use crate::MatchingState;
use crate::rounds::manage::{self, RoundView};
use crate::rounds::publish as publication;
use crate::rounds::results::{self, ResultView};
use crate::rounds::{RoundStatus, find};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use connessi_domain::ErrorCode;
use connessi_platform::{ApiError, ApiPath, db};
use connessi_web::errors::page_with_problem;
use connessi_web::layout::csrf_field;
use connessi_web::sign_in::see_other;
use connessi_web::widgets::{badge, status_message};
use connessi_web::{Lang, Page, PageContext, PageResult};
use maud::{Markup, html};
use serde::Deserialize;
use uuid::Uuid;

/// Published results shown a page at a time.
const PER_PAGE: u64 = 100;

pub async fn list(State(state): State<MatchingState>, ctx: PageContext) -> PageResult<Response> {
    let rounds = manage::list(&state.platform.db, false).await?;
    let title = ctx.t("Turni di assegnazione", "Allocation rounds");
    let main = html! {
        (connessi_web::areas::moderation_nav(&ctx))
        h1 { (title) }
        p { a class="btn btn-primary" href="/moderation/rounds/new" { (ctx.t("Apri un turno", "Open a round")) } }
        @if rounds.is_empty() {
            p { (ctx.t("Nessun turno per ora.", "No round yet.")) }
        } @else {
            table class="table" {
                caption class="visually-hidden" { (ctx.t("I turni, dal più recente", "The rounds, latest first")) }
                thead { tr {
                    th scope="col" { (ctx.t("Turno", "Round")) }
                    th scope="col" { (ctx.t("Stato", "State")) }
                    th scope="col" { (ctx.t("Finestra delle domande", "Application window")) }
                    th scope="col" class="text-end" { (ctx.t("Domande", "Applications")) }
                    th scope="col" class="text-end" { (ctx.t("Offerte", "Offers")) }
                } }
                tbody {
                    @for round in &rounds {
                        tr {
                            td { a href=(format!("/moderation/rounds/{}", round.id)) { (round.name) } }
                            td { (status_badge(ctx.lang, round.status)) }
                            td { (when(ctx.lang, round.opens_at)) " – " (when(ctx.lang, round.closes_at)) }
                            td class="text-end" { (round.applications) }
                            td class="text-end" { (round.offers.len()) }
                        }
                    }
                }
            }
        }
    };
    Ok(Page::new(&ctx, title, main).into_response())
}

#[derive(Debug, Deserialize)]
pub struct Shown {
    done: Option<String>,
    page: Option<u64>,
}

/// What the page shows below the round: the dry run's results, the published ones, or why
/// an action was refused.
enum Below<'a> {
    Nothing,
    DryRun(&'a [ResultView]),
    Published(results::ResultsPage),
    Refused(&'a ApiError),
}

pub async fn page(
    State(state): State<MatchingState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<Uuid>,
    Query(shown): Query<Shown>,
) -> PageResult<Response> {
    let db = &state.platform.db;
    let round = manage::view(db, find(db, id).await?).await?;
    let below = match round.status {
        RoundStatus::Published => {
            let at = shown.page.unwrap_or(1).max(1);
            Below::Published(results::page(db, id, at, PER_PAGE).await?)
        }
        _ => Below::Nothing,
    };
    let done = shown.done.as_deref().map(|done| match done {
        "opened" => ctx.t("Turno aperto.", "Round opened."),
        "published" => ctx.t(
            "Risultati pubblicati: ogni assegnazione è diventata una richiesta accettata.",
            "Results published: every assignment became an accepted request.",
        ),
        _ => ctx.t("Fatto.", "Done."),
    });
    Ok(render(&ctx, &round, done, below))
}

pub async fn dry_run(
    State(state): State<MatchingState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<Uuid>,
) -> PageResult<Response> {
    let actor = ctx.actor.clone();
    let db = &state.platform.db;
    let ran = db::write(db, |txn| {
        let actor = actor.clone();
        Box::pin(async move { publication::dry_run(txn, &actor, id).await })
    })
    .await;
    match ran {
        Ok(shown) => Ok(render(
            &ctx,
            &shown.round,
            None,
            Below::DryRun(&shown.results),
        )),
        Err(error) => refused(db, &ctx, id, error).await,
    }
}

pub async fn publish(
    State(state): State<MatchingState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<Uuid>,
) -> PageResult<Response> {
    let db = &state.platform.db;
    match publication::publish_to_the_end(db, &ctx.actor, id).await {
        Ok(round) => Ok(see_other(
            &format!("/moderation/rounds/{}?done=published", round.id),
            vec![],
        )),
        Err(error) => refused(db, &ctx, id, error).await,
    }
}

/// The round again with why the action was refused (409), or the error as it is.
async fn refused(
    db: &sea_orm::DatabaseConnection,
    ctx: &PageContext,
    id: Uuid,
    error: ApiError,
) -> PageResult<Response> {
    if error.code.status() != 409 {
        return Err(error);
    }
    let round = manage::view(db, find(db, id).await?).await?;
    Ok(render(ctx, &round, None, Below::Refused(&error)))
}

fn render(ctx: &PageContext, round: &RoundView, done: Option<&str>, below: Below<'_>) -> Response {
    let dry = matches!(below, Below::DryRun(_));
    let main = html! {
        (connessi_web::areas::moderation_nav(ctx))
        @if let Some(done) = done { (status_message("success", done)) }
        h1 { (round.name) }
        p { (ctx.t("Stato: ", "State: ")) (status_badge(ctx.lang, round.status)) }
        (round_details::facts(ctx, round))
        (round_details::offers(ctx, round, dry))
        @if let Below::Refused(error) = &below {
            div class="alert alert-danger" role="alert" { (refusal(ctx, error)) }
        }
        @if round.status != RoundStatus::Published { (actions(ctx, round)) }
        @match &below {
            Below::DryRun(all) => {
                h2 class="h4 mt-4" { (ctx.t("Prova di assegnazione", "Dry run")) }
                (status_message("info", ctx.t("Così verrebbe pubblicato ora: niente è stato salvato.", "This is what publishing would store now: nothing was saved.")))
                (round_details::results_table(ctx, &all[..all.len().min(PER_PAGE as usize)], all.len() as u64))
                @if all.len() > PER_PAGE as usize {
                    p class="small" { (ctx.t("Sono mostrati i primi 100 negozi, in ordine di identificativo; la pubblicazione li salva tutti.", "The first 100 shops are shown, in id order; publishing stores them all.")) }
                }
            }
            Below::Published(shown) => {
                h2 class="h4 mt-4" { (ctx.t("Risultati pubblicati", "Published results")) }
                (round_details::results_table(ctx, &shown.items, shown.total))
                (round_details::pages(ctx, round.id, shown))
            }
            _ => {}
        }
    };
    let page = Page::new(ctx, round.name.clone(), main);
    match below {
        Below::Refused(error) => page_with_problem(page, error),
        _ => page.into_response(),
    }
}

fn actions(ctx: &PageContext, round: &RoundView) -> Markup {
    html! {
        @if round.status != RoundStatus::Closed {
            p { (ctx.t("La prova e la pubblicazione sono possibili dopo la chiusura delle domande.", "The dry run and the publication are possible once applications have closed.")) }
        }
        div class="d-flex flex-wrap gap-2" {
            form method="post" action=(format!("/moderation/rounds/{}/dry-run", round.id)) {
                (csrf_field(ctx))
                button type="submit" class="btn btn-outline-primary" { (ctx.t("Prova l'assegnazione", "Dry run")) }
            }
            form method="post" action=(format!("/moderation/rounds/{}/publish", round.id)) {
                (csrf_field(ctx))
                button type="submit" class="btn btn-primary" { (ctx.t("Pubblica i risultati", "Publish the results")) }
            }
        }
    }
}

fn refusal<'a>(ctx: &'a PageContext, error: &'a ApiError) -> &'a str {
    match error.code {
        ErrorCode::RoundNotClosed => ctx.t("Il turno non è ancora chiuso: prova e pubblicazione si fanno dopo la chiusura delle domande.", "The round has not closed yet: the dry run and the publication come after applications close."),
        ErrorCode::RoundAlreadyPublished => ctx.t("I risultati di questo turno sono già pubblicati.", "This round's results are already published."),
        _ => &error.detail,
    }
}

fn status_badge(lang: Lang, status: RoundStatus) -> Markup {
    let (kind, text) = match status {
        RoundStatus::Scheduled => ("secondary", lang.t("in programma", "scheduled")),
        RoundStatus::Open => (
            "success",
            lang.t("aperto alle domande", "open to applications"),
        ),
        RoundStatus::Closed => (
            "warning",
            lang.t("chiuso, da pubblicare", "closed, to publish"),
        ),
        RoundStatus::Published => ("secondary", lang.t("pubblicato", "published")),
    };
    badge(kind, text)
}

//! The provider's figures: what its onboarding requests and the shops' follow-up answers
//! say (requests, answers, acceptance, time to answer, completions, satisfaction, use,
//! pressure to buy), the same numbers as `GET /api/v1/providers/{id}/figures`.

use crate::MatchingState;
use crate::figures::{self, Figures};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use connessi_web::{Lang, Page, PageContext, PageResult};
use maud::{Markup, html};

pub async fn page(State(state): State<MatchingState>, ctx: PageContext) -> PageResult<Response> {
    let provider = ctx.own_provider()?.0;
    let figures = figures::of_provider(&state.platform.db, provider).await?;
    let title = ctx.t("Le tue cifre", "Your figures");
    let main = html! {
        (connessi_web::areas::provider_nav(&ctx))
        h1 { (title) }
        p { (ctx.t("Dalle richieste ricevute e dalle risposte dei negozi alle domande su com'è andata. Le stesse cifre guidano i consigli ai negozi.",
                   "From the requests you received and the shops' answers on how it went. The same figures guide the recommendations to shops.")) }
        div class="row" {
            div class="col-md-6" { (requests_table(&ctx, &figures)) }
            div class="col-md-6" { (answers_table(&ctx, &figures)) }
        }
    };
    Ok(Page::new(&ctx, title, main).into_response())
}

fn requests_table(ctx: &PageContext, f: &Figures) -> Markup {
    let hours = f.median_hours_to_answer.map(|h| hours_text(ctx.lang, h));
    let rows = [
        (
            ctx.t("Richieste ricevute", "Requests received"),
            f.requests_received.to_string(),
        ),
        (ctx.t("Con risposta", "Answered"), f.answered.to_string()),
        (ctx.t("Accettate", "Accepted"), f.accepted.to_string()),
        (ctx.t("Rifiutate", "Declined"), f.declined.to_string()),
        (
            ctx.t("Tasso di accettazione", "Acceptance rate"),
            percent(f.acceptance_rate),
        ),
        (
            ctx.t("Tempo mediano di risposta", "Median time to answer"),
            hours.unwrap_or_else(|| "—".into()),
        ),
        (
            ctx.t("Attivazioni completate", "Onboardings completed"),
            f.completed.to_string(),
        ),
    ];
    table(ctx.t("Richieste", "Requests"), &rows)
}

fn answers_table(ctx: &PageContext, f: &Figures) -> Markup {
    let satisfaction = f
        .mean_satisfaction
        .map_or_else(|| "—".into(), |m| format!("{m:.1} / 5"));
    let rows = [
        (
            ctx.t("Risposte dei negozi", "Shops' answers"),
            f.follow_up_answers.to_string(),
        ),
        (
            ctx.t("Soddisfazione media", "Mean satisfaction"),
            satisfaction,
        ),
        (
            ctx.t("Usano ancora il servizio", "Still using the service"),
            percent(f.still_using_rate),
        ),
        (
            ctx.t("Segnalano pressione a comprare", "Report pressure to buy"),
            f.sales_pressure_reports.to_string(),
        ),
    ];
    table(ctx.t("Com'è andata", "How it went"), &rows)
}

fn table(caption: &str, rows: &[(&str, String)]) -> Markup {
    html! {
        table class="table caption-top" {
            caption class="h5" { (caption) }
            tbody {
                @for (label, value) in rows {
                    tr { th scope="row" { (label) } td class="text-end" { (value) } }
                }
            }
        }
    }
}

pub(super) fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".into(), |r| format!("{:.0}%", r * 100.0))
}

pub(super) fn hours_text(lang: Lang, hours: f64) -> String {
    if hours < 48.0 {
        format!("{hours:.0} {}", lang.t("ore", "hours"))
    } else {
        format!("{:.1} {}", hours / 24.0, lang.t("giorni", "days"))
    }
}

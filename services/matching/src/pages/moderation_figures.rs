//! The moderators' figures across providers: by region of the shops and by category of the
//! offers, each a table with a bar chart drawn on the server (requests received and accepted,
//! an SVG image with its title and description, no script), then each provider in each
//! region, the same rows as the CSV export (`GET /moderation/figures.csv`, as
//! `GET /api/v1/moderation/figures?format=csv`).

use super::figures::{hours_text, percent};
use crate::MatchingState;
use crate::figures::{self, Figures};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use connessi_catalogue::entities::provider;
use connessi_domain::territory::istat;
use connessi_domain::vocab::CATEGORIES;
use connessi_web::{Page, PageContext, PageResult};
use maud::{Markup, html};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

/// One labelled group of figures (a region, a category).
type Group<'a> = (String, &'a Figures);

pub async fn page(State(state): State<MatchingState>, ctx: PageContext) -> PageResult<Response> {
    let db = &state.platform.db;
    let overview = figures::overview(db).await?;
    let names = provider_names(db, overview.rows.iter().map(|r| r.provider_id)).await?;
    let regions: Vec<Group<'_>> = overview
        .regions
        .iter()
        .map(|(code, f)| (region_name(&ctx, code), f))
        .collect();
    let categories: Vec<Group<'_>> = overview
        .categories
        .iter()
        .map(|(code, f)| {
            let label = CATEGORIES
                .get(code)
                .map_or_else(|| code.clone(), |t| ctx.lang.term(t).to_owned());
            (label, f)
        })
        .collect();
    let title = ctx.t(
        "Cifre per territorio e categoria",
        "Figures by territory and category",
    );
    let main = html! {
        (connessi_web::areas::moderation_nav(&ctx))
        h1 { (title) }
        p { (ctx.t("Le richieste di attivazione dei negozi e le loro risposte su com'è andata, per tutti i fornitori.", "The shops' onboarding requests and their answers on how it went, for every provider.")) }
        p { a class="btn btn-outline-primary" href="/moderation/figures.csv" download { (ctx.t("Scarica CSV", "Download CSV")) } }
        @if overview.rows.is_empty() {
            p { (ctx.t("Nessuna richiesta per ora.", "No request yet.")) }
        } @else {
            (section(&ctx, "regions", ctx.t("Per regione dei negozi", "By the shops' region"), ctx.t("Regione", "Region"), &regions))
            (section(&ctx, "categories", ctx.t("Per categoria delle offerte", "By offer category"), ctx.t("Categoria", "Category"), &categories))
            p class="small" { (ctx.t("Una richiesta conta in ogni categoria della sua offerta.", "A request counts in each category of its offer.")) }
            (providers_table(&ctx, &overview.rows, &names))
        }
    };
    Ok(Page::new(&ctx, title, main).into_response())
}

pub async fn csv(State(state): State<MatchingState>) -> PageResult<Response> {
    let rows = figures::across(&state.platform.db).await?;
    Ok(figures::csv_download(&rows))
}

fn region_name(ctx: &PageContext, code: &str) -> String {
    istat()
        .regions
        .get(code)
        .map(|r| r.name.clone())
        .unwrap_or_else(|| {
            ctx.t("Negozi senza profilo", "Shops without a profile")
                .to_owned()
        })
}

async fn provider_names(
    db: &impl ConnectionTrait,
    ids: impl Iterator<Item = Uuid>,
) -> PageResult<HashMap<Uuid, String>> {
    let mut ids: Vec<Uuid> = ids.collect();
    ids.sort();
    ids.dedup();
    let mut names = HashMap::new();
    for chunk in ids.chunks(1000) {
        let rows = provider::Entity::find()
            .filter(provider::Column::Id.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        names.extend(rows.into_iter().map(|p| (p.id, p.legal_name)));
    }
    Ok(names)
}

fn section(ctx: &PageContext, id: &str, heading: &str, what: &str, groups: &[Group<'_>]) -> Markup {
    html! {
        section class="mt-4" aria-labelledby=(format!("{id}-heading")) {
            h2 class="h4" id=(format!("{id}-heading")) { (heading) }
            (chart(ctx, id, heading, groups))
            table class="table table-sm" {
                caption class="visually-hidden" { (heading) }
                thead { tr {
                    th scope="col" { (what) }
                    th scope="col" class="text-end" { (ctx.t("Richieste ricevute", "Requests received")) }
                    th scope="col" class="text-end" { (ctx.t("Con risposta", "Answered")) }
                    th scope="col" class="text-end" { (ctx.t("Accettate", "Accepted")) }
                    th scope="col" class="text-end" { (ctx.t("Rifiutate", "Declined")) }
                    th scope="col" class="text-end" { (ctx.t("Tasso di accettazione", "Acceptance rate")) }
                    th scope="col" class="text-end" { (ctx.t("Tempo mediano di risposta", "Median time to answer")) }
                    th scope="col" class="text-end" { (ctx.t("Completate", "Completed")) }
                    th scope="col" class="text-end" { (ctx.t("Soddisfazione media", "Mean satisfaction")) }
                } }
                tbody {
                    @for (label, f) in groups {
                        tr {
                            th scope="row" { (label) }
                            td class="text-end" { (f.requests_received) }
                            td class="text-end" { (f.answered) }
                            td class="text-end" { (f.accepted) }
                            td class="text-end" { (f.declined) }
                            td class="text-end" { (percent(f.acceptance_rate)) }
                            td class="text-end" { (f.median_hours_to_answer.map_or_else(|| "—".into(), |h| hours_text(ctx.lang, h))) }
                            td class="text-end" { (f.completed) }
                            td class="text-end" { (f.mean_satisfaction.map_or_else(|| "—".into(), |m| format!("{m:.1} / 5"))) }
                        }
                    }
                }
            }
        }
    }
}

/// Two bars a group, requests received and accepted, scaled to the largest; the numbers are
/// in the table beside it, and in the image's description for screen readers.
fn chart(ctx: &PageContext, id: &str, title: &str, groups: &[Group<'_>]) -> Markup {
    const LABEL: u64 = 210;
    const BARS: u64 = 380;
    const ROW: u64 = 46;
    const TOP: u64 = 34;
    let (received, accepted) = (
        ctx.t("ricevute", "received"),
        ctx.t("accettate", "accepted"),
    );
    let most = groups
        .iter()
        .map(|(_, f)| f.requests_received)
        .max()
        .unwrap_or(0)
        .max(1);
    let width = |n: u64| (n * BARS).div_ceil(most);
    let height = TOP + ROW * groups.len() as u64;
    let description: Vec<String> = groups
        .iter()
        .map(|(label, f)| {
            format!(
                "{label}: {} {received}, {} {accepted}",
                f.requests_received, f.accepted
            )
        })
        .collect();
    html! {
        svg class="mb-3" role="img" width="100%" viewBox=(format!("0 0 {} {height}", LABEL + BARS + 50))
            aria-labelledby=(format!("{id}-chart-title {id}-chart-desc")) style="max-width: 42rem" {
            title id=(format!("{id}-chart-title")) { (title) ": " (ctx.t("richieste ricevute e accettate", "requests received and accepted")) }
            desc id=(format!("{id}-chart-desc")) { (description.join("; ")) }
            rect x=(LABEL) y="6" width="14" height="14" fill="#0066cc" {}
            text x=(LABEL + 20) y="18" font-size="14" fill="#1a1a1a" { (received) }
            rect x=(LABEL + 120) y="6" width="14" height="14" fill="#00805a" {}
            text x=(LABEL + 140) y="18" font-size="14" fill="#1a1a1a" { (accepted) }
            @for (at, (label, f)) in groups.iter().enumerate() {
                @let y = TOP + ROW * at as u64;
                text x=(LABEL - 8) y=(y + 20) font-size="14" text-anchor="end" fill="#1a1a1a" { (label) }
                rect class="bar-received" x=(LABEL) y=(y + 2) width=(width(f.requests_received)) height="16" fill="#0066cc" {}
                text x=(LABEL + width(f.requests_received) + 6) y=(y + 15) font-size="13" fill="#1a1a1a" { (f.requests_received) }
                rect class="bar-accepted" x=(LABEL) y=(y + 21) width=(width(f.accepted)) height="16" fill="#00805a" {}
                text x=(LABEL + width(f.accepted) + 6) y=(y + 34) font-size="13" fill="#1a1a1a" { (f.accepted) }
            }
        }
    }
}

fn providers_table(
    ctx: &PageContext,
    rows: &[figures::FiguresRow],
    names: &HashMap<Uuid, String>,
) -> Markup {
    html! {
        section class="mt-4" aria-labelledby="providers-heading" {
            h2 class="h4" id="providers-heading" { (ctx.t("Per fornitore e regione", "By provider and region")) }
            table class="table table-sm" {
                caption class="visually-hidden" { (ctx.t("Le cifre di ogni fornitore in ogni regione, come nel CSV", "Each provider's figures in each region, as in the CSV")) }
                thead { tr {
                    th scope="col" { (ctx.t("Fornitore", "Provider")) }
                    th scope="col" { (ctx.t("Regione", "Region")) }
                    th scope="col" class="text-end" { (ctx.t("Richieste ricevute", "Requests received")) }
                    th scope="col" class="text-end" { (ctx.t("Accettate", "Accepted")) }
                    th scope="col" class="text-end" { (ctx.t("Tasso di accettazione", "Acceptance rate")) }
                    th scope="col" class="text-end" { (ctx.t("Completate", "Completed")) }
                    th scope="col" class="text-end" { (ctx.t("Pressione a comprare", "Pressure to buy")) }
                } }
                tbody {
                    @for row in rows {
                        @let f = &row.figures;
                        tr {
                            th scope="row" { (names.get(&row.provider_id).cloned().unwrap_or_else(|| row.provider_id.to_string())) }
                            td { (region_name(ctx, &row.region)) }
                            td class="text-end" { (f.requests_received) }
                            td class="text-end" { (f.accepted) }
                            td class="text-end" { (percent(f.acceptance_rate)) }
                            td class="text-end" { (f.completed) }
                            td class="text-end" { (f.sales_pressure_reports) }
                        }
                    }
                }
            }
        }
    }
}

//! Bulk import in the provider area: a CSV of offers (the columns of the API's import, lists
//! separated by `;`) picked as a file or pasted, sent through the same import as
//! `POST /api/v1/providers/{id}/offers/import`; the page reports which rows became offers
//! (sent to moderation) and what to fix in the others. A template file shows the columns.

use crate::CatalogueState;
use crate::import::{self, ImportReport, MAX_ROWS, csv_rows};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use connessi_domain::ErrorCode;
use connessi_platform::{ApiError, db};
use connessi_web::errors::page_with_problem;
use connessi_web::forms::FormPairs;
use connessi_web::layout::csrf_field;
use connessi_web::widgets::status_message;
use connessi_web::{Page, PageContext, PageResult};
use maud::{Markup, html};

pub async fn page(ctx: PageContext) -> PageResult<Response> {
    ctx.own_provider()?;
    Ok(render(&ctx, "", None, None))
}

pub async fn run(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    form: FormPairs,
) -> PageResult<Response> {
    let provider = ctx.own_provider()?;
    let text = form.one("csv").unwrap_or_default();
    let rows = match csv_rows::parse(text.as_bytes()) {
        Ok(rows) if !rows.is_empty() && rows.len() <= MAX_ROWS => rows,
        Ok(_) => {
            let detail = format!("a batch has 1 to {MAX_ROWS} offers");
            let error = ApiError::new(ErrorCode::InvalidRequestBody, detail);
            return Ok(render(&ctx, &text, None, Some(&error)));
        }
        Err(detail) => {
            let error = ApiError::new(ErrorCode::InvalidRequestBody, detail);
            return Ok(render(&ctx, &text, None, Some(&error)));
        }
    };
    let actor = ctx.actor.clone();
    let report = db::write(&state.platform.db, |txn| {
        let (actor, rows) = (actor.clone(), rows.clone());
        Box::pin(async move { import::import(txn, &actor, provider, rows).await })
    })
    .await?;
    Ok(render(&ctx, "", Some(&report), None))
}

/// The columns, and one offer as an example.
pub async fn template() -> Response {
    let body = csv_rows::template();
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"connessi-offerte.csv\"",
            ),
        ],
        body,
    )
        .into_response()
}

fn render(
    ctx: &PageContext,
    text: &str,
    report: Option<&ImportReport>,
    failed: Option<&ApiError>,
) -> Response {
    let title = ctx.t("Importa offerte", "Import offers");
    let main = html! {
        (connessi_web::areas::provider_nav(ctx))
        h1 { (title) }
        p { (ctx.t("Un file CSV con un'offerta per riga; le liste (categorie, province…) separate da «;». Le offerte valide vanno alla moderazione.",
                   "A CSV file with one offer per row; lists (categories, provinces…) separated by “;”. Valid offers go to moderation."))
            " " a href="/provider/import/template.csv" { (ctx.t("Scarica il modello", "Download the template")) } }
        @if let Some(error) = failed { div class="alert alert-danger" role="alert" { (connessi_web::widgets::problem_text(ctx.lang, error.code, &error.detail)) } }
        @if let Some(report) = report { (report_of(ctx, report)) }
        form method="post" action="/provider/import" novalidate {
            (csrf_field(ctx))
            div class="mb-3" {
                label class="form-label active" for="csv-file" { (ctx.t("Scegli il file", "Choose the file")) }
                input type="file" class="form-control" id="csv-file" accept=".csv,text/csv" data-fills="csv";
            }
            div class="form-group mb-3" {
                label class="form-label active" for="csv" { (ctx.t("…oppure incolla il contenuto", "…or paste its content")) }
                textarea class="form-control font-monospace" id="csv" name="csv" rows="8" { (text) }
            }
            button type="submit" class="btn btn-primary" { (ctx.t("Importa", "Import")) }
        }
    };
    let page = Page::new(ctx, title, main);
    match failed {
        Some(error) => page_with_problem(page, error),
        None => page.into_response(),
    }
}

fn report_of(ctx: &PageContext, report: &ImportReport) -> Markup {
    let summary = format!(
        "{} {} · {} {} · {} {}",
        ctx.t("Righe lette:", "Rows read:"),
        report.received,
        ctx.t("inviate alla moderazione:", "sent to moderation:"),
        report.accepted.len(),
        ctx.t("da correggere:", "to fix:"),
        report.rejected.len()
    );
    html! {
        (status_message(if report.rejected.is_empty() { "success" } else { "warning" }, &summary))
        @if !report.accepted.is_empty() {
            p { a href="/provider/offers" { (ctx.t("Vedi le offerte", "See the offers")) } }
        }
        @if !report.rejected.is_empty() {
            table class="table" {
                caption { (ctx.t("Righe da correggere", "Rows to fix")) }
                thead { tr { th scope="col" { (ctx.t("Riga", "Row")) } th scope="col" { (ctx.t("Cosa correggere", "What to fix")) } } }
                tbody { @for row in &report.rejected { tr {
                    td { (row.row) }
                    td { ul class="mb-0" { @for e in &row.errors { li { @if !e.field.is_empty() { code { (e.field) } ": " } (e.message) } } } }
                } } }
            }
        }
    }
}

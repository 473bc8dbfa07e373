//! Problems answered as pages. Page handlers return the same [`ApiError`]s as the API (and
//! the access layer refuses with them too); this layer turns each problem document into an
//! HTML page with the same status, in the page's language, or, for a visitor who must sign
//! in first, into a redirect to the sign-in page that comes back afterwards.

use crate::context::{PageContext, encode};
use crate::lang::Lang;
use crate::layout::Page;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use connessi_domain::Actor;
use connessi_platform::middleware::RenderedProblem;
use connessi_platform::problem::ErrorReport;
use connessi_platform::{ApiError, Problem};
use http_body_util::BodyExt;
use maud::html;
use serde::Deserialize;

/// What a page handler returns; errors become pages.
pub type PageResult<T> = Result<T, ApiError>;

/// The parts of a problem document a page shows.
#[derive(Debug, Deserialize)]
struct ShownProblem {
    status: u16,
    #[serde(default)]
    code: Option<String>,
    title: String,
    detail: String,
    request_id: Option<String>,
    #[serde(default)]
    errors: Vec<FieldProblem>,
}

#[derive(Debug, Deserialize)]
struct FieldProblem {
    field: Option<String>,
    #[serde(default)]
    code: Option<String>,
    detail: Option<String>,
}

/// The layer.
pub async fn problems_as_pages(request: Request, next: Next) -> Response {
    let lang = Lang::of_request(request.uri().query(), request.headers());
    let here = request
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_owned(), |pq| pq.as_str().to_owned());
    let method = request.method().clone();
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    // API paths keep their problem documents, even when a page router's fallback answers.
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"));
    if !is_problem || api {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = body.collect().await.map(|b| b.to_bytes()) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let (Ok(mut problem), Ok(original)) = (
        serde_json::from_slice::<ShownProblem>(&bytes),
        serde_json::from_slice::<Problem>(&bytes),
    ) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    problem.request_id = problem.request_id.or(request_id);
    if problem.status == 401 && (method == Method::GET || method == Method::HEAD) {
        return Redirect::to(&format!("/sign-in?return_to={}", encode(&here))).into_response();
    }
    let ctx = PageContext {
        actor: Actor::Anonymous,
        lang,
        csrf_token: None,
        here,
        dev_sign_in: false,
    };
    let mut page = error_page(&ctx, &problem).into_response();
    *page.status_mut() = parts.status;
    page.extensions_mut().insert(RenderedProblem(original));
    if let Some(report) = parts.extensions.remove::<ErrorReport>() {
        page.extensions_mut().insert(report);
    }
    page
}

fn error_page<'a>(ctx: &'a PageContext, problem: &ShownProblem) -> Page<'a> {
    let heading = match problem.status {
        401 => ctx.t("Devi accedere", "You need to sign in"),
        403 => ctx.t("Non puoi vedere questa pagina", "You cannot see this page"),
        404 => ctx.t("Pagina non trovata", "Page not found"),
        409 => ctx.t("Non è stato possibile", "That was not possible"),
        400 | 422 => ctx.t("Controlla i dati inseriti", "Please check what you entered"),
        429 => ctx.t("Troppe richieste", "Too many requests"),
        _ => ctx.t("Qualcosa non ha funzionato", "Something went wrong"),
    };
    let main = html! {
        div class="alert alert-danger" role="alert" {
            h1 class="h3" { (heading) }
            p { (text(ctx.lang, problem.code.as_deref(), &problem.detail)) }
            @if !problem.errors.is_empty() {
                ul {
                    @for error in &problem.errors {
                        li {
                            @if let Some(field) = &error.field { strong { (field) } ": " }
                            (text(ctx.lang, error.code.as_deref(), error.detail.as_deref().unwrap_or("")))
                        }
                    }
                }
            }
            @if let Some(id) = &problem.request_id {
                p class="small mb-0" {
                    (ctx.t("Codice della richiesta, da citare all'assistenza: ", "Request code, to quote to support: "))
                    code { (id) }
                }
            }
        }
        p { a href="/" { (ctx.t("Torna alla ricerca delle offerte", "Back to the offer search")) } }
    };
    Page::new(
        ctx,
        format!("{heading} ({}: {})", problem.status, problem.title),
        main,
    )
}

fn text(lang: Lang, code: Option<&str>, detail: &str) -> maud::Markup {
    match code.and_then(connessi_domain::ErrorCode::from_name) {
        Some(code) => crate::widgets::problem_text(lang, code, detail),
        None => html! { (detail) },
    }
}

/// A page answered with the status of `error` (a form shown again with what to fix): marked
/// so the logging layer logs the problem once and leaves the page as it is.
pub fn page_with_problem(page: impl IntoResponse, error: &ApiError) -> Response {
    let mut response = page.into_response();
    *response.status_mut() =
        StatusCode::from_u16(error.code.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    response
        .extensions_mut()
        .insert(RenderedProblem(error.problem()));
    response
}

//! The layers every service's router gets: security headers; a request id on every request,
//! response and log line; a body limit, a per-request timeout and panic catching; and the
//! problem middleware that turns every error response into problem+json and logs it once.

use crate::config::{Profile, Settings};
use crate::problem::{ApiError, ErrorReport, PROBLEM_JSON, Problem};
use crate::security_headers::{self, SecurityHeaders};
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use connessi_domain::ErrorCode;
use http_body_util::BodyExt;
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::LatencyUnit;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Wraps `router` in the standard layers.
pub fn standard_layers(router: Router, settings: &Settings) -> Router {
    let body_limit = settings.http.body_limit_bytes;
    let timeout = Duration::from_secs(settings.http.request_timeout_secs);
    let headers = SecurityHeaders {
        hsts: settings.profile == Profile::Production,
    };
    router.layer(DefaultBodyLimit::max(body_limit)).layer(
        ServiceBuilder::new()
            .layer(axum::middleware::from_fn_with_state(headers, security_headers::layer))
            .layer(SetSensitiveRequestHeadersLayer::new([header::AUTHORIZATION, header::COOKIE]))
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
                let request_id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                tracing::info_span!("request", request_id = %request_id, method = %request.method(), path = %request.uri().path())
            })
            .on_request(())
            .on_response(DefaultOnResponse::new().level(tracing::Level::INFO).latency_unit(LatencyUnit::Micros)))
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(axum::middleware::from_fn(problem_middleware))
            .layer(CatchPanicLayer::custom(|_panic| ApiError::internal("handler panicked").into_response()))
            .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout)),
    )
}

/// Marks a response whose problem was rendered as an HTML page (by the pages' layer), so it
/// is logged once like any other and not replaced by a problem document.
#[derive(Debug, Clone)]
pub struct RenderedProblem(pub Problem);

/// Makes every 4xx/5xx a problem document with `instance` and `request_id`, and logs it once.
async fn problem_middleware(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let request_id = request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .map(str::to_owned);
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let report = parts.extensions.remove::<ErrorReport>();
    // A page already turned its problem into HTML for people: log it, leave the page be.
    if let Some(RenderedProblem(mut problem)) = parts.extensions.remove::<RenderedProblem>() {
        problem.instance = Some(path);
        problem.request_id = request_id;
        log_once(status, &problem, report.as_ref());
        return Response::from_parts(parts, body);
    }
    let is_problem = parts
        .headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes() == PROBLEM_JSON.as_bytes());
    let mut problem = match (is_problem, body.collect().await) {
        (true, Ok(bytes)) => serde_json::from_slice::<Problem>(&bytes.to_bytes()).ok(),
        _ => None,
    }
    .unwrap_or_else(|| {
        ApiError::new(
            code_for_status(status),
            status.canonical_reason().unwrap_or("error").to_lowercase(),
        )
        .problem()
    });
    problem.instance = Some(path);
    problem.request_id = request_id;
    log_once(status, &problem, report.as_ref());
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    parts
        .headers
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body))
}

fn log_once(status: StatusCode, problem: &Problem, report: Option<&ErrorReport>) {
    let internal = report.and_then(|r| r.internal.as_deref()).unwrap_or("");
    if status.is_server_error() {
        tracing::error!(status = status.as_u16(), code = %problem.code, internal, "request failed");
    } else {
        // `internal` says why where the client is only told that (e.g. which check an ID
        // token failed); it never holds a secret.
        tracing::info!(status = status.as_u16(), code = %problem.code, detail = %problem.detail, internal, "request refused");
    }
}

/// The code for an error response produced outside the handlers (router, layers).
fn code_for_status(status: StatusCode) -> ErrorCode {
    match status.as_u16() {
        401 => ErrorCode::Unauthenticated,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        405 => ErrorCode::MethodNotAllowed,
        408 => ErrorCode::RequestTimeout,
        413 => ErrorCode::PayloadTooLarge,
        415 => ErrorCode::UnsupportedMediaType,
        429 => ErrorCode::RateLimited,
        503 => ErrorCode::ServiceUnavailable,
        s if s >= 500 => ErrorCode::Internal,
        _ => ErrorCode::BadRequest,
    }
}

//! Errors as RFC 9457 `application/problem+json`, with the stable `code` of the domain's error
//! table. A handler returns `ApiError`; the problem middleware adds the request id and the
//! instance, and logs the error once.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use connessi_domain::{DomainError, ErrorCode, FieldError, ValidationErrors};
use sea_orm::DbErr;
use serde::Serialize;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// The error of a request, ready to become a problem document.
#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub detail: String,
    pub errors: Vec<FieldError>,
    /// What went wrong inside, for the log only: never sent to the client.
    pub internal: Option<String>,
    /// A database conflict that a new attempt of the transaction may not meet.
    pub retryable: bool,
}

/// The internal cause of an error, passed to the logging middleware in the response's
/// extensions (never serialised).
#[derive(Debug, Clone)]
pub struct ErrorReport {
    pub code: ErrorCode,
    pub internal: Option<String>,
}

/// The problem document (RFC 9457) with Connessi's extension members.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem: `/problems/{code}`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Stable snake_case code from the error table.
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// One entry per invalid field, for validation problems.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<FieldError>)]
    pub errors: Vec<serde_json::Value>,
}

impl ApiError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            code,
            detail: detail.into(),
            errors: Vec::new(),
            internal: None,
            retryable: false,
        }
    }

    /// A 500 whose cause is logged but never shown.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self {
            internal: Some(cause.to_string()),
            ..Self::new(ErrorCode::Internal, "")
        }
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("no {what} here"))
    }

    /// The problem document for this error.
    pub fn problem(&self) -> Problem {
        let detail = if self.code.status() >= 500 {
            // Internals never leave the server; the request id lets support find the log line.
            "the error was logged; quote the request id when reporting it".to_owned()
        } else {
            self.detail.clone()
        };
        Problem {
            kind: format!("/problems/{}", self.code.name()),
            title: self.code.title().to_owned(),
            status: self.code.status(),
            detail,
            code: self.code.name().to_owned(),
            instance: None,
            request_id: None,
            errors: self
                .errors
                .iter()
                .map(|e| serde_json::to_value(e).unwrap_or_default())
                .collect(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(self.problem())).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        response.extensions_mut().insert(ErrorReport {
            code: self.code,
            internal: self.internal,
        });
        response
    }
}

impl From<DomainError> for ApiError {
    fn from(error: DomainError) -> Self {
        Self::new(error.code, error.detail)
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(errors: ValidationErrors) -> Self {
        let code = errors.summary_code();
        let count = errors.0.len();
        let detail = match errors.0.first() {
            Some(first) if count == 1 => format!("{}: {}", first.field, first.message),
            _ => format!("{count} fields are not valid; see `errors`"),
        };
        Self {
            errors: errors.0,
            ..Self::new(code, detail)
        }
    }
}

impl From<DbErr> for ApiError {
    fn from(error: DbErr) -> Self {
        let retryable = crate::db::is_retryable(&error);
        let base = if crate::db::is_unavailable(&error) {
            Self::new(
                ErrorCode::ServiceUnavailable,
                "the database is not reachable; try again shortly",
            )
        } else {
            Self::new(ErrorCode::Internal, "")
        };
        Self {
            internal: Some(error.to_string()),
            retryable,
            ..base
        }
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(error: serde_json::Error) -> Self {
        Self::internal(error)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

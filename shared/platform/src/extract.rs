//! Extractors whose rejections are problem documents with stable codes, instead of axum's
//! plain-text ones: JSON bodies, path and query parameters.

use crate::problem::ApiError;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use connessi_domain::ErrorCode;
use serde::de::DeserializeOwned;

/// A JSON body: 415 without the JSON content type, 413 over the size limit, 400 when it is
/// not JSON, 422 when it has the wrong shape (with the path of the offending field).
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::JsonDataError(error) => ApiError::new(
            ErrorCode::InvalidRequestBody,
            clean(
                &std::error::Error::source(&error)
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| error.body_text()),
            ),
        ),
        JsonRejection::JsonSyntaxError(error) => ApiError::new(
            ErrorCode::MalformedJson,
            clean(
                &std::error::Error::source(&error)
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| error.body_text()),
            ),
        ),
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "send the body with Content-Type: application/json",
        ),
        JsonRejection::BytesRejection(error)
            if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE =>
        {
            ApiError::new(
                ErrorCode::PayloadTooLarge,
                "the request body is over the size limit",
            )
        }
        other => ApiError::new(ErrorCode::BadRequest, clean(&other.body_text())),
    }
}

/// Keeps a parser's message short and free of control characters before echoing it.
fn clean(message: &str) -> String {
    message
        .chars()
        .filter(|c| !c.is_control())
        .take(300)
        .collect()
}

/// Path parameters: 400 `invalid_path_parameter` when one does not parse (e.g. not a UUID).
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(rejection @ PathRejection::FailedToDeserializePathParams(_)) => Err(ApiError::new(
                ErrorCode::InvalidPathParameter,
                clean(&rejection.body_text()),
            )),
            Err(rejection) => Err(ApiError::internal(rejection.body_text())),
        }
    }
}

/// Query parameters: 400 `invalid_query_parameter` naming what is wrong; unknown parameters
/// are refused by the target types (`deny_unknown_fields`).
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(error)) => Err(ApiError::new(
                ErrorCode::InvalidQueryParameter,
                clean(&error.body_text()),
            )),
            Err(other) => Err(ApiError::new(
                ErrorCode::InvalidQueryParameter,
                clean(&other.body_text()),
            )),
        }
    }
}

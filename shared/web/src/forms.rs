//! HTML forms. A form that changes something carries the session's CSRF token in a hidden
//! field; [`csrf_field_to_header`] moves it into the header the session check reads, so pages
//! and the API share one check. [`PageForm`] reads a form's fields, the token left out.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use connessi_domain::ErrorCode;
use connessi_platform::ApiError;
use connessi_platform::auth::CSRF_HEADER;
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;

/// The hidden field's name.
pub const CSRF_FIELD: &str = "csrf_token";

fn is_form(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

/// The layer: for a form post without the header, the field's value becomes the header.
pub async fn csrf_field_to_header(request: Request, next: Next) -> Response {
    if request.method() != Method::POST
        || !is_form(&request)
        || request.headers().contains_key(CSRF_HEADER)
    {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let bytes = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            return ApiError::new(ErrorCode::PayloadTooLarge, "the form is too large")
                .into_response();
        }
    };
    let token = url::form_urlencoded::parse(&bytes)
        .find(|(key, _)| key == CSRF_FIELD)
        .and_then(|(_, value)| HeaderValue::from_str(&value).ok());
    if let Some(token) = token {
        parts.headers.insert(CSRF_HEADER, token);
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// A form's fields as `T`, with a 422 naming what did not fit.
#[derive(Debug)]
pub struct PageForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for PageForm<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let pairs = FormPairs::from_request(request, state).await?.0;
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs.iter())
            .finish();
        serde_urlencoded::from_str(&encoded)
            .map(PageForm)
            .map_err(|e| {
                ApiError::new(
                    ErrorCode::ValidationFailed,
                    format!("the form is not valid: {e}"),
                )
            })
    }
}

/// A form's fields in order, repeated names kept (checkbox groups), the token left out.
#[derive(Debug)]
pub struct FormPairs(pub Vec<(String, String)>);

impl FormPairs {
    /// Every value given for `name`.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The first non-empty value given for `name`.
    pub fn one(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
    }
}

impl<S: Send + Sync> FromRequest<S> for FormPairs {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_form(&request) {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "send the form as application/x-www-form-urlencoded",
            ));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| ApiError::new(ErrorCode::PayloadTooLarge, "the form is too large"))?;
        Ok(FormPairs(
            url::form_urlencoded::parse(&bytes)
                .filter(|(key, _)| key != CSRF_FIELD)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        ))
    }
}

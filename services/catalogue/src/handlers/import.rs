//! `POST /providers/{id}/offers/import`: a batch of offers as JSON or CSV, answered with a
//! report of which rows became offers (sent to moderation) and why the others did not.

use crate::CatalogueState;
use crate::import::{self, ImportReport, JsonBatch, MAX_ROWS, csv_rows};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use connessi_domain::{ErrorCode, ProviderId, ValidationErrors};
use connessi_platform::{ApiError, ApiPath, ApiResult, CurrentActor, Problem, db};
use uuid::Uuid;

/// Imports offers in bulk: `application/json` (`{"offers": [...]}`) or `text/csv` (one offer
/// per row, lists separated by `;`). Valid rows are created and submitted for moderation.
#[utoipa::path(post, path = "/api/v1/providers/{id}/offers/import", tag = "offers", params(("id" = Uuid, Path)),
    request_body(content = JsonBatch, description = "JSON batch, or a CSV file with the columns of `import::csv_rows::COLUMNS`", content_type = "application/json"),
    security(("bearer" = [])), responses((status = 200, body = ImportReport),
    (status = 400, body = Problem, content_type = "application/problem+json"),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 415, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn import_offers(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<ImportReport>> {
    let rows = parse(&headers, &body)?;
    if rows.is_empty() || rows.len() > MAX_ROWS {
        let mut errors = ValidationErrors::default();
        let message = format!("a batch has 1 to {MAX_ROWS} offers");
        errors.add("offers", ErrorCode::InvalidLength, message);
        return Err(errors.into());
    }
    let report = db::write(&state.platform.db, |txn| {
        let (actor, rows) = (actor.clone(), rows.clone());
        Box::pin(async move { import::import(txn, &actor, ProviderId(id), rows).await })
    })
    .await?;
    tracing::info!(provider_id = %id, accepted = report.accepted.len(), rejected = report.rejected.len(), "offers imported");
    Ok(Json(report))
}

fn parse(headers: &HeaderMap, body: &[u8]) -> ApiResult<Vec<csv_rows::Parsed>> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if content_type.starts_with("application/json") {
        let batch: JsonBatch = serde_json::from_slice(body).map_err(|e| {
            let code = if e.is_data() {
                ErrorCode::InvalidRequestBody
            } else {
                ErrorCode::MalformedJson
            };
            ApiError::new(code, e.to_string())
        })?;
        Ok(import::json_rows(batch))
    } else if content_type.starts_with("text/csv") {
        csv_rows::parse(body).map_err(|detail| ApiError::new(ErrorCode::InvalidRequestBody, detail))
    } else {
        Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "send the batch as application/json or text/csv",
        ))
    }
}

//! Bulk import of offers by a provider's own systems: a JSON batch or a CSV file, each row
//! validated on its own. Rows that pass every check a submission needs become offers sent to
//! moderation (they are never published directly); the others are reported with the reasons,
//! row by row. The accepted rows are written in one transaction.

pub mod csv_rows;

use crate::ops;
use connessi_domain::criteria;
use connessi_domain::{Actor, ErrorCode, FieldError, OfferContent, OfferId, ProviderId};
use connessi_platform::ApiResult;
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The most rows one batch may have.
pub const MAX_ROWS: usize = 500;

/// A JSON batch.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JsonBatch {
    /// Offer contents, as for `POST /providers/{id}/offers`.
    #[schema(value_type = Vec<OfferContent>)]
    pub offers: Vec<serde_json::Value>,
}

/// Reads each element of a JSON batch as offer content.
pub fn json_rows(batch: JsonBatch) -> Vec<csv_rows::Parsed> {
    batch
        .offers
        .into_iter()
        .map(|value| {
            serde_json::from_value::<OfferContent>(value).map_err(|e| {
                vec![FieldError {
                    field: String::new(),
                    code: ErrorCode::InvalidRequestBody,
                    message: e.to_string(),
                }]
            })
        })
        .collect()
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AcceptedRow {
    /// Position in the batch, from 1 (CSV: the data row, header not counted).
    pub row: usize,
    pub offer_id: Uuid,
    /// Always `submitted`: imported offers wait for moderation.
    pub status: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RejectedRow {
    pub row: usize,
    pub errors: Vec<FieldError>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportReport {
    pub received: usize,
    pub accepted: Vec<AcceptedRow>,
    pub rejected: Vec<RejectedRow>,
}

/// Why a row cannot be submitted, as field errors.
fn row_errors(content: OfferContent) -> Result<OfferContent, Vec<FieldError>> {
    let content = content.checked().map_err(|e| e.0)?;
    criteria::ready_for_submission(&content, chrono::Utc::now().date_naive()).map_err(|e| {
        vec![FieldError {
            field: String::new(),
            code: e.code,
            message: e.detail,
        }]
    })?;
    Ok(content)
}

/// Imports `rows` for `provider`; call inside a write transaction.
pub async fn import(
    db: &impl ConnectionTrait,
    actor: &Actor,
    provider: ProviderId,
    rows: Vec<csv_rows::Parsed>,
) -> ApiResult<ImportReport> {
    let mut report = ImportReport {
        received: rows.len(),
        accepted: Vec::new(),
        rejected: Vec::new(),
    };
    for (index, parsed) in rows.into_iter().enumerate() {
        let row = index + 1;
        match parsed.and_then(row_errors) {
            Ok(content) => {
                let offer = ops::offers::create(db, actor, provider, content).await?;
                let submitted = ops::offers::submit(db, actor, OfferId(offer.id)).await?;
                report.accepted.push(AcceptedRow {
                    row,
                    offer_id: submitted.id,
                    status: submitted.status,
                });
            }
            Err(errors) => report.rejected.push(RejectedRow { row, errors }),
        }
    }
    Ok(report)
}

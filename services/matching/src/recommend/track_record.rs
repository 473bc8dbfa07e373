//! Providers' track records for ranking: completed onboardings and the shops' follow-up
//! answers, read again when onboarding events arrive and at least every minute.

use super::rank::TrackRecord;
use crate::entities::{follow_up, onboarding_request as request};
use connessi_domain::onboarding::RequestStatus;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};
use uuid::Uuid;

const MAX_AGE: Duration = Duration::from_secs(60);

type Records = Arc<HashMap<Uuid, TrackRecord>>;

/// Cheap to clone.
#[derive(Clone, Default)]
pub struct TrackRecords {
    cached: Arc<RwLock<Option<(Instant, Records)>>>,
}

impl TrackRecords {
    /// The records, read again when `changed` or older than a minute.
    pub async fn get(
        &self,
        db: &DatabaseConnection,
        changed: bool,
    ) -> Result<Records, sea_orm::DbErr> {
        let cached = self
            .cached
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some((at, records)) = cached
            && !changed
            && at.elapsed() < MAX_AGE
        {
            return Ok(records);
        }
        let records = Arc::new(read(db).await?);
        *self.cached.write().unwrap_or_else(PoisonError::into_inner) =
            Some((Instant::now(), records.clone()));
        Ok(records)
    }
}

async fn read(db: &DatabaseConnection) -> Result<HashMap<Uuid, TrackRecord>, sea_orm::DbErr> {
    let completed: Vec<(Uuid, i64)> = request::Entity::find()
        .select_only()
        .column(request::Column::ProviderId)
        .column_as(request::Column::Id.count(), "completed")
        .filter(request::Column::Status.eq(RequestStatus::Completed.as_str()))
        .group_by(request::Column::ProviderId)
        .into_tuple()
        .all(db)
        .await?;
    let answers: Vec<(Uuid, Option<i16>, Option<bool>)> = follow_up::Entity::find()
        .select_only()
        .column(follow_up::Column::ProviderId)
        .column(follow_up::Column::Satisfaction)
        .column(follow_up::Column::SalesPressure)
        .filter(follow_up::Column::AnsweredAt.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    let mut records: HashMap<Uuid, TrackRecord> = HashMap::new();
    for (provider, count) in completed {
        records.entry(provider).or_default().completed = count.max(0) as u64;
    }
    let mut sums: HashMap<Uuid, i64> = HashMap::new();
    for (provider, satisfaction, pressure) in answers {
        let Some(satisfaction) = satisfaction else {
            continue;
        };
        let record = records.entry(provider).or_default();
        record.answers += 1;
        record.sales_pressure_reports += u64::from(pressure == Some(true));
        *sums.entry(provider).or_default() += i64::from(satisfaction);
    }
    for (provider, sum) in sums {
        if let Some(record) = records.get_mut(&provider).filter(|r| r.answers > 0) {
            record.mean_satisfaction = Some(sum as f64 / record.answers as f64);
        }
    }
    Ok(records)
}

//! The widget's traffic per embed and UTC day: views (a widget shown on a page), searches,
//! click-throughs to an offer and requests started from one. Counted on the server as the
//! widget's calls arrive, never from what a browser claims to have done.

use crate::entities::embed_traffic;
use chrono::{Duration, NaiveDate, Utc};
use connessi_platform::ApiResult;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Traffic is shown for this many days.
pub const TRAFFIC_DAYS: u32 = 30;

/// One thing the widget's visitors did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    View,
    Search,
    Click,
    RequestStarted,
}

impl Event {
    fn column(self) -> embed_traffic::Column {
        match self {
            Event::View => embed_traffic::Column::Views,
            Event::Search => embed_traffic::Column::Searches,
            Event::Click => embed_traffic::Column::Clicks,
            Event::RequestStarted => embed_traffic::Column::Requests,
        }
    }
}

/// Adds one `event` to today's count of the embed.
pub async fn count(db: &impl ConnectionTrait, embed_id: Uuid, event: Event) -> ApiResult<()> {
    let day = Utc::now().date_naive().to_string();
    let one = |e: Event| i64::from(e == event);
    let row = embed_traffic::ActiveModel {
        embed_id: Set(embed_id),
        day: Set(day),
        views: Set(one(Event::View)),
        searches: Set(one(Event::Search)),
        clicks: Set(one(Event::Click)),
        requests: Set(one(Event::RequestStarted)),
    };
    let column = event.column();
    embed_traffic::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([embed_traffic::Column::EmbedId, embed_traffic::Column::Day])
                .value(column, Expr::col((embed_traffic::Entity, column)).add(1))
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// One day's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Counts {
    pub views: i64,
    pub searches: i64,
    pub clicks: i64,
    pub requests_started: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Day {
    #[schema(value_type = String, format = Date)]
    pub day: NaiveDate,
    #[serde(flatten)]
    pub counts: Counts,
}

/// The last `days` days of an embed: totals and the days with any traffic, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Traffic {
    pub days: u32,
    pub totals: Counts,
    pub by_day: Vec<Day>,
}

pub async fn recent(db: &impl ConnectionTrait, embed_id: Uuid, days: u32) -> ApiResult<Traffic> {
    let since = Utc::now().date_naive() - Duration::days(i64::from(Ord::max(days, 1)) - 1);
    let rows = embed_traffic::Entity::find()
        .filter(embed_traffic::Column::EmbedId.eq(embed_id))
        .filter(embed_traffic::Column::Day.gte(since.to_string()))
        .order_by_desc(embed_traffic::Column::Day)
        .all(db)
        .await?;
    let mut totals = Counts::default();
    let by_day = rows
        .into_iter()
        .filter_map(|row| {
            let counts = Counts {
                views: row.views,
                searches: row.searches,
                clicks: row.clicks,
                requests_started: row.requests,
            };
            totals.views += counts.views;
            totals.searches += counts.searches;
            totals.clicks += counts.clicks;
            totals.requests_started += counts.requests_started;
            let day = row.day.parse().ok()?;
            Some(Day { day, counts })
        })
        .collect();
    Ok(Traffic {
        days,
        totals,
        by_day,
    })
}

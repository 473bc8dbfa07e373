//! Providers' figures from their onboarding requests: requests received, answered, accepted,
//! the acceptance rate, the median time to answer and completions; and from the shops'
//! answers to the follow-up questions, satisfaction, how many still use the service and how
//! many felt pressure to buy. Moderators read them for every provider and region, and across
//! providers by region and by offer category, with a CSV export.

use crate::entities::{follow_up, onboarding_request as request, shop_profile};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use connessi_catalogue::entities::offer_facet;
use connessi_domain::onboarding::RequestStatus;
use connessi_platform::ApiResult;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Figures {
    pub requests_received: u64,
    pub answered: u64,
    /// Accepted, in progress, completed or abandoned: the provider said yes.
    pub accepted: u64,
    pub declined: u64,
    /// `accepted / answered`, when anything was answered.
    pub acceptance_rate: Option<f64>,
    /// Median hours from request to answer, when anything was answered.
    pub median_hours_to_answer: Option<f64>,
    pub completed: u64,
    /// Follow-up questions the shops answered.
    pub follow_up_answers: u64,
    /// Mean satisfaction (1–5) in those answers.
    pub mean_satisfaction: Option<f64>,
    /// Share of answers saying the service is still in use.
    pub still_using_rate: Option<f64>,
    /// Answers saying the shop felt pressure to buy.
    pub sales_pressure_reports: u64,
}

fn figures(rows: &[&request::Model], answers: &[&follow_up::Model]) -> Figures {
    let said_yes = |s: RequestStatus| {
        matches!(
            s,
            RequestStatus::Accepted
                | RequestStatus::InProgress
                | RequestStatus::Completed
                | RequestStatus::Abandoned
        )
    };
    let mut out = Figures {
        requests_received: rows.len() as u64,
        ..Default::default()
    };
    let mut hours: Vec<f64> = Vec::new();
    for row in rows {
        let status = RequestStatus::parse(&row.status).unwrap_or(RequestStatus::Requested);
        if let Some(answered) = row
            .answered_at
            .filter(|_| said_yes(status) || status == RequestStatus::Declined)
        {
            out.answered += 1;
            hours.push((answered - row.created_at).num_seconds() as f64 / 3600.0);
        }
        out.accepted += u64::from(said_yes(status));
        out.declined += u64::from(status == RequestStatus::Declined);
        out.completed += u64::from(status == RequestStatus::Completed);
    }
    add_answers(&mut out, answers);
    if out.answered > 0 {
        out.acceptance_rate = Some(out.accepted as f64 / out.answered as f64);
        hours.sort_by(f64::total_cmp);
        let middle = hours.len() / 2;
        out.median_hours_to_answer = Some(if hours.len().is_multiple_of(2) {
            (hours[middle - 1] + hours[middle]) / 2.0
        } else {
            hours[middle]
        });
    }
    out
}

fn add_answers(out: &mut Figures, answers: &[&follow_up::Model]) {
    let (mut sum, mut still) = (0i64, 0u64);
    for answer in answers {
        let Some(satisfaction) = answer.satisfaction else {
            continue;
        };
        out.follow_up_answers += 1;
        sum += i64::from(satisfaction);
        still += u64::from(answer.still_using == Some(true));
        out.sales_pressure_reports += u64::from(answer.sales_pressure == Some(true));
    }
    if out.follow_up_answers > 0 {
        let n = out.follow_up_answers as f64;
        out.mean_satisfaction = Some(sum as f64 / n);
        out.still_using_rate = Some(still as f64 / n);
    }
}

fn answered() -> sea_orm::Select<follow_up::Entity> {
    follow_up::Entity::find().filter(follow_up::Column::AnsweredAt.is_not_null())
}

/// The figures of one provider.
pub async fn of_provider(db: &impl ConnectionTrait, provider: Uuid) -> ApiResult<Figures> {
    let rows = request::Entity::find()
        .filter(request::Column::ProviderId.eq(provider))
        .all(db)
        .await?;
    let answers = answered()
        .filter(follow_up::Column::ProviderId.eq(provider))
        .all(db)
        .await?;
    Ok(figures(
        &rows.iter().collect::<Vec<_>>(),
        &answers.iter().collect::<Vec<_>>(),
    ))
}

/// One row of the moderators' table: a provider in a region (of the shops it received).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FiguresRow {
    pub provider_id: Uuid,
    /// ISTAT code of the shops' region; empty for shops without a profile.
    pub region: String,
    #[serde(flatten)]
    pub figures: Figures,
}

/// Every request and follow-up answer, with the region of each shop.
struct Everything {
    rows: Vec<request::Model>,
    answers: Vec<follow_up::Model>,
    regions: HashMap<Uuid, String>,
}

impl Everything {
    async fn load(db: &impl ConnectionTrait) -> ApiResult<Self> {
        let regions = shop_profile::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.shop_id, p.region))
            .collect();
        Ok(Self {
            rows: request::Entity::find().all(db).await?,
            answers: answered().all(db).await?,
            regions,
        })
    }

    fn region_of(&self, shop: Uuid) -> String {
        self.regions.get(&shop).cloned().unwrap_or_default()
    }

    /// The figures of each group: `keys` gives the groups a request or an answer counts in,
    /// from its provider, shop and offer.
    fn grouped<K: Ord>(&self, keys: impl Fn(Uuid, Uuid, Uuid) -> Vec<K>) -> BTreeMap<K, Figures> {
        type Group<'a> = (Vec<&'a request::Model>, Vec<&'a follow_up::Model>);
        let mut groups: BTreeMap<K, Group<'_>> = BTreeMap::new();
        for row in &self.rows {
            for key in keys(row.provider_id, row.shop_id, row.offer_id) {
                groups.entry(key).or_default().0.push(row);
            }
        }
        for answer in &self.answers {
            for key in keys(answer.provider_id, answer.shop_id, answer.offer_id) {
                groups.entry(key).or_default().1.push(answer);
            }
        }
        groups
            .into_iter()
            .map(|(key, (rows, answers))| (key, figures(&rows, &answers)))
            .collect()
    }

    fn by_provider_and_region(&self) -> Vec<FiguresRow> {
        self.grouped(|provider, shop, _| vec![(provider, self.region_of(shop))])
            .into_iter()
            .map(|((provider_id, region), figures)| FiguresRow {
                provider_id,
                region,
                figures,
            })
            .collect()
    }
}

/// Figures of every provider in every region its requests came from.
pub async fn across(db: &impl ConnectionTrait) -> ApiResult<Vec<FiguresRow>> {
    Ok(Everything::load(db).await?.by_provider_and_region())
}

/// The moderators' overview: [`across`], and the same figures across providers by region of
/// the shops and by category of the offers.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    pub rows: Vec<FiguresRow>,
    /// By ISTAT region code (empty for shops without a profile).
    pub regions: BTreeMap<String, Figures>,
    /// By code of the category vocabulary; a request counts in each category of its offer
    /// (as the offer reads now).
    pub categories: BTreeMap<String, Figures>,
}

pub async fn overview(db: &impl ConnectionTrait) -> ApiResult<Overview> {
    let all = Everything::load(db).await?;
    let requested = Query::select()
        .distinct()
        .column(request::Column::OfferId)
        .from(request::Entity)
        .to_owned();
    let mut categories: HashMap<Uuid, Vec<String>> = HashMap::new();
    for facet in offer_facet::Entity::find()
        .filter(offer_facet::Column::Facet.eq("category"))
        .filter(offer_facet::Column::OfferId.in_subquery(requested))
        .all(db)
        .await?
    {
        categories
            .entry(facet.offer_id)
            .or_default()
            .push(facet.value);
    }
    Ok(Overview {
        rows: all.by_provider_and_region(),
        regions: all.grouped(|_, shop, _| vec![all.region_of(shop)]),
        categories: all.grouped(|_, _, offer| categories.get(&offer).cloned().unwrap_or_default()),
    })
}

/// The table as CSV, one line per provider and region.
pub fn csv(rows: &[FiguresRow]) -> String {
    let mut out = String::from(
        "provider_id,region,requests_received,answered,accepted,declined,acceptance_rate,median_hours_to_answer,completed,follow_up_answers,mean_satisfaction,still_using_rate,sales_pressure_reports\n",
    );
    let number = |v: Option<f64>| v.map(|v| format!("{v:.3}")).unwrap_or_default();
    for row in rows {
        let f = &row.figures;
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            row.provider_id,
            row.region,
            f.requests_received,
            f.answered,
            f.accepted,
            f.declined,
            number(f.acceptance_rate),
            number(f.median_hours_to_answer),
            f.completed,
            f.follow_up_answers,
            number(f.mean_satisfaction),
            number(f.still_using_rate),
            f.sales_pressure_reports
        ));
    }
    out
}

/// [`csv`] as a download named `connessi-figures.csv`.
pub fn csv_download(rows: &[FiguresRow]) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"connessi-figures.csv\"",
            ),
        ],
        csv(rows),
    )
        .into_response()
}

//! Results as people read them: each shop's outcome with the offers' titles and an
//! explanation in words, the same whether it comes from a dry run or from the stored
//! publication. A shop reads its own; moderators read them all, a page at a time.

use super::compute::Computed;
use super::outcome::{Explanation, Missed, Outcome};
use super::rules::Ineligible;
use super::{PriorityView, RoundStatus, find, parse_ticket};
use crate::entities::{offer, round_result};
use connessi_domain::ErrorCode;
use connessi_platform::entities::shop;
use connessi_platform::{ApiError, ApiResult};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ResultView {
    pub shop_id: Uuid,
    pub shop_name: String,
    pub outcome: Outcome,
    pub offer_id: Option<Uuid>,
    pub offer_title: Option<String>,
    /// Position of the assigned offer in the shop's list, from 1.
    pub choice: Option<u32>,
    /// The accepted onboarding request the assignment became (published results only).
    pub request_id: Option<Uuid>,
    pub priority: PriorityView,
    pub ineligible: Option<Ineligible>,
    /// Each offer the shop listed before the one it got (all of them, unassigned), and why.
    pub missed: Vec<MissedView>,
    /// The same, in words (English).
    pub explanation: String,
    /// The same, in Italian.
    pub explanation_it: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct MissedView {
    pub choice: u32,
    pub offer_id: Uuid,
    pub offer_title: String,
    pub reason: Missed,
    pub lowest_admitted: Option<PriorityView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResultsPage {
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    pub items: Vec<ResultView>,
}

/// One result before titles and names are added.
struct Raw {
    shop_id: Uuid,
    outcome: Outcome,
    offer_id: Option<Uuid>,
    choice: Option<u32>,
    request_id: Option<Uuid>,
    priority: PriorityView,
    explanation: Explanation,
}

/// The explanation in English (`it == false`) or Italian.
fn words(raw: &Raw, title: &impl Fn(Uuid) -> String, it: bool) -> String {
    let pick = |en: String, italian: String| if it { italian } else { en };
    if let Some(why) = raw.explanation.ineligible {
        return pick(
            format!("Not eligible: {}.", why.describe()),
            format!("Non ammesso: {}.", why.describe_it()),
        );
    }
    let mut text = match (raw.offer_id, raw.choice) {
        (Some(offer), Some(choice)) => pick(
            format!("Assigned to «{}» (your choice {choice}).", title(offer)),
            format!("Assegnato a «{}» (tua scelta n. {choice}).", title(offer)),
        ),
        _ => pick("Not assigned.".into(), "Non assegnato.".into()),
    };
    for missed in &raw.explanation.missed {
        let offer = pick(
            format!("«{}» (choice {})", title(missed.offer_id), missed.choice),
            format!("«{}» (scelta n. {})", title(missed.offer_id), missed.choice),
        );
        let why = match (missed.reason, missed.lowest_admitted) {
            (Missed::FilledByHigherPriority, Some(low)) => {
                let ticket = super::ticket_hex(low.lottery);
                pick(
                    format!(
                        "was filled by applicants with higher priority (lowest admitted: score {}, ticket {ticket})",
                        low.score
                    ),
                    format!(
                        "i posti sono andati a chi aveva priorità più alta (ultimo ammesso: punteggio {}, biglietto {ticket})",
                        low.score
                    ),
                )
            }
            (Missed::FilledByHigherPriority, None) => pick(
                "was filled by applicants with higher priority".into(),
                "i posti sono andati a chi aveva priorità più alta".into(),
            ),
            (Missed::NoPlacesLeft, _) => {
                pick("had no places left".into(), "non aveva più posti".into())
            }
            (Missed::OfferUnavailable, _) => pick(
                "is no longer published".into(),
                "non è più pubblicata".into(),
            ),
            (Missed::OutsideOfferTerritory, _) => pick(
                "does not cover your comune".into(),
                "non copre il tuo comune".into(),
            ),
            (Missed::AlreadyRequested, _) => pick(
                "was left out: you already have an open request for it".into(),
                "esclusa, hai già una richiesta aperta per questa offerta".into(),
            ),
        };
        let separator = if it { ": " } else { " " };
        text.push_str(&format!(" {offer}{separator}{why}."));
    }
    text
}

fn present(raw: Raw, titles: &HashMap<Uuid, String>, names: &HashMap<Uuid, String>) -> ResultView {
    let title = |id: Uuid| titles.get(&id).cloned().unwrap_or_default();
    ResultView {
        explanation: words(&raw, &title, false),
        explanation_it: words(&raw, &title, true),
        shop_id: raw.shop_id,
        shop_name: names.get(&raw.shop_id).cloned().unwrap_or_default(),
        outcome: raw.outcome,
        offer_id: raw.offer_id,
        offer_title: raw.offer_id.map(title),
        choice: raw.choice,
        request_id: raw.request_id,
        priority: raw.priority,
        ineligible: raw.explanation.ineligible,
        missed: raw
            .explanation
            .missed
            .into_iter()
            .map(|m| MissedView {
                choice: m.choice,
                offer_title: title(m.offer_id),
                offer_id: m.offer_id,
                reason: m.reason,
                lowest_admitted: m.lowest_admitted,
            })
            .collect(),
    }
}

async fn titles(db: &impl ConnectionTrait, round_id: Uuid) -> ApiResult<HashMap<Uuid, String>> {
    let sub = super::compute::round_offer_ids(round_id);
    Ok(offer::Entity::find()
        .filter(offer::Column::Id.in_subquery(sub))
        .select_only()
        .columns([offer::Column::Id, offer::Column::TitleIt])
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

async fn names(db: &impl ConnectionTrait, shops: &[Uuid]) -> ApiResult<HashMap<Uuid, String>> {
    let mut names = HashMap::new();
    for chunk in shops.chunks(1000) {
        let rows = shop::Entity::find()
            .filter(shop::Column::Id.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        names.extend(rows.into_iter().map(|s| (s.id, s.name)));
    }
    Ok(names)
}

/// Every result of a computation (a dry run), in shop id order.
pub async fn of_computed(
    db: &impl ConnectionTrait,
    round_id: Uuid,
    computed: &Computed,
) -> ApiResult<Vec<ResultView>> {
    let titles = titles(db, round_id).await?;
    let ids: Vec<Uuid> = computed.shops.iter().map(|s| s.shop_id).collect();
    let names = names(db, &ids).await?;
    Ok(computed
        .shops
        .iter()
        .map(|s| {
            let raw = Raw {
                shop_id: s.shop_id,
                outcome: s.outcome,
                offer_id: s.slot.map(|i| computed.slots[i].offer_id),
                choice: s.choice,
                request_id: None,
                priority: s.priority.into(),
                explanation: s.explanation.clone(),
            };
            present(raw, &titles, &names)
        })
        .collect())
}

fn raw(row: round_result::Model) -> ApiResult<Raw> {
    Ok(Raw {
        shop_id: row.shop_id,
        outcome: Outcome::parse(&row.outcome).ok_or_else(|| ApiError::internal("bad outcome"))?,
        offer_id: row.offer_id,
        choice: row.choice.map(|c| c as u32),
        request_id: row.request_id,
        priority: PriorityView {
            score: row.priority_score,
            lottery: parse_ticket(&row.priority_lottery)
                .ok_or_else(|| ApiError::internal("bad ticket"))?,
        },
        explanation: serde_json::from_str(&row.explanation)?,
    })
}

/// 409 `round_not_published` until the round is.
async fn published(db: &impl ConnectionTrait, round_id: Uuid) -> ApiResult<()> {
    let round = find(db, round_id).await?;
    if RoundStatus::of(&round, chrono::Utc::now()) != RoundStatus::Published {
        return Err(ApiError::new(
            ErrorCode::RoundNotPublished,
            "the round's results are not published yet",
        ));
    }
    Ok(())
}

/// The published result of one shop.
pub async fn of_shop(
    db: &impl ConnectionTrait,
    round_id: Uuid,
    shop_id: Uuid,
) -> ApiResult<ResultView> {
    published(db, round_id).await?;
    let row = round_result::Entity::find_by_id((round_id, shop_id))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("result for this shop (it did not apply)"))?;
    let titles = titles(db, round_id).await?;
    let names = names(db, &[shop_id]).await?;
    Ok(present(raw(row)?, &titles, &names))
}

/// A page of the published results, in shop id order.
pub async fn page(
    db: &impl ConnectionTrait,
    round_id: Uuid,
    page: u64,
    per_page: u64,
) -> ApiResult<ResultsPage> {
    published(db, round_id).await?;
    let select = round_result::Entity::find()
        .filter(round_result::Column::RoundId.eq(round_id))
        .order_by_asc(round_result::Column::ShopId);
    let total = select.clone().count(db).await?;
    let rows = select
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.shop_id).collect();
    let (titles, names) = (titles(db, round_id).await?, names(db, &ids).await?);
    let items = rows
        .into_iter()
        .map(|row| Ok(present(raw(row)?, &titles, &names)))
        .collect::<ApiResult<_>>()?;
    Ok(ResultsPage {
        total,
        page,
        per_page,
        items,
    })
}

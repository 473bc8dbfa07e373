//! After the window closes: dry runs (the assignment computed and shown, nothing stored but
//! the audit entry saying a moderator looked) and publication, once: the results with their
//! explanations, one accepted onboarding request per assignment (its place taken by one
//! conditional update per offer, on rows locked for the transaction, so capacity is never
//! passed), the offers' figures, audit entries and outbox events, all in the caller's
//! transaction and written a thousand rows a statement.

use super::batch::{self, audit_row, event_row};
use super::compute::{Computed, compute, round_offer_ids};
use super::manage::{RoundView, view};
use super::outcome::Outcome;
use super::results::{self, ResultView};
use super::{RoundStatus, find, find_for_update, ticket_hex};
use crate::entities::{onboarding_request as request, round, round_offer, round_result};
use crate::{places, requests};
use chrono::{DateTime, Utc};
use connessi_domain::events::EventKind;
use connessi_domain::onboarding::RequestStatus;
use connessi_domain::{Actor, ErrorCode};
use connessi_platform::audit::{self, AuditEntry};
use connessi_platform::entities::offer_place;
use connessi_platform::{ApiError, ApiResult, outbox};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

/// What a dry run shows: the round with the figures publishing would give, and every result.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DryRun {
    pub round: RoundView,
    pub results: Vec<ResultView>,
}

/// 409 unless the window has closed and the round is not published.
fn ensure_closed(round: &round::Model, now: DateTime<Utc>) -> ApiResult<()> {
    match RoundStatus::of(round, now) {
        RoundStatus::Closed => Ok(()),
        RoundStatus::Published => Err(ApiError::new(
            ErrorCode::RoundAlreadyPublished,
            "the round's results are already published",
        )),
        _ => Err(ApiError::new(
            ErrorCode::RoundNotClosed,
            format!("the round takes applications until {}", round.closes_at),
        )),
    }
}

/// The round's view with the figures of `computed` in place of the stored ones.
async fn with_figures(
    db: &impl ConnectionTrait,
    round: round::Model,
    computed: &Computed,
) -> ApiResult<RoundView> {
    let mut shown = view(db, round).await?;
    for offer in &mut shown.offers {
        if let Some(slot) = computed.slots.iter().find(|s| s.offer_id == offer.offer_id) {
            offer.places_used = Some(slot.places_used);
            offer.assigned = Some(slot.assigned);
            offer.lowest_admitted = slot.lowest.map(Into::into);
        }
    }
    Ok(shown)
}

/// Computes the round as publishing would and stores nothing of it; the moderator's look is
/// audited. Call inside a transaction.
pub async fn dry_run(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> ApiResult<DryRun> {
    actor.require_moderator()?;
    let round = find(db, id).await?;
    ensure_closed(&round, Utc::now())?;
    let computed = compute(db, &round).await?;
    let entry = AuditEntry {
        action: "round.dry_run".into(),
        entity_kind: "allocation_round",
        entity_id: round.id,
        details: Some(summary(&computed)),
        ..Default::default()
    };
    audit::record(db, actor, entry).await?;
    Ok(DryRun {
        results: results::of_computed(db, round.id, &computed).await?,
        round: with_figures(db, round, &computed).await?,
    })
}

fn summary(computed: &Computed) -> serde_json::Value {
    let count = |o: Outcome| computed.shops.iter().filter(|s| s.outcome == o).count();
    serde_json::json!({
        "applications": computed.shops.len(),
        "assigned": count(Outcome::Assigned),
        "unassigned": count(Outcome::Unassigned),
        "not_eligible": count(Outcome::NotEligible),
    })
}

/// Makes sure every offer of the round has its row of places, then locks those rows until
/// the transaction ends (PostgreSQL), so no accept takes a place between computing and
/// writing the assignments.
async fn lock_places(
    db: &impl ConnectionTrait,
    round_id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let ids: Vec<Uuid> = round_offer::Entity::find()
        .filter(round_offer::Column::RoundId.eq(round_id))
        .select_only()
        .column(round_offer::Column::OfferId)
        .into_tuple()
        .all(db)
        .await?;
    for chunk in ids.chunks(batch::ROWS_PER_STATEMENT) {
        let rows = chunk.iter().map(|id| offer_place::ActiveModel {
            offer_id: Set(*id),
            taken: Set(0),
            updated_at: Set(now),
        });
        offer_place::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::column(offer_place::Column::OfferId)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    if db.get_database_backend() == DbBackend::Postgres {
        offer_place::Entity::find()
            .filter(offer_place::Column::OfferId.in_subquery(round_offer_ids(round_id)))
            .order_by_asc(offer_place::Column::OfferId)
            .lock_exclusive()
            .all(db)
            .await?;
    }
    Ok(())
}

fn body_hash(round_id: Uuid, offer_id: Uuid) -> String {
    let digest = Sha256::digest(format!("round {round_id}\n{offer_id}"));
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The rows publishing writes besides the places: results, requests, their audit entries and
/// events.
#[derive(Default)]
struct Rows {
    results: Vec<round_result::ActiveModel>,
    requests: Vec<request::ActiveModel>,
    audit: Vec<connessi_platform::entities::audit_log::ActiveModel>,
    events: Vec<connessi_platform::entities::outbox::ActiveModel>,
}

fn rows(
    actor: &Actor,
    round: &round::Model,
    computed: &Computed,
    now: DateTime<Utc>,
) -> ApiResult<Rows> {
    let by = actor.user()?.id.0;
    let mut rows = Rows::default();
    for shop in &computed.shops {
        let mut request_id = None;
        if let (Some(slot), Some(choice)) = (shop.slot, shop.choice) {
            let slot = &computed.slots[slot];
            let offer = slot
                .offer
                .as_ref()
                .ok_or_else(|| ApiError::internal("assigned to a missing offer"))?;
            let id = Uuid::now_v7();
            request_id = Some(id);
            rows.requests.push(request::ActiveModel {
                id: Set(id),
                shop_id: Set(shop.shop_id),
                offer_id: Set(offer.id),
                provider_id: Set(offer.provider_id),
                status: Set(RequestStatus::Accepted.as_str().to_owned()),
                message: Set(format!(
                    "Assigned by the allocation round «{}» (choice {choice}).",
                    round.name
                )),
                decline_reason: Set(None),
                idempotency_key: Set(format!("round:{}", round.id)),
                body_hash: Set(body_hash(round.id, offer.id)),
                created_by: Set(by),
                created_at: Set(now),
                answered_at: Set(Some(now)),
                reminders_sent: Set(0),
                free_period_ends_on: Set(requests::free_period_end(offer, now)),
                updated_at: Set(now),
                ..Default::default()
            });
            let entry = AuditEntry {
                action: "onboarding.accepted".into(),
                entity_kind: "onboarding_request",
                entity_id: id,
                from_status: None,
                to_status: Some(RequestStatus::Accepted.as_str().to_owned()),
                reason: Some(format!("assigned by the allocation round «{}»", round.name)),
                details: Some(
                    serde_json::json!({ "shop_id": shop.shop_id, "offer_id": offer.id, "round_id": round.id }),
                ),
            };
            rows.audit.push(audit_row(actor, entry, now));
            rows.events.push(event_row(
                EventKind::OnboardingStatusChanged,
                id,
                serde_json::json!({ "from": null, "to": "accepted", "round_id": round.id }),
                now,
            ));
        }
        rows.results.push(round_result::ActiveModel {
            round_id: Set(round.id),
            shop_id: Set(shop.shop_id),
            outcome: Set(shop.outcome.as_str().to_owned()),
            offer_id: Set(shop.slot.map(|i| computed.slots[i].offer_id)),
            choice: Set(shop.choice.map(|c| c as i32)),
            request_id: Set(request_id),
            priority_score: Set(shop.priority.score),
            priority_lottery: Set(ticket_hex(shop.priority.lottery)),
            explanation: Set(serde_json::to_string(&shop.explanation)?),
            created_at: Set(now),
        });
    }
    Ok(rows)
}

/// Publishes the round: refused (409) before closing or a second time. Call inside a
/// transaction.
pub async fn publish(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> ApiResult<RoundView> {
    let user = actor.require_moderator()?;
    let now = Utc::now();
    let round = find_for_update(db, id).await?;
    ensure_closed(&round, now)?;
    lock_places(db, round.id, now).await?;
    let computed = compute(db, &round).await?;
    for slot in computed.slots.iter().filter(|s| s.assigned > 0) {
        let capacity = slot.offer.as_ref().and_then(|o| o.capacity);
        if !places::take_several(db, slot.offer_id, slot.assigned, capacity).await? {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "an offer's places changed while publishing; try again",
            ));
        }
    }
    let rows = rows(actor, &round, &computed, now)?;
    batch::insert(db, rows.requests).await?;
    batch::insert(db, rows.results).await?;
    batch::insert(db, rows.audit).await?;
    batch::insert(db, rows.events).await?;
    for slot in &computed.slots {
        round_offer::Entity::update_many()
            .col_expr(
                round_offer::Column::PlacesUsed,
                Expr::value(slot.places_used),
            )
            .col_expr(round_offer::Column::Assigned, Expr::value(slot.assigned))
            .col_expr(
                round_offer::Column::LowestScore,
                Expr::value(slot.lowest.map(|l| l.score)),
            )
            .col_expr(
                round_offer::Column::LowestLottery,
                Expr::value(slot.lowest.map(|l| ticket_hex(l.lottery))),
            )
            .filter(round_offer::Column::RoundId.eq(round.id))
            .filter(round_offer::Column::OfferId.eq(slot.offer_id))
            .exec(db)
            .await?;
    }
    let mut active: round::ActiveModel = round.into();
    active.published_at = Set(Some(now));
    active.published_by = Set(Some(user.id.0));
    active.updated_at = Set(now);
    let round = active.update(db).await?;
    let entry = AuditEntry {
        action: "round.published".into(),
        entity_kind: "allocation_round",
        entity_id: round.id,
        from_status: Some(RoundStatus::Closed.as_str().to_owned()),
        to_status: Some(RoundStatus::Published.as_str().to_owned()),
        details: Some(summary(&computed)),
        ..Default::default()
    };
    audit::record(db, actor, entry).await?;
    outbox::publish(db, EventKind::RoundPublished, round.id, summary(&computed)).await?;
    view(db, round).await
}

/// [`publish`] in a transaction of its own, run in a task of its own: dropping the caller (a
/// request timing out, a client gone) does not abort a long publication.
pub async fn publish_to_the_end(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
) -> ApiResult<RoundView> {
    let (conn, actor) = (db.clone(), actor.clone());
    let publication = tokio::spawn(async move {
        connessi_platform::db::write(&conn, |txn| {
            let actor = actor.clone();
            Box::pin(async move { publish(txn, &actor, id).await })
        })
        .await
    });
    publication.await.map_err(ApiError::internal)?
}

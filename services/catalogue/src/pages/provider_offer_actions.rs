//! What the provider's list of offers adds to each offer: the places taken out of its
//! capacity, and withdrawing it (any offer not yet ended; a withdrawn offer leaves the search
//! at once and cannot come back).

use crate::CatalogueState;
use crate::entities::offer;
use crate::ops;
use axum::extract::State;
use axum::response::Response;
use connessi_domain::{OfferId, OfferStatus};
use connessi_platform::entities::offer_place;
use connessi_platform::{ApiPath, ApiResult, db};
use connessi_web::layout::csrf_field;
use connessi_web::sign_in::see_other;
use connessi_web::{PageContext, PageResult};
use maud::{Markup, html};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

/// Places taken, by offer, for `offers`.
pub async fn places_taken(
    db: &impl ConnectionTrait,
    offers: &[offer::Model],
) -> ApiResult<HashMap<Uuid, u32>> {
    let ids: Vec<Uuid> = offers.iter().map(|o| o.id).collect();
    let rows = offer_place::Entity::find()
        .filter(offer_place::Column::OfferId.is_in(ids))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.offer_id, u32::try_from(r.taken).unwrap_or(0)))
        .collect())
}

/// "taken of capacity", or taken with no limit.
pub fn places(ctx: &PageContext, capacity: Option<i32>, taken: u32) -> String {
    match capacity {
        Some(capacity) => format!("{taken} / {capacity}"),
        None => format!("{taken} ({})", ctx.t("senza limite", "no limit")),
    }
}

/// The withdraw button, for offers that can still be withdrawn.
pub fn withdraw_form(ctx: &PageContext, offer: &offer::Model, status: OfferStatus) -> Markup {
    let open = matches!(
        status,
        OfferStatus::Draft
            | OfferStatus::Submitted
            | OfferStatus::ChangesRequested
            | OfferStatus::Published
            | OfferStatus::Suspended
    );
    html! {
        @if open {
            form method="post" action=(format!("/provider/offers/{}/withdraw", offer.id)) {
                (csrf_field(ctx))
                button type="submit" class="btn btn-outline-danger btn-sm" {
                    (ctx.t("Ritira", "Withdraw")) span class="visually-hidden" { " " (offer.title_it) }
                }
            }
        }
    }
}

pub async fn withdraw(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<Uuid>,
) -> PageResult<Response> {
    let actor = ctx.actor.clone();
    db::write(&state.platform.db, |txn| {
        let actor = actor.clone();
        Box::pin(async move { ops::offers::withdraw(txn, &actor, OfferId(id)).await })
    })
    .await?;
    Ok(see_other("/provider/offers?done=withdrawn", vec![]))
}

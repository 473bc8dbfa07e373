//! The moderators' console: the review queue, decisions, suspensions, provider verification
//! and the audit log. Every handler requires a moderator.

use crate::CatalogueState;
use crate::ops;
use crate::ops::moderation::Decision;
use crate::present;
use crate::views::{AuditEntryView, OfferView, Page, ProviderView, QueueItem};
use axum::Json;
use axum::extract::State;
use connessi_domain::{ErrorCode, OfferAction, OfferId, ProviderId, RevisionId, vocab};
use connessi_platform::{
    ApiError, ApiJson, ApiPath, ApiQuery, ApiResult, CurrentActor, Problem, db,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct QueueQuery {
    pub category: Option<String>,
    pub provider_id: Option<Uuid>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// Submitted offers and revisions, oldest first, with the criteria as the server checks them.
#[utoipa::path(get, path = "/api/v1/moderation/queue", tag = "moderation", params(QueueQuery), security(("bearer" = [])), responses(
    (status = 200, body = Page<QueueItem>), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn queue(
    State(state): State<CatalogueState>,
    ApiQuery(query): ApiQuery<QueueQuery>,
) -> ApiResult<Json<Page<QueueItem>>> {
    let request = state.page_request(query.page, query.per_page)?;
    if query
        .category
        .as_ref()
        .is_some_and(|c| !vocab::CATEGORIES.contains(c))
    {
        return Err(ApiError::new(
            ErrorCode::InvalidQueryParameter,
            "category is not a known category code",
        ));
    }
    let items = ops::queue::pending(
        &state.platform.db,
        query.category.as_deref(),
        query.provider_id.map(ProviderId),
    )
    .await?;
    let total = items.len() as u64;
    let items = items
        .into_iter()
        .skip(request.offset() as usize)
        .take(request.per_page as usize)
        .collect();
    Ok(Json(present::page(items, request, total)))
}

/// Approves (with the checklist), sends back or rejects a submitted offer.
#[utoipa::path(post, path = "/api/v1/moderation/offers/{id}/decision", tag = "moderation", params(("id" = Uuid, Path)), request_body = Decision, security(("bearer" = [])), responses(
    (status = 200, body = OfferView), (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn decide_offer(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(decision): ApiJson<Decision>,
) -> ApiResult<Json<OfferView>> {
    let db = &state.platform.db;
    let model = db::write(db, |txn| {
        let (actor, decision) = (actor.clone(), decision.clone());
        Box::pin(
            async move { ops::moderation::decide_offer(txn, &actor, OfferId(id), decision).await },
        )
    })
    .await?;
    Ok(Json(present::offer_view(db, &actor, model).await?))
}

/// Approves (publishing it), sends back or rejects a submitted revision.
#[utoipa::path(post, path = "/api/v1/moderation/revisions/{id}/decision", tag = "moderation", params(("id" = Uuid, Path)), request_body = Decision, security(("bearer" = [])), responses(
    (status = 200, body = OfferView), (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn decide_revision(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(decision): ApiJson<Decision>,
) -> ApiResult<Json<OfferView>> {
    let db = &state.platform.db;
    let model = db::write(db, |txn| {
        let (actor, decision) = (actor.clone(), decision.clone());
        Box::pin(async move {
            ops::moderation::decide_revision(txn, &actor, RevisionId(id), decision).await
        })
    })
    .await?;
    Ok(Json(present::offer_view(db, &actor, model).await?))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonInput {
    #[serde(default)]
    pub reason: Option<String>,
}

async fn suspend_or_reinstate(
    state: &CatalogueState,
    actor: &connessi_domain::Actor,
    id: Uuid,
    action: OfferAction,
    reason: Option<String>,
) -> ApiResult<Json<OfferView>> {
    let db = &state.platform.db;
    let model = db::write(db, |txn| {
        let (actor, reason) = (actor.clone(), reason.clone());
        Box::pin(async move {
            ops::moderation::suspend_or_reinstate(txn, &actor, OfferId(id), action, reason).await
        })
    })
    .await?;
    Ok(Json(present::offer_view(db, actor, model).await?))
}

/// Suspends a published offer; the reason is required and shown to the provider.
#[utoipa::path(post, path = "/api/v1/moderation/offers/{id}/suspend", tag = "moderation", params(("id" = Uuid, Path)), request_body = ReasonInput, security(("bearer" = [])), responses(
    (status = 200, body = OfferView), (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn suspend_offer(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ReasonInput>,
) -> ApiResult<Json<OfferView>> {
    suspend_or_reinstate(&state, &actor, id, OfferAction::Suspend, input.reason).await
}

/// Puts a suspended offer back in the catalogue.
#[utoipa::path(post, path = "/api/v1/moderation/offers/{id}/reinstate", tag = "moderation", params(("id" = Uuid, Path)), request_body = ReasonInput, security(("bearer" = [])), responses(
    (status = 200, body = OfferView), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn reinstate_offer(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ReasonInput>,
) -> ApiResult<Json<OfferView>> {
    suspend_or_reinstate(&state, &actor, id, OfferAction::Reinstate, input.reason).await
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerificationInput {
    pub verified: bool,
    /// Required to withdraw a verification.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Verifies a provider (a real company behind the Partita IVA), or withdraws the verification.
#[utoipa::path(put, path = "/api/v1/moderation/providers/{id}/verification", tag = "moderation", params(("id" = Uuid, Path)), request_body = VerificationInput, security(("bearer" = [])), responses(
    (status = 200, body = ProviderView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set_verification(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<VerificationInput>,
) -> ApiResult<Json<ProviderView>> {
    let provider = db::write(&state.platform.db, |txn| {
        let (actor, reason) = (actor.clone(), input.reason.clone());
        Box::pin(async move {
            ops::moderation::set_verification(txn, &actor, ProviderId(id), input.verified, reason)
                .await
        })
    })
    .await?;
    Ok(Json(provider.into()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// `offer`, `provider` or `user`.
    pub entity_kind: Option<String>,
    pub entity_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// The audit log, newest first.
#[utoipa::path(get, path = "/api/v1/moderation/audit", tag = "moderation", params(AuditQuery), security(("bearer" = [])), responses(
    (status = 200, body = Page<AuditEntryView>), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn audit_log(
    State(state): State<CatalogueState>,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> ApiResult<Json<Page<AuditEntryView>>> {
    let request = state.page_request(query.page, query.per_page)?;
    let filter = crate::store::audit::AuditFilter {
        entity_kind: query.entity_kind,
        entity_id: query.entity_id,
        actor_id: query.actor_id,
    };
    let (rows, total) = crate::store::audit::page(&state.platform.db, &filter, request).await?;
    Ok(Json(present::page(
        rows.into_iter().map(Into::into).collect(),
        request,
        total,
    )))
}

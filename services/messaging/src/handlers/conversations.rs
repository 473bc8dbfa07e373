//! Opening threads (enquiries about an offer, the thread of an onboarding request) and
//! listing the caller's threads with their unread counts.

use crate::MessagingState;
use crate::messages::{Draft, MessageBody};
use crate::reads::{self, Inbox};
use crate::threads::{self, ConversationView, Side};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use connessi_platform::{ApiJson, ApiPath, ApiResult, CurrentActor, Problem, db};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A shop's first words about an offer.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEnquiry {
    pub offer_id: Uuid,
    /// Plain text, 1 to 4000 characters once trimmed.
    pub body: String,
}

fn created(new: bool) -> StatusCode {
    if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    }
}

/// Asks the provider of a published offer a question: opens the shop's enquiry thread about
/// it (201), or adds to the one already open (200).
#[utoipa::path(post, path = "/api/v1/shops/{id}/enquiries", tag = "messaging", params(("id" = Uuid, Path)),
    request_body = NewEnquiry, security(("bearer" = [])), responses((status = 201, body = ConversationView),
    (status = 200, body = ConversationView), (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn open_enquiry(
    State(state): State<MessagingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(shop): ApiPath<Uuid>,
    ApiJson(new): ApiJson<NewEnquiry>,
) -> ApiResult<(StatusCode, Json<ConversationView>)> {
    let body = MessageBody { body: new.body }.checked()?;
    let user = actor.user()?.id.0;
    let opened = db::write(&state.platform.db, |txn| {
        let body = body.clone();
        Box::pin(async move {
            let opened = threads::open_enquiry(txn, shop, new.offer_id).await?;
            let draft = Draft {
                author: user,
                side: Side::Shop,
                body,
                at: Utc::now(),
            };
            let (posted, events) = crate::messages::insert(txn, &opened.thread, draft).await?;
            let thread = crate::entities::conversation::Model {
                last_message_at: posted.created_at,
                ..opened.thread
            };
            Ok(threads::Opened {
                thread,
                new: opened.new,
                events,
            })
        })
    })
    .await?;
    state.live.committed(opened.events);
    let view = threads::view(&state.platform.db, opened.thread, user).await?;
    Ok((created(opened.new), Json(view)))
}

/// The thread of an onboarding request, opened with the request's message the first time
/// either side asks (201; 200 afterwards).
#[utoipa::path(post, path = "/api/v1/onboarding-requests/{request_id}/conversation", tag = "messaging",
    params(("request_id" = Uuid, Path)), security(("bearer" = [])), responses((status = 201, body = ConversationView),
    (status = 200, body = ConversationView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn onboarding_conversation(
    State(state): State<MessagingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(request): ApiPath<Uuid>,
) -> ApiResult<(StatusCode, Json<ConversationView>)> {
    let user = actor.user()?.id.0;
    let opened = db::write(&state.platform.db, |txn| {
        let actor = actor.clone();
        Box::pin(async move { threads::open_onboarding(txn, &actor, request).await })
    })
    .await?;
    state.live.committed(opened.events);
    let view = threads::view(&state.platform.db, opened.thread, user).await?;
    Ok((created(opened.new), Json(view)))
}

/// The caller's threads, newest activity first, with unread counts.
#[utoipa::path(get, path = "/api/v1/conversations", tag = "messaging", security(("bearer" = [])),
    responses((status = 200, body = Inbox), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn inbox(
    State(state): State<MessagingState>,
    CurrentActor(actor): CurrentActor,
) -> ApiResult<Json<Inbox>> {
    Ok(Json(reads::inbox(&state.platform.db, actor.user()?).await?))
}

/// One thread, for its participants (and moderators once a message in it was reported).
#[utoipa::path(get, path = "/api/v1/conversations/{id}", tag = "messaging", params(("id" = Uuid, Path)),
    security(("bearer" = [])), responses((status = 200, body = ConversationView),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn conversation(
    State(state): State<MessagingState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<ConversationView>> {
    let thread = super::readable(&state, &actor, id, "conversation").await?;
    Ok(Json(
        threads::view(&state.platform.db, thread, actor.user()?.id.0).await?,
    ))
}

//! Organisations people belong to (providers and shops): registering a shop, listing and
//! removing members, and invitations. Who may call each route is declared in [`table`]; the
//! handlers only do the work.

pub mod invitations;
pub mod members;

use crate::access::Access;
use crate::audit::{self, AuditEntry};
use crate::auth::CurrentActor;
use crate::entities::shop;
use crate::extract::{ApiJson, ApiPath};
use crate::problem::{ApiError, ApiResult, Problem};
use crate::state::Platform;
use axum::Json;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use chrono::Utc;
use connessi_domain::{Actor, ErrorCode, MemberRole};
use invitations::{InvitationView, IssuedInvitation, Joined, NewInvitation};
use members::{Member, OrgKind};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

pub fn router() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(register_shop))
        .routes(routes!(get_shop))
        .routes(routes!(provider_members))
        .routes(routes!(shop_members))
        .routes(routes!(remove_provider_member))
        .routes(routes!(remove_shop_member))
        .routes(routes!(invite_to_provider, provider_invitations))
        .routes(routes!(invite_to_shop, shop_invitations))
        .routes(routes!(revoke_provider_invitation))
        .routes(routes!(revoke_shop_invitation))
        .routes(routes!(accept_invitation))
}

/// Who may call each route of this module.
pub fn table() -> Vec<(Method, &'static str, Access)> {
    use Access::*;
    vec![
        (Method::POST, "/api/v1/shops", SignedIn),
        (Method::GET, "/api/v1/shops/{id}", ShopMember("id")),
        (
            Method::GET,
            "/api/v1/providers/{id}/members",
            ProviderMember("id"),
        ),
        (Method::GET, "/api/v1/shops/{id}/members", ShopMember("id")),
        (
            Method::DELETE,
            "/api/v1/providers/{id}/members/{user_id}",
            ProviderOwner("id"),
        ),
        (
            Method::DELETE,
            "/api/v1/shops/{id}/members/{user_id}",
            ShopOwner("id"),
        ),
        (
            Method::POST,
            "/api/v1/providers/{id}/invitations",
            ProviderOwner("id"),
        ),
        (
            Method::GET,
            "/api/v1/providers/{id}/invitations",
            ProviderOwner("id"),
        ),
        (
            Method::POST,
            "/api/v1/shops/{id}/invitations",
            ShopOwner("id"),
        ),
        (
            Method::GET,
            "/api/v1/shops/{id}/invitations",
            ShopOwner("id"),
        ),
        (
            Method::DELETE,
            "/api/v1/providers/{id}/invitations/{invitation_id}",
            ProviderOwner("id"),
        ),
        (
            Method::DELETE,
            "/api/v1/shops/{id}/invitations/{invitation_id}",
            ShopOwner("id"),
        ),
        (Method::POST, "/api/v1/invitations/accept", SignedIn),
    ]
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewShop {
    /// The business name (2 to 200 characters).
    pub name: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ShopView {
    pub id: Uuid,
    pub name: String,
    pub members: Vec<Member>,
}

pub fn checked_name(name: &str) -> ApiResult<String> {
    let name = name.trim();
    if (2..=200).contains(&name.chars().count()) {
        return Ok(name.to_owned());
    }
    let mut errors = connessi_domain::ValidationErrors::default();
    errors.add(
        "name",
        ErrorCode::InvalidLength,
        "between 2 and 200 characters",
    );
    Err(errors.into())
}

/// Registers a shop; the signed-in user becomes its owner.
#[utoipa::path(post, path = "/api/v1/shops", tag = "organisations", request_body = NewShop,
    security(("bearer" = [])), responses((status = 201, body = ShopView),
    (status = 401, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn register_shop(
    State(platform): State<Platform>,
    CurrentActor(actor): CurrentActor,
    ApiJson(input): ApiJson<NewShop>,
) -> ApiResult<(StatusCode, Json<ShopView>)> {
    let name = checked_name(&input.name)?;
    let id = crate::db::write(&platform.db, |txn| {
        let (actor, name) = (actor.clone(), name.clone());
        Box::pin(async move { create_shop(txn, &actor, &name).await })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(shop_view(&platform, id).await?)))
}

/// Creates a shop owned by the signed-in `actor` (its name already checked); call inside a
/// transaction.
pub async fn create_shop(db: &impl ConnectionTrait, actor: &Actor, name: &str) -> ApiResult<Uuid> {
    let user = actor.user()?;
    let id = Uuid::now_v7();
    shop::Entity::insert(shop::ActiveModel {
        id: Set(id),
        name: Set(name.to_owned()),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(db)
    .await?;
    members::add(db, OrgKind::Shop, id, user.id.0, MemberRole::Owner).await?;
    let entry = AuditEntry {
        action: "shop.created".into(),
        entity_kind: "shop",
        entity_id: id,
        ..Default::default()
    };
    audit::record(db, actor, entry).await?;
    Ok(id)
}

async fn shop_view(platform: &Platform, id: Uuid) -> ApiResult<ShopView> {
    let row = shop::Entity::find_by_id(id)
        .one(&platform.db)
        .await?
        .ok_or_else(|| ApiError::not_found("shop"))?;
    Ok(ShopView {
        id,
        name: row.name,
        members: members::list(&platform.db, OrgKind::Shop, id).await?,
    })
}

/// A shop and its members; its members only.
#[utoipa::path(get, path = "/api/v1/shops/{id}", tag = "organisations", params(("id" = Uuid, Path)),
    security(("bearer" = [])), responses((status = 200, body = ShopView),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
async fn get_shop(
    State(platform): State<Platform>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<ShopView>> {
    Ok(Json(shop_view(&platform, id).await?))
}

/// The provider's members.
#[utoipa::path(get, path = "/api/v1/providers/{id}/members", tag = "organisations",
    params(("id" = Uuid, Path)), security(("bearer" = [])), responses((status = 200, body = Vec<Member>),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
async fn provider_members(
    State(platform): State<Platform>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Vec<Member>>> {
    Ok(Json(
        members::list(&platform.db, OrgKind::Provider, id).await?,
    ))
}

/// The shop's members.
#[utoipa::path(get, path = "/api/v1/shops/{id}/members", tag = "organisations",
    params(("id" = Uuid, Path)), security(("bearer" = [])), responses((status = 200, body = Vec<Member>),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
async fn shop_members(
    State(platform): State<Platform>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Vec<Member>>> {
    Ok(Json(members::list(&platform.db, OrgKind::Shop, id).await?))
}

async fn remove_member(
    platform: &Platform,
    actor: &Actor,
    kind: OrgKind,
    org: Uuid,
    user: Uuid,
) -> ApiResult<StatusCode> {
    crate::db::write(&platform.db, |txn| {
        let actor = actor.clone();
        Box::pin(async move {
            members::remove(txn, kind, org, user).await?;
            let entry = AuditEntry {
                action: "member.removed".into(),
                entity_kind: kind.as_str(),
                entity_id: org,
                details: Some(serde_json::json!({ "user_id": user })),
                ..Default::default()
            };
            audit::record(txn, &actor, entry).await
        })
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a member of the provider (never its last owner); owners only.
#[utoipa::path(delete, path = "/api/v1/providers/{id}/members/{user_id}", tag = "organisations",
    params(("id" = Uuid, Path), ("user_id" = Uuid, Path)), security(("bearer" = [])), responses((status = 204),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn remove_provider_member(
    State(platform): State<Platform>,
    CurrentActor(actor): CurrentActor,
    ApiPath((id, user)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    remove_member(&platform, &actor, OrgKind::Provider, id, user).await
}

/// Removes a member of the shop (never its last owner); owners only.
#[utoipa::path(delete, path = "/api/v1/shops/{id}/members/{user_id}", tag = "organisations",
    params(("id" = Uuid, Path), ("user_id" = Uuid, Path)), security(("bearer" = [])), responses((status = 204),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json")))]
async fn remove_shop_member(
    State(platform): State<Platform>,
    CurrentActor(actor): CurrentActor,
    ApiPath((id, user)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    remove_member(&platform, &actor, OrgKind::Shop, id, user).await
}

async fn invite(
    platform: &Platform,
    actor: &Actor,
    kind: OrgKind,
    org: Uuid,
    new: NewInvitation,
) -> ApiResult<(StatusCode, Json<IssuedInvitation>)> {
    let settings = platform.settings.clone();
    let issued = crate::db::write(&platform.db, |txn| {
        let (actor, new, settings) = (actor.clone(), new.clone(), settings.clone());
        Box::pin(async move { invitations::issue(txn, &settings, &actor, kind, org, new).await })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(issued)))
}

/// Invites someone into the provider; the link is shown once. Owners only.
#[utoipa::path(post, path = "/api/v1/providers/{id}/invitations", tag = "organisations",
    params(("id" = Uuid, Path)), request_body = NewInvitation, security(("bearer" = [])),
    responses((status = 201, body = IssuedInvitation),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
async fn invite_to_provider(
    State(platform): State<Platform>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(new): ApiJson<NewInvitation>,
) -> ApiResult<(StatusCode, Json<IssuedInvitation>)> {
    invite(&platform, &actor, OrgKind::Provider, id, new).await
}

/// Invites someone into the shop; the link is shown once. Owners only.
#[utoipa::path(post, path = "/api/v1/shops/{id}/invitations", tag = "organisations",
    params(("id" = Uuid, Path)), request_body = NewInvitation, security(("bearer" = [])),
    responses((status = 201, body = IssuedInvitation),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
async fn invite_to_shop(
    State(platform): State<Platform>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(new): ApiJson<NewInvitation>,
) -> ApiResult<(StatusCode, Json<IssuedInvitation>)> {
    invite(&platform, &actor, OrgKind::Shop, id, new).await
}

/// The provider's invitations still waiting to be used. Owners only.
#[utoipa::path(get, path = "/api/v1/providers/{id}/invitations", tag = "organisations",
    params(("id" = Uuid, Path)), security(("bearer" = [])), responses((status = 200, body = Vec<InvitationView>),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
async fn provider_invitations(
    State(platform): State<Platform>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Vec<InvitationView>>> {
    Ok(Json(
        invitations::pending(&platform.db, OrgKind::Provider, id).await?,
    ))
}

/// The shop's invitations still waiting to be used. Owners only.
#[utoipa::path(get, path = "/api/v1/shops/{id}/invitations", tag = "organisations",
    params(("id" = Uuid, Path)), security(("bearer" = [])), responses((status = 200, body = Vec<InvitationView>),
    (status = 403, body = Problem, content_type = "application/problem+json")))]
async fn shop_invitations(
    State(platform): State<Platform>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Vec<InvitationView>>> {
    Ok(Json(
        invitations::pending(&platform.db, OrgKind::Shop, id).await?,
    ))
}

async fn revoke(
    platform: &Platform,
    actor: &Actor,
    kind: OrgKind,
    org: Uuid,
    id: Uuid,
) -> ApiResult<StatusCode> {
    crate::db::write(&platform.db, |txn| {
        let actor = actor.clone();
        Box::pin(async move { invitations::revoke(txn, &actor, kind, org, id).await })
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Revokes an unused invitation of the provider. Owners only.
#[utoipa::path(delete, path = "/api/v1/providers/{id}/invitations/{invitation_id}", tag = "organisations",
    params(("id" = Uuid, Path), ("invitation_id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 410, body = Problem, content_type = "application/problem+json")))]
async fn revoke_provider_invitation(
    State(platform): State<Platform>,
    CurrentActor(actor): CurrentActor,
    ApiPath((id, invitation)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    revoke(&platform, &actor, OrgKind::Provider, id, invitation).await
}

/// Revokes an unused invitation of the shop. Owners only.
#[utoipa::path(delete, path = "/api/v1/shops/{id}/invitations/{invitation_id}", tag = "organisations",
    params(("id" = Uuid, Path), ("invitation_id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 410, body = Problem, content_type = "application/problem+json")))]
async fn revoke_shop_invitation(
    State(platform): State<Platform>,
    CurrentActor(actor): CurrentActor,
    ApiPath((id, invitation)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    revoke(&platform, &actor, OrgKind::Shop, id, invitation).await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// The token of the invitation link.
    pub token: String,
}

/// Joins the organisation of an invitation, with its role; each invitation works once.
#[utoipa::path(post, path = "/api/v1/invitations/accept", tag = "organisations", request_body = Acceptance,
    security(("bearer" = [])), responses((status = 200, body = Joined),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 410, body = Problem, content_type = "application/problem+json")))]
async fn accept_invitation(
    State(platform): State<Platform>,
    CurrentActor(actor): CurrentActor,
    ApiJson(input): ApiJson<Acceptance>,
) -> ApiResult<Json<Joined>> {
    if input.token.len() > 200 {
        return Err(ApiError::not_found("invitation"));
    }
    let joined = crate::db::write(&platform.db, |txn| {
        let (actor, token) = (actor.clone(), input.token.clone());
        Box::pin(async move { invitations::accept(txn, &actor, &token).await })
    })
    .await?;
    Ok(Json(joined))
}

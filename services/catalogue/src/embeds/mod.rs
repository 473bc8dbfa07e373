//! Embeds of the search widget. A municipality's (or chamber's) web editor registers the site
//! origins the widget will run on and gets a public key; moderators approve, reject or
//! suspend; only an approved embed's origins get answers from the widget's search API
//! ([`gate`]), within a rate per key, and each embed's traffic is counted per day
//! ([`traffic`]). Changing the origins sends the embed back to review.

pub mod gate;
pub mod review;
pub mod traffic;
pub mod widget;

use crate::entities::embed;
use chrono::{DateTime, Utc};
use connessi_domain::{Actor, ErrorCode, ValidationErrors};
use connessi_platform::audit::{self, AuditEntry};
use connessi_platform::{ApiError, ApiResult};
use rand::Rng;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Origins one embed may list.
pub const MAX_ORIGINS: usize = 10;
const MAX_NAME_CHARS: usize = 120;

/// Where an embed stands with the moderators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EmbedStatus {
    Pending,
    Approved,
    Rejected,
    Suspended,
}

impl EmbedStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EmbedStatus::Pending => "pending",
            EmbedStatus::Approved => "approved",
            EmbedStatus::Rejected => "rejected",
            EmbedStatus::Suspended => "suspended",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            Self::Pending,
            Self::Approved,
            Self::Rejected,
            Self::Suspended,
        ]
        .into_iter()
        .find(|s| s.as_str() == value)
    }
}

/// A site and the origins the widget will run on.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmbedInput {
    /// Who embeds, e.g. "Comune di Treviso — sito istituzionale".
    pub name: String,
    /// Scheme, host and port only, e.g. `https://www.comune.treviso.it`. Plain `http` only
    /// for `localhost` and `127.0.0.1`, for trying the widget out.
    pub origins: Vec<String>,
}

/// An embed as its owner and moderators see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EmbedView {
    pub id: Uuid,
    pub name: String,
    pub origins: Vec<String>,
    /// Goes in the snippet's `key` attribute; not a secret.
    pub public_key: String,
    pub status: EmbedStatus,
    /// The moderators' reason for a rejection or suspension.
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

impl From<embed::Model> for EmbedView {
    fn from(row: embed::Model) -> Self {
        EmbedView {
            id: row.id,
            origins: origins_of(&row),
            status: EmbedStatus::parse(&row.status).unwrap_or(EmbedStatus::Pending),
            name: row.name,
            public_key: row.public_key,
            reason: row.reason,
            created_at: row.created_at,
            decided_at: row.decided_at,
        }
    }
}

pub fn origins_of(row: &embed::Model) -> Vec<String> {
    serde_json::from_str(&row.origins).unwrap_or_default()
}

/// `text` as an origin (`scheme://host[:port]`), or why it is not one.
pub fn parse_origin(text: &str) -> Result<String, &'static str> {
    let url = url::Url::parse(text.trim()).map_err(|_| "not a URL")?;
    let host = url.host_str().ok_or("no host")?;
    let loopback = matches!(host, "localhost" | "127.0.0.1" | "[::1]");
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => return Err("use https (plain http only for localhost)"),
        _ => return Err("the scheme must be https"),
    }
    let bare = url.path() == "/" && url.query().is_none() && url.fragment().is_none();
    if !bare || !url.username().is_empty() || url.password().is_some() {
        return Err("only scheme, host and port: no path, query or user");
    }
    Ok(url.origin().ascii_serialization())
}

/// The input checked: a trimmed name and distinct, normalised origins.
fn checked(input: EmbedInput) -> ApiResult<(String, Vec<String>)> {
    let mut errors = ValidationErrors::default();
    let name = input.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        errors.add(
            "name",
            ErrorCode::InvalidLength,
            format!("between 1 and {MAX_NAME_CHARS} characters"),
        );
    }
    if input.origins.is_empty() || input.origins.len() > MAX_ORIGINS {
        errors.add(
            "origins",
            ErrorCode::InvalidLength,
            format!("between 1 and {MAX_ORIGINS} origins"),
        );
    }
    let mut origins = Vec::new();
    for (i, text) in input.origins.iter().enumerate() {
        match parse_origin(text) {
            Ok(origin) if !origins.contains(&origin) => origins.push(origin),
            Ok(_) => {}
            Err(why) => errors.add(format!("origins[{i}]"), ErrorCode::InvalidOrigin, why),
        }
    }
    errors.into_result()?;
    Ok((name, origins))
}

fn new_public_key() -> String {
    let bytes: [u8; 16] = rand::rng().random();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("pk_{hex}")
}

/// Registers an embed for the signed-in `actor`, waiting for review.
pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: EmbedInput,
) -> ApiResult<EmbedView> {
    let user = actor.user()?;
    let (name, origins) = checked(input)?;
    let row = embed::Model {
        id: Uuid::now_v7(),
        owner_user_id: user.id.0,
        name,
        origins: serde_json::to_string(&origins)?,
        public_key: new_public_key(),
        status: EmbedStatus::Pending.as_str().to_owned(),
        reason: None,
        created_at: Utc::now(),
        decided_at: None,
    };
    embed::Entity::insert(row.clone().into_active_model().reset_all())
        .exec_without_returning(db)
        .await?;
    audit::record(db, actor, entry("embed_registered", &row, None)).await?;
    Ok(row.into())
}

fn entry(action: &str, row: &embed::Model, from: Option<String>) -> AuditEntry {
    AuditEntry {
        action: action.to_owned(),
        entity_kind: "embed",
        entity_id: row.id,
        from_status: from,
        to_status: Some(row.status.clone()),
        reason: row.reason.clone(),
        details: Some(serde_json::json!({ "origins": origins_of(row), "name": row.name })),
    }
}

/// The embeds `actor` registered, newest first.
pub async fn mine(db: &impl ConnectionTrait, actor: &Actor) -> ApiResult<Vec<EmbedView>> {
    let user = actor.user()?;
    let rows = embed::Entity::find()
        .filter(embed::Column::OwnerUserId.eq(user.id.0))
        .order_by_desc(embed::Column::CreatedAt)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(EmbedView::from).collect())
}

/// The embed, if `actor` registered it or moderates: anyone else learns nothing of it.
pub async fn visible(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> ApiResult<embed::Model> {
    let user = actor.user()?;
    let row = embed::Entity::find_by_id(id).one(db).await?;
    row.filter(|r| r.owner_user_id == user.id.0 || actor.is_moderator())
        .ok_or_else(|| ApiError::not_found("embed"))
}

/// Changes the owner's embed; new origins go back to the moderators.
pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    input: EmbedInput,
) -> ApiResult<EmbedView> {
    let row = visible(db, actor, id).await?;
    if row.owner_user_id != actor.user()?.id.0 {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "only its owner changes an embed",
        ));
    }
    let (name, origins) = checked(input)?;
    let from = row.status.clone();
    let origins_changed = origins != origins_of(&row);
    let mut active = row.into_active_model();
    active.name = Set(name);
    active.origins = Set(serde_json::to_string(&origins)?);
    if origins_changed && from != EmbedStatus::Suspended.as_str() {
        active.status = Set(EmbedStatus::Pending.as_str().to_owned());
        active.reason = Set(None);
    }
    let updated = active.update(db).await?;
    audit::record(db, actor, entry("embed_changed", &updated, Some(from))).await?;
    Ok(updated.into())
}

//! Saved searches: anyone keeps a search (query and filters, as `/offers/search` takes them)
//! and hears of new offers that match it, at once or weekly, by e-mail. A signed-in person's
//! address is their account's; anyone else confirms theirs first through a link sent to it.
//! [`alerts`] runs the searches; each e-mail ends with a one-click unsubscribe link.

pub mod alerts;

use crate::entities::saved_search;
use crate::search::params::SearchParams;
use chrono::{DateTime, Utc};
use connessi_domain::{Actor, ErrorCode, ValidationErrors};
use connessi_platform::email::{self, Email};
use connessi_platform::{ApiError, ApiResult};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;

/// Searches one address may keep (confirmed or waiting for confirmation).
pub const MAX_PER_ADDRESS: u64 = 20;
/// Parameters that make no sense in an alert (it always looks at the newest published offers).
const NOT_SAVED: [&str; 4] = ["page", "per_page", "sort", "status"];

/// How often a saved search tells of new offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Immediately,
    Weekly,
}

impl Frequency {
    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Immediately => "immediately",
            Frequency::Weekly => "weekly",
        }
    }
}

/// A search to save.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSavedSearch {
    /// Where alerts go; required unless signed in (then the account's address is used).
    pub email: Option<String>,
    /// The search, with the names and values of `/offers/search`, e.g.
    /// `{"q": "pagamenti digitali", "territory": "BA"}`.
    pub params: BTreeMap<String, String>,
    pub frequency: Frequency,
    /// A name for it (default: its words).
    pub label: Option<String>,
}

/// A saved search as its owner sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SavedSearchView {
    pub id: Uuid,
    pub label: String,
    pub params: BTreeMap<String, String>,
    pub frequency: String,
    /// `pending_confirmation`, `active` or `unsubscribed`.
    pub status: &'static str,
    pub created_at: DateTime<Utc>,
}

impl From<saved_search::Model> for SavedSearchView {
    fn from(row: saved_search::Model) -> Self {
        let status = match (row.unsubscribed_at, row.confirmed_at) {
            (Some(_), _) => "unsubscribed",
            (None, Some(_)) => "active",
            (None, None) => "pending_confirmation",
        };
        SavedSearchView {
            id: row.id,
            params: serde_json::from_str(&row.params).unwrap_or_default(),
            label: row.label,
            frequency: row.frequency,
            status,
            created_at: row.created_at,
        }
    }
}

/// The search `params` describe, as anyone may run it, or the mistakes in it.
pub fn search_params(params: &BTreeMap<String, String>) -> ApiResult<SearchParams> {
    let kept: BTreeMap<&String, &String> = params
        .iter()
        .filter(|(k, _)| !NOT_SAVED.contains(&k.as_str()))
        .collect();
    let parsed: SearchParams = serde_json::from_value(serde_json::json!(kept))
        .map_err(|error| ApiError::new(ErrorCode::InvalidValue, format!("params: {error}")))?;
    Ok(parsed)
}

pub(crate) fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Saves `new` for `actor`; an anonymous caller's address is sent a confirmation link (call
/// inside a transaction). Returns the search and, for anonymous callers, whether a link went.
pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    new: NewSavedSearch,
    public_url: &str,
) -> ApiResult<SavedSearchView> {
    let now = Utc::now();
    let params = search_params(&new.params)?;
    // Checked the way a search would be, so a saved search can always run.
    params.into_request(&Actor::Anonymous, now)?;
    let (email, user) = match actor {
        Actor::User(user) => (user.email.clone(), Some(user.id.0)),
        _ => (
            new.email.clone().unwrap_or_default().trim().to_owned(),
            None,
        ),
    };
    if !email::valid_address(&email) {
        let mut errors = ValidationErrors::default();
        errors.add(
            "email",
            ErrorCode::InvalidValue,
            "an e-mail address, e.g. negozio@example.org",
        );
        errors.into_result()?;
    }
    let kept = saved_search::Entity::find()
        .filter(saved_search::Column::Email.eq(email.clone()))
        .filter(saved_search::Column::UnsubscribedAt.is_null())
        .count(db)
        .await?;
    if kept >= MAX_PER_ADDRESS {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            format!("an address keeps at most {MAX_PER_ADDRESS} saved searches"),
        ));
    }
    let label = new
        .label
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| describe(&new.params));
    let token: Option<String> = user
        .is_none()
        .then(|| Uuid::new_v4().simple().to_string() + &Uuid::new_v4().simple().to_string());
    let row = saved_search::Model {
        id: Uuid::now_v7(),
        email: email.clone(),
        user_id: user,
        label: label.chars().take(200).collect(),
        params: serde_json::to_string(&new.params).unwrap_or_default(),
        frequency: new.frequency.as_str().to_owned(),
        confirm_token_hash: token.as_deref().map(hash),
        confirmed_at: user.map(|_| now),
        created_at: now,
        last_run_at: None,
        unsubscribed_at: None,
    };
    saved_search::Entity::insert(saved_search::ActiveModel {
        id: Set(row.id),
        email: Set(row.email.clone()),
        user_id: Set(row.user_id),
        label: Set(row.label.clone()),
        params: Set(row.params.clone()),
        frequency: Set(row.frequency.clone()),
        confirm_token_hash: Set(row.confirm_token_hash.clone()),
        confirmed_at: Set(row.confirmed_at),
        created_at: Set(row.created_at),
        last_run_at: Set(None),
        unsubscribed_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    if let Some(token) = token {
        let link = format!(
            "{}/api/v1/saved-searches/confirm/{token}",
            public_url.trim_end_matches('/')
        );
        let body = format!(
            "Qualcuno (speriamo tu) ha chiesto di ricevere a questo indirizzo le nuove offerte di Connessi per «{}».\n\nPer confermare apri: {link}\n\nSe non sei stato tu, ignora questa e-mail: senza conferma non riceverai nulla.\n",
            row.label
        );
        let confirmation = Email {
            dedupe_key: format!("saved_search_confirm:{}", row.id),
            recipient: email,
            subject: "Conferma la ricerca salvata su Connessi".into(),
            body,
            unsubscribe_url: None,
        };
        email::enqueue(db, confirmation).await?;
    }
    Ok(row.into())
}

/// A label from a search's words and filters.
fn describe(params: &BTreeMap<String, String>) -> String {
    let words: Vec<String> = params
        .iter()
        .filter(|(k, _)| !NOT_SAVED.contains(&k.as_str()))
        .map(|(k, v)| {
            if k == "q" {
                v.clone()
            } else {
                format!("{k}: {v}")
            }
        })
        .collect();
    if words.is_empty() {
        "Tutte le offerte".to_owned()
    } else {
        words.join(", ")
    }
}

/// The search waiting for the confirmation `token`, confirmed now; 404 for unknown tokens.
pub async fn confirm(db: &impl ConnectionTrait, token: &str) -> ApiResult<saved_search::Model> {
    let row = pending(db, token).await?;
    let mut active: saved_search::ActiveModel = row.into();
    active.confirmed_at = Set(Some(Utc::now()));
    active.confirm_token_hash = Set(None);
    Ok(saved_search::Entity::update(active).exec(db).await?)
}

/// The search waiting for the confirmation `token`.
pub async fn pending(db: &impl ConnectionTrait, token: &str) -> ApiResult<saved_search::Model> {
    if token.len() > 100 {
        return Err(ApiError::not_found("confirmation link"));
    }
    saved_search::Entity::find()
        .filter(saved_search::Column::ConfirmTokenHash.eq(hash(token)))
        .filter(saved_search::Column::ConfirmedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("confirmation link"))
}

/// Stops the alerts of search `id` (unsubscribe link, or its owner deleting it).
pub async fn unsubscribe(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<()> {
    saved_search::Entity::update_many()
        .col_expr(
            saved_search::Column::UnsubscribedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(saved_search::Column::Id.eq(id))
        .filter(saved_search::Column::UnsubscribedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

fn own(user: &connessi_domain::User) -> Condition {
    Condition::any()
        .add(saved_search::Column::UserId.eq(user.id.0))
        .add(saved_search::Column::Email.eq(user.email.clone()))
}

/// `user`'s saved searches still running (by account, or by the account's address), newest
/// first.
pub async fn of_user(
    db: &impl ConnectionTrait,
    user: &connessi_domain::User,
) -> ApiResult<Vec<SavedSearchView>> {
    let rows = saved_search::Entity::find()
        .filter(own(user))
        .filter(saved_search::Column::UnsubscribedAt.is_null())
        .order_by_desc(saved_search::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(SavedSearchView::from).collect())
}

/// Stops one of `user`'s saved searches; anyone else's is not found.
pub async fn delete_own(
    db: &impl ConnectionTrait,
    user: &connessi_domain::User,
    id: Uuid,
) -> ApiResult<()> {
    let found = saved_search::Entity::find_by_id(id)
        .filter(own(user))
        .filter(saved_search::Column::UnsubscribedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("saved search"))?;
    unsubscribe(db, found.id).await
}

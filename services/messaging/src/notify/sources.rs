//! Who an outbox event concerns and what to tell them, in Italian (the portal's default
//! language; the e-mails repeat the title and text).

use super::Kind;
use crate::entities::{
    conversation, offer, onboarding_request as request, round, round_application,
};
use connessi_platform::ApiResult;
use connessi_platform::entities::{outbox, provider_member, shop, shop_member};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use uuid::Uuid;

/// A notification to make for each of `recipients`.
#[derive(Debug, Clone)]
pub struct Draft {
    pub kind: Kind,
    pub recipients: Vec<Uuid>,
    pub title: String,
    pub body: String,
    /// Where in the portal it leads (a path).
    pub link: Option<String>,
}

async fn provider_members(db: &impl ConnectionTrait, provider: Uuid) -> ApiResult<Vec<Uuid>> {
    let rows = provider_member::Entity::find()
        .filter(provider_member::Column::ProviderId.eq(provider))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|m| m.user_id).collect())
}

async fn shop_members(db: &impl ConnectionTrait, shops: Vec<Uuid>) -> ApiResult<Vec<Uuid>> {
    let rows = shop_member::Entity::find()
        .filter(shop_member::Column::ShopId.is_in(shops))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|m| m.user_id).collect())
}

async fn offer_title(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<(String, Uuid)>> {
    let row = offer::Entity::find_by_id(id).one(db).await?;
    Ok(row.map(|o| (o.title_it, o.provider_id)))
}

async fn shop_name(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<String> {
    let row = shop::Entity::find_by_id(id).one(db).await?;
    Ok(row.map_or_else(|| "un negozio".to_owned(), |s| s.name))
}

/// The notifications `event` calls for (none for most events).
pub async fn for_event(db: &impl ConnectionTrait, event: &outbox::Model) -> ApiResult<Vec<Draft>> {
    let payload: Value = serde_json::from_str(&event.payload).unwrap_or(Value::Null);
    let to = payload["to"].as_str().unwrap_or_default();
    let id = event.aggregate_id;
    match event.kind.as_str() {
        "offer.status_changed" | "offer.revision_status_changed" => {
            offer_reviewed(db, id, to, event.kind.contains("revision")).await
        }
        "onboarding.requested" => request_received(db, id).await,
        "onboarding.status_changed" => request_answered(db, id, to).await,
        "onboarding.reminder_due" => request_reminder(db, id, &payload).await,
        "onboarding.free_period_ending" => {
            shop_side(db, id, Kind::FreePeriodEnding, &payload).await
        }
        "onboarding.follow_up_due" => shop_side(db, id, Kind::FollowUpQuestion, &payload).await,
        "round.published" => round_results(db, id).await,
        "conversation.message_posted" => message_received(db, id, &payload).await,
        _ => Ok(Vec::new()),
    }
}

async fn offer_reviewed(
    db: &impl ConnectionTrait,
    id: Uuid,
    to: &str,
    revision: bool,
) -> ApiResult<Vec<Draft>> {
    let (kind, what) = match (to, revision) {
        ("published", false) | ("approved", true) => {
            (Kind::OfferApproved, "è stata approvata ed è pubblicata")
        }
        ("changes_requested", _) => (
            Kind::OfferChangesRequested,
            "ha bisogno di modifiche prima della pubblicazione",
        ),
        ("rejected", _) => (Kind::OfferRejected, "non è stata approvata"),
        ("suspended", false) => (Kind::OfferSuspended, "è stata sospesa dai moderatori"),
        _ => return Ok(Vec::new()),
    };
    let Some((title, provider)) = offer_title(db, id).await? else {
        return Ok(Vec::new());
    };
    let change = if revision {
        "La modifica dell'offerta"
    } else {
        "L'offerta"
    };
    Ok(vec![Draft {
        kind,
        recipients: provider_members(db, provider).await?,
        title: format!("{change} «{title}» {what}"),
        body: "Trovi la decisione e le motivazioni dei moderatori nella pagina dell'offerta."
            .into(),
        link: Some(format!("/provider/offers/{id}")),
    }])
}

async fn request_received(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Vec<Draft>> {
    let Some(row) = request::Entity::find_by_id(id).one(db).await? else {
        return Ok(Vec::new());
    };
    let title = offer_title(db, row.offer_id)
        .await?
        .map(|t| t.0)
        .unwrap_or_default();
    let shop = shop_name(db, row.shop_id).await?;
    Ok(vec![Draft {
        kind: Kind::RequestReceived,
        recipients: provider_members(db, row.provider_id).await?,
        title: format!("Nuova richiesta di attivazione per «{title}»"),
        body: format!(
            "{shop} chiede di attivare l'offerta. Rispondi entro pochi giorni: accetta o spiega perché no."
        ),
        link: Some(format!("/provider/requests/{id}")),
    }])
}

async fn request_answered(db: &impl ConnectionTrait, id: Uuid, to: &str) -> ApiResult<Vec<Draft>> {
    let Some(row) = request::Entity::find_by_id(id).one(db).await? else {
        return Ok(Vec::new());
    };
    let title = offer_title(db, row.offer_id)
        .await?
        .map(|t| t.0)
        .unwrap_or_default();
    let (kind, headline, body) = match to {
        "accepted" => (
            Kind::RequestAccepted,
            "è stata accettata",
            "Il fornitore ti contatterà nella conversazione della richiesta per iniziare."
                .to_owned(),
        ),
        "declined" => (
            Kind::RequestDeclined,
            "non è stata accettata",
            format!("Motivo: {}", row.decline_reason.clone().unwrap_or_default()),
        ),
        "expired" => (
            Kind::RequestExpired,
            "è scaduta senza risposta",
            "Puoi chiedere un'altra offerta: le richieste in attesa non sono più bloccate."
                .to_owned(),
        ),
        _ => return Ok(Vec::new()),
    };
    Ok(vec![Draft {
        kind,
        recipients: shop_members(db, vec![row.shop_id]).await?,
        title: format!("La tua richiesta per «{title}» {headline}"),
        body,
        link: Some(format!("/shop/requests/{id}")),
    }])
}

async fn request_reminder(
    db: &impl ConnectionTrait,
    id: Uuid,
    payload: &Value,
) -> ApiResult<Vec<Draft>> {
    let Some(row) = request::Entity::find_by_id(id).one(db).await? else {
        return Ok(Vec::new());
    };
    let days = payload["days_waiting"].as_u64().unwrap_or_default();
    let shop = shop_name(db, row.shop_id).await?;
    Ok(vec![Draft {
        kind: Kind::RequestReminder,
        recipients: provider_members(db, row.provider_id).await?,
        title: format!("Una richiesta aspetta una risposta da {days} giorni"),
        body: format!("{shop} aspetta di sapere se puoi attivare l'offerta."),
        link: Some(format!("/provider/requests/{id}")),
    }])
}

async fn shop_side(
    db: &impl ConnectionTrait,
    id: Uuid,
    kind: Kind,
    payload: &Value,
) -> ApiResult<Vec<Draft>> {
    let Some(row) = request::Entity::find_by_id(id).one(db).await? else {
        return Ok(Vec::new());
    };
    let title = offer_title(db, row.offer_id)
        .await?
        .map(|t| t.0)
        .unwrap_or_default();
    let (headline, body, link) = if kind == Kind::FreePeriodEnding {
        let ends = payload["ends_on"].as_str().unwrap_or_default();
        let after = payload["after_free_period"]["price"]
            .as_str()
            .unwrap_or("vedi le condizioni dell'offerta");
        (
            format!("Il periodo gratuito di «{title}» finisce il {ends}"),
            format!(
                "Dopo: {after}. Se non vuoi continuare, puoi disdire e portare via i tuoi dati."
            ),
            format!("/shop/requests/{id}"),
        )
    } else {
        let days = payload["after_days"].as_u64().unwrap_or_default();
        (
            format!("Com'è andata con «{title}»?"),
            format!(
                "Sono passati {days} giorni dall'attivazione: tre domande veloci ci aiutano a scegliere le offerte migliori."
            ),
            "/shop/follow-ups".to_owned(),
        )
    };
    Ok(vec![Draft {
        kind,
        recipients: shop_members(db, vec![row.shop_id]).await?,
        title: headline,
        body,
        link: Some(link),
    }])
}

async fn round_results(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Vec<Draft>> {
    let name = round::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|r| r.name)
        .unwrap_or_default();
    let shops: Vec<Uuid> = round_application::Entity::find()
        .filter(round_application::Column::RoundId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.shop_id)
        .collect();
    Ok(vec![Draft {
        kind: Kind::RoundResult,
        recipients: shop_members(db, shops).await?,
        title: format!("I risultati di «{name}» sono pubblicati"),
        body: "Scopri quale offerta ti è stata assegnata e perché.".into(),
        link: Some(format!("/shop/rounds/{id}")),
    }])
}

async fn message_received(
    db: &impl ConnectionTrait,
    thread: Uuid,
    payload: &Value,
) -> ApiResult<Vec<Draft>> {
    let Some(row) = conversation::Entity::find_by_id(thread).one(db).await? else {
        return Ok(Vec::new());
    };
    let title = offer_title(db, row.offer_id)
        .await?
        .map(|t| t.0)
        .unwrap_or_default();
    let (recipients, from) = match payload["author_side"].as_str() {
        Some("shop") => (
            provider_members(db, row.provider_id).await?,
            shop_name(db, row.shop_id).await?,
        ),
        _ => (
            shop_members(db, vec![row.shop_id]).await?,
            "Il fornitore".to_owned(),
        ),
    };
    Ok(vec![Draft {
        kind: Kind::MessageReceived,
        recipients,
        title: format!("Nuovo messaggio su «{title}»"),
        body: format!("{from} ti ha scritto. Leggi e rispondi nella conversazione."),
        link: Some(format!("/conversations/{thread}")),
    }])
}

//! What a one-click unsubscribe link stops: one kind of notification e-mail (set to
//! "never"), or the daily digest (every kind delivered daily set to "never").

use super::{Delivery, Kind, prefs};
use connessi_platform::entities::unsubscribe_token;
use connessi_platform::{ApiError, ApiResult};
use sea_orm::ConnectionTrait;

/// What the link stops, in words for its page.
pub fn describe(token: &unsubscribe_token::Model) -> String {
    match Kind::parse(&token.scope) {
        Some(kind) => format!("le e-mail «{}»", label(kind)),
        None if token.scope == "digest" => "il riepilogo giornaliero".to_owned(),
        None => "queste e-mail".to_owned(),
    }
}

/// Stops what `token` names; call inside a transaction.
pub async fn apply(db: &impl ConnectionTrait, token: &unsubscribe_token::Model) -> ApiResult<()> {
    let user = token
        .user_id
        .ok_or_else(|| ApiError::not_found("unsubscribe link"))?;
    match Kind::parse(&token.scope) {
        Some(kind) => prefs::set(db, user, kind, Delivery::Never).await,
        None if token.scope == "digest" => {
            for preference in prefs::all(db, user).await? {
                if preference.delivery == Delivery::Daily {
                    prefs::set(db, user, preference.kind, Delivery::Never).await?;
                }
            }
            Ok(())
        }
        None => Err(ApiError::not_found("unsubscribe link")),
    }
}

/// A kind's name for people.
pub fn label(kind: Kind) -> &'static str {
    match kind {
        Kind::OfferApproved => "offerta approvata",
        Kind::OfferChangesRequested => "modifiche richieste a un'offerta",
        Kind::OfferRejected => "offerta non approvata",
        Kind::OfferSuspended => "offerta sospesa",
        Kind::RequestReceived => "nuova richiesta di attivazione",
        Kind::RequestAccepted => "richiesta accettata",
        Kind::RequestDeclined => "richiesta non accettata",
        Kind::RequestExpired => "richiesta scaduta",
        Kind::RequestReminder => "promemoria di richieste in attesa",
        Kind::FreePeriodEnding => "fine del periodo gratuito",
        Kind::FollowUpQuestion => "domande su com'è andata",
        Kind::RoundResult => "risultati dei bandi di assegnazione",
        Kind::MessageReceived => "nuovi messaggi",
    }
}

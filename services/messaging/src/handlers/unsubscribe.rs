//! One-click unsubscribe (RFC 8058): the link in an e-mail opens a page whose single button
//! confirms; mail programs that offer "unsubscribe" post to the same address. Opening the link
//! alone changes nothing, so a mail scanner that follows links cannot unsubscribe anyone.

use crate::MessagingState;
use crate::notify::unsubscribe;
use axum::extract::State;
use axum::response::Html;
use connessi_platform::email::unsubscribe as tokens;
use connessi_platform::entities::unsubscribe_token;
use connessi_platform::{ApiError, ApiPath, ApiResult, Problem, db};

async fn token(state: &MessagingState, secret: &str) -> ApiResult<unsubscribe_token::Model> {
    tokens::find(&state.platform.db, secret)
        .await?
        .ok_or_else(|| ApiError::not_found("unsubscribe link"))
}

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=\"it\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title><main><h1>{title}</h1>{body}</main></html>"
    ))
}

/// The confirmation page of an unsubscribe link.
#[utoipa::path(get, path = "/api/v1/unsubscribe/{token}", tag = "messaging", params(("token" = String, Path)),
    responses((status = 200, content_type = "text/html", body = String),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn confirm_page(
    State(state): State<MessagingState>,
    ApiPath(secret): ApiPath<String>,
) -> ApiResult<Html<String>> {
    let found = token(&state, &secret).await?;
    // The token was found, so it is the URL-safe text this server made: safe in the form.
    let form = format!(
        "<p>Non riceverai più {}.</p><form method=\"post\" action=\"/api/v1/unsubscribe/{secret}\"><button type=\"submit\">Conferma la disiscrizione</button></form>",
        unsubscribe::describe(&found)
    );
    Ok(page("Disiscrizione", &form))
}

/// Unsubscribes (the page's button, or a mail program's one-click `POST`).
#[utoipa::path(post, path = "/api/v1/unsubscribe/{token}", tag = "messaging", params(("token" = String, Path)),
    responses((status = 200, content_type = "text/html", body = String),
    (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn unsubscribe(
    State(state): State<MessagingState>,
    ApiPath(secret): ApiPath<String>,
) -> ApiResult<Html<String>> {
    let found = token(&state, &secret).await?;
    let what = unsubscribe::describe(&found);
    db::write(&state.platform.db, |txn| {
        let found = found.clone();
        Box::pin(async move { unsubscribe::apply(txn, &found).await })
    })
    .await?;
    let done = format!(
        "<p role=\"status\">Fatto: non riceverai più {what}. Puoi cambiare idea nelle impostazioni delle notifiche.</p>"
    );
    Ok(page("Disiscrizione confermata", &done))
}

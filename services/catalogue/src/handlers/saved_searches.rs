//! Saved searches: saving one (anyone), confirming the address (link in an e-mail, then a
//! button), listing and deleting one's own (signed in), and the one-click unsubscribe of an
//! alert e-mail (RFC 8058: the link opens a page whose button, or a mail program's `POST`,
//! unsubscribes; opening it alone changes nothing).

use crate::CatalogueState;
use crate::saved::{self, NewSavedSearch, SavedSearchView};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Html;
use connessi_domain::ErrorCode;
use connessi_platform::email::unsubscribe as tokens;
use connessi_platform::{ApiError, ApiJson, ApiPath, ApiResult, CurrentActor, Problem, db};
use uuid::Uuid;

/// Saves a search: at once for a signed-in caller (alerts go to the account's address); for
/// anyone else after they confirm the address through the link e-mailed to it.
#[utoipa::path(post, path = "/api/v1/saved-searches", tag = "saved searches", request_body = NewSavedSearch,
    responses((status = 201, body = SavedSearchView), (status = 400, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
    (status = 503, body = Problem, content_type = "application/problem+json")))]
pub async fn save(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(new): ApiJson<NewSavedSearch>,
) -> ApiResult<(StatusCode, Json<SavedSearchView>)> {
    if !state.platform.settings.email.enabled() {
        return Err(ApiError::new(
            ErrorCode::ServiceUnavailable,
            "this deployment sends no e-mail, so it cannot send alerts",
        ));
    }
    let public_url = state.platform.settings.public_url.clone();
    let saved = db::write(&state.platform.db, |txn| {
        let (actor, new, public_url) = (actor.clone(), new.clone(), public_url.clone());
        Box::pin(async move { saved::create(txn, &actor, new, &public_url).await })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=\"it\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title><main><h1>{title}</h1>{body}</main></html>"
    ))
}

/// The page of a confirmation link: one button confirms.
#[utoipa::path(get, path = "/api/v1/saved-searches/confirm/{token}", tag = "saved searches", params(("token" = String, Path)),
    responses((status = 200, content_type = "text/html", body = String), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn confirm_page(
    State(state): State<CatalogueState>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Html<String>> {
    saved::pending(&state.platform.db, &token).await?;
    // Found, so the token is the hexadecimal text this server made: safe in the form.
    let form = format!(
        "<p>Conferma per ricevere gli avvisi di questa ricerca.</p><form method=\"post\" action=\"/api/v1/saved-searches/confirm/{token}\"><button type=\"submit\">Conferma</button></form>"
    );
    Ok(page("Conferma la ricerca salvata", &form))
}

/// Confirms the address of a saved search.
#[utoipa::path(post, path = "/api/v1/saved-searches/confirm/{token}", tag = "saved searches", params(("token" = String, Path)),
    responses((status = 200, content_type = "text/html", body = String), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn confirm(
    State(state): State<CatalogueState>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Html<String>> {
    db::write(&state.platform.db, |txn| {
        let token = token.clone();
        Box::pin(async move { saved::confirm(txn, &token).await })
    })
    .await?;
    Ok(page(
        "Ricerca salvata",
        "<p role=\"status\">Fatto: ti scriveremo quando arrivano nuove offerte.</p>",
    ))
}

async fn saved_search_of(state: &CatalogueState, secret: &str) -> ApiResult<Uuid> {
    let token = tokens::find(&state.platform.db, secret).await?;
    token
        .and_then(|t| {
            t.scope
                .strip_prefix("saved_search:")
                .and_then(|id| id.parse().ok())
        })
        .ok_or_else(|| ApiError::not_found("unsubscribe link"))
}

/// The page of an alert's unsubscribe link: one button unsubscribes.
#[utoipa::path(get, path = "/api/v1/saved-searches/unsubscribe/{token}", tag = "saved searches", params(("token" = String, Path)),
    responses((status = 200, content_type = "text/html", body = String), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn unsubscribe_page(
    State(state): State<CatalogueState>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Html<String>> {
    saved_search_of(&state, &token).await?;
    let form = format!(
        "<p>Non riceverai più gli avvisi di questa ricerca.</p><form method=\"post\" action=\"/api/v1/saved-searches/unsubscribe/{token}\"><button type=\"submit\">Conferma la disiscrizione</button></form>"
    );
    Ok(page("Disiscrizione", &form))
}

/// Stops the alerts of a saved search (the page's button, or a mail program's one-click POST).
#[utoipa::path(post, path = "/api/v1/saved-searches/unsubscribe/{token}", tag = "saved searches", params(("token" = String, Path)),
    responses((status = 200, content_type = "text/html", body = String), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn unsubscribe(
    State(state): State<CatalogueState>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Html<String>> {
    let id = saved_search_of(&state, &token).await?;
    saved::unsubscribe(&state.platform.db, id).await?;
    Ok(page(
        "Disiscrizione confermata",
        "<p role=\"status\">Fatto: non riceverai più gli avvisi di questa ricerca.</p>",
    ))
}

/// The caller's saved searches (by account, or by the account's address), newest first.
#[utoipa::path(get, path = "/api/v1/me/saved-searches", tag = "saved searches", security(("bearer" = [])),
    responses((status = 200, body = Vec<SavedSearchView>)))]
pub async fn mine(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
) -> ApiResult<Json<Vec<SavedSearchView>>> {
    Ok(Json(
        saved::of_user(&state.platform.db, actor.user()?).await?,
    ))
}

/// Deletes one of the caller's saved searches (its alerts stop).
#[utoipa::path(delete, path = "/api/v1/me/saved-searches/{id}", tag = "saved searches", params(("id" = Uuid, Path)),
    security(("bearer" = [])), responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn delete(
    State(state): State<CatalogueState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    saved::delete_own(&state.platform.db, actor.user()?, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

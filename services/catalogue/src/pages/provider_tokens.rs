//! The provider's API tokens, for its own software (a shop-management program publishing
//! offers, say): the owner names one, picks its scopes and expiry, sees the secret once, and
//! revokes any at once. Members who are not owners are refused, as by the API.

use crate::CatalogueState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use connessi_domain::{ErrorCode, MemberRole, TokenScope};
use connessi_platform::api_tokens::{self, ApiTokenView, IssuedApiToken, NewApiToken};
use connessi_platform::{ApiError, ApiPath, db};
use connessi_web::errors::page_with_problem;
use connessi_web::forms::FormPairs;
use connessi_web::layout::csrf_field;
use connessi_web::sign_in::see_other;
use connessi_web::widgets::{error_summary, field_text, status_message};
use connessi_web::{Page, PageContext, PageResult};
use maud::{Markup, html};
use uuid::Uuid;

fn owned_provider(ctx: &PageContext) -> Result<Uuid, ApiError> {
    let provider = ctx.own_provider()?;
    let owner = ctx.user().is_some_and(|u| {
        u.providers
            .iter()
            .any(|m| m.provider_id == provider && m.role == MemberRole::Owner)
    });
    if !owner {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "only the provider's owners manage its API tokens",
        ));
    }
    Ok(provider.0)
}

pub async fn list(State(state): State<CatalogueState>, ctx: PageContext) -> PageResult<Response> {
    let provider = owned_provider(&ctx)?;
    let tokens = api_tokens::of_provider(&state.platform.db, provider).await?;
    let revoked = ctx.flag("revoked");
    Ok(render(&ctx, &tokens, None, revoked, None))
}

pub async fn create(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    form: FormPairs,
) -> PageResult<Response> {
    let provider = owned_provider(&ctx)?;
    let new = NewApiToken {
        name: form.one("name").unwrap_or_default(),
        scopes: form
            .all("scopes")
            .iter()
            .filter_map(|s| TokenScope::parse(s))
            .collect(),
        expires_in_days: form.one("expires_in_days").and_then(|d| d.parse().ok()),
    };
    let actor = ctx.actor.clone();
    let issued = db::write(&state.platform.db, |txn| {
        let (actor, new) = (actor.clone(), new.clone());
        Box::pin(async move { api_tokens::issue(txn, &actor, provider, new).await })
    })
    .await;
    let tokens = api_tokens::of_provider(&state.platform.db, provider).await?;
    match issued {
        Ok(issued) => Ok(render(&ctx, &tokens, Some(&issued), false, None)),
        Err(error) if error.code.status() == 422 => {
            Ok(render(&ctx, &tokens, None, false, Some(&error)))
        }
        Err(error) => Err(error),
    }
}

pub async fn revoke(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<Uuid>,
) -> PageResult<Response> {
    let provider = owned_provider(&ctx)?;
    let actor = ctx.actor.clone();
    db::write(&state.platform.db, |txn| {
        let actor = actor.clone();
        Box::pin(async move { api_tokens::revoke(txn, &actor, provider, id).await })
    })
    .await?;
    Ok(see_other("/provider/tokens?revoked=1", vec![]))
}

fn render(
    ctx: &PageContext,
    tokens: &[ApiTokenView],
    issued: Option<&IssuedApiToken>,
    revoked: bool,
    failed: Option<&ApiError>,
) -> Response {
    let title = ctx.t("Token API", "API tokens");
    let main = html! {
        (connessi_web::areas::provider_nav(ctx))
        h1 { (title) }
        p { (ctx.t("Un token permette al tuo software di usare l'API di Connessi a nome dell'azienda: ", "A token lets your software use Connessi's API on the company's behalf: "))
            a href="/api/docs" { (ctx.t("documentazione dell'API", "API documentation")) } "." }
        @if revoked { (status_message("success", ctx.t("Token revocato: non funziona più.", "Token revoked: it no longer works."))) }
        @if let Some(issued) = issued {
            div class="alert alert-success" role="status" {
                p class="mb-1" { strong { (ctx.t("Copia il token ora: non lo mostreremo più.", "Copy the token now: it will not be shown again.")) } }
                label class="form-label active" for="issued-token" { (issued.details.name) }
                input type="text" class="form-control" id="issued-token" readonly value=(issued.token);
            }
        }
        (tokens_table(ctx, tokens))
        h2 class="h4 mt-4" { (ctx.t("Nuovo token", "New token")) }
        (error_summary(ctx, failed.map(|e| e.errors.as_slice()).unwrap_or_default()))
        (new_token_form(ctx))
    };
    let page = Page::new(ctx, title, main);
    match failed {
        Some(error) => page_with_problem(page, error),
        None => page.into_response(),
    }
}

fn scope_label(ctx: &PageContext, scope: TokenScope) -> &str {
    match scope {
        TokenScope::Read => ctx.t("Leggere le offerte", "Read the offers"),
        TokenScope::WriteOffers => ctx.t(
            "Scrivere e importare le offerte",
            "Write and import the offers",
        ),
    }
}

fn tokens_table(ctx: &PageContext, tokens: &[ApiTokenView]) -> Markup {
    let date = |d: Option<chrono::DateTime<chrono::Utc>>| {
        d.map_or_else(|| "—".to_owned(), |d| ctx.lang.date(d.date_naive()))
    };
    html! {
        @if tokens.is_empty() { p { (ctx.t("Nessun token.", "No tokens.")) } } @else {
            table class="table" {
                caption class="visually-hidden" { (ctx.t("I token dell'azienda", "The company's tokens")) }
                thead { tr {
                    th scope="col" { (ctx.t("Nome", "Name")) } th scope="col" { (ctx.t("Inizia con", "Starts with")) }
                    th scope="col" { (ctx.t("Permessi", "Scopes")) } th scope="col" { (ctx.t("Scade", "Expires")) }
                    th scope="col" { (ctx.t("Ultimo uso", "Last used")) } th scope="col" { (ctx.t("Stato", "State")) }
                } }
                tbody { @for t in tokens { tr {
                    td { (t.name) } td { code { (t.prefix) "…" } }
                    td { @for (i, s) in t.scopes.iter().enumerate() { @if i > 0 { ", " } (scope_label(ctx, *s)) } }
                    td { (date(t.expires_at)) } td { (date(t.last_used_at)) }
                    td {
                        @if t.revoked_at.is_some() { (ctx.t("Revocato", "Revoked")) } @else {
                            form method="post" action=(format!("/provider/tokens/{}/revoke", t.id)) {
                                (csrf_field(ctx))
                                button type="submit" class="btn btn-outline-danger btn-sm" { (ctx.t("Revoca", "Revoke")) span class="visually-hidden" { " " (t.name) } }
                            }
                        }
                    }
                } } }
            }
        }
    }
}

fn new_token_form(ctx: &PageContext) -> Markup {
    html! {
        form method="post" action="/provider/tokens" novalidate {
            (csrf_field(ctx))
            (field_text("name", ctx.t("A cosa serve (es. gestionale)", "What it is for (e.g. shop software)"), "text", "", true))
            fieldset id="scopes" class="mb-3" {
                legend class="h6" { (ctx.t("Permessi", "Scopes")) }
                @for scope in [TokenScope::Read, TokenScope::WriteOffers] {
                    div class="form-check" {
                        input type="checkbox" id=(format!("scopes-{}", scope.as_str())) name="scopes" value=(scope.as_str());
                        label for=(format!("scopes-{}", scope.as_str())) { (scope_label(ctx, scope)) }
                    }
                }
            }
            (field_text("expires_in_days", ctx.t("Scade dopo giorni (1–730, vuoto per mai)", "Expires after days (1–730, empty for never)"), "number", "90", false))
            button type="submit" class="btn btn-primary" { (ctx.t("Crea il token", "Create the token")) }
        }
    }
}

//! The sign-in page (the configured OpenID Connect providers, and the development sign-in of
//! the embedded default), signing out from a page, and the language switch.

use crate::context::PageContext;
use crate::forms::PageForm;
use crate::layout::{Page, csrf_field};
use crate::widgets::field_text;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use connessi_domain::ErrorCode;
use connessi_platform::access::{Access, AccessTable};
use connessi_platform::auth::{CurrentSession, find_user_by_email};
use connessi_platform::sessions::{self, Cookies, Transport};
use connessi_platform::sign_in::safe_return_path;
use connessi_platform::{ApiError, ApiResult, Platform};
use maud::html;
use serde::Deserialize;

/// Who may open each shared page.
pub fn table() -> AccessTable {
    AccessTable::new([
        (Method::GET, "/sign-in", Access::Public),
        (Method::POST, "/sign-in/dev", Access::Public),
        (Method::POST, "/sign-out", Access::SignedIn),
        (Method::GET, "/language/{code}", Access::Public),
    ])
}

pub fn router(platform: Platform) -> Router {
    Router::new()
        .route("/sign-in", get(sign_in_page))
        .route("/sign-in/dev", post(dev_sign_in))
        .route("/sign-out", post(sign_out))
        .route("/language/{code}", get(choose_language))
        .route_layer(axum::middleware::from_fn_with_state(
            (platform.clone(), table()),
            AccessTable::enforce,
        ))
        .with_state(platform)
}

#[derive(Debug, Deserialize)]
pub struct ReturnTo {
    return_to: Option<String>,
}

async fn sign_in_page(
    State(platform): State<Platform>,
    ctx: PageContext,
    Query(query): Query<ReturnTo>,
) -> ApiResult<Response> {
    let return_to = safe_return_path(query.return_to.as_deref())?;
    let encoded = crate::context::encode(&return_to);
    let providers = &platform.settings.oidc.providers;
    let main = html! {
        h1 { (ctx.t("Accedi a Connessi", "Sign in to Connessi")) }
        @if providers.is_empty() && !ctx.dev_sign_in {
            p { (ctx.t("L'accesso non è configurato.", "Sign-in is not configured.")) }
        }
        @if !providers.is_empty() {
            p { (ctx.t("Accedi con la tua identità digitale:", "Sign in with your digital identity:")) }
            ul class="list-unstyled" {
                @for provider in providers {
                    li class="mb-2" {
                        a class="btn btn-primary" href=(format!("/auth/{}/login?return_to={encoded}", provider.name)) {
                            (provider.label)
                        }
                    }
                }
            }
        }
        @if ctx.dev_sign_in {
            section class="card card-bg p-4 mt-4" aria-labelledby="dev-sign-in" {
                h2 id="dev-sign-in" class="h4" { (ctx.t("Accesso di prova", "Demo sign-in")) }
                p { (ctx.t("Solo nell'installazione di sviluppo: entra con l'e-mail di un account dimostrativo, per esempio marta@forno-treviso.example (negozio), titolare@… (fornitore) o moderatrice@connessi.example.",
                           "Development installation only: enter a demo account's e-mail, e.g. marta@forno-treviso.example (shop), titolare@… (provider) or moderatrice@connessi.example.")) }
                form method="post" action="/sign-in/dev" {
                    (csrf_field(&ctx))
                    input type="hidden" name="return_to" value=(return_to);
                    (field_text("email", ctx.t("E-mail", "E-mail"), "email", "", true))
                    button type="submit" class="btn btn-primary" { (ctx.t("Entra", "Sign in")) }
                }
            }
        }
    };
    Ok(Page::new(&ctx, ctx.t("Accedi", "Sign in"), main).into_response())
}

#[derive(Debug, Deserialize)]
struct DevSignInForm {
    email: String,
    return_to: Option<String>,
}

async fn dev_sign_in(
    State(platform): State<Platform>,
    headers: HeaderMap,
    PageForm(form): PageForm<DevSignInForm>,
) -> ApiResult<Response> {
    let settings = &platform.settings;
    if !settings.dev_sign_in_enabled() {
        return Err(ApiError::new(
            ErrorCode::DevSignInDisabled,
            "use the configured sign-in",
        ));
    }
    let return_to = safe_return_path(form.return_to.as_deref())?;
    let Some(user) = find_user_by_email(&platform.db, &form.email).await? else {
        return Err(ApiError::new(
            ErrorCode::InvalidCredentials,
            "no demo account has this e-mail",
        ));
    };
    let cookies = Cookies::for_settings(settings);
    if let Some(previous) = sessions::cookie_value(&headers, cookies.session_name()) {
        sessions::end(&platform.db, previous).await?;
    }
    let started = sessions::start(
        &platform.db,
        settings,
        user.id.into(),
        Transport::Cookie,
        "dev",
    )
    .await?;
    tracing::info!(user_id = %user.id, "development sign-in from a page");
    Ok(see_other(&return_to, cookies.set(&started)))
}

async fn sign_out(
    State(platform): State<Platform>,
    current: Option<axum::Extension<CurrentSession>>,
) -> ApiResult<Response> {
    if let Some(axum::Extension(current)) = current {
        sessions::end_by_hash(&platform.db, &current.session.token_hash).await?;
    }
    Ok(see_other(
        "/",
        Cookies::for_settings(&platform.settings).clear(),
    ))
}

async fn choose_language(
    State(platform): State<Platform>,
    Path(code): Path<String>,
    Query(query): Query<ReturnTo>,
) -> ApiResult<Response> {
    let lang = crate::Lang::from_code(&code).ok_or_else(|| {
        ApiError::new(ErrorCode::InvalidPathParameter, "the language is it or en")
    })?;
    let return_to = safe_return_path(query.return_to.as_deref())?;
    let secure = if platform.settings.profile == connessi_platform::config::Profile::Development {
        ""
    } else {
        "; Secure"
    };
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        crate::lang::COOKIE,
        lang.code()
    );
    Ok(see_other(
        &without_lang(&return_to),
        HeaderValue::from_str(&cookie).into_iter().collect(),
    ))
}

/// The path without a `lang=` parameter, which would otherwise outrank the new cookie.
fn without_lang(path: &str) -> String {
    let Some((base, query)) = path.split_once('?') else {
        return path.to_owned();
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.starts_with("lang="))
        .collect();
    if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    }
}

/// A 303 to `location` with cookies (the platform's sign-in redirect).
pub use connessi_platform::sign_in::redirect_with as see_other;

#[cfg(test)]
mod tests {
    use super::without_lang;

    #[test]
    fn the_language_switch_drops_only_the_lang_parameter() {
        assert_eq!(without_lang("/?q=pos&lang=en&page=2"), "/?q=pos&page=2");
        assert_eq!(without_lang("/offers/1?lang=it"), "/offers/1");
        assert_eq!(without_lang("/compare"), "/compare");
    }
}

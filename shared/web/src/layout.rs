//! The frame of every page: skip link, the slim header with the language switch and the
//! account, the brand header, the navigation for who is signed in, the main region and the
//! footer. Markup follows bootstrap-italia's header and footer patterns.

use crate::assets;
use crate::context::{PageContext, encode};
use crate::lang::Lang;
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

/// A whole page, ready to answer with.
pub struct Page<'a> {
    pub ctx: &'a PageContext,
    pub title: String,
    pub main: Markup,
}

impl<'a> Page<'a> {
    pub fn new(ctx: &'a PageContext, title: impl Into<String>, main: Markup) -> Self {
        Self {
            ctx,
            title: title.into(),
            main,
        }
    }

    pub fn render(&self) -> Markup {
        let ctx = self.ctx;
        html! {
            (DOCTYPE)
            html lang=(ctx.lang.code()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (self.title) " · Connessi" }
                    link rel="stylesheet" href=(assets::url("bootstrap-italia.min.css"));
                    link rel="stylesheet" href=(assets::url("connessi.css"));
                    script src=(assets::url("connessi.js")) defer {}
                }
                body {
                    div class="skiplinks" {
                        a class="visually-hidden-focusable" href="#main" {
                            (ctx.t("Vai al contenuto principale", "Skip to main content"))
                        }
                    }
                    (header(ctx))
                    main id="main" class="container my-4" tabindex="-1" { (self.main) }
                    (footer(ctx))
                }
            }
        }
    }
}

impl IntoResponse for Page<'_> {
    fn into_response(self) -> Response {
        Html(self.render().into_string()).into_response()
    }
}

fn header(ctx: &PageContext) -> Markup {
    html! {
        header class="it-header-wrapper" {
            div class="it-header-slim-wrapper" {
                div class="container" {
                    div class="it-header-slim-wrapper-content" {
                        span class="navbar-brand" {
                            (ctx.t("Un servizio pubblico per le imprese di quartiere",
                                   "A public service for neighbourhood businesses"))
                        }
                        div class="it-header-slim-right-zone" {
                            nav class="connessi-lang" aria-label=(ctx.t("Lingua", "Language")) {
                                @for lang in Lang::ALL {
                                    @if lang == ctx.lang {
                                        span class="connessi-lang-current" aria-current="true" lang=(lang.code()) { (lang.name()) }
                                    } @else {
                                        a href=(format!("/language/{}?return_to={}", lang.code(), encode(&ctx.here)))
                                          lang=(lang.code()) hreflang=(lang.code()) { (lang.name()) }
                                    }
                                }
                            }
                            (account(ctx))
                        }
                    }
                }
            }
            div class="it-nav-wrapper" {
                div class="it-header-center-wrapper" {
                    div class="container" {
                        div class="it-header-center-content-wrapper" {
                            div class="it-brand-wrapper" {
                                a href="/" {
                                    div class="it-brand-text" {
                                        div class="it-brand-title" { "Connessi" }
                                        div class="it-brand-tagline d-none d-md-block" {
                                            (ctx.t("Offerte digitali gratuite per negozi, artigiani e cooperative",
                                                   "Free digital offerings for shops, artisans and cooperatives"))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                (navigation(ctx))
            }
        }
    }
}

fn account(ctx: &PageContext) -> Markup {
    html! {
        @if let Some(user) = ctx.user() {
            div class="connessi-account" {
                span class="connessi-account-name" { (user.display_name) }
                form method="post" action="/sign-out" class="d-inline" {
                    (csrf_field(ctx))
                    button type="submit" class="btn btn-sm btn-outline-light ms-2" {
                        (ctx.t("Esci", "Sign out"))
                    }
                }
            }
        } @else {
            a class="btn btn-sm connessi-sign-in" href=(ctx.sign_in_url()) {
                (ctx.t("Accedi", "Sign in"))
            }
        }
    }
}

/// The sections open to who is asking.
fn sections(ctx: &PageContext) -> Vec<(&'static str, &'static str)> {
    let mut items = vec![
        ("/", ctx.t("Cerca offerte", "Find offers")),
        ("/compare", ctx.t("Confronta", "Compare")),
    ];
    if let Some(user) = ctx.user() {
        if !user.shops.is_empty() {
            items.push(("/shop", ctx.t("La mia attività", "My business")));
        }
        if !user.providers.is_empty() {
            items.push(("/provider", ctx.t("Area fornitore", "Provider area")));
        }
        if user.shops.is_empty() && user.providers.is_empty() && !ctx.actor.is_moderator() {
            items.push((
                "/shop/register",
                ctx.t("Registra la tua attività", "Register your business"),
            ));
            items.push((
                "/provider/register",
                ctx.t("Offri un servizio", "Offer a service"),
            ));
        }
        if ctx.actor.is_moderator() {
            items.push(("/moderation", ctx.t("Moderazione", "Moderation")));
        }
        items.push((
            "/embed",
            ctx.t("Widget per il tuo sito", "Widget for your site"),
        ));
    }
    items
}

fn navigation(ctx: &PageContext) -> Markup {
    let path = ctx.here.split('?').next().unwrap_or("/");
    html! {
        nav class="connessi-nav" aria-label=(ctx.t("Sezioni", "Sections")) {
            div class="container" {
                ul {
                    @for (href, label) in sections(ctx) {
                        @let current = if href == "/" { path == "/" } else { path.starts_with(href) };
                        li {
                            @if current {
                                a href=(href) aria-current="page" { (label) }
                            } @else {
                                a href=(href) { (label) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn footer(ctx: &PageContext) -> Markup {
    html! {
        footer class="it-footer" {
            div class="it-footer-main" {
                div class="container py-4" {
                    p class="mb-1" {
                        strong { "Connessi" } " — "
                        (ctx.t("continua i programmi pubblici «Vicini e Connessi» e «Cooperazione Digitale».",
                               "continues the public programmes “Vicini e Connessi” and “Cooperazione Digitale”."))
                    }
                    p class="mb-0" {
                        a href="/api/docs" { (ctx.t("API per sviluppatori", "API for developers")) }
                        " · "
                        a href="/criteria" { (ctx.t("Criteri di ammissione delle offerte", "Offer acceptance criteria")) }
                    }
                }
            }
        }
    }
}

/// The hidden field every state-changing form carries.
pub fn csrf_field(ctx: &PageContext) -> Markup {
    html! {
        @if let Some(token) = &ctx.csrf_token {
            input type="hidden" name=(crate::forms::CSRF_FIELD) value=(token);
        }
    }
}

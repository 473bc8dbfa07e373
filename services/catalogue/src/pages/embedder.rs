//! The embedder's area: a municipality's or chamber's web editor registers the sites that
//! will carry the widget, follows the moderators' decision, generates the snippet with a live
//! preview and reads the widget's traffic.

use super::snippet::{self, Attributes, Choices};
use crate::CatalogueState;
use crate::embeds::traffic::{self, TRAFFIC_DAYS};
use crate::embeds::{self, EmbedInput, EmbedStatus, EmbedView};
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use connessi_domain::FieldError;
use connessi_platform::{ApiError, ApiPath, db};
use connessi_web::errors::page_with_problem;
use connessi_web::forms::FormPairs;
use connessi_web::layout::csrf_field;
use connessi_web::sign_in::see_other;
use connessi_web::widgets::{badge, field_text, status_message};
use connessi_web::{Page, PageContext, PageResult};
use maud::{Markup, html};
use uuid::Uuid;

pub fn status_badge(ctx: &PageContext, status: EmbedStatus) -> Markup {
    match status {
        EmbedStatus::Pending => badge(
            "warning",
            ctx.t("in attesa di approvazione", "waiting for approval"),
        ),
        EmbedStatus::Approved => badge("success", ctx.t("approvato", "approved")),
        EmbedStatus::Rejected => badge("danger", ctx.t("non approvato", "not approved")),
        EmbedStatus::Suspended => badge("danger", ctx.t("sospeso", "suspended")),
    }
}

pub async fn list(State(state): State<CatalogueState>, ctx: PageContext) -> PageResult<Response> {
    let mine = embeds::mine(&state.platform.db, &ctx.actor).await?;
    let main = html! {
        h1 { (ctx.t("Il widget di ricerca per il tuo sito", "The search widget for your site")) }
        p class="lead" { (ctx.t("Comuni, camere di commercio e associazioni possono mostrare sul proprio sito la ricerca delle offerte gratuite, limitata al proprio territorio o ai temi scelti. I siti registrati sono approvati dai moderatori del Ministero.",
                                "Municipalities, chambers of commerce and associations can show the search of free offers on their own site, limited to their territory or chosen themes. Registered sites are approved by the ministry's moderators.")) }
        p { a class="btn btn-primary" href="/embed/new" { (ctx.t("Registra un sito", "Register a site")) } }
        @if mine.is_empty() {
            p { (ctx.t("Non hai ancora registrato siti.", "You have not registered any site yet.")) }
        } @else {
            h2 class="h4" { (ctx.t("I tuoi siti", "Your sites")) }
            ul class="list-unstyled" {
                @for embed in &mine {
                    li class="mb-3" {
                        a href=(format!("/embed/{}", embed.id)) { (embed.name) } " " (status_badge(&ctx, embed.status))
                        div class="connessi-muted" { (embed.origins.join(", ")) }
                    }
                }
            }
        }
    };
    Ok(Page::new(
        &ctx,
        ctx.t("Widget per il tuo sito", "Widget for your site"),
        main,
    )
    .into_response())
}

/// The fields of a site's registration (`origins` one per line).
fn site_fields(ctx: &PageContext, name: &str, origins: &str) -> Markup {
    html! {
        (field_text("name", ctx.t("Nome del sito o dell'ente", "Name of the site or body"), "text", name, true))
        div class="form-group mb-3" {
            label class="form-label active" for="origins" { (ctx.t("Indirizzi dei siti (uno per riga)", "Site addresses (one per line)")) }
            textarea class="form-control" id="origins" name="origins" rows="3" required aria-describedby="origins-hint" { (origins) }
            small id="origins-hint" class="form-text" {
                (ctx.t("Solo schema e dominio, per esempio https://www.comune.treviso.it", "Scheme and domain only, e.g. https://www.comune.treviso.it"))
            }
        }
    }
}

fn errors_of(ctx: &PageContext, errors: &[FieldError]) -> Markup {
    html! {
        @if !errors.is_empty() {
            div class="alert alert-danger" role="alert" id="errors" {
                h2 class="h5" { (ctx.t("Correggi questi campi", "Please fix these fields")) }
                ul class="mb-0" {
                    @for error in errors {
                        @let field = if error.field.starts_with("origins") { "origins" } else { error.field.as_str() };
                        li { a href=(format!("#{field}")) { (error.field) } ": " (error.message) }
                    }
                }
            }
        }
    }
}

fn registration<'a>(
    ctx: &'a PageContext,
    action: &str,
    name: &str,
    origins: &str,
    errors: &[FieldError],
) -> Page<'a> {
    let main = html! {
        h1 { (ctx.t("Registra un sito per il widget", "Register a site for the widget")) }
        (errors_of(ctx, errors))
        form method="post" action=(action) {
            (csrf_field(ctx))
            (site_fields(ctx, name, origins))
            button type="submit" class="btn btn-primary" { (ctx.t("Invia ai moderatori", "Send to the moderators")) }
        }
    };
    Page::new(ctx, ctx.t("Registra un sito", "Register a site"), main)
}

pub async fn new(ctx: PageContext) -> Response {
    registration(&ctx, "/embed", "", "", &[]).into_response()
}

fn input_of(form: &FormPairs) -> EmbedInput {
    EmbedInput {
        name: form.one("name").unwrap_or_default(),
        origins: form
            .one("origins")
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
    }
}

fn refused(ctx: &PageContext, action: &str, form: &FormPairs, error: &ApiError) -> Response {
    let (name, origins) = (
        form.one("name").unwrap_or_default(),
        form.one("origins").unwrap_or_default(),
    );
    page_with_problem(
        registration(ctx, action, &name, &origins, &error.errors),
        error,
    )
}

pub async fn create(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    form: FormPairs,
) -> PageResult<Response> {
    let input = input_of(&form);
    let created = db::write(&state.platform.db, |txn| {
        let (actor, input) = (ctx.actor.clone(), input.clone());
        Box::pin(async move { embeds::create(txn, &actor, input).await })
    })
    .await;
    match created {
        Ok(embed) => Ok(see_other(
            &format!("/embed/{}?done=registered", embed.id),
            Vec::new(),
        )),
        Err(error) if error.code.status() == 422 => Ok(refused(&ctx, "/embed", &form, &error)),
        Err(error) => Err(error),
    }
}

pub async fn update(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<Uuid>,
    form: FormPairs,
) -> PageResult<Response> {
    let input = input_of(&form);
    let updated = db::write(&state.platform.db, |txn| {
        let (actor, input) = (ctx.actor.clone(), input.clone());
        Box::pin(async move { embeds::update(txn, &actor, id, input).await })
    })
    .await;
    match updated {
        Ok(embed) => Ok(see_other(
            &format!("/embed/{}?done=changed", embed.id),
            Vec::new(),
        )),
        Err(error) if error.code.status() == 422 => {
            Ok(refused(&ctx, &format!("/embed/{id}"), &form, &error))
        }
        Err(error) => Err(error),
    }
}

pub async fn page(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<Uuid>,
    RawQuery(raw): RawQuery,
) -> PageResult<Response> {
    let choices = Choices::parse(raw.as_deref());
    let db = &state.platform.db;
    let embed: EmbedView = embeds::visible(db, &ctx.actor, id).await?.into();
    let public_url = &state.platform.settings.public_url;
    let attributes = Attributes::of(&ctx, &choices);
    if choices.partial.as_deref() == Some("snippet") {
        let output = snippet::output(&ctx, public_url, &embed.public_key, &attributes);
        return Ok(axum::response::Html(output.into_string()).into_response());
    }
    let figures = traffic::recent(db, embed.id, TRAFFIC_DAYS).await?;
    let main = html! {
        @match choices.done.as_deref() {
            Some("registered") => (status_message("success", ctx.t("Sito registrato: i moderatori lo esamineranno. Intanto puoi preparare il widget.", "Site registered: the moderators will review it. Meanwhile you can prepare the widget."))),
            Some("changed") => (status_message("success", ctx.t("Modifiche salvate.", "Changes saved."))),
            _ => {}
        }
        h1 { (embed.name) }
        p { (status_badge(&ctx, embed.status)) }
        (state_note(&ctx, &embed))
        div class="row" {
            div class="col-lg-5" {
                h2 class="h4" { (ctx.t("Scegli che cosa mostrare", "Choose what to show")) }
                (snippet::form(&ctx, &format!("/embed/{}", embed.id), &choices, &attributes))
            }
            div class="col-lg-7" id="snippet-output" {
                (snippet::output(&ctx, public_url, &embed.public_key, &attributes))
            }
        }
        (super::embed_traffic::table(&ctx, &figures))
        (change_form(&ctx, &embed))
        script src="/widget/connessi-search.js" async {}
    };
    Ok(Page::new(&ctx, embed.name.clone(), main).into_response())
}

fn state_note(ctx: &PageContext, embed: &EmbedView) -> Markup {
    html! {
        p { (ctx.t("Siti registrati: ", "Registered sites: ")) (embed.origins.join(", ")) }
        @match embed.status {
            EmbedStatus::Pending => p { (ctx.t("In attesa dei moderatori: dopo l'approvazione il widget risponderà su questi siti.", "Waiting for the moderators: once approved, the widget answers on these sites.")) },
            EmbedStatus::Approved => p { (ctx.t("Approvato: il widget risponde su questi siti.", "Approved: the widget answers on these sites.")) },
            _ => p { (ctx.t("Il widget non risponde su questi siti. Motivo dei moderatori: ", "The widget does not answer on these sites. The moderators' reason: "))
                     strong { (embed.reason.as_deref().unwrap_or("")) } },
        }
    }
}

fn change_form(ctx: &PageContext, embed: &EmbedView) -> Markup {
    html! {
        details class="mt-4" {
            summary { (ctx.t("Cambia nome o siti (siti nuovi tornano ai moderatori)", "Change name or sites (new sites go back to the moderators)")) }
            form method="post" action=(format!("/embed/{}", embed.id)) class="mt-3" {
                (csrf_field(ctx))
                (site_fields(ctx, &embed.name, &embed.origins.join("\n")))
                button type="submit" class="btn btn-outline-primary" { (ctx.t("Salva le modifiche", "Save changes")) }
            }
        }
    }
}

//! The audit log in the moderators' console: every action on offers, providers, shops,
//! requests, conversations and accounts, newest first, filtered by kind of thing or by one
//! thing, a page at a time.

use crate::CatalogueState;
use crate::store::PageRequest;
use crate::store::audit::{self, AuditFilter};
use crate::views::AuditEntryView;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use connessi_web::widgets::field_select;
use connessi_web::{Page, PageContext, PageResult};
use maud::{Markup, html};
use serde::Deserialize;
use uuid::Uuid;

const PER_PAGE: u64 = 50;
const KINDS: [&str; 8] = [
    "offer",
    "provider",
    "shop",
    "onboarding_request",
    "conversation",
    "round",
    "embed",
    "user",
];

#[derive(Debug, Deserialize)]
pub struct AuditPageQuery {
    entity_kind: Option<String>,
    entity_id: Option<Uuid>,
    page: Option<u64>,
}

pub async fn page(
    State(state): State<CatalogueState>,
    ctx: PageContext,
    Query(query): Query<AuditPageQuery>,
) -> PageResult<Response> {
    let kind = query.entity_kind.filter(|k| !k.is_empty());
    let filter = AuditFilter {
        entity_kind: kind.clone(),
        entity_id: query.entity_id,
        actor_id: None,
    };
    let request = PageRequest {
        page: query.page.unwrap_or(1).max(1),
        per_page: PER_PAGE,
    };
    let (rows, total) = audit::page(&state.platform.db, &filter, request).await?;
    let entries: Vec<AuditEntryView> = rows.into_iter().map(Into::into).collect();
    let title = ctx.t("Registro delle azioni", "Audit log");
    let mut kinds = vec![(String::new(), ctx.t("Tutto", "Everything").to_owned())];
    kinds.extend(KINDS.iter().map(|k| ((*k).to_owned(), (*k).to_owned())));
    let main = html! {
        (connessi_web::areas::moderation_nav(&ctx))
        h1 { (title) }
        p { (total) (ctx.t(" azioni registrate, ciascuna con chi l'ha fatta e perché.", " actions recorded, each with who did it and why.")) }
        form method="get" action="/moderation/audit" class="row g-2 align-items-end mb-3" {
            div class="col-md-4" { (field_select("entity_kind", ctx.t("Riguarda", "Concerns"), &kinds, kind.as_deref().unwrap_or(""))) }
            div class="col-md-2" { button type="submit" class="btn btn-outline-primary" { (ctx.t("Filtra", "Filter")) } }
        }
        (entries_table(&ctx, &entries))
        (pager(&ctx, kind.as_deref(), query.entity_id, request.page, total))
    };
    Ok(Page::new(&ctx, title, main).into_response())
}

fn entries_table(ctx: &PageContext, entries: &[AuditEntryView]) -> Markup {
    html! {
        table class="table table-sm" {
            caption class="visually-hidden" { (ctx.t("Azioni registrate", "Recorded actions")) }
            thead { tr {
                th scope="col" { (ctx.t("Quando", "When")) } th scope="col" { (ctx.t("Chi", "Who")) }
                th scope="col" { (ctx.t("Azione", "Action")) } th scope="col" { (ctx.t("Su", "On")) }
                th scope="col" { (ctx.t("Stato", "State")) } th scope="col" { (ctx.t("Motivo", "Reason")) }
            } }
            tbody { @for e in entries { tr {
                td { (e.at.format("%d/%m/%Y %H:%M")) }
                td { (e.actor) }
                td { code { (e.action) } }
                td { a href=(format!("/moderation/audit?entity_id={}", e.entity_id)) { (e.entity_kind) " " (short(e.entity_id)) } }
                td { @if let (Some(from), Some(to)) = (&e.from_status, &e.to_status) { (from) " → " (to) } @else if let Some(to) = &e.to_status { (to) } }
                td { (e.reason.as_deref().unwrap_or("")) }
            } } }
        }
    }
}

fn short(id: Uuid) -> String {
    id.to_string()
        .chars()
        .rev()
        .take(8)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect()
}

fn pager(ctx: &PageContext, kind: Option<&str>, id: Option<Uuid>, page: u64, total: u64) -> Markup {
    let link = |to: u64| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if let Some(kind) = kind {
            query.append_pair("entity_kind", kind);
        }
        if let Some(id) = id {
            query.append_pair("entity_id", &id.to_string());
        }
        query.append_pair("page", &to.to_string());
        format!("/moderation/audit?{}", query.finish())
    };
    let last = total.div_ceil(PER_PAGE).max(1);
    html! {
        nav aria-label=(ctx.t("Pagine del registro", "Log pages")) {
            p {
                @if page > 1 { a href=(link(page - 1)) { (ctx.t("« più recenti", "« newer")) } " " }
                (ctx.t("pagina ", "page ")) (page) (ctx.t(" di ", " of ")) (last)
                @if page < last { " " a href=(link(page + 1)) { (ctx.t("meno recenti »", "older »")) } }
            }
        }
    }
}

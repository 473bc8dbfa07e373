//! Reported messages in the pages: a participant reports another's message from the
//! conversation (why, and a note); moderators see the reports, open ones first, each with the
//! message and the ones around it, and dismiss the report or hide the message with a reason.

use crate::MessagingState;
use crate::reports::{self, Decision, NewReport, ReportReason, ReportView, Resolution};
use crate::threads;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use connessi_platform::{ApiError, ApiPath, db};
use connessi_web::errors::page_with_problem;
use connessi_web::forms::FormPairs;
use connessi_web::layout::csrf_field;
use connessi_web::sign_in::see_other;
use connessi_web::widgets::{badge, status_message};
use connessi_web::{Lang, Page, PageContext, PageResult};
use maud::{Markup, PreEscaped, html};
use uuid::Uuid;

const REASONS: [ReportReason; 3] = [
    ReportReason::Spam,
    ReportReason::SalesPressure,
    ReportReason::Abuse,
];

fn reason_label(lang: Lang, reason: &str) -> &'static str {
    match reason {
        "spam" => lang.t("Pubblicità indesiderata", "Spam"),
        "sales_pressure" => lang.t("Pressione a comprare", "Pressure to buy"),
        _ => lang.t("Offese o abusi", "Abuse"),
    }
}

/// The small form under another's message in a conversation.
pub fn report_form(ctx: &PageContext, thread: Uuid, message: Uuid) -> Markup {
    let id = |name: &str| format!("{name}-{message}");
    html! {
        details class="connessi-report mt-1" {
            summary class="small" { (ctx.t("Segnala il messaggio", "Report the message")) }
            form method="post" action=(format!("/conversations/{thread}/messages/{message}/report")) class="mt-2" {
                (csrf_field(ctx))
                label class="form-label active" for=(id("reason")) { (ctx.t("Perché", "Why")) }
                select class="form-select mb-2" id=(id("reason")) name="reason" {
                    @for reason in REASONS { option value=(reason.as_str()) { (reason_label(ctx.lang, reason.as_str())) } }
                }
                label class="form-label active" for=(id("note")) { (ctx.t("Nota per la moderazione (facoltativa)", "Note for the moderators (optional)")) }
                textarea class="form-control mb-2" id=(id("note")) name="note" rows="2" {}
                button type="submit" class="btn btn-outline-danger btn-sm" { (ctx.t("Invia la segnalazione", "Send the report")) }
            }
        }
    }
}

pub async fn file(
    State(state): State<MessagingState>,
    ctx: PageContext,
    ApiPath((thread, message)): ApiPath<(Uuid, Uuid)>,
    form: FormPairs,
) -> PageResult<Response> {
    let reason = REASONS
        .into_iter()
        .find(|r| form.one("reason").as_deref() == Some(r.as_str()))
        .unwrap_or(ReportReason::Spam);
    let new = NewReport {
        reason,
        note: form.one("note"),
    };
    let actor = ctx.actor.clone();
    db::write(&state.platform.db, |txn| {
        let (actor, new) = (actor.clone(), new.clone());
        Box::pin(async move {
            let (found, _) = threads::for_participant(txn, &actor, thread).await?;
            reports::file(txn, &actor, found.id, message, new).await
        })
    })
    .await?;
    Ok(see_other(
        &format!("/conversations/{thread}?reported=1"),
        vec![],
    ))
}

pub async fn queue(State(state): State<MessagingState>, ctx: PageContext) -> PageResult<Response> {
    let list = reports::queue(&state.platform.db).await?;
    let done = ctx.flag("done");
    Ok(render(&ctx, &list, done, None))
}

pub async fn resolve(
    State(state): State<MessagingState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<Uuid>,
    form: FormPairs,
) -> PageResult<Response> {
    let action = match form.one("action").as_deref() {
        Some("hide") => Resolution::Hide,
        _ => Resolution::Dismiss,
    };
    let decision = Decision {
        action,
        reason: form.one("reason").unwrap_or_default(),
    };
    let actor = ctx.actor.clone();
    let resolved = db::write(&state.platform.db, |txn| {
        let (actor, decision) = (actor.clone(), decision.clone());
        Box::pin(async move { reports::resolve(txn, &actor, id, decision).await })
    })
    .await;
    match resolved {
        Ok((_, events)) => {
            state.live.committed(events);
            Ok(see_other("/moderation/reports?done=1", vec![]))
        }
        Err(error) if matches!(error.code.status(), 409 | 422) => {
            let list = reports::queue(&state.platform.db).await?;
            Ok(render(&ctx, &list, false, Some((id, &error))))
        }
        Err(error) => Err(error),
    }
}

fn render(
    ctx: &PageContext,
    list: &[ReportView],
    done: bool,
    failed: Option<(Uuid, &ApiError)>,
) -> Response {
    let title = ctx.t("Messaggi segnalati", "Reported messages");
    let open = list.iter().filter(|r| r.resolved_at.is_none()).count();
    let main = html! {
        (connessi_web::areas::moderation_nav(ctx))
        h1 { (title) }
        @if done { (status_message("success", ctx.t("Decisione registrata.", "Decision recorded."))) }
        p { (open) (ctx.t(" da esaminare.", " to review.")) }
        @if list.is_empty() { p { (ctx.t("Nessuna segnalazione.", "No reports.")) } }
        @for report in list {
            @let error = failed.filter(|(id, _)| *id == report.id).map(|(_, e)| e);
            section class="mb-4 border-bottom pb-3" aria-labelledby=(format!("r-{}", report.id)) {
                h2 class="h5" id=(format!("r-{}", report.id)) {
                    (reason_label(ctx.lang, &report.reason)) " "
                    @match &report.resolution {
                        None => (badge("warning", ctx.t("da esaminare", "to review"))),
                        Some(r) if r == "hide" => (badge("danger", ctx.t("messaggio nascosto", "message hidden"))),
                        Some(_) => (badge("secondary", ctx.t("archiviata", "dismissed"))),
                    }
                }
                p class="small" { (ctx.lang.date(report.created_at.date_naive())) @if let Some(note) = &report.note { " · " (note) } }
                (context(ctx, report))
                @if let Some(reason) = &report.resolution_reason { p { (ctx.t("Motivo: ", "Reason: ")) (reason) } }
                @if report.resolved_at.is_none() { (decision_form(ctx, report.id, error)) }
            }
        }
    };
    let page = Page::new(ctx, title, main);
    match failed {
        Some((_, error)) => page_with_problem(page, error),
        None => page.into_response(),
    }
}

fn context(ctx: &PageContext, report: &ReportView) -> Markup {
    let reported = &report.message;
    let before = report.context.iter().filter(|m| m.id < reported.id);
    let after = report.context.iter().filter(|m| m.id > reported.id);
    // body_html is escaped text with links added by the messaging service.
    html! {
        ol class="list-unstyled ms-3 border-start ps-3" aria-label=(ctx.t("Il messaggio e quelli vicini", "The message and those around it")) {
            @for m in before { li class="connessi-muted" { (m.author_side) ": " (PreEscaped(&m.body_html)) } }
            li class="fw-bold connessi-reported" {
                span class="visually-hidden" { (ctx.t("Messaggio segnalato: ", "Reported message: ")) }
                (reported.author_side) ": " (PreEscaped(&reported.body_html))
            }
            @for m in after { li class="connessi-muted" { (m.author_side) ": " (PreEscaped(&m.body_html)) } }
        }
    }
}

fn decision_form(ctx: &PageContext, id: Uuid, error: Option<&ApiError>) -> Markup {
    let field = format!("reason-{id}");
    html! {
        form method="post" action=(format!("/moderation/reports/{id}")) novalidate {
            (csrf_field(ctx))
            @if let Some(error) = error { div class="alert alert-danger" role="alert" { (connessi_web::widgets::problem_text(ctx.lang, error.code, &error.detail)) } }
            label class="form-label active" for=(field) { (ctx.t("Motivo della decisione", "Reason for the decision")) }
            input type="text" class="form-control mb-2" id=(field) name="reason" required;
            button type="submit" name="action" value="dismiss" class="btn btn-outline-primary btn-sm me-2" { (ctx.t("Archivia: il messaggio resta", "Dismiss: the message stays")) }
            button type="submit" name="action" value="hide" class="btn btn-danger btn-sm" { (ctx.t("Nascondi il messaggio", "Hide the message")) }
        }
    }
}

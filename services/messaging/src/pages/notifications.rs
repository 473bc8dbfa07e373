//! Notifications in the app (the newest, unread marked, all marked read at once) and the
//! settings: per kind, whether e-mail brings it at once, in the daily digest, or never.

use crate::MessagingState;
use crate::notify::{Delivery, Kind, inbox, prefs};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use connessi_platform::{ApiError, db};
use connessi_web::errors::page_with_problem;
use connessi_web::forms::FormPairs;
use connessi_web::layout::csrf_field;
use connessi_web::sign_in::see_other;
use connessi_web::widgets::{error_summary, status_message};
use connessi_web::{Lang, Page, PageContext, PageResult};
use maud::html;
use std::collections::BTreeMap;

pub async fn inbox(State(state): State<MessagingState>, ctx: PageContext) -> PageResult<Response> {
    let user = ctx.actor.user()?.id.0;
    let page = inbox::page(&state.platform.db, user, None, 50).await?;
    let title = ctx.t("Notifiche", "Notifications");
    let main = html! {
        h1 { (title) }
        p { (page.unread) (ctx.t(" da leggere. ", " unread. ")) a href="/settings/notifications" { (ctx.t("Come riceverle", "How to get them")) } }
        @if page.unread > 0 {
            form method="post" action="/notifications/read" class="mb-3" {
                (csrf_field(&ctx))
                button type="submit" class="btn btn-outline-primary btn-sm" { (ctx.t("Segna tutte come lette", "Mark all as read")) }
            }
        }
        @if page.items.is_empty() { p { (ctx.t("Nessuna notifica.", "No notifications.")) } }
        ul class="list-unstyled" {
            @for item in &page.items {
                li class="mb-3 border-bottom pb-2" {
                    h2 class="h6 mb-1" {
                        @if !item.read { span class="badge bg-primary me-2" { (ctx.t("Nuova", "New")) } }
                        @match &item.link { Some(link) => a href=(link) { (item.title) }, None => (item.title) }
                    }
                    p class="mb-1" { (item.body) }
                    p class="small mb-0" { (ctx.lang.date(item.created_at.date_naive())) }
                }
            }
        }
    };
    Ok(Page::new(&ctx, title, main).into_response())
}

pub async fn mark_all_read(
    State(state): State<MessagingState>,
    ctx: PageContext,
) -> PageResult<Response> {
    let user = ctx.actor.user()?.id.0;
    inbox::mark_read(&state.platform.db, user, None).await?;
    Ok(see_other("/notifications", vec![]))
}

pub async fn settings(
    State(state): State<MessagingState>,
    ctx: PageContext,
) -> PageResult<Response> {
    let saved = ctx.flag("saved");
    render(&state, &ctx, saved, None).await
}

pub async fn save_settings(
    State(state): State<MessagingState>,
    ctx: PageContext,
    form: FormPairs,
) -> PageResult<Response> {
    let user = ctx.actor.user()?.id.0;
    let given: BTreeMap<String, String> = form.0.iter().cloned().collect();
    let choices = match prefs::parse(&given) {
        Ok(choices) => choices,
        Err(errors) => return render(&state, &ctx, false, Some(&ApiError::from(errors))).await,
    };
    db::write(&state.platform.db, |txn| {
        let choices = choices.clone();
        Box::pin(async move {
            for (kind, delivery) in choices {
                prefs::set(txn, user, kind, delivery).await?;
            }
            Ok(())
        })
    })
    .await?;
    Ok(see_other("/settings/notifications?saved=1", vec![]))
}

async fn render(
    state: &MessagingState,
    ctx: &PageContext,
    saved: bool,
    failed: Option<&ApiError>,
) -> PageResult<Response> {
    let user = ctx.actor.user()?;
    let current = prefs::all(&state.platform.db, user.id.0).await?;
    let email_on = state.platform.settings.email.enabled();
    let deliveries = [Delivery::Immediately, Delivery::Daily, Delivery::Never];
    let title = ctx.t("Impostazioni delle notifiche", "Notification settings");
    let main = html! {
        h1 { (title) }
        @if saved { (status_message("success", ctx.t("Impostazioni salvate.", "Settings saved."))) }
        (error_summary(ctx, failed.map(|e| e.errors.as_slice()).unwrap_or_default()))
        p { (ctx.t("Ogni notifica resta sempre nell'app. Qui scegli se l'e-mail a ", "Every notification always stays in the app. Here you choose whether e-mail to "))
            strong { (user.email) } (ctx.t(" la porta subito, nel riepilogo giornaliero o mai.", " brings it at once, in the daily digest, or never.")) }
        @if !email_on { (status_message("info", ctx.t("L'invio di e-mail non è configurato su questa installazione: vale solo l'app.", "Sending e-mail is not configured on this installation: only the app applies."))) }
        form method="post" action="/settings/notifications" {
            (csrf_field(ctx))
            table class="table" {
                caption class="visually-hidden" { (title) }
                thead { tr {
                    th scope="col" { (ctx.t("Notifica", "Notification")) }
                    @for d in deliveries { th scope="col" { (delivery_label(ctx.lang, d)) } }
                } }
                tbody {
                    @for p in &current {
                        tr {
                            th scope="row" id=(format!("k-{}", p.kind.as_str())) { (kind_label(ctx.lang, p.kind)) }
                            @for d in deliveries {
                                td {
                                    input type="radio" class="form-check-input" name=(p.kind.as_str()) value=(d.as_str())
                                        id=(format!("{}-{}", p.kind.as_str(), d.as_str())) checked[p.delivery == d];
                                    label class="visually-hidden" for=(format!("{}-{}", p.kind.as_str(), d.as_str())) {
                                        (kind_label(ctx.lang, p.kind)) ": " (delivery_label(ctx.lang, d))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            button type="submit" class="btn btn-primary" { (ctx.t("Salva", "Save")) }
        }
    };
    let page = Page::new(ctx, title, main);
    Ok(match failed {
        Some(error) => page_with_problem(page, error),
        None => page.into_response(),
    })
}

fn delivery_label(lang: Lang, delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::Immediately => lang.t("Subito", "At once"),
        Delivery::Daily => lang.t("Riepilogo giornaliero", "Daily digest"),
        Delivery::Never => lang.t("Mai per e-mail", "Never by e-mail"),
    }
}

fn kind_label(lang: Lang, kind: Kind) -> &'static str {
    match kind {
        Kind::OfferApproved => lang.t("Offerta approvata", "Offer approved"),
        Kind::OfferChangesRequested => lang.t(
            "Modifiche richieste a un'offerta",
            "Changes asked for an offer",
        ),
        Kind::OfferRejected => lang.t("Offerta respinta", "Offer rejected"),
        Kind::OfferSuspended => lang.t("Offerta sospesa", "Offer suspended"),
        Kind::RequestReceived => lang.t("Nuova richiesta ricevuta", "New request received"),
        Kind::RequestAccepted => lang.t("Richiesta accettata", "Request accepted"),
        Kind::RequestDeclined => lang.t("Richiesta rifiutata", "Request declined"),
        Kind::RequestExpired => lang.t("Richiesta scaduta", "Request expired"),
        Kind::RequestReminder => lang.t("Promemoria di una richiesta", "Request reminder"),
        Kind::FreePeriodEnding => lang.t("Periodo gratuito in scadenza", "Free period ending"),
        Kind::FollowUpQuestion => lang.t("Domanda su com'è andata", "Question on how it went"),
        Kind::RoundResult => lang.t(
            "Esito di un turno di assegnazione",
            "Allocation round result",
        ),
        Kind::MessageReceived => lang.t("Nuovo messaggio", "New message"),
    }
}

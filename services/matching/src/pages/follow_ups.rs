//! How it went: the questions put to the shop some time after an onboarding, each answered
//! once with a form (live, still in use, satisfaction 1–5, pressure to buy, a comment), and
//! the answers already given.

use crate::MatchingState;
use crate::followups::{self, FollowUpAnswer, FollowUpView};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use connessi_platform::{ApiError, ApiPath, db};
use connessi_web::errors::page_with_problem;
use connessi_web::forms::FormPairs;
use connessi_web::layout::csrf_field;
use connessi_web::sign_in::see_other;
use connessi_web::widgets::{error_summary, field_textarea, radios, status_message, yes_no};
use connessi_web::{Page, PageContext, PageResult};
use maud::{Markup, html};
use uuid::Uuid;

pub async fn page(State(state): State<MatchingState>, ctx: PageContext) -> PageResult<Response> {
    let shop = ctx.own_shop()?.0;
    let list = followups::of_shop(&state.platform.db, shop).await?;
    let thanked = ctx.flag("answered");
    Ok(render(&ctx, &list, thanked, None))
}

pub async fn answer(
    State(state): State<MatchingState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<Uuid>,
    form: FormPairs,
) -> PageResult<Response> {
    let shop = ctx.own_shop()?.0;
    let flag = |name: &str| form.one(name).map(|v| v == "true");
    let typed = FollowUpAnswer {
        live: flag("live").unwrap_or(false),
        still_using: flag("still_using").unwrap_or(false),
        satisfaction: form
            .one("satisfaction")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0),
        sales_pressure: flag("sales_pressure").unwrap_or(false),
        comment: form.one("comment"),
    };
    let checked = typed.checked().map_err(ApiError::from);
    let actor = ctx.actor.clone();
    let saved = match checked {
        Ok(answer) => {
            db::write(&state.platform.db, |txn| {
                let (actor, answer) = (actor.clone(), answer.clone());
                Box::pin(async move { followups::answer(txn, &actor, shop, id, answer).await })
            })
            .await
        }
        Err(error) => Err(error),
    };
    match saved {
        Ok(_) => Ok(see_other("/shop/follow-ups?answered=1", vec![])),
        Err(error) if matches!(error.code.status(), 409 | 422) => {
            let list = followups::of_shop(&state.platform.db, shop).await?;
            Ok(render(&ctx, &list, false, Some((id, &error))))
        }
        Err(error) => Err(error),
    }
}

fn render(
    ctx: &PageContext,
    list: &[FollowUpView],
    thanked: bool,
    failed: Option<(Uuid, &ApiError)>,
) -> Response {
    let title = ctx.t("Com'è andata", "How did it go");
    let main = html! {
        (connessi_web::areas::shop_nav(ctx))
        h1 { (title) }
        @if thanked { (status_message("success", ctx.t("Grazie: la tua risposta aiuta le altre attività a scegliere.", "Thank you: your answer helps other businesses choose."))) }
        @if let Some((_, error)) = failed.filter(|(_, e)| e.errors.is_empty()) {
            div class="alert alert-danger" role="alert" { (connessi_web::widgets::problem_text(ctx.lang, error.code, &error.detail)) }
        }
        @if list.is_empty() {
            p { (ctx.t("Nessuna domanda per ora: te le faremo qualche settimana dopo ogni attivazione.", "No questions for now: we ask them some weeks after each onboarding.")) }
        }
        @for item in list {
            section class="mb-4" aria-labelledby=(format!("q-{}", item.id)) {
                h2 class="h5" id=(format!("q-{}", item.id)) {
                    (item.offer_title) " — " (item.after_days) (ctx.t(" giorni dopo l'attivazione", " days after onboarding"))
                }
                @match &item.answer {
                    Some(answer) => (answered(ctx, answer)),
                    None => {
                        @let errors = failed.filter(|(id, _)| *id == item.id).map(|(_, e)| e.errors.as_slice()).unwrap_or_default();
                        (error_summary(ctx, errors))
                        (question_form(ctx, item.id))
                    }
                }
            }
        }
    };
    let page = Page::new(ctx, title, main);
    match failed {
        Some((_, error)) => page_with_problem(page, error),
        None => page.into_response(),
    }
}

fn question_form(ctx: &PageContext, id: Uuid) -> Markup {
    let scores: Vec<(String, String)> = (1..=5).map(|n| (n.to_string(), n.to_string())).collect();
    html! {
        form method="post" action=(format!("/shop/follow-ups/{id}")) novalidate {
            (csrf_field(ctx))
            (yes_no(ctx.lang, "live", ctx.t("Il servizio è attivo per la tua attività?", "Is the service up and running for your business?"), None))
            (yes_no(ctx.lang, "still_using", ctx.t("Lo usi ancora?", "Do you still use it?"), None))
            (radios("satisfaction", ctx.t("Quanto sei soddisfatto? (1 per niente, 5 molto)", "How satisfied are you? (1 not at all, 5 very)"), &scores, ""))
            (yes_no(ctx.lang, "sales_pressure", ctx.t("Il fornitore ti ha spinto a comprare?", "Did the provider push you to buy?"), None))
            (field_textarea("comment", ctx.t("Altro da dire (facoltativo)", "Anything else (optional)"), "", false))
            button type="submit" class="btn btn-primary" { (ctx.t("Invia la risposta", "Send the answer")) }
        }
    }
}

fn answered(ctx: &PageContext, answer: &FollowUpAnswer) -> Markup {
    let yes_no = |value: bool| {
        if value {
            ctx.t("sì", "yes")
        } else {
            ctx.t("no", "no")
        }
    };
    html! {
        dl class="row" {
            dt class="col-sm-5" { (ctx.t("Attivo", "Up and running")) } dd class="col-sm-7" { (yes_no(answer.live)) }
            dt class="col-sm-5" { (ctx.t("Ancora in uso", "Still in use")) } dd class="col-sm-7" { (yes_no(answer.still_using)) }
            dt class="col-sm-5" { (ctx.t("Soddisfazione", "Satisfaction")) } dd class="col-sm-7" { (answer.satisfaction) " / 5" }
            dt class="col-sm-5" { (ctx.t("Pressione a comprare", "Pressure to buy")) } dd class="col-sm-7" { (yes_no(answer.sales_pressure)) }
            @if let Some(comment) = &answer.comment {
                dt class="col-sm-5" { (ctx.t("Commento", "Comment")) } dd class="col-sm-7" { (comment) }
            }
        }
    }
}

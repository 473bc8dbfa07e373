//! Registering a business and its profile with the needs questionnaire: where it is (picked
//! by name), its sector and size, six yes-or-no questions on digital tools, what it needs,
//! its languages and the priority attributes public programmes weigh. Saved through the
//! same checks as `PUT /api/v1/shops/{id}/profile`; what does not pass comes back filled in.

use crate::MatchingState;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use connessi_domain::shop::{PriorityAttribute, ShopProfile, SkillsAssessment};
use connessi_platform::organisations::{checked_name, create_shop};
use connessi_platform::{ApiError, db};
use connessi_web::errors::page_with_problem;
use connessi_web::forms::FormPairs;
use connessi_web::layout::csrf_field;
use connessi_web::sign_in::see_other;
use connessi_web::widgets::{error_summary, field_text, status_message};
use connessi_web::{Lang, Page, PageContext, PageResult, territory_picker};
use maud::{Markup, html};
use serde::Deserialize;

fn register_form(ctx: &PageContext, name: &str, failed: Option<&ApiError>) -> Response {
    let title = ctx.t("Registra la tua attività", "Register your business");
    let main = html! {
        h1 { (title) }
        p { (ctx.t("Negozi, artigiani e cooperative di quartiere si registrano qui per chiedere le offerte gratuite. Chi registra l'attività ne diventa titolare nell'area.",
                   "Neighbourhood shops, artisans and cooperatives register here to ask for the free offers. Whoever registers the business becomes its owner here."))}
        (error_summary(ctx, failed.map(|e| e.errors.as_slice()).unwrap_or_default()))
        form method="post" action="/shop/register" novalidate {
            (csrf_field(ctx))
            (field_text("name", ctx.t("Nome dell'attività", "Name of the business"), "text", name, true))
            button type="submit" class="btn btn-primary" { (ctx.t("Registra", "Register")) }
        }
    };
    let page = Page::new(ctx, title, main);
    match failed {
        Some(error) => page_with_problem(page, error),
        None => page.into_response(),
    }
}

pub async fn register_page(ctx: PageContext) -> PageResult<Response> {
    ctx.actor.user()?;
    Ok(register_form(&ctx, "", None))
}

pub async fn register(
    State(state): State<MatchingState>,
    ctx: PageContext,
    form: FormPairs,
) -> PageResult<Response> {
    let typed = form.one("name").unwrap_or_default();
    let name = match checked_name(&typed) {
        Ok(name) => name,
        Err(error) => return Ok(register_form(&ctx, &typed, Some(&error))),
    };
    let actor = ctx.actor.clone();
    db::write(&state.platform.db, |txn| {
        let (actor, name) = (actor.clone(), name.clone());
        Box::pin(async move { create_shop(txn, &actor, &name).await })
    })
    .await?;
    Ok(see_other("/shop/profile", vec![]))
}

#[derive(Debug, Deserialize)]
pub struct Saved {
    saved: Option<u8>,
}

pub async fn page(
    State(state): State<MatchingState>,
    ctx: PageContext,
    Query(saved): Query<Saved>,
) -> PageResult<Response> {
    let shop = ctx.own_shop()?.0;
    let view = crate::profile::get(&state.platform.db, shop).await?;
    let notice = match (&view, saved.saved.is_some()) {
        (_, true) => Some(status_message(
            "success",
            ctx.t("Profilo salvato.", "Profile saved."),
        )),
        (None, false) => Some(status_message(
            "info",
            ctx.t(
                "Compila il profilo: i consigli seguono il luogo e i bisogni della tua attività.",
                "Fill in the profile: recommendations follow your business's place and needs.",
            ),
        )),
        _ => None,
    };
    let verified = view.as_ref().is_some_and(|v| v.priority_verified);
    let profile = view.map(|v| v.profile);
    Ok(profile_form(&ctx, profile.as_ref(), notice, verified, None))
}

pub async fn save(
    State(state): State<MatchingState>,
    ctx: PageContext,
    form: FormPairs,
) -> PageResult<Response> {
    let shop = ctx.own_shop()?.0;
    let typed = read(ctx.lang, &form);
    let profile = match typed.clone().checked() {
        Ok(profile) => profile,
        Err(errors) => {
            let error = ApiError::from(errors);
            return Ok(profile_form(&ctx, Some(&typed), None, false, Some(&error)));
        }
    };
    let actor = ctx.actor.clone();
    db::write(&state.platform.db, |txn| {
        let (actor, profile) = (actor.clone(), profile.clone());
        Box::pin(async move { crate::profile::save(txn, &actor, shop, profile).await })
    })
    .await?;
    Ok(see_other("/shop/profile?saved=1", vec![]))
}

/// The profile as typed; the comune is resolved from its name, or kept as typed so the
/// check names it.
fn read(lang: Lang, form: &FormPairs) -> ShopProfile {
    let typed_place = form.one("comune").unwrap_or_default();
    let comune = territory_picker::resolve(lang, &typed_place)
        .map(|place| place.code)
        .unwrap_or(typed_place);
    let yes = |name: &str| form.one(name).is_some();
    ShopProfile {
        partita_iva: form.one("partita_iva"),
        sector: form.one("sector").unwrap_or_default(),
        comune,
        size: form.one("size").unwrap_or_default(),
        skills: SkillsAssessment {
            uses_email_daily: yes("skills.uses_email_daily"),
            has_website: yes("skills.has_website"),
            sells_online: yes("skills.sells_online"),
            takes_digital_payments: yes("skills.takes_digital_payments"),
            posts_on_social_media: yes("skills.posts_on_social_media"),
            uses_management_software: yes("skills.uses_management_software"),
        },
        need_categories: form.all("need_categories"),
        needs_text: form.one("needs_text").unwrap_or_default(),
        languages: form.all("languages"),
        priority_attributes: form
            .all("priority_attributes")
            .iter()
            .filter_map(|code| {
                PriorityAttribute::ALL
                    .into_iter()
                    .find(|a| a.as_str() == code)
            })
            .collect(),
    }
}

fn profile_form(
    ctx: &PageContext,
    profile: Option<&ShopProfile>,
    notice: Option<Markup>,
    verified: bool,
    failed: Option<&ApiError>,
) -> Response {
    let title = ctx.t("Profilo e bisogni", "Profile and needs");
    let empty = ShopProfile {
        partita_iva: None,
        sector: String::new(),
        comune: String::new(),
        size: String::new(),
        skills: SkillsAssessment::default(),
        need_categories: vec![],
        needs_text: String::new(),
        languages: vec!["it".into()],
        priority_attributes: vec![],
    };
    let p = profile.unwrap_or(&empty);
    let main = html! {
        (connessi_web::areas::shop_nav(ctx))
        h1 { (title) }
        @if let Some(notice) = notice { (notice) }
        (error_summary(ctx, failed.map(|e| e.errors.as_slice()).unwrap_or_default()))
        form method="post" action="/shop/profile" class="mt-4" novalidate {
            (csrf_field(ctx))
            (super::questionnaire::about(ctx, p))
            (super::questionnaire::skills(ctx, &p.skills))
            (super::questionnaire::priorities(ctx, &p.priority_attributes, verified))
            button type="submit" class="btn btn-primary" { (ctx.t("Salva il profilo", "Save the profile")) }
        }
    };
    let page = Page::new(ctx, title, main);
    match failed {
        Some(error) => page_with_problem(page, error),
        None => page.into_response(),
    }
}

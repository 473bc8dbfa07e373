//! The parts of the shop's questionnaire: who and where the business is and what it needs,
//! the digital-skills self-assessment, and the priority attributes (declared by the shop,
//! verified by a moderator).

use connessi_domain::shop::{PriorityAttribute, SIZES, ShopProfile, SkillsAssessment};
use connessi_domain::vocab::{CATEGORIES, LANGUAGES, SECTORS};
use connessi_web::widgets::{checkboxes, field_select, field_text, field_textarea, radios};
use connessi_web::{Lang, PageContext, territory_picker};
use maud::{Markup, html};

/// The business's identity and place, the first part of the form.
pub fn about(ctx: &PageContext, p: &ShopProfile) -> Markup {
    let lang = ctx.lang;
    let mut sectors = vec![(String::new(), ctx.t("Scegli…", "Choose…").to_owned())];
    sectors.extend(
        SECTORS
            .terms
            .iter()
            .map(|t| (t.code.to_owned(), lang.term(t).to_owned())),
    );
    let sizes: Vec<(String, String)> = SIZES
        .iter()
        .map(|code| ((*code).to_owned(), size_label(lang, code).to_owned()))
        .collect();
    let place = territory_picker::label_of(lang, &p.comune).unwrap_or_else(|| p.comune.clone());
    html! {
        (field_text("partita_iva", ctx.t("Partita IVA (facoltativa per le attività più piccole)", "Partita IVA (optional for the smallest businesses)"), "text", p.partita_iva.as_deref().unwrap_or(""), false))
        (field_select("sector", ctx.t("Settore", "Sector"), &sectors, &p.sector))
        div class="mb-3" {
            (territory_picker::field_above(lang, "comune", "comune", &place, ctx.t("Comune dove si trova l'attività", "Comune where the business is")))
        }
        (radios("size", ctx.t("Dimensione", "Size"), &sizes, &p.size))
        (checkboxes(lang, "languages", ctx.t("Lingue in cui lavori", "Languages you work in"), &LANGUAGES, &p.languages))
        (field_textarea("needs_text", ctx.t("Di cosa hai bisogno, con parole tue (facoltativo)", "What you need, in your own words (optional)"), &p.needs_text, false))
        (checkboxes(lang, "need_categories", ctx.t("Di cosa hai bisogno (fino a 5)", "What you need (up to 5)"), &CATEGORIES, &p.need_categories))
    }
}

fn size_label(lang: Lang, code: &str) -> &'static str {
    match code {
        "solo" => lang.t("Solo io", "Just me"),
        "micro" => lang.t("2–9 persone", "2–9 people"),
        "small" => lang.t("10–49 persone", "10–49 people"),
        _ => lang.t("50–249 persone", "50–249 people"),
    }
}

/// The six yes-or-no questions; a ticked box is a yes.
pub fn skills(ctx: &PageContext, skills: &SkillsAssessment) -> Markup {
    let questions = [
        (
            "uses_email_daily",
            skills.uses_email_daily,
            ctx.t(
                "Uso la posta elettronica ogni giorno",
                "I use e-mail every day",
            ),
        ),
        (
            "has_website",
            skills.has_website,
            ctx.t("Ho un sito web", "I have a website"),
        ),
        (
            "sells_online",
            skills.sells_online,
            ctx.t("Vendo già online", "I already sell online"),
        ),
        (
            "takes_digital_payments",
            skills.takes_digital_payments,
            ctx.t("Accetto pagamenti digitali", "I take digital payments"),
        ),
        (
            "posts_on_social_media",
            skills.posts_on_social_media,
            ctx.t("Pubblico sui social", "I post on social media"),
        ),
        (
            "uses_management_software",
            skills.uses_management_software,
            ctx.t("Uso un gestionale", "I use management software"),
        ),
    ];
    html! {
        fieldset id="skills" class="mb-3" {
            legend class="h6" { (ctx.t("Strumenti digitali che usi già", "Digital tools you already use")) }
            @for (field, checked, label) in questions {
                @let id = format!("skills-{field}");
                div class="form-check" {
                    input type="checkbox" id=(id) name=(format!("skills.{field}")) value="true" checked[checked];
                    label for=(id) { (label) }
                }
            }
        }
    }
}

/// The attributes public programmes give priority to, and whether a moderator verified them.
pub fn priorities(ctx: &PageContext, chosen: &[PriorityAttribute], verified: bool) -> Markup {
    html! {
        fieldset id="priority_attributes" class="mb-3" {
            legend class="h6" { (ctx.t("Caratteristiche che danno priorità (facoltative)", "Attributes that give priority (optional)")) }
            p class="small" {
                @if verified && !chosen.is_empty() {
                    (ctx.t("Verificate dalla moderazione. Se le cambi, andranno verificate di nuovo.", "Verified by the moderators. Changing them undoes the verification."))
                } @else {
                    (ctx.t("Le verifica la moderazione prima che contino nei turni di assegnazione.", "The moderators verify them before they count in allocation rounds."))
                }
            }
            @for attribute in PriorityAttribute::ALL {
                @let id = format!("priority_attributes-{}", attribute.as_str());
                div class="form-check" {
                    input type="checkbox" id=(id) name="priority_attributes" value=(attribute.as_str()) checked[chosen.contains(&attribute)];
                    label for=(id) { (priority_label(ctx.lang, attribute)) }
                }
            }
        }
    }
}

pub fn priority_label(lang: Lang, attribute: PriorityAttribute) -> &'static str {
    match attribute {
        PriorityAttribute::WomenLed => lang.t("Guidata da donne", "Led by women"),
        PriorityAttribute::YouthLed => lang.t("Guidata da under 35", "Led by people under 35"),
        PriorityAttribute::InnerArea => lang.t(
            "In area interna o periferica",
            "In an inner or peripheral area",
        ),
        PriorityAttribute::SocialCooperative => lang.t("Cooperativa sociale", "Social cooperative"),
        PriorityAttribute::WorkersBuyout => {
            lang.t("Rilevata dai lavoratori", "Taken over by its workers")
        }
        PriorityAttribute::ConfiscatedAssets => lang.t(
            "Su beni confiscati alle mafie",
            "On assets confiscated from organised crime",
        ),
    }
}

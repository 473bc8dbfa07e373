//! The offer editor's form: every field of an offer's content, named as the API names it
//! (`after_free_period.price`), so a validation error's `field` points at its input; and the
//! reading of a posted form back into [`OfferContent`].

use connessi_domain::OfferContent;
use connessi_domain::offer::{AfterFreePeriod, FreePeriod, Localized, Onboarding};
use connessi_domain::territory::{Territory, istat};
use connessi_domain::vocab::{self, Vocabulary};
use connessi_web::forms::FormPairs;
use connessi_web::widgets::{checkboxes, field_select, field_text, field_textarea};
use connessi_web::{Lang, PageContext};
use maud::{Markup, html};

/// The content a posted form describes; the checks come after, as for the API.
pub fn read(form: &FormPairs) -> OfferContent {
    let text = |name: &str| form.one(name).unwrap_or_default();
    let number = |name: &str| form.one(name).and_then(|v| v.parse::<u32>().ok());
    let date = |name: &str| form.one(name).and_then(|v| v.parse().ok());
    let codes = |name: &str| -> Vec<String> {
        form.one(name)
            .map(|v| {
                v.split([',', ' '])
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(|c| c.to_uppercase())
                    .collect()
            })
            .unwrap_or_default()
    };
    let en = |name: &str| form.one(name).filter(|v| !v.is_empty());
    OfferContent {
        title: Localized {
            it: text("title.it"),
            en: en("title.en"),
        },
        description: Localized {
            it: text("description.it"),
            en: en("description.en"),
        },
        categories: form.all("categories"),
        sectors: form.all("sectors"),
        territory: Territory {
            national: form.one("territory.national").is_some(),
            regions: form.all("territory.regions"),
            provinces: codes("territory.provinces"),
            comuni: codes("territory.comuni"),
        },
        delivery_mode: text("delivery_mode"),
        format: text("format"),
        skill_level: text("skill_level"),
        languages: form.all("languages"),
        free_of_charge_confirmed: form.one("free_of_charge_confirmed").is_some(),
        free_period: FreePeriod {
            months: number("free_period.months").and_then(|m| u16::try_from(m).ok()),
            until: date("free_period.until"),
        },
        after_free_period: AfterFreePeriod {
            price: text("after_free_period.price"),
            monthly_price_cents: form
                .one("after_free_period.monthly_price")
                .and_then(|v| v.replace(',', ".").parse::<f64>().ok())
                .map(|euros| (euros * 100.0).round() as u32),
            minimum_commitment_months: number("after_free_period.minimum_commitment_months")
                .and_then(|m| u16::try_from(m).ok())
                .unwrap_or(0),
            automatic_renewal: form.one("after_free_period.automatic_renewal").is_some(),
            data_export: text("after_free_period.data_export"),
        },
        capacity: number("capacity"),
        onboarding: Onboarding {
            description: text("onboarding.description"),
            duration_days: number("onboarding.duration_days")
                .and_then(|d| u16::try_from(d).ok())
                .unwrap_or(0),
        },
        available_until: date("available_until"),
    }
}

fn choice(lang: Lang, name: &str, label: &str, vocabulary: &Vocabulary, chosen: &str) -> Markup {
    let options: Vec<(String, String)> = vocabulary
        .terms
        .iter()
        .map(|t| (t.code.to_owned(), lang.term(t).to_owned()))
        .collect();
    field_select(name, label, &options, chosen)
}

fn optional<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The editor's fields, filled with `c`.
pub fn fields(ctx: &PageContext, c: &OfferContent) -> Markup {
    let lang = ctx.lang;
    let a = &c.after_free_period;
    let regions: Vec<_> = istat().regions.values().collect();
    html! {
        fieldset class="mb-4" {
            legend class="h4" { (ctx.t("L'offerta", "The offer")) }
            (field_text("title.it", ctx.t("Titolo (italiano)", "Title (Italian)"), "text", &c.title.it, true))
            (field_text("title.en", ctx.t("Titolo (inglese, facoltativo)", "Title (English, optional)"), "text", c.title.en.as_deref().unwrap_or(""), false))
            (field_textarea("description.it", ctx.t("Descrizione (italiano)", "Description (Italian)"), &c.description.it, true))
            (field_textarea("description.en", ctx.t("Descrizione (inglese, facoltativa)", "Description (English, optional)"), c.description.en.as_deref().unwrap_or(""), false))
            (checkboxes(lang, "categories", ctx.t("Tipo di servizio (da 1 a 5)", "Kind of service (1 to 5)"), &vocab::CATEGORIES, &c.categories))
            (checkboxes(lang, "sectors", ctx.t("Settori a cui si rivolge", "Sectors it is for"), &vocab::SECTORS, &c.sectors))
            (checkboxes(lang, "languages", ctx.t("Lingue", "Languages"), &vocab::LANGUAGES, &c.languages))
            (choice(lang, "delivery_mode", ctx.t("Modalità", "Delivery"), &vocab::DELIVERY_MODES, &c.delivery_mode))
            (choice(lang, "format", ctx.t("Formato", "Format"), &vocab::FORMATS, &c.format))
            (choice(lang, "skill_level", ctx.t("Livello richiesto", "Skill level"), &vocab::SKILL_LEVELS, &c.skill_level))
        }
        fieldset class="mb-4" id="territory" {
            legend class="h4" { (ctx.t("Dove è disponibile", "Where it is available")) }
            div class="form-check" {
                input type="checkbox" id="territory-national" name="territory.national" value="true" checked[c.territory.national];
                label for="territory-national" { (ctx.t("In tutta Italia", "All of Italy")) }
            }
            fieldset id="territory-regions" class="mb-3" {
                legend class="h6" { (ctx.t("Regioni", "Regions")) }
                @for region in &regions {
                    @let id = format!("territory-regions-{}", region.code);
                    div class="form-check form-check-inline" {
                        input type="checkbox" id=(id) name="territory.regions" value=(region.code) checked[c.territory.regions.contains(&region.code)];
                        label for=(id) { (region.name) }
                    }
                }
            }
            (field_text("territory.provinces", ctx.t("Province (sigle separate da virgole, es. TV, VE)", "Provinces (plates separated by commas, e.g. TV, VE)"), "text", &c.territory.provinces.join(", "), false))
            (field_text("territory.comuni", ctx.t("Comuni (codici ISTAT separati da virgole)", "Comuni (ISTAT codes separated by commas)"), "text", &c.territory.comuni.join(", "), false))
        }
        fieldset class="mb-4" {
            legend class="h4" { (ctx.t("Gratis, e dopo", "Free, and afterwards")) }
            div class="form-check mb-3" {
                input type="checkbox" id="free_of_charge_confirmed" name="free_of_charge_confirmed" value="true" checked[c.free_of_charge_confirmed];
                label for="free_of_charge_confirmed" { (ctx.t("Confermo che nel periodo gratuito non si paga nulla, attivazione compresa", "I confirm nothing is paid during the free period, set-up included")) }
            }
            (field_text("free_period.months", ctx.t("Mesi gratuiti (da 1 a 36), oppure…", "Free months (1 to 36), or…"), "number", &optional(c.free_period.months), false))
            (field_text("free_period.until", ctx.t("…gratis fino al giorno", "…free until the day"), "date", &optional(c.free_period.until), false))
            (field_text("after_free_period.price", ctx.t("Prezzo dopo il periodo gratuito, in parole", "Price after the free period, in words"), "text", &a.price, true))
            (field_text("after_free_period.monthly_price", ctx.t("Prezzo al mese in euro (facoltativo)", "Monthly price in euros (optional)"), "text",
                &a.monthly_price_cents.map(|c| format!("{}.{:02}", c / 100, c % 100)).unwrap_or_default(), false))
            (field_text("after_free_period.minimum_commitment_months", ctx.t("Impegno minimo in mesi", "Minimum commitment in months"), "number", &a.minimum_commitment_months.to_string(), false))
            div class="form-check mb-3" {
                input type="checkbox" id="after_free_period-automatic_renewal" name="after_free_period.automatic_renewal" value="true" checked[a.automatic_renewal];
                label for="after_free_period-automatic_renewal" { (ctx.t("Si rinnova automaticamente (non ammesso)", "Renews automatically (not allowed)")) }
            }
            (field_textarea("after_free_period.data_export", ctx.t("Come si lascia il servizio portando via i dati", "How to leave taking the data"), &a.data_export, true))
        }
        fieldset class="mb-4" {
            legend class="h4" { (ctx.t("Attivazione e posti", "Onboarding and places")) }
            (field_textarea("onboarding.description", ctx.t("Come avviene l'attivazione", "How onboarding works"), &c.onboarding.description, true))
            (field_text("onboarding.duration_days", ctx.t("Durata dell'attivazione in giorni", "Onboarding length in days"), "number", &c.onboarding.duration_days.to_string(), true))
            (field_text("capacity", ctx.t("Posti (vuoto: senza limite)", "Places (empty: no limit)"), "number", &optional(c.capacity), false))
            (field_text("available_until", ctx.t("Si può richiedere fino al (facoltativo)", "Can be requested until (optional)"), "date", &optional(c.available_until), false))
        }
    }
}

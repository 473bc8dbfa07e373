//! The snippet generator of an embed's page: the embedder picks the territory, the kinds of
//! service, the language and the accent colour; the page shows the two lines to paste and the
//! widget itself as it will look, updated as the choices change (`partial=snippet`).

use connessi_domain::vocab;
use connessi_web::territory_picker;
use connessi_web::widgets::checkboxes;
use connessi_web::widgets::field_select;
use connessi_web::{Lang, PageContext};
use maud::{Markup, html};

/// The generator's choices, as the form sends them (the query string of the page).
#[derive(Debug, Default)]
pub struct Choices {
    pub territory: String,
    pub categories: Vec<String>,
    pub lang: String,
    pub accent: String,
    pub partial: Option<String>,
    pub done: Option<String>,
}

impl Choices {
    /// Reads a query string; ticked categories repeat their name.
    pub fn parse(query: Option<&str>) -> Choices {
        let mut choices = Choices::default();
        for (name, value) in url::form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            let value = value.into_owned();
            match name.as_ref() {
                "territory" => choices.territory = value,
                "categories" => choices.categories.push(value),
                "lang" => choices.lang = value,
                "accent" => choices.accent = value,
                "partial" => choices.partial = Some(value),
                "done" => choices.done = Some(value),
                _ => {}
            }
        }
        choices
    }
}

/// The widget's attributes for `choices`, each checked (unknown values are left out).
pub struct Attributes {
    pub territory: Option<territory_picker::PickedPlace>,
    pub categories: Vec<String>,
    pub lang: Lang,
    pub accent: String,
    /// The territory as typed, when it named no place.
    pub unknown_territory: Option<String>,
}

fn accent_of(text: &str) -> String {
    let text = text.trim().to_ascii_lowercase();
    let hex = text.strip_prefix('#').unwrap_or("");
    if hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        text
    } else {
        "#0066cc".to_owned()
    }
}

impl Attributes {
    pub fn of(ctx: &PageContext, choices: &Choices) -> Attributes {
        let typed = choices.territory.trim();
        let territory = (!typed.is_empty())
            .then(|| territory_picker::resolve(ctx.lang, typed))
            .flatten();
        Attributes {
            unknown_territory: (territory.is_none() && !typed.is_empty()).then(|| typed.to_owned()),
            territory,
            categories: choices
                .categories
                .iter()
                .filter(|c| vocab::CATEGORIES.contains(c))
                .cloned()
                .collect(),
            lang: Lang::from_code(&choices.lang).unwrap_or(ctx.lang),
            accent: accent_of(&choices.accent),
        }
    }

    /// The element's opening tag and attributes, as text to paste.
    fn element(&self, key: &str) -> String {
        let mut tag = format!("<connessi-search key=\"{key}\"");
        if let Some(place) = &self.territory {
            tag.push_str(&format!(" territory=\"{}\"", place.code));
        }
        if !self.categories.is_empty() {
            tag.push_str(&format!(" categories=\"{}\"", self.categories.join(",")));
        }
        tag.push_str(&format!(
            " lang=\"{}\" accent=\"{}\"></connessi-search>",
            self.lang.code(),
            self.accent
        ));
        tag
    }
}

/// The two lines to paste.
pub fn snippet(public_url: &str, key: &str, attributes: &Attributes) -> String {
    format!(
        "<script src=\"{}/widget/connessi-search.js\" async></script>\n{}",
        public_url.trim_end_matches('/'),
        attributes.element(key)
    )
}

/// The form of choices.
pub fn form(ctx: &PageContext, action: &str, choices: &Choices, attributes: &Attributes) -> Markup {
    let languages =
        [("it", "Italiano"), ("en", "English")].map(|(v, l)| (v.to_owned(), l.to_owned()));
    html! {
        form method="get" action=(action) data-snippet-generator class="mb-4" {
            div class="pt-4 mb-3" {
                (territory_picker::field_above(ctx.lang, "territory", "territory", choices.territory.trim(),
                    ctx.t("Territorio delle offerte (vuoto: tutta Italia)", "Territory of the offers (empty: all of Italy)")))
            }
            (checkboxes(ctx.lang, "categories", ctx.t("Tipi di servizio mostrati (nessuno: tutti)", "Kinds of service shown (none: all)"),
                        &vocab::CATEGORIES, &attributes.categories))
            (field_select("lang", ctx.t("Lingua del widget", "Widget language"), &languages, attributes.lang.code()))
            div class="mb-3" {
                label for="accent" class="form-label d-block" { (ctx.t("Colore principale", "Accent colour")) }
                input type="color" id="accent" name="accent" value=(attributes.accent);
            }
            button type="submit" class="btn btn-outline-primary" { (ctx.t("Aggiorna codice e anteprima", "Update code and preview")) }
        }
    }
}

/// The code to paste and the live preview, replaced as a whole when a choice changes.
pub fn output(ctx: &PageContext, public_url: &str, key: &str, attributes: &Attributes) -> Markup {
    html! {
        @if let Some(typed) = &attributes.unknown_territory {
            p class="text-danger" {
                "«" (typed) "» " (ctx.t("non è (ancora) un comune, una provincia o una regione: il widget cerca in tutta Italia.",
                                       "is not (yet) a comune, province or region: the widget searches all of Italy."))
            }
        }
        h2 class="h4" { (ctx.t("Il codice da incollare nel sito", "The code to paste into your site")) }
        pre class="connessi-snippet" { code id="snippet" { (snippet(public_url, key, attributes)) } }
        h2 class="h4" { (ctx.t("Anteprima", "Preview")) }
        p class="connessi-muted" { (ctx.t("Così apparirà il widget. L'anteprima funziona anche prima dell'approvazione e non conta nelle statistiche.",
                                          "This is how the widget will look. The preview works before approval too and is not counted in the figures.")) }
        div class="connessi-preview" {
            (maud::PreEscaped(attributes.element(key)))
        }
    }
}

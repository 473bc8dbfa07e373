//! Small pieces of markup every service's pages use: labelled fields, status messages, and
//! badges, vocabulary checkboxes and the summary of a form's errors. Each field has its label tied to it and reports its error with `aria-describedby`.

use crate::{Lang, PageContext};
use connessi_domain::FieldError;
use connessi_domain::vocab::Vocabulary;
use maud::{Markup, html};

/// The id of the input a field name (an API field path such as `title.it`) names.
pub fn input_id(field: &str) -> String {
    field
        .replace(['.', '[', ']'], "-")
        .trim_end_matches('-')
        .to_owned()
}

/// A labelled text input (`kind` is the input type: text, email, number, date, search).
pub fn field_text(name: &str, label: &str, kind: &str, value: &str, required: bool) -> Markup {
    html! {
        div class="form-group mb-3" {
            label class="form-label active" for=(input_id(name)) { (label) }
            input type=(kind) class="form-control" id=(input_id(name)) name=(name) value=(value) required[required];
        }
    }
}

/// A labelled text area.
pub fn field_textarea(name: &str, label: &str, value: &str, required: bool) -> Markup {
    html! {
        div class="form-group mb-3" {
            label class="form-label active" for=(input_id(name)) { (label) }
            textarea class="form-control" id=(input_id(name)) name=(name) rows="4" required[required] { (value) }
        }
    }
}

/// A labelled choice among `options` (value, label).
pub fn field_select(
    name: &str,
    label: &str,
    options: &[(String, String)],
    selected: &str,
) -> Markup {
    html! {
        div class="select-wrapper mb-3" {
            label for=(input_id(name)) { (label) }
            select id=(input_id(name)) name=(name) {
                @for (value, text) in options {
                    option value=(value) selected[value == selected] { (text) }
                }
            }
        }
    }
}

/// A message announced by screen readers when it appears.
pub fn status_message(kind: &str, text: &str) -> Markup {
    html! {
        div class=(format!("alert alert-{kind}")) role="status" { (text) }
    }
}

/// A small coloured label.
pub fn badge(kind: &str, text: &str) -> Markup {
    html! { span class=(format!("badge bg-{kind}")) { (text) } }
}

/// One checkbox per term of `vocabulary`, in a fieldset named like the API field.
pub fn checkboxes(
    lang: Lang,
    name: &str,
    legend: &str,
    vocabulary: &Vocabulary,
    chosen: &[String],
) -> Markup {
    html! {
        fieldset id=(input_id(name)) class="mb-3" {
            legend class="h6" { (legend) }
            @for term in vocabulary.terms {
                @let id = format!("{name}-{}", term.code);
                div class="form-check form-check-inline" {
                    input type="checkbox" id=(id) name=(name) value=(term.code) checked[chosen.iter().any(|c| c == term.code)];
                    label for=(id) { (lang.term(term)) }
                }
            }
        }
    }
}

/// A summary of what to fix, each entry linking to its field.
pub fn error_summary(ctx: &PageContext, errors: &[FieldError]) -> Markup {
    html! {
        @if !errors.is_empty() {
            div class="alert alert-danger" role="alert" tabindex="-1" id="errors" {
                h2 class="h5" { (ctx.t("Correggi questi campi", "Please fix these fields")) }
                ul class="mb-0" {
                    @for error in errors {
                        li { a href=(format!("#{}", input_id(&error.field))) { code { (error.field) } } ": " (problem_text(ctx.lang, error.code, &error.message)) }
                    }
                }
            }
        }
    }
}

/// A group of radio buttons in a fieldset named like the API field; `options` are
/// (value, label).
pub fn radios(name: &str, legend: &str, options: &[(String, String)], chosen: &str) -> Markup {
    html! {
        fieldset id=(input_id(name)) class="mb-3" {
            legend class="h6" { (legend) }
            @for (value, label) in options {
                @let id = format!("{}-{value}", input_id(name));
                div class="form-check form-check-inline" {
                    input type="radio" id=(id) name=(name) value=(value) checked[value == chosen];
                    label for=(id) { (label) }
                }
            }
        }
    }
}

/// Yes or no as two radio buttons (`true` / `false`), none chosen when `chosen` is `None`.
pub fn yes_no(lang: Lang, name: &str, legend: &str, chosen: Option<bool>) -> Markup {
    let options = [
        ("true".to_owned(), lang.t("Sì", "Yes").to_owned()),
        ("false".to_owned(), lang.t("No", "No").to_owned()),
    ];
    let chosen = chosen.map(|c| c.to_string()).unwrap_or_default();
    radios(name, legend, &options, &chosen)
}

/// What went wrong, in the page's language: in Italian the code's Italian title, with the
/// server's (English) detail after it, marked as English for screen readers.
pub fn problem_text(lang: Lang, code: connessi_domain::ErrorCode, detail: &str) -> Markup {
    html! {
        @match lang {
            Lang::En => (detail),
            Lang::It => {
                (code.title_it())
                @if !detail.is_empty() && detail != code.title() { " (" span lang="en" { (detail) } ")" }
            }
        }
    }
}

//! How a request's state reads, and its colour.

use connessi_domain::onboarding::RequestStatus;
use connessi_web::Lang;
use maud::Markup;

pub fn label(lang: Lang, status: RequestStatus) -> &'static str {
    use RequestStatus::*;
    match status {
        Requested => lang.t("in attesa di risposta", "waiting for an answer"),
        Accepted => lang.t("accettata", "accepted"),
        Declined => lang.t("rifiutata", "declined"),
        Withdrawn => lang.t("ritirata", "withdrawn"),
        Expired => lang.t("scaduta senza risposta", "expired unanswered"),
        InProgress => lang.t("attivazione in corso", "onboarding in progress"),
        Completed => lang.t("completata", "completed"),
        Abandoned => lang.t("interrotta", "abandoned"),
    }
}

pub fn badge(lang: Lang, status: RequestStatus) -> Markup {
    use RequestStatus::*;
    let kind = match status {
        Requested => "warning",
        Accepted | InProgress | Completed => "success",
        Declined | Expired | Abandoned => "danger",
        Withdrawn => "secondary",
    };
    connessi_web::widgets::badge(kind, label(lang, status))
}

//! How an offer's state reads, and its colour.

use connessi_domain::OfferStatus;
use connessi_web::Lang;
use maud::Markup;

pub fn label(lang: Lang, status: OfferStatus) -> &'static str {
    use OfferStatus::*;
    match status {
        Draft => lang.t("bozza", "draft"),
        Submitted => lang.t("in moderazione", "under review"),
        Published => lang.t("pubblicata", "published"),
        ChangesRequested => lang.t("modifiche richieste", "changes requested"),
        Rejected => lang.t("respinta", "rejected"),
        Suspended => lang.t("sospesa", "suspended"),
        Withdrawn => lang.t("ritirata", "withdrawn"),
        Expired => lang.t("scaduta", "expired"),
    }
}

pub fn badge(lang: Lang, status: OfferStatus) -> Markup {
    use OfferStatus::*;
    let kind = match status {
        Published => "success",
        Submitted | Draft => "secondary",
        ChangesRequested => "warning",
        Rejected | Suspended | Expired => "danger",
        Withdrawn => "secondary",
    };
    connessi_web::widgets::badge(kind, label(lang, status))
}

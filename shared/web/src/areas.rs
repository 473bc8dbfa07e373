//! The section menus of the shop's and the provider's areas and of the moderators' console, so every page of an area,
//! whichever service renders it, offers the same way to the others.

use crate::PageContext;
use maud::{Markup, html};

/// The shop area's sections, shown to those who act for a shop.
pub fn shop_nav(ctx: &PageContext) -> Markup {
    let sections = [
        ("/shop", ctx.t("Richieste", "Requests")),
        (
            "/shop/profile",
            ctx.t("Profilo e bisogni", "Profile and needs"),
        ),
        (
            "/shop/recommendations",
            ctx.t("Consigliate per te", "Recommended for you"),
        ),
        ("/shop/follow-ups", ctx.t("Com'è andata", "How did it go")),
        (
            "/saved-searches",
            ctx.t("Ricerche salvate", "Saved searches"),
        ),
        (
            "/settings/notifications",
            ctx.t("Notifiche", "Notifications"),
        ),
    ];
    area_nav(
        ctx,
        ctx.t("Area attività", "Business area"),
        &sections,
        ctx.own_shop().is_ok(),
    )
}

/// The provider area's sections, shown to those who act for a provider.
pub fn provider_nav(ctx: &PageContext) -> Markup {
    let sections = [
        ("/provider", ctx.t("Richieste", "Requests")),
        ("/provider/offers", ctx.t("Offerte", "Offers")),
        ("/provider/import", ctx.t("Importa", "Import")),
        ("/provider/figures", ctx.t("Cifre", "Figures")),
        ("/provider/tokens", ctx.t("Token API", "API tokens")),
        (
            "/settings/notifications",
            ctx.t("Notifiche", "Notifications"),
        ),
    ];
    let member = ctx.own_provider().is_ok();
    area_nav(
        ctx,
        ctx.t("Area fornitore", "Provider area"),
        &sections,
        member,
    )
}

/// The moderators' console sections, shown to moderators.
pub fn moderation_nav(ctx: &PageContext) -> Markup {
    let sections = [
        ("/moderation", ctx.t("Offerte", "Offers")),
        ("/moderation/reports", ctx.t("Segnalazioni", "Reports")),
        ("/moderation/providers", ctx.t("Fornitori", "Providers")),
        (
            "/moderation/shops",
            ctx.t("Priorità dei negozi", "Shops' priorities"),
        ),
        (
            "/moderation/rounds",
            ctx.t("Turni di assegnazione", "Allocation rounds"),
        ),
        ("/moderation/figures", ctx.t("Cifre", "Figures")),
        ("/moderation/embeds", ctx.t("Widget", "Widgets")),
        (
            "/moderation/audit",
            ctx.t("Registro delle azioni", "Audit log"),
        ),
    ];
    let moderator = ctx.actor.is_moderator();
    area_nav(
        ctx,
        ctx.t("Console di moderazione", "Moderation console"),
        &sections,
        moderator,
    )
}

fn area_nav(ctx: &PageContext, name: &str, sections: &[(&str, &str)], member: bool) -> Markup {
    let path = ctx.here.split('?').next().unwrap_or("/");
    html! {
        @if member {
            nav class="mb-3" aria-label=(name) {
                ul class="nav nav-tabs" {
                    @for (href, label) in sections {
                        li class="nav-item" {
                            @if path == *href {
                                a class="nav-link active" aria-current="page" href=(href) { (label) }
                            } @else {
                                a class="nav-link" href=(href) { (label) }
                            }
                        }
                    }
                }
            }
        }
    }
}

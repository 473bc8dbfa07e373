//! Request bodies every crate's tests build on: a provider profile with a Partita IVA no
//! other test uses, an offer that meets every criterion, an approval with every criterion
//! confirmed, and a complete shop profile.

use connessi_domain::partita_iva::check_digit;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(1);

/// A Partita IVA no other test uses.
pub fn fresh_partita_iva() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed) + std::process::id() % 1000 * 1000;
    let first_ten = format!("{:07}{:03}", 1_000_000 + n, 1 + n % 100);
    format!("{first_ten}{}", check_digit(first_ten.as_bytes()))
}

/// A provider profile that passes validation.
pub fn provider_profile(name: &str) -> Value {
    json!({
        "legal_name": format!("{name} S.r.l."),
        "partita_iva": fresh_partita_iva(),
        "website": format!("https://{name}.example"),
        "contact_email": format!("partner@{name}.example"),
        "description": "Servizi digitali per le botteghe e i negozi di quartiere.",
        "logo_url": null
    })
}

/// A complete offer that meets every criterion.
pub fn offer_content(title: &str) -> Value {
    json!({
        "title": { "it": title, "en": null },
        "description": { "it": "Un servizio digitale completo per i negozi di quartiere, con assistenza dedicata.", "en": null },
        "categories": ["digital_payments", "pos"],
        "sectors": ["retail"],
        "territory": { "national": false, "regions": [], "provinces": ["TV"], "comuni": [] },
        "delivery_mode": "mixed",
        "format": "software_service",
        "skill_level": "base",
        "languages": ["it"],
        "free_of_charge_confirmed": true,
        "free_period": { "months": 6, "until": null },
        "after_free_period": {
            "price": "19 € al mese + IVA",
            "monthly_price_cents": 1900,
            "minimum_commitment_months": 0,
            "automatic_renewal": false,
            "data_export": "Esportazione CSV di vendite e prodotti"
        },
        "capacity": 20,
        "onboarding": { "description": "Una videochiamata e una visita in negozio.", "duration_days": 14 },
        "available_until": null
    })
}

/// An approval with every criterion confirmed.
pub fn approval() -> Value {
    json!({
        "decision": "approve",
        "checklist": { "free": true, "no_renewal_obligation": true, "free_period_stated": true, "has_territory": true, "provider_verified": true }
    })
}

/// A complete, valid profile of a shop in Treviso.
pub fn shop_profile() -> Value {
    json!({
        "partita_iva": null,
        "sector": "retail",
        "comune": "026086",
        "size": "micro",
        "skills": {
            "uses_email_daily": true, "has_website": false, "sells_online": false,
            "takes_digital_payments": true, "posts_on_social_media": true,
            "uses_management_software": false
        },
        "need_categories": ["digital_payments", "ecommerce"],
        "needs_text": "Vorremmo accettare pagamenti con lo smartphone e vendere online.",
        "languages": ["it"],
        "priority_attributes": ["youth_led", "women_led"]
    })
}

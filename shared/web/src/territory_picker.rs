//! The territory picker: a text field where a shop types its comune, province or region by
//! name, with suggestions (a datalist of regions and provinces, comuni added by the script as
//! one types). Without the script, the typed name is resolved on the server.

use connessi_domain::territory::istat;
use maud::{Markup, html};

use crate::lang::Lang;

/// A place picked by name: its code for the search, and how the field shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickedPlace {
    pub code: String,
    pub label: String,
}

/// How the field shows a code.
pub fn label_of(lang: Lang, code: &str) -> Option<String> {
    let table = istat();
    if let Some(comune) = table.comuni.get(code) {
        return Some(format!("{} ({})", comune.name, comune.province_code));
    }
    if let Some(province) = table.provinces.get(code) {
        return Some(format!(
            "{} ({})",
            province.name,
            lang.t("provincia", "province")
        ));
    }
    table
        .regions
        .get(code)
        .map(|region| format!("{} ({})", region.name, lang.t("regione", "region")))
}

/// Resolves what was typed: a code; "Name (XX)" for a comune in province XX; "Name
/// (provincia)" or "(regione)"; else a bare name, a comune first, then a province, then a
/// region. `None` when nothing has that name.
pub fn resolve(lang: Lang, typed: &str) -> Option<PickedPlace> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    let table = istat();
    let picked = |code: &str| {
        label_of(lang, code).map(|label| PickedPlace {
            code: code.to_owned(),
            label,
        })
    };
    if let Some(found) = picked(typed).or_else(|| picked(&typed.to_ascii_uppercase())) {
        return Some(found);
    }
    let (name, qualifier) = match typed.rsplit_once('(') {
        Some((name, rest)) => (
            name.trim(),
            Some(rest.trim_end_matches(')').trim().to_lowercase()),
        ),
        None => (typed, None),
    };
    let same = |other: &str| {
        other.eq_ignore_ascii_case(name) || other.to_lowercase() == name.to_lowercase()
    };
    let comune = |province: Option<&str>| {
        table
            .comuni_by_name
            .iter()
            .map(|code| &table.comuni[code])
            .find(|c| {
                same(&c.name) && province.is_none_or(|p| c.province_code.eq_ignore_ascii_case(p))
            })
            .map(|c| c.code.clone())
    };
    let province = || {
        table
            .provinces
            .values()
            .find(|p| same(&p.name))
            .map(|p| p.code.clone())
    };
    let region = || {
        table
            .regions
            .values()
            .find(|r| same(&r.name))
            .map(|r| r.code.clone())
    };
    let code = match qualifier.as_deref() {
        Some("provincia" | "province") => province(),
        Some("regione" | "region") => region(),
        Some(plate) if plate.len() == 2 => comune(Some(plate)),
        _ => comune(None).or_else(province).or_else(region),
    }?;
    picked(&code)
}

/// The field, its suggestions and its hint.
pub fn field(lang: Lang, id: &str, name: &str, value: &str) -> Markup {
    let label = lang.t("Dove si trova l'attività", "Where the business is");
    field_labelled(lang, id, name, value, label, "form-label")
}

/// [`field`] with its own label, always shown above the input (`form-label active`).
pub fn field_above(lang: Lang, id: &str, name: &str, value: &str, label: &str) -> Markup {
    field_labelled(lang, id, name, value, label, "form-label active")
}

fn field_labelled(
    lang: Lang,
    id: &str,
    name: &str,
    value: &str,
    label: &str,
    class: &str,
) -> Markup {
    let table = istat();
    let list = format!("{id}-options");
    html! {
        div class="form-group mb-0" {
            label class=(class) for=(id) { (label) }
            input type="text" class="form-control" id=(id) name=(name) value=(value) list=(list)
                data-territory autocomplete="off" aria-describedby=(format!("{id}-hint"));
            small id=(format!("{id}-hint")) class="form-text" {
                (lang.t("Comune, provincia o regione, per esempio Treviso", "Comune, province or region, e.g. Treviso"))
            }
            datalist id=(list) {
                @for region in table.regions.values() {
                    option value=(format!("{} ({})", region.name, lang.t("regione", "region"))) {}
                }
                @for province in table.provinces.values() {
                    option value=(format!("{} ({})", province.name, lang.t("provincia", "province"))) {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_to_comuni_provinces_and_regions() {
        let treviso = resolve(Lang::It, "treviso").unwrap();
        assert_eq!(treviso.label, "Treviso (TV)");
        assert_eq!(treviso.code.len(), 6, "a bare name is the comune first");
        assert_eq!(resolve(Lang::It, "Treviso (provincia)").unwrap().code, "TV");
        assert_eq!(resolve(Lang::En, "Veneto (region)").unwrap().code, "05");
        assert_eq!(resolve(Lang::It, "Veneto").unwrap().code, "05");
        assert_eq!(resolve(Lang::It, "BA").unwrap().label, "Bari (provincia)");
        assert_eq!(resolve(Lang::It, "Nowhere at all"), None);
    }
}

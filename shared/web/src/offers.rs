//! How an offer's terms read on a page, in either language: the free period, the territory
//! by name, vocabulary labels. Every service that shows offers (search, recommendations,
//! requests) words them the same way.

use crate::lang::Lang;
use chrono::NaiveDate;
use connessi_domain::territory::{Territory, istat};
use connessi_domain::vocab::Vocabulary;

/// The localized text, Italian when there is no English version.
pub fn localized<'a>(lang: Lang, it: &'a str, en: Option<&'a str>) -> &'a str {
    match (lang, en) {
        (Lang::En, Some(en)) if !en.trim().is_empty() => en,
        _ => it,
    }
}

/// A vocabulary code's label; the code itself when it is unknown.
pub fn label<'a>(lang: Lang, vocabulary: &Vocabulary, code: &'a str) -> &'a str {
    vocabulary.get(code).map_or(code, |term| lang.term(term))
}

/// Labels of several codes, comma-separated.
pub fn labels(lang: Lang, vocabulary: &Vocabulary, codes: &[String]) -> String {
    codes
        .iter()
        .map(|code| label(lang, vocabulary, code))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "6 mesi gratis" / "Gratis fino al 31/03/2027".
pub fn free_period(lang: Lang, months: Option<u16>, until: Option<NaiveDate>) -> String {
    match (months, until) {
        (Some(1), _) => lang.t("1 mese gratis", "1 month free").to_owned(),
        (Some(m), _) => match lang {
            Lang::It => format!("{m} mesi gratis"),
            Lang::En => format!("{m} months free"),
        },
        (None, Some(date)) => match lang {
            Lang::It => format!("Gratis fino al {}", lang.date(date)),
            Lang::En => format!("Free until {}", lang.date(date)),
        },
        (None, None) => lang
            .t("Periodo gratuito non indicato", "Free period not stated")
            .to_owned(),
    }
}

/// Places left, or that there is no limit.
pub fn places(lang: Lang, capacity: Option<u32>, left: Option<u32>) -> String {
    match (capacity, left) {
        (None, _) => lang
            .t("Posti senza limite", "No limit on places")
            .to_owned(),
        (Some(_), Some(0)) => lang.t("Posti esauriti", "No places left").to_owned(),
        (Some(_), Some(1)) => lang.t("1 posto rimasto", "1 place left").to_owned(),
        (Some(c), left) => {
            let n = left.unwrap_or(c);
            match lang {
                Lang::It => format!("{n} posti rimasti su {c}"),
                Lang::En => format!("{n} of {c} places left"),
            }
        }
    }
}

/// Where an offer is available, by name: "Tutta Italia", or regions, provinces and comuni.
pub fn territory(lang: Lang, territory: &Territory) -> String {
    if territory.national {
        return lang.t("Tutta Italia", "All of Italy").to_owned();
    }
    let table = istat();
    let regions = territory.regions.iter().map(|code| {
        table
            .regions
            .get(code)
            .map_or(code.clone(), |r| r.name.clone())
    });
    let provinces = territory.provinces.iter().map(|code| {
        let name = table
            .provinces
            .get(code)
            .map_or(code.as_str(), |p| p.name.as_str());
        match lang {
            Lang::It => format!("provincia di {name}"),
            Lang::En => format!("province of {name}"),
        }
    });
    let comuni = territory.comuni.iter().map(|code| {
        table.comuni.get(code).map_or(code.clone(), |c| {
            format!("{} ({})", c.name, c.province_code)
        })
    });
    let names: Vec<String> = regions.chain(provinces).chain(comuni).collect();
    if names.is_empty() {
        lang.t("Territorio non indicato", "No territory stated")
            .to_owned()
    } else {
        names.join(", ")
    }
}

/// Euro cents as "19,00 €" / "€19.00".
pub fn euros(lang: Lang, cents: u32) -> String {
    let (whole, rest) = (cents / 100, cents % 100);
    match lang {
        Lang::It => format!("{whole},{rest:02} €"),
        Lang::En => format!("€{whole}.{rest:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_periods_read_naturally_in_both_languages() {
        assert_eq!(free_period(Lang::It, Some(6), None), "6 mesi gratis");
        assert_eq!(free_period(Lang::En, Some(1), None), "1 month free");
        let date = NaiveDate::from_ymd_opt(2027, 3, 31).unwrap();
        assert_eq!(
            free_period(Lang::It, None, Some(date)),
            "Gratis fino al 31/03/2027"
        );
        assert_eq!(
            free_period(Lang::En, None, Some(date)),
            "Free until 31 Mar 2027"
        );
    }

    #[test]
    fn territories_are_named_not_coded() {
        let t = Territory {
            national: false,
            regions: vec!["05".into()],
            provinces: vec!["BA".into()],
            comuni: vec![],
        };
        assert_eq!(territory(Lang::It, &t), "Veneto, provincia di Bari");
        assert_eq!(euros(Lang::It, 1900), "19,00 €");
        assert_eq!(places(Lang::En, Some(10), Some(4)), "4 of 10 places left");
    }
}

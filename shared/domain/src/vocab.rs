//! Controlled vocabularies with Italian and English labels: categories of offer, business
//! sectors, delivery modes, formats, skill levels and languages. Codes are stable API values.

use crate::error::{ErrorCode, ValidationErrors};
use serde::Serialize;

/// One value of a vocabulary.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct Term {
    pub code: &'static str,
    pub label_it: &'static str,
    pub label_en: &'static str,
}

const fn term(code: &'static str, label_it: &'static str, label_en: &'static str) -> Term {
    Term {
        code,
        label_it,
        label_en,
    }
}

/// A named list of terms, and the error code for a value outside it.
#[derive(Debug, Clone, Copy)]
pub struct Vocabulary {
    pub name: &'static str,
    pub terms: &'static [Term],
    pub unknown: ErrorCode,
}

impl Vocabulary {
    pub fn get(&self, code: &str) -> Option<&'static Term> {
        self.terms.iter().find(|t| t.code == code)
    }

    pub fn contains(&self, code: &str) -> bool {
        self.get(code).is_some()
    }

    /// Checks one value against the vocabulary.
    pub fn check(&self, value: &str, field: &str, errors: &mut ValidationErrors) {
        if !self.contains(value) {
            let known: Vec<_> = self.terms.iter().map(|t| t.code).collect();
            let shown: String = value.chars().take(40).collect();
            errors.add(
                field,
                self.unknown,
                format!(
                    "`{shown}` is not a known {}; expected one of: {}",
                    self.name,
                    known.join(", ")
                ),
            );
        }
    }

    /// Checks a list: between `min` and `max` distinct known values.
    pub fn check_list(
        &self,
        values: &[String],
        min: usize,
        max: usize,
        field: &str,
        errors: &mut ValidationErrors,
    ) {
        if values.len() < min || values.len() > max {
            errors.add(
                field,
                ErrorCode::InvalidLength,
                format!("between {min} and {max} values"),
            );
            return;
        }
        for (index, value) in values.iter().enumerate() {
            self.check(value, &format!("{field}[{index}]"), errors);
            if values[..index].contains(value) {
                errors.add(
                    format!("{field}[{index}]"),
                    ErrorCode::InvalidValue,
                    "listed twice",
                );
            }
        }
    }
}

pub const CATEGORIES: Vocabulary = Vocabulary {
    name: "category",
    unknown: ErrorCode::UnknownCategory,
    terms: &[
        term(
            "ecommerce",
            "Negozio online / e-commerce",
            "Online store / e-commerce",
        ),
        term(
            "marketplace",
            "Presenza su marketplace",
            "Marketplace presence",
        ),
        term("digital_payments", "Pagamenti digitali", "Digital payments"),
        term(
            "delivery_logistics",
            "Consegne e logistica",
            "Delivery and logistics",
        ),
        term(
            "social_marketing",
            "Social media e marketing digitale",
            "Social media and digital marketing",
        ),
        term("website_domain", "Sito web e dominio", "Website and domain"),
        term(
            "booking",
            "Prenotazioni e appuntamenti",
            "Bookings and appointments",
        ),
        term(
            "orders_inventory",
            "Gestione ordini e magazzino",
            "Order and inventory management",
        ),
        term("pos", "Cassa e POS", "Till and POS"),
        term(
            "crm_newsletter",
            "Gestione clienti e newsletter",
            "Customer management and newsletters",
        ),
        term("cybersecurity", "Sicurezza informatica", "Cybersecurity"),
        term("training", "Formazione", "Training"),
        term(
            "consulting",
            "Consulenza e affiancamento",
            "Consulting and mentoring",
        ),
    ],
};

pub const SECTORS: Vocabulary = Vocabulary {
    name: "business sector",
    unknown: ErrorCode::UnknownSector,
    terms: &[
        term("retail", "Commercio al dettaglio", "Retail"),
        term(
            "food_hospitality",
            "Ristorazione e ospitalità",
            "Food and hospitality",
        ),
        term("crafts", "Artigianato", "Crafts"),
        term("tourism", "Turismo", "Tourism"),
        term(
            "personal_services",
            "Servizi alla persona",
            "Personal services",
        ),
        term("professionals", "Professionisti", "Professionals"),
        term(
            "cooperatives_third_sector",
            "Cooperative e terzo settore",
            "Cooperatives and third sector",
        ),
        term("agriculture", "Agricoltura", "Agriculture"),
    ],
};

pub const DELIVERY_MODES: Vocabulary = Vocabulary {
    name: "delivery mode",
    unknown: ErrorCode::InvalidValue,
    terms: &[
        term("online", "Online", "Online"),
        term("in_person", "In presenza", "In person"),
        term("mixed", "Mista", "Mixed"),
    ],
};

pub const FORMATS: Vocabulary = Vocabulary {
    name: "format",
    unknown: ErrorCode::InvalidValue,
    terms: &[
        term("software_service", "Servizio software", "Software service"),
        term("course", "Corso", "Course"),
        term("webinar", "Webinar", "Webinar"),
        term("video_lessons", "Videolezioni", "Video lessons"),
        term(
            "mentoring",
            "Affiancamento individuale",
            "One-to-one mentoring",
        ),
        term("consulting", "Consulenza", "Consulting"),
    ],
};

pub const SKILL_LEVELS: Vocabulary = Vocabulary {
    name: "skill level",
    unknown: ErrorCode::InvalidValue,
    terms: &[
        term("base", "Base", "Basic"),
        term("intermediate", "Intermedio", "Intermediate"),
        term("advanced", "Avanzato", "Advanced"),
    ],
};

pub const LANGUAGES: Vocabulary = Vocabulary {
    name: "language",
    unknown: ErrorCode::UnknownLanguage,
    terms: &[
        term("it", "Italiano", "Italian"),
        term("en", "Inglese", "English"),
        term("de", "Tedesco", "German"),
        term("fr", "Francese", "French"),
        term("sl", "Sloveno", "Slovenian"),
        term("es", "Spagnolo", "Spanish"),
        term("ro", "Rumeno", "Romanian"),
        term("ar", "Arabo", "Arabic"),
        term("zh", "Cinese", "Chinese"),
        term("sq", "Albanese", "Albanian"),
        term("uk", "Ucraino", "Ukrainian"),
    ],
};

/// Every vocabulary, for the public listing.
pub const ALL: [(&str, &Vocabulary); 6] = [
    ("categories", &CATEGORIES),
    ("sectors", &SECTORS),
    ("delivery_modes", &DELIVERY_MODES),
    ("formats", &FORMATS),
    ("skill_levels", &SKILL_LEVELS),
    ("languages", &LANGUAGES),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_category_vocabulary_has_the_thirteen_programme_categories() {
        assert_eq!(CATEGORIES.terms.len(), 13);
        assert_eq!(CATEGORIES.get("pos").unwrap().label_it, "Cassa e POS");
    }

    #[test]
    fn a_list_with_an_unknown_or_repeated_value_is_refused() {
        let mut errors = ValidationErrors::default();
        let values = vec![
            "pos".to_owned(),
            "teleportation".to_owned(),
            "pos".to_owned(),
        ];
        CATEGORIES.check_list(&values, 1, 5, "categories", &mut errors);
        let codes: Vec<_> = errors
            .0
            .iter()
            .map(|e| (e.field.as_str(), e.code))
            .collect();
        assert_eq!(
            codes,
            [
                ("categories[1]", ErrorCode::UnknownCategory),
                ("categories[2]", ErrorCode::InvalidValue)
            ]
        );
    }
}

//! What an offer says: the content a provider writes, its validation, and the dates that follow
//! from it. The same content type describes a draft, a published offer and a revision.

use crate::error::{ErrorCode, ValidationErrors};
use crate::territory::Territory;
use crate::text::{check_len, check_optional_len};
use crate::vocab;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// A text in Italian (required) and English (optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub it: String,
    #[serde(default)]
    pub en: Option<String>,
}

impl Localized {
    fn check(
        &self,
        min_it: usize,
        min_en: usize,
        max: usize,
        field: &str,
        errors: &mut ValidationErrors,
    ) {
        check_len(&self.it, min_it, max, &format!("{field}.it"), errors);
        check_optional_len(
            self.en.as_deref(),
            min_en,
            max,
            &format!("{field}.en"),
            errors,
        );
    }
}

/// How long the offer is free: a number of months from onboarding, or until a fixed date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FreePeriod {
    #[serde(default)]
    pub months: Option<u16>,
    #[serde(default)]
    pub until: Option<NaiveDate>,
}

impl FreePeriod {
    /// Exactly one of the two ways of stating it.
    pub fn is_stated(&self) -> bool {
        matches!(
            (self.months, self.until),
            (Some(1..=36), None) | (None, Some(_))
        )
    }
}

/// What the shop pays and commits to once the free period is over.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AfterFreePeriod {
    /// The price in words, e.g. "19 € al mese + IVA".
    pub price: String,
    #[serde(default)]
    pub monthly_price_cents: Option<u32>,
    #[serde(default)]
    pub minimum_commitment_months: u16,
    /// Must be false: nothing renews by itself on Connessi.
    #[serde(default)]
    pub automatic_renewal: bool,
    /// How the shop takes its data away.
    pub data_export: String,
}

/// How onboarding works and how long it takes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Onboarding {
    pub description: String,
    pub duration_days: u16,
}

/// Everything a provider writes about an offer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferContent {
    pub title: Localized,
    pub description: Localized,
    /// Codes from the category vocabulary (1 to 5).
    pub categories: Vec<String>,
    /// Codes from the business-sector vocabulary (1 to 8).
    pub sectors: Vec<String>,
    #[serde(default)]
    pub territory: Territory,
    /// `online`, `in_person` or `mixed`.
    pub delivery_mode: String,
    /// `software_service`, `course`, `webinar`, `video_lessons`, `mentoring` or `consulting`.
    pub format: String,
    /// `base`, `intermediate` or `advanced`.
    pub skill_level: String,
    /// ISO 639-1 codes (1 to 5).
    pub languages: Vec<String>,
    /// The provider confirms the offer costs nothing during the free period, set-up included.
    #[serde(default)]
    pub free_of_charge_confirmed: bool,
    #[serde(default)]
    pub free_period: FreePeriod,
    pub after_free_period: AfterFreePeriod,
    /// How many shops the provider can onboard; none means no limit.
    #[serde(default)]
    pub capacity: Option<u32>,
    pub onboarding: Onboarding,
    /// Last day the offer can be requested.
    #[serde(default)]
    pub available_until: Option<NaiveDate>,
}

impl OfferContent {
    /// Normalises lists and trims texts, so equal content compares equal.
    pub fn normalized(mut self) -> Self {
        self.territory = self.territory.normalized();
        for text in [&mut self.title, &mut self.description] {
            text.it = text.it.trim().to_owned();
            text.en = text
                .en
                .take()
                .map(|en| en.trim().to_owned())
                .filter(|en| !en.is_empty());
        }
        self
    }

    /// Validates content as the client sent it (so errors name the client's positions), then
    /// returns it normalised.
    pub fn checked(mut self) -> Result<Self, ValidationErrors> {
        self.territory = self.territory.with_canonical_codes();
        self.validate()?;
        Ok(self.normalized())
    }

    /// Checks every field; a draft may still lack territory and free period (see
    /// [`crate::criteria`] for what submission and approval add).
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        self.title.check(5, 5, 120, "title", &mut errors);
        self.description
            .check(30, 30, 5000, "description", &mut errors);
        vocab::CATEGORIES.check_list(&self.categories, 1, 5, "categories", &mut errors);
        vocab::SECTORS.check_list(&self.sectors, 1, 8, "sectors", &mut errors);
        self.territory.validate(&mut errors, "territory");
        vocab::DELIVERY_MODES.check(&self.delivery_mode, "delivery_mode", &mut errors);
        vocab::FORMATS.check(&self.format, "format", &mut errors);
        vocab::SKILL_LEVELS.check(&self.skill_level, "skill_level", &mut errors);
        vocab::LANGUAGES.check_list(&self.languages, 1, 5, "languages", &mut errors);
        if self.free_period.months.is_some() && self.free_period.until.is_some() {
            errors.add(
                "free_period",
                ErrorCode::InvalidValue,
                "give either months or until, not both",
            );
        }
        if matches!(self.free_period.months, Some(m) if !(1..=36).contains(&m)) {
            errors.add(
                "free_period.months",
                ErrorCode::InvalidValue,
                "between 1 and 36 months",
            );
        }
        let after = &self.after_free_period;
        check_len(&after.price, 3, 200, "after_free_period.price", &mut errors);
        check_len(
            &after.data_export,
            10,
            500,
            "after_free_period.data_export",
            &mut errors,
        );
        if after.minimum_commitment_months > 36 {
            errors.add(
                "after_free_period.minimum_commitment_months",
                ErrorCode::InvalidValue,
                "at most 36 months",
            );
        }
        if matches!(after.monthly_price_cents, Some(cents) if cents > 1_000_000) {
            errors.add(
                "after_free_period.monthly_price_cents",
                ErrorCode::InvalidValue,
                "at most 10,000 € a month",
            );
        }
        if matches!(self.capacity, Some(c) if c == 0 || c > 100_000) {
            errors.add(
                "capacity",
                ErrorCode::InvalidValue,
                "between 1 and 100,000 shops, or none for no limit",
            );
        }
        check_len(
            &self.onboarding.description,
            20,
            1000,
            "onboarding.description",
            &mut errors,
        );
        if !(1..=365).contains(&self.onboarding.duration_days) {
            errors.add(
                "onboarding.duration_days",
                ErrorCode::InvalidValue,
                "between 1 and 365 days",
            );
        }
        errors.into_result()
    }

    /// The last day the offer is valid, if the offer itself says so: the end of a free period
    /// with a fixed date, or the last day it can be requested, whichever comes first.
    pub fn last_valid_day(&self) -> Option<NaiveDate> {
        match (self.free_period.until, self.available_until) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The first instant (UTC midnight after the last valid day) at which the offer expires.
    pub fn expires_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.last_valid_day()
            .and_then(|day| day.checked_add_days(Days::new(1)))
            .map(|day| day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn sample() -> OfferContent {
        OfferContent {
            title: Localized {
                it: "Cassa in cloud per negozi".into(),
                en: None,
            },
            description: Localized {
                it:
                    "Un registratore di cassa in cloud con POS integrato per i negozi di quartiere."
                        .into(),
                en: None,
            },
            categories: vec!["pos".into(), "digital_payments".into()],
            sectors: vec!["retail".into()],
            territory: Territory {
                provinces: vec!["TV".into()],
                ..Default::default()
            },
            delivery_mode: "mixed".into(),
            format: "software_service".into(),
            skill_level: "base".into(),
            languages: vec!["it".into()],
            free_of_charge_confirmed: true,
            free_period: FreePeriod {
                months: Some(6),
                until: None,
            },
            after_free_period: AfterFreePeriod {
                price: "19 € al mese + IVA".into(),
                monthly_price_cents: Some(1900),
                minimum_commitment_months: 0,
                automatic_renewal: false,
                data_export: "Esportazione CSV di vendite e prodotti".into(),
            },
            capacity: Some(20),
            onboarding: Onboarding {
                description: "Una videochiamata e una visita in negozio.".into(),
                duration_days: 14,
            },
            available_until: None,
        }
    }

    #[test]
    fn a_complete_offer_is_valid() {
        assert_eq!(sample().validate(), Ok(()));
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let mut content = sample();
        content.title.it = "Hi".into();
        content.categories = vec!["nope".into()];
        content.capacity = Some(0);
        content.free_period = FreePeriod {
            months: Some(6),
            until: NaiveDate::from_ymd_opt(2027, 1, 1),
        };
        let fields: Vec<_> = content
            .validate()
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            ["title.it", "categories[0]", "free_period", "capacity"]
        );
    }

    #[test]
    fn an_offer_expires_after_the_earlier_of_its_two_end_dates() {
        let mut content = sample();
        assert_eq!(content.expires_at(), None);
        content.free_period = FreePeriod {
            months: None,
            until: NaiveDate::from_ymd_opt(2027, 6, 30),
        };
        content.available_until = NaiveDate::from_ymd_opt(2027, 3, 31);
        assert_eq!(
            content.expires_at().unwrap().to_rfc3339(),
            "2027-04-01T00:00:00+00:00"
        );
    }
}

//! A shop's profile: who it is, where, how large, how at ease with digital tools, what it
//! needs, and the priority attributes public programmes weigh (self-declared, verified by a
//! moderator).

use crate::error::{ErrorCode, ValidationErrors};
use crate::partita_iva::PartitaIva;
use crate::territory::istat;
use crate::vocab;
use serde::{Deserialize, Serialize};

/// Sizes by headcount: `solo` (1), `micro` (2–9), `small` (10–49), `medium` (50–249).
pub const SIZES: [&str; 4] = ["solo", "micro", "small", "medium"];

/// Attributes public programmes give priority to.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PriorityAttribute {
    /// Led by women.
    WomenLed,
    /// Led by people under 35.
    YouthLed,
    /// In a peripheral or inner area.
    InnerArea,
    SocialCooperative,
    /// Taken over by its workers.
    WorkersBuyout,
    /// Run on assets confiscated from organised crime.
    ConfiscatedAssets,
}

impl PriorityAttribute {
    pub const ALL: [PriorityAttribute; 6] = [
        Self::WomenLed,
        Self::YouthLed,
        Self::InnerArea,
        Self::SocialCooperative,
        Self::WorkersBuyout,
        Self::ConfiscatedAssets,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::WomenLed => "women_led",
            Self::YouthLed => "youth_led",
            Self::InnerArea => "inner_area",
            Self::SocialCooperative => "social_cooperative",
            Self::WorkersBuyout => "workers_buyout",
            Self::ConfiscatedAssets => "confiscated_assets",
        }
    }
}

/// The digital-skills self-assessment: six questions answered yes or no.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SkillsAssessment {
    pub uses_email_daily: bool,
    pub has_website: bool,
    pub sells_online: bool,
    pub takes_digital_payments: bool,
    pub posts_on_social_media: bool,
    pub uses_management_software: bool,
}

impl SkillsAssessment {
    /// The level the answers give: up to two yes `base`, three or four `intermediate`, five or
    /// six `advanced` (the codes of the skill-level vocabulary offers use).
    pub fn level(&self) -> &'static str {
        let yes = [
            self.uses_email_daily,
            self.has_website,
            self.sells_online,
            self.takes_digital_payments,
            self.posts_on_social_media,
            self.uses_management_software,
        ]
        .iter()
        .filter(|a| **a)
        .count();
        match yes {
            0..=2 => "base",
            3..=4 => "intermediate",
            _ => "advanced",
        }
    }
}

/// What a shop says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShopProfile {
    /// Optional for the smallest businesses.
    #[serde(default)]
    pub partita_iva: Option<String>,
    /// A code of the business-sector vocabulary.
    pub sector: String,
    /// ISTAT code of the comune where the shop is.
    pub comune: String,
    /// `solo`, `micro`, `small` or `medium`.
    pub size: String,
    pub skills: SkillsAssessment,
    /// What the shop needs: codes of the category vocabulary (0 to 5)…
    #[serde(default)]
    pub need_categories: Vec<String>,
    /// …and in its own words (up to 1000 characters).
    #[serde(default)]
    pub needs_text: String,
    /// ISO 639-1 codes of the languages the shop works in (1 to 5).
    pub languages: Vec<String>,
    #[serde(default)]
    pub priority_attributes: Vec<PriorityAttribute>,
}

impl ShopProfile {
    /// Checks every field and returns the profile normalised (codes canonical, lists sorted
    /// where order means nothing), or every problem at once.
    pub fn checked(mut self) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        self.partita_iva = match self.partita_iva.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(value) => match PartitaIva::parse(value) {
                Ok(parsed) => Some(parsed.as_str().to_owned()),
                Err(error) => {
                    errors.add("partita_iva", error.code, error.detail);
                    None
                }
            },
        };
        vocab::SECTORS.check(&self.sector, "sector", &mut errors);
        self.comune = self.comune.trim().to_owned();
        if !istat().comuni.contains_key(&self.comune) {
            errors.add(
                "comune",
                ErrorCode::UnknownTerritory,
                "not the ISTAT code of a comune",
            );
        }
        if !SIZES.contains(&self.size.as_str()) {
            errors.add(
                "size",
                ErrorCode::InvalidValue,
                format!("one of {}", SIZES.join(", ")),
            );
        }
        vocab::CATEGORIES.check_list(&self.need_categories, 0, 5, "need_categories", &mut errors);
        self.needs_text = self.needs_text.trim().to_owned();
        if self.needs_text.chars().count() > 1000 {
            errors.add(
                "needs_text",
                ErrorCode::InvalidLength,
                "at most 1000 characters",
            );
        }
        vocab::LANGUAGES.check_list(&self.languages, 1, 5, "languages", &mut errors);
        self.priority_attributes.sort_unstable();
        self.priority_attributes.dedup();
        errors.into_result()?;
        Ok(self)
    }

    /// The province (car-plate code) and region (ISTAT code) of the shop's comune.
    pub fn province_and_region(&self) -> Option<(String, String)> {
        istat()
            .comuni
            .get(&self.comune)
            .map(|c| (c.province_code.clone(), c.region_code.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> ShopProfile {
        ShopProfile {
            partita_iva: None,
            sector: "retail".into(),
            comune: "026086".into(),
            size: "micro".into(),
            skills: SkillsAssessment::default(),
            need_categories: vec!["digital_payments".into()],
            needs_text: " Vorrei accettare pagamenti con il telefono ".into(),
            languages: vec!["it".into()],
            priority_attributes: vec![PriorityAttribute::YouthLed, PriorityAttribute::WomenLed],
        }
    }

    #[test]
    fn a_valid_profile_is_normalised_and_placed_in_its_province_and_region() {
        let checked = profile().checked().unwrap();
        assert_eq!(
            checked.needs_text,
            "Vorrei accettare pagamenti con il telefono"
        );
        assert_eq!(
            checked.priority_attributes,
            [PriorityAttribute::WomenLed, PriorityAttribute::YouthLed]
        );
        assert_eq!(
            checked.province_and_region(),
            Some(("TV".into(), "05".into()))
        );
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = ShopProfile {
            partita_iva: Some("12345678901".into()),
            sector: "astronautica".into(),
            comune: "999999".into(),
            size: "enorme".into(),
            languages: vec![],
            ..profile()
        };
        let errors = bad.checked().unwrap_err();
        let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["partita_iva", "sector", "comune", "size", "languages"]
        );
    }

    #[test]
    fn the_self_assessment_gives_a_level() {
        let mut skills = SkillsAssessment::default();
        assert_eq!(skills.level(), "base");
        skills.uses_email_daily = true;
        skills.has_website = true;
        skills.takes_digital_payments = true;
        assert_eq!(skills.level(), "intermediate");
        skills.sells_online = true;
        skills.posts_on_social_media = true;
        assert_eq!(skills.level(), "advanced");
    }
}

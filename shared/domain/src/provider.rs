//! A provider's public profile: a tech company (never a private person) identified by its
//! Partita IVA.

use crate::error::{ErrorCode, ValidationErrors};
use crate::partita_iva::PartitaIva;
use crate::text::{check_email, check_len, check_url};
use serde::{Deserialize, Serialize};

/// What a provider says about itself; `verified` is set by moderators only, never here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProviderProfile {
    pub legal_name: String,
    /// 11 digits with a valid check digit; an `IT` prefix and spaces are accepted.
    pub partita_iva: String,
    pub website: String,
    pub contact_email: String,
    pub description: String,
    #[serde(default)]
    pub logo_url: Option<String>,
}

impl ProviderProfile {
    /// Validates every field and returns the profile with its Partita IVA in canonical form.
    pub fn validated(mut self) -> Result<ProviderProfile, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        self.legal_name = self.legal_name.trim().to_owned();
        check_len(&self.legal_name, 2, 200, "legal_name", &mut errors);
        match PartitaIva::parse(&self.partita_iva) {
            Ok(piva) => self.partita_iva = piva.to_string(),
            Err(error) => errors.add("partita_iva", ErrorCode::InvalidPartitaIva, error.detail),
        }
        check_url(&self.website, "website", &mut errors);
        self.contact_email = self.contact_email.trim().to_ascii_lowercase();
        check_email(&self.contact_email, "contact_email", &mut errors);
        check_len(&self.description, 20, 2000, "description", &mut errors);
        self.logo_url = self.logo_url.take().filter(|url| !url.trim().is_empty());
        if let Some(logo) = &self.logo_url {
            check_url(logo, "logo_url", &mut errors);
        }
        errors.into_result().map(|()| self)
    }

    /// Changing who the company is undoes a verification.
    pub fn changes_identity(&self, other: &ProviderProfile) -> bool {
        self.legal_name != other.legal_name || self.partita_iva != other.partita_iva
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> ProviderProfile {
        ProviderProfile {
            legal_name: " Bottega Digitale S.r.l. ".into(),
            partita_iva: "IT01234567897".into(),
            website: "https://bottega.example".into(),
            contact_email: "Partner@Bottega.example".into(),
            description: "Piattaforma di negozi online per botteghe di quartiere.".into(),
            logo_url: Some(String::new()),
        }
    }

    #[test]
    fn a_valid_profile_is_put_in_canonical_form() {
        let profile = profile().validated().unwrap();
        assert_eq!(profile.legal_name, "Bottega Digitale S.r.l.");
        assert_eq!(profile.partita_iva, "01234567897");
        assert_eq!(profile.contact_email, "partner@bottega.example");
        assert_eq!(profile.logo_url, None);
    }

    #[test]
    fn a_bad_partita_iva_is_reported_on_its_field() {
        let mut bad = profile();
        bad.partita_iva = "01234567890".into();
        let errors = bad.validated().unwrap_err();
        assert_eq!(errors.0.len(), 1);
        assert_eq!(errors.0[0].field, "partita_iva");
        assert_eq!(errors.summary_code(), ErrorCode::InvalidPartitaIva);
    }
}

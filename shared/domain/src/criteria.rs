//! The published acceptance criteria every offer must meet to be published. The server checks
//! each one itself; the moderator confirms them on a checklist with every approval.

use crate::error::{DomainError, ErrorCode};
use crate::offer::OfferContent;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One criterion of the published checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    Free,
    NoRenewalObligation,
    FreePeriodStated,
    HasTerritory,
    ProviderVerified,
}

impl Criterion {
    pub const ALL: [Criterion; 5] = [
        Self::Free,
        Self::NoRenewalObligation,
        Self::FreePeriodStated,
        Self::HasTerritory,
        Self::ProviderVerified,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Free => "free",
            Self::NoRenewalObligation => "no_renewal_obligation",
            Self::FreePeriodStated => "free_period_stated",
            Self::HasTerritory => "has_territory",
            Self::ProviderVerified => "provider_verified",
        }
    }

    pub fn description_it(self) -> &'static str {
        match self {
            Self::Free => {
                "L'offerta è gratuita per tutto il periodo indicato, attivazione compresa."
            }
            Self::NoRenewalObligation => {
                "Nessun rinnovo automatico né obbligo di proseguire dopo il periodo gratuito."
            }
            Self::FreePeriodStated => {
                "La durata del periodo gratuito è indicata chiaramente e l'offerta non è già scaduta."
            }
            Self::HasTerritory => "L'offerta indica almeno un territorio servito (o tutta Italia).",
            Self::ProviderVerified => "Il fornitore è un'azienda verificata dal Ministero.",
        }
    }

    pub fn description_en(self) -> &'static str {
        match self {
            Self::Free => "The offer is free for the whole stated period, set-up included.",
            Self::NoRenewalObligation => {
                "No automatic renewal and no obligation to continue after the free period."
            }
            Self::FreePeriodStated => {
                "The length of the free period is stated clearly and the offer has not already ended."
            }
            Self::HasTerritory => {
                "The offer names at least one territory it serves (or all of Italy)."
            }
            Self::ProviderVerified => "The provider is a company verified by the Ministry.",
        }
    }
}

/// The outcome of checking one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CriterionCheck {
    pub criterion: Criterion,
    pub met: bool,
}

/// Checks every criterion on `content` as of `today`.
pub fn check(
    content: &OfferContent,
    provider_verified: bool,
    today: NaiveDate,
) -> Vec<CriterionCheck> {
    Criterion::ALL
        .into_iter()
        .map(|criterion| {
            let met = match criterion {
                Criterion::Free => content.free_of_charge_confirmed,
                Criterion::NoRenewalObligation => !content.after_free_period.automatic_renewal,
                Criterion::FreePeriodStated => {
                    let still_valid = content.last_valid_day().is_none_or(|last| last >= today);
                    content.free_period.is_stated() && still_valid
                }
                Criterion::HasTerritory => !content.territory.is_empty(),
                Criterion::ProviderVerified => provider_verified,
            };
            CriterionCheck { criterion, met }
        })
        .collect()
}

/// Everything but the provider's verification, which the provider cannot fix by editing: what
/// an offer must meet to be submitted.
pub fn ready_for_submission(content: &OfferContent, today: NaiveDate) -> Result<(), DomainError> {
    unmet(&check(content, true, today), ErrorCode::IncompleteOffer)
}

/// Every criterion: what an offer must meet to be approved.
pub fn ready_for_approval(
    content: &OfferContent,
    provider_verified: bool,
    today: NaiveDate,
) -> Result<(), DomainError> {
    unmet(
        &check(content, provider_verified, today),
        ErrorCode::AcceptanceCriteriaNotMet,
    )
}

fn unmet(checks: &[CriterionCheck], code: ErrorCode) -> Result<(), DomainError> {
    let failing: Vec<_> = checks
        .iter()
        .filter(|c| !c.met)
        .map(|c| c.criterion.as_str())
        .collect();
    if failing.is_empty() {
        Ok(())
    } else {
        Err(DomainError::new(
            code,
            format!("criteria not met: {}", failing.join(", ")),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::offer::tests::sample;
    use crate::territory::Territory;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn a_complete_offer_of_a_verified_provider_meets_every_criterion() {
        assert!(check(&sample(), true, today()).iter().all(|c| c.met));
        assert_eq!(ready_for_approval(&sample(), true, today()), Ok(()));
    }

    #[test]
    fn an_unverified_provider_may_submit_but_not_be_approved() {
        assert_eq!(ready_for_submission(&sample(), today()), Ok(()));
        let error = ready_for_approval(&sample(), false, today()).unwrap_err();
        assert_eq!(error.code, ErrorCode::AcceptanceCriteriaNotMet);
        assert!(error.detail.contains("provider_verified"));
    }

    #[test]
    fn renewal_missing_territory_or_a_past_free_period_block_submission() {
        let mut content = sample();
        content.after_free_period.automatic_renewal = true;
        content.territory = Territory::default();
        content.free_period.months = None;
        content.free_period.until = NaiveDate::from_ymd_opt(2026, 1, 1);
        let error = ready_for_submission(&content, today()).unwrap_err();
        assert_eq!(error.code, ErrorCode::IncompleteOffer);
        assert_eq!(
            error.detail,
            "criteria not met: no_renewal_obligation, free_period_stated, has_territory"
        );
    }
}

//! Why each applicant got what they got: the offer and its place in their list, and for every
//! offer they preferred, that it was filled by applicants with higher priority (the lowest
//! priority admitted there is given, so the explanation can be checked).

use super::{Assignment, Instance, Priority, rank};

/// What one applicant is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The offer assigned and its position in the applicant's list (0 = first choice).
    pub assigned: Option<(u32, usize)>,
    /// Offers the applicant preferred (or, unassigned, all their choices), each with the
    /// lowest priority it admitted: every one of them was filled by higher priorities.
    pub filled_before: Vec<(u32, Priority)>,
}

/// The outcome of every applicant.
pub fn explain(instance: &Instance, assignment: &Assignment) -> Vec<Outcome> {
    let mut lowest: Vec<Option<super::Rank>> = vec![None; instance.places.len()];
    for (applicant, offer) in assignment.offer_of.iter().enumerate() {
        if let Some(offer) = offer {
            let key = rank(instance, applicant as u32);
            let slot = &mut lowest[*offer as usize];
            if slot.is_none_or(|current| key < current) {
                *slot = Some(key);
            }
        }
    }
    instance
        .applicants
        .iter()
        .zip(&assignment.offer_of)
        .map(|(applicant, offer)| {
            let position = offer.and_then(|o| applicant.choices.iter().position(|c| *c == o));
            let preferred = &applicant.choices[..position.unwrap_or(applicant.choices.len())];
            Outcome {
                assigned: offer.zip(position),
                filled_before: preferred
                    .iter()
                    .filter_map(|o| Some((*o, lowest.get(*o as usize).copied().flatten()?.0)))
                    .collect(),
            }
        })
        .collect()
}

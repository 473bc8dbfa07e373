//! The assignment of an allocation round: shop-proposing deferred acceptance over offers with
//! fixed places. Every offer ranks applicants by the round's priority (the weighted priority
//! attributes, ties broken by a lottery drawn from the published seed), so the result is the
//! shop-optimal stable assignment: no shop and offer would both rather have each other than
//! what they got, and no stable assignment gives any shop a better offer.
//!
//! Pure and deterministic: the same instance (and so the same seed) gives the same result.

mod explain;
mod lottery;

pub use explain::{Outcome, explain};
pub use lottery::lottery_ticket;

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// How an offer ranks an applicant: greater is preferred. The lottery ticket breaks ties in
/// the score, and the applicant's index breaks ties between equal tickets, so two applicants
/// never rank the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Priority {
    pub score: i64,
    pub lottery: u64,
}

/// One applicant: the offers they applied to, best first (only offers they are eligible
/// for), and their priority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    pub choices: Vec<u32>,
    pub priority: Priority,
}

/// A round to assign: the places of each offer (indexed from 0) and the applicants.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Instance {
    pub places: Vec<u32>,
    pub applicants: Vec<Applicant>,
}

/// The offer each applicant got, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub offer_of: Vec<Option<u32>>,
}

/// Where an applicant stands for an offer: priority, then index (lower index first).
type Rank = (Priority, Reverse<u32>);

/// A total order on applicants for one offer.
fn rank(instance: &Instance, applicant: u32) -> Rank {
    (
        instance.applicants[applicant as usize].priority,
        Reverse(applicant),
    )
}

/// Shop-proposing deferred acceptance. Each free applicant proposes to the next offer on
/// their list; an offer keeps its best proposers up to its places and turns the rest away,
/// who then propose further down their lists. Choices naming no offer are skipped.
pub fn deferred_acceptance(instance: &Instance) -> Assignment {
    let offers = instance.places.len();
    let applicants = instance.applicants.len();
    // Per offer, the applicants it holds, worst on top.
    let mut held: Vec<BinaryHeap<Reverse<Rank>>> = (0..offers).map(|_| BinaryHeap::new()).collect();
    let mut next_choice = vec![0usize; applicants];
    let mut offer_of: Vec<Option<u32>> = vec![None; applicants];
    let mut free: Vec<u32> = (0..applicants as u32).rev().collect();
    while let Some(applicant) = free.pop() {
        let choices = &instance.applicants[applicant as usize].choices;
        let Some(&offer) = choices.get(next_choice[applicant as usize]) else {
            continue;
        };
        next_choice[applicant as usize] += 1;
        let Some(&places) = instance.places.get(offer as usize) else {
            free.push(applicant);
            continue;
        };
        if places == 0 {
            free.push(applicant);
            continue;
        }
        let heap = &mut held[offer as usize];
        let key = rank(instance, applicant);
        if heap.len() < places as usize {
            heap.push(Reverse(key));
            offer_of[applicant as usize] = Some(offer);
        } else if heap.peek().is_some_and(|Reverse(worst)| key > *worst) {
            let Reverse((_, Reverse(rejected))) = heap.pop().expect("a full offer holds someone");
            offer_of[rejected as usize] = None;
            free.push(rejected);
            heap.push(Reverse(key));
            offer_of[applicant as usize] = Some(offer);
        } else {
            free.push(applicant);
        }
    }
    Assignment { offer_of }
}

#[cfg(test)]
mod tests;

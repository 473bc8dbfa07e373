//! Properties of the allocation on random instances: capacities and eligibility respected,
//! no blocking pair, shop-optimal among all stable assignments (by brute force on small
//! instances), equal to serial dictatorship (the common priority makes them the same), and
//! independent of the order applicants are listed in.

use super::*;
use proptest::prelude::*;

fn instance(max_offers: usize, max_applicants: usize) -> impl Strategy<Value = Instance> {
    (1..=max_offers).prop_flat_map(move |offers| {
        let places = proptest::collection::vec(0u32..3, offers);
        let applicant = (
            proptest::sample::subsequence(
                (0..offers as u32).collect::<Vec<_>>(),
                0..=offers.min(4),
            )
            .prop_shuffle(),
            0i64..3,
            any::<u64>(),
        )
            .prop_map(|(choices, score, lottery)| Applicant {
                choices,
                priority: Priority { score, lottery },
            });
        (
            places,
            proptest::collection::vec(applicant, 0..=max_applicants),
        )
            .prop_map(|(places, applicants)| Instance { places, applicants })
    })
}

/// Where `offer` stands in the applicant's list (lower is better); unassigned is worst.
fn position(applicant: &Applicant, offer: Option<u32>) -> usize {
    offer
        .and_then(|o| applicant.choices.iter().position(|c| *c == o))
        .unwrap_or(usize::MAX)
}

fn feasible(instance: &Instance, offer_of: &[Option<u32>]) -> bool {
    let mut used = vec![0u32; instance.places.len()];
    for (applicant, offer) in instance.applicants.iter().zip(offer_of) {
        if let Some(offer) = offer {
            if !applicant.choices.contains(offer) {
                return false;
            }
            used[*offer as usize] += 1;
        }
    }
    used.iter().zip(&instance.places).all(|(u, p)| u <= p)
}

/// No applicant and offer would both rather have each other.
fn stable(instance: &Instance, offer_of: &[Option<u32>]) -> bool {
    instance
        .applicants
        .iter()
        .enumerate()
        .all(|(i, applicant)| {
            let better =
                &applicant.choices[..position(applicant, offer_of[i]).min(applicant.choices.len())];
            better.iter().all(|&offer| {
                let holders: Vec<usize> = (0..offer_of.len())
                    .filter(|&k| offer_of[k] == Some(offer))
                    .collect();
                let full = holders.len() as u32 >= instance.places[offer as usize];
                full && holders
                    .iter()
                    .all(|&k| rank(instance, k as u32) > rank(instance, i as u32))
            })
        })
}

fn serial_dictatorship(instance: &Instance) -> Vec<Option<u32>> {
    let mut order: Vec<u32> = (0..instance.applicants.len() as u32).collect();
    order.sort_by_key(|&a| std::cmp::Reverse(rank(instance, a)));
    let mut left = instance.places.clone();
    let mut offer_of = vec![None; instance.applicants.len()];
    for applicant in order {
        for &offer in &instance.applicants[applicant as usize].choices {
            if left[offer as usize] > 0 {
                left[offer as usize] -= 1;
                offer_of[applicant as usize] = Some(offer);
                break;
            }
        }
    }
    offer_of
}

/// Every assignment of each applicant to nothing or one of their choices.
fn all_assignments(instance: &Instance) -> Vec<Vec<Option<u32>>> {
    let mut all = vec![Vec::new()];
    for applicant in &instance.applicants {
        let options: Vec<Option<u32>> = std::iter::once(None)
            .chain(applicant.choices.iter().copied().map(Some))
            .collect();
        all = all
            .into_iter()
            .flat_map(|partial| {
                options.iter().map(move |o| {
                    let mut next = partial.clone();
                    next.push(*o);
                    next
                })
            })
            .collect();
    }
    all
}

proptest! {
    #[test]
    fn the_assignment_is_feasible_stable_and_the_serial_dictatorship(instance in instance(8, 40)) {
        let result = deferred_acceptance(&instance);
        prop_assert!(feasible(&instance, &result.offer_of));
        prop_assert!(stable(&instance, &result.offer_of));
        prop_assert_eq!(&result.offer_of, &serial_dictatorship(&instance));
        prop_assert_eq!(deferred_acceptance(&instance), result, "deterministic");
    }

    #[test]
    fn no_stable_assignment_gives_any_shop_a_better_offer(instance in instance(3, 5)) {
        let result = deferred_acceptance(&instance);
        for other in all_assignments(&instance) {
            if feasible(&instance, &other) && stable(&instance, &other) {
                for (i, applicant) in instance.applicants.iter().enumerate() {
                    prop_assert!(position(applicant, result.offer_of[i]) <= position(applicant, other[i]));
                }
            }
        }
    }

    #[test]
    fn the_order_applicants_are_listed_in_changes_nothing(
        instance in instance(6, 20),
        seed in any::<u64>(),
    ) {
        // Distinct lottery tickets, as SHA-256 tickets are in practice.
        let mut instance = instance;
        for (i, applicant) in instance.applicants.iter_mut().enumerate() {
            applicant.priority.lottery = applicant.priority.lottery.wrapping_mul(2).wrapping_add(i as u64 * 2 + 1) ^ seed;
        }
        let tickets: std::collections::HashSet<_> = instance.applicants.iter().map(|a| a.priority).collect();
        prop_assume!(tickets.len() == instance.applicants.len());
        let result = deferred_acceptance(&instance);
        let mut reversed = instance.clone();
        reversed.applicants.reverse();
        let mut again = deferred_acceptance(&reversed).offer_of;
        again.reverse();
        prop_assert_eq!(result.offer_of, again);
    }

    #[test]
    fn every_unassigned_or_disappointed_shop_is_told_who_filled_its_choices(instance in instance(6, 30)) {
        let result = deferred_acceptance(&instance);
        let outcomes = explain(&instance, &result);
        for (i, (applicant, outcome)) in instance.applicants.iter().zip(&outcomes).enumerate() {
            let preferred = position(applicant, result.offer_of[i]).min(applicant.choices.len());
            let with_places = applicant.choices[..preferred].iter().filter(|o| instance.places[**o as usize] > 0).count();
            prop_assert_eq!(outcome.filled_before.len(), with_places);
            for (_, cutoff) in &outcome.filled_before {
                prop_assert!(*cutoff >= applicant.priority);
            }
        }
    }
}

#[test]
fn higher_priority_takes_the_last_place_and_the_other_moves_down_its_list() {
    let instance = Instance {
        places: vec![1, 1],
        applicants: vec![
            Applicant {
                choices: vec![0, 1],
                priority: Priority {
                    score: 1,
                    lottery: 5,
                },
            },
            Applicant {
                choices: vec![0],
                priority: Priority {
                    score: 2,
                    lottery: 1,
                },
            },
        ],
    };
    let result = deferred_acceptance(&instance);
    assert_eq!(result.offer_of, [Some(1), Some(0)]);
    let outcomes = explain(&instance, &result);
    assert_eq!(outcomes[0].assigned, Some((1, 1)));
    assert_eq!(
        outcomes[0].filled_before,
        [(
            0,
            Priority {
                score: 2,
                lottery: 1
            }
        )]
    );
}

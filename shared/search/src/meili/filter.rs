//! A search's conditions as Meilisearch filter expressions: who may see what, the place and
//! free-period conditions, and one clause per facet with a selection, kept apart so each
//! facet's counts can leave its own selection out (disjunctive facets).

use super::document::{OFFER_KIND, facet_attribute};
use crate::places::{day_number, keys_serving};
use crate::{Facet, Filters, Scope, SearchRequest};

/// The clauses of one search.
#[derive(Debug, Clone, PartialEq)]
pub struct Conditions {
    /// Always applied: the kind, visibility, place and free period.
    pub fixed: Vec<String>,
    /// One clause per facet with a selection.
    pub selected: Vec<(Facet, String)>,
}

impl Conditions {
    pub fn of(request: &SearchRequest) -> Self {
        let mut fixed = vec![format!("kind = {}", quoted(OFFER_KIND))];
        fixed.extend(visibility(request));
        let filters = &request.filters;
        if let Some(keys) = filters.territory.as_deref().and_then(keys_serving) {
            fixed.push(any_of("place_keys", &keys));
        }
        if let Some(months) = filters.min_free_months {
            let days = i64::from(months) * 30;
            let until = day_number(request.today()) + days;
            fixed.push(format!(
                "((months_days > 0 AND months_days >= {days}) OR (months_days = 0 AND until_day > 0 AND until_day >= {until}))"
            ));
        }
        let selected = Facet::ALL
            .iter()
            .filter_map(|facet| selection(filters, *facet).map(|clause| (*facet, clause)))
            .collect();
        Self { fixed, selected }
    }

    /// Every clause: the filter of the hits.
    pub fn all(&self) -> String {
        self.without(None)
    }

    /// Every clause but `facet`'s: the filter its counts are made with.
    pub fn without(&self, facet: Option<Facet>) -> String {
        self.fixed
            .iter()
            .cloned()
            .chain(
                self.selected
                    .iter()
                    .filter(|(f, _)| Some(*f) != facet)
                    .map(|(_, clause)| clause.clone()),
            )
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    /// Whether `facet` has a selection.
    pub fn has_selection(&self, facet: Facet) -> bool {
        self.selected.iter().any(|(f, _)| *f == facet)
    }
}

fn visibility(request: &SearchRequest) -> Option<String> {
    let now_min = request.now.timestamp().div_euclid(60);
    let public = format!("(status = \"published\" AND expires_min > {now_min})");
    match request.scope {
        Scope::Public => Some(public),
        Scope::Provider(id) => Some(format!(
            "({public} OR provider_id = {})",
            quoted(&id.to_string())
        )),
        Scope::Everything => None,
    }
}

fn selection(filters: &Filters, facet: Facet) -> Option<String> {
    let values: Vec<String> = match facet {
        Facet::Category => filters.categories.clone(),
        Facet::Sector => filters.sectors.clone(),
        Facet::DeliveryMode => filters.delivery_modes.clone(),
        Facet::Format => filters.formats.clone(),
        Facet::SkillLevel => filters.skill_levels.clone(),
        Facet::Language => filters.languages.clone(),
        Facet::Provider => filters.providers.iter().map(ToString::to_string).collect(),
        Facet::Region => filters.regions.clone(),
        Facet::Status => filters.statuses.clone(),
        Facet::HasPlaces => {
            return filters
                .has_places
                .map(|wanted| format!("has_places = {wanted}"));
        }
    };
    (!values.is_empty()).then(|| any_of(facet_attribute(facet), &values))
}

/// `attribute IN ["a", "b"]`.
fn any_of(attribute: &str, values: &[String]) -> String {
    let list: Vec<String> = values.iter().map(|v| quoted(v)).collect();
    format!("{attribute} IN [{}]", list.join(", "))
}

/// A string value for a filter: quoted, with quotes and backslashes escaped, so no value can
/// change the expression.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_cannot_break_out_of_its_quotes() {
        assert_eq!(quoted(r#"a" OR kind = "meta"#), r#""a\" OR kind = \"meta""#);
        assert_eq!(quoted(r"back\"), r#""back\\""#);
    }

    #[test]
    fn each_facet_count_leaves_out_only_its_own_selection() {
        let request = SearchRequest {
            filters: Filters {
                categories: vec!["pos".into(), "training".into()],
                has_places: Some(true),
                ..Default::default()
            },
            ..SearchRequest::public("")
        };
        let conditions = Conditions::of(&request);
        assert!(conditions.has_selection(Facet::Category));
        let all = conditions.all();
        assert!(
            all.contains(r#"categories IN ["pos", "training"]"#),
            "{all}"
        );
        assert!(all.contains("has_places = true"), "{all}");
        let for_categories = conditions.without(Some(Facet::Category));
        assert!(!for_categories.contains("categories"), "{for_categories}");
        assert!(for_categories.contains("has_places = true"));
        assert!(for_categories.starts_with(r#"kind = "offer" AND (status = "published""#));
    }
}

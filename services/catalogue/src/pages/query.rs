//! The search page's query string: the API's parameters, but as an HTML form sends them
//! (a facet's ticked values repeated, the territory typed by name), turned into the
//! [`SearchParams`] the API checks.

use crate::search::params::SearchParams;
use connessi_web::Lang;
use connessi_web::territory_picker::{self, PickedPlace};

/// The facets a shop can tick, by parameter name.
pub const FACETS: [&str; 7] = [
    "category",
    "sector",
    "delivery_mode",
    "format",
    "skill_level",
    "language",
    "region",
];

/// What the page was asked, as the form holds it.
#[derive(Debug, Default, Clone)]
pub struct PageQuery {
    pub pairs: Vec<(String, String)>,
    /// The territory as typed, and what it resolved to.
    pub territory_typed: String,
    pub territory: Option<PickedPlace>,
    /// Only the results region, for the script's live update.
    pub partial: bool,
}

impl PageQuery {
    pub fn parse(lang: Lang, raw: Option<&str>) -> Self {
        let pairs: Vec<(String, String)> =
            url::form_urlencoded::parse(raw.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.trim().to_owned()))
                .filter(|(_, v)| !v.is_empty())
                .collect();
        let partial = pairs.iter().any(|(k, v)| k == "partial" && v == "results");
        let territory_typed = first(&pairs, "territorio").unwrap_or_default();
        let territory = first(&pairs, "territory")
            .and_then(|code| territory_picker::resolve(lang, &code))
            .or_else(|| territory_picker::resolve(lang, &territory_typed));
        Self {
            pairs,
            territory_typed,
            territory,
            partial,
        }
    }

    pub fn values(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.values(name).into_iter().next()
    }

    /// A typed territory that names no place: the page says so instead of ignoring it.
    pub fn unknown_territory(&self) -> bool {
        !self.territory_typed.is_empty() && self.territory.is_none()
    }

    /// The API's parameters, checked by the same code as `GET /api/v1/offers/search`.
    pub fn search_params(&self) -> SearchParams {
        let joined = |name: &str| {
            let values = self.values(name);
            (!values.is_empty()).then(|| values.join(","))
        };
        SearchParams {
            q: self.value("q").map(str::to_owned),
            category: joined("category"),
            sector: joined("sector"),
            delivery_mode: joined("delivery_mode"),
            format: joined("format"),
            skill_level: joined("skill_level"),
            language: joined("language"),
            region: joined("region"),
            territory: self.territory.as_ref().map(|t| t.code.clone()),
            has_places: self.value("has_places").map(str::to_owned),
            min_free_months: self.value("min_free_months").map(str::to_owned),
            sort: self.value("sort").map(str::to_owned),
            page: self.value("page").map(str::to_owned),
            per_page: Some("10".to_owned()),
            ..SearchParams::default()
        }
    }

    /// This search's query string with `page` set, for the pager.
    pub fn with_page(&self, page: u32) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.pairs {
            if k != "page" && k != "partial" {
                out.append_pair(k, v);
            }
        }
        if page > 1 {
            out.append_pair("page", &page.to_string());
        }
        out.finish()
    }
}

fn first(pairs: &[(String, String)], name: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticked_facets_become_the_apis_comma_lists() {
        let query = PageQuery::parse(
            Lang::It,
            Some("q=pos&category=pos&category=ecommerce&territorio=Treviso+%28provincia%29&page=2"),
        );
        let params = query.search_params();
        assert_eq!(params.category.as_deref(), Some("pos,ecommerce"));
        assert_eq!(params.territory.as_deref(), Some("TV"));
        assert_eq!(params.q.as_deref(), Some("pos"));
        assert_eq!(
            query.with_page(3),
            "q=pos&category=pos&category=ecommerce&territorio=Treviso+%28provincia%29&page=3"
        );
        assert!(!query.unknown_territory());
        assert!(PageQuery::parse(Lang::It, Some("territorio=Atlantide")).unknown_territory());
    }
}

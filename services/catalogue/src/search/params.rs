//! The query parameters of `GET /api/v1/offers/search`. Every value arrives as text and is
//! checked here one by one, so each mistake is answered with a 400 `invalid_query_parameter`
//! naming its parameter (in `errors[].field`), and the whole becomes a [`SearchRequest`]
//! scoped to who is asking.

use chrono::{DateTime, Utc};
use connessi_domain::territory::istat;
use connessi_domain::vocab::{self, Vocabulary};
use connessi_domain::{Actor, ErrorCode, OfferStatus, ValidationErrors};
use connessi_platform::{ApiError, ApiResult};
use connessi_search::request::{MAX_DEPTH, MAX_QUERY_CHARS};
use connessi_search::{Filters, Scope, SearchRequest, SortOrder};
use serde::Deserialize;
use std::str::FromStr;
use utoipa::IntoParams;
use uuid::Uuid;

/// The largest page.
pub const MAX_PER_PAGE: u32 = 100;
const DEFAULT_PER_PAGE: u32 = 20;
/// Values one filter may list; no vocabulary is longer.
const MAX_VALUES: usize = 50;

/// Filters list values separated by commas (`category=pos,ecommerce`): any of them matches.
/// Different filters must all match.
#[derive(Debug, Default, Deserialize, serde::Serialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words to find in titles, descriptions and provider names (at most 200 characters).
    pub q: Option<String>,
    /// Category codes (see `/vocabularies`).
    #[param(example = "pos,ecommerce")]
    pub category: Option<String>,
    /// Business-sector codes.
    pub sector: Option<String>,
    /// `online`, `in_person`, `mixed`.
    pub delivery_mode: Option<String>,
    /// Format codes, e.g. `course`.
    pub format: Option<String>,
    /// `base`, `intermediate`, `advanced`.
    pub skill_level: Option<String>,
    /// ISO 639-1 language codes.
    pub language: Option<String>,
    /// Provider ids.
    pub provider_id: Option<String>,
    /// 2-digit ISTAT region codes: offers available there, national ones included.
    pub region: Option<String>,
    /// Where the shop is (one value): a comune (6-digit ISTAT code), a province (car plate)
    /// or a region (2 digits).
    pub territory: Option<String>,
    /// `true`: only offers with places left; `false`: only full ones.
    #[param(value_type = Option<bool>)]
    pub has_places: Option<String>,
    /// Free for at least this many months.
    #[param(value_type = Option<u16>)]
    pub min_free_months: Option<String>,
    /// Moderators only: offer states.
    pub status: Option<String>,
    /// Order of results (default `relevance`).
    #[param(value_type = Option<SortOrder>)]
    pub sort: Option<String>,
    /// From 1 (default 1).
    #[param(value_type = Option<u32>, minimum = 1)]
    pub page: Option<String>,
    /// From 1 to 100 (default 20); `page × per_page` at most 10,000.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
}

impl SearchParams {
    /// The search these parameters ask for, as `actor` may run it at `now`.
    pub fn into_request(self, actor: &Actor, now: DateTime<Utc>) -> ApiResult<SearchRequest> {
        if self.status.is_some() && !actor.is_moderator() {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "only moderators can search by status",
            ));
        }
        let mut check = Checks::default();
        let query = check.query(self.q);
        let filters = Filters {
            categories: check.codes("category", self.category, &vocab::CATEGORIES),
            sectors: check.codes("sector", self.sector, &vocab::SECTORS),
            delivery_modes: check.codes(
                "delivery_mode",
                self.delivery_mode,
                &vocab::DELIVERY_MODES,
            ),
            formats: check.codes("format", self.format, &vocab::FORMATS),
            skill_levels: check.codes("skill_level", self.skill_level, &vocab::SKILL_LEVELS),
            languages: check.codes("language", self.language, &vocab::LANGUAGES),
            providers: check.list("provider_id", self.provider_id, "a provider id", |v| {
                Uuid::parse_str(v).ok()
            }),
            regions: check.list("region", self.region, "an ISTAT region code", |v| {
                istat().regions.contains_key(v).then(|| v.to_owned())
            }),
            territory: check.territory(self.territory),
            has_places: check.flag("has_places", self.has_places),
            min_free_months: check.number("min_free_months", self.min_free_months, 0..=u16::MAX),
            statuses: check.list("status", self.status, "an offer status", |v| {
                OfferStatus::parse(v).map(|s| s.as_str().to_owned())
            }),
        };
        let sort = check.sort(self.sort);
        let page = check.number("page", self.page, 1..=MAX_DEPTH).unwrap_or(1);
        let per_page = check
            .number("per_page", self.per_page, 1..=MAX_PER_PAGE)
            .unwrap_or(DEFAULT_PER_PAGE);
        if u64::from(page) * u64::from(per_page) > u64::from(MAX_DEPTH) {
            check.fail(
                "page",
                format!("page × per_page must be at most {MAX_DEPTH}"),
            );
        }
        check.errors.into_result()?;
        Ok(SearchRequest {
            query,
            scope: scope(actor, &filters.providers),
            filters,
            sort,
            page,
            per_page,
            now,
        })
    }
}

/// Who may find what: moderators everything, a provider's members their own offers too,
/// everyone else published ones.
fn scope(actor: &Actor, providers_asked: &[Uuid]) -> Scope {
    if actor.is_moderator() {
        return Scope::Everything;
    }
    let Actor::User(user) = actor else {
        return Scope::Public;
    };
    let mine: Vec<Uuid> = user.providers.iter().map(|m| m.provider_id.0).collect();
    // A member of several providers sees the unpublished offers of the one they filter by.
    let asked = providers_asked.iter().find(|id| mine.contains(id));
    asked
        .or(mine.first())
        .map_or(Scope::Public, |id| Scope::Provider(*id))
}

/// Collects every problem of the parameters, so one answer names them all.
#[derive(Default)]
struct Checks {
    errors: ValidationErrors,
}

impl Checks {
    fn fail(&mut self, parameter: &str, message: impl Into<String>) {
        self.errors
            .add(parameter, ErrorCode::InvalidQueryParameter, message);
    }

    fn query(&mut self, raw: Option<String>) -> String {
        let query = raw.unwrap_or_default().trim().to_owned();
        if query.chars().count() > MAX_QUERY_CHARS {
            self.fail("q", format!("at most {MAX_QUERY_CHARS} characters"));
        }
        query
    }

    /// Comma-separated values, each turned into `T` by `parse` (none when not valid).
    fn list<T: PartialEq>(
        &mut self,
        parameter: &str,
        raw: Option<String>,
        what: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Vec<T> {
        let raw = raw.unwrap_or_default();
        let values: Vec<&str> = raw
            .split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect();
        if values.len() > MAX_VALUES {
            self.fail(parameter, format!("at most {MAX_VALUES} values"));
            return Vec::new();
        }
        let mut parsed = Vec::with_capacity(values.len());
        for value in values {
            match parse(value) {
                Some(item) if !parsed.contains(&item) => parsed.push(item),
                Some(_) => {}
                None => {
                    let shown: String = value.chars().take(40).collect();
                    self.fail(parameter, format!("`{shown}` is not {what}"));
                }
            }
        }
        parsed
    }

    fn codes(
        &mut self,
        parameter: &str,
        raw: Option<String>,
        vocabulary: &Vocabulary,
    ) -> Vec<String> {
        let what = format!(
            "a known {} code (see /api/v1/vocabularies)",
            vocabulary.name
        );
        self.list(parameter, raw, &what, |v| {
            vocabulary.contains(v).then(|| v.to_owned())
        })
    }

    fn territory(&mut self, raw: Option<String>) -> Option<String> {
        let code = raw?.trim().to_ascii_uppercase();
        let table = istat();
        let known = table.regions.contains_key(&code)
            || table.provinces.contains_key(&code)
            || table.comuni.contains_key(&code);
        if !known {
            let shown: String = code.chars().take(16).collect();
            self.fail(
                "territory",
                format!("`{shown}` is not an ISTAT comune, province (car plate) or region code"),
            );
        }
        known.then_some(code)
    }

    fn flag(&mut self, parameter: &str, raw: Option<String>) -> Option<bool> {
        match raw?.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => {
                self.fail(parameter, "must be true or false");
                None
            }
        }
    }

    fn number<T>(
        &mut self,
        parameter: &str,
        raw: Option<String>,
        range: std::ops::RangeInclusive<T>,
    ) -> Option<T>
    where
        T: FromStr + PartialOrd + std::fmt::Display,
    {
        let parsed = raw?.trim().parse::<T>().ok().filter(|n| range.contains(n));
        if parsed.is_none() {
            let (low, high) = (range.start(), range.end());
            self.fail(
                parameter,
                format!("must be a whole number from {low} to {high}"),
            );
        }
        parsed
    }

    fn sort(&mut self, raw: Option<String>) -> SortOrder {
        match raw.as_deref() {
            None | Some("relevance") => SortOrder::Relevance,
            Some("newest") => SortOrder::Newest,
            Some("ending_soon") => SortOrder::EndingSoon,
            Some("longest_free_period") => SortOrder::LongestFreePeriod,
            Some(_) => {
                self.fail(
                    "sort",
                    "must be relevance, newest, ending_soon or longest_free_period",
                );
                SortOrder::Relevance
            }
        }
    }
}

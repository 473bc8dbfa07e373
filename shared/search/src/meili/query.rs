//! One search as one multi-search request: the page of hits with the counts of every facet
//! that has no selection, plus one query per selected facet for that facet's counts without
//! its own selection (disjunctive facets, as the embedded index counts them). The longest
//! free period, which depends on today's date, is merged from one sorted query per kind of
//! free period.

use super::document::{self, OFFER_KIND, facet_attribute};
use super::filter::Conditions;
use super::tasks::unavailable;
use crate::places::day_number;
use crate::request::MAX_DEPTH;
use crate::{Facet, Highlights, Hit, SearchRequest, SearchResponse, SearchResult, SortOrder};
use meilisearch_sdk::client::Client;
use meilisearch_sdk::indexes::Index;
use meilisearch_sdk::search::{MatchingStrategies, SearchQuery, SearchResults, Selectors};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Instant;

/// Marks Meilisearch puts around matches: characters no offer text has, replaced by
/// `<mark>` only after the text is escaped.
const PRE: &str = "\u{E000}";
const POST: &str = "\u{E001}";
/// Words kept around the match in a description's fragment.
const CROP_WORDS: usize = 24;

/// As in the embedded index: the Italian title highlighted, the Italian description cropped.
const HIGHLIGHTED: [&str; 1] = ["title_it"];
const CROPPED: [(&str, Option<usize>); 1] = [("description_it", None)];

/// What each sub-query of the request is for.
struct Plan {
    conditions: Conditions,
    text: bool,
    offset: usize,
    limit: usize,
}

pub async fn run(
    client: &Client,
    uid: &str,
    request: &SearchRequest,
) -> SearchResult<SearchResponse> {
    let started = Instant::now();
    let per_page = request.per_page.max(1);
    let plan = Plan {
        conditions: Conditions::of(request),
        text: request.query.chars().any(char::is_alphanumeric),
        offset: ((request.page.max(1) - 1) * per_page) as usize,
        limit: per_page as usize,
    };
    let index = client.index(uid);
    let main_filter = plan.conditions.all();
    let counted: Vec<&str> = Facet::ALL
        .iter()
        .filter(|f| !plan.conditions.has_selection(**f))
        .map(|f| facet_attribute(*f))
        .chain(["kind"])
        .collect();
    let facet_filters: Vec<(Facet, String)> = plan
        .conditions
        .selected
        .iter()
        .map(|(facet, _)| (*facet, plan.conditions.without(Some(*facet))))
        .collect();
    let facet_names: Vec<[&str; 1]> = facet_filters
        .iter()
        .map(|(f, _)| [facet_attribute(*f)])
        .collect();
    let longest = request.sort == SortOrder::LongestFreePeriod;
    let ranked_filters = if longest {
        free_period_filters(&main_filter, day_number(request.today()))
    } else {
        Vec::new()
    };
    let sort = sort_of(request.sort, plan.text);

    let mut multi = client.multi_search();
    let mut main = base(&index, &request.query, &main_filter);
    main.with_facets(Selectors::Some(&counted));
    if longest {
        main.with_limit(0);
    } else {
        page(&mut main, &plan, plan.offset, plan.limit, sort);
    }
    multi.with_search_query(main);
    for (filter, sort) in &ranked_filters {
        let mut ranked = base(&index, &request.query, filter);
        let depth = (plan.offset + plan.limit).min(MAX_DEPTH as usize);
        page(&mut ranked, &plan, 0, depth, sort);
        multi.with_search_query(ranked);
    }
    for ((_, filter), name) in facet_filters.iter().zip(&facet_names) {
        let mut counts = base(&index, &request.query, filter);
        counts.with_limit(0).with_facets(Selectors::Some(name));
        multi.with_search_query(counts);
    }
    let answer = multi
        .execute::<Value>()
        .await
        .map_err(|e| unavailable("searching", &e))?;
    let mut results = answer.results.into_iter();
    let main = results.next().unwrap_or_else(empty);
    let total = count(&main, "kind", OFFER_KIND);
    let mut facets = facet_counts(&main, &counted);
    let hits = if longest {
        let lists: Vec<SearchResults<Value>> =
            results.by_ref().take(ranked_filters.len()).collect();
        merge_by_free_days(lists, day_number(request.today()), plan.offset, plan.limit)
    } else {
        main.hits
    };
    for ((facet, _), result) in facet_filters.iter().zip(results) {
        let name = facet_attribute(*facet);
        facets.insert(
            *facet,
            facet_counts(&result, &[name])
                .remove(facet)
                .unwrap_or_default(),
        );
    }
    let hits = hits
        .into_iter()
        .map(hit)
        .collect::<SearchResult<Vec<_>>>()?;
    Ok(SearchResponse {
        hits,
        total,
        page: request.page.max(1),
        per_page,
        facets,
        processing_time_ms: started.elapsed().as_secs_f64() * 1000.0,
    })
}

fn empty() -> SearchResults<Value> {
    serde_json::from_value(serde_json::json!({"hits": [], "processingTimeMs": 0, "query": ""}))
        .expect("an empty result is valid")
}

/// A query of the text with every word required.
fn base<'a>(
    index: &'a Index,
    text: &'a str,
    filter: &'a str,
) -> SearchQuery<'a, meilisearch_sdk::DefaultHttpClient> {
    let mut query = SearchQuery::new(index);
    query
        .with_query(text)
        .with_filter(filter)
        .with_matching_strategy(MatchingStrategies::ALL);
    query
}

/// Asks for a page of hits, highlighted when there is text.
fn page<'a>(
    query: &mut SearchQuery<'a, meilisearch_sdk::DefaultHttpClient>,
    plan: &Plan,
    offset: usize,
    limit: usize,
    sort: &'a [&'a str],
) {
    query.with_offset(offset).with_limit(limit);
    if !sort.is_empty() {
        query.with_sort(sort);
    }
    if plan.text {
        query
            .with_attributes_to_highlight(Selectors::Some(&HIGHLIGHTED))
            .with_attributes_to_crop(Selectors::Some(&CROPPED))
            .with_crop_length(CROP_WORDS)
            .with_crop_marker("…")
            .with_highlight_pre_tag(PRE)
            .with_highlight_post_tag(POST);
    }
}

fn sort_of(order: SortOrder, text: bool) -> &'static [&'static str] {
    match order {
        // The ranking rules end with the newest first.
        SortOrder::Relevance if text => &[],
        SortOrder::Relevance | SortOrder::Newest => &["published_ts:desc"],
        SortOrder::EndingSoon => &["ending_key:asc", "published_ts:desc"],
        SortOrder::LongestFreePeriod => &[],
    }
}

/// One filter and sort per kind of free period, in the order they rank: months, a fixed end
/// still ahead, a fixed end passed (0 days), none.
fn free_period_filters(filter: &str, today: i64) -> Vec<(String, &'static [&'static str])> {
    vec![
        (
            format!("{filter} AND months_days > 0"),
            &["months_days:desc", "published_ts:desc"],
        ),
        (
            format!("{filter} AND months_days = 0 AND until_day > {today}"),
            &["until_day:desc", "published_ts:desc"],
        ),
        (
            format!("{filter} AND months_days = 0 AND until_day > 0 AND until_day <= {today}"),
            &["published_ts:desc"],
        ),
        (
            format!("{filter} AND months_days = 0 AND until_day = 0"),
            &["published_ts:desc"],
        ),
    ]
}

/// Free days as the embedded index ranks them (none: -1), then newest first.
fn merge_by_free_days(
    lists: Vec<SearchResults<Value>>,
    today: i64,
    offset: usize,
    limit: usize,
) -> Vec<meilisearch_sdk::search::SearchResult<Value>> {
    let key = |stored: &Value| {
        let months = document::number(stored, "months_days");
        let until = document::number(stored, "until_day");
        let days = match (months, until) {
            (0, 0) => -1,
            (0, until) => (until - today).max(0),
            (months, _) => months,
        };
        (days, document::number(stored, "published_ts"))
    };
    let mut all: Vec<_> = lists.into_iter().flat_map(|list| list.hits).collect();
    // Stable: within equal keys each list's own order is kept.
    all.sort_by_key(|hit| std::cmp::Reverse(key(&hit.result)));
    all.into_iter().skip(offset).take(limit).collect()
}

fn count(result: &SearchResults<Value>, attribute: &str, value: &str) -> u64 {
    result
        .facet_distribution
        .as_ref()
        .and_then(|d| d.get(attribute))
        .and_then(|values| values.get(value))
        .map_or(0, |n| *n as u64)
}

/// The counts of the facets among `attributes` (every facet asked for gets an entry).
fn facet_counts(
    result: &SearchResults<Value>,
    attributes: &[&str],
) -> BTreeMap<Facet, BTreeMap<String, u64>> {
    Facet::ALL
        .iter()
        .filter(|f| attributes.contains(&facet_attribute(**f)))
        .map(|facet| {
            let values = result
                .facet_distribution
                .as_ref()
                .and_then(|d| d.get(facet_attribute(*facet)))
                .map(|values| {
                    values
                        .iter()
                        .filter(|(_, n)| **n > 0)
                        .map(|(v, n)| (v.clone(), *n as u64))
                        .collect()
                })
                .unwrap_or_default();
            (*facet, values)
        })
        .collect()
}

fn hit(found: meilisearch_sdk::search::SearchResult<Value>) -> SearchResult<Hit> {
    let highlights = found
        .formatted_result
        .as_ref()
        .map(|formatted| Highlights {
            title: marked(formatted.get("title_it")),
            description: marked(formatted.get("description_it")),
        })
        .unwrap_or_default();
    Ok(Hit {
        offer: document::from_stored(found.result)?,
        highlights,
    })
}

/// A formatted field as safe HTML: escaped, then the match marks turned into `<mark>`; none
/// when nothing in it matched.
fn marked(field: Option<&Value>) -> Option<String> {
    let text = field?.as_str()?;
    if !text.contains(PRE) {
        return None;
    }
    Some(escape(text).replace(PRE, "<mark>").replace(POST, "</mark>"))
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_markup_is_escaped_and_only_matches_are_marked() {
        let formatted = Value::String(format!("<b>{PRE}Corso{POST}</b> & \"più\""));
        assert_eq!(
            marked(Some(&formatted)).unwrap(),
            "&lt;b&gt;<mark>Corso</mark>&lt;/b&gt; &amp; &quot;più&quot;"
        );
        assert_eq!(marked(Some(&Value::String("no match".into()))), None);
    }
}

//! Running a search on the embedded index: the text query and the place filter select
//! documents, the faceted collector does the rest, and the page is read from the doc store.

use super::collector::{FacetedCollector, Found, Plan};
use super::{Inner, index_error, query};
use crate::document::OfferDocument;
use crate::request::MAX_DEPTH;
use crate::{Facet, Highlights, Hit, SearchRequest, SearchResponse, SearchResult, SortOrder};
use std::collections::BTreeMap;
use std::time::Instant;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Searcher, TantivyDocument, Term};

/// How long a highlighted description may be, in characters.
const SNIPPET_CHARS: usize = 200;

pub fn run(inner: &Inner, request: &SearchRequest) -> SearchResult<SearchResponse> {
    let started = Instant::now();
    let searcher = inner.reader.searcher();
    let generation = searcher.generation().generation_id();
    let key = super::result_cache::ResultCache::key(request);
    if let Some(mut cached) = inner.results.get(generation, &key) {
        cached.processing_time_ms = started.elapsed().as_secs_f64() * 1000.0;
        return Ok(cached);
    }
    let response = compute(inner, &searcher, request, started)?;
    inner.results.put(generation, key, &response);
    Ok(response)
}

fn compute(
    inner: &Inner,
    searcher: &Searcher,
    request: &SearchRequest,
    started: Instant,
) -> SearchResult<SearchResponse> {
    let manager = inner.index.tokenizers();
    let units = query::units(manager, &inner.synonyms, &request.query);
    let per_page = request.per_page.max(1);
    let keep = (request.page.max(1) * per_page).min(MAX_DEPTH) as usize;
    let scored = !units.is_empty() && request.sort == SortOrder::Relevance;
    let plan = Plan::new(
        &request.filters,
        request.scope,
        request.now,
        request.sort,
        scored,
        keep,
    );
    let collect = |require_all: bool| -> SearchResult<Found> {
        let text = query::text_query(manager, &inner.fields, &units, require_all);
        let query = with_place(inner, text, request.filters.territory.as_deref());
        searcher
            .search(
                &*query,
                &FacetedCollector {
                    plan: plan.clone(),
                    cache: inner.cache.clone(),
                },
            )
            .map_err(index_error)
    };
    let mut found = collect(true)?;
    if found.total == 0 && units.len() > 1 {
        // Like Meilisearch, rather show offers matching some of the words than nothing.
        found = collect(false)?;
    }
    let skip = ((request.page.max(1) - 1) * per_page) as usize;
    let highlighter = Highlighter::new(inner, searcher, &units)?;
    let mut hits = Vec::new();
    for ranked in found.top.iter().skip(skip).take(per_page as usize) {
        let stored: TantivyDocument = searcher.doc(ranked.address).map_err(index_error)?;
        let json = stored
            .get_first(inner.fields.document)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let offer: OfferDocument = serde_json::from_str(json).map_err(index_error)?;
        let highlights = highlighter
            .as_ref()
            .map(|h| h.highlight(&offer))
            .unwrap_or_default();
        hits.push(Hit { offer, highlights });
    }
    let facets = Facet::ALL
        .iter()
        .map(|facet| {
            (
                *facet,
                found
                    .counts
                    .remove(facet)
                    .unwrap_or_default()
                    .into_iter()
                    .collect::<BTreeMap<_, _>>(),
            )
        })
        .collect();
    Ok(SearchResponse {
        hits,
        total: found.total,
        page: request.page.max(1),
        per_page,
        facets,
        processing_time_ms: started.elapsed().as_secs_f64() * 1000.0,
    })
}

/// Adds the place filter: the offer must serve the comune, province or region asked for.
fn with_place(inner: &Inner, text: Box<dyn Query>, place: Option<&str>) -> Box<dyn Query> {
    let Some(keys) = place.and_then(crate::places::keys_serving) else {
        return text;
    };
    let serving: Vec<(Occur, Box<dyn Query>)> = keys
        .iter()
        .map(|key| {
            let term = Term::from_field_text(inner.fields.territory, key);
            (
                Occur::Should,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
            )
        })
        .collect();
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, text),
        (Occur::Must, Box::new(BooleanQuery::new(serving))),
    ]))
}

/// Highlights the words of the query in titles and descriptions, escaping everything else.
struct Highlighter {
    title: SnippetGenerator,
    description: SnippetGenerator,
}

impl Highlighter {
    fn new(
        inner: &Inner,
        searcher: &Searcher,
        units: &[query::Unit],
    ) -> SearchResult<Option<Self>> {
        if units.is_empty() {
            return Ok(None);
        }
        let highlight = query::highlight_query(inner.index.tokenizers(), &inner.fields, units);
        let mut title = SnippetGenerator::create(searcher, &*highlight, inner.fields.title_it)
            .map_err(index_error)?;
        title.set_max_num_chars(400);
        let mut description =
            SnippetGenerator::create(searcher, &*highlight, inner.fields.description_it)
                .map_err(index_error)?;
        description.set_max_num_chars(SNIPPET_CHARS);
        Ok(Some(Self { title, description }))
    }

    fn highlight(&self, offer: &OfferDocument) -> Highlights {
        let mark = |generator: &SnippetGenerator, text: &str| {
            let mut snippet = generator.snippet(text);
            snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
            let html = snippet.to_html();
            (!html.is_empty()).then_some(html)
        };
        Highlights {
            title: mark(&self.title, &offer.title_it),
            description: mark(&self.description, &offer.description_it),
        }
    }
}

/// Every live document's id and version.
pub fn versions(inner: &Inner) -> SearchResult<Vec<(uuid::Uuid, i64)>> {
    let searcher = inner.reader.searcher();
    let mut all = Vec::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let ids = fast.str("id").map_err(index_error)?;
        let versions = fast.i64("version").map_err(index_error)?;
        let Some(ids) = ids else { continue };
        let mut text = String::new();
        for doc in 0..segment.max_doc() {
            if segment
                .alive_bitset()
                .is_some_and(|alive| !alive.is_alive(doc))
            {
                continue;
            }
            let Some(ord) = ids.ords().first(doc) else {
                continue;
            };
            if ids.ord_to_str(ord, &mut text).map_err(index_error)? {
                let id = uuid::Uuid::parse_str(&text).map_err(index_error)?;
                all.push((id, versions.first(doc).unwrap_or(0)));
            }
        }
    }
    all.sort();
    Ok(all)
}

//! Faceted full-text search of offers behind one interface, [`SearchBackend`], free of any
//! search library's types. The embedded backend ([`embedded::EmbeddedIndex`], tantivy, on
//! disk in the data directory) is the default; a Meilisearch backend implements the same trait.
//! [`conformance`] holds the suite every backend must pass.

pub mod conformance;
pub mod document;
pub mod embedded;
pub mod meili;
pub mod places;
pub mod request;
pub mod stop_words;
pub mod synonyms;

pub use document::OfferDocument;
pub use request::{
    Facet, Filters, Highlights, Hit, Scope, SearchRequest, SearchResponse, SortOrder,
};

/// Why a search backend failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index error: {0}")]
    Index(String),
    #[error("search index is not available: {0}")]
    Unavailable(String),
}

pub type SearchResult<T> = Result<T, SearchError>;

/// One change to apply to the index.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Insert or replace the document with this id.
    Upsert(Box<OfferDocument>),
    /// Remove the document with this id, if present.
    Delete(uuid::Uuid),
}

/// A search index of offers. Changes arrive from the outbox with the id of the last event
/// they reflect (the checkpoint); a backend stores the checkpoint together with the changes,
/// so after a crash it resumes exactly where its last durable write ended.
#[async_trait::async_trait]
pub trait SearchBackend: Send + Sync + 'static {
    /// The last outbox id whose effects are durably in the index (0 for an empty index).
    async fn checkpoint(&self) -> SearchResult<i64>;

    /// Applies `changes` in order and records `checkpoint`, both or neither.
    async fn apply(&self, changes: Vec<Change>, checkpoint: i64) -> SearchResult<()>;

    /// Runs a search.
    async fn search(&self, request: &SearchRequest) -> SearchResult<SearchResponse>;

    /// Every document's id and version, to compare the index with the database.
    async fn versions(&self) -> SearchResult<Vec<(uuid::Uuid, i64)>>;
}

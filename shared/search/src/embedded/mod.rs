//! The embedded backend: a tantivy index on disk. Each full rebuild is a new *generation* in
//! its own directory under the search directory; a `CURRENT` file names the one in use, so a
//! rebuild happens aside and is swapped in atomically while the old one keeps serving.

mod collector;
mod encode;
mod generations;
mod query;
mod result_cache;
mod schema;
mod search;
mod segment_data;

use crate::synonyms::Synonyms;
use crate::{Change, SearchBackend, SearchError, SearchRequest, SearchResponse, SearchResult};
use schema::Fields;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

pub use query::typo_budget;

/// Answers kept for identical searches on the same generation.
const RESULT_CACHE_ENTRIES: usize = 512;

/// Memory the writer may use before it flushes a segment.
const WRITER_MEMORY: usize = 50_000_000;

/// An open generation of the embedded index. Cheap to share behind an `Arc`.
pub struct EmbeddedIndex {
    inner: Arc<Inner>,
}

struct Inner {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    synonyms: Synonyms,
    /// Taken when the first change arrives, so a generation that only serves searches never
    /// holds tantivy's write lock.
    writer: Mutex<Option<IndexWriter>>,
    cache: Arc<segment_data::SegmentCache>,
    results: result_cache::ResultCache,
}

/// Threads one search may use across segments: the machine's cores, at most four.
fn search_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

fn index_error(error: impl std::fmt::Display) -> SearchError {
    SearchError::Index(error.to_string())
}

impl EmbeddedIndex {
    /// Opens (or creates) the index in `dir`.
    pub fn open_dir(dir: &Path, synonyms: Synonyms) -> SearchResult<EmbeddedIndex> {
        std::fs::create_dir_all(dir).map_err(index_error)?;
        let (schema, fields) = schema::build();
        let directory = tantivy::directory::MmapDirectory::open(dir).map_err(index_error)?;
        let mut index = Index::open_or_create(directory, schema).map_err(index_error)?;
        // Segments are searched in parallel: one search over a large catalogue then takes
        // about a core's share of the time, which is what a person waiting for it feels.
        index
            .set_multithread_executor(search_threads())
            .map_err(index_error)?;
        schema::register_analyzers(index.tokenizers());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(index_error)?;
        let inner = Inner {
            dir: dir.to_owned(),
            index,
            reader,
            fields,
            synonyms,
            writer: Mutex::new(None),
            cache: Arc::default(),
            results: result_cache::ResultCache::new(RESULT_CACHE_ENTRIES),
        };
        Ok(EmbeddedIndex {
            inner: Arc::new(inner),
        })
    }

    /// This generation's name (its directory name).
    pub fn generation(&self) -> String {
        self.inner
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Lets go of the write lock, so another process may write this generation.
    pub fn release_writer(&self) {
        if let Ok(mut writer) = self.inner.writer.lock() {
            writer.take();
        }
    }

    fn apply_blocking(inner: &Inner, changes: Vec<Change>, checkpoint: i64) -> SearchResult<()> {
        let mut guard = inner
            .writer
            .lock()
            .map_err(|_| index_error("writer lock poisoned"))?;
        if guard.is_none() {
            *guard = Some(
                inner
                    .index
                    .writer_with_num_threads(1, WRITER_MEMORY)
                    .map_err(index_error)?,
            );
        }
        let writer = guard.as_mut().expect("writer was just opened");
        for change in changes {
            match change {
                Change::Upsert(document) => {
                    writer.delete_term(Term::from_field_text(
                        inner.fields.id,
                        &document.id.to_string(),
                    ));
                    writer
                        .add_document(
                            encode::to_tantivy(&inner.fields, &document).map_err(index_error)?,
                        )
                        .map_err(index_error)?;
                }
                Change::Delete(id) => {
                    writer.delete_term(Term::from_field_text(inner.fields.id, &id.to_string()));
                }
            }
        }
        let mut prepared = writer.prepare_commit().map_err(index_error)?;
        prepared.set_payload(&serde_json::json!({ "checkpoint": checkpoint }).to_string());
        prepared.commit().map_err(index_error)?;
        inner.reader.reload().map_err(index_error)?;
        let live: Vec<_> = inner
            .reader
            .searcher()
            .segment_readers()
            .iter()
            .map(|s| s.segment_id())
            .collect();
        inner.cache.retain(&live);
        Ok(())
    }

    fn checkpoint_blocking(inner: &Inner) -> SearchResult<i64> {
        let metas = inner.index.load_metas().map_err(index_error)?;
        let payload = metas.payload.unwrap_or_default();
        let value: serde_json::Value = serde_json::from_str(&payload).unwrap_or_default();
        Ok(value["checkpoint"].as_i64().unwrap_or(0))
    }

    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Inner) -> SearchResult<T> + Send + 'static,
    ) -> SearchResult<T> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || work(&inner))
            .await
            .map_err(index_error)?
    }
}

#[async_trait::async_trait]
impl SearchBackend for EmbeddedIndex {
    async fn checkpoint(&self) -> SearchResult<i64> {
        self.blocking(Self::checkpoint_blocking).await
    }

    async fn apply(&self, changes: Vec<Change>, checkpoint: i64) -> SearchResult<()> {
        self.blocking(move |inner| Self::apply_blocking(inner, changes, checkpoint))
            .await
    }

    async fn search(&self, request: &SearchRequest) -> SearchResult<SearchResponse> {
        let request = request.clone();
        self.blocking(move |inner| search::run(inner, &request))
            .await
    }

    async fn versions(&self) -> SearchResult<Vec<(uuid::Uuid, i64)>> {
        self.blocking(search::versions).await
    }
}

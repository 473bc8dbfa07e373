//! Search of offers: documents built from the catalogue's rows, the indexer that follows the
//! outbox into the search index, the full rebuild (`connessi reindex`), and the handle through
//! which handlers search the generation in use while the indexer can swap in a new one.

pub mod changes;
pub mod document;
pub mod indexer;
pub mod params;
mod reindex;
mod status;

pub use indexer::{CatchUp, catch_up};
pub use reindex::{Reindexed, reindex};
pub use status::IndexerStatus;

use connessi_platform::config::Settings;
use connessi_search::embedded::EmbeddedIndex;
use connessi_search::meili::{MeiliConfig, MeiliIndex};
use connessi_search::synonyms::Synonyms;
use connessi_search::{SearchBackend, SearchResult};
use sea_orm::DatabaseConnection;
use secrecy::ExposeSecret;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;
use tokio::sync::watch;

/// The search index in use and the indexer's progress; shared by handlers and the indexer.
/// Cheap to clone.
#[derive(Clone)]
pub struct SearchHandle {
    /// Handlers take a clone of the inner `Arc` and release the lock at once, so a swap
    /// waits for no search, and searches already running finish on the old generation.
    backend: Arc<RwLock<Arc<dyn SearchBackend>>>,
    /// Where the embedded index keeps its generations; `None` for a backend without them.
    search_dir: Option<Arc<PathBuf>>,
    /// Whether every instance uses this one index (Meilisearch): then one instance at a time
    /// writes to it, and each reads the checkpoint from it before writing.
    shared: bool,
    synonyms: Arc<Synonyms>,
    status: Arc<watch::Sender<IndexerStatus>>,
}

impl SearchHandle {
    /// A handle on a backend that has no generations to follow.
    pub fn new(backend: Arc<dyn SearchBackend>) -> Self {
        Self {
            backend: Arc::new(RwLock::new(backend)),
            search_dir: None,
            shared: false,
            synonyms: Arc::new(Synonyms::defaults()),
            status: Arc::new(watch::Sender::new(IndexerStatus::default())),
        }
    }

    /// Opens the generation of the embedded index that `CURRENT` names in `search_dir`
    /// (creating a first one). Blocking: call it at start or from `spawn_blocking`.
    pub fn open_embedded(search_dir: &Path, synonyms: Synonyms) -> SearchResult<Self> {
        let index = EmbeddedIndex::open_current(search_dir, synonyms.clone())?;
        let generation = index.generation();
        let mut handle = Self::new(Arc::new(index));
        handle.search_dir = Some(Arc::new(search_dir.to_owned()));
        handle.synonyms = Arc::new(synonyms);
        handle.update_status(|status| status.generation = Some(generation));
        Ok(handle)
    }

    /// A handle on an index every instance shares (Meilisearch).
    pub fn shared(backend: Arc<dyn SearchBackend>, name: &str, synonyms: Synonyms) -> Self {
        let mut handle = Self::new(backend);
        handle.shared = true;
        handle.synonyms = Arc::new(synonyms);
        handle.update_status(|status| status.generation = Some(name.to_owned()));
        handle
    }

    /// Whether every instance uses this one index.
    pub fn is_shared(&self) -> bool {
        self.shared
    }

    /// The backend to use for one operation.
    pub fn backend(&self) -> Arc<dyn SearchBackend> {
        // Nothing can panic while the lock is held (a clone or an assignment), so a poisoned
        // lock still holds a usable value.
        self.backend
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The directory of the embedded index's generations, if this is one.
    pub fn search_dir(&self) -> Option<&Path> {
        self.search_dir.as_deref().map(PathBuf::as_path)
    }

    /// The synonym groups queries expand with.
    pub fn synonyms(&self) -> Synonyms {
        self.synonyms.as_ref().clone()
    }

    /// The indexer's latest status.
    pub fn status(&self) -> IndexerStatus {
        self.status.borrow().clone()
    }

    /// A receiver of every change of the indexer's status.
    pub fn subscribe(&self) -> watch::Receiver<IndexerStatus> {
        self.status.subscribe()
    }

    /// Makes `backend` (the generation `generation`) the one searched from now on.
    pub(crate) fn replace(&self, backend: Arc<dyn SearchBackend>, generation: String) {
        *self.backend.write().unwrap_or_else(PoisonError::into_inner) = backend;
        self.update_status(|status| status.generation = Some(generation));
    }

    /// Changes the status, waking subscribers only when something changed.
    pub(crate) fn update_status(&self, change: impl FnOnce(&mut IndexerStatus)) {
        self.status.send_if_modified(|status| {
            let before = status.clone();
            change(status);
            *status != before
        });
    }
}

/// The synonym groups of the configuration.
pub fn synonyms(settings: &Settings) -> Synonyms {
    Synonyms(settings.search.synonyms.clone())
}

/// The Meilisearch server the settings name, if any.
pub fn meilisearch(settings: &Settings) -> Option<MeiliConfig> {
    let search = &settings.search;
    Some(MeiliConfig {
        url: search.url.clone()?,
        admin_key: search.api_key.as_ref()?.expose_secret().to_owned(),
        index: search.index.clone(),
        synonyms: synonyms(settings),
        task_timeout: Duration::from_secs(search.task_timeout_secs),
    })
}

/// Opens the index the settings name (Meilisearch, or the embedded index by default) and
/// brings it up to date with the outbox, so the service answers searches with current data
/// from its first request. An index ahead of the database (a database restored or replaced
/// under it) is rebuilt.
pub async fn open(db: &DatabaseConnection, settings: &Settings) -> anyhow::Result<SearchHandle> {
    let mut handle = open_backend(settings).await?;
    let head = indexer::outbox_head(db).await?;
    let checkpoint = handle.backend().checkpoint().await?;
    if checkpoint > head {
        tracing::warn!(
            checkpoint,
            head,
            "the search index has seen events the database does not have; rebuilding it"
        );
        reindex(db, settings).await?;
        handle = open_backend(settings).await?;
    }
    let caught_up = if handle.is_shared() {
        indexer::catch_up_exclusively(db, handle.backend().as_ref()).await?
    } else {
        catch_up(db, handle.backend().as_ref()).await?
    };
    tracing::info!(
        events = caught_up.events,
        checkpoint = caught_up.checkpoint,
        generation = handle.status().generation.unwrap_or_default(),
        "search index caught up with the outbox"
    );
    Ok(handle)
}

async fn open_backend(settings: &Settings) -> anyhow::Result<SearchHandle> {
    match meilisearch(settings) {
        Some(config) => {
            let name = config.index.clone();
            let index = MeiliIndex::open(config).await?;
            Ok(SearchHandle::shared(
                Arc::new(index),
                &name,
                synonyms(settings),
            ))
        }
        None => open_in_background(settings.search_dir(), synonyms(settings)).await,
    }
}

async fn open_in_background(
    search_dir: PathBuf,
    synonyms: Synonyms,
) -> anyhow::Result<SearchHandle> {
    let opened =
        tokio::task::spawn_blocking(move || SearchHandle::open_embedded(&search_dir, synonyms));
    Ok(opened.await??)
}

//! The Meilisearch backend (production): one index of offers on a Meilisearch server shared
//! by every catalogue instance. The service manages the index's settings, writes with the
//! admin key and awaits every task ([`tasks`]); it searches with a search-only key it keeps on
//! the server, and public searches with a tenant token signed by that key whose rules only
//! let published offers through, so even a mistake in a filter cannot show a draft.

mod document;
mod filter;
mod query;
mod settings;
pub mod tasks;

use crate::synonyms::Synonyms;
use crate::{Change, SearchBackend, SearchError, SearchRequest, SearchResponse, SearchResult};
use document::META_ID;
use meilisearch_sdk::client::{Client, SwapIndexes};
use meilisearch_sdk::documents::DocumentsQuery;
use meilisearch_sdk::indexes::Index;
use meilisearch_sdk::key::{Action, Key, KeyBuilder};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};
use tasks::{completed, is_not_found, unavailable};
use uuid::Uuid;

/// How to reach the server and which index to use.
#[derive(Clone)]
pub struct MeiliConfig {
    pub url: String,
    /// The master key or an admin key: manages the index, writes documents, never searches.
    pub admin_key: String,
    pub index: String,
    pub synonyms: Synonyms,
    pub task_timeout: Duration,
}

impl MeiliConfig {
    /// The index `index` on the server at `url`, with the shipped synonyms and a minute's
    /// wait for each task.
    pub fn new(
        url: impl Into<String>,
        admin_key: impl Into<String>,
        index: impl Into<String>,
    ) -> Self {
        Self {
            url: url.into(),
            admin_key: admin_key.into(),
            index: index.into(),
            synonyms: Synonyms::defaults(),
            task_timeout: Duration::from_secs(60),
        }
    }
}

impl std::fmt::Debug for MeiliConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MeiliConfig")
            .field("url", &self.url)
            .field("admin_key", &"[redacted]")
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

/// A tenant token is renewed this long before it expires.
const TOKEN_LIFETIME: Duration = Duration::from_secs(3600);
const TOKEN_RENEW_AFTER: Duration = Duration::from_secs(3000);
/// Documents written per task by a rebuild.
pub const WRITE_BATCH: usize = 1_000;

/// An open Meilisearch index of offers. Cheap to share behind an `Arc`.
pub struct MeiliIndex {
    config: MeiliConfig,
    admin: Client,
    /// The uid of the index this handle writes and searches.
    uid: String,
    searcher: Arc<Client>,
    search_key: Key,
    public: RwLock<Option<(Arc<Client>, Instant)>>,
}

fn client(url: &str, key: &str) -> SearchResult<Client> {
    Client::new(url, Some(key)).map_err(|e| unavailable("connecting to Meilisearch", &e))
}

impl MeiliIndex {
    /// Opens the configured index, creating it if needed, and brings its settings and the
    /// search-only key up to date.
    pub async fn open(config: MeiliConfig) -> SearchResult<Self> {
        let uid = config.index.clone();
        Self::open_uid(config, uid).await
    }

    /// A new, empty index beside the configured one, for a rebuild to fill and
    /// [`MeiliIndex::publish`].
    pub async fn create_staging(config: MeiliConfig) -> SearchResult<Self> {
        let uid = format!("{}_rebuild_{}", config.index, Uuid::now_v7().simple());
        Self::open_uid(config, uid).await
    }

    async fn open_uid(config: MeiliConfig, uid: String) -> SearchResult<Self> {
        let admin = client(&config.url, &config.admin_key)?;
        let timeout = config.task_timeout;
        if let Err(error) = admin.get_index(&uid).await {
            if !is_not_found(&error) {
                return Err(unavailable("reading the index", &error));
            }
            let created = admin.create_index(&uid, Some("id")).await;
            if let Err(failed) = completed(&admin, created, timeout, "creating the index").await {
                // Another instance starting at the same moment may have created it first.
                if admin.get_index(&uid).await.is_err() {
                    return Err(failed);
                }
            }
        }
        let index = admin.index(&uid);
        let wanted = settings::settings(&config.synonyms);
        let applied = index.set_settings(&wanted).await;
        completed(&admin, applied, timeout, "applying the index settings").await?;
        let search_key = search_key(&admin, &config.index).await?;
        let searcher = Arc::new(client(&config.url, &search_key.key)?);
        Ok(Self {
            config,
            admin,
            uid,
            searcher,
            search_key,
            public: RwLock::new(None),
        })
    }

    /// The search-only key searches use (its value signs the tenant tokens).
    pub fn search_key(&self) -> &Key {
        &self.search_key
    }

    /// The uid of the index in use.
    pub fn uid(&self) -> &str {
        &self.uid
    }

    fn index(&self) -> Index {
        self.admin.index(&self.uid)
    }

    /// Swaps this (staging) index in under the configured name, atomically, and deletes the
    /// index it replaced. Searches before the swap see the old index, after it the new one.
    pub async fn publish(mut self) -> SearchResult<Self> {
        let target = self.config.index.clone();
        let swap = SwapIndexes {
            indexes: (self.uid.clone(), target.clone()),
            rename: None,
        };
        let timeout = self.config.task_timeout;
        let swapped = self.admin.swap_indexes([&swap]).await;
        completed(
            &self.admin,
            swapped,
            timeout,
            "swapping in the rebuilt index",
        )
        .await?;
        let replaced = self.admin.delete_index(&self.uid).await;
        completed(
            &self.admin,
            replaced,
            timeout,
            "deleting the replaced index",
        )
        .await?;
        self.uid = target;
        self.public = RwLock::new(None);
        Ok(self)
    }

    /// Deletes this index and its search-only key (tests, and a rebuild that failed).
    pub async fn destroy(self) -> SearchResult<()> {
        let timeout = self.config.task_timeout;
        let deleted = self.admin.delete_index(&self.uid).await;
        completed(&self.admin, deleted, timeout, "deleting the index").await?;
        if self.uid == self.config.index {
            self.admin
                .delete_key(&self.search_key.key)
                .await
                .map_err(|e| unavailable("deleting the search key", &e))?;
        }
        Ok(())
    }

    /// The client for a search in `scope`: public searches go through a tenant token.
    fn searcher_for(&self, request: &SearchRequest) -> SearchResult<Arc<Client>> {
        if request.scope != crate::Scope::Public {
            return Ok(self.searcher.clone());
        }
        let cached = self.public.read().unwrap_or_else(PoisonError::into_inner);
        if let Some((client, made)) = cached.as_ref()
            && made.elapsed() < TOKEN_RENEW_AFTER
        {
            return Ok(client.clone());
        }
        drop(cached);
        let token = self.public_token()?;
        let fresh = Arc::new(client(&self.config.url, &token)?);
        *self.public.write().unwrap_or_else(PoisonError::into_inner) =
            Some((fresh.clone(), Instant::now()));
        Ok(fresh)
    }

    /// A tenant token, signed with the search-only key (never the admin key), whose rules
    /// restrict every search of this index to published offers.
    pub fn public_token(&self) -> SearchResult<String> {
        let rules = serde_json::json!({
            self.uid.clone(): { "filter": "kind = \"offer\" AND status = \"published\"" }
        });
        let expires = time::OffsetDateTime::now_utc() + TOKEN_LIFETIME;
        self.searcher
            .generate_tenant_token(
                self.search_key.uid.clone(),
                rules,
                Some(&self.search_key.key),
                Some(expires),
            )
            .map_err(|e| SearchError::Index(format!("signing a tenant token: {e}")))
    }
}

/// The search-only key of `index`, made on first use. Its uid is derived from the index's
/// name, so instances starting together agree on one key instead of making one each.
async fn search_key(admin: &Client, index: &str) -> SearchResult<Key> {
    let name = format!("connessi-search-{index}");
    let uid = key_uid(&name);
    if let Ok(key) = admin.get_key(&uid).await {
        return Ok(key);
    }
    let mut builder = KeyBuilder::new();
    builder
        .with_uid(&uid)
        .with_name(&name)
        .with_description("Connessi: searches offers only (made by the catalogue)")
        .with_action(Action::Search)
        .with_index(index);
    match admin.create_key(builder).await {
        Ok(key) => Ok(key),
        // Made by another instance in the meantime.
        Err(error) => admin
            .get_key(&uid)
            .await
            .map_err(|_| unavailable("creating the search-only key", &error)),
    }
}

/// A UUID (version 4 in form, as Meilisearch wants) that is the same for the same name.
fn key_uid(name: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(name.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

#[async_trait::async_trait]
impl SearchBackend for MeiliIndex {
    async fn checkpoint(&self) -> SearchResult<i64> {
        match self.index().get_document::<Value>(META_ID).await {
            Ok(meta) => Ok(document::number(&meta, "checkpoint")),
            Err(error) if tasks::is_missing_index(&error) => {
                Err(SearchError::Unavailable(format!(
                    "the Meilisearch index {} does not exist (deleted?): restart the catalogue or run `connessi reindex`",
                    self.uid
                )))
            }
            Err(error) if is_not_found(&error) => Ok(0),
            Err(error) => Err(unavailable("reading the checkpoint", &error)),
        }
    }

    async fn apply(&self, changes: Vec<Change>, checkpoint: i64) -> SearchResult<()> {
        // Only the last change of each offer matters: it is the offer's current state.
        let mut last: BTreeMap<Uuid, Option<Box<crate::OfferDocument>>> = BTreeMap::new();
        for change in changes {
            match change {
                Change::Upsert(offer) => last.insert(offer.id, Some(offer)),
                Change::Delete(id) => last.insert(id, None),
            };
        }
        let deleted: Vec<String> = last
            .iter()
            .filter(|(_, offer)| offer.is_none())
            .map(|(id, _)| id.to_string())
            .collect();
        let timeout = self.config.task_timeout;
        if !deleted.is_empty() {
            let task = self.index().delete_documents(&deleted).await;
            completed(&self.admin, task, timeout, "deleting offers").await?;
        }
        let mut written = Vec::with_capacity(last.len() + 1);
        for offer in last.values().flatten() {
            written.push(document::to_stored(offer)?);
        }
        // The checkpoint travels in the same task as the offers: both or neither.
        written.push(document::meta(checkpoint));
        let task = self.index().add_or_replace(&written, Some("id")).await;
        completed(&self.admin, task, timeout, "writing offers").await
    }

    async fn search(&self, request: &SearchRequest) -> SearchResult<SearchResponse> {
        let client = self.searcher_for(request)?;
        query::run(&client, &self.uid, request).await
    }

    async fn versions(&self) -> SearchResult<Vec<(Uuid, i64)>> {
        let index = self.index();
        let filter = format!("kind = \"{}\"", document::OFFER_KIND);
        let mut versions = Vec::new();
        loop {
            let mut page = DocumentsQuery::new(&index);
            page.with_fields(["id", "version"])
                .with_filter(&filter)
                .with_offset(versions.len())
                .with_limit(WRITE_BATCH);
            let found = index
                .get_documents_with::<Value>(&page)
                .await
                .map_err(|e| unavailable("listing the indexed offers", &e))?;
            let count = found.results.len();
            for stored in found.results {
                let id = stored.get("id").and_then(Value::as_str).unwrap_or_default();
                let id = Uuid::parse_str(id)
                    .map_err(|e| SearchError::Index(format!("bad offer id {id:?}: {e}")))?;
                versions.push((id, document::number(&stored, "version")));
            }
            if count < WRITE_BATCH {
                return Ok(versions);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_search_key_uid_is_a_v4_uuid_that_depends_only_on_the_name() {
        let first = super::key_uid("connessi-search-offers");
        assert_eq!(first, super::key_uid("connessi-search-offers"));
        assert_ne!(first, super::key_uid("connessi-search-altro"));
        let parsed = uuid::Uuid::parse_str(&first).unwrap();
        assert_eq!(parsed.get_version_num(), 4);
    }
}

//! Generations of the embedded index: `gen-<nanoseconds>` directories under the search
//! directory, and `CURRENT` naming the one in use (replaced by an atomic rename).

use super::{EmbeddedIndex, index_error};
use crate::SearchResult;
use crate::synonyms::Synonyms;
use std::path::Path;

const CURRENT: &str = "CURRENT";

impl EmbeddedIndex {
    /// Opens the generation `CURRENT` names under `search_dir`, creating and publishing a
    /// first one if there is none.
    pub fn open_current(search_dir: &Path, synonyms: Synonyms) -> SearchResult<EmbeddedIndex> {
        match Self::current_generation(search_dir)? {
            Some(name) => Self::open_dir(&search_dir.join(name), synonyms),
            None => {
                let index = Self::create_generation(search_dir, synonyms)?;
                index.publish(search_dir)?;
                Ok(index)
            }
        }
    }

    /// Creates a new, empty generation beside the current one (not yet in use).
    pub fn create_generation(search_dir: &Path, synonyms: Synonyms) -> SearchResult<EmbeddedIndex> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(index_error)?
            .as_nanos();
        Self::open_dir(&search_dir.join(format!("gen-{nanos:020}")), synonyms)
    }

    /// Makes this generation the one `CURRENT` names. Its write lock is released first, so
    /// the process serving searches can take over the writing.
    pub fn publish(&self, search_dir: &Path) -> SearchResult<()> {
        self.release_writer();
        let temporary = search_dir.join(format!("{CURRENT}.tmp"));
        std::fs::write(&temporary, self.generation()).map_err(index_error)?;
        std::fs::File::open(&temporary)
            .and_then(|f| f.sync_all())
            .map_err(index_error)?;
        std::fs::rename(&temporary, search_dir.join(CURRENT)).map_err(index_error)
    }

    /// The name of the generation `CURRENT` names, if any.
    pub fn current_generation(search_dir: &Path) -> SearchResult<Option<String>> {
        match std::fs::read_to_string(search_dir.join(CURRENT)) {
            Ok(name) => Ok(Some(name.trim().to_owned()).filter(|n| !n.is_empty())),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(index_error(error)),
        }
    }

    /// Removes generations older than the current one. Newer ones may still be being built
    /// by a reindex and are left alone.
    pub fn remove_stale_generations(search_dir: &Path) -> SearchResult<usize> {
        let Some(current) = Self::current_generation(search_dir)? else {
            return Ok(0);
        };
        let mut removed = 0;
        for entry in std::fs::read_dir(search_dir).map_err(index_error)? {
            let name = entry
                .map_err(index_error)?
                .file_name()
                .to_string_lossy()
                .into_owned();
            if name.starts_with("gen-") && name < current {
                std::fs::remove_dir_all(search_dir.join(&name)).map_err(index_error)?;
                removed += 1;
            }
        }
        Ok(removed)
    }
}

//! Meilisearch answers a write with 202 and a task; the write happened only once the task
//! has *succeeded*. Every task is awaited here and anything else (failed, canceled, still
//! queued when the time is up) is an error, so the indexer retries and never moves its
//! checkpoint past a write that did not happen.

use crate::{SearchError, SearchResult};
use meilisearch_sdk::client::Client;
use meilisearch_sdk::errors::{Error, ErrorCode};
use meilisearch_sdk::task_info::TaskInfo;
use meilisearch_sdk::tasks::Task;
use std::time::Duration;

/// How often a task's state is asked for while waiting.
const POLL: Duration = Duration::from_millis(20);

/// Waits for the task `enqueued` returned; `what` names the write in errors.
pub async fn completed(
    client: &Client,
    enqueued: Result<TaskInfo, Error>,
    timeout: Duration,
    what: &str,
) -> SearchResult<()> {
    let info = enqueued.map_err(|e| unavailable(what, &e))?;
    match client.wait_for_task(&info, Some(POLL), Some(timeout)).await {
        Ok(Task::Succeeded { .. }) => Ok(()),
        Ok(Task::Failed { content }) => Err(SearchError::Index(format!(
            "{what}: Meilisearch task {} failed: {} ({})",
            info.task_uid, content.error.error_message, content.error.error_link
        ))),
        Ok(other) => Err(SearchError::Unavailable(format!(
            "{what}: Meilisearch task {} not finished after {} s: {other:?}",
            info.task_uid,
            timeout.as_secs()
        ))),
        Err(error) => Err(unavailable(what, &error)),
    }
}

/// An error from Meilisearch as ours: its refusals are index errors, anything else (no
/// answer, timeouts) means it is unavailable.
pub fn unavailable(what: &str, error: &Error) -> SearchError {
    match error {
        Error::Meilisearch(e) => {
            SearchError::Index(format!("{what}: {} ({:?})", e.error_message, e.error_code))
        }
        other => SearchError::Unavailable(format!("{what}: {other}")),
    }
}

/// Whether `error` says the thing asked for does not exist.
pub fn is_not_found(error: &Error) -> bool {
    matches!(
        error,
        Error::Meilisearch(e) if matches!(e.error_code, ErrorCode::DocumentNotFound | ErrorCode::IndexNotFound)
    )
}

/// Whether `error` says the index does not exist.
pub fn is_missing_index(error: &Error) -> bool {
    matches!(error, Error::Meilisearch(e) if matches!(e.error_code, ErrorCode::IndexNotFound))
}

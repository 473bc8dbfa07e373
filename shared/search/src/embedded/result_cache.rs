//! Answers to identical searches on the same index generation are reused: the widget's
//! opening search (no words, one territory) is asked by every visitor, and its facet counts
//! over the whole catalogue are the most expensive answer there is. Any write to the index
//! starts a new generation, so a cached answer is never stale.

use crate::{SearchRequest, SearchResponse};
use std::collections::HashMap;
use std::sync::Mutex;

pub struct ResultCache {
    capacity: usize,
    state: Mutex<(u64, HashMap<String, SearchResponse>)>,
}

impl ResultCache {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            state: Mutex::new((0, HashMap::new())),
        }
    }

    /// What identifies an answer: everything asked, with time to the minute (the precision
    /// of expiry and of free days).
    pub fn key(request: &SearchRequest) -> String {
        format!(
            "{:?}|{:?}|{:?}|{}|{}|{:?}|{}",
            request.query,
            request.filters,
            request.sort,
            request.page,
            request.per_page,
            request.scope,
            request.now.timestamp().div_euclid(60)
        )
    }

    pub fn get(&self, generation: u64, key: &str) -> Option<SearchResponse> {
        if self.capacity == 0 {
            return None;
        }
        let state = self.state.lock().ok()?;
        (state.0 == generation)
            .then(|| state.1.get(key).cloned())
            .flatten()
    }

    pub fn put(&self, generation: u64, key: String, response: &SearchResponse) {
        if self.capacity == 0 {
            return;
        }
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        if state.0 != generation || state.1.len() >= self.capacity {
            // A new generation makes every entry stale; a full cache starts over, which keeps
            // this simple and the popular searches come straight back.
            state.0 = generation;
            state.1.clear();
        }
        state.1.insert(key, response.clone());
    }
}

//! The fast fields a search reads for every candidate, copied once per segment into plain
//! arrays. Segments never change once written (deletes only mark documents), so the copy is
//! valid for the segment's whole life; it turns a bit-unpacking read behind a trait object
//! into an array index on the hottest path.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tantivy::SegmentReader;
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;

/// No provider recorded for a document.
pub const NO_PROVIDER: u32 = u32::MAX;

pub struct SegmentData {
    pub meta: Vec<u64>,
    pub facet_bits: Vec<u64>,
    pub region_bits: Vec<u64>,
    pub free: Vec<u64>,
    pub published: Vec<i64>,
    /// Ordinal of the provider id in `providers`' dictionary.
    pub provider: Vec<u32>,
    pub providers: Option<StrColumn>,
    /// The provider id of each ordinal: turning ordinals back into text costs a dictionary
    /// scan each time, too slow to do on every search.
    pub provider_names: Vec<String>,
}

impl SegmentData {
    fn load(reader: &SegmentReader) -> tantivy::Result<SegmentData> {
        let fast = reader.fast_fields();
        let max_doc = reader.max_doc();
        let u64s = |name: &str| -> tantivy::Result<Vec<u64>> {
            let column = fast.u64(name)?;
            Ok((0..max_doc)
                .map(|doc| column.first(doc).unwrap_or(0))
                .collect())
        };
        let published = fast.i64("published_ts")?;
        let providers = fast.str("provider")?;
        let provider = (0..max_doc)
            .map(|doc| {
                providers
                    .as_ref()
                    .and_then(|c| c.ords().first(doc))
                    .map_or(NO_PROVIDER, |ord| ord as u32)
            })
            .collect();
        let mut provider_names = Vec::new();
        if let Some(column) = &providers {
            for ord in 0..column.num_terms() as u64 {
                let mut name = String::new();
                column.ord_to_str(ord, &mut name)?;
                provider_names.push(name);
            }
        }
        Ok(SegmentData {
            provider_names,
            meta: u64s("meta")?,
            facet_bits: u64s("facet_bits")?,
            region_bits: u64s("region_bits")?,
            free: u64s("free")?,
            published: (0..max_doc)
                .map(|doc| published.first(doc).unwrap_or(0))
                .collect(),
            provider,
            providers,
        })
    }
}

/// Copies per segment, shared by every search of the index.
#[derive(Default)]
pub struct SegmentCache {
    entries: Mutex<HashMap<SegmentId, Arc<SegmentData>>>,
}

impl SegmentCache {
    pub fn get(&self, reader: &SegmentReader) -> tantivy::Result<Arc<SegmentData>> {
        let id = reader.segment_id();
        if let Some(data) = self.entries.lock().map_err(poisoned)?.get(&id) {
            return Ok(data.clone());
        }
        let data = Arc::new(SegmentData::load(reader)?);
        self.entries
            .lock()
            .map_err(poisoned)?
            .insert(id, data.clone());
        Ok(data)
    }

    /// Forgets segments merged away or deleted.
    pub fn retain(&self, live: &[SegmentId]) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|id, _| live.contains(id));
        }
    }
}

fn poisoned<T>(_: T) -> tantivy::TantivyError {
    tantivy::TantivyError::InternalError("segment cache lock poisoned".into())
}

//! Per-segment tables of the documents whose passages a segment holds.
//!
//! A search groups matching passages by document and counts facet values per document. Reading
//! the document id and the facet columns for every matching passage made that the most expensive
//! part of a broad search. The passages of a document share all of these values, so each segment
//! gets, once when it is opened, a table that maps every passage (`DocId`) to its document's
//! slot, and holds per document its id, visibility, year and facet value ordinals.
//!
//! The table is derived from the segment alone (it is to the fast fields what an index is to a
//! table), never from a query: it is built by [`DocTables`], a tantivy [`Warmer`], when a reader
//! opens a segment, and dropped when no searcher uses the segment any more. Segments are
//! immutable, and deletions do not change which document a passage belongs to, so the table
//! never goes stale.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, RwLock};

use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, SearcherGeneration, SegmentReader, Warmer};

use super::{STR_DIMS, VISIBILITY_PUBLIC};

/// No document (a passage without a document id, which Husk never writes).
pub(super) const NO_SLOT: u32 = u32::MAX;

/// One document in a segment.
#[derive(Debug, Clone)]
pub(super) struct DocEntry {
    /// The document's id in the store.
    pub doc_id: u64,
    /// Whether everyone may see it.
    pub public: bool,
    /// Its year.
    pub year: Option<i64>,
    /// Its facet value ordinals per string dimension, as a range of [`SegmentDocs::ords`].
    facets: [Range<u32>; 4],
    /// The passages from its first to its last (normally exactly its passages: they are written
    /// together; [`SegmentDocs::slot_of`] tells for sure).
    pub passages: Range<DocId>,
}

/// The documents of one segment.
pub(super) struct SegmentDocs {
    /// The document slot of every passage, deleted ones included.
    slot_of: Vec<u32>,
    docs: Vec<DocEntry>,
    ords: Vec<u32>,
    /// The string facet columns, to look values up.
    pub columns: [Option<StrColumn>; 4],
    /// The facet values per string dimension, by ordinal.
    pub values: [Vec<String>; 4],
}

impl SegmentDocs {
    /// Reads the table from a segment's fast fields.
    pub fn build(segment: &SegmentReader) -> tantivy::Result<SegmentDocs> {
        let fast = segment.fast_fields();
        let doc_ids = fast.column_opt::<u64>("doc_id")?;
        let years = fast.column_opt::<i64>("year")?;
        let visibility = fast.str("visibility")?;
        let public_ord = match &visibility {
            Some(column) => column.dictionary().term_ord(VISIBILITY_PUBLIC.as_bytes())?,
            None => None,
        };
        let mut columns: [Option<StrColumn>; 4] = Default::default();
        for (d, name) in STR_DIMS.iter().enumerate() {
            columns[d] = fast.str(name)?;
        }
        let max_doc = segment.max_doc();
        let mut slot_of = Vec::with_capacity(max_doc as usize);
        let mut docs: Vec<DocEntry> = Vec::new();
        let mut ords: Vec<u32> = Vec::new();
        let mut by_id: HashMap<u64, u32> = HashMap::new();
        let mut last: Option<(u64, u32)> = None;
        for doc in 0..max_doc {
            let Some(doc_id) = doc_ids.as_ref().and_then(|c| c.first(doc)) else {
                slot_of.push(NO_SLOT);
                continue;
            };
            let slot = match last {
                Some((id, slot)) if id == doc_id => slot,
                _ => {
                    let slot = match by_id.get(&doc_id) {
                        Some(slot) => *slot,
                        None => {
                            let public = match (&visibility, public_ord) {
                                (Some(column), Some(public)) => {
                                    column.term_ords(doc).any(|o| o == public)
                                }
                                _ => false,
                            };
                            let mut facets: [Range<u32>; 4] = Default::default();
                            for (d, column) in columns.iter().enumerate() {
                                let start = ords.len() as u32;
                                if let Some(column) = column {
                                    ords.extend(column.term_ords(doc).map(|o| o as u32));
                                }
                                facets[d] = start..ords.len() as u32;
                            }
                            docs.push(DocEntry {
                                doc_id,
                                public,
                                year: years.as_ref().and_then(|c| c.first(doc)),
                                facets,
                                passages: doc..doc + 1,
                            });
                            let slot = (docs.len() - 1) as u32;
                            by_id.insert(doc_id, slot);
                            slot
                        }
                    };
                    last = Some((doc_id, slot));
                    slot
                }
            };
            let entry = &mut docs[slot as usize];
            entry.passages.end = doc + 1;
            slot_of.push(slot);
        }
        let mut values: [Vec<String>; 4] = Default::default();
        for (d, column) in columns.iter().enumerate() {
            if let Some(column) = column {
                for ord in 0..column.num_terms() as u64 {
                    let mut value = String::new();
                    column.ord_to_str(ord, &mut value)?;
                    values[d].push(value);
                }
            }
        }
        Ok(SegmentDocs {
            slot_of,
            docs,
            ords,
            columns,
            values,
        })
    }

    /// The document slot of a passage ([`NO_SLOT`] if it has none).
    #[inline]
    pub fn slot_of(&self, doc: DocId) -> u32 {
        self.slot_of.get(doc as usize).copied().unwrap_or(NO_SLOT)
    }

    /// A document by slot.
    #[inline]
    pub fn doc(&self, slot: u32) -> &DocEntry {
        &self.docs[slot as usize]
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// A document's facet value ordinals in string dimension `d`.
    #[inline]
    pub fn facet_ords(&self, entry: &DocEntry, d: usize) -> &[u32] {
        let range = &entry.facets[d];
        &self.ords[range.start as usize..range.end as usize]
    }
}

/// The tables of the segments in use, built when a reader opens a segment.
#[derive(Default)]
pub(super) struct DocTables {
    tables: RwLock<HashMap<SegmentId, Arc<SegmentDocs>>>,
}

impl DocTables {
    /// The table of a segment, built now if the warmer has not built it yet.
    pub fn get(&self, segment: &SegmentReader) -> tantivy::Result<Arc<SegmentDocs>> {
        let id = segment.segment_id();
        if let Some(table) = self
            .tables
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&id)
        {
            return Ok(table.clone());
        }
        let table = Arc::new(SegmentDocs::build(segment)?);
        self.tables
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, table.clone());
        Ok(table)
    }
}

impl Warmer for DocTables {
    fn warm(&self, searcher: &Searcher) -> tantivy::Result<()> {
        for segment in searcher.segment_readers() {
            self.get(segment)?;
        }
        Ok(())
    }

    fn garbage_collect(&self, live_generations: &[&SearcherGeneration]) {
        let live: HashSet<SegmentId> = live_generations
            .iter()
            .flat_map(|g| g.segments().keys().copied())
            .collect();
        self.tables
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|id, _| live.contains(id));
    }
}

//! Husk's own index, queried exactly as the product queries it.

use std::path::Path;

use anyhow::{Context, Result};
use husk_search::{SearchIndex, SearchQuery, SearchTimings};

use super::{dir_size, Engine, Phases, TOP_K};
use crate::corpus::Corpus;

/// Husk's tantivy index in a directory.
pub struct Husk<'c> {
    index: SearchIndex,
    dir: std::path::PathBuf,
    corpus: &'c Corpus,
    /// The phases of every search since the last `take_phases`.
    timings: Vec<SearchTimings>,
}

/// The query the search page makes: ten documents, internal ones included.
fn page_query(query: &str) -> SearchQuery {
    SearchQuery {
        text: query.to_string(),
        limit: TOP_K,
        include_internal: true,
        ..SearchQuery::default()
    }
}

impl<'c> Husk<'c> {
    /// Creates the index in `dir` (which must be empty) and loads the corpus: one
    /// `add_document` per document, one commit.
    pub fn build(dir: &Path, corpus: &'c Corpus) -> Result<Husk<'c>> {
        let index = SearchIndex::open_or_create(dir)
            .with_context(|| format!("could not create Husk's index in {}", dir.display()))?;
        for doc in &corpus.docs {
            index
                .add_document(&doc.meta, &doc.passages)
                .with_context(|| format!("could not index document {}", doc.meta.doc_id))?;
        }
        index.commit().context("could not commit Husk's index")?;
        Ok(Husk {
            index,
            dir: dir.to_path_buf(),
            corpus,
            timings: Vec::new(),
        })
    }

    /// Passages in the index.
    pub fn num_passages(&self) -> u64 {
        self.index.num_passages()
    }

    /// Segments searches see.
    pub fn num_segments(&self) -> usize {
        self.index.num_segments()
    }

    /// The index.
    pub fn index(&self) -> &SearchIndex {
        &self.index
    }
}

impl Engine for Husk<'_> {
    fn name(&self) -> &'static str {
        "Husk"
    }

    /// One `SearchIndex::search` call as the search page makes it (ten documents, internal
    /// documents included); the passages are taken in the order the page shows them (each
    /// document's best passages under it), the first ten.
    fn search(&mut self, query: &str) -> Result<Vec<usize>> {
        let (results, timings) = self.index.search_timed(&page_query(query))?;
        self.timings.push(timings);
        let mut ids = Vec::with_capacity(TOP_K);
        for doc in &results.documents {
            for hit in &doc.hits {
                if ids.len() == TOP_K {
                    return Ok(ids);
                }
                let id = self
                    .corpus
                    .global_id(doc.doc_id, hit.passage_id)
                    .with_context(|| {
                        format!(
                            "Husk returned passage {} of document {}, which the corpus lacks",
                            hit.passage_id, doc.doc_id
                        )
                    })?;
                ids.push(id);
            }
        }
        Ok(ids)
    }

    fn size_bytes(&mut self) -> Result<u64> {
        dir_size(&self.dir)
    }

    fn describe(&self) -> String {
        "Husk: husk_search::SearchIndex on disk (tantivy, Norwegian analyser), one add_document \
         per document and one commit; SearchIndex::search with limit 10 documents and \
         include_internal, as the search page calls it: totals, facets, each shown document's \
         best passages read from the store with snippets; the passages in page order (up to 3 \
         per document), first 10"
            .to_string()
    }

    fn variants(&mut self) -> Vec<Box<dyn Engine + '_>> {
        vec![Box::new(HuskRanking {
            index: &self.index,
            corpus: self.corpus,
            timings: Vec::new(),
        })]
    }

    fn take_phases(&mut self) -> Option<Phases> {
        phases(std::mem::take(&mut self.timings), true)
    }

    fn note(&self) -> Option<String> {
        Some(format!("{} segments", self.index.num_segments()))
    }

    fn search_index(&self) -> Option<&SearchIndex> {
        Some(&self.index)
    }
}

/// Median time per phase over `timings` (with loading and snippets if `page`).
fn phases(timings: Vec<SearchTimings>, page: bool) -> Option<Phases> {
    if timings.is_empty() {
        return None;
    }
    let median = |f: fn(&SearchTimings) -> std::time::Duration| {
        let mut v: Vec<std::time::Duration> = timings.iter().map(f).collect();
        v.sort_unstable();
        crate::percentile(&v, 0.5)
    };
    let mut medians = vec![
        ("plan", median(|t| t.plan)),
        ("matching", median(|t| t.matching)),
        ("best passages", median(|t| t.best_passages)),
    ];
    if page {
        medians.push(("load", median(|t| t.load)));
        medians.push(("snippets", median(|t| t.snippets)));
    }
    Some(Phases {
        medians,
        calls: timings.len(),
        more_than_one_pass: timings.iter().filter(|t| t.passes > 1).count(),
        incomplete: timings.iter().filter(|t| !t.complete).count(),
    })
}

/// The same index asked only for the ranking (`SearchIndex::rank`): the passages the page
/// would show, in order, without totals, facets, reading them or snippets. That is what the
/// other engines' queries return, so this row compares like with like.
pub struct HuskRanking<'a, 'c> {
    index: &'a SearchIndex,
    corpus: &'c Corpus,
    timings: Vec<SearchTimings>,
}

impl Engine for HuskRanking<'_, '_> {
    fn name(&self) -> &'static str {
        "Husk ranking"
    }

    fn search(&mut self, query: &str) -> Result<Vec<usize>> {
        let (ranking, timings) = self.index.rank_timed(&page_query(query))?;
        self.timings.push(timings);
        ranking
            .iter()
            .take(TOP_K)
            .map(|r| {
                self.corpus
                    .global_id(r.doc_id, u64::from(r.position))
                    .with_context(|| {
                        format!(
                            "Husk ranked passage {} of document {}, which the corpus lacks",
                            r.position, r.doc_id
                        )
                    })
            })
            .collect()
    }

    fn size_bytes(&mut self) -> Result<u64> {
        Ok(0)
    }

    fn take_phases(&mut self) -> Option<Phases> {
        phases(std::mem::take(&mut self.timings), false)
    }

    fn describe(&self) -> String {
        "Husk ranking: the same index, SearchIndex::rank with the same query: the passages the \
         page would show, in the same order, without totals, facets, reading them or snippets \
         (PostgreSQL and SQLite return ten ranked ids); first 10"
            .to_string()
    }
}

//! Husk's own index, queried exactly as the product queries it.

use std::path::Path;

use anyhow::{Context, Result};
use husk_search::{SearchIndex, SearchQuery};

use super::{dir_size, Engine, TOP_K};
use crate::corpus::Corpus;

/// Husk's tantivy index in a directory.
pub struct Husk<'c> {
    index: SearchIndex,
    dir: std::path::PathBuf,
    corpus: &'c Corpus,
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
        })
    }

    /// Passages in the index.
    pub fn num_passages(&self) -> u64 {
        self.index.num_passages()
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
        let q = SearchQuery {
            text: query.to_string(),
            limit: TOP_K,
            include_internal: true,
            ..SearchQuery::default()
        };
        let results = self.index.search(&q)?;
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
         include_internal, snippets and facets included; the passages in page order (up to 3 \
         per document), first 10"
            .to_string()
    }
}

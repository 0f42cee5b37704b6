//! Husk's full-text search: text extraction ([`extract`]), passage splitting ([`passages`]),
//! the Norwegian analyser ([`analysis`]) and the tantivy index with search ([`index`]).
//!
//! ```no_run
//! use husk_search::{extract, passages, DocumentMeta, SearchIndex, SearchQuery};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let index = SearchIndex::open_or_create(std::path::Path::new("data/search"))?;
//! let text = extract::extract(std::path::Path::new("/tmp/upload"), "rapport.pdf")?;
//! let meta = DocumentMeta { doc_id: 7, title: text.title.clone().unwrap_or_default(), public: true, ..Default::default() };
//! index.add_document(&meta, &passages::split(&text))?;
//! index.commit()?;
//! let results = index.search(&SearchQuery::new("housing first oppfølging rus"))?;
//! # Ok(()) }
//! ```
//!
//! The crate does no async and knows nothing of the store or the web: callers feed it files and
//! metadata.

pub mod analysis;
pub mod extract;
pub mod index;
pub mod passages;
pub mod similar;
pub mod suggest;
pub mod vectors;

pub use analysis::Lexicon;
pub use extract::{extract, read_document, Block, BlockKind, ExtractError, Extracted, Format};
pub use index::{
    Correction, DocumentHits, DocumentMeta, FacetCount, Facets, PassageHit, QueryError,
    RankedPassage, SearchError, SearchIndex, SearchQuery, SearchResults, SearchTimings, SearchWork,
    Snippet, TitleSuggestion, MAX_PASSES, MAX_PREFIX_TERMS, MAX_QUERY_CHARS, MAX_QUERY_WORDS,
    MAX_TYPO_TERMS, MAX_TYPO_WORDS, WORK_BUDGET,
};
pub use passages::{split, Passage};

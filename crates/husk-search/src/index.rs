//! The tantivy full-text index of passages, and search over it.
//!
//! One tantivy document per [`Passage`], carrying its document's metadata for filtering and
//! facet counts. All passages of a document are written in one batch (`IndexWriter::run`) by a
//! single indexing thread, so they always sit next to each other in one segment; a search relies
//! on that to count documents, not passages, per facet value, and to find a shown document's
//! best passages among its own passages only.
//!
//! # How a search runs
//!
//! 1. The query is parsed into units (words, phrases, prefixes), each with its alternatives, and
//!    exclusions (`SearchIndex::plan`).
//! 2. The passages that match *all* units are found by skipping through the postings
//!    (`matching`), grouped by document through a per-segment table of documents
//!    (`doc_table`), and counted per facet value. Only if they come from fewer documents than
//!    the page shows are passages matching fewer units taken in, one unit fewer at a time; the
//!    totals and facets count the set the page was filled from
//!    ([`SearchResults::min_matched_terms`]). Since more matched units always rank higher, the
//!    shown documents are the same as if every passage matching any unit had been ranked.
//! 3. Each shown document's best passages (of any tier) are scored among its own passages.
//! 4. Those passages are read from the store and their snippets made (`snippet`).
//!
//! # Query language
//!
//! - Words: `housing first oppfølging rus`. Every word is optional, but a passage that matches
//!   more of the words always ranks above one that matches fewer; within the same number of
//!   matched words BM25 decides. This beats a plain OR (where one rare word can outrank a passage
//!   with all the words) and a plain AND (which finds nothing as soon as one word is missing or
//!   misspelt, and needs a second query to fall back).
//! - A word matches its stem in the body, the title (×2) and the heading path (×1.5); an
//!   uncommon compound also matches passages holding all its parts (×0.5); a word of six
//!   letters or more that is (almost) absent from the index also matches words one edit away
//!   (×0.3): "bostedsløhet" finds "bostedsløshet".
//! - `"phrase queries"` match the words in order (stop words between them keep their gap).
//! - `prefix*` matches words starting with the prefix (at least two letters).
//! - `-word` or `IKKE word` excludes passages with the word.
//!
//! # Bounds
//!
//! Whoever may search may send any text, so the work one search does is bounded, whatever the
//! query: at most [`MAX_QUERY_CHARS`] characters and [`MAX_QUERY_WORDS`] distinct words (longer
//! queries are refused with a [`QueryError`] that says so in Norwegian); a word, phrase or
//! prefix given twice is searched once; a prefix expands to at most [`MAX_PREFIX_TERMS`] words
//! and a misspelt word to at most [`MAX_TYPO_TERMS`] (the most common ones), and only the first
//! [`MAX_TYPO_WORDS`] misspelt words get typo tolerance; a search makes at most [`MAX_PASSES`]
//! passes (all the words, one fewer, two fewer, then any of them); and everything that walks
//! postings counts its work against [`WORK_BUDGET`] (reading the expansions' passages at most
//! half of it), stopping where it is when that is used up ([`SearchResults::complete`] is then
//! false).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::indexer::UserOperation;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::document::{
    DeserializeError, DocumentDeserialize, DocumentDeserializer, ValueDeserialize,
    ValueDeserializer, ValueVisitor,
};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value, FAST,
    STORED, STRING,
};
use tantivy::store::Compressor;
use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, Score,
    Searcher, SegmentOrdinal, TantivyDocument, TantivyError, Term, Warmer,
};

use crate::analysis::{self, analyze_words, for_each_word, Lexicon, NB, NB_PREFIX, NB_WORDS};
use crate::passages::Passage;

mod doc_table;
mod matching;
mod snippet;

use doc_table::{DocTables, SegmentDocs, NO_SLOT};
use matching::{AnyOfQuery, LookedUpTerm, Matching, SegmentMatcher, TermsQuery, WorkMeter};
use snippet::{Expander, Highlighter};

/// What a search index operation returns.
pub type Result<T> = std::result::Result<T, SearchError>;

/// Why the index could not do what was asked. Messages are Norwegian.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The index directory could not be opened or created.
    #[error(
        "Søkeindeksen i {dir} kunne ikke åpnes. Sjekk at Husk kan lese og skrive i katalogen, og \
         at disken har ledig plass."
    )]
    Open {
        /// The directory.
        dir: String,
        /// What tantivy said.
        #[source]
        source: TantivyError,
    },
    /// The directory holds an index with another schema (an older Husk).
    #[error(
        "Søkeindeksen i {dir} er laget av en annen versjon av Husk. Slett katalogen, så bygger \
         Husk indeksen på nytt."
    )]
    SchemaMismatch {
        /// The directory.
        dir: String,
    },
    /// Another process is writing to the index.
    #[error(
        "Søkeindeksen er låst av en annen prosess som skriver til den. Bare én Husk-prosess kan \
         oppdatere indeksen om gangen, så prøv igjen når den andre er ferdig."
    )]
    Locked,
    /// Anything else tantivy reports.
    #[error(
        "Søkeindeksen meldte en feil. Prøv igjen, eller bygg indeksen på nytt ved å slette \
         katalogen den ligger i."
    )]
    Index(#[from] TantivyError),
    /// The query is too long or has too many words; nothing was searched.
    #[error(transparent)]
    Query(#[from] QueryError),
}

/// Why a query was refused before anything was searched. The message is a whole Norwegian
/// sentence for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// More than [`MAX_QUERY_CHARS`] characters.
    #[error(
        "Søket er for langt. Det har {} tegn, og et søk kan ha høyst {MAX_QUERY_CHARS}. Forkort \
         søket og prøv igjen.",
        group_thousands(*chars)
    )]
    TooLong {
        /// Characters in the query (leading and trailing spaces not counted).
        chars: usize,
    },
    /// More than [`MAX_QUERY_WORDS`] distinct words.
    #[error(
        "Søket har for mange ord. Det har {} ulike ord, og et søk kan ha høyst \
         {MAX_QUERY_WORDS} (små ord som «og» og «i» telles ikke). Fjern noen av ordene og prøv \
         igjen.",
        group_thousands(*words)
    )]
    TooManyWords {
        /// Distinct words searched for.
        words: usize,
    },
}

/// Digits in groups of three with spaces, as Norwegians write numbers ("6 000").
fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// A document's metadata, copied onto each of its passages.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct DocumentMeta {
    /// The document's id in the store.
    pub doc_id: u64,
    /// Its title.
    pub title: String,
    /// Its type ("rapport", "veileder", …).
    pub doc_type: String,
    /// The year it was published.
    pub year: Option<i32>,
    /// Husbanken offices or regions it belongs to.
    pub regions: Vec<String>,
    /// Knowledge themes.
    pub themes: Vec<String>,
    /// Target groups.
    pub target_groups: Vec<String>,
    /// Whether everyone may see it; internal documents are shown only to Husbanken's staff.
    pub public: bool,
    /// Projects it belongs to.
    pub project_ids: Vec<String>,
}

/// A search.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    /// What the user typed (see the module documentation for the syntax). Empty text lists
    /// every document that passes the filters.
    pub text: String,
    /// Most documents to return (0 means 10).
    pub limit: usize,
    /// Only these document types (any of them); empty means all.
    pub doc_types: Vec<String>,
    /// Only documents from this year on.
    pub year_from: Option<i32>,
    /// Only documents up to this year.
    pub year_to: Option<i32>,
    /// Only documents of these regions (any of them).
    pub regions: Vec<String>,
    /// Only documents with these themes (any of them).
    pub themes: Vec<String>,
    /// Only documents for these target groups (any of them).
    pub target_groups: Vec<String>,
    /// Whether internal documents may be found.
    pub include_internal: bool,
    /// Words only as typed (with their inflections): no typo tolerance.
    pub exact: bool,
}

impl Default for SearchQuery {
    fn default() -> Self {
        Self {
            text: String::new(),
            limit: 10,
            doc_types: Vec::new(),
            year_from: None,
            year_to: None,
            regions: Vec::new(),
            themes: Vec::new(),
            target_groups: Vec::new(),
            include_internal: false,
            exact: false,
        }
    }
}

impl SearchQuery {
    /// A query for `text` with no filters.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }
}

/// What a search found.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SearchResults {
    /// Passages that matched and passed the filters.
    pub total_passages: usize,
    /// Documents that have such passages.
    pub total_documents: usize,
    /// The best documents, best first, each with its best passages.
    pub documents: Vec<DocumentHits>,
    /// Counts of matching documents per filter value.
    pub facets: Facets,
    /// Words (or phrases, or prefixes) in the query, excluded ones not counted.
    pub query_terms: u32,
    /// The totals and facets count passages that match at least this many of the query's
    /// words: all of them when that finds at least as many documents as asked for, otherwise
    /// the most words that do (down to one). The documents shown are the best ones either way.
    /// 0 when the query has no words.
    pub min_matched_terms: u32,
    /// False when the search used up its work budget ([`WORK_BUDGET`]) and stopped early: the
    /// documents shown are the best it had found, but better ones may exist and the totals may
    /// be too low.
    pub complete: bool,
    /// Words that were (almost) absent from the index and were searched with typo tolerance,
    /// with what they matched.
    pub corrections: Vec<Correction>,
    /// The query as searched when some of its words were not in the index as typed: each
    /// replaced by its most common correction («bostedslshet» → «bostedsløshet»). `None` when
    /// every word was found as typed.
    pub corrected_text: Option<String>,
    /// How much work the search did.
    pub work: SearchWork,
}

impl SearchResults {
    /// Nothing found because nothing was searched (for a caller that refused the query).
    pub fn nothing() -> SearchResults {
        SearchResults {
            total_passages: 0,
            total_documents: 0,
            documents: Vec::new(),
            facets: Facets::default(),
            query_terms: 0,
            min_matched_terms: 0,
            complete: true,
            corrections: Vec::new(),
            corrected_text: None,
            work: SearchWork::default(),
        }
    }
}

/// A word searched with typo tolerance.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Correction {
    /// The word as typed, lowercased.
    pub typed: String,
    /// The most common word one typo away that the search matched instead or as well.
    pub matched: String,
    /// Whether the word as typed is in the index too (then both were searched for).
    pub typed_found: bool,
}

/// How much work a search did, to check its bounds (see the module documentation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SearchWork {
    /// Distinct words, phrases and prefixes searched for (excluded ones included).
    pub words: u32,
    /// Passes (tiers) made: at most [`MAX_PASSES`].
    pub passes: u32,
    /// Words that prefixes and misspelt words were expanded to, over the whole query.
    pub expanded_terms: u32,
    /// The most words one prefix or misspelt word was expanded to.
    pub most_expanded: u32,
    /// Words searched with typo tolerance: at most [`MAX_TYPO_WORDS`].
    pub typo_words: u32,
    /// Units of work counted against [`WORK_BUDGET`] (postings read, passages tested per
    /// word, dictionary words scanned).
    pub steps: u64,
}

/// Where the time of one search went, phase by phase (for benchmarks; see
/// [`SearchIndex::search_timed`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchTimings {
    /// Parsing the query and looking its terms up.
    pub plan: Duration,
    /// Finding the passages that match all the words (and fewer, if needed), grouping them
    /// by document and counting facets.
    pub matching: Duration,
    /// Each shown document's best passages.
    pub best_passages: Duration,
    /// Reading the shown passages from the store.
    pub load: Duration,
    /// Snippets, and putting the results together.
    pub snippets: Duration,
    /// Tiers evaluated: 1 when the passages with all the words filled the page.
    pub passes: u32,
    /// Whether the search finished within its work budget ([`SearchResults::complete`]).
    pub complete: bool,
}

/// A passage in a ranking (see [`SearchIndex::rank`]).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct RankedPassage {
    /// Its document.
    pub doc_id: u64,
    /// Its place among the document's passages as indexed, from 0: its ordinal when the
    /// document's passages were numbered from 0 in order, as [`crate::passages::split`] does.
    pub position: u32,
    /// Its score, as in [`PassageHit::score`].
    pub score: f32,
}

/// One document in the results.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DocumentHits {
    /// The document's id.
    pub doc_id: u64,
    /// Its title.
    pub title: String,
    /// Its type.
    pub doc_type: String,
    /// Its year.
    pub year: Option<i32>,
    /// Whether it is public.
    pub public: bool,
    /// The score of its best passage.
    pub score: f32,
    /// How many of its passages matched.
    pub matching_passages: usize,
    /// Its best passages (at most three), best first.
    pub hits: Vec<PassageHit>,
}

/// An excerpt of a passage as plain text, with the byte ranges of the words the query matched.
/// The search returns text, not HTML: the web escapes it and marks the ranges, the CLI prints
/// them its own way. "…" stands where the passage goes on before or after the excerpt.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges of `text`, in order, not overlapping, on character boundaries.
    pub highlights: Vec<std::ops::Range<usize>>,
}

impl Snippet {
    /// The text in pieces, in order, each with whether it matched.
    pub fn pieces(&self) -> Vec<(&str, bool)> {
        let mut pieces = Vec::with_capacity(2 * self.highlights.len() + 1);
        let mut from = 0;
        for r in &self.highlights {
            if r.start > from {
                pieces.push((&self.text[from..r.start], false));
            }
            pieces.push((&self.text[r.clone()], true));
            from = r.end;
        }
        if from < self.text.len() || pieces.is_empty() {
            pieces.push((&self.text[from..], false));
        }
        pieces
    }

    /// The words that matched, in order.
    pub fn highlighted(&self) -> Vec<&str> {
        self.highlights
            .iter()
            .map(|r| &self.text[r.clone()])
            .collect()
    }

    /// The text with every match between `open` and `close` («…» in a terminal).
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + 4 * self.highlights.len());
        for (piece, matched) in self.pieces() {
            if matched {
                out.push_str(open);
                out.push_str(piece);
                out.push_str(close);
            } else {
                out.push_str(piece);
            }
        }
        out
    }
}

/// One passage in the results.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PassageHit {
    /// The passage's ordinal in its document.
    pub passage_id: u64,
    /// Its heading path.
    pub heading: Option<String>,
    /// Where it starts in the document's text, in characters.
    pub char_start: u64,
    /// An excerpt of the passage, as plain text, with the words that matched.
    pub snippet: Snippet,
    /// The ranking score: [`TIER_SCORE`] per matched query word plus BM25.
    pub score: f32,
    /// How many of the query's words (or phrases) the passage matched.
    pub matched_terms: u32,
}

/// Facet counts for the current search, counting documents. The counts for one facet apply
/// every active filter except that facet's own, so the other values of a facet show how many
/// documents choosing them instead would give.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Facets {
    /// Per document type.
    pub doc_types: Vec<FacetCount>,
    /// Per year, newest first.
    pub years: Vec<FacetCount>,
    /// Per region.
    pub regions: Vec<FacetCount>,
    /// Per theme.
    pub themes: Vec<FacetCount>,
    /// Per target group.
    pub target_groups: Vec<FacetCount>,
}

/// One facet value and how many matching documents have it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FacetCount {
    /// The value.
    pub value: String,
    /// Matching documents with it.
    pub count: usize,
    /// Whether the query filters on it.
    pub selected: bool,
}

/// A title suggestion for type-ahead.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TitleSuggestion {
    /// The document's id.
    pub doc_id: u64,
    /// Its title.
    pub title: String,
}

/// The longest query, in characters (leading and trailing spaces not counted).
pub const MAX_QUERY_CHARS: usize = 500;
/// The most distinct words a query may search for: each word of a phrase and each prefix
/// counts, excluded words too; stop words do not.
pub const MAX_QUERY_WORDS: usize = 32;
/// The most passes (tiers) a search makes: passages with all the words, one fewer, two fewer,
/// then passages with any of them.
pub const MAX_PASSES: u32 = 4;
/// The most words a prefix (`bolig*`) is expanded to: the most common ones starting with it.
pub const MAX_PREFIX_TERMS: usize = 64;
/// The most words one typo away a misspelt word is expanded to: the most common ones.
pub const MAX_TYPO_TERMS: usize = 8;
/// The most words of one query searched with typo tolerance; later ones match only as typed.
pub const MAX_TYPO_WORDS: usize = 8;
/// The work one search may do before it stops and returns the best it has found, in units of
/// about one posting read or one passage tested against one word (see [`SearchWork::steps`]).
/// On the development machine 1,000,000 units take 4–10 ms.
pub const WORK_BUDGET: u64 = 6_000_000;
/// Of it, what reading the passages of prefix and typo expansions may take, so that some is
/// left for finding the passages that match.
const EXPANSION_BUDGET: u64 = WORK_BUDGET / 2;
/// Dictionary words looked at per prefix, segment and field (the most common of them are
/// kept).
const MAX_PREFIX_SCAN: usize = 20_000;
/// Typo tolerance applies to words of at most this many letters.
const FUZZY_MAX_CHARS: usize = 40;

/// Score every matched query word adds, so passages with more matched words rank first.
pub const TIER_SCORE: f32 = 1000.0;
const TITLE_BOOST: f32 = 2.0;
const HEADING_BOOST: f32 = 1.5;
const PARTS_BOOST: f32 = 0.5;
const FUZZY_BOOST: f32 = 0.3;
const PREFIX_BOOST: f32 = 0.8;
const FUZZY_MIN_CHARS: usize = 6;
/// Typo tolerance applies to a word whose stem is in at most this many passages (title, heading
/// and body counted separately): a misspelt word is (almost) absent from the index, a correctly
/// spelt one does not need the expensive fuzzy expansion.
const FUZZY_MAX_DOC_FREQ: u64 = 2;
/// A compound's parts are searched on their own (as a looser match) while the compound is in
/// fewer passages than this.
const PARTS_MAX_DOC_FREQ: u64 = 200;
const HITS_PER_DOCUMENT: usize = 3;
const SNIPPET_CHARS: usize = 220;
const MAX_SUGGEST_TERMS_SCANNED: usize = 20_000;
const WRITER_MEMORY: usize = 64 << 20;
const STORE_BLOCK_BYTES: usize = 4096;

const VISIBILITY_PUBLIC: &str = "public";
const VISIBILITY_INTERNAL: &str = "internal";

#[derive(Debug, Clone, Copy)]
struct Fields {
    doc_id: Field,
    passage_id: Field,
    char_start: Field,
    title: Field,
    heading: Field,
    body: Field,
    words: Field,
    words_internal: Field,
    title_prefix: Field,
    doc_type: Field,
    year: Field,
    regions: Field,
    themes: Field,
    target_groups: Field,
    visibility: Field,
    project_ids: Field,
}

/// Facet dimensions held in string fast fields, in the order the collector keeps them.
const STR_DIMS: [&str; 4] = ["doc_type", "regions", "themes", "target_groups"];
const YEAR_DIM: usize = 4;

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str, record: IndexRecordOption, stored: bool| {
        let options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(record),
        );
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let positions = IndexRecordOption::WithFreqsAndPositions;
    let fields = Fields {
        doc_id: b.add_u64_field(
            "doc_id",
            NumericOptions::default()
                .set_indexed()
                .set_fast()
                .set_stored(),
        ),
        passage_id: b.add_u64_field("passage_id", NumericOptions::default().set_stored()),
        char_start: b.add_u64_field("char_start", NumericOptions::default().set_stored()),
        title: b.add_text_field("title", text(NB, positions, true)),
        heading: b.add_text_field("heading", text(NB, positions, true)),
        body: b.add_text_field("body", text(NB, positions, true)),
        words: b.add_text_field("words", text(NB_WORDS, IndexRecordOption::Basic, false)),
        words_internal: b.add_text_field(
            "words_internal",
            text(NB_WORDS, IndexRecordOption::Basic, false),
        ),
        title_prefix: b.add_text_field(
            "title_prefix",
            text(NB_PREFIX, IndexRecordOption::Basic, false),
        ),
        doc_type: b.add_text_field("doc_type", STRING | FAST | STORED),
        year: b.add_i64_field(
            "year",
            NumericOptions::default()
                .set_indexed()
                .set_fast()
                .set_stored(),
        ),
        regions: b.add_text_field("regions", STRING | FAST | STORED),
        themes: b.add_text_field("themes", STRING | FAST | STORED),
        target_groups: b.add_text_field("target_groups", STRING | FAST | STORED),
        visibility: b.add_text_field("visibility", STRING | FAST | STORED),
        project_ids: b.add_text_field("project_ids", STRING | STORED),
    };
    (b.build(), fields)
}

/// Settings for new indexes (an existing index keeps the settings it was made with).
///
/// The stored passages are not compressed, in blocks of 4 KB: showing a results page reads 30
/// passages from all over the store, and with tantivy's default (LZ4 in 16 KB blocks) each one
/// cost decompressing a whole block, most of the time it took to load them. The store takes
/// about half as much room again.
fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::None,
        docstore_blocksize: STORE_BLOCK_BYTES,
        ..IndexSettings::default()
    }
}

/// The passage index. Cheap to share between threads (`Send + Sync`); searches run in
/// parallel, writes are serialised.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<Option<IndexWriter>>,
    fields: Fields,
    lexicon: Arc<Lexicon>,
    doc_tables: Arc<DocTables>,
    location: String,
    /// The work one search may do ([`WORK_BUDGET`] unless changed for a test).
    work_budget: u64,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Opens the index in `dir`, creating the directory and an empty index if needed, with the
    /// built-in lexicon.
    pub fn open_or_create(dir: &Path) -> Result<SearchIndex> {
        Self::open_or_create_with(dir, Arc::new(Lexicon::builtin()))
    }

    /// Like [`SearchIndex::open_or_create`] with a given compound lexicon (for example one made
    /// by [`Lexicon::from_corpus`]). Use the same lexicon every time for the same index.
    pub fn open_or_create_with(dir: &Path, lexicon: Arc<Lexicon>) -> Result<SearchIndex> {
        let location = dir.display().to_string();
        let open_err = |source| SearchError::Open {
            dir: location.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(|e| open_err(TantivyError::IoError(Arc::new(e))))?;
        let directory = MmapDirectory::open(dir).map_err(|e| open_err(e.into()))?;
        let (schema, fields) = schema();
        let index = match Index::builder()
            .schema(schema)
            .settings(index_settings())
            .open_or_create(directory)
        {
            Ok(index) => index,
            Err(TantivyError::SchemaError(_)) => {
                return Err(SearchError::SchemaMismatch { dir: location })
            }
            Err(e) => return Err(open_err(e)),
        };
        Self::from_index(index, fields, lexicon, location)
    }

    /// A fresh index in memory (tests, demos).
    pub fn in_memory() -> Result<SearchIndex> {
        Self::in_memory_with(Arc::new(Lexicon::builtin()))
    }

    /// A fresh index in memory with a given compound lexicon.
    pub fn in_memory_with(lexicon: Arc<Lexicon>) -> Result<SearchIndex> {
        let (schema, fields) = schema();
        let index = Index::builder()
            .schema(schema)
            .settings(index_settings())
            .create_in_ram()?;
        Self::from_index(index, fields, lexicon, "minnet".to_string())
    }

    fn from_index(
        index: Index,
        fields: Fields,
        lexicon: Arc<Lexicon>,
        location: String,
    ) -> Result<SearchIndex> {
        analysis::register(index.tokenizers(), lexicon.clone());
        let doc_tables = Arc::new(DocTables::default());
        let warmer: Arc<dyn Warmer> = doc_tables.clone();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .doc_store_cache_num_blocks(64)
            .warmers(vec![Arc::downgrade(&warmer)])
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            writer: Mutex::new(None),
            fields,
            lexicon,
            doc_tables,
            location,
            work_budget: WORK_BUDGET,
        })
    }

    /// The same index with another work budget per search (tests that need a search to run
    /// out of work on a small index).
    pub fn with_work_budget(mut self, units: u64) -> SearchIndex {
        self.work_budget = units;
        self
    }

    /// The lexicon the index analyses compounds with.
    pub fn lexicon(&self) -> &Arc<Lexicon> {
        &self.lexicon
    }

    fn with_writer<T>(&self, f: impl FnOnce(&mut IndexWriter) -> Result<T>) -> Result<T> {
        let mut guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            // One indexing thread: each document's passages stay in one segment.
            let writer = self
                .index
                .writer_with_num_threads(1, WRITER_MEMORY)
                .map_err(|e| match e {
                    TantivyError::LockFailure(..) => SearchError::Locked,
                    e => SearchError::Index(e),
                })?;
            *guard = Some(writer);
        }
        f(guard.as_mut().expect("writer was just created"))
    }

    /// Adds a document's passages, replacing whatever the index held for its `doc_id`. Visible
    /// to searches after [`SearchIndex::commit`].
    pub fn add_document(&self, meta: &DocumentMeta, passages: &[Passage]) -> Result<()> {
        let f = self.fields;
        let mut ops = Vec::with_capacity(passages.len() + 1);
        ops.push(UserOperation::Delete(Term::from_field_u64(
            f.doc_id,
            meta.doc_id,
        )));
        for passage in passages {
            let mut doc = TantivyDocument::default();
            doc.add_u64(f.doc_id, meta.doc_id);
            doc.add_u64(f.passage_id, u64::from(passage.ordinal));
            doc.add_u64(f.char_start, passage.char_start);
            doc.add_text(f.title, &meta.title);
            if let Some(heading) = &passage.heading {
                doc.add_text(f.heading, heading);
            }
            doc.add_text(f.body, &passage.text);
            let words = if meta.public {
                f.words
            } else {
                f.words_internal
            };
            if passage.ordinal == 0 {
                doc.add_text(words, &meta.title);
                doc.add_text(f.title_prefix, &meta.title);
            }
            if let Some(heading) = &passage.heading {
                doc.add_text(words, heading);
            }
            doc.add_text(words, &passage.text);
            doc.add_text(f.doc_type, &meta.doc_type);
            if let Some(year) = meta.year {
                doc.add_i64(f.year, i64::from(year));
            }
            for region in &meta.regions {
                doc.add_text(f.regions, region);
            }
            for theme in &meta.themes {
                doc.add_text(f.themes, theme);
            }
            for group in &meta.target_groups {
                doc.add_text(f.target_groups, group);
            }
            doc.add_text(
                f.visibility,
                if meta.public {
                    VISIBILITY_PUBLIC
                } else {
                    VISIBILITY_INTERNAL
                },
            );
            for project in &meta.project_ids {
                doc.add_text(f.project_ids, project);
            }
            ops.push(UserOperation::Add(doc));
        }
        self.with_writer(|writer| {
            writer.run(ops)?;
            Ok(())
        })
    }

    /// Removes a document's passages. Visible after [`SearchIndex::commit`].
    pub fn delete_document(&self, doc_id: u64) -> Result<()> {
        let term = Term::from_field_u64(self.fields.doc_id, doc_id);
        self.with_writer(|writer| {
            writer.delete_term(term);
            Ok(())
        })
    }

    /// Removes every passage (before a rebuild). Visible after [`SearchIndex::commit`].
    pub fn delete_all(&self) -> Result<()> {
        self.with_writer(|writer| {
            writer.delete_all_documents()?;
            Ok(())
        })
    }

    /// Makes added and deleted documents visible to searches.
    pub fn commit(&self) -> Result<()> {
        self.with_writer(|writer| {
            writer.commit()?;
            Ok(())
        })?;
        self.reader.reload()?;
        Ok(())
    }

    /// Makes added and deleted documents visible, and stores `payload` with the commit (the
    /// store records there how far the index has caught up with the database).
    pub fn commit_with_payload(&self, payload: &str) -> Result<()> {
        self.with_writer(|writer| {
            let mut prepared = writer.prepare_commit()?;
            prepared.set_payload(payload);
            prepared.commit()?;
            Ok(())
        })?;
        self.reader.reload()?;
        Ok(())
    }

    /// The payload of the last commit (see [`SearchIndex::commit_with_payload`]), if any.
    pub fn commit_payload(&self) -> Option<String> {
        self.index.load_metas().ok()?.payload
    }

    /// Releases the writer after its merges have finished, so the index directory no longer
    /// changes (files are neither written nor deleted) until the next write.
    pub fn release_writer(&self) -> Result<()> {
        let writer = self.writer.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(writer) = writer {
            writer.wait_merging_threads()?;
        }
        Ok(())
    }

    /// Whether this process can write to the index (no other process holds it); takes the
    /// writer if so.
    pub fn try_writer(&self) -> Result<()> {
        self.with_writer(|_| Ok(()))
    }

    /// How many passages each document has in the index (as searches see it).
    pub fn passages_per_document(&self) -> Result<HashMap<u64, u64>> {
        let searcher = self.reader.searcher();
        let mut counts: HashMap<u64, u64> = HashMap::new();
        for segment in searcher.segment_readers() {
            let Some(doc_ids) = segment.fast_fields().column_opt::<u64>("doc_id")? else {
                continue;
            };
            for doc in segment.doc_ids_alive() {
                if let Some(id) = doc_ids.first(doc) {
                    *counts.entry(id).or_default() += 1;
                }
            }
        }
        Ok(counts)
    }

    /// Number of indexed passages.
    pub fn num_passages(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Number of segments searches see (each is searched separately; background merges
    /// reduce them).
    pub fn num_segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// Searches; see the module documentation for the query language and ranking.
    ///
    /// The documents shown are the `limit` best ones, each with its best passages, exactly as if
    /// every passage matching any query word had been ranked. The totals and facets count the
    /// passages that match at least [`SearchResults::min_matched_terms`] of the query's words:
    /// all of them when that gives at least `limit` documents (after the filters), otherwise the
    /// most words that do, down to one.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        self.search_timed(q).map(|(results, _)| results)
    }

    /// [`SearchIndex::search`], also telling where the time went (for benchmarks).
    pub fn search_timed(&self, q: &SearchQuery) -> Result<(SearchResults, SearchTimings)> {
        let mut timings = SearchTimings::default();
        let mut lap = lap_timer();
        let searcher = self.reader.searcher();
        let ranking = self.ranking(q, &searcher, true, &mut timings, &mut lap)?;
        let Ranking {
            plan,
            found,
            shown_docs,
            shown,
            total_documents,
            total_passages,
            units,
            at_least,
            ..
        } = ranking;
        let ranked: Vec<&FoundDoc> = shown_docs.iter().map(|i| &found.docs[*i]).collect();

        // Load the shown passages, then make their snippets.
        let mut loaded: Vec<Vec<(Score, StoredPassage)>> = Vec::with_capacity(shown.len());
        for doc in &shown {
            let mut hits = Vec::with_capacity(doc.best.len());
            for (score, address) in &doc.best {
                hits.push((*score, searcher.doc::<StoredPassage>(*address)?));
            }
            loaded.push(hits);
        }
        timings.load = lap();
        let f = self.fields;
        let mut highlight = plan.highlight.clone();
        if !plan.fuzzy_words.is_empty() || !plan.prefixes.is_empty() {
            // Words that matched through a prefix or a typo are marked too, with their other
            // inflections.
            let mut expander =
                Expander::new(&plan.prefixes, &plan.fuzzy_words, self.lexicon.clone());
            for hits in &loaded {
                for (_, doc) in hits {
                    // The title and heading count too: a typo may have matched the title.
                    for text in [&doc.title, &doc.heading, &doc.body] {
                        expander.expand(text, &mut highlight);
                    }
                }
            }
        }
        let mut highlighter =
            Highlighter::new(highlight, self.lexicon.clone(), f.body, SNIPPET_CHARS);

        let mut documents = Vec::with_capacity(shown.len());
        for ((doc, shown), hits) in ranked.iter().zip(&shown).zip(loaded) {
            let mut hits = hits.into_iter();
            let Some((score, first)) = hits.next() else {
                continue;
            };
            let mut passage_hits = Vec::with_capacity(HITS_PER_DOCUMENT);
            let mut hit = |score: Score, stored: &StoredPassage| {
                let body = stored.body.as_str();
                let snippet = match highlighter.excerpt(body) {
                    Some(excerpt) => snippet::excerpt_snippet(body, &excerpt),
                    None => leading_excerpt(body),
                };
                passage_hits.push(PassageHit {
                    passage_id: stored.passage_id,
                    heading: (!stored.heading.is_empty()).then(|| stored.heading.clone()),
                    char_start: stored.char_start,
                    snippet,
                    score,
                    matched_terms: (score / TIER_SCORE).floor().max(0.0) as u32,
                });
            };
            hit(score, &first);
            for (score, stored) in hits {
                hit(score, &stored);
            }
            documents.push(DocumentHits {
                doc_id: doc.doc_id,
                title: first.title,
                doc_type: first.doc_type,
                year: first.year.map(|y| y as i32),
                public: first.visibility == VISIBILITY_PUBLIC,
                score: doc.best,
                matching_passages: shown.matching_passages,
                hits: passage_hits,
            });
        }
        let corrected_text = corrected_text(&q.text, &plan.corrections);
        let results = SearchResults {
            total_passages,
            total_documents,
            documents,
            facets: found.facets(q),
            query_terms: units as u32,
            min_matched_terms: if units == 0 || plan.matches_nothing {
                0
            } else {
                at_least as u32
            },
            complete: timings.complete,
            corrections: plan.corrections,
            corrected_text,
            work: SearchWork {
                passes: timings.passes,
                steps: plan.meter.used(),
                ..plan.work
            },
        };
        timings.snippets = lap();
        Ok((results, timings))
    }

    /// The passages a results page for `q` would show, in the page's order (each shown
    /// document's best passages, best first, under it), without reading them from the store,
    /// making snippets or counting totals and facets: for callers that need only the ranking
    /// (and for comparing the ranking with other engines like for like).
    pub fn rank(&self, q: &SearchQuery) -> Result<Vec<RankedPassage>> {
        self.rank_timed(q).map(|(ranking, _)| ranking)
    }

    /// [`SearchIndex::rank`], also telling where the time went (plan, matching and best
    /// passages; nothing is loaded and no snippets are made).
    pub fn rank_timed(&self, q: &SearchQuery) -> Result<(Vec<RankedPassage>, SearchTimings)> {
        let searcher = self.reader.searcher();
        let mut timings = SearchTimings::default();
        let mut lap = lap_timer();
        let ranking = self.ranking(q, &searcher, false, &mut timings, &mut lap)?;
        let mut out = Vec::new();
        for (i, shown) in ranking.shown_docs.iter().zip(&ranking.shown) {
            let doc = &ranking.found.docs[*i];
            let table = &ranking.tables[doc.segment as usize];
            let alive = searcher.segment_reader(doc.segment).alive_bitset();
            let first = table.doc(doc.slot).passages.start;
            for (score, address) in &shown.best {
                let position = (first..address.doc_id)
                    .filter(|d| {
                        table.slot_of(*d) == doc.slot && alive.is_none_or(|a| a.is_alive(*d))
                    })
                    .count();
                out.push(RankedPassage {
                    doc_id: doc.doc_id,
                    position: position as u32,
                    score: *score,
                });
            }
        }
        Ok((out, timings))
    }

    /// The first steps of a search: plan, match tier by tier, rank the documents, find the
    /// shown documents' best passages.
    fn ranking(
        &self,
        q: &SearchQuery,
        searcher: &Searcher,
        count_facets: bool,
        timings: &mut SearchTimings,
        lap: &mut impl FnMut() -> Duration,
    ) -> Result<Ranking> {
        let plan = self.plan(q, searcher)?;
        let limit = if q.limit == 0 { 10 } else { q.limit };
        if plan.matches_nothing {
            timings.plan = lap();
            timings.complete = true;
            return Ok(Ranking {
                plan,
                found: Found::default(),
                shown_docs: Vec::new(),
                shown: Vec::new(),
                tables: Vec::new(),
                total_documents: 0,
                total_passages: 0,
                units: 0,
                at_least: 0,
            });
        }
        let matching = Matching::new(&plan.units, &plan.negatives, searcher)?;
        timings.plan = lap();

        let tables = searcher
            .segment_readers()
            .iter()
            .map(|segment| self.doc_tables.get(segment))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let filters = Filters::from_query(q);
        let units = matching.num_units();
        // All the words first; fewer only when that leaves the page short: one word fewer at a
        // time, and at the last pass any of the words. Any pass that fills the page gives the
        // same shown documents (more matched words always rank higher), so skipping tiers
        // changes only what the totals count, never what is shown. A pass that may be followed
        // by another gets half the work left, so that the last one (any of the words, which
        // shows the best documents whatever the earlier ones found) always has some; a pass
        // that runs out of it goes straight to the last.
        let mut at_least = units.max(1);
        let (found, cut_short) = loop {
            let last = at_least == 1;
            let meter = if last {
                plan.meter.clone()
            } else {
                plan.meter.part(plan.meter.left() / 2)
            };
            let found = gather(
                searcher,
                &matching,
                &tables,
                at_least,
                &meter,
                &filters,
                q.include_internal,
                count_facets,
            )?;
            timings.passes += 1;
            let stopped = meter.exhausted();
            if last || (!stopped && found.passing >= limit) {
                break (found, stopped);
            }
            at_least = if stopped || timings.passes + 1 >= MAX_PASSES {
                1
            } else {
                at_least - 1
            };
        };

        let mut ranked: Vec<usize> = (0..found.docs.len())
            .filter(|&i| found.docs[i].fails == 0)
            .collect();
        let total_documents = ranked.len();
        let total_passages = ranked
            .iter()
            .map(|&i| found.docs[i].passages as usize)
            .sum();
        let order = |a: &usize, b: &usize| {
            let (a, b) = (&found.docs[*a], &found.docs[*b]);
            b.best.total_cmp(&a.best).then(a.doc_id.cmp(&b.doc_id))
        };
        if ranked.len() > limit {
            ranked.select_nth_unstable_by(limit, order);
            ranked.truncate(limit);
        }
        ranked.sort_by(order);
        timings.matching = lap();

        let docs: Vec<&FoundDoc> = ranked.iter().map(|i| &found.docs[*i]).collect();
        let shown = best_passages(searcher, &matching, &tables, &docs)?;
        timings.best_passages = lap();
        timings.complete = !cut_short && !plan.expansion_meter.exhausted();
        Ok(Ranking {
            plan,
            found,
            shown_docs: ranked,
            shown,
            tables,
            total_documents,
            total_passages,
            units,
            at_least,
        })
    }

    /// Type-ahead: words from public documents that complete the last word of `prefix`, most
    /// frequent first, with the words typed before it kept ("housing fi" → "housing first").
    pub fn suggest(&self, prefix: &str, limit: usize) -> Result<Vec<String>> {
        self.suggest_with(prefix, limit, false)
    }

    /// [`SearchIndex::suggest`], also offering words that occur only in internal documents when
    /// `include_internal` is set.
    pub fn suggest_with(
        &self,
        prefix: &str,
        limit: usize,
        include_internal: bool,
    ) -> Result<Vec<String>> {
        check_length(prefix)?;
        if prefix.ends_with(char::is_whitespace) || limit == 0 {
            return Ok(Vec::new());
        }
        let mut words = Vec::new();
        for_each_word(prefix, |w, _, _| words.push(w.to_lowercase()));
        let Some(partial) = words.pop() else {
            return Ok(Vec::new());
        };
        let searcher = self.reader.searcher();
        let mut fields = vec![self.fields.words];
        if include_internal {
            fields.push(self.fields.words_internal);
        }
        let mut counts: HashMap<String, u64> = HashMap::new();
        for segment in searcher.segment_readers() {
            for field in &fields {
                let inverted = segment.inverted_index(*field)?;
                let mut stream = inverted
                    .terms()
                    .range()
                    .ge(partial.as_bytes())
                    .into_stream()
                    .map_err(TantivyError::from)?;
                let mut scanned = 0;
                while stream.advance() && scanned < MAX_SUGGEST_TERMS_SCANNED {
                    let key = stream.key();
                    if !key.starts_with(partial.as_bytes()) {
                        break;
                    }
                    scanned += 1;
                    if let Ok(term) = std::str::from_utf8(key) {
                        *counts.entry(term.to_string()).or_default() +=
                            u64::from(stream.value().doc_freq);
                    }
                }
            }
        }
        let mut terms: Vec<(String, u64)> = counts.into_iter().collect();
        terms.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then(a.0.len().cmp(&b.0.len()))
                .then(a.0.cmp(&b.0))
        });
        let head = words.join(" ");
        Ok(terms
            .into_iter()
            .take(limit)
            .map(|(term, _)| {
                if head.is_empty() {
                    term
                } else {
                    format!("{head} {term}")
                }
            })
            .collect())
    }

    /// Type-ahead on titles: documents whose title has words starting with every word of
    /// `prefix` ("bolig sos" → "Boligsosial handlingsplan …"), through the `nb_prefix` field.
    pub fn suggest_titles(
        &self,
        prefix: &str,
        limit: usize,
        include_internal: bool,
    ) -> Result<Vec<TitleSuggestion>> {
        check_length(prefix)?;
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for_each_word(prefix, |w, _, _| {
            let gram: String = w.to_lowercase().chars().take(20).collect();
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.title_prefix, &gram),
                    IndexRecordOption::Basic,
                )),
            ));
        });
        if clauses.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        if !include_internal {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.visibility, VISIBILITY_PUBLIC),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        let searcher = self.reader.searcher();
        let top = searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(limit).order_by_score(),
        )?;
        let mut out = Vec::with_capacity(top.len());
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            out.push(TitleSuggestion {
                doc_id: u64_of(&doc, f.doc_id),
                title: text_of(&doc, f.title),
            });
        }
        Ok(out)
    }

    /// Turns the query text into a tantivy query plus what the snippets should highlight, or
    /// refuses it when it is too long or has too many words.
    fn plan(&self, q: &SearchQuery, searcher: &Searcher) -> Result<Plan> {
        let f = self.fields;
        let text = check_length(&q.text)?;
        let mut clauses = parse_query(text);
        // The same word, phrase or prefix twice (in any case) is searched once.
        let mut seen = HashSet::new();
        clauses.retain(|c| seen.insert(c.key()));
        let words: usize = clauses.iter().map(|c| self.words_in(c)).sum();
        if words > MAX_QUERY_WORDS {
            return Err(QueryError::TooManyWords { words }.into());
        }

        let meter = WorkMeter::new(self.work_budget);
        let mut plan = Plan {
            expansion_meter: meter.part(EXPANSION_BUDGET.min(self.work_budget / 2)),
            meter,
            ..Plan::default()
        };
        let mut positive: Vec<AnyOfQuery> = Vec::new();
        let mut negative: Vec<AnyOfQuery> = Vec::new();
        let word_fields: Vec<Field> = if q.include_internal {
            vec![f.words, f.words_internal]
        } else {
            vec![f.words]
        };
        for clause in &clauses {
            let (text, negate) = match clause {
                Clause::Word(t, n) | Clause::Phrase(t, n) | Clause::Prefix(t, n) => (t, *n),
            };
            let unit: Option<AnyOfQuery> = match clause {
                Clause::Prefix(prefix, _) => match prefix_of(prefix) {
                    None => self.word_unit(searcher, q, text, negate, &word_fields, &mut plan)?,
                    Some(lowered) => {
                        let mut unit = AnyOfQuery::new(0.1);
                        let expanded = self.expand(
                            searcher,
                            &word_fields,
                            &lowered,
                            Expansion::Prefix,
                            &mut plan,
                        )?;
                        if !expanded.is_empty() {
                            for field in &word_fields {
                                unit.push(Box::new(BoostQuery::new(
                                    Box::new(TermsQuery::new(
                                        *field,
                                        &expanded,
                                        plan.expansion_meter.clone(),
                                    )),
                                    PREFIX_BOOST,
                                )));
                            }
                        }
                        let stem = analysis::stem(&lowered);
                        for (field, boost) in [(f.body, 1.0), (f.title, TITLE_BOOST)] {
                            let term = Term::from_field_text(field, &stem);
                            unit.push_term(LookedUpTerm::new(searcher, term)?, boost);
                        }
                        if !negate {
                            plan.highlight.insert(stem, 1.0);
                            plan.prefixes.push(lowered);
                        }
                        Some(unit)
                    }
                },
                Clause::Phrase(phrase, _) => {
                    let words = analyze_words(phrase, &self.lexicon);
                    match words.len() {
                        0 => None,
                        1 => {
                            self.word_unit(searcher, q, phrase, negate, &word_fields, &mut plan)?
                        }
                        _ => {
                            if !negate {
                                for w in &words {
                                    plan.highlight.insert(w.stem.clone(), 1.0);
                                }
                            }
                            Some(phrase_unit(f, &words))
                        }
                    }
                }
                Clause::Word(word, _) => {
                    self.word_unit(searcher, q, word, negate, &word_fields, &mut plan)?
                }
            };
            if let Some(unit) = unit {
                if negate {
                    negative.push(unit);
                } else {
                    positive.push(unit);
                }
            }
        }
        // Words that were all stop words match nothing; no words at all (or only excluded ones)
        // lists everything that passes the filters.
        plan.matches_nothing = positive.is_empty() && clauses.iter().any(|c| !c.negated());
        plan.work.words = (positive.len() + negative.len()) as u32;
        plan.units = positive;
        plan.negatives = negative;
        Ok(plan)
    }

    /// How many words a clause searches for, as [`MAX_QUERY_WORDS`] counts them: a prefix is
    /// one, a word or phrase its words that are not stop words.
    fn words_in(&self, clause: &Clause) -> usize {
        match clause {
            Clause::Prefix(prefix, _) if prefix_of(prefix).is_some() => 1,
            Clause::Word(t, _) | Clause::Phrase(t, _) | Clause::Prefix(t, _) => {
                analyze_words(t, &self.lexicon).len()
            }
        }
    }

    /// The query for one typed word (which may analyse into several words: "covid-19").
    fn word_unit(
        &self,
        searcher: &Searcher,
        q: &SearchQuery,
        raw: &str,
        negate: bool,
        word_fields: &[Field],
        plan: &mut Plan,
    ) -> Result<Option<AnyOfQuery>> {
        let f = self.fields;
        let words = analyze_words(raw, &self.lexicon);
        if words.len() > 1 {
            if !negate {
                for w in &words {
                    plan.highlight.insert(w.stem.clone(), 1.0);
                }
            }
            return Ok(Some(phrase_unit(f, &words)));
        }
        let Some(word) = words.into_iter().next() else {
            return Ok(None);
        };
        // Two inflections of one word ("bolig boliger") are one word to search for.
        if !plan.stems.insert((word.stem.clone(), negate)) {
            return Ok(None);
        }
        // The stem in the body, the title and the heading, each looked up once.
        let mut doc_freq = 0;
        let mut unit = AnyOfQuery::new(0.1);
        for (field, boost) in [
            (f.body, 1.0),
            (f.title, TITLE_BOOST),
            (f.heading, HEADING_BOOST),
        ] {
            let term = LookedUpTerm::new(searcher, Term::from_field_text(field, &word.stem))?;
            doc_freq += term.doc_freq();
            unit.push_term(term, boost);
        }
        if !negate {
            plan.highlight.insert(word.stem.clone(), 1.0);
            // How common the word is decides which looser matches are worth their cost: a
            // compound's parts are searched separately only while the compound itself is
            // uncommon, and typo tolerance applies only to words (almost) absent as written.
            if word.parts.len() > 1 && doc_freq < PARTS_MAX_DOC_FREQ {
                let parts: Vec<(Occur, Box<dyn Query>)> = word
                    .parts
                    .iter()
                    .map(|p| (Occur::Must, term_query(f.body, p, 1.0)))
                    .collect();
                unit.push(Box::new(BoostQuery::new(
                    Box::new(BooleanQuery::new(parts)),
                    PARTS_BOOST,
                )));
            }
            let letters = word.word.chars().count();
            if !q.exact
                && (FUZZY_MIN_CHARS..=FUZZY_MAX_CHARS).contains(&letters)
                && doc_freq <= FUZZY_MAX_DOC_FREQ
                && plan.fuzzy_words.len() < MAX_TYPO_WORDS
            {
                let expanded =
                    self.expand(searcher, word_fields, &word.word, Expansion::Typo, plan)?;
                if !expanded.is_empty() {
                    for field in word_fields {
                        unit.push(Box::new(BoostQuery::new(
                            Box::new(TermsQuery::new(
                                *field,
                                &expanded,
                                plan.expansion_meter.clone(),
                            )),
                            FUZZY_BOOST,
                        )));
                    }
                    if let Some(matched) = expanded.iter().find(|w| **w != word.word) {
                        plan.corrections.push(Correction {
                            typed: word.word.clone(),
                            matched: matched.clone(),
                            typed_found: doc_freq > 0,
                        });
                    }
                }
                plan.fuzzy_words.push(word.word.clone());
                plan.work.typo_words += 1;
            }
        }
        Ok(Some(unit))
    }

    /// The words of the word fields a prefix or a misspelt word is expanded to: those that
    /// start with the prefix (at most [`MAX_PREFIX_SCAN`] looked at per segment and field) or
    /// are one edit (an insertion, deletion, substitution or swap of neighbours) from the word,
    /// the most common first, at most [`MAX_PREFIX_TERMS`] or [`MAX_TYPO_TERMS`]. Scanning the
    /// dictionary counts against the work budget.
    fn expand(
        &self,
        searcher: &Searcher,
        word_fields: &[Field],
        word: &str,
        how: Expansion,
        plan: &mut Plan,
    ) -> Result<Vec<String>> {
        let mut counts: HashMap<Vec<u8>, u64> = HashMap::new();
        let automaton = match how {
            Expansion::Typo => Some(
                FuzzyTermQuery::new(Term::from_field_text(self.fields.words, word), 1, true)
                    .automaton()?,
            ),
            Expansion::Prefix => None,
        };
        for segment in searcher.segment_readers() {
            for field in word_fields {
                let inverted = segment.inverted_index(*field)?;
                let terms = inverted.terms();
                let mut scanned = 0u64;
                let mut add = |key: &[u8], doc_freq: u32| {
                    *counts.entry(key.to_vec()).or_default() += u64::from(doc_freq);
                };
                match &automaton {
                    Some(automaton) => {
                        let mut stream = terms
                            .search(automaton)
                            .into_stream()
                            .map_err(TantivyError::from)?;
                        while stream.advance() {
                            scanned += 1;
                            add(stream.key(), stream.value().doc_freq);
                        }
                    }
                    None => {
                        let mut stream = terms
                            .range()
                            .ge(word.as_bytes())
                            .into_stream()
                            .map_err(TantivyError::from)?;
                        while (scanned as usize) < MAX_PREFIX_SCAN && stream.advance() {
                            if !stream.key().starts_with(word.as_bytes()) {
                                break;
                            }
                            scanned += 1;
                            add(stream.key(), stream.value().doc_freq);
                        }
                    }
                }
                plan.meter.charge(scanned);
            }
        }
        let cap = match how {
            Expansion::Prefix => MAX_PREFIX_TERMS,
            Expansion::Typo => MAX_TYPO_TERMS,
        };
        let mut terms: Vec<(String, u64)> = counts
            .into_iter()
            .filter_map(|(key, n)| String::from_utf8(key).ok().map(|w| (w, n)))
            .collect();
        terms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        terms.truncate(cap);
        plan.work.expanded_terms += terms.len() as u32;
        plan.work.most_expanded = plan.work.most_expanded.max(terms.len() as u32);
        Ok(terms.into_iter().map(|(w, _)| w).collect())
    }
}

/// The text without leading and trailing spaces, if it is at most [`MAX_QUERY_CHARS`] long.
fn check_length(text: &str) -> std::result::Result<&str, QueryError> {
    let text = text.trim();
    let chars = text.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong { chars });
    }
    Ok(text)
}

/// What a word is expanded to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expansion {
    /// The words starting with it.
    Prefix,
    /// The words one typo away.
    Typo,
}

/// The lowercased letters of a prefix (`Bolig*` → "bolig"), if it has at least two; a shorter
/// one is searched as a word.
fn prefix_of(prefix: &str) -> Option<String> {
    let mut lowered = String::new();
    for_each_word(prefix, |w, _, _| lowered.push_str(&w.to_lowercase()));
    (lowered.chars().count() >= 2).then_some(lowered)
}

/// `text` with each word that was not in the index as typed replaced by its correction, if any
/// was.
fn corrected_text(text: &str, corrections: &[Correction]) -> Option<String> {
    let replaced: Vec<&Correction> = corrections.iter().filter(|c| !c.typed_found).collect();
    if replaced.is_empty() {
        return None;
    }
    let text = text.trim();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for_each_word(text, |w, from, to| {
        let lower = analysis::normalize_word(w);
        if let Some(c) = replaced.iter().find(|c| c.typed == lower) {
            out.push_str(&text[last..from]);
            out.push_str(&c.matched);
            last = to;
        }
    });
    out.push_str(&text[last..]);
    Some(out)
}

fn term_query(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    let query = TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    );
    if boost == 1.0 {
        Box::new(query)
    } else {
        Box::new(BoostQuery::new(Box::new(query), boost))
    }
}

/// A phrase over body, title and heading.
fn phrase_unit(f: Fields, words: &[analysis::AnalyzedWord]) -> AnyOfQuery {
    let first = words[0].position;
    let phrase = |field: Field| {
        PhraseQuery::new_with_offset(
            words
                .iter()
                .map(|w| (w.position - first, Term::from_field_text(field, &w.stem)))
                .collect(),
        )
    };
    let mut unit = AnyOfQuery::new(0.1);
    unit.push(Box::new(phrase(f.body)));
    unit.push(Box::new(BoostQuery::new(
        Box::new(phrase(f.title)),
        TITLE_BOOST,
    )));
    unit.push(Box::new(BoostQuery::new(
        Box::new(phrase(f.heading)),
        HEADING_BOOST,
    )));
    unit
}

/// A parsed query: its units and exclusions, and highlighting hints.
#[derive(Default)]
struct Plan {
    /// Nothing can match (the words were all stop words).
    matches_nothing: bool,
    /// One query per word, phrase or prefix (none: every passage not excluded).
    units: Vec<AnyOfQuery>,
    /// Excluded words.
    negatives: Vec<AnyOfQuery>,
    /// Terms (stems) to highlight, with weights.
    highlight: BTreeMap<String, Score>,
    /// Lowercased words searched with typo tolerance.
    fuzzy_words: Vec<String>,
    /// Lowercased prefixes.
    prefixes: Vec<String>,
    /// Stems of the single words searched for, with whether they are excluded.
    stems: HashSet<(String, bool)>,
    /// Words searched with typo tolerance, with what they matched.
    corrections: Vec<Correction>,
    /// The search's work so far.
    meter: WorkMeter,
    /// The part of it reading the passages of prefix and typo expansions.
    expansion_meter: WorkMeter,
    /// What planning counted (words, expansions, typo words).
    work: SearchWork,
}

/// Whether two words differ by at most one insertion, deletion, substitution or swap of
/// neighbouring letters.
fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b {
        return true;
    }
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    if la == lb {
        ra[1..] == rb[1..]
            || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
    } else if la > lb {
        ra[1..] == *rb
    } else {
        *ra == rb[1..]
    }
}

/// One piece of the query language.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Clause {
    /// A word; `true` if excluded.
    Word(String, bool),
    /// A quoted phrase.
    Phrase(String, bool),
    /// A word ending in `*`.
    Prefix(String, bool),
}

impl Clause {
    fn negated(&self) -> bool {
        match self {
            Clause::Word(_, n) | Clause::Phrase(_, n) | Clause::Prefix(_, n) => *n,
        }
    }

    /// What makes two clauses the same: their kind, text in lower case and exclusion.
    fn key(&self) -> (u8, String, bool) {
        let (kind, text, negated) = match self {
            Clause::Word(t, n) => (0, t, *n),
            Clause::Phrase(t, n) => (1, t, *n),
            Clause::Prefix(t, n) => (2, t, *n),
        };
        (kind, text.to_lowercase(), negated)
    }
}

fn parse_query(text: &str) -> Vec<Clause> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut negate_next = false;
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut negate = std::mem::take(&mut negate_next);
        if c == '-' || c == '+' {
            chars.next();
            if chars.peek().is_none_or(|c| c.is_whitespace()) {
                continue;
            }
            negate |= c == '-';
        }
        if chars.peek() == Some(&'"') {
            chars.next();
            let mut phrase = String::new();
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                phrase.push(c);
            }
            out.push(Clause::Phrase(phrase, negate));
            continue;
        }
        let mut word = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '"' {
                break;
            }
            word.push(c);
            chars.next();
        }
        match word.as_str() {
            "IKKE" | "NOT" => {
                negate_next = true;
                continue;
            }
            "OG" | "AND" | "ELLER" | "OR" => continue,
            _ => {}
        }
        if let Some(prefix) = word.strip_suffix('*') {
            out.push(Clause::Prefix(
                prefix.trim_end_matches('*').to_string(),
                negate,
            ));
        } else {
            out.push(Clause::Word(word, negate));
        }
    }
    out
}

fn text_of(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn u64_of(doc: &TantivyDocument, field: Field) -> u64 {
    doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0)
}

/// The stored fields of a passage that a results page shows, read without building a whole
/// document (most stored fields are the document's metadata, copied onto each passage).
#[derive(Debug, Default)]
struct StoredPassage {
    passage_id: u64,
    char_start: u64,
    title: String,
    heading: String,
    body: String,
    doc_type: String,
    year: Option<i64>,
    visibility: String,
    /// Bit per field already read: the first value counts, as with `get_first`.
    seen: u16,
}

static FIELDS: LazyLock<Fields> = LazyLock::new(|| schema().1);

/// One stored value, as far as [`StoredPassage`] cares.
enum StoredValue {
    Text(String),
    U64(u64),
    I64(i64),
}

struct StoredValueVisitor;

impl ValueVisitor for StoredValueVisitor {
    type Value = StoredValue;

    fn visit_string(&self, val: String) -> std::result::Result<StoredValue, DeserializeError> {
        Ok(StoredValue::Text(val))
    }

    fn visit_u64(&self, val: u64) -> std::result::Result<StoredValue, DeserializeError> {
        Ok(StoredValue::U64(val))
    }

    fn visit_i64(&self, val: i64) -> std::result::Result<StoredValue, DeserializeError> {
        Ok(StoredValue::I64(val))
    }
}

impl ValueDeserialize for StoredValue {
    fn deserialize<'de, D>(deserializer: D) -> std::result::Result<Self, DeserializeError>
    where
        D: ValueDeserializer<'de>,
    {
        deserializer.deserialize_any(StoredValueVisitor)
    }
}

impl DocumentDeserialize for StoredPassage {
    fn deserialize<'de, D>(mut deserializer: D) -> std::result::Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        let f = &*FIELDS;
        let mut passage = StoredPassage::default();
        while let Some((field, value)) = deserializer.next_field::<StoredValue>()? {
            let bit = 1u16 << (field.field_id() & 15);
            if passage.seen & bit != 0 {
                continue;
            }
            passage.seen |= bit;
            match value {
                StoredValue::Text(text) => {
                    let slot = if field == f.body {
                        &mut passage.body
                    } else if field == f.heading {
                        &mut passage.heading
                    } else if field == f.title {
                        &mut passage.title
                    } else if field == f.doc_type {
                        &mut passage.doc_type
                    } else if field == f.visibility {
                        &mut passage.visibility
                    } else {
                        continue;
                    };
                    *slot = text;
                }
                StoredValue::U64(n) if field == f.passage_id => passage.passage_id = n,
                StoredValue::U64(n) if field == f.char_start => passage.char_start = n,
                StoredValue::I64(n) if field == f.year => passage.year = Some(n),
                _ => {}
            }
        }
        Ok(passage)
    }
}

/// The start of a passage, cut at a word, with nothing marked (used when no query word is in
/// the body, for example when only the title matched).
fn leading_excerpt(body: &str) -> Snippet {
    let mut end = body.len();
    if body.chars().count() > SNIPPET_CHARS {
        let cut = body
            .char_indices()
            .nth(SNIPPET_CHARS)
            .map(|(i, _)| i)
            .unwrap_or(body.len());
        end = body[..cut].rfind(' ').unwrap_or(cut);
    }
    let mut text = body[..end].to_string();
    if end < body.len() {
        text.push('…');
    }
    Snippet {
        text,
        highlights: Vec::new(),
    }
}

/// The filters of a query, in the collector's terms.
#[derive(Debug, Clone, Default)]
struct Filters {
    /// Wanted values per string dimension (empty: no filter).
    values: [Vec<String>; 4],
    years: Option<(i64, i64)>,
}

impl Filters {
    fn from_query(q: &SearchQuery) -> Filters {
        let years = if q.year_from.is_some() || q.year_to.is_some() {
            Some((
                q.year_from.map_or(i64::MIN, i64::from),
                q.year_to.map_or(i64::MAX, i64::from),
            ))
        } else {
            None
        };
        Filters {
            values: [
                q.doc_types.clone(),
                q.regions.clone(),
                q.themes.clone(),
                q.target_groups.clone(),
            ],
            years,
        }
    }
}

/// A stopwatch: each call returns the time since the previous one (or since it was made).
fn lap_timer() -> impl FnMut() -> Duration {
    let mut last = Instant::now();
    move || {
        let now = Instant::now();
        let elapsed = now - last;
        last = now;
        elapsed
    }
}

/// What the first steps of a search found.
struct Ranking {
    plan: Plan,
    found: Found,
    /// Indexes into `found.docs` of the shown documents, best first.
    shown_docs: Vec<usize>,
    /// Their best passages, in the same order.
    shown: Vec<ShownDoc>,
    tables: Vec<Arc<SegmentDocs>>,
    total_documents: usize,
    total_passages: usize,
    units: usize,
    at_least: usize,
}

/// A shown document's best passages (at most [`HITS_PER_DOCUMENT`], best first) and how many of
/// its passages match.
struct ShownDoc {
    best: Vec<(Score, DocAddress)>,
    matching_passages: usize,
}

/// The best passages of each of the `ranked` documents, in the same order, from all their
/// passages that match any unit (as every passage was ranked before tiers: a document shown
/// because its best passage has all the words still shows its next best passages with fewer).
/// A document's passages are one run of passages in one segment, so this visits only them.
fn best_passages(
    searcher: &Searcher,
    matching: &Matching,
    tables: &[Arc<SegmentDocs>],
    ranked: &[&FoundDoc],
) -> Result<Vec<ShownDoc>> {
    let mut order: Vec<usize> = (0..ranked.len()).collect();
    order.sort_by_key(|&i| (ranked[i].segment, table_start(tables, ranked[i])));
    let mut shown: Vec<Option<ShownDoc>> = (0..ranked.len()).map(|_| None).collect();
    let mut passages: Vec<(DocId, Score)> = Vec::new();
    // Scorers only move forward: one set per segment, documents in order of their passages.
    let mut current: Option<(SegmentOrdinal, SegmentMatcher<'_>, DocId)> = None;
    for i in order {
        let doc = ranked[i];
        let table = &tables[doc.segment as usize];
        let range = table.doc(doc.slot).passages.clone();
        let reuse =
            matches!(&current, Some((s, _, end)) if *s == doc.segment && *end <= range.start);
        if !reuse {
            let reader = searcher.segment_reader(doc.segment);
            current = Some((doc.segment, matching.segment(reader)?, 0));
        }
        let Some((_, matcher, end)) = current.as_mut() else {
            unreachable!("a matcher was just made");
        };
        *end = range.end;
        passages.clear();
        matcher.passages_in(range, |d| table.slot_of(d) == doc.slot, &mut passages);
        let matching_passages = passages.len();
        // Best first; equal scores in passage order.
        passages.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        shown[i] = Some(ShownDoc {
            best: passages
                .iter()
                .take(HITS_PER_DOCUMENT)
                .map(|(d, score)| (*score, DocAddress::new(doc.segment, *d)))
                .collect(),
            matching_passages,
        });
    }
    Ok(shown.into_iter().flatten().collect())
}

fn table_start(tables: &[Arc<SegmentDocs>], doc: &FoundDoc) -> DocId {
    tables[doc.segment as usize].doc(doc.slot).passages.start
}

/// A document with matching passages.
struct FoundDoc {
    segment: SegmentOrdinal,
    /// Its slot in the segment's [`SegmentDocs`].
    slot: u32,
    doc_id: u64,
    /// Bit `d` set: fails the filter of dimension `d` (0–3 strings, 4 year).
    fails: u8,
    /// Its matching passages.
    passages: u32,
    /// The score of its best passage.
    best: Score,
}

/// Every document with passages matching at least so many units, with facet counts.
#[derive(Default)]
struct Found {
    docs: Vec<FoundDoc>,
    /// Documents that pass every filter.
    passing: usize,
    counts: [HashMap<String, usize>; 4],
    year_counts: HashMap<i64, usize>,
}

/// Finds the documents with passages matching at least `at_least` of the units, counting their
/// matching passages and keeping their best score, and counts facet values per document. A
/// document's passages are all in one segment (see the module documentation), so documents are
/// counted per segment.
#[allow(clippy::too_many_arguments)]
fn gather(
    searcher: &Searcher,
    matching: &Matching,
    tables: &[Arc<SegmentDocs>],
    at_least: usize,
    meter: &WorkMeter,
    filters: &Filters,
    include_internal: bool,
    count_facets: bool,
) -> Result<Found> {
    const HIDDEN: u32 = NO_SLOT - 1;
    let mut found = Found::default();
    let mut years: Vec<(i64, usize)> = Vec::new();
    for (segment, reader) in searcher.segment_readers().iter().enumerate() {
        let segment = segment as SegmentOrdinal;
        let table = &tables[segment as usize];
        let mut matcher = matching.segment(reader)?;
        let first = found.docs.len();
        // Where each slot's document is in `found.docs` (or that it is hidden).
        let mut index_of = vec![NO_SLOT; table.len()];
        let mut last_slot = NO_SLOT;
        let mut last_index = NO_SLOT;
        matcher.for_each_with_at_least(at_least, meter, |doc, score| {
            let slot = table.slot_of(doc);
            if slot == NO_SLOT {
                return;
            }
            if slot != last_slot {
                last_slot = slot;
                if index_of[slot as usize] == NO_SLOT {
                    let entry = table.doc(slot);
                    index_of[slot as usize] = if entry.public || include_internal {
                        found.docs.push(FoundDoc {
                            segment,
                            slot,
                            doc_id: entry.doc_id,
                            fails: 0,
                            passages: 0,
                            best: Score::NEG_INFINITY,
                        });
                        (found.docs.len() - 1) as u32
                    } else {
                        HIDDEN
                    };
                }
                last_index = index_of[slot as usize];
            }
            if last_index == HIDDEN {
                return;
            }
            let doc = &mut found.docs[last_index as usize];
            doc.passages += 1;
            if score > doc.best {
                doc.best = score;
            }
        })?;

        // Filters and facet counts, by ordinal first, then each distinct ordinal by name.
        let mut wanted: [Option<Vec<u32>>; 4] = Default::default();
        let mut ord_counts: [Vec<u32>; 4] = Default::default();
        for d in 0..4 {
            let column = table.columns[d].as_ref();
            if !filters.values[d].is_empty() {
                let mut ords = Vec::new();
                if let Some(column) = column {
                    for value in &filters.values[d] {
                        if let Some(ord) = column
                            .dictionary()
                            .term_ord(value.as_bytes())
                            .map_err(|e| TantivyError::IoError(Arc::new(e)))?
                        {
                            ords.push(ord as u32);
                        }
                    }
                }
                wanted[d] = Some(ords);
            }
            ord_counts[d] = vec![0; column.map_or(0, |c| c.num_terms())];
        }
        for doc in &mut found.docs[first..] {
            let entry = table.doc(doc.slot);
            for (d, wanted) in wanted.iter().enumerate() {
                if let Some(wanted) = wanted {
                    if !table
                        .facet_ords(entry, d)
                        .iter()
                        .any(|o| wanted.contains(o))
                    {
                        doc.fails |= 1 << d;
                    }
                }
            }
            if let Some((from, to)) = filters.years {
                if !entry.year.is_some_and(|y| y >= from && y <= to) {
                    doc.fails |= 1 << YEAR_DIM;
                }
            }
            if doc.fails == 0 {
                found.passing += 1;
            }
            if !count_facets {
                continue;
            }
            for (d, counts) in ord_counts.iter_mut().enumerate() {
                if doc.fails & !(1 << d) == 0 {
                    for ord in table.facet_ords(entry, d) {
                        if let Some(count) = counts.get_mut(*ord as usize) {
                            *count += 1;
                        }
                    }
                }
            }
            if doc.fails & !(1 << YEAR_DIM) == 0 {
                if let Some(year) = entry.year {
                    match years.iter_mut().find(|(y, _)| *y == year) {
                        Some((_, count)) => *count += 1,
                        None => years.push((year, 1)),
                    }
                }
            }
        }
        for (d, counts) in ord_counts.iter().enumerate() {
            for (ord, count) in counts.iter().enumerate() {
                if *count == 0 {
                    continue;
                }
                let Some(value) = table.values[d].get(ord) else {
                    continue;
                };
                match found.counts[d].get_mut(value) {
                    Some(total) => *total += *count as usize,
                    None => {
                        found.counts[d].insert(value.clone(), *count as usize);
                    }
                }
            }
        }
    }
    found.year_counts = years.into_iter().collect();
    Ok(found)
}

impl Found {
    fn facets(&self, q: &SearchQuery) -> Facets {
        let list = |counts: &HashMap<String, usize>, selected: &[String]| {
            let mut out: Vec<FacetCount> = counts
                .iter()
                .map(|(value, count)| FacetCount {
                    value: value.clone(),
                    count: *count,
                    selected: selected.contains(value),
                })
                .collect();
            // Selected values stay visible even when nothing matches them.
            for value in selected {
                if !counts.contains_key(value) {
                    out.push(FacetCount {
                        value: value.clone(),
                        count: 0,
                        selected: true,
                    });
                }
            }
            out.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
            out
        };
        let mut years: Vec<FacetCount> = self
            .year_counts
            .iter()
            .map(|(year, count)| FacetCount {
                value: year.to_string(),
                count: *count,
                selected: q.year_from.is_none_or(|from| *year >= i64::from(from))
                    && q.year_to.is_none_or(|to| *year <= i64::from(to))
                    && (q.year_from.is_some() || q.year_to.is_some()),
            })
            .collect();
        years.sort_by(|a, b| b.value.cmp(&a.value));
        Facets {
            doc_types: list(&self.counts[0], &q.doc_types),
            years,
            regions: list(&self.counts[1], &q.regions),
            themes: list(&self.counts[2], &q.themes),
            target_groups: list(&self.counts[3], &q.target_groups),
        }
    }
}

/// Where an index lives, for messages.
impl SearchIndex {
    /// The index directory, or "minnet" for an in-memory index.
    pub fn location(&self) -> &str {
        &self.location
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_query_language() {
        assert_eq!(
            parse_query(r#"housing "leie til eie" start* -rus IKKE barn OG x"#),
            vec![
                Clause::Word("housing".into(), false),
                Clause::Phrase("leie til eie".into(), false),
                Clause::Prefix("start".into(), false),
                Clause::Word("rus".into(), true),
                Clause::Word("barn".into(), true),
                Clause::Word("x".into(), false),
            ]
        );
        assert_eq!(
            parse_query("\"uavsluttet frase"),
            vec![Clause::Phrase("uavsluttet frase".into(), false)]
        );
    }

    /// `for_each_with_at_least(k)` finds exactly the passages of the union that match at
    /// least `k` units, with the same scores, over several segments and with deletions.
    #[test]
    fn passages_with_at_least_k_units_are_the_unions() {
        let index = SearchIndex::in_memory().unwrap();
        let words = [
            "bolig",
            "kommune",
            "rus",
            "oppfølging",
            "tilskudd",
            "startlån",
            "leie",
            "eie",
            "barn",
            "familie",
            "kartlegging",
            "nettverk",
        ];
        let mut seed = 7u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for doc_id in 1..=60u64 {
            let passages: Vec<Passage> = (0..(1 + next() % 6))
                .map(|ordinal| {
                    let text: Vec<&str> = (0..(3 + next() % 12))
                        .map(|_| words[(next() % words.len() as u64) as usize])
                        .collect();
                    Passage {
                        ordinal: ordinal as u32,
                        heading: None,
                        text: text.join(" "),
                        char_start: 0,
                    }
                })
                .collect();
            let meta = DocumentMeta {
                doc_id,
                title: format!("Dokument {doc_id}"),
                public: true,
                ..DocumentMeta::default()
            };
            index.add_document(&meta, &passages).unwrap();
            if doc_id % 20 == 0 {
                index.commit().unwrap();
            }
        }
        index.delete_document(5).unwrap();
        index.commit().unwrap();
        let searcher = index.reader.searcher();
        assert!(searcher.segment_readers().len() > 1);
        for text in [
            "bolig kommune rus",
            "oppfølging tilskudd startlån leie",
            "barn -familie kartlegging",
            "\"leie eie\" nettverk bolig",
        ] {
            let plan = index.plan(&SearchQuery::new(text), &searcher).unwrap();
            let mut matching = Matching::new(&plan.units, &plan.negatives, &searcher).unwrap();
            let meter = WorkMeter::new(u64::MAX / 2);
            let n = matching.num_units();
            for (ord, reader) in searcher.segment_readers().iter().enumerate() {
                let mut union = Vec::new();
                matching
                    .segment(reader)
                    .unwrap()
                    .for_each_with_at_least(1, &meter, |d, s| union.push((d, s)))
                    .unwrap();
                assert!(!union.is_empty(), "{text} in segment {ord}");
                // Intersections with units in bit sets, and seeking in every unit.
                let always = matching::BitsPolicy {
                    cost_ratio: u64::MAX / 2,
                    min_lead: 0,
                    max_share: 0,
                };
                let never = matching::BitsPolicy {
                    min_lead: u64::MAX,
                    ..always
                };
                for bits in [always, never] {
                    matching.bits = bits;
                    for k in 1..=n {
                        let mut found = Vec::new();
                        matching
                            .segment(reader)
                            .unwrap()
                            .for_each_with_at_least(k, &meter, |d, s| found.push((d, s)))
                            .unwrap();
                        let expected: Vec<(DocId, Score)> = union
                            .iter()
                            .copied()
                            .filter(|(_, s)| (*s / TIER_SCORE).floor() as usize >= k)
                            .collect();
                        assert_eq!(
                            found, expected,
                            "{text}, at least {k}, {bits:?}, segment {ord}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn index_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<SearchIndex>();
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit("bostedsløhet", "bostedsløshet"));
        assert!(within_one_edit("bostedsløshet", "bostedsløhset"));
        assert!(within_one_edit("kommune", "kommume"));
        assert!(!within_one_edit("kommune", "kommunene"));
        assert!(!within_one_edit("bolig", "bilag"));
    }

    #[test]
    fn an_excerpt_is_plain_text_and_marks_its_ranges() {
        assert_eq!(leading_excerpt("a < b & c").text, "a < b & c");
        let s = Snippet {
            text: "…bo i egen bolig…".into(),
            highlights: vec![3..5, 13..18],
        };
        assert_eq!(s.highlighted(), vec!["bo", "bolig"]);
        assert_eq!(s.marked("[", "]"), "…[bo] i egen [bolig]…");
        assert_eq!(
            s.pieces(),
            vec![
                ("…", false),
                ("bo", true),
                (" i egen ", false),
                ("bolig", true),
                ("…", false)
            ]
        );
    }
}

//! The tantivy full-text index of passages, and search over it.
//!
//! One tantivy document per [`Passage`], carrying its document's metadata for filtering and
//! facet counts. All passages of a document are written in one batch (`IndexWriter::run`) by a
//! single indexing thread, so they always sit in the same segment; the collector relies on that
//! to count documents, not passages, per facet value.
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

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::columnar::{Column, StrColumn};
use tantivy::directory::MmapDirectory;
use tantivy::indexer::UserOperation;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, DisjunctionMaxQuery, EnableScoring, Explanation,
    FuzzyTermQuery, Occur, PhraseQuery, Query, RegexQuery, Scorer, TermQuery, Weight,
};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value, FAST,
    STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    DocAddress, DocId, DocSet, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Searcher,
    SegmentOrdinal, SegmentReader, TantivyDocument, TantivyError, Term,
};

use crate::analysis::{
    self, analyze_words, for_each_word, Lexicon, NorwegianTokenizer, NB, NB_PREFIX, NB_WORDS,
};
use crate::passages::Passage;

/// What a search index operation returns.
pub type Result<T> = std::result::Result<T, SearchError>;

/// Why the index could not do what was asked. Messages are Norwegian.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The index directory could not be opened or created.
    #[error(
        "søkeindeksen i {dir} kunne ikke åpnes: {source}; forventet en katalog Husk kan lese og \
         skrive i"
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
        "søkeindeksen i {dir} er laget av en annen versjon av Husk; forventet dagens skjema – \
         slett katalogen og bygg indeksen på nytt"
    )]
    SchemaMismatch {
        /// The directory.
        dir: String,
    },
    /// Another process is writing to the index.
    #[error(
        "søkeindeksen er låst av en annen prosess som skriver til den; forventet at bare én \
         Husk-prosess oppdaterer indeksen om gangen"
    )]
    Locked,
    /// Anything else tantivy reports.
    #[error(
        "feil i søkeindeksen: {0}; forventet en hel indeks – prøv igjen, eller bygg den på nytt"
    )]
    Index(#[from] TantivyError),
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

/// One passage in the results.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PassageHit {
    /// The passage's ordinal in its document.
    pub passage_id: u64,
    /// Its heading path.
    pub heading: Option<String>,
    /// Where it starts in the document's text, in characters.
    pub char_start: u64,
    /// An HTML excerpt: matched words in `<mark>…</mark>`, everything else escaped.
    pub snippet_html: String,
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

/// The passage index. Cheap to share between threads (`Send + Sync`); searches run in
/// parallel, writes are serialised.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<Option<IndexWriter>>,
    fields: Fields,
    lexicon: Arc<Lexicon>,
    location: String,
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
        let index = match Index::open_or_create(directory, schema) {
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
        let index = Index::create_in_ram(schema);
        Self::from_index(index, fields, lexicon, "minnet".to_string())
    }

    fn from_index(
        index: Index,
        fields: Fields,
        lexicon: Arc<Lexicon>,
        location: String,
    ) -> Result<SearchIndex> {
        analysis::register(index.tokenizers(), lexicon.clone());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .doc_store_cache_num_blocks(64)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            writer: Mutex::new(None),
            fields,
            lexicon,
            location,
        })
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

    /// Number of indexed passages.
    pub fn num_passages(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Searches; see the module documentation for the query language and ranking.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let plan = self.plan(q, &searcher)?;
        let limit = if q.limit == 0 { 10 } else { q.limit };
        let collector = PassageCollector {
            filters: Filters::from_query(q),
            include_internal: q.include_internal,
        };
        let found = match &plan.query {
            Some(query) => searcher.search(query.as_ref(), &collector)?,
            None => Found::default(),
        };

        let mut ranked: Vec<&FoundDoc> = found.docs.iter().filter(|d| d.passes()).collect();
        ranked.sort_by(|a, b| {
            b.best_score()
                .total_cmp(&a.best_score())
                .then(a.doc_id.cmp(&b.doc_id))
        });
        let total_documents = ranked.len();
        let total_passages = ranked.iter().map(|d| d.passages).sum();
        ranked.truncate(limit);

        // Load the shown passages, then build one snippet generator for all of them.
        let mut loaded: Vec<Vec<(Score, TantivyDocument)>> = Vec::with_capacity(ranked.len());
        for doc in &ranked {
            let mut hits = Vec::with_capacity(doc.best.len());
            for (score, address) in &doc.best {
                hits.push((*score, searcher.doc::<TantivyDocument>(*address)?));
            }
            loaded.push(hits);
        }
        let f = self.fields;
        let mut highlight = plan.highlight.clone();
        if !plan.fuzzy_words.is_empty() || !plan.prefixes.is_empty() {
            for hits in &loaded {
                for (_, doc) in hits {
                    // The title and heading count too: a typo may have matched the title.
                    for field in [f.title, f.heading, f.body] {
                        let text = text_of(doc, field);
                        plan.expand_highlights(&text, &self.lexicon, &mut highlight);
                    }
                }
            }
        }
        let snippets = SnippetGenerator::new(
            highlight,
            analysis::nb_analyzer(self.lexicon.clone()),
            f.body,
            SNIPPET_CHARS,
        );

        let mut documents = Vec::with_capacity(ranked.len());
        for (doc, hits) in ranked.iter().zip(loaded) {
            let first = &hits[0].1;
            let mut passage_hits = Vec::with_capacity(hits.len());
            for (score, stored) in &hits {
                let body = text_of(stored, f.body);
                let mut snippet = snippets.snippet(&body);
                let snippet_html = if snippet.is_empty() {
                    leading_excerpt(&body)
                } else {
                    snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
                    let html = snippet.to_html();
                    let range = snippet.fragment_range();
                    format!(
                        "{}{html}{}",
                        if range.start > 0 { "…" } else { "" },
                        if range.end < body.len() { "…" } else { "" }
                    )
                };
                let heading = text_of(stored, f.heading);
                passage_hits.push(PassageHit {
                    passage_id: u64_of(stored, f.passage_id),
                    heading: (!heading.is_empty()).then_some(heading),
                    char_start: u64_of(stored, f.char_start),
                    snippet_html,
                    score: *score,
                    matched_terms: (*score / TIER_SCORE).floor().max(0.0) as u32,
                });
            }
            documents.push(DocumentHits {
                doc_id: doc.doc_id,
                title: text_of(first, f.title),
                doc_type: text_of(first, f.doc_type),
                year: first
                    .get_first(f.year)
                    .and_then(|v| v.as_i64())
                    .map(|y| y as i32),
                public: text_of(first, f.visibility) == VISIBILITY_PUBLIC,
                score: doc.best_score(),
                matching_passages: doc.passages,
                hits: passage_hits,
            });
        }
        Ok(SearchResults {
            total_passages,
            total_documents,
            documents,
            facets: found.facets(q),
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

    /// Turns the query text into a tantivy query plus what the snippets should highlight.
    fn plan(&self, q: &SearchQuery, searcher: &Searcher) -> Result<Plan> {
        let f = self.fields;
        let clauses = parse_query(&q.text);
        let mut plan = Plan::default();
        let mut positive: Vec<Box<dyn Query>> = Vec::new();
        let mut negative: Vec<Box<dyn Query>> = Vec::new();
        let word_fields: Vec<Field> = if q.include_internal {
            vec![f.words, f.words_internal]
        } else {
            vec![f.words]
        };
        for clause in &clauses {
            let (text, negate) = match clause {
                Clause::Word(t, n) | Clause::Phrase(t, n) | Clause::Prefix(t, n) => (t, *n),
            };
            let unit: Option<Box<dyn Query>> = match clause {
                Clause::Prefix(prefix, _) => {
                    let mut lowered = String::new();
                    for_each_word(prefix, |w, _, _| lowered.push_str(&w.to_lowercase()));
                    if lowered.chars().count() < 2 {
                        self.word_unit(searcher, text, negate, &word_fields, &mut plan)
                    } else {
                        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
                        for field in &word_fields {
                            let pattern = format!("{}.*", regex_escape(&lowered));
                            alternatives.push(Box::new(BoostQuery::new(
                                Box::new(RegexQuery::from_pattern(&pattern, *field)?),
                                PREFIX_BOOST,
                            )));
                        }
                        let stem = analysis::stem(&lowered);
                        alternatives.push(term_query(f.body, &stem, 1.0));
                        alternatives.push(term_query(f.title, &stem, TITLE_BOOST));
                        if !negate {
                            plan.highlight.insert(stem, 1.0);
                            plan.prefixes.push(lowered);
                        }
                        Some(Box::new(DisjunctionMaxQuery::with_tie_breaker(
                            alternatives,
                            0.1,
                        )))
                    }
                }
                Clause::Phrase(phrase, _) => {
                    let words = analyze_words(phrase, &self.lexicon);
                    match words.len() {
                        0 => None,
                        1 => self.word_unit(searcher, phrase, negate, &word_fields, &mut plan),
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
                    self.word_unit(searcher, word, negate, &word_fields, &mut plan)
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
        let mut subqueries: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if positive.is_empty() {
            // Words that were all stop words match nothing; no words at all (or only excluded
            // ones) lists everything that passes the filters.
            if clauses.iter().any(|c| !c.negated()) {
                return Ok(plan);
            }
            subqueries.push((Occur::Must, Box::new(AllQuery)));
        }
        for unit in positive {
            subqueries.push((Occur::Should, Box::new(TierQuery(unit))));
        }
        for unit in negative {
            subqueries.push((Occur::MustNot, unit));
        }
        plan.query = Some(Box::new(BooleanQuery::new(subqueries)));
        Ok(plan)
    }

    /// The query for one typed word (which may analyse into several words: "covid-19").
    fn word_unit(
        &self,
        searcher: &Searcher,
        raw: &str,
        negate: bool,
        word_fields: &[Field],
        plan: &mut Plan,
    ) -> Option<Box<dyn Query>> {
        let f = self.fields;
        let words = analyze_words(raw, &self.lexicon);
        if words.len() > 1 {
            if !negate {
                for w in &words {
                    plan.highlight.insert(w.stem.clone(), 1.0);
                }
            }
            return Some(phrase_unit(f, &words));
        }
        let word = words.into_iter().next()?;
        let mut alternatives: Vec<Box<dyn Query>> = vec![
            term_query(f.body, &word.stem, 1.0),
            term_query(f.title, &word.stem, TITLE_BOOST),
            term_query(f.heading, &word.stem, HEADING_BOOST),
        ];
        if !negate {
            plan.highlight.insert(word.stem.clone(), 1.0);
            // How common the word is decides which looser matches are worth their cost: a
            // compound's parts are searched separately only while the compound itself is
            // uncommon, and typo tolerance applies only to words (almost) absent as written.
            let doc_freq = [f.body, f.title, f.heading]
                .iter()
                .map(|field| {
                    searcher
                        .doc_freq(&Term::from_field_text(*field, &word.stem))
                        .unwrap_or(0)
                })
                .sum::<u64>();
            if word.parts.len() > 1 && doc_freq < PARTS_MAX_DOC_FREQ {
                let parts: Vec<(Occur, Box<dyn Query>)> = word
                    .parts
                    .iter()
                    .map(|p| (Occur::Must, term_query(f.body, p, 1.0)))
                    .collect();
                alternatives.push(Box::new(BoostQuery::new(
                    Box::new(BooleanQuery::new(parts)),
                    PARTS_BOOST,
                )));
            }
            if word.word.chars().count() >= FUZZY_MIN_CHARS && doc_freq <= FUZZY_MAX_DOC_FREQ {
                for field in word_fields {
                    alternatives.push(Box::new(BoostQuery::new(
                        Box::new(FuzzyTermQuery::new(
                            Term::from_field_text(*field, &word.word),
                            1,
                            true,
                        )),
                        FUZZY_BOOST,
                    )));
                }
                plan.fuzzy_words.push(word.word.clone());
            }
        }
        Some(Box::new(DisjunctionMaxQuery::with_tie_breaker(
            alternatives,
            0.1,
        )))
    }
}

/// One unit of the query (a word, phrase or prefix with its alternatives) whose score is raised
/// by [`TIER_SCORE`] wherever it matches. The top-level query is the union of the units, so a
/// passage's score is `TIER_SCORE × matched units + BM25`: more matched words always rank first.
/// (Wrapping each unit once costs one pass over its postings; adding a separate constant-score
/// copy of every unit would cost two.)
#[derive(Debug)]
struct TierQuery(Box<dyn Query>);

impl Clone for TierQuery {
    fn clone(&self) -> Self {
        TierQuery(self.0.box_clone())
    }
}

impl Query for TierQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(TierWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor)
    }
}

struct TierWeight(Box<dyn Weight>);

impl Weight for TierWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(TierScorer(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let inner = self.0.explain(reader, doc)?;
        let mut explanation = Explanation::new("matched query word", inner.value() + TIER_SCORE);
        explanation.add_detail(inner);
        Ok(explanation)
    }
}

struct TierScorer(Box<dyn Scorer>);

impl DocSet for TierScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.0.seek(target)
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }

    fn cost(&self) -> u64 {
        self.0.cost()
    }
}

impl Scorer for TierScorer {
    fn score(&mut self) -> Score {
        TIER_SCORE + self.0.score()
    }
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
fn phrase_unit(f: Fields, words: &[analysis::AnalyzedWord]) -> Box<dyn Query> {
    let first = words[0].position;
    let phrase = |field: Field| {
        PhraseQuery::new_with_offset(
            words
                .iter()
                .map(|w| (w.position - first, Term::from_field_text(field, &w.stem)))
                .collect(),
        )
    };
    Box::new(DisjunctionMaxQuery::with_tie_breaker(
        vec![
            Box::new(phrase(f.body)),
            Box::new(BoostQuery::new(Box::new(phrase(f.title)), TITLE_BOOST)),
            Box::new(BoostQuery::new(Box::new(phrase(f.heading)), HEADING_BOOST)),
        ],
        0.1,
    ))
}

fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !c.is_alphanumeric() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A parsed query: the tantivy query (None when nothing can match) and highlighting hints.
#[derive(Default)]
struct Plan {
    query: Option<Box<dyn Query>>,
    /// Terms (stems) to highlight, with weights.
    highlight: BTreeMap<String, Score>,
    /// Lowercased words searched with typo tolerance.
    fuzzy_words: Vec<String>,
    /// Lowercased prefixes.
    prefixes: Vec<String>,
}

impl Plan {
    /// Adds to `highlight` the stems of words in `body` that matched through typo tolerance or
    /// a prefix, so the snippet marks them (and their other inflections) too.
    fn expand_highlights(
        &self,
        body: &str,
        lexicon: &Arc<Lexicon>,
        highlight: &mut BTreeMap<String, Score>,
    ) {
        let tokenizer = NorwegianTokenizer::full(lexicon.clone());
        let mut tokens = Vec::new();
        tokenizer.tokenize_into(body, &mut tokens);
        let mut last_position = usize::MAX;
        for token in tokens {
            // Only the whole word's stem (the first token at a position), not compound parts.
            if token.position == last_position {
                continue;
            }
            last_position = token.position;
            let word = body[token.offset_from..token.offset_to].to_lowercase();
            let matches = self.prefixes.iter().any(|p| word.starts_with(p.as_str()))
                || self.fuzzy_words.iter().any(|w| within_one_edit(&word, w));
            if matches {
                highlight.entry(token.text).or_insert(0.5);
            }
        }
    }
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

/// The start of a passage, cut at a word, HTML-escaped (used when no query word is in the body,
/// for example when only the title matched).
fn leading_excerpt(body: &str) -> String {
    let mut end = body.len();
    if body.chars().count() > SNIPPET_CHARS {
        let cut = body
            .char_indices()
            .nth(SNIPPET_CHARS)
            .map(|(i, _)| i)
            .unwrap_or(body.len());
        end = body[..cut].rfind(' ').unwrap_or(cut);
    }
    let mut html = escape_html(&body[..end]);
    if end < body.len() {
        html.push('…');
    }
    html
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
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

/// Collects matching passages grouped by document: for every document its best passages, its
/// facet values, and which filters it fails (so facets can count "all filters but mine").
struct PassageCollector {
    filters: Filters,
    include_internal: bool,
}

/// A document's state inside one segment.
struct SegmentDoc {
    doc_id: u64,
    hidden: bool,
    /// Bit `d` set: fails the filter of dimension `d` (0–3 strings, 4 year).
    fails: u8,
    ords: [Vec<u64>; 4],
    year: Option<i64>,
    passages: usize,
    /// Best passages, best first.
    best: Vec<(Score, DocId)>,
}

struct PassageSegmentCollector {
    segment_ord: SegmentOrdinal,
    doc_ids: Option<Column<u64>>,
    columns: [Option<StrColumn>; 4],
    /// Allowed ords per filtered dimension in this segment.
    wanted: [Option<Vec<u64>>; 4],
    years_col: Option<Column<i64>>,
    years: Option<(i64, i64)>,
    visibility: Option<StrColumn>,
    public_ord: Option<u64>,
    include_internal: bool,
    docs: Vec<SegmentDoc>,
    by_id: HashMap<u64, usize>,
    last: Option<(u64, usize)>,
}

/// What one segment found.
struct SegmentFound {
    segment_ord: SegmentOrdinal,
    docs: Vec<SegmentDoc>,
    columns: [Option<StrColumn>; 4],
}

impl Collector for PassageCollector {
    type Fruit = Found;
    type Child = PassageSegmentCollector;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<PassageSegmentCollector> {
        let fast = segment.fast_fields();
        let doc_ids = fast.column_opt::<u64>("doc_id")?;
        let mut columns: [Option<StrColumn>; 4] = Default::default();
        let mut wanted: [Option<Vec<u64>>; 4] = Default::default();
        for (d, name) in STR_DIMS.iter().enumerate() {
            columns[d] = fast.str(name)?;
            let values = &self.filters.values[d];
            if !values.is_empty() {
                let mut ords = Vec::new();
                if let Some(column) = &columns[d] {
                    for value in values {
                        if let Some(ord) = column.dictionary().term_ord(value.as_bytes())? {
                            ords.push(ord);
                        }
                    }
                }
                wanted[d] = Some(ords);
            }
        }
        let visibility = fast.str("visibility")?;
        let public_ord = match &visibility {
            Some(column) => column.dictionary().term_ord(VISIBILITY_PUBLIC.as_bytes())?,
            None => None,
        };
        Ok(PassageSegmentCollector {
            segment_ord,
            doc_ids,
            columns,
            wanted,
            years_col: fast.column_opt::<i64>("year")?,
            years: self.filters.years,
            visibility,
            public_ord,
            include_internal: self.include_internal,
            docs: Vec::new(),
            by_id: HashMap::new(),
            last: None,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, segments: Vec<SegmentFound>) -> tantivy::Result<Found> {
        let mut found = Found::default();
        let mut seen: HashMap<u64, ()> = HashMap::new();
        let mut counts: [HashMap<String, usize>; 4] = Default::default();
        let mut year_counts: HashMap<i64, usize> = HashMap::new();
        for segment in segments {
            // Count facet values by ordinal first, then look up each distinct ordinal once.
            let mut ord_counts: [HashMap<u64, usize>; 4] = Default::default();
            for doc in segment.docs {
                if doc.hidden || seen.insert(doc.doc_id, ()).is_some() {
                    continue;
                }
                for (d, ords) in doc.ords.iter().enumerate() {
                    if doc.fails & !(1 << d) == 0 {
                        for ord in ords {
                            *ord_counts[d].entry(*ord).or_default() += 1;
                        }
                    }
                }
                if doc.fails & !(1 << YEAR_DIM) == 0 {
                    if let Some(year) = doc.year {
                        *year_counts.entry(year).or_default() += 1;
                    }
                }
                found.docs.push(FoundDoc {
                    doc_id: doc.doc_id,
                    fails: doc.fails,
                    passages: doc.passages,
                    best: doc
                        .best
                        .into_iter()
                        .map(|(score, d)| (score, DocAddress::new(segment.segment_ord, d)))
                        .collect(),
                });
            }
            let mut buf = String::new();
            for d in 0..4 {
                let Some(column) = &segment.columns[d] else {
                    continue;
                };
                for (ord, count) in &ord_counts[d] {
                    buf.clear();
                    if column.ord_to_str(*ord, &mut buf)? {
                        *counts[d].entry(buf.clone()).or_default() += count;
                    }
                }
            }
        }
        found.counts = counts;
        found.year_counts = year_counts;
        Ok(found)
    }
}

impl PassageSegmentCollector {
    fn new_doc(&self, doc: DocId, doc_id: u64) -> SegmentDoc {
        let public = match (&self.visibility, self.public_ord) {
            (Some(column), Some(public)) => column.term_ords(doc).any(|o| o == public),
            _ => false,
        };
        let mut entry = SegmentDoc {
            doc_id,
            hidden: !public && !self.include_internal,
            fails: 0,
            ords: Default::default(),
            year: None,
            passages: 0,
            best: Vec::with_capacity(HITS_PER_DOCUMENT),
        };
        if entry.hidden {
            return entry;
        }
        for d in 0..4 {
            if let Some(column) = &self.columns[d] {
                entry.ords[d] = column.term_ords(doc).collect();
            }
            if let Some(wanted) = &self.wanted[d] {
                if !entry.ords[d].iter().any(|o| wanted.contains(o)) {
                    entry.fails |= 1 << d;
                }
            }
        }
        entry.year = self.years_col.as_ref().and_then(|c| c.first(doc));
        if let Some((from, to)) = self.years {
            if !entry.year.is_some_and(|y| y >= from && y <= to) {
                entry.fails |= 1 << YEAR_DIM;
            }
        }
        entry
    }
}

impl SegmentCollector for PassageSegmentCollector {
    type Fruit = SegmentFound;

    fn collect(&mut self, doc: DocId, score: Score) {
        let Some(doc_id) = self.doc_ids.as_ref().and_then(|c| c.first(doc)) else {
            return;
        };
        let index = match self.last {
            Some((id, index)) if id == doc_id => index,
            _ => {
                let index = match self.by_id.get(&doc_id) {
                    Some(index) => *index,
                    None => {
                        let entry = self.new_doc(doc, doc_id);
                        self.docs.push(entry);
                        self.by_id.insert(doc_id, self.docs.len() - 1);
                        self.docs.len() - 1
                    }
                };
                self.last = Some((doc_id, index));
                index
            }
        };
        let entry = &mut self.docs[index];
        if entry.hidden {
            return;
        }
        entry.passages += 1;
        let best = &mut entry.best;
        if best.len() < HITS_PER_DOCUMENT || best.last().is_some_and(|(s, _)| score > *s) {
            let at = best.partition_point(|(s, _)| *s >= score);
            best.insert(at, (score, doc));
            best.truncate(HITS_PER_DOCUMENT);
        }
    }

    fn harvest(self) -> SegmentFound {
        SegmentFound {
            segment_ord: self.segment_ord,
            docs: self.docs,
            columns: self.columns,
        }
    }
}

/// A matching document after merging segments.
struct FoundDoc {
    doc_id: u64,
    fails: u8,
    passages: usize,
    best: Vec<(Score, DocAddress)>,
}

impl FoundDoc {
    fn passes(&self) -> bool {
        self.fails == 0
    }

    fn best_score(&self) -> Score {
        self.best.first().map(|(s, _)| *s).unwrap_or(0.0)
    }
}

/// Everything the collector found.
#[derive(Default)]
struct Found {
    docs: Vec<FoundDoc>,
    counts: [HashMap<String, usize>; 4],
    year_counts: HashMap<i64, usize>,
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
    fn excerpt_is_escaped() {
        assert_eq!(leading_excerpt("a < b & c"), "a &lt; b &amp; c");
    }
}

//! The knowledge base: documents with their original files and passages in the database, and
//! the full-text index beside it. Ingesting a document is all-or-nothing: the file is read and
//! split first, then the rows, the index entry and the kept file are written together, and any
//! failure undoes the others.

pub mod indexing;
mod reads;
pub(crate) mod sql;

pub use reads::DocumentReader;

use crate::portfolio::ProjectRef;
use crate::{Store, StoreError};
use husk_domain::{DocumentInput, DocumentMeta, DocumentType, FieldErrors, Kind};
use husk_search::similar::{Item, ItemKey, Similar, SimilarityBuilder, SimilarityModel};
use husk_search::suggest::{Suggester, Suggestion};
use husk_search::{ExtractError, SearchError, SearchQuery, SearchResults};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{0}")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Extract(#[from] ExtractError),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "Husk fikk ikke lagret originalfilen: {}. Sjekk at Husk kan skrive i datakatalogen, og at disken har ledig plass.",
        husk_domain::norwegian::io_problem(.0)
    )]
    File(std::io::Error),
}

impl From<sqlx::Error> for IngestError {
    fn from(e: sqlx::Error) -> Self {
        IngestError::Store(StoreError::Db(e))
    }
}

/// What an ingest stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ingested {
    pub id: i64,
    pub title: String,
    pub passages: usize,
    /// Whether the document is searchable already; false when another process (the running
    /// server) holds the index and will index it within seconds.
    pub indexed: bool,
    /// Remarks from the extraction (for example that a text file was read as Windows-1252).
    pub notes: Vec<String>,
    /// True when the same file was already in the knowledge base, which is then unchanged.
    pub duplicate: bool,
}

/// A document as listed and shown.
#[derive(Debug, Clone, Serialize)]
pub struct StoredDocument {
    pub id: i64,
    pub meta: DocumentMeta,
    pub file_name: String,
    pub file_size: i64,
    pub content_type: String,
    pub passages: i64,
    pub project_refs: Vec<ProjectRef>,
    pub created_at: String,
}

/// One passage of a stored document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredPassage {
    pub ordinal: u32,
    pub heading: Option<String>,
    pub text: String,
    pub char_start: u64,
}

/// The content type a browser should get for a kept file.
pub fn content_type_for(file_name: &str) -> &'static str {
    match file_name
        .rsplit('.')
        .next()
        .map(|e| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("pdf") => "application/pdf",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("odt") => "application/vnd.oasis.opendocument.text",
        Some("html") | Some("htm") => "text/html; charset=utf-8",
        Some("md") | Some("markdown") => "text/markdown; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    }
}

/// Copies `src` into `dir` under its SHA-256, streaming (constant memory whatever the size).
/// Returns the hash, the size, and whether the file was new.
fn keep_file(src: &Path, dir: &Path) -> std::io::Result<(String, u64, bool)> {
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".incoming-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let mut input = std::fs::File::open(src)?;
    let mut out = std::fs::File::create(&tmp)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n])?;
        size += n as u64;
    }
    out.sync_all()?;
    drop(out);
    let sha: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let dest = dir.join(&sha);
    if dest.exists() {
        std::fs::remove_file(&tmp)?;
        Ok((sha, size, false))
    } else {
        std::fs::rename(&tmp, &dest)?;
        Ok((sha, size, true))
    }
}

/// From this many projects and documents on, a change rebuilds the similarity model in the
/// background (building it takes seconds there) while the previous model answers.
pub const BACKGROUND_REBUILD_ITEMS: usize = 20_000;

/// Models derived from the whole register, with the count of changes they were built at.
#[derive(Default)]
pub struct ModelCache {
    /// Changes to the register so far (each makes the models out of date).
    generation: u64,
    /// The similarity model and the generation it was built at.
    similarity: Option<(u64, Arc<SimilarityModel>)>,
    /// A rebuild is running in the background.
    building: bool,
    /// The suggesters of themes and target groups, and the generation they were trained at.
    suggesters: Option<(u64, Arc<Suggesters>)>,
    building_suggesters: bool,
    /// Held while the similarity model is built (see `build_similarity_model`).
    build_lock: Arc<tokio::sync::Mutex<()>>,
}

/// Theme and target-group suggestions learned from the classified projects and documents.
pub struct Suggesters {
    themes: Suggester,
    target_groups: Suggester,
    /// Projects and documents trained on.
    examples: usize,
}

impl Store {
    /// Where kept original files live.
    pub fn files_dir(&self) -> PathBuf {
        self.files_dir.clone()
    }

    /// Keeps `bytes` (a report's attachment) among the kept files under their SHA-256, going
    /// through a temporary file in `tmp_dir`. Returns the hash and the size.
    pub async fn keep_bytes(&self, tmp_dir: &Path, bytes: &[u8]) -> std::io::Result<(String, u64)> {
        let files = self.files_dir();
        let tmp_dir = tmp_dir.to_path_buf();
        let bytes = bytes.to_vec();
        tokio::task::spawn_blocking(move || {
            std::fs::create_dir_all(&tmp_dir)?;
            let tmp = tmp_dir.join(format!(
                "attachment-{}-{:?}-{}",
                std::process::id(),
                std::thread::current().id(),
                crate::accounts::random_hex(8)
            ));
            std::fs::write(&tmp, &bytes)?;
            let kept = keep_file(&tmp, &files);
            std::fs::remove_file(&tmp).ok();
            kept.map(|(sha, size, _)| (sha, size))
        })
        .await
        .map_err(std::io::Error::other)?
    }

    /// Reads, splits, stores and indexes the file at `path` (named `file_name` by the user).
    pub async fn ingest(
        &self,
        path: &Path,
        file_name: &str,
        input: &DocumentInput,
    ) -> Result<Ingested, IngestError> {
        // One document at a time is read and stored (see `heavy_work`).
        let _permit = self
            .heavy_work
            .acquire()
            .await
            .map_err(|e| IngestError::File(std::io::Error::other(e)))?;
        let (p, name) = (path.to_path_buf(), file_name.to_string());
        let (extracted, passages) =
            tokio::task::spawn_blocking(move || husk_search::read_document(&p, &name))
                .await
                .map_err(|e| IngestError::File(std::io::Error::other(e)))??;
        let meta = input
            .validate(&self.taxonomy, extracted.title.as_deref())
            .map_err(IngestError::Invalid)?;
        if passages.is_empty() {
            return Err(ExtractError::NoText {
                file: file_name.to_string(),
            }
            .into());
        }

        let mut tx = self.begin_write().await?;
        let mut errors = FieldErrors::new();
        let mut regions: Vec<String> = meta.region.iter().cloned().collect();
        for p in &meta.projects {
            let region = crate::portfolio::sql::region_of(&mut *tx, p).await?;
            match region {
                Some(r) if !regions.contains(&r) => regions.push(r),
                Some(_) => {}
                None => errors.push("projects", format!("Prosjektet «{p}» finnes ikke i registeret. Skriv id-en til et prosjekt som finnes.")),
            }
        }
        if !errors.is_empty() {
            return Err(IngestError::Invalid(errors));
        }

        let files = self.files_dir();
        let src = path.to_path_buf();
        let (sha, size, new_file) = tokio::task::spawn_blocking(move || keep_file(&src, &files))
            .await
            .map_err(|e| IngestError::File(std::io::Error::other(e)))?
            .map_err(IngestError::File)?;
        let existing = sql::document_with_file(&mut *tx, &sha).await?;
        if let Some((id, title, n)) = existing {
            return Ok(Ingested {
                id,
                title,
                passages: n as usize,
                indexed: true,
                notes: extracted.notes,
                duplicate: true,
            });
        }
        let passage_count = passages.len();
        let undo_file = |files: PathBuf, sha: &str| {
            if new_file {
                std::fs::remove_file(files.join(sha)).ok();
            }
        };

        let result: Result<i64, IngestError> = async {
            let id = sql::insert_document(
                &mut *tx,
                &sql::DocumentColumns {
                    title: &meta.title,
                    authors: &meta.authors,
                    publisher: &meta.publisher,
                    year: meta.year,
                    doc_type: meta.doc_type.code(),
                    region: &meta.region,
                    public: meta.public,
                    file_name,
                    file_sha256: &sha,
                    file_size: size as i64,
                    content_type: content_type_for(file_name),
                },
            )
            .await?;
            write_document_links(&mut tx, id, &meta).await?;
            for p in &passages {
                sql::insert_passage(
                    &mut *tx,
                    id,
                    p.ordinal as i64,
                    &p.heading,
                    &p.text,
                    p.char_start as i64,
                )
                .await?;
            }
            Ok(id)
        }
        .await;
        let id = match result {
            Ok(id) => id,
            Err(e) => {
                undo_file(self.files_dir(), &sha);
                return Err(e);
            }
        };
        if let Err(e) = Self::commit_write(tx).await {
            undo_file(self.files_dir(), &sha);
            return Err(e.into());
        }
        drop(passages);
        // The document is stored; the index follows from the database (a failure here is
        // caught up later, by the server's background catch-up or the next CLI command).
        let indexed = match self.catch_up_index().await {
            Ok(crate::CatchUp::Done { .. }) => true,
            Ok(crate::CatchUp::Locked) => false,
            Err(e) => {
                tracing::error!("dokument {id} er lagret, men ikke søkbart ennå: {e}");
                false
            }
        };
        self.invalidate_models();
        Ok(Ingested {
            id,
            title: meta.title,
            passages: passage_count,
            indexed,
            notes: extracted.notes,
            duplicate: false,
        })
    }

    /// Every document, newest first.
    pub(crate) async fn documents(&self) -> Result<Vec<StoredDocument>, StoreError> {
        let rows = sql::document_rows(&self.pool).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(self.document_from_row(r).await?);
        }
        Ok(out)
    }

    /// One document.
    pub(crate) async fn document(&self, id: i64) -> Result<Option<StoredDocument>, StoreError> {
        match sql::document_row(&self.pool, id).await? {
            Some(r) => Ok(Some(self.document_from_row(r).await?)),
            None => Ok(None),
        }
    }

    /// The documents linked to a project.
    pub(crate) async fn documents_of_project(
        &self,
        project_id: &str,
    ) -> Result<Vec<StoredDocument>, StoreError> {
        let ids = sql::document_ids_of_project(&self.pool, project_id).await?;
        let mut out = Vec::new();
        for id in ids {
            if let Some(d) = self.document(id).await? {
                out.push(d);
            }
        }
        Ok(out)
    }

    async fn document_from_row(&self, r: sql::DocRow) -> Result<StoredDocument, StoreError> {
        let (
            id,
            title,
            authors,
            publisher,
            year,
            doc_type,
            region,
            public,
            file_name,
            file_size,
            content_type,
            created_at,
        ) = r;
        use sql::DocumentList;
        let projects = sql::document_list(&self.pool, DocumentList::Projects, id).await?;
        let organisations = sql::document_list(&self.pool, DocumentList::Organisations, id).await?;
        let themes = sql::document_list(&self.pool, DocumentList::Themes, id).await?;
        let target_groups = sql::document_list(&self.pool, DocumentList::TargetGroups, id).await?;
        let project_refs = sql::document_project_refs(&self.pool, id)
            .await?
            .into_iter()
            .filter_map(|(id, title, kind, region)| {
                Kind::from_code(&kind).map(|kind| ProjectRef {
                    id,
                    title,
                    kind,
                    region,
                })
            })
            .collect();
        let passages = sql::passage_count(&self.pool, id).await?;
        Ok(StoredDocument {
            id,
            meta: DocumentMeta {
                title,
                authors,
                publisher,
                year: year.map(|y| y as i32),
                doc_type: DocumentType::parse(&doc_type).unwrap_or(DocumentType::Annet),
                region,
                public: public != 0,
                projects,
                organisations,
                themes,
                target_groups,
            },
            file_name,
            file_size,
            content_type,
            passages,
            project_refs,
            created_at,
        })
    }

    /// A document's passages in order.
    pub(crate) async fn passages(
        &self,
        document_id: i64,
    ) -> Result<Vec<StoredPassage>, StoreError> {
        let rows = sql::passages(&self.pool, document_id).await?;
        Ok(rows
            .into_iter()
            .map(|(o, heading, text, c)| StoredPassage {
                ordinal: o as u32,
                heading,
                text,
                char_start: c as u64,
            })
            .collect())
    }

    /// Up to `count` of a document's passages in order, from the one numbered `from` (0-based
    /// ordinal): one page of a long document.
    pub(crate) async fn passages_range(
        &self,
        document_id: i64,
        from: u32,
        count: u32,
    ) -> Result<Vec<StoredPassage>, StoreError> {
        let rows =
            sql::passages_range(&self.pool, document_id, i64::from(from), i64::from(count)).await?;
        Ok(rows
            .into_iter()
            .map(|(o, heading, text, c)| StoredPassage {
                ordinal: o as u32,
                heading,
                text,
                char_start: c as u64,
            })
            .collect())
    }

    /// The path of a document's kept original file, with the name it was uploaded under.
    pub(crate) async fn document_file(
        &self,
        id: i64,
    ) -> Result<Option<(PathBuf, String, String)>, StoreError> {
        let row = sql::document_file(&self.pool, id).await?;
        Ok(row.map(|(sha, name, ct)| (self.files_dir().join(sha), name, ct)))
    }

    /// Full-text search over the passages.
    pub(crate) async fn search(&self, query: SearchQuery) -> Result<SearchResults, SearchError> {
        let index = self.index.clone();
        tokio::task::spawn_blocking(move || index.search(&query))
            .await
            .map_err(|e| SearchError::Index(tantivy_panic(e)))?
    }

    /// Words and titles that start with `prefix`, for type-ahead.
    pub async fn search_suggestions(
        &self,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<String>, SearchError> {
        let index = self.index.clone();
        let prefix = prefix.to_string();
        tokio::task::spawn_blocking(move || index.suggest(&prefix, limit))
            .await
            .map_err(|e| SearchError::Index(tantivy_panic(e)))?
    }

    pub(crate) async fn document_regions(
        &self,
        d: &StoredDocument,
    ) -> Result<Vec<String>, StoreError> {
        let mut regions: Vec<String> = d.meta.region.iter().cloned().collect();
        for p in &d.project_refs {
            if !regions.contains(&p.region) {
                regions.push(p.region.clone());
            }
        }
        Ok(regions)
    }

    /// Reads the register's facts and builds the similarity model, so that the first page
    /// that needs them does not wait (the server calls this when it starts).
    pub async fn warm_up(&self) -> Result<(), StoreError> {
        self.register_facts().await?;
        self.similarity_model().await?;
        Ok(())
    }

    /// Projects and documents in the register.
    async fn register_size(&self) -> Result<usize, StoreError> {
        let n = sql::register_size(&self.pool).await?;
        Ok(n as usize)
    }

    pub(crate) fn invalidate_models(&self) {
        self.models.write().unwrap().generation += 1;
    }

    /// The similarity model over every project and document, built on first use after a change.
    ///
    /// Over a large register (see [`BACKGROUND_REBUILD_ITEMS`]) a change does not make the
    /// next page wait for the rebuild: the model from before the change answers while a new one
    /// is built in the background.
    async fn similarity_model(&self) -> Result<Arc<SimilarityModel>, StoreError> {
        let (current, generation, building) = {
            let m = self.models.read().unwrap();
            (m.similarity.clone(), m.generation, m.building)
        };
        match current {
            Some((built_at, model)) if built_at == generation => return Ok(model),
            Some((_, model))
                if model.len() >= BACKGROUND_REBUILD_ITEMS
                    || self.register_size().await? >= BACKGROUND_REBUILD_ITEMS =>
            {
                if !building {
                    self.models.write().unwrap().building = true;
                    let store = self.clone();
                    tokio::spawn(async move {
                        let result = store.build_similarity_model(generation).await;
                        store.models.write().unwrap().building = false;
                        if let Err(e) = result {
                            tracing::warn!(error = %e, "rebuilding the similarity model failed");
                        }
                    });
                }
                return Ok(model);
            }
            _ => {}
        }
        self.build_similarity_model(generation).await
    }

    /// Builds the similarity model from the register as it is and keeps it as the model of
    /// `generation` (the count of changes when the build started).
    async fn build_similarity_model(
        &self,
        generation: u64,
    ) -> Result<Arc<SimilarityModel>, StoreError> {
        // One build at a time: whoever comes while one runs waits for it and takes its model
        // (two builds at once would hold the register's text twice).
        let build_lock = self.models.read().unwrap().build_lock.clone();
        let _building = build_lock.lock().await;
        if let Some((built_at, model)) = self.models.read().unwrap().similarity.clone() {
            if built_at >= generation {
                return Ok(model);
            }
        }
        // The items go one by one to a builder on a blocking thread, which keeps only their
        // term counts: the register's text is never held in memory all at once.
        let (items, mut to_build) = tokio::sync::mpsc::channel::<Item>(32);
        let builder = tokio::task::spawn_blocking(move || {
            let mut builder = SimilarityBuilder::default();
            while let Some(item) = to_build.blocking_recv() {
                builder.add(item);
            }
            builder.finish()
        });
        let sent = self.send_similarity_items(&items).await;
        drop(items);
        let model = builder
            .await
            .map_err(|e| StoreError::NotFound(format!("likhetsmodell ({e})")))?;
        sent?;
        let model = Arc::new(model);
        let mut cache = self.models.write().unwrap();
        if cache
            .similarity
            .as_ref()
            .is_none_or(|(built_at, _)| *built_at <= generation)
        {
            cache.similarity = Some((generation, model.clone()));
        }
        Ok(model)
    }

    /// Every document and entry as an item of the similarity model, sent to `items`: a
    /// document by its first part (what it is about), an entry by its description, its
    /// recipient and the beginning of the documents linked to it.
    async fn send_similarity_items(
        &self,
        items: &tokio::sync::mpsc::Sender<Item>,
    ) -> Result<(), StoreError> {
        /// How much of each linked document an entry's text takes.
        const LINKED_CHARS: usize = 20_000;
        let docs = self.documents().await?;
        let mut linked_text: std::collections::HashMap<String, String> = Default::default();
        for d in &docs {
            let text = sql::leading_passage_texts(
                &self.pool,
                d.id,
                husk_search::similar::MAX_CHARS as i64,
            )
            .await?
            .join("\n");
            if !d.meta.projects.is_empty() {
                let beginning: String = text.chars().take(LINKED_CHARS).collect();
                for p in &d.meta.projects {
                    let t = linked_text.entry(p.clone()).or_default();
                    t.push_str(&d.meta.title);
                    t.push('\n');
                    t.push_str(&beginning);
                }
            }
            let item = Item {
                key: ItemKey::Document(d.id as u64),
                title: d.meta.title.clone(),
                region: d
                    .meta
                    .region
                    .clone()
                    .or_else(|| d.project_refs.first().map(|p| p.region.clone())),
                text,
                themes: d.meta.themes.clone(),
            };
            if items.send(item).await.is_err() {
                return Ok(());
            }
        }
        for p in self.register_facts().await?.iter() {
            let extra = linked_text.remove(&p.id).unwrap_or_default();
            let item = Item {
                key: ItemKey::Project(p.id.clone()),
                title: p.title.clone(),
                region: Some(p.region.clone()),
                text: format!(
                    "{} {} {}",
                    p.description,
                    p.recipient.clone().unwrap_or_default(),
                    extra
                ),
                themes: p.themes.clone(),
            };
            if items.send(item).await.is_err() {
                return Ok(());
            }
        }
        Ok(())
    }

    /// Similar work elsewhere for a project or document, other offices first.
    ///
    /// Comparing with a national register takes a few milliseconds of work, done off the
    /// threads that answer requests so that light pages are not kept waiting behind it.
    pub(crate) async fn similar(
        &self,
        key: &ItemKey,
        limit: usize,
    ) -> Result<Vec<Similar>, StoreError> {
        let model = self.similarity_model().await?;
        if model.len() < BACKGROUND_REBUILD_ITEMS {
            return Ok(model.similar(key, limit));
        }
        let key = key.clone();
        tokio::task::spawn_blocking(move || model.similar(&key, limit))
            .await
            .map_err(|e| StoreError::NotFound(format!("likhetsmodell ({e})")))
    }

    /// Suggested knowledge themes and target groups for `text`, learned from the classified
    /// projects and documents.
    pub async fn suggest_classification(
        &self,
        text: &str,
    ) -> Result<(Vec<Suggestion>, Vec<Suggestion>), StoreError> {
        let suggesters = self.suggesters().await?;
        let text = text.to_string();
        tokio::task::spawn_blocking(move || {
            let min = husk_search::suggest::DEFAULT_MIN_CONFIDENCE;
            (
                suggesters.themes.suggest(&text, min),
                suggesters.target_groups.suggest(&text, min),
            )
        })
        .await
        .map_err(|e| StoreError::NotFound(format!("forslag ({e})")))
    }

    /// The suggesters trained on the register, kept like the similarity model (and rebuilt in
    /// the background after a change of a large register).
    async fn suggesters(&self) -> Result<Arc<Suggesters>, StoreError> {
        let (current, generation, building) = {
            let m = self.models.read().unwrap();
            (m.suggesters.clone(), m.generation, m.building_suggesters)
        };
        match current {
            Some((built_at, s)) if built_at == generation => return Ok(s),
            Some((_, s))
                if s.examples >= BACKGROUND_REBUILD_ITEMS
                    || self.register_size().await? >= BACKGROUND_REBUILD_ITEMS =>
            {
                if !building {
                    self.models.write().unwrap().building_suggesters = true;
                    let store = self.clone();
                    tokio::spawn(async move {
                        let result = store.train_suggesters(generation).await;
                        store.models.write().unwrap().building_suggesters = false;
                        if let Err(e) = result {
                            tracing::warn!(error = %e, "training the suggestions failed");
                        }
                    });
                }
                return Ok(s);
            }
            _ => {}
        }
        self.train_suggesters(generation).await
    }

    async fn train_suggesters(&self, generation: u64) -> Result<Arc<Suggesters>, StoreError> {
        let facts = self.register_facts().await?;
        let docs = self.documents().await?;
        let mut theme_examples: Vec<(String, Vec<String>)> = Vec::new();
        let mut group_examples: Vec<(String, Vec<String>)> = Vec::new();
        for p in facts.iter() {
            let t = format!("{} {}", p.title, p.description);
            theme_examples.push((t.clone(), p.themes.clone()));
            group_examples.push((t, p.target_groups.clone()));
        }
        for d in &docs {
            let t: String = self
                .passages_range(d.id, 0, 40)
                .await?
                .into_iter()
                .map(|p| p.text)
                .collect::<Vec<_>>()
                .join("\n");
            let t = format!("{} {}", d.meta.title, t);
            theme_examples.push((t.clone(), d.meta.themes.clone()));
            group_examples.push((t, d.meta.target_groups.clone()));
        }
        let examples = theme_examples.len();
        let suggesters = tokio::task::spawn_blocking(move || Suggesters {
            themes: Suggester::train(
                theme_examples
                    .iter()
                    .map(|(t, l)| (t.as_str(), l.as_slice())),
            ),
            target_groups: Suggester::train(
                group_examples
                    .iter()
                    .map(|(t, l)| (t.as_str(), l.as_slice())),
            ),
            examples,
        })
        .await
        .map_err(|e| StoreError::NotFound(format!("forslag ({e})")))?;
        let suggesters = Arc::new(suggesters);
        let mut cache = self.models.write().unwrap();
        if cache
            .suggesters
            .as_ref()
            .is_none_or(|(built_at, _)| *built_at <= generation)
        {
            cache.suggesters = Some((generation, suggesters.clone()));
        }
        Ok(suggesters)
    }

    /// Sets a document's themes and target groups (after the user accepted suggestions), and
    /// updates its index entry.
    pub async fn set_document_classification(
        &self,
        id: i64,
        themes: &[String],
        target_groups: &[String],
    ) -> Result<(), IngestError> {
        let Some(mut d) = self.document(id).await? else {
            return Err(StoreError::NotFound(format!("dokument {id}")).into());
        };
        let input = DocumentInput {
            title: d.meta.title.clone(),
            themes: themes.to_vec(),
            target_groups: target_groups.to_vec(),
            ..Default::default()
        };
        let checked = input
            .validate(&self.taxonomy, None)
            .map_err(IngestError::Invalid)?;
        d.meta.themes = checked.themes;
        d.meta.target_groups = checked.target_groups;
        let mut tx = self.begin_write().await?;
        sql::clear_classification(&mut tx, id).await?;
        sql::add_classification(&mut tx, id, &d.meta.themes, &d.meta.target_groups).await?;
        Self::commit_write(tx).await?;
        self.reindex_document(id).await
    }

    /// Brings a document's index entry in line with the database after its visibility or
    /// classification changed (the change is already queued for the index; this catches up
    /// now, unless another process holds the index and will).
    pub async fn reindex_document(&self, id: i64) -> Result<(), IngestError> {
        if let Err(e) = self.catch_up_index().await {
            tracing::error!(
                "dokument {id} er endret, men søkeindeksen er ikke oppdatert ennå: {e}"
            );
        }
        self.invalidate_models();
        Ok(())
    }
}

fn tantivy_panic(e: tokio::task::JoinError) -> tantivy::TantivyError {
    tantivy::TantivyError::InternalError(format!("søket stoppet uventet: {e}"))
}

pub(crate) fn index_meta(
    id: i64,
    meta: &DocumentMeta,
    regions: Vec<String>,
) -> husk_search::DocumentMeta {
    husk_search::DocumentMeta {
        doc_id: id as u64,
        title: meta.title.clone(),
        doc_type: meta.doc_type.code().to_string(),
        year: meta.year,
        regions,
        themes: meta.themes.clone(),
        target_groups: meta.target_groups.clone(),
        public: meta.public,
        project_ids: meta.projects.clone(),
    }
}

/// Links a new document to its projects and organisations and classifies it.
async fn write_document_links(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    meta: &DocumentMeta,
) -> Result<(), sqlx::Error> {
    for p in &meta.projects {
        sql::link_project(&mut *conn, id, p).await?;
    }
    for o in &meta.organisations {
        sql::link_organisation(conn, id, o).await?;
    }
    sql::add_classification(conn, id, &meta.themes, &meta.target_groups).await
}

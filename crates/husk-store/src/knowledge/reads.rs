//! The knowledge base read as a viewer: documents ([`Reader::document`],
//! [`Reader::documents`]), the search ([`Reader::search`]), and the documents and similar work
//! of an entry.

use super::sql;
use super::{StoredDocument, StoredPassage};
use crate::portfolio::EntryReader;
use crate::{Reader, StoreError};
use husk_domain::access::DocumentScope;
use husk_search::similar::{ItemKey, Similar};
use husk_search::{SearchError, SearchQuery, SearchResults};
use std::path::PathBuf;

/// One document the viewer may read ([`husk_domain::Viewer::may_read_document`]), found by
/// [`Reader::document`]: its passages, file and similar work are read through it.
pub struct DocumentReader<'a> {
    reader: Reader<'a>,
    document: StoredDocument,
    /// The organisations the document concerns, when they were read (see
    /// [`Reader::organisations_that_matter`]).
    organisation_ids: Vec<i64>,
}

impl<'a> Reader<'a> {
    /// The organisations a document concerns, read only when the access rules can depend on
    /// them: for a recipient, of a document that is not public (the public reads only public
    /// documents, and staff every document, whatever organisations a document concerns).
    async fn organisations_that_matter(
        &self,
        id: i64,
        public: bool,
    ) -> Result<Vec<i64>, StoreError> {
        if public || self.viewer.reads_internal() || self.viewer.organisation_id().is_none() {
            return Ok(Vec::new());
        }
        Ok(sql::document_organisation_ids(&self.store.pool, id).await?)
    }

    /// Whether the viewer may read a document that is (or is not) public, of an office.
    async fn may_read(
        &self,
        id: i64,
        public: bool,
        region: Option<&str>,
    ) -> Result<bool, StoreError> {
        let orgs = self.organisations_that_matter(id, public).await?;
        Ok(self.viewer.may_read_document(DocumentScope {
            public,
            region,
            organisation_ids: &orgs,
        }))
    }

    /// Whether the viewer may read the document `id` (false when there is none).
    pub async fn may_read_document(&self, id: i64) -> Result<bool, StoreError> {
        if self.viewer.reads_internal() {
            // Staff read every document: no lookup (lists ask once per document).
            return Ok(true);
        }
        match sql::document_visibility(&self.store.pool, id).await? {
            Some((public, region)) => self.may_read(id, public != 0, region.as_deref()).await,
            None => Ok(false),
        }
    }

    /// The document `id` if the viewer may read it: `Ok(None)` when there is none,
    /// [`StoreError::Hidden`] when the viewer may not read it.
    pub async fn document(&self, id: i64) -> Result<Option<DocumentReader<'a>>, StoreError> {
        let Some(document) = self.store.document(id).await? else {
            return Ok(None);
        };
        let orgs = self
            .organisations_that_matter(id, document.meta.public)
            .await?;
        let scope = DocumentScope {
            public: document.meta.public,
            region: document.meta.region.as_deref(),
            organisation_ids: &orgs,
        };
        if !self.viewer.may_read_document(scope) {
            return Err(StoreError::Hidden);
        }
        Ok(Some(DocumentReader {
            reader: *self,
            document,
            organisation_ids: orgs,
        }))
    }

    /// Every document the viewer may read, newest first.
    pub async fn documents(&self) -> Result<Vec<StoredDocument>, StoreError> {
        let mut out = Vec::new();
        for d in self.store.documents().await? {
            if self
                .may_read(d.id, d.meta.public, d.meta.region.as_deref())
                .await?
            {
                out.push(d);
            }
        }
        Ok(out)
    }

    /// Full-text search over the passages of the documents the viewer may read: a query may
    /// leave out internal documents, but it finds them only for a viewer who reads them
    /// ([`husk_domain::Viewer::searches_internal`]).
    pub async fn search(&self, mut query: SearchQuery) -> Result<SearchResults, SearchError> {
        query.include_internal = query.include_internal && self.viewer.searches_internal();
        self.store.search(query).await
    }

    /// The `limit` items most similar to `key` that the viewer may read, other offices first.
    async fn visible_similar(
        &self,
        key: &ItemKey,
        limit: usize,
    ) -> Result<Vec<Similar>, StoreError> {
        if self.viewer.reads_internal() {
            return self.store.similar(key, limit).await;
        }
        let mut out = Vec::new();
        for s in self.store.similar(key, limit * 10).await? {
            let readable = match &s.key {
                ItemKey::Document(id) => self.may_read_document(*id as i64).await?,
                ItemKey::Project(id) => self.may_read_project(id).await?,
            };
            if readable {
                out.push(s);
                if out.len() == limit {
                    break;
                }
            }
        }
        Ok(out)
    }
}

impl<'a> DocumentReader<'a> {
    pub fn document(&self) -> &StoredDocument {
        &self.document
    }

    pub fn into_document(self) -> StoredDocument {
        self.document
    }

    /// What the access rules need to know of the document.
    pub fn scope(&self) -> DocumentScope<'_> {
        DocumentScope {
            public: self.document.meta.public,
            region: self.document.meta.region.as_deref(),
            organisation_ids: &self.organisation_ids,
        }
    }

    /// Whether the viewer may change the document's classification.
    pub fn may_edit(&self) -> bool {
        self.reader.viewer.may_edit_document(self.scope())
    }

    /// Up to `count` of the document's passages in order, from the one numbered `from`.
    pub async fn passages(&self, from: u32, count: u32) -> Result<Vec<StoredPassage>, StoreError> {
        self.reader
            .store
            .passages_range(self.document.id, from, count)
            .await
    }

    /// The path of the kept original file, with the name it was uploaded under and its
    /// content type.
    pub async fn file(&self) -> Result<Option<(PathBuf, String, String)>, StoreError> {
        self.reader.store.document_file(self.document.id).await
    }

    /// The `limit` items most similar to the document that the viewer may read.
    pub async fn similar(&self, limit: usize) -> Result<Vec<Similar>, StoreError> {
        self.reader
            .visible_similar(&ItemKey::Document(self.document.id as u64), limit)
            .await
    }
}

/// A document read through a reader is read like the document itself.
impl std::ops::Deref for DocumentReader<'_> {
    type Target = StoredDocument;

    fn deref(&self) -> &StoredDocument {
        &self.document
    }
}

impl EntryReader<'_> {
    /// The documents linked to the entry that the viewer may read.
    pub async fn documents(&self) -> Result<Vec<StoredDocument>, StoreError> {
        let mut out = Vec::new();
        for d in self.reader.store.documents_of_project(&self.id).await? {
            if self
                .reader
                .may_read(d.id, d.meta.public, d.meta.region.as_deref())
                .await?
            {
                out.push(d);
            }
        }
        Ok(out)
    }

    /// The `limit` items most similar to the entry that the viewer may read, other offices
    /// first.
    pub async fn similar(&self, limit: usize) -> Result<Vec<Similar>, StoreError> {
        self.reader
            .visible_similar(&ItemKey::Project(self.id.clone()), limit)
            .await
    }
}

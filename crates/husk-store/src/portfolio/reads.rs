//! The register read as a viewer: one entry ([`Reader::entry`]) and what hangs on it. The
//! knowledge base and reporting add their reads of an entry (its documents, similar work,
//! reports, obligations) in their own folders.

use super::{DescendantGrants, ProjectDetail, Selected, StoredGrant};
use crate::reporting::ReportedTagsByEntry;
use crate::{Reader, StoreError};
use husk_domain::access::ProjectScope;
use husk_domain::quality::DataQuality;
use husk_domain::quality::{Finding, SourceNote};
use husk_domain::{GrantInput, ProjectFacts, ProjectInput, Selection};
use husk_files::Headings;
use std::sync::Arc;

/// One register entry the viewer may read ([`husk_domain::Viewer::may_read_project`]), found
/// by [`Reader::entry`]: what is read through it was allowed when it was made.
#[derive(Clone)]
pub struct EntryReader<'a> {
    pub(crate) reader: Reader<'a>,
    pub(crate) id: String,
    pub(crate) region: String,
    pub(crate) organisation_id: Option<i64>,
}

/// The whole register, for a viewer who may see the portfolio
/// ([`husk_domain::Viewer::may_see_portfolio`]), found by [`Reader::register`]: the lists, the
/// matrix's inputs and the exports read through it.
#[derive(Clone, Copy)]
pub struct RegisterReader<'a> {
    store: &'a crate::Store,
}

impl RegisterReader<'_> {
    /// Every entry's facts in list order, shared (see `Store::register_facts`).
    pub async fn facts(&self) -> Result<Arc<Vec<ProjectFacts>>, StoreError> {
        self.store.register_facts().await
    }

    /// The entries `selection` takes, in list order.
    pub async fn select(&self, selection: &Selection) -> Result<Selected, StoreError> {
        self.store.select_projects(selection).await
    }

    /// The register's facts and the themes and target groups its approved reports tagged:
    /// what the knowledge matrix is computed from.
    pub async fn facts_and_reported_tags(
        &self,
    ) -> Result<(Arc<Vec<ProjectFacts>>, Arc<ReportedTagsByEntry>), StoreError> {
        self.store.facts_and_reported_tags().await
    }

    /// The themes and target groups approved reports tagged, by entry.
    pub async fn reported_tags(&self) -> Result<Arc<ReportedTagsByEntry>, StoreError> {
        self.store.reported_tags().await
    }

    /// Every entry as a row of the export (and the import's format).
    pub async fn project_rows(&self, names: Headings) -> Result<Vec<ProjectInput>, StoreError> {
        self.store.project_rows(names).await
    }

    /// Every grant as a row of the export.
    pub async fn grant_rows(&self, names: Headings) -> Result<Vec<GrantInput>, StoreError> {
        self.store.grant_rows(names).await
    }
}

impl<'a> Reader<'a> {
    /// The whole register, if the viewer may see the portfolio; [`StoreError::Hidden`] if not.
    pub fn register(&self) -> Result<RegisterReader<'a>, StoreError> {
        if !self.viewer.may_see_portfolio() {
            return Err(StoreError::Hidden);
        }
        Ok(RegisterReader { store: self.store })
    }

    /// What Husk's checks find in the register and where the sources disagree, if the viewer
    /// may see data quality; [`StoreError::Hidden`] if not.
    pub async fn data_quality(&self) -> Result<DataQuality, StoreError> {
        if !self.viewer.may_see_data_quality() {
            return Err(StoreError::Hidden);
        }
        self.store.data_quality().await
    }

    /// The entry `id` if the viewer may read it: `Ok(None)` when there is none,
    /// [`StoreError::Hidden`] when the viewer may not read it.
    pub async fn entry(&self, id: &str) -> Result<Option<EntryReader<'a>>, StoreError> {
        let Some((region, organisation_id)) = self.store.project_scope(id).await? else {
            return Ok(None);
        };
        let scope = ProjectScope {
            region: &region,
            organisation_id,
        };
        if !self.viewer.may_read_project(scope) {
            return Err(StoreError::Hidden);
        }
        Ok(Some(EntryReader {
            reader: *self,
            id: id.to_string(),
            region,
            organisation_id,
        }))
    }

    /// The entry `id` with its grants, parent, children and related work, if the viewer may
    /// read it (see [`Reader::entry`]).
    pub async fn project(&self, id: &str) -> Result<Option<ProjectDetail>, StoreError> {
        match self.entry(id).await? {
            Some(entry) => entry.detail().await.map(Some),
            None => Ok(None),
        }
    }

    /// Whether the viewer may read the entry `id` (false when there is none).
    pub(crate) async fn may_read_project(&self, id: &str) -> Result<bool, StoreError> {
        match self.entry(id).await {
            Ok(found) => Ok(found.is_some()),
            Err(StoreError::Hidden) => Ok(false),
            Err(e) => Err(e),
        }
    }
}

impl<'a> EntryReader<'a> {
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What the access rules need to know of the entry: its office and recipient.
    pub fn scope(&self) -> ProjectScope<'_> {
        ProjectScope {
            region: &self.region,
            organisation_id: self.organisation_id,
        }
    }

    /// The reader this entry was found with.
    pub fn reader(&self) -> Reader<'a> {
        self.reader
    }

    /// The entry with its grants, parent, children and related work.
    pub async fn detail(&self) -> Result<ProjectDetail, StoreError> {
        self.reader
            .store
            .project(&self.id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("prosjekt «{}»", self.id)))
    }

    /// One of the entry's grants (none when the grant is another entry's).
    pub async fn grant(&self, grant_id: i64) -> Result<Option<StoredGrant>, StoreError> {
        Ok(self
            .reader
            .store
            .grant(grant_id)
            .await?
            .filter(|g| g.grant.project == self.id))
    }

    /// The grants of the entries under this one, added up.
    pub async fn descendant_grants(&self) -> Result<DescendantGrants, StoreError> {
        self.reader.store.descendant_grants(&self.id).await
    }

    /// The source notes recorded on the entry.
    pub async fn source_notes(&self) -> Result<Vec<SourceNote>, StoreError> {
        self.reader.store.source_notes_of(&self.id).await
    }

    /// What the data-quality checks find on the entry.
    pub async fn findings(&self) -> Result<Vec<Finding>, StoreError> {
        self.reader.store.findings_of(&self.id).await
    }
}

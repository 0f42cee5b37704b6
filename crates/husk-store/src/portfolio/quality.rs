//! Data quality: the checks over the register ([`husk_domain::quality`]) and the source notes
//! recorded with the data (disagreements between sources, inferred values).

use super::sql::{self, NoteColumns, NoteRow};
use crate::{Store, StoreError};
use husk_domain::quality::{
    check_entry, check_register, DataQuality, Finding, NoteKind, ParentPeriod, SourceNote,
    SourcedValue,
};
use std::collections::HashMap;

fn note_from_row(r: NoteRow) -> Result<SourceNote, StoreError> {
    let (project, kind, field, note, value_a, source_a, value_b, source_b) = r;
    let kind = NoteKind::from_code(&kind)
        .ok_or_else(|| StoreError::NotFound(format!("merknadstypen «{kind}»")))?;
    let other = (!value_b.is_empty() || !source_b.is_empty()).then_some(SourcedValue {
        value: value_b,
        source: source_b,
    });
    Ok(SourceNote {
        project,
        kind,
        field,
        note,
        value: SourcedValue {
            value: value_a,
            source: source_a,
        },
        other,
    })
}

/// Why a file of source notes was refused (nothing of it is saved).
#[derive(Debug, thiserror::Error)]
pub enum NotesError {
    #[error("Kildemerknadene i {file} kunne ikke lagres. {problems}", problems = .problems.join(" "))]
    Invalid { file: String, problems: Vec<String> },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A file's problems, found by [`husk_files::notes::read_notes`].
impl From<husk_files::notes::NotesFileError> for NotesError {
    fn from(e: husk_files::notes::NotesFileError) -> Self {
        NotesError::Invalid {
            file: e.file,
            problems: e.problems,
        }
    }
}

impl Store {
    /// Saves source notes, all or none: a note on the same entry, kind and field replaces the
    /// one stored. Returns how many were new or changed.
    pub async fn save_source_notes(&self, notes: &[SourceNote]) -> Result<usize, NotesError> {
        let mut tx = self.begin_write().await.map_err(StoreError::Db)?;
        let mut missing = Vec::new();
        for n in notes {
            let found = sql::exists(&mut *tx, &n.project)
                .await
                .map_err(StoreError::Db)?;
            if !found && !missing.contains(&n.project) {
                missing.push(n.project.clone());
            }
        }
        if !missing.is_empty() {
            return Err(NotesError::Invalid {
                file: "filen".into(),
                problems: missing
                    .iter()
                    .map(|id| format!("Fant ikke oppføringen «{id}» i registeret."))
                    .collect(),
            });
        }
        let mut changed = 0;
        for n in notes {
            let other = n.other.clone().unwrap_or_default();
            let done = sql::upsert_note(
                &mut *tx,
                &NoteColumns {
                    project_id: &n.project,
                    kind: n.kind.code(),
                    field: &n.field,
                    note: &n.note,
                    value_a: &n.value.value,
                    source_a: &n.value.source,
                    value_b: &other.value,
                    source_b: &other.source,
                },
            )
            .await
            .map_err(StoreError::Db)?;
            changed += done as usize;
        }
        Self::commit_write(tx).await.map_err(StoreError::Db)?;
        Ok(changed)
    }

    /// The source notes of one entry, conflicts first, in the order they were recorded.
    pub(crate) async fn source_notes_of(
        &self,
        project: &str,
    ) -> Result<Vec<SourceNote>, StoreError> {
        sql::notes_of(&self.pool, project)
            .await?
            .into_iter()
            .map(note_from_row)
            .collect()
    }

    /// Every entry's programme: child id → parent id.
    async fn parents(&self) -> Result<HashMap<String, String>, StoreError> {
        Ok(sql::parents(&self.pool).await?.into_iter().collect())
    }

    /// What the checks find on one entry (grants outside its period, a period outside its
    /// programme's, a recipient without a type).
    pub(crate) async fn findings_of(&self, project: &str) -> Result<Vec<Finding>, StoreError> {
        let facts = self.register_facts().await?;
        let Some(entry) = facts.iter().find(|p| p.id == project) else {
            return Ok(Vec::new());
        };
        // Only this entry's programme: the project page calls this on every view.
        let parent_id = sql::parent_of(&self.pool, project).await?.flatten();
        let parent = parent_id
            .and_then(|id| facts.iter().find(|p| p.id == id))
            .map(|p| ParentPeriod {
                id: &p.id,
                title: &p.title,
                years: p.years,
            });
        Ok(check_entry(entry, parent))
    }

    /// The checks over the whole register, with every recorded source note, in the
    /// register's list order.
    pub(crate) async fn data_quality(&self) -> Result<DataQuality, StoreError> {
        let facts = self.register_facts().await?;
        let findings = check_register(&facts, &self.parents().await?);
        let order: HashMap<&str, usize> = facts
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let mut notes = sql::notes(&self.pool)
            .await?
            .into_iter()
            .map(note_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        notes.sort_by_key(|n| order.get(n.project.as_str()).copied().unwrap_or(usize::MAX));
        Ok(DataQuality::new(findings, notes))
    }
}

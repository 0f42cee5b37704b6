//! Importing and exporting the register. An import is all-or-nothing: every row is read and
//! checked (file structure, field rules, references to other entries) before anything is
//! written, in one transaction; on any error nothing is written and every error is returned with
//! its line, column and field.

use super::sql;
use super::{check_references, upsert_grant, write_links, write_project};
use crate::{current_year, Store, StoreError};
use husk_domain::codes::{CodeList, Coded};
use husk_domain::portfolio::{Grant, Project};
use husk_domain::{FieldErrors, GrantInput, Kind, ProjectInput};
use husk_files::{self as files, ColumnMap, FileFormat, Headings, ImportError, TemplateKind};
use serde::Serialize;
use std::collections::HashMap;

/// What an import did (or, with `dry_run`, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub dry_run: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    /// The file has errors; nothing was written.
    #[error("Filen har {} feil, så ingenting er lagret.", .0.len())]
    Invalid(Vec<ImportError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ImportFailure {
    fn from(e: sqlx::Error) -> Self {
        ImportFailure::Store(StoreError::Db(e))
    }
}

fn field_errors(line: usize, cols: &ColumnMap, errs: FieldErrors, out: &mut Vec<ImportError>) {
    for e in errs.iter() {
        out.push(files::value_error(line, cols, &e.field, e.message.clone()));
    }
}

fn read(file_name: &str, bytes: &[u8]) -> Result<files::Table, ImportFailure> {
    let format =
        files::detect_format(file_name, bytes).map_err(|e| ImportFailure::Invalid(vec![e]))?;
    if format == FileFormat::Json {
        return Err(ImportFailure::Invalid(vec![ImportError {
            line: 0,
            column: None,
            field: None,
            message: "JSON kan eksporteres, men ikke importeres. Bruk en CSV- eller XLSX-fil."
                .into(),
        }]));
    }
    files::read_table(bytes, format).map_err(ImportFailure::Invalid)
}

fn sorted(errors: Vec<ImportError>) -> ImportFailure {
    ImportFailure::Invalid(files::cap_errors(errors))
}

impl Store {
    /// Imports programmes, projects and measures from a CSV or XLSX file. Entries whose id is
    /// already in the register are replaced by the file's version; the others are created.
    pub async fn import_projects(
        &self,
        file_name: &str,
        bytes: &[u8],
        dry_run: bool,
    ) -> Result<ImportReport, ImportFailure> {
        self.import_projects_scoped(file_name, bytes, dry_run, None)
            .await
    }

    /// [`Store::import_projects`] for someone who may only change one office's entries: every
    /// row must be of `only_region`, and may not replace an entry of another office.
    pub async fn import_projects_scoped(
        &self,
        file_name: &str,
        bytes: &[u8],
        dry_run: bool,
        only_region: Option<&str>,
    ) -> Result<ImportReport, ImportFailure> {
        let table = read(file_name, bytes)?;
        let (rows, cols) = files::projects_from_table(&table).map_err(ImportFailure::Invalid)?;
        let year = current_year();
        let mut errors = Vec::new();
        let mut valid: Vec<(usize, Project)> = Vec::new();
        let mut first_line_of_id: HashMap<&str, usize> = HashMap::new();
        for (line, input) in &rows {
            let id = input.id.trim();
            if !id.is_empty() {
                if let Some(earlier) = first_line_of_id.insert(id, *line) {
                    first_line_of_id.insert(id, earlier);
                    errors.push(files::field_error(
                        *line,
                        &cols,
                        "id",
                        format!("Id-en «{id}» står allerede på linje {earlier}. Gi hver oppføring sin egen id."),
                    ));
                }
            }
            match input.validate(&self.taxonomy, true, year) {
                Ok(p) => valid.push((*line, p)),
                Err(errs) => field_errors(*line, &cols, errs, &mut errors),
            }
        }
        let kinds = CodeList::of(Coded::Kind, &self.taxonomy);
        let pending: super::Pending = rows
            .iter()
            .filter_map(|(_, i)| {
                let kind = kinds.resolve(&i.kind).and_then(Kind::from_code)?;
                let parent = Some(i.parent.trim().to_string()).filter(|p| !p.is_empty());
                Some((i.id.trim().to_string(), (kind, parent)))
            })
            .collect();

        let pending_regions: HashMap<&str, &str> = valid
            .iter()
            .map(|(_, p)| (p.id.as_str(), p.region.as_str()))
            .collect();
        let mut tx = self.begin_write().await?;
        let mut existing = Vec::with_capacity(valid.len());
        for (line, p) in &valid {
            let errs = check_references(&mut tx, p, &pending).await?;
            field_errors(*line, &cols, errs, &mut errors);
            let current = sql::region_of(&mut *tx, &p.id).await?;
            if let Some(only) = only_region {
                if p.region != only {
                    errors.push(files::field_error(*line, &cols, "region", format!(
                        "«{}» er et annet kontor enn ditt. Du kan bare importere oppføringer for ditt eget kontor, {only}.",
                        p.region
                    )));
                } else if current.as_deref().is_some_and(|r| r != only) {
                    errors.push(files::field_error(*line, &cols, "id", format!(
                        "«{}» hører til et annet kontor, og du kan ikke erstatte den. Bruk en ny id eller en id som hører til {only}.",
                        p.id
                    )));
                }
                // An entry goes under a programme only with rights to both: the parent must
                // be of the same office too.
                if let Some(parent) = &p.parent {
                    let parent_region = match pending_regions.get(parent.as_str()) {
                        Some(r) => Some(r.to_string()),
                        None => sql::region_of(&mut *tx, parent).await?,
                    };
                    if parent_region.as_deref().is_some_and(|r| r != only) {
                        errors.push(files::field_error(*line, &cols, "parent", format!(
                            "Programmet «{parent}» hører til et annet kontor. Du kan bare legge oppføringer under programmer ved ditt eget kontor, {only}."
                        )));
                    }
                }
            }
            existing.push(current.is_some());
        }
        if !errors.is_empty() {
            return Err(sorted(errors));
        }
        let updated = existing.iter().filter(|e| **e).count();
        let report = ImportReport {
            rows: valid.len(),
            created: valid.len() - updated,
            updated,
            dry_run,
        };
        if dry_run {
            tx.rollback().await?;
            return Ok(report);
        }
        for ((_, p), replace) in valid.iter().zip(&existing) {
            write_project(&mut tx, p, *replace).await?;
        }
        for (_, p) in &valid {
            write_links(&mut tx, p).await?;
        }
        Self::commit_write(tx).await?;
        self.invalidate_models();
        Ok(report)
    }

    /// Imports grants from a CSV or XLSX file. A grant with the same project, year, budget item
    /// and status as one already registered replaces its amount and note.
    pub async fn import_grants(
        &self,
        file_name: &str,
        bytes: &[u8],
        dry_run: bool,
    ) -> Result<ImportReport, ImportFailure> {
        self.import_grants_scoped(file_name, bytes, dry_run, None)
            .await
    }

    /// [`Store::import_grants`] limited to the entries of one office.
    pub async fn import_grants_scoped(
        &self,
        file_name: &str,
        bytes: &[u8],
        dry_run: bool,
        only_region: Option<&str>,
    ) -> Result<ImportReport, ImportFailure> {
        let table = read(file_name, bytes)?;
        let (rows, cols) = files::grants_from_table(&table).map_err(ImportFailure::Invalid)?;
        let mut errors = Vec::new();
        let mut valid: Vec<(usize, Grant)> = Vec::new();
        let mut seen: HashMap<(String, i32, &'static str, &'static str), usize> = HashMap::new();
        for (line, input) in &rows {
            match input.validate() {
                Ok(g) => {
                    let key = (
                        g.project.clone(),
                        g.year,
                        g.budget_item.code(),
                        g.status.code(),
                    );
                    if let Some(first) = seen.insert(key, *line) {
                        errors.push(files::field_error(*line, &cols, "project", format!(
                            "Tilskuddet til «{}» for {} ({}, {}) står allerede på linje {first}. Skriv ett tilskudd per prosjekt, år, post og status.",
                            g.project, g.year, g.budget_item.code(), g.status.code()
                        )));
                    }
                    valid.push((*line, g))
                }
                Err(errs) => field_errors(*line, &cols, errs, &mut errors),
            }
        }
        let mut tx = self.begin_write().await?;
        let mut known: HashMap<String, Option<String>> = HashMap::new();
        for (line, g) in &valid {
            let region = match known.get(&g.project) {
                Some(r) => r.clone(),
                None => {
                    let r = sql::region_of(&mut *tx, &g.project).await?;
                    known.insert(g.project.clone(), r.clone());
                    r
                }
            };
            if let (Some(only), Some(r)) = (only_region, region.as_deref()) {
                if r != only {
                    errors.push(files::field_error(*line, &cols, "project", format!(
                        "«{}» hører til et annet kontor ({r}). Du kan bare importere tilskudd til prosjekter ved ditt kontor, {only}.",
                        g.project
                    )));
                }
            }
            if region.is_none() {
                errors.push(files::field_error(*line, &cols, "project", format!(
                    "Prosjektet «{}» finnes ikke i registeret. Skriv id-en til et prosjekt som finnes, eller importer prosjektene først.",
                    g.project
                )));
            }
        }
        if !errors.is_empty() {
            return Err(sorted(errors));
        }
        let mut created = 0;
        for (_, g) in &valid {
            if upsert_grant(&mut tx, g).await? {
                created += 1;
            }
        }
        let report = ImportReport {
            rows: valid.len(),
            created,
            updated: valid.len() - created,
            dry_run,
        };
        if dry_run {
            tx.rollback().await?;
        } else {
            Self::commit_write(tx).await?;
        }
        Ok(report)
    }

    /// The whole register as a file in `format`: codes and the English column names, so that
    /// the file imports again as it is.
    pub async fn export_projects(&self, format: FileFormat) -> Result<Vec<u8>, ExportError> {
        self.export_projects_with(format, Headings::Fields).await
    }

    /// The whole register as a file in `format`, with the chosen column names; with
    /// [`Headings::Norwegian`] coded values are written as the labels the pages show (the
    /// import reads those too).
    pub async fn export_projects_with(
        &self,
        format: FileFormat,
        names: Headings,
    ) -> Result<Vec<u8>, ExportError> {
        let rows = self.project_rows(names).await?;
        Ok(files::write_projects_with(&rows, format, names)?)
    }

    /// The whole register as rows for [`husk_files::write_projects_with`]: codes, or with
    /// [`Headings::Norwegian`] the labels the pages show.
    pub(crate) async fn project_rows(
        &self,
        names: Headings,
    ) -> Result<Vec<ProjectInput>, StoreError> {
        let mut rows: Vec<_> = self
            .projects()
            .await?
            .iter()
            .map(|p| p.to_input())
            .collect();
        if names == Headings::Norwegian {
            let tax = &self.taxonomy;
            let one = |coded: Coded, v: &mut String| {
                let list = CodeList::of(coded, tax);
                *v = list.label_of(v).to_string();
            };
            let many = |coded: Coded, v: &mut Vec<String>| {
                let list = CodeList::of(coded, tax);
                for c in v.iter_mut() {
                    *c = list.label_of(c).to_string();
                }
            };
            for r in &mut rows {
                one(Coded::Kind, &mut r.kind);
                one(Coded::Region, &mut r.region);
                one(Coded::RecipientType, &mut r.recipient_type);
                one(Coded::Status, &mut r.status);
                many(Coded::Theme, &mut r.themes);
                many(Coded::TargetGroup, &mut r.target_groups);
                many(Coded::LearningTool, &mut r.learning_tools);
            }
        }
        Ok(rows)
    }

    /// All grants as a file in `format`, with codes and the English column names.
    pub async fn export_grants(&self, format: FileFormat) -> Result<Vec<u8>, ExportError> {
        self.export_grants_with(format, Headings::Fields).await
    }

    /// All grants as a file in `format`, with the chosen column names (and labels for codes
    /// with [`Headings::Norwegian`]).
    pub async fn export_grants_with(
        &self,
        format: FileFormat,
        names: Headings,
    ) -> Result<Vec<u8>, ExportError> {
        let rows = self.grant_rows(names).await?;
        Ok(files::write_grants_with(&rows, format, names)?)
    }

    /// All grants as rows for [`husk_files::write_grants_with`]: codes, or with
    /// [`Headings::Norwegian`] the labels the pages show.
    pub(crate) async fn grant_rows(&self, names: Headings) -> Result<Vec<GrantInput>, StoreError> {
        let mut rows: Vec<_> = self
            .grants()
            .await?
            .iter()
            .map(|g| g.grant.to_input())
            .collect();
        if names == Headings::Norwegian {
            for r in &mut rows {
                for (coded, v) in [
                    (Coded::BudgetItem, &mut r.budget_item),
                    (Coded::GrantStatus, &mut r.status),
                ] {
                    if let Some(list) = CodeList::fixed(coded) {
                        *v = list.label_of(v).to_string();
                    }
                }
            }
        }
        Ok(rows)
    }

    /// The XLSX import template for projects or grants.
    pub fn import_template(&self, kind: TemplateKind) -> Result<Vec<u8>, ExportError> {
        Ok(files::import_template(kind, &self.taxonomy)?)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Write(#[from] files::FilesError),
}

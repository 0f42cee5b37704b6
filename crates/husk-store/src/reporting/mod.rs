//! Reporting in the database: templates and their versions, reports with their drafts,
//! submitted versions and reviews, the obligations overview, indicator data, and the
//! compilation of a programme's year.
//!
//! The rules (what a template may hold, which transitions are allowed, when reports are due,
//! what a valid answer is) are in `husk_domain::reporting`; this module stores and enforces
//! them atomically.

use crate::accounts::sha256_hex;
mod reads;
mod sql;

use crate::knowledge::IngestError;
use crate::{SaveError, Store, StoreError};
use husk_domain::access::ProjectScope;
use husk_domain::matrix::ReportedTags;
use husk_domain::norwegian::iso_date;
use husk_domain::reporting::answers::{self, GoalAssessment, IndicatorValue};
use husk_domain::reporting::review::{self, ReviewProblem};
use husk_domain::reporting::schedule::{self, Obligation};
use husk_domain::reporting::{
    Answers, FieldRole, ObligationStatus, ReportAction, ReportKind, ReportState, TemplateDef,
    TemplateError,
};
use husk_domain::{DocumentInput, FieldErrors, Kind, ProjectFacts};
use husk_files::annual_summary::{SummaryBook, SummaryReport};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The tables the reports' tags are read from: a change to any of them may change the tags.
const REPORTED_TAG_TABLES: [&str; 3] = ["reports", "report_versions", "template_versions"];

/// The themes and target groups approved reports tagged, by entry id.
pub type ReportedTagsByEntry = BTreeMap<String, ReportedTags>;
use time::Date;

/// A stored template version.
#[derive(Debug, Clone, Serialize)]
pub struct StoredTemplate {
    pub id: i64,
    pub template_id: i64,
    pub code: String,
    pub version: i64,
    pub def: TemplateDef,
    pub created_at: String,
    pub created_by: Option<String>,
    /// How many reports use this version (a used version is never changed).
    pub used_by: i64,
}

/// A template with its versions, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateSummary {
    pub template_id: i64,
    pub code: String,
    pub in_use: bool,
    pub versions: Vec<StoredTemplate>,
}

/// Why a template could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum TemplateSaveError {
    #[error("Malen har {} feil.", .0.len())]
    Invalid(Vec<TemplateError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for TemplateSaveError {
    fn from(e: sqlx::Error) -> Self {
        TemplateSaveError::Store(StoreError::Db(e))
    }
}

/// What saving a template did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedTemplate {
    pub version_id: i64,
    pub version: i64,
    /// True when the newest version was in use, so a new version was made.
    pub new_version: bool,
}

/// A report's place and state.
#[derive(Debug, Clone, Serialize)]
pub struct ReportInfo {
    pub id: i64,
    pub project_id: String,
    pub project_title: String,
    pub project_kind: Kind,
    pub region: String,
    pub organisation_id: Option<i64>,
    pub organisation: Option<String>,
    pub kind: ReportKind,
    pub year: i32,
    pub period_start: Date,
    pub period_end: Date,
    pub due: Date,
    pub state: ReportState,
    pub template_version_id: i64,
    pub revision: i64,
    pub draft_saved_at: Option<String>,
    /// The full name of who saved the draft last.
    pub draft_saved_by: Option<String>,
    pub document_id: Option<i64>,
    pub versions: i64,
}

impl ReportInfo {
    /// "Årsrapport 2026 – Boligsosialt utviklingsprogram – Asker".
    pub fn title(&self) -> String {
        format!("{} – {}", self.obligation().title(), self.project_title)
    }

    pub fn obligation(&self) -> Obligation {
        Obligation {
            kind: self.kind,
            year: self.year,
            period_start: self.period_start,
            period_end: self.period_end,
            due: self.due,
        }
    }

    pub fn scope(&self) -> ProjectScope<'_> {
        ProjectScope {
            region: &self.region,
            organisation_id: self.organisation_id,
        }
    }

    /// What the access rules need to know of this report.
    pub fn report_scope(&self) -> husk_domain::access::ReportScope<'_> {
        husk_domain::access::ReportScope {
            project: self.scope(),
            state: self.state,
            ever_submitted: self.versions > 0,
        }
    }
}

/// One submitted version with its review.
#[derive(Debug, Clone, Serialize)]
pub struct ReportVersion {
    pub id: i64,
    pub number: i64,
    pub answers: Answers,
    /// Full names (the username where a user has none).
    pub submitted_by: Option<String>,
    pub submitted_at: String,
    /// `returnert` or `godkjent`, once reviewed.
    pub outcome: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
    pub review_comment: String,
    pub field_comments: BTreeMap<String, String>,
}

/// A report with its template, draft and versions.
#[derive(Debug, Clone, Serialize)]
pub struct StoredReport {
    pub info: ReportInfo,
    pub template: StoredTemplate,
    pub draft: Answers,
    /// Oldest first.
    pub versions: Vec<ReportVersion>,
}

impl StoredReport {
    /// The report as `viewer` may see it, or `None` if they may not read it at all:
    /// - the draft only for those who may fill it in;
    /// - for those who may read the report but not its history (other organisations, the
    ///   public), only the approved version, without who reviewed it, the review comments or
    ///   who sent it in.
    pub fn visible_to(mut self, viewer: &husk_domain::Viewer) -> Option<StoredReport> {
        let scope = self.info.report_scope();
        if !viewer.may_read_report(scope) {
            return None;
        }
        let history = viewer.may_read_report_history(scope);
        if !viewer.may_fill_report(self.info.scope()) {
            self.draft = Answers::default();
            self.info.draft_saved_at = None;
            self.info.draft_saved_by = None;
        }
        if !history {
            let approved = self
                .versions
                .iter()
                .rposition(|v| v.outcome.as_deref() == Some("godkjent"));
            self.versions = match approved {
                Some(i) => {
                    let mut v = self.versions.swap_remove(i);
                    // The public summary only with the recipient's consent.
                    v.answers =
                        answers::without_unconsented_summary(&self.template.def, &v.answers);
                    v.reviewed_by = None;
                    v.reviewed_at = None;
                    v.review_comment.clear();
                    v.field_comments.clear();
                    v.submitted_by = None;
                    vec![v]
                }
                None => Vec::new(),
            };
            self.info.revision = 0;
        }
        Some(self)
    }

    /// The comments of the latest return, if the report is back with the recipient.
    pub fn open_comments(&self) -> Option<&ReportVersion> {
        self.versions.last().filter(|v| {
            self.info.state == ReportState::Returned && v.outcome.as_deref() == Some("returnert")
        })
    }
}

/// A booked dialogue meeting with who wrote it last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDialogueMeeting {
    pub meeting: husk_domain::reporting::DialogueMeeting,
    pub updated_by: Option<String>,
    pub updated_at: String,
}

/// Saving a draft failed.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    /// Someone saved the draft after the user loaded it; nothing was saved.
    #[error("Utkastet er endret av {saved_by} etter at du åpnet det.")]
    Conflict {
        current: Box<Answers>,
        revision: i64,
        saved_by: String,
        saved_at: String,
    },
    /// The report is not a draft or returned (it is submitted, approved or published).
    #[error("{0}")]
    NotEditable(String),
    /// On submission: the answers have problems (all of them).
    #[error("Rapporten har {} feil:\n{}", .0.len(), .0)]
    Invalid(FieldErrors),
    /// Answers over the length limits; nothing was saved, not even the draft.
    #[error("{}", .0)]
    TooLong(FieldErrors),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for DraftError {
    fn from(e: sqlx::Error) -> Self {
        DraftError::Store(StoreError::Db(e))
    }
}

/// A reviewed or published report could not be changed.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The transition is not allowed from the report's state.
    #[error("{0}")]
    NotAllowed(String),
    /// A return needs at least one comment.
    #[error("{0}")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ReviewError {
    fn from(e: sqlx::Error) -> Self {
        ReviewError::Store(StoreError::Db(e))
    }
}

/// One obligation with its report, if started.
#[derive(Debug, Clone, Serialize)]
pub struct ObligationRow {
    pub project_id: String,
    pub project_title: String,
    pub region: String,
    pub organisation_id: Option<i64>,
    pub organisation: Option<String>,
    pub kind: ReportKind,
    pub year: i32,
    pub title: String,
    pub due: Date,
    pub report_id: Option<i64>,
    pub state: Option<ReportState>,
    /// Whether the report was ever sent in (a draft never sent in is its authors' own).
    pub ever_submitted: bool,
    pub status: ObligationStatus,
}

impl ObligationRow {
    /// What the access rules need to know of the obligation's report, if one was started.
    pub fn report_scope(&self) -> Option<husk_domain::access::ReportScope<'_>> {
        self.state.map(|state| husk_domain::access::ReportScope {
            project: ProjectScope {
                region: &self.region,
                organisation_id: self.organisation_id,
            },
            state,
            ever_submitted: self.ever_submitted,
        })
    }
}

/// An indicator value from an approved report.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRow {
    pub report_id: i64,
    pub project_id: String,
    pub report_title: String,
    pub kind: ReportKind,
    pub year: i32,
    #[serde(flatten)]
    pub value: IndicatorValue,
}

/// One approved report in a programme's annual summary.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryEntry {
    pub report: ReportInfo,
    pub indicators: Vec<IndicatorValue>,
    pub goals: Vec<GoalAssessment>,
    /// (question, answer) for the template's learning fields that were answered.
    pub learning: Vec<(String, String)>,
    /// (label, answer) for the economy fields (amounts).
    pub economy: Vec<(String, String)>,
}

/// A programme's year compiled from its approved reports (and those of its entries).
#[derive(Debug, Clone, Serialize)]
pub struct AnnualSummary {
    pub programme_id: String,
    pub programme_title: String,
    pub region: String,
    pub year: i32,
    pub entries: Vec<SummaryEntry>,
    /// Reports of the year that are not approved yet (so the reader knows what is missing).
    pub pending: Vec<ReportInfo>,
}

fn parse_date(s: &str) -> Date {
    answers::parse_date(s).unwrap_or(Date::MIN)
}

/// Today's date (UTC).
/// Today's date in Norway, where the due dates are (a report due 31 August is due until
/// midnight Norwegian time, not UTC).
pub fn today() -> Date {
    oslo_date(time::OffsetDateTime::now_utc().unix_timestamp())
}

/// The date in Europe/Oslo at a moment (unix seconds).
pub fn oslo_date(unix_seconds: i64) -> Date {
    let utc = time::OffsetDateTime::from_unix_timestamp(unix_seconds)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let Ok(oslo) = jiff::tz::TimeZone::get("Europe/Oslo") else {
        return utc.date();
    };
    let Ok(ts) = jiff::Timestamp::from_second(unix_seconds) else {
        return utc.date();
    };
    let d = ts.to_zoned_datetime(oslo).date();
    time::Month::try_from(d.month() as u8)
        .ok()
        .and_then(|m| Date::from_calendar_date(d.year() as i32, m, d.day() as u8).ok())
        .unwrap_or(utc.date())
}

#[cfg(test)]
mod oslo_tests {
    use super::*;

    #[test]
    fn today_is_the_norwegian_date() {
        // 23:30 UTC on New Year's Eve is already the new year in Oslo (UTC+1)...
        let nye = time::macros::datetime!(2026-12-31 23:30 UTC).unix_timestamp();
        assert_eq!(oslo_date(nye), time::macros::date!(2027 - 01 - 01));
        // ...and 22:30 UTC on 31 August is past midnight in summer time (UTC+2).
        let aug = time::macros::datetime!(2026-08-31 22:30 UTC).unix_timestamp();
        assert_eq!(oslo_date(aug), time::macros::date!(2026 - 09 - 01));
        let before = time::macros::datetime!(2026-08-31 21:30 UTC).unix_timestamp();
        assert_eq!(oslo_date(before), time::macros::date!(2026 - 08 - 31));
    }
}

use sql::{ReportRow, TemplateRow};

fn info_from_row(r: ReportRow) -> ReportInfo {
    ReportInfo {
        id: r.id,
        project_id: r.project_id,
        project_title: r.project_title,
        project_kind: Kind::from_code(&r.project_kind).unwrap_or(Kind::Prosjekt),
        region: r.region,
        organisation_id: r.organisation_id,
        organisation: r.organisation,
        kind: ReportKind::from_code(&r.kind).unwrap_or(ReportKind::Annual),
        year: r.year as i32,
        period_start: parse_date(&r.period_start),
        period_end: parse_date(&r.period_end),
        due: parse_date(&r.due_date),
        state: ReportState::from_code(&r.state).unwrap_or(ReportState::Draft),
        template_version_id: r.template_version_id,
        revision: r.revision,
        draft_saved_at: r.draft_saved_at,
        draft_saved_by: r.draft_saved_by,
        document_id: r.document_id,
        versions: r.versions,
    }
}

fn template_from_row(r: TemplateRow) -> Result<StoredTemplate, StoreError> {
    let (id, template_id, code, version, definition, created_at, created_by, used_by) = r;
    let def: TemplateDef = serde_json::from_str(&definition)
        .map_err(|e| StoreError::NotFound(format!("en lesbar malversjon {id} ({e})")))?;
    Ok(StoredTemplate {
        id,
        template_id,
        code,
        version,
        def,
        created_at,
        created_by,
        used_by,
    })
}

fn parse_answers(json: &str) -> Answers {
    serde_json::from_str(json).unwrap_or_default()
}

fn answers_json(a: &Answers) -> String {
    serde_json::to_string(a).expect("answers serialise")
}

impl Store {
    // ------------------------------------------------------------------------------------
    // Templates
    // ------------------------------------------------------------------------------------

    /// Every template with its versions, newest version first.
    pub async fn templates(&self) -> Result<Vec<TemplateSummary>, StoreError> {
        let templates = sql::templates(&self.pool).await?;
        let mut out = Vec::new();
        for (id, code, in_use) in templates {
            let rows = sql::template_versions_of(&self.pool, id).await?;
            out.push(TemplateSummary {
                template_id: id,
                code,
                in_use: in_use != 0,
                versions: rows
                    .into_iter()
                    .map(template_from_row)
                    .collect::<Result<_, _>>()?,
            });
        }
        Ok(out)
    }

    pub async fn template_version(&self, id: i64) -> Result<Option<StoredTemplate>, StoreError> {
        sql::template_version(&self.pool, id)
            .await?
            .map(template_from_row)
            .transpose()
    }

    /// The newest version of the template new reports use.
    pub async fn current_template(&self) -> Result<StoredTemplate, StoreError> {
        sql::current_template(&self.pool)
            .await?
            .map(template_from_row)
            .transpose()?
            .ok_or_else(|| StoreError::NotFound("en rapporteringsmal i bruk".into()))
    }

    /// Saves an admin's edit of a template (as TOML). The newest version is changed in place
    /// only while no report uses it; otherwise the edit becomes a new version.
    pub async fn save_template(
        &self,
        template_id: i64,
        toml_text: &str,
    ) -> Result<SavedTemplate, TemplateSaveError> {
        let def = TemplateDef::from_toml(toml_text).map_err(TemplateSaveError::Invalid)?;
        let json = serde_json::to_string(&def).expect("a template serialises");
        let mut tx = self.begin_write().await?;
        let Some((version_id, version, used)) = sql::newest_version(&mut *tx, template_id).await?
        else {
            return Err(StoreError::NotFound(format!("mal {template_id}")).into());
        };
        let user_id = self.actor().and_then(|a| a.user_id);
        let saved = if used == 0 {
            sql::update_version(
                &mut *tx,
                version_id,
                &def.name,
                &json,
                user_id,
                &crate::now_text(),
            )
            .await?;
            SavedTemplate {
                version_id,
                version,
                new_version: false,
            }
        } else {
            let id = sql::insert_version(
                &mut *tx,
                template_id,
                version + 1,
                &def.name,
                &json,
                user_id,
            )
            .await?;
            SavedTemplate {
                version_id: id,
                version: version + 1,
                new_version: true,
            }
        };
        Self::commit_write(tx).await?;
        Ok(saved)
    }

    // ------------------------------------------------------------------------------------
    // Reports
    // ------------------------------------------------------------------------------------

    pub(crate) async fn report_info(&self, id: i64) -> Result<Option<ReportInfo>, StoreError> {
        Ok(sql::report(&self.pool, id).await?.map(info_from_row))
    }

    /// A report as `viewer` may see it (see [`StoredReport::visible_to`]); `None` when it does
    /// not exist or they may not read it.
    pub(crate) async fn report_for(
        &self,
        viewer: &husk_domain::Viewer,
        id: i64,
    ) -> Result<Option<StoredReport>, StoreError> {
        Ok(self
            .whole_report(id)
            .await?
            .and_then(|r| r.visible_to(viewer)))
    }

    /// A report with its template, draft and every version, unfiltered.
    pub(crate) async fn whole_report(&self, id: i64) -> Result<Option<StoredReport>, StoreError> {
        let Some(info) = self.report_info(id).await? else {
            return Ok(None);
        };
        let template = self
            .template_version(info.template_version_id)
            .await?
            .ok_or_else(|| {
                StoreError::NotFound(format!("malversjon {}", info.template_version_id))
            })?;
        let draft = sql::draft(&self.pool, id).await?;
        let versions = self.report_versions(id).await?;
        Ok(Some(StoredReport {
            info,
            template,
            draft: parse_answers(&draft),
            versions,
        }))
    }

    async fn report_versions(&self, report_id: i64) -> Result<Vec<ReportVersion>, StoreError> {
        let rows = sql::versions(&self.pool, report_id).await?;
        Ok(rows
            .into_iter()
            .map(
                |(
                    id,
                    number,
                    answers,
                    submitted_by,
                    submitted_at,
                    outcome,
                    reviewed_by,
                    reviewed_at,
                    review_comment,
                    field_comments,
                )| ReportVersion {
                    id,
                    number,
                    answers: parse_answers(&answers),
                    submitted_by,
                    submitted_at,
                    outcome,
                    reviewed_by,
                    reviewed_at,
                    review_comment,
                    field_comments: serde_json::from_str(&field_comments).unwrap_or_default(),
                },
            )
            .collect())
    }

    /// The reports on an entry, by due date.
    pub(crate) async fn reports_of_project(
        &self,
        project_id: &str,
    ) -> Result<Vec<ReportInfo>, StoreError> {
        let rows = sql::reports_of_project(&self.pool, project_id).await?;
        Ok(rows.into_iter().map(info_from_row).collect())
    }

    /// Published reports, newest first.
    pub(crate) async fn published_reports(&self) -> Result<Vec<ReportInfo>, StoreError> {
        let rows = sql::published(&self.pool).await?;
        Ok(rows.into_iter().map(info_from_row).collect())
    }

    /// The date from which reporting happens in Husk (obligations due earlier are not counted).
    pub async fn reporting_from(&self) -> Result<Date, StoreError> {
        let v = crate::sql::meta(&self.pool, "reporting_from").await?;
        Ok(v.and_then(|v| answers::parse_date(&v).ok())
            .unwrap_or_else(|| {
                Date::from_calendar_date(today().year(), time::Month::January, 1)
                    .expect("1 January")
            }))
    }

    /// Sets the date from which reporting happens in Husk.
    pub async fn set_reporting_from(&self, date: Date) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        crate::sql::set_meta(&mut *tx, "reporting_from", &iso_date(date)).await?;
        Self::commit_write(tx).await?;
        Ok(())
    }

    /// The obligations an entry has (as of `today`), each with its report if one was started.
    /// Reads only that entry and its reports (the project page asks this for every view).
    pub(crate) async fn obligations_of_project(
        &self,
        project_id: &str,
        today: Date,
    ) -> Result<Vec<ObligationRow>, StoreError> {
        self.obligations(Some(project_id), today).await
    }

    /// Every obligation of every entry as of `today`, with the reports started: the schedule's
    /// obligations from the date reporting started in Husk, plus any report already made.
    pub(crate) async fn all_obligations(
        &self,
        today: Date,
    ) -> Result<Vec<ObligationRow>, StoreError> {
        self.obligations(None, today).await
    }

    /// The obligations of one entry, or of all.
    async fn obligations(
        &self,
        only: Option<&str>,
        today: Date,
    ) -> Result<Vec<ObligationRow>, StoreError> {
        let from = self.reporting_from().await?;
        let projects = sql::obliged(&self.pool, only).await?;
        let reports = sql::reports_of(&self.pool, only).await?;
        let mut by_key: HashMap<(String, ReportKind, i32), ReportInfo> = reports
            .into_iter()
            .map(info_from_row)
            .map(|r| ((r.project_id.clone(), r.kind, r.year), r))
            .collect();
        let mut out = Vec::new();
        for (id, title, region, org_id, org, start, end, status) in projects {
            // A cancelled entry owes nothing more than it has started.
            let owed = if status == "avbrutt" {
                Vec::new()
            } else {
                schedule::obligations(start as i32, end.map(|e| e as i32), today, from)
            };
            for o in owed {
                let report = by_key.remove(&(id.clone(), o.kind, o.year));
                let state = report.as_ref().map(|r| r.state);
                let ever_submitted = report.as_ref().is_some_and(|r| r.versions > 0);
                out.push(ObligationRow {
                    project_id: id.clone(),
                    project_title: title.clone(),
                    region: region.clone(),
                    organisation_id: org_id,
                    organisation: org.clone(),
                    kind: o.kind,
                    year: o.year,
                    title: o.title(),
                    due: report.as_ref().map_or(o.due, |r| r.due),
                    report_id: report.map(|r| r.id),
                    state,
                    ever_submitted,
                    status: ObligationStatus::of(o.due, state, today),
                });
            }
        }
        for r in by_key.into_values() {
            out.push(ObligationRow {
                project_id: r.project_id.clone(),
                project_title: r.project_title.clone(),
                region: r.region.clone(),
                organisation_id: r.organisation_id,
                organisation: r.organisation.clone(),
                kind: r.kind,
                year: r.year,
                title: r.obligation().title(),
                due: r.due,
                report_id: Some(r.id),
                state: Some(r.state),
                ever_submitted: r.versions > 0,
                status: ObligationStatus::of(r.due, Some(r.state), today),
            });
        }
        out.sort_by(|a, b| {
            a.due
                .cmp(&b.due)
                .then(a.project_id.cmp(&b.project_id))
                .then(a.kind.cmp(&b.kind))
        });
        Ok(out)
    }

    /// Starts the report for one of an entry's obligations (or returns the one already started),
    /// on the newest version of the template in use.
    pub async fn start_report(
        &self,
        project_id: &str,
        kind: ReportKind,
        year: i32,
    ) -> Result<i64, SaveError> {
        let existing =
            sql::report_for_obligation(&self.pool, project_id, kind.code(), year).await?;
        if let Some(id) = existing {
            return Ok(id);
        }
        let Some((start, end)) = sql::project_years(&self.pool, project_id).await? else {
            return Err(StoreError::NotFound(format!("prosjekt «{project_id}»")).into());
        };
        let o = schedule::obligation_for(
            project_id,
            start as i32,
            end.map(|e| e as i32),
            kind,
            year,
            today(),
        )
        .map_err(SaveError::Invalid)?;
        let template = self.current_template().await?;
        let mut tx = self.begin_write().await?;
        let id = sql::insert_report(
            &mut *tx,
            &sql::NewReport {
                project_id,
                kind: kind.code(),
                year,
                period_start: iso_date(o.period_start),
                period_end: iso_date(o.period_end),
                due_date: iso_date(o.due),
                template_version_id: template.id,
            },
        )
        .await?;
        Self::commit_write(tx).await?;
        Ok(id)
    }

    /// The stored draft, if the report may be changed and nobody saved it since
    /// `expected_revision`.
    async fn conflict_or_not_editable(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        report_id: i64,
        expected_revision: i64,
    ) -> Result<Answers, DraftError> {
        let row = sql::draft_state(&mut **tx, report_id).await?;
        let Some((state, revision, draft, saved_at, saved_by)) = row else {
            return Err(StoreError::NotFound(format!("rapport {report_id}")).into());
        };
        let state = ReportState::from_code(&state).unwrap_or(ReportState::Draft);
        if !state.is_editable() {
            return Err(DraftError::NotEditable(format!(
                "Rapporten har status «{}» og kan ikke endres. Bare et utkast eller en returnert rapport kan endres.",
                state.label().to_lowercase()
            )));
        }
        if revision != expected_revision {
            return Err(DraftError::Conflict {
                current: Box::new(parse_answers(&draft)),
                revision,
                saved_by: saved_by.unwrap_or_else(|| "en annen bruker".into()),
                saved_at: saved_at.unwrap_or_default(),
            });
        }
        Ok(parse_answers(&draft))
    }

    /// Saves the draft if nobody saved it since the user loaded `expected_revision`; returns the
    /// new revision and any malformed values (a draft is saved even with them). Nothing is
    /// overwritten silently: on a conflict nothing is saved and the other version is returned.
    pub async fn save_draft(
        &self,
        report_id: i64,
        answers: &Answers,
        expected_revision: i64,
    ) -> Result<(i64, FieldErrors), DraftError> {
        let def = self.report_template(report_id).await?;
        let too_long = answers::check_limits(&def, answers);
        if !too_long.is_empty() {
            return Err(DraftError::TooLong(too_long));
        }
        let mut tx = self.begin_write().await?;
        let stored = self
            .conflict_or_not_editable(&mut tx, report_id, expected_revision)
            .await?;
        if stored == *answers {
            // Nothing changed (an autosave after a pause, «Lagre utkast» twice): no write, so
            // no revision and no entry in the audit log.
            tx.rollback().await?;
            return Ok((expected_revision, answers::validate(&def, answers, false)));
        }
        let revision = expected_revision + 1;
        sql::save_draft(
            &mut *tx,
            report_id,
            &answers_json(answers),
            revision,
            self.actor().and_then(|a| a.user_id),
            &crate::now_text(),
        )
        .await?;
        Self::commit_write(tx).await?;
        Ok((revision, answers::validate(&def, answers, false)))
    }

    async fn report_template(&self, report_id: i64) -> Result<TemplateDef, StoreError> {
        let info = self
            .report_info(report_id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("rapport {report_id}")))?;
        Ok(self
            .template_version(info.template_version_id)
            .await?
            .ok_or_else(|| {
                StoreError::NotFound(format!("malversjon {}", info.template_version_id))
            })?
            .def)
    }

    /// Submits the report with these answers (saving them as the draft too): checks every
    /// field, and on success writes an immutable version and moves the report on. On any
    /// problem nothing is saved but the draft, and every problem is returned.
    pub async fn submit_report(
        &self,
        report_id: i64,
        answers: &Answers,
        expected_revision: i64,
    ) -> Result<ReportState, DraftError> {
        self.submit(report_id, answers, expected_revision, true)
            .await
    }

    /// [`Store::submit_report`] without proposing adoptions from the answers: the demo's
    /// example reports are not sources, and the demo holds only the paths the seeds state.
    pub(crate) async fn submit_demo_report(
        &self,
        report_id: i64,
        answers: &Answers,
        expected_revision: i64,
    ) -> Result<ReportState, DraftError> {
        self.submit(report_id, answers, expected_revision, false)
            .await
    }

    async fn submit(
        &self,
        report_id: i64,
        answers: &Answers,
        expected_revision: i64,
        propose: bool,
    ) -> Result<ReportState, DraftError> {
        let def = self.report_template(report_id).await?;
        let too_long = answers::check_limits(&def, answers);
        if !too_long.is_empty() {
            return Err(DraftError::TooLong(too_long));
        }
        let errors = answers::validate(&def, answers, true);
        if !errors.is_empty() {
            // Keep what was typed: save it as the draft, then report the problems.
            self.save_draft(report_id, answers, expected_revision)
                .await?;
            return Err(DraftError::Invalid(errors));
        }
        let mut tx = self.begin_write().await?;
        self.conflict_or_not_editable(&mut tx, report_id, expected_revision)
            .await?;
        let state = sql::state(&mut *tx, report_id).await?.unwrap_or_default();
        let state = ReportState::from_code(&state).unwrap_or(ReportState::Draft);
        let next = state
            .after(ReportAction::Submit)
            .map_err(DraftError::NotEditable)?;
        let json = answers_json(answers);
        let number = sql::next_version_number(&mut *tx, report_id).await?;
        let user_id = self.actor().and_then(|a| a.user_id);
        sql::insert_version_of_report(&mut *tx, report_id, number, &json, user_id).await?;
        sql::mark_submitted(
            &mut *tx,
            report_id,
            next.code(),
            &json,
            user_id,
            &crate::now_text(),
        )
        .await?;
        Self::commit_write(tx).await?;
        // Reporting feeds innovation: methods the answers name as taken from elsewhere are
        // proposed as adoptions. The report is in; a failure here is logged, not the
        // submitter's problem.
        if !propose {
            return Ok(next);
        }
        if let Some(info) = self.report_info(report_id).await? {
            if let Err(e) = self
                .propose_adoptions_from_report(&info, &def, answers)
                .await
            {
                tracing::warn!(report_id, error = %e, "could not propose adoptions from a report");
            }
        }
        Ok(next)
    }

    /// The adviser returns (with comments: a general one and/or per field) or approves the
    /// submitted version. Approval stores the indicators as data and adds the report to the
    /// knowledge base (internal until published).
    pub async fn review_report(
        &self,
        report_id: i64,
        action: ReportAction,
        comment: &str,
        field_comments: &BTreeMap<String, String>,
    ) -> Result<ReportState, ReviewError> {
        let problem = |p: ReviewProblem| match p {
            ReviewProblem::NotAReview(m) => ReviewError::NotAllowed(m),
            ReviewProblem::Invalid(e) => ReviewError::Invalid(e),
        };
        review::check_action(action).map_err(problem)?;
        let def = self.report_template(report_id).await?;
        let comments =
            review::check_review(&def, action, comment, field_comments).map_err(problem)?;
        let mut tx = self.begin_write().await?;
        let state = sql::state(&mut *tx, report_id).await?;
        let Some(state) = state.and_then(|s| ReportState::from_code(&s)) else {
            return Err(StoreError::NotFound(format!("rapport {report_id}")).into());
        };
        let next = state.after(action).map_err(ReviewError::NotAllowed)?;
        let (version_id, answers) = sql::newest_report_version(&mut *tx, report_id).await?;
        let now = crate::now_text();
        sql::review_version(
            &mut *tx,
            version_id,
            &sql::Review {
                outcome: if action == ReportAction::Return {
                    "returnert"
                } else {
                    "godkjent"
                },
                reviewed_by: self.actor().and_then(|a| a.user_id),
                comment: &comments.comment,
                field_comments: &serde_json::to_string(&comments.fields)
                    .expect("comments serialise"),
            },
            &now,
        )
        .await?;
        sql::set_state(&mut *tx, report_id, next.code(), &now).await?;
        if action == ReportAction::Approve {
            let answers = parse_answers(&answers);
            for (i, v) in answers::indicators(&def, &answers).iter().enumerate() {
                sql::insert_indicator(
                    &mut *tx,
                    &sql::IndicatorColumns {
                        report_id,
                        version_id,
                        position: i as i64,
                        name: &v.name,
                        unit: &v.unit,
                        baseline: v.baseline,
                        target: v.target,
                        actual: v.actual,
                        comment: &v.comment,
                    },
                )
                .await?;
            }
        }
        Self::commit_write(tx).await?;
        if action == ReportAction::Approve {
            if let Err(e) = self.add_report_to_knowledge_base(report_id).await {
                // The approval stands; the document is made again at the next start.
                tracing::error!(
                    "rapport {report_id} ble godkjent, men kunne ikke legges i kunnskapsbasen: {e}"
                );
            }
        }
        Ok(next)
    }

    /// Publishes an approved report: it and its knowledge-base document become public.
    pub async fn publish_report(&self, report_id: i64) -> Result<ReportState, ReviewError> {
        let mut tx = self.begin_write().await?;
        let Some((state, document_id)) = sql::state_and_document(&mut *tx, report_id).await? else {
            return Err(StoreError::NotFound(format!("rapport {report_id}")).into());
        };
        let state = ReportState::from_code(&state).unwrap_or(ReportState::Draft);
        let next = state
            .after(ReportAction::Publish)
            .map_err(ReviewError::NotAllowed)?;
        sql::set_state(&mut *tx, report_id, next.code(), &crate::now_text()).await?;
        if let Some(doc) = document_id {
            crate::knowledge::sql::make_public(&mut *tx, doc).await?;
        }
        Self::commit_write(tx).await?;
        if let Some(doc) = document_id {
            self.reindex_document(doc).await.map_err(|e| match e {
                IngestError::Store(e) => e,
                other => StoreError::NotFound(format!("søkeindeksen ({other})")),
            })?;
        }
        Ok(next)
    }

    /// Makes the knowledge-base document of an approved report (its Markdown, one passage per
    /// answer), linked to the entry, its recipient, themes and target groups.
    async fn add_report_to_knowledge_base(&self, report_id: i64) -> Result<(), IngestError> {
        let Some(report) = self.whole_report(report_id).await? else {
            return Ok(());
        };
        let Some(version) = report.versions.last() else {
            return Ok(());
        };
        if report.info.document_id.is_some() || !report.info.state.is_approved() {
            return Ok(());
        }
        let project = self.project(&report.info.project_id).await?;
        let title = report.info.title();
        // The document becomes public with the report: the summary only with consent.
        let shown = answers::without_unconsented_summary(&report.template.def, &version.answers);
        let markdown = answers::to_markdown(&report.template.def, &title, &shown);
        let dir = self.data_dir.join(".report-documents");
        std::fs::create_dir_all(&dir).map_err(IngestError::File)?;
        let file_name = format!(
            "{}-{}-{}.md",
            report.info.kind.code(),
            report.info.year,
            report.info.project_id
        );
        let path = dir.join(format!("{}-{}", sha256_hex(&markdown), &file_name));
        std::fs::write(&path, &markdown).map_err(IngestError::File)?;
        let input = DocumentInput {
            title: title.clone(),
            authors: report.info.organisation.clone().unwrap_or_default(),
            publisher: String::new(),
            year: report.info.year.to_string(),
            doc_type: report.info.kind.document_type().code().to_string(),
            region: report.info.region.clone(),
            public: report.info.state == ReportState::Published,
            projects: vec![report.info.project_id.clone()],
            organisations: report.info.organisation.iter().cloned().collect(),
            themes: project
                .as_ref()
                .map(|p| p.project.themes.clone())
                .unwrap_or_default(),
            target_groups: project
                .as_ref()
                .map(|p| p.project.target_groups.clone())
                .unwrap_or_default(),
            type_required: false,
        };
        let result = self.ingest(&path, &file_name, &input).await;
        std::fs::remove_file(&path).ok();
        let ingested = result?;
        let mut tx = self.begin_write().await?;
        sql::set_document(&mut *tx, report_id, ingested.id).await?;
        Self::commit_write(tx).await?;
        Ok(())
    }

    /// Makes the knowledge-base documents of approved reports that lack one (after a failure).
    pub async fn ensure_report_documents(&self) -> Result<usize, IngestError> {
        let ids = sql::approved_without_document(&self.pool).await?;
        for id in &ids {
            self.add_report_to_knowledge_base(*id).await?;
        }
        Ok(ids.len())
    }

    /// Indicator values from an entry's approved reports, by period.
    pub(crate) async fn indicators_of_project(
        &self,
        project_id: &str,
    ) -> Result<Vec<IndicatorRow>, StoreError> {
        let rows = sql::indicators_of_project(&self.pool, project_id).await?;
        Ok(rows
            .into_iter()
            .map(
                |(report_id, kind, year, name, unit, baseline, target, actual, comment)| {
                    let kind = ReportKind::from_code(&kind).unwrap_or(ReportKind::Annual);
                    IndicatorRow {
                        report_id,
                        project_id: project_id.to_string(),
                        report_title: format!("{} {year}", kind.label()),
                        kind,
                        year: year as i32,
                        value: IndicatorValue {
                            name,
                            unit,
                            baseline,
                            target,
                            actual,
                            comment,
                        },
                    }
                },
            )
            .collect())
    }

    /// The years in which the programme or an entry under it has an approved (or published)
    /// report: the years its annual summary has something to compile.
    pub(crate) async fn summary_years_with_data(
        &self,
        programme_id: &str,
    ) -> Result<Vec<i32>, StoreError> {
        Ok(sql::years_with_approved(&self.pool, programme_id).await?)
    }

    /// A programme's year as `viewer` may see it: every approved report for `year` on the
    /// programme and on the entries under it, with indicators, goal attainment, learning
    /// answers and economy, and the reports not approved yet. Each report is asked the same
    /// access rule as when it is read on its own (see [`StoredReport::visible_to`]).
    pub(crate) async fn annual_summary(
        &self,
        viewer: &husk_domain::Viewer,
        programme_id: &str,
        year: i32,
    ) -> Result<Option<AnnualSummary>, StoreError> {
        let Some(programme) = self.project(programme_id).await? else {
            return Ok(None);
        };
        let rows = sql::reports_of_programme_year(&self.pool, programme_id, year).await?;
        let mut entries = Vec::new();
        let mut pending = Vec::new();
        for info in rows.into_iter().map(info_from_row) {
            if !viewer.may_read_report(info.report_scope()) {
                continue;
            }
            if !info.state.is_approved() {
                pending.push(info);
                continue;
            }
            let Some(report) = self.report_for(viewer, info.id).await? else {
                continue;
            };
            let Some(version) = report
                .versions
                .iter()
                .rev()
                .find(|v| v.outcome.as_deref() == Some("godkjent"))
            else {
                continue;
            };
            let def = &report.template.def;
            let a = &version.answers;
            let learning = def
                .fields()
                .filter(|(_, f)| f.learning)
                .map(|(_, f)| (f.label.clone(), answers::display(f, a.get(&f.key))))
                .filter(|(_, t)| !t.is_empty())
                .collect();
            let economy = def
                .fields()
                .filter(|(_, f)| f.kind == husk_domain::reporting::FieldKind::Nok)
                .map(|(_, f)| (f.label.clone(), answers::display(f, a.get(&f.key))))
                .filter(|(_, t)| !t.is_empty())
                .collect();
            entries.push(SummaryEntry {
                indicators: answers::indicators(def, a),
                goals: answers::goals(def, a),
                learning,
                economy,
                report: report.info,
            });
        }
        Ok(Some(AnnualSummary {
            programme_id: programme_id.to_string(),
            programme_title: programme.project.title.clone(),
            region: programme.project.region.clone(),
            year,
            entries,
            pending,
        }))
    }

    /// The knowledge themes and target groups each entry's approved (or published) reports
    /// were tagged with, by entry: the union over the latest approved version of each report.
    /// Entries whose reports tagged nothing are left out.
    pub(crate) async fn reported_tags(&self) -> Result<Arc<ReportedTagsByEntry>, StoreError> {
        let version = self.audit_version(&REPORTED_TAG_TABLES).await?;
        self.reported_tags_at(version).await
    }

    /// The register's facts and the themes and target groups its approved reports tagged
    /// ([`Store::register_facts`] and [`Store::reported_tags`]), with one look at whether
    /// either changed: what the knowledge matrix is computed from.
    pub(crate) async fn facts_and_reported_tags(
        &self,
    ) -> Result<(Arc<Vec<ProjectFacts>>, Arc<ReportedTagsByEntry>), StoreError> {
        let (facts, reported) = self
            .audit_versions(&crate::portfolio::FACT_TABLES, &REPORTED_TAG_TABLES)
            .await?;
        Ok((
            self.register_facts_at(facts).await?,
            self.reported_tags_at(reported).await?,
        ))
    }

    /// [`Store::reported_tags`] when the reporting tables' version is known.
    async fn reported_tags_at(&self, version: i64) -> Result<Arc<ReportedTagsByEntry>, StoreError> {
        if let Some((v, tags)) = self.reported.read().unwrap().as_ref() {
            if *v == version {
                return Ok(tags.clone());
            }
        }
        let tags = Arc::new(self.read_reported_tags().await?);
        *self.reported.write().unwrap() = Some((version, tags.clone()));
        Ok(tags)
    }

    /// [`Store::reported_tags`] read from the database.
    async fn read_reported_tags(&self) -> Result<ReportedTagsByEntry, StoreError> {
        let rows = sql::latest_approved_answers(&self.pool).await?;
        let mut templates: HashMap<i64, TemplateDef> = HashMap::new();
        let mut out: BTreeMap<String, ReportedTags> = BTreeMap::new();
        for (project_id, template_id, json) in rows {
            if let std::collections::hash_map::Entry::Vacant(slot) = templates.entry(template_id) {
                let Some(t) = self.template_version(template_id).await? else {
                    continue;
                };
                slot.insert(t.def);
            }
            let def = &templates[&template_id];
            let a = parse_answers(&json);
            let themes = answers::tagged(def, &a, FieldRole::Themes);
            let groups = answers::tagged(def, &a, FieldRole::TargetGroups);
            if themes.is_empty() && groups.is_empty() {
                continue;
            }
            let entry = out.entry(project_id).or_default();
            for t in themes {
                if !entry.themes.contains(&t) {
                    entry.themes.push(t);
                }
            }
            for g in groups {
                if !entry.target_groups.contains(&g) {
                    entry.target_groups.push(g);
                }
            }
        }
        Ok(out)
    }

    /// The public summaries of published reports whose recipients consented to publishing
    /// them, by report id.
    pub(crate) async fn published_summaries(&self) -> Result<HashMap<i64, String>, StoreError> {
        let mut out = HashMap::new();
        for info in self.published_reports().await? {
            let Some(report) = self.whole_report(info.id).await? else {
                continue;
            };
            let approved = report
                .versions
                .iter()
                .rev()
                .find(|v| v.outcome.as_deref() == Some("godkjent"));
            if let Some(summary) =
                approved.and_then(|v| answers::public_summary(&report.template.def, &v.answers))
            {
                out.insert(info.id, summary);
            }
        }
        Ok(out)
    }

    /// The dialogue meeting booked on a report, if any (all of it: callers show it as
    /// [`husk_domain::reporting::DialogueMeeting::visible_to`] allows).
    pub(crate) async fn dialogue_meeting(
        &self,
        report_id: i64,
    ) -> Result<Option<StoredDialogueMeeting>, StoreError> {
        let row = sql::dialogue_meeting(&self.pool, report_id).await?;
        Ok(row.map(
            |(date, attendees, notes, updated_by, updated_at)| StoredDialogueMeeting {
                meeting: husk_domain::reporting::DialogueMeeting {
                    date: parse_date(&date),
                    attendees,
                    notes,
                },
                updated_by,
                updated_at,
            },
        ))
    }

    /// Books (or changes) the dialogue meeting on a report and records who attended and notes.
    /// Every problem with the input is returned at once; nothing is saved then.
    pub async fn save_dialogue_meeting(
        &self,
        report_id: i64,
        input: &husk_domain::reporting::DialogueMeetingInput,
    ) -> Result<(), SaveError> {
        let m = input.validate().map_err(SaveError::Invalid)?;
        if self.report_info(report_id).await?.is_none() {
            return Err(StoreError::NotFound(format!("rapport {report_id}")).into());
        }
        let mut tx = self.begin_write().await?;
        sql::save_dialogue_meeting(
            &mut *tx,
            report_id,
            &iso_date(m.date),
            &m.attendees,
            &m.notes,
            self.actor().and_then(|a| a.user_id),
            &crate::now_text(),
        )
        .await?;
        Self::commit_write(tx).await?;
        Ok(())
    }

    /// Records that a reminder was sent; false if it had been sent already.
    pub async fn mark_reminder_sent(
        &self,
        o: &ObligationRow,
        user_id: i64,
    ) -> Result<bool, StoreError> {
        let n = sql::insert_reminder(&self.pool, &reminder_key(o, user_id)).await?;
        Ok(n == 1)
    }

    /// Whether a reminder for this obligation, user and status was sent.
    pub async fn reminder_was_sent(
        &self,
        o: &ObligationRow,
        user_id: i64,
    ) -> Result<bool, StoreError> {
        let n = sql::reminder_count(&self.pool, &reminder_key(o, user_id)).await?;
        Ok(n > 0)
    }
}

fn reminder_key(o: &ObligationRow, user_id: i64) -> sql::ReminderKey<'_> {
    sql::ReminderKey {
        project_id: &o.project_id,
        kind: o.kind.code(),
        year: o.year,
        user_id,
        status: o.status.code(),
    }
}

/// The summary as the annual summary workbook shows it
/// ([`husk_files::annual_summary::annual_summary_xlsx`]).
impl<'a> From<&'a AnnualSummary> for SummaryBook<'a> {
    fn from(s: &'a AnnualSummary) -> Self {
        SummaryBook {
            reports: s
                .entries
                .iter()
                .map(|e| SummaryReport {
                    entry: &e.report.project_title,
                    report: e.report.obligation().title(),
                    indicators: &e.indicators,
                    goals: &e.goals,
                    learning: &e.learning,
                    economy: &e.economy,
                })
                .collect(),
        }
    }
}

/// A reminder to send: an obligation that needs the recipient, and a user of that recipient
/// with an e-mail address who has not been reminded of it in this status.
#[derive(Debug, Clone)]
pub struct Reminder {
    pub obligation: ObligationRow,
    pub user: crate::accounts::User,
}

impl Store {
    /// The reminders due as of `today`: for every obligation that is overdue, returned or due
    /// within a month, each active user of the recipient with an e-mail address, unless that
    /// user was already reminded of it in the same status.
    pub async fn pending_reminders(&self, today: Date) -> Result<Vec<Reminder>, StoreError> {
        let mut out = Vec::new();
        for o in self.all_obligations(today).await? {
            if !o.status.needs_recipient() {
                continue;
            }
            let Some(org) = o.organisation_id else {
                continue;
            };
            for user in self.users_of_organisation(org).await? {
                if user.email.trim().is_empty() || self.reminder_was_sent(&o, user.id).await? {
                    continue;
                }
                out.push(Reminder {
                    obligation: o.clone(),
                    user,
                });
            }
        }
        Ok(out)
    }
}

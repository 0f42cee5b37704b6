//! Reporting's queries: templates and their versions, reports with their drafts, versions and
//! reviews, indicators, dialogue meetings and sent reminders. Each takes an executor and plain
//! values; the steps in `mod.rs` decide what happens, in which order, and in which transaction.

use sqlx::{Any, Executor};

/// A report with its entry, as listed.
#[derive(sqlx::FromRow)]
pub(super) struct ReportRow {
    pub id: i64,
    pub project_id: String,
    pub project_title: String,
    pub project_kind: String,
    pub region: String,
    pub organisation_id: Option<i64>,
    pub organisation: Option<String>,
    pub kind: String,
    pub year: i64,
    pub period_start: String,
    pub period_end: String,
    pub due_date: String,
    pub state: String,
    pub template_version_id: i64,
    pub revision: i64,
    pub draft_saved_at: Option<String>,
    pub draft_saved_by: Option<String>,
    pub document_id: Option<i64>,
    pub versions: i64,
}

const REPORT_SELECT: &str = "SELECT r.id, r.project_id, p.title AS project_title, p.kind AS project_kind, p.region,
    p.organisation_id, o.name AS organisation, r.kind, r.year, r.period_start, r.period_end, r.due_date, r.state,
    r.template_version_id, r.revision, r.draft_saved_at, COALESCE(NULLIF(u.name, ''), u.username) AS draft_saved_by, r.document_id,
    (SELECT COUNT(*) FROM report_versions v WHERE v.report_id = r.id) AS versions
    FROM reports r JOIN projects p ON p.id = r.project_id
    LEFT JOIN organisations o ON o.id = p.organisation_id
    LEFT JOIN users u ON u.id = r.draft_saved_by";

/// A template version's row: id, template, template code, version, definition (JSON), when
/// and by whom it was made, and how many reports use it.
pub(super) type TemplateRow = (i64, i64, String, i64, String, String, Option<String>, i64);

const TEMPLATE_SELECT: &str =
    "SELECT v.id, v.template_id, t.code, v.version, v.definition, v.created_at, COALESCE(NULLIF(u.name, ''), u.username),
    (SELECT COUNT(*) FROM reports r WHERE r.template_version_id = v.id)
    FROM template_versions v JOIN report_templates t ON t.id = v.template_id
    LEFT JOIN users u ON u.id = v.created_by";

// ----------------------------------------------------------------------------------------
// Templates
// ----------------------------------------------------------------------------------------

/// (id, code, in use) of every template, by id.
pub(super) async fn templates<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT id, code, in_use FROM report_templates ORDER BY id")
        .fetch_all(ex)
        .await
}

/// A template's versions, newest first.
pub(super) async fn template_versions_of<'e>(
    ex: impl Executor<'e, Database = Any>,
    template_id: i64,
) -> Result<Vec<TemplateRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{TEMPLATE_SELECT} WHERE v.template_id = $1 ORDER BY v.version DESC"
    ))
    .bind(template_id)
    .fetch_all(ex)
    .await
}

/// One template version.
pub(super) async fn template_version<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<TemplateRow>, sqlx::Error> {
    sqlx::query_as(&format!("{TEMPLATE_SELECT} WHERE v.id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// The newest version of the template in use.
pub(super) async fn current_template<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Option<TemplateRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{TEMPLATE_SELECT} WHERE t.in_use = 1 ORDER BY v.version DESC LIMIT 1"
    ))
    .fetch_optional(ex)
    .await
}

/// (id, version, reports using it) of a template's newest version.
pub(super) async fn newest_version<'e>(
    ex: impl Executor<'e, Database = Any>,
    template_id: i64,
) -> Result<Option<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT v.id, v.version, (SELECT COUNT(*) FROM reports r WHERE r.template_version_id = v.id)
         FROM template_versions v WHERE v.template_id = $1 ORDER BY v.version DESC LIMIT 1",
    )
    .bind(template_id)
    .fetch_optional(ex)
    .await
}

/// Changes a template version in place (only while no report uses it).
pub(super) async fn update_version<'e>(
    ex: impl Executor<'e, Database = Any>,
    version_id: i64,
    name: &str,
    definition: &str,
    created_by: Option<i64>,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE template_versions SET name = $1, definition = $2, created_by = $3, created_at = $5 WHERE id = $4",
    )
    .bind(name)
    .bind(definition)
    .bind(created_by)
    .bind(version_id)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// Adds a version of a template; gives its id.
pub(super) async fn insert_version<'e>(
    ex: impl Executor<'e, Database = Any>,
    template_id: i64,
    version: i64,
    name: &str,
    definition: &str,
    created_by: Option<i64>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO template_versions (template_id, version, name, definition, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(template_id)
    .bind(version)
    .bind(name)
    .bind(definition)
    .bind(created_by)
    .fetch_one(ex)
    .await
}

// ----------------------------------------------------------------------------------------
// Reports
// ----------------------------------------------------------------------------------------

/// One report.
pub(super) async fn report<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<ReportRow>, sqlx::Error> {
    sqlx::query_as(&format!("{REPORT_SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// An entry's reports, by due date and kind.
pub(super) async fn reports_of_project<'e>(
    ex: impl Executor<'e, Database = Any>,
    project_id: &str,
) -> Result<Vec<ReportRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{REPORT_SELECT} WHERE r.project_id = $1 ORDER BY r.due_date, r.kind"
    ))
    .bind(project_id)
    .fetch_all(ex)
    .await
}

/// An entry's reports, or every report (unordered).
pub(super) async fn reports_of<'e>(
    ex: impl Executor<'e, Database = Any>,
    project_id: Option<&str>,
) -> Result<Vec<ReportRow>, sqlx::Error> {
    match project_id {
        Some(id) => {
            sqlx::query_as(&format!("{REPORT_SELECT} WHERE r.project_id = $1"))
                .bind(id)
                .fetch_all(ex)
                .await
        }
        None => sqlx::query_as(REPORT_SELECT).fetch_all(ex).await,
    }
}

/// Published reports, newest first.
pub(super) async fn published<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<ReportRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{REPORT_SELECT} WHERE r.state = 'publisert' ORDER BY r.year DESC, r.id DESC"
    ))
    .fetch_all(ex)
    .await
}

/// The reports of `year` on a programme and on the entries directly under it, by entry title
/// and due date.
pub(super) async fn reports_of_programme_year<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme_id: &str,
    year: i32,
) -> Result<Vec<ReportRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{REPORT_SELECT} WHERE r.year = $1 AND (r.project_id = $2 OR p.parent_id = $3) ORDER BY p.title, r.due_date"
    ))
    .bind(year)
    .bind(programme_id)
    .bind(programme_id)
    .fetch_all(ex)
    .await
}

/// A report's draft (JSON).
pub(super) async fn draft<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT draft FROM reports WHERE id = $1")
        .bind(id)
        .fetch_one(ex)
        .await
}

/// A report's draft with its state: state, revision, draft, when and by whom (full name) it
/// was saved.
pub(super) type DraftRow = (String, i64, String, Option<String>, Option<String>);

pub(super) async fn draft_state<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<DraftRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.state, r.revision, r.draft, r.draft_saved_at, u.name FROM reports r LEFT JOIN users u ON u.id = r.draft_saved_by WHERE r.id = $1",
    )
    .bind(id)
    .fetch_optional(ex)
    .await
}

/// A report's state code.
pub(super) async fn state<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT state FROM reports WHERE id = $1")
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// A report's state code and its knowledge-base document.
pub(super) async fn state_and_document<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<(String, Option<i64>)>, sqlx::Error> {
    sqlx::query_as("SELECT state, document_id FROM reports WHERE id = $1")
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// The report already started for an obligation.
pub(super) async fn report_for_obligation<'e>(
    ex: impl Executor<'e, Database = Any>,
    project_id: &str,
    kind: &str,
    year: i32,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM reports WHERE project_id = $1 AND kind = $2 AND year = $3")
        .bind(project_id)
        .bind(kind)
        .bind(year)
        .fetch_optional(ex)
        .await
}

/// An entry's first and last year.
pub(super) async fn project_years<'e>(
    ex: impl Executor<'e, Database = Any>,
    project_id: &str,
) -> Result<Option<(i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as("SELECT start_year, end_year FROM projects WHERE id = $1")
        .bind(project_id)
        .fetch_optional(ex)
        .await
}

/// A new report's columns (dates as ISO text).
pub(super) struct NewReport<'a> {
    pub project_id: &'a str,
    pub kind: &'a str,
    pub year: i32,
    pub period_start: String,
    pub period_end: String,
    pub due_date: String,
    pub template_version_id: i64,
}

/// Adds a report; gives its id.
pub(super) async fn insert_report<'e>(
    ex: impl Executor<'e, Database = Any>,
    r: &NewReport<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO reports (project_id, kind, year, period_start, period_end, due_date, template_version_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(r.project_id)
    .bind(r.kind)
    .bind(r.year)
    .bind(&r.period_start)
    .bind(&r.period_end)
    .bind(&r.due_date)
    .bind(r.template_version_id)
    .fetch_one(ex)
    .await
}

/// Saves a report's draft as `revision`.
pub(super) async fn save_draft<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
    draft: &str,
    revision: i64,
    saved_by: Option<i64>,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE reports SET draft = $1, revision = $2, draft_saved_at = $5, draft_saved_by = $3, updated_at = $5 WHERE id = $4",
    )
    .bind(draft)
    .bind(revision)
    .bind(saved_by)
    .bind(id)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// The number the next submitted version of a report gets.
pub(super) async fn next_version_number<'e>(
    ex: impl Executor<'e, Database = Any>,
    report_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM report_versions WHERE report_id = $1",
    )
    .bind(report_id)
    .fetch_one(ex)
    .await
}

/// Adds a submitted version of a report.
pub(super) async fn insert_version_of_report<'e>(
    ex: impl Executor<'e, Database = Any>,
    report_id: i64,
    number: i64,
    answers: &str,
    submitted_by: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO report_versions (report_id, number, answers, submitted_by) VALUES ($1, $2, $3, $4)",
    )
    .bind(report_id)
    .bind(number)
    .bind(answers)
    .bind(submitted_by)
    .execute(ex)
    .await?;
    Ok(())
}

/// Moves a submitted report on, with the submitted answers as its draft.
pub(super) async fn mark_submitted<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
    state: &str,
    draft: &str,
    saved_by: Option<i64>,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE reports SET state = $1, draft = $2, revision = revision + 1, draft_saved_at = $5, draft_saved_by = $3, updated_at = $5 WHERE id = $4",
    )
    .bind(state)
    .bind(draft)
    .bind(saved_by)
    .bind(id)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// (id, answers) of a report's newest version.
pub(super) async fn newest_report_version<'e>(
    ex: impl Executor<'e, Database = Any>,
    report_id: i64,
) -> Result<(i64, String), sqlx::Error> {
    sqlx::query_as(
        "SELECT id, answers FROM report_versions WHERE report_id = $1 ORDER BY number DESC LIMIT 1",
    )
    .bind(report_id)
    .fetch_one(ex)
    .await
}

/// A review's columns.
pub(super) struct Review<'a> {
    /// `returnert` or `godkjent`.
    pub outcome: &'a str,
    pub reviewed_by: Option<i64>,
    pub comment: &'a str,
    /// JSON object of field comments.
    pub field_comments: &'a str,
}

/// Records the review of a version.
pub(super) async fn review_version<'e>(
    ex: impl Executor<'e, Database = Any>,
    version_id: i64,
    r: &Review<'_>,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE report_versions SET outcome = $1, reviewed_by = $2, reviewed_at = $6, review_comment = $3, field_comments = $4 WHERE id = $5",
    )
    .bind(r.outcome)
    .bind(r.reviewed_by)
    .bind(r.comment)
    .bind(r.field_comments)
    .bind(version_id)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// Sets a report's state.
pub(super) async fn set_state<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
    state: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE reports SET state = $1, updated_at = $3 WHERE id = $2")
        .bind(state)
        .bind(id)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

/// An indicator value's columns.
pub(super) struct IndicatorColumns<'a> {
    pub report_id: i64,
    pub version_id: i64,
    pub position: i64,
    pub name: &'a str,
    pub unit: &'a str,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    pub comment: &'a str,
}

pub(super) async fn insert_indicator<'e>(
    ex: impl Executor<'e, Database = Any>,
    i: &IndicatorColumns<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO report_indicators (report_id, version_id, position, name, unit, baseline, target, actual, comment) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(i.report_id)
    .bind(i.version_id)
    .bind(i.position)
    .bind(i.name)
    .bind(i.unit)
    .bind(i.baseline)
    .bind(i.target)
    .bind(i.actual)
    .bind(i.comment)
    .execute(ex)
    .await?;
    Ok(())
}

/// Ties a report to its knowledge-base document.
pub(super) async fn set_document<'e>(
    ex: impl Executor<'e, Database = Any>,
    report_id: i64,
    document_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE reports SET document_id = $1 WHERE id = $2")
        .bind(document_id)
        .bind(report_id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Approved (or published) reports without their knowledge-base document.
pub(super) async fn approved_without_document<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM reports WHERE state IN ('godkjent', 'publisert') AND document_id IS NULL",
    )
    .fetch_all(ex)
    .await
}

/// A submitted version's row: id, number, answers, who submitted it and when, the outcome,
/// who reviewed it and when, the comment and the field comments (JSON).
pub(super) type VersionRow = (
    i64,
    i64,
    String,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
);

/// A report's submitted versions, oldest first.
pub(super) async fn versions<'e>(
    ex: impl Executor<'e, Database = Any>,
    report_id: i64,
) -> Result<Vec<VersionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT v.id, v.number, v.answers, COALESCE(NULLIF(s.name, ''), s.username), v.submitted_at, v.outcome, COALESCE(NULLIF(r.name, ''), r.username), v.reviewed_at, v.review_comment, v.field_comments
         FROM report_versions v LEFT JOIN users s ON s.id = v.submitted_by LEFT JOIN users r ON r.id = v.reviewed_by
         WHERE v.report_id = $1 ORDER BY v.number",
    )
    .bind(report_id)
    .fetch_all(ex)
    .await
}

// ----------------------------------------------------------------------------------------
// Obligations, indicators, summaries
// ----------------------------------------------------------------------------------------

/// What the obligations need of an entry: id, title, region, organisation id and name, start
/// year, end year, status.
pub(super) type ObligedRow = (
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
    i64,
    Option<i64>,
    String,
);

/// One entry's row, or every entry's, by id.
pub(super) async fn obliged<'e>(
    ex: impl Executor<'e, Database = Any>,
    project_id: Option<&str>,
) -> Result<Vec<ObligedRow>, sqlx::Error> {
    const SELECT: &str = "SELECT p.id, p.title, p.region, p.organisation_id, o.name, p.start_year, p.end_year, p.status
         FROM projects p LEFT JOIN organisations o ON o.id = p.organisation_id";
    // Two statements, not `$1 IS NULL OR p.id = $1`: with the `OR` neither database uses the
    // key, and one entry's page read the whole register.
    match project_id {
        Some(id) => {
            sqlx::query_as(&format!("{SELECT} WHERE p.id = $1"))
                .bind(id)
                .fetch_all(ex)
                .await
        }
        None => {
            sqlx::query_as(&format!("{SELECT} ORDER BY p.id"))
                .fetch_all(ex)
                .await
        }
    }
}

/// An indicator value's row: report, its kind and year, name, unit, baseline, target,
/// actual, comment.
pub(super) type IndicatorRow = (
    i64,
    String,
    i64,
    String,
    String,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    String,
);

/// The indicator values of an entry's approved reports, by year, due date and position.
pub(super) async fn indicators_of_project<'e>(
    ex: impl Executor<'e, Database = Any>,
    project_id: &str,
) -> Result<Vec<IndicatorRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.id, r.kind, r.year, i.name, i.unit, i.baseline, i.target, i.actual, i.comment
         FROM report_indicators i JOIN reports r ON r.id = i.report_id
         WHERE r.project_id = $1 ORDER BY r.year, r.due_date, i.position",
    )
    .bind(project_id)
    .fetch_all(ex)
    .await
}

/// The years in which a programme or an entry directly under it has an approved report.
pub(super) async fn years_with_approved<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme_id: &str,
) -> Result<Vec<i32>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT r.year FROM reports r JOIN projects p ON p.id = r.project_id
         WHERE (r.project_id = $1 OR p.parent_id = $1) AND r.state IN ('godkjent', 'publisert')
         ORDER BY r.year",
    )
    .bind(programme_id)
    .fetch_all(ex)
    .await
}

/// (entry, template version, answers) of the latest approved version of every approved (or
/// published) report, by entry and report.
pub(super) async fn latest_approved_answers<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(String, i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.project_id, r.template_version_id, v.answers FROM reports r
         JOIN report_versions v ON v.report_id = r.id
         WHERE r.state IN ('godkjent', 'publisert') AND v.outcome = 'godkjent'
           AND v.number = (SELECT MAX(w.number) FROM report_versions w
                           WHERE w.report_id = r.id AND w.outcome = 'godkjent')
         ORDER BY r.project_id, r.id",
    )
    .fetch_all(ex)
    .await
}

// ----------------------------------------------------------------------------------------
// Dialogue meetings and reminders
// ----------------------------------------------------------------------------------------

/// A dialogue meeting's row: date, attendees, notes, who wrote it last (full name), when.
pub(super) type MeetingRow = (String, String, String, Option<String>, String);

pub(super) async fn dialogue_meeting<'e>(
    ex: impl Executor<'e, Database = Any>,
    report_id: i64,
) -> Result<Option<MeetingRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.meeting_date, d.attendees, d.notes, COALESCE(NULLIF(u.name, ''), u.username), d.updated_at
         FROM dialogue_meetings d LEFT JOIN users u ON u.id = d.updated_by WHERE d.report_id = $1",
    )
    .bind(report_id)
    .fetch_optional(ex)
    .await
}

/// Books or changes the dialogue meeting on a report.
#[allow(clippy::too_many_arguments)]
pub(super) async fn save_dialogue_meeting<'e>(
    ex: impl Executor<'e, Database = Any>,
    report_id: i64,
    date: &str,
    attendees: &str,
    notes: &str,
    updated_by: Option<i64>,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO dialogue_meetings (report_id, meeting_date, attendees, notes, updated_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (report_id) DO UPDATE SET meeting_date = $2, attendees = $3, notes = $4,
           updated_by = $5, updated_at = $6",
    )
    .bind(report_id)
    .bind(date)
    .bind(attendees)
    .bind(notes)
    .bind(updated_by)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// A reminder's key: the obligation (entry, kind, year), the user and the status.
pub(super) struct ReminderKey<'a> {
    pub project_id: &'a str,
    pub kind: &'a str,
    pub year: i32,
    pub user_id: i64,
    pub status: &'a str,
}

/// Records a sent reminder; gives 1 when it was new, 0 when it was recorded already.
pub(super) async fn insert_reminder<'e>(
    ex: impl Executor<'e, Database = Any>,
    r: &ReminderKey<'_>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "INSERT INTO reminders_sent (project_id, kind, year, user_id, status) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(r.project_id)
    .bind(r.kind)
    .bind(r.year)
    .bind(r.user_id)
    .bind(r.status)
    .execute(ex)
    .await?
    .rows_affected())
}

/// How many times this reminder was recorded (0 or 1).
pub(super) async fn reminder_count<'e>(
    ex: impl Executor<'e, Database = Any>,
    r: &ReminderKey<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM reminders_sent WHERE project_id = $1 AND kind = $2 AND year = $3 AND user_id = $4 AND status = $5",
    )
    .bind(r.project_id)
    .bind(r.kind)
    .bind(r.year)
    .bind(r.user_id)
    .bind(r.status)
    .fetch_one(ex)
    .await
}

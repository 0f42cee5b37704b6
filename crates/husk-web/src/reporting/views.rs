//! View models of the reporting pages: the obligations overview, a report (reading, filling
//! in, reviewing), its versions, published reports, the start pages for the public and for
//! recipients, and a programme's annual summary.

use crate::format;
use crate::portfolio::views::project_href;
use crate::shared::form::{options, Opt};
use crate::shared::layout::Layout;
use askama::Template;
use husk_domain::reporting::answers::{self, cell_key, FieldChange};
use husk_domain::reporting::{
    Answer, Answers, FieldKind, FieldRole, ObligationStatus, ReportState, TemplateDef,
};
use husk_domain::{FieldErrors, Taxonomy};
use husk_store::reporting::{
    AnnualSummary, IndicatorRow, ObligationRow, ReportInfo, ReportVersion, StoredReport,
};
use std::collections::BTreeMap;

mod templates;
pub use templates::*;

pub fn report_href(id: i64) -> String {
    format!("/rapporter/{id}")
}

/// A coloured status tag.
#[derive(Debug, Clone)]
pub struct Badge {
    pub label: String,
    /// A Designsystemet colour: danger, warning, info, success, neutral.
    pub color: &'static str,
    pub code: &'static str,
}

impl Badge {
    pub fn obligation(s: ObligationStatus) -> Badge {
        let color = match s {
            ObligationStatus::Overdue => "danger",
            ObligationStatus::Returned | ObligationStatus::DueSoon => "warning",
            ObligationStatus::AwaitingReview => "info",
            ObligationStatus::Upcoming => "neutral",
            ObligationStatus::Approved | ObligationStatus::Published => "success",
        };
        Badge {
            label: s.label().to_string(),
            color,
            code: s.code(),
        }
    }

    pub fn state(s: ReportState) -> Badge {
        let color = match s {
            ReportState::Draft => "neutral",
            ReportState::Returned => "warning",
            ReportState::Submitted | ReportState::Resubmitted => "info",
            ReportState::Approved | ReportState::Published => "success",
        };
        Badge {
            label: s.label().to_string(),
            color,
            code: s.code(),
        }
    }
}

/// The form that starts a report for an obligation.
#[derive(Debug, Clone)]
pub struct StartForm {
    pub action: String,
    pub kind: &'static str,
    pub year: i32,
}

/// One obligation in a table.
#[derive(Debug, Clone)]
pub struct ObligationView {
    pub project_title: String,
    pub project_href: String,
    pub organisation: String,
    pub region: String,
    pub title: String,
    pub due: String,
    pub status: Badge,
    pub report_href: Option<String>,
    pub start: Option<StartForm>,
}

impl ObligationView {
    /// The obligation as `viewer` sees it: a link to the report only if they may read it, a
    /// start button only if they may fill it in.
    pub fn new(o: &ObligationRow, tax: &Taxonomy, viewer: &husk_domain::Viewer) -> ObligationView {
        let scope = husk_domain::access::ProjectScope {
            region: &o.region,
            organisation_id: o.organisation_id,
        };
        let may_start = viewer.may_fill_report(scope);
        let may_open = o.report_scope().is_some_and(|r| viewer.may_read_report(r));
        ObligationView {
            project_title: o.project_title.clone(),
            project_href: project_href(&o.project_id),
            organisation: o
                .organisation
                .clone()
                .unwrap_or_else(|| "Ukjent mottaker".into()),
            region: tax
                .region(&o.region)
                .map(|r| r.name_nb.clone())
                .unwrap_or_else(|| o.region.clone()),
            title: o.title.clone(),
            due: format::date(o.due),
            status: Badge::obligation(o.status),
            report_href: o.report_id.filter(|_| may_open).map(report_href),
            start: (o.report_id.is_none() && may_start).then(|| StartForm {
                action: format!("/prosjekter/{}/rapporter", o.project_id),
                kind: o.kind.code(),
                year: o.year,
            }),
        }
    }
}

/// The reporting summary on the staff start page.
#[derive(Debug, Clone)]
pub struct StaffReporting {
    pub scope: String,
    pub overdue: usize,
    pub due_soon: usize,
    pub awaiting: usize,
    pub returned: usize,
    pub awaiting_href: String,
    pub overdue_href: String,
}

/// An indicator value in a table.
#[derive(Debug, Clone)]
pub struct IndicatorView {
    pub report: String,
    pub report_href: String,
    pub name: String,
    pub unit: String,
    pub baseline: String,
    pub target: String,
    pub actual: String,
}

pub fn number(v: Option<f64>) -> String {
    match v {
        None => String::new(),
        Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => format::int(x as i64),
        Some(x) => format!("{x:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .replace('.', ","),
    }
}

impl IndicatorView {
    pub fn new(r: &IndicatorRow) -> IndicatorView {
        IndicatorView {
            report: r.report_title.clone(),
            report_href: report_href(r.report_id),
            name: r.value.name.clone(),
            unit: r.value.unit.clone(),
            baseline: number(r.value.baseline),
            target: number(r.value.target),
            actual: number(r.value.actual),
        }
    }
}

/// The reporting section of a project page.
#[derive(Debug, Clone)]
pub struct ProjectReporting {
    pub obligations: Vec<ObligationView>,
    pub indicators: Vec<IndicatorView>,
    /// (year, href) of the annual summaries, for programmes.
    pub summaries: Vec<(i32, String)>,
}

/// A row in the list of published reports.
#[derive(Debug, Clone)]
pub struct PublishedRow {
    pub id: i64,
    pub title: String,
    pub href: String,
    pub organisation: String,
    pub region: String,
    /// The recipient's public summary, only where they consented to publishing it.
    pub summary: Option<String>,
}

impl PublishedRow {
    /// The row with the report's public summary, if there is one it may show.
    pub fn with_summary(mut self, summaries: &std::collections::HashMap<i64, String>) -> Self {
        self.summary = summaries.get(&self.id).cloned();
        self
    }

    pub fn new(r: &ReportInfo, tax: &Taxonomy) -> PublishedRow {
        PublishedRow {
            id: r.id,
            title: r.title(),
            href: report_href(r.id),
            organisation: r.organisation.clone().unwrap_or_default(),
            region: tax
                .region(&r.region)
                .map(|x| x.name_nb.clone())
                .unwrap_or_default(),
            summary: None,
        }
    }
}

/// Counts per office or recipient in the overview.
#[derive(Debug, Clone, Default)]
pub struct CountRow {
    pub label: String,
    pub href: String,
    pub overdue: usize,
    pub returned: usize,
    pub due_soon: usize,
    pub awaiting: usize,
    pub approved: usize,
    pub upcoming: usize,
    pub total: usize,
}

impl CountRow {
    pub fn add(&mut self, s: ObligationStatus) {
        self.total += 1;
        match s {
            ObligationStatus::Overdue => self.overdue += 1,
            ObligationStatus::Returned => self.returned += 1,
            ObligationStatus::DueSoon => self.due_soon += 1,
            ObligationStatus::AwaitingReview => self.awaiting += 1,
            ObligationStatus::Upcoming => self.upcoming += 1,
            ObligationStatus::Approved | ObligationStatus::Published => self.approved += 1,
        }
    }
}

#[derive(Template)]
#[template(path = "reporting/reports.html")]
pub struct ReportsPage {
    pub layout: Layout,
    pub message: Option<String>,
    pub regions: Vec<Opt>,
    pub organisations: Vec<Opt>,
    pub statuses: Vec<Opt>,
    pub show_region_filter: bool,
    /// The obligations on this page of the list.
    pub rows: Vec<ObligationView>,
    /// All obligations the filters select.
    pub total: usize,
    pub nav: Option<crate::paging::PageNav>,
    pub by_office: Vec<CountRow>,
    pub by_recipient: Vec<CountRow>,
    pub reporting_from: String,
}

impl ReportsPage {
    pub fn filters(
        tax: &Taxonomy,
        organisations: &[(i64, String)],
        region: &str,
        organisation: &str,
        status: &str,
    ) -> (Vec<Opt>, Vec<Opt>, Vec<Opt>) {
        let org_ids: Vec<(String, String)> = organisations
            .iter()
            .map(|(id, name)| (id.to_string(), name.clone()))
            .collect();
        (
            options(
                Some("Alle kontor"),
                tax.regions
                    .iter()
                    .map(|r| (r.code.as_str(), r.name_nb.as_str())),
                region,
            ),
            options(
                Some("Alle mottakere"),
                org_ids.iter().map(|(a, b)| (a.as_str(), b.as_str())),
                organisation,
            ),
            options(
                Some("Alle statuser"),
                ObligationStatus::ALL.iter().map(|s| (s.code(), s.label())),
                status,
            ),
        )
    }
}

#[derive(Template)]
#[template(path = "reporting/reports_published.html")]
pub struct PublishedReportsPage {
    pub layout: Layout,
    pub rows: Vec<PublishedRow>,
}

// ---------------------------------------------------------------------------------------------
// Reading a report
// ---------------------------------------------------------------------------------------------

/// A file attached to a report.
#[derive(Debug, Clone)]
pub struct FileView {
    pub name: String,
    pub sha: String,
    pub href: String,
    pub size: String,
}

/// A table answer for reading.
#[derive(Debug, Clone)]
pub struct TableView {
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// One answered (or unanswered) field for reading.
#[derive(Debug, Clone)]
pub struct AnswerView {
    pub key: String,
    pub label: String,
    /// Paragraphs of a text answer, or the one line of a value.
    pub paragraphs: Vec<String>,
    pub table: Option<TableView>,
    pub files: Vec<FileView>,
    pub empty: bool,
    /// What stands for an empty answer: «Ikke besvart», or for a public summary without the
    /// recipient's consent (which readers from outside do not get), «Ikke til publisering».
    pub empty_text: &'static str,
    /// The adviser's comment on this field (returned reports, and versions).
    pub comment: Option<String>,
    /// The id of the comment box in the review form.
    pub comment_id: String,
    /// What the reviewer had typed in the box, when the review form comes back with an error.
    pub review_draft: String,
}

#[derive(Debug, Clone)]
pub struct SectionView {
    pub title: String,
    pub fields: Vec<AnswerView>,
}

fn files(report_id: i64, a: Option<&Answer>) -> Vec<FileView> {
    a.map(|a| a.files())
        .unwrap_or(&[])
        .iter()
        .map(|f| FileView {
            name: f.name.clone(),
            sha: f.sha256.clone(),
            href: format!("/rapporter/{report_id}/vedlegg/{}", f.sha256),
            size: format::bytes(f.size),
        })
        .collect()
}

/// The answers as sections for reading.
pub fn answer_sections(
    report_id: i64,
    def: &TemplateDef,
    a: &Answers,
    comments: &BTreeMap<String, String>,
) -> Vec<SectionView> {
    def.sections
        .iter()
        .map(|s| SectionView {
            title: s.title.clone(),
            fields: s
                .fields
                .iter()
                .map(|f| {
                    let answer = a.get(&f.key);
                    let table = f.kind.is_table().then(|| TableView {
                        columns: f.kind.columns().iter().map(|(_, l)| *l).collect(),
                        rows: answer
                            .map(|a| a.rows())
                            .unwrap_or(&[])
                            .iter()
                            .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
                            .map(|r| {
                                (0..f.kind.columns().len())
                                    .map(|i| r.get(i).cloned().unwrap_or_default())
                                    .collect()
                            })
                            .collect(),
                    });
                    let text = if f.kind.is_table() || f.kind == FieldKind::Attachments {
                        String::new()
                    } else {
                        answers::display(f, answer)
                    };
                    let files = files(report_id, answer);
                    let empty = answer.is_none_or(Answer::is_blank);
                    let withheld = f.role == Some(FieldRole::PublicSummary)
                        && !answers::consents_to_publish(def, a);
                    AnswerView {
                        empty_text: if withheld {
                            "Ikke til publisering"
                        } else {
                            "Ikke besvart"
                        },
                        key: f.key.clone(),
                        label: f.label.clone(),
                        paragraphs: text
                            .split("\n\n")
                            .map(|p| p.trim().to_string())
                            .filter(|p| !p.is_empty())
                            .collect(),
                        table: table.filter(|t| !t.rows.is_empty()),
                        files,
                        empty,
                        comment: comments.get(&f.key).cloned(),
                        comment_id: format!("kommentar-{}", f.key),
                        review_draft: String::new(),
                    }
                })
                .collect(),
        })
        .collect()
}

/// A version in the list of versions.
#[derive(Debug, Clone)]
pub struct VersionRow {
    pub number: i64,
    pub href: String,
    pub submitted: String,
    pub by: String,
    pub outcome: String,
}

impl VersionRow {
    pub fn new(report_id: i64, v: &ReportVersion) -> VersionRow {
        VersionRow {
            number: v.number,
            href: format!("/rapporter/{report_id}/versjoner/{}", v.number),
            submitted: format::timestamp(&v.submitted_at),
            by: v.submitted_by.clone().unwrap_or_else(|| "ukjent".into()),
            outcome: match v.outcome.as_deref() {
                Some("returnert") => format!(
                    "Returnert av {} {}",
                    v.reviewed_by.clone().unwrap_or_default(),
                    v.reviewed_at
                        .as_deref()
                        .map(format::timestamp)
                        .unwrap_or_default()
                ),
                Some("godkjent") => format!(
                    "Godkjent av {} {}",
                    v.reviewed_by.clone().unwrap_or_default(),
                    v.reviewed_at
                        .as_deref()
                        .map(format::timestamp)
                        .unwrap_or_default()
                ),
                _ => "Til vurdering".into(),
            },
        }
    }
}

/// The adviser's review form.
#[derive(Debug, Clone)]
pub struct ReviewForm {
    pub action: String,
    pub comment: String,
    pub error: Option<String>,
}

/// What the header of a report says.
#[derive(Debug, Clone)]
pub struct ReportHead {
    pub id: i64,
    pub title: String,
    pub project_title: String,
    pub project_href: String,
    pub organisation: String,
    pub region: String,
    pub period: String,
    pub due: String,
    pub state: Badge,
    pub template: String,
}

impl ReportHead {
    pub fn new(r: &StoredReport, tax: &Taxonomy) -> ReportHead {
        let i = &r.info;
        ReportHead {
            id: i.id,
            title: i.title(),
            project_title: i.project_title.clone(),
            project_href: project_href(&i.project_id),
            organisation: i
                .organisation
                .clone()
                .unwrap_or_else(|| "Ukjent mottaker".into()),
            // «Nasjonal pott» is a budget pot, not the responsible office.
            region: tax
                .region(&i.region)
                .map(|x| {
                    if x.is_office() {
                        x.name_nb.clone()
                    } else {
                        format!("Ikke oppgitt ({}, en budsjettpott)", x.name_nb)
                    }
                })
                .unwrap_or_default(),
            period: format!(
                "{}–{}",
                format::date(i.period_start),
                format::date(i.period_end)
            ),
            due: format::date(i.due),
            state: Badge::state(i.state),
            template: format!("{} (versjon {})", r.template.def.name, r.template.version),
        }
    }
}

/// The adviser's form for booking and recording a dialogue meeting.
#[derive(Debug, Clone)]
pub struct DialogueForm {
    pub action: String,
    pub date: String,
    pub attendees: String,
    pub notes: String,
    /// (field, message) of a refused save: `dato`, `deltakere`, `referat`.
    pub errors: Vec<(String, String)>,
}

impl DialogueForm {
    pub fn err(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

/// The dialogue meeting section of a report page.
#[derive(Debug, Clone)]
pub struct DialogueView {
    /// Whether the report (as shown) asks for a dialogue meeting.
    pub requested: bool,
    /// The booked date, for everyone who may see it.
    pub booked: Option<String>,
    /// "Sist lagret av … …", for the office's staff.
    pub saved: String,
    /// The form, for those who may book and record the meeting.
    pub form: Option<DialogueForm>,
}

#[derive(Template)]
#[template(path = "reporting/report.html")]
pub struct ReportPage {
    pub layout: Layout,
    pub head: ReportHead,
    pub message: Option<String>,
    /// What is shown: "Utkast, sist lagret …" or "Versjon 2, sendt inn …".
    pub showing: String,
    pub sections: Vec<SectionView>,
    pub edit_href: Option<String>,
    pub returned: Option<(String, String)>,
    pub review: Option<ReviewForm>,
    pub publish_action: Option<String>,
    pub versions: Vec<VersionRow>,
    /// The dialogue meeting section, for the office's staff and the recipient.
    pub dialogue: Option<DialogueView>,
    pub document_href: Option<String>,
    pub published: bool,
}

// ---------------------------------------------------------------------------------------------
// Filling in a report
// ---------------------------------------------------------------------------------------------

/// One choice (option, checkbox, radio).
#[derive(Debug, Clone)]
pub struct ChoiceView {
    pub id: String,
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// One cell of a table field.
#[derive(Debug, Clone)]
pub struct CellView {
    pub id: String,
    pub name: String,
    pub value: String,
    pub label: String,
    pub error: Option<String>,
    pub narrow: bool,
    /// The `<datalist>` the cell suggests from (the programme's goal codes in a goal column).
    pub list: Option<&'static str>,
}

/// The id of the report form's list of the programme's goals.
pub const GOAL_LIST: &str = "programmets-mal";

/// For a report on a programme's participation: the goal tables' goal column suggests the
/// programme's goal codes (an answer that is a code points to the goal), and says so.
pub fn suggest_goals(sections: &mut [FormSectionView], goals: &[(String, String)]) {
    if goals.is_empty() {
        return;
    }
    for f in sections
        .iter_mut()
        .flat_map(|s| s.fields.iter_mut())
        .filter(|f| f.kind == FieldKind::Goals.code())
    {
        for row in &mut f.rows {
            if let Some(first) = row.first_mut() {
                first.list = Some(GOAL_LIST);
            }
        }
        let hint = "Skriv koden til et av programmets mål (for eksempel resultat-1) i målkolonnen, så knyttes svaret til målet.";
        f.help = if f.help.trim().is_empty() {
            hint.to_string()
        } else {
            format!("{} {hint}", f.help.trim())
        };
    }
}

/// For reading: a goal table's goal that is one of the programme's codes is shown with the
/// goal's text.
pub fn name_goals(sections: &mut [SectionView], def: &TemplateDef, goals: &[(String, String)]) {
    if goals.is_empty() {
        return;
    }
    for f in sections.iter_mut().flat_map(|s| s.fields.iter_mut()) {
        if def.field(&f.key).is_none_or(|d| d.kind != FieldKind::Goals) {
            continue;
        }
        for row in f.table.iter_mut().flat_map(|t| t.rows.iter_mut()) {
            if let Some(cell) = row.first_mut() {
                if let Some((code, text)) = goals.iter().find(|(c, _)| c == cell.trim()) {
                    *cell = format!("{code}: {text}");
                }
            }
        }
    }
}

/// One field of the report form.
#[derive(Debug, Clone)]
pub struct FormFieldView {
    pub key: String,
    pub id: String,
    pub label: String,
    pub help: String,
    pub kind: &'static str,
    pub required: bool,
    pub value: String,
    pub choices: Vec<ChoiceView>,
    pub low: String,
    pub high: String,
    pub unit: String,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<CellView>>,
    pub files: Vec<FileView>,
    /// The field's own error (not a cell's).
    pub error: Option<String>,
    pub comment: Option<String>,
    pub inputmode: &'static str,
}

impl FormFieldView {
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if self.error.is_some() {
            ids.push(format!("{}-feil", self.id));
        }
        if self.comment.is_some() {
            ids.push(format!("{}-kommentar", self.id));
        }
        if !self.help.is_empty() {
            ids.push(format!("{}-hjelp", self.id));
        }
        ids.join(" ")
    }
}

#[derive(Debug, Clone)]
pub struct FormSectionView {
    pub title: String,
    pub help: String,
    pub fields: Vec<FormFieldView>,
}

/// The element id of a field or a table cell key ("indikatorer.2.target").
pub fn field_id(key: &str) -> String {
    format!("f-{}", key.replace('.', "-"))
}

/// Blank rows offered below the filled ones in a table (no script needed to add rows).
pub const BLANK_ROWS: usize = 2;

/// The most blank rows a table field shows (however often «Legg til rad» is pressed).
pub const MAX_BLANK_ROWS: usize = 50;

/// The report form's sections from the template, the answers as typed, the problems and the
/// adviser's comments. `blank_rows` asks for more blank rows than [`BLANK_ROWS`] in a table
/// field (after «Legg til rad»).
pub fn form_sections(
    report_id: i64,
    def: &TemplateDef,
    a: &Answers,
    errors: &FieldErrors,
    comments: &BTreeMap<String, String>,
    blank_rows: &BTreeMap<String, usize>,
) -> Vec<FormSectionView> {
    def.sections
        .iter()
        .map(|s| FormSectionView {
            title: s.title.clone(),
            help: s.help.clone(),
            fields: s
                .fields
                .iter()
                .map(|f| {
                    let answer = a.get(&f.key);
                    let id = field_id(&f.key);
                    let text = answer.map(|a| a.text().to_string()).unwrap_or_default();
                    let list: Vec<String> = answer.map(|a| a.list().to_vec()).unwrap_or_default();
                    let choices = match f.kind {
                        FieldKind::Choice | FieldKind::MultiChoice => f
                            .options
                            .iter()
                            .map(|o| ChoiceView {
                                id: format!("{id}-{}", o.value),
                                value: o.value.clone(),
                                label: o.label.clone(),
                                checked: if f.kind == FieldKind::Choice {
                                    text.trim() == o.value
                                } else {
                                    list.contains(&o.value)
                                },
                            })
                            .collect(),
                        FieldKind::Scale => (1..=5)
                            .map(|v| ChoiceView {
                                id: format!("{id}-{v}"),
                                value: v.to_string(),
                                label: v.to_string(),
                                checked: text.trim() == v.to_string(),
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    let columns = f.kind.columns();
                    let mut rows: Vec<Vec<String>> = answer
                        .map(|a| a.rows().to_vec())
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
                        .collect();
                    if f.kind.is_table() {
                        let blank = blank_rows
                            .get(&f.key)
                            .copied()
                            .unwrap_or(BLANK_ROWS)
                            .clamp(1, MAX_BLANK_ROWS);
                        rows.extend((0..blank).map(|_| vec![String::new(); columns.len()]));
                    }
                    let rows = rows
                        .iter()
                        .enumerate()
                        .map(|(i, r)| {
                            columns
                                .iter()
                                .enumerate()
                                .map(|(c, (ckey, clabel))| {
                                    let key = cell_key(&f.key, i + 1, ckey);
                                    let error = errors.get(&key).map(str::to_string);
                                    CellView {
                                        id: field_id(&key),
                                        name: key,
                                        value: r.get(c).cloned().unwrap_or_default(),
                                        label: format!("{}: {clabel}, rad {}", f.label, i + 1),
                                        error,
                                        narrow: !matches!(*ckey, "name" | "goal" | "comment"),
                                        list: None,
                                    }
                                })
                                .collect()
                        })
                        .collect();
                    FormFieldView {
                        key: f.key.clone(),
                        id,
                        label: f.label.clone(),
                        help: f.help.clone(),
                        kind: f.kind.code(),
                        required: f.required,
                        value: text,
                        choices,
                        low: f.low.clone(),
                        high: f.high.clone(),
                        unit: f.unit.clone(),
                        columns: columns.iter().map(|(_, l)| *l).collect(),
                        rows,
                        files: files(report_id, answer),
                        error: errors.get(&f.key).map(str::to_string),
                        comment: comments.get(&f.key).cloned(),
                        inputmode: match f.kind {
                            FieldKind::Number => "decimal",
                            FieldKind::Nok => "numeric",
                            _ => "",
                        },
                    }
                })
                .collect(),
        })
        .collect()
}

/// An error-summary line of the report form.
#[derive(Debug, Clone)]
pub struct ReportError {
    pub target: String,
    /// A sentence that names the field (the domain's messages do).
    pub message: String,
}

/// Error-summary lines, in template order, each linking to its field or cell.
pub fn report_errors(def: &TemplateDef, errors: &FieldErrors) -> Vec<ReportError> {
    let mut out = Vec::new();
    for (_, f) in def.fields() {
        for e in errors.iter() {
            let mine = e.field == f.key || e.field.starts_with(&format!("{}.", f.key));
            if mine {
                out.push(ReportError {
                    target: field_id(&e.field),
                    message: e.message.clone(),
                });
            }
        }
    }
    out
}

/// Someone else saved the draft while this user was typing.
#[derive(Debug, Clone)]
pub struct ConflictView {
    pub by: String,
    pub at: String,
    /// The fields where the saved draft differs from what this user typed.
    pub changes: Vec<FieldChange>,
}

#[derive(Template)]
#[template(path = "reporting/report_form.html")]
pub struct ReportFormPage {
    pub layout: Layout,
    pub head: ReportHead,
    pub action: String,
    pub autosave: String,
    pub revision: i64,
    pub sections: Vec<FormSectionView>,
    pub summary: Vec<ReportError>,
    pub message: Option<String>,
    pub conflict: Option<ConflictView>,
    pub returned: Option<(String, String)>,
    pub saved: String,
    pub cancel_href: String,
    /// The programme's goals (code, «code: text») for the goal tables' suggestions.
    pub goal_choices: Vec<(String, String)>,
}

// ---------------------------------------------------------------------------------------------
// A version, compared with the one before
// ---------------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "reporting/report_version.html")]
pub struct ReportVersionPage {
    pub layout: Layout,
    pub head: ReportHead,
    pub version: VersionRow,
    pub previous: Option<VersionRow>,
    pub next_href: Option<String>,
    pub changes: Vec<FieldChange>,
    pub review_comment: String,
    pub sections: Vec<SectionView>,
}

// ---------------------------------------------------------------------------------------------
// Annual summary
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
pub struct GoalView {
    pub goal: String,
    pub assessment: String,
    pub comment: String,
}

#[derive(Debug, Clone)]
pub struct SummaryEntryView {
    pub title: String,
    pub href: String,
    pub project_title: String,
    pub project_href: String,
    pub organisation: String,
    pub indicators: Vec<IndicatorView>,
    pub goals: Vec<GoalView>,
    pub learning: Vec<(String, Vec<String>)>,
    pub economy: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "reporting/annual_summary.html")]
pub struct AnnualSummaryPage {
    pub layout: Layout,
    pub programme_title: String,
    pub programme_href: String,
    pub year: i32,
    pub years: Vec<(i32, String, bool)>,
    pub xlsx_href: String,
    pub entries: Vec<SummaryEntryView>,
    pub pending: Vec<PublishedRow>,
    pub indicator_rows: Vec<(String, IndicatorView)>,
}

impl AnnualSummaryPage {
    pub fn entries(s: &AnnualSummary) -> Vec<SummaryEntryView> {
        s.entries
            .iter()
            .map(|e| SummaryEntryView {
                title: e.report.obligation().title(),
                href: report_href(e.report.id),
                project_title: e.report.project_title.clone(),
                project_href: project_href(&e.report.project_id),
                organisation: e.report.organisation.clone().unwrap_or_default(),
                indicators: e
                    .indicators
                    .iter()
                    .map(|v| IndicatorView {
                        report: e.report.obligation().title(),
                        report_href: report_href(e.report.id),
                        name: v.name.clone(),
                        unit: v.unit.clone(),
                        baseline: number(v.baseline),
                        target: number(v.target),
                        actual: number(v.actual),
                    })
                    .collect(),
                goals: e
                    .goals
                    .iter()
                    .map(|g| GoalView {
                        goal: g.goal.clone(),
                        assessment: g
                            .assessment
                            .map(|a| format!("{a} av 5"))
                            .unwrap_or_default(),
                        comment: g.comment.clone(),
                    })
                    .collect(),
                learning: e
                    .learning
                    .iter()
                    .map(|(q, a)| {
                        (
                            q.clone(),
                            a.split("\n\n")
                                .map(|p| p.trim().to_string())
                                .filter(|p| !p.is_empty())
                                .collect(),
                        )
                    })
                    .collect(),
                economy: e.economy.clone(),
            })
            .collect()
    }
}

//! Reporting pages: the obligations overview, starting, filling in (with autosave and
//! conflict detection), submitting, reviewing and publishing a report, its versions and
//! attachments, the dialogue meeting, published reports, and a programme's annual summary.

use super::forms::{add_row_target, answers_from_form, read_report_form};
use super::views::{
    answer_sections, field_id, form_sections, name_goals, report_errors, suggest_goals,
    AnnualSummaryPage, ConflictView, CountRow, DialogueForm, DialogueView, IndicatorView,
    ObligationView, ProjectReporting, PublishedReportsPage, PublishedRow, ReportFormPage,
    ReportHead, ReportPage, ReportVersionPage, ReportsPage, ReviewForm, StaffReporting, VersionRow,
};
use crate::auth::Auth;
use crate::error::PageError;
use crate::paging::{PageNav, Paging};
use crate::query::param_or_empty as param;
use crate::shared::form::form_pairs;
use crate::shared::layout::Nav;
use crate::shared::pages::{found, hidden, layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, RawQuery};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use husk_domain::reporting::answers;
use husk_domain::reporting::DialogueMeetingInput;
use husk_domain::reporting::{Answers, ObligationStatus, ReportAction, ReportKind};
use husk_domain::{FieldErrors, Kind};
use husk_store::portfolio::EntryReader;
use husk_store::reporting::{today, DraftError, ObligationRow, ReviewError, StoredReport};
use husk_store::{ProjectDetail, SaveError, Store, StoreError};
use std::collections::{BTreeMap, HashMap};

/// The largest request body of the report form (answers plus a few attachments).
pub const MAX_REPORT_FORM_BYTES: usize = 110 * 1024 * 1024;

fn report_id(raw: &str) -> Result<i64, PageError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(PageError::NotFound)
}

/// The obligations the viewer sees ([`husk_domain::Viewer::sees_obligations_of`]): every
/// entry's for staff, a recipient's own entries'.
pub(crate) async fn visible_obligations(
    store: &Store,
    auth: &Auth,
) -> Result<Vec<ObligationRow>, StoreError> {
    store.read_as(&auth.viewer).obligations(today()).await
}

// ---------------------------------------------------------------------------------------------
// The staff start page's summary and the project page's reporting
// ---------------------------------------------------------------------------------------------

/// The reporting figures on the staff start page (an adviser's own office).
pub(crate) async fn staff_summary(store: &Store, auth: &Auth) -> Result<StaffReporting, PageError> {
    let region = auth
        .viewer
        .user()
        .and_then(|u| u.role.region())
        .map(str::to_string);
    let all: Vec<ObligationRow> = visible_obligations(store, auth)
        .await?
        .into_iter()
        .filter(|o| region.as_ref().is_none_or(|r| &o.region == r))
        .collect();
    let count = |s: ObligationStatus| all.iter().filter(|o| o.status == s).count();
    let scope = match &region {
        Some(r) => store
            .taxonomy()
            .region(r)
            .map(|x| x.name_nb.clone())
            .unwrap_or_default(),
        None => "Alle kontor".into(),
    };
    let with = |status: &str| {
        let mut pairs = vec![("status", status.to_string())];
        if let Some(r) = &region {
            pairs.push(("kontor", r.clone()));
        }
        format!(
            "/rapporter?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    };
    Ok(StaffReporting {
        scope,
        overdue: count(ObligationStatus::Overdue),
        due_soon: count(ObligationStatus::DueSoon),
        awaiting: count(ObligationStatus::AwaitingReview),
        returned: count(ObligationStatus::Returned),
        awaiting_href: with(ObligationStatus::AwaitingReview.code()),
        overdue_href: with(ObligationStatus::Overdue.code()),
    })
}

/// The reporting section of a project page.
pub(crate) async fn project_reporting(
    store: &Store,
    auth: &Auth,
    entry: &EntryReader<'_>,
    detail: &ProjectDetail,
) -> Result<Option<ProjectReporting>, PageError> {
    let tax = store.taxonomy();
    let id = entry.id();
    // Outsiders (other organisations) see the reports they may read: the approved ones.
    let obligations: Vec<ObligationView> = entry
        .obligations(today())
        .await?
        .iter()
        .map(|o| ObligationView::new(o, tax, &auth.viewer))
        .collect();
    let indicators: Vec<IndicatorView> = entry
        .indicators()
        .await?
        .iter()
        .map(IndicatorView::new)
        .collect();
    let mut summaries = Vec::new();
    if detail.project.kind == Kind::Program {
        for y in detail.project.years.years_so_far(today().year()).rev() {
            summaries.push((y, format!("/prosjekter/{id}/arssammendrag?ar={y}")));
        }
    }
    if obligations.is_empty() && indicators.is_empty() && summaries.is_empty() {
        return Ok(None);
    }
    Ok(Some(ProjectReporting {
        obligations,
        indicators,
        summaries,
    }))
}

// ---------------------------------------------------------------------------------------------
// Overview and published reports
// ---------------------------------------------------------------------------------------------

/// `GET /rapporter?kontor=…&mottaker=…&status=…`: what is due, overdue and submitted.
pub async fn overview(
    Acting(store): Acting,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    auth.allow(auth.viewer.may_see_obligations())?;
    let tax = store.taxonomy();
    let q = query.as_deref();
    let (region, organisation, status) =
        (param(q, "kontor"), param(q, "mottaker"), param(q, "status"));
    let all = visible_obligations(&store, &auth).await?;
    let mut by_office: BTreeMap<usize, CountRow> = BTreeMap::new();
    let mut by_recipient: BTreeMap<String, CountRow> = BTreeMap::new();
    for o in &all {
        let pos = tax
            .regions
            .iter()
            .position(|r| r.code == o.region)
            .unwrap_or(usize::MAX);
        let row = by_office.entry(pos).or_insert_with(|| CountRow {
            label: tax
                .region(&o.region)
                .map(|r| r.name_nb.clone())
                .unwrap_or_else(|| o.region.clone()),
            href: format!("/rapporter?kontor={}", o.region),
            ..Default::default()
        });
        row.add(o.status);
        let name = o
            .organisation
            .clone()
            .unwrap_or_else(|| "Ukjent mottaker".into());
        let row = by_recipient
            .entry(name.clone())
            .or_insert_with(|| CountRow {
                label: name,
                href: o
                    .organisation_id
                    .map(|id| format!("/rapporter?mottaker={id}"))
                    .unwrap_or_default(),
                ..Default::default()
            });
        row.add(o.status);
    }
    let selected: Vec<&ObligationRow> = all
        .iter()
        .filter(|o| region.is_empty() || o.region == region)
        .filter(|o| {
            organisation.is_empty()
                || o.organisation_id.map(|i| i.to_string()) == Some(organisation.clone())
        })
        .filter(|o| status.is_empty() || o.status.code() == status)
        .collect();
    let total = selected.len();
    let paging = Paging::for_list(q, total);
    let rows: Vec<ObligationView> = selected[paging.range(total)]
        .iter()
        .map(|o| ObligationView::new(o, tax, &auth.viewer))
        .collect();
    let nav = PageNav::new("/rapporter", q, paging, total);
    let mut orgs: Vec<(i64, String)> = all
        .iter()
        .filter_map(|o| o.organisation_id.zip(o.organisation.clone()))
        .collect();
    orgs.sort_by(|a, b| a.1.cmp(&b.1));
    orgs.dedup();
    let (regions, organisations, statuses) =
        ReportsPage::filters(tax, &orgs, &region, &organisation, &status);
    let message = match param(q, "melding").as_str() {
        "publisert" => Some("Rapporten er publisert.".to_string()),
        _ => None,
    };
    let layout = layout(&store, &auth, "Rapporter", Nav::Reports).await?;
    render(
        StatusCode::OK,
        &ReportsPage {
            layout,
            message,
            regions,
            organisations,
            statuses,
            show_region_filter: auth.viewer.reads_internal(),
            rows,
            total,
            nav,
            by_office: by_office.into_values().collect(),
            by_recipient: by_recipient.into_values().collect(),
            reporting_from: crate::format::date(store.reporting_from().await?),
        },
    )
}

/// `GET /rapporter/publiserte`: every published report, for everyone.
pub async fn published(Acting(store): Acting, auth: Auth) -> Result<Response, PageError> {
    let tax = store.taxonomy();
    let reader = store.read_as(&auth.viewer);
    let summaries = reader.published_summaries().await?;
    let rows = reader
        .published_reports()
        .await?
        .iter()
        .map(|r| PublishedRow::new(r, tax).with_summary(&summaries))
        .collect();
    let layout = layout(&store, &auth, "Publiserte rapporter", Nav::Reports).await?;
    render(StatusCode::OK, &PublishedReportsPage { layout, rows })
}

// ---------------------------------------------------------------------------------------------
// Starting and reading a report
// ---------------------------------------------------------------------------------------------

/// `POST /prosjekter/{id}/rapporter` (`kind`, `year`): starts the report for an obligation.
pub async fn start(
    Acting(store): Acting,
    auth: Auth,
    Path(project_id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let entry = found(&auth, store.read_as(&auth.viewer).entry(&project_id).await)?;
    auth.allow(auth.viewer.may_fill_report(entry.scope()))?;
    let pairs = form_pairs(&body);
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let Some(kind) = ReportKind::from_code(&get("kind")) else {
        return Err(PageError::NotFound);
    };
    let year: i32 = get("year")
        .trim()
        .parse()
        .map_err(|_| PageError::NotFound)?;
    match store.start_report(&project_id, kind, year).await {
        Ok(id) => Ok(Redirect::to(&format!("/rapporter/{id}/rediger")).into_response()),
        Err(SaveError::Invalid(_)) => Err(PageError::NotFound),
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// What the viewer may do with a report.
struct Rights {
    fill: bool,
    review: bool,
}

/// The report if the viewer may read it: published reports are public, the rest follow the
/// entry (so another organisation's draft is "not found", whatever the id).
async fn readable_report(
    store: &Store,
    auth: &Auth,
    id: i64,
) -> Result<(StoredReport, Rights), PageError> {
    let report = found(auth, store.read_as(&auth.viewer).report(id).await)?;
    let info = &report.info;
    let scope = info.scope();
    let rights = Rights {
        fill: auth.viewer.may_fill_report(scope) && info.state.is_editable(),
        review: auth.viewer.may_review_report(scope),
    };
    Ok((report, rights))
}

fn confirmation(query: Option<&str>) -> Option<String> {
    Some(
        match param(query, "melding").as_str() {
            "sendt" => "Rapporten er sendt inn. Rådgiveren ved kontoret får den til vurdering.",
            "returnert" => "Rapporten er returnert til mottakeren med kommentarene dine.",
            "godkjent" => "Rapporten er godkjent. Den er lagt i kunnskapsbasen (intern til den publiseres), og indikatorene er lagret.",
            "publisert" => "Rapporten er publisert og kan leses av alle.",
            "dialogmote" => "Dialogmøtet er lagret.",
            _ => return None,
        }
        .to_string(),
    )
}

/// The latest return's comments, as (general comment, who and when).
fn returned(r: &StoredReport) -> Option<(String, String)> {
    r.open_comments().map(|v| {
        (
            v.review_comment.clone(),
            format!(
                "{} {}",
                v.reviewed_by.clone().unwrap_or_default(),
                v.reviewed_at
                    .as_deref()
                    .map(crate::format::timestamp)
                    .unwrap_or_default()
            ),
        )
    })
}

/// A review that was refused, to show again with what the reviewer typed.
#[derive(Debug, Clone)]
struct RefusedReview {
    comment: String,
    field_comments: BTreeMap<String, String>,
    message: String,
}

/// A dialogue meeting that was refused, to show again with what the adviser typed.
#[derive(Debug, Clone)]
struct RefusedDialogue {
    input: DialogueMeetingInput,
    errors: FieldErrors,
}

/// The dialogue meeting section as the viewer may see it: the office's staff see the request,
/// the meeting and the form; the recipient sees the request and the booked date; others
/// nothing.
async fn dialogue_view(
    store: &Store,
    auth: &Auth,
    r: &StoredReport,
    shown: &husk_domain::reporting::Answers,
    refused: Option<RefusedDialogue>,
) -> Result<Option<DialogueView>, PageError> {
    let scope = r.info.scope();
    if !auth.viewer.may_see_dialogue_date(scope) {
        return Ok(None);
    }
    let staff = auth.viewer.may_record_dialogue_meeting(scope);
    let stored = store
        .read_as(&auth.viewer)
        .dialogue_meeting(r.info.id)
        .await?;
    let saved = stored
        .as_ref()
        .filter(|_| staff)
        .map(|s| {
            format!(
                "Sist lagret av {} {}",
                s.updated_by.clone().unwrap_or_else(|| "ukjent".into()),
                crate::format::timestamp(&s.updated_at)
            )
        })
        .unwrap_or_default();
    let meeting = stored.and_then(|s| s.meeting.visible_to(&auth.viewer, scope));
    let requested = answers::requests_dialogue(&r.template.def, shown);
    if !staff && !requested && meeting.is_none() {
        return Ok(None);
    }
    let form = staff.then(|| {
        let (input, errors) = match refused {
            Some(f) => (
                f.input,
                f.errors
                    .iter()
                    .map(|e| (e.field.clone(), e.message.clone()))
                    .collect(),
            ),
            None => (
                meeting.as_ref().map(|m| m.input()).unwrap_or_default(),
                Vec::new(),
            ),
        };
        DialogueForm {
            action: format!("/rapporter/{}/dialogmote", r.info.id),
            date: input.date,
            attendees: input.attendees,
            notes: input.notes,
            errors,
        }
    });
    Ok(Some(DialogueView {
        requested,
        booked: meeting
            .as_ref()
            .map(|m| husk_domain::norwegian::format_date(m.date)),
        saved,
        form,
    }))
}

/// `POST /rapporter/{id}/dialogmote` (`dato`, `deltakere`, `referat`): the office's adviser
/// books the dialogue meeting and records who attended and what was said.
pub async fn dialogue_meeting(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let id = report_id(&raw)?;
    let (r, _) = readable_report(&store, &auth, id).await?;
    auth.allow(auth.viewer.may_record_dialogue_meeting(r.info.scope()))?;
    let pairs = form_pairs(&body);
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let input = DialogueMeetingInput {
        date: get("dato"),
        attendees: get("deltakere"),
        notes: get("referat"),
    };
    match store.save_dialogue_meeting(id, &input).await {
        Ok(()) => Ok(
            Redirect::to(&format!("/rapporter/{id}?melding=dialogmote#dialogmote")).into_response(),
        ),
        Err(SaveError::Invalid(errors)) => {
            report_page(
                &store,
                &auth,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                None,
                Some(RefusedDialogue { input, errors }),
            )
            .await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// The goals of the programme the report's entry takes part in, as (code, «code: text»).
async fn programme_goals(
    store: &Store,
    auth: &Auth,
    entry: &str,
) -> Result<Vec<(String, String)>, PageError> {
    Ok(store
        .read_as(&auth.viewer)
        .programme_goals_of(entry)
        .await?
        .into_iter()
        .map(|g| {
            let label = format!("{}: {}", g.code, g.text);
            (g.code, label)
        })
        .collect())
}

async fn report_page(
    store: &Store,
    auth: &Auth,
    id: i64,
    status: StatusCode,
    message: Option<String>,
    review_error: Option<RefusedReview>,
    dialogue_error: Option<RefusedDialogue>,
) -> Result<Response, PageError> {
    let (r, rights) = readable_report(store, auth, id).await?;
    let tax = store.taxonomy();
    let head = ReportHead::new(&r, tax);
    let latest = r.versions.last();
    // Editors of a draft see the draft; everyone else the latest submitted version.
    let (answers, showing) = match latest {
        Some(v) if !(rights.fill && r.info.state.is_editable()) => (
            &v.answers,
            format!(
                "Versjon {}, sendt inn av {} {}",
                v.number,
                v.submitted_by
                    .clone()
                    .or_else(|| r.info.organisation.clone())
                    .unwrap_or_else(|| "mottakeren".into()),
                crate::format::timestamp(&v.submitted_at)
            ),
        ),
        _ => (
            &r.draft,
            match &r.info.draft_saved_at {
                Some(at) => format!(
                    "Utkast, sist lagret av {} {}",
                    r.info
                        .draft_saved_by
                        .clone()
                        .unwrap_or_else(|| "ukjent".into()),
                    crate::format::timestamp(at)
                ),
                None => "Utkast, ikke påbegynt".into(),
            },
        ),
    };
    let comments = r
        .open_comments()
        .map(|v| v.field_comments.clone())
        .unwrap_or_default();
    let mut sections = answer_sections(id, &r.template.def, answers, &comments);
    name_goals(
        &mut sections,
        &r.template.def,
        &programme_goals(store, auth, &r.info.project_id).await?,
    );
    if let Some(refused) = &review_error {
        for f in sections.iter_mut().flat_map(|s| s.fields.iter_mut()) {
            if let Some(c) = refused.field_comments.get(&f.key) {
                f.review_draft = c.clone();
            }
        }
    }
    let review = (rights.review && r.info.state.awaits_review()).then(|| ReviewForm {
        action: format!("/rapporter/{id}/vurdering"),
        comment: review_error
            .as_ref()
            .map(|e| e.comment.clone())
            .unwrap_or_default(),
        error: review_error.as_ref().map(|e| e.message.clone()),
    });
    let title = if review_error.is_some() {
        format!("Feil i vurderingen: {}", head.title)
    } else if dialogue_error.is_some() {
        format!("Feil i dialogmøtet: {}", head.title)
    } else {
        head.title.clone()
    };
    let layout = layout(store, auth, title, Nav::Reports).await?;
    let document_href = match r.info.document_id {
        Some(d) if store.read_as(&auth.viewer).may_read_document(d).await? => {
            Some(crate::knowledge::views::document_href(d))
        }
        _ => None,
    };
    let dialogue = dialogue_view(store, auth, &r, answers, dialogue_error).await?;
    let page = ReportPage {
        layout,
        message,
        dialogue,
        showing,
        sections,
        edit_href: rights.fill.then(|| format!("/rapporter/{id}/rediger")),
        returned: returned(&r),
        review,
        publish_action: (rights.review
            && r.info.state == husk_domain::reporting::ReportState::Approved)
            .then(|| format!("/rapporter/{id}/publiser")),
        versions: if auth.viewer.may_read_report_history(r.info.report_scope()) {
            r.versions.iter().map(|v| VersionRow::new(id, v)).collect()
        } else {
            Vec::new()
        },
        document_href,
        published: r.info.state == husk_domain::reporting::ReportState::Published,
        head,
    };
    render(status, &page)
}

/// `GET /rapporter/{id}`.
pub async fn show(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let id = report_id(&raw)?;
    report_page(
        &store,
        &auth,
        id,
        StatusCode::OK,
        confirmation(query.as_deref()),
        None,
        None,
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Filling in
// ---------------------------------------------------------------------------------------------

#[allow(clippy::too_many_arguments)]
async fn form_page(
    store: &Store,
    auth: &Auth,
    r: &StoredReport,
    status: StatusCode,
    answers: &Answers,
    revision: i64,
    errors: FieldErrors,
    message: Option<String>,
    conflict: Option<ConflictView>,
    blank_rows: &BTreeMap<String, usize>,
) -> Result<Response, PageError> {
    let id = r.info.id;
    let head = ReportHead::new(r, store.taxonomy());
    let comments = r
        .open_comments()
        .map(|v| v.field_comments.clone())
        .unwrap_or_default();
    let title = if conflict.is_some() {
        format!("Endret av en annen: {}", head.title)
    } else if errors.is_empty() {
        format!("Fyll ut: {}", head.title)
    } else {
        format!("Feil i rapporten: {}", head.title)
    };
    let layout = layout(store, auth, title, Nav::Reports).await?;
    let saved = match &r.info.draft_saved_at {
        Some(at) => format!(
            "Sist lagret av {} {}.",
            r.info
                .draft_saved_by
                .clone()
                .unwrap_or_else(|| "ukjent".into()),
            crate::format::timestamp(at)
        ),
        None => "Ikke lagret ennå.".into(),
    };
    let goal_choices = programme_goals(store, auth, &r.info.project_id).await?;
    let mut sections = form_sections(id, &r.template.def, answers, &errors, &comments, blank_rows);
    suggest_goals(&mut sections, &goal_choices);
    let page = ReportFormPage {
        layout,
        action: format!("/rapporter/{id}/rediger"),
        autosave: format!("/rapporter/{id}/utkast"),
        revision,
        goal_choices,
        sections,
        summary: report_errors(&r.template.def, &errors),
        message,
        conflict,
        returned: returned(r),
        saved,
        cancel_href: format!("/rapporter/{id}"),
        head,
    };
    render(status, &page)
}

/// The report if the viewer may fill it in; `None` when it is no longer a draft (submitted,
/// approved or published), so there is nothing to fill in.
async fn editable_report(
    store: &Store,
    auth: &Auth,
    id: i64,
) -> Result<Option<StoredReport>, PageError> {
    let (r, rights) = readable_report(store, auth, id).await?;
    if !auth.viewer.may_fill_report(r.info.scope()) {
        return Err(PageError::Forbidden);
    }
    Ok(rights.fill.then_some(r))
}

/// `GET /rapporter/{id}/rediger`.
pub async fn edit_form(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let id = report_id(&raw)?;
    let Some(r) = editable_report(&store, &auth, id).await? else {
        return Ok(Redirect::to(&format!("/rapporter/{id}")).into_response());
    };
    let q = query.as_deref();
    let message = match param(q, "melding").as_str() {
        "lagret" => Some("Utkastet er lagret.".to_string()),
        "rad" => Some("Utkastet er lagret, og tabellen har fått en ny, tom rad.".to_string()),
        _ => None,
    };
    // «Legg til rad» asks for this many blank rows in one table.
    let mut blank_rows = BTreeMap::new();
    if let (Some(f), Ok(n)) = (
        r.template
            .def
            .field(&param(q, "rad"))
            .filter(|f| f.kind.is_table()),
        param(q, "tomme").parse::<usize>(),
    ) {
        blank_rows.insert(f.key.clone(), n);
    }
    // Show the problems that are already there (malformed values), so nothing surprises at
    // submission.
    let errors = answers::validate(&r.template.def, &r.draft, false);
    let draft = r.draft.clone();
    let revision = r.info.revision;
    form_page(
        &store,
        &auth,
        &r,
        StatusCode::OK,
        &draft,
        revision,
        errors,
        message,
        None,
        &blank_rows,
    )
    .await
}

/// `POST /rapporter/{id}/rediger` (multipart): «Lagre utkast» or «Send inn».
pub async fn save(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let id = report_id(&raw)?;
    let Some(r) = editable_report(&store, &auth, id).await? else {
        return Ok(Redirect::to(&format!("/rapporter/{id}")).into_response());
    };
    let form = read_report_form(&store, multipart).await?;
    let def = &r.template.def;
    let answers = answers_from_form(def, &form.pairs, &r.draft, &form.files);
    if let Some((key, message)) = form.file_error {
        let mut errors = FieldErrors::new();
        errors.push(
            if key.is_empty() {
                "vedlegg".to_string()
            } else {
                key
            },
            message,
        );
        return form_page(
            &store,
            &auth,
            &r,
            StatusCode::UNPROCESSABLE_ENTITY,
            &answers,
            form.revision,
            errors,
            None,
            None,
            &BTreeMap::new(),
        )
        .await;
    }
    let submit = form.action == "send";
    // «Legg til rad» saves the draft like «Lagre utkast» and comes back with one more row.
    let add_row = form.action.strip_prefix("rad:").map(str::to_string);
    let result = if submit {
        store
            .submit_report(id, &answers, form.revision)
            .await
            .map(|_| None)
    } else {
        store
            .save_draft(id, &answers, form.revision)
            .await
            .map(Some)
    };
    match result {
        Ok(None) => Ok(Redirect::to(&format!("/rapporter/{id}?melding=sendt")).into_response()),
        Ok(Some(_)) => {
            let target = add_row
                .and_then(|key| add_row_target(id, def, &key, &form.pairs, &answers))
                .unwrap_or_else(|| format!("/rapporter/{id}/rediger?melding=lagret"));
            Ok(Redirect::to(&target).into_response())
        }
        Err(DraftError::Invalid(errors)) => {
            // The draft was saved with what was typed; show every problem at once.
            let r = found(&auth, store.read_as(&auth.viewer).report(id).await)?;
            let revision = r.info.revision;
            form_page(
                &store,
                &auth,
                &r,
                StatusCode::UNPROCESSABLE_ENTITY,
                &answers,
                revision,
                errors,
                Some("Rapporten er ikke sendt inn, men det du skrev er lagret som utkast.".into()),
                None,
                &BTreeMap::new(),
            )
            .await
        }
        Err(DraftError::TooLong(errors)) => {
            // Nothing was saved; show what was typed with what is too long.
            form_page(
                &store,
                &auth,
                &r,
                StatusCode::UNPROCESSABLE_ENTITY,
                &answers,
                form.revision,
                errors,
                Some("Ingenting er lagret: noen svar er lengre enn det som er tillatt. Forkort dem og lagre igjen.".into()),
                None,
                &BTreeMap::new(),
            )
            .await
        }
        Err(DraftError::Conflict {
            current,
            revision,
            saved_by,
            saved_at,
        }) => {
            let conflict = ConflictView {
                by: saved_by,
                at: crate::format::timestamp(&saved_at),
                changes: answers::diff(def, &answers, &current),
            };
            form_page(
                &store,
                &auth,
                &r,
                StatusCode::CONFLICT,
                &answers,
                revision,
                FieldErrors::new(),
                None,
                Some(conflict),
                &BTreeMap::new(),
            )
            .await
        }
        Err(DraftError::NotEditable(_)) => {
            Ok(Redirect::to(&format!("/rapporter/{id}")).into_response())
        }
        Err(DraftError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(DraftError::Store(e)) => Err(e.into()),
    }
}

/// `POST /rapporter/{id}/utkast` (URL-encoded, from the page's script): saves the draft as the
/// user types. Answers JSON: the new revision, or 409 with who saved in between.
pub async fn autosave(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let id = report_id(&raw)?;
    let Some(r) = editable_report(&store, &auth, id).await? else {
        return Ok((
            StatusCode::CONFLICT,
            Json(serde_json::json!({"error": "rapporten er sendt inn og kan ikke endres"})),
        )
            .into_response());
    };
    let pairs = form_pairs(&body);
    let revision: i64 = pairs
        .iter()
        .find(|(k, _)| k == "revision")
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(-1);
    let answers = answers_from_form(&r.template.def, &pairs, &r.draft, &HashMap::new());
    match store.save_draft(id, &answers, revision).await {
        Ok((revision, problems)) => Ok(Json(serde_json::json!({
            "revision": revision,
            "saved": "Utkastet er lagret automatisk.",
            "problems": problems.iter().map(|e| serde_json::json!({"field": e.field, "id": field_id(&e.field), "message": e.message})).collect::<Vec<_>>(),
        }))
        .into_response()),
        Err(DraftError::Conflict { saved_by, saved_at, .. }) => Ok((
            StatusCode::CONFLICT,
            Json(serde_json::json!({
                "error": format!(
                    "{saved_by} lagret utkastet {} etter at du åpnet det. Det du har skrevet er ikke lagret automatisk. Velg «Lagre utkast» for å se forskjellene før du lagrer.",
                    crate::format::timestamp(&saved_at)
                ),
            })),
        )
            .into_response()),
        Err(DraftError::NotEditable(m)) => Ok((StatusCode::CONFLICT, Json(serde_json::json!({"error": m}))).into_response()),
        Err(DraftError::TooLong(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(serde_json::json!({
                "error": format!(
                    "Utkastet er ikke lagret automatisk. {}",
                    errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" ")
                ),
                "problems": errors.iter().map(|e| serde_json::json!({"field": e.field, "id": field_id(&e.field), "message": e.message})).collect::<Vec<_>>(),
            })),
        )
            .into_response()),
        Err(DraftError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(DraftError::Store(e)) => Err(e.into()),
        Err(DraftError::Invalid(_)) => Err(PageError::Internal("utkast avvist".into())),
    }
}

// ---------------------------------------------------------------------------------------------
// Review and publishing
// ---------------------------------------------------------------------------------------------

/// `POST /rapporter/{id}/vurdering`: `action` = `returner` (with comments) or `godkjenn`;
/// `comment` and `kommentar.<field>` for the per-field comments.
pub async fn review(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let id = report_id(&raw)?;
    let (r, rights) = readable_report(&store, &auth, id).await?;
    auth.allow(rights.review)?;
    let pairs = form_pairs(&body);
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let action = match get("action").as_str() {
        "returner" => ReportAction::Return,
        "godkjenn" => ReportAction::Approve,
        _ => return Err(PageError::NotFound),
    };
    let comment = get("comment");
    let field_comments: BTreeMap<String, String> = pairs
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("kommentar.")
                .map(|f| (f.to_string(), v.clone()))
        })
        .filter(|(f, _)| r.template.def.field(f).is_some())
        .collect();
    match store
        .review_report(id, action, &comment, &field_comments)
        .await
    {
        Ok(_) => {
            let m = if action == ReportAction::Return {
                "returnert"
            } else {
                "godkjent"
            };
            Ok(Redirect::to(&format!("/rapporter/{id}?melding={m}")).into_response())
        }
        Err(ReviewError::Invalid(e)) => {
            let message = e
                .iter()
                .next()
                .map(|e| e.message.clone())
                .unwrap_or_default();
            report_page(
                &store,
                &auth,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(RefusedReview {
                    comment,
                    field_comments,
                    message,
                }),
                None,
            )
            .await
        }
        Err(ReviewError::NotAllowed(m)) => not_allowed(&store, &auth, id, &m).await,
        Err(ReviewError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(ReviewError::Store(e)) => Err(e.into()),
    }
}

/// The report again, saying why the transition was refused (409).
async fn not_allowed(
    store: &Store,
    auth: &Auth,
    id: i64,
    why: &str,
) -> Result<Response, PageError> {
    let message = Some(format!("Ingenting er endret: {why}."));
    report_page(store, auth, id, StatusCode::CONFLICT, message, None, None).await
}

/// `POST /rapporter/{id}/publiser`.
pub async fn publish(
    Acting(store): Acting,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Response, PageError> {
    let id = report_id(&raw)?;
    let (_, rights) = readable_report(&store, &auth, id).await?;
    auth.allow(rights.review)?;
    match store.publish_report(id).await {
        Ok(_) => Ok(Redirect::to(&format!("/rapporter/{id}?melding=publisert")).into_response()),
        Err(ReviewError::NotAllowed(m)) => not_allowed(&store, &auth, id, &m).await,
        Err(ReviewError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(ReviewError::Store(e)) => Err(e.into()),
        Err(ReviewError::Invalid(_)) => Err(PageError::NotFound),
    }
}

// ---------------------------------------------------------------------------------------------
// Versions and attachments
// ---------------------------------------------------------------------------------------------

/// `GET /rapporter/{id}/versjoner/{n}`: a submitted version, compared with the one before.
pub async fn version(
    Acting(store): Acting,
    auth: Auth,
    Path((raw, n)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = report_id(&raw)?;
    let (r, _) = readable_report(&store, &auth, id).await?;
    if !auth.viewer.may_read_report_history(r.info.report_scope()) {
        // Outsiders read the approved report, not its history.
        return Err(hidden(&auth));
    }
    let n: i64 = n.parse().map_err(|_| PageError::NotFound)?;
    let Some(pos) = r.versions.iter().position(|v| v.number == n) else {
        return Err(PageError::NotFound);
    };
    let v = &r.versions[pos];
    let prev = pos.checked_sub(1).map(|p| &r.versions[p]);
    let def = &r.template.def;
    let changes = answers::diff(
        def,
        prev.map_or(&Answers::new(), |p| &p.answers),
        &v.answers,
    );
    let head = ReportHead::new(&r, store.taxonomy());
    let layout = layout(
        &store,
        &auth,
        format!("Versjon {n}: {}", head.title),
        Nav::Reports,
    )
    .await?;
    render(
        StatusCode::OK,
        &ReportVersionPage {
            layout,
            version: VersionRow::new(id, v),
            previous: prev.map(|p| VersionRow::new(id, p)),
            next_href: r
                .versions
                .get(pos + 1)
                .map(|x| format!("/rapporter/{id}/versjoner/{}", x.number)),
            changes,
            review_comment: v.review_comment.clone(),
            sections: answer_sections(id, def, &v.answers, &v.field_comments),
            head,
        },
    )
}

/// `GET /rapporter/{id}/vedlegg/{sha}`: an attachment of the report (of its draft, if the
/// viewer may fill it in, or of a submitted version).
pub async fn attachment(
    Acting(store): Acting,
    auth: Auth,
    Path((raw, sha)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = report_id(&raw)?;
    // The report as this viewer may see it: the draft only for those who may fill it in,
    // only the approved version for outsiders.
    let (r, _) = readable_report(&store, &auth, id).await?;
    let sources: Vec<&Answers> = std::iter::once(&r.draft)
        .chain(r.versions.iter().map(|v| &v.answers))
        .collect();
    let found = sources
        .iter()
        .flat_map(|a| a.values())
        .flat_map(|a| a.files())
        .find(|f| f.sha256 == sha)
        .cloned();
    let Some(file) = found else {
        return Err(PageError::NotFound);
    };
    let path = store.files_dir().join(&file.sha256);
    crate::knowledge::documents::send_file(&path, &file.name, &file.content_type).await
}

// ---------------------------------------------------------------------------------------------
// Annual summary
// ---------------------------------------------------------------------------------------------

async fn summary_for(
    store: &Store,
    auth: &Auth,
    id: &str,
    query: Option<&str>,
) -> Result<(husk_store::reporting::AnnualSummary, ProjectDetail), PageError> {
    let entry = found(auth, store.read_as(&auth.viewer).entry(id).await)?;
    let detail = entry.detail().await?;
    let period = detail.project.years;
    // Only the years of the programme's period; without a year, the latest one with data.
    let year: i32 = match param(query, "ar").as_str() {
        "" => period.summary_year(today().year(), &entry.summary_years_with_data().await?),
        y => y
            .parse()
            .ok()
            .filter(|y| period.years(today().year()).contains(y))
            .ok_or(PageError::NotFound)?,
    };
    let summary = entry
        .annual_summary(year)
        .await?
        .ok_or(PageError::NotFound)?;
    Ok((summary, detail))
}

/// `GET /prosjekter/{id}/arssammendrag?ar=…`: the year of a programme compiled from its
/// approved reports, as a page that prints well.
pub async fn annual_summary(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let (s, detail) = summary_for(&store, &auth, &id, query.as_deref()).await?;
    let tax = store.taxonomy();
    let years = detail
        .project
        .years
        .years_so_far(today().year())
        .rev()
        .map(|y| {
            (
                y,
                format!("/prosjekter/{id}/arssammendrag?ar={y}"),
                y == s.year,
            )
        })
        .collect();
    let entries = AnnualSummaryPage::entries(&s);
    let indicator_rows = entries
        .iter()
        .flat_map(|e| {
            e.indicators
                .iter()
                .map(|i| (e.project_title.clone(), i.clone()))
        })
        .collect();
    let layout = layout(
        &store,
        &auth,
        format!("Årsmelding {}: {}", s.year, s.programme_title),
        Nav::Projects,
    )
    .await?;
    render(
        StatusCode::OK,
        &AnnualSummaryPage {
            layout,
            programme_href: crate::portfolio::views::project_href(&id),
            programme_title: s.programme_title.clone(),
            year: s.year,
            years,
            xlsx_href: format!("/prosjekter/{id}/arssammendrag.xlsx?ar={}", s.year),
            entries,
            pending: s
                .pending
                .iter()
                .map(|r| PublishedRow::new(r, tax))
                .collect(),
            indicator_rows,
        },
    )
}

/// `GET /prosjekter/{id}/arssammendrag.xlsx?ar=…`.
pub async fn annual_summary_xlsx(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let (s, _) = summary_for(&store, &auth, &id, query.as_deref()).await?;
    let bytes = husk_files::annual_summary_xlsx(&s)
        .map_err(|e| PageError::Internal(format!("årsmelding som XLSX: {e}")))?;
    let name = format!("arsmelding-{}-{}.xlsx", s.programme_id, s.year);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

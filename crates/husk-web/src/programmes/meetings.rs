//! The status meetings' pages: a participant's meetings with the next one due and the form
//! that plans one (with the agenda generated for its date), a meeting's page (agenda,
//! follow-up of earlier actions, minutes, actions agreed, the form that records it), and the
//! status of an agreed action. Planning and recording are for who may manage the
//! participation; an action's status also for the municipality's own recipient.

use super::meetings_views::{MeetingPage, MeetingsPage, PlanForm, RecordForm};
use crate::auth::Auth;
use crate::error::PageError;
use crate::paging::{PageNav, Paging};
use crate::query::{field, param};
use crate::shared::form::{form_pairs, SummaryItem};
use crate::shared::layout::Nav;
use crate::shared::pages::{found, layout, render};
use crate::shared::state::Acting;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use husk_domain::norwegian::parse_date;
use husk_domain::programmes::meetings::{AgreedActionInput, MeetingPlanInput, StatusMeetingInput};
use husk_domain::FieldErrors;
use husk_store::programmes::meetings::ParticipantMeetings;
use husk_store::reporting::today;
use husk_store::{SaveError, Store, StoreError};

fn number(raw: &str) -> Result<i64, PageError> {
    raw.parse().map_err(|_| PageError::NotFound)
}

/// The participant's meetings as the viewer reads them (not found when the viewer may not).
pub(super) async fn meetings_of(
    store: &Store,
    auth: &Auth,
    programme: &str,
    participant: &str,
) -> Result<ParticipantMeetings, PageError> {
    let pid = number(participant)?;
    found(
        auth,
        store
            .read_as(&auth.viewer)
            .status_meetings(programme, pid)
            .await,
    )
}

/// A confirmation the redirect after a save asks for.
fn confirmation(query: Option<&str>) -> Option<String> {
    match param(query, "melding").as_deref() {
        Some("planlagt") => Some("Statusmøtet er planlagt.".into()),
        Some("registrert") => Some("Møtet er registrert.".into()),
        Some("status") => Some("Statusen til oppfølgingspunktet er lagret.".into()),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
async fn list_page(
    store: &Store,
    auth: &Auth,
    m: &ParticipantMeetings,
    query: Option<&str>,
    status: StatusCode,
    values: MeetingPlanInput,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let may_manage = auth.viewer.may_manage_participation(m.participant.scope());
    let today = today();
    // The agenda is for the date typed, else the next meeting due, else today.
    let date = parse_date(&values.date)
        .ok()
        .or(m.next_due)
        .unwrap_or(today);
    let agenda = store
        .read_as(&auth.viewer)
        .meeting_agenda(m, date, None, today)
        .await?;
    let path = super::meetings_views::meetings_path(m);
    let total = m.meetings.len();
    let paging = Paging::for_list(query, total);
    let nav = PageNav::new(&path, query, paging, total);
    let title = if errors.is_empty() {
        format!("Statusmøter: {}", m.participant.name)
    } else {
        format!("Feil i skjemaet: Statusmøter: {}", m.participant.name)
    };
    let form = may_manage.then(|| PlanForm {
        action: path.clone(),
        summary: errors
            .iter()
            .map(|e| SummaryItem {
                target: format!("plan-{}", e.field),
                label: super::meetings_views::plan_label(&e.field),
                message: e.message.clone(),
            })
            .collect(),
        date: values.date,
        attendees: values.attendees,
        errors,
    });
    let layout = layout(store, auth, title, Nav::Programmes).await?;
    let page = MeetingsPage::new(
        layout,
        m,
        paging.range(total),
        nav,
        form,
        &agenda,
        today,
        confirmation(query),
    );
    render(status, &page)
}

/// `GET /programmer/{id}/deltakere/{participant}/statusmoter`: the meetings, the next one
/// due, and for who may manage the participation the form that plans one; `?dato=` shows the
/// agenda for that date in the form.
pub async fn list(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let m = meetings_of(&store, &auth, &id, &participant).await?;
    let values = MeetingPlanInput {
        date: param(query.as_deref(), "dato").unwrap_or_default(),
        attendees: param(query.as_deref(), "deltakere").unwrap_or_default(),
    };
    list_page(
        &store,
        &auth,
        &m,
        query.as_deref(),
        StatusCode::OK,
        values,
        FieldErrors::new(),
    )
    .await
}

/// `POST /programmer/{id}/deltakere/{participant}/statusmoter`: plans a meeting.
pub async fn plan(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let m = meetings_of(&store, &auth, &id, &participant).await?;
    auth.allow(auth.viewer.may_manage_participation(m.participant.scope()))?;
    let pairs = form_pairs(&body);
    let values = MeetingPlanInput {
        date: field(&pairs, "dato").to_string(),
        attendees: field(&pairs, "deltakere").to_string(),
    };
    match store.plan_status_meeting(m.participant.id, &values).await {
        Ok(meeting) => Ok(Redirect::to(&format!(
            "{}/{meeting}?melding=planlagt",
            super::meetings_views::meetings_path(&m)
        ))
        .into_response()),
        Err(SaveError::Invalid(errors)) => {
            list_page(
                &store,
                &auth,
                &m,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
                values,
                errors,
            )
            .await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

#[allow(clippy::too_many_arguments)]
async fn meeting_page(
    store: &Store,
    auth: &Auth,
    m: &ParticipantMeetings,
    meeting: i64,
    status: StatusCode,
    record: Option<(StatusMeetingInput, FieldErrors)>,
    action_error: Option<(i64, String, String)>,
    message: Option<String>,
) -> Result<Response, PageError> {
    let x = m.meeting(meeting).ok_or(PageError::NotFound)?;
    let today = today();
    let agenda = store
        .read_as(&auth.viewer)
        .meeting_agenda(m, x.date(), Some(x.id), today)
        .await?;
    let path = format!("{}/{}", super::meetings_views::meetings_path(m), x.id);
    let may_manage = auth.viewer.may_manage_participation(m.participant.scope());
    let invalid = record.as_ref().is_some_and(|(_, e)| !e.is_empty()) || action_error.is_some();
    let form = may_manage.then(|| {
        let (values, errors) = record.unwrap_or_else(|| {
            (
                StatusMeetingInput {
                    date: husk_domain::norwegian::format_date(x.held.unwrap_or(x.planned)),
                    attendees: x.attendees.clone(),
                    minutes: x.minutes.clone(),
                    actions: Vec::new(),
                },
                FieldErrors::new(),
            )
        });
        RecordForm::new(path.clone(), values, errors)
    });
    let heading = format!(
        "Statusmøte med {} {}",
        m.participant.name,
        husk_domain::norwegian::format_date(x.date())
    );
    let title = if invalid {
        format!("Feil i skjemaet: {heading}")
    } else {
        heading
    };
    let layout = layout(store, auth, title, Nav::Programmes).await?;
    let page = MeetingPage::new(
        layout,
        m,
        x,
        &agenda,
        auth.viewer
            .may_update_participation_plan(m.participant.scope()),
        form,
        action_error,
        today,
        message,
    );
    render(status, &page)
}

/// `GET /programmer/{id}/deltakere/{participant}/statusmoter/{meeting}`.
pub async fn show(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant, meeting)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let m = meetings_of(&store, &auth, &id, &participant).await?;
    let meeting = number(&meeting)?;
    meeting_page(
        &store,
        &auth,
        &m,
        meeting,
        StatusCode::OK,
        None,
        None,
        confirmation(query.as_deref()),
    )
    .await
}

/// The action rows of a record form: `tiltak_tekst`, `tiltak_ansvarlig` and `tiltak_frist`,
/// repeated once per row, in order.
fn action_rows(pairs: &[(String, String)]) -> Vec<AgreedActionInput> {
    let all = |k: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let (texts, owners, dues) = (
        all("tiltak_tekst"),
        all("tiltak_ansvarlig"),
        all("tiltak_frist"),
    );
    let rows = texts.len().max(owners.len()).max(dues.len());
    (0..rows)
        .map(|i| AgreedActionInput {
            text: texts.get(i).cloned().unwrap_or_default(),
            owner: owners.get(i).cloned().unwrap_or_default(),
            due: dues.get(i).cloned().unwrap_or_default(),
        })
        .collect()
}

/// `POST /programmer/{id}/deltakere/{participant}/statusmoter/{meeting}`: records the meeting
/// as held.
pub async fn record(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant, meeting)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let m = meetings_of(&store, &auth, &id, &participant).await?;
    let meeting = number(&meeting)?;
    m.meeting(meeting).ok_or(PageError::NotFound)?;
    auth.allow(auth.viewer.may_manage_participation(m.participant.scope()))?;
    let pairs = form_pairs(&body);
    let values = StatusMeetingInput {
        date: field(&pairs, "dato").to_string(),
        attendees: field(&pairs, "deltakere").to_string(),
        minutes: field(&pairs, "referat").to_string(),
        actions: action_rows(&pairs),
    };
    match store.record_status_meeting(meeting, &values).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "{}/{meeting}?melding=registrert",
            super::meetings_views::meetings_path(&m)
        ))
        .into_response()),
        Err(SaveError::Invalid(errors)) => {
            meeting_page(
                &store,
                &auth,
                &m,
                meeting,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some((values, errors)),
                None,
                None,
            )
            .await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// `POST /programmer/{id}/deltakere/{participant}/statusmoter/{meeting}/oppfolging/{action}`:
/// sets an agreed action open or done (the participation's managers and its own recipient).
pub async fn action_status(
    Acting(store): Acting,
    auth: Auth,
    Path((id, participant, meeting, action)): Path<(String, String, String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let m = meetings_of(&store, &auth, &id, &participant).await?;
    let meeting = number(&meeting)?;
    let action = number(&action)?;
    m.meeting(meeting).ok_or(PageError::NotFound)?;
    m.action(action).ok_or(PageError::NotFound)?;
    auth.allow(
        auth.viewer
            .may_update_participation_plan(m.participant.scope()),
    )?;
    let pairs = form_pairs(&body);
    let done_on = field(&pairs, "utfort").to_string();
    match store
        .set_action_status(action, field(&pairs, "status"), &done_on, today())
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "{}/{meeting}?melding=status#punkt-{action}",
            super::meetings_views::meetings_path(&m)
        ))
        .into_response()),
        Err(SaveError::Invalid(errors)) => {
            let message = errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(" ");
            meeting_page(
                &store,
                &auth,
                &m,
                meeting,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some((action, message, done_on)),
                None,
            )
            .await
        }
        Err(SaveError::Store(StoreError::NotFound(_))) => Err(PageError::NotFound),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

//! The status meetings' view models: a participant's meetings with the next one due, the form
//! that plans one with its generated agenda, and a meeting's page with minutes, the actions
//! agreed and the follow-up of earlier ones.

use crate::format;
use crate::paging::PageNav;
use crate::shared::form::SummaryItem;
use crate::shared::layout::Layout;
use askama::Template;
use husk_domain::norwegian::count;
use husk_domain::programmes::meetings::{ActionStatus, AgreedActionInput, StatusMeetingInput};
use husk_domain::programmes::Agenda;
use husk_domain::FieldErrors;
use husk_store::programmes::meetings::{ParticipantMeetings, StoredAction, StoredMeeting};
use time::Date;

/// Empty action rows the record form offers.
pub const ACTION_ROWS: usize = 3;

/// One point of a generated agenda.
pub struct AgendaPoint {
    pub heading: String,
    pub lines: Vec<String>,
}

/// A generated agenda.
pub struct AgendaView {
    pub heading: String,
    pub points: Vec<AgendaPoint>,
}

impl AgendaView {
    pub fn new(a: &Agenda) -> AgendaView {
        AgendaView {
            heading: format!("Dagsorden for statusmøtet {}", format::date(a.date)),
            points: a
                .items
                .iter()
                .map(|item| AgendaPoint {
                    heading: item.heading.clone(),
                    lines: item.lines.clone(),
                })
                .collect(),
        }
    }
}

/// One meeting in the list.
pub struct MeetingRow {
    pub href: String,
    pub date: String,
    pub state: String,
    pub attendees: String,
    pub actions: String,
}

fn meeting_state(m: &StoredMeeting) -> String {
    match m.held {
        Some(_) => "Holdt".into(),
        None => "Planlagt".into(),
    }
}

fn actions_summary(m: &StoredMeeting) -> String {
    if m.actions.is_empty() {
        return "Ingen".into();
    }
    let open = m.actions.iter().filter(|a| a.is_open()).count();
    format!(
        "{}, {} åpne",
        count(
            m.actions.len() as i64,
            "oppfølgingspunkt",
            "oppfølgingspunkter"
        ),
        open
    )
}

/// The planning form's values and problems.
pub struct PlanForm {
    pub action: String,
    pub date: String,
    pub attendees: String,
    pub errors: FieldErrors,
    pub summary: Vec<SummaryItem>,
}

impl PlanForm {
    pub fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

pub fn plan_label(field: &str) -> &'static str {
    match field {
        "dato" => "Dato",
        "deltakere" => "Inviterte",
        _ => "Skjemaet",
    }
}

#[derive(Template)]
#[template(path = "programmes/meetings.html")]
pub struct MeetingsPage {
    pub layout: Layout,
    pub programme_id: String,
    pub programme_title: String,
    pub participant: String,
    pub participant_id: i64,
    pub path: String,
    pub next_due: String,
    pub late: bool,
    pub rows: Vec<MeetingRow>,
    pub total: String,
    pub nav: Option<PageNav>,
    pub open_actions: Vec<ActionView>,
    pub form: Option<PlanForm>,
    pub agenda: AgendaView,
    /// The agenda's date as the date field shows it.
    pub agenda_date: String,
    pub message: Option<String>,
}

impl MeetingsPage {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        layout: Layout,
        m: &ParticipantMeetings,
        page: std::ops::Range<usize>,
        nav: Option<PageNav>,
        form: Option<PlanForm>,
        agenda: &Agenda,
        today: Date,
        message: Option<String>,
    ) -> MeetingsPage {
        let path = meetings_path(m);
        // Newest first in the list.
        let newest: Vec<&StoredMeeting> = m.meetings.iter().rev().collect();
        MeetingsPage {
            layout,
            programme_id: m.programme_id.clone(),
            programme_title: m.programme_title.clone(),
            participant: m.participant.name.clone(),
            participant_id: m.participant.id,
            next_due: match m.next_due {
                Some(d) if d < today => format!("{} (fristen er passert)", format::date(d)),
                Some(d) => format::date(d),
                None => "Ikke planlagt ennå. Planlegg det første statusmøtet under.".into(),
            },
            late: m.next_due.is_some_and(|d| d < today),
            rows: newest[page]
                .iter()
                .map(|x| MeetingRow {
                    href: format!("{path}/{}", x.id),
                    date: format::date(x.date()),
                    state: meeting_state(x),
                    attendees: if x.attendees.is_empty() {
                        "Ikke registrert".into()
                    } else {
                        x.attendees.clone()
                    },
                    actions: actions_summary(x),
                })
                .collect(),
            total: count(m.meetings.len() as i64, "statusmøte", "statusmøter"),
            nav,
            open_actions: m
                .meetings
                .iter()
                .flat_map(|x| &x.actions)
                .filter(|a| a.is_open())
                .map(|a| ActionView::new(a, &path, None, today, None))
                .collect(),
            form,
            agenda: AgendaView::new(agenda),
            agenda_date: format::date(agenda.date),
            path,
            message,
        }
    }
}

/// `/programmer/{id}/deltakere/{participant}/statusmoter`.
pub fn meetings_path(m: &ParticipantMeetings) -> String {
    format!(
        "/programmer/{}/deltakere/{}/statusmoter",
        m.programme_id, m.participant.id
    )
}

/// An agreed action with, for who may update it, the form that sets its status.
pub struct ActionView {
    pub id: i64,
    pub anchor: String,
    pub text: String,
    pub owner: String,
    pub due: String,
    pub agreed_on: String,
    pub status: String,
    /// The page of the meeting that agreed it.
    pub meeting_href: String,
    pub done: bool,
    pub overdue: bool,
    /// Where the status form posts (`None` for who may only read): under the meeting whose
    /// page shows it, so that the page comes back after the change.
    pub form: Option<String>,
    pub error: Option<String>,
    pub done_on: String,
}

impl ActionView {
    pub fn new(
        a: &StoredAction,
        path: &str,
        form: Option<i64>,
        today: Date,
        error: Option<(String, String)>,
    ) -> ActionView {
        let (status, done) = match a.status {
            ActionStatus::Open => ("Åpent".to_string(), false),
            ActionStatus::Done { on } => (format!("Utført {}", format::date(on)), true),
        };
        let (error, done_on) = match error {
            Some((message, typed)) => (Some(message), typed),
            None => (None, String::new()),
        };
        ActionView {
            id: a.id,
            anchor: format!("punkt-{}", a.id),
            text: a.text.clone(),
            owner: a.owner.clone(),
            due: format::date(a.due),
            agreed_on: format::date(a.agreed_on),
            status,
            meeting_href: format!("{path}/{}#punkt-{}", a.meeting_id, a.id),
            done,
            overdue: !done && a.due < today,
            form: form.map(|meeting| format!("{path}/{meeting}/oppfolging/{}", a.id)),
            error,
            done_on,
        }
    }
}

/// One row of action fields in the record form.
pub struct ActionRowView {
    pub n: usize,
    pub text: String,
    pub owner: String,
    pub due: String,
    pub text_error: Option<String>,
    pub owner_error: Option<String>,
    pub due_error: Option<String>,
}

/// The record form's values and problems.
pub struct RecordForm {
    pub action: String,
    pub date: String,
    pub attendees: String,
    pub minutes: String,
    pub rows: Vec<ActionRowView>,
    pub errors: FieldErrors,
    pub summary: Vec<SummaryItem>,
}

impl RecordForm {
    pub fn new(action: String, values: StatusMeetingInput, errors: FieldErrors) -> RecordForm {
        // The rows that were filled in come first, so that the errors' row numbers (which
        // count only those) are the rows' numbers on the page.
        let mut actions: Vec<AgreedActionInput> = values
            .actions
            .iter()
            .filter(|a| {
                !(a.text.trim().is_empty() && a.owner.trim().is_empty() && a.due.trim().is_empty())
            })
            .cloned()
            .collect();
        while actions.len() < ACTION_ROWS {
            actions.push(AgreedActionInput::default());
        }
        let rows = actions
            .into_iter()
            .enumerate()
            .map(|(i, a)| {
                let n = i + 1;
                let e = |f: &str| errors.get(&format!("tiltak.{n}.{f}")).map(str::to_string);
                ActionRowView {
                    n,
                    text_error: e("tekst"),
                    owner_error: e("ansvarlig"),
                    due_error: e("frist"),
                    text: a.text,
                    owner: a.owner,
                    due: a.due,
                }
            })
            .collect();
        let summary = errors
            .iter()
            .map(|e| SummaryItem {
                target: format!("mote-{}", e.field.replace('.', "-")),
                label: record_label(&e.field),
                message: e.message.clone(),
            })
            .collect();
        RecordForm {
            action,
            date: values.date,
            attendees: values.attendees,
            minutes: values.minutes,
            rows,
            errors,
            summary,
        }
    }

    pub fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

fn record_label(field: &str) -> &'static str {
    match field {
        "dato" => "Dato holdt",
        "deltakere" => "Deltakere",
        "referat" => "Referat",
        f if f.ends_with(".tekst") => "Oppfølgingspunkt",
        f if f.ends_with(".ansvarlig") => "Ansvarlig",
        f if f.ends_with(".frist") => "Frist",
        _ => "Skjemaet",
    }
}

#[derive(Template)]
#[template(path = "programmes/meeting.html")]
pub struct MeetingPage {
    pub layout: Layout,
    pub programme_id: String,
    pub programme_title: String,
    pub participant: String,
    pub list_href: String,
    pub heading: String,
    pub planned: String,
    pub held: Option<String>,
    pub attendees: String,
    pub minutes: Vec<String>,
    pub agenda: AgendaView,
    pub follow_up: Vec<ActionView>,
    pub actions: Vec<ActionView>,
    pub form: Option<RecordForm>,
    pub message: Option<String>,
}

impl MeetingPage {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        layout: Layout,
        m: &ParticipantMeetings,
        meeting: &StoredMeeting,
        agenda: &Agenda,
        may_update_actions: bool,
        form: Option<RecordForm>,
        action_error: Option<(i64, String, String)>,
        today: Date,
        message: Option<String>,
    ) -> MeetingPage {
        let path = meetings_path(m);
        let view = |a: &StoredAction| {
            let error = action_error
                .as_ref()
                .filter(|(id, _, _)| *id == a.id)
                .map(|(_, msg, typed)| (msg.clone(), typed.clone()));
            ActionView::new(
                a,
                &path,
                may_update_actions.then_some(meeting.id),
                today,
                error,
            )
        };
        MeetingPage {
            layout,
            programme_id: m.programme_id.clone(),
            programme_title: m.programme_title.clone(),
            participant: m.participant.name.clone(),
            heading: format!(
                "Statusmøte med {} {}",
                m.participant.name,
                format::date(meeting.date())
            ),
            planned: format::date(meeting.planned),
            held: meeting.held.map(format::date),
            attendees: meeting.attendees.clone(),
            minutes: meeting
                .minutes
                .split("\n\n")
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
            agenda: AgendaView::new(agenda),
            follow_up: m
                .follow_up(meeting.date(), Some(meeting.id))
                .into_iter()
                .map(view)
                .collect(),
            actions: meeting.actions.iter().map(view).collect(),
            form,
            list_href: path,
            message,
        }
    }
}

//! Status meetings (issue 10): each programme participant meets Husbanken every half year. A
//! meeting is planned (a date, who is invited), then recorded as held (the date it was held,
//! attendees, minutes and the actions agreed, each with an owner and a due date). An action
//! stays open until marked done, and every later meeting's agenda takes it up until then
//! ([`husk_domain::programmes::meetings::agenda`]). Reminders before a meeting is due are in
//! [`reminders`].
//!
//! Reads take the viewer ([`Reader::status_meetings`], [`Reader::meeting_agenda`]): whoever
//! reads the participation ([`husk_domain::Viewer::may_read_participation`]). Writes are
//! checked by the caller with [`husk_domain::Viewer::may_manage_participation`] (planning and
//! recording) or [`husk_domain::Viewer::may_update_participation_plan`] (an action's status).

pub mod reminders;
mod sql;

use super::{Participant, Programme};
use crate::{Reader, SaveError, Store, StoreError};
use husk_domain::norwegian::{iso_date, parse_date};
use husk_domain::programmes::meetings::{
    action_status, agenda, next_meeting_due, ActionStatus, AgendaInputs, AgreedAction,
    IndicatorReading, MeasureChange, MeetingPlanInput, StatusMeeting, StatusMeetingInput,
};
use husk_domain::programmes::Agenda;
use husk_domain::reporting::Obligation;
use serde::Serialize;
use time::Date;

/// An action agreed at a status meeting, as stored.
#[derive(Debug, Clone, Serialize)]
pub struct StoredAction {
    pub id: i64,
    pub meeting_id: i64,
    pub text: String,
    pub owner: String,
    #[serde(with = "iso")]
    pub due: Date,
    /// The date of the meeting that agreed it.
    #[serde(with = "iso")]
    pub agreed_on: Date,
    pub status: ActionStatus,
}

impl StoredAction {
    pub fn is_open(&self) -> bool {
        self.status == ActionStatus::Open
    }

    fn agreed(&self) -> AgreedAction {
        AgreedAction {
            id: self.id.to_string(),
            text: self.text.clone(),
            owner: self.owner.clone(),
            due: self.due,
            agreed_on: self.agreed_on,
            status: self.status,
        }
    }
}

/// A status meeting, planned or held.
#[derive(Debug, Clone, Serialize)]
pub struct StoredMeeting {
    pub id: i64,
    #[serde(with = "iso")]
    pub planned: Date,
    /// `None` until it is recorded as held.
    #[serde(with = "iso_option")]
    pub held: Option<Date>,
    pub attendees: String,
    pub minutes: String,
    /// The actions agreed at it.
    pub actions: Vec<StoredAction>,
}

impl StoredMeeting {
    /// The date it was held, or is planned for.
    pub fn date(&self) -> Date {
        self.held.unwrap_or(self.planned)
    }
}

/// A participant's status meetings as a viewer reads them.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipantMeetings {
    pub programme_id: String,
    pub programme_title: String,
    pub participant: Participant,
    /// By date, oldest first.
    pub meetings: Vec<StoredMeeting>,
    /// When the next meeting is due: the earliest meeting planned and not held, or half a year
    /// after the last one held; `None` before any is planned or held.
    #[serde(with = "iso_option")]
    pub next_due: Option<Date>,
}

impl ParticipantMeetings {
    pub fn meeting(&self, id: i64) -> Option<&StoredMeeting> {
        self.meetings.iter().find(|m| m.id == id)
    }

    /// The action with this id, agreed at any of the participant's meetings.
    pub fn action(&self, id: i64) -> Option<&StoredAction> {
        self.meetings
            .iter()
            .flat_map(|m| &m.actions)
            .find(|a| a.id == id)
    }

    /// What the agenda of the meeting on `date` follows up from earlier meetings (other
    /// than `except`): their open actions, and those done since the last meeting held before
    /// `date`, oldest first.
    pub fn follow_up(&self, date: Date, except: Option<i64>) -> Vec<&StoredAction> {
        let earlier: Vec<&StoredMeeting> = self
            .meetings
            .iter()
            .filter(|m| Some(m.id) != except && m.held.is_some_and(|h| h < date))
            .collect();
        let last = earlier.iter().filter_map(|m| m.held).max();
        let mut out: Vec<&StoredAction> = earlier
            .iter()
            .flat_map(|m| &m.actions)
            .filter(|a| match a.status {
                ActionStatus::Open => true,
                ActionStatus::Done { on } => last.is_some_and(|l| on >= l),
            })
            .collect();
        out.sort_by_key(|a| (a.agreed_on, a.due, a.id));
        out
    }
}

/// When the next meeting is due (see [`ParticipantMeetings::next_due`]).
fn next_due(meetings: &[StoredMeeting]) -> Option<Date> {
    let planned = meetings
        .iter()
        .filter(|m| m.held.is_none())
        .map(|m| m.planned)
        .min();
    planned.or_else(|| {
        meetings
            .iter()
            .filter_map(|m| m.held)
            .max()
            .map(next_meeting_due)
    })
}

fn date(text: &str) -> Option<Date> {
    parse_date(text).ok()
}

mod iso {
    use serde::Serializer;
    use time::Date;
    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&husk_domain::norwegian::iso_date(*d))
    }
}

mod iso_option {
    use serde::Serializer;
    use time::Date;
    pub fn serialize<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_some(&husk_domain::norwegian::iso_date(*d)),
            None => s.serialize_none(),
        }
    }
}

impl Store {
    /// A participant's meetings with their actions, unfiltered.
    async fn meetings_of(&self, participant: i64) -> Result<Vec<StoredMeeting>, StoreError> {
        let mut meetings: Vec<StoredMeeting> = sql::meetings(&self.pool, participant)
            .await?
            .into_iter()
            .filter_map(|(id, _, planned, held, attendees, minutes)| {
                Some(StoredMeeting {
                    id,
                    planned: date(&planned)?,
                    held: held.as_deref().and_then(date),
                    attendees,
                    minutes,
                    actions: Vec::new(),
                })
            })
            .collect();
        for (id, meeting, text, owner, due, status, done_on) in
            sql::actions(&self.pool, participant).await?
        {
            let Some(m) = meetings.iter_mut().find(|m| m.id == meeting) else {
                continue;
            };
            let Some(due) = date(&due) else { continue };
            let status = match (status.as_str(), done_on.as_deref().and_then(date)) {
                ("utfort", Some(on)) => ActionStatus::Done { on },
                _ => ActionStatus::Open,
            };
            let agreed_on = m.date();
            m.actions.push(StoredAction {
                id,
                meeting_id: meeting,
                text,
                owner,
                due,
                agreed_on,
                status,
            });
        }
        meetings.sort_by_key(|m| (m.date(), m.id));
        Ok(meetings)
    }

    /// Plans a status meeting for a participant: its date and who is invited. The caller has
    /// checked [`husk_domain::Viewer::may_manage_participation`].
    pub async fn plan_status_meeting(
        &self,
        participant: i64,
        input: &MeetingPlanInput,
    ) -> Result<i64, SaveError> {
        let plan = input.validate().map_err(SaveError::Invalid)?;
        let mut tx = self.begin_write().await?;
        if super::sql::participant(&mut *tx, participant)
            .await?
            .is_none()
        {
            return Err(StoreError::NotFound(format!("deltaker {participant}")).into());
        }
        let id = sql::insert_meeting(
            &mut *tx,
            participant,
            &iso_date(plan.date),
            &plan.attendees,
            self.actor().and_then(|a| a.user_id),
            &crate::now_text(),
        )
        .await?;
        Self::commit_write(tx).await?;
        Ok(id)
    }

    /// Records a meeting as held (on a date not after today): the date, attendees, minutes,
    /// and the actions agreed (added to those already recorded at it). The caller has checked
    /// [`husk_domain::Viewer::may_manage_participation`].
    pub async fn record_status_meeting(
        &self,
        meeting: i64,
        input: &StatusMeetingInput,
    ) -> Result<StatusMeeting, SaveError> {
        let m = input
            .validate_held(crate::reporting::today())
            .map_err(SaveError::Invalid)?;
        let mut tx = self.begin_write().await?;
        let now = crate::now_text();
        let n = sql::update_held(
            &mut *tx,
            meeting,
            &iso_date(m.date),
            &m.attendees,
            &m.minutes,
            &now,
        )
        .await?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("statusmøte {meeting}")).into());
        }
        let mut sort = sql::next_action_sort(&mut *tx, meeting).await?;
        let by = self.actor().and_then(|a| a.user_id);
        for a in &m.actions {
            sql::insert_action(
                &mut *tx,
                &sql::ActionColumns {
                    meeting,
                    text: &a.text,
                    owner: &a.owner,
                    due: &iso_date(a.due),
                    sort,
                    updated_by: by,
                    now: &now,
                },
            )
            .await?;
            sort += 1;
        }
        Self::commit_write(tx).await?;
        Ok(m)
    }

    /// Sets an agreed action open or done (`status` `apen` or `utfort`; `done_on` as typed,
    /// empty for `today`). The caller has checked
    /// [`husk_domain::Viewer::may_update_participation_plan`].
    pub async fn set_action_status(
        &self,
        action: i64,
        status: &str,
        done_on: &str,
        today: Date,
    ) -> Result<ActionStatus, SaveError> {
        let s = action_status(status, done_on, today).map_err(SaveError::Invalid)?;
        let (code, on) = match s {
            ActionStatus::Open => ("apen", None),
            ActionStatus::Done { on } => ("utfort", Some(iso_date(on))),
        };
        let mut tx = self.begin_write().await?;
        let n = sql::update_action_status(
            &mut *tx,
            action,
            code,
            on.as_deref(),
            self.actor().and_then(|a| a.user_id),
            &crate::now_text(),
        )
        .await?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("oppfølgingspunkt {action}")).into());
        }
        Self::commit_write(tx).await?;
        Ok(s)
    }

    /// The participant a meeting belongs to.
    pub async fn meeting_participant(&self, meeting: i64) -> Result<Option<i64>, StoreError> {
        Ok(sql::meeting_participant(&self.pool, meeting).await?)
    }
}

impl Reader<'_> {
    /// A participant's status meetings: `Ok(None)` when the programme or the participant does
    /// not exist (or is not one the viewer reads among the programme's), `Err(Hidden)` when
    /// the viewer reads nothing of the programme.
    pub async fn status_meetings(
        &self,
        programme: &str,
        participant: i64,
    ) -> Result<Option<ParticipantMeetings>, StoreError> {
        let Some(p) = self.programme(programme).await? else {
            return Ok(None);
        };
        self.meetings_in(&p, participant).await
    }

    /// A participant's status meetings in a programme the caller has read already (pages that
    /// list several participants read the programme once): `Ok(None)` when it has no such
    /// participant, `Err(Hidden)` when the viewer may not read the participation.
    pub async fn meetings_in(
        &self,
        p: &Programme,
        participant: i64,
    ) -> Result<Option<ParticipantMeetings>, StoreError> {
        let Some(x) = p.participant(participant).cloned() else {
            return Ok(None);
        };
        if !self.viewer.may_read_participation(x.scope()) {
            return Err(StoreError::Hidden);
        }
        let meetings = self.store.meetings_of(participant).await?;
        Ok(Some(ParticipantMeetings {
            programme_id: p.id.clone(),
            programme_title: p.title.clone(),
            next_due: next_due(&meetings),
            participant: x,
            meetings,
        }))
    }

    /// The agenda of a participant's meeting on `date` (the meeting `except` itself left out of
    /// the earlier meetings), made from what Husk knows: the phase, the open actions of
    /// earlier meetings, indicator values of the participant's municipality that moved, and
    /// the reports its entry owes and has not sent in, and the plan's measures: those late on
    /// `date`, and those changed after the day of the last meeting held before it (by each
    /// measure's last-changed time; the plan keeps no copy of how it was at a meeting).
    pub async fn meeting_agenda(
        &self,
        m: &ParticipantMeetings,
        date: Date,
        except: Option<i64>,
        today: Date,
    ) -> Result<Agenda, StoreError> {
        let x = &m.participant;
        if !self.viewer.may_read_participation(x.scope()) {
            return Err(StoreError::Hidden);
        }
        let earlier: Vec<StatusMeeting> = m
            .meetings
            .iter()
            .filter(|s| Some(s.id) != except)
            .filter_map(|s| {
                Some(StatusMeeting {
                    date: s.held?,
                    attendees: s.attendees.clone(),
                    minutes: s.minutes.clone(),
                    actions: s.actions.iter().map(StoredAction::agreed).collect(),
                })
            })
            .collect();
        let mut owed = Vec::new();
        if let Some(entry) = &x.entry {
            for o in self.store.obligations_of_project(&entry.id, today).await? {
                if o.status.is_submitted() {
                    continue;
                }
                let Ok(start) = Date::from_ordinal_date(o.year, 1) else {
                    continue;
                };
                let Ok(end) = Date::from_calendar_date(o.year, time::Month::December, 31) else {
                    continue;
                };
                owed.push(Obligation {
                    kind: o.kind,
                    year: o.year,
                    period_start: start,
                    period_end: end,
                    due: o.due,
                });
            }
        }
        let mut indicators = Vec::new();
        if let Some(k) = &x.kommunenummer {
            let mut values: Vec<_> = self
                .indicator_values()
                .await?
                .into_iter()
                .filter(|v| &v.kommunenummer == k && v.year <= date.year())
                .collect();
            values.sort_by_key(|v| (v.indicator.code, v.year));
            for i in husk_domain::programmes::INDICATORS {
                let of: Vec<_> = values
                    .iter()
                    .filter(|v| v.indicator.code == i.code)
                    .collect();
                let Some(last) = of.last() else { continue };
                indicators.push(IndicatorReading {
                    name: i.name.to_string(),
                    unit: i.unit.to_string(),
                    previous: of
                        .len()
                        .checked_sub(2)
                        .map(|n| (of[n].year.to_string(), of[n].value)),
                    current: (last.year.to_string(), last.value),
                });
            }
        }
        let phase = x.history.current().zip(x.history.since());
        let (plan, changed, _) = self.store.plan_of(x).await?;
        let changed: Vec<MeasureChange> = changed
            .into_iter()
            .filter_map(|(id, c)| {
                Some(MeasureChange {
                    id,
                    on: parse_date(c.at.get(..10)?).ok()?,
                    by: c.by,
                })
            })
            .collect();
        Ok(agenda(&AgendaInputs {
            participant: &x.name,
            date,
            phase,
            measures: &plan.measures,
            measures_at_last_meeting: &[],
            measures_changed: &changed,
            indicators: &indicators,
            earlier_meetings: &earlier,
            reports_owed: &owed,
        }))
    }
}

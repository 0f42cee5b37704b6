//! Status meetings: a participant meets Husbanken (seed 004: with the programme owner) every
//! half year. A meeting records its date, who attended, minutes, and the actions agreed, each
//! with an owner and a due date. The agenda for the next meeting is made from plain facts
//! ([`agenda`]): the phase, measures that are late or changed since the last meeting,
//! indicators that moved, the actions of earlier meetings that are still open (done ones are
//! not carried forward), and the reports due before the meeting after it.

use super::add_months;
use super::phases::Phase;
use super::plans::{Measure, MeasureStatus};
use crate::limits;
use crate::norwegian::{format_date, group_thousands, parse_date};
use crate::reporting::Obligation;
use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};
use time::Date;

/// Status meetings are half-yearly.
pub const MEETING_INTERVAL_MONTHS: u32 = 6;

/// When the meeting after one held on `last` is due.
pub fn next_meeting_due(last: Date) -> Date {
    add_months(last, MEETING_INTERVAL_MONTHS)
}

/// Whether an agreed action is still to be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status")]
pub enum ActionStatus {
    #[serde(rename = "apen")]
    Open,
    #[serde(rename = "utfort")]
    Done {
        #[serde(with = "super::iso")]
        on: Date,
    },
}

/// An action agreed at a status meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreedAction {
    /// A key the store gives it, stable across meetings.
    pub id: String,
    pub text: String,
    pub owner: String,
    #[serde(with = "super::iso")]
    pub due: Date,
    /// The date of the meeting that agreed it.
    #[serde(with = "super::iso")]
    pub agreed_on: Date,
    pub status: ActionStatus,
}

impl AgreedAction {
    pub fn is_open(&self) -> bool {
        self.status == ActionStatus::Open
    }

    /// Marks it done on `on`.
    pub fn done(&mut self, on: Date) {
        self.status = ActionStatus::Done { on };
    }
}

/// A held status meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusMeeting {
    #[serde(with = "super::iso")]
    pub date: Date,
    pub attendees: String,
    pub minutes: String,
    pub actions: Vec<AgreedAction>,
}

/// An agreed action as typed in the meeting form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgreedActionInput {
    pub text: String,
    pub owner: String,
    pub due: String,
}

/// A status meeting as typed in the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusMeetingInput {
    pub date: String,
    pub attendees: String,
    pub minutes: String,
    /// Rows left wholly empty are not actions and are skipped.
    pub actions: Vec<AgreedActionInput>,
}

impl StatusMeetingInput {
    /// Checks the form and lists every problem; an action's fields are named
    /// `tiltak.N.tekst`, `tiltak.N.ansvarlig` and `tiltak.N.frist` (N from 1).
    pub fn validate(&self) -> Result<StatusMeeting, FieldErrors> {
        let mut e = FieldErrors::new();
        let date = if self.date.trim().is_empty() {
            e.push(
                "dato",
                "Skriv datoen for statusmøtet som dd.mm.åååå, for eksempel 15.03.2012.",
            );
            None
        } else {
            match parse_date(&self.date) {
                Ok(d) => Some(d),
                Err(m) => {
                    e.push("dato", format!("Sjekk datoen for statusmøtet. {m}"));
                    None
                }
            }
        };
        limits::check(
            &mut e,
            "deltakere",
            "Deltakere",
            self.attendees.trim(),
            limits::ANSWER_CELL,
        );
        limits::check(
            &mut e,
            "referat",
            "Referat",
            self.minutes.trim(),
            limits::ANSWER_TEXT,
        );
        let mut actions = Vec::new();
        let rows = self.actions.iter().filter(|a| {
            !(a.text.trim().is_empty() && a.owner.trim().is_empty() && a.due.trim().is_empty())
        });
        for (i, a) in rows.enumerate() {
            let n = i + 1;
            let text = a.text.trim();
            let owner = a.owner.trim();
            if text.is_empty() {
                e.push(
                    format!("tiltak.{n}.tekst"),
                    format!("Oppfølgingspunkt {n}: Skriv hva som er avtalt."),
                );
            } else {
                limits::check(
                    &mut e,
                    &format!("tiltak.{n}.tekst"),
                    &format!("Oppfølgingspunkt {n}"),
                    text,
                    limits::ANSWER_CELL,
                );
            }
            if owner.is_empty() {
                e.push(
                    format!("tiltak.{n}.ansvarlig"),
                    format!("Oppfølgingspunkt {n}: Skriv hvem som er ansvarlig."),
                );
            } else {
                limits::check(
                    &mut e,
                    &format!("tiltak.{n}.ansvarlig"),
                    &format!("Ansvarlig for oppfølgingspunkt {n}"),
                    owner,
                    limits::NAME,
                );
            }
            let due = match parse_date(&a.due) {
                Ok(d) => Some(d),
                Err(_) if a.due.trim().is_empty() => {
                    e.push(
                        format!("tiltak.{n}.frist"),
                        format!("Oppfølgingspunkt {n}: Skriv fristen som dd.mm.åååå."),
                    );
                    None
                }
                Err(m) => {
                    e.push(
                        format!("tiltak.{n}.frist"),
                        format!("Oppfølgingspunkt {n}: {m}"),
                    );
                    None
                }
            };
            if let (Some(due), Some(date)) = (due, date) {
                if due < date {
                    e.push(
                        format!("tiltak.{n}.frist"),
                        format!(
                            "Oppfølgingspunkt {n}: Fristen {} er før møtet {}. Skriv en frist fra og med møtedatoen.",
                            format_date(due),
                            format_date(date)
                        ),
                    );
                }
                actions.push(AgreedAction {
                    id: String::new(),
                    text: text.to_string(),
                    owner: owner.to_string(),
                    due,
                    agreed_on: date,
                    status: ActionStatus::Open,
                });
            }
        }
        match date {
            Some(date) if e.is_empty() => Ok(StatusMeeting {
                date,
                attendees: self.attendees.trim().to_string(),
                minutes: self.minutes.trim().to_string(),
                actions,
            }),
            _ => Err(e),
        }
    }
}

/// How many days before a planned or due status meeting its reminder is sent.
pub const MEETING_REMINDER_DAYS: i64 = 14;

/// A status meeting being planned, as typed in the form: its date and who is invited.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeetingPlanInput {
    pub date: String,
    pub attendees: String,
}

/// A planned status meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingPlan {
    pub date: Date,
    pub attendees: String,
}

impl MeetingPlanInput {
    /// Checks the form (`dato`, `deltakere`).
    pub fn validate(&self) -> Result<MeetingPlan, FieldErrors> {
        let mut e = FieldErrors::new();
        let date = if self.date.trim().is_empty() {
            e.push(
                "dato",
                "Skriv når statusmøtet skal holdes, som dd.mm.åååå, for eksempel 15.03.2012.",
            );
            None
        } else {
            match parse_date(&self.date) {
                Ok(d) => Some(d),
                Err(m) => {
                    e.push("dato", format!("Sjekk datoen for statusmøtet. {m}"));
                    None
                }
            }
        };
        limits::check(
            &mut e,
            "deltakere",
            "Deltakere",
            self.attendees.trim(),
            limits::ANSWER_CELL,
        );
        match date {
            Some(date) if e.is_empty() => Ok(MeetingPlan {
                date,
                attendees: self.attendees.trim().to_string(),
            }),
            _ => Err(e),
        }
    }
}

/// An agreed action's new status as typed: `apen` or `utfort`, and for a done action the
/// date it was done (`dd.mm.åååå`; empty for `today`).
pub fn action_status(
    status: &str,
    done_on: &str,
    today: Date,
) -> Result<ActionStatus, FieldErrors> {
    let mut e = FieldErrors::new();
    match status.trim() {
        "apen" => return Ok(ActionStatus::Open),
        "utfort" => {}
        "" => {
            e.push(
                "status",
                "Velg om oppfølgingspunktet er åpent eller utført.",
            );
            return Err(e);
        }
        other => {
            e.push(
                "status",
                format!("«{other}» er ikke en status. Velg åpent eller utført."),
            );
            return Err(e);
        }
    }
    if done_on.trim().is_empty() {
        return Ok(ActionStatus::Done { on: today });
    }
    match parse_date(done_on) {
        Ok(on) if on > today => {
            e.push(
                "utfort",
                format!(
                    "Datoen {} er etter i dag. Skriv datoen punktet ble utført.",
                    format_date(on)
                ),
            );
            Err(e)
        }
        Ok(on) => Ok(ActionStatus::Done { on }),
        Err(m) => {
            e.push("utfort", format!("Sjekk datoen punktet ble utført. {m}"));
            Err(e)
        }
    }
}

impl StatusMeetingInput {
    /// [`StatusMeetingInput::validate`] for a meeting recorded as held: its date is not after
    /// `today` (a meeting to come is planned, not recorded).
    pub fn validate_held(&self, today: Date) -> Result<StatusMeeting, FieldErrors> {
        let checked = self.validate();
        let date = parse_date(&self.date).ok().filter(|d| *d > today);
        let Some(date) = date else { return checked };
        let mut e = checked.err().unwrap_or_default();
        e.push(
            "dato",
            format!(
                "Møtet er ikke holdt ennå: {} er etter i dag. Registrer møtet når det er holdt, eller skriv datoen det ble holdt.",
                format_date(date)
            ),
        );
        Err(e)
    }
}

/// The actions of the meetings held before `date` that are still open, oldest first.
pub fn open_actions(meetings: &[StatusMeeting], date: Date) -> Vec<&AgreedAction> {
    let mut out: Vec<&AgreedAction> = meetings
        .iter()
        .filter(|m| m.date < date)
        .flat_map(|m| &m.actions)
        .filter(|a| a.is_open())
        .collect();
    out.sort_by_key(|a| (a.agreed_on, a.due));
    out
}

/// An indicator's last two values, as the caller has them.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorReading {
    pub name: String,
    pub unit: String,
    /// The earlier value and when it is from («2010», «1. halvår 2011»); `None` when there is
    /// only one value.
    pub previous: Option<(String, f64)>,
    pub current: (String, f64),
}

/// One point of the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaItem {
    pub heading: String,
    /// What the point covers, one sentence each (empty for the last point, which the meeting
    /// fills in).
    pub lines: Vec<String>,
}

/// What the agenda for the next status meeting is made from.
#[derive(Debug, Clone, Copy)]
pub struct AgendaInputs<'a> {
    /// The participant as the agenda names it: «Lørenskog».
    pub participant: &'a str,
    /// The date of the meeting the agenda is for.
    pub date: Date,
    /// The phase the participant is in and since when; `None` when none is recorded.
    pub phase: Option<(Phase, Date)>,
    /// The plan's measures now.
    pub measures: &'a [Measure],
    /// The plan's measures as they were at the last meeting (empty before the first, or when
    /// no copy of them was kept: then `measures_changed` says which changed since).
    pub measures_at_last_meeting: &'a [Measure],
    /// When each measure was last changed and by whom, as far as known. Without
    /// `measures_at_last_meeting`, a measure changed after the day of the last meeting held
    /// before the agenda's date is taken up as changed.
    pub measures_changed: &'a [MeasureChange],
    pub indicators: &'a [IndicatorReading],
    /// Every earlier meeting of the participant.
    pub earlier_meetings: &'a [StatusMeeting],
    /// The reports the participant owes and has not delivered.
    pub reports_owed: &'a [Obligation],
}

/// When a measure of the plan was last changed, and by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureChange {
    /// The measure's id ([`Measure::id`]).
    pub id: String,
    pub on: Date,
    /// Who changed it (a name; may be empty).
    pub by: String,
}

/// The generated agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agenda {
    pub participant: String,
    #[serde(with = "super::iso")]
    pub date: Date,
    pub items: Vec<AgendaItem>,
    /// The open actions of earlier meetings the agenda takes up.
    pub carried_forward: Vec<AgreedAction>,
}

/// A number as Norwegians write it: «1 234», «12,5».
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return group_thousands(v as i64);
    }
    let s = format!("{:.2}", v.abs());
    let s = s.trim_end_matches('0');
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    let whole = group_thousands(whole.parse::<i64>().unwrap_or(0));
    let sign = if v < 0.0 { "-" } else { "" };
    format!("{sign}{whole},{fraction}")
}

fn status_word(s: &MeasureStatus) -> String {
    s.state().label().to_lowercase()
}

/// What happened to one measure since the last meeting (`before` is how it was then, `None`
/// for a measure new since), in sentences; empty when nothing did.
fn measure_lines(m: &Measure, before: Option<&Measure>, date: Date) -> Vec<String> {
    let status_changed = before.is_some_and(|b| b.status != m.status);
    // What follows the title in the first sentence.
    let mut head = Vec::new();
    if m.is_late(date) {
        head.push(if status_changed {
            format!("er forsinket: planlagt slutt var {}", format_date(m.end))
        } else {
            format!(
                "er forsinket: planlagt slutt var {}, og status er {}",
                format_date(m.end),
                status_word(&m.status)
            )
        });
    }
    // Sentences of their own.
    let mut tail = Vec::new();
    match before {
        None => head.push("er nytt i planen siden forrige møte".to_string()),
        Some(b) => {
            if status_changed {
                let reason = match &m.status {
                    MeasureStatus::Postponed { reason } => format!(" ({reason})"),
                    _ => String::new(),
                };
                tail.push(format!(
                    "Status er endret fra {} til {}{reason}.",
                    status_word(&b.status),
                    status_word(&m.status)
                ));
            }
            if b.end != m.end {
                tail.push(format!(
                    "Planlagt slutt er flyttet fra {} til {}.",
                    format_date(b.end),
                    format_date(m.end)
                ));
            }
            if !b.in_ordinary_operation && m.in_ordinary_operation {
                tail.push("Det er tatt ut i linje og inn i driften.".into());
            }
        }
    }
    let line = match (head.is_empty(), tail.is_empty()) {
        (true, true) => return Vec::new(),
        (false, _) => {
            let mut line = format!("«{}» {}.", m.title, crate::norwegian::list(&head, "og"));
            for t in &tail {
                line.push(' ');
                line.push_str(t);
            }
            line
        }
        (true, false) => format!("«{}»: {}", m.title, tail.join(" ")),
    };
    vec![line]
}

/// Makes the agenda for the meeting on `inputs.date`.
pub fn agenda(inputs: &AgendaInputs<'_>) -> Agenda {
    let date = inputs.date;
    let mut items = Vec::new();

    items.push(AgendaItem {
        heading: "Status og fase".into(),
        lines: vec![match inputs.phase {
            Some((phase, since)) => format!(
                "{} er i {}, siden {}.",
                inputs.participant,
                phase.in_sentence(),
                format_date(since)
            ),
            None => format!("Fasen til {} er ikke registrert.", inputs.participant),
        }],
    });

    let carried: Vec<AgreedAction> = open_actions(inputs.earlier_meetings, date)
        .into_iter()
        .cloned()
        .collect();
    let mut lines: Vec<String> = carried
        .iter()
        .map(|a| {
            let when = if a.due < date {
                format!("fristen var {}", format_date(a.due))
            } else {
                format!("frist {}", format_date(a.due))
            };
            format!(
                "{} (ansvarlig: {}, avtalt {}, {when}).",
                a.text.trim_end_matches('.'),
                a.owner,
                format_date(a.agreed_on)
            )
        })
        .collect();
    if lines.is_empty() {
        lines.push("Ingen åpne oppfølgingspunkter fra tidligere møter.".into());
    }
    items.push(AgendaItem {
        heading: "Oppfølgingspunkter fra tidligere møter".into(),
        lines,
    });

    // The last meeting held before this one.
    let last_meeting = inputs
        .earlier_meetings
        .iter()
        .map(|m| m.date)
        .filter(|d| *d < date)
        .max();
    let mut lines: Vec<String> = inputs
        .measures
        .iter()
        .flat_map(|m| {
            let before = inputs
                .measures_at_last_meeting
                .iter()
                .find(|b| b.id == m.id);
            if !inputs.measures_at_last_meeting.is_empty() {
                return measure_lines(m, before, date);
            }
            // Without a copy from the last meeting, the time of the last change says whether
            // it changed since; before the first meeting only lateness counts.
            let mut lines = measure_lines(m, Some(m), date);
            let changed = last_meeting.and_then(|last| {
                inputs
                    .measures_changed
                    .iter()
                    .find(|c| c.id == m.id && c.on > last)
                    .map(|c| (c, last))
            });
            if let Some((c, last)) = changed {
                let by = if c.by.trim().is_empty() {
                    String::new()
                } else {
                    format!(" av {}", c.by.trim())
                };
                let change = format!(
                    "endret etter forrige møte {} (sist {}{by})",
                    format_date(last),
                    format_date(c.on)
                );
                match lines.pop() {
                    // Late too: one sentence says both.
                    Some(late) => lines.push(format!("{late} Det er {change}.")),
                    None => lines.push(format!(
                        "«{}» er {change}. Status er {}, planlagt slutt {}.",
                        m.title,
                        match &m.status {
                            MeasureStatus::Postponed { reason } =>
                                format!("utsatt ({})", reason.trim_end_matches('.')),
                            other => status_word(other),
                        },
                        format_date(m.end)
                    )),
                }
            }
            lines
        })
        .collect();
    for gone in inputs
        .measures_at_last_meeting
        .iter()
        .filter(|b| !inputs.measures.iter().any(|m| m.id == b.id))
    {
        lines.push(format!("«{}» er tatt ut av planen.", gone.title));
    }
    if lines.is_empty() {
        lines.push("Ingen tiltak er forsinket eller endret siden forrige møte.".into());
    }
    items.push(AgendaItem {
        heading: "Tiltak som er forsinket eller endret".into(),
        lines,
    });

    let mut lines: Vec<String> = inputs
        .indicators
        .iter()
        .filter_map(|i| {
            let (before_when, before) = i.previous.as_ref()?;
            let (now_when, now) = &i.current;
            (before != now).then(|| {
                let unit = if i.unit.trim().is_empty() {
                    String::new()
                } else {
                    format!(" ({})", i.unit.trim())
                };
                format!(
                    "{}{unit}: fra {} ({before_when}) til {} ({now_when}).",
                    i.name,
                    number(*before),
                    number(*now)
                )
            })
        })
        .collect();
    if lines.is_empty() {
        lines.push("Ingen indikatorer har endret seg siden forrige måling.".into());
    }
    items.push(AgendaItem {
        heading: "Indikatorer som har endret seg".into(),
        lines,
    });

    let until = next_meeting_due(date);
    let mut due: Vec<&Obligation> = inputs
        .reports_owed
        .iter()
        .filter(|o| o.due <= until)
        .collect();
    due.sort_by_key(|o| o.due);
    let mut lines: Vec<String> = due
        .iter()
        .map(|o| {
            if o.due < date {
                format!("{}: fristen var {}.", o.title(), format_date(o.due))
            } else {
                format!("{}: frist {}.", o.title(), format_date(o.due))
            }
        })
        .collect();
    if lines.is_empty() {
        lines.push(format!(
            "Ingen rapporter har frist før {}.",
            format_date(until)
        ));
    }
    items.push(AgendaItem {
        heading: "Rapporter som skal leveres".into(),
        lines,
    });

    items.push(AgendaItem {
        heading: "Nye oppfølgingspunkter og eventuelt".into(),
        lines: Vec::new(),
    });

    Agenda {
        participant: inputs.participant.to_string(),
        date,
        items,
        carried_forward: carried,
    }
}

impl Agenda {
    /// The agenda as Markdown, for the meeting notice and the knowledge base.
    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "# Statusmøte med {} {}\n",
            self.participant,
            format_date(self.date)
        );
        for (i, item) in self.items.iter().enumerate() {
            out.push_str(&format!("\n## {}. {}\n", i + 1, item.heading));
            if !item.lines.is_empty() {
                out.push('\n');
            }
            for line in &item.lines {
                out.push_str(&format!("- {line}\n"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programmes::plans::MeasureKind;
    use crate::reporting::schedule::obligations;
    use time::macros::date;

    fn action(
        id: &str,
        text: &str,
        agreed_on: Date,
        due: Date,
        done: Option<Date>,
    ) -> AgreedAction {
        AgreedAction {
            id: id.into(),
            text: text.into(),
            owner: "Programlederen".into(),
            due,
            agreed_on,
            status: match done {
                Some(on) => ActionStatus::Done { on },
                None => ActionStatus::Open,
            },
        }
    }

    fn meeting(date: Date, actions: Vec<AgreedAction>) -> StatusMeeting {
        StatusMeeting {
            date,
            attendees: "Programeier, programleder, rådgiver".into(),
            minutes: String::new(),
            actions,
        }
    }

    fn measure(id: &str, title: &str, end: Date, status: MeasureStatus) -> Measure {
        Measure {
            id: id.into(),
            kind: MeasureKind::Measure,
            title: title.into(),
            goals: vec!["resultat-1".into()],
            owner: "Boligkontoret".into(),
            start: date!(2011 - 01 - 01),
            end,
            status,
            in_ordinary_operation: false,
        }
    }

    fn earlier() -> Vec<StatusMeeting> {
        vec![
            meeting(
                date!(2011 - 03 - 01),
                vec![
                    action(
                        "a1",
                        "Sende foranalysen til Husbanken",
                        date!(2011 - 03 - 01),
                        date!(2011 - 04 - 01),
                        Some(date!(2011 - 03 - 20)),
                    ),
                    action(
                        "a2",
                        "Legge programplanen fram for formannskapet",
                        date!(2011 - 03 - 01),
                        date!(2011 - 06 - 30),
                        None,
                    ),
                ],
            ),
            meeting(
                date!(2011 - 09 - 01),
                vec![
                    action(
                        "a3",
                        "Avtale møte med NAV om boligsosialt arbeid",
                        date!(2011 - 09 - 01),
                        date!(2012 - 04 - 01),
                        None,
                    ),
                    action(
                        "a4",
                        "Oppdatere faktaarket",
                        date!(2011 - 09 - 01),
                        date!(2011 - 12 - 01),
                        Some(date!(2011 - 11 - 15)),
                    ),
                ],
            ),
        ]
    }

    #[test]
    fn open_actions_carry_forward_and_done_ones_do_not() {
        let meetings = earlier();
        let a = agenda(&AgendaInputs {
            participant: "Lørenskog",
            date: date!(2012 - 03 - 01),
            phase: Some((Phase::Planning, date!(2009 - 11 - 01))),
            measures: &[],
            measures_at_last_meeting: &[],
            measures_changed: &[],
            indicators: &[],
            earlier_meetings: &meetings,
            reports_owed: &[],
        });
        let carried: Vec<&str> = a.carried_forward.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(carried, ["a2", "a3"]);
        assert_eq!(
            a.items[1].lines,
            [
                "Legge programplanen fram for formannskapet (ansvarlig: Programlederen, avtalt 01.03.2011, fristen var 30.06.2011).",
                "Avtale møte med NAV om boligsosialt arbeid (ansvarlig: Programlederen, avtalt 01.09.2011, frist 01.04.2012).",
            ]
        );
        // Once done, an action is not carried to the meeting after.
        let mut meetings = meetings;
        meetings[0].actions[1].done(date!(2012 - 03 - 01));
        let held = meeting(date!(2012 - 03 - 01), vec![]);
        meetings.push(held);
        assert_eq!(
            open_actions(&meetings, date!(2012 - 09 - 01))
                .iter()
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>(),
            ["a3"]
        );
        // A meeting on or after the agenda's date is not an earlier meeting.
        assert!(open_actions(&earlier(), date!(2011 - 03 - 01)).is_empty());
    }

    #[test]
    fn the_agenda_takes_up_phase_late_and_changed_measures_indicators_and_reports() {
        let before = vec![
            measure(
                "m1",
                "Boligskole",
                date!(2011 - 12 - 31),
                MeasureStatus::Planned,
            ),
            measure(
                "m2",
                "Bostedsløse ungdommer",
                date!(2012 - 06 - 30),
                MeasureStatus::Started,
            ),
            measure(
                "m3",
                "Kartlegging av kommunale boliger",
                date!(2012 - 12 - 31),
                MeasureStatus::Started,
            ),
            measure(
                "m4",
                "Nabomegling",
                date!(2012 - 12 - 31),
                MeasureStatus::Planned,
            ),
        ];
        let mut now = before.clone();
        now[0].status = MeasureStatus::Started; // changed and late
        now[1].end = date!(2012 - 12 - 31); // moved
        now[1].status = MeasureStatus::Postponed {
            reason: "Venter på budsjettvedtaket".into(),
        };
        now.remove(3); // dropped from the plan
        now.push(measure(
            "m5",
            "Boligkontor",
            date!(2013 - 06 - 30),
            MeasureStatus::Planned,
        ));
        let indicators = vec![
            IndicatorReading {
                name: "Startlån".into(),
                unit: "antall".into(),
                previous: Some(("2010".into(), 12.0)),
                current: ("2011".into(), 48.0),
            },
            IndicatorReading {
                name: "Kommunale utleieboliger per 1 000 innbyggere".into(),
                unit: String::new(),
                previous: Some(("2010".into(), 19.5)),
                current: ("2011".into(), 19.5),
            },
            IndicatorReading {
                name: "Bostøttemottakere".into(),
                unit: String::new(),
                previous: None,
                current: ("2011".into(), 1250.0),
            },
            IndicatorReading {
                name: "Bostedsløse".into(),
                unit: "personer".into(),
                previous: Some(("2010".into(), 1234.25)),
                current: ("2011".into(), 1100.0),
            },
        ];
        let owed = obligations(
            2011,
            Some(2013),
            date!(2012 - 03 - 01),
            date!(2000 - 01 - 01),
        );
        let a = agenda(&AgendaInputs {
            participant: "Lørenskog",
            date: date!(2012 - 03 - 01),
            phase: Some((Phase::Implementation, date!(2011 - 09 - 01))),
            measures: &now,
            measures_at_last_meeting: &before,
            measures_changed: &[],
            indicators: &indicators,
            earlier_meetings: &[],
            reports_owed: &owed,
        });
        let headings: Vec<&str> = a.items.iter().map(|i| i.heading.as_str()).collect();
        assert_eq!(
            headings,
            [
                "Status og fase",
                "Oppfølgingspunkter fra tidligere møter",
                "Tiltak som er forsinket eller endret",
                "Indikatorer som har endret seg",
                "Rapporter som skal leveres",
                "Nye oppfølgingspunkter og eventuelt"
            ]
        );
        assert_eq!(
            a.items[0].lines,
            ["Lørenskog er i gjennomføringsfasen, siden 01.09.2011."]
        );
        assert_eq!(
            a.items[1].lines,
            ["Ingen åpne oppfølgingspunkter fra tidligere møter."]
        );
        assert_eq!(
            a.items[2].lines,
            [
                "«Boligskole» er forsinket: planlagt slutt var 31.12.2011. Status er endret fra planlagt til startet.",
                "«Bostedsløse ungdommer»: Status er endret fra startet til utsatt (Venter på budsjettvedtaket). Planlagt slutt er flyttet fra 30.06.2012 til 31.12.2012.",
                "«Boligkontor» er nytt i planen siden forrige møte.",
                "«Nabomegling» er tatt ut av planen.",
            ]
        );
        assert_eq!(
            a.items[3].lines,
            [
                "Startlån (antall): fra 12 (2010) til 48 (2011).",
                "Bostedsløse (personer): fra 1 234,25 (2010) til 1 100 (2011).",
            ]
        );
        assert_eq!(
            a.items[4].lines,
            [
                "Halvårsrapport 2011: fristen var 31.08.2011.",
                "Årsrapport 2011: frist 01.03.2012.",
                "Halvårsrapport 2012: frist 31.08.2012.",
            ],
            "reports owed and due before the meeting after (01.09.2012), by due date; the \
             annual report 2012 (due 01.03.2013) waits"
        );
        let md = a.to_markdown();
        assert!(md.starts_with("# Statusmøte med Lørenskog 01.03.2012\n\n## 1. Status og fase\n\n- Lørenskog er i gjennomføringsfasen"), "{md}");
        assert!(
            md.ends_with("## 6. Nye oppfølgingspunkter og eventuelt\n"),
            "{md}"
        );
        for item in &a.items {
            for line in &item.lines {
                assert_eq!(crate::norwegian::message_fault(line), None, "{line}");
            }
        }
    }

    #[test]
    fn before_the_first_meeting_only_lateness_is_taken_up() {
        let now = vec![
            measure(
                "m1",
                "Boligskole",
                date!(2011 - 12 - 31),
                MeasureStatus::Started,
            ),
            measure(
                "m2",
                "Nabomegling",
                date!(2012 - 12 - 31),
                MeasureStatus::Planned,
            ),
        ];
        let a = agenda(&AgendaInputs {
            participant: "Moss",
            date: date!(2012 - 03 - 01),
            phase: None,
            measures: &now,
            measures_at_last_meeting: &[],
            measures_changed: &[],
            indicators: &[],
            earlier_meetings: &[],
            reports_owed: &[],
        });
        assert_eq!(a.items[0].lines, ["Fasen til Moss er ikke registrert."]);
        assert_eq!(
            a.items[2].lines,
            ["«Boligskole» er forsinket: planlagt slutt var 31.12.2011, og status er startet."]
        );
        assert_eq!(
            a.items[4].lines,
            ["Ingen rapporter har frist før 01.09.2012."]
        );
    }

    #[test]
    fn without_a_copy_from_the_last_meeting_the_time_of_the_last_change_counts() {
        let now = vec![
            measure(
                "m1",
                "Boligskole",
                date!(2011 - 12 - 31),
                MeasureStatus::Started,
            ),
            measure(
                "m2",
                "Nabomegling",
                date!(2012 - 12 - 31),
                MeasureStatus::Postponed {
                    reason: "Venter på budsjettet.".into(),
                },
            ),
            measure(
                "m3",
                "Boligkontor",
                date!(2012 - 12 - 31),
                MeasureStatus::Started,
            ),
            measure(
                "m4",
                "Startlån",
                date!(2012 - 12 - 31),
                MeasureStatus::Planned,
            ),
        ];
        let changed = |id: &str, on: Date| MeasureChange {
            id: id.into(),
            on,
            by: "Kari Programleder".into(),
        };
        let changes = [
            changed("m1", date!(2011 - 10 - 01)),
            changed("m2", date!(2011 - 10 - 01)),
            // On the day of the last meeting: taken up there.
            changed("m3", date!(2011 - 09 - 01)),
            changed("m4", date!(2011 - 08 - 01)),
        ];
        let inputs = AgendaInputs {
            participant: "Moss",
            date: date!(2012 - 03 - 01),
            phase: None,
            measures: &now,
            measures_at_last_meeting: &[],
            measures_changed: &changes,
            indicators: &[],
            earlier_meetings: &earlier(),
            reports_owed: &[],
        };
        let a = agenda(&inputs);
        assert_eq!(
            a.items[2].lines,
            [
                "«Boligskole» er forsinket: planlagt slutt var 31.12.2011, og status er startet. Det er endret etter forrige møte 01.09.2011 (sist 01.10.2011 av Kari Programleder).",
                "«Nabomegling» er endret etter forrige møte 01.09.2011 (sist 01.10.2011 av Kari Programleder). Status er utsatt (Venter på budsjettet), planlagt slutt 31.12.2012.",
            ]
        );
        // Before the first meeting there is no «since».
        let a = agenda(&AgendaInputs {
            earlier_meetings: &[],
            ..inputs
        });
        assert_eq!(
            a.items[2].lines,
            ["«Boligskole» er forsinket: planlagt slutt var 31.12.2011, og status er startet."]
        );
    }

    #[test]
    fn a_plan_needs_a_date_and_an_action_status_is_open_or_done_by_today() {
        let e = MeetingPlanInput::default().validate().unwrap_err();
        assert!(e.get("dato").unwrap().starts_with("Skriv når statusmøtet"));
        let p = MeetingPlanInput {
            date: "15.03.2012".into(),
            attendees: " Programeier ".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(
            (p.date, p.attendees.as_str()),
            (date!(2012 - 03 - 15), "Programeier")
        );
        let today = date!(2012 - 03 - 20);
        assert_eq!(action_status("apen", "", today), Ok(ActionStatus::Open));
        assert_eq!(
            action_status("utfort", "", today),
            Ok(ActionStatus::Done { on: today })
        );
        assert_eq!(
            action_status("utfort", "01.03.2012", today),
            Ok(ActionStatus::Done {
                on: date!(2012 - 03 - 01)
            })
        );
        let e = action_status("utfort", "01.04.2012", today).unwrap_err();
        assert!(e.get("utfort").unwrap().contains("etter i dag"));
        let e = action_status("kanskje", "", today).unwrap_err();
        assert!(e.get("status").unwrap().contains("«kanskje»"));
    }

    #[test]
    fn a_meeting_form_lists_every_problem_and_skips_empty_action_rows() {
        let input = StatusMeetingInput {
            date: "15.03.2012".into(),
            attendees: "Programeier, rådgiver".into(),
            minutes: "Gikk gjennom planen.".into(),
            actions: vec![
                AgreedActionInput {
                    text: "Revidere aktivitetsplanen".into(),
                    owner: "Programlederen".into(),
                    due: "01.06.2012".into(),
                },
                AgreedActionInput::default(),
                AgreedActionInput {
                    text: "Melde inn behov for startlån".into(),
                    owner: String::new(),
                    due: "01.03.2012".into(),
                },
                AgreedActionInput {
                    text: String::new(),
                    owner: "Rådgiveren".into(),
                    due: "1. juni".into(),
                },
            ],
        };
        let e = input.validate().unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "tiltak.2.ansvarlig",
                "tiltak.2.frist",
                "tiltak.3.tekst",
                "tiltak.3.frist"
            ]
        );
        assert_eq!(
            e.get("tiltak.2.frist"),
            Some("Oppfølgingspunkt 2: Fristen 01.03.2012 er før møtet 15.03.2012. Skriv en frist fra og med møtedatoen.")
        );
        let mut ok = input.clone();
        ok.actions.truncate(2);
        let e = ok.validate_held(date!(2012 - 03 - 14)).unwrap_err();
        assert_eq!(
            e.get("dato"),
            Some("Møtet er ikke holdt ennå: 15.03.2012 er etter i dag. Registrer møtet når det er holdt, eller skriv datoen det ble holdt.")
        );
        assert!(ok.validate_held(date!(2012 - 03 - 15)).is_ok());
        let m = ok.validate().unwrap();
        assert_eq!(m.actions.len(), 1);
        assert_eq!(m.actions[0].agreed_on, date!(2012 - 03 - 15));
        assert!(m.actions[0].is_open());
        assert_eq!(next_meeting_due(m.date), date!(2012 - 09 - 15));
    }
}

//! The programmes' view models: display-ready strings for the list, a programme's page, the
//! timeline and the phase-transition form.

pub mod chart;
pub mod cofinancing;
pub mod indicators;

use crate::format;
use crate::shared::form::{options, Opt, SummaryItem};
use crate::shared::layout::Layout;
use askama::Template;
use husk_domain::programmes::Phase;
use husk_domain::{FieldErrors, Taxonomy};
use husk_store::programmes::{Participant, Programme, ProgrammeSummary, TransitionInput};

mod participant;
pub use participant::*;

/// The owning offices' names: «Region øst».
fn offices(codes: &[String], tax: &Taxonomy) -> String {
    let names: Vec<String> = codes
        .iter()
        .map(|c| tax.region(c).map_or(c.clone(), |r| r.name_nb.clone()))
        .collect();
    husk_domain::norwegian::list(&names.iter().map(String::as_str).collect::<Vec<_>>(), "og")
}

fn phase_label(p: &Participant) -> String {
    match (p.history.current(), p.history.since()) {
        (Some(phase), Some(since)) => format!("{} (fra {})", phase.label(), format::date(since)),
        _ => "Ikke registrert".into(),
    }
}

fn participant_name(p: &Participant) -> String {
    p.name.clone()
}

/// One programme in the list.
pub struct ProgrammeRow {
    pub href: String,
    pub title: String,
    pub kind: String,
    pub period: String,
    pub offices: String,
    pub participants: String,
}

#[derive(Template)]
#[template(path = "programmes/list.html")]
pub struct ProgrammeListPage {
    pub layout: Layout,
    /// This page's programmes.
    pub rows: Vec<ProgrammeRow>,
    /// Programmes in the whole list.
    pub total: usize,
    pub nav: Option<crate::paging::PageNav>,
    /// A recipient sees the programmes it takes part in.
    pub own_only: bool,
}

impl ProgrammeListPage {
    pub fn new(
        layout: Layout,
        list: &[ProgrammeSummary],
        tax: &Taxonomy,
        own_only: bool,
    ) -> ProgrammeListPage {
        ProgrammeListPage {
            layout,
            own_only,
            total: list.len(),
            nav: None,
            rows: list
                .iter()
                .map(|p| ProgrammeRow {
                    href: format!("/programmer/{}", p.id),
                    title: p.title.clone(),
                    kind: p.programme_type.label().to_string(),
                    period: format::period(p.period.start, p.period.end),
                    offices: offices(&p.offices, tax),
                    participants: husk_domain::norwegian::count(
                        p.participants as i64,
                        "deltaker",
                        "deltakere",
                    ),
                })
                .collect(),
        }
    }
}

/// A goal in the hierarchy, with the goals under it.
pub struct GoalView {
    pub code: String,
    pub level: String,
    pub text: String,
    /// The indicators that measure the goal.
    pub indicators: Vec<GoalIndicatorView>,
    pub children: Vec<GoalView>,
}

/// An indicator measuring a goal, linked to the programme's indicator chart.
pub struct GoalIndicatorView {
    pub name: String,
    pub href: String,
    /// «Utledet …» for a link Husk inferred; empty otherwise.
    pub note: String,
}

/// A register entry linked from the page.
pub struct EntryLink {
    pub id: String,
    pub title: String,
    pub href: String,
}

/// One participant's row.
pub struct ParticipantRow {
    pub anchor: String,
    /// The participant's page.
    pub href: String,
    pub name: String,
    pub entry: Option<EntryLink>,
    pub same: Vec<EntryLink>,
    pub kommunenummer: String,
    /// The municipality's page, when the kommunenummer is known.
    pub municipality_href: Option<String>,
    pub fact_sheet_href: String,
    pub pool: String,
    pub phase: String,
    pub planned_end: String,
    /// What an inferred planned end is inferred from.
    pub planned_end_note: String,
    pub adviser: String,
    pub late: Vec<String>,
    /// The phase form, for who may record a transition.
    pub phase_href: Option<String>,
    /// The participant's status meetings.
    pub meetings_href: String,
}

/// One year's column: header, the total for all programme municipalities, the sum of the
/// rows and the part not itemised.
pub struct YearColumn {
    pub year: i32,
    pub disputed: bool,
    pub total: String,
    pub total_status: String,
    pub itemised: String,
    pub not_itemised: String,
    /// (participant, amount, status, disputed) of the participants with a grant this year.
    pub rows: Vec<(String, String, String, bool)>,
}

/// Where the sources disagree about one grant.
pub struct ConflictView {
    pub participant: String,
    pub year: i32,
    pub held: String,
    pub held_source: String,
    pub other: String,
    pub other_source: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "programmes/programme.html")]
pub struct ProgrammePage {
    pub layout: Layout,
    pub id: String,
    pub title: String,
    pub kind: String,
    pub period: String,
    /// The first year, for the link to the annual programme report.
    pub period_start: i32,
    pub offices: String,
    pub budget_total: String,
    pub budget_support: String,
    pub participation_years: String,
    /// «År 1: 0 %», ….
    pub cofinancing: Vec<String>,
    pub source: String,
    /// Where each fact is stated («Periode: …»), or what it is inferred from («Utledet: …»).
    pub fact_sources: Vec<String>,
    /// Where the participants are stated.
    pub participants_source: String,
    /// Whether the goals include result goals (which Husk numbers and hangs under the main
    /// goal).
    pub has_result_goals: bool,
    pub goals: Vec<GoalView>,
    /// This page's participants (the handler keeps one page of them).
    pub participants: Vec<ParticipantRow>,
    /// Participants the viewer sees in all.
    pub participant_count: String,
    pub nav: Option<crate::paging::PageNav>,
    pub all_participants: bool,
    /// Whether a participant takes part through a city's districts.
    pub has_districts: bool,
    /// Whether a participant has other entries describing the same participation.
    pub has_same: bool,
    pub years: Vec<YearColumn>,
    pub totals_source: String,
    pub conflicts: Vec<ConflictView>,
    pub conflict_years: String,
    pub message: Option<String>,
    /// Whether the viewer may edit the programme and its participants (set by the handler).
    pub may_edit: bool,
    /// Husbanken's programme coordinator (set by the handler; empty when none is recorded).
    pub coordinator: String,
    /// The programme's learning arenas, newest first (a few; the calendar has them all).
    pub arenas: Vec<crate::learning::ArenaLink>,
}

fn goal_tree(p: &Programme, parent: Option<&str>) -> Vec<GoalView> {
    p.goals
        .iter()
        .filter(|g| g.parent.as_deref() == parent)
        .map(|g| GoalView {
            code: g.code.clone(),
            level: g.level.label().to_string(),
            text: g.text.clone(),
            indicators: p
                .goal_indicators
                .iter()
                .filter(|l| l.goal == g.code)
                .map(|l| GoalIndicatorView {
                    name: l.indicator.name.to_string(),
                    href: format!(
                        "/programmer/{}/indikatorer?indikator={}",
                        p.id, l.indicator.code
                    ),
                    note: l.note.clone(),
                })
                .collect(),
            children: goal_tree(p, Some(&g.code)),
        })
        .collect()
}

fn entry_link(id: &str, title: &str) -> EntryLink {
    EntryLink {
        id: id.to_string(),
        title: title.to_string(),
        href: format!("/prosjekter/{id}"),
    }
}

impl ProgrammePage {
    pub fn new(
        layout: Layout,
        p: &Programme,
        tax: &Taxonomy,
        may_record: impl Fn(&Participant) -> bool,
        message: Option<String>,
    ) -> ProgrammePage {
        let participants = p
            .participants
            .iter()
            .map(|x| ParticipantRow {
                anchor: format!("deltaker-{}", x.id),
                href: participant_href(&p.id, x.id),
                name: participant_name(x),
                entry: x.entry.as_ref().map(|e| entry_link(&e.id, &e.title)),
                same: x
                    .same_participation
                    .iter()
                    .map(|e| entry_link(&e.id, &e.title))
                    .collect(),
                kommunenummer: match (&x.kommunenummer, &x.district) {
                    (Some(k), Some(d)) => format!("{k} (bydel {d})"),
                    (Some(k), None) => k.clone(),
                    (None, _) => "ikke oppgitt".into(),
                },
                municipality_href: x.kommunenummer.as_ref().map(|k| format!("/kommuner/{k}")),
                fact_sheet_href: format!("/programmer/{}/deltakere/{}/faktaark", p.id, x.id),
                pool: x.pool.label(),
                phase: phase_label(x),
                planned_end: x.planned_end.map_or("ikke oppgitt".into(), format::date),
                planned_end_note: x.planned_end_note.clone(),
                adviser: if x.contact_adviser.is_empty() {
                    "ikke oppgitt".into()
                } else {
                    x.contact_adviser.clone()
                },
                late: x.late.iter().map(|l| l.message()).collect(),
                meetings_href: format!("/programmer/{}/deltakere/{}/statusmoter", p.id, x.id),
                phase_href: may_record(x)
                    .then(|| format!("/programmer/{}/deltakere/{}/fase", p.id, x.id)),
            })
            .collect();
        let years: Vec<YearColumn> = p
            .years
            .iter()
            .map(|y| YearColumn {
                year: y.year,
                disputed: p.conflict_years.contains(&y.year),
                total: y
                    .total
                    .map_or("ikke oppgitt".into(), |t| format::nok(t.amount)),
                total_status: y
                    .total
                    .map_or(String::new(), |t| t.status.label().to_lowercase()),
                itemised: format::nok(y.itemised),
                rows: p
                    .participants
                    .iter()
                    .filter_map(|x| {
                        x.grants.iter().find(|g| g.year == y.year).map(|g| {
                            (
                                participant_name(x),
                                format::nok(g.amount),
                                g.status.label().to_lowercase(),
                                g.other.is_some(),
                            )
                        })
                    })
                    .collect(),
                not_itemised: y.not_itemised.map_or("ikke oppgitt".into(), format::nok),
            })
            .collect();
        let conflicts = p
            .participants
            .iter()
            .flat_map(|x| {
                x.grants.iter().filter_map(move |g| {
                    g.other.as_ref().map(|o| ConflictView {
                        participant: x.name.clone(),
                        year: g.year,
                        held: format!(
                            "{}, {}",
                            format::nok(g.amount),
                            g.status.label().to_lowercase()
                        ),
                        held_source: g.source.clone(),
                        other: o.value.clone(),
                        other_source: o.source.clone(),
                        note: o.note.clone(),
                    })
                })
            })
            .collect();
        let mut sources: Vec<&str> = p.total_sources.iter().map(|(_, s)| s.as_str()).collect();
        sources.dedup();
        ProgrammePage {
            layout,
            id: p.id.clone(),
            title: p.title.clone(),
            kind: p.programme_type.label().to_string(),
            period: format::period(p.period.start, p.period.end),
            period_start: p.period.start,
            offices: offices(&p.offices, tax),
            budget_total: p.budget.total.label(),
            budget_support: p.budget.project_support.label(),
            participation_years: p.participation_years.map_or("ikke oppgitt".into(), |y| {
                format!("{} per kommune", y.label())
            }),
            cofinancing: p
                .cofinancing
                .iter()
                .enumerate()
                .map(|(i, s)| format!("programår {}: {}", i + 1, s.label()))
                .collect(),
            source: p.source.clone(),
            fact_sources: p
                .fact_sources
                .iter()
                .filter(|f| f.fact != "Deltakere")
                .map(|f| {
                    if f.derived {
                        format!("{}: Utledet: {}", f.fact, f.source)
                    } else {
                        format!("{}: {}", f.fact, f.source)
                    }
                })
                .collect(),
            participants_source: p
                .fact_sources
                .iter()
                .find(|f| f.fact == "Deltakere")
                .map_or(p.source.clone(), |f| f.source.clone()),
            has_result_goals: p
                .goals
                .iter()
                .any(|g| g.level == husk_domain::programmes::GoalLevel::ResultGoal),
            goals: goal_tree(p, None),
            participant_count: husk_domain::norwegian::count(
                p.participants.len() as i64,
                "deltaker",
                "deltakere",
            ),
            nav: None,
            has_districts: p.participants.iter().any(|x| x.district.is_some()),
            has_same: p
                .participants
                .iter()
                .any(|x| !x.same_participation.is_empty()),
            participants,
            all_participants: p.all_participants,
            years,
            totals_source: sources.join("; "),
            conflict_years: p
                .conflict_years
                .iter()
                .map(|y| y.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            conflicts,
            message,
            may_edit: false,
            coordinator: String::new(),
            arenas: Vec::new(),
        }
    }
}

/// One participant on the timeline.
pub struct TimelineRow {
    /// The participant's page.
    pub href: String,
    pub name: String,
    pub pool: String,
    pub planned_end: String,
    pub planned_end_note: String,
    /// (phase, from, until) of each phase it has been in.
    pub periods: Vec<(String, String, String)>,
    /// Each phase of the programme, and whether the participant has reached it.
    pub steps: Vec<(String, bool)>,
    pub late: Vec<String>,
}

#[derive(Template)]
#[template(path = "programmes/timeline.html")]
pub struct TimelinePage {
    pub layout: Layout,
    pub id: String,
    pub title: String,
    pub rows: Vec<TimelineRow>,
    pub late_count: String,
    pub all_participants: bool,
}

impl TimelinePage {
    pub fn new(layout: Layout, p: &Programme) -> TimelinePage {
        let rows: Vec<TimelineRow> = p
            .participants
            .iter()
            .map(|x| {
                let reached = x.history.current().map(|c| c.index());
                TimelineRow {
                    href: participant_href(&p.id, x.id),
                    name: participant_name(x),
                    pool: x.pool.label(),
                    planned_end: x.planned_end.map_or("ikke oppgitt".into(), format::date),
                    planned_end_note: x.planned_end_note.clone(),
                    periods: x
                        .history
                        .periods()
                        .iter()
                        .map(|per| {
                            (
                                per.phase.label().to_string(),
                                format::date(per.from),
                                per.until.map_or("nå".into(), format::date),
                            )
                        })
                        .collect(),
                    steps: Phase::ALL
                        .iter()
                        .map(|ph| {
                            (
                                ph.label().to_string(),
                                reached.is_some_and(|r| ph.index() <= r),
                            )
                        })
                        .collect(),
                    late: x.late.iter().map(|l| l.message()).collect(),
                }
            })
            .collect();
        let late = rows.iter().filter(|r| !r.late.is_empty()).count();
        TimelinePage {
            layout,
            id: p.id.clone(),
            title: p.title.clone(),
            late_count: husk_domain::norwegian::count(late as i64, "deltaker", "deltakere"),
            rows,
            all_participants: p.all_participants,
        }
    }
}

/// The form that records a participant's phase transition.
#[derive(Template)]
#[template(path = "programmes/phase_form.html")]
pub struct PhaseFormPage {
    pub layout: Layout,
    pub programme_id: String,
    pub programme_title: String,
    pub participant: String,
    pub current: String,
    /// (to, date, by, reason, override) of each move so far.
    pub history: Vec<(String, String, String, String, Option<String>)>,
    pub action: String,
    pub phases: Vec<Opt>,
    pub values: TransitionInput,
    pub errors: FieldErrors,
    pub summary: Vec<SummaryItem>,
    /// What the planning phase's deliverables lack, listed at the phase field.
    pub deliverable_errors: Vec<String>,
    /// The participant's page, and its deliverables, where they are recorded.
    pub participant_href: String,
    pub deliverables_href: String,
    pub may_override: bool,
}

/// The name of a phase form's field, for the error summary.
fn field_label(field: &str) -> &'static str {
    match field {
        "til" => "Ny fase",
        "dato" => "Dato",
        "begrunnelse" => "Begrunnelse",
        "overstyring" => "Begrunnelse for unntak",
        f if f.starts_with("leveranser.") => "Leveranser fra program- og planfasen",
        _ => "Skjemaet",
    }
}

impl PhaseFormPage {
    pub fn new(
        layout: Layout,
        p: &Programme,
        x: &Participant,
        values: TransitionInput,
        errors: FieldErrors,
        may_override: bool,
    ) -> PhaseFormPage {
        let summary = errors
            .iter()
            .map(|e| SummaryItem {
                target: if e.field.starts_with("leveranser.") {
                    "fase-til".to_string()
                } else {
                    format!("fase-{}", e.field)
                },
                label: field_label(&e.field),
                message: e.message.clone(),
            })
            .collect();
        let deliverable_errors = errors
            .iter()
            .filter(|e| e.field.starts_with("leveranser."))
            .map(|e| e.message.clone())
            .collect();
        let next = x.history.current().and_then(Phase::next);
        let default_to = if values.to.is_empty() && errors.is_empty() {
            next.or(x.history.current().is_none().then_some(Phase::Application))
                .map_or(String::new(), |p| p.code().to_string())
        } else {
            values.to.clone()
        };
        PhaseFormPage {
            layout,
            programme_id: p.id.clone(),
            programme_title: p.title.clone(),
            participant: x.name.clone(),
            current: phase_label(x),
            history: x
                .history
                .transitions
                .iter()
                .map(|t| {
                    (
                        t.to.label().to_string(),
                        format::date(t.date),
                        t.by.clone(),
                        t.reason.clone(),
                        t.overridden.as_ref().map(|o| o.reason.clone()),
                    )
                })
                .collect(),
            action: format!("/programmer/{}/deltakere/{}/fase", p.id, x.id),
            phases: options(
                Some("Velg fase"),
                Phase::ALL.iter().map(|p| (p.code(), p.label())),
                &default_to,
            ),
            values,
            errors,
            summary,
            deliverable_errors,
            participant_href: participant_href(&p.id, x.id),
            deliverables_href: format!("{}#leveranser", participant_href(&p.id, x.id)),
            may_override,
        }
    }

    pub fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

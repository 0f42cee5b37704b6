//! The participant page's view models: phase history, the planning phase's deliverables (with
//! their form for who may manage the participation), the plan (measures grouped by goal, goals
//! without measures, late measures, the measure form) and the checklist a–k, and the page that
//! edits one measure.

use crate::format;
use crate::shared::form::{checks, options, Check, Opt, SummaryItem};
use crate::shared::layout::Layout;
use askama::Template;
use husk_domain::programmes::phases::DeliverablesInput;
use husk_domain::programmes::plans::{LineClassification, MeasureInput, MeasureKind, MeasureState};
use husk_domain::programmes::{Deliverable, Measure, MeasureStatus, PlanDeliverables};
use husk_domain::FieldErrors;
use husk_store::municipalities::MeetingSummary;
use husk_store::programmes::{Changed, MarkInput, ParticipantCofinancing, ParticipantDetail};

/// «Kari Nordmann, 02.12.2026 kl. 09.15».
fn changed(c: &Changed) -> String {
    format!("{}, {}", c.by, format::timestamp(&c.at))
}

/// The address of a participant's page.
pub fn participant_href(programme: &str, participant: i64) -> String {
    format!("/programmer/{programme}/deltakere/{participant}")
}

/// A measure's form: for adding one on the participant page, and on the page that edits one.
pub struct MeasureForm {
    pub action: String,
    pub values: MeasureInput,
    pub kinds: Vec<Opt>,
    pub statuses: Vec<Opt>,
    pub goals: Vec<Check>,
    pub errors: FieldErrors,
    pub submit: String,
    /// The line's register entry's themes and target groups as typed or stored.
    pub class: LineClassification,
    /// Their checkboxes ([`MeasureForm::classify`]; empty until then).
    pub themes: Vec<Check>,
    pub target_groups: Vec<Check>,
}

impl MeasureForm {
    pub fn new(
        action: String,
        detail: &ParticipantDetail,
        values: MeasureInput,
        errors: FieldErrors,
        submit: &str,
    ) -> MeasureForm {
        let goal_items: Vec<(String, String)> = detail
            .programme
            .goals
            .iter()
            .map(|g| {
                (
                    g.code.clone(),
                    format!("{} ({}): {}", g.level.label(), g.code, g.text),
                )
            })
            .collect();
        MeasureForm {
            action,
            kinds: options(
                None,
                MeasureKind::ALL.iter().map(|k| (k.code(), k.label())),
                if values.kind.is_empty() {
                    MeasureKind::Measure.code()
                } else {
                    &values.kind
                },
            ),
            statuses: options(
                Some("Velg status"),
                MeasureState::ALL.iter().map(|s| (s.code(), s.label())),
                &values.status,
            ),
            goals: checks(
                "tiltak-mal-",
                goal_items.iter().map(|(c, l)| (c.as_str(), l.as_str())),
                &values.goals,
            ),
            values,
            errors,
            submit: submit.to_string(),
            class: LineClassification::default(),
            themes: Vec::new(),
            target_groups: Vec::new(),
        }
    }

    /// The checkboxes that classify the line's register entry for the knowledge matrix, with
    /// `class` ticked.
    pub fn classify(&mut self, tax: &husk_domain::Taxonomy, class: LineClassification) {
        self.themes = checks(
            "tiltak-tema-",
            tax.themes
                .iter()
                .map(|t| (t.code.as_str(), t.name_nb.as_str())),
            &class.themes,
        );
        self.target_groups = checks(
            "tiltak-malgruppe-",
            tax.target_groups
                .iter()
                .map(|t| (t.code.as_str(), t.name_nb.as_str())),
            &class.target_groups,
        );
        self.class = class;
    }

    pub fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    /// The measure as a form shows it again.
    pub fn values_of(m: &Measure) -> MeasureInput {
        MeasureInput {
            id: m.id.clone(),
            kind: m.kind.code().to_string(),
            title: m.title.clone(),
            goals: m.goals.clone(),
            owner: m.owner.clone(),
            start: husk_domain::norwegian::format_date(m.start),
            end: husk_domain::norwegian::format_date(m.end),
            status: m.status.state().code().to_string(),
            postponed_reason: match &m.status {
                MeasureStatus::Postponed { reason } => reason.clone(),
                _ => String::new(),
            },
            in_ordinary_operation: m.in_ordinary_operation,
        }
    }
}

/// The Norwegian name of a field of the page's forms, for the error summary.
fn field_label(field: &str) -> &'static str {
    match field {
        "type" => "Type",
        "title" => "Tittel",
        "mal" => "Mål",
        "ansvarlig" => "Ansvarlig",
        "start" => "Start",
        "slutt" => "Planlagt slutt",
        "status" => "Status",
        "utsatt_begrunnelse" => "Hvorfor utsatt",
        "i_drift" => "Ut i linje og inn i driften",
        "tema" => "Kunnskapstema",
        "malgruppe" => "Målgruppe",
        "foranalyse" => "Foranalyse",
        "faktaark" => "Faktaark",
        "programeier" => "Programeier",
        "styringsgruppe" => "Styringsgruppe",
        "programgruppe" => "Programgruppe",
        "programleder" => "Programleder",
        "vedtatt" => "Vedtatt politisk",
        "vedtatt_av" => "Vedtatt av",
        "punkt" => "Sjekkliste",
        f if f.starts_with("kommentar.") => "Kommentar i sjekklisten",
        _ => "Skjemaet",
    }
}

/// The error summary's lines: each links to its field (`prefix` + the field, dots as dashes).
fn summary_items(errors: &FieldErrors, prefix: &str) -> Vec<SummaryItem> {
    errors
        .iter()
        .map(|e| SummaryItem {
            target: if e.field == "mal" {
                "tiltak-mal".to_string()
            } else {
                format!("{prefix}{}", e.field.replace(['.', '_'], "-"))
            },
            label: field_label(&e.field),
            message: e.message.clone(),
        })
        .collect()
}

/// One measure as the page lists it.
pub struct MeasureView {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub goals: String,
    pub owner: String,
    pub period: String,
    pub status: String,
    pub in_operation: bool,
    pub late: bool,
    pub edit_href: Option<String>,
    /// Its register entry's page.
    pub entry_href: Option<String>,
    pub changed: String,
}

/// A goal with the measures serving it.
pub struct GoalGroup {
    pub code: String,
    pub level: String,
    pub text: String,
    pub measures: Vec<MeasureView>,
}

/// One deliverable: whether it is recorded, what is recorded, and what is missing.
pub struct DeliverableLine {
    pub label: String,
    pub done: bool,
    pub recorded: String,
    pub missing: String,
}

/// One item of the checklist with its form fields.
pub struct ChecklistRow {
    pub code: String,
    pub summary: String,
    pub ticked: bool,
    pub comment: String,
    pub error: Option<String>,
}

/// Which form of the page was sent and refused (its values are shown again).
pub enum Refused {
    Nothing,
    Deliverables(DeliverablesInput, FieldErrors),
    Measure(MeasureInput, LineClassification, FieldErrors),
    Checklist(Vec<MarkInput>, FieldErrors),
}

#[derive(Template)]
#[template(path = "programmes/participant.html")]
pub struct ParticipantPage {
    pub layout: Layout,
    pub programme_id: String,
    pub programme_title: String,
    pub href: String,
    pub api_href: String,
    pub name: String,
    pub kommunenummer: String,
    pub pool: String,
    pub phase: String,
    pub planned_end: String,
    pub planned_end_note: String,
    pub late: Vec<String>,
    pub entry: Option<(String, String)>,
    pub same: Vec<(String, String)>,
    pub phase_href: Option<String>,
    /// (to, date, by, reason, override) of each move so far.
    pub history: Vec<(String, String, String, String, Option<String>)>,
    /// (year, amount, status, other source's value) of each grant.
    pub grants: Vec<(i32, String, String, Option<String>)>,
    pub grants_source: String,
    pub deliverables: Vec<DeliverableLine>,
    pub deliverables_done: String,
    pub deliverables_changed: Option<String>,
    pub may_manage: bool,
    pub dform: DeliverablesInput,
    pub derrors: FieldErrors,
    pub by_goal: Vec<GoalGroup>,
    /// The measures' page navigation (`?tiltak=N`, 20 a page; set by the handler).
    pub measures_nav: Option<crate::paging::PageNav>,
    pub without_measures: Vec<(String, String)>,
    pub late_measures: Vec<MeasureView>,
    pub measure_count: String,
    pub status_counts: String,
    pub in_operation: String,
    pub may_update_plan: bool,
    pub mform: MeasureForm,
    pub checklist: Vec<ChecklistRow>,
    pub checklist_summary: String,
    pub checklist_changed: Option<String>,
    pub summary: Vec<SummaryItem>,
    pub summary_heading: String,
    pub message: Option<String>,
    /// The participant's key indicator against the other participants (set by the handler).
    pub indicators: Option<super::indicators::ParticipantIndicators>,
    /// (text, href) of the participant's other pages: status meetings, fact sheet, its
    /// municipality, indicators and co-financing.
    pub links: Vec<(String, String)>,
    /// Its status meetings in brief (set by the handler).
    pub meetings: Option<MeetingsBrief>,
    /// Its co-financing per year in brief (set by the handler).
    pub cofinancing: Option<CofinancingBrief>,
}

/// A participant's status meetings in brief, for its page.
pub struct MeetingsBrief {
    pub href: String,
    /// «2 møter holdt, sist 01.09.2026».
    pub held: String,
    pub next_due: String,
    pub next_late: bool,
    pub open_actions: String,
}

impl MeetingsBrief {
    pub fn new(href: String, s: &MeetingSummary, today: time::Date) -> MeetingsBrief {
        MeetingsBrief {
            href,
            held: crate::municipalities::views::held_text(s),
            next_due: s.next_due.map_or("ikke planlagt".into(), format::date),
            next_late: s.next_due.is_some_and(|d| d < today),
            open_actions: husk_domain::norwegian::count(
                s.open_actions as i64,
                "åpent oppfølgingspunkt",
                "åpne oppfølgingspunkter",
            ),
        }
    }
}

/// A participant's co-financing per year in brief, for its page.
pub struct CofinancingBrief {
    pub href: String,
    /// Why no year is checked (empty when some are).
    pub no_years: String,
    /// (year, verdict, tag colour) of each programme year.
    pub years: Vec<(i32, String, &'static str)>,
    pub attention: bool,
}

impl CofinancingBrief {
    pub fn new(href: String, c: &ParticipantCofinancing) -> CofinancingBrief {
        CofinancingBrief {
            href,
            no_years: match c.entry_year {
                None => "Kilden oppgir ikke hvilket år deltakeren ble tatt opp, så Husk kan ikke regne ut kravet til egenandel.".into(),
                Some(_) if c.years.is_empty() => {
                    "Programmet har ingen regel for egenfinansiering.".into()
                }
                Some(_) => String::new(),
            },
            years: c
                .years
                .iter()
                .map(|y| {
                    let (v, colour) = super::cofinancing::verdict(y);
                    (y.year, v, colour)
                })
                .collect(),
            attention: c.needs_attention(),
        }
    }
}

/// (text, href) of a participant's other pages.
fn participant_links(
    programme: &str,
    participant: i64,
    kommunenummer: Option<&str>,
) -> Vec<(String, String)> {
    let href = participant_href(programme, participant);
    let mut links = vec![
        ("Statusmøter".to_string(), format!("{href}/statusmoter")),
        ("Faktaark".to_string(), format!("{href}/faktaark")),
        (
            "Faktaark som PDF".to_string(),
            format!("{href}/faktaark.pdf"),
        ),
    ];
    if let Some(k) = kommunenummer {
        links.push(("Kommunens side".to_string(), format!("/kommuner/{k}")));
    }
    links.push((
        "Indikatorer mot sammenligningsgruppe".to_string(),
        format!("/programmer/{programme}/indikatorer?deltaker={participant}"),
    ));
    links.push((
        "Egenfinansiering".to_string(),
        format!("/programmer/{programme}/egenfinansiering#egenfinansiering-{participant}"),
    ));
    links
}

/// What is recorded of each deliverable, for the page.
fn deliverable_lines(d: &PlanDeliverables) -> Vec<DeliverableLine> {
    let missing = d.missing(Deliverable::ALL);
    Deliverable::ALL
        .iter()
        .map(|x| {
            let recorded = match x {
                Deliverable::PreAnalysis => d
                    .pre_analysis
                    .map_or(String::new(), |f| format!("Ferdig {}", format::date(f))),
                Deliverable::FactSheet => d
                    .fact_sheet
                    .map_or(String::new(), |f| format!("Levert {}", format::date(f))),
                Deliverable::Organisation => {
                    let o = &d.organisation;
                    [
                        ("Programeier", &o.owner),
                        ("styringsgruppe", &o.steering_group),
                        ("programgruppe", &o.programme_group),
                        ("programleder", &o.programme_leader),
                    ]
                    .iter()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect::<Vec<_>>()
                    .join("; ")
                }
                Deliverable::ProgrammePlan => {
                    let p = &d.programme_plan;
                    let mut parts = Vec::new();
                    if p.has_activity_plan {
                        parts.push("Med aktivitetsplan".to_string());
                    }
                    match (p.adopted, p.body.is_empty()) {
                        (Some(a), false) => {
                            parts.push(format!("vedtatt {} av {}", format::date(a), p.body))
                        }
                        (Some(a), true) => parts.push(format!("vedtatt {}", format::date(a))),
                        (None, false) => parts.push(format!("vedtas av {}", p.body)),
                        (None, true) => {}
                    }
                    parts.join(", ")
                }
                Deliverable::Anchoring => {
                    let a = d.anchoring;
                    let parts: Vec<&str> = [
                        (a.master_plan, "kommuneplanen"),
                        (a.economic_plan, "økonomiplanen"),
                        (a.budget, "budsjettet"),
                    ]
                    .iter()
                    .filter(|(on, _)| *on)
                    .map(|(_, n)| *n)
                    .collect();
                    if parts.is_empty() {
                        String::new()
                    } else {
                        format!("Forankret i {}", husk_domain::norwegian::list(&parts, "og"))
                    }
                }
            };
            let field = format!("leveranser.{}", x.code());
            let missing = missing.get(&field).unwrap_or("").to_string();
            DeliverableLine {
                label: x.label().to_string(),
                done: missing.is_empty(),
                recorded,
                missing,
            }
        })
        .collect()
}

impl ParticipantPage {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        layout: Layout,
        d: &ParticipantDetail,
        may_record_phase: bool,
        may_manage: bool,
        may_update_plan: bool,
        refused: Refused,
        message: Option<String>,
        today: time::Date,
    ) -> ParticipantPage {
        let p = &d.programme;
        let x = &d.participant;
        let href = participant_href(&p.id, x.id);
        let measure_view = |m: &Measure| MeasureView {
            id: m.id.clone(),
            title: m.title.clone(),
            kind: m.kind.label().to_string(),
            goals: m.goals.join(", "),
            owner: m.owner.clone(),
            period: format!("{}–{}", format::date(m.start), format::date(m.end)),
            status: m.status.label(),
            in_operation: m.in_ordinary_operation,
            late: m.is_late(today),
            edit_href: may_update_plan.then(|| format!("{href}/tiltak/{}", m.id)),
            entry_href: d
                .line_entries
                .get(&m.id)
                .map(|e| format!("/prosjekter/{e}")),
            changed: d.measures_changed.get(&m.id).map_or(String::new(), changed),
        };
        let by_goal = p
            .goals
            .iter()
            .filter_map(|g| {
                let ms = d.plan.measures_for_goal(&g.code);
                (!ms.is_empty()).then(|| GoalGroup {
                    code: g.code.clone(),
                    level: g.level.label().to_string(),
                    text: g.text.clone(),
                    measures: ms.into_iter().map(measure_view).collect(),
                })
            })
            .collect();
        let without_measures = d
            .goals
            .as_ref()
            .map(|goals| {
                d.plan
                    .goals_without_measures(goals)
                    .iter()
                    .map(|g| (g.code.clone(), g.text.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let counts: Vec<String> = d
            .plan
            .status_counts()
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| format!("{}: {n}", s.label().to_lowercase()))
            .collect();
        let deliverables = deliverable_lines(&d.deliverables);
        let done = deliverables.iter().filter(|l| l.done).count();

        let (mut dform, mut derrors) = (
            DeliverablesInput::from_recorded(&d.deliverables),
            FieldErrors::new(),
        );
        let mut mvalues = MeasureInput::default();
        let mut mclass = LineClassification::default();
        let mut merrors = FieldErrors::new();
        let mut marks: Option<Vec<MarkInput>> = None;
        let mut cerrors = FieldErrors::new();
        let (summary, summary_heading) = match refused {
            Refused::Nothing => (Vec::new(), String::new()),
            Refused::Deliverables(v, e) => {
                let s = summary_items(&e, "lev-");
                dform = v;
                derrors = e;
                (
                    s,
                    "Leveransene ble ikke lagret. Rett opp dette:".to_string(),
                )
            }
            Refused::Measure(v, c, e) => {
                let s = summary_items(&e, "tiltak-");
                mvalues = v;
                mclass = c;
                merrors = e;
                (s, "Tiltaket ble ikke lagret. Rett opp dette:".to_string())
            }
            Refused::Checklist(v, e) => {
                let s = summary_items(&e, "sjekk-");
                marks = Some(v);
                cerrors = e;
                (
                    s,
                    "Sjekklisten ble ikke lagret. Rett opp dette:".to_string(),
                )
            }
        };
        let checklist = d
            .plan
            .checklist
            .lines()
            .into_iter()
            .map(|l| {
                let sent = marks.as_ref().map(|ms| {
                    ms.iter()
                        .find(|m| m.item == l.item.code)
                        .cloned()
                        .unwrap_or_default()
                });
                ChecklistRow {
                    error: cerrors
                        .get(&format!("kommentar.{}", l.item.code))
                        .map(str::to_string),
                    ticked: sent.as_ref().map_or(l.ticked, |m| m.ticked),
                    comment: sent.map_or(l.comment.clone(), |m| m.comment),
                    code: l.item.code,
                    summary: l.item.summary,
                }
            })
            .collect();

        ParticipantPage {
            layout,
            programme_id: p.id.clone(),
            programme_title: p.title.clone(),
            name: x.name.clone(),
            kommunenummer: match (&x.kommunenummer, &x.district) {
                (Some(k), Some(dist)) => format!("{k} (bydel {dist})"),
                (Some(k), None) => k.clone(),
                (None, _) => "ikke oppgitt".into(),
            },
            pool: x.pool.label(),
            phase: match (x.history.current(), x.history.since()) {
                (Some(ph), Some(since)) => format!("{} (fra {})", ph.label(), format::date(since)),
                _ => "Ikke registrert".into(),
            },
            planned_end: x.planned_end.map_or("ikke oppgitt".into(), format::date),
            planned_end_note: x.planned_end_note.clone(),
            late: x.late.iter().map(|l| l.message()).collect(),
            entry: x
                .entry
                .as_ref()
                .map(|e| (format!("/prosjekter/{}", e.id), e.title.clone())),
            same: x
                .same_participation
                .iter()
                .map(|e| (format!("/prosjekter/{}", e.id), e.title.clone()))
                .collect(),
            phase_href: may_record_phase.then(|| format!("{href}/fase")),
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
            grants: x
                .grants
                .iter()
                .map(|g| {
                    (
                        g.year,
                        format::nok(g.amount),
                        g.status.label().to_lowercase(),
                        g.other
                            .as_ref()
                            .map(|o| format!("{} ({}). {}", o.value, o.source, o.note)),
                    )
                })
                .collect(),
            grants_source: {
                let mut s: Vec<&str> = x.grants.iter().map(|g| g.source.as_str()).collect();
                s.dedup();
                s.join("; ")
            },
            deliverables_done: format!(
                "{} av {} er registrert.",
                done,
                husk_domain::norwegian::count(deliverables.len() as i64, "leveranse", "leveranser")
            ),
            deliverables,
            deliverables_changed: d.deliverables_changed.as_ref().map(changed),
            may_manage,
            dform,
            derrors,
            by_goal,
            measures_nav: None,
            without_measures,
            late_measures: d.plan.late(today).into_iter().map(measure_view).collect(),
            measure_count: husk_domain::norwegian::count(
                d.plan.measures.len() as i64,
                "delprosjekt eller tiltak",
                "delprosjekter og tiltak",
            ),
            status_counts: counts.join(", "),
            in_operation: husk_domain::norwegian::count(
                d.plan.in_ordinary_operation().len() as i64,
                "tiltak",
                "tiltak",
            ),
            may_update_plan,
            mform: MeasureForm {
                class: mclass,
                ..MeasureForm::new(
                    format!("{href}/tiltak"),
                    d,
                    mvalues,
                    merrors,
                    "Legg til i planen",
                )
            },
            checklist,
            checklist_summary: d.plan.checklist.summary(),
            checklist_changed: d.checklist_changed.as_ref().map(changed),
            summary,
            summary_heading,
            message,
            indicators: None,
            links: participant_links(&p.id, x.id, x.kommunenummer.as_deref()),
            meetings: None,
            cofinancing: None,
            api_href: format!("/api/v1/programmes/{}/participants/{}", p.id, x.id),
            href,
        }
    }

    pub fn derr(&self, field: &str) -> Option<&str> {
        self.derrors.get(field)
    }
}

/// The page that edits one measure.
#[derive(Template)]
#[template(path = "programmes/measure_form.html")]
pub struct MeasurePage {
    pub layout: Layout,
    pub programme_id: String,
    pub programme_title: String,
    pub participant: String,
    pub participant_href: String,
    pub title: String,
    pub mform: MeasureForm,
    pub summary: Vec<SummaryItem>,
}

impl MeasurePage {
    pub fn new(
        layout: Layout,
        d: &ParticipantDetail,
        measure: &Measure,
        values: MeasureInput,
        errors: FieldErrors,
    ) -> MeasurePage {
        let href = participant_href(&d.programme.id, d.participant.id);
        MeasurePage {
            layout,
            programme_id: d.programme.id.clone(),
            programme_title: d.programme.title.clone(),
            participant: d.participant.name.clone(),
            title: measure.title.clone(),
            summary: summary_items(&errors, "tiltak-"),
            mform: MeasureForm::new(
                format!("{href}/tiltak/{}", measure.id),
                d,
                values,
                errors,
                "Lagre endringene",
            ),
            participant_href: href,
        }
    }
}

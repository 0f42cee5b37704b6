//! A programme read as a whole: the overview of every participant
//! (`/programmer/{id}/oversikt`), its XLSX export (`/programmer/{id}/eksport.xlsx`, also
//! `husk programme export`), and the annual programme report (*samlet årsmelding*,
//! `/programmer/{id}/arsmelding/{year}`, also as Markdown). The store compiles them for the
//! viewer ([`husk_store::Reader::programme_overview`], [`husk_store::Reader::programme_year`]);
//! this file makes display strings.

use crate::auth::Auth;
use crate::error::PageError;
use crate::format;
use crate::shared::layout::{Layout, Nav};
use crate::shared::pages::{found, layout, render};
use crate::shared::state::Acting;
use askama::Template;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use husk_domain::norwegian::count;
use husk_domain::programmes::indicators::Indicator;
use husk_domain::programmes::meetings::ActionStatus;
use husk_files::programme_workbook::{GoalLine, GrantLine, ParticipantLine, YearLine};
use husk_files::ProgrammeBook;
use husk_store::programmes::{
    AnnualProgrammeReport, Participant, ParticipantOverview, Programme, ProgrammeOverview,
    StoredIndicatorValue,
};
use husk_store::reporting::ReportInfo;

fn phase(p: &Participant) -> String {
    match (p.history.current(), p.history.since()) {
        (Some(phase), Some(since)) => format!("{} (fra {})", phase.label(), format::date(since)),
        _ => "Ikke registrert".into(),
    }
}

fn kommunenummer(p: &Participant) -> String {
    match (&p.kommunenummer, &p.district) {
        (Some(k), Some(d)) => format!("{k} (bydel {d})"),
        (Some(k), None) => k.clone(),
        (None, _) => "ikke oppgitt".into(),
    }
}

/// «3,2», «12» (counts without decimals).
fn value(indicator: &Indicator, v: f64) -> String {
    if indicator.count || v.fract() == 0.0 {
        format::int(v.round() as i64)
    } else {
        format!("{v:.1}").replace('.', ",")
    }
}

/// «Startlån: 12 lån (2019)».
fn indicator_line(v: &StoredIndicatorValue) -> String {
    format!(
        "{}: {} {} ({})",
        v.indicator.name,
        value(v.indicator, v.value),
        v.indicator.unit,
        v.year
    )
}

/// «2 rapporter: 1 godkjent, 1 sendt».
fn reports_line(reports: &[ReportInfo]) -> String {
    if reports.is_empty() {
        return "Ingen rapporter".into();
    }
    let mut states: Vec<(&str, usize)> = Vec::new();
    for r in reports {
        let label = r.state.label();
        match states.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => *n += 1,
            None => states.push((label, 1)),
        }
    }
    let parts: Vec<String> = states
        .iter()
        .map(|(l, n)| format!("{n} {}", l.to_lowercase()))
        .collect();
    format!(
        "{}: {}",
        count(reports.len() as i64, "rapport", "rapporter"),
        parts.join(", ")
    )
}

/// Every year the programme's grant table has, in order.
fn grant_years(p: &Programme) -> Vec<i32> {
    p.years.iter().map(|y| y.year).collect()
}

/// A link to one report.
pub struct ReportLink {
    pub title: String,
    pub href: String,
    pub state: String,
}

fn report_link(r: &ReportInfo) -> ReportLink {
    ReportLink {
        title: r.obligation().title(),
        href: format!("/rapporter/{}", r.id),
        state: r.state.label().to_string(),
    }
}

/// One participant's row in the overview.
pub struct OverviewRow {
    pub name: String,
    pub href: Option<String>,
    pub kommunenummer: String,
    pub pool: String,
    pub phase: String,
    pub planned_end: String,
    pub late: bool,
    /// The grant of each of the table's years («–» without one).
    pub grants: Vec<String>,
    pub total: String,
    pub reports: String,
    pub report_links: Vec<ReportLink>,
    pub indicators: Vec<String>,
}

fn overview_row(p: &Programme, x: &ParticipantOverview) -> OverviewRow {
    let q = &x.participant;
    OverviewRow {
        name: q.name.clone(),
        href: q.entry.as_ref().map(|e| format!("/prosjekter/{}", e.id)),
        kommunenummer: kommunenummer(q),
        pool: q.pool.label(),
        phase: phase(q),
        planned_end: q.planned_end.map_or("ikke oppgitt".into(), format::date),
        late: !q.late.is_empty(),
        grants: grant_years(p)
            .iter()
            .map(|y| {
                q.grants
                    .iter()
                    .find(|g| g.year == *y)
                    .map_or("–".into(), |g| format::nok(g.amount))
            })
            .collect(),
        total: format::nok(x.grant_total()),
        reports: reports_line(&x.reports),
        report_links: x.reports.iter().map(report_link).collect(),
        indicators: x.indicators.iter().map(indicator_line).collect(),
    }
}

/// The year's totals under the overview's grant columns.
pub struct TotalsColumn {
    pub itemised: String,
    pub not_itemised: String,
    pub total: String,
}

#[derive(Template)]
#[template(path = "programmes/overview.html")]
pub struct OverviewPage {
    pub layout: Layout,
    pub id: String,
    pub title: String,
    pub kind: String,
    pub period: String,
    pub participants_count: String,
    pub all_participants: bool,
    pub years: Vec<i32>,
    pub rows: Vec<OverviewRow>,
    pub totals: Vec<TotalsColumn>,
    pub conflict_years: String,
    /// (year, href) of each annual programme report.
    pub report_years: Vec<(i32, String)>,
    pub source: String,
}

/// The years of the programme's period (and of its grant table), for the annual reports.
fn programme_years(p: &Programme) -> Vec<i32> {
    let end = p.period.end.unwrap_or(p.period.start);
    let mut years: Vec<i32> = (p.period.start..=end).collect();
    years.extend(grant_years(p));
    years.sort_unstable();
    years.dedup();
    years
}

impl OverviewPage {
    pub fn new(layout: Layout, o: &ProgrammeOverview) -> OverviewPage {
        let p = &o.programme;
        OverviewPage {
            layout,
            id: p.id.clone(),
            title: p.title.clone(),
            kind: p.programme_type.label().to_string(),
            period: format::period(p.period.start, p.period.end),
            participants_count: count(o.participants.len() as i64, "deltaker", "deltakere"),
            all_participants: p.all_participants,
            years: grant_years(p),
            rows: o.participants.iter().map(|x| overview_row(p, x)).collect(),
            totals: p
                .years
                .iter()
                .map(|y| TotalsColumn {
                    itemised: format::nok(
                        o.participants
                            .iter()
                            .filter_map(|x| x.participant.grants.iter().find(|g| g.year == y.year))
                            .map(|g| g.amount)
                            .sum(),
                    ),
                    not_itemised: y.not_itemised.map_or("ikke oppgitt".into(), format::nok),
                    total: y
                        .total
                        .map_or("ikke oppgitt".into(), |t| format::nok(t.amount)),
                })
                .collect(),
            conflict_years: p
                .conflict_years
                .iter()
                .map(|y| y.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            report_years: programme_years(p)
                .into_iter()
                .map(|y| (y, format!("/programmer/{}/arsmelding/{y}", p.id)))
                .collect(),
            source: p.source.clone(),
        }
    }
}

/// The workbook of a programme's overview: participants, grants per participant and year, each
/// year's total with the part not itemised, and goals. Only what the viewer may read: a
/// recipient's workbook has its own participation (and the programme's totals, as the page).
pub fn programme_book(o: &ProgrammeOverview) -> ProgrammeBook {
    let p = &o.programme;
    let mut conflicts: Vec<String> = Vec::new();
    for x in &o.participants {
        for g in &x.participant.grants {
            if let Some(other) = &g.other {
                conflicts.push(format!(
                    "{} {}: {} ({})",
                    x.participant.name, g.year, other.value, other.source
                ));
            }
        }
    }
    ProgrammeBook {
        participants: o
            .participants
            .iter()
            .map(|x| {
                let q = &x.participant;
                ParticipantLine {
                    name: q.name.clone(),
                    kommunenummer: kommunenummer(q),
                    pool: q.pool.label(),
                    phase: phase(q),
                    planned_end: q.planned_end.map_or("ikke oppgitt".into(), format::date),
                    late: if q.late.is_empty() { "Nei" } else { "Ja" }.into(),
                    grant_total: x.grant_total(),
                    reports: reports_line(&x.reports),
                }
            })
            .collect(),
        grants: o
            .participants
            .iter()
            .flat_map(|x| {
                x.participant.grants.iter().map(|g| GrantLine {
                    participant: x.participant.name.clone(),
                    year: g.year,
                    amount: g.amount,
                    status: g.status.label().to_lowercase(),
                    source: match &g.other {
                        Some(o) => format!(
                            "{}. Kildene er uenige: {} ({})",
                            g.source, o.value, o.source
                        ),
                        None => g.source.clone(),
                    },
                })
            })
            .collect(),
        years: p
            .years
            .iter()
            .map(|y| YearLine {
                year: y.year,
                itemised: o
                    .participants
                    .iter()
                    .filter_map(|x| x.participant.grants.iter().find(|g| g.year == y.year))
                    .map(|g| g.amount)
                    .sum(),
                not_itemised: y.not_itemised,
                total: y.total.map(|t| t.amount),
                note: if p.conflict_years.contains(&y.year) {
                    format!(
                        "Rapportens tekst gir andre tall for {} enn tabellen; Husk følger tabellen.",
                        y.year
                    )
                } else {
                    String::new()
                },
            })
            .collect(),
        goals: p
            .goals
            .iter()
            .map(|g| GoalLine {
                level: g.level.label().to_string(),
                code: g.code.clone(),
                text: g.text.clone(),
                parent: g.parent.clone().unwrap_or_default(),
            })
            .collect(),
    }
}

/// `GET /programmer/{id}/oversikt`: every participant the viewer may read, with phase, pool,
/// planned end, grants per year and in all, its entries' reports and the latest key
/// indicators.
pub async fn overview(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let o = found(
        &auth,
        store.read_as(&auth.viewer).programme_overview(&id).await,
    )?;
    let layout = layout(
        &store,
        &auth,
        format!("Oversikt: {}", o.programme.title),
        Nav::Programmes,
    )
    .await?;
    render(StatusCode::OK, &OverviewPage::new(layout, &o))
}

fn download(bytes: Vec<u8>, content_type: &str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// `GET /programmer/{id}/eksport.xlsx`: the overview as a workbook.
pub async fn export_xlsx(
    Acting(store): Acting,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let o = found(
        &auth,
        store.read_as(&auth.viewer).programme_overview(&id).await,
    )?;
    let bytes = husk_files::programme_xlsx(&programme_book(&o))
        .map_err(|e| PageError::Internal(format!("program som XLSX: {e}")))?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("program-{}.xlsx", o.programme.id),
    ))
}

/// One participant's year in the annual programme report.
pub struct YearRow {
    pub anchor: String,
    pub name: String,
    pub kommunenummer: String,
    pub phases: String,
    pub grant: String,
    pub disputed: Option<String>,
    pub approved: Vec<ApprovedReport>,
    pub pending: Vec<ReportLink>,
    pub indicators: Vec<String>,
}

/// An approved report's answers in the annual programme report.
pub struct ApprovedReport {
    pub title: String,
    pub href: String,
    /// (goal, assessment, comment).
    pub goals: Vec<(String, String, String)>,
    /// (question, answer).
    pub learning: Vec<(String, String)>,
}

/// A measure of a participant's plan in the annual programme report.
pub struct MeasureYear {
    pub title: String,
    pub kind: String,
    pub period: String,
    pub status: String,
    pub in_operation: bool,
}

/// A status meeting held during the year, with the actions agreed at it.
pub struct MeetingYear {
    pub date: String,
    pub attendees: String,
    /// (text, owner, due, status today).
    pub actions: Vec<(String, String, String, String)>,
}

/// A participant's plan and status meetings in the annual programme report.
pub struct PlanYear {
    pub anchor: String,
    pub name: String,
    pub href: String,
    pub measures: Vec<MeasureYear>,
    /// «2 av 5 tiltak er ute i linjen og inn i driften», or empty without measures.
    pub in_operation: String,
    pub meetings: Vec<MeetingYear>,
}

impl PlanYear {
    fn new(programme: &str, r: &husk_store::programmes::ParticipantYear) -> PlanYear {
        let p = &r.participant;
        let operating = r
            .measures
            .iter()
            .filter(|m| m.in_ordinary_operation)
            .count();
        PlanYear {
            anchor: format!("plan-{}", p.id),
            name: p.name.clone(),
            href: super::views::participant_href(programme, p.id),
            measures: r
                .measures
                .iter()
                .map(|m| MeasureYear {
                    title: m.title.clone(),
                    kind: m.kind.label().to_string(),
                    period: format!("{}–{}", format::date(m.start), format::date(m.end)),
                    status: m.status.label(),
                    in_operation: m.in_ordinary_operation,
                })
                .collect(),
            in_operation: if r.measures.is_empty() {
                String::new()
            } else {
                format!(
                    "{} av {} er ute i linjen og inn i driften.",
                    operating,
                    husk_domain::norwegian::count(r.measures.len() as i64, "tiltak", "tiltak")
                )
            },
            meetings: r
                .meetings
                .iter()
                .map(|m| MeetingYear {
                    date: format::date(m.date()),
                    attendees: m.attendees.clone(),
                    actions: m
                        .actions
                        .iter()
                        .map(|a| {
                            (
                                a.text.clone(),
                                a.owner.clone(),
                                format::date(a.due),
                                match a.status {
                                    ActionStatus::Open => "Åpent".to_string(),
                                    ActionStatus::Done { on } => {
                                        format!("Utført {}", format::date(on))
                                    }
                                },
                            )
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn is_empty(&self) -> bool {
        self.measures.is_empty() && self.meetings.is_empty()
    }
}

#[derive(Template)]
#[template(path = "programmes/annual_report.html")]
pub struct AnnualReportPage {
    pub layout: Layout,
    pub id: String,
    pub title: String,
    pub year: i32,
    /// (year, href, current).
    pub years: Vec<(i32, String, bool)>,
    pub compiled_from: String,
    pub facts: Vec<(String, String)>,
    pub all_participants: bool,
    pub rows: Vec<YearRow>,
    /// (itemised, not itemised, total), when the source gives grants for the year.
    pub grants: Option<(String, String, String)>,
    pub sources_disagree: bool,
    pub grants_source: String,
    pub markdown_href: String,
    /// Each participant's measures whose period touches the year and its status meetings held
    /// in the year, for those that have any.
    pub plans_and_meetings: Vec<PlanYear>,
    /// The participants with neither.
    pub without_plans: Vec<String>,
}

const COMPILED_FROM: &str = "Sammenstilt av Husk fra programmets fakta, hver deltakers faser i året, tilskuddene året (fra kildens tabell), de godkjente rapportene for året fra deltakernes oppføringer, indikatorverdiene for året, tiltakene i deltakernes planer og statusmøtene holdt i året. Rapporter som ikke er godkjent, er bare nevnt.";

/// A report's goal as the annual report names it: a programme goal's code with its text.
fn goal_name(goals: &[husk_store::programmes::StoredGoal], goal: &str) -> String {
    match goals.iter().find(|g| g.code == goal.trim()) {
        Some(g) => format!("{}: {}", g.code, g.text),
        None => goal.to_string(),
    }
}

fn year_row(
    r: &husk_store::programmes::ParticipantYear,
    goals: &[husk_store::programmes::StoredGoal],
) -> YearRow {
    let p = &r.participant;
    YearRow {
        anchor: format!("deltaker-{}", p.id),
        name: p.name.clone(),
        kommunenummer: kommunenummer(p),
        phases: if r.phases.is_empty() {
            "Ingen fase registrert i året".into()
        } else {
            husk_domain::norwegian::list(
                &r.phases.iter().map(|ph| ph.label()).collect::<Vec<_>>(),
                "og",
            )
        },
        grant: r
            .grant
            .as_ref()
            .map_or("Ingen tilskudd i kilden".into(), |g| {
                format!(
                    "{}, {}",
                    format::nok(g.amount),
                    g.status.label().to_lowercase()
                )
            }),
        disputed: r.grant.as_ref().and_then(|g| {
            g.other
                .as_ref()
                .map(|o| format!("{} ({}). {}", o.value, o.source, o.note))
        }),
        approved: r
            .approved
            .iter()
            .map(|a| ApprovedReport {
                title: a.report.title(),
                href: format!("/rapporter/{}", a.report.id),
                goals: a
                    .goals
                    .iter()
                    .map(|g| {
                        (
                            goal_name(goals, &g.goal),
                            g.assessment
                                .map_or("ikke vurdert".into(), |n| format!("{n} av 5")),
                            g.comment.clone(),
                        )
                    })
                    .collect(),
                learning: a.learning.clone(),
            })
            .collect(),
        pending: r.pending.iter().map(report_link).collect(),
        indicators: r.indicators.iter().map(indicator_line).collect(),
    }
}

impl AnnualReportPage {
    pub fn new(layout: Layout, a: &AnnualProgrammeReport) -> AnnualReportPage {
        let p = &a.programme;
        let mut sources: Vec<&str> = p.total_sources.iter().map(|(_, s)| s.as_str()).collect();
        sources.dedup();
        let (with_plans, without_plans): (Vec<PlanYear>, Vec<PlanYear>) = a
            .participants
            .iter()
            .map(|r| PlanYear::new(&p.id, r))
            .partition(|x| !x.is_empty());
        AnnualReportPage {
            layout,
            id: p.id.clone(),
            title: p.title.clone(),
            year: a.year,
            years: programme_years(p)
                .into_iter()
                .map(|y| {
                    (
                        y,
                        format!("/programmer/{}/arsmelding/{y}", p.id),
                        y == a.year,
                    )
                })
                .collect(),
            compiled_from: COMPILED_FROM.into(),
            facts: vec![
                ("Type".into(), p.programme_type.label().to_string()),
                (
                    "Periode".into(),
                    format::period(p.period.start, p.period.end),
                ),
                ("Budsjett".into(), p.budget.total.label()),
                (
                    "Deltakere".into(),
                    count(a.participants.len() as i64, "deltaker", "deltakere"),
                ),
                (
                    "Programår".into(),
                    if p.period.start <= a.year && p.period.end.is_none_or(|e| a.year <= e) {
                        format!("{}. år av programmet", a.year - p.period.start + 1)
                    } else {
                        "Utenfor programperioden".into()
                    },
                ),
            ],
            all_participants: p.all_participants,
            rows: a
                .participants
                .iter()
                .map(|r| year_row(r, &a.programme.goals))
                .collect(),
            grants: a.grants.map(|y| {
                (
                    format::nok(
                        a.participants
                            .iter()
                            .filter_map(|r| r.grant.as_ref())
                            .map(|g| g.amount)
                            .sum(),
                    ),
                    y.not_itemised.map_or("ikke oppgitt".into(), format::nok),
                    y.total
                        .map_or("ikke oppgitt".into(), |t| format::nok(t.amount)),
                )
            }),
            sources_disagree: a.sources_disagree,
            grants_source: sources.join("; "),
            markdown_href: format!("/programmer/{}/arsmelding/{}/markdown", p.id, a.year),
            plans_and_meetings: with_plans,
            without_plans: without_plans.into_iter().map(|x| x.name).collect(),
        }
    }

    /// The same as Markdown, for a download.
    pub fn markdown(&self) -> String {
        let mut md = format!("# Samlet årsmelding {}: {}\n\n", self.year, self.title);
        md.push_str(&format!("{}\n\n", self.compiled_from));
        for (k, v) in &self.facts {
            md.push_str(&format!("- {k}: {v}\n"));
        }
        if let Some((itemised, not_itemised, total)) = &self.grants {
            md.push_str(&format!(
                "\n## Tilskudd {}\n\n- Sum spesifisert per deltaker: {itemised}\n- Ikke spesifisert per kommune: {not_itemised}\n- Totalt for alle programkommuner: {total}\n",
                self.year
            ));
            if self.sources_disagree {
                md.push_str(&format!("\nKildene er uenige om {}: rapportens tekst gir andre tall enn tabellen. Husk følger tabellen.\n", self.year));
            }
            md.push_str(&format!("\nKilde: {}.\n", self.grants_source));
        }
        md.push_str("\n## Deltakerne\n");
        for r in &self.rows {
            md.push_str(&format!(
                "\n### {}\n\n- Kommunenummer: {}\n- Fase i året: {}\n- Tilskudd: {}\n",
                r.name, r.kommunenummer, r.phases, r.grant
            ));
            if let Some(d) = &r.disputed {
                md.push_str(&format!("- Annen verdi i kilden: {d}\n"));
            }
            for i in &r.indicators {
                md.push_str(&format!("- Indikator: {i}\n"));
            }
            for a in &r.approved {
                md.push_str(&format!("\n#### {}\n\n", a.title));
                for (g, v, c) in &a.goals {
                    md.push_str(&format!("- {g}: {v}. {c}\n"));
                }
                for (q, ans) in &a.learning {
                    md.push_str(&format!("\n**{q}**\n\n{ans}\n"));
                }
            }
            for p in &r.pending {
                md.push_str(&format!(
                    "- Ikke godkjent ennå: {} ({})\n",
                    p.title, p.state
                ));
            }
        }
        md.push_str(&format!("\n## Planer og statusmøter i {}\n", self.year));
        for x in &self.plans_and_meetings {
            md.push_str(&format!("\n### {}\n\n", x.name));
            if x.measures.is_empty() {
                md.push_str(&format!(
                    "Ingen tiltak i planen med periode i {}.\n",
                    self.year
                ));
            } else {
                for m in &x.measures {
                    md.push_str(&format!(
                        "- {} ({}, {}): {}{}\n",
                        m.title,
                        m.kind.to_lowercase(),
                        m.period,
                        m.status,
                        if m.in_operation {
                            ", ute i linjen og inn i driften"
                        } else {
                            ""
                        }
                    ));
                }
                md.push_str(&format!("\n{}\n", x.in_operation));
            }
            for m in &x.meetings {
                md.push_str(&format!("\n#### Statusmøte {}\n\n", m.date));
                if !m.attendees.is_empty() {
                    md.push_str(&format!("Til stede: {}\n\n", m.attendees));
                }
                if m.actions.is_empty() {
                    md.push_str("Ingen tiltak avtalt.\n");
                }
                for (text, owner, due, status) in &m.actions {
                    md.push_str(&format!(
                        "- {text} (ansvarlig {owner}, frist {due}): {status}\n"
                    ));
                }
            }
        }
        if !self.without_plans.is_empty() {
            md.push_str(&format!(
                "\nUten tiltak eller statusmøter i {}: {}.\n",
                self.year,
                self.without_plans.join(", ")
            ));
        }
        md
    }
}

async fn annual(
    store: &husk_store::Store,
    auth: &Auth,
    id: &str,
    year: &str,
) -> Result<AnnualReportPage, PageError> {
    let year: i32 = year.parse().map_err(|_| PageError::NotFound)?;
    let a = found(
        auth,
        store.read_as(&auth.viewer).programme_year(id, year).await,
    )?;
    if !programme_years(&a.programme).contains(&year) {
        return Err(PageError::NotFound);
    }
    let layout = layout(
        store,
        auth,
        format!("Samlet årsmelding {year}: {}", a.programme.title),
        Nav::Programmes,
    )
    .await?;
    Ok(AnnualReportPage::new(layout, &a))
}

/// `GET /programmer/{id}/arsmelding/{year}`: the annual programme report.
pub async fn annual_report(
    Acting(store): Acting,
    auth: Auth,
    Path((id, year)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let page = annual(&store, &auth, &id, &year).await?;
    render(StatusCode::OK, &page)
}

/// `GET /programmer/{id}/arsmelding/{year}/markdown`: the same as a Markdown file.
pub async fn annual_report_markdown(
    Acting(store): Acting,
    auth: Auth,
    Path((id, year)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let page = annual(&store, &auth, &id, &year).await?;
    Ok(download(
        page.markdown().into_bytes(),
        "text/markdown; charset=utf-8",
        &format!("arsmelding-{}-{}.md", page.id, page.year),
    ))
}

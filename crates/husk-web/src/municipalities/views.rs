//! The municipalities' view models: display-ready strings for the list and a municipality's
//! page.

use crate::format;
use crate::paging::PageNav;
use crate::programmes::partnerships_views::AgreementRow;
use crate::shared::layout::Layout;
use askama::Template;
use husk_domain::norwegian::count;
use husk_domain::programmes::factsheet::indicator_value;
use husk_store::municipalities::{GrantSource, MeetingSummary, Municipality, MunicipalitySummary};
use time::Date;

/// A link with its text.
pub struct Link {
    pub text: String,
    pub href: String,
}

/// One municipality in the list.
pub struct MunicipalityRow {
    pub href: String,
    pub name: String,
    pub kommunenummer: String,
    pub entries: String,
    pub participations: String,
}

#[derive(Template)]
#[template(path = "municipalities/list.html")]
pub struct MunicipalityListPage {
    pub layout: Layout,
    pub rows: Vec<MunicipalityRow>,
    pub total: String,
    pub nav: Option<PageNav>,
}

impl MunicipalityListPage {
    pub fn new(layout: Layout, list: &[MunicipalitySummary], total: usize) -> Self {
        MunicipalityListPage {
            layout,
            total: count(total as i64, "kommune", "kommuner"),
            nav: None,
            rows: list
                .iter()
                .map(|m| MunicipalityRow {
                    href: format!("/kommuner/{}", m.kommunenummer),
                    name: m.name.clone(),
                    kommunenummer: m.kommunenummer.clone(),
                    entries: count(m.entries as i64, "oppføring", "oppføringer"),
                    participations: count(m.participations as i64, "deltakelse", "deltakelser"),
                })
                .collect(),
        }
    }
}

/// Where a participant's name links to: the participant's own page.
pub fn participant_href(programme: &str, participant: i64) -> String {
    crate::programmes::views::participant_href(programme, participant)
}

/// One programme participation.
pub struct ParticipationRow {
    pub programme: Link,
    pub participant: Link,
    pub fact_sheet: String,
    pub phase: String,
    pub late: String,
    pub entry: Option<Link>,
}

/// One participation's status meetings in brief.
pub struct MeetingRow {
    pub participant: String,
    pub href: String,
    pub held: String,
    pub next_due: String,
    pub next_late: bool,
    pub open_actions: String,
}

/// One grant row.
pub struct GrantRow {
    pub year: i32,
    pub source: Link,
    pub source_kind: &'static str,
    pub amount: String,
    pub status: String,
}

/// One year's grants from each source.
pub struct GrantYear {
    pub year: i32,
    pub programme: String,
    pub register: String,
}

pub struct EntryRow {
    pub link: Link,
    pub id: String,
    pub kind: String,
    pub status: String,
    pub period: String,
}

pub struct ReportRow {
    pub link: Link,
    pub state: String,
    pub due: String,
}

pub struct IndicatorRow {
    pub name: String,
    pub unit: String,
    pub year: i32,
    pub value: String,
}

#[derive(Template)]
#[template(path = "municipalities/municipality.html")]
pub struct MunicipalityPage {
    pub layout: Layout,
    pub name: String,
    pub kommunenummer: String,
    pub participations: Vec<ParticipationRow>,
    pub grants: Vec<GrantRow>,
    pub grant_years: Vec<GrantYear>,
    pub entries: Vec<EntryRow>,
    pub reports: Vec<ReportRow>,
    pub indicators: Vec<IndicatorRow>,
    pub agreements: Vec<AgreementRow>,
    pub meetings: Vec<MeetingRow>,
    /// The entries' and the reports' page navigation (`?oppforinger=N`, `?rapporter=N`; set
    /// by the handler, which keeps one page of each).
    pub entries_nav: Option<PageNav>,
    pub reports_nav: Option<PageNav>,
}

/// Entries and reports on one page of the municipality's page.
pub const SECTION_PAGE_SIZE: usize = 20;

impl MunicipalityPage {
    pub fn new(layout: Layout, m: &Municipality, today: Date) -> Self {
        let participations = m
            .participations
            .iter()
            .map(|p| ParticipationRow {
                programme: Link {
                    text: p.programme_title.clone(),
                    href: format!("/programmer/{}", p.programme_id),
                },
                participant: Link {
                    text: p.name.clone(),
                    href: participant_href(&p.programme_id, p.participant_id),
                },
                fact_sheet: format!(
                    "/programmer/{}/deltakere/{}/faktaark",
                    p.programme_id, p.participant_id
                ),
                phase: match (p.phase, p.phase_since) {
                    (Some(ph), Some(d)) => format!("{} (fra {})", ph.label(), format::date(d)),
                    (Some(ph), None) => ph.label().to_string(),
                    _ => "Ikke registrert".into(),
                },
                late: p.late.join(" "),
                entry: p.entry.as_ref().map(|e| Link {
                    text: e.title.clone(),
                    href: format!("/prosjekter/{}", e.id),
                }),
            })
            .collect();
        let grants: Vec<GrantRow> = m
            .grants
            .iter()
            .map(|g| {
                let (source, kind) = match &g.source {
                    GrantSource::Programme {
                        programme_id,
                        programme_title,
                        participant,
                    } => (
                        Link {
                            text: format!("{programme_title} ({participant})"),
                            href: format!("/programmer/{programme_id}#tilskudd"),
                        },
                        "Programmets tilskuddstabell",
                    ),
                    GrantSource::Entry { id, title } => (
                        Link {
                            text: title.clone(),
                            href: format!("/prosjekter/{id}"),
                        },
                        "Registeret",
                    ),
                };
                GrantRow {
                    year: g.year,
                    source,
                    source_kind: kind,
                    amount: format::nok(g.amount),
                    status: g.status.label().to_lowercase(),
                }
            })
            .collect();
        let mut years: Vec<i32> = m.grants.iter().map(|g| g.year).collect();
        years.dedup();
        let sum = |year: i32, programme: bool| -> String {
            let amounts: Vec<i64> = m
                .grants
                .iter()
                .filter(|g| {
                    g.year == year && matches!(g.source, GrantSource::Programme { .. }) == programme
                })
                .map(|g| g.amount)
                .collect();
            if amounts.is_empty() {
                "ingen".to_string()
            } else {
                format::nok(amounts.iter().sum())
            }
        };
        let grant_years = years
            .into_iter()
            .map(|y| GrantYear {
                year: y,
                programme: sum(y, true),
                register: sum(y, false),
            })
            .collect();
        let meetings = m
            .participations
            .iter()
            .map(|p| {
                let s = &p.meetings;
                MeetingRow {
                    participant: p.name.clone(),
                    href: format!(
                        "{}/statusmoter",
                        participant_href(&p.programme_id, p.participant_id)
                    ),
                    held: held_text(s),
                    next_due: s.next_due.map_or("Ikke planlagt".into(), format::date),
                    next_late: s.next_due.is_some_and(|d| d < today),
                    open_actions: count(
                        s.open_actions as i64,
                        "åpent oppfølgingspunkt",
                        "åpne oppfølgingspunkter",
                    ),
                }
            })
            .collect();
        MunicipalityPage {
            layout,
            agreements: m
                .agreements
                .iter()
                .map(|a| AgreementRow::new(a, today))
                .collect(),
            meetings,
            entries_nav: None,
            reports_nav: None,
            name: m.name.clone(),
            kommunenummer: m.kommunenummer.clone(),
            participations,
            grants,
            grant_years,
            entries: m
                .entries
                .iter()
                .map(|e| EntryRow {
                    link: Link {
                        text: e.title.clone(),
                        href: format!("/prosjekter/{}", e.id),
                    },
                    id: e.id.clone(),
                    kind: e.kind.label().to_string(),
                    status: e.status.label().to_string(),
                    period: format::period(e.years.start, e.years.end),
                })
                .collect(),
            reports: m
                .reports
                .iter()
                .map(|r| ReportRow {
                    link: Link {
                        text: r.title.clone(),
                        href: format!("/rapporter/{}", r.id),
                    },
                    state: r.state.label().to_string(),
                    due: format::date(r.due),
                })
                .collect(),
            indicators: m
                .indicators
                .iter()
                .map(|k| IndicatorRow {
                    name: k.indicator.name.to_string(),
                    unit: k.indicator.unit.to_string(),
                    year: k.year,
                    value: indicator_value(k.indicator, k.value),
                })
                .collect(),
        }
    }
}

/// «2 møter holdt, sist 01.09.2026», or that none is.
pub fn held_text(s: &MeetingSummary) -> String {
    match s.last_held {
        Some(last) => format!(
            "{} holdt, sist {}",
            count(s.held as i64, "møte", "møter"),
            format::date(last)
        ),
        None => "Ingen holdt ennå".into(),
    }
}

/// The 404 page for a kommunenummer that is not one, or one Husk knows nothing of.
#[derive(Template)]
#[template(path = "municipalities/not_found.html")]
pub struct UnknownMunicipalityPage {
    pub layout: Layout,
    pub message: String,
}

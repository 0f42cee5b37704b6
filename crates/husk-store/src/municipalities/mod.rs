//! Municipalities (by kommunenummer): where the areas meet. A municipality's page gathers its
//! programme participations with their phase, grants by year (the programmes' grant tables and
//! the register's grants to entries whose recipient is the municipality), those entries, their
//! reports and key indicators. This area owns no table of its own: it reads the others'
//! (`programme_participants`, `organisations`, `projects`, reports, `indicator_values`), and
//! every read takes the viewer ([`Reader::municipality`], [`Reader::municipalities`]).
//!
//! Agreements and status meetings are kept by the programmes' area; their reads join
//! [`Municipality`] here: the municipality's agreements as
//! [`Reader::agreements_of_municipality`] gives them, and each participation's status meetings
//! (when the next is due, how many are held, the open actions) as [`Reader::status_meetings`]
//! gives them.

mod sql;

use crate::programmes::meetings::ParticipantMeetings;
use crate::programmes::partnerships::StoredAgreement;
use crate::programmes::EntryRef;
use crate::{Reader, StoreError};
use husk_domain::access::ProjectScope;
use husk_domain::ids::Kommunenummer;
use husk_domain::portfolio::{GrantStatus, Kind, Status};
use husk_domain::programmes::factsheet::{key_indicators, IndicatorPoint};
use husk_domain::programmes::indicators::Indicator;
use husk_domain::programmes::{KeyIndicator, Phase};
use husk_domain::YearRange;
use serde::Serialize;
use time::Date;

/// A municipality in the list of those Husk knows.
#[derive(Debug, Clone, Serialize)]
pub struct MunicipalitySummary {
    pub kommunenummer: String,
    pub name: String,
    /// Register entries whose recipient is the municipality.
    pub entries: usize,
    /// Programme participations the viewer may read.
    pub participations: usize,
}

/// One programme participation of the municipality (or of one of its districts).
#[derive(Debug, Clone, Serialize)]
pub struct MunicipalParticipation {
    pub programme_id: String,
    pub programme_title: String,
    pub participant_id: i64,
    /// «Asker», «Oslo bydel Alna».
    pub name: String,
    pub phase: Option<Phase>,
    #[serde(with = "iso_option")]
    pub phase_since: Option<Date>,
    /// Why it is late today (empty when it is not).
    pub late: Vec<String>,
    pub entry: Option<EntryRef>,
    /// Its status meetings (see [`MeetingSummary`]).
    pub meetings: MeetingSummary,
}

/// A participation's status meetings in brief.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MeetingSummary {
    /// Meetings recorded as held.
    pub held: usize,
    #[serde(with = "iso_option")]
    pub last_held: Option<Date>,
    /// The earliest meeting planned and not held, or half a year after the last one held;
    /// `None` before any is planned or held.
    #[serde(with = "iso_option")]
    pub next_due: Option<Date>,
    /// Actions agreed at its meetings that are not done.
    pub open_actions: usize,
}

impl MeetingSummary {
    pub fn of(m: &ParticipantMeetings) -> MeetingSummary {
        MeetingSummary {
            held: m.meetings.iter().filter(|x| x.held.is_some()).count(),
            last_held: m.meetings.iter().filter_map(|x| x.held).max(),
            next_due: m.next_due,
            open_actions: m
                .meetings
                .iter()
                .flat_map(|x| &x.actions)
                .filter(|a| a.is_open())
                .count(),
        }
    }
}

/// Where a grant of the municipality is recorded.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GrantSource {
    /// A row of a programme's grant table.
    Programme {
        programme_id: String,
        programme_title: String,
        participant: String,
    },
    /// A grant in the register, to an entry whose recipient is the municipality.
    Entry { id: String, title: String },
}

/// One grant of the municipality in one year.
#[derive(Debug, Clone, Serialize)]
pub struct MunicipalGrant {
    pub year: i32,
    pub amount: i64,
    pub status: GrantStatus,
    pub source: GrantSource,
}

/// A register entry of the municipality.
#[derive(Debug, Clone, Serialize)]
pub struct MunicipalEntry {
    pub id: String,
    pub title: String,
    pub kind: Kind,
    pub status: Status,
    pub years: YearRange,
    pub recipient: Option<String>,
}

/// A report on one of the municipality's entries.
#[derive(Debug, Clone, Serialize)]
pub struct MunicipalReport {
    pub id: i64,
    pub title: String,
    pub entry_id: String,
    pub state: husk_domain::reporting::ReportState,
    #[serde(with = "iso")]
    pub due: Date,
}

/// What Husk knows of one municipality, as one viewer may read it.
#[derive(Debug, Clone, Serialize)]
pub struct Municipality {
    pub kommunenummer: String,
    pub name: String,
    pub participations: Vec<MunicipalParticipation>,
    /// By year, the programmes' rows before the register's.
    pub grants: Vec<MunicipalGrant>,
    pub entries: Vec<MunicipalEntry>,
    pub reports: Vec<MunicipalReport>,
    /// The latest value of each indicator.
    pub indicators: Vec<KeyIndicator>,
    /// The municipality's agreements with other actors that the viewer may read.
    pub agreements: Vec<StoredAgreement>,
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

/// The name Husk knows a municipality by: a programme's name for it, else its organisation's
/// («Asker kommune» is Asker), else its number.
fn names(rows: Vec<(String, String, i64)>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, name, _) in rows {
        if out.last().is_some_and(|(last, _)| *last == k) {
            continue;
        }
        let name = name.trim();
        let name = name
            .strip_suffix(" kommune")
            .unwrap_or(name)
            .trim()
            .to_string();
        let name = if name.is_empty() {
            format!("Kommunenummer {k}")
        } else {
            name
        };
        out.push((k, name));
    }
    out
}

impl Reader<'_> {
    /// The municipalities Husk knows (from programmes, the register's recipients and
    /// indicator values), by kommunenummer, for a viewer who may see the portfolio.
    pub async fn municipalities(&self) -> Result<Vec<MunicipalitySummary>, StoreError> {
        if !self.viewer.may_see_portfolio() {
            return Err(StoreError::Hidden);
        }
        let pool = &self.store.pool;
        let counts = sql::entry_counts(pool).await?;
        let participations = sql::participations(pool).await?;
        Ok(names(sql::known(pool).await?)
            .into_iter()
            .map(|(k, name)| MunicipalitySummary {
                entries: counts
                    .iter()
                    .find(|(c, _)| *c == k)
                    .map_or(0, |(_, n)| *n as usize),
                participations: participations
                    .iter()
                    .filter(|(pk, _, _, region, org)| {
                        *pk == k
                            && self.viewer.may_read_participation(ProjectScope {
                                region,
                                organisation_id: *org,
                            })
                    })
                    .count(),
                kommunenummer: k,
                name,
            })
            .collect())
    }

    /// One municipality: `Ok(None)` when Husk knows nothing of it, [`StoreError::Hidden`] for
    /// a viewer who may not see the portfolio. Participations are those the viewer may read
    /// (a recipient its own), with their grant rows; entries, their register grants and
    /// reports as the viewer may read them.
    pub async fn municipality(
        &self,
        k: &Kommunenummer,
    ) -> Result<Option<Municipality>, StoreError> {
        if !self.viewer.may_see_portfolio() {
            return Err(StoreError::Hidden);
        }
        let store = self.store;
        let k = k.as_str();
        let Some((_, name)) = names(sql::known(&store.pool).await?)
            .into_iter()
            .find(|(n, _)| n == k)
        else {
            return Ok(None);
        };
        let mut participations = Vec::new();
        let mut grants = Vec::new();
        let mut entry_ids: Vec<String> = Vec::new();
        let mut programmes: Vec<String> = sql::participations(&store.pool)
            .await?
            .into_iter()
            .filter(|p| p.0 == k)
            .map(|p| p.1)
            .collect();
        programmes.dedup();
        for id in programmes {
            let Some(p) = store.programme_unfiltered(&id).await? else {
                continue;
            };
            for x in p.participants.iter().filter(|x| {
                x.kommunenummer.as_deref() == Some(k)
                    && self.viewer.may_read_participation(x.scope())
            }) {
                let meetings = match self.meetings_in(&p, x.id).await {
                    Ok(Some(m)) => MeetingSummary::of(&m),
                    Ok(None) | Err(StoreError::Hidden) => MeetingSummary::default(),
                    Err(e) => return Err(e),
                };
                participations.push(MunicipalParticipation {
                    meetings,
                    programme_id: p.id.clone(),
                    programme_title: p.title.clone(),
                    participant_id: x.id,
                    name: x.name.clone(),
                    phase: x.history.current(),
                    phase_since: x.history.since(),
                    late: x.late.iter().map(|l| l.message()).collect(),
                    entry: x.entry.clone(),
                });
                for g in &x.grants {
                    grants.push(MunicipalGrant {
                        year: g.year,
                        amount: g.amount,
                        status: g.status,
                        source: GrantSource::Programme {
                            programme_id: p.id.clone(),
                            programme_title: p.title.clone(),
                            participant: x.name.clone(),
                        },
                    });
                }
                entry_ids.extend(x.entry.iter().map(|e| e.id.clone()));
                entry_ids.extend(x.same_participation.iter().map(|e| e.id.clone()));
            }
        }
        let own = sql::entries_of(&store.pool, k).await?;
        entry_ids.extend(own.iter().cloned());
        let facts = store.register_facts().await?;
        let mut entries = Vec::new();
        let mut reports = Vec::new();
        for f in facts.iter().filter(|f| entry_ids.contains(&f.id)) {
            let scope = ProjectScope {
                region: &f.region,
                organisation_id: f.organisation_id,
            };
            if !self.viewer.may_read_project(scope) {
                continue;
            }
            entries.push(MunicipalEntry {
                id: f.id.clone(),
                title: f.title.clone(),
                kind: f.kind,
                status: f.status,
                years: f.years,
                recipient: f.recipient.clone(),
            });
            if own.contains(&f.id) {
                for (year, amount, status) in &f.grants {
                    grants.push(MunicipalGrant {
                        year: *year,
                        amount: *amount,
                        status: *status,
                        source: GrantSource::Entry {
                            id: f.id.clone(),
                            title: f.title.clone(),
                        },
                    });
                }
            }
            for r in store.reports_of_project(&f.id).await? {
                if self.viewer.may_read_report(r.report_scope()) {
                    reports.push(MunicipalReport {
                        id: r.id,
                        title: r.title(),
                        entry_id: f.id.clone(),
                        state: r.state,
                        due: r.due,
                    });
                }
            }
        }
        entries.sort_by(|a, b| (a.years.start, &a.id).cmp(&(b.years.start, &b.id)));
        // Stable: within a year the programmes' rows stay before the register's.
        grants.sort_by_key(|g| g.year);
        reports.sort_by_key(|r| (r.due, r.id));
        let values = crate::programmes::indicator_rows(store).await?;
        let points: Vec<IndicatorPoint<'_>> = values
            .iter()
            .filter(|(kn, ..)| kn == k)
            .filter_map(|(kn, year, code, value, _)| {
                Some(IndicatorPoint {
                    kommunenummer: kn,
                    year: *year as i32,
                    indicator: Indicator::find(code)?,
                    value: *value,
                })
            })
            .collect();
        let agreements = self.agreements_of_municipality(k).await?;
        Ok(Some(Municipality {
            agreements,
            kommunenummer: k.to_string(),
            name,
            participations,
            grants,
            entries,
            reports,
            indicators: key_indicators(k, &[], &points),
        }))
    }
}

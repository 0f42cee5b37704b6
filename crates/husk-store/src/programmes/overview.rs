//! A programme compiled for reading as a whole: the overview of every participant (phase, pool,
//! planned end, grants, the reports of its entries, the latest key indicators) and the annual
//! programme report (*samlet årsmelding*) for one year. Both are compiled from what the other
//! reads give ([`Reader::programme`], each entry's reports and annual summary, the indicator
//! values), so every part is filtered for the viewer the same way as when read on its own.

use super::meetings::StoredMeeting;
use super::{Participant, ParticipantGrant, Programme, StoredIndicatorValue};
use crate::reporting::{ReportInfo, SummaryEntry};
use crate::{Reader, StoreError};
use husk_domain::programmes::grants::YearSummary;
use husk_domain::programmes::plans::Measure;
use husk_domain::programmes::Phase;
use serde::Serialize;

/// One participant in the overview.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipantOverview {
    pub participant: Participant,
    /// The reports of its entries (its own and those of the same participation) that the viewer
    /// may read, by due date.
    pub reports: Vec<ReportInfo>,
    /// The latest value of each indicator for its kommunenummer (empty without one, or for a
    /// viewer who may not see the portfolio's figures).
    pub indicators: Vec<StoredIndicatorValue>,
}

impl ParticipantOverview {
    /// Its grants over every year.
    pub fn grant_total(&self) -> i64 {
        self.participant.grants.iter().map(|g| g.amount).sum()
    }
}

/// A programme's overview: every participant the viewer may read.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeOverview {
    pub programme: Programme,
    pub participants: Vec<ParticipantOverview>,
}

/// One participant's year in the annual programme report.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipantYear {
    pub participant: Participant,
    /// The phases it was in at any time during the year, in order.
    pub phases: Vec<Phase>,
    /// Its grant that year, as the source's table gives it.
    pub grant: Option<ParticipantGrant>,
    /// The approved reports of the year on its entries, with what they answer.
    pub approved: Vec<SummaryEntry>,
    /// The year's reports on its entries that are not approved yet.
    pub pending: Vec<ReportInfo>,
    /// Indicator values for the year for its kommunenummer.
    pub indicators: Vec<StoredIndicatorValue>,
    /// The measures of its plan whose period touches the year, with their status today.
    pub measures: Vec<Measure>,
    /// Its status meetings held during the year, with the actions agreed at them.
    pub meetings: Vec<StoredMeeting>,
}

/// The annual programme report (*samlet årsmelding*) for one year.
#[derive(Debug, Clone, Serialize)]
pub struct AnnualProgrammeReport {
    pub programme: Programme,
    pub year: i32,
    /// The programme's grant total, the rows' sum and the part not itemised that year (`None`
    /// when the source gives no grants for the year).
    pub grants: Option<YearSummary>,
    /// Whether the sources disagree about the year's grants (seed 003's 2011).
    pub sources_disagree: bool,
    pub participants: Vec<ParticipantYear>,
}

/// The phases a participant was in at any time during `year`.
pub fn phases_in_year(p: &Participant, year: i32) -> Vec<Phase> {
    p.history
        .periods()
        .iter()
        .filter(|per| per.from.year() <= year && per.until.is_none_or(|u| u.year() >= year))
        .map(|per| per.phase)
        .collect()
}

/// The ids of a participant's entries: its own first, then the same participation's.
fn entry_ids(p: &Participant) -> Vec<&str> {
    p.entry
        .iter()
        .chain(&p.same_participation)
        .map(|e| e.id.as_str())
        .collect()
}

impl Reader<'_> {
    /// The indicator values the viewer may read (none for who may not see the portfolio).
    async fn visible_indicators(&self) -> Result<Vec<StoredIndicatorValue>, StoreError> {
        match self.indicator_values().await {
            Ok(v) => Ok(v),
            Err(StoreError::Hidden) => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    /// The reports of one entry that the viewer may read (none when it may not read the entry).
    async fn entry_reports(&self, id: &str) -> Result<Vec<ReportInfo>, StoreError> {
        match self.entry(id).await {
            Ok(Some(e)) => e.reports().await,
            Ok(None) | Err(StoreError::Hidden) => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    /// A programme's overview as the viewer may read it: `Ok(None)` when there is none,
    /// [`StoreError::Hidden`] as for [`Reader::programme`].
    pub async fn programme_overview(
        &self,
        id: &str,
    ) -> Result<Option<ProgrammeOverview>, StoreError> {
        let Some(programme) = self.programme(id).await? else {
            return Ok(None);
        };
        let values = self.visible_indicators().await?;
        let mut participants = Vec::new();
        for p in &programme.participants {
            let mut reports = Vec::new();
            for e in entry_ids(p) {
                reports.extend(self.entry_reports(e).await?);
            }
            reports.sort_by_key(|r| (r.due, r.id));
            reports.dedup_by_key(|r| r.id);
            let mut latest: Vec<StoredIndicatorValue> = Vec::new();
            if let Some(k) = &p.kommunenummer {
                for v in values.iter().filter(|v| &v.kommunenummer == k) {
                    match latest
                        .iter_mut()
                        .find(|l| l.indicator.code == v.indicator.code)
                    {
                        Some(l) if l.year < v.year => *l = v.clone(),
                        Some(_) => {}
                        None => latest.push(v.clone()),
                    }
                }
            }
            latest.sort_by_key(|v| {
                husk_domain::programmes::indicators::INDICATORS
                    .iter()
                    .position(|i| i.code == v.indicator.code)
            });
            participants.push(ParticipantOverview {
                participant: p.clone(),
                reports,
                indicators: latest,
            });
        }
        Ok(Some(ProgrammeOverview {
            programme,
            participants,
        }))
    }

    /// The annual programme report for `year` as the viewer may read it: each participant's
    /// phases during the year, its grant, the approved reports of the year on its entries with
    /// their answers (each as when read on its own) and the ones still pending, the year's
    /// indicator values, the measures of its plan whose period touches the year and the status
    /// meetings held in the year (for a participation the viewer may read). `Ok(None)` when there is no such programme.
    pub async fn programme_year(
        &self,
        id: &str,
        year: i32,
    ) -> Result<Option<AnnualProgrammeReport>, StoreError> {
        let Some(programme) = self.programme(id).await? else {
            return Ok(None);
        };
        let values = self.visible_indicators().await?;
        let mut participants = Vec::new();
        for p in &programme.participants {
            let mut approved: Vec<SummaryEntry> = Vec::new();
            let mut pending: Vec<ReportInfo> = Vec::new();
            for e in entry_ids(p) {
                let summary = match self.entry(e).await {
                    Ok(Some(reader)) => reader.annual_summary(year).await?,
                    Ok(None) | Err(StoreError::Hidden) => None,
                    Err(err) => return Err(err),
                };
                let Some(s) = summary else { continue };
                // An entry's summary holds the reports on the entries under it too: those
                // are the same participation's.
                for a in s.entries {
                    if !approved.iter().any(|x| x.report.id == a.report.id) {
                        approved.push(a);
                    }
                }
                for r in s.pending {
                    if !pending.iter().any(|x| x.id == r.id) {
                        pending.push(r);
                    }
                }
            }
            let indicators = p
                .kommunenummer
                .as_ref()
                .map(|k| {
                    values
                        .iter()
                        .filter(|v| &v.kommunenummer == k && v.year == year)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            let (measures, meetings) = if self.viewer.may_read_participation(p.scope()) {
                let (plan, _, _) = self.store.plan_of(p).await?;
                let measures = plan
                    .measures
                    .into_iter()
                    .filter(|m| m.start.year() <= year && year <= m.end.year())
                    .collect();
                let meetings = match self.meetings_in(&programme, p.id).await {
                    Ok(Some(m)) => m
                        .meetings
                        .into_iter()
                        .filter(|m| m.held.is_some_and(|h| h.year() == year))
                        .collect(),
                    Ok(None) | Err(StoreError::Hidden) => Vec::new(),
                    Err(e) => return Err(e),
                };
                (measures, meetings)
            } else {
                (Vec::new(), Vec::new())
            };
            participants.push(ParticipantYear {
                measures,
                meetings,
                phases: phases_in_year(p, year),
                grant: p.grants.iter().find(|g| g.year == year).cloned(),
                participant: p.clone(),
                approved,
                pending,
                indicators,
            });
        }
        Ok(Some(AnnualProgrammeReport {
            grants: programme.years.iter().find(|y| y.year == year).copied(),
            sources_disagree: programme.conflict_years.contains(&year),
            year,
            programme,
            participants,
        }))
    }
}

//! Co-financing per participant and year: the programme's rule (set per programme by the
//! owning office, [`Store::set_cofinancing_rule`]) against the own contribution
//! (`egeninnsats`) the participant reported in the economy part of its reports
//! ([`Reader::cofinancing`]). The arithmetic and the choice of report are
//! `husk_domain::programmes::cofinancing`'s.
//!
//! A year's programme costs are the participant's programme grant for the year (the grant
//! table's row) and the own contribution it reported; the reports counted are those sent in
//! (sent, sent again, approved or published) that the viewer may read, on the participation's
//! entry and the entries describing the same participation.

use super::{sql, Programme};
use crate::{Reader, SaveError, Store, StoreError};
use husk_domain::portfolio::parse_nok;
use husk_domain::programmes::cofinancing::{self, CofinancingCheck, CofinancingRule};
use husk_domain::reporting::{ReportKind, ReportState};
use serde::Serialize;
use std::collections::BTreeMap;

/// The field of the default template's economy part that holds the own contribution.
pub const OWN_CONTRIBUTION_FIELD: &str = "egeninnsats";

/// A report whose own contribution was counted.
#[derive(Debug, Clone, Serialize)]
pub struct CountedReport {
    pub id: i64,
    pub title: String,
    pub year: i32,
    pub kind: ReportKind,
    pub state: ReportState,
    /// The own contribution it gives (`None` when the field is blank or not in its template).
    pub own_contribution: Option<i64>,
}

/// One participant's co-financing.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipantCofinancing {
    pub participant_id: i64,
    pub participant: String,
    /// Programme year 1 (the pool year); `None` when the source does not state it, and then
    /// no year can be checked.
    pub entry_year: Option<i32>,
    pub years: Vec<CofinancingCheck>,
    pub reports: Vec<CountedReport>,
}

impl ParticipantCofinancing {
    pub fn needs_attention(&self) -> bool {
        self.years.iter().any(CofinancingCheck::needs_attention)
    }
}

/// A programme's co-financing as a viewer reads it.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeCofinancing {
    pub rule: CofinancingRule,
    pub participants: Vec<ParticipantCofinancing>,
}

impl Store {
    /// Sets a programme's co-financing rule from a form's fields (one share in per cent per
    /// programme year, from year 1), checked by the domain
    /// ([`CofinancingRule::from_percent_fields`]). The caller has checked that the viewer may
    /// ([`husk_domain::Viewer::may_configure_programme`]).
    pub async fn set_cofinancing_rule(
        &self,
        programme: &str,
        fields: &[String],
    ) -> Result<CofinancingRule, SaveError> {
        let rule = CofinancingRule::from_percent_fields(fields).map_err(SaveError::Invalid)?;
        let mut tx = self.begin_write().await?;
        if !sql::programme_exists(&mut *tx, programme).await? {
            return Err(StoreError::NotFound(format!("programmet «{programme}»")).into());
        }
        sql::delete_cofinancing(&mut *tx, programme).await?;
        for (i, share) in rule.shares().iter().enumerate() {
            sql::insert_cofinancing(
                &mut *tx,
                programme,
                i as i64 + 1,
                share.basis_points().into(),
            )
            .await?;
        }
        Self::commit_write(tx).await?;
        Ok(rule)
    }
}

impl Reader<'_> {
    /// Co-financing per participant and year of a programme as this viewer read it
    /// ([`Reader::programme`]: a recipient reads its own participations), counting the reports
    /// the viewer may read.
    pub async fn cofinancing(
        &self,
        programme: &Programme,
    ) -> Result<ProgrammeCofinancing, StoreError> {
        let rule = CofinancingRule::new(programme.cofinancing.clone());
        let mut participants = Vec::new();
        for x in &programme.participants {
            let mut reports = Vec::new();
            let entries = x
                .entry
                .iter()
                .chain(x.same_participation.iter())
                .map(|e| e.id.clone());
            for entry in entries {
                for info in self.store.reports_of_project(&entry).await? {
                    let sent_in = matches!(
                        info.state,
                        ReportState::Submitted
                            | ReportState::Resubmitted
                            | ReportState::Approved
                            | ReportState::Published
                    );
                    if !sent_in || !self.viewer.may_read_report(info.report_scope()) {
                        continue;
                    }
                    let Some(report) = self.store.report_for(self.viewer, info.id).await? else {
                        continue;
                    };
                    // The figures of the version approved last, or of the latest sent in.
                    let version = if info.state.is_approved() {
                        report
                            .versions
                            .iter()
                            .rev()
                            .find(|v| v.outcome.as_deref() == Some("godkjent"))
                    } else {
                        report.versions.last()
                    };
                    let own = version
                        .and_then(|v| v.answers.get(OWN_CONTRIBUTION_FIELD))
                        .filter(|a| !a.is_blank())
                        .and_then(|a| parse_nok(a.text()).ok());
                    reports.push(CountedReport {
                        id: info.id,
                        title: info.title(),
                        year: info.year,
                        kind: info.kind,
                        state: info.state,
                        own_contribution: own,
                    });
                }
            }
            reports.sort_by_key(|r| (r.year, r.id));
            let mut by_year: BTreeMap<i32, Vec<(ReportKind, i64)>> = BTreeMap::new();
            for r in &reports {
                if let Some(own) = r.own_contribution {
                    by_year.entry(r.year).or_default().push((r.kind, own));
                }
            }
            let reported: BTreeMap<i32, i64> = by_year
                .iter()
                .filter_map(|(y, rs)| cofinancing::reported_for_year(rs).map(|a| (*y, a)))
                .collect();
            let grants: BTreeMap<i32, i64> = x.grants.iter().map(|g| (g.year, g.amount)).collect();
            let entry_year = x.pool.year();
            let years = match entry_year {
                Some(y) => cofinancing::participant_years(&rule, &x.name, y, &grants, &reported),
                None => Vec::new(),
            };
            participants.push(ParticipantCofinancing {
                participant_id: x.id,
                participant: x.name.clone(),
                entry_year,
                years,
                reports,
            });
        }
        Ok(ProgrammeCofinancing { rule, participants })
    }
}

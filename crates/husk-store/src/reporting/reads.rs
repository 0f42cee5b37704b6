//! Reporting read as a viewer: one report ([`Reader::report`]), its dialogue meeting, the
//! obligations the viewer follows, published reports, and an entry's reports, obligations,
//! indicators and annual summary.

use super::StoredReport;
use super::{AnnualSummary, IndicatorRow, ObligationRow, ReportInfo, StoredDialogueMeeting};
use crate::portfolio::EntryReader;
use crate::{Reader, StoreError};
use husk_domain::access::ProjectScope;
use std::collections::HashMap;
use time::Date;

impl<'a> Reader<'a> {
    /// A report's place and state if the viewer may read it ([`husk_domain::Viewer::may_read_report`]):
    /// `Ok(None)` when there is none, [`StoreError::Hidden`] when the viewer may not read it.
    pub async fn report_info(&self, id: i64) -> Result<Option<ReportInfo>, StoreError> {
        let Some(info) = self.store.report_info(id).await? else {
            return Ok(None);
        };
        if !self.viewer.may_read_report(info.report_scope()) {
            return Err(StoreError::Hidden);
        }
        Ok(Some(info))
    }

    /// A report as the viewer may see it ([`StoredReport::visible_to`]): `Ok(None)` when there
    /// is none, [`StoreError::Hidden`] when the viewer may not read it.
    pub async fn report(&self, id: i64) -> Result<Option<StoredReport>, StoreError> {
        if self.report_info(id).await?.is_none() {
            return Ok(None);
        }
        self.store
            .report_for(self.viewer, id)
            .await?
            .map(Some)
            .ok_or(StoreError::Hidden)
    }

    /// The dialogue meeting booked on a report, as the viewer may see it
    /// ([`husk_domain::reporting::DialogueMeeting::visible_to`]; who wrote it last only for
    /// those who record it). `Ok(None)` when none is booked or the viewer sees nothing of it,
    /// [`StoreError::Hidden`] when the viewer may not read the report.
    pub async fn dialogue_meeting(
        &self,
        report_id: i64,
    ) -> Result<Option<StoredDialogueMeeting>, StoreError> {
        let Some(info) = self.report_info(report_id).await? else {
            return Ok(None);
        };
        let scope = info.scope();
        let Some(mut stored) = self.store.dialogue_meeting(report_id).await? else {
            return Ok(None);
        };
        let Some(meeting) = stored.meeting.visible_to(self.viewer, scope) else {
            return Ok(None);
        };
        stored.meeting = meeting;
        if !self.viewer.may_record_dialogue_meeting(scope) {
            stored.updated_by = None;
        }
        Ok(Some(stored))
    }

    /// The obligations (as of `today`) whose entries' reporting the viewer follows
    /// ([`husk_domain::Viewer::sees_obligations_of`]): every entry's for staff, a recipient's
    /// own entries'.
    pub async fn obligations(&self, today: Date) -> Result<Vec<ObligationRow>, StoreError> {
        Ok(self
            .store
            .all_obligations(today)
            .await?
            .into_iter()
            .filter(|o| {
                self.viewer.sees_obligations_of(ProjectScope {
                    region: &o.region,
                    organisation_id: o.organisation_id,
                })
            })
            .collect())
    }

    /// Published reports the viewer may read (everyone may), newest first.
    pub async fn published_reports(&self) -> Result<Vec<ReportInfo>, StoreError> {
        Ok(self
            .store
            .published_reports()
            .await?
            .into_iter()
            .filter(|r| self.viewer.may_read_report(r.report_scope()))
            .collect())
    }

    /// The public summaries of published reports whose recipients consented to publishing
    /// them, by report id (published reports are everyone's to read).
    pub async fn published_summaries(&self) -> Result<HashMap<i64, String>, StoreError> {
        self.store.published_summaries().await
    }
}

impl EntryReader<'_> {
    /// The entry's reports the viewer may read, by due date.
    pub async fn reports(&self) -> Result<Vec<ReportInfo>, StoreError> {
        Ok(self
            .reader
            .store
            .reports_of_project(&self.id)
            .await?
            .into_iter()
            .filter(|r| self.reader.viewer.may_read_report(r.report_scope()))
            .collect())
    }

    /// The entry's obligations (as of `today`) as the viewer sees them: all of them for
    /// insiders ([`husk_domain::Viewer::is_insider`]), for others those whose report they may
    /// read (the approved ones).
    pub async fn obligations(&self, today: Date) -> Result<Vec<ObligationRow>, StoreError> {
        let viewer = self.reader.viewer;
        let insider = viewer.is_insider(self.scope());
        Ok(self
            .reader
            .store
            .obligations_of_project(&self.id, today)
            .await?
            .into_iter()
            .filter(|o| insider || o.report_scope().is_some_and(|r| viewer.may_read_report(r)))
            .collect())
    }

    /// Indicator values from the entry's approved reports, by period.
    pub async fn indicators(&self) -> Result<Vec<IndicatorRow>, StoreError> {
        self.reader.store.indicators_of_project(&self.id).await
    }

    /// The years in which the entry (a programme) or an entry under it has an approved report.
    pub async fn summary_years_with_data(&self) -> Result<Vec<i32>, StoreError> {
        self.reader.store.summary_years_with_data(&self.id).await
    }

    /// The entry's (a programme's) year as the viewer may see it: every approved report for
    /// `year` on the programme and on the entries under it that the viewer may read, with
    /// indicators, goal attainment, learning answers and economy, and the reports not approved
    /// yet.
    pub async fn annual_summary(&self, year: i32) -> Result<Option<AnnualSummary>, StoreError> {
        self.reader
            .store
            .annual_summary(self.reader.viewer, &self.id, year)
            .await
    }
}

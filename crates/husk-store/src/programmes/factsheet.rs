//! A participant's fact sheet read as a viewer ([`Reader::fact_sheet`]): the participation as
//! [`Reader::programme`] gives it, the reports on its entries that the viewer may read, and key
//! indicators against the programme's other participants, and its plan's measures (late ones
//! flagged as of today). The sheet's content and layout are
//! `husk_domain::programmes::factsheet`'s.

use super::{Participant, Programme};
use crate::{Reader, StoreError};
use husk_domain::programmes::factsheet::{
    cofinancing_years, key_indicators, FactGoal, FactGrant, FactMeasure, FactReport, FactSheet,
    IndicatorPoint,
};
use husk_domain::programmes::indicators::Indicator;

impl Programme {
    /// The participant a user names on the command line: by its id, its kommunenummer (when
    /// only one participant has it) or its name, in any case. The error says what to write.
    pub fn find_participant(&self, query: &str) -> Result<&Participant, String> {
        let q = query.trim();
        if let Ok(id) = q.parse::<i64>() {
            if let Some(p) = self.participant(id) {
                return Ok(p);
            }
        }
        let by_number: Vec<&Participant> = self
            .participants
            .iter()
            .filter(|p| p.kommunenummer.as_deref() == Some(q))
            .collect();
        match by_number.as_slice() {
            [one] => return Ok(one),
            [] => {}
            many => {
                let names: Vec<&str> = many.iter().map(|p| p.name.as_str()).collect();
                return Err(format!(
                    "Kommunenummer {q} har {} i programmet: {}. Skriv navnet på den du vil ha, for eksempel --participant \"{}\".",
                    husk_domain::norwegian::count(many.len() as i64, "deltaker", "deltakere"),
                    husk_domain::norwegian::list(&names, "og"),
                    names[0]
                ));
            }
        }
        let wanted = q.to_lowercase();
        if let Some(p) = self
            .participants
            .iter()
            .find(|p| p.name.to_lowercase() == wanted)
        {
            return Ok(p);
        }
        let names: Vec<&str> = self.participants.iter().map(|p| p.name.as_str()).collect();
        Err(if names.is_empty() {
            format!(
                "Programmet «{}» har ingen deltakere du har tilgang til.",
                self.id
            )
        } else {
            format!(
                "«{q}» er ikke en deltaker i programmet «{}». Skriv et kommunenummer eller et av navnene: {}.",
                self.id,
                husk_domain::norwegian::list(&names, "eller")
            )
        })
    }
}

impl Reader<'_> {
    /// The fact sheet of participant `participant` in programme `programme`: `Ok(None)` when
    /// either does not exist, [`StoreError::Hidden`] when the viewer may not read the
    /// participation. Reports are those on the participation's entries the viewer may read;
    /// the comparison group is the programme's other participants (by kommunenummer, whoever
    /// reads: indicator values are everyone's who may see the portfolio).
    pub async fn fact_sheet(
        &self,
        programme: &str,
        participant: i64,
    ) -> Result<Option<FactSheet>, StoreError> {
        let Some(p) = self.store.programme_unfiltered(programme).await? else {
            return Ok(None);
        };
        let Some(x) = p.participant(participant) else {
            return Ok(None);
        };
        if !self.viewer.may_read_participation(x.scope()) {
            return Err(StoreError::Hidden);
        }
        let mut reports = Vec::new();
        let entries = x
            .entry
            .iter()
            .chain(x.same_participation.iter())
            .map(|e| e.id.as_str());
        for entry in entries {
            for r in self.store.reports_of_project(entry).await? {
                if self.viewer.may_read_report(r.report_scope()) {
                    reports.push(FactReport {
                        id: r.id,
                        title: r.title(),
                        state: r.state.label().to_string(),
                        due: r.due,
                    });
                }
            }
        }
        reports.sort_by_key(|r| (r.due, r.id));
        let group: Vec<&str> = p
            .participants
            .iter()
            .filter_map(|o| o.kommunenummer.as_deref())
            .filter(|k| Some(*k) != x.kommunenummer.as_deref())
            .collect();
        let mut distinct = group.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let indicators = match &x.kommunenummer {
            Some(own) => {
                let rows = super::indicator_rows(self.store).await?;
                let points: Vec<IndicatorPoint<'_>> = rows
                    .iter()
                    .filter_map(|(k, year, code, value, _)| {
                        Some(IndicatorPoint {
                            kommunenummer: k,
                            year: *year as i32,
                            indicator: Indicator::find(code)?,
                            value: *value,
                        })
                    })
                    .collect();
                key_indicators(own, &group, &points)
            }
            None => Vec::new(),
        };
        let (plan, _, _) = self.store.plan_of(x).await?;
        let today = super::today();
        Ok(Some(FactSheet {
            programme_id: p.id.clone(),
            programme_title: p.title.clone(),
            participant_id: x.id,
            participant: x.name.clone(),
            municipality: x.municipality.clone(),
            kommunenummer: x.kommunenummer.clone(),
            phase: x.history.current(),
            phase_since: x.history.since(),
            pool: x.pool,
            planned_end: x.planned_end,
            planned_end_note: x.planned_end_note.clone(),
            late: x.late.iter().map(|l| l.message()).collect(),
            goals: p
                .goals
                .iter()
                .map(|g| FactGoal {
                    code: g.code.clone(),
                    level: g.level,
                    text: g.text.clone(),
                })
                .collect(),
            measures: plan
                .measures
                .iter()
                .map(|m| FactMeasure::of(m, today))
                .collect(),
            grants: x
                .grants
                .iter()
                .map(|g| FactGrant {
                    year: g.year,
                    amount: g.amount,
                    status: g.status,
                    source: g.source.clone(),
                    disputed: g.other.as_ref().map_or(String::new(), |o| {
                        format!("{} ({}: {})", o.note, o.source, o.value)
                    }),
                })
                .collect(),
            cofinancing: cofinancing_years(&p.cofinancing, x.pool),
            reports,
            indicators,
            comparison_group: distinct.len(),
            source: p.source.clone(),
            made: today,
        }))
    }
}

//! Editing a programme in Husk (issue 10): its type, owning offices, budget figures, period,
//! Husbanken's programme coordinator and goal hierarchy ([`Store::update_programme`]), and its
//! participants: adding one ([`Store::add_participant`], its first phase «søknad og opptak»
//! recorded with who), changing a participant's row ([`Store::update_participant`]) and
//! removing one while nothing is recorded for it ([`Store::remove_participant`]). The rules are
//! `husk_domain::programmes::editing`'s; the caller has checked the access rule
//! ([`husk_domain::Viewer::may_edit_programme`]). Every write is audited with the acting
//! store's actor.
//!
//! Goal codes stay stable: an edited goal keeps its code, a removed goal's code is remembered
//! (`programme_retired_goals`) and a new goal gets a code the programme never had. A goal that
//! a measure, an indicator (`goal_indicators.rs`) or a report answer points to cannot be
//! removed.

mod sql;

use super::sql as programme_sql;
use crate::{Reader, SaveError, Store, StoreError};
use husk_domain::programmes::editing::{
    new_goal_code, parent_code, EditContext, GoalReferences, ParticipantChange, ParticipantInput,
    ProgrammeEdit, ProgrammeInput, Recorded,
};
use husk_domain::programmes::phases::Recorder;
use husk_domain::programmes::{GoalLevel, Phase};
use husk_domain::{FieldErrors, YearRange};
use serde::Serialize;
use std::collections::BTreeSet;

/// A goal the programme no longer has; its code is never given again.
#[derive(Debug, Clone, Serialize)]
pub struct RetiredGoal {
    pub code: String,
    pub level: GoalLevel,
    pub text: String,
}

/// A participant just added, with what the domain warned about (a planned length outside
/// the programme's usual years).
#[derive(Debug, Clone, Serialize)]
pub struct AddedParticipant {
    pub id: i64,
    pub name: String,
    pub warnings: Vec<String>,
}

/// What became of a request to remove a participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removal {
    Removed,
    /// Something is recorded for it: it is phased out instead.
    Refused(Recorded),
}

/// The line a programme's stored source gets when it is edited in Husk (read back as a fact
/// source «Endret i Husk»).
const EDITED_PREFIX: &str = "Endret i Husk: ";

fn precision(b: husk_domain::programmes::BudgetFigure) -> (Option<i64>, &'static str) {
    use husk_domain::programmes::BudgetFigure;
    match b {
        BudgetFigure::Exact(n) => (Some(n), "exact"),
        BudgetFigure::Approximately(n) => (Some(n), "approximately"),
        BudgetFigure::NotStated => (None, "not-stated"),
    }
}

/// The programme's period and participation years, for checking a participant.
async fn period_of<'e>(
    ex: impl sqlx::Executor<'e, Database = sqlx::Any>,
    programme: &str,
) -> Result<(YearRange, Option<(u32, u32)>), StoreError> {
    let row = programme_sql::programme(ex, programme)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("programmet «{programme}»")))?;
    let period = YearRange {
        start: row.3 as i32,
        end: row.4.map(|e| e as i32),
    };
    let years = match (row.10, row.11) {
        (Some(min), Some(max)) => Some((min as u32, max as u32)),
        _ => None,
    };
    Ok((period, years))
}

/// A planned end year as stored: the year's last day.
fn planned_end(year: Option<i32>) -> Option<String> {
    year.map(|y| format!("{y}-12-31"))
}

impl Store {
    /// What points to a programme's goals: the measures serving each goal (with the
    /// participant) and the reports on its participations with an answer naming the code.
    pub(crate) async fn goal_references(
        &self,
        programme: &str,
    ) -> Result<GoalReferences, StoreError> {
        let mut refs = GoalReferences::default();
        for (code, title, participant) in sql::measure_references(&self.pool, programme).await? {
            refs.add(&code, format!("tiltaket «{title}» hos {participant}"));
        }
        for (goal, indicator, _) in programme_sql::goal_indicators(&self.pool, programme).await? {
            let name = husk_domain::programmes::Indicator::find(&indicator)
                .map_or(indicator.clone(), |i| i.name.to_string());
            refs.add(&goal, format!("indikatoren «{name}»"));
        }
        for (code, ..) in programme_sql::goals(&self.pool, programme).await? {
            for (id, kind, year, entry) in sql::reports_naming(&self.pool, programme, &code).await?
            {
                let kind = husk_domain::reporting::ReportKind::from_code(&kind)
                    .map_or(kind.clone(), |k| k.label().to_lowercase());
                refs.add(&code, format!("rapport {id} ({kind} {year} for «{entry}»)"));
            }
        }
        Ok(refs)
    }

    /// Saves an edit of a programme, checked with [`ProgrammeInput::validate`] against the
    /// stored goals and what points to them; `may_change_offices` says whether the editor may
    /// hand the programme to another office (an administrator). The programme's register entry
    /// gets the period and the first owning office. Gives the edit as saved.
    pub async fn update_programme(
        &self,
        programme: &str,
        input: &ProgrammeInput,
        may_change_offices: bool,
    ) -> Result<ProgrammeEdit, SaveError> {
        let refs = self.goal_references(programme).await?;
        let mut tx = self.begin_write().await?;
        self.backend
            .serialise(&mut tx, &format!("programme-{programme}"))
            .await?;
        let Some(row) = programme_sql::programme(&mut *tx, programme).await? else {
            return Err(StoreError::NotFound(format!("programmet «{programme}»")).into());
        };
        let current_offices: Vec<String> = programme_sql::offices(&mut *tx)
            .await?
            .into_iter()
            .filter(|(p, _)| p == programme)
            .map(|(_, r)| r)
            .collect();
        let stored: Vec<(String, GoalLevel, String)> = programme_sql::goals(&mut *tx, programme)
            .await?
            .into_iter()
            .filter_map(|(code, level, text, _)| Some((code, GoalLevel::from_code(&level)?, text)))
            .collect();
        let levels: Vec<(String, GoalLevel)> =
            stored.iter().map(|(c, l, _)| (c.clone(), *l)).collect();
        let known: Vec<String> = self
            .taxonomy()
            .regions
            .iter()
            .map(|r| r.code.clone())
            .collect();
        let edit = input
            .validate(&EditContext {
                known_offices: &known,
                current_offices: &current_offices,
                may_change_offices,
                goals: &levels,
                references: &refs,
            })
            .map_err(SaveError::Invalid)?;

        let now = crate::now_text();
        let who = self
            .actor()
            .map_or("system".to_string(), |a| a.name.clone());
        let who_id = self.actor().and_then(|a| a.user_id);
        // The source keeps its lines; the last says the programme was edited in Husk.
        let mut source: Vec<String> = row
            .12
            .lines()
            .filter(|l| !l.starts_with(EDITED_PREFIX))
            .map(str::to_string)
            .collect();
        source.push(format!(
            "{EDITED_PREFIX}{} av {who}; type, eiere, budsjett, periode, koordinator og mål står slik de er skrevet inn i Husk",
            husk_domain::norwegian::format_date(super::today())
        ));
        let (total, total_p) = precision(edit.budget.total);
        let (support, support_p) = precision(edit.budget.project_support);
        sql::update_facts(
            &mut *tx,
            &sql::FactsColumns {
                programme,
                programme_type: edit.programme_type.code(),
                budget_total_nok: total,
                budget_total_precision: total_p,
                budget_support_nok: support,
                budget_support_precision: support_p,
                coordinator: &edit.coordinator,
                source: &source.join("\n"),
            },
        )
        .await?;
        sql::update_entry(
            &mut *tx,
            programme,
            edit.period.start.into(),
            edit.period.end.map(i64::from),
            &edit.offices[0],
            &now,
        )
        .await?;
        if edit.offices != current_offices {
            sql::delete_offices(&mut *tx, programme).await?;
            for (i, o) in edit.offices.iter().enumerate() {
                programme_sql::insert_office(&mut *tx, programme, o, i as i64).await?;
            }
        }

        // Goals: the kept ones keep their codes, the removed ones are retired, new ones get
        // codes never used.
        let mut taken: BTreeSet<String> = stored.iter().map(|(c, ..)| c.clone()).collect();
        for (code, ..) in sql::retired_goals(&mut *tx, programme).await? {
            taken.insert(code);
        }
        let mut goals = edit.goals.clone();
        for g in goals.iter_mut().filter(|g| g.code.is_none()) {
            let code = new_goal_code(g.level, &taken);
            taken.insert(code.clone());
            g.code = Some(code);
        }
        let kept: BTreeSet<&str> = goals.iter().filter_map(|g| g.code.as_deref()).collect();
        for (code, level, text) in stored.iter().filter(|(c, ..)| !kept.contains(c.as_str())) {
            sql::retire_goal(
                &mut tx,
                &sql::RetiredColumns {
                    programme,
                    code,
                    level: level.code(),
                    text,
                    by: &who,
                    by_user: who_id,
                    at: &now,
                },
            )
            .await?;
        }
        let code_of = |l: GoalLevel| {
            goals
                .iter()
                .find(|g| g.level == l)
                .and_then(|g| g.code.clone())
        };
        let (vision, main_goal) = (code_of(GoalLevel::Vision), code_of(GoalLevel::MainGoal));
        // The hierarchy's order: vision, main goal, sub-goals, result goals, each as typed.
        let mut ordered: Vec<_> = goals.iter().collect();
        ordered.sort_by_key(|g| g.level as u8);
        for (i, g) in ordered.iter().enumerate() {
            let code = g.code.as_deref().expect("every goal has its code now");
            let parent = parent_code(g.level, vision.as_deref(), main_goal.as_deref());
            if stored.iter().any(|(c, ..)| c == code) {
                sql::update_goal(&mut *tx, programme, code, &g.text, parent, i as i64).await?;
            } else {
                programme_sql::insert_goal(
                    &mut *tx,
                    &programme_sql::GoalColumns {
                        programme,
                        code,
                        level: g.level.code(),
                        text: &g.text,
                        parent,
                        sort: i as i64,
                    },
                )
                .await?;
            }
        }
        Self::commit_write(tx).await?;
        Ok(ProgrammeEdit { goals, ..edit })
    }

    /// Adds a participant to a programme, checked with [`ParticipantInput::validate`] (a
    /// kommunenummer, the name, pool year within the programme's period, planned end, contact
    /// adviser), with its first phase «søknad og opptak» recorded as of today by `by`. A
    /// planned length outside the programme's years is a warning in the answer, not a refusal.
    pub async fn add_participant(
        &self,
        programme: &str,
        input: &ParticipantInput,
        by: Recorder,
    ) -> Result<AddedParticipant, SaveError> {
        let mut tx = self.begin_write().await?;
        self.backend
            .serialise(&mut tx, &format!("programme-{programme}"))
            .await?;
        let (period, years) = period_of(&mut *tx, programme).await?;
        let p = input.validate(period, years).map_err(SaveError::Invalid)?;
        let name = p.name();
        if sql::name_taken(&mut *tx, programme, &name).await? {
            let mut e = FieldErrors::new();
            e.push(
                if p.district.is_some() {
                    "bydel"
                } else {
                    "kommune"
                },
                format!("{name} er allerede deltaker i programmet. Endre den deltakeren i stedet."),
            );
            return Err(SaveError::Invalid(e));
        }
        let end = planned_end(p.planned_end_year);
        let id = sql::insert_participant(
            &mut tx,
            &sql::NewParticipantColumns {
                programme,
                name: &name,
                municipality: &p.municipality,
                district: p.district.as_deref(),
                kommunenummer: p.kommunenummer.as_str(),
                pool_year: p.pool_year.into(),
                planned_end: end.as_deref(),
                contact_adviser: &p.contact_adviser,
            },
        )
        .await?;
        // The participation's register entry, under the programme's, for the years it is
        // planned to take part.
        self.create_participation_entry(
            &mut tx,
            id,
            Some(husk_domain::YearRange {
                start: p.pool_year,
                end: p.planned_end_year,
            }),
        )
        .await?;
        programme_sql::insert_transition(
            &mut *tx,
            &programme_sql::TransitionColumns {
                participant: id,
                from: None,
                to: Phase::Application.code(),
                date: &husk_domain::norwegian::iso_date(super::today()),
                recorded_by: &by.name,
                recorded_by_user: self.actor().and_then(|a| a.user_id),
                reason: "Lagt til som deltaker i programmet i Husk.",
                override_reason: None,
                rules_set_aside: "",
                recorded_at: &crate::now_text(),
            },
        )
        .await?;
        Self::commit_write(tx).await?;
        self.entries_changed();
        Ok(AddedParticipant {
            id,
            name,
            warnings: p.warnings,
        })
    }

    /// Changes a participant's pool year, planned end year and contact adviser
    /// ([`ParticipantInput::validate_change`]; the other fields of `input` are not read).
    pub async fn update_participant(
        &self,
        participant: i64,
        input: &ParticipantInput,
    ) -> Result<ParticipantChange, SaveError> {
        let mut tx = self.begin_write().await?;
        let Some(row) = programme_sql::participant(&mut *tx, participant).await? else {
            return Err(StoreError::NotFound(format!("deltaker {participant}")).into());
        };
        let (period, years) = period_of(&mut *tx, &row.1).await?;
        let c = input
            .validate_change(period, years)
            .map_err(SaveError::Invalid)?;
        sql::update_participant(
            &mut *tx,
            participant,
            c.pool_year.into(),
            planned_end(c.planned_end_year).as_deref(),
            &c.contact_adviser,
        )
        .await?;
        Self::commit_write(tx).await?;
        Ok(c)
    }

    /// What is recorded for a participant beyond its first phase.
    pub async fn participant_recorded(&self, participant: i64) -> Result<Recorded, StoreError> {
        recorded(&mut *self.pool.acquire().await?, participant).await
    }

    /// Removes a participant, unless something is recorded for it
    /// ([`Removal::Refused`] with what is).
    pub async fn remove_participant(&self, participant: i64) -> Result<Removal, StoreError> {
        let mut tx = self.begin_write().await?;
        if programme_sql::participant(&mut *tx, participant)
            .await?
            .is_none()
        {
            return Err(StoreError::NotFound(format!("deltaker {participant}")));
        }
        let r = recorded(&mut tx, participant).await?;
        if !r.may_remove() {
            return Ok(Removal::Refused(r));
        }
        let entry = programme_sql::participant(&mut *tx, participant)
            .await?
            .and_then(|row| row.6);
        sql::delete_participant(&mut *tx, participant).await?;
        // The participation's register entry goes too, unless something else hangs on it.
        let entry_deleted = match &entry {
            Some(entry) => sql::delete_unused_participation_entry(&mut tx, entry).await?,
            None => false,
        };
        Self::commit_write(tx).await?;
        if entry_deleted {
            self.entries_changed();
        }
        Ok(Removal::Removed)
    }
}

async fn recorded(
    conn: &mut sqlx::AnyConnection,
    participant: i64,
) -> Result<Recorded, StoreError> {
    let n = |x: i64| x.max(0) as usize;
    Ok(Recorded {
        later_phases: n(sql::later_transitions(&mut *conn, participant).await?),
        plan_lines: n(
            sql::count_of(&mut *conn, "programme_measures", participant).await?
                + sql::count_of(&mut *conn, "programme_deliverables", participant).await?
                + sql::count_of(&mut *conn, "programme_checklist_marks", participant).await?,
        ),
        meetings: n(sql::count_of(&mut *conn, "status_meetings", participant).await?),
        grants: n(sql::count_of(&mut *conn, "programme_grant_rows", participant).await?),
    })
}

impl Reader<'_> {
    /// Husbanken's programme coordinator of a programme the viewer has read (empty when
    /// none is recorded).
    pub async fn programme_coordinator(&self, p: &super::Programme) -> Result<String, StoreError> {
        Ok(sql::coordinator(&self.store.pool, &p.id)
            .await?
            .unwrap_or_default())
    }

    /// The goals a programme the viewer has read no longer has.
    pub async fn retired_goals(
        &self,
        p: &super::Programme,
    ) -> Result<Vec<RetiredGoal>, StoreError> {
        Ok(sql::retired_goals(&self.store.pool, &p.id)
            .await?
            .into_iter()
            .filter_map(|(code, level, text)| {
                Some(RetiredGoal {
                    code,
                    level: GoalLevel::from_code(&level)?,
                    text,
                })
            })
            .collect())
    }
}

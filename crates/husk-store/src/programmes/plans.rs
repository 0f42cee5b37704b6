//! A participant's planning deliverables and programme plan: what it has recorded of the
//! programme and planning phase ([`PlanDeliverables`]), its sub-projects and measures with the
//! goals each serves ([`Measure`], checked against the programme's goal hierarchy), and its
//! ticks and comments on seed 002's checklist a–k. The rules are `husk_domain::programmes`';
//! the handler has checked who may write (`Viewer::may_manage_participation` for the
//! deliverables, `Viewer::may_update_participation_plan` for the plan); the store records who
//! (the acting store's actor in the audit log, and the name beside each row for the pages).

use super::{sql, Participant, Programme, StoredGoal};
use crate::{Reader, SaveError, Store, StoreError};
use husk_domain::norwegian::{iso_date, parse_date};
use husk_domain::programmes::definition::{Goal, GoalHierarchy};
use husk_domain::programmes::phases::{Anchoring, ProgrammeOrganisation, ProgrammePlanAdoption};
use husk_domain::programmes::plans::{LineClassification, MeasureInput, MeasureKind};
use husk_domain::programmes::{
    Checklist, DeliverablesInput, GoalLevel, Measure, MeasureStatus, ParticipantPlan,
    PlanDeliverables,
};
use husk_domain::FieldErrors;
use serde::Serialize;
use std::collections::BTreeMap;

/// Who changed something last, and when (`YYYY-MM-DD HH:MM:SS`, UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changed {
    pub by: String,
    pub at: String,
}

/// One participant as a viewer reads it: its programme (with the participants the viewer
/// sees), the participant, what it has recorded of the planning phase, and its plan.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipantDetail {
    #[serde(skip)]
    pub programme: Programme,
    pub participant: Participant,
    /// The programme's goals as the domain's hierarchy (`None` when the programme has none).
    pub goals: Option<GoalHierarchy>,
    pub deliverables: PlanDeliverables,
    /// Who recorded the deliverables last (`None` before anything is recorded).
    pub deliverables_changed: Option<Changed>,
    pub plan: ParticipantPlan,
    /// Who changed each measure last, by the measure's id.
    pub measures_changed: BTreeMap<String, Changed>,
    /// Who changed the checklist last.
    pub checklist_changed: Option<Changed>,
    /// Each line's register entry, by the line's id.
    pub line_entries: BTreeMap<String, String>,
}

/// One item's mark as sent by a form or the API.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct MarkInput {
    /// `a` … `k`.
    pub item: String,
    #[serde(default)]
    pub ticked: bool,
    #[serde(default)]
    pub comment: String,
}

/// The programme's goal hierarchy from its stored goals (`None` when the source states no
/// goals; a vision or main goal the source does not state stays `None`).
pub fn goal_hierarchy(goals: &[StoredGoal]) -> Option<GoalHierarchy> {
    if goals.is_empty() {
        return None;
    }
    let goal = |g: &StoredGoal| Goal {
        level: g.level,
        code: g.code.clone(),
        text: g.text.clone(),
    };
    let of = |level: GoalLevel| goals.iter().filter(move |g| g.level == level).map(goal);
    Some(GoalHierarchy {
        vision: of(GoalLevel::Vision).next(),
        main_goal: of(GoalLevel::MainGoal).next(),
        sub_goals: of(GoalLevel::SubGoal).collect(),
        result_goals: of(GoalLevel::ResultGoal).collect(),
    })
}

fn date_of(raw: Option<&str>) -> Option<time::Date> {
    raw.and_then(|d| parse_date(d).ok())
}

pub(super) fn deliverables_of(
    row: Option<sql::DeliverablesRow>,
) -> (PlanDeliverables, Option<Changed>) {
    let Some((
        pre,
        fact,
        owner,
        steering,
        group,
        leader,
        activity,
        adopted,
        body,
        master,
        economic,
        budget,
        by,
        at,
    )) = row
    else {
        return (PlanDeliverables::default(), None);
    };
    (
        PlanDeliverables {
            pre_analysis: date_of(pre.as_deref()),
            fact_sheet: date_of(fact.as_deref()),
            organisation: ProgrammeOrganisation {
                owner,
                steering_group: steering,
                programme_group: group,
                programme_leader: leader,
            },
            programme_plan: ProgrammePlanAdoption {
                has_activity_plan: activity != 0,
                adopted: date_of(adopted.as_deref()),
                body,
            },
            anchoring: Anchoring {
                master_plan: master != 0,
                economic_plan: economic != 0,
                budget: budget != 0,
            },
        },
        Some(Changed { by, at }),
    )
}

fn not_found(participant: i64) -> SaveError {
    StoreError::NotFound(format!("deltaker {participant}")).into()
}

/// A line of a plan from its stored row and goals (`None` for a row whose dates do not read).
pub(super) fn measure_of(row: sql::MeasureRow, goals: Vec<String>) -> Option<Measure> {
    let (id, kind, title, owner, start, end, status, reason, operation, _, _) = row;
    let status = match status.as_str() {
        "startet" => MeasureStatus::Started,
        "utsatt" => MeasureStatus::Postponed { reason },
        "gjennomfort" => MeasureStatus::Done,
        "avbrutt" => MeasureStatus::Dropped,
        _ => MeasureStatus::Planned,
    };
    Some(Measure {
        id: id.to_string(),
        kind: MeasureKind::from_code(&kind).unwrap_or(MeasureKind::Measure),
        title,
        goals,
        owner,
        start: date_of(Some(&start))?,
        end: date_of(Some(&end))?,
        status,
        in_ordinary_operation: operation != 0,
    })
}

impl Store {
    /// The participant's programme's goals, in a transaction.
    async fn goals_of_participant(
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        participant: i64,
    ) -> Result<Option<GoalHierarchy>, SaveError> {
        let Some(row) = sql::participant(&mut **tx, participant).await? else {
            return Err(not_found(participant));
        };
        let goals: Vec<StoredGoal> = sql::goals(&mut **tx, &row.1)
            .await?
            .into_iter()
            .filter_map(|(code, level, text, parent)| {
                Some(StoredGoal {
                    code,
                    level: GoalLevel::from_code(&level)?,
                    text,
                    parent,
                })
            })
            .collect();
        Ok(goal_hierarchy(&goals))
    }

    /// Records what the participant has of the planning phase's deliverables (everything at
    /// once: what is left empty is not recorded), checked with
    /// [`DeliverablesInput::validate`]. `by` is the recorder's name for the page; the audit
    /// log has the acting store's actor. The caller has checked
    /// [`husk_domain::Viewer::may_manage_participation`].
    pub async fn record_deliverables(
        &self,
        participant: i64,
        input: &DeliverablesInput,
        by: &str,
    ) -> Result<PlanDeliverables, SaveError> {
        let d = input.validate().map_err(SaveError::Invalid)?;
        let mut tx = self.begin_write().await?;
        if sql::participant(&mut *tx, participant).await?.is_none() {
            return Err(not_found(participant));
        }
        let pre = d.pre_analysis.map(iso_date);
        let fact = d.fact_sheet.map(iso_date);
        let adopted = d.programme_plan.adopted.map(iso_date);
        sql::write_deliverables(
            &mut *tx,
            &sql::DeliverablesColumns {
                participant,
                pre_analysis: pre.as_deref(),
                fact_sheet: fact.as_deref(),
                owner: &d.organisation.owner,
                steering_group: &d.organisation.steering_group,
                programme_group: &d.organisation.programme_group,
                programme_leader: &d.organisation.programme_leader,
                has_activity_plan: d.programme_plan.has_activity_plan,
                plan_adopted: adopted.as_deref(),
                plan_adopted_by: &d.programme_plan.body,
                master_plan: d.anchoring.master_plan,
                economic_plan: d.anchoring.economic_plan,
                budget: d.anchoring.budget,
                updated_by: by,
                updated_by_user: self.actor().and_then(|a| a.user_id),
                updated_at: &crate::now_text(),
            },
        )
        .await?;
        Self::commit_write(tx).await?;
        Ok(d)
    }

    /// Adds a sub-project or measure to the participant's plan, checked with
    /// [`MeasureInput::validate`] against its programme's goals, and makes its register entry
    /// under the participation's ([`Store::sync_line_entry`], unclassified). The caller has
    /// checked [`husk_domain::Viewer::may_update_participation_plan`].
    pub async fn add_measure(
        &self,
        participant: i64,
        input: &MeasureInput,
        by: &str,
    ) -> Result<Measure, SaveError> {
        self.write_measure(participant, None, input, None, by).await
    }

    /// Changes one of the participant's measures (all its fields, as [`Store::add_measure`])
    /// and its register entry with it; the entry's classification stays as it is.
    pub async fn update_measure(
        &self,
        participant: i64,
        measure: i64,
        input: &MeasureInput,
        by: &str,
    ) -> Result<Measure, SaveError> {
        self.write_measure(participant, Some(measure), input, None, by)
            .await
    }

    /// Adds (`measure` `None`) or changes a line of the plan as [`Store::add_measure`] and
    /// [`Store::update_measure`] do, and sets its register entry's themes and target groups to
    /// `classification` (checked with [`LineClassification::validate`], its problems listed
    /// with the line's), so that it enters the knowledge matrix.
    pub async fn save_classified_measure(
        &self,
        participant: i64,
        measure: Option<i64>,
        input: &MeasureInput,
        classification: &LineClassification,
        by: &str,
    ) -> Result<Measure, SaveError> {
        self.write_measure(participant, measure, input, Some(classification), by)
            .await
    }

    async fn write_measure(
        &self,
        participant: i64,
        measure: Option<i64>,
        input: &MeasureInput,
        classification: Option<&LineClassification>,
        by: &str,
    ) -> Result<Measure, SaveError> {
        let classification = match classification.map(|c| c.validate(&self.taxonomy)) {
            Some(Ok(c)) => Some(c),
            Some(Err(e)) => {
                // Every problem at once: the line's too.
                let mut all = FieldErrors::new();
                let mut tx = self.begin_write().await?;
                if let Some(goals) = Self::goals_of_participant(&mut tx, participant).await? {
                    if let Err(line) = input.validate(&goals) {
                        for p in line.iter() {
                            all.push(p.field.clone(), p.message.clone());
                        }
                    }
                }
                for p in e.iter() {
                    all.push(p.field.clone(), p.message.clone());
                }
                return Err(SaveError::Invalid(all));
            }
            None => None,
        };
        let mut tx = self.begin_write().await?;
        let Some(goals) = Self::goals_of_participant(&mut tx, participant).await? else {
            let mut e = FieldErrors::new();
            e.push(
                "mal",
                "Programmet har ikke noe målhierarki ennå, så tiltaket kan ikke knyttes til mål.",
            );
            return Err(SaveError::Invalid(e));
        };
        let mut m = input.validate(&goals).map_err(SaveError::Invalid)?;
        if let Some(id) = measure {
            if !sql::measure_exists(&mut *tx, participant, id).await? {
                return Err(StoreError::NotFound(format!("tiltak {id}")).into());
            }
        }
        let (reason, state) = match &m.status {
            MeasureStatus::Postponed { reason } => (reason.as_str(), m.status.state()),
            other => ("", other.state()),
        };
        let start = iso_date(m.start);
        let end = iso_date(m.end);
        let columns = sql::MeasureColumns {
            participant,
            kind: m.kind.code(),
            title: &m.title,
            owner: &m.owner,
            start: &start,
            end: &end,
            status: state.code(),
            postponed_reason: reason,
            in_ordinary_operation: m.in_ordinary_operation,
            updated_by: by,
            updated_by_user: self.actor().and_then(|a| a.user_id),
            updated_at: &crate::now_text(),
        };
        let id = match measure {
            Some(id) => {
                sql::update_measure(&mut *tx, id, &columns).await?;
                // The goals are rewritten only when they changed, so the log shows a change.
                if sql::goals_of_measure(&mut *tx, id).await? != m.goals {
                    sql::delete_measure_goals(&mut *tx, id).await?;
                    for (i, g) in m.goals.iter().enumerate() {
                        sql::insert_measure_goal(&mut *tx, id, g, i as i64).await?;
                    }
                }
                id
            }
            None => {
                let id = sql::insert_measure(&mut tx, &columns).await?;
                for (i, g) in m.goals.iter().enumerate() {
                    sql::insert_measure_goal(&mut *tx, id, g, i as i64).await?;
                }
                id
            }
        };
        m.id = id.to_string();
        self.sync_line_entry(&mut tx, participant, &m, classification.as_ref())
            .await?;
        Self::commit_write(tx).await?;
        self.entries_changed();
        Ok(m)
    }

    /// Saves the participant's ticks and comments on the checklist: every item not in
    /// `marks` is unticked without a comment. Every mark is checked first
    /// ([`Checklist::mark`]); a problem is reported at `kommentar.<item>` (or `punkt` for an
    /// item that is not in the list) and nothing is written. Only the items that change are
    /// written. The caller has checked [`husk_domain::Viewer::may_update_participation_plan`].
    pub async fn save_checklist(
        &self,
        participant: i64,
        marks: &[MarkInput],
        by: &str,
    ) -> Result<Checklist, SaveError> {
        let mut checklist = Checklist::default();
        let mut e = FieldErrors::new();
        for m in marks {
            if let Err(problems) = checklist.mark(&m.item, m.ticked, &m.comment) {
                for p in problems.iter() {
                    let field = if p.field == "kommentar" {
                        format!("kommentar.{}", m.item.trim())
                    } else {
                        p.field.clone()
                    };
                    e.push(field, p.message.clone());
                }
            }
        }
        e.into_result(()).map_err(SaveError::Invalid)?;
        let mut tx = self.begin_write().await?;
        if sql::participant(&mut *tx, participant).await?.is_none() {
            return Err(not_found(participant));
        }
        let stored: BTreeMap<String, (bool, String)> = sql::checklist_marks(&mut *tx, participant)
            .await?
            .into_iter()
            .map(|(item, ticked, comment, _, _)| (item, (ticked != 0, comment)))
            .collect();
        let at = crate::now_text();
        for line in checklist.lines() {
            let new = (line.ticked, line.comment.clone());
            let old = stored
                .get(&line.item.code)
                .cloned()
                .unwrap_or((false, String::new()));
            if new == old {
                continue;
            }
            sql::write_checklist_mark(
                &mut *tx,
                &sql::MarkColumns {
                    participant,
                    item: &line.item.code,
                    ticked: line.ticked,
                    comment: &line.comment,
                    updated_by: by,
                    updated_by_user: self.actor().and_then(|a| a.user_id),
                    updated_at: &at,
                },
            )
            .await?;
        }
        Self::commit_write(tx).await?;
        Ok(checklist)
    }

    /// The participant's plan as stored: its measures (with their goals) and checklist, and
    /// who changed what last.
    pub(super) async fn plan_of(
        &self,
        participant: &Participant,
    ) -> Result<(ParticipantPlan, BTreeMap<String, Changed>, Option<Changed>), StoreError> {
        let mut goals: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        for (m, code) in sql::measure_goals(&self.pool, participant.id).await? {
            goals.entry(m).or_default().push(code);
        }
        let mut measures = Vec::new();
        let mut changed = BTreeMap::new();
        for row in sql::measures(&self.pool, participant.id).await? {
            let (id, by, at) = (row.0, row.9.clone(), row.10.clone());
            let Some(m) = measure_of(row, goals.remove(&id).unwrap_or_default()) else {
                continue;
            };
            changed.insert(id.to_string(), Changed { by, at });
            measures.push(m);
        }
        let mut checklist = Checklist::default();
        let mut checklist_changed: Option<Changed> = None;
        for (item, ticked, comment, by, at) in
            sql::checklist_marks(&self.pool, participant.id).await?
        {
            if checklist_changed.as_ref().is_none_or(|c| c.at < at) {
                checklist_changed = Some(Changed { by, at });
            }
            // Stored marks passed the check when they were saved.
            let _ = checklist.mark(&item, ticked != 0, &comment);
        }
        Ok((
            ParticipantPlan {
                participant: participant.name.clone(),
                measures,
                checklist,
            },
            changed,
            checklist_changed,
        ))
    }
}

impl<'a> Reader<'a> {
    /// One participant of a programme with its deliverables and plan: `Ok(None)` when the
    /// programme or the participant does not exist, [`StoreError::Hidden`] when the viewer may
    /// not read the participation ([`husk_domain::Viewer::may_read_participation`]).
    pub async fn participant(
        &self,
        programme: &str,
        participant: i64,
    ) -> Result<Option<ParticipantDetail>, StoreError> {
        let Some(mut p) = self.store.programme_unfiltered(programme).await? else {
            return Ok(None);
        };
        let Some(x) = p.participant(participant).cloned() else {
            return Ok(None);
        };
        if !self.viewer.may_read_participation(x.scope()) {
            return Err(StoreError::Hidden);
        }
        if !self.viewer.may_read_all_programmes() {
            p.participants
                .retain(|y| self.viewer.may_read_participation(y.scope()));
            p.all_participants = false;
        }
        let (deliverables, deliverables_changed) =
            deliverables_of(sql::deliverables(&self.store.pool, participant).await?);
        let (plan, measures_changed, checklist_changed) = self.store.plan_of(&x).await?;
        let line_entries = sql::measure_entries(&self.store.pool, participant)
            .await?
            .into_iter()
            .map(|(m, e)| (m.to_string(), e))
            .collect();
        Ok(Some(ParticipantDetail {
            goals: goal_hierarchy(&p.goals),
            programme: p,
            participant: x,
            deliverables,
            deliverables_changed,
            plan,
            measures_changed,
            checklist_changed,
            line_entries,
        }))
    }
}

//! The programmes' queries: each takes an executor and plain values, and gives rows or plain
//! values back. The steps in `mod.rs` decide what to read and write; this file only says how.

use sqlx::{Any, Executor};

/// A programme's facts as the `programmes` table holds them.
pub(crate) struct ProgrammeColumns<'a> {
    pub project_id: &'a str,
    pub programme_type: &'a str,
    pub budget_total_nok: Option<i64>,
    pub budget_total_precision: &'a str,
    pub budget_support_nok: Option<i64>,
    pub budget_support_precision: &'a str,
    pub participation_min_years: Option<i64>,
    pub participation_max_years: Option<i64>,
    pub source: &'a str,
}

/// Adds a programme's facts unless it has them (a second demo load changes nothing).
pub(crate) async fn insert_programme<'e>(
    ex: impl Executor<'e, Database = Any>,
    c: &ProgrammeColumns<'_>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO programmes (project_id, programme_type, budget_total_nok,
            budget_total_precision, budget_support_nok, budget_support_precision,
            participation_min_years, participation_max_years, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (project_id) DO NOTHING",
    )
    .bind(c.project_id)
    .bind(c.programme_type)
    .bind(c.budget_total_nok)
    .bind(c.budget_total_precision)
    .bind(c.budget_support_nok)
    .bind(c.budget_support_precision)
    .bind(c.participation_min_years)
    .bind(c.participation_max_years)
    .bind(c.source)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() > 0)
}

pub(crate) async fn insert_office<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
    region: &str,
    sort: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO programme_offices (programme_id, region, sort) VALUES ($1, $2, $3)
         ON CONFLICT (programme_id, region) DO NOTHING",
    )
    .bind(programme)
    .bind(region)
    .bind(sort)
    .execute(ex)
    .await?;
    Ok(())
}

pub(crate) async fn insert_cofinancing<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
    programme_year: i64,
    basis_points: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO programme_cofinancing (programme_id, programme_year, share_basis_points)
         VALUES ($1, $2, $3) ON CONFLICT (programme_id, programme_year) DO NOTHING",
    )
    .bind(programme)
    .bind(programme_year)
    .bind(basis_points)
    .execute(ex)
    .await?;
    Ok(())
}

pub(crate) struct GoalColumns<'a> {
    pub programme: &'a str,
    pub code: &'a str,
    pub level: &'a str,
    pub text: &'a str,
    pub parent: Option<&'a str>,
    pub sort: i64,
}

pub(crate) async fn insert_goal<'e>(
    ex: impl Executor<'e, Database = Any>,
    g: &GoalColumns<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO programme_goals (programme_id, code, level, text, parent_code, sort)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (programme_id, code) DO NOTHING",
    )
    .bind(g.programme)
    .bind(g.code)
    .bind(g.level)
    .bind(g.text)
    .bind(g.parent)
    .bind(g.sort)
    .execute(ex)
    .await?;
    Ok(())
}

pub(crate) struct ParticipantColumns<'a> {
    pub programme: &'a str,
    pub name: &'a str,
    pub municipality: &'a str,
    pub district: Option<&'a str>,
    pub kommunenummer: Option<&'a str>,
    pub entry_id: Option<&'a str>,
    pub pool_year: Option<i64>,
    pub planned_end: Option<&'a str>,
    pub planned_end_note: &'a str,
    pub sort: i64,
}

/// Adds a participant unless the programme has one of that name; gives its id either way.
pub(crate) async fn insert_participant(
    tx: &mut sqlx::Transaction<'_, Any>,
    p: &ParticipantColumns<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO programme_participants (programme_id, name, municipality, district,
            kommunenummer, entry_id, pool_year, planned_end, planned_end_note, sort)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (programme_id, name) DO NOTHING",
    )
    .bind(p.programme)
    .bind(p.name)
    .bind(p.municipality)
    .bind(p.district)
    .bind(p.kommunenummer)
    .bind(p.entry_id)
    .bind(p.pool_year)
    .bind(p.planned_end)
    .bind(p.planned_end_note)
    .bind(p.sort)
    .execute(&mut **tx)
    .await?;
    sqlx::query_scalar(
        "SELECT id FROM programme_participants WHERE programme_id = $1 AND name = $2",
    )
    .bind(p.programme)
    .bind(p.name)
    .fetch_one(&mut **tx)
    .await
}

pub(crate) async fn insert_link<'e>(
    ex: impl Executor<'e, Database = Any>,
    participant: i64,
    project: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO programme_participant_links (participant_id, project_id) VALUES ($1, $2)
         ON CONFLICT (participant_id, project_id) DO NOTHING",
    )
    .bind(participant)
    .bind(project)
    .execute(ex)
    .await?;
    Ok(())
}

pub(crate) struct GrantRowColumns<'a> {
    pub participant: i64,
    pub year: i64,
    pub amount: i64,
    pub status: &'a str,
    pub source: &'a str,
    pub other_value: &'a str,
    pub other_source: &'a str,
    pub other_note: &'a str,
}

pub(crate) async fn insert_grant_row<'e>(
    ex: impl Executor<'e, Database = Any>,
    r: &GrantRowColumns<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO programme_grant_rows (participant_id, year, amount_nok, status, source,
            other_value, other_source, other_note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (participant_id, year) DO NOTHING",
    )
    .bind(r.participant)
    .bind(r.year)
    .bind(r.amount)
    .bind(r.status)
    .bind(r.source)
    .bind(r.other_value)
    .bind(r.other_source)
    .bind(r.other_note)
    .execute(ex)
    .await?;
    Ok(())
}

pub(crate) async fn insert_grant_total<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
    year: i64,
    amount: i64,
    status: &str,
    source: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO programme_grant_totals (programme_id, year, amount_nok, status, source)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (programme_id, year) DO NOTHING",
    )
    .bind(programme)
    .bind(year)
    .bind(amount)
    .bind(status)
    .bind(source)
    .execute(ex)
    .await?;
    Ok(())
}

/// A programme's row: id, title, region of its entry, start year, end year, type, budget
/// (total, its precision, project support, its precision), participation years (min, max),
/// source.
pub(crate) type ProgrammeRow = (
    String,
    String,
    String,
    i64,
    Option<i64>,
    String,
    Option<i64>,
    String,
    Option<i64>,
    String,
    Option<i64>,
    Option<i64>,
    String,
);

const PROGRAMME_SELECT: &str = "SELECT g.project_id, p.title, p.region, p.start_year,
    p.end_year, g.programme_type, g.budget_total_nok, g.budget_total_precision,
    g.budget_support_nok, g.budget_support_precision, g.participation_min_years,
    g.participation_max_years, g.source
    FROM programmes g JOIN projects p ON p.id = g.project_id";

pub(crate) async fn programmes<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<ProgrammeRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{PROGRAMME_SELECT} ORDER BY p.start_year, p.title"
    ))
    .fetch_all(ex)
    .await
}

pub(crate) async fn programme<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
) -> Result<Option<ProgrammeRow>, sqlx::Error> {
    sqlx::query_as(&format!("{PROGRAMME_SELECT} WHERE g.project_id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// (programme, region) of every programme's offices, in order.
pub(crate) async fn offices<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT programme_id, region FROM programme_offices ORDER BY programme_id, sort")
        .fetch_all(ex)
        .await
}

/// (programme year, share in basis points) of one programme.
pub(crate) async fn cofinancing<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT programme_year, share_basis_points FROM programme_cofinancing
         WHERE programme_id = $1 ORDER BY programme_year",
    )
    .bind(programme)
    .fetch_all(ex)
    .await
}

/// (code, level, text, parent code) of one programme's goals, in order.
pub(crate) async fn goals<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
) -> Result<Vec<(String, String, String, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT code, level, text, parent_code FROM programme_goals WHERE programme_id = $1
         ORDER BY sort",
    )
    .bind(programme)
    .fetch_all(ex)
    .await
}

/// A participant's row: id, programme, name, municipality, district, kommunenummer, entry id,
/// entry title, the entry's region and organisation, pool year, planned end, its note,
/// contact adviser.
pub(crate) type ParticipantRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    String,
    String,
);

const PARTICIPANT_SELECT: &str = "SELECT t.id, t.programme_id, t.name, t.municipality,
    t.district, t.kommunenummer, t.entry_id, p.title, p.region, p.organisation_id, t.pool_year,
    t.planned_end, t.planned_end_note, t.contact_adviser
    FROM programme_participants t LEFT JOIN projects p ON p.id = t.entry_id";

/// Every participant of every programme, in order (for the list's counts and access).
pub(crate) async fn all_participants<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<ParticipantRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{PARTICIPANT_SELECT} ORDER BY t.programme_id, t.sort"
    ))
    .fetch_all(ex)
    .await
}

pub(crate) async fn participants<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
) -> Result<Vec<ParticipantRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{PARTICIPANT_SELECT} WHERE t.programme_id = $1 ORDER BY t.sort"
    ))
    .bind(programme)
    .fetch_all(ex)
    .await
}

pub(crate) async fn participant<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<ParticipantRow>, sqlx::Error> {
    sqlx::query_as(&format!("{PARTICIPANT_SELECT} WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// (participant, entry id, entry title) of the other entries describing one programme's
/// participations.
pub(crate) async fn links<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT l.participant_id, l.project_id, p.title FROM programme_participant_links l
         JOIN programme_participants t ON t.id = l.participant_id
         JOIN projects p ON p.id = l.project_id
         WHERE t.programme_id = $1 ORDER BY l.participant_id, l.project_id",
    )
    .bind(programme)
    .fetch_all(ex)
    .await
}

/// A transition's row: participant, from, to, date, recorded by, reason, override reason,
/// rules set aside (one per line).
pub(crate) type TransitionRow = (
    i64,
    Option<String>,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
);

const TRANSITION_SELECT: &str = "SELECT x.participant_id, x.from_phase, x.to_phase, x.date,
    x.recorded_by, x.reason, x.override_reason, x.rules_set_aside FROM phase_transitions x";

/// One programme's transitions, each participant's in the order recorded.
pub(crate) async fn transitions<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
) -> Result<Vec<TransitionRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{TRANSITION_SELECT} JOIN programme_participants t ON t.id = x.participant_id
         WHERE t.programme_id = $1 ORDER BY x.participant_id, x.id"
    ))
    .bind(programme)
    .fetch_all(ex)
    .await
}

pub(crate) async fn transitions_of<'e>(
    ex: impl Executor<'e, Database = Any>,
    participant: i64,
) -> Result<Vec<TransitionRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{TRANSITION_SELECT} WHERE x.participant_id = $1 ORDER BY x.id"
    ))
    .bind(participant)
    .fetch_all(ex)
    .await
}

pub(crate) struct TransitionColumns<'a> {
    pub participant: i64,
    pub from: Option<&'a str>,
    pub to: &'a str,
    pub date: &'a str,
    pub recorded_by: &'a str,
    pub recorded_by_user: Option<i64>,
    pub reason: &'a str,
    pub override_reason: Option<&'a str>,
    pub rules_set_aside: &'a str,
    pub recorded_at: &'a str,
}

pub(crate) async fn insert_transition<'e>(
    ex: impl Executor<'e, Database = Any>,
    t: &TransitionColumns<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO phase_transitions (participant_id, from_phase, to_phase, date, recorded_by,
            recorded_by_user, reason, override_reason, rules_set_aside, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(t.participant)
    .bind(t.from)
    .bind(t.to)
    .bind(t.date)
    .bind(t.recorded_by)
    .bind(t.recorded_by_user)
    .bind(t.reason)
    .bind(t.override_reason)
    .bind(t.rules_set_aside)
    .bind(t.recorded_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// (participant, year, amount, status, source, other value, other source, other note) of one
/// programme's grant rows.
pub(crate) type GrantRowRow = (i64, i64, i64, String, String, String, String, String);

pub(crate) async fn grant_rows<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
) -> Result<Vec<GrantRowRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.participant_id, r.year, r.amount_nok, r.status, r.source, r.other_value,
            r.other_source, r.other_note
         FROM programme_grant_rows r JOIN programme_participants t ON t.id = r.participant_id
         WHERE t.programme_id = $1 ORDER BY t.sort, r.year",
    )
    .bind(programme)
    .fetch_all(ex)
    .await
}

/// (year, amount, status, source) of one programme's totals.
pub(crate) async fn grant_totals<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
) -> Result<Vec<(i64, i64, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT year, amount_nok, status, source FROM programme_grant_totals
         WHERE programme_id = $1 ORDER BY year",
    )
    .bind(programme)
    .fetch_all(ex)
    .await
}

/// Whether a register entry exists.
pub(crate) async fn entry_exists<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM projects WHERE id = $1")
        .bind(id)
        .fetch_one(ex)
        .await?;
    Ok(n > 0)
}

/// Whether the municipality has a value for the indicator and year already.
pub(crate) async fn indicator_value_exists<'e>(
    ex: impl Executor<'e, Database = Any>,
    kommunenummer: &str,
    year: i64,
    indicator: &str,
) -> Result<bool, sqlx::Error> {
    let existing: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM indicator_values WHERE kommunenummer = $1 AND year = $2 AND indicator = $3",
    )
    .bind(kommunenummer)
    .bind(year)
    .bind(indicator)
    .fetch_optional(ex)
    .await?;
    Ok(existing.is_some())
}

/// Writes an indicator value, replacing an earlier one for the same municipality, year and
/// indicator.
pub(crate) async fn write_indicator_value<'e>(
    ex: impl Executor<'e, Database = Any>,
    kommunenummer: &str,
    year: i64,
    indicator: &str,
    value: f64,
    source: &str,
    at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO indicator_values (kommunenummer, year, indicator, value, source, imported_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (kommunenummer, year, indicator)
         DO UPDATE SET value = excluded.value, source = excluded.source,
                       imported_at = excluded.imported_at",
    )
    .bind(kommunenummer)
    .bind(year)
    .bind(indicator)
    .bind(value)
    .bind(source)
    .bind(at)
    .execute(ex)
    .await?;
    Ok(())
}

/// (kommunenummer, year, indicator, value, source) of every indicator value, by municipality,
/// indicator and year.
pub(crate) async fn indicator_values<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(String, i64, String, f64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kommunenummer, year, indicator, value, source FROM indicator_values
         ORDER BY kommunenummer, indicator, year",
    )
    .fetch_all(ex)
    .await
}

/// A participant's recorded deliverables: pre-analysis, fact sheet, owner, steering group,
/// programme group, programme leader, activity plan, adopted, adopted by, anchored in the
/// master plan, the economic plan, the budget, updated by, updated at.
pub(crate) type DeliverablesRow = (
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    String,
    i64,
    i64,
    i64,
    String,
    String,
);

pub(crate) async fn deliverables<'e>(
    ex: impl Executor<'e, Database = Any>,
    participant: i64,
) -> Result<Option<DeliverablesRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT pre_analysis, fact_sheet, owner, steering_group, programme_group,
            programme_leader, has_activity_plan, plan_adopted, plan_adopted_by,
            anchored_master_plan, anchored_economic_plan, anchored_budget, updated_by, updated_at
         FROM programme_deliverables WHERE participant_id = $1",
    )
    .bind(participant)
    .fetch_optional(ex)
    .await
}

pub(crate) struct DeliverablesColumns<'a> {
    pub participant: i64,
    pub pre_analysis: Option<&'a str>,
    pub fact_sheet: Option<&'a str>,
    pub owner: &'a str,
    pub steering_group: &'a str,
    pub programme_group: &'a str,
    pub programme_leader: &'a str,
    pub has_activity_plan: bool,
    pub plan_adopted: Option<&'a str>,
    pub plan_adopted_by: &'a str,
    pub master_plan: bool,
    pub economic_plan: bool,
    pub budget: bool,
    pub updated_by: &'a str,
    pub updated_by_user: Option<i64>,
    pub updated_at: &'a str,
}

pub(crate) async fn write_deliverables<'e>(
    ex: impl Executor<'e, Database = Any>,
    d: &DeliverablesColumns<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO programme_deliverables (participant_id, pre_analysis, fact_sheet, owner,
            steering_group, programme_group, programme_leader, has_activity_plan, plan_adopted,
            plan_adopted_by, anchored_master_plan, anchored_economic_plan, anchored_budget,
            updated_by, updated_by_user, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         ON CONFLICT (participant_id) DO UPDATE SET pre_analysis = excluded.pre_analysis,
            fact_sheet = excluded.fact_sheet, owner = excluded.owner,
            steering_group = excluded.steering_group, programme_group = excluded.programme_group,
            programme_leader = excluded.programme_leader,
            has_activity_plan = excluded.has_activity_plan, plan_adopted = excluded.plan_adopted,
            plan_adopted_by = excluded.plan_adopted_by,
            anchored_master_plan = excluded.anchored_master_plan,
            anchored_economic_plan = excluded.anchored_economic_plan,
            anchored_budget = excluded.anchored_budget, updated_by = excluded.updated_by,
            updated_by_user = excluded.updated_by_user, updated_at = excluded.updated_at",
    )
    .bind(d.participant)
    .bind(d.pre_analysis)
    .bind(d.fact_sheet)
    .bind(d.owner)
    .bind(d.steering_group)
    .bind(d.programme_group)
    .bind(d.programme_leader)
    .bind(i64::from(d.has_activity_plan))
    .bind(d.plan_adopted)
    .bind(d.plan_adopted_by)
    .bind(i64::from(d.master_plan))
    .bind(i64::from(d.economic_plan))
    .bind(i64::from(d.budget))
    .bind(d.updated_by)
    .bind(d.updated_by_user)
    .bind(d.updated_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// A measure's row: id, kind, title, owner, start, end, status, postponed reason, in ordinary
/// operation, updated by, updated at.
pub(crate) type MeasureRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    String,
    String,
);

/// One participant's measures, in the order they were added.
pub(crate) async fn measures<'e>(
    ex: impl Executor<'e, Database = Any>,
    participant: i64,
) -> Result<Vec<MeasureRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, kind, title, owner, start_date, end_date, status, postponed_reason,
            in_ordinary_operation, updated_by, updated_at
         FROM programme_measures WHERE participant_id = $1 ORDER BY id",
    )
    .bind(participant)
    .fetch_all(ex)
    .await
}

/// (measure, goal code) of one participant's measures, in each measure's order.
pub(crate) async fn measure_goals<'e>(
    ex: impl Executor<'e, Database = Any>,
    participant: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT g.measure_id, g.goal_code FROM programme_measure_goals g
         JOIN programme_measures m ON m.id = g.measure_id
         WHERE m.participant_id = $1 ORDER BY g.measure_id, g.sort",
    )
    .bind(participant)
    .fetch_all(ex)
    .await
}

/// Whether the participant has the measure.
pub(crate) async fn measure_exists<'e>(
    ex: impl Executor<'e, Database = Any>,
    participant: i64,
    measure: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM programme_measures WHERE participant_id = $1 AND id = $2",
    )
    .bind(participant)
    .bind(measure)
    .fetch_one(ex)
    .await?;
    Ok(n > 0)
}

pub(crate) struct MeasureColumns<'a> {
    pub participant: i64,
    pub kind: &'a str,
    pub title: &'a str,
    pub owner: &'a str,
    pub start: &'a str,
    pub end: &'a str,
    pub status: &'a str,
    pub postponed_reason: &'a str,
    pub in_ordinary_operation: bool,
    pub updated_by: &'a str,
    pub updated_by_user: Option<i64>,
    pub updated_at: &'a str,
}

pub(crate) async fn insert_measure(
    tx: &mut sqlx::Transaction<'_, Any>,
    m: &MeasureColumns<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO programme_measures (participant_id, kind, title, owner, start_date,
            end_date, status, postponed_reason, in_ordinary_operation, updated_by,
            updated_by_user, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(m.participant)
    .bind(m.kind)
    .bind(m.title)
    .bind(m.owner)
    .bind(m.start)
    .bind(m.end)
    .bind(m.status)
    .bind(m.postponed_reason)
    .bind(i64::from(m.in_ordinary_operation))
    .bind(m.updated_by)
    .bind(m.updated_by_user)
    .bind(m.updated_at)
    .fetch_one(&mut **tx)
    .await
}

pub(crate) async fn update_measure<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
    m: &MeasureColumns<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE programme_measures SET kind = $1, title = $2, owner = $3, start_date = $4,
            end_date = $5, status = $6, postponed_reason = $7, in_ordinary_operation = $8,
            updated_by = $9, updated_by_user = $10, updated_at = $11
         WHERE id = $12 AND participant_id = $13",
    )
    .bind(m.kind)
    .bind(m.title)
    .bind(m.owner)
    .bind(m.start)
    .bind(m.end)
    .bind(m.status)
    .bind(m.postponed_reason)
    .bind(i64::from(m.in_ordinary_operation))
    .bind(m.updated_by)
    .bind(m.updated_by_user)
    .bind(m.updated_at)
    .bind(id)
    .bind(m.participant)
    .execute(ex)
    .await?;
    Ok(())
}

/// The goal codes of one measure, in order.
pub(crate) async fn goals_of_measure<'e>(
    ex: impl Executor<'e, Database = Any>,
    measure: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT goal_code FROM programme_measure_goals WHERE measure_id = $1 ORDER BY sort",
    )
    .bind(measure)
    .fetch_all(ex)
    .await
}

pub(crate) async fn delete_measure_goals<'e>(
    ex: impl Executor<'e, Database = Any>,
    measure: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM programme_measure_goals WHERE measure_id = $1")
        .bind(measure)
        .execute(ex)
        .await?;
    Ok(())
}

pub(crate) async fn insert_measure_goal<'e>(
    ex: impl Executor<'e, Database = Any>,
    measure: i64,
    code: &str,
    sort: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO programme_measure_goals (measure_id, goal_code, sort) VALUES ($1, $2, $3)",
    )
    .bind(measure)
    .bind(code)
    .bind(sort)
    .execute(ex)
    .await?;
    Ok(())
}

/// (item, ticked, comment, updated by, updated at) of one participant's checklist marks.
pub(crate) async fn checklist_marks<'e>(
    ex: impl Executor<'e, Database = Any>,
    participant: i64,
) -> Result<Vec<(String, i64, String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT item, ticked, comment, updated_by, updated_at FROM programme_checklist_marks
         WHERE participant_id = $1 ORDER BY item",
    )
    .bind(participant)
    .fetch_all(ex)
    .await
}

pub(crate) struct MarkColumns<'a> {
    pub participant: i64,
    pub item: &'a str,
    pub ticked: bool,
    pub comment: &'a str,
    pub updated_by: &'a str,
    pub updated_by_user: Option<i64>,
    pub updated_at: &'a str,
}

pub(crate) async fn write_checklist_mark<'e>(
    ex: impl Executor<'e, Database = Any>,
    m: &MarkColumns<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO programme_checklist_marks (participant_id, item, ticked, comment,
            updated_by, updated_by_user, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (participant_id, item) DO UPDATE SET ticked = excluded.ticked,
            comment = excluded.comment, updated_by = excluded.updated_by,
            updated_by_user = excluded.updated_by_user, updated_at = excluded.updated_at",
    )
    .bind(m.participant)
    .bind(m.item)
    .bind(i64::from(m.ticked))
    .bind(m.comment)
    .bind(m.updated_by)
    .bind(m.updated_by_user)
    .bind(m.updated_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// (kommunenummer, year, value, source) of one indicator's values, by municipality and year.
pub(crate) async fn values_of_indicator<'e>(
    ex: impl Executor<'e, Database = Any>,
    indicator: &str,
) -> Result<Vec<(String, i64, f64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kommunenummer, year, value, source FROM indicator_values WHERE indicator = $1
         ORDER BY kommunenummer, year",
    )
    .bind(indicator)
    .fetch_all(ex)
    .await
}

/// A comparison group's id by its name.
pub(crate) async fn group_id<'e>(
    ex: impl Executor<'e, Database = Any>,
    name: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM comparison_groups WHERE name = $1")
        .bind(name)
        .fetch_optional(ex)
        .await
}

/// Adds a comparison group, or marks an existing one of that name as imported again; gives
/// its id.
pub(crate) async fn upsert_group<'e>(
    ex: impl Executor<'e, Database = Any>,
    name: &str,
    source: &str,
    at: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO comparison_groups (name, source, imported_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET source = excluded.source,
             imported_at = excluded.imported_at
         RETURNING id",
    )
    .bind(name)
    .bind(source)
    .bind(at)
    .fetch_one(ex)
    .await
}

/// The kommunenummer of a group's members.
pub(crate) async fn group_member_numbers<'e>(
    ex: impl Executor<'e, Database = Any>,
    group: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT kommunenummer FROM comparison_group_members WHERE group_id = $1
         ORDER BY kommunenummer",
    )
    .bind(group)
    .fetch_all(ex)
    .await
}

pub(crate) async fn delete_group_member<'e>(
    ex: impl Executor<'e, Database = Any>,
    group: i64,
    kommunenummer: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM comparison_group_members WHERE group_id = $1 AND kommunenummer = $2")
        .bind(group)
        .bind(kommunenummer)
        .execute(ex)
        .await?;
    Ok(())
}

/// Adds a member to a group, or renames it.
pub(crate) async fn write_group_member<'e>(
    ex: impl Executor<'e, Database = Any>,
    group: i64,
    kommunenummer: &str,
    name: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO comparison_group_members (group_id, kommunenummer, name) VALUES ($1, $2, $3)
         ON CONFLICT (group_id, kommunenummer) DO UPDATE SET name = excluded.name",
    )
    .bind(group)
    .bind(kommunenummer)
    .bind(name)
    .execute(ex)
    .await?;
    Ok(())
}

/// (id, name, source, imported at, members) of every comparison group, by name.
pub(crate) async fn groups<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(i64, String, String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT g.id, g.name, g.source, g.imported_at,
            CAST((SELECT COUNT(*) FROM comparison_group_members m WHERE m.group_id = g.id) AS BIGINT)
         FROM comparison_groups g ORDER BY g.name",
    )
    .fetch_all(ex)
    .await
}

/// Removes a programme's co-financing rule (before it is written anew).
pub(crate) async fn delete_cofinancing<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM programme_cofinancing WHERE programme_id = $1")
        .bind(programme)
        .execute(ex)
        .await?;
    Ok(())
}

/// Whether a programme has facts of its own (is a programme, not just an entry).
pub(crate) async fn programme_exists<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM programmes WHERE project_id = $1")
        .bind(id)
        .fetch_one(ex)
        .await?;
    Ok(n > 0)
}

/// The codes of the indicators that have values.
pub(crate) async fn indicator_codes<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT DISTINCT indicator FROM indicator_values ORDER BY indicator")
        .fetch_all(ex)
        .await
}

// ----------------------------------------------------------------------------------------
// The register entries of participations and plan lines (`entries.rs`)
// ----------------------------------------------------------------------------------------

/// Records the register entry of a participant's participation.
pub(crate) async fn set_participant_entry<'e>(
    ex: impl Executor<'e, Database = Any>,
    participant: i64,
    entry: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE programme_participants SET entry_id = $1 WHERE id = $2")
        .bind(entry)
        .bind(participant)
        .execute(ex)
        .await?;
    Ok(())
}

/// The register entry of a line of a plan, if it has one.
pub(crate) async fn measure_entry<'e>(
    ex: impl Executor<'e, Database = Any>,
    measure: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT entry_id FROM programme_measure_entries WHERE measure_id = $1")
        .bind(measure)
        .fetch_optional(ex)
        .await
}

/// Links a line of a plan to its register entry.
pub(crate) async fn set_measure_entry<'e>(
    ex: impl Executor<'e, Database = Any>,
    measure: i64,
    entry: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO programme_measure_entries (measure_id, entry_id) VALUES ($1, $2)
         ON CONFLICT (measure_id) DO UPDATE SET entry_id = excluded.entry_id",
    )
    .bind(measure)
    .bind(entry)
    .execute(ex)
    .await?;
    Ok(())
}

/// (measure, entry) of one participant's lines that have an entry.
pub(crate) async fn measure_entries<'e>(
    ex: impl Executor<'e, Database = Any>,
    participant: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.measure_id, e.entry_id FROM programme_measure_entries e
         JOIN programme_measures m ON m.id = e.measure_id
         WHERE m.participant_id = $1 ORDER BY e.measure_id",
    )
    .bind(participant)
    .fetch_all(ex)
    .await
}

/// Participants without a register entry, in order.
pub(crate) async fn participants_without_entry<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM programme_participants WHERE entry_id IS NULL ORDER BY programme_id, sort",
    )
    .fetch_all(ex)
    .await
}

/// (measure, participant) of lines without a register entry, in order.
pub(crate) async fn measures_without_entry<'e>(
    ex: impl Executor<'e, Database = Any>,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id, m.participant_id FROM programme_measures m
         WHERE NOT EXISTS (SELECT 1 FROM programme_measure_entries e WHERE e.measure_id = m.id)
         ORDER BY m.id",
    )
    .fetch_all(ex)
    .await
}

/// One line of a plan: the measure's row and its participant.
pub(crate) async fn measure_row<'e>(
    ex: impl Executor<'e, Database = Any>,
    measure: i64,
) -> Result<Option<MeasureRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, kind, title, owner, start_date, end_date, status, postponed_reason,
            in_ordinary_operation, updated_by, updated_at
         FROM programme_measures WHERE id = $1",
    )
    .bind(measure)
    .fetch_optional(ex)
    .await
}

/// (participant, measure or NULL) whose register entry `entry` is: the participation's own
/// entry, or a line of its plan.
pub(crate) async fn owner_of_entry<'e>(
    ex: impl Executor<'e, Database = Any>,
    entry: &str,
) -> Result<Option<(i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, CAST(NULL AS BIGINT) FROM programme_participants WHERE entry_id = $1
         UNION ALL
         SELECT m.participant_id, m.id FROM programme_measure_entries e
         JOIN programme_measures m ON m.id = e.measure_id WHERE e.entry_id = $1",
    )
    .bind(entry)
    .fetch_optional(ex)
    .await
}

/// (goal code, indicator code, note) of one programme's goal–indicator links, in order.
pub(crate) async fn goal_indicators<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT goal_code, indicator, note FROM programme_goal_indicators
         WHERE programme_id = $1 ORDER BY sort, goal_code, indicator",
    )
    .bind(programme)
    .fetch_all(ex)
    .await
}

pub(crate) async fn delete_goal_indicators<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM programme_goal_indicators WHERE programme_id = $1")
        .bind(programme)
        .execute(ex)
        .await?;
    Ok(())
}

pub(crate) async fn insert_goal_indicator<'e>(
    ex: impl Executor<'e, Database = Any>,
    programme: &str,
    (goal, indicator, note): (&str, &str, &str),
    sort: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO programme_goal_indicators (programme_id, goal_code, indicator, note, sort)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (programme_id, goal_code, indicator) DO NOTHING",
    )
    .bind(programme)
    .bind(goal)
    .bind(indicator)
    .bind(note)
    .bind(sort)
    .execute(ex)
    .await?;
    Ok(())
}

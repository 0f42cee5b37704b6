//! Municipal programmes (issue 10): a programme's facts beyond its register entry (type,
//! offices, budget, co-financing), its goal hierarchy, its participants (each municipality's
//! participation, a register entry under the programme where the register has one) with their
//! phases, and the source's grant table with its totals. Rules are
//! `husk_domain::programmes`'; this file orders the steps and holds the transaction.
//!
//! - The demo programmes are loaded from the domain's definitions when the demo loads
//!   ([`Store::load_demo_programmes`], each through [`Store::load_programme`]): region øst's
//!   ([`ProgrammeDefinition::utviklingsprogram_ost`] with Table 1,
//!   [`GrantTable::utviklingsprogram_ost`]), Kommuneprogrammet and its big-city programme
//!   ([`ProgrammeDefinition::kommuneprogrammet`], [`ProgrammeDefinition::storbyprogrammet`]).
//! - The overview and the annual programme report (`overview.rs`) are compiled from the reads
//!   below and the entries' own reads, so each part is filtered for the viewer.
//! - Reads take the viewer ([`Reader::programmes`], [`Reader::programme`]): staff read every
//!   programme with every participant; a recipient reads the programmes it takes part in, with
//!   its own participations only.
//! - A phase transition ([`Store::record_phase_transition`]) is checked with
//!   [`PhaseHistory::transition`] against the planning deliverables the participant has
//!   recorded, and recorded with who (the acting store's actor) and why.
//! - A participant's planning deliverables, measures and checklist are `plans.rs`'
//!   ([`Store::record_deliverables`], [`Store::add_measure`], [`Store::update_measure`],
//!   [`Store::save_checklist`], read with [`Reader::participant`]).
//! - [`entries`]: every participation and every line of a plan is a register entry under
//!   the programme's ([`Store::create_participation_entry`], [`Store::sync_line_entry`]), so
//!   the matrix, lists, similar work and reporting see it.
//! - [`meetings`]: each participant's status meetings, agreed actions carried forward, the
//!   generated agenda, and the reminders before a meeting, a dialogue meeting or a
//!   renegotiation is due ([`meetings::reminders`]); [`partnerships`]: a municipality's
//!   agreements with other actors and their annual dialogue meetings.

mod cofinancing;
mod comparison;
pub mod editing;
pub mod entries;
mod factsheet;
mod goal_indicators;
mod indicators;
pub mod meetings;
mod overview;
pub mod partnerships;
mod plans;
mod sql;

pub use cofinancing::{
    CountedReport, ParticipantCofinancing, ProgrammeCofinancing, OWN_CONTRIBUTION_FIELD,
};
pub use comparison::{ComparisonGroup, GroupImportReport, IndicatorComparison};
pub use entries::ProgrammePlace;
pub use goal_indicators::StoredGoalIndicator;
pub(crate) use indicators::indicator_rows;
pub use indicators::StoredIndicatorValue;
pub use overview::{
    phases_in_year, AnnualProgrammeReport, ParticipantOverview, ParticipantYear, ProgrammeOverview,
};
pub use plans::{goal_hierarchy, Changed, MarkInput, ParticipantDetail};

use crate::{Reader, SaveError, Store, StoreError};
use husk_domain::access::ProjectScope;
use husk_domain::portfolio::GrantStatus;
use husk_domain::programmes::definition::{Budget, ParticipationYears};
use husk_domain::programmes::grants::{GrantRow, YearSummary, YearTotal};
use husk_domain::programmes::phases::{
    lateness, Lateness, LatenessRule, Override, Recorder, TransitionRequest,
};
use husk_domain::programmes::{
    BudgetFigure, Deliverable, EntryYear, GoalLevel, GrantTable, Phase, PhaseHistory,
    PhaseTransition, ProgrammeDefinition, ProgrammeType, Share,
};
use husk_domain::{FieldErrors, YearRange};
use serde::Serialize;
use time::Date;

/// The demo programme's register entry.
pub const DEMO_PROGRAMME: &str = "ost-utviklingsprogram";

/// Where the demo programme's facts are stated.
pub const DEMO_SOURCE: &str = "Møreforsking 2012, følgeevaluering av Boligsosialt utviklingsprogram: sammendraget (visjon og mål fra programbeskrivelsen 2011–2017), kap. 1 (kommunene, programperioden, tre til fem år per kommune), kap. 3 (puljene) og kap. 4.1 (budsjettet, egenfinansieringen og tabell 1)";

/// Where the demo programme's participants are stated.
const DEMO_PARTICIPANTS_SOURCE: &str = "Deltakere: Møreforsking 2012, kap. 1 og 3 (deltakerne og puljene 2009 og 2010); der rapporten ikke sier hvilket år en kommune ble tatt opp, står «ikke oppgitt»";

/// The demo's participants: which register entry is each one's participation, which other
/// entries describe the same participation, and the kommunenummer (today's, 2024).
const DEMO_PARTICIPANTS: &[u8] = include_bytes!("../../../../data/demo/programme_participants.csv");

/// A programme in the list.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeSummary {
    pub id: String,
    pub title: String,
    pub programme_type: ProgrammeType,
    /// The owning offices' region codes.
    pub offices: Vec<String>,
    pub period: YearRange,
    /// Participants the viewer sees.
    pub participants: usize,
}

/// Where one fact about a programme is stated: «Periode» and «seed 004, kap. 2.3», or with
/// `derived` what it is inferred from.
#[derive(Debug, Clone, Serialize)]
pub struct FactSourceLine {
    pub fact: String,
    pub source: String,
    pub derived: bool,
}

/// The stored source: the whole source on the first line, then one fact a line as
/// [`husk_domain::programmes::FactSource::label`] writes it («Periode: …», «Eiere: Utledet: …»).
fn split_source(stored: &str) -> (String, Vec<FactSourceLine>) {
    let mut lines = stored.lines();
    let first = lines.next().unwrap_or_default().to_string();
    let facts = lines
        .filter_map(|l| {
            let (fact, rest) = l.split_once(": ")?;
            let (source, derived) = match rest.strip_prefix("Utledet: ") {
                Some(r) => (r, true),
                None => (rest, false),
            };
            Some(FactSourceLine {
                fact: fact.to_string(),
                source: source.to_string(),
                derived,
            })
        })
        .collect();
    (first, facts)
}

/// A goal as stored: its code, level, text and the goal above it.
#[derive(Debug, Clone, Serialize)]
pub struct StoredGoal {
    pub code: String,
    pub level: GoalLevel,
    pub text: String,
    pub parent: Option<String>,
}

/// A register entry named on the programme's page.
#[derive(Debug, Clone, Serialize)]
pub struct EntryRef {
    pub id: String,
    pub title: String,
}

/// Another source's value for a grant, where the sources disagree.
#[derive(Debug, Clone, Serialize)]
pub struct OtherValue {
    pub value: String,
    pub source: String,
    pub note: String,
}

/// One participant's grant in one year, as the source's table gives it.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipantGrant {
    pub year: i32,
    pub amount: i64,
    pub status: GrantStatus,
    pub source: String,
    pub other: Option<OtherValue>,
}

/// One municipality (or district) taking part.
#[derive(Debug, Clone, Serialize)]
pub struct Participant {
    pub id: i64,
    /// As the source writes it: «Bærum», «Oslo bydel Alna».
    pub name: String,
    pub municipality: String,
    pub district: Option<String>,
    pub kommunenummer: Option<String>,
    /// The register entry of the participation.
    pub entry: Option<EntryRef>,
    /// Other entries describing the same participation (a final report funded on its own).
    pub same_participation: Vec<EntryRef>,
    /// The year of its pool, or not stated.
    pub pool: EntryYear,
    #[serde(with = "iso_option")]
    pub planned_end: Option<Date>,
    /// What an inferred planned end is inferred from (empty when stated or not stated).
    pub planned_end_note: String,
    pub contact_adviser: String,
    pub history: PhaseHistory,
    pub grants: Vec<ParticipantGrant>,
    /// Why it is late today (empty when it is not).
    pub late: Vec<Lateness>,
    #[serde(skip)]
    region: String,
    #[serde(skip)]
    organisation_id: Option<i64>,
}

impl Participant {
    /// What the access rules need to know of the participation: its entry's office and
    /// recipient, or the programme's office when it has no entry.
    pub fn scope(&self) -> ProjectScope<'_> {
        ProjectScope {
            region: &self.region,
            organisation_id: self.organisation_id,
        }
    }
}

/// A programme as a viewer reads it.
#[derive(Debug, Clone, Serialize)]
pub struct Programme {
    pub id: String,
    pub title: String,
    pub programme_type: ProgrammeType,
    pub offices: Vec<String>,
    pub period: YearRange,
    pub budget: Budget,
    pub participation_years: Option<ParticipationYears>,
    /// The municipality's own share of programme costs, from programme year 1.
    pub cofinancing: Vec<Share>,
    /// The whole source in one line.
    pub source: String,
    /// Where each fact is stated, or what it is inferred from.
    pub fact_sources: Vec<FactSourceLine>,
    pub goals: Vec<StoredGoal>,
    /// The indicators that measure the goals, in order.
    pub goal_indicators: Vec<StoredGoalIndicator>,
    pub participants: Vec<Participant>,
    /// Whether every participant is shown (false for a recipient, who sees its own).
    pub all_participants: bool,
    /// Each year of the grant table: the total for all programme municipalities, the rows'
    /// sum and the part not itemised (over every participant, whoever reads).
    pub years: Vec<YearSummary>,
    /// Where each year's total is stated.
    pub total_sources: Vec<(i32, String)>,
    /// Years where the sources disagree about a grant.
    pub conflict_years: Vec<i32>,
}

impl Programme {
    pub fn participant(&self, id: i64) -> Option<&Participant> {
        self.participants.iter().find(|p| p.id == id)
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

/// A phase transition as typed in a form.
#[derive(Debug, Clone, Default)]
pub struct TransitionInput {
    /// The phase's code.
    pub to: String,
    /// `dd.mm.åååå` or ISO.
    pub date: String,
    pub reason: String,
    pub override_reason: String,
}

/// Who is late: the planned end has passed before the participant reached the last phase.
/// The reports give no limit on the time in one phase, so Husk sets none.
pub const LATENESS: LatenessRule = LatenessRule {
    max_months_in_phase: u32::MAX,
};

fn precision(b: BudgetFigure) -> (Option<i64>, &'static str) {
    match b {
        BudgetFigure::Exact(n) => (Some(n), "exact"),
        BudgetFigure::Approximately(n) => (Some(n), "approximately"),
        BudgetFigure::NotStated => (None, "not-stated"),
    }
}

fn figure(amount: Option<i64>, precision: &str) -> BudgetFigure {
    match (precision, amount) {
        ("exact", Some(n)) => BudgetFigure::Exact(n),
        ("approximately", Some(n)) => BudgetFigure::Approximately(n),
        _ => BudgetFigure::NotStated,
    }
}

pub(crate) fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}

fn history_of(rows: impl Iterator<Item = sql::TransitionRow>) -> PhaseHistory {
    PhaseHistory {
        transitions: rows
            .filter_map(|(_, from, to, date, by, reason, over, rules)| {
                Some(PhaseTransition {
                    from: from.as_deref().and_then(Phase::from_code),
                    to: Phase::from_code(&to)?,
                    date: husk_domain::norwegian::parse_date(&date).ok()?,
                    by,
                    reason,
                    overridden: over.map(|reason| Override {
                        reason,
                        rules_set_aside: rules
                            .lines()
                            .filter(|l| !l.is_empty())
                            .map(str::to_string)
                            .collect(),
                    }),
                })
            })
            .collect(),
    }
}

/// A participant's record in `programme_participants.csv`: the register entry of its
/// participation, other entries describing the same participation (`;`-separated) and its
/// kommunenummer, each possibly empty.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ParticipantRecord {
    /// The programme's register entry.
    pub programme: String,
    /// The member's name as the programme's definition writes it.
    pub participant: String,
    pub entry: String,
    pub same_participation: String,
    pub kommunenummer: String,
}

/// A demo programme: its register entry, its definition, the source's grant table where it
/// has one, and the source line(s) the programme's page shows.
pub struct DemoProgramme {
    pub entry: &'static str,
    pub definition: ProgrammeDefinition,
    pub grants: Option<GrantTable>,
    /// The whole source first, then where each fact is stated or what it is inferred from,
    /// one a line.
    pub source: String,
}

/// Kommuneprogrammet's register entry (seed 004).
pub const KOMMUNEPROGRAMMET: &str = "nasjonal-kommuneprogrammet";
/// The big-city programme's register entry (seed 004).
pub const STORBYPROGRAMMET: &str = "nasjonal-storbyprogrammet";

/// Every demo programme, in the order they load.
pub fn demo_programmes() -> Vec<DemoProgramme> {
    let with_sources = |entry, definition: ProgrammeDefinition| DemoProgramme {
        entry,
        source: definition.source_lines().join("\n"),
        definition,
        grants: None,
    };
    vec![
        DemoProgramme {
            entry: DEMO_PROGRAMME,
            definition: ProgrammeDefinition::utviklingsprogram_ost(),
            grants: Some(GrantTable::utviklingsprogram_ost()),
            source: format!("{DEMO_SOURCE}\n{DEMO_PARTICIPANTS_SOURCE}"),
        },
        with_sources(KOMMUNEPROGRAMMET, ProgrammeDefinition::kommuneprogrammet()),
        with_sources(STORBYPROGRAMMET, ProgrammeDefinition::storbyprogrammet()),
    ]
}

/// Why the demo programme could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ProgrammeLoadError {
    #[error(
        "Deltakerlisten for programmene (data/demo/programme_participants.csv) kan ikke leses: {0}"
    )]
    File(String),
    #[error("Oppføringen for deltakeren {0} kunne ikke lages: {1}")]
    Entry(String, String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ProgrammeLoadError {
    fn from(e: sqlx::Error) -> Self {
        ProgrammeLoadError::Store(StoreError::Db(e))
    }
}

impl Store {
    /// Loads the demo programmes, each from its definition on its register entry
    /// ([`demo_programmes`]): region øst's development programme with Table 1 (seed 003),
    /// Kommuneprogrammet and its big-city programme (seed 004). A programme whose entry is not in
    /// the register is skipped; a second load changes nothing. Returns how many participants
    /// were new.
    pub async fn load_demo_programmes(&self) -> Result<usize, ProgrammeLoadError> {
        let demo: Vec<ParticipantRecord> = csv::Reader::from_reader(DEMO_PARTICIPANTS)
            .deserialize()
            .collect::<Result<_, _>>()
            .map_err(|e| ProgrammeLoadError::File(e.to_string()))?;
        let mut added = 0;
        for d in demo_programmes() {
            let rows: Vec<ParticipantRecord> = demo
                .iter()
                .filter(|r| r.programme == d.entry)
                .cloned()
                .collect();
            added += self
                .load_programme(d.entry, &d.definition, d.grants.as_ref(), &rows, &d.source)
                .await?;
        }
        self.load_demo_goal_indicators().await?;
        Ok(added)
    }

    /// Loads one programme from its definition onto its register entry `entry`: its facts,
    /// offices, co-financing rule, goals, members (each with the register entry, other entries
    /// of the same participation and kommunenummer its record in `participants` gives) and
    /// the grant table where the source has one. Does nothing without the entry; a second load
    /// changes nothing. Returns how many participants were new.
    pub async fn load_programme(
        &self,
        entry: &str,
        def: &ProgrammeDefinition,
        table: Option<&GrantTable>,
        participants: &[ParticipantRecord],
        source: &str,
    ) -> Result<usize, ProgrammeLoadError> {
        let mut tx = self.begin_write().await?;
        if !sql::entry_exists(&mut *tx, entry).await? {
            return Ok(0);
        }
        let (total, total_p) = precision(def.budget.total);
        let (support, support_p) = precision(def.budget.project_support);
        sql::insert_programme(
            &mut *tx,
            &sql::ProgrammeColumns {
                project_id: entry,
                programme_type: def.programme_type.code(),
                budget_total_nok: total,
                budget_total_precision: total_p,
                budget_support_nok: support,
                budget_support_precision: support_p,
                participation_min_years: def.participation_years.map(|p| p.min.into()),
                participation_max_years: def.participation_years.map(|p| p.max.into()),
                source,
            },
        )
        .await?;
        for (i, office) in def.offices.iter().enumerate() {
            sql::insert_office(&mut *tx, entry, office, i as i64).await?;
        }
        for (i, share) in def.cofinancing.shares().iter().enumerate() {
            sql::insert_cofinancing(&mut *tx, entry, i as i64 + 1, share.basis_points().into())
                .await?;
        }
        let vision = def.goals.vision.as_ref().map(|g| g.code.as_str());
        let main_goal = def.goals.main_goal.as_ref().map(|g| g.code.as_str());
        for (i, goal) in def.goals.all().enumerate() {
            // The programme's description does not tie result goals to one sub-goal each:
            // every goal below the main goal hangs under it.
            let parent = match goal.level {
                GoalLevel::Vision => None,
                GoalLevel::MainGoal => vision,
                GoalLevel::SubGoal | GoalLevel::ResultGoal => main_goal.or(vision),
            };
            sql::insert_goal(
                &mut *tx,
                &sql::GoalColumns {
                    programme: entry,
                    code: &goal.code,
                    level: goal.level.code(),
                    text: &goal.text,
                    parent,
                    sort: i as i64,
                },
            )
            .await?;
        }
        let max_years = def.participation_years.map(|p| p.max);
        let mut added = 0;
        for (i, member) in def.members.iter().enumerate() {
            let row = participants.iter().find(|d| d.participant == member.name);
            let own = row.map(|r| r.entry.trim()).filter(|e| !e.is_empty());
            let own = match own {
                Some(e) if sql::entry_exists(&mut *tx, e).await? => Some(e),
                _ => None,
            };
            // The source gives no participant's planned end; with its pool year and the
            // programme's longest participation it is inferred, and says so.
            let inferred = match (member.entered.year(), max_years) {
                (Some(y), Some(max)) => {
                    let end = y + max as i32 - 1;
                    Some((
                        format!("{end}-12-31"),
                        format!(
                            "Utledet: pulje {y} og inntil {max} år i programmet (kap. 1). Rapporten oppgir ikke planlagt slutt for hver kommune."
                        ),
                    ))
                }
                _ => None,
            };
            let before: i64 = sql::participants(&mut *tx, entry).await?.len() as i64;
            let id = sql::insert_participant(
                &mut tx,
                &sql::ParticipantColumns {
                    programme: entry,
                    name: &member.name,
                    municipality: &member.municipality,
                    district: member.district.as_deref(),
                    kommunenummer: row
                        .map(|r| r.kommunenummer.trim())
                        .filter(|k| !k.is_empty()),
                    entry_id: own,
                    pool_year: member.entered.year().map(i64::from),
                    planned_end: inferred.as_ref().map(|(d, _)| d.as_str()),
                    planned_end_note: inferred.as_ref().map_or("", |(_, n)| n.as_str()),
                    sort: i as i64,
                },
            )
            .await?;
            let after = sql::participants(&mut *tx, entry).await?.len() as i64;
            added += (after - before) as usize;
            if let Some(r) = row {
                for other in husk_domain::portfolio::split_codes(&r.same_participation) {
                    if sql::entry_exists(&mut *tx, &other).await? {
                        sql::insert_link(&mut *tx, id, &other).await?;
                    }
                }
            }
            // Every participation is an entry in the register: the one the record names, or
            // one made for it (`entries.rs`).
            self.create_participation_entry(&mut tx, id, None)
                .await
                .map_err(|e| match e {
                    crate::SaveError::Store(e) => ProgrammeLoadError::Store(e),
                    crate::SaveError::Invalid(e) => {
                        ProgrammeLoadError::Entry(member.name.clone(), e.to_string())
                    }
                })?;
            let Some(table) = table else { continue };
            for g in table.rows.iter().filter(|g| g.municipality == member.name) {
                let conflict = table.conflicts_for(&g.municipality, g.year);
                let other = conflict.first();
                sql::insert_grant_row(
                    &mut *tx,
                    &sql::GrantRowColumns {
                        participant: id,
                        year: g.year.into(),
                        amount: g.amount,
                        status: g.status.code(),
                        source: husk_domain::programmes::grants::TABLE_1_SOURCE,
                        other_value: other.map_or("", |c| c.other.value.as_str()),
                        other_source: other.map_or("", |c| c.other.source.as_str()),
                        other_note: other.map_or("", |c| c.note.as_str()),
                    },
                )
                .await?;
            }
        }
        for t in table.map_or(&[][..], |t| &t.totals[..]) {
            sql::insert_grant_total(
                &mut *tx,
                entry,
                t.year.into(),
                t.amount,
                t.status.code(),
                husk_domain::programmes::grants::TABLE_1_SOURCE,
            )
            .await?;
        }
        Self::commit_write(tx).await?;
        self.entries_changed();
        Ok(added)
    }

    fn participant_from(&self, row: sql::ParticipantRow, programme_region: &str) -> Participant {
        let (
            id,
            _programme,
            name,
            municipality,
            district,
            kommunenummer,
            entry_id,
            entry_title,
            entry_region,
            organisation_id,
            pool_year,
            planned_end,
            planned_end_note,
            contact_adviser,
        ) = row;
        Participant {
            id,
            name,
            municipality,
            district,
            kommunenummer,
            entry: entry_id.map(|id| EntryRef {
                title: entry_title.unwrap_or_default(),
                id,
            }),
            same_participation: Vec::new(),
            pool: pool_year.map_or(EntryYear::NotStated, |y| EntryYear::Year(y as i32)),
            planned_end: planned_end
                .as_deref()
                .and_then(|d| husk_domain::norwegian::parse_date(d).ok()),
            planned_end_note,
            contact_adviser,
            history: PhaseHistory::default(),
            grants: Vec::new(),
            late: Vec::new(),
            region: entry_region.unwrap_or_else(|| programme_region.to_string()),
            organisation_id,
        }
    }

    /// One programme with every participant (the viewer's filter is [`Reader::programme`]).
    pub(crate) async fn programme_unfiltered(
        &self,
        id: &str,
    ) -> Result<Option<Programme>, StoreError> {
        let Some(row) = sql::programme(&self.pool, id).await? else {
            return Ok(None);
        };
        let (
            id,
            title,
            region,
            start,
            end,
            programme_type,
            total,
            total_p,
            support,
            support_p,
            min_years,
            max_years,
            source,
        ) = row;
        let offices = sql::offices(&self.pool)
            .await?
            .into_iter()
            .filter(|(p, _)| *p == id)
            .map(|(_, r)| r)
            .collect();
        let cofinancing = sql::cofinancing(&self.pool, &id)
            .await?
            .into_iter()
            .filter_map(|(_, bp)| Share::from_basis_points(bp as u32))
            .collect();
        let goals = sql::goals(&self.pool, &id)
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
        let mut participants: Vec<Participant> = sql::participants(&self.pool, &id)
            .await?
            .into_iter()
            .map(|r| self.participant_from(r, &region))
            .collect();
        for (pid, entry, title) in sql::links(&self.pool, &id).await? {
            if let Some(p) = participants.iter_mut().find(|p| p.id == pid) {
                p.same_participation.push(EntryRef { id: entry, title });
            }
        }
        let transitions = sql::transitions(&self.pool, &id).await?;
        let today = today();
        for p in &mut participants {
            p.history = history_of(transitions.iter().filter(|t| t.0 == p.id).cloned());
            p.late = lateness(&p.history, p.planned_end, today, LATENESS);
        }
        let mut table = GrantTable {
            rows: Vec::new(),
            totals: Vec::new(),
            conflicts: Vec::new(),
        };
        for (pid, year, amount, status, source, other_value, other_source, other_note) in
            sql::grant_rows(&self.pool, &id).await?
        {
            let Some(p) = participants.iter_mut().find(|p| p.id == pid) else {
                continue;
            };
            let status = GrantStatus::from_code(&status).unwrap_or(GrantStatus::Forventet);
            table.rows.push(GrantRow {
                municipality: p.name.clone(),
                year: year as i32,
                amount,
                status,
            });
            p.grants.push(ParticipantGrant {
                year: year as i32,
                amount,
                status,
                source,
                other: (!other_value.is_empty()).then_some(OtherValue {
                    value: other_value,
                    source: other_source,
                    note: other_note,
                }),
            });
        }
        let mut total_sources = Vec::new();
        for (year, amount, status, source) in sql::grant_totals(&self.pool, &id).await? {
            table.totals.push(YearTotal {
                year: year as i32,
                amount,
                status: GrantStatus::from_code(&status).unwrap_or(GrantStatus::Forventet),
            });
            total_sources.push((year as i32, source));
        }
        let mut conflict_years: Vec<i32> = participants
            .iter()
            .flat_map(|p| {
                p.grants
                    .iter()
                    .filter(|g| g.other.is_some())
                    .map(|g| g.year)
            })
            .collect();
        conflict_years.sort_unstable();
        conflict_years.dedup();
        let goal_indicators = goal_indicators::read(&self.pool, &id).await?;
        Ok(Some(Programme {
            id,
            title,
            programme_type: ProgrammeType::from_code(&programme_type)
                .unwrap_or(ProgrammeType::Utviklingsprogram),
            offices,
            period: YearRange {
                start: start as i32,
                end: end.map(|e| e as i32),
            },
            budget: Budget {
                total: figure(total, &total_p),
                project_support: figure(support, &support_p),
            },
            participation_years: match (min_years, max_years) {
                (Some(min), Some(max)) => Some(ParticipationYears {
                    min: min as u32,
                    max: max as u32,
                }),
                _ => None,
            },
            cofinancing,
            source: split_source(&source).0,
            fact_sources: split_source(&source).1,
            goals,
            goal_indicators,
            participants,
            all_participants: true,
            years: table.years(),
            total_sources,
            conflict_years,
        }))
    }

    /// Records a participant's move to another phase, checked with the domain's rule
    /// ([`PhaseHistory::transition`]) against what it has recorded of the planning phase's
    /// deliverables ([`Store::record_deliverables`]; with any missing, leaving the planning
    /// phase takes an administrator's override). Who is the acting store's actor, by the name
    /// `by` gives.
    /// The caller has checked that the viewer may record it
    /// ([`husk_domain::Viewer::may_record_phase`]).
    pub async fn record_phase_transition(
        &self,
        participant: i64,
        input: &TransitionInput,
        by: Recorder,
    ) -> Result<PhaseTransition, SaveError> {
        let mut e = FieldErrors::new();
        let to = match Phase::from_code(&input.to) {
            Some(p) => Some(p),
            None if input.to.trim().is_empty() => {
                e.push("til", "Velg fasen deltakeren går over i.");
                None
            }
            None => {
                e.push(
                    "til",
                    format!(
                        "«{}» er ikke en fase. Velg {}.",
                        input.to.trim(),
                        Phase::expected()
                    ),
                );
                None
            }
        };
        let date = if input.date.trim().is_empty() {
            e.push(
                "dato",
                "Skriv datoen for faseovergangen som dd.mm.åååå, for eksempel 15.03.2011.",
            );
            None
        } else {
            match husk_domain::norwegian::parse_date(&input.date) {
                Ok(d) => Some(d),
                Err(m) => {
                    e.push("dato", m);
                    None
                }
            }
        };
        husk_domain::limits::check(
            &mut e,
            "begrunnelse",
            "Begrunnelse",
            input.reason.trim(),
            husk_domain::limits::NOTE,
        );
        husk_domain::limits::check(
            &mut e,
            "overstyring",
            "Begrunnelse for unntak",
            input.override_reason.trim(),
            husk_domain::limits::NOTE,
        );
        let (Some(to), Some(date)) = (to, date) else {
            if input.reason.trim().is_empty() {
                e.push(
                    "begrunnelse",
                    "Skriv hvorfor deltakeren går over i en ny fase.",
                );
            }
            return Err(SaveError::Invalid(e));
        };
        if !e.is_empty() {
            return Err(SaveError::Invalid(e));
        }
        let mut tx = self.begin_write().await?;
        self.backend
            .serialise(&mut tx, &format!("phase-{participant}"))
            .await?;
        if sql::participant(&mut *tx, participant).await?.is_none() {
            return Err(StoreError::NotFound(format!("deltaker {participant}")).into());
        }
        let history = history_of(
            sql::transitions_of(&mut *tx, participant)
                .await?
                .into_iter(),
        );
        let request = TransitionRequest {
            to,
            date,
            by,
            reason: input.reason.clone(),
            override_reason: input.override_reason.clone(),
        };
        let (deliverables, _) =
            plans::deliverables_of(sql::deliverables(&mut *tx, participant).await?);
        let t = history
            .transition(&request, &deliverables, Deliverable::ALL)
            .map_err(SaveError::Invalid)?;
        let rules = t
            .overridden
            .as_ref()
            .map(|o| o.rules_set_aside.join("\n"))
            .unwrap_or_default();
        sql::insert_transition(
            &mut *tx,
            &sql::TransitionColumns {
                participant,
                from: t.from.map(|p| p.code()),
                to: t.to.code(),
                date: &husk_domain::norwegian::iso_date(t.date),
                recorded_by: &t.by,
                recorded_by_user: self.actor().and_then(|a| a.user_id),
                reason: &t.reason,
                override_reason: t.overridden.as_ref().map(|o| o.reason.as_str()),
                rules_set_aside: &rules,
                recorded_at: &crate::now_text(),
            },
        )
        .await?;
        Self::commit_write(tx).await?;
        Ok(t)
    }
}

impl<'a> Reader<'a> {
    /// The programmes the viewer may read: staff every programme; a recipient those it takes
    /// part in, counting its own participations.
    pub async fn programmes(&self) -> Result<Vec<ProgrammeSummary>, StoreError> {
        let store = self.store;
        let offices = sql::offices(&store.pool).await?;
        let participants = sql::all_participants(&store.pool).await?;
        let mut out = Vec::new();
        for (id, title, region, start, end, programme_type, ..) in
            sql::programmes(&store.pool).await?
        {
            let seen = participants
                .iter()
                .filter(|p| p.1 == id)
                .filter(|p| {
                    let scope = ProjectScope {
                        region: p.8.as_deref().unwrap_or(&region),
                        organisation_id: p.9,
                    };
                    self.viewer.may_read_participation(scope)
                })
                .count();
            if !self.viewer.may_read_all_programmes() && seen == 0 {
                continue;
            }
            out.push(ProgrammeSummary {
                offices: offices
                    .iter()
                    .filter(|(p, _)| *p == id)
                    .map(|(_, r)| r.clone())
                    .collect(),
                id,
                title,
                programme_type: ProgrammeType::from_code(&programme_type)
                    .unwrap_or(ProgrammeType::Utviklingsprogram),
                period: YearRange {
                    start: start as i32,
                    end: end.map(|e| e as i32),
                },
                participants: seen,
            });
        }
        Ok(out)
    }

    /// One programme: `Ok(None)` when there is none, [`StoreError::Hidden`] when the viewer
    /// may read neither every programme nor a participation in it. A recipient reads its own
    /// participations only (the totals stay the programme's).
    pub async fn programme(&self, id: &str) -> Result<Option<Programme>, StoreError> {
        let Some(mut p) = self.store.programme_unfiltered(id).await? else {
            return Ok(None);
        };
        if self.viewer.may_read_all_programmes() {
            return Ok(Some(p));
        }
        p.participants
            .retain(|x| self.viewer.may_read_participation(x.scope()));
        if p.participants.is_empty() {
            return Err(StoreError::Hidden);
        }
        p.all_participants = false;
        Ok(Some(p))
    }
}

//! What a programme is: its type, owning office(s), period, budget, goal hierarchy, the pools
//! municipalities were admitted in, its members, its phases, what the planning phase must
//! deliver, its co-financing rule and the reports it asks for.
//!
//! A programme is described in a TOML file (the demo's, compiled in:
//! `data/reference/utviklingsprogram_ost.toml` from seed 003, `kommuneprogrammet.toml` and
//! `storbyprogrammet.toml` from seed 004). Husk never fills a gap in a file with a guess: what
//! the file does not state is held as not stated ([`BudgetFigure::NotStated`],
//! [`EntryYear::NotStated`], an empty list, or `None` where the field says so; a vision, main
//! goal, phases, planning deliverables or co-financing rule left out of the file too). A file
//! names its source (`source`) and where each fact is stated (`[[sources]]`, [`FactSource`]),
//! with `derived = true` for what is inferred rather than stated.

use super::cofinancing::CofinancingRule;
use super::nok;
use super::phases::{Deliverable, Phase};
use crate::portfolio::YearRange;
use crate::reporting::ReportKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Region øst's *Boligsosialt utviklingsprogram* 2009–2017 as seed 003 describes it.
pub const UTVIKLINGSPROGRAM_OST_TOML: &str =
    include_str!("../../../../data/reference/utviklingsprogram_ost.toml");

/// Husbanken's national *Kommuneprogrammet* (Bolig for velferd 2016–2020) as seed 004 states it.
pub const KOMMUNEPROGRAMMET_TOML: &str =
    include_str!("../../../../data/reference/kommuneprogrammet.toml");

/// The big-city programme within Kommuneprogrammet (Oslo, Bergen, Trondheim, Stavanger,
/// Drammen) as seed 004 states it.
pub const STORBYPROGRAMMET_TOML: &str =
    include_str!("../../../../data/reference/storbyprogrammet.toml");

code_enum!(
    /// The kinds of municipal programme Husbanken has run.
    ProgrammeType {
        /// Region øst's development programme from 2009 (seed 003).
        Utviklingsprogram = "utviklingsprogram", "Boligsosialt utviklingsprogram";
        Velferdsprogram = "velferdsprogram", "Boligsosialt velferdsprogram";
        Partnerskap = "partnerskap", "Partnerskapskommuner";
        Fokuskommuner = "fokuskommuner", "Fokuskommuner";
        /// The national *Kommuneprogrammet* from 2016 (Bolig for velferd 2016–2020, seed 004).
        Kommuneprogram = "kommuneprogram", "Kommuneprogram";
        /// The big-city programme within Kommuneprogrammet (Oslo, Bergen, Trondheim, Stavanger,
        /// Drammen).
        Storbyprogram = "storbyprogram", "Storbyprogram";
    }
    expected "utviklingsprogram, velferdsprogram, partnerskap, fokuskommuner, kommuneprogram eller storbyprogram"
);

/// An amount in a programme's budget, and how exactly the source states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "precision", content = "nok", rename_all = "kebab-case")]
pub enum BudgetFigure {
    Exact(i64),
    /// The source gives a round figure («i underkant av 100 millioner», «rundt 92 millioner»).
    Approximately(i64),
    NotStated,
}

impl BudgetFigure {
    /// The amount, exact or approximate; `None` when not stated.
    pub fn amount(self) -> Option<i64> {
        match self {
            BudgetFigure::Exact(n) | BudgetFigure::Approximately(n) => Some(n),
            BudgetFigure::NotStated => None,
        }
    }

    /// «100 000 000 kr», «om lag 100 000 000 kr», «ikke oppgitt».
    pub fn label(self) -> String {
        match self {
            BudgetFigure::Exact(n) => nok(n),
            BudgetFigure::Approximately(n) => format!("om lag {}", nok(n)),
            BudgetFigure::NotStated => "ikke oppgitt".into(),
        }
    }
}

/// A programme's budget for its whole period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    pub total: BudgetFigure,
    /// The part meant for project support in the municipalities.
    pub project_support: BudgetFigure,
}

/// How many years each municipality is meant to take part («tre til fem år»).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipationYears {
    pub min: u32,
    pub max: u32,
}

impl ParticipationYears {
    /// «3–5 år», «4 år».
    pub fn label(self) -> String {
        if self.min == self.max {
            format!("{} år", self.min)
        } else {
            format!("{}–{} år", self.min, self.max)
        }
    }
}

/// How many municipalities were admitted in one year's pool (*pulje*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pool {
    pub year: i32,
    pub admitted: u32,
}

/// A count the source gives as of a year: the number of municipalities in 2011, the population
/// they cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedCount {
    pub year: i32,
    pub count: i64,
}

/// The year a member entered the programme, or that the source does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "entered", content = "year", rename_all = "kebab-case")]
pub enum EntryYear {
    Year(i32),
    NotStated,
}

impl EntryYear {
    /// «2009», «ikke oppgitt».
    pub fn label(self) -> String {
        match self {
            EntryYear::Year(y) => y.to_string(),
            EntryYear::NotStated => "ikke oppgitt".into(),
        }
    }
    pub fn year(self) -> Option<i32> {
        match self {
            EntryYear::Year(y) => Some(y),
            EntryYear::NotStated => None,
        }
    }
}

/// A participant: a municipality, or one of a city's districts (Oslo takes part through four).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// As the source writes it: «Bærum», «Oslo bydel Alna».
    pub name: String,
    /// The municipality: «Bærum», «Oslo».
    pub municipality: String,
    /// The district, for a city taking part through districts: «Alna».
    pub district: Option<String>,
    pub entered: EntryYear,
}

impl Member {
    /// Reads «Oslo bydel Alna» as Oslo's district Alna; any other name is a municipality.
    fn from_name(name: &str, entered: EntryYear) -> Member {
        let name = name.trim();
        let (municipality, district) = match name.split_once(" bydel ") {
            Some((m, d)) => (m.trim().to_string(), Some(d.trim().to_string())),
            None => (name.to_string(), None),
        };
        Member {
            name: name.to_string(),
            municipality,
            district,
            entered,
        }
    }
}

code_enum!(
    /// The levels of a programme's goal hierarchy, from the top.
    GoalLevel {
        Vision = "visjon", "Visjon";
        MainGoal = "hovedmal", "Hovedmål";
        SubGoal = "delmal", "Delmål";
        ResultGoal = "resultatmal", "Resultatmål";
    }
    expected "visjon, hovedmal, delmal eller resultatmal"
);

/// One goal with its code, which measures, indicators and report answers point to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    pub level: GoalLevel,
    pub code: String,
    pub text: String,
}

/// A programme's goals: one vision, one main goal, sub-goals and result goals. A vision or main
/// goal the source does not state is `None`.
///
/// Codes are stable: the vision is `visjon`, the main goal `hovedmal`, a sub-goal has the code
/// its file gives it (`kunnskapsrettet`), and result goals, which the programme files list
/// without codes, are numbered in the file's order: `resultat-1`, `resultat-2`, …. So a result
/// goal keeps its code only while the list keeps its order: add new result goals at the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalHierarchy {
    pub vision: Option<Goal>,
    pub main_goal: Option<Goal>,
    pub sub_goals: Vec<Goal>,
    pub result_goals: Vec<Goal>,
}

/// The code of the `n`th result goal (from 1).
pub fn result_goal_code(n: usize) -> String {
    format!("resultat-{n}")
}

impl GoalHierarchy {
    /// Every goal from the top: vision, main goal, sub-goals, result goals.
    pub fn all(&self) -> impl Iterator<Item = &Goal> {
        self.vision
            .iter()
            .chain(&self.main_goal)
            .chain(&self.sub_goals)
            .chain(&self.result_goals)
    }

    pub fn get(&self, code: &str) -> Option<&Goal> {
        self.all().find(|g| g.code == code.trim())
    }

    pub fn codes(&self) -> Vec<&str> {
        self.all().map(|g| g.code.as_str()).collect()
    }

    /// Whether the source states no goal at all.
    pub fn is_empty(&self) -> bool {
        self.all().next().is_none()
    }
}

/// Where one fact about a programme is stated, or what it is inferred from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactSource {
    /// The fact, as the page names it: «Periode», «Deltakere».
    pub fact: String,
    /// The source and its chapter or page, or what the fact is inferred from.
    pub source: String,
    /// Inferred rather than stated (shown as «Utledet: …»).
    #[serde(default)]
    pub derived: bool,
}

impl FactSource {
    /// «Periode: seed 004, kap. 2.3» or «Eiere: Utledet: …».
    pub fn label(&self) -> String {
        if self.derived {
            format!("{}: Utledet: {}", self.fact, self.source)
        } else {
            format!("{}: {}", self.fact, self.source)
        }
    }
}

/// A programme as its file describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgrammeDefinition {
    pub name: String,
    pub programme_type: ProgrammeType,
    /// The owning offices' region codes (`ost`).
    pub offices: Vec<String>,
    pub period: YearRange,
    pub budget: Budget,
    /// How long each municipality is meant to take part; `None` when not stated.
    pub participation_years: Option<ParticipationYears>,
    /// Municipalities admitted per year, by year; empty when not stated.
    pub pools: Vec<Pool>,
    /// The number of municipalities taking part, as of the years the source gives.
    pub municipality_counts: Vec<DatedCount>,
    /// The population the participating municipalities cover, as of the years given.
    pub population_covered: Vec<DatedCount>,
    pub goals: GoalHierarchy,
    /// The phases, in order ([`Phase::ALL`]: the file is checked against it); empty when the
    /// file does not state them.
    pub phases: Vec<Phase>,
    /// What a participant must have recorded to leave the programme and planning phase; empty
    /// when not stated.
    pub plan_phase_deliverables: Vec<Deliverable>,
    /// The co-financing rule; without shares when not stated.
    pub cofinancing: CofinancingRule,
    /// The reports participants write.
    pub reporting: Vec<ReportKind>,
    /// The members the source names, in the file's order.
    pub members: Vec<Member>,
    /// The whole file's source in one line (`source = "…"`); `None` when the file gives none.
    pub source: Option<String>,
    /// Where each fact is stated, or what it is inferred from (`[[sources]]`), in the file's
    /// order.
    pub sources: Vec<FactSource>,
}

/// The file's shape. Keys with a year in them (`municipalities_2011`,
/// `population_covered_2011`) are read from `dated`; anything else there is refused.
#[derive(Deserialize)]
struct RawProgramme {
    name: String,
    region: Option<String>,
    #[serde(default)]
    offices: Vec<String>,
    period: Vec<i32>,
    budget_total_nok: Option<i64>,
    budget_total_nok_approx: Option<i64>,
    budget_project_support_nok: Option<i64>,
    budget_project_support_nok_approx: Option<i64>,
    membership_years: Option<Vec<u32>>,
    #[serde(default)]
    pools: BTreeMap<String, u32>,
    vision: Option<String>,
    main_goal: Option<String>,
    #[serde(default)]
    sub_goals: Vec<RawGoal>,
    #[serde(default)]
    result_goals: Vec<String>,
    phases: Option<Vec<String>>,
    #[serde(default)]
    plan_phase_deliverables: Vec<String>,
    cofinancing_share_by_programme_year: Option<Vec<f64>>,
    source: Option<String>,
    #[serde(default)]
    sources: Vec<FactSource>,
    #[serde(default)]
    reporting: Vec<String>,
    #[serde(default)]
    members: BTreeMap<String, Vec<String>>,
    #[serde(flatten)]
    dated: BTreeMap<String, toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoal {
    code: String,
    text: String,
}

/// `prefix_2011` → 2011.
fn year_suffix(key: &str, prefix: &str) -> Option<i32> {
    let digits = key.strip_prefix(prefix)?;
    (digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !code.starts_with('-')
}

fn budget(
    errors: &mut Vec<String>,
    key: &str,
    exact: Option<i64>,
    approx: Option<i64>,
) -> BudgetFigure {
    let figure = match (exact, approx) {
        (Some(_), Some(_)) => {
            errors.push(format!(
                "Programfilen har både {key} og {key}_approx. Behold den ene: {key} for et eksakt beløp, {key}_approx for et omtrentlig."
            ));
            return BudgetFigure::NotStated;
        }
        (Some(n), None) => BudgetFigure::Exact(n),
        (None, Some(n)) => BudgetFigure::Approximately(n),
        (None, None) => BudgetFigure::NotStated,
    };
    if figure.amount().is_some_and(|n| n < 0) {
        errors.push(format!(
            "{key} er negativt. Skriv beløpet i hele kroner, 0 eller mer."
        ));
    }
    figure
}

impl ProgrammeDefinition {
    /// The demo programme: region øst's *Boligsosialt utviklingsprogram* (seed 003), from the
    /// file compiled in. The file is checked by this module's tests, so this cannot fail in a
    /// built binary.
    pub fn utviklingsprogram_ost() -> ProgrammeDefinition {
        Self::from_toml(UTVIKLINGSPROGRAM_OST_TOML, ProgrammeType::Utviklingsprogram)
            .unwrap_or_else(|e| panic!("utviklingsprogram_ost.toml is malformed: {e:?}"))
    }

    /// The national *Kommuneprogrammet* 2016–2020 with only what seed 004 states.
    pub fn kommuneprogrammet() -> ProgrammeDefinition {
        Self::from_toml(KOMMUNEPROGRAMMET_TOML, ProgrammeType::Kommuneprogram)
            .unwrap_or_else(|e| panic!("kommuneprogrammet.toml is malformed: {e:?}"))
    }

    /// The big-city programme within Kommuneprogrammet with only what seed 004 states.
    pub fn storbyprogrammet() -> ProgrammeDefinition {
        Self::from_toml(STORBYPROGRAMMET_TOML, ProgrammeType::Storbyprogram)
            .unwrap_or_else(|e| panic!("storbyprogrammet.toml is malformed: {e:?}"))
    }

    /// The source line and every fact's source, as the programme's page lists them.
    pub fn source_lines(&self) -> Vec<String> {
        self.source
            .iter()
            .cloned()
            .chain(self.sources.iter().map(FactSource::label))
            .collect()
    }

    /// Reads a programme file. The files do not name their type, so the caller gives it.
    /// Every problem is a Norwegian sentence; all are listed, not only the first.
    pub fn from_toml(
        text: &str,
        programme_type: ProgrammeType,
    ) -> Result<ProgrammeDefinition, Vec<String>> {
        let raw: RawProgramme = toml::from_str(text).map_err(|e| {
            let place = e.span().map(|s| {
                let before = &text[..s.start.min(text.len())];
                (before.matches('\n').count() + 1, before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1)
            });
            let message = e.message();
            let key = |rest: &str| rest.split(',').next().unwrap_or(rest).trim_matches('`').to_string();
            let what = if let Some(rest) = message.strip_prefix("missing field ") {
                format!("Nøkkelen {} mangler.", key(rest))
            } else if let Some(rest) = message.strip_prefix("unknown field ") {
                // TOML reads every key below a [[sub_goals]] header as the sub-goal's own.
                format!(
                    "Nøkkelen {} hører ikke til et delmål. Nøkler for hele programmet må stå før den første [[sub_goals]].",
                    key(rest)
                )
            } else {
                "Programfilen kan ikke leses her. Sjekk at verdien er skrevet som i eksempelfilen utviklingsprogram_ost.toml.".into()
            };
            vec![match place {
                Some((line, column)) => format!("Linje {line}, kolonne {column}: {what}"),
                None => what,
            }]
        })?;
        let mut errors = Vec::new();

        let name = raw.name.trim().to_string();
        if name.is_empty() {
            errors.push("Programmet mangler navn. Skriv name = \"…\".".into());
        }
        let mut offices = raw.offices.clone();
        if let Some(region) = &raw.region {
            if !offices.is_empty() {
                errors.push("Programfilen har både region og offices. Skriv kontorene i offices, eller ett kontor i region.".into());
            }
            offices = vec![region.clone()];
        }
        let tax = crate::Taxonomy::builtin();
        for office in &offices {
            if tax.region(office).is_none() {
                errors.push(format!(
                    "«{office}» er ikke et kontor. Bruk {}.",
                    crate::Taxonomy::codes_of(&tax.regions)
                ));
            }
        }
        if offices.is_empty() {
            errors.push("Programfilen sier ikke hvilket kontor som eier programmet. Skriv region = \"ost\" eller offices = [\"ost\", …].".into());
        }

        let period = match raw.period.as_slice() {
            [start, end] if start <= end => YearRange {
                start: *start,
                end: Some(*end),
            },
            _ => {
                errors.push(
                    "Perioden skal være to årstall, første og siste år: period = [2009, 2017]."
                        .into(),
                );
                YearRange {
                    start: 0,
                    end: None,
                }
            }
        };
        let in_period = |y: i32| {
            period
                .end
                .is_some_and(|end| (period.start..=end).contains(&y))
        };

        let budget = Budget {
            total: budget(
                &mut errors,
                "budget_total_nok",
                raw.budget_total_nok,
                raw.budget_total_nok_approx,
            ),
            project_support: budget(
                &mut errors,
                "budget_project_support_nok",
                raw.budget_project_support_nok,
                raw.budget_project_support_nok_approx,
            ),
        };

        let participation_years = match raw.membership_years.as_deref() {
            None => None,
            Some([min, max]) if min <= max && *min > 0 => Some(ParticipationYears {
                min: *min,
                max: *max,
            }),
            Some(_) => {
                errors.push("membership_years skal være færrest og flest år en kommune deltar, for eksempel [3, 5].".into());
                None
            }
        };

        let mut pools = Vec::new();
        for (year, admitted) in &raw.pools {
            match year.parse::<i32>() {
                Ok(y) if in_period(y) => pools.push(Pool {
                    year: y,
                    admitted: *admitted,
                }),
                _ => errors.push(format!(
                    "Puljen «{year}» er ikke et år i programperioden. Skriv puljene som {{ 2009 = 4, 2010 = 6 }}."
                )),
            }
        }

        let mut municipality_counts = Vec::new();
        let mut population_covered = Vec::new();
        for (key, value) in &raw.dated {
            let (list, year) = if let Some(y) = year_suffix(key, "municipalities_") {
                (&mut municipality_counts, y)
            } else if let Some(y) = year_suffix(key, "population_covered_") {
                (&mut population_covered, y)
            } else {
                errors.push(format!("Nøkkelen {key} er ukjent i en programfil."));
                continue;
            };
            match value.as_integer() {
                Some(count) if count >= 0 => list.push(DatedCount { year, count }),
                _ => errors.push(format!("{key} skal være et helt tall, 0 eller mer.")),
            }
        }

        let goals = goal_hierarchy(&mut errors, &raw);

        let phases = match &raw.phases {
            None => Vec::new(),
            Some(phases) => {
                let phase_labels: Vec<String> =
                    phases.iter().map(|p| p.trim().to_lowercase()).collect();
                let expected: Vec<String> = Phase::ALL
                    .iter()
                    .map(|p| p.label().to_lowercase())
                    .collect();
                if phase_labels != expected {
                    errors.push(format!(
                        "Fasene skal være {}, i den rekkefølgen.",
                        crate::norwegian::list(&expected, "og")
                    ));
                }
                Phase::ALL.to_vec()
            }
        };

        let mut plan_phase_deliverables = Vec::new();
        for d in &raw.plan_phase_deliverables {
            match Deliverable::from_label(d) {
                Some(d) if !plan_phase_deliverables.contains(&d) => plan_phase_deliverables.push(d),
                Some(_) => errors.push(format!("Leveransen «{d}» står to ganger.")),
                None => errors.push(format!(
                    "«{d}» er ikke en leveranse Husk kjenner. Bruk {}.",
                    crate::norwegian::list(
                        &Deliverable::ALL
                            .iter()
                            .map(|d| format!("«{}»", d.label().to_lowercase()))
                            .collect::<Vec<_>>(),
                        "eller"
                    )
                )),
            }
        }

        let cofinancing = match raw.cofinancing_share_by_programme_year.as_deref() {
            None => CofinancingRule::default(),
            Some(fractions) => match CofinancingRule::from_fractions(fractions) {
                Ok(rule) => rule,
                Err(m) => {
                    errors.push(m);
                    CofinancingRule::default()
                }
            },
        };

        let source = raw
            .source
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        let mut sources = Vec::new();
        for s in &raw.sources {
            if s.fact.trim().is_empty() || s.source.trim().is_empty() {
                errors.push("Hver [[sources]] skal ha både fact og source.".into());
                continue;
            }
            sources.push(FactSource {
                fact: s.fact.trim().to_string(),
                source: s.source.trim().to_string(),
                derived: s.derived,
            });
        }

        let mut reporting = Vec::new();
        for r in &raw.reporting {
            match ReportKind::ALL
                .iter()
                .find(|k| k.label().to_lowercase() == r.trim().to_lowercase() || k.code() == r.trim())
            {
                Some(k) => reporting.push(*k),
                None => errors.push(format!(
                    "«{r}» er ikke en rapporttype. Bruk halvårsrapport, årsrapport eller sluttrapport."
                )),
            }
        }

        let members = members(&mut errors, &raw.members, &pools, in_period);

        if errors.is_empty() {
            Ok(ProgrammeDefinition {
                name,
                programme_type,
                offices,
                period,
                budget,
                participation_years,
                pools,
                municipality_counts,
                population_covered,
                goals,
                phases,
                plan_phase_deliverables,
                cofinancing,
                reporting,
                members,
                source,
                sources,
            })
        } else {
            Err(errors)
        }
    }

    /// The municipalities taking part, each once, in the members' order (Oslo once for its
    /// four districts).
    pub fn municipalities(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for m in &self.members {
            if !out.contains(&m.municipality.as_str()) {
                out.push(&m.municipality);
            }
        }
        out
    }

    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name.trim())
    }

    /// The members the source says entered in `year`.
    pub fn entered_in(&self, year: i32) -> Vec<&Member> {
        self.members
            .iter()
            .filter(|m| m.entered == EntryYear::Year(year))
            .collect()
    }

    /// How many of the municipalities admitted in `year`'s pool the source does not name
    /// (`None` when it gives no pool for that year): 2010's pool had six, the source names
    /// only Moss, so five are not named.
    pub fn unnamed_in_pool(&self, year: i32) -> Option<u32> {
        let pool = self.pools.iter().find(|p| p.year == year)?;
        let mut named: Vec<&str> = self
            .entered_in(year)
            .iter()
            .map(|m| m.municipality.as_str())
            .collect();
        named.sort_unstable();
        named.dedup();
        Some(pool.admitted.saturating_sub(named.len() as u32))
    }

    /// Everything the source says about one member's admission, in a sentence: «Moss ble tatt
    /// opp i 2010.» or «Kilden oppgir ikke når Asker ble tatt opp.».
    pub fn admission_sentence(&self, member: &Member) -> String {
        match member.entered {
            EntryYear::Year(y) => format!("{} ble tatt opp i {y}.", member.name),
            EntryYear::NotStated => {
                format!("Kilden oppgir ikke når {} ble tatt opp.", member.name)
            }
        }
    }
}

fn goal_hierarchy(errors: &mut Vec<String>, raw: &RawProgramme) -> GoalHierarchy {
    let goal = |level, code: &str, text: &str| Goal {
        level,
        code: code.to_string(),
        text: text.trim().to_string(),
    };
    if raw.vision.as_deref().is_some_and(|v| v.trim().is_empty()) {
        errors.push("Visjonen er tom. Skriv vision = \"…\", eller ta bort nøkkelen der kilden ikke oppgir en visjon.".into());
    }
    if raw
        .main_goal
        .as_deref()
        .is_some_and(|v| v.trim().is_empty())
    {
        errors.push("Hovedmålet er tomt. Skriv main_goal = \"…\", eller ta bort nøkkelen der kilden ikke oppgir et hovedmål.".into());
    }
    let mut codes = vec!["visjon".to_string(), "hovedmal".to_string()];
    let mut sub_goals = Vec::new();
    for g in &raw.sub_goals {
        let code = g.code.trim();
        if !valid_code(code) {
            errors.push(format!(
                "Delmålkoden «{code}» kan ikke brukes. Bruk små bokstaver a–z, sifre og bindestrek."
            ));
        } else if codes.iter().any(|c| c == code) || code.starts_with("resultat-") {
            errors.push(format!(
                "Delmålkoden «{code}» er brukt før eller er reservert. Gi hvert mål sin egen kode."
            ));
        }
        if g.text.trim().is_empty() {
            errors.push(format!("Delmålet «{code}» mangler tekst."));
        }
        codes.push(code.to_string());
        sub_goals.push(goal(GoalLevel::SubGoal, code, &g.text));
    }
    let result_goals = raw
        .result_goals
        .iter()
        .enumerate()
        .map(|(i, text)| goal(GoalLevel::ResultGoal, &result_goal_code(i + 1), text))
        .collect();
    GoalHierarchy {
        vision: raw
            .vision
            .as_deref()
            .map(|v| goal(GoalLevel::Vision, "visjon", v)),
        main_goal: raw
            .main_goal
            .as_deref()
            .map(|v| goal(GoalLevel::MainGoal, "hovedmal", v)),
        sub_goals,
        result_goals,
    }
}

fn members(
    errors: &mut Vec<String>,
    raw: &BTreeMap<String, Vec<String>>,
    pools: &[Pool],
    in_period: impl Fn(i32) -> bool,
) -> Vec<Member> {
    let mut out: Vec<Member> = Vec::new();
    for (key, names) in raw {
        let entered = if key == "entry_year_not_stated" {
            EntryYear::NotStated
        } else if let Some(y) = year_suffix(key, "entered_") {
            if !in_period(y) {
                errors.push(format!("{key}: {y} er ikke et år i programperioden."));
            }
            EntryYear::Year(y)
        } else {
            errors.push(format!(
                "Nøkkelen members.{key} er ukjent. Bruk entered_ÅÅÅÅ for medlemmer tatt opp det året og entry_year_not_stated der kilden ikke oppgir året."
            ));
            continue;
        };
        for name in names {
            let member = Member::from_name(name, entered);
            if out.iter().any(|m| m.name == member.name) {
                errors.push(format!(
                    "«{}» står to ganger blant medlemmene.",
                    member.name
                ));
                continue;
            }
            out.push(member);
        }
    }
    // Entries by year first, in year order, then those whose year is not stated.
    out.sort_by_key(|m| m.entered.year().unwrap_or(i32::MAX));
    for pool in pools {
        let mut named: Vec<&str> = out
            .iter()
            .filter(|m| m.entered == EntryYear::Year(pool.year))
            .map(|m| m.municipality.as_str())
            .collect();
        named.sort_unstable();
        named.dedup();
        if named.len() as u32 > pool.admitted {
            errors.push(format!(
                "Puljen for {} hadde {}, men {} står som tatt opp det året.",
                pool.year,
                crate::norwegian::count(i64::from(pool.admitted), "kommune", "kommuner"),
                crate::norwegian::count(named.len() as i64, "kommune", "kommuner")
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_programme_is_read_with_what_seed_003_states() {
        let p = ProgrammeDefinition::utviklingsprogram_ost();
        assert_eq!(p.name, "Boligsosialt utviklingsprogram");
        assert_eq!(p.programme_type.label(), "Boligsosialt utviklingsprogram");
        assert_eq!(p.offices, ["ost"]);
        assert_eq!(
            p.period,
            YearRange {
                start: 2009,
                end: Some(2017)
            }
        );
        assert_eq!(p.budget.total.label(), "om lag 100 000 000 kr");
        assert_eq!(
            p.budget.project_support,
            BudgetFigure::Approximately(92_000_000)
        );
        assert_eq!(p.participation_years.unwrap().label(), "3–5 år");
        assert_eq!(
            p.pools,
            [
                Pool {
                    year: 2009,
                    admitted: 4
                },
                Pool {
                    year: 2010,
                    admitted: 6
                },
                Pool {
                    year: 2011,
                    admitted: 4
                }
            ]
        );
        assert_eq!(
            p.municipality_counts,
            [DatedCount {
                year: 2011,
                count: 14
            }]
        );
        assert_eq!(
            p.population_covered,
            [DatedCount {
                year: 2011,
                count: 674_434
            }]
        );
        assert_eq!(p.phases, Phase::ALL);
        assert_eq!(p.plan_phase_deliverables, Deliverable::ALL);
        assert_eq!(
            p.reporting,
            [ReportKind::HalfYear, ReportKind::Annual, ReportKind::Final]
        );
    }

    #[test]
    fn all_fourteen_municipalities_are_members_and_the_pools_add_up_to_them() {
        let p = ProgrammeDefinition::utviklingsprogram_ost();
        assert_eq!(
            p.members.len(),
            17,
            "13 municipalities and Oslo's four districts"
        );
        let municipalities = p.municipalities();
        assert_eq!(municipalities.len(), 14);
        assert_eq!(
            p.pools.iter().map(|p| p.admitted as i64).sum::<i64>(),
            p.municipality_counts[0].count,
            "4 + 6 + 4 pools are the 14 municipalities of 2011"
        );
        let alna = p.member("Oslo bydel Alna").unwrap();
        assert_eq!(alna.municipality, "Oslo");
        assert_eq!(alna.district.as_deref(), Some("Alna"));
        assert_eq!(
            p.members
                .iter()
                .filter(|m| m.municipality == "Oslo")
                .count(),
            4
        );
        for name in ["Bærum", "Hamar", "Lillehammer", "Lørenskog"] {
            assert_eq!(
                p.member(name).unwrap().entered,
                EntryYear::Year(2009),
                "{name}"
            );
        }
        assert_eq!(p.member("Moss").unwrap().entered, EntryYear::Year(2010));
    }

    #[test]
    fn entry_years_the_source_does_not_give_are_not_stated_never_guessed() {
        let p = ProgrammeDefinition::utviklingsprogram_ost();
        let asker = p.member("Asker").unwrap();
        assert_eq!(asker.entered, EntryYear::NotStated);
        assert_eq!(asker.entered.label(), "ikke oppgitt");
        assert_eq!(
            p.admission_sentence(asker),
            "Kilden oppgir ikke når Asker ble tatt opp."
        );
        assert_eq!(
            p.members
                .iter()
                .filter(|m| m.entered == EntryYear::NotStated)
                .count(),
            12
        );
        assert_eq!(p.unnamed_in_pool(2009), Some(0));
        assert_eq!(
            p.unnamed_in_pool(2010),
            Some(5),
            "six admitted, only Moss named"
        );
        assert_eq!(p.unnamed_in_pool(2011), Some(4));
        assert_eq!(p.unnamed_in_pool(2012), None, "no pool stated for 2012");
    }

    #[test]
    fn the_goal_hierarchy_has_stable_codes_and_numbered_result_goals() {
        let g = ProgrammeDefinition::utviklingsprogram_ost().goals;
        assert_eq!(
            g.vision.as_ref().unwrap().text,
            "Utvikling på kommunens premisser"
        );
        assert_eq!(g.main_goal.as_ref().unwrap().code, "hovedmal");
        assert_eq!(
            g.codes(),
            [
                "visjon",
                "hovedmal",
                "kunnskapsrettet",
                "organisatorisk",
                "okonomisk",
                "resultat-1",
                "resultat-2",
                "resultat-3",
                "resultat-4",
                "resultat-5"
            ]
        );
        let r4 = g.get("resultat-4").unwrap();
        assert_eq!(r4.level, GoalLevel::ResultGoal);
        assert_eq!(r4.text, "Økt bruk av Husbankens økonomiske virkemidler");
        assert_eq!(g.get("okonomisk").unwrap().level.label(), "Delmål");
        assert!(g.get("resultat-6").is_none());
    }

    #[test]
    fn the_co_financing_rule_comes_from_the_file() {
        let rule = ProgrammeDefinition::utviklingsprogram_ost().cofinancing;
        let shares: Vec<String> = (1..=4).map(|y| rule.share(y).unwrap().label()).collect();
        assert_eq!(shares, ["0 %", "30 %", "40 %", "50 %"]);
        assert_eq!(rule.share(5), None, "the source states years 1–4 only");
    }

    #[test]
    fn kommuneprogrammet_holds_only_what_seed_004_states() {
        let p = ProgrammeDefinition::kommuneprogrammet();
        assert_eq!(p.name, "Husbankens kommuneprogram Bolig for velferd");
        assert_eq!(p.programme_type, ProgrammeType::Kommuneprogram);
        assert_eq!(
            p.period,
            YearRange {
                start: 2016,
                end: Some(2020)
            }
        );
        assert_eq!(p.offices.len(), 6, "every regional office");
        assert_eq!(p.budget.total, BudgetFigure::NotStated);
        assert_eq!(p.budget.project_support, BudgetFigure::NotStated);
        assert_eq!(p.participation_years, None);
        assert!(p.pools.is_empty());
        assert!(p.goals.is_empty(), "the seed states no vision or goals");
        assert!(p.phases.is_empty() && p.plan_phase_deliverables.is_empty());
        assert!(p.cofinancing.shares().is_empty());
        assert_eq!(p.reporting, [ReportKind::Annual]);
        assert!(
            p.members.is_empty(),
            "the cities take part in the big-city programme"
        );
        assert!(p.source.as_deref().unwrap().contains("seed 004"));
        assert!(p.sources.iter().all(|s| s.source.contains("seed 004")));
        assert!(p.sources.iter().all(|s| !s.derived));
    }

    #[test]
    fn the_big_city_programme_has_the_five_cities_and_labels_what_is_inferred() {
        let p = ProgrammeDefinition::storbyprogrammet();
        assert_eq!(p.programme_type, ProgrammeType::Storbyprogram);
        assert_eq!(
            p.municipalities(),
            ["Oslo", "Bergen", "Trondheim", "Stavanger", "Drammen"]
        );
        assert!(p
            .members
            .iter()
            .all(|m| m.entered == EntryYear::NotStated && m.district.is_none()));
        assert_eq!(p.budget.total.label(), "ikke oppgitt");
        assert!(p.goals.is_empty() && p.reporting.is_empty() && p.pools.is_empty());
        let derived: Vec<&str> = p
            .sources
            .iter()
            .filter(|s| s.derived)
            .map(|s| s.fact.as_str())
            .collect();
        assert_eq!(derived, ["Periode", "Eiere"]);
        assert!(p
            .source_lines()
            .iter()
            .any(|l| l.starts_with("Periode: Utledet: Kommuneprogrammets periode")));
    }

    #[test]
    fn a_file_with_gaps_holds_them_as_not_stated() {
        let text = r#"
name = "Kommuneprogrammet"
offices = ["ost", "vest"]
period = [2016, 2020]
vision = "V"
main_goal = "H"
phases = ["søknad og opptak", "oppstart", "program- og planfase", "gjennomføringsfase", "utfasing og avslutning"]
plan_phase_deliverables = ["faktaark fra Husbanken"]
cofinancing_share_by_programme_year = [0.0]
"#;
        let p = ProgrammeDefinition::from_toml(text, ProgrammeType::Kommuneprogram).unwrap();
        assert_eq!(p.budget.total, BudgetFigure::NotStated);
        assert_eq!(p.budget.project_support.label(), "ikke oppgitt");
        assert_eq!(p.participation_years, None);
        assert!(p.pools.is_empty() && p.members.is_empty());
        assert_eq!(p.plan_phase_deliverables, [Deliverable::FactSheet]);
        assert_eq!(p.offices, ["ost", "vest"]);
    }

    #[test]
    fn a_bad_file_gets_every_problem_as_a_norwegian_sentence() {
        let text = r#"
name = ""
region = "øst"
period = [2017, 2009]
budget_total_nok = 1
budget_total_nok_approx = 2
pools = { 2030 = 1 }
vision = "V"
main_goal = "H"
sub_goals = [{ code = "Kunnskap", text = "x" }, { code = "resultat-1", text = "y" }]
phases = ["oppstart", "søknad og opptak"]
plan_phase_deliverables = ["kaffe"]
cofinancing_share_by_programme_year = [0.0, 1.5]
reporting = ["kvartalsrapport"]
antall_2011 = 3
[members]
entered_2009 = ["A", "A"]
joined_2010 = ["B"]
"#;
        let errors = ProgrammeDefinition::from_toml(text, ProgrammeType::Partnerskap).unwrap_err();
        let all = errors.join("\n");
        for expected in [
            "Programmet mangler navn",
            "«øst» er ikke et kontor",
            "Perioden skal være to årstall",
            "både budget_total_nok og budget_total_nok_approx",
            "Puljen «2030»",
            "Delmålkoden «Kunnskap» kan ikke brukes",
            "Delmålkoden «resultat-1» er brukt før eller er reservert",
            "Fasene skal være søknad og opptak, oppstart",
            "«kaffe» er ikke en leveranse",
            "«kvartalsrapport» er ikke en rapporttype",
            "Nøkkelen antall_2011 er ukjent",
            "«A» står to ganger",
            "Nøkkelen members.joined_2010 er ukjent",
            "150 %",
        ] {
            assert!(all.contains(expected), "missing «{expected}» in:\n{all}");
        }
        for e in &errors {
            assert_eq!(crate::norwegian::message_fault(e), None, "{e}");
        }
        let syntax =
            ProgrammeDefinition::from_toml("name = \n", ProgrammeType::Partnerskap).unwrap_err();
        assert!(syntax[0].starts_with("Linje 1, kolonne"), "{syntax:?}");
        let missing = ProgrammeDefinition::from_toml("name = \"x\"\n", ProgrammeType::Partnerskap)
            .unwrap_err();
        assert!(
            missing[0].contains("Nøkkelen period mangler."),
            "{missing:?}"
        );
    }

    #[test]
    fn an_empty_goal_or_a_source_without_its_fact_is_refused() {
        let text = r#"
name = "x"
region = "ost"
period = [2016, 2020]
vision = " "
[[sources]]
fact = ""
source = "seed 004"
"#;
        let all = ProgrammeDefinition::from_toml(text, ProgrammeType::Kommuneprogram)
            .unwrap_err()
            .join("\n");
        assert!(all.contains("Visjonen er tom"), "{all}");
        assert!(
            all.contains("Hver [[sources]] skal ha både fact og source."),
            "{all}"
        );
    }

    #[test]
    fn a_programme_key_below_a_sub_goal_is_refused_with_where_it_belongs() {
        let text = r#"
name = "x"
region = "ost"
period = [2009, 2017]
vision = "V"
main_goal = "H"
[[sub_goals]]
code = "a"
text = "A"
phases = ["søknad og opptak"]
"#;
        let e = ProgrammeDefinition::from_toml(text, ProgrammeType::Partnerskap).unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].contains("Nøkkelen phases hører ikke til et delmål. Nøkler for hele programmet må stå før den første [[sub_goals]]."),
            "{e:?}"
        );
        assert!(e[0].starts_with("Linje "), "{e:?}");
    }

    #[test]
    fn programme_types_have_stable_codes_and_norwegian_labels() {
        let codes: Vec<&str> = ProgrammeType::ALL.iter().map(|t| t.code()).collect();
        assert_eq!(
            codes,
            [
                "utviklingsprogram",
                "velferdsprogram",
                "partnerskap",
                "fokuskommuner",
                "kommuneprogram",
                "storbyprogram"
            ]
        );
        assert_eq!(
            ProgrammeType::from_code("storbyprogram").unwrap().label(),
            "Storbyprogram"
        );
        assert_eq!(ProgrammeType::from_code("Storbyprogram"), None);
    }
}

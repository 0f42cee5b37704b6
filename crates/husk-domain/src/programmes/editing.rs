//! Editing a programme in Husk (issue 10, «Advisers edit their office's programmes"): its type,
//! owning offices, budget figures with their precision, period, Husbanken's programme
//! coordinator and its goal hierarchy; and adding, changing and removing participants.
//!
//! Plain rules only. A form or an API body is typed as an input of raw strings
//! ([`ProgrammeInput`], [`ParticipantInput`]) whose `validate` gives the checked value or every
//! field's problem at once, in Norwegian. The goal hierarchy keeps its codes stable: an edited
//! goal keeps its code, a new goal gets a code no goal of the programme ever had
//! ([`new_goal_code`], with the retired codes remembered by the store), and a goal something
//! points to cannot be removed ([`GoalReferences`]).

use super::definition::{Budget, BudgetFigure, GoalLevel, ProgrammeType};
use super::phases::Phase;
use crate::ids::Kommunenummer;
use crate::norwegian;
use crate::portfolio::{parse_nok, parse_year, YearRange};
use crate::FieldErrors;
use std::collections::{BTreeMap, BTreeSet};

/// The precision codes a budget figure is typed with.
pub const PRECISIONS: &[(&str, &str)] = &[
    ("exact", "Nøyaktig"),
    ("approximately", "Om lag"),
    ("not-stated", "Ikke oppgitt"),
];

/// A goal as typed: `code` empty for a new goal; `level` is read only for a new goal (an
/// existing goal keeps its level).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct GoalInput {
    pub code: String,
    pub level: String,
    pub text: String,
}

/// A programme's editable facts as typed in the form or the API.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProgrammeInput {
    pub programme_type: String,
    /// Region codes, in order.
    pub offices: Vec<String>,
    pub budget_total: String,
    /// `exact`, `approximately` or `not-stated`.
    pub budget_total_precision: String,
    pub budget_support: String,
    pub budget_support_precision: String,
    pub start_year: String,
    pub end_year: String,
    pub coordinator: String,
    /// Every goal the programme is to have, from the top; a stored goal left out is removed.
    pub goals: Vec<GoalInput>,
}

/// A goal in the checked edit: `code` is `None` for a new goal, which gets its code when saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditedGoal {
    pub code: Option<String>,
    pub level: GoalLevel,
    pub text: String,
}

/// A checked edit of a programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeEdit {
    pub programme_type: ProgrammeType,
    pub offices: Vec<String>,
    pub budget: Budget,
    pub period: YearRange,
    pub coordinator: String,
    pub goals: Vec<EditedGoal>,
}

/// What the edit is checked against: the programme as stored and who edits it.
pub struct EditContext<'a> {
    /// The region codes Husk knows.
    pub known_offices: &'a [String],
    /// The programme's owning offices now.
    pub current_offices: &'a [String],
    /// Whether the editor may hand the programme to another office (an administrator).
    pub may_change_offices: bool,
    /// The stored goals: (code, level).
    pub goals: &'a [(String, GoalLevel)],
    /// What points to each stored goal.
    pub references: &'a GoalReferences,
}

/// What points to a programme's goals: for each code, what points to it, written for a
/// sentence («tiltaket «Bostedsløse ut i bolig» hos Bærum», «rapporten «Sluttrapport 2012»»).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoalReferences {
    pub by_code: BTreeMap<String, Vec<String>>,
}

impl GoalReferences {
    pub fn add(&mut self, code: &str, what: impl Into<String>) {
        let list = self.by_code.entry(code.to_string()).or_default();
        let what = what.into();
        if !list.contains(&what) {
            list.push(what);
        }
    }

    /// Why the goal `code` cannot be removed, or `None` when nothing points to it.
    pub fn blocks_removal(&self, code: &str) -> Option<String> {
        let list = self.by_code.get(code).filter(|l| !l.is_empty())?;
        let shown: Vec<&str> = list.iter().take(5).map(String::as_str).collect();
        let more = list.len().saturating_sub(shown.len());
        let what = if more > 0 {
            format!(
                "{} og {} til",
                shown.join(", "),
                norwegian::count(more as i64, "annen", "andre")
            )
        } else {
            norwegian::list(&shown, "og")
        };
        Some(format!(
            "Målet «{code}» kan ikke fjernes, for {what} viser til det. Fjern koblingen der først, eller behold målet."
        ))
    }
}

fn figure(
    e: &mut FieldErrors,
    field: &str,
    label: &str,
    amount: &str,
    precision: &str,
) -> BudgetFigure {
    let precision_field = format!("{field}_presisjon");
    let amount = amount.trim();
    match precision.trim() {
        "not-stated" | "" if amount.is_empty() => BudgetFigure::NotStated,
        "not-stated" => {
            e.push(
                &precision_field,
                format!("{label} har et beløp, men er merket «ikke oppgitt». Velg «nøyaktig» eller «om lag», eller tøm beløpet."),
            );
            BudgetFigure::NotStated
        }
        p @ ("exact" | "approximately") => {
            if amount.is_empty() {
                e.push(
                    field,
                    format!("Skriv {} i hele kroner, for eksempel 100000000, eller velg «ikke oppgitt».", label.to_lowercase()),
                );
                return BudgetFigure::NotStated;
            }
            match parse_nok(amount) {
                Ok(n) if n >= 0 => {
                    if p == "exact" {
                        BudgetFigure::Exact(n)
                    } else {
                        BudgetFigure::Approximately(n)
                    }
                }
                Ok(_) => {
                    e.push(field, format!("{label} kan ikke være negativt."));
                    BudgetFigure::NotStated
                }
                Err(m) => {
                    e.push(field, format!("{label}: {m}"));
                    BudgetFigure::NotStated
                }
            }
        }
        other => {
            e.push(
                &precision_field,
                format!("«{other}» er ikke en presisjon. Velg nøyaktig (exact), om lag (approximately) eller ikke oppgitt (not-stated)."),
            );
            BudgetFigure::NotStated
        }
    }
}

impl ProgrammeInput {
    /// Checks every field and gives the edit, or every problem at its field: `type`,
    /// `kontorer`, `budsjett`, `budsjett_presisjon`, `prosjektstotte`,
    /// `prosjektstotte_presisjon`, `start`, `slutt`, `koordinator`, and per goal `mal.N.tekst`,
    /// `mal.N.niva` (N from 1 in the order given) or `mal.{code}` for a goal that cannot go.
    pub fn validate(&self, ctx: &EditContext<'_>) -> Result<ProgrammeEdit, FieldErrors> {
        let mut e = FieldErrors::new();
        let programme_type = match ProgrammeType::from_code(self.programme_type.trim()) {
            Some(t) => Some(t),
            None => {
                e.push(
                    "type",
                    if self.programme_type.trim().is_empty() {
                        format!("Velg programtypen: {}.", ProgrammeType::expected())
                    } else {
                        format!(
                            "«{}» er ikke en programtype. Velg {}.",
                            self.programme_type.trim(),
                            ProgrammeType::expected()
                        )
                    },
                );
                None
            }
        };

        let mut offices: Vec<String> = Vec::new();
        for o in &self.offices {
            let o = o.trim();
            if o.is_empty() || offices.iter().any(|x| x == o) {
                continue;
            }
            if !ctx.known_offices.iter().any(|k| k == o) {
                e.push(
                    "kontorer",
                    format!(
                        "«{o}» er ikke et av Husbankens kontorer. Velg blant {}.",
                        norwegian::list(ctx.known_offices, "eller")
                    ),
                );
                continue;
            }
            offices.push(o.to_string());
        }
        if offices.is_empty() && e.get("kontorer").is_none() {
            e.push("kontorer", "Velg minst ett kontor som eier programmet.");
        }
        let same_offices = {
            let a: BTreeSet<&str> = offices.iter().map(String::as_str).collect();
            let b: BTreeSet<&str> = ctx.current_offices.iter().map(String::as_str).collect();
            a == b
        };
        if !same_offices && !ctx.may_change_offices && e.get("kontorer").is_none() {
            e.push(
                "kontorer",
                format!(
                    "Bare en administrator kan gi programmet til et annet kontor. Behold {}.",
                    norwegian::list(ctx.current_offices, "og")
                ),
            );
        }

        let total = figure(
            &mut e,
            "budsjett",
            "Budsjettet",
            &self.budget_total,
            &self.budget_total_precision,
        );
        let support = figure(
            &mut e,
            "prosjektstotte",
            "Prosjektstøtten",
            &self.budget_support,
            &self.budget_support_precision,
        );
        if let (Some(t), Some(s)) = (total.amount(), support.amount()) {
            if s > t {
                e.push(
                    "prosjektstotte",
                    format!(
                        "Prosjektstøtten ({}) er større enn hele budsjettet ({}). Skriv en del av budsjettet.",
                        super::nok(s),
                        super::nok(t)
                    ),
                );
            }
        }

        let start = match parse_year(&self.start_year) {
            Ok(y) => Some(y),
            Err(m) => {
                e.push("start", format!("Første år: {m}"));
                None
            }
        };
        let end = if self.end_year.trim().is_empty() {
            None
        } else {
            match parse_year(&self.end_year) {
                Ok(y) => Some(y),
                Err(m) => {
                    e.push("slutt", format!("Siste år: {m}"));
                    None
                }
            }
        };
        if let (Some(s), Some(en)) = (start, end) {
            if en < s {
                e.push(
                    "slutt",
                    format!("Siste år ({en}) er før første år ({s}). Skriv et år fra og med {s}."),
                );
            }
        }
        crate::limits::check(
            &mut e,
            "koordinator",
            "Programkoordinator i Husbanken",
            self.coordinator.trim(),
            crate::limits::NAME,
        );

        let goals = self.goals(&mut e, ctx);
        if !e.is_empty() {
            return Err(e);
        }
        Ok(ProgrammeEdit {
            programme_type: programme_type.expect("checked"),
            offices,
            budget: Budget {
                total,
                project_support: support,
            },
            period: YearRange {
                start: start.expect("checked"),
                end,
            },
            coordinator: self.coordinator.trim().to_string(),
            goals,
        })
    }

    fn goals(&self, e: &mut FieldErrors, ctx: &EditContext<'_>) -> Vec<EditedGoal> {
        let mut out = Vec::new();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        for (i, g) in self.goals.iter().enumerate() {
            let n = i + 1;
            let code = g.code.trim();
            let text = g.text.trim();
            if code.is_empty() && text.is_empty() {
                // An empty row of the form: no goal.
                continue;
            }
            let level = if code.is_empty() {
                match GoalLevel::from_code(g.level.trim()) {
                    Some(l) => Some(l),
                    None => {
                        e.push(
                            format!("mal.{n}.niva"),
                            format!("Velg nivået for det nye målet: {}.", GoalLevel::expected()),
                        );
                        None
                    }
                }
            } else {
                match ctx.goals.iter().find(|(c, _)| c == code) {
                    Some((_, l)) => Some(*l),
                    None => {
                        e.push(
                            format!("mal.{n}.tekst"),
                            format!("Programmet har ikke noe mål med koden «{code}». La koden stå tom for et nytt mål."),
                        );
                        None
                    }
                }
            };
            if !code.is_empty() && !seen.insert(code.to_string()) {
                e.push(
                    format!("mal.{n}.tekst"),
                    format!("Målet «{code}» står to ganger. Skriv hvert mål én gang."),
                );
                continue;
            }
            if text.is_empty() {
                e.push(
                    format!("mal.{n}.tekst"),
                    "Skriv målets tekst, eller fjern målet.".to_string(),
                );
            }
            crate::limits::check(
                e,
                &format!("mal.{n}.tekst"),
                "Målets tekst",
                text,
                crate::limits::NOTE,
            );
            if let Some(level) = level {
                out.push(EditedGoal {
                    code: (!code.is_empty()).then(|| code.to_string()),
                    level,
                    text: text.to_string(),
                });
            }
        }
        for single in [GoalLevel::Vision, GoalLevel::MainGoal] {
            if out.iter().filter(|g| g.level == single).count() > 1 {
                e.push(
                    "mal",
                    format!(
                        "Et program har høyst én {}. Slå dem sammen eller fjern den ene.",
                        single.label().to_lowercase()
                    ),
                );
            }
        }
        for (code, _) in ctx.goals {
            if seen.contains(code) {
                continue;
            }
            if let Some(why) = ctx.references.blocks_removal(code) {
                e.push(format!("mal.{code}"), why);
            }
        }
        out
    }
}

/// The code a new goal gets: never one the programme has or had (`taken`: the stored goals'
/// codes, the retired codes and those given earlier in the same edit). The vision is `visjon`,
/// the main goal `hovedmal`, sub-goals `delmal-N` and result goals `resultat-N`, N one past
/// the highest used.
pub fn new_goal_code(level: GoalLevel, taken: &BTreeSet<String>) -> String {
    let (base, numbered_from_start) = match level {
        GoalLevel::Vision => ("visjon", false),
        GoalLevel::MainGoal => ("hovedmal", false),
        GoalLevel::SubGoal => ("delmal", true),
        GoalLevel::ResultGoal => ("resultat", true),
    };
    if !numbered_from_start && !taken.contains(base) {
        return base.to_string();
    }
    let prefix = format!("{base}-");
    let highest = taken
        .iter()
        .filter_map(|c| c.strip_prefix(&prefix)?.parse::<u32>().ok())
        .max()
        .unwrap_or(if numbered_from_start { 0 } else { 1 });
    format!("{base}-{}", highest + 1)
}

/// The goal above a goal, as the programmes are loaded: the main goal hangs under the vision,
/// the sub-goals and result goals under the main goal (or the vision without one).
pub fn parent_code<'a>(
    level: GoalLevel,
    vision: Option<&'a str>,
    main_goal: Option<&'a str>,
) -> Option<&'a str> {
    match level {
        GoalLevel::Vision => None,
        GoalLevel::MainGoal => vision,
        GoalLevel::SubGoal | GoalLevel::ResultGoal => main_goal.or(vision),
    }
}

/// A participant as typed when it is added.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct ParticipantInput {
    pub kommunenummer: String,
    pub municipality: String,
    /// A city's district («Alna»), or empty.
    pub district: String,
    pub pool_year: String,
    pub planned_end_year: String,
    pub contact_adviser: String,
}

/// A checked new participant, with warnings that do not stop it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewParticipant {
    pub kommunenummer: Kommunenummer,
    pub municipality: String,
    pub district: Option<String>,
    pub pool_year: i32,
    pub planned_end_year: Option<i32>,
    pub contact_adviser: String,
    /// «Planlagt deltakelse er 7 år …»: shown, never refused.
    pub warnings: Vec<String>,
}

impl NewParticipant {
    /// «Bærum», «Oslo bydel Alna», as the programmes write a participant.
    pub fn name(&self) -> String {
        match &self.district {
            Some(d) => format!("{} bydel {d}", self.municipality),
            None => self.municipality.clone(),
        }
    }
}

/// A participant's row as changed: pool year, planned end year, contact adviser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantChange {
    pub pool_year: i32,
    pub planned_end_year: Option<i32>,
    pub contact_adviser: String,
    pub warnings: Vec<String>,
}

/// How many years a participant is meant to take part when the programme does not say.
pub const USUAL_YEARS: (u32, u32) = (3, 5);

/// Checks pool year, planned end year and contact adviser (fields `pulje`, `slutt`,
/// `kontaktradgiver`) against the programme's period, and warns about a planned length outside
/// `years` (min, max).
fn check_row(
    e: &mut FieldErrors,
    pool: &str,
    end: &str,
    adviser: &str,
    period: YearRange,
    years: (u32, u32),
) -> (Option<i32>, Option<i32>, Vec<String>) {
    let last = period.end.map_or(String::new(), |y| y.to_string());
    let within = |y: i32| y >= period.start && period.end.is_none_or(|en| y <= en);
    let pool_year = if pool.trim().is_empty() {
        e.push(
            "pulje",
            format!(
                "Skriv året kommunen ble tatt opp i programmet (puljen), for eksempel {}.",
                period.start
            ),
        );
        None
    } else {
        match parse_year(pool) {
            Ok(y) if within(y) => Some(y),
            Ok(y) => {
                e.push(
                    "pulje",
                    format!("Puljeåret {y} er utenfor programperioden {}–{last}. Skriv et år i perioden.", period.start),
                );
                None
            }
            Err(m) => {
                e.push("pulje", format!("Pulje: {m}"));
                None
            }
        }
    };
    let end_year = if end.trim().is_empty() {
        None
    } else {
        match parse_year(end) {
            Ok(y) => Some(y),
            Err(m) => {
                e.push("slutt", format!("Planlagt slutt: {m}"));
                None
            }
        }
    };
    let mut warnings = Vec::new();
    if let (Some(p), Some(en)) = (pool_year, end_year) {
        if en < p {
            e.push(
                "slutt",
                format!(
                    "Planlagt slutt ({en}) er før puljeåret ({p}). Skriv et år fra og med {p}."
                ),
            );
        } else {
            let length = (en - p + 1) as u32;
            if length < years.0 || length > years.1 {
                warnings.push(format!(
                    "Planlagt deltakelse er {} ({p}–{en}); programmet regner med {}–{} år. Sjekk at sluttåret stemmer.",
                    norwegian::count(length as i64, "år", "år"),
                    years.0,
                    years.1
                ));
            }
        }
    }
    crate::limits::check(
        e,
        "kontaktradgiver",
        "Kontaktrådgiver",
        adviser.trim(),
        crate::limits::NAME,
    );
    (pool_year, end_year, warnings)
}

impl ParticipantInput {
    /// Checks every field: `kommunenummer` (the domain's [`Kommunenummer`]), `kommune`,
    /// `bydel`, `pulje`, `slutt`, `kontaktradgiver`.
    pub fn validate(
        &self,
        period: YearRange,
        years: Option<(u32, u32)>,
    ) -> Result<NewParticipant, FieldErrors> {
        let mut e = FieldErrors::new();
        let k = if self.kommunenummer.trim().is_empty() {
            e.push(
                "kommunenummer",
                "Skriv kommunenummeret med 4 siffer, for eksempel 0219 for Bærum.",
            );
            None
        } else {
            match Kommunenummer::parse(&self.kommunenummer) {
                Ok(k) => Some(k),
                Err(m) => {
                    e.push("kommunenummer", m);
                    None
                }
            }
        };
        if self.municipality.trim().is_empty() {
            e.push("kommune", "Skriv kommunens navn, for eksempel Bærum.");
        }
        crate::limits::check(
            &mut e,
            "kommune",
            "Kommune",
            self.municipality.trim(),
            crate::limits::NAME,
        );
        crate::limits::check(
            &mut e,
            "bydel",
            "Bydel",
            self.district.trim(),
            crate::limits::NAME,
        );
        let (pool, end, warnings) = check_row(
            &mut e,
            &self.pool_year,
            &self.planned_end_year,
            &self.contact_adviser,
            period,
            years.unwrap_or(USUAL_YEARS),
        );
        if !e.is_empty() {
            return Err(e);
        }
        Ok(NewParticipant {
            kommunenummer: k.expect("checked"),
            municipality: self.municipality.trim().to_string(),
            district: Some(self.district.trim().to_string()).filter(|d| !d.is_empty()),
            pool_year: pool.expect("checked"),
            planned_end_year: end,
            contact_adviser: self.contact_adviser.trim().to_string(),
            warnings,
        })
    }

    /// Checks the fields of a participant's row that can change afterwards (pool year,
    /// planned end year, contact adviser); the rest of the input is not read.
    pub fn validate_change(
        &self,
        period: YearRange,
        years: Option<(u32, u32)>,
    ) -> Result<ParticipantChange, FieldErrors> {
        let mut e = FieldErrors::new();
        let (pool, end, warnings) = check_row(
            &mut e,
            &self.pool_year,
            &self.planned_end_year,
            &self.contact_adviser,
            period,
            years.unwrap_or(USUAL_YEARS),
        );
        if !e.is_empty() {
            return Err(e);
        }
        Ok(ParticipantChange {
            pool_year: pool.expect("checked"),
            planned_end_year: end,
            contact_adviser: self.contact_adviser.trim().to_string(),
            warnings,
        })
    }
}

/// What is recorded for a participant beyond its first phase: while anything is, it cannot be
/// removed (it is phased out instead).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Recorded {
    /// Phase transitions after «søknad og opptak».
    pub later_phases: usize,
    /// Sub-projects and measures in its plan, planning deliverables and checklist marks.
    pub plan_lines: usize,
    pub meetings: usize,
    /// Grant rows (per year).
    pub grants: usize,
}

impl Recorded {
    /// What is recorded, one line each; empty when the participant may be removed.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.later_phases > 0 {
            out.push(format!(
                "{} etter {}",
                norwegian::count(self.later_phases as i64, "faseovergang", "faseoverganger"),
                Phase::Application.label().to_lowercase()
            ));
        }
        if self.plan_lines > 0 {
            out.push(format!(
                "{} i planen (tiltak, leveranser eller sjekkliste)",
                norwegian::count(self.plan_lines as i64, "linje", "linjer")
            ));
        }
        if self.meetings > 0 {
            out.push(norwegian::count(
                self.meetings as i64,
                "statusmøte",
                "statusmøter",
            ));
        }
        if self.grants > 0 {
            out.push(format!(
                "{} per år",
                norwegian::count(self.grants as i64, "tilskudd", "tilskudd")
            ));
        }
        out
    }

    pub fn may_remove(&self) -> bool {
        self.lines().is_empty()
    }

    /// Why it cannot be removed, pointing to the phasing-out phase.
    pub fn refusal(&self) -> Option<String> {
        let lines = self.lines();
        (!lines.is_empty()).then(|| {
            format!(
                "Deltakeren kan ikke fjernes, for det er registrert {}. Før deltakeren over i fasen «{}» i stedet.",
                norwegian::list(&lines, "og"),
                Phase::PhasingOut.label().to_lowercase()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx<'a>(
        offices: &'a [String],
        goals: &'a [(String, GoalLevel)],
        refs: &'a GoalReferences,
        admin: bool,
    ) -> EditContext<'a> {
        EditContext {
            known_offices: offices,
            current_offices: &offices[..1],
            may_change_offices: admin,
            goals,
            references: refs,
        }
    }

    fn input() -> ProgrammeInput {
        ProgrammeInput {
            programme_type: "utviklingsprogram".into(),
            offices: vec!["ost".into()],
            budget_total: "100 000 000".into(),
            budget_total_precision: "approximately".into(),
            budget_support: "92000000".into(),
            budget_support_precision: "approximately".into(),
            start_year: "2009".into(),
            end_year: "2017".into(),
            coordinator: "Kari Nordmann".into(),
            goals: vec![
                GoalInput {
                    code: "visjon".into(),
                    level: String::new(),
                    text: "Alle skal bo godt".into(),
                },
                GoalInput {
                    code: String::new(),
                    level: "resultatmal".into(),
                    text: "Færre bostedsløse".into(),
                },
            ],
        }
    }

    #[test]
    fn an_edit_keeps_codes_checks_every_field_and_only_an_admin_moves_offices() {
        let offices = vec!["ost".to_string(), "vest".to_string()];
        let goals = vec![
            ("visjon".to_string(), GoalLevel::Vision),
            ("resultat-1".to_string(), GoalLevel::ResultGoal),
        ];
        let mut refs = GoalReferences::default();
        let edit = input()
            .validate(&ctx(&offices, &goals, &refs, false))
            .unwrap();
        assert_eq!(edit.budget.total, BudgetFigure::Approximately(100_000_000));
        assert_eq!(edit.goals[0].code.as_deref(), Some("visjon"));
        assert_eq!(edit.goals[1].code, None);

        let mut bad = input();
        bad.offices = vec!["vest".into()];
        bad.budget_support = "200000000".into();
        bad.start_year = "20x9".into();
        bad.programme_type = "bolig".into();
        let e = bad
            .validate(&ctx(&offices, &goals, &refs, false))
            .unwrap_err();
        assert!(e.get("kontorer").unwrap().contains("Bare en administrator"));
        assert!(e.get("prosjektstotte").unwrap().contains("større enn"));
        assert!(e.get("start").unwrap().contains("«20x9»"));
        assert!(e.get("type").unwrap().contains("«bolig»"));
        assert!(bad.validate(&ctx(&offices, &goals, &refs, true)).is_err());
        let mut moved = input();
        moved.offices = vec!["vest".into()];
        assert!(moved.validate(&ctx(&offices, &goals, &refs, true)).is_ok());

        // resultat-1 is left out: removed, unless something points to it.
        refs.add("resultat-1", "tiltaket «Boveiledning» hos Bærum");
        let e = input()
            .validate(&ctx(&offices, &goals, &refs, false))
            .unwrap_err();
        let m = e.get("mal.resultat-1").unwrap();
        assert!(m.contains("tiltaket «Boveiledning» hos Bærum"), "{m}");
    }

    #[test]
    fn new_codes_are_never_reused() {
        let taken: BTreeSet<String> = ["visjon", "resultat-1", "resultat-3", "delmal-1"]
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(new_goal_code(GoalLevel::ResultGoal, &taken), "resultat-4");
        assert_eq!(new_goal_code(GoalLevel::SubGoal, &taken), "delmal-2");
        assert_eq!(new_goal_code(GoalLevel::MainGoal, &taken), "hovedmal");
        assert_eq!(new_goal_code(GoalLevel::Vision, &taken), "visjon-2");
    }

    #[test]
    fn a_participant_is_checked_and_an_odd_length_only_warned_about() {
        let period = YearRange {
            start: 2009,
            end: Some(2017),
        };
        let p = ParticipantInput {
            kommunenummer: "0219".into(),
            municipality: "Bærum".into(),
            district: String::new(),
            pool_year: "2010".into(),
            planned_end_year: "2016".into(),
            contact_adviser: "Ola".into(),
        };
        let ok = p.validate(period, None).unwrap();
        assert_eq!(ok.name(), "Bærum");
        assert!(ok.warnings[0].contains("7 år"), "{:?}", ok.warnings);
        let bad = ParticipantInput {
            kommunenummer: "219".into(),
            pool_year: "2020".into(),
            ..p
        };
        let e = bad.validate(period, None).unwrap_err();
        assert!(e.get("kommunenummer").unwrap().contains("4 siffer"));
        assert!(e.get("pulje").unwrap().contains("utenfor programperioden"));
    }

    #[test]
    fn a_participant_with_records_is_not_removed() {
        assert!(Recorded::default().may_remove());
        let r = Recorded {
            meetings: 2,
            grants: 1,
            ..Recorded::default()
        };
        let why = r.refusal().unwrap();
        assert!(why.contains("2 statusmøter og 1 tilskudd per år"), "{why}");
        assert!(why.contains("utfasing og avslutning"), "{why}");
    }
}

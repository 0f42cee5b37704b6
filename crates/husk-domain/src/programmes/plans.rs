//! A participant's programme plan: its sub-projects and measures, each linked to the goals it
//! serves, with owner, period, status and whether it has moved into ordinary operation («ut i
//! linje og inn i driften», seed 003); and seed 002's checklist a–k for a comprehensive
//! municipal plan, ticked per plan with comments.

use super::definition::{Goal, GoalHierarchy, GoalLevel};
use crate::limits;
use crate::norwegian::{count, format_date, list, parse_date};
use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

/// Seed 002's checklist for a comprehensive municipal social housing plan (ch. 8), a–k.
pub const PLAN_CHECKLIST_CSV: &str = include_str!("../../../../data/reference/plan_checklist.csv");

code_enum!(
    /// Whether a line of the plan is a sub-project or a measure.
    MeasureKind {
        Subproject = "delprosjekt", "Delprosjekt";
        Measure = "tiltak", "Tiltak";
    }
    expected "delprosjekt eller tiltak"
);

code_enum!(
    /// A measure's status without its details, for forms and counts.
    MeasureState {
        Planned = "planlagt", "Planlagt";
        Started = "startet", "Startet";
        Postponed = "utsatt", "Utsatt";
        Done = "gjennomfort", "Gjennomført";
        Dropped = "avbrutt", "Avbrutt";
    }
    expected "planlagt, startet, utsatt, gjennomfort eller avbrutt"
);

/// Where a measure stands. A postponed measure always says why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status")]
pub enum MeasureStatus {
    #[serde(rename = "planlagt")]
    Planned,
    #[serde(rename = "startet")]
    Started,
    #[serde(rename = "utsatt")]
    Postponed { reason: String },
    #[serde(rename = "gjennomfort")]
    Done,
    #[serde(rename = "avbrutt")]
    Dropped,
}

impl MeasureStatus {
    pub fn state(&self) -> MeasureState {
        match self {
            MeasureStatus::Planned => MeasureState::Planned,
            MeasureStatus::Started => MeasureState::Started,
            MeasureStatus::Postponed { .. } => MeasureState::Postponed,
            MeasureStatus::Done => MeasureState::Done,
            MeasureStatus::Dropped => MeasureState::Dropped,
        }
    }

    /// «Utsatt: Venter på budsjettvedtaket», «Startet».
    pub fn label(&self) -> String {
        match self {
            MeasureStatus::Postponed { reason } => format!("Utsatt: {reason}"),
            other => other.state().label().to_string(),
        }
    }

    /// Whether the measure is finished one way or the other (done or dropped).
    pub fn is_closed(&self) -> bool {
        matches!(self, MeasureStatus::Done | MeasureStatus::Dropped)
    }
}

/// How a line of a plan enters the knowledge matrix: the themes and target groups its
/// register entry gets (optional on the measure form), as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineClassification {
    pub themes: Vec<String>,
    pub target_groups: Vec<String>,
}

impl LineClassification {
    /// The codes, each read as its code or label ([`crate::codes::CodeList`]); an unknown one
    /// is reported at `tema` or `malgruppe`, naming the field.
    pub fn validate(&self, tax: &crate::Taxonomy) -> Result<LineClassification, FieldErrors> {
        use crate::codes::{CodeList, Coded};
        let mut e = FieldErrors::new();
        let mut check = |field: &str, label: &str, coded: Coded, raw: &[String]| {
            let codes = CodeList::of(coded, tax);
            let (found, unknown) = codes.resolve_list(raw);
            if !unknown.is_empty() {
                let m: Vec<String> = unknown.iter().map(|u| codes.unknown_message(u)).collect();
                e.push(field, format!("{label}: {}", m.join(" ")));
            }
            found
        };
        let themes = check("tema", "Kunnskapstema", Coded::Theme, &self.themes);
        let target_groups = check(
            "malgruppe",
            "Målgruppe",
            Coded::TargetGroup,
            &self.target_groups,
        );
        e.into_result(LineClassification {
            themes,
            target_groups,
        })
    }
}

impl Measure {
    /// The kind of register entry the line is: a sub-project a project, a measure a measure.
    pub fn entry_kind(&self) -> crate::Kind {
        match self.kind {
            MeasureKind::Subproject => crate::Kind::Prosjekt,
            MeasureKind::Measure => crate::Kind::Tiltak,
        }
    }

    /// The register's status for the line's entry: planned and postponed are planned, started
    /// is active, done is ended, dropped is dropped.
    pub fn entry_status(&self) -> crate::Status {
        match self.status {
            MeasureStatus::Planned | MeasureStatus::Postponed { .. } => crate::Status::Planlagt,
            MeasureStatus::Started => crate::Status::Aktiv,
            MeasureStatus::Done => crate::Status::Avsluttet,
            MeasureStatus::Dropped => crate::Status::Avbrutt,
        }
    }
}

/// A sub-project or measure as typed in a form: every field raw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeasureInput {
    pub id: String,
    pub kind: String,
    pub title: String,
    /// The codes of the goals it serves.
    pub goals: Vec<String>,
    pub owner: String,
    pub start: String,
    pub end: String,
    pub status: String,
    pub postponed_reason: String,
    pub in_ordinary_operation: bool,
}

/// A sub-project or measure in a participant's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    /// A key the store gives it, stable across edits.
    pub id: String,
    pub kind: MeasureKind,
    pub title: String,
    /// The codes of the goals it serves, in the goal hierarchy's order.
    pub goals: Vec<String>,
    /// Who is responsible (a person, a unit).
    pub owner: String,
    #[serde(with = "super::iso")]
    pub start: Date,
    /// Its planned end.
    #[serde(with = "super::iso")]
    pub end: Date,
    pub status: MeasureStatus,
    /// Moved «ut i linje og inn i driften»: part of the municipality's ordinary operation.
    pub in_ordinary_operation: bool,
}

impl MeasureInput {
    /// Checks every field, against the programme's goals for the goal codes, and lists every
    /// problem.
    pub fn validate(&self, goals: &GoalHierarchy) -> Result<Measure, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = match MeasureKind::from_code(&self.kind) {
            Some(k) => Some(k),
            None => {
                e.push(
                    "type",
                    format!("Velg om linjen i planen er et {}.", MeasureKind::expected()),
                );
                None
            }
        };
        let title = self.title.trim().to_string();
        if title.is_empty() {
            e.push(
                "title",
                "Tittelen mangler. Skriv hva delprosjektet eller tiltaket heter.",
            );
        } else {
            limits::check(&mut e, "title", "Tittel", &title, limits::PROJECT_TITLE);
        }
        let owner = self.owner.trim().to_string();
        if owner.is_empty() {
            e.push(
                "ansvarlig",
                "Skriv hvem som er ansvarlig, en person eller en enhet.",
            );
        } else {
            limits::check(&mut e, "ansvarlig", "Ansvarlig", &owner, limits::NAME);
        }

        let mut codes: Vec<&str> = self
            .goals
            .iter()
            .map(|g| g.trim())
            .filter(|g| !g.is_empty())
            .collect();
        let unknown: Vec<String> = codes
            .iter()
            .filter(|c| goals.get(c).is_none())
            .map(|c| format!("«{c}»"))
            .collect();
        if codes.is_empty() {
            e.push(
                "mal",
                "Velg minst ett mål i programmet som tiltaket skal bidra til.",
            );
        } else if !unknown.is_empty() {
            e.push(
                "mal",
                format!(
                    "{} {} finnes ikke i programmets målhierarki. Velg blant {}.",
                    if unknown.len() == 1 {
                        "Målet"
                    } else {
                        "Målene"
                    },
                    list(&unknown, "og"),
                    list(&goals.codes(), "og")
                ),
            );
        }
        // In the hierarchy's order, each once.
        let order = goals.codes();
        codes.sort_by_key(|c| order.iter().position(|o| o == c));
        codes.dedup();

        let date = |e: &mut FieldErrors, field: &str, label: &str, raw: &str| {
            if raw.trim().is_empty() {
                e.push(
                    field,
                    format!("Skriv {label} som dd.mm.åååå, for eksempel 01.09.2011."),
                );
                return None;
            }
            match parse_date(raw) {
                Ok(d) => Some(d),
                Err(m) => {
                    e.push(field, format!("Sjekk {label}. {m}"));
                    None
                }
            }
        };
        let start = date(&mut e, "start", "startdatoen", &self.start);
        let end = date(&mut e, "slutt", "planlagt sluttdato", &self.end);
        if let (Some(s), Some(t)) = (start, end) {
            if t < s {
                e.push(
                    "slutt",
                    format!(
                        "Planlagt slutt {} er før start {}. Skriv en sluttdato etter startdatoen.",
                        format_date(t),
                        format_date(s)
                    ),
                );
            }
        }

        let reason = self.postponed_reason.trim().to_string();
        let status = match MeasureState::from_code(&self.status) {
            None => {
                e.push(
                    "status",
                    format!("Velg status: {}.", {
                        let labels: Vec<String> = MeasureState::ALL
                            .iter()
                            .map(|s| s.label().to_lowercase())
                            .collect();
                        list(&labels, "eller")
                    }),
                );
                None
            }
            Some(MeasureState::Postponed) if reason.is_empty() => {
                e.push("utsatt_begrunnelse", "Skriv hvorfor tiltaket er utsatt.");
                None
            }
            Some(MeasureState::Postponed) => {
                limits::check(
                    &mut e,
                    "utsatt_begrunnelse",
                    "Hvorfor tiltaket er utsatt",
                    &reason,
                    limits::NOTE,
                );
                Some(MeasureStatus::Postponed { reason })
            }
            Some(MeasureState::Planned) => Some(MeasureStatus::Planned),
            Some(MeasureState::Started) => Some(MeasureStatus::Started),
            Some(MeasureState::Done) => Some(MeasureStatus::Done),
            Some(MeasureState::Dropped) => Some(MeasureStatus::Dropped),
        };
        if self.in_ordinary_operation
            && status
                .as_ref()
                .is_some_and(|s| !matches!(s, MeasureStatus::Started | MeasureStatus::Done))
        {
            e.push(
                "i_drift",
                format!(
                    "Et tiltak som er {}, kan ikke være tatt ut i linje og inn i driften. Det må være startet eller gjennomført.",
                    status.as_ref().map_or("", |s| s.state().label()).to_lowercase()
                ),
            );
        }

        match (kind, start, end, status) {
            (Some(kind), Some(start), Some(end), Some(status)) if e.is_empty() => Ok(Measure {
                id: self.id.trim().to_string(),
                kind,
                title,
                goals: codes.into_iter().map(str::to_string).collect(),
                owner,
                start,
                end,
                status,
                in_ordinary_operation: self.in_ordinary_operation,
            }),
            _ => Err(e),
        }
    }
}

impl Measure {
    /// Whether its planned end has passed on `today` while it is neither done nor dropped.
    pub fn is_late(&self, today: Date) -> bool {
        !self.status.is_closed() && self.end < today
    }
}

/// One item of the plan checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    /// `a` … `k`.
    pub code: String,
    pub summary: String,
}

#[derive(Deserialize)]
struct ChecklistRowRaw {
    code: String,
    summary_nb: String,
}

/// Seed 002's checklist a–k, from the file compiled in.
pub fn plan_checklist() -> Vec<ChecklistItem> {
    csv::Reader::from_reader(PLAN_CHECKLIST_CSV.as_bytes())
        .deserialize::<ChecklistRowRaw>()
        .map(|r| {
            let r = r.unwrap_or_else(|e| panic!("plan_checklist.csv is malformed: {e}"));
            ChecklistItem {
                code: r.code,
                summary: r.summary_nb,
            }
        })
        .collect()
}

/// What a plan records against one checklist item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistMark {
    pub ticked: bool,
    /// Where in the plan it is met, or why it is not (may be empty).
    pub comment: String,
}

/// One line of a plan's checklist, for a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistLine {
    pub item: ChecklistItem,
    pub ticked: bool,
    pub comment: String,
}

/// A plan's ticks and comments on the checklist, by item code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    pub marks: BTreeMap<String, ChecklistMark>,
}

impl Checklist {
    /// Ticks (or unticks) one item, with a comment.
    pub fn mark(&mut self, code: &str, ticked: bool, comment: &str) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::new();
        let code = code.trim();
        let items = plan_checklist();
        if !items.iter().any(|i| i.code == code) {
            e.push(
                "punkt",
                format!(
                    "Punktet «{code}» finnes ikke i sjekklisten. Velg et av punktene {}–{}.",
                    items.first().map_or("", |i| &i.code),
                    items.last().map_or("", |i| &i.code)
                ),
            );
        }
        let comment = comment.trim();
        limits::check(
            &mut e,
            "kommentar",
            &format!("Kommentaren til punkt {code}"),
            comment,
            limits::NOTE,
        );
        e.into_result(())?;
        self.marks.insert(
            code.to_string(),
            ChecklistMark {
                ticked,
                comment: comment.to_string(),
            },
        );
        Ok(())
    }

    /// Every item of the checklist in order, with what the plan records for it.
    pub fn lines(&self) -> Vec<ChecklistLine> {
        plan_checklist()
            .into_iter()
            .map(|item| {
                let mark = self.marks.get(&item.code).cloned().unwrap_or_default();
                ChecklistLine {
                    item,
                    ticked: mark.ticked,
                    comment: mark.comment,
                }
            })
            .collect()
    }

    pub fn ticked_count(&self) -> usize {
        self.marks.values().filter(|m| m.ticked).count()
    }

    /// «7 av 11 punkter er krysset av.»
    pub fn summary(&self) -> String {
        let total = plan_checklist().len();
        format!(
            "{} av {} er krysset av.",
            self.ticked_count(),
            count(total as i64, "punkt", "punkter")
        )
    }
}

/// A participant's programme plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantPlan {
    pub participant: String,
    pub measures: Vec<Measure>,
    pub checklist: Checklist,
}

impl ParticipantPlan {
    /// The measures serving the goal `code`.
    pub fn measures_for_goal(&self, code: &str) -> Vec<&Measure> {
        self.measures
            .iter()
            .filter(|m| m.goals.iter().any(|g| g == code))
            .collect()
    }

    /// The programme's sub-goals and result goals no measure in the plan serves.
    pub fn goals_without_measures<'g>(&self, goals: &'g GoalHierarchy) -> Vec<&'g Goal> {
        goals
            .all()
            .filter(|g| matches!(g.level, GoalLevel::SubGoal | GoalLevel::ResultGoal))
            .filter(|g| self.measures_for_goal(&g.code).is_empty())
            .collect()
    }

    /// The measures whose planned end has passed on `today` while they are open.
    pub fn late(&self, today: Date) -> Vec<&Measure> {
        self.measures.iter().filter(|m| m.is_late(today)).collect()
    }

    /// The measures moved into ordinary operation.
    pub fn in_ordinary_operation(&self) -> Vec<&Measure> {
        self.measures
            .iter()
            .filter(|m| m.in_ordinary_operation)
            .collect()
    }

    /// How many measures have each status, in the statuses' order (zeros included).
    pub fn status_counts(&self) -> Vec<(MeasureState, usize)> {
        MeasureState::ALL
            .iter()
            .map(|s| {
                (
                    *s,
                    self.measures
                        .iter()
                        .filter(|m| m.status.state() == *s)
                        .count(),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programmes::ProgrammeDefinition;
    use time::macros::date;

    fn goals() -> GoalHierarchy {
        ProgrammeDefinition::utviklingsprogram_ost().goals
    }

    fn input(title: &str, goals: &[&str], status: &str) -> MeasureInput {
        MeasureInput {
            id: "t1".into(),
            kind: "tiltak".into(),
            title: title.into(),
            goals: goals.iter().map(|g| g.to_string()).collect(),
            owner: "Boligkontoret".into(),
            start: "01.01.2011".into(),
            end: "31.12.2011".into(),
            status: status.into(),
            postponed_reason: String::new(),
            in_ordinary_operation: false,
        }
    }

    #[test]
    fn a_measure_is_linked_to_the_programmes_goal_codes() {
        let m = input(
            "Boligskole",
            &["resultat-4", "okonomisk", "resultat-4"],
            "startet",
        )
        .validate(&goals())
        .unwrap();
        assert_eq!(
            m.goals,
            ["okonomisk", "resultat-4"],
            "hierarchy order, once each"
        );
        assert_eq!(m.status, MeasureStatus::Started);

        let e = input("Boligskole", &["resultat-9", "kunnskap"], "startet")
            .validate(&goals())
            .unwrap_err();
        let message = e.get("mal").unwrap();
        assert!(
            message.starts_with("Målene «resultat-9» og «kunnskap» finnes ikke i programmets målhierarki. Velg blant visjon, hovedmal, kunnskapsrettet,"),
            "{message}"
        );
        let e = input("Boligskole", &[], "startet")
            .validate(&goals())
            .unwrap_err();
        assert_eq!(
            e.get("mal"),
            Some("Velg minst ett mål i programmet som tiltaket skal bidra til.")
        );
    }

    #[test]
    fn a_line_becomes_a_register_entry_of_its_kind_and_status() {
        let status = |raw: &str| {
            let mut i = input("Boligskole", &["resultat-4"], raw);
            i.postponed_reason = "Venter på budsjettet".into();
            i.validate(&goals()).unwrap().entry_status()
        };
        assert_eq!(status("planlagt"), crate::Status::Planlagt);
        assert_eq!(status("utsatt"), crate::Status::Planlagt);
        assert_eq!(status("startet"), crate::Status::Aktiv);
        assert_eq!(status("gjennomfort"), crate::Status::Avsluttet);
        assert_eq!(status("avbrutt"), crate::Status::Avbrutt);
        let mut i = input("Boligskole", &["resultat-4"], "startet");
        assert_eq!(
            i.validate(&goals()).unwrap().entry_kind(),
            crate::Kind::Tiltak
        );
        i.kind = "delprosjekt".into();
        assert_eq!(
            i.validate(&goals()).unwrap().entry_kind(),
            crate::Kind::Prosjekt
        );

        let tax = crate::Taxonomy::builtin();
        let theme = tax.themes[0].clone();
        let ok = LineClassification {
            themes: vec![theme.name_nb.clone()],
            target_groups: vec![],
        }
        .validate(&tax)
        .unwrap();
        assert_eq!(ok.themes, [theme.code]);
        let e = LineClassification {
            themes: vec!["ukjent-tema".into()],
            target_groups: vec!["ingen-slik".into()],
        }
        .validate(&tax)
        .unwrap_err();
        assert!(e
            .get("tema")
            .unwrap()
            .starts_with("Kunnskapstema: «ukjent-tema» er ikke"));
        assert!(e
            .get("malgruppe")
            .unwrap()
            .starts_with("Målgruppe: «ingen-slik» er ikke"));
    }

    #[test]
    fn a_postponed_measure_needs_a_reason_and_every_problem_is_listed() {
        let mut i = input("", &["resultat-1"], "utsatt");
        i.owner.clear();
        i.end = "01.06.2010".into();
        i.kind = "prosjekt".into();
        let e = i.validate(&goals()).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["type", "title", "ansvarlig", "slutt", "utsatt_begrunnelse"]
        );
        assert_eq!(
            e.get("slutt"),
            Some("Planlagt slutt 01.06.2010 er før start 01.01.2011. Skriv en sluttdato etter startdatoen.")
        );
        assert_eq!(
            e.get("utsatt_begrunnelse"),
            Some("Skriv hvorfor tiltaket er utsatt.")
        );
        for m in e.iter() {
            assert_eq!(
                crate::norwegian::message_fault(&m.message),
                None,
                "{}",
                m.message
            );
        }

        let mut i = input("Boligsosial handlingsplan", &["resultat-2"], "utsatt");
        i.postponed_reason = " Venter på kommunevalget. ".into();
        let m = i.validate(&goals()).unwrap();
        assert_eq!(
            m.status,
            MeasureStatus::Postponed {
                reason: "Venter på kommunevalget.".into()
            }
        );
        assert_eq!(m.status.label(), "Utsatt: Venter på kommunevalget.");
    }

    #[test]
    fn only_a_started_or_done_measure_can_move_into_ordinary_operation() {
        let mut i = input("Boligkontor", &["organisatorisk"], "planlagt");
        i.in_ordinary_operation = true;
        let e = i.validate(&goals()).unwrap_err();
        assert_eq!(
            e.get("i_drift"),
            Some("Et tiltak som er planlagt, kan ikke være tatt ut i linje og inn i driften. Det må være startet eller gjennomført.")
        );
        i.status = "gjennomfort".into();
        assert!(i.validate(&goals()).unwrap().in_ordinary_operation);
    }

    #[test]
    fn the_plan_shows_goals_without_measures_late_measures_and_what_is_in_operation() {
        let g = goals();
        let mut done = input(
            "Boligkontor",
            &["organisatorisk", "resultat-3"],
            "gjennomfort",
        );
        done.in_ordinary_operation = true;
        let plan = ParticipantPlan {
            participant: "Lørenskog".into(),
            measures: vec![
                done.validate(&g).unwrap(),
                input("Foranalyse", &["kunnskapsrettet", "resultat-1"], "startet")
                    .validate(&g)
                    .unwrap(),
                input("Startlån", &["resultat-4"], "avbrutt")
                    .validate(&g)
                    .unwrap(),
            ],
            checklist: Checklist::default(),
        };
        let uncovered: Vec<&str> = plan
            .goals_without_measures(&g)
            .iter()
            .map(|g| g.code.as_str())
            .collect();
        assert_eq!(uncovered, ["okonomisk", "resultat-2", "resultat-5"]);
        let late: Vec<&str> = plan
            .late(date!(2012 - 01 - 01))
            .iter()
            .map(|m| m.title.as_str())
            .collect();
        assert_eq!(
            late,
            ["Foranalyse"],
            "done and dropped measures are never late"
        );
        assert!(
            plan.late(date!(2011 - 12 - 31)).is_empty(),
            "the last day is not late"
        );
        assert_eq!(plan.in_ordinary_operation().len(), 1);
        assert_eq!(
            plan.status_counts(),
            [
                (MeasureState::Planned, 0),
                (MeasureState::Started, 1),
                (MeasureState::Postponed, 0),
                (MeasureState::Done, 1),
                (MeasureState::Dropped, 1)
            ]
        );
    }

    #[test]
    fn the_checklist_a_to_k_is_ticked_per_plan_with_comments() {
        let items = plan_checklist();
        assert_eq!(items.len(), 11);
        assert_eq!(items[0].code, "a");
        assert_eq!(items[0].summary, "Planen er forankret i kommuneplanen");
        assert_eq!(items[10].code, "k");

        let mut c = Checklist::default();
        assert_eq!(c.summary(), "0 av 11 punkter er krysset av.");
        c.mark("a", true, " Vedtatt i kommuneplanens samfunnsdel. ")
            .unwrap();
        c.mark("j", false, "Ikke aktuelt ennå.").unwrap();
        assert_eq!(c.summary(), "1 av 11 punkter er krysset av.");
        let lines = c.lines();
        assert!(lines[0].ticked);
        assert_eq!(lines[0].comment, "Vedtatt i kommuneplanens samfunnsdel.");
        assert!(!lines[9].ticked);
        assert_eq!(lines[9].comment, "Ikke aktuelt ennå.");
        assert!(!lines[1].ticked && lines[1].comment.is_empty());

        let e = c
            .mark("l", true, &"x".repeat(limits::NOTE + 1))
            .unwrap_err();
        assert_eq!(
            e.get("punkt"),
            Some("Punktet «l» finnes ikke i sjekklisten. Velg et av punktene a–k.")
        );
        assert!(e.get("kommentar").unwrap().contains("høyst 1 000 tegn"));
        assert_eq!(c.ticked_count(), 1, "a refused mark changes nothing");
    }
}

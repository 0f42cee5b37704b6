//! A participant's way through a programme: søknad og opptak → oppstart → program- og planfase
//! → gjennomføringsfase → utfasing og avslutning (seed 003).
//!
//! The rule ([`PhaseHistory::transition`]):
//!
//! - a participant moves **one phase forward at a time**, each move dated, with who recorded it
//!   and why;
//! - it leaves the **programme and planning phase** (or passes it) only when everything the
//!   phase delivers is recorded ([`PlanDeliverables`]): the pre-analysis, Husbanken's fact
//!   sheet, the programme organisation (owner, steering group, programme group, programme
//!   leader), the programme plan with its activity plan adopted politically (date and body), and
//!   anchoring in the master plan, the economic plan and the budget;
//! - any other move (skipping a phase, going back to correct a mistake or to redo a plan,
//!   registering a participant who is already in a later phase when Husk takes over its
//!   follow-up, leaving the planning phase with deliverables missing) is an **override**: only
//!   an administrator may make it, and only with a reason, which is kept with the move together
//!   with the rules it set aside.
//!
//! Who is late ([`lateness`]): a participant whose planned end has passed before it reached the
//! last phase, or who has stayed in one phase longer than a given number of months.

use super::months_between;
use crate::norwegian::{format_date, list};
use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};
use time::Date;

code_enum!(
    /// The phases of a programme, in order.
    Phase {
        Application = "soknad-og-opptak", "Søknad og opptak";
        StartUp = "oppstart", "Oppstart";
        Planning = "program-og-planfase", "Program- og planfase";
        Implementation = "gjennomforingsfase", "Gjennomføringsfase";
        PhasingOut = "utfasing-og-avslutning", "Utfasing og avslutning";
    }
    expected "soknad-og-opptak, oppstart, program-og-planfase, gjennomforingsfase eller utfasing-og-avslutning"
);

impl Phase {
    pub fn index(self) -> usize {
        Phase::ALL.iter().position(|p| *p == self).expect("in ALL")
    }
    pub fn next(self) -> Option<Phase> {
        Phase::ALL.get(self.index() + 1).copied()
    }
    pub fn is_last(self) -> bool {
        self.next().is_none()
    }
    /// The phase in a sentence: «program- og planfasen», «oppstartsfasen».
    pub fn in_sentence(self) -> &'static str {
        match self {
            Phase::Application => "søknads- og opptaksfasen",
            Phase::StartUp => "oppstartsfasen",
            Phase::Planning => "program- og planfasen",
            Phase::Implementation => "gjennomføringsfasen",
            Phase::PhasingOut => "utfasings- og avslutningsfasen",
        }
    }
}

code_enum!(
    /// What the programme and planning phase delivers (seed 003).
    Deliverable {
        PreAnalysis = "foranalyse", "Foranalyse (kartlegging av status og utfordringer)";
        FactSheet = "faktaark", "Faktaark fra Husbanken";
        Organisation = "programorganisering", "Programorganisering";
        ProgrammePlan = "programplan", "Programplan med aktivitetsplan vedtatt politisk";
        Anchoring = "forankring", "Forankring i kommuneplan, økonomiplan og budsjett";
    }
    expected "foranalyse, faktaark, programorganisering, programplan eller forankring"
);

impl Deliverable {
    /// Reads the label as a programme file writes it, in any case, or the code.
    pub fn from_label(s: &str) -> Option<Deliverable> {
        let s = s.trim().to_lowercase();
        Deliverable::ALL
            .iter()
            .copied()
            .find(|d| d.label().to_lowercase() == s || d.code() == s)
    }
}

/// Who runs the programme in the municipality.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeOrganisation {
    pub owner: String,
    pub steering_group: String,
    pub programme_group: String,
    pub programme_leader: String,
}

/// The programme plan and its political adoption.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammePlanAdoption {
    pub has_activity_plan: bool,
    /// The date the plan was adopted politically.
    #[serde(with = "super::iso::option")]
    pub adopted: Option<Date>,
    /// The body that adopted it («kommunestyret», «formannskapet»).
    pub body: String,
}

/// Where the programme is anchored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchoring {
    pub master_plan: bool,
    pub economic_plan: bool,
    pub budget: bool,
}

/// What a participant has recorded of the planning phase's deliverables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanDeliverables {
    /// The date the pre-analysis was finished.
    #[serde(with = "super::iso::option")]
    pub pre_analysis: Option<Date>,
    /// The date Husbanken delivered its fact sheet.
    #[serde(with = "super::iso::option")]
    pub fact_sheet: Option<Date>,
    pub organisation: ProgrammeOrganisation,
    pub programme_plan: ProgrammePlanAdoption,
    pub anchoring: Anchoring,
}

impl PlanDeliverables {
    /// What is missing of the `required` deliverables: one sentence per deliverable, saying
    /// what to record, under the field `leveranser.<code>`.
    pub fn missing(&self, required: &[Deliverable]) -> FieldErrors {
        let mut e = FieldErrors::new();
        for d in required {
            let field = format!("leveranser.{}", d.code());
            match d {
                Deliverable::PreAnalysis if self.pre_analysis.is_none() => e.push(
                    field,
                    "Foranalysen (kartlegging av status og utfordringer) er ikke registrert. Skriv datoen den ble ferdig.",
                ),
                Deliverable::FactSheet if self.fact_sheet.is_none() => e.push(
                    field,
                    "Faktaarket fra Husbanken er ikke registrert. Skriv datoen det ble levert.",
                ),
                Deliverable::Organisation => {
                    let o = &self.organisation;
                    let parts: Vec<&str> = [
                        (&o.owner, "programeier"),
                        (&o.steering_group, "styringsgruppe"),
                        (&o.programme_group, "programgruppe"),
                        (&o.programme_leader, "programleder"),
                    ]
                    .iter()
                    .filter(|(v, _)| v.trim().is_empty())
                    .map(|(_, name)| *name)
                    .collect();
                    if !parts.is_empty() {
                        e.push(
                            field,
                            format!(
                                "Programorganiseringen mangler {}. Skriv hvem som har {}.",
                                list(&parts, "og"),
                                if parts.len() == 1 { "rollen" } else { "rollene" }
                            ),
                        );
                    }
                }
                Deliverable::ProgrammePlan => {
                    let p = &self.programme_plan;
                    let mut parts = Vec::new();
                    if !p.has_activity_plan {
                        parts.push("aktivitetsplan");
                    }
                    if p.adopted.is_none() {
                        parts.push("datoen for det politiske vedtaket");
                    }
                    if p.body.trim().is_empty() {
                        parts.push("organet som vedtok den");
                    }
                    if !parts.is_empty() {
                        e.push(
                            field,
                            format!("Programplanen mangler {}.", list(&parts, "og")),
                        );
                    }
                }
                Deliverable::Anchoring => {
                    let a = self.anchoring;
                    let parts: Vec<&str> = [
                        (a.master_plan, "kommuneplanen"),
                        (a.economic_plan, "økonomiplanen"),
                        (a.budget, "budsjettet"),
                    ]
                    .iter()
                    .filter(|(done, _)| !done)
                    .map(|(_, name)| *name)
                    .collect();
                    if !parts.is_empty() {
                        e.push(
                            field,
                            format!(
                                "Programmet er ikke registrert som forankret i {}. Kryss av når det er forankret der.",
                                list(&parts, "og")
                            ),
                        );
                    }
                }
                _ => {}
            }
        }
        e
    }
}

/// The planning phase's deliverables as typed in a form: dates raw, names as typed. Anything
/// may be left empty (what is missing is [`PlanDeliverables::missing`]'s to say); what is
/// typed must be a date or within its length limit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeliverablesInput {
    pub pre_analysis: String,
    pub fact_sheet: String,
    pub owner: String,
    pub steering_group: String,
    pub programme_group: String,
    pub programme_leader: String,
    pub has_activity_plan: bool,
    pub adopted: String,
    pub adopted_by: String,
    pub master_plan: bool,
    pub economic_plan: bool,
    pub budget: bool,
}

impl DeliverablesInput {
    /// The recorded deliverables as a form shows them again.
    pub fn from_recorded(d: &PlanDeliverables) -> DeliverablesInput {
        let date = |d: Option<Date>| d.map(format_date).unwrap_or_default();
        DeliverablesInput {
            pre_analysis: date(d.pre_analysis),
            fact_sheet: date(d.fact_sheet),
            owner: d.organisation.owner.clone(),
            steering_group: d.organisation.steering_group.clone(),
            programme_group: d.organisation.programme_group.clone(),
            programme_leader: d.organisation.programme_leader.clone(),
            has_activity_plan: d.programme_plan.has_activity_plan,
            adopted: date(d.programme_plan.adopted),
            adopted_by: d.programme_plan.body.clone(),
            master_plan: d.anchoring.master_plan,
            economic_plan: d.anchoring.economic_plan,
            budget: d.anchoring.budget,
        }
    }

    /// Checks the dates and lengths, and lists every problem at its field (`foranalyse`,
    /// `faktaark`, `programeier`, `styringsgruppe`, `programgruppe`, `programleder`,
    /// `vedtatt`, `vedtatt_av`).
    pub fn validate(&self) -> Result<PlanDeliverables, FieldErrors> {
        let mut e = FieldErrors::new();
        let mut date = |field: &str, what: &str, raw: &str| -> Option<Date> {
            let raw = raw.trim();
            if raw.is_empty() {
                return None;
            }
            match crate::norwegian::parse_date(raw) {
                Ok(d) => Some(d),
                Err(m) => {
                    e.push(field, format!("Sjekk {what}. {m}"));
                    None
                }
            }
        };
        let pre_analysis = date(
            "foranalyse",
            "datoen foranalysen ble ferdig",
            &self.pre_analysis,
        );
        let fact_sheet = date("faktaark", "datoen faktaarket ble levert", &self.fact_sheet);
        let adopted = date(
            "vedtatt",
            "datoen for det politiske vedtaket",
            &self.adopted,
        );
        let mut text = |field: &str, label: &str, raw: &str| -> String {
            let v = raw.trim().to_string();
            crate::limits::check(&mut e, field, label, &v, crate::limits::NAME);
            v
        };
        let organisation = ProgrammeOrganisation {
            owner: text("programeier", "Programeier", &self.owner),
            steering_group: text("styringsgruppe", "Styringsgruppe", &self.steering_group),
            programme_group: text("programgruppe", "Programgruppe", &self.programme_group),
            programme_leader: text("programleder", "Programleder", &self.programme_leader),
        };
        let body = text("vedtatt_av", "Vedtatt av", &self.adopted_by);
        e.into_result(())?;
        Ok(PlanDeliverables {
            pre_analysis,
            fact_sheet,
            organisation,
            programme_plan: ProgrammePlanAdoption {
                has_activity_plan: self.has_activity_plan,
                adopted,
                body,
            },
            anchoring: Anchoring {
                master_plan: self.master_plan,
                economic_plan: self.economic_plan,
                budget: self.budget,
            },
        })
    }
}

/// Who records a move, and whether they may override the rule (an administrator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorder {
    pub name: String,
    pub is_admin: bool,
}

impl From<&crate::UserRef> for Recorder {
    fn from(u: &crate::UserRef) -> Recorder {
        Recorder {
            name: u.name.clone(),
            is_admin: u.role == crate::Role::Admin,
        }
    }
}

/// A move asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionRequest {
    pub to: Phase,
    pub date: Date,
    pub by: Recorder,
    /// Why the participant moves.
    pub reason: String,
    /// Why the rule is set aside; empty for a move that follows it. Kept only when the move
    /// needs it.
    pub override_reason: String,
}

/// An administrator's setting aside of the rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    pub reason: String,
    /// What the rule would have said, sentence by sentence.
    pub rules_set_aside: Vec<String>,
}

/// One recorded move into a phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseTransition {
    /// `None` for the first move, into the programme.
    pub from: Option<Phase>,
    pub to: Phase,
    #[serde(with = "super::iso")]
    pub date: Date,
    pub by: String,
    pub reason: String,
    pub overridden: Option<Override>,
}

/// The time a participant spent in one phase, for the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PhasePeriod {
    pub phase: Phase,
    #[serde(with = "super::iso")]
    pub from: Date,
    /// When it left the phase; `None` while it is still there.
    #[serde(with = "super::iso::option")]
    pub until: Option<Date>,
}

/// Every move of one participant, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseHistory {
    pub transitions: Vec<PhaseTransition>,
}

impl PhaseHistory {
    /// The phase the participant is in; `None` before it is registered in any.
    pub fn current(&self) -> Option<Phase> {
        self.transitions.last().map(|t| t.to)
    }

    /// The date it entered the phase it is in.
    pub fn since(&self) -> Option<Date> {
        self.transitions.last().map(|t| t.date)
    }

    /// The phases it has been in, with their dates, for the timeline.
    pub fn periods(&self) -> Vec<PhasePeriod> {
        self.transitions
            .iter()
            .enumerate()
            .map(|(i, t)| PhasePeriod {
                phase: t.to,
                from: t.date,
                until: self.transitions.get(i + 1).map(|n| n.date),
            })
            .collect()
    }

    /// Checks a move against the rule and gives the transition to record, or every reason it
    /// is refused. `deliverables` is what the participant has recorded of the planning phase;
    /// `required` the deliverables its programme asks for
    /// ([`super::ProgrammeDefinition::plan_phase_deliverables`]).
    pub fn transition(
        &self,
        request: &TransitionRequest,
        deliverables: &PlanDeliverables,
        required: &[Deliverable],
    ) -> Result<PhaseTransition, FieldErrors> {
        let mut e = FieldErrors::new();
        let from = self.current();
        let to = request.to;
        if request.by.name.trim().is_empty() {
            e.push(
                "by",
                "Det står ikke hvem som registrerer faseovergangen. Logg inn på nytt og prøv igjen.",
            );
        }
        if request.reason.trim().is_empty() {
            e.push(
                "begrunnelse",
                format!("Skriv hvorfor deltakeren går over i {}.", to.in_sentence()),
            );
        }
        if let Some(since) = self.since() {
            if request.date < since {
                e.push(
                    "dato",
                    format!(
                        "Datoen {} er før deltakeren gikk over i {} {}. Skriv en dato fra og med {}.",
                        format_date(request.date),
                        from.map_or("", |p| p.in_sentence()),
                        format_date(since),
                        format_date(since)
                    ),
                );
            }
        }

        // What the rule says about this move; an administrator's override may set it aside.
        let mut rule = FieldErrors::new();
        match from {
            Some(f) if f == to => {
                e.push(
                    "til",
                    format!("Deltakeren er allerede i {}.", to.in_sentence()),
                );
            }
            None if to != Phase::Application => rule.push(
                "til",
                format!(
                    "En ny deltaker begynner i {}, ikke i {}.",
                    Phase::Application.in_sentence(),
                    to.in_sentence()
                ),
            ),
            Some(f) if f.is_last() => rule.push(
                "til",
                format!(
                    "Deltakeren er i den siste fasen, {}, og kan ikke flyttes til {}.",
                    f.in_sentence(),
                    to.in_sentence()
                ),
            ),
            Some(f) if Some(to) != f.next() => {
                let next = f.next().expect("not last");
                let what = if to < f {
                    "Å gå tilbake til en tidligere fase"
                } else {
                    "Å hoppe over en fase"
                };
                rule.push(
                    "til",
                    format!(
                        "Deltakeren er i {} og kan bare gå videre til {}. {what} er et unntak fra regelen.",
                        f.in_sentence(),
                        next.in_sentence()
                    ),
                );
            }
            _ => {}
        }
        let leaves_planning = from.is_some_and(|f| f <= Phase::Planning) && to > Phase::Planning;
        if leaves_planning {
            let missing = deliverables.missing(required);
            if !missing.is_empty() {
                rule.push(
                    "til",
                    format!(
                        "Deltakeren kan ikke gå over i {} før det program- og planfasen skal levere, er registrert.",
                        to.in_sentence()
                    ),
                );
                rule.0.extend(missing.0);
            }
        }

        let override_reason = request.override_reason.trim();
        let overridden = if rule.is_empty() {
            None
        } else if !request.by.is_admin {
            e.0.extend(rule.0);
            if !override_reason.is_empty() {
                e.push(
                    "overstyring",
                    "Bare en administrator kan overstyre faseregelen.",
                );
            }
            None
        } else if override_reason.is_empty() {
            e.0.extend(rule.0);
            e.push(
                "overstyring",
                "Som administrator kan du overstyre regelen, men bare med en begrunnelse. Skriv hvorfor.",
            );
            None
        } else {
            Some(Override {
                reason: override_reason.to_string(),
                rules_set_aside: rule.iter().map(|r| r.message.clone()).collect(),
            })
        };

        e.into_result(())?;
        Ok(PhaseTransition {
            from,
            to,
            date: request.date,
            by: request.by.name.trim().to_string(),
            reason: request.reason.trim().to_string(),
            overridden,
        })
    }

    /// Checks the move and records it.
    pub fn record(
        &mut self,
        request: &TransitionRequest,
        deliverables: &PlanDeliverables,
        required: &[Deliverable],
    ) -> Result<&PhaseTransition, FieldErrors> {
        let t = self.transition(request, deliverables, required)?;
        self.transitions.push(t);
        Ok(self.transitions.last().expect("just pushed"))
    }
}

/// When a participant counts as late in a phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LatenessRule {
    /// The longest a participant may stay in one phase before it counts as late. The last
    /// phase has no next phase, so staying there is not late.
    pub max_months_in_phase: u32,
}

/// Why a participant is late.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Lateness {
    /// The planned end has passed, and the participant has not reached the last phase.
    PastPlannedEnd {
        #[serde(with = "super::iso")]
        planned_end: Date,
        phase: Option<Phase>,
    },
    /// It has stayed in a phase longer than the rule allows.
    TooLongInPhase {
        phase: Phase,
        #[serde(with = "super::iso")]
        since: Date,
        months: u32,
        limit: u32,
    },
}

impl Lateness {
    /// The finding in a Norwegian sentence.
    pub fn message(&self) -> String {
        match self {
            Lateness::PastPlannedEnd {
                planned_end,
                phase: Some(phase),
            } => format!(
                "Planlagt slutt var {}, men deltakeren er fortsatt i {}.",
                format_date(*planned_end),
                phase.in_sentence()
            ),
            Lateness::PastPlannedEnd {
                planned_end,
                phase: None,
            } => format!(
                "Planlagt slutt var {}, men deltakeren er ikke registrert i noen fase.",
                format_date(*planned_end)
            ),
            Lateness::TooLongInPhase {
                phase,
                since,
                months,
                limit,
            } => format!(
                "Deltakeren har vært i {} i {} måneder, siden {}. Grensen er {} måneder.",
                phase.in_sentence(),
                months,
                format_date(*since),
                limit
            ),
        }
    }
}

/// Why one participant is late on `today` (empty when it is not). `planned_end` is `None` when
/// no planned end is recorded; then only the time in its phase can make it late.
pub fn lateness(
    history: &PhaseHistory,
    planned_end: Option<Date>,
    today: Date,
    rule: LatenessRule,
) -> Vec<Lateness> {
    let mut out = Vec::new();
    let phase = history.current();
    if let Some(end) = planned_end {
        if today > end && !phase.is_some_and(Phase::is_last) {
            out.push(Lateness::PastPlannedEnd {
                planned_end: end,
                phase,
            });
        }
    }
    if let (Some(phase), Some(since)) = (phase, history.since()) {
        let months = months_between(since, today);
        if !phase.is_last() && months > rule.max_months_in_phase {
            out.push(Lateness::TooLongInPhase {
                phase,
                since,
                months,
                limit: rule.max_months_in_phase,
            });
        }
    }
    out
}

/// One participant on the timeline: its name, its moves and its planned end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantPhases {
    pub participant: String,
    pub history: PhaseHistory,
    pub planned_end: Option<Date>,
}

/// The participants that are late on `today`, each with why, in the order given.
pub fn who_is_late(
    participants: &[ParticipantPhases],
    today: Date,
    rule: LatenessRule,
) -> Vec<(&str, Vec<Lateness>)> {
    participants
        .iter()
        .map(|p| {
            (
                p.participant.as_str(),
                lateness(&p.history, p.planned_end, today, rule),
            )
        })
        .filter(|(_, why)| !why.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn adviser() -> Recorder {
        Recorder {
            name: "Rådgiver Øst".into(),
            is_admin: false,
        }
    }

    fn admin() -> Recorder {
        Recorder {
            name: "Administrator".into(),
            is_admin: true,
        }
    }

    fn request(to: Phase, date: Date, by: Recorder) -> TransitionRequest {
        TransitionRequest {
            to,
            date,
            by,
            reason: "Avtalt i statusmøtet.".into(),
            override_reason: String::new(),
        }
    }

    fn complete() -> PlanDeliverables {
        PlanDeliverables {
            pre_analysis: Some(date!(2010 - 03 - 01)),
            fact_sheet: Some(date!(2010 - 02 - 01)),
            organisation: ProgrammeOrganisation {
                owner: "Rådmannen".into(),
                steering_group: "Rådmannens ledergruppe".into(),
                programme_group: "Tjenestelederne".into(),
                programme_leader: "Kari Nordmann".into(),
            },
            programme_plan: ProgrammePlanAdoption {
                has_activity_plan: true,
                adopted: Some(date!(2010 - 06 - 15)),
                body: "Kommunestyret".into(),
            },
            anchoring: Anchoring {
                master_plan: true,
                economic_plan: true,
                budget: true,
            },
        }
    }

    /// A participant moved by an adviser up to `phase`, with complete deliverables.
    fn history_up_to(phase: Phase) -> PhaseHistory {
        let mut h = PhaseHistory::default();
        let dates = [
            date!(2009 - 06 - 01),
            date!(2009 - 09 - 01),
            date!(2009 - 11 - 01),
            date!(2010 - 09 - 01),
            date!(2012 - 06 - 01),
        ];
        for (p, d) in Phase::ALL.iter().zip(dates) {
            h.record(&request(*p, d, adviser()), &complete(), Deliverable::ALL)
                .unwrap();
            if *p == phase {
                break;
            }
        }
        h
    }

    #[test]
    fn a_participant_moves_forward_one_phase_at_a_time_with_who_and_why() {
        let h = history_up_to(Phase::PhasingOut);
        assert_eq!(h.current(), Some(Phase::PhasingOut));
        let codes: Vec<(Option<Phase>, Phase)> =
            h.transitions.iter().map(|t| (t.from, t.to)).collect();
        assert_eq!(codes[0], (None, Phase::Application));
        assert_eq!(codes[3], (Some(Phase::Planning), Phase::Implementation));
        assert!(h
            .transitions
            .iter()
            .all(|t| t.by == "Rådgiver Øst" && t.overridden.is_none()));
        let periods = h.periods();
        assert_eq!(periods[2].phase, Phase::Planning);
        assert_eq!(periods[2].from, date!(2009 - 11 - 01));
        assert_eq!(periods[2].until, Some(date!(2010 - 09 - 01)));
        assert_eq!(periods[4].until, None);
    }

    #[test]
    fn skipping_or_going_back_is_refused_for_an_adviser() {
        let h = history_up_to(Phase::StartUp);
        let e = h
            .transition(
                &request(Phase::Implementation, date!(2010 - 01 - 01), adviser()),
                &complete(),
                Deliverable::ALL,
            )
            .unwrap_err();
        assert_eq!(
            e.get("til"),
            Some("Deltakeren er i oppstartsfasen og kan bare gå videre til program- og planfasen. Å hoppe over en fase er et unntak fra regelen.")
        );
        let e = h
            .transition(
                &request(Phase::Application, date!(2010 - 01 - 01), adviser()),
                &complete(),
                Deliverable::ALL,
            )
            .unwrap_err();
        assert!(e
            .get("til")
            .unwrap()
            .contains("Å gå tilbake til en tidligere fase"));
        let e = h
            .transition(
                &request(Phase::StartUp, date!(2010 - 01 - 01), admin()),
                &complete(),
                Deliverable::ALL,
            )
            .unwrap_err();
        assert_eq!(
            e.get("til"),
            Some("Deltakeren er allerede i oppstartsfasen.")
        );
        let e = PhaseHistory::default()
            .transition(
                &request(Phase::Planning, date!(2010 - 01 - 01), adviser()),
                &complete(),
                Deliverable::ALL,
            )
            .unwrap_err();
        assert!(e
            .get("til")
            .unwrap()
            .starts_with("En ny deltaker begynner i søknads- og opptaksfasen"));
    }

    #[test]
    fn leaving_the_planning_phase_names_every_missing_deliverable() {
        let h = history_up_to(Phase::Planning);
        let mut d = complete();
        d.pre_analysis = None;
        d.organisation.owner.clear();
        d.organisation.programme_leader = "  ".into();
        d.programme_plan.adopted = None;
        d.programme_plan.body.clear();
        d.anchoring.economic_plan = false;
        let mut req = request(Phase::Implementation, date!(2010 - 09 - 01), adviser());
        req.reason.clear();
        let e = h.transition(&req, &d, Deliverable::ALL).unwrap_err();
        let messages: Vec<&str> = e.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Skriv hvorfor deltakeren går over i gjennomføringsfasen.",
                "Deltakeren kan ikke gå over i gjennomføringsfasen før det program- og planfasen skal levere, er registrert.",
                "Foranalysen (kartlegging av status og utfordringer) er ikke registrert. Skriv datoen den ble ferdig.",
                "Programorganiseringen mangler programeier og programleder. Skriv hvem som har rollene.",
                "Programplanen mangler datoen for det politiske vedtaket og organet som vedtok den.",
                "Programmet er ikke registrert som forankret i økonomiplanen. Kryss av når det er forankret der.",
            ]
        );
        for m in messages {
            assert_eq!(crate::norwegian::message_fault(m), None, "{m}");
        }
        assert_eq!(
            e.get("leveranser.faktaark"),
            None,
            "the fact sheet is recorded"
        );
        // A programme that asks for fewer deliverables asks only for those.
        assert!(h
            .transition(
                &request(Phase::Implementation, date!(2010 - 09 - 01), adviser()),
                &d,
                &[Deliverable::FactSheet]
            )
            .is_ok());
        // Complete deliverables let it through.
        assert!(h
            .transition(
                &request(Phase::Implementation, date!(2010 - 09 - 01), adviser()),
                &complete(),
                Deliverable::ALL
            )
            .is_ok());
    }

    #[test]
    fn an_admin_overrides_only_with_a_reason_and_the_reason_is_kept() {
        let h = history_up_to(Phase::Planning);
        let empty = PlanDeliverables::default();
        let mut req = request(Phase::Implementation, date!(2011 - 01 - 10), admin());
        let e = h.transition(&req, &empty, Deliverable::ALL).unwrap_err();
        assert!(e
            .get("overstyring")
            .unwrap()
            .contains("bare med en begrunnelse"));
        assert!(e.get("leveranser.foranalyse").is_some(), "{e}");

        req.override_reason = " Planen ble vedtatt før programmet startet. ".into();
        let t = h.transition(&req, &empty, Deliverable::ALL).unwrap();
        let o = t.overridden.expect("recorded as an override");
        assert_eq!(o.reason, "Planen ble vedtatt før programmet startet.");
        assert_eq!(o.rules_set_aside.len(), 6, "{:?}", o.rules_set_aside);
        assert_eq!(t.by, "Administrator");

        // An adviser's override reason is not enough.
        let mut by_adviser = req.clone();
        by_adviser.by = adviser();
        let e = h
            .transition(&by_adviser, &empty, Deliverable::ALL)
            .unwrap_err();
        assert_eq!(
            e.get("overstyring"),
            Some("Bare en administrator kan overstyre faseregelen.")
        );

        // A regular move keeps no override.
        let t = h.transition(&req, &complete(), Deliverable::ALL).unwrap();
        assert_eq!(t.overridden, None);
    }

    #[test]
    fn a_move_cannot_be_dated_before_the_phase_it_leaves_began() {
        let h = history_up_to(Phase::StartUp);
        let e = h
            .transition(
                &request(Phase::Planning, date!(2009 - 08 - 01), adviser()),
                &complete(),
                Deliverable::ALL,
            )
            .unwrap_err();
        assert_eq!(
            e.get("dato"),
            Some("Datoen 01.08.2009 er før deltakeren gikk over i oppstartsfasen 01.09.2009. Skriv en dato fra og med 01.09.2009.")
        );
    }

    #[test]
    fn who_is_late_past_the_planned_end_or_too_long_in_a_phase() {
        let rule = LatenessRule {
            max_months_in_phase: 12,
        };
        let today = date!(2012 - 03 - 01);
        let participants = vec![
            ParticipantPhases {
                participant: "Hamar".into(),
                history: history_up_to(Phase::Implementation),
                planned_end: Some(date!(2012 - 12 - 31)),
            },
            ParticipantPhases {
                participant: "Lillehammer".into(),
                history: history_up_to(Phase::Implementation),
                planned_end: Some(date!(2011 - 12 - 31)),
            },
            ParticipantPhases {
                participant: "Moss".into(),
                history: history_up_to(Phase::Planning),
                planned_end: None,
            },
            ParticipantPhases {
                participant: "Bærum".into(),
                history: history_up_to(Phase::PhasingOut),
                planned_end: Some(date!(2011 - 12 - 31)),
            },
        ];
        let late = who_is_late(&participants, today, rule);
        let names: Vec<&str> = late.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            ["Hamar", "Lillehammer", "Moss"],
            "Bærum reached the last phase"
        );
        // Hamar: 18 months in the implementation phase (since 01.09.2010), no planned end passed.
        assert_eq!(
            late[0].1.iter().map(Lateness::message).collect::<Vec<_>>(),
            ["Deltakeren har vært i gjennomføringsfasen i 18 måneder, siden 01.09.2010. Grensen er 12 måneder."]
        );
        assert_eq!(
            late[1].1[0].message(),
            "Planlagt slutt var 31.12.2011, men deltakeren er fortsatt i gjennomføringsfasen."
        );
        assert!(matches!(
            late[2].1[..],
            [Lateness::TooLongInPhase { months: 28, .. }]
        ));
        let lenient = LatenessRule {
            max_months_in_phase: 18,
        };
        assert!(lateness(&participants[0].history, None, today, lenient).is_empty());
    }

    #[test]
    fn phases_have_stable_codes_and_the_programme_files_labels() {
        assert_eq!(
            Phase::ALL.iter().map(|p| p.code()).collect::<Vec<_>>(),
            [
                "soknad-og-opptak",
                "oppstart",
                "program-og-planfase",
                "gjennomforingsfase",
                "utfasing-og-avslutning"
            ]
        );
        assert_eq!(Phase::Planning.next(), Some(Phase::Implementation));
        assert_eq!(Phase::PhasingOut.next(), None);
        assert_eq!(
            Deliverable::from_label("faktaark fra Husbanken"),
            Some(Deliverable::FactSheet)
        );
    }

    #[test]
    fn deliverables_as_typed_are_checked_and_what_is_left_empty_is_missing() {
        let mut i = DeliverablesInput {
            pre_analysis: "31.02.2010".into(),
            fact_sheet: "2010-03-01".into(),
            owner: "x".repeat(crate::limits::NAME + 1),
            ..Default::default()
        };
        let e = i.validate().unwrap_err();
        let fields: Vec<&str> = e.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["foranalyse", "programeier"]);
        assert!(e
            .get("foranalyse")
            .unwrap()
            .starts_with("Sjekk datoen foranalysen ble ferdig. «31.02.2010» er ikke en dato."));

        i.pre_analysis = "15.02.2010".into();
        i.owner = " Rådmannen ".into();
        let d = i.validate().unwrap();
        assert_eq!(d.organisation.owner, "Rådmannen");
        assert_eq!(d.fact_sheet, Some(time::macros::date!(2010 - 03 - 01)));
        let missing = d.missing(Deliverable::ALL);
        let fields: Vec<&str> = missing.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "leveranser.programorganisering",
                "leveranser.programplan",
                "leveranser.forankring"
            ]
        );
        assert_eq!(
            DeliverablesInput::from_recorded(&d).pre_analysis,
            "15.02.2010"
        );
    }
}

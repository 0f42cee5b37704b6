//! The co-financing page's view models: each participant's years (grant, reported own
//! contribution, programme costs, requirement and what the check found) and the form that sets
//! a programme's rule.

use crate::format;
use crate::shared::form::SummaryItem;
use crate::shared::layout::Layout;
use askama::Template;
use husk_domain::programmes::cofinancing::{CofinancingOutcome, MAX_RULE_YEARS};
use husk_domain::programmes::CofinancingCheck;
use husk_domain::FieldErrors;
use husk_store::programmes::{ParticipantCofinancing, Programme, ProgrammeCofinancing};

/// One year of a participant's co-financing.
pub struct YearView {
    pub year: i32,
    pub programme_year: String,
    pub share: String,
    pub grant: String,
    pub reported: String,
    pub costs: String,
    pub required: String,
    /// The tag's text and colour.
    pub verdict: String,
    pub colour: &'static str,
    pub attention: bool,
    pub message: String,
}

/// The short verdict of a check and its tag colour.
pub fn verdict(c: &CofinancingCheck) -> (String, &'static str) {
    match c.outcome {
        CofinancingOutcome::Met { .. } => ("Oppfylt".into(), "success"),
        CofinancingOutcome::Shortfall(s) => {
            (format!("Mangler {}", format::nok(s.amount)), "danger")
        }
        CofinancingOutcome::NotReported if c.needs_attention() => {
            ("Ikke rapportert".into(), "warning")
        }
        CofinancingOutcome::NotReported => ("Intet krav".into(), "neutral"),
        CofinancingOutcome::NoRuleForYear => ("Ingen andel".into(), "neutral"),
        CofinancingOutcome::BeforeEntry => ("Før opptak".into(), "neutral"),
    }
}

/// The code of a check's outcome in the API.
pub fn outcome_code(c: &CofinancingCheck) -> &'static str {
    match c.outcome {
        CofinancingOutcome::Met { .. } => "oppfylt",
        CofinancingOutcome::Shortfall(_) => "mangler",
        CofinancingOutcome::NotReported => "ikke-rapportert",
        CofinancingOutcome::NoRuleForYear => "ingen-regel",
        CofinancingOutcome::BeforeEntry => "for-opptak",
    }
}

/// The participant's programme grant in a year (the grant table's row; 0 without one).
pub fn grant_of(p: &Programme, participant: i64, year: i32) -> i64 {
    p.participant(participant)
        .and_then(|x| x.grants.iter().find(|g| g.year == year))
        .map_or(0, |g| g.amount)
}

/// One participant's section.
pub struct ParticipantView {
    pub anchor: String,
    pub name: String,
    pub attention: bool,
    /// Why no year is checked (empty when some are).
    pub no_years: String,
    pub years: Vec<YearView>,
    /// (title, href, own contribution) of each report counted.
    pub reports: Vec<(String, String, String)>,
}

impl ParticipantView {
    pub fn new(p: &Programme, c: &ParticipantCofinancing) -> ParticipantView {
        ParticipantView {
            anchor: format!("egenfinansiering-{}", c.participant_id),
            name: c.participant.clone(),
            attention: c.needs_attention(),
            no_years: match c.entry_year {
                None => format!(
                    "Kilden oppgir ikke hvilket år {} ble tatt opp i programmet, så Husk kan ikke regne ut programårene og kravet til egenandel.",
                    c.participant
                ),
                Some(_) if c.years.is_empty() => {
                    "Programmet har ingen regel for egenfinansiering.".into()
                }
                Some(_) => String::new(),
            },
            years: c
                .years
                .iter()
                .map(|y| {
                    let (v, colour) = verdict(y);
                    YearView {
                        year: y.year,
                        programme_year: y.programme_year.map_or("–".into(), |n| n.to_string()),
                        share: y.share.map_or("ingen".into(), |s| s.label()),
                        grant: format::nok(grant_of(p, c.participant_id, y.year)),
                        reported: y.reported.map_or("ikke rapportert".into(), format::nok),
                        costs: format::nok(y.programme_costs),
                        required: y.required.map_or("–".into(), format::nok),
                        verdict: v,
                        colour,
                        attention: y.needs_attention(),
                        message: y.message(),
                    }
                })
                .collect(),
            reports: c
                .reports
                .iter()
                .map(|r| {
                    (
                        r.title.clone(),
                        format!("/rapporter/{}", r.id),
                        r.own_contribution
                            .map_or("egeninnsats ikke oppgitt".into(), |a| {
                                format!("egeninnsats {}", format::nok(a))
                            }),
                    )
                })
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "programmes/cofinancing.html")]
pub struct CofinancingPage {
    pub layout: Layout,
    pub id: String,
    pub title: String,
    /// «programår 1: 0 %», ….
    pub rule: Vec<String>,
    pub participants: Vec<ParticipantView>,
    pub attention: String,
    pub all_participants: bool,
    pub rule_href: Option<String>,
    pub message: Option<String>,
}

impl CofinancingPage {
    pub fn new(
        layout: Layout,
        p: &Programme,
        c: &ProgrammeCofinancing,
        may_configure: bool,
        message: Option<String>,
    ) -> CofinancingPage {
        let participants: Vec<ParticipantView> = c
            .participants
            .iter()
            .map(|x| ParticipantView::new(p, x))
            .collect();
        let attention = participants.iter().filter(|x| x.attention).count();
        CofinancingPage {
            layout,
            id: p.id.clone(),
            title: p.title.clone(),
            rule: c
                .rule
                .shares()
                .iter()
                .enumerate()
                .map(|(i, s)| format!("programår {}: {}", i + 1, s.label()))
                .collect(),
            attention: husk_domain::norwegian::count(attention as i64, "deltaker", "deltakere"),
            participants,
            all_participants: p.all_participants,
            rule_href: may_configure
                .then(|| format!("/programmer/{}/egenfinansiering/regel", p.id)),
            message,
        }
    }
}

/// One field of the rule form.
pub struct ShareField {
    pub id: String,
    pub name: String,
    pub label: String,
    pub value: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "programmes/cofinancing_rule.html")]
pub struct CofinancingRulePage {
    pub layout: Layout,
    pub id: String,
    pub title: String,
    pub action: String,
    pub fields: Vec<ShareField>,
    pub summary: Vec<SummaryItem>,
}

impl CofinancingRulePage {
    /// `values`: what was typed (or the rule's shares in per cent), one per programme year.
    pub fn new(
        layout: Layout,
        p: &Programme,
        values: &[String],
        errors: &FieldErrors,
    ) -> CofinancingRulePage {
        let shown = values
            .len()
            .max(p.participation_years.map_or(5, |y| y.max as usize))
            .clamp(1, MAX_RULE_YEARS);
        let fields: Vec<ShareField> = (0..shown)
            .map(|i| {
                let name = format!("andel-{}", i + 1);
                ShareField {
                    id: format!("regel-{name}"),
                    label: format!("Programår {}", i + 1),
                    value: values.get(i).cloned().unwrap_or_default(),
                    error: errors.get(&name).map(str::to_string),
                    name,
                }
            })
            .collect();
        let summary = errors
            .iter()
            .map(|e| SummaryItem {
                target: format!("regel-{}", e.field),
                label: "Andel",
                message: e.message.clone(),
            })
            .collect();
        CofinancingRulePage {
            layout,
            id: p.id.clone(),
            title: p.title.clone(),
            action: format!("/programmer/{}/egenfinansiering/regel", p.id),
            fields,
            summary,
        }
    }
}

/// A share as the form shows it: 3 000 basis points → «30», 2 250 → «22,5».
pub fn percent_text(basis_points: u32) -> String {
    let label = husk_domain::programmes::Share::from_basis_points(basis_points)
        .map(|s| s.label())
        .unwrap_or_default();
    label.trim_end_matches(" %").to_string()
}

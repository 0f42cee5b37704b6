//! The editing forms' view models: a programme's form (type, owning offices, budget figures
//! with their precision, period, coordinator, goals), the form that adds a participant, and a
//! participant's row with its removal. Every field keeps what was typed and shows its own
//! message.

use crate::shared::form::{options, Opt, SummaryItem};
use crate::shared::layout::Layout;
use askama::Template;
use husk_domain::programmes::editing::PRECISIONS;
use husk_domain::programmes::{GoalLevel, ProgrammeType};
use husk_domain::FieldErrors;
use husk_store::programmes::Programme;

/// One goal row of the programme's form, as typed.
#[derive(Debug, Clone, Default)]
pub struct GoalRow {
    /// Empty for a new goal.
    pub code: String,
    pub level: String,
    pub text: String,
    pub remove: bool,
}

/// What the programme's form holds, as typed (or as stored).
#[derive(Debug, Clone, Default)]
pub struct ProgrammeForm {
    pub programme_type: String,
    pub offices: Vec<String>,
    pub budget_total: String,
    pub budget_total_precision: String,
    pub budget_support: String,
    pub budget_support_precision: String,
    pub start_year: String,
    pub end_year: String,
    pub coordinator: String,
    pub goals: Vec<GoalRow>,
}

/// How many empty rows for new goals the form offers.
pub const NEW_GOAL_ROWS: usize = 2;

impl ProgrammeForm {
    /// The programme as stored.
    pub fn of(p: &Programme, coordinator: &str) -> ProgrammeForm {
        use husk_domain::programmes::BudgetFigure;
        let fig = |b: BudgetFigure| match b {
            BudgetFigure::Exact(n) => (n.to_string(), "exact"),
            BudgetFigure::Approximately(n) => (n.to_string(), "approximately"),
            BudgetFigure::NotStated => (String::new(), "not-stated"),
        };
        let (total, total_p) = fig(p.budget.total);
        let (support, support_p) = fig(p.budget.project_support);
        ProgrammeForm {
            programme_type: p.programme_type.code().to_string(),
            offices: p.offices.clone(),
            budget_total: total,
            budget_total_precision: total_p.to_string(),
            budget_support: support,
            budget_support_precision: support_p.to_string(),
            start_year: p.period.start.to_string(),
            end_year: p.period.end.map_or(String::new(), |y| y.to_string()),
            coordinator: coordinator.to_string(),
            goals: p
                .goals
                .iter()
                .map(|g| GoalRow {
                    code: g.code.clone(),
                    level: g.level.code().to_string(),
                    text: g.text.clone(),
                    remove: false,
                })
                .collect(),
        }
    }

    /// The domain's input: the rows not marked for removal, and for each input goal (from 1)
    /// the form row it came from.
    pub fn input(&self) -> (husk_domain::programmes::editing::ProgrammeInput, Vec<usize>) {
        use husk_domain::programmes::editing::{GoalInput, ProgrammeInput};
        let mut rows = Vec::new();
        let goals = self
            .goals
            .iter()
            .enumerate()
            .filter(|(_, g)| !(g.remove || g.code.is_empty() && g.text.trim().is_empty()))
            .map(|(i, g)| {
                rows.push(i);
                GoalInput {
                    code: g.code.clone(),
                    level: g.level.clone(),
                    text: g.text.clone(),
                }
            })
            .collect();
        (
            ProgrammeInput {
                programme_type: self.programme_type.clone(),
                offices: self.offices.clone(),
                budget_total: self.budget_total.clone(),
                budget_total_precision: self.budget_total_precision.clone(),
                budget_support: self.budget_support.clone(),
                budget_support_precision: self.budget_support_precision.clone(),
                start_year: self.start_year.clone(),
                end_year: self.end_year.clone(),
                coordinator: self.coordinator.clone(),
                goals,
            },
            rows,
        )
    }
}

/// One goal row on the page.
pub struct GoalField {
    /// From 1, as the form names it (`mal.N.…`).
    pub n: usize,
    pub code: String,
    /// The level's code, as typed or stored.
    pub level: String,
    /// The level select's id and name (a new goal's).
    pub level_id: String,
    pub level_name: String,
    /// «Visjon», or for a new goal the level's select.
    pub level_label: String,
    pub levels: Vec<Opt>,
    pub text: String,
    pub remove: bool,
    pub error: Option<String>,
    pub level_error: Option<String>,
}

/// An owning office's checkbox.
pub struct OfficeCheck {
    pub id: String,
    pub code: String,
    pub name: String,
    pub checked: bool,
}

fn field_label(field: &str) -> &'static str {
    match field {
        "type" => "Programtype",
        "kontorer" => "Eierkontor",
        "budsjett" => "Budsjett",
        "budsjett_presisjon" => "Budsjettets presisjon",
        "prosjektstotte" => "Prosjektstøtte",
        "prosjektstotte_presisjon" => "Prosjektstøttens presisjon",
        "start" => "Første år",
        "slutt" => "Siste år",
        "koordinator" => "Programkoordinator",
        "kommunenummer" => "Kommunenummer",
        "kommune" => "Kommune",
        "bydel" => "Bydel",
        "pulje" => "Pulje",
        "kontaktradgiver" => "Kontaktrådgiver",
        _ => "Mål",
    }
}

#[derive(Template)]
#[template(path = "programmes/editing/programme_form.html")]
pub struct ProgrammeFormPage {
    pub layout: Layout,
    pub id: String,
    pub title: String,
    pub action: String,
    pub types: Vec<Opt>,
    pub type_error: Option<String>,
    /// An administrator chooses the owning offices; others see them.
    pub may_change_offices: bool,
    pub offices: Vec<OfficeCheck>,
    pub offices_text: String,
    pub offices_error: Option<String>,
    pub total: String,
    pub total_error: Option<String>,
    pub total_precisions: Vec<Opt>,
    pub total_precision_error: Option<String>,
    pub support: String,
    pub support_error: Option<String>,
    pub support_precisions: Vec<Opt>,
    pub support_precision_error: Option<String>,
    pub start: String,
    pub start_error: Option<String>,
    pub end: String,
    pub end_error: Option<String>,
    pub coordinator: String,
    pub coordinator_error: Option<String>,
    pub goals: Vec<GoalField>,
    pub goals_error: Option<String>,
    /// Codes the programme no longer has («resultat-3: …»).
    pub retired: Vec<String>,
    pub summary: Vec<SummaryItem>,
}

impl ProgrammeFormPage {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        layout: Layout,
        p: &Programme,
        regions: &[(String, String)],
        form: &ProgrammeForm,
        rows: &[usize],
        errors: &FieldErrors,
        may_change_offices: bool,
        retired: Vec<String>,
    ) -> ProgrammeFormPage {
        let err = |k: &str| errors.get(k).map(str::to_string);
        // A goal's messages: by its place among the goals sent (`mal.N.…`) or by its code.
        let row_of = |n: usize| rows.get(n.wrapping_sub(1)).copied();
        let mut shown = form.goals.clone();
        while shown
            .iter()
            .filter(|g| g.code.is_empty() && g.text.trim().is_empty())
            .count()
            < NEW_GOAL_ROWS
        {
            shown.push(GoalRow::default());
        }
        let mut goals: Vec<GoalField> = shown
            .iter()
            .enumerate()
            .map(|(i, g)| GoalField {
                n: i + 1,
                code: g.code.clone(),
                level: g.level.clone(),
                level_id: format!("mal-{}-niva", i + 1),
                level_name: format!("mal.{}.niva", i + 1),
                level_label: GoalLevel::from_code(&g.level)
                    .map_or(String::new(), |l| l.label().to_string()),
                levels: options(
                    Some("Velg nivå"),
                    GoalLevel::ALL.iter().map(|l| (l.code(), l.label())),
                    &g.level,
                ),
                text: g.text.clone(),
                remove: g.remove,
                error: (!g.code.is_empty())
                    .then(|| err(&format!("mal.{}", g.code)))
                    .flatten(),
                level_error: None,
            })
            .collect();
        for e in errors.iter() {
            let mut parts = e.field.splitn(3, '.');
            if let (Some("mal"), Some(n), Some(what)) = (parts.next(), parts.next(), parts.next()) {
                if let Some(row) = n.parse().ok().and_then(row_of) {
                    if let Some(g) = goals.get_mut(row) {
                        if what == "niva" {
                            g.level_error = Some(e.message.clone());
                        } else {
                            g.error = Some(e.message.clone());
                        }
                    }
                }
            }
        }
        let summary = errors
            .iter()
            .map(|e| {
                let target = if let Some(rest) = e.field.strip_prefix("mal.") {
                    let mut parts = rest.splitn(2, '.');
                    let first = parts.next().unwrap_or_default();
                    let what = parts.next();
                    let row = match what {
                        Some(_) => first.parse().ok().and_then(row_of),
                        None => form.goals.iter().position(|g| g.code == first),
                    };
                    match (row, what) {
                        (Some(r), Some("niva")) => format!("mal-{}-niva", r + 1),
                        (Some(r), _) => format!("mal-{}-tekst", r + 1),
                        (None, _) => "prog-mal".to_string(),
                    }
                } else if e.field == "kontorer" {
                    "prog-kontorer".to_string()
                } else {
                    format!("prog-{}", e.field)
                };
                SummaryItem {
                    target,
                    label: field_label(&e.field),
                    message: e.message.clone(),
                }
            })
            .collect();
        let office_name = |code: &str| {
            regions
                .iter()
                .find(|(c, _)| c == code)
                .map_or(code.to_string(), |(_, n)| n.clone())
        };
        ProgrammeFormPage {
            layout,
            id: p.id.clone(),
            title: p.title.clone(),
            action: format!("/programmer/{}/endre", p.id),
            types: options(
                None,
                ProgrammeType::ALL.iter().map(|t| (t.code(), t.label())),
                &form.programme_type,
            ),
            type_error: err("type"),
            may_change_offices,
            offices: regions
                .iter()
                .map(|(code, name)| OfficeCheck {
                    id: format!("prog-kontor-{code}"),
                    code: code.clone(),
                    name: name.clone(),
                    checked: form.offices.iter().any(|o| o == code),
                })
                .collect(),
            offices_text: husk_domain::norwegian::list(
                &p.offices.iter().map(|o| office_name(o)).collect::<Vec<_>>(),
                "og",
            ),
            offices_error: err("kontorer"),
            total: form.budget_total.clone(),
            total_error: err("budsjett"),
            total_precisions: options(
                None,
                PRECISIONS.iter().copied(),
                &form.budget_total_precision,
            ),
            total_precision_error: err("budsjett_presisjon"),
            support: form.budget_support.clone(),
            support_error: err("prosjektstotte"),
            support_precisions: options(
                None,
                PRECISIONS.iter().copied(),
                &form.budget_support_precision,
            ),
            support_precision_error: err("prosjektstotte_presisjon"),
            start: form.start_year.clone(),
            start_error: err("start"),
            end: form.end_year.clone(),
            end_error: err("slutt"),
            coordinator: form.coordinator.clone(),
            coordinator_error: err("koordinator"),
            goals,
            goals_error: err("mal"),
            retired,
            summary,
        }
    }
}

/// A participant's fields as typed.
#[derive(Debug, Clone, Default)]
pub struct ParticipantForm {
    pub kommunenummer: String,
    pub municipality: String,
    pub district: String,
    pub pool_year: String,
    pub planned_end_year: String,
    pub contact_adviser: String,
}

impl ParticipantForm {
    pub fn input(&self) -> husk_domain::programmes::editing::ParticipantInput {
        husk_domain::programmes::editing::ParticipantInput {
            kommunenummer: self.kommunenummer.clone(),
            municipality: self.municipality.clone(),
            district: self.district.clone(),
            pool_year: self.pool_year.clone(),
            planned_end_year: self.planned_end_year.clone(),
            contact_adviser: self.contact_adviser.clone(),
        }
    }
}

/// One text field of a participant's form.
pub struct TextField {
    pub id: String,
    pub name: String,
    pub label: String,
    pub hint: String,
    pub inputmode: String,
    pub value: String,
    pub error: Option<String>,
}

fn participant_fields(
    form: &ParticipantForm,
    errors: &FieldErrors,
    new: bool,
    years_hint: &str,
) -> Vec<TextField> {
    let f = |name: &str, label: &str, hint: &str, mode: &str, value: &str| TextField {
        id: format!("prog-{name}"),
        name: name.to_string(),
        label: label.to_string(),
        hint: hint.to_string(),
        inputmode: mode.to_string(),
        value: value.to_string(),
        error: errors.get(name).map(str::to_string),
    };
    let mut out = Vec::new();
    if new {
        out.push(f(
            "kommunenummer",
            "Kommunenummer",
            "4 siffer, for eksempel 0219 for Bærum.",
            "numeric",
            &form.kommunenummer,
        ));
        out.push(f("kommune", "Kommune", "", "", &form.municipality));
        out.push(f(
            "bydel",
            "Bydel (valgfritt)",
            "Bare når en by deltar gjennom en bydel, for eksempel Alna.",
            "",
            &form.district,
        ));
    }
    out.push(f(
        "pulje",
        "Pulje (året kommunen ble tatt opp)",
        "",
        "numeric",
        &form.pool_year,
    ));
    out.push(f(
        "slutt",
        "Planlagt siste år (valgfritt)",
        years_hint,
        "numeric",
        &form.planned_end_year,
    ));
    out.push(f(
        "kontaktradgiver",
        "Kontaktrådgiver i Husbanken",
        "",
        "",
        &form.contact_adviser,
    ));
    out
}

fn participant_summary(errors: &FieldErrors) -> Vec<SummaryItem> {
    errors
        .iter()
        .map(|e| SummaryItem {
            target: format!("prog-{}", e.field),
            label: field_label(&e.field),
            message: e.message.clone(),
        })
        .collect()
}

fn years_hint(p: &Programme) -> String {
    let (min, max) = p
        .participation_years
        .map_or(husk_domain::programmes::editing::USUAL_YEARS, |y| {
            (y.min, y.max)
        });
    format!("En kommune deltar vanligvis {min}–{max} år. Husk varsler om en annen lengde, men lagrer den.")
}

#[derive(Template)]
#[template(path = "programmes/editing/participant_form.html")]
pub struct NewParticipantPage {
    pub layout: Layout,
    pub id: String,
    pub title: String,
    pub action: String,
    pub fields: Vec<TextField>,
    pub summary: Vec<SummaryItem>,
}

impl NewParticipantPage {
    pub fn new(
        layout: Layout,
        p: &Programme,
        form: &ParticipantForm,
        errors: &FieldErrors,
    ) -> NewParticipantPage {
        NewParticipantPage {
            layout,
            id: p.id.clone(),
            title: p.title.clone(),
            action: format!("/programmer/{}/ny-deltaker", p.id),
            fields: participant_fields(form, errors, true, &years_hint(p)),
            summary: participant_summary(errors),
        }
    }
}

#[derive(Template)]
#[template(path = "programmes/editing/participant_edit.html")]
pub struct ParticipantEditPage {
    pub layout: Layout,
    pub id: String,
    pub title: String,
    pub name: String,
    pub participant_href: String,
    pub action: String,
    pub remove_action: String,
    pub fields: Vec<TextField>,
    pub summary: Vec<SummaryItem>,
    pub message: Option<String>,
    pub warnings: Vec<String>,
    /// What is recorded for the participant (empty: it may be removed).
    pub recorded: Vec<String>,
    pub refusal: Option<String>,
    pub phase_href: String,
}

impl ParticipantEditPage {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        layout: Layout,
        p: &Programme,
        participant: &husk_store::programmes::Participant,
        form: &ParticipantForm,
        errors: &FieldErrors,
        message: Option<String>,
        warnings: Vec<String>,
        recorded: &husk_domain::programmes::editing::Recorded,
    ) -> ParticipantEditPage {
        let href = format!("/programmer/{}/deltakere/{}", p.id, participant.id);
        ParticipantEditPage {
            layout,
            id: p.id.clone(),
            title: p.title.clone(),
            name: participant.name.clone(),
            action: format!("{href}/endre"),
            remove_action: format!("{href}/fjern"),
            phase_href: format!("{href}/fase"),
            participant_href: href,
            fields: participant_fields(form, errors, false, &years_hint(p)),
            summary: participant_summary(errors),
            message,
            warnings,
            recorded: recorded.lines(),
            refusal: recorded.refusal(),
        }
    }
}

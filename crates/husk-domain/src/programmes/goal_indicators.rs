//! Which indicators measure which of a programme's goals: the link from a goal code to one of
//! Husk's indicator codes ([`super::indicators::INDICATORS`]), so that a goal's page says how
//! progress towards it is followed, and an indicator chart says which goals it speaks to.
//!
//! A link an adviser records has no note. A link Husk inferred (the demo's) carries a note that
//! starts with «Utledet» and says from what, and pages show it.

use super::indicators::Indicator;
use crate::FieldErrors;

/// One goal–indicator link as typed in a form or sent to the API (codes or names).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct GoalIndicatorInput {
    pub goal: String,
    pub indicator: String,
}

/// One checked link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalIndicator {
    pub goal: String,
    pub indicator: &'static Indicator,
}

/// Checks the links typed for a programme whose goal codes are `goals`: each row needs a goal
/// the programme has and an indicator Husk knows; a blank row is left out and a link given
/// twice counts once. Errors name the row (`koblinger[2].indikator`, counted from 0).
pub fn validate(
    goals: &[&str],
    rows: &[GoalIndicatorInput],
) -> Result<Vec<GoalIndicator>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut out: Vec<GoalIndicator> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let goal = row.goal.trim();
        let indicator = row.indicator.trim();
        if goal.is_empty() && indicator.is_empty() {
            continue;
        }
        let goal_field = format!("koblinger[{i}].mal");
        let indicator_field = format!("koblinger[{i}].indikator");
        let goal = if goal.is_empty() {
            errors.push(&goal_field, "Velg målet indikatoren måler.");
            None
        } else if let Some(code) = goals.iter().find(|c| **c == goal) {
            Some(code.to_string())
        } else {
            errors.push(
                &goal_field,
                format!(
                    "Programmet har ikke målet «{goal}». Velg et av programmets mål: {}.",
                    goals.join(", ")
                ),
            );
            None
        };
        let found = if indicator.is_empty() {
            errors.push(&indicator_field, "Velg indikatoren som måler målet.");
            None
        } else {
            let found = Indicator::find(indicator);
            if found.is_none() {
                let known: Vec<&str> = super::indicators::INDICATORS
                    .iter()
                    .map(|i| i.code)
                    .collect();
                errors.push(
                    &indicator_field,
                    format!(
                        "Husk kjenner ikke indikatoren «{indicator}». Velg en av disse: {}.",
                        known.join(", ")
                    ),
                );
            }
            found
        };
        if let (Some(goal), Some(indicator)) = (goal, found) {
            if !out
                .iter()
                .any(|l| l.goal == goal && l.indicator.code == indicator.code)
            {
                out.push(GoalIndicator { goal, indicator });
            }
        }
    }
    errors.into_result(out)
}

/// Whether a stored note marks the link as inferred by Husk rather than recorded by someone.
pub fn is_inferred(note: &str) -> bool {
    note.trim_start().starts_with("Utledet")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(goal: &str, indicator: &str) -> GoalIndicatorInput {
        GoalIndicatorInput {
            goal: goal.into(),
            indicator: indicator.into(),
        }
    }

    #[test]
    fn links_need_a_goal_of_the_programme_and_a_known_indicator() {
        let goals = ["hovedmal", "resultat-4"];
        let ok = validate(
            &goals,
            &[
                row("resultat-4", "startlan"),
                row("", ""),
                row("resultat-4", "Mottakere av bostøtte"),
                row("resultat-4", "startlan"),
            ],
        )
        .unwrap();
        let codes: Vec<(&str, &str)> = ok
            .iter()
            .map(|l| (l.goal.as_str(), l.indicator.code))
            .collect();
        assert_eq!(
            codes,
            [
                ("resultat-4", "startlan"),
                ("resultat-4", "bostotte-mottakere")
            ]
        );

        let e = validate(
            &goals,
            &[row("resultat-9", "startlan"), row("hovedmal", "husleie")],
        )
        .unwrap_err();
        assert!(e
            .get("koblinger[0].mal")
            .unwrap()
            .contains("ikke målet «resultat-9»"));
        assert!(e
            .get("koblinger[1].indikator")
            .unwrap()
            .contains("kjenner ikke indikatoren «husleie»"));
        let e = validate(&goals, &[row("", "startlan")]).unwrap_err();
        assert!(e.get("koblinger[0].mal").is_some());
    }

    #[test]
    fn an_inferred_link_says_so() {
        assert!(is_inferred(
            "Utledet av Husk: startlån er et av Husbankens virkemidler."
        ));
        assert!(!is_inferred(""));
    }
}

//! The register's forms: the project form and the grant form read into the domain's raw input
//! types, and the Norwegian labels of their fields and of the filters (used in error
//! summaries).

use husk_domain::portfolio::split_codes;
use husk_domain::{GrantInput, ProjectInput};

/// The project form as submitted: the domain input plus the related-work field exactly as typed.
#[derive(Debug, Clone, Default)]
pub struct ProjectForm {
    pub input: ProjectInput,
    pub related_text: String,
}

impl ProjectForm {
    /// Reads `application/x-www-form-urlencoded` pairs. Checkbox groups (`themes`,
    /// `target_groups`, `learning_tools`) may repeat; `related` is split on commas and semicolons.
    pub fn from_pairs(pairs: &[(String, String)]) -> ProjectForm {
        let mut f = ProjectForm::default();
        for (key, value) in pairs {
            let i = &mut f.input;
            match key.as_str() {
                "id" => i.id = value.clone(),
                "kind" => i.kind = value.clone(),
                "title" => i.title = value.clone(),
                "description" => i.description = value.clone(),
                "region" => i.region = value.clone(),
                "recipient" => i.recipient = value.clone(),
                "recipient_type" => i.recipient_type = value.clone(),
                "orgnr" => i.orgnr = value.clone(),
                "kommunenummer" => i.kommunenummer = value.clone(),
                "start_year" => i.start_year = value.clone(),
                "end_year" => i.end_year = value.clone(),
                "status" => i.status = value.clone(),
                "themes" => i.themes.push(value.clone()),
                "target_groups" => i.target_groups.push(value.clone()),
                "learning_tools" => i.learning_tools.push(value.clone()),
                "parent" => i.parent = value.clone(),
                "related" => f.related_text = value.clone(),
                _ => {}
            }
        }
        f.input.related = split_codes(&f.related_text);
        f
    }

    /// The form filled in from a stored entry.
    pub fn from_input(input: ProjectInput) -> ProjectForm {
        ProjectForm {
            related_text: input.related.join(", "),
            input,
        }
    }
}

/// Reads the grant form's pairs (`year`, `amount_nok`, `budget_item`, `status`, `note`).
pub fn grant_input(pairs: &[(String, String)]) -> GrantInput {
    let mut g = GrantInput::default();
    for (key, value) in pairs {
        match key.as_str() {
            "year" => g.year = value.clone(),
            "amount_nok" => g.amount_nok = value.clone(),
            "budget_item" => g.budget_item = value.clone(),
            "status" => g.status = value.clone(),
            "note" => g.note = value.clone(),
            _ => {}
        }
    }
    g
}

/// The label a user sees for a project form field.
pub fn project_label(field: &str) -> &'static str {
    match field {
        "id" => "Id",
        "kind" => "Type",
        "title" => "Tittel",
        "description" => "Beskrivelse",
        "region" => "Ansvarlig kontor",
        "recipient" => "Mottaker",
        "recipient_type" => "Mottakertype",
        "orgnr" => "Organisasjonsnummer",
        "kommunenummer" => "Kommunenummer",
        "start_year" => "Startår",
        "end_year" => "Sluttår",
        "status" => "Status",
        "themes" => "Kunnskapstemaer",
        "target_groups" => "Målgrupper",
        "learning_tools" => "Læringsverktøy",
        "parent" => "Overordnet program",
        "related" => "Relatert arbeid",
        _ => "Skjemaet",
    }
}

/// The label a user sees for a grant form field.
pub fn grant_label(field: &str) -> &'static str {
    match field {
        "year" => "År",
        "amount_nok" => "Beløp",
        "budget_item" => "Budsjettpost",
        "status" => "Status",
        "note" => "Merknad",
        _ => "Tilskuddet",
    }
}

/// The label a user sees for a filter parameter.
pub fn filter_label(field: &str) -> &'static str {
    match field {
        "region" => "Kontor",
        "from" => "Fra år",
        "to" => "Til år",
        "kind" => "Type",
        "target_group" => "Målgruppe",
        "programme_only" => "Bare programkommuner",
        "theme" => "Tema",
        "recipient_type" => "Mottakertype",
        "status" => "Status",
        "q" => "Søk",
        "measure" => "Vis i matrisen",
        "gap_threshold" => "Terskel for lite dekket",
        _ => "Filteret",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn project_form_collects_checkboxes_and_splits_related() {
        let f = ProjectForm::from_pairs(&pairs(&[
            ("title", "Bo trygt"),
            ("themes", "kompetanseheving"),
            ("themes", "tildeling-bosetting"),
            ("related", "vest-01; ost-02 ,"),
        ]));
        assert_eq!(f.input.title, "Bo trygt");
        assert_eq!(
            f.input.themes,
            vec!["kompetanseheving", "tildeling-bosetting"]
        );
        assert_eq!(f.input.related, vec!["vest-01", "ost-02"]);
        assert_eq!(f.related_text, "vest-01; ost-02 ,");
    }

    #[test]
    fn grant_form() {
        let g = grant_input(&pairs(&[("year", "2014"), ("amount_nok", "1 500 000")]));
        assert_eq!(
            (g.year.as_str(), g.amount_nok.as_str()),
            ("2014", "1 500 000")
        );
    }
}

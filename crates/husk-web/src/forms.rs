//! Reading the HTML forms into the domain's raw input types, and the Norwegian labels of the
//! form fields (used in error summaries).

use husk_domain::portfolio::split_codes;
use husk_domain::{DocumentInput, FieldErrors, GrantInput, ProjectInput};

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

/// The upload form of a document as submitted (everything but the file), kept exactly as typed
/// so that a rejected form can be shown again.
#[derive(Debug, Clone, Default)]
pub struct DocumentForm {
    pub title: String,
    pub authors: String,
    pub publisher: String,
    pub year: String,
    pub doc_type: String,
    pub region: String,
    /// `intern` (the default) or `offentlig`.
    pub visibility: String,
    pub projects_text: String,
    pub themes: Vec<String>,
    pub target_groups: Vec<String>,
}

impl DocumentForm {
    /// Takes one text field of the form; unknown fields are ignored.
    pub fn set(&mut self, key: &str, value: String) {
        match key {
            "title" => self.title = value,
            "authors" => self.authors = value,
            "publisher" => self.publisher = value,
            "year" => self.year = value,
            "doc_type" => self.doc_type = value,
            "region" => self.region = value,
            "visibility" => self.visibility = value,
            "projects" => self.projects_text = value,
            "themes" => self.themes.push(value),
            "target_groups" => self.target_groups.push(value),
            _ => {}
        }
    }

    /// Whether the user chose "Offentlig"; anything else is internal.
    pub fn is_public(&self) -> bool {
        self.visibility.trim() == "offentlig"
    }

    /// The domain input; the project ids are split on commas and semicolons.
    pub fn input(&self) -> DocumentInput {
        DocumentInput {
            title: self.title.clone(),
            authors: self.authors.clone(),
            publisher: self.publisher.clone(),
            year: self.year.clone(),
            doc_type: self.doc_type.clone(),
            region: self.region.clone(),
            public: self.is_public(),
            projects: split_codes(&self.projects_text),
            organisations: Vec::new(),
            themes: self.themes.clone(),
            target_groups: self.target_groups.clone(),
            type_required: true,
        }
    }
}

/// The label a user sees for a document form field.
pub fn document_label(field: &str) -> &'static str {
    match field {
        "file" => "Fil",
        "title" => "Tittel",
        "authors" => "Forfattere",
        "publisher" => "Utgiver",
        "year" => "År",
        "doc_type" => "Dokumenttype",
        "region" => "Kontor",
        "visibility" => "Tilgang",
        "projects" => "Tilknyttede prosjekter",
        "themes" => "Kunnskapstemaer",
        "target_groups" => "Målgrupper",
        _ => "Skjemaet",
    }
}

/// The label a user sees for a search parameter.
pub fn search_label(field: &str) -> &'static str {
    match field {
        "q" => "Søk",
        "type" => "Dokumenttype",
        "year_from" => "Fra år",
        "year_to" => "Til år",
        "region" => "Kontor",
        "theme" => "Tema",
        "target_group" => "Målgruppe",
        "limit" => "Antall dokumenter",
        _ => "Søket",
    }
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

/// One line of an error summary: the field's label and message, and the id to link to.
#[derive(Debug, Clone)]
pub struct SummaryItem {
    pub target: String,
    pub label: &'static str,
    pub message: String,
}

/// Turns field errors into error-summary lines. `id_prefix` + field name is the id of the
/// field's input on the page.
pub fn summary(
    errors: &FieldErrors,
    id_prefix: &str,
    label: fn(&str) -> &'static str,
) -> Vec<SummaryItem> {
    errors
        .iter()
        .map(|e| SummaryItem {
            target: format!("{id_prefix}{}", e.field),
            label: label(&e.field),
            message: e.message.clone(),
        })
        .collect()
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
    fn document_form_defaults_to_internal_and_splits_projects() {
        let mut f = DocumentForm::default();
        f.set("title", "Rapport".into());
        f.set("projects", "vest-01, sor-02;".into());
        f.set("themes", "kompetanseheving".into());
        let i = f.input();
        assert!(!i.public);
        assert_eq!(i.projects, vec!["vest-01", "sor-02"]);
        assert_eq!(i.themes, vec!["kompetanseheving"]);
        f.set("visibility", "offentlig".into());
        assert!(f.input().public);
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

//! The knowledge base's forms: the document upload form read into the domain's raw input, and
//! the Norwegian labels of its fields and of the search parameters (used in error summaries).

use husk_domain::portfolio::split_codes;
use husk_domain::DocumentInput;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}

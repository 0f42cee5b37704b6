//! The knowledge base's documents: reports, evaluations, guides and research, with what they
//! concern (projects, organisations, themes, target groups) and who may read them.

use crate::limits;
use crate::norwegian::{count, list};
use crate::portfolio::{parse_year, split_codes, validate_id};
use crate::taxonomy::Taxonomy;
use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};

/// The kinds of document the knowledge base holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocumentType {
    #[serde(rename = "fou-rapport")]
    FouRapport,
    #[serde(rename = "evaluering")]
    Evaluering,
    #[serde(rename = "sluttrapport")]
    Sluttrapport,
    #[serde(rename = "halvarsrapport")]
    Halvarsrapport,
    #[serde(rename = "arsrapport")]
    Arsrapport,
    #[serde(rename = "veileder")]
    Veileder,
    #[serde(rename = "metodehandbok")]
    Metodehandbok,
    #[serde(rename = "masteroppgave")]
    Masteroppgave,
    #[serde(rename = "annet")]
    Annet,
}

impl DocumentType {
    pub const ALL: &'static [DocumentType] = &[
        DocumentType::FouRapport,
        DocumentType::Evaluering,
        DocumentType::Sluttrapport,
        DocumentType::Halvarsrapport,
        DocumentType::Arsrapport,
        DocumentType::Veileder,
        DocumentType::Metodehandbok,
        DocumentType::Masteroppgave,
        DocumentType::Annet,
    ];
    pub fn code(self) -> &'static str {
        match self {
            DocumentType::FouRapport => "fou-rapport",
            DocumentType::Evaluering => "evaluering",
            DocumentType::Sluttrapport => "sluttrapport",
            DocumentType::Halvarsrapport => "halvarsrapport",
            DocumentType::Arsrapport => "arsrapport",
            DocumentType::Veileder => "veileder",
            DocumentType::Metodehandbok => "metodehandbok",
            DocumentType::Masteroppgave => "masteroppgave",
            DocumentType::Annet => "annet",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            DocumentType::FouRapport => "FoU-rapport",
            DocumentType::Evaluering => "Evaluering",
            DocumentType::Sluttrapport => "Sluttrapport",
            DocumentType::Halvarsrapport => "Halvårsrapport",
            DocumentType::Arsrapport => "Årsrapport",
            DocumentType::Veileder => "Veileder",
            DocumentType::Metodehandbok => "Metodehåndbok",
            DocumentType::Masteroppgave => "Masteroppgave",
            DocumentType::Annet => "Annet",
        }
    }
    /// Accepts the code or the Norwegian label in any case ("FoU-rapport", "halvårsrapport").
    pub fn parse(s: &str) -> Option<DocumentType> {
        let s = s.trim().to_lowercase();
        DocumentType::ALL
            .iter()
            .copied()
            .find(|t| t.code() == s || t.label().to_lowercase() == s)
    }
    /// The codes a user may write, as a Norwegian list: "fou-rapport, evaluering, … eller annet".
    pub fn expected() -> String {
        let codes: Vec<&str> = DocumentType::ALL.iter().map(|t| t.code()).collect();
        crate::norwegian::list(&codes, "eller")
    }
}

/// A search's totals as the search page and the command line both say them: «168 avsnitt i 5
/// dokumenter med alle søkeordene», «1 avsnitt i 1 dokument». `query_terms` is the number of
/// words searched for and `min_matched_terms` how many of them every counted passage has (the
/// search counts the passages with all the words when they fill the page, otherwise those with
/// fewer).
pub fn search_totals(
    passages: usize,
    documents: usize,
    query_terms: u32,
    min_matched_terms: u32,
) -> String {
    let documents = count(documents as i64, "dokument", "dokumenter");
    let scope = match (query_terms, min_matched_terms) {
        (n, k) if n > 1 && k == n => " med alle søkeordene".to_string(),
        (n, k) if n > 1 && k > 1 => format!(" med minst {k} av de {n} søkeordene"),
        _ => String::new(),
    };
    format!(
        "{} i {documents}{scope}",
        count(passages as i64, "avsnitt", "avsnitt")
    )
}

/// A passage as people number it (from 1, as on the document page), with its headings:
/// «Avsnitt 13: 3 Resultater». `ordinal` is the passage's place in the document from 0.
pub fn passage_label(ordinal: u64, heading: Option<&str>) -> String {
    match heading {
        Some(heading) if !heading.is_empty() => format!("Avsnitt {}: {heading}", ordinal + 1),
        _ => format!("Avsnitt {}", ordinal + 1),
    }
}

/// A document's description as typed in the upload form or given on the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DocumentInput {
    pub title: String,
    /// Authors or publisher, as written on the document.
    pub authors: String,
    pub publisher: String,
    pub year: String,
    pub doc_type: String,
    /// The responsible office, if any (`ost`, `vest`, …).
    pub region: String,
    pub public: bool,
    pub projects: Vec<String>,
    pub organisations: Vec<String>,
    pub themes: Vec<String>,
    pub target_groups: Vec<String>,
    /// The type must be chosen (the upload form); otherwise a missing type means «Annet»
    /// (the command line and the report approval give their own).
    #[serde(skip)]
    pub type_required: bool,
}

/// A validated document description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentMeta {
    pub title: String,
    pub authors: String,
    pub publisher: String,
    pub year: Option<i32>,
    pub doc_type: DocumentType,
    pub region: Option<String>,
    pub public: bool,
    pub projects: Vec<String>,
    pub organisations: Vec<String>,
    pub themes: Vec<String>,
    pub target_groups: Vec<String>,
}

impl DocumentInput {
    /// Checks every field; `fallback_title` (for example from the file) is used when no title
    /// is given.
    pub fn validate(
        &self,
        tax: &Taxonomy,
        fallback_title: Option<&str>,
    ) -> Result<DocumentMeta, FieldErrors> {
        let mut e = FieldErrors::new();
        let title = match self.title.trim() {
            "" => fallback_title.map(str::trim).unwrap_or("").to_string(),
            t => t.to_string(),
        };
        if title.is_empty() {
            e.push(
                "title",
                "Tittelen mangler, og filen har ingen tittel Husk kan bruke. Skriv en tittel.",
            );
        } else {
            limits::check(&mut e, "title", "Tittel", &title, limits::DOCUMENT_TITLE);
        }
        let authors = self.authors.trim().to_string();
        limits::check(
            &mut e,
            "authors",
            "Forfattere",
            &authors,
            limits::DOCUMENT_CREDIT,
        );
        let publisher = self.publisher.trim().to_string();
        limits::check(
            &mut e,
            "publisher",
            "Utgiver",
            &publisher,
            limits::DOCUMENT_CREDIT,
        );
        let year = match self.year.trim() {
            "" => None,
            y => parse_year(y).map_err(|m| e.push("year", m)).ok(),
        };
        let doc_type = match self.doc_type.trim() {
            "" if self.type_required => {
                e.push(
                    "doc_type",
                    "Velg hva slags dokument dette er, for eksempel FoU-rapport, evaluering eller veileder.",
                );
                None
            }
            "" => Some(DocumentType::Annet),
            t => DocumentType::parse(t).or_else(|| {
                e.push(
                    "doc_type",
                    format!(
                        "«{t}» er ikke en dokumenttype. Velg {}.",
                        DocumentType::expected()
                    ),
                );
                None
            }),
        };
        let region = match self.region.trim() {
            "" => None,
            r if tax.region(r).is_some() => Some(r.to_string()),
            r => {
                e.push(
                    "region",
                    format!(
                        "«{r}» er ikke et av Husbankens kontorer. Velg {}.",
                        Taxonomy::codes_of(&tax.regions)
                    ),
                );
                None
            }
        };
        let codes = |list: &[String]| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for c in list.iter().flat_map(|c| split_codes(c)) {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
            out
        };
        let projects = codes(&self.projects);
        for p in &projects {
            if let Err(m) = validate_id(p) {
                e.push("projects", m);
            }
        }
        let themes = codes(&self.themes);
        let bad: Vec<String> = themes
            .iter()
            .filter(|t| tax.theme(t).is_none())
            .map(|t| format!("«{t}»"))
            .collect();
        if !bad.is_empty() {
            let what = if bad.len() == 1 { "Temaet" } else { "Temaene" };
            e.push(
                "themes",
                format!(
                    "{what} {} finnes ikke i Husk. Velg blant {}.",
                    list(&bad, "og"),
                    Taxonomy::codes_of(&tax.themes)
                ),
            );
        }
        let target_groups = codes(&self.target_groups);
        let bad: Vec<String> = target_groups
            .iter()
            .filter(|t| tax.target_group(t).is_none())
            .map(|t| format!("«{t}»"))
            .collect();
        if !bad.is_empty() {
            let what = if bad.len() == 1 {
                "Målgruppen"
            } else {
                "Målgruppene"
            };
            e.push(
                "target_groups",
                format!(
                    "{what} {} finnes ikke i Husk. Velg blant {}.",
                    list(&bad, "og"),
                    Taxonomy::codes_of(&tax.target_groups)
                ),
            );
        }
        let organisations: Vec<String> = self
            .organisations
            .iter()
            .map(|o| o.trim().to_string())
            .filter(|o| !o.is_empty())
            .collect();
        for o in &organisations {
            limits::check(&mut e, "organisations", "Organisasjoner", o, limits::NAME);
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(DocumentMeta {
            title,
            authors,
            publisher,
            year,
            doc_type: doc_type.unwrap(),
            region,
            public: self.public,
            projects,
            organisations,
            themes,
            target_groups,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_totals_count_with_the_right_words() {
        assert_eq!(
            search_totals(1680, 5, 2, 2),
            "1 680 avsnitt i 5 dokumenter med alle søkeordene"
        );
        assert_eq!(search_totals(1, 1, 1, 1), "1 avsnitt i 1 dokument");
        assert_eq!(
            search_totals(12, 3, 4, 2),
            "12 avsnitt i 3 dokumenter med minst 2 av de 4 søkeordene"
        );
        assert_eq!(search_totals(40, 7, 3, 1), "40 avsnitt i 7 dokumenter");
        assert_eq!(passage_label(0, None), "Avsnitt 1");
        assert_eq!(
            passage_label(12, Some("3 Resultater")),
            "Avsnitt 13: 3 Resultater"
        );
    }

    #[test]
    fn document_types_parse_from_codes_and_labels() {
        assert_eq!(
            DocumentType::parse("FoU-rapport"),
            Some(DocumentType::FouRapport)
        );
        assert_eq!(
            DocumentType::parse("halvårsrapport"),
            Some(DocumentType::Halvarsrapport)
        );
        assert_eq!(
            DocumentType::parse("metodehandbok"),
            Some(DocumentType::Metodehandbok)
        );
        assert_eq!(DocumentType::parse("roman"), None);
    }

    #[test]
    fn long_titles_credits_and_organisation_names_are_refused() {
        let input = DocumentInput {
            title: "t".repeat(501),
            authors: "a".repeat(501),
            publisher: "p".repeat(501),
            organisations: vec!["o".repeat(201)],
            ..Default::default()
        };
        let e = input.validate(&Taxonomy::builtin(), None).unwrap_err();
        assert!(e.get("title").unwrap().contains("«Tittel» har 501 tegn"));
        assert!(e
            .get("authors")
            .unwrap()
            .contains("«Forfattere» har 501 tegn"));
        assert!(e
            .get("publisher")
            .unwrap()
            .contains("«Utgiver» har 501 tegn"));
        assert!(e.get("organisations").unwrap().contains("høyst 200 tegn"));
    }

    #[test]
    fn a_document_needs_a_title_from_the_user_or_the_file() {
        let tax = Taxonomy::builtin();
        let input = DocumentInput {
            doc_type: "evaluering".into(),
            year: "2012".into(),
            ..Default::default()
        };
        assert!(input
            .validate(&tax, None)
            .unwrap_err()
            .get("title")
            .is_some());
        let meta = input.validate(&tax, Some("Følgeevaluering")).unwrap();
        assert_eq!(
            (meta.title.as_str(), meta.year, meta.doc_type),
            ("Følgeevaluering", Some(2012), DocumentType::Evaluering)
        );
        assert!(!meta.public, "documents are internal unless marked public");
    }

    #[test]
    fn bad_fields_are_all_reported() {
        let tax = Taxonomy::builtin();
        let input = DocumentInput {
            title: "T".into(),
            year: "tjue".into(),
            doc_type: "roman".into(),
            region: "nord".into(),
            themes: vec!["bolig".into()],
            projects: vec!["Vest 01".into()],
            ..Default::default()
        };
        let e = input.validate(&tax, None).unwrap_err();
        for f in ["year", "doc_type", "region", "themes", "projects"] {
            assert!(e.get(f).is_some(), "{f}: {e}");
        }
    }
}

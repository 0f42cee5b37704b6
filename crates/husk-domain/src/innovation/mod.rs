//! Innovation and its spread (*innovasjon og spredning*): methods, services, practices, tools,
//! rules and financing models, where they began, and which municipality or organisation took
//! each up, when, from whom, through which channel and how far it got.
//!
//! Seed 000 (*Innovasjon og styring i boligsosialt arbeid*, 2014) gives the kinds of social
//! innovation and how each spreads (Tabell 3.1, `data/reference/diffusion_typology.csv`), the
//! matrix of innovation dimensions × areas of social housing work with its examples (Tabell
//! 5.1, `innovation_dimensions.csv`, `innovation_areas.csv`, `innovation_matrix.csv`) and the
//! four models for getting homeless people into housing (Tabell 2.2, `practice_models.csv`).
//!
//! Plain types and rules only: [`adoptions`] holds what an adoption is and its rules,
//! [`diffusion`] the graph, the adoption curve, the suggested sources and the "likely next"
//! list. husk-store's, husk-web's and the CLI's `innovation` build on them.

pub mod adoptions;
pub mod diffusion;
pub mod examples;
pub mod proposals;

use crate::ids::Kommunenummer;
use crate::limits;
use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};

const TYPOLOGY_CSV: &str = include_str!("../../../../data/reference/diffusion_typology.csv");
const DIMENSIONS_CSV: &str = include_str!("../../../../data/reference/innovation_dimensions.csv");
const AREAS_CSV: &str = include_str!("../../../../data/reference/innovation_areas.csv");
const MATRIX_CSV: &str = include_str!("../../../../data/reference/innovation_matrix.csv");
const PRACTICE_MODELS_CSV: &str = include_str!("../../../../data/reference/practice_models.csv");

code_enum!(
    /// The kind of social innovation (seed 000, Tabell 3.1).
    InnovationKind {
        Service = "tjeneste", "Nye tjenester";
        Practice = "praksis", "Nye praksiser";
        Process = "prosess", "Nye prosesser";
        Rule = "regulering", "Nye regler og reguleringer";
        OrganisationalForm = "organisasjonsform", "Nye organisasjonsformer";
    }
    expected "tjeneste, praksis, prosess, regulering eller organisasjonsform"
);

code_enum!(
    /// A dimension of social innovation: a row of seed 000's Tabell 5.1.
    Dimension {
        Services = "tjenester", "Innovasjon i tjenester";
        Rules = "reguleringer-rettigheter", "Reguleringer og rettigheter";
        Governance = "styring", "Styring (governance)";
        WaysAndFinancing = "arbeidsmater-finansiering", "Arbeidsmåter og finansiering";
        LocalWelfare = "lokale-velferdssystemer", "Helheten i lokale velferdssystemer";
    }
    expected "tjenester, reguleringer-rettigheter, styring, arbeidsmater-finansiering eller lokale-velferdssystemer"
);

code_enum!(
    /// An area of social housing work: a column of seed 000's Tabell 5.1.
    Area {
        Provision = "fremskaffelse", "Fremskaffelse av boliger";
        Settling = "etablering", "Hjelp til etablering";
        FollowUp = "oppfolging", "Oppfølging, tjenester";
    }
    expected "fremskaffelse, etablering eller oppfolging"
);

code_enum!(
    /// A model for getting homeless people into housing (seed 000, Tabell 2.2).
    PracticeModel {
        HousingFirst = "housing-first", "Housing First";
        Normalisation = "normalisering", "Normaliseringsmodell";
        Chain = "kjede", "Kjedemodell";
        Staircase = "trappetrinn", "Trappetrinnsmodell";
    }
    expected "housing-first, normalisering, kjede eller trappetrinn"
);

code_enum!(
    /// What carries an innovation in Husk: a register entry, a document, a learning arena or a
    /// grant.
    LinkKind {
        Entry = "prosjekt", "Prosjekt i registeret";
        Document = "dokument", "Dokument i kunnskapsbasen";
        Arena = "arena", "Læringsarena";
        Grant = "tilskudd", "Tilskudd";
    }
    expected "prosjekt, dokument, arena eller tilskudd"
);

/// A row of seed 000's Tabell 3.1: a kind of innovation, examples and how it grows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Typology {
    pub innovation_type: String,
    pub name_nb: String,
    pub examples_nb: String,
    /// How this kind grows, `;`-separated codes as the table gives them.
    pub growth_paths: String,
}

/// A cell of seed 000's Tabell 5.1: the examples it gives for a dimension in an area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixCell {
    pub dimension: String,
    pub area: String,
    pub examples_nb: String,
}

/// A row of seed 000's Tabell 2.2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeModelRow {
    pub code: String,
    pub name_nb: String,
    pub goal_nb: String,
    pub method_nb: String,
    pub basis_nb: String,
}

#[derive(Debug, Deserialize)]
struct Named {
    code: String,
    name_nb: String,
}

/// Seed 000's reference tables for innovation, compiled in.
#[derive(Debug, Clone)]
pub struct Reference {
    pub typology: Vec<Typology>,
    pub matrix: Vec<MatrixCell>,
    pub practice_models: Vec<PracticeModelRow>,
    /// (code, name) in the table's order.
    pub dimensions: Vec<(String, String)>,
    pub areas: Vec<(String, String)>,
}

fn rows<T: serde::de::DeserializeOwned>(csv_text: &str, what: &str) -> Vec<T> {
    csv::Reader::from_reader(csv_text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .unwrap_or_else(|e| panic!("data/reference/{what} is compiled in and must parse: {e}"))
}

impl Reference {
    /// The tables as shipped in `data/reference/`.
    pub fn builtin() -> &'static Reference {
        static REFERENCE: std::sync::OnceLock<Reference> = std::sync::OnceLock::new();
        REFERENCE.get_or_init(|| {
            let named = |text: &str, what: &str| {
                rows::<Named>(text, what)
                    .into_iter()
                    .map(|n| (n.code, n.name_nb))
                    .collect()
            };
            Reference {
                typology: rows(TYPOLOGY_CSV, "diffusion_typology.csv"),
                matrix: rows(MATRIX_CSV, "innovation_matrix.csv"),
                practice_models: rows(PRACTICE_MODELS_CSV, "practice_models.csv"),
                dimensions: named(DIMENSIONS_CSV, "innovation_dimensions.csv"),
                areas: named(AREAS_CSV, "innovation_areas.csv"),
            }
        })
    }

    /// The examples Tabell 5.1 gives for a dimension in an area, if it gives any.
    pub fn cell(&self, dimension: Dimension, area: Area) -> Option<&MatrixCell> {
        self.matrix
            .iter()
            .find(|c| c.dimension == dimension.code() && c.area == area.code())
    }

    pub fn typology(&self, kind: InnovationKind) -> Option<&Typology> {
        self.typology
            .iter()
            .find(|t| t.innovation_type == kind.code())
    }

    pub fn practice_model(&self, model: PracticeModel) -> Option<&PracticeModelRow> {
        self.practice_models.iter().find(|m| m.code == model.code())
    }
}

/// Where an innovation sits in seed 000's matrix, and whether the table has examples there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Classification {
    pub kind: InnovationKind,
    pub dimension: Dimension,
    pub area: Area,
    /// Whether Tabell 5.1 gives examples for this dimension in this area (it leaves two cells
    /// of «Helheten i lokale velferdssystemer» empty).
    pub in_reference_matrix: bool,
}

impl Classification {
    pub fn new(kind: InnovationKind, dimension: Dimension, area: Area) -> Self {
        Self {
            kind,
            dimension,
            area,
            in_reference_matrix: Reference::builtin().cell(dimension, area).is_some(),
        }
    }
}

/// Where an innovation was first used (an empty place: not known).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// A municipality, city or organisation.
    pub place: String,
    pub kommunenummer: Option<Kommunenummer>,
    /// «Norge», or the country abroad.
    pub country: String,
    pub year: Option<i32>,
}

impl Origin {
    pub fn abroad(&self) -> bool {
        !self.country.trim().is_empty() && self.country.trim() != "Norge"
    }
}

/// An innovation's own facts, as checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Innovation {
    pub code: String,
    pub name: String,
    pub description: String,
    pub classification: Classification,
    pub practice_model: Option<PracticeModel>,
    /// `Some(true)` radical, `Some(false)` incremental, `None` not stated.
    pub radical: Option<bool>,
    /// For example a social impact bond or a public–social partnership.
    pub financing: String,
    pub origin: Origin,
}

/// An innovation as typed in its form (or read from a demo file).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct InnovationInput {
    pub code: String,
    pub name: String,
    pub description: String,
    pub kind: String,
    pub dimension: String,
    pub area: String,
    pub practice_model: String,
    /// «radikal», «inkrementell» or empty.
    pub radical: String,
    pub financing: String,
    pub origin_place: String,
    pub origin_kommunenummer: String,
    pub origin_country: String,
    pub origin_year: String,
}

/// The earliest and latest year Husk accepts for an innovation's origin or an adoption.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2100;

/// An optional year: `None` when empty, the year, or an error at `field`.
pub(crate) fn optional_year(
    e: &mut FieldErrors,
    field: &str,
    label: &str,
    raw: &str,
) -> Option<i32> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<i32>() {
        Ok(y) if (FIRST_YEAR..=LAST_YEAR).contains(&y) => Some(y),
        _ => {
            e.push(
                field,
                format!("Skriv «{label}» som et årstall med fire siffer, for eksempel 2012, ikke «{raw}».",),
            );
            None
        }
    }
}

/// Whether a code is a usable identifier: lower-case letters, digits and hyphens.
pub fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 60
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !code.starts_with('-')
}

impl InnovationInput {
    /// Checks the form: every problem at its field, in Norwegian.
    pub fn validate(&self) -> Result<Innovation, FieldErrors> {
        let mut e = FieldErrors::new();
        let code = self.code.trim();
        if !valid_code(code) {
            e.push(
                "kode",
                "Skriv en kode med små bokstaver (a–z), sifre og bindestrek, for eksempel leie-til-eie.",
            );
        }
        let name = self.name.trim();
        if name.is_empty() {
            e.push("navn", "Skriv navnet på innovasjonen.");
        } else {
            limits::check(&mut e, "navn", "Navn", name, limits::NAME);
        }
        limits::check(
            &mut e,
            "beskrivelse",
            "Beskrivelse",
            self.description.trim(),
            limits::DESCRIPTION,
        );
        let kind = InnovationKind::from_code(&self.kind);
        if kind.is_none() {
            e.push(
                "type",
                "Velg hva slags innovasjon det er: en ny tjeneste, praksis, prosess, regel eller organisasjonsform.",
            );
        }
        let dimension = Dimension::from_code(&self.dimension);
        if dimension.is_none() {
            e.push(
                "dimensjon",
                "Velg innovasjonsdimensjonen (raden i innovasjonsmatrisen).",
            );
        }
        let area = Area::from_code(&self.area);
        if area.is_none() {
            e.push(
                "omrade",
                "Velg området i det boligsosiale arbeidet (kolonnen i innovasjonsmatrisen).",
            );
        }
        let practice_model = match self.practice_model.trim() {
            "" => None,
            m => {
                let found = PracticeModel::from_code(m);
                if found.is_none() {
                    e.push(
                        "praksismodell",
                        "Velg en av de fire praksismodellene, eller la feltet stå tomt.",
                    );
                }
                found
            }
        };
        let radical = match self.radical.trim() {
            "" => None,
            "radikal" => Some(true),
            "inkrementell" => Some(false),
            _ => {
                e.push(
                    "radikal",
                    "Velg radikal eller inkrementell, eller la feltet stå tomt om det ikke er kjent.",
                );
                None
            }
        };
        limits::check(
            &mut e,
            "finansiering",
            "Finansieringsmodell",
            self.financing.trim(),
            limits::NAME,
        );
        // Where it began may not be known (no report says where rent-to-own began): then it
        // is left empty and shown as not stated.
        let place = self.origin_place.trim();
        limits::check(&mut e, "opprinnelse", "Opprinnelse", place, limits::NAME);
        let kommunenummer = match self.origin_kommunenummer.trim() {
            "" => None,
            k => match Kommunenummer::parse(k) {
                Ok(k) => Some(k),
                Err(m) => {
                    e.push("opprinnelse_kommunenummer", m);
                    None
                }
            },
        };
        let country = match self.origin_country.trim() {
            "" if place.is_empty() => "",
            "" => "Norge",
            c => c,
        };
        limits::check(&mut e, "land", "Land", country, limits::NAME);
        if kommunenummer.is_some() && country != "Norge" {
            e.push(
                "opprinnelse_kommunenummer",
                format!("Et kommunenummer hører til en norsk kommune, men landet er {country}. Fjern kommunenummeret eller skriv Norge."),
            );
        }
        let year = optional_year(&mut e, "opprinnelse_ar", "År", &self.origin_year);
        match (kind, dimension, area) {
            (Some(kind), Some(dimension), Some(area)) if e.is_empty() => Ok(Innovation {
                code: code.to_string(),
                name: name.to_string(),
                description: self.description.trim().to_string(),
                classification: Classification::new(kind, dimension, area),
                practice_model,
                radical,
                financing: self.financing.trim().to_string(),
                origin: Origin {
                    place: place.to_string(),
                    kommunenummer,
                    country: country.to_string(),
                    year,
                },
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> InnovationInput {
        InnovationInput {
            code: "leie-til-eie".into(),
            name: "Fra leie til eie".into(),
            kind: "tjeneste".into(),
            dimension: "arbeidsmater-finansiering".into(),
            area: "etablering".into(),
            origin_place: "Trondheim".into(),
            origin_kommunenummer: "5001".into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_reference_tables_are_seed_000s() {
        let r = Reference::builtin();
        assert_eq!(r.dimensions.len(), Dimension::ALL.len());
        assert_eq!(r.areas.len(), Area::ALL.len());
        assert_eq!(r.typology.len(), InnovationKind::ALL.len());
        assert_eq!(r.practice_models.len(), PracticeModel::ALL.len());
        for (code, name) in &r.dimensions {
            assert_eq!(
                Dimension::from_code(code).map(|d| d.label()),
                Some(name.as_str())
            );
        }
        for t in &r.typology {
            let kind = InnovationKind::from_code(&t.innovation_type).unwrap();
            assert_eq!(kind.label(), t.name_nb);
        }
        for m in &r.practice_models {
            assert_eq!(
                PracticeModel::from_code(&m.code).map(|p| p.label()),
                Some(m.name_nb.as_str())
            );
        }
        // 13 of the 15 cells have examples; «Helheten i lokale velferdssystemer» only in
        // provision.
        assert_eq!(r.matrix.len(), 13);
        for c in &r.matrix {
            assert!(Dimension::from_code(&c.dimension).is_some(), "{c:?}");
            assert!(Area::from_code(&c.area).is_some(), "{c:?}");
        }
    }

    #[test]
    fn classification_is_checked_against_the_reference_matrix() {
        let ok = input().validate().unwrap();
        let c = ok.classification;
        assert!(c.in_reference_matrix);
        // Seed 000 puts rent-to-own (leie-til-eie) in this cell.
        assert!(Reference::builtin()
            .cell(c.dimension, c.area)
            .unwrap()
            .examples_nb
            .contains("Leie-til-eie"));
        let empty = Classification::new(
            InnovationKind::Service,
            Dimension::LocalWelfare,
            Area::FollowUp,
        );
        assert!(!empty.in_reference_matrix);

        let bad = InnovationInput {
            kind: "app".into(),
            dimension: "teknologi".into(),
            area: "".into(),
            practice_model: "sprang".into(),
            radical: "kanskje".into(),
            ..input()
        }
        .validate()
        .unwrap_err();
        for field in ["type", "dimensjon", "omrade", "praksismodell", "radikal"] {
            assert!(bad.get(field).is_some(), "{field}: {bad:?}");
        }
    }

    #[test]
    fn an_origin_abroad_has_no_kommunenummer_and_years_are_years() {
        let e = InnovationInput {
            origin_place: "Aberdeen".into(),
            origin_country: "Skottland".into(),
            origin_year: "nittitallet".into(),
            ..input()
        }
        .validate()
        .unwrap_err();
        assert!(e
            .get("opprinnelse_kommunenummer")
            .unwrap()
            .contains("Skottland"));
        assert!(e.get("opprinnelse_ar").unwrap().contains("nittitallet"));
        let abroad = InnovationInput {
            origin_place: "Aberdeen".into(),
            origin_country: "Skottland".into(),
            origin_kommunenummer: "".into(),
            ..input()
        }
        .validate()
        .unwrap();
        assert!(abroad.origin.abroad());
        assert!(!input().validate().unwrap().origin.abroad());
    }
}

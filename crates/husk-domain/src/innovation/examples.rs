//! Good examples (*gode eksempler*): an innovation or a register entry published for everyone
//! with a short public summary, a contact point and the evidence that it works, classified
//! for the public library's filters by area of social housing work, kind of innovation and
//! target groups.
//!
//! What the public reads is only what the example itself says: the adviser writes it for the
//! public. The innovation's adoptions, the entry's grant, reports and documents stay internal.

use super::{Area, InnovationKind};
use crate::limits;
use crate::taxonomy::Taxonomy;
use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};

/// The longest public summary, in characters: a short text, read in a list.
pub const SUMMARY_MAX: usize = 1_200;

/// What a good example is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Subject {
    /// An innovation, by its code.
    Innovation(String),
    /// A register entry, by its id.
    Entry(String),
}

/// A good example as checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoodExample {
    pub subject: Subject,
    pub title: String,
    pub summary: String,
    /// Whom to ask: an office, a role, an e-mail address or a telephone number.
    pub contact: String,
    /// What shows that it works, in public words (reports, evaluations, figures).
    pub evidence: String,
    /// Where it is practised (a municipality or organisation), if the example says.
    pub place: String,
    pub area: Area,
    pub kind: InnovationKind,
    /// Target group codes from the taxonomy, in the order chosen.
    pub target_groups: Vec<String>,
}

/// A good example as typed in its form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct GoodExampleInput {
    /// The innovation's code, or empty.
    pub innovation: String,
    /// The register entry's id, or empty.
    pub entry: String,
    pub title: String,
    pub summary: String,
    pub contact: String,
    pub evidence: String,
    pub place: String,
    pub area: String,
    pub kind: String,
    pub target_groups: Vec<String>,
}

impl GoodExampleInput {
    /// Checks the form: every problem at its field, in Norwegian.
    pub fn validate(&self, taxonomy: &Taxonomy) -> Result<GoodExample, FieldErrors> {
        let mut e = FieldErrors::new();
        let subject = match (self.innovation.trim(), self.entry.trim()) {
            ("", "") => {
                e.push(
                    "gjelder",
                    "Velg innovasjonen eller prosjektet det gode eksempelet gjelder.",
                );
                None
            }
            (i, "") => Some(Subject::Innovation(i.to_string())),
            ("", p) => Some(Subject::Entry(p.to_string())),
            _ => {
                e.push(
                    "gjelder",
                    "Et godt eksempel gjelder enten en innovasjon eller et prosjekt, ikke begge.",
                );
                None
            }
        };
        let title = self.title.trim();
        if title.is_empty() {
            e.push("tittel", "Skriv en tittel som sier hva eksempelet viser.");
        } else {
            limits::check(&mut e, "tittel", "Tittelen", title, limits::NAME);
        }
        let summary = self.summary.trim();
        if summary.is_empty() {
            e.push(
                "sammendrag",
                "Skriv et kort sammendrag for offentligheten: hva det er, for hvem og hva det ga.",
            );
        } else {
            limits::check(&mut e, "sammendrag", "Sammendraget", summary, SUMMARY_MAX);
        }
        let contact = self.contact.trim();
        if contact.is_empty() {
            e.push(
                "kontakt",
                "Skriv hvem andre kan spørre, for eksempel en enhet med e-postadresse eller telefonnummer.",
            );
        } else {
            limits::check(&mut e, "kontakt", "Kontaktpunktet", contact, limits::NAME);
        }
        let evidence = self.evidence.trim();
        if evidence.is_empty() {
            e.push(
                "dokumentasjon",
                "Skriv hva som viser at det virker: en rapport, en evaluering eller tall.",
            );
        } else {
            limits::check(
                &mut e,
                "dokumentasjon",
                "Dokumentasjonen",
                evidence,
                limits::NOTE,
            );
        }
        let place = self.place.trim();
        limits::check(&mut e, "sted", "Stedet", place, limits::NAME);
        let area = Area::from_code(&self.area);
        if area.is_none() {
            e.push(
                "omrade",
                "Velg området i det boligsosiale arbeidet eksempelet hører til.",
            );
        }
        let kind = InnovationKind::from_code(&self.kind);
        if kind.is_none() {
            e.push(
                "type",
                "Velg hva slags innovasjon det er: en ny tjeneste, praksis, prosess, regel eller organisasjonsform.",
            );
        }
        let mut target_groups: Vec<String> = Vec::new();
        for code in self.target_groups.iter().map(|c| c.trim()) {
            if code.is_empty() || target_groups.iter().any(|c| c == code) {
                continue;
            }
            if taxonomy.target_group(code).is_none() {
                e.push(
                    "malgrupper",
                    format!(
                        "«{code}» er ikke en målgruppe i Husk. Velg blant målgruppene i listen."
                    ),
                );
            } else {
                target_groups.push(code.to_string());
            }
        }
        if target_groups.is_empty() && e.get("malgrupper").is_none() {
            e.push(
                "malgrupper",
                "Velg minst én målgruppe, så eksempelet kan finnes med filteret.",
            );
        }
        match (subject, area, kind) {
            (Some(subject), Some(area), Some(kind)) if e.is_empty() => Ok(GoodExample {
                subject,
                title: title.to_string(),
                summary: summary.to_string(),
                contact: contact.to_string(),
                evidence: evidence.to_string(),
                place: place.to_string(),
                area,
                kind,
                target_groups,
            }),
            _ => Err(e),
        }
    }
}

/// The public library's filters. Empty means any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LibraryFilter {
    pub query: String,
    pub area: Option<Area>,
    pub kind: Option<InnovationKind>,
    pub target_group: Option<String>,
}

impl LibraryFilter {
    /// Whether an example's classification passes the filters (the text query aside).
    pub fn admits(&self, area: Area, kind: InnovationKind, target_groups: &[String]) -> bool {
        self.area.is_none_or(|a| a == area)
            && self.kind.is_none_or(|k| k == kind)
            && self
                .target_group
                .as_ref()
                .is_none_or(|t| target_groups.iter().any(|g| g == t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> GoodExampleInput {
        GoodExampleInput {
            innovation: "foyer".into(),
            title: "Foyer Bodø: bolig og utdanning for unge".into(),
            summary: "Unge uten bolig får en leilighet og følger skole eller arbeid.".into(),
            contact: "Bodø kommune, boligkontoret".into(),
            evidence: "Sluttrapport 2018".into(),
            area: "oppfolging".into(),
            kind: "tjeneste".into(),
            target_groups: vec!["unge".into()],
            ..Default::default()
        }
    }

    fn taxonomy() -> Taxonomy {
        Taxonomy::builtin()
    }

    #[test]
    fn a_good_example_needs_what_the_public_reads() {
        let t = taxonomy();
        let code = t.target_groups[0].code.clone();
        let ok = GoodExampleInput {
            target_groups: vec![code.clone(), code.clone()],
            ..input()
        }
        .validate(&t)
        .unwrap();
        assert_eq!(ok.subject, Subject::Innovation("foyer".into()));
        assert_eq!(ok.target_groups, vec![code]);

        let e = GoodExampleInput {
            innovation: String::new(),
            title: " ".into(),
            summary: "x".repeat(SUMMARY_MAX + 1),
            contact: String::new(),
            evidence: String::new(),
            area: "overalt".into(),
            kind: String::new(),
            target_groups: vec!["romvesener".into()],
            ..Default::default()
        }
        .validate(&t)
        .unwrap_err();
        for field in [
            "gjelder",
            "tittel",
            "sammendrag",
            "kontakt",
            "dokumentasjon",
            "omrade",
            "type",
            "malgrupper",
        ] {
            assert!(e.get(field).is_some(), "{field}: {e:?}");
        }
        assert!(e.get("malgrupper").unwrap().contains("romvesener"));
        let both = GoodExampleInput {
            entry: "nord-01".into(),
            ..input()
        }
        .validate(&t)
        .unwrap_err();
        assert!(both.get("gjelder").unwrap().contains("ikke begge"));
    }

    #[test]
    fn the_library_filters_by_area_kind_and_target_group() {
        let groups = vec!["unge".to_string()];
        let any = LibraryFilter::default();
        assert!(any.admits(Area::FollowUp, InnovationKind::Service, &groups));
        let f = LibraryFilter {
            area: Some(Area::FollowUp),
            kind: Some(InnovationKind::Service),
            target_group: Some("unge".into()),
            ..Default::default()
        };
        assert!(f.admits(Area::FollowUp, InnovationKind::Service, &groups));
        assert!(!f.admits(Area::Provision, InnovationKind::Service, &groups));
        assert!(!f.admits(Area::FollowUp, InnovationKind::Rule, &groups));
        assert!(!f.admits(Area::FollowUp, InnovationKind::Service, &[]));
    }
}

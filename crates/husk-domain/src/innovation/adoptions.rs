//! Adoptions: a municipality or organisation took up an innovation, when, from whom, how it
//! spread (seed 000, kap. 3: replication, adoption, scaling up, mainstreaming, policy
//! diffusion), through which channel and how far it got (seed 001's phases: idea, decision,
//! implementation, ordinary operation; or dropped).
//!
//! The rules: a confirmed adoption names its municipality (by kommunenummer) and its year; an
//! adoption cannot come before its source's own; nobody adopts from themselves. An adoption an
//! adviser has not confirmed (one proposed from a report answer, say) is shown as proposed and
//! counts nowhere.

use super::optional_year;
use crate::ids::Kommunenummer;
use crate::limits;
use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};

code_enum!(
    /// How an innovation spread to an adopter (seed 000, kap. 3).
    SpreadType {
        Replication = "replikering", "Replikering";
        Adoption = "adopsjon", "Adopsjon";
        ScalingUp = "oppskalering", "Oppskalering";
        Mainstreaming = "mainstreaming", "Mainstreaming";
        PolicyDiffusion = "politikkdiffusjon", "Politikkdiffusjon";
    }
    expected "replikering, adopsjon, oppskalering, mainstreaming eller politikkdiffusjon"
);

code_enum!(
    /// What carried an innovation to its adopter.
    Channel {
        Network = "nettverk", "Nettverk";
        LearningArena = "laeringsarena", "Læringsarena";
        StudyTrip = "studietur", "Studietur";
        Grant = "tilskudd", "Tilskudd";
        Report = "rapport", "Rapport";
        LearningAgent = "laeringsagent", "Læringsagent";
        Adviser = "radgiver", "Husbankens rådgiver";
        Other = "annet", "Annet";
    }
    expected "nettverk, laeringsarena, studietur, tilskudd, rapport, laeringsagent, radgiver eller annet"
);

code_enum!(
    /// How far an adopter got (seed 001's phases of an innovation, and dropped).
    Phase {
        Idea = "ide", "Idé";
        Decision = "beslutning", "Beslutning";
        Implementation = "implementering", "Implementering";
        Operation = "drift", "I ordinær drift";
        Dropped = "avsluttet", "Lagt bort";
    }
    expected "ide, beslutning, implementering, drift eller avsluttet"
);

code_enum!(
    /// Who adopted.
    AdopterKind {
        Municipality = "kommune", "Kommune";
        Organisation = "organisasjon", "Organisasjon";
    }
    expected "kommune eller organisasjon"
);

/// When an adoption happened: a year, or only that it was no later than a year (a report
/// that tells of it without dating it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AdoptionYear {
    pub year: i32,
    /// The year is the latest it can have been, not the year itself.
    pub at_latest: bool,
}

impl AdoptionYear {
    /// «2012», or «senest 2016».
    pub fn label(self) -> String {
        if self.at_latest {
            format!("senest {}", self.year)
        } else {
            self.year.to_string()
        }
    }
}

/// An adoption as checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Adoption {
    pub adopter: String,
    pub adopter_kind: AdopterKind,
    pub kommunenummer: Option<Kommunenummer>,
    /// The municipality or organisation it was taken from, when known.
    pub from: Option<String>,
    pub spread: SpreadType,
    pub channel: Channel,
    pub phase: Phase,
    pub year: Option<AdoptionYear>,
    /// The result, in a sentence.
    pub result: String,
    /// The documents, report answers or indicators that show it, as text.
    pub evidence: String,
    pub confirmed: bool,
}

/// An adoption as typed in its form (or read from a demo file).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct AdoptionInput {
    pub adopter: String,
    pub adopter_kind: String,
    pub kommunenummer: String,
    pub from: String,
    pub spread: String,
    pub channel: String,
    pub phase: String,
    pub year: String,
    /// Non-empty when the year is only the latest it can have been.
    pub year_at_latest: String,
    pub result: String,
    pub evidence: String,
    pub confirmed: bool,
}

/// Someone who already has the innovation: its origin or an earlier adopter, with the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub name: String,
    pub year: Option<AdoptionYear>,
}

/// Whether two names are the same municipality or organisation («Bergen» and «Bergen
/// kommune» are).
pub fn same_actor(a: &str, b: &str) -> bool {
    fn plain(s: &str) -> String {
        let s = s.trim().to_lowercase();
        s.strip_suffix(" kommune").unwrap_or(&s).trim().to_string()
    }
    !a.trim().is_empty() && plain(a) == plain(b)
}

impl AdoptionInput {
    /// Checks the form. `holders` are those who had the innovation before (its origin and the
    /// other adoptions), for the rule that nobody adopts before their source.
    pub fn validate(&self, holders: &[Holder]) -> Result<Adoption, FieldErrors> {
        let mut e = FieldErrors::new();
        let adopter = self.adopter.trim();
        if adopter.is_empty() {
            e.push(
                "adopter",
                "Skriv hvilken kommune eller organisasjon som tok innovasjonen i bruk.",
            );
        } else {
            limits::check(&mut e, "adopter", "Hvem", adopter, limits::NAME);
        }
        let kind = AdopterKind::from_code(&self.adopter_kind);
        if kind.is_none() {
            e.push(
                "adopter_type",
                "Velg om det er en kommune eller en organisasjon.",
            );
        }
        let kommunenummer = match self.kommunenummer.trim() {
            "" => None,
            k => match Kommunenummer::parse(k) {
                Ok(k) => Some(k),
                Err(m) => {
                    e.push("kommunenummer", m);
                    None
                }
            },
        };
        let from = self.from.trim();
        limits::check(&mut e, "fra", "Fra", from, limits::NAME);
        if same_actor(from, adopter) {
            e.push(
                "fra",
                format!("{adopter} kan ikke ha tatt innovasjonen fra seg selv. Skriv hvem de tok den fra, eller la feltet stå tomt."),
            );
        }
        let spread = SpreadType::from_code(&self.spread);
        if spread.is_none() {
            e.push(
                "spredning",
                "Velg spredningstypen: replikering, adopsjon, oppskalering, mainstreaming eller politikkdiffusjon.",
            );
        }
        let channel = Channel::from_code(&self.channel);
        if channel.is_none() {
            e.push(
                "kanal",
                "Velg kanalen innovasjonen kom gjennom, eller «annet».",
            );
        }
        let phase = Phase::from_code(&self.phase);
        if phase.is_none() {
            e.push("fase", "Velg hvor langt de er kommet: idé, beslutning, implementering, i ordinær drift eller lagt bort.");
        }
        let year = optional_year(&mut e, "ar", "År", &self.year).map(|y| AdoptionYear {
            year: y,
            at_latest: !self.year_at_latest.trim().is_empty(),
        });
        limits::check(
            &mut e,
            "resultat",
            "Resultat",
            self.result.trim(),
            limits::NOTE,
        );
        limits::check(
            &mut e,
            "dokumentasjon",
            "Dokumentasjon",
            self.evidence.trim(),
            limits::DESCRIPTION,
        );
        if self.confirmed {
            if kommunenummer.is_none() && self.kommunenummer.trim().is_empty() {
                e.push(
                    "kommunenummer",
                    "En bekreftet overtakelse må ha kommunen den skjedde i. Skriv kommunenummeret, for eksempel 4601 for Bergen.",
                );
            }
            if year.is_none() && self.year.trim().is_empty() {
                e.push(
                    "ar",
                    "En bekreftet overtakelse må ha et årstall. Skriv året, eller det seneste året den kan ha skjedd og kryss av for «senest».",
                );
            }
        }
        // Nobody takes an innovation up before the one they took it from had it.
        if let (Some(y), false) = (year, from.is_empty()) {
            if let Some(source) = holders.iter().find(|h| same_actor(&h.name, from)) {
                if let Some(s) = source.year.filter(|s| !s.at_latest) {
                    if y.year < s.year {
                        e.push(
                            "ar",
                            format!(
                                "{adopter} kan ikke ha tatt innovasjonen fra {from} i {}, for {from} tok den i bruk først i {}. Sjekk årstallet eller hvem de tok den fra.",
                                y.year, s.year
                            ),
                        );
                    }
                }
            }
        }
        match (kind, spread, channel, phase) {
            (Some(adopter_kind), Some(spread), Some(channel), Some(phase)) if e.is_empty() => {
                Ok(Adoption {
                    adopter: adopter.to_string(),
                    adopter_kind,
                    kommunenummer,
                    from: (!from.is_empty()).then(|| from.to_string()),
                    spread,
                    channel,
                    phase,
                    year,
                    result: self.result.trim().to_string(),
                    evidence: self.evidence.trim().to_string(),
                    confirmed: self.confirmed,
                })
            }
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bergen() -> AdoptionInput {
        AdoptionInput {
            adopter: "Bergen".into(),
            adopter_kind: "kommune".into(),
            kommunenummer: "4601".into(),
            from: "Trondheim".into(),
            spread: "replikering".into(),
            channel: "annet".into(),
            phase: "drift".into(),
            year: "2012".into(),
            confirmed: true,
            ..Default::default()
        }
    }

    fn trondheim(year: i32) -> Vec<Holder> {
        vec![Holder {
            name: "Trondheim kommune".into(),
            year: Some(AdoptionYear {
                year,
                at_latest: false,
            }),
        }]
    }

    #[test]
    fn a_confirmed_adoption_needs_a_municipality_and_a_year() {
        assert!(bergen().validate(&[]).is_ok());
        let e = AdoptionInput {
            kommunenummer: "".into(),
            year: "".into(),
            ..bergen()
        }
        .validate(&[])
        .unwrap_err();
        assert!(e.get("kommunenummer").unwrap().contains("bekreftet"));
        assert!(e.get("ar").unwrap().contains("årstall"));
        // Proposed, it may lack both until someone confirms it.
        let proposed = AdoptionInput {
            kommunenummer: "".into(),
            year: "".into(),
            confirmed: false,
            ..bergen()
        }
        .validate(&[])
        .unwrap();
        assert!(!proposed.confirmed && proposed.year.is_none());
    }

    #[test]
    fn an_adoption_cannot_come_before_its_sources_own() {
        let e = AdoptionInput {
            year: "2005".into(),
            ..bergen()
        }
        .validate(&trondheim(2008))
        .unwrap_err();
        let m = e.get("ar").unwrap();
        assert!(
            m.contains("2005") && m.contains("2008") && m.contains("Trondheim"),
            "{m}"
        );
        assert!(bergen().validate(&trondheim(2008)).is_ok());
        assert!(AdoptionInput {
            year: "2008".into(),
            ..bergen()
        }
        .validate(&trondheim(2008))
        .is_ok());
        // A source dated only «at the latest» does not rule anything out.
        let loose = vec![Holder {
            name: "Trondheim".into(),
            year: Some(AdoptionYear {
                year: 2016,
                at_latest: true,
            }),
        }];
        assert!(bergen().validate(&loose).is_ok());
    }

    #[test]
    fn nobody_adopts_from_themselves_and_bad_codes_are_named() {
        let e = AdoptionInput {
            from: "Bergen kommune".into(),
            spread: "smitte".into(),
            channel: "rykter".into(),
            phase: "ferdig".into(),
            year: "20012".into(),
            kommunenummer: "46".into(),
            ..bergen()
        }
        .validate(&[])
        .unwrap_err();
        for field in ["fra", "spredning", "kanal", "fase", "ar", "kommunenummer"] {
            assert!(e.get(field).is_some(), "{field}: {e:?}");
        }
        assert!(e.get("fra").unwrap().contains("seg selv"));
        assert_eq!(
            AdoptionYear {
                year: 2016,
                at_latest: true
            }
            .label(),
            "senest 2016"
        );
    }
}

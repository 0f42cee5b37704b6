//! Partnerships: agreements between a municipality and other actors (seed 002: voluntary
//! organisations, health trusts, NAV, state agencies). An agreement has a kind (operating
//! agreement, cooperation agreement, partnership), its parties, a period, the date it is to be
//! renegotiated, how it was procured (a tender, or the exception for non-profit
//! organisations, which needs its reason), and an annual dialogue meeting between the parties.
//!
//! An agreement belongs to a municipality (kommunenummer) and the Husbanken office that
//! follows it; who may read and change it is [`crate::access::Viewer::may_read_agreement`] and
//! [`crate::access::Viewer::may_manage_agreement`].

use super::add_months;
use crate::ids::Kommunenummer;
use crate::limits;
use crate::norwegian::{format_date, parse_date};
use crate::validation::FieldErrors;
use serde::Serialize;
use time::Date;

code_enum!(
    /// What kind of agreement it is.
    AgreementKind {
        Operating = "driftsavtale", "Driftsavtale";
        Cooperation = "samarbeidsavtale", "Samarbeidsavtale";
        Partnership = "partnerskap", "Partnerskap";
    }
    expected "driftsavtale, samarbeidsavtale eller partnerskap"
);

code_enum!(
    /// What kind of actor a party is.
    PartyKind {
        Voluntary = "frivillig", "Frivillig organisasjon";
        HealthTrust = "helseforetak", "Helseforetak";
        Nav = "nav", "NAV";
        StateAgency = "statlig", "Statlig etat";
        Other = "annen", "Annen aktør";
    }
    expected "frivillig, helseforetak, nav, statlig eller annen"
);

code_enum!(
    /// How the agreement was procured.
    Procurement {
        Tender = "anbud", "Anbud";
        NonProfitException = "unntak-ideell", "Unntak for ideelle organisasjoner";
    }
    expected "anbud eller unntak-ideell"
);

/// Dialogue meetings are annual.
pub const DIALOGUE_INTERVAL_MONTHS: u32 = 12;

/// How many days before a dialogue meeting is due its reminder is sent.
pub const DIALOGUE_REMINDER_DAYS: i64 = 14;

/// How many days before the renegotiation date its reminder is sent: renegotiating takes
/// longer to prepare than a meeting.
pub const RENEGOTIATION_REMINDER_DAYS: i64 = 90;

/// At most this many parties besides the municipality.
pub const MAX_PARTIES: usize = 20;

/// One party to the agreement besides the municipality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Party {
    pub name: String,
    pub kind: PartyKind,
}

/// A checked agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agreement {
    pub kommunenummer: Kommunenummer,
    /// The Husbanken office that follows it (a region code).
    pub office: String,
    pub title: String,
    pub kind: AgreementKind,
    pub parties: Vec<Party>,
    #[serde(with = "super::iso")]
    pub start: Date,
    #[serde(with = "super::iso::option")]
    pub end: Option<Date>,
    #[serde(with = "super::iso::option")]
    pub renegotiation: Option<Date>,
    pub procurement: Procurement,
    /// Why the exception for non-profit organisations applies (empty for a tender).
    pub procurement_reason: String,
    pub notes: String,
}

/// A party as typed in the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartyInput {
    pub name: String,
    pub kind: String,
}

/// An agreement as typed in the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgreementInput {
    pub kommunenummer: String,
    pub office: String,
    pub title: String,
    pub kind: String,
    /// Rows left wholly empty are skipped; fields `part.N.navn`, `part.N.type` (N from 1).
    pub parties: Vec<PartyInput>,
    pub start: String,
    pub end: String,
    pub renegotiation: String,
    pub procurement: String,
    pub procurement_reason: String,
    pub notes: String,
}

/// A required date, or its error at `field`.
fn required_date(e: &mut FieldErrors, field: &str, what: &str, raw: &str) -> Option<Date> {
    if raw.trim().is_empty() {
        e.push(
            field,
            format!("Skriv {what} som dd.mm.åååå, for eksempel 01.01.2012."),
        );
        return None;
    }
    optional_date(e, field, what, raw)
}

/// An optional date, or its error at `field`.
fn optional_date(e: &mut FieldErrors, field: &str, what: &str, raw: &str) -> Option<Date> {
    if raw.trim().is_empty() {
        return None;
    }
    match parse_date(raw) {
        Ok(d) => Some(d),
        Err(m) => {
            e.push(field, format!("Sjekk {what}. {m}"));
            None
        }
    }
}

/// A coded choice, or its error at `field`.
fn choice<T>(
    e: &mut FieldErrors,
    field: &str,
    raw: &str,
    what: &str,
    from_code: impl Fn(&str) -> Option<T>,
    expected: &str,
) -> Option<T> {
    if raw.trim().is_empty() {
        e.push(field, format!("Velg {what}."));
        return None;
    }
    let v = from_code(raw);
    if v.is_none() {
        e.push(
            field,
            format!("«{}» er ikke et gyldig valg. Velg {expected}.", raw.trim()),
        );
    }
    v
}

impl AgreementInput {
    /// Checks the form and lists every problem at its field. `offices` are the office codes
    /// Husk knows.
    pub fn validate(&self, offices: &[&str]) -> Result<Agreement, FieldErrors> {
        let mut e = FieldErrors::new();
        let kommunenummer = if self.kommunenummer.trim().is_empty() {
            e.push(
                "kommunenummer",
                "Skriv kommunenummeret til kommunen avtalen gjelder, fire sifre, for eksempel 3203.",
            );
            None
        } else {
            match Kommunenummer::parse(&self.kommunenummer) {
                Ok(k) => Some(k),
                Err(m) => {
                    e.push("kommunenummer", m);
                    None
                }
            }
        };
        let office = self.office.trim();
        if office.is_empty() {
            e.push("kontor", "Velg Husbanken-kontoret som følger avtalen.");
        } else if !offices.contains(&office) {
            e.push(
                "kontor",
                format!("«{office}» er ikke et kontor Husk kjenner. Velg kontoret fra listen."),
            );
        }
        let title = self.title.trim();
        if title.is_empty() {
            e.push(
                "tittel",
                "Skriv hva avtalen heter, for eksempel «Samarbeidsavtale om bolig og oppfølging».",
            );
        } else {
            limits::check(&mut e, "tittel", "Tittel", title, limits::PROJECT_TITLE);
        }
        let kind = choice(
            &mut e,
            "type",
            &self.kind,
            "hva slags avtale det er",
            AgreementKind::from_code,
            "driftsavtale, samarbeidsavtale eller partnerskap",
        );
        let mut parties = Vec::new();
        let rows = self
            .parties
            .iter()
            .filter(|p| !(p.name.trim().is_empty() && p.kind.trim().is_empty()));
        for (i, p) in rows.enumerate() {
            let n = i + 1;
            if n > MAX_PARTIES {
                e.push(
                    format!("part.{n}.navn"),
                    format!("En avtale kan ha høyst {MAX_PARTIES} parter i tillegg til kommunen."),
                );
                break;
            }
            let name = p.name.trim();
            if name.is_empty() {
                e.push(
                    format!("part.{n}.navn"),
                    format!("Part {n}: Skriv navnet på parten."),
                );
            } else {
                limits::check(
                    &mut e,
                    &format!("part.{n}.navn"),
                    &format!("Part {n}"),
                    name,
                    limits::NAME,
                );
            }
            let kind = choice(
                &mut e,
                &format!("part.{n}.type"),
                &p.kind,
                &format!("hva slags aktør part {n} er"),
                PartyKind::from_code,
                "frivillig organisasjon, helseforetak, NAV, statlig etat eller annen aktør",
            );
            if let Some(kind) = kind {
                parties.push(Party {
                    name: name.to_string(),
                    kind,
                });
            }
        }
        if parties.is_empty() && !e.iter().any(|x| x.field.starts_with("part.")) {
            e.push(
                "part.1.navn",
                "Skriv minst én part i tillegg til kommunen, for eksempel NAV eller en frivillig organisasjon.",
            );
        }
        let start = required_date(&mut e, "fra", "datoen avtalen gjelder fra", &self.start);
        let end = optional_date(&mut e, "til", "datoen avtalen gjelder til", &self.end);
        if let (Some(s), Some(t)) = (start, end) {
            if t < s {
                e.push(
                    "til",
                    format!(
                        "Avtalen kan ikke slutte ({}) før den begynner ({}). Skriv en sluttdato etter startdatoen.",
                        format_date(t),
                        format_date(s)
                    ),
                );
            }
        }
        let renegotiation = optional_date(
            &mut e,
            "reforhandling",
            "datoen for reforhandling",
            &self.renegotiation,
        );
        if let (Some(s), Some(r)) = (start, renegotiation) {
            if r < s {
                e.push(
                    "reforhandling",
                    format!(
                        "Reforhandlingen ({}) kan ikke være før avtalen begynner ({}). Skriv en senere dato.",
                        format_date(r),
                        format_date(s)
                    ),
                );
            }
        }
        let procurement = choice(
            &mut e,
            "anskaffelse",
            &self.procurement,
            "hvordan avtalen ble anskaffet",
            Procurement::from_code,
            "anbud eller unntak for ideelle organisasjoner",
        );
        let reason = self.procurement_reason.trim();
        if procurement == Some(Procurement::NonProfitException) && reason.is_empty() {
            e.push(
                "begrunnelse",
                "Skriv hvorfor unntaket for ideelle organisasjoner gjelder, for eksempel hvilken bestemmelse i anskaffelsesregelverket avtalen bygger på.",
            );
        }
        limits::check(
            &mut e,
            "begrunnelse",
            "Begrunnelse for unntaket",
            reason,
            limits::NOTE,
        );
        let notes = self.notes.trim();
        limits::check(&mut e, "merknad", "Merknad", notes, limits::DESCRIPTION);
        match (kommunenummer, kind, start, procurement) {
            (Some(kommunenummer), Some(kind), Some(start), Some(procurement)) if e.is_empty() => {
                Ok(Agreement {
                    kommunenummer,
                    office: office.to_string(),
                    title: title.to_string(),
                    kind,
                    parties,
                    start,
                    end,
                    renegotiation,
                    procurement,
                    // A tender needs no reason; one typed anyway is not kept.
                    procurement_reason: if procurement == Procurement::NonProfitException {
                        reason.to_string()
                    } else {
                        String::new()
                    },
                    notes: notes.to_string(),
                })
            }
            _ => Err(e),
        }
    }
}

/// A held dialogue meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DialogueMeeting {
    #[serde(with = "super::iso")]
    pub date: Date,
    pub attendees: String,
    pub notes: String,
}

/// A dialogue meeting as typed in the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DialogueMeetingInput {
    pub date: String,
    pub attendees: String,
    pub notes: String,
}

impl DialogueMeetingInput {
    /// Checks the form (`dato`, `deltakere`, `referat`).
    pub fn validate(&self) -> Result<DialogueMeeting, FieldErrors> {
        let mut e = FieldErrors::new();
        let date = required_date(&mut e, "dato", "datoen for dialogmøtet", &self.date);
        let attendees = self.attendees.trim();
        if attendees.is_empty() {
            e.push("deltakere", "Skriv hvem som deltok i dialogmøtet.");
        }
        limits::check(
            &mut e,
            "deltakere",
            "Deltakere",
            attendees,
            limits::ANSWER_CELL,
        );
        let notes = self.notes.trim();
        limits::check(&mut e, "referat", "Referat", notes, limits::ANSWER_TEXT);
        match date {
            Some(date) if e.is_empty() => Ok(DialogueMeeting {
                date,
                attendees: attendees.to_string(),
                notes: notes.to_string(),
            }),
            _ => Err(e),
        }
    }
}

/// When the next annual dialogue meeting is due: a year after the last one held, or a year
/// from the agreement's start before the first.
pub fn next_dialogue_due(start: Date, held: &[Date]) -> Date {
    let last = held.iter().max().copied().unwrap_or(start);
    add_months(last, DIALOGUE_INTERVAL_MONTHS)
}

/// Whether `due` is within `days` days from `today` (or already past): the reminder window.
pub fn within_days(today: Date, due: Date, days: i64) -> bool {
    (due - today).whole_days() <= days
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn input() -> AgreementInput {
        AgreementInput {
            kommunenummer: "3203".into(),
            office: "ost".into(),
            title: "Samarbeidsavtale om oppfølging i bolig".into(),
            kind: "samarbeidsavtale".into(),
            parties: vec![
                PartyInput {
                    name: "NAV Asker".into(),
                    kind: "nav".into(),
                },
                PartyInput::default(),
                PartyInput {
                    name: "Kirkens Bymisjon".into(),
                    kind: "frivillig".into(),
                },
            ],
            start: "01.01.2012".into(),
            end: "31.12.2015".into(),
            renegotiation: "01.07.2015".into(),
            procurement: "unntak-ideell".into(),
            procurement_reason: "Reservert konkurranse for ideelle organisasjoner".into(),
            notes: String::new(),
        }
    }

    #[test]
    fn a_good_agreement_is_accepted_with_its_parties() {
        let a = input().validate(&["ost", "vest"]).unwrap();
        assert_eq!(a.kommunenummer.as_str(), "3203");
        assert_eq!(a.kind, AgreementKind::Cooperation);
        assert_eq!(
            a.parties,
            [
                Party {
                    name: "NAV Asker".into(),
                    kind: PartyKind::Nav
                },
                Party {
                    name: "Kirkens Bymisjon".into(),
                    kind: PartyKind::Voluntary
                }
            ]
        );
        assert_eq!(a.renegotiation, Some(date!(2015 - 07 - 01)));
        // A tender keeps no exception reason.
        let mut tender = input();
        tender.procurement = "anbud".into();
        assert_eq!(tender.validate(&["ost"]).unwrap().procurement_reason, "");
    }

    #[test]
    fn every_problem_is_named_at_its_field_in_norwegian() {
        let bad = AgreementInput {
            kommunenummer: "32".into(),
            office: "nord".into(),
            title: "x".repeat(limits::PROJECT_TITLE + 1),
            kind: "leieavtale".into(),
            parties: vec![PartyInput {
                name: "Helse Sør-Øst".into(),
                kind: String::new(),
            }],
            start: "01.01.2012".into(),
            end: "31.12.2011".into(),
            renegotiation: "1. mai".into(),
            procurement: "unntak-ideell".into(),
            procurement_reason: " ".into(),
            notes: String::new(),
        };
        let e = bad.validate(&["ost"]).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "kommunenummer",
                "kontor",
                "tittel",
                "type",
                "part.1.type",
                "til",
                "reforhandling",
                "begrunnelse"
            ]
        );
        assert_eq!(
            e.get("begrunnelse"),
            Some("Skriv hvorfor unntaket for ideelle organisasjoner gjelder, for eksempel hvilken bestemmelse i anskaffelsesregelverket avtalen bygger på.")
        );
        assert!(e.get("type").unwrap().contains("Velg driftsavtale"));
        for m in e.iter() {
            assert_eq!(
                crate::norwegian::message_fault(&m.message),
                None,
                "{}",
                m.message
            );
        }
        // No party at all.
        let mut none = input();
        none.parties.clear();
        let e = none.validate(&["ost"]).unwrap_err();
        assert!(e
            .get("part.1.navn")
            .unwrap()
            .starts_with("Skriv minst én part"));
    }

    #[test]
    fn dialogue_meetings_are_due_a_year_after_the_last_or_the_start() {
        let start = date!(2012 - 01 - 15);
        assert_eq!(next_dialogue_due(start, &[]), date!(2013 - 01 - 15));
        assert_eq!(
            next_dialogue_due(start, &[date!(2013 - 02 - 01), date!(2014 - 03 - 10)]),
            date!(2015 - 03 - 10)
        );
        assert!(within_days(
            date!(2015 - 02 - 25),
            date!(2015 - 03 - 10),
            14
        ));
        assert!(!within_days(
            date!(2015 - 02 - 20),
            date!(2015 - 03 - 10),
            14
        ));
        assert!(within_days(
            date!(2015 - 04 - 01),
            date!(2015 - 03 - 10),
            14
        ));
        let e = DialogueMeetingInput {
            date: String::new(),
            attendees: String::new(),
            notes: "x".repeat(limits::ANSWER_TEXT + 1),
        }
        .validate()
        .unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["dato", "deltakere", "referat"]);
        let m = DialogueMeetingInput {
            date: "10.03.2014".into(),
            attendees: "Kommunen, NAV".into(),
            notes: String::new(),
        }
        .validate()
        .unwrap();
        assert_eq!(m.date, date!(2014 - 03 - 10));
    }
}

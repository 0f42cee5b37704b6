//! Open data (issue 14): what Husk publishes to everyone, decided by an administrator per grant
//! scheme (budget item) and per municipal programme, and the public shape of a grant.
//!
//! A grant is published when a [`PublicationRule`] covers it: its scheme's rule or its
//! programme's, from the rule's first year, and only when it is decided (`tilsagn` or
//! `utbetalt`; an expected grant is not a decision). A grant to a private person (the
//! recipient type `masterstipend`) is published without the person's name or place, whatever the
//! rule says. What a rule adds beyond the grant itself: the register entry's description,
//! period, themes and target groups (`entries`), and the indicator values of the entry's
//! published reports (`results`; a report is public only once the recipient's report is
//! published).
//!
//! [`filter`] and [`Facets`] are the public search (text, office, year, municipality, recipient
//! type, theme, target group) with counts over published grants only; [`threesixty`] and
//! [`iati`] write the two standards.

pub mod atom;
pub mod iati;
pub mod threesixty;

use crate::ids::Organisasjonsnummer;
use crate::limits;
use crate::portfolio::{BudgetItem, GrantStatus};
use crate::validation::FieldErrors;
use serde::Serialize;
use std::collections::BTreeMap;

/// Husbanken's name as funder and publisher.
pub const FUNDER_NAME: &str = "Husbanken";
/// The stable part of every identifier Husk makes for Husbanken's open data.
pub const ID_PREFIX: &str = "360G-husbanken";
/// The recipient type whose recipients are private persons (master's scholarships).
pub const PRIVATE_PERSON_TYPE: &str = "masterstipend";
/// What stands in for a private person's name everywhere the public reads.
pub const PRIVATE_PERSON_LABEL: &str = "Privatperson (navn publiseres ikke)";
/// The longest text read as a year (longer is refused without being shown again).
pub const YEAR_TEXT: usize = 12;

/// Whether a recipient type's recipients are private persons, never published by name.
pub fn is_private_person(recipient_type: Option<&str>) -> bool {
    recipient_type == Some(PRIVATE_PERSON_TYPE)
}

/// What a publication rule covers: a grant scheme (budget item) or a municipal programme (the
/// programme's register entry id).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "String")]
pub enum Scope {
    Scheme(BudgetItem),
    Programme(String),
}

impl Scope {
    /// `ordning:post78` or `program:ost-utviklingsprogram`, as stored and in forms.
    pub fn code(&self) -> String {
        match self {
            Scope::Scheme(b) => format!("ordning:{}", b.code()),
            Scope::Programme(id) => format!("program:{id}"),
        }
    }
    pub fn from_code(code: &str) -> Option<Scope> {
        let (kind, rest) = code.split_once(':')?;
        match kind {
            "ordning" => BudgetItem::from_code(rest).map(Scope::Scheme),
            "program" if !rest.trim().is_empty() => Some(Scope::Programme(rest.trim().into())),
            _ => None,
        }
    }
}

impl From<Scope> for String {
    fn from(s: Scope) -> String {
        s.code()
    }
}

/// What an administrator publishes for one scheme or programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicationRule {
    pub scope: Scope,
    /// Grants from this year on.
    pub from_year: i32,
    /// The funded entries' description, period, themes and target groups.
    pub entries: bool,
    /// Indicator values from the entries' published reports.
    pub results: bool,
}

/// A rule as a form gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleInput {
    pub scope: String,
    pub published: bool,
    pub from_year: String,
    pub entries: bool,
    pub results: bool,
}

impl RuleInput {
    /// `None` when the scope is not published; every problem at once, keyed by
    /// `fra_ar:{scope}`.
    pub fn validate(&self) -> Result<Option<PublicationRule>, FieldErrors> {
        let mut errors = FieldErrors::new();
        let field = format!("fra_ar:{}", self.scope);
        let Some(scope) = Scope::from_code(&self.scope) else {
            errors.push(
                field,
                "Husk kjenner ikke denne ordningen eller dette programmet. Last siden på nytt.",
            );
            return Err(errors);
        };
        if !self.published {
            return Ok(None);
        }
        let raw = self.from_year.trim();
        let from_year = if raw.is_empty() {
            Err("Skriv fra hvilket år tilskuddene skal publiseres, for eksempel 2015.".to_string())
        } else if raw.chars().count() > YEAR_TEXT {
            // Not shown again: a long text is no year.
            Err("Skriv årstallet med fire siffer, for eksempel 2015.".to_string())
        } else {
            crate::portfolio::parse_year(raw)
        };
        let from_year = match from_year {
            Ok(y) => y,
            Err(message) => {
                errors.push(field, message);
                return Err(errors);
            }
        };
        Ok(Some(PublicationRule {
            scope,
            from_year,
            entries: self.entries,
            results: self.results,
        }))
    }
}

/// Every rule and the funder's identity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Publication {
    pub rules: Vec<PublicationRule>,
    /// Husbanken's organisation number, when an administrator has entered it.
    pub funder_orgnr: Option<Organisasjonsnummer>,
}

/// Reads the funder's organisation number from a form: empty is allowed (the exports then use
/// Husk's own identifier), anything else must be a valid number.
pub fn parse_funder_orgnr(raw: &str) -> Result<Option<Organisasjonsnummer>, FieldErrors> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    if raw.chars().count() > limits::NAME {
        let mut e = FieldErrors::new();
        e.push(
            "orgnr",
            "Organisasjonsnummeret er for langt. Skriv 9 siffer.",
        );
        return Err(e);
    }
    Organisasjonsnummer::parse(raw).map(Some).map_err(|m| {
        let mut e = FieldErrors::new();
        e.push("orgnr", m);
        e
    })
}

/// What the rules need to know of a grant.
#[derive(Debug, Clone)]
pub struct GrantFacts<'a> {
    pub scheme: BudgetItem,
    pub status: GrantStatus,
    pub year: i32,
    /// The programme (register entry id) the funded entry belongs to, if any.
    pub programme: Option<&'a str>,
}

/// What the rules that cover a grant publish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Coverage {
    pub entries: bool,
    pub results: bool,
}

impl Publication {
    /// The identifier of Husbanken in both standards: `NO-BRC-` and its organisation number,
    /// else Husk's own.
    pub fn funder_id(&self) -> String {
        match &self.funder_orgnr {
            Some(o) => format!("NO-BRC-{o}"),
            None => ID_PREFIX.to_string(),
        }
    }

    pub fn rule(&self, scope: &Scope) -> Option<&PublicationRule> {
        self.rules.iter().find(|r| &r.scope == scope)
    }

    /// `None` when the grant is not published; else what is published with it (the union of
    /// the covering rules).
    pub fn covers(&self, g: &GrantFacts<'_>) -> Option<Coverage> {
        if !g.status.is_granted() {
            return None;
        }
        let scheme = Scope::Scheme(g.scheme);
        let programme = g.programme.map(|p| Scope::Programme(p.to_string()));
        let mut covered: Option<Coverage> = None;
        for r in &self.rules {
            let applies = r.scope == scheme || Some(&r.scope) == programme.as_ref();
            if applies && g.year >= r.from_year {
                let c = covered.get_or_insert_with(Coverage::default);
                c.entries |= r.entries;
                c.results |= r.results;
            }
        }
        covered
    }
}

/// Who received a published grant, as the public may read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OpenRecipient {
    Organisation {
        name: String,
        orgnr: Option<String>,
        /// Husk's organisation id (for a stable identifier when there is no orgnr).
        id: i64,
    },
    /// A private person: never named.
    Person,
    /// The register names no recipient.
    NotStated,
}

impl OpenGrant {
    /// The recipient organisation's id in Husk; `None` for a private person.
    pub fn recipient_id(&self) -> Option<i64> {
        match &self.recipient {
            OpenRecipient::Organisation { id, .. } => Some(*id),
            OpenRecipient::Person | OpenRecipient::NotStated => None,
        }
    }
}

impl OpenRecipient {
    pub fn name(&self) -> &str {
        match self {
            OpenRecipient::Organisation { name, .. } => name,
            OpenRecipient::Person => PRIVATE_PERSON_LABEL,
            OpenRecipient::NotStated => "Mottaker ikke oppgitt",
        }
    }
    /// The organisation identifier: `NO-BRC-` with the organisation number, else Husk's own.
    pub fn identifier(&self, grant_id: i64) -> String {
        match self {
            OpenRecipient::Organisation { orgnr: Some(o), .. } => format!("NO-BRC-{o}"),
            OpenRecipient::Organisation { id, .. } => format!("{ID_PREFIX}-org-{id}"),
            OpenRecipient::Person => format!("{ID_PREFIX}-person-{grant_id}"),
            OpenRecipient::NotStated => format!("{ID_PREFIX}-mottaker-{grant_id}"),
        }
    }
}

/// One indicator value from a published report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenIndicator {
    pub name: String,
    pub unit: String,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    /// The report's period (ISO dates).
    pub period_start: String,
    pub period_end: String,
}

/// A published report of an entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenReport {
    pub id: i64,
    pub entry_id: String,
    /// The report's kind label («Årsrapport») and year.
    pub title: String,
    pub year: i32,
    /// When it was published (ISO date-time), for the feed.
    pub published_at: String,
    pub indicators: Vec<OpenIndicator>,
}

/// A published grant with what the public may read about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenGrant {
    pub id: i64,
    /// The stable identifier in the open data (`360G-husbanken-tilskudd-N`).
    pub identifier: String,
    pub year: i32,
    pub amount_nok: i64,
    pub scheme: BudgetItem,
    pub status: GrantStatus,
    /// The office's region code and name.
    pub region: String,
    pub office: String,
    pub entry_id: String,
    pub entry_title: String,
    pub recipient: OpenRecipient,
    pub recipient_type: Option<String>,
    /// Where the beneficiaries are: the recipient's municipality (never for a private person).
    pub kommunenummer: Option<String>,
    pub municipality: Option<String>,
    /// The programme the entry belongs to (entry id, title).
    pub programme: Option<(String, String)>,
    /// Published only when a covering rule publishes entries.
    pub entry: Option<OpenEntry>,
}

/// What the public may read of a funded register entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenEntry {
    pub kind: String,
    pub description: String,
    pub start_year: i32,
    pub end_year: Option<i32>,
    pub status: String,
    pub parent: Option<String>,
    pub themes: Vec<String>,
    pub target_groups: Vec<String>,
}

/// The grant identifier in the open data.
pub fn grant_identifier(grant_id: i64) -> String {
    format!("{ID_PREFIX}-tilskudd-{grant_id}")
}

/// The public search: every field narrows; empty means all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Words that must all occur in the title, recipient, programme or municipality.
    pub query: String,
    pub region: Option<String>,
    pub year: Option<i32>,
    pub kommunenummer: Option<String>,
    pub recipient_type: Option<String>,
    pub theme: Option<String>,
    pub target_group: Option<String>,
    pub programme: Option<String>,
    /// The recipient organisation's id in Husk (a person has none to filter by).
    pub recipient: Option<i64>,
    /// The funded register entry's id.
    pub entry: Option<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self == &Filter::default()
    }

    /// Whether a grant passes every field of the filter.
    pub fn admits(&self, g: &OpenGrant) -> bool {
        let words: Vec<String> = self
            .query
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        // The text searched, made only when there are words to find.
        let haystack = if words.is_empty() {
            String::new()
        } else {
            format!(
                "{} {} {} {} {}",
                g.entry_title,
                g.recipient.name(),
                g.programme.as_ref().map(|p| p.1.as_str()).unwrap_or(""),
                g.municipality.as_deref().unwrap_or(""),
                g.office
            )
            .to_lowercase()
        };
        let (themes, groups): (&[String], &[String]) = match &g.entry {
            Some(e) => (&e.themes, &e.target_groups),
            None => (&[], &[]),
        };
        words.iter().all(|w| haystack.contains(w.as_str()))
            && self.region.as_ref().is_none_or(|r| &g.region == r)
            && self.year.is_none_or(|y| g.year == y)
            && self
                .kommunenummer
                .as_ref()
                .is_none_or(|k| g.kommunenummer.as_ref() == Some(k))
            && self
                .recipient_type
                .as_ref()
                .is_none_or(|t| g.recipient_type.as_ref() == Some(t))
            && self.theme.as_ref().is_none_or(|t| themes.contains(t))
            && self
                .target_group
                .as_ref()
                .is_none_or(|t| groups.contains(t))
            && self
                .programme
                .as_ref()
                .is_none_or(|p| g.programme.as_ref().map(|x| &x.0) == Some(p))
            && self.recipient.is_none_or(|r| g.recipient_id() == Some(r))
            && self.entry.as_ref().is_none_or(|e| &g.entry_id == e)
    }
}

/// The grants that pass a filter, their total and, per facet, how many grants each value would
/// give with the other fields kept (so the counts never exceed what the public may read).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    pub regions: BTreeMap<String, usize>,
    pub years: BTreeMap<i32, usize>,
    pub municipalities: BTreeMap<String, usize>,
    pub recipient_types: BTreeMap<String, usize>,
    pub themes: BTreeMap<String, usize>,
    pub target_groups: BTreeMap<String, usize>,
}

impl Facets {
    pub fn of(grants: &[OpenGrant], filter: &Filter) -> Facets {
        // Each facet counts with its own field left out of the filter, the others kept.
        let without = |clear: fn(&mut Filter)| {
            let mut f = filter.clone();
            clear(&mut f);
            f
        };
        let by_region = without(|f| f.region = None);
        let by_year = without(|f| f.year = None);
        let by_municipality = without(|f| f.kommunenummer = None);
        let by_recipient_type = without(|f| f.recipient_type = None);
        let by_theme = without(|f| f.theme = None);
        let by_target_group = without(|f| f.target_group = None);
        let mut f = Facets::default();
        for g in grants {
            if by_region.admits(g) {
                *f.regions.entry(g.region.clone()).or_default() += 1;
            }
            if by_year.admits(g) {
                *f.years.entry(g.year).or_default() += 1;
            }
            if let Some(k) = g
                .kommunenummer
                .as_ref()
                .filter(|_| by_municipality.admits(g))
            {
                *f.municipalities.entry(k.clone()).or_default() += 1;
            }
            if let Some(t) = g
                .recipient_type
                .as_ref()
                .filter(|_| by_recipient_type.admits(g))
            {
                *f.recipient_types.entry(t.clone()).or_default() += 1;
            }
            if let Some(e) = &g.entry {
                if by_theme.admits(g) {
                    for t in &e.themes {
                        *f.themes.entry(t.clone()).or_default() += 1;
                    }
                }
                if by_target_group.admits(g) {
                    for t in &e.target_groups {
                        *f.target_groups.entry(t.clone()).or_default() += 1;
                    }
                }
            }
        }
        f
    }
}

/// The sum of the grants' amounts.
pub fn total_nok<'a>(grants: impl IntoIterator<Item = &'a OpenGrant>) -> i64 {
    grants.into_iter().map(|g| g.amount_nok).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(scope: Scope, from_year: i32, entries: bool) -> PublicationRule {
        PublicationRule {
            scope,
            from_year,
            entries,
            results: false,
        }
    }

    fn facts(scheme: BudgetItem, status: GrantStatus, year: i32) -> GrantFacts<'static> {
        GrantFacts {
            scheme,
            status,
            year,
            programme: None,
        }
    }

    #[test]
    fn a_grant_is_published_only_when_a_rule_covers_its_year_and_it_is_decided() {
        let p = Publication {
            rules: vec![rule(Scope::Scheme(BudgetItem::Post78), 2014, false)],
            funder_orgnr: None,
        };
        assert!(p
            .covers(&facts(BudgetItem::Post78, GrantStatus::Tilsagn, 2014))
            .is_some());
        assert!(p
            .covers(&facts(BudgetItem::Post78, GrantStatus::Tilsagn, 2013))
            .is_none());
        assert!(p
            .covers(&facts(BudgetItem::Post78, GrantStatus::Forventet, 2015))
            .is_none());
        assert!(p
            .covers(&facts(BudgetItem::Post21, GrantStatus::Utbetalt, 2015))
            .is_none());
    }

    #[test]
    fn a_programme_rule_covers_its_grants_whatever_the_scheme_and_rules_add_up() {
        let p = Publication {
            rules: vec![
                rule(Scope::Programme("ost-up".into()), 2009, true),
                PublicationRule {
                    results: true,
                    ..rule(Scope::Scheme(BudgetItem::Annen), 2010, false)
                },
            ],
            funder_orgnr: None,
        };
        let mut g = facts(BudgetItem::Annen, GrantStatus::Tilsagn, 2009);
        assert_eq!(p.covers(&g), None);
        g.programme = Some("ost-up");
        assert_eq!(
            p.covers(&g),
            Some(Coverage {
                entries: true,
                results: false
            })
        );
        g.year = 2011;
        assert_eq!(
            p.covers(&g),
            Some(Coverage {
                entries: true,
                results: true
            })
        );
    }

    #[test]
    fn a_rule_from_a_form_names_what_is_wrong() {
        let input = RuleInput {
            scope: "ordning:post78".into(),
            published: true,
            from_year: "tjuefemten".into(),
            entries: true,
            results: false,
        };
        let e = input.validate().unwrap_err();
        assert!(e.get("fra_ar:ordning:post78").unwrap().contains("årstall"));
        let long = RuleInput {
            from_year: "2015".repeat(1_000),
            ..input.clone()
        };
        let said = long.validate().unwrap_err();
        let said = said.get("fra_ar:ordning:post78").unwrap();
        assert!(
            said.contains("fire siffer") && !said.contains("20152015"),
            "{said}"
        );
        let off = RuleInput {
            published: false,
            ..input.clone()
        };
        assert_eq!(off.validate().unwrap(), None);
        let bad = RuleInput {
            scope: "ordning:post99".into(),
            ..input
        };
        assert!(bad.validate().is_err());
        assert_eq!(
            Scope::from_code("program:ost-utviklingsprogram"),
            Some(Scope::Programme("ost-utviklingsprogram".into()))
        );
    }

    #[test]
    fn identifiers_use_the_organisation_number_when_known() {
        let mut p = Publication::default();
        assert_eq!(p.funder_id(), "360G-husbanken");
        p.funder_orgnr = parse_funder_orgnr("974 760 673").unwrap();
        assert_eq!(p.funder_id(), "NO-BRC-974760673");
        assert!(parse_funder_orgnr("123").is_err());
        let org = OpenRecipient::Organisation {
            name: "Bergen kommune".into(),
            orgnr: None,
            id: 7,
        };
        assert_eq!(org.identifier(3), "360G-husbanken-org-7");
        assert_eq!(
            OpenRecipient::Person.identifier(3),
            "360G-husbanken-person-3"
        );
        assert_eq!(OpenRecipient::Person.name(), PRIVATE_PERSON_LABEL);
        assert_eq!(grant_identifier(12), "360G-husbanken-tilskudd-12");
    }
}

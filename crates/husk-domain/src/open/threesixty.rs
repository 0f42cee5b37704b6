//! The 360Giving 1.4.3 data package of the published grants (serialised by the caller as JSON).
//!
//! Husk holds a grant's year, not the day it was decided: `awardDate` is the year's 1 January and
//! each grant says so in the extra field `awardDatePrecision: "year"` (360Giving allows extra
//! fields); planned dates are the entry's first and last year likewise. Recipients are
//! identified by `NO-BRC-` and their organisation number where Husk has it, else by Husk's own
//! `360G-husbanken-org-N`; a private person is a `recipientIndividual` with no name or place.

use super::{OpenGrant, OpenRecipient, Publication, FUNDER_NAME};
use crate::taxonomy::Taxonomy;
use serde::Serialize;

/// The version of the standard written.
pub const VERSION: &str = "1.4";
/// The vocabularies of the classifications.
pub const THEME_VOCABULARY: &str = "Husbanken kunnskapstema";
pub const TARGET_GROUP_VOCABULARY: &str = "Husbanken målgruppe";
pub const RECIPIENT_TYPE_VOCABULARY: &str = "Husbanken mottakertype";

#[derive(Debug, Serialize)]
pub struct Package {
    pub title: String,
    pub description: String,
    pub version: &'static str,
    pub issued: String,
    pub publisher: Publisher,
    pub license: &'static str,
    pub grants: Vec<Grant>,
}

#[derive(Debug, Serialize)]
pub struct Publisher {
    pub identifier: String,
    pub name: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Grant {
    pub id: String,
    pub title: String,
    pub description: String,
    pub currency: &'static str,
    pub amount_awarded: i64,
    pub award_date: String,
    /// Husk's extra field: the award date stands for a year only.
    pub award_date_precision: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub planned_dates: Vec<Event>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipient_organization: Option<Vec<Organization>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipient_individual: Option<Person>,
    pub funding_organization: Vec<Organization>,
    pub grant_programme: Vec<Programme>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub beneficiary_location: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub classifications: Vec<Classification>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation_type: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Person {
    pub id: String,
    pub name: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub start_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Programme {
    pub code: String,
    pub title: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub name: String,
    pub country_code: &'static str,
    pub geo_code: String,
    pub geo_code_type: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Classification {
    pub vocabulary: &'static str,
    pub code: String,
    pub title: String,
}

/// What the package says of the demo data.
pub const DEMO_NOTE: &str = " Demodata: tilskuddene og tiltakene er fra Husbankens rapporter, men mottakertyper, tema og målgrupper er en eksempelklassifisering laget for Husks demo, ikke rapportenes.";

/// The package of every published grant. `issued` is today's date (YYYY-MM-DD); `demo` adds
/// that the classification is the demo's example.
pub fn package(
    grants: &[OpenGrant],
    publication: &Publication,
    tax: &Taxonomy,
    issued: &str,
    demo: bool,
) -> Package {
    let funder_id = publication.funder_id();
    let mut description = String::from("Tilskudd Husbanken har vedtatt og valgt å publisere, fra Husk. Husk har bare tilskuddets år: awardDate er 1. januar det året (awardDatePrecision = year), og planlagte datoer er tiltakets første og siste år. Tilskudd til privatpersoner er publisert uten navn.");
    if demo {
        description.push_str(DEMO_NOTE);
    }
    Package {
        title: "Husbankens tilskudd til boligsosialt arbeid".into(),
        description,
        version: VERSION,
        issued: issued.to_string(),
        publisher: Publisher {
            identifier: funder_id.clone(),
            name: FUNDER_NAME,
        },
        license: "https://data.norge.no/nlod/no/2.0",
        grants: grants.iter().map(|g| grant(g, &funder_id, tax)).collect(),
    }
}

fn grant(g: &OpenGrant, funder_id: &str, tax: &Taxonomy) -> Grant {
    let description = match &g.entry {
        Some(e) if !e.description.trim().is_empty() => e.description.clone(),
        _ => format!(
            "Tilskudd fra Husbanken over {} i {} til «{}».",
            g.scheme.label().to_lowercase(),
            g.year,
            g.entry_title
        ),
    };
    let planned_dates = match &g.entry {
        Some(e) => vec![Event {
            start_date: format!("{}-01-01", e.start_year),
            end_date: e.end_year.map(|y| format!("{y}-12-31")),
        }],
        None => Vec::new(),
    };
    let (recipient_organization, recipient_individual) = match &g.recipient {
        OpenRecipient::Person => (
            None,
            Some(Person {
                id: g.recipient.identifier(g.id),
                name: super::PRIVATE_PERSON_LABEL,
            }),
        ),
        OpenRecipient::Organisation { .. } | OpenRecipient::NotStated => (
            Some(vec![Organization {
                id: g.recipient.identifier(g.id),
                name: g.recipient.name().to_string(),
                department: None,
                organisation_type: g
                    .recipient_type
                    .as_deref()
                    .and_then(|t| tax.recipient_type(t))
                    .map(|t| t.name_nb.clone()),
            }]),
            None,
        ),
    };
    let mut grant_programme = vec![Programme {
        code: g.scheme.code().into(),
        title: g.scheme.label().into(),
    }];
    if let Some((id, title)) = &g.programme {
        grant_programme.push(Programme {
            code: id.clone(),
            title: title.clone(),
        });
    }
    let beneficiary_location = match (&g.kommunenummer, &g.recipient) {
        (Some(k), OpenRecipient::Organisation { .. }) => vec![Location {
            name: g
                .municipality
                .clone()
                .unwrap_or_else(|| format!("Kommune {k}")),
            country_code: "NO",
            geo_code: k.clone(),
            geo_code_type: "kommunenummer",
        }],
        _ => Vec::new(),
    };
    let mut classifications = Vec::new();
    if let Some(t) = g
        .recipient_type
        .as_deref()
        .and_then(|t| tax.recipient_type(t))
    {
        classifications.push(Classification {
            vocabulary: RECIPIENT_TYPE_VOCABULARY,
            code: t.code.clone(),
            title: t.name_nb.clone(),
        });
    }
    if let Some(e) = &g.entry {
        for code in &e.themes {
            if let Some(t) = tax.theme(code) {
                classifications.push(Classification {
                    vocabulary: THEME_VOCABULARY,
                    code: t.code.clone(),
                    title: t.name_nb.clone(),
                });
            }
        }
        for code in &e.target_groups {
            if let Some(t) = tax.target_group(code) {
                classifications.push(Classification {
                    vocabulary: TARGET_GROUP_VOCABULARY,
                    code: t.code.clone(),
                    title: t.name_nb.clone(),
                });
            }
        }
    }
    Grant {
        id: g.identifier.clone(),
        title: g.entry_title.clone(),
        description,
        currency: "NOK",
        amount_awarded: g.amount_nok,
        award_date: format!("{}-01-01", g.year),
        award_date_precision: "year",
        planned_dates,
        recipient_organization,
        recipient_individual,
        funding_organization: vec![Organization {
            id: funder_id.to_string(),
            name: FUNDER_NAME.into(),
            department: Some(g.office.clone()),
            organisation_type: None,
        }],
        grant_programme,
        beneficiary_location,
        classifications,
    }
}

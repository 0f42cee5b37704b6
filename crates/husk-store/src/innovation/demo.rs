//! The demo's innovations: the paths the seed reports state, and only those
//! (`data/demo/innovations.toml`, which names each fact's source and what Husk added).
//! Each is checked by the same rules as a form, so the demo cannot hold what a user could not
//! enter.

use super::sql;
use crate::{Store, StoreError};
use husk_domain::innovation::adoptions::{AdoptionInput, AdoptionYear, Holder};
use husk_domain::innovation::examples::GoodExampleInput;
use husk_domain::innovation::InnovationInput;
use serde::Deserialize;

const INNOVATIONS: &str = include_str!("../../../../data/demo/innovations.toml");

#[derive(Deserialize)]
struct File {
    innovation: Vec<DemoInnovation>,
    #[serde(default)]
    good_example: Vec<DemoExample>,
}

#[derive(Deserialize)]
struct DemoExample {
    innovation: String,
    title: String,
    summary: String,
    evidence: String,
    contact: String,
    #[serde(default)]
    place: String,
    area: String,
    kind: String,
    target_groups: Vec<String>,
    source: String,
    husk_note: String,
}

#[derive(Deserialize)]
struct DemoInnovation {
    code: String,
    name: String,
    #[serde(default)]
    description: String,
    kind: String,
    dimension: String,
    area: String,
    #[serde(default)]
    practice_model: String,
    #[serde(default)]
    radical: Option<bool>,
    #[serde(default)]
    financing: String,
    #[serde(default)]
    origin_place: String,
    #[serde(default)]
    origin_kommunenummer: String,
    #[serde(default)]
    origin_country: String,
    #[serde(default)]
    origin_year: Option<i32>,
    source: String,
    #[serde(default)]
    husk_note: String,
    #[serde(default)]
    links: Vec<DemoLink>,
    #[serde(default)]
    adoption: Vec<DemoAdoption>,
    #[serde(default)]
    disagreement: Vec<DemoDisagreement>,
}

#[derive(Deserialize)]
struct DemoDisagreement {
    about: String,
    first_says: String,
    first_source: String,
    second_says: String,
    second_source: String,
    #[serde(default)]
    husk_note: String,
}

#[derive(Deserialize)]
struct DemoLink {
    kind: String,
    target: String,
    #[serde(default)]
    source: String,
}

#[derive(Deserialize)]
struct DemoAdoption {
    adopter: String,
    adopter_kind: String,
    #[serde(default)]
    kommunenummer: String,
    #[serde(default)]
    from: String,
    spread: String,
    channel: String,
    phase: String,
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    year_by: Option<i32>,
    #[serde(default)]
    result: String,
    source: String,
    #[serde(default)]
    husk_note: String,
}

fn bad(what: &str, detail: String) -> StoreError {
    StoreError::NotFound(format!(
        "demoinnovasjonene i innovations.toml: {what} ({detail})"
    ))
}

async fn insert_disagreements(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    innovation: i64,
    all: &[DemoDisagreement],
) -> Result<(), StoreError> {
    for x in all {
        sql::insert_disagreement(
            &mut **tx,
            innovation,
            [
                &x.about,
                &x.first_says,
                &x.first_source,
                &x.second_says,
                &x.second_source,
                &x.husk_note,
            ],
        )
        .await?;
    }
    Ok(())
}

impl Store {
    /// Loads the innovations the seeds describe (idempotent: an innovation whose code exists
    /// is left as it is). The seeds' adoptions are confirmed: a report states them.
    pub(crate) async fn load_demo_innovations(&self) -> Result<(), StoreError> {
        let file: File =
            toml::from_str(INNOVATIONS).map_err(|e| bad("filen", e.message().to_string()))?;
        let now = crate::now_text();
        let mut tx = self.begin_write().await?;
        for d in &file.innovation {
            if let Some(existing) = sql::innovation_named(&mut *tx, &d.code, &d.name).await? {
                // Loaded by an earlier version: add where the reports disagree if it has none,
                // and the register entries that carry it (linking twice changes nothing).
                if sql::disagreements(&mut *tx, Some(existing))
                    .await?
                    .is_empty()
                {
                    insert_disagreements(&mut tx, existing, &d.disagreement).await?;
                }
                for l in &d.links {
                    sql::insert_link(&mut *tx, existing, &l.kind, &l.target, &l.source).await?;
                }
                continue;
            }
            let input = InnovationInput {
                code: d.code.clone(),
                name: d.name.clone(),
                description: d.description.clone(),
                kind: d.kind.clone(),
                dimension: d.dimension.clone(),
                area: d.area.clone(),
                practice_model: d.practice_model.clone(),
                radical: match d.radical {
                    Some(true) => "radikal".into(),
                    Some(false) => "inkrementell".into(),
                    None => String::new(),
                },
                financing: d.financing.clone(),
                origin_place: d.origin_place.clone(),
                origin_kommunenummer: d.origin_kommunenummer.clone(),
                origin_country: d.origin_country.clone(),
                origin_year: d.origin_year.map(|y| y.to_string()).unwrap_or_default(),
            };
            let n = input
                .validate()
                .map_err(|e| bad(&d.code, format!("{e:?}")))?;
            let id = sql::insert_innovation(
                &mut *tx,
                &sql::InnovationColumns::of(
                    &n,
                    sql::Written {
                        source: &d.source,
                        husk_note: &d.husk_note,
                        updated_by: None,
                        now: &now,
                    },
                ),
            )
            .await?;
            for l in &d.links {
                sql::insert_link(&mut *tx, id, &l.kind, &l.target, &l.source).await?;
            }
            insert_disagreements(&mut tx, id, &d.disagreement).await?;
            let mut holders = vec![Holder {
                name: n.origin.place.clone(),
                year: n.origin.year.map(|y| AdoptionYear {
                    year: y,
                    at_latest: false,
                }),
            }];
            for a in &d.adoption {
                let (year, at_latest) = match (a.year, a.year_by) {
                    (Some(y), _) => (y.to_string(), String::new()),
                    (None, Some(y)) => (y.to_string(), "1".to_string()),
                    (None, None) => (String::new(), String::new()),
                };
                let input = AdoptionInput {
                    adopter: a.adopter.clone(),
                    adopter_kind: a.adopter_kind.clone(),
                    kommunenummer: a.kommunenummer.clone(),
                    from: a.from.clone(),
                    spread: a.spread.clone(),
                    channel: a.channel.clone(),
                    phase: a.phase.clone(),
                    year,
                    year_at_latest: at_latest,
                    result: a.result.clone(),
                    evidence: String::new(),
                    // A report states it; where it lacks a municipality or a year it stays
                    // proposed, for an adviser to complete.
                    confirmed: !a.kommunenummer.is_empty()
                        && (a.year.is_some() || a.year_by.is_some()),
                };
                let v = input
                    .validate(&holders)
                    .map_err(|e| bad(&format!("{}: {}", d.code, a.adopter), format!("{e:?}")))?;
                sql::insert_adoption(
                    &mut *tx,
                    id,
                    &sql::AdoptionColumns::of(
                        &v,
                        sql::Written {
                            source: &a.source,
                            husk_note: &a.husk_note,
                            updated_by: None,
                            now: &now,
                        },
                    ),
                )
                .await?;
                holders.push(Holder {
                    name: v.adopter.clone(),
                    year: v.year,
                });
            }
        }
        for e in &file.good_example {
            let Some(innovation) = sql::innovation(&mut *tx, &e.innovation).await? else {
                return Err(bad(
                    &e.title,
                    format!("ingen innovasjon «{}»", e.innovation),
                ));
            };
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT id FROM good_examples WHERE innovation_id = $1")
                    .bind(innovation.0)
                    .fetch_optional(&mut *tx)
                    .await?;
            if exists.is_some() {
                continue;
            }
            let g = GoodExampleInput {
                innovation: e.innovation.clone(),
                entry: String::new(),
                title: e.title.clone(),
                summary: e.summary.clone(),
                contact: e.contact.clone(),
                evidence: e.evidence.clone(),
                place: e.place.clone(),
                area: e.area.clone(),
                kind: e.kind.clone(),
                target_groups: e.target_groups.clone(),
            }
            .validate(self.taxonomy())
            .map_err(|err| bad(&e.title, format!("{err:?}")))?;
            super::examples::insert(
                &mut *tx,
                (Some(innovation.0), None),
                &g,
                (&e.source, &e.husk_note),
                None,
                &now,
            )
            .await?;
        }
        Self::commit_write(tx).await?;
        Ok(())
    }
}

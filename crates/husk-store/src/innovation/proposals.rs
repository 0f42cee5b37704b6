//! Reporting feeds innovation: when a report is submitted, each of its text answers that names a
//! known innovation as taken from elsewhere proposes an adoption by the reporting municipality
//! or organisation (unconfirmed, with the sentence as evidence), for an adviser to confirm.
//! The rules of what counts are `husk_domain::innovation::proposals`'.

use super::sql;
use crate::reporting::ReportInfo;
use crate::{Store, StoreError};
use husk_domain::innovation::adoptions::{same_actor, AdoptionInput};
use husk_domain::innovation::proposals::{self, AnswerText, KnownInnovation};
use husk_domain::reporting::answers::{Answer, Answers};
use husk_domain::reporting::template::TemplateDef;

/// The template field that asks where the methods came from (default template, «Hvor har dere
/// hentet metodene?»): what is named there needs no further cue.
const ORIGIN_FIELD: &str = "metode_opphav_hvor";

/// The municipality or organisation a report is from: (name as an adopter, kind,
/// kommunenummer).
async fn reporter(
    store: &Store,
    organisation: i64,
) -> Result<Option<(String, &'static str, String)>, StoreError> {
    let row: Option<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT name, kommunenummer, recipient_type FROM organisations WHERE id = $1",
    )
    .bind(organisation)
    .fetch_optional(&store.pool)
    .await?;
    Ok(row.map(|(name, knr, kind)| {
        let municipality = matches!(kind.as_deref(), Some("programkommune" | "annen-kommune"));
        if municipality {
            let short = name.strip_suffix(" kommune").unwrap_or(&name).to_string();
            (short, "kommune", knr.unwrap_or_default())
        } else {
            (name, "organisasjon", String::new())
        }
    }))
}

impl Store {
    /// Proposes the adoptions a submitted report's answers name. Returns how many were
    /// proposed. An adoption the reporter already has, of an innovation it began, is not
    /// proposed again.
    pub(crate) async fn propose_adoptions_from_report(
        &self,
        info: &ReportInfo,
        def: &TemplateDef,
        answers: &Answers,
    ) -> Result<usize, StoreError> {
        let Some(organisation) = info.organisation_id else {
            return Ok(0);
        };
        let Some((adopter, adopter_kind, kommunenummer)) = reporter(self, organisation).await?
        else {
            return Ok(0);
        };
        let mut texts: Vec<(String, String, bool)> = Vec::new();
        for (_, field) in def.fields() {
            let text = match answers.get(&field.key) {
                Some(Answer::Text(t)) => t.clone(),
                Some(Answer::Rows(rows)) => rows
                    .iter()
                    .map(|r| r.join(". "))
                    .collect::<Vec<_>>()
                    .join("\n"),
                _ => continue,
            };
            if !text.trim().is_empty() {
                texts.push((field.label.clone(), text, field.key == ORIGIN_FIELD));
            }
        }
        if texts.is_empty() {
            return Ok(0);
        }
        let all = self.all_innovations().await?;
        let known: Vec<KnownInnovation> = all
            .iter()
            .map(|n| KnownInnovation::new(&n.code, &n.name))
            .collect();
        let mut places: Vec<String> = sqlx::query_scalar("SELECT name FROM organisations")
            .fetch_all(&self.pool)
            .await?;
        let short: Vec<String> = places
            .iter()
            .filter_map(|p| p.strip_suffix(" kommune").map(str::to_string))
            .collect();
        places.extend(short);
        for n in &all {
            if !n.origin_place.is_empty() {
                places.push(n.origin_place.clone());
            }
            places.extend(n.adoptions.iter().map(|a| a.adopter.clone()));
        }
        places.sort();
        places.dedup();
        let answer_texts: Vec<AnswerText<'_>> = texts
            .iter()
            .map(|(label, text, asks)| AnswerText {
                field_label: label,
                text,
                asks_origin: *asks,
            })
            .collect();
        let found = proposals::find(&answer_texts, &known, &places, &adopter);
        let mut proposed = 0;
        let now = crate::now_text();
        for f in found {
            let Some(n) = all.iter().find(|n| n.code == f.code) else {
                continue;
            };
            if same_actor(&adopter, &n.origin_place)
                || n.adoptions.iter().any(|a| same_actor(&a.adopter, &adopter))
            {
                continue;
            }
            let evidence = format!("{}, «{}»: «{}»", info.title(), f.field_label, f.sentence);
            let input = AdoptionInput {
                adopter: adopter.clone(),
                adopter_kind: adopter_kind.into(),
                kommunenummer: kommunenummer.clone(),
                from: f.from.clone().unwrap_or_default(),
                spread: "adopsjon".into(),
                channel: "annet".into(),
                phase: "implementering".into(),
                year: info.year.to_string(),
                year_at_latest: "1".into(),
                result: String::new(),
                evidence: evidence.chars().take(husk_domain::limits::NOTE).collect(),
                confirmed: false,
            };
            // A source that does not fit the rules (later than the adoption, say) is left
            // for the adviser: the proposal is made without it.
            let checked = match input.validate(&n.holders(None)) {
                Ok(a) => a,
                Err(_) => match (AdoptionInput {
                    from: String::new(),
                    ..input
                })
                .validate(&n.holders(None))
                {
                    Ok(a) => a,
                    Err(_) => continue,
                },
            };
            let mut tx = self.begin_write().await?;
            sql::insert_adoption(
                &mut *tx,
                n.id,
                &sql::AdoptionColumns::of(
                    &checked,
                    sql::Written {
                        source: "",
                        husk_note: "Foreslått av Husk fra et rapportsvar (se dokumentasjonen). Spredningstype, kanal og fase er Husks antakelse, og året er rapportens periode (senest). Teller ikke før en rådgiver bekrefter det.",
                        updated_by: self.actor().and_then(|a| a.user_id),
                        now: &now,
                    },
                ),
            )
            .await?;
            Self::commit_write(tx).await?;
            proposed += 1;
        }
        Ok(proposed)
    }
}

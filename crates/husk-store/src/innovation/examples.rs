//! Good examples on both backends (migration 32): published, changed and withdrawn by
//! advisers (`may_publish_good_example`), read by everyone while published. The public reads
//! only what the example itself says; what it is about (the innovation or the register entry)
//! is given only to who may read that.
//!
//! The library's text search uses the same Norwegian analysis as the knowledge base (stems,
//! stop words and compound parts, from `husk_search::analysis`): the examples are few, so they
//! are matched in memory rather than indexed.

use crate::{Reader, SaveError, Store, StoreError};
use husk_domain::innovation::examples::{GoodExample, GoodExampleInput, LibraryFilter, Subject};
use husk_domain::innovation::{Area, InnovationKind};
use husk_domain::FieldErrors;
use husk_search::analysis::{analyze_words, Lexicon};
use serde::Serialize;
use sqlx::{Any, Executor};
use std::sync::{Arc, OnceLock};

/// What a good example is about, for who may read it.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleSubject {
    /// `innovasjon` or `prosjekt`.
    pub kind: String,
    /// The innovation's code or the entry's id.
    pub id: String,
    /// The innovation's name or the entry's title.
    pub name: String,
}

/// A good example as stored.
#[derive(Debug, Clone, Serialize)]
pub struct StoredGoodExample {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub contact: String,
    pub evidence: String,
    pub place: String,
    pub area: Area,
    pub kind: InnovationKind,
    pub target_groups: Vec<String>,
    /// The date (YYYY-MM-DD) it was first published.
    pub published: String,
    /// The date it was last changed.
    pub updated: String,
    /// Withdrawn examples are read only by who publishes them.
    pub withdrawn: bool,
    /// The report a demo example's facts come from ('' for what users wrote).
    pub source: String,
    /// What Husk added that the source does not state.
    pub husk_note: String,
    /// `None` for a viewer who may not read the innovation or entry (the public).
    pub subject: Option<ExampleSubject>,
}

impl StoredGoodExample {
    /// The example as its form shows it.
    pub fn input(&self, subject: &ExampleSubject) -> GoodExampleInput {
        let (innovation, entry) = Self::input_subject(subject);
        GoodExampleInput {
            innovation,
            entry,
            title: self.title.clone(),
            summary: self.summary.clone(),
            contact: self.contact.clone(),
            evidence: self.evidence.clone(),
            place: self.place.clone(),
            area: self.area.code().into(),
            kind: self.kind.code().into(),
            target_groups: self.target_groups.clone(),
        }
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    title: String,
    summary: String,
    contact: String,
    evidence: String,
    place: String,
    area: String,
    kind: String,
    target_groups: String,
    published_at: String,
    updated_at: String,
    withdrawn_at: Option<String>,
    source: String,
    husk_note: String,
    innovation_code: Option<String>,
    innovation_name: Option<String>,
    project_id: Option<String>,
    project_title: Option<String>,
}

const SELECT: &str = "SELECT g.id, g.title, g.summary, g.contact, g.evidence, g.place, g.area,
        g.kind, g.target_groups, g.published_at, g.updated_at, g.withdrawn_at,
        g.source, g.husk_note, i.code AS innovation_code, i.name AS innovation_name, g.project_id,
        p.title AS project_title
    FROM good_examples g
    LEFT JOIN innovations i ON i.id = g.innovation_id
    LEFT JOIN projects p ON p.id = g.project_id";

async fn rows<'e>(ex: impl Executor<'e, Database = Any>) -> Result<Vec<Row>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} ORDER BY g.published_at DESC, g.id DESC"))
        .fetch_all(ex)
        .await
}

async fn row<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<Row>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE g.id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// Adds a checked good example: (innovation id, entry id), (source, husk note).
pub(super) async fn insert<'e>(
    ex: impl Executor<'e, Database = Any>,
    (innovation_id, project_id): (Option<i64>, Option<&str>),
    g: &GoodExample,
    (source, husk_note): (&str, &str),
    user: Option<i64>,
    now: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO good_examples (innovation_id, project_id, title, summary, contact,
             evidence, place, area, kind, target_groups, published_by, published_at,
             updated_by, updated_at, source, husk_note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $11, $12, $13, $14)
         RETURNING id",
    )
    .bind(innovation_id)
    .bind(project_id)
    .bind(&g.title)
    .bind(&g.summary)
    .bind(&g.contact)
    .bind(&g.evidence)
    .bind(&g.place)
    .bind(g.area.code())
    .bind(g.kind.code())
    .bind(g.target_groups.join(";"))
    .bind(user)
    .bind(now)
    .bind(source)
    .bind(husk_note)
    .fetch_one(ex)
    .await
}

fn date(text: &str) -> String {
    text.get(..10).unwrap_or(text).to_string()
}

impl Row {
    /// The example with its subject, or `None` when its codes are not this build's.
    fn stored(self) -> Option<(StoredGoodExample, ExampleSubject)> {
        let subject = match (self.innovation_code, self.project_id) {
            (Some(code), _) => ExampleSubject {
                kind: "innovasjon".into(),
                id: code,
                name: self.innovation_name.unwrap_or_default(),
            },
            (None, Some(id)) => ExampleSubject {
                kind: "prosjekt".into(),
                name: self.project_title.unwrap_or_else(|| id.clone()),
                id,
            },
            (None, None) => return None,
        };
        Some((
            StoredGoodExample {
                id: self.id,
                title: self.title,
                summary: self.summary,
                contact: self.contact,
                evidence: self.evidence,
                place: self.place,
                area: Area::from_code(&self.area)?,
                kind: InnovationKind::from_code(&self.kind)?,
                target_groups: self
                    .target_groups
                    .split(';')
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect(),
                published: date(&self.published_at),
                updated: date(&self.updated_at),
                withdrawn: self.withdrawn_at.is_some(),
                source: self.source,
                husk_note: self.husk_note,
                subject: None,
            },
            subject,
        ))
    }
}

fn lexicon() -> &'static Arc<Lexicon> {
    static LEXICON: OnceLock<Arc<Lexicon>> = OnceLock::new();
    LEXICON.get_or_init(|| Arc::new(Lexicon::builtin()))
}

/// The stems (and compound parts' stems) of a text.
fn terms(text: &str) -> Vec<String> {
    analyze_words(text, lexicon())
        .into_iter()
        .flat_map(|w| std::iter::once(w.stem).chain(w.parts))
        .collect()
}

/// How well an example matches the query: `None` when a word of the query is missing, else a
/// score (a word in the title counts more).
fn score(e: &StoredGoodExample, query: &[String]) -> Option<usize> {
    if query.is_empty() {
        return Some(0);
    }
    let title = terms(&e.title);
    let body = terms(&format!(
        "{} {} {} {}",
        e.summary, e.evidence, e.place, e.contact
    ));
    let mut total = 0;
    for q in query {
        let in_title = title.iter().filter(|t| *t == q).count();
        let in_body = body.iter().filter(|t| *t == q).count();
        if in_title + in_body == 0 {
            return None;
        }
        total += 3 * in_title + in_body;
    }
    Some(total)
}

impl Store {
    async fn example_subject_id(
        &self,
        subject: &Subject,
    ) -> Result<(Option<i64>, Option<String>), SaveError> {
        let invalid = |message: String| {
            let mut e = FieldErrors::new();
            e.push("gjelder", message);
            SaveError::Invalid(e)
        };
        match subject {
            Subject::Innovation(code) => {
                let id: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM innovations WHERE code = $1")
                        .bind(code)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(StoreError::from)?;
                match id {
                    Some(id) => Ok((Some(id), None)),
                    None => Err(invalid(format!(
                        "Husk har ingen innovasjon med koden «{code}»."
                    ))),
                }
            }
            Subject::Entry(id) => {
                let found: Option<String> =
                    sqlx::query_scalar("SELECT id FROM projects WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(StoreError::from)?;
                match found {
                    Some(id) => Ok((None, Some(id))),
                    None => Err(invalid(format!(
                        "Husk har ikke noe prosjekt med id «{id}»."
                    ))),
                }
            }
        }
    }

    /// Publishes a good example. The caller has checked `may_publish_good_example`. An
    /// innovation or entry has at most one: publishing again is changing it.
    pub async fn publish_good_example(&self, input: &GoodExampleInput) -> Result<i64, SaveError> {
        let g = input
            .validate(self.taxonomy())
            .map_err(SaveError::Invalid)?;
        let (innovation_id, project_id) = self.example_subject_id(&g.subject).await?;
        let existing: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM good_examples WHERE innovation_id = $1 OR project_id = $2",
        )
        .bind(innovation_id)
        .bind(project_id.as_deref())
        .fetch_optional(&self.pool)
        .await
        .map_err(StoreError::from)?;
        if let Some(id) = existing {
            let mut e = FieldErrors::new();
            e.push(
                "gjelder",
                format!("Dette er allerede publisert som godt eksempel (nummer {id}). Endre det i stedet."),
            );
            return Err(SaveError::Invalid(e));
        }
        let now = crate::now_text();
        let user = self.actor().and_then(|a| a.user_id);
        let mut tx = self.begin_write().await.map_err(StoreError::from)?;
        let id = insert(
            &mut *tx,
            (innovation_id, project_id.as_deref()),
            &g,
            ("", ""),
            user,
            &now,
        )
        .await
        .map_err(StoreError::from)?;
        Self::commit_write(tx).await.map_err(StoreError::from)?;
        Ok(id)
    }

    /// Changes a good example (not what it is about) and publishes it again if it was
    /// withdrawn. The caller has checked `may_publish_good_example`.
    pub async fn update_good_example(
        &self,
        id: i64,
        input: &GoodExampleInput,
    ) -> Result<(), SaveError> {
        let Some((_, subject)) = row(&self.pool, id)
            .await
            .map_err(StoreError::from)?
            .and_then(Row::stored)
        else {
            return Err(SaveError::Store(StoreError::NotFound(format!(
                "godt eksempel {id}"
            ))));
        };
        let mut input = input.clone();
        let fixed = StoredGoodExample::input_subject(&subject);
        input.innovation = fixed.0;
        input.entry = fixed.1;
        let g = input
            .validate(self.taxonomy())
            .map_err(SaveError::Invalid)?;
        let now = crate::now_text();
        let mut tx = self.begin_write().await.map_err(StoreError::from)?;
        sqlx::query(
            "UPDATE good_examples SET title = $1, summary = $2, contact = $3, evidence = $4,
                 place = $5, area = $6, kind = $7, target_groups = $8, updated_by = $9,
                 updated_at = $10, withdrawn_at = NULL
             WHERE id = $11",
        )
        .bind(&g.title)
        .bind(&g.summary)
        .bind(&g.contact)
        .bind(&g.evidence)
        .bind(&g.place)
        .bind(g.area.code())
        .bind(g.kind.code())
        .bind(g.target_groups.join(";"))
        .bind(self.actor().and_then(|a| a.user_id))
        .bind(&now)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        Self::commit_write(tx).await.map_err(StoreError::from)?;
        Ok(())
    }

    /// Withdraws a good example from the public library (it is kept, and can be published
    /// again by saving it). The caller has checked `may_publish_good_example`.
    pub async fn withdraw_good_example(&self, id: i64) -> Result<(), StoreError> {
        let now = crate::now_text();
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE good_examples SET withdrawn_at = $1, updated_by = $2, updated_at = $1
             WHERE id = $3 AND withdrawn_at IS NULL",
        )
        .bind(&now)
        .bind(self.actor().and_then(|a| a.user_id))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("godt eksempel {id}")));
        }
        Self::commit_write(tx).await?;
        Ok(())
    }
}

impl StoredGoodExample {
    /// (innovation, entry) as the form's hidden fields carry them.
    fn input_subject(subject: &ExampleSubject) -> (String, String) {
        if subject.kind == "innovasjon" {
            (subject.id.clone(), String::new())
        } else {
            (String::new(), subject.id.clone())
        }
    }
}

impl Reader<'_> {
    /// The example as this viewer may read it: withdrawn ones only for who publishes, the
    /// subject only for who reads it.
    async fn visible(
        &self,
        e: StoredGoodExample,
        subject: ExampleSubject,
    ) -> Result<Option<StoredGoodExample>, StoreError> {
        if e.withdrawn && !self.viewer.may_publish_good_example() {
            return Ok(None);
        }
        let reads_subject = match subject.kind.as_str() {
            "innovasjon" => self.viewer.may_read_innovations(),
            _ => self.may_read_project(&subject.id).await?,
        };
        Ok(Some(StoredGoodExample {
            subject: reads_subject.then_some(subject),
            ..e
        }))
    }

    /// The published good examples that pass the filters, best match first when there is a
    /// text query, else newest first. Withdrawn ones are not in the library, also not for
    /// advisers.
    pub async fn good_examples(
        &self,
        filter: &LibraryFilter,
    ) -> Result<Vec<StoredGoodExample>, StoreError> {
        let query: Vec<String> = terms(&filter.query);
        let mut found: Vec<(usize, StoredGoodExample)> = Vec::new();
        for (e, subject) in rows(&self.store.pool)
            .await?
            .into_iter()
            .filter_map(Row::stored)
        {
            if e.withdrawn || !filter.admits(e.area, e.kind, &e.target_groups) {
                continue;
            }
            let Some(score) = score(&e, &query) else {
                continue;
            };
            if let Some(e) = self.visible(e, subject).await? {
                found.push((score, e));
            }
        }
        // Stable: equal scores keep newest first.
        found.sort_by_key(|e| std::cmp::Reverse(e.0));
        Ok(found.into_iter().map(|(_, e)| e).collect())
    }

    /// One good example: `Ok(None)` when there is none the viewer may read.
    pub async fn good_example(&self, id: i64) -> Result<Option<StoredGoodExample>, StoreError> {
        match row(&self.store.pool, id).await?.and_then(Row::stored) {
            Some((e, subject)) => self.visible(e, subject).await,
            None => Ok(None),
        }
    }

    /// The good example of an innovation (`kind` `innovasjon`) or entry (`prosjekt`), as
    /// [`Reader::good_example`] gives it.
    pub async fn good_example_of(
        &self,
        kind: &str,
        id: &str,
    ) -> Result<Option<StoredGoodExample>, StoreError> {
        let column = match kind {
            "innovasjon" => "i.code",
            "prosjekt" => "g.project_id",
            _ => return Ok(None),
        };
        let found: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE {column} = $1"))
            .bind(id)
            .fetch_optional(&self.store.pool)
            .await?;
        match found.and_then(Row::stored) {
            Some((e, subject)) => self.visible(e, subject).await,
            None => Ok(None),
        }
    }
}

//! Evaluations of learning arenas on both backends: forms, answer tokens, answers, results.
//!
//! An arena's form is made by an adviser of its office ([`Store::create_evaluation`]) with an
//! unguessable open link (192 random bits) and the times it takes answers; extra questions
//! are added to the core ones ([`Store::add_evaluation_question`]), and personal one-time
//! links can be made ([`Store::make_personal_links`]). Anyone with a link answers
//! ([`Store::submit_evaluation`]) once: per personal link, or per device (a cookie the web
//! sets) for the open link; a form sent twice (a double click) is stored once. An answer
//! keeps only the answers (see migration 27). Staff read the form's state and results
//! through a [`Reader`]; results are hidden below five answers.
//!
//! Writes are checked by the caller with [`husk_domain::Viewer::may_manage_evaluation`].

mod sql;

use crate::{Reader, SaveError, Store, StoreError};
use husk_domain::learning::evaluations::{
    core_questions, extra_key, iso_local, parse_local_time, validate_answers, Answers,
    ExtraQuestionInput, Question, QuestionKind, Results, Visibility, Window, WindowInput,
    WindowState, MAX_EXTRA_QUESTIONS, MAX_PERSONAL_LINKS,
};
use husk_domain::learning::ArenaKind;
use husk_domain::norwegian::{iso_date, parse_date};
use husk_domain::FieldErrors;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use time::{Date, PrimitiveDateTime};

/// The arena an evaluation belongs to, as evaluations show it.
#[derive(Debug, Clone, Serialize)]
pub struct EvaluatedArena {
    pub id: i64,
    pub title: String,
    pub kind: ArenaKind,
    #[serde(serialize_with = "iso")]
    pub starts_on: Date,
    #[serde(skip)]
    pub ends_on: Option<Date>,
    pub office: String,
}

fn iso<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&iso_date(*d))
}

fn arena_of(row: sql::ArenaRow) -> Option<EvaluatedArena> {
    let (id, title, kind, starts_on, ends_on, office) = row;
    Some(EvaluatedArena {
        id,
        title,
        kind: ArenaKind::from_code(&kind)?,
        starts_on: parse_date(&starts_on).ok()?,
        ends_on: ends_on.as_deref().and_then(|d| parse_date(d).ok()),
        office,
    })
}

/// An extra question as stored.
#[derive(Debug, Clone, Serialize)]
pub struct StoredQuestion {
    pub id: i64,
    pub question: Question,
}

/// A personal link and whether it has been used.
#[derive(Debug, Clone, Serialize)]
pub struct PersonalLink {
    pub token: String,
    pub used: bool,
}

/// An arena's form as staff see it.
#[derive(Debug, Clone)]
pub struct EvaluationForm {
    /// The open link's token (`/evaluering/{token}`).
    pub token: String,
    pub window: Window,
    /// Now against the window.
    pub state: WindowState,
    /// Core and extra questions, in order.
    pub questions: Vec<Question>,
    pub extra: Vec<StoredQuestion>,
    pub answered: usize,
    pub links: Vec<PersonalLink>,
}

/// An arena and its evaluation form, if it has one.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub arena: EvaluatedArena,
    pub form: Option<EvaluationForm>,
}

/// A form as the person answering it sees it.
#[derive(Debug, Clone)]
pub struct PublicForm {
    pub arena: EvaluatedArena,
    pub window: Window,
    pub state: WindowState,
    pub questions: Vec<Question>,
    /// Opened through a personal link (else the open link).
    pub personal: bool,
    /// This link or device has answered already.
    pub answered: bool,
}

/// What became of a submitted form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitted {
    Stored,
    /// The same form was stored already (a second click on «Send»).
    AlreadyStored,
}

/// Why a submitted form was not stored.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    #[error("ugyldige svar")]
    Invalid(FieldErrors),
    #[error("skjemaet tar ikke imot svar nå")]
    NotOpen(WindowState),
    #[error("denne lenken eller enheten har svart allerede")]
    AlreadyAnswered,
    /// The open link was used without the device's cookie.
    #[error("mangler enhetens informasjonskapsel")]
    NoDevice,
    #[error("fant ikke skjemaet")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for SubmitError {
    fn from(e: sqlx::Error) -> Self {
        SubmitError::Store(StoreError::Db(e))
    }
}

/// An arena's results as staff read them: hidden below five answers.
#[derive(Debug, Clone, Serialize)]
pub struct ArenaResults {
    pub arena: EvaluatedArena,
    pub answered: usize,
    pub visibility: Visibility,
    /// `None` while hidden.
    pub results: Option<Results>,
}

/// One arena's line in the summary over arenas.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryArena {
    pub arena: EvaluatedArena,
    pub answered: usize,
    /// The core questions' averages, in [`core_questions`]'s order (`None` while hidden or
    /// unanswered), and their average.
    pub averages: Vec<Option<f64>>,
    pub overall: Option<f64>,
}

/// A year's line in the summary: the core scale questions' averages over every answer to
/// arenas that year whose results are shown.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryYear {
    pub year: i32,
    pub arenas: usize,
    pub answered: usize,
    pub averages: Vec<Option<f64>>,
    pub overall: Option<f64>,
}

/// Evaluations over arenas (of one kind, or all).
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub kind: Option<ArenaKind>,
    /// The core scale questions the averages are of.
    pub questions: Vec<Question>,
    /// Arenas with a form, oldest first; those with fewer than five answers show no figures.
    pub arenas: Vec<SummaryArena>,
    pub years: Vec<SummaryYear>,
    /// Free-text answers matching the search, from arenas whose results are shown:
    /// (arena title, question, answer).
    #[serde(skip)]
    pub texts: Vec<(String, String, String)>,
}

/// Now in Norway, where the forms' times are.
pub fn oslo_now() -> PrimitiveDateTime {
    let now = time::OffsetDateTime::now_utc();
    let fallback = PrimitiveDateTime::new(now.date(), now.time());
    let Ok(tz) = jiff::tz::TimeZone::get("Europe/Oslo") else {
        return fallback;
    };
    let Ok(ts) = jiff::Timestamp::from_second(now.unix_timestamp()) else {
        return fallback;
    };
    let dt = ts.to_zoned_datetime(tz);
    let date = time::Month::try_from(dt.month() as u8)
        .ok()
        .and_then(|m| Date::from_calendar_date(dt.year() as i32, m, dt.day() as u8).ok());
    let clock = time::Time::from_hms(dt.hour() as u8, dt.minute() as u8, dt.second() as u8).ok();
    match (date, clock) {
        (Some(d), Some(t)) => PrimitiveDateTime::new(d, t),
        _ => fallback,
    }
}

fn hash(kind: &str, secret: &str) -> String {
    let mut h = Sha256::new();
    h.update(kind.as_bytes());
    h.update(b":");
    h.update(secret.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A token for a link: 24 random bytes as hex (192 bits).
fn new_token() -> String {
    crate::accounts::random_hex(24)
}

/// Whether `s` could be a token (hex, the right length): anything else is not looked up.
fn token_like(s: &str) -> bool {
    s.len() == 48 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn window_of(opens: &str, closes: &str) -> Option<Window> {
    Some(Window {
        opens: parse_local_time(opens).ok()?,
        closes: parse_local_time(closes).ok()?,
    })
}

pub(crate) fn parse_answers(json: &str) -> Answers {
    serde_json::from_str::<BTreeMap<String, serde_json::Value>>(json)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| {
            let a = match v {
                serde_json::Value::Number(n) => {
                    husk_domain::learning::evaluations::AnswerValue::Scale(
                        u8::try_from(n.as_u64()?).ok()?,
                    )
                }
                serde_json::Value::String(s) => {
                    husk_domain::learning::evaluations::AnswerValue::Text(s)
                }
                _ => return None,
            };
            Some((k, a))
        })
        .collect()
}

impl Store {
    async fn evaluated_arena(&self, arena: i64) -> Result<Option<EvaluatedArena>, StoreError> {
        Ok(sql::arena(&self.pool, arena).await?.and_then(arena_of))
    }

    /// An arena's extra questions, and all its questions (core first).
    pub(crate) async fn questions_of(
        &self,
        arena: i64,
    ) -> Result<(Vec<StoredQuestion>, Vec<Question>), StoreError> {
        let extra: Vec<StoredQuestion> = sql::questions(&self.pool, arena)
            .await?
            .into_iter()
            .filter_map(|(id, kind, text, required)| {
                Some(StoredQuestion {
                    id,
                    question: Question {
                        key: extra_key(id),
                        kind: QuestionKind::from_code(&kind)?,
                        text,
                        required: required != 0,
                        core: false,
                    },
                })
            })
            .collect();
        let mut all = core_questions();
        all.extend(extra.iter().map(|q| q.question.clone()));
        Ok((extra, all))
    }

    pub(crate) async fn answers_of(&self, arena: i64) -> Result<Vec<Answers>, StoreError> {
        Ok(sql::answers(&self.pool, arena)
            .await?
            .iter()
            .map(|j| parse_answers(j))
            .collect())
    }

    /// Makes an arena's evaluation form with a new open link, taking answers in `window`
    /// (empty fields: from 08:00 on the arena's first day to the end of the fourteenth day
    /// after its last). Does nothing when it has one.
    pub async fn create_evaluation(
        &self,
        arena: i64,
        input: &WindowInput,
    ) -> Result<(), SaveError> {
        let a = self
            .evaluated_arena(arena)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("læringsarena {arena}")))?;
        let window = if input.opens.trim().is_empty() && input.closes.trim().is_empty() {
            Window::default_for(a.starts_on, a.ends_on)
        } else {
            input.validate().map_err(SaveError::Invalid)?
        };
        let mut tx = self.begin_write().await?;
        sql::insert_form(
            &mut *tx,
            arena,
            &new_token(),
            &iso_local(window.opens),
            &iso_local(window.closes),
            self.actor().and_then(|a| a.user_id),
            &crate::now_text(),
        )
        .await?;
        Self::commit_write(tx).await?;
        Ok(())
    }

    /// Sets when an arena's form takes answers.
    pub async fn set_evaluation_window(
        &self,
        arena: i64,
        input: &WindowInput,
    ) -> Result<Window, SaveError> {
        let w = input.validate().map_err(SaveError::Invalid)?;
        let mut tx = self.begin_write().await?;
        let n = sql::update_window(
            &mut *tx,
            arena,
            &iso_local(w.opens),
            &iso_local(w.closes),
            self.actor().and_then(|a| a.user_id),
            &crate::now_text(),
        )
        .await?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("evalueringsskjema {arena}")).into());
        }
        Self::commit_write(tx).await?;
        Ok(w)
    }

    /// Adds an extra question to an arena's form (after the others), or changes the extra
    /// question `id`. The core questions are not stored and cannot be changed.
    pub async fn save_evaluation_question(
        &self,
        arena: i64,
        id: Option<i64>,
        input: &ExtraQuestionInput,
    ) -> Result<i64, SaveError> {
        let q = input.validate().map_err(SaveError::Invalid)?;
        let (extra, _) = self.questions_of(arena).await?;
        if sql::form(&self.pool, arena).await?.is_none() {
            return Err(StoreError::NotFound(format!("evalueringsskjema {arena}")).into());
        }
        if id.is_none() && extra.len() >= MAX_EXTRA_QUESTIONS {
            let mut e = FieldErrors::new();
            e.push(
                "text",
                format!("Skjemaet har allerede {MAX_EXTRA_QUESTIONS} egne spørsmål, som er det meste. Endre et av dem i stedet."),
            );
            return Err(SaveError::Invalid(e));
        }
        let now = crate::now_text();
        let cols = sql::QuestionColumns {
            arena,
            kind: q.kind.code(),
            text: &q.text,
            required: q.required,
            by: self.actor().and_then(|a| a.user_id),
            now: &now,
        };
        let mut tx = self.begin_write().await?;
        let saved = match id {
            None => sql::insert_question(&mut *tx, &cols, extra.len() as i64 + 1).await?,
            Some(id) => {
                if sql::update_question(&mut *tx, id, &cols).await? == 0 {
                    return Err(StoreError::NotFound(format!("spørsmål {id}")).into());
                }
                id
            }
        };
        Self::commit_write(tx).await?;
        Ok(saved)
    }

    /// Removes the extra question `id` from an arena's form, only while nobody has answered
    /// ([`husk_domain::learning::evaluations::question_removal_refused`]); the core questions
    /// are not stored, so they are never found here. The caller has checked
    /// [`husk_domain::Viewer::may_remove_evaluation_question`].
    pub async fn remove_evaluation_question(
        &self,
        arena: i64,
        id: i64,
    ) -> Result<super::Removed, StoreError> {
        let (extra, _) = self.questions_of(arena).await?;
        if !extra.iter().any(|q| q.id == id) {
            return Err(StoreError::NotFound(format!("spørsmål {id}")));
        }
        let mut tx = self.begin_write().await?;
        if sql::delete_unanswered_question(&mut *tx, arena, id).await? == 0 {
            let answered = sql::answer_count(&mut *tx, arena).await?;
            let why = husk_domain::learning::evaluations::question_removal_refused(
                answered.max(1) as usize
            )
            .unwrap_or_default();
            return Ok(super::Removed::Refused(why));
        }
        Self::commit_write(tx).await?;
        Ok(super::Removed::Removed)
    }

    /// Makes `n` personal one-time links for an arena's form; gives their tokens.
    pub async fn make_personal_links(&self, arena: i64, n: &str) -> Result<Vec<String>, SaveError> {
        let count = match n.trim().parse::<usize>() {
            Ok(c @ 1..=MAX_PERSONAL_LINKS) => c,
            _ => {
                let mut e = FieldErrors::new();
                e.push(
                    "antall",
                    format!("«{}» er ikke et antall Husk kan lage. Skriv et helt tall fra 1 til {MAX_PERSONAL_LINKS}.", n.trim()),
                );
                return Err(SaveError::Invalid(e));
            }
        };
        if sql::form(&self.pool, arena).await?.is_none() {
            return Err(StoreError::NotFound(format!("evalueringsskjema {arena}")).into());
        }
        let by = self.actor().and_then(|a| a.user_id);
        let now = crate::now_text();
        let mut tx = self.begin_write().await?;
        let mut out = Vec::with_capacity(count);
        for _ in 0..count {
            let t = new_token();
            sql::insert_link(&mut *tx, arena, &t, by, &now).await?;
            out.push(t);
        }
        Self::commit_write(tx).await?;
        Ok(out)
    }

    /// The arena a link's token opens, and whether it is a personal link.
    async fn link(&self, token: &str) -> Result<Option<(i64, bool)>, StoreError> {
        if !token_like(token) {
            return Ok(None);
        }
        if let Some(a) = sql::form_by_token(&self.pool, token).await? {
            return Ok(Some((a, false)));
        }
        Ok(sql::link_arena(&self.pool, token).await?.map(|a| (a, true)))
    }

    fn participant(token: &str, personal: bool, device: Option<&str>) -> Option<String> {
        if personal {
            Some(hash("lenke", token))
        } else {
            device
                .filter(|d| !d.trim().is_empty())
                .map(|d| hash("enhet", d))
        }
    }

    /// The form a link opens (for anyone holding it), as the person answering sees it at
    /// `now`; `device` is the device's cookie, if it has one.
    pub async fn evaluation_by_token(
        &self,
        token: &str,
        device: Option<&str>,
        now: PrimitiveDateTime,
    ) -> Result<Option<PublicForm>, StoreError> {
        let Some((arena, personal)) = self.link(token).await? else {
            return Ok(None);
        };
        let Some(a) = self.evaluated_arena(arena).await? else {
            return Ok(None);
        };
        let Some((_, opens, closes)) = sql::form(&self.pool, arena).await? else {
            return Ok(None);
        };
        let Some(window) = window_of(&opens, &closes) else {
            return Ok(None);
        };
        let answered = match Self::participant(token, personal, device) {
            Some(p) => sql::has_receipt(&self.pool, arena, &p).await?,
            None => false,
        };
        let (_, questions) = self.questions_of(arena).await?;
        Ok(Some(PublicForm {
            arena: a,
            state: window.state(now),
            window,
            questions,
            personal,
            answered,
        }))
    }

    /// Stores one participant's answers sent through a link at `now`: checked against the
    /// form's questions, only while it is open, once per personal link or device (`device`,
    /// the device's cookie, is needed for the open link), and once per sent form
    /// (`submission`, the random key the form carried). Nothing about the sender or the time
    /// is stored.
    pub async fn submit_evaluation(
        &self,
        token: &str,
        device: Option<&str>,
        submission: &str,
        raw: &BTreeMap<String, String>,
        now: PrimitiveDateTime,
    ) -> Result<Submitted, SubmitError> {
        let Some((arena, personal)) = self.link(token).await? else {
            return Err(SubmitError::NotFound);
        };
        let Some((_, opens, closes)) = sql::form(&self.pool, arena).await? else {
            return Err(SubmitError::NotFound);
        };
        let window = window_of(&opens, &closes).ok_or(SubmitError::NotFound)?;
        let state = window.state(now);
        if state != WindowState::Open {
            return Err(SubmitError::NotOpen(state));
        }
        let (_, questions) = self.questions_of(arena).await?;
        let answers = validate_answers(&questions, raw).map_err(SubmitError::Invalid)?;
        let participant =
            Self::participant(token, personal, device).ok_or(SubmitError::NoDevice)?;
        let submission = submission.trim();
        if submission.len() < 16 {
            // A form always carries its key; without one a double click could not be told.
            return Err(SubmitError::NotFound);
        }
        let json = serde_json::to_string(&answers)
            .map_err(|e| SubmitError::Store(StoreError::NotFound(format!("svarene ({e})"))))?;
        let mut tx = self.begin_write().await?;
        if sql::insert_answer(&mut *tx, arena, &hash("skjema", submission), &json).await? == 0 {
            tx.rollback().await?;
            return Ok(Submitted::AlreadyStored);
        }
        if sql::insert_receipt(&mut *tx, arena, &participant).await? == 0 {
            tx.rollback().await?;
            return Err(SubmitError::AlreadyAnswered);
        }
        Self::commit_write(tx).await?;
        Ok(Submitted::Stored)
    }

    /// Every column stored with an arena's answers, with its value as text: for the tests
    /// that check an answer keeps nothing about who sent it or when.
    #[doc(hidden)]
    pub async fn stored_evaluation_answer_columns(
        &self,
        arena: i64,
    ) -> Result<Vec<Vec<(String, String)>>, StoreError> {
        Ok(sql::answer_columns(&self.pool, arena).await?)
    }

    /// Loads the demo's evaluations (idempotent): none. Husk does not make up answers.
    pub(crate) async fn load_demo_evaluations(&self) -> Result<(), StoreError> {
        Ok(())
    }
}

impl Reader<'_> {
    /// An arena with its evaluation form (`form` `None` before one is made): `Ok(None)` when
    /// there is no such arena, `Err(Hidden)` when the viewer does not read evaluations.
    pub async fn evaluation(&self, arena: i64) -> Result<Option<Evaluation>, StoreError> {
        if !self.viewer.may_read_evaluations() {
            return Err(StoreError::Hidden);
        }
        let Some(a) = self.store.evaluated_arena(arena).await? else {
            return Ok(None);
        };
        let Some((token, opens, closes)) = sql::form(&self.store.pool, arena).await? else {
            return Ok(Some(Evaluation {
                arena: a,
                form: None,
            }));
        };
        let window = window_of(&opens, &closes)
            .ok_or_else(|| StoreError::NotFound(format!("tidene til skjemaet {arena}")))?;
        let (extra, questions) = self.store.questions_of(arena).await?;
        let receipts: std::collections::HashSet<String> = sql::receipts(&self.store.pool, arena)
            .await?
            .into_iter()
            .collect();
        let links = sql::links(&self.store.pool, arena)
            .await?
            .into_iter()
            .map(|t| PersonalLink {
                used: receipts.contains(&hash("lenke", &t)),
                token: t,
            })
            .collect();
        let answered = sql::answers(&self.store.pool, arena).await?.len();
        Ok(Some(Evaluation {
            arena: a,
            form: Some(EvaluationForm {
                token,
                state: window.state(oslo_now()),
                window,
                questions,
                extra,
                answered,
                links,
            }),
        }))
    }

    /// An arena's results: hidden (no figures, no text) below five answers; `Ok(None)` when
    /// the arena or its form does not exist.
    pub async fn evaluation_results(&self, arena: i64) -> Result<Option<ArenaResults>, StoreError> {
        if !self.viewer.may_read_evaluations() {
            return Err(StoreError::Hidden);
        }
        let Some(a) = self.store.evaluated_arena(arena).await? else {
            return Ok(None);
        };
        if sql::form(&self.store.pool, arena).await?.is_none() {
            return Ok(None);
        }
        let answers = self.store.answers_of(arena).await?;
        let visibility = Visibility::of(answers.len());
        let results = match visibility {
            Visibility::Shown => {
                let (_, questions) = self.store.questions_of(arena).await?;
                Some(Results::compute(&questions, &answers))
            }
            Visibility::Hidden { .. } => None,
        };
        Ok(Some(ArenaResults {
            arena: a,
            answered: answers.len(),
            visibility,
            results,
        }))
    }

    /// The core questions' results over every arena with a form (of `kind`, if given), per
    /// arena and per year; arenas with fewer than five answers count in neither. Free-text
    /// answers to core questions matching `search` (all when empty) from arenas shown.
    pub async fn evaluation_summary(
        &self,
        kind: Option<ArenaKind>,
        search: &str,
    ) -> Result<Summary, StoreError> {
        if !self.viewer.may_read_evaluations() {
            return Err(StoreError::Hidden);
        }
        let core = core_questions();
        let scale: Vec<Question> = core
            .iter()
            .filter(|q| q.kind == QuestionKind::Scale)
            .cloned()
            .collect();
        let counts: BTreeMap<i64, i64> = sql::answer_counts(&self.store.pool)
            .await?
            .into_iter()
            .collect();
        let mut arenas = Vec::new();
        let mut by_year: BTreeMap<i32, (usize, Vec<Answers>)> = BTreeMap::new();
        let mut texts = Vec::new();
        for row in sql::arenas_with_forms(&self.store.pool).await? {
            let Some(a) = arena_of(row) else { continue };
            if kind.is_some_and(|k| k != a.kind) {
                continue;
            }
            let n = counts.get(&a.id).copied().unwrap_or(0) as usize;
            let (averages, overall) = if Visibility::of(n) == Visibility::Shown {
                let answers = self.store.answers_of(a.id).await?;
                let r = Results::compute(&core, &answers);
                for (q, hits) in r.search_texts(search) {
                    for h in hits {
                        texts.push((a.title.clone(), q.text.clone(), h.to_string()));
                    }
                }
                let y = by_year.entry(a.starts_on.year()).or_default();
                y.0 += 1;
                y.1.extend(answers);
                let averages = r
                    .questions
                    .iter()
                    .filter(|q| q.kind == QuestionKind::Scale)
                    .map(|q| q.average)
                    .collect();
                (averages, r.overall())
            } else {
                (vec![None; scale.len()], None)
            };
            arenas.push(SummaryArena {
                arena: a,
                answered: n,
                averages,
                overall,
            });
        }
        let years = by_year
            .into_iter()
            .map(|(year, (n, answers))| {
                let r = Results::compute(&scale, &answers);
                SummaryYear {
                    year,
                    arenas: n,
                    answered: answers.len(),
                    averages: r.questions.iter().map(|q| q.average).collect(),
                    overall: r.overall(),
                }
            })
            .collect();
        Ok(Summary {
            kind,
            questions: scale,
            arenas,
            years,
            texts,
        })
    }
}

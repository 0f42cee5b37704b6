//! Evaluations of learning arenas: the form (core questions shared by every arena), the
//! answering rules (one answer per token, open and close times) and results.
//!
//! Every arena's form starts with the same [`CORE_QUESTIONS`], so that arenas can be
//! compared; an adviser adds extra questions per arena ([`ExtraQuestionInput`]). A form is
//! answered without logging in, inside its [`Window`] (Norwegian local time). Answers are
//! validated here ([`validate_answers`]), and [`Results`] are shown only from
//! [`MIN_ANSWERS`] answers on ([`Visibility`]), so that nobody can be recognised from a
//! handful of answers.

use crate::norwegian::{count, parse_date};
use crate::FieldErrors;
use serde::Serialize;
use std::collections::BTreeMap;
use time::{Date, PrimitiveDateTime, Time};

/// Results are shown from this many answers on.
pub const MIN_ANSWERS: usize = 5;
/// The longest free-text answer, in characters.
pub const MAX_TEXT_ANSWER: usize = 2000;
/// The longest question text, in characters.
pub const MAX_QUESTION: usize = 300;
/// The most extra questions an arena's form may have.
pub const MAX_EXTRA_QUESTIONS: usize = 10;
/// The most personal links made at once.
pub const MAX_PERSONAL_LINKS: usize = 500;

code_enum!(
    /// A question's kind: a scale from 1 to 5, or free text.
    QuestionKind {
        Scale = "skala", "Skala 1–5";
        Text = "fritekst", "Fritekst";
    }
    expected "skala eller fritekst"
);

/// A question of a form, core or extra.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    /// The form field's name and the answers' key: a core question's code, or `x<id>` for an
    /// extra question.
    pub key: String,
    pub kind: QuestionKind,
    pub text: String,
    pub required: bool,
    /// One of [`CORE_QUESTIONS`] (the same on every form; cannot be removed).
    pub core: bool,
}

/// The core questions: (key, kind, text, required). Husk's own wording, not from the reports.
pub const CORE_QUESTIONS: &[(&str, QuestionKind, &str, bool)] = &[
    (
        "nytte",
        QuestionKind::Scale,
        "I hvilken grad var samlingen nyttig for arbeidet ditt?",
        true,
    ),
    (
        "innhold",
        QuestionKind::Scale,
        "I hvilken grad var det faglige innholdet godt?",
        true,
    ),
    (
        "erfaringsdeling",
        QuestionKind::Scale,
        "I hvilken grad fikk du dele erfaringer med andre deltakere?",
        true,
    ),
    (
        "gjennomforing",
        QuestionKind::Scale,
        "I hvilken grad var samlingen godt organisert og gjennomført?",
        true,
    ),
    (
        "bruk",
        QuestionKind::Scale,
        "I hvilken grad kommer du til å bruke noe du lærte, i eget arbeid?",
        true,
    ),
    (
        "best",
        QuestionKind::Text,
        "Hva var mest nyttig for deg?",
        false,
    ),
    (
        "bedre",
        QuestionKind::Text,
        "Hva kan gjøres bedre neste gang?",
        false,
    ),
];

/// The core questions as [`Question`]s.
pub fn core_questions() -> Vec<Question> {
    CORE_QUESTIONS
        .iter()
        .map(|(key, kind, text, required)| Question {
            key: key.to_string(),
            kind: *kind,
            text: text.to_string(),
            required: *required,
            core: true,
        })
        .collect()
}

/// The key of an extra question stored with `id`.
pub fn extra_key(id: i64) -> String {
    format!("x{id}")
}

/// Why an extra question cannot be removed: the form has answers (`answered`), which were
/// given to the questions as they stood. The core questions are never removable (they are not
/// stored). `None`: it may go.
pub fn question_removal_refused(answered: usize) -> Option<String> {
    (answered > 0).then(|| {
        format!(
            "Skjemaet har allerede {}. Et spørsmål kan bare fjernes før noen har svart.",
            count(answered as i64, "svar", "svar")
        )
    })
}

/// An extra question as typed by an adviser.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtraQuestionInput {
    pub kind: String,
    pub text: String,
    /// `true` when the «required» box is ticked.
    pub required: bool,
}

/// A checked extra question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraQuestion {
    pub kind: QuestionKind,
    pub text: String,
    pub required: bool,
}

impl ExtraQuestionInput {
    /// The question, or every problem with it (fields `kind`, `text`).
    pub fn validate(&self) -> Result<ExtraQuestion, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = QuestionKind::from_code(&self.kind);
        if kind.is_none() {
            errors.push(
                "kind",
                "Velg om spørsmålet skal besvares på en skala fra 1 til 5 eller med fritekst.",
            );
        }
        let text = self.text.trim().to_string();
        let n = text.chars().count();
        if n < 5 {
            errors.push(
                "text",
                "Skriv spørsmålet, minst 5 tegn, for eksempel «Hva vil du lære mer om?».",
            );
        } else if n > MAX_QUESTION {
            errors.push(
                "text",
                format!("Spørsmålet er {n} tegn. Skriv høyst {MAX_QUESTION} tegn."),
            );
        }
        match kind {
            Some(kind) if errors.is_empty() => Ok(ExtraQuestion {
                kind,
                text,
                required: self.required,
            }),
            _ => Err(errors),
        }
    }
}

/// When a form takes answers: from `opens` to `closes`, Norwegian local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub opens: PrimitiveDateTime,
    pub closes: PrimitiveDateTime,
}

/// Where a moment is against a form's window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowState {
    NotYetOpen,
    Open,
    Closed,
}

impl Window {
    /// Whether `now` (Norwegian local time) is before, in or after the window; it opens at
    /// `opens` and is closed from `closes` on.
    pub fn state(&self, now: PrimitiveDateTime) -> WindowState {
        if now < self.opens {
            WindowState::NotYetOpen
        } else if now < self.closes {
            WindowState::Open
        } else {
            WindowState::Closed
        }
    }

    /// The window for an arena held `starts_on`..`ends_on`: from 08:00 on the first day to
    /// the end of the fourteenth day after the last.
    pub fn default_for(starts_on: Date, ends_on: Option<Date>) -> Window {
        let last = ends_on.unwrap_or(starts_on);
        Window {
            opens: PrimitiveDateTime::new(starts_on, Time::from_hms(8, 0, 0).expect("08:00")),
            closes: PrimitiveDateTime::new(
                last.saturating_add(time::Duration::days(15)),
                Time::MIDNIGHT,
            ),
        }
    }
}

/// A window as typed: two times, `dd.mm.åååå tt:mm` or `åååå-mm-ddTtt:mm` (the browser's).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WindowInput {
    pub opens: String,
    pub closes: String,
}

/// A local time from `dd.mm.åååå tt:mm`, `åååå-mm-dd tt:mm` or `åååå-mm-ddTtt:mm`.
pub fn parse_local_time(raw: &str) -> Result<PrimitiveDateTime, String> {
    let t = raw.trim();
    let bad = || {
        format!("«{t}» er ikke et tidspunkt. Skriv dato og klokkeslett som dd.mm.åååå tt:mm, for eksempel 15.03.2027 14:30.")
    };
    let (d, clock) = t
        .split_once('T')
        .or_else(|| t.split_once(' '))
        .ok_or_else(bad)?;
    let date = parse_date(d).map_err(|_| bad())?;
    let (h, m) = clock.trim().split_once(':').ok_or_else(bad)?;
    let m = m.get(..2).unwrap_or(m);
    let h: u8 = h.parse().map_err(|_| bad())?;
    let m: u8 = m.parse().map_err(|_| bad())?;
    let time = Time::from_hms(h, m, 0).map_err(|_| bad())?;
    Ok(PrimitiveDateTime::new(date, time))
}

/// A local time as stored: `åååå-mm-ddTtt:mm`.
pub fn iso_local(t: PrimitiveDateTime) -> String {
    format!(
        "{}T{:02}:{:02}",
        crate::norwegian::iso_date(t.date()),
        t.hour(),
        t.minute()
    )
}

/// A local time as pages show it: `15.03.2027 kl. 14:30`.
pub fn norwegian_local(t: PrimitiveDateTime) -> String {
    format!(
        "{} kl. {:02}:{:02}",
        crate::norwegian::format_date(t.date()),
        t.hour(),
        t.minute()
    )
}

impl WindowInput {
    /// The window, or every problem (fields `opens`, `closes`).
    pub fn validate(&self) -> Result<Window, FieldErrors> {
        let mut errors = FieldErrors::new();
        let opens = parse_local_time(&self.opens)
            .map_err(|e| errors.push("opens", format!("Åpner: {e}")))
            .ok();
        let closes = parse_local_time(&self.closes)
            .map_err(|e| errors.push("closes", format!("Stenger: {e}")))
            .ok();
        if let (Some(opens), Some(closes)) = (opens, closes) {
            if closes <= opens {
                errors.push(
                    "closes",
                    format!(
                        "Skjemaet må stenge etter at det åpner ({}). Velg et senere tidspunkt.",
                        norwegian_local(opens)
                    ),
                );
            } else {
                return Ok(Window { opens, closes });
            }
        }
        Err(errors)
    }
}

/// One question's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum AnswerValue {
    Scale(u8),
    Text(String),
}

/// The answers of one participant, by question key (unanswered optional questions left out).
pub type Answers = BTreeMap<String, AnswerValue>;

/// Checks a submitted form against its questions: a scale answer is a whole number from 1 to
/// 5, a required question is answered, a text is at most [`MAX_TEXT_ANSWER`] characters.
/// Errors are by question key, each naming the question.
pub fn validate_answers(
    questions: &[Question],
    raw: &BTreeMap<String, String>,
) -> Result<Answers, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut out = Answers::new();
    for q in questions {
        let value = raw.get(&q.key).map(|v| v.trim()).unwrap_or("");
        match q.kind {
            QuestionKind::Scale => {
                if value.is_empty() {
                    if q.required {
                        errors.push(
                            &q.key,
                            format!("Svar på «{}». Velg et tall fra 1 til 5.", q.text),
                        );
                    }
                    continue;
                }
                match value.parse::<u8>() {
                    Ok(n @ 1..=5) => {
                        out.insert(q.key.clone(), AnswerValue::Scale(n));
                    }
                    _ => errors.push(
                        &q.key,
                        format!(
                            "«{value}» er ikke et svar på «{}». Velg et tall fra 1 til 5.",
                            q.text
                        ),
                    ),
                }
            }
            QuestionKind::Text => {
                let n = value.chars().count();
                if value.is_empty() {
                    if q.required {
                        errors.push(&q.key, format!("Svar på «{}». Skriv svaret ditt.", q.text));
                    }
                } else if n > MAX_TEXT_ANSWER {
                    errors.push(
                        &q.key,
                        format!(
                            "Svaret på «{}» er {n} tegn. Skriv høyst {MAX_TEXT_ANSWER} tegn.",
                            q.text
                        ),
                    );
                } else {
                    out.insert(q.key.clone(), AnswerValue::Text(value.to_string()));
                }
            }
        }
    }
    errors.into_result(out)
}

/// Whether results may be shown for `answered` answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Visibility {
    Shown,
    /// Hidden until `missing` more have answered.
    Hidden {
        missing: usize,
    },
}

impl Visibility {
    pub fn of(answered: usize) -> Visibility {
        if answered >= MIN_ANSWERS {
            Visibility::Shown
        } else {
            Visibility::Hidden {
                missing: MIN_ANSWERS - answered,
            }
        }
    }

    /// What a page says while results are hidden.
    pub fn message(&self) -> Option<String> {
        match self {
            Visibility::Shown => None,
            Visibility::Hidden { missing } => Some(format!(
                "Resultatene vises når minst {MIN_ANSWERS} har svart, så ingen kan kjennes igjen. Det trengs {} til.",
                count(*missing as i64, "svar", "svar")
            )),
        }
    }
}

/// One question's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionResult {
    pub key: String,
    pub kind: QuestionKind,
    pub text: String,
    pub core: bool,
    /// How many answered it.
    pub answered: usize,
    /// For a scale question: how many answered 1, 2, 3, 4 and 5.
    pub distribution: Option<[usize; 5]>,
    /// For a scale question with answers: the average, rounded to two decimals.
    pub average: Option<f64>,
    /// For a text question: the answers, in the order given.
    pub texts: Vec<String>,
}

/// The results of a form: per question, from every participant's answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    pub answered: usize,
    pub questions: Vec<QuestionResult>,
}

/// Rounds to two decimals.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl Results {
    pub fn compute(questions: &[Question], answers: &[Answers]) -> Results {
        let questions = questions
            .iter()
            .map(|q| {
                let mut dist = [0usize; 5];
                let mut texts = Vec::new();
                for a in answers {
                    match a.get(&q.key) {
                        Some(AnswerValue::Scale(n)) if (1..=5).contains(n) => {
                            dist[(*n - 1) as usize] += 1
                        }
                        Some(AnswerValue::Text(t)) => texts.push(t.clone()),
                        _ => {}
                    }
                }
                let scale = q.kind == QuestionKind::Scale;
                let n: usize = dist.iter().sum();
                let sum: usize = dist.iter().enumerate().map(|(i, c)| (i + 1) * c).sum();
                QuestionResult {
                    key: q.key.clone(),
                    kind: q.kind,
                    text: q.text.clone(),
                    core: q.core,
                    answered: if scale { n } else { texts.len() },
                    distribution: scale.then_some(dist),
                    average: (scale && n > 0).then(|| round2(sum as f64 / n as f64)),
                    texts,
                }
            })
            .collect();
        Results {
            answered: answers.len(),
            questions,
        }
    }

    /// The average of the core scale questions' averages (the arena's overall score), if any.
    pub fn overall(&self) -> Option<f64> {
        let avgs: Vec<f64> = self
            .questions
            .iter()
            .filter(|q| q.core)
            .filter_map(|q| q.average)
            .collect();
        (!avgs.is_empty()).then(|| round2(avgs.iter().sum::<f64>() / avgs.len() as f64))
    }

    /// The free-text answers containing `query` (any case), per question; all when empty.
    pub fn search_texts(&self, query: &str) -> Vec<(&QuestionResult, Vec<&str>)> {
        let q = query.trim().to_lowercase();
        self.questions
            .iter()
            .filter(|r| r.kind == QuestionKind::Text)
            .map(|r| {
                let hits = r
                    .texts
                    .iter()
                    .map(String::as_str)
                    .filter(|t| q.is_empty() || t.to_lowercase().contains(&q))
                    .collect();
                (r, hits)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn an_extra_question_goes_only_before_the_first_answer() {
        assert_eq!(question_removal_refused(0), None);
        assert!(question_removal_refused(1)
            .unwrap()
            .contains("allerede 1 svar"));
    }

    fn raw(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn answers_are_checked_question_by_question() {
        let qs = core_questions();
        let bad = validate_answers(
            &qs,
            &raw(&[
                ("nytte", "6"),
                ("innhold", "3"),
                ("erfaringsdeling", "4"),
                ("gjennomforing", "5"),
                ("bedre", &"x".repeat(MAX_TEXT_ANSWER + 1)),
            ]),
        )
        .unwrap_err();
        assert!(bad
            .get("nytte")
            .unwrap()
            .contains("Velg et tall fra 1 til 5"));
        assert!(bad.get("bruk").unwrap().starts_with("Svar på"));
        assert!(bad.get("bedre").unwrap().contains("høyst 2000 tegn"));
        assert_eq!(bad.get("innhold"), None);
        let ok = validate_answers(
            &qs,
            &raw(&[
                ("nytte", "1"),
                ("innhold", "2"),
                ("erfaringsdeling", "3"),
                ("gjennomforing", "4"),
                ("bruk", "5"),
                ("best", "  Gruppearbeidet  "),
            ]),
        )
        .unwrap();
        assert_eq!(ok["best"], AnswerValue::Text("Gruppearbeidet".into()));
        assert_eq!(ok.get("bedre"), None);
    }

    #[test]
    fn a_window_opens_and_closes() {
        let w = WindowInput {
            opens: "01.03.2027 08:00".into(),
            closes: "2027-03-15T12:00".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(
            w.state(datetime!(2027-03-01 07:59)),
            WindowState::NotYetOpen
        );
        assert_eq!(w.state(datetime!(2027-03-01 08:00)), WindowState::Open);
        assert_eq!(w.state(datetime!(2027-03-15 12:00)), WindowState::Closed);
        let e = WindowInput {
            opens: "01.03.2027 08:00".into(),
            closes: "01.03.2027 07:00".into(),
        }
        .validate()
        .unwrap_err();
        assert!(e.get("closes").unwrap().contains("stenge etter"));
        assert!(WindowInput::default().validate().unwrap_err().len() == 2);
        let d = Window::default_for(date!(2027 - 03 - 01), None);
        assert_eq!(iso_local(d.closes), "2027-03-16T00:00");
    }

    #[test]
    fn results_are_hidden_below_five_and_add_up() {
        assert_eq!(Visibility::of(3), Visibility::Hidden { missing: 2 });
        assert!(Visibility::of(4).message().unwrap().contains("1 svar til"));
        assert_eq!(Visibility::of(5), Visibility::Shown);
        let qs = core_questions();
        let answers: Vec<Answers> = [1u8, 4, 5]
            .iter()
            .map(|n| {
                let mut a = Answers::new();
                a.insert("nytte".into(), AnswerValue::Scale(*n));
                a.insert("best".into(), AnswerValue::Text(format!("Svar {n}")));
                a
            })
            .collect();
        let r = Results::compute(&qs, &answers);
        let nytte = &r.questions[0];
        assert_eq!(nytte.distribution, Some([1, 0, 0, 1, 1]));
        assert_eq!(nytte.average, Some(3.33));
        assert_eq!(r.overall(), Some(3.33));
        let hits = r.search_texts("svar 4");
        assert_eq!(hits[0].1, vec!["Svar 4"]);
    }

    #[test]
    fn an_extra_question_needs_a_kind_and_text() {
        let e = ExtraQuestionInput::default().validate().unwrap_err();
        assert_eq!(e.len(), 2);
        let q = ExtraQuestionInput {
            kind: "fritekst".into(),
            text: "Hva vil du lære mer om?".into(),
            required: false,
        }
        .validate()
        .unwrap();
        assert_eq!(q.kind, QuestionKind::Text);
    }
}
